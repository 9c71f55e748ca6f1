"""The words deckbuild writes itself, as the plan carries them (`DocInfo.words`); which words, in
which language, is decided once by `layout/words.py`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    source: str  # 출처 | Source
    note: str  # 주 | Note
    continued: str  # " (계속)" | " (continued)"
    appendix: str  # 붙임 | Appendix
    contents: str  # 목차 | Contents
    sources: str  # the sources slide's and page's title
    slide: str  # 슬라이드 | Slide (labels in the notes and grid handouts)
