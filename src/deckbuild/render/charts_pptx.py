"""model.Chart → a native, editable PowerPoint chart (embedded workbook with the outline's numbers) on a slide.

The chart is drawn from the decisions in `chartspec` (colours, value scale, label format),
the same ones `charts_pdf` draws the handout's chart from.
"""

from __future__ import annotations

import copy
import datetime as _dt

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
    XL_TICK_MARK,
)
from pptx.util import Pt

from ..model import DEFAULT_COLORS, Chart
from . import chartspec
from .pptx_xml import C, fix_chart_axis_ids, reproducible_xlsx, style_text_body

CHART_TYPES = {
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "stacked-bar": XL_CHART_TYPE.BAR_STACKED,
    "stacked-column": XL_CHART_TYPE.COLUMN_STACKED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
    "pie": XL_CHART_TYPE.PIE,
    "doughnut": XL_CHART_TYPE.DOUGHNUT,
}


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#").upper())


def _c(tag: str) -> str:
    return f"{{{C}}}{tag}"


def add_chart(
    shapes,
    chart: Chart,
    x: float,
    y: float,
    w: float,
    h: float,
    *,
    colors: dict[str, str],
    latin: str,
    ea: str,
    font_size: float = 14,
    lang: str = "ko-KR",
    when: _dt.datetime | None = None,
):
    """Add `chart` as a native chart at (x, y) sized w × h (points) to a slide's `shapes`; return the GraphicFrame.

    `when` is the document date written into the embedded workbook (None → 1980-01-01),
    so two builds of the same outline give the same bytes.
    """
    colors = {**DEFAULT_COLORS, **colors}
    code = chartspec.excel_number_format(chart.number_format, chart.unit)
    data = CategoryChartData(number_format=code)
    data.categories = list(chart.categories)
    for s in chart.series:
        data.add_series(s.name, list(s.values))
    frame = shapes.add_chart(CHART_TYPES[chart.kind], Pt(x), Pt(y), Pt(w), Pt(h), data)
    frame.name = f"Chart: {chart.id}"
    ch = frame.chart

    text = dict(latin=latin, ea=ea, lang=lang)
    # The slide's title and caption carry the chart's title; a second one inside is noise.
    ch.has_title = False
    ch.font.size = Pt(font_size)
    style_text_body(ch._chartSpace.txPr, **text, size_pt=font_size, color=colors["text"])

    fills = chartspec.point_colors(chart, colors)
    plot = ch.plots[0]
    if not chart.circular:
        plot.vary_by_categories = False
    if chart.kind in ("bar", "column", "stacked-bar", "stacked-column"):
        plot.gap_width = chartspec.GAP_WIDTH
        plot.overlap = 100 if chart.stacked else 0

    for si, series in enumerate(plot.series):
        _style_series(chart, series, si, fills[si] if si < len(fills) else fills[0], colors)
        if chart.labels:
            _label_series(chart, series, si, fills, colors, code, font_size, text, (w, h))

    if chart.circular:
        _style_circular(ch, chart)
    else:
        _style_axes(ch, chart, colors, code, font_size, text)

    # Legend only when it tells something the axis does not: several series, or slices.
    ch.has_legend = len(chart.series) > 1 or chart.circular
    if ch.has_legend:
        ch.legend.position = XL_LEGEND_POSITION.RIGHT if chart.circular else XL_LEGEND_POSITION.BOTTOM
        ch.legend.include_in_layout = False
        ch.legend.font.size = Pt(font_size)
        style_text_body(ch.legend._element.txPr, **text, size_pt=font_size, color=colors["text"])

    _patch_xml(ch._chartSpace, lang)
    wb = ch.part.chart_workbook
    wb.update_from_xlsx_blob(reproducible_xlsx(wb.xlsx_part.blob, when))
    return frame


