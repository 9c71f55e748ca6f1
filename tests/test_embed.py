"""Fonts that travel: the PPTX carries every face its runs name (EOT parts, as PowerPoint embeds
them), Hanja reach both outputs, and builds stay byte-identical."""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import run_cli

fontTools = pytest.importorskip("fontTools.ttLib")

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"

HANJA = """\
title: 대만向 수출 동향과 對中 관계
date: 2024-12-02
charts:
  exports:
    kind: column
    title: 반도체 수출 (억 달러)
    categories: [대만向, 對中, 韓美, 기타]
    series:
      - {name: 수출, values: [120, 95, 60, 30]}
sections:
  - id: trade
    title: 韓美 통상
    body: |
      李 장관은 對中 관계와 대만向 수출을 점검했다. ① 공급망 ※ ㈜ ℃ ㎡ ↑↓ 隙.
    slides:
      - title: 대만向 수출, 對中 관계
        bullets: [韓美 정상회담 이후 李 장관 발언, "**對中 관계** 점검 ①②③", 틈 隙 ✔ 확인]
        notes: 李 장관 발언 요지 — 對中 관계
      - title: 표로 보는 韓美
        table: {columns: [구분, 내용], rows: [[對中, 수출 감소], [대만向, 증가 ※]]}
      - title: 차트 — 대만向
        chart: exports
"""


def embedded(pptx: Path) -> dict[tuple[str, str], "fontTools.TTFont"]:
    """(typeface, regular|bold) → the font read back from its EOT part, every header field checked."""
    from deckbuild.render.eot import parse_header

    out = {}
    with zipfile.ZipFile(pptx) as z:
        pres = etree.fromstring(z.read("ppt/presentation.xml"))
        rels = {r.get("Id"): r for r in etree.fromstring(z.read("ppt/_rels/presentation.xml.rels"))}
        types = z.read("[Content_Types].xml")
        assert b'Extension="fntdata" ContentType="application/x-fontdata"' in types
        assert pres.get("embedTrueTypeFonts") == "1"
        names = [etree.QName(c).localname for c in pres]
        assert names.index("embeddedFontLst") == names.index("notesSz") + 1
        for entry in pres.iterfind(f"{P}embeddedFontLst/{P}embeddedFont"):
            font = entry.find(f"{P}font")
            assert set(font.attrib) == {"typeface", "panose", "pitchFamily", "charset"}
            for slot in entry:
                if slot.tag == f"{P}font":
                    continue
                rel = rels[slot.get(f"{R}id")]
                assert rel.get("Type").endswith("/relationships/font")
                blob = z.read("ppt/" + rel.get("Target"))
                head = parse_header(blob)
                assert head["magic"] == 0x504C and head["version"] == 0x00020002 and head["flags"] == 0
                assert head["size"] == len(blob) and head["font_data_size"] == len(head["font_data"])
                tt = fontTools.TTFont(io.BytesIO(head["font_data"]))
                assert tt["name"].getDebugName(1) == font.get("typeface") == head["names"][0]
                if slot.tag == f"{P}regular":
                    assert head["panose"].hex().upper() == font.get("panose")
                assert head["fs_type"] == tt["OS/2"].fsType and head["weight"] == tt["OS/2"].usWeightClass
                out[(font.get("typeface"), etree.QName(slot).localname)] = tt
    return out


def runs(pptx: Path):
    """(typeface, bold, text) of every run of the slides and notes."""
    with zipfile.ZipFile(pptx) as z:
        for name in z.namelist():
            if name.startswith(("ppt/slides/slide", "ppt/notesSlides/notesSlide")) and name.endswith(".xml"):
                for r in etree.fromstring(z.read(name)).iter(f"{A}r"):
                    rpr = r.find(f"{A}rPr")
                    latin = rpr.find(f"{A}latin") if rpr is not None else None
                    if latin is None:
                        continue
                    yield latin.get("typeface"), rpr.get("b") == "1", r.find(f"{A}t").text or "", latin


