"""`FontSet`: the TTF pair that measures, embeds and names the text — metrics and coverage.

The same files drive layout (advance widths from `hmtx`), the PDF (embedded as subsets) and
the typeface names written into the PPTX, so what is measured is what is drawn.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

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
    cmap: dict[int, str]
    advances: dict[str, int]
    upm: int
    ascent: float  # in em
    descent: float  # in em, positive
    _cache: dict[str, float] = field(default_factory=dict)

    def char_width(self, c: str) -> float:
        """Advance width in em; a character the font lacks measures as its notdef."""
        w = self._cache.get(c)
        if w is None:
            glyph = self.cmap.get(ord(c), ".notdef")
            w = self._cache[c] = self.advances.get(glyph, self.upm) / self.upm
        return w


@lru_cache(maxsize=16)
def load_face(path: Path) -> Face:
    from fontTools.ttLib import TTFont, TTLibError

    import io

    font = None
    try:
        # Read the bytes ourselves: TTFont leaves its file open when the header is bad.
        font = TTFont(io.BytesIO(path.read_bytes()), lazy=True)
        if "glyf" not in font:
            kind = "CFF (PostScript) outlines" if "CFF " in font or "CFF2" in font else "no TrueType outlines"
            raise FontFileError(f"font has {kind}; use a TrueType (.ttf) font with glyf outlines")
        cmap = font.getBestCmap() or {}
        advances = {g: m[0] for g, m in font["hmtx"].metrics.items()}
        upm = font["head"].unitsPerEm
        hhea = font["hhea"]
        name = font["name"]
        family = name.getDebugName(16) or name.getDebugName(1) or path.stem
        return Face(path, family, cmap, advances, upm, hhea.ascent / upm, -hhea.descent / upm)
    except FontFileError:
        raise
    except (TTLibError, KeyError, AssertionError, OSError, ValueError, TypeError, IndexError, EOFError) as e:
        raise FontFileError(f"not a readable TrueType font ({type(e).__name__}: {e})") from None
    except Exception as e:  # fontTools raises assorted errors on damaged tables
        raise FontFileError(f"not a readable TrueType font ({type(e).__name__})") from None
    finally:
        if font is not None:
            font.close()


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
        """Register both faces with reportlab once; names are derived from the files' content."""
        if self._rl_names is None:
            from reportlab.lib.fonts import addMapping
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            names = []
            for face, style in ((self.regular, "R"), (self.bold, "B")):
                digest = hashlib.sha1(str(face.path).encode()).hexdigest()[:8]
                name = f"{face.family.replace(' ', '')}-{style}-{digest}"
                if name not in pdfmetrics.getRegisteredFontNames():
                    pdfmetrics.registerFont(TTFont(name, str(face.path)))
                names.append(name)
            regular, bold = names
            addMapping(regular, 0, 0, regular)
            addMapping(regular, 1, 0, bold)
            addMapping(regular, 0, 1, regular)
            addMapping(regular, 1, 1, bold)
            self._rl_names = (regular, bold)
        return self._rl_names
