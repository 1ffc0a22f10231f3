"""Graduation rule sets and the checks under them: what a student lacks for 毕业.

Rules are JSON per major (``graduation_rules.major_code``; ``''`` = the school default). Each key
falls back from the major to the school default to the built-in default. The checks read the
facts (grades, internships, punishments, certificates) with the caller's connection; the
outcomes and diploma numbers are in services/graduation.py.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from xueji_desktop.core import lifecycle
from xueji_desktop.core.errors import ValidationError
from xueji_desktop.core.grading import course_result
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.storage.connection import Connection

BUILTIN_RULES = lifecycle.BUILTIN_GRADUATION_RULES


# -- rules --------------------------------------------------------------------------------------


def load_rules(conn: Connection, major_code: str | None) -> dict[str, Any]:
    """The rules in force for a major: its own keys, then the school's, then the built-in."""
    merged = dict(BUILTIN_RULES)
    keys = [""] if not major_code else ["", major_code]
    for key in keys:
        row = conn.execute(
            "SELECT rules FROM graduation_rules WHERE major_code = ?", (key,)
        ).fetchone()
        if row:
            merged.update(json.loads(row[0]))
    return merged


def get_rules(session: Session, major_code: str = "") -> dict[str, Any]:
    session.require(Permission.READ_RECORDS)
    if not isinstance(major_code, str):
        raise ValidationError(field="major_code", reason="type")
    return load_rules(session.archive.db.conn, major_code)


def set_rules(session: Session, major_code: str, rules: Mapping[str, Any]) -> None:
    """Store the rule set of a major ('' = school default). Keys left out fall back."""
    session.require(Permission.MANAGE_SETTINGS)
    if not isinstance(major_code, str):
        raise ValidationError(field="major_code", reason="type")
    checked = lifecycle.check_graduation_rules(rules)
    h = session.archive
    with h.db.atomic() as conn:
        if (
            major_code
            and not conn.execute("SELECT 1 FROM majors WHERE code = ?", (major_code,)).fetchone()
        ):
            raise ValidationError(field="major_code", reason="unknown")
        text = json.dumps(checked, ensure_ascii=False, sort_keys=True)
        conn.execute(
            "INSERT INTO graduation_rules (major_code, rules) VALUES (?, ?) "
            "ON CONFLICT(major_code) DO UPDATE SET rules = excluded.rules",
            (major_code, text),
        )
        audit.record(h, session.username, "graduation_rules_set", target_type="major",
                     target_id=major_code, details={"rules": checked})  # fmt: skip


# -- eligibility ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CourseStanding:
    passed: set[int]  # course ids passed (after 补考/重修)
    failed: set[int]  # course ids graded and never passed
    graded_terms: int


def course_standing(conn: Connection, student_id: int) -> CourseStanding:
    passed: set[int] = set()
    graded: set[int] = set()
    terms: set[int] = set()
    for course_id, term_id, score, label, makeup, retake in conn.execute(
        "SELECT course_id, term_id, score, grade_label, makeup_score, retake_score "
        "FROM grades WHERE student_id = ?",
        (student_id,),
    ):
        result = course_result(score, label or "", makeup, retake)
        if result.passed is None:
            continue
        graded.add(int(course_id))
        terms.add(int(term_id))
        if result.passed:
            passed.add(int(course_id))
    return CourseStanding(passed, graded - passed, len(terms))


def course_problems(
    conn: Connection, student_id: int, major_code: str | None, rules: Mapping[str, Any]
) -> list[Problem]:
    """Required courses not passed, then credits short."""
    standing = course_standing(conn, student_id)
    required = rules["required_courses"]
    if required == "all_required":
        rows = conn.execute(
            "SELECT id, code, name FROM courses WHERE required = 1 "
            "AND (major_code IS NULL OR major_code = ?) ORDER BY code",
            (major_code or "",),
        ).fetchall()
        wanted = [(int(r[0]), str(r[1]), str(r[2])) for r in rows]
    else:
        known = {
            str(r[1]): (int(r[0]), str(r[1]), str(r[2]))
            for r in conn.execute("SELECT id, code, name FROM courses")
        }
        wanted = [known.get(code, (-1, code, code)) for code in required]
    problems = [
        Problem(
            "courses",
            "course_not_passed",
            params={
                "course": code,
                "name": name,
                "result": "failed" if cid in standing.failed else "no_grade",
            },
        )
        for cid, code, name in wanted
        if cid not in standing.passed
    ]
    need = float(rules["min_credits"])
    if need > 0:
        have = 0.0
        if standing.passed:
            marks = ",".join("?" * len(standing.passed))
            have = float(
                conn.execute(
                    f"SELECT COALESCE(SUM(credits), 0) FROM courses WHERE id IN ({marks})",  # noqa: S608
                    sorted(standing.passed),
                ).fetchone()[0]
            )
        if have < need:
            problems.append(
                Problem(
                    "credits", "credits_short", params={"have": f"{have:g}", "need": f"{need:g}"}
                )
            )
    return problems


def check_student(conn: Connection, student: Mapping[str, Any]) -> list[Problem]:
    """Everything a student lacks for 毕业 under the rules of the student's major."""
    sid = int(student["id"])
    rules = load_rules(conn, student["major_code"])
    problems = course_problems(conn, sid, student["major_code"], rules)
    if rules["internship_required"]:
        ranks = [
            lifecycle.rank_assessment(str(r[0]))
            for r in conn.execute(
                "SELECT assessment FROM internships WHERE student_id = ? AND voided = 0", (sid,)
            )
        ]
        known = [r for r in ranks if r is not None]
        if not known:
            problems.append(Problem("internship", "internship_not_assessed"))
        elif max(known) < 1:
            problems.append(Problem("internship", "internship_failed"))
    need = str(rules["min_assessment"])
    if need:
        have = str(student["graduation_assessment"] or "")
        rank = lifecycle.rank_assessment(have)
        if rank is None:
            problems.append(Problem("graduation_assessment", "assessment_missing"))
        elif rank < (lifecycle.rank_assessment(need) or 0):
            problems.append(
                Problem("graduation_assessment", "assessment_too_low",
                        params={"have": have, "need": need})
            )  # fmt: skip
    blocking = rules["blocking_punishments"]
    for level, decided_on, document_no in conn.execute(
        "SELECT level, decided_on, document_no FROM rewards_punishments WHERE student_id = ? "
        "AND kind = 'punishment' AND lifted_on IS NULL AND annulled_on IS NULL AND voided = 0 "
        "ORDER BY decided_on",
        (sid,),
    ):
        if blocking is None or level in blocking:
            problems.append(
                Problem("punishments", "open_punishment",
                        params={"level": level, "decided_on": decided_on,
                                "document_no": document_no})
            )  # fmt: skip
    need_certs = int(rules["required_certificates"])
    if need_certs > 0:
        have_certs = int(
            conn.execute(
                "SELECT count(*) FROM skill_certificates WHERE student_id = ? AND voided = 0",
                (sid,),
            ).fetchone()[0]
        )
        if have_certs < need_certs:
            problems.append(
                Problem("certificates", "certificates_short",
                        params={"have": str(have_certs), "need": str(need_certs)})
            )  # fmt: skip
    return problems
