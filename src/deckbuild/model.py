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

from .problems import Span

CHART_FIGURES = "0123456789.,-%"  # axis values and data labels: every chart's face must draw them
CHART_KINDS = ("bar", "column", "stacked-bar", "stacked-column", "line", "pie", "doughnut")
LAYOUTS = ("article", "notes", "grid")
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
    values: tuple[float, ...]
    span: Span


class ChartKind:
    """What a chart's `kind` implies, for the outline's chart and the plan's resolved one alike."""

    kind: str

    @property
    def horizontal(self) -> bool:
        return self.kind in ("bar", "stacked-bar")

    @property
    def stacked(self) -> bool:
        return self.kind.startswith("stacked-")

    @property
    def circular(self) -> bool:
        return self.kind in ("pie", "doughnut")


@dataclass(frozen=True)
class Chart(ChartKind):
    id: str
    kind: str
    title: str | None
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str | None
    number_format: str | None
    highlight: tuple[str, ...]
    labels: bool | str  # True, False, "value" or "share"
    source: str | None  # the line printed under the chart (a source's citation, or free text)
    source_id: str | None
    span: Span


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
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str | None
    span: Span
    row_spans: tuple[Span, ...] = ()  # where each row is, for problems that name one


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

    @property
    def kind(self) -> str:
        return _KIND_NAMES.get(type(self.content), "title")


_KIND_NAMES = {
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

    def slides(self):
        for section in self.sections:
            yield from section.slides
