"""The findings of the invariant corpus (tests/invariants/FINDINGS.md), each as the case that showed it
and its neighbours, built through the whole pipeline (`invariants.checks.build`) and held to the
corpus's own rules (`check`) and to what the finding was about."""

from __future__ import annotations

import pytest
import yaml

from deckbuild.plan import Color
from invariants.checks import build, check
from invariants.corpus import FOUND

LONG = "합계출산율 0.72명, 일본(1.30명)·이탈리아(1.25명)·프랑스(1.68명)보다도 낮아 OECD 최저 수준"
TEXT = "출생아 수는 238,343명으로 전년보다 7.7% 줄었고 합계출산율은 0.72명으로 OECD 최저입니다"


def _outline(slides: list[dict], template: str | None = None, **top) -> dict:
    out = {"title": "저출산 현황", "date": "2024-12-02",
           "charts": {"c": {"kind": "stacked-bar", "categories": ["이탈리아", "2022년", "미국"], "labels": True,
                            "series": [{"name": "일자리", "values": [21.3, 25.7, 11.9]}]}},
           "sections": [{"id": "s", "title": "현황", "slides": slides}], "handout": {"layout": "article"}} | top
    if template:
        out["theme"] = {"template": template}
    return out


def _broken(outline: dict, *rules: str) -> dict[str, list[str]]:
    built = build(outline)
    found = check(built)
    return {r: found[r] for r in ("builds", *rules) if found[r]}


# ---- F10: content under a template's date and slide-number placeholders -----------------------

KINDS = {
    "chart": {"chart": "c"},
    "chart-bullets": {"chart": "c", "bullets": [TEXT, "합계출산율 0.72명"]},
    "bullets": {"bullets": [TEXT] * 5},
    "faq": {"faq": [{"q": "왜 줄었나요?", "a": TEXT}] * 3},
    "columns": {"columns": [{"title": "한국", "bullets": [TEXT] * 3}, {"title": "일본", "bullets": [TEXT] * 3}]},
    "image": {"image": {"path": "pic.png", "alt": "그림", "caption": TEXT}},
    "table": {"table": {"columns": ["지역", "2023년 (명)"], "rows": [[f"지역{i}", f"{i},234"] for i in range(7)]}},
    "quote": {"quote": {"text": TEXT, "by": "통계청"}},
}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("template", ["lo-vivid.pptx", "lo-portfolio.pptx"])
def test_content_keeps_clear_of_the_layouts_date_and_number(kind: str, template: str) -> None:
    """FINDINGS F10: lo-vivid's body placeholders reach down over its date and number; content stops above them."""
    built = build(_outline([{"title": "현황", **KINDS[kind]}], template))
    found = check(built)
    assert not found["builds"] and not found["boxes_apart"] and not found["glyphs_apart"], found
    for slide in built.plan.slides:
        feet = [b.y for b in slide.boxes if getattr(b, "role", None) in ("date", "number", "footer")]
        for b in slide.boxes:
            if getattr(b, "role", None) not in ("date", "number", "footer", "title", "subtitle", None) or type(b).__name__ != "TextBox":
                assert not feet or b.y + b.h <= min(feet) + 0.5, (slide.number, getattr(b, "role", type(b).__name__), b.y + b.h, feet)


def test_the_finding_f10_outline() -> None:
    assert _broken(_outline([{"title": "인구", "chart": "c"}], "lo-vivid.pptx"), "boxes_apart", "glyphs_apart") == {}


# ---- F11: the quote mark under a title of two or three lines ----------------------------------


@pytest.mark.parametrize("title", ["부문△3.57달러 477만 명에 -898원보다 -139 톤을 데이터센터로", LONG, LONG + " " + LONG[:30]])
@pytest.mark.parametrize("template", [None, "lo-portfolio.pptx", "lo-vivid.pptx", "coreoz-fr-4x3.pptx"])
def test_the_quote_mark_stands_under_the_titles_text(title: str, template: str | None) -> None:
    built = build(_outline([{"title": title, "quote": {"text": TEXT}}], template))
    assert not check(built)["boxes_apart"]
    (slide,) = [s for s in built.plan.slides if s.kind == "quote"]
    (t,) = [b for b in slide.boxes if getattr(b, "role", None) == "title"]
    (mark,) = [b for b in slide.boxes if getattr(b, "role", None) == "quote-mark"]
    assert mark.text_top() >= t.text_top() + t.text_height, (mark.y, t.text_top() + t.text_height)


