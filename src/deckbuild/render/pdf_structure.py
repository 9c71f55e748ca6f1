"""The handout's structure tree, built from its blocks as they become flowables, in reading order.

In: each plan block and the flowables `pdf_blocks` made for it (the hook in `pdf_blocks.flow`), the
plan's text styles (each names its structure type: `TextStyle.tag`, decided in layout) and the
alternative texts the plan carries (charts, images, slides). Out: structure elements under the
Document, in the order the blocks come, handed to the flowables that draw them: a paragraph's
`tag` (and `label` for a bullet or number), a data table's TH/TD cells, a figure's element, the
contents' Link elements by anchor (which the page furniture links and numbers). Paragraphs with
bullets or numbers become lists (L, LI, Lbl, LBody), nested by indent.
"""

from __future__ import annotations

from reportlab.platypus import KeepTogether

from .. import plan as p
from .pdf_flowables import ChartFigure, Contents, GridSheet, SlidePicture, Thumbnails
from .pdf_tags import Elem, Image, Lists, Paragraph, Table, Tagger, cell_key
from .pdf_writer import HandoutPdfWriter


def plain(text: p.Rich) -> str:
    return "".join(r.text for r in text)


class HandoutStructure:
    """The tagger of one handout and the structure of its blocks so far."""

    def __init__(self, w: HandoutPdfWriter, tagger: Tagger):
        self.w, self.tagger = w, tagger
        self.root = tagger.root
        self.lists = Lists(self.root)
        self.toc: dict[str, tuple[Elem, str]] = {}  # anchor → its contents entry's Link and text

    def tag(self, block, flowables: list) -> list:
        """Name the structure of `block`'s flowables (those already named, from blocks inside it, kept)."""
        for f in flowables:
            self.visit(f, block)
        return flowables

    def add(self, tag: str, alt: str | None = None, **attrs) -> Elem:
        self.lists.close()
        return self.root.add(tag, alt, **attrs)

    def style_tag(self, para: Paragraph) -> str:
        st, styles = para.style, self.w.h.styles
        while st is not None and st.name not in styles:
            st = getattr(st, "parent", None)
        tag = styles[st.name].tag if st is not None else "P"
        return "P" if tag == "Artifact" else tag

    def paragraph(self, para: Paragraph, tag: str | None = None) -> None:
        if para.tag is not None:
            return
        if para.bulletText:
            para.label, para.tag = self.lists.item(para.style.leftIndent)
        else:
            para.tag = self.add(tag or self.style_tag(para))

    def visit(self, f, block) -> None:
        if isinstance(f, Paragraph):
            self.paragraph(f)
        elif isinstance(f, Table):
            if f.cells is not None:  # a data table, named already
                return
            if isinstance(block, p.TableBlock):
                self.data_table(f)
            else:
                for row in f._cellvalues:
                    for cell in row:
                        for x in cell if isinstance(cell, (list, tuple)) else [cell]:
                            self.visit(x, block)
        elif isinstance(f, KeepTogether):
            for x in f._content:
                self.visit(x, block)
        elif isinstance(f, ChartFigure):
            if f.figure is not None:  # named already, as part of a block inside this one
                return
            for x in f.before:
                self.visit(x, block)
            f.figure = self.add("Figure", f.block.alt or None)
            for k, x in enumerate(f.after):
                self.paragraph(x, "Note" if k == 0 and f.block.source else None)
        elif isinstance(f, Thumbnails):
            if f.figures:
                return
            f.figures = []
            for n, label in zip(f.row.slides, f.labels):
                f.figures.append(self.add("Figure", self.w.slides[n].alt))
                self.paragraph(label)
        elif isinstance(f, SlidePicture) and f.figure is None:
            f.figure = self.add("Figure", f.slide.alt)
        elif isinstance(f, GridSheet) and not f.elems:
            styles = self.w.h.styles
            f.elems = [(self.add(styles["grid-heading"].tag) if slot.heading else None, self.add(styles["grid-label"].tag),
                        self.add("Figure", self.w.slides[slot.slide].alt)) for slot in f.page.slots]
        elif isinstance(f, Contents):
            if isinstance(block, p.Contents) and not self.toc:
                toc = self.add("TOC")
                for text, key, _ in block.entries:
                    self.toc[key] = (toc.add("TOCI").add("Link"), plain(text))
        elif isinstance(f, Image) and f.tag is None:
            alt = block.alt if isinstance(block, p.ImageBlock) else None
            f.tag = self.add("Figure", alt)

    def data_table(self, t: Table) -> None:
        table = self.add("Table")
        cells: dict[int, Elem] = {}
        for i, row in enumerate(t._cellvalues):
            tr = table.add("TR")
            for cell in row:
                cells[id(cell_key(cell))] = tr.add("TH", Scope="Column", O="Table") if i == 0 else tr.add("TD")
        t.cells = cells

    def link(self, key: str) -> tuple[Elem, str] | None:
        """The contents entry that links to `key`: its Link element and text."""
        return self.toc.get(key)
