"""The document's structure, decided once for the deck, the handout and the slides PDF: reading order,
structure types, decorative marks and alternative texts.

In: a slide's boxes as its kind laid them out (and the deck's charts and language); the handout's
blocks and text styles. Out:
- `slide_boxes`: the boxes in the order both the PPTX (its spTree: the reading order of screen
  readers and PowerPoint's Selection Pane) and the slides PDF draw them — what only decorates
  first (backgrounds, accent bars, rules, card fills: drawn behind, marked decorative, artifacts
  in the PDF), then the title, the content in reading order, sources and notes, and last the
  slide number, date and footer — each with its structure type (`TextBox.tag`) and the
  alternative text of charts and tables (`ChartBox.alt`, `TableBox.alt`);
- `slide_alt`: a slide as a picture (the handout's thumbnails): its number, title and what it shows;
- `chart_alt`: a chart's `alt`, or a sentence from its kind, title, unit and values, in the deck's
  language (`세로 막대형 차트, 초거대 AI 모델 발표 수 (2020–2024): 미국 128개, 중국 95개, …`);
- `STYLE_TAGS`: the structure type of each handout text style (the PDF tags paragraphs by it).

The renderers only follow: nothing under render/ decides what is a heading or what a chart says.
"""

from __future__ import annotations

from dataclasses import replace

from .. import model as m
from ..plan import ChartBox, ImageBox, PlanSlide, Rect, TableBox, TextBox
from .charts import label_text

# Chart kinds as people name them, by ChartType member name (Korean, other languages). A kind
# without an entry is called a chart.
KIND_NAMES = {
    "BAR": ("가로 막대형 차트", "Bar chart"),
    "COLUMN": ("세로 막대형 차트", "Column chart"),
    "STACKED_BAR": ("누적 가로 막대형 차트", "Stacked bar chart"),
    "STACKED_COLUMN": ("누적 세로 막대형 차트", "Stacked column chart"),
    "PERCENT_STACKED_BAR": ("100% 누적 가로 막대형 차트", "100% stacked bar chart"),
    "PERCENT_STACKED_COLUMN": ("100% 누적 세로 막대형 차트", "100% stacked column chart"),
    "LINE": ("꺾은선형 차트", "Line chart"),
    "AREA": ("영역형 차트", "Area chart"),
    "STACKED_AREA": ("누적 영역형 차트", "Stacked area chart"),
    "PIE": ("원형 차트", "Pie chart"),
    "DOUGHNUT": ("도넛형 차트", "Doughnut chart"),
    "COMBO": ("콤보 차트", "Combo chart"),
}
MAX_VALUES = 40  # values named in a generated text; more are counted ("외 12개")
MAX_SLIDE_ALT = 120  # characters of what a slide shows, in its thumbnail's text (the handout prints the rest)

# What deckbuild writes itself, by language (Korean, other).
WORDS = {
    "chart": ("차트", "Chart"),
    "slide": ("슬라이드", "Slide"),
    "table": ("표", "Table"),
    "picture": ("그림", "Picture"),
    "more": ("외 {n}개", "and {n} more"),
    "none": ("값 없음", "no value"),
}

# Slide text boxes by role: their structure type (a kind may set a box's own, as the quote does). A
# role not named here is a paragraph.
ROLE_TAGS = {
    "title": "H2", "subtitle": "P", "caption": "Caption", "source": "Note", "note": "Note",
    "number": "Artifact", "date": "Artifact", "footer": "Artifact",
}
# Reading order by structure type: the title first, then content (0), then captions, sources and
# notes, then the page furniture a screen reader skips.
TAG_RANK = {"H1": -1, "H2": -1, "Caption": 1, "Note": 2, "Artifact": 3}
TOP_LEVEL_KINDS = ("title", "divider")  # their title is a top-level heading (H1); other slides' titles H2

# Handout text styles → structure types (the handout's headings: the cover title, page titles and
# sections H1, slide titles H2; captions and source lines under figures).
STYLE_TAGS = {
    "cover-title": "H1", "h0": "H1", "h1": "H1", "h2": "H2", "thumb-title": "H2", "grid-heading": "H1",
    "grid-label": "H2", "chart-title": "Caption", "small": "Caption", "thumb-label": "Caption", "header": "Artifact",
}


