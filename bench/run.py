"""Benchmark deckbuild end to end: whole fresh processes, median wall time and peak memory.

    python bench/run.py [--runs N] [--scale-runs N] [--quick]

Measures (each run is a new process, nothing cached in memory), comparisons paired: in each
repetition the contenders run one after the other, so both see the same machine state:

* the sample outline (deck/sovereign-ai.yaml) built to PPTX + PDF vs the floor (bench/floor.py:
  python-pptx + reportlab alone, 15 slides and a handout); goal ≤ 1.2×;
* 15 slides, PPTX only: deckbuild vs pandoc (`pandoc -o x.pptx` from Markdown of the same slides);
* warm rebuilds in a `deckbuild watch` process, one edit kind at a time (a bullet's word, a chart
  value, a title, the section order, an audience override, a data file), both files, timed by the
  watch's own "rebuilt … (M ms after the change was seen)" line, each paired with pandoc's cold
  15-slide PPTX run right after it (goal: ≤ 1.5× pandoc), and compared with a cold build;
* 250, 500, 1,000 and 2,000 slides of the floor's content: deckbuild vs the floor, time, peak
  memory and cost per slide (2,000 is over deckbuild's 1,500-slide limit per outline: two
  outlines of 1,000 in one command); goal time ≤ 0.8×, memory ≤ 1.3×;
* a generated 1,000-slide outline (100 sections × 10 slides of every kind) built, and checked;
* --all-audiences on the sample (deckbuild's parallel workers) vs the same four targets built
  one by one in separate processes.

Prints Markdown tables and writes them to bench/results.md (generated; not hand-edited).
Progress goes to stderr. This is a script, not a test: it asserts nothing beyond "exit 0".
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_SLIDES = 1500  # deckbuild.limits.MAX_SLIDES (not imported: the benchmark runs deckbuild as a command)
SAMPLE = ROOT / "deck" / "sovereign-ai.yaml"
FLOOR = ROOT / "bench" / "floor.py"
RESULTS = ROOT / "bench" / "results.md"
AUDIENCES = ("executive", "policy", "public")
MIB = 1024 * 1024


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# One child process: wall time and peak RSS.
#
# Peak memory: we start the child with Popen and reap it ourselves with os.wait4(pid), which
# returns the rusage of *that* child alone (ru_maxrss = the largest RSS of the child and of any
# descendants it waited for, e.g. deckbuild's --all-audiences workers). This avoids both
# problems of the alternatives: RUSAGE_CHILDREN is a max-so-far over every child we ever
# reaped, so deltas read 0 once a bigger child has run; and `/usr/bin/time -f %M` or a python
# `-c` wrapper add a process (and, for the wrapper, an interpreter start) to what is timed.
# Note for the parallel build: ru_maxrss is the peak of the single largest process, not the
# sum of the workers running at the same time.
# ru_maxrss is KiB on Linux, bytes on macOS.
# --------------------------------------------------------------------------------------------

RSS_UNIT = 1 if sys.platform == "darwin" else 1024


@dataclass
class Run:
    seconds: float
    max_rss: int  # bytes
    cpu: float  # user + system seconds, with the children it waited for (forked renderers, workers)


def run_once(cmd: list[str], cwd: Path) -> Run:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; keep Popen from waiting again
        if proc.returncode != 0:
            err.seek(0)
            out.seek(0)
            tail = (out.read() + err.read()).decode("utf-8", "replace")[-3000:]
            raise SystemExit(f"command failed (exit {proc.returncode}): {' '.join(map(str, cmd))}\n{tail}")
    return Run(seconds, usage.ru_maxrss * RSS_UNIT, usage.ru_utime + usage.ru_stime)


@dataclass
class Measurement:
    name: str
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    max_rss: int = 0
    outputs: str = ""
    digests: set[str] = field(default_factory=set)  # one per run: were the outputs byte-identical?

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def min(self) -> float:
        return min(self.times)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")


def fingerprint(folder: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(folder.iterdir()):
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def source_digest() -> str:
    """deckbuild's own code, to notice edits made while the benchmark runs (runs would mix versions)."""
    h = hashlib.sha256()
    for f in sorted((ROOT / "src" / "deckbuild").rglob("*.py")):
        h.update(str(f).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def count_pages(path: Path) -> int:
    if path.suffix == ".pptx":
        with zipfile.ZipFile(path) as z:
            return sum(1 for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n))
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))


def describe(folder: Path) -> str:
    parts = []
    for f in sorted(folder.iterdir()):
        unit = "slides" if f.suffix == ".pptx" else "pages"
        parts.append(f"{f.suffix[1:].upper()} {f.stat().st_size / 1024:,.0f} KiB ({count_pages(f)} {unit})")
    return ", ".join(parts) if len(parts) <= 2 else f"{len(parts)} files, {sum(f.stat().st_size for f in folder.iterdir()) / 1024:,.0f} KiB"


