"""Drawing a laid-out target into its files: each format's renderer, and the side of a renderer process.

In: the validated deck, its plan and its fonts, and a format ("pptx", "pdf", "slides"). Out: the
file's bytes (`render`); in a renderer process (forked after layout by `build`, or ahead of it by
`ahead`), the files written to a pipe, pickled, as ("ok", (files, what reuse kept)), ("outline",
problems) or ("bug", (message, traceback)) (`render_child`). `warm_up` imports the renderers (and
parses the handout's faces) so that a process forked later inherits them.
"""

from __future__ import annotations

import hashlib
import os
import signal

from .problems import OutlineError


def render(fmt: str, deck, plan, fonts) -> bytes:
    """One output file of a laid-out target, as bytes; in watch, the file an earlier build made
    from an equal plan (the same faces, template and images) is taken as it was."""
    from . import reuse

    if not reuse.enabled():
        return _render(fmt, deck, plan, fonts)
    from dataclasses import replace

    template = deck.theme.frame
    if template is not None:
        from .template import package_of

        template = hashlib.blake2b(package_of(template), digest_size=20).digest()
    key = reuse.key(fmt, replace(plan, warnings=()), tuple(fonts.faces()), repr(deck.theme.fonts), template)
    return reuse.memo("output", key, lambda: _render(fmt, deck, plan, fonts), len)


def _render(fmt: str, deck, plan, fonts) -> bytes:
    if fmt == "pptx":
        from .render.fonts_pptx import font_parts
        from .render.pptx import render_pptx
        from .write import normalize_zip

        template = None
        if deck.theme.frame is not None:
            from .template import package_of

            template = package_of(deck.theme.frame)  # from the bytes validation read: no second read
        pptx = render_pptx(plan, fonts, template)
        # The fonts' parts go in as the deck is written with its fixed entries: one pass over the ZIP.
        replaced, added, _ = font_parts(pptx, fonts, deck.theme.fonts.embed)
        return normalize_zip(pptx, (lambda name, content: replaced.get(name, content)) if replaced else None, added)
    if fmt == "pdf":
        from .render.pdf import render_pdf

        return render_pdf(plan, fonts)
    if fmt == "slides":
        from .render.slides_pdf import render_slides_pdf

        return render_slides_pdf(plan, fonts)
    raise AssertionError(f"bug in deckbuild: no renderer for format {fmt!r}")


def warm_up(formats: tuple[str, ...], decks=()) -> None:
    """Import the renderers of `formats`, and parse the fonts of `decks` for the PDF, in this
    process, so that forked renderers inherit them instead of redoing them each time (watch)."""
    if "pptx" in formats:
        from .render import pptx  # noqa: F401
    if "pdf" in formats:
        from .render import pdf  # noqa: F401
    if "slides" in formats:
        from .render import slides_pdf  # noqa: F401
    if "pdf" in formats or "slides" in formats:
        from .fonts import FontSet

        for deck in decks:
            for face in FontSet(deck.theme.fonts).faces():
                face.rl_font  # noqa: B018 (parsed on first use, then kept with the cached face)


def render_child(write_end: int, formats: list[str], deck, plan, fonts) -> None:
    import pickle

    try:
        quiet_worker()
        try:
            from . import reuse

            reuse.journal()
            files = {f: render(f, deck, plan, fonts) for f in formats}
            result = ("ok", (files, reuse.taken()))
        except OutlineError as e:
            result = ("outline", e.problems)
        except BaseException as e:  # reported by the parent, as a bug
            import traceback

            result = ("bug", (f"{type(e).__name__}: {e}", traceback.format_exc()))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(pickle.dumps(result))
    except BaseException:  # the parent stopped waiting (Ctrl-C): nobody to tell
        pass
    finally:
        os._exit(0)  # no atexit handlers, no flushing of the parent's buffered output


def quiet_worker() -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent stops the build, a
    # worker just ends (no traceback of its own). SIGTERM is for the parent alone.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
