"""Data files (deckbuild.datafiles): CSV and .xlsx read as shown, every problem at its place in the file.

Workbooks are written at test time with xlsxwriter (installed with python-pptx), which stores a
formula's cached result, number formats and dates the way Excel does.
"""

from __future__ import annotations

import datetime
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from deckbuild.codes import CODES
from deckbuild.datafiles import (
    SheetSpan,
    chart_data,
    parse_number,
    parse_range,
    read_table,
    show_date,
    show_number,
    table_rows,
)
from deckbuild.problems import Span

xlsxwriter = pytest.importorskip("xlsxwriter")
ROOT = Path(__file__).resolve().parents[1]
KEY = "charts.exports.data"


def read(path: Path, **kw):
    return read_table(path, display=f"data/{path.name}", key=KEY, **kw)


def lines(problems) -> list[str]:
    for p in problems:
        assert p.code in CODES, p.code
    return [p.format() for p in problems]


def csv_file(tmp_path: Path, text: str | bytes, name: str = "t.csv") -> Path:
    p = tmp_path / name
    p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return p


# ---- CSV


def test_csv_with_bom_quoted_thousands_percent_and_gaps(tmp_path: Path) -> None:
    p = csv_file(tmp_path, '\ufeff연도,수출액,증가율,비중\r\n2021,"6,444",25.7,12.5%\r\n2022,"1,234.5",—,\r\n2023,117,-,n/a\r\n2024,-23.7,"8.2",−1\r\n')
    t = read(p)
    assert t.ok, lines(t.problems)
    assert t.columns == ["연도", "수출액", "증가율", "비중"]  # the BOM is not part of the first name
    d = chart_data(t)
    assert d.problems == ()
    assert d.categories == ("2021", "2022", "2023", "2024")
    values = {s.name: s.values for s in d.series}
    assert values == {"수출액": (6444, 1234.5, 117, -23.7), "증가율": (25.7, None, None, 8.2), "비중": (12.5, None, None, -1)}
    assert type(values["수출액"][2]) is int and type(values["수출액"][0]) is int  # 117 stays 117, 6,444 is 6444
    # Each cell's place: line and column (characters) in the file.
    s = d.series[0]
    assert [str(x) for x in s.spans[:2]] == ["data/t.csv:2:6", "data/t.csv:3:6"]
    assert str(s.span) == "data/t.csv:1:4"
    assert table_rows(t) == (["연도", "수출액", "증가율", "비중"],
                             [["2021", "6,444", "25.7", "12.5%"], ["2022", "1,234.5", "—", ""], ["2023", "117", "-", "n/a"],
                              ["2024", "-23.7", "8.2", "−1"]])


def test_csv_in_cp949_as_korean_excel_saves_it(tmp_path: Path) -> None:
    p = csv_file(tmp_path, "연도,수출액\r\n2023,\"6,322\"\r\n2024,\"6,838\"\r\n".encode("cp949"))
    t = read(p)
    d = chart_data(t)
    assert t.ok and d.problems == ()
    assert d.series[0].name == "수출액" and d.series[0].values == (6322, 6838)


def test_csv_neither_utf8_nor_cp949_is_refused_at_the_first_bad_byte(tmp_path: Path) -> None:
    p = csv_file(tmp_path, "a,b\n1,2\n".encode() + b"3,\xff\xfe\n")
    assert lines(read(p).problems) == [f"data/t.csv:3:3: error: {KEY}: the file is neither UTF-8 nor CP949 text; save it as CSV UTF-8"]


@pytest.mark.parametrize("raw, message", [
    (b"a,b\n1,\x002\n", "data/t.csv:2:3: error: charts.exports.data: the file holds a NUL byte: it is binary, not CSV text"),
    (b"PK\x03\x04rest", "data/t.csv:1:1: error: charts.exports.data: the file is a workbook or another binary file, not CSV text; "
                        "an .xlsx workbook must be named .xlsx"),
    (b"", "data/t.csv:1:1: error: charts.exports.data: the file is empty"),
    (b"\n,,\n\n", "data/t.csv:4:1: error: charts.exports.data: every cell is empty"),
])
def test_csv_that_is_not_csv_text(tmp_path: Path, raw: bytes, message: str) -> None:
    assert lines(read(csv_file(tmp_path, raw)).problems) == [message]


