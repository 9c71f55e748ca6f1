"""Data files wired into outlines, and tables as reports print them (spec §1 "Tables", "Data files").

A chart and a table read from a CSV file (BOM, CP949, quoted thousands, empty cells, `—`) build, with
the file's values in the PPTX chart's cache and the table's cells; every problem of a data file is
printed by `deckbuild check` at its place in the file; a `—` cell keeps its column right-aligned in the
PPTX and the PDF; the header row repeats on a continued slide and page; the total row is bold under a
rule; a header keeps its parenthesised unit whole.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pdfplumber
import pytest

from conftest import run_cli
from deckbuild.faults import input_files
from deckbuild.layout import layout
from deckbuild.plan import TableBox
from deckbuild.problems import OutlineError
from deckbuild.validate import load

ROOT = Path(__file__).resolve().parents[1]

EXPORTS = '\ufeff연도,수출액,증가율,비중\r\n2021,"6,444",25.7,12.5%\r\n2022,"6,836",—,\r\n2023,"6,322",-7.5,n/a\r\n2024,"6,838",8.2,13.1%\r\n'
OUTLINE = """\
title: 데이터 파일
date: 2024-12-02
charts:
  exports:
    kind: column
    title: 수출액
    data: data/exports.csv
    series: [{name: 수출액}]
    unit: 억 달러
sections:
  - id: a
    title: 가
    slides:
      - {title: 차트, chart: exports}
      - title: 표
        table:
          data: data/exports.csv
          columns: [연도, "수출액 (억 달러)", 증가율, {name: 비중, align: center}]
          unit: 억 달러
          total: true
