"""The slides laid out so far, and how one more is added: its grid, its title box, deckbuild's own
chrome (accent bar, footer rule, source line), the page number and date, and the contrast check.

In: a deck, its fonts, frame and document info. Out: `SlideBuilder.slides` and `.sections`, the
`PlanSlide`s and `PlanSection`s in order, which the driver (`run.py`) puts into the Plan. Slide kinds
(`kinds.py`) and generated slides (`generated.py`) measure through it and add through it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable

from .. import model as m
from ..fonts import FontSet
from ..frame import Frame
from ..grid import BAR_Y, TITLE_H, TITLE_SIZE, TITLE_Y, Area, Grids, SlideGrid, own_grid
from ..limits import MAX_SLIDES
from ..plan import Color, DocInfo, Para, Placeholder, PlanSection, PlanSlide, Rect, TextBox
from ..problems import Problems, Span
from ..text import plain
from .colors import RULE, Legibility, palette
from .fit import Fitted, TooMany
from .measure import TextMeasure, box
from .marks import SlideMarks
from .words import chart_source, citation, is_korean
from .scale import SIZES, TypeScale
from .structure import structured

TITLE_FLOOR = SIZES.title[-1]
BODY_SIZE, BODY_FLOOR = SIZES.body[0], SIZES.body[-1]
CONTINUED = " (계속)"
OWN_TITLE = Placeholder("title", 0, moved=True)  # the title placeholder, where deckbuild's grid puts it
GAP = 6.0  # between a grown title box and the content it pushes down


@dataclass(frozen=True)
class TitleFit:
    """A slide's title fitted: its box, the grid its content goes in (pushed down where the title
    grew), and what to report (a warning where the title left the scale's floor, an error where it
    cannot fit at all)."""

    box: TextBox
    grid: SlideGrid
    error: str | None = None
    warn: str | None = None


def _push(g: SlideGrid, title: Area) -> SlideGrid:
    """`g` with its content and bodies starting below a grown `title`."""
    top = title.bottom + GAP

    def down(a: Area) -> Area:
        if a.y >= top or a.y + a.h <= title.y:
            return a
        d = top - a.y
        return replace(a, y=top, h=max(1.0, a.h - d), placeholder=replace(a.placeholder, moved=True) if a.placeholder else None)

    return replace(g, title=title, content=down(g.content), bodies=tuple(down(b) for b in g.bodies))


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
        self.charts_warned: set[str] = set()  # charts whose left-out labels were warned of (once a chart)
        self.relax = False  # laying a slide out again in its layout's widest area (see `run.Layout.slide`)
        self.text = TextMeasure(fonts, self.colors, deck.theme.bullets)
        self.legibility = Legibility(deck.theme, self.colors, problems)
        # The measuring and contrast calls every kind makes, bound once (they run for every paragraph).
        self.para = self.text.para
        self.fits_width = self.text.fits_width
        self.fits_in = self.text.fits_in
        self.readable = self.legibility.readable
        self.korean = is_korean(deck.language)
        self.marks = SlideMarks(self)
        self._messages: dict[str, list] = {}  # a slide's key message boxes, fitted with its grid, until it is added
        self.scale = TypeScale(frame.width, frame.height)
        self._titles: dict[tuple[str, str], TitleFit] = {}  # titles `grid` fitted, until their slide is added
        self._refused: set[str] = set()  # titles refused: their continuations' titles are not refused again

    def plan_sources(self) -> list[str]:
        """The deck's sources as cited in its language (the sources slide, the handout's list)."""
        return [citation(s, self.korean) for s in self.deck.sources]

    def chart_source(self, chart: m.Chart) -> str | None:
        return chart_source(chart, self.deck.sources, self.korean)

    def grid(self, role: str, slide: m.Slide | None = None) -> SlideGrid:
        """The grid of a slide of template role `role` (a slide's own `layout:` wins); for an outline
        slide, with its title fitted first: a title its box cannot hold grows the box down, and the
        content below gives way; then its key message under the title, the content below it."""
        g = self.grids.of(role, slide.layout if slide is not None else None)
        g = self.marks.make_room(self.grids.relaxed(g) if self.relax and not g.own else g)
        if slide is None:
            return g
        t = self.fit_title(slide.title, g, grow=True)
        self._titles[(slide.path, slide.title)] = t
        g = t.grid
        if slide.message:
            g, self._messages[slide.path] = self.marks.message(slide, g)
        return g

    def fit_title(self, title: str, g: SlideGrid, *, grow: bool) -> "TitleFit":
        """The title ladder: the title's steps in two lines in its box; then (`grow`) the box grown down
        within its layout (pushing the content down by at most a third of it); then, in a template
        whose title box is smaller than deckbuild's own, 20 and 18 pt in three lines (a warning); last,
        four lines at the floor, the box grown down by up to half the content area (a warning)."""
        a = g.title
        start = a.size or TITLE_SIZE
        bold = a.bold if a.bold is not None else True
        color = a.color or self.colors["text"]
        steps = self.scale.steps("title", start)
        _, _, w, h = a.inner
        para = lambda s: self.para(title, s, w, bold=bold, color=color, align=a.align)  # noqa: E731
        for s in steps:
            p = para(s)
            if len(p.lines) <= 2 and p.height <= h:
                return TitleFit(box(a, (p,), "title"), g)
        if not grow:  # a continuation's title: its first page's box, as it was grown
            p = next((q for q in map(para, steps + self.scale.steps("title_small_box")) if q.height <= h), None)
            return TitleFit(box(a, (p or para(steps[-1]),), "title"), g, None if p else self._too_long(steps[-1]))
        pad = a.h - h  # the insets

        def limit(share: float) -> float:  # how far the box may grow: into the top `share` of the content
            return (g.content.y + g.content.h * share if g.content.y > a.y else a.bottom) - a.y - pad

        small = not g.own and a.w * a.h < self._own_title_area(g)
        small_steps = self.scale.steps("title_small_box")
        # Three lines at the floor in a grown box, then (a small template box only) 20 and 18 pt.
        tries = [(s, 2, 1 / 3) for s in steps] + [(steps[-1], 3, 1 / 3)] + ([(s, 3, 1 / 3) for s in small_steps] if small else [])
        if not g.own and not small:
            # A template's title box as large as deckbuild's own that still cannot hold the title in
            # three lines (a 4:3 slide, a box pushed against its content): the small box's steps are
            # the last rung before a refusal, with the same warning (spec §2: ordinary titles build).
            tries += [(s, 3, 1 / 3) for s in small_steps]
        # The last rung: four lines at the floor (a template's: its small box's floor), the box grown
        # into the top half of the content area; a title even that cannot hold is refused.
        tries += [(steps[-1] if g.own else small_steps[-1], 4, 1 / 2)]
        for s, lines, share in tries:
            p = para(s)
            if len(p.lines) <= lines and p.height <= limit(share):
                grown = replace(a, h=max(a.h, p.height + pad + 2),
                                placeholder=replace(a.placeholder, moved=True) if a.placeholder else None)
                warn = None
                if s < steps[-1] or len(p.lines) > 2:
                    warn = (f"the title is set at {s:g} pt in {len(p.lines)} lines, its box grown down into the slide: it does "
                            f"not fit its title box in two lines at {steps[-1]:g} pt; shorten it to keep the title's size")
                return TitleFit(box(grown, (p,), "title"), _push(g, grown), warn=warn)
        return TitleFit(box(a, (para(steps[-1]),), "title"), g, self._too_long(tries[-1][0], tries[-1][1]))

    def _too_long(self, size: float, lines: int = 2) -> str:
        return f"the title does not fit in {({2: 'two', 3: 'three'}).get(lines, 'four')} lines at {size:g} pt; shorten it"

    def _own_title_area(self, g: SlideGrid) -> float:
        own = own_grid(*g.size).title
        return own.w * own.h

    def fit_lines(self, text: str, area: Area, steps, *, bold: bool, color: Color, max_lines: int | None,
                  what: str, span: Span, path: str, align: str | None = None) -> Para | None:
        """`text` at the largest of `steps` that fits `area` (in at most `max_lines`)."""
        _, _, w, h = area.inner
        for size in steps:
            p = self.para(text, size, w, bold=bold, color=color, align=align or area.align)
            if (max_lines is None or len(p.lines) <= max_lines) and p.height <= h:
                return p
        lines = {1: " in one line", 2: " in two lines"}.get(max_lines, f" in {max_lines} lines" if max_lines else "")
        self.problems.error(span, path, f"{what} does not fit{lines} at {steps[-1]:g} pt; shorten it", code="title-too-long")
        return None

    def title_bottom(self, slide: m.Slide, g: SlideGrid) -> float:
        """Where the text of `slide`'s title, as `grid` fitted it, ends (its box's bottom when not fitted)."""
        t = self._titles.get((slide.path, slide.title))
        return g.title.bottom if t is None else t.box.text_top() + t.box.text_height

    def title_box(self, title: str, g: SlideGrid, span: Span, path: str, key: str | None = None,
                  fitted: TitleFit | None = None) -> TextBox:
        """The title's box, as `grid` fitted it (`key`: the slide's path) or as given (`fitted`), else
        fitted here in `g`'s title box; its warning or error reported once, here."""
        t = fitted or (self._titles.pop((key, title), None) if key is not None else None)
        if t is None:
            t = self.fit_title(title, g, grow=False)
        if t.error and f"{path}.title" not in self._refused:
            self._refused.add(f"{path}.title")
            self.problems.error(span, f"{path}.title", t.error, code="title-too-long")
        if t.warn:
            self.problems.warning(span, f"{path}.title", t.warn, code="title-shrunk")
        return t.box

    def chrome(self, g: SlideGrid, source: str | None, bar: bool = True) -> list:
        """deckbuild's own accent bar and footer rule (its own grid only), and the source line: in the
        layout's footer placeholder where it has one, else at the foot of the slide."""
        boxes: list = []
        if g.own:
            t, foot = g.title, g.footer
            if bar:
                boxes.append(Rect(t.x, t.bottom + (BAR_Y - TITLE_Y - TITLE_H), 56, 4, self.colors["primary"], role="accent-bar"))
            boxes.append(Rect(t.x, foot.y - 6, self.width - 2 * t.x, 0.75, RULE, role="footer-rule"))
        # The outline's footer, else the template's own (like pandoc keeps it), then the source line.
        footer = self.deck.footer or (self.frame.footer_text if g.footer is not None else None)
        source_line = f"{self.info.words.source}: {source}" if source else None
        text = " · ".join(x for x in (footer, source_line) if x)
        if text:
            a = g.footer if g.footer is not None else Area(g.content.x, min(self.height - 30, g.content.bottom + 6), g.content.w, 24)
            a = self.marks.footer_area(g, a) if g.own else a
            w = a.inner[2]
            steps = self.scale.steps("small", a.size)
            size = next((s for s in steps if self.fits_width(text, s, w)), steps[-1])
            p = self.para(text, size, w, color=self.colors["muted"] if source or a.color is None else a.color, align=a.align)
            boxes.append(box(a, (p,), "source" if source and not footer else "footer"))
        return boxes

    def add(self, kind: str, title: str, boxes: list, g: SlideGrid, *, slide: m.Slide | None = None, span: Span | None = None,
            continued: bool = False, background: Color | None = None, number_color: Color | None = None) -> None:
        """Add a slide of plan kind `kind` with `boxes`, its page number and date, its colours made legible."""
        number = len(self.slides) + 1
        if number > MAX_SLIDES + 2:  # the outline's own limit, plus the title and sources slides
            raise TooMany(span or (slide.span if slide else self.deck.span))
        boxes = list(boxes)
        if slide is not None and slide.message:  # under the title, before the content in reading order
            boxes[1:1] = self._messages.get(slide.path, [])
        if g.number is not None:  # the layout's own slide-number placeholder, or deckbuild's: never two
            a = g.number
            size = min(a.size or 11, 14)
            p = self.para(str(number), size, a.inner[2], color=number_color or (a.color if not g.own else None) or self.colors["muted"],
                          align="r" if g.own else a.align)
            boxes.append(box(a, (p,), "number"))
        if g.date is not None and self.info.shown_date:
            a = g.date
            p = self.para(self.info.shown_date, min(a.size or 11, 14), a.inner[2], color=a.color or self.colors["muted"], align=a.align)
            boxes.append(box(a, (p,), "date"))
        section = len(self.sections) - 1 if self.sections and kind not in ("title", "sources") else None
        appendix = self.sections[section] if section is not None and self.sections[section].appendix and kind != "divider" else None
        boxes += self.marks.top(g, appendix.label if appendix else None, background)
        logo = self.marks.logo(g, boxes)
        if logo is not None:
            boxes.append(logo)
        self.slides.append(structured(PlanSlide(
            number=number, kind=kind, title=plain(title), boxes=tuple(self.legibility.legible(boxes, g, background)),
            notes=slide.notes if slide else None, span=span or (slide.span if slide else self.deck.span),
            section=section, backdrop=g.backdrop, background=background, continued=continued, layout=g.layout,
        ), self.info.language, self.deck.charts))

    def add_titled(self, slide: m.Slide, kind: str, g: SlideGrid, boxes: list, source: str | None = None,
                   title: str | None = None, continued: bool = False) -> None:
        """Add an outline slide: its title box and chrome (with `source` as its source line), then `boxes`."""
        title = title or slide.title
        head = [self.title_box(title, g, slide.span, slide.path, key=slide.path)] + self.chrome(g, source)
        self.add(kind, title, head + boxes, g, slide=slide, continued=continued)

    def add_pages(self, slide: m.Slide, kind: str, g: SlideGrid, fitted: list[Fitted],
                  boxes_of: Callable[[Fitted], list]) -> None:
        """Add one titled slide per fitted page, the later ones marked as continued."""
        for n, page in enumerate(fitted):
            self.add_titled(slide, kind, g, boxes_of(page), title=slide.title + (self.info.words.continued if n else ""), continued=n > 0)
