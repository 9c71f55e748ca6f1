"""Number formats: the subset of Excel's codes that the deck's native charts and the handout's
drawn charts print identically — parse, format a value, and the code PowerPoint needs.

Validation parses a chart's format once (refusing what the subset lacks) and keeps the parsed
`NumberFormat` in the model; charts format every label and tick text with it (`format_value`) and
write its code for PowerPoint (`excel_code`). Excel's sections are kept: `#,##0;△#,##0` prints a
negative value by its second section, without a minus sign (the section's own literals say it), and a
third section prints zero. `decimals(fmt, n)` is the same format with at most n decimals (tick labels). `format_number` and `excel_number_format` take the
code as text, for callers that hold no parsed format.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext


class NumberFormatError(ValueError):
    """A number format outside the subset both backends can draw identically."""


@dataclass(frozen=True)
class NumberFormat:
    """The supported subset of an Excel number format: one section, fixed-point or percent."""

    prefix: str
    suffix: str
    int_zeros: int  # minimum integer digits ("0" placeholders before the point)
    grouping: bool  # thousands separators
    frac_zeros: int  # fraction digits always shown
    frac_hashes: int  # further fraction digits shown when not zero
    percent: bool
    point: bool = False  # a decimal point in the format: Excel prints it even with no digits after
    general: bool = False
    code: str = "General"  # the code it was parsed from, as PowerPoint receives it
    before: str = ""  # the section's code before its digits and after them, as written (quotes kept)
    after: str = ""
    negative: "NumberFormat | None" = None  # the second section: a negative value, printed without its sign
    zero: "NumberFormat | None" = None  # the third section: zero
    literal: bool = False  # a section of text alone (`"-"` for zero): printed as it is, without the unit

    @property
    def places(self) -> int:
        """The most decimals any section prints."""
        return max([self.frac_zeros + self.frac_hashes] + [s.places for s in (self.negative, self.zero) if s])


_LITERAL_CHARS = set("$-+/():!^&'~{}<>= ")


def parse_number_format(code: str | None) -> NumberFormat:
    """Parse `code` ("#,##0", "0.0%", "#,##0.0", ...); None or "General" → General.

    Raises NumberFormatError for what the subset lacks (several sections, colours,
    dates, scientific notation, scaling commas), so a validator can refuse it up front.
    """
    if code is None or code.strip().lower() == "general":
        return NumberFormat("", "", 1, False, 0, 0, False, general=True)
    sections = _sections(code)
    if len(sections) > 3:
        raise NumberFormatError("a number format has at most three sections (positive;negative;zero) here")
    if any(not x.strip() for x in sections):
        raise NumberFormatError("an empty section in number format")
    parsed = [_parse_section(x, literal_ok=k > 0) for k, x in enumerate(sections)]
    first = parsed[0]
    return replace(first, code=code, negative=parsed[1] if len(parsed) > 1 else None,
                   zero=parsed[2] if len(parsed) > 2 else None)


def _sections(code: str) -> list[str]:
    """`code` split at the ';' outside quotes and escapes."""
    out, start, i, quoted = [], 0, 0, False
    while i < len(code):
        c = code[i]
        if c == '"':
            quoted = not quoted
        elif c == "\\" and not quoted:
            i += 1
        elif c == ";" and not quoted:
            out.append(code[start:i])
            start = i + 1
        i += 1
    out.append(code[start:])
    return out


def _parse_section(code: str, literal_ok: bool = False) -> NumberFormat:
    prefix: list[str] = []
    suffix: list[str] = []
    digits: list[str] = []  # the numeric part: 0 # , .
    percent = False
    first_digit = last_digit = -1
    i = 0
    while i < len(code):
        c = code[i]
        if c == '"':
            end = code.find('"', i + 1)
            if end < 0:
                raise NumberFormatError("unclosed quote in number format")
            (suffix if digits else prefix).append(code[i + 1 : end])
            i = end + 1
            continue
        if c == "\\":
            if i + 1 >= len(code):
                raise NumberFormatError("number format ends with '\\'")
            (suffix if digits else prefix).append(code[i + 1])
            i += 2
            continue
        if c in "0#,.":
            if suffix:
                raise NumberFormatError("digits after a literal in number format")
            digits.append(c)
            first_digit = i if first_digit < 0 else first_digit
            last_digit = i
        elif c == "%":
            if percent:
                raise NumberFormatError("more than one '%' in number format")
            percent = True
            (suffix if digits else prefix).append("%")
        elif c in _LITERAL_CHARS or ord(c) > 0x7F:
            (suffix if digits else prefix).append(c)
        else:
            raise NumberFormatError(f"unsupported character {c!r} in number format")
        i += 1
    body = "".join(digits)
    if not body and literal_ok and not percent:  # a negative or zero section of text alone: `"-"`
        return NumberFormat("".join(prefix), "", 0, False, 0, 0, False, code=code, before=code, literal=True)
    if not body or "0" not in body and "#" not in body:
        raise NumberFormatError("number format has no digit placeholder (0 or #)")
    if body.count(".") > 1:
        raise NumberFormatError("more than one '.' in number format")
    int_part, _, frac_part = body.partition(".")
    if int_part.endswith(","):
        raise NumberFormatError("scaling commas (a ',' at the end) are not supported")
    if "," in frac_part:
        raise NumberFormatError("',' after the decimal point in number format")
    if "#" in frac_part.lstrip("0") and "0" in frac_part.lstrip("0").lstrip("#"):
        raise NumberFormatError("'0' after '#' in the fraction of a number format")
    plain_int = int_part.replace(",", "")
    return NumberFormat(
        prefix="".join(prefix),
        suffix="".join(suffix),
        int_zeros=plain_int.count("0"),
        grouping="," in int_part,
        frac_zeros=frac_part.count("0"),
        frac_hashes=frac_part.count("#"),
        percent=percent,
        point="." in body,
        code=code,
        before=code[:first_digit],
        after=code[last_digit + 1 :],
    )


def _general(value: float) -> str:
    # Excel's General: an integer as is, otherwise about ten significant digits, no exponent.
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    d = Decimal(repr(float(value)))
    digits = max(0, 10 - (d.adjusted() + 1))
    text = f"{d.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_value(value: float, fmt: NumberFormat, unit: str | None = None) -> str:
    """`value` as Excel/PowerPoint print it with the parsed `fmt`, then the unit: 1234 → "1,234개"."""
    with localcontext(prec=120):  # a format's decimals and a value's digits together stay exact
        return _format(value, fmt, unit or "")


def format_number(value: float, number_format: str | None = None, unit: str | None = None) -> str:
    """`format_value` with the format given as its code (parsed on every call)."""
    return format_value(value, parse_number_format(number_format), unit)


def _format(value: float, fmt: NumberFormat, unit: str) -> str:
    if fmt.general:
        return _general(value) + unit
    # Excel picks the section by the value itself (before rounding); a section of its own prints
    # the magnitude with its own literals, no minus sign.
    if value < 0 and fmt.negative is not None:
        return _format(-value, fmt.negative, unit)
    if value == 0 and fmt.zero is not None:
        return _format(0.0, fmt.zero, unit)
    if fmt.literal:
        return fmt.prefix
    # repr() → Decimal keeps the shortest decimal form, so 2.675 rounds to 2.68 as Excel does.
    d = Decimal(repr(float(value)))
    if fmt.percent:
        d *= 100
    negative = d < 0
    places = fmt.frac_zeros + fmt.frac_hashes
    d = abs(d).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    int_digits, _, frac = f"{d:f}".partition(".")
    if fmt.frac_hashes:
        frac = frac[: fmt.frac_zeros] + frac[fmt.frac_zeros :].rstrip("0")
    int_digits = int_digits.lstrip("0").rjust(fmt.int_zeros, "0")
    if fmt.grouping and int_digits:
        int_digits = f"{int(int_digits):,}"
    text = int_digits + ("." + frac if fmt.point else "")
    if negative and d != 0:
        # Excel puts the minus sign before everything, prefix literals included.
        return "-" + fmt.prefix + text + fmt.suffix + unit
    return fmt.prefix + text + fmt.suffix + unit


def excel_number_format(number_format: str | None, unit: str | None) -> str:
    """`excel_code` with the format given as its code; refuses what the PDF side could not match."""
    return excel_code(parse_number_format(number_format), unit)


def excel_code(fmt: NumberFormat, unit: str | None) -> str:
    """The format code PowerPoint needs to print what `format_value` prints: the unit quoted (after
    every section's digits)."""
    if not unit:
        return fmt.code
    # A quoted literal cannot hold '"'; that character is backslash-escaped instead.
    quoted = '\\"'.join(f'"{part}"' if part else "" for part in unit.split('"'))
    sections = (fmt, fmt.negative, fmt.zero)
    return ";".join(code + ("" if s is not None and s.literal else quoted) for code, s in zip(_sections(fmt.code), sections))


def _section_code(fmt: NumberFormat) -> str:
    """One section's code from its parts (its digits rewritten, its literals as written)."""
    int_part = "0" * fmt.int_zeros or "#"
    if fmt.grouping:
        int_part = "#,##" + int_part if len(int_part) < 4 else int_part[:-3] + "," + int_part[-3:]
    frac = "0" * fmt.frac_zeros + "#" * fmt.frac_hashes
    return fmt.before + int_part + ("." + frac if fmt.point else "") + fmt.after


def decimals(fmt: NumberFormat, places: int) -> NumberFormat:
    """`fmt` printing at most `places` decimals (a tick label needs no more than its step has):
    "0.0만 명" with places 0 → "0만 명". General and formats within `places` are returned as they are."""
    if fmt.general or fmt.places <= places:
        return fmt

    def cut(s: NumberFormat) -> NumberFormat:
        if s.literal:
            return s
        zeros = min(s.frac_zeros, places)
        hashes = min(s.frac_hashes, places - zeros)
        out = replace(s, frac_zeros=zeros, frac_hashes=hashes, point=s.point and zeros + hashes > 0,
                      negative=None, zero=None)
        return replace(out, code=_section_code(out))

    first = cut(fmt)
    neg = cut(fmt.negative) if fmt.negative else None
    zero = cut(fmt.zero) if fmt.zero else None
    code = ";".join(s.code for s in (first, neg, zero) if s is not None)
    return replace(first, code=code, negative=neg, zero=zero)
