"""Frame → one layout per role (spec §1 Templates: title, section, content, two, title-only,
closing) from every master, and the `check --template-info` listing of a Frame."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Mapping

from .frame import FOOTER_TYPES, ROLES, Frame, Layout, Master, Placeholder


def _branding(master: Master, layouts: list[Layout]) -> float:
    """How much of a company's look a master carries: logos, bands, a non-white background."""
    own = [lay for lay in layouts if lay.master == master.index]
    score = 0.0
    for art in master.artwork:
        score += 2 if art.kind == "picture" else 1
    if master.background.representative not in ("#FFFFFF", None) or master.background.kind == "picture":
        score += 2
    if own:  # the layouts' own pictures, bands and backgrounds, on average
        extra = sum(sum(2 if a.kind == "picture" else 1 for a in lay.artwork if a.origin == "layout") for lay in own)
        score += min(4.0, extra / len(own))
    return score


def master_preference(masters: Iterable[Master], layouts: Iterable[Layout], usage: Mapping[int, int] | None = None) -> list[int]:
    """Master indexes, the one a deck should use first: the most used by the template's own
    slides (`usage`, counted without its first, title, slide); then one with layouts for at
    least three roles; then the most branded; then the most roles; the most layouts; the first."""
    masters, layouts, usage = list(masters), list(layouts), dict(usage or {})
    total = sum(usage.values()) or 1

    def key(m: Master):
        own = [lay for lay in layouts if lay.master == m.index]
        coverage = sum(1 for role in ROLES[:5] if any(_fit(lay, role) for lay in own))
        return (-(usage.get(m.index, 0) / total), -min(coverage, 3), -_branding(m, layouts), -coverage, -len(own), m.index)

    return [m.index for m in sorted(masters, key=key)]


# Layout types (sldLayout/@type, §19.7.15) by role; language-independent, so they weigh most.
_ROLE_TYPES = {
    "title": ("title",),
    "section": ("secHead",),
    "content": ("obj", "tx", "txAndObj", "objOnly"),
    "two": ("twoObj", "twoColTx", "twoTxTwoObj"),
    "title-only": ("titleOnly",),
    "closing": (),
}

# PowerPoint's names of its built-in layouts in the languages briefs are written in, plus
# LibreOffice's and common custom names. Compared after `_norm` (case, spaces, punctuation, "1_").
_ROLE_NAMES = {
    "title": [
        "Title Slide", "Title", "Cover", "제목 슬라이드", "표지", "Diapositive de titre", "Titelfolie",
        "Diapositiva de título", "Slide de Título", "Diapositivo de Título", "タイトル スライド", "标题幻灯片",
        "標題投影片", "Титульный слайд", "Diapositiva titolo", "Titeldia",
        # Custom names owners give their cover: Korean, Japanese, French, German, Spanish.
        "표지 슬라이드", "제목", "表紙", "Page de titre", "Couverture", "Deckblatt", "Titelseite", "Portada",
    ],
    "section": [
        "Section Header", "Section Title", "Section", "Divider", "구역 머리글", "구역 제목", "섹션 머리글", "섹션", "간지",
        "En-tête de section", "Titre de section", "Abschnittsüberschrift", "Abschnitts-Überschrift",
        "Encabezado de sección", "Cabeçalho da Seção", "Cabeçalho de Secção", "セクション見出し", "节标题",
        "章節標題", "Заголовок раздела", "Intestazione sezione", "Sectiekop",
        "구분", "장 제목", "中表紙", "章扉", "Intercalaire", "Kapiteltrenner", "Trennfolie", "Título de sección", "Separador",
    ],
    "content": [
        "Title and Content", "Title, Content", "Title and Text", "Content", "제목 및 내용", "본문", "Titre et contenu",
        "Titel und Inhalt", "Título y objetos", "Título e Conteúdo", "Conteúdo", "タイトルとコンテンツ", "标题和内容",
        "標題及內容", "Заголовок и объект", "Titolo e contenuto", "Titel en object",
        "제목 및 텍스트", "내지", "本文", "Titre et texte", "Titel und Text", "Título y texto", "Título y contenido",
    ],
    "two": [
        "Two Content", "Title, 2 Content", "Two Columns", "Comparison", "콘텐츠 2개", "비교", "Deux contenus",
        "Comparaison", "Zwei Inhalte", "Vergleich", "Dos objetos", "Comparación", "Duas Partes de Conteúdo",
        "Comparação", "2 つのコンテンツ", "比較", "两栏内容", "比较", "兩項物件", "比對", "Два объекта", "Сравнение",
        "Due contenuti", "Confronto", "Twee objecten", "Vergelijking",
    ],
    "title-only": [
        "Title Only", "제목만", "Titre seul", "Nur Titel", "Solo el título", "Somente Título", "Apenas Título",
        "タイトルのみ", "仅标题", "只有標題", "Только заголовок", "Solo titolo", "Alleen titel", "Solo título",
    ],
    "closing": [
        "Closing", "End", "The End", "Thank you", "Thanks", "Q&A", "Questions", "Contact", "마무리", "끝", "감사합니다",
        "맺음", "Fin", "Merci", "Conclusion", "Ende", "Danke", "Schluss", "Gracias", "Cierre", "Obrigado", "Encerramento",
        "終わり", "ありがとうございました", "结束", "谢谢", "結束", "謝謝",
    ],
}


