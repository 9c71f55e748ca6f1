"""Nodes → `Deck` plus every problem at once: the only place that judges an outline.

Checks shapes and values, resolves ids (charts, sources, audiences, overrides) with a
did-you-mean, resolves and contains paths, loads the fonts and checks that they can draw
every character of the outline. Later stages trust what this returns.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import model as m
from .extends import load_tree
from .limits import MAX_CHART_VALUE, MIN_CHART_VALUE, MAX_IMAGE_PIXELS, MAX_PARAGRAPH, MAX_SLIDES
from .problems import OutlineError, Problems, Span, did_you_mean
from .source import BAD_IN_VALUE, Node, char_name

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_JSON_NUMBER = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d+$")

TOP_KEYS = ("title", "subtitle", "author", "date", "language", "theme", "handout", "sources", "charts", "sections", "audiences", "drop")
SECTION_KEYS = ("id", "title", "tags", "audiences", "divider", "summary", "body", "slides")
CONTENT_KEYS = ("bullets", "chart", "stat", "quote", "table", "faq", "columns", "image")
SLIDE_KEYS = ("title", "id", "notes", "handout", "audiences", "tags", "caption", "layout") + CONTENT_KEYS
CHART_KEYS = ("kind", "title", "categories", "series", "unit", "number_format", "highlight", "labels", "source")
HANDOUT_KEYS = ("paper", "layout", "slides_per_page", "cover", "contents")
AUDIENCE_KEYS = ("title", "subtitle", "description", "sections", "include_tags", "exclude_tags", "notes", "handout", "overrides")
SOURCE_KEYS = ("id", "title", "publisher", "year", "url")
FONT_KEYS = ("regular", "bold", "fallback", "embed", "symbols")
EMBED_MODES = ("subset", "full", "none")

_STR_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "timestamp", "bool")}


def project_root(outline: Path) -> Path:
    """The folder that holds `deck/` for deck/NAME.yaml, else the outline's own folder."""
    folder = outline.resolve().parent
    return folder.parent if folder.name == "deck" else folder


