"""Outlines × audiences × formats → {output path: bytes}: the whole pipeline, in memory.

Nothing here touches the output folder; `write.write_all` does, once every file is ready.
Several targets are built in parallel worker processes (layout and rendering are CPU-bound).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .audience import select
from .layout import layout
from .problems import OutlineError, Problem
from .validate import load

class UnknownAudience(Exception):
    def __init__(self, name: str, defined: list[str]):
        self.name, self.defined = name, defined
        shown = ", ".join(defined) if defined else "the outline defines none"
        super().__init__(f"unknown audience '{name}' (defined: {shown})")


@dataclass(frozen=True)
class Target:
    outline: Path
    display: str
    audience: str | None

    @property
    def label(self) -> str:
        return self.outline.stem + (f".{self.audience}" if self.audience else "")


@dataclass
class Result:
    files: dict[Path, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # errors and warnings, sorted at the end


SUFFIX = {"pptx": "pptx", "pdf": "pdf", "slides": "slides.pdf"}


def output_name(stem: str, audience: str | None, fmt: str) -> str:
    """NAME[.AUDIENCE].pptx | .pdf | .slides.pdf (spec §3)."""
    return f"{stem}.{audience}.{SUFFIX[fmt]}" if audience else f"{stem}.{SUFFIX[fmt]}"


# Outlines validated by `plan_targets`, reused by `build_target` (forked workers inherit it),
# with the size and time of every file they read, to tell a vanished input from a bug.
_loaded: dict[tuple[Path, str], object] = {}
_inputs: dict[tuple[Path, str], dict] = {}


def loaded_deck(outline: Path, display: str):
    """The deck `plan_targets` validated for this outline (validated again if it was not)."""
    deck = _loaded.get((outline, display))
    return deck if deck is not None else load(outline, display)[0]


def plan_targets(outline: Path, display: str, requested: list[str], all_audiences: bool) -> tuple[list[Target], list[Problem]]:
    """Validate one outline and list what to build; raise `OutlineError` or `UnknownAudience`."""
    from .faults import input_files, stamps

    deck, warnings = load(outline, display)
    _loaded[(outline, display)] = deck
    _inputs[(outline, display)] = stamps(input_files(deck))
    for name in requested:
        if name not in deck.audiences:
            raise UnknownAudience(name, list(deck.audiences))
    names: list[str | None] = list(dict.fromkeys(requested)) or [None]
    if all_audiences:
        names = [None] + list(deck.audiences)
    return [Target(outline, display, n) for n in names], warnings


def build_target(target: Target, formats: tuple[str, ...], out_dir: Path | None) -> tuple[dict[Path, bytes], list[Problem]]:
    """Lay out one target and render its files, with layout's warnings; with `out_dir` None, stop
    after layout (check).

    Raises `FileFault` when rendering fails because an input (image, template, font) went
    missing, became unreadable or changed after validation."""
    try:
        return _build_target(target, formats, out_dir)
    except OutlineError:
        raise
    except Exception:
        from .faults import diagnose, input_files, stamps

        key = (target.outline, target.display)
        seen = _inputs.get(key) or (stamps(input_files(_loaded[key])) if key in _loaded else {})
        found = diagnose(seen)
        if found is None:
            raise
        raise found from None


def _build_target(target: Target, formats: tuple[str, ...], out_dir: Path | None) -> tuple[dict[Path, bytes], list[Problem]]:
    from .fonts import FontSet

    deck = _loaded.get((target.outline, target.display)) or load(target.outline, target.display)[0]
    fonts = FontSet(deck.theme.fonts)
    plan = layout(select(deck, target.audience), fonts)
    files: dict[Path, bytes] = {}
    if out_dir is None:
        return files, list(plan.warnings)

    def name(fmt: str) -> Path:
        return out_dir / output_name(deck.stem, target.audience, fmt)

    if "pptx" in formats:
        from .render.fonts_pptx import embed_fonts
        from .render.pptx import render_pptx
        from .write import normalize_zip

        template = None
        if deck.theme.template is not None:
            from .template import package_bytes

            template = package_bytes(deck.theme.template)
        files[name("pptx")] = normalize_zip(embed_fonts(render_pptx(plan, fonts, template), fonts, deck.theme.fonts.embed)[0])
    if "pdf" in formats:
        from .render.pdf import render_pdf

        files[name("pdf")] = render_pdf(plan, fonts)
    if "slides" in formats:
        from .render.slides_pdf import render_slides_pdf

        files[name("slides")] = render_slides_pdf(plan, fonts)
    return files, list(plan.warnings)


def _job(args: tuple[Target, tuple[str, ...], Path | None]) -> tuple[dict[Path, bytes], list[Problem]]:
    try:
        return build_target(*args)
    except OutlineError as e:
        return {}, e.problems


def build_all(targets: list[Target], formats: tuple[str, ...], out_dir: Path | None, *, jobs: int | None = None, progress=None) -> Result:
    """Build every target; in parallel processes when there are several and more than one CPU."""
    result = Result()
    jobs = jobs or min(len(targets), os.cpu_count() or 1)
    work = [(t, formats, out_dir) for t in targets]
    if jobs <= 1 or len(targets) <= 1:
        outcomes = map(_job, work)
        _collect(result, targets, outcomes, progress)
        return result
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: workers inherit the loaded modules and font cache, so they start in milliseconds.
    method = "fork" if sys.platform != "win32" and "fork" in multiprocessing.get_all_start_methods() else None
    ctx = multiprocessing.get_context(method) if method else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
        _collect(result, targets, pool.map(_job, work), progress)
    return result


def _collect(result: Result, targets: list[Target], outcomes, progress) -> None:
    for n, (target, (files, problems)) in enumerate(zip(targets, outcomes), 1):
        result.files.update(files)
        result.problems.extend(problems)
        if progress:
            progress(n, len(targets), target)
