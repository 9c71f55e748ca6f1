"""Templates from the wild (issue 17): each file crafted by tests/wild/make_templates.py used to
crash a build; `read_frame` now refuses it with a reason a person can act on, and the outline
names it at the line of `theme.template`. Also: the Frame carries the package the deck is
written into, so the template is read once."""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
from pathlib import Path

import pytest

from conftest import run_cli
from deckbuild.frame import default_frame
from deckbuild.template import TemplateError, package_bytes, package_of, read_frame
from deckbuild.template import reader

TEMPLATES = Path(__file__).parent / "templates"
_spec = importlib.util.spec_from_file_location("wild_make_templates", Path(__file__).parent / "wild" / "make_templates.py")
wild = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(wild)  # a name of its own: tests/templates/make_templates.py is another module

EXPECTED = {
    "no-layouts": "template has no slide layouts (its slide master lists none)",
    "no-content-types": "template has no [Content_Types].xml part, so it is not a complete PowerPoint file",
    "notes-no-placeholders": "has no notes placeholder, so speaker notes cannot be written",
    "huge-background": "picture ppt/media/wild-bomb.png has more than 178 megapixels; the limit is 50 megapixels",
    "tiny-slide": "template's slides are 1 × 1 in, too small for a deck",
    "titles-off-slide": "template's title placeholders all lie off its 4 × 4 in slide (layout '제목 슬라이드'",
    "broken-core-props": "part docProps/core.xml is not well-formed XML",
}
CLASS_NAME = re.compile(r"\b[A-Za-z]*(Error|Exception|Warning)\b|Traceback")


@pytest.fixture(scope="module")
def crafted(tmp_path_factory) -> dict[str, Path]:
    return wild.write_all(tmp_path_factory.mktemp("wild"))


def test_every_crafted_case_is_expected() -> None:
    assert set(EXPECTED) == set(wild.CASES)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_a_wild_template_is_refused_with_a_reason(crafted, case: str) -> None:
    with pytest.raises(TemplateError) as e:  # anything else (KeyError, DecompressionBombError …) fails here
        read_frame(crafted[case])
    message = str(e.value)
    assert EXPECTED[case] in message
    assert not CLASS_NAME.search(message), message


def test_a_big_picture_is_refused_from_its_header_with_its_size(tmp_path: Path) -> None:
    parts = wild.unpack((TEMPLATES / "korean.pptx").read_bytes())
    wild.background_picture(parts, wild.bomb_png(10_000, 6_000))  # under Pillow's own limits, over ours
    (tmp_path / "big.pptx").write_bytes(wild.pack(parts))
    with pytest.raises(TemplateError, match=r"picture ppt/media/wild-bomb.png is 10,000 × 6,000 pixels \(60 megapixels\); the limit is 50"):
        read_frame(tmp_path / "big.pptx")


def test_a_picture_under_the_limit_is_kept(tmp_path: Path) -> None:
    parts = wild.unpack((TEMPLATES / "korean.pptx").read_bytes())
    wild.background_picture(parts, wild.bomb_png(800, 450))
    (tmp_path / "ok.pptx").write_bytes(wild.pack(parts))
    frame = read_frame(tmp_path / "ok.pptx")
    assert frame.masters[0].background.kind == "picture"
    assert frame.masters[0].background.image.average() == "#FFFFFF"


def test_a_relationship_to_a_part_the_zip_lacks_is_tolerated_as_python_pptx_does(tmp_path: Path) -> None:
    from pptx import Presentation

    parts = wild.unpack((TEMPLATES / "korean.pptx").read_bytes())
    wild._add_rel(parts, "ppt/slideMasters/slideMaster1.xml", "image", "../media/gone.png")
    (tmp_path / "dangling.pptx").write_bytes(wild.pack(parts))
    frame = read_frame(tmp_path / "dangling.pptx")
    assert len(Presentation(io.BytesIO(package_of(frame))).slide_layouts) == len(frame.layouts)


def test_a_malformed_part_becomes_a_template_error_naming_the_part(tmp_path: Path, monkeypatch) -> None:
    shutil.copy(TEMPLATES / "korean.pptx", tmp_path / "odd.pptx")  # a copy: not in the cache

    def odd(self, part):
        raise AttributeError("'NoneType' object has no attribute 'get'")

    monkeypatch.setattr(reader.FrameReader, "theme", odd)
    with pytest.raises(TemplateError) as e:
        read_frame(tmp_path / "odd.pptx")
    assert str(e.value).startswith("slide master ppt/slideMasters/slideMaster1.xml is not laid out the way PowerPoint")
    assert not CLASS_NAME.search(str(e.value))


def test_check_names_each_wild_template_at_its_line(project, crafted) -> None:
    for case, path in crafted.items():
        shutil.copy(path, project.root / path.name)
        project.write(f"title: t\ntheme:\n  template: {path.name}\nsections: [{{id: a, title: b}}]\n", case)
    r = run_cli("check", cwd=project.root)
    assert r.returncode == 1, r.stderr
    assert "internal error" not in r.stderr and not CLASS_NAME.search(r.stderr), r.stderr
    for case in crafted:
        assert re.search(rf"deck/{case}\.yaml:3:\d+: error: theme\.template: .*{re.escape(EXPECTED[case][:30])}", r.stderr), (case, r.stderr)


# ---- read once -------------------------------------------------------------------------------------


def test_the_frame_carries_the_package_the_deck_is_written_into(tmp_path: Path) -> None:
    path = tmp_path / "k.potm"
    shutil.copy(TEMPLATES / "macro.potm", path)
    frame = read_frame(path)
    expected = package_bytes(path)
    path.unlink()  # no second read: the Frame holds what was read
    assert package_of(frame) == expected
    assert b"vbaProject" not in expected


def test_no_template_no_package() -> None:
    assert package_of(default_frame()) is None
