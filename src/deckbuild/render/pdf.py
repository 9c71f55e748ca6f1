"""Plan → handout PDF bytes: article, notes or grid pages, with thumbnails drawn from the same plan.

Text comes from the selected deck (`plan.deck`) and reaches reportlab only as escaped markup
built from `text.parse_inline` runs, so outline text prints literally. Every glyph is set in the
deck's own TTF pair (embedded as subsets); nothing falls back to a standard-14 font. Dates come
from `when` and the document is built in reportlab's invariant mode: the same plan gives the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    ImageAndFlowables,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import Image as RLImage

from .. import model as m
from ..fonts import FontSet
from ..plan import Plan, PlanSlide, TableBox
from ..text import parse_inline
from .slide_pdf import draw_chart, draw_slide, slide_height

PAPERS = {"A4": A4, "Letter": LETTER, "B5": (176 * mm, 250 * mm)}  # B5: ISO 216, not JIS
MARGIN = 20 * mm
HEADER_GAP = 9 * mm  # from the paper's top edge to the running header's baseline
FOOTER_GAP = 11 * mm  # from the paper's bottom edge to the footer's baseline
BODY = 10.5
LEADING = 1.6  # Hangul needs more leading than Latin


def markup(text: str, fonts: FontSet | None = None) -> str:
    """Outline text → Paragraph markup: inline runs, every character escaped (prints literally);
    characters the text font lacks go in the symbols font (`fonts.symbols`)."""
    out = []
    for run in parse_inline(text):
        if fonts is not None and fonts.symbols is not None:
            piece = "".join(
                f'<font name="{face.rl_font.fontName}">{escape(t)}</font>' if face is fonts.symbols else escape(t)
                for t, face in fonts.segments(run.text, run.bold)
            )
        else:
            piece = escape(run.text)
        if run.italic:
            piece = f"<i>{piece}</i>"
        if run.bold:
            piece = f"<b>{piece}</b>"
        out.append(piece)
    return "".join(out)


def markup_lines(text: str, fonts: FontSet | None = None) -> str:
    """Like `markup`, keeping the text's own line breaks."""
    return "<br/>".join(markup(line, fonts) for line in text.split("\n"))


def blocks(text: str) -> list[str]:
    """Free text (speaker notes, print-only text) → paragraphs, split at blank lines."""
    paras = [p.strip("\n") for p in text.replace("\r\n", "\n").split("\n\n")]
    return [p for p in paras if p.strip()]


def settings(deck: m.Deck) -> m.Handout:
    return deck.audience.handout if deck.audience else deck.handout


def deck_title(deck: m.Deck) -> str:
    a = deck.audience
    return (a.title if a and a.title else None) or deck.title


def deck_subtitle(deck: m.Deck) -> str | None:
    a = deck.audience
    return (a.subtitle if a and a.subtitle else None) or deck.subtitle


# ---- flowables --------------------------------------------------------------------------------


class Thumbnail(Flowable):
    """A plan slide drawn small, as vectors, with its number above it."""

    def __init__(self, slide: PlanSlide, width: float, writer: "_Handout", label: bool = True):
        super().__init__()
        self.slide, self.width, self.writer, self.label = slide, width, writer, label
        self.label_h = 12.0 if label else 0.0
        self.height = slide_height(width) + self.label_h

    def wrap(self, aw, ah):
        return self.width, self.height

    def _restrictSize(self, aw, ah):  # ImageAndFlowables asks its picture this
        return self.width, self.height

    def draw(self):
        w = self.writer
        draw_slide(self.canv, self.slide, 0, 0, self.width, fonts=w.fonts, colors=w.colors)
        if self.label:
            self.canv.setFont(w.regular, 8)
            self.canv.setFillColor(w.c("muted"))
            self.canv.drawString(0, self.height - 8, f"슬라이드 {self.slide.number}")


class ChartFlowable(Flowable):
    """A chart from `charts_pdf`, drawn at a given size."""

    def __init__(self, chart: m.Chart, width: float, height: float, writer: "_Handout", font_size: float = 9):
        super().__init__()
        self.chart, self.width, self.height, self.writer, self.font_size = chart, width, height, writer, font_size

    def wrap(self, aw, ah):
        return self.width, self.height

    def draw(self):
        w = self.writer
        draw_chart(self.canv, self.chart, 0, 0, self.width, self.height, colors=w.colors, regular=w.regular, bold=w.bold,
                   font_size=self.font_size)


