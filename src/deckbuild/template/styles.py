"""Inherited text styles: the list-style layers of a placeholder or text box (its own lstStyle,
the master's, the master's txStyles, the prompt text's properties, the presentation's
defaultTextStyle; ECMA-376 Part 1 §19.3.1.51) merged level by level.

In: lxml list-style elements (lstStyle, titleStyle, bodyStyle …), first layer winning, with the
`Colors` and `ThemeFonts` that resolve them. Out: `frame.TextStyle` for levels 1-3.
"""

from __future__ import annotations

import copy

from ..frame import Color, Spacing, TextStyle, ThemeFonts
from .colors import Colors
from .ooxml import A, P, emu, int_, on

AUTONUM = {"arabicPeriod": "1.", "arabicParenR": "1)", "arabicParenBoth": "(1)", "alphaLcPeriod": "a.",
           "alphaUcPeriod": "A.", "romanLcPeriod": "i.", "romanUcPeriod": "I.", "circleNumDbPlain": "①"}


class TextStyles:
    """Resolves layer stacks into levels, each stack once (most placeholders of most layouts
    inherit the same layers), and a placeholder's prompt paragraphs into a list style."""

    def __init__(self):
        self.prompts: dict[int, tuple] = {}
        self.cache: dict[tuple, tuple] = {}

    def prompt_style(self, shape):
        key = id(shape)  # the parsed parts are cached, so the element (and its id) lives on
        if key not in self.prompts:
            self.prompts[key] = (shape, prompt_style(shape))
        return self.prompts[key][1]

    def levels(self, layers: list, colors: Colors, fonts: ThemeFonts) -> tuple[TextStyle, ...]:
        """Levels 1-3 merged property by property, the first layer that sets one winning."""
        layers = [x for x in layers if x is not None and len(x)]
        key = (tuple(id(x) for x in layers), id(colors), id(fonts))
        if key not in self.cache:
            # The layers are kept with the result so their ids stay theirs.
            self.cache[key] = (layers, _levels(layers, colors, fonts))
        return self.cache[key][1]


def _levels(layers: list, colors: Colors, fonts: ThemeFonts) -> tuple[TextStyle, ...]:
    out = []
    for n in (1, 2, 3):
        ppr = [layer.find(f"{A}lvl{n}pPr") for layer in layers if layer is not None]
        ppr = [p for p in ppr if p is not None]
        rpr = [p.find(A + "defRPr") for p in ppr]
        rpr = [r for r in rpr if r is not None]

        def attr(items, name):
            return next((i.get(name) for i in items if i.get(name) is not None), None)

        def child(items, *tags):
            for i in items:
                for t in tags:
                    c = i.find(A + t)
                    if c is not None:
                        return c
            return None

        fill = next((r.find(A + "solidFill") for r in rpr if r.find(A + "solidFill") is not None), None)
        color = colors.child(fill) or Color(colors.scheme.get(colors.clr_map.get("tx1", "dk1"), "#000000"), "tx1")
        latin = child(rpr, "latin")
        ea = child(rpr, "ea")
        bullet_el = child(ppr, "buNone", "buChar", "buAutoNum", "buBlip")
        bullet = None
        if bullet_el is not None:
            tag = bullet_el.tag.replace(A, "")
            if tag == "buChar":
                bullet = bullet_el.get("char") or None
            elif tag == "buAutoNum":
                bullet = AUTONUM.get(bullet_el.get("type") or "", "1.")
            elif tag == "buBlip":
                bullet = "•"
        bu_font = child(ppr, "buFont", "buFontTx")
        bu_clr = child(ppr, "buClr", "buClrTx")
        bu_sz = child(ppr, "buSzPct", "buSzPts", "buSzTx")
        size = int_(attr(rpr, "sz"), 1800) / 100
        bullet_size = None
        if bu_sz is not None and bu_sz.tag == A + "buSzPct":
            bullet_size = int_(bu_sz.get("val"), 100000) / 100000
        elif bu_sz is not None and bu_sz.tag == A + "buSzPts":
            bullet_size = (int_(bu_sz.get("val"), 0) / 100) / size if size else None
        out.append(TextStyle(
            level=n, size=size, bold=bool(on(attr(rpr, "b"))), italic=bool(on(attr(rpr, "i"))), color=color,
            align=attr(ppr, "algn") or "l",
            latin=font(latin.get("typeface") if latin is not None else None, fonts),
            ea=font(ea.get("typeface") if ea is not None else None, fonts),
            mar_l=emu(attr(ppr, "marL")), indent=emu(attr(ppr, "indent")), bullet=bullet,
            bullet_font=font(bu_font.get("typeface"), fonts) if bu_font is not None and bu_font.tag == A + "buFont" else None,
            bullet_color=colors.child(bu_clr) if bu_clr is not None and bu_clr.tag == A + "buClr" else None,
            bullet_size=bullet_size, line_spacing=spacing(child(ppr, "lnSpc")),
            space_before=spacing(child(ppr, "spcBef")), space_after=spacing(child(ppr, "spcAft")),
        ))
    return tuple(out)


def prompt_style(shape):
    """A placeholder's prompt paragraphs as a list style: level n from its first paragraph of
    that level (pPr, then the first run's rPr or endParaRPr as defRPr)."""
    from lxml import etree

    body = shape.find(f"{P}txBody")
    if body is None:
        return None
    keep_ppr = ("algn", "marL", "indent")
    keep_rpr = ("sz", "b", "i")
    out = etree.Element(A + "lstStyle")
    for para in body.iterfind(A + "p"):
        ppr = para.find(A + "pPr")
        level = (int_(ppr.get("lvl"), 0) or 0) + 1 if ppr is not None else 1
        if level > 3 or out.find(f"{A}lvl{level}pPr") is not None:
            continue
        lvl = etree.SubElement(out, f"{A}lvl{level}pPr")
        if ppr is not None:
            lvl.attrib.update({k: v for k, v in ppr.attrib.items() if k in keep_ppr})
            lvl.extend(copy.deepcopy(c) for c in ppr if c.tag != A + "defRPr")
        rpr = para.find(f"{A}r/{A}rPr")
        if rpr is None:
            rpr = para.find(A + "endParaRPr")
        if rpr is not None:
            d = etree.SubElement(lvl, A + "defRPr")
            d.attrib.update({k: v for k, v in rpr.attrib.items() if k in keep_rpr})
            d.extend(copy.deepcopy(c) for c in rpr)
            if not len(d) and not d.attrib:
                lvl.remove(d)
        if not len(lvl) and not lvl.attrib:
            out.remove(lvl)
    return out if len(out) else None


def spacing(el) -> Spacing | None:
    """lnSpc / spcBef / spcAft → Spacing (a share of the line, or points)."""
    if el is None:
        return None
    pct, pts = el.find(A + "spcPct"), el.find(A + "spcPts")
    if pct is not None:
        return Spacing(percent=int_(pct.get("val"), 100000) / 100000)
    if pts is not None:
        return Spacing(points=int_(pts.get("val"), 0) / 100)
    return None


def font(face: str | None, fonts: ThemeFonts) -> str | None:
    """A typeface with theme references resolved (+mj-lt major latin, +mn-ea minor east-asian …)."""
    if not face:
        return None
    refs = {"+mj-lt": fonts.major_latin, "+mn-lt": fonts.minor_latin,
            "+mj-ea": fonts.major_ea or fonts.major_hang, "+mn-ea": fonts.minor_ea or fonts.minor_hang,
            "+mj-cs": fonts.major_latin, "+mn-cs": fonts.minor_latin}
    return refs.get(face, face) if face.startswith("+") else face
