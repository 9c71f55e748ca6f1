"""Atomic, reproducible output: fixed ZIP entry times, and all-or-nothing renames into place."""

from __future__ import annotations

import datetime as dt
import io
import os
import struct
import tempfile
import zipfile
from pathlib import Path
from typing import Callable

from .model import Deck

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FALLBACK = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


def build_time(deck: Deck) -> dt.datetime:
    """The date written into documents: the outline's `date`, else SOURCE_DATE_EPOCH, else a constant."""
    if deck.date:
        return dt.datetime(deck.date.year, deck.date.month, deck.date.day, tzinfo=dt.timezone.utc)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return FALLBACK


def normalize_zip(data: bytes, edit: Callable[[str, bytes], bytes] | None = None) -> bytes:
    """Rewrite a ZIP with fixed entry times and attributes, keeping the entry order;
    `edit(name, content)` may change an entry's content on the way."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = fixed_entry(info.filename)
            copyable = info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & 0x1  # not encrypted
            if copyable and edit is None:
                _copy_deflated(dst, data, info, fixed)
                continue
            content = src.read(info.filename)
            changed = edit(info.filename, content) if edit else content
            if copyable and changed == content:
                _copy_deflated(dst, data, info, fixed)
            else:
                dst.writestr(fixed, changed)
    return out.getvalue()


def fixed_entry(name: str) -> zipfile.ZipInfo:
    """A ZIP entry named `name` with the fixed time and attributes of every entry we write."""
    fixed = zipfile.ZipInfo(name, ZIP_TIME)
    fixed.compress_type = zipfile.ZIP_DEFLATED
    fixed.external_attr = 0o600 << 16
    fixed.create_system = 3
    return fixed


def _copy_deflated(dst: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo, fixed: zipfile.ZipInfo) -> None:
    # An entry's deflated bytes do not depend on its date: copy them rather than inflate and
    # deflate again (most of the cost of normalising a deck). zipfile deflates with zlib's
    # default level, as the libraries that wrote `data` do, so the bytes are the same as if
    # each entry were written anew; `tests/test_write.py` compares the two.
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)  # local file header
    start = info.header_offset + 30 + name_len + extra_len
    fixed.CRC, fixed.compress_size, fixed.file_size = info.CRC, info.compress_size, info.file_size
    fixed.header_offset = dst.fp.tell()
    dst.fp.write(fixed.FileHeader(False))
    dst.fp.write(data[start:start + info.compress_size])
    # What `ZipFile.writestr` records after writing an entry, so that `close()` writes the
    # central directory with this entry in it.
    dst.filelist.append(fixed)
    dst.NameToInfo[fixed.filename] = fixed
    dst.start_dir = dst.fp.tell()
    dst._didModify = True


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
