"""The deck as PowerPoint reads it: text, fonts, charts, tables, notes — against the outline."""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree
from pptx import Presentation
from pptx.util import Pt

from deckbuild.layout import layout
from deckbuild.model import BulletList, ChartSlide, Faq, Stats, Table
from deckbuild.render.pptx import render_pptx
from deckbuild.text import plain
from deckbuild.write import normalize_zip

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"


@pytest.fixture(scope="module")
def built(sample_build):
    deck = sample_build["deck"]
    return deck, Presentation(str(sample_build["pptx"])), sample_build["pptx"]


def slide_text(slide) -> str:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out.extend(c.text for r in shape.table.rows for c in r.cells)
    return "\n".join(out)


def test_sixteen_by_nine(built) -> None:
    _, prs, _ = built
    assert (prs.slide_width, prs.slide_height) == (Pt(960), Pt(540))


def test_titles_bullets_and_notes_follow_the_outline(built) -> None:
    deck, prs, _ = built
    slides = list(prs.slides)
    # The generated title slide: the deck's title in the title placeholder, subtitle and author below it.
    assert slides[0].shapes.title.text_frame.text.replace("\v", " ") == deck.title
    assert deck.subtitle in slide_text(slides[0]) and deck.author in slide_text(slides[0])
    titles = [s.shapes.title.text_frame.text.replace("\v", " ").replace("\n", " ") for s in slides if s.shapes.title is not None]
    i = 0
    for section in deck.sections:
        if section.divider:
            assert section.title in slide_text(slides[1 + i]).replace("\v", " ").replace("\n", " ")
            i += 1
        for sl in section.slides:
            s = slides[1 + i]
            assert s.shapes.title.text_frame.text.replace("\v", " ").replace("\n", " ") == plain(sl.title)
            text = slide_text(s).replace("\v", " ").replace("\n", " ")
            if isinstance(sl.content, BulletList):
                for b in sl.content.items:
                    assert plain(b.text) in text
            if isinstance(sl.content, Faq):
                for f in sl.content.items:
                    assert plain(f.q) in text and plain(f.a) in text
            if isinstance(sl.content, Stats):
                for st in sl.content.items:
                    assert plain(st.value) in text and plain(st.label) in text
            if isinstance(sl.content, Table):
                cells = [c.text for sh in s.shapes if sh.has_table for r in sh.table.rows for c in r.cells]
                assert cells[: len(sl.content.columns)] == list(sl.content.columns)
            notes = s.notes_slide.notes_text_frame.text if s.has_notes_slide else None
            assert notes == sl.notes
            i += 1
    assert "출처" in titles[-1]
    assert len(slides) == i + 1 + (1 if deck.sources else 0)


def test_charts_are_native_with_the_outline_numbers(built) -> None:
    deck, prs, _ = built
    charts = [sh.chart for s in prs.slides for sh in s.shapes if sh.has_chart]
    specs = [sl.content.chart for sl in deck.slides() if isinstance(sl.content, ChartSlide)]
    assert len(charts) == len(specs) >= 1
    for chart, spec in zip(charts, specs):
        plot = chart.plots[0]
        assert list(plot.categories) == list(spec.categories)
        for series, want in zip(plot.series, spec.series):
            assert tuple(series.values) == want.values
        # An editable chart carries its data as an embedded workbook.
        assert chart.part.chart_workbook.xlsx_part is not None
    models = next(c for c, s in zip(charts, specs) if s.id == "models-by-country")
    assert tuple(models.plots[0].series[0].values) == (128, 95, 14, 10)


def test_every_run_has_latin_ea_and_lang(built) -> None:
    _, _, path = built
    with zipfile.ZipFile(path) as z:
        parts = [n for n in z.namelist() if n.startswith(("ppt/slides/slide", "ppt/notesSlides/", "ppt/charts/chart")) and n.endswith(".xml")]
        assert parts
        for name in parts:
            root = etree.fromstring(z.read(name))
            for rpr in root.iter(f"{A}rPr"):
                assert rpr.get("lang") == "ko-KR", name
                kids = [etree.QName(k).localname for k in rpr]
                assert "latin" in kids and "ea" in kids, (name, kids)
                assert kids.index("latin") < kids.index("ea")  # schema order (CT_TextCharacterProperties)
                assert rpr.find(f"{A}ea").get("typeface") == "Pretendard"


def test_runs_have_explicit_sizes_and_no_autofit(built) -> None:
    _, _, path = built
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("ppt/slides/slide") and name.endswith(".xml"):
                xml = z.read(name)
                assert b"normAutofit" not in xml
                root = etree.fromstring(xml)
                assert all(r.get("sz") for r in root.iter(f"{A}rPr"))


def test_chart_axis_ids_are_valid(built) -> None:
    _, _, path = built
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("ppt/charts/chart"):
                root = etree.fromstring(z.read(name))
                assert all(int(a.get("val")) >= 0 for a in root.iter(f"{C}axId"))


