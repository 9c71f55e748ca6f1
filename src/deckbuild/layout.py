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
from .plan import (SLIDE_H, SLIDE_W, WHITE, Cell, ChartBox, Color, DocInfo, ImageBox, Para, Plan, PlanSection,
                   PlanSlide, Rect, TableBox, TextBox)
from .problems import Problems, Span
from .text import client_width, parse_inline, plain, wrap

# The grid (points on a 960 × 540 slide): 0.6 in margins, a title band, a content area, a footer.
MARGIN = 43.2
CONTENT_W = SLIDE_W - 2 * MARGIN
TITLE_Y, TITLE_H = 26.0, 80.0
BAR_Y = 112.0
CONTENT_Y, CONTENT_H = 130.0, 346.0
FOOTER_Y, FOOTER_H = 492.0, 22.0

TITLE_SIZE, TITLE_FLOOR = 32.0, 24.0
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


def palette(deck: m.Deck) -> dict[str, Color]:
    """Colour roles → colours: the theme's, over deckbuild's defaults."""
    return {role: Color(hex_) for role, hex_ in {**m.DEFAULT_COLORS, **deck.theme.colors}.items()}


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
    def __init__(self, deck: m.Deck, fonts: FontSet, problems: Problems):
        self.deck = deck
        self.fonts = fonts
        self.c = palette(deck)
        self.problems = problems
        self.slides: list[PlanSlide] = []
        self.sections: list[PlanSection] = []
        self.width, self.height = SLIDE_W, SLIDE_H

    # ---- text ------------------------------------------------------------------------------
    def para(self, text: str, size: float, width: float, *, color: Color | None = None, bold: bool = False,
             level: int = 0, space_before: float = 0.0, align: str = "l") -> Para:
        indent = INDENT.get(level, 0.0)
        lines = wrap(parse_inline(text, bold), (width - indent) * WRAP_SAFETY, lambda t, b: self.fonts.width(t, size, b),
                     SCRIPT_GAP * size)
        return Para(
            lines=tuple(lines), size=size, color=color or self.c["text"], bold=bold, level=level,
            bullet=BULLETS.get(level), bullet_color=self.c["primary"] if level else None,
            indent=indent, hang=HANG.get(level, 0.0), space_before=space_before, align=align,
        )

    def fits_width(self, text: str, size: float, width: float, bold: bool = False) -> bool:
        measure = lambda t, b: self.fonts.width(t, size, b)
        return client_width(plain(text), measure, SCRIPT_GAP * size, bold) <= width * WRAP_SAFETY

    # ---- shared pieces ---------------------------------------------------------------------
    def title_box(self, title: str, span: Span, path: str) -> TextBox:
        for size in _sizes(TITLE_SIZE, TITLE_FLOOR):
            p = self.para(title, size, CONTENT_W, bold=True)
            if len(p.lines) <= 2 and p.height <= TITLE_H:
                return TextBox(MARGIN, TITLE_Y, CONTENT_W, TITLE_H, (p,), "title", anchor="b")
        self.problems.error(span, f"{path}.title", f"the title does not fit in two lines at {TITLE_FLOOR:g} pt; shorten it",
                            code="title-too-long")
        p = self.para(title, TITLE_FLOOR, CONTENT_W, bold=True)
        return TextBox(MARGIN, TITLE_Y, CONTENT_W, TITLE_H, (p,), "title", anchor="b")

    def chrome(self, source: str | None, bar: bool = True) -> list:
        """The accent bar under the title and the footer rule; the footer's source line if any."""
        boxes: list = [Rect(MARGIN, BAR_Y, 56, 4, self.c["primary"], role="accent-bar")] if bar else []
        boxes.append(Rect(MARGIN, FOOTER_Y - 6, CONTENT_W, 0.75, RULE, role="footer-rule"))
        if source:
            text = f"출처: {source}"
            size = 11.0
            while size > 8 and not self.fits_width(text, size, CONTENT_W - 80):
                size -= 0.5
            p = self.para(text, size, CONTENT_W - 80, color=self.c["muted"])
            boxes.append(TextBox(MARGIN, FOOTER_Y, CONTENT_W - 80, FOOTER_H + 10, (p,), "source"))
        return boxes

    def add(self, kind: str, title: str, boxes: list, *, slide: m.Slide | None = None, span: Span | None = None,
            continued: bool = False, background: Color | None = None, number_color: Color | None = None) -> None:
        number = len(self.slides) + 1
        if number > MAX_SLIDES + 2:  # the outline's own limit, plus the title and sources slides
            raise _TooMany(span or (slide.span if slide else self.deck.span))
        p = self.para(str(number), 11, 60, color=number_color or self.c["muted"], align="r")
        boxes = list(boxes) + [TextBox(SLIDE_W - MARGIN - 60, FOOTER_Y, 60, FOOTER_H, (p,), "number")]
        section = len(self.sections) - 1 if self.sections and kind not in ("title", "sources") else None
        self.slides.append(PlanSlide(
            number=number, kind=kind, title=plain(title), boxes=tuple(boxes),
            notes=slide.notes if slide else None, span=span or (slide.span if slide else self.deck.span),
            section=section, background=background, continued=continued,
        ))

    # ---- generated slides ------------------------------------------------------------------
    def title_slide(self, info: DocInfo) -> None:
        d, a = self.deck, self.deck.audience
        w = CONTENT_W - 40
        box_h = 200.0
        for size in _sizes(44, 28):
            p = self.para(d.title, size, w, bold=True)
            if p.height <= box_h:
                break
        else:
            self.problems.error(self.deck.span, "title", "the title does not fit the title slide; shorten it", code="title-too-long")
        boxes: list = [Rect(0, 0, 18, SLIDE_H, self.c["primary"], role="side-bar"),
                       TextBox(MARGIN + 20, 60, w, box_h, (p,), "title", anchor="b"),
                       Rect(MARGIN + 20, 276, 80, 5, self.c["accent"], role="accent-bar")]
        paras: list[Para] = []
        if d.subtitle:
            paras.append(self.para(d.subtitle, 24, w, color=self.c["primary"]))
        meta = " · ".join(x for x in (d.author, info.date) if x)
        if meta:
            paras.append(self.para(meta, 18, w, color=self.c["muted"], space_before=14))
        if a and a.description:
            paras.append(self.para(a.description, 18, w, color=self.c["accent"], bold=True, space_before=8))
        if paras:
            boxes.append(TextBox(MARGIN + 20, 296, w, 190, tuple(paras), "subtitle"))
        self.add("title", d.title, boxes, span=self.deck.span)

    def sources_slide(self) -> None:
        """A numbered list of the sources, continued on more slides when long."""
        items = [Item(s.cite() + (f" — {s.url}" if s.url else ""), s.span, f"sources[{i}]", f"the source '{_short(s.cite())}'")
                 for i, s in enumerate(self.deck.sources)]

        def build(size: float, chunk: Sequence[Item]):
            paras = [self.para(it.value, size, CONTENT_W, level=1, space_before=0 if i == 0 else size * 0.5)
                     for i, it in enumerate(chunk)]
            return paras, _height(paras), _broken(paras)

        number = 1
        for n, page in enumerate(fit(items, build, _sizes(20, BODY_FLOOR), CONTENT_H, pack=20.0)):
            title = "출처" + (CONTINUED if n else "")
            paras = [replace(p, bullet=f"{number + i}.") for i, p in enumerate(page.content)]
            number += len(page.items)
            boxes = [self.title_box(title, self.deck.span, "sources")] + self.chrome(None)
            boxes.append(TextBox(MARGIN, CONTENT_Y, CONTENT_W, CONTENT_H, tuple(paras), "body"))
            self.add("sources", title, boxes, span=self.deck.sources[0].span, continued=n > 0)

    def divider(self, section: m.Section) -> None:
        white = WHITE
        paras = [self.para(section.title, 40, CONTENT_W, color=white, bold=True)]
        if section.summary:
            paras.append(self.para(section.summary, 22, CONTENT_W, color=white, space_before=16))
        boxes = [TextBox(MARGIN, 140, CONTENT_W, 260, tuple(paras), "title", anchor="m")]
        self.add("divider", section.title, boxes, span=section.span, background=self.c["primary"], number_color=white)

    # ---- content slides --------------------------------------------------------------------
    def slide(self, slide: m.Slide) -> None:
        try:
            getattr(self, f"slide_{slide.kind}")(slide)
        except _Unfit as e:
            self.problems.error(e.span or slide.span, e.path or slide.path,
                                f"{e.what} does not fit on a slide even at {BODY_FLOOR:g} pt; shorten it or split it",
                                code="item-too-big")

    def simple(self, slide: m.Slide, kind: str, boxes: list, source: str | None = None, title: str | None = None,
               continued: bool = False) -> None:
        title = title or slide.title
        head = [self.title_box(title, slide.span, slide.path)] + self.chrome(source)
        self.add(kind, title, head + boxes, slide=slide, continued=continued)

    def pages(self, slide: m.Slide, kind: str, fitted: list[Fitted], boxes_of: Callable[[Fitted], list]) -> None:
        for n, page in enumerate(fitted):
            self.simple(slide, kind, boxes_of(page), title=slide.title + (CONTINUED if n else ""), continued=n > 0)

    def slide_title(self, slide: m.Slide) -> None:
        """A slide with only a title states one message: set large in the middle of the slide."""
        w = CONTENT_W - 80
        item = Item(slide.title, slide.span, f"{slide.path}.title", "the title")

        def build(size: float, chunk):
            paras = [self.para(slide.title, size, w, bold=True)]
            return paras, _height(paras), _broken(paras)

        (page,) = fit([item], build, _sizes(44, TITLE_FLOOR), CONTENT_H, split=False)
        boxes = [Rect(MARGIN, 210, 6, 120, self.c["accent"], role="accent-bar"),
                 TextBox(MARGIN + 40, CONTENT_Y - 40, w, CONTENT_H, tuple(page.content), "title", anchor="m")]
        self.add("title-only", slide.title, boxes + self.chrome(None, bar=False), slide=slide)

    def bullet_paras(self, items: Sequence[tuple[int, str]], size: float, width: float) -> list[Para]:
        out: list[Para] = []
        for level, text in items:
            s = size - 2 * (level - 1)
            gap = 0.0 if not out else (s * 0.55 if level == 1 else s * 0.25)
            out.append(self.para(text, s, width, level=level, space_before=gap))
        return out

    def bullet_items(self, bullets: Sequence[m.Bullet], path: str) -> list[Item]:
        """Top-level bullets as fitting units (each with its sub-points, flattened to (level, text));
        a bullet whose sub-points cannot share one slide gives them up as units of their own."""

        def flat(b: m.Bullet, level: int) -> list[tuple[int, str]]:
            return [(level, b.text)] + [x for c in b.children for x in flat(c, level + 1)]

        units = []
        for i, b in enumerate(bullets):
            p = f"{path}[{i}]"
            group = Item(tuple(flat(b, 1)), b.span, p, f"the bullet '{_short(b.text)}'")
            if b.children and _height(self.bullet_paras(group.value, BODY_FLOOR, CONTENT_W)) > CONTENT_H:
                units.append(Item(((1, b.text),), b.span, p, group.name))
                for j, c in enumerate(b.children):
                    units.append(Item(tuple(flat(c, 2)), c.span, f"{p}.bullets[{j}]", f"the bullet '{_short(c.text)}'"))
            else:
                units.append(group)
        return units

    def fit_bullets(self, units: Sequence[Item], width: float, height: float, start: float = BODY_SIZE,
                    split: bool = True) -> list[Fitted]:
        def build(size: float, chunk: Sequence[Item]):
            paras = self.bullet_paras([x for it in chunk for x in it.value], size, width)
            return paras, _height(paras), _broken(paras)

        return fit(units, build, _sizes(start, BODY_FLOOR), height, pack=18.0, split=split)

    def slide_bullets(self, slide: m.Slide) -> None:
        units = self.bullet_items(slide.content.items, f"{slide.path}.bullets")
        self.pages(slide, "bullets", self.fit_bullets(units, CONTENT_W, CONTENT_H),
                   lambda page: [TextBox(MARGIN, CONTENT_Y, CONTENT_W, CONTENT_H, tuple(page.content), "body")])

    def chart_spec(self, chart: m.Chart, w: float, h: float, font_size: float):
        face = self.fonts.regular
        covering = getattr(self.fonts, "face_covering", None)
        text = " ".join([*chart.categories, *(s.name for s in chart.series), chart.unit or ""])
        if covering is not None:
            face = covering(text) or face
        bold = self.fonts.bold if face is self.fonts.regular else face
        measure = lambda t, s: sum(face.char_width(ch) for ch in t) * s
        return charts.resolve(chart, w, h, font_size=font_size, palette=self.c, face=face.family, bold_face=bold.family,
                              measure=measure)

    def slide_chart(self, slide: m.Slide) -> None:
        c: m.ChartSlide = slide.content
        boxes: list = []
        chart_w = CONTENT_W if not c.bullets else CONTENT_W * 0.62
        chart_h = CONTENT_H
        if c.caption:
            cap = self.para(c.caption, 14, chart_w, color=self.c["muted"])
            chart_h -= cap.height + 8
            boxes.append(TextBox(MARGIN, CONTENT_Y + chart_h + 8, chart_w, cap.height + 2, (cap,), "caption"))
        boxes.insert(0, ChartBox(MARGIN, CONTENT_Y, chart_w, chart_h, self.chart_spec(c.chart, chart_w, chart_h, 14.0)))
        if c.bullets:
            bx = MARGIN + chart_w + 28
            bw = SLIDE_W - MARGIN - bx
            units = self.bullet_items(c.bullets, f"{slide.path}.bullets")
            (page,) = self.fit_bullets(units, bw, CONTENT_H, start=20, split=False)
            boxes.append(TextBox(bx, CONTENT_Y, bw, CONTENT_H, tuple(page.content), "body", anchor="m"))
        self.simple(slide, "chart", boxes, source=c.chart.source)

    def slide_stat(self, slide: m.Slide) -> None:
        stats = slide.content.items
        n = len(stats)
        gap = 24.0
        w = (CONTENT_W - gap * (n - 1)) / n
        paths = [f"{slide.path}.stat[{i}]" if n > 1 else f"{slide.path}.stat" for i in range(n)]
        start = {1: 96, 2: 80, 3: 64, 4: 56}[n]
        value_size = next((s for s in _sizes(start, 32) if all(self.fits_width(x.value, s, w - 24, True) for x in stats)), None)
        if value_size is None:
            widest = max(range(n), key=lambda i: self.fonts.width(plain(stats[i].value), 32, True))
            raise _Unfit(f"the stat value '{_short(stats[widest].value)}'", stats[widest].span, f"{paths[widest]}.value")
        boxes: list = []
        for i, st in enumerate(stats):
            x = MARGIN + i * (w + gap)

            def build(s: float, chunk, st=st):
                paras = [self.para(st.value, value_size, w - 24, color=self.c["accent"], bold=True, align="c"),
                         self.para(st.label, s, w - 24, align="c", space_before=10)]
                if st.detail:
                    paras.append(self.para(st.detail, max(BODY_FLOOR, s - 6), w - 24, color=self.c["muted"], align="c", space_before=8))
                return paras, _height(paras), _broken(paras)

            item = Item(st, st.span, paths[i], f"the stat '{_short(st.value)}'")
            (page,) = fit([item], build, _sizes(22, BODY_FLOOR), CONTENT_H - 24, split=False)
            if n > 1:
                boxes.append(Rect(x, CONTENT_Y, w, CONTENT_H, self.c["surface"], role="card"))
            boxes.append(TextBox(x + 12, CONTENT_Y + 12, w - 24, CONTENT_H - 24, tuple(page.content), "stat", anchor="m"))
        self.simple(slide, "stat", boxes)

    def slide_quote(self, slide: m.Slide) -> None:
        q: m.Quote = slide.content
        x, w = MARGIN + 80, CONTENT_W - 120

        def build(s: float, chunk):
            paras = [self.para(q.text, s, w)]
            if q.by:
                paras.append(self.para(f"— {q.by}", max(BODY_FLOOR, s * 0.6), w, color=self.c["muted"], space_before=s * 0.6))
            return paras, _height(paras), _broken(paras)

        (page,) = fit([Item(q, q.span, f"{slide.path}.quote", "the quote")], build, _sizes(30, BODY_FLOOR), CONTENT_H, split=False)
        mark = self.para("“", 96, 80, color=self.c["accent"], bold=True)
        boxes = [TextBox(MARGIN, CONTENT_Y - 10, 80, 120, (mark,), "quote-mark"),
                 TextBox(x, CONTENT_Y, w, CONTENT_H, tuple(page.content), "quote", anchor="m")]
        self.simple(slide, "quote", boxes)

    def slide_faq(self, slide: m.Slide) -> None:
        pad, gap = 14.0, 12.0
        w = CONTENT_W - 2 * pad
        items = [Item(f, f.span, f"{slide.path}.faq[{i}]", f"the question '{_short(f.q)}'") for i, f in enumerate(slide.content.items)]

        def build(s: float, chunk: Sequence[Item]):
            cards = [[self.para(it.value.q, s, w, color=self.c["primary"], bold=True),
                      self.para(it.value.a, s - 2, w, space_before=s * 0.35)] for it in chunk]
            h = sum(_height(c) + 2 * pad for c in cards) + gap * (len(cards) - 1)
            return cards, h, any(_broken(c) for c in cards)

        def boxes_of(page: Fitted) -> list:
            boxes: list = []
            y = CONTENT_Y
            for paras in page.content:
                h = _height(paras) + 2 * pad
                boxes.append(Rect(MARGIN, y, CONTENT_W, h, self.c["surface"], role="card"))
                boxes.append(TextBox(MARGIN + pad, y + pad, w, h - 2 * pad, tuple(paras), "faq"))
                y += h + gap
            return boxes

        self.pages(slide, "faq", fit(items, build, _sizes(20, BODY_FLOOR + 2), CONTENT_H, pack=BODY_FLOOR + 2), boxes_of)

    def slide_columns(self, slide: m.Slide) -> None:
        cols = slide.content.items
        n, gap, pad = len(cols), 20.0, 16.0
        w = (CONTENT_W - gap * (n - 1)) / n

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
        (page,) = fit(items, build, _sizes(20, BODY_FLOOR), CONTENT_H, split=False)
        boxes: list = []
        # Cards as tall as the fullest column (not the whole area: short columns looked empty).
        card_h = min(CONTENT_H, max(CONTENT_H * 0.6, max(_height(ps) for ps in page.content) + 2 * pad + 8))
        for i, ps in enumerate(page.content):
            x = MARGIN + i * (w + gap)
            boxes.append(Rect(x, CONTENT_Y, w, card_h, self.c["surface"], role="card"))
            boxes.append(Rect(x, CONTENT_Y, w, 4, self.c["primary"], role="card-bar"))
            boxes.append(TextBox(x + pad, CONTENT_Y + pad, w - 2 * pad, card_h - 2 * pad, tuple(ps), "column"))
        self.simple(slide, "columns", boxes)

    def slide_table(self, slide: m.Slide) -> None:
        t: m.Table = slide.content
        pad = 6.0
        ncol = len(t.columns)
        numeric = table_numeric(t)
        cap = None
        cap_h = 0.0
        if t.caption:
            cap = self.para(t.caption, 14, CONTENT_W, color=self.c["muted"])
            cap_h = cap.height + 8
        avail = CONTENT_H - cap_h
        white = WHITE

        def widths(s: float) -> list[float]:
            def cw(text: str, bold: bool = False) -> float:
                return client_width(plain(text), lambda x, b: self.fonts.width(x, s, b), SCRIPT_GAP * s, bold)

            natural = [max([cw(t.columns[j], True)] + [cw(r[j]) for r in t.rows]) / WRAP_SAFETY + 2 * pad + 2 for j in range(ncol)]
            return share_widths(natural, CONTENT_W)

        def row(cells: Sequence[str], s: float, ws: list[float], header: bool) -> tuple[tuple[Cell, ...], float]:
            out, h = [], 0.0
            for j, text in enumerate(cells):
                p = self.para(text, s, ws[j] - 2 * pad, color=white if header else self.c["text"], bold=header,
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
            fills = tuple(self.c["primary"] if i == 0 else (self.c["surface"] if i % 2 == 0 else white) for i in range(len(rows)))
            boxes: list = [TableBox(MARGIN, CONTENT_Y, CONTENT_W, sum(heights), tuple(ws), heights, rows, pad, fills, white)]
            if cap is not None:
                boxes.append(TextBox(MARGIN, CONTENT_Y + sum(heights) + 8, CONTENT_W, cap.height + 2, (cap,), "caption"))
            return boxes

        self.pages(slide, "table", fit(items, build, _sizes(18, BODY_FLOOR), avail, uniform=True), boxes_of)

    def slide_image(self, slide: m.Slide) -> None:
        im: m.Image = slide.content
        boxes: list = []
        avail_h = CONTENT_H
        if im.caption:
            cap = self.para(im.caption, 14, CONTENT_W, color=self.c["muted"], align="c")
            avail_h -= cap.height + 8
            boxes.append(TextBox(MARGIN, CONTENT_Y + avail_h + 8, CONTENT_W, cap.height + 2, (cap,), "caption"))
        scale = min(CONTENT_W / im.width_px, avail_h / im.height_px)
        w, h = im.width_px * scale, im.height_px * scale
        boxes.insert(0, ImageBox(MARGIN + (CONTENT_W - w) / 2, CONTENT_Y + (avail_h - h) / 2, w, h, str(im.path), im.alt))
        self.simple(slide, "image", boxes)

    # ---- the deck --------------------------------------------------------------------------
    def run(self) -> Plan:
        info = doc_info(self.deck)
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


def layout(deck: m.Deck, fonts: FontSet | None = None) -> Plan:
    """Lay out a (selected) deck; raise `OutlineError` when something cannot fit."""
    fonts = fonts or FontSet(deck.theme.fonts)
    problems = Problems()
    plan = Layout(deck, fonts, problems).run()
    problems.raise_if_errors()
    return plan