class GridPage(Flowable):
    """One page of the grid layout: up to `per_page` thumbnails, numbered; with 3, ruled note lines beside."""

    def __init__(self, slides: list[PlanSlide], per_page: int, writer: "_Handout"):
        super().__init__()
        self.slides, self.per_page, self.writer = slides, per_page, writer

    def wrap(self, aw, ah):
        self.aw, self.ah = aw, ah - 1  # a hair less than the frame, so it always fits
        return self.aw, self.ah

    def cells(self):
        """(x, y, thumb_width) of each slot, top to bottom, left to right; y is the label's baseline."""
        aw, ah = self.aw, self.ah
        label = 14.0
        n = self.per_page
        cols = 1 if n in (2, 3) else 2
        rows = math.ceil(n / cols)
        gap_x, gap_y = 8 * mm, 6 * mm
        cell_h = (ah - gap_y * (rows - 1)) / rows
        share = 0.56 if n == 3 else 1.0  # with 3, the right side holds note lines
        cell_w = (aw - gap_x * (cols - 1)) / cols * share
        width = min(cell_w, (cell_h - label) * 16 / 9)
        out = []
        for k in range(n):
            r, c = divmod(k, cols)
            x = c * ((aw - gap_x * (cols - 1)) / cols + gap_x)
            top = ah - r * (cell_h + gap_y)
            out.append((x, top, width))
        return out, label

    def draw(self):
        w = self.writer
        canv = self.canv
        slots, label = self.cells()
        for slide, (x, top, width) in zip(self.slides, slots):
            th = slide_height(width)
            draw_slide(canv, slide, x, top - label - th, width, fonts=w.fonts, colors=w.colors)
            canv.setFont(w.bold, 9)
            canv.setFillColor(w.c("muted"))
            canv.drawString(x, top - 9, str(slide.number))
            if self.per_page == 3:
                x0 = x + width + 8 * mm
                canv.setStrokeColor(w.c("muted"))
                canv.setLineWidth(0.25)
                y = top - label - 18
                while y >= top - label - th - 0.01:
                    canv.line(x0, y, self.aw, y)
                    y -= 18


class Contents(Flowable):
    """The contents list, built in one pass: entries are known before the build (the sections), their
    page numbers only after it, so the numbers and dot leaders are drawn when the canvas is saved."""

    NUMBER_W = 28.0  # the page-number column

    def __init__(self, entries: list[tuple[str, str]], writer: "_Handout"):
        super().__init__()
        self.entries, self.writer = entries, writer  # (markup, key)
        style = writer.styles["toc"]
        self.paras = [Paragraph(text, style) for text, _ in entries]

    def _heights(self, aw: float) -> list[float]:
        style = self.writer.styles["toc"]
        out = []
        for p in self.paras:
            _, h = p.wrap(aw - self.NUMBER_W - 12, 1e6)
            out.append(h + style.spaceAfter)
        return out

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
        return [Contents(self.entries[:k], self.writer), Contents(self.entries[k:], self.writer)]

    def drawOn(self, canvas, x, y, _sW=0):
        style = self.writer.styles["toc"]
        top = y + sum(self.heights)
        page = canvas.getPageNumber()
        for p, h, (_, key) in zip(self.paras, self.heights, self.entries):
            body_h = h - style.spaceAfter
            p.drawOn(canvas, x, top - body_h)
            lines = p.getActualLineWidths0()
            baseline = top - style.fontSize - (len(lines) - 1) * style.leading
            self.writer.contents_marks.setdefault(page, []).append((x + lines[-1], baseline, x + self.aw, key))
            top -= h

    def draw(self):  # drawOn does the work
        pass


class _Canvas(Canvas):
    """Defers each page's footer to `save`, when the page count (`n / N`) is known; fixes the dates."""

    writer: "_Handout"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        when = self.writer.when
        when = when.replace(tzinfo=dt.timezone.utc) if when.tzinfo is None else when.astimezone(dt.timezone.utc)
        stamp = f"D:{when:%Y%m%d%H%M%S}+00'00'"
        self._doc.setDateFormatter(lambda *_: stamp)

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.writer.contents_numbers(self, self._pageNumber)
            self.writer.footer(self, self._pageNumber, total)
            Canvas.showPage(self)
        Canvas.save(self)


