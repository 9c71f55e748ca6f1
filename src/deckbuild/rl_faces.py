"""reportlab's parsed TrueType faces, kept in the user's cache folder by the font file's content.

In: the PDF font name, the font file's bytes (as reportlab is to read them), their digest, and
`parse()` (reportlab's own `TTFont(name, data)`). Out: reportlab's `TTFont`, either parsed by
`parse()` — and its face's tables then kept in the cache — or put together from the cache.

Why: reportlab reads a face's tables in Python, 40–60 ms for a Korean face of 14,000 glyphs,
and a handout uses two (regular and bold) on every cold build; the tables, pickled, load in
about 10 ms. The entry is keyed by the file's digest and reportlab's version (the fields are
reportlab's), and a test checks that a PDF drawn with a restored face is byte-identical to one
drawn with a parsed one. A missing, damaged or foreign entry reads as a miss: the face is parsed.
"""

from __future__ import annotations

import io
import pickle
from typing import Callable

from . import cache

_KIND = "reportlab-face-1"
# Not kept: the file's bytes (the caller has them) and a function (rebuilt from unitsPerEm).
_NOT_KEPT = ("_ttf_data", "_pdfScale")
# What drawing and subsetting read of a face: an entry without them all is not a face's.
_NEEDED = frozenset({"name", "familyName", "ascent", "descent", "capHeight", "bbox", "flags", "italicAngle",
                     "stemV", "unitsPerEm", "numGlyphs", "table", "charToGlyph", "glyphToChar", "charWidths",
                     "hmetrics", "glyphPos", "defaultWidth", "subfontNameX"})


def font(name: str, data: bytes, key: str, parse: Callable[[], object]):
    """reportlab's `TTFont` named `name` for the font file `data`; `key` names the file's
    content and reportlab's version."""
    blob = cache.read(_KIND, key)
    state = _loads(blob) if blob is not None else None
    if state is not None:
        try:
            return _restore(name, data, state)
        except Exception:  # an entry of another shape: parse, and keep the new one
            pass
    made = parse()
    state = {k: v for k, v in made.face.__dict__.items() if k not in _NOT_KEPT}
    cache.write(_KIND, key, pickle.dumps(state, protocol=5))
    return made


class _Tables(pickle.Unpickler):
    # The tables are plain values and reportlab's name strings: nothing else is read back, so
    # an entry cannot make this process run anything.
    def find_class(self, module, name):
        if (module, name) == ("reportlab.pdfbase.ttfonts", "TTFNameBytes"):
            from reportlab.pdfbase.ttfonts import TTFNameBytes

            return TTFNameBytes
        raise pickle.UnpicklingError(f"{module}.{name} is not kept in a face's entry")


def _loads(blob: bytes) -> dict | None:
    try:
        state = _Tables(io.BytesIO(blob)).load()
    except Exception:
        return None
    return state if isinstance(state, dict) and _NEEDED <= state.keys() else None


def _restore(name: str, data: bytes, state: dict):
    """What `TTFont(name, data)` builds, from the face's kept tables (reportlab's `TTFont.__init__`
    and `TTFontFile.extractInfo`, minus the reading)."""
    from fnmatch import fnmatch
    from weakref import WeakKeyDictionary

    from reportlab import rl_config
    from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace, unShapedFontGlob

    face = TTFontFace.__new__(TTFontFace)
    face.__dict__.update(state)
    face._ttf_data = data
    per_em = face.unitsPerEm
    if per_em == 1000:
        face._pdfScale = lambda x: x
    else:
        mult = 1000 / per_em
        face._pdfScale = lambda x: x * mult
    made = TTFont.__new__(TTFont)
    made.fontName = name
    made.face = face
    made.encoding = TTEncoding()
    made.state = WeakKeyDictionary()
    made._asciiReadable = rl_config.ttfAsciiReadable
    made.shapable = not any(fnmatch(name, glob) for glob in unShapedFontGlob)
    return made