"""


def make_project(tmp_path: Path, outline: str = OUTLINE, files: dict[str, bytes | str] | None = None) -> Path:
    (tmp_path / "deck").mkdir(exist_ok=True)
    (tmp_path / "data").mkdir(exist_ok=True)
    for name, content in (files or {"exports.csv": EXPORTS}).items():
        (tmp_path / "data" / name).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    path = tmp_path / "deck" / "t.yaml"
    path.write_text(textwrap.dedent(outline), encoding="utf-8")
    return path


def build(tmp_path: Path, outline: Path) -> tuple[Path, Path]:
    out = tmp_path / "out"
    r = run_cli("build", str(outline), "-o", str(out), cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    return out / f"{outline.stem}.pptx", out / f"{outline.stem}.pdf"


def parts(pptx: Path, prefix: str) -> dict[str, str]:
    with zipfile.ZipFile(pptx) as z:
        return {n: z.read(n).decode("utf-8") for n in sorted(z.namelist()) if n.startswith(prefix) and n.endswith(".xml")}


def table_rows_of(xml: str) -> list[list[tuple[str, str, bool]]]:
    """Each a:tr of a slide as [(text, algn, bold)] per cell."""
    out = []
    for tr in re.findall(r"<a:tr\b.*?</a:tr>", xml, re.S):
        row = []
        for tc in re.findall(r"<a:tc\b.*?</a:tc>", tr, re.S):
            text = "".join(re.findall(r"<a:t>([^<]*)</a:t>", tc))
            algn = (re.search(r'algn="(\w+)"', tc) or [None, "l"])[1]
            row.append((text.replace("\u00a0", " "), algn, ' b="1"' in tc))
        out.append(row)
    return out


# ---- wired end to end ---------------------------------------------------------------------------


def test_a_chart_and_a_table_from_a_csv_file_build_with_the_files_values(tmp_path: Path) -> None:
    outline = make_project(tmp_path)
    deck, warnings = load(outline)
    chart = deck.charts["exports"]
    assert chart.categories == ("2021", "2022", "2023", "2024")
    assert [(s.name, s.values) for s in chart.series] == [("수출액", (6444, 6836, 6322, 6838))]
    table = deck.sections[0].slides[1].content
    assert table.columns == ("연도", "수출액 (억 달러)", "증가율", "비중")
    assert table.rows[1] == ("2022", "6,836", "—", "")  # cells as the file shows them
    assert table.total and table.unit == "억 달러" and table.align == (None, None, None, "center")
    data = tmp_path / "data" / "exports.csv"
    assert chart.data == data.resolve() and table.data == data.resolve()
    assert data.resolve() in input_files(deck)  # a changed data file is a changed input

    pptx, pdf = build(tmp_path, outline)
    charts = parts(pptx, "ppt/charts/chart")
    (xml,) = charts.values()
    cached = [float(v) for v in re.findall(r"<c:v>([-\d.]+)</c:v>", xml.split("<c:val>")[1])]
    assert cached == [6444, 6836, 6322, 6838]
    slides = parts(pptx, "ppt/slides/slide")
    rows = table_rows_of(next(x for x in slides.values() if "<a:tbl>" in x))
    assert [[c[0] for c in r] for r in rows] == [
        ["연도", "수출액 (억 달러)", "증가율", "비중"], ["2021", "6,444", "25.7", "12.5%"], ["2022", "6,836", "—", ""],
        ["2023", "6,322", "-7.5", "n/a"], ["2024", "6,838", "8.2", "13.1%"]]
    # Numbers right (the `—` and the empty cell do not change that), `align: center` as asked.
    assert {r[2][1] for r in rows} == {"r"} and {r[1][1] for r in rows} == {"r"} and {r[3][1] for r in rows} == {"ctr"}
    # The total row is bold with a rule above it; no other body row is.
    assert all(c[2] for c in rows[-1]) and not any(c[2] for r in rows[1:-1] for c in r)
    assert "<a:lnT" in re.findall(r"<a:tr\b.*?</a:tr>", next(x for x in slides.values() if "<a:tbl>" in x), re.S)[-1]
    with pdfplumber.open(pdf) as doc:
        text = "\n".join(p.extract_text() or "" for p in doc.pages)
    assert "(단위: 억 달러)" in text and "6,836" in text


def test_cp949_csv_as_korean_excel_saves_it(tmp_path: Path) -> None:
    csv = "연도,수출액\r\n2023,\"6,322\"\r\n2024,\"6,838\"\r\n".encode("cp949")
    outline = make_project(tmp_path, """\
        title: 표
        sections:
          - id: a
            title: 가
            slides:
              - {title: 표, table: {data: data/k.csv}}
        """, {"k.csv": csv})
    table = load(outline)[0].sections[0].slides[0].content
    assert table.columns == ("연도", "수출액") and table.rows == (("2023", "6,322"), ("2024", "6,838"))


def test_every_data_problem_is_printed_at_its_place_in_the_file_by_check(tmp_path: Path) -> None:
    outline = make_project(tmp_path, """\
        title: 문제
        charts:
          a: {kind: column, data: data/bad.csv}
          b: {kind: column, data: data/bad.csv, series: [{name: 증가률}]}
        sections:
          - id: a
            title: 가
            slides:
              - {title: 차트, chart: a}
              - {title: 표, table: {data: data/missing.csv}}
        """, {"bad.csv": "연도,수출액,증가율\n2021,1.2.3,4\n2022,\"5\",x\n"})
    r = run_cli("check", "deck/t.yaml", cwd=tmp_path)
    assert r.returncode == 1
    out = r.stdout + r.stderr
    assert "data/bad.csv:2:6: error: charts.a.data: expected a number, got '1.2.3'" in out
    assert "data/bad.csv:3:10: error: charts.a.data: expected a number, got 'x'" in out
    assert re.search(r"deck/t.yaml:4:\d+: error: charts.b.data: no column named '증가률' .*did you mean '증가율'", out)
    assert re.search(r"deck/t.yaml:10:\d+: error: sections\[0\].slides\[1\].table.data: data file 'data/missing.csv' not found", out)
    assert "Traceback" not in out and "unknown chart" not in out  # a chart with problems is not "unknown" too


def test_an_outline_without_data_files_imports_no_reader(project) -> None:
    # The sample reads data/exports.csv; an outline of inline charts and tables reads no file.
    path = project.write("""\
        title: t
        charts:
          c: {kind: combo, categories: [가, 나], series: [{name: a, kind: column, values: [1, 2]}, {name: b, kind: line, values: [1, null]}]}
        sections:
          - {id: a, title: 가, slides: [{title: 차트, chart: c}, {title: 표, table: {columns: [a, b], rows: [[1, 2]]}}]}
        """)
    code = (f"import sys; from deckbuild.validate import load; load(__import__('pathlib').Path({str(path)!r})); "
            "print(sorted(m for m in sys.modules if 'datafiles' in m or m in ('csv', 'python_calamine')))")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.stdout.strip() == "[]", r.stderr


def test_watch_follows_the_data_file(tmp_path: Path) -> None:
    outline = make_project(tmp_path)
    inputs: set[Path] = set()
    load(outline, inputs=inputs)
    assert any(p.name == "exports.csv" for p in inputs)
    # Even when validation fails, so that fixing the file rebuilds.
    (tmp_path / "data" / "exports.csv").write_text("연도,수출액\n2021,x\n", encoding="utf-8")
    inputs.clear()
    with pytest.raises(OutlineError):
        load(outline, inputs=inputs)
    assert any(p.name == "exports.csv" for p in inputs)


def test_data_values_count_toward_the_outlines_limit(tmp_path: Path, monkeypatch) -> None:
    import deckbuild.validate.datafile as datafile

    outline = make_project(tmp_path)
    monkeypatch.setattr(datafile, "MAX_VALUES", 60)  # the outline holds ~40 values, each file read 20 cells
    with pytest.raises(OutlineError) as e:
        load(outline)
    assert {p.code for p in e.value.problems} == {"too-many-values"}
    assert "outline and its data files together" in e.value.problems[0].message


# ---- tables -------------------------------------------------------------------------------------


LONG = """\
title: 긴 표
sections:
  - id: a
    title: 가
    slides:
      - title: 긴 표
        table:
          columns: [지역, "2024년 (억 원)", 증감률]
          rows: {rows}
          total: true
          unit: 억 원
