"""Raw-XML patches python-pptx lacks: east-asian typeface and language on runs, theme fonts, chart axis ids, reproducible chart workbooks.

python-pptx writes only `a:latin`; Korean text needs `a:ea` (the typeface PowerPoint uses for
Hangul) and `lang="ko-KR"` (spell checking, line breaking). Everything here edits lxml elements
in place and is idempotent: calling it twice leaves the same XML as calling it once.
"""

from __future__ import annotations

import datetime as _dt
import re

from lxml import etree

from ..write import normalize_zip

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
RT_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"


def _a(tag: str) -> str:
    return f"{{{A}}}{tag}"


# ECMA-376 Part 1, §21.1.2.3.9 (rPr) / CT_TextCharacterProperties: the children's sequence.
# The fill and effect choices sit in one slot each; underline choices likewise.
_RPR_ORDER = [
    ("ln",),
    ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill"),
    ("effectLst", "effectDag"),
    ("highlight",),
    ("uLnTx", "uLn"),
    ("uFillTx", "uFill"),
    ("latin",),
    ("ea",),
    ("cs",),
    ("sym",),
    ("hlinkClick",),
    ("hlinkMouseOver",),
    ("rtl",),
    ("extLst",),
]
_RPR_SLOT = {_a(tag): n for n, group in enumerate(_RPR_ORDER) for tag in group}


def _put_child(parent, child, slot_of: dict[str, int]) -> None:
    """Insert `child` before the first existing child that comes later in the schema's sequence."""
    slot = slot_of[child.tag]
    for i, existing in enumerate(parent):
        if slot_of.get(existing.tag, -1) > slot:
            parent.insert(i, child)
            return
    parent.append(child)


def _replace_slot(parent, new_child, slot_of: dict[str, int]) -> None:
    slot = slot_of[new_child.tag]
    for old in [c for c in parent if slot_of.get(c.tag) == slot]:
        parent.remove(old)
    _put_child(parent, new_child, slot_of)


def set_text_props(
    rpr,
    latin: str,
    ea: str,
    lang: str = "ko-KR",
    size_pt: float | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    color: str | None = None,
    font: dict[str, str] | None = None,
) -> None:
    """Set language, size, weight, colour and the latin + east-asian typefaces of one run's properties.

    `rpr` is an `a:rPr`, `a:defRPr` or `a:endParaRPr` element (all CT_TextCharacterProperties).
    `color` is "#RRGGBB"; `font`, the face's CT_TextFont attributes (`Face.typeface_attrs()`:
    panose, pitchFamily, charset) for both typefaces. A None argument leaves that property as it is.
    """
    for name, value in rpr_attrs(lang, size_pt, bold, italic):
        rpr.set(name, value)
    if color is not None:
        fill = etree.Element(_a("solidFill"))
        etree.SubElement(fill, _a("srgbClr"), val=color.lstrip("#").upper())
        _replace_slot(rpr, fill, _RPR_SLOT)
    for tag, face in (("latin", latin), ("ea", ea)):
        el = etree.Element(_a(tag), {**(font or {}), "typeface": face})
        _replace_slot(rpr, el, _RPR_SLOT)


def rpr_attrs(lang: str, size_pt: float | None = None, bold: bool | None = None,
              italic: bool | None = None) -> list[tuple[str, str]]:
    """The attributes of a run's properties deckbuild writes, in order (None: not written)."""
    # altLang names the language of characters the keyboard did not tag; Latin in Korean decks.
    out = [("lang", lang), ("altLang", "en-US")]
    if size_pt is not None:
        # ST_TextFontSize: hundredths of a point, 100..400000.
        out.append(("sz", str(max(100, min(400000, round(size_pt * 100))))))
    if bold is not None:
        out.append(("b", "1" if bold else "0"))
    if italic is not None:
        out.append(("i", "1" if italic else "0"))
    return out


