"""Builds the hand-made corpus templates from python-pptx's default template (MIT), reproducibly.

    python tests/templates/make_templates.py        # rewrites korean.pptx, two-masters.pptx, macro.potm

Each is the default Office theme changed at the XML level, so the files stay small and every
change is visible here: `korean.pptx` (16:9, Korean layout names and theme fonts, a navy theme),
`two-masters.pptx` (a plain first master and a branded second one: dark background, a band and
a logo), `macro.potm` (a macro-enabled template with a VBA project, an embedded font and custom
XML, for the package-bytes function). `renamed()` makes in-memory variants for the tests.
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
_EPOCH = (2024, 1, 1, 0, 0, 0)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

KOREAN_NAMES = {
    "Title Slide": "제목 슬라이드", "Title and Content": "제목 및 내용", "Section Header": "구역 머리글",
    "Two Content": "콘텐츠 2개", "Comparison": "비교", "Title Only": "제목만", "Blank": "빈 화면",
    "Content with Caption": "캡션 있는 콘텐츠", "Picture with Caption": "캡션 있는 그림",
    "Title and Vertical Text": "제목 및 세로 텍스트", "Vertical Title and Text": "세로 제목 및 텍스트",
}


def base() -> dict[str, bytes]:
    """python-pptx's default.pptx as {part name: bytes}, in its own order."""
    import pptx

    path = Path(pptx.__file__).parent / "templates" / "default.pptx"
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def pack(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in (["[Content_Types].xml"] + [n for n in parts if n != "[Content_Types].xml"]):
            info = zipfile.ZipInfo(name, _EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, parts[name])
    return out.getvalue()


def unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _sub(parts: dict[str, bytes], name: str, pattern: str, repl: str, count: int = 0) -> None:
    text = parts[name].decode("utf-8")
    new, n = re.subn(pattern, repl, text, count=count)
    assert n, f"{pattern!r} not found in {name}"
    parts[name] = new.encode("utf-8")


def _layouts(parts: dict[str, bytes]) -> list[str]:
    return sorted((n for n in parts if re.fullmatch(r"ppt/slideLayouts/slideLayout\d+\.xml", n)), key=lambda n: int(re.findall(r"\d+", n)[0]))


def renamed(data: bytes | dict[str, bytes], names: dict[str, str], strip_types: bool = False) -> bytes:
    """A copy whose layouts are renamed (old → new), optionally without their type attribute."""
    parts = dict(data) if isinstance(data, dict) else unpack(data)
    for name in _layouts(parts):
        text = parts[name].decode("utf-8")
        text = re.sub(r'(<p:cSld name=")([^"]*)(")', lambda m: m.group(1) + names.get(m.group(2), m.group(2)) + m.group(3), text)
        if strip_types:
            text = re.sub(r'(<p:sldLayout\b[^>]*?) type="\w+"', r"\1", text)
        parts[name] = text.encode("utf-8")
    return pack(parts)


def _scale_x(parts: dict[str, bytes], factor: float) -> None:
    """Widen every shape of the masters and layouts (4:3 → 16:9 keeps the height)."""
    for name in [n for n in parts if re.fullmatch(r"ppt/slide(Master|Layout)s/slide(Master|Layout)\d+\.xml", n)]:
        text = parts[name].decode("utf-8")
        text = re.sub(r'<a:off x="(-?\d+)"', lambda m: f'<a:off x="{round(int(m.group(1)) * factor)}"', text)
        text = re.sub(r'<a:ext cx="(\d+)"', lambda m: f'<a:ext cx="{round(int(m.group(1)) * factor)}"', text)
        parts[name] = text.encode("utf-8")


def korean() -> bytes:
    parts = base()
    _sub(parts, "ppt/presentation.xml", r'<p:sldSz cx="9144000" cy="6858000" type="screen4x3"/>', '<p:sldSz cx="12192000" cy="6858000"/>')
    _scale_x(parts, 12192000 / 9144000)
    for name in _layouts(parts):
        text = parts[name].decode("utf-8")
        parts[name] = re.sub(r'<p:cSld name="([^"]*)"', lambda m: f'<p:cSld name="{KOREAN_NAMES.get(m.group(1), m.group(1))}"', text).encode("utf-8")
    theme = "ppt/theme/theme1.xml"
    _sub(parts, theme, r'<a:theme ([^>]*)name="[^"]*"', r'<a:theme \1name="한국 기관"', 1)
    _sub(parts, theme, r'<a:dk2><a:srgbClr val="\w+"/>', '<a:dk2><a:srgbClr val="0B2545"/>')
    _sub(parts, theme, r'<a:accent1><a:srgbClr val="\w+"/>', '<a:accent1><a:srgbClr val="13315C"/>')
    _sub(parts, theme, r'<a:accent2><a:srgbClr val="\w+"/>', '<a:accent2><a:srgbClr val="C8102E"/>')
    _sub(parts, theme, r'<a:latin typeface="Calibri"/><a:ea typeface=""/>', '<a:latin typeface="맑은 고딕"/><a:ea typeface="맑은 고딕"/>')
    return pack(parts)


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    row = b"\0" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height, 9)) + chunk(b"IEND", b""))


