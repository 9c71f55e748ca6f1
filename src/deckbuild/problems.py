"""Positions and problems: `Span`, `Problem`, and the one formatter that prints them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Iterable


@dataclass(frozen=True, order=True)
class Span:
    """A 1-based position in an outline file."""

    file: str
    line: int = 1
    col: int = 1

    @classmethod
    def from_mark(cls, file: str, mark) -> "Span":
        # PyYAML marks are 0-based; this is the one place they become 1-based.
        if mark is None:
            return cls(file, 1, 1)
        return cls(file, mark.line + 1, mark.column + 1)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Problem:
    span: Span
    level: str  # "error" | "warning"
    path: str  # position in the outline, or "-" before the outline's structure
    message: str
    # A stable identifier of the kind of problem (yamllint's habit: `unknown-key`, `font-glyph`),
    # printed nowhere by default; tests and tools match on it instead of the wording.
    code: str = field(default="", compare=False)

    def sort_key(self):
        return (self.span.file, self.span.line, self.span.col, self.level, self.message)

    def format(self, color: bool = False) -> str:
        level = self.level
        if color:
            code = "31" if level == "error" else "33"
            level = f"\x1b[1;{code}m{level}\x1b[0m"
        return f"{_visible(str(self.span))}: {level}: {_visible(self.path)}: {_visible(self.message)}"


# Echoed outline text must not steer the terminal (ESC sequences, bidi overrides) nor break
# the one-line form: such characters print as escapes.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _visible(text: str) -> str:
    return _INVISIBLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", text)


class OutlineError(Exception):
    """Raised to stop a stage when its input has errors; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(dict.fromkeys(problems), key=Problem.sort_key)
        super().__init__(f"{len(self.problems)} problem(s)")


class Problems:
    """A collector: stages add problems and keep going; the caller decides when to stop."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        # Places of values refused while parsing (a bad tag, an escaped control character):
        # one error per cause, so validation reports nothing more about the value there.
        self.refused: set[Span] = set()

    def error(self, span: Span, path: str, message: str, code: str = "") -> None:
        self.items.append(Problem(span, "error", path or "-", message, code))

    def warning(self, span: Span, path: str, message: str, code: str = "") -> None:
        self.items.append(Problem(span, "warning", path or "-", message, code))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def has_errors(self) -> bool:
        return any(p.level == "error" for p in self.items)

    def raise_if_errors(self) -> None:
        if self.has_errors:
            raise OutlineError(self.items)

    def sorted(self) -> list[Problem]:
        return sorted(dict.fromkeys(self.items), key=Problem.sort_key)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest choice, or ''."""
    # Short words differ by a larger share per typo ('한굮' → '한국' is 0.5 alike).
    cutoff = 0.5 if len(word) <= 4 else 0.6
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def summary(problems: Iterable[Problem]) -> str:
    problems = list(problems)
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    parts = [f"{errors} error{'s' if errors != 1 else ''}"]
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)
