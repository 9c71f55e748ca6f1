"""What the commands share with the person at the terminal: exit codes, usage errors, which
outlines to build, and the printing of problems, written files and bugs.

In: outline arguments, `Problem`s, written paths, an unexpected exception. Out: lines on stderr
(problems, bugs) and stdout (`wrote PATH`), and `UsageError` for a command line that cannot run.
`cli` and `watch` both import it; it imports neither.

Exit status (spec §3): 0 success, 1 outline errors, 2 usage error, 3 internal error (a bug),
4 a file could not be written (or an input could not be read once validated).
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

EXIT_OK, EXIT_OUTLINE, EXIT_USAGE, EXIT_BUG, EXIT_FILE = 0, 1, 2, 3, 4


class UsageError(Exception):
    """The command line cannot run as given (exit 2): the message is printed as is."""


def color(stream) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def find_outlines(given: list[str]) -> list[tuple[Path, str]]:
    """The outlines to build, as (path, the name to show): those given, or every deck/*.yaml."""
    if not given:
        found = sorted(f for f in Path("deck").glob("*.yaml") if f.is_file())  # not a folder, nor a pipe that blocks
        if not found:
            raise UsageError("no outline given and no deck/*.yaml in this folder")
        return [(f, str(f)) for f in found]
    out = []
    for g in given:
        path = Path(g)
        if not path.is_file():
            raise UsageError(f"no such outline: {g}")
        out.append((path, g))
    return out


def requested_formats(args) -> tuple[str, ...]:
    return tuple(dict.fromkeys(getattr(args, "format", []) or ["pptx", "pdf"]))


def print_problems(problems, closing: bool = True) -> None:
    """Each problem once, sorted by file and position, on stderr; then the count (`closing`)."""
    from .problems import Problem, summary

    # One file can be read by several outlines (extends): report each problem once, in order.
    problems = sorted(dict.fromkeys(problems), key=Problem.sort_key)
    colored = color(sys.stderr)
    for p in problems:
        print(p.format(colored), file=sys.stderr)
    if closing and problems:
        print(summary(problems), file=sys.stderr)


def print_written(paths) -> None:
    """`wrote PATH` on stdout for each file in place; a failing stdout is a `FileFault`."""
    from .faults import FileFault, reason

    try:
        for written in paths:
            print(f"wrote {written}")
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as e:  # the files are in place; only the report of them failed
        raise FileFault("write", "standard output", reason(e)) from None


def report_bug(e: Exception, debug: bool) -> None:
    """A bug: one line, the traceback only with --debug."""
    if debug:
        traceback.print_exception(e)
    print(f"deckbuild: internal error (a bug in deckbuild, not in your outline): {type(e).__name__}: {e}", file=sys.stderr)
    if not debug:
        print("run again with --debug for the traceback", file=sys.stderr)
