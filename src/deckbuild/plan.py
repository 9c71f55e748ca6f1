"""The `Plan`: every decision both outputs need, resolved once — document info, each slide as boxes in
points (lines, sizes, positions, colours, resolved charts), and the handout as blocks.

Renderers only draw a Plan: they never measure or wrap slide text, choose a colour, a size or a
position, or read the outline's model. Slide coordinates are points with the origin at the slide's
top-left corner (y grows downward); handout sizes are points on paper.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Union

from .frame import Color  # a colour as drawn, with its theme slot (and transforms) where it has one
from .plan_charts import AxisTitle, ChartForm, ChartLabel, ChartSeries, ChartSpec, Scale  # noqa: F401 - part of the plan
from .plan_handout import (  # noqa: F401 - part of the plan (its handout)
    BulletItems, CONTENTS_NUMBER_W, Cards, ChartBlock, Contents, FaqBlock, Gap, GridPage, GridSlot,
    HANDOUT_PADDING, HandoutPlan, Heading, ImageBlock, Keep, ListItem, NotesSlide, PageBreak, PageFurniture,
    PrintNote, Prose, QuoteBlock, StatRow, TableBlock, TextStyle, ThumbRow, LINE_BREAK, Rich,
)
from .plan_words import Words  # noqa: F401 - part of the plan (DocInfo.words)
from .problems import Span
from .text import Line, Run

SLIDE_W = 960.0  # the default slide: 13.333 × 7.5 in, 16:9
SLIDE_H = 540.0
LINE_HEIGHT = 1.2  # baseline-to-baseline, as a multiple of the font size
ASCENT = 0.95  # where the first baseline sits below a line's top, as a multiple of the size



WHITE = Color("#FFFFFF")


@dataclass(frozen=True)
class DocInfo:
    """The document's properties, resolved once for the deck, the handout and the slides PDF."""

    title: str
    subtitle: str | None
    author: str | None
    date: str | None  # YYYY-MM-DD as the outline gives it
    language: str
    audience: str | None  # the audience's name
    audience_description: str | None
    keywords: tuple[str, ...]
    when: _dt.datetime  # the date written into files (outline date, else SOURCE_DATE_EPOCH, else fixed)
    words: Words | None = None  # the words deckbuild writes, in `language`
    shown_date: str | None = None  # the date as printed: "2024. 12. 2." in Korean, else ISO
    classification: str | None = None  # the mark on every slide and page (대외비); also in the keywords


# ---- slides ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    lines: tuple[Line, ...]
    size: float  # pt
    color: Color
    bold: bool = False
    level: int = 0  # 0: no bullet; 1..3: bullet depth
    bullet: str | None = None  # the bullet glyph ("•", "–", "1.")
    bullet_color: Color | None = None
    indent: float = 0.0  # text's left edge, from the box's text area (pt)
    hang: float = 0.0  # the bullet sits this far left of the text
    space_before: float = 0.0  # pt
    align: str = "l"  # l | c | r

    @property
    def line_height(self) -> float:
        return self.size * LINE_HEIGHT

    @property
    def height(self) -> float:
        return self.space_before + len(self.lines) * self.line_height

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Placeholder:
    """The layout placeholder a box fills (ECMA-376 §19.3.1.36 p:ph): its type and index."""

    type: str  # title | ctrTitle | subTitle | body | sldNum | ftr | dt | obj
    idx: int | None = None
    moved: bool = False  # deckbuild's own grid placed it: the deck writes its position (else: the layout's)


@dataclass(frozen=True)
class TextBox:
    x: float
    y: float
    w: float
    h: float
    paras: tuple[Para, ...]
    role: str  # title | body | caption | source | number | stat | quote | ...
    anchor: str = "t"  # t | m | b: where the text block sits vertically in the text area
    inset: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # left, top, right, bottom (pt)
    placeholder: Placeholder | None = None  # None: a text box of deckbuild's own
    tag: str = "P"  # its structure (layout.structure): H1 | H2 | P | L | BlockQuote | Caption | Note | Artifact

    @property
    def text_x(self) -> float:
        return self.x + self.inset[0]

    @property
    def text_w(self) -> float:
        return self.w - self.inset[0] - self.inset[2]

    @property
    def text_height(self) -> float:
        return sum(p.height for p in self.paras)

    def text_top(self) -> float:
        """y of the first paragraph's top edge, honouring the insets and the vertical anchor."""
        top, inner = self.y + self.inset[1], self.h - self.inset[1] - self.inset[3]
        free = max(0.0, inner - self.text_height)
        return top + {"t": 0.0, "m": free / 2, "b": free}[self.anchor]


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: Color | None
    line: Color | None = None
    line_width: float = 0.75
    role: str = "shape"
    decorative: bool = True  # it only decorates: marked so in the deck, an artifact in the PDFs


