"""A key-figure slide × SlideBuilder → its slide: one to four figures, each a value, a label and an
optional detail, set as one row that reads as one.

In: a `SlideBuilder`, the outline slide, its kind. Out: one slide added. The fit ladder here: every
value of the row at one size of the scale's figure steps (88 … 28 pt) and every label at one of its
label steps (20 … 14 pt), chosen together, largest first; the figures side by side, or — where that
would set them small — rearranged (four in two rows of two, two or three stacked); a value too
wide for one line at the last step wraps at its spaces. `Unfit` only for a value with a single word
wider than its card at the floor, or a label that cannot fit under it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .. import model as m
from ..plan import Para, Rect, TextBox
from .fit import Unfit
from .measure import has_break, height_of, short

# (rows, columns) a row of n figures may take, in order of preference.
ARRANGEMENTS = {1: ((1, 1),), 2: ((1, 2), (2, 1)), 3: ((1, 3), (3, 1)), 4: ((1, 4), (2, 2), (4, 1))}
GOOD = 44.0  # a value at this size (scaled) or more keeps the first arrangement that reaches it
LABEL_RATIO = 0.5  # a label is at most this share of its value's size: the figure leads
PAD, GAP = 12.0, 24.0


@dataclass(frozen=True)
class Row:
    rows: int
    cols: int
    value: float
    label: float
    cards: tuple[tuple[Para, ...], ...]


def lay_stat(builder, slide: m.Slide, kind) -> None:
    g = builder.grid(kind.role, slide)
    ax, ay, aw, ah = g.content.x, g.content.y, g.content.w, g.content.h
    stats = slide.content.items
    n = len(stats)
    paths = [f"{slide.path}.stat[{i}]" if n > 1 else f"{slide.path}.stat" for i in range(n)]
    # The last step of the ladder: figures no arrangement holds on one slide continue on
    # `(계속)` slides, as few per slide as it takes (a small template content box).
    for per in range(n, 0, -1):
        chunks = [stats[i:i + per] for i in range(0, n, per)]
        rows = [_best(builder, chunk, aw, ah) for chunk in chunks]
        if all(r is not None for r in rows):
            break
    else:
        raise _unfit(builder, stats, paths, aw, ah)
    for k, (chunk, best) in enumerate(zip(chunks, rows)):
        boxes: list = []
        cw = (aw - GAP * (best.cols - 1)) / best.cols
        ch = (ah - GAP * (best.rows - 1)) / best.rows
        for i, paras in enumerate(best.cards):
            r, c = divmod(i, best.cols)
            x, y = ax + c * (cw + GAP), ay + r * (ch + GAP)
            if n > 1:
                boxes.append(Rect(x, y, cw, ch, builder.colors["surface"], role="card"))
            boxes.append(TextBox(x + PAD, y + PAD, cw - 2 * PAD, ch - 2 * PAD, paras, kind.name, anchor="m"))
        if len(chunks) == 1:
            builder.add_titled(slide, kind.name, g, boxes)
        else:
            builder.add_titled(slide, kind.name, g, boxes, title=slide.title + (builder.info.words.continued if k else ""), continued=k > 0)


def _best(builder, stats: Sequence[m.Stat], aw: float, ah: float) -> Row | None:
    """The arrangement that sets these figures largest: the first that reaches a good size."""
    n = len(stats)
    good = GOOD * builder.scale.factor
    best: Row | None = None
    for wrap in (False, True):  # values on one line; then, failing every arrangement, wrapped at spaces
        for rows, cols in ARRANGEMENTS[n]:
            w = (aw - GAP * (cols - 1)) / cols - 2 * PAD
            h = (ah - GAP * (rows - 1)) / rows - 2 * PAD
            row = _choose(builder, stats, w, h, rows, cols, wrap)
            if row is not None and (best is None or row.value > best.value):
                best = row
            if best is not None and best.value >= good:
                return best
        if best is not None:
            return best
    return best


def _choose(builder, stats: Sequence[m.Stat], w: float, h: float, rows: int, cols: int, wrap: bool) -> Row | None:
    """The largest value size, then the largest label size under it, at which every card fits."""
    sc = builder.scale
    for v in sc.steps("figure"):
        values = [builder.para(st.value, v, w, color=builder.colors["accent"], bold=True, align="c") for st in stats]
        # Wrapped or not, a value breaks at its spaces only: a number is never split (spec §2).
        if any(len(p.lines) > (2 if wrap else 1) or has_break([p]) for p in values):
            continue
        for lab in sc.steps("figure_label", max(v * LABEL_RATIO, sc.floor("figure_label"))):
            detail = sc.below("figure_label", lab)
            cards = []
            for st, value in zip(stats, values):
                paras = [value, builder.para(st.label, lab, w, align="c", space_before=10)]
                if st.detail:
                    paras.append(builder.para(st.detail, detail, w, color=builder.colors["muted"], align="c", space_before=8))
                if height_of(paras) > h or (has_break(paras[1:]) and lab > sc.floor("figure_label")):
                    break
                cards.append(tuple(paras))
            else:
                return Row(rows, cols, v, lab, tuple(cards))
    return None


def _unfit(builder, stats, paths, aw: float, ah: float) -> Unfit:
    """What no arrangement can draw: the value with the widest word at the floor, else the longest label."""
    floor = builder.scale.floor("figure")
    widest = max(range(len(stats)), key=lambda i: max(builder.fonts.width(word, floor, True) for word in stats[i].value.split() or [""]))
    if max(builder.fonts.width(word, floor, True) for word in stats[widest].value.split() or [""]) > aw - 2 * PAD:
        return Unfit(f"the stat value '{short(stats[widest].value)}'", stats[widest].span, f"{paths[widest]}.value", floor)
    longest = max(range(len(stats)), key=lambda i: len(stats[i].label) + len(stats[i].detail or ""))
    return Unfit(f"the stat '{short(stats[longest].label)}'", stats[longest].span, paths[longest],
                 builder.scale.floor("figure_label"))
