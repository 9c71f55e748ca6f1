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
from ..grid import Area
from ..plan import LINE_HEIGHT, WHITE, Cell, ChartBox, ImageBox, Para, Rect, TableBox, TextBox
from ..text import plain
from . import charts
from .fit import Fitted, Item, Unfit, fit, ladder
from .measure import WRAP_SAFETY, box, chart_faces, has_break, height_of, share_widths, short, table_numeric
from .page import BODY_FLOOR, BODY_SIZE, OWN_TITLE, TITLE_FLOOR, SlideBuilder


CHART_TITLE_SIZE = 16.0  # a chart's title over it on the slide
SOURCE_SIZE = 11.0  # a chart's note and source lines (the sizes of source, note and footer: 11, 10, 9)


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

    (page,) = fit([item], build, ladder(44, TITLE_FLOOR), c.h, split=False)
    boxes = [Rect(c.x, c.y + 80, 6, 120, builder.colors["accent"], role="accent-bar"),
             TextBox(c.x + 40, c.y - 40, w, c.h, tuple(page.content), "title", anchor="m", placeholder=OWN_TITLE)]
    builder.add(kind.name, slide.title, boxes + builder.chrome(g, None, bar=False), g, slide=slide)


def bullet_paras(builder: SlideBuilder, items: Sequence[tuple[int, str]], size: float, width: float, levels: tuple[float, ...] = ()) -> list[Para]:
    out: list[Para] = []
    for level, text in items:
        # A template's levels keep their proportions (where they step down); deckbuild's 2 pt a level.
        ratio = levels[level - 1] / levels[0] if len(levels) >= level and levels[0] else 1.0
        s = size * ratio if ratio < 1 else size - 2 * (level - 1)
        gap = 0.0 if not out else (s * 0.55 if level == 1 else s * 0.25)
        out.append(builder.para(text, s, width, level=level, space_before=gap))
    return out


def bullet_items(builder: SlideBuilder, bullets: Sequence[m.Bullet], path: str, width: float, height: float) -> list[Item]:
    """Top-level bullets as fitting units (each with its sub-points, flattened to (level, text));
    a bullet whose sub-points cannot share one slide gives them up as units of their own."""
    units = []
    for i, b in enumerate(bullets):
        p = f"{path}[{i}]"
        group = Item(tuple(flat_bullets(b, 1)), b.span, p, f"the bullet '{short(b.text)}'")
        if b.children and height_of(bullet_paras(builder, group.value, BODY_FLOOR, width)) > height:
            units.append(Item(((1, b.text),), b.span, p, group.name))
            for j, c in enumerate(b.children):
                units.append(Item(tuple(flat_bullets(c, 2)), c.span, f"{p}.bullets[{j}]", f"the bullet '{short(c.text)}'"))
        else:
            units.append(group)
    return units


def fit_bullets(builder: SlideBuilder, units: Sequence[Item], width: float, height: float, start: float = BODY_SIZE,
                split: bool = True, levels: tuple[float, ...] = ()) -> list[Fitted]:
    def build(size: float, chunk: Sequence[Item]):
        paras = bullet_paras(builder, [x for it in chunk for x in it.value], size, width, levels)
        return paras, height_of(paras), has_break(paras)

    return fit(units, build, ladder(max(start, BODY_FLOOR), BODY_FLOOR), height, pack=min(18.0, max(start, BODY_FLOOR)), split=split)


def body_start(area: Area, default: float = BODY_SIZE) -> float:
    """Body text starts at the placeholder's own size (a template's look), else deckbuild's."""
    return min(area.size, 40.0) if area.size else default


def lay_bullets(builder: SlideBuilder, slide: m.Slide, kind: SlideKind) -> None:
    g = builder.grid(kind.role, slide)
    area = g.body or g.content
    _, _, w, h = area.inner
    units = bullet_items(builder, slide.content.items, f"{slide.path}.bullets", w, h)
    builder.add_pages(slide, kind.name, g, fit_bullets(builder, units, w, h, body_start(area), levels=area.sizes),
                      lambda page: [box(area, page.content, "body", anchor="t")])


def chart_spec(builder: SlideBuilder, chart: m.Chart, w: float, h: float, font_size: float, behind: str):
    face, bold = chart_faces(builder.fonts, chart)
    measure = lambda t, s: sum(face.char_width(ch) for ch in t) * s
    colors = dict(builder.colors, text=builder.readable(builder.colors["text"], behind, font_size, False),
                  muted=builder.readable(builder.colors["muted"], behind, font_size, False))
    return charts.resolve(chart, w, h, font_size=font_size, palette=colors, face=face, bold_face=bold,
                          measure=measure)


