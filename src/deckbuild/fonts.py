"""`FontSet`: the TTF pair that measures, embeds and names the text — metrics and coverage.

One parse of each file serves everything: layout's advance widths, the coverage check, the
PDF embedding (the same reportlab font object is registered) and the typeface name written
into the PPTX, so what is measured is what is drawn.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import Fonts

BUNDLED = Path(__file__).resolve().parent / "assets" / "fonts"
if not BUNDLED.is_dir():  # running from a source checkout: the repo's assets/
    BUNDLED = Path(__file__).resolve().parents[2] / "assets" / "fonts"


def bundled_fonts() -> Fonts:
    return Fonts(BUNDLED / "Pretendard-Regular.ttf", BUNDLED / "Pretendard-Bold.ttf", BUNDLED / "NotoSansSymbols2-Regular.ttf")


class FontFileError(Exception):
    """A font file that cannot serve: not a font, CFF outlines, truncated."""


@dataclass
class Face:
    path: Path
    family: str
    cmap: dict[int, int]  # code point → glyph
    widths: dict[int, float]  # code point → advance in 1/1000 em
    default_width: float
    ascent: float  # in em
    descent: float  # in em, positive
    rl_font: Any  # the parsed reportlab TTFont, registered for the PDF under `rl_font.fontName`
    _cache: dict[str, float] = field(default_factory=dict)

    def char_width(self, c: str) -> float:
        """Advance width in em; a character the font lacks measures as its notdef."""
        w = self._cache.get(c)
        if w is None:
            w = self._cache[c] = self.widths.get(ord(c), self.default_width) / 1000
        return w


@lru_cache(maxsize=16)
def load_face(path: Path) -> Face:
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        data = path.read_bytes()
        # Named after the content: the same file gets the same PDF font name on every machine,
        # and two different files never share a name in reportlab's registry.
        digest = hashlib.sha1(data).hexdigest()[:8]
        font = TTFont(f"{path.stem.replace(' ', '')}-{digest}", io.BytesIO(data))
    except TTFError as e:
        text = str(e)
        if "postscript" in text.lower() or "CFF" in text:
            raise FontFileError("font has CFF (PostScript) outlines; use a TrueType (.ttf) font with glyf outlines") from None
        raise FontFileError(f"not a readable TrueType font ({text})") from None
    except Exception as e:  # a damaged file fails in assorted ways inside the parser
        raise FontFileError(f"not a readable TrueType font ({type(e).__name__})") from None
    face = font.face
    family = face.familyName.decode("utf-8", "replace") if isinstance(face.familyName, bytes) else str(face.familyName)
    return Face(path, family or path.stem, face.charToGlyph, face.charWidths, face.defaultWidth,
                face.ascent / 1000, -face.descent / 1000, font)


class FontSet:
    """Regular + bold faces, and an optional symbols face used per character where they lack
    a glyph (✔, ➜, ★ …): width of text at a size, which face draws each character, and which
    characters no face can draw."""

    def __init__(self, fonts: Fonts):
        self.fonts = fonts
        self.regular = load_face(fonts.regular)
        self.bold = load_face(fonts.bold)
        self.symbols = load_face(fonts.symbols) if fonts.symbols else None
        self.family = self.regular.family
        self._widths: tuple[dict[str, float], dict[str, float]] = ({}, {})
        self._rl_names: tuple[str, str] | None = None

    def face(self, bold: bool) -> Face:
        return self.bold if bold else self.regular

    def face_for(self, c: str, bold: bool) -> Face:
        """The face that draws `c`: the text face, else the symbols face when it has the glyph."""
        face = self.bold if bold else self.regular
        if ord(c) not in face.cmap and self.symbols is not None and ord(c) in self.symbols.cmap:
            return self.symbols
        return face

    def width(self, text: str, size: float, bold: bool = False) -> float:
        cache = self._widths[bold]
        total = 0.0
        for c in text:
            w = cache.get(c)
            if w is None:
                w = cache[c] = self.face_for(c, bold).char_width(c)
            total += w
        return total * size

    def segments(self, text: str, bold: bool) -> list[tuple[str, Face]]:
        """`text` cut where the drawing face changes, for renderers that name a font per run."""
        out: list[tuple[str, Face]] = []
        for c in text:
            face = self.face_for(c, bold)
            if out and out[-1][1] is face:
                out[-1] = (out[-1][0] + c, face)
            else:
                out.append((c, face))
        return out

    def missing(self, text: str, fallback: bool = True) -> list[str]:
        """Characters no face can draw (layout may set any text in bold). Without `fallback`,
        the symbols face does not count (chart text is drawn in the text face only)."""
        out = []
        for c in dict.fromkeys(text):
            if c in "\n\t":
                continue
            o = ord(c)
            if o in self.regular.cmap and o in self.bold.cmap:
                continue
            if fallback and self.symbols is not None and o in self.symbols.cmap:
                continue
            out.append(c)
        return out

    def reportlab_names(self) -> tuple[str, str]:
        """Register the faces with reportlab once (the objects parsed for measuring)."""
        if self._rl_names is None:
            from reportlab.lib.fonts import addMapping
            from reportlab.pdfbase import pdfmetrics

            for face in (self.regular, self.bold, self.symbols):
                if face is not None and face.rl_font.fontName not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(face.rl_font)
            regular, bold = self.regular.rl_font.fontName, self.bold.rl_font.fontName
            addMapping(regular, 0, 0, regular)
            addMapping(regular, 1, 0, bold)
            addMapping(regular, 0, 1, regular)
            addMapping(regular, 1, 1, bold)
            self._rl_names = (regular, bold)
        return self._rl_names
