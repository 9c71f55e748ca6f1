"""The machine's failures, created for real: exit 4, one line naming the path and the OS's
reason, and the output folder exactly as it was (listing and bytes, no temporary files).

The suite runs as root, which permission bits do not stop, so a read-only folder is a
read-only bind mount and a full disk a small tmpfs, both mounted in a private mount
namespace (`unshare --mount`) that vanishes with the test; "permission denied" runs the CLI
as an unprivileged user (`setpriv`). Each skips, with the reason, where the sandbox forbids it.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from pathlib import Path

import pytest

from deckbuild import build, cli

from conftest import MINIMAL, ROOT, run_cli

CHANGED = MINIMAL.replace("첫 슬라이드", "바뀐 슬라이드")


def tree(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder` (relative name → sha256, or '/' for a folder)."""
    out = {}
    for p in sorted(folder.rglob("*")):
        out[str(p.relative_to(folder))] = "/" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def one_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "bug" not in stderr
    return lines[0]


@pytest.fixture(scope="session")
def minimal_outputs(tmp_path_factory) -> Path:
    """out/ of MINIMAL built once: brief.pptx and brief.pdf."""
    root = tmp_path_factory.mktemp("minimal")
    (root / "deck").mkdir()
    (root / "deck" / "brief.yaml").write_text(MINIMAL, encoding="utf-8")
    r = run_cli("build", cwd=root)
    assert r.returncode == 0, r.stderr
    return root / "out"


@pytest.fixture
def built(project, minimal_outputs):
    """A project whose out/ holds the outputs of MINIMAL plus a file of the user's; the outline then changes."""
    project.write(CHANGED, "brief")  # the next build would change both outputs
    shutil.copytree(minimal_outputs, project.root / "out")
    (project.root / "out" / "notes.txt").write_text("mine", encoding="utf-8")
    return project


# ---- no privileges needed ---------------------------------------------------------------------

def test_output_path_is_a_file(built) -> None:
    deck = built.root / "deck"
    before = tree(built.root)
    r = run_cli("build", "-o", "deck/brief.yaml", cwd=built.root)
    assert r.returncode == 4
    assert one_line(r.stderr) == "deckbuild: cannot write deck/brief.yaml/brief.pptx: Not a directory"
    assert tree(built.root) == before and deck.is_dir()


def test_output_parent_is_a_file(built) -> None:
    before = tree(built.root)
    r = run_cli("build", "-o", "deck/brief.yaml/handouts/2024", cwd=built.root)
    assert r.returncode == 4
    assert one_line(r.stderr) == "deckbuild: cannot write deck/brief.yaml/handouts/2024/brief.pptx: Not a directory"
    assert tree(built.root) == before


def test_output_name_taken_by_a_folder_changes_no_output(built) -> None:
    # The PPTX could be renamed into place, the PDF could not: neither may change.
    os.remove(built.root / "out" / "brief.pdf")
    (built.root / "out" / "brief.pdf").mkdir()
    before = tree(built.root / "out")
    r = run_cli("build", cwd=built.root)
    assert r.returncode == 4
    assert one_line(r.stderr) == "deckbuild: cannot write out/brief.pdf: Is a directory"
    assert tree(built.root / "out") == before


def test_an_output_name_too_long_for_the_disk_changes_no_output(project) -> None:
    # NAME.pptx fits in 255 bytes, NAME.executive.pptx does not: the full build's files, though
    # written first, must not be renamed into place either.
    stem = "b" * 245
    project.write(MINIMAL + "audiences: {executive: {description: 요약}}\n", stem)
    r = run_cli("build", "--all-audiences", "-f", "pptx", cwd=project.root)
    assert r.returncode == 4
    assert one_line(r.stderr) == f"deckbuild: cannot write out/{stem}.executive.pptx: File name too long"
    assert not (project.root / "out").exists()


def test_new_into_a_deck_that_is_a_file(tmp_path) -> None:
    (tmp_path / "deck").write_text("not a folder", encoding="utf-8")
    before = tree(tmp_path)
    r = run_cli("new", "brief", cwd=tmp_path)
    assert r.returncode == 4
    assert one_line(r.stderr) == "deckbuild: cannot write deck/brief.yaml: Not a directory"
    assert tree(tmp_path) == before


def test_write_all_removes_its_folders_and_temporaries(tmp_path, monkeypatch) -> None:
    # The second file fails mid-write (as a full disk would): the first's temporary file and
    # the two folders made for them are removed.
    from deckbuild import write
    from deckbuild.faults import FileFault

    real = os.fsync
    calls = []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(write.os, "fsync", fsync)
    out = tmp_path / "a" / "b"
    with pytest.raises(FileFault) as e:
        write.write_all({out / "x.pptx": b"1" * 10, out / "x.pdf": b"2" * 10})
    assert str(e.value) == f"cannot write {out / 'x.pdf'}: No space left on device"
    assert list(tmp_path.iterdir()) == []


