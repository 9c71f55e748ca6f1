"""The outlines the invariant tests build: a fixed slice (derandomised) or a random one.

`INVARIANTS=random` draws fresh outlines each run; `INVARIANT_EXAMPLES=N` sets how many (default:
12 in the fixed slice, 200 at random). The fixed slice always holds outlines with one slide of
every kind, so each kind is checked in CI whatever hypothesis draws for the rest, and the minimal
outlines of what exploring found (tests/invariants/found/, listed in FINDINGS.md).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from unittest import mock

import yaml

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .strategies import SLIDE_KINDS, outlines

RANDOM = os.environ.get("INVARIANTS") == "random"
FOUND = Path(__file__).with_name("found")


def found_outlines() -> list[dict]:
    """The minimal outlines of FINDINGS.md, as dicts (dates kept as the text they were)."""
    out = []
    for path in sorted(FOUND.glob("*.yaml")):
        outline = yaml.safe_load(path.read_text(encoding="utf-8"))
        outline["date"] = str(outline.get("date", "2024-12-02"))
        out.append(outline)
    return out


def _no_local_constants():
    """Hypothesis mixes the literals of every local module loaded so far into what it draws (its
    "local constants"), so the fixed slice would change with whichever tests and modules ran
    before it (a new test file, or a build importing more of deckbuild, gave another slice). The
    slice is drawn without them; where hypothesis has no such hook, as it comes."""
    try:
        from hypothesis.internal.conjecture import providers
        from hypothesis.internal.constants_ast import Constants
    except ImportError:
        return contextlib.nullcontext()
    cache = getattr(getattr(providers, "CONSTANTS_CACHE", None), "cache", None)  # what earlier tests drew from them
    if not hasattr(providers, "_get_local_constants") or not hasattr(cache, "clear"):
        return contextlib.nullcontext()

    @contextlib.contextmanager
    def without():
        cache.clear()
        try:
            with mock.patch.object(providers, "_get_local_constants", Constants):
                yield
        finally:
            cache.clear()

    return without()


def draw_outlines(n: int | None = None, random: bool = RANDOM) -> list[dict]:
    """n outlines: a third with every slide kind, the rest anything."""
    n = n or int(os.environ.get("INVARIANT_EXAMPLES", 200 if random else 30))
    got: list[dict] = []

    # Generation only: nothing fails inside, so hypothesis neither shrinks nor replays.
    @settings(max_examples=n, derandomize=not random, database=None, phases=[Phase.generate], deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(st.one_of(outlines(), outlines(kinds=SLIDE_KINDS)))
    def collect(outline: dict) -> None:
        got.append(outline)

    with contextlib.nullcontext() if random else _no_local_constants():
        collect()
    return got[:n] + ([] if random else found_outlines())
