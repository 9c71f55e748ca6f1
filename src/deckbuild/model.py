"""The outline as typed, frozen data: what `validate` produces and every later stage reads.

Every node carries the `Span` it came from, so later stages (audience selection, layout) can
name a place in the outline without re-reading it. Text fields keep the outline's inline
markup (`**bold**`, `*italic*`); `text.parse_inline` turns them into runs.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

from .chartkind import COMBO_SERIES_KINDS, ChartType  # noqa: F401 - the chart kinds: one list, shared with the plan
from .numfmt import NumberFormat, parse_number_format
from .problems import Span

CHART_FIGURES = "0123456789.,-%"  # axis values and data labels: every chart's face must draw them
# The handout layouts, each with what it prints (the schema's description is made from this).
HANDOUT_LAYOUTS = {"article": "prose", "notes": "slide + its handout text + notes", "grid": "N slides per page"}
LAYOUTS = tuple(HANDOUT_LAYOUTS)
PAPERS = ("A4", "Letter", "B5")
SLIDES_PER_PAGE = (2, 3, 4, 6)
DEFAULT_COLORS = {
    "primary": "#0B3D91",
    "accent": "#E4572E",
    "text": "#1F2328",
    "muted": "#6E7781",
    "surface": "#F3F5F8",
}
# Series colours after the first (primary); the same order in deck and handout.
SERIES_PALETTE = ("#0B3D91", "#E4572E", "#2E8B57", "#F2A900", "#6A4C93", "#1B98E0", "#8D6E63", "#6E7781")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str | None
    year: int | None
    url: str | None
    span: Span

    def cite(self) -> str:
        """One line for a sources list or a chart's source line."""
        parts = [p for p in (self.publisher, self.title) if p]
        text = ", ".join(parts)
        if self.year:
            text += f" ({self.year})"
        return text


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # None: no data (a gap in a line, no bar)
    span: Span
    kind: "ChartType | None" = None  # a combo's series: ChartType.COLUMN or ChartType.LINE
    secondary: bool = False  # `axis: secondary`: drawn against the chart's second value axis
    unit: str | None = None  # its own unit and format (None: the chart's)
    number_format: str | None = None
    format: NumberFormat | None = None  # `number_format` parsed (by validation); None: the chart's


@dataclass(frozen=True)
class Axis:
    """A value axis as the outline sets it (`axis`, `axis2`); every key optional."""

    title: str | None = None
    number_format: str | None = None
    format: NumberFormat | None = None  # parsed by validation; None: the labels' format, its decimals trimmed
    min: float | None = None
    max: float | None = None




class ChartKind:
    """What a chart's `kind` implies, for the outline's chart and the plan's resolved one alike."""

    kind: str

    @property
    def horizontal(self) -> bool:
        return ChartType(self.kind).horizontal

    @property
    def stacked(self) -> bool:
        return ChartType(self.kind).stacked

    @property
    def circular(self) -> bool:
        return ChartType(self.kind).circular

    @property
    def percent(self) -> bool:
        return ChartType(self.kind).percent

    @property
    def combo(self) -> bool:
        return ChartType(self.kind).combo


@dataclass(frozen=True)
class Chart(ChartKind):
    id: str
    kind: ChartType
    title: str | None
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str | None
    number_format: str | None  # as written in the outline (None: General)
    highlight: tuple[str, ...]
    labels: bool | str  # False, True (= "value": the values), "share" or "both" (parts of a whole only)
    source: str | None  # the line printed under the chart (a source's citation, or free text)
    source_id: str | None
    span: Span
    # `number_format` parsed, once: validation hands it over; a Chart built by hand (tests) parses
    # its string here. Charts format every tick and label with this, never with the string.
    # (`replace(chart, number_format=…)` must pass format=None too, or the old one is kept.)
    format: NumberFormat | None = None
    axis: Axis = Axis()  # the value axis; `axis2` the secondary one (a combo with a secondary series)
    axis2: Axis = Axis()
    note: str | None = None  # the 주: line under the chart
    alt: str | None = None  # the outline's alternative text (None: generated from the data)
    data: Path | None = None  # the data file the categories and series came from (an input `watch` follows)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ChartType(self.kind))  # a kind given as text (tests) becomes the type
        if self.format is None:
            object.__setattr__(self, "format", parse_number_format(self.number_format))
        for axis in (self.axis, self.axis2):  # an Axis built by hand (tests) parses its format here
            if axis.format is None and axis.number_format is not None:
                object.__setattr__(axis, "format", parse_number_format(axis.number_format))
        for s in self.series:
            if s.kind is not None:
                object.__setattr__(s, "kind", ChartType(s.kind))
            if s.format is None and s.number_format is not None:
                object.__setattr__(s, "format", parse_number_format(s.number_format))

    def series_format(self, s: Series) -> tuple[NumberFormat, str | None]:
        """The format and unit `s`'s values are printed in: its own, else the chart's."""
        if s.format is not None or s.unit is not None:
            return (s.format or self.format), (s.unit if s.unit is not None else (None if s.format is not None else self.unit))
        return self.format, self.unit


@dataclass(frozen=True)
class Bullet:
    text: str
    children: tuple["Bullet", ...]
    span: Span


@dataclass(frozen=True)
class BulletList:
    items: tuple[Bullet, ...]


@dataclass(frozen=True)
class ChartSlide:
    chart: Chart
    bullets: tuple[Bullet, ...]
    caption: str | None


@dataclass(frozen=True)
class Stat:
    value: str
    label: str
    detail: str | None
    span: Span


@dataclass(frozen=True)
class Stats:
    items: tuple[Stat, ...]


@dataclass(frozen=True)
class Quote:
    text: str
    by: str | None
    span: Span


