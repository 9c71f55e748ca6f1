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
    return Fonts(BUNDLED / "Pretendard-Regular.ttf", BUNDLED / "Pretendard-Bold.ttf")


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
    """Regular + bold faces: width of text at a size, and which characters they lack."""

    def __init__(self, fonts: Fonts):
        self.fonts = fonts
        self.regular = load_face(fonts.regular)
        self.bold = load_face(fonts.bold)
        self.family = self.regular.family
        self._rl_names: tuple[str, str] | None = None

    def face(self, bold: bool) -> Face:
        return self.bold if bold else self.regular

    def width(self, text: str, size: float, bold: bool = False) -> float:
        face = self.face(bold)
        return sum(face.char_width(c) for c in text) * size

    def missing(self, text: str) -> list[str]:
        """Characters that either face cannot draw (layout may set any text in bold)."""
        out = []
        for c in dict.fromkeys(text):
            if c in "\n\t":
                continue
            o = ord(c)
            if o not in self.regular.cmap or o not in self.bold.cmap:
                out.append(c)
        return out

    def reportlab_names(self) -> tuple[str, str]:
        """Register both faces with reportlab once (the objects parsed for measuring)."""
        if self._rl_names is None:
            from reportlab.lib.fonts import addMapping
            from reportlab.pdfbase import pdfmetrics

            names = []
            for face in (self.regular, self.bold):
                name = face.rl_font.fontName
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(face.rl_font)
                names.append(name)
            regular, bold = names
            addMapping(regular, 0, 0, regular)
            addMapping(regular, 1, 0, bold)
            addMapping(regular, 0, 1, regular)
            addMapping(regular, 1, 1, bold)
            self._rl_names = (regular, bold)
        return self._rl_names
