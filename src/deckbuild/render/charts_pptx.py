"""plan.ChartSpec → a native, editable PowerPoint chart (embedded workbook with the outline's numbers).

Every decision (colours per point, value scale, label texts, formats and positions, which labels
are dropped, the legend, the face) was made in layout (`charts.resolve`); the handout's chart is
drawn from the same spec by `charts_pdf`. One writer class per chart kind, chosen by `chart_writer`
from the plan's `ChartForm` (as python-pptx's chart/xmlwriter.py does; an unknown kind is a bug, raised).
"""

from __future__ import annotations

import copy
import datetime as _dt

from lxml import etree
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
)
from pptx.util import Pt

from ..plan import ChartForm, ChartSpec, Color
from .chart_axes_pptx import manual_layout, style_axes, style_value_axis
from .pptx_xml import A, C, fill_xml, fix_chart_axis_ids, reproducible_xlsx, style_text_body

_POSITIONS = {"out": XL_LABEL_POSITION.OUTSIDE_END, "center": XL_LABEL_POSITION.CENTER,
              "above": XL_LABEL_POSITION.ABOVE}
_LINE_POS = {"below": "b", "right": "r", "above": "t"}


def _c(tag: str) -> str:
    return f"{{{C}}}{tag}"


_SPPR_LATER = {"effectLst", "effectDag", "scene3d", "sp3d", "extLst"}


def _shape_props(el, fill: Color | None, line: Color | None = None, *, no_line: bool = False, width: float | None = None) -> None:
    """Give a series, point or marker (`el`: c:ser, c:dPt, c:marker) its fill and outline in its c:spPr
    (ECMA-376 Part 1 §20.1.2.2.35, CT_ShapeProperties: geometry, fill, ln, effects — in that order)."""
    sppr = el.get_or_add_spPr()
    for child in list(sppr):
        if etree.QName(child).localname in ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill", "ln"):
            sppr.remove(child)
    new = []
    if fill is not None:
        new.append(etree.fromstring(fill_xml(fill)))
    if line is not None or no_line:
        w = f' w="{int(Pt(width))}"' if width else ""
        inner = "<a:noFill/>" if no_line else fill_xml(line)
        new.append(etree.fromstring(f'<a:ln xmlns:a="{A}"{w}>{inner}</a:ln>'))
    later = next((c for c in sppr if etree.QName(c).localname in _SPPR_LATER), None)
    for child in new:
        if later is not None:
            later.addprevious(child)
        else:
            sppr.append(child)


def add_chart(shapes, spec: ChartSpec, x: float, y: float, w: float, h: float, *, lang: str = "ko-KR",
              when: _dt.datetime | None = None):
    """Add `spec` as a native chart at (x, y) sized w × h (points) to a slide's `shapes`; return the GraphicFrame.

    `when` is the document date written into the embedded workbook (None → 1980-01-01), so two
    builds of the same outline give the same bytes.
    """
    return chart_writer(spec, lang).add(shapes, x, y, w, h, when)


def chart_writer(spec: ChartSpec, lang: str) -> "_ChartWriter":
    """The writer for `spec`'s kind, loaded with the spec (the one place a chart kind picks its XML)."""
    try:
        cls = {
            ChartForm.BAR: _BarChartWriter,
            ChartForm.COLUMN: _BarChartWriter,
            ChartForm.STACKED_BAR: _BarChartWriter,
            ChartForm.STACKED_COLUMN: _BarChartWriter,
            ChartForm.PERCENT_STACKED_BAR: _BarChartWriter,
            ChartForm.PERCENT_STACKED_COLUMN: _BarChartWriter,
            ChartForm.LINE: _LineChartWriter,
            ChartForm.AREA: _AreaChartWriter,
            ChartForm.STACKED_AREA: _AreaChartWriter,
            ChartForm.PIE: _PieChartWriter,
            ChartForm.DOUGHNUT: _DoughnutChartWriter,
            ChartForm.COMBO: _ComboChartWriter,
        }[spec.kind]
    except KeyError:
        raise NotImplementedError(f"bug in deckbuild: no PPTX chart writer for {spec.kind!r} charts") from None
    return cls(spec, lang)


