"""The outline's `charts` mapping → chart id → `model.Chart`, every chart checked whole.

In: a `Reader`, the `charts` node and the deck's sources by id. Out: the charts that are complete
(a kind, categories, one value per category in every series); each problem is reported where it
is. The number format is parsed here, once, and kept in the chart (`Chart.format`); `source`
names a source by id (its citation is printed) or is free text. With `data`, the categories and
series come from a data file (`datafile.read_data`): `series` then picks, orders and styles the
file's columns by name, and a problem in the file is reported at its place there.
"""

from __future__ import annotations

from .. import model as m
from ..limits import MAX_CHART_VALUE, MIN_CHART_VALUE
from ..numfmt import NumberFormatError, parse_number_format
from ..problems import did_you_mean
from ..source import Node
from .reader import SLUG, Reader

CHART_KEYS = ("kind", "title", "categories", "series", "unit", "number_format", "highlight", "labels", "source", "data")
SERIES_KEYS = ("name", "values")  # with `data`, every key but `values` (the file gives them)
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
        dupes = {x for x in categories if categories.count(x) > 1}
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
    number_format = r.text(c.get("number_format"), f"{path}.number_format")
    try:
        fmt = parse_number_format(number_format)
    except NumberFormatError as e:
        r.err(c["number_format"], f"{path}.number_format", f"number format '{number_format}' is not supported: {e}", code="invalid-number-format")
        number_format, fmt = None, parse_number_format(None)
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
    if kind is None or not categories or not series or not complete:
        return None
    return m.Chart(
        id=cid, kind=kind, title=r.text(c.get("title"), f"{path}.title"), categories=categories,
        series=tuple(series), unit=r.text(c.get("unit"), f"{path}.unit"), number_format=number_format,
        highlight=highlight, labels=labels,
        source=source_text, source_id=source_id, span=node.span, format=fmt, data=data_path,
    )


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
        vals_nodes = r.seq(s.get("values"), f"{sp}.values", "a list of numbers")
        values = [r.number(v, f"{sp}.values[{j}]") for j, v in enumerate(vals_nodes)]
        if "values" in s and s["values"].kind == "seq" and categories and len(vals_nodes) != len(categories):
            r.err(s["values"], f"{sp}.values", f"{len(vals_nodes)} values for {len(categories)} categories", code="count-mismatch")
            complete = False
            continue
        _check_values(r, kind, values, vals_nodes, [f"{sp}.values[{j}]" for j in range(len(values))])
        if all(v is not None for v in values) and "values" in s:
            series.append(m.Series(name, tuple(values), sn.span))  # type: ignore[arg-type]
        else:
            complete = False
    return series, complete


def _check_values(r: Reader, kind: m.ChartType | None, values: list, places: list, paths: list[str]) -> None:
    """Each value within what a chart can print exactly, and not negative in a pie or doughnut;
    a value out of range becomes None (the chart is then not drawn). `places`: nodes or spans."""
    for j, v in enumerate(values):
        # Beyond these a chart's sums, ticks and labels lose their digits (Excel keeps 15).
        if v is not None and (abs(v) > MAX_CHART_VALUE or 0 < abs(v) < MIN_CHART_VALUE):
            r.err(places[j], paths[j], f"{v:g} is {'too large' if abs(v) > 1 else 'too small'} to chart: "
                  f"values are 0 or between {MIN_CHART_VALUE:g} and {MAX_CHART_VALUE:,.0f} in size; change the unit",
                  code="number-out-of-range")
            values[j] = None
        elif v is not None and v < 0 and kind is not None and kind.circular:
            r.err(places[j], paths[j], f"a {kind} chart takes non-negative values", code="negative-value")


def _from_data(r: Reader, c: dict[str, Node], path: str, kind: m.ChartType | None):
    """`data` → (categories, series, complete, the file's path): the first column's texts, a series
    per column (or per name `series` gives, in its order), every value a number checked at its cell."""
    from .datafile import read_data

    dp = f"{path}.data"
    if "categories" in c:
        r.err(c["categories"], f"{path}.categories", "with 'data' the categories are the data file's first column; "
              "leave 'categories' out (or 'data', to write the values here)", code="data-conflict")
    names: list[str] = []
    for i, sn in enumerate(r.seq(c.get("series"), f"{path}.series", "a list of series")):
        sp = f"{path}.series[{i}]"
        if sn.kind == "map" and "values" in sn.pairs:
            r.err(sn.pairs["values"][0], f"{sp}.values", "with 'data' the values come from the data file's column of this "
                  "name; leave 'values' out", code="data-conflict")
        s = r.mapping(sn, sp, SERIES_KEYS, ("name",))
        name = r.text(s.get("name"), f"{sp}.name", required=True) if s else None
        if name is not None:
            names.append(name)
    data = read_data(r, c["data"], dp)
    if data is None:
        return (), [], False, None
    from ..datafiles import chart_data

    picked = c.get("series")
    cd = chart_data(data.table, names if picked is not None else None, at=picked.span if picked is not None else None)
    r.problems.extend(cd.problems)
    asked = len(picked.items) if picked is not None and picked.kind == "seq" else len(names)
    complete = data.table.ok and not cd.problems and len(names) == asked
    seen: dict[str, int] = {}
    for j, cat in enumerate(cd.categories):
        if cat in seen:
            r.err(cd.category_spans[j], dp, f"duplicate category '{cat}' (also on row {seen[cat] + 2} of the data)", code="duplicate-category")
            complete = False
        seen.setdefault(cat, j)
        if not cat:
            r.err(cd.category_spans[j], dp, "a row without a category in the first column", code="data-empty")
            complete = False
    refused = {p.span for p in cd.problems}  # cells already reported (not a number) are no gaps
    series = []
    for ds in cd.series:
        values = list(ds.values)
        for j, v in enumerate(values):
            if v is None and data.table.ok and ds.spans[j] not in refused:  # a ragged row's missing cells are reported as such
                r.err(ds.spans[j], dp, f"no value for '{cd.categories[j]}' in '{ds.name}': charts draw no gaps yet; "
                      "fill the cell, or pick the columns without gaps with 'series'", code="data-gap")
        _check_values(r, kind, values, list(ds.spans), [dp] * len(values))
        if all(v is not None for v in values):
            series.append(m.Series(ds.name, tuple(values), ds.span))
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
