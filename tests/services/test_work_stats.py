"""Work statistics and the day's work log (services/work_stats.py) from a scripted audit trail:
entries written through audit.record at chosen local times, counted by hand."""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterator

import pytest

from tests.conftest import SCHOOL
from tests.services.test_statistics import School
from xueji_desktop.core.errors import PermissionDenied, RecordInvalid
from xueji_desktop.core.roles import Role
from xueji_desktop.messages_statistics import ACTION_TEXTS
from xueji_desktop.services import audit, grades
from xueji_desktop.services.archive import Created
from xueji_desktop.services.audit_access import ACTION_CLASSES
from xueji_desktop.services.statistics import StatTable
from xueji_desktop.services.work_stats import WORK_COLUMN_LABELS, WORK_COLUMNS, work_log
from xueji_desktop.services.work_stats import work_statistics as stats

D = datetime.date
ISSUE_9_ACTIONS = (  # interfaces.md §6
    "statistics_exported", "statistics_printed", "work_log_printed", "access_report_exported",
    "access_report_printed", "integrity_report_made", "integrity_report_printed",
    "integrity_report_exported", "transfer_package_exported", "transfer_package_imported",
    "retention_rule_set", "destruction_proposed", "destruction_approved", "destruction_rejected",
    "destruction_register_printed", "destruction_register_exported",
)  # fmt: skip


class Trail(School):
    """The hand-counted school plus a day of work by clerk1 and the admin (local times)."""

    def __init__(self, session: object, monkeypatch: pytest.MonkeyPatch) -> None:
        super().__init__(session)  # type: ignore[arg-type]
        self.mp = monkeypatch
        a, b, c, d, late = self.a, self.b, self.c, self.d, self.l
        day = (2026, 3, 2)
        self.put(day, "08:05", "admin", "login")
        self.put(day, "08:10", "clerk1", "student_added", "student", a)
        self.put(day, "08:20", "clerk1", "students_imported", "student", "",
                 added=3, updated=2, new_ids=[b, c, d], updated_ids=[a, late])  # fmt: skip
        self.put(day, "09:00", "clerk1", "record_viewed", "student", a)
        self.put(day, "09:15", "clerk1", "grades_recorded_bulk", "course", self.ids["math"],
                 term="2025-2026-1", saved=30, unchanged=2)  # fmt: skip
        self.put(day, "09:30", "clerk1", "grades_imported", "term", self.ids["t1"],
                 term="2025-2026-1", class_id=self.ids["c1"], added=40, updated=5)  # fmt: skip
        self.put(day, "10:00", "clerk1", "status_change_recorded", "student", b)
        self.put(day, "10:30", "clerk1", "number_corrected", "student", b, kind="student_no")
        self.put(day, "11:00", "clerk1", "document_issued", "document", "ZM2026-0001")
        self.put(day, "14:00", "clerk1", "students_exported", "", "", student_ids=[[a, d]])
        self.put(day, "15:00", "clerk1", "file_lent", "student", a)
        self.put(day, "15:10", "clerk1", "paper_file_kept", "file_intake", 1, student_ids=[a, b, c])
        self.put(day, "16:00", "admin", "status_change_revoked", "student", d)
        self.put(
            day, "16:30", "admin", "statistics_exported", "", "", titles=["students_by_status"]
        )
        self.put((2026, 3, 3), "09:00", "clerk1", "student_edited", "student", a)
        self.no = dict(self.s.archive.db.conn.execute("SELECT id, student_no FROM students"))

    def put(
        self,
        day: tuple[int, int, int],
        hhmm: str,
        actor: str,
        action: str,
        target_type: str = "",
        target_id: object = "",
        **details: object,
    ) -> None:
        hour, minute = (int(x) for x in hhmm.split(":"))
        local = datetime.datetime(*day, hour, minute).astimezone()
        ts = local.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        self.mp.setattr(audit, "now_utc", lambda: ts)
        with self.s.archive.db.atomic():
            audit.record(self.s.archive, actor, action, target_type=target_type,
                         target_id=str(target_id), details=dict(details))  # fmt: skip


@pytest.fixture
def t(archive: Created, monkeypatch: pytest.MonkeyPatch) -> Iterator[Trail]:
    yield Trail(archive.session, monkeypatch)


def per_user(table: StatTable) -> dict[str, dict[str, object]]:
    return {r.key: dict(zip(table.columns, r.values, strict=True)) for r in table.rows}


