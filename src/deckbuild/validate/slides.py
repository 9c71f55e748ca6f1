"""A section's or a slide's node → `model.Section` / `model.Slide`, and the check that ids are unique.

In: a `Reader`, the node, its outline path and the `KnownNames` it may refer to. Out: the section
or slide, or None when it cannot be drawn (a missing title, content with errors), after reporting
why. The slide's content goes to its kind's reader in `content.CONTENT`. `audiences.py` calls these
too, on a section or slide with an audience's overrides merged in.
"""

from __future__ import annotations

from .. import model as m
from ..problems import Span, did_you_mean
from ..source import Node
from .assets import layout_name
from .content import CONTENT, CONTENT_EXTRA_KEYS, KnownNames, SlideFields
from .reader import Reader

SECTION_KEYS = ("id", "title", "tags", "audiences", "divider", "summary", "body", "slides")
CONTENT_KEYS = tuple(CONTENT)
# A content kind's extra keys (a chart's caption) go with it: a new content key replaces them too.
CONTENT_OWNED_KEYS = CONTENT_KEYS + tuple(k for keys in CONTENT_EXTRA_KEYS.values() for k in keys)
SLIDE_KEYS = ("title", "id", "notes", "handout", "audiences", "tags", "caption", "layout") + CONTENT_KEYS


def read_section(r: Reader, node: Node, path: str, known: KnownNames) -> m.Section | None:
    s = r.mapping(node, path, SECTION_KEYS, ("id", "title"))
    if s is None:
        return None
    sid = r.slug(s.get("id"), f"{path}.id", required=True)
    title = r.text(s.get("title"), f"{path}.title", required=True)
    slides = tuple(
        sl for i, n in enumerate(r.seq(s.get("slides"), f"{path}.slides", "a list of slides"))
        if (sl := read_slide(r, n, f"{path}.slides[{i}]", known))
    )
    if sid is None or title is None:
        return None
    return m.Section(
        id=sid, title=title, tags=r.texts_list(s.get("tags"), f"{path}.tags"),
        audiences=_audience_refs(r, s.get("audiences"), f"{path}.audiences", known),
        divider=r.boolean(s.get("divider"), f"{path}.divider", False),
        summary=r.text(s.get("summary"), f"{path}.summary"), body=r.text(s.get("body"), f"{path}.body"),
        slides=slides, span=node.span, path=path, id_span=s["id"].span,
    )


def read_slide(r: Reader, node: Node, path: str, known: KnownNames) -> m.Slide | None:
    s = r.mapping(node, path, SLIDE_KEYS, ("title",))
    if s is None:
        return None
    present = [k for k in CONTENT_KEYS if k in s]
    if "chart" in present and "bullets" in present:
        present.remove("bullets")  # a chart slide's bullets go beside the chart
    if len(present) > 1:
        r.err(s[present[1]], f"{path}.{present[1]}", f"a slide has one kind of content; it already has '{present[0]}'", code="two-contents")
    if "caption" in s and "chart" not in s:
        r.err(node.pairs["caption"][0], f"{path}.caption", "'caption' goes with a chart slide (tables and images take their own caption)", code="misplaced-caption")
    title = r.text(s.get("title"), f"{path}.title", required=True)
    content = None
    if present:
        key = present[0]
        content = CONTENT[key](r, s[key], f"{path}.{key}", SlideFields(s, path, known))
    layout = layout_name(r, s["layout"], f"{path}.layout") if "layout" in s else None
    if title is None or (present and content is None):
        return None
    return m.Slide(
        title=title, id=r.slug(s.get("id"), f"{path}.id"), content=content,
        notes=r.text(s.get("notes"), f"{path}.notes"), handout=r.text(s.get("handout"), f"{path}.handout"),
        audiences=_audience_refs(r, s.get("audiences"), f"{path}.audiences", known),
        tags=r.texts_list(s.get("tags"), f"{path}.tags"), span=node.span, path=path,
        id_span=s["id"].span if "id" in s else None,
        layout=layout, layout_span=s["layout"].span if layout else None,
    )


def _audience_refs(r: Reader, node: Node | None, path: str, known: KnownNames) -> tuple[str, ...] | None:
    """A section's or slide's `audiences`: names of the deck's audiences (None: every audience)."""
    if node is None:
        return None
    names = r.texts_list(node, path)
    for i, name in enumerate(names):
        if name not in known.audiences:
            defined = ", ".join(known.audiences) or "none are defined"
            r.err(node.items[i], f"{path}[{i}]", f"unknown audience '{name}'{did_you_mean(name, known.audiences)} (defined: {defined})", code="unknown-audience")
    return names


def check_ids(r: Reader, sections: tuple[m.Section, ...]) -> None:
    """Section and slide ids share one namespace (overrides and `drop` name either)."""
    seen: dict[str, Span] = {}  # id → where it is first given
    for sec in sections:
        items = [(sec.id, sec.id_span or sec.span, f"{sec.path}.id")]
        items += [(sl.id, sl.id_span or sl.span, f"{sl.path}.id") for sl in sec.slides if sl.id]
        for ident, span, path in items:
            if ident in seen:
                r.err(span, path, f"duplicate id '{ident}' (first at line {seen[ident].line})", code="duplicate-id")
            else:
                seen[ident] = span
