"""Arguments → work → exit code: prints problems (stderr) and written files (stdout).

Exit status (spec §3, codes in `console`): 0 success, 1 outline errors, 2 usage error,
3 internal error (a bug), 4 a file could not be written (or an input could not be read once
validated): one line `deckbuild: cannot write PATH: REASON`, and the output folder left as it was.
Each outline is its own build: one with errors writes nothing of its own, the others are
written, and the exit status is the worst of them.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from . import __version__, ahead  # ahead: os and signal only, forked before the rest is imported
from .model import LAYOUTS
from .console import (EXIT_BUG, EXIT_FILE, EXIT_OK, EXIT_OUTLINE, EXIT_USAGE, UsageError, color, find_outlines,
                      print_problems, print_written, report_bug, requested_formats)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse exits 2 on its own; keep the message one line
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="deckbuild", description="One YAML outline → a PowerPoint briefing and a PDF handout.")
    p.add_argument("--version", action="version", version=f"deckbuild {__version__}")
    p.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def outlines(sp, many=True):
        if many:
            sp.add_argument("outlines", nargs="*", metavar="OUTLINE", help="outline files (default: every deck/*.yaml)")
        sp.add_argument("-a", "--audience", action="append", default=[], metavar="AUDIENCE", help="build for this audience (repeatable)")
        sp.add_argument("--all-audiences", action="store_true", help="every audience, plus the full build")
        sp.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    def build_options(sp):  # `build` and `watch` take the same arguments
        outlines(sp)
        sp.add_argument("-f", "--format", action="append", choices=("pptx", "pdf", "slides"), default=[], help="limit the formats (repeatable)")
        sp.add_argument("-o", "--out", default="out", metavar="DIR", help="output folder (default: out/)")
        sp.add_argument("--handout", choices=LAYOUTS, metavar="LAYOUT",
                        help="the handout layout for this run: " + ", ".join(LAYOUTS) + " (over the outline's and the audiences')")

    build_options(sub.add_parser("build", help="write NAME.pptx and NAME.pdf"))
    w = sub.add_parser("watch", help="build, then rebuild whenever a file the outline uses changes (Ctrl-C stops)")
    build_options(w)
    w.add_argument("-v", "--verbose", action="store_true", help="print where each rebuild's time went")
    c = sub.add_parser("check", help="validate and lay out; write nothing")
    outlines(c)
    c.add_argument("--template-info", action="store_true", help="list each template's size, masters, layouts, placeholders and the layout of each role")
    a = sub.add_parser("audiences", help="list the outline's audiences")
    a.add_argument("outline", metavar="OUTLINE")
    a.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub.add_parser("schema", help="print the outline's JSON Schema")
    n = sub.add_parser("new", help="write a commented starter outline to deck/NAME.yaml")
    n.add_argument("name", metavar="NAME")
    return p


def _progress(n: int, total: int, target) -> None:
    sys.stderr.write(f"\r\x1b[K[{n}/{total}] {target.label}")
    if n == total:
        sys.stderr.write("\r\x1b[K")
    sys.stderr.flush()


def _cmd_build(args, check: bool) -> int:
    outlines = find_outlines(args.outlines)
    formats = requested_formats(args)
    wanted = [f for f in ("pptx", "pdf", "slides") if f in formats]
    if not check and len(outlines) == 1 and len(args.audience) <= 1 and not args.all_audiences and len(wanted) > 1:
        ahead.start(wanted[1:])  # one target: its later formats' renderer imports while this process works
    try:
        return _build(args, check, outlines, formats)
    finally:
        if not check:
            ahead.stop()


def _build(args, check: bool, outlines, formats) -> int:
    from .build import UnknownAudience, build_all, plan_targets
    from .problems import OutlineError

    out_dir = None if check else Path(args.out)
    targets = []
    problems = []  # errors and warnings of every outline, printed together
    broken: set[tuple[Path, str]] = set()  # the outlines with errors: they write nothing
    for path, display in outlines:
        try:
            found, warned = plan_targets(path, display, args.audience, args.all_audiences, handout=getattr(args, "handout", None))
        except UnknownAudience as e:
            raise UsageError(f"{display}: {e}") from None
        except OutlineError as e:
            problems.extend(e.problems)
            broken.add((path, display))
            continue
        targets.extend(found)
        problems.extend(warned)
    files = {}
    if targets:
        result = build_all(targets, formats, out_dir, progress=_progress if color(sys.stderr) and len(targets) > 1 else None)
        for target, (_, said) in result.by_target.items():
            problems.extend(said)
            if any(p.level == "error" for p in said):
                broken.add((target.outline, target.display))
        files = {path: data for target, (made, _) in result.by_target.items()
                 if (target.outline, target.display) not in broken for path, data in made.items()}
    print_problems(problems)
    status = EXIT_OUTLINE if broken else EXIT_OK
    if check:
        if not broken:
            if args.template_info:
                _print_template_info(outlines)
            print(f"ok: {len(targets)} build{'s' if len(targets) != 1 else ''} of {len(outlines)} outline{'s' if len(outlines) != 1 else ''} checked", file=sys.stderr)
        return status
    if files:
        from .write import write_all

        print_written(write_all(files))
    return status


def _print_template_info(outlines: list[tuple[Path, str]]) -> None:
    from .build import loaded_deck
    from .roles import choose_layouts, describe

    for path, display in outlines:
        theme = loaded_deck(path, display).theme
        if theme.template is None:
            print(f"{display}: no theme.template: deckbuild's own 960 × 540 pt slide and grid")
            continue
        frame = theme.frame  # as validation read it
        print(f"{display}: template {theme.template}")
        for line in describe(frame, choose_layouts(frame, theme.layouts)).splitlines():
            print(f"  {line}")


def _cmd_audiences(args) -> int:
    from .audience import select
    from .layout import layout
    from .problems import OutlineError
    from .validate import load

    (path, display), = find_outlines([args.outline])
    try:
        deck, _ = load(path, display)
        rows = [("(full)", "", len(layout(deck).slides), deck.handout.layout)]
        for name, a in deck.audiences.items():
            h = a.handout
            hl = f"{h.layout} ({h.slides_per_page}/page)" if h.layout == "grid" else h.layout
            rows.append((name, a.description or "", len(layout(select(deck, name)).slides), hl))
    except OutlineError as e:
        print_problems(e.problems)
        return EXIT_OUTLINE
    width = max(len(r[0]) for r in rows)
    for name, desc, count, hl in rows:
        print(f"{name:<{width}}  {count:>3} slides  {hl:<16}  {desc}".rstrip())
    return EXIT_OK


def _cmd_new(args) -> int:
    from .starter import starter_outline
    from .validate import SLUG

    if not SLUG.match(args.name):
        raise UsageError(f"'{args.name}' is not a valid name: use lowercase letters, digits and hyphens")
    target = Path("deck") / f"{args.name}.yaml"
    if target.exists():
        raise UsageError(f"{target} exists; deckbuild new never overwrites")
    from .write import write_all

    files = {target: starter_outline(args.name).encode("utf-8")}
    schema = Path("schema") / "outline.schema.json"
    if not schema.exists():  # the starter's first line points editors at it
        import json

        from .schema import outline_schema

        files[schema] = (json.dumps(outline_schema(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    print_written(write_all(files))
    return EXIT_OK


def _exit_on_sigterm() -> None:
    """SIGTERM (`timeout`, a cancelled CI job) unwinds as SystemExit, so `write_all` removes its
    temporary files and the folders it made; only SIGKILL can leave a temporary file behind."""
    import signal

    def terminate(signum, frame):
        raise SystemExit(128 + signum)

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, terminate)


def _no_collection_at_exit() -> None:
    """Python ends with a full collection over everything still alive (some 100 ms after the
    sample's build: fonts, plan, python-pptx's trees); the process is ending, so nothing needs
    freeing: keep it all out of the collector's sight."""
    import atexit
    import gc

    def freeze() -> None:
        gc.disable()
        gc.freeze()

    atexit.register(freeze)


