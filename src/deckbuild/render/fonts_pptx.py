"""Finished PPTX bytes × FontChain → the same deck carrying every face its runs name, as PowerPoint embeds fonts.

Each face becomes an EOT part `ppt/fonts/fontN.fntdata` (content type `application/x-fontdata`),
related from the presentation part (`…/relationships/font`) and listed in `p:embeddedFontLst`
(ECMA-376 Part 1, §19.2.1.9/10: after `p:notesSz`, one `p:embeddedFont` per typeface with
`p:font` and `p:regular`/`p:bold` r:ids); `p:presentation` gets `embedTrueTypeFonts="1"`, and
`saveSubsetFonts="1"` when the parts are subsets (§19.2.1.26). Working on the finished bytes keeps
this independent of how the deck was drawn: the typefaces and characters are read back from the
slides, notes, layouts, masters, theme and charts.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from .. import reuse
from ..fonts import Face, FontChain
from ..subset import embedding_bytes
from .eot import eot

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
RT_FONT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
CT_FONT = "application/x-fontdata"
PRESENTATION = "ppt/presentation.xml"

_TEXT_PARTS = re.compile(r"^ppt/(slides/slide|notesSlides/notesSlide|slideLayouts/slideLayout|slideMasters/slideMaster|notesMasters/notesMaster|handoutMasters/handoutMaster)\d+\.xml$")
_CHART_PARTS = re.compile(r"^ppt/charts/chart\d+\.xml$")
_THEME_PARTS = re.compile(r"^ppt/theme/theme\d+\.xml$")
# CT_Presentation's children after notesSz (§19.2.1.26): embeddedFontLst goes before the first of these.
_AFTER = [f"{{{P}}}{t}" for t in ("custShowLst", "photoAlbum", "custDataLst", "kinsoku", "defaultTextStyle", "modifyVerifier", "extLst")]


@dataclass
class Usage:
    """Characters drawn per (typeface, bold), read from the deck's parts."""

    chars: dict[tuple[str, bool], set[int]] = field(default_factory=dict)

    def add(self, typeface: str, bold: bool, text: str = "") -> None:
        self.chars.setdefault((typeface, bold), set()).update(map(ord, text))


def _theme_fonts(z: zipfile.ZipFile) -> dict[str, str]:
    """'+mn-lt' / '+mj-ea' … → typeface, from the first theme (the masters' own)."""
    out: dict[str, str] = {}
    for name in sorted(n for n in z.namelist() if _THEME_PARTS.match(n)):
        root = etree.fromstring(z.read(name))
        for tag, code in (("majorFont", "mj"), ("minorFont", "mn")):
            el = root.find(f".//{{{A}}}{tag}")
            if el is None:
                continue
            for script, short in (("latin", "lt"), ("ea", "ea"), ("cs", "cs")):
                f = el.find(f"{{{A}}}{script}")
                if f is not None and f.get("typeface"):
                    out.setdefault(f"+{code}-{short}", f.get("typeface"))
        if out:
            break
    return out


def _typefaces(rpr, theme: dict[str, str]) -> list[str]:
    names = []
    if rpr is not None:
        for script in ("latin", "ea", "cs", "sym"):
            f = rpr.find(f"{{{A}}}{script}")
            if f is not None and f.get("typeface"):
                t = f.get("typeface")
                names.append(theme.get(t, t) if t.startswith("+") else t)
    if not names:  # inherited from the list styles, ultimately the theme's fonts
        names = [v for k, v in theme.items() if k.endswith(("-lt", "-ea"))]
    return names


def read_usage(z: zipfile.ZipFile, read=None) -> Usage:
    """The characters each (typeface, bold) draws in the package `z`; `read(name)` gives a part's
    bytes (default `z.read`). Each part's share is a function of its bytes and the theme's fonts,
    kept between builds in watch (`reuse`)."""
    read = read or z.read
    usage = Usage()
    theme = _theme_fonts(z)
    for t in set(theme.values()):
        usage.add(t, False)
    context = tuple(sorted(theme.items()))
    for name in z.namelist():
        kind = "text" if _TEXT_PARTS.match(name) else "chart" if _CHART_PARTS.match(name) else None
        if kind is None:
            continue
        content = read(name)
        share = reuse.memo("usage", reuse.key(kind, context, content), lambda: _part_usage(kind, content, theme))
        for (face, bold), chars in share:
            usage.chars.setdefault((face, bold), set()).update(chars)
    usage.chars.pop(("", False), None)
    return usage


