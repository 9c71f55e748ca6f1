"""Resolved chart geometry → where every label of the chart goes (spec §2: labels never overlap one
another or leave the chart).

In: a `Frame` — the chart's box, plot rectangle, value scale, series values with their fills and
label texts, category and tick texts, legend rows, the chart's font size and a `measure` (text,
size) → width in the chart's face (widened to the likely stand-in faces, so the PPTX keeps clear
too). Out: `Placed` — every data label as a `plan.ChartLabel` (text, size, baseline point, anchor,
measured box, PowerPoint's position and how far the label moved from it, a leader line) or None
where it was left out. Category names: `layout/categories.py`.

The steps, in the spec's order: shrink (the chart-label sizes 14, 12, 11, 10 pt, scaled with the
chart's own size — the last is the floor); move a value label (outside end → inside end, a tier
higher, below, beside; a pie's or doughnut's small slice outside, in a column beside the circle with
a thin muted leader line); only then leave a label out — where there are more labels than can
possibly stand, every step-th category's tried and the rest left out at once (`thinning`).
Value-axis ticks are thinned by the caller (`ticks_apart`) before anything is placed. The geometry here mirrors the painters of `render/charts_pdf.py`, which
draw each label at the point given and measure nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

from ..plan import ChartForm, ChartLabel, Color, Scale

Measure = Callable[[str, float], float]
Box = tuple[float, float, float, float]

STEPS = (14, 12, 11, 10)  # chart labels and axis text, pt on a 16:9 slide (spec §2); the last is the floor
ASC, DESC = 0.85, 0.15  # a label's ink above and below its baseline, in em (Hangul and figures)
GAP = 0.12  # the least room between two texts, in em
TURN = -45  # degrees: category labels turned when they cannot stand level


def sizes(fs: float) -> list[float]:
    """The ladder for a chart drawn at `fs` (14 pt on a slide; smaller in print): largest first."""
    return [fs * k / STEPS[0] for k in STEPS]


def text_box(width: float, x: float, y: float, anchor: str, size: float) -> Box:
    x0 = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
    return (x0, y - DESC * size, x0 + width, y + ASC * size)


def overlap(a: Box, b: Box, gap: float = 0.0) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


def inside(a: Box, bounds: Box, tol: float = 0.01) -> bool:
    return a[0] >= bounds[0] - tol and a[1] >= bounds[1] - tol and a[2] <= bounds[2] + tol and a[3] <= bounds[3] + tol


# --- the value axis ----------------------------------------------------------------------------


def ticks_apart(ticks: Sequence[tuple[float, str]], plot: Box, scale: Scale, horizontal: bool, fs: float,
                measure: Measure) -> bool:
    """Whether the value axis's tick labels stand clear of one another at `fs`: stacked up the left
    of a column chart a line and a gap apart; along the bottom of a bar chart each a gap beyond its
    neighbour's half width."""
    if len(ticks) < 2:
        return True
    span = scale.maximum - scale.minimum
    along = (plot[2] - plot[0]) if horizontal else (plot[3] - plot[1])
    pitch = along * scale.major / span
    if not horizontal:
        return pitch >= (ASC + DESC + GAP) * fs
    widths = [measure(t, fs) for _, t in ticks]
    return all((a + b) / 2 + GAP * fs <= pitch for a, b in zip(widths, widths[1:]))


# --- data labels -------------------------------------------------------------------------------


@dataclass
class Frame:
    """A resolved chart as the labels see it (points, y up from the chart box's bottom-left)."""

    kind: ChartForm
    w: float
    h: float
    plot: Box
    scale: Scale | None
    values: list[list[float | None]]  # [series][category]; None: no data (a dash stands at the base)
    fills: list[list[Color]]
    texts: list[list[str | None]]  # the label text of each point; None: no label
    default: list[list[str]]  # each point's first position (line charts: above, below, right)
    names: list[str]  # series names
    categories: list[str]
    fs: float
    measure: Measure
    text_color: Color
    on_fill: Callable[[Color], Color]  # the label colour that reads on a fill
    obstacles: list[Box] = field(default_factory=list)  # ticks, categories, legend: texts labels keep clear of
    gap_width: int = 60
    hole: int = 55
    lines: set[int] = field(default_factory=set)  # a combo's line series (its others are columns)
    secondary: set[int] = field(default_factory=set)  # series against the secondary axis (`scale2`)
    scale2: Scale | None = None
    cache: dict = field(default_factory=dict, repr=False)  # what `place` computes once (the lines' points)