"""


def long_outline(tmp_path: Path, n: int = 40) -> Path:
    rows = [[f"지역 {i}", f"{1000 + i * 37:,}", "—" if i % 7 == 0 else f"{i / 3:.1f}%"] for i in range(n)] + [["합계", "99,999", "—"]]
    return make_project(tmp_path, LONG.replace("{rows}", repr(rows).replace("'", '"')), {})


def test_a_continued_table_repeats_its_header_on_every_slide_and_page(tmp_path: Path) -> None:
    outline = long_outline(tmp_path)
    pptx, pdf = build(tmp_path, outline)
    slides = [x for x in parts(pptx, "ppt/slides/slide").values() if "<a:tbl>" in x]
    assert len(slides) >= 2, "40 rows continue on a second slide"
    for xml in slides:
        rows = table_rows_of(xml)
        assert [c[0] for c in rows[0]] == ["지역", "2024년 (억 원)", "증감률"]  # the header, on each slide
        assert '<a:tblPr firstRow="1"' in xml
        assert "(단위: 억 원)" in xml
        assert {r[1][1] for r in rows} == {"r"} and {r[2][1] for r in rows} == {"r"}  # `—` keeps the column right
    assert sum("합계" in x for x in slides) == 1
    last = table_rows_of(slides[-1])
    assert last[-1][0][0] == "합계" and all(c[2] for c in last[-1])  # total row bold, on the last slide only
    assert not any(c[2] for c in table_rows_of(slides[0])[-1])

    with pdfplumber.open(pdf) as doc:
        # Pages holding body rows of the table each start with the header row.
        body_pages = [p for p in doc.pages if any(w["size"] > 8 and re.fullmatch(r"지역|\d{1,3}(,\d{3})+", w["text"])
                                                  for w in p.extract_words(extra_attrs=["size"]))]  # not the thumbnails' page
        assert len(body_pages) >= 2, "the table runs over a page in the handout"
        for p in body_pages:
            text = p.extract_text() or ""
            assert "2024년 (억 원)" in text.replace("\u00a0", " "), "the header repeats on each page"
        # The total row is bold in the handout; its cells' words are set in the bold face.
        total_words = [w for p in doc.pages for w in p.extract_words(extra_attrs=["fontname"]) if w["text"] == "99,999"]
        assert total_words and all("Bold" in w["fontname"] for w in total_words)
        # Right-aligned: every number of the middle column ends at one x, `—` rows included.
        for p in body_pages:
            words = [w for w in p.extract_words(extra_attrs=["size"]) if w["size"] > 8]  # not the thumbnails' text
            rights = {round(w["x1"]) for w in words if re.fullmatch(r"\d{1,3}(,\d{3})+", w["text"])}
            assert len(rights) == 1, rights
            dash = [w for w in words if w["text"] == "—"]
            percent = [w for w in words if w["text"].endswith("%")]
            assert dash and percent and {round(w["x1"]) for w in dash} == {round(w["x1"]) for w in percent}


def test_a_header_keeps_its_parenthesised_unit_together(tmp_path: Path) -> None:
    outline = make_project(tmp_path, """\
        title: 단위
        sections:
          - id: a
            title: 가
            slides:
              - title: 좁은 열
                table:
                  columns: [가, {name: "2024년 (억 원)", width: 1}, {name: 나, width: 6}]
                  rows: [[1, 2, 3]]
        """, {})
    plan = layout(load(outline)[0])
    box = next(b for s in plan.slides for b in s.boxes if isinstance(b, TableBox))
    lines = ["".join(r.text for r in line.runs) for p in box.rows[0][1].paras for line in p.lines]
    assert len(lines) == 2 and lines[1].startswith("("), lines  # breaks before "(", never inside it
    assert lines[1].replace("\u00a0", " ") == "(억 원)"


def test_column_widths_are_shares_of_the_table(tmp_path: Path) -> None:
    outline = make_project(tmp_path, """\
        title: 너비
        sections:
          - id: a
            title: 가
            slides:
              - title: 너비
                table:
                  columns: [{name: 가, width: 1}, {name: 나, width: 3}]
                  rows: [[가나다라마바사아자차카타파하, 1]]
        """, {})
    plan = layout(load(outline)[0])
    box = next(b for s in plan.slides for b in s.boxes if isinstance(b, TableBox))
    a, b = box.col_widths
    assert abs(b / a - 3) < 1e-6 and abs(a + b - box.w) < 1e-6