def _part_usage(kind: str, content: bytes, theme: dict[str, str]) -> tuple:
    """One part's characters per (typeface, bold), as a tuple of ((typeface, bold), frozenset)."""
    usage = Usage()
    root = etree.fromstring(content)
    if kind == "text":
        for run in root.iter(f"{{{A}}}r", f"{{{A}}}fld"):
            rpr = run.find(f"{{{A}}}rPr")
            bold = rpr is not None and rpr.get("b") in ("1", "true")
            text = "".join(t.text or "" for t in run.iter(f"{{{A}}}t"))
            for face in _typefaces(rpr, theme):
                usage.add(face, bold, text)
        for bu in root.iter(f"{{{A}}}buFont"):
            ppr = bu.getparent()
            char = ppr.find(f"{{{A}}}buChar")
            usage.add(bu.get("typeface", ""), False, char.get("char", "") if char is not None else "")
    else:
        # A chart's labels are one face: every string it shows counts for every typeface it names.
        text = "".join(el.text or "" for el in root.iter(f"{{{C}}}v", f"{{{A}}}t", f"{{{C}}}formatCode"))
        faces = {t for rpr in root.iter(f"{{{A}}}defRPr", f"{{{A}}}rPr") for t in _typefaces(rpr, theme)}
        for face in faces or set(_typefaces(None, theme)):
            usage.add(face, False, text)
            usage.add(face, True, text)  # chart titles are bold unless told otherwise
    return tuple((k, frozenset(v)) for k, v in usage.chars.items())


@dataclass
class _Family:
    regular: Face | None = None
    bold: Face | None = None


def _families(chain: FontChain) -> dict[str, _Family]:
    out: dict[str, _Family] = {}
    for pair in chain.pairs():
        fam = out.setdefault(pair.regular.family, _Family())
        fam.regular = fam.regular or pair.regular
        if pair.bold is not None:
            b = out.setdefault(pair.bold.family, _Family())
            b.bold = b.bold or pair.bold
    return out


