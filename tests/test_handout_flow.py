"""The handout flows like a document (issue 16, item 5): running headers that never meet, headings
and short lists and a slide's picture kept with what follows, the sources page with its own header
joining the page before when it fits, the slide's print-only text in the notes layout, and numbers
never broken across the handout's lines (read back from the PDF with pdfplumber).
"""

from __future__ import annotations

import shutil

import io
import re
from pathlib import Path

import pdfplumber
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deckbuild.audience import select
from deckbuild.fonts import FontSet
from deckbuild.layout import layout
from deckbuild.render.pdf import render_pdf
from deckbuild.text import number_spans
from deckbuild.validate import load

from conftest import ROOT, SAMPLE
from invariants.strategies import NUMBER, SHORT, TEXT, korean_text

PARTNERS = ROOT / "deck" / "sovereign-ai-partners.yaml"
MARGIN = 20 * 72 / 25.4


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def handout(path: Path, audience: str | None = None) -> tuple[bytes, object]:
    """The handout PDF of the outline at `path` (for `audience`), and the deck it was made from."""
    deck, _ = load(path)
    fonts = FontSet(deck.theme.fonts)
    deck = select(deck, audience)
    return render_pdf(layout(deck, fonts), fonts), deck


def write(tmp: Path, outline: dict, name: str = "t") -> Path:
    path = tmp / "deck" / f"{name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(outline, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def pages(data: bytes) -> list[dict]:
    """Per page: the header's two halves (text, x0, x1), the body's characters and text."""
    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            w, h = float(page.width), float(page.height)
            chars = [c for c in page.chars if c["text"].strip()]
            head = [c for c in chars if c["bottom"] < MARGIN - 10]
            body = [c for c in chars if MARGIN - 10 <= c["top"] and c["bottom"] <= h - MARGIN + 10]
            halves = []
            for side in ([c for c in head if c["x0"] < w / 2], [c for c in head if c["x0"] >= w / 2]):
                side.sort(key=lambda c: c["x0"])
                halves.append(("".join(c["text"] for c in side), min((c["x0"] for c in side), default=None),
                               max((c["x1"] for c in side), default=None)))
            out.append({"w": w, "h": h, "header": halves, "body": body, "text": page.extract_text() or ""})
    return out


def page_of(ps: list[dict], text: str, size: float | None = None) -> list[int]:
    """The pages (1-based) whose body text holds `text` (spaces ignored); with `size`, only text set
    at that size counts (not the same words inside a thumbnail)."""
    def body(p: dict) -> str:
        if size is None:
            return squash(p["text"])
        return "".join(c["text"] for c in sorted(p["body"], key=lambda c: (round(c["top"]), c["x0"]))
                       if abs(c["size"] - size) < 0.2)

    return [n for n, p in enumerate(ps, 1) if squash(text) in body(p)]


# ---- running headers -----------------------------------------------------------------------------


def assert_headers_apart(ps: list[dict], full_left: str) -> None:
    for n, p in enumerate(ps, 1):
        (left, _, l1), (right, r0, _) = p["header"]
        if left and right:
            assert l1 < r0 - 6, f"page {n}: the running headers meet: {left!r} | {right!r}"
        if left and squash(left) != squash(full_left):
            assert left.endswith("…") and squash(full_left).startswith(squash(left[:-1])), f"page {n}: {left!r}"
        if right:
            assert p["header"][1][2] <= p["w"] - MARGIN + 0.5, f"page {n}: the section's header runs past the margin"


def test_the_partners_handouts_running_headers_never_meet() -> None:
    data, deck = handout(PARTNERS, "partners")
    ps = pages(data)
    full = deck.title + " · " + deck.audience.description
    assert_headers_apart(ps, full)
    assert any(p["header"][0][0].endswith("…") for p in ps[4:8]), "pages 5–8: the long title is cut with …"


