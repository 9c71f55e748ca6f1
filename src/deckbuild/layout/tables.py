"""What a table's slide and its handout block share: alignment, column widths, the header's units
kept together, the total row and the unit line (spec §1 "Tables").

In: a `model.Table` (and for widths the columns' natural widths and the table's width). Out: plain
decisions both `kinds.lay_table` and `handout.table` take, so that the deck and the handout cannot
disagree: `align` per column (`l`, `c`, `r`), `widths` in points, `header` texts, `unit_line`.
"""

from __future__ import annotations

import re
from typing import Sequence

from .. import model as m
from ..fonts import FontSet
from .measure import share_widths

# Cells that say "no value" and so do not decide a column's alignment.
NO_VALUE = frozenset({"", "—", "–", "-", "n/a", "N/A", "#N/A"})
# A number as reports write it: sign (△ for a decrease), digits with separators, a short unit.
_NUMBER = re.compile(r"^[+\-−△▲▼▽]?\s?\(?[\d.,]*\d[\d.,]*\)?\s*[%a-zA-Z가-힣]{0,3}$")
ALIGN = {"left": "l", "center": "c", "right": "r"}
# A parenthesised group in a header: its spaces do not break (`2024년 (억 원)` breaks before `(`).
_GROUP = re.compile(r"\([^()\n]{1,24}\)")
NBSP = "\u00a0"


def is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip()))


def align(t: m.Table) -> tuple[str, ...]:
    """Per column: the outline's `align`, else right for a column of numbers (cells without a
    value — empty, `—`, `-`, `n/a` — do not count), else left."""
    out = []
    for j in range(len(t.columns)):
        given = t.align[j] if j < len(t.align) else None
        if given:
            out.append(ALIGN[given])
            continue
        cells = [r[j].strip() for r in t.rows if r[j].strip() not in NO_VALUE]
        out.append("r" if cells and all(is_number(c) for c in cells) else "l")
    return tuple(out)


def widths(t: m.Table, natural: Sequence[float], total: float) -> list[float]:
    """Column widths in points filling `total`: by the outline's `width` shares where any column
    has one (a column without counts 1), else by content (`share_widths`)."""
    shares = [t.widths[j] if j < len(t.widths) else None for j in range(len(natural))]
    if not any(shares):
        return share_widths(natural, total)
    weights = [s if s else 1.0 for s in shares]
    return [total * w / sum(weights) for w in weights]


def header(text: str, fonts: FontSet) -> str:
    """A header cell's text with each short parenthesised group kept on one line: its spaces
    become no-break spaces, so lines break before `(` and never inside (`2024년 (억 원)`). Both
    the deck's line breaker and the handout's (reportlab) keep a no-break space; a face without
    one keeps the text as written."""
    if fonts.missing(NBSP):
        return text
    return _GROUP.sub(lambda mt: mt.group().replace(" ", NBSP), text)


def unit_line(t: m.Table) -> str | None:
    """The Korean report's unit line above the table, `(단위: 억 원)`."""
    return f"(단위: {t.unit})" if t.unit else None


def total_row(t: m.Table, index: int) -> bool:
    """Whether row `index` (0-based, of the body) is the table's total row."""
    return t.total and index == len(t.rows) - 1