# ---- F12: a long subtitle on the title slide ----------------------------------------------------

F12 = ("캐나다(+5.4달러)으로 -33,007kg보다도 중국(12,097kg)·일본(20.2%)까지 1.30명의 +0.0%으로 238,343명 정부에 청년+23만 "
       "합계출산율△124.6조 싱가포르(0.43만)·일본(-5,590,234%)·이탈리아(+0.01%)은 OECD GPU 상승+0.6위 (+1.63명)이 +0.32건은 잠정치△154.4명")


@pytest.mark.parametrize(("template", "repeat"), [(t, r) for t in (None, "lo-vivid.pptx", "lo-portfolio.pptx") for r in (1, 3, 6)]
                         + [("coreoz-fr-4x3.pptx", 1)])
def test_a_long_subtitle_steps_down_then_grows_never_leaves_its_box(repeat: int, template: str | None) -> None:
    """FINDINGS F12: 208 pt of subtitle in a 190 pt box, no step: it steps down the cover's ladder
    (24 pt …), and on deckbuild's own slide takes the room above it the title's text leaves."""
    built = build(_outline([{"title": "현황", "bullets": ["합계출산율 0.72명"]}], template, subtitle=" ".join([F12] * repeat),
                           author="통계청 인구동향과"))
    found = check(built)
    assert not found["builds"] and not found["inside"] and not found["boxes_apart"] and not found["text_present"], found
    (sub,) = [b for b in built.plan.slides[0].boxes if getattr(b, "role", None) == "subtitle"]
    assert sub.paras[0].size <= 24


@pytest.mark.parametrize(("template", "repeat"), [(None, 14), ("coreoz-fr-4x3.pptx", 3)])
def test_a_subtitle_no_step_can_hold_is_an_error_naming_it(template: str | None, repeat: int) -> None:
    """A subtitle of pages is refused with its place (a template's title layout raised an uncaught Unfit)."""
    built = build(_outline([{"title": "현황", "bullets": ["합계출산율 0.72명"]}], template, subtitle=" ".join([F12] * repeat)))
    assert built.error and "subtitle" in built.error and "item-too-big" not in built.error and "Traceback" not in built.error


# ---- F16: a 60-character title with four numbers in lo-sunset's narrow title box -------------------

F16 = "LLM 1.30명을 한국(0.50%p)·이탈리아(1,000%p)·중국(△93,751,643년)보다 OECD"


@pytest.mark.parametrize("template", ["lo-sunset.pptx", "coreoz-fr-4x3.pptx", "lo-vivid.pptx", None])
@pytest.mark.parametrize("kind", ["bullets", "chart", "table"])
def test_a_long_title_takes_four_lines_before_a_refusal(template: str | None, kind: str) -> None:
    """FINDINGS F16: refused at 15 pt in three lines; the ladder's last rung sets it in four lines at
    the floor, its box grown into the content area (a `title-shrunk` warning), the content below it."""
    built = build(_outline([{"title": F16, **KINDS[kind]}], template))
    found = check(built)
    assert not found["builds"] and not found["inside"] and not found["boxes_apart"] and not found["text_present"], found
    (slide,) = [s for s in built.plan.slides if s.title == F16]
    (t,) = [b for b in slide.boxes if getattr(b, "role", None) == "title"]
    assert len(t.paras[0].lines) <= 4 and t.text_height <= t.h + 0.01
    below = [b for b in slide.boxes if type(b).__name__ in ("ChartBox", "TableBox") or getattr(b, "role", None) == "body"]
    assert below and all(b.y >= t.y + t.h - 0.01 for b in below), [(b.y, t.y + t.h) for b in below]


