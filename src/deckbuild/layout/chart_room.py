"""A chart slide's texts around its chart (the chart's title over it; its note, source and the
slide's caption under it), sized, and cut where they would leave the chart too little height.

In: the `SlideBuilder`, the chart slide's content, the chart's width, the content area's height and
whether this is the last try (the layout's widest room, or deckbuild's own slide). Out: `Around`:
the title's paragraph (or None), the paragraphs under the chart with their roles, the height left
to the chart and the texts cut (for the warning, `chart-text-cut`). `Unfit` where a step left to try
elsewhere (the driver lays the slide out again in all the room its layout has, then without its key
message) or none leaves the chart its least height: a chart a few points high drew its bars over the slide.
The last try of all (no key message left to leave off) takes the last step, whatever it leaves.

The steps, largest first: the note and source lines at their role's sizes 11, 10, 9 pt; then, on
the last try only, every text at most two lines, then one, its last line cut with "…" (never
inside a number; the handout prints them whole). The chart's own text stays 14 pt: its labels step
down to 10 pt inside it (`charts.resolve`), and a smaller start would take them under that floor.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import model as m
from ..plan import Line, Para, Run
from ..text import cut, plain
from .fit import Unfit
from .measure import WRAP_SAFETY

CHART_TITLE_SIZE = 16.0  # a chart's title over it on the slide
SOURCE_SIZE = 11.0  # a chart's note and source lines (the sizes of source, note and footer: 11, 10, 9)
CAPTION_SIZE = 14.0
CHART_SIZE = 14.0  # a chart's own text (ticks, names, legend, labels) on a slide, pt, unscaled (its floor: 10 pt)
LEAST = 6.0  # the height a chart keeps, in lines of its text (a legend, ticks, names, a plot) …
AXIS_TITLE = 1.6  # … and a line and a half more for a value axis's title
STEPS = ((SOURCE_SIZE, None), (10.0, None), (9.0, None), (9.0, 2), (9.0, 1))  # (note and source size, most lines of every text)


@dataclass(frozen=True)
class Around:
    head: Para | None
    under: tuple[tuple[Para, str], ...]  # (paragraph, role): note, source, caption
    height: float  # what the chart has left
    cut: tuple[str, ...]  # texts cut with "…"


def around(builder, c: m.ChartSlide, width: float, height: float, last: bool, final: bool, where: tuple) -> Around:
    """The texts around the chart at the first step that leaves it `LEAST` lines (`final`, the last
    try of all: else the last step); `where` = (span, path) of the slide, for the `Unfit` that names
    its chart."""
    extra = AXIS_TITLE if c.chart.axis.title or c.chart.axis2.title else 0.0
    found = _first(builder, c, width, height, last, (LEAST + extra) * CHART_SIZE)
    if found is None and final:  # no step left elsewhere: the roomiest (it built so before; never refused for this)
        found = _first(builder, c, width, height, last, -float("inf"), roomiest=True)
    if found is None:
        raise Unfit(f"the chart '{c.chart.id}'", where[0], f"{where[1]}.chart", 9.0)
    return found


def _first(builder, c: m.ChartSlide, width: float, height: float, last: bool, least: float,
           roomiest: bool = False) -> Around | None:
    """The first step that leaves the chart `least` (`roomiest`: the last step), None where none does."""
    words, source = builder.info.words, builder.chart_source(c.chart)
    muted = builder.colors["muted"]
    for size, most in STEPS[-1:] if roomiest else STEPS:
        if most is not None and not last:
            break
        cuts: list[str] = []
        head = _para(builder, c.chart.title, CHART_TITLE_SIZE, width, most, cuts, bold=True) if c.chart.title else None
        texts = [(f"{words.note}: {c.chart.note}", "note", size)] if c.chart.note else []
        texts += [(f"{words.source}: {source}", "source", size)] if source else []
        texts += [(c.caption, "caption", CAPTION_SIZE)] if c.caption else []
        under = tuple((_para(builder, t, s, width, most, cuts, color=muted), role) for t, role, s in texts)
        left = height - (head.height + 8 if head else 0) - sum(p.height + 4 for p, _ in under) - (4 if under else 0)
        if left >= least:
            return Around(head, under, left, tuple(cuts))
    return None


def _para(builder, text: str, size: float, width: float, most: int | None, cuts: list[str], **kw) -> Para:
    """`text` in lines at `size`; at most `most` of them, the last running on into the rest of the
    text cut with "…" (noted in `cuts`)."""
    p = builder.para(text, size, width, **kw)
    if most is None or len(p.lines) <= most:
        return p
    cuts.append(text)
    full, pos = plain(text), 0
    for line in p.lines[:most - 1]:  # where the last kept line starts in the text
        at = full.find(line.text, pos)
        pos = at + len(line.text) if at >= 0 else pos
    start = full.find(p.lines[most - 1].text, pos)
    rest = full[start:] if start >= 0 else " ".join(x.text for x in p.lines[most - 1:])
    bold = kw.get("bold", False)
    room = (width - p.indent) * WRAP_SAFETY
    last = cut(rest, max(room, builder.text.text_width(p.lines[most - 1].text, size, bold)), lambda t: builder.text.text_width(t, size, bold))
    return replace(p, lines=p.lines[:most - 1] + (Line((Run(last, bold),), builder.text.text_width(last, size, bold)),))
