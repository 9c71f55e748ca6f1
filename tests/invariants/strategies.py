"""Hypothesis strategies of realistic Korean briefing content (issue 16, item 7).

Numbers as statistics briefings print them (`0.72명`, `-23.7%`, `1,734억 달러`, `6,500배`,
`(1.30명)`), Korean sentences with such numbers and English words in them, short and long
titles, 1–4 key figures, charts of every kind with 3–12 labelled categories, every slide kind and
every handout layout, with and without a template of tests/templates/. `outlines()` gives a
dict ready for `yaml.safe_dump`; `korean_text()` a sentence for the line-breaker's own tests.
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path

from hypothesis import strategies as st

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
TEMPLATE_FILES = sorted(p.name for p in TEMPLATES.iterdir() if p.suffix in (".pptx", ".potx", ".potm"))

# ---- what the build accepts yet ---------------------------------------------------------------

# Spec features that other issues are still building (charts and data: 18; Korean reports: 19).
# Each is generated once deckbuild accepts it (probed on a one-slide outline), so the corpus grows
# with the implementation; INVARIANTS_PENDING=1 generates them all the same (each then fails `builds`).
_BASE = "title: t\nsections:\n  - id: s\n    title: s\n    slides:\n      - title: x\n        chart: c\n"
PROBES = {
    "message": _BASE + "        message: m\ncharts:\n  c: {kind: bar, categories: [a, b], series: [{name: n, values: [1, 2]}]}\n",
    "labels-both": _BASE + "charts:\n  c: {kind: pie, labels: both, categories: [a, b], series: [{name: n, values: [1, 2]}]}\n",
    "percent-share": _BASE + "charts:\n  c: {kind: percent-stacked-bar, labels: share, categories: [a, b], series: [{name: n, values: [1, 2]}]}\n",
}


@functools.cache
def supported(feature: str) -> bool:
    """Whether deckbuild accepts `feature` (a key of PROBES) today."""
    if os.environ.get("INVARIANTS_PENDING"):
        return True
    from deckbuild.problems import OutlineError
    from deckbuild.validate import load

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "p.yaml"
        path.write_text(PROBES[feature], encoding="utf-8")
        try:
            load(path)
        except OutlineError:
            return False
    return True


def pending() -> list[str]:
    """The spec's features the corpus leaves out because deckbuild refuses them yet."""
    return [f for f in PROBES if not supported(f)]


# ---- numbers ---------------------------------------------------------------------------------

# Units written directly after a number, and units written after a space.
ATTACHED_UNITS = ["명", "개", "배", "%", "%p", "억", "조", "만", "건", "위", "년", "원", "달러", "곳", "kg", "GW", "TWh", "ppm", ""]
SPACED_UNITS = ["억 달러", "조 원", "만 명", "억 원", "만 톤", "개국", "개 기업"]
WORDS = ["인구", "합계출산율", "수출", "증가율", "감소", "전년", "대비", "모델", "반도체", "예산", "투자", "기업", "연구개발",
         "데이터센터", "전력", "수요", "공급", "격차", "성장", "일자리", "청년", "고용률", "물가", "상승", "금리", "가계부채",
         "수준", "최저", "최고", "기록", "전망", "추정", "잠정치", "발표", "지역", "수도권", "비수도권", "정부", "민간", "부문"]
PARTICLES = ["", "", "은", "이", "을", "의", "에", "으로", "보다", "보다도", "에서", "까지"]
# After a syllable without a final consonant: 는, 가, 를, 로 (only 은, 이, 을, 으로 change).
_AFTER_VOWEL = {"은": "는", "이": "가", "을": "를", "으로": "로"}


def josa(word: str, particle: str) -> str:
    """`word` with `particle` in the form its last syllable takes (인구는, 수출은, 달러로, 6,500배를)."""
    last = word[-1:]
    if particle in _AFTER_VOWEL and "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 in (0, 8):  # none, or ㄹ before 로
        if particle == "으로" or (ord(last) - 0xAC00) % 28 == 0:
            return word + _AFTER_VOWEL[particle]
    return word + particle
