"""The font chain: per-character fallback, coverage of Korean official text, one face per chart,
stand-in widths, typeface records, and the metrics cache."""

from __future__ import annotations

import os
import shutil
import unicodedata

import pytest

from deckbuild import fonts as F
from deckbuild.fonts import FontChain, bundled_fonts, ksx1001, load_face

SMALL = F.DATA / "base" / "NotoSansSymbols2-Regular.ttf"  # a 90 KiB face, quick to parse
OFFICIAL = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳※○●□■△▲◇◆☆★㈜℃㎡㎞↑↓←→⇒·‥「」『』〈〉《》ⅠⅡⅢⅣⅤ"


@pytest.fixture(scope="module")
def chain() -> FontChain:
    return FontChain(bundled_fonts())


def test_ks_x_1001_counts() -> None:
    assert len(ksx1001("hangul")) == 2350
    assert len(ksx1001("hanja")) == 4888


def test_bundled_chain_covers_ks_x_1001_and_the_symbols_of_official_text(chain) -> None:
    # Outline text is NFC: the 268 compatibility ideographs arrive as their unified forms.
    hanja = "".join(unicodedata.normalize("NFC", c) for c in ksx1001("hanja"))
    assert chain.missing(hanja) == []
    assert chain.missing("".join(ksx1001("hangul"))) == []
    # KS X 1001's symbol rows: all but ∼ ≒ ⅔ ŉ (in none of the bundled faces).
    assert sorted(chain.missing("".join(ksx1001("symbols")))) == sorted("∼≒⅔ŉ")
    assert chain.missing(OFFICIAL + "✔➜") == []
    assert chain.missing("😀") == ["😀"]


def test_each_character_comes_from_the_first_face_that_has_it(chain) -> None:
    assert chain.face_for("가", False) is chain.regular
    assert chain.face_for("向", False).family == "Noto Sans KR"
    assert chain.face_for("向", True).family == "Noto Sans KR" and chain.face_for("向", True).bold
    assert chain.face_for("隙", False).family == "Noto Sans KR"  # the glyph the build copies from Noto Sans TC
    assert chain.face_for("✔", True).family == "Noto Sans Symbols2"  # no bold symbols face: the regular
    assert [(t, f.family) for t, f in chain.segments("대만向 수출", False)] == [
        ("대만", "Pretendard"), ("向", "Noto Sans KR"), (" 수출", "Pretendard")]
    assert chain.width("대만向", 10) == pytest.approx(10 * sum(chain.face_for(c, False).char_width(c) for c in "대만向"))


def test_a_chart_is_drawn_in_the_first_face_that_has_all_its_text(chain) -> None:
    assert chain.face_covering("모델 수 128") is chain.regular
    assert chain.face_covering("대만向 對中 韓美 120").family == "Noto Sans KR"
    assert chain.face_covering("대만向", bold=True) is chain.face_for("向", True)
    assert chain.face_covering("✔ 완료") is None


def test_fit_width_is_never_narrower_than_the_drawn_width(chain) -> None:
    for text in ("초거대 AI 모델 개발 전쟁", "HyperCLOVA X learned 6,500 times more", "對中 관계 ① ※", "✔ ➜"):
        for bold in (False, True):
            assert chain.fit_width(text, 20, bold) >= chain.width(text, 20, bold) - 1e-9
    # Hangul: NanumGothic draws a syllable 0.92 em (Pretendard ~0.86–0.9); Latin: DejaVu Sans is wider.
    assert chain.fit_width("가나다라마바사", 10) > chain.width("가나다라마바사", 10) * 1.02
    assert chain.fit_width("Sovereign AI", 10) > chain.width("Sovereign AI", 10) * 1.05


def test_typeface_records_carry_the_face_panose_pitch_and_charset(chain) -> None:
    attrs = chain.regular.typeface_attrs()
    assert attrs == {"typeface": "Pretendard", "panose": "02000503000000020004", "pitchFamily": "2", "charset": "-127"}
    assert chain.face_for("向", False).typeface_attrs()["charset"] == "-127"
    sym = chain.face_for("✔", False).typeface_attrs()
    assert sym["charset"] == "0" and sym["panose"] == "020B0502040504020204" and sym["pitchFamily"] == "34"


def _fresh(path):
    load_face.cache_clear()
    return load_face(path)