def assert_runs_covered(pptx: Path) -> dict:
    fonts = embedded(pptx)
    assert fonts, "no embedded fonts"
    for typeface, bold, text, latin in runs(pptx):
        tt = fonts.get((typeface, "bold" if bold else "regular")) or fonts[(typeface, "regular")]
        cmap = tt.getBestCmap()
        lacking = [c for c in text if ord(c) not in cmap]
        assert not lacking, (typeface, bold, text, lacking)
        assert latin.get("panose") and latin.get("charset") and latin.get("pitchFamily")
    return fonts


def test_the_sample_carries_each_face_its_runs_name(sample_build) -> None:
    fonts = assert_runs_covered(sample_build["pptx"])
    assert set(fonts) == {("Pretendard", "regular"), ("Pretendard", "bold")}
    with zipfile.ZipFile(sample_build["pptx"]) as z:
        pres = etree.fromstring(z.read("ppt/presentation.xml"))
        assert pres.get("saveSubsetFonts") == "1"
        theme = z.read("ppt/theme/theme1.xml")
        assert b'<a:ea typeface="Pretendard" panose="02000503000000020004" pitchFamily="2" charset="-127"/>' in theme
    # A subset keeps ASCII and the 2,350 KS X 1001 syllables, so small edits keep the font.
    from deckbuild.fonts import ksx1001

    cmap = fonts[("Pretendard", "regular")].getBestCmap()
    assert all(ord(c) in cmap for c in ksx1001("hangul")) and all(cp in cmap for cp in range(0x20, 0x7F))


@pytest.fixture(scope="module")
def hanja_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("hanja")
    (root / "deck").mkdir()
    (root / "deck" / "hanja.yaml").write_text(HANJA, encoding="utf-8")
    r = run_cli("build", cwd=root)
    assert r.returncode == 0, r.stderr
    return root


def test_hanja_build_in_both_outputs(hanja_build) -> None:
    import pdfplumber

    pptx = hanja_build / "out" / "hanja.pptx"
    fonts = assert_runs_covered(pptx)
    audit = pytest.importorskip("openxml_audit")
    errors = audit.validate_pptx(str(pptx))
    assert len(getattr(errors, "errors", errors)) == 0
    assert ("Noto Sans KR", "regular") in fonts and ("Noto Sans KR", "bold") in fonts
    held = {c for typeface, _b, text, _l in runs(pptx) if typeface == "Noto Sans KR" for c in text}
    assert set("向對中韓美李") <= held
    with zipfile.ZipFile(pptx) as z:
        table = [n for n in z.namelist() if n.startswith("ppt/slides/slide")]
        assert any("對中" in z.read(n).decode() and "a:tbl" in z.read(n).decode() for n in table)
        chart = z.read("ppt/charts/chart1.xml").decode()
        assert "대만向" in chart and "對中" in chart
    with pdfplumber.open(hanja_build / "out" / "hanja.pdf") as pdf:
        chars = [c for p in pdf.pages for c in p.chars]
        text = "".join(c["text"] for c in chars)
        for word in ("대만向", "對中", "韓美", "李 장관", "隙"):
            assert word in text, word
        hanja = [c for c in chars if c["text"] in "向對中韓美李隙"]
        assert len(hanja) >= 30
        assert {c["fontname"].split("+")[-1].split("-")[0] for c in hanja} == {"NotoSansKR"}


def test_hanja_chart_labels_are_drawn_in_a_face_that_has_them(hanja_build) -> None:
    import pdfplumber

    with pdfplumber.open(hanja_build / "out" / "hanja.pdf") as pdf:
        blanks = [c for p in pdf.pages for c in p.chars if c["text"] in ("\x00", "\ufffd")]
    assert not blanks, f"{len(blanks)} characters drawn as .notdef (the chart's Hanja in Pretendard)"
    with zipfile.ZipFile(hanja_build / "out" / "hanja.pptx") as z:
        chart = etree.fromstring(z.read("ppt/charts/chart1.xml"))
    assert {el.get("typeface") for el in chart.iter(f"{A}latin")} == {"Noto Sans KR"}


