"""The outline's `charts` mapping → chart id → `model.Chart`, every chart checked whole.

In: a `Reader`, the `charts` node and the deck's sources by id. Out: the charts that are complete
(a kind, categories, one value per category in every series); each problem is reported where it
is. The number format is parsed here, once, and kept in the chart (`Chart.format`); `source`
names a source by id (its citation is printed) or is free text. A value may be `null` (no data: a
gap). A combo chart's series each say their `kind` (column or line, at least one of each) and may
stand against the secondary axis (`axis: secondary`, set by `axis2`); a series may carry its own
`unit` and `number_format`. `axis`/`axis2` set a value axis's title, format and bounds. With `data`,
the categories and series come from a data file (`datafile.read_data`): `series` then picks, orders
and styles the file's columns by name (an empty or `—` cell is no data), and a problem in the file is
reported at its place there.
"""

from __future__ import annotations

from collections import Counter

from .. import model as m
from ..limits import MAX_CHART_VALUE, MIN_CHART_VALUE
from ..numfmt import NumberFormatError, parse_number_format
from ..problems import did_you_mean
from ..source import Node
from .reader import SLUG, Reader

CHART_KEYS = ("kind", "title", "categories", "series", "unit", "number_format", "highlight", "labels", "source",
              "note", "alt", "axis", "axis2", "data")
SERIES_KEYS = ("name", "values", "kind", "axis", "unit", "number_format")  # with `data`, every key but `values`
AXIS_KEYS = ("title", "number_format", "min", "max")
AXIS_CHOICES = ("primary", "secondary")
SERIES_KIND_NAMES = tuple(k.value for k in m.COMBO_SERIES_KINDS)
CHART_KIND_NAMES = tuple(k.value for k in m.ChartType)  # as YAML writes them: plain text
LABEL_CHOICES = ("value", "share", "both")  # besides true and false


def read_charts(r: Reader, node: Node | None, sources: dict[str, m.Source]) -> dict[str, m.Chart]:
    out: dict[str, m.Chart] = {}
    if node is None:
        return out
    if node.kind != "map":
        r.err(node, "charts", "expected a mapping of chart id → chart", code="expected-mapping")
        return out
    for cid, (key, value) in node.pairs.items():
        path = f"charts.{cid}"
        if not SLUG.match(cid):
            r.err(key, path, f"'{cid}' is not a valid chart id: use lowercase letters, digits and hyphens", code="invalid-id")
            continue
        r.in_chart = cid  # its texts are drawn in one face: the glyph check groups them
        try:
            chart = _read_chart(r, cid, value, path, sources)
        finally:
            r.in_chart = None
        if chart is not None:
            out[cid] = chart
        else:
            r.broken_charts.add(cid)  # its problems are reported; a slide naming it adds none
    return out