def test_csv_non_number_at_its_line_and_column(tmp_path: Path) -> None:
    p = csv_file(tmp_path, "연도,수출액,증가율\n2021,6444,25.7\n2022,6836,6.1\n2023,6322,-7.5\n2024,6838,1.2.3\n")
    t = read(p)
    assert t.ok
    assert lines(chart_data(t).problems) == [f"data/t.csv:5:11: error: {KEY}: expected a number, got '1.2.3'"]
    # The same text is a fine table cell: tables take text as shown.
    assert table_rows(t)[1][-1] == ["2024", "6838", "1.2.3"]


def test_csv_ragged_rows_and_a_trailing_comma(tmp_path: Path) -> None:
    ok = read(csv_file(tmp_path, "a,b,\n1,2,\n3,4,\n"))  # Excel's trailing empty column
    assert ok.ok and ok.columns == ["a", "b"] and table_rows(ok)[1] == [["1", "2"], ["3", "4"]]
    bad = read(csv_file(tmp_path, "a,b,c\n1,2\n3,4,5,6\n4,5,6,,\n"))
    assert lines(bad.problems) == [
        f"data/t.csv:2:3: error: {KEY}: this row has 2 cells; the first row names 3 columns",
        f"data/t.csv:3:7: error: {KEY}: a value beyond the 3 columns the first row names",
    ]


def test_csv_quoted_line_breaks_keep_the_lines_counted_and_an_open_quote_is_placed(tmp_path: Path) -> None:
    t = read(csv_file(tmp_path, 'a,b\n"two\nlines",1\nx,oops\n'))
    assert lines(chart_data(t).problems) == [f"data/t.csv:4:3: error: {KEY}: expected a number, got 'oops'"]
    assert t.rows[0][0].text == "two\nlines"
    t = read(csv_file(tmp_path, 'a,b\n1,2\n3,"4\n5,6\n'))
    assert lines(t.problems) == [f"data/t.csv:3:3: error: {KEY}: this quote is never closed"]


def test_csv_header_problems_and_series_names(tmp_path: Path) -> None:
    t = read(csv_file(tmp_path, ",수출액,,증가율\n2023,1,2,3\n"))
    assert lines(t.problems) == [f"data/t.csv:1:6: error: {KEY}: this column has values but no name in the first row"]
    t = read(csv_file(tmp_path, "연도,수출액,증가율\n2023,6322,-7.5\n"))
    d = chart_data(t, ["증가율", "수출액"])  # picked and ordered by name
    assert [s.name for s in d.series] == ["증가율", "수출액"] and d.series[0].values == (-7.5,)
    at = Span("deck/x.yaml", 12, 9)
    d = chart_data(t, ["수출엑"], at=at)
    assert lines(d.problems) == [f"deck/x.yaml:12:9: error: {KEY}: no column named '수출엑' in data/t.csv (did you mean '수출액'?); "
                                 "its columns: 수출액, 증가율"]
    d = chart_data(read(csv_file(tmp_path, "연도,a,a\n1,2,3\n")))
    assert lines(d.problems) == [f"data/t.csv:1:6: error: {KEY}: column name 'a' is also column B"]
    d = chart_data(read(csv_file(tmp_path, "연도;수출액\n2023;1\n")))
    assert "this file has one column (is it separated by commas?)" in lines(d.problems)[0]
    d = chart_data(read(csv_file(tmp_path, "연도,수출액\n")))
    assert lines(d.problems) == [f"data/t.csv:1:1: error: {KEY}: no rows under the column names"]


def test_csv_limits(tmp_path: Path) -> None:
    many = "a,b\n" + "1,2\n" * 50_001
    assert lines(read(csv_file(tmp_path, many)).problems) == [
        f"data/t.csv:50002:3: error: {KEY}: more than 100,000 values; a data file is limited to 100,000"]
    big = csv_file(tmp_path, b"a\n" + b"1\n" * (5 * 2**20 + 1))
    assert lines(read(big).problems) == [f"data/t.csv:1:1: error: {KEY}: the file has 10,485,764 bytes; data files are limited to 10 MiB"]
    huge = csv_file(tmp_path, 'a\n"' + "x" * 200_000 + '"\n')
    assert lines(read(huge).problems) == [f"data/t.csv:2:1: error: {KEY}: a cell here is longer than the 131,072 characters a CSV cell may hold"]