def _vanish(monkeypatch, change) -> None:
    """Run `change()` right after validation, before layout and rendering."""
    real = build.plan_targets

    def plan_then_change(*args, **kwargs):
        found = real(*args, **kwargs)
        change()
        return found

    monkeypatch.setattr(build, "plan_targets", plan_then_change)


IMAGE_OUTLINE = """\
title: 그림
sections:
  - id: one
    title: 첫 절
    slides:
      - title: 그림 슬라이드
        image: {path: pic.png, alt: 빨간 사각형}
"""


@pytest.mark.parametrize("how", ["deleted", "replaced-by-folder"])
def test_image_vanishing_after_validation(project, monkeypatch, capsys, how) -> None:
    from PIL import Image

    project.write(IMAGE_OUTLINE, "brief")
    pic = project.root / "deck" / "pic.png"
    Image.new("RGB", (64, 48), "red").save(pic)

    def change():
        pic.unlink()
        if how == "replaced-by-folder":
            pic.mkdir()

    _vanish(monkeypatch, change)
    monkeypatch.chdir(project.root)
    assert cli.main(["build"]) == 4
    reason = "No such file or directory" if how == "deleted" else "Is a directory"
    assert one_line(capsys.readouterr().err) == f"deckbuild: cannot read deck/pic.png: {reason}"
    assert not (project.root / "out").exists()


def test_template_vanishing_after_validation(project, monkeypatch, capsys) -> None:
    """The template is read once, by validation, and kept in memory: its removal afterwards changes
    nothing (the deck is written from the bytes read then)."""
    from pptx import Presentation

    project.write(MINIMAL.replace("sections:", "theme: {template: company.pptx}\nsections:"), "brief")
    template = project.root / "deck" / "company.pptx"
    Presentation().save(str(template))
    _vanish(monkeypatch, template.unlink)
    monkeypatch.chdir(project.root)
    assert cli.main(["build", "-f", "pptx"]) == 0, capsys.readouterr().err
    assert zipfile.ZipFile(project.root / "out" / "brief.pptx").testzip() is None


