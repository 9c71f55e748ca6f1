"""The commented starter outline that `deckbuild new NAME` writes (its list of chart kinds from
the model's `ChartType`)."""

STARTER = """\
# yaml-language-server: $schema=../schema/outline.schema.json
# A deckbuild outline. Build it with: deckbuild build deck/{name}.yaml
# Every key, with an example: docs/outline.md (the format reference); `deckbuild schema` prints the JSON Schema.
title: 새 브리핑 제목
subtitle: 부제목
author: 작성 부서
date: {today}
language: ko-KR            # ko-KR: 날짜 2024. 12. 2., 출처 기관, 「제목」, 연도. (다른 언어: ISO 날짜)
footer: 작성 부서          # 슬라이드 아래쪽 줄
# classification: 대외비   # 모든 슬라이드와 인쇄본 쪽의 오른쪽 위, 파일 속성(키워드)에도
# logo: {{path: assets/logo.png, alt: 기관 로고}}

theme:
  bullets: ["□", "○", "-", "·"]   # 개조식 보고서의 단계별 기호 (생략하면 •, –, ·)

handout:
  layout: article          # article | notes | grid
  notes: true              # false: 발표자 노트를 인쇄본에서 뺀다 (PPTX에는 남는다)
  page_number: "- {{n}} -"   # 쪽 번호 형식: {{n}} 쪽, {{total}} 전체 쪽 수

sources:
  - {{id: example, title: 출처 자료 제목, publisher: 발행 기관, year: 2024}}

charts:
  example-chart:
    kind: column            # {chart_kinds}
    title: 예시 차트
    categories: [가, 나, 다]
    series:
      - {{name: 값, values: [30, 20, 10]}}
    unit: 개
    highlight: [나]
    labels: true            # the values with the unit; share or both: on pie, doughnut, 100 % stacked
    source: example
    note: 가는 잠정치.          # a 주: line under the chart
  example-combo:
    kind: combo             # columns and lines; a line may stand on a second axis at the right
    title: 금액과 증가율
    categories: ["2022", "2023", "2024"]
    series:
      - {{name: 금액, kind: column, values: [120, 135, 150], unit: 억 원, number_format: "#,##0"}}
      - {{name: 증가율, kind: line, axis: secondary, values: [null, 12.5, 11.1], unit: "%", number_format: "0.0;△0.0"}}
    axis: {{title: 억 원, number_format: "#,##0", min: 0}}
    axis2: {{title: 증가율(%), number_format: "0"}}
    labels: true
  # from-a-file:            # categories and series from a data file instead of inline:
  #   kind: column
  #   data: data/exports.csv  # CSV (UTF-8 or CP949), or {{file: data/t.xlsx, sheet: 수출, range: A1:D9}}
  #   series: [{{name: 수출액}}]  # picks and orders the file's columns by name (default: every column)

sections:
  - id: overview
    title: 개요
    summary: 이 절의 한 줄 요약
    body: |
      인쇄용 핸드아웃에 들어가는 본문입니다. 문단은 빈 줄로 나눕니다.
    slides:
      - title: 슬라이드 제목은 요점을 말합니다
        message: 제목 아래 한 줄로 핵심 메시지를 씁니다
        bullets:
          - 첫 번째 요점
          - text: 두 번째 요점
            bullets: [세부 내용]
        notes: 발표자 노트
      - title: 차트 슬라이드
        chart: example-chart
        bullets: [차트 옆 설명]
      - title: 금액은 늘고 증가율은 줄었습니다
        chart: example-combo
      - title: 표 슬라이드
        table:
          columns: [구분, "2023년 (억 원)", {{name: "2024년 (억 원)", align: right, width: 1}}]
          rows: [[가, "1,200", "1,350"], [나, 800, —], [합계, "2,000", "1,350"]]
          total: true           # the last row is the total: bold, with a rule above
          unit: 억 원           # prints (단위: 억 원) above the table, at the right
          # data: data/table.csv  # rows from a data file instead (its first row names the columns)

  - id: appendix
    title: 참고 자료
    appendix: true           # 본문 뒤에 '붙임 1'로 번호가 매겨진다
    slides:
      - title: 붙임 슬라이드
        bullets: [세부 자료]
"""


def starter_outline(name: str) -> str:
    import datetime

    from .model import ChartType

    kinds = " | ".join(ChartType)
    return STARTER.format(name=name, today=datetime.date.today().isoformat(), chart_kinds=kinds)
