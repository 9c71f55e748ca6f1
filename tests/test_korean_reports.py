"""Korean report conventions (issue 19), read back from the outputs: report markers with their hanging
indent, the key message, the classification, appendices (붙임 N), dates and citations by language,
speaker notes kept out of a handout, page-number patterns, and `--handout` on the command line."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from pptx import Presentation
from pptx.util import Emu

from conftest import SAMPLE, run_cli

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

KOREAN = """\
title: 보고서
date: 2024-12-02
language: {language}
classification: 대외비
footer: 전략기획팀
theme: {{bullets: ["□", "○", "-", "·"]}}
handout: {{page_number: "- {{n}} -"}}
sources:
  - {{id: spri, title: 초거대 AI 모델 동향, publisher: 소프트웨어정책연구소(SPRi), year: 2024}}
charts:
  c:
    kind: column
    categories: [가, 나]
    series: [{{name: 값, values: [1, 2]}}]
    source: spri
sections:
  - id: extra
    title: 모델 목록
    appendix: true
    divider: true
    slides:
      - title: 모델 표
        table: {{columns: [모델, 기업], rows: [[하이퍼클로바X, 네이버]]}}
  - id: body
    title: 본문
    slides:
      - title: 세계 3위, 그러나 넘어야 할 산
        message: 한국은 3위, 그러나 격차는 크다
        bullets:
          - text: 이것은 상당히 긴 첫 번째 요점으로서 한 줄에 다 들어가지 않아 다음 줄로 이어지는지 확인하기 위해 일부러 길게 쓴 문장입니다
            bullets: [세부 내용, {{text: 더 깊은 내용, bullets: [가장 깊은 내용]}}]
          - 두 번째 요점
        notes: 발표자만 보는 메모입니다
        handout: 인쇄본에만 들어가는 설명
      - title: 차트
        chart: c
  - id: second
    title: 둘째 본문
    slides:
      - {{title: 마무리, bullets: [끝]}}