def test_a_title_no_step_can_hold_is_refused_naming_four_lines() -> None:
    built = build(_outline([{"title": " ".join([F16] * 3), "bullets": ["합계출산율 0.72명"]}], "lo-sunset.pptx"))
    assert built.error and "does not fit in four lines" in built.error and "slides[0].title" in built.error
    # Once, even where the slide's content continues (run 8: its `(계속)` slide's title was refused too).
    long_ = build(_outline([{"title": " ".join([F16] * 3), "bullets": [{"text": LONG, "bullets": [LONG] * 3}] * 6}], "lo-sunset.pptx"))
    assert long_.error.count("slides[0].title:") == 1, long_.error


# ---- F15: a pie's legend on a short chart --------------------------------------------------------

F15_NAMES = ["2022년", "영국", "정부에 일본(6.20명)을 R&D", "2016년", "합계출산율", "정부보다 AI 인구로", "2028년", "인도", "싱가포르",
             "투자의", "반도체", "+0.0%"]
F15_VALUES = [42.6, 53.8, 25.6, 17.2, 62.1, 76.9, 17.2, 83.8, 64.1, 16.4, 54.3, 0.0]


def _pie(labels, n: int = 12, kind: str = "pie") -> dict:
    chart = {"kind": kind, "categories": F15_NAMES[:n], "series": [{"name": "HBM", "values": F15_VALUES[:n]}],
             "unit": "만 명", "number_format": "#,##0"} | ({"highlight": ["반도체"]} if n > 10 else {})
    return chart | ({"labels": labels} if labels else {})


def _resolved(tmp_path, chart: dict, w: float, h: float, fs: float = 14.0):
    """`chart` resolved in a w × h box at `fs`, measured as a slide measures it."""
    from deckbuild.fonts import FontSet
    from deckbuild.layout import charts
    from deckbuild.layout.measure import chart_faces
    from deckbuild.validate import load

    path = tmp_path / "deck" / "t.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(_outline([{"title": "현황", "chart": "p"}], charts={"p": chart}), allow_unicode=True), "utf-8")
    deck, _ = load(path)
    fonts = FontSet(deck.theme.fonts)
    (model,) = [c for c in (deck.charts.values() if isinstance(deck.charts, dict) else deck.charts) if c.id == "p"]
    face, bold = chart_faces(fonts, model)
    measure = lambda t, s: sum(face.char_width(ch) for ch in t) * s  # noqa: E731
    palette = {"text": Color("#222222"), "muted": Color("#666666"), "primary": Color("#0B3D91"), "accent": Color("#C0392B")}
    return charts.resolve(model, w, h, font_size=fs, palette=palette, face=face, bold_face=bold, measure=measure,
                          fit=lambda t, s: max(measure(t, s), fonts.fit_width(t, s)))


def _legend_inside(spec) -> None:
    w, h = spec.size
    for role, text, (x0, y0, x1, y1) in spec.text_boxes:
        assert x0 >= -0.5 and y0 >= -0.5 and x1 <= w + 0.5 and y1 <= h + 0.5, (role, text, (x0, y0, x1, y1), (w, h))


def test_the_finding_f15_outline() -> None:
    """The pie's legend ran below a 100-odd pt chart and off the slide; it stands under the pie now,
    stepped down to fit, in the PPTX (its native legend at the bottom, at the plan's size) too."""
    import io
    import zipfile

    outline = yaml.safe_load((FOUND / "pie-legend-off-a-short-chart.yaml").read_text(encoding="utf-8"))
    outline["date"] = str(outline["date"])
    built = build(outline)
    assert _broken(outline, "inside", "glyphs_apart", "boxes_apart") == {}
    (spec,) = [b.spec for s in built.plan.slides for b in s.boxes if type(b).__name__ == "ChartBox"]
    _legend_inside(spec)
    assert spec.legend and spec.legend_pos == "bottom" and spec.legend_size < spec.font_size
    with zipfile.ZipFile(io.BytesIO(built.files["pptx"])) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("ppt/charts/chart"))
    assert '<c:legendPos val="b"/>' in xml and f'sz="{round(spec.legend_size * 100)}"' in xml


