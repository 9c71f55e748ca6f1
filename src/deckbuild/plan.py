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
from .plan_words import Words  # noqa: F401 - part of the plan (DocInfo.words)
from .problems import Span
from .text import Line, Run

SLIDE_W = 960.0  # the default slide: 13.333 × 7.5 in, 16:9
SLIDE_H = 540.0
LINE_HEIGHT = 1.2  # baseline-to-baseline, as a multiple of the font size
ASCENT = 0.95  # where the first baseline sits below a line's top, as a multiple of the size

Rich = tuple[Run, ...]  # inline text, already split into bold/italic runs
# In the handout's blocks a run "\n" is a line break the handout planner chose (the text is set in
# lines measured with the fonts, numbers kept whole); the PDF draws each line as it is given.
LINE_BREAK = Run("\n")


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


# ---- handout ---------------------------------------------------------------------------------------


# The left and right padding inside the handout's boxed blocks, pt (figure: a key figure's box;
# ruled: a box with a rule at its left): the planner sets their text to the width inside, the PDF
# draws the boxes with it.
HANDOUT_PADDING = {"figure": (10.0, 10.0), "cell": (6.0, 6.0), "ruled": (12.0, 6.0), "note": (10.0, 10.0),
                   "card": (9.0, 9.0)}
CONTENTS_NUMBER_W = 28.0  # the contents list's page-number column (its entries end 12 pt before it)


@dataclass(frozen=True)
class TextStyle:
    """A paragraph style of the handout: what the PDF sets every block's text in."""

    size: float
    leading: float  # baseline to baseline, pt
    color: Color
    bold: bool = False
    space_before: float = 0.0
    space_after: float = 0.0
    align: str = "l"  # l | c | r
    tag: str = "P"  # the structure type of a paragraph in this style (H1, H2, P, Caption, Note)


@dataclass(frozen=True)
class Heading:
    text: Rich
    level: int  # 1: section, 2: slide title, 0: a page title (contents, cover)
    key: str | None = None  # anchor for contents and bookmarks
    outline: int | None = None  # bookmark level (0 top), None: no bookmark
    bookmark: str | None = None  # the bookmark's text (with `key`)
    section: int | None = None  # the section this heading starts (running header)
    reserve: float = 0.0  # start a new page unless this much room is left below the heading


@dataclass(frozen=True)
class Prose:
    text: Rich
    style: str  # body | lead | small | notes | cover-title | cover-sub | cover-meta | cover-aud | source
    bullet: str | None = None  # a numbered item's label ("1.")
    indent: float = 0.0  # with a label: where the text starts (the label at the left edge), pt


@dataclass(frozen=True)
class ListItem:
    """One bullet of a list as the handout sets it: the glyph, where it and the text start, and the
    room after it, all decided by the handout planner."""

    level: int  # 1..3
    text: Rich
    glyph: str  # "•", "–", "·"
    glyph_color: Color
    indent: float  # the text's left edge, from the column's (pt)
    glyph_indent: float  # the glyph's left edge
    space_after: float


@dataclass(frozen=True)
class BulletItems:
    items: tuple[ListItem, ...]
    style: str = "body"
    whole: bool = False  # a short list: never split across pages


@dataclass(frozen=True)
class StatRow:
    items: tuple[tuple[Rich, Rich, Rich | None], ...]  # value, label, detail
    widths: tuple[float, ...]


@dataclass(frozen=True)
class QuoteBlock:
    text: Rich
    by: Rich | None
    style: str  # the text style of the quote itself


@dataclass(frozen=True)
class TableBlock:
    header: tuple[Rich, ...]
    rows: tuple[tuple[Rich, ...], ...]
    widths: tuple[float, ...]  # points
    align: tuple[str, ...]  # per column: l | c | r (the header too)
    header_fill: Color
    zebra: Color
    caption: Rich | None = None
    total: bool = False  # the last row is a total row: bold (in its Rich), a rule above
    unit: Rich | None = None  # the "(단위: …)" line above the table, at the right


@dataclass(frozen=True)
class ChartBlock:
    spec: ChartSpec  # resolved at the block's full size
    width: float
    height: float
    min_scale: float  # drawn smaller (down to this share) rather than leaving a page half empty
    title: Rich | None
    source: Rich | None
    caption: Rich | None = None
    omitted: Rich | None = None  # the values of labels the chart left out, as a line under it
    alt: str = ""  # alternative text, as the deck's chart has it
    note: Rich | None = None  # the 주: line, directly under the chart (before the source)


@dataclass(frozen=True)
class ImageBlock:
    path: str
    width: float
    height: float
    alt: str
    caption: Rich | None = None


