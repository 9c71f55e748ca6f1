"""Deck × FontSet → Plan: document info, every slide placed on the grid with its text measured and
wrapped in the real font, shrunk to a floor and continued on "(계속)" slides, charts resolved, and the
handout planned (`handout.py`).

The only module (with `charts` and `handout`, which it calls) that measures text or decides a size,
a colour or a position. Both renderers draw the `Plan` it returns, so the deck, the handout, the
slides PDF and the plan dump cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, replace
from typing import Any, Callable, Sequence

from . import charts
from . import model as m
from .fonts import FontSet
from .limits import MAX_SLIDES
from .frame import Frame, default_frame
from .grid import BAR_Y, ROLE_OF_KIND, TITLE_H, TITLE_SIZE, TITLE_Y, Area, Grids, SlideGrid
from .plan import (LINE_HEIGHT, WHITE, Cell, ChartBox, Color, DocInfo, ImageBox, Para, Placeholder, Plan, PlanSection, PlanSlide, Rect,
                   TableBox, TextBox)
from .problems import Problems, Span
from .text import client_width, parse_inline, plain, wrap

TITLE_FLOOR = 24.0
BODY_SIZE, BODY_FLOOR = 24.0, 14.0
CONTINUED = " (계속)"
RULE = Color("#D0D7DE")  # the footer rule and the handout's hairlines

# Text is wrapped to this share of its box, and each switch between Hangul and Latin script
# counts SCRIPT_GAP em more: LibreOffice adds about 0.24 em there (measured by rendering
# "가a가a…", "가·가·…" and "가1가1…" through it; see tests/test_libreoffice.py), PowerPoint
# nothing. With both, a planned line never wraps again in the viewer.
WRAP_SAFETY = 0.95
SCRIPT_GAP = 0.25
BULLETS = {1: "•", 2: "–", 3: "·"}
INDENT = {1: 26.0, 2: 56.0, 3: 84.0}
HANG = {1: 22.0, 2: 18.0, 3: 18.0}  # how far left of the text its bullet sits
_NUMERIC = re.compile(r"^[+\-−]?[\d.,]+\s*[%a-zA-Z가-힣]{0,3}$")
FALLBACK_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
OWN_TITLE = Placeholder("title", 0, moved=True)  # the title placeholder, where deckbuild's grid puts it


def document_time(date: dt.date | None) -> dt.datetime:
    """The date written into files: the outline's `date`, else SOURCE_DATE_EPOCH, else a constant,
    so two builds of one outline are byte-identical."""
    if date:
        return dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return FALLBACK_TIME


def doc_info(deck: m.Deck) -> DocInfo:
    """The document's properties for the (selected) deck: `audience.select` has already put the
    audience's title and subtitle in place."""
    a = deck.audience
    desc = a.description if a else None
    return DocInfo(
        title=plain(deck.title), subtitle=plain(deck.subtitle) if deck.subtitle else None,
        author=plain(deck.author) if deck.author else None,
        date=deck.date.isoformat() if deck.date else None, language=deck.language,
        audience=a.name if a else None, audience_description=plain(desc) if desc else None,
        keywords=(a.name,) if a else (), when=document_time(deck.date),
    )


def palette(deck: m.Deck, template: dict[str, Color] | None = None) -> dict[str, Color]:
    """Colour roles → colours: the outline's own (theme.colors), else the template's theme, else
    deckbuild's defaults."""
    out = {role: Color(hex_) for role, hex_ in m.DEFAULT_COLORS.items()}
    out.update(template or {})
    out.update({role: Color(deck.theme.colors[role]) for role in deck.theme.color_spans})
    return out


class _TooMany(Exception):
    """Continuation slides took the deck past the slide limit."""

    def __init__(self, span: Span):
        self.span = span


class _Unfit(Exception):
    """One item cannot fit its box even at the floor size: `what` names it, `span`/`path` place it."""

    def __init__(self, what: str, span: Span | None = None, path: str | None = None):
        self.what, self.span, self.path = what, span, path


@dataclass(frozen=True)
class Item:
    """One unit of content that fitting may move to a continuation slide, with its place in the outline."""

    value: Any
    span: Span | None
    path: str
    name: str  # how a problem names it: "the bullet '…'"


@dataclass(frozen=True)
class Fitted:
    size: float
    content: Any  # what `build` made at that size
    items: tuple[Item, ...]


Build = Callable[[float, Sequence[Item]], tuple[Any, float, bool]]  # → (content, height, has a mid-word break)


def fit(items: Sequence[Item], build: Build, sizes: Sequence[float], height: float, *, pack: float | None = None,
        split: bool = True, uniform: bool = False) -> list[Fitted]:
    """The one fitting routine every slide kind uses: shrink, then continue.

    First the largest size at which all `items` fit `height` (a size that needs a mid-word break is
    taken only when none avoids it: "제조·" / "교육" reads worse than a point smaller). Failing that,
    with `split`, items are packed greedily into pages at `pack` (default: the floor), and each page
    gets its own largest size (`uniform`: all pages the smallest of them). An item that cannot fit a
    page alone even at the floor raises `_Unfit` naming it.
    """

    def largest(chunk: Sequence[Item]) -> Fitted | None:
        fallback = None
        for size in sizes:
            content, h, broken = build(size, chunk)
            if h <= height:
                if not broken:
                    return Fitted(size, content, tuple(chunk))
                fallback = fallback or Fitted(size, content, tuple(chunk))
        return fallback

    whole = largest(items)
    if whole is not None:
        return [whole]
    if not items:
        raise _Unfit("the content")
    if not split or len(items) <= 1:
        raise _unfit(items[0] if len(items) == 1 else _tallest(items, build, sizes[-1]))
    pack = pack if pack is not None else sizes[-1]
    chunks: list[list[Item]] = []
    current: list[Item] = []
    for item in items:
        if current and build(pack, current + [item])[1] > height:
            chunks.append(current)
            current = [item]
        else:
            current.append(item)
    chunks.append(current)
    pages = []
    for chunk in chunks:
        f = largest(chunk)
        if f is None:
            raise _unfit(chunk[0] if len(chunk) == 1 else _tallest(chunk, build, sizes[-1]))
        pages.append(f)
    if uniform and len({p.size for p in pages}) > 1:
        size = min(p.size for p in pages)
        pages = [Fitted(size, build(size, p.items)[0], p.items) for p in pages]
    return pages


