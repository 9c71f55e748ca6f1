"""The files an outline names, each kind with its own guard: fonts, the template (and the layout
names it holds), images.

In: a `Reader` and the node that names the file. Out: what later stages need from the file (the
`Fonts` paths, the template's `Frame`, an image's pixel size), or None after reporting why the file
cannot serve, so that a damaged file is the outline's error, never a crash in a later stage.
The glyph coverage of the fonts is `glyphs.py`'s job.
"""

from __future__ import annotations

from pathlib import Path

from .. import model as m
from ..limits import MAX_IMAGE_PIXELS
from ..problems import did_you_mean
from ..source import Node
from .reader import STR_TAGS, Reader

FONT_KEYS = ("regular", "bold", "fallback", "embed", "symbols")
EMBED_MODES = ("subset", "full", "none")


def read_fonts(r: Reader, node: Node) -> m.Fonts | None:
    """theme.fonts → Fonts; None (the bundled pair) where regular/bold are absent or broken."""
    from ..fonts import bundled_fonts

    fm = r.mapping(node, "theme.fonts", FONT_KEYS) or {}
    for k in ("regular", "bold"):
        other = "bold" if k == "regular" else "regular"
        if k in fm and other not in fm and other not in node.pairs:
            r.err(node, "theme.fonts", f"'{k}' is given without '{other}': name both faces of the pair")
    paths: dict[str, Path | None] = {}
    for k in ("regular", "bold", "symbols"):
        if k in fm:
            paths[k] = r.path_in_project(fm[k], f"theme.fonts.{k}", "font")
            r.font_nodes[k] = fm[k]
    fallback: list[Path] = []
    for i, item in enumerate(r.seq(fm.get("fallback"), "theme.fonts.fallback", "a list of font paths")):
        p = r.path_in_project(item, f"theme.fonts.fallback[{i}]", "font")
        if p is not None:
            fallback.append(p)
            r.font_nodes[f"fallback[{i}]"] = item
    embed = r.choice(fm.get("embed"), "theme.fonts.embed", EMBED_MODES, "subset")
    pair = bundled_fonts()
    if "regular" in fm and "bold" in fm:
        if not (paths.get("regular") and paths.get("bold")):
            return None
        pair = m.Fonts(paths["regular"], paths["bold"])  # type: ignore[arg-type]
    elif "regular" in fm or "bold" in fm:
        return None
    return m.Fonts(pair.regular, pair.bold, paths.get("symbols"), tuple(fallback), embed)


def read_template(r: Reader, node: Node) -> Path | None:
    """theme.template → its path; the template is read now and its `Frame` kept on the reader, so
    that layout names can be checked against it and a damaged one is reported here."""
    r.template_state = "broken"
    template = r.path_in_project(node, "theme.template", "template")
    if template is not None:
        r.frame = _template_frame(r, template, node)
        r.template_state = "read" if r.frame is not None else "broken"
    return template


def _template_frame(r: Reader, path: Path, node: Node):
    from ..template import SUFFIXES, TemplateError, read_frame

    if path.suffix.lower() not in SUFFIXES:
        r.problems.error(node.span, "theme.template", f"template '{path.name}' is not a .pptx, .potx, .pptm or .potm file", code="template-type")
        return None
    try:
        return read_frame(path)
    except TemplateError as e:
        r.problems.error(node.span, "theme.template", str(e), code="template-unreadable")
        return None


def layout_name(r: Reader, node: Node, path: str) -> str | None:
    """A layout name of the template (theme.layouts, a slide's layout), checked against it."""
    if node.kind != "scalar" or node.tag not in STR_TAGS or not node.text.strip():
        r.err(node, path, "expected the name of one of the template's layouts")
        return None
    name = node.text.strip()  # not drawn, so not glyph-checked: a template may name layouts in any script
    if r.template_state == "none":
        r.problems.error(node.span, path, f"layout '{name}' needs theme.template: layouts come from the template", code="layout-without-template")
        return None
    if r.frame is not None and r.frame.layout_named(name) is None:
        names = r.frame.layout_names
        shown = ", ".join(f"'{n}'" for n in names[:20]) + (f" and {len(names) - 20} more (deckbuild check --template-info lists them)" if len(names) > 20 else "")
        r.problems.error(node.span, path, f"the template has no layout '{name}'{did_you_mean(name, names)}; its layouts: {shown}", code="layout-unknown")
        return None
    return name


def image_size(r: Reader, path: Path, node: Node, p: str) -> tuple[int, int] | None:
    """The image's size once it has decoded completely, so that check and build agree."""
    import warnings

    from PIL import Image

    name = path.name
    limit = Image.MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            Image.MAX_IMAGE_PIXELS = None  # the 50-megapixel rule below is ours, checked before decoding
            with Image.open(path) as im:  # reads the header only
                fmt, (w, h) = im.format, im.size
                if fmt not in ("PNG", "JPEG"):
                    r.err(node, p, f"image '{name}' is {fmt}; use PNG or JPEG", code="image-format")
                    return None
                if w * h > MAX_IMAGE_PIXELS:
                    r.err(node, p, f"image '{name}' is {w}×{h} = {w * h:,} pixels; the limit is 50 megapixels", code="image-too-large")
                    return None
                im.load()  # decode every pixel: a truncated or damaged file fails here, not in rendering
                mode, transparency = im.mode, "transparency" in im.info
    except OSError as e:
        if e.errno is not None:
            r.err(node, p, f"image '{name}' cannot be read: {e.strerror or e}", code="file-unreadable")
        elif isinstance(e, Image.UnidentifiedImageError):
            r.err(node, p, f"image '{name}' is not a readable PNG or JPEG", code="image-format")
        else:
            r.err(node, p, f"image '{name}' is damaged: {_pil_reason(e)}", code="image-unreadable")
        return None
    except Exception as e:  # a damaged file fails in assorted ways inside the decoders
        r.err(node, p, f"image '{name}' is damaged: {_pil_reason(e)}", code="image-unreadable")
        return None
    finally:
        Image.MAX_IMAGE_PIXELS = limit
    # Modes Pillow decodes but the handout (reportlab) draws wrongly: refused, with the fix.
    if mode.startswith("I") or mode == "F":
        r.err(node, p, f"image '{name}' is a 16-bit greyscale PNG, which the handout cannot draw; save it with 8 bits per channel", code="image-unsupported")
        return None
    if transparency and mode in ("1", "L", "RGB"):
        r.err(node, p, f"image '{name}' marks one colour transparent (PNG tRNS), which the handout cannot draw; save it with an alpha channel, or without transparency", code="image-unsupported")
        return None
    for w_ in {str(x.message) for x in caught if not issubclass(x.category, Image.DecompressionBombWarning)}:
        r.problems.warning(node.span, p, f"image '{name}': {w_.strip()} (the picture is drawn; its metadata is ignored)", code="image-metadata")
    return w, h


def _pil_reason(e: Exception) -> str:
    text = str(e).strip()
    return text if text and len(text) < 120 else f"it cannot be decoded ({type(e).__name__})"
