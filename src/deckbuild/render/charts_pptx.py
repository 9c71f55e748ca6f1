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
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
)
from pptx.util import Pt

from ..plan import ChartForm, ChartSpec, Color
from .chart_axes_pptx import manual_layout, style_axes, style_value_axis
from .pptx_xml import A, C, fill_xml, fix_chart_axis_ids, reproducible_xlsx, style_text_body

# The plan's label positions → c:dLblPos (ECMA-376 Part 1, §21.2.3.10 ST_DLblPos); "inside" (a
# doughnut's ring) has none: PowerPoint refuses c:dLblPos on a doughnut.
_DLBL_POS = {"out": "outEnd", "inside-end": "inEnd", "center": "ctr", "above": "t", "below": "b", "right": "r", "left": "l"}


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


def _index_in_constant_time(categories) -> None:
    """python-pptx finds a category's offset by walking the categories before it, once per
    category: quadratic (10,000 categories: seconds). Ours are one level, one leaf each: the
    offset is the position, looked up."""
    position = {id(c): i for i, c in enumerate(categories)}
    categories.index = lambda category: position[id(category)]


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
        _index_in_constant_time(data.categories)
        for s in spec.series:
            data.add_series(s.name, list(s.values), number_format=s.number_code)
        self.size = (w, h)
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
        if ch.has_legend:  # at the side and size the plan set
            size = spec.legend_size or fs
            ch.legend.position = XL_LEGEND_POSITION.RIGHT if spec.legend_pos == "right" else XL_LEGEND_POSITION.BOTTOM
            ch.legend.include_in_layout = False
            ch.legend.font.size = Pt(size)
            style_text_body(ch.legend._element.txPr, **text, size_pt=size, color=spec.text_color.hex)

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
        """Where the series' labels go (c:dLblPos), from the most common position of its labels."""
        if position in _DLBL_POS:
            pos = labels._element.get_or_add_dLblPos()
            pos.set("val", _DLBL_POS[position])

    def label_series(self, s, series) -> None:
        """The series' labels as the plan placed them: their size, the series' most common position,
        and a point's own c:dLbl where its position, colour, text or place differs (moved: its manual
        layout, an offset from PowerPoint's own spot in shares of the chart's size; left out: deleted)."""
        spec, text = self.spec, self.text
        labels = series.data_labels
        share = spec.label_kind == "share"
        labels.show_value = not share
        if share:
            labels.show_percentage = True
        # A series' own format (a combo's line in %), else the chart's labels' code.
        code = s.number_code if s.number_code and spec.label_kind == "value" else spec.label_code
        labels.number_format = code
        labels.number_format_is_linked = False
        shown = [lb for lb in s.labels if lb is not None]
        positions = [lb.position for lb in shown]
        position = max(positions, key=positions.count) if positions else "out"
        self.labels_position(labels, position)
        colors = [lb.color for lb in shown]
        color = max(colors, key=colors.count) if colors else spec.text_color
        size = spec.label_size or spec.font_size
        labels.font.size = Pt(size)
        style_text_body(labels._element.txPr, **text, size_pt=size, color=color.hex)
        dLbls = labels._element
        if any(lb.leader for lb in shown):
            _set_child(dLbls, "showLeaderLines", "1")
        elif any(lb.offset for lb in shown) and not spec.circular:
            _no_leader_lines(dLbls)
        txPr = dLbls.find(_c("txPr"))
        # The plan sets each label in one line; LibreOffice wraps a label wider than its own guess
        # (`438,420` / `명` over a narrow column) unless told not to.
        txPr.find(f"{{{A}}}bodyPr").set("wrap", "none")
        w, h = self.size
        # Most left out (a long series thinned): the series shows none, each shown label its own
        # c:dLbl (a few dozen elements, not a c:delete for each of thousands).
        few = len(shown) * 2 < len(s.labels)
        if few:
            labels.show_value = labels.show_percentage = False
        own_labels = []
        for i, lb in enumerate(s.labels):
            if lb is None:
                if not few:
                    own_labels.append(_point_label(i, code, None, None, share, delete=True))
                continue
            pos = _DLBL_POS.get(lb.position) if (few or lb.position != position) and self.has_positions else None
            # value and share, or a segment's share of its 100 % bar (PowerPoint has shares only for
            # slices), or no data (a dash where the bar would stand): the plan's own text
            # a pie's labels that carry its slices' names (no legend)
            rich = lb.text if spec.label_kind == "both" or spec.labels_named or (share and not spec.circular) or s.values[i] is None else None
            layout = (lb.offset[0] / w, -lb.offset[1] / h) if lb.offset else None
            if few or lb.color != color or pos or rich or layout:
                own = copy.deepcopy(txPr)
                if lb.color != color:
                    style_text_body(own, **text, color=lb.color.hex)
                own_labels.append(_point_label(i, code, own, pos, share, rich=rich, layout=layout))
        _put_point_labels(dLbls, own_labels)

    has_positions = True  # c:dLblPos allowed (not on a doughnut)


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


