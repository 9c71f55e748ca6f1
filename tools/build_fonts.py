"""Rebuild the font data deckbuild ships, reproducibly, from pinned upstream files.

    python tools/build_fonts.py            # writes the files below, prints their digests
    python tools/build_fonts.py --check    # rebuilds in memory and fails if a shipped file differs

Writes:
  assets/fonts/NotoSansKR-{Regular,Bold}.ttf  Noto Sans KR 400/700 cut to KS X 1001 (2,350 syllables,
                                              4,888 Hanja, symbol rows), ASCII and the symbol blocks
                                              of official text, plus the one KS X 1001 Hanja it
                                              lacks (隙 U+9699) copied from Noto Sans TC 400/700:
                                              the chain's Hanja fallback
  assets/fonts/OFL-NotoSansKR.txt             their licence (one text for both), unmodified
  src/deckbuild/data/base/*.ttf + index.json  the prebuilt base subsets embedded in decks
  src/deckbuild/data/stand-ins.json           per-character widest advance of likely stand-in faces

Inputs: the npm packages @expo-google-fonts/noto-sans-kr and -tc (fetched with `npm pack`, digests
checked), Debian's fonts-nanum, fonts-noto-cjk, fonts-dejavu-core and fonts-liberation2 (stand-in
metrics only; `apt-get install`, or `--liberation DIR` with the .deb unpacked), and fontTools.
Renaming is not needed: the Noto faces' only Reserved Font Name is 'Source'.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from deckbuild.fonts import ksx1001  # noqa: E402  (the one definition of the code sets)

ASSETS = ROOT / "assets" / "fonts"
DATA = ROOT / "src" / "deckbuild" / "data"

NPM = {  # package → the files taken from it (digests in tools/font-inputs.sha256)
    "noto-sans-kr": ("@expo-google-fonts/noto-sans-kr@0.4.3", ("400Regular/NotoSansKR_400Regular.ttf", "700Bold/NotoSansKR_700Bold.ttf")),
    "noto-sans-tc": ("@expo-google-fonts/noto-sans-tc@0.4.3", ("400Regular/NotoSansTC_400Regular.ttf", "700Bold/NotoSansTC_700Bold.ttf")),
}
DIGESTS = ROOT / "tools" / "font-inputs.sha256"

# Symbol blocks of official and technical Korean text, beyond KS X 1001's own rows.
SYMBOL_BLOCKS = [
    (0x00A0, 0x00FF), (0x2000, 0x206F), (0x2100, 0x214F), (0x2150, 0x218F), (0x2190, 0x21FF),
    (0x2200, 0x22FF), (0x2300, 0x23FF), (0x2460, 0x24FF), (0x2500, 0x257F), (0x25A0, 0x25FF),
    (0x2600, 0x26FF), (0x2700, 0x27BF), (0x3000, 0x303F), (0x3130, 0x318F), (0x3200, 0x32FF),
    (0x3300, 0x33FF), (0xFF00, 0xFFEF),
]
# Beyond ASCII, the 2,350 syllables and KS X 1001's symbol rows, the text faces' base subsets hold
# Latin-1 and General Punctuation (each further block costs every deck ~5–20 KiB per face).
BASE_EXTRA = [(0x00A0, 0x00FF), (0x2000, 0x206F)]
# What the bundled symbols face's base subset holds: the dingbat and arrow blocks decks use (✔ ➜ ★).
SYMBOLS_BASE_BLOCKS = [(0x2190, 0x21FF), (0x2300, 0x23FF), (0x25A0, 0x25FF), (0x2600, 0x26FF),
                       (0x2700, 0x27BF), (0x27F0, 0x27FF), (0x2900, 0x297F), (0x2B00, 0x2BFF)]

STAND_INS = {  # face files of the fonts a viewer most likely draws instead of a missing face
    "regular": ["{lib}/LiberationSans-Regular.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                "/usr/share/fonts/truetype/nanum/NanumGothic.ttf", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#KR"],
    "bold": ["{lib}/LiberationSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
             "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc#KR"],
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch_npm(work: Path) -> dict[str, bytes]:
    """The pinned TTFs from npm, checked against tools/font-inputs.sha256."""
    want = dict(line.split()[::-1] for line in DIGESTS.read_text().splitlines() if line.strip())
    out: dict[str, bytes] = {}
    for key, (spec, files) in NPM.items():
        r = subprocess.run(["npm", "pack", spec, "--silent"], cwd=work, capture_output=True, text=True, check=True)
        with tarfile.open(work / r.stdout.strip().splitlines()[-1]) as tar:
            for name in files:
                data = tar.extractfile(f"package/{name}").read()
                label = f"{key}/{name}"
                if want.get(label) != sha256(data):
                    sys.exit(f"{label}: digest {sha256(data)} is not the pinned one in {DIGESTS.name}")
                out[label] = data
            out[f"{key}/LICENSE_FONT"] = tar.extractfile("package/LICENSE_FONT").read()
    return out


def subset(data: bytes, unicodes) -> bytes:
    from deckbuild.subset import fonttools_subset

    return fonttools_subset(data, set(unicodes))


def with_glyphs(font: bytes, donor: bytes, cps: list[int]) -> bytes:
    """`font` with the outlines of `cps` copied from `donor` (same units per em, unhinted glyf),
    so one face covers all of KS X 1001: Noto Sans KR lacks 隙 U+9699, Noto Sans TC has it."""
    from fontTools.ttLib import TTFont

    f, d = TTFont(io.BytesIO(font), recalcTimestamp=False), TTFont(io.BytesIO(donor))
    assert f["head"].unitsPerEm == d["head"].unitsPerEm and "fpgm" not in d
    order = list(f.getGlyphOrder())
    donor_cmap = d.getBestCmap()
    for cp in cps:
        src = donor_cmap[cp]
        name = f"uni{cp:04X}"
        assert not d["glyf"][src].isComposite()
        f["glyf"][name] = d["glyf"][src]
        f["hmtx"][name] = d["hmtx"][src]
        if "vmtx" in f and "vmtx" in d:
            f["vmtx"][name] = d["vmtx"][src]
        order.append(name)
        for table in f["cmap"].tables:
            if table.isUnicode():
                table.cmap[cp] = name
    f.setGlyphOrder(order)
    f["glyf"].glyphOrder = order
    out = io.BytesIO()
    f.save(out)
    return out.getvalue()


def cmap_of(data: bytes) -> dict[int, str]:
    from fontTools.ttLib import TTFont

    return TTFont(io.BytesIO(data), lazy=True).getBestCmap()


def nfc_stable(cp: int) -> bool:
    # Outline text is NFC: a compatibility ideograph (U+F900…) never reaches a font.
    return unicodedata.normalize("NFC", chr(cp)) == chr(cp)


def blocks(ranges) -> set[int]:
    return {cp for lo, hi in ranges for cp in range(lo, hi + 1)}


def ranges_text(cps) -> str:
    """Code points as compact hex ranges, 'AC00-D7A3,20-7E'."""
    out, run = [], None
    for cp in sorted(cps):
        if run and cp == run[1] + 1:
            run[1] = cp
        else:
            if run:
                out.append(run)
            run = [cp, cp]
    if run:
        out.append(run)
    return ",".join(f"{a:X}" if a == b else f"{a:X}-{b:X}" for a, b in out)


def stand_in_table(lib: Path) -> dict:
    from fontTools.ttLib import TTFont, TTCollection

    def load(spec: str):
        path = spec.format(lib=lib)
        if "#" in path:
            path, want = path.split("#")
            for f in TTCollection(path).fonts:
                if f["name"].getDebugName(1).endswith(f" {want}"):
                    return f
            raise SystemExit(f"{path}: no face ending in {want}")
        return TTFont(path)

    table = {}
    for weight, specs in STAND_INS.items():
        widest: dict[int, int] = {}
        for spec in specs:
            f = load(spec)
            upm = f["head"].unitsPerEm
            hmtx = f["hmtx"].metrics
            for cp, glyph in f.getBestCmap().items():
                w = -(-hmtx[glyph][0] * 1000 // upm)  # ceil: never narrower than the stand-in
                if w > widest.get(cp, 0):
                    widest[cp] = w
        runs, run = [], None  # [first code point, count, advance] for equal neighbours
        for cp in sorted(widest):
            if run and cp == run[0] + run[1] and widest[cp] == run[2]:
                run[1] += 1
            else:
                run = [cp, 1, widest[cp]]
                runs.append(run)
        table[weight] = runs
    return {"about": "widest advance (1/1000 em) per code point over " + ", ".join(
        Path(s.split("#")[0]).stem for s in STAND_INS["regular"]), **table}


def build(lib: Path) -> dict[Path, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        src = fetch_npm(Path(tmp))
    out: dict[Path, bytes] = {}
    pretendard = {w: (ASSETS / f"Pretendard-{w}.ttf").read_bytes() for w in ("Regular", "Bold")}
    hanja = sorted({unicodedata.normalize("NFC", c) for c in ksx1001("hanja")})  # text reaches fonts as NFC
    symbol_rows = list(ksx1001("symbols"))
    for w, weight in (("Regular", "400Regular"), ("Bold", "700Bold")):
        kr = src[f"noto-sans-kr/{weight}/NotoSansKR_{weight}.ttf"]
        tc = src[f"noto-sans-tc/{weight}/NotoSansTC_{weight}.ttf"]
        have = set(cmap_of(pretendard[w]))
        kr_cmap = cmap_of(kr)
        # All of KS X 1001 and ASCII, not only what Pretendard lacks: a chart is drawn in one face,
        # so the Hanja face must also draw the Hangul and digits beside a Hanja label.
        wanted = {ord(c) for c in hanja + symbol_rows + list(ksx1001("hangul"))} | set(range(0x20, 0x7F)) | blocks(SYMBOL_BLOCKS)
        keep_kr = {cp for cp in wanted if cp in kr_cmap and nfc_stable(cp)}
        lacking = sorted(ord(c) for c in hanja if ord(c) not in kr_cmap and ord(c) not in have)
        out[ASSETS / f"NotoSansKR-{w}.ttf"] = with_glyphs(subset(kr, keep_kr), tc, lacking)
    if src["noto-sans-kr/LICENSE_FONT"] != src["noto-sans-tc/LICENSE_FONT"]:
        sys.exit("Noto Sans KR and TC no longer share one licence text: keep both files")
    out[ASSETS / "OFL-NotoSansKR.txt"] = src["noto-sans-kr/LICENSE_FONT"]

    # Base subsets: what most decks draw, so a build embeds without subsetting at all.
    index = {}
    base_text = {ord(c) for c in list(ksx1001("hangul")) + symbol_rows} | set(range(0x20, 0x7F)) | blocks(BASE_EXTRA)
    symbols_base = blocks(SYMBOLS_BASE_BLOCKS)
    for name, chars in (("Pretendard-Regular", base_text), ("Pretendard-Bold", base_text),
                        ("NotoSansSymbols2-Regular", symbols_base)):
        full = (ASSETS / f"{name}.ttf").read_bytes()
        full_cmap = cmap_of(full)
        keep = {cp for cp in chars if cp in full_cmap}
        data = subset(full, keep)
        out[DATA / "base" / f"{name}.ttf"] = data
        index[sha256(full)] = {"file": f"{name}.ttf", "sha256": sha256(data), "chars": ranges_text(keep)}
    out[DATA / "base" / "index.json"] = (json.dumps(index, indent=1, sort_keys=True) + "\n").encode()
    out[DATA / "stand-ins.json"] = (json.dumps(stand_in_table(lib), separators=(",", ":")) + "\n").encode()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if a shipped file differs from a rebuild")
    ap.add_argument("--liberation", type=Path, default=Path("/usr/share/fonts/truetype/liberation2"),
                    help="folder with LiberationSans-Regular.ttf and -Bold.ttf")
    args = ap.parse_args()
    if not shutil.which("npm"):
        sys.exit("npm is needed to fetch the pinned Noto faces")
    files = build(args.liberation)
    differ = [p for p, data in files.items() if not p.exists() or p.read_bytes() != data]
    for path, data in sorted(files.items()):
        rel = path.relative_to(ROOT)
        if args.check:
            print(("differs " if path in differ else "same    ") + str(rel))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{sha256(data)[:16]}  {len(data) / 1024:8.0f} KiB  {rel}")
    return 1 if args.check and differ else 0


if __name__ == "__main__":
    sys.exit(main())
