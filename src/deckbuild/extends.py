"""Outline reuse: an outline that `extends: base.yaml` → one merged `Node` tree.

Merge rules (also in the README): scalar keys replace; `theme` and `handout` merge key by key;
`charts` and `audiences` merge by name (an entry replaces the base's entry of that name);
`sources` merge by id; `sections` merge by id (given fields replace, `slides` merge by slide
id, new sections and slides are appended); `drop: [id, ...]` removes sections, slides, charts,
sources and audiences by id. Every node keeps the file it came from, so a mistake in the base
is reported at the base file's line.
"""

from __future__ import annotations

import errno
from pathlib import Path

from .problems import Problems, did_you_mean
from .source import Node, parse, read_outline_text

MAX_CHAIN = 16


def load_tree(path: Path, display: str, problems: Problems, root: Path, chain: tuple[Path, ...] = (),
              files: dict[str, Path] | None = None) -> Node | None:
    """Parse `path` and, if it extends another outline, merge it onto that one.

    `files` collects display name → real path of every file read, so that paths inside each
    file can be resolved relative to that file.
    """
    if files is not None:
        files[display] = path.resolve()
    text = read_outline_text(str(path), display, problems)
    tree = parse(text, display, problems) if text is not None else None
    if tree is None or tree.kind != "map" or "extends" not in tree.pairs:
        return tree
    key, value = tree.pairs.pop("extends")
    chain = chain + (path.resolve(),)
    # Without its base an outline is incomplete: stop here rather than report what the base holds.
    base_path = _base_path(value, path, root, problems)
    if base_path is None:
        return None
    if base_path in chain:
        names = " → ".join(p.name for p in chain + (base_path,))
        problems.error(value.span, "extends", f"outlines extend each other in a cycle: {names}", code="extends-cycle")
        return None
    if len(chain) > MAX_CHAIN:
        problems.error(value.span, "extends", f"more than {MAX_CHAIN} outlines in one extends chain", code="extends-too-deep")
        return None
    base_display = str(Path(display).parent / value.text)
    before = len(problems.items)
    base = load_tree(base_path, base_display, problems, root, chain, files)
    if base is not None and base.kind != "map":
        problems.error(value.span, "extends", f"'{value.text}' is not an outline: it holds no mapping of keys", code="expected-mapping")
        return None
    if base is None:
        if len(problems.items) == before:  # every failure below reports itself; never fail silently
            problems.error(value.span, "extends", f"'{value.text}' cannot be used as a base outline", code="expected-mapping")
        return None
    return merge(base, tree, problems)


def _base_path(value: Node, path: Path, root: Path, problems: Problems) -> Path | None:
    raw = value.text if value.kind == "scalar" else ""
    if not raw:
        problems.error(value.span, "extends", "expected the path of the outline to extend", code="expected-text")
        return None
    if Path(raw).is_absolute():
        problems.error(value.span, "extends", "the path must be relative to this outline, not absolute", code="path-absolute")
        return None
    if "\0" in raw:  # the character itself is reported where the text is read
        problems.error(value.span, "extends", "a path cannot hold the character U+0000", code="path-invalid")
        return None
    try:
        target = (path.parent / raw).resolve()
        if target != root and root not in target.parents:
            problems.error(value.span, "extends", f"'{raw}' resolves outside the project ({root})", code="path-outside")
            return None
        found = target.is_file()
    except (OSError, RuntimeError) as e:  # Python 3.11 raises RuntimeError on a loop of links
        if isinstance(e, RuntimeError) or e.errno == errno.ELOOP:
            problems.error(value.span, "extends", f"'{raw}' is a loop of symbolic links", code="path-loop")
        else:
            problems.error(value.span, "extends", f"outline '{raw}' cannot be read: {e.strerror or e}", code="file-unreadable")
        return None
    if not found:
        problems.error(value.span, "extends", f"outline '{raw}' not found", code="file-missing")
        return None
    return target


def _copy(node: Node, **changes) -> Node:
    return Node(node.kind, changes.get("span", node.span), node.tag, node.text, node.value,
                list(changes.get("items", node.items)), dict(changes.get("pairs", node.pairs)), node.size, node.style)


def _id_of(node: Node) -> str | None:
    if node.kind != "map" or "id" not in node.pairs:
        return None
    v = node.pairs["id"][1]
    return v.text if v.kind == "scalar" else None


