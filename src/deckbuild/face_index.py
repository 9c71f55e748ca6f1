"""A font file's digest, tables' facts and metrics, found by the file's path and stat, in the user's cache.

In: a font file's path; after a miss, what `fonts.load_face` read of it (the SHA-256 of its bytes,
its `SfntInfo`, its metrics). Out: the same, read back without reading the file, for as long as
the file's size, modification time (to the nanosecond), inode and device stay the same — the test
make and git's index rely on. A font replaced, touched or copied is read again.

Why: a build reads five faces (its two, the bundled fallbacks): reading and hashing their 10 MB
and unpacking their metrics cost about 30 ms on every cold build, this about 10 ms.
"""

from __future__ import annotations

import hashlib
import marshal
from pathlib import Path

from . import cache
from .sfnt import SfntInfo

_KIND = "faces-1"


def _key(path: Path, version: str) -> str | None:
    try:
        st = path.stat()
        where = str(path.resolve())
    except (OSError, RuntimeError):
        return None
    return hashlib.sha256(f"{where}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\0{st.st_dev}\0{version}".encode()).hexdigest()


def read(path: Path, version: str) -> tuple[str, SfntInfo, tuple] | None:
    """(digest, info, metrics) of the file at `path` as last read, or None."""
    key = _key(path, version)
    blob = cache.read(_KIND, key) if key else None
    if blob is None:
        return None
    try:
        digest, info, metrics = marshal.loads(blob)
        info = SfntInfo(*info)
        family, cmap, widths, default, ascent, descent = metrics
        if not (isinstance(digest, str) and isinstance(family, str) and isinstance(cmap, dict) and isinstance(widths, dict)):
            return None
        return digest, info, (family, cmap, widths, float(default), float(ascent), float(descent))
    except Exception:  # another shape (an older entry): read the file
        return None


def write(path: Path, version: str, digest: str, info: SfntInfo, metrics: tuple) -> None:
    key = _key(path, version)
    if key:
        fields = (info.panose, info.fs_type, info.weight, info.fs_selection, tuple(info.unicode_ranges),
                  tuple(info.codepage_ranges), info.checksum_adjustment, info.fixed_pitch, dict(info.names))
        cache.write(_KIND, key, marshal.dumps((digest, fields, tuple(metrics))))
