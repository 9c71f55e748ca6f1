"""The fit ladder (issue 16, spec §2 "Sizes by role"): content a person would write always builds,
every size is a step of its role's scale, and no two boxes of a slide overlap."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deckbuild.layout import layout
from deckbuild.layout.scale import SIZES, TypeScale
from deckbuild.plan import Rect, TableBox, TextBox
from deckbuild.validate import load

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "tests" / "templates"
KOREAN_FIGURES = ["238,343명", "1,734억 달러", "6,500배", "0.72명"]
TITLE_40 = "초거대 AI 모델 개발 경쟁 속에서 한국의 위치와 소버린 AI 전략의 방향"  # 40 characters
SCALE = TypeScale()


def build_plan(slides: list[dict], template: Path | None = None, **top):
    with tempfile.TemporaryDirectory() as d:
        theme = {}
        if template is not None:
            shutil.copy(template, Path(d) / template.name)
            theme = {"theme": {"template": template.name}}
        data = {"title": "시험", "date": "2024-12-02", **theme, "sections": [{"id": "s", "title": "절", "slides": slides}], **top}
        p = Path(d) / "t.yaml"
        p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        deck, _ = load(p)
        return layout(deck)


def tiny_title_template(folder: Path) -> Path:
    """korean.pptx with every title box holding one line of 12 characters at 24 pt."""
    from pptx import Presentation
    from pptx.util import Pt

    prs = Presentation(str(TEMPLATES / "korean.pptx"))
    for master in prs.slide_masters:
        for owner in [master, *master.slide_layouts]:
            for ph in owner.placeholders:
                if ph.placeholder_format.type in (1, 3):  # title, centred title
                    ph.width, ph.height = Pt(12 * 24 + 14.4), Pt(24 * 1.2 + 9.2)
    out = folder / "tiny-title.pptx"
    prs.save(str(out))
    return out


def text_boxes(slide, role: str | None = None) -> list[TextBox]:
    return [b for b in slide.boxes if isinstance(b, TextBox) and (role is None or b.role == role)]


def sizes(slide, role: str) -> set[float]:
    return {p.size for b in text_boxes(slide, role) for p in b.paras}


def assert_no_overlap(slide) -> None:
    """No two content boxes of a slide overlap (a card's own text box lies inside its card)."""
    boxes = [b for b in slide.boxes if isinstance(b, (TextBox, TableBox)) and getattr(b, "role", "table") not in ("number", "date")]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = a.x + a.w <= b.x + 0.01 or b.x + b.w <= a.x + 0.01 or a.y + a.h <= b.y + 0.01 or b.y + b.h <= a.y + 0.01
            assert apart, (slide.title, a, b)
    cards = [b for b in slide.boxes if isinstance(b, Rect) and b.role == "card"]
    for i, a in enumerate(cards):
        for b in cards[i + 1:]:
            assert a.x + a.w <= b.x + 0.01 or b.x + b.w <= a.x + 0.01 or a.y + a.h <= b.y + 0.01 or b.y + b.h <= a.y + 0.01


def test_four_korean_key_figures_build_in_two_rows_at_one_size() -> None:
    stats = [{"value": v, "label": f"지표 {i}"} for i, v in enumerate(KOREAN_FIGURES)]
    plan = build_plan([{"title": "숫자로 보는 저출생", "stat": stats}])
    (slide,) = [s for s in plan.slides if s.kind == "stat"]
    boxes = text_boxes(slide, "stat")
    values = [b.paras[0] for b in boxes]
    assert [p.text for p in values] == KOREAN_FIGURES  # every figure whole, on one line
    assert len({p.size for p in values}) == 1 and len({b.paras[1].size for b in boxes}) == 1  # the row reads as one
    assert values[0].size >= 44 and SCALE.is_step("figure", values[0].size)
    assert SCALE.is_step("figure_label", boxes[0].paras[1].size)
    assert len({b.y for b in boxes}) == 2 and len({b.x for b in boxes}) == 2  # two rows of two
    assert_no_overlap(slide)


def test_a_40_character_title_builds_in_a_tiny_title_box(tmp_path) -> None:
    plan = build_plan([{"title": TITLE_40, "bullets": ["하나", "둘", "셋"]}], tiny_title_template(tmp_path))
    slide = plan.slides[1]
    (title,) = text_boxes(slide, "title")
    (p,) = title.paras
    assert p.size in (24, 20, 18) and len(p.lines) <= 3
    assert title.text_height <= title.h + 0.01
    body = text_boxes(slide, "body")[0]
    assert title.y + title.h <= body.y + 0.01  # grown within its layout, above the content
    warned = [w for w in plan.warnings if w.code == "title-shrunk"]
    assert warned and warned[0].path == "sections[0].slides[0].title"


def test_a_40_character_title_builds_in_the_french_4x3_template() -> None:
    plan = build_plan([{"title": TITLE_40, "bullets": ["하나", "둘"]}, {"title": TITLE_40, "stat": {"value": "6,500배", "label": "증가"}}],
                      TEMPLATES / "coreoz-fr-4x3.pptx")
    for slide in plan.slides[1:]:
        (title,) = text_boxes(slide, "title")
        assert title.paras[0].size >= 18 and title.text_height <= title.h + 0.01
        assert_no_overlap(slide)


def test_twelve_bullets_are_on_the_body_scale() -> None:
    plan = build_plan([{"title": "열두 요점", "bullets": [f"요점 {i}: 합계출산율 0.72명" for i in range(12)]}])
    for s in plan.slides[1:]:
        assert all(SCALE.is_step("body", x) for x in sizes(s, "body")), sizes(s, "body")


def test_a_table_and_a_list_of_similar_density_share_a_step() -> None:
    rows = [["합계출산율", "0.78명", "0.72명"], ["출생아 수", "249,186명", "230,028명"], ["혼인 건수", "191,690건", "193,657건"],
            ["사교육비", "26조 원", "27조 원"]]
    bullets = ["합계출산율 0.78명에서 0.72명", "출생아 수 249,186명에서 230,028명", "혼인 건수 191,690건에서 193,657건", "사교육비 26조 원에서 27조 원"]
    plan = build_plan([{"title": "표", "table": {"columns": ["지표", "2022", "2023"], "rows": rows}},
                       {"title": "목록", "bullets": bullets},
                       {"title": "카드", "columns": [{"title": "2022", "bullets": bullets[:2]}, {"title": "2023", "bullets": bullets[2:]}]},
                       {"title": "질문", "faq": [{"q": "출생아 수는?", "a": "230,028명"}, {"q": "합계출산율은?", "a": "0.72명"}]}])
    table = [b for b in plan.slides[1].boxes if isinstance(b, TableBox)][0]
    cell = table.rows[1][0].paras[0].size
    assert cell == min(sizes(plan.slides[2], "body"))
    for s in plan.slides[1:]:
        assert_no_overlap(s)
    body_sizes = {cell} | sizes(plan.slides[2], "body") | sizes(plan.slides[3], "column") | sizes(plan.slides[4], "faq")
    assert all(SCALE.is_step("body", x) for x in body_sizes), body_sizes


def test_short_content_is_composed_not_stranded_at_the_top() -> None:
    plan = build_plan([{"title": "짧은 목록", "bullets": ["하나", "둘", "셋"]}])
    body = text_boxes(plan.slides[1], "body")[0]
    assert body.paras[0].size == SIZES.body[0]
    assert body.y > 130 + 20  # below the top of the content area, at its optical centre


def test_the_scale_scales_with_the_slide() -> None:
    small = TypeScale(720, 405)
    assert small.steps("body") == (18, 15, 13.5, 12, 10.5)
    assert TypeScale(720, 540).steps("body") == SIZES.body  # a 4:3 slide of 540 pt keeps the table
    assert small.below("body", 18, 1) == 15 and small.below("body", 10.5, 3) == 10.5


FIGURE = st.builds(
    lambda n, dec, unit: (f"{n:,}" if not dec else f"{n / 100:,.2f}") + unit,
    st.integers(min_value=0, max_value=9_999_999), st.booleans(),
    st.sampled_from(["명", "배", "%", "억 달러", "조 원", "만 명", "건", "개", "위"]),
)
LABEL = st.sampled_from(["2023년 합계출산율", "출생아 수", "누적 저출생 예산 (2006–2023)", "혼인 건수", "OECD 평균 대비", "청년 고용률"])
SENTENCE = st.lists(st.one_of(FIGURE, st.sampled_from(["합계출산율", "출생아", "수도권", "집중", "OECD", "최저", "예산", "증가"])),
                    min_size=1, max_size=14).map(" ".join)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries({"value": FIGURE, "label": LABEL}), min_size=1, max_size=4),
       st.lists(SENTENCE, min_size=1, max_size=12))
