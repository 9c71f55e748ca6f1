"""Atomic, reproducible output: fixed ZIP entry times, and all-or-nothing renames into place."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import Callable

from .faults import FileFault, fault, not_a_directory, shown

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def normalize_zip(data: bytes, edit: Callable[[str, bytes], bytes] | None = None, added: dict[str, bytes] | None = None) -> bytes:
    """Rewrite a ZIP with fixed entry times and attributes, every entry deflated, keeping the
    entry order; `edit(name, content)` may change an entry's content on the way, and `added`
    entries come last."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in (added or {}).items():
            if name in src.NameToInfo:
                raise AssertionError(f"bug in deckbuild: {name} added to a package that has it")
        for info in src.infolist():
            fixed = fixed_entry(info.filename)
            copyable = info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & 0x1  # not encrypted
            if copyable and edit is None:
                _copy_deflated(dst, data, info, fixed)
                continue
            content = member(data, src, info)
            changed = edit(info.filename, content) if edit else content
            if copyable and changed == content:
                _copy_deflated(dst, data, info, fixed)
            else:
                crc, deflated = _deflate(changed)
                _write_deflated(dst, fixed, crc, len(changed), deflated)
        for name, content in (added or {}).items():
            crc, deflated = _deflate(content)
            _write_deflated(dst, fixed_entry(name), crc, len(content), deflated)
    return out.getvalue()


