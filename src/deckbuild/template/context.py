"""What resolving one part of a template needs, passed down from master to layout to shape.

In: the part's name (its relationships are looked up from it), its colours (theme + colour map),
the theme's fonts and style matrix (fmtScheme), the master's text styles and the presentation's
default text style. Out: the same, with the part or the colours swapped.
"""

from __future__ import annotations


class PartContext:
    """A part's name, `Colors`, `ThemeFonts`, style matrix, txStyles by name, defaultTextStyle,
    and the theme part (the style matrix's pictures are related from there)."""

    def __init__(self, part, colors, fonts, fmt, style_of, default_style, theme_part=None):
        self.part, self.colors, self.fonts, self.fmt = part, colors, fonts, fmt
        self.style_of, self.default_style = style_of, default_style
        self.theme_part = theme_part

    def with_part(self, part) -> "PartContext":
        return PartContext(part, self.colors, self.fonts, self.fmt, self.style_of, self.default_style, self.theme_part)

    def with_colors(self, colors) -> "PartContext":
        return PartContext(self.part, colors, self.fonts, self.fmt, self.style_of, self.default_style, self.theme_part)