def _tallest(items: Sequence[Item], build: Build, size: float) -> Item:
    return max(items, key=lambda it: build(size, [it])[1])


def _unfit(item: Item) -> _Unfit:
    return _Unfit(item.name, item.span, item.path)


def _sizes(start: float, floor: float) -> list[float]:
    out, s = [], start
    while s >= floor:
        out.append(s)
        s -= 1
    return out


def _height(paras: Sequence[Para]) -> float:
    return sum(p.height for p in paras)


def _broken(paras: Sequence[Para]) -> bool:
    return any(line.split for p in paras for line in p.lines)


def _short(text: str, n: int = 40) -> str:
    t = plain(text)
    return t if len(t) <= n else t[: n - 1] + "…"


class Layout:
    def __init__(self, deck: m.Deck, fonts: FontSet, problems: Problems, frame: Frame | None = None):
        self.deck = deck
        self.fonts = fonts
        self.frame = frame or default_frame()
        self.grids = Grids(self.frame, deck.theme.layouts)
        self.c = palette(deck, self.grids.palette())
        self.problems = problems
        self.slides: list[PlanSlide] = []
        self.sections: list[PlanSection] = []
        self.width, self.height = self.frame.width, self.frame.height
        self.info: DocInfo | None = None
        self._warned: set[str] = set()
        self._relax = False  # laying a slide out again in its layout's widest area (see `slide`)

    # ---- text ------------------------------------------------------------------------------
    def para(self, text: str, size: float, width: float, *, color: Color | None = None, bold: bool = False,
             level: int = 0, space_before: float = 0.0, align: str = "l") -> Para:
        indent = INDENT.get(level, 0.0)
        # Lines break where a likely stand-in face would need them to (a reader without the font
        # still sees nothing leave its box); each line keeps its width in the face that draws it.
        lines = wrap(parse_inline(text, bold), (width - indent) * WRAP_SAFETY, lambda t, b: self.fonts.width(t, size, b),
                     SCRIPT_GAP * size, fit=lambda t, b: self.fonts.fit_width(t, size, b))
        return Para(
            lines=tuple(lines), size=size, color=color or self.c["text"], bold=bold, level=level,
            bullet=BULLETS.get(level), bullet_color=self.c["primary"] if level else None,
            indent=indent, hang=HANG.get(level, 0.0), space_before=space_before, align=align,
        )

    def fits_width(self, text: str, size: float, width: float, bold: bool = False) -> bool:
        return client_width(plain(text), lambda t, b: self.fonts.width(t, size, b), SCRIPT_GAP * size, bold,
                            fit=lambda t, b: self.fonts.fit_width(t, size, b)) <= width * WRAP_SAFETY

    def box(self, area: Area, paras, role: str, anchor: str | None = None) -> TextBox:
        """A text box filling `area` — its placeholder, insets and anchor where it is one."""
        return TextBox(area.x, area.y, area.w, area.h, tuple(paras), role, anchor or area.anchor, area.inset, area.placeholder)

    # ---- colour ----------------------------------------------------------------------------
    def legible(self, boxes: list, g: SlideGrid, background: Color | None) -> list:
        """Every text keeps ≥ 4.5:1 contrast (3:1 from 18 pt, or 14 pt bold) with what lies behind it:
        its card, else the slide's own fill, else the layout's artwork or background (spec §1 Templates).
        A colour that fails is replaced by the theme's text or background colour, whichever reads; a
        colour the outline set that fails is also a warning at its line."""
        out = []
        fills: list[tuple[float, float, float, float, str]] = []
        base = background.hex if background else None
        for b in boxes:
            if isinstance(b, Rect) and b.fill is not None and b.w > 20 and b.h > 20:
                fills.append((b.x, b.y, b.w, b.h, b.fill.hex))
            if isinstance(b, TextBox):
                behind = self._behind(b.x, b.y, b.w, b.h, fills, g, base)
                b = replace(b, paras=tuple(self.fix_para(p, behind) for p in b.paras))
            elif isinstance(b, TableBox):
                rows = tuple(tuple(Cell(tuple(self.fix_para(p, fill.hex) for p in c.paras)) for c in row)
                             for row, fill in zip(b.rows, b.fills))
                b = replace(b, rows=rows)
            out.append(b)
        return out

    def _behind(self, x, y, w, h, fills, g: SlideGrid, base: str | None) -> tuple[str, ...]:
        cx, cy = x + w / 2, y + h / 2
        for fx, fy, fw, fh, hex_ in reversed(fills):
            if fx <= cx <= fx + fw and fy <= cy <= fy + fh:
                return (hex_,)
        return (base,) if base else g.behind_box(x, y, w, h)

    def fix_para(self, p: Para, behind: tuple[str, ...] | str) -> Para:
        color = self.readable(p.color, behind, p.size, p.bold)
        bullet = self.readable(p.bullet_color, behind, p.size, p.bold) if p.bullet_color else None
        if color is p.color and bullet is p.bullet_color:
            return p
        return replace(p, color=color, bullet_color=bullet)

    def readable(self, color: Color, behind: tuple[str, ...] | str, size: float, bold: bool) -> Color:
        """`color`, or the theme's text or background colour (else black or white) where `color` does not
        keep the contrast the text needs with every colour in `behind`."""
        behind = (behind,) if isinstance(behind, str) else behind
        need = 3.0 if size >= 18 or (bold and size >= 14) else 4.5

        def worst(c: Color) -> float:
            return min(charts.contrast(c.hex, b) for b in behind)

        if worst(color) >= need:
            return color
        role = next((r for r in self.deck.theme.color_spans if self.c.get(r) == color), None)
        candidates = [self.c["text"], self.c.get("background", WHITE), Color("#000000"), WHITE]
        better = max(candidates, key=worst)
        if role and role not in self._warned:
            self._warned.add(role)
            self.problems.warning(self.deck.theme.color_spans[role], f"theme.colors.{role}",
                                  f"{color.hex} has a contrast of {worst(color):.1f}:1 with {behind[0]} behind it "
                                  f"(at least {need:g}:1 is needed); {better.hex} is used there", code="color-contrast")
        return better

    # ---- shared pieces ---------------------------------------------------------------------
    def grid(self, kind: str, slide: m.Slide | None = None) -> SlideGrid:
        g = self.grids.of(ROLE_OF_KIND[kind], slide.layout if slide is not None else None)
        return self.grids.relaxed(g) if self._relax and not g.own else g

    def fit_lines(self, text: str, area: Area, start: float, floor: float, *, bold: bool, color: Color, max_lines: int | None,
                  what: str, span: Span, path: str, align: str | None = None) -> Para | None:
        """`text` at the largest size from `start` down to `floor` that fits `area` (in at most `max_lines`)."""
        _, _, w, h = area.inner
        for size in _sizes(start, floor):
            p = self.para(text, size, w, bold=bold, color=color, align=align or area.align)
            if (max_lines is None or len(p.lines) <= max_lines) and p.height <= h:
                return p
        lines = {1: " in one line", 2: " in two lines"}.get(max_lines, f" in {max_lines} lines" if max_lines else "")
        self.problems.error(span, path, f"{what} does not fit{lines} at {floor:g} pt; shorten it", code="title-too-long")
        return None

    def fits_in(self, text: str, area: Area, size: float, bold: bool, max_lines: int) -> bool:
        _, _, w, h = area.inner
        p = self.para(text, size, w, bold=bold)
        return len(p.lines) <= max_lines and p.height <= h

    def title_box(self, title: str, g: SlideGrid, span: Span, path: str) -> TextBox:
        a = g.title
        start = a.size or TITLE_SIZE
        floor = min(TITLE_FLOOR, start)
        bold = a.bold if a.bold is not None else True
        color = a.color or self.c["text"]
        room = g.content.y - 4 - a.y  # a template's title box may grow down to its content, if it must
        if not g.own and room > a.h and not self.fits_in(title, a, floor, bold, 2):
            a = replace(a, h=room, placeholder=replace(a.placeholder, moved=True) if a.placeholder else None)
        p = self.fit_lines(title, a, start, floor, bold=bold, color=color, max_lines=2,
                           what="the title", span=span, path=f"{path}.title")
        if p is None:
            p = self.para(title, floor, a.inner[2], bold=bold, color=a.color or self.c["text"], align=a.align)
        return self.box(a, (p,), "title")

    def chrome(self, g: SlideGrid, source: str | None, bar: bool = True) -> list:
        """deckbuild's own accent bar and footer rule (its own grid only), and the source line: in the
        layout's footer placeholder where it has one, else at the foot of the slide."""
        boxes: list = []
        if g.own:
            t, foot = g.title, g.footer
            if bar:
                boxes.append(Rect(t.x, t.bottom + (BAR_Y - TITLE_Y - TITLE_H), 56, 4, self.c["primary"], role="accent-bar"))
            boxes.append(Rect(t.x, foot.y - 6, self.width - 2 * t.x, 0.75, RULE, role="footer-rule"))
        footer = self.frame.footer_text if g.footer is not None else None  # the template's own footer, like pandoc keeps it
        if source or footer:
            text = f"출처: {source}" if source else footer
            a = g.footer if g.footer is not None else Area(g.content.x, min(self.height - 30, g.content.bottom + 6), g.content.w, 24)
            w = a.inner[2]
            size = min(11.0, a.size or 11.0)
            while size > 8 and not self.fits_width(text, size, w):
                size -= 0.5
            p = self.para(text, size, w, color=self.c["muted"] if source or a.color is None else a.color, align=a.align)
            boxes.append(self.box(a, (p,), "source" if source else "footer"))
        return boxes

    def add(self, kind: str, title: str, boxes: list, g: SlideGrid, *, slide: m.Slide | None = None, span: Span | None = None,
            continued: bool = False, background: Color | None = None, number_color: Color | None = None) -> None:
        number = len(self.slides) + 1
        if number > MAX_SLIDES + 2:  # the outline's own limit, plus the title and sources slides
            raise _TooMany(span or (slide.span if slide else self.deck.span))
        boxes = list(boxes)
        if g.number is not None:  # the layout's own slide-number placeholder, or deckbuild's: never two
            a = g.number
            size = min(a.size or 11, 14)
            p = self.para(str(number), size, a.inner[2], color=number_color or (a.color if not g.own else None) or self.c["muted"],
                          align="r" if g.own else a.align)
            boxes.append(self.box(a, (p,), "number"))
        if g.date is not None and self.info.date:
            a = g.date
            p = self.para(self.info.date, min(a.size or 11, 14), a.inner[2], color=a.color or self.c["muted"], align=a.align)
            boxes.append(self.box(a, (p,), "date"))
        section = len(self.sections) - 1 if self.sections and kind not in ("title", "sources") else None
        self.slides.append(PlanSlide(
            number=number, kind=kind, title=plain(title), boxes=tuple(self.legible(boxes, g, background)),
            notes=slide.notes if slide else None, span=span or (slide.span if slide else self.deck.span),
            section=section, backdrop=g.backdrop, background=background, continued=continued, layout=g.layout,
        ))

    # ---- generated slides ------------------------------------------------------------------
    def title_slide(self, info: DocInfo) -> None:
        d, a = self.deck, self.deck.audience
        g = self.grid("title")
        meta = " · ".join(x for x in (d.author, info.date) if x)
        if not g.own:
            return self.title_slide_in(g, info, meta)
        w = g.content.w - 40
        x = g.content.x + 20
        box_h = 200.0
        for size in _sizes(44, 28):
            p = self.para(d.title, size, w, bold=True)
            if p.height <= box_h:
                break
        else:
            self.problems.error(self.deck.span, "title", "the title does not fit the title slide; shorten it", code="title-too-long")
        boxes: list = [Rect(0, 0, 18, self.height, self.c["primary"], role="side-bar"),
                       TextBox(x, 60, w, box_h, (p,), "title", anchor="b", placeholder=OWN_TITLE),
                       Rect(x, 276, 80, 5, self.c["accent"], role="accent-bar")]
        paras: list[Para] = []
        if d.subtitle:
            paras.append(self.para(d.subtitle, 24, w, color=self.c["primary"]))
        if meta:
            paras.append(self.para(meta, 18, w, color=self.c["muted"], space_before=14))
        if a and a.description:
            paras.append(self.para(a.description, 18, w, color=self.c["accent"], bold=True, space_before=8))
        if paras:
            boxes.append(TextBox(x, 296, w, 190, tuple(paras), "subtitle"))
        self.add("title", d.title, boxes, g, span=self.deck.span)

    def title_slide_in(self, g: SlideGrid, info: DocInfo, meta: str) -> None:
        """The title slide in the template's title layout: the title in its title placeholder, the
        subtitle, author, date and audience in its subtitle placeholder (or its bodies)."""
        d, a = self.deck, self.deck.audience
        t = g.title
        start = t.size or 44
        bold = t.bold if t.bold is not None else True
        below = [a.y for a in (g.subtitle, *g.bodies) if a is not None and a.y > t.y] or [g.content.y]
        if min(below) - 4 - t.y > t.h and not self.fits_in(d.title, t, min(28, start), bold, 3):
            t = replace(t, h=min(below) - 4 - t.y, placeholder=replace(t.placeholder, moved=True) if t.placeholder else None)
        title = self.fit_lines(d.title, t, start, min(28, start), bold=bold,
                               color=t.color or self.c["text"], max_lines=None, what="the title", span=d.span, path="title")
        boxes: list = [self.box(t, (title or self.para(d.title, min(28, start), t.inner[2], bold=True),), "title")]
        places = [x for x in (g.subtitle, *g.bodies) if x is not None]
        lines: list[tuple[str, str]] = []  # (text, kind)
        if d.subtitle:
            lines.append((d.subtitle, "subtitle"))
        if meta:
            lines.append((meta, "meta"))
        if a and a.description:
            lines.append((a.description, "audience"))
        if lines and places:
            groups = [lines] if len(places) == 1 else [lines[:1], lines[1:]] if len(lines) > 1 else [lines]
            for area, group in zip(places, groups):
                base = area.size or 24

                def build(s: float, chunk, area=area, group=group):
                    paras = [self.para(text, s if kind == "subtitle" else max(12, s * 0.75), area.inner[2], align=area.align,
                                       color=self.c["accent"] if kind == "audience" else (area.color or self.c["text"]) if kind == "subtitle" else self.c["muted"],
                                       bold=kind == "audience", space_before=0 if i == 0 else s * 0.4)
                             for i, (text, kind) in enumerate(group)]
                    return paras, _height(paras), _broken(paras)

                (page,) = fit([Item(group, d.span, "subtitle", "the subtitle")], build, _sizes(base, 12), area.inner[3], split=False)
                boxes.append(self.box(area, page.content, "subtitle"))
        elif lines:  # a title layout without a place for the rest: under the title
            area = Area(t.x, t.bottom + 10, t.w, max(40.0, self.height * 0.9 - t.bottom - 10))
            paras = [self.para(text, 18, area.w, color=self.c["muted"]) for text, _ in lines]
            boxes.append(self.box(area, paras, "subtitle"))
        self.add("title", d.title, boxes, g, span=d.span)

    def sources_slide(self) -> None:
        """A numbered list of the sources, continued on more slides when long."""
        g = self.grid("sources")
        area = g.body or g.content
        x, y, w, h = area.inner
        items = [Item(s.cite() + (f" — {s.url}" if s.url else ""), s.span, f"sources[{i}]", f"the source '{_short(s.cite())}'")
                 for i, s in enumerate(self.deck.sources)]

        def build(size: float, chunk: Sequence[Item]):
            paras = [self.para(it.value, size, w, level=1, space_before=0 if i == 0 else size * 0.5)
                     for i, it in enumerate(chunk)]
            return paras, _height(paras), _broken(paras)

        number = 1
        for n, page in enumerate(fit(items, build, _sizes(20, BODY_FLOOR), h, pack=20.0)):
            title = "출처" + (CONTINUED if n else "")
            paras = [replace(p, bullet=f"{number + i}.") for i, p in enumerate(page.content)]
            number += len(page.items)
            boxes = [self.title_box(title, g, self.deck.span, "sources")] + self.chrome(g, None)
            boxes.append(self.box(area, paras, "body", anchor="t"))
            self.add("sources", title, boxes, g, span=self.deck.sources[0].span, continued=n > 0)

    def divider(self, section: m.Section) -> None:
        g = self.grid("divider")
        if not g.own:  # the template's section layout: its title placeholder, the summary in its body
            boxes = [self.title_box(section.title, g, section.span, section.path)]
            place = g.body or g.subtitle
            if section.summary and place is not None:
                def build(s: float, chunk):
                    paras = [self.para(section.summary, s, place.inner[2], color=place.color or self.c["text"], align=place.align)]
                    return paras, _height(paras), _broken(paras)

                item = Item(section.summary, section.span, f"{section.path}.summary", "the summary")
                (page,) = fit([item], build, _sizes(place.size or 22, BODY_FLOOR), place.inner[3], split=False)
                boxes.append(self.box(place, page.content, "subtitle"))
            self.add("divider", section.title, boxes, g, span=section.span)
            return
        c = g.content
        white = WHITE
        paras = [self.para(section.title, 40, c.w, color=white, bold=True)]
        if section.summary:
            paras.append(self.para(section.summary, 22, c.w, color=white, space_before=16))
        boxes = [TextBox(c.x, c.y + 10, c.w, 260, tuple(paras), "title", anchor="m", placeholder=OWN_TITLE)]
        self.add("divider", section.title, boxes, g, span=section.span, background=self.c["primary"], number_color=white)

    # ---- content slides --------------------------------------------------------------------
    def slide(self, slide: m.Slide) -> None:
        before = len(self.slides)
        try:
            try:
                getattr(self, f"slide_{slide.kind}")(slide)
            except _Unfit:
                g = self.grid(slide.kind, slide)
                if g.own:
                    raise
                # A template's area too small for this content: once more, with all the room its layout has.
                del self.slides[before:]
                self._relax = True
                try:
                    getattr(self, f"slide_{slide.kind}")(slide)
                finally:
                    self._relax = False
        except _Unfit as e:
            self.problems.error(e.span or slide.span, e.path or slide.path,
                                f"{e.what} does not fit on a slide even at {BODY_FLOOR:g} pt; shorten it or split it",
                                code="item-too-big")

    def simple(self, slide: m.Slide, kind: str, g: SlideGrid, boxes: list, source: str | None = None, title: str | None = None,
               continued: bool = False) -> None:
        title = title or slide.title
        head = [self.title_box(title, g, slide.span, slide.path)] + self.chrome(g, source)
        self.add(kind, title, head + boxes, g, slide=slide, continued=continued)

    def pages(self, slide: m.Slide, kind: str, g: SlideGrid, fitted: list[Fitted], boxes_of: Callable[[Fitted], list]) -> None:
        for n, page in enumerate(fitted):
            self.simple(slide, kind, g, boxes_of(page), title=slide.title + (CONTINUED if n else ""), continued=n > 0)

    def slide_title(self, slide: m.Slide) -> None:
        """A slide with only a title states one message: set large in the middle of the slide (in a
        template, in its title placeholder as the layout puts it)."""
        g = self.grid("title-only", slide)
        if not g.own:
            return self.simple(slide, "title-only", g, [])
        c = g.content
        w = c.w - 80
        item = Item(slide.title, slide.span, f"{slide.path}.title", "the title")

        def build(size: float, chunk):
            paras = [self.para(slide.title, size, w, bold=True)]
            return paras, _height(paras), _broken(paras)

        (page,) = fit([item], build, _sizes(44, TITLE_FLOOR), c.h, split=False)
        boxes = [Rect(c.x, c.y + 80, 6, 120, self.c["accent"], role="accent-bar"),
                 TextBox(c.x + 40, c.y - 40, w, c.h, tuple(page.content), "title", anchor="m", placeholder=OWN_TITLE)]
        self.add("title-only", slide.title, boxes + self.chrome(g, None, bar=False), g, slide=slide)

    def bullet_paras(self, items: Sequence[tuple[int, str]], size: float, width: float, levels: tuple[float, ...] = ()) -> list[Para]:
        out: list[Para] = []
        for level, text in items:
            # A template's levels keep their proportions (where they step down); deckbuild's 2 pt a level.
            ratio = levels[level - 1] / levels[0] if len(levels) >= level and levels[0] else 1.0
            s = size * ratio if ratio < 1 else size - 2 * (level - 1)
            gap = 0.0 if not out else (s * 0.55 if level == 1 else s * 0.25)
            out.append(self.para(text, s, width, level=level, space_before=gap))
        return out

    def bullet_items(self, bullets: Sequence[m.Bullet], path: str, width: float, height: float) -> list[Item]:
        """Top-level bullets as fitting units (each with its sub-points, flattened to (level, text));
        a bullet whose sub-points cannot share one slide gives them up as units of their own."""
        units = []
        for i, b in enumerate(bullets):
            p = f"{path}[{i}]"
            group = Item(tuple(_flat(b, 1)), b.span, p, f"the bullet '{_short(b.text)}'")
            if b.children and _height(self.bullet_paras(group.value, BODY_FLOOR, width)) > height:
                units.append(Item(((1, b.text),), b.span, p, group.name))
                for j, c in enumerate(b.children):
                    units.append(Item(tuple(_flat(c, 2)), c.span, f"{p}.bullets[{j}]", f"the bullet '{_short(c.text)}'"))
            else:
                units.append(group)
        return units

    def fit_bullets(self, units: Sequence[Item], width: float, height: float, start: float = BODY_SIZE,
                    split: bool = True, levels: tuple[float, ...] = ()) -> list[Fitted]:
        def build(size: float, chunk: Sequence[Item]):
            paras = self.bullet_paras([x for it in chunk for x in it.value], size, width, levels)
            return paras, _height(paras), _broken(paras)

        return fit(units, build, _sizes(max(start, BODY_FLOOR), BODY_FLOOR), height, pack=min(18.0, max(start, BODY_FLOOR)), split=split)

    def body_start(self, area: Area, default: float = BODY_SIZE) -> float:
        """Body text starts at the placeholder's own size (a template's look), else deckbuild's."""
        return min(area.size, 40.0) if area.size else default

    def slide_bullets(self, slide: m.Slide) -> None:
        g = self.grid("bullets", slide)
        area = g.body or g.content
        _, _, w, h = area.inner
        units = self.bullet_items(slide.content.items, f"{slide.path}.bullets", w, h)
        self.pages(slide, "bullets", g, self.fit_bullets(units, w, h, self.body_start(area), levels=area.sizes),
                   lambda page: [self.box(area, page.content, "body", anchor="t")])

    def chart_spec(self, chart: m.Chart, w: float, h: float, font_size: float, behind: str):
        face, bold = chart_faces(self.fonts, chart)
        measure = lambda t, s: sum(face.char_width(ch) for ch in t) * s
        colors = dict(self.c, text=self.readable(self.c["text"], behind, font_size, False),
                      muted=self.readable(self.c["muted"], behind, font_size, False))
        return charts.resolve(chart, w, h, font_size=font_size, palette=colors, face=face, bold_face=bold,
                              measure=measure)

    def slide_chart(self, slide: m.Slide) -> None:
        g = self.grid("chart", slide)
        c: m.ChartSlide = slide.content
        ax, ay, aw, ah = g.content.x, g.content.y, g.content.w, g.content.h
        boxes: list = []
        chart_w = aw if not c.bullets else aw * 0.62
        chart_h = ah
        if c.caption:
            cap = self.para(c.caption, 14, chart_w, color=self.c["muted"])
            chart_h -= cap.height + 8
            boxes.append(TextBox(ax, ay + chart_h + 8, chart_w, cap.height + 2, (cap,), "caption"))
        behind = g.behind_box(ax, ay, chart_w, chart_h)
        boxes.insert(0, ChartBox(ax, ay, chart_w, chart_h, self.chart_spec(c.chart, chart_w, chart_h, 14.0, behind)))
        if c.bullets:
            bx = ax + chart_w + 28
            bw = ax + aw - bx
            units = self.bullet_items(c.bullets, f"{slide.path}.bullets", bw, ah)
            (page,) = self.fit_bullets(units, bw, ah, start=20, split=False)
            boxes.append(TextBox(bx, ay, bw, ah, tuple(page.content), "body", anchor="m"))
        self.simple(slide, "chart", g, boxes, source=c.chart.source)

    def slide_stat(self, slide: m.Slide) -> None:
        g = self.grid("stat", slide)
        ax, ay, aw, ah = g.content.x, g.content.y, g.content.w, g.content.h
        stats = slide.content.items
        n = len(stats)
        gap = 24.0
        w = (aw - gap * (n - 1)) / n
        paths = [f"{slide.path}.stat[{i}]" if n > 1 else f"{slide.path}.stat" for i in range(n)]
        start = {1: 96, 2: 80, 3: 64, 4: 56}[n]
        # The figures share one size: the largest (down to 32 pt) at which every value fits its card's
        # width and leaves room for its label and detail at the floor.
        def room(s: float) -> bool:
            return all(self.fits_width(x.value, s, w - 24, True) for x in stats) and all(
                s * LINE_HEIGHT + 10 + _height([self.para(x.label, BODY_FLOOR, w - 24)])
                + (8 + _height([self.para(x.detail, BODY_FLOOR, w - 24)]) if x.detail else 0) <= ah - 24 for x in stats)

        value_size = next((s for s in _sizes(start, 32) if room(s)), None)
        if value_size is None:
            widest = max(range(n), key=lambda i: self.fonts.width(plain(stats[i].value), 32, True))
            raise _Unfit(f"the stat value '{_short(stats[widest].value)}'", stats[widest].span, f"{paths[widest]}.value")
        boxes: list = []
        for i, st in enumerate(stats):
            x = ax + i * (w + gap)

            def build(s: float, chunk, st=st):
                paras = [self.para(st.value, value_size, w - 24, color=self.c["accent"], bold=True, align="c"),
                         self.para(st.label, s, w - 24, align="c", space_before=10)]
                if st.detail:
                    paras.append(self.para(st.detail, max(BODY_FLOOR, s - 6), w - 24, color=self.c["muted"], align="c", space_before=8))
                return paras, _height(paras), _broken(paras)

            item = Item(st, st.span, paths[i], f"the stat '{_short(st.value)}'")
            (page,) = fit([item], build, _sizes(22, BODY_FLOOR), ah - 24, split=False)
            if n > 1:
                boxes.append(Rect(x, ay, w, ah, self.c["surface"], role="card"))
            boxes.append(TextBox(x + 12, ay + 12, w - 24, ah - 24, tuple(page.content), "stat", anchor="m"))
        self.simple(slide, "stat", g, boxes)

    def slide_quote(self, slide: m.Slide) -> None:
        g = self.grid("quote", slide)
        ax, ay, aw, ah = g.content.x, g.content.y, g.content.w, g.content.h
        q: m.Quote = slide.content
        x, w = ax + 80, aw - 120

        def build(s: float, chunk):
            paras = [self.para(q.text, s, w)]
            if q.by:
                paras.append(self.para(f"— {q.by}", max(BODY_FLOOR, s * 0.6), w, color=self.c["muted"], space_before=s * 0.6))
            return paras, _height(paras), _broken(paras)

        (page,) = fit([Item(q, q.span, f"{slide.path}.quote", "the quote")], build, _sizes(30, BODY_FLOOR), ah, split=False)
        mark = self.para("“", 96, 80, color=self.c["accent"], bold=True)
        boxes = [TextBox(ax, ay - 10, 80, 120, (mark,), "quote-mark"),
                 TextBox(x, ay, w, ah, tuple(page.content), "quote", anchor="m")]
        self.simple(slide, "quote", g, boxes)

    def slide_faq(self, slide: m.Slide) -> None:
        g = self.grid("faq", slide)
        ax, ay, aw, ah = g.content.x, g.content.y, g.content.w, g.content.h
        pad, gap = 14.0, 12.0
        w = aw - 2 * pad
        items = [Item(f, f.span, f"{slide.path}.faq[{i}]", f"the question '{_short(f.q)}'") for i, f in enumerate(slide.content.items)]

        def build(s: float, chunk: Sequence[Item]):
            cards = [[self.para(it.value.q, s, w, color=self.c["primary"], bold=True),
                      self.para(it.value.a, s - 2, w, space_before=s * 0.35)] for it in chunk]
            h = sum(_height(c) + 2 * pad for c in cards) + gap * (len(cards) - 1)
            return cards, h, any(_broken(c) for c in cards)

        def boxes_of(page: Fitted) -> list:
            boxes: list = []
            y = ay
            for paras in page.content:
                h = _height(paras) + 2 * pad
                boxes.append(Rect(ax, y, aw, h, self.c["surface"], role="card"))
                boxes.append(TextBox(ax + pad, y + pad, w, h - 2 * pad, tuple(paras), "faq"))
                y += h + gap
            return boxes

        self.pages(slide, "faq", g, fit(items, build, _sizes(20, BODY_FLOOR + 2), ah, pack=BODY_FLOOR + 2), boxes_of)

    def slide_columns(self, slide: m.Slide) -> None:
        g = self.grid("columns", slide)
        cols = slide.content.items
        n = len(cols)
        # Two columns in a layout with two body placeholders: each column's text goes into one.
        into = len(g.bodies) >= 2 and n == 2
        areas = g.bodies[:2] if into else ()
        ax, ay, aw, ah = g.content.x, g.content.y, g.content.w, g.content.h
        if into:
            ah = min(a.inner[3] for a in areas)
        gap, pad = 20.0, (0.0 if into else 16.0)
        w = min(a.inner[2] for a in areas) if into else (aw - gap * (n - 1)) / n

        def column(col: m.Column, s: float) -> list[Para]:
            head = self.para(col.title, s + 2, w - 2 * pad, color=self.c["primary"], bold=True)
            flat = [(lv, t) for b in col.bullets for lv, t in _flat(b, 1)]
            body = self.bullet_paras(flat, s, w - 2 * pad)
            if body:
                body[0] = replace(body[0], space_before=s * 0.7)
            return [head] + body

        items = [Item(c, c.span, f"{slide.path}.columns[{i}]", f"the column '{_short(c.title)}'") for i, c in enumerate(cols)]

        def build(s: float, chunk: Sequence[Item]):
            built = [column(it.value, s) for it in chunk]
            return built, max(_height(ps) for ps in built) + 2 * pad, any(_broken(ps) for ps in built)

        # Every column at one size, on one slide: columns are read side by side.
        start = self.body_start(areas[0], 20.0) if into else 20.0
        (page,) = fit(items, build, _sizes(min(start, 28.0), BODY_FLOOR), ah, split=False)
        boxes: list = []
        if into:
            boxes += [self.box(a, ps, "column", anchor="t") for a, ps in zip(areas, page.content)]
            return self.simple(slide, "columns", g, boxes)
        # Cards as tall as the fullest column (not the whole area: short columns looked empty).
        card_h = min(ah, max(ah * 0.6, max(_height(ps) for ps in page.content) + 2 * pad + 8))
        for i, ps in enumerate(page.content):
            x = ax + i * (w + gap)
            boxes.append(Rect(x, ay, w, card_h, self.c["surface"], role="card"))
            boxes.append(Rect(x, ay, w, 4, self.c["primary"], role="card-bar"))
            boxes.append(TextBox(x + pad, ay + pad, w - 2 * pad, card_h - 2 * pad, tuple(ps), "column"))
        self.simple(slide, "columns", g, boxes)

    def slide_table(self, slide: m.Slide) -> None:
        g = self.grid("table", slide)
        ax, ay, aw, ah = g.content.x, g.content.y, g.content.w, g.content.h
        t: m.Table = slide.content
        pad = 6.0
        ncol = len(t.columns)
        numeric = table_numeric(t)
        cap = None
        cap_h = 0.0
        if t.caption:
            cap = self.para(t.caption, 14, aw, color=self.c["muted"])
            cap_h = cap.height + 8
        avail = ah - cap_h
        white = WHITE
        header_text = self.readable(white, self.c["primary"].hex, 14, True)

        def widths(s: float) -> list[float]:
            def cw(text: str, bold: bool = False) -> float:
                return client_width(plain(text), lambda x, b: self.fonts.width(x, s, b), SCRIPT_GAP * s, bold,
                                    fit=lambda x, b: self.fonts.fit_width(x, s, b))

            natural = [max([cw(t.columns[j], True)] + [cw(r[j]) for r in t.rows]) / WRAP_SAFETY + 2 * pad + 2 for j in range(ncol)]
            return share_widths(natural, aw)

        def row(cells: Sequence[str], s: float, ws: list[float], header: bool) -> tuple[tuple[Cell, ...], float]:
            out, h = [], 0.0
            for j, text in enumerate(cells):
                p = self.para(text, s, ws[j] - 2 * pad, color=header_text if header else self.c["text"], bold=header,
                              align="r" if numeric[j] and not header else "l")
                out.append(Cell((p,)))
                h = max(h, p.height)
            return tuple(out), h + 2 * pad

        cache: dict[float, tuple] = {}

        def rows_at(s: float):
            if s not in cache:
                ws = widths(s)
                cache[s] = (ws, row(t.columns, s, ws, True), [row(r, s, ws, False) for r in t.rows])
            return cache[s]

        spans = t.row_spans or (t.span,) * len(t.rows)
        items = [Item(i, spans[i], f"{slide.path}.table.rows[{i}]", f"table row {i + 1}") for i in range(len(t.rows))]

        def build(s: float, chunk: Sequence[Item]):
            ws, head, body = rows_at(s)
            picked = [body[it.value] for it in chunk]
            h = head[1] + sum(b[1] for b in picked)
            broken = any(line.split for r in [head] + picked for c in r[0] for p in c.paras for line in p.lines)
            return (ws, head, picked), h, broken

        def boxes_of(page: Fitted) -> list:
            ws, head, picked = page.content
            rows = (head[0],) + tuple(r for r, _ in picked)
            heights = (head[1],) + tuple(h for _, h in picked)
            fills = tuple(self.c["primary"] if i == 0 else (self.c["surface"] if i % 2 == 0 else self.c.get("background", white))
                          for i in range(len(rows)))
            boxes: list = [TableBox(ax, ay, aw, sum(heights), tuple(ws), heights, rows, pad, fills, white)]
            if cap is not None:
                boxes.append(TextBox(ax, ay + sum(heights) + 8, aw, cap.height + 2, (cap,), "caption"))
            return boxes

        self.pages(slide, "table", g, fit(items, build, _sizes(18, BODY_FLOOR), avail, uniform=True), boxes_of)

    def slide_image(self, slide: m.Slide) -> None:
        g = self.grid("image", slide)
        ax, ay, aw, ah = g.content.x, g.content.y, g.content.w, g.content.h
        im: m.Image = slide.content
        boxes: list = []
        avail_h = ah
        if im.caption:
            cap = self.para(im.caption, 14, aw, color=self.c["muted"], align="c")
            avail_h -= cap.height + 8
            boxes.append(TextBox(ax, ay + avail_h + 8, aw, cap.height + 2, (cap,), "caption"))
        scale = min(aw / im.width_px, avail_h / im.height_px)
        w, h = im.width_px * scale, im.height_px * scale
        boxes.insert(0, ImageBox(ax + (aw - w) / 2, ay + (avail_h - h) / 2, w, h, str(im.path), im.alt))
        self.simple(slide, "image", g, boxes)

    # ---- the deck --------------------------------------------------------------------------
    def warn_fonts(self) -> None:
        """The template's theme fonts differ from the faces deckbuild measures with: said once."""
        names = self.grids.font_names()
        ours = {self.fonts.regular.family, self.fonts.bold.family}
        others = sorted(n for n in names if n not in ours and not n.startswith("+"))
        if others and self.deck.theme.template_span is not None:
            self.problems.warning(self.deck.theme.template_span, "theme.template",
                                  f"the template's fonts ({', '.join(others)}) are not the faces deckbuild measures and embeds "
                                  f"({self.fonts.regular.family}); the deck's text is set in {self.fonts.regular.family}",
                                  code="template-fonts")

    def run(self) -> Plan:
        info = self.info = doc_info(self.deck)
        self.warn_fonts()
        try:
            self._run(info)
        except _TooMany as e:
            self.problems.error(e.span, "sections", f"with continuation slides the deck passes {MAX_SLIDES:,} slides; split the outline",
                                code="too-many-slides")
        sections = tuple(replace(s, slides=tuple(p.number for p in self.slides if p.section == k)) for k, s in enumerate(self.sections))
        slides = tuple(self.slides)
        plan = Plan(info, slides, sections, None, dict(self.c), self.width, self.height,
                    tuple(s.cite() + (f" — {s.url}" if s.url else "") for s in self.deck.sources))
        if self.problems.has_errors:
            return plan
        from .handout import plan_handout

        return replace(plan, handout=plan_handout(self.deck, plan, self.fonts))

    def _run(self, info: DocInfo) -> None:
        self.title_slide(info)
        for n, section in enumerate(self.deck.sections, 1):
            self.sections.append(PlanSection(n, section.id, section.title, ()))
            if section.divider:
                self.divider(section)
            for slide in section.slides:
                self.slide(slide)
        if self.deck.sources:
            try:
                self.sources_slide()
            except _Unfit as e:
                self.problems.error(e.span or self.deck.sources[0].span, e.path or "sources", f"{e.what} does not fit on a slide; shorten it",
                                    code="item-too-big")


