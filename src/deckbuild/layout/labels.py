"""Resolved chart geometry → where every label of the chart goes (spec §2: labels never overlap one
another or leave the chart).

In: a `Frame` — the chart's box, plot rectangle, value scale, series values with their fills and
label texts, category and tick texts, legend rows, the chart's font size and a `measure` (text,
size) → width in the chart's face (widened to the likely stand-in faces, so the PPTX keeps clear
too). Out: `Placed` — every data label as a `plan.ChartLabel` (text, size, baseline point, anchor,
measured box, PowerPoint's position and how far the label moved from it, a leader line) or None
where it was left out; the category labels' lines, size and turn; every text's box.

The steps, in the spec's order: shrink (the chart-label sizes 14, 12, 11, 10 pt, scaled with the
chart's own size — the last is the floor); turn the category labels (−45°) when two lines at the
floor do not fit their slot; move a value label (outside end → inside end, a tier higher, below,
beside; a pie's or doughnut's small slice outside, in a column beside the circle with a thin muted
leader line); only then leave a label out. Value-axis ticks are thinned by the caller (`ticks_apart`)
before anything is placed. The geometry here mirrors the painters of `render/charts_pdf.py`, which
draw each label at the point given and measure nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

from ..plan import ChartForm, ChartLabel, Color, Scale
from ..text import Run, wrap

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


# --- category labels ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Categories:
    lines: tuple[tuple[str, ...], ...]
    size: float
    rotation: int = 0
    depth: float = 0.0  # the height they take under the plot (columns) or the width beside it (bars)
    dropped: tuple[str, ...] = ()  # names left out (no lines): a number in them wider than its room at the floor


def _lines(text: str, width: float, measure: Measure, size: float) -> list[str]:
    """A label broken into lines by the Korean line rules (keep-all, no closing mark first), a
    number never (its line may run wider than `width`)."""
    return [ln.text for ln in wrap((Run(text),), width, lambda t, b: measure(t, size), whole=True)]


def fit_categories(names: Sequence[str], slot: float, fs: float, measure: Measure, *, horizontal: bool,
                   room: float, cap: float = math.inf, left: float = math.inf) -> Categories:
    """One size for every category name: the largest step at which each stands in at most two lines
    within its slot (columns: across `slot`; bars: `room` wide, two lines high within `slot`), broken
    only between words. Columns whose names do not fit so even at the floor turn them by 45° (one
    line each, at the largest step whose turned lines keep a gap between neighbours and take at most
    `cap` under the plot and none reaching past the chart's left edge, `left` before the first slot);
    failing that, the floor size in as many lines as the names need: a line wider than its slot
    (a number, never broken) may reach into its neighbours' where their lines leave room, else its
    name is left out (`dropped`)."""

    def level(s: float, most: int | None):
        width = room if horizontal else slot - 0.3 * s
        lines = [_lines(n, width, measure, s) for n in names]
        fits = all(all(measure(x, s) <= width for x in ls) for ls in lines)
        # a name is broken between its words only: "경상남/도" reads wrong, turned it reads whole
        fits = fits and all(measure(word, s) <= width for n in names for word in n.split())
        if most is not None:
            fits = fits and all(len(ls) <= most for ls in lines)
        if horizontal:
            fits = fits and all(len(ls) * 1.2 * s <= max(slot, 1.2 * s) for ls in lines)
        depth = (max(max(measure(x, s) for x in ls) for ls in lines) if horizontal
                 else max(len(ls) for ls in lines) * 1.2 * s + 0.5 * s)
        return Categories(tuple(tuple(ls) for ls in lines), s, 0, depth), fits

    for s in sizes(fs):
        cats, fits = level(s, 2)
        if fits:
            return cats
    if not horizontal:
        k = math.sin(math.radians(-TURN))
        for s in sizes(fs):
            depth = max(measure(n, s) for n in names) * k + (ASC + DESC) * s * k + 0.8 * s
            reach = all(measure(n, s) * k + ASC * s * k - 0.3 * s <= left + (i + 0.5) * slot for i, n in enumerate(names))
            if slot * k >= (ASC + DESC + GAP) * s and depth <= cap and reach:  # neighbours' turned lines a gap apart
                return Categories(tuple((n,) for n in names), s, TURN, depth)
    cats = level(sizes(fs)[-1], None)[0]
    return cats if horizontal else _crowded_out(names, cats, slot, measure, left)


def _crowded_out(names: Sequence[str], cats: Categories, slot: float, measure: Measure, left: float) -> Categories:
    """Level category lines at the floor: every name whose lines fit its slot stands; one with a
    wider line (a number, never broken) stands, left to right, where that line keeps a gap from the
    lines of the same row that stand and from the chart's edges (under the first row, the left edge
    is the chart's, `left` before the first slot; the first row keeps clear of the tick labels); else
    it is left out."""
    s, n = cats.size, len(names)
    wide = [any(measure(x, s) > slot - 0.3 * s for x in ls) for ls in cats.lines]
    kept = [not w for w in wide]

    def clear(i: int) -> bool:
        for k, x in enumerate(cats.lines[i]):
            half = measure(x, s) / 2
            if (i + 0.5) * slot - half < -(0.3 * s if k == 0 else min(left, 10 * s)) or (i + 0.5) * slot + half > n * slot + 0.3 * s:
                return False
            if any(kept[j] and k < len(cats.lines[j]) and half + measure(cats.lines[j][k], s) / 2 + GAP * s > abs(i - j) * slot
                   for j in range(n) if j != i):
                return False
        return True

    for i in range(n):
        kept[i] = kept[i] or clear(i)
    lines = tuple(ls if keep else () for ls, keep in zip(cats.lines, kept))
    depth = max(len(ls) for ls in lines) * 1.2 * s + 0.5 * s
    return replace(cats, lines=lines, depth=depth, dropped=tuple(name for name, keep in zip(names, kept) if not keep))


def category_boxes(cats: Categories, plot: Box, n: int, fs: float, horizontal: bool, measure: Measure) -> list[tuple[str, Box]]:
    """Where the painters draw each category line (the boxes of turned labels are their bounds)."""
    left, bottom, right, top = plot
    out = []
    s = cats.size
    if horizontal:
        slot = (top - bottom) / n
        for i, lines in enumerate(cats.lines):
            cy = top - (i + 0.5) * slot
            first = cy + (len(lines) - 1) * 0.6 * s - 0.35 * s
            for k, line in enumerate(lines):
                out.append((line, text_box(measure(line, s), left - 0.5 * fs, first - k * 1.2 * s, "end", s)))
        return out
    slot = (right - left) / n
    for i, lines in enumerate(cats.lines):
        cx = left + (i + 0.5) * slot
        if cats.rotation:
            c, sn = math.cos(math.radians(-cats.rotation)), math.sin(math.radians(-cats.rotation))
            tw = measure(lines[0], s)
            x1, y1 = cx + 0.3 * s, bottom - 0.7 * s  # the line's end, just under its slot's middle
            out.append((lines[0], (x1 - tw * c - ASC * s * sn, y1 - tw * sn - DESC * s * c, x1 + DESC * s * sn, y1 + ASC * s * c)))
            continue
        for k, line in enumerate(lines):
            y = bottom - 0.35 * fs - (k + 1) * 1.2 * s + 0.2 * s
            out.append((line, text_box(measure(line, s), cx, y, "middle", s)))
    return out


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
    bounds = (0.0, 0.0, f.w, f.h)
    ladder = sizes(f.fs)
    # 1. shrink: the largest size at which every label stands at its own spot.
    for s in ladder:
        spots = {p: _spots(f, *p, s) for p in points}
        first = {p: c[0] for p, c in spots.items() if c}
        if len(first) == len(points) and _clear(list(first.values()), bounds, f.obstacles, s):
            return _result(f, first, s)
    # 2. move, 3. leave out: at each size, greedily; the largest size that leaves out the fewest.
    best = None
    for s in ladder:
        chosen = _greedy(f, points, s, bounds)
        score = (len(chosen), -sum(sp.crossed for sp in chosen.values()))
        if best is None or score > best[0]:
            best = (score, chosen, s)
    _, chosen, s = best
    return _result(f, chosen, s)


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


def _clear(spots: list[_Spot], bounds: Box, obstacles: list[Box], s: float) -> bool:
    gap = GAP * s
    for k, a in enumerate(spots):
        if not inside(a.box, bounds) or any(overlap(a.box, o) for o in obstacles):
            return False
        if any(overlap(a.box, b.box, gap) for b in spots[k + 1:]):
            return False
    return True


def _greedy(f: Frame, points, s: float, bounds: Box) -> dict:
    """Each label at its first spot that is inside the chart and clear of the texts placed before it
    (labels in category order, so neighbours alternate); a label with no such spot is left out."""
    gap = GAP * s
    placed: dict = {}
    for p in points:
        for sp in _spots(f, *p, s):
            if (inside(sp.box, bounds) and not any(overlap(sp.box, o) for o in f.obstacles)
                    and not any(overlap(sp.box, q.box, gap) for q in placed.values())):
                placed[p] = sp
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
        path = _line_path(f, s)
        out = sorted((replace(sp, crossed=_crossed(sp.box, path)) for sp in out), key=lambda sp: sp.crossed)
    return out


def _line_path(f: Frame, s: float) -> list[tuple[float, float, float, float]]:
    """A combo's lines as segments (a gap breaks a line) and its markers as points, in the labels'
    coordinates."""
    left, _, right, _ = f.plot
    slot = (right - left) / len(f.categories)
    segs = []
    for k in sorted(f.lines) if f.lines else range(len(f.values)):
        pts = [None if v is None else (left + (i + 0.5) * slot, _v2p(f, v, k in f.secondary))
               for i, v in enumerate(f.values[k])]
        for a, b in zip(pts, pts[1:]):
            if a is not None and b is not None:
                segs.append((*a, *b))
        segs.extend((*p, *p) for p in pts if p is not None)
    return segs


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
    path = _line_path(f, s)
    ranked = []
    for k in order:
        anchor, x, y = ways[k]
        box = text_box(tw, x, y, anchor, s)
        on = next((fill for bar, fill in bars if overlap(box, bar)), None)
        spot = _Spot(k, x, y, anchor, box, f.text_color if on is None else f.on_fill(on), crossed=_crossed(box, path))
        ranked.append(((spot.crossed, on is not None), spot))
    return [spot for _, spot in sorted(ranked, key=lambda r: r[0])]


def _column_box(f: Frame, si: int, i: int) -> Box:
    """The rectangle a combo's column (si, i) covers, in the labels' coordinates."""
    lo_c, hi_c, a, b = _bar_geometry(f, si, i)
    pa, pb = _v2p(f, a, si in f.secondary), _v2p(f, b, si in f.secondary)
    return (lo_c, min(pa, pb), hi_c, max(pa, pb))