def test_realistic_rows_and_lists_never_refuse_and_stay_on_the_scale(stats, bullets) -> None:
    plan = build_plan([{"title": "숫자", "stat": stats}, {"title": "목록", "bullets": bullets}])  # never raises
    stat = plan.slides[1]
    boxes = text_boxes(stat, "stat")
    assert {b.paras[0].text for b in boxes} == {s["value"] for s in stats}  # each value whole, on one line
    assert len({b.paras[0].size for b in boxes}) == 1 and all(SCALE.is_step("figure", b.paras[0].size) for b in boxes)
    assert all(SCALE.is_step("figure_label", p.size) for b in boxes for p in b.paras[1:])
    for s in plan.slides[1:]:
        assert_no_overlap(s)
        for b in text_boxes(s, "body"):
            assert all(SCALE.is_step("body", p.size) for p in b.paras)
            assert b.text_height <= b.h + 0.01
        for t in text_boxes(s, "title"):
            assert SCALE.is_step("title", t.paras[0].size)


def test_long_columns_continue_side_by_side() -> None:
    long = [f"요점 {i}: 싱가포르(△0.62곳)·인도(65년)·이탈리아(+0.17원)의 비교" for i in range(14)]
    cols = [{"title": "가", "bullets": long}, {"title": "나", "bullets": long[:3]}, {"title": "다", "bullets": long[:5]}]
    plan = build_plan([{"title": "비교", "columns": cols}])
    pages = [s for s in plan.slides if s.kind == "columns"]
    assert len(pages) > 1 and all(s.continued for s in pages[1:])
    got = [p.text.replace("\n", "").replace(" ", "") for s in pages for b in text_boxes(s, "column")[:1] for p in b.paras[1:]]
    assert got == [x.replace(" ", "") for x in long]  # the first column's bullets, in order, over the slides
    assert len({p.size for s in pages for b in text_boxes(s, "column") for p in b.paras[1:]}) == 1
    for s in pages:
        assert_no_overlap(s)


