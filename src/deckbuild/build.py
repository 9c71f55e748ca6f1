"""Outline path × audiences × formats → {output path: bytes}: the whole pipeline, in memory.

Nothing here touches the output folder; `write.write_all` does, once every file is ready.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .audience import select
from .layout import layout
from .problems import OutlineError, Problem
from .validate import load

FORMATS = ("pptx", "pdf")


class UnknownAudience(Exception):
    def __init__(self, name: str, defined: list[str]):
        self.name, self.defined = name, defined
        shown = ", ".join(defined) if defined else "the outline defines none"
        super().__init__(f"unknown audience '{name}' (defined: {shown})")


@dataclass
class Built:
    files: dict[Path, bytes]
    warnings: list[Problem]


def output_name(stem: str, audience: str | None, fmt: str) -> str:
    return f"{stem}.{audience}.{fmt}" if audience else f"{stem}.{fmt}"


def render(outline: Path, display: str, requested: list[str], all_audiences: bool, formats: tuple[str, ...], out_dir: Path | None) -> Built:
    """Validate, select, lay out and render; with `out_dir` None, stop after layout (check)."""
    deck, warnings = load(outline, display)
    for name in requested:
        if name not in deck.audiences:
            raise UnknownAudience(name, list(deck.audiences))
    audiences: list[str | None] = list(dict.fromkeys(requested)) or [None]
    if all_audiences:
        audiences = [None] + list(deck.audiences)
    from .fonts import FontSet
    from .write import build_time

    fonts = FontSet(deck.theme.fonts)
    when = build_time(deck)
    files: dict[Path, bytes] = {}
    problems: list[Problem] = []
    for name in audiences:
        try:
            plan = layout(select(deck, name), fonts)
        except OutlineError as e:
            problems.extend(e.problems)
            continue
        if out_dir is None:
            continue
        if "pptx" in formats:
            from .render.pptx import render_pptx
            from .write import normalize_zip

            files[out_dir / output_name(deck.stem, name, "pptx")] = normalize_zip(render_pptx(plan, fonts, when=when))
        if "pdf" in formats:
            from .render.pdf import render_pdf

            files[out_dir / output_name(deck.stem, name, "pdf")] = render_pdf(plan, fonts, when=when)
    if problems:
        raise OutlineError(problems + warnings)
    return Built(files, warnings)