@dataclass(frozen=True)
class ChartBox:
    x: float
    y: float
    w: float
    h: float
    spec: ChartSpec
    alt: str = ""  # alternative text: the outline's `alt`, or a sentence from kind, title and values


@dataclass(frozen=True)
class Cell:
    paras: tuple[Para, ...]


@dataclass(frozen=True)
class TableBox:
    x: float
    y: float
    w: float
    h: float
    col_widths: tuple[float, ...]
    row_heights: tuple[float, ...]
    rows: tuple[tuple[Cell, ...], ...]  # rows[0] is the header row
    pad: float  # cell padding, all sides (pt)
    fills: tuple[Color, ...]  # per row
    rule: Color  # the thin rule between cells
    total_rule: Color | None = None  # the last row is a total row: a rule above it in this colour
    alt: str = ""  # alternative text: the table's caption, or its slide's title


@dataclass(frozen=True)
class ImageBox:
    x: float
    y: float
    w: float
    h: float
    path: str
    alt: str


Box = Union[TextBox, Rect, ChartBox, TableBox, ImageBox]


@dataclass(frozen=True)
class Backdrop:
    """What the slide shows behind its boxes, for drawings of the slide (thumbnails, slides PDF):
    the background and the layout's and master's artwork. The PPTX gets it from the layout itself."""

    fill: Color
    gradient: tuple[tuple[float, Color], ...] = ()  # (position 0..1, colour) stops, when a gradient
    angle: float = 90.0  # gradient direction in degrees (0: left → right, 90: top → bottom)
    picture: bytes | None = None  # a background picture, stretched over the slide
    items: tuple["Artwork", ...] = ()


@dataclass(frozen=True)
class Artwork:
    """One picture or filled shape of the layout or master, in slide points."""

    x: float
    y: float
    w: float
    h: float
    kind: str  # picture | rect | ellipse | text
    fill: Color | None = None
    data: bytes | None = None  # picture bytes
    text: str = ""
    size: float = 0.0


PLAIN = Backdrop(WHITE)


@dataclass(frozen=True)
class PlanSlide:
    number: int  # 1-based position in the deck
    kind: str  # title | divider | bullets | chart | stat | quote | table | faq | columns | image | title-only | sources
    title: str  # plain text, for listings, bookmarks and tests
    boxes: tuple[Box, ...]
    notes: str | None
    span: Span  # where the slide comes from in the outline
    section: int | None = None  # index into Plan.sections
    backdrop: Backdrop = PLAIN
    background: Color | None = None  # a fill of the slide's own, over the layout's
    continued: bool = False  # a continuation slide ("… (계속)")
    layout: str | None = None  # the template layout it uses (its part name), None: deckbuild's own
    alt: str = ""  # the slide as a picture (thumbnails): its number, title and what it shows


@dataclass(frozen=True)
class PlanSection:
    number: int  # 1-based, in the order the sections come (anchors, keys)
    id: str
    title: str
    slides: tuple[int, ...]  # slide numbers
    label: str = ""  # as printed before the title: "2" (the body's count), "붙임 1" (an appendix's)
    heading: str = ""  # "2. 글로벌 동향", "붙임 1. 국내 대표 모델": contents, headings, running headers, bookmarks
    appendix: bool = False


@dataclass(frozen=True)
class Plan:
    info: DocInfo
    slides: tuple[PlanSlide, ...]
    sections: tuple[PlanSection, ...]
    handout: HandoutPlan | None
    colors: dict[str, Color] = field(default_factory=dict)  # role → colour, as layout resolved them
    width: float = SLIDE_W
    height: float = SLIDE_H
    sources: tuple[str, ...] = ()  # citations, in order
    warnings: tuple = ()  # layout's warnings (Problems), for the command line to print