@dataclass(frozen=True)
class Table:
    """A table: its column names and rows of text as written (or as a data file shows them)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str | None
    span: Span
    row_spans: tuple[Span, ...] = ()  # where each row is (in the outline or the data file), for problems that name one
    align: tuple[str | None, ...] = ()  # per column: "left" | "center" | "right", or None (by content)
    widths: tuple[float | None, ...] = ()  # per column: a share of the table's width, or None
    total: bool = False  # the last row is a total row (bold, a rule above)
    unit: str | None = None  # printed as "(단위: …)" above the table, at the right
    data: Path | None = None  # the data file the rows came from (an input `watch` follows)


@dataclass(frozen=True)
class FaqItem:
    q: str
    a: str
    span: Span


@dataclass(frozen=True)
class Faq:
    items: tuple[FaqItem, ...]


@dataclass(frozen=True)
class Column:
    title: str
    bullets: tuple[Bullet, ...]
    span: Span


@dataclass(frozen=True)
class Columns:
    items: tuple[Column, ...]


@dataclass(frozen=True)
class Image:
    path: Path  # resolved, inside the project
    alt: str
    caption: str | None
    width_px: int
    height_px: int
    span: Span


Content = Union[BulletList, ChartSlide, Stats, Quote, Table, Faq, Columns, Image, None]


@dataclass(frozen=True)
class Slide:
    title: str
    id: str | None
    content: Content
    notes: str | None
    handout: str | None
    audiences: tuple[str, ...] | None
    tags: tuple[str, ...]
    span: Span
    path: str = "-"  # where the slide sits in the outline, for diagnostics
    id_span: Span | None = None
    layout: str | None = None  # a layout of theme.template, by name (wins over the role's)
    layout_span: Span | None = None
    message: str | None = None  # the key message line under the title (헤드메시지)

    @property
    def kind(self) -> str:
        return CONTENT_KINDS.get(type(self.content), "title")


# The slide kinds: a content type → its name, which is also its key in the outline (validation's
# content readers are keyed by these names and checked against this table).
CONTENT_KINDS: dict[type, str] = {
    BulletList: "bullets",
    ChartSlide: "chart",
    Stats: "stat",
    Quote: "quote",
    Table: "table",
    Faq: "faq",
    Columns: "columns",
    Image: "image",
}


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    tags: tuple[str, ...]
    audiences: tuple[str, ...] | None
    divider: bool
    summary: str | None
    body: str | None
    slides: tuple[Slide, ...]
    span: Span
    path: str = "-"
    id_span: Span | None = None
    appendix: bool = False  # an appendix (붙임): after the body sections

    @property
    def paragraphs(self) -> tuple[str, ...]:
        if not self.body:
            return ()
        paras = [" ".join(p.split()) for p in self.body.replace("\r\n", "\n").split("\n\n")]
        return tuple(p for p in paras if p)


@dataclass(frozen=True)
class Handout:
    paper: str = "A4"
    layout: str = "article"
    slides_per_page: int = 3
    cover: bool = True
    contents: bool = True
    notes: bool = True  # speaker notes in the handout (the PPTX keeps them either way)
    page_number: str = "{n} / {total}"  # the page-number pattern: {n} the page, {total} the count


@dataclass(frozen=True)
class Fonts:
    regular: Path
    bold: Path
    symbols: Path | None = None  # the older spelling of one more fallback face
    fallback: tuple[Path, ...] = ()  # drawn, per character, where regular/bold lack a glyph
    embed: str = "subset"  # subset | full | none: the faces the PPTX carries


@dataclass(frozen=True)
class Theme:
    colors: dict[str, str]
    fonts: Fonts
    template: Path | None = None
    layouts: dict[str, str] = field(default_factory=dict)  # role → layout name of the template (theme.layouts)
    layout_spans: dict[str, Span] = field(default_factory=dict)  # role → where its name is written
    color_spans: dict[str, Span] = field(default_factory=dict)  # the roles the outline sets, and where
    template_span: Span | None = None
    bullets: tuple[str, ...] | None = None  # markers by level (theme.bullets); None: deckbuild's own
    # The template as validation read it (a `frame.Frame`, carrying the file's bytes): layout and the
    # PPTX renderer use it, so the file is opened once per build. Not part of the outline's value.
    frame: object | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Logo:
    path: Path  # resolved, inside the project
    alt: str
    width_px: int
    height_px: int
    span: Span


@dataclass(frozen=True)
class Audience:
    name: str
    title: str | None
    subtitle: str | None
    description: str | None
    sections: tuple[str, ...] | None
    include_tags: tuple[str, ...]
    exclude_tags: tuple[str, ...]
    notes: bool
    handout: Handout  # the deck's handout with this audience's overrides applied
    overrides: dict[str, Union[Section, Slide]]  # id → the replacement, already validated
    span: Span
    classification: str | None = None  # over the outline's (the executive cut is 대외비)


@dataclass(frozen=True)
class Deck:
    file: str  # as shown in diagnostics
    stem: str  # output name
    title: str
    subtitle: str | None
    author: str | None
    date: _dt.date | None
    language: str
    theme: Theme
    handout: Handout
    sources: tuple[Source, ...]
    charts: dict[str, Chart]
    sections: tuple[Section, ...]
    audiences: dict[str, Audience]
    span: Span
    audience: Audience | None = None  # set by `audience.select`
    classification: str | None = None  # a mark on every slide and handout page (대외비)
    footer: str | None = None  # the footer line's text
    logo: Logo | None = None

    def slides(self):
        for section in self.sections:
            yield from section.slides


def body_first(sections) -> tuple:
    """Sections with the body first and the appendices after, each keeping its order."""
    return tuple(s for s in sections if not s.appendix) + tuple(s for s in sections if s.appendix)
