"""The user's cache folder: content-addressed blobs, written atomically, checked on every read.

`$XDG_CACHE_HOME/deckbuild` (else `~/.cache/deckbuild`). A blob is stored with its own SHA-256,
so a truncated, damaged or foreign file reads as a miss, never as data; a folder that cannot be
written only makes the next build slower.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

_MAGIC = b"deckbuild cache 1\n"


def folder() -> Path | None:
    """The cache folder, or None where there is no home to hold it."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if Path(base).is_absolute():
        return Path(base) / "deckbuild"
    try:
        return Path.home() / ".cache" / "deckbuild"
    except RuntimeError:  # no HOME and no passwd entry
        return None


def read(kind: str, key: str) -> bytes | None:
    """The blob stored under `kind/key`, or None when absent or not intact."""
    root = folder()
    if root is None:
        return None
    try:
        raw = (root / kind / key).read_bytes()
    except (OSError, ValueError):
        return None
    head = len(_MAGIC) + 32
    if len(raw) < head or not raw.startswith(_MAGIC):
        return None
    payload = raw[head:]
    if hashlib.sha256(payload).digest() != raw[len(_MAGIC):head]:
        return None
    return payload


def write(kind: str, key: str, payload: bytes) -> None:
    """Store a blob; any failure (read-only home, full disk) is ignored."""
    root = folder()
    if root is None:
        return
    target = root / kind / key
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(_MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass
