"""Plan → .pptx bytes: real text boxes with the plan's lines, native charts, tables, notes.

Every run carries explicit size, weight, colour, `a:latin` + `a:ea` typefaces and `lang`; line
breaks are the plan's own (`a:br`), so PowerPoint and LibreOffice draw the lines that layout
measured instead of re-wrapping Korean mid-word. No `normAutofit`: sizes are final.
"""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from ..fonts import Face, FontSet
from ..plan import ChartBox, Color, ImageBox, Para, Plan, PlanSlide, Rect, TableBox, TextBox
from .. import reuse
from . import pptx_a11y, pptx_reuse, pptx_xml

_ALGN = {"l": "l", "c": "ctr", "r": "r"}
_NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_ANCHOR = {"t": MSO_ANCHOR.TOP, "m": MSO_ANCHOR.MIDDLE, "b": MSO_ANCHOR.BOTTOM}
_TITLE_ONLY = 5  # "Title Only" in python-pptx's default template


def _rgb(color: Color) -> RGBColor:
    return RGBColor.from_string(color.hex.lstrip("#").upper())


class _DeckWriter:
    """Writes one plan's slides into a presentation (deckbuild's own or the template's): text boxes
    and placeholders from the plan's paragraphs as one XML string each, rects, tables, native charts
    (`charts_pptx`), pictures, notes pages and the core properties. It also replaces a few of
    python-pptx's whole-package scans (part names, relationships) that make large decks quadratic."""

    def __init__(self, plan: Plan, fonts: FontSet, template: bytes | None):
        self.plan = plan
        self.face = fonts.family
        self.fonts = fonts
        self.lang = plan.info.language
        self.when = plan.info.when
        self.prs = Presentation(io.BytesIO(template)) if template else Presentation()
        self._drop_template_slides()
        _fast_partnames(self.prs.part.package)
        _ = self.prs.part.notes_master_part  # creates the notes master before the index is taken
        _fast_presentation_rels(self.prs.part)
        self._sldIdLst = self.prs.slides._sldIdLst
        self._next_slide_id = 256
        self.prs.slide_width = Pt(plan.width)
        self.prs.slide_height = Pt(plan.height)
        if template is None:  # deckbuild's own theme names its faces; a template's theme fonts stay its own
            pptx_xml.set_theme_fonts(self.prs, self.face, self.face, fonts.regular.typeface_attrs())
        layouts = self.prs.slide_layouts
        self.default_layout = layouts[_TITLE_ONLY] if len(layouts) > _TITLE_ONLY else layouts[len(layouts) - 1]
        self.layouts = {str(lay.part.partname).lstrip("/"): lay for master in self.prs.slide_masters for lay in master.slide_layouts}
        self._ph_types: dict[int, set[str]] = {}
        self._notes_xml: list[str] | None = None  # a notes page's XML before and after its paragraphs
        self._notes_master = None
        self._template = template
        self._context: tuple | None = None
        self._last_part = None

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
        """Replace the text body's paragraphs with the plan's, built as one XML string.

        Writing runs through python-pptx's object API costs an XPath query per property;
        for a 1,000-slide deck that dominated the build. The XML is the same.
        """
        body = tf._txBody
        for p in body.findall(qn("a:p")):
            body.remove(p)
        xml = "".join(self.para_xml(para) for para in paras)
        for p in parse_xml(f'<a:txBody xmlns:a="{_NS_A}">{xml}</a:txBody>'):
            body.append(p)

    def para_xml(self, para: Para, field: str | None = None) -> str:
        mar = f' marL="{int(Pt(para.indent))}" indent="{-int(Pt(para.hang))}">' if para.bullet else \
            f' marL="{int(Pt(para.indent))}" indent="0">' if para.level and para.indent else ' marL="0" indent="0">'
        ppr = [f'<a:pPr algn="{_ALGN[para.align]}"', mar]
        ppr.append(f'<a:lnSpc><a:spcPts val="{round(para.line_height * 100)}"/></a:lnSpc>'
                   f'<a:spcBef><a:spcPts val="{round(para.space_before * 100)}"/></a:spcBef>'
                   '<a:spcAft><a:spcPts val="0"/></a:spcAft>')
        if para.bullet:
            face = self.fonts.segments(para.bullet, para.bold)[0][1]  # the marker's own face (□ ○) and colour
            ppr.append(f'<a:buClr>{pptx_xml.color_xml(para.bullet_color or para.color)}</a:buClr>'
                       f'<a:buFont{pptx_xml.typeface_xml(face.typeface_attrs())}/>')
            numbered = para.bullet[-1] == "." and para.bullet[:-1].isdigit()
            ppr.append(f'<a:buAutoNum type="arabicPeriod" startAt="{para.bullet[:-1]}"/>' if numbered else f'<a:buChar char="{_attr(para.bullet)}"/>')
        else:
            ppr.append("<a:buNone/>")
        ppr.append("</a:pPr>")
        parts = ["<a:p>", "".join(ppr)]
        for n, line in enumerate(para.lines):
            if n:
                parts.append(f"<a:br>{self.rpr_xml('a:rPr', para, para.bold, False)}</a:br>")
            for run in line.runs:
                bold = run.bold or para.bold
                # A character the text font lacks (✔) gets its own run in the symbols font.
                for text, face in self.fonts.segments(run.text, bold):
                    rpr = self.rpr_xml("a:rPr", para, bold, run.italic, face)
                    if field:  # a field the client keeps current (the slide number), its text as planned
                        parts.append(f'<a:fld id="{_field_id(field, text)}" type="{field}">{rpr}<a:t>{_text(text)}</a:t></a:fld>')
                    else:
                        parts.append(f"<a:r>{rpr}<a:t>{_text(text)}</a:t></a:r>")
        parts.append(self.rpr_xml("a:endParaRPr", para, para.bold, False))
        parts.append("</a:p>")
        return "".join(parts)

    def rpr_xml(self, tag: str, para: Para, bold: bool, italic: bool, face: Face | None = None) -> str:
        return pptx_xml.rpr_xml(tag, self.lang, (face or self.fonts.face(bold)).typeface_attrs(), size_pt=para.size,
                                bold=bold, italic=italic, color=para.color)

    # ---- shapes ----------------------------------------------------------------------------
    def add_slide(self, layout):
        """`Slides.add_slide` without its placeholders (the plan says which it fills), with slide ids
        counted rather than found by scanning every id."""
        rId, slide = self.prs.part.add_slide(layout)
        self._sldIdLst._add_sldId(id=self._next_slide_id, rId=rId)
        self._next_slide_id += 1
        return slide

    def placeholder_types(self, layout) -> set[str]:
        """The placeholder types a layout has (p:ph/@type; none written = obj)."""
        key = id(layout)
        if key not in self._ph_types:
            self._ph_types[key] = {ph.get("type", "obj") for ph in layout._element.iter(qn("p:ph"))}
        return self._ph_types[key]

    def slide(self, ps: PlanSlide) -> None:
        layout = self.layouts.get(ps.layout, self.default_layout) if ps.layout else self.default_layout
        # In watch, a slide whose plan (and this writer's context) an earlier build drew is put
        # in as that build finished it (`pptx_reuse`); slides with pictures are drawn anew.
        key = None
        if reuse.enabled() and not any(isinstance(b, ImageBox) for b in ps.boxes):
            key = reuse.key("pptx-slide", self.context(), ps, layout.part.partname)
            rec = reuse.get("pptx-slide", key)
            if rec is not None:
                shared = {str(layout.part.partname): layout.part}
                master = self.prs.part.notes_master_part
                shared[str(master.partname)] = master
                rId = pptx_reuse.replay(self.prs, rec, shared)
                self._sldIdLst._add_sldId(id=self._next_slide_id, rId=rId)
                self._next_slide_id += 1
                return
        self.draw_slide(ps, layout)
        if key is not None:
            rec = pptx_reuse.record(self._last_part)
            reuse.put("pptx-slide", key, rec, pptx_reuse.size(rec))

    def context(self) -> tuple:
        """What the slides' XML depends on besides the plan slide: the template, the faces, the language and date."""
        if self._context is None:
            import hashlib

            template = hashlib.blake2b(self._template, digest_size=20).digest() if self._template else None
            self._context = (template, tuple(self.fonts.faces()), repr(self.fonts.fonts), self.lang, self.when,
                             self.plan.width, self.plan.height)
        return self._context

    def draw_slide(self, ps: PlanSlide, layout) -> None:
        slide = self.add_slide(layout)
        if ps.background:
            slide.background.fill.solid()
            slide.background.fill.fore_color.rgb = _rgb(ps.background)
        types = self.placeholder_types(layout)
        for box in ps.boxes:
            if isinstance(box, TextBox):
                if box.placeholder is not None and box.placeholder.type in types:
                    self.placeholder(slide, box)
                    continue
                shape = slide.shapes.add_textbox(Pt(box.x), Pt(box.y), Pt(box.w), Pt(box.h))
                shape.name = f"{box.role} {shape.shape_id}"
                self.fill_text(shape.text_frame, box)
            elif isinstance(box, Rect):
                self.rect(slide, box)
            elif isinstance(box, ChartBox):
                from .charts_pptx import add_chart  # python-pptx's chart data pulls in xlsxwriter: only for charts

                frame = add_chart(slide.shapes, box.spec, box.x, box.y, box.w, box.h, lang=self.lang, when=self.when)
                pptx_a11y.describe(frame._element, box.alt)
            elif isinstance(box, TableBox):
                self.table(slide, box)
            elif isinstance(box, ImageBox):
                pic = slide.shapes.add_picture(box.path, Pt(box.x), Pt(box.y), Pt(box.w), Pt(box.h))
                pptx_a11y.describe(pic._element, box.alt)
        if ps.notes:
            self.notes(slide, ps.notes)
        _serialize(slide.part)
        self._last_part = slide.part

    def notes(self, slide, text: str) -> None:
        """The slide's notes page: the notes master's placeholders (cloned by python-pptx once, for
        the first page; later pages reuse that XML, which saves the cloning on every page) with the
        notes, a paragraph a line, each run in the face that draws it."""
        from pptx.opc.constants import CONTENT_TYPE as CT
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT
        from pptx.opc.package import Part

        paras = "".join(self.notes_para(line) for line in text.split("\n"))
        if self._notes_xml is None:
            page = slide.notes_slide  # creates the part, related to the slide and the notes master
            body = page.notes_placeholder._element.get_or_add_txBody()
            for p in body.findall(qn("a:p")):
                body.remove(p)
            body.append(parse_xml(f'<a:p xmlns:a="{_NS_A}"><a:r><a:t>{_NOTES_MARK}</a:t></a:r></a:p>'))
            from pptx.opc.oxml import serialize_part_xml

            xml = serialize_part_xml(page.part._element).decode("utf-8")
            mark = f"<a:p><a:r><a:t>{_NOTES_MARK}</a:t></a:r></a:p>"
            self._notes_xml = xml.split(mark)
            self._notes_master = page.part.part_related_by(RT.NOTES_MASTER)
            part = page.part
            _as_bytes(part, b"")
        else:
            package = self.prs.part.package
            part = Part(package.next_partname("/ppt/notesSlides/notesSlide%d.xml"), CT.PML_NOTES_SLIDE, package)
            part.relate_to(self._notes_master, RT.NOTES_MASTER)
            part.relate_to(slide.part, RT.SLIDE)
            slide.part.relate_to(part, RT.NOTES_SLIDE)
        head, tail = self._notes_xml
        part._blob = (head + paras + tail).encode("utf-8")

    def notes_para(self, line: str) -> str:
        runs = "".join(
            f'<a:r>{pptx_xml.rpr_xml("a:rPr", self.lang, face.typeface_attrs())}<a:t>{_text(piece)}</a:t></a:r>'
            for piece, face in self.fonts.segments(line, False)
        )
        return f"<a:p>{runs}</a:p>" if runs else "<a:p/>"

    def placeholder(self, slide, box: TextBox) -> None:
        """The box's text in a placeholder of the slide's layout (ECMA-376 §19.3.1.36 p:ph): position,
        insets and look inherited from the layout unless deckbuild's grid moved it; sizes, colours and
        the anchor written, as layout measured them, with no autofit to undo them."""
        shapes = slide.shapes
        id_ = shapes._next_shape_id
        ph = box.placeholder
        attrs = ("" if ph.type == "obj" else f' type="{ph.type}"') + (f' idx="{ph.idx}"' if ph.idx else "")
        sppr = "<p:spPr/>"
        if ph.moved:
            sppr = (f'<p:spPr><a:xfrm><a:off x="{int(Pt(box.x))}" y="{int(Pt(box.y))}"/>'
                    f'<a:ext cx="{int(Pt(box.w))}" cy="{int(Pt(box.h))}"/></a:xfrm></p:spPr>')
        margins = ' lIns="0" tIns="0" rIns="0" bIns="0"' if ph.moved else ""
        anchor = {"t": "t", "m": "ctr", "b": "b"}[box.anchor]
        field = "slidenum" if ph.type == "sldNum" else None
        paras = "".join(self.para_xml(p, field=field) for p in box.paras)
        sp = parse_xml(
            f'<p:sp xmlns:p="{_NS_P}" xmlns:a="{_NS_A}"><p:nvSpPr><p:cNvPr id="{id_}" name="{_attr(box.role)} {id_}"/>'
            f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph{attrs}/></p:nvPr></p:nvSpPr>{sppr}'
            f'<p:txBody><a:bodyPr wrap="square"{margins} anchor="{anchor}"><a:noAutofit/></a:bodyPr><a:lstStyle/>{paras}</p:txBody></p:sp>'
        )
        shapes._spTree.append(sp)

    def rect(self, slide, box: Rect) -> None:
        """A plain rectangle: fill, optional outline, no theme style (so no shadow or effects)."""
        shapes = slide.shapes
        id_ = shapes._next_shape_id
        fill = f"<a:solidFill>{pptx_xml.color_xml(box.fill)}</a:solidFill>" if box.fill else "<a:noFill/>"
        if box.line:
            line = f'<a:ln w="{int(Pt(box.line_width))}"><a:solidFill>{pptx_xml.color_xml(box.line)}</a:solidFill></a:ln>'
        else:
            line = "<a:ln><a:noFill/></a:ln>"
        mark = pptx_a11y.DECORATIVE_XML if box.decorative else ""
        sp = parse_xml(
            f'<p:sp xmlns:p="{_NS_P}" xmlns:a="{_NS_A}"><p:nvSpPr><p:cNvPr id="{id_}" name="{_attr(box.role)} {id_}">{mark}</p:cNvPr>'
            f'<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="{int(Pt(box.x))}" y="{int(Pt(box.y))}"/>'
            f'<a:ext cx="{int(Pt(box.w))}" cy="{int(Pt(max(box.h, 0.5)))}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            f"{fill}{line}</p:spPr></p:sp>"
        )
        shapes._spTree.append(sp)

    def table(self, slide, box: TableBox) -> None:
        nrows, ncols = len(box.rows), len(box.col_widths)
        gf = slide.shapes.add_table(nrows, ncols, Pt(box.x), Pt(box.y), Pt(box.w), Pt(box.h))
        pptx_a11y.describe(gf._element, box.alt)
        table = gf.table
        table.first_row = True  # firstRow="1": the header row is marked as one
        table.horz_banding = False
        for j, w in enumerate(box.col_widths):
            table.columns[j].width = Emu(int(Pt(w)))
        for i, (row, h, fill) in enumerate(zip(box.rows, box.row_heights, box.fills)):
            table.rows[i].height = Emu(int(Pt(h)))
            for j, cell in enumerate(row):
                c = table.cell(i, j)
                c.margin_left = c.margin_right = c.margin_top = c.margin_bottom = Pt(box.pad)
                c.vertical_anchor = MSO_ANCHOR.MIDDLE
                pptx_xml.cell_fill(c, fill)
                if box.total_rule is not None and i == nrows - 1 and i > 0:
                    pptx_xml.cell_rule(c, "a:lnT", box.total_rule)  # the total row: a rule above it
                    pptx_xml.cell_rule(table.cell(i - 1, j), "a:lnB", box.total_rule)
                tf = c.text_frame
                tf.word_wrap = True
                self.write_paras(tf, cell.paras)

    def core(self) -> None:
        info = self.plan.info
        cp = self.prs.core_properties
        # Core properties hold at most 255 characters each (python-pptx enforces OPC's limit).
        cp.title = info.title[:255]
        cp.subject = (info.subtitle or "")[:255]
        cp.author = (info.author or "")[:255]
        cp.last_modified_by = (info.author or "")[:255]
        cp.language = info.language
        cp.keywords = ", ".join(info.keywords)[:255]
        cp.comments = ""
        cp.revision = 1
        cp.created = cp.modified = self.when.replace(tzinfo=None)
        cp.last_printed = self.when.replace(tzinfo=None)