def _read_chart(r: Reader, cid: str, node: Node, path: str, sources: dict[str, m.Source]) -> m.Chart | None:
    with_data = node.kind == "map" and "data" in node.pairs
    c = r.mapping(node, path, CHART_KEYS, ("kind",) if with_data else ("kind", "categories", "series"))
    if c is None:
        return None
    name = r.choice(c.get("kind"), f"{path}.kind", CHART_KIND_NAMES, None)
    kind = m.ChartType(name) if name is not None else None
    data_path = None
    if "data" in c:
        categories, series, complete, data_path = _from_data(r, c, path, kind)
    else:
        categories = r.texts_list(c.get("categories"), f"{path}.categories")
        if "categories" in c and not categories and c["categories"].kind == "seq":
            r.err(c["categories"], f"{path}.categories", "a chart needs at least one category", code="empty-list")
        counts = Counter(categories)  # one pass: a daily series has thousands
        dupes = {x for x, k in counts.items() if k > 1}
        if dupes:
            r.err(c["categories"], f"{path}.categories", f"duplicate category '{sorted(dupes)[0]}'", code="duplicate-category")
        series, complete = _read_series(r, c, path, kind, categories)
    if "series" in c and not c["series"].items and c["series"].kind == "seq":
        r.err(c["series"], f"{path}.series", "a chart needs at least one series", code="empty-list")
    if kind is not None and kind.circular and len(series) > 1:
        r.err(c["series"], f"{path}.series", f"a {kind} chart takes one series, not {len(series)}", code="too-many-series")
    highlight = r.texts_list(c.get("highlight"), f"{path}.highlight")
    for i, h in enumerate(highlight):
        if categories and h not in categories:
            r.err(c["highlight"].items[i], f"{path}.highlight[{i}]", f"'{h}' is not a category{did_you_mean(h, categories)}", code="unknown-category")
    number_format, fmt = _number_format(r, c.get("number_format"), f"{path}.number_format")
    if fmt is None:
        fmt = parse_number_format(None)
    source_text = r.text(c.get("source"), f"{path}.source")
    source_id = None
    if source_text in sources:
        source_id = source_text
        source_text = sources[source_text].cite()
    elif source_text and SLUG.match(source_text) and did_you_mean(source_text, sources):
        r.problems.warning(c["source"].span, f"{path}.source", f"'{source_text}' is not a source id; printed as text{did_you_mean(source_text, sources)}", code="unknown-source")
    labels = read_labels(r, c.get("labels"), f"{path}.labels")
    if labels in ("share", "both") and kind is not None and not kind.parts:
        parts = ", ".join(k for k in m.ChartType if k.parts)
        r.err(c["labels"], f"{path}.labels", f"labels: {labels} shows shares of a whole, for {parts} charts; "
              f"a {kind} chart labels its values: write labels: true", code="labels-share")
    axis = _read_axis(r, c.get("axis"), f"{path}.axis", kind)
    axis2 = _read_axis(r, c.get("axis2"), f"{path}.axis2", kind)
    if kind is not None and complete and not _check_combo(r, c, path, kind, series):
        complete = False
    note = r.text(c.get("note"), f"{path}.note")
    alt = r.text(c.get("alt"), f"{path}.alt")
    if kind is None or not categories or not series or not complete or axis is None or axis2 is None:
        return None
    return m.Chart(
        id=cid, kind=kind, title=r.text(c.get("title"), f"{path}.title"), categories=categories,
        series=tuple(series), unit=r.text(c.get("unit"), f"{path}.unit"), number_format=number_format,
        highlight=highlight, labels=labels,
        source=source_text, source_id=source_id, span=node.span, format=fmt, data=data_path,
        axis=axis, axis2=axis2, note=note, alt=alt,
    )


def _number_format(r: Reader, node: Node | None, path: str):
    """(`number_format` as written, parsed) — (None, None) where absent or refused (reported)."""
    code = r.text(node, path)
    if code is None:
        return None, None
    try:
        return code, parse_number_format(code)
    except NumberFormatError as e:
        r.err(node, path, f"number format '{code}' is not supported: {e}", code="invalid-number-format")
        return None, None


def _read_axis(r: Reader, node: Node | None, path: str, kind: m.ChartType | None) -> m.Axis | None:
    """`axis` / `axis2`: the value axis's title, number format, min and max (None where it is wrong)."""
    if node is None:
        return m.Axis()
    a = r.mapping(node, path, AXIS_KEYS)
    if a is None:
        return None
    if kind is not None and kind.circular:
        r.err(node, path, f"a {kind} chart has no value axis", code="axis-misplaced")
        return None
    if path.endswith("axis2") and kind is not None and not kind.combo:
        r.err(node, path, "axis2 is the secondary value axis of a combo chart", code="axis-misplaced")
        return None
    code, fmt = _number_format(r, a.get("number_format"), f"{path}.number_format")
    lo = r.number(a["min"], f"{path}.min") if "min" in a else None
    hi = r.number(a["max"], f"{path}.max") if "max" in a else None
    ok = ("min" not in a or lo is not None) and ("max" not in a or hi is not None) and ("number_format" not in a or fmt)
    if lo is not None and hi is not None and lo >= hi:
        r.err(a["max"], f"{path}.max", f"max ({hi:g}) must be greater than min ({lo:g})", code="axis-range")
        ok = False
    if kind is not None and kind.percent and (lo is not None or hi is not None):
        r.err(a["min" if lo is not None else "max"], f"{path}.{'min' if lo is not None else 'max'}",
              f"a {kind} chart's axis runs from 0 % to 100 %", code="axis-range")
        ok = False
    return m.Axis(r.text(a.get("title"), f"{path}.title"), code, fmt, lo, hi) if ok else None


