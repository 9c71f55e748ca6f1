"""Outlines × audiences × formats → {output path: bytes}: the whole pipeline, in memory.

Nothing here touches the output folder; `write.write_all` does, once every file is ready.
Several targets are built in parallel worker processes (layout and rendering are CPU-bound).
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import ahead, renderers
from .ahead import can_fork, spare_cpu
from .audience import select
from .layout import layout
from .problems import OutlineError, Problem
from .renderers import quiet_worker, render, warm_up  # noqa: F401 (render, warm_up: the pipeline's names)
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
    handout: str | None = None  # --handout: the handout layout for this run, over the outline's and the audience's

    @property
    def label(self) -> str:
        return self.outline.stem + (f".{self.audience}" if self.audience else "")


@dataclass
class Result:
    files: dict[Path, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # errors and warnings, sorted at the end
    # The same, target by target: each outline is its own build (spec §3), so the command line
    # writes the files of the outlines without errors.
    by_target: dict[Target, tuple[dict[Path, bytes], list[Problem]]] = field(default_factory=dict)

    def add(self, target: Target, files: dict[Path, bytes], problems: list[Problem]) -> None:
        self.files.update(files)
        self.problems.extend(problems)
        done, said = self.by_target.setdefault(target, ({}, []))
        done.update(files)
        said.extend(problems)


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


def plan_targets(outline: Path, display: str, requested: list[str], all_audiences: bool,
                 inputs: set[Path] | None = None, handout: str | None = None) -> tuple[list[Target], list[Problem]]:
    """Validate one outline and list what to build; raise `OutlineError` or `UnknownAudience`.
    `inputs` receives every file the outline reads (see `validate.load`)."""
    from .faults import input_files, stamps

    deck, warnings = load(outline, display, inputs)
    _loaded[(outline, display)] = deck
    _inputs[(outline, display)] = stamps(input_files(deck))
    for name in requested:
        if name not in deck.audiences:
            raise UnknownAudience(name, list(deck.audiences))
    names: list[str | None] = list(dict.fromkeys(requested)) or [None]
    if all_audiences:
        names = [None] + list(deck.audiences)
    return [Target(outline, display, n, handout) for n in names], warnings


def build_target(target: Target, formats: tuple[str, ...], out_dir: Path | None, *, split: bool = False) -> tuple[dict[Path, bytes], list[Problem]]:
    """Lay out one target and render its files, with layout's warnings; with `out_dir` None, stop
    after layout (check). With `split`, the formats after the first are rendered in a forked
    process meanwhile.

    Raises `FileFault` when rendering fails because an input (image, template, font) went
    missing, became unreadable or changed after validation."""
    try:
        return _build_target(target, formats, out_dir, split)
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


def _build_target(target: Target, formats: tuple[str, ...], out_dir: Path | None, split: bool) -> tuple[dict[Path, bytes], list[Problem]]:
    from .fonts import FontSet

    deck = _loaded.get((target.outline, target.display)) or load(target.outline, target.display)[0]
    fonts = FontSet(deck.theme.fonts)
    selected = select(deck, target.audience)
    if target.handout:  # --handout wins over the outline's and the audience's layout
        selected = replace(selected, handout=replace(selected.handout, layout=target.handout))
    plan = layout(selected, fonts, template_frame(deck))
    if out_dir is None:
        return {}, list(plan.warnings)
    wanted = [f for f in ("pptx", "pdf", "slides") if f in formats]
    if split and len(wanted) > 1:
        rendered = _render_forked(wanted, deck, plan, fonts)
    else:
        rendered = {f: renderers.render(f, deck, plan, fonts) for f in wanted}
    return {out_dir / output_name(deck.stem, target.audience, f): rendered[f] for f in wanted}, list(plan.warnings)


def template_frame(deck):
    """The Frame of the deck's template (None without one), as validation read it."""
    return deck.theme.frame


