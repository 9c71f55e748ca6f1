"""The house rules, checked on the source (issues #10 and #15): the plan is the only thing
renderers read, no import circles, no module over 500 lines, and a slide or chart kind's name
written in few places.

Modules are named as dotted paths under `deckbuild` ("cli", "render.pdf"); a package is named
by its folder ("validate" for validate/__init__.py), so the rules hold whether a stage is one
file or a package of them.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "deckbuild"

# Import circles left today (main had cli ↔ watch, plan ↔ plan_dump and handout ↔ layout). The
# house work (issue #15: build calls the handout planner after layout) removes the last; none is
# ever added.
CIRCLES_TODAY: list[list[str]] = []

MAX_LINES = 500

# Modules over MAX_LINES today. The house work (issue #15) splits them: each entry goes when its
# module is split, and none is ever added.
TOO_BIG_TODAY: set[str] = set()

# A distinctive kind name appears as a string literal in at most three modules: the model's kind
# type, validation's YAML keys and the schema (or the registry the schema is made from).
KIND_NAMES = ("quote", "stat", "faq", "pie", "doughnut", "stacked-bar", "stacked-column", "columns")
MAX_KIND_MODULES = 3
# Today's offenders, kind by kind. The house work (issue #15: one registry per kind family)
# empties this; a module is never added.
KIND_LITERALS_TODAY = {
    "quote": {"layout.handout", "layout.kinds", "model", "validate.content"},
    "columns": {"layout.kinds", "model", "schema", "validate.content"},
}

# What a renderer may import besides its siblings under render/: the plan, the font faces (and
# the font file readers behind them), the writer's ZIP normaliser, and the cache of what a build made (reuse).
RENDER_MAY_IMPORT = ("plan", "fonts", "sfnt", "subset", "write", "reuse")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    """Every module of deckbuild by name; the package itself is ""."""
    return {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def imports(path: Path, known: dict[str, Path] | None = None) -> set[str]:
    """Every deckbuild module `path` imports, at the top or inside a function, as module names.

    `from .x import y` imports x, and x.y as well when that is a module; `from . import y`
    imports the package only when y is not a module of it (a sibling import does not run the
    package's __init__ again)."""
    known = modules() if known is None else known
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    package = [p for p in package if p]
    out: set[str] = set()

    def add(module: str, names=()) -> None:
        submodules = [f"{module}.{n}".lstrip(".") for n in names if f"{module}.{n}".lstrip(".") in known]
        out.update(submodules)
        if len(submodules) < len(names) or not names:
            out.add(module)

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names = [a.name for a in node.names]
            if node.level:
                base = package[: len(package) - node.level + 1]
                add(".".join(base + ([node.module] if node.module else [])), names)
            elif node.module and (node.module == "deckbuild" or node.module.startswith("deckbuild.")):
                add(node.module.removeprefix("deckbuild").lstrip("."), names)
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("deckbuild."):
                    add(a.name.removeprefix("deckbuild."))
    out.discard(name)
    return {m for m in out if m in known}


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, known) for name, path in known.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def string_literals(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


# ---- the rules ----------------------------------------------------------------------------------


def test_renderers_read_the_plan_only() -> None:
    known = modules()
    for name, path in known.items():
        if name != "render" and not name.startswith("render."):
            continue
        for imported in imports(path, known):
            top = imported.split(".")[0]
            assert top == "render" or top in RENDER_MAY_IMPORT or imported == "", f"{name} imports {imported}"


def test_validation_imports_nothing_from_render() -> None:
    known = modules()
    for name, path in known.items():
        if name.split(".")[0] in ("validate", "source", "extends", "model", "audience", "layout", "handout", "charts"):
            assert not any(m == "render" or m.startswith("render.") for m in imports(path, known)), name


def test_no_import_circles() -> None:
    found = circles(import_graph())
    new = [c for c in found if c not in CIRCLES_TODAY]
    assert new == [], "import circles: " + "; ".join(" ↔ ".join(c) for c in new)
    gone = [c for c in CIRCLES_TODAY if c not in found]
    assert gone == [], f"remove {gone} from CIRCLES_TODAY"


def test_the_circle_finder_finds_circles() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_imports_are_read_inside_functions_and_packages() -> None:
    known = modules()
    cli = imports(known["cli"], known)
    assert {"console", "watch", "build", "write"} <= cli  # `watch` and `write` only inside functions
    assert "render.pdf" in imports(known["renderers"], known)


def test_no_module_over_500_lines() -> None:
    sizes = {str(p.relative_to(SRC)): len(p.read_text(encoding="utf-8").splitlines()) for p in SRC.rglob("*.py")}
    over = sorted(f for f, n in sizes.items() if n > MAX_LINES)
    assert [f for f in over if f not in TOO_BIG_TODAY] == [], {f: sizes[f] for f in over}
    done = sorted(f for f in TOO_BIG_TODAY if sizes.get(f, 0) <= MAX_LINES)
    assert done == [], f"split or gone: remove {done} from TOO_BIG_TODAY"


def test_a_kind_name_is_written_in_at_most_three_modules() -> None:
    literals = {name: string_literals(path) for name, path in modules().items()}
    for kind in KIND_NAMES:
        using = {name for name, found in literals.items() if kind in found}
        allowed = KIND_LITERALS_TODAY.get(kind, set())
        if len(using) > MAX_KIND_MODULES:
            assert using <= allowed, f"'{kind}' is a string literal in {sorted(using)}: new {sorted(using - allowed)}"
        stale = sorted(allowed - using) if len(using) > MAX_KIND_MODULES else sorted(allowed)
        assert not stale, f"'{kind}': remove {stale} from KIND_LITERALS_TODAY (now in {sorted(using)})"


def test_the_plan_runs_no_model_code() -> None:
    # ChartSpec once inherited model.ChartKind, so model code ran in the renderers.
    assert not any(m == "model" or m.startswith("model.") for m in imports(SRC / "plan.py"))
