"""model.Chart × size × fonts → plan.ChartSpec: every chart decision, made once with the real font.

Colours per point, the value scale and its ticks, label texts (values or a pie's shares) and where
they go, which stacked labels fit their segment, the legend, category names broken into lines by the
Korean line rules, and the plot rectangle — both chart backends draw this and nothing else, so the
deck's native chart and the handout's vector chart agree.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Callable

from .. import model as m
from ..numfmt import excel_code, format_value, parse_number_format
from ..plan import AxisTitle, ChartForm, ChartLabel, ChartSeries, ChartSpec, Color
from ..text import Run, wrap
from . import chart_axes

if TYPE_CHECKING:
    from ..fonts import Face

GRID_COLOR = Color("#D0D7DE")  # light gridlines on the value axis
AXIS_COLOR = Color("#AFB8C1")  # the category axis line
WHITE = Color("#FFFFFF")
GAP_WIDTH = 60  # space between bar groups, in % of one bar (PowerPoint's c:gapWidth)
DOUGHNUT_HOLE = 55  # inner radius, in % of the outer one (c:holeSize)
SERIES_PALETTE = m.SERIES_PALETTE
SHARE_CODE = "0.0%"
SHARE_FORMAT = parse_number_format(SHARE_CODE)

Measure = Callable[[str, float], float]  # (text, size) → width in points, in the chart's face


# --- colours ----------------------------------------------------------------------------


def _rgb(color: str) -> tuple[int, int, int]:
    c = color.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


def tint(color: Color, t: float) -> Color:
    """`color` mixed with white: t=0 the colour itself (keeping its theme slot), t=1 white."""
    if t == 0:
        return color
    return Color("#" + "".join(f"{round(v + (255 - v) * t):02X}" for v in _rgb(color.hex)))


def luminance(hex_: str) -> float:
    """WCAG 2 relative luminance."""

    def ch(v: int) -> float:
        x = v / 255
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4

    r, g, b = (ch(v) for v in _rgb(hex_))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def label_color_on(fill: Color, text: Color) -> Color:
    """White or the text colour, whichever reads better on `fill`."""
    return WHITE if contrast(WHITE.hex, fill.hex) >= contrast(text.hex, fill.hex) else text


def series_color(palette: dict[str, Color], i: int) -> Color:
    """The i-th series colour: the theme's primary first, then SERIES_PALETTE's order."""
    if i == 0:
        return palette["primary"]
    return palette.get(f"series{i}") or Color(SERIES_PALETTE[i % len(SERIES_PALETTE)])


def point_colors(chart: m.Chart, palette: dict[str, Color]) -> list[list[Color]]:
    """The fill of every point, [series][category].

    * one-series bar/column/line with `highlight`: highlighted categories in accent, the rest primary;
    * several series with `highlight`: the highlighted categories in their series colours, the others
      in pale tints of them, so the eye goes to the highlight;
    * pie/doughnut: a colour per slice from the palette; with `highlight`, those slices in accent and the
      others in tints of primary (the highlight is the only warm colour);
    * otherwise each series in its palette colour.
    """
    n = len(chart.categories)
    accent, primary = palette["accent"], palette["primary"]
    if chart.circular:
        if chart.highlight:
            others = [i for i, c in enumerate(chart.categories) if c not in chart.highlight]
            out = [accent] * n
            for k, i in enumerate(others):
                out[i] = tint(primary, 0.65 * k / max(1, len(others) - 1))
            return [out]
        return [[series_color(palette, i) for i in range(n)]]
    if chart.highlight and len(chart.series) == 1:
        return [[accent if c in chart.highlight else primary for c in chart.categories]]
    if chart.highlight:
        return [[series_color(palette, s) if c in chart.highlight else tint(series_color(palette, s), 0.6)
                 for c in chart.categories] for s in range(len(chart.series))]
    return [[series_color(palette, s)] * n for s in range(len(chart.series))]


# --- values ---------------------------------------------------------------------------

# The value axis is planned in `chart_axes`; `value_scale` stays importable from here.
value_scale = chart_axes.value_scale
GAP_TEXT = "—"  # a label where there is no data (a column or bar without a value)


def label_text(chart: m.Chart, value: float, series: m.Series | None = None) -> str:
    """`value` as the labels print it: in the series' own format and unit, else the chart's."""
    fmt, unit = chart.series_format(series) if series is not None else (chart.format, chart.unit)
    return format_value(value, fmt, unit)


def line_label_positions(chart: m.Chart, lines: list[int] | None = None) -> list[list[str]]:
    """Where each line point's label goes, [series][category]: "above", "below" or "right".

    With several lines, the highest value at a category is labelled above, the lowest below
    and the ones between to the right, so close points do not overprint each other (a combo's
    lines on two axes are compared where they are drawn, as shares of their axes).
    """
    n_series, n_cat = len(chart.series), len(chart.categories)
    lines = list(range(n_series)) if lines is None else lines
    out = [["above"] * n_cat for _ in range(n_series)]
    if len(lines) < 2:
        return out
    for i in range(n_cat):
        have = [s for s in lines if chart.series[s].values[i] is not None]
        order = sorted(have, key=lambda s: (-chart.series[s].values[i], s))
        for rank, s in enumerate(order):
            out[s][i] = "above" if rank == 0 else "below" if rank == len(order) - 1 else "right"
    return out


# --- the spec ---------------------------------------------------------------------------


def _lines(text: str, width: float, measure: Measure, size: float) -> list[str]:
    """A label broken into lines by the Korean line rules (keep-all, no closing mark first);
    chart text is literal (no inline markup)."""
    return [line.text for line in wrap((Run(text),), width, lambda t, b: measure(t, size))]


def _fit_category(text: str, width: float, measure: Measure, size: float) -> tuple[list[str], float]:
    """A category name in at most two lines within `width`, shrinking (to 70 %) if it must."""
    s = size
    while True:
        lines = _lines(text, width, measure, s)
        if len(lines) <= 2 and all(measure(x, s) <= width for x in lines) or s <= 0.7 * size:
            return lines, s
        s *= 0.92


def resolve(chart: m.Chart, w: float, h: float, *, font_size: float, palette: dict[str, Color], face: Face,
            bold_face: Face, measure: Measure) -> ChartSpec:
    """The chart drawn in a w × h box (points) at `font_size`, text measured in `face` by `measure`;
    the spec carries the faces themselves and the plan's chart type, so renderers look up neither."""
    fs = font_size
    text, muted = palette["text"], palette["muted"]
    kind = ChartForm(chart.kind)
    fills = point_colors(chart, palette)
    # A pie's or doughnut's labels are its slices' shares, unless the outline asks for the values.
    share = chart.circular and chart.labels != "value"
    if share:
        total = math.fsum(max(0.0, v or 0.0) for v in chart.series[0].values)
        label_kind = "share" if chart.labels else None
        label_code = SHARE_CODE
    else:
        total = 0.0
        label_kind = "value" if chart.labels else None
        label_code = excel_code(chart.format, chart.unit)
    number_code = excel_code(chart.format, chart.unit)

    def label_of(v: float, s: m.Series | None = None) -> str:
        if share:
            return format_value(v / total if total > 0 else 0.0, SHARE_FORMAT)
        return label_text(chart, v, s)

    # Legend: several series, or slices.
    legend: tuple = ()
    legend_pos = None
    if chart.circular:
        legend = tuple(zip(chart.categories, fills[0]))
        legend_pos = "right"
    elif len(chart.series) > 1:
        legend = tuple((s.name, series_color(palette, i)) for i, s in enumerate(chart.series))
        legend_pos = "bottom"
    legend_w = legend_h = 0.0
    rows: list[list[tuple[str, Color, float, float]]] = []
    if legend_pos == "right":
        legend_w = max(measure(name, fs) for name, _ in legend) + 2.2 * fs
        if legend_w > 0.4 * w:  # a narrow column: the legend goes under the pie instead
            legend_w, legend_pos = 0.0, "bottom"
    if legend_pos == "bottom":
        rows, legend_h = _legend_rows(legend, w, fs, measure)
    elif legend_pos == "right":
        line_h = 1.6 * fs
        top = h / 2 + len(legend) * line_h / 2
        x0 = w - legend_w + 0.6 * fs
        rows = [[(name, color, x0, top - (k + 1) * line_h + 0.4 * fs)] for k, (name, color) in enumerate(legend)]

    axis1, axis2 = chart_axes.chart_axes(chart)
    scale = axis1.scale if axis1 else None
    ticks = axis1.ticks if axis1 else ()
    title_room = 1.6 * fs  # a value axis's title: a line beside (or under) its tick labels
    titles: list[AxisTitle | None] = [None, None]
    lines_at = [i for i, s in enumerate(chart.series) if _is_line(chart, s)]
    cats: list[tuple[list[str], float]] = []
    if chart.circular:
        texts = [label_of(max(0.0, v)) for v in chart.series[0].values if v is not None] or [""]
        outside = bool(chart.labels) and kind is ChartForm.PIE
        margin_x = (max(measure(t, fs) for t in texts) + 0.8 * fs) if outside else 0.3 * fs
        margin_y = 1.6 * fs if outside else 0.3 * fs
        pw, ph = w - legend_w, h - legend_h
        r = max(1.0, min(pw / 2 - margin_x, ph / 2 - margin_y))
        cx, cy = pw / 2, legend_h + ph / 2
        plot = (cx - r, cy - r, cx + r, cy + r)
        cats = [([c], fs) for c in chart.categories]
    elif chart.horizontal:
        cats = [_fit_category(c, 0.35 * w, measure, fs) for c in chart.categories]
        cat_w = max(max(measure(x, s) for x in lines) for lines, s in cats)
        left = cat_w + 0.6 * fs
        right = w - max(measure(ticks[-1][1], fs) / 2, 0.3 * fs)
        if chart.labels and not chart.stacked:
            widest = max(measure(label_of(v, s), fs) for s in chart.series for v in s.values if v is not None) \
                if any(v is not None for s in chart.series for v in s.values) else 0.0
            right = min(right, w - widest * 0.6)
        bottom = legend_h + 1.6 * fs + (title_room if axis1.title else 0)
        plot = (left, bottom, max(left + 1.0, right), h - 0.3 * fs)
        if axis1.title:
            tw = measure(axis1.title, fs)
            titles[0] = AxisTitle(axis1.title, (plot[0] + plot[2] - tw) / 2, legend_h + 0.4 * fs, tw)
    else:
        left = max(measure(t, fs) for _, t in ticks) + 0.6 * fs
        right = w - 0.3 * fs
        if axis2 is not None:
            right = w - (max(measure(t, fs) for _, t in axis2.ticks) + 0.6 * fs)
        slot = (right - left) / len(chart.categories)
        cats = [_fit_category(c, slot - 0.3 * fs, measure, fs) for c in chart.categories]
        cat_h = max(len(lines) for lines, _ in cats) * 1.2 * fs + 0.5 * fs
        named = [ax for ax in (axis1, axis2) if ax is not None and ax.title]
        top = h - 0.7 * fs - (1.2 * fs if chart.labels and lines_at else 0) - (title_room if named else 0)
        plot = (left, legend_h + cat_h, right, max(legend_h + cat_h + 1.0, top))
        # Level over the axis's tick labels, as Korean reports write the unit: left at the left
        # edge, the secondary one ending at the right edge.
        base = plot[3] + 0.85 * fs + (1.2 * fs if chart.labels and lines_at else 0)
        for k, ax in enumerate((axis1, axis2)):
            if ax is not None and ax.title:
                tw = measure(ax.title, fs)
                titles[k] = AxisTitle(ax.title, 0.0 if k == 0 else w - tw, min(base, h - 1.0 * fs), tw)

    # Labels: text, position and colour per point; None where it cannot be shown.
    series = []
    spots = line_label_positions(chart, lines_at) if lines_at else None
    plot_len = (plot[2] - plot[0]) if chart.horizontal else (plot[3] - plot[1])
    totals = [math.fsum(max(0.0, s.values[i] or 0.0) for s in chart.series) for i in range(len(chart.categories))]
    for si, s in enumerate(chart.series):
        labels = None
        is_line = si in lines_at
        if chart.labels:
            out: list[ChartLabel | None] = []
            for i, v in enumerate(s.values):
                if v is None:
                    # No data: no bar, and a dash where its label would be; a line or area just breaks.
                    bars = not (is_line or chart.circular or chart.stacked or kind in (ChartForm.AREA,))
                    out.append(ChartLabel(GAP_TEXT, "out", muted) if bars else None)
                    continue
                t = label_of(v, s)
                if chart.stacked and kind is not ChartForm.COMBO:
                    part = v / totals[i] if chart.percent and totals[i] > 0 else v
                    seg = abs(part) * plot_len / (scale.maximum - scale.minimum)
                    need = measure(t, fs) + 4 if chart.horizontal else 1.25 * fs
                    out.append(ChartLabel(t, "center", label_color_on(fills[si][i], text)) if v != 0 and seg >= need else None)
                elif is_line:
                    out.append(ChartLabel(t, spots[si][i], text))
                elif kind is ChartForm.AREA:  # in the area, half way up, as PowerPoint places them
                    out.append(ChartLabel(t, "center", label_color_on(fills[si][i], text)))
                elif kind is ChartForm.PIE:
                    out.append(ChartLabel(t, "out", text) if v > 0 else None)
                elif kind is ChartForm.DOUGHNUT:
                    out.append(ChartLabel(t, "inside", label_color_on(fills[si][i], text)) if v > 0 else None)
                else:
                    out.append(ChartLabel(t, "out", text))
            labels = tuple(out)
        color = fills[si][0] if chart.circular else series_color(palette, si)
        own = None
        if chart.combo or s.format is not None or s.unit is not None:
            fmt, unit = chart.series_format(s)
            own = excel_code(fmt, unit)
        series.append(ChartSeries(s.name, s.values, color, tuple(fills[si]), labels, line=chart.combo and is_line,
                                  secondary=s.secondary, number_code=own))

    return ChartSpec(
        id=chart.id, kind=kind, categories=chart.categories, series=tuple(series), face=face, bold_face=bold_face,
        font_size=fs, number_code=number_code, label_code=label_code, label_kind=label_kind, scale=scale, ticks=ticks,
        legend=legend, legend_pos=legend_pos, text_color=text, muted_color=muted, grid_color=GRID_COLOR,
        axis_color=AXIS_COLOR, plot=plot, category_lines=tuple(tuple(lines) for lines, _ in cats),
        category_size=min((s for _, s in cats), default=fs), legend_rows=tuple(tuple(r) for r in rows),
        gap_width=GAP_WIDTH, hole=DOUGHNUT_HOLE,
        tick_code=axis1.code if axis1 else number_code,
        scale2=axis2.scale if axis2 else None, ticks2=axis2.ticks if axis2 else (), tick_code2=axis2.code if axis2 else "General",
        axis_titles=(titles[0], titles[1]), alt=chart.alt, title=chart.title, size=(w, h),
    )