def korean(language: str) -> bool:
    return language.lower().startswith("ko")


def word(key: str, language: str, **kw) -> str:
    ko, other = WORDS[key]
    return (ko if korean(language) else other).format(**kw)


def kind_name(kind, language: str) -> str:
    ko, other = KIND_NAMES.get(getattr(kind, "name", ""), (WORDS["chart"]))
    return ko if korean(language) else other


def chart_alt(chart: m.Chart, language: str) -> str:
    """The chart's alternative text: its own `alt`, else its kind, title and values, each value as
    its labels print it (number format and unit): one series by category, several by series."""
    own = getattr(chart, "alt", None)
    if own:
        return own
    head = kind_name(chart.kind, language) + (f", {chart.title}" if chart.title else "")

    def value(v) -> str:
        return word("none", language) if v is None else label_text(chart, v)

    single = len(chart.series) == 1
    parts: list[str] = []
    named = 0
    total = sum(len(s.values) for s in chart.series)
    for s in chart.series:
        items = []
        for c, v in zip(chart.categories, s.values):
            if named == MAX_VALUES:
                break
            items.append(f"{c} {value(v)}")
            named += 1
        if items:
            parts.append(", ".join(items) if single else f"{s.name} — " + ", ".join(items))
    more = f" ({word('more', language, n=total - named)})" if named < total else ""
    return f"{head}: " + "; ".join(parts) + more


def table_alt(caption: str | None, slide_title: str, language: str) -> str:
    return caption or f"{word('table', language)}: {slide_title}"


def _text_of(box: TextBox, limit: int = 160) -> str:
    text = " ".join(" ".join(line.text for line in p.lines) for p in box.paras).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def slide_boxes(boxes: list, kind: str, title: str, language: str, charts: dict | None = None) -> list:
    """`boxes` in reading order with their structure types and alternative texts (see the module's
    docstring): decorative rects first (drawn behind), then the rest by role rank, the kind's own
    order kept within a rank."""
    charts = charts or {}
    decor, content = [], []
    for b in boxes:
        if isinstance(b, Rect):
            decor.append(replace(b, decorative=True))
        elif isinstance(b, TextBox):
            tag = b.tag if b.tag != "P" else ROLE_TAGS.get(b.role, "P")
            if b.role == "title" and kind in TOP_LEVEL_KINDS:
                tag = "H1"
            elif tag == "P" and any(p.bullet for p in b.paras):
                tag = "L"
            content.append(replace(b, tag=tag))
        elif isinstance(b, ChartBox):
            chart = charts.get(b.spec.id)
            content.append(replace(b, alt=chart_alt(chart, language) if chart else f"{word('chart', language)}: {title}"))
        elif isinstance(b, TableBox):
            caption = next((x for x in boxes if isinstance(x, TextBox) and x.role == "caption"), None)
            content.append(replace(b, alt=table_alt(_text_of(caption) if caption else None, title, language)))
        else:
            content.append(b)
    content.sort(key=lambda b: TAG_RANK.get(getattr(b, "tag", ""), 0))
    return decor + content


def slide_alt(slide: PlanSlide, language: str) -> str:
    """A slide as a picture: `슬라이드 5: 세계 3위, 그러나 넘어야 할 산. 세로 막대형 차트, …` — its
    number and title, then what it shows (its charts', tables' and pictures' texts, else its text)."""
    head = f"{word('slide', language)} {slide.number}: {slide.title}"
    shown = [b.alt for b in slide.boxes if isinstance(b, (ChartBox, TableBox, ImageBox)) and b.alt]
    if not shown:
        shown = [_text_of(b) for b in slide.boxes
                 if isinstance(b, TextBox) and b.tag not in ("H1", "H2", "Artifact") and _text_of(b)]
    body = " ".join(shown)
    if len(body) > MAX_SLIDE_ALT:
        body = body[: MAX_SLIDE_ALT - 1].rstrip() + "…"
    return f"{head}. {body}" if body else head


def structured(slide: PlanSlide, language: str, charts: dict | None = None) -> PlanSlide:
    """The slide with its boxes in reading order, tagged, and its own alternative text."""
    s = replace(slide, boxes=tuple(slide_boxes(list(slide.boxes), slide.kind, slide.title, language, charts)))
    return replace(s, alt=slide_alt(s, language))
