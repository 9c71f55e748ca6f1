"""YAML text → `Node` tree that remembers FILE:LINE:COL; safe, bounded, NFC-normalised.

This is the only place that parses YAML. It refuses what would make later stages unsafe or
slow: tags that construct objects, duplicate keys, alias bombs, deep nesting, oversized files,
bytes that are not UTF-8, control and bidirectional-override characters.
"""

from __future__ import annotations

import bisect
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from .limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_VALUES
from .problems import Problems, Span

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_constructor = yaml.constructor.SafeConstructor()

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MERGE = _STD + "merge"

# Characters PyYAML's reader refuses outright (so they must be caught before parsing), plus
# the bidirectional overrides and isolates that make text read differently from how it prints.
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
BAD_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# `key: #word` — a comment where a value was meant (a conventional comment has a space after '#').
_COMMENTED = re.compile(r"[ \t]+#(\S[^\n]*)")
_FLOW_COMMENT = re.compile(r"[ \t](#[^\s,\]}]+)")
_HEX = re.compile(r"^[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?(?:[0-9A-Fa-f]{2})?$")


@dataclass(eq=False)
class Node:
    """A YAML value with its position. `kind` is 'map', 'seq' or 'scalar'."""

    kind: str
    span: Span
    tag: str = ""
    text: str = ""  # scalars: the NFC text as written (after YAML unescaping)
    value: Any = None  # scalars: str | int | float | bool | None
    items: list["Node"] = field(default_factory=list)  # seq
    pairs: dict[str, tuple["Node", "Node"]] = field(default_factory=dict)  # map: key → (key, value)
    size: int = 1  # values after alias expansion
    style: str | None = None


def char_name(c: str) -> str:
    name = unicodedata.name(c, "")
    return f"U+{ord(c):04X}" + (f" {name}" if name else "")


class _Lines:
    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def span(self, file: str, offset: int) -> Span:
        i = bisect.bisect_right(self.starts, offset) - 1
        return Span(file, i + 1, offset - self.starts[i] + 1)


def read_outline_text(path: str, display: str, problems: Problems) -> str | None:
    """Bytes on disk → str, or None with a problem (size, encoding)."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):  # a pipe or a device would block or never end
            problems.error(Span(display), "-", "the outline is not a regular file", code="path-not-file")
            return None
        if st.st_size > MAX_FILE_BYTES:
            problems.error(Span(display), "-", f"file is {st.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,} (10 MiB)", code="file-too-large")
            return None
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        problems.error(Span(display), "-", f"cannot read the outline: {e.strerror or e}", code="file-unreadable")
        return None
    if len(data) > MAX_FILE_BYTES:
        problems.error(Span(display), "-", f"file is over {MAX_FILE_BYTES:,} bytes (10 MiB)", code="file-too-large")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        head = data[: e.start]
        line = head.count(b"\n") + 1
        col = len(head[head.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        problems.error(Span(display, line, col), "-", f"not valid UTF-8: byte 0x{data[e.start]:02X}; save the file as UTF-8", code="not-utf8")
        return None


def parse(text: str, file: str, problems: Problems) -> Node | None:
    """YAML text → the root `Node`, or None when the text cannot be read as one outline."""
    lines = _Lines(text)
    fatal = False
    for m in _UNREADABLE.finditer(text):
        problems.error(lines.span(file, m.start()), "-", f"control character {char_name(m.group())} is not allowed", code="control-character")
        fatal = True
    for m in _BIDI.finditer(text):
        problems.error(lines.span(file, m.start()), "-", f"bidirectional control character {char_name(m.group())} is not allowed", code="bidi-character")
    if fatal:
        return None
    before = len(problems.items)
    root = _Composer(text, file, problems).compose()
    if root is None and len(problems.items) == before:
        problems.error(Span(file), "-", "the outline is empty: it needs at least a title and sections", code="empty-outline")
    return root


class _Stop(Exception):
    pass


def _scalar_path(stack, own: str) -> str:
    """The outline path of a scalar arriving in `stack[-1]`: a list item, a key, or a key's value."""
    if not stack:
        return ""
    parent, children, path = stack[-1]
    if parent.kind == "seq":
        return f"{path}[{len(children)}]"
    if len(children) % 2 == 1:  # the value of the key just read
        key = children[-1].text if children[-1].kind == "scalar" else "?"
    else:
        key = own
    return f"{path}.{key}" if path else key


