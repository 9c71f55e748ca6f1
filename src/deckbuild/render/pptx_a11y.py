"""The deck's accessibility marks in PresentationML, as PowerPoint writes them: alternative text
(`p:cNvPr/@descr`) on pictures, charts and tables, and the decorative mark on shapes that only
decorate (an `a:ext` holding `adec:decorative val="1"` in the shape's `p:cNvPr/a:extLst`).

In: the plan's texts and flags (layout decided them: `layout.structure`). Out: attributes and
elements on the shapes the deck writer has just made; nothing else is judged here.
"""

from __future__ import annotations

from pptx.oxml.ns import qn

DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"
DECORATIVE_XML = (f'<a:extLst><a:ext uri="{DECORATIVE_URI}"><adec:decorative xmlns:adec="{ADEC}" val="1"/>'
                  "</a:ext></a:extLst>")


def c_nv_pr(shape_element):
    """A shape's non-visual drawing properties (p:cNvPr), whatever its kind (sp, pic, graphicFrame)."""
    return next(shape_element.iter(qn("p:cNvPr")))


def describe(shape_element, alt: str) -> None:
    """Set the shape's alternative text (what a screen reader says for a picture, chart or table)."""
    if alt:
        c_nv_pr(shape_element).set("descr", alt)
