"""The statistics sample (deck/statistics.yaml, issue 18's "done when"): a briefing with every new
chart kind, a workbook (data/population.xlsx, written by tools/make_statistics_workbook.py) and a
total row builds without a warning, and what the workbook shows is what the deck and handout carry.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber

from conftest import run_cli
from test_data_wired import parts, table_rows_of

ROOT = Path(__file__).resolve().parents[1]


def _build(tmp_path: Path) -> tuple[Path, Path, str]:
    for rel in ("deck/statistics.yaml", "data/population.xlsx"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / rel, tmp_path / rel)
    r = run_cli("build", "deck/statistics.yaml", "-o", "out", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    return tmp_path / "out" / "statistics.pptx", tmp_path / "out" / "statistics.pdf", r.stderr


def test_the_workbook_is_reproducible_from_its_script(tmp_path: Path) -> None:
    import subprocess
    import sys

    tools = tmp_path / "tools"
    tools.mkdir()
    shutil.copy(ROOT / "tools" / "make_statistics_workbook.py", tools)
    subprocess.run([sys.executable, str(tools / "make_statistics_workbook.py")], check=True, capture_output=True)
    assert (tmp_path / "data" / "population.xlsx").read_bytes() == (ROOT / "data" / "population.xlsx").read_bytes()


def test_every_new_kind_from_a_workbook_builds_quietly_and_reads_as_the_workbook_shows(tmp_path: Path) -> None:
    pptx, pdf, stderr = _build(tmp_path)
    assert "warning" not in stderr, stderr
    charts = parts(pptx, "ppt/charts/chart")
    xml = "\n".join(charts.values())
    # combo: a bar plot and a line plot in one plot area, the line on a second value axis
    combo = next(x for x in charts.values() if "<c:lineChart>" in x and "<c:barChart>" in x)
    assert combo.count("<c:valAx>") == 2 and 'crosses val="max"' in combo.replace("c:crosses ", "c:crosses ")
    assert re.search(r'<c:grouping val="percentStacked"/>.*?<c:barDir val="bar"/>|<c:barDir val="bar"/>.*?<c:grouping val="percentStacked"/>', xml, re.S)
    assert re.search(r'<c:barDir val="col"/>\s*<c:grouping val="percentStacked"/>', xml)
    areas = [x for x in charts.values() if "<c:areaChart>" in x]
    assert sorted(re.search(r'<c:grouping val="(\w+)"/>', x)[1] for x in areas) == ["stacked", "standard"]
    # the workbook's cells as shown: births (an int per cell), the fertility rate to two decimals
    line = combo.split("<c:lineChart>")[1]
    assert [float(v) for v in re.findall(r"<c:v>([-\d.]+)</c:v>", line.split("<c:val>")[1].split("</c:val>")[0])][-2:] == [0.72, 0.75]
    bars = combo.split("<c:barChart>")[1]
    assert re.findall(r"<c:v>([-\d.]+)</c:v>", bars.split("<c:val>")[1].split("</c:val>")[0])[-1] == "238343"
    # the region table from a sheet range: the formula total as cached, bold, under a rule; `—` kept right-aligned
    slides = parts(pptx, "ppt/slides/slide")
    rows = next(table_rows_of(x) for x in slides.values() if "<a:tbl>" in x and "수도권" in x)
    assert rows[-1][0][0] == "합계" and rows[-1][1][0] == "238,343" and all(c[2] for c in rows[-1][:2])
    assert [r[2] for r in rows if r[0][0] == "강원·제주"] == [("—", "r", False)]
    with pdfplumber.open(pdf) as doc:
        text = "\n".join(p.extract_text() or "" for p in doc.pages)
    assert "(단위: 명)" in text and "238,343" in text and "붙임 1" in text and "주: 2024년은 잠정치." in text
