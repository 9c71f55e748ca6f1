"""model.Chart × size × fonts → plan.ChartSpec: every chart decision, made once with the real font.

Colours per point, the value scale and its ticks, label texts (values or a pie's shares) and where
they go, which stacked labels fit their segment, the legend, category names broken into lines by the
Korean line rules, and the plot rectangle — both chart backends draw this and nothing else, so the
deck's native chart and the handout's vector chart agree.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from .. import model as m
from ..text import cut as cut_text
from ..numfmt import excel_code, format_value, parse_number_format
from ..plan import AxisTitle, ChartForm, ChartSeries, ChartSpec, Color, Scale
from . import categories, chart_axes, labels, slice_labels
from . import legend as legends

if TYPE_CHECKING:
    from ..fonts import Face

GRID_COLOR = Color("#D0D7DE")  # light gridlines on the value axis
AXIS_COLOR = Color("#AFB8C1")  # the category axis line
WHITE = Color("#FFFFFF")
PLOT_SHARE = 0.5  # the least of a column chart's width its plot keeps from the value axes' tick labels (else they step down)
GAP_WIDTH = 60  # space between bar groups, in % of one bar (PowerPoint's c:gapWidth)
DOUGHNUT_HOLE = 55  # inner radius, in % of the outer one (c:holeSize)
SERIES_PALETTE = m.SERIES_PALETTE
SHARE_CODE = "0.0%"
SHARE_FORMAT = parse_number_format(SHARE_CODE)
BOTH_SHARE_FORMAT = parse_number_format("0%")  # the share beside a value: "882.9억 달러 (62%)"

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

# The value axes are planned in `chart_axes`; `value_scale` stays importable from here.
value_scale = chart_axes.value_scale
GAP_TEXT = "—"  # a label where there is no data (a column or bar without a value)


def label_text(chart: m.Chart, value: float, series: m.Series | None = None) -> str:
    """`value` as the labels print it: in the series' own format and unit, else the chart's."""
    fmt, unit = chart.series_format(series) if series is not None else (chart.format, chart.unit)
    return format_value(value, fmt, unit)


def _is_line(chart: m.Chart, s: m.Series) -> bool:
    """Drawn as a line: every series of a line chart, a combo's line series."""
    return chart.kind is m.ChartType.LINE or (chart.combo and s.kind is m.ChartType.LINE)


def line_label_positions(chart: m.Chart) -> list[list[str]]:
    """Where each line point's label goes, [series][category]: "above", "below" or "right".

    With several lines, the highest value at a category is labelled above, the lowest below
    and the ones between to the right, so close points do not overprint each other.
    """
    n_series, n_cat = len(chart.series), len(chart.categories)
    lines = [k for k, s in enumerate(chart.series) if _is_line(chart, s)]
    out = [["above"] * n_cat for _ in range(n_series)]
    if len(lines) < 2:
        return out
    for i in range(n_cat):
        have = [k for k in lines if chart.series[k].values[i] is not None]
        order = sorted(have, key=lambda k: (-chart.series[k].values[i], k))
        for rank, k in enumerate(order):
            out[k][i] = "above" if rank == 0 else "below" if rank == len(order) - 1 else "right"
    return out


# --- the spec ---------------------------------------------------------------------------


def label_texts(chart: m.Chart) -> tuple[list[list[str | None]], str | None, str]:
    """Each point's label text ([series][category]; None: no label), the labels' kind and their Excel
    code. `labels: true` (or `value`) prints the values, formatted, with the unit, on every kind;
    `share` each point's share of its whole (a slice of the pie, a segment of its 100 % bar);
    `both` the value and its share, `882.9억 달러 (62%)`."""
    n = len(chart.categories)
    if not chart.labels:
        return [[None] * n for _ in chart.series], None, excel_code(chart.format, chart.unit)
    mode = "value" if chart.labels in (True, "value") else chart.labels
    # No data: a dash where a bar or column would stand; a line, an area, a segment or a slice has none.
    dash = not (chart.stacked or chart.circular or chart.kind in (m.ChartType.LINE, m.ChartType.AREA))

    def gap(s: m.Series) -> str | None:
        return GAP_TEXT if dash and not _is_line(chart, s) else None

    if mode == "value":
        return [[gap(s) if v is None else label_text(chart, v, s) for v in s.values] for s in chart.series], "value", \
            excel_code(chart.format, chart.unit)
    totals = [math.fsum(max(0.0, s.values[i] or 0.0) for s in chart.series) for i in range(n)]
    if chart.circular:
        whole = math.fsum(max(0.0, v or 0.0) for v in chart.series[0].values)
        totals = [whole] * n

    def share(v: float, i: int) -> float:
        return max(0.0, v) / totals[i] if totals[i] > 0 else 0.0

    if mode == "share":
        return [[gap(s) if v is None else format_value(share(v, i), SHARE_FORMAT) for i, v in enumerate(s.values)]
                for s in chart.series], "share", SHARE_CODE
    return [[gap(s) if v is None else f"{label_text(chart, v, s)} ({format_value(share(v, i), BOTH_SHARE_FORMAT)})"
             for i, v in enumerate(s.values)] for s in chart.series], "both", excel_code(chart.format, chart.unit)