"""


def build(tmp_path: Path, text: str, *args: str) -> Path:
    deck = tmp_path / "deck" / "r.yaml"
    deck.parent.mkdir(exist_ok=True)
    deck.write_text(textwrap.dedent(text), encoding="utf-8")
    out = tmp_path / "out"
    r = run_cli("build", str(deck), "-o", str(out), *args)
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture(scope="module")
def korean(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("ko"), KOREAN.format(language="ko-KR"), "-f", "pptx", "-f", "pdf", "-f", "slides")


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("en"), KOREAN.format(language="en-GB"), "-f", "pptx", "-f", "pdf")


def texts(slide) -> list[str]:
    return [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame]


def test_markers_by_level_with_a_hanging_indent_in_the_pptx(korean: Path) -> None:
    prs = Presentation(korean / "r.pptx")
    slide = next(s for s in prs.slides if any("세계 3위" in t for t in texts(s)))
    found = {}
    for p in slide.shapes._spTree.iter(f"{A}p"):
        ppr = p.find(f"{A}pPr")
        bu = ppr.find(f"{A}buChar") if ppr is not None else None
        if bu is None:
            continue
        text = "".join(t.text for t in p.iter(f"{A}t"))
        found[text] = (bu.get("char"), int(ppr.get("marL")), -int(ppr.get("indent")))
    long = next(k for k in found if k.startswith("이것은"))
    assert found[long][0] == "□"
    assert found["세부 내용"][0] == "○" and found["가장 깊은 내용"][0] == "-"
    # The hang holds the marker: the text (marL) starts a marker's width and a third of an em after it.
    for char, mar_l, hang in found.values():
        assert 0 < hang < mar_l
    # Each level starts further in than the one above it.
    assert found[long][1] < found["세부 내용"][1] < found["가장 깊은 내용"][1]


def _line_starts(pdf: Path, page_no: int) -> list[tuple[float, str]]:
    """(x of the first character, the line's text) for each text line of a page."""
    with pdfplumber.open(pdf) as doc:
        words = doc.pages[page_no].extract_words(keep_blank_chars=True, use_text_flow=True)
    lines: dict[int, list] = {}
    for w in words:
        lines.setdefault(round(w["top"]), []).append(w)
    return [(min(w["x0"] for w in ws), " ".join(w["text"] for w in sorted(ws, key=lambda w: w["x0"]))) for _, ws in sorted(lines.items())]


@pytest.mark.parametrize("name", ["r.slides.pdf", "r.pdf"])
def test_pdf_lines_start_with_the_markers_and_continue_under_the_text(korean: Path, name: str) -> None:
    pdf = korean / name
    with pdfplumber.open(pdf) as doc:
        page_no = next(i for i, p in enumerate(doc.pages) if "이것은" in (p.extract_text() or ""))
        chars = doc.pages[page_no].chars
    box = next(c for c in chars if c["text"] == "□")
    first = next(c for c in chars if c["text"] == "이" and abs(c["top"] - box["top"]) < 4 and c["x0"] > box["x0"])
    # the continuation: the first character of the next line of the same bullet (one line height lower)
    size = first["size"]
    nxt = min(c["x0"] for c in chars if size * 0.9 < c["top"] - first["top"] < size * 1.9)
    assert first["x0"] > box["x1"]  # the text after its marker
    assert abs(nxt - first["x0"]) < 1.0, (nxt, first["x0"])  # … and the next line under the text, not the marker
    assert any(c["text"] == "○" for c in chars)


def test_the_key_message_sits_below_the_title_and_reaches_the_handout(korean: Path) -> None:
    prs = Presentation(korean / "r.pptx")
    slide = next(s for s in prs.slides if any("세계 3위" in t for t in texts(s)))
    shapes = {sh.text_frame.text: sh for sh in slide.shapes if sh.has_text_frame}
    title = shapes["세계 3위, 그러나 넘어야 할 산"]
    message = shapes["한국은 3위, 그러나 격차는 크다"]
    body = next(sh for t, sh in shapes.items() if t.startswith("이것은"))
    assert title.top + title.height <= message.top < message.top + message.height <= body.top
    text = "".join(p.extract_text() for p in pypdf.PdfReader(korean / "r.pdf").pages)
    assert "한국은 3위, 그러나 격차는 크다" in text


def test_classification_on_every_slide_and_page_and_in_the_keywords(korean: Path) -> None:
    prs = Presentation(korean / "r.pptx")
    for slide in prs.slides:
        marks = [sh for sh in slide.shapes if sh.has_text_frame and sh.text_frame.text == "대외비"]
        assert marks, f"slide {prs.slides.index(slide) + 1} lacks the classification"
        assert marks[0].left + marks[0].width > Emu(prs.slide_width) * 0.8 and marks[0].top < Emu(prs.slide_height) * 0.1
    assert "대외비" in prs.core_properties.keywords
    reader = pypdf.PdfReader(korean / "r.pdf")
    for page in reader.pages:
        assert "대외비" in page.extract_text()
    assert "대외비" in reader.metadata["/Keywords"]


def test_appendices_come_last_numbered_in_deck_contents_and_bookmarks(korean: Path) -> None:
    prs = Presentation(korean / "r.pptx")
    slides = [" ".join(texts(s)) for s in prs.slides]
    appendix = [i for i, t in enumerate(slides) if "붙임 1" in t]
    body = [i for i, t in enumerate(slides) if "마무리" in t]
    assert appendix and body and min(appendix) > max(body)  # after the body, though written first
    reader = pypdf.PdfReader(korean / "r.pdf")
    contents = next(p.extract_text() for p in reader.pages if "목차" in p.extract_text())
    assert contents.index("1. 본문") < contents.index("2. 둘째 본문") < contents.index("붙임 1. 모델 목록")
    assert [o.title for o in reader.outline if not isinstance(o, list)][-2:] == ["붙임 1. 모델 목록", "출처"]


def test_korean_dates_citations_and_page_numbers(korean: Path) -> None:
    reader = pypdf.PdfReader(korean / "r.pdf")
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "2024. 12. 2." in text and "2024-12-02" not in text
    assert "소프트웨어정책연구소(SPRi), 「초거대 AI 모델 동향」, 2024." in text
    assert "출처: 소프트웨어정책연구소(SPRi)" in text
    assert [f"- {n} -" in p.extract_text() for n, p in enumerate(reader.pages, 1)] == [True] * len(reader.pages)
    prs = Presentation(korean / "r.pptx")
    assert "2024. 12. 2." in " ".join(texts(prs.slides[0]))
    assert any("전략기획팀" in t for s in prs.slides for t in texts(s))  # the footer line


def test_an_outline_in_english_keeps_the_international_forms(english: Path) -> None:
    reader = pypdf.PdfReader(english / "r.pdf")
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "2024-12-02" in text and "2024. 12. 2." not in text
    assert "소프트웨어정책연구소(SPRi), 초거대 AI 모델 동향 (2024)" in text and "「" not in text
    assert "Contents" in text and "Appendix 1. 모델 목록" in text and "Source: " in text
    slides = [" ".join(texts(s)) for s in Presentation(english / "r.pptx").slides]
    assert any("Appendix 1" in t for t in slides) and any(t.startswith("Sources") or " Sources" in t for t in slides)


def test_handout_notes_false_keeps_speaker_notes_out_but_print_text_in(tmp_path: Path) -> None:
    text = KOREAN.format(language="ko-KR").replace('handout: {page_number: "- {n} -"}',
                                                   'handout: {page_number: "{n}쪽", layout: notes, notes: false}')
    out = build(tmp_path, text, "-f", "pdf", "-f", "pptx")
    pdf = "\n".join(p.extract_text() for p in pypdf.PdfReader(out / "r.pdf").pages)
    assert "발표자만 보는 메모입니다" not in pdf
    assert "1쪽" in pdf
    prs = Presentation(out / "r.pptx")  # the deck keeps its notes
    assert any(s.has_notes_slide and "발표자만 보는" in s.notes_slide.notes_text_frame.text for s in prs.slides)


def test_the_sample_public_handout_has_no_speaker_notes(tmp_path: Path) -> None:
    from deckbuild.validate import load

    r = run_cli("build", str(SAMPLE), "-a", "public", "-f", "pdf", "-o", str(tmp_path))
    assert r.returncode == 0, r.stderr
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(tmp_path / "sovereign-ai.public.pdf").pages))
    deck, _ = load(SAMPLE)
    notes = [s.notes for s in deck.slides() if s.notes]
    assert notes and not any(re.sub(r"\s+", "", n)[:30] in text for n in notes)


