"""The command line: exit codes, diagnostics, all-or-nothing writes, reproducible bytes."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from deckbuild import cli

from conftest import MINIMAL, ROOT, SAMPLE, run_cli


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_build_prints_one_line_per_file(project) -> None:
    project.write(MINIMAL, "brief")
    r = run_cli("build", cwd=project.root)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["wrote out/brief.pptx", "wrote out/brief.pdf"]
    assert (project.root / "out" / "brief.pptx").stat().st_size > 0


def test_format_and_output_dir(project) -> None:
    project.write(MINIMAL, "brief")
    r = run_cli("build", "-f", "pdf", "-o", "handouts", cwd=project.root)
    assert r.returncode == 0, r.stderr
    assert sorted(os.listdir(project.root / "handouts")) == ["brief.pdf"]


def test_outline_error_exit_1_and_diagnostic_format(project) -> None:
    project.write(MINIMAL.replace("bullets:", "bulets:"), "brief")
    r = run_cli("build", cwd=project.root)
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert lines[0] == "deck/brief.yaml:8:9: error: sections[0].slides[0].bulets: unknown key 'bulets' (did you mean 'bullets'?)"
    assert lines[-1] == "1 error"
    assert not (project.root / "out").exists()
    assert "Traceback" not in r.stderr


def test_all_problems_in_one_run_sorted(project) -> None:
    project.write("title: t\ndate: 2024-13-01\nsections:\n  - {id: Bad, title: x}\n  - {id: ok, titel: y}\n", "brief")
    r = run_cli("check", cwd=project.root)
    assert r.returncode == 1
    positions = [tuple(map(int, line.split(":")[1:3])) for line in r.stderr.splitlines() if ": error: " in line]
    assert len(positions) >= 3 and positions == sorted(positions)


def test_usage_errors_exit_2(project) -> None:
    project.write(MINIMAL, "brief")
    assert run_cli("build", "deck/missing.yaml", cwd=project.root).returncode == 2
    assert run_cli("frobnicate", cwd=project.root).returncode == 2
    r = run_cli("build", "-a", "nobody", cwd=project.root)
    assert r.returncode == 2 and "unknown audience 'nobody'" in r.stderr


def test_unknown_audience_lists_the_defined_ones() -> None:
    r = run_cli("check", str(SAMPLE), "-a", "executiv")
    assert r.returncode == 2
    assert "executive, policy, public" in r.stderr


def test_failed_build_leaves_outputs_untouched(project) -> None:
    brief = project.write(MINIMAL, "brief")
    assert run_cli("build", cwd=project.root).returncode == 0
    out = project.root / "out"
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    before = snapshot(out)
    brief.write_text(MINIMAL.replace("id: one", "id: One"), encoding="utf-8")
    r = run_cli("build", cwd=project.root)
    assert r.returncode == 1
    assert snapshot(out) == before
    assert r.stdout == ""


def test_each_outline_is_its_own_build(project) -> None:
    """Spec §3: a broken outline writes nothing of its own, the others are written, exit 1."""
    good = project.write(MINIMAL, "good")
    assert run_cli("build", cwd=project.root).returncode == 0
    out = project.root / "out"
    old_good = snapshot(out)
    good.write_text(MINIMAL.replace("첫 슬라이드", "바뀐 슬라이드"), encoding="utf-8")
    project.write(MINIMAL.replace("id: one", "id: One"), "broken")
    r = run_cli("build", cwd=project.root)
    assert r.returncode == 1
    assert r.stdout.splitlines() == ["wrote out/good.pptx", "wrote out/good.pdf"]
    assert sorted(os.listdir(out)) == ["good.pdf", "good.pptx"]
    assert snapshot(out) != old_good
    errors = [line for line in r.stderr.splitlines() if ": error: " in line]
    assert errors and all(line.startswith("deck/broken.yaml:") for line in errors), r.stderr
    assert r.stderr.splitlines()[-1] == "1 error"
    check = run_cli("check", cwd=project.root)
    assert check.returncode == 1 and check.stdout == "" and "deck/broken.yaml:" in check.stderr


def test_an_outline_broken_in_layout_writes_nothing_of_its_own(project, monkeypatch, capsys) -> None:
    """An error found after validation (in layout) keeps that outline's files out as well; the
    other outline built in the same run is written, and the status is the worst (1)."""
    from deckbuild import build
    from deckbuild.problems import OutlineError, Problem, Span

    project.write(MINIMAL, "good")
    project.write(MINIMAL.replace("첫 슬라이드", "깨진 슬라이드"), "broken")
    monkeypatch.chdir(project.root)
    real = build._build_target

    def layout_error(target, *args):
        if target.outline.stem == "broken":
            raise OutlineError([Problem(Span(target.display, 7, 9), "error", "sections[0].slides[0]", "laid out badly")])
        return real(target, *args)

    monkeypatch.setattr(build, "_build_target", layout_error)
    assert cli.main(["build"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["wrote out/good.pptx", "wrote out/good.pdf"]
    assert "deck/broken.yaml:7:9: error: sections[0].slides[0]: laid out badly" in captured.err.splitlines()
    assert sorted(os.listdir(project.root / "out")) == ["good.pdf", "good.pptx"]


def test_internal_error_is_one_line_and_writes_nothing(project, monkeypatch, capsys) -> None:
    project.write(MINIMAL, "brief")
    monkeypatch.chdir(project.root)
    import deckbuild.render.pdf as pdf

    def boom(*a, **k):
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(pdf, "render_pdf", boom)
    assert cli.main(["build"]) == 3
    err = capsys.readouterr().err
    assert "internal error" in err and "Traceback" not in err
    assert not (project.root / "out").exists() or not any((project.root / "out").iterdir())
    assert cli.main(["build", "--debug"]) == 3
    assert "Traceback" in capsys.readouterr().err


def test_two_builds_are_byte_identical(tmp_path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert run_cli("build", str(SAMPLE), "-o", str(a)).returncode == 0
    assert run_cli("build", str(SAMPLE), "-o", str(b)).returncode == 0
    assert snapshot(a) == snapshot(b) and len(snapshot(a)) == 2


def test_source_date_epoch_used_without_outline_date(project, tmp_path) -> None:
    project.write(MINIMAL.replace("date: 2024-12-02\n", ""), "brief")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    assert run_cli("build", "-f", "pptx", cwd=project.root, env=env).returncode == 0
    import zipfile

    core = zipfile.ZipFile(project.root / "out" / "brief.pptx").read("docProps/core.xml").decode()
    assert "2023-11-14" in core


def test_all_audiences_builds_every_file() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        r = run_cli("build", str(SAMPLE), "--all-audiences", "-o", d)
        assert r.returncode == 0, r.stderr
        names = sorted(os.listdir(d))
    stems = ["sovereign-ai", "sovereign-ai.executive", "sovereign-ai.policy", "sovereign-ai.public"]
    assert names == sorted(f"{s}.{ext}" for s in stems for ext in ("pdf", "pptx"))


def test_audiences_lists_each() -> None:
    r = run_cli("audiences", str(SAMPLE))
    assert r.returncode == 0, r.stderr
    rows = r.stdout.splitlines()
    assert [row.split()[0] for row in rows] == ["(full)", "executive", "policy", "public"]
    assert "grid (3/page)" in r.stdout


def test_new_writes_starter_that_builds_and_never_overwrites(project) -> None:
    r = run_cli("new", "my-brief", cwd=project.root)
    assert r.returncode == 0 and r.stdout.splitlines() == ["wrote deck/my-brief.yaml", "wrote schema/outline.schema.json"]
    assert json.loads((project.root / "schema" / "outline.schema.json").read_text(encoding="utf-8"))["title"] == "deckbuild outline"
    text = (project.root / "deck" / "my-brief.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert run_cli("check", cwd=project.root).returncode == 0
    again = run_cli("new", "my-brief", cwd=project.root)
    assert again.returncode == 2
    assert (project.root / "deck" / "my-brief.yaml").read_text(encoding="utf-8") == text


def test_schema_is_json_and_accepts_the_sample() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    r = run_cli("schema")
    assert r.returncode == 0
    schema = json.loads(r.stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    data = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    data["date"] = str(data["date"])
    jsonschema.Draft202012Validator(schema).validate(data)
    bad = dict(data, bulets=[])
    assert not jsonschema.Draft202012Validator(schema).is_valid(bad)


def test_committed_schema_is_current() -> None:
    r = run_cli("schema")
    assert (ROOT / "schema" / "outline.schema.json").read_text(encoding="utf-8") == r.stdout


def test_a_mistake_shared_through_extends_is_reported_once(project) -> None:
    project.write(MINIMAL.replace("bullets:", "bulets:"), "base")
    project.write("extends: base.yaml\nsubtitle: 파생\n", "child")
    r = run_cli("check", cwd=project.root)
    assert r.returncode == 1
    errors = [line for line in r.stderr.splitlines() if ": error: " in line]
    assert errors == ["deck/base.yaml:8:9: error: sections[0].slides[0].bulets: unknown key 'bulets' (did you mean 'bullets'?)"]
    assert r.stderr.splitlines()[-1] == "1 error"