@dataclass(frozen=True)
class Cards:
    """Side-by-side cards (a columns slide), or one after another when they cannot stand together."""

    cards: tuple[tuple[Rich, tuple[ListItem, ...]], ...]  # (title, bullets)
    widths: tuple[float, ...]
    side_by_side: bool


@dataclass(frozen=True)
class FaqBlock:
    items: tuple[tuple[Rich, Rich], ...]


@dataclass(frozen=True)
class PrintNote:
    """The slide's print-only text, on a shaded box."""

    paragraphs: tuple[tuple[Rich, ...], ...]  # paragraphs, each a tuple of lines (kept line breaks)
    boxed: bool


@dataclass(frozen=True)
class ThumbRow:
    """Slides drawn small side by side, each labelled under it; nothing else beside them."""

    slides: tuple[int, ...]
    width: float  # each thumbnail's width
    gap: float
    labels: tuple[Rich, ...]


@dataclass(frozen=True)
class NotesSlide:
    """The notes layout: one slide large, its label above it, then its speaker notes."""

    slide: int
    label: Rich
    width: float
    notes: tuple[tuple[Rich, ...], ...]
    key: str
    heading: "Heading | None" = None  # the section's heading, when this slide is its first
    bookmark: str = ""  # the slide's bookmark text
    outline: int = 0  # its bookmark level (1 under a section)
    handout: "PrintNote | None" = None  # the slide's print-only text, under the picture
    reserve: float = 0.0  # room the picture needs with the start of its text (else a new page)
    section: str | None = None  # the running header's key this slide sets (the sources slide), None: keeps


@dataclass(frozen=True)
class GridSlot:
    slide: int
    x: float  # from the frame's left edge
    top: float  # from the frame's top edge, where the labels start
    width: float
    label: Rich  # "3 · 세계 3위, 그러나 넘어야 할 산" (one line, fitted)
    heading: Rich | None  # the section's number and title, before its first slide
    key: str
    section_key: str | None  # the section's anchor when this slot starts it
    bookmark: str = ""  # the slide's bookmark text
    outline: int = 0  # its bookmark level (1 under a section)
    section_bookmark: str | None = None  # the section's bookmark text, with `section_key`


@dataclass(frozen=True)
class GridPage:
    slots: tuple[GridSlot, ...]
    label_h: float  # room for the label (and heading) above each thumbnail
    rule_x: float | None  # where ruled note lines start beside each thumbnail (None: none)
    rule_gap: float = 18.0
    section: str | None = None  # the running header's section key on this page (its first slide's)


@dataclass(frozen=True)
class Contents:
    entries: tuple[tuple[Rich, str, int], ...]  # (text, key, level)


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Gap:
    height: float


@dataclass(frozen=True)
class Keep:
    """Blocks that stay on one page when they can."""

    blocks: tuple["Block", ...]


Block = Union[Heading, Prose, BulletItems, StatRow, QuoteBlock, TableBlock, ChartBlock, ImageBlock, Cards, FaqBlock,
              PrintNote, ThumbRow, NotesSlide, GridPage, Contents, PageBreak, Gap, Keep]


@dataclass(frozen=True)
class PageFurniture:
    """What every handout page carries besides its blocks: the running header (title at the left,
    the page's section at the right, a rule under them) and the footer (date, `n / N`)."""

    style: str  # the text style of header and footer (size, colour)
    header_top: float  # paper's top edge → the header text's top (its baseline is a size lower)
    rule_below: float  # paper's top edge → the rule, beyond `header_top`
    rule_width: float
    rule_color: Color
    footer_baseline: float  # above the paper's bottom edge
    page_number: str = "{n} / {total}"  # the footer's page number: {n} the page, {total} the count
    mark: str | None = None  # the classification (대외비), at the top right above the header, in a thin frame
    mark_top: float = 0.0  # paper's top edge → the mark's frame
    mark_size: float = 9.0
    mark_color: Color | None = None


@dataclass(frozen=True)
class HandoutPlan:
    """The handout as the PDF draws it: paper, margins, every block in order, the text styles and
    colours they name, the running header's text and the page furniture."""

    layout: str  # article | notes | grid
    paper: str
    page: tuple[float, float]  # paper size, pt
    margin: float
    header: str  # the running header's fixed part (title · audience), fitted to the left half
    footer_date: str
    blocks: tuple[Block, ...]
    sections: tuple[tuple[str, str], ...]  # (key, "n. title") for running headers, fitted to the right half
    furniture: PageFurniture
    styles: dict[str, TextStyle] = field(default_factory=dict)
    colors: dict[str, Color] = field(default_factory=dict)  # primary, accent, muted, surface, rule …

    @property
    def frame(self) -> tuple[float, float]:
        return self.page[0] - 2 * self.margin, self.page[1] - 2 * self.margin


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