def test_image_changed_after_validation(project, monkeypatch, capsys) -> None:
    from PIL import Image

    project.write(IMAGE_OUTLINE, "brief")
    pic = project.root / "deck" / "pic.png"
    Image.effect_noise((256, 256), 64).convert("RGB").save(pic)

    def cut():
        data = pic.read_bytes()
        pic.write_bytes(data[: len(data) // 2])

    _vanish(monkeypatch, cut)
    monkeypatch.chdir(project.root)
    assert cli.main(["build", "-f", "pdf"]) == 4
    assert one_line(capsys.readouterr().err) == "deckbuild: cannot read deck/pic.png: the file changed during the build; run it again"


@pytest.mark.parametrize("which", ["outline", "base", "font", "image", "template"])
def test_any_input_removed_after_validation_is_never_a_bug(project, monkeypatch, capsys, which) -> None:
    """Read once (outline, base, fonts, template: kept in memory) the build completes; read again
    while rendering (image) it is exit 4 naming the file. Never exit 3."""
    from PIL import Image
    from pptx import Presentation

    from deckbuild.fonts import bundled_fonts

    deck = project.root / "deck"
    deck.mkdir()
    Image.new("RGB", (64, 48), "red").save(deck / "pic.png")
    Presentation().save(str(deck / "company.pptx"))
    for face in ("regular", "bold"):
        shutil.copy(getattr(bundled_fonts(), face), deck / f"f-{face}.ttf")
    (deck / "base.yaml").write_text(IMAGE_OUTLINE, encoding="utf-8")
    project.write("extends: base.yaml\ntheme:\n  template: company.pptx\n  fonts: {regular: f-regular.ttf, bold: f-bold.ttf}\n", "brief")
    gone = {"outline": "brief.yaml", "base": "base.yaml", "font": "f-regular.ttf", "image": "pic.png", "template": "company.pptx"}[which]
    _vanish(monkeypatch, (deck / gone).unlink)
    monkeypatch.chdir(project.root)
    code = cli.main(["build", "deck/brief.yaml"])
    err = capsys.readouterr().err
    assert code in (0, 4) and "Traceback" not in err and "bug" not in err, err
    if which == "image":
        assert code == 4
    if which == "template":
        assert code == 0
    if code == 4:
        assert one_line(err) == f"deckbuild: cannot read deck/{gone}: No such file or directory"
        assert not (project.root / "out").exists()
    else:
        assert zipfile.ZipFile(project.root / "out" / "brief.pptx").testzip() is None
        assert (project.root / "out" / "brief.pdf").read_bytes().startswith(b"%PDF")


# ---- SIGKILL and concurrent builds ----------------------------------------------------------

def _write_and_die(files, step: int) -> None:
    """In a forked child: write_all, killed by SIGKILL at its `step`-th write, fsync or rename."""
    from deckbuild import write

    count = [0]

    def at_step(real):
        def wrapped(*args):
            count[0] += 1
            if count[0] == step:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args)
        return wrapped

    write.os.fsync = at_step(os.fsync)
    write.os.replace = at_step(os.replace)
    write.write_all(files)
    os._exit(0)


def test_sigkill_at_any_step_leaves_each_output_old_or_complete(tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    old = {out / "d.pptx": b"old deck", out / "d.pdf": b"old handout"}
    new = {out / "d.pptx": b"new deck " * 50_000, out / "d.pdf": b"new handout " * 50_000}
    ctx = multiprocessing.get_context("fork")
    for step in range(1, 6):  # fsync 1, fsync 2, rename 1, rename 2, (not reached: completes)
        for p, data in old.items():
            p.write_bytes(data)
        child = ctx.Process(target=_write_and_die, args=(new, step))
        child.start()
        child.join(60)
        killed = child.exitcode == -signal.SIGKILL
        assert killed == (step <= 4), (step, child.exitcode)
        for p in old:
            assert p.read_bytes() in (old[p], new[p]), (step, p)
        finals = {p.name for p in out.iterdir() if not p.name.endswith(".tmp")}
        assert finals == {"d.pptx", "d.pdf"}
        for t in out.glob(".*.tmp"):  # a kill can leave a temporary file, never a partial output
            t.unlink()


def _write_and_get_terminated(files) -> None:
    from deckbuild import cli, write

    cli._exit_on_sigterm()  # as the `deckbuild` process does
    real = os.fsync
    write.os.fsync = lambda fd: (real(fd), os.kill(os.getpid(), signal.SIGTERM))
    try:
        write.write_all(files)
    except SystemExit as e:
        os._exit(e.code)
    os._exit(0)


def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "d.pdf").write_bytes(b"old handout")
    child = multiprocessing.get_context("fork").Process(target=_write_and_get_terminated,
                                                        args=({out / "d.pptx": b"new deck", out / "d.pdf": b"new handout"},))
    child.start()
    child.join(60)
    assert child.exitcode == 128 + signal.SIGTERM
    assert tree(tmp_path) == {"out": "/", "out/d.pdf": hashlib.sha256(b"old handout").hexdigest()}


def test_concurrent_builds_into_one_folder_end_with_whole_files(project, minimal_outputs) -> None:
    project.write(MINIMAL, "brief")
    env = dict(os.environ)
    procs = [subprocess.Popen([sys.executable, "-m", "deckbuild", "build", "-o", "shared/new"], cwd=project.root,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(3)]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    assert tree(project.root / "shared" / "new") == tree(minimal_outputs)


# ---- mounts in a private namespace ------------------------------------------------------------

DRIVER = textwrap.dedent('''\
    import hashlib, json, os, subprocess, sys
    spec = json.loads(open(sys.argv[1], encoding="utf-8").read())
    for cmd in spec["mounts"]:
        subprocess.run(cmd, check=True, capture_output=True)
    for name, data in spec["seed"].items():
        with open(os.path.join(spec["watch"], name), "wb") as fh:
            fh.write(bytes.fromhex(data))
    def tree(folder):
        out = {}
        for base, dirs, files in os.walk(folder):
            for d in dirs:
                out[os.path.relpath(os.path.join(base, d), folder)] = "/"
            for f in files:
                p = os.path.join(base, f)
                out[os.path.relpath(p, folder)] = hashlib.sha256(open(p, "rb").read()).hexdigest()
        return out
    before = tree(spec["watch"])
    r = subprocess.run(spec["argv"], cwd=spec["cwd"], capture_output=True, text=True)
    print(json.dumps({"rc": r.returncode, "stderr": r.stderr, "before": before, "after": tree(spec["watch"])}))
''')


@pytest.fixture(scope="session")
def namespaces(tmp_path_factory) -> Path:
    """A driver script run inside `unshare --mount`; skips when this sandbox cannot mount."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare (util-linux) is not installed: no private mount namespace")
    folder = tmp_path_factory.mktemp("ns")
    (folder / "m").mkdir()
    probe = subprocess.run([unshare, "--mount", "--propagation", "private", "mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder / "m")],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs in a private mount namespace here: {probe.stderr.strip() or probe.returncode}")
    driver = folder / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    return driver


def in_namespace(driver: Path, mounts: list[list[str]], watch: Path, argv: list[str], cwd: Path, seed: dict[str, bytes] | None = None) -> dict:
    spec = {"mounts": mounts, "watch": str(watch), "argv": [sys.executable, "-m", "deckbuild", *argv], "cwd": str(cwd),
            "seed": {k: v.hex() for k, v in (seed or {}).items()}}
    # The spec goes in a file: old outputs (fonts embedded) are larger than one argument may be.
    spec_file = driver.parent / f"spec-{os.getpid()}-{len(os.listdir(driver.parent))}.json"
    spec_file.write_text(json.dumps(spec), encoding="utf-8")
    r = subprocess.run(["unshare", "--mount", "--propagation", "private", sys.executable, str(driver), str(spec_file)],
                       capture_output=True, text=True, timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_read_only_output_folder(built, namespaces) -> None:
    out = built.root / "out"
    ro = [["mount", "--bind", str(out), str(out)], ["mount", "-o", "remount,bind,ro", str(out)]]
    result = in_namespace(namespaces, ro, out, ["build"], built.root)
    assert result["rc"] == 4
    assert one_line(result["stderr"]) == "deckbuild: cannot write out/brief.pptx: Read-only file system"
    assert result["after"] == result["before"] == tree(out)


def test_read_only_parent_of_a_new_output_folder(built, namespaces) -> None:
    ro = [["mount", "--bind", str(built.root), str(built.root)], ["mount", "-o", "remount,bind,ro", str(built.root)]]
    result = in_namespace(namespaces, ro, built.root, ["build", "-o", "handouts/2024"], built.root)
    assert result["rc"] == 4
    assert one_line(result["stderr"]) == "deckbuild: cannot create folder handouts: Read-only file system"
    assert result["after"] == result["before"]


def _seed_and_size(out: Path) -> tuple[dict[str, bytes], int]:
    seed = {p.name: p.read_bytes() for p in out.iterdir()}
    pages = sum(-(-len(b) // 4096) for b in seed.values())
    return seed, (pages + 2) * 4096  # the old outputs fit; the new ones do not


def test_disk_full_mid_write(built, namespaces) -> None:
    out = built.root / "out"
    seed, size = _seed_and_size(out)
    full = [["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(out)]]
    result = in_namespace(namespaces, full, out, ["build"], built.root, seed)
    assert result["rc"] == 4
    assert one_line(result["stderr"]) == "deckbuild: cannot write out/brief.pptx: No space left on device"
    assert set(result["before"]) == set(seed) and result["after"] == result["before"]


def test_disk_full_removes_the_folders_it_made(built, namespaces) -> None:
    out = built.root / "out"
    seed, size = _seed_and_size(out)
    full = [["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(out)]]
    result = in_namespace(namespaces, full, out, ["build", "-o", "out/2024/final"], built.root, seed)
    assert result["rc"] == 4
    assert one_line(result["stderr"]) == "deckbuild: cannot write out/2024/final/brief.pptx: No space left on device"
    assert result["after"] == result["before"] and "2024" not in result["after"]


def test_permission_denied_for_an_unprivileged_user(tmp_path) -> None:
    """A folder the user may not write to: as root, the CLI runs as `nobody` through setpriv."""
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: cannot drop to an unprivileged user")
        as_user = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
        # pytest's tmp_path is private to root; this project must be readable by `nobody`.
        base = Path(tempfile.mkdtemp(prefix="deckbuild-perm-"))
    else:
        as_user, base = [], tmp_path
    try:
        os.chmod(base, 0o755)
        (base / "deck").mkdir()
        (base / "deck" / "brief.yaml").write_text(MINIMAL, encoding="utf-8")
        (base / "out").mkdir()
        (base / "out" / "old.txt").write_text("kept", encoding="utf-8")
        for p in (base / "deck", base / "out"):
            os.chmod(p, 0o555)
        os.chmod(base / "deck" / "brief.yaml", 0o644)
        probe = subprocess.run([*as_user, sys.executable, "-c", "import deckbuild"], capture_output=True, text=True,
                               env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
        if probe.returncode != 0:
            pytest.skip(f"the unprivileged user cannot run deckbuild from here: {probe.stderr.strip()[-200:]}")
        before = tree(base)
        r = subprocess.run([*as_user, sys.executable, "-m", "deckbuild", "build"], cwd=base, capture_output=True, text=True,
                           timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
        assert r.returncode == 4
        assert one_line(r.stderr) == "deckbuild: cannot write out/brief.pptx: Permission denied"
        assert tree(base) == before
    finally:
        for p in (base / "deck", base / "out"):
            if p.exists():
                os.chmod(p, 0o755)
        if base != tmp_path:
            shutil.rmtree(base, ignore_errors=True)
