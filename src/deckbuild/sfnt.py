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


def _u16(data: bytes, at: int) -> int:
    return struct.unpack_from(">H", data, at)[0]


def check_outlines(data: bytes) -> None:
    """Raise `SfntError`, with a reason a person can act on, unless the face's TrueType outlines
    can be read glyph by glyph: the tables a renderer and the subsetter need are there, `loca`
    points inside `glyf` in order, and every glyph's header, contour ends, instructions and
    components stay within its own bytes (the OpenType spec's glyf/loca chapters). Point data is
    not decoded: this reads some bytes per glyph, milliseconds for a CJK face."""
    tables = table_directory(data)
    if "glyf" not in tables or "loca" not in tables:
        if "CFF " in tables or "CFF2" in tables:
            raise SfntError("font has CFF (PostScript) outlines; use a TrueType (.ttf) font with glyf outlines")
        raise SfntError("font has no TrueType outlines (no glyf or loca table)")
    for tag in ("head", "maxp", "hhea", "hmtx", "cmap"):
        if tag not in tables:
            raise SfntError(f"font has no {tag} table; use an intact TrueType (.ttf) font")
    head, head_len = tables["head"]
    maxp, maxp_len = tables["maxp"]
    if head_len < 54 or maxp_len < 6:
        raise SfntError("the font's head or maxp table is cut short; the file is damaged: use an intact copy of the font")
    long_loca = struct.unpack_from(">h", data, head + 50)[0]
    if long_loca not in (0, 1):
        raise SfntError("the font's head table names an unknown loca format; the file is damaged: use an intact copy of the font")
    glyphs = _u16(data, maxp + 4)
    if glyphs == 0:
        raise SfntError("font has no glyphs")
    loca, loca_len = tables["loca"]
    size = 4 if long_loca else 2
    if loca_len < size * (glyphs + 1):
        raise SfntError("the font's loca table is cut short (fewer glyph offsets than glyphs); the file is damaged: use an intact copy of the font")
    from array import array

    offsets = array("I" if long_loca else "H")
    if offsets.itemsize != size:  # a platform whose 'I' is not 4 bytes
        offsets = array("L" if long_loca else "H")
    offsets.frombytes(data[loca: loca + size * (glyphs + 1)])
    if struct.pack("=H", 1) != struct.pack(">H", 1):
        offsets.byteswap()
    scale = 1 if long_loca else 2
    glyf, glyf_len = tables["glyf"]
    hhea, hhea_len = tables["hhea"]
    if hhea_len < 36:
        raise SfntError("the font's hhea table is cut short; the file is damaged: use an intact copy of the font")
    metrics = _u16(data, hhea + 34)
    if metrics == 0 or tables["hmtx"][1] < 4 * metrics + 2 * max(0, glyphs - metrics):
        raise SfntError("the font's hmtx table is cut short (fewer widths than glyphs); the file is damaged: use an intact copy of the font")
    prev = 0
    for gid in range(glyphs):
        start, end = offsets[gid] * scale, offsets[gid + 1] * scale
        if end < start or start < prev:
            raise SfntError(f"the font's loca table is damaged (glyph {gid}'s offsets run backwards); the file is damaged: use an intact copy of the font")
        if end > glyf_len:
            raise SfntError(f"the font's loca table points past the end of its glyf table (glyph {gid}); the file is damaged: use an intact copy of the font")
        prev = start
        if end == start:
            continue
        _check_glyph(data, glyf + start, end - start, glyphs, gid)


_H = struct.Struct(">h")
# Bytes of one coordinate by its flag bits (x: 0x02 short, 0x10 same-or-positive; y: shifted down one).
_COORD_BYTES = {0x00: 2, 0x02: 1, 0x10: 0, 0x12: 1}
_HH = struct.Struct(">HH")


def _damaged(gid: int, why: str = "its outline does not fit its bytes in the glyf table") -> SfntError:
    return SfntError(f"the font's glyph {gid} is damaged ({why}): use an intact copy of the font")


