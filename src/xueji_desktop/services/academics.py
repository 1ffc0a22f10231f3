"""Grades (with 补考 and 重修), 思想品德评价 and attendance totals per term: one import for all.

The code lives in services/grades.py (entering grades, class sheets), services/transcripts.py
(reading grades) and services/conduct.py (conduct and attendance); callers may keep importing
every name from here.
"""

from __future__ import annotations

from xueji_desktop.services.conduct import (
    ATTENDANCE_FIELDS,
    CONDUCT_GRADES,
    Attendance,
    ConductEvaluation,
    attendance_for_student,
    conduct_for_student,
    record_attendance,
    record_conduct,
)
from xueji_desktop.services.grades import (
    BulkResult,
    record_grade,
    record_grades_bulk,
    record_makeup,
    record_retake,
)
from xueji_desktop.services.transcripts import GradeRow, grades_for_class, grades_for_student

__all__ = [
    "ATTENDANCE_FIELDS",
    "CONDUCT_GRADES",
    "Attendance",
    "BulkResult",
    "ConductEvaluation",
    "GradeRow",
    "attendance_for_student",
    "conduct_for_student",
    "grades_for_class",
    "grades_for_student",
    "record_attendance",
    "record_conduct",
    "record_grade",
    "record_grades_bulk",
    "record_makeup",
    "record_retake",
]
