"""The rules every build of a generated outline must keep (spec §2; issue 16, item 7).

`build(outline)` writes the outline into a throwaway project and builds it the way the command
line does (`deckbuild.build`: validate, layout, the deck, the handout, the slides PDF), keeping the
plan for its boxes. `check(built)` → {rule: [finding, …]}: an empty list where the rule holds.

Rules (one name each, one test each in tests/test_invariants.py):

* `builds`: exit 0 or warnings only; nothing a person would write refused, nothing crashes.
* `numbers_whole`: no number split across lines: PPTX `a:br` line ends, the slides PDF's and the
  handout's lines (pdfplumber): no line ends in a digit and `.`/`,` with the next starting with a
  digit, and no bracketed number `(1.` … `25명)` left open at a line end; in a PDF, where lines are
  paired by position, only where the two words joined are the outline's text.
* `boxes_apart`: no two text boxes of a slide overlap (the plan's boxes, at their text's extent),
  nor a text box a chart, table or picture.
* `glyphs_apart`: no two characters of the slides PDF or the handout drawn over each other (the
  chart labels that collide, which the plan does not place yet).
* `text_present`: every outline text is in each output that carries it: slide text in the PPTX
  and the slides PDF; titles in the handout, and `handout` text in its article and notes layouts;
  a key message left off its slide with its warning (`message-dropped`), in the article handout.
* `inside`: no box outside its slide, no character outside its page, no line wider than its box
  and no text block taller than its box; no text of a chart (its legend, ticks, names, labels, as
  the plan placed them) outside the chart.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import traceback
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .strategies import TEMPLATES

RULES = ("builds", "numbers_whole", "boxes_apart", "glyphs_apart", "text_present", "inside")
TOL = 0.5  # points
CHART_ROLES_INSIDE = ("legend", "tick", "category", "axis-title", "label")  # a chart's texts `inside` holds to its box


@dataclass
class Built:
    outline: dict
    text: str  # the YAML written
    error: str | None = None  # refused or crashed: what the user would see
    warnings: list[str] = field(default_factory=list)
    plan: object | None = None
    fonts: object | None = None  # the FontSet layout measured with
    files: dict[str, bytes] = field(default_factory=dict)  # pptx | pdf | slides


_PIC: bytes | None = None


def _picture() -> bytes:
    global _PIC
    if _PIC is None:
        from PIL import Image

        buf = io.BytesIO()
        Image.new("RGB", (160, 90), (11, 61, 145)).save(buf, "PNG")
        _PIC = buf.getvalue()
    return _PIC


def dump_yaml(outline: dict) -> str:
    return yaml.safe_dump(outline, allow_unicode=True, sort_keys=False, width=1000)


def build(outline: dict) -> Built:
    """Build the outline through deckbuild's pipeline, as `deckbuild build` does."""
    from deckbuild import build as b
    from deckbuild.fonts import FontSet
    from deckbuild.problems import OutlineError

    text = dump_yaml(outline)
    out = Built(outline, text)
    with tempfile.TemporaryDirectory(prefix="inv-") as d:
        root = Path(d)
        (root / "deck").mkdir()
        (root / "deck" / "pic.png").write_bytes(_picture())
        template = (outline.get("theme") or {}).get("template")
        if template:
            shutil.copy(TEMPLATES / template, root / "deck" / template)
        path = root / "deck" / "f.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            targets, warnings = b.plan_targets(path, "deck/f.yaml", [], False)
            files, more = b.build_target(targets[0], ("pptx", "pdf", "slides"), root / "out")
            out.warnings = [p.format() for p in list(warnings) + list(more)]
            for p, data in files.items():
                name = p.name
                out.files["slides" if name.endswith(".slides.pdf") else "pdf" if name.endswith(".pdf") else "pptx"] = data
            deck = b.loaded_deck(path, "deck/f.yaml")
            out.fonts = FontSet(deck.theme.fonts)
            out.plan = b.layout(b.select(deck, None), out.fonts)
            for cache in (getattr(b, "_loaded", {}), getattr(b, "_inputs", {})):  # the pipeline's caches per outline
                cache.pop((path, "deck/f.yaml"), None)
        except OutlineError as e:
            out.error = "\n".join(p.format() for p in e.problems)
        except Exception:  # noqa: BLE001 - a crash is a finding, with its traceback
            out.error = "crash: " + traceback.format_exc(limit=-3)
    return out