@dataclass(frozen=True)
class Placed:
    labels: list[list[ChartLabel | None]]
    size: float
    dropped: tuple[tuple[str, str], ...]  # (where, its text)


@dataclass(frozen=True)
class _Spot:
    """One place a label may go."""

    position: str
    x: float
    y: float
    anchor: str
    box: Box
    color: Color
    offset: tuple[float, float] | None = None
    leader: Box | None = None
    crossed: bool = False  # a line runs through it (a last resort: the number reads behind the line)


def place(f: Frame) -> Placed:
    """Every data label of `f` (bars, columns, lines; slices: `slice_labels.place_circular`) placed,
    or left out where no step finds it room."""
    points = [(si, i) for si, row in enumerate(f.texts) for i, t in enumerate(row) if t is not None]
    # A combo's line labels first: a point has four spots near it, a column's label a tier or more.
    points.sort(key=lambda p: p[0] not in f.lines)
    if not points:
        return Placed([[None] * len(r) for r in f.texts], f.fs, ())
    step = thinning(f, points)
    if step > 1:  # more labels than can possibly stand: only every step-th category's are tried
        points = [p for p in points if p[1] % step == 0]
    bounds = (0.0, 0.0, f.w, f.h)
    obstacles = Grid(2 * f.fs, f.obstacles)
    ladder = sizes(f.fs)
    # 1. shrink: the largest size at which every label stands at its own spot.
    for s in ladder:
        first = {}
        for p in points:
            spots = _spots(f, *p, s)
            if not spots:
                break
            first[p] = spots[0]
        if len(first) == len(points) and _clear(list(first.values()), bounds, obstacles, s):
            return _result(f, first, s)
    # 2. move, 3. leave out: at each size, greedily; the largest size that leaves out the fewest.
    best = None
    for s in ladder:
        chosen = _greedy(f, points, s, bounds, obstacles)
        score = (len(chosen), -sum(sp.crossed for sp in chosen.values()))
        if best is None or score > best[0]:
            best = (score, chosen, s)
    _, chosen, s = best
    return _result(f, chosen, s)


def thinning(f: Frame, points) -> int:
    """Every how many categories a label is tried (1: every one). Where a category's slot is narrower
    than the least room a label takes along the category axis at the floor size (a column's or a
    line's label its width, a bar's its height), even over every spot it may try (out, inside, tiers,
    above or below), there are more labels than can possibly stand: only every step-th category's
    labels are tried — the step at which they stand side by side at the floor — and the rest are
    left out, decided here once instead of label by label."""
    if f.kind.circular:
        return 1
    n = len(f.categories)
    left, bottom, right, top = f.plot
    floor = sizes(f.fs)[-1]
    if f.kind.horizontal:
        slot, extent, tries = (top - bottom) / n, (ASC + DESC + GAP) * floor, 2
    else:
        texts = {f.texts[si][i] for si, i in points}
        short = min(map(len, texts))  # the narrowest label is among the shortest
        extent = min(f.measure(t, floor) for t in texts if len(t) == short) + GAP * floor
        slot = (right - left) / n
        tries = 1 if f.kind.stacked or f.kind in (ChartForm.AREA, ChartForm.STACKED_AREA) else 6 if f.lines else 4
    if slot <= 0 or slot * tries >= extent:
        return 1
    return min(n, math.ceil(extent / slot))


class Grid:
    """Boxes filed by the square cells (`cell` points) they cover: whether a box overlaps one of them
    looks at its own cells' boxes only, so placing n labels costs n checks, not n²."""

    def __init__(self, cell: float, boxes: Sequence[Box] = ()):
        self.cell = cell
        self.cells: dict[tuple[int, int], list[Box]] = {}
        for b in boxes:
            self.add(b)

    def _keys(self, b: Box, gap: float):
        c = self.cell
        xs = range(math.floor((b[0] - gap) / c), math.floor((b[2] + gap) / c) + 1)
        ys = range(math.floor((b[1] - gap) / c), math.floor((b[3] + gap) / c) + 1)
        return [(x, y) for x in xs for y in ys]

    def add(self, b: Box) -> None:
        for k in self._keys(b, 0.0):
            self.cells.setdefault(k, []).append(b)

    def hits(self, b: Box, gap: float = 0.0) -> bool:
        cells = self.cells
        return any(overlap(b, o, gap) for k in self._keys(b, gap) for o in cells.get(k, ()))


