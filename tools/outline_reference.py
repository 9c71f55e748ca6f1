"""docs/outline.md's key tables, made from the outline's JSON Schema; its code lists, from the registry.

In: docs/outline.md as written by hand, whose marker lines say what goes between them:
`<!-- keys: PATH -->` … `<!-- /keys -->` (the keys of the object at PATH, as `deckbuild.schema` has
them: what each says, its value, an example from EXAMPLES below), `<!-- codes -->` … `<!-- /codes -->`
(`deckbuild.codes.CODES`). Out: the same file with those blocks rewritten; the prose between them is
left as it is. A key the schema gains shows up in its object's table when this is run; it needs an
example here (and, where the schema's description says too little for a reader, a line in WHAT).

    python tools/outline_reference.py           # rewrite docs/outline.md
    python tools/outline_reference.py --check   # exit 1 when docs/outline.md is not current

Key paths name a key through its objects, without list indexes: `theme.fonts.regular`,
`sections.slides.table.columns.align`; `*` stands for a name the user chooses (`charts.*.kind`,
`audiences.*.overrides`). `tests/test_docs.py` holds the reference to the schema and the registries.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "outline.md"
BLOCK = re.compile(r"(<!-- (keys: ?([\w.*-]*)|codes) -->\n)(.*?)(<!-- /(?:keys|codes) -->)", re.S)


def schema() -> dict:
    sys.path.insert(0, str(ROOT / "src"))
    from deckbuild.schema import outline_schema

    return outline_schema()


def _deref(node: dict, root: dict) -> dict:
    while "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def objects(root: dict) -> dict[str, dict]:
    """Every object of the outline with named keys → its schema, by key path ('' is the top level)."""
    out: dict[str, dict] = {}

    def walk(node: dict, path: str, refs: tuple[str, ...]) -> None:
        if "$ref" in node:
            if node["$ref"] in refs:
                return  # bullets inside bullets: the same object again
            refs = (*refs, node["$ref"])
            node = _deref(node, root)
        for sub in node.get("anyOf", []):
            walk(sub, path, refs)
        if "items" in node:
            walk(node["items"], path, refs)
        if isinstance(node.get("additionalProperties"), dict) and "propertyNames" in node:
            walk(node["additionalProperties"], f"{path}.*" if path else "*", refs)
        if "properties" in node:
            out.setdefault(path, node)
            for name, sub in node["properties"].items():
                walk(sub, f"{path}.{name}" if path else name, refs)

    walk(root, "", ())
    return out


def keys(root: dict) -> dict[str, dict]:
    """Every key path of the outline → its schema."""
    return {f"{p}.{k}" if p else k: sub for p, obj in objects(root).items() for k, sub in obj["properties"].items()}


def value_of(node: dict, root: dict) -> str:
    """A key's value in a few words, from its schema."""
    node = _deref(node, root)
    if "enum" in node:
        return " \\| ".join(f"`{json.dumps(v, ensure_ascii=False).strip(chr(34))}`" for v in node["enum"])
    if "properties" in node:
        return "mapping"
    if "anyOf" in node:
        return " or ".join(dict.fromkeys(value_of(s, root) for s in node["anyOf"]))
    t = node.get("type")
    if t == "array":
        return f"list of {value_of(node.get('items', {}), root)}".replace("list of list", "list of lists")
    if t == "object":
        return "mapping of names"
    if "pattern" in node and node["pattern"].startswith("^#"):
        return "`#RRGGBB`"
    if node.get("format") == "date":
        return "date `YYYY-MM-DD`"
    if "pattern" in node and "a-z0-9" in node["pattern"]:
        return "id `[a-z0-9-]`"
    return {"boolean": "`true` \\| `false`", "integer": "whole number", "number": "number", "string": "text"}.get(
        t if isinstance(t, str) else "string" if "string" in (t or []) else "", "text")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def key_table(root: dict, path: str) -> str:
    obj = objects(root)[path]
    required = set(obj.get("required", ()))
    rows = ["| key | value | what it does | example |", "| --- | --- | --- | --- |"]
    for name, sub in obj["properties"].items():
        kp = f"{path}.{name}" if path else name
        what = WHAT.get(kp) or _deref(sub, root).get("description", "")
        value = value_of(sub, root) + (", **required**" if name in required else "")
        example = EXAMPLES.get(kp, "")
        rows.append(f"| `{name}` | {value} | {_cell(what)} | {'`' + example + '`' if example else ''} |")
    return "\n".join(rows) + "\n"


