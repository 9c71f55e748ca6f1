"""`data:` of a chart or a table → the data file read (spec §1 "Data files").

In: the `Reader`, the `data` node (`FILE` or `{file, sheet?, range?}`) and its outline path.
Out: `Data`: the file's resolved path and its `DataTable`, every cell's text NFC and registered for
the glyph check at the cell's own place; or None after reporting why. A table read with problems
(`table.ok` false: a ragged row) is still returned, so that its cells' own problems are reported
too; the caller then draws nothing from it. A problem inside the file is
reported at its place there (`data/exports.csv:5:3:`, `data/t.xlsx:수출!C5:`), with the outline path
of the `data` key. The file is a path like `image.path` (inside the project; `watch` follows it) and
its cells count toward the outline's 100,000 values.

`deckbuild.datafiles` is imported inside `read_data` only: an outline without data files pays
nothing for it (`python -X importtime`).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..limits import MAX_VALUES
from ..source import BAD_IN_VALUE, Node, char_name
from .reader import STR_TAGS, Reader

if TYPE_CHECKING:
    from ..datafiles import DataTable

DATA_KEYS = ("file", "sheet", "range")


class Data(NamedTuple):
    path: Path
    table: "DataTable"


def read_data(r: Reader, node: Node, path: str) -> Data | None:
    """The data file named by `node` read whole, or None (its problems reported)."""
    file_node, file_path = node, path
    sheet = range_ = None
    if node.kind == "map":
        d = r.mapping(node, path, DATA_KEYS, ("file",))
        if d is None or "file" not in d:
            return None
        file_node, file_path = d["file"], f"{path}.file"
        sheet = _name(r, d.get("sheet"), f"{path}.sheet")
        range_ = _name(r, d.get("range"), f"{path}.range")
    real = r.path_in_project(file_node, file_path, "data file")
    if real is None:
        return None
    from ..datafiles import read_table
    from ..faults import shown

    table = read_table(real, display=shown(real), key=path, sheet=sheet, range_=range_, at=node.span)
    r.problems.extend(table.problems)
    if not table.header:
        return None
    _clean(r, table, path)
    cells = len(table.header) * (len(table.rows) + 1)
    r.values += cells
    if r.values > MAX_VALUES:
        r.err(node, path, f"with this file's {cells:,} cells the outline holds more than {MAX_VALUES:,} values; "
              "the limit counts the outline and its data files together", code="too-many-values")
        return None
    return Data(real, table)


def _name(r: Reader, node: Node | None, path: str) -> str | None:
    """A sheet's name or a range as written: not drawn, so not glyph-checked."""
    if node is None:
        return None
    if node.kind != "scalar" or node.tag not in STR_TAGS or not node.text.strip():
        r.err(node, path, "expected text", code="expected-text")
        return None
    return node.text.strip()


def _clean(r: Reader, table: "DataTable", path: str) -> None:
    """NFC every cell (a file saved on macOS may hold NFD Hangul), refuse control and bidi
    characters at their cell, and register each text for the glyph check."""
    from dataclasses import replace

    def fix(cell):
        text = unicodedata.normalize("NFC", cell.text)
        for c in dict.fromkeys(m.group() for m in BAD_IN_VALUE.finditer(text)):
            bidi = 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069
            r.err(cell.span, path, f"{'bidirectional control' if bidi else 'control'} character {char_name(c)} is not allowed",
                  code="bidi-character" if bidi else "control-character")
            text = text.replace(c, "")
        if text:
            r.texts.append((text, cell.span, path, r.in_chart))
        if text == cell.text:
            return cell
        return replace(cell, text=text, value=text if isinstance(cell.value, str) else cell.value)

    table.header = [fix(c) for c in table.header]
    table.rows = [[fix(c) for c in row] for row in table.rows]