def _style_series(chart: Chart, series, si: int, fills: list[str], colors) -> None:
    base = fills[0]
    if chart.kind == "line":
        series.smooth = False
        series.format.line.color.rgb = _rgb(chartspec.series_color(colors, si))
        series.format.line.width = Pt(2.25)
        series.marker.style = XL_MARKER_STYLE.CIRCLE
        series.marker.size = 7
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = _rgb(chartspec.series_color(colors, si))
        series.marker.format.line.color.rgb = _rgb(chartspec.series_color(colors, si))
        for i, fill in enumerate(fills):
            if chartspec.single_series_highlight(chart) and chart.categories[i] in chart.highlight:
                m = series.points[i].marker
                m.style = XL_MARKER_STYLE.CIRCLE
                m.size = 9
                m.format.fill.solid()
                m.format.fill.fore_color.rgb = _rgb(fill)
                m.format.line.color.rgb = _rgb(fill)
        return
    if chart.circular:
        for i, fill in enumerate(fills):
            fmt = series.points[i].format
            fmt.fill.solid()
            fmt.fill.fore_color.rgb = _rgb(fill)
            # White seams keep neighbouring slices apart when they are shades of one colour.
            fmt.line.color.rgb = _rgb(chartspec.WHITE)
            fmt.line.width = Pt(1)
        return
    series.invert_if_negative = False
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = _rgb(base)
    series.format.line.fill.background()
    if chartspec.single_series_highlight(chart):
        for i, fill in enumerate(fills):
            if fill != base:
                fmt = series.points[i].format
                fmt.fill.solid()
                fmt.fill.fore_color.rgb = _rgb(fill)
                fmt.line.fill.background()


def _label_series(chart: Chart, series, si, fills, colors, code, font_size, text, w_h) -> None:
    labels = series.data_labels
    labels.show_value = True
    labels.number_format = code
    labels.number_format_is_linked = False
    inside = chart.stacked or chart.kind == "doughnut"
    if chart.stacked:
        labels.position = XL_LABEL_POSITION.CENTER
    elif chart.kind == "line":
        labels.position = XL_LABEL_POSITION.ABOVE
    elif chart.kind == "pie":
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
    elif chart.kind == "doughnut":
        pass  # c:dLblPos is not allowed for doughnuts (PowerPoint refuses the file); centre of the ring
    else:
        labels.position = XL_LABEL_POSITION.OUTSIDE_END
    color = chartspec.label_color_on(fills[si][0], colors) if inside else colors["text"]
    labels.font.size = Pt(font_size)
    style_text_body(labels._element.txPr, **text, size_pt=font_size, color=color)
    dLbls = labels._element
    txPr = dLbls.find(_c("txPr"))
    if chart.kind == "doughnut":
        # Each slice may need its own label colour (white on navy, text on a pale tint).
        for i, fill in enumerate(fills[0]):
            own = chartspec.label_color_on(fill, colors)
            if own != color:
                own_txPr = copy.deepcopy(txPr)
                style_text_body(own_txPr, **text, color=own)
                _point_label(dLbls, i, code, own_txPr, None)
    if chart.kind == "line" and len(chart.series) > 1:
        # Several lines: the top value's label above, the bottom one's below, others right,
        # so labels of close points do not overprint (same rule as the handout).
        spots = chartspec.line_label_positions(chart)[si]
        for i, spot in enumerate(spots):
            if spot != "above":
                _point_label(dLbls, i, code, copy.deepcopy(txPr), _LINE_POS[spot])
    if chart.stacked:
        # A label wider (or taller) than its segment would spill over its neighbours: dropped,
        # by the same estimate the handout uses.
        plot_len = chartspec.estimated_plot_length(chart, w_h[0], w_h[1], font_size)
        shown = chartspec.stacked_labels_shown(chart, plot_len, font_size)[si]
        for i, ok in enumerate(shown):
            if not ok:
                _point_label(dLbls, i, code, None, None, delete=True)


_LINE_POS = {"below": "b", "right": "r", "above": "t"}


def _point_label(dLbls, idx: int, code: str, txPr, pos: str | None, delete: bool = False) -> None:
    """Add one point's own c:dLbl (ECMA-376 Part 1, §21.2.2.47, CT_DLbl).

    A c:dLbl does not inherit from its c:dLbls, so it repeats the number format, the
    text properties and what to show; with `delete`, the point has no label at all.
    """
    dLbl = etree.Element(_c("dLbl"))
    etree.SubElement(dLbl, _c("idx"), val=str(idx))
    if delete:
        etree.SubElement(dLbl, _c("delete"), val="1")
    else:
        etree.SubElement(dLbl, _c("numFmt"), formatCode=code, sourceLinked="0")
        if txPr is not None:
            dLbl.append(txPr)
        if pos is not None:
            etree.SubElement(dLbl, _c("dLblPos"), val=pos)
        for tag in ("showLegendKey", "showVal", "showCatName", "showSerName", "showPercent", "showBubbleSize"):
            etree.SubElement(dLbl, _c(tag), val="1" if tag == "showVal" else "0")
    # CT_DLbls: the c:dLbl elements come first, in idx order.
    existing = dLbls.findall(_c("dLbl"))
    for other in existing:
        if int(other.find(_c("idx")).get("val")) == idx:
            other.addprevious(dLbl)
            dLbls.remove(other)
            return
    later = [d for d in existing if int(d.find(_c("idx")).get("val")) > idx]
    if later:
        later[0].addprevious(dLbl)
    elif existing:
        existing[-1].addnext(dLbl)
    else:
        dLbls.insert(0, dLbl)