def main(argv: list[str] | None = None) -> int:
    from .faults import FileFault

    if argv is None:  # the process itself, not a caller in Python: a SIGTERM cleans up like Ctrl-C
        _exit_on_sigterm()
        _no_collection_at_exit()
    argv = sys.argv[1:] if argv is None else argv
    debug = "--debug" in argv
    if not debug:
        import warnings

        # Pillow's warnings about an image's damaged metadata were reported by validation as
        # deckbuild warnings; the renderers, reading the image again, would print them raw.
        warnings.filterwarnings("ignore", module=r"PIL(\.|$)")
    try:
        args = _parser().parse_args(argv)
        if args.command is None:
            raise UsageError("a command is required: build, watch, check, audiences, schema or new")
        if args.command in ("build", "check"):
            return _cmd_build(args, args.command == "check")
        if args.command == "watch":
            from .watch import watch

            return watch(args)
        if args.command == "audiences":
            return _cmd_audiences(args)
        if args.command == "schema":
            import json

            from .schema import outline_schema

            print(json.dumps(outline_schema(), ensure_ascii=False, indent=2))
            return EXIT_OK
        return _cmd_new(args)
    except UsageError as e:
        print(f"deckbuild: error: {e}", file=sys.stderr)
        print("usage: deckbuild {build,watch,check,audiences,schema,new} ... (deckbuild --help)", file=sys.stderr)
        return EXIT_USAGE
    except FileFault as e:  # the machine's failure, not the outline's and not a bug
        if debug:
            traceback.print_exc()
        print(f"deckbuild: {e}", file=sys.stderr)
        return EXIT_FILE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as e:
        report_bug(e, debug)
        return EXIT_BUG
