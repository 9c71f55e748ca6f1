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


# A line that reads as outline structure (`- item`, `key: value`): inside a quoted string, the
# sign that the string was not closed on its own line.
_STRUCTURE = re.compile(r"^[ \t]*(?:-[ \t]|-$|[^\s:#\"'][^:#\"']*:(?:[ \t]|$))")
_LEADING = re.compile(r"^[ \t]*")


def _quoted_runaway(text: str, e) -> tuple[int, int, int] | None:
    """(line, column, 0-based) of the opening quote of a string that was not closed where meant, or None.

    The parser notices much later: at the end of the file, or where the string's stray closing
    quote (the next `"` in the file) leaves text it cannot place. The first multi-line quoted
    string before the stop whose later lines read as outline structure is the one left open.
    """
    pm = e.problem_mark
    if pm is None:
        return None
    candidates: list[tuple[int, int, int, int]] = []  # (start index, line, col, end index)
    loader = _Loader(text[: pm.index])  # only up to the stop: the scanner is fast, and this is the error path
    try:
        while True:
            tok = loader.get_token()
            if tok is None:
                break
            if isinstance(tok, yaml.ScalarToken) and tok.style in ('"', "'") and tok.end_mark.line > tok.start_mark.line:
                candidates.append((tok.start_mark.index, tok.start_mark.line, tok.start_mark.column, tok.end_mark.index))
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    unclosed = e.context == "while scanning a quoted scalar" and e.context_mark is not None and "end of stream" in (e.problem or "")
    if unclosed:
        cm = e.context_mark
        candidates.append((cm.index, cm.line, cm.column, pm.index))
    for start, line, col, end in candidates:
        if any(_STRUCTURE.match(x) for x in text[start:end].split("\n")[1:]):
            return line, col, start
    if unclosed:
        return e.context_mark.line, e.context_mark.column, e.context_mark.index
    return None


def _unquoted_colon(line: str, col: int) -> tuple[int, str] | None:
    """For `title: 추이: 8년 연속 하락` (a second ': ' at `col`): (0-based column of the value, the fix)."""
    m = re.match(r"^([ \t]*(?:-[ \t]+)*)([^\s#\"'{}\[\]][^#]*?):[ \t]+", line)
    if m is None or m.end() > col:
        return None
    value = line[m.end():]
    comment = re.search(r"[ \t]#", value)
    if comment:
        value = value[: comment.start()]
    value = value.rstrip()
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return m.end(), f"{m.group(2)}: {quoted}"


