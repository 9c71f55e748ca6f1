"""TrueType bytes → `SfntInfo`: the OS/2, head, post and name fields written into PPTX font records and EOT headers.

Read straight from the table directory (OpenType spec, "Font file" and the OS/2, head, post and
name chapters), so describing a face costs microseconds and needs no font library.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass


class SfntError(ValueError):
    """Bytes that are not a TrueType/OpenType font."""


@dataclass(frozen=True)
class SfntInfo:
    panose: bytes  # 10 bytes, OS/2 panose
    fs_type: int  # OS/2 embedding licensing bits
    weight: int  # OS/2 usWeightClass
    fs_selection: int
    unicode_ranges: tuple[int, int, int, int]
    codepage_ranges: tuple[int, int]
    checksum_adjustment: int  # head
    fixed_pitch: bool  # post.isFixedPitch
    names: dict[int, str]  # name id → English (Windows) string, ids 1, 2, 4, 5, 16, 17

    @property
    def italic(self) -> bool:
        return bool(self.fs_selection & 0x01)

    @property
    def bold(self) -> bool:
        return bool(self.fs_selection & 0x20) or self.weight >= 600


def table_directory(data: bytes) -> dict[str, tuple[int, int]]:
    """Tag → (offset, length) of each table."""
    if len(data) < 12:
        raise SfntError("too short for a font")
    version, count = struct.unpack_from(">IH", data, 0)
    if version not in (0x00010000, 0x4F54544F, 0x74727565):  # 1.0, 'OTTO', 'true'
        raise SfntError("not a TrueType font")
    out = {}
    for i in range(count):
        tag, _check, off, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if off + length > len(data):
            raise SfntError(f"table {tag!r} runs past the end of the file")
        out[tag.decode("latin-1")] = (off, length)
    return out


def _names(data: bytes, off: int, length: int) -> dict[int, str]:
    _fmt, count, strings = struct.unpack_from(">HHH", data, off)
    found: dict[int, tuple[int, str]] = {}
    for i in range(count):
        pid, eid, lang, nid, ln, so = struct.unpack_from(">HHHHHH", data, off + 6 + 12 * i)
        if nid not in (1, 2, 4, 5, 16, 17):
            continue
        raw = data[off + strings + so: off + strings + so + ln]
        # Prefer Windows Unicode US English, then any Windows Unicode, then Mac Roman.
        if pid == 3 and eid in (0, 1, 10):
            rank, text = (0 if lang == 0x409 else 1), raw.decode("utf-16-be", "replace")
        elif pid == 1 and eid == 0 and lang == 0:
            rank, text = 2, raw.decode("mac-roman", "replace")
        else:
            continue
        if nid not in found or rank < found[nid][0]:
            found[nid] = (rank, text)
    return {nid: text for nid, (_r, text) in found.items()}


def read_info(data: bytes) -> SfntInfo:
    tables = table_directory(data)
    for tag in ("OS/2", "head", "name"):
        if tag not in tables:
            raise SfntError(f"no {tag} table")
    o, _ = tables["OS/2"]
    (fs_type,) = struct.unpack_from(">H", data, o + 8)
    (weight,) = struct.unpack_from(">H", data, o + 4)
    panose = bytes(data[o + 32: o + 42])
    ur = struct.unpack_from(">IIII", data, o + 42)
    (fs_selection,) = struct.unpack_from(">H", data, o + 62)
    version = struct.unpack_from(">H", data, o)[0]
    cp = struct.unpack_from(">II", data, o + 78) if version >= 1 and tables["OS/2"][1] >= 86 else (0, 0)
    h, _ = tables["head"]
    (adjust,) = struct.unpack_from(">I", data, h + 8)
    fixed = False
    if "post" in tables:
        (fixed_raw,) = struct.unpack_from(">I", data, tables["post"][0] + 12)
        fixed = fixed_raw != 0
    return SfntInfo(panose, fs_type, weight, fs_selection, ur, cp, adjust, fixed, _names(data, *tables["name"]))


# OS/2 ulCodePageRange1 bit → Windows charset (wingdi.h), in the order a Korean deck prefers them.
_CHARSETS = ((19, 129), (21, 130), (20, 136), (18, 134), (17, 128), (0, 0), (31, 2))


def charset(info: SfntInfo, has_hangul: bool) -> int:
    """The GDI charset a PPTX records for the face, as a signed byte (-127 = HANGUL_CHARSET)."""
    code = 129 if has_hangul else next((cs for bit, cs in _CHARSETS if info.codepage_ranges[0] >> bit & 1), 1)
    return code - 256 if code > 127 else code


def pitch_family(info: SfntInfo) -> int:
    """LOGFONT lfPitchAndFamily from PANOSE: pitch in the low bits, family (FF_*) in the high nibble."""
    family_type, serif, proportion = info.panose[0], info.panose[1], info.panose[3]
    pitch = 1 if info.fixed_pitch or (family_type == 2 and proportion == 9) else 2
    if family_type == 2:
        family = 0x20 if serif in (11, 12, 13) else 0x10 if 2 <= serif <= 10 else 0x00
    else:
        family = {3: 0x40, 4: 0x50, 5: 0x50}.get(family_type, 0x00)
    return family | pitch


def cmap_codepoints(data: bytes) -> set[int]:
    """The code points of the font's Unicode cmap subtable (format 4 or 12)."""
    tables = table_directory(data)
    if "cmap" not in tables:
        raise SfntError("no cmap table")
    base, _ = tables["cmap"]
    (count,) = struct.unpack_from(">H", data, base + 2)
    best = None
    for i in range(count):
        pid, eid, off = struct.unpack_from(">HHI", data, base + 4 + 8 * i)
        fmt = struct.unpack_from(">H", data, base + off)[0]
        rank = {(3, 10, 12): 0, (0, 4, 12): 1, (3, 1, 4): 2, (0, 3, 4): 3}.get((pid, eid, fmt))
        if rank is not None and (best is None or rank < best[0]):
            best = (rank, base + off, fmt)
    if best is None:
        raise SfntError("no Unicode cmap")
    _, at, fmt = best
    out: set[int] = set()
    if fmt == 12:
        (groups,) = struct.unpack_from(">I", data, at + 12)
        for g in range(groups):
            start, end, gid = struct.unpack_from(">III", data, at + 16 + 12 * g)
            out.update(cp for cp in range(start, end + 1) if gid + cp - start)
        return out
    (seg2,) = struct.unpack_from(">H", data, at + 6)
    ends = struct.unpack_from(f">{seg2 // 2}H", data, at + 14)
    starts = struct.unpack_from(f">{seg2 // 2}H", data, at + 16 + seg2)
    deltas = struct.unpack_from(f">{seg2 // 2}h", data, at + 16 + 2 * seg2)
    ro_at = at + 16 + 3 * seg2
    offsets = struct.unpack_from(f">{seg2 // 2}H", data, ro_at)
    for i, (start, end) in enumerate(zip(starts, ends)):
        for cp in range(start, end + 1):
            if cp == 0xFFFF:
                continue
            if offsets[i] == 0:
                gid = (cp + deltas[i]) & 0xFFFF
            else:
                (gid,) = struct.unpack_from(">H", data, ro_at + 2 * i + offsets[i] + 2 * (cp - start))
                gid = (gid + deltas[i]) & 0xFFFF if gid else 0
            if gid:
                out.add(cp)
    return out
