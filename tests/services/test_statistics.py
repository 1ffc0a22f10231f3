"""Statistics (services/statistics.py, statistics_rates.py) against a hand-counted archive, and the
1,200-student demo for totals that must agree."""

from __future__ import annotations

import dataclasses
import datetime
import json
from fractions import Fraction
from pathlib import Path

import pytest

from tests.records_fixtures import MAJOR, MAJOR2, insert_student, setup_structure
from xueji_desktop.core.errors import ValidationError
from xueji_desktop.core.roles import Role
from xueji_desktop.services.archive import Created
from xueji_desktop.services.context import Session
from xueji_desktop.services.demo import create_demo
from xueji_desktop.services.statistics import (
    DIMENSIONS,
    StatFilter,
    StatTable,
    counts,
    percent,
    status_changes_per_term,
)
from xueji_desktop.services.statistics_rates import graduate_outcomes, retention_per_intake
from xueji_desktop.storage.kdf import FAST_FOR_TESTS

D = datetime.date


def table(t: StatTable) -> dict[str, tuple[object, ...]]:
    return {r.key: r.values for r in t.rows}


def singles(t: StatTable) -> dict[str, object]:
    """key -> count, rows with a zero left out (the status table lists every state)."""
    return {r.key: r.values[0] for r in t.rows if r.values[0]}


