"""The statistics page's opening bundle (statistics_dashboard.dashboard) and the data-health
counts, against the hand-counted archive of test_statistics.py."""

from __future__ import annotations

import dataclasses
import datetime
from fractions import Fraction

import pytest

from tests.records_fixtures import MAJOR, MAJOR2, insert_student, setup_structure
from tests.services.test_statistics import School, singles, table
from xueji_desktop.core.errors import ValidationError
from xueji_desktop.core.roles import Role
from xueji_desktop.services.archive import Created
from xueji_desktop.services.health import KINDS, health_report
from xueji_desktop.services.statistics import StatFilter, counts, status_changes_per_term
from xueji_desktop.services.statistics_dashboard import dashboard, health_counts
from xueji_desktop.services.statistics_rates import graduate_outcomes, retention_per_intake

D = datetime.date


@pytest.fixture
def w(archive: Created) -> School:
    return School(archive.session)


def test_the_bundle_now(w: School) -> None:
    d = dashboard(w.s)
    assert d.as_of is None and d.student_total == 11
    assert singles(d.by_status) == {
        "enrolled": 3,
        "on_leave": 1,
        "graduated": 4,
        "withdrawn": 1,
        "transferred_out": 1,
        "deceased": 1,
    }
    assert singles(d.by_intake) == {"2022": 6, "2025": 5}
    assert singles(d.by_major) == {MAJOR: 9, MAJOR2: 2}
    assert singles(d.by_gender) == {"1": 9, "2": 2}
    assert singles(d.by_ethnicity) == {"01": 10, "02": 1}
    assert singles(d.by_hukou) == {"农业户口": 10, "非农业户口": 1}
    assert singles(d.by_origin) == {"430000": 2, "440000": 1, "": 8}
    assert d.changes_per_term.totals[-1] == 9
    # Today's statuses: 2022 f g h i kept, j lost, k died; 2025 a b d l kept, c lost.
    assert table(d.retention) == {
        "2022": (6, 4, 1, 1, Fraction(4, 6), Fraction(1, 6)),
        "2025": (5, 4, 1, 0, Fraction(4, 5), Fraction(1, 5)),
    }
    # The latest year with a graduate is 2025 (f g h i).
    assert d.graduation_year == 2025 and d.outcomes.totals[:3] == (4, 3, 2)
    for got, by in (
        (d.by_status, "status"),
        (d.by_intake, "intake_year"),
        (d.by_major, "major"),
        (d.by_gender, "gender"),
        (d.by_ethnicity, "ethnicity"),
        (d.by_hukou, "hukou_type"),
        (d.by_origin, "origin_region"),
    ):
        assert got == counts(w.s, by=by), by
    assert d.changes_per_term == status_changes_per_term(w.s)
    assert d.outcomes == graduate_outcomes(w.s, graduation_year=2025)


def test_the_bundle_as_of_a_date(w: School) -> None:
    d = dashboard(w.s, as_of=D(2026, 1, 1))
    assert d.as_of == D(2026, 1, 1) and d.student_total == 10  # l came on 2026-03-01
    assert singles(d.by_status) == {
        "enrolled": 2,
        "on_leave": 2,
        "graduated": 4,
        "transferred_out": 1,
        "deceased": 1,
    }
    assert table(d.retention)["2025"] == (4, 4, 0, 0, Fraction(1), Fraction(0))
    assert d.retention == retention_per_intake(w.s, as_of=D(2026, 1, 1))
    earlier = dashboard(w.s, as_of=D(2024, 1, 1))
    assert singles(earlier.by_status) == {"enrolled": 6} and earlier.student_total == 6


def test_the_bundle_under_filters(w: School) -> None:
    accounting = dashboard(w.s, filters=StatFilter(major_code=MAJOR2))
    assert singles(accounting.by_status) == {"enrolled": 1, "withdrawn": 1}
    assert accounting.student_total == 2
    assert accounting.graduation_year is None and accounting.outcomes.rows == ()
    assert table(accounting.changes_per_term) == {
        "2025-2026-1": (1, 0, 0, 1),
        "2025-2026-2": (0, 1, 1, 2),
    }
    graduates = dashboard(w.s, filters=StatFilter(statuses=frozenset({"graduated"})))
    assert graduates.student_total == 4 and [r.key for r in graduates.by_status.rows] == [
        "graduated"
    ]
    # Retention counts every status of the chosen students, whatever the status filter.
    assert graduates.retention.totals[0] == 11
    assert dashboard(w.s, graduation_year=2026).outcomes.totals[0] == 0
    in_c3 = dashboard(w.s, filters=StatFilter(class_group_id=w.ids["c3"], intake_year=2022))
    assert in_c3.student_total == 6 and in_c3.outcomes.totals[0] == 4