def _merge_list_by_id(base: Node, child: Node, merge_item) -> Node:
    if base.kind != "seq" or child.kind != "seq":
        return child
    items = list(base.items)
    index = {i: n for n, item in enumerate(items) if (i := _id_of(item))}
    for item in child.items:
        ident = _id_of(item)
        if ident is not None and ident in index:
            items[index[ident]] = merge_item(items[index[ident]], item)
        else:
            items.append(item)
    return _copy(child, items=items, span=base.span)


def _merge_map(base: Node, child: Node, deep: bool) -> Node:
    if base.kind != "map" or child.kind != "map":
        return child
    pairs = dict(base.pairs)
    for name, (k, v) in child.pairs.items():
        if deep and name in pairs and pairs[name][1].kind == "map" and v.kind == "map":
            pairs[name] = (k, _merge_map(pairs[name][1], v, deep))
        else:
            pairs[name] = (k, v)
    return _copy(base, pairs=pairs)


def _replace_fields(base: Node, child: Node) -> Node:
    return _merge_map(base, child, deep=False)


def _merge_section(base: Node, child: Node) -> Node:
    merged = _replace_fields(base, child)
    if base.kind == "map" and child.kind == "map" and "slides" in base.pairs and "slides" in child.pairs:
        k, v = child.pairs["slides"]
        merged.pairs["slides"] = (k, _merge_list_by_id(base.pairs["slides"][1], v, lambda b, c: c))
    return merged


def merge(base: Node, child: Node, problems: Problems) -> Node:
    out = _copy(base)
    drop = child.pairs.get("drop")
    for name, (k, v) in child.pairs.items():
        if name == "drop":
            continue
        old = out.pairs.get(name)
        if old is None:
            out.pairs[name] = (k, v)
        elif name in ("theme", "handout"):
            out.pairs[name] = (k, _merge_map(old[1], v, deep=True))
        elif name in ("charts", "audiences"):
            out.pairs[name] = (k, _merge_map(old[1], v, deep=False))
        elif name == "sources":
            out.pairs[name] = (k, _merge_list_by_id(old[1], v, lambda b, c: c))
        elif name == "sections":
            out.pairs[name] = (k, _merge_list_by_id(old[1], v, _merge_section))
        else:
            out.pairs[name] = (k, v)
    if drop is not None:
        _apply_drop(out, drop[1], problems)
    return out


def _apply_drop(tree: Node, drop: Node, problems: Problems) -> None:
    if drop.kind != "seq":
        problems.error(drop.span, "drop", "expected a list of ids to drop", code="expected-list")
        return
    known: list[str] = []
    for name in ("charts", "audiences"):
        if name in tree.pairs and tree.pairs[name][1].kind == "map":
            known.extend(tree.pairs[name][1].pairs)
    for name in ("sources", "sections"):
        if name in tree.pairs and tree.pairs[name][1].kind == "seq":
            for item in tree.pairs[name][1].items:
                known.extend(filter(None, [_id_of(item)]))
                if name == "sections" and item.kind == "map" and "slides" in item.pairs and item.pairs["slides"][1].kind == "seq":
                    known.extend(filter(None, (_id_of(s) for s in item.pairs["slides"][1].items)))
    for i, n in enumerate(drop.items):
        ident = n.text if n.kind == "scalar" else None
        if ident is None:
            problems.error(n.span, f"drop[{i}]", "expected an id", code="expected-text")
            continue
        if ident not in known:
            problems.error(n.span, f"drop[{i}]", f"nothing with id '{ident}' to drop{did_you_mean(str(ident), known)}", code="unknown-id")
            continue
        _drop_id(tree, ident)


def _drop_id(tree: Node, ident: str) -> None:
    for name in ("charts", "audiences"):
        if name in tree.pairs and tree.pairs[name][1].kind == "map":
            k, v = tree.pairs[name]
            if ident in v.pairs:
                pairs = dict(v.pairs)
                del pairs[ident]
                tree.pairs[name] = (k, _copy(v, pairs=pairs))
    for name in ("sources", "sections"):
        if name not in tree.pairs or tree.pairs[name][1].kind != "seq":
            continue
        k, v = tree.pairs[name]
        items = []
        for item in v.items:
            if _id_of(item) == ident:
                continue
            if name == "sections" and item.kind == "map" and "slides" in item.pairs and item.pairs["slides"][1].kind == "seq":
                sk, sv = item.pairs["slides"]
                kept = [s for s in sv.items if _id_of(s) != ident]
                if len(kept) != len(sv.items):
                    item = _copy(item)
                    item.pairs["slides"] = (sk, _copy(sv, items=kept))
            items.append(item)
        tree.pairs[name] = (k, _copy(v, items=items))

