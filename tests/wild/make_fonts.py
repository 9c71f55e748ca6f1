"""Fonts from the wild, crafted from the bundled faces with fontTools: each a file a user could
bring that once gave an internal error (issue 17). Made at test time into a temporary folder:

    python tests/wild/make_fonts.py OUT_DIR      # writes every case, for a look by hand

Each case is a function `(dst: Path) -> None`; `CASES` maps a file name to it. The faces are small
subsets (ASCII and the Hangul the test outlines use), so building with them is quick.
"""

from __future__ import annotations

import io
import struct
import sys
from pathlib import Path

# What the test outlines draw (tests/test_wild_fonts.py): ASCII and these syllables.
TEXT = "테스트 브리핑 첫 절 슬라이드 하나 둘 셋 제목 가나다라 차례 출처 발표"


def _base_face(full: bool = False):
    """The bundled Pretendard Regular as fontTools' TTFont: its shipped base subset (ASCII and the
    2,350 KS X 1001 syllables) with `full`, else cut to ASCII and TEXT."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from deckbuild.fonts import DATA

    font = TTFont(DATA / "base" / "Pretendard-Regular.ttf", recalcTimestamp=False)
    if full:
        return font
    opts = subset.Options()
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.recalc_timestamp = False
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=set(range(0x20, 0x7F)) | {ord(c) for c in TEXT})
    sub.subset(font)
    return font


def _save(font, dst: Path) -> None:
    buf = io.BytesIO()
    font.save(buf)
    dst.write_bytes(buf.getvalue())


def small(dst: Path) -> None:
    """A valid face: the reference the other cases damage."""
    _save(_base_face(), dst)


def restricted(dst: Path) -> None:
    """OS/2 fsType 0x0002 (Restricted License embedding); ASCII and every KS X 1001 syllable, so
    that it can be the only face a deck uses."""
    font = _base_face(full=True)
    font["OS/2"].fsType = 0x0002
    _save(font, dst)


def _table(data: bytes, tag: bytes) -> tuple[int, int]:
    (count,) = struct.unpack_from(">H", data, 4)
    for i in range(count):
        t, _c, off, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if t == tag:
            return off, length
    raise KeyError(tag)


def damaged_loca(dst: Path) -> None:
    """A `loca` whose offsets run backwards and past the end of `glyf` (the table directory, the
    cmap and the metrics are intact, so the face reads and measures)."""
    small(dst)
    data = bytearray(dst.read_bytes())
    off, length = _table(data, b"loca")
    head, _ = _table(data, b"head")
    (long_offsets,) = struct.unpack_from(">h", data, head + 50)
    size = 4 if long_offsets else 2
    n = length // size
    for i in range(n // 3, n):  # the second two thirds: descending, far beyond glyf
        struct.pack_into(">I" if long_offsets else ">H", data, off + size * i, (0xFFFFF000 if long_offsets else 0xFFF0) - 8 * i)
    dst.write_bytes(bytes(data))


def damaged_glyf(dst: Path) -> None:
    """`glyf` overwritten in its middle third (a bad copy): `loca` is intact, the glyphs there are not."""
    small(dst)
    data = bytearray(dst.read_bytes())
    off, length = _table(data, b"glyf")
    data[off + length // 3 : off + 2 * length // 3] = b"\xff" * (2 * length // 3 - length // 3)
    dst.write_bytes(bytes(data))


def korean_names(dst: Path) -> None:
    """A valid face whose name table is in Korean only (Windows, language 0x0412): no English
    family name, no PostScript name."""
    font = _base_face()
    name = font["name"]
    name.names = []
    for nid, text in ((1, "프리텐다드 한글"), (2, "보통"), (4, "프리텐다드 한글 보통"), (5, "버전 1.0"), (6, "프리텐다드-보통")):
        name.setName(text, nid, 3, 1, 0x0412)
    _save(font, dst)


def cff(dst: Path) -> None:
    """An OpenType face with CFF (PostScript) outlines, built with FontBuilder."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    chars = sorted(set(range(0x20, 0x7F)) | {ord(c) for c in TEXT})
    order = [".notdef"] + [f"u{c:04X}" for c in chars]
    pen = T2CharStringPen(600, None)
    pen.moveTo((50, 0)); pen.lineTo((550, 0)); pen.lineTo((300, 700)); pen.closePath()  # noqa: E702
    glyph = pen.getCharString()
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap({c: f"u{c:04X}" for c in chars})
    fb.setupCFF("WildCFF-Regular", {"FullName": "Wild CFF Regular"}, {g: glyph for g in order}, {})
    fb.setupHorizontalMetrics({g: (600, 50) for g in order})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "Wild CFF", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    buf = io.BytesIO()
    fb.save(buf)
    dst.write_bytes(buf.getvalue())


def variable(dst: Path) -> None:
    """A variable TrueType face (fvar with a weight axis, gvar deltas), glyf outlines."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib.tables.TupleVariation import TupleVariation

    chars = sorted(set(range(0x20, 0x7F)) | {ord(c) for c in TEXT})
    order = [".notdef"] + [f"u{c:04X}" for c in chars]
    pen = TTGlyphPen(None)
    pen.moveTo((50, 0)); pen.lineTo((550, 0)); pen.lineTo((300, 700)); pen.closePath()  # noqa: E702
    glyph = pen.glyph()
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap({c: f"u{c:04X}" for c in chars})
    fb.setupGlyf({g: glyph for g in order})
    fb.setupHorizontalMetrics({g: (600, 50) for g in order})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "Wild Variable", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.setupFvar([("wght", 100, 400, 900, "Weight")], [])
    deltas = [(20, 0), (-20, 0), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0)]  # 3 points + 4 phantom points
    fb.setupGvar({g: [TupleVariation({"wght": (0, 1.0, 1.0)}, deltas)] for g in order})
    buf = io.BytesIO()
    fb.save(buf)
    dst.write_bytes(buf.getvalue())


CASES = {
    "small.ttf": small,
    "restricted.ttf": restricted,
    "damaged-loca.ttf": damaged_loca,
    "damaged-glyf.ttf": damaged_glyf,
    "korean-names.ttf": korean_names,
    "cff.otf": cff,
    "variable.ttf": variable,
}


def make(folder: Path, names=None) -> dict[str, Path]:
    """Write the cases (all, or those named) into `folder`; name → path."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, fn in CASES.items():
        if names is None or name in names:
            fn(folder / name)
            out[name] = folder / name
    return out


if __name__ == "__main__":
    for name, path in make(Path(sys.argv[1] if len(sys.argv) > 1 else "wild-fonts")).items():
        print(path)