def resolve(chart: m.Chart, w: float, h: float, *, font_size: float, palette: dict[str, Color], face: Face,
            bold_face: Face, measure: Measure, fit: Measure | None = None, chain=None) -> ChartSpec:
    """The chart drawn in a w × h box (points) at `font_size`, text measured in `face` by `measure`
    (`fit`: the widest a viewer's stand-in face may draw it, for keeping labels apart); the spec
    carries the faces themselves and the plan's chart type, so renderers look up neither. With
    `chain` (the FontChain that `measure` and `fit` read), a rebuild in watch takes the spec an
    earlier build made for the same chart, box, palette and faces (its warnings come from the spec)."""
    from .. import reuse

    if chain is None or not reuse.enabled():
        return _resolve(chart, w, h, font_size, palette, face, bold_face, measure, fit)
    k = reuse.key(chart, w, h, font_size, palette, face, bold_face, repr(chain.fonts), chain.regular, chain.bold)
    return reuse.memo("chart-layout", k, lambda: _resolve(chart, w, h, font_size, palette, face, bold_face, measure, fit),
                      lambda spec: 8192 + 64 * len(chart.categories) * len(chart.series))


def _resolve(chart: m.Chart, w: float, h: float, font_size: float, palette: dict[str, Color], face: Face,
             bold_face: Face, measure: Measure, fit: Measure | None) -> ChartSpec:
    fs = font_size
    fit = fit or measure
    text, muted = palette["text"], palette["muted"]
    kind = ChartForm(chart.kind)
    fills = point_colors(chart, palette)
    texts, label_kind, label_code = label_texts(chart)
    for si, s in enumerate(chart.series):  # no segment or slice, no label
        for i, v in enumerate(s.values):
            if v is not None and ((chart.stacked and v == 0) or (chart.circular and v <= 0)):
                texts[si][i] = None
    number_code = excel_code(chart.format, chart.unit)

    # Legend: several series, or slices (layout/legend.py); a pie with no room for it names its slices in its labels.
    legend: tuple = ()
    if chart.circular:
        legend = tuple(zip(chart.categories, fills[0]))
    elif len(chart.series) > 1:
        legend = tuple((s.name, series_color(palette, i)) for i, s in enumerate(chart.series))
    named = [[f"{c} {t}" if t is not None else c if not label_kind and v is not None and v > 0 else None
              for c, t, v in zip(chart.categories, texts[0], chart.series[0].values)]] if chart.circular else texts
    key = legends.plan(legend, w, h, fs, measure, circular=chart.circular,
                       radius=lambda lw, lh, named_: _pie_plot(kind, chart, named if named_ else texts, w - lw, h - lh, lh, fs, fit,
                                                                named_)[1])
    if key.named:
        legend, texts = (), named
        label_kind, label_code = label_kind or "name", label_code if label_kind else "General"
    legend_pos, legend_w, legend_h, rows = key.pos, key.w, key.h, key.rows

    scale = None
    ticks: tuple = ()
    ts = fs  # the value axes' tick labels' size
    axis1 = axis2 = None
    title_room = 1.6 * fs  # a value axis's title: a line over (or under) its tick labels
    titles: list[AxisTitle | None] = [None, None]
    cut: set[str] = set()  # axis titles wider than their room, drawn cut with "…"
    line_labels = bool(label_kind) and any(_is_line(chart, s) for s in chart.series)
    cats = categories.Categories(tuple((c,) for c in chart.categories), fs)
    n = len(chart.categories)
    if chart.circular:
        plot, _ = _pie_plot(kind, chart, texts, w - legend_w, h - legend_h, legend_h, fs, fit, key.named)
    else:
        # Fewer ticks until their labels stand apart (a coarser, still nice step; on a plot too short
        # even for that, the axis's ends, then its lowest tick alone).
        for target in (5, 4, 3, 2, 1, 0, -1):
            axis1, axis2 = chart_axes.chart_axes(chart, target)
            scale, ticks = axis1.scale, axis1.ticks
            titles = [None, None]
            if chart.horizontal:
                span = h - legend_h - 1.9 * fs - (title_room if axis1.title else 0)
                cats = categories.fit_categories(chart.categories, max(1e-6, span / n), fs, fit, horizontal=True, room=0.35 * w)
                inset = [0.0, 0.0]  # thinned names: the plot made shorter until the ends' names stand beside it
                for _ in range(3):
                    more = categories.overhang(cats, chart.categories, span, fit, horizontal=True)
                    if max(more) <= 0.01:
                        break
                    inset, span = [a + b for a, b in zip(inset, more)], span - sum(more)
                    cats = categories.fit_categories(chart.categories, max(1e-6, span / n), fs, fit, horizontal=True, room=0.35 * w)
                left = max(cats.depth + 0.6 * fs, fit(ticks[0][1], fs) / 2 + 0.1 * fs)  # the first tick inside too
                right = w - max(fit(ticks[-1][1], fs) / 2, 0.3 * fs)
                if any(t is not None for row in texts for t in row) and not chart.stacked:
                    widest = max(fit(t, fs) for row in texts for t in row if t is not None)
                    right = min(right, w - widest * 0.6)
                bottom = legend_h + 1.6 * fs + (title_room if axis1.title else 0) + inset[1]
                plot = (left, bottom, max(left + 1.0, right), max(bottom + 1.0, h - 0.3 * fs - inset[0]))
                if axis1.title:  # under the tick labels, centred on the plot
                    title_text = _axis_title(axis1.title, w - 0.6 * fs, fs, fit, cut)
                    tw = fit(title_text, fs)
                    titles[0] = AxisTitle(title_text, max(0.0, min((plot[0] + plot[2] - tw) / 2, w - tw)), legend_h + 0.4 * fs, tw)
            else:
                for ts in labels.sizes(fs):  # the tick labels step down while they leave the plot under half the chart
                    left = max(fit(t, ts) for _, t in ticks) + 0.6 * ts
                    right = w - 0.3 * fs
                    if axis2 is not None:  # the secondary axis's ticks on the right
                        right = w - (max(fit(t, ts) for _, t in axis2.ticks) + 0.6 * ts)
                    if right - left >= PLOT_SHARE * w:
                        break
                cats = categories.fit_categories(chart.categories, (right - left) / n, fs, fit, horizontal=False, room=0,
                                                 cap=0.35 * (h - legend_h), left=left)
                for _ in range(3):  # thinned names level: the plot made narrower until the ends' names stand under it
                    more_left, more_right = categories.overhang(cats, chart.categories, right - left, fit)
                    if more_left <= 0.01 and more_right <= 0.01:
                        break
                    left, right = left + more_left, right - more_right
                    cats = categories.fit_categories(chart.categories, (right - left) / n, fs, fit, horizontal=False, room=0,
                                                     cap=0.35 * (h - legend_h), left=left)
                named = any(ax is not None and ax.title for ax in (axis1, axis2))
                under = max(cats.depth, 0.6 * ts)  # the lowest tick label inside the chart, names or none
                # A line's labels keep a line over the plot, but not where the plot would be under two lines.
                reserve = 1.2 * fs if line_labels and h - 0.7 * fs - 1.2 * fs - (title_room if named else 0) \
                    - legend_h - under >= 2.4 * fs else 0.0
                top = h - 0.7 * fs - reserve - (title_room if named else 0)
                plot = (left, legend_h + under, right, max(legend_h + under + 1.0, top))
                # Level over the axis's tick labels, as Korean reports write the unit: the value axis's
                # at the left edge, the secondary one's ending at the right edge.
                base = min(plot[3] + 0.85 * fs + reserve, h - 1.0 * fs)
                both = all(ax is not None and ax.title for ax in (axis1, axis2))
                for k, ax in enumerate((axis1, axis2)):
                    if ax is not None and ax.title:  # each within the chart, the two a gap apart
                        title_text = _axis_title(ax.title, (w - fs) / 2 if both else w, fs, fit, cut)
                        tw = fit(title_text, fs)
                        titles[k] = AxisTitle(title_text, 0.0 if k == 0 else max(0.0, w - tw), base, tw)
            if labels.ticks_apart(ticks, plot, scale, chart.horizontal, ts, fit) and (
                    axis2 is None or labels.ticks_apart(axis2.ticks, plot, axis2.scale, False, ts, fit)):
                break

    # Every text's box; the data labels placed clear of the others (layout/labels.py).
    boxes: list[tuple[str, str, tuple]] = []
    for row in rows:
        for name, _, x, y in row:
            boxes.append(("legend", name, (x, y - 0.15 * key.size, x + 1.2 * key.size + measure(name, key.size), y + 0.9 * key.size)))
    if scale is not None:
        boxes += [("tick", t, b) for t, b in _tick_boxes(ticks, plot, scale, chart.horizontal, fs, fit, size=ts)]
        if axis2 is not None:
            boxes += [("tick", t, b) for t, b in _tick_boxes(axis2.ticks, plot, axis2.scale, False, fs, fit, right=True, size=ts)]
        boxes += [("category", t, b) for t, b in categories.category_boxes(cats, plot, n, fs, chart.horizontal, fit)]
        boxes += [("axis-title", t.text, (t.x, t.y - 0.25 * fs, t.x + t.width, t.y + 0.8 * fs)) for t in titles if t]
    values = [list(s.values) for s in chart.series]
    if chart.percent:  # a 100 % chart's segments are shares of their category's total
        totals = [math.fsum(max(0.0, s.values[i] or 0.0) for s in chart.series) for i in range(n)]
        values = [[None if v is None else (v / totals[i] if totals[i] > 0 else 0.0) for i, v in enumerate(row)] for row in values]
    frame = labels.Frame(
        kind=kind, w=w, h=h, plot=plot, scale=scale, values=values, fills=fills,
        texts=texts, default=line_label_positions(chart), names=[s.name for s in chart.series],
        categories=list(chart.categories), fs=fs, measure=fit, text_color=text,
        on_fill=lambda c: label_color_on(c, text), obstacles=[b for _, _, b in boxes], gap_width=GAP_WIDTH, hole=DOUGHNUT_HOLE,
        lines={k for k, s in enumerate(chart.series) if chart.combo and _is_line(chart, s)},
        secondary={k for k, s in enumerate(chart.series) if s.secondary}, scale2=axis2.scale if axis2 else None)
    placed = (slice_labels.place_circular if chart.circular else labels.place)(frame)
    if key.named:  # a label left out is listed by its name, once (a name alone: with its value)
        value = {c: v for c, v in zip(chart.categories, chart.series[0].values) if v is not None}
        placed = replace(placed, dropped=tuple((c, t.removeprefix(f"{c} ") if t != c else label_text(chart, value[c]))
                                               for c, t in placed.dropped))
    for row in placed.labels:
        boxes += [("label", lb.text, lb.box) for lb in row if lb is not None]

    series = []
    for si, s in enumerate(chart.series):
        color = fills[si][0] if chart.circular else series_color(palette, si)
        own = tuple(placed.labels[si]) if label_kind else None
        code = None
        if chart.combo or s.format is not None or s.unit is not None:  # its own format: workbook and labels
            code = excel_code(*chart.series_format(s))
        series.append(ChartSeries(s.name, s.values, color, tuple(fills[si]), own, line=chart.combo and _is_line(chart, s),
                                  secondary=s.secondary, number_code=code))

    return ChartSpec(
        id=chart.id, kind=kind, categories=chart.categories, series=tuple(series), face=face, bold_face=bold_face,
        font_size=fs, number_code=number_code, label_code=label_code, label_kind=label_kind, scale=scale, ticks=ticks,
        legend=legend, legend_pos=legend_pos, legend_size=key.size, labels_named=key.named, legend_cut=key.cut + tuple(sorted(cut)),
        text_color=text, muted_color=muted, grid_color=GRID_COLOR,
        axis_color=AXIS_COLOR, plot=plot, category_lines=cats.lines, category_size=cats.size, category_step=cats.step,
        legend_rows=tuple(tuple(r) for r in rows), gap_width=GAP_WIDTH, hole=DOUGHNUT_HOLE,
        label_size=placed.size if label_kind else 0.0, category_rotation=cats.rotation, categories_dropped=cats.dropped, categories_cut=cats.cut,
        text_boxes=tuple((role, t, tuple(round(v, 2) for v in b)) for role, t, b in boxes), dropped=placed.dropped,
        tick_code=axis1.code if axis1 else number_code, tick_size=ts, scale2=axis2.scale if axis2 else None,
        ticks2=axis2.ticks if axis2 else (), tick_code2=axis2.code if axis2 else "General",
        axis_titles=(titles[0], titles[1]), size=(w, h), alt=chart.alt, title=chart.title,
    )


