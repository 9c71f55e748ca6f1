"""The plan's charts: `ChartSpec`, one chart at one size with every decision made (colours per point,
value scale, label texts and positions, legend, plot rectangle, the face it is drawn in), and
`ChartForm`, the kind each renderer picks its chart writer by.

In: what layout's chart resolver (`layout.charts.resolve`) decides. Out: plain frozen values both
renderers draw without deciding anything; no model code. `plan` re-exports every name here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from .chartkind import ChartType
from typing import TYPE_CHECKING

from .frame import Color

if TYPE_CHECKING:  # a face is carried, never loaded, by the plan
    from .fonts import Face


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in the chart's box, y up


@dataclass(frozen=True)
class ChartLabel:
    """One data label where layout put it (`layout.labels`): both renderers draw `text` at (x, y)
    (its baseline, `anchor` saying which end or the middle), `size` pt, in `color`; `box` is the
    extent layout measured and kept clear of every other text of the chart. `position` is the spot
    PowerPoint knows (its c:dLblPos: out = outside end, inside-end, center, above, below, right, left,
    inside = on a doughnut's ring); `offset` (dx, dy points, y up) is how far the plan moved the label
    from that spot (the PPTX writes it as the label's manual layout); `leader` a thin line from the
    point (a slice's edge) to the moved label."""

    text: str
    position: str
    color: Color
    x: float = 0.0
    y: float = 0.0
    anchor: str = "middle"  # start | middle | end
    size: float = 0.0
    box: Box = (0.0, 0.0, 0.0, 0.0)
    offset: tuple[float, float] | None = None
    leader: Box | None = None


@dataclass(frozen=True)
class ChartSeries:
    name: str
    values: tuple[float | None, ...]  # None: no data (a gap in a line, no bar; the cell left empty)
    color: Color  # the series' own colour (legend, line)
    points: tuple[Color, ...]  # each point's fill
    labels: tuple[ChartLabel | None, ...] | None  # None: no labels; an entry None: that point's label dropped
    line: bool = False  # a combo's line series (its columns and every other kind's series: False)
    secondary: bool = False  # drawn against the secondary value axis (`scale2`, on the right)
    number_code: str | None = None  # its own format code (workbook, labels); None: the chart's `number_code`


@dataclass(frozen=True)
class AxisTitle:
    """A value axis's title, level, as Korean reports set it: over the axis's tick labels (a
    vertical axis; at the right edge for the secondary one) or under them (bars). `x` is its left
    edge, `y` its baseline, `width` its measured width, in the chart's own coordinates."""

    text: str
    x: float
    y: float
    width: float


@dataclass(frozen=True)
class Scale:
    minimum: float
    maximum: float
    major: float

    def ticks(self) -> list[float]:
        count = math.floor((self.maximum - self.minimum) / self.major + 1e-9)
        return [self.minimum + k * self.major for k in range(count + 1)]


# A resolved chart's kind: the same kinds as the outline's (one list, `chartkind`), which each
# renderer picks its chart writer by; the plan dump reads the outline's names.
ChartForm = ChartType
@dataclass(frozen=True)
class ChartSpec:
    """One chart at one size, every decision made: what the PPTX writes natively and the PDF draws.

    Geometry (`plot`, legend and category label placement) is in points inside the chart's box with
    y growing *upward* from its bottom-left corner (the drawing's own convention); the PPTX lets the
    client place the plot area and uses the rest.
    """

    id: str
    kind: ChartForm
    categories: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    face: "Face"  # the one face all of the chart's text is drawn in (renderers look up no face by name)
    bold_face: "Face"
    font_size: float
    number_code: str  # Excel format code of values (unit included), for the workbook
    label_code: str  # format code of data labels (values, or shares of a pie)
    label_kind: str | None  # value | share | None
    scale: Scale | None  # the value axis (None: pie, doughnut)
    ticks: tuple[tuple[float, str], ...]
    legend: tuple[tuple[str, Color], ...]  # empty: no legend
    legend_pos: str | None  # bottom | right | None
    text_color: Color
    muted_color: Color
    grid_color: Color
    axis_color: Color
    # Where the PDF draws: the plot rectangle (x0, y0, x1, y1), category label lines and size,
    # tick label anchor, legend rows.
    plot: tuple[float, float, float, float]
    category_lines: tuple[tuple[str, ...], ...]
    category_size: float
    legend_rows: tuple[tuple[tuple[str, Color, float, float], ...], ...] = ()  # (name, colour, x, y) per row
    gap_width: int = 60
    hole: int = 55
    line_width: float = 1.5
    tick_code: str = "General"  # the value axis's tick labels (`ticks` are printed in it)
    tick_size: float = 0.0  # the value axes' tick labels' size (0: `font_size`), stepped down where they would crowd the plot
    scale2: Scale | None = None  # the secondary value axis (a combo with a secondary series), on the right
    ticks2: tuple[tuple[float, str], ...] = ()
    tick_code2: str = "General"
    axis_titles: tuple[AxisTitle | None, AxisTitle | None] = (None, None)  # the value axis's, the secondary's
    size: tuple[float, float] = (0.0, 0.0)  # the box it was resolved for (w, h): the PPTX places titles and plot in it
    alt: str | None = None  # the outline's alternative text (None: to be generated from the data)
    title: str | None = None  # the chart's title (drawn by the slide or handout around the chart, kept for its alt)
    # Set by layout.labels: the data labels' size; the category labels' turn (0, or -45: read
    # downward to the left of their slot); each text's measured box, kept apart (ticks, categories,
    # legend, data labels); the labels left out: ("category" or "series · category", its text), in order.
    label_size: float = 0.0
    category_rotation: int = 0
    category_step: int = 1  # every step-th category name shown, from the first (its lines; the others none)
    text_boxes: tuple[tuple[str, str, Box], ...] = ()  # (role, text, box): role tick | category | legend | label
    dropped: tuple[tuple[str, str], ...] = ()
    categories_dropped: tuple[str, ...] = ()  # category names not drawn (a number in them wider than its room)
    categories_cut: tuple[str, ...] = ()  # category names in more lines than their room holds, drawn cut with "…" (a warning)
    # The legend's text size, as layout/legend.py stepped it down (0: `font_size`); `labels_named`: no
    # legend, a pie's labels carry the names.
    legend_size: float = 0.0
    labels_named: bool = False
    legend_cut: tuple[str, ...] = ()  # legend names and axis titles wider than their room, drawn cut with "…" (a warning)

    @property
    def horizontal(self) -> bool:
        return self.kind.horizontal

    @property
    def stacked(self) -> bool:
        return self.kind.stacked

    @property
    def circular(self) -> bool:
        return self.kind.circular