def rpr_xml(tag: str, lang: str, font: dict[str, str], *, size_pt: float | None = None, bold: bool | None = None,
            italic: bool | None = None, color=None) -> str:
    """A run's properties as XML text (`tag`: a:rPr, a:endParaRPr), the same `set_text_props` sets on
    an element: attributes from `rpr_attrs`, then the fill (`color`, a theme slot where it has one)
    and the latin + east-asian typefaces of the face whose CT_TextFont attributes are `font`."""
    attrs = "".join(f' {k}="{v}"' for k, v in rpr_attrs(lang, size_pt, bold, italic))
    fill = f"<a:solidFill>{color_xml(color)}</a:solidFill>" if color is not None else ""
    face = typeface_xml(font)
    return f"<{tag}{attrs}>{fill}<a:latin{face}/><a:ea{face}/></{tag}>"


def typeface_xml(attrs: dict[str, str]) -> str:
    """CT_TextFont attributes as XML text (' typeface="…" panose="…" …'), in a fixed order."""
    order = ("typeface", "panose", "pitchFamily", "charset")
    esc = lambda v: v.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")  # noqa: E731
    return "".join(f' {k}="{esc(attrs[k])}"' for k in order if k in attrs)


def style_text_body(txPr, latin: str, ea: str, lang: str = "ko-KR", **props) -> None:
    """Apply `set_text_props` to every `a:defRPr`, `a:rPr` and `a:endParaRPr` under a text body (`c:txPr`, `p:txBody`)."""
    for p in txPr.iter(_a("p")):
        ppr = p.find(_a("pPr"))
        if ppr is None:
            ppr = etree.Element(_a("pPr"))
            p.insert(0, ppr)
        defrpr = ppr.find(_a("defRPr"))
        if defrpr is None:
            # CT_TextParagraphProperties: lnSpc, spcBef, spcAft, buClr…, tabLst, defRPr, extLst.
            defrpr = etree.Element(_a("defRPr"))
            ext = ppr.find(_a("extLst"))
            if ext is not None:
                ext.addprevious(defrpr)
            else:
                ppr.append(defrpr)
        for el in (defrpr, *p.iter(_a("rPr")), *p.iter(_a("endParaRPr"))):
            set_text_props(el, latin, ea, lang, **props)


def color_xml(color) -> str:
    """A colour element (ECMA-376 §20.1.2.3): a:schemeClr with its transforms where the colour is a
    theme slot, so PowerPoint's Design → Variants re-colour it; else a:srgbClr."""
    if color.scheme:
        mods = "".join(f'<a:{name} val="{val}"/>' for name, val in color.mods)
        return f'<a:schemeClr val="{color.scheme}">{mods}</a:schemeClr>' if mods else f'<a:schemeClr val="{color.scheme}"/>'
    return f'<a:srgbClr val="{color.hex.lstrip("#").upper()}"/>'


def fill_xml(color) -> str:
    """An a:solidFill of `color` (see `color_xml`), namespaced to stand alone."""
    return f'<a:solidFill xmlns:a="{A}">{color_xml(color)}</a:solidFill>'


# --- theme ------------------------------------------------------------------------------


def _theme_parts(prs):
    seen = set()
    for master in prs.slide_masters:
        for rel in master.part.rels.values():
            if rel.reltype == RT_THEME and not rel.is_external and id(rel.target_part) not in seen:
                seen.add(id(rel.target_part))
                yield rel.target_part


def set_theme_fonts(prs, latin: str, ea: str, font: dict[str, str] | None = None) -> None:
    """Make the theme's major (heading) and minor (body) fonts `latin` + `ea`, Hangul included;
    `font` gives their panose, pitchFamily and charset (`Face.typeface_attrs()`).

    ECMA-376 Part 1, §20.1.4.1.24/25 (majorFont, minorFont): a:latin, a:ea, a:cs, then
    a:font elements per script; PowerPoint picks `a:font script="Hang"` for Korean text
    typed into a placeholder, so that entry is set as well as `a:ea`.
    """
    for part in _theme_parts(prs):
        root = etree.fromstring(part.blob)
        for font_el in root.iter(_a("majorFont"), _a("minorFont")):
            for tag, face in (("latin", latin), ("ea", ea)):
                el = font_el.find(_a(tag))
                if el is None:
                    el = etree.Element(_a(tag))
                    # latin, ea and cs are required and come first, in that order.
                    anchor = {"latin": 0, "ea": 1}[tag]
                    font_el.insert(anchor, el)
                for attr in list(el.attrib):
                    del el.attrib[attr]  # panose/charset of the old face would be wrong
                el.set("typeface", face)
                for k, v in (font or {}).items():
                    if k != "typeface":
                        el.set(k, v)
            hang = [f for f in font_el.findall(_a("font")) if f.get("script") == "Hang"]
            if hang:
                hang[0].set("typeface", ea)
            else:
                ext = font_el.find(_a("extLst"))
                el = etree.Element(_a("font"), script="Hang", typeface=ea)
                if ext is not None:
                    ext.addprevious(el)
                else:
                    font_el.append(el)
        blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if hasattr(part, "_element"):  # an XmlPart keeps its tree; replace it
            part._element = etree.fromstring(blob)
        else:
            part._blob = blob


