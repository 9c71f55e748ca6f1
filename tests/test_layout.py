"""Layout: measured fitting, shrinking to the floor, continuation slides (the golden plan dumps: test_golden.py)."""

from __future__ import annotations

import ast
import dataclasses
import shutil
import tempfile
import typing
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deckbuild import model as m
from deckbuild.fonts import FontSet
from deckbuild.frame import ROLES
from deckbuild.layout import BODY_FLOOR, CONTINUED, TITLE_FLOOR, layout
from deckbuild.layout.handout import HANDOUT_LAYOUTS, plan_handout
from deckbuild.layout.kinds import SLIDE_KINDS
from deckbuild.plan import SLIDE_H, SLIDE_W, TableBox, TextBox
from deckbuild.plan_dump import dump
from deckbuild.problems import OutlineError
from deckbuild.text import plain
from deckbuild.validate import load

from conftest import SAMPLE


def load_dict(data: dict):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "t.yaml"
        p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        deck, _ = load(p)
    return deck


def outline(slides: list[dict], **top) -> dict:
    return {"title": "시험", "date": "2024-12-02", "sections": [{"id": "s", "title": "절", "slides": slides}], **top}


def check_boxes(plan) -> None:
    for s in plan.slides:
        for b in s.boxes:
            assert b.x >= 0 and b.y >= 0 and b.x + b.w <= SLIDE_W + 0.01 and b.y + b.h <= SLIDE_H + 0.01, (s.title, b)
            if isinstance(b, TextBox):
                # Vertical: the text fits its box; horizontal: every line fits beside its indent.
                assert b.text_height <= b.h + 0.01, (s.title, b.role, b.text_height, b.h)
                for p in b.paras:
                    for line in p.lines:
                        assert line.width <= b.w - p.indent + 0.01, (s.title, line.text)
                    if b.role == "body":
                        assert p.size >= BODY_FLOOR - 2 * (p.level - 1 if p.level else 0)
                    if b.role == "title" and s.kind not in ("title", "divider"):
                        assert p.size >= TITLE_FLOOR


def test_sample_plan_fits() -> None:
    deck, _ = load(SAMPLE)
    check_boxes(layout(deck))


def test_long_bullets_continue_on_new_slides() -> None:
    bullets = [f"{i}번째 요점: 초거대 AI 모델 개발 전쟁에서 한국은 14개의 모델을 발표하며 세계 3위를 기록했습니다" for i in range(1, 25)]
    plan = layout(load_dict(outline([{"title": "긴 목록", "bullets": bullets}])))
    pages = [s for s in plan.slides if s.title.startswith("긴 목록")]
    assert len(pages) > 1
    assert pages[0].title == "긴 목록" and all(s.title == "긴 목록" + CONTINUED and s.continued for s in pages[1:])
    body = [p.text.replace("\n", " ") for s in pages for b in s.boxes if isinstance(b, TextBox) and b.role == "body" for p in b.paras]
    assert body == bullets
    check_boxes(plan)


def test_bullet_keeps_its_sub_points() -> None:
    groups = [{"text": f"요점 {i}", "bullets": [f"세부 {i}-{j} 한국어 특화 모델과 데이터 주권" for j in range(3)]} for i in range(8)]
    plan = layout(load_dict(outline([{"title": "묶음", "bullets": groups}])))
    for s in plan.slides[1:]:
        body = [b for b in s.boxes if isinstance(b, TextBox) and b.role == "body"][0]
        levels = [p.level for p in body.paras]
        assert levels[0] == 1  # no slide starts with orphaned sub-points
        assert levels.count(2) == 3 * levels.count(1)


def test_long_table_repeats_header() -> None:
    rows = [[f"모델 {i}", "기업", f"{i * 100:,}"] for i in range(40)]
    plan = layout(load_dict(outline([{"title": "표", "table": {"columns": ["이름", "회사", "값"], "rows": rows}}])))
    tables = [b for s in plan.slides for b in s.boxes if isinstance(b, TableBox)]
    assert len(tables) > 1
    for t in tables:
        assert [c.paras[0].text for c in t.rows[0]] == ["이름", "회사", "값"]
        for row in t.rows[1:]:  # numbers right-aligned
            assert tuple(c.paras[0].align for c in row) == ("l", "l", "r")
    body_rows = [tuple(c.paras[0].text for c in r) for t in tables for r in t.rows[1:]]
    assert body_rows == [tuple(r) for r in rows]


def test_item_too_big_is_an_error_with_its_place() -> None:
    huge = "초거대 " * 900
    with pytest.raises(OutlineError) as e:
        layout(load_dict(outline([{"title": "넘침", "bullets": [huge]}])))
    (p,) = e.value.problems
    # The problem names the item itself, at its own line (spec §2), not just its slide.
    assert (p.path, p.code) == ("sections[0].slides[0].bullets[0]", "item-too-big") and "does not fit" in p.message
    assert "초거대 초거대" in p.message and p.span.line > 1


