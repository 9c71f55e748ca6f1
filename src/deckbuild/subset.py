"""A face × the characters a deck draws in it → the TrueType bytes to embed: the whole face, a prebuilt base subset, or a fontTools subset cached by content.

fontTools needs 1–2 s to subset a Hangul face, so the bundled faces ship base subsets
(data/base, built by tools/build_fonts.py: ASCII, KS X 1001's 2,350 syllables and symbol rows,
common punctuation); a deck whose characters are all in the base embeds it as it is. Anything
else is subset once and kept in the user's cache, keyed by the face's digest and the character
set, and checked (digest, family, coverage) when read back.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from functools import lru_cache

from . import cache
from .fonts import DATA, Face, ksx1001
from .sfnt import SfntError, cmap_codepoints, read_info

_KIND = "subsets-1"


@dataclass(frozen=True)
class Base:
    data: bytes
    chars: frozenset[int]


def parse_ranges(text: str) -> frozenset[int]:
    out: set[int] = set()
    for part in filter(None, text.split(",")):
        lo, _, hi = part.partition("-")
        out.update(range(int(lo, 16), int(hi or lo, 16) + 1))
    return frozenset(out)


@lru_cache(maxsize=1)
def _index() -> dict:
    try:
        return json.loads((DATA / "base" / "index.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


@lru_cache(maxsize=8)
def base_subset(digest: str) -> Base | None:
    """The shipped base subset of the face with this digest, if intact."""
    entry = _index().get(digest)
    if entry is None:
        return None
    try:
        data = (DATA / "base" / entry["file"]).read_bytes()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        return None
    return Base(data, parse_ranges(entry["chars"]))


def text_face_chars(face: Face) -> set[int]:
    """What a text face's subset always holds: ASCII and KS X 1001's 2,350 syllables it has,
    so small edits in PowerPoint keep the font."""
    return {cp for cp in [*range(0x20, 0x7F), *map(ord, ksx1001("hangul"))] if cp in face.cmap}


def fonttools_subset(data: bytes, unicodes: set[int], recalc_bounds: bool = True) -> bytes:
    """Subset with fontTools, keeping every name record (so the family still matches the runs),
    the OS/2 ranges, and byte-for-byte reproducible output."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    opts = subset.Options()
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.name_legacy = True
    opts.notdef_outline = True
    opts.recalc_timestamp = False
    opts.prune_unicode_ranges = False
    opts.prune_codepage_ranges = False
    font = TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=recalc_bounds)
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _fonttools_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("fonttools")
    except PackageNotFoundError:
        return "unknown"


def _intact(blob: bytes, face: Face, want: set[int]) -> bool:
    try:
        return read_info(blob).names.get(1) == face.info.names.get(1) and want <= cmap_codepoints(blob)
    except (SfntError, ValueError, IndexError):
        return False


def embedding_bytes(face: Face, chars: set[int], *, text_face: bool, whole: bool = False) -> tuple[bytes, bool]:
    """(TrueType bytes to embed, whether they are a subset) for `face` drawing `chars`.

    A text face's subset adds ASCII and the 2,350 syllables; a fallback face's holds what the
    deck draws in it and nothing more (text typed later goes into runs of the text face).
    """
    if whole or not face.subsettable:
        return face.path.read_bytes(), False
    want = {cp for cp in chars if cp in face.cmap}
    if text_face:
        want |= text_face_chars(face)
    base = base_subset(face.digest)
    if base is not None:
        if want <= base.chars:
            return base.data, True
        want |= base.chars  # never less than the base promises
    key = hashlib.sha256(f"{face.digest}|{_fonttools_version()}|{','.join(map(str, sorted(want)))}".encode()).hexdigest()
    blob = cache.read(_KIND, key)
    if blob is not None and _intact(blob, face, want):
        return blob, True
    data = face.path.read_bytes()
    try:
        blob = fonttools_subset(data, want)
    except Exception:  # noqa: BLE001 — damage the load check does not decode (coordinates past 16 bits)
        # Validation read every glyph's structure; what is left is a glyph whose points add up
        # to bounds fontTools cannot write. Keep its bounds as the file has them, else carry the
        # whole face: the deck still builds and the glyph looks as damaged as the file is.
        try:
            blob = fonttools_subset(data, want, recalc_bounds=False)
        except Exception:  # noqa: BLE001
            return data, False
    cache.write(_KIND, key, blob)
    return blob, True