def test_validates_against_ecma_376(built) -> None:
    audit = pytest.importorskip("openxml_audit")
    _, _, path = built
    result = audit.validate_pptx(str(path))
    errors = getattr(result, "errors", result)
    assert len(errors) == 0, errors[:5]


def test_zip_entries_have_fixed_times(built) -> None:
    _, _, path = built
    with zipfile.ZipFile(path) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"


def test_same_plan_gives_identical_bytes(built) -> None:
    deck, _, _ = built
    from deckbuild.fonts import FontSet

    fonts = FontSet(deck.theme.fonts)
    plan = layout(deck, fonts)
    a = normalize_zip(render_pptx(plan, fonts))
    b = normalize_zip(render_pptx(plan, fonts))
    assert a == b
    core = zipfile.ZipFile(io.BytesIO(a)).read("docProps/core.xml").decode()
    assert "2024-12-02" in core


def test_tables_are_pptx_tables_with_header_fill(built) -> None:
    _, prs, _ = built
    tables = [sh.table for s in prs.slides for sh in s.shapes if sh.has_table]
    assert tables
    header = tables[0].cell(0, 0)
    assert str(header.fill.fore_color.rgb) == "0B3D91"


def test_template_masters_are_used_and_its_slides_dropped(project) -> None:
    from pptx import Presentation as P

    from conftest import MINIMAL, run_cli

    tpl = P()
    tpl.slides.add_slide(tpl.slide_layouts[0]).shapes.title.text = "template's own slide"
    (project.root / "company.pptx").write_bytes(b"")
    tpl.save(str(project.root / "company.pptx"))
    project.write(MINIMAL.replace("date: 2024-12-02\n", "date: 2024-12-02\ntheme:\n  template: company.pptx\n"), "brief")
    r = run_cli("build", "-f", "pptx", cwd=project.root)
    assert r.returncode == 0, r.stderr
    prs = P(str(project.root / "out" / "brief.pptx"))
    titles = [s.shapes.title.text_frame.text if s.shapes.title is not None else "" for s in prs.slides]
    assert "template's own slide" not in titles and "첫 슬라이드" in titles
    assert len(prs.slides) == 2


def test_every_slide_kind_validates_and_images_carry_alt_text(project) -> None:
    """One deck with every slide kind (image included), checked against ECMA-376."""
    audit = pytest.importorskip("openxml_audit")
    from PIL import Image

    from conftest import run_cli

    project.write("""\
        title: 모든 종류
        date: 2024-12-02
        sources: [{id: s, title: 자료, publisher: 기관, year: 2024}]
        charts:
          c: {kind: stacked-bar, categories: [가, 나], series: [{name: 갑, values: [1, 2]}, {name: 을, values: [3, 4]}], source: s}
        sections:
          - id: a
            title: 절
            divider: true
            summary: 요약
            slides:
              - {title: 글머리, bullets: [{text: 하나, bullets: [둘]}], notes: 노트}
              - {title: 차트, chart: c, bullets: [설명], caption: 캡션}
              - {title: 수치, stat: [{value: 14개, label: 한국}, {value: 128개, label: 미국, detail: 1위}]}
              - {title: 인용, quote: {text: 인용문, by: 누구}}
              - {title: 표, table: {columns: [이름, 값], rows: [[가, "1"], [나, "2"]], caption: 표 설명}}
              - {title: 질문, faq: [{q: 왜?, a: 그래서.}]}
              - {title: 비교, columns: [{title: 왼쪽, bullets: [가]}, {title: 오른쪽, bullets: [나]}]}
              - {title: 그림, image: {path: pic.png, alt: 남색 사각형, caption: 그림 설명}}
              - {title: 제목만}
        """, "kinds")
    Image.new("RGB", (320, 180), (11, 61, 145)).save(project.root / "deck" / "pic.png")
    r = run_cli("build", "-f", "pptx", "-f", "pdf", "-f", "slides", cwd=project.root)
    assert r.returncode == 0, r.stderr
    pptx = project.root / "out" / "kinds.pptx"
    result = audit.validate_pptx(str(pptx))
    assert len(result.errors) == 0, result.errors[:5]
    prs = Presentation(str(pptx))
    pics = [sh for s in prs.slides for sh in s.shapes if sh.shape_type == 13]
    assert len(pics) == 1 and pics[0]._element.nvPicPr.cNvPr.get("descr") == "남색 사각형"
    from pypdf import PdfReader

    # The picture itself, on the pages that show its slide (its caption says which) and no other.
    for name in ("kinds.pdf", "kinds.slides.pdf"):
        pdf = PdfReader(str(project.root / "out" / name))
        with_image = [i for i, page in enumerate(pdf.pages) if page.images]
        assert with_image and with_image == [i for i, page in enumerate(pdf.pages) if "그림 설명" in page.extract_text()], name
        for i in with_image:
            (image,) = pdf.pages[i].images
            assert image.image.size == (320, 180) and image.image.convert("RGB").getpixel((160, 90)) == (11, 61, 145), name
