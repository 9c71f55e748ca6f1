"""The handout PDF's writing context: the plan's text styles as reportlab's, colours, run markup.

In: a Plan with its handout and the deck's fonts. Out: `HandoutPdfWriter`, which the block
functions (`pdf_blocks`), the flowables (`pdf_flowables`) and the page furniture (`pdf_furniture`)
draw with; `markup` turns plan runs into reportlab's paragraph markup.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from .. import plan as p
from ..fonts import FontSet
from .pdf_tags import Paragraph  # reportlab's, drawn as the structure element the handout gives it
from .slide_pdf import SlideDrawer


def markup(text: p.Rich, fonts: FontSet, bold: bool = False) -> str:
    """Plan runs → Paragraph markup: every character escaped (prints literally); characters the
    text face lacks in the face that has them — bold where the run or its style (`bold`) is —
    set upright (a fallback face has no slanted twin); the planner's line breaks ("\n") as `<br/>`."""
    out = []
    for run in text:
        heavy = run.bold or bold
        for k, part in enumerate(run.text.split("\n")):
            if k:
                out.append("<br/>")
            out += _pieces(part, run, heavy, fonts)
    return "".join(out)


def _pieces(text: str, run: p.Run, heavy: bool, fonts: FontSet) -> list[str]:
    out = []
    if text:
        for t, face in fonts.segments(text, heavy):
            if face is fonts.face(heavy):
                piece = escape(t)
                if run.italic:
                    piece = f"<i>{piece}</i>"
                if run.bold:
                    piece = f"<b>{piece}</b>"
            else:
                piece = f'<font name="{face.rl_font.fontName}">{escape(t)}</font>'
            out.append(piece)
    return out


def italic_chars(blocks) -> set[str]:
    """The characters the handout sets in italic, from every run of every block."""
    found: set[str] = set()

    def visit(value) -> None:
        if isinstance(value, p.Run):
            if value.italic:
                found.update(value.text)
        elif isinstance(value, (tuple, list)):
            for v in value:
                visit(v)
        elif hasattr(value, "__dataclass_fields__") and not isinstance(value, (p.ChartSpec, p.Color)):
            for name in value.__dataclass_fields__:
                visit(getattr(value, name))

    visit(blocks)
    return found


class HandoutPdfWriter:
    """What every part of the handout's PDF draws with: the plan, the slides by number, the reportlab
    styles of the plan's text styles, colours, the markup of runs, the slide drawer, and the contents
    entries placed on each page (for the page furniture to number)."""

    def __init__(self, plan: p.Plan, fonts: FontSet):
        self.plan, self.h, self.fonts = plan, plan.handout, fonts
        self.slides = {s.number: s for s in plan.slides}
        self.regular, self.bold = fonts.reportlab_names()
        self._italics()
        self.drawer = SlideDrawer(fonts, plan.width, plan.height)
        self._hex: dict[str, HexColor] = {}
        self.styles = {name: self._style(name, st) for name, st in self.h.styles.items()}
        self.frame_w, self.frame_h = self.h.frame
        # page → contents entries drawn on it (text end, baseline, right, key, where the page's content
        # stream goes on after the entry's text: its number is put there once known)
        self.contents_marks: dict[int, list] = {}

    def _italics(self) -> None:
        """`<i>` in this handout's paragraphs: a synthetic oblique of the face, where any text is italic.

        reportlab's family mapping is global, so it is set afresh for every handout."""
        from reportlab.lib.fonts import addMapping

        chars = frozenset(italic_chars(self.h.blocks))
        italic = bold_italic = None
        if chars:  # a bold style (a heading) may hold an italic run too: both faces get every character
            from .oblique import oblique_font

            italic = oblique_font(str(self.fonts.regular.path), chars)
            bold_italic = oblique_font(str(self.fonts.bold.path), chars)
        addMapping(self.regular, 0, 1, italic or self.regular)
        addMapping(self.regular, 1, 1, bold_italic or self.bold)
        # addMapping also records the reverse (font → family, bold, italic): the upright faces last,
        # so that they read as upright when a style names them.
        addMapping(self.regular, 0, 0, self.regular)
        addMapping(self.regular, 1, 0, self.bold)

    def c(self, role: str) -> HexColor:
        """The colour of a role of the handout's palette (or a "#RRGGBB" of the plan's own), as reportlab's."""
        hex_ = self.h.colors[role].hex if role in self.h.colors else role
        if hex_ not in self._hex:
            self._hex[hex_] = HexColor(hex_)
        return self._hex[hex_]

    def _style(self, name: str, st: p.TextStyle) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=self.bold if st.bold else self.regular, fontSize=st.size, leading=st.leading,
                              textColor=HexColor(st.color.hex), spaceBefore=st.space_before, spaceAfter=st.space_after,
                              alignment={"r": TA_RIGHT, "c": TA_CENTER}.get(st.align, TA_LEFT), bulletFontName=self.regular,
                              bulletFontSize=st.size)

    def markup(self, text: p.Rich, style: str | None = None) -> str:
        return markup(text, self.fonts, bool(style and self.h.styles[style].bold))

    def para(self, text: p.Rich, style: str, **kw) -> Paragraph:
        return Paragraph(self.markup(text, style), self.styles[style], **kw)

    def lines(self, lines: tuple[p.Rich, ...], style: str) -> Paragraph:
        return Paragraph("<br/>".join(self.markup(line) for line in lines), self.styles[style])
