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
