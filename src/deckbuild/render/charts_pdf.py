"""model.Chart → a reportlab vector Drawing (w × h points), the same chart the deck shows natively.

Colours, the value scale, label texts and which labels are shown come from `chartspec`, as
in `charts_pptx`; this module only places them. Text is drawn as `String`s in the caller's
registered fonts, so it stays selectable and searchable in the PDF.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String, Wedge
from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..model import DEFAULT_COLORS, Chart
from . import chartspec

_GAP = chartspec.GAP_WIDTH / 100


class _Text:
    """Measure and place strings in one font."""

    def __init__(self, font: str, size: float):
        self.font, self.size = font, size

    def width(self, text: str, size: float | None = None) -> float:
        return stringWidth(text, self.font, size or self.size)

    def string(self, x, y, text, color, anchor="start", size=None) -> String:
        return String(x, y, text, fontName=self.font, fontSize=size or self.size,
                      fillColor=HexColor(color), textAnchor=anchor)

    def wrap(self, text: str, width: float) -> list[str]:
        """Lines of `text` broken at spaces to fit `width`; a word longer than the line stays whole."""
        lines: list[str] = []
        for word in text.split(" "):
            if lines and self.width(lines[-1] + " " + word) <= width:
                lines[-1] += " " + word
            else:
                lines.append(word)
        return lines or [""]


def chart_drawing(
    chart: Chart,
    w: float,
    h: float,
    *,
    colors: dict[str, str],
    font: str,
    font_size: float = 9,
) -> Drawing:
    """Draw `chart` into a w × h Drawing (points) with reportlab font `font` (registered by the caller)."""
    colors = {**DEFAULT_COLORS, **colors}
    d = Drawing(w, h)
    t = _Text(font, font_size)
    legend_h = legend_w = 0.0
    if chart.circular:
        entries = list(zip(chart.categories, chartspec.point_colors(chart, colors)[0]))
        legend_w = max(t.width(name) for name, _ in entries) + 2.2 * font_size
        if legend_w > 0.4 * w:  # a narrow column: the legend goes under the pie instead
            legend_w = 0.0
            legend_h = _legend_rows(d, t, entries, w, colors, draw=False)
    elif len(chart.series) > 1:
        entries = [(s.name, chartspec.series_color(colors, i)) for i, s in enumerate(chart.series)]
        legend_h = _legend_rows(d, t, entries, w, colors, draw=True)
    if chart.circular:
        if legend_w:
            _legend_column(d, t, entries, w - legend_w, h, colors)
        elif legend_h:
            _legend_rows(d, t, entries, w, colors, draw=True)
        _draw_circular(d, t, chart, 0, legend_h, w - legend_w, h - legend_h, colors)
    elif chart.horizontal:
        _draw_bars(d, t, chart, 0, legend_h, w, h - legend_h, colors)
    else:
        _draw_columns(d, t, chart, 0, legend_h, w, h - legend_h, colors)
    return d


# --- legend -----------------------------------------------------------------------------


def _legend_rows(d, t: _Text, entries, w, colors, draw: bool) -> float:
    """Legend entries in centred rows along the bottom; returns the height used."""
    fs = t.size
    sw, gap, pad = 0.8 * fs, 0.4 * fs, 1.5 * fs
    rows: list[list[tuple[str, str, float]]] = [[]]
    row_w = 0.0
    for name, color in entries:
        iw = sw + gap + t.width(name)
        if rows[-1] and row_w + pad + iw > w:
            rows.append([])
            row_w = 0.0
        row_w += (pad if rows[-1] else 0) + iw
        rows[-1].append((name, color, iw))
    line_h = 1.5 * fs
    height = len(rows) * line_h + 0.3 * fs
    if draw:
        for r, row in enumerate(rows):
            total = sum(iw for *_, iw in row) + pad * (len(row) - 1)
            x = (w - total) / 2
            y = height - (r + 1) * line_h + 0.35 * fs
            for name, color, iw in row:
                d.add(Rect(x, y, sw, sw, fillColor=HexColor(color), strokeColor=None))
                d.add(t.string(x + sw + gap, y + 0.05 * fs, name, colors["text"]))
                x += iw + pad
    return height


def _legend_column(d, t: _Text, entries, x0, h, colors) -> None:
    fs = t.size
    sw, line_h = 0.8 * fs, 1.6 * fs
    top = h / 2 + len(entries) * line_h / 2
    for k, (name, color) in enumerate(entries):
        y = top - (k + 1) * line_h + 0.4 * fs
        d.add(Rect(x0 + 0.6 * fs, y, sw, sw, fillColor=HexColor(color), strokeColor=None))
        d.add(t.string(x0 + 0.6 * fs + sw + 0.4 * fs, y + 0.05 * fs, name, colors["text"]))


# --- columns and lines (vertical value axis) --------------------------------------------


def _fit_lines(t: _Text, text: str, width: float) -> tuple[list[str], float]:
    """A category name in at most two lines within `width`, shrinking (to 70 %) if it must."""
    size = t.size
    while True:
        probe = _Text(t.font, size)
        lines = probe.wrap(text, width)
        if len(lines) <= 2 and all(probe.width(line) <= width for line in lines) or size <= 0.7 * t.size:
            return lines, size
        size *= 0.92


def _draw_columns(d, t: _Text, chart: Chart, x, y, w, h, colors) -> None:
    fs = t.size
    scale = chartspec.value_scale(chart)
    ticks = scale.ticks()
    tick_texts = [chartspec.label_text(chart, v) for v in ticks]
    n = len(chart.categories)
    left = x + max(t.width(s) for s in tick_texts) + 0.6 * fs
    right = x + w - 0.3 * fs
    slot = (right - left) / n
    cats = [_fit_lines(t, c, slot - 0.3 * fs) for c in chart.categories]
    cat_h = max(len(lines) for lines, _ in cats) * 1.2 * fs + 0.5 * fs
    bottom = y + cat_h
    top = y + h - 0.7 * fs - (1.2 * fs if chart.labels and chart.kind == "line" else 0)
    v2y = _axis_map(scale, bottom, top)

    for v, s in zip(ticks, tick_texts):
        yy = v2y(v)
        d.add(Line(left, yy, right, yy, strokeColor=HexColor(chartspec.GRID_COLOR), strokeWidth=0.5))
        d.add(t.string(left - 0.4 * fs, yy - 0.35 * fs, s, colors["muted"], "end"))
    for i, (lines, size) in enumerate(cats):
        cx = left + (i + 0.5) * slot
        for k, line in enumerate(lines):
            d.add(t.string(cx, bottom - 0.35 * fs - (k + 1) * 1.2 * size + 0.2 * size, line,
                           colors["text"], "middle", size))

    fills = chartspec.point_colors(chart, colors)
    if chart.kind == "line":
        _draw_lines(d, t, chart, left, slot, v2y, fills, colors)
    else:
        _draw_rects(d, t, chart, lambda i: left + i * slot, slot, v2y, fills, colors, vertical=True,
                    plot_len=top - bottom)
    base = v2y(max(scale.minimum, min(0.0, scale.maximum)))
    d.add(Line(left, base, right, base, strokeColor=HexColor(chartspec.AXIS_COLOR), strokeWidth=0.75))


def _axis_map(scale: chartspec.Scale, lo: float, hi: float):
    k = (hi - lo) / (scale.maximum - scale.minimum)
    return lambda v: lo + (v - scale.minimum) * k


def _draw_lines(d, t: _Text, chart: Chart, left, slot, v2y, fills, colors) -> None:
    fs = t.size
    spots = chartspec.line_label_positions(chart)
    highlight = chartspec.single_series_highlight(chart)
    for si, s in enumerate(chart.series):
        color = chartspec.series_color(colors, si)
        pts = [(left + (i + 0.5) * slot, v2y(v)) for i, v in enumerate(s.values)]
        d.add(PolyLine([c for p in pts for c in p], strokeColor=HexColor(color), strokeWidth=1.5,
                       strokeLineJoin=1, strokeLineCap=1))
        for i, (px, py) in enumerate(pts):
            big = highlight and chart.categories[i] in chart.highlight
            fill = fills[si][i] if highlight else color
            d.add(Circle(px, py, 3.0 if big else 2.2, fillColor=HexColor(fill), strokeColor=None))
            if chart.labels:
                text = chartspec.label_text(chart, s.values[i])
                spot = spots[si][i]
                if spot == "above":
                    d.add(t.string(px, py + 0.6 * fs, text, colors["text"], "middle"))
                elif spot == "below":
                    d.add(t.string(px, py - 1.3 * fs, text, colors["text"], "middle"))
                else:
                    d.add(t.string(px + 0.6 * fs, py - 0.35 * fs, text, colors["text"]))


def _draw_rects(d, t: _Text, chart: Chart, slot_start, slot, v2p, fills, colors, vertical, plot_len) -> None:
    """Bars or columns. `slot_start(i)` is where category i's slot begins along the category
    axis; `v2p` maps a value onto the value axis. For horizontal bars the slot runs downward."""
    fs = t.size
    ns = len(chart.series)
    shown = chartspec.stacked_labels_shown(chart, plot_len, fs) if chart.stacked else None
    if chart.stacked:
        thick = slot / (1 + _GAP)
    else:
        thick = slot / (ns + _GAP)
    pos_acc = [0.0] * len(chart.categories)
    neg_acc = [0.0] * len(chart.categories)
    labels = []
    for si, s in enumerate(chart.series):
        for i, v in enumerate(s.values):
            # Along the category axis: rightward for columns, downward for bars.
            sign = 1 if vertical else -1
            start = slot_start(i) + sign * (slot - (thick if chart.stacked else ns * thick)) / 2
            off = start + sign * (0 if chart.stacked else si * thick)
            if chart.stacked:
                acc = pos_acc if v >= 0 else neg_acc
                a, b = acc[i], acc[i] + v
                acc[i] = b
            else:
                a, b = 0.0, v
            pa, pb = v2p(a), v2p(b)
            lo, hi = min(pa, pb), max(pa, pb)
            fill = HexColor(fills[si][i])
            if vertical:
                d.add(Rect(off, lo, thick, hi - lo, fillColor=fill, strokeColor=None))
            else:
                # Horizontal: the slot runs down the page from slot_start(i).
                d.add(Rect(lo, off - thick, hi - lo, thick, fillColor=fill, strokeColor=None))
            if not chart.labels:
                continue
            text = chartspec.label_text(chart, v)
            mid = off + thick / 2 if vertical else off - thick / 2
            if chart.stacked:
                if shown[si][i]:
                    color = chartspec.label_color_on(fills[si][i], colors)
                    c = (pa + pb) / 2
                    if vertical:
                        labels.append(t.string(mid, c - 0.35 * fs, text, color, "middle"))
                    else:
                        labels.append(t.string(c, mid - 0.35 * fs, text, color, "middle"))
            elif vertical:
                yy = pb + 0.3 * fs if v >= 0 else pb - 1.1 * fs
                labels.append(t.string(mid, yy, text, colors["text"], "middle"))
            else:
                xx = pb + 0.3 * fs if v >= 0 else pb - 0.3 * fs
                labels.append(t.string(xx, mid - 0.35 * fs, text, colors["text"], "start" if v >= 0 else "end"))
    for s in labels:  # over every bar, so a neighbour never hides a label
        d.add(s)


# --- bars (horizontal value axis) -------------------------------------------------------


def _draw_bars(d, t: _Text, chart: Chart, x, y, w, h, colors) -> None:
    fs = t.size
    scale = chartspec.value_scale(chart)
    ticks = scale.ticks()
    tick_texts = [chartspec.label_text(chart, v) for v in ticks]
    max_cat_w = 0.35 * w
    cats = [_fit_lines(_Text(t.font, fs), c, max_cat_w) for c in chart.categories]
    cat_w = max(max(_Text(t.font, size).width(line) for line in lines) for lines, size in cats)
    left = x + cat_w + 0.6 * fs
    right = x + w - max(t.width(tick_texts[-1]) / 2, 0.3 * fs)
    if chart.labels and not chart.stacked:
        # Room for the longest outside label beyond the end of the axis.
        widest = max(t.width(chartspec.label_text(chart, v)) for s in chart.series for v in s.values)
        right = min(right, x + w - widest * 0.6)
    bottom = y + 1.6 * fs
    top = y + h - 0.3 * fs
    n = len(chart.categories)
    slot = (top - bottom) / n
    v2x = _axis_map(scale, left, right)

    for v, s in zip(ticks, tick_texts):
        xx = v2x(v)
        d.add(Line(xx, bottom, xx, top, strokeColor=HexColor(chartspec.GRID_COLOR), strokeWidth=0.5))
        d.add(t.string(xx, bottom - 1.2 * fs, s, colors["muted"], "middle"))
    # Categories top to bottom in outline order, as the deck (reversed category axis) lists them.
    for i, (lines, size) in enumerate(cats):
        cy = top - (i + 0.5) * slot
        first = cy + (len(lines) - 1) * 0.6 * size - 0.35 * size
        for k, line in enumerate(lines):
            d.add(t.string(left - 0.5 * fs, first - k * 1.2 * size, line, colors["text"], "end", size))
    fills = chartspec.point_colors(chart, colors)
    _draw_rects(d, t, chart, lambda i: top - i * slot, slot, v2x, fills, colors, vertical=False,
                plot_len=right - left)
    base = v2x(max(scale.minimum, min(0.0, scale.maximum)))
    d.add(Line(base, bottom, base, top, strokeColor=HexColor(chartspec.AXIS_COLOR), strokeWidth=0.75))


# --- pie and doughnut -------------------------------------------------------------------


def _draw_circular(d, t: _Text, chart: Chart, x, y, w, h, colors) -> None:
    fs = t.size
    values = [max(0.0, v) for v in chart.series[0].values]
    total = sum(values)
    fills = chartspec.point_colors(chart, colors)[0]
    texts = [chartspec.label_text(chart, v) for v in values]
    outside = chart.labels and chart.kind == "pie"
    margin_x = (max(t.width(s) for s in texts) + 0.8 * fs) if outside else 0.3 * fs
    margin_y = 1.6 * fs if outside else 0.3 * fs
    r = max(1.0, min(w / 2 - margin_x, h / 2 - margin_y))
    cx, cy = x + w / 2, y + h / 2
    inner = r * chartspec.DOUGHNUT_HOLE / 100 if chart.kind == "doughnut" else 0.0
    if total <= 0:
        return
    group = Group()
    labels = []
    start = 0.0
    white = HexColor(chartspec.WHITE)
    for i, v in enumerate(values):
        if v <= 0:
            continue
        frac = v / total
        # Clockwise from 12 o'clock, as PowerPoint draws c:firstSliceAng=0.
        a_hi = 90 - start * 360
        a_lo = 90 - (start + frac) * 360
        start += frac
        fill = HexColor(fills[i])
        if frac >= 0.99999:
            group.add(Circle(cx, cy, r, fillColor=fill, strokeColor=None))
            if inner:
                group.add(Circle(cx, cy, inner, fillColor=white, strokeColor=None))
        elif inner:
            group.add(_ring_segment(cx, cy, r, inner, a_lo, a_hi, fill, white))
        else:
            group.add(Wedge(cx, cy, r, a_lo, a_hi, fillColor=fill, strokeColor=white, strokeWidth=1))
        if not chart.labels:
            continue
        mid = math.radians((a_lo + a_hi) / 2)
        cos, sin = math.cos(mid), math.sin(mid)
        if outside:
            lx, ly = cx + (r + 0.4 * fs) * cos, cy + (r + 0.4 * fs) * sin
            anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
            ly += -0.35 * fs + 0.45 * fs * sin  # above the top of the pie, below its bottom
            labels.append(t.string(lx, ly, texts[i], colors["text"], anchor))
        else:
            rr = (r + inner) / 2 if inner else r * 0.62
            color = chartspec.label_color_on(fills[i], colors)
            labels.append(t.string(cx + rr * cos, cy + rr * sin - 0.35 * fs, texts[i], color, "middle"))
    d.add(group)
    for s in labels:
        d.add(s)


def _ring_segment(cx, cy, r, inner, a_lo, a_hi, fill, stroke) -> Polygon:
    """A doughnut slice as one polygon (outer arc, then inner arc back), fine enough to look round."""
    steps = max(2, math.ceil((a_hi - a_lo) / 2))
    outer = [a_lo + (a_hi - a_lo) * k / steps for k in range(steps + 1)]
    pts: list[float] = []
    for a in outer:
        pts += [cx + r * math.cos(math.radians(a)), cy + r * math.sin(math.radians(a))]
    for a in reversed(outer):
        pts += [cx + inner * math.cos(math.radians(a)), cy + inner * math.sin(math.radians(a))]
    return Polygon(pts, fillColor=fill, strokeColor=stroke, strokeWidth=1, strokeLineJoin=1)
