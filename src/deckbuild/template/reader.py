"""Template file → `Frame`: the Frame builder, and the guard every template passes once.

In: a .pptx/.potx/.pptm/.potm path. Out: a frozen `frame.Frame` (size, masters with their
themes, colour maps and text styles, layouts with placeholders, backgrounds and artwork; the
file's bytes, which `macro_free.package_of` turns into the deck's package without reading the
file again), or a `TemplateError` whose message says, in words, what is wrong with the file.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

from ..frame import (
    DEFAULT_COLORS, DEFAULT_HEIGHT, DEFAULT_THEME, DEFAULT_WIDTH, IDENTITY_CLR_MAP, WHITE, Frame, Layout, Master, Theme,
    ThemeFonts,
)
from ..limits import MAX_TEMPLATE_BYTES
from .colors import Colors
from .context import PartContext
from .ooxml import A, P, R, REL_OFFICE, emu, on
from .package import Package, TemplateError
from .placeholders import MasterPlaceholders, Placeholders, placeholder_elements
from .shapes import Shapes
from .styles import TextStyles

MAX_LAYOUTS = 1_000  # real corporate templates carry up to a few hundred
MAX_ARTWORK = 500  # shapes kept per master or layout: the rest cannot be meant as a backdrop
MIN_SLIDE = 3 * 72  # pt, each side: a title at 18 pt and a few lines of content (PowerPoint allows 1 in)
SUFFIXES = (".pptx", ".potx", ".pptm", ".potm")

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
        frame = _cache[key] = _read(path, st.st_size)
    return frame


def _read(path: Path, size: int) -> Frame:
    if size > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"template is {size:,} bytes; the limit is 200 MiB")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise TemplateError(f"template cannot be read ({e.strerror or e})") from None
    reader = FrameReader(path, data)
    try:
        return reader.frame()
    except (TemplateError, MemoryError):
        raise
    except RecursionError:
        raise TemplateError(f"{reader.where} nests its shapes too deeply to be read") from None
    except Exception:  # noqa: BLE001 — the guard: a file from the wild never becomes an internal error
        raise TemplateError(f"{reader.where} is not laid out the way PowerPoint or LibreOffice write it; open the "
                            "template in one of them and save it again") from None


class FrameReader:
    """Reads one template package into a Frame: presentation → masters (theme, colour map, text
    styles) → layouts, then the checks that the deck's package will open."""

    def __init__(self, path: Path, data: bytes):
        self.path, self.data = path, data
        self.pkg = Package(data)
        self.width, self.height = DEFAULT_WIDTH, DEFAULT_HEIGHT
        self.styles = TextStyles()
        self.shapes = Shapes(self.pkg, self.styles)
        self.placeholders: Placeholders | None = None
        self.default_style = None
        self.where = "the template"  # the part being read, for a message if it is malformed

    def frame(self) -> Frame:
        pkg = self.pkg
        main = next(iter(pkg.related("", REL_OFFICE)), None) if "_rels/.rels" in pkg.names else None
        if main is None or main not in pkg.names:
            if "ppt/presentation.xml" not in pkg.names:
                raise TemplateError("template is not a PowerPoint file (no ppt/presentation.xml)")
            main = "ppt/presentation.xml"
        self.where = f"presentation part {main}"
        pres = pkg.xml(main, "presentation part")
        if pres.tag != P + "presentation":
            raise TemplateError(f"presentation part {main} is not a PowerPoint presentation")
        self.width, self.height = self.slide_size(pres, main)
        self.placeholders = Placeholders(self.width, self.height, self.styles, self.shapes)
        self.default_style = pres.find(P + "defaultTextStyle")
        ids = pres.find(P + "sldMasterIdLst")
        master_parts = [pkg.target(main, m.get(R + "id"), "slide master", "presentation part")
                        for m in (ids if ids is not None else []) if m.tag == P + "sldMasterId"]
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
        if not layouts:
            raise TemplateError("template has no slide layouts (its slide master lists none); a deck's slides are "
                                "put on the template's layouts: add some in the template's slide master view")
        self.where = "the template"
        self.check_titles_on_slide(layouts)
        self.check_notes_master(main)
        pkg.check_opens()
        first = masters[0]
        default_text = self.styles.levels([self.default_style], Colors(first.theme.colors, first.clr_map), first.theme.fonts)
        used = self.slide_layouts(main)
        layouts = [replace(lay, used=used.count(lay.part)) for lay in layouts]
        # The first of a template's own slides is its title slide; the others show the master
        # its owner writes content on (LibreOffice's templates: one title master, then others).
        by_part = {lay.part: lay.master for lay in layouts}
        usage: dict[int, int] = {}
        for part in (used[1:] or used):
            if part in by_part:
                usage[by_part[part]] = usage.get(by_part[part], 0) + 1
        from ..roles import master_preference

        # A master without layouts has nothing a slide can be put on: never the preferred one.
        preferred = master_preference([m for m in masters if m.layouts], layouts, usage)[0]
        kind = self.path.suffix.lower().lstrip(".") if self.path.suffix.lower() in SUFFIXES else "pptx"
        return Frame(self.path, self.width, self.height, tuple(masters), tuple(layouts), preferred, default_text, kind,
                     self.footer_text(main), package_data=self.data)

    def slide_size(self, pres, main: str) -> tuple[float, float]:
        sz = pres.find(P + "sldSz")
        width = emu(sz.get("cx")) if sz is not None else DEFAULT_WIDTH
        height = emu(sz.get("cy")) if sz is not None else DEFAULT_HEIGHT
        if not (1 <= width <= 56 * 72 and 1 <= height <= 56 * 72):  # PowerPoint allows 1 in … 56 in
            raise TemplateError(f"presentation part {main} gives an impossible slide size ({width:g} × {height:g} pt)")
        if width < MIN_SLIDE or height < MIN_SLIDE:
            raise TemplateError(f"template's slides are {width / 72:.3g} × {height / 72:.3g} in, too small for a deck: titles and "
                                f"text would not fit; deckbuild needs at least {MIN_SLIDE / 72:g} × {MIN_SLIDE / 72:g} in")
        return width, height

    def check_titles_on_slide(self, layouts: list[Layout]) -> None:
        """A template whose every title placeholder lies partly off its slide was made for another
        size (the slide size changed in the XML, not in PowerPoint, which would move them): every
        title of the deck would be off the slide."""
        titled = [lay for lay in layouts if lay.title is not None]
        if not titled or any(_mostly_inside(lay.title.box, self.width, self.height) for lay in titled):
            return
        lay, b = titled[0], titled[0].title.box
        raise TemplateError(f"template's title placeholders all lie off its {self.width / 72:.3g} × {self.height / 72:.3g} in slide "
                            f"(layout '{lay.name}': title at {b.x:.0f}, {b.y:.0f} pt, {b.w:.0f} × {b.h:.0f} pt); its layouts were made "
                            "for another slide size: set the size in the template's Slide Size dialog, which moves them")

    def check_notes_master(self, main: str) -> None:
        """Speaker notes are written into the notes master's body placeholder (python-pptx clones it
        onto each notes page): a notes master without one cannot take them."""
        for part in self.pkg.related(main, "/notesMaster")[:1]:
            root = self.pkg.xml(part, "notes master")
            tree = root.find(f"{P}cSld/{P}spTree")
            types = [el.find(f"{P}nvSpPr/{P}nvPr/{P}ph").get("type") for el in placeholder_elements(tree)]
            if "body" not in types:
                raise TemplateError(f"template's notes master {part} has no notes placeholder, so speaker notes cannot be "
                                    "written; restore it in the template's notes master view (Master Layout: Body)")

    def footer_text(self, main: str) -> str | None:
        """The footer its owner wrote on the template's own slides (PowerPoint keeps a deck's footer
        text on its slides, not its layouts): the first footer placeholder with text, among the first 20."""
        for slide in self.pkg.related(main, "/slide")[:20]:
            if slide not in self.pkg.names:
                continue
            root = self.pkg.xml(slide, "slide")
            for sp in root.iter(P + "sp"):
                ph = sp.find(f"{P}nvSpPr/{P}nvPr/{P}ph")
                if ph is not None and ph.get("type") == "ftr":
                    text = " ".join("".join(t.text or "" for t in p.iter(A + "t")) for p in sp.iter(A + "p")).strip()
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
        """A theme part → its Theme (colour scheme, fonts) and its themeElements (for the style matrix)."""
        if part is None:
            return DEFAULT_THEME, None
        root = self.pkg.xml(part, "theme")
        elements = root.find(A + "themeElements")
        colors = dict(DEFAULT_COLORS)
        fonts = ThemeFonts(None, None, None, None, None, None)
        if elements is not None:
            scheme = elements.find(A + "clrScheme")
            for el in scheme if scheme is not None else []:
                key = el.tag.replace(A, "")
                if key in colors:
                    c = Colors({}, {}).child(el)
                    if c is not None:
                        colors[key] = c.hex
            fs = elements.find(A + "fontScheme")
            if fs is not None:
                def face(kind: str, tag: str) -> str | None:
                    el = fs.find(f"{A}{kind}/{A}{tag}")
                    return (el.get("typeface") or None) if el is not None else None

                def hang(kind: str) -> str | None:
                    for el in fs.iterfind(f"{A}{kind}/{A}font"):
                        if el.get("script") == "Hang":
                            return el.get("typeface") or None
                    return None

                fonts = ThemeFonts(face("majorFont", "latin"), face("majorFont", "ea"), hang("majorFont"),
                                   face("minorFont", "latin"), face("minorFont", "ea"), hang("minorFont"))
        return Theme(part, root.get("name") or "", colors, fonts), elements

    def master(self, part: str, index: int) -> tuple[Master, list[Layout]]:
        pkg = self.pkg
        self.where = f"slide master {part}"
        root = pkg.xml(part, "slide master")
        if root.tag != P + "sldMaster":
            raise TemplateError(f"slide master {part} is not a slide master")
        theme_part = next(iter(pkg.related(part, "/theme")), None)
        theme, elements = self.theme(theme_part)
        fmt = elements.find(A + "fmtScheme") if elements is not None else None
        cm = root.find(P + "clrMap")
        clr_map = dict(IDENTITY_CLR_MAP)
        if cm is not None:
            clr_map.update({k: v for k, v in cm.attrib.items() if k in IDENTITY_CLR_MAP})
        colors = Colors(theme.colors, clr_map)
        styles = root.find(P + "txStyles")
        style_of = {k: (styles.find(P + k) if styles is not None else None) for k in ("titleStyle", "bodyStyle", "otherStyle")}
        ctx = PartContext(part, colors, theme.fonts, fmt, style_of, self.default_style, theme_part)
        csld = root.find(P + "cSld")
        tree = csld.find(P + "spTree") if csld is not None else None
        master_phs = placeholder_elements(tree)
        placeholders = tuple(self.placeholders.read(el, None, ctx) for el in master_phs)
        background = self.shapes.background(csld, ctx) or WHITE
        artwork = tuple(itertools.islice(self.shapes.artwork(tree, ctx, "master"), MAX_ARTWORK))
        lids = root.find(P + "sldLayoutIdLst")
        layout_parts = [pkg.target(part, lid.get(R + "id"), "slide layout", "slide master")
                        for lid in (lids if lids is not None else []) if lid.tag == P + "sldLayoutId"]
        if len(layout_parts) > MAX_LAYOUTS:
            raise TemplateError(f"slide master {part} has {len(layout_parts):,} layouts; the limit is {MAX_LAYOUTS:,}")
        levels = {k: self.styles.levels([style_of[k], self.default_style], colors, theme.fonts) for k in style_of}
        master = Master(part, (csld.get("name") if csld is not None else None) or "", index, theme, clr_map, placeholders,
                        background, artwork, tuple(layout_parts), levels["titleStyle"], levels["bodyStyle"], levels["otherStyle"])
        mctx = MasterPlaceholders(ctx, master_phs, background, artwork)
        layouts = [self.layout(lp, index, mctx) for lp in layout_parts]
        return master, layouts

    def layout(self, part: str, master_index: int, m: MasterPlaceholders) -> Layout:
        self.where = f"slide layout {part}"
        root = self.pkg.xml(part, "slide layout")
        if root.tag != P + "sldLayout":
            raise TemplateError(f"slide layout {part} is not a slide layout")
        ctx = m.ctx
        ovr = root.find(f"{P}clrMapOvr/{A}overrideClrMapping")
        if ovr is not None:
            clr_map = dict(ctx.colors.clr_map)
            clr_map.update({k: v for k, v in ovr.attrib.items() if k in IDENTITY_CLR_MAP})
            ctx = ctx.with_colors(Colors(ctx.colors.scheme, clr_map))
        ctx = ctx.with_part(part)
        csld = root.find(P + "cSld")
        tree = csld.find(P + "spTree") if csld is not None else None
        show = on(root.get("showMasterSp"))
        show = True if show is None else show
        placeholders = tuple(self.placeholders.read(el, m, ctx) for el in placeholder_elements(tree))
        background = self.shapes.background(csld, ctx) or m.background
        art = (m.artwork if show else ()) + tuple(itertools.islice(self.shapes.artwork(tree, ctx, "layout"), MAX_ARTWORK))
        return Layout(part, (csld.get("name") if csld is not None else None) or "", root.get("type") or "cust", master_index,
                      placeholders, background, art, show, ctx.colors.clr_map)


def _mostly_inside(box, width: float, height: float) -> bool:
    """Nine tenths of the box lie on the slide (its centre, for a box without area)."""
    w = max(0.0, min(box.right, width) - max(box.x, 0.0))
    h = max(0.0, min(box.bottom, height) - max(box.y, 0.0))
    if box.w <= 0 or box.h <= 0:
        return 0 <= box.x + box.w / 2 <= width and 0 <= box.y + box.h / 2 <= height
    return w * h >= 0.9 * box.w * box.h
