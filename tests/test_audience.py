"""Audiences: selection, order, tags, overrides, notes and handout settings — model and outputs."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deckbuild.audience import select
from deckbuild.validate import load

from conftest import SAMPLE, run_cli

RAW = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
SLIDE_SECTION = {sl["title"]: s["id"] for s in RAW["sections"] for sl in s.get("slides", [])}


def test_full_build_without_audience_is_everything() -> None:
    deck, _ = load(SAMPLE)
    assert select(deck, None) is deck


BASE = {
    "title": "시험", "date": "2024-12-02",
    "sections": [
        {"id": f"s{i}", "title": f"절 {i}", "tags": [["core"], ["detail"], []][i % 3],
         "slides": [{"id": f"s{i}-{j}", "title": f"슬라이드 {i}-{j}", "bullets": ["가"], "notes": "노트",
                     **({"tags": ["detail"]} if j == 1 else {}), **({"audiences": ["a"]} if j == 2 else {})} for j in range(3)]}
        for i in range(6)
    ],
}
IDS = [f"s{i}" for i in range(6)]


def audience_strategy():
    return st.fixed_dictionaries({}, optional={
        "sections": st.lists(st.sampled_from(IDS), unique=True, max_size=6),
        "include_tags": st.lists(st.sampled_from(["core", "detail"]), unique=True, max_size=2),
        "exclude_tags": st.lists(st.sampled_from(["core", "detail"]), unique=True, max_size=2),
        "notes": st.booleans(),
        "overrides": st.dictionaries(st.sampled_from(["s0-0", "s3-1", "s4"]), st.just({"title": "바뀐 제목"}), max_size=2),
    })


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.fixed_dictionaries({"a": audience_strategy()}, optional={"b": audience_strategy()}))
def test_selection_is_idempotent_and_within_the_full_build(audiences) -> None:
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "t.yaml"
        p.write_text(yaml.safe_dump({**BASE, "audiences": audiences}, allow_unicode=True), encoding="utf-8")
        deck, _ = load(p)
    full_ids = {sl.id for sl in deck.slides()}
    for name, spec in audiences.items():
        once = select(deck, name)
        twice = select(once, name)
        assert [(s.id, [sl.id for sl in s.slides]) for s in twice.sections] == [(s.id, [sl.id for sl in s.slides]) for s in once.sections]
        assert {sl.id for sl in once.slides()} <= full_ids
        if "sections" in spec:
            order = [s.id for s in once.sections]
            assert order == [i for i in spec["sections"] if i in order]
        for sl in once.slides():
            assert sl.audiences in (None,) or name in sl.audiences
            if spec.get("notes") is False:
                assert sl.notes is None
        for s in once.sections:
            assert not set(spec.get("exclude_tags", [])) & set(s.tags)


@pytest.fixture(scope="module")
def audience_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("audiences")
    r = run_cli("build", str(SAMPLE), "--all-audiences", "-o", str(out))
    assert r.returncode == 0, r.stderr
    return out


def pptx_slides(path: Path) -> list[tuple[str, str, str]]:
    from pptx import Presentation

    out = []
    for s in Presentation(str(path)).slides:
        title = s.shapes.title.text_frame.text.replace("\v", " ") if s.shapes.title is not None else ""
        text = " ".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame).replace("\v", " ")
        notes = s.notes_slide.notes_text_frame.text if s.has_notes_slide else ""
        out.append((title, text, notes))
    return out


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)


@pytest.mark.parametrize("name", list(RAW["audiences"]))
def test_sample_audience_outputs(audience_build, name: str) -> None:
    spec = RAW["audiences"][name]
    slides = pptx_slides(audience_build / f"sovereign-ai.{name}.pptx")
    shown_sections = [SLIDE_SECTION[t] for t, _, _ in slides if t in SLIDE_SECTION]
    kept = spec["sections"]
    dropped = [s for s in RAW["sections"] if s["id"] not in kept]
    # Dropped sections: none of their slide titles in the deck, none of their titles in the handout.
    pdf = pdf_text(audience_build / f"sovereign-ai.{name}.pdf").replace("\n", " ")
    for s in dropped:
        assert s["id"] not in shown_sections
        for sl in s.get("slides", []):
            assert sl["title"] not in [t for t, _, _ in slides]
    # Order follows `sections`.
    positions = [kept.index(sid) for sid in shown_sections]
    assert positions == sorted(positions) and positions
    # The title slide names the audience's description, and so does the handout.
    assert spec["description"] in slides[0][1]
    assert spec["description"].replace(" ", "") in pdf.replace(" ", "")
    for sid, fields in spec.get("overrides", {}).items():
        assert fields["title"] in [t for t, _, _ in slides]
    if spec.get("notes") is False:
        assert all(not n for _, _, n in slides)
    else:
        assert any(n for _, _, n in slides)


def test_handout_layouts_follow_the_audience(audience_build) -> None:
    from pypdf import PdfReader

    def squash(t: str) -> str:
        return "".join(t.split())

    full = PdfReader(str(audience_build / "sovereign-ai.pdf"))
    execu = PdfReader(str(audience_build / "sovereign-ai.executive.pdf"))
    public = PdfReader(str(audience_build / "sovereign-ai.public.pdf"))
    body_sentence = "천문학적인 자본과 방대한 데이터"
    assert body_sentence in " ".join(p.extract_text() for p in full.pages)  # article: prose
    # Executive: grid, 3 per page: a cover, the contents, then ceil(n / 3) pages, every slide labelled
    # with its number and title.
    exec_slides = pptx_slides(audience_build / "sovereign-ai.executive.pptx")
    assert RAW["audiences"]["executive"]["handout"]["layout"] == "grid"
    assert len(execu.pages) == 2 + -(-len(exec_slides) // 3)
    grid = squash(" ".join(p.extract_text() for p in execu.pages[2:]))
    for n, (title, _, _) in enumerate(exec_slides, 1):
        assert squash(f"{n} · {title}")[:12] in grid, title
    # Public: notes layout: each slide's label in deck order; its speaker notes stay out (notes: false).
    public_slides = pptx_slides(audience_build / "sovereign-ai.public.pptx")
    assert RAW["audiences"]["public"]["handout"]["layout"] == "notes"
    assert RAW["audiences"]["public"]["handout"]["notes"] is False
    text = squash(" ".join(p.extract_text() for p in public.pages))
    at = 0
    for n, (title, _, notes) in enumerate(public_slides, 1):
        label = squash(f"슬라이드 {n} · {title}")
        found = text.find(label, at)
        assert found >= 0, f"slide {n} '{title}' missing or out of order"
        at = found + len(label)
        if notes:
            assert squash(notes)[:30] not in text, f"the notes of slide {n} are in the public handout"