def test_embed_none_writes_no_font_parts_and_full_the_whole_face(project) -> None:
    project.write(HANJA.replace("date: 2024-12-02\n", "date: 2024-12-02\ntheme: {fonts: {embed: none}}\n"), "none")
    project.write(HANJA.replace("date: 2024-12-02\n", "date: 2024-12-02\ntheme: {fonts: {embed: full}}\n"), "full")
    r = run_cli("build", "-f", "pptx", cwd=project.root)
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(project.root / "out" / "none.pptx") as z:
        assert not [n for n in z.namelist() if n.startswith("ppt/fonts/")]
        assert b"embeddedFontLst" not in z.read("ppt/presentation.xml")
    fonts = embedded(project.root / "out" / "full.pptx")
    from deckbuild.fonts import BUNDLED

    whole = fontTools.TTFont(BUNDLED / "Pretendard-Regular.ttf")
    assert len(fonts[("Pretendard", "regular")].getGlyphOrder()) == len(whole.getGlyphOrder())


def _restricted(src: Path, dst: Path) -> None:
    """A copy of `src` whose OS/2 fsType says Restricted License embedding (0x0002)."""
    data = bytearray(src.read_bytes())
    (count,) = struct.unpack_from(">H", data, 4)
    for i in range(count):
        tag, _c, off, _l = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"OS/2":
            struct.pack_into(">H", data, off + 8, 0x0002)
    dst.write_bytes(bytes(data))


def test_a_face_that_forbids_embedding_is_named_not_carried(project) -> None:
    from deckbuild.fonts import DATA

    (project.root / "fonts").mkdir()
    _restricted(DATA / "base" / "NotoSansSymbols2-Regular.ttf", project.root / "fonts" / "locked.ttf")
    project.write(HANJA.replace("date: 2024-12-02\n", "date: 2024-12-02\ntheme:\n  fonts:\n    fallback: [fonts/locked.ttf]\n"), "locked")
    r = run_cli("build", "-f", "pptx", cwd=project.root)
    assert r.returncode == 0, r.stderr
    assert ("deck/locked.yaml:5:16: warning: theme.fonts.fallback[0]: font Noto Sans Symbols2 forbids embedding "
            "(OS/2 fsType 0x0002); the PPTX names it without carrying it") in r.stderr, r.stderr
    fonts = embedded(project.root / "out" / "locked.pptx")
    assert not [k for k in fonts if k[0] == "Noto Sans Symbols2"] and ("Noto Sans KR", "regular") in fonts
    assert any(t == "Noto Sans Symbols2" and text == "✔" for t, _b, text, _l in runs(project.root / "out" / "locked.pptx"))


def test_theme_fallback_faces_are_checked_at_their_line(project) -> None:
    (project.root / "fonts").mkdir()
    (project.root / "fonts" / "bad.ttf").write_bytes(b"not a font at all, only text")
    project.write(HANJA.replace("date: 2024-12-02\n", "date: 2024-12-02\ntheme:\n  fonts:\n    fallback: [fonts/bad.ttf, fonts/none.ttf]\n    embed: some\n"), "bad")
    r = run_cli("check", cwd=project.root)
    assert r.returncode == 1
    assert "deck/bad.yaml:5:16: error: theme.fonts.fallback[0]: not a readable TrueType font" in r.stderr, r.stderr
    assert "deck/bad.yaml:5:31: error: theme.fonts.fallback[1]: font 'fonts/none.ttf' not found" in r.stderr, r.stderr
    assert "deck/bad.yaml:6:12: error: theme.fonts.embed: 'some' is not one of subset, full, none" in r.stderr, r.stderr