def test_a_shorter_f15_chart_leaves_the_legend_out_and_names_its_slices_in_the_deck_too() -> None:
    """With a key message the chart is 84 pt high: under the pie the legend would leave it a sliver,
    so there is none, and each label carries its slice's name (the PPTX writes the plan's texts)."""
    import io
    import zipfile

    outline = yaml.safe_load((FOUND / "pie-legend-off-a-short-chart.yaml").read_text(encoding="utf-8"))
    outline["date"] = str(outline["date"])
    outline["sections"][0]["slides"][0]["message"] = "증가율까지 영국·중국·미국으로 합계출산율 0.72명"
    built = build(outline)
    found = check(built)
    assert not any(found.values()), found
    (spec,) = [b.spec for s in built.plan.slides for b in s.boxes if type(b).__name__ == "ChartBox"]
    _legend_inside(spec)
    assert spec.labels_named and not spec.legend
    with zipfile.ZipFile(io.BytesIO(built.files["pptx"])) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("ppt/charts/chart"))
    assert "<c:legend>" not in xml and "2022년 43만 명 (8%)" in xml


@pytest.mark.parametrize("labels", ["both", True, None])
@pytest.mark.parametrize("kind", ["pie", "doughnut"])
@pytest.mark.parametrize(("n", "w", "h"), [(12, 496, 100), (12, 496, 160), (12, 300, 220), (6, 496, 60), (12, 900, 240),
                                           (12, 400, 70), (12, 300, 50)])
def test_a_pies_legend_stays_in_its_chart_or_gives_way_to_named_labels(tmp_path, labels, kind, n, w, h) -> None:
    """FINDINGS F15: every step of the legend's ladder keeps it inside the chart: one column at the
    right, stepped down; several names a row under the pie, stepped down; else no legend and the
    labels carry the names (a pie without labels gets labels of its names)."""
    spec = _resolved(tmp_path, _pie(labels, n, kind), w, h)
    _legend_inside(spec)
    legend = [t for role, t, _ in spec.text_boxes if role == "legend"]
    if spec.legend:
        assert legend == [name for name, _ in spec.legend] and not spec.labels_named
        assert spec.legend_size in (14, 12, 11, 10)
    else:
        assert spec.labels_named and not legend
        shown = [lb.text for lb in spec.series[0].labels if lb is not None] + [f"{c} {t}" for c, t in spec.dropped]
        named = [c for c, v in zip(F15_NAMES[:n], F15_VALUES[:n]) if v > 0]
        assert len(shown) == len(named) and sorted(shown) == sorted(next(t for t in shown if t.startswith(c + (" " if labels else "")) or t == c)
                                                                     for c in named), shown


def test_a_pie_with_no_room_for_a_legend_says_so_in_the_plan_dump(tmp_path) -> None:
    spec = _resolved(tmp_path, _pie("both"), 496, 45)
    assert spec.labels_named and not spec.legend
    from deckbuild.plan_dump import _chart

    assert "    no legend: the labels carry the names" in _chart(spec, "    ")


# ---- F19: a key message over a two-content layout's columns ---------------------------------------

F19 = "청년+8.9위 투자4.4kg 일본(0.11kg)·대만(+25만)·인도(+8,022,251조)을 대만(2.99배)보다도"


@pytest.mark.parametrize("template", ["lo-metropolis.pptx", "lo-vivid.pptx", "coreoz-fr-4x3.pptx", None])
def test_a_key_message_spans_both_columns(template: str | None) -> None:
    """FINDINGS F19: in a two-content layout the message band took the left body's width only, and a
    60-character message was refused; it spans both bodies now, the columns below it."""
    cols = [{"title": "한국", "bullets": [TEXT]}, {"title": "일본", "bullets": ["합계출산율 1.20명"]}]
    built = build(_outline([{"title": "감소보다도 최저", "message": F19, "columns": cols}], template))
    found = check(built)
    assert not any(found.values()), found
    (slide,) = [s for s in built.plan.slides if s.kind == "columns"]
    (band,) = [b for b in slide.boxes if getattr(b, "role", None) == "message-band"]
    columns = [b for b in slide.boxes if getattr(b, "role", None) in ("column", "card")]
    assert band.x <= min(b.x for b in columns) + 0.5 and band.x + band.w >= max(b.x + b.w for b in columns) - 0.5
    assert all(b.y >= band.y + band.h for b in columns)