def test_work_statistics_for_one_day(t: Trail) -> None:
    table = stats(t.s, since=D(2026, 3, 2), until=D(2026, 3, 2))
    assert table.title == "work_statistics" and table.columns == WORK_COLUMNS
    assert per_user(table) == {
        "admin": {
            "entered": 0,
            "corrected": 0,
            "status_changes": 1,
            "grades": 0,
            "documents": 0,
            "imports": 0,
            "exports": 1,
            "paper_files": 0,
            "total": 1,
        },
        "clerk1": {
            "entered": 4,  # 1 added + 3 imported new
            "corrected": 3,  # 2 updated by the import + 1 number correction
            "status_changes": 1,
            "grades": 75,  # 30 in the course sheet + 40 added and 5 updated by the import
            "documents": 1,
            "imports": 2,
            "exports": 1,
            "paper_files": 4,  # one loan + three students filed
            "total": 88,
        },
    }
    assert table.totals == (4, 3, 2, 75, 1, 2, 2, 4, 89)
    assert set(WORK_COLUMN_LABELS) == set(WORK_COLUMNS)
    two_days = per_user(stats(t.s, since=D(2026, 3, 2), until=D(2026, 3, 3)))
    assert two_days["clerk1"]["corrected"] == 4
    assert stats(t.s, since=D(2026, 3, 4), until=D(2026, 12, 31)).rows == ()


def test_work_statistics_is_for_admins(t: Trail) -> None:
    clerk = dataclasses.replace(t.s, username="clerk1", roles=frozenset({Role.CLERK}))
    with pytest.raises(PermissionDenied):
        stats(clerk, since=D(2026, 3, 2), until=D(2026, 3, 2))


@pytest.mark.parametrize(
    ("since", "until", "problems"),
    [
        (D(2026, 3, 3), D(2026, 3, 2), [("until", "stat_period_reversed")]),
        ("2026-03-02", D(2026, 3, 2), [("since", "stat_bad_date")]),
        (None, 5, [("since", "stat_bad_date"), ("until", "stat_bad_date")]),
    ],
)
def test_work_statistics_refuses_garbage(
    archive: Created, since: object, until: object, problems: list[tuple[str, str]]
) -> None:
    with pytest.raises(RecordInvalid) as caught:
        stats(archive.session, since=since, until=until)  # type: ignore[arg-type]
    assert [(p.field, p.code) for p in caught.value.problems] == problems


def test_own_work_log(t: Trail) -> None:
    clerk = dataclasses.replace(t.s, username="clerk1", roles=frozenset({Role.CLERK}))
    log = work_log(clerk, day=D(2026, 3, 2))
    assert (log.user, log.day, log.school) == ("clerk1", D(2026, 3, 2), SCHOOL)
    a, b = t.no[t.a], t.no[t.b]
    got = [(e.time, e.action_zh, e.subject_zh, e.count) for e in log.entries]
    assert got == [
        ("08:10", "录入新生", f"张三（{a}）", 1),
        ("08:20", "导入学生", "5 名学生", 5),
        ("09:15", "批量录入成绩", "数学，2025—2026学年第一学期", 30),
        ("09:30", "导入成绩", "2025级计算机1班", 45),
        ("10:00", "办理学籍异动", f"张三（{b}）", 1),
        ("10:30", "更正学号或学籍号", f"张三（{b}）", 1),
        ("11:00", "出具文书", "", 1),
        ("14:00", "导出学生名单", "4 名学生", 4),
        ("15:00", "借出纸质档案", f"张三（{a}）", 1),
        ("15:10", "纸质档案入库", "3 名学生", 3),
    ]
    assert log.entries[1].student_ids == tuple(sorted((t.a, t.b, t.c, t.d, t.l)))
    assert log.entries[2].student_ids == ()
    assert log.entries[0].action_en == "Added a student"
    assert log.entries[0].subject_en == f"张三 ({a})"
    assert log.entries[1].subject_en == "5 students"
    # Never an ID number in what the log says.
    for e in log.entries:
        assert not re.search(r"\d{15,18}", e.subject_zh + e.subject_en)


def test_someone_elses_log_needs_an_admin(t: Trail) -> None:
    log = work_log(t.s, day=D(2026, 3, 2), user="clerk1")
    assert len(log.entries) == 10
    own = work_log(t.s, day=D(2026, 3, 2))
    assert [e.action for e in own.entries] == ["status_change_revoked", "statistics_exported"]
    assert own.entries[1].action_zh == "导出统计表" and own.entries[1].subject_zh == ""
    clerk = dataclasses.replace(t.s, username="clerk1", roles=frozenset({Role.CLERK}))
    with pytest.raises(PermissionDenied):
        work_log(clerk, day=D(2026, 3, 2), user="admin")
    viewer = dataclasses.replace(t.s, username="viewer", roles=frozenset({Role.VIEWER}))
    assert work_log(viewer, day=D(2026, 3, 2)).entries == ()