class _ChartWriter:
    """Writes one chart through python-pptx, then patches what it lacks. The steps every kind shares
    are here (data, text, labels, legend, the workbook); each kind's subclass gives its chart type and
    styles its plot, series and axes (or slices)."""

    def __init__(self, spec: ChartSpec, lang: str):
        self.spec, self.lang = spec, lang
        self.text = dict(latin=spec.face.family, ea=spec.face.family, lang=lang, font=spec.face.typeface_attrs())

    def chart_type(self):
        raise NotImplementedError

    def chart_data(self) -> CategoryChartData:
        """python-pptx's chart data: every series (the embedded workbook holds them all), each in its format."""
        return CategoryChartData(number_format=self.spec.number_code)

    def add(self, shapes, x: float, y: float, w: float, h: float, when: _dt.datetime | None):
        spec, text = self.spec, self.text
        data = self.chart_data()
        data.categories = list(spec.categories)
        for s in spec.series:
            data.add_series(s.name, list(s.values), number_format=s.number_code)
        frame = shapes.add_chart(self.chart_type(), Pt(x), Pt(y), Pt(w), Pt(h), data)
        frame.name = f"Chart: {spec.id}"
        ch = frame.chart
        fs = spec.font_size

        # The slide's title and caption carry the chart's title; a second one inside is noise.
        ch.has_title = False
        ch.font.size = Pt(fs)
        style_text_body(ch._chartSpace.txPr, **text, size_pt=fs, color=spec.text_color.hex)

        for plot in ch.plots:  # one, or a combo's several: each series found by its c:idx
            self.style_plot(plot)
            for series in plot.series:
                s = spec.series[series.index]
                self.style_series(s, series)
                if s.labels is not None:
                    self.label_series(s, series)
        self.style_frame(ch)

        ch.has_legend = bool(spec.legend)
        if ch.has_legend:
            ch.legend.position = XL_LEGEND_POSITION.RIGHT if spec.legend_pos == "right" else XL_LEGEND_POSITION.BOTTOM
            ch.legend.include_in_layout = False
            ch.legend.font.size = Pt(fs)
            style_text_body(ch.legend._element.txPr, **text, size_pt=fs, color=spec.text_color.hex)

        _patch_xml(ch._chartSpace, self.lang)
        wb = ch.part.chart_workbook
        wb.update_from_xlsx_blob(reproducible_xlsx(wb.xlsx_part.blob, when))
        return frame

    def style_plot(self, plot) -> None:
        plot.vary_by_categories = False

    def style_series(self, s, series) -> None:
        raise NotImplementedError

    def style_frame(self, ch) -> None:
        """The axes (or, for slices, the plot's geometry)."""
        style_axes(ch, self.spec, self.text)
        if any(self.spec.axis_titles):
            # With axis titles set where layout put them, the plot takes layout's rectangle too, so a
            # client's own plot placement cannot run under a title.
            w, h = self.spec.size
            x0, y0, x1, y1 = self.spec.plot
            manual_layout(ch._chartSpace.find(f".//{_c('plotArea')}"), (x0 / w, (h - y1) / h, (x1 - x0) / w, (y1 - y0) / h), inner=True)

    def labels_position(self, labels, position: str) -> None:
        """Where the series' labels go (c:dLblPos), from the first shown label's position."""
        if position in _POSITIONS:
            labels.position = _POSITIONS[position]

    def point_position(self, lb, position: str) -> str | None:
        """A point label's own c:dLblPos where it differs from the series' (None: the series')."""
        return None

    def label_series(self, s, series) -> None:
        spec, text = self.spec, self.text
        labels = series.data_labels
        share = spec.label_kind == "share"
        labels.show_value = not share
        if share:
            labels.show_percentage = True
        code = s.number_code if s.number_code and not share else spec.label_code
        labels.number_format = code
        labels.number_format_is_linked = False
        shown = [lb for lb in s.labels if lb is not None]
        first = shown[0] if shown else None
        position = first.position if first else "out"
        self.labels_position(labels, position)
        color = first.color if first else spec.text_color
        labels.font.size = Pt(spec.font_size)
        style_text_body(labels._element.txPr, **text, size_pt=spec.font_size, color=color.hex)
        dLbls = labels._element
        txPr = dLbls.find(_c("txPr"))
        for i, lb in enumerate(s.labels):
            if lb is None:
                _point_label(dLbls, i, code, None, None, share, delete=True)
                continue
            pos = self.point_position(lb, position)
            if s.values[i] is None:  # no data: the label's own text (a dash) where the bar would stand
                own = copy.deepcopy(txPr)
                style_text_body(own, **text, color=lb.color.hex)
                _point_label(dLbls, i, code, own, pos, share, text=lb.text)
            elif lb.color != color or pos:
                own = copy.deepcopy(txPr)
                if lb.color != color:
                    style_text_body(own, **text, color=lb.color.hex)
                _point_label(dLbls, i, code, own, pos, share)


