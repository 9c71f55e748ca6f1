"""Nodes → `Deck` plus every problem at once: the only place that judges an outline.

Checks shapes and values, resolves ids (charts, sources, audiences, overrides) with a
did-you-mean, resolves and contains paths, loads the fonts and checks that they can draw
every character of the outline. Later stages trust what this returns.

One job per module, each reading into a `reader.Reader` (which collects the problems):

    reader     typed readers over YAML nodes (mapping, text, number, slug, choice, paths in the project)
    outline    `load`: the file → the deck; the top-level keys and sources
    settings   theme and handout settings
    assets     the files named: fonts, the template and its layout names, images
    charts     chart definitions (the number format parsed once, into the model)
    slides     sections and slides; unique ids
    content    the slide kinds: `CONTENT`, content key → its reader
    audiences  audiences and their overrides
    glyphs     every text against the font chain
"""

from __future__ import annotations

from .assets import EMBED_MODES, FONT_KEYS
from .audiences import AUDIENCE_KEYS
from .charts import CHART_KEYS, CHART_KIND_NAMES
from .content import CONTENT, CONTENT_EXTRA_KEYS, TABLE_ALIGNS, KnownNames
from .outline import SOURCE_KEYS, TOP_KEYS, load
from .reader import COLOR, SLUG, Reader, project_root
from .settings import HANDOUT_KEYS, THEME_KEYS
from .slides import CONTENT_KEYS, SECTION_KEYS, SLIDE_KEYS

__all__ = [
    "AUDIENCE_KEYS", "CHART_KEYS", "CHART_KIND_NAMES", "COLOR", "CONTENT", "CONTENT_EXTRA_KEYS", "CONTENT_KEYS",
    "EMBED_MODES", "FONT_KEYS", "HANDOUT_KEYS", "KnownNames", "Reader", "SECTION_KEYS", "SLIDE_KEYS", "SLUG",
    "SOURCE_KEYS", "TABLE_ALIGNS", "THEME_KEYS", "TOP_KEYS", "load", "project_root",
]
