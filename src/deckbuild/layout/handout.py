"""Deck × slide plan × fonts → HandoutPlan: the handout of every layout (article, notes, grid) as
blocks — cover, contents, section headings with their numbers, prose, slide content, charts resolved
at their printed size, thumbnails, notes — with the paper, the type scale and every choice made.

The PDF renderer flows these blocks and draws them; it decides nothing. Text that runs beside a
figure is avoided by construction: thumbnails and charts stand in rows of their own, so text
extracted from the handout reads each paragraph whole and in order.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from .. import model as m
from ..fonts import FontSet
from . import charts, tables
from .colors import RULE
from .handout_text import HandoutText
from .measure import WRAP_SAFETY, chart_faces
from .words import chart_source, is_korean
from .structure import STYLE_TAGS, chart_alt
from ..plan import (CONTENTS_NUMBER_W, HANDOUT_PADDING, WHITE, BulletItems, Cards, ChartBlock, Color, Contents, FaqBlock, Gap,
                   GridPage, GridSlot, HandoutPlan,
                   Heading, ImageBlock, Keep, ListItem, NotesSlide, PageBreak, PageFurniture, Plan, PrintNote, Prose,
                   QuoteBlock, Rich, StatRow, TableBlock, TextStyle, ThumbRow)
from ..text import Run, parse_inline, plain

MM = 72 / 25.4
PAPERS = {"A4": (210 * MM, 297 * MM), "Letter": (612.0, 792.0), "B5": (176 * MM, 250 * MM)}  # B5: ISO 216, not JIS
MARGIN = 20 * MM
LEADING = 1.6  # Hangul needs more leading than Latin
THUMBS_PER_ROW = 4
GRID_LABEL = 9.0  # pt, the grid's slide labels
BULLET_GLYPHS = {1: "•", 2: "–", 3: "·"}  # by list level
BULLET_STEP = 12  # pt, each list level's indent
NUMBER_INDENT = 20  # pt, a numbered line's text (its number at the left edge)
HEADER_GAP = 9 * MM  # from the paper's top edge to the running header's top
HEADER_SPLIT = 6 * MM  # between the running header's two halves (title · audience | section)
SHORT_LIST = 4  # a list of this many items or fewer is never split across pages
START_LINES = 3  # a slide's picture (notes layout) stays with this many lines of its text
NOTES_GAP = 10.0  # pt, between a slide's picture and its text (notes layout)
HEADING_STYLES = {0: "h0", 1: "h1", 2: "h2"}  # a heading's level → its text style
FOOTER_GAP = 11 * MM  # from the paper's bottom edge to the footer's baseline
MARK_GAP = 2.5 * MM  # from the paper's top edge to the classification's frame (above the running header)


def _styles(c: dict[str, Color]) -> dict[str, TextStyle]:
    def st(size, color="text", lead=LEADING, **kw) -> TextStyle:
        return TextStyle(size, round(size * lead, 2), c[color] if isinstance(color, str) else color, **kw)

    return {
        "body": st(10.5, space_after=6),
        "lead": st(11.5, "muted", space_after=8),
        "h0": st(17, "primary", 1.35, bold=True, space_after=14),
        "h1": st(17, "primary", 1.35, bold=True, space_before=22, space_after=6),
        "h2": st(12, lead=1.45, bold=True, space_before=12, space_after=4),
        "toc": st(11, lead=1.5, space_after=3),
        "small": st(8.5, "muted", 1.5, space_before=3, space_after=4),
        "chart-title": st(10.5, lead=1.5, bold=True, space_after=4),
        "cover-title": st(28, "primary", 1.35, bold=True, space_after=10),
        "cover-sub": st(16, lead=1.5, space_after=18),
        "cover-meta": st(11, "muted", 1.6),
        "cover-aud": st(12, "accent", 1.6, bold=True, space_before=6),
        "stat-value": st(20, "accent", 1.25, bold=True),
        "stat-label": st(10.5, lead=1.5),
        "stat-detail": st(8.5, "muted", 1.5),
        "quote": st(13),
        "faq-q": st(10.5, "primary", bold=True, space_after=2),
        "col-title": st(11, "primary", 1.5, bold=True, space_after=3),
        "cell": st(9.5, lead=1.5),
        "cell-r": st(9.5, lead=1.5, align="r"),
        "cell-c": st(9.5, lead=1.5, align="c"),
        "cell-head": st(9.5, WHITE, 1.5, bold=True),
        "cell-head-r": st(9.5, WHITE, 1.5, bold=True, align="r"),
        "cell-head-c": st(9.5, WHITE, 1.5, bold=True, align="c"),
        "unit": st(8.5, "muted", 1.5, space_after=2, align="r"),
        "notes": st(11, space_after=7),
        "thumb-title": st(12, lead=1.45, bold=True, space_before=6, space_after=6),
        "thumb-label": st(8, "muted", 1.35),
        "grid-label": st(GRID_LABEL, "muted", 1.3, bold=True),
        "grid-heading": st(10, "primary", 1.3, bold=True),
        "source": st(10.5, space_after=6),
        "message": st(11, "primary", 1.5, bold=True, space_after=4),  # a slide's key message, under its title
        "header": st(8.5, "muted", 1.2),
    }


def on_paper(role: str, color: Color) -> Color:
    """A colour role of the deck as the printed page can take it: text colours keep 4.5:1 on white
    paper and cards stay light (a dark template's white text or black cards would vanish in print);
    where they cannot, deckbuild's own colour of that role stands in."""
    default = m.DEFAULT_COLORS.get(role)
    if default is None:
        return color
    if role == "surface":
        return color if charts.contrast(color.hex, "#000000") >= 12 else Color(default)
    need = 3.0 if role in ("primary", "accent") else 4.5  # headings and key figures are large text
    return color if charts.contrast(color.hex, "#FFFFFF") >= need else Color(default)


def rich(text: str, bold: bool = False) -> Rich:
    return parse_inline(text, bold)


def runs_text(text: Rich) -> str:
    """Runs as plain text (bookmarks)."""
    return "".join(r.text for r in text)


def literal(text: str) -> Rich:
    """Generated text (labels, numbers): no inline markup."""
    return (Run(text),)


def paragraphs(text: str) -> tuple[tuple[Rich, ...], ...]:
    """Free text (speaker notes, print-only text) → paragraphs at blank lines, each keeping its own line breaks."""
    paras = [p.strip("\n") for p in text.replace("\r\n", "\n").split("\n\n")]
    return tuple(tuple(rich(line) for line in p.split("\n")) for p in paras if p.strip())


def line_count(lines: Sequence[Rich]) -> int:
    """How many lines set text makes: each of `lines` and the breaks the planner chose in it."""
    return sum(1 + sum(r.text.count("\n") for r in line) for line in lines)


def slide_bookmark(slide, words) -> str:
    """A slide's bookmark text in the notes and grid handouts."""
    return f"{words.slide} {slide.number} · {slide.title}"


class HandoutPlanner:
    """One deck's handout in its handout settings: the pieces (cover, contents, section headings,
    slide content, charts, thumbnails, notes) and the three layouts that arrange them into blocks."""

    def __init__(self, deck: m.Deck, plan: Plan, fonts: FontSet):
        self.deck, self.plan, self.fonts = deck, plan, fonts
        self.settings = deck.handout
        self.colors = {role: on_paper(role, c) for role, c in plan.colors.items()}  # the deck's colours, as paper allows
        self.colors["rule"] = RULE
        self.styles = _styles(self.colors)
        self.text = HandoutText(fonts, self.styles)
        self.page = PAPERS[self.settings.paper]
        self.frame_w = self.page[0] - 2 * MARGIN
        self.frame_h = self.page[1] - 2 * MARGIN
        self.slides = {s.number: s for s in plan.slides}
        self.aspect = plan.height / plan.width
        self.words = plan.info.words
        self.korean = is_korean(deck.language)

    # ---- measuring (the same font the PDF embeds) ------------------------------------------
    def text_height(self, text: str, style: str, width: float) -> float:
        """How tall `text` sets in `style` within `width` (for choices such as side by side or not)."""
        return self.text.height(parse_inline(text, self.styles[style].bold), style, width)

    def fitted_label(self, text: str, style: str, width: float) -> Rich:
        """One line of `text` in `style`, cut with "…" where it is wider than `width`."""
        return literal(self.text.fit(text, style, width))

    def set(self, text: Rich, style: str, width: float) -> Rich:
        """`text` in lines for `width` (the PDF draws them as given: numbers never broken)."""
        return self.text.set(text, style, width)

    def prose(self, text: Rich, style: str, width: float | None = None, **kw) -> Prose:
        return Prose(self.set(text, style, self.frame_w if width is None else width), style, **kw)

    def chart(self, chart: m.Chart, width: float, height: float, caption: str | None = None) -> ChartBlock:
        face, bold = chart_faces(self.fonts, chart)
        source = chart_source(chart, self.deck.sources, self.korean)
        measure = lambda t, s: sum(face.char_width(ch) for ch in t) * s  # noqa: E731
        spec = charts.resolve(chart, width, height, font_size=9, palette=self.colors, face=face, bold_face=bold,
                              measure=measure, fit=lambda t, s: max(measure(t, s), self.fonts.fit_width(t, s)), chain=self.fonts)
        omitted = charts.omitted_line(spec, self.deck.language)  # every labelled value stays in the text
        return ChartBlock(spec, width, height, 0.6, self.set(rich(chart.title), "chart-title", width) if chart.title else None,
                          self.set(literal(f"{self.words.source}: ") + rich(source), "small", width) if source else None,
                          self.set(rich(caption), "small", width) if caption else None,
                          self.set(literal(omitted), "small", width) if omitted else None,
                          alt=chart_alt(chart, self.deck.language),
                          note=self.set(literal(f"{self.words.note}: ") + rich(chart.note), "small", width) if chart.note else None)

    # ---- pieces ----------------------------------------------------------------------------
    def cover(self) -> list:
        d, a = self.deck, self.deck.audience
        out: list = [Gap(30 * MM), self.prose(rich(d.title), "cover-title")]
        if d.subtitle:
            out.append(self.prose(rich(d.subtitle), "cover-sub"))
        for line in (d.author, self.plan.info.shown_date):
            if line:
                out.append(self.prose(rich(line), "cover-meta"))
        if a and a.description:
            out.append(self.prose(rich(a.description), "cover-aud"))
        key = self.key_figure()
        if key:
            out += [Gap(14 * MM), *key]
        out.append(PageBreak())
        return out

    def key_figure(self) -> list:
        """The deck's first chart, large; failing that its first key figures."""
        first_stats = None
        for slide in self.deck.slides():
            if isinstance(slide.content, m.ChartSlide):
                return [self.chart(slide.content.chart, self.frame_w, self.frame_w * 0.5)]
            if isinstance(slide.content, m.Stats) and first_stats is None:
                first_stats = slide.content
        return self.stats(first_stats) if first_stats else []

    def contents(self) -> list:
        # notes and grid show a section through its slides: one without slides has nothing to point at
        shown = [s for s in self.plan.sections if s.slides or self.settings.layout == "article"]
        width = self.frame_w - CONTENTS_NUMBER_W - 12  # the page numbers' column and its gap
        entries = [(self.set(literal(f"{s.label}. ") + rich(s.title), "toc", width), f"section-{s.number}", 0) for s in shown]
        if self.plan.sources and self.settings.layout == "article":
            entries.append((literal(self.words.sources), "sources", 0))
        return [Heading(literal(self.words.contents), 0), Contents(tuple(entries)), PageBreak()]

    def section_heading(self, n: int, reserve: float = 0.0) -> Heading:
        s = self.plan.sections[n - 1]
        text = literal(f"{s.label}. ") + rich(s.title)
        return Heading(self.set(text, "h1", self.frame_w), 1, key=f"section-{s.number}", outline=0,
                       bookmark=runs_text(text), section=n - 1, reserve=reserve)

    def bullets(self, items: Sequence[m.Bullet], style: str = "body", width: float | None = None) -> BulletItems:
        """A list set in `width` (the frame's by default); a short one is kept whole on a page."""
        width = self.frame_w if width is None else width

        def flat(b: m.Bullet, level: int):
            return [(level, rich(b.text))] + [x for c in b.children for x in flat(c, level + 1)]

        levels = [x for b in items for x in flat(b, 1)]
        markers, size = self.deck.theme.bullets, self.styles[style].size
        out = []
        for k, (level, text) in enumerate(levels):
            nested = k + 1 < len(levels) and levels[k + 1][0] > level
            start = BULLET_STEP * (level - 1) + 2
            if markers is None:
                glyph, indent, color = BULLET_GLYPHS.get(level, "·"), BULLET_STEP * level + 2, self.colors["primary"]
            else:  # the outline's markers hang by their own width: a continued line starts under the text
                glyph = markers[min(level, len(markers)) - 1]
                indent = start + self.fonts.width(glyph, size, False) + size / 3
                color = self.colors["primary" if level == 1 else "text"]
            # a little more room above a first-level item (□) than above the points under it (○)
            out.append(ListItem(level, self.set(text, style, width - indent), glyph, color, indent, start,
                                2 if level > 1 or nested else 4))
        return BulletItems(tuple(out), style, whole=len(out) <= SHORT_LIST)

    def stats(self, stats: m.Stats) -> list:
        """Key figures as handout blocks: one row of cards, or rows of two, or one after another."""
        n, gap, value = len(stats.items), 6.0, self.styles["stat-value"]
        w = (self.frame_w - gap * (n - 1)) / n
        inner = w - sum(HANDOUT_PADDING["figure"])
        if n > 2 and any(self.fonts.width(plain(st.value), value.size, value.bold) > inner for st in stats.items):
            k = (n + 1) // 2  # rows of two, as the slide sets them: in two lines a figure reads `238,343` / `명`
            return [*self.stats(m.Stats(stats.items[:k])), Gap(6), *self.stats(m.Stats(stats.items[k:]))]
        tallest = max(self.text_height(plain(st.label), "stat-label", inner) for st in stats.items)
        if tallest > self.frame_h * 0.8 and n > 1:  # very long labels cannot stand side by side: one after another
            return [b for st in stats.items for b in self.stats(m.Stats((st,)))]
        return [StatRow(tuple((self.set(rich(st.value), "stat-value", inner), self.set(rich(st.label), "stat-label", inner),
                              self.set(rich(st.detail), "stat-detail", inner) if st.detail else None)
                             for st in stats.items), (w,) * n)]

    def table(self, t: m.Table) -> TableBlock | list:
        st = self.styles["cell"]
        pads = sum(HANDOUT_PADDING["cell"])
        pad = pads / 2
        unit = tables.unit_line(t)
        if len(t.columns) * (2 * pad + 3 * st.size) > self.frame_w:
            # More columns than a page can hold legibly: each row as a line of "column: value" pairs.
            rows = [self.prose(rich(" · ".join(f"{c}: {v}" for c, v in zip(t.columns, r) if v), bold=tables.total_row(t, i)), "body")
                    for i, r in enumerate(t.rows)]
            return ([Prose(literal(unit), "unit")] if unit else []) + rows + ([self.prose(rich(t.caption), "small")] if t.caption else [])
        heads = [tables.header(c, self.fonts) for c in t.columns]

        def natural(j: int) -> float:
            cells = [(heads[j], True)] + [(r[j], tables.total_row(t, i)) for i, r in enumerate(t.rows)]
            return max(self.fonts.width(plain(x), st.size, b) for x, b in cells) / WRAP_SAFETY + 2 * pad + 2

        widths = tables.widths(t, [natural(j) for j in range(len(t.columns))], self.frame_w)
        align = tables.align(t)
        header = tuple(self.set(rich(c), "cell-head", widths[j] - pads) for j, c in enumerate(heads))
        rows = tuple(tuple(self.set(rich(v, bold=tables.total_row(t, i)), "cell-r" if align[j] == "r" else "cell", widths[j] - pads)
                           for j, v in enumerate(r)) for i, r in enumerate(t.rows))
        return TableBlock(header, rows, tuple(widths), align, self.colors["primary"], self.colors["surface"],
                          self.set(rich(t.caption), "small", self.frame_w) if t.caption else None, t.total,
                          literal(unit) if unit else None)

    def columns(self, cols: m.Columns) -> Cards:
        n, gap = len(cols.items), 6.0
        w = (self.frame_w - gap * (n - 1)) / n
        inner = w - sum(HANDOUT_PADDING["card"])
        tallest = 0.0
        for col in cols.items:
            h = self.text_height(plain(col.title), "col-title", inner) + sum(
                self.text_height(runs_text(item.text), "cell", inner - BULLET_STEP * item.level - 2)
                for item in self.bullets(col.bullets, "cell", inner).items)
            tallest = max(tallest, h)
        side_by_side = tallest <= self.frame_h * 0.85
        inner = inner if side_by_side else self.frame_w  # stacked, each card's text runs across the page
        cards = tuple((self.set(rich(col.title), "col-title", inner), self.bullets(col.bullets, "cell", inner).items)
                      for col in cols.items)
        return Cards(cards, (w,) * n, side_by_side)

    def image(self, im: m.Image) -> ImageBlock:
        # No wider than the column, nor blown up past its pixels at 96 dpi.
        w = min(self.frame_w, im.width_px * 0.75)
        h = w * im.height_px / max(1, im.width_px)
        if h > self.frame_h * 0.6:
            h = self.frame_h * 0.6
            w = h * im.width_px / max(1, im.height_px)
        return ImageBlock(str(im.path), w, h, im.alt, self.set(rich(im.caption), "small", self.frame_w) if im.caption else None)

    def print_note(self, text: str, room: float | None = None) -> PrintNote:
        """The print-only text: on a shaded box where it fits in `room` (a box cannot break across
        pages), else as plain paragraphs."""
        inner = self.frame_w - sum(HANDOUT_PADDING["note"])
        height = sum(self.text_height(text, "body", inner) for text in text.split("\n\n"))
        boxed = height <= (self.frame_h * 0.9 if room is None else room)
        width = inner if boxed else self.frame_w
        return PrintNote(tuple(tuple(self.set(line, "body", width) for line in para) for para in paragraphs(text)), boxed)

    def slide_content(self, slide: m.Slide) -> list:
        c = slide.content
        if isinstance(c, m.BulletList):
            return [self.bullets(c.items)]
        if isinstance(c, m.ChartSlide):
            out: list = [self.chart(c.chart, self.frame_w, self.frame_w * 0.4, c.caption)]
            return out + ([self.bullets(c.bullets)] if c.bullets else [])
        if isinstance(c, m.Stats):
            return self.stats(c)
        if isinstance(c, m.Quote):
            inner = self.frame_w - sum(HANDOUT_PADDING["ruled"])
            by = self.set(rich(c.by), "small", inner - self.fonts.width("— ", self.styles["small"].size)) if c.by else None
            return [QuoteBlock(self.set(rich(c.text), "quote", inner), by, "quote")]
        if isinstance(c, m.Table):
            table = self.table(c)
            return table if isinstance(table, list) else [table]
        if isinstance(c, m.Faq):
            return [FaqBlock(tuple((self.set(rich(f.q), "faq-q", self.frame_w), self.set(rich(f.a), "body", self.frame_w))
                                   for f in c.items))]
        if isinstance(c, m.Columns):
            return [self.columns(c)]
        if isinstance(c, m.Image):
            return [self.image(c)]
        return []

    def thumb_rows(self, numbers: Sequence[int]) -> list:
        gap = 4 * MM
        width = (self.frame_w - gap * (THUMBS_PER_ROW - 1)) / THUMBS_PER_ROW
        out = []
        for k in range(0, len(numbers), THUMBS_PER_ROW):
            row = tuple(numbers[k:k + THUMBS_PER_ROW])
            labels = tuple(self.fitted_label(f"{n}. {self.slides[n].title}", "thumb-label", width) for n in row)
            out += [Gap(8)] if out else []
            out.append(ThumbRow(row, width, gap, labels))
        return out

    # ---- layouts ---------------------------------------------------------------------------
    def article(self) -> list:
        out: list = []
        model_sections = self.deck.sections
        for k, (section, planned) in enumerate(zip(model_sections, self.plan.sections)):
            out.append(self.section_heading(planned.number, reserve=60 * MM if k else 0.0))
            if section.summary:
                out.append(self.prose(rich(section.summary), "lead"))
            for text in section.paragraphs:
                out.append(self.prose(rich(text), "body"))
            if planned.slides:
                rows = self.thumb_rows(planned.slides)
                # The first row stays with the text before it, so no page starts with a lone strip.
                lead = [out.pop()] if isinstance(out[-1], Prose) else []
                out += [Keep((*lead, Gap(4), rows[0])), *rows[1:], Gap(6)]
            for slide in section.slides:
                body = self.slide_content(slide)
                if slide.message:
                    body.insert(0, self.prose(rich(slide.message), "message"))
                head = Heading(self.set(rich(slide.title), "h2", self.frame_w), 2)
                # The slide's title travels with the start of its content: its key message and its first
                # block; a chart with the few bullets beside it stays whole (they read it).
                n = 1 + bool(slide.message) + bool(isinstance(slide.content, m.ChartSlide) and slide.content.bullets)
                out.append(Keep((head, *body[:n])))
                out += body[n:]
                if slide.handout:
                    out += [Gap(4), self.print_note(slide.handout)]
        if self.plan.sources:
            items = [self.prose(rich(src), "source", self.frame_w - NUMBER_INDENT, bullet=f"{i}.", indent=NUMBER_INDENT)
                     for i, src in enumerate(self.plan.sources, 1)]
            # On the page before when the whole list fits there; else a page (or what is left of one) of its own.
            whole = self.block_height(Heading(literal(self.words.sources), 1)) + sum(self.block_height(b) for b in items)
            out.append(Heading(literal(self.words.sources), 1, key="sources", outline=0, bookmark=self.words.sources, section=len(self.plan.sections),
                               reserve=min(60 * MM, whole)))
            out += items
        return out

    def block_height(self, block: Heading | Prose) -> float:
        """How tall a heading or a paragraph of the plan sets (its lines are chosen)."""
        style = HEADING_STYLES[block.level] if isinstance(block, Heading) else block.style
        st = self.styles[style]
        return line_count((block.text,)) * st.leading + st.space_before + st.space_after

    def notes(self) -> list:
        out: list = []
        started: set[int] = set()
        printed = {s.span: s.handout for s in self.deck.slides() if s.handout}  # print-only text by slide
        picture = self.frame_w * self.aspect
        for slide in self.plan.slides:
            heading = None
            if slide.section is not None and slide.section not in started:
                started.add(slide.section)
                heading = self.section_heading(slide.section + 1)
            label = self.set(literal(f"{self.words.slide} {slide.number} · ") + rich(slide.title), "thumb-title", self.frame_w)
            notes = tuple(tuple(self.set(line, "notes", self.frame_w) for line in para)
                          for para in paragraphs(slide.notes)) if slide.notes and self.settings.notes else ()  # notes: false
            title = self.styles["thumb-title"]
            head = (self.block_height(heading) if heading else 0.0) + title.leading * line_count((label,)) + \
                title.space_before + title.space_after + picture + NOTES_GAP
            text = printed.get(slide.span) if not slide.continued else None
            note = self.print_note(text, room=self.frame_h * 0.95 - head) if text else None
            # The picture stays with the start of its text: the whole box of print-only text, else a few lines.
            if note is not None and note.boxed:
                start = self.text_height(text, "body", self.frame_w - sum(HANDOUT_PADDING["note"])) + 8
            else:
                lines = line_count(note.paragraphs[0]) if note else line_count(notes[0]) if notes else 0
                start = min(START_LINES, lines) * self.styles["body" if note else "notes"].leading
            out.append(NotesSlide(slide.number, label, self.frame_w, notes, f"slide-{slide.number}", heading,
                                  bookmark=slide_bookmark(slide, self.words), outline=1 if slide.section is not None else 0,
                                  handout=note, reserve=min(self.frame_h * 0.95, head + start),
                                  section="sources" if slide.kind == "sources" else None))
        return out

    def grid(self) -> list:
        n = self.settings.slides_per_page
        cols = 1 if n in (2, 3) else 2
        rows = -(-n // cols)
        gap_x, gap_y = 8 * MM, 6 * MM
        label_h = 2 * 13.0  # a section heading line and the slide's label line
        cell_h = (self.frame_h - 1 - gap_y * (rows - 1)) / rows
        col_w = (self.frame_w - gap_x * (cols - 1)) / cols
        share = 0.56 if n == 3 else 1.0  # with 3, the right side holds ruled lines for notes
        width = min(col_w * share, (cell_h - label_h) / self.aspect)
        out: list = []
        started: set[int] = set()
        slides = list(self.plan.slides)
        for k in range(0, len(slides), n):
            slots = []
            for j, slide in enumerate(slides[k:k + n]):
                r, c = divmod(j, cols)
                heading = section_key = None
                if slide.section is not None and slide.section not in started:
                    started.add(slide.section)
                    s = self.plan.sections[slide.section]
                    heading = self.fitted_label(s.heading, "grid-heading", width)
                    section_key = f"section-{s.number}"
                label = self.fitted_label(f"{slide.number} · {slide.title}", "grid-label", width)
                slots.append(GridSlot(slide.number, c * (col_w + gap_x), r * (cell_h + gap_y), width, label, heading,
                                      f"slide-{slide.number}", section_key, bookmark=slide_bookmark(slide, self.words),
                                      outline=1 if slide.section is not None else 0,
                                      section_bookmark=runs_text(heading) if section_key else None))
            if k:
                out.append(PageBreak())
            first = slides[k].section
            key = "sources" if slides[k].kind == "sources" else None
            if first is not None:
                key = f"section-{self.plan.sections[first].number}"
            out.append(GridPage(tuple(slots), label_h, width + 8 * MM if n == 3 else None, section=key))
        return out

    def build(self) -> HandoutPlan:
        s = self.settings
        info = self.plan.info
        blocks: list = self.cover() if s.cover else []
        if s.contents:
            blocks += self.contents()
        arrange = HANDOUT_LAYOUTS.get(s.layout)
        if arrange is None:  # validation accepts only the layouts below
            raise AssertionError(f"bug in deckbuild: no handout layout {s.layout!r}")
        blocks += arrange(self)
        header = info.title + (f" · {info.audience_description}" if info.audience_description else "")
        # The running header: the title (and audience) at the left, the page's section at the right,
        # each cut with "…" to its half of the line, so the two never meet.
        half = (self.frame_w - HEADER_SPLIT) / 2
        sections = [(f"section-{p.number}", p.heading) for p in self.plan.sections]
        if self.plan.sources:
            sections.append(("sources", self.words.sources))
        return HandoutPlan(
            layout=s.layout, paper=s.paper, page=self.page, margin=MARGIN, header=self.text.fit(header, "header", half),
            footer_date=info.shown_date or "",
            blocks=tuple(blocks), sections=tuple((key, self.text.fit(title, "header", half)) for key, title in sections),
            furniture=PageFurniture("header", HEADER_GAP, 12.5, 0.5, self.colors["rule"], FOOTER_GAP, s.page_number,
                                    info.classification, MARK_GAP, 9.0, self.colors["primary"]),
            styles={name: replace(st, tag=STYLE_TAGS.get(name, "P")) for name, st in self.styles.items()}, colors=self.colors,
        )


# The handout layouts (`handout.layout` in the outline) and the planner's method that arranges each.
HANDOUT_LAYOUTS = {"article": HandoutPlanner.article, "notes": HandoutPlanner.notes, "grid": HandoutPlanner.grid}


def plan_handout(deck: m.Deck, plan: Plan, fonts: FontSet) -> HandoutPlan:
    """The handout of the (selected) deck, in its handout settings, for the slides already planned."""
    return HandoutPlanner(deck, plan, fonts).build()
