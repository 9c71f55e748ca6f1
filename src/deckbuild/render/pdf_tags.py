"""Tagged PDF (PDF/UA-1) for reportlab: marked content while drawing, the structure tree at the end.

reportlab writes no structure tree. This module gives every drawing a `Tagger` that the painters call
around what they draw: `mark(canvas, element)` wraps content in `/Tag <</MCID n>> BDC … EMC` and files
it under a structure element (`Elem`), `artifact(canvas)` wraps running headers, footers, rules and
backgrounds in `/Artifact BMC … EMC`, `link(...)` adds a link annotation owned by a Link element.
`finish(canvas)` then writes the tree: StructTreeRoot, one StructElem per element in reading order,
the ParentTree (page → the elements of its MCIDs; annotation → its Link), each page's StructParents
and `/Tabs /S`, `/MarkInfo /Marked true`, `/ViewerPreferences /DisplayDocTitle true`, and the XMP
metadata with the PDF/UA identification (`pdfuaid:part 1`).

In: reportlab canvases and the elements the renderers open, in the reading order the plan gives.
Out: the same PDF, tagged; objects are named and numbered in a fixed order, so a build stays
byte-reproducible. Content drawn inside a marked sequence belongs to it: a nested `mark` or
`artifact` emits nothing (a thumbnail's slide is one Figure, not a tree of its own).
"""

from __future__ import annotations

from contextlib import contextmanager, nullcontext
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import (
    LinkAnnotation,
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFStream,
    PDFString,
)

# The document info the XMP packet repeats (PDF/UA: the two must agree), in the packet's order.
_XMP_FIELDS = (
    ("author", "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>"),
    ("subject", '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{}</rdf:li></rdf:Alt></dc:description>'),
    ("keywords", "<pdf:Keywords>{}</pdf:Keywords>"),
    ("producer", "<pdf:Producer>{}</pdf:Producer>"),
    ("creator", "<xmp:CreatorTool>{}</xmp:CreatorTool>"),
    ("date", "<xmp:CreateDate>{0}</xmp:CreateDate><xmp:ModifyDate>{0}</xmp:ModifyDate>"),
)


class Raw(PDFObject):
    """A PDF token written as is (`true`)."""

    def __init__(self, text: bytes):
        self.text = text

    def format(self, document):
        return self.text


TRUE = Raw(b"true")


def text(value: str) -> PDFObject:
    """A text string: as it is where it is plain ASCII, else UTF-16BE with its byte-order mark, the
    bytes written as they are but for the three a literal string escapes and CR (reportlab's own
    writes every byte of UTF-16 as an octal escape, four bytes a byte)."""
    if value.isascii() and value.isprintable():
        return PDFString(value)
    raw = b"\xfe\xff" + value.encode("utf-16-be")
    raw = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)").replace(b"\r", b"\\r")
    return Raw(b"(" + raw + b")")


class Elem:
    """A structure element: its type (a standard PDF 1.7 type: Document, Sect, H1, P, L, LI, Lbl,
    LBody, Table, TR, TH, TD, Figure, Caption, Note, TOC, TOCI, Link, Reference, Span), alternative
    text, attributes, and its kids in order: elements, marked content (page, MCID) and annotations."""

    __slots__ = ("tag", "kids", "alt", "attrs", "parent", "ref")

    def __init__(self, tag: str, parent: "Elem | None" = None, alt: str | None = None, attrs: dict | None = None):
        self.tag, self.parent, self.alt, self.attrs = tag, parent, alt, attrs
        self.kids: list = []
        self.ref: PDFObjectReference | None = None

    def add(self, tag: str, alt: str | None = None, **attrs) -> "Elem":
        child = Elem(tag, self, alt, attrs or None)
        self.kids.append(child)
        return child

    def pages(self) -> list[int]:
        """The pages this element's own content lies on, in order."""
        return [k[0] for k in self.kids if isinstance(k, tuple)]

    def has_content(self) -> bool:
        return any(not isinstance(k, Elem) or k.has_content() for k in self.kids)


class AnnotRef:
    """An annotation among an element's kids: its page and the annotation (named on the canvas)."""

    __slots__ = ("page", "ann", "ref")

    def __init__(self, page: int, ann, ref):
        self.page, self.ann, self.ref = page, ann, ref


class TaggedLink(LinkAnnotation):
    """A link annotation that names its structure parent (the Link element that owns it)."""

    permitted = LinkAnnotation.permitted + ("StructParent", "F")

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.struct_parent: int | None = None

    def Dict(self):
        if self.struct_parent is not None:
            self.otherkw["StructParent"] = self.struct_parent
        return super().Dict()