def codes_table() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from deckbuild.codes import CODES

    rows = ["| code | the problem |", "| --- | --- |"]
    rows += [f"| `{code}` | {_cell(what)} |" for code, what in CODES.items()]
    return "\n".join(rows) + "\n"


def render(text: str, root: dict) -> str:
    def block(m: re.Match) -> str:
        body = codes_table() if m.group(2) == "codes" else key_table(root, m.group(3))
        return m.group(1) + body + m.group(5)

    return BLOCK.sub(block, text)


# What a key does, where the schema's description (written for an editor's tooltip) says too little.
WHAT: dict[str, str] = {
    "extends": "a base outline (relative to this file, inside the project) that this outline changes by id; see extends and drop",
    "title": "the briefing's title: the title slide, the handout's cover and running header, the files' properties",
    "subtitle": "under the title on the title slide and the cover",
    "author": "the author or team, on the title slide and the cover, and in the files' properties",
    "date": "on the title slide and the cover, and the files' date (without it: SOURCE_DATE_EPOCH, else 2000-01-01)",
    "language": "the language of the text (BCP 47, default ko-KR): the PPTX's and charts' language tags",
    "theme": "colours, fonts and a template (see theme)",
    "handout": "the printed handout's paper, layout and parts (see handout)",
    "sources": "the sources the briefing cites, each with an id (see sources)",
    "charts": "charts by id, each shown by the slides that name it (see charts)",
    "sections": "the sections, in order; at least one (see sections)",
    "audiences": "audiences by name, each a cut of the briefing (see audiences)",
    "theme.colors": "colours by role (see theme.colors)",
    "theme.fonts": "the text faces, fallbacks and embedding (see theme.fonts)",
    "theme.layouts": "the template's layout names by role (see theme.layouts)",
    "theme.colors.primary": "titles, headings, the first chart series, accent bars",
    "theme.colors.accent": "highlighted chart categories, the second series, emphasis",
    "theme.colors.text": "body text",
    "theme.colors.muted": "sources, notes, captions, slide numbers, paled chart categories",
    "theme.colors.surface": "the background of cards, zebra table rows and key-figure panels",
    "handout.cover": "a cover page with the title, subtitle, author, date and audience (default true)",
    "handout.contents": "a contents page with each section's page (default true)",
    "sources.id": "the id charts name in `source`",
    "sources.title": "the work's title",
    "sources.publisher": "who published it",
    "sources.year": "the year it was published (1–9999)",
    "sources.url": "where to find it, printed with the citation",
    "charts.*.kind": "the chart's kind (see Chart kinds)",
    "charts.*.title": "the chart's title, shown with the chart in the handout",
    "charts.*.categories": "the categories, in order (one value per category in each series)",
    "charts.*.series": "the series: a name and one value per category (see charts.*.series)",
    "charts.*.highlight": "categories drawn in the accent colour (on several series: the others paled)",
    "sections.id": "the section's id (unique): audiences select and override by it",
    "sections.title": "the section's title: divider slide, agenda, handout heading, bookmark",
    "sections.tags": "tags for audiences' include_tags and exclude_tags; the section's slides carry them too",
    "sections.audiences": "shown only to these audiences (and in the full build)",
    "sections.slides": "the section's slides, in order (see slides)",
    "sections.slides.notes": "speaker notes: the PPTX's notes page, and the notes handout",
    "sections.slides.handout": "print-only text: printed with the slide in the article and notes handouts, never on a slide",
    "sections.slides.id": "the slide's id (unique): audiences override by it, extends merges by it",
    "sections.slides.tags": "tags for audiences' include_tags and exclude_tags",
    "sections.slides.bullets": "a bullets slide; on a chart slide, up to 4 points beside the chart",
    "sections.slides.chart": "a chart slide: the id of a chart in `charts`",
    "sections.slides.caption": "a chart slide's caption, under the chart",
    "sections.slides.stat": "a key-figure slide: one figure or a list of 1 to 4",
    "sections.slides.quote": "a pull-quote slide",
    "sections.slides.table": "a table slide",
    "sections.slides.faq": "a questions-and-answers slide",
    "sections.slides.columns": "a slide of 2 or 3 columns side by side",
    "sections.slides.image": "a picture slide",
    "sections.slides.bullets.text": "the bullet's text",
    "sections.slides.bullets.bullets": "its sub-points (3 levels at most)",
    "sections.slides.table.columns": "the header row: names, or {name, align, width} (with data: renames the file's)",
    "sections.slides.table.rows": "the rows, each a list of as many cells as there are columns",
    "sections.slides.table.data": "rows from a CSV or .xlsx file; its first row names the columns (see Data files)",
    "sections.slides.table.data.file": "the CSV file (UTF-8 or CP949) or .xlsx workbook, inside the project",
    "sections.slides.table.data.sheet": "the workbook's sheet, by name (default: the first)",
    "sections.slides.table.data.range": "the cells to read (default: the sheet's used range)",
    "sections.slides.columns.bullets": "the column's bullets",
    "audiences.*.title": "the deck's title for this audience",
    "audiences.*.subtitle": "the subtitle for this audience",
    "audiences.*.sections": "which sections, in this order",
    "audiences.*.include_tags": "keep only the slides and sections with one of these tags",
    "audiences.*.exclude_tags": "drop the slides and sections with one of these tags",
    "audiences.*.handout": "handout settings for this audience, over the outline's",
    "audiences.*.overrides": "fields replaced, by section or slide id",
}

