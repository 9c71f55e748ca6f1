"""The house rules that keep the plan the only thing renderers read (issue #10): checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "deckbuild"


def imports(path: Path) -> set[str]:
    """Every deckbuild module `path` imports, as dotted names relative to the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = path.relative_to(SRC).with_suffix("").parts[:-1]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = list(here[: len(here) - node.level + 1])
            mod = ".".join(base + ([node.module] if node.module else []))
            out.add(mod)
            out.update(f"{mod}.{a.name}" if mod else a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("deckbuild"):
            out.add(node.module.removeprefix("deckbuild."))
    return out


def test_renderers_read_the_plan_only() -> None:
    for path in sorted((SRC / "render").glob("*.py")):
        found = imports(path)
        for banned in ("model", "validate", "audience", "layout", "handout", "charts", "source", "extends"):
            assert banned not in found, f"{path.name} imports {banned}"


def test_validation_imports_nothing_from_render() -> None:
    for name in ("validate.py", "source.py", "extends.py", "model.py", "audience.py", "layout.py", "handout.py", "charts.py"):
        assert not any(m == "render" or m.startswith("render.") for m in imports(SRC / name)), name


def test_the_plan_runs_no_model_code() -> None:
    # ChartSpec once inherited model.ChartKind, so model code ran in the renderers.
    assert not any(m == "model" or m.startswith("model.") for m in imports(SRC / "plan.py"))