class Tagger:
    """The structure of one PDF as it is drawn. `root` is the Document element; the painters add
    elements under it in reading order and mark what they draw with them."""

    def __init__(self, language: str, title: str, info: dict[str, str] | None = None):
        self.language, self.title = language, title
        self.info = info or {}  # author, subject, keywords, creator, producer, date (ISO)
        self.root = Elem("Document")
        self.owners: dict[int, list[Elem]] = {}  # page → the element of each MCID
        self.links: list[tuple[Elem, TaggedLink]] = []
        self.depth = 0  # open marked-content sequences (marks nest only by belonging to the outer one)
        self.strays = 0  # paragraphs drawn that the structure had not named (a bug; the tests count them)

    # ---- while drawing -------------------------------------------------------------------------

    def begin(self, canv, elem: Elem) -> bool:
        if self.depth:
            self.depth += 1
            return False
        page = canv.getPageNumber()
        owners = self.owners.setdefault(page, [])
        mcid = len(owners)
        owners.append(elem)
        elem.kids.append((page, mcid))
        canv._code.append(f"/{elem.tag} <</MCID {mcid}>> BDC")
        self.depth = 1
        return True

    def end(self, canv) -> None:
        self.depth -= 1
        if not self.depth:
            canv._code.append("EMC")

    @contextmanager
    def mark(self, canv, elem: Elem | None):
        """Content drawn inside belongs to `elem` (None: an artifact)."""
        if elem is None:
            with self.artifact(canv):
                yield
            return
        self.begin(canv, elem)
        try:
            yield
        finally:
            self.end(canv)

    @contextmanager
    def artifact(self, canv, kind: str | None = None):
        """Content drawn inside is an artifact (`kind`: Pagination, Layout, Page, Background)."""
        if self.depth:
            self.depth += 1
        else:
            canv._code.append(f"/Artifact <</Type /{kind}>> BDC" if kind else "/Artifact BMC")
            self.depth = 1
        try:
            yield
        finally:
            self.end(canv)

    def link(self, canv, elem: Elem, rect: tuple[float, float, float, float], destination: str, contents: str,
             name: str) -> None:
        """A link annotation over `rect` (page space) to the bookmark `destination`, owned by the Link
        element `elem` (which marks the link's text as well); `contents` describes it."""
        ann = TaggedLink(Rect=list(rect), Contents=contents, Destination=canv._bookmarkReference(destination),
                         Border="[0 0 0]", F=4)  # F 4: printed, as what it covers is
        canv._addAnnotation(ann, name)
        elem.kids.append(AnnotRef(canv.getPageNumber(), ann, canv._doc.refAnnotation(name)))
        self.links.append((elem, ann))

    # ---- at the end ----------------------------------------------------------------------------

    def finish(self, canv) -> None:
        """Write the structure tree, the ParentTree and the catalog entries into `canv`'s document
        (call once every page is shown, before the document is saved)."""
        doc = canv._doc
        doc._pdfVersion = max(doc._pdfVersion, (1, 7))
        self.info.setdefault("producer", doc.info.producer)  # XMP and the Info dictionary agree
        pages = doc.pageCounter - 1
        counter = iter(range(1, 10**9))

        def page_ref(n: int) -> PDFObjectReference:
            return PDFObjectReference(f"Page{n}")

        # One indirect object per element, named in reading order (a fixed numbering).
        order: list[Elem] = []

        def visit(e: Elem) -> None:
            e.ref = PDFObjectReference(f"SE{next(counter)}")
            order.append(e)
            for k in e.kids:
                if isinstance(k, Elem):
                    visit(k)

        self.prune(self.root)
        visit(self.root)
        link_keys = {id(ann): pages + i for i, (_, ann) in enumerate(self.links)}
        root_ref = PDFObjectReference("StructTreeRoot")
        for e in order:
            first = e.pages()[0] if e.pages() else None
            kids = []
            # An element's own content comes before the elements inside it (an item's text, then its
            # sub-list): content is marked as it is drawn, elements were made before drawing began.
            for k in [k for k in e.kids if not isinstance(k, Elem)] + [k for k in e.kids if isinstance(k, Elem)]:
                if isinstance(k, Elem):
                    kids.append(k.ref)
                elif isinstance(k, tuple):
                    page, mcid = k
                    kids.append(mcid if page == first else
                                PDFDictionary({"Type": PDFName("MCR"), "Pg": page_ref(page), "MCID": mcid}))
                else:  # an annotation
                    k.ann.struct_parent = link_keys[id(k.ann)]
                    kids.append(PDFDictionary({"Type": PDFName("OBJR"), "Pg": page_ref(k.page), "Obj": k.ref}))
            # /Type /StructElem is optional (ISO 32000-1 Table 323): left out, 17 bytes an element.
            d = {"S": PDFName(e.tag), "P": e.parent.ref if e.parent else root_ref,
                 "K": kids[0] if len(kids) == 1 else PDFArray(kids)}  # one kid as itself: checkers read a bare MCID best
            if first is not None:
                d["Pg"] = page_ref(first)
            if e.alt is not None:
                d["Alt"] = text(e.alt)
            if e.tag == "Note":  # PDF/UA-1 7.9: a note has an ID of its own
                d["ID"] = text(e.ref.name.replace("SE", "note-"))
            if e.attrs:
                d["A"] = PDFDictionary({k: (PDFName(v) if k in ("O", "Scope", "ListNumbering") else v)
                                        for k, v in e.attrs.items()})
            doc.Reference(PDFDictionary(d), e.ref.name)
        nums: list = []
        for n in range(1, pages + 1):
            nums += [n - 1, PDFArray([e.ref for e in self.owners.get(n, [])])]
        for parent, ann in self.links:
            nums += [link_keys[id(ann)], parent.ref]
        tree = doc.Reference(PDFDictionary({"Nums": PDFArray(nums)}), "ParentTree")
        doc.Reference(PDFDictionary({
            "Type": PDFName("StructTreeRoot"), "K": PDFArray([self.root.ref]), "ParentTree": tree,
            "ParentTreeNextKey": pages + len(self.links),
        }), "StructTreeRoot")
        cat = doc.Catalog
        cat.StructTreeRoot = root_ref
        cat.MarkInfo = PDFDictionary({"Marked": TRUE})
        canv.setViewerPreference("DisplayDocTitle", "true")
        cat.Metadata = Metadata(self.xmp())

    def prune(self, e: Elem) -> None:
        """Drop elements that hold no content (a list whose items all landed nowhere, an empty
        paragraph)."""
        kept = []
        for k in e.kids:
            if isinstance(k, Elem):
                self.prune(k)
                if not k.kids:
                    continue
            kept.append(k)
        e.kids = kept

    def xmp(self) -> bytes:
        i = {k: escape(v) for k, v in self.info.items() if v}
        title, lang = escape(self.title), escape(self.language)
        parts = [f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>',
                 f"<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>",
                 "<dc:format>application/pdf</dc:format>"]
        parts += [template.format(i[key]) for key, template in _XMP_FIELDS if key in i]
        parts.append("<pdfuaid:part>1</pdfuaid:part>")
        body = "\n".join(parts)
        return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
                '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
                'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
                'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n'
                f"{body}\n</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n"
                '<?xpacket end="w"?>').encode("utf-8")