def _norm(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).casefold()
    name = re.sub(r"^\d+_", "", name)
    return "".join(c for c in name if c.isalnum())


_NAME_INDEX = {role: {_norm(n) for n in names} for role, names in _ROLE_NAMES.items()}


def _name_role(name: str) -> str | None:
    n = _norm(name)
    return next((role for role, names in _NAME_INDEX.items() if n in names), None)


def _side_by_side(a: Placeholder, b: Placeholder) -> bool:
    overlap = min(a.box.bottom, b.box.bottom) - max(a.box.y, b.box.y)
    return overlap > 0.5 * min(a.box.h, b.box.h) and (a.box.right <= b.box.x + 1 or b.box.right <= a.box.x + 1)


def _fit(lay: Layout, role: str) -> int:
    """How well a layout's placeholders fit a role: 0 = not at all, 3 = exactly."""
    title = lay.title
    bodies = lay.bodies
    sub = lay.subtitle
    if title is None:
        return 0
    big = [b for b in bodies if b.box.h * b.box.w > 0]
    if role == "title":
        if title.type == "ctrTitle" and sub is not None:
            return 3
        if sub is not None and not bodies:
            return 2
        if title.type == "ctrTitle" and all(b.type == "body" for b in bodies) and len(bodies) <= 3:
            return 2
        return 0
    if role == "section":
        if sub is None and len(bodies) == 1 and bodies[0].type == "body" and bodies[0].orient != "vert":
            return 2
        return 0
    if role == "content":
        if sub is None and len(big) == 1 and big[0].orient != "vert":
            return 3 if big[0].type != "pic" else 1
        return 0
    if role == "two":
        if sub is not None or len(big) < 2:
            return 0
        if len(big) == 2 and _side_by_side(big[0], big[1]):
            return 3
        if len(big) == 4 and sum(1 for b in big if b.type == "body") == 2:  # Comparison: two headed columns
            objs = [b for b in big if b.type != "body"]
            return 1 if len(objs) == 2 and _side_by_side(objs[0], objs[1]) else 0
        return 0
    if role == "title-only":
        return 2 if not bodies and sub is None else 0
    return 0


@dataclass(frozen=True)
class RoleChoice:
    """The layout a role's slides use, and why. `grid`: the layout's content placeholders are
    not to be used (deckbuild's own grid, on the layout's background and artwork)."""

    role: str
    layout: Layout | None  # None only without a template (or one whose masters have no layouts)
    how: str  # type | placeholders | name | theme.layouts | fallback
    why: str
    grid: bool = False


