"""Deck × audience name → Deck: a pure filter and override step; spans are kept.

Order (spec §1 "Audiences"): drop what the audience is not listed for; select and order
sections; filter by tags; replace fields by id; drop notes if asked. Section overrides are
applied first so that their fields (tags, audiences) take part in the filters.
"""

from __future__ import annotations

from dataclasses import replace

from .model import Audience, Deck, Section, Slide


def _listed(item_audiences: tuple[str, ...] | None, name: str) -> bool:
    return item_audiences is None or name in item_audiences


def _replaced(item, overrides: dict, kind: type):
    """`item` or the audience's replacement of it; an id names a section or a slide, not both."""
    replacement = overrides.get(item.id) if item.id else None
    return replacement if isinstance(replacement, kind) else item


def select(deck: Deck, name: str | None) -> Deck:
    """The deck as `name` sees it; `None` is the full build (every section and slide)."""
    if name is None:
        return deck
    a: Audience = deck.audiences[name]
    sections = [_replaced(s, a.overrides, Section) for s in deck.sections]
    sections = [s for s in sections if _listed(s.audiences, name)]
    if a.sections is not None:
        by_id = {s.id: s for s in sections}
        sections = [by_id[i] for i in a.sections if i in by_id]
    include, exclude = set(a.include_tags), set(a.exclude_tags)
    out = []
    for s in sections:
        if exclude & set(s.tags):
            continue
        slides = []
        for sl in s.slides:
            tags = set(sl.tags) | set(s.tags)  # a slide carries its section's tags too
            if not _listed(sl.audiences, name) or exclude & tags or (include and not include & tags):
                continue
            sl = _replaced(sl, a.overrides, Slide)
            if not a.notes:
                sl = replace(sl, notes=None)
            slides.append(sl)
        if include and not include & set(s.tags) and not slides:
            continue
        out.append(replace(s, slides=tuple(slides)))
    # Everything an audience changes is resolved here, once: later stages read the deck only.
    return replace(deck, title=a.title or deck.title, subtitle=a.subtitle or deck.subtitle, sections=tuple(out),
                   handout=a.handout, audience=a)
