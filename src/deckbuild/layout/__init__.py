"""Deck × FontSet × Frame → Plan: document info, every slide placed on the grid with its text measured
and wrapped in the real font, shrunk to a floor and continued on "(계속)" slides, charts resolved, and
the handout planned.

The only package that measures text or decides a size, a colour or a position. Both renderers draw
the `Plan` it returns, so the deck, the handout, the slides PDF and the plan dump cannot disagree.
Its modules, each one job (in → out):

- `run`: the driver. Deck, fonts, Frame → Plan (slides, then the handout); `layout()` is the entry.
- `kinds`: outline slide → its slide(s), one function per kind; `SLIDE_KINDS` keyed by the model's
  content class, with the plan's kind name and the template role of each.
- `generated`: deck → the title slide, section dividers, the sources slides.
- `page`: `SlideBuilder`, the slides so far → one more: grid, title box, chrome, number, date.
- `fit`: items × sizes × height → pages (shrink, then continue); the `Unfit`/`TooMany` signals.
- `scale`: slide size → the type scale, the one table of sizes by role (spec §2); every fit ladder's steps.
- `stats`: a key-figure slide → its row of figures, sized together, rearranged in two rows where it must.
- `measure`: text × size × width → measured paragraphs; column widths, numeric columns, chart faces.
- `colors`: theme → palette; boxes → boxes whose text keeps its contrast.
- `charts`: a chart × size × fonts → ChartSpec.
- `handout`: deck × slide plan × fonts → HandoutPlan; `HANDOUT_LAYOUTS` (article, notes, grid).

Dependencies run one way: run → kinds, generated → page → fit, measure, colors → charts; handout
uses measure, colors and charts, never the driver.
"""

from .colors import RULE, palette
from .measure import WRAP_SAFETY, chart_faces, share_widths
from .page import BODY_FLOOR, BODY_SIZE, CONTINUED, TITLE_FLOOR
from .run import Layout, doc_info, document_time, layout

__all__ = ["BODY_FLOOR", "BODY_SIZE", "CONTINUED", "RULE", "TITLE_FLOOR", "WRAP_SAFETY", "Layout", "chart_faces", "doc_info",
           "document_time", "layout", "palette", "share_widths"]
