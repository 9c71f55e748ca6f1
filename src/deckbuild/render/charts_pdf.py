"""plan.ChartSpec → a reportlab vector Drawing: the same chart the deck shows natively.

Everything was decided in layout (`charts.resolve`): colours, the value scale and ticks, label texts
and which are shown, the legend, category lines and the plot rectangle. This module maps values to
coordinates inside that rectangle and draws; it measures nothing. One painter class per chart kind,
chosen by `chart_painter` from the plan's `ChartForm` (an unknown kind is a bug, raised). Text is
drawn as `String`s in the caller's registered font, so it stays selectable and searchable in the PDF.
"""

from __future__ import annotations

import math

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Path, Polygon, PolyLine, Rect, String, Wedge
from reportlab.lib.colors import Color as RLColor, HexColor
from reportlab.pdfgen.canvas import FILL_NON_ZERO

from ..plan import ChartForm, ChartSpec, Color


def _hex(c: Color):
    return HexColor(c.hex)


def chart_drawing(spec: ChartSpec, w: float, h: float, *, font: str) -> Drawing:
    """Draw `spec` into a w × h Drawing (points) in reportlab font `font` (registered by the caller)."""
    return chart_painter(spec, font).drawing(w, h)


def chart_painter(spec: ChartSpec, font: str) -> "_ChartPainter":
    """The painter for `spec`'s kind, loaded with the spec (the one place a chart kind picks its drawing)."""
    try:
        cls = {
            ChartForm.BAR: _BarPainter,
            ChartForm.STACKED_BAR: _BarPainter,
            ChartForm.COLUMN: _ColumnPainter,
            ChartForm.STACKED_COLUMN: _ColumnPainter,
            ChartForm.PERCENT_STACKED_BAR: _BarPainter,
            ChartForm.PERCENT_STACKED_COLUMN: _ColumnPainter,
            ChartForm.LINE: _LinePainter,
            ChartForm.AREA: _AreaPainter,
            ChartForm.STACKED_AREA: _AreaPainter,
            ChartForm.PIE: _PiePainter,
            ChartForm.DOUGHNUT: _DoughnutPainter,
            ChartForm.COMBO: _ComboPainter,
        }[spec.kind]
    except KeyError:
        raise NotImplementedError(f"bug in deckbuild: no PDF drawing for {spec.kind!r} charts") from None
    return cls(spec, font)