def _pie_plot(kind: ChartForm, chart: m.Chart, texts, pw: float, ph: float, y0: float, fs: float, fit: Measure,
              named: bool = False) -> tuple[tuple[float, float, float, float], float]:
    """A pie's or doughnut's square in the pw × ph room over its legend (at `y0`) and its radius:
    room at its sides for the outside labels (labels that carry names: what they need at the floor,
    at most a third of the room a side, as they stand in columns there)."""
    cx, cy = pw / 2, y0 + ph / 2
    shown = [t for t in texts[0] if t is not None]
    outside = bool(shown) and kind is ChartForm.PIE
    floor = labels.sizes(fs)[-1]
    if shown and kind is ChartForm.DOUGHNUT:  # outside only where a label does not fit its ring
        r0 = max(1.0, min(pw / 2, ph / 2) - 0.3 * fs)
        outside = any(t is not None and a is not None and not slice_labels.ring_fits(
            fit(t, floor), floor, cx, cy, r0, r0 * DOUGHNUT_HOLE / 100, *a)
            for t, a in zip(texts[0], slice_labels.slice_angles(chart.series[0].values)))
    if named and outside:
        margin_x = min(max(fit(t, floor) for t in shown) + 0.8 * floor, pw / 3)
    else:
        margin_x = (max(fit(t, fs) for t in shown) + 0.8 * fs) if outside else 0.3 * fs
    margin_y = 1.6 * fs if outside else 0.3 * fs
    r = max(1.0, min(pw / 2 - margin_x, ph / 2 - margin_y))
    return (cx - r, cy - r, cx + r, cy + r), r


