"""What charts and tables take from a read `DataTable`.

In:  a `DataTable` (see `read_table`), for a chart the series names the outline picks (or None: all)
     and the outline's place to report a missing name at. Out: `chart_data` → `ChartData`: the
     categories (first column), a series per picked column with a number or None per category, and
     the problems of cells that are no numbers, at their place in the file; `table_rows` → the
     column names and every row's cells as shown.
"""

from __future__ import annotations

from typing import Sequence

from ..problems import Problem, Span, did_you_mean
from .cells import EXCEL_ERRORS, ChartData, DataSeries, DataTable, Number, cell_ref_col, parse_number

def chart_data(table: DataTable, names: Sequence[str] | None = None, *, at: Span | None = None) -> ChartData:
    """Categories from the first column, a series from each other column (or those `names`, in
    that order), every value a number as written (int or float) or None (empty, `—`, `-`, `n/a`).
    A name the file lacks is reported at `at` (the outline's `series`) or else at the header."""
    problems: list[Problem] = []

    def err(span: Span, message: str, *, code: str) -> None:
        problems.append(Problem(span, "error", table.key, message, code))

    if not table.header:
        return ChartData((), (), (), ())
    columns = [c.text for c in table.header]
    if len(columns) < 2:
        err(table.header[0].span, "a chart needs a column of categories and at least one column of values; "
            "this file has one column (is it separated by commas?)", code="data-empty")
    if not table.rows:
        err(table.header[0].span, "no rows under the column names", code="data-empty")
    if names is None:
        picked = list(range(1, len(columns)))
        seen: dict[str, int] = {}
        for i in picked:
            if columns[i] in seen and columns[i]:  # a column without a name is reported by the reader
                err(table.header[i].span, f"column name '{columns[i]}' is also column {cell_ref_col(seen[columns[i]] + 1)}", code="data-column-duplicate")
            seen.setdefault(columns[i], i)
    else:
        picked = []
        for name in names:
            found = [i for i, c in enumerate(columns) if c == name and i]
            if not found:
                err(at or table.header[0].span, f"no column named '{name}' in {table.display}"
                    f"{did_you_mean(name, columns[1:])}; its columns: {', '.join(columns[1:])}", code="data-column-unknown")
            elif len(found) > 1:
                err(table.header[found[1]].span, f"two columns are named '{name}'", code="data-column-duplicate")
            else:
                picked.append(found[0])
    categories = tuple(r[0].text for r in table.rows)
    category_spans = tuple(r[0].span for r in table.rows)
    series = []
    for i in picked:
        values: list[Number | None] = []
        spans: list[Span] = []
        for r in table.rows:
            cell = r[i] if i < len(r) else None
            if cell is None:
                values.append(None)
                spans.append(r[-1].span)
                continue
            v = cell.value if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool) else \
                (parse_number(cell.text) if cell.value is not None else None)
            if isinstance(v, str):
                shown_as = f"Excel's error {cell.text}" if cell.text in EXCEL_ERRORS else f"'{cell.text}'"
                err(cell.span, f"expected a number, got {shown_as}", code="expected-number")
                v = None
            values.append(v)
            spans.append(cell.span)
        series.append(DataSeries(columns[i], tuple(values), tuple(spans), table.header[i].span))
    return ChartData(categories, category_spans, tuple(series), tuple(problems))




def table_rows(table: DataTable) -> tuple[list[str], list[list[str]]]:
    """The column names and each row's cells as text, as shown (`1,234.5`, `12.5%`, `—`, '')."""
    return [c.text for c in table.header], [[c.text for c in r] for r in table.rows]