@dataclass
class Spec:
    name: str
    steps: list[tuple[list[str], Path]]
    reproducible: bool = True  # deckbuild promises byte-identical outputs; the floor and pandoc do not try


def measure(name: str, steps: list[tuple[list[str], Path]], runs: int, work: Path, warmup: bool = False,
            reproducible: bool = True) -> Measurement:
    return paired([Spec(name, steps, reproducible)], runs, work, warmup)[0]


def paired(specs: list[Spec], runs: int, work: Path, warmup: bool = False) -> list[Measurement]:
    """Time `runs` repetitions; one repetition runs every spec in turn, and a spec runs every one
    of its steps (a fresh process each) into a fresh output folder `{out}` and counts the sum of
    their times. With `warmup`, a first untimed repetition warms the disk cache and writes .pyc
    files (done once, for the first measurement), so every timed run is a cold *process* on a
    warm machine."""
    ms = [Measurement(spec.name) for spec in specs]
    for i in range(-1 if warmup else 0, runs):
        for spec, m in zip(specs, ms):
            out = Path(tempfile.mkdtemp(prefix="out-", dir=work))
            total = cpu = 0.0
            for cmd, cwd in spec.steps:
                r = run_once([a.replace("{out}", str(out)) for a in cmd], cwd)
                total += r.seconds
                cpu += r.cpu
                m.max_rss = max(m.max_rss, r.max_rss)
            if i >= 0:
                m.times.append(total)
                m.cpu.append(cpu)
                if spec.reproducible:
                    m.digests.add(fingerprint(out))
                m.outputs = describe(out)
                log(f"  {spec.name}: run {i + 1}/{runs}: {total:.2f} s")
            else:
                log(f"  {spec.name}: warm-up: {total:.2f} s")
            shutil.rmtree(out)
    return ms


# --------------------------------------------------------------------------------------------
# A big outline: sections × 10 slides of every kind, Korean text of realistic length.
# Deterministic (fixed seed) so runs and machines compare.
# --------------------------------------------------------------------------------------------

SUBJECTS = ["초거대 AI 모델", "국내 반도체 산업", "공공 데이터 개방", "클라우드 인프라", "한국어 말뭉치", "의료 AI 서비스",
            "금융권 생성형 AI", "제조 현장 자동화", "AI 인재 양성", "데이터 주권", "고성능 컴퓨팅 자원", "버티컬 AI 스타트업",
            "디지털 정부", "AI 윤리 기준", "교육 분야 AI", "법률 서비스 AI"]
VERBS = ["빠르게 확대되고 있음", "투자 규모가 두 배로 증가", "정부 지원 사업과 연계 필요", "민간 주도로 생태계 형성 중",
         "글로벌 기업과 격차가 여전히 큼", "전문 인력 부족이 가장 큰 걸림돌", "규제 정비가 시급한 과제", "중소기업 참여가 늘어나는 추세",
         "해외 의존도를 낮추는 것이 핵심", "표준화와 상호운용성 확보가 관건", "성과 측정 지표 마련이 필요", "2025년까지 단계적으로 추진"]
DETAILS = ["예산 3,200억 원 배정", "참여 기관 45곳", "전년 대비 18% 증가", "시범 사업 12건 진행", "학습 데이터 1.2조 토큰",
           "GPU 2,000장 추가 확보", "전문 인력 5,000명 양성 목표", "민관 공동 협의체 구성", "분기별 성과 점검", "지역 거점 센터 6곳",
           "데이터 품질 인증 제도 도입", "오픈소스 모델 공개"]
SENTENCES = ["국내 기업들은 한국어에 특화된 모델을 앞세워 글로벌 빅테크와의 차별화를 꾀하고 있다.",
             "정부는 고성능 컴퓨팅 자원에 대한 접근성을 높이고 연구개발을 지원하는 사업을 확대하고 있다.",
             "다만 파라미터 규모와 범용성 측면에서는 아직 갈 길이 멀다는 것이 냉정한 현실이다.",
             "특정 산업에 최적화된 버티컬 AI는 적은 자원으로도 높은 성과를 낼 수 있는 전략으로 평가된다.",
             "데이터가 해외로 유출되면 보안 문제뿐 아니라 서비스 비용 급증이나 중단의 위험에도 노출된다.",
             "민관 협력 거버넌스는 글로벌 기술 패권 경쟁에서 살아남기 위한 필수 조건으로 꼽힌다.",
             "반도체, 제조, 바이오 등 우리가 강한 분야에 AI를 깊숙이 접목해 새로운 가치를 만들어야 한다.",
             "현장의 목소리를 반영한 단계별 로드맵이 마련되어야 정책의 실효성을 높일 수 있다."]
