"""A workbook cell's value and its number format → the text Excel shows and the value as shown.

In:  a value as calamine returns it (float, int, str, bool, date, time, duration) and the cell's
     format code (`#,##0`, `0.0%`, `yyyy-mm-dd`, a built-in id's code from `BUILTIN_FORMATS`).
Out: `shown` → (text, value): a percent cell showing `12.5%` is 12.5, `117` formatted without
     decimals is the int 117, `1234.56` shown as `1,235` is 1235; dates as their format writes them
     (ISO where the format is a locale's or names months). Nothing here raises for any format.
"""

from __future__ import annotations

import re

from .cells import Number

# Excel's built-in number formats (ECMA-376 §18.8.30). The locale dates (14, 22 and the East
# Asian ids) are shown the ISO way: that is what a CSV of them would be read back as.
BUILTIN_FORMATS: dict[int, str] = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    12: "# ?/?", 13: "# ??/??", 14: "yyyy-mm-dd", 15: "yyyy-mm-dd", 16: "yyyy-mm-dd", 17: "yyyy-mm",
    18: "hh:mm", 19: "hh:mm:ss", 20: "hh:mm", 21: "hh:mm:ss", 22: "yyyy-mm-dd hh:mm",
    37: "#,##0;-#,##0", 38: "#,##0;-#,##0", 39: "#,##0.00;-#,##0.00", 40: "#,##0.00;-#,##0.00",
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mm:ss", 48: "0.0E+0", 49: "@",
    **{i: "yyyy-mm-dd" for i in (*range(27, 37), *range(50, 59))},
}


def shown(value, code: str) -> tuple[str, Number | str | None]:
    """A calamine value and its cell's number format → (the text shown, the value as shown)."""
    from datetime import date, datetime, time, timedelta

    if value is None or value == "":
        return "", None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), ("TRUE" if value else "FALSE")
    if isinstance(value, str):
        return value.strip(), value.strip() or None
    if isinstance(value, (int, float)):
        text, number = show_number(float(value), code)
        return text, number
    if isinstance(value, (datetime, date, time, timedelta)):
        text = show_date(value, code)
        return text, text
    return str(value), str(value)


def _general(value: float) -> tuple[str, Number]:
    # Excel keeps 15 significant digits; a whole number is shown (and kept) without a point.
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value)), int(value)
    v = float(f"{value:.15g}")
    return f"{v:.15g}", v


def _sections(code: str) -> list[str]:
    out, cur, i = [], [], 0
    while i < len(code):
        c = code[i]
        if c == '"':
            end = code.find('"', i + 1)
            end = len(code) if end < 0 else end
            cur.append(code[i : end + 1])
            i = end + 1
            continue
        if c in "\\_*" and i + 1 < len(code):
            cur.append(code[i : i + 2])
            i += 2
            continue
        if c == ";":
            out.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    out.append("".join(cur))
    return out


