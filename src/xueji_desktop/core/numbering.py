"""学号 (student number) and similar numbers from a configurable pattern.

A pattern is text with placeholders: ``{intake_year}`` (4 digits), ``{yy}`` (last 2 digits of the
intake year), ``{major_code}``, ``{school_code}``, ``{graduation_year}`` / ``{gy}``, and exactly
one sequence ``{seq:N}`` (N digits, zero-padded) at the end. The default 学号 pattern is intake
year + major code + 4-digit sequence: not the class, which changes (调班, 留级).

The sequence restarts per prefix (everything before ``{seq}``) and never reuses a number that was
ever given, voided records and corrected (alias) numbers included: the caller passes every number
already used with that prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = [
    "DEFAULT_STUDENT_NO_PATTERN",
    "Pattern",
    "PatternError",
    "parse_pattern",
]

DEFAULT_STUDENT_NO_PATTERN = "{intake_year}{major_code}{seq:4}"

_PLACEHOLDER = re.compile(r"\{([a-z_]+)(?::(\d+))?\}")
_FIELDS = frozenset(
    {"intake_year", "yy", "major_code", "school_code", "graduation_year", "gy", "seq"}
)
_LITERAL = re.compile(r"[0-9A-Za-z-]*")


class PatternError(ValueError):
    """The pattern text is not usable; ``reason`` is a rule code."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Pattern:
    text: str
    prefix_template: str
    seq_width: int

    def prefix(self, values: Mapping[str, str]) -> str:
        out = self.prefix_template
        for key in ("intake_year", "major_code", "school_code", "graduation_year"):
            out = out.replace("{" + key + "}", values.get(key, ""))
        out = out.replace("{yy}", values.get("intake_year", "")[-2:])
        return out.replace("{gy}", values.get("graduation_year", "")[-2:])

    def next_number(self, values: Mapping[str, str], used: Iterable[str]) -> str:
        """The first number after the highest sequence already used with this prefix."""
        prefix = self.prefix(values)
        highest = 0
        for number in used:
            if number.startswith(prefix) and len(number) == len(prefix) + self.seq_width:
                tail = number[len(prefix) :]
                if tail.isdigit():
                    highest = max(highest, int(tail))
        if highest + 1 >= 10**self.seq_width:
            raise PatternError("sequence_exhausted")
        return f"{prefix}{highest + 1:0{self.seq_width}d}"


def parse_pattern(text: str) -> Pattern:
    """Check a pattern: known placeholders only, one ``{seq:N}`` (1 ≤ N ≤ 8) at the end, and
    literal parts of letters, digits and hyphens (学号 characters)."""
    text = text.strip()
    seqs = [m for m in _PLACEHOLDER.finditer(text) if m.group(1) == "seq"]
    if len(seqs) != 1 or seqs[0].end() != len(text):
        raise PatternError("seq_at_end")
    width = int(seqs[0].group(2) or "4")
    if not 1 <= width <= 8:
        raise PatternError("seq_width")
    for m in _PLACEHOLDER.finditer(text):
        if m.group(1) not in _FIELDS:
            raise PatternError("unknown_placeholder")
    literal = _PLACEHOLDER.sub("", text)
    if "{" in literal or "}" in literal or not _LITERAL.fullmatch(literal):
        raise PatternError("bad_characters")
    return Pattern(text, text[: seqs[0].start()], width)
