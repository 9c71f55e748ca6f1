"""The deck's settings → `model.Theme` and `model.Handout`: colours, fonts, template, layout names,
and the printed handout's paper, layout and parts.

In: a `Reader` and the `theme` or `handout` node (an audience's `handout` too, over the deck's).
Out: the settings, defaults filled in (the default colours, the bundled fonts, an A4 article
handout), every value checked; the files they name are checked by `assets.py`.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import model as m
from ..problems import Span
from ..source import Node
from .assets import layout_name, read_fonts, read_template
from .reader import COLOR, Reader

THEME_KEYS = ("colors", "fonts", "template", "layouts", "bullets")
HANDOUT_KEYS = ("paper", "layout", "slides_per_page", "cover", "contents", "notes", "page_number")
MAX_BULLET_LEVELS = 4  # □ ○ - · : the report style's four levels (bullets nest three deep; a fourth is kept for notes)
MAX_MARKER = 3  # characters in one marker ("1)", "가.", "①")
MAX_CLASSIFICATION = 40  # characters: a mark such as 대외비 or "Internal use only", not a sentence
PAGE_FIELDS = re.compile(r"\{(\w*)\}")


def read_theme(r: Reader, node: Node | None) -> m.Theme:
    colors = dict(m.DEFAULT_COLORS)
    fonts = None
    template: Path | None = None
    layouts: dict[str, str] = {}
    layout_spans: dict[str, Span] = {}
    color_spans: dict[str, Span] = {}
    template_span = None
    bullets = None
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
        if "bullets" in t:
            bullets = _bullets(r, t["bullets"])
    if fonts is None:
        from ..fonts import bundled_fonts

        fonts = bundled_fonts()
    return m.Theme(colors, fonts, template, layouts, layout_spans, color_spans, template_span, bullets,
                   frame=r.frame if template else None)


def _bullets(r: Reader, node: Node) -> tuple[str, ...] | None:
    """theme.bullets: the markers by level, 1 to 4 of them, each a short mark without spaces."""
    items = r.seq(node, "theme.bullets", "a list of markers by level, such as [□, ○, -, ·]")
    if node.kind != "seq":
        return None
    if not 1 <= len(items) <= MAX_BULLET_LEVELS:
        r.err(node, "theme.bullets", f"{len(items)} markers; give 1 to {MAX_BULLET_LEVELS}, one per level (such as [□, ○, -, ·])",
              code="invalid-bullets")
        return None
    out = []
    for i, item in enumerate(items):
        text = r.text(item, f"theme.bullets[{i}]", required=True)
        if text is None:
            return None
        if len(text) > MAX_MARKER or any(c.isspace() for c in text):
            r.err(item, f"theme.bullets[{i}]", f"'{text}' is not a marker: a mark of at most {MAX_MARKER} characters without spaces",
                  code="invalid-bullets")
            return None
        out.append(text)
    return tuple(out)


def read_page_number(r: Reader, node: Node | None, path: str, default: str) -> str:
    """A page-number pattern: text with {n} (the page) and optionally {total} (the page count)."""
    text = r.text(node, path)
    if text is None:
        return default
    fields = PAGE_FIELDS.findall(text)
    unknown = [f for f in fields if f not in ("n", "total")]
    if unknown or "n" not in fields or "\n" in text or len(text) > 40:
        what = f"'{{{unknown[0]}}}' is not a field" if unknown else "it needs {n}" if "n" not in fields else "it is one short line"
        r.err(node, path, f"page number pattern '{text}': {what}; write it with {{n}} (the page) and {{total}} (the count), "
              "such as \"{n} / {total}\" or \"- {n} -\"", code="invalid-page-number")
        return default
    return text


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
        notes=r.boolean(h.get("notes"), f"{path}.notes", base.notes),
        page_number=read_page_number(r, h.get("page_number"), f"{path}.page_number", base.page_number),
    )


def read_classification(r: Reader, node: Node | None, path: str) -> str | None:
    """`classification` (the outline's, or an audience's over it): a short mark on one line."""
    text = r.text(node, path)
    if text is None:
        return None
    if "\n" in text or len(text) > MAX_CLASSIFICATION:
        r.err(node, path, f"a classification is a short mark on one line (at most {MAX_CLASSIFICATION} characters), "
              "such as 대외비", code="invalid-classification")
        return None
    return text
