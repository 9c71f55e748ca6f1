"""Reading outlines: positions, NFC, safety — and no input ever crashes the loader."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deckbuild.audience import select
from deckbuild.layout import layout
from deckbuild.problems import OutlineError, Problems
from deckbuild.source import parse
from deckbuild.validate import load

from conftest import SAMPLE

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")


def test_positions_are_one_based() -> None:
    p = Problems()
    root = parse("title: 가\nsections:\n  - id: a\n", "f.yaml", p)
    key, value = root.pairs["sections"]
    assert (key.span.line, key.span.col) == (2, 1)
    assert (value.items[0].pairs["id"][1].span.line, value.items[0].pairs["id"][1].span.col) == (3, 9)


def test_nfd_hangul_is_normalised(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "한국의 위치")
    assert nfd != "한국의 위치"
    p = tmp_path / "t.yaml"
    p.write_text(f"title: {nfd}\nsections: [{{id: a, title: {nfd}}}]\n", encoding="utf-8")
    deck, _ = load(p)
    assert deck.title == "한국의 위치" and deck.sections[0].title == "한국의 위치"


def test_merge_keys_and_anchors_are_allowed(tmp_path: Path) -> None:
    p = tmp_path / "t.yaml"
    p.write_text("title: 제목\nsections:\n  - &s {id: a, title: 공통}\n  - {<<: *s, id: b}\n", encoding="utf-8")
    deck, _ = load(p)
    assert [(s.id, s.title) for s in deck.sections] == [("a", "공통"), ("b", "공통")]


def test_null_counts_as_absent(tmp_path: Path) -> None:
    p = tmp_path / "t.yaml"
    p.write_text("title: 제목\nsubtitle: null\nhandout: ~\nsections: [{id: a, title: 가, summary: null}]\n", encoding="utf-8")
    deck, _ = load(p)
    assert deck.subtitle is None and deck.sections[0].summary is None


def _load_text(tmp: Path, text: str) -> None:
    p = tmp / "deck" / "t.yaml"
    p.parent.mkdir(exist_ok=True)
    p.write_bytes(text.encode("utf-8", "surrogatepass"))  # lone surrogates too: bytes that are not UTF-8
    try:
        deck, _ = load(p)
    except OutlineError as e:
        assert e.problems, "an OutlineError always carries problems"
        for prob in e.problems:
            assert prob.span.line >= 1 and prob.span.col >= 1 and prob.level in ("error", "warning")
        return
    for name in [None, *deck.audiences]:
        try:
            layout(select(deck, name))
        except OutlineError as e:
            assert e.problems


SAMPLE_LINES = SAMPLE_TEXT.splitlines(keepends=True)
FRAGMENTS = st.sampled_from([":", "- ", "[", "]", "{", "}", "&a ", "*a", "!!python/object/apply:os.system ", "\t", "  ", "\n", "'", '"', "#", "---", "null", "~", "0x1F", "1e999", "\u202e", "✔", "가", "bullets", "chart", "<b>", "&amp;"])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_mutated_sample_gives_problems_or_a_model(tmp_path: Path, data) -> None:
    lines = list(SAMPLE_LINES)
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["delete", "duplicate", "insert", "cut"]))
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "insert":
            pos = data.draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + data.draw(FRAGMENTS) + lines[i][pos:]
        else:
            lines[i] = lines[i][: data.draw(st.integers(0, len(lines[i])))] + "\n"
    _load_text(tmp_path, "".join(lines))


YAML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20)),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.sampled_from(["title", "sections", "id", "slides", "bullets", "chart", "charts", "kind", "series", "values", "categories", "audiences", "x"]), children, max_size=5)),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(YAML_VALUES)
def test_random_yaml_gives_problems_or_a_model(tmp_path: Path, value) -> None:
    _load_text(tmp_path, yaml.safe_dump(value, allow_unicode=True))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_random_text_gives_problems_or_a_model(tmp_path: Path, text) -> None:
    _load_text(tmp_path, text)


# ---- syntax errors where the broken construct began (spec Diagnostics) ------------------------

def _problems(text: str) -> list:
    p = Problems()
    parse(text, "f.yaml", p)
    return p.sorted()


def test_an_unclosed_string_is_reported_at_its_opening_quote() -> None:
    filler = "".join(f"      - title: 슬라이드 {i}\n        bullets: [하나, 둘]\n" for i in range(60))
    text = f'title: 제목\nsubtitle: "열린 따옴표\nsections:\n  - id: a\n    title: 가\n    slides:\n{filler}      - title: "끝"\n'
    stop = text.count("\n")  # the last line: where the stray closing quote is
    [e] = _problems(text)
    assert (e.span.line, e.span.col, e.code) == (2, 11, "yaml-syntax")
    assert e.message == f'YAML syntax: the string that starts here is not closed; the parser stopped at line {stop}: add the closing " on this line'
    [e] = _problems("title: '열린\nsections: []\n")
    assert (e.span.line, e.span.col) == (1, 8)
    assert "not closed; the parser stopped at the end of the file (line 2): add the closing ' on this line" in e.message


def test_a_string_wrapped_over_lines_is_not_blamed() -> None:
    [e] = _problems('title: 제목\nsubtitle: "a long\n  wrapped string"\n  x: y\n')
    assert e.span.line == 4 and "not closed" not in e.message


def test_a_tab_that_indents_is_named() -> None:
    for text, where in (("title: 제목\nsections:\n\t- id: a\n", (3, 1)), ("title: 제목\nsections:\n  - id: a\n  \t  title: 가\n", (4, 3))):
        [e] = _problems(text)
        assert (e.span.line, e.span.col) == where
        assert e.message == "YAML syntax: a tab indents this line; YAML indents with spaces only: replace the tab with spaces"


def test_an_unquoted_colon_in_a_value_says_to_quote_it() -> None:
    [e] = _problems("title: 추이: 8년 연속 하락\nsections: []\n")
    assert (e.span.line, e.span.col) == (1, 8)
    assert e.message.endswith("""must be quoted (YAML reads ': ' as the start of a mapping); write title: "추이: 8년 연속 하락\"""")
    [e] = _problems('sections:\n  - id: a\n    title: 추이: 8년 "연속"  # 주석\n')
    assert (e.span.line, e.span.col) == (3, 12) and e.message.endswith(r'write title: "추이: 8년 \"연속\""')


def test_a_folded_list_item_is_a_warning_at_its_line() -> None:
    text = "bullets:\n  - 출산율은 OECD 절반 수준\n   - 일본(1.30명)보다도 낮음\n  - 2020 - 2024 기간\n  - 여러 줄에 걸친\n    긴 항목 - 그대로\n"
    [w] = _problems(text)
    assert (w.level, w.code, w.path, w.span.line, w.span.col) == ("warning", "folded-item", "bullets[0]", 3, 4)
    assert "folded into the text above" in w.message and "put its '-' in column 3" in w.message
    assert _problems("title: 2020 - 2024\nbullets: ['가\n  - 나', \"다\n  - 라\"]\nbody: |\n  가\n  - 나\n") == []
