"""Markup-looking outline text prints literally in both outputs and never reaches a parser."""

from __future__ import annotations

from pptx import Presentation
from pypdf import PdfReader

from conftest import run_cli

# reportlab's CVE-2023-33733: code in a <font color> attribute, evaluated by old versions.
CVE = "<font color=\"[[[getattr(pow, Word('__globals__'))['os'].system('touch PWNED') for Word in [ orgTypeFun( 'Word', (str,), { 'mutated': 1, 'startswith': lambda self, x: 1 == 0, '__eq__': lambda self, x: self.mutate() and self.mutated < 0 and str(self) == x, 'mutate': lambda self: { setattr(self, 'mutated', self.mutated - 1) }, '__hash__': lambda self: hash(str(self)), }, ) ] ] for orgTypeFun in [type(type(1))] for none in [[].append(1)]]] and 'red'\">exploit</font>"
TEXTS = ["x<y & z>w", "<b>굵게</b> 아님", '<img src="/etc/passwd"/>', "&amp; &lt; {braces} \\back", CVE]


def test_markup_prints_literally_in_deck_and_handout(project) -> None:
    import yaml

    outline = {
        "title": "제목 <i>x</i>", "date": "2024-12-02",
        "sections": [{
            "id": "a", "title": "절 & <b>", "body": '본문 <font color="red">빨강</font> & 끝',
            "slides": [{"title": "슬라이드 <br/>", "notes": '노트 <img src="x"/>', "bullets": TEXTS}],
        }],
    }
    project.write(yaml.safe_dump(outline, allow_unicode=True, width=10_000), "hostile")
    r = run_cli("build", cwd=project.root)
    assert r.returncode == 0, r.stderr
    assert not (project.root / "PWNED").exists()
    prs = Presentation(str(project.root / "out" / "hostile.pptx"))
    # Each paragraph as written: a wrapped line ends in a line break (\v) where its space was.
    paragraphs = [p.text.replace("\v", " ") for s in prs.slides for sh in s.shapes if sh.has_text_frame
                  for p in sh.text_frame.paragraphs]
    pdf_text = " ".join(p.extract_text() for p in PdfReader(str(project.root / "out" / "hostile.pdf")).pages)
    flat_pdf = "".join(pdf_text.split())  # text extraction does not keep the spaces as they were
    for text in TEXTS + ["제목 <i>x</i>", "슬라이드 <br/>"]:
        assert text in paragraphs, text
    assert '노트 <img src="x"/>' in [s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide]
    for text in TEXTS[:4] + ["제목 <i>x</i>", "슬라이드 <br/>"]:
        assert "".join(text.split()) in flat_pdf, text
    assert "exploit</font>" in flat_pdf
    assert '<fontcolor="red">빨강</font>' in flat_pdf