CHART_KINDS = ["column", "bar", "stacked-column", "stacked-bar", "line", "pie", "doughnut", "column", "line", "bar"]
CATEGORY_SETS = [["미국", "중국", "한국", "프랑스"], ["2020년", "2021년", "2022년", "2023년", "2024년"],
                 ["제조", "금융", "의료", "교육", "공공", "법률"], ["대기업", "중견기업", "중소기업"]]


def q(text: str) -> str:
    """A YAML double-quoted scalar (texts hold ':' and '·', which plain scalars may trip on)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def big_outline(sections: int, seed: int = 7) -> str:
    rnd = random.Random(seed)

    def bullet() -> str:
        return f"{rnd.choice(SUBJECTS)}: {rnd.choice(VERBS)}"

    def sub() -> str:
        return rnd.choice(DETAILS)

    def para(n: int) -> str:
        return " ".join(rnd.choice(SENTENCES) for _ in range(n))

    L = [
        "# generated by bench/run.py: a 1,000-slide stress outline",
        "title: 대규모 AI 정책 브리핑 자료집",
        "subtitle: 부문별 현황과 과제 (벤치마크용 생성 문서)",
        "author: 전략기획팀",
        "date: 2024-12-02",
        "handout: {paper: A4, layout: article, cover: true, contents: true}",
        "sources:",
        "  - {id: spri, title: 초거대 AI 모델 동향, publisher: 소프트웨어정책연구소(SPRi), year: 2024}",
        "  - {id: msit, title: AI 지원 정책, publisher: 과학기술정보통신부, year: 2024}",
        "charts:",
    ]
    for c, kind in enumerate(CHART_KINDS):
        cats = CATEGORY_SETS[c % len(CATEGORY_SETS)]
        n_series = 1 if kind in ("pie", "doughnut") else (3 if kind.startswith("stacked") or kind == "line" else 1 + c % 2)
        L += [f"  chart-{c}:", f"    kind: {kind}", f"    title: {q(f'{rnd.choice(SUBJECTS)} 현황 ({cats[0]}–{cats[-1]})')}",
              f"    categories: [{', '.join(cats)}]", "    series:"]
        for s in range(n_series):
            vals = [round(rnd.uniform(5, 130), 1) for _ in cats]
            L.append(f"      - {{name: {q(['모델 수', '투자액', '인력'][s])}, values: [{', '.join(map(str, vals))}]}}")
        L += ["    unit: 개", '    number_format: "#,##0.0"', f"    highlight: [{cats[c % len(cats)]}]",
              f"    labels: {'true' if c % 3 else 'false'}", f"    source: {['spri', 'msit'][c % 2]}"]
    L.append("sections:")
    for s in range(sections):
        sid = f"sec-{s}"
        L += [f"  - id: {sid}", f"    title: {q(f'{s + 1}. {rnd.choice(SUBJECTS)}의 현황과 과제')}",
              f"    tags: [{'core' if s % 3 else 'detail'}]", f"    divider: {'true' if s % 10 == 0 else 'false'}",
              f"    summary: {q(rnd.choice(SENTENCES))}", "    body: |", f"      {para(4)}", "", f"      {para(3)}", "    slides:"]
        for k in range(10):
            L += [f"      - id: {sid}-{k}", f"        title: {q(f'{rnd.choice(SUBJECTS)}, {rnd.choice(VERBS)}')}"]
            kind = k
            if kind in (0, 8):  # bullets with sub-points
                L.append("        bullets:")
                for _ in range(rnd.randint(3, 4)):
                    if rnd.random() < 0.5:
                        L += [f"          - text: {q(bullet())}", "            bullets:"]
                        L += [f"              - {q(sub())}" for _ in range(rnd.randint(1, 3))]
                    else:
                        L.append(f"          - {q(bullet())}")
            elif kind in (1, 9):  # chart, with bullets beside on half of them
                L.append(f"        chart: chart-{rnd.randrange(len(CHART_KINDS))}")
                if kind == 1:
                    L.append("        bullets:")
                    L += [f"          - {q(sub())}" for _ in range(3)]
                    L.append(f"        caption: {q('자료: ' + rnd.choice(DETAILS))}")
            elif kind == 2:
                n = rnd.randint(1, 4)
                L.append("        stat:")
                for _ in range(n):
                    L.append(f"          - {{value: {q(f'{rnd.randint(2, 999):,}개')}, label: {q(rnd.choice(SUBJECTS))}, detail: {q(rnd.choice(DETAILS))}}}")
            elif kind == 3:
                L += ["        table:", "          columns: [구분, 현황, 과제, 비고]", "          rows:"]
                for _ in range(rnd.randint(3, 6)):
                    L.append(f"            - [{q(rnd.choice(SUBJECTS))}, {q(rnd.choice(DETAILS))}, {q(rnd.choice(VERBS))}, {q(rnd.choice(['상반기', '하반기', '계속']))}]")
                L.append(f"          caption: {q('표: ' + rnd.choice(SUBJECTS) + ' 추진 현황')}")
            elif kind == 4:
                L.append("        faq:")
                for _ in range(rnd.randint(2, 3)):
                    L += [f"          - q: {q(rnd.choice(SUBJECTS) + '은(는) 왜 중요한가요?')}", f"            a: {q(para(2))}"]
            elif kind == 5:
                L += ["        quote:", f"          text: {q(rnd.choice(SENTENCES))}", "          by: 정책 보고서"]
            elif kind == 6:
                L.append("        columns:")
                for _ in range(rnd.randint(2, 3)):
                    L += [f"          - title: {q(rnd.choice(SUBJECTS))}", "            bullets:"]
                    L += [f"              - {q(sub())}" for _ in range(rnd.randint(2, 3))]
            else:  # 7: plain bullets
                L.append("        bullets:")
                L += [f"          - {q(bullet())}" for _ in range(rnd.randint(3, 5))]
            if k % 2 == 0:
                L.append(f"        notes: {q(para(2))}")
            if k % 5 == 1:
                L.append(f"        handout: {q(rnd.choice(SENTENCES))}")
    return "\n".join(L) + "\n"


# --------------------------------------------------------------------------------------------
# The floor's content as a deckbuild outline and as pandoc Markdown: the same titles, bullets,
# notes and (deckbuild only; pandoc has no charts) a chart on every 15th slide.
# --------------------------------------------------------------------------------------------


def _floor():
    sys.path.insert(0, str(FLOOR.parent))
    import floor

    return floor


def floor_outline(slides: int, charts: bool = True) -> str:
    f = _floor()
    L = [f"title: {f.TITLE}", "date: 2024-12-02", "charts:", "  models:", "    kind: column", "    title: 초거대 AI 모델 발표 수",
         f"    categories: [{', '.join(f.CATEGORIES)}]", "    series:",
         f"      - {{name: 모델 수, values: [{', '.join(map(str, f.VALUES))}]}}",
         "    unit: 개", "    highlight: [한국]", "    labels: true", "sections:"]
    for n in range(1, slides + 1):
        if n % 15 == 1:
            L += [f"  - id: part-{n // 15 + 1}", f"    title: 제{n // 15 + 1}부", "    slides:"]
        L.append(f"      - title: {q(f'{f.TITLE} ({n})')}")
        if charts and n % 15 == f.CHART_SLIDE:
            L.append("        chart: models")
        L.append("        bullets:")
        L += [f"          - {q(b)}" for b in f.BULLETS]
        L.append(f"        notes: {q(f.BULLETS[n % len(f.BULLETS)])}")
    return "\n".join(L) + "\n"


def floor_markdown(slides: int) -> str:
    f = _floor()
    L = [f"% {f.TITLE}", "% bench", ""]
    for n in range(1, slides + 1):
        L += [f"# {f.TITLE} ({n})", ""] + [f"- {b}" for b in f.BULLETS]
        L += ["", "::: notes", f.BULLETS[n % len(f.BULLETS)], ":::", ""]
    return "\n".join(L)


# --------------------------------------------------------------------------------------------
# Warm rebuilds: one `deckbuild watch` process, a one-word edit of a bullet at a time.
# --------------------------------------------------------------------------------------------

WORKBOOK = ROOT / "data" / "population.xlsx"  # the statistics sample's workbook (tools/make_statistics_workbook.py)
WORKBOOK_CSV = ("연도,출생아 수,합계출산율\n2015,438420,1.24\n2016,406243,1.17\n2017,357771,1.05\n2018,326822,0.98\n"
                "2019,302676,0.92\n2020,272337,0.84\n2021,260562,0.81\n2022,249186,0.78\n2023,230028,0.72\n2024,238343,0.75\n")
WORKBOOK_OUTLINE = """title: 워크북
date: 2024-12-02
charts:
  births:
    kind: combo
    data: DATA
    series:
      - {name: 출생아 수, kind: column}
      - {name: 합계출산율, kind: line, axis: secondary}
