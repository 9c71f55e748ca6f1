"""One `PlanSlide` → vectors on a reportlab canvas, scaled to a thumbnail: the handout's slide pictures.

Draws exactly what the plan holds — background, rects, text boxes line by line (the plan's lines
are already broken: nothing is measured for wrapping or re-wrapped here), tables, charts
(`charts_pdf`) and images — so a thumbnail shows the same layout as the PPTX slide.
Plan coordinates grow downward from the slide's top-left; reportlab's grow upward.
"""

from __future__ import annotations

import math
from functools import lru_cache

from reportlab.graphics import renderPDF
from reportlab.lib.colors import HexColor

from ..fonts import FontSet
from ..plan import ASCENT, SLIDE_H, SLIDE_W, ChartBox, ImageBox, Para, PlanSlide, Rect, TableBox, TextBox
from .charts_pdf import chart_drawing

BORDER = "#9AA0A6"  # the thumbnail's hairline frame: visible on white paper and on a primary divider
HAIRLINE = 0.25  # pt on paper
_OBLIQUE = math.tan(math.radians(12))  # synthetic italic: the font pair has no italic face


@lru_cache(maxsize=256)
def _color(hex_: str):
    return HexColor(hex_)


def slide_height(width: float) -> float:
    """The height of a thumbnail `width` points wide (16:9)."""
    return width * SLIDE_H / SLIDE_W


def draw_slide(canvas, slide: PlanSlide, x: float, y: float, width: float, *, fonts: FontSet, colors: dict,
               border: bool = True) -> None:
    """Draw `slide` with its bottom-left corner at (x, y), `width` points wide, in reportlab coordinates."""
    scale = width / SLIDE_W
    height = SLIDE_H * scale
    regular, bold = fonts.reportlab_names()
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(scale, scale)
    clip = canvas.beginPath()
    clip.rect(0, 0, SLIDE_W, SLIDE_H)
    canvas.clipPath(clip, stroke=0, fill=0)
    canvas.setFillColor(_color(slide.background or "#FFFFFF"))
    canvas.rect(0, 0, SLIDE_W, SLIDE_H, stroke=0, fill=1)
    for box in slide.boxes:
        if isinstance(box, TextBox):
            _text_box(canvas, box, fonts, regular, bold)
        elif isinstance(box, Rect):
            _rect(canvas, box)
        elif isinstance(box, TableBox):
            _table(canvas, box, fonts, regular, bold)
        elif isinstance(box, ChartBox):
            _chart(canvas, box, colors, regular, bold)
        elif isinstance(box, ImageBox):
            _image(canvas, box)
    canvas.restoreState()
    if border:
        canvas.saveState()
        canvas.setStrokeColor(_color(BORDER))
        canvas.setLineWidth(HAIRLINE)
        canvas.rect(x, y, width, height, stroke=1, fill=0)
        canvas.restoreState()


def _rect(canvas, box: Rect) -> None:
    if not box.fill and not box.line:
        return
    if box.fill:
        canvas.setFillColor(_color(box.fill))
    if box.line:
        canvas.setStrokeColor(_color(box.line))
        canvas.setLineWidth(box.line_width)
    canvas.rect(box.x, SLIDE_H - box.y - box.h, box.w, box.h, stroke=1 if box.line else 0, fill=1 if box.fill else 0)


def _paras(canvas, paras: tuple[Para, ...], x: float, w: float, top: float, fonts: FontSet, regular: str, bold: str) -> None:
    """Paragraphs whose first one starts at plan-y `top`, in a column from `x`, `w` wide."""
    for para in paras:
        top += para.space_before
        size = para.size
        lh = para.line_height
        if para.bullet and para.lines:
            hang = 22.0 if para.level <= 1 else 18.0  # as the PPTX hangs it: marL = indent, indent = -hang
            canvas.setFillColor(_color(para.bullet_color or para.color))
            canvas.setFont(bold if para.bold else regular, size)
            canvas.drawString(x + para.indent - hang, SLIDE_H - (top + ASCENT * size), para.bullet)
        for i, line in enumerate(para.lines):
            baseline = SLIDE_H - (top + i * lh + ASCENT * size)
            if para.align == "c":
                lx = x + para.indent + (w - para.indent - line.width) / 2
            elif para.align == "r":
                lx = x + w - line.width
            else:
                lx = x + para.indent
            _line(canvas, line, lx, baseline, size, para, fonts, regular, bold)
        top += len(para.lines) * lh


