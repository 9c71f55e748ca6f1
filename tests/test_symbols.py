"""Characters the Korean font lacks (✔ U+2714, ➜ U+279C) are drawn from the bundled symbols
font, per character, in both outputs — never as a blank box."""

from __future__ import annotations

import zipfile

import pdfplumber
from lxml import etree

from conftest import run_cli

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"

OUTLINE = """\
title: ✔ 핵심 요약 브리핑
date: 2024-12-02
sections:
  - id: a
    title: ✔ 핵심 요약
    summary: 요약 ➜ 결론
    body: 본문에도 ✔ 표시가 있습니다.
    slides:
      - title: 확인 ✔
        bullets: [한국어 특화 ✔, "**굵게 ✔**", {text: 상위 ➜, bullets: [하위 ✔]}]
        notes: 노트 ✔
      - title: 표 ✔
        table: {columns: [항목, 상태], rows: [[데이터 주권, ✔], [버티컬 AI, ➜]]}
      - title: 질문 ✔
        faq: [{q: 왜 ✔?, a: 그래서 ✔.}]
"""


def test_symbols_come_from_the_symbols_font_in_both_outputs(project) -> None:
    project.write(OUTLINE, "sym")
    r = run_cli("build", cwd=project.root)
    assert r.returncode == 0, r.stderr
    with zipfile.ZipFile(project.root / "out" / "sym.pptx") as z:
        runs = 0
        for name in z.namelist():
            if name.startswith("ppt/slides/slide") and name.endswith(".xml"):
                for r_ in etree.fromstring(z.read(name)).iter(f"{A}r"):
                    text = r_.find(f"{A}t").text or ""
                    face = r_.find(f"{A}rPr/{A}latin").get("typeface")
                    if "✔" in text or "➜" in text:
                        runs += 1
                        assert set(text) <= {"✔", "➜"} and face == "Noto Sans Symbols2", (text, face)
                    else:
                        assert face == "Pretendard"
        assert runs >= 8
    with pdfplumber.open(project.root / "out" / "sym.pdf") as pdf:
        chars = [c for p in pdf.pages for c in p.chars]
        assert not [c for c in chars if c["text"] in "\x00\ufffd"], "a character drawn as .notdef (a blank box)"
        marks = [c for c in chars if c["text"] in "✔➜"]
        assert len(marks) >= 10
        assert all("NotoSansSymbols2" in c["fontname"] for c in marks), {c["fontname"] for c in marks}
        others = {c["fontname"].split("+")[-1].split("-")[0] for p in pdf.pages for c in p.chars if c["text"].strip() and c["text"] not in "✔➜"}
        assert others == {"Pretendard"}


def test_an_outline_pair_still_falls_back_to_the_bundled_faces(project) -> None:
    """theme.fonts names its own pair: ✔ still comes from the bundled chain; a character no face
    has is an error naming every family it looked in."""
    fonts = project.root / "fonts"
    fonts.mkdir()
    from deckbuild.fonts import bundled_fonts

    for face in ("regular", "bold"):
        (fonts / f"{face}.ttf").write_bytes(getattr(bundled_fonts(), face).read_bytes())
    themed = OUTLINE.replace("date: 2024-12-02\n", "date: 2024-12-02\ntheme:\n  fonts: {regular: fonts/regular.ttf, bold: fonts/bold.ttf}\n")
    project.write(themed, "sym")
    r = run_cli("check", cwd=project.root)
    assert r.returncode == 0, r.stderr
    project.write(themed.replace("title: ✔ 핵심 요약 브리핑", "title: 😀 핵심 요약 브리핑"), "sym")
    r = run_cli("check", cwd=project.root)
    assert r.returncode == 1
    assert ("deck/sym.yaml:1:8: error: title: character U+1F600 GRINNING FACE '😀' is not in the font "
            "Pretendard, Noto Sans KR or Noto Sans Symbols2") in r.stderr, r.stderr
