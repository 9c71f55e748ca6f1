"""The Frame: what a deck is drawn into (a template's size, masters, layouts with their
placeholders and inherited styles, theme, backgrounds and artwork, or deckbuild's default),
as frozen data in points, y downward from the slide's top-left."""

from __future__ import annotations

import colorsys
import io
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_WIDTH, DEFAULT_HEIGHT = 960.0, 540.0  # deckbuild's own 13.333 × 7.5 in slide
ROLES = ("title", "section", "content", "two", "title-only", "closing")


@dataclass(frozen=True)
class Box:
    """A rectangle in points, y downward from the slide's top-left."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class Color:
    """A resolved colour: `hex` is what it shows; `scheme` the scheme name written in the file
    (accent1, tx1, bg2 …, before the master's clrMap), so a deck can write the same reference;
    `mods` the DrawingML transforms written with it (lumMod, lumOff, tint, shade, alpha …)."""

    hex: str  # "#RRGGBB"
    scheme: str | None = None
    mods: tuple[tuple[str, int], ...] = ()
    alpha: float = 1.0


@dataclass(frozen=True)
class Image:
    """A picture stored in the template."""

    part: str  # e.g. ppt/media/image1.png
    content_type: str  # image/png, image/jpeg, image/svg+xml …
    data: bytes = field(repr=False)

    def average(self) -> str | None:
        """The picture's mean colour as "#RRGGBB" (what text on it must contrast with); None
        when Pillow cannot read it (EMF, SVG) or it is over the 50-megapixel image limit."""
        import warnings

        from PIL import Image as PILImage

        from .limits import MAX_IMAGE_PIXELS

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
                with PILImage.open(io.BytesIO(self.data)) as im:
                    if im.width * im.height > MAX_IMAGE_PIXELS:
                        return None
                    im.draft("RGB", (64, 64))  # JPEG: decode at a fraction of the size
                    rgb = im.convert("RGBA").resize((1, 1), PILImage.Resampling.BOX).getpixel((0, 0))
        except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError):
            return None
        r, g, b, a = rgb
        # Transparent parts show what is behind; white stands in for it here.
        mix = [round((c * a + 255 * (255 - a)) / 255) for c in (r, g, b)]
        return "#" + "".join(f"{c:02X}" for c in mix)


@dataclass(frozen=True)
class GradientStop:
    position: float  # 0 … 1
    color: Color


@dataclass(frozen=True)
class Fill:
    """A shape's or background's fill. kind: none | solid | gradient | picture | pattern."""

    kind: str
    color: Color | None = None  # solid; pattern foreground
    stops: tuple[GradientStop, ...] = ()  # gradient
    angle: float | None = None  # gradient direction in degrees (0 = left to right), None = path/radial
    image: Image | None = None  # picture
    tile: bool = False  # picture tiled rather than stretched

    @property
    def representative(self) -> str | None:
        """One hex colour that stands for the fill (contrast checks); None for none/picture."""
        if self.kind in ("solid", "pattern") and self.color:
            return self.color.hex
        if self.kind == "gradient" and self.stops:
            rgb = [tuple(int(s.color.hex[i:i + 2], 16) for i in (1, 3, 5)) for s in self.stops]
            return "#" + "".join(f"{round(sum(c[k] for c in rgb) / len(rgb)):02X}" for k in range(3))
        return None


WHITE = Fill("solid", Color("#FFFFFF", None))
NO_FILL = Fill("none")


@dataclass(frozen=True)
class Spacing:
    """Line or paragraph spacing: a share of the line (1.0 = single) or points."""

    percent: float | None = None
    points: float | None = None


@dataclass(frozen=True)
class TextStyle:
    """The effective style of one text level of a placeholder (or a master text style)."""

    level: int  # 1 … 3
    size: float  # pt
    bold: bool
    italic: bool
    color: Color
    align: str  # l | ctr | r | just | dist
    latin: str | None  # typeface, theme references (+mj-lt …) resolved
    ea: str | None
    mar_l: float  # pt
    indent: float  # pt (negative: hanging)
    bullet: str | None  # the bullet character, "1." style for auto-numbering, None = no bullet
    bullet_font: str | None = None
    bullet_color: Color | None = None  # None: the text's colour
    bullet_size: float | None = None  # share of the text size
    line_spacing: Spacing | None = None
    space_before: Spacing | None = None
    space_after: Spacing | None = None


@dataclass(frozen=True)
class Insets:
    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True)
class Placeholder:
    """A placeholder of a layout or master, its geometry and text resolved through inheritance."""

    type: str  # title | ctrTitle | subTitle | body | obj | dt | ftr | sldNum | pic | chart | tbl | …
    idx: int
    name: str
    box: Box
    orient: str  # horz | vert
    size: str  # full | half | quarter
    insets: Insets
    anchor: str  # t | ctr | b | just | dist
    anchor_center: bool
    wrap: bool
    vertical: str  # bodyPr vert: horz | vert | eaVert …
    autofit: str  # none | normal (shrink text on overflow) | shape (grow the shape)
    font_scale: float | None  # normAutofit fontScale as a share, if written
    levels: tuple[TextStyle, ...]  # levels 1, 2, 3
    fill: Fill | None  # the placeholder's own fill, None when it has none
    inherited: bool  # geometry taken from the master's placeholder
    prompt: str | None = None  # the layout's custom prompt text, if any

    @property
    def is_title(self) -> bool:
        return self.type in ("title", "ctrTitle")

    @property
    def is_content(self) -> bool:
        return self.type in CONTENT_TYPES


CONTENT_TYPES = ("body", "obj", "tbl", "chart", "pic", "dgm", "media", "clipArt")
FOOTER_TYPES = ("dt", "ftr", "sldNum", "hdr")


@dataclass(frozen=True)
class Artwork:
    """A non-placeholder shape the slide shows behind its content, in drawing order."""

    origin: str  # master | layout
    kind: str  # picture | shape | line
    name: str
    box: Box
    geometry: str  # rect, roundRect, ellipse … (prstGeom), custGeom (drawn as its bounding box), picture
    fill: Fill | None  # a shape's fill (None = no fill); a picture's image is in `image`
    line: Color | None = None
    line_width: float | None = None  # pt
    image: Image | None = None
    rotation: float = 0.0  # degrees clockwise
    text: str | None = None  # static text, paragraphs joined by "\n"
    text_size: float | None = None
    text_color: Color | None = None
    text_bold: bool = False
    text_align: str = "l"


@dataclass(frozen=True)
class ThemeFonts:
    major_latin: str | None
    major_ea: str | None
    major_hang: str | None  # the script font for Hangul (a:font script="Hang")
    minor_latin: str | None
    minor_ea: str | None
    minor_hang: str | None


@dataclass(frozen=True)
class Theme:
    part: str | None
    name: str
    colors: dict[str, str]  # dk1 lt1 dk2 lt2 accent1-6 hlink folHlink → "#RRGGBB"
    fonts: ThemeFonts


@dataclass(frozen=True)
class Master:
    part: str
    name: str
    index: int  # 0-based, in presentation order
    theme: Theme
    clr_map: dict[str, str]  # bg1 tx1 bg2 tx2 accent1 … → dk1 lt1 …
    placeholders: tuple[Placeholder, ...]
    background: Fill
    artwork: tuple[Artwork, ...]
    layouts: tuple[str, ...]  # part names of its layouts, in order
    title_style: tuple[TextStyle, ...]  # txStyles/titleStyle, levels 1-3
    body_style: tuple[TextStyle, ...]
    other_style: tuple[TextStyle, ...]

    def placeholder(self, type_: str) -> Placeholder | None:
        return next((p for p in self.placeholders if p.type == type_), None)


@dataclass(frozen=True)
class Layout:
    part: str
    name: str
    type: str  # sldLayout/@type (title, secHead, obj, twoObj, titleOnly, blank …; cust when absent)
    master: int  # index into Frame.masters
    placeholders: tuple[Placeholder, ...]  # in drawing order; only the layout's own (a slide shows these)
    background: Fill  # the layout's own, else its master's
    artwork: tuple[Artwork, ...]  # the master's (unless show_master_shapes is false), then the layout's
    show_master_shapes: bool
    clr_map: dict[str, str]  # the master's, with the layout's clrMapOvr applied
    used: int = 0  # how many of the template's own slides use it: its owner's choice

    def placeholder(self, type_: str, idx: int | None = None) -> Placeholder | None:
        return next((p for p in self.placeholders if p.type == type_ and (idx is None or p.idx == idx)), None)

    @property
    def title(self) -> Placeholder | None:
        return next((p for p in self.placeholders if p.is_title), None)

    @property
    def subtitle(self) -> Placeholder | None:
        return self.placeholder("subTitle")

    @property
    def bodies(self) -> tuple[Placeholder, ...]:
        """Content placeholders (body, obj, tbl, chart, pic …), top-left first."""
        return tuple(sorted((p for p in self.placeholders if p.is_content), key=lambda p: (round(p.box.y), p.box.x)))

    @property
    def footer(self) -> Placeholder | None:
        return self.placeholder("ftr")

    @property
    def date(self) -> Placeholder | None:
        return self.placeholder("dt")

    @property
    def slide_number(self) -> Placeholder | None:
        return self.placeholder("sldNum")


@dataclass(frozen=True)
class Frame:
    """What a deck is drawn into: the template's size, masters, layouts and theme (or the default)."""

    source: Path | None
    width: float  # pt
    height: float  # pt
    masters: tuple[Master, ...]
    layouts: tuple[Layout, ...]  # every layout of every master, master by master
    preferred_master: int  # the master a deck should use where it has a layout (see `master_preference`)
    default_text: tuple[TextStyle, ...]  # presentation defaultTextStyle, levels 1-3 (text boxes)
    kind: str = "pptx"  # pptx | potx | pptm | potm | none
    footer_text: str | None = None  # the footer written on the template's own slides, if any
    # The template file's bytes as read once: `template.package_of` makes the deck's package
    # from them (no second read of a file that may have changed since). Not compared: the
    # parts above say what the Frame is.
    package_data: bytes | None = field(default=None, repr=False, compare=False)

    @property
    def theme(self) -> Theme:
        return self.masters[self.preferred_master].theme if self.masters else DEFAULT_THEME

    @property
    def layout_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(lay.name for lay in self.layouts))

    def layout_named(self, name: str) -> Layout | None:
        """The layout of that name; of several, the preferred master's, else the first."""
        found = [lay for lay in self.layouts if lay.name == name]
        preferred = [lay for lay in found if lay.master == self.preferred_master]
        return (preferred or found or [None])[0]


