"""The template reader: every corpus template read into a Frame, roles, styles, damage, package bytes."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import needs_soffice, run_cli
from deckbuild import frame as f
from deckbuild import roles
from deckbuild import template as t
from deckbuild.frame import default_frame
from deckbuild.roles import choose_layouts
from deckbuild.template import TemplateError, package_bytes, read_frame

TEMPLATES = Path(__file__).parent / "templates"
sys.path.insert(0, str(TEMPLATES))
import make_templates  # noqa: E402  (the corpus generator, beside the files it writes)

COMMITTED = sorted(p for p in TEMPLATES.iterdir() if p.suffix in t.SUFFIXES)


@pytest.fixture(scope="session")
def pandoc_ref(tmp_path_factory) -> Path:
    """pandoc's default reference.pptx (GPL-2+ data file): made here, never committed."""
    if not shutil.which("pandoc"):
        pytest.skip("pandoc is not installed")
    out = tmp_path_factory.mktemp("pandoc") / "pandoc-ref.pptx"
    with out.open("wb") as fh:
        subprocess.run(["pandoc", "--print-default-data-file", "reference.pptx"], stdout=fh, check=True, timeout=60)
    return out


@pytest.fixture(params=[p.name for p in COMMITTED] + ["pandoc-ref.pptx"])
def corpus(request) -> Path:
    if request.param == "pandoc-ref.pptx":
        return request.getfixturevalue("pandoc_ref")
    return TEMPLATES / request.param


def _sldsz(path: Path) -> tuple[float, float]:
    with zipfile.ZipFile(path) as z:
        xml = z.read("ppt/presentation.xml").decode("utf-8")
    m = re.search(r'<p:sldSz cx="(\d+)" cy="(\d+)"', xml)
    return int(m.group(1)) / 12700, int(m.group(2)) / 12700


