"""A chart's legend planned: where it stands, at what size, in how many columns, or left out.

A pie's or doughnut's slices are named in a column at the right of the chart (under it where their
names are long); several series in centred rows along the bottom. Entries that do not fit the
chart step down the chart-label ladder (`labels.sizes`), then a pie's stand several to a row under
it; a pie that even so has no room for its legend leaves it out and its labels carry the names (a
pie without labels gets labels of its names). The renderers draw what this decides and nothing else
(the deck's native legend at the same side and size, or none).

In: the entries (name, colour), the chart's size, its font size and a `measure`. Out: `Legend`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..plan import Color
from ..text import cut
from .labels import sizes

Measure = Callable[[str, float], float]
Row = list[tuple[str, Color, float, float]]  # (name, colour, x, y) of each entry in a row
LINE = 1.6  # a right legend's line, in ems
ROW = 1.5  # a bottom legend's row, in ems
BESIDE = 0.4  # the most of the chart's width a legend beside a pie takes
UNDER_A_PIE = 0.35  # the most of the chart's height a legend under a pie takes (its slices keep the rest)
SMALLEST_PIE = 1.5  # the smallest radius a legend leaves a pie, in ems (else its labels carry the names)
UNDER_A_CHART = 0.3  # … under a chart of several series (its plot keeps the rest)


@dataclass(frozen=True)
class Legend:
    pos: str | None = None  # right | bottom | None (none; `named`: the labels carry the names)
    size: float = 0.0
    rows: list[Row] = field(default_factory=list)
    w: float = 0.0  # the room it takes at the right
    h: float = 0.0  # … at the bottom
    named: bool = False  # a pie's labels carry the category names instead
    cut: tuple[str, ...] = ()  # names wider than the chart even at the floor, drawn cut with "…"


def plan(entries, w: float, h: float, fs: float, measure: Measure, *, circular: bool,
         radius: Callable[[float, float, bool], float] | None = None) -> Legend:
    """The legend of a chart w × h drawn at `fs`: the first step of its ladder that fits (a pie's:
    that leaves it a radius of `SMALLEST_PIE` ems, where `radius(legend_w, legend_h, named)` is
    the pie's radius beside or over a legend that takes that room)."""
    if not entries:
        return Legend()
    steps = sizes(fs)
    if circular and radius is not None:
        ladder = _pie_ladder(entries, w, h, steps, measure)
        for legend in ladder:
            if legend.named or radius(legend.w, legend.h, False) >= SMALLEST_PIE * fs:
                return legend
    if not circular:  # several series: rows along the bottom, smaller until they leave the plot room
        tried = [bottom(entries, w, s, measure) for s in steps]
        return next((x for x in tried if x.h <= UNDER_A_CHART * h and not x.cut), None) or \
            next((x for x in tried if x.h <= UNDER_A_CHART * h), tried[-1])
    return next(_pie_ladder(entries, w, h, steps, measure))


def _pie_ladder(entries, w: float, h: float, steps: list[float], measure: Measure):
    """A pie's legends that fit its chart, in the order tried; last, none (its labels carry the names)."""
    first = right(entries, w, h, steps[0], measure)
    if first is not None:
        yield first
    if _widest(entries, steps[0], measure) > BESIDE * w:  # long names: under the pie, as they read on one line
        legend = bottom(entries, w, steps[0], measure)
        if legend.h <= UNDER_A_PIE * h and not legend.cut:
            yield legend
    for s in steps[1:]:
        legend = right(entries, w, h, s, measure)
        if legend is not None:
            yield legend
    # Several names a row under the pie (a native legend cannot stand in two columns at the right:
    # a client sets a legend of a set size in one column and cuts it off), smaller until they fit.
    under = [bottom(entries, w, s, measure) for s in steps]
    yield from (x for x in under if x.h <= UNDER_A_PIE * h and not x.cut)
    yield from (x for x in under if x.h <= UNDER_A_PIE * h and x.cut)  # a name wider than the chart: cut
    yield Legend(named=True)


def _widest(entries, s: float, measure: Measure) -> float:
    return max(measure(name, s) for name, _ in entries) + 2.2 * s


def right(entries, w: float, h: float, s: float, measure: Measure) -> Legend | None:
    """The slices' names in a column beside the pie at `s`, centred on the chart's middle; None where
    they do not fit its height or their share of its width."""
    total = _widest(entries, s, measure)
    line_h = LINE * s
    if total > BESIDE * w or len(entries) * line_h > h:
        return None
    top = h / 2 + len(entries) * line_h / 2
    x = w - total + 0.6 * s
    rows: list[Row] = [[(name, color, x, top - (k + 1) * line_h + 0.4 * s)] for k, (name, color) in enumerate(entries)]
    return Legend("right", s, rows, total, 0.0)


def bottom(entries, w: float, s: float, measure: Measure) -> Legend:
    """Entries in centred rows along the bottom at `s`: (name, colour, x, y) and the height used."""
    sw, gap, pad = 0.8 * s, 0.4 * s, 1.5 * s
    lines: list[list[tuple[str, Color, float]]] = [[]]
    row_w = 0.0
    cut = []
    for name, color in entries:
        shown = cut_line(name, w - sw - gap - 0.5, s, measure)
        if shown != name:
            cut.append(name)
            name = shown
        iw = sw + gap + measure(name, s)
        if lines[-1] and row_w + pad + iw > w:
            lines.append([])
            row_w = 0.0
        row_w += (pad if lines[-1] else 0) + iw
        lines[-1].append((name, color, iw))
    line_h = ROW * s
    height = len(lines) * line_h + 0.3 * s
    rows: list[Row] = []
    for r, line in enumerate(lines):
        total = sum(iw for *_, iw in line) + pad * (len(line) - 1)
        x = (w - total) / 2
        y = height - (r + 1) * line_h + 0.35 * s
        out = []
        for name, color, iw in line:
            out.append((name, color, x, y))
            x += iw + pad
        rows.append(out)
    return Legend("bottom", s, rows, 0.0, height, cut=tuple(cut))


def cut_line(name: str, width: float, s: float, measure: Measure) -> str:
    """`name` in one line at `s`, cut with "…" where it is wider than `width`, never inside a number."""
    return cut(name, width, lambda t: measure(t, s))
