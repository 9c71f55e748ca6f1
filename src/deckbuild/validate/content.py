"""A slide's content key → its `model.Content`: one reader per slide kind, chosen by `CONTENT`.

In: the `Reader`, the content key's node and outline path, and `SlideFields` (the slide's other
fields, for the kinds that read more than their own key, and the charts a slide may name).
Out: the content (`BulletList`, `ChartSlide`, `Stats`, …), or None when there is none to draw,
after reporting why. `CONTENT` is the registry of slide kinds: its keys are the outline's content
keys, in the order the schema lists them; a new slide kind is one entry here (and its type in the
model).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .. import model as m
from ..problems import did_you_mean
from ..source import Node
from .assets import image_size
from .reader import Reader, unquoted_colon_fix


@dataclass(frozen=True)
class KnownNames:
    """What sections and slides may refer to by name: the deck's charts and its audiences."""

    charts: dict[str, m.Chart]
    audiences: tuple[str, ...]


@dataclass(frozen=True)
class SlideFields:
    """The slide around a content key: its fields by key, its outline path, what it may refer to."""

    fields: dict[str, Node]
    path: str
    known: KnownNames


def read_bullets(r: Reader, node: Node | None, path: str, depth: int = 1) -> tuple[m.Bullet, ...]:
    """A list of bullets (text, or {text, bullets}), nested at most 3 deep."""
    out = []
    for i, n in enumerate(r.seq(node, path, "a list of bullets")):
        p = f"{path}[{i}]"
        if n.kind == "map" and not {"text", "bullets"} & set(n.pairs) and unquoted_colon_fix(n, p):
            r.text(n, p)  # `- 추이: 8년` is text with an unquoted ': ': one error, with the fix
        elif n.kind == "map":
            b = r.mapping(n, p, ("text", "bullets"), ("text",)) or {}
            text = r.text(b.get("text"), f"{p}.text", required=True)
            children: tuple[m.Bullet, ...] = ()
            if "bullets" in b:
                if depth >= 3:
                    r.err(b["bullets"], f"{p}.bullets", "bullets nest at most 3 levels deep", code="bullets-too-deep")
                else:
                    children = read_bullets(r, b["bullets"], f"{p}.bullets", depth + 1)
            if text is not None:
                out.append(m.Bullet(text, children, n.span))
        else:
            text = r.text(n, p, required=True)
            if text is not None:
                out.append(m.Bullet(text, (), n.span))
    return tuple(out)


def _bullet_list(r: Reader, node: Node, p: str, slide: SlideFields) -> m.Content:
    items = read_bullets(r, node, p)
    if node.kind == "seq" and not node.items:
        r.err(node, p, "a bullets slide needs at least one bullet (or leave 'bullets' out for a title-only slide)", code="empty-list")
    return m.BulletList(items) if items else None


def _chart_slide(r: Reader, node: Node, p: str, slide: SlideFields) -> m.Content:
    s, path, charts = slide.fields, slide.path, slide.known.charts
    cid = r.text(node, p, required=True)
    bullets = read_bullets(r, s.get("bullets"), f"{path}.bullets")
    if len(bullets) > 4:
        r.err(s["bullets"], f"{path}.bullets", f"a chart slide takes at most 4 bullets beside the chart, not {len(bullets)}", code="too-many-bullets")
    if cid is None:
        return None
    chart = charts.get(cid)
    if chart is None and cid in r.broken_charts:
        return None  # defined, with its own problems reported
    if chart is None:
        r.err(node, p, f"unknown chart '{cid}'{did_you_mean(cid, charts)}", code="unknown-chart")
        return None
    return m.ChartSlide(chart, bullets, r.text(s.get("caption"), f"{path}.caption"))


def _stats(r: Reader, node: Node, p: str, slide: SlideFields) -> m.Content:
    nodes = node.items if node.kind == "seq" else [node]
    if node.kind == "seq" and not 1 <= len(nodes) <= 4:
        r.err(node, p, f"a stat slide shows 1 to 4 figures, not {len(nodes)}", code="wrong-count")
    stats = []
    for i, n in enumerate(nodes):
        sp = f"{p}[{i}]" if node.kind == "seq" else p
        st = r.mapping(n, sp, ("value", "label", "detail"), ("value", "label"))
        if st is None:
            continue
        value = r.text(st.get("value"), f"{sp}.value", required=True)
        label = r.text(st.get("label"), f"{sp}.label", required=True)
        if value and label:
            stats.append(m.Stat(value, label, r.text(st.get("detail"), f"{sp}.detail"), n.span))
    return m.Stats(tuple(stats[:4])) if stats else None