def _layout_parts(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as z:
        return {n for n in z.namelist() if re.fullmatch(r"ppt/slideLayouts/slideLayout\d+\.xml", n)}


def test_corpus_has_the_kinds_the_brief_names() -> None:
    sizes = {p.name: _sldsz(p) for p in COMMITTED}
    assert len(COMMITTED) >= 8
    assert any(abs(w / h - 4 / 3) < 0.01 for w, h in sizes.values())  # a 4:3 one
    assert any(p.suffix == ".potx" for p in COMMITTED) and any(p.suffix == ".potm" for p in COMMITTED)
    assert sum(len(read_frame(p).masters) > 1 for p in COMMITTED) >= 2
    assert (TEMPLATES / "README.md").read_text(encoding="utf-8").count("| ") > 10
    for p in COMMITTED:
        assert p.stat().st_size < 200_000, f"{p.name} should stay small"


def test_frame_size_masters_and_layouts_match_the_file(corpus: Path) -> None:
    frame = read_frame(corpus)
    assert (frame.width, frame.height) == pytest.approx(_sldsz(corpus))
    assert {lay.part for lay in frame.layouts} == _layout_parts(corpus)
    for m in frame.masters:
        assert set(m.layouts) == {lay.part for lay in frame.layouts if lay.master == m.index}
    for lay in frame.layouts:
        for p in lay.placeholders:
            assert p.box.w > 0 and p.box.h > 0, (corpus.name, lay.name, p)
            assert len(p.levels) == 3 and all(s.size > 0 and s.color.hex.startswith("#") for s in p.levels)


def test_every_role_gets_a_layout_with_the_placeholders_it_needs(corpus: Path) -> None:
    frame = read_frame(corpus)
    choices = choose_layouts(frame)
    assert tuple(choices) == f.ROLES
    for role, c in choices.items():
        assert c.layout in frame.layouts, role
        assert c.layout.title is not None, (corpus.name, role, c)
    assert choices["title"].layout.subtitle is not None or len(choices["title"].layout.bodies) >= 1
    assert len(choices["content"].layout.bodies) >= 1
    assert choices["two"].how == "fallback" or len(choices["two"].layout.bodies) >= 2
    assert not choices["title-only"].layout.bodies or choices["title-only"].how == "fallback"


EXPECTED_ROLES = {
    "pandoc-ref.pptx": ("Title Slide", "Section Header", "Title and Content", "Two Content", "Title Only"),
    "coreoz-fr-4x3.pptx": ("Diapositive de titre", "Titre de section", "Titre et contenu", "Deux contenus", "Titre seul"),
    "korean.pptx": ("제목 슬라이드", "구역 머리글", "제목 및 내용", "콘텐츠 2개", "제목만"),
    "two-masters.pptx": ("Title Slide", "Section Header", "Title and Content", "Two Content", "Title Only"),
    "macro.potm": ("Title Slide", "Section Header", "Title and Content", "Two Content", "Title Only"),
    "lo-focus.pptx": ("Title Slide", "Title Slide", "Title, Content", "Title, 2 Content", "Title Only"),
    "lo-portfolio.pptx": ("Title Slide", "Title Slide", "Title, Content", "Title, 2 Content", "Title Only"),
    "lo-vivid.pptx": ("Title Slide", "Title Slide", "Title, Content", "Title, 2 Content", "Title Only"),
    "lo-dna.pptx": ("Title Slide", "Title Slide", "Title, Content", "Title, 2 Content", "Title Only"),
    "lo-lights.pptx": ("Title Slide", "Title Slide", "Title, Content", "Title, 2 Content", "Title Only"),
    "lo-metropolis.pptx": ("Title Slide", "Title Slide", "Title, Content", "Title, 2 Content", "Title Only"),
    "lo-midnightblue.pptx": ("Title Slide", "Title Slide", "Title, Content", "Title, 2 Content", "Title Only"),
    "lo-nature-illustration.pptx": ("Title Slide", "Title Slide", "Title, Content", "Title, 2 Content", "Title Only"),
    "lo-sunset.pptx": ("Title Slide", "Title Slide", "Title, Content", "Title, 2 Content", "Title Only"),
    # No section, two-column or title-only layouts: the divider takes the title layout, the rest "Conteúdo".
    "mecanon.potx": ("Título da Apresentação (Limpo - Logo Mecanon)", "Título da Apresentação (Limpo - Logo Mecanon)",
                     "Conteúdo", "Conteúdo", "Conteúdo"),
}


def test_roles_pick_the_usual_layouts(corpus: Path) -> None:
    choices = choose_layouts(read_frame(corpus))
    got = tuple(choices[r].layout.name for r in f.ROLES[:5])
    assert got == EXPECTED_ROLES[corpus.name]
    assert choices["closing"].layout == choices["content"].layout and choices["closing"].how == "fallback"


# PowerPoint's own names in other languages; the layouts lose their type attribute so that
# only placeholders and names are left to go by.
LANGUAGES = {
    "fr": ("Diapositive de titre", "En-tête de section", "Titre et contenu", "Deux contenus", "Titre seul"),
    "de": ("Titelfolie", "Abschnittsüberschrift", "Titel und Inhalt", "Zwei Inhalte", "Nur Titel"),
    "es": ("Diapositiva de título", "Encabezado de sección", "Título y objetos", "Dos objetos", "Solo el título"),
    "ja": ("タイトル スライド", "セクション見出し", "タイトルとコンテンツ", "2 つのコンテンツ", "タイトルのみ"),
    "zh-Hans": ("标题幻灯片", "节标题", "标题和内容", "两栏内容", "仅标题"),
    "zh-Hant": ("標題投影片", "章節標題", "標題及內容", "兩項物件", "只有標題"),
    "ko": ("제목 슬라이드", "구역 머리글", "제목 및 내용", "콘텐츠 2개", "제목만"),
}
ENGLISH = ("Title Slide", "Section Header", "Title and Content", "Two Content", "Title Only")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_layout_names_in_other_languages_are_recognised(lang: str, tmp_path: Path) -> None:
    names = dict(zip(ENGLISH, LANGUAGES[lang]))
    path = tmp_path / f"{lang}.pptx"
    path.write_bytes(make_templates.renamed(make_templates.base(), names, strip_types=True))
    choices = choose_layouts(read_frame(path))
    for role, name in zip(f.ROLES, LANGUAGES[lang]):
        c = choices[role]
        assert c.layout.name == name and f"name '{name}'" in c.why, (role, c)
        assert c.layout.type == "cust"


def test_names_decide_between_layouts_the_placeholders_cannot_tell_apart(tmp_path: Path) -> None:
    # "Section Header" and "Content with Caption" both have a title and a text body; with no type
    # attribute and the section layout renamed "구역 머리글", the name is what marks the divider.
    path = tmp_path / "ko.pptx"
    path.write_bytes(make_templates.renamed(make_templates.base(), {"Section Header": "간지"}, strip_types=True))
    frame = read_frame(path)
    assert choose_layouts(frame)["section"].layout.name == "간지"
    assert roles._name_role("1_Title Slide") == "title" and roles._name_role("  제목만 ") == "title-only"
    assert roles._name_role("Thank you") == "closing" and roles._name_role("Agenda") is None


def test_the_type_attribute_weighs_most(tmp_path: Path) -> None:
    # The divider layout renamed to something unhelpful keeps its type="secHead": still the divider.
    path = tmp_path / "typed.pptx"
    path.write_bytes(make_templates.renamed(make_templates.base(), {"Section Header": "Violet band", "Title Slide": "Agenda"}))
    choices = choose_layouts(read_frame(path))
    assert choices["section"].layout.name == "Violet band" and choices["section"].how == "type"
    assert choices["title"].layout.name == "Agenda" and choices["title"].how == "type"


def test_a_closing_layout_is_found_by_name(tmp_path: Path) -> None:
    path = tmp_path / "closing.pptx"
    path.write_bytes(make_templates.renamed(make_templates.base(), {"Title Only": "Thank you"}))
    choices = choose_layouts(read_frame(path))
    assert choices["closing"].layout.name == "Thank you" and choices["closing"].how == "name"


def test_theme_layouts_override_the_roles() -> None:
    frame = read_frame(TEMPLATES / "korean.pptx")
    choices = choose_layouts(frame, {"content": "콘텐츠 2개", "closing": "제목만"})
    assert choices["content"].layout.name == "콘텐츠 2개" and choices["content"].how == "theme.layouts"
    assert choices["closing"].layout.name == "제목만"


def test_branding_on_the_second_master_is_used() -> None:
    frame = read_frame(TEMPLATES / "two-masters.pptx")
    assert len(frame.masters) == 2 and frame.preferred_master == 1
    assert {c.layout.master for c in choose_layouts(frame).values()} == {1}
    brand = frame.masters[1]
    assert brand.background.kind == "solid" and brand.background.color.hex == "#0B1E3F"
    logo = next(a for a in brand.artwork if a.kind == "picture")
    assert logo.image.data.startswith(b"\x89PNG") and logo.image.content_type == "image/png"
    band = next(a for a in brand.artwork if a.kind == "shape")
    assert band.fill.color.hex == "#F2A900" and band.fill.color.scheme == "accent1" and band.text == "BRAND"
    assert band.box == f.Box(0, 504, 720, 36)
    # Its colour map turns tx1 to the light colour: titles on the dark master are white.
    title = frame.layout_named("Title and Content").title
    assert title.levels[0].color.hex == "#FFFFFF" and title.levels[0].color.scheme == "tx1"


def test_a_real_two_master_potx_takes_the_layouts_its_own_slides_use() -> None:
    frame = read_frame(TEMPLATES / "mecanon.potx")
    assert frame.kind == "potx" and len(frame.masters) == 2
    choices = choose_layouts(frame)
    assert choices["title"].layout.name == "Título da Apresentação (Limpo - Logo Mecanon)"
    assert choices["content"].layout.name == "Conteúdo" and choices["content"].layout.master == 0
    assert any(a.kind == "picture" and a.origin == "layout" for a in choices["title"].layout.artwork)
    # One copy of a logo however many layouts show it (a hostile template could repeat a big one).
    logos = [a.image for lay in frame.layouts for a in lay.artwork if a.image and a.image.part == "ppt/media/image1.jpg"]
    assert len(logos) > 1 and all(x is logos[0] for x in logos)


def test_libreoffice_templates_put_the_title_on_the_title_master_and_content_on_the_next() -> None:
    frame = read_frame(TEMPLATES / "lo-focus.pptx")
    choices = choose_layouts(frame)
    assert choices["title"].layout.master == 0
    assert choices["content"].layout.master == frame.preferred_master != 0


def test_inherited_geometry_and_text_styles() -> None:
    frame = read_frame(TEMPLATES / "korean.pptx")
    master = frame.masters[0]
    content = frame.layout_named("제목 및 내용")
    body, title = content.bodies[0], content.title
    # The layout's placeholders have no xfrm: they take the master's (§19.3.1.36).
    assert body.inherited and body.box == master.placeholder("body").box
    assert title.inherited and title.box == master.placeholder("title").box
    assert body.insets == f.Insets(7.2, 3.6, 7.2, 3.6) and title.anchor == "ctr" and title.autofit == "normal"
    l1, l2, l3 = body.levels
    assert (l1.size, l2.size, l3.size) == (32, 28, 24)
    assert (l1.bullet, l2.bullet, l3.bullet) == ("•", "–", "•") and l1.bullet_font == "Arial"
    assert l1.mar_l == pytest.approx(27) and l1.indent == pytest.approx(-27)
    assert l1.space_before == f.Spacing(percent=0.2)
    assert l1.latin == "맑은 고딕" and l1.color.hex == "#000000" and l1.color.scheme == "tx1"
    assert title.levels[0].size == 44 and title.levels[0].align == "ctr" and title.levels[0].bullet is None
    assert frame.theme.fonts.major_latin == "맑은 고딕" and frame.theme.fonts.minor_hang == "맑은 고딕"
    assert frame.theme.colors["accent1"] == "#13315C" and frame.theme.name == "한국 기관"
    sec = frame.layout_named("구역 머리글")
    assert not sec.title.inherited and sec.title.levels[0].size == 40 and sec.title.levels[0].bold
    assert {p.type for p in content.placeholders} >= {"dt", "ftr", "sldNum"}
    assert content.footer and content.date and content.slide_number


def test_backgrounds_dark_light_and_pictures() -> None:
    dark = read_frame(TEMPLATES / "lo-portfolio.pptx")
    for lay in dark.layouts:
        assert _luminance(lay.background.representative) < 0.05, lay.name
    light = read_frame(TEMPLATES / "korean.pptx")
    assert all(lay.background.representative == "#FFFFFF" for lay in light.layouts)
    vivid = read_frame(TEMPLATES / "lo-vivid.pptx")
    pictures = [lay for lay in vivid.layouts if lay.background.kind == "picture"]
    assert pictures and all(lay.background.image.data for lay in pictures)
    assert pictures[0].background.image.average() == "#FFFFFF"  # a white 32 × 32 texture
    band = next(a for a in pictures[0].artwork if a.fill and a.fill.kind == "pattern")
    assert band.fill.color.hex == "#3465A4" and band.box.y == 0  # the blue band across the top
    assert read_frame(TEMPLATES / "lo-focus.pptx").masters[0].artwork  # the coloured triangles


def test_show_master_shapes_off_hides_the_masters_artwork(tmp_path: Path) -> None:
    parts = make_templates.unpack((TEMPLATES / "two-masters.pptx").read_bytes())
    name = "ppt/slideLayouts/slideLayout13.xml"  # "Title and Content" of the branded master
    parts[name] = parts[name].replace(b'type="obj"', b'type="obj" showMasterSp="0"', 1)
    (tmp_path / "t.pptx").write_bytes(make_templates.pack(parts))
    frame = read_frame(tmp_path / "t.pptx")
    hidden = next(lay for lay in frame.layouts if lay.part == name)
    assert not hidden.show_master_shapes and not [a for a in hidden.artwork if a.origin == "master"]
    assert [a for a in frame.layout_named("Title Only").artwork if a.origin == "master"]


def _luminance(hex_: str) -> float:
    def lin(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(int(hex_[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_colour_transforms() -> None:
    hex_, alpha = f.apply_mods("#4F81BD", (("lumMod", 75000),))
    assert hex_ == "#2C5C8F" or _luminance(hex_) < _luminance("#4F81BD")
    assert f.apply_mods("#000000", (("lumMod", 50000), ("lumOff", 50000)))[0] == "#808080"
    assert f.apply_mods("#FFFFFF", (("alpha", 40000),)) == ("#FFFFFF", 0.4)


def test_no_template_is_the_default_frame() -> None:
    frame = default_frame()
    assert (frame.width, frame.height) == (960, 540) and not frame.layouts
    assert all(c.layout is None and c.grid for c in choose_layouts(frame).values())


def test_read_once_per_file_version(tmp_path: Path) -> None:
    import os

    path = tmp_path / "k.pptx"
    shutil.copy(TEMPLATES / "korean.pptx", path)
    first = read_frame(path)
    assert read_frame(path) is first
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert read_frame(path) is not first and read_frame(path) == first


# ---- damage ---------------------------------------------------------------------------------------


def _damaged(tmp_path: Path, change) -> Path:
    parts = make_templates.unpack((TEMPLATES / "korean.pptx").read_bytes())
    change(parts)
    path = tmp_path / "damaged.pptx"
    path.write_bytes(make_templates.pack(parts))
    return path


def _set(name: str, data: bytes):
    return lambda parts: parts.__setitem__(name, data)


def _drop(name: str):
    return lambda parts: parts.pop(name)


BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><p:sldLayout xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main">&lol3;</p:sldLayout>')


@pytest.mark.parametrize("change, message", [
    (_set("ppt/slideLayouts/slideLayout3.xml", b'<?xml version="1.0"?>\n<p:sldLayout\n xmlns:p="x">\n<p:cSld>\n</p:sld>'),
     "slide layout ppt/slideLayouts/slideLayout3.xml is not well-formed XML (line 5)"),
    (_drop("ppt/presentation.xml"), "template is not a PowerPoint file (no ppt/presentation.xml)"),
    (_drop("ppt/slideLayouts/slideLayout4.xml"), "slide layout ppt/slideLayouts/slideLayout4.xml is missing from the template"),
    (_drop("ppt/theme/theme1.xml"), "theme ppt/theme/theme1.xml is missing from the template"),
    (lambda parts: parts.__setitem__("ppt/presentation.xml", re.sub(rb"<p:sldMasterIdLst>.*</p:sldMasterIdLst>", b"", parts["ppt/presentation.xml"])),
     "template has no slide master"),
    (_set("ppt/slideLayouts/slideLayout2.xml", BOMB), "slide layout ppt/slideLayouts/slideLayout2.xml declares a DTD"),
    (lambda parts: parts.__setitem__("ppt/slideMasters/_rels/slideMaster1.xml.rels", parts["ppt/slideMasters/_rels/slideMaster1.xml.rels"].replace(b'Id="rId2"', b'Id="rId99"')),
     "slide master ppt/slideMasters/slideMaster1.xml refers to a missing slide layout (relationship rId2)"),
], ids=["malformed-layout", "no-presentation", "missing-layout", "missing-theme", "no-master", "entity-bomb", "dangling-rel"])
def test_damaged_templates_say_what_is_wrong(tmp_path: Path, change, message: str) -> None:
    path = _damaged(tmp_path, change)
    with pytest.raises(TemplateError) as e:
        read_frame(path)
    assert message in str(e.value)


def test_not_a_zip_and_too_big(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "x.pptx").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(TemplateError, match="not a ZIP archive"):
        read_frame(tmp_path / "x.pptx")
    shutil.copy(TEMPLATES / "lo-focus.pptx", tmp_path / "big.pptx")  # a copy: not in the cache
    monkeypatch.setattr(t.package, "MAX_TEMPLATE_BYTES", 100_000)
    with pytest.raises(TemplateError, match="unpacks to .* bytes; the limit is 200 MiB"):
        read_frame(tmp_path / "big.pptx")


def test_layout_count_is_limited(tmp_path: Path, monkeypatch) -> None:
    shutil.copy(TEMPLATES / "macro.potm", tmp_path / "many.potm")
    monkeypatch.setattr(t.reader, "MAX_LAYOUTS", 5)
    with pytest.raises(TemplateError, match="layouts; the limit is 5"):
        read_frame(tmp_path / "many.potm")


# ---- the outline ----------------------------------------------------------------------------------


def _outline(project, theme: str, slide: str = "") -> Path:
    """An outline whose theme lines start at line 3; the slide's extra lines follow the bullets."""
    shutil.copy(TEMPLATES / "korean.pptx", project.root / "company.pptx")
    text = "title: 테스트\ntheme:\n" + theme + "\nsections:\n  - id: a\n    title: 가\n    slides:\n      - title: 나\n        bullets: [다]\n"
    return project.write(text + slide)


def _problems(path: Path) -> list:
    from deckbuild.problems import OutlineError
    from deckbuild.validate import load

    try:
        return load(path)[1]
    except OutlineError as e:
        return e.problems


def test_theme_layouts_and_slide_layouts_are_checked_against_the_template(project) -> None:
    path = _outline(project, "  template: company.pptx\n  layouts: {section: 구역 머리글, content: 제목 및 내옹, cover: 제목만}",
                    "        layout: 제목만\n      - {title: 라, layout: 빈화면}\n")
    probs = {(p.span.line, p.span.col, p.code): p.message for p in _problems(path)}
    assert probs[(4, 39, "layout-unknown")].startswith("the template has no layout '제목 및 내옹' (did you mean '제목 및 내용'?); its layouts: '제목 슬라이드', ")
    assert any(k[:2] == (4, 48) and "unknown key 'cover'" in m for k, m in probs.items())
    assert "(did you mean '빈 화면'?)" in probs[(12, 28, "layout-unknown")]
    assert len(probs) == 3


def test_layouts_without_a_template_are_an_error(project) -> None:
    path = _outline(project, "  layouts: {title: 표지}", "        layout: 본문\n")
    probs = [p for p in _problems(path) if p.code == "layout-without-template"]
    assert [(p.span.line, p.message) for p in probs] == [
        (3, "layout '표지' needs theme.template: layouts come from the template"),
        (10, "layout '본문' needs theme.template: layouts come from the template"),
    ]


def test_the_model_keeps_layout_names_and_their_spans(project) -> None:
    from deckbuild.validate import load

    path = _outline(project, "  template: company.pptx\n  layouts: {closing: 제목만}", "        layout: 콘텐츠 2개\n")
    deck, _ = load(path)
    assert deck.theme.layouts == {"closing": "제목만"} and deck.theme.layout_spans["closing"].line == 4
    slide = next(deck.slides())
    assert slide.layout == "콘텐츠 2개" and slide.layout_span.line == 11


def test_potx_is_accepted_and_damage_is_an_outline_error(project) -> None:
    shutil.copy(TEMPLATES / "mecanon.potx", project.root / "brand.potx")
    ok = project.write("title: t\ntheme: {template: brand.potx}\nsections: [{id: a, title: b}]\n", "ok")
    assert not [p for p in _problems(ok) if p.level == "error"]
    (project.root / "brand.odp").write_bytes(b"x")
    bad = project.write("title: t\ntheme: {template: brand.odp}\nsections: [{id: a, title: b}]\n", "bad")
    assert [(p.span.line, p.span.col, p.code) for p in _problems(bad)] == [(2, 19, "template-type")]
    parts = make_templates.unpack((TEMPLATES / "korean.pptx").read_bytes())
    parts["ppt/slideLayouts/slideLayout3.xml"] = b"<p:sldLayout"
    (project.root / "broken.pptx").write_bytes(make_templates.pack(parts))
    broken = project.write("title: t\ntheme: {template: broken.pptx}\nsections: [{id: a, title: b}]\n", "broken")
    [p] = _problems(broken)
    assert (p.span.line, p.span.col, p.code) == (2, 19, "template-unreadable")
    assert p.message == "slide layout ppt/slideLayouts/slideLayout3.xml is not well-formed XML (line 1)"


def test_check_template_info_lists_every_layout_and_the_roles(project) -> None:
    shutil.copy(TEMPLATES / "two-masters.pptx", project.root / "brand.pptx")
    project.write("title: t\ntheme: {template: brand.pptx}\nsections: [{id: a, title: b}]\n", "with")
    project.write("title: t\nsections: [{id: a, title: b}]\n", "without")
    r = run_cli("check", "--template-info", cwd=project.root)
    assert r.returncode == 0, r.stderr
    out = r.stdout
    frame = read_frame(project.root / "brand.pptx")
    for lay in frame.layouts:
        assert f"layout '{lay.name}' (type {lay.type}) [{lay.part}]" in out
    assert "slide size 720 × 540 pt" in out and "master 2 (preferred)" in out
    assert "    section: 'Section Header' of master 2 — by type: type secHead" in out
    assert "ctrTitle idx 0: 54,167.8 612 × 115.8 pt" in out
    assert "deck/without.yaml: no theme.template" in out


# ---- bytes for python-pptx ------------------------------------------------------------------------


def test_every_template_becomes_a_package_python_pptx_opens(corpus: Path) -> None:
    from pptx import Presentation

    prs = Presentation(io.BytesIO(package_bytes(corpus)))
    frame = read_frame(corpus)
    assert [len(m.slide_layouts) for m in prs.slide_masters] == [len(m.layouts) for m in frame.masters]
    assert (prs.slide_width / 12700, prs.slide_height / 12700) == pytest.approx((frame.width, frame.height))


def test_package_bytes_drop_the_macros_and_keep_everything_else() -> None:
    src = TEMPLATES / "macro.potm"
    with zipfile.ZipFile(src) as z:
        before = {n: z.read(n) for n in z.namelist()}
    with zipfile.ZipFile(io.BytesIO(package_bytes(src))) as z:
        after = {n: z.read(n) for n in z.namelist()}
    assert set(before) - set(after) == {"ppt/vbaProject.bin"}
    changed = {n for n in after if after[n] != before[n]}
    assert changed == {"[Content_Types].xml", "ppt/_rels/presentation.xml.rels"}
    assert b"vbaProject" not in after["[Content_Types].xml"] and b"macroEnabled" not in after["[Content_Types].xml"]
    assert b"presentationml.presentation.main+xml" in after["[Content_Types].xml"]
    assert b"vbaProject" not in after["ppt/_rels/presentation.xml.rels"] and b"fonts/font1.fntdata" in after["ppt/_rels/presentation.xml.rels"]
    for kept in ("ppt/fonts/font1.fntdata", "customXml/item1.xml", "customXml/itemProps1.xml", "ppt/presentation.xml"):
        assert after[kept] == before[kept]


def test_package_bytes_of_a_damaged_template_fail_with_the_reason(tmp_path: Path) -> None:
    path = _damaged(tmp_path, _drop("ppt/slideLayouts/slideLayout4.xml"))
    with pytest.raises(TemplateError, match="slideLayout4.xml is missing"):
        package_bytes(path)


# ---- against LibreOffice -----------------------------------------------------------------------


@needs_soffice
@pytest.mark.slow
def test_inherited_placeholder_geometry_is_where_libreoffice_draws_the_text(tmp_path: Path) -> None:
    """A slide on a layout whose placeholders inherit their place from the master: LibreOffice
    draws the title and the first bullet inside the boxes the Frame gives (insets included)."""
    pdfplumber = pytest.importorskip("pdfplumber")
    from pptx import Presentation

    from conftest import soffice_to_pdf

    frame = read_frame(TEMPLATES / "korean.pptx")
    lay = frame.layout_named("제목 및 내용")
    prs = Presentation(io.BytesIO(package_bytes(TEMPLATES / "korean.pptx")))
    slide = prs.slides.add_slide(next(x for x in prs.slide_layouts if x.name == lay.name))
    slide.shapes.title.text = "TITLEWORD"
    slide.placeholders[1].text_frame.text = "BODYWORD"
    deck = tmp_path / "slide.pptx"
    prs.save(str(deck))
    with pdfplumber.open(soffice_to_pdf(deck, tmp_path)) as pdf:
        page = pdf.pages[0]
        assert page.width == pytest.approx(frame.width, abs=1)
        words = {w["text"]: w for w in page.extract_words()}
    for word, ph in (("TITLEWORD", lay.title), ("BODYWORD", lay.bodies[0])):
        w, b = words[word], ph.box
        assert b.x + ph.insets.left - 1 <= w["x0"] and w["x1"] <= b.right - ph.insets.right + 1, (word, w, b)
        assert b.y - 1 <= w["top"] and w["bottom"] <= b.bottom + 1, (word, w, b)
    # The title is centred (titleStyle algn=ctr, anchor ctr); the bullet text starts after marL.
    title = words["TITLEWORD"]
    assert (title["x0"] + title["x1"]) / 2 == pytest.approx(lay.title.box.x + lay.title.box.w / 2, abs=3)
    assert (title["top"] + title["bottom"]) / 2 == pytest.approx(lay.title.box.y + lay.title.box.h / 2, abs=6)
    assert words["BODYWORD"]["x0"] == pytest.approx(lay.bodies[0].box.x + lay.bodies[0].insets.left + lay.bodies[0].levels[0].mar_l, abs=2)


def _variant(tmp_path: Path, name: str, change) -> f.Frame:
    parts = make_templates.unpack((TEMPLATES / "korean.pptx").read_bytes())
    change(parts)
    path = tmp_path / name
    path.write_bytes(make_templates.pack(parts))
    return read_frame(path)


def _master_bg(bg: bytes):
    def change(parts):
        name = "ppt/slideMasters/slideMaster1.xml"
        parts[name] = re.sub(rb"<p:bg>.*?</p:bg>", b"<p:bg>" + bg + b"</p:bg>", parts[name], count=1, flags=re.S)
    return change


def test_gradient_backgrounds_own_and_from_the_theme(tmp_path: Path) -> None:
    own = _variant(tmp_path, "grad.pptx", _master_bg(
        b'<p:bgPr><a:gradFill><a:gsLst><a:gs pos="0"><a:schemeClr val="accent1"/></a:gs><a:gs pos="100000"><a:srgbClr val="000000"/></a:gs>'
        b'</a:gsLst><a:lin ang="5400000" scaled="0"/></a:gradFill><a:effectLst/></p:bgPr>'))
    bg = own.layouts[0].background
    assert bg.kind == "gradient" and bg.angle == 90 and [s.position for s in bg.stops] == [0, 1]
    assert bg.stops[0].color == f.Color("#13315C", "accent1") and bg.representative == "#0A182E"
    # bgRef 1003: the theme's third background fill, a gradient of the reference's colour (phClr).
    ref = _variant(tmp_path, "ref.pptx", _master_bg(b'<p:bgRef idx="1003"><a:schemeClr val="tx2"/></p:bgRef>'))
    bg = ref.layouts[0].background
    assert bg.kind == "gradient" and bg.angle is None and len(bg.stops) == 2
    assert bg.stops[0].color.scheme == "tx2" and dict(bg.stops[0].color.mods)["tint"] == 80000
    assert _luminance(bg.stops[1].color.hex) < _luminance(bg.stops[0].color.hex)


def test_grouped_artwork_is_placed_through_the_group_transform(tmp_path: Path) -> None:
    group = (b'<p:grpSp><p:nvGrpSpPr><p:cNvPr id="80" name="Group"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm>'
             b'<a:off x="1270000" y="635000"/><a:ext cx="2540000" cy="1270000"/><a:chOff x="0" y="0"/><a:chExt cx="1270000" cy="635000"/></a:xfrm></p:grpSpPr>'
             b'<p:sp><p:nvSpPr><p:cNvPr id="81" name="Dot"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="635000" y="0"/><a:ext cx="127000" cy="127000"/></a:xfrm>'
             b'<a:prstGeom prst="ellipse"><a:avLst/></a:prstGeom><a:solidFill><a:schemeClr val="accent2"/></a:solidFill></p:spPr></p:sp></p:grpSp>')

    def change(parts):
        name = "ppt/slideMasters/slideMaster1.xml"
        parts[name] = parts[name].replace(b"</p:grpSpPr>", b"</p:grpSpPr>" + group, 1)

    frame = _variant(tmp_path, "group.pptx", change)
    [dot] = frame.masters[0].artwork
    # Children scale by ext/chExt = 2 and move by off: x = 100 + 50·2, y = 50, w = h = 10·2.
    assert dot.box == f.Box(200, 50, 20, 20) and dot.geometry == "ellipse" and dot.fill.color.hex == "#C8102E"
    assert all(dot in lay.artwork for lay in frame.layouts)


# ---- the package's house ----------------------------------------------------------------------------


def test_template_package_modules_are_small_and_import_no_heavy_module_at_load() -> None:
    import ast

    folder = Path(t.__file__).parent
    for path in sorted(folder.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 400, path.name
        tree = ast.parse(text)
        assert ast.get_docstring(tree), path.name
        top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
        names = {a.name for n in top if isinstance(n, ast.Import) for a in n.names} | {n.module for n in top if isinstance(n, ast.ImportFrom) and n.module}
        assert not names & {"lxml", "lxml.etree", "PIL", "pptx"}, path.name
