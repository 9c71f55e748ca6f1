"""One outline file → (`model.Deck`, warnings): the entry point, `load`, and the deck's top level.

In: the outline's path (and the name to show in messages). Out: the deck, every id resolved and
every file checked, or `OutlineError` carrying every problem found at once. `load` parses the file
(with `extends`), reads the top-level keys, delegating settings, charts, sections and audiences
to their modules, then checks the glyphs of every text.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

from .. import model as m
from ..extends import load_tree
from ..limits import MAX_SLIDES
from ..problems import OutlineError, Problems, Span
from ..source import Node
from .audiences import audience_names, read_audiences
from .charts import read_charts
from .content import KnownNames
from .glyphs import check_glyphs
from .reader import DATE, LANG, Reader, project_root
from .settings import read_handout, read_theme
from .slides import check_ids, read_section

TOP_KEYS = ("title", "subtitle", "author", "date", "language", "theme", "handout", "sources", "charts", "sections", "audiences", "drop")
SOURCE_KEYS = ("id", "title", "publisher", "year", "url")


def load(path: Path, display: str | None = None, inputs: set[Path] | None = None) -> tuple[m.Deck, list]:
    """Read, parse and validate one outline → (deck, warnings); raise `OutlineError` on errors.

    `inputs`, when given, receives the path of every file the outline reads or looked for (the
    outline, the outlines it extends, fonts, template, images), errors or not.
    """
    display = display or str(path)
    problems = Problems()
    files: dict[str, Path] = {}
    r = Reader(display, path, problems)
    deck = None
    try:
        root = load_tree(path, display, problems, project_root(path), files=files)
        if root is not None:
            r.files.update(files)
            r.values = root.size
            deck = read_deck(r, root, path.stem)
            if deck is not None:
                check_glyphs(r, deck)
    finally:
        if inputs is not None:
            inputs.add(Path(os.path.abspath(path)))
            inputs.update(files.values(), r.inputs)
    if deck is None or problems.has_errors:
        raise OutlineError(problems.items)
    return deck, problems.sorted()


def read_deck(r: Reader, root: Node, stem: str) -> m.Deck | None:
    top = r.mapping(root, "", TOP_KEYS, ("title", "sections"))
    if top is None:
        return None
    if "drop" in top:
        r.err(root.pairs["drop"][0], "drop", "'drop' removes ids from the outline named by 'extends'; this outline extends none", code="drop-without-extends")
    title = r.text(top.get("title"), "title", required=True) or ""
    subtitle = r.text(top.get("subtitle"), "subtitle")
    author = r.text(top.get("author"), "author")
    date = _date(r, top.get("date"), "date")
    language = "ko-KR"
    if "language" in top:
        language = r.text(top["language"], "language") or language
        if not LANG.match(language) or len(language) > 35:  # RFC 5646 §4.4.1: 35 characters suffice
            r.err(top["language"], "language", f"'{language}' is not a BCP 47 language tag such as ko-KR", code="invalid-language")
    theme = read_theme(r, top.get("theme"))
    handout = read_handout(r, top.get("handout"), "handout", m.Handout())
    sources = _sources(r, top.get("sources"))
    charts = read_charts(r, top.get("charts"), {s.id: s for s in sources})
    section_nodes = r.seq(top.get("sections"), "sections", "a list of sections")
    known = KnownNames(charts, audience_names(top.get("audiences")))
    if "sections" in top and not section_nodes and top["sections"].kind == "seq":
        r.err(top["sections"], "sections", "an outline needs at least one section", code="empty-list")
    sections = tuple(s for i, n in enumerate(section_nodes) if (s := read_section(r, n, f"sections[{i}]", known)))
    count = sum(len(s.slides) for s in sections)
    if count > MAX_SLIDES:
        r.err(top["sections"], "sections", f"{count:,} slides; the limit is {MAX_SLIDES:,} per outline (split it into several outlines)", code="too-many-slides")
    check_ids(r, sections)
    deck = m.Deck(
        file=r.file, stem=stem, title=title, subtitle=subtitle, author=author, date=date,
        language=language, theme=theme, handout=handout, sources=sources, charts=charts,
        sections=sections, audiences={}, span=root.span,
    )
    audiences = read_audiences(r, top.get("audiences"), deck, known, section_nodes)
    return replace(deck, audiences=audiences)


def _date(r: Reader, node: Node | None, path: str) -> dt.date | None:
    if node is None:
        return None
    if node.kind != "scalar":
        r.err(node, path, "expected a date: YYYY-MM-DD", code="invalid-date")
        return None
    raw = node.text
    if not DATE.match(raw):
        r.err(node, path, f"'{raw}' is not a date: write YYYY-MM-DD", code="invalid-date")
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        r.err(node, path, f"'{raw}' is not a real date", code="invalid-date")
        return None


def _sources(r: Reader, node: Node | None) -> tuple[m.Source, ...]:
    out: list[m.Source] = []
    seen: dict[str, Span] = {}
    for i, n in enumerate(r.seq(node, "sources", "a list of sources")):
        path = f"sources[{i}]"
        s = r.mapping(n, path, SOURCE_KEYS, ("id", "title"))
        if s is None:
            continue
        sid = r.slug(s.get("id"), f"{path}.id", required=True)
        title = r.text(s.get("title"), f"{path}.title", required=True)
        year = r.integer(s.get("year"), f"{path}.year")
        if year is not None and not 1 <= year <= 9999:  # 0 would print nothing, 10**300 a wall of digits
            r.err(s["year"], f"{path}.year", f"{year if abs(year) < 10**12 else 'a number this large'} is not a year: write 1 to 9999", code="invalid-year")
            year = None
        if sid in seen:
            r.err(s["id"], f"{path}.id", f"duplicate source id '{sid}' (first at line {seen[sid].line})", code="duplicate-id")
            continue
        if sid and title:
            seen[sid] = s["id"].span
            out.append(m.Source(sid, title, r.text(s.get("publisher"), f"{path}.publisher"), year, r.text(s.get("url"), f"{path}.url"), n.span))
    return tuple(out)