def _fast_partnames(package) -> None:
    """Name new parts without walking the whole package each time.

    python-pptx's `OpcPackage.next_partname` scans every part for every new slide, notes page
    and chart, which makes a large deck quadratic (scanny/python-pptx#644). This keeps the same
    rule (the first free number counting down from count + 1) over a set kept per prefix.
    """
    from pptx.opc.packuri import PackURI

    taken: dict[str, set[str]] = {}

    def next_partname(tmpl: str) -> PackURI:
        prefix = tmpl[: (tmpl % 42).find("42")]
        names = taken.get(prefix)
        if names is None:
            names = taken[prefix] = {str(p.partname) for p in package.iter_parts() if p.partname.startswith(prefix)}
        for n in range(len(names) + 1, 0, -1):
            candidate = tmpl % n
            if candidate not in names:
                names.add(candidate)
                return PackURI(candidate)
        raise AssertionError("bug in deckbuild: no free part name")

    package.next_partname = next_partname


def _fast_presentation_rels(part) -> None:
    """Look up the presentation part's relationships through an index.

    python-pptx rebuilds a by-type table of all the part's relationships for every new slide
    (to relate it) and every notes page (to find the notes master): quadratic in slides. The
    index answers the same two questions, and stays current because every addition after
    this point goes through `get_or_add`.
    """
    rels = part.rels
    by_target: dict[tuple[str, int], str] = {}
    by_type: dict[str, list] = {}
    for rel in rels.values():
        by_type.setdefault(rel.reltype, []).append(rel)
        if not rel.is_external:
            by_target[(rel.reltype, id(rel.target_part))] = rel.rId

    def get_or_add(reltype: str, target_part) -> str:
        key = (reltype, id(target_part))
        if key not in by_target:
            rId = rels._add_relationship(reltype, target_part)
            by_target[key] = rId
            by_type.setdefault(reltype, []).append(rels[rId])
        return by_target[key]

    def part_with_reltype(reltype: str):
        found = by_type.get(reltype, [])
        if len(found) != 1:
            raise KeyError(f"{len(found)} relationships of type '{reltype}'")
        return found[0].target_part

    rels.get_or_add = get_or_add
    rels.part_with_reltype = part_with_reltype