class _Doc(BaseDocTemplate):
    def __init__(self, buf, writer: "_Handout", **kw):
        super().__init__(buf, **kw)
        self.writer = writer

    def afterFlowable(self, flowable):
        entry = getattr(flowable, "_toc", None)
        if entry:
            text, plain_text, key = entry
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(plain_text, key, 0, closed=True)
            self.writer.key_pages.setdefault(key, self.page)


# ---- the handout ------------------------------------------------------------------------------


class _Handout:
    def __init__(self, plan: Plan, fonts: FontSet, when: dt.datetime):
        self.plan, self.fonts, self.when = plan, fonts, when
        self.deck = plan.deck
        self.settings = settings(self.deck)
        self.colors = {**m.DEFAULT_COLORS, **plan.colors}
        self._hex: dict[str, HexColor] = {}
        self.regular, self.bold = fonts.reportlab_names()
        self.paper = PAPERS.get(self.settings.paper, A4)
        self.frame_w = self.paper[0] - 2 * MARGIN
        self.frame_h = self.paper[1] - 2 * MARGIN
        self.title = deck_title(self.deck)
        desc = self.deck.audience.description if self.deck.audience else None
        self.header = self.title + (f" · {desc}" if desc else "")
        self.date = self.deck.date.isoformat() if self.deck.date else ""
        self.by_span = {}
        for s in plan.slides:
            self.by_span.setdefault(s.span, s)
        self.styles = self._styles()
        self.key_pages: dict[str, int] = {}  # heading key → page, filled during the build
        self.contents_marks: dict[int, list] = {}  # page → contents entries drawn on it

    def markup(self, text: str) -> str:
        return markup(text, self.fonts)

    def markup_lines(self, text: str) -> str:
        return markup_lines(text, self.fonts)

    def c(self, role: str) -> HexColor:
        hex_ = self.colors.get(role, role)
        if hex_ not in self._hex:
            self._hex[hex_] = HexColor(hex_)
        return self._hex[hex_]

    def _styles(self) -> dict[str, ParagraphStyle]:
        r, b = self.regular, self.bold

        def st(name, size, *, font=r, color="text", lead=LEADING, **kw) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=round(size * lead, 2), textColor=self.c(color),
                                  bulletFontName=r, bulletFontSize=size, **{"alignment": TA_LEFT, **kw})

        return {
            "body": st("body", BODY, spaceAfter=6),
            "body-flow": st("body-flow", BODY),
            "lead-flow": st("lead-flow", 11.5, color="muted"),
            "lead": st("lead", 11.5, color="muted", spaceAfter=8),
            "h1": st("h1", 17, font=b, color="primary", lead=1.35, spaceBefore=22, spaceAfter=6, keepWithNext=1),
            "h2": st("h2", 12, font=b, lead=1.45, spaceBefore=12, spaceAfter=4),
            "contents": st("contents", 17, font=b, color="primary", lead=1.35, spaceAfter=14),
            "toc": st("toc", 11, lead=1.5, spaceAfter=3, leftIndent=0, firstLineIndent=0),
            "small": st("small", 8.5, color="muted", lead=1.5, spaceBefore=3, spaceAfter=4),
            "chart-title": st("chart-title", 10.5, font=b, lead=1.5, spaceAfter=4),
            "cover-title": st("cover-title", 28, font=b, color="primary", lead=1.35, spaceAfter=10),
            "cover-sub": st("cover-sub", 16, lead=1.5, spaceAfter=18),
            "cover-meta": st("cover-meta", 11, color="muted", lead=1.6),
            "cover-aud": st("cover-aud", 12, font=b, color="accent", lead=1.6, spaceBefore=6),
            "stat-value": st("stat-value", 20, font=b, color="accent", lead=1.25),
            "stat-label": st("stat-label", BODY, lead=1.5),
            "stat-detail": st("stat-detail", 8.5, color="muted", lead=1.5),
            "quote": st("quote", 13, lead=1.6),
            "faq-q": st("faq-q", BODY, font=b, color="primary", spaceAfter=2),
            "col-title": st("col-title", 11, font=b, color="primary", lead=1.5, spaceAfter=3),
            "cell": st("cell", 9.5, lead=1.5),
            "cell-r": st("cell-r", 9.5, lead=1.5, alignment=TA_RIGHT),
            "cell-head": st("cell-head", 9.5, font=b, color="#FFFFFF", lead=1.5),
            "notes": st("notes", 11, spaceAfter=7),
            "thumb-title": st("thumb-title", 12, font=b, lead=1.45, spaceBefore=6, spaceAfter=6, keepWithNext=1),
        }

    def p(self, text: str, style: str, **kw) -> Paragraph:
        return Paragraph(self.markup(text), self.styles[style], **kw)

    # ---- page furniture --------------------------------------------------------------------
    def on_page(self, canv, doc) -> None:
        w, h = self.paper
        canv.saveState()
        canv.setFillColor(self.c("muted"))
        text = canv.beginText(MARGIN, h - HEADER_GAP - 8.5)
        for piece, face in self.fonts.segments(self.header, False):  # the title may hold a ✔
            text.setFont(face.rl_font.fontName if face is self.fonts.symbols else self.regular, 8.5)
            text.textOut(piece)
        canv.drawText(text)
        canv.setStrokeColor(HexColor("#D0D7DE"))
        canv.setLineWidth(0.5)
        canv.line(MARGIN, h - HEADER_GAP - 12.5, w - MARGIN, h - HEADER_GAP - 12.5)
        canv.restoreState()

    def footer(self, canv, n: int, total: int) -> None:
        w, _ = self.paper
        canv.saveState()
        canv.setFont(self.regular, 8.5)
        canv.setFillColor(self.c("muted"))
        canv.drawRightString(w - MARGIN, FOOTER_GAP, f"{n} / {total}")
        if self.date:
            canv.drawString(MARGIN, FOOTER_GAP, self.date)
        canv.restoreState()

    # ---- shared pieces ---------------------------------------------------------------------
    def cover(self) -> list:
        d = self.deck
        story: list = [Spacer(1, 30 * mm), self.p(self.title, "cover-title")]
        sub = deck_subtitle(d)
        if sub:
            story.append(self.p(sub, "cover-sub"))
        for line in (d.author, self.date):
            if line:
                story.append(self.p(line, "cover-meta"))
        if d.audience and d.audience.description:
            story.append(self.p(d.audience.description, "cover-aud"))
        key = self.key_figure()
        if key:
            story += [Spacer(1, 14 * mm)] + key
        story.append(PageBreak())
        return story

    def key_figure(self) -> list:
        """The deck's first chart, large; failing that its first key figures."""
        first_stats = None
        for slide in self.deck.slides():
            if isinstance(slide.content, m.ChartSlide):
                return self.chart(slide.content.chart, self.frame_w, self.frame_w * 0.5, keep=True)
            if isinstance(slide.content, m.Stats) and first_stats is None:
                first_stats = slide.content
        return [self.stats(first_stats)] if first_stats else []

    def contents(self) -> list:
        entries = [(self.markup(f"{n}. {section.title}"), f"section-{n}") for n, section in enumerate(self.deck.sections, 1)]
        if self.deck.sources:
            entries.append((escape("출처"), "sources"))
        return [Paragraph("차례", self.styles["contents"]), Contents(entries, self), PageBreak()]

    def contents_numbers(self, canv, page: int) -> None:
        """Page numbers, dot leaders and links of the contents entries on `page` (called at save)."""
        marks = self.contents_marks.get(page)
        if not marks:
            return
        style = self.styles["toc"]
        canv.saveState()
        canv.setFont(self.regular, style.fontSize)
        canv.setFillColor(self.c("muted"))
        dot_w = 5.0
        period_w = canv.stringWidth(".", self.regular, style.fontSize)
        for text_end, baseline, right, key in marks:
            number = str(self.key_pages.get(key, "?"))
            canv.setFillColor(self.c("text"))
            canv.drawRightString(right, baseline, number)
            canv.setFillColor(self.c("muted"))
            # Dots on a grid measured from the right edge, so they line up from entry to entry.
            last = right - Contents.NUMBER_W
            n = int((last - text_end - 8) // dot_w) + 1
            if n > 0:
                dots = canv.beginText(last - (n - 1) * dot_w - period_w / 2, baseline)
                dots.setFont(self.regular, style.fontSize)
                dots.setCharSpace(dot_w - period_w)
                dots.textOut("." * n)
                dots.setCharSpace(0)  # Tc outlives the text object: the next number must not inherit it
                canv.drawText(dots)
            # A named annotation: the replayed page states would reuse reportlab's automatic numbers.
            canv.linkRect("", key, (text_end - 1, baseline - 3, right, baseline + style.fontSize), relative=0,
                          name=f"contents-{key}")
        canv.restoreState()

    def heading(self, text: str, key: str, style: str = "h1") -> Paragraph:
        para = Paragraph(self.markup(text), self.styles[style])
        para._toc = (self.markup(text), "".join(r.text for r in parse_inline(text)), key)
        return para

    def chart(self, chart: m.Chart, width: float, height: float, keep: bool = False) -> list:
        parts: list = []
        if chart.title:
            parts.append(self.p(chart.title, "chart-title"))
        parts.append(ChartFlowable(chart, width, height, self))
        if chart.source:
            parts.append(Paragraph("출처: " + self.markup(chart.source), self.styles["small"]))
        return [KeepTogether(parts)]

    def bullets(self, items, level: int = 1, base: str = "body") -> list:
        out = []
        base_style = self.styles[base]
        for b in items:
            style = ParagraphStyle(f"{base}-b{level}", parent=base_style, leftIndent=12 * level + 2,
                                   bulletIndent=12 * (level - 1) + 2, spaceAfter=2 if level > 1 or b.children else 4,
                                   bulletColor=self.c("primary"))
            glyph = {1: "•", 2: "–"}.get(level, "·")
            out.append(Paragraph(self.markup(b.text), style, bulletText=glyph))
            out += self.bullets(b.children, level + 1, base)
        return out

    def stats(self, stats: m.Stats) -> Flowable:
        cells = []
        for st in stats.items:
            cell = [self.p(st.value, "stat-value"), self.p(st.label, "stat-label")]
            if st.detail:
                cell.append(self.p(st.detail, "stat-detail"))
            cells.append(cell)
        n = len(cells)
        gap = 6.0
        t = Table([cells], colWidths=[(self.frame_w - gap * (n - 1)) / n] * n, hAlign="LEFT")
        t.setStyle(self.table_style([
            ("BACKGROUND", (0, 0), (-1, -1), self.c("surface")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 10),
            ("LINEAFTER", (0, 0), (-2, -1), gap, HexColor("#FFFFFF")),
        ]))
        return t

    def table_style(self, commands: list) -> TableStyle:
        # A table sets its cells' font even when they hold only Paragraphs; reportlab's default
        # (Helvetica) would otherwise land in the PDF's font resources.
        return TableStyle([("FONTNAME", (0, 0), (-1, -1), self.regular)] + commands)

    def fits(self, flowable: Flowable) -> bool:
        """Whether an unsplittable block is short enough for a page."""
        _, h = flowable.wrap(self.frame_w, self.frame_h)
        return h <= self.frame_h * 0.9

    # ---- slide content, printed --------------------------------------------------------------
    def slide_content(self, slide: m.Slide) -> list:
        c = slide.content
        out: list = []
        if isinstance(c, m.BulletList):
            out += self.bullets(c.items)
        elif isinstance(c, m.ChartSlide):
            out += self.chart(c.chart, self.frame_w, self.frame_w * 0.4)
            if c.caption:
                out.append(self.p(c.caption, "small"))
            out += self.bullets(c.bullets)
        elif isinstance(c, m.Stats):
            t = self.stats(c)
            # Very long labels cannot stand side by side on a page: one figure after another.
            out += [t] if self.fits(t) else [self.stats(m.Stats((st,))) for st in c.items]
        elif isinstance(c, m.Quote):
            out.append(self.quote(c))
        elif isinstance(c, m.Table):
            out.append(self.table(c, slide))
            if c.caption:
                out.append(self.p(c.caption, "small"))
        elif isinstance(c, m.Faq):
            for item in c.items:
                out.append(KeepTogether([self.p(item.q, "faq-q"), self.p(item.a, "body")]))
        elif isinstance(c, m.Columns):
            out += self.columns(c)
        elif isinstance(c, m.Image):
            out.append(self.image(c))
            if c.caption:
                out.append(self.p(c.caption, "small"))
        return out

    def quote(self, q: m.Quote) -> Flowable:
        cell = [self.p(q.text, "quote")]
        if q.by:
            cell.append(Paragraph("— " + self.markup(q.by), self.styles["small"]))
        t = Table([[cell]], colWidths=[self.frame_w], hAlign="LEFT")
        t.setStyle(self.table_style([
            ("LINEBEFORE", (0, 0), (0, -1), 2.5, self.c("accent")),
            ("LEFTPADDING", (0, 0), (-1, -1), 12), ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        return t

    def table(self, t: m.Table, slide: m.Slide) -> Flowable:
        planned = self.by_span.get(slide.span)
        box = next((b for b in planned.boxes if isinstance(b, TableBox)), None) if planned else None
        ncol = len(t.columns)
        align = box.align if box else ("l",) * ncol
        widths = box.col_widths if box else (1.0,) * ncol
        scale = self.frame_w / sum(widths)
        data = [[Paragraph(self.markup(h), self.styles["cell-head"]) for h in t.columns]]
        for row in t.rows:
            data.append([Paragraph(self.markup(v), self.styles["cell-r" if align[j] == "r" else "cell"]) for j, v in enumerate(row)])
        table = Table(data, colWidths=[w * scale for w in widths], repeatRows=1, hAlign="LEFT")
        style = [
            ("BACKGROUND", (0, 0), (-1, 0), self.c(box.header_fill if box else "primary")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LINEBELOW", (0, -1), (-1, -1), 0.5, HexColor("#D0D7DE")),
        ]
        zebra = self.c(box.zebra_fill if box else "surface")
        style += [("BACKGROUND", (0, i), (-1, i), zebra) for i in range(2, len(data), 2)]
        table.setStyle(self.table_style(style))
        return table

    def columns(self, cols: m.Columns) -> list:
        cells = [[self.p(col.title, "col-title")] + self.bullets(col.bullets, base="cell") for col in cols.items]
        n = len(cells)
        gap = 6.0

        def card(row_cells, widths):
            t = Table([row_cells], colWidths=widths, hAlign="LEFT")
            t.setStyle(self.table_style([
                ("BACKGROUND", (0, 0), (-1, -1), self.c("surface")),
                ("LINEABOVE", (0, 0), (-1, 0), 2.5, self.c("primary")),
                ("LINEAFTER", (0, 0), (-2, -1), gap, HexColor("#FFFFFF")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 9), ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, -1), 7), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]))
            return t

        side_by_side = card(cells, [(self.frame_w - gap * (n - 1)) / n] * n)
        if self.fits(side_by_side):
            return [side_by_side]
        # Too tall to stand side by side on one page: one card after another, each splittable text.
        out: list = []
        for cell in cells:
            out += cell
        return out

    def image(self, im: m.Image) -> Flowable:
        # No wider than the column, nor blown up past its pixels at 96 dpi.
        w = min(self.frame_w, im.width_px * 0.75)
        h = w * im.height_px / max(1, im.width_px)
        if h > self.frame_h * 0.6:
            h = self.frame_h * 0.6
            w = h * im.width_px / max(1, im.height_px)
        flow = RLImage(str(im.path), w, h)
        flow.hAlign = "LEFT"
        return flow

    def print_only(self, text: str) -> Flowable:
        t = Table([[[Paragraph(self.markup_lines(p), self.styles["body"]) for p in blocks(text)]]], colWidths=[self.frame_w], hAlign="LEFT")
        t.setStyle(self.table_style([
            ("BACKGROUND", (0, 0), (-1, -1), self.c("surface")),
            ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ]))
        if self.fits(t):
            return t
        return KeepTogether([Paragraph(self.markup_lines(p), self.styles["body"]) for p in blocks(text)])

    # ---- layouts -----------------------------------------------------------------------------
    def article(self) -> list:
        story: list = []
        if self.settings.contents:
            story += self.contents()
        for n, section in enumerate(self.deck.sections, 1):
            if n > 1:
                story.append(CondPageBreak(60 * mm))
            story.append(self.heading(f"{n}. {section.title}", f"section-{n}"))
            # Paragraph gaps as Spacers: ImageAndFlowables drops the space after the last paragraph
            # beside the thumbnail, which glued it to the next one.
            intro: list = []
            if section.summary:
                intro += [self.p(section.summary, "lead-flow"), Spacer(1, 8)]
            for text in section.paragraphs:
                intro += [self.p(text, "body-flow"), Spacer(1, 6)]
            planned = self.plan.slides_of(section.id)
            if planned:
                thumb = Thumbnail(planned[0], self.frame_w * 0.38, self)
                story.append(ImageAndFlowables(thumb, intro or [Spacer(1, 1)], imageSide="right",
                                               imageLeftPadding=12, imageBottomPadding=8))
            else:
                story += intro
            for slide in section.slides:
                body = self.slide_content(slide)
                # The slide's title travels with the start of its content (keepWithNext alone
                # does not hold it to a KeepTogether block such as a chart).
                first = body[0]._content if body and isinstance(body[0], KeepTogether) else body[:1]
                story.append(KeepTogether([self.p(slide.title, "h2")] + list(first)))  # flat: nested blocks misplace breaks
                story += body[1:]
                if slide.handout:
                    story.append(Spacer(1, 4))
                    story.append(self.print_only(slide.handout))
        if self.deck.sources:
            story.append(CondPageBreak(60 * mm))
            story.append(self.heading("출처", "sources"))
            for i, src in enumerate(self.deck.sources, 1):
                text = self.markup(src.cite()) + (" — " + escape(src.url) if src.url else "")
                style = ParagraphStyle("source", parent=self.styles["body"], leftIndent=20, bulletIndent=0)
                story.append(Paragraph(text, style, bulletText=f"{i}."))
        return story

    def notes(self) -> list:
        story: list = []
        for i, slide in enumerate(self.plan.slides):
            thumb = Thumbnail(slide, self.frame_w, self, label=False)
            head = [Paragraph(f"슬라이드 {slide.number} · " + self.markup(slide.title), self.styles["thumb-title"]), thumb,
                    Spacer(1, 10)]
            paras = [Paragraph(self.markup_lines(text), self.styles["notes"]) for text in blocks(slide.notes or "")]
            if i:
                story.append(CondPageBreak(slide_height(self.frame_w) + 60))
            # The thumbnail stays with its notes' first paragraph; the rest flows on.
            story.append(KeepTogether(head + paras[:1]))
            story += paras[1:]
            story.append(Spacer(1, 16))
        return story

    def grid(self) -> list:
        n = self.settings.slides_per_page if self.settings.slides_per_page in m.SLIDES_PER_PAGE else 3
        slides = list(self.plan.slides)
        story: list = []
        for k in range(0, len(slides), n):
            if k:
                story.append(PageBreak())
            story.append(GridPage(slides[k:k + n], n, self))
        return story

    # ---- build -------------------------------------------------------------------------------
    def build(self) -> bytes:
        layout = self.settings.layout
        story: list = self.cover() if self.settings.cover else []
        story += {"notes": self.notes, "grid": self.grid}.get(layout, self.article)()
        buf = io.BytesIO()
        d = self.deck
        doc = _Doc(
            buf, self, pagesize=self.paper, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
            title=self.title, author=d.author or "", subject=deck_subtitle(d) or "", creator="deckbuild",
            keywords=d.audience.name if d.audience else "", lang=d.language, invariant=1,
            initialFontName=self.regular, initialFontSize=BODY,
        )
        frame = Frame(MARGIN, MARGIN, self.frame_w, self.frame_h, leftPadding=0, rightPadding=0, topPadding=0,
                      bottomPadding=0, id="body")
        doc.addPageTemplates([PageTemplate("page", [frame], onPage=self.on_page)])
        canvasmaker = type("HandoutCanvas", (_Canvas,), {"writer": self})
        doc.build(story, canvasmaker=canvasmaker)
        return buf.getvalue()


def render_pdf(plan: Plan, fonts: FontSet, *, when: dt.datetime) -> bytes:
    """The handout for `plan` as PDF bytes (layout, paper, cover and contents from the deck's handout settings)."""
    return _Handout(plan, fonts, when).build()