class Metadata(PDFStream):
    """The XMP packet, uncompressed (as PDF/A and PDF/UA readers expect to find it)."""

    def __init__(self, packet: bytes):
        super().__init__(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), packet)

    def format(self, document):
        d = PDFDictionary(dict(self.dictionary.dict, Length=len(self.content)))
        return d.format(document) + b"\nstream\n" + self.content + b"\nendstream\n"


class TaggedCanvasMixin:
    """What a canvas that tags needs: every page names its ParentTree entry (`StructParents`) and
    orders its annotations by structure (`/Tabs /S`). Mixed in before reportlab's Canvas."""

    tagger: Tagger

    def _setAnnotations(self, page):
        super()._setAnnotations(page)
        page.__NoDefault__ = list(page.__NoDefault__) + ["StructParents", "Tabs"]
        page.StructParents = self._pageNumber - 1
        page.Tabs = PDFName("S")


# ---- what the painters call ------------------------------------------------------------------------


def tagger_of(canv) -> Tagger | None:
    return getattr(canv, "tagger", None)


def mark(canv, elem: Elem | None):
    """Content drawn inside belongs to `elem` (None: an artifact); a canvas that does not tag: nothing."""
    t = tagger_of(canv)
    return nullcontext() if t is None else t.mark(canv, elem)


def artifact(canv, kind: str | None = None):
    """Content drawn inside is an artifact (`kind`: Pagination, Layout, Background); a canvas that
    does not tag: nothing."""
    t = tagger_of(canv)
    return nullcontext() if t is None else t.artifact(canv, kind)


class Lists:
    """Items of (possibly nested) lists as they come, one after another: each item becomes an LI
    with its Lbl and LBody, a deeper item opens a list inside the body of the item before it (a
    sub-list is a part of its parent item), and anything else ends the lists (`close`)."""

    def __init__(self, parent: Elem):
        self.parent = parent
        self.open: list[list] = []  # [depth, L, its last item's LBody]

    def item(self, depth: float) -> tuple[Elem, Elem]:
        while self.open and self.open[-1][0] > depth:
            self.open.pop()
        if not self.open or self.open[-1][0] < depth:
            holder = (self.open[-1][2] or self.open[-1][1]) if self.open else self.parent
            self.open.append([depth, holder.add("L"), None])
        top = self.open[-1]
        li = top[1].add("LI")
        label, body = li.add("Lbl"), li.add("LBody")
        top[2] = body
        return label, body

    def close(self) -> None:
        self.open.clear()