def two_masters() -> bytes:
    """Master 1: the plain Office master. Master 2: the same layouts, branded."""
    parts = base()
    layouts = _layouts(parts)
    n = len(layouts)
    # Copy master 1, its theme and its layouts under new names.
    parts["ppt/theme/theme2.xml"] = parts["ppt/theme/theme1.xml"]
    _sub(parts, "ppt/theme/theme2.xml", r'<a:theme ([^>]*)name="[^"]*"', r'<a:theme \1name="Brand"', 1)
    _sub(parts, "ppt/theme/theme2.xml", r'<a:accent1><a:srgbClr val="\w+"/>', '<a:accent1><a:srgbClr val="F2A900"/>')
    master = parts["ppt/slideMasters/slideMaster1.xml"].decode("utf-8")
    master = master.replace('<p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg>',
                            '<p:bg><p:bgPr><a:solidFill><a:srgbClr val="0B1E3F"/></a:solidFill><a:effectLst/></p:bgPr></p:bg>')
    master = master.replace('<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2"', '<p:clrMap bg1="dk1" tx1="lt1" bg2="dk2" tx2="lt2"')
    band = ('<p:sp><p:nvSpPr><p:cNvPr id="90" name="Brand band"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
            '<p:spPr><a:xfrm><a:off x="0" y="6400800"/><a:ext cx="9144000" cy="457200"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            '<a:solidFill><a:schemeClr val="accent1"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr>'
            '<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US" sz="1000" b="1"><a:solidFill><a:srgbClr val="0B1E3F"/></a:solidFill></a:rPr>'
            '<a:t>BRAND</a:t></a:r></a:p></p:txBody></p:sp>'
            '<p:pic><p:nvPicPr><p:cNvPr id="91" name="Logo" descr="logo"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr userDrawn="1"/></p:nvPicPr>'
            f'<p:blipFill><a:blip r:embed="rId{n + 3}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
            '<p:spPr><a:xfrm><a:off x="8229600" y="137160"/><a:ext cx="731520" cy="365760"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>')
    master = master.replace("</p:grpSpPr>", "</p:grpSpPr>" + band, 1)
    ids = iter(range(2147483661, 2147483661 + n))
    master = re.sub(r'<p:sldLayoutId id="\d+"', lambda m: f'<p:sldLayoutId id="{next(ids)}"', master)
    parts["ppt/slideMasters/slideMaster2.xml"] = master.encode("utf-8")
    rels = parts["ppt/slideMasters/_rels/slideMaster1.xml.rels"].decode("utf-8")
    rels = re.sub(r"slideLayout(\d+)\.xml", lambda m: f"slideLayout{int(m.group(1)) + n}.xml", rels).replace("theme1.xml", "theme2.xml")
    rels = rels.replace("</Relationships>", f'<Relationship Id="rId{n + 3}" Type="{_REL}/image" Target="../media/logo.png"/></Relationships>')
    parts["ppt/slideMasters/_rels/slideMaster2.xml.rels"] = rels.encode("utf-8")
    parts["ppt/media/logo.png"] = _png(40, 20, (242, 169, 0))
    for i, name in enumerate(layouts, start=1):
        parts[f"ppt/slideLayouts/slideLayout{i + n}.xml"] = parts[name]
        lrels = parts[f"ppt/slideLayouts/_rels/slideLayout{i}.xml.rels"].decode("utf-8").replace("slideMaster1.xml", "slideMaster2.xml")
        parts[f"ppt/slideLayouts/_rels/slideLayout{i + n}.xml.rels"] = lrels.encode("utf-8")
    ct = parts["[Content_Types].xml"].decode("utf-8")
    extra = ['<Default Extension="png" ContentType="image/png"/>',
             '<Override PartName="/ppt/slideMasters/slideMaster2.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml"/>',
             '<Override PartName="/ppt/theme/theme2.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>']
    extra += [f'<Override PartName="/ppt/slideLayouts/slideLayout{i + n}.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"/>'
              for i in range(1, n + 1)]
    parts["[Content_Types].xml"] = ct.replace("</Types>", "".join(extra) + "</Types>").encode("utf-8")
    _sub(parts, "ppt/_rels/presentation.xml.rels", "</Relationships>",
         f'<Relationship Id="rId20" Type="{_REL}/slideMaster" Target="slideMasters/slideMaster2.xml"/>'
         f'<Relationship Id="rId21" Type="{_REL}/theme" Target="theme/theme2.xml"/></Relationships>')
    _sub(parts, "ppt/presentation.xml", r"</p:sldMasterIdLst>", '<p:sldMasterId id="2147483660" r:id="rId20"/></p:sldMasterIdLst>')
    return pack(parts)