DEFAULT_COLORS = {
    "dk1": "#000000", "lt1": "#FFFFFF", "dk2": "#44546A", "lt2": "#E7E6E6", "accent1": "#4472C4",
    "accent2": "#ED7D31", "accent3": "#A5A5A5", "accent4": "#FFC000", "accent5": "#5B9BD5",
    "accent6": "#70AD47", "hlink": "#0563C1", "folHlink": "#954F72",
}
DEFAULT_THEME = Theme(None, "Office", dict(DEFAULT_COLORS), ThemeFonts(None, None, None, None, None, None))
IDENTITY_CLR_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2", **{f"accent{i}": f"accent{i}" for i in range(1, 7)},
                 "hlink": "hlink", "folHlink": "folHlink"}


def default_frame() -> Frame:
    """No template: deckbuild's own 960 × 540 pt slide, no masters or placeholders."""
    return Frame(None, DEFAULT_WIDTH, DEFAULT_HEIGHT, (), (), 0, _default_levels(), "none")


def _default_levels() -> tuple[TextStyle, ...]:
    black = Color("#000000", "tx1")
    return tuple(TextStyle(n, 18.0, False, False, black, "l", None, None, 0.0, 0.0, None) for n in (1, 2, 3))


def apply_mods(hex_: str, mods: tuple[tuple[str, int], ...]) -> tuple[str, float]:
    """DrawingML colour transforms (§20.1.2.3) in the order written; luminance ones in HSL,
    tint/shade as LibreOffice applies them (towards white/black in HSL lightness)."""
    r, g, b = (int(hex_[i:i + 2], 16) / 255 for i in (1, 3, 5))
    alpha = 1.0
    for name, val in mods:
        v = val / 100000
        h, light, s = colorsys.rgb_to_hls(r, g, b)
        if name == "lumMod":
            light = light * v
        elif name == "lumOff":
            light = light + v
        elif name == "tint":
            light = light * v + (1 - v)
        elif name == "shade":
            light = light * v
        elif name == "satMod":
            s = s * v
        elif name == "alpha":
            alpha = v
            continue
        elif name == "inv":
            r, g, b = 1 - r, 1 - g, 1 - b
            continue
        else:
            continue
        r, g, b = colorsys.hls_to_rgb(h, max(0.0, min(1.0, light)), max(0.0, min(1.0, s)))
    return rgb_hex(r, g, b), alpha


def rgb_hex(r: float, g: float, b: float) -> str:
    """0–1 channels → "#RRGGBB"."""
    return "#" + "".join(f"{max(0, min(255, round(c * 255))):02X}" for c in (r, g, b))
