"""Graduation: configured rules, eligibility (each missing item), outcomes, 结业 → 毕业 window,
diploma numbers (pattern, import, uniqueness) and whole-class graduation."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from tests.records_fixtures import MAJOR, MAJOR2
from tests.services.test_status_changes import Env, make_env
from xueji_desktop.core.errors import (
    DuplicateRecord,
    IllegalTransition,
    NotEligible,
    PermissionDenied,
    ValidationError,
)
from xueji_desktop.core.roles import Role
from xueji_desktop.services import graduation as gr
from xueji_desktop.services import status_changes as sc
from xueji_desktop.services.archive import Created
from xueji_desktop.storage.layout import now_utc


@pytest.fixture
def env(archive: Created) -> Env:
    return make_env(archive)


def grade(env: Env, sid: int, course: str, score: float, makeup: float | None = None) -> None:
    with env.session.archive.db.atomic() as conn:
        conn.execute(
            "INSERT INTO grades (student_id, course_id, term_id, score, makeup_score, updated_at) "
            "VALUES (?,?,?,?,?,?)",
            (sid, env.ids[course], env.ids["t1"], score, makeup, now_utc()),
        )


def sql(env: Env, statement: str, *params: Any) -> None:
    with env.session.archive.db.atomic() as conn:
        conn.execute(statement, params)


def codes(env: Env, sid: int) -> list[tuple[str, dict[str, str]]]:
    return [(p.code, dict(p.params)) for p in gr.eligibility(env.session, sid).missing]


# -- rules -------------------------------------------------------------------------------


def test_rules_fall_back_per_key(env: Env) -> None:
    assert gr.get_rules(env.session, MAJOR) == dict(gr.BUILTIN_RULES)
    gr.set_rules(env.session, "", {"min_credits": 10, "required_certificates": 1})
    gr.set_rules(env.session, MAJOR, {"min_credits": 14})
    rules = gr.get_rules(env.session, MAJOR)
    assert (rules["min_credits"], rules["required_certificates"]) == (14, 1)
    assert gr.get_rules(env.session, MAJOR2)["min_credits"] == 10
    assert gr.get_rules(env.session, "")["required_courses"] == "all_required"


@pytest.mark.parametrize(
    "rules",
    [
        {"colour": 1},
        {"min_credits": "10"},
        {"min_credits": -1},
        {"min_credits": True},
        {"required_courses": "some"},
        {"required_courses": [1, 2]},
        {"internship_required": 1},
        {"min_assessment": "很好"},
        {"blocking_punishments": "记过"},
        {"required_certificates": 1.5},
        {"completion_window_months": [24, 6]},
        {"completion_window_months": [6]},
        "all",
        None,
    ],
)
def test_bad_rules_refused(env: Env, rules: Any) -> None:
    snap = env.snapshot()
    with pytest.raises(ValidationError):
        gr.set_rules(env.session, MAJOR, rules)
    assert env.snapshot() == snap


def test_rules_need_manage_settings(env: Env) -> None:
    clerk = dataclasses.replace(env.session, roles=frozenset({Role.CLERK}))
    with pytest.raises(PermissionDenied):
        gr.set_rules(clerk, "", {"min_credits": 1})
    with pytest.raises(PermissionDenied):
        gr.set_diploma_pattern(clerk, "{seq:4}")
    with pytest.raises(ValidationError):
        gr.set_rules(env.session, "999999", {"min_credits": 1})


# -- eligibility -------------------------------------------------------------------------


def test_each_missing_item(env: Env) -> None:
    gr.set_rules(env.session, "", {
        "required_courses": ["GB001", "ZY101", "XX999"], "min_credits": 12,
        "internship_required": True, "min_assessment": "良好",
        "blocking_punishments": ["留校察看", "记过"], "required_certificates": 1,
    })  # fmt: skip
    sid = env.student()
    grade(env, sid, "math", 50, makeup=70)  # passed at the 补考
    grade(env, sid, "prog", 40)
    got = codes(env, sid)
    assert (
        "course_not_passed",
        {"course": "ZY101", "name": "程序设计基础", "result": "failed"},
    ) in got
    assert ("course_not_passed", {"course": "XX999", "name": "XX999", "result": "no_grade"}) in got
    assert not any(c == "course_not_passed" and p["course"] == "GB001" for c, p in got)
    assert ("credits_short", {"have": "4", "need": "12"}) in got
    assert ("internship_not_assessed", {}) in got
    assert ("assessment_missing", {}) in got
    assert ("certificates_short", {"have": "0", "need": "1"}) in got
    assert not any(c == "open_punishment" for c, _ in got)

    sql(env, "UPDATE grades SET makeup_score = 60 WHERE student_id = ? AND course_id = ?",
        sid, env.ids["prog"])  # fmt: skip
    sql(env, "INSERT INTO internships (student_id, employer, start_date, assessment) "
        "VALUES (?, '某公司', '2027-09-01', '不合格')", sid)  # fmt: skip
    sql(env, "UPDATE students SET graduation_assessment = '合格' WHERE id = ?", sid)
    for level, lifted in (("记过", None), ("警告", None), ("留校察看", "2027-01-01")):
        sql(env, "INSERT INTO rewards_punishments (student_id, kind, level, decided_on, "
            "lifted_on, created_at) VALUES (?, 'punishment', ?, '2026-10-01', ?, ?)",
            sid, level, lifted, now_utc())  # fmt: skip
    got = codes(env, sid)
    assert ("credits_short", {"have": "10", "need": "12"}) in got
    assert ("internship_failed", {}) in got
    assert ("assessment_too_low", {"have": "合格", "need": "良好"}) in got
    punish = [p for c, p in got if c == "open_punishment"]
    assert [p["level"] for p in punish] == ["记过"]  # 警告 does not block; 留校察看 was lifted

    gr.set_rules(env.session, "", {"blocking_punishments": None})  # default: every open one
    assert sorted(p["level"] for c, p in codes(env, sid) if c == "open_punishment") == [
        "警告", "记过"]  # fmt: skip


def test_eligible_student_graduates_with_a_pattern_number(env: Env) -> None:
    sid = env.student()
    env.pass_all(sid)
    assert gr.eligibility(env.session, sid).eligible
    done = gr.graduate(env.session, sid, outcome="graduation", effective_date="2028-06-30",
                       document_no="湘教〔2028〕9号")  # fmt: skip
    assert done.diploma_no == "430001280001"  # school code + 届 28 + serial
    row = env.row(sid)
    assert (row["status"], row["graduation_outcome"], row["graduation_date"]) == (
        "graduated", "graduation", "2028-06-30")  # fmt: skip
    assert sc.get_change(env.session, done.change_id).kind == "graduation"
    # Revoked: the number is not handed out again.
    sc.revoke_change(env.session, done.change_id, "毕业审核未通过")
    assert env.row(sid)["diploma_no"] is None
    again = gr.graduate(env.session, sid, outcome="graduation", effective_date="2028-06-30")
    assert again.diploma_no == "430001280002"


def test_not_eligible_is_refused_with_what_is_missing(env: Env) -> None:
    sid = env.student()
    snap = env.snapshot()
    with pytest.raises(NotEligible) as exc:
        gr.graduate(env.session, sid, outcome="early_graduation", effective_date="2028-01-10")
    assert {p.code for p in exc.value.fields["missing"]} == {"course_not_passed"}  # type: ignore[attr-defined]
    assert env.snapshot() == snap
    for bad in ({"outcome": "diploma"}, {"outcome": "graduation", "effective_date": "tomorrow"}):
        with pytest.raises(ValidationError):
            gr.graduate(env.session, sid, **{"effective_date": "2028-01-10", **bad})  # type: ignore[arg-type]
    assert env.snapshot() == snap


def test_imported_diploma_numbers_are_unique_among_live_records(env: Env) -> None:
    a, b, c = env.student(), env.student(), env.student()
    for sid in (a, b, c):
        env.pass_all(sid)
    gr.graduate(env.session, a, outcome="graduation", effective_date="2028-06-30",
                diploma_no="HN2028000123")  # fmt: skip
    snap = env.snapshot()
    with pytest.raises(DuplicateRecord):
        gr.graduate(env.session, b, outcome="graduation", effective_date="2028-06-30",
                    diploma_no=" HN2028000123 ")  # fmt: skip
    for bad in ("", "   ", "A B", "9" * 41, 123):
        with pytest.raises(ValidationError):
            gr.graduate(env.session, b, outcome="graduation", effective_date="2028-06-30",
                        diploma_no=bad)  # type: ignore[arg-type]  # fmt: skip
    assert env.snapshot() == snap
    sql(env, "UPDATE students SET voided = 1, void_reason = '重复录入' WHERE id = ?", a)
    done = gr.graduate(env.session, c, outcome="graduation", effective_date="2028-06-30",
                       diploma_no="HN2028000123")  # fmt: skip
    assert done.diploma_no == "HN2028000123"


def test_diploma_pattern(env: Env) -> None:
    assert gr.diploma_pattern(env.session) == gr.DEFAULT_DIPLOMA_PATTERN
    for bad in ("{seq:4}{gy}", "{school}{seq:4}", "{gy}", "毕{seq:4}", "{seq:12}", 5):
        with pytest.raises(ValidationError):
            gr.set_diploma_pattern(env.session, bad)  # type: ignore[arg-type]
    gr.set_diploma_pattern(env.session, "ZZ-{graduation_year}-{seq:3}")
    sid = env.student()
    env.pass_all(sid)
    assert gr.graduate(env.session, sid, outcome="graduation",
                       effective_date="2028-06-30").diploma_no == "ZZ-2028-001"  # fmt: skip


def test_school_code_needed_by_the_default_pattern(env: Env) -> None:
    sql(env, "UPDATE school SET code = '' WHERE id = 1")
    sid = env.student()
    env.pass_all(sid)
    snap = env.snapshot()
    with pytest.raises(ValidationError) as exc:
        gr.graduate(env.session, sid, outcome="graduation", effective_date="2028-06-30")
    assert exc.value.fields["field"] == "school_code"
    assert env.snapshot() == snap


# -- 结业 → 毕业 -----------------------------------------------------------------------------


def test_completion_then_diploma_within_the_window(env: Env) -> None:
    gr.set_rules(env.session, "", {"completion_window_months": [6, 24]})
    sid = env.student()
    grade(env, sid, "math", 80)
    grade(env, sid, "chinese", 80)
    grade(env, sid, "prog", 30)
    with pytest.raises(ValidationError):
        gr.graduate(env.session, sid, outcome="completion", effective_date="2026-05-01",
                    diploma_no="X1")  # fmt: skip
    gr.graduate(env.session, sid, outcome="completion", effective_date="2026-05-01")
    row = env.row(sid)
    assert (row["status"], row["graduation_outcome"], row["diploma_no"]) == (
        "completed_without_diploma", "completion", None)  # fmt: skip
    kind = "diploma_after_completion"
    snap = env.snapshot()
    with pytest.raises(IllegalTransition) as exc:  # 3 months: too early
        sc.record_change(env.session, sid, kind, effective_date="2026-08-01")
    assert exc.value.fields["reason"] == "outside_window"
    with pytest.raises(NotEligible) as exc2:  # the 补考 not passed yet
        sc.record_change(env.session, sid, kind, effective_date="2027-03-01")
    assert [p.code for p in exc2.value.fields["missing"]] == ["course_not_passed"]  # type: ignore[attr-defined]
    sql(env, "UPDATE grades SET makeup_score = 62 WHERE student_id = ?", sid)
    with pytest.raises(IllegalTransition) as exc:  # 25 months: too late
        sc.record_change(env.session, sid, kind, effective_date="2028-06-01")
    assert exc.value.fields["reason"] == "outside_window"
    assert {k: v for k, v in env.snapshot().items() if k != "students"} == {
        k: v for k, v in snap.items() if k != "students"}  # fmt: skip
    cid = sc.record_change(env.session, sid, kind, effective_date="2027-03-01")
    row = env.row(sid)
    assert (row["status"], row["graduation_outcome"], row["graduation_date"]) == (
        "graduated", "graduation", "2027-03-01")  # dated at issue  # fmt: skip
    assert row["diploma_no"] == "430001280001"
    sc.revoke_change(env.session, cid, "补考成绩录错")
    row = env.row(sid)
    assert (row["status"], row["graduation_outcome"], row["graduation_date"], row["diploma_no"]) \
        == ("completed_without_diploma", "completion", "2026-05-01", None)  # fmt: skip


# -- a whole class -----------------------------------------------------------------------


def test_graduate_class(env: Env) -> None:
    good1, bad, good2 = env.student(), env.student(), env.student()
    on_leave = env.student(status="on_leave")
    env.pass_all(good1)
    env.pass_all(good2)
    grade(env, bad, "math", 10)
    listed = gr.class_eligibility(env.session, env.ids["c1"])
    assert [(s, e.eligible) for s, _, e in listed] == [(good1, True), (bad, False), (good2, True)]
    results = gr.graduate_class(env.session, env.ids["c1"], outcome="graduation",
                                effective_date="2028-06-30")  # fmt: skip
    by_id = {r.student_id: r for r in results}
    assert set(by_id) == {good1, bad, good2}
    assert by_id[good1].graduated and by_id[good2].graduated
    assert {by_id[good1].diploma_no, by_id[good2].diploma_no} == {"430001280001", "430001280002"}
    assert not by_id[bad].graduated and by_id[bad].error == "not_eligible"
    assert {p.code for p in by_id[bad].missing} == {"course_not_passed"}
    assert env.row(bad)["status"] == "enrolled"
    assert env.row(on_leave)["status"] == "on_leave"
    with pytest.raises(ValidationError):
        gr.graduate_class(env.session, "c1", outcome="graduation", effective_date="2028-06-30")  # type: ignore[arg-type]
