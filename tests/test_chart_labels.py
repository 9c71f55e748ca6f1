"""Chart labels never collide (spec §2; issue 16 item 3): layout places every label of a chart
(layout/labels.py, slice_labels.py) and both renderers draw the plan.

* a property over generated charts (3–12 Korean categories, values with units and decimals, every
  chart kind, labels on): no two texts of a chart overlap in the plan, none leaves the chart, and
  every labelled value is shown or listed under the handout's chart;
* the issue's cases by name: nine columns in `만 명`, a pie's small slices, a stacked bar's small
  segments, the value axis's ticks, `labels: true | share | both`;
* the slides PDF's words (pdfplumber) stand where the plan put them, and the PPTX carries the plan's
  positions (c:dLblPos, manual layouts, c:delete).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deckbuild import model as m
from deckbuild.layout import layout
from deckbuild.layout.labels import overlap
from deckbuild.plan import ChartBlock, ChartBox
from deckbuild.problems import OutlineError
from deckbuild.validate import load

PLACES = ["서울특별시", "경기도", "부산광역시", "경상남도", "인천광역시", "경상북도", "대구광역시", "충청남도", "전라남도",
          "전북특별자치도", "충청북도", "강원특별자치도", "광주광역시", "대전광역시", "울산광역시", "세종특별자치시", "제주특별자치도"]
UNITS = ["만 명", "억 달러", "%", "명", "조 원", "GW", None]
FORMATS = ["0.0", "#,##0", "#,##0.0", "0.00", None]
TOL = 0.05


def _outline(charts: dict, slides: list) -> str:
    return yaml.safe_dump({"title": "레이블 점검", "date": "2024-12-02", "charts": charts,
                           "sections": [{"id": "s", "title": "현황", "slides": slides}]}, allow_unicode=True, sort_keys=False)


def _plan(tmp_path: Path, text: str):
    path = tmp_path / "deck" / "t.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    deck, _ = load(path)
    return layout(deck)


def _specs(plan):
    """(where, spec, w, h) for every chart of the slides and the handout."""
    out = [(f"slide {s.number}", b.spec, b.w, b.h) for s in plan.slides for b in s.boxes if isinstance(b, ChartBox)]
    out += [("handout", b.spec, b.width, b.height) for b in plan.handout.blocks if isinstance(b, ChartBlock)]
    return out


def label_problems(spec, w: float, h: float) -> list[str]:
    """What breaks the rule in one resolved chart: texts overlapping or outside, labels lost."""
    found = []
    boxes = list(spec.text_boxes)
    for role, text, (x0, y0, x1, y1) in boxes:
        if x0 < -TOL or y0 < -TOL or x1 > w + TOL or y1 > h + TOL:
            found.append(f"{role} '{text}' leaves the chart: {(x0, y0, x1, y1)} in {w:.0f}x{h:.0f}")
    for k, (ra, ta, a) in enumerate(boxes):
        for rb, tb, b in boxes[k + 1:]:
            if "category" in (ra, rb) and spec.category_rotation:
                continue  # a turned name's bounds are wider than its line (the spacing is checked below)
            if overlap(a, b, -TOL):
                found.append(f"{ra} '{ta}' overlaps {rb} '{tb}'")
    if spec.category_rotation:  # turned lines a line's height apart, across their slant
        import math

        slot = (spec.plot[2] - spec.plot[0]) / len(spec.categories) * spec.category_step  # thinned: the shown names' pitch
        if slot * math.sin(math.radians(-spec.category_rotation)) < spec.category_size:
            found.append(f"turned category names {slot:.1f} pt apart at {spec.category_size:.1f} pt")
    shown = sum(1 for s in spec.series for lb in (s.labels or ()) if lb is not None)
    if spec.label_kind:
        points = sum(1 for s in spec.series for v in s.values if v is not None and not (spec.circular and v <= 0))
        if spec.stacked:
            points = sum(1 for s in spec.series for v in s.values if v)
        if shown + len(spec.dropped) != points:
            found.append(f"{points} labelled points, {shown} shown and {len(spec.dropped)} listed")
    return found


def _hidden_by_a_line(spec) -> list[str]:
    """A combo's column label that its line runs through, left at its first spot (the label's number
    would read behind the line): the line's segments and markers, rebuilt from the plan. Checked on
    fixed charts only: over generated ones a crossing is the layout's last resort before leaving a
    label out (a line along the axis of columns of nothing crosses every label near the axis)."""
    lines = [s for s in spec.series if s.line]
    if not lines:
        return []
    x0, y0, x1, y1 = spec.plot
    slot = (x1 - x0) / len(spec.categories)

    def y_of(v, secondary):
        sc = spec.scale2 if secondary and spec.scale2 is not None else spec.scale
        return y0 + (v - sc.minimum) * (y1 - y0) / (sc.maximum - sc.minimum)

    segs = []
    for s in lines:
        pts = [None if v is None else (x0 + (i + 0.5) * slot, y_of(v, s.secondary)) for i, v in enumerate(s.values)]
        segs += [(*a, *b) for a, b in zip(pts, pts[1:]) if a and b] + [(*p, *p) for p in pts if p]
    found = []
    for s in spec.series:
        for lb in s.labels or ():
            if lb is not None and not s.line and _through(lb.box, segs) and lb.offset is None and lb.position == "out":
                found.append(f"the line runs through column label '{lb.text}' left at its first spot")
    return found


def _through(box, segs) -> bool:
    bx0, by0, bx1, by1 = box
    for ax, ay, bx, by in segs:
        for k in range(21):  # a sampled segment: independent of the layout's clipping code
            x, y = ax + (bx - ax) * k / 20, ay + (by - ay) * k / 20
            if bx0 + TOL < x < bx1 - TOL and by0 + TOL < y < by1 - TOL:
                return True
    return False


def _kinds() -> list[str]:
    return [k.value for k in m.ChartType]


@st.composite
def charts(draw):
    kind = draw(st.sampled_from(_kinds()))
    n = draw(st.integers(3, 12))
    cats = draw(st.permutations(PLACES))[:n]
    parts = m.ChartType(kind).circular
    n_series = 1 if parts else draw(st.integers(1, 3))
    if kind == "combo":
        n_series = max(2, n_series)
    unit = draw(st.sampled_from(UNITS))
    fmt = draw(st.sampled_from(FORMATS))
    big = draw(st.sampled_from([1, 10, 1000, 100000]))
    series = []
    for k in range(n_series):
        values = draw(st.lists(st.floats(0.0 if parts or m.ChartType(kind).stacked else -0.3 * big, big,
                                         allow_nan=False).map(lambda v: round(v, 1)), min_size=n, max_size=n))
        if parts and not any(values):
            values[0] = 1.0
        s = {"name": f"{2021 + k}년", "values": values}
        if kind == "combo":
            s["kind"] = "column" if k == 0 else "line"
        series.append(s)
    labels = True
    if m.ChartType(kind).parts:
        labels = draw(st.sampled_from([True, "share", "both"]))
    chart = {"kind": kind, "categories": cats, "series": series, "labels": labels}
    if unit:
        chart["unit"] = unit
    if fmt:
        chart["number_format"] = fmt
    beside = draw(st.booleans())
    return chart, beside


@settings(max_examples=int(os.environ.get("LABEL_EXAMPLES", 40)), derandomize=not os.environ.get("LABEL_EXAMPLES"), deadline=None, suppress_health_check=list(HealthCheck))
@given(charts())
def test_generated_charts_keep_their_labels_apart_inside_and_in_the_text(tmp_path_factory, drawn) -> None:
    chart, beside = drawn
    slide = {"title": "지역별 현황", "chart": "c"}
    if beside:
        slide["bullets"] = ["서울 27.2만 명", "전라남도 18.7만 명"]
    tmp = tmp_path_factory.mktemp("g")
    try:
        plan = _plan(tmp, _outline({"c": chart}, [slide]))
    except OutlineError as e:  # a chart the outline format refuses is not this test's business
        pytest.skip(str(e.problems[0].message))
    specs = _specs(plan)
    assert specs
    for where, spec, w, h in specs:
        assert not label_problems(spec, w, h), (where, label_problems(spec, w, h))
    # Every labelled value is in the handout's text: drawn on its chart, or listed under it.
    for b in plan.handout.blocks:
        if isinstance(b, ChartBlock) and b.spec.dropped:
            line = "".join(r.text for r in b.omitted).replace("\n", " ")  # set in lines: a break stands for a space
            assert all(f"{name} {text}" in line for name, text in b.spec.dropped)


# --- the issue's cases ---------------------------------------------------------------------------

NINE = {"kind": "column", "categories": PLACES[:9], "series": [{"name": "인구", "values": [27.2, 26.1, 24.9, 23.8, 22.5, 21.9, 20.4, 19.8, 18.7]}],
        "unit": "만 명", "number_format": "0.0", "labels": True}
PIE = {"kind": "pie", "categories": ["서울", "경기", "부산", "세종", "제주"],
       "series": [{"name": "비중", "values": [48.0, 45.0, 4.0, 1.6, 2.4]}], "labels": True}
SMALL_SLICES = dict(PIE, categories=["서울", "경기", "부산", "세종", "제주", "대구", "광주"],
                    series=[{"name": "비중", "values": [88.0, 4.0, 1.6, 2.4, 1.0, 1.5, 1.5]}])
STACK = {"kind": "stacked-bar", "categories": ["2020년", "2021년", "2022년", "2023년"],
         "series": [{"name": "인건비", "values": [120.5, 130.2, 141.8, 150.3]}, {"name": "운영비", "values": [3.2, 2.8, 45.1, 50.2]},
                    {"name": "사업비", "values": [1.1, 60.4, 0.9, 70.8]}], "unit": "억 원", "number_format": "0.0", "labels": True}


def _one(tmp_path, chart, beside=True):
    slide = {"title": "현황", "chart": "c"}
    if beside:
        slide["bullets"] = ["서울 27.2만 명", "전라남도 18.7만 명"]
    plan = _plan(tmp_path, _outline({"c": chart}, [slide]))
    (where, spec, w, h), *_ = _specs(plan)
    return plan, spec, w, h


def test_nine_columns_in_man_myeong_neither_run_together_nor_leave_the_plot(tmp_path) -> None:
    plan, spec, w, h = _one(tmp_path, NINE)
    assert label_problems(spec, w, h) == []
    texts = [lb.text for lb in spec.series[0].labels]
    assert texts[:3] == ["27.2만 명", "26.1만 명", "24.9만 명"] and None not in spec.series[0].labels
    boxes = [lb.box for lb in spec.series[0].labels]
    assert all(a[2] <= b[0] or a[3] <= b[1] or b[3] <= a[1] for a, b in zip(boxes, boxes[1:]))
    assert spec.label_size >= 10 and not plan.warnings


def test_small_pie_slices_labels_stand_apart_with_leader_lines(tmp_path) -> None:
    plan, spec, w, h = _one(tmp_path, SMALL_SLICES, beside=False)
    assert label_problems(spec, w, h) == []
    labels = spec.series[0].labels
    assert [lb.text for lb in labels] == ["88", "4", "1.6", "2.4", "1", "1.5", "1.5"]  # labels: true = the values
    assert any(lb.leader for lb in labels)  # moved beside the pie, tied to its slice
    assert not spec.dropped


def test_the_issue_pie_keeps_1_6_and_2_4_apart(tmp_path) -> None:
    _, spec, w, h = _one(tmp_path, PIE, beside=False)
    assert label_problems(spec, w, h) == []
    boxes = {lb.text: lb.box for lb in spec.series[0].labels}
    assert not overlap(boxes["1.6"], boxes["2.4"])


def test_a_stacked_bars_small_segments_are_warned_of_and_listed(tmp_path) -> None:
    plan, spec, w, h = _one(tmp_path, STACK, beside=False)
    assert label_problems(spec, w, h) == []
    assert [n for n, _ in spec.dropped][:2] == ["운영비 · 2020년", "운영비 · 2021년"]
    warns = [p for p in plan.warnings if p.code == "labels-dropped"]
    assert len(warns) == 1 and warns[0].path == "charts.c.labels"
    assert f"{len(spec.dropped)} of 12 labels left out (운영비 · 2020년, 운영비 · 2021년" in warns[0].message
    (block,) = [b for b in plan.handout.blocks if isinstance(b, ChartBlock)]
    line = "".join(r.text for r in block.omitted)
    assert line.startswith("차트에 표시하지 않은 값: ") and "운영비 · 2020년 3.2억 원" in line


def test_one_warning_per_chart_used_twice(tmp_path) -> None:
    plan = _plan(tmp_path, _outline({"c": STACK}, [{"title": "가", "chart": "c"}, {"title": "나", "chart": "c"}]))
    assert len([p for p in plan.warnings if p.code == "labels-dropped"]) == 1


def test_value_axis_ticks_stand_apart(tmp_path) -> None:
    """FINDINGS F5: `20000.00억 달러` ticks over each other: a coarser step instead."""
    chart = {"kind": "bar", "categories": ["미국", "중국", "일본"], "series": [{"name": "수출액", "values": [35918.2, 96057.0, 53959.1]}],
             "unit": "억 달러", "number_format": "0.00"}
    _, spec, w, h = _one(tmp_path, chart)
    assert label_problems(spec, w, h) == []
    assert len(spec.ticks) >= 2


def test_pie_labels_true_print_values_with_the_unit_not_shares(tmp_path) -> None:
    chart = {"kind": "pie", "categories": ["미국", "중국", "일본"], "series": [{"name": "수출", "values": [882.9, 412.3, 59.2]}],
             "unit": "억 달러", "number_format": "#,##0.0", "labels": True}
    _, spec, _, _ = _one(tmp_path, chart, beside=False)
    assert [lb.text for lb in spec.series[0].labels] == ["882.9억 달러", "412.3억 달러", "59.2억 달러"]
    _, spec, _, _ = _one(tmp_path / "b", dict(chart, labels="both"), beside=False)
    assert spec.series[0].labels[0].text == "882.9억 달러 (65%)"
    _, spec, _, _ = _one(tmp_path / "s", dict(chart, labels="share"), beside=False)
    assert spec.series[0].labels[0].text == "65.2%"


@pytest.mark.parametrize("labels", ["share", "both"])
def test_share_and_both_only_on_parts_of_a_whole(tmp_path, labels) -> None:
    with pytest.raises(OutlineError) as e:
        _one(tmp_path, dict(NINE, labels=labels))
    (p,) = [p for p in e.value.problems if p.level == "error"]
    assert p.code == "labels-share" and p.path == "charts.c.labels" and "labels: true" in p.message


# --- the renderers follow the plan ---------------------------------------------------------------


def _build(tmp_path: Path, chart, *formats: str):
    from deckbuild.build import render

    text = _outline({"c": chart}, [{"title": "현황", "chart": "c", "bullets": ["서울 27.2만 명", "전라남도 18.7만 명"]}])
    path = tmp_path / "deck" / "t.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    deck, _ = load(path)
    from deckbuild.fonts import FontSet

    fonts = FontSet(deck.theme.fonts)
    plan = layout(deck, fonts)
    return plan, {f: render(f, deck, plan, fonts) for f in formats}


def test_slides_pdf_words_stand_where_the_plan_put_the_labels(tmp_path) -> None:
    import pdfplumber

    plan, files = _build(tmp_path, NINE, "slides", "pdf")
    slide = plan.slides[1]
    (box,) = [b for b in slide.boxes if isinstance(b, ChartBox)]
    spec = box.spec
    with pdfplumber.open(io.BytesIO(files["slides"])) as pdf:
        page = pdf.pages[1]
        scale = page.width / plan.width
        for lb in spec.series[0].labels:
            hits = page.search(re.escape(lb.text))
            want_x = (box.x + (lb.box[0] + lb.box[2]) / 2) * scale
            want_base = (box.y + box.h - lb.y) * scale
            near = [m for m in hits if abs((m["x0"] + m["x1"]) / 2 - want_x) < 1.5 and abs(m["bottom"] - want_base) < 0.5 * lb.size]
            assert near, (lb.text, want_x, want_base, [(m["x0"], m["bottom"]) for m in hits])
            word_w = near[0]["x1"] - near[0]["x0"]
            assert word_w <= (lb.box[2] - lb.box[0]) * scale + 0.5  # the plan's box holds the drawn word
        words = [w for w in page.extract_words() if "만" in w["text"]]
        for k, a in enumerate(words):  # no two label words drawn over each other
            for b in words[k + 1:]:
                assert not (a["x0"] < b["x1"] - 0.5 and b["x0"] < a["x1"] - 0.5 and a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5)
    with pdfplumber.open(io.BytesIO(files["pdf"])) as pdf:  # the handout's text carries every value
        text = "".join((p.extract_text() or "") for p in pdf.pages).replace(" ", "").replace("\n", "")
    for s in NINE["series"]:
        for v in s["values"]:
            assert f"{v:.1f}만명" in text


def test_a_combo_line_never_runs_through_a_column_label_where_the_label_can_move(tmp_path) -> None:
    """The sample's exports chart: 2021's line point (25.7 %) sat on the column's label (6,444억 달러)."""
    chart = {"kind": "combo", "categories": ["2019", "2020", "2021", "2022", "2023", "2024"], "labels": True,
             "series": [{"name": "수출액", "kind": "column", "unit": "억 달러", "number_format": "#,##0",
                         "values": [5422, 5125, 6444, 6836, 6322, 6838]},
                        {"name": "증가율", "kind": "line", "axis": "secondary", "unit": "%", "number_format": "0.0;△0.0",
                         "values": [-10.4, -5.5, 25.7, 6.1, -7.5, 8.2]}],
             "axis": {"min": 0}}
    plan = _plan(tmp_path, _outline({"c": chart}, [{"title": "수출", "chart": "c"}]))
    for where, spec, w, h in _specs(plan):
        assert _hidden_by_a_line(spec) == [], where
        assert label_problems(spec, w, h) == [], where