def _is_line(chart: m.Chart, s: m.Series) -> bool:
    """Drawn as a line: every series of a line chart, a combo's line series."""
    return chart.kind is m.ChartType.LINE or (chart.combo and s.kind is m.ChartType.LINE)


def _legend_rows(entries, w: float, fs: float, measure: Measure):
    """Legend entries in centred rows along the bottom: (name, colour, x, y) and the height used."""
    sw, gap, pad = 0.8 * fs, 0.4 * fs, 1.5 * fs
    rows: list[list[tuple[str, Color, float]]] = [[]]
    row_w = 0.0
    for name, color in entries:
        iw = sw + gap + measure(name, fs)
        if rows[-1] and row_w + pad + iw > w:
            rows.append([])
            row_w = 0.0
        row_w += (pad if rows[-1] else 0) + iw
        rows[-1].append((name, color, iw))
    line_h = 1.5 * fs
    height = len(rows) * line_h + 0.3 * fs
    placed = []
    for r, row in enumerate(rows):
        total = sum(iw for *_, iw in row) + pad * (len(row) - 1)
        x = (w - total) / 2
        y = height - (r + 1) * line_h + 0.35 * fs
        out = []
        for name, color, iw in row:
            out.append((name, color, x, y))
            x += iw + pad
        placed.append(out)
    return placed, height