# ---- run 5c: a legend name wider than its chart ---------------------------------------------------

LONG_NAME = "영국(△154,609배)·독일(58.9원)보다도 인도(△95.0달러)·한국(541.3배)·인도(-215kg)이 감소+316,597TWh"


@pytest.mark.parametrize(("w", "cut"), [(560, False), (300, True)])
@pytest.mark.parametrize("kind", ["column", "doughnut"])
def test_a_legend_name_wider_than_its_chart_steps_down_then_is_cut(tmp_path, w: float, cut: bool, kind: str) -> None:
    """Found by run 5c: a 70-character name in a bottom legend ran out of the chart at both sides; it
    steps down the sizes, and one wider than the chart even at the floor is cut with "…", never
    inside a number (a `legend-cut` warning)."""
    if kind == "doughnut":
        chart = {"kind": "doughnut", "categories": [LONG_NAME, "물가+0.55건", "감소"], "series": [{"name": "비중", "values": [36.5, 72.5, 0]}]}
    else:
        chart = {"kind": "column", "categories": ["2022년", "2023년"],
                 "series": [{"name": LONG_NAME, "values": [1.0, 2.0]}, {"name": "감소", "values": [2.0, 1.0]}]}
    spec = _resolved(tmp_path, chart, w, 320)
    _legend_inside(spec)
    names = [t for role, t, _ in spec.text_boxes if role == "legend"]
    assert (LONG_NAME in names) != cut and bool(spec.legend_cut) == cut
    if cut:
        (short,) = [t for t in names if t.endswith("…")]
        assert LONG_NAME.startswith(short[:-1]) and not short[-2].isdigit()


# ---- run 5a: a long value-axis title --------------------------------------------------------------

LONG_TITLE = "합계출산율보다도 공급에 이탈리아(-0.23kg)·중국(-137명)·프랑스(251배)보다"


@pytest.mark.parametrize("kind", ["column", "bar", "combo"])
def test_a_value_axis_title_wider_than_its_chart_is_cut_inside_it(tmp_path, kind: str) -> None:
    """Found by run 5a (F21): a 50-character axis title beside bullets ran 44 pt past the chart's
    right edge; it stands in one line within the chart (each of two a half), cut with "…", never
    inside a number, with the legend-cut warning."""
    series = [{"name": "일자리", "values": [93.4, 35.1, 23.8]}]
    chart = {"kind": kind, "categories": ["2021년", "2022년", "2023년"], "axis": {"title": LONG_TITLE}}
    if kind == "combo":
        series = [dict(series[0], kind="column"), {"name": "증가율", "values": [1.0, -2.0, 3.0], "kind": "line", "axis": "secondary"}]
        chart["axis2"] = {"title": LONG_TITLE}
    spec = _resolved(tmp_path, dict(chart, series=series), 443, 300)
    titles = [(t, b) for role, t, b in spec.text_boxes if role == "axis-title"]
    assert titles and spec.legend_cut == (LONG_TITLE,)
    for text, (x0, _, x1, _) in titles:
        assert x0 >= -0.01 and x1 <= 443.01 and text.endswith("…") and LONG_TITLE.startswith(text[:-1]) and not text[-2].isdigit()
    if len(titles) == 2:
        assert titles[0][1][2] < titles[1][1][0]  # the two apart


# ---- F22: a small chart's tick labels and category names ------------------------------------------

F22_NAMES = ["반도체△138% △3.2%p보다도 청년+2,067곳", "(+0.87위)으로 (19.6위)이", "발표563%p +4,981억 달러까지 대비보다", "-23.7%보다",
             "1만 원은", "인구-22,404개 기업으로 0.0TWh에", "예산으로 6,500배보다 싱가포르(△0.52원)·프랑스(108.5달러)·인도(△22.4GW)에서",
             "금리", "전력 독일(-445억)·이탈리아(+1,021달러)을 (17.9ppm)으로"]


@pytest.mark.parametrize("name", ["chart-combo-ticks-on-a-sliver.yaml", "chart-bar-names-over-each-other.yaml",
                                  "chart-names-on-a-short-stacked-bar.yaml"])
