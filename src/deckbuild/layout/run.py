"""Deck × FontSet × Frame → Plan: the layout driver. It adds the title slide, each section's divider
and slides (each through its kind in `kinds.SLIDE_KINDS`), the sources, then hands the laid-out
slides to the handout planner.

In: a (selected) deck, its fonts, and the template's Frame from the caller (read here only when
none is given). Out: the Plan, with its warnings; `OutlineError` when something cannot fit.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace

from .. import model as m
from ..fonts import FontSet
from ..frame import Frame, default_frame
from ..limits import MAX_SLIDES
from ..plan import DocInfo, Plan, PlanSection
from ..problems import Problems
from ..text import plain
from .fit import TooMany, Unfit
from .generated import divider, sources_slide, title_slide
from .handout import plan_handout
from .kinds import SLIDE_KINDS
from .page import BODY_FLOOR, SlideBuilder
from .words import citation, date_text, is_korean, words_for

FALLBACK_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


def document_time(date: dt.date | None) -> dt.datetime:
    """The date written into files: the outline's `date`, else SOURCE_DATE_EPOCH, else a constant,
    so two builds of one outline are byte-identical."""
    if date:
        return dt.datetime(date.year, date.month, date.day, tzinfo=dt.timezone.utc)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return FALLBACK_TIME


def doc_info(deck: m.Deck) -> DocInfo:
    """The document's properties for the (selected) deck: `audience.select` has already put the
    audience's title and subtitle in place."""
    a = deck.audience
    desc = a.description if a else None
    korean = is_korean(deck.language)
    keywords = tuple(k for k in (deck.classification, a.name if a else None) if k)
    return DocInfo(
        title=plain(deck.title), subtitle=plain(deck.subtitle) if deck.subtitle else None,
        author=plain(deck.author) if deck.author else None,
        date=deck.date.isoformat() if deck.date else None, language=deck.language,
        audience=a.name if a else None, audience_description=plain(desc) if desc else None,
        keywords=keywords, when=document_time(deck.date), words=words_for(deck.language),
        shown_date=date_text(deck.date, korean), classification=deck.classification,
    )


class Layout:
    """One deck's slides laid out in order, problems collected (the handout is planned after)."""

    def __init__(self, deck: m.Deck, fonts: FontSet, problems: Problems, frame: Frame | None = None):
        self.deck = deck
        self.fonts = fonts
        self.problems = problems
        self.info = doc_info(deck)
        self.builder = SlideBuilder(deck, fonts, problems, frame or default_frame(), self.info)

    def warn_fonts(self) -> None:
        """The template's theme fonts differ from the faces deckbuild measures with: said once."""
        names = self.builder.grids.font_names()
        ours = {self.fonts.regular.family, self.fonts.bold.family}
        others = sorted(n for n in names if n not in ours and not n.startswith("+"))
        if others and self.deck.theme.template_span is not None:
            self.problems.warning(self.deck.theme.template_span, "theme.template",
                                  f"the template's fonts ({', '.join(others)}) are not the faces deckbuild measures and embeds "
                                  f"({self.fonts.regular.family}); the deck's text is set in {self.fonts.regular.family}",
                                  code="template-fonts")

    def run(self) -> Plan:
        """The Plan of the deck's slides (no handout yet)."""
        self.warn_fonts()
        try:
            self._run()
        except TooMany as e:
            self.problems.error(e.span, "sections", f"with continuation slides the deck passes {MAX_SLIDES:,} slides; split the outline",
                                code="too-many-slides")
        b = self.builder
        sections = tuple(replace(s, slides=tuple(p.number for p in b.slides if p.section == k)) for k, s in enumerate(b.sections))
        korean = is_korean(self.deck.language)
        return Plan(self.info, tuple(b.slides), sections, None, dict(b.colors), b.width, b.height,
                    tuple(citation(s, korean) for s in self.deck.sources))

    def _run(self) -> None:
        try:
            title_slide(self.builder)
        except Unfit as e:
            self.problems.error(e.span or self.deck.span, e.path or "subtitle", f"{e.what} does not fit on the title slide even "
                                f"at {e.floor:g} pt; shorten it", code="item-too-big")
        words = self.info.words
        body = appendix = 0
        for n, section in enumerate(self.deck.sections, 1):
            if section.appendix:
                appendix += 1
                label = f"{words.appendix} {appendix}"
            else:
                body += 1
                label = str(body)
            self.builder.sections.append(PlanSection(n, section.id, section.title, (), label, f"{label}. {section.title}", section.appendix))
            if section.divider:
                divider(self.builder, section)
            for slide in section.slides:
                self.slide(slide)
        if self.deck.sources:
            try:
                sources_slide(self.builder)
            except Unfit as e:
                self.problems.error(e.span or self.deck.sources[0].span, e.path or "sources", f"{e.what} does not fit on a slide; shorten it",
                                    code="item-too-big")

    def slide(self, slide: m.Slide) -> None:
        """One outline slide through its kind; content a template's area cannot hold is laid out once
        more in all the room its layout has."""
        kind = SLIDE_KINDS[type(slide.content)]
        builder = self.builder
        before = len(builder.slides)
        try:
            try:
                kind.lay(builder, slide, kind)
            except Unfit:
                if builder.grid(kind.role, slide).own:
                    raise
                del builder.slides[before:]
                builder.relax = True
                try:
                    kind.lay(builder, slide, kind)
                finally:
                    builder.relax = False
        except Unfit as e:
            if slide.message and self._without_message(slide, kind, before):
                return
            self.problems.error(e.span or slide.span, e.path or slide.path,
                                f"{e.what} does not fit on a slide even at {e.floor or BODY_FLOOR:g} pt; shorten it or split it",
                                code="item-too-big")

    def _without_message(self, slide: m.Slide, kind, before: int) -> bool:
        """Content that fits its slide only without the key message's band: the slide without it (the
        handout keeps it), with a warning that says so."""
        builder = self.builder
        del builder.slides[before:]
        bare = replace(slide, message=None)
        for relax in (False, True):
            builder.relax = relax
            try:
                kind.lay(builder, bare, kind)
            except Unfit:
                del builder.slides[before:]
                continue
            finally:
                builder.relax = False
            self.problems.warning(slide.span, f"{slide.path}.message", "the key message is left off the slide: the content "
                                  "fills it even at the floor size (the handout keeps the message); shorten the content", code="message-dropped")
            return True
        return False


def layout(deck: m.Deck, fonts: FontSet | None = None, frame: Frame | None = None) -> Plan:
    """Lay out a (selected) deck in `frame` (its template, as the caller read it; deckbuild's own
    slide without one), then plan its handout; raise `OutlineError` when something cannot fit.
    Warnings are in `Plan.warnings`."""
    fonts = fonts or FontSet(deck.theme.fonts)
    if frame is None:  # the template as validation read it (None: deckbuild's own slide)
        frame = deck.theme.frame
    problems = Problems()
    plan = Layout(deck, fonts, problems, frame).run()
    problems.raise_if_errors()
    plan = replace(plan, handout=plan_handout(deck, plan, fonts))
    return replace(plan, warnings=tuple(problems.sorted()))
