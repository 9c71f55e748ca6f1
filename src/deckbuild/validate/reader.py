"""YAML nodes → typed values, one call per value: the primitives every other validation module uses.

`Reader` holds one validation run: the `Problems` it reports to, the files it read or looked for,
and what the later checks need (every text read, for the glyph check; the template's frame and the
font entries, to place their problems). Its readers (mapping, text, boolean, integer, number, seq,
slug, choice, path_in_project) take a node and its outline path and return the value, or a default
after reporting why the node is not one.
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

from ..limits import MAX_PARAGRAPH
from ..problems import Problems, Span, did_you_mean
from ..source import Node

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_JSON_NUMBER = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d+$")

# The tags a scalar may carry to be read as text (YAML reads 12, 1.5, 2024-01-01 and yes as such).
STR_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "timestamp", "bool")}


def project_root(outline: Path) -> Path:
    """The folder that holds `deck/` for deck/NAME.yaml, else the outline's own folder."""
    folder = outline.resolve().parent
    return folder.parent if folder.name == "deck" else folder


def join(path: str, key: str) -> str:
    """The outline path of `key` under `path` ('' is the top)."""
    return f"{path}.{key}" if path else key


def unquoted_colon_fix(node: Node, path: str) -> str | None:
    """For text written `- 추이: 8년 연속 하락` (valid YAML: a one-key mapping on one line), the line
    as it should be written: `- "추이: 8년 연속 하락"` (in a flow list `[가, 비교: 둘]`, the item:
    `"비교: 둘"`); None for any other value."""
    if node.kind != "map" or len(node.pairs) != 1:
        return None
    name, (key, value) = next(iter(node.pairs.items()))
    if key.style or value.kind != "scalar" or value.style or not value.text.strip() or key.span.line != value.span.line:
        return None
    text = f"{name}: {value.text.strip()}"
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if node.style == "flow":  # `[가, 비교: 둘]`: the item inside the brackets
        return quoted
    lead = "- " if path.endswith("]") else f"{path.rsplit('.', 1)[-1]}: "
    return lead + quoted


