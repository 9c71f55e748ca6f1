"""A renderer started ahead: forked as `deckbuild build` starts, it imports the renderers of the
later formats (reportlab's, for the handout) while this process imports the rest, validates and
lays out; then it draws the plan it is sent, as a renderer forked after layout would.

In: `start(formats)` when the build will be one target drawn in several formats, with the formats
this process will not draw itself (all but the first). Out: `take(formats)` → the `Started`
renderer for exactly those formats (once), or None; `Started.send(payload)` hands it the pickled
(deck, plan, fonts) from a thread, so this process draws its own format meanwhile, and the result
comes back on `Started.result` as `renderers.render_child` writes it. `stop()` ends a renderer that
was not used (the outline had errors, or had several targets after all).

Why: the imports of python-pptx and reportlab cost about 0.1 s each, and the renderer forked
after layout paid for reportlab's only then; started ahead, it pays while this process works.
Light on purpose: it imports nothing of deckbuild's until it has forked.
"""

from __future__ import annotations

import os
import signal
import sys
from dataclasses import dataclass


def can_fork() -> bool:
    return sys.platform != "win32" and hasattr(os, "fork")


def spare_cpu(cpus: int) -> bool:
    """Whether a core is idle: a second renderer only pays then (on a busy machine it costs the
    fork's page copies, about 60 ms of CPU for the sample, and saves nothing). Linux says how many
    tasks are runnable right now (this one included); elsewhere the load average, which also
    counts the builds just before this one."""
    try:
        with open("/proc/loadavg", encoding="ascii") as fh:
            return int(fh.read().split()[3].split("/")[0]) < cpus
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.getloadavg()[0] < cpus - 0.5
    except (AttributeError, OSError):
        return True


@dataclass
class Started:
    pid: int
    formats: tuple[str, ...]
    job: int  # the pipe's end this process writes the job to
    result: int  # the pipe's end the renderer writes its result to, read here
    sender: object = None

    def send(self, payload: bytes) -> None:
        """Hand the renderer its job without waiting for it to read (it may still be importing)."""
        import threading

        def write() -> None:
            try:
                with os.fdopen(self.job, "wb") as pipe:
                    pipe.write(payload)
            except OSError:  # the renderer is gone: its missing result says so
                pass

        self.sender = threading.Thread(target=write, daemon=True)
        self.sender.start()

    def finish(self) -> None:
        if self.sender is not None:
            self.sender.join()


_started: Started | None = None


def start(formats: list[str]) -> None:
    """Fork the renderer of `formats` now, if forking pays on this machine."""
    global _started
    cpus = os.cpu_count() or 1
    if _started is not None or not formats or cpus < 2 or not can_fork() or not spare_cpu(cpus):
        return
    try:
        job_r, job_w = os.pipe()
        result_r, result_w = os.pipe()
    except OSError:  # out of file descriptors: the renderer is forked after layout, or not at all
        return
    try:
        pid = os.fork()
    except OSError:  # no process to spare (a limit on processes or memory): the same
        for fd in (job_r, job_w, result_r, result_w):
            os.close(fd)
        return
    if pid == 0:  # the renderer: never returns
        os.close(job_w)
        os.close(result_r)
        _renderer(tuple(formats), job_r, result_w)
    os.close(job_r)
    os.close(result_w)
    _started = Started(pid, tuple(formats), job_w, result_r)


def waiting() -> bool:
    """Whether a renderer was started ahead and waits for its plan (it counts as a busy core now)."""
    return _started is not None


def take(formats: list[str]) -> Started | None:
    """The renderer started for exactly `formats`, handed over once; else None (and it is stopped)."""
    global _started
    started, _started = _started, None
    if started is not None and started.formats != tuple(formats):
        _end(started)
        return None
    return started


def stop() -> None:
    """End a renderer that was started and not taken."""
    global _started
    if _started is not None:
        _end(_started)
        _started = None


def _end(started: Started) -> None:
    for fd in (started.job, started.result):
        try:
            os.close(fd)
        except OSError:
            pass
    try:
        os.kill(started.pid, signal.SIGKILL)
        os.waitpid(started.pid, 0)
    except OSError:
        pass


def _preload() -> None:
    # While the plan is being made: the bundled faces, which every chain ends with (and the
    # default theme draws in), parsed here, so that the faces sent with the plan are found
    # parsed (they travel as their files, fonts.Face.__reduce__).
    try:
        from .fonts import FontSet, bundled_fonts

        chain = FontSet(bundled_fonts())
        chain.faces()  # the whole chain, as the default theme's build loads it
        for face in (chain.regular, chain.bold):
            face.rl_font  # noqa: B018 (reportlab's tables too, kept with the face)
    except Exception:  # a damaged install: the build itself says so
        pass


def _renderer(formats: tuple[str, ...], job_r: int, result_w: int) -> None:
    import pickle

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the build; its parent ends this one
    try:
        from . import renderers

        renderers.quiet_worker()
        try:
            renderers.warm_up(formats)  # the imports: the point of starting ahead
            _preload()
        except Exception:  # the same failure comes again while rendering, and is reported then
            pass
        with os.fdopen(job_r, "rb") as pipe:
            data = pipe.read()
        if not data:  # not taken: this process was stopped, or its parent ended
            os._exit(0)
        try:
            deck, plan, fonts = pickle.loads(data)
        except BaseException as e:  # reported by the parent, as a bug
            import traceback

            with os.fdopen(result_w, "wb") as pipe:
                pipe.write(pickle.dumps(("bug", (f"{type(e).__name__}: {e}", traceback.format_exc()))))
            os._exit(0)
        renderers.render_child(result_w, list(formats), deck, plan, fonts)  # writes the result, then ends
    except BaseException:  # interrupted: nobody to tell
        pass
    finally:
        os._exit(0)
