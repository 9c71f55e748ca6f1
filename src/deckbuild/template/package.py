"""The template's ZIP package, read with limits: parts (bounded), XML parsed safely (no entity
expansion, no DTD, no network, no huge trees), relationships and content types; and the check
that python-pptx can open it (every part the relationships reach exists, has a content type and,
if XML, is well-formed).

In: the template file's bytes. Out: part bytes, lxml roots, rId → (type, target) maps.
Every failure is a `TemplateError` whose message names the part and says what is wrong.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from urllib.parse import unquote

from ..limits import MAX_TEMPLATE_BYTES
from .ooxml import CONTENT_TYPES, CT, PKG_REL, rid_key

MAX_PARTS = 10_000  # entries in the ZIP

# What zipfile and zlib raise on a damaged or unsupported member (RuntimeError: encrypted).
_UNPACK_ERRORS = (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError, zlib.error)


class TemplateError(Exception):
    """The template file cannot be used; the message says what is wrong with the file."""


def _safe_parser():
    from lxml import etree

    # No entity expansion, no DTD, no network, no multi-gigabyte trees: a template is untrusted.
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False, remove_comments=True)


class Package:
    """The ZIP's parts, bounded, parsed on demand with a safe parser."""

    def __init__(self, data: bytes):
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except _UNPACK_ERRORS:
            raise TemplateError("template is not a .pptx file (not a ZIP archive)") from None
        if len(infos) > MAX_PARTS:
            raise TemplateError(f"template has {len(infos):,} parts; the limit is {MAX_PARTS:,}")
        total = sum(i.file_size for i in infos)
        if total > MAX_TEMPLATE_BYTES:
            raise TemplateError(f"template unpacks to {total:,} bytes; the limit is 200 MiB")
        self.names = {i.filename for i in infos}
        self._xml: dict[str, object] = {}
        self._rels: dict[str, dict[str, tuple[str, str]]] = {}
        self.parser = _safe_parser()

    def read(self, part: str, what: str) -> bytes:
        if part not in self.names:
            raise TemplateError(f"{what} {part} is missing from the template")
        try:
            # The ZIP's declared sizes were checked against the limit; zipfile stops at them.
            return self.zip.read(part)
        except _UNPACK_ERRORS as e:
            raise TemplateError(f"{what} {part} cannot be unpacked ({_plain(e)})") from None

    def parse(self, part: str, what: str):
        """A part's XML root, not kept (for parts only checked)."""
        from lxml import etree

        data = self.read(part, what)
        try:
            root = etree.fromstring(data, self.parser)
        except etree.XMLSyntaxError as e:
            line = f" (line {e.lineno})" if getattr(e, "lineno", None) else ""
            raise TemplateError(f"{what} {part} is not well-formed XML{line}") from None
        if root.getroottree().docinfo.doctype:
            raise TemplateError(f"{what} {part} declares a DTD, which Office Open XML does not allow")
        return root

    def xml(self, part: str, what: str):
        """A part's XML root, parsed once."""
        if part not in self._xml:
            self._xml[part] = self.parse(part, what)
        return self._xml[part]

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """rId → (relationship type, target part name) of a part; external targets left out."""
        if part in self._rels:
            return self._rels[part]
        folder, name = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", name + ".rels")
        out: dict[str, tuple[str, str]] = {}
        if rels_part in self.names:
            root = self.xml(rels_part, "relationships part")
            for rel in root.iter(PKG_REL + "Relationship"):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target") or ""
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                out[rel.get("Id") or ""] = (rel.get("Type") or "", target)
        self._rels[part] = out
        return out

    def related(self, part: str, rtype: str) -> list[str]:
        """Targets of a part's relationships whose type ends with `rtype`, in rId order."""
        return [t for _, (ty, t) in sorted(self.rels(part).items(), key=lambda kv: rid_key(kv[0])) if ty.endswith(rtype)]

    def target(self, part: str, rid: str | None, what: str, owner: str) -> str:
        if not rid or rid not in self.rels(part):
            raise TemplateError(f"{owner} {part} refers to a missing {what} (relationship {rid or '?'})")
        return self.rels(part)[rid][1]

    def content_type(self, part: str) -> str:
        root = self.xml(CONTENT_TYPES, "content types part") if CONTENT_TYPES in self.names else None
        if root is None:
            return ""
        for o in root.iter(CT + "Override"):
            if (o.get("PartName") or "").lstrip("/") == part:
                return o.get("ContentType") or ""
        for o in root.iter(CT + "Override"):  # part names are case-insensitive (OPC §9.1.1.1)
            if (o.get("PartName") or "").lstrip("/").lower() == part.lower():
                return o.get("ContentType") or ""
        ext = part.rsplit(".", 1)[-1].lower()
        for d in root.iter(CT + "Default"):
            if (d.get("Extension") or "").lower() == ext:
                return d.get("ContentType") or ""
        return ""

    def check_opens(self) -> None:
        """What python-pptx needs to open the package: a content types part; every part the
        relationships reach from the package root with a content type, XML ones well-formed
        (python-pptx loads exactly those, and stops with a bare KeyError or XMLSyntaxError on
        any of them)."""
        if CONTENT_TYPES not in self.names:
            raise TemplateError("template has no [Content_Types].xml part, so it is not a complete PowerPoint file; "
                                "open it in PowerPoint or LibreOffice and save it again")
        seen, todo = {""}, [""]
        while todo:
            part = todo.pop()
            for target in sorted(set(t for _, t in self.rels(part).values())):
                if target not in self.names and unquote(target) in self.names:
                    target = unquote(target)
                # python-pptx skips a relationship to a part the ZIP lacks; so does this check.
                if target in seen or target not in self.names:
                    continue
                seen.add(target)
                ctype = self.content_type(target)
                if not ctype:
                    raise TemplateError(f"part {target} has no content type in [Content_Types].xml")
                if ctype.endswith("xml") and target not in self._xml:
                    self.parse(target, "part")
                todo.append(target)


def _plain(e: Exception) -> str:
    """An unpacking error in words (zipfile's own messages are plain; the class name never shows)."""
    text = str(e).strip()
    return text if text else "the ZIP member is damaged"