# --- charts -----------------------------------------------------------------------------


def fix_chart_axis_ids(chart_space) -> None:
    """Renumber `c:axId`/`c:crossAx` to small positive ids, consistently across axes and plots.

    python-pptx's templates use negative ids (e.g. -2068027336), but ECMA-376 Part 1,
    §21.2.2.9 (axId) types `val` as ST_UnsignedInt (xsd:unsignedInt); strict validators
    reject them. Ids only need to be unique within the chart and referenced consistently.
    """
    mapping: dict[str, str] = {}
    elements = [el for el in chart_space.iter(f"{{{C}}}axId", f"{{{C}}}crossAx")]
    for el in elements:
        old = el.get("val")
        if old not in mapping:
            # Any unique unsignedInt will do; numbering by first use keeps builds byte-identical.
            mapping[old] = str(100000001 + len(mapping))
    for el in elements:
        el.set("val", mapping[el.get("val")])


_CORE_DATE = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def reproducible_xlsx(blob: bytes, when: _dt.datetime | None = None) -> bytes:
    """Rewrite an xlsx so it depends only on its content: fixed document dates and ZIP times.

    xlsxwriter stamps docProps/core.xml (dcterms:created/modified, ECMA-376 Part 2 §11,
    core properties) with the build time. `when` replaces it (naive = UTC; None → 1980-01-01,
    the ZIP epoch); entries keep their order and get a fixed 1980-01-01 timestamp.
    """
    if when is None:
        when = _dt.datetime(1980, 1, 1, tzinfo=_dt.timezone.utc)
    if when.tzinfo is not None:
        when = when.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    stamp = when.replace(microsecond=0).isoformat().encode() + b"Z"

    def fix_dates(name: str, data: bytes) -> bytes:
        if name != "docProps/core.xml":
            return data
        return _CORE_DATE.sub(lambda m: m.group(1) + stamp + m.group(3), data)

    return normalize_zip(blob, fix_dates)


def cell_fill(cell, color) -> None:
    """A table cell's own fill (a:tcPr solidFill, ECMA-376 §21.1.3.17), a theme slot where the colour has one."""
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import qn

    tcPr = cell._tc.get_or_add_tcPr()
    for old in tcPr.findall(qn("a:solidFill")) + tcPr.findall(qn("a:noFill")):
        tcPr.remove(old)
    fill = parse_xml(fill_xml(color))
    # CT_TableCellProperties: borders (lnL … lnBlToTr), cell3D, then the fill.
    later = [c for c in tcPr if c.tag in (qn("a:headers"), qn("a:extLst"))]
    if later:
        later[0].addprevious(fill)
    else:
        tcPr.append(fill)


def cell_rule(cell, side: str, color, width: float = 1.0) -> None:
    """A border of a table cell (a:lnT, a:lnB …: ECMA-376 §21.1.3.5), `width` pt, in the cell's
    properties before the fill, in the schema's order (lnL, lnR, lnT, lnB)."""
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    tcPr = cell._tc.get_or_add_tcPr()
    order = [qn(t) for t in ("a:lnL", "a:lnR", "a:lnT", "a:lnB")]
    for old in tcPr.findall(qn(side)):
        tcPr.remove(old)
    line = parse_xml(f'<{side} xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" w="{int(Pt(width))}" cap="flat" '
                     f'cmpd="sng" algn="ctr">{fill_xml(color)}<a:prstDash val="solid"/></{side}>')
    before = [c for c in tcPr if c.tag in order[: order.index(qn(side))]]
    if before:
        before[-1].addnext(line)
    else:
        tcPr.insert(0, line)
