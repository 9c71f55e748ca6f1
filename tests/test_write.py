"""write.normalize_zip: fixed times, the same bytes as writing every entry anew, only faster."""

from __future__ import annotations

import io
import zipfile

from deckbuild.write import ZIP_TIME, fixed_entry, normalize_zip


def rewritten(data: bytes, edit=None) -> bytes:
    """The plain way: inflate every entry and deflate it again with fixed attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            dst.writestr(fixed_entry(info.filename), edit(info.filename, content) if edit else content)
    return out.getvalue()


def sample_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>" * 200)
        z.writestr("ppt/slides/slide1.xml", "<p:sld>" + "한국어 본문 " * 500 + "</p:sld>")
        z.writestr("docProps/core.xml", "<cp:coreProperties><dcterms:created>2031-05-05T10:00:00Z</dcterms:created></cp:coreProperties>")
        z.writestr("ppt/media/도표.bin", bytes(range(256)) * 40)
        info = zipfile.ZipInfo("stored.txt", (2030, 1, 2, 3, 4, 6))
        z.writestr(info, b"kept as is", compress_type=zipfile.ZIP_STORED)
    return buf.getvalue()


def test_same_bytes_as_rewriting_every_entry() -> None:
    data = sample_zip()
    assert normalize_zip(data) == rewritten(data)


def test_edits_are_applied_and_the_rest_copied() -> None:
    data = sample_zip()

    def edit(name: str, content: bytes) -> bytes:
        return content.replace(b"2031-05-05T10:00:00Z", b"2024-12-02T00:00:00Z") if name == "docProps/core.xml" else content

    out = normalize_zip(data, edit)
    assert out == rewritten(data, edit)
    with zipfile.ZipFile(io.BytesIO(out)) as z:
        assert z.testzip() is None
        assert b"2024-12-02T00:00:00Z" in z.read("docProps/core.xml")
        assert [i.filename for i in z.infolist()] == [i.filename for i in zipfile.ZipFile(io.BytesIO(data)).infolist()]
        assert {i.date_time for i in z.infolist()} == {ZIP_TIME}
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in z.infolist())


def test_a_real_deck(sample_build) -> None:
    data = sample_build["pptx"].read_bytes()
    assert normalize_zip(data) == rewritten(data) == data  # a built deck is already normal


def test_stored_entries_deflated_once_per_content() -> None:
    def stored(font: bytes) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:  # as the font embedder writes
            z.writestr("ppt/slides/slide1.xml", "<p:sld>" + "본문 " * 3000 + "</p:sld>")
            z.writestr("ppt/fonts/font1.fntdata", font)
        return buf.getvalue()

    font = bytes(range(256)) * 64
    first, again = stored(font), stored(font)
    assert normalize_zip(first) == normalize_zip(again) == rewritten(first)  # the second from kept deflates
    changed = stored(font[::-1])
    assert normalize_zip(changed) == rewritten(changed) != normalize_zip(first)


def test_large_entries_deflated_once_are_kept_in_the_cache(tmp_path, monkeypatch) -> None:
    """An embedded font's part is deflated once per content and zlib version (write._deflate_kept):
    the ZIP written with the kept stream is the same, and an entry that does not match is ignored."""
    import io
    import os
    import zipfile

    from deckbuild import write

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    big = os.urandom(200_000) * 2  # 400 KB, half compressible
    src = io.BytesIO()
    with zipfile.ZipFile(src, "w", zipfile.ZIP_STORED) as z:
        z.writestr("ppt/fonts/font1.fntdata", big)
    def fresh() -> bytes:
        write._deflated.clear()
        write._deflated_bytes = 0
        return write.normalize_zip(src.getvalue())
    first = fresh()
    kept = list((tmp_path / "cache" / "deckbuild" / "deflated-1").iterdir())
    assert len(kept) == 1
    assert fresh() == first
    from deckbuild import cache

    cache.write("deflated-1", kept[0].name, b"\0\0\0\0not this")  # a stream of other content
    assert fresh() == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert z.read("ppt/fonts/font1.fntdata") == big