def _line(canvas, line, x: float, baseline: float, size: float, para: Para, fonts: FontSet, regular: str, bold: str) -> None:
    text = canvas.beginText()
    text.setFillColor(_color(para.color))
    for run in line.runs:
        is_bold = run.bold or para.bold
        if run.italic:
            text.setTextTransform(1, 0, _OBLIQUE, 1, x, baseline)
        else:
            text.setTextOrigin(x, baseline)
        for piece, face in fonts.segments(run.text, is_bold):  # ✔ and the like in the symbols font
            name = face.rl_font.fontName if face is fonts.symbols else (bold if is_bold else regular)
            text.setFont(name, size)
            text.textOut(piece)
        x += fonts.width(run.text, size, is_bold)
    canvas.drawText(text)


def _text_box(canvas, box: TextBox, fonts: FontSet, regular: str, bold: str) -> None:
    _paras(canvas, box.paras, box.x, box.w, box.text_top(), fonts, regular, bold)


def _table(canvas, box: TableBox, fonts: FontSet, regular: str, bold: str) -> None:
    top = box.y
    for i, (row, h) in enumerate(zip(box.rows, box.row_heights)):
        fill = box.header_fill if i == 0 else (box.zebra_fill if i % 2 == 0 else "#FFFFFF")
        canvas.setFillColor(_color(fill))
        canvas.rect(box.x, SLIDE_H - top - h, sum(box.col_widths), h, stroke=0, fill=1)
        left = box.x
        for cell, cw in zip(row, box.col_widths):
            text_h = sum(p.height for p in cell.paras)
            inner = h - 2 * box.pad
            # Cells are anchored in the middle, as in the PPTX.
            _paras(canvas, cell.paras, left + box.pad, cw - 2 * box.pad, top + box.pad + max(0.0, inner - text_h) / 2,
                   fonts, regular, bold)
            left += cw
        top += h
    # The PPTX table style separates cells with thin white rules.
    canvas.setStrokeColor(_color("#FFFFFF"))
    canvas.setLineWidth(1)
    left = box.x
    for cw in box.col_widths[:-1]:
        left += cw
        canvas.line(left, SLIDE_H - box.y, left, SLIDE_H - top)


def draw_chart(canvas, chart, x: float, y: float, w: float, h: float, *, colors: dict, regular: str, bold: str,
               font_size: float) -> None:
    """`charts_pdf`'s drawing of `chart`, w × h, its bottom-left at (x, y)."""
    drawing = chart_drawing(chart, w, h, colors=colors, font=regular, font_size=font_size)
    # renderPDF opens every drawing with `initialFontName` (Helvetica by default), which would put
    # an unembedded standard font into the PDF even though no glyph is set in it.
    drawing.initialFontName = regular
    drawing.initialFontSize = font_size
    renderPDF.draw(drawing, canvas, x, y)


def _chart(canvas, box: ChartBox, colors: dict, regular: str, bold: str) -> None:
    draw_chart(canvas, box.chart, box.x, SLIDE_H - box.y - box.h, box.w, box.h, colors=colors, regular=regular, bold=bold,
               font_size=box.font_size)


def _image(canvas, box: ImageBox) -> None:
    # reportlab stores an image once per document however often it is drawn (keyed by content).
    canvas.drawImage(box.path, box.x, SLIDE_H - box.y - box.h, box.w, box.h, mask="auto")
