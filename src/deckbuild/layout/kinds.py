"""Outline slide × SlideBuilder → its slide(s): one function per slide kind, and `SLIDE_KINDS`, the
registry that maps the model's content class to its kind — the plan's kind name, the template role
its grid comes from, and the function that lays it out.

In: a `SlideBuilder`, an outline slide, its `SlideKind`. Out: one slide added to the builder (more
where content continues), or `Unfit` raised naming what does not fit even at the floor. A new slide
kind is one function and one registry entry here (plus its handout block in `handout.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Sequence

from .. import model as m
from ..plan import WHITE, Cell, ChartBox, ImageBox, Para, Rect, TableBox, TextBox
from . import chart_room, charts, tables
from .fit import Fitted, Item, Unfit, fit
from .measure import WRAP_SAFETY, box, chart_faces, has_break, height_of, short
from .page import OWN_TITLE, SlideBuilder
from .stats import lay_stat

OPTICAL = 0.4  # short content sits with 2 parts of the spare room above it to 3 below (its optical centre)
MEASURE = 10.0  # the fewest ems a card's line holds (about ten Hangul syllables)
SHORT = 0.6  # content using less than this share of its area is composed, not left at the top




@dataclass(frozen=True)
class SlideKind:
    """What layout knows of one kind of outline slide."""

    name: str  # the plan's kind (PlanSlide.kind)
    role: str  # the template role whose layout (grid) it is set in
    lay: Callable[[SlideBuilder, m.Slide, "SlideKind"], None]


def flat_bullets(b: m.Bullet, level: int) -> list[tuple[int, str]]:
    """A bullet and its sub-points, depth first, as (level, text)."""
    return [(level, b.text)] + [x for c in b.children for x in flat_bullets(c, level + 1)]


def lay_title_only(builder: SlideBuilder, slide: m.Slide, kind: SlideKind) -> None:
    """A slide with only a title states one message: set large in the middle of the slide (in a
    template, in its title placeholder as the layout puts it)."""
    g = builder.grid(kind.role, slide)
    if not g.own:
        return builder.add_titled(slide, kind.name, g, [])
    c = g.content
    w = c.w - 80
    item = Item(slide.title, slide.span, f"{slide.path}.title", "the title")

    def build(size: float, chunk):
        paras = [builder.para(slide.title, size, w, bold=True)]
        return paras, height_of(paras), has_break(paras)

    (page,) = fit([item], build, builder.scale.steps("title"), c.h, split=False)
    boxes = [Rect(c.x, c.y + 80, 6, 120, builder.colors["accent"], role="accent-bar"),
             TextBox(c.x + 40, c.y - 40, w, c.h, tuple(page.content), "title", anchor="m", placeholder=OWN_TITLE)]
    builder.add(kind.name, slide.title, boxes + builder.chrome(g, None, bar=False), g, slide=slide)


def compose(builder: SlideBuilder, area_y: float, area_h: float, used: float, own: bool) -> float:
    """Where content `used` pt tall starts in an area: at its top, or, on deckbuild's own slide where
    it is short, at the area's optical centre (a template's placeholder keeps its own anchor)."""
    if not own or used >= area_h * SHORT:
        return area_y
    return area_y + (area_h - used) * OPTICAL


def bullet_paras(builder: SlideBuilder, items: Sequence[tuple[int, str]], size: float, width: float) -> list[Para]:
    out: list[Para] = []
    for level, text in items:
        s = builder.scale.below("body", size, level - 1)  # a sub-point: one step of the scale down a level
        gap = 0.0 if not out else (s * 0.55 if level == 1 else s * 0.25)
        out.append(builder.para(text, s, width, level=level, space_before=gap))
    return out


def bullet_items(builder: SlideBuilder, bullets: Sequence[m.Bullet], path: str, width: float, height: float) -> list[Item]:
    """Top-level bullets as fitting units (each with its sub-points, flattened to (level, text));
    a bullet whose sub-points cannot share one slide gives them up as units of their own, at any
    depth (a sub-point with long sub-points of its own in a small template's body)."""
    floor = builder.scale.floor("body")

    def units_of(b: m.Bullet, level: int, p: str) -> list[Item]:
        group = Item(tuple(flat_bullets(b, level)), b.span, p, f"the bullet '{short(b.text)}'")
        if not b.children or height_of(bullet_paras(builder, group.value, floor, width)) <= height:
            return [group]
        return [Item(((level, b.text),), b.span, p, group.name),
                *(u for j, c in enumerate(b.children) for u in units_of(c, level + 1, f"{p}.bullets[{j}]"))]

    return [u for i, b in enumerate(bullets) for u in units_of(b, 1, f"{path}[{i}]")]


def body_steps(builder: SlideBuilder, start: float | None = None) -> tuple[float, ...]:
    """The body text's steps from `start` (a template placeholder's own size, a kind's ceiling) down."""
    return builder.scale.steps("body", start)


def pack_size(steps: Sequence[float], builder: SlideBuilder) -> float:
    """The size content that continues is shared out at: 18 pt (scaled), or the largest step under it."""
    return next((s for s in steps if s <= 18 * builder.scale.factor + 0.01), steps[-1])


def fit_bullets(builder: SlideBuilder, units: Sequence[Item], width: float, height: float, start: float | None = None,
                split: bool = True) -> list[Fitted]:
    def build(size: float, chunk: Sequence[Item]):
        paras = bullet_paras(builder, [x for it in chunk for x in it.value], size, width)
        return paras, height_of(paras), has_break(paras)

    steps = body_steps(builder, start)
    return fit(units, build, steps, height, pack=pack_size(steps, builder), split=split)


def lay_bullets(builder: SlideBuilder, slide: m.Slide, kind: SlideKind) -> None:
    g = builder.grid(kind.role, slide)
    area = g.body or g.content
    _, _, w, h = area.inner
    units = bullet_items(builder, slide.content.items, f"{slide.path}.bullets", w, h)
    pages = fit_bullets(builder, units, w, h, area.size)

    def boxes_of(page: Fitted) -> list:
        y = compose(builder, area.y, area.h, height_of(page.content), g.own and len(pages) == 1)
        return [box(replace(area, y=y, h=area.bottom - y), page.content, "body", anchor="t")]

    builder.add_pages(slide, kind.name, g, pages, boxes_of)


def chart_spec(builder: SlideBuilder, chart: m.Chart, w: float, h: float, font_size: float, behind: str):
    face, bold = chart_faces(builder.fonts, chart)
    measure = lambda t, s: sum(face.char_width(ch) for ch in t) * s
    fit = lambda t, s: max(measure(t, s), builder.fonts.fit_width(t, s))  # labels kept apart as a stand-in draws them
    colors = dict(builder.colors, text=builder.readable(builder.colors["text"], behind, font_size, False),
                  muted=builder.readable(builder.colors["muted"], behind, font_size, False))
    return charts.resolve(chart, w, h, font_size=font_size, palette=colors, face=face, bold_face=bold,
                          measure=measure, fit=fit, chain=builder.fonts)


def lay_chart(builder: SlideBuilder, slide: m.Slide, kind: SlideKind) -> None:
    g = builder.grid(kind.role, slide)
    c: m.ChartSlide = slide.content
    ax, ay, aw, ah = g.content.x, g.content.y, g.content.w, g.content.h
    boxes: list = []
    chart_w = aw if not c.bullets else aw * 0.62
    # The chart's title above it (shown with it, as in the handout); its note, source and the caption
    # under it: smaller, then cut, where they would leave the chart less than its least height.
    room = chart_room.around(builder, c, chart_w, ah, g.own or builder.relax, (g.own or builder.relax) and not slide.message,
                             (slide.span, slide.path))
    top, bottom = ay, ay + ah
    if room.head:
        boxes.append(TextBox(ax, top, chart_w, room.head.height + 2, (room.head,), "chart-title"))
        top += room.head.height + 8
    bottom -= sum(p.height + 4 for p, _ in room.under) + (4 if room.under else 0)
    if room.cut and f"{slide.path}.chart" not in builder.charts_warned:
        builder.charts_warned.add(f"{slide.path}.chart")
        builder.problems.warning(slide.span, f"{slide.path}.chart", f"{len(room.cut)} text(s) around the chart cut with … on the "
                                 f"slide ({short(room.cut[0])}): the chart keeps its least height only so; shorten them (the "
                                 "handout prints them whole)", code="chart-text-cut")
    y = bottom + 4
    for para, role in room.under:
        boxes.append(TextBox(ax, y + 4, chart_w, para.height + 2, (para,), role))
        y += para.height + 4
    chart_h = bottom - top
    behind = g.behind_box(ax, top, chart_w, chart_h)
    spec = chart_spec(builder, c.chart, chart_w, chart_h, chart_room.CHART_SIZE, behind)
    charts.warn_dropped(builder.problems, c.chart, spec, builder.charts_warned)
    boxes.insert(0, ChartBox(ax, top, chart_w, chart_h, spec))
    if c.bullets:
        bx = ax + chart_w + 28
        bw = ax + aw - bx
        units = bullet_items(builder, c.bullets, f"{slide.path}.bullets", bw, ah)
        (page,) = fit_bullets(builder, units, bw, ah, start=20 * builder.scale.factor, split=False)
        boxes.append(TextBox(bx, ay, bw, ah, tuple(page.content), "body", anchor="m"))
    builder.add_titled(slide, kind.name, g, boxes)


def lay_quote(builder: SlideBuilder, slide: m.Slide, kind: SlideKind) -> None:
    g = builder.grid(kind.role, slide)
    ax, ay, aw, ah = g.content.x, g.content.y, g.content.w, g.content.h
    q: m.Quote = slide.content
    x, w = ax + 80, aw - 120

    def build(s: float, chunk):
        paras = [builder.para(q.text, s, w)]
        if q.by:
            by = builder.scale.below("quote", s, 3)  # 32 → 20: the speaker a clear step under the words
            paras.append(builder.para(f"— {q.by}", by, w, color=builder.colors["muted"], space_before=s * 0.6))
        return paras, height_of(paras), has_break(paras)

    (page,) = fit([Item(q, q.span, f"{slide.path}.quote", "the quote")], build, builder.scale.steps("quote"), ah, split=False)
    mark = builder.para("“", 96, 80, color=builder.colors["accent"], bold=True)
    # Under the title's text as fitted (two lines, a grown box), not where the layout's box ends.
    top = max(ay - 10, builder.title_bottom(slide, g) + 4) if g.title.y < ay else ay - 10
    boxes = [TextBox(ax, top, 80, 120, (mark,), "quote-mark", tag="Artifact"),  # the big “ only decorates
             TextBox(x, ay, w, ah, tuple(page.content), "quote", anchor="m", tag="BlockQuote")]
    builder.add_titled(slide, kind.name, g, boxes)


def lay_faq(builder: SlideBuilder, slide: m.Slide, kind: SlideKind) -> None:
    g = builder.grid(kind.role, slide)
    ax, ay, aw, ah = g.content.x, g.content.y, g.content.w, g.content.h
    pad, gap = 14.0, 12.0
    w = aw - 2 * pad
    items = [Item(f, f.span, f"{slide.path}.faq[{i}]", f"the question '{short(f.q)}'") for i, f in enumerate(slide.content.items)]

    def build(s: float, chunk: Sequence[Item]):
        cards = [[builder.para(it.value.q, s, w, color=builder.colors["primary"], bold=True),
                  builder.para(it.value.a, s, w, space_before=s * 0.35)] for it in chunk]
        h = sum(height_of(c) + 2 * pad for c in cards) + gap * (len(cards) - 1)
        return cards, h, any(has_break(c) for c in cards)

    steps = body_steps(builder)
    pages = fit(items, build, steps, ah, pack=pack_size(steps, builder))

    def boxes_of(page: Fitted) -> list:
        boxes: list = []
        used = sum(height_of(c) + 2 * pad for c in page.content) + gap * (len(page.content) - 1)
        y = compose(builder, ay, ah, used, g.own and len(pages) == 1)
        for paras in page.content:
            h = height_of(paras) + 2 * pad
            boxes.append(Rect(ax, y, aw, h, builder.colors["surface"], role="card"))
            boxes.append(TextBox(ax + pad, y + pad, w, h - 2 * pad, tuple(paras), "faq"))
            y += h + gap
        return boxes

    builder.add_pages(slide, kind.name, g, pages, boxes_of)


def lay_columns(builder: SlideBuilder, slide: m.Slide, kind: SlideKind) -> None:
    g = builder.grid(kind.role, slide)
    cols = slide.content.items
    n = len(cols)
    # Two columns in a layout with two body placeholders: each column's text goes into one.
    into = len(g.bodies) >= 2 and n == 2
    areas = g.bodies[:2] if into else ()
    ax, ay, aw, ah = g.content.x, g.content.y, g.content.w, g.content.h
    if into:
        ah = min(a.inner[3] for a in areas)
    gap, pad = 20.0, (0.0 if into else 12.0)
    w = min(a.inner[2] for a in areas) if into else (aw - gap * (n - 1)) / n

    def column(col: m.Column, s: float) -> list[Para]:
        head = builder.para(col.title, builder.scale.above("body", s), w - 2 * pad, color=builder.colors["primary"], bold=True)
        flat = [(lv, t) for b in col.bullets for lv, t in flat_bullets(b, 1)]
        body = bullet_paras(builder, flat, s, w - 2 * pad)
        if body:
            body[0] = replace(body[0], space_before=s * 0.7)
        return [head] + body

    items = [Item(c, c.span, f"{slide.path}.columns[{i}]", f"the column '{short(c.title)}'") for i, c in enumerate(cols)]

    def build(s: float, chunk: Sequence[Item]):
        built = [column(it.value, s) for it in chunk]
        return built, max(height_of(ps) for ps in built) + 2 * pad, any(has_break(ps) for ps in built)

    # Every column at one size, on one slide: columns are read side by side.
    # A card's line holds at least MEASURE em: narrow cards take a smaller step rather than a word a line.
    steps = body_steps(builder, min(areas[0].size or 99.0, (w - 2 * pad) / MEASURE) if into else (w - 2 * pad) / MEASURE)
    try:
        pages = fit(items, build, steps, ah, split=False)
    except Unfit:
        if not g.own and not builder.relax:
            raise  # the driver lays it out once more in all the room the layout has, first
        pages = continued_columns(builder, cols, items, build, column, steps, ah, pad, split=not slide.message)

    def boxes_of(page: Fitted) -> list:
        if into:
            return [box(a, ps, "column", anchor="t") for a, ps in zip(areas, page.content)]
        # Cards grow to one height, the fullest column's; short ones sit at the area's optical centre.
        boxes: list = []
        card_h = min(ah, max(height_of(ps) for ps in page.content) + 2 * pad + 8)
        y = compose(builder, ay, ah, card_h, g.own and len(pages) == 1)
        for i, ps in enumerate(page.content):
            x = ax + i * (w + gap)
            boxes.append(Rect(x, y, w, card_h, builder.colors["surface"], role="card"))
            boxes.append(Rect(x, y, w, 4, builder.colors["primary"], role="card-bar"))
            boxes.append(TextBox(x + pad, y + pad, w - 2 * pad, card_h - 2 * pad, tuple(ps), "column"))
        return boxes

    builder.add_pages(slide, kind.name, g, pages, boxes_of)


def continued_columns(builder: SlideBuilder, cols: Sequence[m.Column], items: Sequence[Item], build, column, steps,
                      height: float, pad: float, split: bool = True) -> list[Fitted]:
    """Columns too long for one slide even at the floor, continued side by side: each column's bullets
    shared out over as many slides as the fullest needs (at 18 pt), every slide and column at one size;
    where one bullet with its column's title is taller than a card even at the floor, at the floor,
    that bullet split between its lines (`split_columns`), the last step: only with `split` (a slide
    with a key message first leaves it off, `Unfit` here, as every kind does)."""
    floor = steps[-1]
    if split and any(height_of(column(replace(c, bullets=(b,)), floor)) + 2 * pad > height for c in cols for b in c.bullets):
        return split_columns(cols, items, column, floor, height - 2 * pad)
    pack = pack_size(steps, builder)
    shares: list[list[list[m.Bullet]]] = []
    for col in cols:
        chunks: list[list[m.Bullet]] = [[]]
        for b in col.bullets:
            if chunks[-1] and height_of(column(replace(col, bullets=tuple(chunks[-1] + [b])), pack)) + 2 * pad > height:
                chunks.append([])
            chunks[-1].append(b)
        shares.append(chunks)
    pages = []
    for k in range(max(len(c) for c in shares)):
        part = [replace(it, value=replace(col, bullets=tuple(shares[i][k]) if k < len(shares[i]) else ()))
                for i, (col, it) in enumerate(zip(cols, items))]
        pages += fit(part, build, steps, height, split=False)  # an item alone too tall: Unfit, named
    size = min(p.size for p in pages)
    return [Fitted(size, build(size, p.items)[0], p.items) for p in pages]


def split_columns(cols: Sequence[m.Column], items: Sequence[Item], column, s: float, room: float) -> list[Fitted]:
    """Columns at `s` over as many slides as the fullest needs, each under its title on every slide: a
    bullet stands whole where it fits what its slide has left (else on the next); one taller than a
    whole card is split between its lines, its rest carried on at the top of the next slide without
    a marker, under its text. A column whose title leaves no line of room is `Unfit`, named."""
    shares = []
    for col, it in zip(cols, items):
        head, *body = column(col, s)
        space = room - head.height
        title_gap = s * 0.7  # the gap under a card's title (`column`)
        if space - title_gap < (body[0].line_height if body else 0.0):
            raise Unfit(it.name, it.span, it.path, s)
        pages: list[list[Para]] = [[]]
        used = 0.0
        for p in body:
            lines, marker = p.lines, True
            while lines:
                gap = title_gap if not pages[-1] else p.space_before if marker else 0.0
                whole = gap + len(lines) * p.line_height <= space - used
                if not whole and marker and pages[-1] and title_gap + len(lines) * p.line_height <= space:
                    pages.append([])  # whole on the next slide
                    used = 0.0
                    continue
                n = len(lines) if whole else int((space - used - gap) / p.line_height + 1e-6)
                if n < 1:
                    pages.append([])
                    used = 0.0
                    continue
                pages[-1].append(replace(p, lines=tuple(lines[:n]), space_before=gap, bullet=p.bullet if marker else None))
                used += gap + n * p.line_height
                lines, marker = lines[n:], False
                if lines:
                    pages.append([])
                    used = 0.0
        shares.append((head, pages))
    count = max(len(pages) for _, pages in shares)
    return [Fitted(s, [[head] + (pages[k] if k < len(pages) else []) for head, pages in shares], tuple(items)) for k in range(count)]


def lay_table(builder: SlideBuilder, slide: m.Slide, kind: SlideKind) -> None:
    """A table: numbers right-aligned (or as the columns say), widths by content or the columns'
    shares, the header (units kept whole) repeated on every continuation slide, the unit line
    above at the right, the total row bold under a rule (see `tables`)."""
    g = builder.grid(kind.role, slide)
    ax, ay, aw, ah = g.content.x, g.content.y, g.content.w, g.content.h
    t: m.Table = slide.content
    pad = 6.0
    ncol = len(t.columns)
    aligns = tables.align(t)
    heads = [tables.header(c, builder.fonts) for c in t.columns]
    cap = None
    cap_h = 0.0
    if t.caption:
        cap = builder.para(t.caption, 14, aw, color=builder.colors["muted"])
        cap_h = cap.height + 8
    unit = None
    if t.unit:
        unit = builder.para(tables.unit_line(t), 11, aw, color=builder.colors["muted"], align="r")
        ay += unit.height + 4
        ah -= unit.height + 4
    avail = ah - cap_h
    white = WHITE
    header_text = builder.readable(white, builder.colors["primary"].hex, 14, True)

    def widths(s: float) -> list[float]:
        def cw(text: str, bold: bool = False) -> float:
            return builder.text.text_width(text, s, bold)

        natural = [max([cw(heads[j], True)] + [cw(r[j], tables.total_row(t, i)) for i, r in enumerate(t.rows)]) / WRAP_SAFETY
                   + 2 * pad + 2 for j in range(ncol)]
        return tables.widths(t, natural, aw)

    def row(cells: Sequence[str], s: float, ws: list[float], header: bool, bold: bool = False) -> tuple[tuple[Cell, ...], float]:
        out, h = [], 0.0
        for j, text in enumerate(cells):
            p = builder.para(text, s, ws[j] - 2 * pad, color=header_text if header else builder.colors["text"], bold=header or bold,
                             align=aligns[j])
            out.append(Cell((p,)))
            h = max(h, p.height)
        return tuple(out), h + 2 * pad

    cache: dict[float, tuple] = {}

    def rows_at(s: float):
        if s not in cache:
            ws = widths(s)
            cache[s] = (ws, row(heads, s, ws, True), [row(r, s, ws, False, tables.total_row(t, i)) for i, r in enumerate(t.rows)])
        return cache[s]

    spans = t.row_spans or (t.span,) * len(t.rows)
    # An item is a run of rows that stays on one slide: one row, or the total row with the row
    # before it (a total never stands alone on a continuation slide).
    runs = [(i,) for i in range(len(t.rows))]
    if t.total and len(runs) > 1:
        runs[-2:] = [runs[-2] + runs[-1]]
    items = [Item(run, spans[run[0]], f"{slide.path}.table.rows[{run[0]}]", f"table row {run[0] + 1}") for run in runs]

    def build(s: float, chunk: Sequence[Item]):
        ws, head, body = rows_at(s)
        picked = [body[i] for it in chunk for i in it.value]
        h = head[1] + sum(b[1] for b in picked)
        broken = any(line.split for r in [head] + picked for c in r[0] for p in c.paras for line in p.lines)
        return (ws, head, picked, any(tables.total_row(t, i) for it in chunk for i in it.value)), h, broken

    def boxes_of(page: Fitted) -> list:
        ws, head, picked, total = page.content
        rows = (head[0],) + tuple(r for r, _ in picked)
        heights = (head[1],) + tuple(h for _, h in picked)
        fills = tuple(builder.colors["primary"] if i == 0 else (builder.colors["surface"] if i % 2 == 0 else builder.colors.get("background", white))
                      for i in range(len(rows)))
        y = compose(builder, ay, avail, sum(heights), g.own and len(pages) == 1)
        boxes: list = [TableBox(ax, y, aw, sum(heights), tuple(ws), heights, rows, pad, fills, white,
                                builder.colors["text"] if total else None)]
        if unit is not None:  # on every slide of the table, as its header
            boxes.append(TextBox(ax, y - unit.height - 4, aw, unit.height + 2, (unit,), "caption"))
        if cap is not None:
            boxes.append(TextBox(ax, y + sum(heights) + 8, aw, cap.height + 2, (cap,), "caption"))
        return boxes

    steps = body_steps(builder)
    pages = fit(items, build, steps, avail, pack=pack_size(steps, builder), uniform=True)
    builder.add_pages(slide, kind.name, g, pages, boxes_of)


def lay_image(builder: SlideBuilder, slide: m.Slide, kind: SlideKind) -> None:
    g = builder.grid(kind.role, slide)
    ax, ay, aw, ah = g.content.x, g.content.y, g.content.w, g.content.h
    im: m.Image = slide.content
    boxes: list = []
    avail_h = ah
    if im.caption:
        cap = builder.para(im.caption, 14, aw, color=builder.colors["muted"], align="c")
        avail_h -= cap.height + 8
        boxes.append(TextBox(ax, ay + avail_h + 8, aw, cap.height + 2, (cap,), "caption"))
    scale = min(aw / im.width_px, avail_h / im.height_px)
    w, h = im.width_px * scale, im.height_px * scale
    boxes.insert(0, ImageBox(ax + (aw - w) / 2, ay + (avail_h - h) / 2, w, h, str(im.path), im.alt))
    builder.add_titled(slide, kind.name, g, boxes)


SLIDE_KINDS: dict[type, SlideKind] = {
    m.BulletList: SlideKind("bullets", "content", lay_bullets),
    m.ChartSlide: SlideKind("chart", "title-only", lay_chart),
    m.Stats: SlideKind("stat", "title-only", lay_stat),
    m.Quote: SlideKind("quote", "content", lay_quote),
    m.Table: SlideKind("table", "title-only", lay_table),
    m.Faq: SlideKind("faq", "content", lay_faq),
    m.Columns: SlideKind("columns", "two", lay_columns),
    m.Image: SlideKind("image", "title-only", lay_image),
    type(None): SlideKind("title-only", "title-only", lay_title_only),  # a slide with only a title
}
