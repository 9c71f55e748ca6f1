"""`deckbuild watch`: a real process on a throwaway project, edited the way editors save.

Each step edits a file, then waits (with a timeout) for the line that closes the rebuild on
stderr, and compares the outputs with a cold `deckbuild build` of the same files.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="signals and fork as on POSIX")

BASE = """\
title: 감시 테스트
date: 2024-12-02
sections:
  - id: one
    title: 첫 절
    slides:
      - id: first
        title: 첫 슬라이드
        bullets: [하나, 둘]
"""

BRIEF = """\
extends: base.yaml
sections:
  - id: one
    slides:
      - id: picture
        title: 그림
        image: {path: assets/logo.png, alt: 로고}
"""

TIMEOUT = 60  # s for one rebuild: generous, for a loaded CI machine


def png(color: str, size=(40, 30)) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


def save_by_rename(path: Path, text: str) -> None:
    """What vim, VS Code and most editors do: write a new file, rename it over the old one."""
    tmp = path.with_name(f".{path.name}.swp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class Watch:
    """`deckbuild watch` in a subprocess, its stdout and stderr read line by line by two threads."""

    def __init__(self, cwd: Path, *args: str):
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen([sys.executable, "-m", "deckbuild", "watch", *args], cwd=cwd, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        self.lines: queue.Queue[tuple[str, str | None]] = queue.Queue()
        self.log: list[str] = []
        self.pumps = [threading.Thread(target=self._pump, args=(name, stream), daemon=True)
                      for name, stream in (("out", self.proc.stdout), ("err", self.proc.stderr))]
        for t in self.pumps:
            t.start()

    def _pump(self, name: str, stream) -> None:
        for line in stream:
            self.lines.put((name, line.rstrip("\n")))
        self.lines.put((name, None))

    def until(self, pattern: str, *also: str) -> list[str]:
        """Every line up to and including the first stderr line matching `pattern`, and until lines
        matching each of `also` (either stream) have come too: stdout and stderr are two pipes,
        so a line written to one before a line of the other may still arrive after it."""
        deadline = time.monotonic() + TIMEOUT
        seen = []
        waiting = list(also)
        done = False
        while True:
            if done and not waiting:
                return seen
            try:
                name, line = self.lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no line matching {pattern!r} within {TIMEOUT} s; got:\n" + "\n".join(self.log)) from None
            if line is None:
                if self.proc.poll() is not None:
                    raise AssertionError(f"watch ended (exit {self.proc.returncode}) before {pattern!r}:\n" + "\n".join(self.log))
                continue
            self.log.append(f"{name}: {line}")
            seen.append(line)
            waiting = [p for p in waiting if not re.search(p, line)]
            if not done and name == "err" and re.search(pattern, line):
                done = True

    def stop(self, sig=signal.SIGINT) -> tuple[int, str]:
        """Send `sig`; the exit status and every line printed after the last `until`."""
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=TIMEOUT)
        for t in self.pumps:
            t.join(timeout=TIMEOUT)
        rest = []
        while not self.lines.empty():
            name, line = self.lines.get()
            if line is not None:
                self.log.append(f"{name}: {line}")
                rest.append(line)
        return code, "\n".join(rest)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        for t in self.pumps:
            t.join(timeout=TIMEOUT)
        self.proc.stdout.close()
        self.proc.stderr.close()


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*")) if not p.name.startswith(".")}


def cold(root: Path, tmp: Path, tag: str) -> dict[str, bytes]:
    out = tmp / f"cold-{tag}"
    r = run_cli("build", "deck/brief.yaml", "-o", str(out), cwd=root)
    assert r.returncode == 0, r.stderr
    return outputs(out)


@pytest.fixture
def watched(tmp_path: Path):
    root = tmp_path / "project"
    (root / "deck").mkdir(parents=True)
    (root / "assets").mkdir()
    (root / "deck" / "base.yaml").write_text(BASE, encoding="utf-8")
    (root / "deck" / "brief.yaml").write_text(BRIEF, encoding="utf-8")
    (root / "assets" / "logo.png").write_bytes(png("#0B3D91"))
    w = Watch(root, "deck/brief.yaml")
    yield root, w
    w.close()


def test_watch_rebuilds_on_each_edit_like_a_cold_build(watched, tmp_path: Path) -> None:
    root, w = watched
    out = root / "out"
    brief, base, logo = root / "deck" / "brief.yaml", root / "deck" / "base.yaml", root / "assets" / "logo.png"
    lines = w.until(r"^watch: watching 3 files in 2 folders ", r"^wrote out/brief\.pptx$", r"^wrote out/brief\.pdf$")
    assert "wrote out/brief.pptx" in lines and "wrote out/brief.pdf" in lines
    first = outputs(out)
    assert first == cold(root, tmp_path, "0")

    # A good edit, saved by rename.
    save_by_rename(brief, BRIEF.replace("title: 그림", "title: 새 그림"))
    lines = w.until(r"^watch: rebuilt deck/brief\.yaml in [\d,]+ ms \([\d,]+ ms after the change was seen\)$",
                    r"^wrote out/brief\.pdf$")
    assert "wrote out/brief.pdf" in lines
    good = outputs(out)
    assert good != first and good == cold(root, tmp_path, "1")

    # A broken edit: the diagnostic line, and the last good files stay as they were.
    mtimes = {p: p.stat().st_mtime_ns for p in out.iterdir()}
    save_by_rename(brief, BRIEF.replace("title: 그림", "titel: 그림"))
    lines = w.until(r"^watch: deck/brief\.yaml has errors; out keeps the last good files$")
    assert "deck/brief.yaml:6:9: error: sections[0].slides[1].titel: unknown key 'titel' (did you mean 'title'?)" in lines
    assert not any(line.startswith("wrote ") for line in lines)
    assert outputs(out) == good and {p: p.stat().st_mtime_ns for p in out.iterdir()} == mtimes

    # The fix: said so, and built again.
    save_by_rename(brief, BRIEF.replace("title: 그림", "title: 고친 그림"))
    lines = w.until(r"^watch: deck/brief\.yaml is good again; rebuilt")
    assert not any(": error: " in line for line in lines)
    fixed = outputs(out)
    assert fixed != good and fixed == cold(root, tmp_path, "2")

    # A save that goes on within the quiet window (a broken state, the good one 5 ms later): the
    # build begun on the first is neither written nor said; one rebuild, of the last.
    save_by_rename(brief, BRIEF.replace("title: 그림", "titel: 그림"))
    time.sleep(0.005)
    save_by_rename(brief, BRIEF.replace("title: 그림", "title: 두 번 고친 그림"))
    lines = w.until(r"^watch: rebuilt deck/brief\.yaml")
    assert not any("error" in line for line in lines)
    assert outputs(out) == cold(root, tmp_path, "2b") != fixed

    # The base outline it extends, written in place.
    base.write_text(BASE.replace("첫 슬라이드", "바뀐 첫 슬라이드"), encoding="utf-8")
    w.until(r"^watch: rebuilt deck/brief\.yaml")
    rebased = outputs(out)
    assert rebased != fixed and rebased == cold(root, tmp_path, "3")

    # The image, written slowly in pieces (an image editor, a copy): one rebuild, once it is whole.
    data = png("#E4572E")
    with open(logo, "wb") as fh:
        for i in range(0, len(data), len(data) // 8 + 1):
            fh.write(data[i:i + len(data) // 8 + 1])
            fh.flush()
            time.sleep(0.005)  # well inside the watch's quiet time (50 ms)
    lines = w.until(r"^watch: rebuilt deck/brief\.yaml")
    assert not any("error" in line for line in lines)
    repainted = outputs(out)
    assert repainted != rebased and repainted == cold(root, tmp_path, "4")

    # An image that does not exist yet, then appears in a folder not there before.
    save_by_rename(brief, BRIEF.replace("assets/logo.png", "assets/new/photo.png"))
    lines = w.until(r"^watch: deck/brief\.yaml has errors")
    assert sum(" changed" in line for line in lines) == 1  # the slow image write was one change
    assert any("image 'assets/new/photo.png' not found" in line for line in lines)
    (root / "assets" / "new").mkdir()
    (root / "assets" / "new" / "photo.png").write_bytes(png("#2E8B57", (30, 40)))
    w.until(r"^watch: deck/brief\.yaml is good again")
    assert outputs(out) == cold(root, tmp_path, "5")

    # The whole folder replaced (as sync tools do): the new one is watched.
    (root / "deck.new").mkdir()
    (root / "deck.new" / "base.yaml").write_text(BASE.replace("첫 절", "새 절"), encoding="utf-8")
    (root / "deck.new" / "brief.yaml").write_text(BRIEF, encoding="utf-8")
    os.rename(root / "deck", root / "deck.old")
    os.rename(root / "deck.new", root / "deck")
    w.until(r"^watch: rebuilt deck/brief\.yaml")
    save_by_rename(brief, BRIEF.replace("title: 그림", "title: 새 폴더의 그림"))
    expected = cold(root, tmp_path, "6")
    while outputs(out) != expected:  # the renames and the save may take one rebuild or two
        w.until(r"^watch: rebuilt deck/brief\.yaml")

    code, rest = w.stop(signal.SIGINT)
    assert code == 0 and "watch: stopped" in rest
    assert "Traceback" not in "\n".join(w.log)


def test_sigterm_exits_0(watched) -> None:
    root, w = watched
    w.until(r"^watch: watching")
    code, rest = w.stop(signal.SIGTERM)
    assert code == 0 and "watch: stopped" in rest
    assert "Traceback" not in "\n".join(w.log)


def test_unknown_audience_is_a_usage_error(project) -> None:
    project.write(BASE, "brief")
    r = subprocess.run([sys.executable, "-m", "deckbuild", "watch", "-a", "nobody"], cwd=project.root,
                       capture_output=True, text=True, timeout=TIMEOUT)
    assert r.returncode == 2 and "unknown audience 'nobody'" in r.stderr
    assert not (project.root / "out").exists()


def test_each_outline_is_its_own_build(tmp_path: Path) -> None:
    """Spec §3, as `build`: with a broken outline, the others are still built and written."""
    root = tmp_path / "project"
    (root / "deck").mkdir(parents=True)
    (root / "deck" / "good.yaml").write_text(BASE, encoding="utf-8")
    (root / "deck" / "broken.yaml").write_text(BASE.replace("id: one", "id: One"), encoding="utf-8")
    w = Watch(root)
    try:
        lines = w.until(r"^watch: watching ", r"^wrote out/good\.pptx$", r"^wrote out/good\.pdf$")
        assert "watch: deck/broken.yaml has errors; out keeps the last good files" in lines
        assert any(line.startswith("deck/broken.yaml:4:9: error: ") for line in lines), lines
        assert any(re.match(r"^watch: built deck/good\.yaml in ", line) for line in lines)
        assert sorted(p.name for p in (root / "out").iterdir()) == ["good.pdf", "good.pptx"]
        code, _ = w.stop(signal.SIGINT)
        assert code == 0
    finally:
        w.close()


RICH = """\
title: 되풀이 빌드
date: 2024-12-02
charts:
  counts:
    kind: column
    categories: [미국, 중국, 한국]
    series: [{name: 모델 수, values: [128, 95, 14]}]
    unit: 개
  exports:
    kind: line
    data: data/exports.csv
    series: [{name: 수출액}]
