"""One `PlanSlide` → vectors on a reportlab canvas, at any scale: the handout's thumbnails and the
slides PDF's pages.

Draws exactly what the plan holds — the backdrop (background and the template's artwork), rects,
text boxes line by line (the plan's lines are already broken: nothing is measured for wrapping here),
tables, charts (`charts_pdf`) and images — so a drawing shows the same layout as the PPTX slide.
Plan coordinates grow downward from the slide's top-left; reportlab's grow upward.
"""

from __future__ import annotations

import io
import math
from contextlib import nullcontext as _nothing
from functools import lru_cache

from reportlab.graphics import renderPDF
from reportlab.lib.colors import HexColor

from ..fonts import FontSet
from ..plan import ASCENT, Backdrop, ChartBox, ChartSpec, Color, ImageBox, Para, PlanSlide, Rect, TableBox, TextBox
from .charts_pdf import chart_drawing
from .pdf_tags import Elem, Lists, artifact, mark, tagger_of

BORDER = "#9AA0A6"  # the thumbnail's hairline frame: visible on white paper and on a dark slide
HAIRLINE = 0.25  # pt on paper
OBLIQUE = math.tan(math.radians(12))  # synthetic italic: the font pair has no italic face


@lru_cache(maxsize=256)
def _color(hex_: str):
    return HexColor(hex_)


def _c(color: Color):
    return _color(color.hex)


def pdf_date(when) -> str:
    """A PDF date string (ISO 32000 §7.9.4) for `when`, in UTC: the document's fixed date."""
    import datetime as dt

    when = when.replace(tzinfo=dt.timezone.utc) if when.tzinfo is None else when.astimezone(dt.timezone.utc)
    return f"D:{when:%Y%m%d%H%M%S}+00'00'"


