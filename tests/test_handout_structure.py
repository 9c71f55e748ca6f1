"""Every handout layout reads as a structured document (issue #10): contents with the right pages,
section headings before their slides, bookmarks, paragraphs that extract whole, italic that slants,
one DocInfo behind every output's metadata, and the deck as a PDF."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from pptx import Presentation

from deckbuild.fonts import FontSet
from deckbuild.layout import layout
from deckbuild.plan import ChartBlock, GridPage
from deckbuild.render.pdf import HandoutPdfWriter, render_pdf
from deckbuild.render.pdf_flowables import ChartFigure
from deckbuild.render.slides_pdf import render_slides_pdf
from deckbuild.validate import load

from conftest import SAMPLE, plan_for, run_cli

LAYOUTS = [{"layout": "article"}, {"layout": "notes"}, {"layout": "grid", "slides_per_page": 3},
           {"layout": "grid", "slides_per_page": 6}]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def outline_titles(reader: pypdf.PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page number) of every bookmark, in order."""
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return out


@pytest.fixture(scope="module", params=LAYOUTS, ids=lambda h: "-".join(map(str, h.values())))
def handout(request):
    deck, plan, fonts = plan_for(request.param)
    data = render_pdf(plan, fonts)
    reader = pypdf.PdfReader(io.BytesIO(data))
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:  # text in reading position (numbers are drawn last)
        pages = [page.extract_text() for page in pdf.pages]
    return {"deck": deck, "plan": plan, "pdf": data, "reader": reader, "pages": pages, "layout": request.param["layout"]}


def test_contents_lists_every_section_with_its_page(handout) -> None:
    plan, pages = handout["plan"], handout["pages"]
    contents = next(i for i, page in enumerate(pages) if "목차" in page.splitlines()[:3])
    found = {}
    for line in pages[contents].splitlines():
        m = re.match(r"^(.+?)\s*\.{3,}\s*(\d+)$", line)
        if m:
            found[m.group(1).strip()] = int(m.group(2))
    expected = [s.heading for s in plan.sections]
    assert [t for t in found if t != "출처"] == expected
    for title, page in found.items():
        if title == "출처":
            continue
        # The section's heading is on that page, and on no earlier one.
        assert squash(title) in squash(pages[page - 1]), (title, page)
        assert all(squash(title) not in squash(p) for p in pages[contents + 1: page - 1])


def test_each_section_title_comes_before_its_slides(handout) -> None:
    plan, deck = handout["plan"], handout["deck"]
    text = squash("\n".join(handout["pages"][2:]))  # after the cover and contents
    at = 0
    for section, planned in zip(deck.sections, plan.sections):
        heading = squash(planned.heading)
        found = text.find(heading, at)
        assert found >= 0, f"section {planned.number} heading missing or out of order"
        first = plan.slides[planned.slides[0] - 1]
        assert text.find(squash(first.title)[:10], found) > found, first.title
        at = found + len(heading)


def test_bookmarks_name_every_section(handout) -> None:
    plan, reader = handout["plan"], handout["reader"]
    marks = outline_titles(reader)
    sections = [(t, page) for depth, t, page in marks if depth == 0 and re.match(r"^(\d+|붙임 \d+)\. ", t) and not re.match(r"^\d+\. .+\(계속\)$", t)]
    want = [s.heading for s in plan.sections]
    assert [t for t, _ in sections][: len(want)] == want
    for (title, page) in sections[: len(want)]:
        assert squash(title) in squash(handout["pages"][page - 1])
    if handout["layout"] != "article":  # every slide has its own bookmark, under its section
        depth_of = {t: depth for depth, t, _ in marks}
        for s in plan.slides:
            assert depth_of[f"슬라이드 {s.number} · {s.title}"] == (0 if s.section is None else 1), s.title


def test_running_header_names_the_section_of_the_page(handout) -> None:
    plan, pages, reader = handout["plan"], handout["pages"], handout["reader"]
    titles = [s.heading for s in plan.sections]
    with_section = [p for p in pages if any(t in p.splitlines()[0] for t in titles)]
    assert len(with_section) >= len(pages) // 2
    if handout["layout"] == "grid":  # a grid page: the section of its first slide
        grids = [b for b in plan.handout.blocks if isinstance(b, GridPage)]
        for page, grid in zip(pages[len(pages) - len(grids):], grids):
            section = plan.slides[grid.slots[0].slide - 1].section
            if section is not None:
                assert titles[section] in page.splitlines()[0], page.splitlines()[:2]
        return
    # A page that opens with a section's heading carries that section in its header.
    for depth, title, page in outline_titles(reader):
        lines = pages[page - 1].splitlines()
        if title in titles and len(lines) > 1 and squash(lines[1]).startswith(squash(title)):
            assert title in lines[0], (title, page)


def first_sentences(paragraph: str, n: int = 2) -> str:
    parts = re.split(r"(?<=[.!?다])\s+", paragraph)
    return " ".join(parts[:n])