def test_builds_are_byte_identical_cold_and_warm(project, tmp_path) -> None:
    """A subset made by fontTools (🞀 U+1F780 is outside the symbols face's base subset) is the same
    whether it comes from the cache or is made anew; a damaged cache entry is made anew."""
    import os

    project.write("title: 기호 🞀 시험\ndate: 2024-12-02\nsections:\n  - {id: a, title: 첫 절, slides: [{title: 🞀 표시, bullets: [하나]}]}\n", "h")
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    builds = []
    for _ in range(2):
        r = run_cli("build", "-f", "pptx", cwd=project.root, env=env)
        assert r.returncode == 0, r.stderr
        builds.append((project.root / "out" / "h.pptx").read_bytes())
    subsets = list((tmp_path / "cache" / "deckbuild" / "subsets-1").iterdir())
    assert len(subsets) == 1, "characters beyond the base subset are subset once and cached"
    subsets[0].write_bytes(subsets[0].read_bytes()[:-10])
    r = run_cli("build", "-f", "pptx", cwd=project.root, env=env)
    assert r.returncode == 0, r.stderr
    builds.append((project.root / "out" / "h.pptx").read_bytes())
    assert builds[0] == builds[1] == builds[2]
    fonts = assert_runs_covered(project.root / "out" / "h.pptx")
    assert 0x1F780 in fonts[("Noto Sans Symbols2", "regular")].getBestCmap()