def _check_combo(r: Reader, c: dict[str, Node], path: str, kind: m.ChartType, series: list[m.Series]) -> bool:
    """A combo's series: at least one column and one line, columns on one axis, something on the
    primary one, `axis2` only with a secondary series. False after reporting what is wrong."""
    if not kind.combo:
        return True
    at = c.get("series")
    kinds = {s.kind for s in series}
    if kinds != set(m.COMBO_SERIES_KINDS):
        lacking = ", ".join(k for k in m.COMBO_SERIES_KINDS if k not in kinds)
        r.err(at, f"{path}.series", f"a combo chart needs at least one column series and one line series (no {lacking} series)",
              code="combo-series")
        return False
    columns = {s.secondary for s in series if s.kind is m.ChartType.COLUMN}
    if len(columns) > 1:
        r.err(at, f"{path}.series", "a combo chart's columns stand on one axis (on both they would overprint): "
              "put the column series on the same axis", code="combo-series")
        return False
    if all(s.secondary for s in series):
        r.err(at, f"{path}.series", "every series is on the secondary axis: leave at least one on the primary axis",
              code="combo-series")
        return False
    if "axis2" in c and not any(s.secondary for s in series):
        r.err(c["axis2"], f"{path}.axis2", "axis2 sets the secondary axis, but no series has 'axis: secondary'",
              code="axis-misplaced")
        return False
    return True


def _read_series(r: Reader, c: dict[str, Node], path: str, kind: m.ChartType | None,
                 categories: tuple[str, ...]) -> tuple[list[m.Series], bool]:
    """The chart's series that are whole, and whether every one was (a series short of values is
    reported, and the chart then not drawn)."""
    series: list[m.Series] = []
    complete = True
    for i, sn in enumerate(r.seq(c.get("series"), f"{path}.series", "a list of series")):
        sp = f"{path}.series[{i}]"
        s = r.mapping(sn, sp, SERIES_KEYS, ("values",))
        if s is None:
            complete = False
            continue
        name = r.text(s.get("name"), f"{sp}.name") or (f"계열 {i + 1}")
        own = _series_options(r, s, sp, kind)
        if own is None:
            complete = False
        vals_nodes = r.seq(s.get("values"), f"{sp}.values", "a list of numbers")
        values = [None if _is_null(v) else r.number(v, f"{sp}.values[{j}]") for j, v in enumerate(vals_nodes)]
        if "values" in s and s["values"].kind == "seq" and categories and len(vals_nodes) != len(categories):
            r.err(s["values"], f"{sp}.values", f"{len(vals_nodes)} values for {len(categories)} categories", code="count-mismatch")
            complete = False
            continue
        if not _check_values(r, kind, values, vals_nodes, [f"{sp}.values[{j}]" for j in range(len(values))]):
            complete = False
        # A value written as null is no data (a gap); one that was wrong is reported and stops the chart.
        wrong = any(v is None and not _is_null(n) for v, n in zip(values, vals_nodes))
        if not wrong and "values" in s and own is not None:
            series.append(m.Series(name, tuple(values), sn.span, **own))
        else:
            complete = False
    return series, complete


def _is_null(node: Node) -> bool:
    return node.kind == "scalar" and node.value is None and node.tag.endswith(":null")


def _series_options(r: Reader, s: dict[str, Node], sp: str, kind: m.ChartType | None) -> dict | None:
    """A series' own keys besides name and values: its kind and axis (combo charts), unit and format."""
    out: dict = {}
    ok = True
    if "kind" in s or "axis" in s:
        if kind is not None and not kind.combo:
            key = "kind" if "kind" in s else "axis"
            r.err(s[key], f"{sp}.{key}", f"a series' {key} is for combo charts; this chart is a {kind} chart", code="combo-series")
            ok = False
    if kind is not None and kind.combo:
        name = r.choice(s.get("kind"), f"{sp}.kind", SERIES_KIND_NAMES, None)
        if "kind" not in s:
            r.err(s.get("name") or s.get("values"), sp, "a combo chart's series says how it is drawn: kind: column or kind: line",
                  code="combo-series")
        if name is None:
            ok = False
        else:
            out["kind"] = m.ChartType(name)
        out["secondary"] = r.choice(s.get("axis"), f"{sp}.axis", AXIS_CHOICES, "primary") == "secondary"
    out["unit"] = r.text(s.get("unit"), f"{sp}.unit")
    code, fmt = _number_format(r, s.get("number_format"), f"{sp}.number_format")
    if "number_format" in s and fmt is None:
        ok = False
    out["number_format"], out["format"] = code, fmt
    return out if ok else None