def test_pptx_writes_the_plans_positions(tmp_path) -> None:
    from lxml import etree

    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    plan, files = _build(tmp_path, STACK, "pptx")
    (box,) = [b for s in plan.slides for b in s.boxes if isinstance(b, ChartBox)]
    with zipfile.ZipFile(io.BytesIO(files["pptx"])) as z:
        root = etree.fromstring(z.read(next(n for n in z.namelist() if n.startswith("ppt/charts/chart"))))
    for ser, s in zip(root.iter(f"{c}ser"), box.spec.series):
        dl = ser.find(f"{c}dLbls")
        deleted = {int(d.find(f"{c}idx").get("val")) for d in dl.findall(f"{c}dLbl") if d.find(f"{c}delete") is not None}
        assert deleted == {i for i, lb in enumerate(s.labels) if lb is None}
        assert dl.find(f"{c}dLblPos").get("val") == "ctr"
    plan, files = _build(tmp_path / "p", SMALL_SLICES, "pptx")
    (box,) = [b for s in plan.slides for b in s.boxes if isinstance(b, ChartBox)]
    with zipfile.ZipFile(io.BytesIO(files["pptx"])) as z:
        root = etree.fromstring(z.read(next(n for n in z.namelist() if n.startswith("ppt/charts/chart"))))
    moved = {i for i, lb in enumerate(box.spec.series[0].labels) if lb is not None and lb.offset}
    manual = {int(d.find(f"{c}idx").get("val")) for d in root.iter(f"{c}dLbl") if d.find(f"{c}layout/{c}manualLayout") is not None}
    assert moved and manual == moved
    assert root.find(f".//{c}dLbls/{c}showLeaderLines").get("val") == "1"


