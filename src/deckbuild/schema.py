"""The outline's JSON Schema (draft 2020-12), for editor completion and validation.

It mirrors `validate`'s key lists so the two cannot drift on names, and takes every list of kinds
from its registry (slide kinds from `validate.CONTENT`, chart kinds from `model.ChartType`, handout
layouts from `model.HANDOUT_LAYOUTS`); `validate` remains the judge (it also checks ids, paths,
fonts and glyphs, which a schema cannot).
"""

from __future__ import annotations

from . import model as m
from . import validate as v


def _text(desc: str) -> dict:
    return {"type": ["string", "number"], "description": desc}


def _obj(props: dict, required: tuple = (), desc: str = "") -> dict:
    out = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        out["required"] = list(required)
    if desc:
        out["description"] = desc
    return out


def _list(items: dict, desc: str = "", **kw) -> dict:
    return {"type": "array", "items": items, "description": desc, **kw}


EXTENDS_RULES = (
    "Path of a base outline (relative to this file, inside the project) that this outline changes by id. "
    "Scalar keys replace; theme and handout merge key by key; charts and audiences merge by name (an entry "
    "replaces the base's); sources merge by id; sections merge by id (given fields replace, slides merge by "
    "slide id, new sections and slides are appended); drop removes ids last. A cycle is an error."
)


LAYOUT_ROLES = {
    "title": "the generated title slide", "section": "divider slides", "content": "bullets, faq, quote",
    "two": "columns", "title-only": "chart, table, stat, image", "closing": "the sources slide",
}


