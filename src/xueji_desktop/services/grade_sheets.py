"""A grade-entry sheet's cell check: the same rule ``record_grades_bulk`` applies, without a write.

The grid marks a bad score the moment it is typed; the rule itself lives in services/grades.py
(``check_result``), so this module only turns the clerk's text into the values that rule takes
and hands back its problems. Pure: no session, no SQL.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from xueji_desktop.core.grading import RESULT_LABELS as GRADE_LABELS  # what check_result takes
from xueji_desktop.core.problems import Problem
from xueji_desktop.services.grades import check_result
from xueji_desktop.services.records_common import Checks

__all__ = ["GRADE_LABELS", "CellCheck", "check_entry", "parse_score"]


@dataclass(frozen=True, slots=True)
class CellCheck:
    """What a typed score/label pair means: the values to send, or the problems to show."""

    score: float | None
    grade_label: str
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_score(text: str) -> float | str | None:
    """The clerk's text as a number (full-width digits folded), None for blank, else the text.

    Text that is no number is passed on as text, so the service's own type check reports it.
    """
    cleaned = text.strip().translate(_FULL_WIDTH)
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        return cleaned
    return value if math.isfinite(value) else cleaned


def check_entry(score_text: str, label_text: str = "") -> CellCheck:
    """Check one row's original result exactly as the bulk save will (0–100, known labels,
    a score or a label present)."""
    ck = Checks()
    score = parse_score(score_text)
    value, label = check_result(ck, score, label_text.strip())
    ok_score = value if isinstance(score, float) else None
    return CellCheck(ok_score, label, tuple(ck.problems))


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－", "0123456789.-")