def lay_chart(builder: SlideBuilder, slide: m.Slide, kind: SlideKind) -> None:
    g = builder.grid(kind.role, slide)
    c: m.ChartSlide = slide.content
    ax, ay, aw, ah = g.content.x, g.content.y, g.content.w, g.content.h
    boxes: list = []
    chart_w = aw if not c.bullets else aw * 0.62
    top, bottom = ay, ay + ah  # the chart's title above it; its note, source and the caption under it
    if c.chart.title:  # shown with the chart on the slide, as in the handout
        head = builder.para(c.chart.title, CHART_TITLE_SIZE, chart_w, bold=True)
        boxes.append(TextBox(ax, top, chart_w, head.height + 2, (head,), "chart-title"))
        top += head.height + 8
    under = [(f"주: {c.chart.note}", "note", SOURCE_SIZE)] if c.chart.note else []
    under += [(f"출처: {c.chart.source}", "source", SOURCE_SIZE)] if c.chart.source else []
    under += [(c.caption, "caption", 14)] if c.caption else []
    paras = [(builder.para(t, size, chart_w, color=builder.colors["muted"]), role) for t, role, size in under]
    bottom -= sum(p.height + 4 for p, _ in paras) + (4 if paras else 0)
    y = bottom + 4
    for para, role in paras:
        boxes.append(TextBox(ax, y + 4, chart_w, para.height + 2, (para,), role))
        y += para.height + 4
    chart_h = bottom - top
    behind = g.behind_box(ax, top, chart_w, chart_h)
    boxes.insert(0, ChartBox(ax, top, chart_w, chart_h, chart_spec(builder, c.chart, chart_w, chart_h, 14.0, behind)))
    if c.bullets:
        bx = ax + chart_w + 28
        bw = ax + aw - bx
        units = bullet_items(builder, c.bullets, f"{slide.path}.bullets", bw, ah)
        (page,) = fit_bullets(builder, units, bw, ah, start=20, split=False)
        boxes.append(TextBox(bx, ay, bw, ah, tuple(page.content), "body", anchor="m"))
    builder.add_titled(slide, kind.name, g, boxes)


def lay_stat(builder: SlideBuilder, slide: m.Slide, kind: SlideKind) -> None:
    g = builder.grid(kind.role, slide)
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
        return all(builder.fits_width(x.value, s, w - 24, True) for x in stats) and all(
            s * LINE_HEIGHT + 10 + height_of([builder.para(x.label, BODY_FLOOR, w - 24)])
            + (8 + height_of([builder.para(x.detail, BODY_FLOOR, w - 24)]) if x.detail else 0) <= ah - 24 for x in stats)

    value_size = next((s for s in ladder(start, 32) if room(s)), None)
    if value_size is None:
        widest = max(range(n), key=lambda i: builder.fonts.width(plain(stats[i].value), 32, True))
        raise Unfit(f"the stat value '{short(stats[widest].value)}'", stats[widest].span, f"{paths[widest]}.value")
    boxes: list = []
    for i, st in enumerate(stats):
        x = ax + i * (w + gap)

        def build(s: float, chunk, st=st):
            paras = [builder.para(st.value, value_size, w - 24, color=builder.colors["accent"], bold=True, align="c"),
                     builder.para(st.label, s, w - 24, align="c", space_before=10)]
            if st.detail:
                paras.append(builder.para(st.detail, max(BODY_FLOOR, s - 6), w - 24, color=builder.colors["muted"], align="c", space_before=8))
            return paras, height_of(paras), has_break(paras)

        item = Item(st, st.span, paths[i], f"the stat '{short(st.value)}'")
        (page,) = fit([item], build, ladder(22, BODY_FLOOR), ah - 24, split=False)
        if n > 1:
            boxes.append(Rect(x, ay, w, ah, builder.colors["surface"], role="card"))
        boxes.append(TextBox(x + 12, ay + 12, w - 24, ah - 24, tuple(page.content), "stat", anchor="m"))
    builder.add_titled(slide, kind.name, g, boxes)


def lay_quote(builder: SlideBuilder, slide: m.Slide, kind: SlideKind) -> None:
    g = builder.grid(kind.role, slide)
    ax, ay, aw, ah = g.content.x, g.content.y, g.content.w, g.content.h
    q: m.Quote = slide.content
    x, w = ax + 80, aw - 120

    def build(s: float, chunk):
        paras = [builder.para(q.text, s, w)]
        if q.by:
            paras.append(builder.para(f"— {q.by}", max(BODY_FLOOR, s * 0.6), w, color=builder.colors["muted"], space_before=s * 0.6))
        return paras, height_of(paras), has_break(paras)

    (page,) = fit([Item(q, q.span, f"{slide.path}.quote", "the quote")], build, ladder(30, BODY_FLOOR), ah, split=False)
    mark = builder.para("“", 96, 80, color=builder.colors["accent"], bold=True)
    boxes = [TextBox(ax, ay - 10, 80, 120, (mark,), "quote-mark"),
             TextBox(x, ay, w, ah, tuple(page.content), "quote", anchor="m")]
    builder.add_titled(slide, kind.name, g, boxes)


