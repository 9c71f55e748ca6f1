"""The deck's settings → `model.Theme` and `model.Handout`: colours, fonts, template, layout names,
and the printed handout's paper, layout and parts.

In: a `Reader` and the `theme` or `handout` node (an audience's `handout` too, over the deck's).
Out: the settings, defaults filled in (the default colours, the bundled fonts, an A4 article
handout), every value checked; the files they name are checked by `assets.py`.
"""

from __future__ import annotations

from pathlib import Path

from .. import model as m
from ..problems import Span
from ..source import Node
from .assets import layout_name, read_fonts, read_template
from .reader import COLOR, Reader

THEME_KEYS = ("colors", "fonts", "template", "layouts")
HANDOUT_KEYS = ("paper", "layout", "slides_per_page", "cover", "contents")


def read_theme(r: Reader, node: Node | None) -> m.Theme:
    colors = dict(m.DEFAULT_COLORS)
    fonts = None
    template: Path | None = None
    layouts: dict[str, str] = {}
    layout_spans: dict[str, Span] = {}
    color_spans: dict[str, Span] = {}
    template_span = None
    if node is not None:
        t = r.mapping(node, "theme", THEME_KEYS) or {}
        if "colors" in t:
            cm = r.mapping(t["colors"], "theme.colors", tuple(m.DEFAULT_COLORS)) or {}
            for role, value in cm.items():
                c = r.text(value, f"theme.colors.{role}", required=True)
                if c is not None and not COLOR.match(c):
                    r.err(value, f"theme.colors.{role}", f"'{c}' is not a colour: write #RRGGBB", code="invalid-color")
                elif c is not None:
                    colors[role] = c.upper()
                    color_spans[role] = value.span
        if "fonts" in t:
            fonts = read_fonts(r, t["fonts"])
        if "template" in t:
            template_span = t["template"].span
            template = read_template(r, t["template"])
        if "layouts" in t:
            from ..frame import ROLES

            lm = r.mapping(t["layouts"], "theme.layouts", ROLES) or {}
            for role, value in lm.items():
                name = layout_name(r, value, f"theme.layouts.{role}")
                if name is not None:
                    layouts[role], layout_spans[role] = name, value.span
    if fonts is None:
        from ..fonts import bundled_fonts

        fonts = bundled_fonts()
    return m.Theme(colors, fonts, template, layouts, layout_spans, color_spans, template_span, frame=r.frame if template else None)


def read_handout(r: Reader, node: Node | None, path: str, base: m.Handout) -> m.Handout:
    """`handout` settings over `base` (the deck's, for an audience's)."""
    if node is None:
        return base
    h = r.mapping(node, path, HANDOUT_KEYS) or {}
    return m.Handout(
        paper=r.choice(h.get("paper"), f"{path}.paper", m.PAPERS, base.paper),
        layout=r.choice(h.get("layout"), f"{path}.layout", m.LAYOUTS, base.layout),
        slides_per_page=r.choice(h.get("slides_per_page"), f"{path}.slides_per_page", m.SLIDES_PER_PAGE, base.slides_per_page),
        cover=r.boolean(h.get("cover"), f"{path}.cover", base.cover),
        contents=r.boolean(h.get("contents"), f"{path}.contents", base.contents),
    )
