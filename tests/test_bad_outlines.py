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
    assert_reported(problems_of(p), 3, 13, "template-unreadable", "theme.template")


def test_too_many_slides_fails_fast(tmp_path: Path) -> None:
    slides = "".join(f"      - {{title: 슬라이드 {i}}}\n" for i in range(1501))
    p = _write(tmp_path, f"title: t\nsections:\n  - id: a\n    title: b\n    slides:\n{slides}".encode())
    started = time.perf_counter()
    assert_reported(problems_of(p), 3, 3, "too-many-slides", "sections")
    assert time.perf_counter() - started < 1.0


# ---- images: decoded completely at validation, so that check and build agree ------------------

IMAGE_OUTLINE = "title: t\nsections:\n  - id: a\n    title: b\n    slides:\n      - title: c\n        image: {path: pic.png, alt: d}\n"


def _png(width: int, height: int, depth: int, color_type: int, row: bytes, extra: bytes = b"") -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\0" + row for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 0)) + extra
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _picture(fmt: str = "PNG", mode: str = "RGB", **save) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.linear_gradient("L").resize((96, 64)).convert(mode).save(buf, fmt, **save)
    return buf.getvalue()


def _image_case(tmp_path: Path, data: bytes) -> list:
    (tmp_path / "pic.png").write_bytes(data)
    return problems_of(_write(tmp_path, IMAGE_OUTLINE.encode()))


@pytest.mark.parametrize("case, code, level", [
    ("truncated-png", "image-unreadable", "error"),
    ("damaged-png", "image-unreadable", "error"),
    ("truncated-jpeg", "image-unreadable", "error"),
    ("greyscale-16-bit", "image-unsupported", "error"),
    ("colour-key", "image-unsupported", "error"),
    ("gif", "image-format", "error"),
    ("empty", "image-format", "error"),
    ("damaged-exif", "image-metadata", "warning"),
])
def test_image_checked_at_its_line(tmp_path: Path, case: str, code: str, level: str) -> None:
    import struct
    import zlib

    png = _picture()
    data = {
        "truncated-png": png[: len(png) * 2 // 3],
        # A damaged compressed stream whose header and chunk checksums still pass.
        "damaged-png": _png(96, 64, 8, 2, b"\x10" * 288)[:-40] + b"\0" * 28 + _png(1, 1, 8, 2, b"\0\0\0")[-12:],
        "truncated-jpeg": _picture("JPEG")[:-200],
        "greyscale-16-bit": _png(40, 30, 16, 0, struct.pack(">H", 40_000) * 40),
        "colour-key": _png(40, 30, 8, 2, b"\xff\0\0" * 40, struct.pack(">I", 6) + b"tRNS" + struct.pack(">HHH", 255, 0, 0)
                           + struct.pack(">I", zlib.crc32(b"tRNS" + struct.pack(">HHH", 255, 0, 0)))),
        "gif": _picture("GIF", "L"),
        "empty": b"",
        "damaged-exif": _picture("JPEG", exif=b"Exif\0\0MM\0*\0\0\0\x08\xff\xff"),
    }[case]
    assert_reported(_image_case(tmp_path, data), 7, 23, code, IMAGE_PATH, level)


ODD_IMAGES = {  # decoded by Pillow and drawn by python-pptx and reportlab alike
    "cmyk.jpg": lambda: _picture("JPEG", "CMYK"),
    "progressive.jpg": lambda: _picture("JPEG", progressive=True),
    "grey.jpg": lambda: _picture("JPEG", "L"),
    "palette-alpha.png": lambda: _picture("PNG", "P", transparency=0),
    "grey-alpha.png": lambda: _picture("PNG", "LA"),
    "one-bit.png": lambda: _picture("PNG", "1"),
    "rgb-16-bit.png": lambda: _png(40, 30, 16, 2, b"\x80\0\x10\0\xff\xff" * 40),
    "rgba-16-bit.png": lambda: _png(40, 30, 16, 6, b"\x80\0\x10\0\xff\xff\x80\0" * 40),
}


def test_odd_images_draw_in_both_outputs(tmp_path: Path) -> None:
    import io
    import zipfile

    from pypdf import PdfReader

    from deckbuild import build

    (tmp_path / "deck").mkdir()
    slides = ""
    for name, make in ODD_IMAGES.items():
        (tmp_path / "deck" / name).write_bytes(make())
        slides += f"      - {{title: {name}, image: {{path: {name}, alt: 그림}}}}\n"
    outline = tmp_path / "deck" / "odd.yaml"
    outline.write_text(f"title: t\nhandout: {{layout: article}}\nsections:\n  - id: a\n    title: b\n    slides:\n{slides}", encoding="utf-8")
    targets, warnings = build.plan_targets(outline, str(outline), [], False)
    assert warnings == []
    files, _ = build.build_target(targets[0], ("pptx", "pdf"), tmp_path / "out")
    pptx, pdf = (files[tmp_path / "out" / f"odd.{ext}"] for ext in ("pptx", "pdf"))
    media = [n for n in zipfile.ZipFile(io.BytesIO(pptx)).namelist() if n.startswith("ppt/media/")]
    assert len(media) == len(ODD_IMAGES)
    drawn = sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert drawn >= len(ODD_IMAGES)  # the article's figures (and the thumbnails beside them)


def test_damaged_images_fail_at_validation_never_in_rendering(tmp_path: Path) -> None:
    """Bytes of real PNGs and JPEGs flipped, cut and inserted at random: what validation accepts,
    both renderers draw (bounded; a longer run found no counter-example in 1,500 tries)."""
    import random
    import warnings as w

    from deckbuild import build

    rng = random.Random(11)
    seeds = [_picture(), _picture("PNG", "P"), _picture("PNG", "RGBA"), _picture("JPEG"), _picture("JPEG", "CMYK"), _picture("JPEG", progressive=True)]
    (tmp_path / "deck").mkdir()
    outline = tmp_path / "deck" / "t.yaml"
    outline.write_text(IMAGE_OUTLINE, encoding="utf-8")
    accepted = 0
    for _ in range(60):
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.choice([1, 2, 4])):
            at = rng.randrange(len(data))
            roll = rng.random()
            if roll < 0.6:
                data[at] = rng.randrange(256)
            elif roll < 0.8:
                del data[at : at + rng.randrange(1, 32)]
            else:
                data[at:at] = bytes(rng.randrange(256) for _ in range(8))
        (tmp_path / "deck" / "pic.png").write_bytes(bytes(data))
        try:
            targets, _ = build.plan_targets(outline, str(outline), [], False)
        except OutlineError as e:
            assert {p.code for p in e.problems} <= {"image-unreadable", "image-format", "image-unsupported", "image-too-large"}, e.problems
            continue
        accepted += 1
        with w.catch_warnings():
            w.filterwarnings("ignore", module=r"PIL(\.|$)")  # damaged metadata: warned about by validation
            build.build_target(targets[0], ("pptx", "pdf"), tmp_path / "out")
    assert accepted > 0, accepted


