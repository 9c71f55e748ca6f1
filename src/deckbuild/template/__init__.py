"""Template file (.pptx/.potx/.pptm/.potm) → `Frame`, read once with zipfile + lxml; and the
template as the macro-free package the deck is written into.

Not python-pptx: the inheritance that decides where a placeholder sits and how its text looks
(layout → master → master text styles → presentation defaults, ECMA-376 Part 1 §19.3.1.36 and
§19.3.1.51) is not exposed by it, and it is slow to import. No XML object leaves this package;
`deckbuild.frame` holds what comes out, `deckbuild.roles` picks layouts from it.

    read_frame(path) -> Frame          the guard: every failure is a TemplateError in words
    package_of(frame) -> bytes | None  the deck's package, from the bytes the Frame carries
    package_bytes(path) -> bytes       the same from a path (read through read_frame)

Modules, one job each: `package` (the ZIP, safe XML, relationships, content types, whether
python-pptx can open it), `ooxml` (namespaces, attribute values), `colors` (theme scheme, colour
map, transforms), `styles` (inherited text styles), `placeholders` (placeholder geometry through
inheritance), `shapes` (backgrounds, fills, pictures and shapes behind the content), `context`
(what resolving a part needs), `reader` (the Frame builder), `macro_free` (the deck's package).
"""

from .macro_free import package_bytes, package_of
from .package import TemplateError
from .reader import SUFFIXES, read_frame

__all__ = ["SUFFIXES", "TemplateError", "package_bytes", "package_of", "read_frame"]
