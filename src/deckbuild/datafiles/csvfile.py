"""A CSV file's bytes → the cells of a `DataTable`, each at its line and column in the file.

In:  the table to fill (its display name and outline key) and the file's bytes. Out: the table's
     header and rows (via `cells.finish`), or problems at the file's own place: an encoding that is
     neither UTF-8 (a BOM is dropped) nor CP949 as Korean Excel saves it, a quote never closed, a
     binary file, too many values. Columns are counted in characters, lines as the file breaks them.
"""

from __future__ import annotations

import io
import re

from ..limits import MAX_VALUES
from ..problems import Span
from .cells import Cell, DataTable, finish

def read_csv(table: DataTable, raw: bytes) -> None:
    import csv

    display = table.display
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        table.error(Span(display, 1, 1), "the file is a workbook or another binary file, not CSV text; an .xlsx workbook must be named .xlsx", code="data-encoding")
        return
    if b"\x00" in raw:
        table.error(_byte_span(display, raw, raw.index(b"\x00")), "the file holds a NUL byte: it is binary, not CSV text", code="data-encoding")
        return
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        try:
            # Korean Excel saves "CSV (comma delimited)" in CP949; decoding it strictly too means
            # that text in neither encoding is refused instead of read as mojibake.
            text = body.decode("cp949")
        except UnicodeDecodeError:
            table.error(_byte_span(display, raw, e.start + (len(raw) - len(body))),
                        "the file is neither UTF-8 nor CP949 text; save it as CSV UTF-8", code="data-encoding")
            return
    grid: list[list[Cell]] = []
    consumed: list[str] = []

    def lines():
        for line in io.StringIO(text, newline=""):
            consumed.append(line)
            yield line

    reader = csv.reader(lines(), dialect="excel")
    line_no = 1
    count = 0
    while True:
        consumed.clear()
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            # In the excel dialect read from a string, the one error left is a cell over the field limit.
            limit = csv.field_size_limit()
            message = f"a cell here is longer than the {limit:,} characters a CSV cell may hold" if "limit" in str(e) \
                else "this line cannot be read as CSV"
            table.error(Span(display, line_no, 1), message, code="data-csv-syntax")
            return
        record = "".join(consumed)
        starts, open_quote = _cell_starts(record)
        if open_quote is not None:
            table.error(_offset_span(display, record, line_no, open_quote), "this quote is never closed", code="data-csv-syntax")
            return
        if len(starts) != len(row):  # cannot happen with the excel dialect; positions fall back to the row
            starts = [0] * len(row)
        cells = []
        for value, start in zip(row, starts):
            span = _offset_span(display, record, line_no, start)
            stripped = value.strip()
            cells.append(Cell(stripped, stripped or None, span))
        count += len(cells)
        if count > MAX_VALUES + len(grid[0] if grid else cells):  # the names in the first row are no values
            table.error(cells[-1].span, f"more than {MAX_VALUES:,} values; a data file is limited to {MAX_VALUES:,}", code="too-many-values")
            return
        grid.append(cells)
        line_no += _count_lines(record)
    finish(table, grid, Span(display, line_no, 1))


def _cell_starts(record: str) -> tuple[list[int], int | None]:
    """Offsets where each cell of one CSV record starts, as the csv module's excel dialect splits
    it, and the offset of a quote left open at the end (else None)."""
    starts = [0]
    quoted_at: int | None = None
    at_start = True
    i, n = 0, len(record)
    while i < n:
        c = record[i]
        if quoted_at is not None:
            if c == '"':
                if i + 1 < n and record[i + 1] == '"':
                    i += 1
                else:
                    quoted_at = None
        elif c == ",":
            starts.append(i + 1)
            at_start = True
            i += 1
            continue
        elif c == '"' and at_start:
            quoted_at = i
        elif c in "\r\n":
            break
        at_start = False
        i += 1
    return starts, quoted_at


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _count_lines(record: str) -> int:
    return max(1, len(_LINE_BREAK.findall(record)))


def _offset_span(display: str, record: str, first_line: int, offset: int) -> Span:
    before = record[:offset]
    breaks = list(_LINE_BREAK.finditer(before))
    if not breaks:
        return Span(display, first_line, offset + 1)
    return Span(display, first_line + len(breaks), offset - breaks[-1].end() + 1)


def _byte_span(display: str, raw: bytes, offset: int) -> Span:
    line_start = max(raw.rfind(b"\n", 0, offset), raw.rfind(b"\r", 0, offset)) + 1
    line = raw.count(b"\n", 0, offset) + 1
    col = len(raw[line_start:offset].decode("utf-8", "replace")) + 1
    return Span(display, line, col)