def test_a_viewer_may_read_it_and_nothing_is_written(w: School) -> None:
    conn = w.s.archive.db.conn
    before = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    viewer = dataclasses.replace(w.s, roles=frozenset({Role.VIEWER}))
    assert dashboard(viewer).student_total == 11
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


@pytest.mark.parametrize(
    "kwargs",
    [
        {"filters": {"major_code": MAJOR}},
        {"filters": StatFilter(intake_year="2025")},  # type: ignore[arg-type]
        {"filters": StatFilter(statuses=frozenset({"gone"}))},
        {"as_of": "2026-01-01"},
        {"as_of": datetime.datetime(2026, 1, 1)},
        {"graduation_year": "2025"},
        {"graduation_year": True},
    ],
)
def test_garbage_is_refused(archive: Created, kwargs: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        dashboard(archive.session, **kwargs)  # type: ignore[arg-type]


def test_health_counts(w: School) -> None:
    t = health_counts(w.s, today=D(2026, 9, 1))
    assert t.title == "health_counts" and t.columns == ("count",)
    assert [r.key for r in t.rows] == list(KINDS)
    got = {r.key: r.values[0] for r in t.rows}
    # i is the only graduate without a destination; every record is 已核准.
    assert got["graduate_without_destination"] == 1
    assert got["not_approved"] == 0
    report = health_report(w.s, today=D(2026, 9, 1))
    for kind in KINDS:
        assert got[kind] == len({f.student_id for f in report.findings if f.kind == kind}), kind
    assert t.totals == (len({f.student_id for f in report.findings}),)
    assert t.rows[-1].label_zh == "毕业去向未登记"
    with pytest.raises(ValidationError):
        health_counts(w.s, today="2026-09-01")  # type: ignore[arg-type]


def test_status_as_of_follows_a_scripted_history(archive: Created) -> None:
    s = archive.session
    ids = setup_structure(s)
    x = insert_student(s, ids["c1"], status="transferred_out")
    y = insert_student(s, ids["c1"])  # came by 转入 on 2026-01-10
    z = insert_student(s, ids["c1"], status="graduated", graduation_date="2026-07-01",
                       enrolment_month="202309")  # fmt: skip
    w = insert_student(s, ids["c1"], enrolment_month="202609")  # not there before September
    script = (
        (x, "leave_of_absence", "2025-10-01", "enrolled", "on_leave", 0),
        (x, "return_from_leave", "2025-10-01", "on_leave", "enrolled", 0),  # same day: later id
        (x, "withdrawal", "2026-03-01", "enrolled", "withdrawn", 1),  # revoked: never happened
        (x, "transfer_out", "2026-04-01", "enrolled", "transferred_out", 0),
        (y, "transfer_in", "2026-01-10", "none", "enrolled", 0),
    )
    with s.archive.db.atomic() as conn:
        for sid, kind, day, before, after, revoked in script:
            conn.execute(
                "INSERT INTO status_changes (student_id, kind, effective_date, details, "
                "status_before, status_after, revoked, created_at, created_by) "
                "VALUES (?,?,?, '{}', ?,?,?, 'now', 'clerk')",
                (sid, kind, day, before, after, revoked),
            )

    def status(day: datetime.date) -> dict[int, str]:
        out = {}
        assert dashboard(s, as_of=day).by_status == counts(s, by="status", as_of=day)
        # One student at a time: void the others for the count, then bring them back.
        for sid in (x, y, z, w):
            with s.archive.db.atomic() as conn:
                conn.execute("UPDATE students SET voided = (id <> ?)", (sid,))
            t = counts(s, by="status", as_of=day)
            found = [r.key for r in t.rows if r.values[0]]
            out[sid] = found[0] if found else "-"
        with s.archive.db.atomic() as conn:
            conn.execute("UPDATE students SET voided = 0")
        return out

    assert status(D(2025, 9, 30)) == {x: "enrolled", y: "-", z: "enrolled", w: "-"}
    assert status(D(2025, 10, 1)) == {x: "enrolled", y: "-", z: "enrolled", w: "-"}
    assert status(D(2026, 3, 31)) == {x: "enrolled", y: "enrolled", z: "enrolled", w: "-"}
    assert status(D(2026, 4, 1)) == {x: "transferred_out", y: "enrolled", z: "enrolled", w: "-"}
    assert status(D(2026, 7, 1)) == {
        x: "transferred_out",
        y: "enrolled",
        z: "graduated",
        w: "-",
    }
    assert status(D(2026, 9, 1))[w] == "enrolled"
