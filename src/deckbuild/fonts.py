"""`FontChain`: the faces that measure, draw and name the text — per-character fallback, metrics, coverage.

The chain is the outline's regular/bold pair, then its `theme.fonts.fallback` faces (and the
older `symbols` key), then the bundled fallbacks (Pretendard, Noto Sans KR for Hanja and
the symbols of official text, Noto Sans Symbols 2); each character is drawn from the first face
that has it. The same face objects give layout its advance widths, validation its coverage, the
PDF its embedded fonts and the PPTX its typeface records, so what is measured is what is drawn.
Metrics are parsed once per font file (reportlab) and cached by content in the user's cache
folder; reportlab's font object is built only when the PDF asks for it.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import struct
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from . import cache
from .model import Fonts
from .sfnt import SfntError, SfntInfo, charset, check_outlines, pitch_family, read_info, reportlab_ps_name, with_ps_name

BUNDLED = Path(__file__).resolve().parent / "assets" / "fonts"
if not BUNDLED.is_dir():  # running from a source checkout: the repo's assets/
    BUNDLED = Path(__file__).resolve().parents[2] / "assets" / "fonts"
DATA = Path(__file__).resolve().parent / "data"

# The bundled fallbacks, in chain order: (regular, bold or None).
BUNDLED_FALLBACKS = (
    ("Pretendard-Regular.ttf", "Pretendard-Bold.ttf"),
    ("NotoSansKR-Regular.ttf", "NotoSansKR-Bold.ttf"),
    ("NotoSansSymbols2-Regular.ttf", None),
)


def bundled_fonts() -> Fonts:
    return Fonts(BUNDLED / "Pretendard-Regular.ttf", BUNDLED / "Pretendard-Bold.ttf")


@lru_cache(maxsize=None)
def ksx1001(kind: str) -> tuple[str, ...]:
    """KS X 1001's characters by kind, decoded with Python's `euc_kr` codec: "hangul" (the 2,350
    syllables, rows 0xB0–0xC8), "hanja" (the 4,888 Hanja, rows 0xCA–0xFD, compatibility
    ideographs included) or "symbols" (rows 0xA1–0xAC)."""
    rows = {"hangul": range(0xB0, 0xC9), "hanja": range(0xCA, 0xFE), "symbols": range(0xA1, 0xAD)}[kind]
    out = []
    for hi in rows:
        for lo in range(0xA1, 0xFF):
            try:
                out.append(bytes((hi, lo)).decode("euc_kr"))
            except UnicodeDecodeError:
                pass
    return tuple(out)


class FontFileError(Exception):
    """A font file that cannot serve: not a font, CFF outlines, truncated."""


@dataclass(eq=False)
class Face:
    path: Path
    family: str
    cmap: dict[int, int]  # code point → glyph
    widths: dict[int, float]  # code point → advance in 1/1000 em
    default_width: float
    ascent: float  # in em
    descent: float  # in em, positive
    digest: str  # SHA-256 of the file: names the face in caches and in the PDF
    info: SfntInfo
    _rl: Any = None
    _cache: dict[str, float] = field(default_factory=dict)
    _attrs: dict[str, str] | None = None

    def __reduce__(self):
        # Between deckbuild's processes (a forked renderer's results, watch's kept values) a face
        # travels as its file: the other side has it parsed already, or reads it from the cache.
        return _face_of, (self.path, self.digest)

    def char_width(self, c: str) -> float:
        """Advance width in em; a character the font lacks measures as its notdef."""
        w = self._cache.get(c)
        if w is None:
            w = self._cache[c] = self.widths.get(ord(c), self.default_width) / 1000
        return w

    @property
    def rl_font(self):
        """reportlab's TTFont for this file, parsed on first use and registered for the PDF under `rl_font.fontName`."""
        if self._rl is None:
            self._rl = _parse_reportlab(self.path, self.path.read_bytes(), self.digest)
        from reportlab.pdfbase import pdfmetrics

        if self._rl.fontName not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(self._rl)
        return self._rl

    @property
    def embeddable(self) -> bool:
        """OS/2 fsType allows putting the outlines in a document (not restricted, not bitmap-only)."""
        return (self.info.fs_type & 0x000F) != 0x0002 and not self.info.fs_type & 0x0200

    @property
    def subsettable(self) -> bool:
        return not self.info.fs_type & 0x0100

    @property
    def bold(self) -> bool:
        return self.info.bold

    def typeface_attrs(self) -> dict[str, str]:
        """`a:latin`/`a:ea`/`p:font` attributes (ECMA-376 §21.1.2.3.7 CT_TextFont): the face's
        family, PANOSE, pitch and family bits, and charset, so a viewer without the face picks a
        close substitute."""
        if self._attrs is None:
            self._attrs = {
                "typeface": self.family,
                "panose": self.info.panose.hex().upper(),
                "pitchFamily": str(pitch_family(self.info)),
                "charset": str(charset(self.info, 0xAC00 in self.cmap)),
            }
        return dict(self._attrs)