class Validator:
    def __init__(self, file: str, outline_path: Path, problems: Problems):
        self.file = file
        self.root = project_root(outline_path)
        self.p = problems
        self.texts: list[tuple[str, Span, str, str | None]] = []  # every text and its chart id, for the glyph check
        self.in_chart: str | None = None  # the chart being read: a chart is drawn in one face
        self.files: dict[str, Path] = {file: outline_path.resolve()}  # display name → real path
        self.font_nodes: dict[str, Node] = {}  # theme.fonts entries, to place font problems
        self.template_state = "none"  # none | broken | read: whether layout names can be checked
        self.frame = None  # the template's Frame, when it was read
        # Every file a path names (fonts, template, images), and where a missing one was looked
        # for, so that `watch` rebuilds when one of them changes or appears.
        self.inputs: set[Path] = set()

    # ---- primitives -------------------------------------------------------------------------
    def err(self, node_or_span, path: str, msg: str, code: str = "") -> None:
        span = node_or_span.span if isinstance(node_or_span, Node) else node_or_span
        self.p.error(span, path, msg, code=code)

    def mapping(self, node: Node, path: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> dict[str, Node] | None:
        if node.kind != "map":
            self.err(node, path, f"expected a mapping with keys such as {', '.join(required or allowed[:3])}", code="expected-mapping")
            return None
        out: dict[str, Node] = {}
        for name, (key, value) in node.pairs.items():
            if name not in allowed:
                self.err(key, _join(path, name), f"unknown key '{name}'{did_you_mean(name, allowed)}", code="unknown-key")
                continue
            if value.kind == "scalar" and value.value is None and value.tag.endswith(":null"):
                continue  # an optional key given as null counts as absent
            out[name] = value
        for name in required:
            if name not in out and name in node.pairs:
                self.err(node.pairs[name][1], _join(path, name), f"'{name}' is required and cannot be empty", code="missing-key")
            elif name not in out:
                self.err(node, path, f"missing required key '{name}'", code="missing-key")
        return out

    def text(self, node: Node | None, path: str, *, required: bool = False) -> str | None:
        if node is None:
            return None
        if node.kind != "scalar" or node.tag not in _STR_TAGS:
            self.err(node, path, "expected text", code="expected-text")
            return None
        value = node.text.strip() if node.style not in ("|", ">") else node.text.rstrip("\n")
        if not value:
            if required:
                self.err(node, path, "text is empty", code="empty-text")
            return None
        if len(value) > MAX_PARAGRAPH:
            longest = max(len(p) for p in value.split("\n\n"))
            if longest > MAX_PARAGRAPH:
                self.err(node, path, f"a paragraph of {longest:,} characters; the limit is {MAX_PARAGRAPH:,} (split it with a blank line)", code="paragraph-too-long")
                return None
        self.texts.append((value, node.span, path, self.in_chart))
        return value

    def boolean(self, node: Node | None, path: str, default: bool) -> bool:
        if node is None:
            return default
        if node.kind == "scalar" and isinstance(node.value, bool):
            return node.value
        self.err(node, path, "expected true or false", code="expected-boolean")
        return default

    def integer(self, node: Node | None, path: str) -> int | None:
        if node is None:
            return None
        if node.kind == "scalar" and isinstance(node.value, int) and not isinstance(node.value, bool):
            return node.value
        self.err(node, path, "expected a whole number", code="expected-integer")
        return None

    def number(self, node: Node, path: str) -> float | None:
        raw = node.value if node.kind == "scalar" else None
        if isinstance(raw, str) and not node.style and _JSON_NUMBER.match(raw):
            raw = float(raw)  # YAML 1.1 reads 1e6 and 1.5E3 as text; they are numbers here
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            try:
                v = float(raw)
            except OverflowError:  # an integer literal beyond the largest float
                v = float("inf")
            if v != v or v in (float("inf"), float("-inf")):
                self.err(node, path, "expected a finite number", code="number-not-finite")
                return None
            return v
        shown = node.text if node.kind == "scalar" else node.kind
        self.err(node, path, f"expected a number, got '{shown}' (write 1234.5 without units or thousands separators)", code="expected-number")
        return None

    def seq(self, node: Node | None, path: str, what: str = "a list") -> list[Node]:
        if node is None:
            return []
        if node.kind != "seq":
            self.err(node, path, f"expected {what}", code="expected-list")
            return []
        return node.items

    def texts_list(self, node: Node | None, path: str) -> tuple[str, ...]:
        out = []
        for i, item in enumerate(self.seq(node, path, "a list of text")):
            t = self.text(item, f"{path}[{i}]", required=True)
            if t is not None:
                out.append(t)
        return tuple(out)

    def slug(self, node: Node | None, path: str, *, required: bool = False) -> str | None:
        value = self.text(node, path, required=required)
        if value is not None and not SLUG.match(value):
            self.err(node, path, f"'{value}' is not a valid id: use lowercase letters, digits and single hyphens (e.g. 'global-trends')", code="invalid-id")
            return None
        return value

    def choice(self, node: Node | None, path: str, choices: tuple, default):
        if node is None:
            return default
        raw = node.value if node.kind == "scalar" else None
        for c in choices:  # by type too: 3.0 is not the whole number 3, nor true the 1
            if raw == c and type(raw) is type(c):
                return c
        shown = node.text if node.kind == "scalar" else node.kind
        self.err(node, path, f"'{shown}' is not one of {', '.join(map(str, choices))}{did_you_mean(str(shown), map(str, choices))}", code="unknown-value")
        return default

    def path_in_project(self, node: Node | None, path: str, what: str) -> Path | None:
        raw = self.text(node, path, required=True)
        if raw is None:
            return None
        if "\0" in raw:  # the character itself is reported where the text is read
            self.err(node, path, f"{what} path cannot hold the character U+0000", code="path-invalid")
            return None
        if Path(raw).is_absolute():
            self.err(node, path, f"{what} path must be relative to the outline or the project, not absolute", code="path-absolute")
            return None
        root = self.root.resolve()
        # Relative to the file that names the path (a base outline may live elsewhere), then the project.
        here = self.files.get(node.span.file, Path(node.span.file).resolve()).parent
        for base in (here, root):
            candidate = base / raw
            self.inputs.add(Path(os.path.abspath(candidate)))
            try:
                os.stat(candidate)
            except OSError as e:
                if e.errno == errno.ELOOP:
                    self.err(node, path, f"{what} '{raw}' is a loop of symbolic links", code="path-loop")
                    return None
                if e.errno not in (errno.ENOENT, errno.ENOTDIR):
                    self.err(node, path, f"{what} '{raw}' cannot be read: {e.strerror or e}", code="file-unreadable")
                    return None
                if not candidate.is_symlink():
                    continue  # not here; a dangling link is judged by where it points
            try:
                real = candidate.resolve()
            except (OSError, RuntimeError):  # a loop further down a dangling link (3.11 raises RuntimeError)
                self.err(node, path, f"{what} '{raw}' is a loop of symbolic links", code="path-loop")
                return None
            if real != root and root not in real.parents:
                self.err(node, path, f"{what} '{raw}' resolves outside the project ({root})", code="path-outside")
                return None
            if not real.is_file():
                kind = "a folder" if real.is_dir() else "not a regular file"
                self.err(node, path, f"{what} '{raw}' is {kind}", code="path-not-file")
                return None
            self.inputs.add(real)
            return real
        self.err(node, path, f"{what} '{raw}' not found (looked in {here} and {root})", code="file-missing")
        return None

    # ---- the outline ------------------------------------------------------------------------
    def deck(self, root: Node, stem: str) -> m.Deck | None:
        top = self.mapping(root, "", TOP_KEYS, ("title", "sections"))
        if top is None:
            return None
        if "drop" in top:
            self.err(root.pairs["drop"][0], "drop", "'drop' removes ids from the outline named by 'extends'; this outline extends none", code="drop-without-extends")
        title = self.text(top.get("title"), "title", required=True) or ""
        subtitle = self.text(top.get("subtitle"), "subtitle")
        author = self.text(top.get("author"), "author")
        date = self.date(top.get("date"), "date")
        language = "ko-KR"
        if "language" in top:
            language = self.text(top["language"], "language") or language
            if not LANG.match(language) or len(language) > 35:  # RFC 5646 §4.4.1: 35 characters suffice
                self.err(top["language"], "language", f"'{language}' is not a BCP 47 language tag such as ko-KR", code="invalid-language")
        theme = self.theme(top.get("theme"))
        handout = self.handout(top.get("handout"), "handout", m.Handout())
        sources = self.sources(top.get("sources"))
        charts = self.charts(top.get("charts"), {s.id: s for s in sources})
        audience_names = self.audience_names(top.get("audiences"))
        section_nodes = self.seq(top.get("sections"), "sections", "a list of sections")
        if "sections" in top and not section_nodes and top["sections"].kind == "seq":
            self.err(top["sections"], "sections", "an outline needs at least one section", code="empty-list")
        ctx = _Ctx(charts, audience_names)
        sections = tuple(s for i, n in enumerate(section_nodes) if (s := self.section(n, f"sections[{i}]", ctx)))
        count = sum(len(s.slides) for s in sections)
        if count > MAX_SLIDES:
            self.err(top["sections"], "sections", f"{count:,} slides; the limit is {MAX_SLIDES:,} per outline (split it into several outlines)", code="too-many-slides")
        self.check_ids(sections)
        deck = m.Deck(
            file=self.file, stem=stem, title=title, subtitle=subtitle, author=author, date=date,
            language=language, theme=theme, handout=handout, sources=sources, charts=charts,
            sections=sections, audiences={}, span=root.span,
        )
        audiences = self.audiences(top.get("audiences"), deck, ctx, section_nodes)
        return replace(deck, audiences=audiences)

    def date(self, node: Node | None, path: str) -> dt.date | None:
        if node is None:
            return None
        if node.kind != "scalar":
            self.err(node, path, "expected a date: YYYY-MM-DD", code="invalid-date")
            return None
        raw = node.text
        if not DATE.match(raw):
            self.err(node, path, f"'{raw}' is not a date: write YYYY-MM-DD", code="invalid-date")
            return None
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            self.err(node, path, f"'{raw}' is not a real date", code="invalid-date")
            return None

    def theme(self, node: Node | None) -> m.Theme:
        colors = dict(m.DEFAULT_COLORS)
        fonts = None
        template = None
        layouts: dict[str, str] = {}
        layout_spans: dict[str, Span] = {}
        color_spans: dict[str, Span] = {}
        template_span = None
        if node is not None:
            t = self.mapping(node, "theme", ("colors", "fonts", "template", "layouts")) or {}
            if "colors" in t:
                cm = self.mapping(t["colors"], "theme.colors", tuple(m.DEFAULT_COLORS)) or {}
                for role, value in cm.items():
                    c = self.text(value, f"theme.colors.{role}", required=True)
                    if c is not None and not COLOR.match(c):
                        self.err(value, f"theme.colors.{role}", f"'{c}' is not a colour: write #RRGGBB", code="invalid-color")
                    elif c is not None:
                        colors[role] = c.upper()
                        color_spans[role] = value.span
            if "fonts" in t:
                fonts = self.fonts(t["fonts"])
            if "template" in t:
                self.template_state = "broken"
                template_span = t["template"].span
                template = self.path_in_project(t["template"], "theme.template", "template")
                if template is not None:
                    self.frame = self.check_template(template, t["template"])
                    self.template_state = "read" if self.frame is not None else "broken"
            if "layouts" in t:
                from .frame import ROLES

                lm = self.mapping(t["layouts"], "theme.layouts", ROLES) or {}
                for role, value in lm.items():
                    name = self.layout_name(value, f"theme.layouts.{role}")
                    if name is not None:
                        layouts[role], layout_spans[role] = name, value.span
        if fonts is None:
            from .fonts import bundled_fonts

            fonts = bundled_fonts()
        return m.Theme(colors, fonts, template, layouts, layout_spans, color_spans, template_span)

    def fonts(self, node: Node) -> m.Fonts | None:
        """theme.fonts → Fonts; None (the bundled pair) where regular/bold are absent or broken."""
        from .fonts import bundled_fonts

        fm = self.mapping(node, "theme.fonts", FONT_KEYS) or {}
        for k in ("regular", "bold"):
            other = "bold" if k == "regular" else "regular"
            if k in fm and other not in fm and other not in node.pairs:
                self.err(node, "theme.fonts", f"'{k}' is given without '{other}': name both faces of the pair")
        paths: dict[str, Path | None] = {}
        for k in ("regular", "bold", "symbols"):
            if k in fm:
                paths[k] = self.path_in_project(fm[k], f"theme.fonts.{k}", "font")
                self.font_nodes[k] = fm[k]
        fallback: list[Path] = []
        for i, item in enumerate(self.seq(fm.get("fallback"), "theme.fonts.fallback", "a list of font paths")):
            p = self.path_in_project(item, f"theme.fonts.fallback[{i}]", "font")
            if p is not None:
                fallback.append(p)
                self.font_nodes[f"fallback[{i}]"] = item
        embed = self.choice(fm.get("embed"), "theme.fonts.embed", EMBED_MODES, "subset")
        pair = bundled_fonts()
        if "regular" in fm and "bold" in fm:
            if not (paths.get("regular") and paths.get("bold")):
                return None
            pair = m.Fonts(paths["regular"], paths["bold"])  # type: ignore[arg-type]
        elif "regular" in fm or "bold" in fm:
            return None
        return m.Fonts(pair.regular, pair.bold, paths.get("symbols"), tuple(fallback), embed)

    def check_template(self, path: Path, node: Node):
        """Read the template now, so a damaged one is the outline's error, not a crash later."""
        from .template import SUFFIXES, TemplateError, read_frame

        if path.suffix.lower() not in SUFFIXES:
            self.p.error(node.span, "theme.template", f"template '{path.name}' is not a .pptx, .potx, .pptm or .potm file", code="template-type")
            return None
        try:
            return read_frame(path)
        except TemplateError as e:
            self.p.error(node.span, "theme.template", str(e), code="template-unreadable")
            return None

    def layout_name(self, node: Node, path: str) -> str | None:
        """A layout name of the template (theme.layouts, a slide's layout), checked against it."""
        if node.kind != "scalar" or node.tag not in _STR_TAGS or not node.text.strip():
            self.err(node, path, "expected the name of one of the template's layouts")
            return None
        name = node.text.strip()  # not drawn, so not glyph-checked: a template may name layouts in any script
        if self.template_state == "none":
            self.p.error(node.span, path, f"layout '{name}' needs theme.template: layouts come from the template", code="layout-without-template")
            return None
        if self.frame is not None and self.frame.layout_named(name) is None:
            names = self.frame.layout_names
            shown = ", ".join(f"'{n}'" for n in names[:20]) + (f" and {len(names) - 20} more (deckbuild check --template-info lists them)" if len(names) > 20 else "")
            self.p.error(node.span, path, f"the template has no layout '{name}'{did_you_mean(name, names)}; its layouts: {shown}", code="layout-unknown")
            return None
        return name

    def handout(self, node: Node | None, path: str, base: m.Handout) -> m.Handout:
        if node is None:
            return base
        h = self.mapping(node, path, HANDOUT_KEYS) or {}
        return m.Handout(
            paper=self.choice(h.get("paper"), f"{path}.paper", m.PAPERS, base.paper),
            layout=self.choice(h.get("layout"), f"{path}.layout", m.LAYOUTS, base.layout),
            slides_per_page=self.choice(h.get("slides_per_page"), f"{path}.slides_per_page", m.SLIDES_PER_PAGE, base.slides_per_page),
            cover=self.boolean(h.get("cover"), f"{path}.cover", base.cover),
            contents=self.boolean(h.get("contents"), f"{path}.contents", base.contents),
        )

    def sources(self, node: Node | None) -> tuple[m.Source, ...]:
        out: list[m.Source] = []
        seen: dict[str, Span] = {}
        for i, n in enumerate(self.seq(node, "sources", "a list of sources")):
            path = f"sources[{i}]"
            s = self.mapping(n, path, SOURCE_KEYS, ("id", "title"))
            if s is None:
                continue
            sid = self.slug(s.get("id"), f"{path}.id", required=True)
            title = self.text(s.get("title"), f"{path}.title", required=True)
            year = self.integer(s.get("year"), f"{path}.year")
            if year is not None and not 1 <= year <= 9999:  # 0 would print nothing, 10**300 a wall of digits
                self.err(s["year"], f"{path}.year", f"{year if abs(year) < 10**12 else 'a number this large'} is not a year: write 1 to 9999", code="invalid-year")
                year = None
            if sid in seen:
                self.err(s["id"], f"{path}.id", f"duplicate source id '{sid}' (first at line {seen[sid].line})", code="duplicate-id")
                continue
            if sid and title:
                seen[sid] = s["id"].span
                out.append(m.Source(sid, title, self.text(s.get("publisher"), f"{path}.publisher"), year, self.text(s.get("url"), f"{path}.url"), n.span))
        return tuple(out)

    def charts(self, node: Node | None, sources: dict[str, m.Source]) -> dict[str, m.Chart]:
        out: dict[str, m.Chart] = {}
        if node is None:
            return out
        if node.kind != "map":
            self.err(node, "charts", "expected a mapping of chart id → chart", code="expected-mapping")
            return out
        for cid, (key, value) in node.pairs.items():
            path = f"charts.{cid}"
            if not SLUG.match(cid):
                self.err(key, path, f"'{cid}' is not a valid chart id: use lowercase letters, digits and hyphens", code="invalid-id")
                continue
            chart = self.chart(cid, value, path, sources)
            if chart is not None:
                out[cid] = chart
        return out

    def chart(self, cid: str, node: Node, path: str, sources: dict[str, m.Source]) -> m.Chart | None:
        self.in_chart = cid
        try:
            return self._chart(cid, node, path, sources)
        finally:
            self.in_chart = None

    def _chart(self, cid: str, node: Node, path: str, sources: dict[str, m.Source]) -> m.Chart | None:
        c = self.mapping(node, path, CHART_KEYS, ("kind", "categories", "series"))
        if c is None:
            return None
        kind = self.choice(c.get("kind"), f"{path}.kind", m.CHART_KINDS, None)
        categories = self.texts_list(c.get("categories"), f"{path}.categories")
        if "categories" in c and not categories and c["categories"].kind == "seq":
            self.err(c["categories"], f"{path}.categories", "a chart needs at least one category", code="empty-list")
        dupes = {x for x in categories if categories.count(x) > 1}
        if dupes:
            self.err(c["categories"], f"{path}.categories", f"duplicate category '{sorted(dupes)[0]}'", code="duplicate-category")
        series: list[m.Series] = []
        complete = True
        for i, sn in enumerate(self.seq(c.get("series"), f"{path}.series", "a list of series")):
            sp = f"{path}.series[{i}]"
            s = self.mapping(sn, sp, ("name", "values"), ("values",))
            if s is None:
                complete = False
                continue
            name = self.text(s.get("name"), f"{sp}.name") or (f"계열 {i + 1}")
            vals_nodes = self.seq(s.get("values"), f"{sp}.values", "a list of numbers")
            values = [self.number(v, f"{sp}.values[{j}]") for j, v in enumerate(vals_nodes)]
            if "values" in s and s["values"].kind == "seq" and categories and len(vals_nodes) != len(categories):
                self.err(s["values"], f"{sp}.values", f"{len(vals_nodes)} values for {len(categories)} categories", code="count-mismatch")
                complete = False
                continue
            for j, v in enumerate(values):
                # Beyond these a chart's sums, ticks and labels lose their digits (Excel keeps 15).
                if v is not None and (abs(v) > MAX_CHART_VALUE or 0 < abs(v) < MIN_CHART_VALUE):
                    self.err(vals_nodes[j], f"{sp}.values[{j}]", f"{v:g} is {'too large' if abs(v) > 1 else 'too small'} to chart: "
                             f"values are 0 or between {MIN_CHART_VALUE:g} and {MAX_CHART_VALUE:,.0f} in size; change the unit",
                             code="number-out-of-range")
                    values[j] = None
            if kind in ("pie", "doughnut"):
                for j, v in enumerate(values):
                    if v is not None and v < 0:
                        self.err(vals_nodes[j], f"{sp}.values[{j}]", f"a {kind} chart takes non-negative values", code="negative-value")
            if all(v is not None for v in values) and "values" in s:
                series.append(m.Series(name, tuple(values), sn.span))  # type: ignore[arg-type]
            else:
                complete = False
        if "series" in c and not c["series"].items and c["series"].kind == "seq":
            self.err(c["series"], f"{path}.series", "a chart needs at least one series", code="empty-list")
        if kind in ("pie", "doughnut") and len(series) > 1:
            self.err(c["series"], f"{path}.series", f"a {kind} chart takes one series, not {len(series)}", code="too-many-series")
        highlight = self.texts_list(c.get("highlight"), f"{path}.highlight")
        for i, h in enumerate(highlight):
            if categories and h not in categories:
                self.err(c["highlight"].items[i], f"{path}.highlight[{i}]", f"'{h}' is not a category{did_you_mean(h, categories)}", code="unknown-category")
        number_format = self.text(c.get("number_format"), f"{path}.number_format")
        if number_format is not None:
            from .numfmt import NumberFormatError, parse_number_format

            try:
                parse_number_format(number_format)
            except NumberFormatError as e:
                self.err(c["number_format"], f"{path}.number_format", f"number format '{number_format}' is not supported: {e}", code="invalid-number-format")
                number_format = None
        source_text = self.text(c.get("source"), f"{path}.source")
        source_id = None
        if source_text in sources:
            source_id = source_text
            source_text = sources[source_text].cite()
        elif source_text and SLUG.match(source_text) and did_you_mean(source_text, sources):
            self.p.warning(c["source"].span, f"{path}.source", f"'{source_text}' is not a source id; printed as text{did_you_mean(source_text, sources)}", code="unknown-source")
        labels = self.chart_labels(c.get("labels"), f"{path}.labels")
        if labels == "share" and kind not in (None, "pie", "doughnut"):
            self.err(c["labels"], f"{path}.labels", f"labels as shares are for pie and doughnut charts; a {kind} chart shows values",
                     code="unknown-value")
        if kind is None or not categories or not series or not complete:
            return None
        return m.Chart(
            id=cid, kind=kind, title=self.text(c.get("title"), f"{path}.title"), categories=categories,
            series=tuple(series), unit=self.text(c.get("unit"), f"{path}.unit"), number_format=number_format,
            highlight=highlight, labels=labels,
            source=source_text, source_id=source_id, span=node.span,
        )

    def chart_labels(self, node: Node | None, path: str) -> bool | str:
        """`labels`: true (values; a pie's or doughnut's shares), false, or `value` / `share` to choose."""
        if node is not None and node.kind == "scalar" and node.value in ("value", "share"):
            return node.value
        if node is not None and not (node.kind == "scalar" and isinstance(node.value, bool)):
            shown = node.text if node.kind == "scalar" else node.kind
            self.err(node, path, f"'{shown}' is not one of true, false, value, share{did_you_mean(str(shown), ('value', 'share'))}",
                     code="unknown-value")
            return False
        return self.boolean(node, path, False)

    def audience_names(self, node: Node | None) -> tuple[str, ...]:
        if node is None or node.kind != "map":
            return ()
        return tuple(node.pairs)

    def ref_audiences(self, node: Node | None, path: str, ctx: "_Ctx") -> tuple[str, ...] | None:
        if node is None:
            return None
        names = self.texts_list(node, path)
        for i, name in enumerate(names):
            if name not in ctx.audiences:
                known = ", ".join(ctx.audiences) or "none are defined"
                self.err(node.items[i], f"{path}[{i}]", f"unknown audience '{name}'{did_you_mean(name, ctx.audiences)} (defined: {known})", code="unknown-audience")
        return names

    def section(self, node: Node, path: str, ctx: "_Ctx") -> m.Section | None:
        s = self.mapping(node, path, SECTION_KEYS, ("id", "title"))
        if s is None:
            return None
        sid = self.slug(s.get("id"), f"{path}.id", required=True)
        title = self.text(s.get("title"), f"{path}.title", required=True)
        slides = tuple(
            sl for i, n in enumerate(self.seq(s.get("slides"), f"{path}.slides", "a list of slides"))
            if (sl := self.slide(n, f"{path}.slides[{i}]", ctx))
        )
        if sid is None or title is None:
            return None
        return m.Section(
            id=sid, title=title, tags=self.texts_list(s.get("tags"), f"{path}.tags"),
            audiences=self.ref_audiences(s.get("audiences"), f"{path}.audiences", ctx),
            divider=self.boolean(s.get("divider"), f"{path}.divider", False),
            summary=self.text(s.get("summary"), f"{path}.summary"), body=self.text(s.get("body"), f"{path}.body"),
            slides=slides, span=node.span, path=path, id_span=s["id"].span,
        )

    def slide(self, node: Node, path: str, ctx: "_Ctx") -> m.Slide | None:
        s = self.mapping(node, path, SLIDE_KEYS, ("title",))
        if s is None:
            return None
        present = [k for k in CONTENT_KEYS if k in s]
        if "chart" in present and "bullets" in present:
            present.remove("bullets")
        if len(present) > 1:
            self.err(s[present[1]], f"{path}.{present[1]}", f"a slide has one kind of content; it already has '{present[0]}'", code="two-contents")
        if "caption" in s and "chart" not in s:
            self.err(node.pairs["caption"][0], f"{path}.caption", "'caption' goes with a chart slide (tables and images take their own caption)", code="misplaced-caption")
        title = self.text(s.get("title"), f"{path}.title", required=True)
        content = self.content(present[0], s, path, ctx) if present else None
        layout = self.layout_name(s["layout"], f"{path}.layout") if "layout" in s else None
        if title is None or (present and content is None):
            return None
        return m.Slide(
            title=title, id=self.slug(s.get("id"), f"{path}.id"), content=content,
            notes=self.text(s.get("notes"), f"{path}.notes"), handout=self.text(s.get("handout"), f"{path}.handout"),
            audiences=self.ref_audiences(s.get("audiences"), f"{path}.audiences", ctx),
            tags=self.texts_list(s.get("tags"), f"{path}.tags"), span=node.span, path=path,
            id_span=s["id"].span if "id" in s else None,
            layout=layout, layout_span=s["layout"].span if layout else None,
        )

    def bullets(self, node: Node | None, path: str, depth: int = 1) -> tuple[m.Bullet, ...]:
        out = []
        for i, n in enumerate(self.seq(node, path, "a list of bullets")):
            p = f"{path}[{i}]"
            if n.kind == "map":
                b = self.mapping(n, p, ("text", "bullets"), ("text",)) or {}
                text = self.text(b.get("text"), f"{p}.text", required=True)
                children: tuple[m.Bullet, ...] = ()
                if "bullets" in b:
                    if depth >= 3:
                        self.err(b["bullets"], f"{p}.bullets", "bullets nest at most 3 levels deep", code="bullets-too-deep")
                    else:
                        children = self.bullets(b["bullets"], f"{p}.bullets", depth + 1)
                if text is not None:
                    out.append(m.Bullet(text, children, n.span))
            else:
                text = self.text(n, p, required=True)
                if text is not None:
                    out.append(m.Bullet(text, (), n.span))
        return tuple(out)

    def content(self, key: str, s: dict[str, Node], path: str, ctx: "_Ctx") -> m.Content:
        node, p = s[key], f"{path}.{key}"
        if key == "bullets":
            items = self.bullets(node, p)
            if node.kind == "seq" and not node.items:
                self.err(node, p, "a bullets slide needs at least one bullet (or leave 'bullets' out for a title-only slide)", code="empty-list")
            return m.BulletList(items) if items else None
        if key == "chart":
            cid = self.text(node, p, required=True)
            bullets = self.bullets(s.get("bullets"), f"{path}.bullets")
            if len(bullets) > 4:
                self.err(s["bullets"], f"{path}.bullets", f"a chart slide takes at most 4 bullets beside the chart, not {len(bullets)}", code="too-many-bullets")
            if cid is None:
                return None
            chart = ctx.charts.get(cid)
            if chart is None:
                self.err(node, p, f"unknown chart '{cid}'{did_you_mean(cid, ctx.charts)}", code="unknown-chart")
                return None
            return m.ChartSlide(chart, bullets, self.text(s.get("caption"), f"{path}.caption"))
        if key == "stat":
            nodes = node.items if node.kind == "seq" else [node]
            if node.kind == "seq" and not 1 <= len(nodes) <= 4:
                self.err(node, p, f"a stat slide shows 1 to 4 figures, not {len(nodes)}", code="wrong-count")
            stats = []
            for i, n in enumerate(nodes):
                sp = f"{p}[{i}]" if node.kind == "seq" else p
                st = self.mapping(n, sp, ("value", "label", "detail"), ("value", "label"))
                if st is None:
                    continue
                value = self.text(st.get("value"), f"{sp}.value", required=True)
                label = self.text(st.get("label"), f"{sp}.label", required=True)
                if value and label:
                    stats.append(m.Stat(value, label, self.text(st.get("detail"), f"{sp}.detail"), n.span))
            return m.Stats(tuple(stats[:4])) if stats else None
        if key == "quote":
            q = self.mapping(node, p, ("text", "by"), ("text",))
            if q is None:
                return None
            text = self.text(q.get("text"), f"{p}.text", required=True)
            return m.Quote(text, self.text(q.get("by"), f"{p}.by"), node.span) if text else None
        if key == "table":
            t = self.mapping(node, p, ("columns", "rows", "caption"), ("columns", "rows"))
            if t is None:
                return None
            columns = self.texts_list(t.get("columns"), f"{p}.columns")
            if "columns" in t and t["columns"].kind == "seq" and not t["columns"].items:
                self.err(t["columns"], f"{p}.columns", "a table needs at least one column", code="empty-list")
            rows, row_spans = [], []
            for i, rn in enumerate(self.seq(t.get("rows"), f"{p}.rows", "a list of rows")):
                rp = f"{p}.rows[{i}]"
                if rn.kind != "seq":
                    self.err(rn, rp, "expected a row: a list of cells", code="expected-list")
                    continue
                cells = [self.text(c, f"{rp}[{j}]") or "" for j, c in enumerate(rn.items)]
                if columns and len(cells) != len(columns):
                    self.err(rn, rp, f"{len(cells)} cells for {len(columns)} columns", code="count-mismatch")
                    continue
                rows.append(tuple(cells))
                row_spans.append(rn.span)
            if not columns:
                return None
            return m.Table(columns, tuple(rows), self.text(t.get("caption"), f"{p}.caption"), node.span, tuple(row_spans))
        if key == "faq":
            if node.kind == "seq" and not node.items:
                self.err(node, p, "a faq slide needs at least one question", code="empty-list")
            items = []
            for i, n in enumerate(self.seq(node, p, "a list of {q, a}")):
                f = self.mapping(n, f"{p}[{i}]", ("q", "a"), ("q", "a"))
                if f is None:
                    continue
                q = self.text(f.get("q"), f"{p}[{i}].q", required=True)
                a = self.text(f.get("a"), f"{p}[{i}].a", required=True)
                if q and a:
                    items.append(m.FaqItem(q, a, n.span))
            return m.Faq(tuple(items)) if items else None
        if key == "columns":
            nodes = self.seq(node, p, "a list of 2 or 3 columns")
            if node.kind == "seq" and not 2 <= len(nodes) <= 3:
                self.err(node, p, f"a columns slide has 2 or 3 columns, not {len(nodes)}", code="wrong-count")
            cols = []
            for i, n in enumerate(nodes):
                c = self.mapping(n, f"{p}[{i}]", ("title", "bullets"), ("title",))
                if c is None:
                    continue
                title = self.text(c.get("title"), f"{p}[{i}].title", required=True)
                if title:
                    cols.append(m.Column(title, self.bullets(c.get("bullets"), f"{p}[{i}].bullets"), n.span))
            return m.Columns(tuple(cols[:3])) if cols else None
        if key == "image":
            im = self.mapping(node, p, ("path", "alt", "caption"), ("path", "alt"))
            if im is None:
                return None
            alt = self.text(im.get("alt"), f"{p}.alt", required=True)
            path_ = self.path_in_project(im.get("path"), f"{p}.path", "image") if "path" in im else None
            size = self.image_size(path_, im.get("path"), f"{p}.path") if path_ else None
            if path_ is None or size is None or alt is None:
                return None
            return m.Image(path_, alt, self.text(im.get("caption"), f"{p}.caption"), size[0], size[1], node.span)
        raise AssertionError(f"bug in deckbuild: content key {key}")

    def image_size(self, path: Path, node: Node, p: str) -> tuple[int, int] | None:
        """The image's size once it has decoded completely, so that check and build agree."""
        import warnings

        from PIL import Image

        name = path.name
        limit = Image.MAX_IMAGE_PIXELS
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                Image.MAX_IMAGE_PIXELS = None  # the 50-megapixel rule below is ours, checked before decoding
                with Image.open(path) as im:  # reads the header only
                    fmt, (w, h) = im.format, im.size
                    if fmt not in ("PNG", "JPEG"):
                        self.err(node, p, f"image '{name}' is {fmt}; use PNG or JPEG", code="image-format")
                        return None
                    if w * h > MAX_IMAGE_PIXELS:
                        self.err(node, p, f"image '{name}' is {w}×{h} = {w * h:,} pixels; the limit is 50 megapixels", code="image-too-large")
                        return None
                    im.load()  # decode every pixel: a truncated or damaged file fails here, not in rendering
                    mode, transparency = im.mode, "transparency" in im.info
        except OSError as e:
            if e.errno is not None:
                self.err(node, p, f"image '{name}' cannot be read: {e.strerror or e}", code="file-unreadable")
            elif isinstance(e, Image.UnidentifiedImageError):
                self.err(node, p, f"image '{name}' is not a readable PNG or JPEG", code="image-format")
            else:
                self.err(node, p, f"image '{name}' is damaged: {_pil_reason(e)}", code="image-unreadable")
            return None
        except Exception as e:  # a damaged file fails in assorted ways inside the decoders
            self.err(node, p, f"image '{name}' is damaged: {_pil_reason(e)}", code="image-unreadable")
            return None
        finally:
            Image.MAX_IMAGE_PIXELS = limit
        # Modes Pillow decodes but the handout (reportlab) draws wrongly: refused, with the fix.
        if mode.startswith("I") or mode == "F":
            self.err(node, p, f"image '{name}' is a 16-bit greyscale PNG, which the handout cannot draw; save it with 8 bits per channel", code="image-unsupported")
            return None
        if transparency and mode in ("1", "L", "RGB"):
            self.err(node, p, f"image '{name}' marks one colour transparent (PNG tRNS), which the handout cannot draw; save it with an alpha channel, or without transparency", code="image-unsupported")
            return None
        for w_ in {str(x.message) for x in caught if not issubclass(x.category, Image.DecompressionBombWarning)}:
            self.p.warning(node.span, p, f"image '{name}': {w_.strip()} (the picture is drawn; its metadata is ignored)", code="image-metadata")
        return w, h

    def check_ids(self, sections: tuple[m.Section, ...]) -> None:
        seen: dict[str, Span] = {}  # id → where it is first given
        for sec in sections:
            items = [(sec.id, sec.id_span or sec.span, f"{sec.path}.id")]
            items += [(sl.id, sl.id_span or sl.span, f"{sl.path}.id") for sl in sec.slides if sl.id]
            for ident, span, path in items:
                if ident in seen:
                    self.err(span, path, f"duplicate id '{ident}' (first at line {seen[ident].line})", code="duplicate-id")
                else:
                    seen[ident] = span

    def audiences(self, node: Node | None, deck: m.Deck, ctx: "_Ctx", section_nodes: list[Node]) -> dict[str, m.Audience]:
        out: dict[str, m.Audience] = {}
        if node is None:
            return out
        if node.kind != "map":
            self.err(node, "audiences", "expected a mapping of audience name → settings", code="expected-mapping")
            return out
        section_ids = [s.id for s in deck.sections]
        targets = _override_targets(deck, section_nodes)
        for name, (key, value) in node.pairs.items():
            path = f"audiences.{name}"
            if not SLUG.match(name):
                self.err(key, path, f"'{name}' is not a valid audience name: use lowercase letters, digits and hyphens", code="invalid-id")
                continue
            a = self.mapping(value, path, AUDIENCE_KEYS)
            if a is None:
                continue
            sections = None
            if "sections" in a:
                sections = self.texts_list(a["sections"], f"{path}.sections")
                for i, sid in enumerate(sections):
                    if sid not in section_ids:
                        self.err(a["sections"].items[i], f"{path}.sections[{i}]", f"unknown section '{sid}'{did_you_mean(sid, section_ids)}", code="unknown-section")
            overrides: dict[str, Any] = {}
            if "overrides" in a:
                on = a["overrides"]
                if on.kind != "map":
                    self.err(on, f"{path}.overrides", "expected a mapping of section or slide id → fields", code="expected-mapping")
                else:
                    for oid, (okey, oval) in on.pairs.items():
                        op = f"{path}.overrides.{oid}"
                        if oid not in targets:
                            self.err(okey, op, f"unknown section or slide id '{oid}'{did_you_mean(oid, targets)}", code="unknown-id")
                            continue
                        replacement = self.override(targets[oid], oval, op, ctx)
                        if replacement is not None:
                            overrides[oid] = replacement
            out[name] = m.Audience(
                name=name, title=self.text(a.get("title"), f"{path}.title"), subtitle=self.text(a.get("subtitle"), f"{path}.subtitle"),
                description=self.text(a.get("description"), f"{path}.description"), sections=sections,
                include_tags=self.texts_list(a.get("include_tags"), f"{path}.include_tags"),
                exclude_tags=self.texts_list(a.get("exclude_tags"), f"{path}.exclude_tags"),
                notes=self.boolean(a.get("notes"), f"{path}.notes", True),
                handout=self.handout(a.get("handout"), f"{path}.handout", deck.handout),
                overrides=overrides, span=value.span,
            )
        return out

    def override(self, target: tuple[str, Node], node: Node, path: str, ctx: "_Ctx"):
        kind, original = target
        keys = SECTION_KEYS if kind == "section" else SLIDE_KEYS
        if node.kind != "map":
            self.err(node, path, "expected a mapping of fields to replace", code="expected-mapping")
            return None
        for name, (key, _) in node.pairs.items():
            if name == "id" or name not in keys:
                self.err(key, f"{path}.{name}", f"cannot override '{name}'{did_you_mean(name, [k for k in keys if k != 'id'])}", code="not-overridable")
        merged = Node("map", original.span, tag=original.tag, pairs=dict(original.pairs))
        if kind == "slide" and any(k in node.pairs for k in CONTENT_KEYS):
            for k in CONTENT_KEYS + ("caption",):  # a new content key replaces the old content
                merged.pairs.pop(k, None)
        merged.pairs.update({k: v for k, v in node.pairs.items() if k in keys and k != "id"})
        before = len(self.p.items)
        result = self.section(merged, path, ctx) if kind == "section" else self.slide(merged, path, ctx)
        # Problems in the original fields were reported at their own place already.
        self.p.items[before:] = [x for x in self.p.items[before:] if x not in self.p.items[:before]]
        return result


class _Ctx:
    def __init__(self, charts: dict[str, m.Chart], audiences: tuple[str, ...]):
        self.charts = charts
        self.audiences = audiences


def _override_targets(deck: m.Deck, section_nodes: list[Node]) -> dict[str, tuple[str, Node]]:
    targets: dict[str, tuple[str, Node]] = {}
    for sn in section_nodes:
        if sn.kind != "map":
            continue
        sid = sn.pairs.get("id")
        if sid and sid[1].kind == "scalar":
            targets[sid[1].text] = ("section", sn)
        slides = sn.pairs.get("slides")
        for sl in (slides[1].items if slides and slides[1].kind == "seq" else []):
            lid = sl.pairs.get("id") if sl.kind == "map" else None
            if lid and lid[1].kind == "scalar":
                targets[lid[1].text] = ("slide", sl)
    return targets


def _pil_reason(e: Exception) -> str:
    text = str(e).strip()
    return text if text and len(text) < 120 else f"it cannot be decoded ({type(e).__name__})"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def check_glyphs(v: Validator, deck: m.Deck, problems: Problems) -> None:
    """Every character of every text must be in a face of the chain (spec §2); a chart's text in
    one face; a face of the outline's that forbids embedding is a warning."""
    from .fonts import FontChain, FontFileError, load_face
    from .text import plain

    f = deck.theme.fonts
    roles = [("regular", f.regular), ("bold", f.bold)] + ([("symbols", f.symbols)] if f.symbols else [])
    roles += [(f"fallback[{i}]", p) for i, p in enumerate(f.fallback)]
    broken = False
    for role, path in roles:
        try:
            load_face(path)
        except FontFileError as e:
            node = v.font_nodes.get(role)
            problems.error(node.span if node else Span(v.file), f"theme.fonts.{role}", str(e), code="font-unreadable")
            broken = True
    if broken:
        return
    chain = FontChain(f)
    families = list(dict.fromkeys(face.family for face in chain.faces()))
    names = ", ".join(families[:-1]) + f" or {families[-1]}" if len(families) > 1 else families[0]
    used = {chain.regular, chain.bold}
    charts: dict[str, list[tuple[str, Span, str]]] = {}
    for text, span, path, chart in v.texts:
        shown = plain(text)
        missing = chain.missing(shown)
        for c in missing:
            if BAD_IN_VALUE.match(c):
                continue  # a control character: reported as such where the text is read
            problems.error(span, path, f"character {char_name(c)} '{c}' is not in the font {names}; remove it or add a face with theme.fonts.fallback", code="font-glyph")
        drawn = "".join(c for c in shown if c not in missing and c not in "\n\t")
        if chart is not None:
            charts.setdefault(chart, []).append((drawn, span, path))
        else:
            used.update(chain.face_for(c, False) for c in dict.fromkeys(drawn))
            used.update(chain.face_for(c, True) for c in dict.fromkeys(drawn))
    for items in charts.values():
        whole = "".join(t for t, _, _ in items) + m.CHART_FIGURES
        face = chain.face_covering(whole)
        if face is not None:
            used.update((face, chain.face_covering(whole, bold=True) or face))
            continue
        # No face has it all: name the characters the face with the most of them lacks.
        need = set(whole)
        best = max(chain.faces(), key=lambda fc: sum(ord(c) in fc.cmap for c in need))
        for text, span, path in items:
            for c in dict.fromkeys(text):
                if ord(c) not in best.cmap:
                    problems.error(span, path, f"character {char_name(c)} '{c}' is not in the font {best.family}, which draws this chart; "
                                   "a chart is drawn in one face and no face of the chain has every character of its text", code="chart-glyph")
    if f.embed == "none":
        return
    for role, path in roles:
        face = load_face(path)
        if face in used and not face.embeddable:
            node = v.font_nodes.get(role)
            problems.warning(node.span if node else Span(v.file), f"theme.fonts.{role}",
                             f"font {face.family} forbids embedding (OS/2 fsType 0x{face.info.fs_type:04X}); the PPTX names it without carrying it",
                             code="font-not-embeddable")


def load(path: Path, display: str | None = None, inputs: set[Path] | None = None) -> tuple[m.Deck, list]:
    """Read, parse and validate one outline → (deck, warnings); raise `OutlineError` on errors.

    `inputs`, when given, receives the path of every file the outline reads or looked for (the
    outline, the outlines it extends, fonts, template, images), errors or not.
    """
    display = display or str(path)
    problems = Problems()
    files: dict[str, Path] = {}
    v = Validator(display, path, problems)
    deck = None
    try:
        root = load_tree(path, display, problems, project_root(path), files=files)
        if root is not None:
            v.files.update(files)
            deck = v.deck(root, path.stem)
            if deck is not None:
                check_glyphs(v, deck, problems)
    finally:
        if inputs is not None:
            inputs.add(Path(os.path.abspath(path)))
            inputs.update(files.values(), v.inputs)
    if deck is None or problems.has_errors:
        raise OutlineError(problems.items)
    return deck, problems.sorted()
