"""The handout's own platypus flowables: plan blocks that are drawings rather than paragraphs or tables.

In: one plan block (a row of thumbnails, a slide, a chart with its text, a grid page, the contents
list) and the `HandoutPdfWriter` that holds the styles, the slide drawer and the page furniture.
Out: a reportlab `Flowable` that sizes itself in `wrap` and draws on the canvas it is given. The
anchors a flowable places (`marks`: key, bookmark text, bookmark level, section key) are the plan's,
read by the page furniture after the flowable lands.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from .. import plan as p
from .pdf_tags import Paragraph, artifact, mark
from .pdf_writer import HandoutPdfWriter


class Thumbnails(Flowable):
    """Slides drawn small side by side, each labelled under it (a ThumbRow)."""

    figures: list = []  # each slide's Figure (pdf_structure)

    def __init__(self, row: p.ThumbRow, w: HandoutPdfWriter):
        super().__init__()
        self.row, self.w = row, w
        self.thumb_h = w.drawer.height_for(row.width)
        style = w.styles["thumb-label"]
        self.labels = [Paragraph(w.markup(text), style) for text in row.labels]
        self.label_h = style.leading + 2

    def wrap(self, aw, ah):
        return aw, self.thumb_h + self.label_h

    def draw(self):
        x = 0.0
        for n, label, figure in zip(self.row.slides, self.labels, self.figures or [None] * len(self.labels)):
            with mark(self.canv, figure):
                self.w.drawer.draw(self.canv, self.w.slides[n], x, self.label_h, self.row.width)
            label.wrap(self.row.width, self.label_h)
            label.drawOn(self.canv, x, 0)
            x += self.row.width + self.row.gap


class SlidePicture(Flowable):
    """One plan slide at a given width."""

    figure = None  # its Figure (pdf_structure)

    def __init__(self, slide: p.PlanSlide, width: float, w: HandoutPdfWriter):
        super().__init__()
        self.slide, self.width, self.w = slide, width, w
        self.height = w.drawer.height_for(width)

    def wrap(self, aw, ah):
        return self.width, self.height

    def draw(self):
        with mark(self.canv, self.figure):
            self.w.drawer.draw(self.canv, self.slide, 0, 0, self.width)


class ChartFigure(Flowable):
    """A chart with its title, source line and caption (and the slide title that leads it), drawn
    smaller — down to the block's `min_scale` — where that lets it finish the page instead of
    leaving it half empty."""

    figure = None  # the chart's Figure (pdf_structure)

    def __init__(self, block: p.ChartBlock, w: HandoutPdfWriter, lead: list | None = None):
        super().__init__()
        self.block, self.w = block, w
        self.before = list(lead or [])
        if block.title:
            self.before.append(Paragraph(w.markup(block.title, "chart-title"), w.styles["chart-title"]))
        self.after = []
        if block.note:
            self.after.append(Paragraph(w.markup(block.note), w.styles["small"]))
        if block.source:
            self.after.append(Paragraph(w.markup(block.source), w.styles["small"]))
        if block.caption:
            self.after.append(Paragraph(w.markup(block.caption), w.styles["small"]))
        if block.omitted:
            self.after.append(Paragraph(w.markup(block.omitted), w.styles["small"]))
        self.scale = 1.0

    def _text_h(self, aw: float) -> float:
        return sum(f.wrap(aw, 1e6)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in self.before + self.after)

    def wrap(self, aw, ah):
        text_h = self._text_h(aw)
        full = text_h + self.block.height
        self.scale = 1.0
        if full > ah and ah - text_h >= self.block.height * self.block.min_scale:
            self.scale = (ah - text_h) / self.block.height
        self.width = aw
        self.height = text_h + self.block.height * self.scale
        return aw, self.height

    def draw(self):
        y = self._stack(self.before, self.height) - self.block.height * self.scale
        with mark(self.canv, self.figure):
            self.w.drawer.chart(self.canv, self.block.spec, 0, y, self.block.width, self.block.height, scale=self.scale)
        self._stack(self.after, y)

    def _stack(self, flowables: list, y: float) -> float:
        """Draw `flowables` one under another from `y` down; return where the last one ends."""
        for f in flowables:
            y -= f.getSpaceBefore()
            _, h = f.wrap(self.width, 1e6)
            y -= h
            f.drawOn(self.canv, 0, y)
            y -= f.getSpaceAfter()
        return y


class GridSheet(Flowable):
    """One page of the grid layout: its slots' labels, section headings and thumbnails; with 3 per
    page, ruled note lines beside."""

    elems: list = []  # per slot: its section heading (or None), its label and its Figure (pdf_structure)

    def __init__(self, page: p.GridPage, w: HandoutPdfWriter):
        super().__init__()
        self.page, self.w = page, w
        marks = []
        for slot in page.slots:
            if slot.section_key:
                marks.append((slot.section_key, slot.section_bookmark, 0, slot.section_key))
            marks.append((slot.key, slot.bookmark, slot.outline, None))
        self.marks = tuple(marks)
        self.page_section = page.section

    def wrap(self, aw, ah):
        self.aw, self.ah = aw, ah - 1  # a hair less than the frame, so it always fits
        return self.aw, self.ah

    def draw(self):
        w, canv, page = self.w, self.canv, self.page
        head, lab = w.styles["grid-heading"], w.styles["grid-label"]
        for slot, (heading, label, figure) in zip(page.slots, self.elems or [(None, None, None)] * len(page.slots)):
            top = self.ah - slot.top
            if slot.heading:
                para = Paragraph(w.markup(slot.heading, "grid-heading"), head)
                para.wrap(slot.width, head.leading)
                with mark(canv, heading):
                    para.drawOn(canv, slot.x, top - head.leading)
            para = Paragraph(w.markup(slot.label, "grid-label"), lab)
            para.wrap(slot.width, lab.leading)
            with mark(canv, label):
                para.drawOn(canv, slot.x, top - page.label_h + 2)
            th = w.drawer.height_for(slot.width)
            with mark(canv, figure):
                w.drawer.draw(canv, w.slides[slot.slide], slot.x, top - page.label_h - th, slot.width)
            if page.rule_x is not None:
                canv.setStrokeColor(w.c("muted"))
                canv.setLineWidth(0.25)
                y = top - page.label_h - page.rule_gap
                with artifact(canv, "Layout"):
                    while y >= top - page.label_h - th - 0.01:
                        canv.line(slot.x + page.rule_x, y, self.aw, y)
                        y -= page.rule_gap


class Contents(Flowable):
    """The contents list, built in one pass: entries are known before the build, their page numbers
    only after it, so the numbers and dot leaders are drawn by the page furniture when the canvas is
    saved (this records where each entry's text ends)."""

    NUMBER_W = p.CONTENTS_NUMBER_W  # the page-number column

    def __init__(self, entries, w: HandoutPdfWriter):
        super().__init__()
        self.entries, self.w = entries, w  # (markup, key)
        self.paras = [Paragraph(text, w.styles["toc"]) for text, _ in entries]

    def _heights(self, aw: float) -> list[float]:
        style = self.w.styles["toc"]
        return [para.wrap(aw - self.NUMBER_W - 12, 1e6)[1] + style.spaceAfter for para in self.paras]

    def wrap(self, aw, ah):
        self.aw = aw
        self.heights = self._heights(aw)
        return aw, sum(self.heights)

    def split(self, aw, ah):
        heights = self._heights(aw)
        used, k = 0.0, 0
        while k < len(heights) and used + heights[k] <= ah:
            used += heights[k]
            k += 1
        if k == 0 or k == len(heights):
            return []
        return [Contents(self.entries[:k], self.w), Contents(self.entries[k:], self.w)]

    def drawOn(self, canvas, x, y, _sW=0):
        style = self.w.styles["toc"]
        top = y + sum(self.heights)
        page = canvas.getPageNumber()
        for para, h, (_, key) in zip(self.paras, self.heights, self.entries):
            entry = self.w.structure.link(key)
            with mark(canvas, entry[0] if entry else None):  # the entry's text, inside its Link
                para.drawOn(canvas, x, top - (h - style.spaceAfter))
                at = len(canvas._code)
            lines = para.getActualLineWidths0()
            baseline = top - style.fontSize - (len(lines) - 1) * style.leading
            self.w.contents_marks.setdefault(page, []).append((x + lines[-1], baseline, x + self.aw, key, at))
            top -= h

    def draw(self):  # drawOn does the work
        pass
