"""The sample briefing built in every corpus template (issue #8): the deck is the template's deck —
its size, its layouts by role, text in its placeholders, one slide number, no empty placeholder,
legible colours, valid XML — and LibreOffice draws every character inside its box; the handout's
thumbnails show the template's backgrounds."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT, SAMPLE, needs_soffice, soffice_to_pdf
from deckbuild.layout import charts
from deckbuild.fonts import FontSet
from deckbuild.grid import scheme_color
from deckbuild.layout import layout
from deckbuild.render.pdf import render_pdf
from deckbuild.render.pptx import render_pptx
from deckbuild.roles import choose_layouts
from deckbuild.template import SUFFIXES, package_bytes, read_frame
from deckbuild.validate import load
from deckbuild.write import normalize_zip

TEMPLATES = ROOT / "tests" / "templates"
COMMITTED = sorted(p.name for p in TEMPLATES.iterdir() if p.suffix in SUFFIXES)
# Real templates whose licences keep them out of the repository (pandoc's GPL test references): built
# too where a folder of them is at hand — $DECKBUILD_MORE_TEMPLATES, else ../shared/templates beside
# the checkout (see tests/templates/README.md); a fresh clone builds the committed ones only.
MORE = Path(os.environ.get("DECKBUILD_MORE_TEMPLATES") or ROOT.parent / "shared" / "templates")
EXTRA = sorted(str(p) for p in MORE.rglob("*") if p.suffix in SUFFIXES) if MORE.is_dir() else []
NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
EMU = 12700


def _template(name: str, tmp_path_factory) -> Path:
    if name in EXTRA:
        return Path(name)
    if name != "pandoc-ref.pptx":
        return TEMPLATES / name
    if not shutil.which("pandoc"):
        pytest.skip("pandoc is not installed")
    out = tmp_path_factory.mktemp("pandoc") / name
    with out.open("wb") as fh:
        subprocess.run(["pandoc", "--print-default-data-file", "reference.pptx"], stdout=fh, check=True, timeout=60)
    return out


def build(template: Path, folder: Path, handout: str | None = None):
    """The sample with `theme.template` set, in a project of its own: (plan, frame, pptx bytes, fonts)."""
    (folder / "deck").mkdir(parents=True, exist_ok=True)
    shutil.copy(template, folder / template.name)
    shutil.copytree(SAMPLE.parents[1] / "data", folder / "data", dirs_exist_ok=True)  # the sample's data files
    text = SAMPLE.read_text(encoding="utf-8").replace("\ntheme:\n", f"\ntheme:\n  template: {template.name}\n", 1)
    if handout:
        text = text.replace("  layout: article\n", f"  layout: {handout}\n", 1)
    outline = folder / "deck" / "brief.yaml"
    outline.write_text(text, encoding="utf-8")
    deck, _ = load(outline)
    fonts = FontSet(deck.theme.fonts)
    plan = layout(deck, fonts)
    pptx = normalize_zip(render_pptx(plan, fonts, package_bytes(deck.theme.template)))
    return plan, read_frame(deck.theme.template), pptx, fonts


@pytest.fixture(scope="module", params=COMMITTED + ["pandoc-ref.pptx"] + EXTRA,
                ids=lambda name: Path(name).name)
def deck(request, tmp_path_factory):
    template = _template(request.param, tmp_path_factory)
    plan, frame, pptx, fonts = build(template, tmp_path_factory.mktemp(template.stem))
    return {"name": Path(request.param).name, "template": template, "plan": plan, "frame": frame, "pptx": pptx, "fonts": fonts}


def parts(pptx: bytes):
    import zipfile

    z = zipfile.ZipFile(io.BytesIO(pptx))
    return z, sorted((n for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)), key=lambda n: int(re.findall(r"\d+", n)[0]))


def slide_layout(z, name: str) -> str:
    rels = etree.fromstring(z.read(name.replace("slides/", "slides/_rels/") + ".rels"))
    target = next(r.get("Target") for r in rels if r.get("Type").endswith("/slideLayout"))
    return "ppt/slideLayouts/" + target.rsplit("/", 1)[1]


def test_the_deck_has_the_templates_size(deck) -> None:
    z, _ = parts(deck["pptx"])
    size = etree.fromstring(z.read("ppt/presentation.xml")).find("p:sldSz", NS)
    assert (int(size.get("cx")) / EMU, int(size.get("cy")) / EMU) == pytest.approx((deck["frame"].width, deck["frame"].height), abs=0.01)
    assert (deck["plan"].width, deck["plan"].height) == pytest.approx((deck["frame"].width, deck["frame"].height))


def test_titles_sit_in_the_layouts_title_placeholder(deck) -> None:
    check_titles(deck)


def check_titles(deck) -> None:
    """Every slide's title in the one title placeholder of its layout (where the layout puts it, unless
    deckbuild moved it), and every slide on a layout with a title placeholder."""
    z, names = parts(deck["pptx"])
    frame, plan = deck["frame"], deck["plan"]
    layouts = {lay.part: lay for lay in frame.layouts}
    for name, ps in zip(names, plan.slides):
        root = etree.fromstring(z.read(name))
        lay = layouts[slide_layout(z, name)]
        assert lay.part == ps.layout
        assert lay.title is not None, (deck["name"], name, lay.name)
        titles = root.xpath(".//p:sp[p:nvSpPr/p:nvPr/p:ph[@type='title' or @type='ctrTitle']]", namespaces=NS)
        assert len(titles) == 1, (name, ps.title)
        text = "".join(titles[0].xpath(".//a:t/text()", namespaces=NS))
        assert text.replace(" ", "") == ps.title.replace(" ", "") or ps.kind == "divider", (name, text, ps.title)
        if lay.title is not None:
            xfrm = titles[0].find("p:spPr/a:xfrm", NS)
            if xfrm is None:  # where the layout puts it: the plan drew it there too
                box = next(b for b in ps.boxes if getattr(b, "role", "") == "title")
                assert (box.x, box.y, box.w, box.h) == pytest.approx((lay.title.box.x, lay.title.box.y, lay.title.box.w, lay.title.box.h))


def test_each_role_uses_its_layout(deck) -> None:
    frame, plan = deck["frame"], deck["plan"]
    choices = choose_layouts(frame)
    by_kind = {"title": "title", "divider": "section", "bullets": "content", "chart": "title-only", "columns": "two", "sources": "closing"}
    for ps in plan.slides:
        role = by_kind.get(ps.kind)
        if role:
            assert ps.layout == choices[role].layout.part, (ps.number, ps.kind)
    # The title slide is the title layout; where the template has a section layout, dividers use it.
    assert choices["title"].layout.title is not None
    if choices["section"].how != "fallback":
        assert any(ps.kind == "divider" and ps.layout == choices["section"].layout.part for ps in plan.slides)


def test_no_empty_placeholder_and_one_slide_number(deck) -> None:
    check_placeholders(deck)


def check_placeholders(deck) -> None:
    z, names = parts(deck["pptx"])
    for n, name in enumerate(names, 1):
        root = etree.fromstring(z.read(name))
        for sp in root.xpath(".//p:sp[p:nvSpPr/p:nvPr/p:ph]", namespaces=NS):
            assert "".join(sp.xpath(".//a:t/text()", namespaces=NS)).strip(), (name, etree.tostring(sp)[:200])
        numbers = root.xpath(".//p:sp[p:nvSpPr/p:nvPr/p:ph[@type='sldNum']]", namespaces=NS)
        own = [sp for sp in root.xpath(".//p:sp", namespaces=NS) if sp.find("p:nvSpPr/p:cNvPr", NS).get("name", "").startswith("number ")
               and sp not in numbers]
        assert len(numbers) + len(own) <= 1, name
        if numbers:  # a field, so the number stays right when slides move
            assert numbers[0].xpath(".//a:fld[@type='slidenum']/a:t/text()", namespaces=NS) == [str(n)]


def _run_color(rpr, master) -> str | None:
    fill = rpr.find("a:solidFill", NS)
    if fill is None:
        return None
    clr = fill[0]
    if clr.tag.endswith("srgbClr"):
        return "#" + clr.get("val")
    mods = tuple((etree.QName(m).localname, int(m.get("val"))) for m in clr)
    return scheme_color(master, clr.get("val"), mods).hex


def test_every_run_is_legible(deck) -> None:
    check_legible(deck)


TEMPLATE_OWN = ("number ", "date ", "footer ")  # shape names deckbuild gives the template's own number, date, footer


def _box_of(shape, lay) -> tuple[float, float, float, float] | None:
    xfrm = shape.find("p:spPr/a:xfrm", NS)
    if xfrm is not None:
        off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
        return int(off.get("x")) / EMU, int(off.get("y")) / EMU, int(ext.get("cx")) / EMU, int(ext.get("cy")) / EMU
    p = _layout_placeholder(shape, lay)
    return (p.box.x, p.box.y, p.box.w, p.box.h) if p is not None else None


def _layout_placeholder(shape, lay):
    ph = shape.find("p:nvSpPr/p:nvPr/p:ph", NS)
    if ph is None:
        return None
    type_, idx = ph.get("type") or "obj", int(ph.get("idx") or 0)
    same = [p for p in lay.placeholders if p.type == type_ or (type_ == "title" and p.type == "ctrTitle")]
    return next((p for p in same if p.idx == idx), same[0] if same else None)


def _art_colors(a, box) -> tuple[str, ...]:
    """What a piece of the layout's artwork shows under `box`: a shape's fill (a linear gradient's
    colours along the box, every stop of another), a picture's average colour; nothing for a fill
    too transparent to hide what lies under it."""
    if a.kind == "picture":
        avg = a.image.average() if a.image is not None else None
        return (avg,) if avg else ()
    if a.fill is None or not a.fill.representative:
        return ()
    colors = [a.fill.color] if a.fill.kind != "gradient" else [s.color for s in a.fill.stops]
    if any(c is not None and c.alpha < 0.5 for c in colors):
        return ()
    if a.fill.kind == "gradient" and a.fill.angle is not None and len(a.fill.stops) > 1:
        from deckbuild.grid import _along, _linear  # the gradient's geometry, not how layout judged it

        return _along(_linear(a.fill), (a.box.x, a.box.y, a.box.w, a.box.h), box)
    return tuple(c.hex for c in colors if c is not None) or (a.fill.representative,)


def check_legible(deck) -> list[str]:
    """Every run deckbuild coloured keeps 4.5:1 contrast (3:1 from 18 pt or 14 pt bold) with what lies
    behind it — its placeholder's own fill (the slide's, else the layout's or master's), else a card
    or table cell of the slide, else the layout's artwork, else its background — read from the deck.
    The template's own slide number, date and footer keep the template's colours and are not judged.
    Returns the layouts skipped (picture backgrounds, judged by layout on the picture's colours)."""
    z, names = parts(deck["pptx"])
    frame = deck["frame"]
    layouts = {lay.part: lay for lay in frame.layouts}
    checked, skipped = 0, []
    for name in names:
        lay = layouts[slide_layout(z, name)]
        if lay.background.kind == "picture":
            skipped.append(lay.name)
            continue
        master = frame.masters[lay.master]
        root = etree.fromstring(z.read(name))
        own_bg = root.find("p:cSld/p:bg/p:bgPr/a:solidFill/a:srgbClr", NS)
        cards = []
        for shape in root.xpath(".//p:sp", namespaces=NS):
            if shape.find("p:nvSpPr/p:cNvPr", NS).get("name", "").startswith(TEMPLATE_OWN):
                continue
            box = _box_of(shape, lay)
            if box is None:
                continue
            fill = _run_color(shape.find("p:spPr", NS), master) if shape.find("p:spPr/a:solidFill", NS) is not None else None
            if fill is not None and shape.find("p:txBody", NS) is None:
                cards.append((*box, fill))
                continue
            if fill is None:  # a placeholder's inherited fill is drawn behind its text
                p = _layout_placeholder(shape, lay)
                fill = p.fill.representative if p is not None and p.fill is not None else None
            cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
            behind = fill or next((h for x, y, w, hh, h in reversed(cards) if x <= cx <= x + w and y <= cy <= y + hh), None)
            if behind is None:
                art = [_art_colors(a, box) for a in lay.artwork if _art_colors(a, box) and a.box.x <= cx <= a.box.right and a.box.y <= cy <= a.box.bottom]
                behind = art[-1] if art else ("#" + own_bg.get("val") if own_bg is not None else lay.background.representative)
            behind = (behind,) if isinstance(behind, str) else behind
            for rpr in shape.xpath(".//a:r/a:rPr | .//a:fld/a:rPr", namespaces=NS):
                color = _run_color(rpr, master)
                if color is None:
                    continue
                size, bold = int(rpr.get("sz")) / 100, rpr.get("b") == "1"
                need = 3.0 if size >= 18 or (bold and size >= 14) else 4.5
                ratio = min(charts.contrast(color, b) for b in behind)
                assert ratio >= need - 0.01, f"{deck['name']} {name}: {color} on {behind} at {size} pt: {ratio:.2f}:1"
                checked += 1
        for tc in root.xpath(".//a:tc", namespaces=NS):
            clr = tc.find("a:tcPr/a:solidFill", NS)
            if clr is None:
                continue
            fill = "#" + clr[0].get("val") if clr[0].tag.endswith("srgbClr") else scheme_color(
                master, clr[0].get("val"), tuple((etree.QName(m).localname, int(m.get("val"))) for m in clr[0])).hex
            for rpr in tc.xpath(".//a:r/a:rPr", namespaces=NS):
                color = _run_color(rpr, master)
                size, bold = int(rpr.get("sz")) / 100, rpr.get("b") == "1"
                need = 3.0 if size >= 18 or (bold and size >= 14) else 4.5
                assert charts.contrast(color, fill) >= need - 0.01, (deck["name"], name, color, fill)
                checked += 1
    assert checked or len(skipped) == len(names), deck["name"]
    return skipped


def test_the_deck_adds_no_error_beyond_the_templates_own(deck, tmp_path) -> None:
    """Checked against ECMA-376, the deck has no error its template does not have already (a
    template that validates gives a deck that validates)."""
    audit = pytest.importorskip("openxml_audit")
    own = tmp_path / ("template" + ".pptx")
    own.write_bytes(package_bytes(deck["template"]))
    template_errors = {str(e) for e in audit.validate_pptx(str(own)).errors}
    path = tmp_path / "deck.pptx"
    path.write_bytes(deck["pptx"])
    added = [str(e) for e in audit.validate_pptx(str(path)).errors if str(e) not in template_errors]
    assert added[:5] == []


def test_the_templates_parts_survive(deck) -> None:
    """Whatever the template carries (media, embedded fonts, custom XML, tags) is in the deck."""
    import zipfile

    keep = [n for n in zipfile.ZipFile(io.BytesIO(package_bytes(deck["template"]))).namelist()
            if n.startswith(("ppt/media/", "ppt/fonts/", "customXml/", "ppt/tags/", "ppt/theme/", "ppt/slideMasters/", "ppt/slideLayouts/"))
            and not n.endswith((".rels", "/"))]  # not the folder entries some zips carry
    z, _ = parts(deck["pptx"])
    have = set(z.namelist())
    # Media used only by the template's own (dropped) slides may go with them.
    missing = [n for n in keep if n not in have and not n.startswith("ppt/media/")]
    assert not missing, missing


@needs_soffice
@pytest.mark.slow
@pytest.mark.parametrize("name", ["korean.pptx", "lo-portfolio.pptx", "mecanon.potx"])
def test_libreoffice_draws_every_character_inside_its_box(name, tmp_path) -> None:
    from test_libreoffice import assert_inside_boxes

    plan, _, pptx, _ = build(TEMPLATES / name, tmp_path)
    path = tmp_path / "brief.pptx"
    path.write_bytes(pptx)
    assert_inside_boxes(plan, soffice_to_pdf(path, tmp_path))


def test_a_dark_templates_thumbnails_are_dark(tmp_path) -> None:
    import pdfplumber

    plan, frame, _, fonts = build(TEMPLATES / "lo-portfolio.pptx", tmp_path, handout="grid")
    assert plan.slides[1].backdrop.fill.hex == "#000000"
    with pdfplumber.open(io.BytesIO(render_pdf(plan, fonts))) as pdf:
        page = pdf.pages[2]  # after the cover and the contents
        dark = [r for r in page.rects if r["width"] > 100 and r.get("non_stroking_color") in ((0, 0, 0), [0, 0, 0], (0.0, 0.0, 0.0))]
    assert dark, "the thumbnails of a black template are drawn black"


def test_the_footer_written_on_the_templates_own_slides_is_kept(tmp_path) -> None:
    """PowerPoint keeps a deck's footer text on its slides: the template's own slide says it once,
    every slide with a footer placeholder repeats it (pandoc does the same); a chart's source wins."""
    from pptx import Presentation
    from pptx.oxml import parse_xml

    from conftest import MINIMAL, run_cli

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes._spTree.append(parse_xml(
        f'<p:sp xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"><p:nvSpPr><p:cNvPr id="9" name="Footer"/><p:cNvSpPr/>'
        '<p:nvPr><p:ph type="ftr" sz="quarter" idx="11"/></p:nvPr></p:nvSpPr><p:spPr/>'
        '<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>전략기획팀 · 대외비</a:t></a:r></a:p></p:txBody></p:sp>'))
    (tmp_path / "deck").mkdir()
    prs.save(str(tmp_path / "company.pptx"))
    (tmp_path / "deck" / "b.yaml").write_text(MINIMAL.replace("date: 2024-12-02\n", "date: 2024-12-02\ntheme: {template: company.pptx}\n"),
                                            encoding="utf-8")
    r = run_cli("build", "-f", "pptx", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    z, names = parts((tmp_path / "out" / "b.pptx").read_bytes())
    footers = ["".join(etree.fromstring(z.read(n)).xpath(".//p:sp[p:nvSpPr/p:nvPr/p:ph[@type='ftr']]//a:t/text()", namespaces=NS))
               for n in names]
    assert footers[1:] == ["전략기획팀 · 대외비"] * (len(names) - 1)