def chart_faces(fonts: FontSet, chart: m.Chart):
    """The one face (and its bold) a chart is drawn in: the first of the chain that has every
    character of its labels, legend and figures (validation made sure there is one)."""
    text = "".join([*chart.categories, *(s.name for s in chart.series), chart.unit or "", chart.number_format or "", m.CHART_FIGURES])
    face = fonts.face_covering(text) or fonts.regular
    bold = fonts.face_covering(text, bold=True) or face
    return face, bold


def _flat(b: m.Bullet, level: int) -> list[tuple[int, str]]:
    return [(level, b.text)] + [x for c in b.children for x in _flat(c, level + 1)]


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


def table_numeric(t: m.Table) -> tuple[bool, ...]:
    """Per column: every non-empty cell is a number (with at most a short unit), so it is right-aligned."""
    return tuple(all(_NUMERIC.match(r[j].strip()) for r in t.rows if r[j].strip()) and any(r[j].strip() for r in t.rows)
                 for j in range(len(t.columns)))


def layout(deck: m.Deck, fonts: FontSet | None = None, frame: Frame | None = None) -> Plan:
    """Lay out a (selected) deck in `frame` (its template; deckbuild's own slide without one);
    raise `OutlineError` when something cannot fit. Warnings are in `Plan.warnings`."""
    fonts = fonts or FontSet(deck.theme.fonts)
    if frame is None and deck.theme.template is not None:
        from .template import read_frame

        frame = read_frame(deck.theme.template)
    problems = Problems()
    plan = Layout(deck, fonts, problems, frame).run()
    problems.raise_if_errors()
    return replace(plan, warnings=tuple(problems.sorted()))