def test_long_deck_and_section_titles_are_cut_with_an_ellipsis(tmp_path: Path) -> None:
    long_section = "합계출산율 0.72명, 일본(1.20명)·이탈리아(1.24명)보다도 낮은 세계 최저 수준의 인구 위기와 대응"
    outline = {"title": "초저출산 시대의 인구구조 변화와 지역별 대응 전략 2024년 종합 보고서 및 정책 제언",
               "date": "2024-12-02",
               "sections": [{"id": "s", "title": long_section, "body": "본문 " * 400,
                             "slides": [{"title": "합계출산율", "bullets": ["합계출산율 0.72명"]}]}]}
    ps = pages(handout(write(tmp_path, outline))[0])
    assert_headers_apart(ps, outline["title"])
    rights = [p["header"][1][0] for p in ps if p["header"][1][0]]
    assert rights and all(r.endswith("…") for r in rights), rights
    for r in rights:  # cut before a number, never inside one (`(1.…` would misread)
        assert not re.search(r"\d[.,]?…$", r), r


# ---- keep with next ------------------------------------------------------------------------------

FILLER = "초거대 AI 모델 개발 경쟁은 자본과 데이터, 컴퓨팅 인프라를 함께 요구한다."


def pushed(tmp: Path, k: int, items: list[str], kind: str) -> list[dict]:
    slide: dict = {"title": "세 가지 요점", "bullets": items}
    charts = {}
    if kind == "chart":  # a chart with its list after it (the list is not the first block after the title)
        charts = {"c": {"kind": "column", "categories": ["미국", "중국", "한국"], "series": [{"name": "모델", "values": [128, 95, 14]}]}}
        slide["chart"] = "c"
    outline = {"title": "목록 시험", "date": "2024-12-02", "handout": {"cover": False, "contents": False}, "charts": charts,
               "sections": [{"id": "s", "title": "현황", "body": "\n\n".join([FILLER] * k), "slides": [slide]}]}
    return pages(handout(write(tmp, outline, f"{kind}{k}"))[0])


@pytest.mark.parametrize("kind", ["bullets", "chart"])
def test_a_short_list_is_never_split_and_no_page_holds_only_a_heading(tmp_path: Path, kind: str) -> None:
    items = ["첫째 항목 가나다", "둘째 항목 라마바", "셋째 항목 사아자"]
    moved = 0
    for k in range(2, 40):  # the list walks down the first page, across its foot, onto the next
        ps = pushed(tmp_path, k, items, kind)
        where = [page_of(ps, item, 10.5) for item in items]
        assert all(len(w) == 1 for w in where), (k, where)
        assert len({w[0] for w in where}) == 1, f"{k} paragraphs before: the list split {where}"
        first = where[0][0]
        if kind == "bullets":
            heading = page_of(ps, "세 가지 요점", 12)
            assert first in heading, f"{k}: the slide's title left its list behind ({heading} vs {first})"
        moved += first > 1
        for n, p in enumerate(ps, 1):
            sizes = {round(c["size"], 1) for c in p["body"]}
            assert sizes and min(sizes) < 11, f"{k}: page {n} holds only a heading ({p['text'][:60]!r})"
    assert moved, "no layout pushed the list to the next page: the test does not reach the page foot"


def test_a_slides_picture_stays_with_the_start_of_its_notes(tmp_path: Path) -> None:
    slides = [{"title": f"슬라이드 제목 {n}", "bullets": ["요점 하나", "요점 둘"],
               "notes": f"노트{n}시작 " + "발표자가 이 슬라이드에서 설명할 내용이다. " * (3 + 5 * n)} for n in range(1, 8)]
    outline = {"title": "노트 시험", "date": "2024-12-02", "handout": {"layout": "notes", "cover": False, "contents": False},
               "sections": [{"id": "s", "title": "현황", "slides": slides}]}
    ps = pages(handout(write(tmp_path, outline))[0])
    for n in range(1, 8):
        label, start = page_of(ps, f"· 슬라이드 제목 {n}", 12), page_of(ps, f"노트{n}시작", 11)
        assert label and label == start, f"slide {n}: its picture on page {label}, its notes start on {start}"


