"""What a slide shows behind its content: backgrounds, the theme's style-matrix fills, and the
masters' and layouts' own shapes, pictures and lines (the artwork handout thumbnails redraw).

In: lxml elements of a master or layout (cSld/bg, spTree children, spPr fills) and the
`PartContext` that resolves their colours and relationships. Out: `frame.Fill`, `frame.Artwork`
and `frame.Image` (one per picture part, its pixel count checked before anything decodes it).
"""

from __future__ import annotations

import io
from typing import Iterable

from ..frame import NO_FILL, WHITE, Artwork, Box, Color, Fill, GradientStop, Image
from ..limits import MAX_IMAGE_PIXELS
from .context import PartContext
from .ooxml import A, P, R, emu, int_, on
from .package import Package, TemplateError
from .styles import TextStyles

FILL_TAGS = ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill")


class Shapes:
    """Fills and artwork of the parts of one package; one `Image` per picture part."""

    def __init__(self, pkg: Package, styles: TextStyles):
        self.pkg, self.styles = pkg, styles
        self.images: dict[str, Image] = {}  # one copy of a picture however many layouts show it

    def image(self, target: str) -> Image:
        if target not in self.images:
            data = self.pkg.read(target, "picture")
            check_pixels(target, data)
            self.images[target] = Image(target, self.pkg.content_type(target), data)
        return self.images[target]

    def fill(self, el, ctx: PartContext, ph: Color | None = None) -> Fill | None:
        """A fill element (solidFill, gradFill, blipFill, pattFill, noFill) → Fill."""
        if el is None:
            return None
        tag = el.tag.replace(A, "")
        if tag == "noFill":
            return NO_FILL
        if tag == "solidFill":
            c = next((ctx.colors.of(x, ph) for x in el), None)
            return Fill("solid", c) if c else None
        if tag == "gradFill":
            stops = []
            for gs in el.iterfind(f"{A}gsLst/{A}gs"):
                c = next((ctx.colors.of(x, ph) for x in gs), None)
                if c is not None:
                    stops.append(GradientStop(int_(gs.get("pos"), 0) / 100000, c))
            stops.sort(key=lambda s: s.position)
            lin = el.find(A + "lin")
            angle = int_(lin.get("ang"), 0) / 60000 if lin is not None else None
            return Fill("gradient", stops[0].color if stops else None, tuple(stops), angle) if stops else None
        if tag == "blipFill":
            blip = el.find(A + "blip")
            rid = blip.get(R + "embed") if blip is not None else None
            if not rid:
                return None
            target = self.pkg.target(ctx.part, rid, "picture", owner(ctx.part))
            return Fill("picture", image=self.image(target), tile=el.find(A + "tile") is not None)
        if tag == "pattFill":
            c = ctx.colors.child(el.find(A + "fgClr"))
            return Fill("pattern", c) if c else None
        return None

    def background(self, csld, ctx: PartContext) -> Fill | None:
        """A master's or layout's own background (cSld/bg); None when it has none."""
        bg = csld.find(P + "bg") if csld is not None else None
        if bg is None:
            return None
        fill = None
        pr = bg.find(P + "bgPr")
        ref = bg.find(P + "bgRef")
        if pr is not None:
            fill = next((self.fill(el, ctx) for el in pr if el.tag.replace(A, "") in FILL_TAGS), None)
        elif ref is not None:
            fill = self.style_fill(int_(ref.get("idx"), 0) or 0, ctx.colors.child(ref), ctx)
        else:
            return None
        # A slide without a fill shows white (PowerPoint and LibreOffice alike).
        return WHITE if fill is None or fill.kind == "none" else fill

    def style_fill(self, idx: int, ph: Color | None, ctx: PartContext) -> Fill | None:
        """A fill from the theme's style matrix: 1-999 fillStyleLst, 1001+ bgFillStyleLst (§20.1.4.2.10)."""
        if idx == 0 or ctx.fmt is None:
            return NO_FILL if idx == 0 else None
        lst = ctx.fmt.find(A + ("bgFillStyleLst" if idx > 1000 else "fillStyleLst"))
        n = idx - 1001 if idx > 1000 else idx - 1
        items = [x for x in lst] if lst is not None else []
        if not 0 <= n < len(items):
            return None
        # The style matrix lives in the theme part: its pictures are related from there.
        theme_ctx = ctx.with_part(ctx.theme_part) if ctx.theme_part else ctx
        return self.fill(items[n], theme_ctx, ph)

    def shape_fill(self, shape, ctx: PartContext) -> Fill | None:
        sppr = shape.find(P + "spPr")
        for el in sppr if sppr is not None else []:
            if el.tag.replace(A, "") in FILL_TAGS:
                return self.fill(el, ctx)
        ref = shape.find(f"{P}style/{A}fillRef")
        if ref is not None:
            return self.style_fill(int_(ref.get("idx"), 0) or 0, ctx.colors.child(ref), ctx)
        return None

    def artwork(self, tree, ctx: PartContext, origin: str, transform=None) -> Iterable[Artwork]:
        """The non-placeholder shapes of a shape tree, in drawing order, groups flattened."""
        for el in tree if tree is not None else []:
            tag = el.tag.replace(P, "")
            if tag == "sp" and el.find(f"{P}nvSpPr/{P}nvPr/{P}ph") is None:
                art = self.shape(el, ctx, origin, transform)
            elif tag == "pic":
                art = self.picture(el, ctx, origin, transform)
            elif tag == "cxnSp":
                art = self.connector(el, ctx, origin, transform)
            elif tag == "grpSp":
                yield from self.artwork(el, ctx, origin, group_transform(el, transform))
                continue
            else:
                continue
            if art is not None:
                yield art

    def shape(self, el, ctx: PartContext, origin: str, transform) -> Artwork | None:
        box = place(xfrm_box(el.find(f"{P}spPr/{A}xfrm")), transform)
        if box is None:
            return None
        sppr = el.find(P + "spPr")
        geom = sppr.find(A + "prstGeom")
        geometry = geom.get("prst", "rect") if geom is not None else ("custGeom" if sppr.find(A + "custGeom") is not None else "rect")
        fill = self.shape_fill(el, ctx)
        line, width = self.line(el, ctx)
        text, size, color, bold, align = self.static_text(el, ctx)
        if (fill is None or fill.kind == "none") and line is None and not text:
            return None
        return Artwork(origin, "shape", name(el, "nvSpPr"), box, geometry, None if fill is None or fill.kind == "none" else fill,
                       line, width, None, rot(el.find(f"{P}spPr/{A}xfrm")), text, size, color, bold, align)

    def picture(self, el, ctx: PartContext, origin: str, transform) -> Artwork | None:
        box = place(xfrm_box(el.find(f"{P}spPr/{A}xfrm")), transform)
        blip = el.find(f"{P}blipFill/{A}blip")
        rid = blip.get(R + "embed") if blip is not None else None
        if box is None or not rid:
            return None
        target = self.pkg.target(ctx.part, rid, "picture", owner(ctx.part))
        image = self.image(target)
        return Artwork(origin, "picture", name(el, "nvPicPr"), box, "picture", None, image=image, rotation=rot(el.find(f"{P}spPr/{A}xfrm")))

    def connector(self, el, ctx: PartContext, origin: str, transform) -> Artwork | None:
        box = place(xfrm_box(el.find(f"{P}spPr/{A}xfrm")), transform)
        line, width = self.line(el, ctx)
        if box is None or line is None:
            return None
        return Artwork(origin, "line", name(el, "nvCxnSpPr"), box, "line", None, line, width)

    def line(self, el, ctx: PartContext) -> tuple[Color | None, float | None]:
        ln = el.find(f"{P}spPr/{A}ln")
        if ln is not None:
            if ln.find(A + "noFill") is not None:
                return None, None
            solid = ln.find(A + "solidFill")
            if solid is not None:
                return ctx.colors.child(solid), emu(ln.get("w"), 0.75)
        ref = el.find(f"{P}style/{A}lnRef")
        if ref is not None and (int_(ref.get("idx"), 0) or 0) > 0:
            return ctx.colors.child(ref), emu(ln.get("w") if ln is not None else None, 0.75)
        return None, None

    def static_text(self, el, ctx: PartContext):
        """A shape's own text (a logo's wordmark, a band's label): text, size, colour, bold, alignment."""
        body = el.find(P + "txBody")
        if body is None:
            return None, None, None, False, "l"
        paras = ["".join(t.text or "" for t in p.iter(A + "t")) for p in body.iterfind(A + "p")]
        text = "\n".join(paras).strip()
        if not text:
            return None, None, None, False, "l"
        run = next(body.iter(A + "rPr"), None)
        lst = body.find(A + "lstStyle")
        lvl = self.styles.levels([lst, ctx.style_of.get("otherStyle"), ctx.default_style], ctx.colors, ctx.fonts)[0]
        size, color, bold = lvl.size, lvl.color, lvl.bold
        if run is not None:
            size = int_(run.get("sz"), round(size * 100)) / 100
            bold = bool(on(run.get("b"))) if run.get("b") is not None else bold
            c = ctx.colors.child(run.find(A + "solidFill"))
            color = c or color
        else:
            ref = el.find(f"{P}style/{A}fontRef")
            color = ctx.colors.child(ref) or color
        ppr = next(body.iter(A + "pPr"), None)
        align = (ppr.get("algn") if ppr is not None else None) or lvl.align
        return text, size, color, bold, align


def check_pixels(part: str, data: bytes) -> None:
    """Refuse a picture over the image limit from its header, before anything decodes it (the
    handout's thumbnails and the background's average colour would). Formats Pillow does not
    read as pixels (EMF, WMF, SVG) pass: nothing here decodes them."""
    import warnings

    from PIL import Image as PILImage

    limit = f"the limit is {MAX_IMAGE_PIXELS // 1_000_000} megapixels; use a smaller picture in the template"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as im:
                width, height = im.size
    except PILImage.DecompressionBombError:
        raise TemplateError(f"picture {part} has more than {2 * (PILImage.MAX_IMAGE_PIXELS or 0) // 1_000_000} megapixels; {limit}") from None
    except Exception:  # noqa: BLE001 — not a picture Pillow reads: nothing decodes it as pixels
        return
    if width * height > MAX_IMAGE_PIXELS:
        raise TemplateError(f"picture {part} is {width:,} × {height:,} pixels ({width * height / 1e6:,.0f} megapixels); {limit}")


def owner(part: str) -> str:
    """What kind of part a name is, for messages."""
    if "slideLayout" in part:
        return "slide layout"
    if "slideMaster" in part:
        return "slide master"
    if "theme" in part:
        return "theme"
    return "part"


def name(el, nv: str) -> str:
    c = el.find(f"{P}{nv}/{P}cNvPr")
    return c.get("name", "") if c is not None else ""


