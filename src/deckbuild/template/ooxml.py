"""The Office Open XML vocabulary the template reader shares: namespaces, relationship and
content types, and attribute values (strings from the XML) → numbers and flags.

In: attribute strings as lxml gives them (or None). Out: points, ints, booleans, "#RRGGBB".
"""

from __future__ import annotations

import re

EMU_PER_PT = 12700

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
A, P, R = ("{%s}" % NS[k] for k in ("a", "p", "r"))
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
CONTENT_TYPES = "[Content_Types].xml"
REL_OFFICE = "/officeDocument"
PRESENTATION_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
VBA_CT = "application/vnd.ms-office.vbaProject"


def emu(v: str | None, default: float = 0.0) -> float:
    """EMU → points."""
    if v is None:
        return default
    try:
        return int(v) / EMU_PER_PT
    except ValueError:
        return default


def int_(v: str | None, default: int | None = None) -> int | None:
    try:
        return int(v) if v is not None else default
    except ValueError:
        return default


def on(v: str | None) -> bool | None:
    """An xsd:boolean; None when the attribute is absent."""
    return None if v is None else v in ("1", "true", "on")


def hex_(v: str | None) -> str | None:
    """"RRGGBB" → "#RRGGBB"; None when it is not six hex digits."""
    if v and re.fullmatch(r"[0-9A-Fa-f]{6}", v):
        return "#" + v.upper()
    return None


def rid_key(rid: str):
    """Relationship ids in numeric order (rId2 before rId10), others after."""
    m = re.match(r"rId(\d+)$", rid)
    return (0, int(m.group(1)), rid) if m else (1, 0, rid)
