"""HandoutPlan → PDF bytes: the planned blocks flowed by reportlab's platypus and drawn, nothing decided.

Text reaches reportlab only as escaped markup built from the plan's runs, so outline text prints
literally; every glyph is set in the deck's own faces (embedded as subsets), a character the text
face lacks in its fallback face. Page furniture (running header with the section, `n / N`, the
date), contents page numbers, links and bookmarks are drawn once the page count is known. Dates
come from the plan and the document is built in reportlab's invariant mode: one plan, one byte string.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import Image as RLImage
from reportlab.platypus.doctemplate import ActionFlowable

from .. import plan as p
from ..fonts import FontSet
from .slide_pdf import SlideDrawer, pdf_date

HEADER_GAP = 9 * 72 / 25.4  # from the paper's top edge to the running header's baseline
FOOTER_GAP = 11 * 72 / 25.4  # from the paper's bottom edge to the footer's baseline
BULLET_GLYPHS = {1: "•", 2: "–", 3: "·"}


def markup(text: p.Rich, fonts: FontSet, bold: bool = False) -> str:
    """Plan runs → Paragraph markup: every character escaped (prints literally); characters the
    text face lacks in the face that has them — bold where the run or its style (`bold`) is —
    set upright (a fallback face has no slanted twin)."""
    out = []
    for run in text:
        heavy = run.bold or bold
        for t, face in fonts.segments(run.text, heavy):
            if face is fonts.face(heavy):
                piece = escape(t)
                if run.italic:
                    piece = f"<i>{piece}</i>"
                if run.bold:
                    piece = f"<b>{piece}</b>"
            else:
                piece = f'<font name="{face.rl_font.fontName}">{escape(t)}</font>'
            out.append(piece)
    return "".join(out)


def italic_chars(blocks) -> set[str]:
    """The characters the handout sets in italic, from every run of every block."""
    found: set[str] = set()

    def visit(value) -> None:
        if isinstance(value, p.Run):
            if value.italic:
                found.update(value.text)
        elif isinstance(value, (tuple, list)):
            for v in value:
                visit(v)
        elif hasattr(value, "__dataclass_fields__") and not isinstance(value, (p.ChartSpec, p.Color)):
            for name in value.__dataclass_fields__:
                visit(getattr(value, name))

    visit(blocks)
    return found


def plain(text: p.Rich) -> str:
    return "".join(r.text for r in text)


# ---- flowables ---------------------------------------------------------------------------------


class Thumbnails(Flowable):
    """Slides drawn small side by side, each labelled under it (a ThumbRow)."""

    def __init__(self, row: p.ThumbRow, w: "_Handout"):
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
        for n, label in zip(self.row.slides, self.labels):
            self.w.drawer.draw(self.canv, self.w.slides[n], x, self.label_h, self.row.width)
            label.wrap(self.row.width, self.label_h)
            label.drawOn(self.canv, x, 0)
            x += self.row.width + self.row.gap


class SlidePicture(Flowable):
    """One plan slide at a given width."""

    def __init__(self, slide: p.PlanSlide, width: float, w: "_Handout"):
        super().__init__()
        self.slide, self.width, self.w = slide, width, w
        self.height = w.drawer.height_for(width)

    def wrap(self, aw, ah):
        return self.width, self.height

    def draw(self):
        self.w.drawer.draw(self.canv, self.slide, 0, 0, self.width)


class ChartFigure(Flowable):
    """A chart with its title, source line and caption (and the slide title that leads it), drawn
    smaller — down to the block's `min_scale` — where that lets it finish the page instead of
    leaving it half empty."""

    def __init__(self, block: p.ChartBlock, w: "_Handout", lead: list | None = None):
        super().__init__()
        self.block, self.w = block, w
        self.before = list(lead or [])
        if block.title:
            self.before.append(Paragraph(w.markup(block.title, "chart-title"), w.styles["chart-title"]))
        self.after = []
        if block.source:
            self.after.append(Paragraph(w.markup(block.source), w.styles["small"]))
        if block.caption:
            self.after.append(Paragraph(w.markup(block.caption), w.styles["small"]))
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

    def __init__(self, page: p.GridPage, w: "_Handout"):
        super().__init__()
        self.page, self.w = page, w
        marks = []
        for slot in page.slots:
            slide = w.slides[slot.slide]
            if slot.section_key:
                marks.append((slot.section_key, plain(slot.heading or ()), 0, slot.section_key))
            marks.append((slot.key, f"슬라이드 {slide.number} · {slide.title}", 1 if slide.section is not None else 0, None))
        self.marks = tuple(marks)
        first = w.slides[page.slots[0].slide].section if page.slots else None
        self.page_section = w.h.sections[first][0] if first is not None else None

    def wrap(self, aw, ah):
        self.aw, self.ah = aw, ah - 1  # a hair less than the frame, so it always fits
        return self.aw, self.ah

    def draw(self):
        w, canv, page = self.w, self.canv, self.page
        head, lab = w.styles["grid-heading"], w.styles["grid-label"]
        for slot in page.slots:
            top = self.ah - slot.top
            if slot.heading:
                para = Paragraph(w.markup(slot.heading, "grid-heading"), head)
                para.wrap(slot.width, head.leading)
                para.drawOn(canv, slot.x, top - head.leading)
            para = Paragraph(w.markup(slot.label, "grid-label"), lab)
            para.wrap(slot.width, lab.leading)
            para.drawOn(canv, slot.x, top - page.label_h + 2)
            th = w.drawer.height_for(slot.width)
            w.drawer.draw(canv, w.slides[slot.slide], slot.x, top - page.label_h - th, slot.width)
            if page.rule_x is not None:
                canv.setStrokeColor(w.c("muted"))
                canv.setLineWidth(0.25)
                y = top - page.label_h - page.rule_gap
                while y >= top - page.label_h - th - 0.01:
                    canv.line(slot.x + page.rule_x, y, self.aw, y)
                    y -= page.rule_gap


class Contents(Flowable):
    """The contents list, built in one pass: entries are known before the build, their page numbers
    only after it, so the numbers and dot leaders are drawn when the canvas is saved."""

    NUMBER_W = 28.0  # the page-number column

    def __init__(self, entries, w: "_Handout"):
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
            para.drawOn(canvas, x, top - (h - style.spaceAfter))
            lines = para.getActualLineWidths0()
            baseline = top - style.fontSize - (len(lines) - 1) * style.leading
            self.w.contents_marks.setdefault(page, []).append((x + lines[-1], baseline, x + self.aw, key))
            top -= h

    def draw(self):  # drawOn does the work
        pass


class _Canvas(Canvas):
    """Defers each page's header and footer to `save`, when the page count (`n / N`) and each page's
    section are known; fixes the dates."""

    writer: "_Handout"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        stamp = pdf_date(self.writer.plan.info.when)
        self._doc.setDateFormatter(lambda *_: stamp)

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.writer.furniture(self, self._pageNumber, total)
            Canvas.showPage(self)
        Canvas.save(self)


class _Doc(BaseDocTemplate):
    def __init__(self, buf, writer: "_Handout", **kw):
        super().__init__(buf, **kw)
        self.writer = writer

    def handle_pageBegin(self):
        super().handle_pageBegin()
        self.writer.page_begins(self.page)

    def afterFlowable(self, flowable):
        self.writer.placed(self.canv, self.page, flowable)


# ---- the handout -------------------------------------------------------------------------------


class _Handout:
    def __init__(self, plan: p.Plan, fonts: FontSet):
        self.plan, self.h, self.fonts = plan, plan.handout, fonts
        self.slides = {s.number: s for s in plan.slides}
        self.regular, self.bold = fonts.reportlab_names()
        self._italics()
        self.drawer = SlideDrawer(fonts, plan.width, plan.height)
        self._hex: dict[str, HexColor] = {}
        self.styles = {name: self._style(name, st) for name, st in self.h.styles.items()}
        self.frame_w, self.frame_h = self.h.frame
        self.key_pages: dict[str, int] = {}  # anchor → page, filled during the build
        self.contents_marks: dict[int, list] = {}  # page → contents entries drawn on it
        self.section_titles = dict(self.h.sections)
        self.current_section: str | None = None
        self.page_sections: dict[int, str | None] = {}
        self.fresh = False  # nothing placed on the current page yet
        self.anchors: dict[int, list] = {}  # page → (key, title, bookmark level) placed on it

    def _italics(self) -> None:
        """`<i>` in this handout's paragraphs: a synthetic oblique of the face, where any text is italic.

        reportlab's family mapping is global, so it is set afresh for every handout."""
        from reportlab.lib.fonts import addMapping

        chars = frozenset(italic_chars(self.h.blocks))
        italic = bold_italic = None
        if chars:  # a bold style (a heading) may hold an italic run too: both faces get every character
            from .oblique import oblique_font

            italic = oblique_font(str(self.fonts.regular.path), chars)
            bold_italic = oblique_font(str(self.fonts.bold.path), chars)
        addMapping(self.regular, 0, 1, italic or self.regular)
        addMapping(self.regular, 1, 1, bold_italic or self.bold)
        # addMapping also records the reverse (font → family, bold, italic): the upright faces last,
        # so that they read as upright when a style names them.
        addMapping(self.regular, 0, 0, self.regular)
        addMapping(self.regular, 1, 0, self.bold)

    def c(self, role: str) -> HexColor:
        hex_ = self.h.colors[role].hex if role in self.h.colors else role
        if hex_ not in self._hex:
            self._hex[hex_] = HexColor(hex_)
        return self._hex[hex_]

    def _style(self, name: str, st: p.TextStyle) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=self.bold if st.bold else self.regular, fontSize=st.size, leading=st.leading,
                              textColor=HexColor(st.color.hex), spaceBefore=st.space_before, spaceAfter=st.space_after,
                              alignment={"r": TA_RIGHT, "c": TA_CENTER}.get(st.align, TA_LEFT), bulletFontName=self.regular,
                              bulletFontSize=st.size)

    def markup(self, text: p.Rich, style: str | None = None) -> str:
        return markup(text, self.fonts, bool(style and self.h.styles[style].bold))

    def para(self, text: p.Rich, style: str, **kw) -> Paragraph:
        return Paragraph(self.markup(text, style), self.styles[style], **kw)

    def lines(self, lines: tuple[p.Rich, ...], style: str) -> Paragraph:
        return Paragraph("<br/>".join(self.markup(line) for line in lines), self.styles[style])

    # ---- page furniture --------------------------------------------------------------------
    def page_begins(self, page: int) -> None:
        self.page_sections[page] = self.current_section
        self.fresh = True

    def placed(self, canv, page: int, flowable) -> None:
        """After a flowable lands: its anchors (`marks`: key, title, bookmark level, section) are
        bookmarked and remembered for the contents and the running header."""
        top = getattr(flowable, "page_section", None)  # a grid page: the section of its first slide
        if top and self.fresh:
            self.page_sections[page] = top
            self.fresh = False
        for key, title, level, section in getattr(flowable, "marks", ()):
            # Pages are replayed at save (see _Canvas): the anchor is set then, on its own page.
            self.anchors.setdefault(page, []).append((key, title, level))
            self.key_pages.setdefault(key, page)
            if section:
                if self.fresh:  # the page opens with this section's heading
                    self.page_sections[page] = section
                    self.fresh = False
                self.current_section = section
        if not isinstance(flowable, (CondPageBreak, PageBreak, Spacer, ActionFlowable)):  # helpers that set nothing on the page
            self.fresh = False

    def furniture(self, canv, n: int, total: int) -> None:
        for key, title, level in self.anchors.get(n, ()):
            canv.bookmarkPage(key)
            if level is not None:
                canv.addOutlineEntry(title, key, level, closed=level == 0)
        width, height = self.h.page
        m = self.h.margin
        canv.saveState()
        canv.setFillColor(self.c("muted"))
        y = height - HEADER_GAP - 8.5
        self.text_line(canv, m, y, self.h.header, 8.5)
        section = self.page_sections.get(n)
        if section:
            title = self.section_titles.get(section, "")
            self.text_line(canv, width - m, y, title, 8.5, right=True)
        canv.setStrokeColor(self.c("rule"))
        canv.setLineWidth(0.5)
        canv.line(m, height - HEADER_GAP - 12.5, width - m, height - HEADER_GAP - 12.5)
        canv.setFont(self.regular, 8.5)
        canv.drawRightString(width - m, FOOTER_GAP, f"{n} / {total}")
        if self.h.footer_date:
            canv.drawString(m, FOOTER_GAP, self.h.footer_date)
        canv.restoreState()
        self.contents_numbers(canv, n)

    def text_line(self, canv, x: float, y: float, text: str, size: float, right: bool = False) -> None:
        """One line of text in the deck's faces (a title may hold a character of a fallback face)."""
        pieces = [(t, face) for t, face in self.fonts.segments(text, False)]
        if right:
            x -= self.fonts.width(text, size, False)
        out = canv.beginText(x, y)
        for t, face in pieces:
            out.setFont(self.regular if face is self.fonts.regular else face.rl_font.fontName, size)
            out.textOut(t)
        canv.drawText(out)

    def contents_numbers(self, canv, page: int) -> None:
        """Page numbers, dot leaders and links of the contents entries on `page` (called at save)."""
        marks = self.contents_marks.get(page)
        if not marks:
            return
        style = self.styles["toc"]
        canv.saveState()
        canv.setFont(self.regular, style.fontSize)
        dot_w = 5.0
        period_w = canv.stringWidth(".", self.regular, style.fontSize)
        for text_end, baseline, right, key in marks:
            canv.setFillColor(self.c("text"))
            canv.drawRightString(right, baseline, str(self.key_pages.get(key, "?")))
            canv.setFillColor(self.c("muted"))
            # Dots on a grid measured from the right edge, so they line up from entry to entry.
            last = right - Contents.NUMBER_W
            count = int((last - text_end - 8) // dot_w) + 1
            if count > 0:
                dots = canv.beginText(last - (count - 1) * dot_w - period_w / 2, baseline)
                dots.setFont(self.regular, style.fontSize)
                dots.setCharSpace(dot_w - period_w)
                dots.textOut("." * count)
                dots.setCharSpace(0)  # Tc outlives the text object: the next number must not inherit it
                canv.drawText(dots)
            # A named annotation: the replayed page states would reuse reportlab's automatic numbers.
            canv.linkRect("", key, (text_end - 1, baseline - 3, right, baseline + style.fontSize), relative=0,
                          name=f"contents-{key}")
        canv.restoreState()

    # ---- blocks → flowables ----------------------------------------------------------------
    def table_style(self, commands: list) -> TableStyle:
        # A table sets its cells' font even when they hold only Paragraphs; reportlab's default
        # (Helvetica) would otherwise land in the PDF's font resources.
        return TableStyle([("FONTNAME", (0, 0), (-1, -1), self.regular)] + commands)

    def bullets(self, items, style: str) -> list:
        out = []
        base = self.styles[style]
        for k, (level, text) in enumerate(items):
            nested = k + 1 < len(items) and items[k + 1][0] > level
            st = ParagraphStyle(f"{style}-b{level}", parent=base, leftIndent=12 * level + 2, bulletIndent=12 * (level - 1) + 2,
                                spaceAfter=2 if level > 1 or nested else 4, bulletColor=self.c("primary"))
            out.append(Paragraph(self.markup(text), st, bulletText=BULLET_GLYPHS.get(level, "·")))
        return out

    def flow(self, block, first: bool = False) -> list:
        """The flowables of one block (a Keep's blocks are flattened: nested keeps misplace breaks)."""
        if isinstance(block, p.Heading):
            out: list = []
            if block.reserve:
                out.append(CondPageBreak(block.reserve))
            style = {0: "h0", 1: "h1", 2: "h2"}[block.level]
            para = Paragraph(self.markup(block.text, style), self.styles[style])
            para.keepWithNext = 1
            if block.key:
                section = self.h.sections[block.section][0] if block.section is not None else None
                para.marks = ((block.key, plain(block.text), block.outline, section),)
            return out + [para]
        if isinstance(block, p.Prose):
            if block.bullet:
                st = ParagraphStyle(f"{block.style}-n", parent=self.styles[block.style], leftIndent=20, bulletIndent=0)
                return [Paragraph(self.markup(block.text), st, bulletText=block.bullet)]
            return [self.para(block.text, block.style)]
        if isinstance(block, p.BulletItems):
            return self.bullets(block.items, block.style)
        if isinstance(block, p.StatRow):
            cells = [[self.para(v, "stat-value"), self.para(lb, "stat-label")] + ([self.para(d, "stat-detail")] if d else [])
                     for v, lb, d in block.items]
            t = Table([cells], colWidths=list(block.widths), hAlign="LEFT")
            t.setStyle(self.table_style([
                ("BACKGROUND", (0, 0), (-1, -1), self.c("surface")), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
                ("LINEAFTER", (0, 0), (-2, -1), 6, HexColor("#FFFFFF")),
            ]))
            return [t]
        if isinstance(block, p.QuoteBlock):
            cell = [self.para(block.text, "quote")]
            if block.by:
                cell.append(Paragraph("— " + self.markup(block.by), self.styles["small"]))
            t = Table([[cell]], colWidths=[self.frame_w], hAlign="LEFT")
            t.setStyle(self.table_style([
                ("LINEBEFORE", (0, 0), (0, -1), 2.5, self.c("accent")), ("LEFTPADDING", (0, 0), (-1, -1), 12),
                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]))
            return [t]
        if isinstance(block, p.TableBlock):
            suffix = {"r": "-r", "c": "-c"}
            data = [[self.para(h, "cell-head" + suffix.get(block.align[j], "")) for j, h in enumerate(block.header)]]
            for row in block.rows:
                data.append([self.para(v, "cell" + suffix.get(block.align[j], "")) for j, v in enumerate(row)])
            # repeatRows: a table that continues on the next page repeats its header row there.
            table = Table(data, colWidths=list(block.widths), repeatRows=1, hAlign="LEFT")
            style = [
                ("BACKGROUND", (0, 0), (-1, 0), HexColor(block.header_fill.hex)), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("LINEBELOW", (0, -1), (-1, -1), 0.5, self.c("rule")),
            ]
            style += [("BACKGROUND", (0, i), (-1, i), HexColor(block.zebra.hex)) for i in range(2, len(data), 2)]
            if block.total and len(data) > 1:
                style.append(("LINEABOVE", (0, -1), (-1, -1), 1, self.c("text")))
            table.setStyle(self.table_style(style))
            unit = [self.para(block.unit, "unit")] if block.unit else []
            for u in unit:
                u.keepWithNext = 1  # the unit line stays with the table it describes
            return unit + [table] + ([self.para(block.caption, "small")] if block.caption else [])
        if isinstance(block, p.ChartBlock):
            return [ChartFigure(block, self)]
        if isinstance(block, p.ImageBlock):
            flow = RLImage(block.path, block.width, block.height)
            flow.hAlign = "LEFT"
            return [flow] + ([self.para(block.caption, "small")] if block.caption else [])
        if isinstance(block, p.Cards):
            cells = [[self.para(title, "col-title")] + self.bullets(items, "cell") for title, items in block.cards]
            if not block.side_by_side:  # too tall to stand side by side: one card after another
                return [f for cell in cells for f in cell]
            t = Table([cells], colWidths=list(block.widths), hAlign="LEFT")
            t.setStyle(self.table_style([
                ("BACKGROUND", (0, 0), (-1, -1), self.c("surface")), ("LINEABOVE", (0, 0), (-1, 0), 2.5, self.c("primary")),
                ("LINEAFTER", (0, 0), (-2, -1), 6, HexColor("#FFFFFF")), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 9), ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]))
            return [t]
        if isinstance(block, p.FaqBlock):
            return [KeepTogether([self.para(q, "faq-q"), self.para(a, "body")]) for q, a in block.items]
        if isinstance(block, p.PrintNote):
            paras = [self.lines(lines, "body") for lines in block.paragraphs]
            if not block.boxed:
                return paras
            t = Table([[paras]], colWidths=[self.frame_w], hAlign="LEFT")
            t.setStyle(self.table_style([
                ("BACKGROUND", (0, 0), (-1, -1), self.c("surface")), ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10), ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]))
            return [t]
        if isinstance(block, p.ThumbRow):
            return [Thumbnails(block, self)]
        if isinstance(block, p.NotesSlide):
            return self.notes_slide(block, first)
        if isinstance(block, p.GridPage):
            return [GridSheet(block, self)]
        if isinstance(block, p.Contents):
            return [Contents([(self.markup(text), key) for text, key, _ in block.entries], self)]
        if isinstance(block, p.PageBreak):
            return [PageBreak()]
        if isinstance(block, p.Gap):
            return [Spacer(1, block.height)]
        if isinstance(block, p.Keep):
            if len(block.blocks) == 2 and isinstance(block.blocks[1], p.ChartBlock):
                return [ChartFigure(block.blocks[1], self, lead=self.flow(block.blocks[0]))]
            return [KeepTogether([f for b in block.blocks for f in self.flow(b)])]
        raise AssertionError(f"bug in deckbuild: no drawing for {type(block).__name__}")

    def notes_slide(self, block: p.NotesSlide, first: bool) -> list:
        slide = self.slides[block.slide]
        label = self.para(block.label, "thumb-title")
        label.marks = ((block.key, f"슬라이드 {slide.number} · {slide.title}", 1 if slide.section is not None else 0, None),)
        head = [label, SlidePicture(slide, block.width, self), Spacer(1, 10)]
        reserve = self.drawer.height_for(block.width) + 60
        if block.heading is not None:  # the section's heading stays with its first slide
            head[:0] = self.flow(block.heading)
            reserve += 40
        paras = [self.lines(lines, "notes") for lines in block.notes]
        out: list = [] if first else [CondPageBreak(reserve)]
        # The slide stays with its notes' first paragraph; the rest flows on.
        return out + [KeepTogether(head + paras[:1])] + paras[1:] + [Spacer(1, 16)]

    def build(self) -> bytes:
        story: list = []
        first_notes = True
        for block in self.h.blocks:
            story += self.flow(block, first=first_notes and isinstance(block, p.NotesSlide))
            if isinstance(block, p.NotesSlide):
                first_notes = False
        buf = io.BytesIO()
        info = self.plan.info
        m = self.h.margin
        doc = _Doc(
            buf, self, pagesize=self.h.page, leftMargin=m, rightMargin=m, topMargin=m, bottomMargin=m,
            title=info.title, author=info.author or "", subject=info.subtitle or "", creator="deckbuild",
            keywords=", ".join(info.keywords), lang=info.language, invariant=1,
            initialFontName=self.regular, initialFontSize=10.5,
        )
        frame = Frame(m, m, self.frame_w, self.frame_h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        doc.addPageTemplates([PageTemplate("page", [frame])])
        doc.build(story, canvasmaker=type("HandoutCanvas", (_Canvas,), {"writer": self}))
        return buf.getvalue()


def render_pdf(plan: p.Plan, fonts: FontSet) -> bytes:
    """The handout of `plan` as PDF bytes."""
    return _Handout(plan, fonts).build()