def _axis_title(title: str, room: float, fs: float, measure: Measure, cut: set[str]) -> str:
    """A value axis's title in one line within `room`, cut with "…" (never inside a number) where it
    is wider: it is the unit line over the ticks, not a sentence (noted in `cut`, for the warning)."""
    if measure(title, fs) <= room:
        return title
    cut.add(title)
    return legends.cut_line(title, room, fs, measure)


def warn_dropped(problems, chart, spec, seen: set[str]) -> None:
    """One warning per chart (the first time it is laid out with something left out): category names
    thinned (every `category_step`-th shown) and data labels left out, how many and the first; and,
    apart, category names not drawn for a number wider than its column (`categories-dropped`) and
    legend names cut with … (`legend-cut`)."""
    if chart.id in seen or not (spec.dropped or spec.category_step > 1 or spec.categories_dropped or spec.legend_cut
                                or spec.categories_cut):
        return
    seen.add(chart.id)
    floor = labels.sizes(spec.font_size)[-1]
    step, parts = spec.category_step, []
    if step > 1:
        n = len(spec.categories)
        names = [c for i, c in enumerate(spec.categories[:4 * step]) if i % step][:3]
        left = n - len(range(0, n, step))
        parts.append(f"{left} of {n} category names left out ({labels.first_names(names, left)}; one in every {step} shown)")
    if spec.dropped:
        total = sum(1 for s in spec.series for lb in (s.labels or ()) if lb is not None) + len(spec.dropped)
        listed = "their values under the chart" if len(spec.dropped) <= labels.OMITTED_LISTED else \
            f"the first {labels.OMITTED_LISTED} values under the chart"
        parts.append(f"{len(spec.dropped)} of {total} labels left out "
                     f"({labels.first_names([n for n, _ in spec.dropped[:3]], len(spec.dropped))})"
                     f": no room even at {floor:g} pt; the handout prints {listed}")
    elif parts:
        parts[-1] += f": no room even at {floor:g} pt"
    if parts:
        problems.warning(chart.span, f"charts.{chart.id}.{'labels' if spec.dropped else 'categories'}", "; ".join(parts),
                         code="labels-dropped")
    if spec.legend_cut:
        problems.warning(chart.span, f"charts.{chart.id}", f"{len(spec.legend_cut)} name(s) cut with … in the chart's legend or axis titles "
                         f"({spec.legend_cut[0][:40]}…): wider than the chart even at {floor:g} pt; shorten them",
                         code="legend-cut")
    if spec.categories_dropped:
        first = labels.first_names(list(spec.categories_dropped[:3]), len(spec.categories_dropped))
        problems.warning(chart.span, f"charts.{chart.id}.categories",
                         f"{len(spec.categories_dropped)} of {len(spec.categories)} category names not drawn under the "
                         f"chart ({first}): a number in them is wider than its column even at {floor:g} pt and is "
                         "never broken; shorten them or use a bar chart", code="categories-dropped")
    if spec.categories_cut:
        first = labels.first_names([cut_text(c, 40, len) for c in spec.categories_cut[:2]], len(spec.categories_cut))
        problems.warning(chart.span, f"charts.{chart.id}.categories",
                         f"{len(spec.categories_cut)} of {len(spec.categories)} category names cut with … on the chart "
                         f"({first}): longer than the room {'beside' if spec.horizontal else 'under'} the plot even at "
                         f"{floor:g} pt; shorten them (the handout prints them whole under the chart)", code="categories-cut")