@pytest.mark.parametrize(
    ("kwargs", "problems"),
    [
        ({"day": "2026-03-02"}, [("day", "stat_bad_date")]),
        ({"day": datetime.datetime(2026, 3, 2)}, [("day", "stat_bad_date")]),
        ({"day": D(2026, 3, 2), "user": ""}, [("user", "stat_bad_user")]),
        ({"day": None, "user": 7}, [("day", "stat_bad_date"), ("user", "stat_bad_user")]),
    ],
)
def test_work_log_refuses_garbage(
    archive: Created, kwargs: dict[str, object], problems: list[tuple[str, str]]
) -> None:
    with pytest.raises(RecordInvalid) as caught:
        work_log(archive.session, **kwargs)  # type: ignore[arg-type]
    assert [(p.field, p.code) for p in caught.value.problems] == problems


# The ends of the calendar cannot be turned into UTC bounds (year 0, year 10000): they were an
# "internal error"; a mistyped year (0026, 9026) is refused the same way, in words.
OUT_OF_RANGE = [D(1, 1, 1), D(1, 1, 2), D(26, 11, 26), D(1899, 12, 31), D(2201, 1, 1),
                D(9026, 1, 1), D(9999, 12, 31)]  # fmt: skip


@pytest.mark.parametrize("day", OUT_OF_RANGE)
def test_days_outside_the_range_are_refused_in_words(archive: Created, day: D) -> None:
    from xueji_desktop.problem_text import problem_text

    # a reversed period as well (9999 to 2026): the range is said, not the order
    for call, fields in (
        (lambda: stats(archive.session, since=day, until=D(2026, 12, 31)), ["since"]),
        (lambda: stats(archive.session, since=D(1900, 1, 1), until=day), ["until"]),
        (lambda: work_log(archive.session, day=day), ["day"]),
    ):
        with pytest.raises(RecordInvalid) as caught:
            call()
        problems = caught.value.problems
        assert [(p.field, p.code) for p in problems] == [
            (f, "stat_date_out_of_range") for f in fields
        ]
        zh = problem_text(problems[0], "zh")
        assert "1900-01-01" in zh and "2200-12-31" in zh and "超出" in zh


def test_the_first_and_last_days_of_the_range_are_counted(archive: Created) -> None:
    table = stats(archive.session, since=D(1900, 1, 1), until=D(2200, 12, 31))
    assert table.title == "work_statistics"
    assert work_log(archive.session, day=D(1900, 1, 1)).entries == ()
    assert work_log(archive.session, day=D(2200, 12, 31)).entries == ()


def test_every_action_has_words() -> None:
    for action in (*ACTION_CLASSES, *ISSUE_9_ACTIONS):
        zh, en = ACTION_TEXTS[action]
        assert zh.strip() and en.strip(), action
        assert not any(w in zh for w in ("数据库", "会话", "密钥", "HMAC", "keyring")), action
    assert len(set(ACTION_TEXTS.values())) == len(ACTION_TEXTS)  # no two actions read the same


def test_views_do_not_count_and_every_export_does(t: Trail) -> None:
    day = (2026, 3, 4)
    t.put(day, "10:00", "clerk1", "record_viewed", "student", t.a)
    t.put(day, "10:05", "clerk1", "document_saved", "document", "ZM2026-0002")
    t.put(day, "10:10", "clerk1", "integrity_report_exported")
    t.put(day, "10:15", "clerk1", "login")
    row = per_user(stats(t.s, since=D(2026, 3, 4), until=D(2026, 3, 4)))["clerk1"]
    assert row["exports"] == 2 and row["total"] == 0
    log = work_log(t.s, day=D(2026, 3, 4), user="clerk1")
    assert [e.action for e in log.entries] == ["document_saved", "integrity_report_exported"]


def test_what_the_grade_services_write_is_counted(archive: Created) -> None:
    w = School(archive.session)
    s, math, t2 = w.s, w.ids["math"], w.ids["t2"]
    day = datetime.date.today()
    grades.record_grade(s, w.a, math, t2, score=81)
    rows = [{"student_id": sid, "score": 70} for sid in (w.b, w.l)]
    assert grades.record_grades_bulk(s, t2, math, rows).saved == 2
    if datetime.date.today() != day:  # midnight passed between the writes and the reads
        pytest.skip("the day changed during the test")
    log = work_log(s, day=day)
    done = [(e.action, e.subject_zh, e.count) for e in log.entries if e.action.startswith("grade")]
    number = s.archive.db.conn.execute("SELECT student_no FROM students WHERE id = ?", (w.a,))
    assert done == [
        ("grade_recorded", f"张三（{number.fetchone()[0]}）", 1),
        ("grades_recorded_bulk", "数学，2025—2026学年第二学期", 2),
    ]
    assert per_user(stats(s, since=day, until=day))[s.username]["grades"] == 3
