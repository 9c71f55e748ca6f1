"""A synthetic oblique of a TrueType face, for `*italic*` where the deck's faces have no italic: the
face cut down to the characters set in italic, every glyph slanted 12° about its baseline (the
slant PowerPoint and LibreOffice give a missing italic), registered with reportlab under a name of
its own. Built only when a handout sets italic text; the same inputs give the same bytes."""

from __future__ import annotations

import hashlib
import io
import math
from functools import lru_cache

SLANT = math.tan(math.radians(12))


@lru_cache(maxsize=8)
def oblique_font(path: str, chars: frozenset[str]):
    """The reportlab TTFont of `path`'s glyphs for `chars`, slanted; registered once."""
    from fontTools import subset
    from fontTools.pens.transformPen import TransformPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as RLFont

    font = TTFont(path, recalcTimestamp=False)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = []
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted(ord(c) for c in chars))
    sub.subset(font)
    glyf = font["glyf"]
    glyphs = font.getGlyphSet()
    for name in font.getGlyphOrder():
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(TransformPen(pen, (1, 0, SLANT, 1, 0, 0)))
        glyf[name] = pen.glyph()
    upright = font["name"].getDebugName(6) or "Face"
    ps = upright[: -len("-Regular")] + "-Oblique" if upright.endswith("-Regular") else upright + "Oblique"
    # reportlab keeps one font per face name in a process: each character set's face needs its own.
    ps += "-" + hashlib.sha1("".join(sorted(chars)).encode()).hexdigest()[:6]
    for record in font["name"].names:  # its own names, so no viewer mistakes it for the upright face
        if record.nameID in (4, 6):
            record.string = ps if record.nameID == 6 else f"{record.toUnicode()} Oblique"
    font["post"].italicAngle = -12.0
    font["head"].macStyle |= 0x0002
    font["OS/2"].fsSelection = (font["OS/2"].fsSelection | 0x0001) & ~0x0040
    out = io.BytesIO()
    font.save(out)
    data = out.getvalue()
    name = f"{font['name'].getDebugName(6)}-{hashlib.sha1(data).hexdigest()[:8]}"
    rl = RLFont(name, io.BytesIO(data))
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(rl)
    return name