def choose_layouts(frame: Frame, overrides: Mapping[str, str] | None = None) -> dict[str, RoleChoice]:
    """One layout per role (spec §1 Templates) from every master; `overrides` is theme.layouts
    (role → layout name; names must exist, validate checks them).

    A layout its owner named (or, unnamed, typed) for another role is taken only where nothing else
    fits: a "Section Header" made by duplicating the title slide keeps type="title" but is not the
    title slide while "Title Slide" exists. A layout whose title lies off the slide is never chosen; a role nothing fits borrows
    another role's layout, and never one without a title while a layout with a title exists."""
    overrides = dict(overrides or {})
    if not frame.layouts:
        why = "no template: deckbuild's own grid" if frame.source is None else "the template has no layouts: deckbuild's own grid"
        return {role: RoleChoice(role, None, "fallback", why, True) for role in ROLES}
    order = master_preference_of(frame)
    rank = {m: i for i, m in enumerate(order)}
    usable = [lay for lay in frame.layouts if _title_on_slide(lay, frame)]
    position = {id(lay): i for i, lay in enumerate(frame.layouts)}
    out: dict[str, RoleChoice] = {}
    for role in ROLES:
        name = overrides.get(role)
        lay = frame.layout_named(name) if name else None
        if lay is not None:
            out[role] = RoleChoice(role, lay, "theme.layouts", f"theme.layouts.{role}: '{name}'")
            continue
        best = None
        for lay in usable:
            scored = _score(lay, role)
            if scored is None:
                continue
            score, how, why = scored
            claim = claimed_role(lay)
            tier = 0 if claim not in (None, role) else 1
            # The preferred master's layouts win unless another master fits the role clearly better.
            key = (tier, score + (3 if rank.get(lay.master) == 0 else 0) - 0.01 * rank.get(lay.master, 0), -position[id(lay)])
            if best is None or key > best[0]:
                best = (key, lay, how, why)
        if best is not None:
            out[role] = RoleChoice(role, best[1], best[2], best[3])
    # Roles nothing fits borrow another role's layout (closing → content → title-only …).
    for role, chain in _FALLBACKS.items():
        if role in out:
            continue
        for other in chain:
            if other in out:
                src = out[other]
                out[role] = RoleChoice(role, src.layout, "fallback", f"no {role} layout; the {other} layout '{src.layout.name}'",
                                       src.grid or (role in ("content", "two") and not src.layout.bodies))
                break
        else:
            lay = _plainest(frame, order, usable, out.get("title"))
            why = f"no {role} layout; '{lay.name}' has a title" if lay in usable else f"no layout with a title; '{lay.name}'"
            out[role] = RoleChoice(role, lay, "fallback", why, True)
    return {role: out[role] for role in ROLES}


def _title_on_slide(lay: Layout, frame: Frame) -> bool:
    """Whether at least half of the layout's title box lies on the slide (a title dragged off the
    slide is the owner hiding a layout, or a layout left from another slide size)."""
    t = lay.title
    if t is None:
        return False
    b = t.box
    w = max(0.0, min(b.right, frame.width) - max(b.x, 0.0))
    h = max(0.0, min(b.bottom, frame.height) - max(b.y, 0.0))
    return b.w > 0 and b.h > 0 and w * h >= 0.5 * b.w * b.h


def claimed_role(lay: Layout) -> str | None:
    """The role a layout's owner gave it: by its name (what PowerPoint shows), else by its type
    attribute where its placeholders do not contradict the type."""
    by_name = _name_role(lay.name)
    if by_name is not None:
        return by_name
    for role, types in _ROLE_TYPES.items():
        if lay.type in types and (role not in ("content", "title") or _fit(lay, role)):
            return role
    return None


_FALLBACKS = {
    "content": ("two", "title-only", "section"),
    "two": ("content", "title-only"),
    "title-only": ("content", "section", "two"),
    "title": ("section", "title-only", "content"),
    "section": ("title", "title-only", "content"),
    "closing": ("content", "title-only", "title"),
}  # then any layout with a title (`_plainest`)


def master_preference_of(frame: Frame) -> list[int]:
    rest = [m.index for m in frame.masters if m.index != frame.preferred_master]
    return [frame.preferred_master] + rest


