"""`deckbuild watch`: build, then rebuild an outline whenever a file it uses changes, until Ctrl-C.

The files an outline uses are the ones validation read or looked for (`validate.load(inputs=)`):
the outline, the outlines it extends, its fonts, template and images. Their folders are watched
and the events filtered by path, because editors save by writing a new file and renaming it over
the old one, which a watch on the old file would not see. Each rebuild goes through the same
pipeline and `write.write_all` as `deckbuild build`, in a process that keeps imports, parsed
fonts and the outlines that did not change, so its files are byte-identical to a cold build.
"""

from __future__ import annotations

import os
import queue
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import reuse
from .build import UnknownAudience, build_all, loaded_deck, plan_targets, warm_up
from .console import EXIT_OK, UsageError, find_outlines, print_problems, report_bug, requested_formats
from .faults import FileFault
from .problems import OutlineError
from .write import write_all

# A save is done once its folder has been quiet this long: an editor's write-then-rename, or
# a checkout touching several files, arrives as a burst of events within a few milliseconds
# (a vim save under load: up to 47 ms between writing and closing, its fsync between).
QUIET = 0.05
# … or this long once the last event left an input whole: closed after writing, or renamed
# into place. The gaps within a burst after such an event measured under 8 ms, under load
# too (`bench/quiet.py`); the files of a checkout follow one another as closely.
QUIET_WHOLE = 0.02
# Not "opened" and "closed_no_write": the build's own reads would trigger the next build.
_CHANGES = frozenset({"created", "modified", "moved", "deleted", "closed", "attrib"})
_OUTLINE_SUFFIXES = (".yaml", ".yml")


class _Stop(Exception):
    """SIGTERM: stop like Ctrl-C."""


def _on_sigterm(signum, frame):
    raise _Stop


@dataclass
class _Outline:
    path: Path
    display: str
    inputs: set[Path] = field(default_factory=set)
    failed: bool = False  # its last build had errors: the next good one says so


def say(message: str) -> None:
    print(f"watch: {message}", file=sys.stderr, flush=True)


def watch(args) -> int:
    """Run `deckbuild watch` with the parsed arguments of the `watch` command; return the exit status."""
    outlines = [_Outline(path, display) for path, display in find_outlines(args.outlines)]
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    session = _Session(outlines, args)
    try:
        return session.run()
    except (KeyboardInterrupt, _Stop):
        say("stopped")
        return EXIT_OK
    finally:
        session.close()
        signal.signal(signal.SIGTERM, previous)


