"""A native chart's axes: the category axis and a value axis (python-pptx's axis objects) styled as
the plan says (scale, gridlines, tick labels in the plan's format code, the title where layout put
it), and `manual_layout`, the c:manualLayout that places a title or the plot area.

In: python-pptx's chart (or one of its axes) and the plan's `ChartSpec`. Out: the chart's XML changed
in place. Shared by every chart writer of `charts_pptx` (a combo's secondary axis too).
"""

from __future__ import annotations

from lxml import etree
from pptx.enum.chart import XL_TICK_LABEL_POSITION, XL_TICK_MARK
from pptx.util import Pt

from ..plan import ChartSpec, Color
from .pptx_xml import A, C, style_text_body


def _c(tag: str) -> str:
    return f"{{{C}}}{tag}"


def style_axes(ch, spec: ChartSpec, text) -> None:
    from pptx.chart.axis import ValueAxis

    # The first c:valAx is the primary axis (python-pptx's `value_axis` takes the second where there are two).
    cat, val = ch.category_axis, ValueAxis(ch._chartSpace.valAx_lst[0])
    style_value_axis(val, spec, text, spec.scale, spec.tick_code, spec.axis_titles[0], gridlines=True)
    cat.has_major_gridlines = False
    cat.major_tick_mark = XL_TICK_MARK.NONE
    cat.minor_tick_mark = XL_TICK_MARK.NONE
    _set_line(cat.format.line, spec.axis_color, 0.75)
    cat.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    if spec.horizontal:
        # PowerPoint draws a bar chart's first category at the bottom; reversing the
        # category axis lists them top to bottom in outline order, like the handout.
        cat.reverse_order = True
        # …which moves the value axis to the top unless it crosses the category axis at its
        # last category: valAx/c:crosses="max" (ECMA-376 Part 1, §21.2.2.33, crosses: how
        # *this* axis crosses the perpendicular one). python-pptx only offers it on the value
        # axis's partner, so it is written here.
        crosses = val._element.find(_c("crosses"))
        crosses.set("val", "max")
    cat.tick_labels.font.size = Pt(spec.category_size)
    style_text_body(cat._element.txPr, **text, size_pt=spec.category_size, color=spec.text_color.hex)
    if spec.category_rotation:  # turned as the plan turned them (a:bodyPr/@rot, 60000ths of a degree)
        cat._element.txPr.find(f"{{{A}}}bodyPr").set("rot", str(spec.category_rotation * 60000))
    if spec.category_step > 1:  # the names the plan thinned: every step-th shown, from the first (§21.2.2.207)
        skip = etree.Element(_c("tickLblSkip"), val=str(spec.category_step))
        cat._element.insert_element_before(skip, "c:tickMarkSkip", "c:noMultiLvlLbl", "c:extLst")


def style_value_axis(val, spec: ChartSpec, text, scale, code: str, title, gridlines: bool) -> None:
    """A value axis (python-pptx's ValueAxis): its scale, gridlines, tick labels in `code`, its title."""
    val.minimum_scale = scale.minimum
    val.maximum_scale = scale.maximum
    val.major_unit = scale.major
    val.has_major_gridlines = gridlines
    if gridlines:
        _set_line(val.major_gridlines.format.line, spec.grid_color, 0.75)
    val.has_minor_gridlines = False
    val.major_tick_mark = XL_TICK_MARK.NONE
    val.minor_tick_mark = XL_TICK_MARK.NONE
    val.format.line.fill.background()
    val.tick_labels.number_format = code
    val.tick_labels.number_format_is_linked = False
    # Next to the axis line: at the bottom for columns; for bars, where the value axis crosses
    # (the last category, at the bottom once the category axis is reversed); on the right for a
    # secondary axis.
    val.tick_label_position = XL_TICK_LABEL_POSITION.NEXT_TO_AXIS
    val.tick_labels.font.size = Pt(spec.tick_size or spec.font_size)
    style_text_body(val._element.txPr, **text, size_pt=spec.tick_size or spec.font_size, color=spec.muted_color.hex)
    if title is not None:
        val.has_title = True
        tf = val.axis_title.text_frame
        tf.text = title.text
        body = val.axis_title._title.tx.rich
        style_text_body(body, **text, size_pt=spec.font_size, color=spec.muted_color.hex)
        # Level, where layout put it (over the tick labels): a manual layout in the chart's fractions.
        body.find(f"{{{A}}}bodyPr").set("rot", "0")
        body.find(f"{{{A}}}bodyPr").set("vert", "horz")
        w, h = spec.size
        top = h - title.y - 1.0 * spec.font_size  # CT_ManualLayout x, y: the title's top-left corner
        manual_layout(val.axis_title._title, (title.x / w, max(0.0, top / h)))


def manual_layout(el, at: tuple[float, ...], inner: bool = False) -> None:
    """Give a chart title or plot area (`el`) its place: c:layout/c:manualLayout (ECMA-376 Part 1,
    §21.2.2.95), x and y as fractions of the chart (w and h too for a plot area; `inner`: the plot's
    inner rectangle, without its tick labels)."""
    layout = el.find(_c("layout"))
    if layout is None:
        layout = etree.Element(_c("layout"))
        anchor = el.find(_c("tx"))
        (anchor.addnext if anchor is not None else lambda e: el.insert(0, e))(layout)
    for child in list(layout):
        layout.remove(child)
    manual = etree.SubElement(layout, _c("manualLayout"))
    if inner:
        etree.SubElement(manual, _c("layoutTarget"), val="inner")
    etree.SubElement(manual, _c("xMode"), val="edge")
    etree.SubElement(manual, _c("yMode"), val="edge")
    for tag, v in zip(("x", "y", "w", "h"), at):
        etree.SubElement(manual, _c(tag), val=f"{min(1.0, max(0.0, v)):.4f}")


def _set_line(line, color: Color, width: float) -> None:
    from pptx.dml.color import RGBColor

    line.color.rgb = RGBColor.from_string(color.hex.lstrip("#").upper())
    line.width = Pt(width)
