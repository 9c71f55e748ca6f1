"""Deck → the slides deckbuild makes itself: the title slide, a divider per section that asks for
one, and the numbered sources (continued when long).

In: a `SlideBuilder` (and a section for a divider). Out: the slides added to it, in the template's
title, section and closing layouts, else on deckbuild's own grid.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from .. import model as m
from ..grid import Area, SlideGrid
from ..plan import WHITE, Rect, TextBox
from .fit import Item, fit
from .measure import box, has_break, height_of, short
from .page import OWN_TITLE, SlideBuilder


def title_slide(builder: SlideBuilder) -> None:
    """The deck's title, subtitle, author, date and audience: on deckbuild's own title slide, or in the
    template's title layout."""
    info = builder.info
    d, a = builder.deck, builder.deck.audience
    g = builder.grid("title")
    meta = " · ".join(x for x in (d.author, info.shown_date) if x)
    if not g.own:
        return _title_slide_in(builder, g, meta)
    w = g.content.w - 40
    x = g.content.x + 20
    box_h = 200.0
    for size in builder.scale.steps("cover"):
        p = builder.para(d.title, size, w, bold=True)
        if p.height <= box_h:
            break
    else:
        builder.problems.error(builder.deck.span, "title", "the title does not fit the title slide; shorten it", code="title-too-long")
    lines = [(t, kind) for t, kind in ((d.subtitle, "subtitle"), (meta, "meta"), (a.description if a else None, "audience")) if t]
    colors = {"subtitle": builder.colors["primary"], "meta": builder.colors["muted"], "audience": builder.colors["accent"]}

    def build(s: float, chunk):
        # The subtitle on the cover's ladder from 24 pt; author, date and audience two steps under it.
        paras = [builder.para(t, s if kind == "subtitle" else builder.scale.below("cover_lines", s, 2), w, color=colors[kind],
                              bold=kind == "audience", space_before={"subtitle": 0, "meta": 14, "audience": 8}[kind])
                 for t, kind in lines]
        return paras, height_of(paras), has_break(paras)

    # Under the title (anchored to its box's foot), 190 pt above the footer; a subtitle taller than
    # that at the floor takes the room the title's text leaves above it, moving title and bar up.
    sub_y, sub_h = 296.0, 190.0
    steps = builder.scale.steps("cover_lines", 24)
    rise = 0.0
    if lines:
        paras, height, _ = build(steps[-1], None)
        rise = min(max(0.0, height - sub_h), max(0.0, box_h - p.height))
    boxes: list = [Rect(0, 0, 18, builder.height, builder.colors["primary"], role="side-bar"),
                   TextBox(x, 60, w, box_h - rise, (p,), "title", anchor="b", placeholder=OWN_TITLE),
                   Rect(x, 276 - rise, 80, 5, builder.colors["accent"], role="accent-bar")]
    if lines:
        item = Item(lines, d.span, "subtitle", "the subtitle")
        (page,) = fit([item], build, steps, sub_h + rise, split=False)
        boxes.append(TextBox(x, sub_y - rise, w, sub_h + rise, tuple(page.content), "subtitle"))
    builder.add("title", d.title, boxes, g, span=builder.deck.span)


def _title_slide_in(builder: SlideBuilder, g: SlideGrid, meta: str) -> None:
    """The title slide in the template's title layout: the title in its title placeholder, the
    subtitle, author, date and audience in its subtitle placeholder (or its bodies)."""
    d, a = builder.deck, builder.deck.audience
    t = g.title
    start = t.size or 44
    bold = t.bold if t.bold is not None else True
    below = [a.y for a in (g.subtitle, *g.bodies) if a is not None and a.y > t.y] or [g.content.y]
    floor = builder.scale.steps("cover", start)[-1]
    if min(below) - 4 - t.y > t.h and not builder.fits_in(d.title, t, floor, bold, 3):
        t = replace(t, h=min(below) - 4 - t.y, placeholder=replace(t.placeholder, moved=True) if t.placeholder else None)
    # The cover's steps, then the small title box's (20, 18 pt): a long deck title in a small title
    # placeholder still builds, with a warning.
    cover = builder.scale.steps("cover", start)
    title = builder.fit_lines(d.title, t, cover + builder.scale.steps("title_small_box"), bold=bold,
                              color=t.color or builder.colors["text"], max_lines=None, what="the title", span=d.span, path="title")
    if title is not None and title.size < cover[-1]:
        builder.problems.warning(d.span, "title", f"the deck's title is set at {title.size:g} pt: it does not fit the template's "
                                 f"title placeholder at {cover[-1]:g} pt; shorten it to keep the title's size", code="title-shrunk")
    boxes: list = [box(t, (title or builder.para(d.title, floor, t.inner[2], bold=True),), "title")]
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
                paras = [builder.para(text, s if kind == "subtitle" else builder.scale.below("cover_lines", s, 2), area.inner[2], align=area.align,
                                      color=_line_color(builder, kind, area), bold=kind == "audience",
                                      space_before=0 if i == 0 else s * 0.4)
                         for i, (text, kind) in enumerate(group)]
                return paras, height_of(paras), has_break(paras)

            steps = builder.scale.steps("cover_lines", base)
            (page,) = fit([Item(group, d.span, "subtitle", "the subtitle")], build, steps, area.inner[3], split=False)
            boxes.append(box(area, page.content, "subtitle"))
    elif lines:  # a title layout without a place for the rest: under the title
        area = Area(t.x, t.bottom + 10, t.w, max(40.0, builder.height * 0.9 - t.bottom - 10))
        paras = [builder.para(text, 18, area.w, color=builder.colors["muted"]) for text, _ in lines]
        boxes.append(box(area, paras, "subtitle"))
    builder.add("title", d.title, boxes, g, span=d.span)