def lay_faq(builder: SlideBuilder, slide: m.Slide, kind: SlideKind) -> None:
    g = builder.grid(kind.role, slide)
    ax, ay, aw, ah = g.content.x, g.content.y, g.content.w, g.content.h
    pad, gap = 14.0, 12.0
    w = aw - 2 * pad
    items = [Item(f, f.span, f"{slide.path}.faq[{i}]", f"the question '{short(f.q)}'") for i, f in enumerate(slide.content.items)]

    def build(s: float, chunk: Sequence[Item]):
        cards = [[builder.para(it.value.q, s, w, color=builder.colors["primary"], bold=True),
                  builder.para(it.value.a, s - 2, w, space_before=s * 0.35)] for it in chunk]
        h = sum(height_of(c) + 2 * pad for c in cards) + gap * (len(cards) - 1)
        return cards, h, any(has_break(c) for c in cards)

    def boxes_of(page: Fitted) -> list:
        boxes: list = []
        y = ay
        for paras in page.content:
            h = height_of(paras) + 2 * pad
            boxes.append(Rect(ax, y, aw, h, builder.colors["surface"], role="card"))
            boxes.append(TextBox(ax + pad, y + pad, w, h - 2 * pad, tuple(paras), "faq"))
            y += h + gap
        return boxes

    builder.add_pages(slide, kind.name, g, fit(items, build, ladder(20, BODY_FLOOR + 2), ah, pack=BODY_FLOOR + 2), boxes_of)


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
    gap, pad = 20.0, (0.0 if into else 16.0)
    w = min(a.inner[2] for a in areas) if into else (aw - gap * (n - 1)) / n

    def column(col: m.Column, s: float) -> list[Para]:
        head = builder.para(col.title, s + 2, w - 2 * pad, color=builder.colors["primary"], bold=True)
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
    start = body_start(areas[0], 20.0) if into else 20.0
    (page,) = fit(items, build, ladder(min(start, 28.0), BODY_FLOOR), ah, split=False)
    boxes: list = []
    if into:
        boxes += [box(a, ps, "column", anchor="t") for a, ps in zip(areas, page.content)]
        return builder.add_titled(slide, kind.name, g, boxes)
    # Cards as tall as the fullest column (not the whole area: short columns looked empty).
    card_h = min(ah, max(ah * 0.6, max(height_of(ps) for ps in page.content) + 2 * pad + 8))
    for i, ps in enumerate(page.content):
        x = ax + i * (w + gap)
        boxes.append(Rect(x, ay, w, card_h, builder.colors["surface"], role="card"))
        boxes.append(Rect(x, ay, w, 4, builder.colors["primary"], role="card-bar"))
        boxes.append(TextBox(x + pad, ay + pad, w - 2 * pad, card_h - 2 * pad, tuple(ps), "column"))
    builder.add_titled(slide, kind.name, g, boxes)


def lay_table(builder: SlideBuilder, slide: m.Slide, kind: SlideKind) -> None:
    g = builder.grid(kind.role, slide)
    ax, ay, aw, ah = g.content.x, g.content.y, g.content.w, g.content.h
    t: m.Table = slide.content
    pad = 6.0
    ncol = len(t.columns)
    numeric = table_numeric(t)
    cap = None
    cap_h = 0.0
    if t.caption:
        cap = builder.para(t.caption, 14, aw, color=builder.colors["muted"])
        cap_h = cap.height + 8
    avail = ah - cap_h
    white = WHITE
    header_text = builder.readable(white, builder.colors["primary"].hex, 14, True)

    def widths(s: float) -> list[float]:
        def cw(text: str, bold: bool = False) -> float:
            return builder.text.text_width(text, s, bold)

        natural = [max([cw(t.columns[j], True)] + [cw(r[j]) for r in t.rows]) / WRAP_SAFETY + 2 * pad + 2 for j in range(ncol)]
        return share_widths(natural, aw)

    def row(cells: Sequence[str], s: float, ws: list[float], header: bool) -> tuple[tuple[Cell, ...], float]:
        out, h = [], 0.0
        for j, text in enumerate(cells):
            p = builder.para(text, s, ws[j] - 2 * pad, color=header_text if header else builder.colors["text"], bold=header,
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
        fills = tuple(builder.colors["primary"] if i == 0 else (builder.colors["surface"] if i % 2 == 0 else builder.colors.get("background", white))
                      for i in range(len(rows)))
        boxes: list = [TableBox(ax, ay, aw, sum(heights), tuple(ws), heights, rows, pad, fills, white)]
        if cap is not None:
            boxes.append(TextBox(ax, ay + sum(heights) + 8, aw, cap.height + 2, (cap,), "caption"))
        return boxes

    builder.add_pages(slide, kind.name, g, fit(items, build, ladder(18, BODY_FLOOR), avail, uniform=True), boxes_of)


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
