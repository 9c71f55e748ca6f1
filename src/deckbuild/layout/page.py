"""The slides laid out so far, and how one more is added: its grid, its title box, deckbuild's own
chrome (accent bar, footer rule, source line), the page number and date, and the contrast check.

In: a deck, its fonts, frame and document info. Out: `SlideBuilder.slides` and `.sections`, the
`PlanSlide`s and `PlanSection`s in order, which the driver (`run.py`) puts into the Plan. Slide kinds
(`kinds.py`) and generated slides (`generated.py`) measure through it and add through it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from .. import model as m
from ..fonts import FontSet
from ..frame import Frame
from ..grid import BAR_Y, TITLE_H, TITLE_SIZE, TITLE_Y, Area, Grids, SlideGrid
from ..limits import MAX_SLIDES
from ..plan import Color, DocInfo, Para, Placeholder, PlanSection, PlanSlide, Rect, TextBox
from ..problems import Problems, Span
from ..text import plain
from .colors import RULE, Legibility, palette
from .fit import Fitted, TooMany, ladder
from .measure import TextMeasure, box
from .structure import structured

TITLE_FLOOR = 24.0
BODY_SIZE, BODY_FLOOR = 24.0, 14.0
CONTINUED = " (계속)"
OWN_TITLE = Placeholder("title", 0, moved=True)  # the title placeholder, where deckbuild's grid puts it


class SlideBuilder:
    """One deck's slides as they are laid out, with what every slide kind needs to add one: the
    grids of the frame, the palette, text measured in the deck's fonts, and the problems found."""

    def __init__(self, deck: m.Deck, fonts: FontSet, problems: Problems, frame: Frame, info: DocInfo):
        self.deck = deck
        self.fonts = fonts
        self.frame = frame
        self.info = info
        self.grids = Grids(frame, deck.theme.layouts)
        self.colors = palette(deck, self.grids.palette())
        self.problems = problems
        self.slides: list[PlanSlide] = []
        self.sections: list[PlanSection] = []
        self.width, self.height = frame.width, frame.height
        self.relax = False  # laying a slide out again in its layout's widest area (see `run.Layout.slide`)
        self.text = TextMeasure(fonts, self.colors)
        self.legibility = Legibility(deck.theme, self.colors, problems)
        # The measuring and contrast calls every kind makes, bound once (they run for every paragraph).
        self.para = self.text.para
        self.fits_width = self.text.fits_width
        self.fits_in = self.text.fits_in
        self.readable = self.legibility.readable

    def grid(self, role: str, slide: m.Slide | None = None) -> SlideGrid:
        """The grid of a slide of template role `role` (a slide's own `layout:` wins)."""
        g = self.grids.of(role, slide.layout if slide is not None else None)
        return self.grids.relaxed(g) if self.relax and not g.own else g

    def fit_lines(self, text: str, area: Area, start: float, floor: float, *, bold: bool, color: Color, max_lines: int | None,
                  what: str, span: Span, path: str, align: str | None = None) -> Para | None:
        """`text` at the largest size from `start` down to `floor` that fits `area` (in at most `max_lines`)."""
        _, _, w, h = area.inner
        for size in ladder(start, floor):
            p = self.para(text, size, w, bold=bold, color=color, align=align or area.align)
            if (max_lines is None or len(p.lines) <= max_lines) and p.height <= h:
                return p
        lines = {1: " in one line", 2: " in two lines"}.get(max_lines, f" in {max_lines} lines" if max_lines else "")
        self.problems.error(span, path, f"{what} does not fit{lines} at {floor:g} pt; shorten it", code="title-too-long")
        return None

    def title_box(self, title: str, g: SlideGrid, span: Span, path: str) -> TextBox:
        a = g.title
        start = a.size or TITLE_SIZE
        floor = min(TITLE_FLOOR, start)
        bold = a.bold if a.bold is not None else True
        color = a.color or self.colors["text"]
        room = g.content.y - 4 - a.y  # a template's title box may grow down to its content, if it must
        if not g.own and room > a.h and not self.fits_in(title, a, floor, bold, 2):
            a = replace(a, h=room, placeholder=replace(a.placeholder, moved=True) if a.placeholder else None)
        p = self.fit_lines(title, a, start, floor, bold=bold, color=color, max_lines=2,
                           what="the title", span=span, path=f"{path}.title")
        if p is None:
            p = self.para(title, floor, a.inner[2], bold=bold, color=a.color or self.colors["text"], align=a.align)
        return box(a, (p,), "title")

    def chrome(self, g: SlideGrid, source: str | None, bar: bool = True) -> list:
        """deckbuild's own accent bar and footer rule (its own grid only), and the source line: in the
        layout's footer placeholder where it has one, else at the foot of the slide."""
        boxes: list = []
        if g.own:
            t, foot = g.title, g.footer
            if bar:
                boxes.append(Rect(t.x, t.bottom + (BAR_Y - TITLE_Y - TITLE_H), 56, 4, self.colors["primary"], role="accent-bar"))
            boxes.append(Rect(t.x, foot.y - 6, self.width - 2 * t.x, 0.75, RULE, role="footer-rule"))
        footer = self.frame.footer_text if g.footer is not None else None  # the template's own footer, like pandoc keeps it
        if source or footer:
            text = f"출처: {source}" if source else footer
            a = g.footer if g.footer is not None else Area(g.content.x, min(self.height - 30, g.content.bottom + 6), g.content.w, 24)
            w = a.inner[2]
            size = min(11.0, a.size or 11.0)
            while size > 8 and not self.fits_width(text, size, w):
                size -= 0.5
            p = self.para(text, size, w, color=self.colors["muted"] if source or a.color is None else a.color, align=a.align)
            boxes.append(box(a, (p,), "source" if source else "footer"))
        return boxes

    def add(self, kind: str, title: str, boxes: list, g: SlideGrid, *, slide: m.Slide | None = None, span: Span | None = None,
            continued: bool = False, background: Color | None = None, number_color: Color | None = None) -> None:
        """Add a slide of plan kind `kind` with `boxes`, its page number and date, its colours made legible."""
        number = len(self.slides) + 1
        if number > MAX_SLIDES + 2:  # the outline's own limit, plus the title and sources slides
            raise TooMany(span or (slide.span if slide else self.deck.span))
        boxes = list(boxes)
        if g.number is not None:  # the layout's own slide-number placeholder, or deckbuild's: never two
            a = g.number
            size = min(a.size or 11, 14)
            p = self.para(str(number), size, a.inner[2], color=number_color or (a.color if not g.own else None) or self.colors["muted"],
                          align="r" if g.own else a.align)
            boxes.append(box(a, (p,), "number"))
        if g.date is not None and self.info.date:
            a = g.date
            p = self.para(self.info.date, min(a.size or 11, 14), a.inner[2], color=a.color or self.colors["muted"], align=a.align)
            boxes.append(box(a, (p,), "date"))
        section = len(self.sections) - 1 if self.sections and kind not in ("title", "sources") else None
        self.slides.append(structured(PlanSlide(
            number=number, kind=kind, title=plain(title), boxes=tuple(self.legibility.legible(boxes, g, background)),
            notes=slide.notes if slide else None, span=span or (slide.span if slide else self.deck.span),
            section=section, backdrop=g.backdrop, background=background, continued=continued, layout=g.layout,
        ), self.info.language, self.deck.charts))

    def add_titled(self, slide: m.Slide, kind: str, g: SlideGrid, boxes: list, source: str | None = None,
                   title: str | None = None, continued: bool = False) -> None:
        """Add an outline slide: its title box and chrome (with `source` as its source line), then `boxes`."""
        title = title or slide.title
        head = [self.title_box(title, g, slide.span, slide.path)] + self.chrome(g, source)
        self.add(kind, title, head + boxes, g, slide=slide, continued=continued)

    def add_pages(self, slide: m.Slide, kind: str, g: SlideGrid, fitted: list[Fitted],
                  boxes_of: Callable[[Fitted], list]) -> None:
        """Add one titled slide per fitted page, the later ones marked as continued."""
        for n, page in enumerate(fitted):
            self.add_titled(slide, kind, g, boxes_of(page), title=slide.title + (CONTINUED if n else ""), continued=n > 0)