class _BarChartWriter(_ChartWriter):
    """Bars and columns, side by side or stacked: one fill per series, a point's own where it differs."""

    TYPES = {
        ChartForm.BAR: XL_CHART_TYPE.BAR_CLUSTERED,
        ChartForm.COLUMN: XL_CHART_TYPE.COLUMN_CLUSTERED,
        ChartForm.STACKED_BAR: XL_CHART_TYPE.BAR_STACKED,
        ChartForm.STACKED_COLUMN: XL_CHART_TYPE.COLUMN_STACKED,
        ChartForm.PERCENT_STACKED_BAR: XL_CHART_TYPE.BAR_STACKED_100,
        ChartForm.PERCENT_STACKED_COLUMN: XL_CHART_TYPE.COLUMN_STACKED_100,
    }

    def chart_type(self):
        return self.TYPES[self.spec.kind]

    def style_plot(self, plot) -> None:
        super().style_plot(plot)
        plot.gap_width = self.spec.gap_width
        plot.overlap = 100 if self.spec.stacked else 0

    def style_series(self, s, series) -> None:
        ser = series._element
        series.invert_if_negative = False
        _shape_props(ser, s.color, no_line=True)
        for i, fill in enumerate(s.points):
            if fill != s.color:
                _shape_props(ser.get_or_add_dPt_for_point(i), fill, no_line=True)


class _LineChartWriter(_ChartWriter):
    """Lines with circle markers; a highlighted point's marker larger, labels above, below or right."""

    def chart_type(self):
        return XL_CHART_TYPE.LINE_MARKERS

    def style_series(self, s, series) -> None:
        spec = self.spec
        ser = series._element
        series.smooth = False
        _shape_props(ser, None, s.color, width=spec.line_width * 1.5)
        series.marker.style = XL_MARKER_STYLE.CIRCLE
        series.marker.size = 7
        _shape_props(ser.get_or_add_marker(), s.color, s.color)
        for i, fill in enumerate(s.points):
            if fill != s.color:
                m = series.points[i].marker
                m.style = XL_MARKER_STYLE.CIRCLE
                m.size = 9 if len(spec.series) == 1 else 7
                _shape_props(ser.get_or_add_dPt_for_point(i).get_or_add_marker(), fill, fill)

    def point_position(self, lb, position: str) -> str | None:
        return _LINE_POS.get(lb.position) if lb.position != position else None


class _AreaChartWriter(_ChartWriter):
    """Areas, overlapping (a little transparent, so the ones behind show) or stacked into bands; the
    points on the categories' centres (`c:crossBetween` between), as the handout draws them."""

    def chart_type(self):
        return XL_CHART_TYPE.AREA_STACKED if self.spec.stacked else XL_CHART_TYPE.AREA

    def style_series(self, s, series) -> None:
        ser = series._element
        _shape_props(ser, s.color, no_line=True)
        if not self.spec.stacked and len(self.spec.series) > 1:
            color = ser.spPr.find(f"{{{A}}}solidFill")[0]
            etree.SubElement(color, f"{{{A}}}alpha", val="75000")

    def labels_position(self, labels, position: str) -> None:
        pass  # an area's labels sit where PowerPoint puts them (c:dLblPos is not allowed for areas)

    def style_frame(self, ch) -> None:
        super().style_frame(ch)
        ch._chartSpace.valAx_lst[0].find(_c("crossBetween")).set("val", "between")