def test_the_finding_f22_outlines(name: str) -> None:
    """Run 5b (F22): beside bullets in a template, a combo's category names in 13 lines left its plot
    14 pt high and the two axes' ticks printed over each other; a bar chart's name in four lines ran
    over its neighbours'; a 92 pt stacked bar's names overprinted. The names take at most the room
    the plot leaves (columns: a third of the chart's height; a bar: its slot), cut with "…" beyond it
    (a `categories-cut` warning, the handout's line under the chart names them whole)."""
    outline = yaml.safe_load((FOUND / name).read_text(encoding="utf-8"))
    outline["date"] = str(outline["date"])
    built = build(outline)
    assert _broken(outline, "glyphs_apart", "inside", "boxes_apart") == {}
    (spec,) = [b.spec for s in built.plan.slides for b in s.boxes if type(b).__name__ == "ChartBox"]
    assert spec.categories_cut and any("category names cut with …" in w for w in built.warnings)
    if spec.kind.value == "combo":
        assert spec.plot[3] - spec.plot[1] >= 0.4 * spec.size[1]  # was 14 pt of 210
    from deckbuild.layout.charts import omitted_line

    assert all(c in omitted_line(spec, "ko") for c in spec.categories_cut)


def _names_apart(spec) -> None:
    """Every text of the chart inside it; level category lines and tick labels a gap from each other."""
    from deckbuild.layout.labels import overlap

    w, h = spec.size
    _legend_inside(spec)
    level = [(r, t, b) for r, t, b in spec.text_boxes if r == "tick" or (r == "category" and not spec.category_rotation)]
    for i, (r1, t1, b1) in enumerate(level):
        for r2, t2, b2 in level[i + 1:]:
            assert not overlap(b1, b2, -0.3), (r1, t1, b1, r2, t2, b2)


@pytest.mark.parametrize(("w", "h"), [(443, 210), (395, 148), (443, 92), (230, 180), (300, 120), (220, 290)])
@pytest.mark.parametrize("kind", ["column", "bar", "stacked-bar", "combo", "line"])
@pytest.mark.parametrize("fs", [14.0, 9.0])
def test_a_small_charts_ticks_and_names_stand_apart_and_leave_it_a_plot(tmp_path, kind: str, w: float, h: float, fs: float) -> None:
    """F22 for any size: long names, wide ticks (`100000억 달러`) and a secondary axis on charts
    90–300 pt high: tick labels step down (columns) or thin to the ends; names are turned or set in
    the lines their room holds, the rest cut with "…" (never inside a number); nothing overprints
    or leaves the chart, and the plot keeps a height."""
    series = [{"name": "수출", "values": [35918.2, -9605.0, 53959.1, 0.0, 96057.0, 12.5, 100.0, 77000.0, 5.0]},
              {"name": "증가율", "values": [1.0, -20.0, 3.0, 45.0, -0.5, 12.0, 7.0, 3.0, 9.9]}]
    if kind == "combo":
        series = [dict(series[0], kind="column"), dict(series[1], kind="line", axis="secondary", unit="%")]
    elif kind == "stacked-bar":
        series = [dict(s, values=[abs(v) for v in s["values"]]) for s in series]
    spec = _resolved(tmp_path, {"kind": kind, "categories": F22_NAMES, "series": series, "unit": "억 달러"}, w, h, fs)
    _names_apart(spec)
    left, bottom, right, top = spec.plot
    assert top - bottom >= fs and right - left >= 3 * fs, spec.plot
    for name, lines in zip(F22_NAMES, spec.category_lines):
        if name in spec.categories_cut:
            assert lines[-1].endswith("…") and _cut_at(name, "".join(lines)[:-1]) is not None, (name, lines)
        else:
            assert not lines or "".join(lines).replace(" ", "") == name.replace(" ", "")


