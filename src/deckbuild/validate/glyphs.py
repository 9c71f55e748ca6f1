"""Every text the outline draws × the font chain → problems for characters no face can draw.

In: the `Reader` (every text read, with its place and its chart; the `theme.fonts` nodes) and the
deck (its fonts). Out: nothing; problems go to the reader's `Problems`: a character no face of the
chain has (spec §2), a chart whose text no single face covers (a chart is drawn in one face), a
face the deck uses that forbids embedding (a warning), a font file that cannot be read.
"""

from __future__ import annotations

from .. import model as m
from ..problems import Span
from ..source import BAD_IN_VALUE, char_name
from .reader import Reader


def check_glyphs(r: Reader, deck: m.Deck) -> None:
    from ..fonts import FontChain, FontFileError, load_face
    from ..text import plain

    problems = r.problems
    f = deck.theme.fonts
    roles = [("regular", f.regular), ("bold", f.bold)] + ([("symbols", f.symbols)] if f.symbols else [])
    roles += [(f"fallback[{i}]", p) for i, p in enumerate(f.fallback)]
    broken = False
    for role, path in roles:
        try:
            load_face(path)
        except FontFileError as e:
            node = r.font_nodes.get(role)
            problems.error(node.span if node else Span(r.file), f"theme.fonts.{role}", str(e), code="font-unreadable")
            broken = True
    if broken:
        return
    chain = FontChain(f)
    families = list(dict.fromkeys(face.family for face in chain.faces()))
    names = ", ".join(families[:-1]) + f" or {families[-1]}" if len(families) > 1 else families[0]
    used = {chain.regular, chain.bold}
    charts: dict[str, list[tuple[str, Span, str]]] = {}
    for text, span, path, chart in r.texts:
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
            node = r.font_nodes.get(role)
            problems.warning(node.span if node else Span(r.file), f"theme.fonts.{role}",
                             f"font {face.family} forbids embedding (OS/2 fsType 0x{face.info.fs_type:04X}); the PPTX names it without carrying it",
                             code="font-not-embeddable")
