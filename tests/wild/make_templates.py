"""Crafts the wild templates of issue 17 from a corpus template, with zipfile: each one a file
that used to crash a build ("internal error") and must now be refused with a reason (`CASES`),
and templates made the way their owners make them, which must build into the owner's layouts
with colours that read (`OWNERS`).

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

The owners' templates (`OWNERS`, written as OUT_DIR/owner-CASE.pptx):

  section-first   a corporate template whose FIRST layout is a "Section Header" made by duplicating
                  the title slide (so it keeps type="title", ctrTitle + subTitle), whose real "Title
                  Slide" is a custom layout (no type), and whose "1_Title and Content" copy has its
                  title dragged off the slide; the titles sit on a dark green fill of the master's
                  title placeholder itself (black text on it: 1.97:1)
  church          a Korean church template: 제목 슬라이드, 찬양 제목 (a song's title: ctrTitle +
                  subTitle), 찬양 가사 (lyrics: one body, no title) and 빈 화면; no layout with a
                  title and a body; a dark green band across the top of the master, under the
                  master's title (black text on it: 1.97:1)
  grey            a light grey (#ECECEC) background and a light blue accent (#6096E6, 2.54:1 on it),
                  a section header whose 16 pt summary style is a 3.5:1 grey, and a pale slide
                  number (the template's design, kept)
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


# ---- templates as their owners made them ------------------------------------------------------------

_CT_LAYOUT = "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"
GREEN = "244531"  # black text on it: 1.97:1
GREY_BG, ACCENT, SUMMARY_GREY, PALE_NUMBER = "ECECEC", "6096E6", "7B7B7B", "A6A6A6"


def english() -> bytes:
    """python-pptx's default.pptx (MIT): the Office theme, English layout names, 4:3."""
    import pptx

    return (Path(pptx.__file__).parent / "templates" / "default.pptx").read_bytes()


def _rels_name(part: str) -> str:
    folder, name = part.rsplit("/", 1)
    return f"{folder}/_rels/{name}.rels"


def _layout_list(parts: dict[str, bytes], master: str) -> list[tuple[str, str]]:
    """(relationship id, layout part) of a master's layouts, in its sldLayoutIdLst order."""
    rels = parts[_rels_name(master)].decode("utf-8")
    target = {m.group(1): "ppt/slideLayouts/" + m.group(2).rsplit("/", 1)[1]
              for m in re.finditer(r'<Relationship Id="(\w+)" Type="[^"]*/slideLayout" Target="([^"]+)"', rels)}
    ids = re.findall(rb'<p:sldLayoutId id="\d+" r:id="(\w+)"/>', parts[master])
    return [(rid.decode(), target[rid.decode()]) for rid in ids]


def _set_layouts(parts: dict[str, bytes], master: str, order: list[str]) -> None:
    """The master lists exactly the layout parts `order`, in that order; layouts it no longer lists are
    removed from the package (part, relationships, content type)."""
    listed = dict((part, rid) for rid, part in _layout_list(parts, master))
    rels_name = _rels_name(master)
    for part in order:
        if part not in listed:
            listed[part] = _add_rel(parts, master, "slideLayout", "../slideLayouts/" + part.rsplit("/", 1)[1])
            _content_type(parts, f'<Override PartName="/{part}" ContentType="{_CT_LAYOUT}"/>')
    for part, rid in listed.items():
        if part in order:
            continue
        parts.pop(part, None)
        parts.pop(_rels_name(part), None)
        parts[rels_name] = re.sub(rf'<Relationship Id="{rid}" [^>]*/>'.encode(), b"", parts[rels_name])
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            f'<Override PartName="/{part}" ContentType="{_CT_LAYOUT}"/>'.encode(), b"")
    ids = "".join(f'<p:sldLayoutId id="{2147483649 + i}" r:id="{listed[part]}"/>' for i, part in enumerate(order))
    parts[master] = re.sub(rb"<p:sldLayoutIdLst>.*?</p:sldLayoutIdLst>", f"<p:sldLayoutIdLst>{ids}</p:sldLayoutIdLst>".encode(),
                           parts[master], count=1, flags=re.S)


