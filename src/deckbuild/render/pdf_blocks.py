"""Plan handout blocks → platypus flowables: one function per block type, chosen by the block's type
in `BLOCKS` (a block type without an entry is a bug, reported as such).

In: one block of the HandoutPlan and the `HandoutPdfWriter` (styles, colours, markup). Out: the list
of flowables that draw it. Everything the drawing needs — glyphs, indents, bookmark texts, sizes —
is in the block; what is left here is how reportlab expresses it (table styles, paragraph styles).
"""

from __future__ import annotations

from typing import Callable

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer, TableStyle

from .. import plan as p
from .pdf_flowables import ChartFigure, Contents, GridSheet, SlidePicture, Thumbnails
from .pdf_tags import Image as RLImage  # reportlab's flowables, tagged (see pdf_structure)
from .pdf_tags import Paragraph, Table
from .pdf_writer import HandoutPdfWriter

HEADING_STYLES = {0: "h0", 1: "h1", 2: "h2"}  # a heading's level → its text style (as the planner measures it)


def flow(w: HandoutPdfWriter, block, first: bool = False) -> list:
    """The flowables of one block; `first`: the first notes slide (no break before it)."""
    draw = BLOCKS.get(type(block))
    if draw is None:
        raise AssertionError(f"bug in deckbuild: no drawing for {type(block).__name__}")
    return w.structure.tag(block, draw(w, block, first))  # the structure tree, in the order blocks come


def table_style(w: HandoutPdfWriter, commands: list) -> TableStyle:
    # A table sets its cells' font even when they hold only Paragraphs; reportlab's default
    # (Helvetica) would otherwise land in the PDF's font resources.
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), w.regular)] + commands)


def list_items(w: HandoutPdfWriter, items: tuple[p.ListItem, ...], style: str) -> list:
    """A list's items, each with the glyph, indents and spacing the plan gives it."""
    base = w.styles[style]
    out = []
    for item in items:
        st = ParagraphStyle(f"{style}-b{item.level}", parent=base, leftIndent=item.indent, bulletIndent=item.glyph_indent,
                            spaceAfter=item.space_after, bulletColor=w.c(item.glyph_color.hex))
        out.append(Paragraph(w.markup(item.text), st, bulletText=item.glyph))
    return out


def heading(w: HandoutPdfWriter, block: p.Heading, first: bool) -> list:
    out: list = []
    if block.reserve:
        out.append(CondPageBreak(block.reserve))
    style = HEADING_STYLES[block.level]
    para = Paragraph(w.markup(block.text, style), w.styles[style])
    para.keepWithNext = 1
    if block.key:
        section = w.h.sections[block.section][0] if block.section is not None else None
        para.marks = ((block.key, block.bookmark, block.outline, section),)
    return out + [para]


def prose(w: HandoutPdfWriter, block: p.Prose, first: bool) -> list:
    if block.bullet:
        st = ParagraphStyle(f"{block.style}-n", parent=w.styles[block.style], leftIndent=block.indent, bulletIndent=0)
        return [Paragraph(w.markup(block.text), st, bulletText=block.bullet)]
    return [w.para(block.text, block.style)]


def bullet_items(w: HandoutPdfWriter, block: p.BulletItems, first: bool) -> list:
    items = list_items(w, block.items, block.style)
    return [KeepTogether(items)] if block.whole else items


def pads(kind: str, top: float, bottom: float) -> list:
    """A boxed block's padding: left and right as the plan set its text, top and bottom here."""
    left, right = p.HANDOUT_PADDING[kind]
    return [("LEFTPADDING", (0, 0), (-1, -1), left), ("RIGHTPADDING", (0, 0), (-1, -1), right),
            ("TOPPADDING", (0, 0), (-1, -1), top), ("BOTTOMPADDING", (0, 0), (-1, -1), bottom)]


def stat_row(w: HandoutPdfWriter, block: p.StatRow, first: bool) -> list:
    cells = [[w.para(v, "stat-value"), w.para(lb, "stat-label")] + ([w.para(d, "stat-detail")] if d else [])
             for v, lb, d in block.items]
    t = Table([cells], colWidths=list(block.widths), hAlign="LEFT")
    t.setStyle(table_style(w, [
        ("BACKGROUND", (0, 0), (-1, -1), w.c("surface")), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *pads("figure", 8, 10), ("LINEAFTER", (0, 0), (-2, -1), 6, HexColor("#FFFFFF")),
    ]))
    return [t]


def quote(w: HandoutPdfWriter, block: p.QuoteBlock, first: bool) -> list:
    cell = [w.para(block.text, block.style)]
    if block.by:
        cell.append(Paragraph("— " + w.markup(block.by), w.styles["small"]))
    t = Table([[cell]], colWidths=[w.frame_w], hAlign="LEFT")
    t.setStyle(table_style(w, [
        ("LINEBEFORE", (0, 0), (0, -1), 2.5, w.c("accent")), *pads("ruled", 2, 2),
    ]))
    return [t]