# ---- the sources page ----------------------------------------------------------------------------


def sourced(tmp: Path, k: int, n_sources: int) -> list[dict]:
    outline = {"title": "출처 시험", "date": "2024-12-02", "handout": {"cover": False, "contents": False},
               "sources": [{"id": f"s{j}", "title": f"참고 자료 {j}호 보고서", "publisher": "연구소", "year": 2024}
                           for j in range(n_sources)],
               "sections": [{"id": "a", "title": "첫 절", "body": "\n\n".join([FILLER] * k),
                             "slides": [{"title": "요점", "bullets": ["하나", "둘"]}]}]}
    return pages(handout(write(tmp, outline, f"src{k}-{n_sources}"))[0])


@pytest.mark.parametrize("n_sources", [2, 30])
def test_the_sources_join_the_page_before_when_they_fit_and_carry_their_own_header(tmp_path: Path, n_sources: int) -> None:
    for k in range(4, 40, 3):
        ps = sourced(tmp_path, k, n_sources)
        start = next(n for n, p in enumerate(ps, 1) if re.search(r"^\s*출처\s*$", p["text"], re.M))
        page = ps[start - 1]
        head = next(c for c in page["body"] if c["text"] == "출" and c["size"] > 15)
        if head["top"] < MARGIN + 30:  # the sources open a page: they did not fit on the one before
            assert page["header"][1][0] == "출처", f"{k}: the sources page's header reads {page['header'][1][0]!r}"
            before = ps[start - 2]
            free = before["h"] - MARGIN - max(c["bottom"] for c in before["body"])
            own = [c for c in page["body"] if c["top"] >= head["top"]]
            needed = max(c["bottom"] for c in own) - head["top"]
            assert free < min(needed, 60 * 72 / 25.4) + 30, \
                f"{k}: {free:.0f} pt left on page {start - 1}, the sources ({needed:.0f} pt) start a page of their own"


# ---- the slide's print-only text -----------------------------------------------------------------


@pytest.mark.parametrize("audience", ["public", None])
def test_the_notes_handout_prints_each_slides_handout_text(tmp_path: Path, audience: str | None) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("  layout: article\n", "  layout: notes\n", 1)
    path = tmp_path / "deck" / "sample.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "data", tmp_path / "data")  # the sample's data files
    data, deck = handout(path, audience)
    assert deck.handout.layout == "notes"
    printed = squash("".join(p["text"] for p in pages(data)))
    wanted = [s.handout for s in deck.slides() if s.handout]
    assert wanted
    for t in wanted:
        assert squash(t) in printed, t


# ---- numbers are words ---------------------------------------------------------------------------


def column_lines(page: dict) -> list[tuple[str, float, float, float]]:
    """The page's lines cut at wide gaps (card and table columns side by side): (text, x0, top, size)."""
    rows: list[list[dict]] = []
    for c in sorted(page["body"], key=lambda c: (round(c["top"]), c["x0"])):
        if rows and abs(rows[-1][0]["top"] - c["top"]) < 1.5:
            rows[-1].append(c)
        else:
            rows.append([c])
    out = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        seg = [row[0]]
        for a, b in zip(row, row[1:]):
            if b["x0"] - a["x1"] > 8:
                out.append(seg)
                seg = []
            seg.append(b)
        out.append(seg)
    lines = []
    for seg in out:
        text = seg[0]["text"]
        for a, b in zip(seg, seg[1:]):
            text += (" " if b["x0"] - a["x1"] > 0.1 * a["size"] else "") + b["text"]
        lines.append((text, seg[0]["x0"], seg[0]["top"], seg[0]["size"]))
    return lines


