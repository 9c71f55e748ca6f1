"""Charts: one resolved ChartSpec (layout's decisions) drawn natively in PPTX and as vectors in the PDF."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Pt

from deckbuild import numfmt
from deckbuild.layout import charts
from deckbuild.fonts import FontSet, bundled_fonts
from deckbuild.model import DEFAULT_COLORS, SERIES_PALETTE, Chart, Series
from deckbuild.plan import Color
from deckbuild.problems import Span
from deckbuild.render.charts_pptx import add_chart
from deckbuild.render.pptx_xml import (
    fix_chart_axis_ids,
    reproducible_xlsx,
    set_text_props,
    set_theme_fonts,
)

ROOT = Path(__file__).resolve().parents[1]
NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
KINDS = ("bar", "column", "stacked-bar", "stacked-column", "line", "pie", "doughnut")
EXPECTED_TYPE = {
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "stacked-bar": XL_CHART_TYPE.BAR_STACKED,
    "stacked-column": XL_CHART_TYPE.COLUMN_STACKED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "pie": XL_CHART_TYPE.PIE,
    "doughnut": XL_CHART_TYPE.DOUGHNUT,
}
# Every valid combination: pie and doughnut take one series.
COMBOS = [(k, two) for k in KINDS for two in (False, True) if not (two and k in ("pie", "doughnut"))]
CATS = ("미국", "중국", "한국", "프랑스")
PALETTE = {role: Color(hex_) for role, hex_ in DEFAULT_COLORS.items()}
FONTS = FontSet(bundled_fonts())
SPAN = Span("deck/t.yaml", 1, 1)
WHEN = dt.datetime(2024, 12, 2)


def make_chart(kind: str, *, two_series: bool = False, **kw) -> Chart:
    if two_series:
        series = (Series("2023", (60, 50, 6, 4), SPAN), Series("2024", (68, 45, 8, 6), SPAN))
    else:
        series = (Series("모델 수", (128, 95, 14, 10), SPAN),)
    fields = dict(
        id=f"c-{kind}", kind=kind, title="초거대 AI 모델 발표 수", categories=CATS, series=series,
        unit="개", number_format="#,##0", highlight=() if two_series else ("한국",), labels=True,
        source=None, source_id=None, span=SPAN,
    )
    fields.update(kw)
    return Chart(**fields)


def resolve(chart: Chart, w: float = 874, h: float = 380, font_size: float = 14):
    face = FONTS.regular
    return charts.resolve(chart, w, h, font_size=font_size, palette=PALETTE, face=face, bold_face=FONTS.bold,
                          measure=lambda t, s: FONTS.width(t, s))


def build_deck(path: Path, chart: Chart) -> Path:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(960), Pt(540)
    set_theme_fonts(prs, "Pretendard", "Pretendard")
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    add_chart(slide.shapes, resolve(chart), 43, 100, 874, 380, when=WHEN)
    prs.save(path)
    return path


def only_chart(path: Path):
    (shape,) = [s for s in Presentation(path).slides[0].shapes if s.has_chart]
    return shape.chart


def point_fill(ser, idx: int) -> str | None:
    for dpt in ser.findall("c:dPt", NS):
        if dpt.find("c:idx", NS).get("val") == str(idx):
            clr = dpt.find("c:spPr/a:solidFill/a:srgbClr", NS)
            if clr is None:  # a line chart's point: its marker
                clr = dpt.find("c:marker/c:spPr/a:solidFill/a:srgbClr", NS)
            return "#" + clr.get("val")
    return None


# --- PPTX -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind, two_series", COMBOS)
def test_pptx_chart_matches_spec(tmp_path, kind, two_series):
    spec = make_chart(kind, two_series=two_series)
    chart = only_chart(build_deck(tmp_path / "c.pptx", spec))
    assert chart.chart_type == EXPECTED_TYPE[kind]
    plot = chart.plots[0]
    assert tuple(plot.categories) == CATS
    assert [tuple(s.values) for s in plot.series] == [tuple(map(float, s.values)) for s in spec.series]
    assert [s.name for s in plot.series] == [s.name for s in spec.series]
    assert chart.has_title is False
    assert chart.has_legend is (two_series or kind in ("pie", "doughnut"))

    cs = chart._chartSpace
    assert cs.xpath("c:chart/c:autoTitleDeleted/@val") == ["1"]
    assert not cs.xpath("c:chart/c:title")
    ids = [int(v) for v in cs.xpath(".//c:axId/@val | .//c:crossAx/@val")]
    assert all(i >= 0 for i in ids)
    # Every axis a plot names exists, and each axis crosses the other one.
    plot_ids = set(cs.xpath("c:chart/c:plotArea/*[c:ser]/c:axId/@val"))
    axis_ids = set(cs.xpath("c:chart/c:plotArea/*[c:crossAx]/c:axId/@val"))
    assert plot_ids == axis_ids
    # All chart text carries the Korean typeface and language.
    defs = cs.xpath(".//c:txPr//a:defRPr")
    assert defs and all(d.get("lang") == "ko-KR" for d in defs)
    assert all(d.xpath("a:ea/@typeface") == ["Pretendard"] for d in defs)
    assert all(d.xpath("a:latin/@typeface") == ["Pretendard"] for d in defs)
    # Labels print the unit with the outline's number format, on every kind (`labels: true`).
    assert cs.xpath(".//c:ser/c:dLbls/c:numFmt/@formatCode") == ['#,##0"개"'] * len(spec.series)
    assert cs.xpath(".//c:ser/c:dLbls/c:showVal/@val") == ["1"] * len(spec.series)
    assert not cs.xpath(".//c:view3D | .//a:effectLst/a:outerShdw")


@pytest.mark.parametrize("kind", ["bar", "column", "stacked-bar", "stacked-column", "line"])
def test_pptx_highlight_is_accent_others_primary(tmp_path, kind):
    chart = only_chart(build_deck(tmp_path / "c.pptx", make_chart(kind)))
    (ser,) = chart._chartSpace.xpath(".//c:ser")
    assert point_fill(ser, 2) == DEFAULT_COLORS["accent"]
    base = ser.find("c:spPr/a:solidFill/a:srgbClr", NS)
    if base is None:
        base = ser.find("c:marker/c:spPr/a:solidFill/a:srgbClr", NS)
    assert "#" + base.get("val") == DEFAULT_COLORS["primary"]
    assert point_fill(ser, 0) in (None, DEFAULT_COLORS["primary"])


@pytest.mark.parametrize("kind", ["pie", "doughnut"])
def test_pptx_circular_colours(tmp_path, kind):
    chart = only_chart(build_deck(tmp_path / "c.pptx", make_chart(kind)))
    (ser,) = chart._chartSpace.xpath(".//c:ser")
    fills = [point_fill(ser, i) for i in range(4)]
    assert fills == [c.hex for c in charts.point_colors(make_chart(kind), PALETTE)[0]]
    assert fills[2] == DEFAULT_COLORS["accent"] and DEFAULT_COLORS["accent"] not in fills[:2] + fills[3:]


def test_pptx_series_palette(tmp_path):
    chart = only_chart(build_deck(tmp_path / "c.pptx", make_chart("column", two_series=True)))
    got = ["#" + v for v in chart._chartSpace.xpath(".//c:ser/c:spPr/a:solidFill/a:srgbClr/@val")]
    assert got == [DEFAULT_COLORS["primary"], SERIES_PALETTE[1]]


def test_highlight_on_several_series_pales_the_other_categories(tmp_path):
    chart = make_chart("column", two_series=True, highlight=("한국",))
    spec = resolve(chart)
    for s, base in zip(spec.series, (DEFAULT_COLORS["primary"], SERIES_PALETTE[1])):
        assert s.points[2].hex == base  # the highlighted category keeps its series colour
        assert all(p.hex != base for i, p in enumerate(s.points) if i != 2)
    (ser0, ser1) = only_chart(build_deck(tmp_path / "c.pptx", chart))._chartSpace.xpath(".//c:ser")
    assert point_fill(ser0, 0) == spec.series[0].points[0].hex and point_fill(ser1, 3) == spec.series[1].points[3].hex


def test_pptx_bar_lists_categories_top_down(tmp_path):
    cs = only_chart(build_deck(tmp_path / "c.pptx", make_chart("bar")))._chartSpace
    assert cs.xpath(".//c:catAx/c:scaling/c:orientation/@val") == ["maxMin"]
    # …and the value axis stays at the bottom by crossing at the last category.
    assert cs.xpath(".//c:valAx/c:crosses/@val") == ["max"]


def test_pptx_is_schema_valid(tmp_path):
    audit = pytest.importorskip("openxml_audit")
    prs = Presentation()
    set_theme_fonts(prs, "Pretendard", "Pretendard")
    specs = [make_chart(k, two_series=two) for k, two in COMBOS]
    specs.append(make_chart("line", two_series=True, highlight=("한국",)))
    for spec in specs:
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        add_chart(slide.shapes, resolve(spec, 600, 400), 20, 20, 600, 400, when=WHEN)
    path = tmp_path / "all.pptx"
    prs.save(path)
    result = audit.validate_pptx(str(path))
    assert [str(e) for e in result.errors] == []


def test_pptx_workbook_is_reproducible(tmp_path):
    blobs = []
    for n in range(2):
        chart = only_chart(build_deck(tmp_path / f"c{n}.pptx", make_chart("column", two_series=True)))
        blobs.append(chart.part.chart_workbook.xlsx_part.blob)
    assert blobs[0] == blobs[1]
    z = zipfile.ZipFile(io.BytesIO(blobs[0]))
    assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    core = z.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == ["2024-12-02T00:00:00Z"] * 2


def test_reproducible_xlsx_default_date_and_timezone():
    src = io.BytesIO()
    with zipfile.ZipFile(src, "w") as z:
        z.writestr(zipfile.ZipInfo("docProps/core.xml", (2030, 5, 6, 7, 8, 10)),
                   '<x><dcterms:created xsi:type="dcterms:W3CDTF">2030-05-06T07:08:09Z</dcterms:created></x>')
    out = reproducible_xlsx(src.getvalue())
    assert b"1980-01-01T00:00:00Z" in zipfile.ZipFile(io.BytesIO(out)).read("docProps/core.xml")
    kst = dt.timezone(dt.timedelta(hours=9))
    out = reproducible_xlsx(src.getvalue(), dt.datetime(2024, 12, 2, 9, 0, tzinfo=kst))
    assert b"2024-12-02T00:00:00Z" in zipfile.ZipFile(io.BytesIO(out)).read("docProps/core.xml")


# --- pptx_xml ---------------------------------------------------------------------------


def test_set_text_props_schema_order_and_idempotent():
    rpr = etree.fromstring(
        f'<a:rPr xmlns:a="{NS["a"]}" lang="en-US"><a:ln/><a:latin typeface="Arial"/>'
        '<a:hlinkClick/><a:solidFill><a:schemeClr val="tx1"/></a:solidFill></a:rPr>'
    )
    for _ in range(2):
        set_text_props(rpr, "Pretendard", "Pretendard", size_pt=14.5, bold=True, italic=False, color="#0b3d91")
    tags = [etree.QName(c).localname for c in rpr]
    assert tags == ["ln", "solidFill", "latin", "ea", "hlinkClick"]
    assert rpr.get("lang") == "ko-KR" and rpr.get("altLang") == "en-US"
    assert (rpr.get("sz"), rpr.get("b"), rpr.get("i")) == ("1450", "1", "0")
    assert rpr.xpath("a:solidFill/a:srgbClr/@val", namespaces=NS) == ["0B3D91"]
    assert rpr.xpath("a:ea/@typeface", namespaces=NS) == ["Pretendard"]


def test_set_theme_fonts():
    prs = Presentation()
    set_theme_fonts(prs, "Pretendard", "Pretendard")
    set_theme_fonts(prs, "Pretendard", "Pretendard")
    master = prs.slide_masters[0]
    (theme,) = [r.target_part for r in master.part.rels.values() if r.reltype.endswith("/theme")]
    root = etree.fromstring(theme.blob)
    for which in ("majorFont", "minorFont"):
        (font,) = root.xpath(f"//a:fontScheme/a:{which}", namespaces=NS)
        assert font.xpath("a:latin/@typeface", namespaces=NS) == ["Pretendard"]
        assert font.xpath("a:ea/@typeface", namespaces=NS) == ["Pretendard"]
        assert font.xpath("a:font[@script='Hang']/@typeface", namespaces=NS) == ["Pretendard"]
        assert [etree.QName(c).localname for c in font][:3] == ["latin", "ea", "cs"]


def test_fix_chart_axis_ids_keeps_references():
    cs = etree.fromstring(
        f'<c:chartSpace xmlns:c="{NS["c"]}"><c:barChart><c:axId val="-5"/><c:axId val="-7"/></c:barChart>'
        '<c:catAx><c:axId val="-5"/><c:crossAx val="-7"/></c:catAx>'
        '<c:valAx><c:axId val="-7"/><c:crossAx val="-5"/></c:valAx></c:chartSpace>'
    )
    fix_chart_axis_ids(cs)
    vals = cs.xpath("//c:axId/@val | //c:crossAx/@val", namespaces=NS)
    a, b = vals[0], vals[1]
    assert a != b and int(a) > 0 and int(b) > 0
    assert vals == [a, b, a, b, b, a]


# --- number formats ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, fmt, unit, text",
    [
        (1234, "#,##0", "개", "1,234개"),
        (14, "#,##0", "개", "14개"),
        (0, "#,##0", None, "0"),
        (-1234.56, "#,##0.0", None, "-1,234.6"),
        (2.675, "0.00", None, "2.68"),
        (0.125, "0.0%", None, "12.5%"),
        (0.5, "0%", None, "50%"),
        (3.5, None, "조 원", "3.5조 원"),
        (128, "General", None, "128"),
        (1.25, "0.0#", None, "1.25"),
        (1.5, "0.0#", None, "1.5"),
        (1000000, '"$"#,##0', None, "$1,000,000"),
        (-5, '"$"0', None, "-$5"),
    ],
)
def test_format_number(value, fmt, unit, text):
    assert numfmt.format_number(value, fmt, unit) == text


@pytest.mark.parametrize("fmt", ["0;;0", "0;0;0;0", "[Red]0", "0.00E+00", "#,##0,", "yyyy-mm-dd", '"unclosed'])
def test_unsupported_number_formats_are_refused(fmt):
    with pytest.raises(numfmt.NumberFormatError):
        numfmt.parse_number_format(fmt)


def test_excel_number_format_quotes_the_unit():
    assert numfmt.excel_number_format("#,##0", "개") == '#,##0"개"'
    assert numfmt.excel_number_format(None, "%p") == 'General"%p"'
    assert numfmt.excel_number_format("0", 'a"b') == '0"a"\\""b"'
    assert numfmt.excel_number_format("0.0", None) == "0.0"


@given(st.integers(min_value=-10**15, max_value=10**15))
def test_grouped_integers_round_trip(n):
    text = numfmt.format_number(n, "#,##0")
    assert int(text.replace(",", "")) == n
    assert all(len(g) == 3 for g in text.lstrip("-").split(",")[1:])


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(min_value=0, max_value=4))
def test_fixed_decimals_round_half_up(x, places):
    fmt = "0" + ("." + "0" * places if places else "")
    text = numfmt.format_number(x, fmt)
    expected = Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    assert Decimal(text) == expected
    assert len(text.partition(".")[2]) == places


def test_value_scale_covers_data():
    scale = charts.value_scale(make_chart("column"))
    assert (scale.minimum, scale.maximum, scale.major) == (0, 150, 50)
    # Two series whose sums (128, 95, 14, 10) are the one series above: stacked, the axis covers
    # the sums; side by side, only the largest value (68).
    stacked = charts.value_scale(make_chart("stacked-column", two_series=True))
    assert (stacked.minimum, stacked.maximum, stacked.major) == (0, 150, 50)
    clustered = charts.value_scale(make_chart("column", two_series=True))
    assert (clustered.minimum, clustered.maximum, clustered.major) == (0, 80, 20)


# --- PDF --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf_fonts():
    return FONTS.reportlab_names()


def draw_pdf(path: Path, chart: Chart, fonts) -> Path:
    from reportlab.graphics import renderPDF
    from reportlab.pdfgen.canvas import Canvas

    from deckbuild.render.charts_pdf import chart_drawing

    canvas = Canvas(str(path), pagesize=(560, 360), invariant=1)
    drawing = chart_drawing(resolve(chart, 500, 300, 9), 500, 300, font=fonts[0])
    drawing.initialFontName = fonts[0]
    renderPDF.draw(drawing, canvas, 30, 30)
    canvas.save()
    return path


@pytest.mark.parametrize("kind, two_series", COMBOS)
def test_pdf_chart_text_and_fonts(tmp_path, pdf_fonts, kind, two_series):
    import pdfplumber
    from pypdf import PdfReader

    spec = make_chart(kind, two_series=two_series)
    resolved = resolve(spec, 500, 300, 9)
    path = draw_pdf(tmp_path / "c.pdf", spec, pdf_fonts)
    with pdfplumber.open(path) as pdf:
        words = [w["text"] for w in pdf.pages[0].extract_words()]
    text = " ".join(words)
    for cat in CATS:
        assert cat in text
    # Every label the spec keeps is drawn; a stacked segment too small for its label has none.
    shown = [lb.text for s in resolved.series for lb in s.labels if lb is not None]
    for label in shown:
        assert label in words, label
    # A label is shown or listed as left out, never lost.
    assert len(shown) + len(resolved.dropped) == sum(len(s.values) for s in spec.series)
    if kind in ("pie", "doughnut"):
        assert "128개" in words  # labels: true prints the value, not the share
    if two_series:
        assert "2023" in words and "2024" in words  # the legend
    fonts = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            # reportlab embeds TrueType subsets as simple fonts; a Type0 font keeps its
            # descriptor on the descendant.
            for holder in (font, *(d.get_object() for d in font.get("/DescendantFonts", []))):
                fd = holder.get("/FontDescriptor")
                if fd is not None and "/FontFile2" in fd.get_object():
                    fonts.add(str(font["/BaseFont"]))
    assert fonts and all("Pretendard" in f for f in fonts)


def test_pdf_bar_categories_top_down(tmp_path, pdf_fonts):
    import pdfplumber

    path = draw_pdf(tmp_path / "c.pdf", make_chart("bar"), pdf_fonts)
    with pdfplumber.open(path) as pdf:
        tops = {w["text"]: w["top"] for w in pdf.pages[0].extract_words() if w["text"] in CATS}
    assert sorted(CATS, key=tops.get) == list(CATS)


def test_pdf_highlight_colours(pdf_fonts):
    from reportlab.graphics.shapes import Path

    from deckbuild.render.charts_pdf import chart_drawing

    d = chart_drawing(resolve(make_chart("column"), 500, 300, 9), 500, 300, font=pdf_fonts[0])
    # The bars of one fill are one path: its rectangles' corners, four points (eight numbers) each.
    bars = sorted((p.points[k], p.fillColor.hexval()[2:].upper()) for p in d.contents if isinstance(p, Path)
                  for k in range(0, len(p.points), 8) if p.points[k + 2] - p.points[k] > 20)
    assert [fill for _, fill in bars] == ["0B3D91", "0B3D91", "E4572E", "0B3D91"]


def test_pie_labels_true_are_values_share_and_both_on_request(tmp_path, pdf_fonts):
    """Spec §1: `true` (and `value`) = the values, formatted, with the unit, on every kind; `share`
    each slice's share; `both` the value and its share."""
    values = resolve(make_chart("pie"))
    assert [lb.text for lb in values.series[0].labels] == ["128개", "95개", "14개", "10개"]
    assert resolve(make_chart("pie", labels="value")).series[0].labels == values.series[0].labels
    shares = resolve(make_chart("pie", labels="share"))
    assert [lb.text for lb in shares.series[0].labels] == ["51.8%", "38.5%", "5.7%", "4.0%"]  # of 247
    both = resolve(make_chart("pie", labels="both"))
    assert [lb.text for lb in both.series[0].labels] == ["128개 (52%)", "95개 (38%)", "14개 (6%)", "10개 (4%)"]
    cs = only_chart(build_deck(tmp_path / "v.pptx", make_chart("pie")))._chartSpace
    assert cs.xpath(".//c:ser/c:dLbls/c:showVal/@val") == ["1"]
    assert cs.xpath(".//c:ser/c:dLbls/c:showPercent/@val") == ["0"]
    assert cs.xpath(".//c:ser/c:dLbls/c:numFmt/@formatCode") == ['#,##0"개"']
    cs = only_chart(build_deck(tmp_path / "s.pptx", make_chart("pie", labels="share")))._chartSpace
    assert cs.xpath(".//c:ser/c:dLbls/c:showPercent/@val") == ["1"]
    # `both`: each point's label is the plan's own text (PowerPoint cannot put the share in brackets)
    cs = only_chart(build_deck(tmp_path / "b.pptx", make_chart("pie", labels="both")))._chartSpace
    assert ["".join(d.xpath("c:tx//a:t/text()")) for d in cs.xpath(".//c:dLbl")] == \
        ["128개 (52%)", "95개 (38%)", "14개 (6%)", "10개 (4%)"]


