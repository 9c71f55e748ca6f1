"""What a build made that the next build in the same process may use again (`deckbuild watch`).

In: a kind ("pptx-slide", "usage", …), a key made of plain values — plan dataclasses, strings,
numbers; a font face stands for its file's digest — and the function that makes the value.
Out: the value made by an earlier build for an equal key, else the function's result, kept for
the next build. Every value is a pure function of its key, so a build that reuses values writes
the same bytes as one that makes them all (`tests/test_watch.py` compares each rebuild with a
cold build).

Off by default: a cold `deckbuild build` keeps nothing (`enable` is called by `watch`). Each kind
keeps its most recently used values up to a size bound. A renderer running in a forked process
(`build._render_forked`, `renderers.render_child`) records what it adds (`journal`), and the parent takes it in (`absorb`).
"""

from __future__ import annotations

import hashlib
import io

from collections import OrderedDict
from typing import Any, Callable

_on = False
_stores: dict[str, OrderedDict] = {}
_sizes: dict[str, int] = {}
_journal: list[tuple[str, bytes, Any, int]] | None = None
stats: dict[str, dict[str, int]] = {"made": {}, "taken": {}}  # per kind: values made, values found (tests, -v)
MAX_BYTES = 64 * 2**20  # per kind; the least recently used values go first


def enable(on: bool = True) -> None:
    """Keep values between builds (watch), or stop and forget them."""
    global _on
    _on = on
    if not on:
        clear()


def enabled() -> bool:
    return _on


class paused:
    """`with reuse.paused():` builds as a cold build does, keeping what is kept (tests compare the two)."""

    def __enter__(self):
        global _on
        self.was, _on = _on, False

    def __exit__(self, *exc):
        global _on
        _on = self.was


def clear() -> None:
    _stores.clear()
    _sizes.clear()


def forget(kind: str) -> None:
    """Drop what is kept of one kind."""
    _stores.pop(kind, None)
    _sizes.pop(kind, None)


def _face(face) -> tuple:
    return (str, (f"face {face.digest} {face.path}",))


def _span(span) -> tuple:
    return (str, ("span",))


def _image(box) -> tuple:
    from dataclasses import astuple

    try:
        with open(box.path, "rb") as fh:
            stamp = hashlib.blake2b(fh.read(), digest_size=20).hexdigest()
    except OSError as e:
        stamp = f"unreadable {e.errno}"
    return (str, (f"{type(box).__name__} {astuple(box)!r} {stamp}",))


_dispatch: dict | None = None


def key(*parts: Any) -> bytes:
    """A digest of `parts` (equal digests: equal values, as far as a renderer can tell). A font
    face stands for its file (digest and path), not its tables; an image box for its fields and
    its file's bytes; a span (where something came from in the outline) for nothing, since no
    renderer reads it (`tests/test_reuse.py` checks)."""
    import pickle

    global _dispatch
    if _dispatch is None:
        import copyreg

        from .fonts import Face
        from .plan import ImageBlock, ImageBox
        from .problems import Span

        _dispatch = {**copyreg.dispatch_table, Face: _face, Span: _span, ImageBox: _image, ImageBlock: _image}
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _dispatch
    pickler.fast = True  # no memo: an object met twice is written twice, so equal values give equal bytes
    pickler.dump(parts)
    return hashlib.blake2b(buf.getvalue(), digest_size=20).digest()


def get(kind: str, k: bytes) -> Any:
    """The value kept under `k`, or None (always None while off)."""
    if not _on:
        return None
    store = _stores.get(kind)
    if store is None:
        return None
    hit = store.get(k)
    if hit is not None:
        store.move_to_end(k)
        stats["taken"][kind] = stats["taken"].get(kind, 0) + 1
        return hit[0]
    return None


def put(kind: str, k: bytes, value: Any, size: int = 1024) -> None:
    """Keep `value` under `k` for later builds (nothing while off)."""
    if not _on:
        return
    store = _stores.setdefault(kind, OrderedDict())
    stats["made"][kind] = stats["made"].get(kind, 0) + 1
    old = store.pop(k, None)
    _sizes[kind] = _sizes.get(kind, 0) + size - (old[1] if old else 0)
    store[k] = (value, size)
    while _sizes[kind] > MAX_BYTES and len(store) > 1:
        _, (_, dropped) = store.popitem(last=False)
        _sizes[kind] -= dropped
    if _journal is not None:
        _journal.append((kind, k, value, size))


def memo(kind: str, k: bytes, make: Callable[[], Any], size: Callable[[Any], int] | None = None) -> Any:
    """The value kept under `k`, else `make()` (kept)."""
    value = get(kind, k)
    if value is None:
        value = make()
        put(kind, k, value, size(value) if size else 1024)
    return value


def journal() -> None:
    """Record what is added and found from now on (in a forked renderer or worker, for its parent)."""
    global _journal
    _journal = []
    stats["taken"].clear()


def taken() -> tuple[list, dict[str, int]]:
    """What was added since `journal()`, and how many values of each kind were found."""
    return list(_journal or ()), dict(stats["taken"])


def absorb(kept: tuple[list, dict[str, int]]) -> None:
    """Keep what a forked renderer or worker added; count what it found."""
    entries, found = kept
    for kind, k, value, size in entries:
        put(kind, k, value, size)
    for kind, n in found.items():
        stats["taken"][kind] = stats["taken"].get(kind, 0) + n