def _line_color(builder: SlideBuilder, kind: str, area: Area):
    """The colour of a line under the title in a template's title layout: the audience in the accent
    colour, the subtitle in its placeholder's own colour, author and date muted."""
    if kind == "audience":
        return builder.colors["accent"]
    if kind == "subtitle":
        return area.color or builder.colors["text"]
    return builder.colors["muted"]


def sources_slide(builder: SlideBuilder) -> None:
    """A numbered list of the sources, continued on more slides when long."""
    g = builder.grid("closing")
    area = g.body or g.content
    x, y, w, h = area.inner
    items = [Item(text, s.span, f"sources[{i}]", f"the source '{short(s.cite())}'")
             for i, (s, text) in enumerate(zip(builder.deck.sources, builder.plan_sources()))]

    def build(size: float, chunk: Sequence[Item]):
        paras = [builder.para(it.value, size, w, level=1, space_before=0 if i == 0 else size * 0.5)
                 for i, it in enumerate(chunk)]
        return paras, height_of(paras), has_break(paras)

    number = 1
    steps = builder.scale.steps("body", 20 * builder.scale.factor)
    words = builder.info.words
    for n, page in enumerate(fit(items, build, steps, h, pack=steps[0])):
        title = words.sources + (words.continued if n else "")
        paras = [replace(p, bullet=f"{number + i}.") for i, p in enumerate(page.content)]
        number += len(page.items)
        boxes = [builder.title_box(title, g, builder.deck.span, "sources")] + builder.chrome(g, None)
        boxes.append(box(area, paras, "body", anchor="t"))
        builder.add("sources", title, boxes, g, span=builder.deck.sources[0].span, continued=n > 0)


def divider(builder: SlideBuilder, section: m.Section) -> None:
    """A section's divider: its title and summary in the template's section layout, else white on the
    primary colour."""
    g = builder.grid("section")
    label = builder.sections[-1].label if section.appendix else None  # 붙임 1
    if not g.own:  # the template's section layout: its title placeholder, the summary in its body
        title = f"{label}. {section.title}" if label else section.title
        t = builder.fit_title(title, g, grow=True)
        g = t.grid
        boxes = [builder.title_box(title, g, section.span, section.path, fitted=t)]
        place = g.body or g.subtitle
        if section.summary and place is not None:
            def build(s: float, chunk):
                paras = [builder.para(section.summary, s, place.inner[2], color=place.color or builder.colors["text"], align=place.align)]
                return paras, height_of(paras), has_break(paras)

            item = Item(section.summary, section.span, f"{section.path}.summary", "the summary")
            (page,) = fit([item], build, builder.scale.steps("body", place.size or 22), place.inner[3], split=False)
            boxes.append(box(place, page.content, "subtitle"))
        builder.add("divider", section.title, boxes, g, span=section.span)
        return
    c = g.content
    white = WHITE
    paras = [builder.para(label, 24, c.w, color=white, bold=True, space_before=0)] if label else []
    paras.append(builder.para(section.title, 40, c.w, color=white, bold=True, space_before=10 if label else 0))
    if section.summary:
        paras.append(builder.para(section.summary, 22, c.w, color=white, space_before=16))
    boxes = [TextBox(c.x, c.y + 10, c.w, 260, tuple(paras), "title", anchor="m", placeholder=OWN_TITLE)]
    builder.add("divider", section.title, boxes, g, span=section.span, background=builder.colors["primary"], number_color=white)