@pytest.mark.parametrize("slide, path", [
    ({"title": "표", "table": {"columns": ["가"], "rows": [["짧음"], ["초거대 " * 600]]}}, "sections[0].slides[0].table.rows[1]"),
    ({"title": "질문", "faq": [{"q": "짧은 질문", "a": "답"}, {"q": "긴 질문", "a": "초거대 " * 700}]}, "sections[0].slides[0].faq[1]"),
    ({"title": "하위", "bullets": [{"text": "상위", "bullets": ["하위 하나", "초거대 " * 900]}]}, "sections[0].slides[0].bullets[0].bullets[1]"),
    ({"title": "인용", "quote": {"text": "초거대 " * 900}}, "sections[0].slides[0].quote"),
])
def test_unfit_items_are_named_where_they_are(slide, path) -> None:
    with pytest.raises(OutlineError) as e:
        layout(load_dict(outline([slide])))
    (p,) = e.value.problems
    assert (p.path, p.code) == (path, "item-too-big"), p


HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
WORD = st.lists(st.one_of(HANGUL, st.sampled_from("abcXYZ0123456789%().,")), min_size=1, max_size=12).map("".join)
SENTENCE = st.lists(WORD, min_size=1, max_size=30).map(" ".join)
BULLET = st.one_of(SENTENCE, st.fixed_dictionaries({"text": SENTENCE, "bullets": st.lists(SENTENCE, min_size=1, max_size=3)}))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(BULLET, min_size=1, max_size=14))
def test_layout_properties(bullets) -> None:
    try:
        plan = layout(load_dict(outline([{"title": "무작위", "bullets": bullets}])))
    except OutlineError as e:
        assert all("does not fit" in p.message for p in e.problems)  # a refusal, never a silent overflow
        return
    check_boxes(plan)
    flat = []
    for b in bullets:
        if isinstance(b, str):
            flat.append(b)
        else:
            flat.extend([b["text"], *b["bullets"]])
    got = [p.text.replace("\n", "") for s in plan.slides for bx in s.boxes if isinstance(bx, TextBox) and bx.role == "body" for p in bx.paras]
    # Splitting loses, reorders and repeats nothing (line breaks drop only spaces).
    assert [g.replace(" ", "") for g in got] == [plain(f).replace(" ", "") for f in flat]


def test_every_content_class_has_one_slide_kind() -> None:
    content = set(typing.get_args(m.Content))
    assert set(SLIDE_KINDS) == content  # NoneType included: a slide with only a title
    for cls, kind in SLIDE_KINDS.items():
        assert kind.role in ROLES, (cls, kind.role)
    names = [k.name for k in SLIDE_KINDS.values()]
    assert len(set(names)) == len(names)


def test_handout_layouts_are_the_models_and_none_is_a_fallback() -> None:
    assert tuple(HANDOUT_LAYOUTS) == m.LAYOUTS
    deck, _ = load(SAMPLE)
    plan = layout(deck)
    bogus = dataclasses.replace(deck, handout=dataclasses.replace(deck.handout, layout="poster"))
    with pytest.raises(AssertionError, match="no handout layout 'poster'"):
        plan_handout(bogus, plan, FontSet(deck.theme.fonts))


def test_handout_does_not_import_the_layout_driver() -> None:
    import deckbuild.layout.handout as handout

    tree = ast.parse(Path(handout.__file__).read_text(encoding="utf-8"))
    # sibling modules it imports: `from .x import …` and `from . import x`
    found = {n.module or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level == 1 for a in n.names}
    # what slides and handout share, and the handout's own text setter
    assert found <= {"charts", "colors", "measure", "structure", "tables", "handout_text", "words"}, found


def test_the_template_is_read_once_by_validation(tmp_path, monkeypatch) -> None:
    """Validation reads the template and keeps its Frame on the deck; layout and the PPTX renderer
    use that Frame and never open the file again (spec: every file opened once, at validation)."""
    import deckbuild.template as template

    root = Path(__file__).resolve().parents[1]
    shutil.copytree(root / "assets", tmp_path / "assets")
    shutil.copytree(root / "data", tmp_path / "data")  # the sample's data files
    (tmp_path / "deck").mkdir()
    shutil.copy(root / "tests" / "templates" / "korean.pptx", tmp_path / "korean.pptx")
    text = SAMPLE.read_text(encoding="utf-8").replace("\ntheme:\n", "\ntheme:\n  template: korean.pptx\n", 1)
    (tmp_path / "deck" / "t.yaml").write_text(text, encoding="utf-8")
    deck, _ = load(tmp_path / "deck" / "t.yaml")
    from deckbuild.build import render
    from deckbuild.fonts import FontSet
    from deckbuild.plan_dump import dump

    assert deck.theme.frame is not None
    expected = dump(layout(deck))

    def no_read(path):
        raise AssertionError("the template was read again after validation")

    import deckbuild.template.macro_free as macro_free
    import deckbuild.template.reader as reader

    for module in (template, reader, macro_free):
        monkeypatch.setattr(module, "read_frame", no_read)
    (tmp_path / "korean.pptx").unlink()  # not even there any more
    fonts = FontSet(deck.theme.fonts)
    plan = layout(deck, fonts)
    assert dump(plan) == expected
    assert render("pptx", deck, plan, fonts)[:2] == b"PK"
