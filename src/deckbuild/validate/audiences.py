"""The outline's `audiences` mapping → audience name → `model.Audience`, overrides validated.

In: a `Reader`, the `audiences` node, the deck read so far (its sections, its handout), the
`KnownNames`, and the section nodes (an override is merged into the node it replaces and read
again, so a replaced slide is checked as any slide is). Out: the audiences; which sections and
slides an audience sees is decided later by `audience.select`, from these.
"""

from __future__ import annotations

from typing import Any

from .. import model as m
from ..problems import did_you_mean
from ..source import Node
from .content import KnownNames
from .reader import SLUG, Reader
from .settings import read_handout
from .slides import CONTENT_KEYS, CONTENT_OWNED_KEYS, SECTION_KEYS, SLIDE_KEYS, read_section, read_slide

AUDIENCE_KEYS = ("title", "subtitle", "description", "sections", "include_tags", "exclude_tags", "notes", "handout", "overrides")


def audience_names(node: Node | None) -> tuple[str, ...]:
    """The audiences' names as written, before they are read: sections and slides may name them."""
    if node is None or node.kind != "map":
        return ()
    return tuple(node.pairs)


def read_audiences(r: Reader, node: Node | None, deck: m.Deck, known: KnownNames, section_nodes: list[Node]) -> dict[str, m.Audience]:
    out: dict[str, m.Audience] = {}
    if node is None:
        return out
    if node.kind != "map":
        r.err(node, "audiences", "expected a mapping of audience name → settings", code="expected-mapping")
        return out
    section_ids = [s.id for s in deck.sections]
    targets = _override_targets(section_nodes)
    for name, (key, value) in node.pairs.items():
        path = f"audiences.{name}"
        if not SLUG.match(name):
            r.err(key, path, f"'{name}' is not a valid audience name: use lowercase letters, digits and hyphens", code="invalid-id")
            continue
        a = r.mapping(value, path, AUDIENCE_KEYS)
        if a is None:
            continue
        sections = None
        if "sections" in a:
            sections = r.texts_list(a["sections"], f"{path}.sections")
            for i, sid in enumerate(sections):
                if sid not in section_ids:
                    r.err(a["sections"].items[i], f"{path}.sections[{i}]", f"unknown section '{sid}'{did_you_mean(sid, section_ids)}", code="unknown-section")
        overrides: dict[str, Any] = {}
        if "overrides" in a:
            on = a["overrides"]
            if on.kind != "map":
                r.err(on, f"{path}.overrides", "expected a mapping of section or slide id → fields", code="expected-mapping")
            else:
                for oid, (okey, oval) in on.pairs.items():
                    op = f"{path}.overrides.{oid}"
                    if oid not in targets:
                        r.err(okey, op, f"unknown section or slide id '{oid}'{did_you_mean(oid, targets)}", code="unknown-id")
                        continue
                    replacement = _override(r, targets[oid], oval, op, known)
                    if replacement is not None:
                        overrides[oid] = replacement
        out[name] = m.Audience(
            name=name, title=r.text(a.get("title"), f"{path}.title"), subtitle=r.text(a.get("subtitle"), f"{path}.subtitle"),
            description=r.text(a.get("description"), f"{path}.description"), sections=sections,
            include_tags=r.texts_list(a.get("include_tags"), f"{path}.include_tags"),
            exclude_tags=r.texts_list(a.get("exclude_tags"), f"{path}.exclude_tags"),
            notes=r.boolean(a.get("notes"), f"{path}.notes", True),
            handout=read_handout(r, a.get("handout"), f"{path}.handout", deck.handout),
            overrides=overrides, span=value.span,
        )
    return out


def _override(r: Reader, target: tuple[str, Node], node: Node, path: str, known: KnownNames):
    """The section or slide `target` with the override's fields merged in, read again."""
    kind, original = target
    keys = SECTION_KEYS if kind == "section" else SLIDE_KEYS
    if node.kind != "map":
        r.err(node, path, "expected a mapping of fields to replace", code="expected-mapping")
        return None
    for name, (key, _) in node.pairs.items():
        if name == "id" or name not in keys:
            r.err(key, f"{path}.{name}", f"cannot override '{name}'{did_you_mean(name, [k for k in keys if k != 'id'])}", code="not-overridable")
    merged = Node("map", original.span, tag=original.tag, pairs=dict(original.pairs))
    if kind == "slide" and any(k in node.pairs for k in CONTENT_KEYS):
        for k in CONTENT_OWNED_KEYS:  # a new content key replaces the old content
            merged.pairs.pop(k, None)
    merged.pairs.update({k: v for k, v in node.pairs.items() if k in keys and k != "id"})
    items, texts = r.problems.items, r.texts
    before, texts_before = len(items), len(texts)
    result = read_section(r, merged, path, known) if kind == "section" else read_slide(r, merged, path, known)
    # One error per cause: a problem in a field the override kept was reported at its own place,
    # under the original's path, already; the re-read finds it again at the same place under the
    # override's path. Compared on place, level and message (not path), the original is kept.
    if len(items) > before:
        earlier = {_cause(x) for x in items[:before]}
        items[before:] = [x for x in items[before:] if _cause(x) not in earlier]
    # The kept fields' texts were recorded for the glyph check already: record only the new ones.
    if len(texts) > texts_before:
        seen = {(t[0], t[1]) for t in texts[:texts_before]}
        texts[texts_before:] = [t for t in texts[texts_before:] if (t[0], t[1]) not in seen]
    return result


def _cause(p) -> tuple:
    """A problem without its outline path: what it says, and where."""
    return p.span, p.level, p.message


def _override_targets(section_nodes: list[Node]) -> dict[str, tuple[str, Node]]:
    """Every section and slide id of the outline as written → ("section" | "slide", its node)."""
    targets: dict[str, tuple[str, Node]] = {}
    for sn in section_nodes:
        if sn.kind != "map":
            continue
        sid = sn.pairs.get("id")
        if sid and sid[1].kind == "scalar":
            targets[sid[1].text] = ("section", sn)
        slides = sn.pairs.get("slides")
        for sl in (slides[1].items if slides and slides[1].kind == "seq" else []):
            lid = sl.pairs.get("id") if sl.kind == "map" else None
            if lid and lid[1].kind == "scalar":
                targets[lid[1].text] = ("slide", sl)
    return targets
