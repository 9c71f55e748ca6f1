"""Plan → the deck as a PDF (`-f slides`): one page per slide at the slide's size, drawn as vectors by
`slide_pdf` exactly as the thumbnails are — selectable text in the deck's embedded subsets, vector
charts, a bookmark per slide (under its section), document properties from the plan's DocInfo; tagged
(PDF/UA-1): each slide a Sect of its boxes' structure in the plan's reading order."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from ..fonts import FontSet
from ..plan import Plan
from .pdf_tags import TaggedCanvasMixin, document_tagger
from .slide_pdf import SlideDrawer, pdf_date


class SlidesCanvas(TaggedCanvasMixin, Canvas):
    """A canvas whose pages carry their structure (see pdf_tags)."""


def render_slides_pdf(plan: Plan, fonts: FontSet) -> bytes:
    info = plan.info
    buf = io.BytesIO()
    canvas = SlidesCanvas(buf, pagesize=(plan.width, plan.height), invariant=1, lang=info.language,
                          initialFontName=fonts.reportlab_names()[0])
    canvas.tagger = tagger = document_tagger(plan)
    stamp = pdf_date(info.when)
    canvas._doc.setDateFormatter(lambda *_: stamp)
    canvas.setTitle(info.title)
    canvas.setAuthor(info.author or "")
    canvas.setSubject(info.subtitle or "")
    canvas.setCreator("deckbuild")
    canvas.setKeywords(", ".join(info.keywords))
    drawer = SlideDrawer(fonts, plan.width, plan.height)
    seen: set[int] = set()
    for slide in plan.slides:
        drawer.draw(canvas, slide, 0, 0, plan.width, border=False, parent=tagger.root.add("Sect"))
        key = f"slide-{slide.number}"
        canvas.bookmarkPage(key)
        if slide.section is not None and slide.section not in seen:
            seen.add(slide.section)
            section = plan.sections[slide.section]
            # An entry of its own key: reportlab keys outline entries by their destination.
            canvas.bookmarkPage(f"section-{section.number}")
            canvas.addOutlineEntry(f"{section.number}. {section.title}", f"section-{section.number}", 0, closed=False)
        level = 1 if slide.section is not None else 0
        canvas.addOutlineEntry(f"{slide.number}. {slide.title}", key, level)
        canvas.showPage()
    canvas.showOutline()
    tagger.finish(canvas)
    canvas.save()
    return buf.getvalue()
