"""Data files (spec §1 "Data files"): a CSV file or an .xlsx workbook read into positioned cells.

In:  a file's path (already resolved inside the project by the caller), the name to print for it,
     the outline key that named it, and for a workbook an optional sheet and range.
Out: `read_table` → a `DataTable`: the first row's column names and the rows under it, each cell
     with its text as shown, its value (a workbook's number as shown; a CSV cell's text), and its
     place in the file; problems found while reading. `chart_data` turns a table into categories
     and series of numbers (or None), with the problems of cells that are no numbers;
     `table_rows` into the text of each cell as shown.

Every problem is a `Problem` at the file's own place: `data/exports.csv:5:11:` (line and column of
the cell in the file, 1-based, in characters) or `data/t.xlsx:수출!C5:` (a `SheetSpan`), never an
exception's name. Nothing here raises for a bad file.

    cells     the records (Cell, DataTable, ChartData, SheetSpan), the header rule, numbers as text
    csvfile   CSV bytes → cells (UTF-8 with or without BOM, CP949)
    workbook  .xlsx bytes → cells (calamine for values, the zip's XML for styles and errors)
    shown     a workbook cell as Excel shows it (number and date formats)
    take      what a chart and a table take from a table read

Validation imports this package only inside its `data` branches: an outline without data files
pays nothing for it. csv, zipfile, calamine, decimal and datetime are imported where a file of
their kind is read.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..limits import MAX_FILE_BYTES
from ..problems import Span
from .cells import NULLS, Cell, ChartData, DataSeries, DataTable, Number, SheetSpan, cell_ref, parse_number, sheet_ref
from .shown import show_date, show_number, shown
from .take import chart_data, table_rows
from .csvfile import read_csv
from .workbook import parse_range, read_workbook

__all__ = ["NULLS", "Cell", "ChartData", "DataSeries", "DataTable", "Number", "SheetSpan", "cell_ref", "chart_data",
           "parse_number", "parse_range", "read_table", "sheet_ref", "show_date", "show_number", "shown", "table_rows"]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# Formats calamine could read but whose cell formats we cannot see: refused with the fix.
OTHER_WORKBOOKS = {".xls": "an Excel 97–2003 workbook", ".xlsb": "a binary Excel workbook", ".ods": "an OpenDocument spreadsheet",
                   ".numbers": "a Numbers document"}


def read_table(path: Path, *, display: str, key: str = "-", sheet: str | None = None, range_: str | None = None,
               at: Span | None = None) -> DataTable:
    """Read a CSV file or an .xlsx workbook (by its suffix) into a `DataTable`.

    `display` names the file in messages (the path as the outline wrote it); `key` is the outline
    path every problem carries. `sheet` and `range_` (`A1:D9`, `B:D`) are for workbooks only.
    Problems with the request rather than the file's content (a file that cannot be opened, an
    unknown sheet, a bad range) are reported at `at` when given (the outline's place that names
    them), else at the file's first position. Leading and fully empty rows are skipped, and so are
    columns empty from the header down at the right.
    """
    table = DataTable(display, key)
    here = at or Span(display, 1, 1)
    suffix = path.suffix.lower()
    try:
        size = os.stat(path).st_size
    except OSError as e:
        table.error(here, f"cannot read {display}: {e.strerror or 'unreadable'}", code="file-unreadable")
        return table
    if size > MAX_FILE_BYTES:
        table.error(Span(display, 1, 1), f"the file has {size:,} bytes; data files are limited to 10 MiB", code="data-too-large")
        return table
    if suffix in OTHER_WORKBOOKS:
        table.error(Span(display, 1, 1), f"the file is {OTHER_WORKBOOKS[suffix]}; save it as .xlsx or CSV", code="data-format")
        return table
    if suffix not in WORKBOOK_SUFFIXES and (sheet is not None or range_ is not None):
        table.error(here, "sheet and range are for .xlsx workbooks; a CSV file is read whole", code="data-range")
    try:
        raw = path.read_bytes()
    except OSError as e:
        table.error(here, f"cannot read {display}: {e.strerror or 'unreadable'}", code="file-unreadable")
        return table
    if suffix in WORKBOOK_SUFFIXES:
        read_workbook(table, raw, sheet, range_, here)
    else:
        read_csv(table, raw)
    return table

