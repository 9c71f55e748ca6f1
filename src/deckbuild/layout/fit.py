"""Items × a way to build them at a size × a size ladder × a height → pages: the one fitting routine
every slide kind uses (shrink to a floor, then continue on more slides).

In: the units of content that may move to a continuation slide (`Item`), a `Build` callback that sets
some of them at one size and says how tall they came out, the sizes to try from largest to the floor
(the steps of its role in `scale.TypeScale`) and the height available. Out: one `Fitted` per slide. Content that cannot fit even alone
at the floor raises `Unfit`, naming it; `TooMany` is raised by the page builder when continuation
slides pass the slide limit. Both are signals inside layout, turned into problems by its driver.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from ..problems import Span


class TooMany(Exception):
    """Continuation slides took the deck past the slide limit."""

    def __init__(self, span: Span):
        self.span = span


class Unfit(Exception):
    """One item cannot fit its box even at the floor size (`floor`, pt): `what` names it, `span`/`path`
    place it."""

    def __init__(self, what: str, span: Span | None = None, path: str | None = None, floor: float | None = None):
        self.what, self.span, self.path, self.floor = what, span, path, floor


@dataclass(frozen=True)
class Item:
    """One unit of content that fitting may move to a continuation slide, with its place in the outline."""

    value: Any
    span: Span | None
    path: str
    name: str  # how a problem names it: "the bullet '…'"


@dataclass(frozen=True)
class Fitted:
    """One slide's worth of items, and what `Build` made of them at the size chosen."""

    size: float
    content: Any  # what `build` made at that size
    items: tuple[Item, ...]


Build = Callable[[float, Sequence[Item]], tuple[Any, float, bool]]  # → (content, height, has a mid-word break)


def fit(items: Sequence[Item], build: Build, sizes: Sequence[float], height: float, *, pack: float | None = None,
        split: bool = True, uniform: bool = False) -> list[Fitted]:
    """The one fitting routine every slide kind uses: shrink, then continue.

    First the largest size at which all `items` fit `height` (a size that needs a mid-word break is
    taken only when none avoids it: "제조·" / "교육" reads worse than a point smaller). Failing that,
    with `split`, items are packed greedily into pages at `pack` (default: the floor), and each page
    gets its own largest size (`uniform`: all pages the smallest of them). An item that cannot fit a
    page alone even at the floor raises `Unfit` naming it.
    """

    def largest(chunk: Sequence[Item]) -> Fitted | None:
        fallback = None
        for size in sizes:
            content, h, broken = build(size, chunk)
            if h <= height:
                if not broken:
                    return Fitted(size, content, tuple(chunk))
                fallback = fallback or Fitted(size, content, tuple(chunk))
        return fallback

    whole = largest(items)
    if whole is not None:
        return [whole]
    if not items:
        raise Unfit("the content", floor=sizes[-1])
    if not split or len(items) <= 1:
        raise _unfit(items[0] if len(items) == 1 else _tallest(items, build, sizes[-1]), sizes[-1])
    pack = pack if pack is not None else sizes[-1]
    chunks: list[list[Item]] = []
    current: list[Item] = []
    for item in items:
        if current and build(pack, current + [item])[1] > height:
            chunks.append(current)
            current = [item]
        else:
            current.append(item)
    chunks.append(current)
    pages = []
    for chunk in chunks:
        f = largest(chunk)
        if f is None:
            raise _unfit(chunk[0] if len(chunk) == 1 else _tallest(chunk, build, sizes[-1]), sizes[-1])
        pages.append(f)
    if uniform and len({p.size for p in pages}) > 1:
        size = min(p.size for p in pages)
        pages = [Fitted(size, build(size, p.items)[0], p.items) for p in pages]
    return pages


def _tallest(items: Sequence[Item], build: Build, size: float) -> Item:
    return max(items, key=lambda it: build(size, [it])[1])


def _unfit(item: Item, floor: float) -> Unfit:
    return Unfit(item.name, item.span, item.path, floor)
