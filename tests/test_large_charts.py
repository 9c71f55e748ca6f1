"""Large charts (issue 21 item 4): a daily series of thousands of categories is a legitimate chart.
Where a category's slot is narrower than a line of text at the floor size, the names are thinned —
every k-th shown whole, the rest left out with the chart's one warning — and so are the data labels
(more than can possibly stand: every step-th category's tried, the rest left out at once). Both
outputs show the plan's thinning: the PDF draws only the plan's lines, the PPTX's category axis
skips as many (c:tickLblSkip = k; PowerPoint follows it, LibreOffice thins by its own measure).

Behaviour, not timing (`bench/large_chart.py` measures the time).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from lxml import etree

from deckbuild.layout.categories import fit_categories
from deckbuild.plan import ChartBlock, ChartBox

from test_chart_labels import _outline, _specs, label_problems

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
N = 2000
DAYS = [(dt.date(2000, 1, 1) + dt.timedelta(days=i)).isoformat() for i in range(N)]


def _chart(kind: str = "column", series: int = 2, labels: bool = True, n: int = N) -> dict:
    days = DAYS if n <= N else [(dt.date(2000, 1, 1) + dt.timedelta(days=i)).isoformat() for i in range(n)]
    return {"kind": kind, "categories": days[:n], "labels": labels,
            "series": [{"name": f"지표{k + 1}", "values": [100 + (i * (7 + 3 * k)) % 97 + 0.5 * k for i in range(n)]}
                       for k in range(series)]}


def _build(tmp_path, chart: dict, *formats: str):
    from deckbuild.build import render
    from deckbuild.fonts import FontSet
    from deckbuild.layout import layout
    from deckbuild.validate import load

    path = tmp_path / "deck" / "t.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_outline({"c": chart}, [{"title": "일별 추이", "chart": "c"}]), encoding="utf-8")
    deck, _ = load(path)
    fonts = FontSet(deck.theme.fonts)
    plan = layout(deck, fonts)
    return plan, {f: render(f, deck, plan, fonts) for f in formats}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("large"), _chart(), "pptx")


def test_thinned_names_are_every_kth_and_whole(built) -> None:
    plan, _ = built
    specs = _specs(plan)
    assert len(specs) >= 2  # the slide's and the handout's
    for where, spec, w, h in specs:
        k = spec.category_step
        assert 1 < k < N, where
        shown = [i for i, lines in enumerate(spec.category_lines) if lines]
        assert shown == list(range(0, N, k)), where  # every k-th, from the first
        assert all(spec.category_lines[i] == (DAYS[i],) for i in shown), where  # whole names, one line each
        assert label_problems(spec, w, h) == [], where  # nothing overlaps or leaves the chart


def test_data_labels_beyond_room_are_left_out_at_once_and_listed_briefly(built) -> None:
    plan, _ = built
    for where, spec, w, h in _specs(plan):
        shown = sum(1 for s in spec.series for lb in s.labels if lb is not None)
        assert 0 < shown < 200 and shown + len(spec.dropped) == 2 * N, where
    (block, *_) = [b for b in plan.handout.blocks if isinstance(b, ChartBlock)]
    line = "".join(r.text for r in block.omitted).replace("\n", " ")
    assert line.startswith("차트에 표시하지 않은 값: ") and line.endswith(f"외 {len(block.spec.dropped) - 40:,}개")


def test_one_warning_names_the_left_out_categories_and_labels(built) -> None:
    plan, _ = built
    (warn,) = [p for p in plan.warnings if p.code == "labels-dropped"]
    (spec, *_) = [b.spec for s in plan.slides for b in s.boxes if isinstance(b, ChartBox)]
    k = spec.category_step
    left = N - len(range(0, N, k))
    assert f"{left} of {N} category names left out ({DAYS[1]}, {DAYS[2]}, {DAYS[3]}, …; one in every {k} shown)" in warn.message
    assert f"{len(spec.dropped)} of {2 * N} labels left out (지표1 · " in warn.message


def test_the_pptx_skips_as_many_names_and_writes_only_the_shown_labels(built) -> None:
    plan, files = built
    (spec, *_) = [b.spec for s in plan.slides for b in s.boxes if isinstance(b, ChartBox)]
    with zipfile.ZipFile(io.BytesIO(files["pptx"])) as z:
        root = etree.fromstring(z.read(next(n for n in z.namelist() if n.startswith("ppt/charts/chart"))))
    assert root.find(f".//{C}catAx/{C}tickLblSkip").get("val") == str(spec.category_step)
    for ser, s in zip(root.iter(f"{C}ser"), spec.series):
        dl = ser.find(f"{C}dLbls")
        assert dl.find(f"{C}showVal").get("val") == "0"  # most left out: the series shows none …
        own = {int(d.find(f"{C}idx").get("val")): d for d in dl.findall(f"{C}dLbl")}
        assert set(own) == {i for i, lb in enumerate(s.labels) if lb is not None}  # … each shown label its own
        assert all(d.find(f"{C}showVal").get("val") == "1" for d in own.values())


def test_the_pdf_draws_only_the_shown_names(built) -> None:
    from reportlab.graphics.shapes import String

    from deckbuild.render.charts_pdf import chart_drawing

    def walk(d):
        for x in getattr(d, "contents", ()):
            yield x
            yield from walk(x)

    plan, _ = built
    for where, spec, w, h in _specs(plan):
        drawn = {x.text for x in walk(chart_drawing(spec, w, h, font="Helvetica")) if isinstance(x, String)}
        assert {d for d in DAYS if d in drawn} == {DAYS[i] for i in range(0, N, spec.category_step)}, where


def test_a_line_with_labels_thins_them_inside_the_chart(tmp_path) -> None:
    plan, _ = _build(tmp_path, _chart("line", 2, n=4000))  # a label's spot beyond the last point (was a crash)
    for where, spec, w, h in _specs(plan):
        assert spec.category_step > 1 and spec.dropped and label_problems(spec, w, h) == [], where


def test_a_line_without_labels_and_bars_thin_too(tmp_path) -> None:
    plan, _ = _build(tmp_path, _chart("line", 1, labels=False))
    (warn,) = [p for p in plan.warnings if p.code == "labels-dropped"]
    assert warn.path == "charts.c.categories" and "category names left out" in warn.message and "labels left out" not in warn.message
    plan, _ = _build(tmp_path / "bars", _chart("bar", 1, labels=False, n=400))
    for where, spec, w, h in _specs(plan):
        assert spec.category_step > 1 and label_problems(spec, w, h) == [], where


def test_a_slot_wide_enough_thins_nothing() -> None:
    measure = lambda t, s: 0.55 * s * len(t)  # noqa: E731
    cats = fit_categories(DAYS[:12], 60.0, 14, measure, horizontal=False, room=0)
    assert cats.step == 1 and all(cats.lines)
    # The same names in slots a tenth as wide: every k-th, the least k whose pitch holds a name level
    # (turned they would reach past the chart's left edge here).
    cats = fit_categories(DAYS[:120], 6.0, 14, measure, horizontal=False, room=0, left=0)
    k = cats.step
    assert cats.size == 10 and cats.rotation == 0 and [bool(ls) for ls in cats.lines] == [i % k == 0 for i in range(120)]
    assert k * 6.0 - 3 >= measure(DAYS[0], 10) > (k - 1) * 6.0 - 3