def _style_axes(ch, chart: Chart, colors, code, font_size, text) -> None:
    cat, val = ch.category_axis, ch.value_axis
    scale = chartspec.value_scale(chart)
    val.minimum_scale = scale.minimum
    val.maximum_scale = scale.maximum
    val.major_unit = scale.major
    val.has_major_gridlines = True
    val.major_gridlines.format.line.color.rgb = _rgb(chartspec.GRID_COLOR)
    val.major_gridlines.format.line.width = Pt(0.75)
    val.has_minor_gridlines = False
    val.major_tick_mark = XL_TICK_MARK.NONE
    val.minor_tick_mark = XL_TICK_MARK.NONE
    val.format.line.fill.background()
    val.tick_labels.number_format = code
    val.tick_labels.number_format_is_linked = False
    # Next to the axis line: at the bottom for columns; for bars, where the value axis crosses
    # (the last category, at the bottom once the category axis is reversed).
    val.tick_label_position = XL_TICK_LABEL_POSITION.NEXT_TO_AXIS

    cat.has_major_gridlines = False
    cat.major_tick_mark = XL_TICK_MARK.NONE
    cat.minor_tick_mark = XL_TICK_MARK.NONE
    cat.format.line.color.rgb = _rgb(chartspec.AXIS_COLOR)
    cat.format.line.width = Pt(0.75)
    cat.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    if chart.horizontal:
        # PowerPoint draws a bar chart's first category at the bottom; reversing the
        # category axis lists them top to bottom in outline order, like the handout.
        cat.reverse_order = True
        # …which moves the value axis to the top unless it crosses the category axis at its
        # last category: valAx/c:crosses="max" (ECMA-376 Part 1, §21.2.2.33, crosses: how
        # *this* axis crosses the perpendicular one). python-pptx only offers it on the value
        # axis's partner, so it is written here.
        crosses = val._element.find(_c("crosses"))
        crosses.set("val", "max")
    for axis, color in ((cat, colors["text"]), (val, colors["muted"])):
        axis.tick_labels.font.size = Pt(font_size)
        style_text_body(axis._element.txPr, **text, size_pt=font_size, color=color)


def _style_circular(ch, chart: Chart) -> None:
    plot = ch._chartSpace.find(f".//{_c('plotArea')}")
    first = plot.find(f".//{_c('firstSliceAng')}")
    if first is not None:
        first.set("val", "0")  # the first slice starts at 12 o'clock, as the handout draws it
    hole = plot.find(f".//{_c('holeSize')}")
    if hole is not None:
        hole.set("val", str(chartspec.DOUGHNUT_HOLE))


def _patch_xml(cs, lang: str) -> None:
    fix_chart_axis_ids(cs)
    chart_el = cs.find(_c("chart"))
    # autoTitleDeleted=1: no automatic title from the series name (CT_Chart, §21.2.2.7).
    atd = chart_el.find(_c("autoTitleDeleted"))
    if atd is None:
        atd = etree.Element(_c("autoTitleDeleted"))
        title = chart_el.find(_c("title"))
        (title.addnext if title is not None else lambda e: chart_el.insert(0, e))(atd)
    atd.set("val", "1")
    # CT_ChartSpace sequence: date1904, lang, roundedCorners, AlternateContent, style, clrMapOvr, …
    # c:lang tells the client the chart's editing language; roundedCorners=0 keeps a square frame.
    for tag, val in (("roundedCorners", "0"), ("lang", lang)):
        el = cs.find(_c(tag))
        if el is None:
            el = etree.Element(_c(tag))
            d1904 = cs.find(_c("date1904"))
            if d1904 is not None:
                d1904.addnext(el)
            else:
                cs.insert(0, el)
        el.set("val", val)