def _cut_at(name: str, shown: str) -> int | None:
    """Where in `name` the lines `shown` (spaces between lines aside) stop; None where they are not
    its beginning or stop inside a number's figures (`6,5…`, `(+0.…`)."""
    k = 0
    for ch in shown.replace(" ", ""):
        while k < len(name) and name[k] == " ":
            k += 1
        if k >= len(name) or name[k] != ch:
            return None
        k += 1
    inside = 0 < k < len(name) and name[k].isdigit() and (name[k - 1].isdigit() or name[k - 1] in ".,+-△(")
    return None if inside or (0 < k < len(name) and name[k - 1].isdigit() and name[k] in ".,") else k


def test_two_axes_ticks_thin_to_the_ends_on_a_short_plot(tmp_path) -> None:
    """A combo whose plot has room for one step: each axis labels its ends only (the PPTX's major
    unit is the span), never two ticks over each other."""
    series = [{"name": "수출", "values": [-40.0, 90.0], "kind": "column"},
              {"name": "증가율", "values": [150.0, -180.0], "kind": "line", "axis": "secondary", "unit": "%"}]
    spec = _resolved(tmp_path, {"kind": "combo", "categories": ["2022년", "2023년"], "series": series, "unit": "개"}, 300, 62)
    _names_apart(spec)
    assert len(spec.ticks) <= 2 and len(spec.ticks2) <= 2


# ---- F23: one bullet of a column taller than its card ---------------------------------------------

def _column_pieces(built, title: str) -> list[list]:
    """Per slide, the paragraphs of the column titled `title` (its card's text box)."""
    out = []
    for s in built.plan.slides:
        for b in s.boxes:
            paras = getattr(b, "paras", ())
            if getattr(b, "role", None) == "column" and paras and paras[0].text.replace("\n", " ").startswith(title[:6]):
                out.append(list(paras[1:]))
    return out


def test_the_finding_f23_outline() -> None:
    """Run 5b (F23): in lo-midnightblue a column's 150-character bullet with its title was taller than
    its card even at the floor and the slide was refused; the bullet now runs on between its lines
    onto the (계속) slide, its rest at the top of the next card without a marker, under its text."""
    import io
    import zipfile

    outline = yaml.safe_load((FOUND / "column-bullet-taller-than-its-card.yaml").read_text(encoding="utf-8"))
    outline["date"] = str(outline["date"])
    built = build(outline)
    found = check(built)
    assert not any(found.values()), found
    col = outline["sections"][0]["slides"][0]["columns"][1]
    long = col["bullets"][1]
    pieces = [p for page in _column_pieces(built, col["title"]) for p in page]
    first = next(i for i, p in enumerate(pieces) if p.bullet and long.startswith(p.text.replace("\n", " ")[:10]))
    assert not pieces[first + 1].bullet and pieces[first + 1].indent == pieces[first].indent and pieces[first + 1].level == 1
    end = next((i for i in range(first + 1, len(pieces)) if pieces[i].bullet), len(pieces))
    assert "".join(p.text for p in pieces[first:end]).replace("\n", "").replace(" ", "") == long.replace(" ", "")
    assert all(s.title.endswith("(계속)") for s in built.plan.slides[2:])
    with zipfile.ZipFile(io.BytesIO(built.files["pptx"])) as z:
        xml = z.read("ppt/slides/slide3.xml").decode()
    assert f'marL="{int(pieces[first].indent * 12700)}" indent="0"><a:lnSpc>' in xml.replace("\n", "")


@pytest.mark.parametrize("template", ["lo-midnightblue.pptx", "coreoz-fr-4x3.pptx", "lo-vivid.pptx", None])
@pytest.mark.parametrize("repeat", [1, 4])
@pytest.mark.parametrize("n", [2, 3])
def test_a_column_bullet_taller_than_a_card_runs_on_between_its_lines(template: str | None, repeat: int, n: int) -> None:
    """F23 for any template and length: a bullet (150, 600 characters) too tall for its card at the
    floor builds, its lines shared out over (계속) slides in order, every line once."""
    long = " ".join([F23_BULLET] * repeat)
    cols = [{"title": "영국(△0.92억)·독일(-162,617GW)·싱가포르(202%)의", "bullets": ["0.72명보다 -23.7%", long, "감소 고용률까지"]},
            {"title": "AI", "bullets": ["미국(-0.25건) 0.09만 독일(0.31TWh)·대만(+290년)이 GPU 1,734억 달러로"]},
            {"title": "1.30명은", "bullets": ["+0.0%에 정부보다도 물가로"]}][:n]
    outline = _outline([{"title": "AI 프랑스(+485.2)·미국(+4.11위)에 1,734억 달러까지", "columns": cols}], template)
    built = build(outline)
    found = check(built)
    assert not found["builds"] and not found["text_present"] and not found["inside"] and not found["boxes_apart"], found
    pieces = [p for page in _column_pieces(built, cols[0]["title"]) for p in page]
    texts = [p.text.replace("\n", " ") for p in pieces]
    assert "".join(texts).replace(" ", "") == "".join(cols[0]["bullets"]).replace(" ", "")
    assert sum(1 for p in pieces if p.bullet) == 3


