"""The floor: the least work that yields a comparable 15-slide PPTX and PDF handout.

No deckbuild imports: python-pptx and reportlab only, no layout, no measuring, no checks.
`bench/run.py` times this as the lower bound a deckbuild build of the sample is compared with.

    python bench/floor.py OUT_DIR [SLIDES]

With SLIDES (default 15), the same content repeated: every 15th slide (the 3rd, 18th, …) a chart.
"""

import sys
from pathlib import Path

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu, Pt
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

ROOT = Path(__file__).resolve().parent.parent
FONT = "Pretendard"
CATEGORIES = ["미국", "중국", "한국", "프랑스"]
VALUES = [128, 95, 14, 10]
TITLE = "초거대 AI 모델 개발 전쟁의 서막"
BULLETS = [
    "미국·중국 빅테크가 초거대 AI 개발 전쟁을 주도",
    "한국은 14개 모델로 프랑스(10개)를 제치고 세계 3위",
    "규모 경쟁 대신 한국어 특화와 ‘버티컬 AI’로 차별화",
    "목표는 ‘소버린 AI(Sovereign AI)’, 즉 AI 주권 확보",
]
SLIDES = 15
CHART_SLIDE = 3


def text_box(slide, x, y, w, h, lines, size, bold=False):
    frame = slide.shapes.add_textbox(Emu(x), Emu(y), Emu(w), Emu(h)).text_frame
    frame.word_wrap = True
    for i, line in enumerate(lines):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.name = FONT
        run.font.size = Pt(size)
        run.font.bold = bold


def pptx(path: Path, slides: int = SLIDES) -> None:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(12192000), Emu(6858000)  # 16:9
    blank = prs.slide_layouts[6]
    for n in range(1, slides + 1):
        slide = prs.slides.add_slide(blank)
        text_box(slide, 457200, 300000, 11277600, 900000, [f"{TITLE} ({n})"], 32, bold=True)
        if n % 15 == CHART_SLIDE:
            data = CategoryChartData()
            data.categories = CATEGORIES
            data.add_series("모델 수", VALUES)
            chart = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Emu(457200), Emu(1400000),
                                           Emu(6400000), Emu(4800000), data).chart
            chart.font.name = FONT
            text_box(slide, 7100000, 1400000, 4600000, 4800000, BULLETS, 18)
        else:
            text_box(slide, 457200, 1400000, 11277600, 4800000, BULLETS, 20)
        slide.notes_slide.notes_text_frame.text = BULLETS[n % len(BULLETS)]
    prs.save(path)


def bar_drawing() -> Drawing:
    w, h, pad = 160 * mm, 70 * mm, 12 * mm
    d = Drawing(w, h)
    top = max(VALUES)
    bar_w = (w - 2 * pad) / len(VALUES) * 0.6
    for i, (cat, v) in enumerate(zip(CATEGORIES, VALUES)):
        x = pad + i * (w - 2 * pad) / len(VALUES)
        bh = (h - 2 * pad) * v / top
        d.add(Rect(x, pad, bar_w, bh, fillColor="#E4572E" if cat == "한국" else "#0B3D91", strokeColor=None))
        d.add(String(x + bar_w / 2, pad + bh + 3, f"{v}개", fontName=FONT, fontSize=9, textAnchor="middle"))
        d.add(String(x + bar_w / 2, pad - 11, cat, fontName=FONT, fontSize=9, textAnchor="middle"))
    return d


def pdf(path: Path, slides: int = SLIDES) -> None:
    fonts = ROOT / "assets" / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "Pretendard-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(FONT + "-Bold", str(fonts / "Pretendard-Bold.ttf")))
    h1 = ParagraphStyle("h1", fontName=FONT + "-Bold", fontSize=16, leading=22, spaceAfter=6)
    body = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=16, wordWrap="CJK")
    story = []
    for n in range(1, slides + 1):
        story.append(Paragraph(f"{TITLE} ({n})", h1))
        if n % 15 == CHART_SLIDE:
            story.append(bar_drawing())
        for b in BULLETS:
            story.append(Paragraph("• " + b, body))
        story.append(Spacer(1, 8 * mm))
    SimpleDocTemplate(str(path), pagesize=A4, title=TITLE, author="bench").build(story)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):  # not a folder named --help
        print(__doc__.strip())
        sys.exit(0 if sys.argv[1:2] in (["-h"], ["--help"]) else 2)
    out = Path(sys.argv[1])
    slides = int(sys.argv[2]) if len(sys.argv) > 2 else SLIDES
    out.mkdir(parents=True, exist_ok=True)
    pptx(out / "floor.pptx", slides)
    pdf(out / "floor.pdf", slides)


if __name__ == "__main__":
    main()