class _ChartPainter:
    """Draws one chart: the legend here, the plot by each kind's subclass (`plot`)."""

    def __init__(self, spec: ChartSpec, font: str):
        self.spec, self.font = spec, font

    def string(self, x, y, text, color: Color, anchor="start", size=None) -> String:
        return String(x, y, text, fontName=self.font, fontSize=size or self.spec.font_size, fillColor=_hex(color),
                      textAnchor=anchor)

    def label(self, d: Drawing, label) -> None:
        """A data label where the plan put it, with its leader line (thin, muted) if it has one."""
        if label.leader:
            x0, y0, x1, y1 = label.leader
            d.add(Line(x0, y0, x1, y1, strokeColor=_hex(self.spec.muted_color), strokeWidth=0.5))
        d.add(self.string(label.x, label.y, label.text, label.color, label.anchor, label.size or None))

    def drawing(self, w: float, h: float) -> Drawing:
        spec = self.spec
        d = Drawing(w, h)
        fs = spec.legend_size or spec.font_size  # the legend's own size, as the plan set it
        sw = 0.8 * fs
        for row in spec.legend_rows:
            for name, color, x, y in row:
                d.add(Rect(x, y, sw, sw, fillColor=_hex(color), strokeColor=None))
                d.add(self.string(x + sw + 0.4 * fs, y + 0.05 * fs, name, spec.text_color, size=fs))
        self.plot(d)
        return d

    def plot(self, d: Drawing) -> None:
        raise NotImplementedError

    def axis_map(self, lo: float, hi: float, secondary: bool = False):
        s = self.spec.scale2 if secondary else self.spec.scale
        k = (hi - lo) / (s.maximum - s.minimum)
        return lambda v: lo + (v - s.minimum) * k

    def axis_titles(self, d: Drawing) -> None:
        """The value axes' titles where layout put them (level text)."""
        for t in self.spec.axis_titles:
            if t is not None:
                d.add(self.string(t.x, t.y, t.text, self.spec.muted_color))

    def shares(self, s) -> list[float | None]:
        """A series' values as drawn: shares of each category's total in a 100 % stacked chart."""
        if not self.spec.kind.percent:
            return list(s.values)
        totals = [math.fsum(max(0.0, x.values[i] or 0.0) for x in self.spec.series) for i in range(len(self.spec.categories))]
        return [None if v is None else (v / totals[i] if totals[i] > 0 else 0.0) for i, v in enumerate(s.values)]

    def rects(self, d, slot_start, slot, v2p, vertical: bool, series=None) -> None:
        """Bars or columns, side by side or stacked. `slot_start(i)` is where category i's slot begins
        along the category axis; `v2p` maps a value onto the value axis. For horizontal bars the slot
        runs downward. No data (None) draws no bar; its label (a dash) stands where the plan put it.
        The bars of one fill are one path (they never overlap): a chart of thousands of columns is a
        few shapes, not thousands."""
        spec = self.spec
        gap = spec.gap_width / 100
        series = list(spec.series) if series is None else series
        ns = len(series)
        thick = slot / (1 + gap) if spec.stacked else slot / (ns + gap)
        pos_acc = [0.0] * len(spec.categories)
        neg_acc = [0.0] * len(spec.categories)
        labels = []
        fills: dict[str, list[float]] = {}  # a fill → its bars' corners (x, y, w, h each)
        sign = 1 if vertical else -1  # along the category axis: rightward for columns, downward for bars
        for si, s in enumerate(series):
            for i, v in enumerate(self.shares(s)):
                start = slot_start(i) + sign * (slot - (thick if spec.stacked else ns * thick)) / 2
                off = start + sign * (0 if spec.stacked else si * thick)
                label = s.labels[i] if s.labels else None
                if v is None:
                    if label is not None:
                        labels.append(label)
                    continue
                if spec.stacked:
                    acc = pos_acc if v >= 0 else neg_acc
                    a, b = acc[i], acc[i] + v
                    acc[i] = b
                else:
                    a, b = 0.0, v
                pa, pb = v2p(a), v2p(b)
                lo, hi = min(pa, pb), max(pa, pb)
                fills.setdefault(s.points[i].hex, []).extend((off, lo, thick, hi - lo) if vertical else (lo, off - thick, hi - lo, thick))
                if label is not None:
                    labels.append(label)
        for fill, rects in fills.items():
            d.add(_bars(rects, HexColor(fill)))
        for label in labels:  # over every bar, so a neighbour never hides a label
            self.label(d, label)