class _AreaChartWriter(_ChartWriter):
    """Areas, overlapping (a little transparent, so the ones behind show) or stacked into bands; the
    points on the categories' centres (`c:crossBetween` between), as the handout draws them."""

    has_positions = False  # c:dLblPos is not allowed for areas: a label's place is its manual layout

    def chart_type(self):
        return XL_CHART_TYPE.AREA_STACKED if self.spec.stacked else XL_CHART_TYPE.AREA

    def style_series(self, s, series) -> None:
        ser = series._element
        _shape_props(ser, s.color, no_line=True)
        if not self.spec.stacked and len(self.spec.series) > 1:
            color = ser.spPr.find(f"{{{A}}}solidFill")[0]
            etree.SubElement(color, f"{{{A}}}alpha", val="75000")

    def labels_position(self, labels, position: str) -> None:
        pass  # PowerPoint's own spot for an area's label (the plan places area labels there)

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

    has_positions = False  # c:dLblPos is not allowed for doughnuts (PowerPoint refuses the file)

    def labels_position(self, labels, position: str) -> None:
        pass  # the centre of the ring; a label outside it carries its own manual layout


def _point_label(idx: int, code: str, txPr, pos: str | None, share: bool, delete: bool = False,
                 rich: str | None = None, layout: tuple[float, float] | None = None):
    """One point's own c:dLbl (ECMA-376 Part 1, §21.2.2.47, CT_DLbl), for `_put_point_labels`.

    A c:dLbl does not inherit from its c:dLbls, so it repeats the number format, the
    text properties and what to show; with `delete`, the point has no label at all; `rich` is a
    text of its own (c:tx), `layout` its offset from its default spot (x, y: shares of the chart's
    width and height, y down).
    """
    dLbl = etree.Element(_c("dLbl"))
    etree.SubElement(dLbl, _c("idx"), val=str(idx))
    if delete:
        etree.SubElement(dLbl, _c("delete"), val="1")
    else:
        if layout is not None:
            lay = etree.SubElement(etree.SubElement(dLbl, _c("layout")), _c("manualLayout"))
            etree.SubElement(lay, _c("x"), val=f"{layout[0]:.5f}")
            etree.SubElement(lay, _c("y"), val=f"{layout[1]:.5f}")
        if rich is not None:
            body = copy.deepcopy(txPr) if txPr is not None else None
            tx = etree.SubElement(dLbl, _c("tx"))
            r = etree.SubElement(tx, _c("rich"))
            bp = body.find(f"{{{A}}}bodyPr") if body is not None else None
            r.append(bp if bp is not None else etree.Element(f"{{{A}}}bodyPr"))
            etree.SubElement(r, f"{{{A}}}lstStyle")
            para = etree.SubElement(r, f"{{{A}}}p")
            src = body.find(f"{{{A}}}p") if body is not None else None
            ppr = src.find(f"{{{A}}}pPr") if src is not None else None
            run = etree.SubElement(para, f"{{{A}}}r")
            dflt = ppr.find(f"{{{A}}}defRPr") if ppr is not None else None
            rpr = copy.deepcopy(dflt) if dflt is not None else etree.Element(f"{{{A}}}rPr")
            rpr.tag = f"{{{A}}}rPr"
            run.append(rpr)
            etree.SubElement(run, f"{{{A}}}t").text = rich
        etree.SubElement(dLbl, _c("numFmt"), formatCode=code, sourceLinked="0")
        if txPr is not None and rich is None:
            dLbl.append(txPr)
        if pos is not None:
            etree.SubElement(dLbl, _c("dLblPos"), val=pos)
        for tag in ("showLegendKey", "showVal", "showCatName", "showSerName", "showPercent", "showBubbleSize"):
            on = (tag == "showPercent") if share else (tag == "showVal")
            etree.SubElement(dLbl, _c(tag), val="1" if on else "0")
    return dLbl


def _put_point_labels(dLbls, own: list) -> None:
    """Put points' own c:dLbl elements into the series' c:dLbls: first, in idx order (CT_DLbls), one
    already there for the same point replaced (one pass, however many points)."""
    if not own:
        return
    idx = lambda d: int(d.find(_c("idx")).get("val"))  # noqa: E731
    merged = {idx(d): d for d in dLbls.findall(_c("dLbl"))}
    for d in merged.values():
        dLbls.remove(d)
    merged.update((idx(d), d) for d in own)
    for k, d in enumerate(sorted(merged.items())):
        dLbls.insert(k, d[1])


# CT_DLbls after its c:dLbl elements (§21.2.2.49): the group's elements in this order.
_DLBLS_ORDER = ("delete", "numFmt", "spPr", "txPr", "dLblPos", "showLegendKey", "showVal", "showCatName", "showSerName",
                "showPercent", "showBubbleSize", "separator", "showLeaderLines", "leaderLines", "extLst")


def _set_child(dLbls, tag: str, val: str) -> None:
    """Set c:dLbls's child `tag` (added in its place in the sequence)."""
    el = dLbls.find(_c(tag))
    if el is None:
        el = etree.Element(_c(tag))
        rank = _DLBLS_ORDER.index(tag)
        later = [c for c in dLbls if etree.QName(c).localname in _DLBLS_ORDER[rank + 1:]]
        if later:
            later[0].addprevious(el)
        else:
            dLbls.append(el)
    el.set("val", val)


C15 = "http://schemas.microsoft.com/office/drawing/2012/chart"


def _no_leader_lines(dLbls) -> None:
    """A moved bar or column label stands by its bar without a line to it, as the handout draws it:
    PowerPoint 2013's c15:showLeaderLines, off (LibreOffice draws one by default when it is absent)."""
    ext_lst = dLbls.find(_c("extLst"))
    if ext_lst is None:
        ext_lst = etree.SubElement(dLbls, _c("extLst"))
    ext = etree.SubElement(ext_lst, _c("ext"), uri="{CE6537A1-D6FC-4f65-9D91-7224C49458BB}")
    etree.SubElement(ext, f"{{{C15}}}showLeaderLines", nsmap={"c15": C15}, val="0")


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
