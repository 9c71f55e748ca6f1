"""The package the deck is written into: the template as a macro-free presentation python-pptx
opens. A .potx/.potm main part's content type becomes the presentation one; the VBA project,
its relationship and its content type are dropped; every other part is copied unchanged.

In: a `Frame` read by `reader.read_frame` (it carries the template file's bytes, so the file is
not read again), or a path (`package_bytes`, which reads it through `read_frame`). Out: bytes of
a ZIP package, or None for deckbuild's own frame (no template: python-pptx's default).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path

from ..frame import Frame
from .ooxml import CONTENT_TYPES, CT, PRESENTATION_MAIN, REL_OFFICE, VBA_CT, VBA_REL
from .package import Package
from .reader import read_frame

_made: dict[bytes, bytes] = {}  # template bytes → package bytes: one build renders it once per audience


def package_of(frame: Frame) -> bytes | None:
    """The deck's package for a Frame: None without a template."""
    data = frame.package_data
    if data is None:
        return None
    out = _made.get(data)
    if out is None:
        if len(_made) >= 4:
            _made.clear()
        out = _made[data] = _macro_free(Package(data))
    return out


def package_bytes(path: Path) -> bytes:
    """The template at `path` as the deck's package (a damaged template raises its `TemplateError`)."""
    return package_of(read_frame(path))


def _macro_free(pkg: Package) -> bytes:
    from lxml import etree

    main = next(iter(pkg.related("", REL_OFFICE)), "ppt/presentation.xml") if "_rels/.rels" in pkg.names else "ppt/presentation.xml"
    vba = {t for _, (ty, t) in pkg.rels(main).items() if ty == VBA_REL}
    vba_rels = {posixpath.join(posixpath.dirname(v), "_rels", posixpath.basename(v) + ".rels") for v in vba}
    main_rels = posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in pkg.zip.infolist():
            name = info.filename
            if name in vba or name in vba_rels:
                continue
            data = pkg.read(name, "part")
            if name == CONTENT_TYPES:
                root = pkg.xml(name, "content types part")
                for o in list(root):
                    part = (o.get("PartName") or "").lstrip("/")
                    if o.tag == CT + "Override" and part == main:
                        o.set("ContentType", PRESENTATION_MAIN)
                    elif o.get("ContentType") == VBA_CT or part in vba:
                        root.remove(o)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif name == main_rels and vba:
                root = pkg.xml(name, "relationships part")
                for rel in list(root):
                    if rel.get("Type") == VBA_REL:
                        root.remove(rel)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
