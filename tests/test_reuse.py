"""Reuse between builds (`deckbuild watch`): a rebuild that takes unchanged slides, parts, paragraphs
and files from the build before writes the same bytes as a cold build, edit after edit, and
really does take them (only what an edit touched is made again).

In-process, on a copy of the sample with a chart read from a CSV file: every edit kind of issue
21 (a bullet's word, a chart value, a title, the section order, an audience override, the data
file), for the full build and an audience, in all three formats. `tests/test_watch.py` checks the
same through a real `deckbuild watch` process.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from deckbuild import reuse

ROOT = Path(__file__).resolve().parents[1]
CSV = "연도,수출액,증가율\n2021,\"6,444\",25.7\n2022,\"6,836\",6.1\n2023,\"6,322\",-7.5\n2024,\"6,838\",8.2\n"
EXTRA_CHART = """\
  exports:
    kind: column
    title: 연도별 수출액
    data: data/exports.csv
    series: [{name: 수출액}]
    unit: 억 달러
"""
EXTRA_SLIDE = """\
      - id: summary-exports
        title: 수출은 다시 늘었다
        chart: exports
"""
FORMATS = ("pptx", "pdf", "slides")


@pytest.fixture
def sample(tmp_path: Path):
    (tmp_path / "deck").mkdir()
    (tmp_path / "data").mkdir()
    text = (ROOT / "deck" / "sovereign-ai.yaml").read_text(encoding="utf-8")
    text = text.replace("charts:\n", "charts:\n" + EXTRA_CHART, 1)
    first_slides = text.index("    slides:\n", text.index("sections:")) + len("    slides:\n")
    text = text[:first_slides] + EXTRA_SLIDE + text[first_slides:]
    outline = tmp_path / "deck" / "s.yaml"
    outline.write_text(text, encoding="utf-8")
    (tmp_path / "data" / "exports.csv").write_text(CSV, encoding="utf-8")
    for folder in ("assets",):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, tmp_path / folder)
    reuse.enable()
    yield outline
    reuse.enable(False)


def build(outline: Path, audience: str | None) -> dict[str, bytes]:
    from deckbuild import build as b

    b._loaded.clear()
    b._inputs.clear()
    targets, _ = b.plan_targets(outline, str(outline), [audience] if audience else [], False)
    files, problems = b.build_target(targets[0], FORMATS, outline.parent / "out")
    assert not [p for p in problems if p.level == "error"]
    return {path.name: data for path, data in files.items()}


def cold(outline: Path, audience: str | None) -> dict[str, bytes]:
    with reuse.paused():
        return build(outline, audience)


def made(kind: str) -> int:
    return reuse.stats["made"].get(kind, 0)


EDITS = [
    ("a bullet's word", "개발 전쟁을 주도", "개발 전쟁을 선도"),
    ("a chart value", "values: [128, 95, 14, 10]", "values: [128, 95, 15, 10]"),
    ("a title", "title: 한국 AI의 자존심, 대표 모델 넷", "title: 한국 AI의 자존심, 대표 모델 네 개"),
    ("the section order", "sections: [summary, global, position, strategy, sovereignty, cooperation, vertical, faq, conclusion, models]",
     "sections: [summary, position, global, strategy, sovereignty, cooperation, vertical, faq, conclusion, models]"),
    ("an audience override", "position-gaps: {title: 아직은 규모와 쓰임새가 부족}", "position-gaps: {title: 아직은 규모도 쓰임새도 부족}"),
]


@pytest.mark.parametrize("audience", [None, "policy", "public"])
def test_each_edit_rebuilds_byte_identical_to_a_cold_build(sample: Path, audience: str | None) -> None:
    text = sample.read_text(encoding="utf-8")
    assert build(sample, audience) == cold(sample, audience)
    for name, old, new in EDITS:
        assert old in text, name
        text = text.replace(old, new, 1)
        sample.write_text(text, encoding="utf-8")
        reuse.stats["made"].clear()
        reuse.stats["taken"].clear()
        warm = build(sample, audience)
        assert warm == cold(sample, audience), f"after {name}"
        taken = reuse.stats["taken"]
        assert taken.get("pptx-slide", 0) + taken.get("output", 0) > 0, f"nothing reused after {name}"
    # The data file: a value changed in place.
    csv = sample.parent.parent / "data" / "exports.csv"
    csv.write_text(CSV.replace('"6,838"', '"6,900"'), encoding="utf-8")
    assert build(sample, audience) == cold(sample, audience), "after the data file"


def test_a_rebuild_makes_only_what_an_edit_touched(sample: Path) -> None:
    build(sample, None)
    text = sample.read_text(encoding="utf-8")
    sample.write_text(text.replace("개발 전쟁을 주도", "개발 전쟁을 선도", 1), encoding="utf-8")
    reuse.stats["made"].clear()
    build(sample, None)
    assert made("pptx-slide") == 1  # the one slide whose bullet changed; every other slide taken as it was
    assert made("eot") == 0  # the same characters: the same font parts
    assert made("measure") <= 3  # the edited paragraph (and what measures it again at other widths)
    assert made("chart-layout") == 0 and reuse.stats["taken"].get("chart-layout", 0) >= 3  # every chart as it was
    # Nothing changed: every file taken whole.
    reuse.stats["made"].clear()
    build(sample, None)
    assert made("output") == 0 and made("pptx-slide") == 0


def test_off_by_default_keeps_nothing() -> None:
    assert not reuse.enabled()
    reuse.put("x", b"k", 1)
    assert reuse.get("x", b"k") is None


def test_no_renderer_reads_where_a_slide_came_from() -> None:
    """Keys leave out spans (the outline's line and column), so that an edit above a slide does not
    make it again: nothing under render/ may read them."""
    for path in sorted((ROOT / "src" / "deckbuild" / "render").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        read = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "span"]
        assert not read, f"{path.name} reads .span at lines {read}"
