"""A pie's or doughnut's labels (`labels.place` for the circular kinds): each label outside its slice
(a pie) or on the ring where it fits (a doughnut); labels that would collide, or a doughnut's that do
not fit the ring, set in a column beside the circle, top to bottom in slice order, with a thin muted
leader line from the slice; the smallest slices' labels left out only when a column cannot hold them.

In: a `labels.Frame`. Out: `labels.Placed`. The angles are the painters' (clockwise from 12 o'clock).
"""

from __future__ import annotations

import math
from typing import Sequence

from ..plan import ChartForm
from .labels import ASC, DESC, GAP, Box, Frame, Placed, _clear, _result, _Spot, inside, overlap, sizes, text_box


# --- slices ------------------------------------------------------------------------------------


def slice_angles(values: Sequence[float | None]) -> list[tuple[float, float] | None]:
    """Each slice's (low, high) angle in degrees, clockwise from 12 o'clock as the painters draw."""
    vals = [max(0.0, v or 0.0) for v in values]  # a gap (None) has no slice
    total = math.fsum(vals)
    out: list[tuple[float, float] | None] = []
    start = 0.0
    for v in vals:
        if v <= 0 or total <= 0:
            out.append(None)
            continue
        frac = v / total
        out.append((90 - (start + frac) * 360, 90 - start * 360))
        start += frac
    return out


def ring_fits(text_w: float, s: float, cx: float, cy: float, r: float, inner: float, lo: float, hi: float) -> bool:
    """Whether a label centred on a doughnut slice's ring stays inside its slice."""
    if hi - lo >= 359.999:
        return (r - inner) >= (ASC + DESC) * s and text_w <= 2 * math.sqrt(max(0.0, ((r + inner) / 2) ** 2))
    rr = (r + inner) / 2
    mid = math.radians((lo + hi) / 2)
    x, y = cx + rr * math.cos(mid), cy + rr * math.sin(mid)
    box = text_box(text_w, x, y - 0.35 * s, "middle", s)
    for px, py in ((box[0], box[1]), (box[0], box[3]), (box[2], box[1]), (box[2], box[3])):
        d = math.hypot(px - cx, py - cy)
        if not inner + 0.5 <= d <= r - 0.5:
            return False
        a = math.degrees(math.atan2(py - cy, px - cx))
        while a < lo:
            a += 360
        while a > hi:
            a -= 360
        if not lo <= a <= hi:
            return False
    return True


def outside_width(f: Frame, s: float) -> float:
    """The widest outside label at `s` (the room a pie keeps at its sides)."""
    return max((f.measure(t, s) for t in f.texts[0] if t is not None), default=0.0)


def place_circular(f: Frame) -> Placed:
    """A pie's or doughnut's labels: the largest size at which they all stand at their own spots,
    else the largest that leaves out the fewest once moved (see `_circular_at`)."""
    best = None
    for s in sizes(f.fs):
        chosen, moved = _circular_at(f, s)
        if len(chosen) == sum(t is not None for t in f.texts[0]) and not moved:
            return _result(f, chosen, s)
        if best is None or len(chosen) > len(best[0]):
            best = (chosen, s)
    return _result(f, *best)