def member(data: bytes, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The content of entry `info` of the ZIP `data` (open as `zf`): a stored entry is sliced out
    (the renderers write their packages stored, for `normalize_zip` to deflate), others read."""
    if info.compress_type == zipfile.ZIP_STORED and not info.flag_bits & 0x1:
        name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)  # local file header
        start = info.header_offset + 30 + name_len + extra_len
        return data[start:start + info.file_size]
    return zf.read(info)


def fixed_entry(name: str) -> zipfile.ZipInfo:
    """A ZIP entry named `name` with the fixed time and attributes of every entry we write."""
    fixed = zipfile.ZipInfo(name, ZIP_TIME)
    fixed.compress_type = zipfile.ZIP_DEFLATED
    fixed.external_attr = 0o600 << 16
    fixed.create_system = 3
    return fixed


# Entries deflated lately, by content: a rebuild in the same process (watch) finds most of its
# entries unchanged — the embedded fonts above all — and deflates only the new ones.
_deflated: dict[bytes, tuple[int, bytes]] = {}
_DEFLATED_MAX = 32 * 2**20  # bytes kept, oldest dropped first
_DEFLATED_MIN = 2048  # smaller entries deflate faster than they hash
_deflated_bytes = 0


def _deflate(content: bytes) -> tuple[int, bytes]:
    """(CRC-32, raw deflate stream) of `content`, as zipfile writes it (zlib's default level)."""
    global _deflated_bytes
    key = None
    if len(content) >= _DEFLATED_MIN:
        key = hashlib.blake2b(content, digest_size=20).digest() + len(content).to_bytes(8, "little")
        hit = _deflated.pop(key, None)
        if hit is not None:
            _deflated[key] = hit  # most recently used last
            return hit
    result = _deflate_kept(content, key) if len(content) >= _KEPT_MIN else None
    if result is None:
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        result = (zlib.crc32(content), compressor.compress(content) + compressor.flush())
        if len(content) >= _KEPT_MIN:
            _keep_deflated(key, result)
    if key is not None:
        _deflated[key] = result
        _deflated_bytes += len(result[1])
        while _deflated_bytes > _DEFLATED_MAX:
            _deflated_bytes -= len(_deflated.pop(next(iter(_deflated)))[1])
    return result


# An embedded font's part (half a megabyte and more) takes some 15 ms to deflate on every cold
# build: kept in the user's cache by its content and zlib's version, whose output it is.
_KEPT_MIN = 256 * 1024


def _kept_name(key: bytes) -> str:
    return f"{key.hex()}-zlib{zlib.ZLIB_RUNTIME_VERSION}"


def _deflate_kept(content: bytes, key: bytes) -> tuple[int, bytes] | None:
    from . import cache

    blob = cache.read("deflated-1", _kept_name(key))
    if blob is None or len(blob) < 4:
        return None
    crc = int.from_bytes(blob[:4], "little")
    return (crc, blob[4:]) if crc == zlib.crc32(content) else None


def _keep_deflated(key: bytes, result: tuple[int, bytes]) -> None:
    from . import cache

    cache.write("deflated-1", _kept_name(key), result[0].to_bytes(4, "little") + result[1])


def _copy_deflated(dst: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo, fixed: zipfile.ZipInfo) -> None:
    # An entry's deflated bytes do not depend on its date: copy them rather than inflate and
    # deflate again (most of the cost of normalising a deck). zipfile deflates with zlib's
    # default level, as the libraries that wrote `data` do, so the bytes are the same as if
    # each entry were written anew; `tests/test_write.py` compares the two.
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)  # local file header
    start = info.header_offset + 30 + name_len + extra_len
    _write_deflated(dst, fixed, info.CRC, info.file_size, data[start:start + info.compress_size])


def _write_deflated(dst: zipfile.ZipFile, fixed: zipfile.ZipInfo, crc: int, size: int, deflated: bytes) -> None:
    fixed.CRC, fixed.compress_size, fixed.file_size = crc, len(deflated), size
    fixed.header_offset = dst.fp.tell()
    dst.fp.write(fixed.FileHeader(False))
    dst.fp.write(deflated)
    # What `ZipFile.writestr` records after writing an entry, so that `close()` writes the
    # central directory with this entry in it.
    dst.filelist.append(fixed)
    dst.NameToInfo[fixed.filename] = fixed
    dst.start_dir = dst.fp.tell()
    dst._didModify = True


def write_all(files: dict[Path, bytes]) -> list[Path]:
    """Write every file under a temporary name in its folder, then rename them all into place.

    Nothing is renamed until every file has been written, so a failure leaves every output as
    it was: the temporary files are removed, and so are the folders this call created. The OS's
    refusals (read-only folder, full disk, a file where a folder should be) raise `FileFault`.
    """
    created: list[Path] = []  # folders made here, outermost first
    temps: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            temps.append((_write_temp(path, data, created), path))
        for path in files:  # what would make a rename fail after the ones before it succeeded
            _check_target(path)
        for tmp, path in temps:
            try:
                os.replace(tmp, path)
            except OSError as e:
                raise fault("write", path, e) from None
    except BaseException:
        for tmp, _ in temps:
            _remove(tmp)
        for folder in reversed(created):
            try:
                os.rmdir(folder)  # only if still empty: a concurrent build may be using it
            except OSError:
                pass
        raise
    return [path for _, path in temps]


def _write_temp(path: Path, data: bytes, created: list[Path]) -> Path:
    for attempt in range(3):
        _make_folder(path.parent, path, created)
        try:
            # A short prefix: the temporary name must fit where the final name fits.
            fd, name = tempfile.mkstemp(prefix=f".{path.name[:64]}.", suffix=".tmp", dir=path.parent)
            break
        except FileNotFoundError as e:  # a concurrent build removed the folder it had made
            if attempt == 2:
                raise fault("write", path, e) from None
        except OSError as e:
            raise fault("write", path, e) from None
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except BaseException as e:
        _remove(tmp)
        if isinstance(e, OSError):
            raise fault("write", path, e) from None
        raise
    return tmp


def _check_target(path: Path) -> None:
    """Refuse a name that a folder holds, or that is too long, before any output is replaced."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as e:  # File name too long, a loop of symbolic links
        raise fault("write", path, e) from None
    if stat.S_ISDIR(st.st_mode):
        raise FileFault("write", shown(path), os.strerror(errno.EISDIR))


def _make_folder(folder: Path, path: Path, created: list[Path]) -> None:
    """Make `folder` and its missing parents, recording each one made in `created`."""
    missing: list[Path] = []
    here = folder
    while True:
        try:
            st = os.stat(here)
        except (FileNotFoundError, NotADirectoryError):
            if here.parent == here:
                break
            missing.append(here)
            here = here.parent
            continue
        except OSError as e:  # a loop of symbolic links, a folder we may not enter
            raise fault("write", path, e) from None
        if not stat.S_ISDIR(st.st_mode):
            raise fault("write", path, not_a_directory(here))
        break
    for here in reversed(missing):
        try:
            os.mkdir(here)
        except FileExistsError:
            if here.is_dir():  # made meanwhile by a concurrent build
                continue
            raise fault("write", path, not_a_directory(here)) from None
        except OSError as e:
            raise fault("create folder", here, e) from None
        created.append(here)


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass
