"""Placeholder geometry and text through inheritance: a layout's placeholder takes what it does
not set from the master's placeholder of the same kind (§19.3.1.36: by type), its text styles
from the layers `styles.TextStyles` merges.

In: a `p:sp` element with a `p:ph`, the master's placeholders (`MasterPlaceholders`, None when
reading the master itself) and the part's `PartContext`. Out: `frame.Placeholder`.
"""

from __future__ import annotations

from ..frame import FOOTER_TYPES, Box, Insets, Placeholder
from .context import PartContext
from .ooxml import A, P, emu, int_, on
from .shapes import Shapes, name, xfrm_box
from .styles import TextStyles


def master_kind(type_: str) -> str:
    """The master placeholder kind a placeholder type inherits from: title, a footer type, or body."""
    if type_ in ("title", "ctrTitle"):
        return "title"
    if type_ in FOOTER_TYPES:
        return type_
    return "body"


def placeholder_elements(tree) -> list:
    """The placeholder shapes among a shape tree's direct children, in drawing order."""
    out = []
    for el in tree if tree is not None else []:
        if el.tag == P + "sp" and el.find(f"{P}nvSpPr/{P}nvPr/{P}ph") is not None:
            out.append(el)
    return out


class MasterPlaceholders:
    """A master's context and placeholder elements, by kind, for its layouts to inherit from."""

    def __init__(self, ctx: PartContext, placeholders: list, background, artwork: tuple):
        self.ctx, self.background, self.artwork = ctx, background, artwork
        self.by_kind: dict[str, object] = {}
        for el in placeholders:
            kind = master_kind(el.find(f"{P}nvSpPr/{P}nvPr/{P}ph").get("type") or "obj")
            self.by_kind.setdefault(kind, el)

    def match(self, type_: str):
        """The master placeholder a layout placeholder inherits from (§19.3.1.36: by type)."""
        return self.by_kind.get(master_kind(type_))


class Placeholders:
    """Reads placeholders of one template (its slide size fills a box given nowhere)."""

    def __init__(self, width: float, height: float, styles: TextStyles, shapes: Shapes):
        self.width, self.height, self.styles, self.shapes = width, height, styles, shapes

    def read(self, el, m: MasterPlaceholders | None, ctx: PartContext) -> Placeholder:
        ph = el.find(f"{P}nvSpPr/{P}nvPr/{P}ph")
        type_ = ph.get("type") or "obj"
        idx = int_(ph.get("idx"), 0) or 0
        parent = m.match(type_) if m is not None else None
        chain = [el] + ([parent] if parent is not None else [])
        box, inherited = None, False
        for n, shape in enumerate(chain):
            box = xfrm_box(shape.find(f"{P}spPr/{A}xfrm"))
            if box is not None:
                inherited = n > 0
                break
        if box is None:  # nowhere in the chain: PowerPoint then fills the slide
            box = Box(0.0, 0.0, self.width, self.height)
        bodies = [s.find(f"{P}txBody/{A}bodyPr") for s in chain]

        def body_attr(attr: str):
            return next((b.get(attr) for b in bodies if b is not None and b.get(attr) is not None), None)

        insets = Insets(emu(body_attr("lIns"), 7.2), emu(body_attr("tIns"), 3.6), emu(body_attr("rIns"), 7.2), emu(body_attr("bIns"), 3.6))
        autofit, scale = "none", None
        for b in bodies:
            if b is None:
                continue
            if b.find(A + "normAutofit") is not None:
                fs = int_(b.find(A + "normAutofit").get("fontScale"))
                autofit, scale = "normal", (fs / 100000 if fs else None)
                break
            if b.find(A + "spAutoFit") is not None:
                autofit = "shape"
                break
            if b.find(A + "noAutofit") is not None:
                break
        style_key = "titleStyle" if type_ in ("title", "ctrTitle") else "otherStyle" if type_ in FOOTER_TYPES else "bodyStyle"
        # The prompt text's own properties come after the text styles: PowerPoint's files carry
        # none there, but LibreOffice writes its masters without txStyles and styles the prompts.
        layers = ([s.find(f"{P}txBody/{A}lstStyle") for s in chain] + [ctx.style_of.get(style_key)]
                  + [self.styles.prompt_style(s) for s in chain] + [ctx.default_style])
        levels = self.styles.levels(layers, ctx.colors, ctx.fonts)
        fill = None
        for n, shape in enumerate(chain):
            # The master's shape relates its pictures from the master part; colours keep the layout's map.
            f = self.shapes.shape_fill(shape, ctx if n == 0 else ctx.with_part(m.ctx.part))
            if f is not None:
                fill = None if f.kind == "none" else f
                break
        prompt = None
        if on(ph.get("hasCustomPrompt")):
            prompt = "\n".join("".join(t.text or "" for t in p.iter(A + "t")) for p in el.iterfind(f"{P}txBody/{A}p")).strip() or None
        return Placeholder(
            type=type_, idx=idx, name=name(el, "nvSpPr"), box=box, orient=ph.get("orient") or "horz", size=ph.get("sz") or "full",
            insets=insets, anchor=body_attr("anchor") or "t", anchor_center=bool(on(body_attr("anchorCtr"))),
            wrap=body_attr("wrap") != "none", vertical=body_attr("vert") or "horz", autofit=autofit, font_scale=scale,
            levels=levels, fill=fill, inherited=inherited, prompt=prompt,
        )
