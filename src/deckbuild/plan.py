"""The `Plan`: every slide as boxes in points — lines, sizes, positions — that both renderers draw.

Coordinates are points with the origin at the slide's top-left corner (y grows downward),
on a 960 × 540 pt slide (13.333 × 7.5 in, 16:9). Renderers convert to their own units; they
never measure or wrap text themselves: a `TextBox` holds its lines already broken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from .model import Chart, Deck
from .problems import Span
from .text import Line

SLIDE_W = 960.0
SLIDE_H = 540.0
LINE_HEIGHT = 1.2  # baseline-to-baseline, as a multiple of the font size
ASCENT = 0.95  # where the first baseline sits below a line's top, as a multiple of the size


@dataclass(frozen=True)
class Para:
    lines: tuple[Line, ...]
    size: float  # pt
    color: str  # "#RRGGBB"
    bold: bool = False
    level: int = 0  # 0: no bullet; 1..3: bullet depth
    bullet: str | None = None  # the bullet glyph ("•", "–", "1.")
    bullet_color: str | None = None
    indent: float = 0.0  # text's left edge, from the box's left edge (pt)
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
class TextBox:
    x: float
    y: float
    w: float
    h: float
    paras: tuple[Para, ...]
    role: str  # title | body | caption | footer | stat | quote | ...
    anchor: str = "t"  # t | m | b: where the text block sits vertically in the box

    @property
    def text_height(self) -> float:
        return sum(p.height for p in self.paras)

    def text_top(self) -> float:
        """y of the first paragraph's top edge, honouring the vertical anchor."""
        free = max(0.0, self.h - self.text_height)
        return self.y + {"t": 0.0, "m": free / 2, "b": free}[self.anchor]


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str | None
    line: str | None = None
    line_width: float = 0.75
    role: str = "shape"


@dataclass(frozen=True)
class ChartBox:
    x: float
    y: float
    w: float
    h: float
    chart: Chart
    font_size: float


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
    header_fill: str
    zebra_fill: str
    align: tuple[str, ...]  # per column: l | r


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
class PlanSlide:
    number: int  # 1-based position in the deck
    kind: str  # title | divider | bullets | chart | stat | quote | table | faq | columns | image | sources
    title: str  # plain text, for listings and tests
    boxes: tuple[Box, ...]
    notes: str | None
    span: Span  # where the slide comes from in the outline
    section_id: str | None = None
    background: str | None = None
    continued: bool = False  # a continuation slide ("… (계속)")
    handout: str | None = None  # print-only text


@dataclass(frozen=True)
class Plan:
    deck: Deck  # the selected deck (audience applied): metadata, sections, sources for the handout
    slides: tuple[PlanSlide, ...]
    colors: dict[str, str] = field(default_factory=dict)
    width: float = SLIDE_W
    height: float = SLIDE_H

    def slides_of(self, section_id: str) -> list[PlanSlide]:
        return [s for s in self.slides if s.section_id == section_id]

    def dump(self) -> str:
        """Every layout decision as text, one line per box/line, tagged with the outline line."""
        out: list[str] = []
        for s in self.slides:
            flag = " continued" if s.continued else ""
            out.append(f"slide {s.number} {s.kind}{flag} @{s.span.line}: {s.title}")
            for b in s.boxes:
                geo = f"{b.x:.1f},{b.y:.1f} {b.w:.1f}x{b.h:.1f}"
                if isinstance(b, TextBox):
                    out.append(f"  text {b.role} {geo}")
                    for p in b.paras:
                        lead = f"{p.bullet} " if p.bullet else ""
                        for i, line in enumerate(p.lines):
                            out.append(f"    {p.size:g}pt{' b' if p.bold else ''} {line.width:6.1f} | {lead if i == 0 else ''}{line.text}")
                elif isinstance(b, ChartBox):
                    out.append(f"  chart {b.chart.id} {b.chart.kind} {geo}")
                elif isinstance(b, TableBox):
                    out.append(f"  table {len(b.rows)}x{len(b.col_widths)} {geo}")
                    for row in b.rows:
                        out.append("    | " + " | ".join(" / ".join(p.text for p in c.paras) for c in row))
                elif isinstance(b, ImageBox):
                    out.append(f"  image {geo} {b.alt}")
                else:
                    out.append(f"  rect {b.role} {geo} {b.fill}")
        return "\n".join(out) + "\n"