class Reader:
    """One validation run: typed readers over nodes, and what they learned for the later checks."""

    def __init__(self, file: str, outline_path: Path, problems: Problems):
        self.file = file
        self.root = project_root(outline_path)
        self.problems = problems
        self.texts: list[tuple[str, Span, str, str | None]] = []  # every text and its chart id, for the glyph check
        self.in_chart: str | None = None  # the chart being read: a chart is drawn in one face
        self.files: dict[str, Path] = {file: outline_path.resolve()}  # display name → real path
        self.font_nodes: dict[str, Node] = {}  # theme.fonts entries, to place font problems
        self.template_state = "none"  # none | broken | read: whether layout names can be checked
        self.frame = None  # the template's Frame, when it was read
        # Every file a path names (fonts, template, images), and where a missing one was looked
        # for, so that `watch` rebuilds when one of them changes or appears.
        self.inputs: set[Path] = set()
        self.broken_charts: set[str] = set()  # chart ids defined with errors (a slide naming one adds no problem)
        self.values = 0  # the outline's values after alias expansion, then every data file's cells (one limit)

    def err(self, node_or_span, path: str, msg: str, code: str = "") -> None:
        span = node_or_span.span if isinstance(node_or_span, Node) else node_or_span
        if span in self.problems.refused:
            return  # the value was refused as YAML already (its tag, an escaped control character)
        self.problems.error(span, path, msg, code=code)

    def mapping(self, node: Node, path: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict[str, Node] | None:
        if node.kind != "map":
            self.err(node, path, f"expected a mapping with keys such as {', '.join(required or allowed[:3])}", code="expected-mapping")
            return None
        out: dict[str, Node] = {}
        for name, (key, value) in node.pairs.items():
            if name not in allowed:
                self.err(key, join(path, name), f"unknown key '{name}'{did_you_mean(name, allowed)}", code="unknown-key")
                continue
            if value.kind == "scalar" and value.value is None and value.tag.endswith(":null"):
                continue  # an optional key given as null counts as absent
            out[name] = value
        for name in required:
            if name not in out and name in node.pairs:
                self.err(node.pairs[name][1], join(path, name), f"'{name}' is required and cannot be empty", code="missing-key")
            elif name not in out:
                self.err(node, path, f"missing required key '{name}'", code="missing-key")
        return out

    def text(self, node: Node | None, path: str, *, required: bool = False) -> str | None:
        if node is None:
            return None
        if node.kind != "scalar" or node.tag not in STR_TAGS:
            fix = unquoted_colon_fix(node, path)
            if fix:
                self.err(node, path, f"text that contains ': ' must be quoted (YAML read it as a mapping); write {fix}", code="unquoted-colon")
            else:
                self.err(node, path, "expected text", code="expected-text")
            return None
        value = node.text.strip() if node.style not in ("|", ">") else node.text.rstrip("\n")
        if not value:
            if required:
                self.err(node, path, "text is empty", code="empty-text")
            return None
        if len(value) > MAX_PARAGRAPH:
            longest = max(len(p) for p in value.split("\n\n"))
            if longest > MAX_PARAGRAPH:
                self.err(node, path, f"a paragraph of {longest:,} characters; the limit is {MAX_PARAGRAPH:,} (split it with a blank line)", code="paragraph-too-long")
                return None
        self.texts.append((value, node.span, path, self.in_chart))
        return value

    def boolean(self, node: Node | None, path: str, default: bool) -> bool:
        if node is None:
            return default
        if node.kind == "scalar" and isinstance(node.value, bool):
            return node.value
        self.err(node, path, "expected true or false", code="expected-boolean")
        return default

    def integer(self, node: Node | None, path: str) -> int | None:
        if node is None:
            return None
        if node.kind == "scalar" and isinstance(node.value, int) and not isinstance(node.value, bool):
            return node.value
        self.err(node, path, "expected a whole number", code="expected-integer")
        return None

    def number(self, node: Node, path: str) -> float | None:
        raw = node.value if node.kind == "scalar" else None
        if isinstance(raw, str) and not node.style and _JSON_NUMBER.match(raw):
            raw = float(raw)  # YAML 1.1 reads 1e6 and 1.5E3 as text; they are numbers here
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            try:
                v = float(raw)
            except OverflowError:  # an integer literal beyond the largest float
                v = float("inf")
            if v != v or v in (float("inf"), float("-inf")):
                self.err(node, path, "expected a finite number", code="number-not-finite")
                return None
            return v
        shown = node.text if node.kind == "scalar" else node.kind
        self.err(node, path, f"expected a number, got '{shown}' (write 1234.5 without units or thousands separators)", code="expected-number")
        return None

    def seq(self, node: Node | None, path: str, what: str = "a list") -> list[Node]:
        if node is None:
            return []
        if node.kind != "seq":
            self.err(node, path, f"expected {what}", code="expected-list")
            return []
        return node.items

    def texts_list(self, node: Node | None, path: str) -> tuple[str, ...]:
        out = []
        for i, item in enumerate(self.seq(node, path, "a list of text")):
            t = self.text(item, f"{path}[{i}]", required=True)
            if t is not None:
                out.append(t)
        return tuple(out)

    def slug(self, node: Node | None, path: str, *, required: bool = False) -> str | None:
        value = self.text(node, path, required=required)
        if value is not None and not SLUG.match(value):
            self.err(node, path, f"'{value}' is not a valid id: use lowercase letters, digits and single hyphens (e.g. 'global-trends')", code="invalid-id")
            return None
        return value

    def choice(self, node: Node | None, path: str, choices: tuple, default):
        if node is None:
            return default
        raw = node.value if node.kind == "scalar" else None
        for c in choices:  # by type too: 3.0 is not the whole number 3, nor true the 1
            if raw == c and type(raw) is type(c):
                return c
        shown = node.text if node.kind == "scalar" else node.kind
        self.err(node, path, f"'{shown}' is not one of {', '.join(map(str, choices))}{did_you_mean(str(shown), map(str, choices))}", code="unknown-value")
        return default

    def path_in_project(self, node: Node | None, path: str, what: str) -> Path | None:
        """A relative path to a regular file inside the project, resolved; None after reporting why not."""
        raw = self.text(node, path, required=True)
        if raw is None:
            return None
        if "\0" in raw:  # the character itself is reported where the text is read
            self.err(node, path, f"{what} path cannot hold the character U+0000", code="path-invalid")
            return None
        if Path(raw).is_absolute():
            self.err(node, path, f"{what} path must be relative to the outline or the project, not absolute", code="path-absolute")
            return None
        root = self.root.resolve()
        # Relative to the file that names the path (a base outline may live elsewhere), then the project.
        here = self.files.get(node.span.file, Path(node.span.file).resolve()).parent
        for base in (here, root):
            candidate = base / raw
            self.inputs.add(Path(os.path.abspath(candidate)))
            try:
                os.stat(candidate)
            except OSError as e:
                if e.errno == errno.ELOOP:
                    self.err(node, path, f"{what} '{raw}' is a loop of symbolic links", code="path-loop")
                    return None
                if e.errno not in (errno.ENOENT, errno.ENOTDIR):
                    self.err(node, path, f"{what} '{raw}' cannot be read: {e.strerror or e}", code="file-unreadable")
                    return None
                if not candidate.is_symlink():
                    continue  # not here; a dangling link is judged by where it points
            try:
                real = candidate.resolve()
            except (OSError, RuntimeError):  # a loop further down a dangling link (3.11 raises RuntimeError)
                self.err(node, path, f"{what} '{raw}' is a loop of symbolic links", code="path-loop")
                return None
            if real != root and root not in real.parents:
                self.err(node, path, f"{what} '{raw}' resolves outside the project ({root})", code="path-outside")
                return None
            if not real.is_file():
                kind = "a folder" if real.is_dir() else "not a regular file"
                self.err(node, path, f"{what} '{raw}' is {kind}", code="path-not-file")
                return None
            self.inputs.add(real)
            return real
        self.err(node, path, f"{what} '{raw}' not found (looked in {here} and {root})", code="file-missing")
        return None