def _check_values(r: Reader, kind: m.ChartType | None, values: list, places: list, paths: list[str]) -> bool:
    """Each value within what a chart can print exactly, and not negative in a pie, a doughnut or a
    100 % stacked chart; a value out of range becomes None. False where a value was refused (the
    chart is then not drawn). `places`: nodes or spans."""
    ok = True
    for j, v in enumerate(values):
        # Beyond these a chart's sums, ticks and labels lose their digits (Excel keeps 15).
        if v is not None and (abs(v) > MAX_CHART_VALUE or 0 < abs(v) < MIN_CHART_VALUE):
            r.err(places[j], paths[j], f"{v:g} is {'too large' if abs(v) > 1 else 'too small'} to chart: "
                  f"values are 0 or between {MIN_CHART_VALUE:g} and {MAX_CHART_VALUE:,.0f} in size; change the unit",
                  code="number-out-of-range")
            values[j] = None
            ok = False
        elif v is not None and v < 0 and kind is not None and kind.circular:
            r.err(places[j], paths[j], f"a {kind} chart takes non-negative values", code="negative-value")
        elif v is not None and v < 0 and kind is not None and kind.percent:
            r.err(places[j], paths[j], f"a {kind} chart takes non-negative values (shares of a whole)", code="negative-value")
            ok = False
    return ok


def _from_data(r: Reader, c: dict[str, Node], path: str, kind: m.ChartType | None):
    """`data` → (categories, series, complete, the file's path): the first column's texts, a series
    per column (or per name `series` gives, in its order), every value a number checked at its cell."""
    from .datafile import read_data

    dp = f"{path}.data"
    if "categories" in c:
        r.err(c["categories"], f"{path}.categories", "with 'data' the categories are the data file's first column; "
              "leave 'categories' out (or 'data', to write the values here)", code="data-conflict")
    names: list[str] = []
    options: dict[str, dict] = {}  # each named series' own kind, axis, unit and format
    whole = True
    for i, sn in enumerate(r.seq(c.get("series"), f"{path}.series", "a list of series")):
        sp = f"{path}.series[{i}]"
        if sn.kind == "map" and "values" in sn.pairs:
            r.err(sn.pairs["values"][0], f"{sp}.values", "with 'data' the values come from the data file's column of this "
                  "name; leave 'values' out", code="data-conflict")
        s = r.mapping(sn, sp, SERIES_KEYS, ("name",))
        name = r.text(s.get("name"), f"{sp}.name", required=True) if s else None
        own = _series_options(r, s, sp, kind) if s else None
        whole = whole and own is not None
        if name is not None:
            names.append(name)
            options[name] = own or {}
    data = read_data(r, c["data"], dp)
    if data is None:
        return (), [], False, None
    from ..datafiles import chart_data

    picked = c.get("series")
    cd = chart_data(data.table, names if picked is not None else None, at=picked.span if picked is not None else None)
    r.problems.extend(cd.problems)
    asked = len(picked.items) if picked is not None and picked.kind == "seq" else len(names)
    complete = data.table.ok and not cd.problems and len(names) == asked and whole
    seen: dict[str, int] = {}
    for j, cat in enumerate(cd.categories):
        if cat in seen:
            r.err(cd.category_spans[j], dp, f"duplicate category '{cat}' (also on row {seen[cat] + 2} of the data)", code="duplicate-category")
            complete = False
        seen.setdefault(cat, j)
        if not cat:
            r.err(cd.category_spans[j], dp, "a row without a category in the first column", code="data-empty")
            complete = False
    series = []
    for ds in cd.series:
        # An empty or `—` cell is no data: a gap (a cell that is no number was reported and stops the chart).
        values = list(ds.values)
        if _check_values(r, kind, values, list(ds.spans), [dp] * len(values)):
            series.append(m.Series(ds.name, tuple(values), ds.span, **options.get(ds.name, {})))
        else:
            complete = False
    return cd.categories, series, complete, data.path


def read_labels(r: Reader, node: Node | None, path: str) -> bool | str:
    """`labels`: true or `value` (the values, formatted, with the unit), false, `share` (each point's
    share of its whole) or `both` (the value and its share)."""
    if node is not None and node.kind == "scalar" and node.value in LABEL_CHOICES:
        return node.value
    if node is not None and not (node.kind == "scalar" and isinstance(node.value, bool)):
        shown = node.text if node.kind == "scalar" else node.kind
        r.err(node, path, f"'{shown}' is not one of true, false, {', '.join(LABEL_CHOICES)}{did_you_mean(str(shown), LABEL_CHOICES)}",
              code="unknown-value")
        return False
    return r.boolean(node, path, False)