def _render_forked(formats: list[str], deck, plan, fonts) -> dict[str, bytes]:
    # The renderers share nothing but the plan and the parsed fonts, which a forked child has
    # already: it renders the later formats while this process renders the first, so the two
    # imports (python-pptx, reportlab's platypus) and the two renderings overlap on two cores.
    # A bare fork and a pipe: multiprocessing would cost more to import than it saves here.
    import pickle

    started = ahead.take(formats[1:])
    if started is not None:  # forked as the build began, its imports done meanwhile: send it the plan
        pid, read_end = started.pid, started.result
        started.send(pickle.dumps((deck, plan, fonts), protocol=pickle.HIGHEST_PROTOCOL))
    else:
        import gc

        read_end, write_end = os.pipe()
        gc.freeze()  # the collector would otherwise write to every shared object, copying its page
        try:
            pid = os.fork()
        except OSError:  # no process to spare (a limit on processes or memory): drawn here, in turn
            os.close(read_end)
            os.close(write_end)
            return {f: renderers.render(f, deck, plan, fonts) for f in formats}
        if pid == 0:  # the child: never returns
            os.close(read_end)
            renderers.render_child(write_end, formats[1:], deck, plan, fonts)
        os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as pipe:
            out = {formats[0]: renderers.render(formats[0], deck, plan, fonts)}
            data = pipe.read()
    except BaseException:  # this side failed or was interrupted: the other half is not wanted
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        os.waitpid(pid, 0)
        if started is not None:
            started.finish()
    kind, payload = pickle.loads(data) if data else ("bug", (f"the {'/'.join(formats[1:])} renderer process ended without a result", ""))
    if kind == "ok":
        from . import reuse

        payload, kept = payload
        reuse.absorb(kept)  # what the child made, for the next build (watch)
    if kind == "outline":
        raise OutlineError(payload)
    if kind == "bug":
        message, trace = payload
        error = RuntimeError(message)
        error.add_note(f"in the forked renderer process:\n{trace}")
        raise error
    out.update(payload)
    return out


def _job(args: tuple[Target, tuple[str, ...], Path | None]) -> tuple[dict[Path, bytes], list[Problem]]:
    try:
        return build_target(*args)
    except OutlineError as e:
        return {}, e.problems


def _pooled_job(args: tuple[Target, tuple[str, ...], Path | None]) -> tuple[tuple[dict[Path, bytes], list[Problem]], list]:
    """`_job` in a worker process, with what it made for later builds (`reuse`: watch only)."""
    from . import reuse

    if not reuse.enabled():
        return _job(args), ([], {})
    reuse.journal()
    outcome = _job(args)
    return outcome, reuse.taken()


def _absorbed(outcomes):
    from . import reuse

    for outcome, kept in outcomes:
        reuse.absorb(kept)
        yield outcome


def build_all(targets: list[Target], formats: tuple[str, ...], out_dir: Path | None, *, jobs: int | None = None, progress=None) -> Result:
    """Build every target; in parallel processes when there are several and more than one CPU
    (one target: its formats in parallel)."""
    result = Result()
    # What is alive now (imports, the validated outlines, parsed fonts) lives until the process
    # ends: out of the collector's sight, a full collection during layout or rendering no longer
    # walks it (some 5–8 % of the sample's cold build). watch collects between builds itself.
    import gc

    gc.freeze()
    cpus = jobs or os.cpu_count() or 1
    jobs = min(len(targets), cpus)
    if len(targets) == 1 and cpus > 1 and out_dir is not None and can_fork() and (ahead.waiting() or spare_cpu(cpus)):
        try:
            files, warnings = build_target(targets[0], formats, out_dir, split=True)
        except OutlineError as e:
            files, warnings = {}, e.problems
        result.add(targets[0], files, warnings)
        if progress:
            progress(1, 1, targets[0])
        return result
    work = [(t, formats, out_dir) for t in targets]
    if jobs <= 1 or len(targets) <= 1:
        outcomes = map(_job, work)
        _collect(result, targets, outcomes, progress)
        return result
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: workers inherit the loaded modules and font cache, so they start in milliseconds.
    ctx = multiprocessing.get_context("fork") if can_fork() else None
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=quiet_worker) as pool:
        _collect(result, targets, _absorbed(pool.map(_pooled_job, work)), progress)
    return result


def _collect(result: Result, targets: list[Target], outcomes, progress) -> None:
    for n, (target, (files, problems)) in enumerate(zip(targets, outcomes), 1):
        result.add(target, files, problems)
        if progress:
            progress(n, len(targets), target)
