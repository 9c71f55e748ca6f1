"""The pipeline in memory: one target's formats rendered in a forked process, the input list."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from deckbuild import build

from conftest import MINIMAL

needs_fork = pytest.mark.skipif(not build.can_fork(), reason="no fork on this platform")


def target(path: Path) -> build.Target:
    targets, _ = build.plan_targets(path, str(path), [], False)
    return targets[0]


@needs_fork
def test_forked_formats_give_the_same_bytes(project, tmp_path: Path) -> None:
    t = target(project.write(MINIMAL, "brief"))
    alone, _ = build.build_target(t, ("pptx", "pdf", "slides"), tmp_path, split=False)
    forked, _ = build.build_target(t, ("pptx", "pdf", "slides"), tmp_path, split=True)
    assert list(forked) == [tmp_path / "brief.pptx", tmp_path / "brief.pdf", tmp_path / "brief.slides.pdf"]
    assert forked == alone


@needs_fork
def test_a_failure_in_the_forked_renderer_is_a_bug_with_its_traceback(project, tmp_path: Path, monkeypatch) -> None:
    t = target(project.write(MINIMAL, "brief"))
    from deckbuild import renderers

    real = renderers.render

    def render(fmt, *args):
        if fmt == "pdf" and os.getpid() != parent:
            raise ValueError("boom")
        return real(fmt, *args)

    parent = os.getpid()
    monkeypatch.setattr(renderers, "render", render)
    with pytest.raises(RuntimeError) as caught:
        build.build_target(t, ("pptx", "pdf"), tmp_path, split=True)
    assert str(caught.value) == "ValueError: boom"  # one line for the user; the rest with --debug
    assert any("in the forked renderer process" in note and "raise ValueError" in note for note in caught.value.__notes__)


def test_inputs_name_every_file_the_outline_uses(project) -> None:
    from PIL import Image

    (project.root / "assets").mkdir()
    Image.new("RGB", (8, 8), "white").save(project.root / "assets" / "a.png")
    project.write(MINIMAL, "base")
    brief = project.write("""\
        extends: base.yaml
        sections:
          - id: one
            slides:
              - {id: pic, title: 그림, image: {path: assets/a.png, alt: 그림}}
              - {id: gone, title: 없음, image: {path: assets/missing.png, alt: 없음}}
        """, "brief")
    inputs: set[Path] = set()
    with pytest.raises(build.OutlineError):  # the missing image is an error; the inputs are known anyway
        build.plan_targets(brief, "deck/brief.yaml", [], False, inputs)
    root = project.root.resolve()
    assert {root / "deck" / "brief.yaml", root / "deck" / "base.yaml", root / "assets" / "a.png",
            root / "assets" / "missing.png", root / "deck" / "assets" / "missing.png"} <= {p.resolve() for p in inputs}
    assert all(p.is_absolute() for p in inputs)


@needs_fork
def test_a_renderer_started_ahead_gives_the_same_bytes(project, tmp_path: Path, monkeypatch) -> None:
    """`deckbuild build` forks the handout's renderer as it starts (ahead.py), before the outline
    is read; it draws what it is sent as the renderer forked after layout does."""
    from deckbuild import ahead

    t = target(project.write(MINIMAL, "brief"))
    alone, _ = build.build_target(t, ("pptx", "pdf", "slides"), tmp_path, split=False)
    monkeypatch.setattr(ahead, "spare_cpu", lambda cpus: True)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    ahead.start(["pdf", "slides"])
    assert ahead.waiting()
    pid = ahead._started.pid
    early, _ = build.build_target(t, ("pptx", "pdf", "slides"), tmp_path, split=True)
    assert early == alone and not ahead.waiting()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)  # reaped
    # Started and not taken (the outline had errors, say): stopped, reaped, nothing left behind.
    ahead.start(["pdf"])
    pid = ahead._started.pid
    ahead.stop()
    assert not ahead.waiting()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, 0)
    # Started for other formats than the build draws: not used, the build forks its own.
    ahead.start(["slides"])
    again, _ = build.build_target(t, ("pptx", "pdf"), tmp_path, split=True)
    assert list(again) == [tmp_path / "brief.pptx", tmp_path / "brief.pdf"] and again == {p: alone[p] for p in again}
    assert not ahead.waiting()


@needs_fork
def test_the_command_line_starts_the_renderer_ahead_and_writes_the_same_files(project, tmp_path: Path) -> None:
    from conftest import run_cli

    path = project.write(MINIMAL, "brief")
    r = run_cli("build", str(path), "-o", str(tmp_path / "a"), cwd=path.parent.parent)
    assert r.returncode == 0, r.stderr
    r = run_cli("build", str(path), "-f", "pptx", "-o", str(tmp_path / "b"), cwd=path.parent.parent)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "a" / "brief.pptx").read_bytes() == (tmp_path / "b" / "brief.pptx").read_bytes()


@needs_fork
def test_a_fork_refused_leaves_no_renderer_ahead(project, tmp_path: Path, monkeypatch) -> None:
    """Where the OS refuses a process (a limit on processes or memory), the build goes on without
    the renderer started ahead."""
    from deckbuild import ahead

    def refuse():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(ahead, "spare_cpu", lambda cpus: True)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(os, "fork", refuse)
    ahead.start(["pdf"])
    assert not ahead.waiting()
    t = target(project.write(MINIMAL, "brief"))
    files, _ = build.build_target(t, ("pptx", "pdf"), tmp_path, split=True)  # nor a renderer after layout
    assert list(files) == [tmp_path / "brief.pptx", tmp_path / "brief.pdf"]
