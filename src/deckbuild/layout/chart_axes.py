"""A chart's value axes: model.Chart (its series, `axis`, `axis2`) → the scale, tick values and tick
texts of the primary axis and, for a combo chart with a secondary series, of the secondary one.

In: the outline's chart. Out: `AxisPlan`s (scale, ticks as (value, text), the format code PowerPoint
prints the ticks in, the title). A tick is printed in the axis's own `number_format` when the outline
gives one, else in the labels' format (with the unit) without decimals the ticks do not need
(`0만 명`, not `0.0만 명`); a 100 % stacked chart's axis runs 0–100 % in whole percents.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import model as m
from ..numfmt import NumberFormat, decimals, excel_code, format_value, parse_number_format
from ..plan import Scale

PERCENT_AXIS = parse_number_format("0%")


@dataclass(frozen=True)
class AxisPlan:
    scale: Scale
    ticks: tuple[tuple[float, str], ...]
    code: str  # the tick labels' Excel format code
    title: str | None


def _nice_step(span: float, target: int = 5) -> float:
    raw = span / target
    mag = 10 ** math.floor(math.log10(raw))
    for k in (1, 2, 2.5, 5, 10):
        if raw <= k * mag * 1.0000001:
            return k * mag
    return 10 * mag


def _values(chart: m.Chart, series) -> tuple[list[float], list[float]]:
    """The highest and lowest points the axis must show: per category for stacked kinds (the
    positive and the negative stacks), every value otherwise; no data counts as nothing."""
    if chart.stacked and not chart.combo:
        n = len(chart.categories)
        tops = [math.fsum(max(0.0, s.values[i] or 0.0) for s in series) for i in range(n)]
        bottoms = [math.fsum(min(0.0, s.values[i] or 0.0) for s in series) for i in range(n)]
        return tops, bottoms
    values = [v for s in series for v in s.values if v is not None]
    return values, values


def value_scale(chart: m.Chart, target: int = 5, *, series=None, axis: m.Axis | None = None,
                fmt: NumberFormat | None = None, room: bool | None = None) -> Scale:
    """The value axis both backends use (set explicitly in the PPTX so clients agree with the PDF):
    from 0 (or below) to a round number above the data in about `target` steps (fewer where the tick
    labels need the room: `labels.ticks_apart`; `target` 0: the ends only, -1: the lowest tick only),
    `axis.min`/`axis.max` where the outline sets them;
    `room` adds a step for outside-end labels beyond the longest bar (default: a chart with labels
    that is not stacked)."""
    if target <= 0:  # the last rungs, for a plot too short for two steps: the ends only (0), the lowest tick only (-1)
        s = value_scale(chart, 1, series=series, axis=axis, fmt=fmt, room=room)
        span = s.maximum - s.minimum
        return Scale(s.minimum, s.maximum, span if target == 0 else 2 * span)
    series = chart.series if series is None else series
    axis = axis or chart.axis
    fmt = fmt or chart.format
    if chart.percent:
        return Scale(0.0, 1.0, 0.2)
    tops, bottoms = _values(chart, series)
    hi = max([0.0, *tops])
    lo = min([0.0, *bottoms])
    if axis.min is not None:
        lo = axis.min
        hi = max(hi, lo)
    if axis.max is not None:
        hi = axis.max
        lo = min(lo, hi)
    if hi == lo:
        hi = lo + 1
    # A step finer than the format prints would give repeated tick labels ("0, 0, 1, 1").
    finest = 0.0 if fmt.general else 10.0 ** -(fmt.places + (2 if fmt.percent else 0))
    step = max(_nice_step(hi - lo, target), finest)
    maximum = axis.max if axis.max is not None else math.ceil(hi / step - 1e-9) * step
    minimum = axis.min if axis.min is not None else math.floor(lo / step + 1e-9) * step
    # Room for an outside-end label beyond the longest bar, on either side of zero.
    room = bool(chart.labels) and not chart.stacked if room is None else room
    if room and axis.max is None and hi > 0 and maximum - hi < 0.08 * (maximum - minimum):
        maximum += step
    if room and axis.min is None and lo < 0 and lo - minimum < 0.08 * (maximum - minimum):
        minimum -= step
    # Avoid float noise such as 0.30000000000000004 in tick labels and the XML.
    nd = max(0, -math.floor(math.log10(step)) + 2)
    return Scale(round(minimum, nd), round(maximum, nd), round(step, nd))


def _tick_places(ticks: list[float], percent: bool) -> int:
    """The decimals the tick values need as printed (a percent format prints 100 × the value)."""
    for k in range(10):
        if all(abs(x - round(x)) < 1e-6 for x in (t * (100 if percent else 1) * 10**k for t in ticks)):
            return k
    return 10


def tick_format(fmt: NumberFormat, unit: str | None, ticks: list[float]) -> tuple[NumberFormat, str | None]:
    """The labels' format without the decimals the ticks do not need, and its unit."""
    return decimals(fmt, _tick_places(ticks, fmt.percent)), unit


def plan_axis(chart: m.Chart, series, axis: m.Axis, fmt: NumberFormat, unit: str | None,
              room: bool | None = None, target: int = 5) -> AxisPlan:
    """One value axis over `series`, its ticks printed in `axis.format`, else in (`fmt`, `unit`) trimmed."""
    if axis.format is not None:
        scale = value_scale(chart, target, series=series, axis=axis, fmt=axis.format, room=room)
        tfmt, tunit = axis.format, None
    elif chart.percent:
        scale = value_scale(chart, target, series=series, axis=axis, fmt=PERCENT_AXIS, room=room)
        tfmt, tunit = PERCENT_AXIS, None
    else:
        scale = value_scale(chart, target, series=series, axis=axis, fmt=fmt, room=room)
        tfmt, tunit = tick_format(fmt, unit, scale.ticks())
    ticks = tuple((v, format_value(v, tfmt, tunit)) for v in scale.ticks())
    return AxisPlan(scale, ticks, excel_code(tfmt, tunit), axis.title)


def chart_axes(chart: m.Chart, target: int = 5) -> tuple[AxisPlan | None, AxisPlan | None]:
    """The primary value axis and the secondary one (None: a pie, or no secondary series), in about
    `target` steps each."""
    if chart.circular:
        return None, None
    primary = [s for s in chart.series if not s.secondary]
    secondary = [s for s in chart.series if s.secondary]
    first = primary[0] if primary else chart.series[0]
    fmt, unit = chart.series_format(first) if chart.combo else (chart.format, chart.unit)
    # A combo's columns want room for their labels above the tallest; its lines never do.
    columns = any(s.kind is not m.ChartType.LINE for s in primary)
    room = (bool(chart.labels) and columns) if chart.combo else None
    axis1 = plan_axis(chart, primary, chart.axis, fmt, unit, room, target)
    if not secondary:
        return axis1, None
    fmt2, unit2 = chart.series_format(secondary[0])
    room2 = bool(chart.labels) and any(s.kind is not m.ChartType.LINE for s in secondary)
    return axis1, plan_axis(chart, secondary, chart.axis2, fmt2, unit2, room2, target)
