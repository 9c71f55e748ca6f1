"""Accessibility (issue #20): the deck's alternative texts, decorative marks, titles, header rows and
reading order (a lint of our own), and the tagged PDFs — the structure tree in reading order
(`pdfinfo -struct-text`, a golden file of the sample's first pages), alternative texts that match
the deck's, and the PDF/UA checkers `pdfua` and `outloud` (the test extra pins them) with no errors
on every handout layout, every audience and the slides PDF.

Refresh the golden file with `DECKBUILD_GOLDEN=update pytest tests/test_accessibility.py`.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from deckbuild.layout.structure import chart_alt
from deckbuild.render.pdf import render_pdf
from deckbuild.render.pptx import render_pptx
from deckbuild.render.slides_pdf import render_slides_pdf
from deckbuild.validate import load

from conftest import SAMPLE, plan_for

GOLDEN = Path(__file__).parent / "golden" / "sovereign-ai.struct.txt"
LAYOUTS = [{"layout": "article"}, {"layout": "notes"}, {"layout": "grid", "slides_per_page": 3},
           {"layout": "grid", "slides_per_page": 6}]
NS = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
DECORATIVE = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
BIN = Path(sys.executable).parent
GENERIC = {"chart", "table", "picture", "image", "graphic", "그림", "차트", "표", "이미지", "사진"}


def audiences() -> list[str | None]:
    deck, _ = load(SAMPLE)
    return [None, *sorted(deck.audiences)]


def tool(name: str) -> str | None:
    found = BIN / name
    return str(found) if found.exists() else shutil.which(name)


# ---- the deck ------------------------------------------------------------------------------------


def lint_pptx(data: bytes) -> list[str]:
    """What PowerPoint's accessibility checker and a screen reader would object to, slide by slide:
    a picture, chart or table without meaningful alternative text, a decoration not marked as one, a
    slide without a title placeholder or with anything but decorations before its title, a table
    without its header row."""
    from pptx import Presentation

    problems = []
    prs = Presentation(io.BytesIO(data))
    for n, slide in enumerate(prs.slides, 1):
        tree = slide.shapes._spTree
        shapes = [el for el in tree if el.tag.rsplit("}", 1)[1] in ("sp", "pic", "graphicFrame", "grpSp", "cxnSp")]
        titles = [el for el in shapes if el.find(".//p:nvPr/p:ph", NS) is not None
                  and el.find(".//p:nvPr/p:ph", NS).get("type") in ("title", "ctrTitle")]
        if len(titles) != 1:
            problems.append(f"slide {n}: {len(titles)} title placeholders")
            continue
        before = shapes[: shapes.index(titles[0])]
        for el in before:
            if el.find(f".//p:cNvPr/a:extLst/a:ext[@uri='{DECORATIVE}']", NS) is None:
                problems.append(f"slide {n}: {el.find('.//p:cNvPr', NS).get('name')} comes before the title and is not decorative")
        for el in shapes:
            pr = el.find(".//p:cNvPr", NS)
            name, descr = pr.get("name"), (pr.get("descr") or "").strip()
            kind = el.tag.rsplit("}", 1)[1]
            is_table = el.find(".//a:tbl", NS) is not None
            if kind == "pic" or (kind == "graphicFrame"):
                if len(descr) < 4 or descr.lower() in GENERIC or re.search(r"\.(png|jpe?g|gif)$", descr.lower()):
                    problems.append(f"slide {n}: {name} has no meaningful alternative text ({descr!r})")
            if is_table and el.find(".//a:tblPr", NS).get("firstRow") != "1":
                problems.append(f"slide {n}: {name} has no header row")
            decorative = pr.find(f"a:extLst/a:ext[@uri='{DECORATIVE}']", NS) is not None
            has_text = bool("".join(el.itertext()).strip())
            if kind == "sp" and not has_text and el.find(".//p:nvPr/p:ph", NS) is None and not decorative:
                problems.append(f"slide {n}: {name} draws no text and is not marked decorative")
            if decorative and (has_text or kind != "sp"):
                problems.append(f"slide {n}: {name} holds content but is marked decorative")
    return problems


@pytest.mark.parametrize("audience", audiences())
def test_the_deck_passes_the_accessibility_lint(audience) -> None:
    deck, plan, fonts = plan_for(audience=audience)
    assert lint_pptx(render_pptx(plan, fonts)) == []


def test_the_lint_finds_what_it_looks_for() -> None:
    deck, plan, fonts = plan_for()
    data = render_pptx(plan, fonts)
    # Take the marks and texts away again, one kind at a time.
    import zipfile

    def without(pattern: str, repl: str) -> bytes:
        src = zipfile.ZipFile(io.BytesIO(data))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as out:
            for item in src.infolist():
                content = src.read(item)
                if item.filename.startswith("ppt/slides/slide"):
                    content = re.sub(pattern.encode(), repl.encode(), content)
                out.writestr(item, content)
        return buf.getvalue()

    assert any("alternative text" in p for p in lint_pptx(without(r' descr="[^"]*"', "")))
    assert any("not marked decorative" in p or "not decorative" in p
               for p in lint_pptx(without(r"<a:extLst><a:ext uri=\"\{C183D7F6[^<]*<adec:decorative[^>]*/></a:ext></a:extLst>", "")))
    assert any("header row" in p for p in lint_pptx(without(r' firstRow="1"', "")))


def test_chart_alternative_text_reads_kind_title_and_values() -> None:
    deck, plan, _ = plan_for()
    chart = deck.charts["models-by-country"]
    assert chart_alt(chart, "ko-KR") == "세로 막대형 차트, 초거대 AI 모델 발표 수 (2020–2024): 미국 128개, 중국 95개, 한국 14개, 프랑스 10개"
    assert chart_alt(chart, "en-US").startswith("Column chart, ")
    boxes = [b for s in plan.slides for b in s.boxes if type(b).__name__ == "ChartBox"]
    assert boxes and all(b.alt == chart_alt(deck.charts[b.spec.id], "ko-KR") for b in boxes)


# ---- the PDFs ------------------------------------------------------------------------------------


def struct_text(path: Path) -> str:
    return subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True).stdout


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="pdfinfo (poppler-utils) is not installed")
def test_the_handout_structure_reads_in_order(tmp_path) -> None:
    deck, plan, fonts = plan_for()
    path = tmp_path / "handout.pdf"
    path.write_bytes(render_pdf(plan, fonts))
    text = struct_text(path)
    # The golden file holds the tree up to the first section's thumbnails (the cover, the contents,
    # section 1): what a screen reader walks first.
    cut = text.index('  H1 (block)\n    "2. ')
    got = text[:cut]
    if os.environ.get("DECKBUILD_GOLDEN") == "update":
        GOLDEN.write_text(got, encoding="utf-8")
    assert got == GOLDEN.read_text(encoding="utf-8")
    # Headings in reading order: the title, contents, then each section and its slides.
    heads = re.findall(r'^  (H\d) \(block\)\n    "([^"]*)"', text, re.M)
    assert heads[:2] == [("H1", plan.info.title), ("H1", "목차")]
    sections = [h for tag, h in heads if tag == "H1"][2:]
    assert sections[: len(plan.sections)] == [s.heading for s in plan.sections]


def pdf_alts(data: bytes) -> list[str]:
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(data))
    out = []

    def walk(el):
        if isinstance(el, pikepdf.Array):
            for k in el:
                walk(k)
        elif isinstance(el, pikepdf.Dictionary) and el.get("/Type") in (None, "/StructElem") and "/S" in el:
            if str(el.S) == "/Figure":
                out.append(str(el.get("/Alt", "")))
            if "/K" in el:
                walk(el.K)

    walk(pdf.Root.StructTreeRoot.K)
    return out


def test_figures_carry_the_decks_alternative_texts() -> None:
    pytest.importorskip("pikepdf")
    deck, plan, fonts = plan_for()
    slides_alts = pdf_alts(render_slides_pdf(plan, fonts))
    deck_alts = [b.alt for s in plan.slides for b in s.boxes if type(b).__name__ in ("ChartBox", "ImageBox")]
    assert slides_alts == deck_alts
    handout = pdf_alts(render_pdf(plan, fonts))
    for alt in deck_alts:  # every chart of the deck, with the same words, in the handout
        assert alt in handout
    assert all(a for a in handout)


def test_the_pdfs_declare_what_pdf_ua_asks() -> None:
    pikepdf = pytest.importorskip("pikepdf")
    deck, plan, fonts = plan_for()
    for data in (render_pdf(plan, fonts), render_slides_pdf(plan, fonts)):
        pdf = pikepdf.open(io.BytesIO(data))
        root = pdf.Root
        assert str(root.Lang) == "ko-KR"
        assert bool(root.MarkInfo.Marked) is True
        assert bool(root.ViewerPreferences.DisplayDocTitle) is True
        xmp = root.Metadata.read_bytes().decode()
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and plan.info.title in xmp
        for page in pdf.pages:
            assert "/StructParents" in page.obj and page.obj.Tabs == "/S"


def test_tagged_builds_stay_byte_identical() -> None:
    deck, plan, fonts = plan_for()
    assert render_pdf(plan, fonts) == render_pdf(plan, fonts)
    assert render_slides_pdf(plan, fonts) == render_slides_pdf(plan, fonts)


def test_every_paragraph_has_its_place_in_the_tree() -> None:
    from deckbuild.render import pdf_tags

    seen = []
    original = pdf_tags.Tagger.finish

    def finish(self, canv):
        seen.append(self.strays)
        return original(self, canv)

    pdf_tags.Tagger.finish = finish
    try:
        for handout in LAYOUTS:
            deck, plan, fonts = plan_for(handout)
            render_pdf(plan, fonts)
    finally:
        pdf_tags.Tagger.finish = original
    assert seen == [0] * len(LAYOUTS)


def check(path: Path) -> dict[str, int]:
    """Errors each checker reports for `path` (warnings are semantic hints, reported, not gated)."""
    out = {}
    r = subprocess.run([tool("pdfua"), "check", str(path)], capture_output=True, text=True)
    m = re.search(r"errors=(\d+)", r.stdout)
    assert m, r.stdout + r.stderr
    out["pdfua"] = int(m.group(1))
    r = subprocess.run([tool("outloud"), str(path), "--json", "-", "-q"], capture_output=True, text=True)
    report = json.loads(r.stdout[r.stdout.index("{"):])
    (result,) = report["results"]
    assert result["error"] is None, result["error"]
    out["outloud"] = result["counts"]["error"]
    return out


def outputs() -> list[tuple[str, dict | None, str | None]]:
    cases = [("pdf", h, None) for h in LAYOUTS] + [("slides", None, None)]
    cases += [(fmt, None, a) for a in audiences()[1:] for fmt in ("pdf", "slides")]
    return cases


@pytest.mark.skipif(not (tool("pdfua") and tool("outloud")), reason="pdfua and outloud (pip install -e '.[test]') are not installed")
@pytest.mark.parametrize("fmt,handout,audience", outputs(),
                         ids=lambda v: (v if isinstance(v, str) else "-".join(str(x) for x in v.values()) if v else "-"))
def test_the_pdf_ua_checkers_find_no_errors(fmt, handout, audience, tmp_path) -> None:
    deck, plan, fonts = plan_for(handout, audience)
    path = tmp_path / f"{fmt}.pdf"
    path.write_bytes(render_pdf(plan, fonts) if fmt == "pdf" else render_slides_pdf(plan, fonts))
    assert check(path) == {"pdfua": 0, "outloud": 0}


@pytest.mark.parametrize("template", __import__("test_template_decks").COMMITTED)
def test_a_template_deck_passes_the_accessibility_lint(template, tmp_path) -> None:
    from test_template_decks import TEMPLATES, build

    _, _, pptx, _ = build(TEMPLATES / template, tmp_path)
    assert lint_pptx(pptx) == []