def test_handout_option_overrides_the_layout(tmp_path: Path) -> None:
    out = build(tmp_path, KOREAN.format(language="ko-KR"), "-f", "pdf", "--handout", "grid")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(out / "r.pdf").pages)
    assert "인쇄본에만 들어가는 설명" not in text  # the grid prints no prose; the article would
    r = run_cli("build", "--handout", "poster", str(SAMPLE), "-o", str(tmp_path))
    assert r.returncode == 2 and "poster" in r.stderr


@pytest.mark.parametrize("template", [None, "korean.pptx", "lo-focus.pptx", "lo-portfolio.pptx", "coreoz-fr-4x3.pptx"])
def test_logo_and_classification_overlap_nothing(tmp_path: Path, template: str | None) -> None:
    """The logo (with its alt text) and the classification on every slide, clear of every other box."""
    import shutil

    from PIL import Image

    from deckbuild.layout import layout
    from deckbuild.plan import ImageBox, Rect, TextBox
    from deckbuild.validate import load

    (tmp_path / "assets").mkdir()
    Image.new("RGB", (300, 100), "#0B3D91").save(tmp_path / "assets" / "logo.png")
    text = KOREAN.format(language="ko-KR").replace("footer: 전략기획팀", "footer: 전략기획팀\nlogo: {path: assets/logo.png, alt: 기관 로고}")
    if template:
        shutil.copy(Path(__file__).parent / "templates" / template, tmp_path / "assets" / template)
        text = text.replace("theme: {", f"theme: {{template: assets/{template}, ")
    deck_path = tmp_path / "deck" / "r.yaml"
    deck_path.parent.mkdir()
    deck_path.write_text(text, encoding="utf-8")
    deck, _ = load(deck_path)
    plan = layout(deck)
    logos = 0
    for s in plan.slides:
        marks = [b for b in s.boxes if isinstance(b, TextBox) and b.role == "classification"]
        assert marks and marks[0].paras[0].text == "대외비", s.number
        mine = marks + [b for b in s.boxes if isinstance(b, ImageBox) and b.alt == "기관 로고"]
        logos += len(mine) - 1
        others = [b for b in s.boxes if b not in mine and not (isinstance(b, Rect) and b.role in ("classification-frame", "side-bar"))
                  and not (isinstance(b, TextBox) and not b.paras)]
        for m in mine:
            for o in others:
                inner = (o.text_x, o.text_top(), o.text_w, o.text_height) if isinstance(o, TextBox) else (o.x, o.y, o.w, o.h)
                overlap = (m.x < inner[0] + inner[2] and inner[0] < m.x + m.w and m.y < inner[1] + inner[3] and inner[1] < m.y + m.h)
                assert not overlap, (s.number, s.kind, getattr(m, "role", "logo"), getattr(o, "role", type(o).__name__))
    assert logos > 0 if template is None else True  # deckbuild's own grid always has room for the logo