def test_metrics_are_cached_by_content_and_checked_when_read(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    font = tmp_path / "face.ttf"
    shutil.copy(SMALL, font)
    parsed = _fresh(font)
    assert parsed._rl is not None  # a miss parses with reportlab …
    stored = list((tmp_path / "cache" / "deckbuild" / "metrics-2").iterdir())
    assert len(stored) == 1 and stored[0].name.startswith(parsed.digest)
    cached = _fresh(font)
    assert cached._rl is None  # … a hit does not
    assert (cached.family, cached.cmap, cached.widths, cached.ascent, cached.descent) == (
        parsed.family, parsed.cmap, parsed.widths, parsed.ascent, parsed.descent)
    # The same file (path and stat) is not even read again: its digest, tables' facts and metrics
    # come from the faces index (face_index.py) …
    assert len(list((tmp_path / "cache" / "deckbuild" / "faces-1").iterdir())) == 1
    # … until it changes (a copy over it, a touch): then read, and its metrics found by content.
    os.utime(font, ns=(1, 1))
    touched = _fresh(font)
    assert touched._rl is None and touched.widths == parsed.widths
    # A damaged entry is a miss, not data.
    raw = bytearray(stored[0].read_bytes())
    raw[-3] ^= 0xFF
    stored[0].write_bytes(bytes(raw))
    os.utime(font, ns=(2, 2))
    again = _fresh(font)
    assert again._rl is not None and again.widths == parsed.widths
    for entry in (tmp_path / "cache" / "deckbuild" / "faces-1").iterdir():  # a damaged index entry too
        entry.write_bytes(entry.read_bytes()[:-5])
    assert _fresh(font).widths == parsed.widths
    load_face.cache_clear()


def test_an_unwritable_cache_folder_is_not_an_error(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    font = tmp_path / "face.ttf"
    shutil.copy(SMALL, font)
    assert _fresh(font).family == "Noto Sans Symbols2"
    load_face.cache_clear()


def test_a_face_is_checked_once_and_every_message_is_in_words(tmp_path, monkeypatch) -> None:
    """The outline check (glyf/loca read glyph by glyph) runs when a face is first seen; a face in
    the metrics cache passed it. No reason names an exception class."""
    import re

    from deckbuild import fonts
    from wild.make_fonts import CASES

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    reasons = {}
    for name, make in CASES.items():
        make(tmp_path / name)
        try:
            fonts.load_face(tmp_path / name)
        except fonts.FontFileError as e:
            reasons[name] = str(e)
    assert set(reasons) == {"damaged-loca.ttf", "damaged-glyf.ttf", "cff.otf"}, reasons
    assert not any(re.search(r"Error|Exception|\(\w+\)$", r) for r in reasons.values()), reasons
    calls = []
    monkeypatch.setattr(fonts, "check_outlines", lambda data: calls.append(1))
    fonts.load_face.cache_clear()
    fonts.load_face(tmp_path / "small.ttf")
    assert calls == []  # read back from the cache


def test_a_face_without_an_english_name_gets_one_for_reportlab_only(tmp_path) -> None:
    from deckbuild.sfnt import read_info, reportlab_ps_name, with_ps_name
    from wild.make_fonts import korean_names

    korean_names(tmp_path / "k.ttf")
    data = (tmp_path / "k.ttf").read_bytes()
    assert reportlab_ps_name(data) is None and read_info(data).names[1] == "프리텐다드 한글"
    named = with_ps_name(data, "DeckbuildFace-0")
    assert reportlab_ps_name(named) == b"DeckbuildFace-0" and read_info(named).names[1] == "프리텐다드 한글"


def test_reportlab_faces_restored_from_the_cache_draw_the_same_pdf(tmp_path, monkeypatch) -> None:
    """reportlab's parsed tables are kept by content (rl_faces): a handout drawn with faces put
    together from the cache is byte-identical to one drawn with faces parsed anew, and a foreign
    entry is a miss, never code run or data used."""
    import os
    import pickle

    from conftest import run_cli
    from deckbuild import cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    kept = tmp_path / "cache" / "deckbuild" / "reportlab-face-1"
    outs = []
    for n in range(3):
        out = tmp_path / f"out{n}"
        r = run_cli("build", "deck/sovereign-ai.yaml", "-f", "pdf", "-o", str(out), env=dict(os.environ))
        assert r.returncode == 0, r.stderr
        outs.append((out / "sovereign-ai.pdf").read_bytes())
        if n == 1:  # the third build meets entries that would run a command or lack the tables
            entries = sorted(p.name for p in kept.iterdir())
            assert len(entries) >= 2  # written by the first build, read by the second
            cache.write(kept.name, entries[0], pickle.dumps(os.system))
            cache.write(kept.name, entries[1], pickle.dumps({"unitsPerEm": 1000}))
    assert outs[0] == outs[1] == outs[2]