def _copy_layout(parts: dict[str, bytes], source: str, name: str) -> str:
    """A copy of layout part `source` under a new part name; returns that name."""
    n = 1 + max(int(re.search(r"(\d+)\.xml$", p).group(1)) for p in parts if re.fullmatch(r"ppt/slideLayouts/slideLayout\d+\.xml", p))
    new = f"ppt/slideLayouts/slideLayout{n}.xml"
    parts[new] = parts[source]
    parts[_rels_name(new)] = parts[_rels_name(source)]
    return _renamed(parts, new, name)


def _renamed(parts: dict[str, bytes], part: str, name: str, layout_type: str | None = "keep") -> str:
    """Layout `part` named `name`; its type attribute kept, replaced (`layout_type`) or dropped (None)."""
    text = parts[part].decode("utf-8")
    text = re.sub(r'<p:cSld name="[^"]*"', f'<p:cSld name="{name}"', text, count=1)
    if layout_type != "keep":
        text = re.sub(r'(<p:sldLayout\b[^>]*?) type="\w+"', r"\1", text, count=1)
        if layout_type:
            text = text.replace("<p:sldLayout ", f'<p:sldLayout type="{layout_type}" ', 1)
    parts[part] = text.encode("utf-8")
    return part


def _placeholder_sp(text: str, ph_type: str) -> re.Match:
    pattern = rf'<p:sp>(?:(?!</p:sp>).)*?<p:ph type="{ph_type}"[^>]*/>.*?</p:sp>' if ph_type != "obj" else \
        r'<p:sp>(?:(?!</p:sp>).)*?<p:ph idx="1"/>.*?</p:sp>'
    m = re.search(pattern, text, flags=re.S)
    assert m, ph_type
    return m


def _set_sppr(parts: dict[str, bytes], part: str, ph_type: str, sppr: str) -> None:
    """The spPr of a part's placeholder of `ph_type` replaced by `sppr`."""
    text = parts[part].decode("utf-8")
    m = _placeholder_sp(text, ph_type)
    sp = re.sub(r"<p:spPr/>|<p:spPr>.*?</p:spPr>", lambda _: sppr, m.group(0), count=1, flags=re.S)
    parts[part] = (text[:m.start()] + sp + text[m.end():]).encode("utf-8")


def _drop_placeholder(parts: dict[str, bytes], part: str, ph_type: str) -> None:
    text = parts[part].decode("utf-8")
    m = _placeholder_sp(text, ph_type)
    parts[part] = (text[:m.start()] + text[m.end():]).encode("utf-8")


def _theme_color(parts: dict[str, bytes], slot: str, hex_: str) -> None:
    theme = sorted(n for n in parts if re.fullmatch(r"ppt/theme/theme\d+\.xml", n))[0]
    parts[theme] = re.sub(rf"<a:{slot}>.*?</a:{slot}>".encode(), f'<a:{slot}><a:srgbClr val="{hex_}"/></a:{slot}>'.encode(),
                          parts[theme], count=1, flags=re.S)


def _box(x: float, y: float, w: float, h: float) -> str:
    """An a:xfrm in inches."""
    emu = lambda v: round(v * 914400)
    return f'<a:xfrm><a:off x="{emu(x)}" y="{emu(y)}"/><a:ext cx="{emu(w)}" cy="{emu(h)}"/></a:xfrm>'


def section_first(parts: dict[str, bytes]) -> None:
    master = _masters(parts)[0]
    order = [part for _, part in _layout_list(parts, master)]
    title, content, section = order[0], order[1], order[2]
    parts[section] = parts[title]  # the owner duplicated the title slide: type="title", ctrTitle + subTitle
    _renamed(parts, section, "Section Header")
    _renamed(parts, title, "Title Slide", None)  # the real one, a custom layout
    off = _copy_layout(parts, content, "1_Title and Content")
    _set_sppr(parts, off, "title", f"<p:spPr>{_box(1, -3, 8, 1.25)}</p:spPr>")  # dragged above the slide
    _set_layouts(parts, master, [section, off, title] + order[1:2] + order[3:])
    # Every title on a dark green fill: the master's title placeholder's own.
    _set_sppr(parts, master, "title", f'<p:spPr>{_box(0.5, 0.27, 9, 1.25)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
                                      f'<a:solidFill><a:srgbClr val="{GREEN}"/></a:solidFill></p:spPr>')