def _result(f: Frame, chosen: dict, s: float) -> Placed:
    out: list[list[ChartLabel | None]] = [[None] * len(r) for r in f.texts]
    dropped = []
    for si, row in enumerate(f.texts):
        for i, t in enumerate(row):
            if t is None:
                continue
            sp = chosen.get((si, i))
            if sp is None:
                dropped.append((f.categories[i] if len(f.texts) == 1 else f"{f.names[si]} · {f.categories[i]}", t))
                continue
            out[si][i] = ChartLabel(t, sp.position, sp.color, round(sp.x, 2), round(sp.y, 2), sp.anchor, round(s, 2),
                                    tuple(round(v, 2) for v in sp.box), sp.offset, sp.leader)
    return Placed(out, s, tuple(dropped))


def _clear(spots: list[_Spot], bounds: Box, obstacles: Grid | Sequence[Box], s: float) -> bool:
    """Every spot inside `bounds`, clear of the obstacles and a gap from every other spot."""
    gap = GAP * s
    if not isinstance(obstacles, Grid):
        obstacles = Grid(2 * s, obstacles)
    placed = Grid(obstacles.cell)
    for a in spots:
        if not inside(a.box, bounds) or obstacles.hits(a.box) or placed.hits(a.box, gap):
            return False
        placed.add(a.box)
    return True


def _greedy(f: Frame, points, s: float, bounds: Box, obstacles: Grid) -> dict:
    """Each label at its first spot that is inside the chart and clear of the texts placed before it
    (labels in category order, so neighbours alternate); a label with no such spot is left out."""
    gap = GAP * s
    placed: dict = {}
    taken = Grid(obstacles.cell)
    for p in points:
        for sp in _spots(f, *p, s):
            if inside(sp.box, bounds) and not obstacles.hits(sp.box) and not taken.hits(sp.box, gap):
                placed[p] = sp
                taken.add(sp.box)
                break
    return placed


def _bar_geometry(f: Frame, si: int, i: int):
    """A bar's or column's extent: (start, end) along the category axis and (a, b) values at its ends,
    as the painters draw it (a combo's columns share the slots among themselves; no data: a bar of
    nothing at the base)."""
    left, bottom, right, top = f.plot
    columns = [k for k in range(len(f.values)) if k not in f.lines]
    n, ns = len(f.categories), len(columns)
    si_all, si = si, columns.index(si) if si in columns else si
    gap = f.gap_width / 100
    stacked = f.kind.stacked
    if f.kind.horizontal:
        slot = (top - bottom) / n
        thick = slot / (1 + gap) if stacked else slot / (ns + gap)
        start = top - i * slot - (slot - (thick if stacked else ns * thick)) / 2
        off = start - (0 if stacked else si * thick)
        lo_c, hi_c = off - thick, off
    else:
        slot = (right - left) / n
        thick = slot / (1 + gap) if stacked else slot / (ns + gap)
        start = left + i * slot + (slot - (thick if stacked else ns * thick)) / 2
        off = start + (0 if stacked else si * thick)
        lo_c, hi_c = off, off + thick
    v = f.values[si_all][i] or 0.0
    if stacked:
        pos = math.fsum(max(0.0, f.values[k][i] or 0.0) for k in range(si)) if v >= 0 else 0.0
        neg = math.fsum(min(0.0, f.values[k][i] or 0.0) for k in range(si)) if v < 0 else 0.0
        a = pos if v >= 0 else neg
        b = a + v
    else:
        a, b = 0.0, v
    return lo_c, hi_c, a, b


def _v2p(f: Frame, v: float, secondary: bool = False) -> float:
    left, bottom, right, top = f.plot
    lo, hi = (left, right) if f.kind.horizontal else (bottom, top)
    sc = f.scale2 if secondary and f.scale2 is not None else f.scale
    return lo + (v - sc.minimum) * (hi - lo) / (sc.maximum - sc.minimum)