ENGLISH = ["AI", "GPU", "OECD", "GDP", "HBM", "Sovereign AI", "LLM", "ChatGPT", "NVIDIA", "R&D", "GPT-4o", "IMF"]
COUNTRIES = ["한국", "일본", "미국", "중국", "이탈리아", "프랑스", "독일", "영국", "대만", "싱가포르", "인도", "캐나다"]


@st.composite
def magnitudes(draw) -> str:
    """The digits of a number: integers with thousands separators, decimals, signs."""
    kind = draw(st.sampled_from(["int", "big", "dec", "dec2", "small"]))
    if kind == "int":
        s = str(draw(st.integers(0, 999)))
    elif kind == "big":
        s = f"{draw(st.integers(1000, 99_999_999)):,}"
    elif kind == "dec":
        s = f"{draw(st.integers(0, 9999)) / 10:,.1f}"
    elif kind == "dec2":
        s = f"{draw(st.integers(0, 999)) / 100:.2f}"
    else:
        s = f"0.{draw(st.integers(1, 99)):02d}"
    sign = draw(st.sampled_from(["", "", "", "-", "+", "△"]))
    return sign + s


@st.composite
def numbers(draw) -> str:
    """A number as printed: `0.72명`, `-23.7%`, `1,734억 달러`, `(1.30명)`, `6,500배`."""
    n = draw(magnitudes())
    form = draw(st.sampled_from(["attached", "attached", "spaced", "bracketed"]))
    if form == "spaced":
        return f"{n}{draw(st.sampled_from(['억', '조', '만', '']))} {draw(st.sampled_from(['달러', '원', '명', '톤']))}".replace("  ", " ")
    unit = draw(st.sampled_from(ATTACHED_UNITS))
    return f"({n}{unit})" if form == "bracketed" else f"{n}{unit}"


FIXED_NUMBERS = ["0.72명", "-23.7%", "1,734억 달러", "6,500배", "238,343명", "1.30명", "99999명", "+0.0%", "△3.2%p"]
NUMBER = st.one_of(numbers(), st.sampled_from(FIXED_NUMBERS))


@st.composite
def phrases(draw) -> str:
    """One space-separated piece of a sentence: a word, a word with a number, a comparison."""
    kind = draw(st.sampled_from(["word", "word", "number", "number", "english", "compare", "glued"]))
    if kind == "word":
        return josa(draw(st.sampled_from(WORDS)), draw(st.sampled_from(PARTICLES)))
    if kind == "number":
        return josa(draw(NUMBER), draw(st.sampled_from(PARTICLES)))
    if kind == "english":
        return draw(st.sampled_from(ENGLISH))
    if kind == "compare":  # 일본(1.30명)·이탈리아(1.25명)보다도: one long unspaced word
        k = draw(st.integers(1, 3))
        parts = [f"{draw(st.sampled_from(COUNTRIES))}({draw(magnitudes())}{draw(st.sampled_from(ATTACHED_UNITS))})" for _ in range(k)]
        return josa("·".join(parts), draw(st.sampled_from(PARTICLES)))
    # a word and a number without a space: 수출액1,734억달러
    return draw(st.sampled_from(WORDS)) + draw(magnitudes()) + draw(st.sampled_from(ATTACHED_UNITS))


def korean_text(min_words: int = 1, max_words: int = 16) -> st.SearchStrategy[str]:
    """A line of briefing text: Korean words, numbers with units, English terms."""
    return st.lists(phrases(), min_size=min_words, max_size=max_words).map(" ".join)


SHORT = korean_text(1, 4)
TEXT = korean_text(2, 16)
LONG_TITLE = korean_text(6, 10).map(lambda s: s[:40].strip())
TITLE = st.one_of(SHORT, LONG_TITLE)

# ---- charts ----------------------------------------------------------------------------------

CHART_KINDS = ["bar", "column", "stacked-bar", "stacked-column", "percent-stacked-bar", "percent-stacked-column",
               "line", "area", "stacked-area", "pie", "doughnut", "combo"]