class _Session:
    def __init__(self, outlines: list[_Outline], args):
        self.outlines = outlines
        self.audiences: list[str] = args.audience
        self.all_audiences: bool = args.all_audiences
        self.formats = requested_formats(args)
        self.handout: str | None = getattr(args, "handout", None)
        self.out_dir = Path(args.out)
        self.verbose: bool = args.verbose
        self.debug: bool = getattr(args, "debug", False)
        # (arrived, path, a folder came or went, the file is whole: closed after writing or renamed into place)
        self.events: queue.SimpleQueue[tuple[float, Path, bool, bool]] = queue.SimpleQueue()
        # path → the outlines that use it (with the folders a missing input needs first)
        self.relevant: dict[Path, list[_Outline]] = {}
        self.watches: dict[Path, object] = {}  # folder → watchdog's ObservedWatch
        self.folders: set[Path] = set()  # the folders of the inputs (the others watched are their parents)
        self.written: set[Path] = set()  # outputs never count as inputs (a template in out/ would loop)
        self.problems: list = []  # of the builds since the last report
        self.pending: list = []  # events taken off the queue by `went_on`, for `wait`
        self.observer = None

    # ---- the loop -----------------------------------------------------------------------------
    def run(self) -> int:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        session = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:  # on the observer's thread
                session.on_event(event)

        self.handler = Handler()
        started = time.time_ns()
        reuse.enable()  # each rebuild takes what an unchanged slide, part or paragraph was (byte-identical)
        lines = [self.build(o, first=True) for o in self.outlines]
        self.observer = Observer()
        self.observer.start()
        stale = self.rewatch(since=started)
        self.report(lines)
        _settle()
        n_files = len({p.resolve() for o in self.outlines for p in o.inputs if p.is_file()})
        say(f"watching {n_files} file{'s' if n_files != 1 else ''} in {len(self.folders)} "
            f"folder{'s' if len(self.folders) != 1 else ''} (Ctrl-C stops)")
        while True:
            until = None
            if stale:
                changed, seen = set(), None
                todo = stale
            else:
                changed, seen, until = self.wait()
                todo = self.touched(changed)
            since = time.time_ns()
            if self.font_changed(changed, todo):
                # A font was replaced in place: parsed faces are cached by path.
                from .fonts import load_face

                load_face.cache_clear()
                reuse.forget("measure")  # measured with the faces of then (what is keyed by a face's digest stays)
                reuse.forget("chart-layout")
            names = ", ".join(_shown(p) for p in sorted(changed)) or ", ".join(o.display for o in todo)
            say(f"{time.strftime('%H:%M:%S')} {names} changed")
            made = [self.make(o) for o in todo]
            while until is not None and self.went_on(until):  # built while the save went on: again
                changed, _, until = self.wait(changed)
                todo = self.touched(changed)
                made = [self.make(o) for o in todo]
            lines = [self.finish(o, m, seen=seen) for o, m in zip(todo, made)]
            # Watch what the new inputs need before saying the build is done, so that an edit
            # made right after the line is seen.
            stale = self.rewatch(since=since)
            self.report(lines)
            _settle()

    def font_changed(self, changed: set[Path], todo: list[_Outline]) -> bool:
        """Whether a change may have replaced a font the outlines use (parsed faces are kept by
        path): a changed file that is one of their fonts, or a folder replaced whole. An outline,
        an image, a template or a data file is read anew by every build anyway."""
        fonts: set[Path] = set()
        for o in todo:
            try:
                f = loaded_deck(o.path, o.display).theme.fonts
            except Exception:  # the last build had errors: assume the worst
                return True
            fonts.update(p.resolve() for p in (f.regular, f.bold, f.symbols, *f.fallback) if p is not None)
        return any(p.resolve() in fonts or p in self.folders or p.is_dir() for p in changed)

    def report(self, lines: list[str]) -> None:
        # Outlines that extend one base share its problems: each is printed once, as `build` does.
        print_problems(self.problems)
        self.problems = []
        for line in lines:
            say(line)

    def touched(self, changed: set[Path]) -> list[_Outline]:
        return [o for o in self.outlines
                if any(o in self.relevant.get(p, ()) or any(q.parent == p for q in o.inputs) for p in changed)]

    def wait(self, changed: set[Path] | None = None) -> tuple[set[Path], float, float | None]:
        """Block until an input changes, then until the burst is over: (paths, when the first was
        seen, None). After an event that leaves its file whole (closed after writing, renamed into
        place) with nothing more queued, it returns at once with the end of the quiet window
        (`QUIET_WHOLE`) instead of None: the build starts meanwhile, and `went_on` then tells
        whether the save went on within the window. Events are matched here, against the inputs
        of the latest builds (not those current when the event arrived: a build may just have
        added the file)."""
        changed = set() if changed is None else changed
        seen = 0.0
        timeout, until = 1.0, None  # not forever: so that Ctrl-C is seen on every platform
        while True:
            try:
                if self.pending:
                    event = self.pending.pop(0)
                elif until is not None:
                    event = self.events.get_nowait()
                else:
                    event = self.events.get(timeout=timeout)
            except queue.Empty:
                if until is not None:
                    return changed, seen, until
                if changed:
                    return changed, seen, None
                continue
            when, path, replaced, whole = event
            if replaced and path in self.folders:
                # A watched folder was removed, renamed or put in place (a sync tool replacing
                # it, say): a watch follows the old folder, so the rebuild watches the new one.
                self.forget(path)
            elif path not in self.relevant:
                continue
            if not changed:
                seen = when
            changed.add(path)
            timeout, until = QUIET, (when + QUIET_WHOLE if whole else None)

    def went_on(self, until: float) -> bool:
        """Once the quiet window a build began in is over: whether an input changed within it
        (the save was not done; its events are taken up by `wait`). Later events stay queued:
        they are the next change."""
        left = until - time.perf_counter()
        if left > 0:
            time.sleep(left)
        more = False
        while True:
            try:
                event = self.events.get_nowait()
            except queue.Empty:
                return more
            when, path, replaced = event[:3]
            more = more or (when <= until and (path in self.relevant or (replaced and path in self.folders)))
            self.pending.append(event)

    def on_event(self, event) -> None:  # on the observer's thread
        if event.event_type not in _CHANGES:
            return
        now = time.perf_counter()
        replaced = event.is_directory and event.event_type in ("created", "deleted", "moved")
        dest = getattr(event, "dest_path", "")
        for raw in (event.src_path, dest):
            if raw:
                whole = event.event_type == "closed" or (event.event_type == "moved" and raw is dest)
                self.events.put((now, Path(os.fsdecode(raw)), replaced, whole))

    # ---- one outline ----------------------------------------------------------------------------
    def build(self, o: _Outline, *, first: bool = False, seen: float | None = None) -> str:
        """Build one outline's targets; write them if it has no errors, else keep the last good
        files. Returns the closing line to print."""
        return self.finish(o, self.make(o), first=first, seen=seen)

    def make(self, o: _Outline) -> tuple:
        """Validate, lay out and render one outline's targets, writing and printing nothing:
        (start, validated, rendered, the result and its problems, or the exception)."""
        t0 = time.perf_counter()
        for counts in reuse.stats.values():
            counts.clear()
        o.inputs = set()
        t1 = t0
        try:
            targets, warnings = plan_targets(o.path, o.display, self.audiences, self.all_audiences, o.inputs, self.handout)
            t1 = time.perf_counter()
            result = build_all(targets, self.formats, self.out_dir)
            return t0, t1, time.perf_counter(), (result, result.problems + warnings)
        except Exception as e:  # said by `finish`, once it is known that the save was over
            return t0, t1, time.perf_counter(), e

    def finish(self, o: _Outline, made: tuple, *, first: bool = False, seen: float | None = None) -> str:
        """Write what `make` made if it has no errors, else keep the last good files; the closing line."""
        t0, t1, t2, outcome = made
        try:
            if isinstance(outcome, Exception):
                raise outcome
            result, problems = outcome
        except OutlineError as e:
            self.problems.extend(e.problems)
            return self.failed(o, "has errors")
        except UnknownAudience as e:
            if first:  # the command line is wrong, as with `build`
                raise UsageError(f"{o.display}: {e}") from None
            print(f"{o.display}: error: {e}", file=sys.stderr, flush=True)
            return self.failed(o, "has errors")
        except FileFault as e:  # an input vanished or became unreadable while it was built
            return self.failed(o, f"was not built ({e})")
        except Exception as e:  # a bug: said, and the session goes on (another edit may avoid it)
            report_bug(e, self.debug)
            return self.failed(o, "was not built")
        self.problems.extend(problems)
        if any(p.level == "error" for p in problems):
            return self.failed(o, "has errors")
        try:
            written = write_all(result.files)
        except (FileFault, OSError) as e:
            o.failed = True  # nothing was replaced: the next change tries again
            return f"{o.display}: {e}; nothing was replaced"
        t3 = time.perf_counter()
        # From now on forked renderers inherit the imports and the fonts parsed for the PDF.
        warm_up(self.formats, [loaded_deck(o.path, o.display)])
        self.written.update(q for p in written for q in (Path(os.path.abspath(p)), p.resolve()))
        for path in written:
            print(f"wrote {path}", flush=True)
        line = f"{'built' if first else 'rebuilt'} {o.display} in {_ms(t3 - t0)}"
        if seen is not None:
            line += f" ({_ms(t3 - seen)} after the change was seen)"
        if self.verbose:
            line += f": load {_ms(t1 - t0)}, layout and render {_ms(t2 - t1)}, write {_ms(t3 - t2)}"
            taken, made_ = reuse.stats["taken"], reuse.stats["made"]
            if not first and (taken or made_):
                line += "; reused " + ", ".join(f"{taken.get(k, 0)}/{taken.get(k, 0) + made_.get(k, 0)} {k}"
                                                  for k in ("output", "pptx-slide", "measure") if k in taken or k in made_)
        if o.failed:
            line = f"{o.display} is good again; {line}"
        o.failed = False
        return line

    def failed(self, o: _Outline, why: str) -> str:
        o.failed = True
        return f"{o.display} {why}; {self.out_dir} keeps the last good files"

    # ---- what to watch -------------------------------------------------------------------------
    def rewatch(self, since: int) -> list[_Outline]:
        """Watch the folders of every input, forget the others; return the outlines whose inputs
        changed in a folder not watched until now (their events were missed), since `since` (ns)."""
        relevant: dict[Path, list[_Outline]] = {}
        folders: set[Path] = set()
        for o in self.outlines:
            for path in o.inputs:
                folder, between = _watchable(path)
                if folder is None:
                    continue
                folders.add(folder)
                for p in (path, *between):  # a missing image's folder may appear first
                    if p not in self.written:
                        relevant.setdefault(p, []).append(o)
        self.relevant = relevant
        self.folders = folders
        # Their parents too, non-recursively: a watch follows its folder when it is renamed, and
        # only the parent sees a folder renamed away or put in its place.
        folders = folders | {f.parent for f in folders if f.parent != f}
        added = []
        for folder in sorted(folders - set(self.watches)):
            try:
                self.watches[folder] = self.observer.schedule(self.handler, str(folder), recursive=False)
                added.append(folder)
            except OSError:  # the folder vanished meanwhile; its parent is watched next time
                continue
        for folder in set(self.watches) - folders:
            self.forget(folder)
        # File times come from a coarser clock than time.time_ns(): allow for it.
        since -= 20_000_000
        return [o for o in self.outlines
                if any(_watchable(p)[0] in added and _mtime(p) >= since for p in o.inputs)]

    def forget(self, folder: Path) -> None:
        try:
            self.observer.unschedule(self.watches.pop(folder))
        except (KeyError, OSError):
            pass

    def close(self) -> None:
        if self.observer is not None and self.observer.is_alive():
            self.observer.stop()
            self.observer.join(timeout=2)


def _settle() -> None:
    """Collect the last build's garbage while nothing is waiting, then keep what is left (imports,
    parsed fonts, kept parts) out of later collections: a full collection over them costs some
    100 ms, and the next build would otherwise pay it at some random allocation."""
    import gc

    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _watchable(path: Path) -> tuple[Path | None, list[Path]]:
    """The nearest existing folder above `path`, and the missing folders between them."""
    between = []
    folder = path.parent
    while not folder.is_dir():
        if folder.parent == folder:
            return None, []
        between.append(folder)
        folder = folder.parent
    return folder, between


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"
