"""`language` → the words deckbuild writes itself, and how it writes dates and citations: decided
here, once per build, and carried in the plan's `DocInfo` (both outputs print what it says).

In: the outline's BCP 47 `language`, a date, a source. Out: a `plan.Words` (출처, 주, (계속), 붙임, 목차 in
Korean; Source, Note, (continued), Appendix, Contents otherwise), the date as shown (`2024. 12. 2.`, the
form the rules on administrative documents prescribe, or ISO `2024-12-02`) and a source's citation
(`기관, 「제목」, 연도.` or `Publisher, Title (Year)`).
"""

from __future__ import annotations

import datetime as dt

from .. import model as m
from ..plan_words import Words

KOREAN = Words(source="출처", note="주", continued=" (계속)", appendix="붙임", contents="목차", sources="출처", slide="슬라이드")
INTERNATIONAL = Words(source="Source", note="Note", continued=" (continued)", appendix="Appendix", contents="Contents",
                      sources="Sources", slide="Slide")


def is_korean(language: str) -> bool:
    """ko, ko-KR, ko-Kore-KR …: the Korean forms; any other language the international ones."""
    return language.split("-")[0].lower() == "ko"


def words_for(language: str) -> Words:
    return KOREAN if is_korean(language) else INTERNATIONAL


def date_text(date: dt.date | None, korean: bool) -> str | None:
    """`2024. 12. 2.` in Korean (no leading zeros, a period after each part), else `2024-12-02`."""
    if date is None:
        return None
    return f"{date.year}. {date.month}. {date.day}." if korean else date.isoformat()


def citation(source: m.Source, korean: bool) -> str:
    """One source as cited: `소프트웨어정책연구소(SPRi), 「초거대 AI 모델 동향」, 2024.` in Korean (the
    title in 「」), else `Publisher, Title (Year)`; the URL after a dash, where there is one."""
    if korean:
        parts = [p for p in (source.publisher, f"「{source.title}」", str(source.year) if source.year else None) if p]
        text = ", ".join(parts) + "."
    else:
        text = source.cite()
    return text + (f" — {source.url}" if source.url else "")


def chart_source(chart: m.Chart, sources: tuple[m.Source, ...], korean: bool) -> str | None:
    """The text of a chart's source line (without its 출처: label): its source's citation, else its text."""
    if chart.source_id:
        found = next((s for s in sources if s.id == chart.source_id), None)
        if found is not None:
            return citation(found, korean)
    return chart.source
