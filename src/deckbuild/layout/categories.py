"""A chart's category names → one size, lines or a turn, and which names are shown (spec §2: labels
never overlap one another or leave the chart).

In: the names, the slot each category has along its axis, the chart's font size and a `measure`
(text, size) → width. Out: `Categories` — every category's lines (a name left out: no lines), the
size, the turn, the room they take beside the plot and `step`, every how many names one is shown.

The ladder (`fit_categories`): the largest step at which every name stands level in at most two
lines; else turned (−45°, columns); else, where a slot is narrower than a line of text at the floor
size, the names thinned — every `step`-th shown whole at the floor, the least step at which they
fit, the rest left out (the chart's one warning says how many: `labels.warn_dropped`); else the
floor in as many lines as the names need, at most as many as their room holds (a bar's slot; under
columns, the cap that keeps the plot its height); columns whose names need more lines than the cap
turn them, each cut with … to the room the cap leaves it; a bar's name, its last line cut with …
(`categories-cut` warning; never inside a number). Each step costs at most one pass over the names (a check
that must fail fails on the first name that fails it), so ten thousand daily categories cost little.
`category_boxes` is where the painters of `render/charts_pdf.py` draw each line.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Sequence

from ..text import Run, cut, wrap
from .labels import ASC, DESC, GAP, TURN, Box, Measure, sizes, text_box

TURNED = math.sin(math.radians(-TURN))  # a turned line's pitch across its slot, per point of slot


@dataclass(frozen=True)
class Categories:
    lines: tuple[tuple[str, ...], ...]  # per category; () where its name is left out (thinned)
    size: float
    rotation: int = 0
    depth: float = 0.0  # the height they take under the plot (columns) or the width beside it (bars)
    step: int = 1  # every step-th name shown, from the first (PowerPoint's c:tickLblSkip); 1: all
    dropped: tuple[str, ...] = ()  # names not drawn (no lines): a number in them wider than its room at the floor
    cut: tuple[str, ...] = ()  # names longer than their room at the floor, drawn cut with "…"


def _lines(text: str, width: float, measure: Measure, size: float) -> list[str]:
    """A label broken into lines by the Korean line rules (keep-all, no closing mark first), a
    number never (its line may run wider than `width`)."""
    return [ln.text for ln in wrap((Run(text),), width, lambda t, b: measure(t, size), whole=True)]


def _words_fit(names: Sequence[str], width: float, measure: Measure, s: float) -> bool:
    """Every word of every name within `width` (stops at the first that is not)."""
    return width > 0 and all(measure(word, s) <= width for n in names for word in n.split())


def _level(names: Sequence[str], s: float, width: float, measure: Measure, horizontal: bool, slot: float,
           most: int | None) -> tuple[list[list[str]], bool]:
    """The names in lines for `width` at `s`, and whether they fit (at most `most` lines, words whole,
    a bar's lines within its slot)."""
    if most is not None and not _words_fit(names, width, measure, s):
        return [], False  # a name is broken between its words only: "경상남/도" reads wrong
    lines = [_lines(n, width, measure, s) for n in names]
    fits = all(measure(x, s) <= width for ls in lines for x in ls)
    if most is not None:
        fits = fits and all(len(ls) <= most for ls in lines)
    if horizontal:
        fits = fits and all(len(ls) * 1.2 * s <= max(slot, 1.2 * s) for ls in lines)
    return lines, fits


def _depth(lines: Sequence[Sequence[str]], s: float, measure: Measure, horizontal: bool) -> float:
    shown = [ls for ls in lines if ls]
    if not shown:
        return 0.0
    if horizontal:
        return max(measure(x, s) for ls in shown for x in ls)
    return max(len(ls) for ls in shown) * 1.2 * s + 0.5 * s


def fit_categories(names: Sequence[str], slot: float, fs: float, measure: Measure, *, horizontal: bool,
                   room: float, cap: float = math.inf, left: float = math.inf) -> Categories:
    """One size for every category name: the largest step at which each stands in at most two lines
    within its slot (columns: across `slot`; bars: `room` wide, two lines high within `slot`), broken
    only between words. Columns whose names do not fit so even at the floor turn them by 45° (one
    line each, at the largest step whose turned lines keep a gap between neighbours and take at most
    `cap` under the plot and none reaching past the chart's left edge, `left` before the first slot).
    Where a slot is narrower than a line at the floor (columns: turned; bars: level), every `step`-th
    name is shown (`_thinned`). Failing all that, the floor size in as many lines as the names need,
    at most as many as a bar's slot or the cap holds, the last of a longer name cut with "…" (`cut`).
    Level names under columns take at most `cap` too."""
    ladder = sizes(fs)
    floor = ladder[-1]
    if horizontal and slot < (ASC + DESC + GAP) * floor:
        return _thinned(names, slot, floor, measure, horizontal=True, room=room, cap=cap, left=left)
    for s in ladder:
        width = room if horizontal else slot - 0.3 * s
        lines, fits = _level(names, s, width, measure, horizontal, slot, 2)
        if fits and (horizontal or _depth(lines, s, measure, False) <= cap):
            return Categories(tuple(tuple(ls) for ls in lines), s, 0, _depth(lines, s, measure, horizontal))
    if not horizontal:
        for s in ladder:
            turned = _turned(names, range(len(names)), slot, s, measure, cap, left)
            if turned is not None:
                return turned
        if slot * TURNED < (ASC + DESC + GAP) * floor:
            return _thinned(names, slot, floor, measure, horizontal=False, room=room, cap=cap, left=left)
    width = room if horizontal else slot - 0.3 * floor
    lines, _ = _level(names, floor, width, measure, horizontal, slot, None)
    if not horizontal and _depth(lines, floor, measure, False) > cap:  # more lines than the cap holds: turned, cut
        turned = _turned(names, range(len(names)), slot, floor, measure, cap, left, cut_long=True)
        if turned is not None:
            return turned
    lines, cuts = _capped(names, lines, _most(floor, slot if horizontal else cap, horizontal), width, measure, floor)
    cats = Categories(tuple(tuple(ls) for ls in lines), floor, 0, _depth(lines, floor, measure, horizontal), cut=cuts)
    return cats if horizontal else _crowded_out(names, cats, slot, measure, left)


def _most(s: float, room: float, horizontal: bool) -> int:
    """How many lines of category names at `s` a bar's slot (`room` high) or the room under a
    column chart's plot (`room`, the cap) holds: at least one."""
    if horizontal:
        return max(1, math.floor(room / (1.2 * s) + 1e-6))
    return max(1, math.floor((room - 0.5 * s) / (1.2 * s) + 1e-6)) if room < math.inf else 1 << 30


def _capped(names: Sequence[str], lines: Sequence[Sequence[str]], most: int, width: float, measure: Measure,
            s: float) -> tuple[list[list[str]], tuple[str, ...]]:
    """Each name in at most `most` lines: a name that takes more keeps its first lines, the last of
    them running on into the rest of the name cut with "…" within `width` (never inside a number;
    a line already wider, a whole number, keeps its own width). The names so cut, for the warning."""
    out, cuts = [], []
    for name, ls in zip(names, lines):
        if len(ls) <= most:
            out.append(list(ls))
            continue
        pos = 0
        for x in ls[:most - 1]:  # where the last kept line starts in the name
            at = name.find(x, pos)
            pos = at + len(x) if at >= 0 else pos
        start = name.find(ls[most - 1], pos)
        rest = name[start:] if start >= 0 else " ".join(ls[most - 1:])
        last = cut(rest, max(width, measure(ls[most - 1], s)), lambda t: measure(t, s))
        if last == "…":  # the line is a number no cut may enter: whole, then "…" (too wide: crowded out)
            last = ls[most - 1].rstrip() + "…"
        out.append([*ls[:most - 1], last])
        cuts.append(name)
    return out, tuple(cuts)


def _crowded_out(names: Sequence[str], cats: Categories, slot: float, measure: Measure, left: float,
                 room: float | None = None) -> Categories:
    """Level category lines at the floor: every name whose lines fit its slot stands; one with a
    wider line (a number, never broken) stands, left to right, where that line keeps a gap from the
    lines of the same row that stand and from the chart's edges (under the first row, the left edge
    is the chart's, `left` before the first slot; the first row keeps clear of the tick labels); else
    it is left out (`dropped`). `room`: the width a shown name has (thinned: its step's slots)."""
    s, n = cats.size, len(names)
    room = slot - 0.3 * s if room is None else room
    wide = [any(measure(x, s) > room for x in ls) for ls in cats.lines]
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
    dropped = tuple(name for name, keep in zip(names, kept) if not keep)
    return replace(cats, lines=lines, depth=_depth(lines, s, measure, False), dropped=dropped,
                   cut=tuple(name for name in cats.cut if name not in dropped))


def _turned(names: Sequence[str], shown: Sequence[int], pitch: float, s: float, measure: Measure, cap: float,
            left: float, slot: float | None = None, step: int = 1, cut_long: bool = False) -> Categories | None:
    """The names at `shown` turned at `s`, if their lines stand a gap apart `pitch` from one another,
    take at most `cap` under the plot and none reaches past the chart's left edge; with `cut_long`, a
    name longer than that room is cut with "…" to it (never inside a number) instead."""
    slot = pitch if slot is None else slot
    if pitch * TURNED < (ASC + DESC + GAP) * s or not shown:  # neighbours' turned lines a gap apart
        return None
    texts = {i: names[i] for i in shown}
    widths = {i: measure(names[i], s) for i in shown}
    cuts = []
    if cut_long:  # the longest turned line the cap holds, and the left edge beside the first slots
        longest = (cap - (ASC + DESC) * s * TURNED - 0.8 * s) / TURNED
        for i in shown:
            room = min(longest, (left + (i + 0.5) * slot + 0.3 * s) / TURNED - ASC * s)
            if widths[i] > room:
                if room < 2 * s:
                    return None
                texts[i] = cut(names[i], room, lambda t: measure(t, s))
                if texts[i] == "…":  # nothing of it before a number wider than the room: not this way
                    return None
                widths[i] = measure(texts[i], s)
                cuts.append(names[i])
    depth = max(widths.values()) * TURNED + (ASC + DESC) * s * TURNED + 0.8 * s
    if depth > cap + 1e-6 or any(widths[i] * TURNED + ASC * s * TURNED - 0.3 * s > left + (i + 0.5) * slot + 1e-6 for i in shown):
        return None
    return Categories(tuple((texts[i],) if i in texts else () for i in range(len(names))), s, TURN, depth, step,
                      cut=tuple(cuts))


def _thinned(names: Sequence[str], slot: float, s: float, measure: Measure, *, horizontal: bool, room: float,
             cap: float, left: float) -> Categories:
    """Every `step`-th name (from the first) at the floor size `s`, whole, the others left out: the
    least step at which the shown names fit — level (at most two lines) or, for columns, turned,
    whichever shows more names (level when both show as many)."""
    n = len(names)

    def shown(step: int) -> range:
        return range(0, n, step)

    def pick(lines: dict[int, list[str]], step: int, rotation: int = 0, depth: float | None = None) -> Categories:
        out = tuple(tuple(lines[i]) if i in lines else () for i in range(n))
        return Categories(out, s, rotation, _depth(out, s, measure, horizontal) if depth is None else depth, step)

    def level(step: int) -> tuple[dict[int, list[str]], bool]:
        idx = shown(step)
        sub = [names[i] for i in idx]
        width = room if horizontal else step * slot - 0.3 * s
        lines, fits = _level(sub, s, width, measure, False, slot, 2)
        if horizontal:  # each name's lines within its shown slot
            fits = fits and all(len(ls) * 1.2 * s <= step * slot for ls in lines)
        return dict(zip(idx, lines)), fits

    line = (ASC + DESC + GAP) * s
    step = max(2, math.ceil(line / (slot * (1 if horizontal else TURNED))))
    turned = None if horizontal else _turned(names, shown(step), step * slot, s, measure, cap, left, slot, step)
    # Level: at least as wide a pitch as the first name's widest word needs; wider while a shown name
    # does not fit (each try looks at the shown names only, fewer each time).
    k = max(2, math.ceil(line / slot) if horizontal else
            math.ceil((max(measure(w, s) for w in names[0].split() or [""]) + 0.3 * s) / slot))
    while k <= n and (turned is None or k <= turned.step):
        lines, fits = level(k)
        if fits:
            return pick(lines, k)
        # the pitch the shown names need at least (bars: their lines' height; columns: their widest word)
        need = (max(len(ls) for ls in lines.values()) * 1.2 * s if horizontal and lines else
                max((measure(w, s) for i in shown(k) for w in names[i].split()), default=0.0) + 0.3 * s)
        k = max(k + 1, math.ceil(need / slot))
    if turned is not None:
        return turned
    if not horizontal:  # turned, each name cut to the room the cap leaves it
        turned = _turned(names, shown(step), step * slot, s, measure, cap, left, slot, step, cut_long=True)
        if turned is not None:
            return turned
    # Nothing fits (a name wider than the whole plot): the floor, in as many lines as it needs (as the room holds).
    k = min(max(step, 2), max(n, 1))
    idx = shown(k)
    width = room if horizontal else k * slot - 0.3 * s
    sub = [names[i] for i in idx]
    lines, _ = _level(sub, s, width, measure, False, slot, None)
    lines, cuts = _capped(sub, lines, _most(s, k * slot if horizontal else cap, horizontal), width, measure, s)
    cats = replace(pick(dict(zip(idx, lines)), k), cut=cuts)
    return cats if horizontal else _crowded_out(names, cats, slot, measure, left, width)


def overhang(cats: Categories, names: Sequence[str], span: float, measure: Measure,
             horizontal: bool = False) -> tuple[float, float]:
    """How far thinned names at the ends reach past the plot's `span` along the category axis
    (columns: left, right; bars: top, bottom): a shown name is wider (taller) than its own slot, so
    the first and last would stand under the tick labels or past the chart's edge; the caller makes
    the plot as much smaller. Turned names keep clear by their own rule (`left`)."""
    if cats.step <= 1 or cats.rotation or not names:
        return 0.0, 0.0
    n = len(names)
    slot = span / n
    last = (n - 1) - (n - 1) % cats.step
    s = cats.size
    if horizontal:  # a name's lines centred on its slot: half their height beyond it, less half the slot
        half = [(len(cats.lines[i]) - 1) * 0.6 * s + 0.5 * s for i in (0, last)]
    else:
        half = [max((measure(x, s) for x in cats.lines[i]), default=0.0) / 2 for i in (0, last)]
    return max(0.0, half[0] - 0.5 * slot), max(0.0, half[1] - (n - last - 0.5) * slot)


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
        if not lines:
            continue
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
