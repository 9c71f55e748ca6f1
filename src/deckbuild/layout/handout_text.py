"""The handout's text set into lines: runs × a text style × a width → the same runs with the line
breaks chosen (a `LINE_BREAK` run between lines), and one-line labels cut with "…".

In: the deck's fonts (the faces the PDF embeds) and the handout's text styles. Out: `HandoutText`,
which the handout planner asks for every text it puts in a block. The breaks are `text.wrap`'s — the
same Korean rules as the slides: between words, a number with its sign, separators, unit and
brackets never broken (spec §2) — measured with the faces the PDF draws in. reportlab's paragraph
engine, left to itself, splits an over-long word at any character (`(1` / `.68명)`) and offers no
mark that keeps characters together without printing or extracting one; so the plan decides the
lines and the PDF draws each as given (a `<br/>` at each break), and the text reads and copies as
written.
"""

from __future__ import annotations

from ..fonts import FontSet
from ..plan import LINE_BREAK, Rich, TextStyle
from ..text import Run, cut, wrap

# Set a little inside the width the PDF gives the text: the PDF measures with the same faces, and
# this keeps a line from being one hair too wide there (its own wrapping would break it again).
SLACK = 1.0  # pt


class HandoutText:
    """Sets text in the handout's styles: lines (`set`), their count and height, one-line labels (`fit`)."""

    def __init__(self, fonts: FontSet, styles: dict[str, TextStyle]):
        self.fonts, self.styles = fonts, styles

    def _measure(self, style: str):
        st = self.styles[style]
        return lambda t, b: self.fonts.width(t, st.size, b or st.bold)

    def lines(self, text: Rich, style: str, width: float) -> list[tuple[Run, ...]]:
        """`text` (one paragraph, its own line breaks kept) in lines no wider than `width`; in
        watch, the lines an earlier build set for the same text, style, width and faces."""
        from .. import reuse

        if not reuse.enabled():
            return self._lines(text, style, width)
        k = reuse.key("handout-lines", text, self.styles[style], width, repr(self.fonts.fonts), self.fonts.regular, self.fonts.bold)
        return list(reuse.memo("measure", k, lambda: tuple(self._lines(text, style, width)), lambda v: 256 + 96 * len(v)))

    def _lines(self, text: Rich, style: str, width: float) -> list[tuple[Run, ...]]:
        out: list[tuple[Run, ...]] = []
        for part in split_lines(text):
            out += [line.runs for line in wrap(part, max(1.0, width - SLACK), self._measure(style))]
        return out

    def set(self, text: Rich, style: str, width: float) -> Rich:
        """`text` with its line breaks chosen for `width` (a `LINE_BREAK` run at each)."""
        out: list[Run] = []
        for k, line in enumerate(self.lines(text, style, width)):
            if k:
                out.append(LINE_BREAK)
            for run in line:
                # A space between words takes the next word's style in `wrap`: give it back to the
                # run before, as it was written (`미국 **128개**`, not `미국** 128개**`).
                if out and out[-1] is not LINE_BREAK and run.text.startswith(" ") and (out[-1].bold, out[-1].italic) != (run.bold, run.italic):
                    out[-1] = Run(out[-1].text + " ", out[-1].bold, out[-1].italic)
                    run = Run(run.text[1:], run.bold, run.italic)
                if run.text:
                    out.append(run)
        return tuple(out)

    def height(self, text: Rich, style: str, width: float) -> float:
        """How tall `text` sets in `style` within `width`, with the style's space before and after."""
        st = self.styles[style]
        return len(self.lines(text, style, width)) * st.leading + st.space_before + st.space_after

    def fit(self, text: str, style: str, width: float) -> str:
        """One line of `text` in `style`, cut with "…" where it is wider than `width`: at a space
        where one is near, never inside a number (`text.cut`)."""
        st = self.styles[style]
        return cut(text, width, lambda t: self.fonts.width(t, st.size, st.bold), at_space=True)


def split_lines(text: Rich) -> list[tuple[Run, ...]]:
    """Runs → one run tuple per line of the text's own line breaks ("\\n" in a run)."""
    lines: list[list[Run]] = [[]]
    for run in text:
        parts = run.text.split("\n")
        for k, part in enumerate(parts):
            if k:
                lines.append([])
            if part:
                lines[-1].append(Run(part, run.bold, run.italic))
    return [tuple(line) for line in lines]
