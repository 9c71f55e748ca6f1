"""Frame × role → SlideGrid: where a slide of each role puts its title, body, other content, footer,
date and number — in which inherited sizes, colours, insets and anchors — over which backdrop, and
the colour roles taken from the template's theme; deckbuild's own grid where there is no template.

Layout asks this module where things go and measures text into those areas; nothing else reads
the Frame's placeholders.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace

from . import frame as f
from .frame import apply_mods
from .plan import Artwork, Backdrop, Color, Placeholder
from .roles import RoleChoice, choose_layouts

W0, H0 = f.DEFAULT_WIDTH, f.DEFAULT_HEIGHT
# deckbuild's own grid on its 960 × 540 pt slide: 0.6 in margins, a title band, a content area, a footer.
MARGIN = 43.2
TITLE_Y, TITLE_H = 26.0, 80.0
BAR_Y = 112.0
CONTENT_Y, CONTENT_H = 130.0, 346.0
FOOTER_Y, FOOTER_H = 492.0, 22.0
TITLE_SIZE = 32.0
_ALIGN = {"l": "l", "ctr": "c", "r": "r", "just": "l", "dist": "l"}
_ANCHOR = {"t": "t", "ctr": "m", "b": "b", "just": "t", "dist": "t"}


@dataclass(frozen=True)
class Area:
    """A box text or content is laid out in; where it is a placeholder, that placeholder's insets,
    anchor and inherited style."""

    x: float
    y: float
    w: float
    h: float
    inset: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    anchor: str = "t"
    sizes: tuple[float, ...] = ()  # inherited text size of levels 1-3 (pt); () = deckbuild's choice
    bold: bool | None = None
    color: Color | None = None
    align: str = "l"
    placeholder: Placeholder | None = None
    fill: str | None = None  # the placeholder's own fill (hex), drawn behind its text wherever the slide puts it

    @property
    def size(self) -> float | None:
        return self.sizes[0] if self.sizes else None

    @property
    def inner(self) -> tuple[float, float, float, float]:
        """x, y, w, h of the text area inside the insets."""
        l, t, r, b = self.inset
        return self.x + l, self.y + t, self.w - l - r, self.h - t - b

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class SlideGrid:
    role: str
    layout: str | None  # the template layout's part name; None: deckbuild's own slide
    title: Area
    content: Area  # where a slide's content goes (the body placeholder's area, or below the title)
    bodies: tuple[Area, ...] = ()  # the layout's body placeholders, top-left first (text goes in them)
    subtitle: Area | None = None
    footer: Area | None = None
    number: Area | None = None
    date: Area | None = None
    backdrop: Backdrop = field(default_factory=lambda: Backdrop(Color("#FFFFFF")))
    background: str = "#FFFFFF"  # what lies behind text where nothing else does
    # Opaque artwork, in drawing order: (x, y, w, h, its colours (a gradient's stops), a picture's colour grid,
    # or a linear gradient's (angle, position, hex …), or ()).
    behind: tuple[tuple[float, float, float, float, tuple[str, ...], tuple], ...] = ()
    ground: tuple[str, ...] = ()  # a gradient background's stops (else `background` alone)
    own: bool = True  # deckbuild's own grid: its accent bar and footer rule are drawn
    picture: tuple[tuple[str, ...], ...] = ()  # a background picture's colours on a coarse grid (rows of hex), if any
    size: tuple[float, float] = (W0, H0)

    @property
    def body(self) -> Area | None:
        return self.bodies[0] if self.bodies else None

    def fill_of(self, ph: Placeholder | None) -> str | None:
        """The fill a placeholder of this grid carries behind its text (inherited from the layout or
        master), if any: it lies behind the text wherever the slide puts the placeholder."""
        if ph is None:
            return None
        for a in (self.title, self.subtitle, *self.bodies, self.footer, self.number, self.date):
            if a is not None and a.placeholder is not None and (a.placeholder.type, a.placeholder.idx) == (ph.type, ph.idx):
                return a.fill
        return None

    def behind_box(self, x: float, y: float, w: float, h: float) -> tuple[str, ...]:
        """The colours behind a box: the topmost artwork under its middle (every stop of a gradient, a
        picture's colours under the box), else the background (every stop of its gradient, its
        picture's colours under the box)."""
        cx, cy = x + w / 2, y + h / 2
        for ax, ay, aw, ah, colours, grid in reversed(self.behind):
            if ax <= cx <= ax + aw and ay <= cy <= ay + ah:
                if grid and isinstance(grid[0], float):  # a linear gradient: (angle, position, hex, position, hex …)
                    return _along(grid, (ax, ay, aw, ah), (x, y, w, h))
                return _cells(grid, (x - ax, y - ay, w, h), (aw, ah)) or colours
        if self.picture:
            found = _cells(self.picture, (x, y, w, h), self.size)
            if found:
                return found
        return self.ground or (self.background,)


def _along(gradient: tuple, area: tuple[float, float, float, float], box: tuple[float, float, float, float]) -> tuple[str, ...]:
    """The colours of a linear gradient filling `area` that lie under `box`: the colours where the box
    begins and ends along the gradient's direction, and every stop between."""
    import math

    angle, flat = gradient[0], gradient[1:]
    stops = [(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]
    ax, ay, aw, ah = area
    dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    corners = [(ax + i * aw, ay + j * ah) for i in (0, 1) for j in (0, 1)]
    lo, hi = min(px * dx + py * dy for px, py in corners), max(px * dx + py * dy for px, py in corners)
    x, y, w, h = box
    t = [((px * dx + py * dy) - lo) / ((hi - lo) or 1.0) for px, py in ((x + i * w, y + j * h) for i in (0, 1) for j in (0, 1))]
    t0, t1 = max(0.0, min(t)), min(1.0, max(t))

    def at(v: float) -> str:
        below = [s for s in stops if s[0] <= v] or stops[:1]
        above = [s for s in stops if s[0] >= v] or stops[-1:]
        (p0, c0), (p1, c1) = below[-1], above[0]
        k = 0.0 if p1 == p0 else (v - p0) / (p1 - p0)
        rgb = [round(int(c0[i:i + 2], 16) * (1 - k) + int(c1[i:i + 2], 16) * k) for i in (1, 3, 5)]
        return "#" + "".join(f"{c:02X}" for c in rgb)

    return tuple(dict.fromkeys([at(t0)] + [c for p, c in stops if t0 < p < t1] + [at(t1)]))


def _cells(grid: tuple[tuple[str, ...], ...], box: tuple[float, float, float, float], size: tuple[float, float]) -> tuple[str, ...]:
    """The colours of a picture's coarse grid (`_picture_grid`) under `box`, in the picture's own
    coordinates (`size` its width and height)."""
    if not grid:
        return ()
    x, y, w, h = box
    rows, cols = len(grid), len(grid[0])
    sw, sh = size
    r0, r1 = max(0, int(y / sh * rows)), min(rows, int((y + h) / sh * rows) + 1)
    c0, c1 = max(0, int(x / sw * cols)), min(cols, int((x + w) / sw * cols) + 1)
    return tuple(sorted({grid[r][c] for r in range(r0, r1) for c in range(c0, c1)}))


def own_grid(width: float = W0, height: float = H0, role: str = "content", backdrop: Backdrop | None = None,
             background: str = "#FFFFFF", behind=(), layout: str | None = None) -> SlideGrid:
    """deckbuild's grid, its proportions kept on any slide size (the default slide: exactly the constants)."""
    sx, sy = width / W0, height / H0
    margin = MARGIN * sx
    content_w = width - 2 * margin
    return SlideGrid(
        role=role, layout=layout,
        title=Area(margin, TITLE_Y * sy, content_w, TITLE_H * sy, anchor="b", sizes=(TITLE_SIZE,), bold=True,
                   placeholder=Placeholder("title", 0, moved=True)),
        content=Area(margin, CONTENT_Y * sy, content_w, CONTENT_H * sy),
        footer=Area(margin, FOOTER_Y * sy, content_w - 80, FOOTER_H + 10),
        number=Area(width - margin - 60, FOOTER_Y * sy, 60, FOOTER_H),
        backdrop=backdrop or Backdrop(Color(background)), background=background, behind=tuple(behind), own=True,
    )


# ---- colours ------------------------------------------------------------------------------------


def scheme_color(master: f.Master, name: str, mods: tuple[tuple[str, int], ...] = ()) -> Color:
    """A theme slot as a slide of `master` shows it (through the master's colour map), keeping the
    slot's name so the deck refers to the theme, not to the RGB value."""
    mapped = master.clr_map.get(name, name)
    hex_ = master.theme.colors.get(mapped) or f.DEFAULT_COLORS.get(mapped, "#000000")
    hex_, alpha = apply_mods(hex_, mods)
    return Color(hex_, name, mods, alpha)


def template_palette(frame: f.Frame) -> dict[str, Color]:
    """Colour roles from the template's theme (spec §1 Templates): text → tx1, primary → accent1,
    accent → accent2, muted → tx1 lighter, surface → bg2, chart series → accent2 … accent6."""
    master = frame.masters[frame.preferred_master]
    out = {
        "text": scheme_color(master, "tx1"),
        "primary": scheme_color(master, "accent1"),
        "accent": scheme_color(master, "accent2"),
        "muted": scheme_color(master, "tx1", (("lumMod", 65000), ("lumOff", 35000))),
        "surface": scheme_color(master, "bg2"),
        "background": scheme_color(master, "bg1"),
        "on-dark": scheme_color(master, "bg1"),
    }
    for i in range(1, 6):
        out[f"series{i}"] = scheme_color(master, f"accent{i + 1}")
    return out


# ---- backdrop -----------------------------------------------------------------------------------


def _plan_color(c: f.Color | None, fallback: str = "#FFFFFF") -> Color:
    return Color(c.hex, c.scheme, c.mods, c.alpha) if c is not None else Color(fallback)


def _picture_grid(image: f.Image, cols: int = 32, rows: int = 18) -> tuple[tuple[str, ...], ...]:
    """A background picture's colours on a coarse grid, quantised to 16 levels, for contrast checks."""
    import warnings

    from PIL import Image as PILImage

    from .limits import MAX_IMAGE_PIXELS

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(image.data)) as im:
                if im.width * im.height > MAX_IMAGE_PIXELS:
                    return ()
                small = im.convert("RGBA").resize((cols, rows), PILImage.Resampling.BOX)
    except (OSError, ValueError, SyntaxError, PILImage.DecompressionBombError):
        return ()
    out = []
    for r in range(rows):
        row = []
        for c in range(cols):
            red, green, blue, a = small.getpixel((c, r))
            mix = [round((v * a + 255 * (255 - a)) / 255) // 16 * 16 + 8 for v in (red, green, blue)]
            row.append("#" + "".join(f"{min(255, v):02X}" for v in mix))
        out.append(tuple(row))
    return tuple(out)


def _backdrop(layout: f.Layout) -> tuple[Backdrop, str, tuple, tuple[str, ...]]:
    """What a slide of `layout` shows behind its boxes: the Backdrop drawings of it use, the background's
    representative colour, the opaque artwork contrast is judged against, and a gradient background's stops."""
    bg = layout.background
    background = bg.representative or (bg.image.average() if bg.image else None) or "#FFFFFF"
    fill = Color(background)
    stops = tuple((s.position, _plan_color(s.color)) for s in bg.stops) if bg.kind == "gradient" else ()
    picture = bg.image.data if bg.kind == "picture" and bg.image and _drawable(bg.image) else None
    items: list[Artwork] = []
    behind: list[tuple] = []
    for art in layout.artwork:
        b = art.box
        if art.kind == "picture" and art.image is not None:
            if _drawable(art.image):
                items.append(Artwork(b.x, b.y, b.w, b.h, "picture", data=art.image.data))
            avg = art.image.average()
            if avg:
                behind.append((b.x, b.y, b.w, b.h, (avg,), _picture_grid(art.image, 16, 9)))
        elif art.kind == "shape" and art.fill is not None and art.fill.representative and _opaque(art.fill):
            hex_ = art.fill.representative
            kind = "ellipse" if art.geometry == "ellipse" else "rect"
            items.append(Artwork(b.x, b.y, b.w, b.h, kind, fill=Color(hex_)))
            behind.append((b.x, b.y, b.w, b.h, _colours(art.fill), _linear(art.fill)))
        if art.text and art.text_size:
            items.append(Artwork(b.x, b.y, b.w, b.h, "text", fill=_plan_color(art.text_color, "#000000"), text=art.text,
                                 size=art.text_size))
    backdrop = Backdrop(fill, stops, bg.angle if bg.angle is not None else 90.0, picture, tuple(items))
    ground = _colours(bg) if bg.kind == "gradient" else ()
    return backdrop, background, tuple(behind), ground


def _linear(fill: f.Fill) -> tuple:
    """A linear gradient as (angle, position, hex, position, hex …) for `_along`; () for anything else
    (a radial gradient counts as all its stops everywhere)."""
    if fill.kind != "gradient" or fill.angle is None or len(fill.stops) < 2:
        return ()
    return (float(fill.angle),) + tuple(v for s in sorted(fill.stops, key=lambda s: s.position) for v in (float(s.position), s.color.hex))


def _opaque(fill: f.Fill) -> bool:
    """Whether a fill hides what lies under it (a 4 % veil of colour does not: it is left out)."""
    colours = [fill.color] if fill.kind != "gradient" else [s.color for s in fill.stops]
    return all(c is None or c.alpha >= 0.5 for c in colours)


def _colours(fill: f.Fill) -> tuple[str, ...]:
    """Every colour a fill shows: a gradient's stops, else its one colour."""
    if fill.kind == "gradient" and fill.stops:
        return tuple(dict.fromkeys(s.color.hex for s in fill.stops))
    return (fill.representative,) if fill.representative else ()


def _with_fill(backdrop: Backdrop, a: Area) -> Backdrop:
    """`backdrop` with a placeholder's own fill drawn where the placeholder lies (PowerPoint draws
    it with the placeholder; drawings of the slide draw it from the backdrop)."""
    if a.fill is None:
        return backdrop
    return replace(backdrop, items=backdrop.items + (Artwork(a.x, a.y, a.w, a.h, "rect", fill=Color(a.fill)),))


def _drawable(image: f.Image) -> bool:
    """Pictures the handout can draw (reportlab reads them through Pillow: not EMF, WMF or SVG)."""
    return image.content_type in ("image/png", "image/jpeg", "image/gif", "image/bmp", "image/tiff")


# ---- areas --------------------------------------------------------------------------------------


def _area(ph: f.Placeholder) -> Area:
    b, ins = ph.box, ph.insets
    lv = ph.levels[0] if ph.levels else None
    return Area(
        b.x, b.y, b.w, b.h, (ins.left, ins.top, ins.right, ins.bottom), _ANCHOR.get(ph.anchor, "t"),
        tuple(level.size for level in ph.levels), lv.bold if lv else None, _plan_color(lv.color) if lv else None,
        _ALIGN.get(lv.align, "l") if lv else "l", Placeholder(ph.type, ph.idx),
        ph.fill.representative if ph.fill is not None else None,
    )


def _union(bodies: tuple[Area, ...]) -> Area:
    """The text areas of a layout's bodies taken together: where content that is not text goes."""
    boxes = [b.inner for b in bodies]
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
    return Area(x0, y0, x1 - x0, y1 - y0)


def _clear_of(a: Area, extras: list[Area], gap: float) -> Area:
    """`a` ending above the footer, date and number placeholders that run into its lower half (a
    LibreOffice layout's body reaches down over them; drawn there, the date prints over content).
    A placeholder's area so cut is written where it now is (moved), its insets kept as its text area."""
    cut = [e.y - gap for e in extras if min(a.x + a.w, e.x + e.w) - max(a.x, e.x) > 0 and a.y + a.h / 2 < e.y < a.bottom]
    if not cut:
        return a
    h = max(1.0, min(cut) - a.y)
    if a.placeholder is None:
        return replace(a, h=h)
    l, t, r, _ = a.inset
    return replace(a, x=a.x + l, y=a.y + t, w=a.w - l - r, h=max(1.0, h - t), inset=(0.0, 0.0, 0.0, 0.0),
                   placeholder=replace(a.placeholder, moved=True))


def _below_title(title: Area, bottom: float, height: float, width: float) -> Area:
    top = title.bottom + 0.03 * height
    x = min(title.x, 0.05 * width)
    return Area(x, top, width - 2 * x, max(1.0, bottom - top))


class Grids:
    """The grid of each role for one frame (and the outline's theme.layouts), made once per build."""

    def __init__(self, frame: f.Frame, overrides: dict[str, str] | None = None):
        self.frame = frame
        self.templated = bool(frame.masters)
        self.choices: dict[str, RoleChoice] = choose_layouts(frame, overrides) if self.templated else {}
        self._cache: dict[tuple[str, str | None], SlideGrid] = {}

    def palette(self) -> dict[str, Color] | None:
        return template_palette(self.frame) if self.templated else None

    def of(self, role: str, layout_name: str | None = None) -> SlideGrid:
        """The grid of a slide of `role`; `layout_name` (a slide's own `layout:`) wins."""
        key = (role, layout_name)
        if key not in self._cache:
            self._cache[key] = self._make(role, layout_name)
        return self._cache[key]

    def _make(self, role: str, layout_name: str | None) -> SlideGrid:
        fr = self.frame
        if not self.templated:
            return own_grid(role=role)
        if layout_name:
            layout, grid = fr.layout_named(layout_name), False
        else:
            choice = self.choices[role]
            layout, grid = choice.layout, choice.grid
        backdrop, background, behind, ground = _backdrop(layout)
        bg = layout.background
        picture = _picture_grid(bg.image) if bg.kind == "picture" and bg.image else ()
        if grid or layout.title is None:
            g = own_grid(fr.width, fr.height, role, backdrop, background, behind, layout.part)
            if layout.title is not None:  # the title stays in the layout's title placeholder, moved to deckbuild's place
                t = layout.title
                fill = t.fill.representative if t.fill is not None else None
                g = replace(g, title=replace(g.title, placeholder=Placeholder(t.type, t.idx, moved=True), fill=fill))
                backdrop = _with_fill(g.backdrop, g.title)
                g = replace(g, backdrop=backdrop)
            return replace(g, picture=picture, size=(fr.width, fr.height), ground=ground)
        # Placeholders a layout repeats with one type and index (LibreOffice numbers them all 0) cannot
        # be told apart by a client: those are given their position on the slide.
        seen = [(p.type, p.idx) for p in layout.placeholders]
        twins = {k for k in seen if seen.count(k) > 1}

        def area(p: f.Placeholder) -> Area:
            a = _area(p)
            return replace(a, placeholder=replace(a.placeholder, moved=True)) if (p.type, p.idx) in twins else a

        title = area(layout.title)
        bodies = tuple(area(p) for p in layout.bodies if p.type in ("body", "obj"))
        extras = {k: area(p) if p else None for k, p in
                  (("footer", layout.footer), ("number", layout.slide_number), ("date", layout.date))}
        floor = min([a.y for a in extras.values() if a is not None] + [fr.height * 0.92]) - 0.02 * fr.height
        below = [a for a in extras.values() if a is not None]
        bodies = tuple(_clear_of(b, below, 0.01 * fr.height) for b in bodies)
        if bodies:
            content = _union(bodies)
        else:  # a layout without a body (Title Only): where the template's content layout puts content
            content = self._content_like(layout, title) or _below_title(title, floor, fr.height, fr.width)
        content = _clear_of(content, below, 0.01 * fr.height)
        subtitle = _clear_of(area(layout.subtitle), below, 0.01 * fr.height) if layout.subtitle else None
        backdrop = _with_fill(backdrop, title)  # the title is on every slide: drawings show its fill
        return SlideGrid(role, layout.part, title, content, bodies, subtitle, backdrop=backdrop, background=background,
                         behind=behind, ground=ground, own=False, picture=picture, size=(fr.width, fr.height), **extras)

    def _content_like(self, layout: f.Layout, title: Area) -> Area | None:
        """The body area of the template's content layout (of this layout's master, else any), when it
        lies below this layout's title."""
        candidates = [lay for lay in self.frame.layouts if lay.master == layout.master] + list(self.frame.layouts)
        content = self.choices.get("content")
        if content is not None and content.layout is not None:
            candidates.insert(0 if content.layout.master == layout.master else len(candidates), content.layout)
        for lay in candidates:
            bodies = [p for p in lay.bodies if p.type in ("body", "obj")]
            if bodies:
                area = _union(tuple(_area(p) for p in bodies))
                if area.y >= title.bottom - 1:
                    return area
        return None

    def relaxed(self, g: SlideGrid) -> SlideGrid:
        """`g` with the most room a slide of its layout has for content: below its title, across the
        slide within the title's or a 5 % margin, above its footer — for content its own area
        cannot hold."""
        fr = self.frame
        extras = [a.y for a in (g.footer, g.number, g.date) if a is not None]
        bottom = min(extras + [fr.height * 0.94]) - 0.01 * fr.height
        x = min(g.title.x, 0.05 * fr.width)
        top = g.title.bottom + 0.02 * fr.height
        if bottom - top < fr.height * 0.3:  # a title low on the slide: the room above it instead
            top, bottom = 0.05 * fr.height, g.title.y - 0.02 * fr.height
        return replace(g, content=Area(x, top, fr.width - 2 * x, max(1.0, bottom - top)), bodies=())

    def font_names(self) -> set[str]:
        """The typefaces the template's theme names (major and minor, Latin, East Asian, Hangul)."""
        if not self.templated:
            return set()
        t = self.frame.theme.fonts
        return {x for x in (t.major_latin, t.major_ea, t.major_hang, t.minor_latin, t.minor_ea, t.minor_hang) if x}
