"""Large charts (issue 21 item 4): a column or line chart of N categories, built as a whole process.

    python bench/large_chart.py [N ...] [--kinds column,line] [--series 1,2] [--labels on,off]
                                [--profile N] [--out DIR]

Writes one outline per case (a daily series: categories `2000-01-01`, … ; one or two series;
labels on or off), builds it to PPTX + the handout PDF in a fresh process and prints the wall
and CPU time of each build. `--profile N` runs the N-category column chart with two series and
labels (the first of --kinds and --labels, the last of --series) in this process under cProfile instead and prints the top functions by cumulative time.
Defaults: N = 1,000, 4,000, 10,000; every kind × series × labels. A script, not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def outline(n: int, kind: str, series: int, labels: bool) -> str:
    day = dt.date(2000, 1, 1)
    cats = [(day + dt.timedelta(days=i)).isoformat() for i in range(n)]
    rows = []
    for k in range(series):
        values = [round(100 + 50 * ((i * (7 + 3 * k)) % 97) / 97 + (i % 13) * (k + 1), 1) for i in range(n)]
        rows.append(f"      - {{name: 지표{k + 1}, values: [{', '.join(map(str, values))}]}}")
    return "\n".join([
        "title: 큰 차트",
        "date: 2024-12-02",
        "language: ko-KR",
        "charts:",
        "  daily:",
        f"    kind: {kind}",
        "    title: 일별 추이",
        f"    labels: {'true' if labels else 'false'}",
        f"    categories: [{', '.join(cats)}]",
        "    series:",
        *rows,
        "sections:",
        "  - id: main",
        "    title: 추이",
        "    slides:",
        "      - title: 일별 추이",
        "        chart: daily",
        "",
    ])


def build(path: Path, out: Path) -> tuple[float, float, int, str]:
    """One build in a fresh process: wall s, CPU s (children), exit status, stderr."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([PYTHON, "-m", "deckbuild", "build", str(path), "-f", "pptx", "-f", "pdf", "-o", str(out)],
                          env=env, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.returncode, proc.stderr


def profile(n: int, out: Path, kind: str = "column", series: int = 2, labels: bool = True) -> None:
    import cProfile
    import pstats

    sys.path.insert(0, str(ROOT / "src"))
    from deckbuild.build import build_target, plan_targets

    path = out / f"profile-{n}.yaml"
    path.write_text(outline(n, kind, series, labels), encoding="utf-8")
    prof = cProfile.Profile()
    prof.enable()
    targets, _ = plan_targets(path, str(path), [], False)
    build_target(targets[0], ("pptx", "pdf"), out)  # one process: both formats in turn
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(35)
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 4000, 10000])
    ap.add_argument("--kinds", default="column,line")
    ap.add_argument("--series", default="1,2")
    ap.add_argument("--labels", default="on,off")
    ap.add_argument("--profile", type=int)
    ap.add_argument("--out")
    args = ap.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="large-chart-"))
    out.mkdir(parents=True, exist_ok=True)
    if args.profile:
        profile(args.profile, out, args.kinds.split(",")[0], int(args.series.split(",")[-1]),
                args.labels.split(",")[0] == "on")
        return
    print("| categories | kind | series | labels | wall s | CPU s | warnings |")
    print("| ---: | --- | ---: | --- | ---: | ---: | --- |")
    for n in args.sizes:
        for kind in args.kinds.split(","):
            for series in map(int, args.series.split(",")):
                for labels in args.labels.split(","):
                    path = out / f"chart-{n}-{kind}-{series}-{labels}.yaml"
                    path.write_text(outline(n, kind, series, labels == "on"), encoding="utf-8")
                    wall, cpu, rc, err = build(path, out)
                    warns = [ln.split("warning: ", 1)[1][:70] for ln in err.splitlines() if "warning:" in ln]
                    status = "; ".join(warns) if rc == 0 else f"exit {rc}: {err.strip()[-200:]}"
                    print(f"| {n:,} | {kind} | {series} | {labels} | {wall:.2f} | {cpu:.2f} | {status} |", flush=True)


if __name__ == "__main__":
    main()