sections:
  - id: one
    title: 첫 절
    slides:
      - {id: a, title: 모델 수, chart: counts, notes: 발표 수입니다.}
      - {id: b, title: 수출, chart: exports}
  - id: two
    title: 둘째 절
    slides:
      - {id: c, title: 요약, bullets: [하나, 둘, 셋]}
audiences:
  public:
    sections: [one, two]
    overrides:
      c: {title: 쉬운 요약}
"""
EXPORTS = '연도,수출액\n2022,"6,836"\n2023,"6,322"\n2024,"6,838"\n'


def test_watch_rebuilds_every_edit_kind_like_a_cold_build(tmp_path: Path) -> None:
    """Issue 21's edit kinds, each rebuilt (reusing what it did not touch: `-v` says what) byte-identical
    to a cold build, for every audience and format."""
    root = tmp_path / "project"
    (root / "deck").mkdir(parents=True)
    (root / "data").mkdir()
    outline, csv = root / "deck" / "r.yaml", root / "data" / "exports.csv"
    outline.write_text(RICH, encoding="utf-8")
    csv.write_text(EXPORTS, encoding="utf-8")
    formats = ("-f", "pptx", "-f", "pdf", "-f", "slides")

    def cold_all(tag: str) -> dict[str, bytes]:
        out = tmp_path / f"cold-{tag}"
        r = run_cli("build", "deck/r.yaml", "--all-audiences", *formats, "-o", str(out), cwd=root)
        assert r.returncode == 0, r.stderr
        return outputs(out)

    w = Watch(root, "deck/r.yaml", "-v", "--all-audiences", *formats)
    try:
        w.until(r"^watch: watching ", r"^wrote out/r\.public\.slides\.pdf$")
        assert outputs(root / "out") == cold_all("0")
        text = RICH
        edits = [
            ("a chart value", "values: [128, 95, 14]", "values: [128, 95, 15]"),
            ("a title", "title: 수출}", "title: 연도별 수출}"),
            ("the section order", "sections: [one, two]", "sections: [two, one]"),
            ("an audience override", "c: {title: 쉬운 요약}", "c: {title: 더 쉬운 요약}"),
        ]
        reused = []
        for n, (name, old, new) in enumerate(edits, 1):
            text = text.replace(old, new)
            save_by_rename(outline, text)
            lines = w.until(r"^watch: rebuilt deck/r\.yaml", r"^wrote out/r\.public\.slides\.pdf$")
            reused += [line for line in lines if "; reused " in line]
            assert outputs(root / "out") == cold_all(str(n)), f"after {name}"
        save_by_rename(csv, EXPORTS.replace('"6,838"', '"7,001"'))
        w.until(r"^watch: rebuilt deck/r\.yaml", r"^wrote out/r\.public\.slides\.pdf$")
        assert outputs(root / "out") == cold_all("data"), "after the data file"
        assert reused, "the rebuilds reused nothing"
        code, _ = w.stop(signal.SIGINT)
        assert code == 0
        assert "Traceback" not in "\n".join(w.log)
    finally:
        w.close()


def test_a_font_replaced_in_place_is_read_again(tmp_path: Path) -> None:
    """Parsed faces (and what was measured with them) are kept between builds by path: a font file
    replaced gets them dropped, and the rebuild equals a cold build with the new face."""
    root = tmp_path / "project"
    (root / "deck").mkdir(parents=True)
    (root / "fonts").mkdir()
    fonts = ROOT / "assets" / "fonts"
    shutil.copy(fonts / "Pretendard-Regular.ttf", root / "fonts" / "body.ttf")
    shutil.copy(fonts / "Pretendard-Bold.ttf", root / "fonts" / "body-bold.ttf")
    (root / "deck" / "f.yaml").write_text(BASE + "theme:\n  fonts: {regular: ../fonts/body.ttf, bold: ../fonts/body-bold.ttf}\n",
                                          encoding="utf-8")
    w = Watch(root, "deck/f.yaml")
    try:
        w.until(r"^watch: watching ", r"^wrote out/f\.pdf$")
        before = outputs(root / "out")
        tmp = root / "fonts" / ".body.ttf.new"
        tmp.write_bytes((fonts / "NotoSansKR-Regular.ttf").read_bytes())
        os.replace(tmp, root / "fonts" / "body.ttf")
        w.until(r"^watch: rebuilt deck/f\.yaml")
        r = run_cli("build", "deck/f.yaml", "-o", str(tmp_path / "cold"), cwd=root)
        assert r.returncode == 0, r.stderr
        assert outputs(root / "out") == outputs(tmp_path / "cold") != before
    finally:
        w.close()
