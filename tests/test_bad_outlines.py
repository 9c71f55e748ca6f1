"""Every kind of mistake answers with the right line, column, outline path and code, and nothing crashes.

The corpus lives in tests/bad/: each file's first line says `# expect: LINE:COL: LEVEL CODE PATH`
(`-` as CODE: a layout problem, which carries no code yet). Inputs that cannot be written as text
(bytes, sizes, links, images) are generated below.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest

from deckbuild.audience import select
from deckbuild.codes import CODES
from deckbuild.layout import layout
from deckbuild.problems import OutlineError
from deckbuild.validate import load

BAD = Path(__file__).parent / "bad"
EXPECT = re.compile(r"^# expect: (\d+):(\d+): (error|warning) (\S+) (\S+)$")


def loaded_problems(path: Path) -> list:
    """Load the outline; every problem validation found (errors and warnings)."""
    try:
        return load(path)[1]
    except OutlineError as e:
        return e.problems


def problems_of(path: Path) -> list:
    """Load, then lay out the full deck and every audience; return every problem."""
    try:
        deck, found = load(path)
    except OutlineError as e:
        return e.problems
    found = list(found)
    for name in [None, *deck.audiences]:
        try:
            layout(select(deck, name))
        except OutlineError as e:
            found.extend(e.problems)
    return found


def assert_reported(problems, line: int, col: int, code: str, path: str | None = None, level: str = "error") -> None:
    shown = "\n".join(f"{p.format()}  [{p.code}]" for p in problems)
    assert any(
        p.level == level and (p.span.line, p.span.col) == (line, col) and p.code == code and (path is None or p.path == path)
        for p in problems
    ), f"expected {line}:{col}: {level} {code} {path}\ngot:\n{shown}"


@pytest.mark.parametrize("path", sorted(BAD.glob("*.yaml")), ids=lambda p: p.stem)
def test_corpus(path: Path) -> None:
    m = EXPECT.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert m, f"{path.name} lacks its '# expect: LINE:COL: LEVEL CODE PATH' line"
    started = time.perf_counter()
    problems = problems_of(path)
    assert time.perf_counter() - started < 1.0
    code = "" if m.group(4) == "-" else m.group(4)
    assert_reported(problems, int(m.group(1)), int(m.group(2)), code, m.group(5), m.group(3))
    for p in problems:  # the one format editors understand
        assert re.match(rf"^{re.escape(str(path))}:\d+:\d+: (error|warning): \S.*: .+$", p.format())
    for p in loaded_problems(path):  # validation's problems all carry a documented code
        assert p.code in CODES, f"{p.format()}: code {p.code!r} is not in deckbuild.codes"


def test_corpus_is_large_enough() -> None:
    assert len(list(BAD.glob("*.yaml"))) >= 40


def test_python_tag_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    outline = tmp_path / "t.yaml"
    outline.write_text(f'title: !!python/object/apply:os.system ["touch {marker}"]\nsections: [{{id: a, title: 가}}]\n', encoding="utf-8")
    with pytest.raises(OutlineError):
        load(outline)
    assert not marker.exists()


IMAGE_PATH = "sections[0].slides[0].image.path"


def _write(tmp_path: Path, data: bytes) -> Path:
    p = tmp_path / "t.yaml"
    p.write_bytes(data)
    return p


def test_not_utf8(tmp_path: Path) -> None:
    p = _write(tmp_path, "title: 제목\nsubtitle: ok \xff\n".encode("utf-8").replace("\xc3\xbf".encode("latin-1"), b"\xff"))
    assert_reported(problems_of(p), 2, 14, "not-utf8", "-")


def test_nul_byte(tmp_path: Path) -> None:
    p = _write(tmp_path, b"title: a\x00b\nsections: [{id: a, title: x}]\n")
    assert_reported(problems_of(p), 1, 9, "control-character", "-")


def test_oversized_file_fails_fast(tmp_path: Path) -> None:
    p = _write(tmp_path, b"title: x\n" + b"# padding\n" * 1_100_000)
    started = time.perf_counter()
    assert_reported(problems_of(p), 1, 1, "file-too-large", "-")
    assert time.perf_counter() - started < 1.0


def test_alias_bomb_fails_fast(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    p = _write(tmp_path, ("\n".join(lines) + "\ntitle: t\nsections: [{id: a, title: b}]\n").encode())
    started = time.perf_counter()
    problems = problems_of(p)
    assert time.perf_counter() - started < 1.0
    assert any(x.code == "too-many-values" for x in problems)


def test_deep_nesting(tmp_path: Path) -> None:
    p = _write(tmp_path, b"title: " + b"[" * 200 + b"]" * 200 + b"\n")
    # The top-level mapping is level 1, so the 64th bracket (column 71) opens level 65.
    assert_reported(problems_of(p), 1, 71, "too-deep", "-")


def test_symlink_out_of_project(tmp_path: Path) -> None:
    project = tmp_path / "proj"
    (project / "deck").mkdir(parents=True)
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    os.symlink(outside, project / "deck" / "pic.png")
    p = project / "deck" / "t.yaml"
    p.write_text("title: t\nsections:\n  - id: a\n    title: b\n    slides:\n      - title: c\n        image: {path: pic.png, alt: d}\n", encoding="utf-8")
    assert_reported(problems_of(p), 7, 23, "path-outside", IMAGE_PATH)


def test_fifo_refused(tmp_path: Path) -> None:
    (tmp_path / "deck").mkdir()
    os.mkfifo(tmp_path / "deck" / "pipe.png")
    p = tmp_path / "deck" / "t.yaml"
    p.write_text("title: t\nsections:\n  - id: a\n    title: b\n    slides:\n      - title: c\n        image: {path: pipe.png, alt: d}\n", encoding="utf-8")
    assert_reported(problems_of(p), 7, 23, "path-not-file", IMAGE_PATH)


def test_cff_font_refused(tmp_path: Path) -> None:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder([".notdef", "A"])
    fb.setupCharacterMap({65: "A"})
    pen = T2CharStringPen(500, None)
    pen.moveTo((0, 0)); pen.lineTo((500, 0)); pen.lineTo((250, 700)); pen.closePath()
    cs = pen.getCharString()
    fb.setupCFF("Test", {"FullName": "Test"}, {".notdef": cs, "A": cs}, {})
    fb.setupHorizontalMetrics({".notdef": (500, 0), "A": (500, 0)})
    fb.setupHorizontalHeader(ascent=800, descent=-200)
    fb.setupNameTable({"familyName": "Test", "styleName": "Regular"})
    fb.setupOS2()
    fb.setupPost()
    fb.save(str(tmp_path / "t.otf"))
    p = tmp_path / "t.yaml"
    p.write_text("title: t\ntheme:\n  fonts: {regular: t.otf, bold: t.otf}\nsections: [{id: a, title: b}]\n", encoding="utf-8")
    assert_reported(problems_of(p), 3, 20, "font-unreadable", "theme.fonts.regular")


def test_truncated_font(tmp_path: Path) -> None:
    from deckbuild.fonts import bundled_fonts

    (tmp_path / "cut.ttf").write_bytes(bundled_fonts().regular.read_bytes()[:40_000])
    p = tmp_path / "t.yaml"
    p.write_text("title: t\ntheme:\n  fonts: {regular: cut.ttf, bold: cut.ttf}\nsections: [{id: a, title: b}]\n", encoding="utf-8")
    assert_reported(problems_of(p), 3, 20, "font-unreadable", "theme.fonts.regular")


def test_decompression_bomb_image(tmp_path: Path) -> None:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    # A PNG header claiming 10,000 × 10,000 pixels: refused from the header, never decoded.
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 10_000, 10_000, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    (tmp_path / "bomb.png").write_bytes(png)
    p = tmp_path / "t.yaml"
    p.write_text("title: t\nsections:\n  - id: a\n    title: b\n    slides:\n      - title: c\n        image: {path: bomb.png, alt: d}\n", encoding="utf-8")
    problems = problems_of(p)
    assert_reported(problems, 7, 23, "image-too-large", IMAGE_PATH)


def test_template_zip_bomb(tmp_path: Path) -> None:
    import zipfile

    with zipfile.ZipFile(tmp_path / "bomb.pptx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("ppt/presentation.xml", b"<x/>")
        z.writestr("filler.bin", b"\0" * (210 * 1024 * 1024))
    p = tmp_path / "t.yaml"
    p.write_text("title: t\ntheme:\n  template: bomb.pptx\nsections: [{id: a, title: b}]\n", encoding="utf-8")
    assert_reported(problems_of(p), 3, 13, "template-too-large", "theme.template")


def test_too_many_slides_fails_fast(tmp_path: Path) -> None:
    slides = "".join(f"      - {{title: 슬라이드 {i}}}\n" for i in range(1501))
    p = _write(tmp_path, f"title: t\nsections:\n  - id: a\n    title: b\n    slides:\n{slides}".encode())
    started = time.perf_counter()
    assert_reported(problems_of(p), 3, 3, "too-many-slides", "sections")
    assert time.perf_counter() - started < 1.0
