"""The plan's handout: the blocks a handout layout is made of (headings, prose set in lines, lists,
tables, charts, thumbnails, notes, grid pages, keeps and breaks), their text styles and page
furniture, decided by `layout.handout` and only drawn by `render.pdf*`. In: the plan's colours and
charts. Out: `HandoutPlan`, which `plan.Plan` carries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from .frame import Color
from .plan_charts import ChartSpec
from .text import Run

Rich = tuple[Run, ...]  # inline text, already split into bold/italic runs
# In the handout's blocks a run "\n" is a line break the handout planner chose (the text is set in
# lines measured with the fonts, numbers kept whole); the PDF draws each line as it is given.
LINE_BREAK = Run("\n")


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