# One example per key, as a line of YAML would write it (inline): each is checked against the schema.
EXAMPLES: dict[str, str] = {
    "extends": "extends: sovereign-ai.yaml",
    "title": "title: 초거대 AI 모델 개발 전쟁의 서막",
    "subtitle": "subtitle: 한국의 위치와 소버린 AI 전략",
    "author": "author: 전략기획팀",
    "date": "date: 2024-12-02",
    "language": "language: ko-KR",
    "classification": "classification: 대외비",
    "footer": "footer: 전략기획팀",
    "logo": "logo: {path: assets/logo.png, alt: 기관 로고}",
    "logo.path": "path: assets/logo.png",
    "logo.alt": "alt: 과학기술정보통신부 로고",
    "theme.bullets": 'bullets: ["□", "○", "-", "·"]',
    "handout.notes": "notes: false",
    "handout.page_number": 'page_number: "- {n} -"',
    "sections.appendix": "appendix: true",
    "sections.slides.message": "message: 한국은 3위, 그러나 격차는 크다",
    "audiences.*.classification": "classification: 대외비",
    "theme": 'theme: {colors: {primary: "#0B3D91"}}',
    "handout": "handout: {layout: grid, slides_per_page: 3}",
    "sources": "sources: [{id: spri, title: 초거대 AI 모델 동향}]",
    "charts": "charts: {models: {kind: pie, categories: [미국, 한국], series: [{values: [128, 14]}]}}",
    "sections": "sections: [{id: summary, title: 핵심 요약}]",
    "audiences": "audiences: {executive: {sections: [summary]}}",
    "drop": "drop: [position-share, faq]",
    "theme.colors": 'colors: {primary: "#0B3D91", accent: "#E4572E"}',
    "theme.fonts": "fonts: {regular: assets/fonts/Nanum-Regular.ttf, bold: assets/fonts/Nanum-Bold.ttf}",
    "theme.template": "template: assets/templates/company.pptx",
    "theme.layouts": "layouts: {title: 표지, section: 간지, content: 본문}",
    "theme.colors.primary": 'primary: "#0B3D91"',
    "theme.colors.accent": 'accent: "#E4572E"',
    "theme.colors.text": 'text: "#1F2328"',
    "theme.colors.muted": 'muted: "#6E7781"',
    "theme.colors.surface": 'surface: "#F3F5F8"',
    "theme.fonts.regular": "regular: assets/fonts/NanumGothic.ttf",
    "theme.fonts.bold": "bold: assets/fonts/NanumGothicBold.ttf",
    "theme.fonts.fallback": "fallback: [assets/fonts/Hanja.ttf]",
    "theme.fonts.embed": "embed: full",
    "theme.fonts.symbols": "symbols: assets/fonts/Symbols.ttf",
    "theme.layouts.title": "title: 표지",
    "theme.layouts.section": "section: 간지",
    "theme.layouts.content": "content: 제목 및 내용",
    "theme.layouts.two": "two: 콘텐츠 2개",
    "theme.layouts.title-only": "title-only: 제목만",
    "theme.layouts.closing": "closing: 마무리",
    "handout.paper": "paper: B5",
    "handout.layout": "layout: notes",
    "handout.slides_per_page": "slides_per_page: 3",
    "handout.cover": "cover: false",
    "handout.contents": "contents: false",
    "sources.id": "id: spri",
    "sources.title": "title: 초거대 AI 모델 동향",
    "sources.publisher": "publisher: 소프트웨어정책연구소(SPRi)",
    "sources.year": "year: 2024",
    "sources.url": "url: https://spri.kr/",
    "charts.*.kind": "kind: stacked-column",
    "charts.*.title": "title: 초거대 AI 모델 발표 수 (2020–2024)",
    "charts.*.categories": "categories: [미국, 중국, 한국, 프랑스]",
    "charts.*.series": "series: [{name: 모델 수, values: [128, 95, 14, 10]}]",
    "charts.*.unit": "unit: 개",
    "charts.*.number_format": 'number_format: "#,##0"',
    "charts.*.highlight": "highlight: [한국]",
    "charts.*.labels": "labels: share",
    "charts.*.source": "source: spri",
    "charts.*.data": "data: data/exports.csv",
    "charts.*.series.name": "name: 모델 수",
    "charts.*.series.values": "values: [128, 95, 14, 10]",
    "charts.*.series.kind": "kind: line",
    "charts.*.series.axis": "axis: secondary",
    "charts.*.series.unit": 'unit: "%"',
    "charts.*.series.number_format": 'number_format: "0.0;△0.0"',
    "charts.*.note": "note: 2024년은 잠정치.",
    "charts.*.alt": "alt: 미국과 중국이 전체의 90% 이상을 차지한다",
    "charts.*.axis": "axis: {title: 억 달러, number_format: \"#,##0\", min: 0}",
    "charts.*.axis2": "axis2: {title: 증가율(%), number_format: \"0\"}",
    "charts.*.axis.title": "title: 억 달러",
    "charts.*.axis.number_format": 'number_format: "#,##0"',
    "charts.*.axis.min": "min: 0",
    "charts.*.axis.max": "max: 8000",
    "charts.*.axis2.title": "title: 증가율(%)",
    "charts.*.axis2.number_format": 'number_format: "0"',
    "charts.*.axis2.min": "min: -20",
    "charts.*.axis2.max": "max: 30",
    "sections.id": "id: position",
    "sections.title": "title: 한국의 위치",
    "sections.tags": "tags: [core, detail]",
    "sections.audiences": "audiences: [policy, executive]",
    "sections.divider": "divider: true",
    "sections.summary": "summary: 세계 3위, 그러나 격차는 크다",
    "sections.body": "body: 한국은 14개의 모델을 발표해 3위다.",
    "sections.slides": "slides: [{title: 세계 3위, bullets: [미국 128개]}]",
    "sections.slides.title": "title: 세계 3위, 그러나 넘어야 할 산",
    "sections.slides.id": "id: position-rank",
    "sections.slides.notes": "notes: 미국과 중국이 90%를 차지한다.",
    "sections.slides.handout": "handout: 인쇄본에만 들어가는 설명",
    "sections.slides.audiences": "audiences: [policy]",
    "sections.slides.tags": "tags: [detail]",
    "sections.slides.layout": "layout: 본문 2단",
    "sections.slides.bullets": "bullets: [미국 128개, 중국 95개, 한국 14개]",
    "sections.slides.chart": "chart: models-by-country",
    "sections.slides.caption": "caption: 2024년은 잠정치",
    "sections.slides.stat": 'stat: {value: "6,500배", label: 한국어 데이터}',
    "sections.slides.quote": "quote: {text: 데이터가 곧 주권이다, by: 과학기술정보통신부}",
    "sections.slides.table": "table: {columns: [지역, 매출], rows: [[서울, 1200]]}",
    "sections.slides.faq": 'faq: [{q: "소버린 AI란?", a: 자국 데이터로 만든 AI}]',
    "sections.slides.columns": "columns: [{title: 한국, bullets: [14개]}, {title: 미국, bullets: [128개]}]",
    "sections.slides.image": "image: {path: assets/map.png, alt: 국가별 모델 수 지도}",
    "sections.slides.bullets.text": "text: 자동차는 소폭 감소",
    "sections.slides.bullets.bullets": "bullets: [미국 관세 영향]",
    "sections.slides.stat.value": "value: 1,734억 달러",
    "sections.slides.stat.label": "label: 수출액",
    "sections.slides.stat.detail": "detail: 전년 대비 8.1% 증가",
    "sections.slides.quote.text": "text: 데이터가 곧 주권이다",
    "sections.slides.quote.by": "by: 과학기술정보통신부 장관",
    "sections.slides.table.columns": 'columns: [지역, "2024년 (억 원)"]',
    "sections.slides.table.rows": 'rows: [[서울, "1,200"], [부산, 800]]',
    "sections.slides.table.caption": "caption: 잠정치 기준",
    "sections.slides.table.total": "total: true",
    "sections.slides.table.unit": "unit: 억 원",
    "sections.slides.table.data": "data: {file: data/t.xlsx, sheet: 수출}",
    "sections.slides.table.columns.name": "name: 증감률",
    "sections.slides.table.columns.align": "align: center",
    "sections.slides.table.columns.width": "width: 2",
    "sections.slides.table.data.file": "file: data/t.xlsx",
    "sections.slides.table.data.sheet": "sheet: 수출",
    "sections.slides.table.data.range": "range: A1:D9",
    "sections.slides.faq.q": "q: 소버린 AI란 무엇인가?",
    "sections.slides.faq.a": "a: 자국의 데이터와 인프라로 만든 AI다.",
    "sections.slides.columns.title": "title: 한국",
    "sections.slides.columns.bullets": "bullets: [모델 14개, 3위]",
    "sections.slides.image.path": "path: assets/map.png",
    "sections.slides.image.alt": "alt: 국가별 초거대 AI 모델 수를 표시한 세계 지도",
    "sections.slides.image.caption": "caption: 2024년 기준",
    "audiences.*.title": "title: 경영진 브리핑",
    "audiences.*.subtitle": "subtitle: 10분 요약",
    "audiences.*.description": "description: 경영진 10분 보고",
    "audiences.*.sections": "sections: [summary, position, conclusion]",
    "audiences.*.include_tags": "include_tags: [core]",
    "audiences.*.exclude_tags": "exclude_tags: [detail]",
    "audiences.*.notes": "notes: false",
    "audiences.*.handout": "handout: {layout: grid, slides_per_page: 3}",
    "audiences.*.overrides": "overrides: {position-rank: {title: 모델 수 세계 3위}}",
}


def main(argv: list[str]) -> int:
    text = DOC.read_text(encoding="utf-8")
    new = render(text, schema())
    if "--check" in argv:
        if new != text:
            print("docs/outline.md is not current: run python tools/outline_reference.py", file=sys.stderr)
            return 1
        return 0
    if new != text:
        DOC.write_text(new, encoding="utf-8")
        print(f"wrote {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