def church(parts: dict[str, bytes]) -> None:
    master = _masters(parts)[0]
    order = [part for _, part in _layout_list(parts, master)]
    title, content, blank = order[0], order[1], order[6]
    song = _copy_layout(parts, title, "찬양 제목")
    _renamed(parts, song, "찬양 제목", None)
    lyrics = _copy_layout(parts, content, "찬양 가사")
    _renamed(parts, lyrics, "찬양 가사", None)
    _drop_placeholder(parts, lyrics, "title")
    _set_layouts(parts, master, [title, song, lyrics, blank])
    _theme_color(parts, "dk2", GREEN)
    band = ('<p:sp><p:nvSpPr><p:cNvPr id="90" name="Band"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
            f'<p:spPr>{_box(0, 0, 13.333, 1.6)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            f'<a:solidFill><a:srgbClr val="{GREEN}"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>')
    parts[master] = parts[master].replace(b"</p:grpSpPr>", b"</p:grpSpPr>" + band.encode("utf-8"), 1)
    _set_sppr(parts, master, "title", f"<p:spPr>{_box(0.5, 0.15, 12.3, 1.3)}</p:spPr>")


def grey(parts: dict[str, bytes]) -> None:
    master = _masters(parts)[0]
    order = [part for _, part in _layout_list(parts, master)]
    parts[master] = re.sub(rb"<p:bg>.*?</p:bg>", f'<p:bg><p:bgPr><a:solidFill><a:srgbClr val="{GREY_BG}"/></a:solidFill>'
                           f'<a:effectLst/></p:bgPr></p:bg>'.encode(), parts[master], count=1, flags=re.S)
    _theme_color(parts, "accent1", ACCENT)
    _theme_color(parts, "lt2", GREY_BG)
    section = order[2]
    text = parts[section].decode("utf-8")
    text = re.sub(r'(<p:ph type="body" idx="1"/>.*?<a:lvl1pPr[^>]*>.*?<a:defRPr) sz="\d+"><a:solidFill>.*?</a:solidFill>',
                  rf'\1 sz="1600"><a:solidFill><a:srgbClr val="{SUMMARY_GREY}"/></a:solidFill>', text, count=1, flags=re.S)
    parts[section] = text.encode("utf-8")
    text = parts[master].decode("utf-8")
    m = _placeholder_sp(text, "sldNum")
    sp = re.sub(r"<a:schemeClr val=\"tx1\"><a:tint val=\"75000\"/></a:schemeClr>", f'<a:srgbClr val="{PALE_NUMBER}"/>', m.group(0))
    parts[master] = (text[:m.start()] + sp + text[m.end():]).encode("utf-8")


OWNERS = {"section-first": (english, section_first), "church": (lambda: SOURCE.read_bytes(), church), "grey": (english, grey)}


def owner(case: str) -> bytes:
    """The owner's template of `OWNERS` case `case`, as bytes."""
    source, change = OWNERS[case]
    parts = unpack(source())
    change(parts)
    return pack(parts)


def write_owners(out_dir: Path) -> dict[str, Path]:
    """Every owner's template written as OUT_DIR/owner-CASE.pptx; returns {case: path}."""
    out_dir.mkdir(parents=True, exist_ok=True)
    out = {}
    for case in OWNERS:
        path = out_dir / f"owner-{case}.pptx"
        path.write_bytes(owner(case))
        out[case] = path
    return out


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    for case, path in write_all(Path(argv[0]), Path(argv[1]) if len(argv) > 1 else SOURCE).items():
        print(f"{case}: {path}")
    for case, path in write_owners(Path(argv[0])).items():
        print(f"owner {case}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