def _quote(r: Reader, node: Node, p: str, slide: SlideFields) -> m.Content:
    q = r.mapping(node, p, ("text", "by"), ("text",))
    if q is None:
        return None
    text = r.text(q.get("text"), f"{p}.text", required=True)
    return m.Quote(text, r.text(q.get("by"), f"{p}.by"), node.span) if text else None


TABLE_KEYS = ("columns", "rows", "caption", "total", "unit", "data")
COLUMN_KEYS = ("name", "align", "width")
TABLE_ALIGNS = ("left", "center", "right")


def _table(r: Reader, node: Node, p: str, slide: SlideFields) -> m.Content:
    with_data = node.kind == "map" and "data" in node.pairs
    t = r.mapping(node, p, TABLE_KEYS, () if with_data else ("columns", "rows"))
    if t is None:
        return None
    names, align, widths = _table_columns(r, t.get("columns"), f"{p}.columns", with_data)
    if "columns" in t and t["columns"].kind == "seq" and not t["columns"].items:
        r.err(t["columns"], f"{p}.columns", "a table needs at least one column", code="empty-list")
    total = r.boolean(t.get("total"), f"{p}.total", False)
    unit = r.text(t.get("unit"), f"{p}.unit")
    caption = r.text(t.get("caption"), f"{p}.caption")
    data_path = None
    if with_data:
        if "rows" in t:
            r.err(t["rows"], f"{p}.rows", "with 'data' the rows come from the data file; leave 'rows' out (or 'data', "
                  "to write the rows here)", code="data-conflict")
        found = _table_from_data(r, t["data"], f"{p}.data", names, t.get("columns"))
        if found is None:
            return None
        names, rows, row_spans, data_path = found
        align = align or (None,) * len(names)
        widths = widths or (None,) * len(names)
    else:
        rows, row_spans = [], []
        for i, rn in enumerate(r.seq(t.get("rows"), f"{p}.rows", "a list of rows")):
            rp = f"{p}.rows[{i}]"
            if rn.kind != "seq":
                r.err(rn, rp, "expected a row: a list of cells", code="expected-list")
                continue
            cells = [r.text(c, f"{rp}[{j}]") or "" for j, c in enumerate(rn.items)]
            if names and len(cells) != len(names):
                r.err(rn, rp, f"{len(cells)} cells for {len(names)} columns", code="count-mismatch")
                continue
            rows.append(tuple(cells))
            row_spans.append(rn.span)
    if not names or any(n is None for n in names):
        return None
    if total and not rows:
        r.err(t["total"], f"{p}.total", "a total row is the table's last row; this table has no rows", code="total-without-rows")
    return m.Table(tuple(names), tuple(rows), caption, node.span, tuple(row_spans), tuple(align), tuple(widths),
                   total and bool(rows), unit, data_path)


def _table_columns(r: Reader, node: Node | None, p: str, with_data: bool):
    """`columns`: each a name, or `{name, align, width}` (with `data`, `name` may be left to the
    file) → (names, aligns, widths), None where a column leaves it to the content or the file."""
    names: list[str | None] = []
    align: list[str | None] = []
    widths: list[float | None] = []
    for i, cn in enumerate(r.seq(node, p, "a list of columns")):
        cp = f"{p}[{i}]"
        if cn.kind != "map":
            name = r.text(cn, cp, required=True)
            names.append(name)
            align.append(None)
            widths.append(None)
            if name is None:
                names[-1] = ""  # reported; the table is still read for its other problems
            continue
        c = r.mapping(cn, cp, COLUMN_KEYS, () if with_data else ("name",)) or {}
        names.append(r.text(c.get("name"), f"{cp}.name", required=True) if "name" in c else None)
        align.append(r.choice(c.get("align"), f"{cp}.align", TABLE_ALIGNS, None))
        width = r.number(c["width"], f"{cp}.width") if "width" in c else None
        if width is not None and not 0 < width <= 1000:
            r.err(c["width"], f"{cp}.width", f"{width:g} is not a share of the table: give a positive number "
                  "(widths are in proportion to each other: 2 is twice 1)", code="invalid-width")
            width = None
        widths.append(width)
    if not with_data and any(n is None for n in names):
        return [], (), ()
    return names, tuple(align), tuple(widths)