def test_the_request_is_placed_where_the_outline_makes_it(tmp_path: Path) -> None:
    at = Span("deck/x.yaml", 7, 11)
    t = read_table(tmp_path / "gone.csv", display="data/gone.csv", key=KEY, at=at)
    assert lines(t.problems) == [f"deck/x.yaml:7:11: error: {KEY}: cannot read data/gone.csv: No such file or directory"]
    t = read_table(csv_file(tmp_path, "a,b\n1,2\n"), display="data/t.csv", key=KEY, sheet="x", at=at)
    assert lines(t.problems) == [f"deck/x.yaml:7:11: error: {KEY}: sheet and range are for .xlsx workbooks; a CSV file is read whole"]


def test_the_sample_exports_file() -> None:
    t = read_table(ROOT / "data" / "exports.csv", display="data/exports.csv", key=KEY)
    d = chart_data(t, ["수출액", "증가율"])
    assert t.ok and d.problems == ()
    assert d.categories == ("2019", "2020", "2021", "2022", "2023", "2024")
    assert all(type(v) is int for v in d.series[0].values) and all(isinstance(v, float) for v in d.series[1].values)


# ---- Workbooks


def workbook(path: Path, build) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    build(wb)
    wb.close()
    return path


def exports_book(wb) -> None:
    wb.add_worksheet("표지").write("A1", "수출 통계")
    ws = wb.add_worksheet("수출")
    pct = wb.add_format({"num_format": "0.0%"})
    year = wb.add_format({"num_format": "yyyy"})
    day = wb.add_format({"num_format": "yyyy-mm-dd"})
    thousands = wb.add_format({"num_format": "#,##0"})
    tri = wb.add_format({"num_format": "#,##0;△#,##0"})
    ws.write("B2", "구분")
    ws.write("C2", "수출액")
    ws.write("D2", "증가율")
    ws.write_datetime("E2", datetime.datetime(2024, 1, 1), year)
    ws.write_datetime("F2", datetime.datetime(2024, 12, 2), day)
    rows = [("2022", 6836, 0.061, 1.0, 2), ("2023", 6322, -0.075, 2.0, -3), ("2024", 6838, 0.082, 3.0, 4)]
    for i, (cat, amount, growth, n, delta) in enumerate(rows, start=3):
        ws.write(f"B{i}", cat)
        ws.write_number(f"C{i}", amount, thousands)
        ws.write_number(f"D{i}", growth, pct)
        ws.write_formula(f"E{i}", f"=C{i}/1000", None, amount / 1000)
        ws.write_number(f"F{i}", delta, tri)
    ws.write_number("E6", 117.0)  # a float in the file (every xlsx number is), an int as shown
    ws.write("B6", "합계")
    ws.write_formula("C6", "=SUM(C3:C5)", thousands, 19996)
    ws.write_formula("D6", "=NA()", pct, "#N/A")
    ws.write_number("F6", 1234.56, thousands)
    ws.write("H20", "far away")  # outside the range below


def test_workbook_named_sheet_range_formulas_formats_and_dates(tmp_path: Path) -> None:
    p = workbook(tmp_path / "t.xlsx", exports_book)
    t = read(p, sheet="수출", range_="B2:F6")
    assert t.ok, lines(t.problems)
    assert t.columns == ["구분", "수출액", "증가율", "2024", "2024-12-02"]  # date headers as shown
    d = chart_data(t)
    assert d.problems == ()
    assert d.categories == ("2022", "2023", "2024", "합계")
    values = {s.name: s.values for s in d.series}
    assert values["수출액"] == (6836, 6322, 6838, 19996)  # the formula's cached value
    assert values["증가율"] == (6.1, -7.5, 8.2, None)  # percent cells as shown; #N/A is a gap
    assert values["2024"] == (6.836, 6.322, 6.838, 117)
    assert values["2024-12-02"] == (2, -3, 4, 1235)  # △3 is -3; 1,234.56 shown as 1,235
    assert all(type(v) is int for v in values["수출액"]) and type(values["2024"][3]) is int
    assert [str(s) for s in d.series[1].spans] == ["data/t.xlsx:수출!D3", "data/t.xlsx:수출!D4", "data/t.xlsx:수출!D5", "data/t.xlsx:수출!D6"]
    assert table_rows(t)[1] == [["2022", "6,836", "6.1%", "6.836", "2"], ["2023", "6,322", "-7.5%", "6.322", "△3"],
                                ["2024", "6,838", "8.2%", "6.838", "4"], ["합계", "19,996", "#N/A", "117", "1,235"]]


