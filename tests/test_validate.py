"""The validation package's own rules: one registry per kind family, read by schema and starter;
the number format parsed once; an override's re-read reports nothing twice; one job per module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from deckbuild import model as m, numfmt
from deckbuild.layout import charts
from deckbuild import validate as v
from deckbuild.numfmt import parse_number_format
from deckbuild.problems import OutlineError
from deckbuild.schema import outline_schema
from deckbuild.starter import starter_outline

PACKAGE = Path(v.__file__).parent

CHART = """\
title: 차트
charts:
  c:
    kind: {kind}
    categories: [가, 나]
    series: [{{name: s, values: [1234.5, 6]}}]
    number_format: "{fmt}"
    unit: 개
sections:
  - id: a
    title: 절
    slides:
      - {{title: 차트, chart: c}}
"""


def problems(path: Path) -> list:
    try:
        return v.load(path)[1]
    except OutlineError as e:
        return e.problems


def test_slide_kinds_one_registry() -> None:
    assert set(v.CONTENT) == set(m.CONTENT_KINDS.values())
    assert v.CONTENT_KEYS == tuple(v.CONTENT)
    props = outline_schema()["$defs"]["slide"]["properties"]
    assert set(v.CONTENT) <= set(props) and set(props) == set(v.SLIDE_KEYS)
    extra = {k for keys in v.CONTENT_EXTRA_KEYS.values() for k in keys}
    assert extra <= set(v.SLIDE_KEYS)


def test_chart_and_handout_kinds_come_from_the_model() -> None:
    schema = outline_schema()
    chart = schema["properties"]["charts"]["additionalProperties"]
    assert chart["properties"]["kind"]["enum"] == [k.value for k in m.ChartType] == list(v.CHART_KIND_NAMES)
    assert schema["properties"]["handout"]["properties"]["layout"]["enum"] == list(m.HANDOUT_LAYOUTS) == list(m.LAYOUTS)
    assert " | ".join(m.ChartType) in starter_outline("x")


def test_chart_type_traits() -> None:
    T = m.ChartType
    assert {k for k in T if k.horizontal} == {T.BAR, T.STACKED_BAR, T.PERCENT_STACKED_BAR}
    assert {k for k in T if k.percent} == {T.PERCENT_STACKED_BAR, T.PERCENT_STACKED_COLUMN}
    assert {k for k in T if k.stacked} == {T.STACKED_BAR, T.STACKED_COLUMN, T.STACKED_AREA, T.PERCENT_STACKED_BAR,
                                           T.PERCENT_STACKED_COLUMN}
    assert {k for k in T if k.circular} == {T.PIE, T.DOUGHNUT}
    assert {k for k in T if k.combo} == {T.COMBO}
    assert all(isinstance(k, str) and str(k) == k.value and f"{k}" == k.value for k in T)


def test_unknown_chart_kind_lists_the_registry(project) -> None:
    found = problems(project.write(CHART.format(kind="aera", fmt="0")))
    kinds = ", ".join(k.value for k in m.ChartType)
    assert [p.message for p in found if p.code == "unknown-value"] == [f"'aera' is not one of {kinds} (did you mean 'area'?)"]


def test_number_format_is_parsed_at_validation_and_kept(project) -> None:
    deck, _ = v.load(project.write(CHART.format(kind="column", fmt="#,##0.0")))
    chart = deck.charts["c"]
    assert chart.kind is m.ChartType.COLUMN
    assert chart.number_format == "#,##0.0" and chart.format == parse_number_format("#,##0.0")
    assert numfmt.excel_code(chart.format, chart.unit) == numfmt.excel_number_format("#,##0.0", "개") == '#,##0.0"개"'


def test_charts_never_parse_a_format_again(project, monkeypatch) -> None:
    deck, _ = v.load(project.write(CHART.format(kind="column", fmt="#,##0.0")))
    chart = deck.charts["c"]

    def refuse(*a, **k):
        raise AssertionError("a chart's number format parsed again after validation")

    monkeypatch.setattr(numfmt, "parse_number_format", refuse)
    monkeypatch.setattr(charts, "parse_number_format", refuse, raising=False)
    assert charts.label_text(chart, 1234.5) == "1,234.5개"
    palette = {k: m_color for k, m_color in _palette().items()}
    spec = charts.resolve(chart, 400, 300, font_size=12, palette=palette, face="F", bold_face="F", measure=lambda t, s: len(t) * s * 0.5)
    assert spec.number_code == '#,##0.0"개"' and spec.ticks


def _palette():
    from deckbuild.plan import Color

    return {role: Color(hex_) for role, hex_ in m.DEFAULT_COLORS.items()}


def test_invalid_number_format_is_reported_once_and_general_kept(project) -> None:
    found = problems(project.write(CHART.format(kind="column", fmt="0;;0")))
    assert [p.code for p in found if p.level == "error"] == ["invalid-number-format"]


OVERRIDE = """\
title: 덮어쓰기
audiences:
  board:
    overrides:
      s1: {title: 새 제목, tags: [ok, [bad]]}
sections:
  - id: a
    title: 절
    slides:
      - id: s1
        title: 원래 제목
        notes: [not, text]
        bullets: [하나]
"""


def test_override_problems_are_placed(project) -> None:
    found = problems(project.write(OVERRIDE))
    # The original's problem at its own place; the override's at the override's, once each.
    assert [p.path for p in found if p.path.endswith(".notes")][0] == "sections[0].slides[0].notes"
    assert [p.path for p in found if ".tags" in p.path] == ["audiences.board.overrides.s1.tags[1]"]


def test_override_with_new_content_drops_the_old(project) -> None:
    text = OVERRIDE.replace("tags: [ok, [bad]]", "quote: {text: 인용}").replace("notes: [not, text]", "notes: 노트")
    text = text.replace("        bullets: [하나]\n", "        chart: nope\n        caption: 설명\n")
    found = problems(project.write(text))
    # The original's unknown chart is reported at its place, once; the override has no content left to clash.
    assert [p.code for p in found if p.level == "error"] == ["unknown-chart"]


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_each_module_says_what_it_does_and_stays_small(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert ast.get_docstring(ast.parse(text)), f"{path.name} lacks a docstring"
    assert len(text.splitlines()) <= 400, f"{path.name} is over 400 lines"


def test_public_names() -> None:
    for name in ("load", "project_root", "SLUG", "COLOR", "EMBED_MODES", "TOP_KEYS", "SLIDE_KEYS", "CONTENT"):
        assert hasattr(v, name), name