def _spots(f: Frame, si: int, i: int, s: float) -> list[_Spot]:
    """The places label (si, i) may take at size `s`, best first."""
    text = f.texts[si][i]
    tw = f.measure(text, s)
    bh = (ASC + DESC) * s
    v = f.values[si][i]
    fill = f.fills[si][i]
    if f.kind is ChartForm.LINE or si in f.lines:
        return _line_spots(f, si, i, s, tw)
    if f.kind in (ChartForm.AREA, ChartForm.STACKED_AREA):
        return _area_spots(f, si, i, s, tw)
    lo_c, hi_c, a, b = _bar_geometry(f, si, i)
    pa, pb = _v2p(f, a, si in f.secondary), _v2p(f, b, si in f.secondary)
    if v is None:  # no data: the dash just off the base, where PowerPoint puts an empty bar's label
        v = 0.0
    mid = (lo_c + hi_c) / 2
    thick = hi_c - lo_c
    length = abs(pb - pa)
    up = v >= 0
    out: list[_Spot] = []
    if f.kind.stacked:
        if v == 0:
            return []
        c = (pa + pb) / 2
        if f.kind.horizontal:
            fits = tw + 0.3 * s <= length and bh <= thick
            box = text_box(tw, c, mid - 0.35 * s, "middle", s)
            spot = _Spot("center", c, mid - 0.35 * s, "middle", box, f.on_fill(fill))
        else:
            fits = bh + 0.2 * s <= length and tw <= thick + 0.1 * s
            box = text_box(tw, mid, c - 0.35 * s, "middle", s)
            spot = _Spot("center", mid, c - 0.35 * s, "middle", box, f.on_fill(fill))
        return [spot] if fits else []
    if f.kind.horizontal:
        base = mid - 0.35 * s
        x = pb + 0.3 * s if up else pb - 0.3 * s
        anchor = "start" if up else "end"
        out.append(_Spot("out", x, base, anchor, text_box(tw, x, base, anchor, s), f.text_color))
        if tw + 0.6 * s <= length and bh <= thick:
            x = pb - 0.3 * s if up else pb + 0.3 * s
            anchor = "end" if up else "start"
            out.append(_Spot("inside-end", x, base, anchor, text_box(tw, x, base, anchor, s), f.on_fill(fill)))
        return out
    # columns: outside end, inside end, then a tier or two further out (moved: the PPTX's offset)
    y = pb + 0.3 * s + DESC * s if up else pb - 0.3 * s - ASC * s
    out.append(_Spot("out", mid, y, "middle", text_box(tw, mid, y, "middle", s), f.text_color))
    if tw <= thick - 0.2 * s and bh + 0.6 * s <= length:
        yi = pb - 0.3 * s - ASC * s if up else pb + 0.3 * s + DESC * s
        out.append(_Spot("inside-end", mid, yi, "middle", text_box(tw, mid, yi, "middle", s), f.on_fill(fill)))
    for tier in (1, 2, 3, 4) if f.lines else (1, 2):  # a combo's line and its labels may take two tiers more
        dy = tier * (bh + GAP * s) * (1 if up else -1)
        out.append(_Spot("out", mid, y + dy, "middle", text_box(tw, mid, y + dy, "middle", s), f.text_color, (0.0, round(dy, 2))))
    if f.lines:
        # A combo's line drawn across a column's label hides its number: spots the line keeps clear
        # of come first (usually inside the column's end), the others after, in their order.
        out = sorted((replace(sp, crossed=_crosses_line(f, sp.box)) for sp in out), key=lambda sp: sp.crossed)
    return out


def _line_points(f: Frame) -> list[list[tuple[float, float] | None]]:
    """A combo's lines (a line chart's: every series) as each category's point (None: a gap), in the
    labels' coordinates; computed once per frame."""
    pts = f.cache.get("lines")
    if pts is None:
        left, _, right, _ = f.plot
        slot = (right - left) / len(f.categories)
        pts = f.cache["lines"] = [[None if v is None else (left + (i + 0.5) * slot, _v2p(f, v, k in f.secondary))
                                   for i, v in enumerate(f.values[k])]
                                  for k in (sorted(f.lines) if f.lines else range(len(f.values)))]
    return pts


