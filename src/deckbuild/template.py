"""Template file (.pptx/.potx/.pptm/.potm) → `Frame`, read once with zipfile + lxml; and the template as package bytes python-pptx opens.

Not python-pptx: the inheritance that decides where a placeholder sits and how its text looks
(layout → master → master text styles → presentation defaults, ECMA-376 Part 1 §19.3.1.36 and
§19.3.1.51) is not exposed by it, and it is slow to import. No XML object leaves this module;
`frame.py` holds what comes out, `roles.py` picks layouts from it.
"""

from __future__ import annotations

import colorsys
import copy
import io
import itertools
import posixpath
import re
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Iterable

from .frame import (
    DEFAULT_COLORS, DEFAULT_HEIGHT, DEFAULT_THEME, DEFAULT_WIDTH, FOOTER_TYPES, IDENTITY_CLR_MAP, NO_FILL, WHITE, Artwork, Box,
    Color, Fill, Frame, GradientStop, Image, Insets, Layout, Master, Placeholder, Spacing, TextStyle, Theme, ThemeFonts,
    apply_mods,
)
from .frame import rgb_hex as _rgb_hex
from .limits import MAX_TEMPLATE_BYTES

EMU_PER_PT = 12700
MAX_LAYOUTS = 1_000  # real corporate templates carry up to a few hundred
MAX_PARTS = 10_000  # entries in the ZIP
MAX_ARTWORK = 500  # shapes kept per master or layout: the rest cannot be meant as a backdrop
SUFFIXES = (".pptx", ".potx", ".pptm", ".potm")

_NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
_A, _P, _R = ("{%s}" % _NS[k] for k in ("a", "p", "r"))
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL_OFFICE = "/officeDocument"
_PRESENTATION_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
_VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_VBA_CT = "application/vnd.ms-office.vbaProject"


class TemplateError(Exception):
    """The template file cannot be used; the message says what is wrong with the file."""


_cache: dict[tuple[str, int, int], Frame] = {}


def read_frame(path: Path) -> Frame:
    """The template's Frame, read once per (file, size, mtime); raise `TemplateError` if unusable."""
    path = Path(path)
    try:
        st = path.stat()
        real = str(path.resolve())
    except OSError as e:
        raise TemplateError(f"template cannot be read ({e.strerror or e})") from None
    key = (real, st.st_size, st.st_mtime_ns)
    frame = _cache.get(key)
    if frame is None:
        if len(_cache) >= 16:
            _cache.clear()
        frame = _cache[key] = _Reader(path).frame()
    return frame


def _safe_parser():
    from lxml import etree

    # No entity expansion, no DTD, no network, no multi-gigabyte trees: a template is untrusted.
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, remove_comments=True)


