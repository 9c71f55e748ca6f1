"""The chart kinds beyond the basic ones (combo, percent-stacked-bar/-column, area, stacked-area), the
axes (`axis`, `axis2`), number formats with sections, a series' own format, `null` as a gap, and a
chart's note and title on the slide: in the PPTX's chart XML, in the handout and in LibreOffice.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import needs_soffice, run_cli, soffice_to_pdf
from deckbuild import numfmt

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
NS = {"c": C[1:-1], "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}

OUTLINE = """\
title: 차트 종류 시험
date: 2024-12-02
charts:
  exports:
    kind: combo
    title: 수출액과 증가율
    categories: ["2019", "2020", "2021", "2022", "2023", "2024"]
    series:
      - {name: 수출액, kind: column, values: [5422, 5125, 6444, 6836, 6322, 6838], unit: 억 달러, number_format: "#,##0"}
      - {name: 증가율, kind: line, axis: secondary, values: [-10.4, -5.5, 25.7, 6.1, null, 8.2], unit: "%", number_format: "0.0;△0.0"}
    axis: {title: 억 달러, number_format: "#,##0", min: 0}
    axis2: {title: "증가율(%)", number_format: "0"}
    labels: true
    note: 2024년은 잠정치.
    source: 산업통상자원부
    alt: 수출액은 2024년 6,838억 달러, 증가율은 8.2%.
  pct-col:
    kind: percent-stacked-column
    categories: [가, 나, 다]
    series:
      - {name: 갑, values: [30, 50, 20]}
      - {name: 을, values: [70, 50, 80]}
    labels: true
  pct-bar:
    kind: percent-stacked-bar
    categories: [가, 나, 다]
    series:
      - {name: 갑, values: [30, 50, 20]}
      - {name: 을, values: [70, 50, 80]}
  area:
    kind: area
    categories: [1월, 2월, 3월, 4월]
    series:
      - {name: 인원, values: [3.5, 4.25, 2, 5]}
    unit: 만 명
    number_format: "0.0"
    axis: {title: 인원}
  stacked-area:
    kind: stacked-area
    categories: [1월, 2월, 3월, 4월]
    series:
      - {name: 갑, values: [3, 4, 2, 5]}
      - {name: 을, values: [1, 2, 3, 1]}
  gaps:
    kind: column
    categories: [가, 나, 다]
    series: [{name: 값, values: [1500, null, -300]}]
    number_format: "#,##0;△#,##0"
    labels: true
sections:
  - id: a
    title: 가
    slides:
      - {title: 수출, chart: exports}
      - {title: 구성비, chart: pct-col}
      - {title: 구성비 가로, chart: pct-bar}
      - {title: 영역, chart: area}
      - {title: 누적 영역, chart: stacked-area}
      - {title: 빈칸, chart: gaps}
