"""Plan → text: every layout decision, one line per box, line, block or chart decision, tagged with
its outline line, so a change in layout shows up as a readable diff of the golden file."""

from __future__ import annotations

from .plan import (BulletItems, Cards, ChartBlock, ChartBox, ChartSpec, Contents, FaqBlock, Gap, GridPage, Heading,
                   ImageBlock, ImageBox, Keep, NotesSlide, PageBreak, Plan, PrintNote, Prose, QuoteBlock, Rect, Rich,
                   StatRow, TableBlock, TableBox, TextBox, ThumbRow)


def _t(text: Rich | None) -> str:
    if text is None:
        return "-"
    # The handout planner's line breaks show as "⏎".
    return "".join(f"**{r.text}**" if r.bold else f"*{r.text}*" if r.italic else r.text for r in text).replace("\n", "⏎")


def _chart(spec: ChartSpec, indent: str) -> list[str]:
    out = [f"{indent}face {spec.face.family} {spec.font_size:g}pt, plot " + ",".join(f"{v:.1f}" for v in spec.plot)]
    if spec.scale:
        out.append(f"{indent}axis {spec.scale.minimum:g}..{spec.scale.maximum:g} step {spec.scale.major:g}: "
                   + " ".join(t for _, t in spec.ticks)
                   + (f" @{spec.tick_size:.1f}pt" if spec.tick_size and abs(spec.tick_size - spec.font_size) > 0.01 else ""))
    if spec.scale2:
        out.append(f"{indent}axis2 {spec.scale2.minimum:g}..{spec.scale2.maximum:g} step {spec.scale2.major:g}: "
                   + " ".join(t for _, t in spec.ticks2))
    for t in spec.axis_titles:
        if t is not None:
            out.append(f"{indent}axis title {t.text} at {t.x:.1f},{t.y:.1f} width {t.width:.1f}")
    turn = f" turned {spec.category_rotation}°" if spec.category_rotation else ""
    turn += f" every {spec.category_step}th" if spec.category_step > 1 else ""
    out.append(f"{indent}categories " + " | ".join(" / ".join(lines) for lines in spec.category_lines)
               + f" @{spec.category_size:.1f}pt{turn}"
               + (", not drawn: " + " | ".join(spec.categories_dropped) if spec.categories_dropped else ""))
    for s in spec.series:
        points = " ".join(c.hex for c in s.points)
        labels = " ".join("-" if lb is None else f"{lb.text}@{lb.position}{'+moved' if lb.offset else ''}"
                          f"({lb.x:.0f},{lb.y:.0f})" for lb in s.labels) if s.labels else "no labels"
        role = (" line" if s.line else "") + (" secondary" if s.secondary else "")
        out.append(f"{indent}series {s.name}{role}: {points}; {labels}")
    if spec.label_kind:
        out.append(f"{indent}labels {spec.label_kind} @{spec.label_size:.1f}pt"
                   + (", left out: " + ", ".join(f"{n} {t}" for n, t in spec.dropped) if spec.dropped else ""))
    if spec.legend:
        size = f" @{spec.legend_size:.1f}pt" if spec.legend_size and spec.legend_size != spec.font_size else ""
        out.append(f"{indent}legend {spec.legend_pos}{size}: " + ", ".join(name for name, _ in spec.legend))
    elif spec.labels_named:
        out.append(f"{indent}no legend: the labels carry the names")
    return out


def _slides(plan: Plan) -> list[str]:
    out: list[str] = []
    for s in plan.slides:
        flag = " continued" if s.continued else ""
        out.append(f"slide {s.number} {s.kind}{flag} @{s.span.line}: {s.title}")
        out.append(f"  alt: {s.alt}")
        for b in s.boxes:
            geo = f"{b.x:.1f},{b.y:.1f} {b.w:.1f}x{b.h:.1f}"
            if isinstance(b, TextBox):
                where = f" in {b.placeholder.type}" if b.placeholder else ""
                out.append(f"  text {b.role}{where} [{b.tag}] {geo}")
                for p in b.paras:
                    lead = f"{p.bullet} " if p.bullet else ""
                    for i, line in enumerate(p.lines):
                        out.append(f"    {p.size:g}pt{' b' if p.bold else ''} {line.width:6.1f} | {lead if i == 0 else ''}{line.text}")
            elif isinstance(b, ChartBox):
                out.append(f"  chart {b.spec.id} {b.spec.kind} {geo}")
                out.append(f"    alt: {b.alt}")
                out += _chart(b.spec, "    ")
            elif isinstance(b, TableBox):
                out.append(f"  table {len(b.rows)}x{len(b.col_widths)} {geo} cols " + " ".join(f"{w:.0f}" for w in b.col_widths))
                out.append(f"    alt: {b.alt}")
                for row in b.rows:
                    out.append("    | " + " | ".join(" / ".join(p.text for p in c.paras) for c in row))
            elif isinstance(b, ImageBox):
                out.append(f"  image {geo} {b.alt}")
            elif isinstance(b, Rect):
                out.append(f"  rect {b.role}{' decorative' if b.decorative else ''} {geo} {b.fill.hex if b.fill else '-'}")
    return out


