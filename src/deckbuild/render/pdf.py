"""HandoutPlan → PDF bytes: the planned blocks flowed by reportlab's platypus and drawn, nothing decided.

In: a Plan with its handout and the deck's fonts. Out: the PDF's bytes (`render_pdf`). The writing
context (styles, colours, run markup) is `pdf_writer`; the blocks become flowables in `pdf_blocks`
(one function per block type), the drawn ones are in `pdf_flowables`, and the page furniture
(running header with the section, `n / N`, the date, contents page numbers, links and bookmarks,
drawn once the page count is known) in `pdf_furniture`.

Text reaches reportlab only as escaped markup built from the plan's runs, so outline text prints
literally; every glyph is set in the deck's own faces (embedded as subsets), a character the text
face lacks in its fallback face. Dates come from the plan and the document is built in reportlab's
invariant mode: one plan, one byte string.
"""

from __future__ import annotations

import io

from reportlab.platypus import Frame, PageTemplate

from .. import plan as p
from ..fonts import FontSet
from .pdf_blocks import flow
from .pdf_furniture import FurnitureCanvas, FurnitureDrawer, HandoutDoc
from .pdf_structure import HandoutStructure
from .pdf_tags import document_tagger
from .pdf_writer import HandoutPdfWriter

__all__ = ["HandoutPdfWriter", "render_pdf"]


def render_pdf(plan: p.Plan, fonts: FontSet) -> bytes:
    """The handout of `plan` as PDF bytes."""
    w = HandoutPdfWriter(plan, fonts)
    tagger = document_tagger(plan)
    w.structure = HandoutStructure(w, tagger)
    story: list = []
    first_notes = True
    for block in w.h.blocks:
        story += flow(w, block, first=first_notes and isinstance(block, p.NotesSlide))
        if isinstance(block, p.NotesSlide):
            first_notes = False
    buf = io.BytesIO()
    info = plan.info
    m = w.h.margin
    furniture = FurnitureDrawer(w)
    doc = HandoutDoc(
        buf, furniture, pagesize=w.h.page, leftMargin=m, rightMargin=m, topMargin=m, bottomMargin=m,
        title=info.title, author=info.author or "", subject=info.subtitle or "", creator="deckbuild",
        keywords=", ".join(info.keywords), lang=info.language, invariant=1,
        initialFontName=w.regular, initialFontSize=10.5,
    )
    frame = Frame(m, m, w.frame_w, w.frame_h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate("page", [frame])])
    doc.build(story, canvasmaker=type("HandoutCanvas", (FurnitureCanvas,), {"furniture": furniture, "tagger": tagger}))
    return buf.getvalue()