GPT_CATEGORY = {"kind": "line", "categories": ["GPT-4o 대만(7.72년)·미국(+0.07명)은"] + [f"{y}년" for y in range(2019, 2028)],
                "series": [{"name": "수출액", "values": [35.2, 96.0, 53.9, 12.0, 35.2, 96.0, 53.9, 12.0, 1, 2]}]}


def _numbers_whole(name: str, lines: tuple[str, ...]) -> bool:
    """Each number of `name` (sign, separators, unit, brackets: text.number_spans) on one line."""
    from deckbuild.text import number_spans

    return all(any(name[a:b] in line for line in lines) for a, b in number_spans(name))


def test_a_category_name_never_breaks_inside_its_number(tmp_path) -> None:
    """FINDINGS F14: `…(+0.07` / `명)은` under a narrow column: the number stays whole on its line."""
    plan = _plan(tmp_path, _outline({"c": GPT_CATEGORY}, [{"title": "추이", "chart": "c", "bullets": ["합계출산율 0.72명", "출생아 수 238,343명"]}]))
    for where, spec, w, h in _specs(plan):
        assert label_problems(spec, w, h) == [], where
        name, lines = spec.categories[0], spec.category_lines[0]
        assert lines and _numbers_whole(name, lines), (where, lines)
        assert not spec.categories_dropped


