"""Text × size × width → measured, wrapped paragraphs, in the real font: the only place layout
measures text.

In: a `FontSet` and the deck's palette. Out: `plan.Para`s (lines broken where a stand-in face
would need them, each line keeping its width), yes/no answers to "does this fit", text boxes filling
a grid area, and the measured choices tables and charts share with the handout (column widths by
content, a chart's face).
"""

from __future__ import annotations

from typing import Sequence

from .. import model as m
from .. import reuse
from ..fonts import FontSet
from ..grid import Area
from ..plan import Color, Para, TextBox
from ..text import client_width, parse_inline, plain, wrap

# Text is wrapped to this share of its box, and each switch between Hangul and Latin script
# counts SCRIPT_GAP em more: LibreOffice adds about 0.24 em there (measured by rendering
# "가a가a…", "가·가·…" and "가1가1…" through it; see tests/test_libreoffice.py), PowerPoint
# nothing. With both, a planned line never wraps again in the viewer.
WRAP_SAFETY = 0.95
SCRIPT_GAP = 0.25
BULLETS = {1: "•", 2: "–", 3: "·"}
INDENT = {1: 26.0, 2: 56.0, 3: 84.0}
HANG = {1: 22.0, 2: 18.0, 3: 18.0}  # how far left of the text its bullet sits
INDENT_AT = 24.0  # the text size INDENT and HANG are for


class TextMeasure:
    """Paragraphs set in the deck's fonts and colours, and the widths they take."""

    def __init__(self, fonts: FontSet, colors: dict[str, Color]):
        self.fonts = fonts
        self.colors = colors
        self._faces: tuple | None = None

    def para(self, text: str, size: float, width: float, *, color: Color | None = None, bold: bool = False,
             level: int = 0, space_before: float = 0.0, align: str = "l") -> Para:
        if not reuse.enabled():
            return self._para(text, size, width, color, bold, level, space_before, align)
        # In watch, a paragraph measured by an earlier build with the same faces is taken as it was.
        if self._faces is None:
            f = self.fonts
            self._faces = (repr(f.fonts), f.regular.digest, f.bold.digest, self.colors["text"], self.colors["primary"])
        k = reuse.key(self._faces, text, size, width, color, bold, level, space_before, align)
        return reuse.memo("measure", k, lambda: self._para(text, size, width, color, bold, level, space_before, align),
                          lambda p: 64 + 48 * len(text))

    def _para(self, text: str, size: float, width: float, color: Color | None, bold: bool, level: int,
              space_before: float, align: str) -> Para:
        em = min(1.0, size / INDENT_AT)  # a bullet's indent and hang shrink with its text below 24 pt
        indent = INDENT.get(level, 0.0) * em
        # Lines break where a likely stand-in face would need them to (a reader without the font
        # still sees nothing leave its box); each line keeps its width in the face that draws it.
        lines = wrap(parse_inline(text, bold), (width - indent) * WRAP_SAFETY, lambda t, b: self.fonts.width(t, size, b),
                     SCRIPT_GAP * size, fit=lambda t, b: self.fonts.fit_width(t, size, b))
        return Para(
            lines=tuple(lines), size=size, color=color or self.colors["text"], bold=bold, level=level,
            bullet=BULLETS.get(level), bullet_color=self.colors["primary"] if level else None,
            indent=indent, hang=HANG.get(level, 0.0) * em, space_before=space_before, align=align,
        )

    def text_width(self, text: str, size: float, bold: bool = False) -> float:
        """The widest line `text` can take as a client sets it (script gaps included)."""
        return client_width(plain(text), lambda t, b: self.fonts.width(t, size, b), SCRIPT_GAP * size, bold,
                            fit=lambda t, b: self.fonts.fit_width(t, size, b))

    def fits_width(self, text: str, size: float, width: float, bold: bool = False) -> bool:
        return self.text_width(text, size, bold) <= width * WRAP_SAFETY

    def fits_in(self, text: str, area: Area, size: float, bold: bool, max_lines: int) -> bool:
        _, _, w, h = area.inner
        p = self.para(text, size, w, bold=bold)
        return len(p.lines) <= max_lines and p.height <= h


def box(area: Area, paras, role: str, anchor: str | None = None) -> TextBox:
    """A text box filling `area` — its placeholder, insets and anchor where it is one."""
    return TextBox(area.x, area.y, area.w, area.h, tuple(paras), role, anchor or area.anchor, area.inset, area.placeholder)


def height_of(paras: Sequence[Para]) -> float:
    return sum(p.height for p in paras)


def has_break(paras: Sequence[Para]) -> bool:
    """Some line of `paras` breaks inside a word."""
    return any(line.split for p in paras for line in p.lines)


def short(text: str, n: int = 40) -> str:
    """`text` as a problem quotes it: plain, cut with "…" after `n` characters."""
    t = plain(text)
    return t if len(t) <= n else t[: n - 1] + "…"


def chart_faces(fonts: FontSet, chart: m.Chart):
    """The one face (and its bold) a chart is drawn in: the first of the chain that has every
    character of its labels, legend and figures (validation made sure there is one)."""
    text = "".join([*chart.categories, *(s.name for s in chart.series), chart.unit or "", chart.number_format or "", m.CHART_FIGURES])
    face = fonts.face_covering(text) or fonts.regular
    bold = fonts.face_covering(text, bold=True) or face
    return face, bold


def share_widths(natural: Sequence[float], total: float) -> list[float]:
    """Column widths filling `total` in proportion to their natural widths; when they are too wide,
    wide columns give way and narrow ones keep their natural width."""
    if sum(natural) <= total:
        return [x * total / sum(natural) for x in natural]
    floor = total / len(natural) * 0.5
    small = [min(x, floor) for x in natural]
    extra = [max(0.0, x - floor) for x in natural]
    rest = total - sum(small)
    return [sm + rest * e / sum(extra) if sum(extra) else total / len(natural) for sm, e in zip(small, extra)]