class School:
    """The hand-counted archive (numbers in the comments of each test)."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self.ids = setup_structure(session)
        with session.archive.db.atomic() as conn:
            cur = conn.execute(
                "INSERT INTO class_groups (key, name, intake_year, major_code, head_teacher, "
                "graduation_year) VALUES ('2022-c3', '2022级计算机1班', 2022, ?, '王老师', 2025)",
                (MAJOR,),
            )
            self.ids["c3"] = int(cur.lastrowid)
        c1, c2, c3 = self.ids["c1"], self.ids["c2"], self.ids["c3"]
        old = {"enrolment_month": "202209"}
        self.a = insert_student(session, c1, source_place="430502")
        self.b = insert_student(
            session, c1, male=False, status="on_leave", ethnicity="02", source_place="440103"
        )
        self.c = insert_student(
            session, c2, major_code=MAJOR2, status="withdrawn", hukou_type="非农业户口"
        )
        self.d = insert_student(session, c2, major_code=MAJOR2, male=False, source_place="431102")
        self.e = insert_student(session, c1)  # voided below: never counted
        grad = {"status": "graduated", "graduation_date": "2025-07-01", **old}
        self.f = insert_student(session, c3, **grad)
        self.g = insert_student(session, c3, **grad)  # no history: 毕业 since its graduation date
        self.h = insert_student(session, c3, **grad)
        self.i = insert_student(session, c3, **grad)  # no destination
        self.j = insert_student(session, c3, status="transferred_out", **old)
        self.k = insert_student(session, c3, status="deceased", **old)
        self.l = insert_student(session, c1)  # came by 转入 on 2026-03-01
        self.sql("UPDATE students SET voided = 1, void_reason = '重复' WHERE id = ?", self.e)
        self.change(self.b, "leave_of_absence", "2025-09-01", "enrolled", "on_leave")
        self.change(self.c, "withdrawal", "2026-03-15", "enrolled", "withdrawn")
        self.change(self.d, "leave_of_absence", "2025-10-01", "enrolled", "on_leave")
        self.change(self.d, "return_from_leave", "2026-02-25", "on_leave", "enrolled")
        self.change(self.d, "withdrawal", "2026-05-01", "enrolled", "withdrawn", revoked=1)
        self.change(self.e, "leave_of_absence", "2025-12-01", "enrolled", "on_leave")
        self.change(self.f, "graduation", "2025-07-01", "enrolled", "graduated")
        self.change(self.j, "transfer_out", "2024-03-01", "enrolled", "transferred_out")
        self.change(self.k, "death", "2024-05-01", "enrolled", "deceased")
        self.change(self.l, "transfer_in", "2026-03-01", "none", "enrolled")
        self.change(self.a, "change_class", "2026-08-01", "enrolled", "enrolled")  # summer
        for sid, kind, matches in (
            (self.f, "employment", 1),
            (self.g, "further_study", None),
            (self.h, "employment", 0),
            (self.j, "other", None),  # not a graduate: not counted
        ):
            self.sql(
                "INSERT INTO destinations (student_id, kind, matches_major, recorded_on) "
                "VALUES (?, ?, ?, '2025-09-01')",
                sid,
                kind,
                matches,
            )

    def sql(self, statement: str, *params: object) -> None:
        with self.s.archive.db.atomic() as conn:
            conn.execute(statement, params)

    def change(
        self, sid: int, kind: str, day: str, before: str, after: str, *, revoked: int = 0
    ) -> None:
        self.sql(
            "INSERT INTO status_changes (student_id, kind, effective_date, details, status_before, "
            "status_after, revoked, created_at, created_by) VALUES (?,?,?,?,?,?,?, 'now', 'clerk')",
            sid,
            kind,
            day,
            json.dumps({}),
            before,
            after,
            revoked,
        )


@pytest.fixture
def w(archive: Created) -> School:
    return School(archive.session)


def test_counts_by_every_dimension(w: School) -> None:
    # 11 non-voided: 在籍 a d l, 休学 b, 毕业 f g h i, 退学 c, 转出 j, 死亡 k.
    by_status = counts(w.s, by="status")
    assert singles(by_status) == {
        "enrolled": 3,
        "on_leave": 1,
        "graduated": 4,
        "withdrawn": 1,
        "transferred_out": 1,
        "deceased": 1,
    }
    assert len(by_status.rows) == 10 and by_status.totals == (11,)
    assert by_status.rows[0].label_zh == "在籍" and by_status.rows[0].label_en == "enrolled"
    assert singles(counts(w.s, by="intake_year")) == {"2022": 6, "2025": 5}
    assert singles(counts(w.s, by="major")) == {MAJOR: 9, MAJOR2: 2}
    c1, c2, c3 = (str(w.ids[k]) for k in ("c1", "c2", "c3"))
    assert singles(counts(w.s, by="class_group")) == {c1: 3, c2: 2, c3: 6}
    by_gender = counts(w.s, by="gender")
    assert singles(by_gender) == {"1": 9, "2": 2}
    assert [r.label_zh for r in by_gender.rows] == ["男", "女"]
    assert singles(counts(w.s, by="ethnicity")) == {"01": 10, "02": 1}
    assert singles(counts(w.s, by="hukou_type")) == {"农业户口": 10, "非农业户口": 1}
    regions = counts(w.s, by="origin_region")
    assert singles(regions) == {"430000": 2, "440000": 1, "": 8}
    assert [(r.label_zh, r.label_en) for r in regions.rows] == [
        ("湖南省", "湖南省"),
        ("广东省", "广东省"),
        ("未填写", "not recorded"),
    ]
    assert regions.title == "students_by_origin_region" and regions.columns == ("count",)


def test_filters(w: School) -> None:
    assert singles(counts(w.s, by="status", filters=StatFilter(major_code=MAJOR2))) == {
        "enrolled": 1,
        "withdrawn": 1,
    }
    assert counts(w.s, by="major", filters=StatFilter(intake_year=2022)).totals == (6,)
    in_c1 = counts(w.s, by="status", filters=StatFilter(class_group_id=w.ids["c1"]))
    assert singles(in_c1) == {"enrolled": 2, "on_leave": 1}
    graduates = StatFilter(statuses=frozenset({"graduated"}))
    assert singles(counts(w.s, by="major", filters=graduates)) == {MAJOR: 4}
    assert [r.key for r in counts(w.s, by="status", filters=graduates).rows] == ["graduated"]


def test_status_as_of_a_date(w: School) -> None:
    # 2026-01-01: c not yet withdrawn, d on leave, l not yet there (its first event comes from
    # "none"); g h i (no history) graduated on 2025-07-01.
    assert singles(counts(w.s, by="status", as_of=D(2026, 1, 1))) == {
        "enrolled": 2,
        "on_leave": 2,
        "graduated": 4,
        "transferred_out": 1,
        "deceased": 1,
    }
    # 2024-01-01: the 2025 intake had not enrolled; f g h i j k were all 在籍.
    earlier = counts(w.s, by="status", as_of=D(2024, 1, 1))
    assert singles(earlier) == {"enrolled": 6}
    on_leave = StatFilter(statuses=frozenset({"on_leave"}))
    assert counts(w.s, by="major", filters=on_leave, as_of=D(2026, 1, 1)).totals == (2,)
    # The revoked 退学 of d on 2026-05-01 is not history.
    assert singles(counts(w.s, by="status", as_of=D(2026, 6, 1)))["enrolled"] == 3


def test_status_changes_per_term(w: School) -> None:
    t = status_changes_per_term(w.s)
    assert t.columns == (
        "leave_of_absence",
        "return_from_leave",
        "withdrawal",
        "transfer_out",
        "transfer_in",
        "change_class",
        "death",
        "graduation",
        "total",
    )
    assert table(t) == {
        "": (0, 0, 0, 1, 0, 0, 1, 1, 3),  # before the first term: j, k, f
        "2025-2026-1": (2, 0, 0, 0, 0, 0, 0, 0, 2),  # b on the first day, d (e is voided)
        "2025-2026-2": (0, 1, 1, 0, 1, 1, 0, 0, 4),  # d back, c, l; a's summer 调班
    }
    assert t.totals == (2, 1, 1, 1, 1, 1, 1, 1, 9)
    assert [r.label_zh for r in t.rows][1] == "2025—2026学年第一学期"
    only = status_changes_per_term(w.s, filters=StatFilter(major_code=MAJOR2))
    assert only.columns == ("leave_of_absence", "return_from_leave", "withdrawal", "total")
    assert table(only) == {"2025-2026-1": (1, 0, 0, 1), "2025-2026-2": (0, 1, 1, 2)}


def test_retention_per_intake(w: School) -> None:
    t = retention_per_intake(w.s, as_of=D(2026, 8, 1))
    assert t.columns == ("entered", "kept", "lost", "deceased", "retention_rate", "dropout_rate")
    assert table(t) == {
        "2022": (6, 4, 1, 1, Fraction(4, 6), Fraction(1, 6)),  # f g h i kept; j lost; k died
        "2025": (5, 4, 1, 0, Fraction(4, 5), Fraction(1, 5)),  # c withdrew
    }
    assert t.totals == (11, 8, 2, 1, Fraction(8, 11), Fraction(2, 11))
    assert [percent(v) for v in t.totals[4:]] == ["72.7%", "18.2%"]
    assert [percent(v) for v in t.rows[0].values[4:]] == ["66.7%", "16.7%"]
    before = table(retention_per_intake(w.s, as_of=D(2026, 1, 1)))
    assert before["2025"] == (4, 4, 0, 0, Fraction(1), Fraction(0))  # c still there, l not yet


def test_graduate_outcomes(w: School) -> None:
    t = graduate_outcomes(w.s, graduation_year=2025)
    # f employed in the field, h employed elsewhere, g further study, i no destination.
    assert table(t) == {
        MAJOR: (4, 3, 2, 1, 1, 0, 0, 0, Fraction(3, 4), Fraction(1, 4), Fraction(1, 2))
    }
    assert t.rows[0].label_zh == "计算机应用"
    assert [percent(v) for v in t.totals[8:]] == ["75.0%", "25.0%", "50.0%"]
    empty = graduate_outcomes(w.s, graduation_year=2026)
    assert empty.rows == () and empty.totals[0] == 0 and empty.totals[8:] == (None, None, None)


def test_percent_rounds_half_up_exactly() -> None:
    assert percent(Fraction(2, 3)) == "66.7%"
    assert percent(Fraction(1, 16)) == "6.3%"  # 6.25: half up
    assert percent(Fraction(1, 2000)) == "0.1%"
    assert percent(Fraction(1, 2001)) == "0.0%"
    assert percent(1) == "100.0%"
    assert percent(None) == "—"


def test_read_only_for_a_viewer(w: School) -> None:
    conn = w.s.archive.db.conn
    audit = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    viewer = dataclasses.replace(w.s, roles=frozenset({Role.VIEWER}))
    assert counts(viewer, by="status").totals == (11,)
    assert status_changes_per_term(viewer).totals[-1] == 9
    assert retention_per_intake(viewer, as_of=D(2026, 8, 1)).totals[0] == 11
    assert graduate_outcomes(viewer, graduation_year=2025).totals[0] == 4
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit


@pytest.mark.parametrize(
    "call",
    [
        lambda s: counts(s, by="nationality"),
        lambda s: counts(s, by="status", as_of="2026-01-01"),
        lambda s: counts(s, by="status", as_of=datetime.datetime(2026, 1, 1)),
        lambda s: counts(s, by="status", filters=StatFilter(statuses=frozenset({"left"}))),
        lambda s: counts(s, by="status", filters={"major_code": MAJOR}),
        lambda s: retention_per_intake(s, as_of=20260801),
        lambda s: graduate_outcomes(s, graduation_year="2025"),
    ],
)
def test_bad_arguments_are_refused(archive: Created, call: object) -> None:
    with pytest.raises(ValidationError):
        call(archive.session)  # type: ignore[operator]


def test_demo_totals_agree(tmp_path: Path) -> None:
    created = create_demo(
        tmp_path / "demo", password="Demo-Password-For-Tests-1", kdf=FAST_FOR_TESTS
    )
    s = created.session
    try:
        conn = s.archive.db.conn
        alive = conn.execute("SELECT count(*) FROM students WHERE voided = 0").fetchone()[0]
        assert alive == 1200
        for as_of in (None, D(2025, 6, 30), D(2026, 11, 16)):
            totals = {by: counts(s, by=by, as_of=as_of) for by in DIMENSIONS}
            total = totals["status"].totals[0]
            assert total == (alive if as_of is None or as_of.year == 2026 else 600)
            for by, t in totals.items():
                assert sum(int(r.values[0] or 0) for r in t.rows) == total == t.totals[0], by
        retention = retention_per_intake(s, as_of=D(2026, 11, 16))
        assert retention.totals[0] == alive
        for r in retention.rows:
            assert r.values[0] == sum(int(v or 0) for v in r.values[1:4])
        changes = conn.execute(
            "SELECT count(*) FROM status_changes c JOIN students s ON s.id = c.student_id "
            "WHERE c.revoked = 0 AND s.voided = 0"
        ).fetchone()[0]
        assert status_changes_per_term(s).totals[-1] == changes > 0
        graduated = singles(counts(s, by="status"))["graduated"]
        outcomes = graduate_outcomes(s, graduation_year=2026)
        assert 0 < outcomes.totals[0] <= graduated
        kinds = (2, 4, 5, 6, 7)  # employment, further study, military, stage transfer, other
        assert outcomes.totals[1] == sum(int(outcomes.totals[i] or 0) for i in kinds)
    finally:
        s.close()