def test_a_number_wider_than_its_column_is_left_out_never_split(tmp_path) -> None:
    """A number alone wider than its column at the floor: its line may reach over a neighbour's room
    where that neighbour's line leaves it; else the name is left out, with one warning."""
    names = [f"(+{k},234,567.89명)" for k in range(1, 11)]
    chart = {"kind": "column", "categories": names, "series": [{"name": "수출액", "values": list(range(1, 11))}]}
    plan = _plan(tmp_path, _outline({"c": chart}, [{"title": "추이", "chart": "c", "bullets": ["합계출산율 0.72명"]}]))
    (where, spec, w, h), *_ = _specs(plan)
    assert label_problems(spec, w, h) == []
    assert spec.categories_dropped and len(spec.categories_dropped) < len(names)
    assert all(lines == () if name in spec.categories_dropped else lines == (name,)
               for name, lines in zip(names, spec.category_lines))
    (warn,) = [p for p in plan.warnings if p.code == "categories-dropped"]
    assert warn.path == "charts.c.categories" and f"{len(spec.categories_dropped)} of 10 category names" in warn.message


def test_a_category_left_out_of_the_handouts_chart_is_printed_under_it(tmp_path) -> None:
    names = [f"(+{k},234,567.89명)" for k in range(1, 11)]
    chart = {"kind": "column", "categories": names, "series": [{"name": "수출액", "values": list(range(1, 11))}]}
    plan = _plan(tmp_path, _outline({"c": chart}, [{"title": "추이", "chart": "c"}]))
    (block,) = [b for b in plan.handout.blocks if isinstance(b, ChartBlock)]
    assert block.spec.categories_dropped
    line = " ".join("".join(r.text for r in block.omitted).split())
    assert "차트에 표시하지 않은 항목: " in line and all(n in line for n in block.spec.categories_dropped)


@pytest.mark.parametrize("kind", ["pie", "doughnut"])
def test_a_pie_with_a_gap_builds(tmp_path, kind: str) -> None:
    """Found by the random corpus (run 3): a pie with a null value crashed in slice_angles."""
    chart = {"kind": kind, "labels": True, "categories": ["(+239곳)으로", "추정", "격차보다 인도(0.86억)으로"],
             "series": [{"name": "인구", "values": [None, 0.0, 90.4]}]}
    plan = _plan(tmp_path, _outline({"c": chart}, [{"title": "반도체", "chart": "c"}]))
    for where, spec, w, h in _specs(plan):
        assert label_problems(spec, w, h) == [], where