# ---- symbolic-link loops, odd paths -----------------------------------------------------------

@pytest.mark.parametrize("what", ["image", "font", "template", "extends", "folder"])
def test_symlink_loop(tmp_path: Path, what: str) -> None:
    (tmp_path / "deck").mkdir()
    d = tmp_path / "deck"
    os.symlink("loop-a", d / "loop-b")
    os.symlink("loop-b", d / "loop-a")
    text, where, path = {
        "image": (IMAGE_OUTLINE.replace("pic.png", "loop-a"), (7, 23), IMAGE_PATH),
        "folder": (IMAGE_OUTLINE.replace("pic.png", "loop-a/pic.png"), (7, 23), IMAGE_PATH),
        "font": ("title: t\ntheme:\n  fonts: {regular: loop-a, bold: loop-b}\nsections: [{id: a, title: b}]\n", (3, 20), "theme.fonts.regular"),
        "template": ("title: t\ntheme:\n  template: loop-a\nsections: [{id: a, title: b}]\n", (3, 13), "theme.template"),
        "extends": ("extends: loop-a\ntitle: t\n", (1, 10), "extends"),
    }[what]
    outline = d / "t.yaml"
    outline.write_text(text, encoding="utf-8")
    assert_reported(problems_of(outline), *where, "path-loop", path)


def test_escaped_control_character_in_a_key(tmp_path: Path) -> None:
    p = _write(tmp_path, 'title: t\nsections:\n  - {id: a, title: b, "no\\x07tes": x}\n'.encode())
    problems = problems_of(p)
    assert_reported(problems, 3, 23, "control-character", "sections[0].no\x07tes")
    assert all("\x07" not in x.format() for x in problems)  # printed as an escape, never raw


def test_drop_entry_that_is_not_an_id(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text("title: t\nsections: [{id: a, title: b}]\n", encoding="utf-8")
    p = _write(tmp_path, b"extends: base.yaml\ndrop: [[a]]\n")
    assert_reported(problems_of(p), 2, 8, "expected-text", "drop[0]")


def test_an_outline_that_is_a_pipe_never_blocks(tmp_path: Path) -> None:
    from conftest import MINIMAL, run_cli

    (tmp_path / "deck").mkdir()
    os.mkfifo(tmp_path / "deck" / "pipe.yaml")  # opening it would wait for a writer forever
    assert_reported(problems_of(tmp_path / "deck" / "pipe.yaml"), 1, 1, "path-not-file", "-")
    (tmp_path / "deck" / "ok.yaml").write_text(MINIMAL, encoding="utf-8")
    r = run_cli("check", cwd=tmp_path)  # deck/*.yaml: the pipe is no outline
    assert r.returncode == 0, r.stderr


def test_codes_are_listed_once_and_all_used() -> None:
    src = Path(__file__).resolve().parents[1] / "src" / "deckbuild"
    used = {m for f in src.rglob("*.py") if f.name != "codes.py" for m in re.findall(r'code="([^"]*)"', f.read_text(encoding="utf-8"))}
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", c) for c in used | set(CODES))  # stable kebab-case
    assert used - set(CODES) == set(), "codes raised but not listed in deckbuild.codes"
    assert set(CODES) - used == set(), "codes listed but never raised"


def test_numbers_in_exponent_form_are_numbers(tmp_path: Path) -> None:
    # YAML 1.1 reads 1e6 (no '.', no exponent sign) as text; a chart value means a number.
    p = _write(tmp_path, b"title: t\ncharts:\n  c: {kind: column, categories: [a, b, c], series: [{values: [1e6, 2.5E-3, '1e6']}]}\nsections: [{id: a, title: b}]\n")
    problems = problems_of(p)
    assert [(x.code, x.path) for x in problems if x.level == "error"] == [("expected-number", "charts.c.series[0].values[2]")]