class _Package:
    """The ZIP's parts, bounded, parsed on demand with a safe parser."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise TemplateError("template is not a .pptx file (not a ZIP archive)") from None
        except OSError as e:
            raise TemplateError(f"template cannot be read ({e.strerror or e})") from None
        infos = self.zip.infolist()
        if len(infos) > MAX_PARTS:
            raise TemplateError(f"template has {len(infos):,} parts; the limit is {MAX_PARTS:,}")
        total = sum(i.file_size for i in infos)
        if total > MAX_TEMPLATE_BYTES:
            raise TemplateError(f"template unpacks to {total:,} bytes; the limit is 200 MiB")
        self.names = {i.filename for i in infos}
        self._xml: dict[str, object] = {}
        self._rels: dict[str, dict[str, tuple[str, str]]] = {}
        self.parser = _safe_parser()

    def read(self, part: str, what: str) -> bytes:
        if part not in self.names:
            raise TemplateError(f"{what} {part} is missing from the template")
        try:
            # The ZIP's declared sizes were checked against the limit; zipfile stops at them.
            return self.zip.read(part)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as e:
            raise TemplateError(f"{what} {part} cannot be unpacked ({e})") from None

    def xml(self, part: str, what: str):
        if part in self._xml:
            return self._xml[part]
        from lxml import etree

        data = self.read(part, what)
        try:
            root = etree.fromstring(data, self.parser)
        except etree.XMLSyntaxError as e:
            line = f" (line {e.lineno})" if getattr(e, "lineno", None) else ""
            raise TemplateError(f"{what} {part} is not well-formed XML{line}") from None
        if root.getroottree().docinfo.doctype:
            raise TemplateError(f"{what} {part} declares a DTD, which Office Open XML does not allow")
        self._xml[part] = root
        return root

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """rId → (relationship type, target part name) of a part; external targets left out."""
        if part in self._rels:
            return self._rels[part]
        folder, name = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", name + ".rels")
        out: dict[str, tuple[str, str]] = {}
        if rels_part in self.names:
            root = self.xml(rels_part, "relationships part")
            for rel in root.iter(_PKG_REL + "Relationship"):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target") or ""
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                out[rel.get("Id") or ""] = (rel.get("Type") or "", target)
        self._rels[part] = out
        return out

    def related(self, part: str, rtype: str) -> list[str]:
        return [t for _, (ty, t) in sorted(self.rels(part).items(), key=lambda kv: _rid_key(kv[0])) if ty.endswith(rtype)]

    def target(self, part: str, rid: str | None, what: str, owner: str) -> str:
        if not rid or rid not in self.rels(part):
            raise TemplateError(f"{owner} {part} refers to a missing {what} (relationship {rid or '?'})")
        return self.rels(part)[rid][1]

    def content_type(self, part: str) -> str:
        root = self.xml("[Content_Types].xml", "content types part") if "[Content_Types].xml" in self.names else None
        if root is None:
            return ""
        for o in root.iter(_CT + "Override"):
            if (o.get("PartName") or "").lstrip("/") == part:
                return o.get("ContentType") or ""
        ext = part.rsplit(".", 1)[-1].lower()
        for d in root.iter(_CT + "Default"):
            if (d.get("Extension") or "").lower() == ext:
                return d.get("ContentType") or ""
        return ""


def _rid_key(rid: str):
    m = re.match(r"rId(\d+)$", rid)
    return (0, int(m.group(1)), rid) if m else (1, 0, rid)


def _emu(v: str | None, default: float = 0.0) -> float:
    if v is None:
        return default
    try:
        return int(v) / EMU_PER_PT
    except ValueError:
        return default


def _int(v: str | None, default: int | None = None) -> int | None:
    try:
        return int(v) if v is not None else default
    except ValueError:
        return default


def _on(v: str | None) -> bool | None:
    return None if v is None else v in ("1", "true", "on")


class _Colors:
    """Scheme colours of one theme seen through one colour map."""

    def __init__(self, scheme: dict[str, str], clr_map: dict[str, str]):
        self.scheme = scheme
        self.clr_map = clr_map

    def of(self, el, ph: Color | None = None) -> Color | None:
        """The colour of a colour element (srgbClr, schemeClr, sysClr, prstClr, scrgbClr, hslClr)."""
        if el is None:
            return None
        tag = el.tag.replace(_A, "")
        name = None
        if tag == "srgbClr":
            hex_ = _hex(el.get("val"))
        elif tag == "schemeClr":
            name = el.get("val") or ""
            if name == "phClr":
                if ph is None:
                    return None
                hex_, name = ph.hex, ph.scheme
            else:
                mapped = self.clr_map.get(name, name)
                hex_ = self.scheme.get(mapped) or DEFAULT_COLORS.get(mapped, "#000000")
        elif tag == "sysClr":
            hex_ = _hex(el.get("lastClr")) or ("#FFFFFF" if el.get("val") == "window" else "#000000")
        elif tag == "prstClr":
            hex_ = _PRESET.get(el.get("val") or "", "#000000")
        elif tag == "scrgbClr":
            hex_ = "#" + "".join(f"{_lin_to_srgb(_int(el.get(k), 0) / 100000):02X}" for k in ("r", "g", "b"))
        elif tag == "hslClr":
            r, g, b = colorsys.hls_to_rgb(_int(el.get("hue"), 0) / 21600000, _int(el.get("lum"), 0) / 100000, _int(el.get("sat"), 0) / 100000)
            hex_ = _rgb_hex(r, g, b)
        else:
            return None
        if hex_ is None:
            return None
        mods = tuple((m.tag.replace(_A, ""), _int(m.get("val"), 0)) for m in el if m.tag.startswith(_A))
        hex_, alpha = apply_mods(hex_, mods)
        return Color(hex_, name, mods, alpha)

    def child(self, parent) -> Color | None:
        """The colour element directly inside `parent` (a solidFill, buClr, fillRef …)."""
        if parent is None:
            return None
        for el in parent:
            c = self.of(el)
            if c is not None:
                return c
        return None


_PRESET = {"black": "#000000", "white": "#FFFFFF", "red": "#FF0000", "green": "#008000", "blue": "#0000FF",
           "yellow": "#FFFF00", "gray": "#808080", "grey": "#808080", "darkGray": "#A9A9A9", "lightGray": "#D3D3D3",
           "navy": "#000080", "orange": "#FFA500", "silver": "#C0C0C0"}


def _hex(v: str | None) -> str | None:
    if v and re.fullmatch(r"[0-9A-Fa-f]{6}", v):
        return "#" + v.upper()
    return None


def _lin_to_srgb(c: float) -> int:
    c = max(0.0, min(1.0, c))
    s = 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055
    return round(s * 255)


_FILL_TAGS = ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill")


class _Reader:
    def __init__(self, path: Path):
        self.path = path
        self.pkg = _Package(path)
        self.width, self.height = DEFAULT_WIDTH, DEFAULT_HEIGHT
        self.images: dict[str, Image] = {}  # one copy of a picture however many layouts show it
        self.prompts: dict[int, tuple] = {}
        self.styles: dict[tuple, tuple] = {}

    def image(self, target: str) -> Image:
        if target not in self.images:
            self.images[target] = Image(target, self.pkg.content_type(target), self.pkg.read(target, "picture"))
        return self.images[target]

    # ---- top level ---------------------------------------------------------------------------
    def frame(self) -> Frame:
        pkg = self.pkg
        main = next(iter(pkg.related("", _REL_OFFICE)), None) if "_rels/.rels" in pkg.names else None
        if main is None or main not in pkg.names:
            if "ppt/presentation.xml" not in pkg.names:
                raise TemplateError("template is not a PowerPoint file (no ppt/presentation.xml)")
            main = "ppt/presentation.xml"
        pres = pkg.xml(main, "presentation part")
        if pres.tag != _P + "presentation":
            raise TemplateError(f"presentation part {main} is not a PowerPoint presentation")
        sz = pres.find(_P + "sldSz")
        width = _emu(sz.get("cx")) if sz is not None else DEFAULT_WIDTH
        height = _emu(sz.get("cy")) if sz is not None else DEFAULT_HEIGHT
        if not (1 <= width <= 56 * 72 and 1 <= height <= 56 * 72):  # PowerPoint allows 1 in … 56 in
            raise TemplateError(f"presentation part {main} gives an impossible slide size ({width:g} × {height:g} pt)")
        self.width, self.height = width, height
        self.default_style = pres.find(_P + "defaultTextStyle")
        ids = pres.find(_P + "sldMasterIdLst")
        master_parts = [pkg.target(main, m.get(_R + "id"), "slide master", "presentation part")
                        for m in (ids if ids is not None else []) if m.tag == _P + "sldMasterId"]
        if not master_parts:
            raise TemplateError("template has no slide master")
        masters: list[Master] = []
        layouts: list[Layout] = []
        for i, part in enumerate(master_parts):
            master, mlayouts = self.master(part, i)
            masters.append(master)
            layouts.extend(mlayouts)
            if len(layouts) > MAX_LAYOUTS:
                raise TemplateError(f"template has more than {MAX_LAYOUTS:,} slide layouts")
        first = masters[0]
        default_text = self.levels([self.default_style], _Colors(first.theme.colors, first.clr_map), first.theme.fonts)
        used = self.slide_layouts(main)
        layouts = [replace(lay, used=used.count(lay.part)) for lay in layouts]
        # The first of a template's own slides is its title slide; the others show the master
        # its owner writes content on (LibreOffice's templates: one title master, then others).
        by_part = {lay.part: lay.master for lay in layouts}
        usage: dict[int, int] = {}
        for part in (used[1:] or used):
            if part in by_part:
                usage[by_part[part]] = usage.get(by_part[part], 0) + 1
        from .roles import master_preference

        preferred = master_preference(masters, layouts, usage)[0]
        kind = self.path.suffix.lower().lstrip(".") if self.path.suffix.lower() in SUFFIXES else "pptx"
        return Frame(self.path, width, height, tuple(masters), tuple(layouts), preferred, default_text, kind,
                     self.footer_text(main))

    def footer_text(self, main: str) -> str | None:
        """The footer its owner wrote on the template's own slides (PowerPoint keeps a deck's footer
        text on its slides, not its layouts): the first footer placeholder with text, among the first 20."""
        for slide in self.pkg.related(main, "/slide")[:20]:
            if slide not in self.pkg.names:
                continue
            root = self.pkg.xml(slide, "slide")
            for sp in root.iter(_P + "sp"):
                ph = sp.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph")
                if ph is not None and ph.get("type") == "ftr":
                    text = " ".join("".join(t.text or "" for t in p.iter(_A + "t")) for p in sp.iter(_A + "p")).strip()
                    if text:
                        return text[:500]
        return None

    def slide_layouts(self, main: str) -> list[str]:
        """The layout part of each of the template's own slides, in order (at most 200 looked at)."""
        out = []
        for slide in self.pkg.related(main, "/slide")[:200]:
            if slide in self.pkg.names:
                out.extend(self.pkg.related(slide, "/slideLayout")[:1])
        return out

    def theme(self, part: str | None) -> tuple[Theme, object]:
        if part is None:
            return DEFAULT_THEME, None
        root = self.pkg.xml(part, "theme")
        elements = root.find(_A + "themeElements")
        colors = dict(DEFAULT_COLORS)
        fonts = ThemeFonts(None, None, None, None, None, None)
        if elements is not None:
            scheme = elements.find(_A + "clrScheme")
            for el in scheme if scheme is not None else []:
                name = el.tag.replace(_A, "")
                if name in colors:
                    c = _Colors({}, {}).child(el)
                    if c is not None:
                        colors[name] = c.hex
            fs = elements.find(_A + "fontScheme")
            if fs is not None:
                def face(kind: str, tag: str) -> str | None:
                    el = fs.find(f"{_A}{kind}/{_A}{tag}")
                    return (el.get("typeface") or None) if el is not None else None

                def hang(kind: str) -> str | None:
                    for el in fs.iterfind(f"{_A}{kind}/{_A}font"):
                        if el.get("script") == "Hang":
                            return el.get("typeface") or None
                    return None

                fonts = ThemeFonts(face("majorFont", "latin"), face("majorFont", "ea"), hang("majorFont"),
                                   face("minorFont", "latin"), face("minorFont", "ea"), hang("minorFont"))
        return Theme(part, root.get("name") or "", colors, fonts), elements

    def master(self, part: str, index: int) -> tuple[Master, list[Layout]]:
        pkg = self.pkg
        root = pkg.xml(part, "slide master")
        if root.tag != _P + "sldMaster":
            raise TemplateError(f"slide master {part} is not a slide master")
        theme_part = next(iter(pkg.related(part, "/theme")), None)
        theme, elements = self.theme(theme_part)
        fmt = elements.find(_A + "fmtScheme") if elements is not None else None
        cm = root.find(_P + "clrMap")
        clr_map = dict(IDENTITY_CLR_MAP)
        if cm is not None:
            clr_map.update({k: v for k, v in cm.attrib.items() if k in IDENTITY_CLR_MAP})
        colors = _Colors(theme.colors, clr_map)
        styles = root.find(_P + "txStyles")
        style_of = {k: (styles.find(_P + k) if styles is not None else None) for k in ("titleStyle", "bodyStyle", "otherStyle")}
        ctx = _Ctx(part, colors, theme.fonts, fmt, style_of, self.default_style, theme_part)
        csld = root.find(_P + "cSld")
        tree = csld.find(_P + "spTree") if csld is not None else None
        master_phs = self.placeholder_elements(tree)
        placeholders = tuple(self.placeholder(el, None, ctx) for el in master_phs)
        background = self.background(csld, ctx) or WHITE
        artwork = tuple(itertools.islice(self.artwork(tree, ctx, "master"), MAX_ARTWORK))
        lids = root.find(_P + "sldLayoutIdLst")
        layout_parts = [pkg.target(part, lid.get(_R + "id"), "slide layout", "slide master")
                        for lid in (lids if lids is not None else []) if lid.tag == _P + "sldLayoutId"]
        if len(layout_parts) > MAX_LAYOUTS:
            raise TemplateError(f"slide master {part} has {len(layout_parts):,} layouts; the limit is {MAX_LAYOUTS:,}")
        levels = {k: self.levels([style_of[k], self.default_style], colors, theme.fonts) for k in style_of}
        master = Master(part, (csld.get("name") if csld is not None else None) or "", index, theme, clr_map, placeholders,
                        background, artwork, tuple(layout_parts), levels["titleStyle"], levels["bodyStyle"], levels["otherStyle"])
        mctx = _MasterCtx(ctx, master_phs, background, artwork)
        layouts = [self.layout(lp, index, mctx) for lp in layout_parts]
        return master, layouts

    def layout(self, part: str, master_index: int, m: "_MasterCtx") -> Layout:
        root = self.pkg.xml(part, "slide layout")
        if root.tag != _P + "sldLayout":
            raise TemplateError(f"slide layout {part} is not a slide layout")
        ctx = m.ctx
        ovr = root.find(f"{_P}clrMapOvr/{_A}overrideClrMapping")
        if ovr is not None:
            clr_map = dict(ctx.colors.clr_map)
            clr_map.update({k: v for k, v in ovr.attrib.items() if k in IDENTITY_CLR_MAP})
            ctx = ctx.with_colors(_Colors(ctx.colors.scheme, clr_map))
        ctx = ctx.with_part(part)
        csld = root.find(_P + "cSld")
        tree = csld.find(_P + "spTree") if csld is not None else None
        show = _on(root.get("showMasterSp"))
        show = True if show is None else show
        placeholders = tuple(self.placeholder(el, m, ctx) for el in self.placeholder_elements(tree))
        background = self.background(csld, ctx) or m.background
        art = (m.artwork if show else ()) + tuple(itertools.islice(self.artwork(tree, ctx, "layout"), MAX_ARTWORK))
        return Layout(part, (csld.get("name") if csld is not None else None) or "", root.get("type") or "cust", master_index,
                      placeholders, background, art, show, ctx.colors.clr_map)

    # ---- placeholders -------------------------------------------------------------------------
    @staticmethod
    def placeholder_elements(tree) -> list:
        out = []
        for el in tree if tree is not None else []:
            if el.tag == _P + "sp" and el.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph") is not None:
                out.append(el)
        return out

    def placeholder(self, el, m: "_MasterCtx | None", ctx: "_Ctx") -> Placeholder:
        ph = el.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph")
        type_ = ph.get("type") or "obj"
        idx = _int(ph.get("idx"), 0) or 0
        name = _name(el, "nvSpPr")
        parent = m.match(type_) if m is not None else None
        chain = [el] + ([parent] if parent is not None else [])
        box, inherited = None, False
        for n, shape in enumerate(chain):
            box = _xfrm_box(shape.find(f"{_P}spPr/{_A}xfrm"))
            if box is not None:
                inherited = n > 0
                break
        if box is None:  # nowhere in the chain: PowerPoint then fills the slide
            box = Box(0.0, 0.0, self.width, self.height)
        bodies = [s.find(f"{_P}txBody/{_A}bodyPr") for s in chain]

        def body_attr(name: str):
            return next((b.get(name) for b in bodies if b is not None and b.get(name) is not None), None)

        insets = Insets(_emu(body_attr("lIns"), 7.2), _emu(body_attr("tIns"), 3.6), _emu(body_attr("rIns"), 7.2), _emu(body_attr("bIns"), 3.6))
        autofit, scale = "none", None
        for b in bodies:
            if b is None:
                continue
            if b.find(_A + "normAutofit") is not None:
                fs = _int(b.find(_A + "normAutofit").get("fontScale"))
                autofit, scale = "normal", (fs / 100000 if fs else None)
                break
            if b.find(_A + "spAutoFit") is not None:
                autofit = "shape"
                break
            if b.find(_A + "noAutofit") is not None:
                break
        style_key = "titleStyle" if type_ in ("title", "ctrTitle") else "otherStyle" if type_ in FOOTER_TYPES else "bodyStyle"
        # The prompt text's own properties come after the text styles: PowerPoint's files carry
        # none there, but LibreOffice writes its masters without txStyles and styles the prompts.
        layers = ([s.find(f"{_P}txBody/{_A}lstStyle") for s in chain] + [ctx.style_of.get(style_key)]
                  + [self.prompt_style(s) for s in chain] + [ctx.default_style])
        levels = self.levels(layers, ctx.colors, ctx.fonts)
        fill = None
        for n, shape in enumerate(chain):
            # The master's shape relates its pictures from the master part; colours keep the layout's map.
            f = self.shape_fill(shape, ctx if n == 0 else ctx.with_part(m.ctx.part))
            if f is not None:
                fill = None if f.kind == "none" else f
                break
        prompt = None
        if _on(ph.get("hasCustomPrompt")):
            prompt = "\n".join("".join(t.text or "" for t in p.iter(_A + "t")) for p in el.iterfind(f"{_P}txBody/{_A}p")).strip() or None
        return Placeholder(
            type=type_, idx=idx, name=name, box=box, orient=ph.get("orient") or "horz", size=ph.get("sz") or "full",
            insets=insets, anchor=body_attr("anchor") or "t", anchor_center=bool(_on(body_attr("anchorCtr"))),
            wrap=body_attr("wrap") != "none", vertical=body_attr("vert") or "horz", autofit=autofit, font_scale=scale,
            levels=levels, fill=fill, inherited=inherited, prompt=prompt,
        )

    def prompt_style(self, shape):
        key = id(shape)  # the parsed parts are cached, so the element (and its id) lives on
        if key not in self.prompts:
            self.prompts[key] = (shape, _prompt_style(shape))
        return self.prompts[key][1]

    def levels(self, layers: list, colors: _Colors, fonts: ThemeFonts) -> tuple[TextStyle, ...]:
        """Levels 1-3 merged property by property, the first layer that sets one winning."""
        layers = [x for x in layers if x is not None and len(x)]
        # Most placeholders of most layouts inherit the same layers: resolve each stack once.
        key = (tuple(id(x) for x in layers), id(colors), id(fonts))
        if key not in self.styles:
            self.styles[key] = (layers, self._levels(layers, colors, fonts))
        return self.styles[key][1]

    def _levels(self, layers: list, colors: _Colors, fonts: ThemeFonts) -> tuple[TextStyle, ...]:
        out = []
        for n in (1, 2, 3):
            ppr = [layer.find(f"{_A}lvl{n}pPr") for layer in layers if layer is not None]
            ppr = [p for p in ppr if p is not None]
            rpr = [p.find(_A + "defRPr") for p in ppr]
            rpr = [r for r in rpr if r is not None]

            def attr(items, name):
                return next((i.get(name) for i in items if i.get(name) is not None), None)

            def child(items, *tags):
                for i in items:
                    for t in tags:
                        c = i.find(_A + t)
                        if c is not None:
                            return c
                return None

            fill = next((r.find(_A + "solidFill") for r in rpr if r.find(_A + "solidFill") is not None), None)
            color = colors.child(fill) or Color(colors.scheme.get(colors.clr_map.get("tx1", "dk1"), "#000000"), "tx1")
            latin = child(rpr, "latin")
            ea = child(rpr, "ea")
            bullet_el = child(ppr, "buNone", "buChar", "buAutoNum", "buBlip")
            bullet = None
            if bullet_el is not None:
                tag = bullet_el.tag.replace(_A, "")
                if tag == "buChar":
                    bullet = bullet_el.get("char") or None
                elif tag == "buAutoNum":
                    bullet = _AUTONUM.get(bullet_el.get("type") or "", "1.")
                elif tag == "buBlip":
                    bullet = "•"
            bu_font = child(ppr, "buFont", "buFontTx")
            bu_clr = child(ppr, "buClr", "buClrTx")
            bu_sz = child(ppr, "buSzPct", "buSzPts", "buSzTx")
            size = _int(attr(rpr, "sz"), 1800) / 100
            bullet_size = None
            if bu_sz is not None and bu_sz.tag == _A + "buSzPct":
                bullet_size = _int(bu_sz.get("val"), 100000) / 100000
            elif bu_sz is not None and bu_sz.tag == _A + "buSzPts":
                bullet_size = (_int(bu_sz.get("val"), 0) / 100) / size if size else None
            out.append(TextStyle(
                level=n, size=size, bold=bool(_on(attr(rpr, "b"))), italic=bool(_on(attr(rpr, "i"))), color=color,
                align=attr(ppr, "algn") or "l",
                latin=_font(latin.get("typeface") if latin is not None else None, fonts),
                ea=_font(ea.get("typeface") if ea is not None else None, fonts),
                mar_l=_emu(attr(ppr, "marL")), indent=_emu(attr(ppr, "indent")), bullet=bullet,
                bullet_font=_font(bu_font.get("typeface"), fonts) if bu_font is not None and bu_font.tag == _A + "buFont" else None,
                bullet_color=colors.child(bu_clr) if bu_clr is not None and bu_clr.tag == _A + "buClr" else None,
                bullet_size=bullet_size, line_spacing=_spacing(child(ppr, "lnSpc")),
                space_before=_spacing(child(ppr, "spcBef")), space_after=_spacing(child(ppr, "spcAft")),
            ))
        return tuple(out)

    # ---- fills, backgrounds, artwork ----------------------------------------------------------
    def fill(self, el, ctx: "_Ctx", ph: Color | None = None) -> Fill | None:
        """A fill element (solidFill, gradFill, blipFill, pattFill, noFill) → Fill."""
        if el is None:
            return None
        tag = el.tag.replace(_A, "")
        if tag == "noFill":
            return NO_FILL
        if tag == "solidFill":
            c = next((ctx.colors.of(x, ph) for x in el), None)
            return Fill("solid", c) if c else None
        if tag == "gradFill":
            stops = []
            for gs in el.iterfind(f"{_A}gsLst/{_A}gs"):
                c = next((ctx.colors.of(x, ph) for x in gs), None)
                if c is not None:
                    stops.append(GradientStop(_int(gs.get("pos"), 0) / 100000, c))
            stops.sort(key=lambda s: s.position)
            lin = el.find(_A + "lin")
            angle = _int(lin.get("ang"), 0) / 60000 if lin is not None else None
            return Fill("gradient", stops[0].color if stops else None, tuple(stops), angle) if stops else None
        if tag == "blipFill":
            blip = el.find(_A + "blip")
            rid = blip.get(_R + "embed") if blip is not None else None
            if not rid:
                return None
            target = self.pkg.target(ctx.part, rid, "picture", _owner(ctx.part))
            return Fill("picture", image=self.image(target), tile=el.find(_A + "tile") is not None)
        if tag == "pattFill":
            c = ctx.colors.child(el.find(_A + "fgClr"))
            return Fill("pattern", c) if c else None
        return None

    def background(self, csld, ctx: "_Ctx") -> Fill | None:
        bg = csld.find(_P + "bg") if csld is not None else None
        if bg is None:
            return None
        fill = None
        pr = bg.find(_P + "bgPr")
        ref = bg.find(_P + "bgRef")
        if pr is not None:
            fill = next((self.fill(el, ctx) for el in pr if el.tag.replace(_A, "") in _FILL_TAGS), None)
        elif ref is not None:
            fill = self.style_fill(_int(ref.get("idx"), 0) or 0, ctx.colors.child(ref), ctx)
        else:
            return None
        # A slide without a fill shows white (PowerPoint and LibreOffice alike).
        return WHITE if fill is None or fill.kind == "none" else fill

    def style_fill(self, idx: int, ph: Color | None, ctx: "_Ctx") -> Fill | None:
        """A fill from the theme's style matrix: 1-999 fillStyleLst, 1001+ bgFillStyleLst (§20.1.4.2.10)."""
        if idx == 0 or ctx.fmt is None:
            return NO_FILL if idx == 0 else None
        lst = ctx.fmt.find(_A + ("bgFillStyleLst" if idx > 1000 else "fillStyleLst"))
        n = idx - 1001 if idx > 1000 else idx - 1
        items = [x for x in lst] if lst is not None else []
        if not 0 <= n < len(items):
            return None
        # The style matrix lives in the theme part: its pictures are related from there.
        theme_ctx = ctx.with_part(ctx.theme_part) if ctx.theme_part else ctx
        return self.fill(items[n], theme_ctx, ph)

    def shape_fill(self, shape, ctx: "_Ctx") -> Fill | None:
        sppr = shape.find(_P + "spPr")
        for el in sppr if sppr is not None else []:
            if el.tag.replace(_A, "") in _FILL_TAGS:
                return self.fill(el, ctx)
        ref = shape.find(f"{_P}style/{_A}fillRef")
        if ref is not None:
            return self.style_fill(_int(ref.get("idx"), 0) or 0, ctx.colors.child(ref), ctx)
        return None

    def artwork(self, tree, ctx: "_Ctx", origin: str, transform=None) -> Iterable[Artwork]:
        for el in tree if tree is not None else []:
            tag = el.tag.replace(_P, "")
            if tag == "sp" and el.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph") is None:
                art = self.shape(el, ctx, origin, transform)
            elif tag == "pic":
                art = self.picture(el, ctx, origin, transform)
            elif tag == "cxnSp":
                art = self.connector(el, ctx, origin, transform)
            elif tag == "grpSp":
                yield from self.artwork(el, ctx, origin, _group_transform(el, transform))
                continue
            else:
                continue
            if art is not None:
                yield art

    def shape(self, el, ctx: "_Ctx", origin: str, transform) -> Artwork | None:
        box = _place(_xfrm_box(el.find(f"{_P}spPr/{_A}xfrm")), transform)
        if box is None:
            return None
        sppr = el.find(_P + "spPr")
        geom = sppr.find(_A + "prstGeom")
        geometry = geom.get("prst", "rect") if geom is not None else ("custGeom" if sppr.find(_A + "custGeom") is not None else "rect")
        fill = self.shape_fill(el, ctx)
        line, width = self.line(el, ctx)
        text, size, color, bold, align = self.static_text(el, ctx)
        if (fill is None or fill.kind == "none") and line is None and not text:
            return None
        return Artwork(origin, "shape", _name(el, "nvSpPr"), box, geometry, None if fill is None or fill.kind == "none" else fill,
                       line, width, None, _rot(el.find(f"{_P}spPr/{_A}xfrm")), text, size, color, bold, align)

    def picture(self, el, ctx: "_Ctx", origin: str, transform) -> Artwork | None:
        box = _place(_xfrm_box(el.find(f"{_P}spPr/{_A}xfrm")), transform)
        blip = el.find(f"{_P}blipFill/{_A}blip")
        rid = blip.get(_R + "embed") if blip is not None else None
        if box is None or not rid:
            return None
        target = self.pkg.target(ctx.part, rid, "picture", _owner(ctx.part))
        image = self.image(target)
        return Artwork(origin, "picture", _name(el, "nvPicPr"), box, "picture", None, image=image, rotation=_rot(el.find(f"{_P}spPr/{_A}xfrm")))

    def connector(self, el, ctx: "_Ctx", origin: str, transform) -> Artwork | None:
        box = _place(_xfrm_box(el.find(f"{_P}spPr/{_A}xfrm")), transform)
        line, width = self.line(el, ctx)
        if box is None or line is None:
            return None
        return Artwork(origin, "line", _name(el, "nvCxnSpPr"), box, "line", None, line, width)

    def line(self, el, ctx: "_Ctx") -> tuple[Color | None, float | None]:
        ln = el.find(f"{_P}spPr/{_A}ln")
        if ln is not None:
            if ln.find(_A + "noFill") is not None:
                return None, None
            solid = ln.find(_A + "solidFill")
            if solid is not None:
                return ctx.colors.child(solid), _emu(ln.get("w"), 0.75)
        ref = el.find(f"{_P}style/{_A}lnRef")
        if ref is not None and (_int(ref.get("idx"), 0) or 0) > 0:
            return ctx.colors.child(ref), _emu(ln.get("w") if ln is not None else None, 0.75)
        return None, None

    def static_text(self, el, ctx: "_Ctx"):
        body = el.find(_P + "txBody")
        if body is None:
            return None, None, None, False, "l"
        paras = ["".join(t.text or "" for t in p.iter(_A + "t")) for p in body.iterfind(_A + "p")]
        text = "\n".join(paras).strip()
        if not text:
            return None, None, None, False, "l"
        run = next(body.iter(_A + "rPr"), None)
        lst = body.find(_A + "lstStyle")
        lvl = self.levels([lst, ctx.style_of.get("otherStyle"), ctx.default_style], ctx.colors, ctx.fonts)[0]
        size, color, bold = lvl.size, lvl.color, lvl.bold
        if run is not None:
            size = _int(run.get("sz"), round(size * 100)) / 100
            bold = bool(_on(run.get("b"))) if run.get("b") is not None else bold
            c = ctx.colors.child(run.find(_A + "solidFill"))
            color = c or color
        else:
            ref = el.find(f"{_P}style/{_A}fontRef")
            color = ctx.colors.child(ref) or color
        ppr = next(body.iter(_A + "pPr"), None)
        align = (ppr.get("algn") if ppr is not None else None) or lvl.align
        return text, size, color, bold, align


