"""奖惩 (lifted vs annulled), internships, certificates, aid and destination."""

from __future__ import annotations

from typing import Any

import pytest

from tests.records_fixtures import insert_student, setup_structure
from tests.services.test_structure import codes, refused
from xueji_desktop.core.errors import (
    DuplicateRecord,
    NotFound,
    ReasonRequired,
    RecordInvalid,
    RecordVoided,
)
from xueji_desktop.services import student_affairs as sa
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session


@pytest.fixture
def env(archive: Created) -> tuple[Session, dict[str, int]]:
    s = archive.session
    ids = setup_structure(s)
    ids["s1"] = insert_student(s, ids["c1"])
    ids["left"] = insert_student(s, ids["c1"], status="graduated")
    return s, ids


def history(s: Session, entity: str) -> list[tuple[Any, ...]]:
    return s.archive.db.conn.execute(
        "SELECT entity_id, field, old_value, new_value, change_kind, reason FROM field_history"
        " WHERE entity = ? ORDER BY id",
        (entity,),
    ).fetchall()


def count(s: Session, table: str) -> int:
    return int(s.archive.db.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608


def punish(s: Session, sid: int, level: str = "警告") -> int:
    return sa.add_punishment(
        s, sid, level=level, decided_on="2025-10-10", document_no="校发〔2025〕7号"
    )


def test_award_and_punishment_listed(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    aid = sa.add_award(s, ids["s1"], level="校级", title="三好学生", decided_on="2025-12-01")
    pid = punish(s, ids["s1"])
    rows = sa.list_rewards_punishments(s, ids["s1"])
    assert [(r.id, r.kind, r.state) for r in rows] == [
        (pid, "punishment", "active"),
        (aid, "award", "active"),
    ]


def test_lift_then_annul_refused_and_vice_versa(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    lifted, annulled = punish(s, ids["s1"]), punish(s, ids["s1"], "记过")
    sa.lift_punishment(s, lifted, "2026-04-10", "校发〔2026〕2号")
    sa.annul_punishment(s, annulled, "2025-11-01", "事实认定错误")
    by_id = {r.id: r for r in sa.list_rewards_punishments(s, ids["s1"])}
    assert (by_id[lifted].state, by_id[lifted].lifted_on, by_id[lifted].lifted_document_no) == (
        "lifted",
        "2026-04-10",
        "校发〔2026〕2号",
    )
    assert (by_id[annulled].state, by_id[annulled].annulled_on) == ("annulled", "2025-11-01")
    assert by_id[annulled].annulled_reason == "事实认定错误"
    e = refused(s, RecordInvalid, lambda: sa.annul_punishment(s, lifted, "2026-05-01", "错"))
    assert codes(e) == {"punishment_lifted"}
    e = refused(s, RecordInvalid, lambda: sa.lift_punishment(s, annulled, "2026-05-01", "文号"))
    assert codes(e) == {"punishment_annulled"}
    e = refused(s, RecordInvalid, lambda: sa.lift_punishment(s, lifted, "2026-05-01", "文号"))
    assert codes(e) == {"punishment_lifted"}
    kinds = [(r[0], r[1], r[4]) for r in history(s, "reward_punishment")]
    assert (lifted, "lifted_on", "lift") in kinds and (annulled, "annulled_on", "annul") in kinds
    actions = [r[0] for r in s.archive.db.conn.execute("SELECT action FROM audit_log")]
    assert "punishment_lifted" in actions and "punishment_annulled" in actions


def test_punishment_end_rules(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    pid = punish(s, ids["s1"])
    e = refused(s, RecordInvalid, lambda: sa.lift_punishment(s, pid, "2025-01-01", "文号"))
    assert codes(e) == {"before_decision"}
    e = refused(s, RecordInvalid, lambda: sa.lift_punishment(s, pid, "2999-01-01", "文号"))
    assert codes(e) == {"date_in_future"}
    e = refused(s, RecordInvalid, lambda: sa.lift_punishment(s, pid, "2026-01-01", ""))
    assert codes(e) == {"required"}
    refused(s, ReasonRequired, lambda: sa.annul_punishment(s, pid, "2026-01-01", "  "))
    expelled = punish(s, ids["s1"], "开除学籍")
    e = refused(s, RecordInvalid, lambda: sa.lift_punishment(s, expelled, "2026-01-01", "文号"))
    assert codes(e) == {"expulsion_not_liftable"}
    award = sa.add_award(s, ids["s1"], level="校级", title="奖", decided_on="2025-12-01")
    e = refused(s, RecordInvalid, lambda: sa.lift_punishment(s, award, "2026-01-01", "文号"))
    assert codes(e) == {"not_a_punishment"}
    refused(s, NotFound, lambda: sa.lift_punishment(s, 999, "2026-01-01", "文号"))


@pytest.mark.parametrize(
    ("kw", "problem"),
    [
        ({"level": "批评"}, "invalid_choice"),
        ({"document_no": ""}, "required"),
        ({"decided_on": "2025-02-30"}, "invalid_date"),
        ({"decided_on": None}, "required"),
        ({"decided_on": "2999-01-01"}, "date_in_future"),
        ({"reason": 42}, "invalid_type"),
        ({"reason": "x" * 10_000}, "too_long"),
    ],
)
def test_punishment_garbage(
    env: tuple[Session, dict[str, int]], kw: dict[str, Any], problem: str
) -> None:
    s, ids = env
    args: dict[str, Any] = {"level": "警告", "decided_on": "2025-10-10", "document_no": "1", **kw}
    e = refused(s, RecordInvalid, lambda: sa.add_punishment(s, ids["s1"], **args))
    assert problem in codes(e)


def test_void_not_delete(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    pid = punish(s, ids["s1"])
    refused(s, ReasonRequired, lambda: sa.void_reward_punishment(s, pid, ""))
    sa.void_reward_punishment(s, pid, "录错学生")
    [row] = sa.list_rewards_punishments(s, ids["s1"])
    assert (row.state, row.void_reason) == ("voided", "录错学生")
    assert count(s, "rewards_punishments") == 1
    refused(s, RecordVoided, lambda: sa.void_reward_punishment(s, pid, "again"))
    refused(s, RecordVoided, lambda: sa.lift_punishment(s, pid, "2026-01-01", "文号"))
    assert (pid, "voided", "0", "1", "void", "录错学生") in history(s, "reward_punishment")


def test_internship_assessment_and_void(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    iid = sa.add_internship(
        s, ids["s1"], employer="长沙某科技公司", start_date="2025-11-01", position="运维助理"
    )
    sa.set_internship_assessment(s, iid, "优秀", end_date="2026-01-15")
    [i] = sa.list_internships(s, ids["s1"])
    assert (i.assessment, i.end_date, i.voided) == ("优秀", "2026-01-15", False)
    assert {r[1] for r in history(s, "internship")} == {"assessment", "end_date"}
    e = refused(s, RecordInvalid, lambda: sa.set_internship_assessment(s, iid, "A"))
    assert codes(e) == {"invalid_choice"}
    e = refused(
        s,
        RecordInvalid,
        lambda: sa.set_internship_assessment(s, iid, "良好", end_date="2025-10-01"),
    )
    assert codes(e) == {"end_before_start"}
    e = refused(
        s, RecordInvalid, lambda: sa.add_internship(s, ids["s1"], employer="", start_date="x")
    )
    assert codes(e) == {"required", "invalid_date"}
    sa.void_internship(s, iid, "重复录入")
    assert sa.list_internships(s, ids["s1"])[0].voided
    assert history(s, "internship")[-1][1:] == ("voided", "0", "1", "void", "重复录入")
    refused(s, RecordVoided, lambda: sa.set_internship_assessment(s, iid, "良好"))


def test_skill_certificate(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    cid = sa.add_skill_certificate(
        s, ids["s1"], name="Web前端开发", level="初级", issued_on="2026-01-05", is_1x=True
    )
    [c] = sa.list_skill_certificates(s, ids["s1"])
    assert (c.id, c.is_1x, c.voided) == (cid, True, False)
    e = refused(
        s,
        RecordInvalid,
        lambda: sa.add_skill_certificate(
            s, ids["s1"], name="x", issued_on="2026-01-05", is_1x="yes"
        ),
    )  # type: ignore[arg-type]
    assert codes(e) == {"invalid_type"}
    refused(s, NotFound, lambda: sa.add_skill_certificate(s, 999, name="x", issued_on="2026-01-05"))
    sa.void_skill_certificate(s, cid, "证书号有误")
    assert sa.list_skill_certificates(s, ids["s1"])[0].voided


def test_financial_aid(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    aid = sa.add_financial_aid(
        s, ids["s1"], ids["t1"], "state_grant", 100_000, paid_on="2025-11-20"
    )
    sa.add_financial_aid(s, ids["s1"], ids["t1"], "tuition_waiver", 120_000)
    refused(
        s, DuplicateRecord, lambda: sa.add_financial_aid(s, ids["s1"], ids["t1"], "state_grant", 1)
    )
    for kind, amount, problem in (
        ("state_grant", -1, "out_of_range"),
        ("state_grant", 1000.5, "invalid_type"),
        ("state_grant", "1000", "invalid_type"),
        ("grant", 1, "invalid_choice"),
    ):
        e = refused(
            s,
            RecordInvalid,
            lambda k=kind, a=amount: sa.add_financial_aid(s, ids["s1"], ids["t2"], k, a),
        )
        assert problem in codes(e)
    refused(s, NotFound, lambda: sa.add_financial_aid(s, ids["s1"], 999, "other", 1))
    sa.edit_financial_aid(s, aid, amount_fen=95_000)
    assert history(s, "financial_aid") == [(aid, "amount_fen", "100000", "95000", "edit", "")]
    rows = sa.list_financial_aid(s, ids["s1"])
    assert [(r.kind, r.amount_fen, r.term_code) for r in rows] == [
        ("state_grant", 95_000, "2025-2026-1"),
        ("tuition_waiver", 120_000, "2025-2026-1"),
    ]
    sa.void_financial_aid(s, aid, "重复发放登记")
    assert [r.voided for r in sa.list_financial_aid(s, ids["s1"])] == [True, False]


def test_destination_only_after_leaving(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env
    e = refused(
        s,
        RecordInvalid,
        lambda: sa.set_destination(
            s, ids["s1"], kind="employment", employer="某公司", recorded_on="2026-07-01"
        ),
    )
    assert codes(e) == {"student_not_left"}
    sid = ids["left"]
    assert sa.get_destination(s, sid) is None
    sa.set_destination(
        s, sid, kind="employment", employer="某公司", matches_major=True, recorded_on="2026-01-05"
    )
    sa.set_destination(
        s,
        sid,
        kind="further_study",
        employer="湖南某职业技术学院",
        matches_major=True,
        recorded_on="2026-01-05",
    )
    d = sa.get_destination(s, sid)
    assert d is not None and (d.kind, d.employer, d.matches_major) == (
        "further_study",
        "湖南某职业技术学院",
        True,
    )
    assert {r[1] for r in history(s, "destination")} == {"kind", "employer"}
    for kw, problem in (
        ({"kind": "abroad"}, "invalid_choice"),
        ({"kind": "employment", "employer": ""}, "required"),
        ({"kind": "military", "matches_major": "yes"}, "invalid_type"),
    ):
        e = refused(
            s, RecordInvalid, lambda k=kw: sa.set_destination(s, sid, recorded_on="2026-01-05", **k)
        )
        assert problem in codes(e)


def punish_on(s: Session, sid: int, day: str, level: str = "警告") -> int:
    return sa.add_punishment(s, sid, level=level, decided_on=day, document_no="校发〔2025〕9号")


def test_a_punishment_before_enrolment_is_refused(env: tuple[Session, dict[str, int]]) -> None:
    s, ids = env  # s1 enrolled in 2025-09 (records_fixtures)
    e = refused(s, RecordInvalid, lambda: punish_on(s, ids["s1"], "2025-08-31"))
    assert codes(e) == {"before_enrolment"}
    assert e.problems[0].params == {"month": "2025-09"}  # type: ignore[attr-defined]
    punish_on(s, ids["s1"], "2025-09-01")


def test_a_punishment_after_the_student_left_is_refused(
    env: tuple[Session, dict[str, int]],
) -> None:
    from xueji_desktop.services import status_changes

    s, ids = env
    status_changes.record_change(s, ids["s1"], "withdrawal", effective_date="2025-11-20")
    e = refused(s, RecordInvalid, lambda: punish_on(s, ids["s1"], "2025-11-21", "开除学籍"))
    assert codes(e) == {"after_leaving"}
    assert e.problems[0].params == {"left_on": "2025-11-20"}  # type: ignore[attr-defined]
    # Decided on the day of leaving, or before it and entered later (历史补录): accepted.
    punish_on(s, ids["s1"], "2025-11-20", "记过")