def outline_schema() -> dict:
    slug = {"type": "string", "pattern": v.SLUG.pattern, "description": "lowercase letters, digits and hyphens"}
    texts = _list({"type": ["string", "number"]})
    bullet = {"anyOf": [{"type": ["string", "number"]},
                        _obj({"text": _text("the bullet"), "bullets": {"$ref": "#/$defs/bullets"}}, ("text",))]}
    stat = _obj({"value": _text("the figure, e.g. 6,500배"), "label": _text("what it counts"), "detail": _text("a muted line below")}, ("value", "label"))
    data = {"anyOf": [_text("a CSV file (UTF-8 or CP949) or an .xlsx workbook inside the project"),
                      _obj({"file": _text("a CSV file or an .xlsx workbook inside the project"),
                            "sheet": _text("the workbook's sheet by name (default: the first)"),
                            "range": _text("a range such as A1:D9 or B:D (default: the used range)")}, ("file",))],
            "description": "categories and series (a chart) or rows (a table) from a data file; the first row names the columns"}
    column = _obj({"name": _text("the column's name (with data: default the file's)"),
                   "align": {"enum": list(v.TABLE_ALIGNS), "description": "default: right for numbers, else left"},
                   "width": {"type": "number", "exclusiveMinimum": 0, "maximum": 1000,
                             "description": "a share of the table's width, in proportion to the other columns' (a column without counts 1)"}})
    handout = _obj({
        "paper": {"enum": list(m.PAPERS), "description": "default A4"},
        "layout": {"enum": list(m.HANDOUT_LAYOUTS), "description": ", ".join(f"{k} ({d})" for k, d in m.HANDOUT_LAYOUTS.items())},
        "slides_per_page": {"enum": list(m.SLIDES_PER_PAGE), "description": "grid only"},
        "cover": {"type": "boolean"}, "contents": {"type": "boolean"},
        "notes": {"type": "boolean", "description": "speaker notes in the handout (default true; false leaves them out, the PPTX keeps them)"},
        "page_number": {"type": "string", "pattern": r"\{n\}",
                        "description": 'the page-number pattern: {n} the page, {total} the count ("{n} / {total}", or "- {n} -" as Korean reports)'},
    }, desc="the printed handout")
    # Each slide kind's shape, by its model type; its key and place come from the registry.
    shapes = {
        m.BulletList: {"$ref": "#/$defs/bullets"},
        m.ChartSlide: {"type": "string", "description": "a chart id from `charts`"},
        m.Stats: {"anyOf": [stat, _list(stat, minItems=1, maxItems=4)]},
        m.Quote: _obj({"text": _text("the quote"), "by": _text("attribution")}, ("text",)),
        m.Table: {**_obj({
            "columns": _list({"anyOf": [{"type": ["string", "number"]}, column]},
                             "column names (with data: as many as the file's, or left out for its first row)"),
            "rows": _list(texts, "rows of cells (not with data)"), "caption": _text("under the table"),
            "total": {"type": "boolean", "description": "the last row is a total row: bold, with a rule above"},
            "unit": _text("printed as (단위: …) above the table, at the right"),
            "data": data,
        }), "anyOf": [{"required": ["columns", "rows"]}, {"required": ["data"]}]},
        m.Faq: _list(_obj({"q": _text("question"), "a": _text("answer")}, ("q", "a"))),
        m.Columns: _list(_obj({"title": _text("column heading"), "bullets": {"$ref": "#/$defs/bullets"}}, ("title",)), minItems=2, maxItems=3),
        m.Image: _obj({"path": _text("PNG or JPEG inside the project"), "alt": _text("alternative text (required)"), "caption": _text("caption")}, ("path", "alt")),
    }
    extra_shapes = {"caption": _text("under the chart")}  # keys a kind owns besides its own (v.CONTENT_EXTRA_KEYS)
    type_of = {name: t for t, name in m.CONTENT_KINDS.items()}
    slide_props = {
        "title": _text("the slide's point, in a sentence"), "id": slug,
        "message": _text("the key message (헤드메시지): one line between the title and the content"),
        "notes": _text("speaker notes"), "handout": _text("print-only text"),
        "audiences": _list(slug, "shown only to these audiences"), "tags": texts,
        "layout": _text("a layout of theme.template, by name; wins over the layout chosen for the slide's role"),
    }
    for kind in v.CONTENT:
        slide_props[kind] = shapes[type_of[kind]]
        slide_props.update((k, extra_shapes[k]) for k in v.CONTENT_EXTRA_KEYS.get(kind, ()))
    assert set(slide_props) == set(v.SLIDE_KEYS), "bug in deckbuild: schema and validator disagree on slide keys"
    slide = _obj(slide_props, ("title",), "a slide: a title and at most one content key")
    section = _obj({
        "id": slug, "title": _text("section title"), "tags": texts, "audiences": _list(slug),
        "divider": {"type": "boolean", "description": "a section title slide first"},
        "appendix": {"type": "boolean", "description": "an appendix (붙임 N, Appendix N): after the body, in its own numbering"},
        "summary": _text("one line: agenda, contents, handout lead"), "body": _text("handout prose; paragraphs separated by a blank line"),
        "slides": _list({"$ref": "#/$defs/slide"}),
    }, ("id", "title"))
    axis = _obj({"title": _text("the axis title"), "number_format": _text("the tick labels' format"),
                 "min": {"type": "number", "description": "the axis's lowest value (default: 0 or below the data)"},
                 "max": {"type": "number", "description": "the axis's highest value (default: a round number above the data)"}},
                desc="a value axis (axis2: a combo's secondary axis)")
    chart = _obj({
        "kind": {"enum": [k.value for k in m.ChartType]}, "title": _text("chart title"), "categories": texts,
        "series": _list(_obj({
            "name": _text("series name (with data: a column of the file)"),
            "values": _list({"type": ["number", "null"]}, "one per category (not with data); null: no data (a gap)"),
            "kind": {"enum": [k.value for k in m.COMBO_SERIES_KINDS], "description": "combo only: how the series is drawn"},
            "axis": {"enum": ["primary", "secondary"], "description": "combo only: secondary = against axis2, on the right"},
            "unit": _text("the series' own unit (default: the chart's)"),
            "number_format": _text("the series' own number format (default: the chart's)"),
        }), minItems=1, description="with data: picks, orders and styles the file's columns by name (default: every column)"),
        "unit": _text("shown with values, e.g. 개"),
        "number_format": _text('Excel-style, e.g. "#,##0", sections as in Excel: "#,##0;△#,##0"'),
        "highlight": texts, "labels": {"enum": [True, False, "value", "share", "both"], "description": "data labels: true or value (the values, formatted, with the unit); share (each part's share of its whole) or both (\"882.9억 달러 (62%)\"), pie, doughnut and 100 % stacked only; false"}, "source": _text("a source id, or free text"),
        "note": _text("a 주: line under the chart"), "alt": _text("the chart's alternative text (default: generated from the data)"),
        "axis": axis, "axis2": axis,
        "data": data,
    })
    chart["required"] = ["kind"]
    chart["anyOf"] = [{"required": ["categories", "series"]}, {"required": ["data"]}]
    audience = _obj({
        "title": _text("overrides the deck title"), "subtitle": _text("overrides the subtitle"), "description": _text("named on the title slide and cover"),
        "classification": _text("this audience's classification mark, over the outline's (대외비)"),
        "sections": _list(slug, "selection and order"), "include_tags": texts, "exclude_tags": texts,
        "notes": {"type": "boolean", "description": "false drops speaker notes"}, "handout": handout,
        "overrides": {"type": "object", "additionalProperties": {"type": "object"}, "description": "fields replaced by section or slide id"},
    })
    top = {
        "title": _text("the briefing's title"), "subtitle": _text("subtitle"), "author": _text("author"),
        "date": {"type": "string", "format": "date", "description": "YYYY-MM-DD"},
        "language": {"type": "string", "description": "BCP 47, default ko-KR; Korean writes dates 2024. 12. 2. and cites 기관, 「제목」, 연도."},
        "classification": _text("a mark on every slide and handout page, and in the files' keywords, such as 대외비"),
        "footer": _text("the footer line's text (with a template: its footer placeholder)"),
        "logo": _obj({"path": _text("PNG or JPEG inside the project"), "alt": _text("alternative text (required)")}, ("path", "alt"),
                     "a logo on every slide, where the layout leaves room"),
        "theme": _obj({
            "colors": _obj({k: {"type": "string", "pattern": v.COLOR.pattern} for k in m.DEFAULT_COLORS}),
            "fonts": _obj({"regular": _text("TrueType font path (with bold; default: the bundled pair)"),
                           "bold": _text("TrueType font path (with regular)"),
                           "fallback": _list(_text("TrueType font path"), "faces for characters the pair lacks (Hanja, ✔), used per character, before the bundled fallbacks"),
                           "embed": {"enum": list(v.EMBED_MODES), "description": "fonts in the PPTX: subset (default), full or none"},
                           "symbols": _text("one more fallback face (older spelling of fallback)")}),
            "template": _text("a .pptx, .potx, .pptm or .potm: the deck takes its size, masters, layouts, colours and footers"),
            "layouts": _obj({role: _text(desc) for role, desc in LAYOUT_ROLES.items()},
                            desc="layout names of theme.template by role, instead of the ones deckbuild picks"),
            "bullets": _list({"type": "string", "maxLength": 3}, "markers by level, such as the report style [□, ○, -, ·]",
                             minItems=1, maxItems=4),
        }),
        "handout": handout,
        "sources": _list(_obj({"id": slug, "title": _text("title"), "publisher": _text("publisher"), "year": {"type": "integer"}, "url": _text("url")}, ("id", "title"))),
        "charts": {"type": "object", "propertyNames": slug, "additionalProperties": chart},
        "sections": _list({"$ref": "#/$defs/section"}, minItems=1),
        "audiences": {"type": "object", "propertyNames": slug, "additionalProperties": audience},
        "drop": _list(slug, "with extends: ids of sections, slides, charts, sources or audiences to remove from the base"),
    }
    assert set(top) == set(v.TOP_KEYS), "bug in deckbuild: schema and validator disagree on top-level keys"
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://deckbuild.invalid/outline.schema.json",
        "title": "deckbuild outline",
        "type": "object",
        "properties": {"extends": {"type": "string", "description": EXTENDS_RULES}, **top},
        "additionalProperties": False,
        "if": {"not": {"required": ["extends"]}}, "then": {"required": ["title", "sections"]},
        "$defs": {"bullets": _list(bullet, maxItems=50), "slide": slide, "section": section},
    }
