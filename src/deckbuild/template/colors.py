"""Colours in a template: a theme's scheme seen through a master's (or layout's) colour map.

In: DrawingML colour elements (srgbClr, schemeClr, sysClr, prstClr, scrgbClr, hslClr) with their
transforms (lumMod, tint, alpha … applied by `frame.apply_mods`). Out: `frame.Color` — the hex it
shows, the scheme name written in the file, the transforms and the alpha.
"""

from __future__ import annotations

import colorsys

from ..frame import DEFAULT_COLORS, Color, apply_mods, rgb_hex
from .ooxml import A, hex_, int_

PRESET = {"black": "#000000", "white": "#FFFFFF", "red": "#FF0000", "green": "#008000", "blue": "#0000FF",
          "yellow": "#FFFF00", "gray": "#808080", "grey": "#808080", "darkGray": "#A9A9A9", "lightGray": "#D3D3D3",
          "navy": "#000080", "orange": "#FFA500", "silver": "#C0C0C0"}


class Colors:
    """Scheme colours of one theme seen through one colour map (clrMap, with a layout's clrMapOvr)."""

    def __init__(self, scheme: dict[str, str], clr_map: dict[str, str]):
        self.scheme = scheme
        self.clr_map = clr_map

    def of(self, el, ph: Color | None = None) -> Color | None:
        """The colour of a colour element; `ph` is what phClr stands for (a style matrix entry)."""
        if el is None:
            return None
        tag = el.tag.replace(A, "")
        name = None
        if tag == "srgbClr":
            value = hex_(el.get("val"))
        elif tag == "schemeClr":
            name = el.get("val") or ""
            if name == "phClr":
                if ph is None:
                    return None
                value, name = ph.hex, ph.scheme
            else:
                mapped = self.clr_map.get(name, name)
                value = self.scheme.get(mapped) or DEFAULT_COLORS.get(mapped, "#000000")
        elif tag == "sysClr":
            value = hex_(el.get("lastClr")) or ("#FFFFFF" if el.get("val") == "window" else "#000000")
        elif tag == "prstClr":
            value = PRESET.get(el.get("val") or "", "#000000")
        elif tag == "scrgbClr":
            value = "#" + "".join(f"{_lin_to_srgb(int_(el.get(k), 0) / 100000):02X}" for k in ("r", "g", "b"))
        elif tag == "hslClr":
            r, g, b = colorsys.hls_to_rgb(int_(el.get("hue"), 0) / 21600000, int_(el.get("lum"), 0) / 100000, int_(el.get("sat"), 0) / 100000)
            value = rgb_hex(r, g, b)
        else:
            return None
        if value is None:
            return None
        mods = tuple((m.tag.replace(A, ""), int_(m.get("val"), 0)) for m in el if m.tag.startswith(A))
        value, alpha = apply_mods(value, mods)
        return Color(value, name, mods, alpha)

    def child(self, parent) -> Color | None:
        """The colour element directly inside `parent` (a solidFill, buClr, fillRef …)."""
        if parent is None:
            return None
        for el in parent:
            c = self.of(el)
            if c is not None:
                return c
        return None


def _lin_to_srgb(c: float) -> int:
    c = max(0.0, min(1.0, c))
    s = 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055
    return round(s * 255)