def _diagnose(text: str, file: str, e) -> tuple[Span, str]:
    """A PyYAML syntax error → (where the broken construct began, a message saying how to fix it).

    Spec Diagnostics: an unclosed string is reported at its opening quote with where the parser
    stopped; a tab and an unquoted ': ' in a value say so, and how to fix them.
    """
    pm, cm = e.problem_mark, e.context_mark
    mark = pm or cm
    msg = e.problem or e.context or "invalid YAML"
    if e.context and e.problem:
        msg = f"{e.context}, {e.problem}"
    if pm is None:
        return Span.from_mark(file, mark), msg
    lines = text.split("\n")
    stop = pm.line + 1
    runaway = _quoted_runaway(text, e)
    if runaway is not None:
        line, col, index = runaway
        q = text[index] if index < len(text) else '"'
        end = text.rstrip()
        where = f"the end of the file (line {end.count(chr(10)) + 1})" if pm.index >= len(end) else f"line {stop}"
        return Span(file, line + 1, col + 1), f"the string that starts here is not closed; the parser stopped at {where}: add the closing {q} on this line"
    first = cm.line if cm is not None and cm.line <= pm.line else pm.line
    for n in range(first, min(pm.line, len(lines) - 1) + 1):
        lead = _LEADING.match(lines[n]).group()
        if n == pm.line and "\t" not in lead and pm.column < len(lines[n]) and lines[n][pm.column] == "\t":
            lead = lines[n][: pm.column + 1]
        if "\t" in lead:
            return Span(file, n + 1, lead.index("\t") + 1), "a tab indents this line; YAML indents with spaces only: replace the tab with spaces"
    if (e.problem or "").startswith("mapping values are not allowed") and pm.line < len(lines):
        found = _unquoted_colon(lines[pm.line], pm.column)
        if found is not None:
            col, fix = found
            return Span(file, stop, col + 1), f"a value that contains ': ' must be quoted (YAML reads ': ' as the start of a mapping); write {fix}"
        return Span.from_mark(file, pm), "a value that contains ': ' must be quoted (YAML reads ': ' as the start of a mapping): put the whole value in \"…\""
    return Span.from_mark(file, mark), f"{msg}{_comment_hint(text, e)}"


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
            span, msg = _diagnose(self.text, self.file, e)
            self.problems.error(span, "-", f"YAML syntax: {msg}", code="yaml-syntax")
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
                node = Node(kind, span, tag=_STD + kind, style="flow" if ev.flow_style else None)
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

    def _refuse(self, span: Span, path: str, message: str, code: str) -> None:
        """An error about the value at `span` itself: validation judges that value no further."""
        self.problems.error(span, path, message, code=code)
        self.problems.refused.add(span)

    def _check_tag(self, tag: str | None, span: Span, kind: str, path: str) -> None:
        if tag in (None, "!"):
            return
        allowed = {"map": {_STD + "map"}, "seq": {_STD + "seq"}}.get(kind, _SCALAR_TAGS)
        if tag not in allowed:
            shown = tag.replace(_STD, "!!")
            self._refuse(span, path or "-", f"YAML tag '{shown}' is not allowed (outlines hold plain text, numbers, lists and mappings)", code="yaml-tag")

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
                self._refuse(span, path, f"bidirectional control character {char_name(c)} is not allowed", code="bidi-character")
            else:
                self._refuse(span, path, f"control character {char_name(c)} is not allowed", code="control-character")
        value: Any = text
        if tag in (_STD + "int", _STD + "float", _STD + "bool", _STD + "null"):
            try:
                value = _constructor.construct_object(yaml.ScalarNode(tag, ev.value))
            except Exception:  # PyYAML's constructors raise ValueError, KeyError … on a bad explicit tag
                value = text
                if explicit:
                    self._refuse(span, path, f"'{text}' is not a valid {tag.replace(_STD, '!!')}", code="yaml-tag")
        if value is None and not ev.value and not ev.style:
            self._comment_after(ev.start_mark.index, path)
        if not ev.style and ev.end_mark.line > ev.start_mark.line:
            self._folded_item(ev, text, path)
        return Node("scalar", span, tag=tag, text=text, value=value, style=ev.style)

    def _folded_item(self, ev, text: str, path: str) -> None:
        """A plain value over several lines with a later line starting `- `: YAML folded a badly
        indented next list item into it (`… 절반 수준 - 일본(…)`), silently."""
        written = self.text[ev.start_mark.index : ev.end_mark.index].split("\n")
        first = self.text[self.text.rfind("\n", 0, ev.start_mark.index) + 1 : ev.start_mark.index]
        dash = first.rfind("- ")  # the '-' of the item this value belongs to, if it is one
        for n, line in enumerate(written[1:], start=1):
            stripped = line.lstrip(" \t")
            if not (stripped.startswith("- ") or stripped.startswith("-\t") or stripped == "-"):
                continue
            col = len(line) - len(stripped)
            shown = text if len(text) <= 60 else text[:57] + "…"
            fix = (f"put its '-' in column {dash + 1}, under the '-' of the item above" if dash >= 0 and first[:dash].strip(" -") == ""
                   else "indent its '-' like the items of its list")
            self.problems.warning(Span(self.file, ev.start_mark.line + n + 1, col + 1), path,
                                  f"this '- ' line was folded into the text above, which YAML reads as one value ('{shown}'); "
                                  f"if it is a new list item, {fix}; if the '-' belongs to the text, quote the text", code="folded-item")
            return

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
