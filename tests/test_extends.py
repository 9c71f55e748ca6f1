"""Outline reuse with `extends`: merge by id, chains, cycles, and errors in the base file."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckbuild.problems import OutlineError
from deckbuild.validate import load

BASE = """\
title: 기본 브리핑
date: 2024-12-02
charts:
  c: {kind: column, categories: [가, 나], series: [{values: [1, 2]}]}
sections:
  - id: one
    title: 첫 절
    slides:
      - {id: one-a, title: 가, bullets: [하나]}
      - {id: one-b, title: 나, bullets: [둘]}
  - id: two
    title: 둘째 절
    slides:
      - {id: two-a, title: 다, chart: c}
audiences:
  exec: {description: 경영진, sections: [one]}
"""


def write(root: Path, name: str, text: str) -> Path:
    p = root / "deck" / name
    p.parent.mkdir(exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def test_two_level_chain_adds_replaces_and_drops(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", BASE)
    write(tmp_path, "mid.yaml", "extends: base.yaml\nsubtitle: 중간\nsections:\n  - {id: one, title: 바뀐 첫 절}\n  - {id: three, title: 셋째 절, slides: [{title: 라, bullets: [셋]}]}\n")
    leaf = write(tmp_path, "leaf.yaml", "extends: mid.yaml\ndrop: [one-b, c, two]\naudiences:\n  public: {description: 시민}\nsections:\n  - id: one\n    slides:\n      - {id: one-a, title: 새 가, bullets: [새 하나]}\n")
    deck, _ = load(leaf)
    assert deck.title == "기본 브리핑" and deck.subtitle == "중간"
    assert [s.id for s in deck.sections] == ["one", "three"]
    assert deck.sections[0].title == "바뀐 첫 절"
    assert [sl.title for sl in deck.sections[0].slides] == ["새 가"]
    assert "c" not in deck.charts
    assert set(deck.audiences) == {"exec", "public"}


def test_cycle_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "extends: b.yaml\ntitle: a\nsections: [{id: x, title: x}]\n")
    b = write(tmp_path, "b.yaml", "extends: a.yaml\ntitle: b\n")
    with pytest.raises(OutlineError) as e:
        load(b)
    assert any("cycle: b.yaml → a.yaml → b.yaml" in p.message for p in e.value.problems)


def test_mistake_in_base_is_reported_at_the_base_line(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", BASE.replace("bullets: [둘]", "bulets: [둘]"))
    leaf = write(tmp_path, "leaf.yaml", "extends: base.yaml\nsubtitle: 잎\n")
    with pytest.raises(OutlineError) as e:
        load(leaf, "deck/leaf.yaml")
    (p,) = e.value.problems
    assert p.span.file == "deck/base.yaml" and (p.span.line, p.span.col) == (10, 31)
    assert "unknown key 'bulets'" in p.message


def test_unknown_drop_id(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", BASE)
    leaf = write(tmp_path, "leaf.yaml", "extends: base.yaml\ndrop: [one-c]\n")
    with pytest.raises(OutlineError) as e:
        load(leaf)
    (p,) = e.value.problems
    assert (p.span.line, p.span.col) == (2, 8) and "(did you mean 'one-" in p.message


def test_extends_outside_project(tmp_path: Path) -> None:
    leaf = write(tmp_path, "leaf.yaml", "extends: ../../base.yaml\ntitle: x\nsections: [{id: a, title: b}]\n")
    with pytest.raises(OutlineError) as e:
        load(leaf)
    assert "resolves outside the project" in e.value.problems[0].message
