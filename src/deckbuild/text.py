"""Inline runs and Korean line breaking: text → `Run`s → `Line`s no wider than a measure.

Lines break between words (at spaces, as CSS `word-break: keep-all`); inside a word only when
the word alone is wider than the line. No line starts with a closing mark and none ends with an
opening mark (spec §2; W3C "Requirements for Hangul Text Layout"). A number is a word of its own
inside a longer one: with its sign, separators, decimal point, percent sign, attached unit and
brackets it breaks only when it alone is wider than the line (`이탈리아(1.` / `25명)` never).
Every caller's text goes through `wrap`: slide text and table cells (layout), chart labels
(charts), the handout's line counts (handout).
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from typing import Callable, Iterable

CLOSING = set(")]}」』”’,.!?:;…·%")
OPENING = set("([{「『“‘")

_INLINE = re.compile(r"\*\*([^\n]+?)\*\*|(?<!\*)\*([^*\n]+?)\*(?!\*)")


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]
    width: float  # points, as measured
    split: bool = False  # the line ends inside a word (the word alone was wider than the line)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@lru_cache(maxsize=8192)
def parse_inline(text: str, bold: bool = False) -> tuple[Run, ...]:
    """`**bold**` and `*italic*` (a pair on one line) → runs; everything else is literal (kept: the
    same text is parsed by validation, layout and the handout, and again by each build in watch)."""
    runs: list[Run] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            runs.append(Run(text[pos : m.start()], bold, False))
        if m.group(1) is not None:
            runs.append(Run(m.group(1), True, False))
        else:
            runs.append(Run(m.group(2), bold, True))
        pos = m.end()
    if pos < len(text):
        runs.append(Run(text[pos:], bold, False))
    return tuple(r for r in runs if r.text)


def plain(text: str) -> str:
    """The text a reader sees: markup removed."""
    return "".join(r.text for r in parse_inline(text))


Measure = Callable[[str, bool], float]  # (text, bold) → width in points at the current size

# A "cell" is one character with its style; words and lines are lists of cells.
_Cell = tuple[str, bool, bool]


def _cells(runs: Iterable[Run]) -> list[_Cell]:
    return [(c, r.bold, r.italic) for r in runs for c in r.text]


def _words(cells: list[_Cell]) -> list[list[_Cell]]:
    """Split at spaces, then glue words that must not be separated by a line break."""
    words: list[list[_Cell]] = []
    current: list[_Cell] = []
    for cell in cells:
        if cell[0] in " \t\n":
            if current:
                words.append(current)
                current = []
            continue
        current.append(cell)
    if current:
        words.append(current)
    glued: list[list[_Cell]] = []
    for word in words:
        if glued and (word[0][0] in CLOSING or glued[-1][-1][0] in OPENING):
            glued[-1] = glued[-1] + [(" ", word[0][1], word[0][2])] + word
        else:
            glued.append(word)
    return glued


def _to_line(cells: list[_Cell], measure: Measure, split: bool = False) -> Line:
    runs: list[Run] = []
    for c, b, i in cells:
        if runs and runs[-1].bold == b and runs[-1].italic == i:
            runs[-1] = Run(runs[-1].text + c, b, i)
        else:
            runs.append(Run(c, b, i))
    return Line(tuple(runs), sum(measure(r.text, r.bold) for r in runs), split)


def _width(cells: list[_Cell], measure: Measure) -> float:
    return sum(measure(c, b) for c, b, _ in cells)


def _script(c: str) -> str:
    """'A' for Hangul and CJK, 'W' for Latin letters, digits and ASCII/Latin-1 punctuation, '' else."""
    o = ord(c)
    if 0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F or 0x4E00 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F:
        return "A"
    if 0x21 <= o <= 0x7E or 0xA1 <= o <= 0x24F:
        return "W"
    return ""


def script_changes(text: str) -> int:
    """How often the text switches between Asian and Western script (spaces and other marks
    in between do not reset it). Viewers such as LibreOffice add space at each switch."""
    changes, last = 0, ""
    for c in text:
        s = _script(c)
        if s:
            if last and s != last:
                changes += 1
            last = s
    return changes


def client_width(text: str, measure: Measure, gap: float, bold: bool = False, fit: Measure | None = None) -> float:
    """The widest a viewer may draw `text`: the font's advances (or `fit`'s, the widest a
    stand-in face would draw) plus `gap` per script switch."""
    return (fit or measure)(text, bold) + gap * script_changes(text)


def _fit_width(cells: list[_Cell], measure: Measure, gap: float) -> float:
    width = _width(cells, measure)
    return width + gap * script_changes("".join(c for c, _, _ in cells)) if gap else width


# A number is a word of its own (spec §2): its sign, digits, thousands separators, decimal point,
# percent sign, a unit written against it (`1,734억`, `1.30명`, `14개의`) and the brackets around it
# (`(1.30명)`) stay on one line. A sign counts only where it cannot be a hyphen (`GPT-4` is not -4).
_NUMBER = re.compile(
    r"(?P<open>[(\[{「『“‘〈《]*)"
    r"(?P<core>(?:(?<![0-9A-Za-z])[+\-−±△▲▼])?[$€£¥₩]?\d+(?:[.,]\d+)*[%‰]?)"
    r"(?P<unit>(?:[A-Za-z]+|[\uac00-\ud7a3]+)?)"
    r"(?P<close>[)\]}」』”’〉》]*)"
)


def number_spans(text: str) -> list[tuple[int, int]]:
    """Where the numbers are in `text`: (start, end) of each, brackets and attached unit included."""
    return [m.span() for m in _NUMBER.finditer(text)]


def cut(text: str, width: float, measure: Callable[[str], float], at_space: bool = False) -> str:
    """`text` in one line of at most `width`, cut with "…" where it is wider, never inside a number
    (`일본(1.…` would misread); with `at_space`, at a word boundary where one is near the last
    character that fits."""
    if measure(text) <= width:
        return text
    inside = {j for a, b in number_spans(text) for j in range(a + 1, b)}
    cuts = (k for k in range(len(text) - 1, 0, -1) if k not in inside and measure(text[:k].rstrip() + "…") <= width)
    best = next(cuts, 0)
    if at_space and best:
        space = next((k for k in [best, *cuts] if text[k - 1] == " " or text[k] == " "), None)
        if space is not None and measure(text[:space]) >= 0.8 * measure(text[:best]):
            best = space
    return text[:best].rstrip(" ·,(-—–") + "…"


def _break_costs(word: list[_Cell]) -> list[int]:
    """For each place between two characters of a word (index j: before word[j]), how reluctantly
    it may break: 0 outside numbers; 1 inside the Hangul after a number (`명은`: a unit and its
    particle cannot be told apart); 2 between a number and its unit, a Latin unit or brackets;
    3 inside the number itself."""
    costs = [0] * (len(word) + 1)
    for m in _NUMBER.finditer("".join(c for c, _, _ in word)):
        cs, ce = m.span("core")
        us, ue = m.span("unit")
        hangul = us < ue and not word[us][0].isascii()
        for j in range(m.start() + 1, m.end()):
            costs[j] = 3 if cs < j < ce else 1 if hangul and us < j < ue else 2
    return costs


def _split_long_word(word: list[_Cell], width: float, measure: Measure, gap: float, whole: bool = False) -> list[list[_Cell]]:
    """Break one over-long word between characters, keeping the line-start/end rules; a number
    (with its unit and brackets) breaks only when it alone is wider than the line, and never
    with `whole` (its line then runs over the width: the caller shrinks it or leaves it out)."""
    costs = _break_costs(word)
    pieces: list[list[_Cell]] = []
    start = 0  # index in `word` of current[0]
    current: list[_Cell] = []
    used = 0.0

    def over(cells: list[_Cell], used: float) -> bool:
        return used > width or bool(gap) and _fit_width(cells, measure, gap) > width

    for cell in word:
        w = measure(cell[0], cell[1])
        # A break moved back to keep a number whole can leave a tail that still overflows: break again.
        while current and over(current + [cell], used + w):
            ahead = current + [cell]

            def allowed(cut: int) -> bool:  # no line ends with an opening mark, none starts with a closing one
                return not (ahead[cut - 1][0] in OPENING or ahead[cut][0] in CLOSING)

            # The latest break the rules allow, preferring one outside a number, then the least
            # reluctant (`_break_costs`); none (a number kept whole, or only a break that would end a
            # line with `(` or start one with `)`): no break yet, the line runs over until one is allowed.
            cut = next((k for level in range(2 if whole else 4) for k in range(len(current), 0, -1)
                        if costs[start + k] <= level and allowed(k)), None)
            if cut is None:
                break
            pieces.append(current[:cut])
            current = current[cut:]
            start += cut
            used = _width(current, measure)
        current.append(cell)
        used += w
    if current:
        pieces.append(current)
    return pieces


def wrap(runs: Iterable[Run], width: float, measure: Measure, gap: float = 0.0, fit: Measure | None = None,
         whole: bool = False) -> list[Line]:
    """Lay runs into lines no wider than `width` (an unbreakable piece may still be wider; with
    `whole`, a number, its sign, unit and brackets, is unbreakable however wide).

    `gap` is the space a viewer may add at each switch between Asian and Western script;
    `fit`, when given, measures text as a viewer's stand-in face may draw it. Lines are chosen
    so that they fit even then; `Line.width` stays `measure`'s, the drawn width.
    """
    drawn, measure = measure, fit or measure
    words = _words(_cells(runs))
    if not words:
        return [Line((), 0.0)]
    space = measure(" ", False)
    lines: list[list[_Cell]] = []
    splits: set[int] = set()  # indexes of lines that end inside a word
    current: list[_Cell] = []
    used = 0.0  # the font's width of `current`
    extra = 0.0  # the viewer's script-switch spacing in `current`
    last = ""  # the script `current` ends in ('' when it has no Asian or Western character)
    for word in words:
        ww = _width(word, measure)
        text = "".join(c for c, _, _ in word)
        scripts = [x for x in map(_script, text) if x]
        w_extra = gap * script_changes(text) if gap else 0.0
        boundary = gap if gap and last and scripts and scripts[0] != last else 0.0
        if current and used + space + ww + extra + w_extra + boundary <= width:
            current = current + [(" ", word[0][1], word[0][2])] + word
            used += space + ww
            extra += w_extra + boundary
            last = scripts[-1] if scripts else last
            continue
        if current:
            lines.append(current)
        if ww + w_extra <= width:
            current, used, extra = list(word), ww, w_extra
            last = scripts[-1] if scripts else ""
            continue
        pieces = _split_long_word(word, width, measure, gap, whole)
        splits.update(range(len(lines), len(lines) + len(pieces) - 1))
        lines.extend(pieces[:-1])
        current = pieces[-1]
        tail = "".join(c for c, _, _ in current)
        used = _width(current, measure)
        extra = gap * script_changes(tail) if gap else 0.0
        last = next((x for x in map(_script, reversed(tail)) if x), "")
    if current:
        lines.append(current)
    return [_to_line(cells, drawn, i in splits) for i, cells in enumerate(lines)]