def _pdf_name(path: Path, digest: str) -> str:
    # Named after the content: the same file gets the same PDF font name on every machine,
    # and two different files never share a name in reportlab's registry.
    return f"{path.stem.replace(' ', '')}-{digest[:8]}"


def _long_lived(make):
    """`make()` without the collector, its result then kept out of later collections: a parsed face
    is some hundred thousand objects that live as long as the process (or, in watch, the face),
    and a full collection in the middle of parsing them walks them all (~40 ms a face)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return make()
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _parse_reportlab(path: Path, data: bytes, digest: str):
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        if reportlab_ps_name(data) is None:
            # reportlab takes the PostScript name from an English (or Mac Roman) record and refuses
            # a face without one, or with one it cannot print (a name table in Korean only): give
            # it one, named after the content. The face keeps its own family name (see load_face).
            data = with_ps_name(data, f"DeckbuildFace-{digest[:12]}")
        from .rl_faces import font

        name = _pdf_name(path, digest)
        return _long_lived(lambda: font(name, data, f"{digest}-rl{_reportlab_version()}", lambda: TTFont(name, io.BytesIO(data))))
    except TTFError as e:
        text = str(e)
        if "postscript" in text.lower() or "CFF" in text:
            raise FontFileError("font has CFF (PostScript) outlines; use a TrueType (.ttf) font with glyf outlines") from None
        raise FontFileError(f"not a readable TrueType font ({text})") from None
    except Exception:  # a damaged file fails in assorted ways inside the parser
        raise FontFileError("not a readable TrueType font: its tables are damaged or of a kind deckbuild cannot read") from None


@lru_cache(maxsize=1)
def _reportlab_version() -> str:
    """reportlab's version without importing it (the metrics cache is keyed by it)."""
    import importlib.util

    spec = importlib.util.find_spec("reportlab")
    try:
        text = Path(spec.origin).read_text(encoding="utf-8") if spec and spec.origin else ""
    except OSError:
        text = ""
    m = re.search(r"^Version\s*=\s*['\"]([^'\"]+)", text, re.M)
    return m.group(1) if m else "unknown"


_METRICS = "metrics-2"  # 2: written only for faces whose outlines passed check_outlines


def _pack_metrics(family: str, cmap: dict[int, int], widths: dict[int, float], default: float, ascent: float, descent: float) -> bytes:
    head = json.dumps({"family": family, "default": default, "ascent": ascent, "descent": descent,
                       "cmap": len(cmap), "widths": len(widths)}).encode()
    parts = [struct.pack("<I", len(head)), head,
             array("I", cmap.keys()).tobytes(), array("I", cmap.values()).tobytes(),
             array("I", widths.keys()).tobytes(), array("d", widths.values()).tobytes()]
    return b"".join(parts)


def _unpack_metrics(blob: bytes):
    try:
        (n,) = struct.unpack_from("<I", blob, 0)
        head = json.loads(blob[4:4 + n])
        at = 4 + n
        arrays = []
        for code, count in (("I", head["cmap"]), ("I", head["cmap"]), ("I", head["widths"]), ("d", head["widths"])):
            a = array(code)
            size = a.itemsize * count
            a.frombytes(blob[at:at + size])
            if len(a) != count:
                return None
            arrays.append(a)
            at += size
        if at != len(blob):
            return None
        cps, gids, wcps, ws = arrays
        return (str(head["family"]), dict(zip(cps, gids)), dict(zip(wcps, ws)),
                float(head["default"]), float(head["ascent"]), float(head["descent"]))
    except (ValueError, KeyError, TypeError, struct.error):
        return None