sections:
  - id: s
    title: 출생
    slides:
      - {title: 출생아 수, chart: births}
"""
EDIT = ("- 미국·중국 빅테크가 개발 전쟁을 주도", "- 미국·중국 빅테크가 개발 경쟁을 주도")
REBUILT = re.compile(r"rebuilt \S+ in ([\d,]+) ms \(([\d,]+) ms after the change was seen\)"
                     r": load ([\d,]+) ms, layout and render ([\d,]+) ms, write ([\d,]+) ms")
# The sample with one more chart, read from a CSV file, so that a data file edit has a slide to move.
# Its columns are the repository's data/exports.csv's, which the sample's own combo chart reads too.
DATA_CSV = '연도,수출액,증가율\n2021,"6,444",25.7\n2022,"6,836",6.1\n2023,"6,322",-7.5\n2024,"6,838",8.2\n'
DATA_CHART = "  exports:\n    kind: column\n    title: 연도별 수출액\n    data: data/exports.csv\n    series: [{name: 수출액}]\n    unit: 억 달러\n"
DATA_SLIDE = "      - id: summary-exports\n        title: 수출은 다시 늘었다\n        chart: exports\n"
# Each edit kind of issue 21: (name, file, edit(text, i) → the text of save i, audience watched).
# Every save is a state not built before (a new word, value or order), so nothing is taken whole
# from an earlier build of the same text; the audience override is timed where it shows.
WORDS = ["선도", "견인", "장악", "좌우", "선점", "독주", "압도", "석권", "지휘", "점령", "개척", "경쟁", "지배", "이끎"]
SECTIONS = ["global", "position", "strategy", "sovereignty"]


def _sections_order(text: str, i: int) -> str:
    """The outline with the SECTIONS blocks in their (i+1)-th permutation (never the first: the original)."""
    import itertools

    starts = [text.index(f"  - id: {sid}\n") for sid in SECTIONS]
    end = text.index("\n  - id: ", starts[-1] + 1) + 1
    blocks = [text[a:b] for a, b in zip(starts, starts[1:] + [end])]
    order = list(itertools.permutations(range(len(blocks))))[1 + i % 23]
    return text[:starts[0]] + "".join(blocks[k] for k in order) + text[end:]


EDITS = [
    ("one word of a bullet", "deck", lambda t, i: t.replace(EDIT[0], EDIT[0].replace("주도", WORDS[i % len(WORDS)])), None),
    ("one chart value", "deck", lambda t, i: t.replace("values: [128, 95, 14, 10]", f"values: [128, 95, {15 + i}, 10]"), None),
    ("one slide title", "deck", lambda t, i: t.replace("title: 한국 AI의 자존심, 대표 모델 넷", f"title: 한국 AI의 자존심, 대표 모델 넷 ({i + 1})"), None),
    ("the section order", "deck", _sections_order, None),
    ("an audience override (public)", "deck", lambda t, i: t.replace("position-gaps: {title: 아직은 규모와 쓰임새가 부족}",
                                                                    f"position-gaps: {{title: 아직은 규모와 쓰임새가 부족 ({i + 1})}}"), "public"),
    ("a data file value", "data", lambda t, i: t.replace('"6,838"', f'"6,{839 + i}"'), None),
]


def watch_sample() -> str:
    text = SAMPLE.read_text(encoding="utf-8").replace("charts:\n", "charts:\n" + DATA_CHART, 1)
    first = text.index("    slides:\n", text.index("sections:")) + len("    slides:\n")
    return text[:first] + DATA_SLIDE + text[first:]


@dataclass
class Warm:
    build_ms: list[float] = field(default_factory=list)  # change settled → both files replaced
    seen_ms: list[float] = field(default_factory=list)  # first event of the save → both files replaced
    phases: list[tuple[float, float, float]] = field(default_factory=list)  # load, layout + render, write
    pandoc_ms: list[float] = field(default_factory=list)  # pandoc's cold 15-slide PPTX, run right after each
    max_rss: int = 0
    identical: bool = False  # the last rebuild's files == a cold build of the same outline


def warm_rebuilds(py: str, work: Path, edits: int, pandoc) -> dict[str, Warm]:
    """For each edit kind (EDITS), start `deckbuild watch` on a copy of the sample (with a chart
    from a CSV file), save `edits` edits (write, then rename, as editors do; each a state not built before),
    read each rebuild's timing line, and time pandoc's cold 15-slide PPTX right after each
    (`pandoc()` returns its seconds); last, compare the files with a cold build."""
    import queue
    import signal
    import threading

    out_all: dict[str, Warm] = {}
    for kind, (name, where, edit, audience) in enumerate(EDITS):
        proj = work / f"watch-{kind}"
        (proj / "deck").mkdir(parents=True)
        (proj / "data").mkdir()
        outline = proj / "deck" / SAMPLE.name
        original = watch_sample()
        outline.write_text(original, encoding="utf-8")
        csv = proj / "data" / "exports.csv"
        csv.write_text(DATA_CSV, encoding="utf-8")
        target, base = (outline, original) if where == "deck" else (csv, DATA_CSV)
        assert edit(base, 0) != base, f"the sample no longer has what the benchmark edits ({name})"
        args = ["-a", audience] if audience else []
        proc = subprocess.Popen([py, "-m", "deckbuild", "watch", str(outline.relative_to(proj)), *args, "-o", "out", "--verbose"], cwd=proj,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, encoding="utf-8")
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in proc.stderr] + [lines.put(None)], daemon=True).start()

        def until(pattern: re.Pattern) -> re.Match:
            while True:
                line = lines.get(timeout=120)
                if line is None:
                    raise SystemExit(f"deckbuild watch ended (exit {proc.wait()})")
                if found := pattern.search(line):
                    return found
                if ": error: " in line or "has errors" in line or "internal error" in line:
                    raise SystemExit(f"deckbuild watch: {line.strip()}")

        w = out_all[name] = Warm()
        try:
            until(re.compile(r"^watch: watching "))
            time.sleep(0.5)  # the watch collects the first build's garbage before it waits
            for i in range(edits):
                tmp = target.with_name(f".{target.name}.tmp")
                tmp.write_text(edit(base, i), encoding="utf-8")
                os.replace(tmp, target)
                m = until(REBUILT)
                build, seen, *phases = (float(g.replace(",", "")) for g in m.groups())
                w.build_ms.append(build)
                w.seen_ms.append(seen)
                w.phases.append(tuple(phases))
                time.sleep(0.3)  # the watch collects the build's garbage once it is done: not while pandoc runs
                if pandoc:
                    w.pandoc_ms.append(pandoc() * 1000)
                log(f"  {name} {i + 1}/{edits}: {seen:.0f} ms after the change was seen ({build:.0f} ms building)"
                    + (f"; pandoc {w.pandoc_ms[-1]:.0f} ms" if pandoc else ""))
        finally:
            proc.send_signal(signal.SIGINT)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            w.max_rss = usage.ru_maxrss * RSS_UNIT
        cold_out = work / f"watch-cold-{kind}"
        run_once([py, "-m", "deckbuild", "build", str(outline), *args, "-o", str(cold_out)], proj)
        w.identical = fingerprint(cold_out) == fingerprint(proj / "out")
    return out_all


# --------------------------------------------------------------------------------------------


def table(ms: list[Measurement], ratios: list[tuple[str, str]]) -> str:
    rows = ["| measurement | median s | min s | median CPU s | peak RSS MiB | outputs |", "| --- | ---: | ---: | ---: | ---: | --- |"]
    for m in ms:
        same = "" if len(m.digests) <= 1 else " — outputs NOT byte-identical across runs"
        rows.append(f"| {m.name} | {m.median:.2f} | {m.min:.2f} | {m.median_cpu:.2f} | {m.max_rss / MIB:,.0f} | {m.outputs or '—'}{same} |")
    rows.append("")
    rows += [f"- {k}: {v}" for k, v in ratios]
    return "\n".join(rows) + "\n"


def scale_table(rows: list[tuple[int, Measurement, Measurement]]) -> str:
    out = ["| slides | deckbuild s | floor s | time ratio | deckbuild MiB | floor MiB | memory ratio | deckbuild ms/slide | floor ms/slide |",
           "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for n, d, f in rows:
        out.append(f"| {n:,} | {d.median:.1f} | {f.median:.1f} | {d.median / f.median:.2f}× | {d.max_rss / MIB:,.0f} | {f.max_rss / MIB:,.0f}"
                   f" | {d.max_rss / f.max_rss:.2f}× | {d.median / n * 1000:.1f} | {f.median / n * 1000:.1f} |")
    return "\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=None, help="timed runs per measurement (default 5; 3 with --quick)")
    ap.add_argument("--scale-runs", type=int, default=None, help="runs per size of the scale series (default 3; 1 with --quick)")
    ap.add_argument("--quick", action="store_true", help="smoke check: 3 runs, a 200-slide big outline, scale series of 50–400 slides")
    ap.add_argument("--no-scale", action="store_true", help="leave out the big outline, --all-audiences and the scale series")
    args = ap.parse_args()
    runs = args.runs or (3 if args.quick else 5)
    scale_runs = args.scale_runs or (1 if args.quick else 3)
    sections = 20 if args.quick else 100
    sizes = (50, 100, 200, 400) if args.quick else (250, 500, 1000, 2000)
    py = sys.executable
    db = [py, "-m", "deckbuild"]
    started = time.perf_counter()
    code_before = source_digest()
    pandoc = shutil.which("pandoc")

    with tempfile.TemporaryDirectory(prefix="deckbuild-bench-") as tmp:
        work = Path(tmp)
        proj = work / "project"
        (proj / "deck").mkdir(parents=True)
        big = proj / "deck" / "big.yaml"
        big.write_text(big_outline(sections), encoding="utf-8")
        n_big = sections * 10
        (proj / "deck" / "fifteen.yaml").write_text(floor_outline(15, charts=False), encoding="utf-8")
        (proj / "fifteen.md").write_text(floor_markdown(15), encoding="utf-8")
        log(f"bench: {runs} runs each; big outline {n_big} content slides ({big.stat().st_size / 1024:,.0f} KiB YAML)")

        sample = str(SAMPLE)
        ms: list[Measurement] = []
        log("sample build (pptx + pdf) and the floor, paired")
        sample_m, floor_m = paired([Spec("sample build (PPTX + PDF)", [(db + ["build", sample, "-o", "{out}"], ROOT)]),
                                    Spec("floor (python-pptx + reportlab, 15 slides)", [([py, str(FLOOR), "{out}"], ROOT)], reproducible=False)],
                                   runs, work, warmup=True)
        ms += [sample_m, floor_m]
        pandoc_m = None
        pandoc_cmd = [pandoc, "fifteen.md", "-o", "{out}/fifteen.pptx"] if pandoc else None
        if pandoc:
            log("15 slides, PPTX only: deckbuild and pandoc, paired")
            fifteen_m, pandoc_m = paired([Spec("15 slides, PPTX only", [(db + ["build", "deck/fifteen.yaml", "-f", "pptx", "-o", "{out}"], proj)]),
                                          Spec("pandoc, the same 15 slides, PPTX", [(pandoc_cmd, proj)], reproducible=False)], runs, work)
            ms += [fifteen_m, pandoc_m]
        else:
            log("pandoc not found: skipping the pandoc comparisons")
        log("a workbook's cost: the same chart from an .xlsx sheet and from a CSV file, paired (deckbuild check)")
        (proj / "data").mkdir(exist_ok=True)
        shutil.copy(WORKBOOK, proj / "data" / "population.xlsx")
        (proj / "data" / "population.csv").write_text(WORKBOOK_CSV, encoding="utf-8")
        for name, data in (("xlsx", "{file: data/population.xlsx, sheet: 출생, range: A1:C11}"), ("csv", "data/population.csv")):
            (proj / "deck" / f"book-{name}.yaml").write_text(WORKBOOK_OUTLINE.replace("DATA", data), encoding="utf-8")
        xlsx_m, csv_m = paired([Spec("check, a chart from an .xlsx sheet", [(db + ["check", "deck/book-xlsx.yaml"], proj)], reproducible=False),
                                Spec("check, the same chart from a CSV file", [(db + ["check", "deck/book-csv.yaml"], proj)], reproducible=False)],
                               runs, work)
        ms += [xlsx_m, csv_m]
        big_m = check_m = par_m = seq_m = None
        if not args.no_scale:
            log(f"big build ({n_big} slides)")
            big_m = measure(f"{n_big}-slide build (PPTX + PDF)", [(db + ["build", "deck/big.yaml", "-o", "{out}"], proj)], runs, work)
            log(f"big check ({n_big} slides)")
            check_m = measure(f"{n_big}-slide check", [(db + ["check", "deck/big.yaml"], proj)], runs, work)
            log("sample --all-audiences (parallel)")
            par_m = measure("sample --all-audiences (4 targets, parallel)", [(db + ["build", sample, "--all-audiences", "-o", "{out}"], ROOT)], runs, work)
            log("sample 4 targets one by one")
            one_by_one = [(db + ["build", sample, "-a", a, "-o", "{out}"], ROOT) for a in AUDIENCES] + [(db + ["build", sample, "-o", "{out}"], ROOT)]
            seq_m = measure("sample 4 targets, one process each (sum)", one_by_one, runs, work)
            ms += [big_m, check_m, par_m, seq_m]

        log("warm rebuilds in deckbuild watch, one edit kind at a time (each followed by a cold pandoc run, paired)")

        def pandoc_once() -> float:
            out = Path(tempfile.mkdtemp(prefix="out-", dir=work))
            r = run_once([a.replace("{out}", str(out)) for a in pandoc_cmd], proj)
            shutil.rmtree(out)
            return r.seconds

        warm = warm_rebuilds(py, work, 2 * runs + 1, pandoc_once if pandoc_cmd else None)

        if not args.no_scale:
            log(f"scale: {', '.join(map(str, sizes))} slides of the floor's content, deckbuild and the floor, paired ({scale_runs} runs)")
        scale: list[tuple[int, Measurement, Measurement]] = []
        for n in () if args.no_scale else sizes:
            parts = 2 if n > MAX_SLIDES else 1  # over the per-outline limit: split into outlines built by one command
            names = []
            for k in range(parts):
                name = f"deck/floor-{n}-{k + 1}.yaml"
                (proj / name).write_text(floor_outline(n // parts), encoding="utf-8")
                names.append(name)
            d, f = paired([Spec(f"{n} slides: deckbuild", [(db + ["build", *names, "-o", "{out}"], proj)]),
                           Spec(f"{n} slides: floor", [([py, str(FLOOR), "{out}", str(n)], ROOT)], reproducible=False)], scale_runs, work)
            scale.append((n, d, f))

    ratios = [
        ("sample / floor (cold, both files)", f"{sample_m.median / floor_m.median:.2f}× wall, {sample_m.median_cpu / floor_m.median_cpu:.2f}× CPU (goal ≤ 1.2×)"),
    ]
    ratios.append(("a workbook's cold-start cost (xlsx − CSV, same chart, `check`)",
                   f"{(xlsx_m.median - csv_m.median) * 1000:+.0f} ms wall, {(xlsx_m.median_cpu - csv_m.median_cpu) * 1000:+.0f} ms CPU "
                   f"({xlsx_m.median / csv_m.median:.2f}×): python-calamine imported and the sheet's styles read"))
    if pandoc_m:
        ratios.append(("15 slides PPTX: deckbuild / pandoc", f"{fifteen_m.median / pandoc_m.median:.2f}× ({fifteen_m.median * 1000:.0f} ms vs {pandoc_m.median * 1000:.0f} ms)"))
    for name, w in warm.items():
        load, render, write = (statistics.median(x) for x in zip(*w.phases))
        seen = statistics.median(w.seen_ms)
        pair = (f"; paired with pandoc's cold 15-slide PPTX: {statistics.median(mine / theirs for mine, theirs in zip(w.seen_ms, w.pandoc_ms)):.2f}× "
                f"(pandoc {statistics.median(w.pandoc_ms):.0f} ms)") if w.pandoc_ms else ""
        ratios.append((f"warm rebuild, {name} (sample, both files, deckbuild watch)",
                       f"{seen:.0f} ms from the change seen to both files replaced{pair}; {statistics.median(w.build_ms):.0f} ms building "
                       f"(load {load:.0f}, layout and render {render:.0f}, write {write:.0f}) and the rest the quiet wait; "
                       f"median of {len(w.build_ms)} saves; byte-identical to a cold build: {'yes' if w.identical else 'NO'}; "
                       f"watch peak RSS {w.max_rss / MIB:,.0f} MiB"))
    ratios += ([] if big_m is None else [
        (f"{n_big}-slide build", f"{big_m.median:.1f} s, {big_m.max_rss / MIB:,.0f} MiB (expectation < 20 s, < 1 GiB)"),
        (f"{n_big}-slide check / build", f"{check_m.median / big_m.median:.2f}× (validation + layout share of the build)"),
        ("parallel gain (one by one / --all-audiences)", f"{seq_m.median / par_m.median:.2f}× on {os.cpu_count()} CPUs"),
    ]) + [
        ("deckbuild outputs byte-identical across runs", "yes" if all(len(m.digests) <= 1 for m in ms + [d for _, d, _ in scale]) else "NO (see rows)"),
    ]
    if source_digest() != code_before:
        ratios.append(("WARNING", "src/deckbuild changed while the benchmark ran: the runs mix code versions "
                                  "(outputs that differ across runs may be due to that); rerun on a quiet tree"))
        log("warning: src/deckbuild changed during the benchmark")
    per_slide = [d.median / n for n, d, _ in scale] or [float("nan")]
    scale_note = "- not run this time (`--no-scale`)\n" if not scale else (f"- cost per slide, deckbuild: {min(per_slide) * 1000:.1f}–{max(per_slide) * 1000:.1f} ms from {sizes[0]:,} to {sizes[-1]:,} slides"
                  f" (goal: flat); time ratio goal ≤ 0.8×, memory ratio goal ≤ 1.3×\n"
                  + "".join(f"- {n:,} slides is over deckbuild's {MAX_SLIDES:,}-slide limit per outline: two outlines of {n // 2:,}"
                            f" built by one `deckbuild build` (two targets, in parallel workers); the floor writes one file pair\n"
                            for n in sizes if n > MAX_SLIDES)
                  + "- peak RSS is the largest single process (deckbuild's forked renderer or workers are separate processes, not summed)\n")
    text = table(ms, ratios) + f"\n## Scale: slides of the floor's content ({scale_runs} runs each, median)\n\n" + scale_table(scale) + "\n" + scale_note
    print(text)
    load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    stamp = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    header = (f"<!-- generated by `python bench/run.py{' --quick' if args.quick else ''}{' --no-scale' if args.no_scale else ''}{f' --runs {args.runs}' if args.runs else ''}`"
              f" on {stamp}; machine: nproc={os.cpu_count()}, Python {platform.python_version()}, {platform.system()} {platform.machine()},"
              f" load average at the end {load_avg:.1f}. Do not edit by hand. -->\n")
    RESULTS.write_text(header + f"\n# deckbuild benchmark ({runs} runs each, median)\n\n" + text, encoding="utf-8")
    log(f"wrote {RESULTS.relative_to(ROOT)} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