def test_a_long_mixed_deck_carries_what_it_draws(tmp_path) -> None:
    from test_libreoffice import long_outline

    outline = long_outline(tmp_path)
    r = run_cli("build", str(outline), "-f", "pptx", "-o", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    fonts = assert_runs_covered(tmp_path / "out" / "long.pptx")
    assert {k[0] for k in fonts} == {"Pretendard", "Noto Sans Symbols2"}
    shutil.rmtree(tmp_path / "out")


def test_the_older_symbols_key_is_one_more_fallback(project) -> None:
    from deckbuild.fonts import BUNDLED

    (project.root / "fonts").mkdir()
    shutil.copy(BUNDLED / "NotoSansSymbols2-Regular.ttf", project.root / "fonts" / "sym.ttf")
    project.write(HANJA.replace("date: 2024-12-02\n", "date: 2024-12-02\ntheme: {fonts: {symbols: fonts/sym.ttf}}\n"), "sym")
    r = run_cli("build", "-f", "pptx", cwd=project.root)
    assert r.returncode == 0, r.stderr
    assert any(t == "Noto Sans Symbols2" and text == "✔" for t, _b, text, _l in runs(project.root / "out" / "sym.pptx"))
    assert ("Noto Sans Symbols2", "regular") in assert_runs_covered(project.root / "out" / "sym.pptx")


# ---- fonts from the wild (issue 17): crafted by tests/wild/make_fonts.py ------------------------

WILD_OUTLINE = """\
title: 테스트 브리핑
date: 2024-12-02
theme:
  fonts: {{regular: ../fonts/{face}, bold: ../fonts/{face}}}
sections:
  - id: one
    title: 첫 절
    slides:
      - title: 첫 슬라이드
        bullets: [하나, 둘, 셋]
"""
CLASS_NAME = r"\b[A-Za-z]*(Error|Exception|Warning)\b|Traceback"


def _wild(project, face: str) -> Path:
    from wild.make_fonts import make

    make(project.root / "fonts", [face])
    return project.write(WILD_OUTLINE.format(face=face), "wild")


@pytest.mark.parametrize("face, reason", [
    ("damaged-loca.ttf", "the font's loca table points past the end of its glyf table"),
    ("damaged-glyf.ttf", "the font's glyph"),
    ("cff.otf", "font has CFF (PostScript) outlines; use a TrueType (.ttf) font with glyf outlines"),
])
def test_a_wild_face_that_cannot_serve_is_refused_at_its_line(project, face, reason) -> None:
    import re

    from deckbuild import build
    from deckbuild.problems import OutlineError

    outline = _wild(project, face)
    with pytest.raises(OutlineError) as e:
        build.plan_targets(outline, "deck/wild.yaml", [], False)
    [regular] = [p for p in e.value.problems if p.path == "theme.fonts.regular"]
    assert (regular.span.line, regular.span.col, regular.code) == (4, 20, "font-unreadable")
    assert regular.message.startswith(reason), regular.message
    assert not re.search(CLASS_NAME, regular.message)


def test_a_face_that_forbids_embedding_may_be_the_only_face(project) -> None:
    """Every character in the one restricted face: nothing to embed, the deck names it (this was
    `internal error: ValueError: not enough values to unpack`)."""
    _wild(project, "restricted.ttf")
    r = run_cli("build", "-f", "pptx", cwd=project.root)
    assert r.returncode == 0, r.stderr
    assert "deck/wild.yaml:4:20: warning: theme.fonts.regular: font Pretendard forbids embedding" in r.stderr, r.stderr
    with zipfile.ZipFile(project.root / "out" / "wild.pptx") as z:
        assert not [n for n in z.namelist() if n.startswith("ppt/fonts/")]
        assert b"embeddedFontLst" not in z.read("ppt/presentation.xml")
    assert {t for t, _b, _text, _l in runs(project.root / "out" / "wild.pptx")} == {"Pretendard"}


def test_a_face_named_in_korean_only_is_used_under_its_own_name(project) -> None:
    """reportlab looks for an English name (`not a readable TrueType font (AttributeError)` before):
    it is given one; the deck and the EOT header name the face as its file does."""
    import re

    from pypdf import PdfReader

    _wild(project, "korean-names.ttf")
    r = run_cli("build", cwd=project.root)
    assert r.returncode == 0, r.stderr
    assert not re.search(CLASS_NAME, r.stderr), r.stderr
    fonts = assert_runs_covered(project.root / "out" / "wild.pptx")
    assert ("프리텐다드 한글", "regular") in fonts
    text = "".join(page.extract_text() for page in PdfReader(project.root / "out" / "wild.pdf").pages)
    assert "첫 슬라이드" in text.replace("\n", " ") or "첫 슬라이드" in text


def test_a_variable_face_builds_with_its_default_instance(project) -> None:
    _wild(project, "variable.ttf")
    r = run_cli("build", cwd=project.root)
    assert r.returncode == 0, r.stderr
    assert ("Wild Variable", "regular") in embedded(project.root / "out" / "wild.pptx")


def test_damaged_faces_are_refused_at_load_or_build(tmp_path, monkeypatch) -> None:
    """Bytes of a face's glyf and loca flipped at random: what loading accepts, fontTools (PPTX) and
    reportlab (PDF) subset without an exception (bounded; longer runs found nothing in 700 tries)."""
    import random

    from deckbuild import fonts
    from deckbuild.subset import embedding_bytes
    from wild.make_fonts import TEXT, _table, small

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    small(tmp_path / "small.ttf")
    base = (tmp_path / "small.ttf").read_bytes()
    tables = [_table(base, b"glyf"), _table(base, b"loca")]
    chars = set(range(0x20, 0x7F)) | {ord(c) for c in TEXT}
    rng = random.Random(7)
    accepted = refused = 0
    for i in range(40):
        data = bytearray(base)
        for _ in range(rng.choice([1, 3, 8])):
            off, length = rng.choice(tables)
            data[off + rng.randrange(length)] = rng.randrange(256)
        path = tmp_path / f"f{i}.ttf"
        path.write_bytes(bytes(data))
        try:
            face = fonts.load_face(path)
        except fonts.FontFileError as e:
            refused += 1
            assert "Error" not in str(e)
            continue
        accepted += 1
        embedding_bytes(face, chars, text_face=True)
        face.rl_font.face.makeSubset(sorted(chars & set(face.cmap)))
    assert accepted and refused