class SlideDrawer:
    """Draws plan slides of one deck on reportlab canvases (fonts registered once)."""

    def __init__(self, fonts: FontSet, slide_w: float, slide_h: float):
        self.fonts = fonts
        self.w, self.h = slide_w, slide_h
        self.regular, self.bold = fonts.reportlab_names()

    def height_for(self, width: float) -> float:
        return width * self.h / self.w

    def draw(self, canvas, slide: PlanSlide, x: float, y: float, width: float, *, border: bool = True,
             parent: Elem | None = None) -> None:
        """Draw `slide` with its bottom-left corner at (x, y), `width` points wide, in reportlab coordinates.

        With `parent` (the slides PDF), each box is drawn as the structure the plan gives it, under
        `parent`; without, the slide is one drawing (a thumbnail, which its caller tags as a figure)."""
        tagged = parent is not None and tagger_of(canvas) is not None
        scale = width / self.w
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(scale, scale)
        clip = canvas.beginPath()
        clip.rect(0, 0, self.w, self.h)
        canvas.clipPath(clip, stroke=0, fill=0)
        with artifact(canvas, "Background") if tagged else _nothing():
            self.backdrop(canvas, slide.backdrop)
            if slide.background is not None:
                canvas.setFillColor(_c(slide.background))
                canvas.rect(0, 0, self.w, self.h, stroke=0, fill=1)
        for box in slide.boxes:
            if tagged:
                self.tagged_box(canvas, box, parent)
            elif isinstance(box, TextBox):
                self.paras(canvas, box.paras, box.text_x, box.text_w, box.text_top())
            elif isinstance(box, Rect):
                self.rect(canvas, box)
            elif isinstance(box, TableBox):
                self.table(canvas, box)
            elif isinstance(box, ChartBox):
                self.chart(canvas, box.spec, box.x, self.h - box.y - box.h, box.w, box.h)
            elif isinstance(box, ImageBox):
                # reportlab stores an image once per document however often it is drawn (keyed by content).
                canvas.drawImage(box.path, box.x, self.h - box.y - box.h, box.w, box.h, mask="auto")
        canvas.restoreState()
        if border:
            canvas.saveState()
            canvas.setStrokeColor(_color(BORDER))
            canvas.setLineWidth(HAIRLINE)
            canvas.rect(x, y, width, self.height_for(width), stroke=1, fill=0)
            canvas.restoreState()

    def tagged_box(self, canvas, box, parent: Elem) -> None:
        """One box as its structure element (the plan's tag; decorative rects as artifacts)."""
        if isinstance(box, Rect):
            with artifact(canvas, "Layout"):
                self.rect(canvas, box)
        elif isinstance(box, TextBox):
            if box.tag == "L":
                self.paras(canvas, box.paras, box.text_x, box.text_w, box.text_top(), lists=Lists(parent))
            else:
                with mark(canvas, None if box.tag == "Artifact" else parent.add(box.tag)):
                    self.paras(canvas, box.paras, box.text_x, box.text_w, box.text_top())
        elif isinstance(box, TableBox):
            self.table(canvas, box, parent.add("Table", box.alt or None))
        elif isinstance(box, ChartBox):
            with mark(canvas, parent.add("Figure", box.alt)):
                self.chart(canvas, box.spec, box.x, self.h - box.y - box.h, box.w, box.h)
        elif isinstance(box, ImageBox):
            with mark(canvas, parent.add("Figure", box.alt)):
                canvas.drawImage(box.path, box.x, self.h - box.y - box.h, box.w, box.h, mask="auto")

    def backdrop(self, canvas, b: Backdrop) -> None:
        if b.gradient:
            rad = math.radians(b.angle)
            # A linear gradient across the slide along `angle` (y downward in the plan, upward here).
            cx, cy = self.w / 2, self.h / 2
            half = abs(self.w * math.cos(rad)) / 2 + abs(self.h * math.sin(rad)) / 2
            dx, dy = math.cos(rad) * half, -math.sin(rad) * half
            canvas.linearGradient(cx - dx, cy - dy, cx + dx, cy + dy, [_c(c) for _, c in b.gradient],
                                  [p for p, _ in b.gradient], extend=True)
        else:
            canvas.setFillColor(_c(b.fill))
            canvas.rect(0, 0, self.w, self.h, stroke=0, fill=1)
        if b.picture is not None:
            canvas.drawImage(_image_reader(b.picture), 0, 0, self.w, self.h, mask="auto")
        for item in b.items:
            y = self.h - item.y - item.h
            if item.kind == "picture" and item.data is not None:
                canvas.drawImage(_image_reader(item.data), item.x, y, item.w, item.h, mask="auto")
            elif item.kind in ("rect", "ellipse") and item.fill is not None:
                canvas.setFillColor(_c(item.fill))
                if item.kind == "rect":
                    canvas.rect(item.x, y, item.w, item.h, stroke=0, fill=1)
                else:
                    canvas.ellipse(item.x, y, item.x + item.w, y + item.h, stroke=0, fill=1)

    def rect(self, canvas, box: Rect) -> None:
        if not box.fill and not box.line:
            return
        if box.fill:
            canvas.setFillColor(_c(box.fill))
        if box.line:
            canvas.setStrokeColor(_c(box.line))
            canvas.setLineWidth(box.line_width)
        canvas.rect(box.x, self.h - box.y - box.h, box.w, box.h, stroke=1 if box.line else 0, fill=1 if box.fill else 0)

    def paras(self, canvas, paras: tuple[Para, ...], x: float, w: float, top: float, lists: Lists | None = None) -> None:
        """Paragraphs whose first one starts at plan-y `top`, in a column from `x`, `w` wide; with
        `lists`, each bulleted paragraph as a list item (Lbl, LBody), any other as a P beside."""
        label = item = None
        for para in paras:
            if lists is not None:
                if para.bullet and para.lines:
                    label, item = lists.item(para.level)
                else:  # a card's title among its bullets
                    lists.close()
                    label, item = None, lists.parent.add("P")
            top += para.space_before
            size = para.size
            lh = para.line_height
            if para.bullet and para.lines:
                with mark(canvas, label) if lists is not None else _nothing():
                    canvas.setFillColor(_c(para.bullet_color or para.color))
                    canvas.setFont(self.bold if para.bold else self.regular, size)
                    canvas.drawString(x + para.indent - para.hang, self.h - (top + ASCENT * size), para.bullet)
            with mark(canvas, item) if lists is not None else _nothing():
                for i, line in enumerate(para.lines):
                    baseline = self.h - (top + i * lh + ASCENT * size)
                    if para.align == "c":
                        lx = x + para.indent + (w - para.indent - line.width) / 2
                    elif para.align == "r":
                        lx = x + w - line.width
                    else:
                        lx = x + para.indent
                    self.line(canvas, line, lx, baseline, size, para)
            top += len(para.lines) * lh

    def line(self, canvas, line, x: float, baseline: float, size: float, para: Para) -> None:
        fonts = self.fonts
        text = canvas.beginText()
        text.setFillColor(_c(para.color))
        for run in line.runs:
            is_bold = run.bold or para.bold
            if run.italic:
                text.setTextTransform(1, 0, OBLIQUE, 1, x, baseline)
            else:
                text.setTextOrigin(x, baseline)
            for piece, face in fonts.segments(run.text, is_bold):  # a character the text face lacks: its fallback
                text.setFont(self.font_of(face, is_bold), size)
                text.textOut(piece)
            x += fonts.width(run.text, size, is_bold)
        canvas.drawText(text)

    def font_of(self, face, bold: bool) -> str:
        if face is self.fonts.regular:
            return self.regular
        if face is self.fonts.bold:
            return self.bold
        return face.rl_font.fontName  # registered by reportlab_names() with the others

    def table(self, canvas, box: TableBox, elem: Elem | None = None) -> None:
        """The table's rows; with `elem` (its Table element), each row a TR of TH (the header row) or
        TD cells, fills and rules as artifacts."""
        top = box.y
        for r, (row, h, fill) in enumerate(zip(box.rows, box.row_heights, box.fills)):
            with artifact(canvas, "Layout") if elem is not None else _nothing():
                canvas.setFillColor(_c(fill))
                canvas.rect(box.x, self.h - top - h, sum(box.col_widths), h, stroke=0, fill=1)
            tr = elem.add("TR") if elem is not None else None
            left = box.x
            for cell, cw in zip(row, box.col_widths):
                text_h = sum(p.height for p in cell.paras)
                inner = h - 2 * box.pad
                cell_elem = None if tr is None else tr.add("TH", Scope="Column", O="Table") if r == 0 else tr.add("TD")
                with mark(canvas, cell_elem) if tr is not None else _nothing():
                    # Cells are anchored in the middle, as in the PPTX.
                    self.paras(canvas, cell.paras, left + box.pad, cw - 2 * box.pad, top + box.pad + max(0.0, inner - text_h) / 2)
                left += cw
            top += h
        # The PPTX table style separates cells with thin rules.
        with artifact(canvas, "Layout") if elem is not None else _nothing():
            canvas.setStrokeColor(_c(box.rule))
            canvas.setLineWidth(1)
            left = box.x
            for cw in box.col_widths[:-1]:
                left += cw
                canvas.line(left, self.h - box.y, left, self.h - top)
            if box.total_rule is not None and len(box.rows) > 1:  # the total row: a rule above it
                y = self.h - (top - box.row_heights[-1])
                canvas.setStrokeColor(_c(box.total_rule))
                canvas.line(box.x, y, box.x + sum(box.col_widths), y)

    def chart(self, canvas, spec: ChartSpec, x: float, y: float, w: float, h: float, scale: float = 1.0) -> None:
        """The chart `spec` (resolved for w × h), its bottom-left at (x, y), drawn `scale` times its size."""
        draw_chart(canvas, spec, x, y, w, h, font=spec.face.rl_font.fontName, scale=scale)


def draw_chart(canvas, spec: ChartSpec, x: float, y: float, w: float, h: float, *, font: str, scale: float = 1.0) -> None:
    drawing = chart_drawing(spec, w, h, font=font)
    # renderPDF opens every drawing with `initialFontName` (Helvetica by default), which would put
    # an unembedded standard font into the PDF even though no glyph is set in it.
    drawing.initialFontName = font
    drawing.initialFontSize = spec.font_size
    if scale != 1.0:
        drawing.scale(scale, scale)
        drawing.width, drawing.height = w * scale, h * scale
    renderPDF.draw(drawing, canvas, x, y)


@lru_cache(maxsize=64)
def _image_reader(data: bytes):
    from reportlab.lib.utils import ImageReader

    return ImageReader(io.BytesIO(data))