def _table_from_data(r: Reader, node: Node, p: str, names: list, columns: Node | None):
    """`data` → (column names, rows, row spans, the file): the file's first row names the columns
    unless `columns` does (as many as the file has; a column may leave its name to the file)."""
    from .datafile import read_data

    data = read_data(r, node, p)
    if data is None or not data.table.ok:
        return None
    from ..datafiles import table_rows

    header, rows = table_rows(data.table)
    if columns is not None and names and len(names) != len(header):
        r.err(columns, p.rsplit(".", 1)[0] + ".columns", f"{len(names)} columns for the data file's {len(header)}: "
              f"{', '.join(header)}", code="count-mismatch")
        return None
    if not rows:
        r.err(data.table.header[0].span, p, "no rows under the column names", code="data-empty")
        return None
    names = [n if n is not None else h for n, h in zip(names, header)] if names else header
    for j, n in enumerate(names):
        if not n:
            r.err(data.table.header[j].span, p, "a table column needs a name: give it in the first row or in 'columns'",
                  code="data-column-name")
            return None
    spans = tuple(row[0].span for row in data.table.rows)
    return names, [tuple(row) for row in rows], spans, data.path


def _faq(r: Reader, node: Node, p: str, slide: SlideFields) -> m.Content:
    if node.kind == "seq" and not node.items:
        r.err(node, p, "a faq slide needs at least one question", code="empty-list")
    items = []
    for i, n in enumerate(r.seq(node, p, "a list of {q, a}")):
        f = r.mapping(n, f"{p}[{i}]", ("q", "a"), ("q", "a"))
        if f is None:
            continue
        q = r.text(f.get("q"), f"{p}[{i}].q", required=True)
        a = r.text(f.get("a"), f"{p}[{i}].a", required=True)
        if q and a:
            items.append(m.FaqItem(q, a, n.span))
    return m.Faq(tuple(items)) if items else None


def _columns(r: Reader, node: Node, p: str, slide: SlideFields) -> m.Content:
    nodes = r.seq(node, p, "a list of 2 or 3 columns")
    if node.kind == "seq" and not 2 <= len(nodes) <= 3:
        r.err(node, p, f"a columns slide has 2 or 3 columns, not {len(nodes)}", code="wrong-count")
    cols = []
    for i, n in enumerate(nodes):
        c = r.mapping(n, f"{p}[{i}]", ("title", "bullets"), ("title",))
        if c is None:
            continue
        title = r.text(c.get("title"), f"{p}[{i}].title", required=True)
        if title:
            cols.append(m.Column(title, read_bullets(r, c.get("bullets"), f"{p}[{i}].bullets"), n.span))
    return m.Columns(tuple(cols[:3])) if cols else None


def _image(r: Reader, node: Node, p: str, slide: SlideFields) -> m.Content:
    im = r.mapping(node, p, ("path", "alt", "caption"), ("path", "alt"))
    if im is None:
        return None
    alt = r.text(im.get("alt"), f"{p}.alt", required=True)
    path_ = r.path_in_project(im.get("path"), f"{p}.path", "image") if "path" in im else None
    size = image_size(r, path_, im.get("path"), f"{p}.path") if path_ else None
    if path_ is None or size is None or alt is None:
        return None
    return m.Image(path_, alt, r.text(im.get("caption"), f"{p}.caption"), size[0], size[1], node.span)


ContentReader = Callable[[Reader, Node, str, SlideFields], m.Content]

# The slide kinds, by content key. A slide has at most one (a chart slide may have bullets too).
CONTENT: dict[str, ContentReader] = {
    "bullets": _bullet_list,
    "chart": _chart_slide,
    "stat": _stats,
    "quote": _quote,
    "table": _table,
    "faq": _faq,
    "columns": _columns,
    "image": _image,
}
# Slide keys that belong to one kind of content besides its own: a chart's caption.
CONTENT_EXTRA_KEYS: dict[str, tuple[str, ...]] = {"chart": ("caption",)}

assert set(CONTENT) == set(m.CONTENT_KINDS.values()), "bug in deckbuild: validation and the model disagree on slide kinds"