def test_a_message_gives_way_to_content_that_fills_its_slide(tmp_path: Path) -> None:
    """Columns that fill a template's slide at the floor leave no room for the key message's band:
    the slide is built without it, with a warning (found by the invariant corpus)."""
    import shutil

    import io

    from deckbuild.fonts import FontSet
    from deckbuild.layout import layout
    from deckbuild.render.pdf import render_pdf
    from deckbuild.validate import load

    text = textwrap.dedent("""\
        title: 제목
        theme: {template: lo-midnightblue.pptx}
        sections:
        - id: a
          title: 가
          slides:
          - title: Sovereign AI 공급의
            message: 핵심 메시지 한 줄
            columns:
            - title: 민간은 GPT-4o 상승보다 수출621곳
              bullets:
              - 연구개발의 NVIDIA 싱가포르(0.44조)보다도 수출보다도 독일(3.85GW)·중국(1,000원)·캐나다(+9.99GW)에서 △258,774조 원 기업이 -0.51배에 일자리1,350TWh 영국(-13.3억)을 수출이 예산△0.19% 3,747위는 예산 -775조 원보다
              - 전망보다 99999명까지 99999명을 HBM
              - GPT-4o 민간을 +0.03까지 부문보다도 +0.0%에서 전년+0.59원 대만(3.7TWh)의 인구-258원 GDP 238,343명을
              - IMF 비수도권은 4.25위 (△0.01개) 싱가포르(-5.12TWh)으로 미국(△78조)·한국(0.54위)·대만(335TWh)에 △177원은 기록보다도 이탈리아(5.7원)·일본(+0.08kg)에 +0.0% 수출5.92조 1.30명으로 GDP 비수도권
            - title: 일자리0.98만
              bullets:
              - Sovereign AI GDP 수요 R&D 인도(-2.41%p)·대만(224조)에 발표로
              - 전망의 대만(+1.21억) 일자리 Sovereign AI 민간으로 정부의 프랑스(△127개)까지 중국(37.1GW)·싱가포르(0.14만)·프랑스(+1,000조) +457조 명 프랑스(-13.8TWh)은 반도체2.61곳 반도체를 잠정치로 ChatGPT
        """)
    (tmp_path / "deck").mkdir()
    shutil.copy(Path(__file__).parent / "templates" / "lo-midnightblue.pptx", tmp_path / "deck")
    (tmp_path / "deck" / "m.yaml").write_text(text, encoding="utf-8")
    deck, _ = load(tmp_path / "deck" / "m.yaml")
    plan = layout(deck)
    assert [w.path for w in plan.warnings if w.code == "message-dropped"] == ["sections[0].slides[0].message"]
    assert not any(getattr(b, "role", "") == "message" for b in plan.slides[1].boxes)
    assert "핵심 메시지 한 줄" in "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(render_pdf(plan, FontSet(deck.theme.fonts)))).pages)
