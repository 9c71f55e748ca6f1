"""Explore: build N random outlines, count what breaks each rule, shrink one outline per kind of finding.

    cd tests && PYTHONPATH=../src python -m invariants.explore 300 > /tmp/found.md

EXPLORE_SAVE=DIR keeps every outline with a finding (its findings as comments). Prints Markdown: per rule, how many outlines break it; per kind of finding (the message with its
texts and numbers blanked), how many outlines show it and a minimal outline (greedy: drop
sections, slides, keys and list items while the same kind of finding remains).
"""

from __future__ import annotations

import copy
import re
import sys
import time
from collections import Counter, defaultdict

import os
from pathlib import Path

from .checks import RULES, build, check, dump_yaml
from .corpus import draw_outlines


SAVE = Path(os.environ["EXPLORE_SAVE"]) if os.environ.get("EXPLORE_SAVE") else None


def kind_of(rule: str, finding: str) -> str:
    """A finding with its particulars blanked, so that findings of one cause group together."""
    s = re.sub(r"^deck/f\.yaml:\d+:\d+: ", "", finding.split("\n")[0])
    s = re.sub(r"'[^']*'", "'…'", s)
    s = re.sub(r"\[\d+\]", "[i]", s)
    s = re.sub(r"\b(slide|page) \d+", r"\1 N", s)
    s = re.sub(r"\d+(\.\d+)?", "N", s)
    s = re.sub(r"\([a-z-]+\)", "(KIND)", s) if rule in ("boxes_apart", "inside") else s
    return f"{rule}: {s[:160]}"


def kinds(found: dict[str, list[str]]) -> set[str]:
    return {kind_of(rule, f) for rule, fs in found.items() for f in fs}


def _candidates(o: dict):
    """Smaller outlines: each one step from `o`."""
    secs = o["sections"]
    if len(secs) > 1:
        for i in range(len(secs)):
            yield o | {"sections": secs[:i] + secs[i + 1:]}
    for key in ("subtitle", "sources", "theme"):
        if key in o:
            yield {k: v for k, v in o.items() if k != key}
    if o.get("handout") != {"layout": "article"}:
        yield o | {"handout": {"layout": "article"}}
    for i, sec in enumerate(secs):
        for key in ("summary", "body"):
            if key in sec:
                yield _with_section(o, i, {k: v for k, v in sec.items() if k != key})
        slides = sec["slides"]
        if len(slides) > 1:
            for j in range(len(slides)):
                yield _with_section(o, i, sec | {"slides": slides[:j] + slides[j + 1:]})
        for j, slide in enumerate(slides):
            for smaller in _smaller_slides(slide):
                yield _with_section(o, i, sec | {"slides": slides[:j] + [smaller] + slides[j + 1:]})
    used = {s.get("chart") for sec in secs for s in sec["slides"]}
    charts = o.get("charts", {})
    if any(c not in used for c in charts):
        yield o | {"charts": {c: v for c, v in charts.items() if c in used}}
    for cid, chart in charts.items():
        for smaller in _smaller_charts(chart):
            yield o | {"charts": charts | {cid: smaller}}


def _with_section(o: dict, i: int, sec: dict) -> dict:
    return o | {"sections": o["sections"][:i] + [sec] + o["sections"][i + 1:]}


def _smaller_slides(slide: dict):
    for key in ("notes", "handout", "message", "caption"):
        if key in slide:
            yield {k: v for k, v in slide.items() if k != key}
    for key in ("bullets", "stat", "faq", "columns"):
        items = slide.get(key)
        if isinstance(items, list) and len(items) > 1:
            for j in range(len(items)):
                yield slide | {key: items[:j] + items[j + 1:]}
    if "table" in slide:
        t = slide["table"]
        for j in range(len(t["rows"])):
            if len(t["rows"]) > 1:
                yield slide | {"table": t | {"rows": t["rows"][:j] + t["rows"][j + 1:]}}
        if "caption" in t:
            yield slide | {"table": {k: v for k, v in t.items() if k != "caption"}}
    for key in ("title",):
        words = slide[key].split(" ")
        if len(words) > 1:
            yield slide | {key: " ".join(words[: len(words) // 2])}


def _smaller_charts(chart: dict):
    n = len(chart["categories"])
    if n > 3:
        for j in range(n):
            yield chart | {"categories": chart["categories"][:j] + chart["categories"][j + 1:],
                           "series": [s | {"values": s["values"][:j] + s["values"][j + 1:]} for s in chart["series"]]}
    if len(chart["series"]) > 1 and chart["kind"] != "combo":
        for j in range(len(chart["series"])):
            yield chart | {"series": chart["series"][:j] + chart["series"][j + 1:]}
    for key in ("title", "note", "highlight", "number_format", "unit"):
        if key in chart:
            yield {k: v for k, v in chart.items() if k != key}


def shrink(outline: dict, kind: str, budget: float = 90.0) -> dict:
    """Greedily the smallest outline that still shows a finding of `kind` (within `budget` seconds)."""
    best, start = copy.deepcopy(outline), time.time()
    progress = True
    while progress and time.time() - start < budget:
        progress = False
        for cand in _candidates(best):
            if time.time() - start > budget:
                break
            if kind in kinds(check(build(cand))):
                best, progress = cand, True
                break
    return best


def main(n: int) -> None:
    t0 = time.time()
    outlines = draw_outlines(n, random=True)
    per_rule: Counter = Counter()
    per_kind: Counter = Counter()
    example: dict[str, tuple[dict, str]] = {}
    slides = 0
    for o in outlines:
        found = check(b := build(o))
        slides += len(b.plan.slides) if b.plan else 0
        for rule in RULES:
            if found[rule]:
                per_rule[rule] += 1
        if SAVE and any(found.values()):  # every outline with a finding, to look at again
            SAVE.mkdir(parents=True, exist_ok=True)
            (SAVE / f"{outlines.index(o):04d}.yaml").write_text(
                "".join(f"# {f.splitlines()[0][:200]}\n" for fs in found.values() for f in fs[:3]) + dump_yaml(o), encoding="utf-8")
        for k in kinds(found):
            per_kind[k] += 1
            text = dump_yaml(o)
            if k not in example or len(text) < len(example[k][1]):
                example[k] = (o, text)
        print(".", end="", file=sys.stderr, flush=True)
    print(f"{len(outlines)} random outlines ({slides} slides built) in {time.time() - t0:.0f} s\n")
    print("| rule | outlines breaking it |\n| --- | ---: |")
    for rule in RULES:
        print(f"| `{rule}` | {per_rule[rule]} |")
    print("\n| kind of finding | outlines |\n| --- | ---: |")
    for k, c in per_kind.most_common():
        print(f"| {k} | {c} |")
    shrink_top = int(os.environ.get("SHRINK", 12))
    for k, _ in per_kind.most_common(shrink_top):
        small = shrink(example[k][0], k)
        found = check(build(small))
        print(f"\n### {k}\n\n```\n" + "\n".join(f for fs in found.values() for f in fs if kind_of_any(f, found, k))[:800]
              + f"\n```\n\n```yaml\n{dump_yaml(small)}```")


def kind_of_any(f: str, found: dict, k: str) -> bool:
    return any(kind_of(rule, f) == k for rule, fs in found.items() if f in fs)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
