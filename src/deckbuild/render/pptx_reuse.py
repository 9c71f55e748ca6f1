"""A finished slide's parts, recorded, and put into another deck as they were: the PPTX writer's reuse.

In: a slide part that `pptx._DeckWriter.slide` finished (its XML serialised to bytes, with its notes
page, charts and their workbooks). Out: a record of plain values (`record`) — the parts' bytes,
content types, name templates and relationships in the order they were made — and, from a
record, the same parts added to a new presentation (`replay`): named by the same rules in the
same order, related in the same order, so the package is byte-identical to one where the slide
was drawn again. The record is a pure function of the plan slide and the writer's context (see
`reuse`); slides with pictures are not recorded (their image parts are shared across slides).
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"\d+(?=\.[^./]+$)")
_OWN = ("/ppt/slides/", "/ppt/notesSlides/", "/ppt/charts/", "/ppt/embeddings/")


def record(slide_part) -> tuple:
    """(slide XML bytes, content type, relationships): every part made for this slide, by value."""
    return (slide_part.blob, slide_part.content_type, _rels(slide_part, slide_part))


def _rels(part, slide_part) -> tuple:
    out = []
    for rel in part.rels.values():  # insertion order: the order the writer related them
        if rel.is_external:
            out.append((rel.reltype, ("ext", rel.target_ref)))
            continue
        target = rel.target_part
        if target is slide_part:
            out.append((rel.reltype, ("slide",)))
        elif str(target.partname).startswith(_OWN):
            template = _NUMBER.sub("%d", str(target.partname))
            out.append((rel.reltype, ("new", template, target.content_type, target.blob, _rels(target, slide_part))))
        else:  # the layout, the notes master: parts of the presentation, found again by name
            out.append((rel.reltype, ("shared", str(target.partname))))
    return tuple(out)


def size(rec: tuple) -> int:
    def walk(rels) -> int:
        return sum(len(t[3]) + walk(t[4]) for _, t in rels if t[0] == "new")

    return len(rec[0]) + walk(rec[2])


def replay(prs, rec: tuple, shared: dict) -> str:
    """Add the recorded slide to `prs` as the next slide; `shared` maps part names to the
    presentation's parts (the layout, the notes master). Returns the slide's rId."""
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI

    pres_part = prs.part
    package = pres_part.package
    blob, content_type, rels = rec
    slide_part = Part(pres_part._next_slide_partname, content_type, package, blob)

    def relate(part, rels) -> None:
        # Each part here is new and was related to each target once: add the relationships in
        # their order (what `relate_to` does after finding no equal one).
        add = part.rels._add_relationship
        for reltype, target in rels:
            how = target[0]
            if how == "ext":
                add(reltype, target[1], is_external=True)
            elif how == "slide":
                add(reltype, slide_part)
            elif how == "shared":
                add(reltype, shared[target[1]])
            else:
                _, template, ctype, data, inner = target
                new = Part(PackURI(str(package.next_partname(template))), ctype, package, data)
                relate(new, inner)
                add(reltype, new)

    relate(slide_part, rels)
    return pres_part.relate_to(slide_part, _RT_SLIDE)


_RT_SLIDE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide"