@lru_cache(maxsize=1)
def _bundled_digests() -> frozenset[str]:
    """SHA-256 of each bundled face (the keys of data/base/index.json, built by tools/build_fonts.py)."""
    try:
        return frozenset(json.loads((DATA / "base" / "index.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return frozenset()


def _reason(e: Exception) -> str:
    """An sfnt reader's complaint in words (struct and index errors carry Python's own)."""
    return str(e) if isinstance(e, SfntError) else "its tables are cut short or damaged"


@lru_cache(maxsize=32)
def load_face(path: Path) -> Face:
    from . import face_index

    known = face_index.read(path, _reportlab_version())
    if known is not None:  # the file as last read (path and stat): its facts without reading it
        digest, info, (family, cmap, widths, default, ascent, descent) = known
        return Face(path, family, cmap, widths, default, ascent, descent, digest, info, None)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise FontFileError(f"cannot read the font ({e.strerror})") from None
    digest = hashlib.sha256(data).hexdigest()
    try:
        info = read_info(data)
    except (SfntError, struct.error, IndexError) as e:
        raise FontFileError(f"not a readable TrueType font ({_reason(e)})") from None
    key = f"{digest}-rl{_reportlab_version()}"
    metrics = None
    blob = cache.read(_METRICS, key)
    if blob is not None:
        metrics = _unpack_metrics(blob)
    rl = None
    if metrics is None:
        # Checked once per file (a face in the cache passed): what validation accepts, the PDF's
        # and the PPTX's subsetters can read, glyph by glyph.
        try:
            if digest not in _bundled_digests() and path.resolve().parent != BUNDLED.resolve():  # the bundled faces: known
                check_outlines(data)
        except SfntError as e:
            raise FontFileError(str(e)) from None
        except (struct.error, IndexError, ValueError):
            raise FontFileError("not a readable TrueType font: its tables are damaged") from None
        rl = _parse_reportlab(path, data, digest)
        face = rl.face
        family = face.familyName.decode("utf-8", "replace") if isinstance(face.familyName, bytes) else str(face.familyName)
        if not reportlab_ps_name(data):  # reportlab saw only the name it was given: the face's own is in `info`
            family = info.names.get(1) or info.names.get(16) or ""
        metrics = (family or path.stem, dict(face.charToGlyph), dict(face.charWidths), float(face.defaultWidth),
                   face.ascent / 1000, -face.descent / 1000)
        cache.write(_METRICS, key, _pack_metrics(*metrics))
    face_index.write(path, _reportlab_version(), digest, info, metrics)
    family, cmap, widths, default, ascent, descent = metrics
    return Face(path, family, cmap, widths, default, ascent, descent, digest, info, rl)


def _face_of(path: Path, digest: str) -> Face:
    face = load_face(path)
    if face.digest != digest:
        raise FontFileError("the font file changed while deckbuild was using it")
    return face


@dataclass(frozen=True)
class _Pair:
    regular: Face
    bold: Face | None


class _StandIns:
    """Per code point, the widest advance (1/1000 em) of the faces a viewer is likely to draw
    instead of a missing one (data/stand-ins.json, built by tools/build_fonts.py)."""

    def __init__(self) -> None:
        raw = json.loads((DATA / "stand-ins.json").read_text(encoding="utf-8"))
        self.runs = {bold: raw["bold" if bold else "regular"] for bold in (False, True)}
        self.starts = {bold: [r[0] for r in runs] for bold, runs in self.runs.items()}

    def advance(self, cp: int, bold: bool) -> float:
        runs = self.runs[bold]
        i = bisect_right(self.starts[bold], cp) - 1
        if i >= 0 and cp < runs[i][0] + runs[i][1]:
            return runs[i][2] / 1000
        return 0.0


@lru_cache(maxsize=1)
def _stand_ins() -> _StandIns:
    return _StandIns()


_PER_CHAR: dict[tuple, tuple] = {}


def _per_char(fonts: Fonts, regular: Face, bold: Face) -> tuple:
    """The per-character tables of chains of these faces (the same `fonts`, and the very same
    parsed regular and bold faces: a font replaced in watch is parsed anew, so it gets new tables)."""
    key = (repr(fonts), regular, bold)
    tables = _PER_CHAR.get(key)
    if tables is None:
        if len(_PER_CHAR) >= 4:
            _PER_CHAR.pop(next(iter(_PER_CHAR)))
        tables = _PER_CHAR[key] = (({}, {}), ({}, {}), ({}, {}))
    return tables


class FontChain:
    """The outline's regular + bold faces, then fallback faces, used per character where the
    earlier faces lack a glyph (Hanja, ①, ✔ …): width of text at a size (as drawn, and as a
    likely stand-in face would draw it), which face draws each character, which single face can
    draw a whole chart, and which characters no face can draw."""

    def __init__(self, fonts: Fonts):
        self.fonts = fonts
        self.regular = load_face(fonts.regular)
        self.bold = load_face(fonts.bold)
        self.family = self.regular.family
        specs: list[tuple[Path, Path | None]] = [(p, None) for p in fonts.fallback]
        if fonts.symbols is not None:
            specs.append((fonts.symbols, None))
        specs += [(BUNDLED / r, BUNDLED / b if b else None) for r, b in BUNDLED_FALLBACKS]
        seen = {fonts.regular.resolve()}
        self._specs = []
        for r, b in specs:
            if r.resolve() not in seen:
                seen.add(r.resolve())
                self._specs.append((r, b))
        self._pairs: list[_Pair] = [_Pair(self.regular, self.bold)]
        # Per character: drawn width, likely stand-in width, drawing face. Pure functions of the
        # faces, so chains of the same faces share them (validation's, layout's; watch's builds).
        self._widths, self._fit, self._faces = _per_char(fonts, self.regular, self.bold)
        self._rl_names: tuple[str, str] | None = None

    # ---- the chain ---------------------------------------------------------------------------
    def pairs(self) -> Iterator[_Pair]:
        """The chain's (regular, bold) pairs in order, each fallback loaded when first reached."""
        i = 0
        while True:
            if i < len(self._pairs):
                yield self._pairs[i]
            elif i - 1 < len(self._specs):
                r, b = self._specs[i - 1]
                self._pairs.append(_Pair(load_face(r), load_face(b) if b else None))
                yield self._pairs[i]
            else:
                return
            i += 1

    def faces(self) -> list[Face]:
        """Every face of the chain, in order (loads them all)."""
        out: list[Face] = []
        for pair in self.pairs():
            out += [f for f in (pair.regular, pair.bold) if f is not None and f not in out]
        return out

    @property
    def symbols(self) -> Face | None:
        """The symbols face (the outline's `symbols`, else the bundled Noto Sans Symbols 2)."""
        target = (self.fonts.symbols or BUNDLED / BUNDLED_FALLBACKS[-1][0]).resolve()
        return next((p.regular for p in self.pairs() if p.regular.path.resolve() == target), None)

    def face(self, bold: bool) -> Face:
        return self.bold if bold else self.regular

    def face_for(self, c: str, bold: bool) -> Face:
        """The face that draws `c`: the first of the chain that has it (a bold face of the pair
        first for bold text); the text face when none has it (validation reports that)."""
        found = self._faces[bold].get(c)
        if found is None:
            o = ord(c)
            found = self.bold if bold else self.regular
            for pair in self.pairs():
                if bold and pair.bold is not None and o in pair.bold.cmap:
                    found = pair.bold
                    break
                if o in pair.regular.cmap:
                    found = pair.regular
                    break
            self._faces[bold][c] = found
        return found

    # ---- measuring ---------------------------------------------------------------------------
    def width(self, text: str, size: float, bold: bool = False) -> float:
        """The drawn width of `text` at `size` points, each character in its own face."""
        cache = self._widths[bold]
        total = 0.0
        for c in text:
            w = cache.get(c)
            if w is None:
                w = cache[c] = self.face_for(c, bold).char_width(c)
            total += w
        return total * size

    def fit_width(self, text: str, size: float, bold: bool = False) -> float:
        """The widest that `text` is likely drawn where the viewer substitutes a face it lacks:
        per character the larger of the drawing face's advance and the widest stand-in's
        (Liberation Sans = Arial, DejaVu Sans, NanumGothic, Noto Sans CJK KR). Wrap with this;
        draw and place with `width`."""
        cache = self._fit[bold]
        total = 0.0
        for c in text:
            w = cache.get(c)
            if w is None:
                w = cache[c] = max(self.face_for(c, bold).char_width(c), _stand_ins().advance(ord(c), bold))
            total += w
        return total * size

    def segments(self, text: str, bold: bool) -> list[tuple[str, Face]]:
        """`text` cut where the drawing face changes, for renderers that name a font per run."""
        out: list[tuple[str, Face]] = []
        for c in text:
            face = self.face_for(c, bold)
            if out and out[-1][1] is face:
                out[-1] = (out[-1][0] + c, face)
            else:
                out.append((c, face))
        return out

    # ---- coverage ----------------------------------------------------------------------------
    def missing(self, text: str, fallback: bool = True) -> list[str]:
        """Characters no face can draw (layout may set any text in bold). Without `fallback`,
        only the regular/bold pair counts."""
        out = []
        for c in dict.fromkeys(text):
            if c in "\n\t":
                continue
            o = ord(c)
            if o in self.regular.cmap and o in self.bold.cmap:
                continue
            if fallback and any(o in p.regular.cmap or (p.bold is not None and o in p.bold.cmap) for p in self.pairs()):
                continue
            out.append(c)
        return out

    def face_covering(self, text: str, bold: bool = False) -> Face | None:
        """The first face of the chain that has every character of `text` (a chart is drawn in
        one face: its labels cannot be cut into runs per face); None when no face has them all."""
        need = {ord(c) for c in text if c not in "\n\t"}
        for pair in self.pairs():
            face = pair.bold if bold and pair.bold is not None else pair.regular
            if need <= face.cmap.keys():
                return face
        return None

    def reportlab_names(self) -> tuple[str, str]:
        """Register the text pair with reportlab (fallback faces register when first drawn)."""
        if self._rl_names is None:
            from reportlab.lib.fonts import addMapping

            regular, bold = self.regular.rl_font.fontName, self.bold.rl_font.fontName
            addMapping(regular, 0, 0, regular)
            addMapping(regular, 1, 0, bold)
            addMapping(regular, 0, 1, regular)
            addMapping(regular, 1, 1, bold)
            self._rl_names = (regular, bold)
        return self._rl_names


FontSet = FontChain  # the name layout and the renderers knew first
