"""A combo chart's XML (columns and lines in one chart, on one or two value axes), written the way
python-pptx's chart/xmlwriter.py writes one plot, extended to the several plots PowerPoint puts
in one `c:plotArea`.

In: python-pptx `CategoryChartData` (every series, so the embedded workbook holds them all) and,
per series, whether it is a line and whether it stands on the secondary axis. Out: the chart part's
XML (`ComboChartData`, handed to python-pptx's `add_chart` like any chart data; the writer in
`charts_pptx` styles the result through python-pptx's own objects).

The layout is what PowerPoint and XlsxWriter's `chart.combine()` write: the plots on the primary
axes first (`c:barChart`, then `c:lineChart`), then those on the secondary axes; the primary
`c:catAx` and `c:valAx` (left); for a secondary axis, a `c:valAx` on the right that crosses its
category axis at its maximum (`c:crosses val="max"`), against a second `c:catAx` that is not shown
(`c:delete val="1"`). Each line series has `c:smooth val="0"`, no `c:invertIfNegative`, and its
`c:marker` after `c:tx` (LibreOffice 7.4 draws such a chart right).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from pptx.chart.data import CategoryChartData
from pptx.chart.xmlwriter import _CategorySeriesXmlWriter

# Axis ids before `fix_chart_axis_ids` renumbers them (by first use) to small unsigned ints.
PRIMARY = ("1", "2")  # category axis, value axis
SECONDARY = ("3", "4")


class ComboChartData(CategoryChartData):
    """Chart data whose XML is a combo chart: `roles[i]` = (line, secondary) of series i."""

    def __init__(self, roles: list[tuple[bool, bool]], gap_width: int, number_format: str):
        super().__init__(number_format=number_format)
        self.roles = roles
        self.gap_width = gap_width

    def _xml(self, chart_type) -> str:  # python-pptx's hook: the chart part's XML for this data
        return _ComboChartXmlWriter(self).xml


class _ComboChartXmlWriter:
    """One chartSpace: a plot per (kind, axis) that has series, the primary axes, the secondary ones."""

    def __init__(self, data: ComboChartData):
        self.data = data

    @property
    def xml(self) -> str:
        series = list(self.data)
        groups = []
        for secondary in (False, True):
            for line in (False, True):
                members = [s for s in series if self.data.roles[s.index] == (line, secondary)]
                if members:
                    groups.append((line, secondary, members))
        plots = "".join((self._line_xml if line else self._bar_xml)(members, SECONDARY if secondary else PRIMARY)
                        for line, secondary, members in groups)
        axes = self._cat_ax_xml(PRIMARY, deleted=False) + self._val_ax_xml(PRIMARY, "l", "autoZero", gridlines=True)
        if any(secondary for _, secondary, _ in groups):
            axes += self._val_ax_xml(SECONDARY, "r", "max", gridlines=False) + self._cat_ax_xml(SECONDARY, deleted=True)
        return (
            "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"'
            ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
            ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\n'
            '  <c:date1904 val="0"/>\n'
            "  <c:chart>\n"
            '    <c:autoTitleDeleted val="0"/>\n'
            "    <c:plotArea>\n"
            "      <c:layout/>\n"
            f"{plots}{axes}"
            "    </c:plotArea>\n"
            '    <c:plotVisOnly val="1"/>\n'
            '    <c:dispBlanksAs val="gap"/>\n'
            "  </c:chart>\n"
            "  <c:txPr>\n"
            "    <a:bodyPr/>\n"
            "    <a:lstStyle/>\n"
            "    <a:p>\n"
            "      <a:pPr>\n"
            '        <a:defRPr sz="1800"/>\n'
            "      </a:pPr>\n"
            '      <a:endParaRPr lang="en-US"/>\n'
            "    </a:p>\n"
            "  </c:txPr>\n"
            "</c:chartSpace>\n"
        )

    def _ser_xml(self, series, line: bool) -> str:
        """CT_BarSer / CT_LineSer: idx, order, tx, (spPr, marker: added when styled), cat, val, smooth."""
        xml = ""
        for s in series:
            w = _CategorySeriesXmlWriter(s)
            xml += (
                "        <c:ser>\n"
                f'          <c:idx val="{s.index}"/>\n'
                f'          <c:order val="{s.index}"/>\n'
                f"{w.tx_xml}"
                + ('          <c:marker>\n            <c:symbol val="circle"/>\n            <c:size val="7"/>\n'
                   "          </c:marker>\n" if line else "")
                + f"{w.cat_xml}{w.val_xml}"
                + ('          <c:smooth val="0"/>\n' if line else "")
                + "        </c:ser>\n"
            )
        return xml

    def _bar_xml(self, series, ids) -> str:
        """CT_BarChart: barDir, grouping, varyColors, ser*, gapWidth, axId × 2."""
        return (
            "      <c:barChart>\n"
            '        <c:barDir val="col"/>\n'
            '        <c:grouping val="clustered"/>\n'
            '        <c:varyColors val="0"/>\n'
            f"{self._ser_xml(series, False)}"
            f'        <c:gapWidth val="{int(self.data.gap_width)}"/>\n'
            f'        <c:axId val="{ids[0]}"/>\n'
            f'        <c:axId val="{ids[1]}"/>\n'
            "      </c:barChart>\n"
        )

    def _line_xml(self, series, ids) -> str:
        """CT_LineChart: grouping, varyColors, ser*, marker, axId × 2."""
        return (
            "      <c:lineChart>\n"
            '        <c:grouping val="standard"/>\n'
            '        <c:varyColors val="0"/>\n'
            f"{self._ser_xml(series, True)}"
            '        <c:marker val="1"/>\n'
            f'        <c:axId val="{ids[0]}"/>\n'
            f'        <c:axId val="{ids[1]}"/>\n'
            "      </c:lineChart>\n"
        )

    def _cat_ax_xml(self, ids, deleted: bool) -> str:
        return (
            "      <c:catAx>\n"
            f'        <c:axId val="{ids[0]}"/>\n'
            "        <c:scaling>\n"
            '          <c:orientation val="minMax"/>\n'
            "        </c:scaling>\n"
            f'        <c:delete val="{1 if deleted else 0}"/>\n'
            '        <c:axPos val="b"/>\n'
            '        <c:majorTickMark val="out"/>\n'
            '        <c:minorTickMark val="none"/>\n'
            '        <c:tickLblPos val="nextTo"/>\n'
            f'        <c:crossAx val="{ids[1]}"/>\n'
            '        <c:crosses val="autoZero"/>\n'
            '        <c:auto val="1"/>\n'
            '        <c:lblAlgn val="ctr"/>\n'
            '        <c:lblOffset val="100"/>\n'
            '        <c:noMultiLvlLbl val="0"/>\n'
            "      </c:catAx>\n"
        )

    def _val_ax_xml(self, ids, pos: str, crosses: str, gridlines: bool) -> str:
        return (
            "      <c:valAx>\n"
            f'        <c:axId val="{ids[1]}"/>\n'
            "        <c:scaling>\n"
            '          <c:orientation val="minMax"/>\n'
            "        </c:scaling>\n"
            '        <c:delete val="0"/>\n'
            f'        <c:axPos val="{pos}"/>\n'
            + ("        <c:majorGridlines/>\n" if gridlines else "")
            + f'        <c:numFmt formatCode="{escape(self.data.number_format, {chr(34): "&quot;"})}" sourceLinked="0"/>\n'
            '        <c:majorTickMark val="out"/>\n'
            '        <c:minorTickMark val="none"/>\n'
            '        <c:tickLblPos val="nextTo"/>\n'
            f'        <c:crossAx val="{ids[0]}"/>\n'
            f'        <c:crosses val="{crosses}"/>\n'
            '        <c:crossBetween val="between"/>\n'
            "      </c:valAx>\n"
        )
