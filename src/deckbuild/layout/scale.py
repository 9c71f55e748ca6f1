"""Slide size → the type scale: the sizes every text role of a slide may take (spec §2 "Sizes by
role"), the one table of them, scaled with the slide.

In: the slide's width and height (pt). Out: a `TypeScale` whose `steps(role, start)` are the sizes
the fit ladder tries for a role, largest first, the last its floor — never a size between steps, so
slides side by side share one scale. The table is written for deckbuild's own 960 × 540 pt slide;
another slide size scales it by min(height / 540, width / 720) (a 4:3 slide of 540 pt keeps it, the
720 × 405 pt 16:9 slide of Google Slides takes three quarters), rounded to half points.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

BASE_W, BASE_H = 720.0, 540.0  # a slide at least this wide and exactly this tall keeps the table as written


@dataclass(frozen=True)
class Sizes:
    """Sizes by role (pt), for a 16:9 slide, largest first; the last of each is its floor."""

    title: tuple[float, ...] = (36, 32, 28, 24)
    title_small_box: tuple[float, ...] = (20, 18)  # only in a template's title box smaller than deckbuild's own
    message: tuple[float, ...] = (22, 20, 18, 16)
    body: tuple[float, ...] = (24, 20, 18, 16, 14)  # bullets, cards, FAQ, table cells, sources
    quote: tuple[float, ...] = (32, 28, 24, 20, 18, 16, 14)
    figure: tuple[float, ...] = (88, 72, 56, 44, 36, 28)  # a key figure's value
    figure_label: tuple[float, ...] = (20, 18, 16, 14)  # its label (and detail)
    chart: tuple[float, ...] = (14, 12, 11, 10)  # chart labels and axis text
    small: tuple[float, ...] = (11, 10, 9)  # source, note, footer, slide number
    # The generated title slide (the spec lists no sizes for it): the deck's title, and the lines under it.
    cover: tuple[float, ...] = (44, 40, 36, 32, 28)
    cover_lines: tuple[float, ...] = (32, 28, 24, 20, 18, 16, 14, 12)


SIZES = Sizes()
ROLES = tuple(f.name for f in fields(Sizes))


def factor(width: float, height: float) -> float:
    """How much the table scales on a slide of `width` × `height` pt."""
    return min(height / BASE_H, width / BASE_W)


class TypeScale:
    """The table of `Sizes` scaled to one slide size."""

    def __init__(self, width: float = 960.0, height: float = 540.0):
        self.factor = factor(width, height)
        self._steps = {role: tuple(_half(s * self.factor) for s in getattr(SIZES, role)) for role in ROLES}

    def steps(self, role: str, start: float | None = None) -> tuple[float, ...]:
        """The sizes of `role`, largest first, from the largest that is not above `start` (a
        template's own size for the role, a kind's ceiling); never empty: at least the floor."""
        all_ = self._steps[role]
        picked = tuple(s for s in all_ if start is None or s <= start + 0.01)
        return picked or all_[-1:]

    def floor(self, role: str) -> float:
        return self._steps[role][-1]

    def top(self, role: str) -> float:
        return self._steps[role][0]

    def below(self, role: str, size: float, n: int = 1) -> float:
        """The step `n` below `size` in `role`'s scale (the floor at most): a sub-point, a detail line."""
        all_ = self._steps[role]
        i = next((k for k, s in enumerate(all_) if s <= size + 0.01), len(all_) - 1)
        return all_[min(i + n, len(all_) - 1)]

    def above(self, role: str, size: float, n: int = 1) -> float:
        """The step `n` above `size` (the top at most): a card's heading over its text."""
        all_ = self._steps[role]
        i = next((k for k, s in enumerate(all_) if s <= size + 0.01), len(all_) - 1)
        return all_[max(i - n, 0)]

    def is_step(self, role: str, size: float) -> bool:
        return any(abs(size - s) < 0.01 for s in self._steps[role])


def _half(x: float) -> float:
    return round(x * 2) / 2
