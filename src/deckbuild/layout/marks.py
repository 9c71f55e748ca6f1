"""A slide's marks of a Korean report, besides its content: the key message (헤드메시지) under the
title, the classification (대외비) at the top right, an appendix's label (붙임 1) at the top left, the
logo, and the footer line's text.

In: the deck (classification, footer, logo), a slide's grid and what its section is. Out: boxes for
the page builder to add (a framed `TextBox` and its `Rect`, an `ImageBox`), placed where nothing of
the layout is: deckbuild's own grid has room for them above the title band and at the left of the
footer line; in a template, the logo takes the first corner of the slide that no placeholder or
artwork of the layout covers (none free: no logo on that layout).
"""

from __future__ import annotations

from dataclasses import replace

from .. import model as m
from ..grid import Area, SlideGrid
from ..plan import WHITE, Color, ImageBox, Rect, TextBox
from .fit import Item, Unfit, fit
from .measure import has_break, height_of

MARK_SIZE = 11.0  # pt on a 540 pt tall slide: the small role's top step (source, footer, number)
LOGO_H = 0.04  # the logo's height, as a share of the slide's
LOGO_MAX_W = 4.0  # … and its width at most this many heights


class SlideMarks:
    """The marks of one deck's slides (see the module's docstring), measured in its fonts."""

    def __init__(self, builder):
        self.b = builder
        self.deck = builder.deck
        self.scale = builder.height / 540.0
        self.reported: set[str] = set()  # slides whose message was reported (a grid may be asked for twice)

    # ---- the key message ------------------------------------------------------------------
    def message(self, slide: m.Slide, g: SlideGrid) -> tuple[SlideGrid, list]:
        """The key message on a light surface band with a thin primary rule at its left, at the top of
        the content area, in one line (two at most) at the largest of its steps; the content area and
        the bodies start below it. `Unfit` when it needs more than two lines at the floor."""
        b, k = self.b, self.scale
        c = g.body if g.body is not None and g.body.y <= g.content.y + 1 else g.content
        x, w = c.x, c.w
        beside = [a for a in g.bodies if abs(a.y - c.y) <= 1]
        if c is g.body and len(beside) > 1:  # a two-content layout's bodies side by side: the message spans both
            x = min(a.x for a in beside)
            w = max(a.x + a.w for a in beside) - x
        pad, rule, gap = 8 * k, 3 * k, 10 * k
        inner = w - rule - 2 * pad
        item = Item(slide.message, slide.span, f"{slide.path}.message", "the key message")

        def build(size: float, chunk):
            p = b.para(slide.message, size, inner, color=b.colors["text"])
            return [p], (p.height if len(p.lines) <= 2 else 1e9), has_break([p])

        sizes = list(b.scale.steps("message"))  # 22, 20, 18, 16 pt on a 16:9 slide, scaled with it
        try:
            (page,) = fit([item], build, sizes, 2 * sizes[0] * 1.2 + 1, split=False)
            paras = page.content
        except Unfit:
            if slide.path not in self.reported:
                self.reported.add(slide.path)
                b.problems.error(slide.span, item.path, f"the key message does not fit in two lines at {sizes[-1]:g} pt; shorten it "
                                 "(it is one line, two at most)", code="message-too-long")
            paras = build(sizes[-1], [item])[0]
        h = height_of(paras) + 2 * pad
        y = min(a.y for a in (g.content, *g.bodies))
        boxes = [Rect(x, y, w, h, b.colors["surface"], role="message-band"),
                 Rect(x, y, rule, h, b.colors["primary"], role="message-rule"),
                 TextBox(x + rule + pad, y + pad, inner, h - 2 * pad, tuple(paras), "message")]
        top = y + h + gap

        def down(a: Area) -> Area:
            if a.y >= top:
                return a
            return replace(a, y=top, h=max(1.0, a.bottom - top), placeholder=replace(a.placeholder, moved=True) if a.placeholder else None)

        return replace(g, content=down(g.content), bodies=tuple(down(a) for a in g.bodies)), boxes

    # ---- top of the slide -----------------------------------------------------------------
    def top(self, g: SlideGrid, label: str | None, background: Color | None) -> list:
        """The classification at the top right (framed), an appendix label at the top left."""
        b, out = self.b, []
        size = MARK_SIZE * self.scale
        y = self.top_y(g, size)
        on_dark = background is not None
        if self.deck.classification:
            text = self.deck.classification
            color = WHITE if on_dark else b.colors["primary"]
            pad = size * 0.45
            w = b.text.text_width(text, size, True) / 0.95 + 2 * pad
            h = size * 1.2 + pad
            right = self.right(g)
            p = b.para(text, size, w, color=color, bold=True, align="c")
            out.append(Rect(right - w, y, w, h, None, line=color, line_width=0.75, role="classification-frame"))
            out.append(TextBox(right - w, y, w, h, (p,), "classification", anchor="m"))
        if label:
            color = WHITE if on_dark else b.colors["muted"]
            p = b.para(label, size, g.title.w / 2, color=color, bold=True)
            out.append(TextBox(g.title.x, y, g.title.w / 2, size * 1.2 + size * 0.45, (p,), "appendix-label", anchor="m"))
        return out

    def make_room(self, g: SlideGrid) -> SlideGrid:
        """A template's grid whose title starts too near the top for the marks: its title box starts
        below them (moved, a little shorter), so nothing overlaps; deckbuild's own grid has the room."""
        if g.own or not (self.deck.classification or any(s.appendix for s in self.deck.sections)):
            return g
        size = MARK_SIZE * self.scale
        need = 2.0 * self.scale + size * 1.65 + 2
        t = g.title
        if t.y >= need:
            return g
        shift = need - t.y
        moved = replace(t, y=need, h=max(t.h - shift, t.h * 0.6), placeholder=replace(t.placeholder, moved=True) if t.placeholder else None)
        return replace(g, title=moved)

    def top_y(self, g: SlideGrid, size: float) -> float:
        """Above the title: deckbuild's own band has 26 pt of room at its top; a template's title is
        left its place, the marks sit in the strip above it (at the slide's top edge where the strip is narrow)."""
        h = size * 1.65
        return max(2.0 * self.scale, min(8.0 * self.scale, g.title.y - h - 2))

    def right(self, g: SlideGrid) -> float:
        right = g.title.x + g.title.w
        return right if right <= self.b.width * 0.985 else self.b.width * 0.97

    # ---- logo -----------------------------------------------------------------------------
    def logo(self, g: SlideGrid, taken: list) -> ImageBox | None:
        """The logo at the left of deckbuild's footer line, or in a free corner of a template's layout."""
        logo = self.deck.logo
        if logo is None:
            return None
        h = self.b.height * LOGO_H
        w = min(h * logo.width_px / max(1, logo.height_px), h * LOGO_MAX_W)
        h = w * logo.height_px / max(1, logo.width_px)
        if g.own:
            f = g.footer
            return ImageBox(f.x, f.y + (min(f.h, 22 * self.scale) - h) / 2, w, h, str(logo.path), logo.alt)
        W, H = self.b.width, self.b.height
        mx, my = W * 0.03, H * 0.03
        corners = [(mx, H - my - h), (W - mx - w, H - my - h), (W - mx - w, my), (mx, my)]
        blocked = [(a.x, a.y, a.w, a.h) for a in (g.title, g.content, g.subtitle, g.footer, g.number, g.date, *g.bodies) if a]
        blocked += [(i.x, i.y, i.w, i.h) for i in g.backdrop.items]
        blocked += [(x.x, x.y, x.w, x.h) for x in taken if isinstance(x, (Rect, TextBox))]
        for x, y in corners:
            if not any(_overlap((x, y, w, h), r) for r in blocked):
                return ImageBox(x, y, w, h, str(logo.path), logo.alt)
        return None

    def footer_area(self, g: SlideGrid, a: Area) -> Area:
        """deckbuild's footer line, its text moved right of the logo."""
        logo = self.logo(g, []) if g.own else None
        if logo is None:
            return a
        shift = logo.w + 10 * self.scale
        return Area(a.x + shift, a.y, a.w - shift, a.h, a.inset, a.anchor, a.sizes, a.bold, a.color, a.align, a.placeholder)

    def footer_text(self, source_line: str | None) -> str | None:
        """The footer line: the outline's `footer` (else the template's own footer text), and a
        source line after it."""
        footer = self.deck.footer or self.b.frame.footer_text
        return " · ".join(x for x in (footer, source_line) if x) or None


def _overlap(a, b) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah
