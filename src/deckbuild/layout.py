"""Deck × FontSet → Plan: places every slide on the grid, measures and wraps its text with the
real font, shrinks it to a floor, and splits what still does not fit into "(계속)" slides.

The only module that measures text. Both renderers draw the `Plan` it returns, so the deck,
the handout's thumbnails and the plan dump cannot disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Sequence

from . import model as m
from .fonts import FontSet
from .plan import SLIDE_H, SLIDE_W, Cell, ChartBox, ImageBox, Para, Plan, PlanSlide, Rect, TableBox, TextBox
from .problems import Problems, Span
from .limits import MAX_SLIDES
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

# Text is wrapped to this share of its box, and each switch between Hangul and Latin script
# counts SCRIPT_GAP em more: LibreOffice adds about 0.24 em there (measured by rendering
# "가a가a…", "가·가·…" and "가1가1…" through it; see tests/test_libreoffice.py), PowerPoint
# nothing. With both, a planned line never wraps again in the viewer.
WRAP_SAFETY = 0.95
SCRIPT_GAP = 0.25
BULLETS = {1: "•", 2: "–", 3: "·"}
INDENT = {1: 26.0, 2: 56.0, 3: 84.0}
_NUMERIC = re.compile(r"^[+\-−]?[\d.,]+\s*[%a-zA-Z가-힣]{0,3}$")


class _TooMany(Exception):
    """Continuation slides took the deck past the slide limit."""

    def __init__(self, span: Span):
        self.span = span


class _Unfit(Exception):
    """One item cannot fit its box even at the floor size."""

    def __init__(self, what: str):
        self.what = what


@dataclass
class _Ctx:
    fonts: FontSet
    colors: dict[str, str]

    def para(self, text: str, size: float, width: float, *, color: str | None = None, bold: bool = False,
             level: int = 0, space_before: float = 0.0, align: str = "l") -> Para:
        indent = INDENT.get(level, 0.0)
        measure: Callable[[str, bool], float] = lambda t, b: self.fonts.width(t, size, b)
        lines = wrap(parse_inline(text, bold), (width - indent) * WRAP_SAFETY, measure, SCRIPT_GAP * size)
        return Para(
            lines=tuple(lines), size=size, color=color or self.colors["text"], bold=bold, level=level,
            bullet=BULLETS.get(level), bullet_color=self.colors["primary"] if level else None,
            indent=indent, space_before=space_before, align=align,
        )

    def fits_width(self, text: str, size: float, width: float, bold: bool = False) -> bool:
        measure = lambda t, b: self.fonts.width(t, size, b)
        return client_width(plain(text), measure, SCRIPT_GAP * size, bold) <= width * WRAP_SAFETY


def _largest(sizes: Sequence[float], build: Callable[[float], list[Para]], height: float) -> tuple[float, list[Para]] | None:
    """The largest size whose paragraphs fit `height`, or None.

    A size at which some word must break mid-word is taken only when no size avoids it:
    a slightly smaller font reads better than "제조·" / "교육".
    """
    fallback = None
    for size in sizes:
        paras = build(size)
        if sum(p.height for p in paras) <= height:
            if not any(line.split for p in paras for line in p.lines):
                return size, paras
            fallback = fallback or (size, paras)
    return fallback


def _sizes(start: float, floor: float) -> list[float]:
    out, s = [], start
    while s >= floor:
        out.append(s)
        s -= 1
    return out


class Layout:
    def __init__(self, deck: m.Deck, fonts: FontSet, problems: Problems):
        self.deck = deck
        self.ctx = _Ctx(fonts, deck.theme.colors)
        self.c = deck.theme.colors
        self.problems = problems
        self.slides: list[PlanSlide] = []

    # ---- shared pieces ---------------------------------------------------------------------
    def title_box(self, title: str, where: m.Slide | None, span: Span, path: str) -> TextBox:
        for size in _sizes(TITLE_SIZE, TITLE_FLOOR):
            p = self.ctx.para(title, size, CONTENT_W, bold=True)
            if len(p.lines) <= 2 and p.height <= TITLE_H:
                return TextBox(MARGIN, TITLE_Y, CONTENT_W, TITLE_H, (p,), "title", anchor="b")
        self.problems.error(span, f"{path}.title", f"the title does not fit in two lines at {TITLE_FLOOR:g} pt; shorten it")
        p = self.ctx.para(title, TITLE_FLOOR, CONTENT_W, bold=True)
        return TextBox(MARGIN, TITLE_Y, CONTENT_W, TITLE_H, (p,), "title", anchor="b")

    def chrome(self, source: str | None) -> list:
        """The accent bar under the title and the footer rule; the footer text is added per slide."""
        boxes: list = [Rect(MARGIN, BAR_Y, 56, 4, self.c["primary"], role="accent-bar"),
                       Rect(MARGIN, FOOTER_Y - 6, CONTENT_W, 0.75, "#D0D7DE", role="footer-rule")]
        if source:
            text = f"출처: {source}"
            size = 11.0
            while size > 8 and not self.ctx.fits_width(text, size, CONTENT_W - 80):
                size -= 0.5
            p = self.ctx.para(text, size, CONTENT_W - 80, color=self.c["muted"])
            boxes.append(TextBox(MARGIN, FOOTER_Y, CONTENT_W - 80, FOOTER_H + 10, (p,), "source"))
        return boxes

    def add(self, kind: str, title: str, boxes: list, *, slide: m.Slide | None = None, section: m.Section | None = None,
            span: Span | None = None, continued: bool = False, background: str | None = None, number_color: str | None = None) -> None:
        number = len(self.slides) + 1
        if number > MAX_SLIDES + 2:  # the outline's own limit, plus the title and sources slides
            raise _TooMany(span or (slide.span if slide else self.deck.span))
        p = self.ctx.para(str(number), 11, 60, color=number_color or self.c["muted"], align="r")
        boxes = list(boxes) + [TextBox(SLIDE_W - MARGIN - 60, FOOTER_Y, 60, FOOTER_H, (p,), "number")]
        self.slides.append(PlanSlide(
            number=number, kind=kind, title=title, boxes=tuple(boxes),
            notes=slide.notes if slide else None, span=span or (slide.span if slide else self.deck.span),
            section_id=section.id if section else None,
            background=background, continued=continued, handout=slide.handout if slide else None,
        ))

    # ---- generated slides ------------------------------------------------------------------
    def title_slide(self) -> None:
        d, a = self.deck, self.deck.audience
        title = (a.title if a and a.title else None) or d.title
        subtitle = (a.subtitle if a and a.subtitle else None) or d.subtitle
        w = CONTENT_W - 40
        box_h = 200.0
        for size in _sizes(44, 28):
            p = self.ctx.para(title, size, w, bold=True)
            if p.height <= box_h:
                break
        else:
            self.problems.error(d.span, "title", "the title does not fit the title slide; shorten it")
        boxes: list = [Rect(0, 0, 18, SLIDE_H, self.c["primary"], role="side-bar"),
                       TextBox(MARGIN + 20, 60, w, box_h, (p,), "title", anchor="b"),
                       Rect(MARGIN + 20, 276, 80, 5, self.c["accent"], role="accent-bar")]
        paras: list[Para] = []
        if subtitle:
            paras.append(self.ctx.para(subtitle, 24, w, color=self.c["primary"]))
        meta = " · ".join(x for x in (d.author, d.date.isoformat() if d.date else None) if x)
        if meta:
            paras.append(self.ctx.para(meta, 18, w, color=self.c["muted"], space_before=14))
        if a and a.description:
            paras.append(self.ctx.para(a.description, 18, w, color=self.c["accent"], bold=True, space_before=8))
        if paras:
            boxes.append(TextBox(MARGIN + 20, 296, w, 190, tuple(paras), "subtitle"))
        self.add("title", title, boxes, span=d.span)

    def sources_slide(self) -> None:
        """A numbered list of the sources, continued on more slides when long."""
        items = [s.cite() + (f" — {s.url}" if s.url else "") for s in self.deck.sources]

        def build(size: float, chunk: Sequence[str]) -> list[Para]:
            return [self.ctx.para(t, size, CONTENT_W, level=1, space_before=0 if i == 0 else size * 0.5)
                    for i, t in enumerate(chunk)]

        number = 1
        for n, chunk in enumerate(self.pack(items, build, 20.0)):
            title = "출처" + (CONTINUED if n else "")
            fit = _largest(_sizes(20, BODY_FLOOR), lambda s: build(s, chunk), CONTENT_H)
            if fit is None:
                raise _Unfit(f"the source '{chunk[0][:40]}'")
            paras = [replace(p, bullet=f"{number + i}.") for i, p in enumerate(fit[1])]
            number += len(chunk)
            boxes = [self.title_box(title, None, self.deck.span, "sources")] + self.chrome(None)
            boxes.append(TextBox(MARGIN, CONTENT_Y, CONTENT_W, CONTENT_H, tuple(paras), "body"))
            self.add("sources", title, boxes, span=self.deck.sources[0].span, continued=n > 0)

    def divider(self, section: m.Section) -> None:
        w = CONTENT_W
        paras = [self.ctx.para(section.title, 40, w, color="#FFFFFF", bold=True)]
        if section.summary:
            paras.append(self.ctx.para(section.summary, 22, w, color="#FFFFFF", space_before=16))
        boxes = [TextBox(MARGIN, 140, w, 260, tuple(paras), "title", anchor="m")]
        self.add("divider", section.title, boxes, section=section, span=section.span, background=self.c["primary"], number_color="#FFFFFF")

    # ---- packing ---------------------------------------------------------------------------
    def pack(self, items: Sequence, build: Callable[[float, Sequence], list[Para]], size: float, height: float = CONTENT_H) -> list[list]:
        """Greedy: as many whole items per slide as fit at `size`."""
        chunks: list[list] = []
        current: list = []
        for item in items:
            trial = current + [item]
            if current and sum(p.height for p in build(size, trial)) > height:
                chunks.append(current)
                current = [item]
            else:
                current = trial
        if current:
            chunks.append(current)
        return chunks

    # ---- content slides --------------------------------------------------------------------
    def slide(self, section: m.Section, slide: m.Slide) -> None:
        kind = slide.kind
        try:
            getattr(self, f"slide_{kind}")(section, slide)
        except _Unfit as e:
            self.problems.error(slide.span, slide.path, f"{e.what} does not fit on a slide even at {BODY_FLOOR:g} pt; shorten it or split it")

    def simple(self, section, slide, kind, boxes, source=None, title=None, continued=False) -> None:
        title = title or slide.title
        head = [self.title_box(title, slide, slide.span, slide.path)] + self.chrome(source)
        self.add(kind, title, head + boxes, slide=slide, section=section, continued=continued)

    def slide_title(self, section, slide) -> None:
        """A slide with only a title states one message: set large in the middle of the slide."""
        w = CONTENT_W - 80
        fit = _largest(_sizes(44, TITLE_FLOOR), lambda s: [self.ctx.para(slide.title, s, w, bold=True)], CONTENT_H)
        if fit is None:
            raise _Unfit("the title")
        boxes = [Rect(MARGIN, 210, 6, 120, self.c["accent"], role="accent-bar"),
                 TextBox(MARGIN + 40, CONTENT_Y - 40, w, CONTENT_H, tuple(fit[1]), "title", anchor="m")]
        boxes += self.chrome(None)[1:]  # the footer rule, no title bar
        self.add("title-only", slide.title, boxes, slide=slide, section=section)

    def bullet_paras(self, bullets: Sequence[m.Bullet], size: float, width: float, first: bool = True) -> list[Para]:
        out: list[Para] = []

        def walk(items: Sequence[m.Bullet], level: int) -> None:
            for b in items:
                s = size - 2 * (level - 1)
                gap = 0.0 if not out else (s * 0.55 if level == 1 else s * 0.25)
                out.append(self.ctx.para(b.text, s, width, level=level, space_before=gap))
                walk(b.children, level + 1)

        walk(bullets, 1)
        return out

    def fit_bullets(self, groups: Sequence[m.Bullet], width: float, height: float) -> list[tuple[float, list[Para], list[m.Bullet]]]:
        """Shrink to the floor; then split between top-level bullets (a bullet keeps its sub-points)."""
        fit = _largest(_sizes(BODY_SIZE, BODY_FLOOR), lambda s: self.bullet_paras(groups, s, width), height)
        if fit:
            return [(fit[0], fit[1], list(groups))]
        pack_size = 18.0
        units: list[m.Bullet] = []
        for g in groups:  # a group too tall for one slide gives up its sub-points as separate units
            if sum(p.height for p in self.bullet_paras([g], BODY_FLOOR, width)) > height:
                units.append(m.Bullet(g.text, (), g.span))
                units.extend(g.children)
            else:
                units.append(g)
        out = []
        for chunk in self.pack(units, lambda s, c: self.bullet_paras(c, s, width), pack_size, height):
            f = _largest(_sizes(BODY_SIZE, BODY_FLOOR), lambda s: self.bullet_paras(chunk, s, width), height)
            if f is None:
                raise _Unfit(f"the bullet '{plain(chunk[0].text)[:40]}'")
            out.append((f[0], f[1], chunk))
        return out

    def slide_bullets(self, section, slide) -> None:
        pages = self.fit_bullets(slide.content.items, CONTENT_W, CONTENT_H)
        for n, (_, paras, _) in enumerate(pages):
            title = slide.title + (CONTINUED if n else "")
            self.simple(section, slide, "bullets", [TextBox(MARGIN, CONTENT_Y, CONTENT_W, CONTENT_H, tuple(paras), "body")],
                        title=title, continued=n > 0)

    def slide_chart(self, section, slide) -> None:
        c: m.ChartSlide = slide.content
        boxes: list = []
        chart_w = CONTENT_W if not c.bullets else CONTENT_W * 0.62
        chart_h = CONTENT_H
        if c.caption:
            cap = self.ctx.para(c.caption, 14, chart_w, color=self.c["muted"])
            chart_h -= cap.height + 8
            boxes.append(TextBox(MARGIN, CONTENT_Y + chart_h + 8, chart_w, cap.height + 2, (cap,), "caption"))
        boxes.insert(0, ChartBox(MARGIN, CONTENT_Y, chart_w, chart_h, c.chart, 14.0))
        if c.bullets:
            bx = MARGIN + chart_w + 28
            bw = SLIDE_W - MARGIN - bx
            fit = _largest(_sizes(20, BODY_FLOOR), lambda s: self.bullet_paras(c.bullets, s, bw), CONTENT_H)
            if fit is None:
                raise _Unfit("the bullets beside the chart")
            boxes.append(TextBox(bx, CONTENT_Y, bw, CONTENT_H, tuple(fit[1]), "body", anchor="m"))
        self.simple(section, slide, "chart", boxes, source=c.chart.source)

    def slide_stat(self, section, slide) -> None:
        stats = slide.content.items
        n = len(stats)
        gap = 24.0
        w = (CONTENT_W - gap * (n - 1)) / n
        start = {1: 96, 2: 80, 3: 64, 4: 56}[n]
        value_size = next((s for s in _sizes(start, 32) if all(self.ctx.fits_width(x.value, s, w - 24, True) for x in stats)), None)
        if value_size is None:
            raise _Unfit("a stat value")
        boxes: list = []
        for i, st in enumerate(stats):
            x = MARGIN + i * (w + gap)

            def build(s: float, st=st) -> list[Para]:
                paras = [self.ctx.para(st.value, value_size, w - 24, color=self.c["accent"], bold=True, align="c"),
                         self.ctx.para(st.label, s, w - 24, align="c", space_before=10)]
                if st.detail:
                    paras.append(self.ctx.para(st.detail, max(BODY_FLOOR, s - 6), w - 24, color=self.c["muted"], align="c", space_before=8))
                return paras

            fit = _largest(_sizes(22, BODY_FLOOR), build, CONTENT_H - 24)
            if fit is None:
                raise _Unfit(f"the stat '{plain(st.value)}'")
            if n > 1:
                boxes.append(Rect(x, CONTENT_Y, w, CONTENT_H, self.c["surface"], role="card"))
            boxes.append(TextBox(x + 12, CONTENT_Y + 12, w - 24, CONTENT_H - 24, tuple(fit[1]), "stat", anchor="m"))
        self.simple(section, slide, "stat", boxes)

    def slide_quote(self, section, slide) -> None:
        q: m.Quote = slide.content
        x, w = MARGIN + 80, CONTENT_W - 120

        def build(s: float) -> list[Para]:
            paras = [self.ctx.para(q.text, s, w)]
            if q.by:
                paras.append(self.ctx.para(f"— {q.by}", max(BODY_FLOOR, s * 0.6), w, color=self.c["muted"], space_before=s * 0.6))
            return paras

        fit = _largest(_sizes(30, BODY_FLOOR), build, CONTENT_H)
        if fit is None:
            raise _Unfit("the quote")
        mark = self.ctx.para("“", 96, 80, color=self.c["accent"], bold=True)
        boxes = [TextBox(MARGIN, CONTENT_Y - 10, 80, 120, (mark,), "quote-mark"),
                 TextBox(x, CONTENT_Y, w, CONTENT_H, tuple(fit[1]), "quote", anchor="m")]
        self.simple(section, slide, "quote", boxes)

    def slide_faq(self, section, slide) -> None:
        items = slide.content.items
        pad, gap = 14.0, 12.0
        w = CONTENT_W - 2 * pad

        def card(item: m.FaqItem, s: float) -> list[Para]:
            return [self.ctx.para(item.q, s, w, color=self.c["primary"], bold=True),
                    self.ctx.para(item.a, s - 2, w, space_before=s * 0.35)]

        def total(s: float, chunk: Sequence[m.FaqItem]) -> float:
            return sum(sum(p.height for p in card(it, s)) + 2 * pad for it in chunk) + gap * (len(chunk) - 1)

        def fit(chunk) -> float | None:
            return next((s for s in _sizes(20, BODY_FLOOR + 2) if total(s, chunk) <= CONTENT_H), None)

        chunks: list[list[m.FaqItem]] = []
        if fit(items) is not None:
            chunks = [list(items)]
        else:
            current: list[m.FaqItem] = []
            for it in items:
                if current and fit(current + [it]) is None:
                    chunks.append(current)
                    current = [it]
                else:
                    current = current + [it]
            chunks.append(current)
        for n, chunk in enumerate(chunks):
            s = fit(chunk)
            if s is None:
                raise _Unfit(f"the question '{plain(chunk[0].q)[:40]}'")
            boxes: list = []
            y = CONTENT_Y
            for it in chunk:
                paras = card(it, s)
                h = sum(p.height for p in paras) + 2 * pad
                boxes.append(Rect(MARGIN, y, CONTENT_W, h, self.c["surface"], role="card"))
                boxes.append(TextBox(MARGIN + pad, y + pad, w, h - 2 * pad, tuple(paras), "faq"))
                y += h + gap
            self.simple(section, slide, "faq", boxes, title=slide.title + (CONTINUED if n else ""), continued=n > 0)

    def slide_columns(self, section, slide) -> None:
        cols = slide.content.items
        n, gap, pad = len(cols), 20.0, 16.0
        w = (CONTENT_W - gap * (n - 1)) / n

        def build(col: m.Column, s: float) -> list[Para]:
            head = self.ctx.para(col.title, s + 2, w - 2 * pad, color=self.c["primary"], bold=True)
            body = self.bullet_paras(col.bullets, s, w - 2 * pad)
            if body:
                body[0] = replace(body[0], space_before=s * 0.7)
            return [head] + body

        size = None
        fallback = None
        for s_ in _sizes(20, BODY_FLOOR):  # every column at one size; avoid mid-word breaks if any size can
            built = [build(c, s_) for c in cols]
            if all(sum(p.height for p in ps) <= CONTENT_H - 2 * pad for ps in built):
                if not any(line.split for ps in built for p in ps for line in p.lines):
                    size = s_
                    break
                fallback = fallback or s_
        size = size or fallback
        if size is None:
            raise _Unfit("a column")
        boxes: list = []
        paras = [build(col, size) for col in cols]
        # Cards as tall as the fullest column (not the whole area: short columns looked empty).
        card_h = min(CONTENT_H, max(CONTENT_H * 0.6, max(sum(p.height for p in ps) for ps in paras) + 2 * pad + 8))
        for i, ps in enumerate(paras):
            x = MARGIN + i * (w + gap)
            boxes.append(Rect(x, CONTENT_Y, w, card_h, self.c["surface"], role="card"))
            boxes.append(Rect(x, CONTENT_Y, w, 4, self.c["primary"], role="card-bar"))
            boxes.append(TextBox(x + pad, CONTENT_Y + pad, w - 2 * pad, card_h - 2 * pad, tuple(ps), "column"))
        self.simple(section, slide, "columns", boxes)

    def slide_table(self, section, slide) -> None:
        t: m.Table = slide.content
        pad = 6.0
        ncol = len(t.columns)
        numeric = tuple(all(_NUMERIC.match(r[j].strip()) for r in t.rows if r[j].strip()) and any(r[j].strip() for r in t.rows) for j in range(ncol))
        cap_h = 0.0
        cap = None
        if t.caption:
            cap = self.ctx.para(t.caption, 14, CONTENT_W, color=self.c["muted"])
            cap_h = cap.height + 8
        avail = CONTENT_H - cap_h

        def widths(s: float) -> list[float]:
            def w(text: str, bold: bool = False) -> float:
                return client_width(plain(text), lambda x, b: self.ctx.fonts.width(x, s, b), SCRIPT_GAP * s, bold)

            natural = [max([w(t.columns[j], True)] + [w(r[j]) for r in t.rows]) / WRAP_SAFETY + 2 * pad + 2 for j in range(ncol)]
            total = sum(natural)
            if total <= CONTENT_W:
                return [w * CONTENT_W / total for w in natural]
            floor = CONTENT_W / ncol * 0.5  # wide columns give way; narrow ones keep their natural width
            small = [min(w, floor) for w in natural]
            rest = CONTENT_W - sum(small)
            extra = [max(0.0, w - floor) for w in natural]
            return [sm + rest * e / sum(extra) if sum(extra) else CONTENT_W / ncol for sm, e in zip(small, extra)]

        def row(cells: Sequence[str], s: float, ws: list[float], header: bool) -> tuple[tuple[Cell, ...], float]:
            out, h = [], 0.0
            for j, text in enumerate(cells):
                color = "#FFFFFF" if header else self.c["text"]
                p = self.ctx.para(text, s, ws[j] - 2 * pad, color=color, bold=header, align="r" if numeric[j] and not header else "l")
                out.append(Cell((p,)))
                h = max(h, p.height)
            return tuple(out), h + 2 * pad

        def build(s: float):
            ws = widths(s)
            head = row(t.columns, s, ws, True)
            body = [row(r, s, ws, False) for r in t.rows]
            return ws, head, body

        chosen = None
        for s in _sizes(18, BODY_FLOOR):
            ws, head, body = build(s)
            if head[1] + sum(b[1] for b in body) <= avail:
                chosen = (s, ws, head, body, [list(range(len(body)))])
                break
        if chosen is None:  # continue on new slides, repeating the header row
            s = BODY_FLOOR
            ws, head, body = build(s)
            pages, current, used = [], [], head[1]
            for i, b in enumerate(body):
                if head[1] + b[1] > avail:
                    raise _Unfit(f"table row {i + 1}")
                if current and used + b[1] > avail:
                    pages.append(current)
                    current, used = [], head[1]
                current.append(i)
                used += b[1]
            pages.append(current)
            chosen = (s, ws, head, body, pages)
        s, ws, head, body, pages = chosen
        for n, idx in enumerate(pages):
            rows = (head[0],) + tuple(body[i][0] for i in idx)
            heights = (head[1],) + tuple(body[i][1] for i in idx)
            tb = TableBox(MARGIN, CONTENT_Y, CONTENT_W, sum(heights), tuple(ws), heights, rows, pad,
                          self.c["primary"], self.c["surface"], tuple("r" if x else "l" for x in numeric))
            boxes: list = [tb]
            if cap is not None:
                boxes.append(TextBox(MARGIN, CONTENT_Y + sum(heights) + 8, CONTENT_W, cap.height + 2, (cap,), "caption"))
            self.simple(section, slide, "table", boxes, title=slide.title + (CONTINUED if n else ""), continued=n > 0)

    def slide_image(self, section, slide) -> None:
        im: m.Image = slide.content
        boxes: list = []
        avail_h = CONTENT_H
        if im.caption:
            cap = self.ctx.para(im.caption, 14, CONTENT_W, color=self.c["muted"], align="c")
            avail_h -= cap.height + 8
            boxes.append(TextBox(MARGIN, CONTENT_Y + avail_h + 8, CONTENT_W, cap.height + 2, (cap,), "caption"))
        scale = min(CONTENT_W / im.width_px, avail_h / im.height_px)
        w, h = im.width_px * scale, im.height_px * scale
        boxes.insert(0, ImageBox(MARGIN + (CONTENT_W - w) / 2, CONTENT_Y + (avail_h - h) / 2, w, h, str(im.path), im.alt))
        self.simple(section, slide, "image", boxes)

    # ---- the deck --------------------------------------------------------------------------
    def run(self) -> Plan:
        try:
            return self._run()
        except _TooMany as e:
            self.problems.error(e.span, "sections", f"with continuation slides the deck passes {MAX_SLIDES:,} slides; split the outline")
            return Plan(self.deck, tuple(self.slides), dict(self.c))

    def _run(self) -> Plan:
        self.title_slide()
        for section in self.deck.sections:
            if section.divider:
                self.divider(section)
            for slide in section.slides:
                self.slide(section, slide)
        if self.deck.sources:
            try:
                self.sources_slide()
            except _Unfit as e:
                self.problems.error(self.deck.sources[0].span, "sources", f"{e.what} does not fit on a slide; shorten it")
        return Plan(self.deck, tuple(self.slides), dict(self.c))


def layout(deck: m.Deck, fonts: FontSet | None = None) -> Plan:
    """Lay out a (selected) deck; raise `OutlineError` when something cannot fit."""
    fonts = fonts or FontSet(deck.theme.fonts)
    problems = Problems()
    plan = Layout(deck, fonts, problems).run()
    problems.raise_if_errors()
    return plan