def test_workbook_first_visible_sheet_and_its_used_range_by_default(tmp_path: Path) -> None:
    def build(wb) -> None:
        hidden = wb.add_worksheet("숨김")
        hidden.write("A1", "old")
        wb.add_chartsheet("차트")
        ws = wb.add_worksheet("My data")
        ws.activate()  # xlsxwriter will not hide the active sheet
        hidden.hide()
        ws.write_row("C3", ["", "a"])
        ws.write_row("C4", ["x", 1])
        ws.write_row("C5", ["y", "n/a"])
        ws.write("D6", "1.2.3")

    p = workbook(tmp_path / "t.xlsx", build)
    t = read(p)
    d = chart_data(t)
    assert t.columns == ["", "a"] and d.categories == ("x", "y", "")
    assert lines(d.problems) == [f"data/t.xlsx:'My data'!D6: error: {KEY}: expected a number, got '1.2.3'"]
    assert d.series[0].values[:2] == (1, None)


def test_workbook_error_cells_are_placed(tmp_path: Path) -> None:
    def build(wb) -> None:
        ws = wb.add_worksheet("수출")
        ws.write_row("A1", ["연도", "값"])
        ws.write_row("A2", ["2023", 1])
        ws.write("A3", "2024")
        ws.write_formula("B3", "=1/0", None, "#DIV/0!")
        ws.write("A5", "2025")
        ws.write("B5", "1.2.3")

    t = read(workbook(tmp_path / "t.xlsx", build))
    assert lines(chart_data(t).problems) == [
        f"data/t.xlsx:수출!B3: error: {KEY}: expected a number, got Excel's error #DIV/0!",
        f"data/t.xlsx:수출!B5: error: {KEY}: expected a number, got '1.2.3'",
    ]
    assert table_rows(t)[1][1] == ["2024", "#DIV/0!"]  # the empty row 4 is skipped


def test_workbook_sheet_and_range_problems(tmp_path: Path) -> None:
    p = workbook(tmp_path / "t.xlsx", exports_book)
    assert lines(read(p, sheet="수춮").problems) == [
        f"data/t.xlsx:1:1: error: {KEY}: no sheet named '수춮' in data/t.xlsx (did you mean '수출'?); its sheets: 표지, 수출"]
    at = Span("deck/x.yaml", 3, 5)
    for bad in ("A1:", "1A:B2", "A0:B2", "A1:XFE2", "수출!A1:B2", ""):
        t = read_table(p, display="data/t.xlsx", key=KEY, sheet="수출", range_=bad, at=at)
        assert lines(t.problems) == [f"deck/x.yaml:3:5: error: {KEY}: '{bad}' is not a range like A1:D9 (or B:D for whole columns)"]
    t = read(p, sheet="수출", range_="J1:K9")
    assert lines(t.problems) == [f"data/t.xlsx:수출!J10: error: {KEY}: every cell is empty"]
    t = read(p, sheet="수출", range_="B:D")  # whole columns end where the cells end
    assert t.ok and len(t.rows) == 4 and t.rows[-1][0].span == SheetSpan("data/t.xlsx", 6, 2, "수출")


def test_workbook_chart_sheet_and_empty_sheet(tmp_path: Path) -> None:
    def build(wb) -> None:
        wb.add_worksheet("빈 시트")
        wb.add_chartsheet("차트")

    p = workbook(tmp_path / "t.xlsx", build)
    assert lines(read(p).problems) == [f"data/t.xlsx:'빈 시트'!A1: error: {KEY}: sheet '빈 시트' is empty"]
    assert lines(read(p, sheet="차트").problems) == [f"data/t.xlsx:1:1: error: {KEY}: sheet '차트' is a chart sheet, not a worksheet"]