# ---- reading the outputs back -----------------------------------------------------------------

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def pptx_lines(data: bytes) -> dict[str, list[list[str]]]:
    """Each slide's (and notes page's) paragraphs as lists of lines (split at `a:br`)."""
    from lxml import etree

    out: dict[str, list[list[str]]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if not re.match(r"ppt/(slides/slide|notesSlides/notesSlide|charts/chart)\d+\.xml$", name):
                continue
            root = etree.fromstring(z.read(name))
            paras = []
            for p in root.iter(f"{_A}p"):
                lines = [""]
                for el in p:
                    if el.tag == f"{_A}r" or el.tag == f"{_A}fld":
                        t = el.find(f"{_A}t")
                        lines[-1] += (t.text or "") if t is not None else ""
                    elif el.tag == f"{_A}br":
                        lines.append("")
                paras.append(lines)
            if name.startswith("ppt/charts/"):  # categories and series names live in c:v
                paras += [[v.text or ""] for v in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/chart}v")]
            out[name] = paras
    return out


def pdf_pages(data: bytes) -> list[dict]:
    """Per page: its size, its characters in drawing order, and its text lines (pdfplumber)."""
    import pdfplumber

    pages = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            chars = [c for c in page.chars if c["text"].strip()]
            # Lines of level text: a turned category name is one line, whose characters pdfplumber
            # reads as a column of one-character lines (`3.` over `2` paired as a split number; its
            # `upright` flag is set all the same, so the turn is read from the matrix). A slide's
            # picture in the handout (text under 4 pt) is left to the slides PDF, which has its text
            # full size: there pdfplumber reads a turned name's matrix as level.
            level = page.filter(lambda o: o.get("object_type") != "char" or (abs(o["matrix"][1]) < 1e-6 and o["size"] >= 4))
            lines = level.extract_text_lines(return_chars=False, strip=True) if chars else []
            pages.append({"w": float(page.width), "h": float(page.height), "chars": chars, "lines": lines})
    return pages


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---- number splits -----------------------------------------------------------------------------

# A break inside a number: `…1.` / `25명…` or `…(1.30` / `명)…`.
_SPLIT_DECIMAL = (re.compile(r"\d[.,]$"), re.compile(r"^\d"))
_SPLIT_BRACKET = (re.compile(r"\([^()\s]*\d$"), re.compile(r"^[^()\s]*\)"))


def split_number(a: str, b: str) -> bool:
    a, b = a.rstrip(), b.lstrip()
    return any(x.search(a) and y.search(b) for x, y in (_SPLIT_DECIMAL, _SPLIT_BRACKET))


def _pdf_line_pairs(page: dict):
    """Consecutive lines of one column: the next starts just below and overlaps horizontally."""
    lines = page["lines"]
    for a, b in zip(lines, lines[1:]):
        height = a["bottom"] - a["top"]
        if 0 <= b["top"] - a["top"] <= 2.2 * height and min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > 0:
            yield a["text"], b["text"]


# ---- the rules ---------------------------------------------------------------------------------


def _boxes(slide) -> list[tuple[str, float, float, float, float, object]]:
    """(kind, x0, y0, x1, y1, box) of each box; a text box at the extent its text occupies."""
    out = []
    for box in slide.boxes:
        kind = type(box).__name__
        if kind == "TextBox":
            if not any(p.lines and any(line.text.strip() for line in p.lines) for p in box.paras):
                continue
            top = box.text_top()
            width = max((line.width for p in box.paras for line in p.lines), default=0.0)
            indent = max((p.indent for p in box.paras), default=0.0)
            align = box.paras[0].align if box.paras else "l"
            x0 = box.text_x + (0 if align == "l" else (box.text_w - width) / (2 if align == "c" else 1))
            out.append((kind, x0, top, x0 + width + indent, top + box.text_height, box))
        elif kind in ("ChartBox", "TableBox", "ImageBox"):
            out.append((kind, box.x, box.y, box.x + box.w, box.y + box.h, box))
    return out


def _texts_of(box) -> str:
    return " / ".join(p.text.replace("\n", " ") for p in box.paras)[:60] if hasattr(box, "paras") else type(box).__name__


def rule_boxes_apart(b: Built) -> list[str]:
    found = []
    for slide in b.plan.slides:
        boxes = _boxes(slide)
        for i, (ka, ax0, ay0, ax1, ay1, a) in enumerate(boxes):
            for kb, bx0, by0, bx1, by1, c in boxes[i + 1:]:
                if ka != "TextBox" and kb != "TextBox":
                    continue
                dx, dy = min(ax1, bx1) - max(ax0, bx0), min(ay1, by1) - max(ay0, by0)
                if dx > 1 and dy > 1:
                    found.append(f"slide {slide.number} ({slide.kind}): {getattr(a, 'role', ka)} '{_texts_of(a)}' "
                                 f"overlaps {getattr(c, 'role', kb)} '{_texts_of(c)}' by {dx:.0f}×{dy:.0f} pt")
    return found


def _overlaps(chars: list[dict]) -> list[tuple[dict, dict]]:
    """Pairs of characters whose boxes share more than a third of the smaller one."""
    grid: dict[tuple[int, int], list[int]] = {}
    pairs, seen = [], set()
    for i, c in enumerate(chars):
        for gx in range(int(c["x0"] // 20), int(c["x1"] // 20) + 1):
            for gy in range(int(c["top"] // 20), int(c["bottom"] // 20) + 1):
                for j in grid.get((gx, gy), ()):
                    if (j, i) in seen:
                        continue
                    seen.add((j, i))
                    d = chars[j]
                    dx = min(c["x1"], d["x1"]) - max(c["x0"], d["x0"])
                    dy = min(c["bottom"], d["bottom"]) - max(c["top"], d["top"])
                    if dx <= 0 or dy <= 0:
                        continue
                    small = min((c["x1"] - c["x0"]) * (c["bottom"] - c["top"]), (d["x1"] - d["x0"]) * (d["bottom"] - d["top"]))
                    same = c["text"] == d["text"] and abs(c["x0"] - d["x0"]) < 0.6 and abs(c["top"] - d["top"]) < 0.6
                    if small > 0 and dx * dy > small / 3 and not same and not _one_turned_line(c, d):
                        pairs.append((d, c))
                grid.setdefault((gx, gy), []).append(i)
    return pairs


def _one_turned_line(c: dict, d: dict) -> bool:
    """Neighbours on one turned line (a category name at −45°): their upright boxes overlap though
    the glyphs do not. Same turn, and d's origin on the line through c's origin along the turn."""
    a, b, *_ = c["matrix"]
    if abs(b) < 1e-6 or tuple(round(v, 4) for v in c["matrix"][:4]) != tuple(round(v, 4) for v in d["matrix"][:4]):
        return False
    (x0, y0), (x1, y1) = c["matrix"][4:], d["matrix"][4:]
    norm = (a * a + b * b) ** 0.5
    return abs((x1 - x0) * b - (y1 - y0) * a) / norm < 1.0  # the distance from the baseline


def _context(chars: list[dict], c: dict) -> str:
    """The characters on c's baseline near it: enough to recognise the text."""
    near = sorted((d for d in chars if abs(d["top"] - c["top"]) < 1 and abs(d["x0"] - c["x0"]) < 60), key=lambda d: d["x0"])
    return "".join(d["text"] for d in near)


def rule_glyphs_apart(b: Built, pages: dict[str, list[dict]]) -> list[str]:
    found = []
    for fmt in ("slides", "pdf"):
        for n, page in enumerate(pages.get(fmt, ()), 1):
            pairs = _overlaps(page["chars"])
            if pairs:
                c, d = pairs[0]
                found.append(f"{fmt} page {n}: {len(pairs)} overlapping character pairs, first "
                             f"'{_context(page['chars'], c)}' over '{_context(page['chars'], d)}'")
    return found


_NUMBER = re.compile(r"[(\[]?[-+△]?\d+(?:[.,]\d+)*%?(?:[A-Za-z]+|[가-힣])?[)\]]?")


def _plan_paras(plan):
    """(paragraph, the width its lines had) of every slide's text boxes and table cells."""
    for slide in plan.slides:
        for box in slide.boxes:
            if hasattr(box, "paras"):
                for p in box.paras:
                    yield p, box.text_w - p.indent
            for row in getattr(box, "rows", ()) or ():
                for j, cell in enumerate(row):
                    for p in cell.paras:
                        yield p, box.col_widths[j] - 2 * box.pad - p.indent


def forced(b: Built, x: str, y: str) -> bool:
    """Whether the number broken between lines x and y is alone wider than its line (measured as
    layout measures: the widest stand-in face, 0.25 em per script switch, 95 % of the box): the one
    case where spec §2 lets a word break."""
    from deckbuild.text import script_changes

    tail, head = x.rstrip().rsplit(" ", 1)[-1], y.lstrip().split(" ", 1)[0]
    token = next((m.group() for m in _NUMBER.finditer(tail + head) if m.start() < len(tail) < m.end()), tail + head)
    for p, width in _plan_paras(b.plan):
        texts = [line.text for line in p.lines]
        if any(u.rstrip() == x.rstrip() and v.lstrip() == y.lstrip() for u, v in zip(texts, texts[1:])):
            wide = b.fonts.fit_width(token, p.size, p.bold) + 0.25 * p.size * script_changes(token)
            return wide > 0.95 * width
    return False


def _strings(node) -> list[str]:
    if isinstance(node, dict):
        return [t for v in node.values() for t in _strings(v)]
    if isinstance(node, list):
        return [t for v in node for t in _strings(v)]
    return [str(node)]


def _joined_in(texts: str, x: str, y: str) -> bool:
    """Whether the words either side of a PDF line break, joined, are text of the outline: two lines
    paired by position may belong to two texts (a title ending `-23.` over the date `2024. 12. 2.`)."""
    tail, head = _squash(x.rstrip().rsplit(" ", 1)[-1]), _squash(y.lstrip().split(" ", 1)[0])
    return tail + head in texts


def rule_numbers_whole(b: Built, pages: dict[str, list[dict]]) -> list[str]:
    found = []
    texts = "\n".join(_squash(t) for t in _strings(b.outline))
    for name, paras in pptx_lines(b.files["pptx"]).items():
        for lines in paras:
            for x, y in zip(lines, lines[1:]):
                if split_number(x, y) and not forced(b, x, y):
                    found.append(f"pptx {name}: '{x[-12:]}' / '{y[:12]}'")
    for fmt in ("slides", "pdf"):
        for n, page in enumerate(pages.get(fmt, ()), 1):
            for x, y in _pdf_line_pairs(page):
                if split_number(x, y) and _joined_in(texts, x, y):
                    found.append(f"{fmt} page {n}: '{x[-12:]}' / '{y[:12]}'")
    return found


def _pieces(text: str, paragraphs: list[str], used: frozenset = frozenset()) -> list[str] | None:
    """`text` as two or more whole paragraphs, one after another (a bullet split between its lines
    over a continuation slide), else None."""
    for i, p in enumerate(paragraphs):
        if i in used or not p or not text.startswith(p):
            continue
        if p == text:
            return [p] if used else None
        rest = _pieces(text[len(p):], paragraphs, used | {i})
        if rest:
            return [p] + rest
    return None


def _slide_texts(slide: dict) -> list[str]:
    """The texts a slide shows (the deck and the slides PDF), from the outline."""
    out = [slide["title"], slide.get("message", "")]
    if "bullets" in slide:
        stack = list(slide["bullets"])
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                out.append(item["text"])
                stack += item.get("bullets", [])
            else:
                out.append(item)
    for item in slide.get("stat", []):
        out += [item["value"], item["label"], item.get("detail", "")]
    if "quote" in slide:
        out += [slide["quote"]["text"], slide["quote"].get("by", "")]
    if "table" in slide:
        t = slide["table"]
        out += [str(c) for c in t["columns"]] + [str(c) for row in t["rows"] for c in row] + [t.get("caption", "")]
    for qa in slide.get("faq", []):
        out += [qa["q"], qa["a"]]
    for col in slide.get("columns", []):
        out += [col["title"]] + col.get("bullets", [])
    if "image" in slide:
        out.append(slide["image"].get("caption", ""))
    return [t for t in out if t and t.strip() and t != "—"]


def rule_text_present(b: Built, pages: dict[str, list[dict]]) -> list[str]:
    found = []
    pptx = pptx_lines(b.files["pptx"])
    deck_text = _squash("".join("".join(l) for name, ps in pptx.items() if "/slides/" in name for l in ps))
    paragraphs = [_squash("".join(l)) for name, ps in pptx.items() if "/slides/" in name for l in ps]
    notes_text = _squash("".join("".join(l) for name, ps in pptx.items() if "notesSlide" in name for l in ps))
    chart_text = _squash("".join("".join(l) for name, ps in pptx.items() if "/charts/" in name for l in ps))

    def pdf_text(fmt: str, body_only: bool = False) -> str:
        chars = []
        for page in pages.get(fmt, ()):
            band = 0.09 * page["h"] if body_only else -1
            chars += [c["text"] for c in page["chars"] if band < c["top"] and c["bottom"] < page["h"] - band]
        return _squash("".join(chars))

    texts = {"slides": pdf_text("slides"), "pdf": pdf_text("pdf")}
    body = {}

    def present(fmt: str, t: str) -> bool:
        if _squash(t) in texts[fmt]:
            return True
        if fmt not in body:  # a paragraph across a page break has the running header and footer inside it
            body[fmt] = pdf_text(fmt, body_only=True)
        return _squash(t) in body[fmt]

    layout = b.outline.get("handout", {}).get("layout", "article")
    # A key message left off its slide, with the warning that says so (`message-dropped`: the content
    # fills the slide only without it): the article handout keeps it, the slides need not.
    left_off = {m.group(1) for w in b.warnings if "key message is left off" in w
                for m in [re.search(r"(sections\[\d+\]\.slides\[\d+\])\.message", w)] if m}
    for i, section in enumerate(b.outline["sections"]):
        for j, slide in enumerate(section["slides"]):
            if f"sections[{i}].slides[{j}]" in left_off:
                if layout == "article" and not present("pdf", slide["message"]):
                    found.append(f"article handout lacks the key message left off its slide '{slide['message']}'")
                slide = {k: v for k, v in slide.items() if k != "message"}
            for t in _slide_texts(slide):
                # A bullet too tall for its card, split between its lines over a (계속) slide: its
                # pieces are whole paragraphs of the deck, each in the slides PDF.
                pieces = [t] if _squash(t) in deck_text else _pieces(_squash(t), paragraphs) or []
                if not pieces:
                    found.append(f"pptx lacks '{t}' (slide '{slide['title'][:30]}')")
                if not all(present("slides", piece) for piece in pieces or [t]):
                    found.append(f"slides PDF lacks '{t}' (slide '{slide['title'][:30]}')")
            if slide.get("notes") and _squash(slide["notes"]) not in notes_text:
                found.append(f"pptx notes lack '{slide['notes']}'")
            if slide.get("handout") and layout in ("article", "notes") and not present("pdf", slide["handout"]):
                found.append(f"{layout} handout lacks the print-only handout text '{slide['handout']}'")
            if layout != "grid" and not present("pdf", slide["title"]):
                found.append(f"{layout} handout lacks the slide title '{slide['title']}'")
    for cid, chart in b.outline.get("charts", {}).items():
        used = any(s.get("chart") == cid for sec in b.outline["sections"] for s in sec["slides"])
        for cat in chart["categories"] if used else ():
            if _squash(str(cat)) not in chart_text:
                found.append(f"pptx chart {cid} lacks the category '{cat}'")
    return found


def rule_inside(b: Built, pages: dict[str, list[dict]]) -> list[str]:
    found = []
    plan = b.plan
    for slide in plan.slides:
        for kind, x0, y0, x1, y1, box in _boxes(slide):
            if x0 < -TOL or y0 < -TOL or x1 > plan.width + TOL or y1 > plan.height + TOL:
                found.append(f"slide {slide.number} ({slide.kind}): {getattr(box, 'role', kind)} '{_texts_of(box)}' "
                             f"outside the slide ({x0:.0f},{y0:.0f})–({x1:.0f},{y1:.0f}) of {plan.width:.0f}×{plan.height:.0f}")
            if kind == "ChartBox":  # the chart's own texts (legend, ticks, names, labels) inside its box
                cw, ch = box.spec.size
                for role, text, (bx0, by0, bx1, by1) in box.spec.text_boxes:
                    if role in CHART_ROLES_INSIDE and (bx0 < -TOL or by0 < -TOL or bx1 > cw + TOL or by1 > ch + TOL):
                        found.append(f"slide {slide.number} ({slide.kind}): chart {box.spec.id} {role} '{text}' outside "
                                     f"the chart ({bx0:.0f},{by0:.0f})–({bx1:.0f},{by1:.0f}) of {cw:.0f}×{ch:.0f}")
            if kind != "TextBox":
                continue
            for p in box.paras:
                for line in p.lines:
                    if line.width + p.indent > box.text_w + 1 and len(line.text) > 1:
                        found.append(f"slide {slide.number} ({slide.kind}): {box.role} line '{line.text}' "
                                     f"{line.width + p.indent:.0f} pt in a {box.text_w:.0f} pt box")
            inner = box.h - box.inset[1] - box.inset[3]
            if box.text_height > inner + 1:
                found.append(f"slide {slide.number} ({slide.kind}): {box.role} text {box.text_height:.0f} pt tall "
                             f"in a {inner:.0f} pt box ('{_texts_of(box)}')")
    for fmt in ("slides", "pdf"):
        for n, page in enumerate(pages.get(fmt, ()), 1):
            out = [c for c in page["chars"] if c["x0"] < -TOL or c["top"] < -TOL or c["x1"] > page["w"] + TOL or c["bottom"] > page["h"] + TOL]
            if out:
                found.append(f"{fmt} page {n}: {len(out)} characters outside the page, first '{_context(page['chars'], out[0])}'")
    return found


def check(b: Built) -> dict[str, list[str]]:
    """Every rule's findings for one build (a refused or crashed build fails `builds` only)."""
    if b.error is not None:
        return {"builds": [b.error]} | {r: [] for r in RULES if r != "builds"}
    pages = {fmt: pdf_pages(b.files[fmt]) for fmt in ("slides", "pdf") if fmt in b.files}
    return {
        "builds": [],
        "numbers_whole": rule_numbers_whole(b, pages),
        "boxes_apart": rule_boxes_apart(b),
        "glyphs_apart": rule_glyphs_apart(b, pages),
        "text_present": rule_text_present(b, pages),
        "inside": rule_inside(b, pages),
    }