def _check_glyph(data: bytes, at: int, length: int, glyphs: int, gid: int) -> None:
    if length < 10:
        raise _damaged(gid)
    (contours,) = _H.unpack_from(data, at)
    if contours >= 0:
        need = 12 + 2 * contours
        if need > length:
            raise _damaged(gid)
        points = 0
        if contours:
            ends = struct.unpack_from(f">{contours}H", data, at + 10)
            if contours > 1 and list(ends) != sorted(ends):
                raise _damaged(gid)
            points = ends[-1] + 1
        instructions = _u16(data, at + 10 + 2 * contours)
        pos, stop = at + need + instructions, at + length
        # The flags (a repeat flag counts the next byte's number of times more) must give exactly
        # one flag per point, and the coordinates they announce must fit in the glyph's bytes.
        j = coords = 0
        while j < points:
            if pos >= stop:
                raise _damaged(gid)
            flag = data[pos]
            pos += 1
            repeat = 1
            if flag & 0x08:
                if pos >= stop:
                    raise _damaged(gid)
                repeat += data[pos]
                pos += 1
            coords += repeat * (_COORD_BYTES[flag & 0x12] + _COORD_BYTES[(flag & 0x24) >> 1])
            j += repeat
        if j != points or pos + coords > stop:
            raise _damaged(gid)
        return
    if contours != -1:
        raise _damaged(gid)
    pos, stop = at + 10, at + length
    while True:  # composite: flags, glyph index, arguments, transform; MORE_COMPONENTS (0x20) chains them
        if pos + 4 > stop:
            raise _damaged(gid)
        flags, component = _HH.unpack_from(data, pos)
        if component >= glyphs:
            raise _damaged(gid, "it refers to a glyph the font does not have")
        pos += 4 + (4 if flags & 0x0001 else 2)
        pos += 2 if flags & 0x0008 else 4 if flags & 0x0040 else 8 if flags & 0x0080 else 0
        if pos > stop:
            raise _damaged(gid)
        if not flags & 0x0020:
            break
    if flags & 0x0100 and pos + 2 <= stop and pos + 2 + _u16(data, pos) > stop:
        raise _damaged(gid)


def reportlab_ps_name(data: bytes) -> bytes | None:
    """The PostScript name reportlab will take from the name table (ids 6, then 4, then 1, in a
    Windows Unicode US English or a Macintosh Roman record), or None when it finds none that it
    accepts (ASCII, no space-like delimiters)."""
    tables = table_directory(data)
    if "name" not in tables:
        return None
    off, _ = tables["name"]
    _fmt, count, strings = struct.unpack_from(">HHH", data, off)
    found: dict[int, bytes] = {}
    for i in range(count):
        pid, eid, lang, nid, ln, so = struct.unpack_from(">HHHHHH", data, off + 6 + 12 * i)
        if nid not in (1, 4, 6) or nid in found:
            continue
        raw = data[off + strings + so: off + strings + so + ln]
        if pid == 3 and eid == 1 and lang == 0x409:
            if ln % 2:
                continue
            text = raw.decode("utf-16-be", "replace")
        elif pid == 1 and eid == 0 and lang == 0:
            text = raw.decode("mac-roman", "replace")
        else:
            continue
        if text:
            found[nid] = text.encode("latin-1", "replace")
    name = found.get(6) or found.get(4) or found.get(1)
    if not name:
        return None
    name = name.replace(b" ", b"-")
    if any(c > 126 or c in b" [](){}<>/%" for c in name):
        return None
    return name


def with_ps_name(data: bytes, ps_name: str) -> bytes:
    """The same font with a Windows US English PostScript name record (id 6) put first in its
    name table, for readers (reportlab) that look only for English names: the new name table
    goes at the end of the file and the directory entry points to it; nothing else moves."""
    tables = table_directory(data)
    off, length = tables["name"]
    _fmt, count, strings = struct.unpack_from(">HHH", data, off)
    records = data[off + 6: off + 6 + 12 * count]
    old_strings = data[off + strings: off + length]
    new = ps_name.encode("utf-16-be")
    head = struct.pack(">HHH", 0, count + 1, 6 + 12 * (count + 1))
    # The old records' string offsets are shifted by the new string's length, which goes first.
    shifted = bytearray()
    for i in range(count):
        pid, eid, lang, nid, ln, so = struct.unpack_from(">HHHHHH", records, 12 * i)
        shifted += struct.pack(">HHHHHH", pid, eid, lang, nid, ln, so + len(new))
    # Written as format 0 (reportlab reads no other); a format 1 table's language tags are dropped.
    table = head + struct.pack(">HHHHHH", 3, 1, 0x409, 6, len(new), 0) + bytes(shifted) + new + old_strings
    out = bytearray(data)
    out += bytes(-len(out) % 4)
    at = len(out)
    out += table
    (num,) = struct.unpack_from(">H", data, 4)
    for i in range(num):
        if data[12 + 16 * i: 16 + 16 * i] == b"name":
            struct.pack_into(">II", out, 12 + 16 * i + 8, at, len(table))
    return bytes(out)
