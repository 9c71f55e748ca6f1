"""The chart kinds: the one list of them, and what each implies (horizontal, stacked, 100 %,
combo, circular, parts of a whole). In: nothing (no imports of the project). Out: `ChartType`,
which the model (an outline's `kind`) and the plan (`plan_charts.ChartForm`, what each renderer
picks its chart writer by) both use, so the renderers read kinds without running model code."""

from __future__ import annotations

from enum import StrEnum


class ChartType(StrEnum):
    """The chart kinds: the one list of them. A member is its YAML `kind` value (a `str`), in the
    order messages and the schema list them; what a kind implies is read from it, never from its name."""

    BAR = "bar"
    COLUMN = "column"
    STACKED_BAR = "stacked-bar"
    STACKED_COLUMN = "stacked-column"
    PERCENT_STACKED_BAR = "percent-stacked-bar"
    PERCENT_STACKED_COLUMN = "percent-stacked-column"
    LINE = "line"
    AREA = "area"
    STACKED_AREA = "stacked-area"
    PIE = "pie"
    DOUGHNUT = "doughnut"
    COMBO = "combo"

    @property
    def horizontal(self) -> bool:
        """Categories down the side, bars growing to the right."""
        return self in _HORIZONTAL

    @property
    def stacked(self) -> bool:
        """Series stacked into one bar (or band) per category."""
        return self in _STACKED

    @property
    def percent(self) -> bool:
        """Stacked to 100 %: each category's segments are shares of its total."""
        return self in _PERCENT

    @property
    def combo(self) -> bool:
        """Columns and lines in one chart, each series as its own `kind` says, on one or two value axes."""
        return self is ChartType.COMBO

    @property
    def circular(self) -> bool:
        """One series drawn as slices of a circle (no value axis)."""
        return self in _CIRCULAR

    @property
    def parts(self) -> bool:
        """Each point a part of a whole (a slice; a segment of a 100 % bar): labels may show shares."""
        return self in _PARTS


_HORIZONTAL = frozenset((ChartType.BAR, ChartType.STACKED_BAR, ChartType.PERCENT_STACKED_BAR))
_PERCENT = frozenset((ChartType.PERCENT_STACKED_BAR, ChartType.PERCENT_STACKED_COLUMN))
_STACKED = frozenset((ChartType.STACKED_BAR, ChartType.STACKED_COLUMN, ChartType.STACKED_AREA)) | _PERCENT
# The kinds a combo's series may be, as the series' `kind` writes them.
COMBO_SERIES_KINDS = (ChartType.COLUMN, ChartType.LINE)
_CIRCULAR = frozenset((ChartType.PIE, ChartType.DOUGHNUT))
_PARTS = _CIRCULAR | _PERCENT  # the wholes a label may give shares of