def _crosses_line(f: Frame, box: Box, pad: float = 2.0) -> bool:
    """Whether a line's segment (a gap breaks a line) or marker runs through `box`: the points of the
    categories under the box only, and none where they all pass above or below it."""
    left, _, right, _ = f.plot
    n = len(f.categories)
    slot = (right - left) / n
    lo = max(0, math.floor((box[0] - pad - left) / slot - 1.5))
    hi = min(n - 1, math.floor((box[2] + pad - left) / slot + 0.5))
    extents = f.cache.get("line-y")
    if extents is None:  # each point's height (a gap: none, as ±inf)
        extents = f.cache["line-y"] = [([math.inf if p is None else p[1] for p in pts], [-math.inf if p is None else p[1] for p in pts])
                                       for pts in _line_points(f)]
    for pts, (lows, highs) in zip(_line_points(f), extents):
        if min(lows[lo:hi + 2], default=math.inf) > box[3] + pad or max(highs[lo:hi + 2], default=-math.inf) < box[1] - pad:
            continue  # every point under the box passes above or below it (or there are none)
        for i in range(lo, hi + 1):
            a = pts[i]
            if a is None:
                continue
            b = pts[i + 1] if i + 1 < n else None
            if _crossed(box, ((*a, *a),) if b is None else ((*a, *a), (*a, *b)), pad):
                return True
    return False


def _crossed(box: Box, segs, pad: float = 2.0) -> bool:
    """Whether a segment (or a marker, `pad` around it) runs through `box` (Liang–Barsky clipping)."""
    x0, y0, x1, y1 = box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad
    for ax, ay, bx, by in segs:
        dx, dy = bx - ax, by - ay
        lo, hi = 0.0, 1.0
        for p, q in ((-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)):
            if p == 0:
                if q < 0:
                    break
            else:
                t = q / p
                if p < 0:
                    lo = max(lo, t)
                else:
                    hi = min(hi, t)
        else:
            if lo <= hi:
                return True
    return False


def _area_spots(f: Frame, si: int, i: int, s: float, tw: float) -> list[_Spot]:
    """An area's label: half way up its band at the category's centre (PowerPoint's own spot), in the
    colour that reads on the band."""
    left, _, right, _ = f.plot
    slot = (right - left) / len(f.categories)
    x = left + (i + 0.5) * slot
    low = math.fsum(f.values[k][i] or 0.0 for k in range(si)) if f.kind.stacked else 0.0
    y = _v2p(f, low + (f.values[si][i] or 0.0) / 2) - 0.35 * s
    return [_Spot("center", x, y, "middle", text_box(tw, x, y, "middle", s), f.on_fill(f.fills[si][i]))]


def _line_spots(f: Frame, si: int, i: int, s: float, tw: float) -> list[_Spot]:
    left, _, right, _ = f.plot
    slot = (right - left) / len(f.categories)
    px, py = left + (i + 0.5) * slot, _v2p(f, f.values[si][i], si in f.secondary)
    ways = {
        "above": ("middle", px, py + 0.45 * s + DESC * s),
        "below": ("middle", px, py - 0.45 * s - ASC * s),
        "right": ("start", px + 0.6 * s, py - 0.35 * s),
        "left": ("end", px - 0.6 * s, py - 0.35 * s),
    }
    first = f.default[si][i]
    order = [first] + [k for k in ("above", "below", "right", "left") if k != first]
    # A combo's line runs over its columns: a spot clear of them comes first; one on a column is
    # drawn in the colour that reads on that column's fill (never dark text on a dark bar).
    # A spot the line itself runs through comes last of all.
    bars = [(_column_box(f, k, i), f.fills[k][i]) for k in range(len(f.values)) if k not in f.lines] if f.lines else []
    ranked = []
    for k in order:
        anchor, x, y = ways[k]
        box = text_box(tw, x, y, anchor, s)
        on = next((fill for bar, fill in bars if overlap(box, bar)), None)
        spot = _Spot(k, x, y, anchor, box, f.text_color if on is None else f.on_fill(on), crossed=_crosses_line(f, box))
        ranked.append(((spot.crossed, on is not None), spot))
    return [spot for _, spot in sorted(ranked, key=lambda r: r[0])]


def _column_box(f: Frame, si: int, i: int) -> Box:
    """The rectangle a combo's column (si, i) covers, in the labels' coordinates."""
    lo_c, hi_c, a, b = _bar_geometry(f, si, i)
    pa, pb = _v2p(f, a, si in f.secondary), _v2p(f, b, si in f.secondary)
    return (lo_c, min(pa, pb), hi_c, max(pa, pb))


OMITTED_LISTED = 40  # the most left-out values the handout lists under a chart (then how many more)


def first_names(names: list[str], count: int) -> str:
    """The first names of `count`, with an ellipsis where there are more."""
    return ", ".join(names) + (", …" if count > len(names) else "")
