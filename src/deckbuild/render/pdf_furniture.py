"""The handout's page furniture: what every page carries besides its blocks, drawn once the page
count is known — the running header (title, the page's section, a rule), the footer (date, `n / N`),
bookmarks and the outline, and the contents list's page numbers, dot leaders and links.

In: the HandoutPlan's furniture, header text and sections, and the anchors the flowables report as
they land (`placed`). Out: drawing on each page as the canvas saves it (`FurnitureCanvas` defers
every page to `save`), and `HandoutDoc`, the platypus document that reports pages and flowables.
"""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, PageBreak, Spacer
from reportlab.platypus.doctemplate import ActionFlowable

from .pdf_flowables import Contents
from .pdf_tags import TaggedCanvasMixin, artifact, tagger_of
from .pdf_writer import HandoutPdfWriter
from .slide_pdf import pdf_date


class FurnitureDrawer:
    """Anchors and sections as pages fill (`page_begins`, `placed`), then each page's header,
    footer, bookmarks and contents numbers when it is saved (`draw`)."""

    def __init__(self, w: HandoutPdfWriter):
        self.w = w
        self.key_pages: dict[str, int] = {}  # anchor → page, filled during the build
        self.section_titles = dict(w.h.sections)
        self.current_section: str | None = None
        self.page_sections: dict[int, str | None] = {}
        self.fresh = False  # nothing placed on the current page yet
        self.anchors: dict[int, list] = {}  # page → (key, title, bookmark level) placed on it

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
            # Pages are replayed at save (see FurnitureCanvas): the anchor is set then, on its own page.
            self.anchors.setdefault(page, []).append((key, title, level))
            self.key_pages.setdefault(key, page)
            if section:
                if self.fresh:  # the page opens with this section's heading
                    self.page_sections[page] = section
                    self.fresh = False
                self.current_section = section
        if not isinstance(flowable, (CondPageBreak, PageBreak, Spacer, ActionFlowable)):  # helpers that set nothing on the page
            self.fresh = False

    def draw(self, canv, n: int, total: int) -> None:
        """Page `n` of `total`: its bookmarks, running header, footer and contents numbers."""
        for key, title, level in self.anchors.get(n, ()):
            canv.bookmarkPage(key)
            if level is not None:
                canv.addOutlineEntry(title, key, level, closed=level == 0)
        with artifact(canv, "Pagination"):  # running header, rule, footer and page number: not content
            self.header_footer(canv, n, total)
        self.contents_numbers(canv, n)

    def header_footer(self, canv, n: int, total: int) -> None:
        w, h = self.w, self.w.h
        f = h.furniture
        style = h.styles[f.style]
        width, height = h.page
        m = h.margin
        canv.saveState()
        canv.setFillColor(w.c(style.color.hex))
        y = height - f.header_top - style.size
        self.text_line(canv, m, y, h.header, style.size)
        section = self.page_sections.get(n)
        if section:
            title = self.section_titles.get(section, "")
            self.text_line(canv, width - m, y, title, style.size, right=True)
        canv.setStrokeColor(w.c(f.rule_color.hex))
        canv.setLineWidth(f.rule_width)
        canv.line(m, height - f.header_top - f.rule_below, width - m, height - f.header_top - f.rule_below)
        canv.setFont(w.regular, style.size)
        canv.drawRightString(width - m, f.footer_baseline, f.page_number.replace("{n}", str(n)).replace("{total}", str(total)))
        if h.footer_date:
            canv.drawString(m, f.footer_baseline, h.footer_date)
        canv.restoreState()
        if f.mark:  # the classification, with the page furniture (every page carries it)
            self.classification(canv, f, width - m, height - f.mark_top)

    def classification(self, canv, f, right: float, top: float) -> None:
        """The classification at the top right: bold, in a thin frame, its right edge on the margin."""
        fonts, size = self.w.fonts, f.mark_size
        pad = size * 0.45
        text_w = fonts.width(f.mark, size, True)
        h = size * 1.2 + pad
        canv.saveState()
        canv.setStrokeColor(self.w.c(f.mark_color.hex))
        canv.setLineWidth(0.75)
        canv.rect(right - text_w - 2 * pad, top - h, text_w + 2 * pad, h, stroke=1, fill=0)
        canv.setFillColor(self.w.c(f.mark_color.hex))
        out = canv.beginText(right - pad - text_w, top - pad / 2 - size * 0.95)
        for t, face in fonts.segments(f.mark, True):
            out.setFont(self.w.bold if face is fonts.bold else face.rl_font.fontName, size)
            out.textOut(t)
        canv.drawText(out)
        canv.restoreState()

    def text_line(self, canv, x: float, y: float, text: str, size: float, right: bool = False) -> None:
        """One line of text in the deck's faces (a title may hold a character of a fallback face)."""
        fonts, regular = self.w.fonts, self.w.regular
        pieces = [(t, face) for t, face in fonts.segments(text, False)]
        if right:
            x -= fonts.width(text, size, False)
        out = canv.beginText(x, y)
        for t, face in pieces:
            out.setFont(regular if face is fonts.regular else face.rl_font.fontName, size)
            out.textOut(t)
        canv.drawText(out)

    def contents_numbers(self, canv, page: int) -> None:
        """Page numbers, dot leaders and links of the contents entries on `page` (called at save)."""
        marks = self.w.contents_marks.get(page)
        if not marks:
            return
        w = self.w
        style = w.styles["toc"]
        canv.saveState()
        canv.setFont(w.regular, style.fontSize)
        dot_w = 5.0
        period_w = canv.stringWidth(".", w.regular, style.fontSize)
        numbers = []
        for text_end, baseline, right, key, at in marks:
            entry = w.structure.link(key)  # (its Link element, its text)
            # The number goes into the page's content right after its entry's text (inside its Link),
            # so the page reads entry, number, entry, number.
            start = len(canv._code)
            canv.saveState()
            canv.setFillColor(w.c("text"))
            canv.setFont(w.regular, style.fontSize)
            canv.drawRightString(right, baseline, str(self.key_pages.get(key, "?")))
            canv.restoreState()
            numbers.append((at, canv._code[start:]))
            del canv._code[start:]
            canv.setFillColor(w.c("muted"))
            # Dots on a grid measured from the right edge, so they line up from entry to entry.
            last = right - Contents.NUMBER_W
            count = int((last - text_end - 8) // dot_w) + 1
            if count > 0:
                dots = canv.beginText(last - (count - 1) * dot_w - period_w / 2, baseline)
                dots.setFont(w.regular, style.fontSize)
                dots.setCharSpace(dot_w - period_w)
                dots.textOut("." * count)
                dots.setCharSpace(0)  # Tc outlives the text object: the next number must not inherit it
                with artifact(canv, "Layout"):  # the dot leader
                    canv.drawText(dots)
            # A named annotation: the replayed page states would reuse reportlab's automatic numbers.
            rect = (text_end - 1, baseline - 3, right, baseline + style.fontSize)
            if tagger_of(canv) is not None and entry:  # a link annotation owned by the entry's Link element
                tagger_of(canv).link(canv, entry[0], rect, key, entry[1], f"contents-{key}")
            else:
                canv.linkRect("", key, rect, relative=0, name=f"contents-{key}")
        canv.restoreState()
        for at, code in sorted(numbers, key=lambda n: -n[0]):
            canv._code[at:at] = code


class FurnitureCanvas(TaggedCanvasMixin, Canvas):
    """Defers each page's header and footer to `save`, when the page count (`n / N`) and each page's
    section are known; fixes the dates. Subclassed per build with its `furniture` set."""

    furniture: FurnitureDrawer

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        stamp = pdf_date(self.furniture.w.plan.info.when)
        self._doc.setDateFormatter(lambda *_: stamp)

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.furniture.draw(self, self._pageNumber, total)
            Canvas.showPage(self)
        self.tagger.finish(self)  # the structure tree, now that every page is shown
        Canvas.save(self)


class HandoutDoc(BaseDocTemplate):
    """The platypus document: tells the page furniture where pages begin and what lands on them."""

    def __init__(self, buf, furniture: FurnitureDrawer, **kw):
        super().__init__(buf, **kw)
        self.furniture = furniture

    def handle_pageBegin(self):
        super().handle_pageBegin()
        self.furniture.page_begins(self.page)

    def afterFlowable(self, flowable):
        self.furniture.placed(self.canv, self.page, flowable)