_PART_STATE = ("_partname", "_content_type", "_package", "_blob", "_rels")
_NOTES_MARK = "deckbuild-notes"  # where a notes page's XML is cut: the cloned page holds no other text


def _serialize(slide_part) -> None:
    """Turn a finished slide's XML parts (the slide, its notes page, its charts) into their bytes.

    python-pptx keeps every part as an lxml tree until the package is saved — about 130 KB a
    slide; the bytes are a tenth of that, and saving writes exactly them (`Part.blob`)."""
    from pptx.opc.oxml import serialize_part_xml
    from pptx.opc.package import XmlPart

    for part in [slide_part] + [rel.target_part for rel in slide_part.rels.values() if not rel.is_external]:
        if isinstance(part, XmlPart) and part.partname.startswith(("/ppt/slides/", "/ppt/notesSlides/", "/ppt/charts/")):
            _as_bytes(part, serialize_part_xml(part._element))


def _as_bytes(part, blob: bytes) -> None:
    """Make an XML part a plain part holding `blob`, dropping its tree and the views cached on it."""
    from pptx.opc.package import Part

    for name in [k for k in vars(part) if k not in _PART_STATE]:
        del part.__dict__[name]
    part.__class__ = Part
    part._blob = blob


def _field_id(kind: str, text: str) -> str:
    """A field's GUID (ST_Guid), derived from what it shows so that builds stay byte-identical."""
    import uuid

    return "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"deckbuild:{kind}:{text}")).upper() + "}"


