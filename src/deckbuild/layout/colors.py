"""Deck × template theme → colour roles, and text colours that keep their contrast with what lies
behind them.

In: the outline's theme colours, the template's palette, a slide's boxes over its grid. Out: the
palette (role → `Color`), and the same boxes with every colour deckbuild chose that would not read
replaced by one that does — a darker or lighter shade of the same theme colour, else the theme's
text or background colour, else black or white — with one warning per outline colour that failed,
at the line that sets it. The template's own slide number, date and footer keep their colours
(spec §1 Templates: they are its design).
"""

from __future__ import annotations

from dataclasses import replace

from .. import model as m
from ..frame import apply_mods
from ..grid import SlideGrid
from ..plan import WHITE, Cell, Color, Para, Rect, TableBox, TextBox
from ..problems import Problems
from .charts import contrast

RULE = Color("#D0D7DE")  # the footer rule and the handout's hairlines
TEMPLATE_OWN = {"number": "sldNum", "date": "dt", "footer": "ftr"}  # box role → the placeholder whose colour is the template's
# Shades of a theme colour tried, in order, before leaving its hue (DrawingML luminance transforms).
DARKER = ((("lumMod", 75000),), (("lumMod", 50000),), (("lumMod", 25000),))
LIGHTER = ((("lumMod", 60000), ("lumOff", 40000)), (("lumMod", 40000), ("lumOff", 60000)), (("lumMod", 20000), ("lumOff", 80000)))


def palette(deck: m.Deck, template: dict[str, Color] | None = None) -> dict[str, Color]:
    """Colour roles → colours: the outline's own (theme.colors), else the template's theme, else
    deckbuild's defaults."""
    out = {role: Color(hex_) for role, hex_ in m.DEFAULT_COLORS.items()}
    out.update(template or {})
    out.update({role: Color(deck.theme.colors[role]) for role in deck.theme.color_spans})
    return out


class Legibility:
    """Text colours checked against what lies behind them, for one deck's palette; each outline
    colour that fails is reported once."""

    def __init__(self, theme: m.Theme, colors: dict[str, Color], problems: Problems):
        self.theme = theme
        self.colors = colors
        self.problems = problems
        self._warned: set[str] = set()

    def legible(self, boxes: list, g: SlideGrid, background: Color | None) -> list:
        """Every text keeps ≥ 4.5:1 contrast (3:1 from 18 pt, or 14 pt bold) with what lies behind it:
        its placeholder's own fill, else its card, else the slide's own fill, else the layout's artwork
        or background (spec §1 Templates). A colour that fails is replaced (see `readable`); a colour the
        outline set that fails is also a warning at its line. The template's slide number, date and
        footer text in their own placeholders keep the template's colours."""
        out = []
        fills: list[tuple[float, float, float, float, str]] = []
        base = background.hex if background else None
        for b in boxes:
            if isinstance(b, Rect) and b.fill is not None and b.w > 20 and b.h > 20:
                fills.append((b.x, b.y, b.w, b.h, b.fill.hex))
            if isinstance(b, TextBox):
                if not g.own and b.placeholder is not None and TEMPLATE_OWN.get(b.role) == b.placeholder.type:
                    out.append(b)
                    continue
                own_fill = g.fill_of(b.placeholder)
                behind = (own_fill,) if own_fill else self._behind(b.x, b.y, b.w, b.h, fills, g, base)
                b = replace(b, paras=tuple(self.fix_para(p, behind) for p in b.paras))
            elif isinstance(b, TableBox):
                rows = tuple(tuple(Cell(tuple(self.fix_para(p, fill.hex) for p in c.paras)) for c in row)
                             for row, fill in zip(b.rows, b.fills))
                b = replace(b, rows=rows)
            out.append(b)
        return out

    def _behind(self, x, y, w, h, fills, g: SlideGrid, base: str | None) -> tuple[str, ...]:
        cx, cy = x + w / 2, y + h / 2
        for fx, fy, fw, fh, hex_ in reversed(fills):
            if fx <= cx <= fx + fw and fy <= cy <= fy + fh:
                return (hex_,)
        return (base,) if base else g.behind_box(x, y, w, h)

    def fix_para(self, p: Para, behind: tuple[str, ...] | str) -> Para:
        color = self.readable(p.color, behind, p.size, p.bold)
        bullet = self.readable(p.bullet_color, behind, p.size, p.bold) if p.bullet_color else None
        if color is p.color and bullet is p.bullet_color:
            return p
        return replace(p, color=color, bullet_color=bullet)

    def readable(self, color: Color, behind: tuple[str, ...] | str, size: float, bold: bool) -> Color:
        """`color` where it keeps the contrast the text needs with every colour in `behind`; else the
        first that does of: a shade of the same theme colour (an accent stays an accent: darker on a
        light ground, lighter on a dark one), the theme's text colour, its background colour, black,
        white; else whichever of those reads best."""
        behind = (behind,) if isinstance(behind, str) else behind
        need = 3.0 if size >= 18 or (bold and size >= 14) else 4.5

        def worst(c: Color) -> float:
            return min(contrast(c.hex, b) for b in behind)

        if worst(color) >= need:
            return color
        role = next((r for r in self.theme.color_spans if self.colors.get(r) == color), None)
        candidates = self._shades(color, behind) + [self.colors["text"], self.colors.get("background", WHITE), Color("#000000"), WHITE]
        better = next((c for c in candidates if worst(c) >= need), None) or max(candidates, key=worst)
        if role and role not in self._warned:
            self._warned.add(role)
            self.problems.warning(self.theme.color_spans[role], f"theme.colors.{role}",
                                  f"{color.hex} has a contrast of {worst(color):.1f}:1 with {behind[0]} behind it "
                                  f"(at least {need:g}:1 is needed); {better.hex} is used there", code="color-contrast")
        return better

    @staticmethod
    def _shades(color: Color, behind: tuple[str, ...]) -> list[Color]:
        """Darker (on a light ground) or lighter (on a dark one) shades of a theme accent colour, still
        written as that theme colour; none for the text and background slots or an RGB colour."""
        if not color.scheme or color.scheme in ("tx1", "tx2", "bg1", "bg2", "dk1", "dk2", "lt1", "lt2"):
            return []
        light = min(contrast(b, "#000000") for b in behind) >= min(contrast(b, "#FFFFFF") for b in behind)
        out = []
        for mods in DARKER if light else LIGHTER:
            hex_, alpha = apply_mods(color.hex, mods)
            out.append(Color(hex_, color.scheme, color.mods + mods, alpha))
        return out
