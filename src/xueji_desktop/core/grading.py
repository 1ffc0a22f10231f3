"""Whether a grade is passed, after 补考 (makeup exam) and 重修 (retake).

One rule for transcripts, graduation eligibility, 肄业 and the health report. A course is passed
when its original result, its makeup result or its retake result passes. Numeric scores pass at
PASS_SCORE; graded courses (实习, 考查课) use labels. A grade with no result yet is ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "EXAM_MARKS",
    "FAILING_LABELS",
    "GRADE_LABELS",
    "PASSING_LABELS",
    "PASS_SCORE",
    "RESULT_LABELS",
    "CourseResult",
    "course_result",
    "passes",
]

PASS_SCORE = 60.0
PASSING_LABELS = ("优秀", "良好", "中等", "及格", "合格")
FAILING_LABELS = ("不及格", "不合格")
GRADE_LABELS = PASSING_LABELS + FAILING_LABELS
# Marks a grade sheet carries instead of a result (issue 6): 免修 (exempted) passes, 缺考
# (absent from the exam) fails and leads to the 补考, 缓考 (exam deferred) is no result yet.
# Not assessments: an internship is assessed with GRADE_LABELS only.
EXAM_MARKS = ("缺考", "缓考", "免修")
RESULT_LABELS = GRADE_LABELS + EXAM_MARKS


def passes(score: float | None, label: str = "") -> bool | None:
    """True/False for a result, None when there is no result."""
    if score is not None:
        return float(score) >= PASS_SCORE
    if label in PASSING_LABELS or label == "免修":
        return True
    if label in FAILING_LABELS or label == "缺考":
        return False
    return None  # no label, or 缓考


@dataclass(frozen=True, slots=True)
class CourseResult:
    passed: bool | None
    via: Literal["original", "makeup", "retake", "none"]


def course_result(
    score: float | None,
    label: str = "",
    makeup_score: float | None = None,
    retake_score: float | None = None,
) -> CourseResult:
    """The standing of one grade row: original result first, then makeup, then retake."""
    original = passes(score, label)
    if original:
        return CourseResult(True, "original")
    if makeup_score is not None and passes(makeup_score):
        return CourseResult(True, "makeup")
    if retake_score is not None and passes(retake_score):
        return CourseResult(True, "retake")
    if original is None and makeup_score is None and retake_score is None:
        return CourseResult(None, "none")
    return CourseResult(False, "none")
