"""The plan's charts: `ChartSpec`, one chart at one size with every decision made (colours per point,
value scale, label texts and positions, legend, plot rectangle, the face it is drawn in), and
`ChartForm`, the kind each renderer picks its chart writer by.

In: what layout's chart resolver (`layout.charts.resolve`) decides. Out: plain frozen values both
renderers draw without deciding anything; no model code. `plan` re-exports every name here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
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
    values: tuple[float, ...]
    color: Color  # the series' own colour (legend, line)
    points: tuple[Color, ...]  # each point's fill
    labels: tuple[ChartLabel | None, ...] | None  # None: no labels; an entry None: that point's label dropped


@dataclass(frozen=True)
class Scale:
    minimum: float
    maximum: float
    major: float

    def ticks(self) -> list[float]:
        count = round((self.maximum - self.minimum) / self.major)
        return [self.minimum + k * self.major for k in range(count + 1)]


class ChartForm(StrEnum):
    """A resolved chart's kind, the plan's own (renderers run no model code, so not `model.ChartType`):
    what each renderer picks its chart writer by, with the predicates the writers need. The values
    are the outline's names, so the plan dump reads as before; layout converts by value."""

    BAR = "bar"
    COLUMN = "column"
    STACKED_BAR = "stacked-bar"
    STACKED_COLUMN = "stacked-column"
    LINE = "line"
    PIE = "pie"
    DOUGHNUT = "doughnut"

    @property
    def horizontal(self) -> bool:
        """Categories down the side, values across (bars)."""
        return self in (ChartForm.BAR, ChartForm.STACKED_BAR)

    @property
    def stacked(self) -> bool:
        return self in (ChartForm.STACKED_BAR, ChartForm.STACKED_COLUMN)

    @property
    def circular(self) -> bool:
        """Slices of one whole (pie-like): no axes, one series."""
        return self in (ChartForm.PIE, ChartForm.DOUGHNUT)


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
    number_code: str  # Excel format code of values (unit included), for the workbook and axis
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
    # Set by layout.labels: the data labels' size; the category labels' turn (0, or -45: read
    # downward to the left of their slot); each text's measured box, kept apart (ticks, categories,
    # legend, data labels); the labels left out: ("category" or "series · category", its text), in order.
    label_size: float = 0.0
    category_rotation: int = 0
    text_boxes: tuple[tuple[str, str, Box], ...] = ()  # (role, text, box): role tick | category | legend | label
    dropped: tuple[tuple[str, str], ...] = ()

    @property
    def horizontal(self) -> bool:
        return self.kind.horizontal

    @property
    def stacked(self) -> bool:
        return self.kind.stacked

    @property
    def circular(self) -> bool:
        return self.kind.circular