def _circular_at(f: Frame, s: float) -> tuple[dict, bool]:
    """Labels of a pie (outside each slice) or doughnut (on the ring where they fit, outside
    otherwise) at size `s`; outside labels that would collide are set in a column at their side of
    the circle, top to bottom in slice order, with a leader line; those the column cannot hold
    (the smallest slices first) are left out. Returns the spots and whether any label moved."""
    x0, y0, x1, y1 = f.plot
    cx, cy, r = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2
    inner = r * f.hole / 100 if f.kind is ChartForm.DOUGHNUT else 0.0
    bounds = (0.0, 0.0, f.w, f.h)
    gap = GAP * s
    angles = slice_angles(f.values[0])
    chosen: dict = {}
    outside: list[tuple[int, _Spot, float]] = []  # (index, natural spot, mid angle)
    for i, t in enumerate(f.texts[0]):
        if t is None or angles[i] is None:
            continue
        lo, hi = angles[i]
        tw = f.measure(t, s)
        mid = math.radians((lo + hi) / 2)
        cos, sin = math.cos(mid), math.sin(mid)
        if inner and ring_fits(tw, s, cx, cy, r, inner, lo, hi):
            rr = (r + inner) / 2
            x, y = cx + rr * cos, cy + rr * sin - 0.35 * s
            chosen[(0, i)] = _Spot("inside", x, y, "middle", text_box(tw, x, y, "middle", s), f.on_fill(f.fills[0][i]))
            continue
        lx, ly = cx + (r + 0.4 * s) * cos, cy + (r + 0.4 * s) * sin
        anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
        ly += -0.35 * s + 0.45 * s * sin
        box = text_box(tw, lx, ly, anchor, s)
        if inner:  # PowerPoint's own spot for a doughnut's label is on the ring: the label moves from there
            rr = (r + inner) / 2
            home = text_box(tw, cx + rr * cos, cy + rr * sin - 0.35 * s, "middle", s)
            spot = _Spot("inside", lx, ly, anchor, box, f.text_color, (round(box[0] - home[0], 2), round(box[1] - home[1], 2)))
        else:
            home = box
            spot = _Spot("out", lx, ly, anchor, box, f.text_color)
        outside.append((i, spot, (lo + hi) / 2, home))
    natural = [sp for _, sp, _, _ in outside]
    placed = list(chosen.values())
    if all(inside(sp.box, bounds) and not any(overlap(sp.box, o) for o in f.obstacles) for sp in natural) \
            and _clear(placed + natural, bounds, f.obstacles, s) and not inner:
        for i, sp, _, _ in outside:
            chosen[(0, i)] = sp
        return chosen, False
    if inner and not outside:
        return chosen, False
    # A column each side: right for slices whose middle is right of 12–6 o'clock, left otherwise.
    moved = False
    bh = (ASC + DESC) * s
    for side in (1, -1):
        group = [g for g in outside if (math.cos(math.radians(g[2])) >= 0) == (side == 1)]
        # top to bottom by where the slice's middle is
        group.sort(key=lambda g: -math.sin(math.radians(g[2])))
        values = f.values[0]
        while group:
            fit = _column(f, group, side, s, cx, cy, r, bh, gap, chosen, bounds)
            if fit is not None:
                for i, sp in fit:
                    chosen[(0, i)] = sp
                    moved = moved or sp.leader is not None or sp.offset is not None
                break
            smallest = min(group, key=lambda g: (values[g[0]], -g[0]))
            group.remove(smallest)
            moved = True
    return chosen, moved


def _column(f: Frame, group, side: int, s: float, cx: float, cy: float, r: float, bh: float, gap: float,
            placed: dict, bounds: Box):
    """Labels of one side stacked top to bottom, each as near its slice's height as the others allow,
    beside the circle; None when they do not fit the chart's height clear of other texts."""
    # wanted centre heights, then pushed apart downward and pulled back up from the bottom
    want = [(nat.box[1] + nat.box[3]) / 2 for _, nat, _, _ in group]
    pitch = bh + gap
    ys = []
    for k, y in enumerate(want):
        ys.append(min(y, ys[-1] - pitch) if ys else min(y, f.h - ASC * s - 0.35 * s - 0.01))
    floor = DESC * s + 0.35 * s - 0.0 + 0.01
    for k in range(len(ys) - 1, -1, -1):
        lowest = floor if k == len(ys) - 1 else ys[k + 1] + pitch
        ys[k] = max(ys[k], lowest)
    if any(a - b < pitch - 0.01 for a, b in zip(ys, ys[1:])):
        return None
    out = []
    others = [sp.box for sp in placed.values()]
    for (i, nat, a, home), yc in zip(group, ys):
        t = f.texts[0][i]
        tw = f.measure(t, s)
        rad = math.radians(a)
        y = yc - 0.35 * s
        if abs(yc - (nat.box[1] + nat.box[3]) / 2) < 0.01 and abs(math.cos(rad)) > 0.2:
            sp = nat  # where it would stand anyway
        else:
            # beside the circle, at least clear of it at this height
            dy = yc - cy
            reach = math.sqrt(max(0.0, (r + 0.6 * s) ** 2 - dy * dy)) if abs(dy) < r + 0.6 * s else 0.0
            x = cx + side * max(reach, 0.55 * r) + side * 0.6 * s
            anchor = "start" if side == 1 else "end"
            box = text_box(tw, x, y, anchor, s)
            ex, ey = cx + r * math.cos(rad), cy + r * math.sin(rad)
            lead = (round(ex, 2), round(ey, 2), round(x - side * 0.2 * s, 2), round(yc, 2))
            off = (round(box[0] - home[0], 2), round(box[1] - home[1], 2))
            sp = _Spot(nat.position, x, y, anchor, box, nat.color, off, lead)
        if not inside(sp.box, bounds) or any(overlap(sp.box, o) for o in f.obstacles + others):
            return None
        out.append((i, sp))
        others.append(sp.box)
    return out