def table(w: HandoutPdfWriter, block: p.TableBlock, first: bool) -> list:
    suffix = {"r": "-r", "c": "-c"}
    data = [[w.para(h, "cell-head" + suffix.get(block.align[j], "")) for j, h in enumerate(block.header)]]
    for row in block.rows:
        data.append([w.para(v, "cell" + suffix.get(block.align[j], "")) for j, v in enumerate(row)])
    # repeatRows: a table that continues on the next page repeats its header row there.
    t = Table(data, colWidths=list(block.widths), repeatRows=1, hAlign="LEFT")
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), HexColor(block.header_fill.hex)), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        *pads("cell", 4, 5),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, w.c("rule")),
    ]
    style += [("BACKGROUND", (0, i), (-1, i), HexColor(block.zebra.hex)) for i in range(2, len(data), 2)]
    if block.total and len(data) > 1:  # the total row: a rule above it (its text is bold in the plan)
        style.append(("LINEABOVE", (0, -1), (-1, -1), 1, w.c("text")))
    t.setStyle(table_style(w, style))
    unit = [w.para(block.unit, "unit")] if block.unit else []
    for u in unit:
        u.keepWithNext = 1  # the unit line stays with the table it describes
    return unit + [t] + ([w.para(block.caption, "small")] if block.caption else [])


def chart(w: HandoutPdfWriter, block: p.ChartBlock, first: bool) -> list:
    return [ChartFigure(block, w)]


def image(w: HandoutPdfWriter, block: p.ImageBlock, first: bool) -> list:
    picture = RLImage(block.path, block.width, block.height)
    picture.hAlign = "LEFT"
    return [picture] + ([w.para(block.caption, "small")] if block.caption else [])


def cards(w: HandoutPdfWriter, block: p.Cards, first: bool) -> list:
    cells = [[w.para(title, "col-title")] + list_items(w, items, "cell") for title, items in block.cards]
    if not block.side_by_side:  # too tall to stand side by side: one card after another
        return [f for cell in cells for f in cell]
    t = Table([cells], colWidths=list(block.widths), hAlign="LEFT")
    t.setStyle(table_style(w, [
        ("BACKGROUND", (0, 0), (-1, -1), w.c("surface")), ("LINEABOVE", (0, 0), (-1, 0), 2.5, w.c("primary")),
        ("LINEAFTER", (0, 0), (-2, -1), 6, HexColor("#FFFFFF")), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        *pads("card", 7, 8),
    ]))
    return [t]


def faq(w: HandoutPdfWriter, block: p.FaqBlock, first: bool) -> list:
    return [KeepTogether([w.para(q, "faq-q"), w.para(a, "body")]) for q, a in block.items]


def print_note(w: HandoutPdfWriter, block: p.PrintNote, first: bool) -> list:
    paras = [w.lines(lines, "body") for lines in block.paragraphs]
    if not block.boxed:
        return paras
    t = Table([[paras]], colWidths=[w.frame_w], hAlign="LEFT")
    t.setStyle(table_style(w, [
        ("BACKGROUND", (0, 0), (-1, -1), w.c("surface")), *pads("note", 6, 2),
    ]))
    return [t]


def thumb_row(w: HandoutPdfWriter, block: p.ThumbRow, first: bool) -> list:
    return [Thumbnails(block, w)]


def notes_slide(w: HandoutPdfWriter, block: p.NotesSlide, first: bool) -> list:
    """A new page unless the plan's `reserve` is left (the section heading, the slide's label and
    picture with the start of its text); then all of it flowing on: the print-only text, the notes."""
    slide = w.slides[block.slide]
    label = w.para(block.label, "thumb-title")
    label.marks = ((block.key, block.bookmark, block.outline, block.section),)
    head = flow(w, block.heading) if block.heading is not None else []
    out: list = [] if first else [CondPageBreak(block.reserve)]
    out += head + [label, SlidePicture(slide, block.width, w), Spacer(1, 10)]
    if block.handout is not None:
        out += print_note(w, block.handout, first) + ([Spacer(1, 7)] if block.notes else [])
    return out + [w.lines(lines, "notes") for lines in block.notes] + [Spacer(1, 16)]


def grid_page(w: HandoutPdfWriter, block: p.GridPage, first: bool) -> list:
    return [GridSheet(block, w)]


def contents(w: HandoutPdfWriter, block: p.Contents, first: bool) -> list:
    return [Contents([(w.markup(text), key) for text, key, _ in block.entries], w)]


def page_break(w: HandoutPdfWriter, block: p.PageBreak, first: bool) -> list:
    return [PageBreak()]


def gap(w: HandoutPdfWriter, block: p.Gap, first: bool) -> list:
    return [Spacer(1, block.height)]


def keep(w: HandoutPdfWriter, block: p.Keep, first: bool) -> list:
    """Blocks kept on one page; a Keep's blocks are flattened (nested keeps misplace breaks), and a
    chart led by one block becomes one figure with that block above it."""
    if len(block.blocks) == 2 and isinstance(block.blocks[1], p.ChartBlock):
        return [ChartFigure(block.blocks[1], w, lead=flow(w, block.blocks[0]))]
    inner = [f for b in block.blocks for f in flow(w, b)]
    return [KeepTogether([g for f in inner for g in (f._content if isinstance(f, KeepTogether) else [f])])]


BLOCKS: dict[type, Callable[..., list]] = {
    p.Heading: heading,
    p.Prose: prose,
    p.BulletItems: bullet_items,
    p.StatRow: stat_row,
    p.QuoteBlock: quote,
    p.TableBlock: table,
    p.ChartBlock: chart,
    p.ImageBlock: image,
    p.Cards: cards,
    p.FaqBlock: faq,
    p.PrintNote: print_note,
    p.ThumbRow: thumb_row,
    p.NotesSlide: notes_slide,
    p.GridPage: grid_page,
    p.Contents: contents,
    p.PageBreak: page_break,
    p.Gap: gap,
    p.Keep: keep,
}