def omitted_line(spec, language: str) -> str | None:
    """The handout's line under a chart that lists the values its labels left out (the first
    `labels.OMITTED_LISTED`, then how many more) and the category names it does not draw for a
    number wider than its column (None: none). Names thinned out of a long axis are not listed."""
    ko = language.lower().startswith("ko")
    parts = []
    if spec.dropped:
        lead = "차트에 표시하지 않은 값: " if ko else "Values not labelled on the chart: "
        listed = spec.dropped[:labels.OMITTED_LISTED]  # thousands thinned out are a table, not a line
        more = len(spec.dropped) - len(listed)
        tail = "" if not more else f" 외 {more:,}개" if ko else f" and {more:,} more"
        parts.append(lead + ", ".join(f"{name} {text}" for name, text in listed) + tail)
    if spec.categories_dropped:  # names too wide for their column: printed here, never broken
        parts.append(("차트에 표시하지 않은 항목: " if ko else "Categories not named on the chart: ") + ", ".join(spec.categories_dropped))
    if spec.categories_cut:  # names cut with …: whole here
        parts.append(("차트에 줄여 쓴 항목: " if ko else "Categories shortened on the chart: ") + ", ".join(spec.categories_cut))
    return "; ".join(parts) or None


def _tick_boxes(ticks, plot, scale: Scale, horizontal: bool, fs: float, measure: Measure, right: bool = False,
                size: float | None = None):
    """Where the painters draw each tick label (at `size`, the ticks' own, else `fs`): under a bar
    chart's plot, left of a column chart's (`right`: right of it, the secondary axis)."""
    x0, bottom, x1, top = plot
    span = scale.maximum - scale.minimum
    ts = size or fs
    out = []
    for v, t in ticks:
        tw = measure(t, ts)
        if horizontal:
            x = x0 + (v - scale.minimum) * (x1 - x0) / span
            out.append((t, labels.text_box(tw, x, bottom - 1.2 * fs, "middle", ts)))
        else:
            y = bottom + (v - scale.minimum) * (top - bottom) / span
            if right:
                out.append((t, labels.text_box(tw, x1 + 0.4 * fs, y - 0.35 * ts, "start", ts)))
            else:
                out.append((t, labels.text_box(tw, x0 - 0.4 * fs, y - 0.35 * ts, "end", ts)))
    return out