def split_numbers(ps: list[dict], sources: list[str]) -> list[str]:
    """Every place where one line ends inside a number that the next line finishes."""
    found = []
    for n, page in enumerate(ps, 1):
        lines = column_lines(page)
        for a in lines:
            below = [b for b in lines if 0 < b[2] - a[2] <= 2.4 * a[3] and abs(b[1] - a[1]) < 16 and b[3] == a[3]]
            if not below:
                continue
            b = min(below, key=lambda b: b[2])
            tail, head = a[0].rsplit(" ", 1)[-1], b[0].split(" ", 1)[0]
            word = tail + head
            if not any(word in s for s in sources):
                continue  # the break was at a space of the source
            if any(s < len(tail) < e for s, e in number_spans(word)):
                found.append(f"page {n}: …{tail} / {head}…")
    return found


@st.composite
def prose_outlines(draw) -> dict:
    texts = lambda lo, hi: st.lists(TEXT, min_size=lo, max_size=hi)  # noqa: E731
    cards = draw(st.integers(2, 3))
    cols = draw(st.integers(2, 3))
    rows = draw(st.lists(st.lists(st.one_of(SHORT, NUMBER), min_size=cols, max_size=cols), min_size=2, max_size=5))
    return {
        "title": draw(korean_text(2, 6)), "date": "2024-12-02",
        "handout": {"layout": draw(st.sampled_from(["article", "notes"])), "cover": False, "contents": False},
        "sections": [{"id": "s", "title": draw(SHORT), "body": "\n\n".join(draw(texts(1, 3))), "slides": [
            {"title": draw(SHORT), "bullets": draw(texts(3, 6)), "handout": draw(TEXT), "notes": draw(TEXT)},
            {"title": draw(SHORT), "columns": [{"title": draw(SHORT), "bullets": draw(texts(1, 3))} for _ in range(cards)]},
            {"title": draw(SHORT), "table": {"columns": [f"항목 {j}" for j in range(cols)], "rows": rows}},
            {"title": draw(SHORT), "stat": [{"value": draw(NUMBER), "label": draw(TEXT)} for _ in range(2)]},
        ]}],
    }


def texts_of(outline: dict) -> list[str]:
    out: list[str] = []

    def visit(v) -> None:
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            for x in v.values():
                visit(x)
        elif isinstance(v, list):
            for x in v:
                visit(x)

    visit(outline)
    return out


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(prose_outlines())
def test_no_handout_line_ends_inside_a_number(tmp_path_factory, outline: dict) -> None:
    path = write(tmp_path_factory.mktemp("prose"), outline)
    ps = pages(handout(path)[0])
    found = split_numbers(ps, texts_of(outline))
    assert not found, "\n".join(found[:5])


def test_the_number_check_sees_a_split() -> None:
    """The checker above finds a break inside a number (as reportlab alone made it)."""
    page = {"body": [], "text": ""}
    x = 0.0
    for k, (line, top) in enumerate((("프랑스(1", 100.0), (".68명)을 넘어", 117.0))):
        x = 60.0
        for ch in line:
            page["body"].append({"text": ch, "x0": x, "x1": x + 5, "top": top, "size": 10.5})
            x += 5
    assert split_numbers([page], ["일본(1.30명)·프랑스(1.68명)을 넘어"]) == ["page 1: …프랑스(1 / .68명)을…"]


def test_four_key_figures_with_units_stand_whole_in_the_handout(tmp_path: Path) -> None:
    """Four figures too wide for a row of four cards set `238,343` / `명` in two lines: the handout
    sets them in rows of two, each figure on one line (found looking at a Hanja briefing)."""
    from deckbuild.plan import StatRow
    from deckbuild.plan_handout import LINE_BREAK

    path = tmp_path / "deck" / "t.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump({"title": "지표", "date": "2024-12-02", "sections": [{"id": "a", "title": "현황", "slides": [
        {"title": "핵심 지표", "stat": [{"value": v, "label": "지표"} for v in ("238,343명", "1,734억 달러", "6,500배", "0.72명")]}]}]},
        allow_unicode=True), encoding="utf-8")
    deck, _ = load(path)
    rows = [b for b in layout(deck).handout.blocks if isinstance(b, StatRow)]
    assert rows and all(len(r.items) == 2 for r in rows)
    for row in rows:
        for value, _, _ in row.items:
            assert LINE_BREAK not in value, value
