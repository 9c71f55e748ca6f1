"""Plan → .pptx bytes: real text boxes with the plan's lines, native charts, tables, notes.

Every run carries explicit size, weight, colour, `a:latin` + `a:ea` typefaces and `lang`; line
breaks are the plan's own (`a:br`), so PowerPoint and LibreOffice draw the lines that layout
measured instead of re-wrapping Korean mid-word. No `normAutofit`: sizes are final.
"""

from __future__ import annotations

import datetime as dt
import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from ..fonts import FontSet
from ..plan import ChartBox, ImageBox, Para, Plan, PlanSlide, Rect, TableBox, TextBox
from . import pptx_xml
from .charts_pptx import add_chart

_ALIGN = {"l": PP_ALIGN.LEFT, "c": PP_ALIGN.CENTER, "r": PP_ALIGN.RIGHT}
_ANCHOR = {"t": MSO_ANCHOR.TOP, "m": MSO_ANCHOR.MIDDLE, "b": MSO_ANCHOR.BOTTOM}
_TITLE_ONLY = 5  # "Title Only" in python-pptx's default template


def _rgb(hex_: str) -> RGBColor:
    return RGBColor.from_string(hex_.lstrip("#").upper())


class _Writer:
    def __init__(self, plan: Plan, fonts: FontSet, when: dt.datetime):
        self.plan = plan
        self.face = fonts.family
        self.lang = plan.deck.language
        self.colors = plan.colors
        self.when = when
        template = plan.deck.theme.template
        self.prs = Presentation(str(template)) if template else Presentation()
        self._drop_template_slides()
        self.prs.slide_width = Pt(plan.width)
        self.prs.slide_height = Pt(plan.height)
        pptx_xml.set_theme_fonts(self.prs, self.face, self.face)
        layouts = self.prs.slide_layouts
        self.layout = layouts[_TITLE_ONLY] if not template and len(layouts) > _TITLE_ONLY else _title_layout(layouts)

    def _drop_template_slides(self) -> None:
        sldIdLst = self.prs.slides._sldIdLst
        for sldId in list(sldIdLst):
            self.prs.part.drop_rel(sldId.rId)
            sldIdLst.remove(sldId)

    # ---- text ------------------------------------------------------------------------------
    def fill_text(self, tf, box: TextBox) -> None:
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.NONE
        tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = 0
        tf.vertical_anchor = _ANCHOR[box.anchor]
        self.write_paras(tf, box.paras)

    def write_paras(self, tf, paras: tuple[Para, ...]) -> None:
        for i, para in enumerate(paras):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            self.write_para(p, para)

    def write_para(self, p, para: Para) -> None:
        p.alignment = _ALIGN[para.align]
        p.line_spacing = Pt(para.line_height)
        p.space_before = Pt(para.space_before)
        p.space_after = Pt(0)
        pPr = p._p.get_or_add_pPr()
        if para.bullet:
            hang = 22.0 if para.level <= 1 else 18.0
            pPr.set("marL", str(int(Pt(para.indent))))
            pPr.set("indent", str(-int(Pt(hang))))
            _set_bullet(pPr, para.bullet, para.bullet_color or self.colors["primary"], self.face)
        else:
            pPr.set("marL", "0")
            pPr.set("indent", "0")
            if pPr.find(qn("a:buNone")) is None:
                pPr.append(pPr.makeelement(qn("a:buNone"), {}))
        for n, line in enumerate(para.lines):
            if n:
                br = p._p.add_br()
                self.props(br.get_or_add_rPr(), para, para.bold, False)
            for run in line.runs:
                r = p.add_run()
                r.text = run.text
                self.props(r._r.get_or_add_rPr(), para, run.bold or para.bold, run.italic)
        self.props(p._p.get_or_add_endParaRPr(), para, para.bold, False)

    def props(self, rPr, para: Para, bold: bool, italic: bool) -> None:
        pptx_xml.set_text_props(rPr, self.face, self.face, self.lang, size_pt=para.size, bold=bold, italic=italic, color=para.color)

    # ---- shapes ----------------------------------------------------------------------------
    def slide(self, ps: PlanSlide) -> None:
        slide = self.prs.slides.add_slide(self.layout)
        if ps.background:
            slide.background.fill.solid()
            slide.background.fill.fore_color.rgb = _rgb(ps.background)
        title_ph = slide.shapes.title
        title_used = False
        for box in ps.boxes:
            if isinstance(box, TextBox):
                if box.role == "title" and title_ph is not None and not title_used:
                    title_ph.left, title_ph.top = Pt(box.x), Pt(box.y)
                    title_ph.width, title_ph.height = Pt(box.w), Pt(box.h)
                    self.fill_text(title_ph.text_frame, box)
                    title_used = True
                    continue
                shape = slide.shapes.add_textbox(Pt(box.x), Pt(box.y), Pt(box.w), Pt(box.h))
                shape.name = f"{box.role} {shape.shape_id}"
                self.fill_text(shape.text_frame, box)
            elif isinstance(box, Rect):
                self.rect(slide, box)
            elif isinstance(box, ChartBox):
                add_chart(slide.shapes, box.chart, box.x, box.y, box.w, box.h, colors=self.colors,
                          latin=self.face, ea=self.face, font_size=box.font_size, when=self.when)
            elif isinstance(box, TableBox):
                self.table(slide, box)
            elif isinstance(box, ImageBox):
                pic = slide.shapes.add_picture(box.path, Pt(box.x), Pt(box.y), Pt(box.w), Pt(box.h))
                pic._element.nvPicPr.cNvPr.set("descr", box.alt)
        if title_ph is not None and not title_used:
            title_ph._element.getparent().remove(title_ph._element)
        if ps.notes:
            tf = slide.notes_slide.notes_text_frame
            tf.text = ps.notes
            for p in tf.paragraphs:
                for r in p.runs:
                    pptx_xml.set_text_props(r._r.get_or_add_rPr(), self.face, self.face, self.lang)

    def rect(self, slide, box: Rect) -> None:
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Pt(box.x), Pt(box.y), Pt(box.w), Pt(max(box.h, 0.5)))
        shape.name = f"{box.role} {shape.shape_id}"
        style = shape._element.find(qn("p:style"))
        if style is not None:  # the default style brings the theme's outline and effects
            shape._element.remove(style)
        if box.fill:
            shape.fill.solid()
            shape.fill.fore_color.rgb = _rgb(box.fill)
        else:
            shape.fill.background()
        if box.line:
            shape.line.color.rgb = _rgb(box.line)
            shape.line.width = Pt(box.line_width)
        else:
            shape.line.fill.background()

    def table(self, slide, box: TableBox) -> None:
        nrows, ncols = len(box.rows), len(box.col_widths)
        gf = slide.shapes.add_table(nrows, ncols, Pt(box.x), Pt(box.y), Pt(box.w), Pt(box.h))
        table = gf.table
        table.first_row = True
        table.horz_banding = False
        for j, w in enumerate(box.col_widths):
            table.columns[j].width = Emu(int(Pt(w)))
        for i, (row, h) in enumerate(zip(box.rows, box.row_heights)):
            table.rows[i].height = Emu(int(Pt(h)))
            for j, cell in enumerate(row):
                c = table.cell(i, j)
                c.margin_left = c.margin_right = c.margin_top = c.margin_bottom = Pt(box.pad)
                c.vertical_anchor = MSO_ANCHOR.MIDDLE
                fill = box.header_fill if i == 0 else (box.zebra_fill if i % 2 == 0 else "#FFFFFF")
                c.fill.solid()
                c.fill.fore_color.rgb = _rgb(fill)
                tf = c.text_frame
                tf.word_wrap = True
                self.write_paras(tf, cell.paras)

    def core(self) -> None:
        d = self.plan.deck
        cp = self.prs.core_properties
        a = d.audience
        cp.title = (a.title if a and a.title else None) or d.title
        cp.subject = d.subtitle or ""
        cp.author = d.author or ""
        cp.last_modified_by = d.author or ""
        cp.language = d.language
        cp.keywords = a.name if a else ""
        cp.comments = ""
        cp.revision = 1
        cp.created = cp.modified = self.when.replace(tzinfo=None)
        cp.last_printed = self.when.replace(tzinfo=None)


