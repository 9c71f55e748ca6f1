"""The handout keeps the layout rules too: nothing leaves the page, nothing leaves a thumbnail."""

from __future__ import annotations

import dataclasses
import io

import pdfplumber
import pytest

from deckbuild.fonts import FontSet
from deckbuild.layout import layout
from deckbuild.render.pdf import render_pdf
from deckbuild.validate import load

from test_libreoffice import long_outline

MM = 72 / 25.4


@pytest.mark.parametrize("handout", [{"layout": "article"}, {"layout": "notes"}, {"layout": "grid", "slides_per_page": 3}, {"layout": "grid", "slides_per_page": 6}])
def test_long_text_handout_stays_inside_pages_and_thumbnails(tmp_path, handout) -> None:
    deck, _ = load(long_outline(tmp_path))
    deck = dataclasses.replace(deck, handout=dataclasses.replace(deck.handout, **handout))
    fonts = FontSet(deck.theme.fonts)
    plan = layout(deck, fonts)
    data = render_pdf(plan, fonts)
    thumbs_seen = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            thumbs = [r for r in page.rects if r["width"] > 60 and abs(r["width"] / r["height"] - 16 / 9) < 0.03]
            thumbs_seen += len(thumbs)
            for ch in page.chars:
                if not ch["text"].strip():
                    continue
                # Inside the sheet, with at least 8 mm of paper around (printers need a margin).
                assert 8 * MM <= ch["x0"] and ch["x1"] <= page.width - 8 * MM, (n, ch["text"])
                assert 8 * MM <= ch["top"] and ch["bottom"] <= page.height - 8 * MM, (n, ch["text"])
                cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
                for t in thumbs:
                    if t["x0"] - 3 <= cx <= t["x1"] + 3 and t["top"] - 3 <= cy <= t["bottom"] + 3:
                        # A character drawn in a thumbnail lies wholly inside it.
                        assert t["x0"] - 0.5 <= ch["x0"] and ch["x1"] <= t["x1"] + 0.5, (n, ch["text"])
                        assert t["top"] - 0.5 <= ch["top"] and ch["bottom"] <= t["bottom"] + 0.5, (n, ch["text"])
    if handout["layout"] != "article":
        assert thumbs_seen >= len(plan.slides)