def _text(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(s: str) -> str:
    return _text(s).replace('"', "&quot;")


def render_pptx(plan: Plan, fonts: FontSet, template: bytes | None = None) -> bytes:
    """The deck of `plan` as .pptx bytes, on `template` (a presentation package's bytes) if given."""
    w = _DeckWriter(plan, fonts, template)
    for ps in plan.slides:
        w.slide(ps)
    w.core()
    return _save(w.prs)


def _save(prs) -> bytes:
    """The package as a ZIP of stored entries: `write.normalize_zip` deflates them (each content
    once per process: a rebuild finds most of them deflated already)."""
    import zipfile

    from pptx.opc.serialized import PackageWriter

    class Stored:
        def __init__(self, zf):
            self.zf = zf

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.zf.close()

        def write(self, uri, blob: bytes) -> None:
            self.zf.writestr(uri.membername, blob)

    class Writer(PackageWriter):
        def _write(self) -> None:
            with Stored(zipfile.ZipFile(self._pkg_file, "w", zipfile.ZIP_STORED)) as phys:
                self._write_content_types_stream(phys)
                self._write_pkg_rels(phys)
                self._write_parts(phys)

    package = prs.part.package
    buf = io.BytesIO()
    Writer.write(buf, package._rels, tuple(package.iter_parts()))
    return buf.getvalue()