def macro_template() -> bytes:
    """A .potm: template main part, a VBA project, an embedded font and a custom XML item."""
    parts = base()
    ct = parts["[Content_Types].xml"].decode("utf-8")
    ct = ct.replace("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
                    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml")
    ct = ct.replace("</Types>",
                    '<Default Extension="fntdata" ContentType="application/x-fontdata"/>'
                    '<Override PartName="/ppt/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                    '<Override PartName="/customXml/itemProps1.xml" ContentType="application/vnd.openxmlformats-officedocument.customXmlProperties+xml"/>'
                    "</Types>")
    parts["[Content_Types].xml"] = ct.encode("utf-8")
    parts["ppt/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 not a real VBA project"
    parts["ppt/fonts/font1.fntdata"] = b"embedded font stand-in"
    parts["customXml/item1.xml"] = b'<?xml version="1.0" encoding="UTF-8"?><brand xmlns="urn:example:brand">deckbuild test</brand>'
    parts["customXml/itemProps1.xml"] = (b'<?xml version="1.0" encoding="UTF-8" standalone="no"?><ds:datastoreItem ds:itemID="{6F1B7B7E-0000-4000-8000-000000000001}" '
                                         b'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>')
    parts["customXml/_rels/item1.xml.rels"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                                               f'<Relationship Id="rId1" Type="{_REL}/customXmlProps" Target="itemProps1.xml"/></Relationships>').encode("utf-8")
    _sub(parts, "ppt/_rels/presentation.xml.rels", "</Relationships>",
         '<Relationship Id="rId30" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
         f'<Relationship Id="rId31" Type="{_REL}/font" Target="fonts/font1.fntdata"/>'
         f'<Relationship Id="rId32" Type="{_REL}/customXml" Target="../customXml/item1.xml"/></Relationships>')
    _sub(parts, "ppt/presentation.xml", r'(<p:notesSz [^>]*/>)',
         r'\1<p:embeddedFontLst><p:embeddedFont><p:font typeface="Brand Sans"/><p:regular r:id="rId31"/></p:embeddedFont></p:embeddedFontLst>')
    return pack(parts)


MADE = {"korean.pptx": korean, "two-masters.pptx": two_masters, "macro.potm": macro_template}


def main(argv: list[str]) -> int:
    for name, make in MADE.items():
        (HERE / name).write_bytes(make())
        print(f"wrote {HERE / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