def _comment_hint(text: str, e) -> str:
    """For a syntax error in a flow collection (`{primary: #0B3D91}`): the '#' that cut the line short."""
    first = e.context_mark.line if e.context_mark is not None else (e.problem_mark.line if e.problem_mark else 0)
    last = e.problem_mark.line if e.problem_mark is not None else first
    lines = text.split("\n")
    for n in range(first, min(last, len(lines) - 1) + 1):
        m = _FLOW_COMMENT.search(lines[n])
        if m:
            return f" ('#' after a space starts a comment, on line {n + 1}; quote the value: \"{m.group(1)}\")"
    return ""


def _child_path(stack) -> str:
    """The outline path (`sections[1].slides[0]`) of a collection about to open in `stack[-1]`."""
    if not stack:
        return ""
    parent, children, path = stack[-1]
    if parent.kind == "seq":
        return f"{path}[{len(children)}]"
    key = children[-1].text if children and len(children) % 2 == 1 and children[-1].kind == "scalar" else "?"
    return f"{path}.{key}" if path else key


class _Composer:
    """Builds `Node`s from parser events with an explicit stack (no recursion, so no depth crash)."""

    def __init__(self, text: str, file: str, problems: Problems):
        self.text = text
        self.file = file
        self.problems = problems
        self.anchors: dict[str, Node] = {}
        self.open: set[int] = set()
        self.total = 0
        self.lines: _Lines | None = None  # made on first use: a position from a text offset

    def span(self, mark) -> Span:
        return Span.from_mark(self.file, mark)

    def compose(self) -> Node | None:
        loader = _Loader(self.text)
        try:
            return self._run(loader)
        except _Stop:
            return None
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            msg = e.problem or e.context or "invalid YAML"
            if e.context and e.problem:
                msg = f"{e.context}, {e.problem}"
            self.problems.error(self.span(mark), "-", f"YAML syntax: {msg}{_comment_hint(self.text, e)}", code="yaml-syntax")
            return None
        except yaml.YAMLError as e:  # reader errors carry an offset, not a mark
            self.problems.error(Span(self.file), "-", f"YAML syntax: {e}", code="yaml-syntax")
            return None
        finally:
            loader.dispose()

    def _count(self, n: int, span: Span) -> None:
        self.total += n
        if self.total > MAX_VALUES:
            self.problems.error(span, "-", f"more than {MAX_VALUES:,} values after expanding aliases", code="too-many-values")
            raise _Stop

    def _run(self, loader) -> Node | None:
        stack: list[tuple[Node, list[Node], str]] = []  # open collections, their children, their outline path
        root: Node | None = None
        documents = 0
        while True:
            ev = loader.get_event()
            if isinstance(ev, yaml.StreamEndEvent):
                break
            if isinstance(ev, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.problems.error(self.span(ev.start_mark), "-", "an outline is one YAML document; remove the second '---'", code="yaml-documents")
                    raise _Stop
                continue
            if isinstance(ev, (yaml.StreamStartEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                node, children, path = stack.pop()
                self.open.discard(id(node))
                self._close(node, children, path)
                done = node
            elif isinstance(ev, yaml.AliasEvent):
                span = self.span(ev.start_mark)
                target = self.anchors.get(ev.anchor)
                if target is None:
                    self.problems.error(span, "-", f"unknown alias '*{ev.anchor}'", code="unknown-alias")
                    raise _Stop
                if id(target) in self.open:
                    self.problems.error(span, "-", f"alias '*{ev.anchor}' refers to a value that contains it", code="alias-cycle")
                    raise _Stop
                self._count(target.size, span)
                done = target
            elif isinstance(ev, yaml.ScalarEvent):
                done = self._scalar(loader, ev, _scalar_path(stack, ev.value))
                self._count(1, done.span)
                if ev.anchor:
                    self.anchors[ev.anchor] = done
            else:  # collection start
                kind = "map" if isinstance(ev, yaml.MappingStartEvent) else "seq"
                span = self.span(ev.start_mark)
                self._check_tag(ev.tag, span, kind, _child_path(stack))  # reported; the value is read as plain data
                if len(stack) >= MAX_DEPTH:
                    self.problems.error(span, "-", f"nesting is deeper than {MAX_DEPTH} levels", code="too-deep")
                    raise _Stop
                self._count(1, span)
                node = Node(kind, span, tag=_STD + kind)
                if ev.anchor:
                    self.anchors[ev.anchor] = node
                self.open.add(id(node))
                stack.append((node, [], _child_path(stack)))
                continue
            if stack:
                stack[-1][1].append(done)
            else:
                root = done
        return root

    def _check_tag(self, tag: str | None, span: Span, kind: str, path: str) -> None:
        if tag in (None, "!"):
            return
        allowed = {"map": {_STD + "map"}, "seq": {_STD + "seq"}}.get(kind, _SCALAR_TAGS)
        if tag not in allowed:
            shown = tag.replace(_STD, "!!")
            self.problems.error(span, path or "-", f"YAML tag '{shown}' is not allowed (outlines hold plain text, numbers, lists and mappings)", code="yaml-tag")

    def _scalar(self, loader, ev, path: str) -> Node:
        span = self.span(ev.start_mark)
        self._check_tag(ev.tag, span, "scalar", path)
        explicit = ev.tag not in (None, "!") and ev.tag in _SCALAR_TAGS
        tag = ev.tag if explicit else loader.resolve(yaml.ScalarNode, ev.value, ev.implicit)
        written = self.text[ev.start_mark.index : ev.end_mark.index]
        text = unicodedata.normalize("NFC", ev.value)
        for c in dict.fromkeys(m.group() for m in BAD_IN_VALUE.finditer(text)):
            if c in "\n\t" or c in written:  # literal ones were reported at their exact column
                continue
            # Written as an escape ("\0", "\x07", "\u202e"): reported at the value, with its place.
            if _BIDI.match(c):
                self.problems.error(span, path, f"bidirectional control character {char_name(c)} is not allowed", code="bidi-character")
            else:
                self.problems.error(span, path, f"control character {char_name(c)} is not allowed", code="control-character")
        value: Any = text
        if tag in (_STD + "int", _STD + "float", _STD + "bool", _STD + "null"):
            try:
                value = _constructor.construct_object(yaml.ScalarNode(tag, ev.value))
            except Exception:  # PyYAML's constructors raise ValueError, KeyError … on a bad explicit tag
                value = text
                if explicit:
                    self.problems.error(span, path, f"'{text}' is not a valid {tag.replace(_STD, '!!')}", code="yaml-tag")
        if value is None and not ev.value and not ev.style:
            self._comment_after(ev.start_mark.index, path)
        return Node("scalar", span, tag=tag, text=text, value=value, style=ev.style)

    def _comment_after(self, index: int, path: str) -> None:
        """An empty value followed by `#word` on its line: `primary: #0B3D91` lost its colour to a comment."""
        m = _COMMENTED.match(self.text, index)
        if m is None:
            return
        hidden = m.group(1).rstrip()
        first = hidden.split()[0]
        what, shown = ("colour", first) if _HEX.match(first) else ("text", hidden)
        if self.lines is None:
            self.lines = _Lines(self.text)
        span = self.lines.span(self.file, m.start(1) - 1)
        self.problems.warning(span, path, f"'#' starts a comment here; quote the {what}: \"#{shown}\"", code="comment-value")

    def _close(self, node: Node, children: list[Node], path: str) -> None:
        node.size = 1 + sum(c.size for c in children)
        if node.kind == "seq":
            node.items = children
            return
        merges: list[Node] = []
        for key, val in zip(children[0::2], children[1::2]):
            if key.kind != "scalar":
                self.problems.error(key.span, path or "-", "a key must be plain text, not a list or a mapping", code="key-not-text")
                continue
            if key.tag == _MERGE:
                merges.extend(val.items if val.kind == "seq" else [val])
                continue
            name = key.text
            if name in node.pairs:
                first = node.pairs[name][0].span
                self.problems.error(key.span, f"{path}.{name}" if path else name, f"duplicate key '{name}' (first at line {first.line})", code="duplicate-key")
                continue
            node.pairs[name] = (key, val)
        for m in merges:
            if m.kind != "map":
                self.problems.error(m.span, path or "-", "'<<' merges a mapping", code="merge-not-mapping")
                continue
            for name, pair in m.pairs.items():
                node.pairs.setdefault(name, pair)