def embed_fonts(pptx: bytes, chain: FontChain, mode: str) -> tuple[bytes, list[str]]:
    """Embed each face of `chain` that the deck's runs name; `mode` is subset, full or none.
    Returns the new bytes and warnings for faces whose licence bits forbid embedding."""
    replaced, added, warnings = font_parts(pptx, chain, mode)
    if not replaced and not added:
        return pptx, warnings
    zin = zipfile.ZipFile(io.BytesIO(pptx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, replaced.get(info.filename) or zin.read(info.filename))
        for name, data in added.items():
            zout.writestr(name, data)
    return out.getvalue(), warnings


def _embedded(face: Face, chars: set[int], text_face: bool, whole: bool) -> tuple[bytes, bool]:
    """(the EOT part's bytes, whether they hold a subset): kept between builds in watch while the
    face and its characters are the same."""
    def make() -> tuple[bytes, bool]:
        data, is_subset = embedding_bytes(face, chars, text_face=text_face, whole=whole)
        return eot(data), is_subset

    return reuse.memo("eot", reuse.key(face, tuple(sorted(chars)), text_face, whole), make, lambda v: len(v[0]))


def font_parts(pptx: bytes, chain: FontChain, mode: str) -> tuple[dict[str, bytes], dict[str, bytes], list[str]]:
    """What embedding changes in the package `pptx`: (parts replaced, parts added, warnings), so the
    caller can write the deck once with them (`write.normalize_zip`)."""
    if mode == "none":
        return {}, {}, []
    warnings: list[str] = []
    from ..write import member

    zin = zipfile.ZipFile(io.BytesIO(pptx))
    usage = read_usage(zin, lambda name: member(pptx, zin, zin.getinfo(name)))
    families = _families(chain)
    text_faces = {chain.regular, chain.bold}
    pres = etree.fromstring(zin.read(PRESENTATION))
    already = {f.get("typeface") for f in pres.iterfind(f"{{{P}}}embeddedFontLst/{{{P}}}embeddedFont/{{{P}}}font")}
    plan: list[tuple[str, list[tuple[str, Face, set[int]]]]] = []
    for family in sorted({t for t, _ in usage.chars}):
        fam = families.get(family)
        if fam is None or family in already or fam.regular is None and fam.bold is None:
            continue
        slots: dict[str, tuple[Face, set[int]]] = {}
        for bold in (False, True):
            chars = usage.chars.get((family, bold))
            if chars is None:
                continue
            face = (fam.bold if bold else fam.regular) or fam.regular or fam.bold
            slot = "bold" if face is fam.bold and face is not fam.regular else "regular"
            prev = slots.get(slot)
            slots[slot] = (face, (prev[1] if prev else set()) | chars)
        chosen = []
        for slot in ("regular", "bold"):
            if slot not in slots:
                continue
            face, chars = slots[slot]
            if not face.embeddable:
                warnings.append(f"font {face.family} ({face.path.name}) forbids embedding (OS/2 fsType 0x{face.info.fs_type:04X}); the deck names it without carrying it")
                continue
            chosen.append((slot, face, chars))
        if chosen:
            plan.append((family, chosen))
    if not plan:  # nothing to carry (every face used forbids embedding, or is carried already)
        return {}, {}, warnings

    rels_name = "ppt/_rels/presentation.xml.rels"
    rels = etree.fromstring(zin.read(rels_name))
    used_ids = {r.get("Id") for r in rels}
    taken = set(zin.namelist())
    new_parts: dict[str, bytes] = {}
    lst = pres.find(f"{{{P}}}embeddedFontLst")
    if lst is None:
        lst = etree.Element(f"{{{P}}}embeddedFontLst")
        anchor = next((pres.find(t) for t in _AFTER if pres.find(t) is not None), None)
        if anchor is not None:
            anchor.addprevious(lst)
        else:
            pres.append(lst)
    any_subset = False
    n = 1
    for family, chosen in plan:
        entry = etree.SubElement(lst, f"{{{P}}}embeddedFont")
        etree.SubElement(entry, f"{{{P}}}font", chosen[0][1].typeface_attrs())
        for slot, face, chars in chosen:
            data, is_subset = _embedded(face, chars, face in text_faces, mode == "full")
            any_subset |= is_subset
            while f"ppt/fonts/font{n}.fntdata" in taken:
                n += 1
            part = f"ppt/fonts/font{n}.fntdata"
            taken.add(part)
            new_parts[part] = data
            k = len(used_ids) + 1
            while f"rId{k}" in used_ids:
                k += 1
            rid = f"rId{k}"
            used_ids.add(rid)
            etree.SubElement(rels, f"{{{PR}}}Relationship", Id=rid, Type=RT_FONT, Target=posixpath.relpath(part, "ppt"))
            etree.SubElement(entry, f"{{{P}}}{slot}", {f"{{{R}}}id": rid})
    pres.set("embedTrueTypeFonts", "1")
    if any_subset:
        pres.set("saveSubsetFonts", "1")

    types = etree.fromstring(zin.read("[Content_Types].xml"))
    if not any(d.get("Extension", "").lower() == "fntdata" for d in types.iterfind(f"{{{CT}}}Default")):
        default = etree.Element(f"{{{CT}}}Default", Extension="fntdata", ContentType=CT_FONT)
        first_override = types.find(f"{{{CT}}}Override")
        if first_override is not None:
            first_override.addprevious(default)  # CT_Types lists Defaults and Overrides in any order; keep Defaults first
        else:
            types.append(default)

    def xml(el) -> bytes:
        return etree.tostring(el, xml_declaration=True, encoding="UTF-8", standalone=True)

    replaced = {PRESENTATION: xml(pres), rels_name: xml(rels), "[Content_Types].xml": xml(types)}
    return replaced, dict(new_parts), warnings