"""
EXPORTS = [5422, 5125, 6444, 6836, 6322, 6838]
GROWTH = [-10.4, -5.5, 25.7, 6.1, None, 8.2]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("kinds")
    (root / "deck").mkdir()
    outline = root / "deck" / "kinds.yaml"
    outline.write_text(OUTLINE, encoding="utf-8")
    r = run_cli("build", str(outline), "-o", str(root / "out"), "-f", "pptx", "-f", "pdf", "-f", "slides")
    assert r.returncode == 0, r.stderr
    return root / "out"


def charts(pptx: Path) -> list[etree._Element]:
    """The chart parts in slide order (python-pptx numbers them as it adds them)."""
    with zipfile.ZipFile(pptx) as z:
        names = sorted((n for n in z.namelist() if re.fullmatch(r"ppt/charts/chart\d+\.xml", n)), key=lambda n: int(re.findall(r"\d+", n)[0]))
        return [etree.fromstring(z.read(n)) for n in names]


def cached(ser) -> list[float | None]:
    count = int(ser.find("c:val//c:ptCount", NS).get("val"))
    out: list[float | None] = [None] * count
    for pt in ser.findall("c:val//c:pt", NS):
        out[int(pt.get("idx"))] = float(pt.find("c:v", NS).text)
    return out


def test_combo_is_two_plots_on_two_value_axes(built) -> None:
    cs = charts(built / "kinds.pptx")[0]
    area = cs.find(".//c:plotArea", NS)
    plots = [etree.QName(e).localname for e in area if etree.QName(e).localname.endswith("Chart")]
    assert plots == ["barChart", "lineChart"]
    bar, line = area.find("c:barChart", NS), area.find("c:lineChart", NS)
    cat1, cat2 = area.findall("c:catAx", NS)
    val1, val2 = area.findall("c:valAx", NS)
    ids = lambda el: [a.get("val") for a in el.findall("c:axId", NS)]
    assert ids(bar) == [cat1.find("c:axId", NS).get("val"), val1.find("c:axId", NS).get("val")]
    assert ids(line) == [cat2.find("c:axId", NS).get("val"), val2.find("c:axId", NS).get("val")]
    assert val1.find("c:crossAx", NS).get("val") == ids(bar)[0] and val2.find("c:crossAx", NS).get("val") == ids(line)[0]
    # The secondary value axis on the right, crossing its (hidden) category axis at its maximum.
    assert val1.find("c:axPos", NS).get("val") == "l" and val2.find("c:axPos", NS).get("val") == "r"
    assert val2.find("c:crosses", NS).get("val") == "max" and val2.find("c:delete", NS).get("val") == "0"
    assert cat2.find("c:delete", NS).get("val") == "1" and cat1.find("c:delete", NS).get("val") == "0"
    # Scales and formats as the outline sets them: min 0, the axes' own formats, the titles.
    assert float(val1.find("c:scaling/c:min", NS).get("val")) == 0
    assert val1.find("c:numFmt", NS).get("formatCode") == "#,##0" and val2.find("c:numFmt", NS).get("formatCode") == "0"
    assert "".join(val1.find("c:title", NS).itertext()) == "억 달러"
    assert "".join(val2.find("c:title", NS).itertext()) == "증가율(%)"
    # Cached values equal the outline's; the gap is no point at all.
    (col,) = bar.findall("c:ser", NS)
    (ln,) = line.findall("c:ser", NS)
    assert cached(col) == EXPORTS and cached(ln) == GROWTH
    # The line as LibreOffice draws it right: c:smooth 0, no invertIfNegative, c:marker after c:tx/c:spPr.
    assert ln.find("c:smooth", NS).get("val") == "0" and ln.find("c:invertIfNegative", NS) is None
    order = [etree.QName(e).localname for e in ln]
    assert order.index("marker") > order.index("spPr") > order.index("tx")
    # Each series' own number format, in the cache and the labels (the unit after every section).
    assert ln.find("c:val//c:formatCode", NS).text == '0.0"%";△0.0"%"'
    assert ln.find("c:dLbls/c:numFmt", NS).get("formatCode") == '0.0"%";△0.0"%"'
    assert col.find("c:dLbls/c:numFmt", NS).get("formatCode") == '#,##0"억 달러"'
    assert cs.find(".//c:dispBlanksAs", NS).get("val") == "gap"


def test_the_workbook_holds_every_series(built) -> None:
    from pptx import Presentation

    prs = Presentation(str(built / "kinds.pptx"))
    chart = next(sh.chart for sh in prs.slides[1].shapes if sh.has_chart)
    assert [p.__class__.__name__ for p in chart.plots] == ["BarPlot", "LinePlot"]
    blob = chart.part.chart_workbook.xlsx_part.blob
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        strings = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else sheet
    assert "수출액" in strings and "증가율" in strings
    numbers = [float(v) for v in re.findall(r'<c r="[BC][2-9]"[^>]*><v>([^<]+)</v>', sheet)]
    expected = [v for pair in zip(EXPORTS, GROWTH) for v in pair if v is not None]
    assert numbers == pytest.approx(expected)  # xlsxwriter writes 17 digits: 8.2 as 8.199999999999999
    assert re.search(r'<c r="C6"[^>]*/>', sheet)  # the gap: an empty cell


def test_new_kinds_write_their_plots(built) -> None:
    cs = charts(built / "kinds.pptx")
    grouping = lambda el: el.find(".//c:grouping", NS).get("val")
    pct_col, pct_bar, area, stacked = cs[1:5]
    assert pct_col.find(".//c:barDir", NS).get("val") == "col" and grouping(pct_col) == "percentStacked"
    assert pct_bar.find(".//c:barDir", NS).get("val") == "bar" and grouping(pct_bar) == "percentStacked"
    assert pct_col.find(".//c:overlap", NS).get("val") == "100"
    assert pct_col.find(".//c:valAx/c:numFmt", NS).get("formatCode") == "0%"
    assert float(pct_col.find(".//c:valAx/c:scaling/c:max", NS).get("val")) == 1
    assert area.find(".//c:areaChart", NS) is not None and grouping(area) == "standard"
    assert stacked.find(".//c:areaChart", NS) is not None and grouping(stacked) == "stacked"
    assert area.find(".//c:valAx/c:crossBetween", NS).get("val") == "between"
    # The area's ticks in the labels' format without needless decimals: 0만 명, not 0.0만 명.
    assert area.find(".//c:valAx/c:numFmt", NS).get("formatCode") == '0"만 명"'
    assert [cached(s) for s in stacked.findall(".//c:ser", NS)] == [[3, 4, 2, 5], [1, 2, 3, 1]]


def test_a_gap_is_no_bar_and_a_dash(built) -> None:
    cs = charts(built / "kinds.pptx")[5]
    (ser,) = cs.findall(".//c:ser", NS)
    assert cached(ser) == [1500, None, -300]
    dash = [d for d in ser.findall("c:dLbls/c:dLbl", NS) if d.find("c:idx", NS).get("val") == "1"]
    assert dash and "".join(dash[0].find("c:tx", NS).itertext()) == "—"
    assert ser.find("c:val//c:formatCode", NS).text == "#,##0;△#,##0"


def test_python_pptx_reopens_and_ecma_376_passes(built) -> None:
    from pptx import Presentation

    prs = Presentation(str(built / "kinds.pptx"))
    kinds = [sh.chart.chart_type for s in prs.slides for sh in s.shapes if sh.has_chart]
    assert len(kinds) == 6
    audit = pytest.importorskip("openxml_audit")
    result = audit.validate_pptx(str(built / "kinds.pptx"))
    errors = getattr(result, "errors", result)
    assert len(errors) == 0, errors[:5]


def test_chart_title_note_and_source_on_the_slide(built) -> None:
    from pptx import Presentation

    prs = Presentation(str(built / "kinds.pptx"))
    slide = prs.slides[1]
    texts = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]
    assert "수출액과 증가율" in texts and "주: 2024년은 잠정치." in texts and "출처: 산업통상자원부" in texts
    frame = next(sh for sh in slide.shapes if sh.has_chart)
    note = next(sh for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text.startswith("주:"))
    source = next(sh for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text.startswith("출처:"))
    assert frame.top + frame.height <= note.top < source.top  # directly under the chart, the note first
    assert source.top + source.height <= prs.slide_height


def test_the_handout_has_the_values_and_axis_titles(built) -> None:
    import pypdf

    text = "".join(p.extract_text() for p in pypdf.PdfReader(built / "kinds.pdf").pages)
    for shown in ("6,836억 달러", "25.7%", "△10.4%", "억 달러", "증가율(%)", "주: 2024년은 잠정치.", "△300", "—"):
        assert shown in text, shown
    slides = "".join(p.extract_text() for p in pypdf.PdfReader(built / "kinds.slides.pdf").pages)
    assert "수출액과 증가율" in slides and "주: 2024년은 잠정치." in slides


def test_a_gap_is_a_gap_in_the_drawing() -> None:
    from reportlab.graphics.shapes import Path, PolyLine

    from deckbuild.fonts import FontSet, bundled_fonts
    from deckbuild.layout import charts as lc
    from deckbuild.model import DEFAULT_COLORS, Chart, Series
    from deckbuild.plan import Color
    from deckbuild.problems import Span
    from deckbuild.render.charts_pdf import chart_drawing

    fonts = FontSet(bundled_fonts())
    span = Span("t", 1, 1)

    def spec(kind, values):
        chart = Chart(id="c", kind=kind, title=None, categories=("가", "나", "다", "라"), series=(Series("값", values, span),),
                      unit=None, number_format=None, highlight=(), labels=True, source=None, source_id=None, span=span)
        return lc.resolve(chart, 400, 300, font_size=12, palette={k: Color(v) for k, v in DEFAULT_COLORS.items()},
                          face=fonts.regular, bold_face=fonts.bold, measure=lambda t, s: fonts.width(t, s))

    def walk(d):
        for x in getattr(d, "contents", ()):
            yield x
            yield from walk(x)

    line = chart_drawing(spec("line", (1, 2, None, 3)), 400, 300, font="Helvetica")
    runs = [len(x.points) // 2 for x in walk(line) if isinstance(x, PolyLine)]
    assert runs == [2]  # 가–나 joined; 다 missing; 라 alone (a marker, no line through the gap)
    columns = spec("column", (1, None, 3, 4))
    assert columns.series[0].labels[1].text == "—"
    # The bars of one fill are one path, four corners (eight numbers) a bar.
    bars = [x.points[k:k + 8] for x in walk(chart_drawing(columns, 400, 300, font="Helvetica")) if isinstance(x, Path)
            for k in range(0, len(x.points), 8) if x.points[k + 5] > x.points[k + 1]]
    assert len(bars) == 3


@pytest.mark.parametrize("code, value, text", [
    ("#,##0;△#,##0", -1234, "△1,234"), ("#,##0;△#,##0", 1234, "1,234"),
    ("+0.0%;-0.0%", 0.053, "+5.3%"), ("+0.0%;-0.0%", -0.053, "-5.3%"), ("0.0;△0.0;\"-\"", 0, "-"),
])
def test_number_format_sections(code, value, text) -> None:
    assert numfmt.format_number(value, code) == text


def test_tick_formats_drop_needless_decimals() -> None:
    fmt = numfmt.parse_number_format("#,##0.0;△#,##0.0")
    assert numfmt.decimals(fmt, 0).code == "#,##0;△#,##0"
    assert numfmt.excel_code(numfmt.decimals(fmt, 0), "만 명") == '#,##0"만 명";△#,##0"만 명"'
    assert numfmt.decimals(fmt, 1) is fmt


@needs_soffice
@pytest.mark.slow
def test_libreoffice_draws_the_line_against_the_right_axis(built, tmp_path) -> None:
    """In LibreOffice's PDF, the growth line's points sit where the right axis's ticks say, and the
    missing 2023 breaks the line."""
    import pdfplumber

    pdf = soffice_to_pdf(built / "kinds.pptx", tmp_path)
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[1]
        words = page.extract_words()
        right = max(w["x0"] for w in words if w["text"] == "30")
        ticks = {float(w["text"]): (w["top"] + w["bottom"]) / 2 for w in words
                 if abs(w["x0"] - right) < 8 and re.fullmatch(r"-?\d+", w["text"])}
        assert sorted(ticks) == [-20, -10, 0, 10, 20, 30]
        per = (ticks[-20] - ticks[30]) / 50
        to_value = lambda y: -20 + (ticks[-20] - y) / per
        accent = lambda c: c and len(c) == 3 and c[0] > 0.85 and c[1] < 0.4  # the second series' colour, #E4572E
        paths = [c["pts"] for c in page.curves + page.lines if accent(c.get("stroking_color")) and len(c["pts"]) >= 2
                 and all(abs(a[1] - b[1]) > 0.01 or abs(a[0] - b[0]) > 50 for a, b in zip(c["pts"], c["pts"][1:]))]
    (line,) = [p for p in paths if len(p) == 4]  # 2019–2022: one polyline, broken at 2023
    # Within 1 point of the axis (a tick label's centre is not exactly its tick): -10.4, -5.5, 25.7, 6.1.
    assert all(abs(to_value(y) - v) < 1.0 for (_, y), v in zip(line, GROWTH[:4])), [to_value(y) for _, y in line]


def test_a_combo_from_a_data_file_with_a_gap(project) -> None:
    """`data` with `series` picking and styling the file's columns; an empty cell is a gap, not an error."""
    from deckbuild.layout import layout
    from deckbuild.validate import load

    (project.root / "data").mkdir()
    (project.root / "data" / "x.csv").write_text('연도,수출액,증가율\n2022,"6,836",6.1\n2023,"6,322",—\n2024,"6,838",8.2\n',
                                                 encoding="utf-8")
    path = project.write("""\
        title: t
        charts:
          c:
            kind: combo
            data: data/x.csv
            series:
              - {name: 수출액, kind: column, unit: 억 달러}
              - {name: 증가율, kind: line, axis: secondary, unit: "%", number_format: "0.0;△0.0"}
            labels: true
        sections:
          - {id: a, title: 가, slides: [{title: 차트, chart: c}]}
        """)
    deck, problems = load(path)
    assert not [p for p in problems if p.level == "error"]
    chart = deck.charts["c"]
    assert [s.values for s in chart.series] == [(6836, 6322, 6838), (6.1, None, 8.2)]
    assert [(s.kind, s.secondary) for s in chart.series] == [("column", False), ("line", True)]
    spec = next(b.spec for s in layout(deck).slides for b in s.boxes if hasattr(b, "spec"))
    assert spec.scale2 is not None and spec.series[1].line and spec.series[1].labels[1] is None
