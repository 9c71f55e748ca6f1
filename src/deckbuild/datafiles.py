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

A workbook cell counts as shown, as Excel would write it to a CSV file: calamine reads the values
(shared strings, formulas' cached results, dates) but not their formats, so the sheet's style
indices and the workbook's number formats are read beside it from the zip (a percent cell showing
`12.5%` is 12.5, `117` formatted without decimals is the int 117, `1234.56` shown as `1,235` is 1235).
"""

from __future__ import annotations

import io
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from .limits import MAX_FILE_BYTES, MAX_VALUES, MAX_TEMPLATE_BYTES
from .problems import Problem, Span, did_you_mean

# csv, zipfile (with bz2, lzma, shutil, threading), decimal and datetime are imported where a
# file of their kind is read: an outline without data files pays nothing for them.
if TYPE_CHECKING:
    import zipfile

Number = int | float
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
# Formats calamine could read but whose cell formats we cannot see: refused with the fix.
OTHER_WORKBOOKS = {".xls": "an Excel 97–2003 workbook", ".xlsb": "a binary Excel workbook", ".ods": "an OpenDocument spreadsheet",
                   ".numbers": "a Numbers document"}
NULLS = frozenset({"", "—", "-", "n/a", "#n/a"})  # empty, em dash, hyphen, n/a; Excel's #N/A is its own gap
EXCEL_ERRORS = frozenset({"#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA"})
MAX_UNPACKED = MAX_TEMPLATE_BYTES  # a workbook's parts, unpacked: a zip bomb stops here
# calamine holds the used range densely (one value per cell, empty or not); a stray cell at
# XFD1048576 would ask for 17 billion. Past this the sheet is refused before calamine reads it.
MAX_USED_CELLS = 4_000_000


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


# ---------------------------------------------------------------------------------------------
# Reading


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
        _read_workbook(table, raw, sheet, range_, here)
    else:
        _read_csv(table, raw)
    return table


def _finish(table: DataTable, grid: list[list[Cell]], end_span: Span) -> None:
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


# ---- CSV


def _read_csv(table: DataTable, raw: bytes) -> None:
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
    _finish(table, grid, Span(display, line_no, 1))


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


# ---- Workbooks


def _read_workbook(table: DataTable, raw: bytes, sheet: str | None, range_: str | None, here: Span) -> None:
    import zipfile

    display = table.display
    first = Span(display, 1, 1)
    if raw.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE2 compound file: an encrypted package or an old .xls
        if "EncryptedPackage".encode("utf-16-le") in raw:
            table.error(first, "the workbook is encrypted (password-protected); save a copy without a password", code="data-encrypted")
        else:
            table.error(first, "the file is an Excel 97–2003 workbook, not .xlsx; save it as .xlsx", code="data-format")
        return
    if not raw:
        table.error(first, "the file is empty", code="data-empty")
        return
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except _zip_errors():
        table.error(first, "the file is not an .xlsx workbook (it is not a zip package)", code="data-not-workbook")
        return
    with zf:
        if sum(i.file_size for i in infos) > MAX_UNPACKED:
            table.error(first, f"the workbook unpacks to over {MAX_UNPACKED // 2**20} MiB", code="data-too-large")
            return
        try:
            parts = _workbook_parts(zf)
        except _Damaged as e:
            table.error(first, str(e), code="data-not-workbook" if e.not_workbook else "data-damaged")
            return
        sheets, styles = parts
        worksheets = [s for s in sheets if s.kind == "worksheet"]
        if not worksheets:
            table.error(first, "the workbook has no worksheet", code="data-empty")
            return
        if sheet is None:
            chosen = next((s for s in worksheets if s.visible), worksheets[0])
        else:
            chosen = next((s for s in sheets if s.name == sheet), None)
            if chosen is None:
                names = [s.name for s in worksheets]
                table.error(here, f"no sheet named '{sheet}' in {display}{did_you_mean(sheet, names)}; its sheets: "
                            + ", ".join(names), code="data-sheet-unknown")
                return
            if chosen.kind != "worksheet":
                table.error(here, f"sheet '{sheet}' is a chart sheet, not a worksheet", code="data-sheet-unknown")
                return
        area = None
        if range_ is not None:
            area = parse_range(range_)
            if area is None:
                table.error(here, f"'{range_}' is not a range like A1:D9 (or B:D for whole columns)", code="data-range")
                return
        try:
            xml = zf.read(chosen.target)
        except (KeyError, *_zip_errors()):
            table.error(first, f"the workbook is damaged: sheet '{chosen.name}' cannot be read", code="data-damaged")
            return
    scan = _scan_sheet(xml, area)
    if scan.used > MAX_USED_CELLS:
        table.error(_at(display, chosen.name, 1, 1),
                    f"the sheet's used range spans {scan.used:,} cells; give a range (range: A1:D9) or clear the far cells", code="too-many-values")
        return
    try:
        import python_calamine  # imported only when an outline names a workbook (start-up time)

        book = python_calamine.load_workbook(io.BytesIO(raw))  # the bytes checked above, not the file again
        values = book.get_sheet_by_name(chosen.name)
        start_row, start_col = values.start or (0, 0)
        nrows = None if area is None else max(1, area[2] - start_row)
        data = values.to_python(skip_empty_area=True, nrows=nrows)
    except Exception:  # noqa: BLE001 - calamine's errors are many; the reader says it plainly
        table.error(first, f"the workbook is damaged: sheet '{chosen.name}' cannot be read", code="data-damaged")
        return
    start_row += 1
    start_col += 1
    height = len(data)
    width = max((len(r) for r in data), default=0)
    if area is None:
        if not height:
            table.error(_at(display, chosen.name, 1, 1), f"sheet '{chosen.name}' is empty", code="data-empty")
            return
        top, left, bottom, right = start_row, start_col, start_row + height - 1, start_col + width - 1
        # Error cells calamine reads as empty still count towards the used range.
        for (r, c) in scan.errors:
            top, left, bottom, right = min(top, r), min(left, c), max(bottom, r), max(right, c)
    else:
        # A range past the used cells (B:D, A1:Z10000) ends where they end.
        top, left, bottom, right = area
        bottom = min(bottom, max(start_row + height - 1, max((r for r, _ in scan.errors), default=0), top))
        right = min(right, max(start_col + width - 1, max((c for _, c in scan.errors), default=0), left))
    if (bottom - top + 1) * (right - left + 1) > MAX_VALUES + (right - left + 1):
        table.error(_at(display, chosen.name, top, left),
                    f"more than {MAX_VALUES:,} values; a data file is limited to {MAX_VALUES:,}", code="too-many-values")
        return
    grid: list[list[Cell]] = []
    for r in range(top, bottom + 1):
        row = data[r - start_row] if 0 <= r - start_row < height else ()
        cells = []
        for c in range(left, right + 1):
            span = _at(display, chosen.name, r, c)
            err = scan.errors.get((r, c))
            if err is not None:
                cells.append(Cell(err, None if err == "#N/A" else err, span))
                continue
            v = row[c - start_col] if 0 <= c - start_col < len(row) else ""
            code = styles.get(scan.styles.get((r, c), 0), "General")
            text, value = shown(v, code)
            cells.append(Cell(text, value, span))
        grid.append(cells)
    _finish(table, grid, _at(display, chosen.name, bottom + 1, left))


def _zip_errors() -> tuple[type[Exception], ...]:
    """What unpacking a damaged zip can raise: a bad directory or header, a method or flag
    zipfile lacks, an entry marked encrypted, a broken deflate stream, a short read."""
    import zipfile
    import zlib

    return (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, zlib.error, OSError, ValueError, EOFError)


def _at(display: str, sheet: str, row: int, col: int) -> SheetSpan:
    return SheetSpan(display, row, col, sheet)


class _Damaged(Exception):
    def __init__(self, message: str, not_workbook: bool = False) -> None:
        super().__init__(message)
        self.not_workbook = not_workbook


class _Sheet:
    # Plain classes for the reader's own records: a dataclass costs ~0.4 ms to create at import.
    __slots__ = ("name", "target", "kind", "visible")

    def __init__(self, name: str, target: str, kind: str, visible: bool) -> None:
        self.name = name
        self.target = target  # the part's name in the zip
        self.kind = kind  # worksheet | chartsheet | other
        self.visible = visible


_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _workbook_parts(zf: "zipfile.ZipFile") -> tuple[list[_Sheet], dict[int, str]]:
    """The sheets in order (name, part, kind, visibility) and the number format of each cell style."""
    from xml.etree import ElementTree as ET  # stdlib; expat refuses entity bombs and reads no external entities

    def read(name: str) -> bytes | None:
        try:
            return zf.read(name)
        except KeyError:
            return None
        except _zip_errors() as e:
            raise _Damaged("the workbook is damaged: a part of it cannot be unpacked") from e

    def parse(name: str, data: bytes):
        try:
            return ET.fromstring(data)
        except (ET.ParseError, LookupError, ValueError) as e:  # LookupError: an encoding Python lacks
            raise _Damaged(f"the workbook is damaged: {name} is not well-formed XML") from e

    main = "xl/workbook.xml"
    rels = read("_rels/.rels")
    if rels is not None:
        for rel in parse("_rels/.rels", rels):
            if rel.get("Type", "").endswith("/officeDocument"):
                main = rel.get("Target", main).lstrip("/")
    book = read(main)
    if book is None:
        raise _Damaged("the file is not an .xlsx workbook (a zip package without a workbook in it)", not_workbook=True)
    base = main.rsplit("/", 1)[0] + "/" if "/" in main else ""
    rel_name = f"{base}_rels/{main.rsplit('/', 1)[-1]}.rels"
    targets: dict[str, tuple[str, str]] = {}
    book_rels = read(rel_name)
    if book_rels is not None:
        for rel in parse(rel_name, book_rels):
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else _join(base, target)
            targets[rel.get("Id", "")] = (target, rel.get("Type", "").rsplit("/", 1)[-1])
    sheets = []
    for el in parse(main, book).iter():
        if el.tag.endswith("}sheet"):
            target, kind = targets.get(el.get(f"{_REL_NS}id", ""), ("", "other"))
            sheets.append(_Sheet(el.get("name", ""), target, kind, el.get("state", "visible") == "visible"))
    styles: dict[int, str] = {}
    style_name = next((t for t, k in targets.values() if k == "styles"), f"{base}styles.xml")
    style_xml = read(style_name)
    if style_xml is not None:
        root = parse(style_name, style_xml)
        custom = {int(el.get("numFmtId", "-1")): el.get("formatCode", "General")
                  for el in root.iter() if el.tag.endswith("}numFmt") and _is_index(el.get("numFmtId", ""))}
        xfs = next((el for el in root if el.tag.endswith("}cellXfs")), None)
        for i, xf in enumerate(xfs if xfs is not None else ()):
            fid = xf.get("numFmtId", "0")
            fid_n = int(fid) if _is_index(fid) else 0
            styles[i] = custom.get(fid_n) or BUILTIN_FORMATS.get(fid_n, "General")
    return sheets, styles


def _is_index(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _join(base: str, target: str) -> str:
    parts: list[str] = []
    for p in (base + target).split("/"):
        if p == "..":
            if parts:
                parts.pop()
        elif p and p != ".":
            parts.append(p)
    return "/".join(parts)


class _Scan:
    __slots__ = ("styles", "errors", "used")

    def __init__(self, styles: dict[tuple[int, int], int], errors: dict[tuple[int, int], str], used: int) -> None:
        self.styles = styles  # (row, col) → cell style index, where not 0
        self.errors = errors  # (row, col) → '#DIV/0!' …: calamine reads error cells as empty
        self.used = used  # cells in the bounding box of the cells that hold a value


_TAG = re.compile(rb"<(?:\w+:)?(row|c)(\s[^>]*?)?(/?)>")
_ATTR = re.compile(rb"""([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ERROR_VALUE = re.compile(rb"\s*<(?:\w+:)?f\b[^>]*?(?:/>|>.*?</(?:\w+:)?f>)\s*<(?:\w+:)?v>([^<]*)</|\s*<(?:\w+:)?v>([^<]*)</", re.S)
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


def _scan_sheet(xml: bytes, area: tuple[int, int, int, int] | None) -> _Scan:
    """One pass over a sheet's XML for what calamine does not give: each cell's style index,
    the error cells, and the extent of the cells that hold a value. A tag scan, not a parser:
    only `<row>` and `<c>` tags and their attributes are read (cells without `r` count on)."""
    styles: dict[tuple[int, int], int] = {}
    errors: dict[tuple[int, int], str] = {}
    row = 0
    col = 0
    top = left = 1 << 30
    bottom = right = 0
    for m in _TAG.finditer(xml):
        attrs = {k.split(b":")[-1]: a or b for k, a, b in _ATTR.findall(m.group(2) or b"")}
        if m.group(1) == b"row":
            r = attrs.get(b"r", b"")
            row = int(r) if r.isdigit() else row + 1
            col = 0
            continue
        ref = attrs.get(b"r")
        if ref and (rm := _REF.fullmatch(ref.decode("ascii", "replace"))):
            row, col = int(rm.group(2)), _col_number(rm.group(1))
        else:
            col += 1
        if not m.group(3):  # <c .../> holds no value (a formatted blank): calamine leaves it out
            top, left, bottom, right = min(top, row), min(left, col), max(bottom, row), max(right, col)
        if area is not None and not (area[0] <= row <= area[2] and area[1] <= col <= area[3]):
            continue
        s = attrs.get(b"s", b"0")
        if s.isdigit() and s != b"0":
            styles[(row, col)] = int(s)
        if not m.group(3) and attrs.get(b"t") == b"e":
            v = _ERROR_VALUE.match(xml, m.end())
            if v:
                errors[(row, col)] = (v.group(1) or v.group(2) or b"").decode("utf-8", "replace").strip() or "#VALUE!"
    used = (bottom - top + 1) * (right - left + 1) if bottom else 0
    return _Scan(styles, errors, used)


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


MAX_ROW, MAX_COL = 1_048_576, 16_384


def parse_range(text: str) -> tuple[int, int, int, int] | None:
    """'A1:D9' / '$A$1:$D$9' / 'B:D' → (top, left, bottom, right), 1-based; None when it is not one."""
    t = text.strip().replace("$", "")
    m = re.fullmatch(r"([A-Za-z]{1,3})(\d+)(?::([A-Za-z]{1,3})(\d+))?", t, re.ASCII)
    if m:
        r1, c1 = int(m.group(2)), _col_number(m.group(1))
        r2, c2 = (int(m.group(4)), _col_number(m.group(3))) if m.group(3) else (r1, c1)
    elif m := re.fullmatch(r"([A-Za-z]{1,3}):([A-Za-z]{1,3})", t):
        r1, c1, r2, c2 = 1, _col_number(m.group(1)), MAX_ROW, _col_number(m.group(2))
    else:
        return None
    top, bottom, left, right = min(r1, r2), max(r1, r2), min(c1, c2), max(c1, c2)
    if top < 1 or bottom > MAX_ROW or left < 1 or right > MAX_COL:
        return None
    return top, left, bottom, right


# ---- A workbook cell as shown

# Excel's built-in number formats (ECMA-376 §18.8.30). The locale dates (14, 22 and the East
# Asian ids) are shown the ISO way: that is what a CSV of them would be read back as.
BUILTIN_FORMATS: dict[int, str] = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    12: "# ?/?", 13: "# ??/??", 14: "yyyy-mm-dd", 15: "yyyy-mm-dd", 16: "yyyy-mm-dd", 17: "yyyy-mm",
    18: "hh:mm", 19: "hh:mm:ss", 20: "hh:mm", 21: "hh:mm:ss", 22: "yyyy-mm-dd hh:mm",
    37: "#,##0;-#,##0", 38: "#,##0;-#,##0", 39: "#,##0.00;-#,##0.00", 40: "#,##0.00;-#,##0.00",
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mm:ss", 48: "0.0E+0", 49: "@",
    **{i: "yyyy-mm-dd" for i in (*range(27, 37), *range(50, 59))},
}


def shown(value, code: str) -> tuple[str, Number | str | None]:
    """A calamine value and its cell's number format → (the text shown, the value as shown)."""
    from datetime import date, datetime, time, timedelta

    if value is None or value == "":
        return "", None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), ("TRUE" if value else "FALSE")
    if isinstance(value, str):
        return value.strip(), value.strip() or None
    if isinstance(value, (int, float)):
        text, number = show_number(float(value), code)
        return text, number
    if isinstance(value, (datetime, date, time, timedelta)):
        text = show_date(value, code)
        return text, text
    return str(value), str(value)