def xfrm_box(xfrm) -> Box | None:
    """An a:xfrm's offset and extent as a Box in points."""
    if xfrm is None:
        return None
    off, ext = xfrm.find(A + "off"), xfrm.find(A + "ext")
    if off is None or ext is None:
        return None
    return Box(emu(off.get("x")), emu(off.get("y")), emu(ext.get("cx")), emu(ext.get("cy")))


def rot(xfrm) -> float:
    return (int_(xfrm.get("rot"), 0) or 0) / 60000 if xfrm is not None else 0.0


def group_transform(grp, outer):
    """Child → parent coordinates of a group (§20.1.7.5: chOff/chExt map onto off/ext)."""
    xfrm = grp.find(f"{P}grpSpPr/{A}xfrm")
    if xfrm is None:
        return outer
    box = xfrm_box(xfrm)
    cho, che = xfrm.find(A + "chOff"), xfrm.find(A + "chExt")
    if box is None or cho is None or che is None:
        return outer
    cx, cy, cw, ch = emu(cho.get("x")), emu(cho.get("y")), emu(che.get("cx")), emu(che.get("cy"))
    sx = box.w / cw if cw else 1.0
    sy = box.h / ch if ch else 1.0
    inner = (box.x - cx * sx, box.y - cy * sy, sx, sy)
    if outer is None:
        return inner
    ox, oy, osx, osy = outer
    return (ox + inner[0] * osx, oy + inner[1] * osy, inner[2] * osx, inner[3] * osy)


def place(box: Box | None, transform) -> Box | None:
    if box is None or transform is None:
        return box
    tx, ty, sx, sy = transform
    return Box(tx + box.x * sx, ty + box.y * sy, box.w * sx, box.h * sy)