def _bars(rects: list[float], fill) -> Path:
    """Rectangles (x, y, w, h, one after another) as one filled path."""
    points: list[float] = []
    for k in range(0, len(rects), 4):
        x, y, w, h = rects[k:k + 4]
        points += (x, y, x + w, y, x + w, y + h, x, y + h)
    ops = [0, 1, 1, 1, 3] * (len(rects) // 4)  # moveTo, lineTo × 3, closePath
    return Path(points, ops, fillColor=fill, strokeColor=None, fillMode=FILL_NON_ZERO)


class _ColumnPainter(_ChartPainter):
    """Columns (side by side or stacked) over categories along the bottom; `series` draws the values."""

    def plot(self, d: Drawing) -> None:
        spec, string = self.spec, self.string
        fs = spec.font_size
        left, bottom, right, top = spec.plot
        n = len(spec.categories)
        slot = (right - left) / n
        v2y = self.axis_map(bottom, top)
        ts = spec.tick_size or fs
        for v, text in spec.ticks:
            yy = v2y(v)
            d.add(Line(left, yy, right, yy, strokeColor=_hex(spec.grid_color), strokeWidth=0.5))
            d.add(string(left - 0.4 * fs, yy - 0.35 * ts, text, spec.muted_color, "end", ts))
        if spec.scale2 is not None:  # the secondary axis's ticks, on the right (no gridlines of its own)
            v2y2 = self.axis_map(bottom, top, secondary=True)
            for v, text in spec.ticks2:
                d.add(string(right + 0.4 * fs, v2y2(v) - 0.35 * ts, text, spec.muted_color, "start", ts))
        self.axis_titles(d)
        size = spec.category_size
        for i, lines in enumerate(spec.category_lines):
            if not lines:  # a name the plan left out (thinned)
                continue
            cx = left + (i + 0.5) * slot
            if spec.category_rotation:  # turned: the line ends just under its slot's middle
                g = Group(self.string(0, 0, lines[0], spec.text_color, "end", size))
                g.translate(cx + 0.3 * size, bottom - 0.7 * size)
                g.rotate(-spec.category_rotation)  # PowerPoint's turn is clockwise, reportlab's counter-clockwise
                d.add(g)
                continue
            for k, line in enumerate(lines):
                d.add(string(cx, bottom - 0.35 * fs - (k + 1) * 1.2 * size + 0.2 * size, line, spec.text_color, "middle", size))
        self.series(d, left, slot, v2y)
        base = v2y(max(spec.scale.minimum, min(0.0, spec.scale.maximum)))
        d.add(Line(left, base, right, base, strokeColor=_hex(spec.axis_color), strokeWidth=0.75))

    def series(self, d, left, slot, v2y) -> None:
        self.rects(d, lambda i: left + i * slot, slot, v2y, vertical=True)


class _LinePainter(_ColumnPainter):
    """Lines with a marker per point, on the columns' axes."""

    def series(self, d, left, slot, v2y, series=None) -> None:
        spec = self.spec
        series = list(spec.series) if series is None else series
        single = len(spec.series) == 1
        bottom, top = spec.plot[1], spec.plot[3]
        for s in series:
            to_y = self.axis_map(bottom, top, secondary=True) if s.secondary else v2y
            pts = [None if v is None else (left + (i + 0.5) * slot, to_y(v)) for i, v in enumerate(s.values)]
            run: list = []  # no data breaks the line: one polyline per run of points
            for p in pts + [None]:
                if p is not None:
                    run.append(p)
                    continue
                if len(run) > 1:
                    d.add(PolyLine([c for q in run for c in q], strokeColor=_hex(s.color), strokeWidth=spec.line_width,
                                   strokeLineJoin=1, strokeLineCap=1))
                run = []
            # A marker is a dot: a zero-length stroke with round caps, as wide as the marker; the
            # markers of one fill and size one path (a daily series draws a few shapes, not thousands).
            dots: dict[tuple[str, float], list[float]] = {}
            for i, p in enumerate(pts):
                if p is None:
                    continue
                fill = s.points[i]
                big = single and fill != s.color  # a highlighted point
                dots.setdefault((fill.hex, 3.0 if big else 2.2), []).extend((p[0], p[1], p[0], p[1]))
            for (fill, r), coords in dots.items():
                d.add(Path(coords, [0, 1] * (len(coords) // 4), fillColor=None, strokeColor=HexColor(fill),
                           strokeWidth=2 * r, strokeLineCap=1))
        for s in series:  # over every line
            for label in s.labels or ():
                if label is not None:
                    self.label(d, label)


class _AreaPainter(_ColumnPainter):
    """Areas (overlapping, or stacked bands) through each category's centre, as the deck sets the
    category axis (`crossBetween` between); no data counts as zero, as PowerPoint draws it."""

    def series(self, d, left, slot, v2y) -> None:
        spec = self.spec
        n = len(spec.categories)
        xs = [left + (i + 0.5) * slot for i in range(n)]
        acc = [0.0] * n
        for s in spec.series:
            values = [v or 0.0 for v in s.values]
            low = acc[:] if spec.stacked else [0.0] * n
            high = [a + v for a, v in zip(low, values)]
            if spec.stacked:
                acc = high
            pts = [c for x, v in zip(xs, high) for c in (x, v2y(v))] + [c for x, v in reversed(list(zip(xs, low))) for c in (x, v2y(v))]
            fill = _hex(s.color)
            if not spec.stacked and len(spec.series) > 1:
                fill = RLColor(fill.red, fill.green, fill.blue, alpha=0.75)  # overlapping areas: the ones behind show through
            d.add(Polygon(pts, fillColor=fill, strokeColor=None))
        for s in spec.series:  # over every area
            for label in s.labels or ():
                if label is not None:
                    self.label(d, label)


class _ComboPainter(_LinePainter):
    """Columns on their axis, then the lines over them (each on its own axis)."""

    def series(self, d, left, slot, v2y) -> None:
        spec = self.spec
        bars = [s for s in spec.series if not s.line]
        bottom, top = spec.plot[1], spec.plot[3]
        to_y = self.axis_map(bottom, top, secondary=True) if bars and bars[0].secondary else v2y
        self.rects(d, lambda i: left + i * slot, slot, to_y, vertical=True, series=bars)
        super().series(d, left, slot, v2y, series=[s for s in spec.series if s.line])


class _BarPainter(_ChartPainter):
    """Horizontal bars (side by side or stacked), categories down the left in outline order."""

    def plot(self, d: Drawing) -> None:
        spec, string = self.spec, self.string
        fs = spec.font_size
        left, bottom, right, top = spec.plot
        n = len(spec.categories)
        slot = (top - bottom) / n
        v2x = self.axis_map(left, right)
        for v, text in spec.ticks:
            xx = v2x(v)
            d.add(Line(xx, bottom, xx, top, strokeColor=_hex(spec.grid_color), strokeWidth=0.5))
            d.add(string(xx, bottom - 1.2 * fs, text, spec.muted_color, "middle", spec.tick_size or fs))
        self.axis_titles(d)
        # Categories top to bottom in outline order, as the deck (reversed category axis) lists them.
        size = spec.category_size
        for i, lines in enumerate(spec.category_lines):
            if not lines:  # a name the plan left out (thinned)
                continue
            cy = top - (i + 0.5) * slot
            first = cy + (len(lines) - 1) * 0.6 * size - 0.35 * size
            for k, line in enumerate(lines):
                d.add(string(left - 0.5 * fs, first - k * 1.2 * size, line, spec.text_color, "end", size))
        self.rects(d, lambda i: top - i * slot, slot, v2x, vertical=False)
        base = v2x(max(spec.scale.minimum, min(0.0, spec.scale.maximum)))
        d.add(Line(base, bottom, base, top, strokeColor=_hex(spec.axis_color), strokeWidth=0.75))


class _PiePainter(_ChartPainter):
    """Slices clockwise from 12 o'clock, labels outside (a pie) or on the ring (`_DoughnutPainter`)."""

    def inner_radius(self, r: float) -> float:
        return 0.0

    def plot(self, d: Drawing) -> None:
        spec = self.spec
        x0, y0, x1, y1 = spec.plot
        cx, cy, r = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2
        s = spec.series[0]
        values = [max(0.0, v or 0.0) for v in s.values]
        total = math.fsum(values)
        if total <= 0:
            return
        inner = self.inner_radius(r)
        group = Group()
        labels = []
        start = 0.0
        white = HexColor("#FFFFFF")
        for i, v in enumerate(values):
            if v <= 0:
                continue
            frac = v / total
            # Clockwise from 12 o'clock, as PowerPoint draws c:firstSliceAng=0.
            a_hi = 90 - start * 360
            a_lo = 90 - (start + frac) * 360
            start += frac
            fill = _hex(s.points[i])
            if frac >= 0.99999:
                group.add(Circle(cx, cy, r, fillColor=fill, strokeColor=None))
                if inner:
                    group.add(Circle(cx, cy, inner, fillColor=white, strokeColor=None))
            elif inner:
                group.add(_ring_segment(cx, cy, r, inner, a_lo, a_hi, fill, white))
            else:
                group.add(Wedge(cx, cy, r, a_lo, a_hi, fillColor=fill, strokeColor=white, strokeWidth=1))
            label = s.labels[i] if s.labels else None
            if label is not None:
                labels.append(label)
        d.add(group)
        for label in labels:
            self.label(d, label)


class _DoughnutPainter(_PiePainter):
    def inner_radius(self, r: float) -> float:
        return r * self.spec.hole / 100


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
