"""Atomic, reproducible output: fixed ZIP entry times, and all-or-nothing renames into place."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Callable


ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def normalize_zip(data: bytes, edit: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """Rewrite a ZIP with fixed entry times and attributes, keeping the entry order;
    `edit(name, content)` may change an entry's content on the way."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            fixed.create_system = 3
            content = src.read(info.filename)
            dst.writestr(fixed, edit(info.filename, content) if edit else content)
    return out.getvalue()


def write_all(files: dict[Path, bytes]) -> list[Path]:
    """Write every file under a temporary name, then rename them all into place.

    Nothing is renamed until every file has been written, so a failure leaves the output
    folder as it was (temporary files are removed).
    """
    temps: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            temps.append((Path(tmp), path))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
        for tmp, path in temps:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    return [path for _, path in temps]