def _title_layout(layouts):
    for layout in layouts:
        if layout.placeholders and any(ph.placeholder_format.type == 1 for ph in layout.placeholders) and len(layout.placeholders) == 1:
            return layout
    for layout in layouts:
        if any(ph.placeholder_format.type == 1 for ph in layout.placeholders):
            return layout
    return layouts[len(layouts) - 1]


def _set_bullet(pPr, char: str, color: str, face: str) -> None:
    # CT_TextParagraphProperties order (ECMA-376 §21.1.2.2.7): lnSpc, spcBef, spcAft, buClrTx/buClr,
    # buSzTx/…, buFontTx/buFont, buNone/buAutoNum/buChar/buBlip, tabLst, defRPr, extLst.
    for tag in ("a:buClrTx", "a:buClr", "a:buSzTx", "a:buSzPct", "a:buSzPts", "a:buFontTx", "a:buFont", "a:buNone", "a:buAutoNum", "a:buChar", "a:buBlip"):
        for el in pPr.findall(qn(tag)):
            pPr.remove(el)
    clr = pPr.makeelement(qn("a:buClr"), {})
    srgb = clr.makeelement(qn("a:srgbClr"), {"val": color.lstrip("#").upper()})
    clr.append(srgb)
    font = pPr.makeelement(qn("a:buFont"), {"typeface": face})
    if char[-1] == "." and char[:-1].isdigit():
        bu = pPr.makeelement(qn("a:buAutoNum"), {"type": "arabicPeriod", "startAt": char[:-1]})
    else:
        bu = pPr.makeelement(qn("a:buChar"), {"char": char})
    anchor = None
    for tag in ("a:tabLst", "a:defRPr", "a:extLst"):
        anchor = pPr.find(qn(tag))
        if anchor is not None:
            break
    for el in (clr, font, bu):
        if anchor is not None:
            anchor.addprevious(el)
        else:
            pPr.append(el)


def render_pptx(plan: Plan, fonts: FontSet, *, when: dt.datetime) -> bytes:
    w = _Writer(plan, fonts, when)
    for ps in plan.slides:
        w.slide(ps)
    w.core()
    buf = io.BytesIO()
    w.prs.save(buf)
    return buf.getvalue()