class _ComboChartWriter(_ChartWriter):
    """Columns and lines in one chart (`charts_combo` writes its plots and axes); each series styled
    as its plot's kind, the secondary value axis as the primary one, on the right."""

    def chart_type(self):
        return XL_CHART_TYPE.COLUMN_CLUSTERED  # python-pptx asks; `ComboChartData` writes every plot

    def chart_data(self):
        from .charts_combo import ComboChartData

        spec = self.spec
        return ComboChartData([(s.line, s.secondary) for s in spec.series], spec.gap_width, spec.number_code)

    def style_plot(self, plot) -> None:
        super().style_plot(plot)
        if plot._element.tag == _c("barChart"):
            plot.gap_width = self.spec.gap_width
            plot.overlap = 0

    def style_series(self, s, series) -> None:
        (_LineChartWriter if s.line else _BarChartWriter).style_series(self, s, series)

    def point_position(self, lb, position: str) -> str | None:
        return _LINE_POS.get(lb.position) if lb.position != position else None

    def style_frame(self, ch) -> None:
        from pptx.chart.axis import ValueAxis

        super().style_frame(ch)
        spec = self.spec
        axes = ch._chartSpace.findall(f".//{_c('valAx')}")
        if spec.scale2 is not None and len(axes) > 1:
            style_value_axis(ValueAxis(axes[1]), spec, self.text, spec.scale2, spec.tick_code2, spec.axis_titles[1],
                              gridlines=False)


class _PieChartWriter(_ChartWriter):
    """Slices of one series, a colour each, from 12 o'clock; no axes."""

    def chart_type(self):
        return XL_CHART_TYPE.PIE

    def style_plot(self, plot) -> None:
        pass  # each slice its own colour: python-pptx's varyColors stays

    def style_series(self, s, series) -> None:
        ser = series._element
        for i, fill in enumerate(s.points):
            # White seams keep neighbouring slices apart when they are shades of one colour.
            _shape_props(ser.get_or_add_dPt_for_point(i), fill, Color("#FFFFFF"), width=1)

    def style_frame(self, ch) -> None:
        _style_circular(ch, self.spec)


class _DoughnutChartWriter(_PieChartWriter):
    """A pie with a hole; its labels sit on the ring."""

    def chart_type(self):
        return XL_CHART_TYPE.DOUGHNUT

    def labels_position(self, labels, position: str) -> None:
        pass  # c:dLblPos is not allowed for doughnuts (PowerPoint refuses the file); centre of the ring


def _point_label(dLbls, idx: int, code: str, txPr, pos: str | None, share: bool, delete: bool = False,
                 text: str | None = None) -> None:
    """Add one point's own c:dLbl (ECMA-376 Part 1, §21.2.2.47, CT_DLbl).

    A c:dLbl does not inherit from its c:dLbls, so it repeats the number format, the
    text properties and what to show; with `delete`, the point has no label at all; with `text`,
    the label shows that text (c:tx, its runs styled as `txPr`) instead of the value.
    """
    dLbl = etree.Element(_c("dLbl"))
    etree.SubElement(dLbl, _c("idx"), val=str(idx))
    if delete:
        etree.SubElement(dLbl, _c("delete"), val="1")
    else:
        if text is not None:
            tx = etree.SubElement(dLbl, _c("tx"))
            rich = etree.SubElement(tx, _c("rich"))
            for child in txPr:  # a:bodyPr, a:lstStyle, a:p with the label's run properties
                rich.append(copy.deepcopy(child))
            para = rich.find(f"{{{A}}}p")
            rpr = copy.deepcopy(para.find(f"{{{A}}}pPr/{{{A}}}defRPr"))
            for old in list(para):
                if etree.QName(old).localname != "pPr":
                    para.remove(old)
            run = etree.SubElement(para, f"{{{A}}}r")
            rpr.tag = f"{{{A}}}rPr"
            run.append(rpr)
            etree.SubElement(run, f"{{{A}}}t").text = text
            txPr = None
        etree.SubElement(dLbl, _c("numFmt"), formatCode=code, sourceLinked="0")
        if txPr is not None:
            dLbl.append(txPr)
        if pos is not None:
            etree.SubElement(dLbl, _c("dLblPos"), val=pos)
        for tag in ("showLegendKey", "showVal", "showCatName", "showSerName", "showPercent", "showBubbleSize"):
            on = (tag == "showPercent") if share else (tag == "showVal")
            etree.SubElement(dLbl, _c(tag), val="1" if on else "0")
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


def _style_circular(ch, spec: ChartSpec) -> None:
    plot = ch._chartSpace.find(f".//{_c('plotArea')}")
    first = plot.find(f".//{_c('firstSliceAng')}")
    if first is not None:
        first.set("val", "0")  # the first slice starts at 12 o'clock, as the handout draws it
    hole = plot.find(f".//{_c('holeSize')}")
    if hole is not None:
        hole.set("val", str(spec.hole))


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