CHART_UNITS = [None, "명", "만 명", "억 달러", "%", "개", "조 원"]
CHART_FORMATS = [None, "#,##0", "0.0", "#,##0.0", "0.00", "+0.0;-0.0", "#,##0;△#,##0"]
CATEGORY = st.one_of(st.sampled_from(COUNTRIES), st.sampled_from(WORDS), st.integers(2015, 2030).map(lambda y: f"{y}년"),
                     korean_text(1, 3))


@st.composite
def charts(draw) -> dict:
    kind = draw(st.sampled_from(CHART_KINDS))
    n = draw(st.integers(3, 12))
    cats = draw(st.lists(CATEGORY, min_size=n, max_size=n, unique=True))
    circular = kind in ("pie", "doughnut")
    k = 1 if circular else 2 if kind == "combo" else draw(st.integers(1, 3))
    big = draw(st.booleans())
    value = st.floats(0, 99_999 if big else 100, allow_nan=False).map(lambda v: round(v, 1))
    if not circular and kind not in ("stacked-bar", "stacked-column", "percent-stacked-bar", "percent-stacked-column",
                                      "stacked-area") and draw(st.booleans()):
        value = st.floats(-50, 100, allow_nan=False).map(lambda v: round(v, 1))  # growth rates
    names = draw(st.lists(st.sampled_from(WORDS + ENGLISH), min_size=k, max_size=k, unique=True))
    series = [{"name": name, "values": draw(st.lists(value, min_size=n, max_size=n))} for name in names]
    if kind == "combo":
        series[0]["kind"], series[1]["kind"] = "column", "line"
        if draw(st.booleans()):  # the line on a second axis, in its own format (a growth rate in %)
            series[1].update(axis="secondary", unit="%", number_format=draw(st.sampled_from(["0.0", "0.0;△0.0", "+0.0;-0.0"])))
    if draw(st.integers(0, 4)) == 0:  # no data for one point: a gap
        series[-1]["values"][draw(st.integers(0, n - 1))] = None
    chart = {"kind": kind, "title": draw(TITLE), "categories": cats, "series": series}
    if not circular and draw(st.integers(0, 3)) == 0:
        chart["axis"] = {"title": draw(SHORT)}
    choices = [None, True, "share", "both"] if circular else [None, True, "share", "both"] if kind.startswith("percent") else [None, True]
    labels = draw(st.sampled_from([c for c in choices if (c != "both" or supported("labels-both"))
                                   and (c != "share" or circular or supported("percent-share"))]))
    if labels is not None:
        chart["labels"] = labels
    unit = draw(st.sampled_from(CHART_UNITS))
    if unit:
        chart["unit"] = unit
    fmt = draw(st.sampled_from(CHART_FORMATS))
    if fmt:
        chart["number_format"] = fmt
    if draw(st.booleans()):
        chart["highlight"] = [draw(st.sampled_from(cats))]
    if draw(st.booleans()):
        chart["note"] = draw(TEXT)
    return chart


# ---- slides ----------------------------------------------------------------------------------

SLIDE_KINDS = ["bullets", "chart", "stat", "quote", "table", "faq", "columns", "image", "title"]


def bullets(depth: int = 1, max_size: int = 6):
    if depth >= 3:
        return st.lists(TEXT, min_size=1, max_size=4)
    node = st.one_of(TEXT, TEXT, st.fixed_dictionaries({"text": TEXT, "bullets": bullets(depth + 1, 4)}))
    return st.lists(node, min_size=1, max_size=max_size)


@st.composite
def key_figure(draw) -> dict:
    value = draw(st.one_of(NUMBER.filter(lambda s: not s.startswith("(")), st.sampled_from(["238,343명", "1,734억 달러"])))
    out = {"value": value, "label": draw(SHORT)}
    if draw(st.booleans()):
        out["detail"] = draw(TEXT)
    return out