@pytest.mark.parametrize("extract", ["pypdf", "pdftotext"])
def test_article_prose_extracts_whole_and_in_order(extract, tmp_path) -> None:
    """A paragraph never alternates with a thumbnail's or chart's text (spec §2)."""
    deck, plan, fonts = plan_for({"layout": "article"})
    data = render_pdf(plan, fonts)
    if extract == "pypdf":
        text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)
    else:
        if not shutil.which("pdftotext"):
            pytest.skip("poppler's pdftotext is not installed")
        path = tmp_path / "h.pdf"
        path.write_bytes(data)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    # Running headers and footers may sit between the pages of a paragraph; remove them.
    furniture = re.compile(r"^(초거대 AI 모델 개발 전쟁의 서막.*|\d+ / \d+|\d{4}-\d{2}-\d{2})$")
    flat = squash("\n".join(line for line in text.splitlines() if not furniture.match(line.strip())))
    count = 0
    for section in deck.sections:
        for para in section.paragraphs:
            assert squash(first_sentences(para)) in flat, para[:50]
            count += 1
    assert count >= 10


def test_every_audience_has_one_docinfo_in_all_outputs(tmp_path) -> None:
    r = run_cli("build", str(SAMPLE), "--all-audiences", "-f", "pptx", "-f", "pdf", "-f", "slides", "-o", str(tmp_path))
    assert r.returncode == 0, r.stderr
    deck, _ = load(SAMPLE)
    for name in [None, *deck.audiences]:
        stem = "sovereign-ai" + (f".{name}" if name else "")
        cp = Presentation(str(tmp_path / f"{stem}.pptx")).core_properties
        a = deck.audiences.get(name) if name else None
        assert cp.title == ((a.title if a and a.title else None) or deck.title)
        assert cp.subject == ((a.subtitle if a and a.subtitle else None) or deck.subtitle or "")
        for pdf in (f"{stem}.pdf", f"{stem}.slides.pdf"):
            reader = pypdf.PdfReader(str(tmp_path / pdf))
            meta = reader.metadata
            assert (meta.title, meta.subject or "", meta.author) == (cp.title, cp.subject, cp.author), (name, pdf)
            assert reader.trailer["/Root"]["/Lang"] == cp.language == deck.language


def test_slides_pdf_is_the_deck(tmp_path) -> None:
    deck, plan, fonts = plan_for()
    data = render_slides_pdf(plan, fonts)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == len(plan.slides)
    for page, slide in zip(reader.pages, plan.slides):
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx((plan.width, plan.height))
        assert squash(slide.title) in squash(page.extract_text())
    # A bookmark per slide, under its section's (slides outside a section at the top level).
    marks = outline_titles(reader)
    slide_marks = [(t, page) for depth, t, page in marks if depth == 1 or not any(t == x.heading for x in plan.sections)]
    assert slide_marks == [(f"{s.number}. {s.title}", s.number) for s in plan.slides]
    assert [t for depth, t, _ in marks if depth == 0 and (t, None) not in [(x, None) for x, _ in slide_marks]] == \
        [x.heading for x in plan.sections]
    fonts_seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            base = str(font["/BaseFont"])
            assert re.fullmatch(r"/[A-Z]{6}\+.+", base), f"not a subset: {base}"
            assert "/FontFile2" in font["/FontDescriptor"], base
            fonts_seen.add(base.split("+")[1])
    assert {"Pretendard-Regular", "Pretendard-Bold"} <= fonts_seen
    assert b"Helvetica" not in data
    assert render_slides_pdf(plan, fonts) == data  # reproducible


def test_italic_is_set_in_a_slanted_face(project) -> None:
    project.write("""\
        title: 기울임 시험
        date: 2024-12-02
        sections:
          - id: a
            title: 절
            body: 본문에서 *기울여 쓴 말*과 보통 글자.
            slides:
              - {title: 슬라이드, bullets: ["*기울임* 항목", 보통 항목]}
        """, "it")
    deck, _ = load(project.root / "deck" / "it.yaml")
    fonts = FontSet(deck.theme.fonts)
    data = render_pdf(layout(deck, fonts), fonts)
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer

    slanted, upright = set(), set()
    for page in extract_pages(io.BytesIO(data)):
        for box in page:
            if isinstance(box, LTTextContainer):
                for line in box:
                    for ch in getattr(line, "_objs", []):
                        if isinstance(ch, LTChar):
                            (slanted if "Oblique" in ch.fontname else upright).add(ch.get_text())
    assert set("기울여쓴말") <= slanted and "보" in upright and "보" not in slanted


def test_a_chart_shrinks_to_finish_a_page_rather_than_leave_it_half_empty() -> None:
    deck, plan, fonts = plan_for({"layout": "article"})
    block = next(b for b in plan.handout.blocks if isinstance(b, ChartBlock))
    figure = ChartFigure(block, HandoutPdfWriter(plan, fonts))
    _, full = figure.wrap(400, 10_000)
    assert figure.scale == 1.0
    _, h = figure.wrap(400, full - 40)  # a little short of room: drawn smaller to fit
    assert h == pytest.approx(full - 40) and block.min_scale <= figure.scale < 1
    _, h = figure.wrap(400, full * 0.3)  # far too little: full size, on the next page
    assert figure.scale == 1.0 and h == pytest.approx(full)