_AUTONUM = {"arabicPeriod": "1.", "arabicParenR": "1)", "arabicParenBoth": "(1)", "alphaLcPeriod": "a.",
            "alphaUcPeriod": "A.", "romanLcPeriod": "i.", "romanUcPeriod": "I.", "circleNumDbPlain": "①"}


class _Ctx:
    """What resolving a part needs: its name (for relationships), colours, fonts, text styles."""

    def __init__(self, part, colors, fonts, fmt, style_of, default_style, theme_part=None):
        self.part, self.colors, self.fonts, self.fmt = part, colors, fonts, fmt
        self.style_of, self.default_style = style_of, default_style
        self.theme_part = theme_part

    def with_part(self, part):
        out = _Ctx(part, self.colors, self.fonts, self.fmt, self.style_of, self.default_style, self.theme_part)
        return out

    def with_colors(self, colors):
        return _Ctx(self.part, colors, self.fonts, self.fmt, self.style_of, self.default_style, self.theme_part)


class _MasterCtx:
    def __init__(self, ctx: _Ctx, placeholders: list, background: Fill, artwork: tuple[Artwork, ...]):
        self.ctx, self.background, self.artwork = ctx, background, artwork
        self.by_kind: dict[str, object] = {}
        for el in placeholders:
            kind = _master_kind(el.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph").get("type") or "obj")
            self.by_kind.setdefault(kind, el)

    def match(self, type_: str):
        """The master placeholder a layout placeholder inherits from (§19.3.1.36: by type)."""
        return self.by_kind.get(_master_kind(type_))


def _prompt_style(shape):
    """A placeholder's prompt paragraphs as a list style: level n from its first paragraph of
    that level (pPr, then the first run's rPr or endParaRPr as defRPr)."""
    from lxml import etree

    body = shape.find(f"{_P}txBody")
    if body is None:
        return None
    keep_ppr = ("algn", "marL", "indent")
    keep_rpr = ("sz", "b", "i")
    out = etree.Element(_A + "lstStyle")
    for para in body.iterfind(_A + "p"):
        ppr = para.find(_A + "pPr")
        level = (_int(ppr.get("lvl"), 0) or 0) + 1 if ppr is not None else 1
        if level > 3 or out.find(f"{_A}lvl{level}pPr") is not None:
            continue
        lvl = etree.SubElement(out, f"{_A}lvl{level}pPr")
        if ppr is not None:
            lvl.attrib.update({k: v for k, v in ppr.attrib.items() if k in keep_ppr})
            lvl.extend(copy.deepcopy(c) for c in ppr if c.tag != _A + "defRPr")
        rpr = para.find(f"{_A}r/{_A}rPr")
        if rpr is None:
            rpr = para.find(_A + "endParaRPr")
        if rpr is not None:
            d = etree.SubElement(lvl, _A + "defRPr")
            d.attrib.update({k: v for k, v in rpr.attrib.items() if k in keep_rpr})
            d.extend(copy.deepcopy(c) for c in rpr)
            if not len(d) and not d.attrib:
                lvl.remove(d)
        if not len(lvl) and not lvl.attrib:
            out.remove(lvl)
    return out if len(out) else None


def _master_kind(type_: str) -> str:
    if type_ in ("title", "ctrTitle"):
        return "title"
    if type_ in FOOTER_TYPES:
        return type_
    return "body"


def _owner(part: str) -> str:
    if "slideLayout" in part:
        return "slide layout"
    if "slideMaster" in part:
        return "slide master"
    if "theme" in part:
        return "theme"
    return "part"


def _name(el, nv: str) -> str:
    c = el.find(f"{_P}{nv}/{_P}cNvPr")
    return c.get("name", "") if c is not None else ""


def _xfrm_box(xfrm) -> Box | None:
    if xfrm is None:
        return None
    off, ext = xfrm.find(_A + "off"), xfrm.find(_A + "ext")
    if off is None or ext is None:
        return None
    return Box(_emu(off.get("x")), _emu(off.get("y")), _emu(ext.get("cx")), _emu(ext.get("cy")))


def _rot(xfrm) -> float:
    return (_int(xfrm.get("rot"), 0) or 0) / 60000 if xfrm is not None else 0.0


def _group_transform(grp, outer):
    """Child → parent coordinates of a group (§20.1.7.5: chOff/chExt map onto off/ext)."""
    xfrm = grp.find(f"{_P}grpSpPr/{_A}xfrm")
    if xfrm is None:
        return outer
    box = _xfrm_box(xfrm)
    cho, che = xfrm.find(_A + "chOff"), xfrm.find(_A + "chExt")
    if box is None or cho is None or che is None:
        return outer
    cx, cy, cw, ch = _emu(cho.get("x")), _emu(cho.get("y")), _emu(che.get("cx")), _emu(che.get("cy"))
    sx = box.w / cw if cw else 1.0
    sy = box.h / ch if ch else 1.0
    inner = (box.x - cx * sx, box.y - cy * sy, sx, sy)
    if outer is None:
        return inner
    ox, oy, osx, osy = outer
    return (ox + inner[0] * osx, oy + inner[1] * osy, inner[2] * osx, inner[3] * osy)


def _place(box: Box | None, transform) -> Box | None:
    if box is None or transform is None:
        return box
    tx, ty, sx, sy = transform
    return Box(tx + box.x * sx, ty + box.y * sy, box.w * sx, box.h * sy)


def _spacing(el) -> Spacing | None:
    if el is None:
        return None
    pct, pts = el.find(_A + "spcPct"), el.find(_A + "spcPts")
    if pct is not None:
        return Spacing(percent=_int(pct.get("val"), 100000) / 100000)
    if pts is not None:
        return Spacing(points=_int(pts.get("val"), 0) / 100)
    return None


def _font(face: str | None, fonts: ThemeFonts) -> str | None:
    """A typeface with theme references resolved (+mj-lt major latin, +mn-ea minor east-asian …)."""
    if not face:
        return None
    refs = {"+mj-lt": fonts.major_latin, "+mn-lt": fonts.minor_latin,
            "+mj-ea": fonts.major_ea or fonts.major_hang, "+mn-ea": fonts.minor_ea or fonts.minor_hang,
            "+mj-cs": fonts.major_latin, "+mn-cs": fonts.minor_latin}
    return refs.get(face, face) if face.startswith("+") else face


# ---- the package for python-pptx ------------------------------------------------------------------


def package_bytes(path: Path) -> bytes:
    """The template as a macro-free presentation package python-pptx opens: a .potx/.potm main
    part's content type becomes the presentation one, the VBA project and its relationship and
    content type are dropped, every other part is copied unchanged."""
    read_frame(path)  # a damaged template fails here, with its message
    from lxml import etree

    pkg = _Package(Path(path))
    main = next(iter(pkg.related("", _REL_OFFICE)), "ppt/presentation.xml") if "_rels/.rels" in pkg.names else "ppt/presentation.xml"
    vba = {t for _, (ty, t) in pkg.rels(main).items() if ty == _VBA_REL}
    vba_rels = {posixpath.join(posixpath.dirname(v), "_rels", posixpath.basename(v) + ".rels") for v in vba}
    main_rels = posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in pkg.zip.infolist():
            name = info.filename
            if name in vba or name in vba_rels:
                continue
            data = pkg.read(name, "part")
            if name == "[Content_Types].xml":
                root = pkg.xml(name, "content types part")
                for o in list(root):
                    part = (o.get("PartName") or "").lstrip("/")
                    if o.tag == _CT + "Override" and part == main:
                        o.set("ContentType", _PRESENTATION_MAIN)
                    elif o.get("ContentType") == _VBA_CT or part in vba:
                        root.remove(o)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif name == main_rels and vba:
                root = pkg.xml(name, "relationships part")
                for rel in list(root):
                    if rel.get("Type") == _VBA_REL:
                        root.remove(rel)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