@st.composite
def tables(draw) -> dict:
    ncol = draw(st.integers(2, 5))
    columns = [draw(SHORT)] + [draw(st.one_of(st.integers(2019, 2025).map(lambda y: f"{y}년 (억 원)"), SHORT)) for _ in range(ncol - 1)]
    rows = [[draw(SHORT)] + [draw(st.one_of(NUMBER, magnitudes(), st.just("—"))) for _ in range(ncol - 1)]
            for _ in range(draw(st.integers(1, 7)))]
    table = {"columns": columns, "rows": rows}
    if draw(st.booleans()):
        table["caption"] = draw(TEXT)
    return table


@st.composite
def slides(draw, chart_ids: list[str], kind: str | None = None) -> dict:
    kind = kind or draw(st.sampled_from(SLIDE_KINDS))
    slide: dict = {"title": draw(TITLE)}
    if supported("message") and draw(st.integers(0, 3)) == 0:
        slide["message"] = draw(TITLE)  # a key message is one line, two at most (spec): a headline, not a paragraph
    if kind == "bullets":
        slide["bullets"] = draw(bullets())
    elif kind == "chart":
        slide["chart"] = draw(st.sampled_from(chart_ids))
        if draw(st.booleans()):
            slide["bullets"] = draw(st.lists(SHORT, min_size=1, max_size=4))
    elif kind == "stat":
        slide["stat"] = draw(st.lists(key_figure(), min_size=1, max_size=4))
    elif kind == "quote":
        slide["quote"] = {"text": draw(TEXT)} | ({"by": draw(SHORT)} if draw(st.booleans()) else {})
    elif kind == "table":
        slide["table"] = draw(tables())
    elif kind == "faq":
        slide["faq"] = draw(st.lists(st.fixed_dictionaries({"q": TEXT, "a": TEXT}), min_size=1, max_size=4))
    elif kind == "columns":
        col = st.fixed_dictionaries({"title": SHORT, "bullets": st.lists(TEXT, min_size=1, max_size=4)})
        slide["columns"] = draw(st.lists(col, min_size=2, max_size=3))
    elif kind == "image":
        slide["image"] = {"path": "pic.png", "alt": draw(SHORT)} | ({"caption": draw(TEXT)} if draw(st.booleans()) else {})
    if draw(st.booleans()):
        slide["notes"] = draw(TEXT)
    if draw(st.booleans()):
        slide["handout"] = draw(TEXT)
    return slide


HANDOUTS = st.one_of(
    st.just({"layout": "article"}),
    st.just({"layout": "notes"}),
    st.sampled_from([2, 3, 4, 6]).map(lambda n: {"layout": "grid", "slides_per_page": n}),
)


@st.composite
def outlines(draw, kinds: list[str] | None = None) -> dict:
    """A whole outline; `kinds` forces the slide kinds (one slide each, in order)."""
    chart_defs = {f"c{i}": draw(charts()) for i in range(draw(st.integers(1, 2)))}
    ids = list(chart_defs)
    if kinds:
        slide_list = [draw(slides(ids, k)) for k in kinds]
        sections = [{"id": "s0", "title": draw(TITLE), "slides": slide_list}]
    else:
        sections = []
        for i in range(draw(st.integers(1, 2))):
            section = {"id": f"s{i}", "title": draw(TITLE), "slides": draw(st.lists(slides(ids), min_size=1, max_size=4))}
            if draw(st.booleans()):
                section["summary"] = draw(TEXT)
            if draw(st.booleans()):
                section["body"] = draw(TEXT)
            sections.append(section)
    out = {"title": draw(TITLE), "date": "2024-12-02", "charts": chart_defs, "sections": sections,
           "handout": draw(HANDOUTS)}
    if draw(st.booleans()):
        out["subtitle"] = draw(TEXT)
    if draw(st.integers(0, 2)) == 0:
        out["theme"] = {"template": draw(st.sampled_from(TEMPLATE_FILES))}
    if draw(st.booleans()):
        out["sources"] = [{"id": "src", "title": draw(SHORT), "publisher": draw(SHORT), "year": 2024}]
    return out
