"""An .xlsx workbook's bytes → the cells of a `DataTable`, each cell as shown, at `FILE:SHEET!C5`.

In:  the table to fill, the file's bytes, and the outline's optional sheet name and range (`A1:D9`,
     `B:D`) with the outline's place for problems with them. Out: the header and rows (via
     `cells.finish`), or problems: an encrypted or old-format file, a damaged zip or part, an unknown
     sheet (with did-you-mean), a bad range, a used range too large to read.

calamine reads the values (shared strings, formulas' cached results, dates) but not their formats,
so the sheet's style indices and the workbook's number formats are read beside it from the zip
(`_workbook_parts`, `_scan_sheet`); `shown.shown` then gives each cell as Excel shows it.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from ..limits import MAX_TEMPLATE_BYTES, MAX_VALUES
from ..problems import Span, did_you_mean
from .cells import Cell, DataTable, SheetSpan, finish
from .shown import BUILTIN_FORMATS, shown

# zipfile (with bz2, lzma, shutil, threading) and ElementTree are imported where a workbook is read.
if TYPE_CHECKING:
    import zipfile

MAX_UNPACKED = MAX_TEMPLATE_BYTES  # a workbook's parts, unpacked: a zip bomb stops here
# calamine holds the used range densely (one value per cell, empty or not); a stray cell at
# XFD1048576 would ask for 17 billion. Past this the sheet is refused before calamine reads it.
MAX_USED_CELLS = 4_000_000

def read_workbook(table: DataTable, raw: bytes, sheet: str | None, range_: str | None, here: Span) -> None:
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
    finish(table, grid, _at(display, chosen.name, bottom + 1, left))


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