def _general(value: float) -> tuple[str, Number]:
    # Excel keeps 15 significant digits; a whole number is shown (and kept) without a point.
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value)), int(value)
    v = float(f"{value:.15g}")
    return f"{v:.15g}", v


def _sections(code: str) -> list[str]:
    out, cur, i = [], [], 0
    while i < len(code):
        c = code[i]
        if c == '"':
            end = code.find('"', i + 1)
            end = len(code) if end < 0 else end
            cur.append(code[i : end + 1])
            i = end + 1
            continue
        if c in "\\_*" and i + 1 < len(code):
            cur.append(code[i : i + 2])
            i += 2
            continue
        if c == ";":
            out.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    out.append("".join(cur))
    return out


def show_number(value: float, code: str) -> tuple[str, Number]:
    """A number in an Excel format → (text, number as shown). Covers what reports use: fixed
    decimals, thousands separators, percent, scaling commas, literal text, currency, sections
    (`#,##0;△#,##0;"-"`); others (scientific, fractions, conditions, text) show the General way."""
    if not code or code.lower() == "general":
        return _general(value)
    sections = _sections(code)
    explicit_sign = False
    if value < 0 and len(sections) >= 2 and sections[1]:
        section, explicit_sign = sections[1], True
    elif value == 0 and len(sections) >= 3:
        section = sections[2]
    else:
        section = sections[0]
    prefix: list[str] = []
    suffix: list[str] = []
    digits: list[str] = []
    percent = 0
    i = 0
    while i < len(section):
        c = section[i]
        lit = None
        if c == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            lit, i = section[i + 1 : end], end + 1
        elif c == "\\" and i + 1 < len(section):
            lit, i = section[i + 1], i + 2
        elif c == "_" and i + 1 < len(section):
            lit, i = " ", i + 2
        elif c == "*" and i + 1 < len(section):
            lit, i = "", i + 2
        elif c == "[":
            end = section.find("]", i)
            inner = section[i + 1 : end] if end > 0 else ""
            if inner.startswith("$"):
                lit = inner[1:].split("-", 1)[0]
            elif inner[:1] in "<>=" or re.fullmatch(r"h+|m+|s+", inner.lower()) or inner.lower().startswith("dbnum"):
                return _general(value)  # conditions, elapsed times, Far East numerals; colours are ignored
            i = end + 1 if end > 0 else len(section)
        elif c in "0#?,." and not (c in ",." and not digits and not _digit_follows(section, i)):
            if suffix and c in "0#?":
                return _general(value)  # digits on both sides of a literal (fractions, phone numbers)
            digits.append(c)
            i += 1
            continue
        elif c == "%":
            percent += 1
            lit, i = "%", i + 1
        elif c in "eE" and digits and i + 1 < len(section) and section[i + 1] in "+-":
            return _general(value)
        elif c == "@" or c.lower() in "ymdhs" or c == "/" and digits:
            return _general(value)  # text, dates, fractions
        else:
            lit, i = c, i + 1
        if lit is not None:
            (suffix if digits else prefix).append(lit)
    if not digits:
        # A section of text alone (zero shown as "-" in a report): the text shows, the number stays,
        # as the workbook's own chart would plot it.
        literal = "".join(prefix).strip()
        return (literal, _general(value)[1]) if literal and not percent else _general(value)
    from decimal import ROUND_HALF_UP, Decimal, InvalidOperation  # Excel rounds half away from zero

    body = "".join(digits)
    int_part, _, frac_part = body.partition(".")
    scale = len(int_part) - len(int_part.rstrip(","))
    int_part = int_part.rstrip(",")
    grouping = "," in int_part
    zeros = int_part.count("0")
    frac_zeros = frac_part.count("0")
    frac_all = sum(frac_part.count(ch) for ch in "0#?")
    magnitude = Decimal(f"{abs(value):.15g}").scaleb(2 * percent - 3 * scale)
    try:
        rounded = magnitude.quantize(Decimal(1).scaleb(-frac_all), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return _general(value)
    whole, _, frac = f"{rounded:f}".partition(".")
    frac = frac.ljust(frac_all, "0")
    while len(frac) > frac_zeros and frac.endswith("0"):
        frac = frac[:-1]
    if whole == "0" and zeros == 0:
        whole = ""
    whole = whole.rjust(zeros, "0")
    if grouping and whole:
        whole = f"{int(whole):,}".rjust(zeros, "0")
    number_text = whole + ("." + frac if frac or "." in body else "")
    negative = value < 0 and rounded != 0
    sign = "-" if negative and not explicit_sign else ""
    text = "".join(prefix) + sign + number_text + "".join(suffix)
    number: Number = int(rounded) if not frac else float(rounded)
    return text.strip(), -number if negative else number


def _digit_follows(section: str, i: int) -> bool:
    return any(ch in "0#?" for ch in section[i + 1 : i + 2])


_DATE_TOKEN = re.compile(r'"[^"]*"|\\.|[_*].|\[[^\]]*\]|yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p|.', re.I)


def show_date(value, code: str) -> str:
    """A date, time or duration in the cell's date format (y, m, d, h, m, s and literals); other
    tokens (month and day names, AM/PM) fall back to ISO: `2024-03-01`, `2024-03-01 13:05`."""
    from datetime import datetime, time, timedelta

    if isinstance(value, timedelta):
        total = int(value.total_seconds())
        return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
    if isinstance(value, time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    dt = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    iso = dt.strftime("%Y-%m-%d") if (dt.hour, dt.minute, dt.second) == (0, 0, 0) else dt.strftime("%Y-%m-%d %H:%M")
    tokens = _DATE_TOKEN.findall(_sections(code)[0]) if code else []
    if not any(t.lower()[:1] in "ymdhs" and not t.startswith(('"', "\\", "[")) for t in tokens):
        return iso
    out: list[str] = []
    prev = ""
    for n, t in enumerate(tokens):
        low = t.lower()
        if t.startswith('"'):
            out.append(t[1:-1])
        elif t.startswith("\\"):
            out.append(t[1:])
        elif t[:1] in "_*" and len(t) == 2:
            out.append(" " if t[0] == "_" else "")
        elif t.startswith("["):
            if not t.startswith("[$"):
                return iso
        elif low in ("yyyy", "yy"):
            out.append(f"{dt.year:04d}" if low == "yyyy" else f"{dt.year % 100:02d}")
        elif low in ("mm", "m"):
            # m after an hour or before a second is minutes, as Excel reads it.
            nxt = next((x.lower() for x in tokens[n + 1 :] if x.lower()[:1] in "ymdhs" and not x.startswith('"')), "")
            minutes = prev[:1] == "h" or nxt[:1] == "s"
            v = dt.minute if minutes else dt.month
            out.append(f"{v:02d}" if low == "mm" else str(v))
        elif low in ("dd", "d"):
            out.append(f"{dt.day:02d}" if low == "dd" else str(dt.day))
        elif low in ("hh", "h"):
            out.append(f"{dt.hour:02d}" if low == "hh" else str(dt.hour))
        elif low in ("ss", "s"):
            out.append(f"{dt.second:02d}" if low == "ss" else str(dt.second))
        elif low in ("mmmm", "mmm", "dddd", "ddd", "am/pm", "a/p") or low.isalpha() and low in "egb":
            return iso
        else:
            out.append(t)
        if low[:1] in "ymdhs" and not t.startswith(('"', "\\")):
            prev = low
    return "".join(out).strip() or iso


# ---------------------------------------------------------------------------------------------
# What charts and tables take


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


def cell_ref_col(col: int) -> str:
    """3 → 'C': a column's letters, to name a CSV column in messages as a spreadsheet would."""
    return cell_ref(1, col)[:-1]


def table_rows(table: DataTable) -> tuple[list[str], list[list[str]]]:
    """The column names and each row's cells as text, as shown (`1,234.5`, `12.5%`, `—`, '')."""
    return [c.text for c in table.header], [[c.text for c in r] for r in table.rows]