def show_number(value: float, code: str) -> tuple[str, Number]:
    """A number in an Excel format → (text, number as shown). Covers what reports use: fixed
    decimals, thousands separators, percent, scaling commas, literal text, currency, sections
    (`#,##0;△#,##0;"-"`); others (scientific, fractions, conditions, text) show the General way."""
    if not code or code.lower() == "general":
        return _general(value)
    sections = _sections(code)
    explicit_sign = False
    if value < 0 and len(sections) >= 2 and sections[1]:
        section, explicit_sign = sections[1], True
    elif value == 0 and len(sections) >= 3:
        section = sections[2]
    else:
        section = sections[0]
    prefix: list[str] = []
    suffix: list[str] = []
    digits: list[str] = []
    percent = 0
    i = 0
    while i < len(section):
        c = section[i]
        lit = None
        if c == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            lit, i = section[i + 1 : end], end + 1
        elif c == "\\" and i + 1 < len(section):
            lit, i = section[i + 1], i + 2
        elif c == "_" and i + 1 < len(section):
            lit, i = " ", i + 2
        elif c == "*" and i + 1 < len(section):
            lit, i = "", i + 2
        elif c == "[":
            end = section.find("]", i)
            inner = section[i + 1 : end] if end > 0 else ""
            if inner.startswith("$"):
                lit = inner[1:].split("-", 1)[0]
            elif inner[:1] in "<>=" or re.fullmatch(r"h+|m+|s+", inner.lower()) or inner.lower().startswith("dbnum"):
                return _general(value)  # conditions, elapsed times, Far East numerals; colours are ignored
            i = end + 1 if end > 0 else len(section)
        elif c in "0#?,." and not (c in ",." and not digits and not _digit_follows(section, i)):
            if suffix and c in "0#?":
                return _general(value)  # digits on both sides of a literal (fractions, phone numbers)
            digits.append(c)
            i += 1
            continue
        elif c == "%":
            percent += 1
            lit, i = "%", i + 1
        elif c in "eE" and digits and i + 1 < len(section) and section[i + 1] in "+-":
            return _general(value)
        elif c == "@" or c.lower() in "ymdhs" or c == "/" and digits:
            return _general(value)  # text, dates, fractions
        else:
            lit, i = c, i + 1
        if lit is not None:
            (suffix if digits else prefix).append(lit)
    if not digits:
        # A section of text alone (zero shown as "-" in a report): the text shows, the number stays,
        # as the workbook's own chart would plot it.
        literal = "".join(prefix).strip()
        return (literal, _general(value)[1]) if literal and not percent else _general(value)
    from decimal import ROUND_HALF_UP, Decimal, InvalidOperation  # Excel rounds half away from zero

    body = "".join(digits)
    int_part, _, frac_part = body.partition(".")
    scale = len(int_part) - len(int_part.rstrip(","))
    int_part = int_part.rstrip(",")
    grouping = "," in int_part
    zeros = int_part.count("0")
    frac_zeros = frac_part.count("0")
    frac_all = sum(frac_part.count(ch) for ch in "0#?")
    magnitude = Decimal(f"{abs(value):.15g}").scaleb(2 * percent - 3 * scale)
    try:
        rounded = magnitude.quantize(Decimal(1).scaleb(-frac_all), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        return _general(value)
    whole, _, frac = f"{rounded:f}".partition(".")
    frac = frac.ljust(frac_all, "0")
    while len(frac) > frac_zeros and frac.endswith("0"):
        frac = frac[:-1]
    if whole == "0" and zeros == 0:
        whole = ""
    whole = whole.rjust(zeros, "0")
    if grouping and whole:
        whole = f"{int(whole):,}".rjust(zeros, "0")
    number_text = whole + ("." + frac if frac or "." in body else "")
    negative = value < 0 and rounded != 0
    sign = "-" if negative and not explicit_sign else ""
    text = "".join(prefix) + sign + number_text + "".join(suffix)
    number: Number = int(rounded) if not frac else float(rounded)
    return text.strip(), -number if negative else number


def _digit_follows(section: str, i: int) -> bool:
    return any(ch in "0#?" for ch in section[i + 1 : i + 2])


_DATE_TOKEN = re.compile(r'"[^"]*"|\\.|[_*].|\[[^\]]*\]|yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p|.', re.I)


def show_date(value, code: str) -> str:
    """A date, time or duration in the cell's date format (y, m, d, h, m, s and literals); other
    tokens (month and day names, AM/PM) fall back to ISO: `2024-03-01`, `2024-03-01 13:05`."""
    from datetime import datetime, time, timedelta

    if isinstance(value, timedelta):
        total = int(value.total_seconds())
        return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
    if isinstance(value, time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    dt = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    iso = dt.strftime("%Y-%m-%d") if (dt.hour, dt.minute, dt.second) == (0, 0, 0) else dt.strftime("%Y-%m-%d %H:%M")
    tokens = _DATE_TOKEN.findall(_sections(code)[0]) if code else []
    if not any(t.lower()[:1] in "ymdhs" and not t.startswith(('"', "\\", "[")) for t in tokens):
        return iso
    out: list[str] = []
    prev = ""
    for n, t in enumerate(tokens):
        low = t.lower()
        if t.startswith('"'):
            out.append(t[1:-1])
        elif t.startswith("\\"):
            out.append(t[1:])
        elif t[:1] in "_*" and len(t) == 2:
            out.append(" " if t[0] == "_" else "")
        elif t.startswith("["):
            if not t.startswith("[$"):
                return iso
        elif low in ("yyyy", "yy"):
            out.append(f"{dt.year:04d}" if low == "yyyy" else f"{dt.year % 100:02d}")
        elif low in ("mm", "m"):
            # m after an hour or before a second is minutes, as Excel reads it.
            nxt = next((x.lower() for x in tokens[n + 1 :] if x.lower()[:1] in "ymdhs" and not x.startswith('"')), "")
            minutes = prev[:1] == "h" or nxt[:1] == "s"
            v = dt.minute if minutes else dt.month
            out.append(f"{v:02d}" if low == "mm" else str(v))
        elif low in ("dd", "d"):
            out.append(f"{dt.day:02d}" if low == "dd" else str(dt.day))
        elif low in ("hh", "h"):
            out.append(f"{dt.hour:02d}" if low == "hh" else str(dt.hour))
        elif low in ("ss", "s"):
            out.append(f"{dt.second:02d}" if low == "ss" else str(dt.second))
        elif low in ("mmmm", "mmm", "dddd", "ddd", "am/pm", "a/p") or low.isalpha() and low in "egb":
            return iso
        else:
            out.append(t)
        if low[:1] in "ymdhs" and not t.startswith(('"', "\\")):
            prev = low
    return "".join(out).strip() or iso