def _score(lay: Layout, role: str) -> tuple[float, str, str] | None:
    """(score, how, why) when a layout can serve a role: type attribute 4, placeholders 1-3, name 2,
    used by one of the template's own slides 4."""
    if lay.title is None:
        return None
    fit = _fit(lay, role)
    by_type = lay.type in _ROLE_TYPES[role]
    by_name = _name_role(lay.name) == role
    # A layout the placeholders contradict is not taken on its name or type alone.
    if role == "content" and not lay.bodies:
        return None
    if role == "two" and len(lay.bodies) < 2:
        return None
    if role == "title-only" and (lay.bodies or lay.subtitle):
        return None
    if role == "section" and len(lay.bodies) > 1:
        return None
    if role == "closing" and not by_name:
        return None
    if not (fit or by_type or by_name):
        return None
    # LibreOffice writes type="tx" on its Title Slide and "blank" on others: a type the
    # placeholders contradict counts for nothing.
    if by_type and role in ("content", "title") and fit == 0:
        by_type = False
    score = (4 if by_type else 0) + fit + (2 if by_name else 0) + (4 if lay.used else 0)
    parts = []
    if by_type:
        parts.append(f"type {lay.type}")
    if fit:
        parts.append("placeholders " + "+".join(p.type for p in lay.placeholders if p.type not in FOOTER_TYPES))
    if by_name:
        parts.append(f"name '{lay.name}'")
    if lay.used:
        parts.append(f"used by {lay.used} of the template's slides")
    how = "type" if by_type else "placeholders" if fit else "name"
    return score, how, ", ".join(parts)


def _plainest(frame: Frame, order: list[int], usable: list[Layout], title: RoleChoice | None) -> Layout:
    """The layout a role nothing fits takes: one with its title on the slide (not the title slide's,
    where there is another), fewest other placeholders, the preferred master first."""
    rank = {m: i for i, m in enumerate(order)}
    taken = title.layout if title is not None else None
    pool = usable or list(frame.layouts)
    return min(pool, key=lambda lay: (lay.title is None, lay is taken, rank.get(lay.master, len(rank)),
                                      len([p for p in lay.placeholders if p.type not in FOOTER_TYPES]), frame.layouts.index(lay)))


def describe(frame: Frame, choices: Mapping[str, RoleChoice]) -> str:
    """The `check --template-info` listing: size, masters, layouts, placeholders, roles."""

    def pt(v: float) -> str:
        return f"{v:g}" if v == int(v) else f"{v:.1f}"

    lines = [f"slide size {pt(frame.width)} × {pt(frame.height)} pt ({frame.width / 72:.3g} × {frame.height / 72:.3g} in)"]
    for m in frame.masters:
        mark = " (preferred)" if m.index == frame.preferred_master else ""
        theme = m.theme
        lines.append(f"master {m.index + 1}{mark}: {m.name or '(unnamed)'} [{m.part}], theme '{theme.name}': "
                     f"accent1 {theme.colors['accent1']}, dk1 {theme.colors['dk1']}, lt1 {theme.colors['lt1']}; "
                     f"fonts {theme.fonts.major_latin or '-'} / {theme.fonts.minor_latin or '-'}"
                     + (f", Hangul {theme.fonts.minor_hang}" if theme.fonts.minor_hang else ""))
        for lay in (lay for lay in frame.layouts if lay.master == m.index):
            lines.append(f"  layout '{lay.name}' (type {lay.type}) [{lay.part}]")
            for p in lay.placeholders:
                b = p.box
                lines.append(f"    {p.type} idx {p.idx}: {pt(b.x)},{pt(b.y)} {pt(b.w)} × {pt(b.h)} pt"
                             + (" (from master)" if p.inherited else ""))
    lines.append("roles:")
    for role in ROLES:
        c = choices[role]
        name = f"'{c.layout.name}'" if c.layout else "(none)"
        if c.layout and len(frame.masters) > 1:
            name += f" of master {c.layout.master + 1}"
        lines.append(f"  {role}: {name} — by {c.how}: {c.why}" + ("; deckbuild's own grid" if c.grid and c.layout else ""))
    return "\n".join(lines)
