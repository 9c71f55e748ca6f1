"""Shared fixtures: small outlines written into a throwaway project folder."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "deck" / "sovereign-ai.yaml"

MINIMAL = """\
title: 테스트 브리핑
date: 2024-12-02
sections:
  - id: one
    title: 첫 절
    slides:
      - title: 첫 슬라이드
        bullets: [하나, 둘]
"""


@pytest.fixture
def project(tmp_path: Path):
    """A project folder with deck/; `project.write(text, name)` writes deck/NAME.yaml and returns its path."""

    class Project:
        root = tmp_path

        def write(self, text: str, name: str = "t") -> Path:
            path = tmp_path / "deck" / f"{name}.yaml"
            path.parent.mkdir(exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
            return path

    return Project()


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "deckbuild", *args], cwd=cwd or ROOT, capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The sample briefing built once per test session: {'pptx': Path, 'pdf': Path, 'deck': Deck}."""
    from deckbuild.validate import load

    out = tmp_path_factory.mktemp("sample-out")
    r = run_cli("build", str(SAMPLE), "-o", str(out))
    assert r.returncode == 0, r.stderr
    deck, _ = load(SAMPLE)
    return {"pptx": out / "sovereign-ai.pptx", "pdf": out / "sovereign-ai.pdf", "deck": deck, "out": out}


def have(tool: str) -> bool:
    return shutil.which(tool) is not None


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden files for review in the diff")


def soffice_to_pdf(pptx: Path, workdir: Path, project_fonts: bool = True) -> Path:
    """Convert a deck with LibreOffice, seeing the project's fonts plus the system's (or, with
    `project_fonts` False, the system's only: a reader without the deck's fonts)."""
    fonts_conf = workdir / "fonts.conf"
    own = f"<dir>{ROOT / 'assets' / 'fonts'}</dir>" if project_fonts else ""
    fonts_conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"{own}<cachedir>{workdir / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = dict(__import__("os").environ, FONTCONFIG_FILE=str(fonts_conf))
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{workdir / 'lo-profile'}", "--convert-to", "pdf", "--outdir", str(workdir), str(pptx)],
        check=True, capture_output=True, timeout=300, env=env,
    )
    out = workdir / (pptx.stem + ".pdf")
    assert out.exists(), "LibreOffice wrote no PDF"
    return out


needs_soffice = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")


def plan_for(handout: dict | None = None, audience: str | None = None):
    """The sample's deck for `audience` (with `handout` settings over its own), its plan and faces."""
    import dataclasses

    from deckbuild.audience import select
    from deckbuild.fonts import FontSet
    from deckbuild.layout import layout
    from deckbuild.validate import load

    deck, _ = load(SAMPLE)
    fonts = FontSet(deck.theme.fonts)
    deck = select(deck, audience)
    if handout:
        deck = dataclasses.replace(deck, handout=dataclasses.replace(deck.handout, **handout))
    return deck, layout(deck, fonts), fonts
