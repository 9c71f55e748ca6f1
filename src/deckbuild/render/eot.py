"""TrueType bytes → an Embedded OpenType file (version 0x00020002, uncompressed, flags 0) as PowerPoint stores it in `ppt/fonts/fontN.fntdata`.

The header follows the W3C EOT submission (2008, "EOT File Format"), every field little-endian,
with the face's own PANOSE, weight, fsType, Unicode and code-page ranges, checksum adjustment and
names; the font data follows unchanged. LibreOffice's exporter (vcl/source/font/EOTConverter.cxx)
writes the same layout.
"""

from __future__ import annotations

import struct

from ..sfnt import read_info

VERSION = 0x00020002
MAGIC = 0x504C
DEFAULT_CHARSET = 0x01  # the submission: "DEFAULT_CHARSET (0x01) indicates no preference"


def _name(text: str) -> bytes:
    raw = text.encode("utf-16-le")
    return struct.pack("<HH", 0, len(raw)) + raw  # padding, size in bytes, the UTF-16LE string


def eot(font: bytes) -> bytes:
    info = read_info(font)
    names = b"".join(_name(info.names.get(n, "")) for n in (1, 2, 5, 4))  # family, style, version, full
    tail = (
        struct.pack("<HH", 0, 0)  # Padding5, RootStringSize (no root string: any document may use it)
        + struct.pack("<I", 0x50475342)  # RootStringCheckSum for an empty root string (LibreOffice's value)
        + struct.pack("<I", 1252)  # EUDCCodePage
        + struct.pack("<HH", 0, 0)  # Padding6, SignatureSize
        + struct.pack("<II", 0, 0)  # EUDCFlags, EUDCFontSize
    )
    fixed = struct.pack(
        "<IIII10sBBIHH4I2II4I",
        0,  # EOTSize, set below
        len(font),
        VERSION,
        0,  # Flags: no subsetting note, not compressed, not XOR-obfuscated
        info.panose,
        DEFAULT_CHARSET,
        1 if info.italic else 0,
        info.weight,
        info.fs_type,
        MAGIC,
        *info.unicode_ranges,
        *info.codepage_ranges,
        info.checksum_adjustment,
        0, 0, 0, 0,  # Reserved1–4
    )
    header = fixed + names + tail
    size = len(header) + len(font)
    return struct.pack("<I", size) + header[4:] + font


def parse_header(blob: bytes) -> dict:
    """The fixed fields and names of an EOT header, and the font data (for tests and checks)."""
    (size, data_size, version, flags, panose, charset, italic, weight, fs_type, magic, *rest) = struct.unpack_from(
        "<IIII10sBBIHH4I2II4I", blob, 0)
    at = struct.calcsize("<IIII10sBBIHH4I2II4I")
    names = []
    for _ in range(4):
        _pad, n = struct.unpack_from("<HH", blob, at)
        names.append(blob[at + 4: at + 4 + n].decode("utf-16-le"))
        at += 4 + n
    return {"size": size, "font_data_size": data_size, "version": version, "flags": flags, "panose": panose,
            "charset": charset, "italic": italic, "weight": weight, "fs_type": fs_type, "magic": magic,
            "names": names, "font_data": blob[size - data_size:]}