def test_files_that_are_not_workbooks(tmp_path: Path) -> None:
    good = workbook(tmp_path / "good.xlsx", exports_book).read_bytes()
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    cases = {
        "text.xlsx": (b"a,b\n1,2\n", "the file is not an .xlsx workbook (it is not a zip package)"),
        "cut.xlsx": (good[: len(good) // 2], "the file is not an .xlsx workbook (it is not a zip package)"),
        "locked.xlsx": (ole + "EncryptedPackage".encode("utf-16-le") + b"\0" * 64,
                        "the workbook is encrypted (password-protected); save a copy without a password"),
        "old.xlsx": (ole + b"Workbook", "the file is an Excel 97–2003 workbook, not .xlsx; save it as .xlsx"),
        "t.xls": (ole, "the file is an Excel 97–2003 workbook; save it as .xlsx or CSV"),
        "t.ods": (b"PK", "the file is an OpenDocument spreadsheet; save it as .xlsx or CSV"),
        "empty.xlsx": (b"", "the file is empty"),
    }
    for name, (raw, message) in cases.items():
        p = tmp_path / name
        p.write_bytes(raw)
        assert lines(read(p).problems) == [f"data/{name}:1:1: error: {KEY}: {message}"], name


def zip_with(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_damaged_workbooks(tmp_path: Path) -> None:
    src = workbook(tmp_path / "good.xlsx", exports_book)
    with zipfile.ZipFile(src) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    docx = zip_with(tmp_path / "doc.xlsx", {"word/document.xml": b"<w/>"})
    assert lines(read(docx).problems) == [
        f"data/doc.xlsx:1:1: error: {KEY}: the file is not an .xlsx workbook (a zip package without a workbook in it)"]
    broken = zip_with(tmp_path / "broken.xlsx", {**parts, "xl/workbook.xml": b"<workbook><sheets>"})
    assert lines(read(broken).problems) == [f"data/broken.xlsx:1:1: error: {KEY}: the workbook is damaged: xl/workbook.xml is not well-formed XML"]
    nosheet = dict(parts)
    del nosheet["xl/worksheets/sheet2.xml"]
    p = zip_with(tmp_path / "nosheet.xlsx", nosheet)
    assert lines(read(p, sheet="수출").problems) == [f"data/nosheet.xlsx:1:1: error: {KEY}: the workbook is damaged: sheet '수출' cannot be read"]
    bad_sheet = zip_with(tmp_path / "badsheet.xlsx", {**parts, "xl/worksheets/sheet2.xml": b"<worksheet><sheetData><row"})
    assert lines(read(bad_sheet, sheet="수출").problems) == [
        f"data/badsheet.xlsx:1:1: error: {KEY}: the workbook is damaged: sheet '수출' cannot be read"]


def test_workbook_limits(tmp_path: Path) -> None:
    def far(wb) -> None:  # two cells, but a used range calamine would hold densely: 17 billion cells
        ws = wb.add_worksheet("S")
        ws.write("A1", "a")
        ws.write("XFD1048576", 1)

    assert lines(read(workbook(tmp_path / "far.xlsx", far)).problems) == [
        f"data/far.xlsx:S!A1: error: {KEY}: the sheet's used range spans 17,179,869,184 cells; "
        "give a range (range: A1:D9) or clear the far cells"]

    def many(wb) -> None:
        ws = wb.add_worksheet("S")
        for r in range(50_002):
            ws.write_row(r, 0, [r, r])

    t = read(workbook(tmp_path / "many.xlsx", many))
    assert lines(t.problems) == [f"data/many.xlsx:S!A1: error: {KEY}: more than 100,000 values; a data file is limited to 100,000"]
    t = read(tmp_path / "many.xlsx", range_="A1:B50001")
    assert t.ok and len(t.rows) == 50_000


# ---- Pieces


@pytest.mark.parametrize("text, value", [
    ("1234.5", 1234.5), ("1,234.5", 1234.5), ("1,734", 1734), ("117", 117), ("-23.7", -23.7), ("+3", 3), ("12.5%", 12.5),
    ("12 %", 12), (".5", 0.5), ("△1.2", -1.2), ("−4", -4), ("1.5E+03", 1500.0), (" 7 ", 7),
    ("", None), ("—", None), ("-", None), ("n/a", None), ("N/A", None), ("#N/A", None),
    ("1.2.3", "1.2.3"), ("1,23", "1,23"), ("nan", "nan"), ("inf", "inf"), ("1e999", "1e999"), ("12%%", "12%%"), ("₩12", "₩12"),
])
def test_parse_number(text: str, value) -> None:
    got = parse_number(text)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("value, code, text, shown", [
    (117.0, "General", "117", 117), (0.1 + 0.2, "General", "0.3", 0.3), (0.125, "0.0%", "12.5%", 12.5), (0.07, "0%", "7%", 7),
    (1234.56, "#,##0", "1,235", 1235), (1234.5, "#,##0.0", "1,234.5", 1234.5), (-1234.5, "#,##0;△#,##0", "△1,235", -1235),
    (-5.0, "0", "-5", -5), (3.0, "0.00", "3.00", 3.0), (1.2, "0.0#", "1.2", 1.2), (1234567.0, '#,##0,"천"', "1,235천", 1235),
    (12.0, '"₩"#,##0', "₩12", 12), (12.0, "[$₩-412]#,##0", "₩12", 12), (7.0, "[Red]0.0", "7.0", 7.0), (-7.0, "0.0;[Red](0.0)", "(7.0)", -7.0),
    (0.0, '0;-0;"—"', "—", 0), (0.0, '#,##0;△#,##0;"-"', "-", 0), (1500.0, "0.00E+00", "1500", 1500), (0.5, "# ?/?", "0.5", 0.5), (5.0, "@", "5", 5),
    (42.0, '0"억 달러"', "42억 달러", 42), (1.5, "0.0_)", "1.5", 1.5),
])
def test_show_number(value: float, code: str, text: str, shown) -> None:
    got = show_number(value, code)
    assert got == (text, shown) and type(got[1]) is type(shown)


@pytest.mark.parametrize("value, code, text", [
    (datetime.date(2024, 1, 1), "yyyy", "2024"), (datetime.date(2024, 3, 1), 'yyyy"년" m"월"', "2024년 3월"),
    (datetime.date(2024, 12, 2), "yyyy-mm-dd", "2024-12-02"), (datetime.date(2024, 12, 2), "mmm d, yyyy", "2024-12-02"),
    (datetime.datetime(2024, 3, 1, 13, 5), "yyyy-mm-dd hh:mm", "2024-03-01 13:05"), (datetime.datetime(2024, 3, 1, 13, 5), "General", "2024-03-01 13:05"),
    (datetime.time(13, 5), "hh:mm", "13:05"), (datetime.timedelta(days=1, hours=12), "[h]:mm:ss", "36:00:00"),
    (datetime.date(2024, 12, 2), "yy.m.d", "24.12.2"),
])
def test_show_date(value, code: str, text: str) -> None:
    assert show_date(value, code) == text


def test_parse_range() -> None:
    assert parse_range("A1:D9") == (1, 1, 9, 4)
    assert parse_range("$D$9:$A$1") == (1, 1, 9, 4)
    assert parse_range("b:d") == (1, 2, 1_048_576, 4)
    assert parse_range("C5") == (5, 3, 5, 3)
    assert parse_range("A1:XFD1048576") == (1, 1, 1_048_576, 16_384)
    for bad in ("A1:", "A0", "XFE1", "A1048577", "1:2", "A1:B2:C3"):
        assert parse_range(bad) is None


def test_sheet_spans_print_as_excel_references_and_sort_with_spans() -> None:
    assert str(SheetSpan("d/t.xlsx", 5, 3, "수출")) == "d/t.xlsx:수출!C5"
    assert str(SheetSpan("d/t.xlsx", 1, 28, "My data")) == "d/t.xlsx:'My data'!AB1"
    assert str(SheetSpan("d/t.xlsx", 1, 1, "2024")) == "d/t.xlsx:'2024'!A1"
    assert SheetSpan("f", 1, 1, "a") != SheetSpan("f", 1, 1, "b")


def test_importing_the_module_leaves_calamine_unloaded() -> None:
    code = "import sys, deckbuild.datafiles; print('python_calamine' in sys.modules)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "False"


def test_a_workbook_as_the_open_xml_sdk_writes_it(tmp_path: Path) -> None:
    """Prefixed elements (`x:c`), cells without `r`, styles by custom and built-in format ids,
    an absolute relationship target: what other writers than Excel and xlsxwriter produce."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/data.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="r1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="{main}" xmlns:r="{rel}">'
            '<x:sheets><x:sheet name="통계" sheetId="1" r:id="rS"/></x:sheets></x:workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rS" Type="{rel}/worksheet" Target="/xl/worksheets/data.xml"/>'
            f'<Relationship Id="rT" Type="{rel}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rU" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
        "xl/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><x:styleSheet xmlns:x="{main}">'
            '<x:numFmts count="1"><x:numFmt numFmtId="164" formatCode="0.0%"/></x:numFmts>'
            '<x:cellXfs count="3"><x:xf numFmtId="0"/><x:xf numFmtId="164" applyNumberFormat="1"/><x:xf numFmtId="3"/></x:cellXfs>'
            "</x:styleSheet>"),
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><x:sst xmlns:x="{main}" count="3" uniqueCount="3">'
            "<x:si><x:t>연도</x:t></x:si><x:si><x:t>비중</x:t></x:si><x:si><x:t>금액</x:t></x:si></x:sst>"),
        "xl/worksheets/data.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="{main}"><x:sheetData>'
            '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="s"><x:v>2</x:v></x:c></x:row>'
            '<x:row><x:c r="A2"><x:v>2024</x:v></x:c><x:c s="1"><x:v>0.125</x:v></x:c><x:c s="2"><x:v>1234567.8</x:v></x:c></x:row>'
            "</x:sheetData></x:worksheet>"),
    }
    p = zip_with(tmp_path / "sdk.xlsx", {k: v.encode("utf-8") for k, v in parts.items()})
    t = read(p)
    assert t.ok, lines(t.problems)
    assert table_rows(t) == (["연도", "비중", "금액"], [["2024", "12.5%", "1,234,568"]])
    d = chart_data(t)
    assert d.categories == ("2024",) and [s.values for s in d.series] == [(12.5,), (1234568,)]
    assert str(d.series[1].spans[0]) == "data/sdk.xlsx:통계!C2"


def test_damaged_files_never_raise(tmp_path: Path) -> None:
    """Bytes flipped in a workbook, characters flipped in its XML parts, random CSV text: every
    outcome is a table or problems, never an exception (each kind of damage seen once raised)."""
    import io
    import random

    good = workbook(tmp_path / "good.xlsx", exports_book).read_bytes()
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    rnd = random.Random(18)
    p, c = tmp_path / "f.xlsx", tmp_path / "f.csv"
    for _ in range(60):
        name = rnd.choice(sorted(parts))
        data = bytearray(parts[name])
        for _ in range(rnd.randint(1, 5)):
            data[rnd.randrange(len(data))] = rnd.choice(b'<>"/=0123456789ab \xff')
        zip_with(p, {**parts, name: bytes(data)})
        t = read(p, sheet=rnd.choice([None, "수출"]), range_=rnd.choice([None, "B2:F6"]))
        chart_data(t), table_rows(t)
        raw = bytearray(good)
        for _ in range(rnd.randint(1, 3)):
            raw[rnd.randrange(len(raw))] ^= rnd.randrange(1, 256)
        p.write_bytes(bytes(raw))
        chart_data(read(p))
        c.write_bytes(bytes(rnd.choice(b'a,"\n\r1.%\xea\xb0\x80 -') for _ in range(rnd.randint(0, 60))))
        t = read(c)
        chart_data(t), table_rows(t)
    # The two that raised before: a zip entry with flag bit 5 (patched data), an XML part in an encoding Python lacks.
    patched = bytearray(good)
    patched[6] |= 0x20
    for at in range(len(patched) - 4):
        if patched[at : at + 4] == b"PK\x01\x02":
            patched[at + 8] |= 0x20
    p.write_bytes(bytes(patched))
    assert not read(p).ok
    zip_with(p, {**parts, "xl/_rels/workbook.xml.rels": b'<?xml version="1.0" encoding="UTF-1"?><x/>'})
    assert lines(read(p).problems) == [f"data/f.xlsx:1:1: error: {KEY}: the workbook is damaged: xl/_rels/workbook.xml.rels is not well-formed XML"]
