"""The machine's failures (a file that cannot be read or written) as one `FileFault`, printed as one line, exit 4."""

from __future__ import annotations

import dataclasses
import errno
import os
from pathlib import Path
from typing import Iterable


class FileFault(Exception):
    """`cannot VERB PATH: REASON` — the OS refused a read or a write; not the outline's fault, not a bug.

    Built from plain strings so that it crosses from a worker process to the parent intact.
    """

    def __init__(self, verb: str, path: str, reason: str):
        super().__init__(verb, path, reason)
        self.verb, self.path, self.reason = verb, path, reason

    def __str__(self) -> str:
        return f"cannot {self.verb} {self.path}: {self.reason}"


def shown(path: Path | str) -> str:
    """A path as the user would write it: relative to the current folder when inside it."""
    text = os.fspath(path)
    if not os.path.isabs(text):
        return text
    try:
        rel = os.path.relpath(text)
    except ValueError:  # another drive (Windows)
        return text
    return text if rel.startswith(os.pardir) else rel


def reason(e: OSError) -> str:
    """The OS's own words for an error (`No space left on device`)."""
    if e.strerror:
        return e.strerror
    if e.errno is not None:
        return os.strerror(e.errno)
    return str(e) or type(e).__name__


def fault(verb: str, path: Path | str, e: OSError) -> FileFault:
    return FileFault(verb, shown(path), reason(e))


def input_files(deck) -> list[Path]:
    """Every file a deck's rendering reads (fonts, template, images), found by walking the model."""
    found: dict[Path, None] = {}
    seen: set[int] = set()
    stack = [deck]
    while stack:
        obj = stack.pop()
        if isinstance(obj, Path):
            found[obj] = None
        elif isinstance(obj, (str, bytes, int, float, bool)) or obj is None:
            continue
        elif id(obj) in seen:
            continue
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            seen.add(id(obj))
            stack.extend(getattr(obj, f.name) for f in dataclasses.fields(obj))
        elif isinstance(obj, dict):
            seen.add(id(obj))
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            seen.add(id(obj))
            stack.extend(obj)
    return list(found)


Stamp = tuple[int, int]


def stamps(paths: Iterable[Path]) -> dict[Path, Stamp | None]:
    """Size and modification time of each file, as validation saw them (None: unreadable already)."""
    out: dict[Path, Stamp | None] = {}
    for p in paths:
        try:
            st = os.stat(p)
            out[p] = (st.st_size, st.st_mtime_ns)
        except OSError:
            out[p] = None
    return out


def diagnose(seen: dict[Path, Stamp | None]) -> FileFault | None:
    """After a failure while rendering: the input that went missing, became unreadable or changed
    since validation, as a `FileFault`; None when every input is as validation saw it (a bug)."""
    for p, stamp in seen.items():
        try:
            with open(p, "rb") as fh:
                fh.read(1)
            st = os.stat(p)
        except OSError as e:
            return fault("read", p, e)
        if stamp is not None and (st.st_size, st.st_mtime_ns) != stamp:
            return FileFault("read", shown(p), "the file changed during the build; run it again")
    return None


def not_a_directory(path: Path | str) -> OSError:
    return NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), os.fspath(path))