def test_share_labels_are_for_pies_only(project):
    from deckbuild.problems import OutlineError
    from deckbuild.validate import load

    path = project.write("""\
        title: 표
        charts:
          c: {kind: column, categories: [가, 나], series: [{values: [1, 2]}], labels: share}
        sections: [{id: a, title: 절, slides: [{title: 차트, chart: c}]}]
        """)
    with pytest.raises(OutlineError) as e:
        load(path)
    found = [(p.span.line, p.path, p.code, p.message) for p in e.value.problems if p.level == "error"]
    assert [f[:3] for f in found] == [(3, "charts.c.labels", "labels-share")]
    assert "write labels: true" in found[0][3]  # the fix


def test_each_renderer_has_one_writer_per_chart_type_and_refuses_others() -> None:
    """The factories are keyed by the plan's ChartForm: a new kind without its writers fails here."""
    import dataclasses

    from deckbuild.plan import ChartForm
    from deckbuild.render.charts_pdf import chart_painter
    from deckbuild.render.charts_pptx import chart_writer

    for kind in ChartForm:
        spec = resolve(make_chart(kind.value))
        assert spec.kind is kind
        assert chart_writer(spec, "ko-KR").spec is spec and chart_painter(spec, "F").spec is spec
    unknown = dataclasses.replace(resolve(make_chart("bar")), kind="radar")
    for factory in (chart_writer, chart_painter):
        with pytest.raises(NotImplementedError, match="radar"):
            factory(unknown, "ko-KR")
