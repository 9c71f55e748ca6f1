"""Crafts the wild templates of issue 17 from a corpus template, with zipfile: each one a file
that used to crash a build ("internal error") and must now be refused with a reason.

    python tests/wild/make_templates.py OUT_DIR [SOURCE.pptx]   # default source: tests/templates/korean.pptx

Nothing generated is committed: the tests call `write_all` into a temporary folder. Each case
changes the source at the XML level, so what makes the file wild is visible here:

  no-layouts            every master's layout list emptied (the layouts stay in the ZIP, unlisted)
  no-content-types      [Content_Types].xml left out of the package
  notes-no-placeholders a notes master with no placeholders (added, or the source's own emptied)
  huge-background       the first master's background a 30,000 × 30,000 PNG (900 megapixels,
                        1 bit deep, so the file stays near 100 KB)
  tiny-slide            a 1 × 1 inch slide
  titles-off-slide      a 4 × 4 inch slide whose layouts stay drawn for 13.3 × 7.5 in (the size
                        changed in the XML, not in PowerPoint): every title lies off the slide
  broken-core-props     docProps/core.xml cut short (python-pptx parses it when it opens the package)
"""

from __future__ import annotations

import io
import re
import struct
import sys
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "templates" / "korean.pptx"
_EPOCH = (2024, 1, 1, 0, 0, 0)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_NS = ('xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       f'xmlns:r="{_REL}" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"')


def unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def pack(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, _EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return out.getvalue()


def _masters(parts: dict[str, bytes]) -> list[str]:
    return sorted((n for n in parts if re.fullmatch(r"ppt/slideMasters/slideMaster\d+\.xml", n)),
                  key=lambda n: int(re.search(r"(\d+)\.xml$", n).group(1)))


def _add_rel(parts: dict[str, bytes], owner: str, rtype: str, target: str) -> str:
    """A relationship from `owner` (a part name) to `target` (relative to it); returns its id."""
    folder, name = owner.rsplit("/", 1)
    rels = f"{folder}/_rels/{name}.rels"
    text = parts.get(rels, f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG_RELS}"></Relationships>'.encode()).decode("utf-8")
    rid = "rIdWild%d" % (text.count("<Relationship ") + 1)
    text = text.replace("</Relationships>", f'<Relationship Id="{rid}" Type="{_REL}/{rtype}" Target="{target}"/></Relationships>')
    parts[rels] = text.encode("utf-8")
    return rid


def _content_type(parts: dict[str, bytes], xml: str) -> None:
    name = "[Content_Types].xml"
    parts[name] = parts[name].replace(b"</Types>", xml.encode("utf-8") + b"</Types>")


def no_layouts(parts: dict[str, bytes]) -> None:
    for master in _masters(parts):
        parts[master] = re.sub(rb"<p:sldLayoutIdLst>.*?</p:sldLayoutIdLst>|<p:sldLayoutIdLst/>", b"", parts[master], flags=re.S)


def no_content_types(parts: dict[str, bytes]) -> None:
    parts.pop("[Content_Types].xml")


def notes_no_placeholders(parts: dict[str, bytes]) -> None:
    empty = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<p:notesMaster {_NS}><p:cSld><p:spTree>'
             '<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/></p:spTree></p:cSld>'
             '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" '
             'accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/></p:notesMaster>').encode()
    own = sorted(n for n in parts if re.fullmatch(r"ppt/notesMasters/notesMaster\d+\.xml", n))
    if own:
        parts[own[0]] = empty
        return
    name = "ppt/notesMasters/notesMaster1.xml"
    parts[name] = empty
    theme = sorted(n for n in parts if re.fullmatch(r"ppt/theme/theme\d+\.xml", n))[0]
    _add_rel(parts, name, "theme", "../" + theme.removeprefix("ppt/"))
    rid = _add_rel(parts, "ppt/presentation.xml", "notesMaster", "notesMasters/notesMaster1.xml")
    pres = parts["ppt/presentation.xml"].decode("utf-8")
    pres = re.sub(r"(</p:sldMasterIdLst>)", rf'\1<p:notesMasterIdLst><p:notesMasterId r:id="{rid}"/></p:notesMasterIdLst>', pres, count=1)
    parts["ppt/presentation.xml"] = pres.encode("utf-8")
    _content_type(parts, '<Override PartName="/ppt/notesMasters/notesMaster1.xml" '
                         'ContentType="application/vnd.openxmlformats-officedocument.presentationml.notesMaster+xml"/>')


def bomb_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A valid 1-bit grayscale PNG of width × height white pixels, compressed row block by row block."""
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    row = b"\0" + b"\xff" * ((width + 7) // 8)
    z = zlib.compressobj(9)
    block = row * 1000
    data = b"".join(z.compress(block) for _ in range(height // 1000)) + z.compress(row * (height % 1000)) + z.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def huge_background(parts: dict[str, bytes]) -> None:
    background_picture(parts, bomb_png())


def background_picture(parts: dict[str, bytes], png: bytes) -> None:
    """The first master's background replaced by a stretched picture (ppt/media/wild-bomb.png)."""
    master = _masters(parts)[0]
    parts["ppt/media/wild-bomb.png"] = png
    rid = _add_rel(parts, master, "image", "../media/wild-bomb.png")
    bg = (f'<p:bg><p:bgPr><a:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></a:blipFill>'
          '<a:effectLst/></p:bgPr></p:bg>').encode()
    text = parts[master]
    if b"<p:bg>" in text:
        text = re.sub(rb"<p:bg>.*?</p:bg>", lambda _: bg, text, count=1, flags=re.S)
    else:
        text = re.sub(rb"(<p:cSld[^>]*>)", lambda m: m.group(1) + bg, text, count=1)
    parts[master] = text
    if b'Extension="png"' not in parts["[Content_Types].xml"]:
        _content_type(parts, '<Default Extension="png" ContentType="image/png"/>')


def tiny_slide(parts: dict[str, bytes]) -> None:
    parts["ppt/presentation.xml"] = re.sub(rb'<p:sldSz cx="\d+" cy="\d+"', b'<p:sldSz cx="914400" cy="914400"',
                                           parts["ppt/presentation.xml"], count=1)


def titles_off_slide(parts: dict[str, bytes]) -> None:
    parts["ppt/presentation.xml"] = re.sub(rb'<p:sldSz cx="\d+" cy="\d+"', b'<p:sldSz cx="3657600" cy="3657600"',
                                           parts["ppt/presentation.xml"], count=1)


def broken_core_props(parts: dict[str, bytes]) -> None:
    parts["docProps/core.xml"] = parts["docProps/core.xml"][:120]


CASES = {
    "no-layouts": no_layouts,
    "no-content-types": no_content_types,
    "notes-no-placeholders": notes_no_placeholders,
    "huge-background": huge_background,
    "tiny-slide": tiny_slide,
    "titles-off-slide": titles_off_slide,
    "broken-core-props": broken_core_props,
}


def craft(source: bytes, case: str) -> bytes:
    """The source template's bytes changed by one case of `CASES`."""
    parts = unpack(source)
    CASES[case](parts)
    return pack(parts)


def write_all(out_dir: Path, source: Path = SOURCE) -> dict[str, Path]:
    """Every case written as OUT_DIR/CASE.pptx; returns {case: path}."""
    out_dir.mkdir(parents=True, exist_ok=True)
    data = source.read_bytes()
    out = {}
    for case in CASES:
        path = out_dir / f"{case}.pptx"
        path.write_bytes(craft(data, case))
        out[case] = path
    return out


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    for case, path in write_all(Path(argv[0]), Path(argv[1]) if len(argv) > 1 else SOURCE).items():
        print(f"{case}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