F23_BULLET = ("0.56만 톤에서 미국(+98,208GW)·프랑스(△19달러)보다 격차 싱가포르(-1,717)·인도(△0.20달러)·독일(844년)을 격차 중국(-0.60건)은 "
              "잠정치까지 예산+6,313,879위 1,734억 달러 합계출산율+0.39kg AI 4,441GW에 이탈리아(6.35%)으로 1.30명으로 연구개발1,001명 인구844만")


# ---- F25 (run 7): a chart squeezed by the texts around it ------------------------------------------

def _charts(built) -> list:
    return [b for s in built.plan.slides for b in s.boxes if type(b).__name__ == "ChartBox"]


def test_the_finding_f25_outline() -> None:
    """Run 7 (F25): in lo-midnightblue a bar chart under its three-line title and over its axis title
    was left 43 pt high (6 pt in the run's outline); its plot came out upside down and its bars,
    ticks and legend were drawn over the slide. The texts around it step down, then (in all the room
    the layout has) are cut to two lines, one, with `chart-text-cut`, so the chart keeps its height."""
    from deckbuild.layout.chart_room import AXIS_TITLE, CHART_SIZE, LEAST

    outline = yaml.safe_load((FOUND / "chart-squeezed-under-its-title.yaml").read_text(encoding="utf-8"))
    outline["date"] = str(outline["date"])
    built = build(outline)
    found = check(built)
    assert not any(found.values()), found
    (chart,) = _charts(built)
    assert chart.h >= (LEAST + AXIS_TITLE) * CHART_SIZE - 0.01
    left, bottom, right, top = chart.spec.plot
    assert top - bottom >= 2 * CHART_SIZE and right > left
    assert any("around the chart cut with …" in w for w in built.warnings)


@pytest.mark.parametrize("template", ["lo-midnightblue.pptx", "lo-sunset.pptx", "coreoz-fr-4x3.pptx", "lo-vivid.pptx"])
def test_the_samples_charts_keep_their_height_in_small_templates(tmp_path, template: str) -> None:
    """The sample briefing in lo-midnightblue drew its three charts 20, 9 and 62 pt high (flat lines
    under their titles and sources). Every chart keeps `LEAST` lines of its text (and a plot that
    is no sliver): the texts around it smaller or cut, or the slide's key message left off."""
    import shutil

    from conftest import SAMPLE
    from deckbuild.layout import layout
    from deckbuild.layout.chart_room import CHART_SIZE, LEAST
    from deckbuild.validate import load

    shutil.copytree(SAMPLE.parent, tmp_path / "deck")
    shutil.copytree(SAMPLE.parents[1] / "data", tmp_path / "data")
    shutil.copy(FOUND.parents[1] / "templates" / template, tmp_path / "deck" / template)
    outline = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    outline["theme"] = dict(outline.get("theme") or {}, template=template)
    path = tmp_path / "deck" / SAMPLE.name
    path.write_text(yaml.safe_dump(outline, allow_unicode=True), encoding="utf-8")
    deck, _ = load(path)
    plan = layout(deck)
    charts = [b for s in plan.slides for b in s.boxes if type(b).__name__ == "ChartBox"]
    assert charts
    for chart in charts:
        left, bottom, right, top = chart.spec.plot
        assert chart.h >= LEAST * CHART_SIZE - 0.01 and top - bottom >= CHART_SIZE, (chart.spec.id, chart.h, chart.spec.plot)
