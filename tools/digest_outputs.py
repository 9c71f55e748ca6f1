"""Build a fixed corpus of outlines through the command line and print one SHA-256 per output file
and per plan dump: a refactoring that changes no behaviour leaves this listing unchanged.

    python tools/digest_outputs.py > before.txt   # … refactor …
    python tools/digest_outputs.py > after.txt && diff before.txt after.txt

The corpus: the sample and the partners outline for every audience in every format; the sample in
every template under tests/templates/; the long mixed-text deck of the LibreOffice tests; every
handout layout. Outputs go to a temporary folder; SOURCE_DATE_EPOCH is fixed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "deck" / "sovereign-ai.yaml"


def run(args: list[str], cwd: Path) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1733097600")
    r = subprocess.run([sys.executable, "-m", "deckbuild", *args], cwd=cwd, capture_output=True, text=True, env=env)
    if r.returncode != 0:
        print(f"# exit {r.returncode}: {' '.join(args)}: {r.stderr.strip()[:300]}")


def dump(outline: Path, audience: str | None = None) -> str:
    from deckbuild import plan_dump
    from deckbuild.audience import select
    from deckbuild.layout import layout
    from deckbuild.validate import load

    deck, _ = load(outline)
    if audience:
        deck = select(deck, audience)
    return plan_dump.dump(layout(deck))


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="digest-"))
    out = tmp / "out"
    proj = tmp / "proj"
    shutil.copytree(ROOT / "deck", proj / "deck")
    shutil.copytree(ROOT / "assets", proj / "assets")
    for sub in ("data",):
        if (ROOT / sub).is_dir():
            shutil.copytree(ROOT / sub, proj / sub)
    run(["build", "--all-audiences", "-f", "pptx", "-f", "pdf", "-f", "slides", "-o", str(out / "aud")], proj)
    run(["build", "-f", "pptx", "-f", "pdf", "-f", "slides", "-o", str(out / "full")], proj)
    text = SAMPLE.read_text(encoding="utf-8")
    for layout_name, extra in (("notes", ""), ("grid", "  slides_per_page: 6\n")):
        p = proj / "deck" / f"h-{layout_name}.yaml"
        p.write_text(text.replace("  layout: article\n", f"  layout: {layout_name}\n{extra}", 1), encoding="utf-8")
    for t in sorted((ROOT / "tests" / "templates").iterdir()):
        if t.suffix not in (".pptx", ".potx", ".potm"):
            continue
        shutil.copy(t, proj / t.name)
        p = proj / "deck" / f"t-{t.stem}.yaml"
        p.write_text(text.replace("language: ko-KR\n", f"language: ko-KR\ntheme:\n  template: {t.name}\n", 1), encoding="utf-8")
    extra = Path(os.environ.get("DIGEST_CORPUS", "/work/digest-corpus"))
    if extra.is_dir():  # fixed random outlines (every kind), written once from tests/test_fuzz_render.py
        for f in sorted(extra.iterdir()):
            shutil.copy(f, proj / "deck" / f.name)
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from test_libreoffice import long_outline  # the long mixed-text deck

        lo = long_outline(proj / "deck")
        if lo.parent != proj / "deck":
            shutil.copy(lo, proj / "deck" / "long.yaml")
    except Exception as e:  # noqa: BLE001 - the corpus still has the rest
        print(f"# long outline unavailable: {e}")
    for p in sorted((proj / "deck").glob("*.yaml")):
        if p.stem not in ("sovereign-ai", "sovereign-ai-partners"):
            run(["build", str(p), "-f", "pptx", "-f", "pdf", "-f", "slides", "-o", str(out / "more")], proj)
    for f in sorted(out.rglob("*")):
        if f.is_file():
            print(hashlib.sha256(f.read_bytes()).hexdigest()[:16], f.relative_to(out))
    for p in sorted((proj / "deck").glob("*.yaml")):
        try:
            print(hashlib.sha256(dump(p).encode()).hexdigest()[:16], "plan", p.name)
        except Exception as e:  # noqa: BLE001
            print("# plan", p.name, type(e).__name__, str(e)[:200])
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