# ---- platypus flowables that tag themselves --------------------------------------------------------

from reportlab.platypus import Image as _Image  # noqa: E402
from reportlab.platypus import Paragraph as _Paragraph  # noqa: E402
from reportlab.platypus import Table as _Table  # noqa: E402
from reportlab.platypus import paragraph as _paragraph_module  # noqa: E402


class Paragraph(_Paragraph):
    """reportlab's Paragraph, drawn as the structure element `tag` (its bullet or number as `label`,
    an Lbl, the text then its LBody); its parts after a split keep both."""

    tag: Elem | None = None
    label: Elem | None = None

    def drawOn(self, canvas, x, y, _sW=0):
        t = tagger_of(canvas)
        if t is None:
            return super().drawOn(canvas, x, y, _sW)
        if t.depth:  # inside another element's content (a grid page's label): part of it
            return super().drawOn(canvas, x, y, _sW)
        if self.tag is None:  # a paragraph the structure did not name: kept readable, counted for the tests
            t.strays += 1
            self.tag = t.root.add("P")
        if self.label is not None and self.bulletText:
            t.begin(canvas, self.label)
            canvas._label_then = self.tag  # the bullet drawn, the text goes to the body (see _draw_bullet)
            try:
                return super().drawOn(canvas, x, y, _sW)
            finally:
                canvas._label_then = None
                t.end(canvas)
        with t.mark(canvas, self.tag):
            return super().drawOn(canvas, x, y, _sW)

    def wrap(self, availWidth, availHeight):
        # KeepTogether, then the frame, ask again at the same width: reportlab's wrap reads the
        # width only, so the lines the last call set stand (a call at another width sets anew).
        if self.__dict__.get("_wrapped_at") == availWidth:
            return self.width, self.height
        out = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return out

    def split(self, availWidth, availHeight):
        self._wrapped_at = None
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.tag, part.label = self.tag, self.label
        return parts


_original_draw_bullet = _paragraph_module._drawBullet


def _draw_bullet(canvas, *args, **kw):
    """reportlab draws a paragraph's bullet before its text: a tagged paragraph ends its label there."""
    out = _original_draw_bullet(canvas, *args, **kw)
    then = getattr(canvas, "_label_then", None)
    if then is not None:
        canvas._label_then = None
        t = canvas.tagger
        t.end(canvas)
        t.begin(canvas, then)
    return out


_paragraph_module._drawBullet = _draw_bullet


def cell_key(cellval):
    """What names a table cell across splits: its (first) flowable (reportlab wraps a cell's
    flowables in a tuple of its own while laying the table out)."""
    return cellval[0] if isinstance(cellval, (list, tuple)) and cellval else cellval


class Table(_Table):
    """reportlab's Table with its backgrounds and rules drawn as artifacts; a data table's cells as
    their TH and TD elements (`cells`: cell value's id → element), a header row repeated on a later
    page as an artifact. A table that only lays things out (cards, key figures) has no `cells`: its
    paragraphs tag themselves."""

    cells: dict | None = None

    def _drawBkgrnd(self):
        with artifact(self.canv):
            return super()._drawBkgrnd()

    def _drawLines(self):
        with artifact(self.canv):
            return super()._drawLines()

    def _drawCell(self, cellval, cellstyle, pos, size):
        elem = self.cells.get(id(cell_key(cellval))) if self.cells else None
        t = tagger_of(self.canv)
        if elem is None or t is None:
            return super()._drawCell(cellval, cellstyle, pos, size)
        if elem.tag == "TH" and elem.pages() and elem.pages()[0] != self.canv.getPageNumber():
            elem = None  # the header row again, on a later page: read once
        with t.mark(self.canv, elem):
            return super()._drawCell(cellval, cellstyle, pos, size)

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.cells = self.cells
        return parts


class Image(_Image):
    """reportlab's Image drawn as its Figure (`tag`)."""

    tag: Elem | None = None

    def drawOn(self, canvas, x, y, _sW=0):
        with mark(canvas, self.tag):
            return super().drawOn(canvas, x, y, _sW)


def document_tagger(plan) -> Tagger:
    """A tagger for a PDF of `plan` (handout or slides): its language, title and properties."""
    info = plan.info
    when = info.when
    return Tagger(info.language, info.title, {
        "author": info.author or "", "subject": info.subtitle or "", "keywords": ", ".join(info.keywords),
        "creator": "deckbuild", "date": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
    })
