"""Golden plan dumps: every layout decision of a few outlines as text (`plan_dump.dump`), compared
with tests/golden/NAME.plan.txt. A change in layout shows up as a readable diff of those files;
`pytest --update-goldens` rewrites them for review.

The cases cover what the sample alone does not: a template deck, the notes and the grid handouts,
slides continued on "(계속)" slides, and the image and title-only kinds.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from deckbuild import plan_dump
from deckbuild.layout import layout
from deckbuild.validate import load

from conftest import ROOT, SAMPLE

GOLDEN = Path(__file__).parent / "golden"
TEMPLATES = Path(__file__).parent / "templates"


def _sample(tmp: Path, old: str, new: str) -> Path:
    """The sample with one edit, in its own folder (its files are found beside it)."""
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp / "deck" / "sample.yaml"
    path.parent.mkdir(parents=True)
    shutil.copytree(ROOT / "data", tmp / "data")  # the sample's data files
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _template(tmp: Path) -> Path:
    path = _sample(tmp, "\ntheme:\n", "\ntheme:\n  template: korean.pptx\n")
    shutil.copy(TEMPLATES / "korean.pptx", path.parent / "korean.pptx")
    return path


def _kinds(tmp: Path) -> Path:
    from PIL import Image

    path = tmp / "deck" / "kinds.yaml"
    path.parent.mkdir(parents=True)
    shutil.copy(GOLDEN / "kinds.yaml", path)
    Image.new("RGB", (320, 180), (11, 61, 145)).save(path.parent / "pic.png")
    return path


CASES = {
    "sovereign-ai": lambda tmp: SAMPLE,
    "template-korean": _template,
    "handout-notes": lambda tmp: _sample(tmp, "  layout: article\n", "  layout: notes\n"),
    "handout-grid": lambda tmp: _sample(tmp, "  layout: article\n", "  layout: grid\n  slides_per_page: 6\n"),
    "kinds": _kinds,
}


@pytest.mark.parametrize("name", CASES)
def test_plan_matches_its_golden_dump(name, tmp_path, request) -> None:
    deck, _ = load(CASES[name](tmp_path))
    dump = plan_dump.dump(layout(deck))
    golden = GOLDEN / f"{name}.plan.txt"
    if request.config.getoption("--update-goldens"):
        golden.write_text(dump, encoding="utf-8")
    assert golden.exists(), f"{golden.relative_to(ROOT)} is missing: run pytest --update-goldens and review it"
    assert dump == golden.read_text(encoding="utf-8")


def test_the_cases_show_what_they_are_for(tmp_path) -> None:
    """Each golden holds the thing it was added for, so an edit of the sample cannot quietly drop it."""
    texts = {name: (GOLDEN / f"{name}.plan.txt").read_text(encoding="utf-8") for name in CASES}
    assert "handout notes " in texts["handout-notes"] and "notes-slide " in texts["handout-notes"]
    assert "handout grid " in texts["handout-grid"] and "grid page" in texts["handout-grid"]
    assert " in sldNum " in texts["template-korean"] and " in sldNum " not in texts["sovereign-ai"] and texts["template-korean"] != texts["sovereign-ai"]
    kinds = texts["kinds"]
    assert " image @" in kinds and " title-only @" in kinds
    assert " bullets continued @" in kinds and " table continued @" in kinds
