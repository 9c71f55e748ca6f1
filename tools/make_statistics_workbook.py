"""Write data/population.xlsx, the workbook the statistics sample (deck/statistics.yaml) reads.

In: nothing (the figures are below). Out: data/population.xlsx, byte-identical on every run (its
creation date is fixed), as an analyst's workbook looks: a cover sheet first, cells formatted the
way they are shown (`#,##0`, `0.00`, `0.0%`), a formula cell with its cached value, a year header
stored as a number, and a region table with a total row. Run it again only to change the figures:
`python tools/make_statistics_workbook.py`.

Figures: births and the total fertility rate are Statistics Korea's 인구동향조사 (2024 provisional);
the rest are rounded illustrations for the format, labelled so in the outline.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "population.xlsx"

# 연도, 출생아 수(명), 합계출산율(명), 사망자 수(명; None: not yet published in this illustration)
BIRTHS = [
    (2015, 438420, 1.24, 275895), (2016, 406243, 1.17, 280827), (2017, 357771, 1.05, 285534),
    (2018, 326822, 0.98, 298820), (2019, 302676, 0.92, 295110), (2020, 272337, 0.84, 304948),
    (2021, 260562, 0.81, 317680), (2022, 249186, 0.78, 372939), (2023, 230028, 0.72, 352511),
    (2024, 238343, 0.75, None),
]
# 권역, 출생아 수(명), 전년 대비 증감률(share: shown as %)
# (an illustrative split of the 2024 total, 238,343)
REGIONS = [("수도권", 131100, 0.041), ("충청권", 26000, 0.012), ("호남권", 20000, -0.008),
           ("대경권", 19000, 0.027), ("동남권", 31300, 0.019), ("강원·제주", 10943, None)]
# 연도, 유소년(0–14세), 생산연령(15–64세), 고령(65세 이상): shares of the population, %
AGES = [(2000, 21.1, 71.7, 7.2), (2010, 16.1, 72.8, 11.1), (2020, 12.2, 72.1, 15.7), (2024, 10.6, 70.2, 19.2)]


def main() -> None:
    OUT.parent.mkdir(exist_ok=True)
    wb = xlsxwriter.Workbook(str(OUT))
    wb.set_properties({"title": "인구동향 예시 자료", "author": "통계분석팀",
                       "created": dt.datetime(2024, 12, 2, 9, 0, 0)})
    head = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1})
    people = wb.add_format({"num_format": "#,##0", "border": 1})
    rate = wb.add_format({"num_format": "0.00", "border": 1})
    share = wb.add_format({"num_format": "0.0%", "border": 1})
    plain = wb.add_format({"border": 1})
    bold_people = wb.add_format({"num_format": "#,##0", "border": 1, "bold": True, "top": 2})
    bold = wb.add_format({"border": 1, "bold": True, "top": 2})

    cover = wb.add_worksheet("표지")
    cover.write("A1", "인구동향 예시 자료")
    cover.write("A2", "출생아 수·합계출산율: 통계청 인구동향조사(2024년 잠정). 나머지는 형식 시연용 예시 수치.")

    ws = wb.add_worksheet("출생")
    ws.write_row("A1", ["연도", "출생아 수", "합계출산율", "사망자 수", "자연증가"], head)
    for r, (year, births, tfr, deaths) in enumerate(BIRTHS, start=2):
        ws.write_number(f"A{r}", year, plain)
        ws.write_number(f"B{r}", births, people)
        ws.write_number(f"C{r}", tfr, rate)
        if deaths is None:
            ws.write_blank(f"D{r}", None, people)
            ws.write_blank(f"E{r}", None, people)
        else:
            ws.write_number(f"D{r}", deaths, people)
            ws.write_formula(f"E{r}", f"=B{r}-D{r}", people, births - deaths)  # the cached value Excel would store
    ws.set_column("A:E", 12)

    rg = wb.add_worksheet("권역")
    rg.write("A1", "2024년 권역별 출생아 수 (예시)")
    rg.write_row("A3", ["권역", "출생아 수 (명)", "증감률"], head)
    for r, (name, births, change) in enumerate(REGIONS, start=4):
        rg.write(f"A{r}", name, plain)
        rg.write_number(f"B{r}", births, people)
        if change is None:
            rg.write(f"C{r}", "—", plain)
        else:
            rg.write_number(f"C{r}", change, share)
    total = 4 + len(REGIONS)
    rg.write(f"A{total}", "합계", bold)
    rg.write_formula(f"B{total}", f"=SUM(B4:B{total - 1})", bold_people, sum(b for _, b, _ in REGIONS))
    rg.write(f"C{total}", "", bold)
    rg.set_column("A:C", 14)

    ag = wb.add_worksheet("연령")
    ag.write_row("A1", ["연도", "유소년", "생산연령", "고령"], head)
    for r, row in enumerate(AGES, start=2):
        ag.write_number(f"A{r}", row[0], plain)
        for c, v in zip("BCD", row[1:]):
            ag.write_number(f"{c}{r}", v, rate)
    wb.close()
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
