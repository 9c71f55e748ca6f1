"""The deck in a real client: LibreOffice opens it, draws every slide's text, inside its boxes."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from deckbuild.layout import layout
from deckbuild.plan import ChartBox, TableBox, TextBox
from deckbuild.render.fonts_pptx import embed_fonts
from deckbuild.render.pptx import render_pptx
from deckbuild.validate import load
from deckbuild.write import normalize_zip

from conftest import needs_soffice, soffice_to_pdf

pdfplumber = pytest.importorskip("pdfplumber")

SENTENCES = [
    "초거대 AI 모델 개발에는 천문학적인 자본과 방대한 데이터, 그리고 컴퓨팅 인프라가 필수적입니다",
    "2020년부터 2024년까지 미국은 128개, 중국은 95개, 한국은 14개, 프랑스는 10개의 모델을 발표했습니다",
    "Naver's HyperCLOVA X learned 6,500 times more Korean data than GPT-3 (36.3% of tokens)",
    "LG AI연구원의 엑사원(EXAONE)은 신약·신소재 개발 같은 B2B 영역에서 가치를 입증하고 있습니다",
    "KT의 믿음(Mi:dm)과 SKT의 에이닷(A.)은 기업 고객을 위한 맞춤형 AI 솔루션을 목표로 합니다",
    "과학기술정보통신부는 '독자 AI 파운데이션 모델 개발' 프로젝트로 K-AI 생태계를 넓히고 있습니다",
    "Sovereign AI keeps sensitive data at home and avoids sudden price rises or service shutdowns",
    "법률, 의료, 금융, 제조, 교육 등 특정 산업 분야(도메인)에 최적화된 버티컬 AI 서비스에 집중합니다",
    "✔ 핵심 요약 — 한국어 특화 ➜ 데이터 주권 ➜ AI 주권 확보",
]


def long_outline(tmp: Path) -> Path:
    """~60 slides of long mixed Korean/English/number text: bullets, tables, FAQ, columns."""
    rnd = random.Random(7)
    lines = ["title: 긴 글 시험 — Long text test", "date: 2024-12-02", "sections:"]
    for s in range(12):
        lines += [f"  - id: s{s}", f"    title: 절 {s} — {rnd.choice(SENTENCES)[:20]}", "    slides:"]
        for k in range(4):
            n = rnd.randint(3, 9)
            bullets = ", ".join(f'"{rnd.choice(SENTENCES)} {i}"' for i in range(n))
            lines += [f"      - title: \"{rnd.choice(SENTENCES)[:34]}\"", f"        bullets: [{bullets}]"]
        rows = ", ".join(f'["{rnd.choice(SENTENCES)[:30]}", "{rnd.randint(1, 99999):,}", "{rnd.choice(SENTENCES)[:50]}"]' for _ in range(rnd.randint(4, 14)))
        lines += ["      - title: 표 — table", f"        table: {{columns: [이름, 값, 설명], rows: [{rows}]}}"]
        lines += ["      - title: 질문과 답", "        faq:", *[f'          - {{q: "{rnd.choice(SENTENCES)}?", a: "{rnd.choice(SENTENCES)}. {rnd.choice(SENTENCES)}."}}' for _ in range(3)]]
    path = tmp / "deck" / "long.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def text_boxes(slide):
    for b in slide.boxes:
        if isinstance(b, (TextBox, TableBox, ChartBox)):
            yield b


def assert_inside_boxes(plan, pdf_path: Path) -> None:
    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) == len(plan.slides)
        for page, slide in zip(pdf.pages, plan.slides):
            assert abs(page.width - plan.width) < 1 and abs(page.height - plan.height) < 1
            boxes = list(text_boxes(slide))
            tol = 2.0
            for ch in page.chars:
                if not ch["text"].strip():
                    continue
                inside = any(b.x - tol <= ch["x0"] and ch["x1"] <= b.x + b.w + tol and b.y - tol <= ch["top"] and ch["bottom"] <= b.y + b.h + tol for b in boxes)
                assert inside, f"slide {slide.number} '{slide.title}': {ch['text']!r} at ({ch['x0']:.0f},{ch['top']:.0f}) is outside every box"
            drawn = (page.extract_text() or "").replace(" ", "").replace("\n", "")
            for b in boxes:
                if isinstance(b, TextBox):
                    for p in b.paras:
                        for line in p.lines:
                            assert line.text.replace(" ", "") in drawn, f"slide {slide.number}: {line.text!r} not drawn"


def strays(plan, pdf_path: Path, tol: float = 2.0) -> dict:
    """Characters LibreOffice drew outside every text box of their slide, and off the slide."""
    out = {"outside": 0, "off_slide": 0, "slides": set(), "worst": 0.0}
    with pdfplumber.open(pdf_path) as pdf:
        for page, slide in zip(pdf.pages, plan.slides):
            boxes = list(text_boxes(slide))
            for ch in page.chars:
                if not ch["text"].strip():
                    continue
                over = min((max(b.x - ch["x0"], ch["x1"] - b.x - b.w, b.y - ch["top"], ch["bottom"] - b.y - b.h, 0) for b in boxes), default=99.0)
                if over > tol:
                    out["outside"] += 1
                    out["slides"].add(slide.number)
                    out["worst"] = max(out["worst"], over)
                if ch["x1"] > plan.width + tol or ch["bottom"] > plan.height + tol or ch["x0"] < -tol or ch["top"] < -tol:
                    out["off_slide"] += 1
    return out


def build(outline: Path, tmp: Path):
    deck, _ = load(outline)
    from deckbuild.fonts import FontSet

    fonts = FontSet(deck.theme.fonts)
    plan = layout(deck, fonts)
    pptx = tmp / f"{outline.stem}.pptx"
    pptx.write_bytes(normalize_zip(embed_fonts(render_pptx(plan, fonts), fonts, deck.theme.fonts.embed)[0]))
    return plan, pptx


@needs_soffice
@pytest.mark.slow
def test_sample_opens_and_draws_every_title(sample_build, tmp_path) -> None:
    from conftest import SAMPLE

    plan, pptx = build(SAMPLE, tmp_path)
    pdf = soffice_to_pdf(pptx, tmp_path)
    with pdfplumber.open(pdf) as doc:
        pages = [(p.extract_text() or "").replace(" ", "").replace("\n", "") for p in doc.pages]
    assert len(pages) == len(plan.slides)
    for page, slide in zip(pages, plan.slides):
        assert slide.title.replace(" ", "") in page
    assert_inside_boxes(plan, pdf)


@needs_soffice
@pytest.mark.slow
def test_long_text_never_leaves_its_box(tmp_path) -> None:
    plan, pptx = build(long_outline(tmp_path), tmp_path)
    assert len(plan.slides) >= 60
    assert any(s.continued for s in plan.slides)
    assert_inside_boxes(plan, soffice_to_pdf(pptx, tmp_path))


@needs_soffice
@pytest.mark.slow
def test_long_text_survives_a_reader_without_the_fonts(tmp_path) -> None:
    """LibreOffice 7.4 ignores embedded fonts; with the project's fonts hidden it draws the deck in
    the system's (NanumGothic for Hangul, DejaVu Sans for Latin), wider than Pretendard."""
    plan, pptx = build(long_outline(tmp_path), tmp_path)
    pdf = soffice_to_pdf(pptx, tmp_path, project_fonts=False)
    found = strays(plan, pdf)
    assert found["off_slide"] == 0, found
    assert_inside_boxes(plan, pdf)