def test_nine_labelled_categories_build() -> None:
    cats = ["서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기"]
    chart = {"kind": "column", "categories": cats, "series": [{"name": "출생아", "values": [27.2, 26.1, 24.9, 13.0, 7.1, 7.4, 5.5, 3.1, 69.0]}],
             "unit": "만 명", "labels": True}
    plan = build_plan([{"title": "지역별", "chart": "c"}], charts={"c": chart})
    assert [s.kind for s in plan.slides] == ["title", "chart"]


def test_found_key_figures_in_a_small_content_box_continue_rather_than_refuse() -> None:
    """Found by the invariant corpus: four figures with long labels in LibreOffice's Midnightblue
    (a small content box) were refused at the label floor; they now continue on (계속) slides."""
    stats = [{"value": "238,343명", "label": "합계출산율의 연속 하락 이후 최저", "detail": "0.75만 달러보다 독일(△0.11GW)까지"},
             {"value": "△640.8원", "label": "1,734억 달러를 발표한 지역의 평균"},
             {"value": "1,734억 달러", "label": "반도체 수출액 증가율 12.5% 기록"},
             {"value": "6,500배", "label": "GPT-3 대비 한국어 학습 데이터의 규모"}]
    plan = build_plan([{"title": "238,343명이 일자리 최저105.9년 99999명 청년 지역의 지역보", "stat": stats}],
                      TEMPLATES / "lo-midnightblue.pptx")
    shown = " ".join(line.text for s in plan.slides for b in text_boxes(s) for p in b.paras for line in p.lines)
    for st in stats:
        assert st["value"].replace(" ", "") in shown.replace(" ", "")
    for slide in plan.slides[1:]:
        assert_no_overlap(slide)
