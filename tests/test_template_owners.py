"""Templates as their owners made them (issue 17 §2): each crafted at test time by
tests/wild/make_templates.py (`OWNERS`), the sample built in it, and the deck read back — which
layout each slide took, and the colour of every run deckbuild chose against what lies behind it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from lxml import etree

from deckbuild import frame as f
from deckbuild.layout.charts import contrast
from deckbuild.roles import choose_layouts
from deckbuild.template import read_frame
from test_template_decks import NS, build, check_legible, check_placeholders, check_titles, parts, slide_layout

_spec = importlib.util.spec_from_file_location("wild_make_templates", Path(__file__).parent / "wild" / "make_templates.py")
wild = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(wild)

# The layout each role takes, by name: the owner's.
ROLES = {
    "section-first": {"title": "Title Slide", "section": "Section Header", "content": "Title and Content",
                      "two": "Two Content", "title-only": "Title Only"},
    "church": {"title": "제목 슬라이드", "section": "제목 슬라이드", "content": "찬양 제목", "two": "찬양 제목",
               "title-only": "찬양 제목", "closing": "찬양 제목"},
    "grey": {"title": "Title Slide", "section": "Section Header", "content": "Title and Content", "two": "Two Content"},
}


_BUILT: dict[str, dict] = {}


def built(case: str, tmp_path_factory) -> dict:
    """The sample built in the owner's template `case` (once per test session)."""
    if case not in _BUILT:
        folder = tmp_path_factory.mktemp(case)
        path = folder / f"owner-{case}.pptx"
        path.write_bytes(wild.owner(case))
        plan, frame, pptx, _ = build(path, folder / "project")
        _BUILT[case] = {"case": case, "name": path.name, "template": path, "plan": plan, "frame": frame, "pptx": pptx}
    return _BUILT[case]


@pytest.fixture(params=sorted(wild.OWNERS))
def owned(request, tmp_path_factory):
    return built(request.param, tmp_path_factory)


def _runs(z, name: str, xpath: str):
    root = etree.fromstring(z.read(name))
    return [r for sp in root.xpath(xpath, namespaces=NS) for r in sp.xpath(".//a:r/a:rPr | .//a:fld/a:rPr", namespaces=NS)]


def _scheme(rpr) -> tuple[str | None, tuple[str, ...], str | None]:
    """(scheme slot, its transforms, RGB) of a run's solid fill."""
    clr = rpr.find("a:solidFill", NS)[0]
    if clr.tag.endswith("srgbClr"):
        return None, (), "#" + clr.get("val")
    return clr.get("val"), tuple(etree.QName(m).localname for m in clr), None


def test_each_role_takes_the_owners_layout(owned) -> None:
    choices = choose_layouts(owned["frame"])
    for role, name in ROLES[owned["case"]].items():
        assert choices[role].layout.name == name, (role, choices[role])
    # In the deck: the title slide on its layout, dividers on theirs, every slide on a layout with a title.
    z, names = parts(owned["pptx"])
    layouts = {lay.part: lay for lay in owned["frame"].layouts}
    used = [layouts[slide_layout(z, n)] for n in names]
    assert used[0].name == ROLES[owned["case"]]["title"]
    kinds = [ps.kind for ps in owned["plan"].slides]
    assert {lay.name for lay, k in zip(used, kinds) if k == "divider"} == {ROLES[owned["case"]]["section"]}
    assert all(lay.title is not None for lay in used)


def test_the_decks_invariants_hold(owned) -> None:
    check_titles(owned)
    check_placeholders(owned)
    assert check_legible(owned) == []  # no picture background: every run judged


def test_a_layout_whose_title_lies_off_the_slide_is_never_chosen() -> None:
    frame = read_frame_of("section-first")
    off = [lay for lay in frame.layouts if lay.name == "1_Title and Content"]
    assert off and off[0].title.box.bottom < 0
    assert all(c.layout is not off[0] for c in choose_layouts(frame).values())


def test_no_role_takes_a_layout_without_a_title_while_one_has_a_title() -> None:
    frame = read_frame_of("church")
    assert any(lay.title is None for lay in frame.layouts)  # 찬양 가사 and 빈 화면
    for role, c in choose_layouts(frame).items():
        assert c.layout.title is not None, (role, c)


def read_frame_of(case: str, folder: Path | None = None) -> f.Frame:
    import tempfile

    path = Path(folder or tempfile.mkdtemp()) / f"owner-{case}.pptx"
    path.write_bytes(wild.owner(case))
    return read_frame(path)


@pytest.mark.parametrize("case", ["section-first", "church"])
def test_titles_on_a_dark_band_take_the_templates_light_text_colour(case, tmp_path_factory) -> None:
    owned = built(case, tmp_path_factory)
    z, names = parts(owned["pptx"])
    on_band = 0
    for ps, name in zip(owned["plan"].slides, names):
        title = next(b for b in ps.boxes if getattr(b, "role", "") == "title")
        if title.y > 120:  # the church's title slide: its centred title lies below the band, on white
            continue
        for rpr in _runs(z, name, ".//p:sp[p:nvSpPr/p:nvPr/p:ph[@type='title' or @type='ctrTitle']]"):
            assert _scheme(rpr)[:2] == ("bg1", ()), (name, _scheme(rpr))  # a theme reference: re-colouring still works
            on_band += 1
    assert on_band >= len(names) - 2
    assert contrast("#FFFFFF", "#" + wild.GREEN) >= 4.5


def test_accent_headings_on_grey_stay_the_accent_darkened_and_read(tmp_path_factory) -> None:
    owned = built("grey", tmp_path_factory)
    assert contrast("#" + wild.ACCENT, "#" + wild.GREY_BG) < 3  # the template's accent itself would not read
    z, names = parts(owned["pptx"])
    master = owned["frame"].masters[0]
    heads = 0
    for ps, name in zip(owned["plan"].slides, names):
        if ps.kind != "columns":
            continue
        for box in (b for b in ps.boxes if getattr(b, "role", "") == "column"):
            head = box.paras[0]
            assert head.color.scheme == "accent1" and ("lumMod", 75000) in head.color.mods, head.color
            assert contrast(head.color.hex, "#" + wild.GREY_BG) >= 3.0
            heads += 1
        runs = [_scheme(r) for r in _runs(z, name, ".//p:sp")]
        assert ("accent1", ("lumMod",), None) in runs
    assert heads >= 4
    assert master.background.representative == "#" + wild.GREY_BG


def test_the_section_summary_reads_and_the_templates_slide_number_keeps_its_colour(tmp_path_factory) -> None:
    owned = built("grey", tmp_path_factory)
    z, names = parts(owned["pptx"])
    for ps, name in zip(owned["plan"].slides, names):
        if ps.kind == "divider":
            summary = next(b for b in ps.boxes if b.role == "subtitle")
            p = summary.paras[0]
            assert p.size < 18 and contrast(p.color.hex, "#" + wild.GREY_BG) >= 4.5, p.color
            assert contrast("#" + wild.SUMMARY_GREY, "#" + wild.GREY_BG) < 4.5  # the template's own grey would not
        numbers = _runs(z, name, ".//p:sp[p:nvSpPr/p:nvPr/p:ph[@type='sldNum']]")
        assert numbers and all(_scheme(r)[2] == "#" + wild.PALE_NUMBER for r in numbers), name
