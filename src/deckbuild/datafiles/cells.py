"""The records of a data file read (cells, the table, a chart's series) and what every reader shares.

In:  nothing read yet: these are the types `csvfile` and `workbook` fill, and `finish`, which turns
     a grid of cells into a `DataTable` (the first non-empty row names the columns). `parse_number`
     reads a cell's text as a number the way Excel writes one.
Out: `Cell` (text as shown, value, place), `DataTable`, `DataSeries`, `ChartData`, `SheetSpan` (a
     workbook cell's place, printed `FILE:SHEET!C5`), `cell_ref` and `sheet_ref` for messages.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ..problems import Problem, Span

Number = int | float
NULLS = frozenset({"", "—", "-", "n/a", "#n/a"})  # empty, em dash, hyphen, n/a; Excel's #N/A is its own gap
EXCEL_ERRORS = frozenset({"#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA"})


@dataclass(frozen=True, order=True)
class SheetSpan(Span):
    """A cell of a workbook (`line` its row, `col` its column, 1-based): prints as Excel's own
    reference, `FILE:SHEET!C5`, where a Span prints `FILE:LINE:COL`."""

    sheet: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{sheet_ref(self.sheet)}!{cell_ref(self.line, self.col)}"


def cell_ref(row: int, col: int) -> str:
    """(5, 3) → 'C5' (1-based)."""
    letters = ""
    while col:
        col, r = divmod(col - 1, 26)
        letters = chr(65 + r) + letters
    return f"{letters}{row}"


def sheet_ref(name: str) -> str:
    """A sheet name as Excel writes it in a reference: quoted ('My sheet') unless letters, digits, _ and ."""
    return name if re.fullmatch(r"[^\W\d][\w.]*", name) else "'" + name.replace("'", "''") + "'"


@dataclass(frozen=True)
class Cell:
    """One cell of a data file."""

    text: str  # as shown ('' for an empty cell)
    value: Number | str | None  # a workbook's number as shown; otherwise the text; None when empty
    span: Span


@dataclass
class DataTable:
    """A data file read: the first non-empty row's cells name the columns; `rows` are the rows under
    it (all as wide as the header unless a problem says otherwise); `problems` from reading."""

    display: str  # the file as messages name it
    key: str  # the outline key that named it (`charts.exports.data`)
    header: list[Cell] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.level == "error" for p in self.problems)

    @property
    def columns(self) -> list[str]:
        return [c.text for c in self.header]

    def error(self, span: Span, message: str, *, code: str) -> None:
        self.problems.append(Problem(span, "error", self.key, message, code))


@dataclass(frozen=True)
class DataSeries:
    """One column of a chart's data: its name and a value per category."""

    name: str
    values: tuple[Number | None, ...]
    spans: tuple[Span, ...]  # each value's cell
    span: Span  # the column's name


@dataclass(frozen=True)
class ChartData:
    """What a chart takes from a data file (see `chart_data`)."""

    categories: tuple[str, ...]
    category_spans: tuple[Span, ...]
    series: tuple[DataSeries, ...]
    problems: tuple[Problem, ...]




def finish(table: DataTable, grid: list[list[Cell]], end_span: Span) -> None:
    """The first non-empty row names the columns; drop empty rows and empty right-hand columns; check shape."""
    rows = [r for r in grid if any(c.value is not None for c in r)]
    if not rows:
        table.error(end_span, "every cell is empty" if grid else "the file is empty", code="data-empty")
        return
    header, body = rows[0], rows[1:]
    width = len(header)
    # A trailing comma or a formatted blank column: nameless and empty all the way down.
    while width > 1 and header[width - 1].value is None and all(len(r) < width or r[width - 1].value is None for r in body):
        width -= 1
    for r in body:
        extra = next((c for c in r[width:] if c.value is not None), None)
        if extra is not None:
            table.error(extra.span, f"a value beyond the {width} columns the first row names", code="count-mismatch")
        elif len(r) < width:
            table.error(r[-1].span, f"this row has {len(r)} cells; the first row names {width} columns", code="count-mismatch")
    for i, c in enumerate(header[:width]):
        # The first column (the categories) may go unnamed, as Excel's own chart data often does.
        if i and c.value is None and any(len(r) > i and r[i].value is not None for r in body):
            table.error(c.span, "this column has values but no name in the first row", code="data-column-name")
    table.header = header[:width]
    table.rows = [r[:width] for r in body]


# ---- Numbers written as text

_NUMBER = re.compile(r"(?P<sign>[-+−△]?)\s*(?P<digits>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?P<exp>[eE][-+]?\d+)?\s*(?P<pct>%?)")


def parse_number(text: str) -> Number | None | str:
    """A cell's text as a number as Excel writes it: `1234.5`, `1,234.5`, `-23.7`, `12.5%` (12.5),
    `△1.2` (-1.2, the Korean report's minus); None for empty, `—`, `-`, `n/a`, `#N/A`.
    Whole numbers stay int (`117`, `1,734`); anything else comes back as the text itself."""
    s = text.strip()
    if s.lower() in NULLS:
        return None
    m = _NUMBER.fullmatch(s)
    if m is None:
        return s
    digits = m["digits"].replace(",", "")
    try:
        if m["exp"] or "." in digits:
            number: Number = float(digits + (m["exp"] or ""))
            if math.isinf(number):
                return s
        else:
            number = int(digits)
    except ValueError:
        return s
    return -number if m["sign"] in ("-", "−", "△") else number


def cell_ref_col(col: int) -> str:
    """3 → 'C': a column's letters, to name a CSV column in messages as a spreadsheet would."""
    return cell_ref(1, col)[:-1]
