"""Chart decisions both backends share: model.Chart → colours, value scale and formatted labels.

`charts_pptx` and `charts_pdf` draw the same chart; everything that must agree between the
deck and the handout (which colour a bar gets, where the axis stops, how a value is printed)
is decided here once, so the two can only differ in drawing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..model import DEFAULT_COLORS, SERIES_PALETTE, Chart

# Chart furniture, shared so deck and handout look alike.
GRID_COLOR = "#D0D7DE"  # light gridlines on the value axis
AXIS_COLOR = "#AFB8C1"  # the category axis line
WHITE = "#FFFFFF"
GAP_WIDTH = 60  # space between bar groups, in % of one bar (PowerPoint's c:gapWidth)
DOUGHNUT_HOLE = 55  # inner radius, in % of the outer one (c:holeSize)


# --- number formats ---------------------------------------------------------------------


class NumberFormatError(ValueError):
    """A number format outside the subset both backends can draw identically."""


@dataclass(frozen=True)
class NumberFormat:
    """The supported subset of an Excel number format: one section, fixed-point or percent."""

    prefix: str
    suffix: str
    int_zeros: int  # minimum integer digits ("0" placeholders before the point)
    grouping: bool  # thousands separators
    frac_zeros: int  # fraction digits always shown
    frac_hashes: int  # further fraction digits shown when not zero
    percent: bool
    point: bool = False  # a decimal point in the format: Excel prints it even with no digits after
    general: bool = False


_LITERAL_CHARS = set("$-+/():!^&'~{}<>= ")


def parse_number_format(code: str | None) -> NumberFormat:
    """Parse `code` ("#,##0", "0.0%", "#,##0.0", ...); None or "General" → General.

    Raises NumberFormatError for what the subset lacks (several sections, colours,
    dates, scientific notation, scaling commas), so a validator can refuse it up front.
    """
    if code is None or code.strip().lower() == "general":
        return NumberFormat("", "", 1, False, 0, 0, False, general=True)
    if ";" in code:
        raise NumberFormatError("number formats with several sections (';') are not supported")
    prefix: list[str] = []
    suffix: list[str] = []
    digits: list[str] = []  # the numeric part: 0 # , .
    percent = False
    i = 0
    while i < len(code):
        c = code[i]
        if c == '"':
            end = code.find('"', i + 1)
            if end < 0:
                raise NumberFormatError("unclosed quote in number format")
            (suffix if digits else prefix).append(code[i + 1 : end])
            i = end + 1
            continue
        if c == "\\":
            if i + 1 >= len(code):
                raise NumberFormatError("number format ends with '\\'")
            (suffix if digits else prefix).append(code[i + 1])
            i += 2
            continue
        if c in "0#,.":
            if suffix:
                raise NumberFormatError("digits after a literal in number format")
            digits.append(c)
        elif c == "%":
            if percent:
                raise NumberFormatError("more than one '%' in number format")
            percent = True
            (suffix if digits else prefix).append("%")
        elif c in _LITERAL_CHARS or ord(c) > 0x7F:
            (suffix if digits else prefix).append(c)
        else:
            raise NumberFormatError(f"unsupported character {c!r} in number format")
        i += 1
    body = "".join(digits)
    if not body or "0" not in body and "#" not in body:
        raise NumberFormatError("number format has no digit placeholder (0 or #)")
    if body.count(".") > 1:
        raise NumberFormatError("more than one '.' in number format")
    int_part, _, frac_part = body.partition(".")
    if int_part.endswith(","):
        raise NumberFormatError("scaling commas (a ',' at the end) are not supported")
    if "," in frac_part:
        raise NumberFormatError("',' after the decimal point in number format")
    if "#" in frac_part.lstrip("0") and "0" in frac_part.lstrip("0").lstrip("#"):
        raise NumberFormatError("'0' after '#' in the fraction of a number format")
    plain_int = int_part.replace(",", "")
    return NumberFormat(
        prefix="".join(prefix),
        suffix="".join(suffix),
        int_zeros=plain_int.count("0"),
        grouping="," in int_part,
        frac_zeros=frac_part.count("0"),
        frac_hashes=frac_part.count("#"),
        percent=percent,
        point="." in body,
    )


def _general(value: float) -> str:
    # Excel's General: an integer as is, otherwise about ten significant digits, no exponent.
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    d = Decimal(repr(float(value)))
    digits = max(0, 10 - (d.adjusted() + 1))
    text = f"{d.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_number(value: float, number_format: str | None = None, unit: str | None = None) -> str:
    """`value` as Excel/PowerPoint print it with `number_format`, then the unit: 1234 → "1,234개"."""
    fmt = parse_number_format(number_format)
    unit = unit or ""
    if fmt.general:
        return _general(value) + unit
    # repr() → Decimal keeps the shortest decimal form, so 2.675 rounds to 2.68 as Excel does.
    d = Decimal(repr(float(value)))
    if fmt.percent:
        d *= 100
    negative = d < 0
    places = fmt.frac_zeros + fmt.frac_hashes
    d = abs(d).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    int_digits, _, frac = f"{d:f}".partition(".")
    if fmt.frac_hashes:
        frac = frac[: fmt.frac_zeros] + frac[fmt.frac_zeros :].rstrip("0")
    int_digits = int_digits.lstrip("0").rjust(fmt.int_zeros, "0")
    if fmt.grouping and int_digits:
        int_digits = f"{int(int_digits):,}"
    text = int_digits + ("." + frac if fmt.point else "")
    if negative and d != 0:
        # Excel puts the minus sign before everything, prefix literals included.
        return "-" + fmt.prefix + text + fmt.suffix + unit
    return fmt.prefix + text + fmt.suffix + unit


def excel_number_format(number_format: str | None, unit: str | None) -> str:
    """The format code PowerPoint needs to print what `format_number` prints: the unit quoted."""
    parse_number_format(number_format)  # refuse what the PDF side could not match
    code = number_format if number_format and number_format.strip().lower() != "general" else "General"
    if unit:
        # A quoted literal cannot hold '"'; that character is backslash-escaped instead.
        code += '\\"'.join(f'"{part}"' if part else "" for part in unit.split('"'))
    return code


# --- colours ----------------------------------------------------------------------------


def _rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0, min(255, v))):02X}" for v in rgb)


def tint(color: str, t: float) -> str:
    """`color` mixed with white: t=0 the colour itself, t=1 white."""
    return _hex(tuple(v + (255 - v) * t for v in _rgb(color)))


def label_color_on(fill: str, colors: dict[str, str]) -> str:
    """White or the text colour, whichever reads better on `fill` (WCAG relative luminance)."""

    def lum(rgb):
        def ch(v):
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        r, g, b = (ch(v) for v in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    text = colors.get("text", DEFAULT_COLORS["text"])
    bg = lum(_rgb(fill))
    white_contrast = 1.05 / (bg + 0.05)
    text_contrast = (bg + 0.05) / (lum(_rgb(text)) + 0.05)
    return WHITE if white_contrast >= text_contrast else text


def series_color(colors: dict[str, str], i: int) -> str:
    """The i-th series colour: the theme's primary first, then SERIES_PALETTE's order."""
    if i == 0:
        return colors.get("primary", SERIES_PALETTE[0])
    return SERIES_PALETTE[i % len(SERIES_PALETTE)]


def single_series_highlight(chart: Chart) -> bool:
    """Whether points are coloured one by one (accent vs primary) rather than by series."""
    return bool(chart.highlight) and len(chart.series) == 1 and not chart.circular


def point_colors(chart: Chart, colors: dict[str, str]) -> list[list[str]]:
    """The fill of every point, [series][category], identical for both backends.

    * one-series bar/column/line with `highlight`: highlighted categories in accent, the rest primary;
    * pie/doughnut: a colour per slice from the palette; with `highlight`, those slices in
      accent and the others in tints of primary (so the highlight is the only warm colour);
    * otherwise each series in its palette colour.
    """
    n = len(chart.categories)
    accent = colors.get("accent", DEFAULT_COLORS["accent"])
    primary = colors.get("primary", DEFAULT_COLORS["primary"])
    if chart.circular:
        if chart.highlight:
            others = [i for i, c in enumerate(chart.categories) if c not in chart.highlight]
            out = [accent] * n
            for k, i in enumerate(others):
                out[i] = tint(primary, 0.65 * k / max(1, len(others) - 1))
            return [out]
        return [[series_color(colors, i) for i in range(n)]]
    if single_series_highlight(chart):
        return [[accent if c in chart.highlight else primary for c in chart.categories]]
    return [[series_color(colors, s)] * n for s in range(len(chart.series))]


# --- value axis -------------------------------------------------------------------------


@dataclass(frozen=True)
class Scale:
    minimum: float
    maximum: float
    major: float

    def ticks(self) -> list[float]:
        count = round((self.maximum - self.minimum) / self.major)
        return [self.minimum + k * self.major for k in range(count + 1)]


def _nice_step(span: float, target: int = 5) -> float:
    raw = span / target
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag * 1.0000001:
            return m * mag
    return 10 * mag


def value_scale(chart: Chart) -> Scale:
    """The value axis both backends use (set explicitly in PPTX so the clients agree with the PDF)."""
    if chart.stacked:
        tops = [sum(max(0.0, s.values[i]) for s in chart.series) for i in range(len(chart.categories))]
        bottoms = [sum(min(0.0, s.values[i]) for s in chart.series) for i in range(len(chart.categories))]
    else:
        tops = [v for s in chart.series for v in s.values]
        bottoms = tops
    hi = max([0.0, *tops])
    lo = min([0.0, *bottoms])
    if hi == lo:
        hi = lo + 1
    # A step finer than the format prints would give repeated tick labels ("0, 0, 1, 1").
    fmt = parse_number_format(chart.number_format)
    finest = 0.0 if fmt.general else 10.0 ** -(fmt.frac_zeros + fmt.frac_hashes + (2 if fmt.percent else 0))
    step = max(_nice_step(hi - lo), finest)
    maximum = math.ceil(hi / step - 1e-9) * step
    minimum = math.floor(lo / step + 1e-9) * step
    # Room for an outside-end label beyond the longest bar, on either side of zero.
    if chart.labels and hi > 0 and maximum - hi < 0.08 * (maximum - minimum):
        maximum += step
    if chart.labels and lo < 0 and lo - minimum < 0.08 * (maximum - minimum):
        minimum -= step
    # Avoid float noise such as 0.30000000000000004 in tick labels and the XML.
    nd = max(0, -math.floor(math.log10(step)) + 2)
    return Scale(round(minimum, nd), round(maximum, nd), round(step, nd))


def label_text(chart: Chart, value: float) -> str:
    return format_number(value, chart.number_format, chart.unit)


# --- label placement --------------------------------------------------------------------


def line_label_positions(chart: Chart) -> list[list[str]]:
    """Where each line point's label goes, [series][category]: "above", "below" or "right".

    With several lines, the highest value at a category is labelled above, the lowest below
    and the ones between to the right, so close points do not overprint each other.
    """
    n_series, n_cat = len(chart.series), len(chart.categories)
    out = [["above"] * n_cat for _ in range(n_series)]
    if n_series < 2:
        return out
    for i in range(n_cat):
        order = sorted(range(n_series), key=lambda s: (-chart.series[s].values[i], s))
        for rank, s in enumerate(order):
            out[s][i] = "above" if rank == 0 else "below" if rank == n_series - 1 else "right"
    return out


def estimate_text_width(text: str, font_size: float) -> float:
    """A font-free width estimate (Hangul/CJK one em, other characters 0.6 em), used to decide
    label visibility the same way in both backends (the PPTX side cannot measure)."""
    wide = sum(1 for ch in text if ord(ch) >= 0x1100)
    return (wide + 0.6 * (len(text) - wide)) * font_size


def estimated_plot_length(chart: Chart, w: float, h: float, font_size: float) -> float:
    """About how long the value axis is inside a w × h chart frame (points)."""
    legend = 2.2 * font_size if len(chart.series) > 1 else 0
    if chart.horizontal:
        widest = max((estimate_text_width(c, font_size) for c in chart.categories), default=0)
        return max(1.0, w - min(widest, 0.35 * w) - 2.5 * font_size)
    return max(1.0, h - legend - 3.0 * font_size)


def stacked_labels_shown(chart: Chart, plot_len: float, font_size: float) -> list[list[bool]]:
    """Whether each stacked segment's label fits inside the segment, [series][category]."""
    scale = value_scale(chart)
    per_unit = plot_len / (scale.maximum - scale.minimum)
    out = []
    for s in chart.series:
        row = []
        for v in s.values:
            seg = abs(v) * per_unit
            need = (
                estimate_text_width(label_text(chart, v), font_size) + 4
                if chart.horizontal
                else 1.25 * font_size
            )
            row.append(v != 0 and seg >= need)
        out.append(row)
    return out
