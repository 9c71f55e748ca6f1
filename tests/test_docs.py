"""The user's reference, docs/outline.md, against the outline's JSON Schema and the kind registries.

Its key tables are made from the schema by tools/outline_reference.py; these tests fail when the
page is not current (a key the schema gained, a code added), when an object of the outline has no
table, a key no example or explanation, an example or a YAML block that the schema refuses, when the
prose names a key the schema lacks, or when a slide kind, chart kind or handout layout of the
registries is missing from its table (or the table names one they lack). The README and the starter
outline send users to the page.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import outline_reference as ref  # noqa: E402

from deckbuild import model as m  # noqa: E402
from deckbuild.schema import outline_schema  # noqa: E402
from deckbuild.starter import starter_outline  # noqa: E402

DOC = ref.DOC.read_text(encoding="utf-8")
SCHEMA = outline_schema()
OBJECTS = ref.objects(SCHEMA)
KEYS = ref.keys(SCHEMA)
BLOCKS = {mt.group(3) for mt in ref.BLOCK.finditer(DOC) if mt.group(2) != "codes"}
jsonschema = pytest.importorskip("jsonschema")


class _Loader(yaml.SafeLoader):
    """YAML as deckbuild reads it, for the schema: a date stays text (`2024-12-02`)."""


_Loader.yaml_implicit_resolvers = {
    first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _load(text: str):
    return yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader)


def _same(a: dict, b: dict) -> bool:
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def _documented_as(path: str) -> str | None:
    """The block that documents the object at `path`: its own, or one of an identical object."""
    if path in BLOCKS:
        return path
    return next((b for b in BLOCKS if b in OBJECTS and _same(OBJECTS[b], OBJECTS[path])), None)


def test_the_reference_is_current() -> None:
    assert ref.render(DOC, SCHEMA) == DOC, "run: python tools/outline_reference.py"


def test_every_object_of_the_schema_has_its_table() -> None:
    missing = [p or "(top level)" for p in OBJECTS if _documented_as(p) is None]
    assert missing == [], f"add a '<!-- keys: PATH -->' block to docs/outline.md for each of {missing}"
    assert sorted(BLOCKS - set(OBJECTS)) == [], "docs/outline.md has a table of an object the schema lacks"


def test_every_key_has_an_explanation_and_an_example() -> None:
    documented = [k for k in KEYS if k.rpartition(".")[0] in BLOCKS or "." not in k]
    no_example = [k for k in documented if not ref.EXAMPLES.get(k)]
    no_what = [k for k in documented if not (ref.WHAT.get(k) or ref._deref(KEYS[k], SCHEMA).get("description"))]
    assert no_example == [], f"add an example for each to EXAMPLES in tools/outline_reference.py: {no_example}"
    assert no_what == [], f"describe each in the schema or in WHAT (tools/outline_reference.py): {no_what}"


def test_the_tool_names_no_key_the_schema_lacks() -> None:
    assert sorted(set(ref.EXAMPLES) - set(KEYS)) == []
    assert sorted(set(ref.WHAT) - set(KEYS)) == []


def _loose(node: dict) -> dict:
    """An object's schema that accepts any subset of its keys (an example shows one)."""
    node = copy.deepcopy(ref._deref(node, SCHEMA))
    for k in ("required", "anyOf", "if", "then"):
        node.pop(k, None)
    return {**node, "$defs": SCHEMA["$defs"]}


@pytest.mark.parametrize("key", sorted(ref.EXAMPLES))
def test_each_example_is_its_key_and_follows_the_schema(key: str) -> None:
    parent, _, name = key.rpartition(".")
    value = _load(ref.EXAMPLES[key])
    assert isinstance(value, dict) and list(value) == [name], f"{key}: the example must be '{name}: …'"
    errors = [e.message for e in jsonschema.Draft202012Validator(_loose(OBJECTS[parent])).iter_errors(value)]
    assert errors == [], f"{key}: {errors}"


YAML_BLOCK = re.compile(r"```yaml\n(.*?)```", re.S)


@pytest.mark.parametrize("n", range(len(YAML_BLOCK.findall(DOC))))
def test_each_yaml_block_follows_the_schema(n: int) -> None:
    text = YAML_BLOCK.findall(DOC)[n]
    data = _load(text)
    root = {k: v for k, v in SCHEMA.items() if k not in ("if", "then")}  # a part of an outline, from the top
    errors = [f"{'.'.join(map(str, e.path))}: {e.message}" for e in jsonschema.Draft202012Validator(root).iter_errors(data)]
    assert errors == [], f"YAML block {n + 1} of docs/outline.md:\n{text}\n{errors}"


def _named_paths() -> list[str]:
    """Key paths the prose names: in backticks or as a heading, starting at a top-level key."""
    found = re.findall(r"`([a-z_]+(?:\.[a-z_*-]+)+)`", DOC) + re.findall(r"^#+ ([a-z_]+(?:\.[a-z_*-]+)+)$", DOC, re.M)
    top = set(SCHEMA["properties"])
    return sorted({p for p in found if p.split(".")[0] in top})


def test_the_prose_names_only_keys_the_schema_has() -> None:
    named = _named_paths()
    assert len(named) > 10
    kinds = set(m.CONTENT_KINDS.values())
    unknown = [p for p in named if p not in KEYS and not (p.split(".")[0] in kinds and f"sections.slides.{p}" in KEYS)]
    assert unknown == [], f"docs/outline.md names keys the schema does not have: {unknown}"


def _kind_table(name: str) -> list[str]:
    mt = re.search(rf"<!-- kinds: {name} -->\n(.*?)<!-- /kinds -->", DOC, re.S)
    assert mt, f"docs/outline.md lacks its '<!-- kinds: {name} -->' table"
    return re.findall(r"^\| `([^`]+)` \|", mt.group(1), re.M)


@pytest.mark.parametrize(("table", "registry"), [
    ("slide", lambda: list(m.CONTENT_KINDS.values())),
    ("chart", lambda: [k.value for k in m.ChartType]),
    ("handout", lambda: list(m.HANDOUT_LAYOUTS)),
])
def test_every_kind_of_the_registries_is_described(table: str, registry) -> None:
    assert sorted(_kind_table(table)) == sorted(registry()), f"docs/outline.md's {table} kinds and the registry differ"


def test_the_readme_and_the_starter_send_users_to_the_reference() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/outline.md" in readme and "shared/spec" not in readme
    assert "docs/outline.md" in starter_outline("x")
