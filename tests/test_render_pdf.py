"""render/pdf.py and render/slide_pdf.py: the handout's text, fonts, pages, escaping and bytes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math
import re
import textwrap
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from deckbuild.audience import select
from deckbuild.fonts import FontSet
from deckbuild.layout import layout
from deckbuild.layout.words import citation
from deckbuild.plan import Cell, ChartBox, Color, Para, PlanSlide, Rect, TableBox, TextBox
from deckbuild.problems import Span
from deckbuild.render.pdf import render_pdf
from deckbuild.render.slide_pdf import SlideDrawer
from deckbuild.text import parse_inline, wrap
from deckbuild.validate import load

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "deck" / "sovereign-ai.yaml"
WHEN = dt.datetime(2024, 12, 2, tzinfo=dt.timezone.utc)


# ---- helpers -------------------------------------------------------------------------------------


def squash(text: str) -> str:
    """Text without whitespace: extraction may break lines where the page does."""
    return re.sub(r"\s+", "", text)


def body_text(pages: list[str], header: str) -> str:
    """The pages' text without running headers and footers, so a paragraph split across pages reads whole."""
    furniture = re.compile(rf"^({re.escape(header)}|\d+ / \d+|\d{{4}}-\d{{2}}-\d{{2}})$")
    return "\n".join(line for page in pages for line in page.splitlines() if not furniture.match(line.strip()))


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def page_count(data: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def build_plan(path: Path, audience: str | None = None, date: dt.date | None = None, **handout):
    """The plan of an outline (for an audience), with other handout settings or another date if given."""
    deck, _ = load(path)
    fonts = FontSet(deck.theme.fonts)
    deck = select(deck, audience)
    deck = dataclasses.replace(deck, handout=dataclasses.replace(deck.handout, **handout), date=date or deck.date)
    return layout(deck, fonts), fonts


@pytest.fixture(scope="module")
def sample():
    plan, fonts = build_plan(SAMPLE)
    data = render_pdf(plan, fonts)
    return {"plan": plan, "fonts": fonts, "pdf": data, "pages": pdf_text(data), "deck": load(SAMPLE)[0]}


def write_outline(tmp_path: Path, text: str, name: str = "t") -> Path:
    path = tmp_path / "deck" / f"{name}.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# ---- the sample briefing, article layout ---------------------------------------------------------


def section_labels(deck) -> list[str]:
    """"1", "2", … for the body, "붙임 1", … for the appendices (which come last)."""
    body = [s for s in deck.sections if not s.appendix]
    return [str(n) for n in range(1, len(body) + 1)] + [f"붙임 {n}" for n in range(1, len(deck.sections) - len(body) + 1)]


def test_sample_article_has_every_section_prose_chart_and_source(sample) -> None:
    deck = sample["deck"]
    text = squash(body_text(sample["pages"], deck.title))
    for section, label in zip(deck.sections, section_labels(deck)):
        assert squash(f"{label}. {section.title}") in text, section.title
        if section.summary:
            assert squash(section.summary) in text
        for para in section.paragraphs:  # every body paragraph, whole
            assert squash(para) in text, para[:40]
        for slide in section.slides:
            assert squash(slide.title) in text, slide.title
            if slide.handout:
                assert squash(slide.handout) in text
    # Chart values and labels, drawn by charts_pdf, are text in the PDF.
    for label in ("128개", "95개", "14개", "10개", "51.8%", "5.7%"):
        assert label in text
    assert squash("출처: 소프트웨어정책연구소(SPRi), 「국가별 초거대 AI 모델 발표 수 분석 (2020–2024)」, 2024.") in text
    # The sources list at the end, numbered.
    last = squash(sample["pages"][-1])
    for i, src in enumerate(deck.sources, 1):
        assert squash(f"{i}.{citation(src, True)}") in last
    # A table cell and an FAQ answer.
    assert "GPT-3의6,500배한국어데이터" in text
    faq = next(s for s in deck.sections if s.id == "faq")
    assert squash(faq.slides[0].content.items[0].a) in text


def test_every_page_has_header_and_n_of_N_footer(sample) -> None:
    pages = sample["pages"]
    for n, page in enumerate(pages, 1):
        assert f"- {n} -" in page  # the sample's handout.page_number: "- {n} -", as Korean internal reports
        assert "2024. 12. 2." in page
        assert "초거대 AI 모델 개발 전쟁의 서막" in page


@pytest.mark.parametrize("audience", [None, "policy"])
def test_no_page_is_left_blank(sample, audience) -> None:
    # Regression: a slide title kept with a nested keep-together block once left an empty page.
    if audience:
        plan, fonts = build_plan(SAMPLE, audience)
        pages = pdf_text(render_pdf(plan, fonts))
    else:
        pages = sample["pages"]
    for n, page in enumerate(pages, 1):
        assert len(page.strip().splitlines()) > 3, f"page {n} holds only its header and footer"


def test_contents_page_numbers_point_at_the_headings(sample) -> None:
    deck = sample["deck"]
    with pdfplumber.open(io.BytesIO(sample["pdf"])) as pdf:
        lines = pdf.pages[1].extract_text().splitlines()
        found = {}
        for line in lines:
            m = re.match(r"^(.+?)\s*\.{3,}\s*(\d+)$", line)
            if m:
                found[m.group(1).strip()] = int(m.group(2))
    titles = [f"{label}. {s.title}" for s, label in zip(deck.sections, section_labels(deck))] + ["출처"]
    assert list(found) == titles
    for title, page in found.items():
        # The heading starts a line on that page (and is not on an earlier content page).
        assert any(line.strip() == title for line in sample["pages"][page - 1].splitlines()), (title, page)


def test_cover_shows_title_subtitle_author_and_the_first_chart(sample) -> None:
    cover = sample["pages"][0]
    for piece in ("초거대 AI 모델 개발 전쟁의 서막", "한국의 위치와 소버린 AI 전략", "전략기획팀", "2024. 12. 2.",
                  "초거대 AI 모델 발표 수 (2020–2024)", "128개", "출처:"):
        assert piece in cover


def test_fonts_are_the_decks_embedded_subsets_only(sample) -> None:
    from fontTools.ttLib import TTFont

    fonts = sample["fonts"]
    allowed = set()
    for path in (fonts.fonts.regular, fonts.fonts.bold):
        with TTFont(str(path), lazy=True) as font:
            allowed.add(font["name"].getDebugName(6))  # the PostScript name
    reader = pypdf.PdfReader(io.BytesIO(sample["pdf"]))
    seen = set()
    for num in range(1, reader.trailer["/Size"]):
        try:
            obj = reader.get_object(num)
        except Exception:
            continue
        if isinstance(obj, dict) and obj.get("/Type") == "/Font":
            base = str(obj["/BaseFont"])
            m = re.fullmatch(r"/[A-Z]{6}\+(.+)", base)
            assert m, f"not a subset: {base}"
            assert m.group(1) in allowed, base
            assert "/FontFile2" in obj["/FontDescriptor"], f"not embedded: {base}"
            seen.add(m.group(1))
    assert seen == allowed
    assert b"Helvetica" not in sample["pdf"]


def test_metadata_language_and_dates(sample) -> None:
    reader = pypdf.PdfReader(io.BytesIO(sample["pdf"]))
    meta = reader.metadata
    assert meta.title == "초거대 AI 모델 개발 전쟁의 서막"
    assert meta.author == "전략기획팀"
    assert meta.subject == "한국의 위치와 소버린 AI 전략"
    assert meta.creator == "deckbuild"
    assert reader.trailer["/Root"]["/Lang"] == "ko-KR"
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20241202000000+00'00'"
    assert reader.pages[0].mediabox.width == pytest.approx(595.2756, abs=0.01)  # A4


def test_same_plan_same_bytes_and_dates_follow_the_outline(sample) -> None:
    plan, fonts = sample["plan"], sample["fonts"]
    assert render_pdf(plan, fonts) == sample["pdf"]
    other = render_pdf(*build_plan(SAMPLE, date=dt.date(2025, 3, 4)))
    assert other != sample["pdf"]
    assert pypdf.PdfReader(io.BytesIO(other)).metadata["/CreationDate"] == "D:20250304000000+00'00'"


@pytest.mark.parametrize("paper,size", [("B5", (498.90, 708.66)), ("Letter", (612, 792))])
def test_paper_sizes(sample, paper, size) -> None:
    data = render_pdf(*build_plan(SAMPLE, paper=paper))
    box = pypdf.PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(size, abs=0.01)


def test_without_cover_and_contents_the_first_page_is_section_one(sample) -> None:
    data = render_pdf(*build_plan(SAMPLE, cover=False, contents=False))
    first = pdf_text(data)[0]
    assert "1. 핵심 요약" in first and "목차" not in first


# ---- notes and grid layouts ----------------------------------------------------------------------


def test_audience_grid_header_names_the_audience(sample) -> None:
    plan, fonts = build_plan(SAMPLE, "executive")  # layout grid, 3 per page, with a cover and contents
    data = render_pdf(plan, fonts)
    pages = pdf_text(data)
    assert len(pages) == 2 + math.ceil(len(plan.slides) / 3)
    for page in pages:
        assert "초거대 AI 경쟁과 한국의 전략 · 경영진 10분 보고" in page
    assert "경영진 10분 보고" in pages[0]  # the cover names the audience


@pytest.mark.parametrize("per_page", [2, 3, 4, 6])
def test_grid_pages(sample, per_page) -> None:
    plan, fonts = build_plan(SAMPLE, layout="grid", slides_per_page=per_page, cover=False, contents=False)
    data = render_pdf(plan, fonts)
    assert page_count(data) == math.ceil(len(plan.slides) / per_page)
    # Every slide's title is drawn (in its thumbnail).
    text = squash("".join(pdf_text(data)))
    for slide in plan.slides:
        assert squash(slide.title) in text


def test_grid_of_three_has_ruled_note_lines(sample) -> None:
    plan, fonts = build_plan(SAMPLE, layout="grid", slides_per_page=3, cover=False, contents=False)
    with pdfplumber.open(io.BytesIO(render_pdf(plan, fonts))) as pdf:
        page = pdf.pages[0]
        ruled = [ln for ln in page.lines if abs(ln["linewidth"] - 0.25) < 1e-6 and ln["x0"] > page.width / 2]
    assert len(ruled) >= 3 * 5


def test_notes_layout_keeps_a_very_long_note_whole(tmp_path: Path) -> None:
    words = [f"낱말{i:04d}" for i in range(2500)]
    note = " ".join(words[:1200]) + "\n\n" + " ".join(words[1200:])
    body = textwrap.indent(note, " " * 10)
    path = write_outline(tmp_path, (
        "title: 노트 시험\n"
        "handout: {layout: notes, cover: false}\n"
        "sections:\n"
        "  - id: one\n"
        "    title: 첫 절\n"
        "    slides:\n"
        "      - title: 긴 노트\n"
        "        bullets: [하나]\n"
        "        notes: |\n" + body + "\n"
        "      - title: 짧은 노트\n"
        "        bullets: [둘]\n"
        "        notes: 짧은 노트 끝 문장\n"))
    plan, fonts = build_plan(path)
    data = render_pdf(plan, fonts)
    text = "".join(pdf_text(data))
    missing = [w for w in words if w not in text]
    assert not missing, missing[:5]
    assert "짧은 노트 끝 문장" in text
    assert page_count(data) >= 3  # the note flowed on over pages rather than being cut


# ---- escaping ------------------------------------------------------------------------------------


ESCAPES = """\
    title: "태그 <b>굵게 아님</b> & 그대로"
    subtitle: '부제 <font color="red">빨강</font>'
    date: 2024-12-02
    sources:
      - {id: s, title: "A&B <보고서>", publisher: 기관, year: 2024}
    sections:
      - id: one
        title: "첫 절 <i>기울임 아님</i>"
        summary: "요약 a < b && c > d"
        body: |
          본문 <img src="/etc/passwd"/> 그림 아님 [[[raw]]] 그대로.

          둘째 문단 &amp; 엔티티 아님, **굵게** 그리고 *기울임* 표시.
        slides:
          - title: "슬라이드 <br/> 줄바꿈 아님"
            bullets:
              - '글머리 <a href="x">링크 아님</a>'
              - text: "상위 &lt; 항목"
                bullets: ["하위 <seq/> 항목 [[[x]]]"]
            notes: "노트 <b>태그</b> & 기호"
            handout: "인쇄 전용 <u>밑줄 아님</u> 문장"
          - title: 표
            table:
              columns: ["열 <1>", 값]
              rows: [["A&B", "1,000"], ["<x>", "2"]]
          - title: 질문
            faq: [{q: "질문 <q>?", a: "답 & 답"}]
          - title: 수치
            stat: {value: "<10%", label: "라벨 & 라벨"}
          - title: 인용
            quote: {text: "인용 <quote>", by: "<누구>"}
          - title: 단
            columns:
              - {title: "가 <1>", bullets: ["ㄱ & ㄴ"]}
              - {title: "나 <2>", bullets: ["ㄷ < ㄹ"]}
    """

LITERALS = [
    "태그 <b>굵게 아님</b> & 그대로", '부제 <font color="red">빨강</font>', "첫 절 <i>기울임 아님</i>",
    "요약 a < b && c > d", '본문 <img src="/etc/passwd"/> 그림 아님 [[[raw]]] 그대로.',
    "둘째 문단 &amp; 엔티티 아님, 굵게 그리고 기울임 표시.", "슬라이드 <br/> 줄바꿈 아님", '글머리 <a href="x">링크 아님</a>',
    "상위 &lt; 항목", "하위 <seq/> 항목 [[[x]]]", "인쇄 전용 <u>밑줄 아님</u> 문장", "열 <1>", "A&B", "<x>", "질문 <q>?",
    "답 & 답", "<10%", "라벨 & 라벨", "인용 <quote>", "— <누구>", "가 <1>", "ㄱ & ㄴ", "ㄷ < ㄹ", "기관, 「A&B <보고서>」, 2024.",
]


@pytest.mark.parametrize("handout", ["article", "notes"])
def test_outline_text_prints_literally(tmp_path: Path, handout: str) -> None:
    plan, fonts = build_plan(write_outline(tmp_path, ESCAPES), layout=handout)
    text = squash("".join(pdf_text(render_pdf(plan, fonts))))
    expected = LITERALS if handout == "article" else ["노트 <b>태그</b> & 기호", "태그 <b>굵게 아님</b> & 그대로"]
    for literal in expected:
        assert squash(literal) in text, literal


# ---- draw_slide ----------------------------------------------------------------------------------


def _hand_slide(fonts: FontSet, chart) -> PlanSlide:
    """A slide built by hand: a title line wider than its box (must not be re-wrapped), bullets, a table, a chart."""
    def para(text: str, size: float, width: float, **kw) -> Para:
        lines = wrap(parse_inline(text), width, lambda t, b: fonts.width(t, size, b))
        return Para(tuple(lines), size, Color("#1F2328"), **kw)

    title = para("넓은 제목은 상자보다 길어도 한 줄로 그린다", 32, 5000, bold=True)
    bullets = (para("첫째 **굵게** 항목", 20, 400, level=1, bullet="•", indent=26, hang=22),
               para("둘째 항목", 20, 400, level=1, bullet="•", indent=26, hang=22, space_before=8))
    cells = tuple(tuple(Cell((para(t, 14, 200),)) for t in row)
                  for row in (("열가", "열나"), ("칸하나", "123")))
    navy, zebra, white = Color("#0B3D91"), Color("#F3F5F8"), Color("#FFFFFF")
    return PlanSlide(
        number=7, kind="bullets", title="손", span=Span("x", 1, 1), notes=None,
        boxes=(
            TextBox(43.2, 26, 200, 80, (title,), "title", anchor="b"),
            Rect(43.2, 112, 56, 4, navy),
            TextBox(43.2, 130, 420, 200, bullets, "body"),
            TableBox(43.2, 350, 400, 60, (200, 200), (30, 30), cells, 6, (navy, zebra), white),
            ChartBox(500, 130, 400, 300, chart),
        ),
    )


def test_draw_slide_draws_planned_lines_in_place(sample) -> None:
    fonts = sample["fonts"]
    chart = next(b.spec for s in sample["plan"].slides for b in s.boxes if isinstance(b, ChartBox))
    slide = _hand_slide(fonts, chart)
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=(600, 400), invariant=1)
    SlideDrawer(fonts, 960, 540).draw(canvas, slide, 60, 50, 480)
    canvas.save()
    with pdfplumber.open(io.BytesIO(buf.getvalue())) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        text = page.extract_text()
        chars = page.chars
        rects = page.rects
    title_chars = [c for c in chars if c["size"] == pytest.approx(16, abs=0.1)]  # 32 pt at scale 0.5
    assert "".join(c["text"] for c in title_chars).replace(" ", "") == "넓은제목은상자보다길어도한줄로그린다"
    assert len({round(c["top"], 1) for c in title_chars}) == 1  # one line: never re-wrapped
    assert title_chars[0]["x0"] == pytest.approx(60 + 43.2 * 0.5, abs=0.05)
    for piece in ("첫째", "굵게", "둘째", "칸하나", "123", "128개", "한국"):
        assert piece in text, piece
    # The bullet hangs left of its text, as in the PPTX (indent 26 − hang 22 = 4 pt from the box).
    bullet = next(w for w in words if w["text"].startswith("•"))
    assert bullet["x0"] == pytest.approx(60 + (43.2 + 4) * 0.5, abs=0.2)
    # The hairline border: the thumbnail's frame, 480 × 270.
    assert any(r["width"] == pytest.approx(480) and r["height"] == pytest.approx(270) for r in rects)


# ---- scale ---------------------------------------------------------------------------------------


def test_a_thousand_slides_render_whole(tmp_path: Path) -> None:
    sections = []
    for s in range(100):
        slides = "\n".join(
            f"      - {{title: 슬라이드 {s}-{k}, bullets: [첫째 항목입니다, 둘째 항목입니다], notes: 노트 {s}-{k}}}"
            if k != 4 else f"      - {{title: 차트 {s}-{k}, chart: c}}"
            for k in range(10))
        sections.append(f"  - id: s{s}\n    title: 절 {s}\n    summary: 요약 문장\n    body: 본문 문단입니다.\n    slides:\n{slides}")
    path = tmp_path / "deck" / "big.yaml"
    path.parent.mkdir()
    path.write_text("title: 큰 브리핑\ncharts:\n  c: {kind: column, categories: [가, 나], series: [{name: 값, values: [1, 2]}]}\n"
                    "sections:\n" + "\n".join(sections) + "\n", encoding="utf-8")
    plan, fonts = build_plan(path)
    assert len(plan.slides) >= 1000
    data = render_pdf(plan, fonts)  # its time is measured by bench/run.py, not here
    pages = pdf_text(data)
    assert f"{len(pages)} / {len(pages)}" in pages[-1]
