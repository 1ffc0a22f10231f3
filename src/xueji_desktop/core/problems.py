"""A problem found in a value: the one shape every rule reports (forms, import, CLI, health).

``field`` is an internal field name (core/fields.py), dotted for nested values
(``family_members.0.phone``). ``code`` is a stable snake-case rule code; ``severity`` separates
errors (the value is wrong, it cannot be saved) from warnings (unusual but possible). ``params``
fill the message template; they never hold a raw ID number (mask first). The sentence a clerk
reads comes from ``xueji_desktop.problem_text`` (zh default, en), never from core.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Literal

Severity = Literal["error", "warning"]

__all__ = ["Problem", "Severity", "errors_only", "warnings_only"]


@dataclass(frozen=True, slots=True)
class Problem:
    field: str
    code: str
    severity: Severity = "error"
    params: Mapping[str, str] = dataclass_field(default_factory=dict)


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def warnings_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "warning"]