def _block(b, indent: str = "") -> list[str]:
    if isinstance(b, Heading):
        mark = f" #{b.key}" if b.key else ""
        book = f" bookmark@{b.outline}" if b.outline is not None else ""
        keep = f" reserve {b.reserve:.0f}" if b.reserve else ""
        return [f"{indent}h{b.level}{mark}{book}{keep}: {_t(b.text)}"]
    if isinstance(b, Prose):
        return [f"{indent}{b.style}{' ' + b.bullet if b.bullet else ''}: {_t(b.text)}"]
    if isinstance(b, BulletItems):
        whole = [f"{indent}list kept whole:"] if b.whole else []
        return whole + [f"{indent}{'  ' * (it.level - 1)}• {_t(it.text)}" for it in b.items]
    if isinstance(b, StatRow):
        return [f"{indent}stats: " + " | ".join(f"{_t(v)} {_t(lb)}" for v, lb, _ in b.items)]
    if isinstance(b, QuoteBlock):
        return [f"{indent}quote: {_t(b.text)} — {_t(b.by)}"]
    if isinstance(b, TableBlock):
        return [f"{indent}table {len(b.rows)}x{len(b.header)} widths " + " ".join(f"{w:.0f}" for w in b.widths)
                + " align " + "".join(b.align)]
    if isinstance(b, ChartBlock):
        return [f"{indent}chart {b.spec.id} {b.width:.0f}x{b.height:.0f} (≥{b.min_scale:g}×): {_t(b.title)}"] + _chart(b.spec, indent + "  ")
    if isinstance(b, ImageBlock):
        return [f"{indent}image {b.width:.0f}x{b.height:.0f}: {b.alt}"]
    if isinstance(b, Cards):
        return [f"{indent}cards {'side by side' if b.side_by_side else 'stacked'}: " + " | ".join(_t(t) for t, _ in b.cards)]
    if isinstance(b, FaqBlock):
        return [f"{indent}faq: " + " | ".join(_t(q) for q, _ in b.items)]
    if isinstance(b, PrintNote):
        return [f"{indent}print-only{' boxed' if b.boxed else ''}: {len(b.paragraphs)} paragraph(s)"]
    if isinstance(b, ThumbRow):
        return [f"{indent}thumbs {b.width:.0f}pt: " + " | ".join(_t(x) for x in b.labels)]
    if isinstance(b, NotesSlide):
        head = _block(b.heading, indent) if b.heading else []
        printed = f", {_block(b.handout)[0]}" if b.handout else ""
        return head + [f"{indent}notes-slide {b.slide} #{b.key} reserve {b.reserve:.0f}: {_t(b.label)}"
                       f" ({len(b.notes)} paragraph(s){printed})"]
    if isinstance(b, GridPage):
        out = [f"{indent}grid page{' with rules' if b.rule_x else ''}:"]
        for s in b.slots:
            head = f" [{_t(s.heading)}]" if s.heading else ""
            out.append(f"{indent}  {s.x:.0f},{s.top:.0f} {s.width:.0f}pt{head} {_t(s.label)}")
        return out
    if isinstance(b, Contents):
        return [f"{indent}contents: " + " | ".join(f"{_t(t)} #{k}" for t, k, _ in b.entries)]
    if isinstance(b, PageBreak):
        return [f"{indent}--- page break"]
    if isinstance(b, Gap):
        return [f"{indent}gap {b.height:.0f}"]
    if isinstance(b, Keep):
        return [f"{indent}keep:"] + [x for inner in b.blocks for x in _block(inner, indent + "  ")]
    raise AssertionError(f"bug in deckbuild: no dump for {type(b).__name__}")


def dump(plan: Plan) -> str:
    """Every layout decision as text, tagged with the outline line: slides, then the handout."""
    info = plan.info
    out = [f"doc {info.title} | {info.subtitle or '-'} | {info.author or '-'} | {info.date or '-'} | {info.language}"
           f" | audience {info.audience or '-'} | {info.when.isoformat()}",
           f"size {plan.width:g}x{plan.height:g}"]
    out += _slides(plan)
    h = plan.handout
    if h is not None:
        out.append(f"handout {h.layout} {h.paper} {h.page[0]:.0f}x{h.page[1]:.0f} margin {h.margin:.0f}; header: {h.header}"
                   f" | " + " | ".join(title for _, title in h.sections))
        for b in h.blocks:
            out += _block(b, "  ")
    return "\n".join(out) + "\n"
