"""The school calendar setting: defaults, a validated save with its audit entry, damaged stored
values that fall back to the defaults, the dates the reminders use, and the events list."""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ADMIN
from tests.records_fixtures import add_account, setup_structure
from xueji_desktop.core.errors import PermissionDenied, RecordInvalid
from xueji_desktop.core.roles import Role
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services import calendar_settings as cs
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.calendar_settings import AidDate, SchoolCalendar

D = datetime.date


def _audit(archive: Created) -> list[tuple[str, str, str, dict[str, object]]]:
    rows = archive.session.archive.db.conn.execute(
        "SELECT actor, action, target_id, details FROM audit_log ORDER BY seq"
    ).fetchall()
    return [(str(a), str(b), str(c), json.loads(d)) for a, b, c, d in rows]


def _stored(archive: Created, text: str) -> None:
    with archive.session.archive.db.atomic() as conn:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES ('school_calendar', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (text,),
        )


def _problems(calendar: SchoolCalendar) -> list[tuple[str, str, dict[str, str]]]:
    with pytest.raises(RecordInvalid) as caught:
        cs.check_calendar(calendar)
    return [(p.field, p.code, dict(p.params)) for p in caught.value.problems]


def test_defaults_are_the_national_deadlines_and_the_assumed_periods(archive: Created) -> None:
    cal = cs.get_calendar(archive.session)
    assert cal == SchoolCalendar()
    assert cal.autumn_deadline == (11, 20) and cal.spring_deadline == (4, 20)
    assert cal.leave_day == (6, 30)
    assert cal.loan_days == 30 and cal.receipt_wait_days == 60
    assert [(a.month, a.day) for a in cal.aid_dates] == [(4, 30), (10, 31)]
    assert cal.holidays == frozenset() and cal.workdays == frozenset()


def test_a_clerk_saves_the_calendar_and_it_is_audited(archive: Created) -> None:
    s = archive.session
    new = SchoolCalendar(
        leave_day=(7, 10),
        aid_dates=(AidDate(" 秋季国家助学金名单 ", 10, 15),),
        holidays=frozenset({D(2026, 10, 1), D(2026, 10, 2)}),
        workdays=frozenset({D(2026, 9, 27)}),  # a Sunday worked (调休)
        loan_days=14,
        receipt_wait_days=90,
    )
    cs.set_calendar(s, new)
    back = cs.get_calendar(s)
    assert back == dataclasses.replace(new, aid_dates=(AidDate("秋季国家助学金名单", 10, 15),))
    actor, action, target, details = _audit(archive)[-1]
    assert (actor, action, target) == (ADMIN, "school_calendar_set", "school_calendar")
    assert details == {
        "changed": ["leave_day", "aid_dates", "holidays", "workdays", "loan_days",
                    "receipt_wait_days"],
        "loan_days": 14,
        "receipt_wait_days": 90,
        "holidays": 2,
        "workdays": 1,
        "aid_dates": 1,
    }  # fmt: skip
    stored = json.loads(
        s.archive.db.conn.execute(
            "SELECT value FROM settings WHERE key = 'school_calendar'"
        ).fetchone()[0]
    )
    assert stored["holidays"] == ["2026-10-01", "2026-10-02"] and stored["version"] == 1


def test_a_viewer_reads_but_does_not_save(archive: Created) -> None:
    add_account(archive.session, "viewer1", "viewer-pass-2026x", [Role.VIEWER])
    viewer = login(archive.session.archive.layout.root, "viewer1", "viewer-pass-2026x")
    try:
        assert cs.get_calendar(viewer) == SchoolCalendar()
        before = len(_audit(archive))
        with pytest.raises(PermissionDenied):
            cs.set_calendar(viewer, SchoolCalendar(loan_days=10))
        assert len(_audit(archive)) == before
    finally:
        viewer.close()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"autumn_deadline": (11, 31)}, ("autumn_deadline", "calendar_no_such_day")),
        ({"spring_deadline": (13, 1)}, ("spring_deadline", "calendar_no_such_month")),
        ({"leave_day": (2, 29)}, ("leave_day", "calendar_leap_day")),
        ({"leave_day": (6,)}, ("leave_day", "invalid_type")),
        ({"leave_day": ("6", "30")}, ("leave_day", "invalid_type")),
        ({"leave_day": (True, 1)}, ("leave_day", "invalid_type")),
        ({"loan_days": 0}, ("loan_days", "out_of_range")),
        ({"loan_days": 366}, ("loan_days", "out_of_range")),
        ({"loan_days": 30.0}, ("loan_days", "invalid_type")),
        ({"receipt_wait_days": -1}, ("receipt_wait_days", "out_of_range")),
        ({"aid_dates": (AidDate("", 4, 30),)}, ("aid_dates", "calendar_aid_name_required")),
        ({"aid_dates": (AidDate("x" * 41, 4, 30),)}, ("aid_dates", "calendar_aid_name_too_long")),
        ({"aid_dates": (AidDate("名单", 4, 31),)}, ("aid_dates", "calendar_aid_no_such_day")),
        ({"aid_dates": (AidDate("名单", 14, 1),)}, ("aid_dates", "calendar_aid_no_such_month")),
        ({"aid_dates": (AidDate("名单", 2, 29),)}, ("aid_dates", "calendar_aid_leap_day")),
        ({"aid_dates": (AidDate("名单", "4", 30),)}, ("aid_dates", "calendar_aid_invalid")),
        (
            {"aid_dates": (AidDate("名单", 4, 30), AidDate("名单", 4, 30))},
            ("aid_dates", "calendar_aid_duplicate"),
        ),
        ({"aid_dates": ("4-30",)}, ("aid_dates", "calendar_aid_invalid")),
        (
            {"aid_dates": tuple(AidDate(f"名单{n}", 1, n + 1) for n in range(13))},
            ("aid_dates", "calendar_too_many_aid_dates"),
        ),
        ({"holidays": frozenset({"2026-10-01"})}, ("holidays", "invalid_type")),
        (
            {"holidays": frozenset({datetime.datetime(2026, 10, 1)})},
            ("holidays", "invalid_type"),
        ),
        (
            {"holidays": frozenset(D(2026, 1, 1) + datetime.timedelta(n) for n in range(401))},
            ("holidays", "calendar_too_many_days"),
        ),
        ({"workdays": frozenset({D(2026, 10, 8)})}, ("workdays", "calendar_workday_not_weekend")),
        (
            {"holidays": frozenset({D(2026, 10, 4)}), "workdays": frozenset({D(2026, 10, 4)})},
            ("workdays", "calendar_day_in_both"),
        ),
        ({"workdays": "2026-10-10"}, ("workdays", "invalid_type")),
    ],
)
def test_bad_values_are_refused_with_sentences(
    archive: Created, change: dict[str, object], expected: tuple[str, str]
) -> None:
    bad = dataclasses.replace(SchoolCalendar(), **change)  # type: ignore[arg-type]
    problems = _problems(bad)
    assert expected in [(f, c) for f, c, _ in problems]
    for field, code, params in problems:
        from xueji_desktop.core.problems import Problem

        for lang in ("zh", "en"):
            text = problem_text(Problem(field, code, params=params), lang)
            assert f"({code})" not in text and f"（{code}）" not in text
    before = _audit(archive)
    with pytest.raises(RecordInvalid):
        cs.set_calendar(archive.session, bad)
    assert _audit(archive) == before
    assert cs.get_calendar(archive.session) == SchoolCalendar()


def test_sentences_name_the_day_and_the_line() -> None:
    from xueji_desktop.core.problems import Problem

    bad = SchoolCalendar(
        autumn_deadline=(11, 31), aid_dates=(AidDate("春季", 4, 30), AidDate("", 4, 30))
    )
    found = [Problem(field, code, params=params) for field, code, params in _problems(bad)]
    texts = {(p.field, p.code): problem_text(p, "zh") for p in found}
    assert texts[("autumn_deadline", "calendar_no_such_day")] == (
        "秋季新生注册截止日：11月没有31日，请改成这个月有的日子。"
    )
    assert "第 2 行" in texts[("aid_dates", "calendar_aid_name_required")]
    assert cs.check_calendar(SchoolCalendar()) == SchoolCalendar()
    with pytest.raises(RecordInvalid):
        cs.check_calendar("not a calendar")


@pytest.mark.parametrize(
    ("aid", "zh", "en"),
    [
        (AidDate("秋季", 4, 31), "资助名单上报日期第 2 行的日期不存在：4月没有31日", "line 2"),
        (AidDate("秋季", 13, 1), "资助名单上报日期第 2 行的日期不存在：没有13月", "line 2"),
        (AidDate("秋季", 2, 29), "资助名单上报日期第 2 行不能定在2月29日", "line 2"),
        (AidDate("秋季", None, 1), "资助名单上报日期第 2 行填写有误", "line 2"),  # type: ignore[arg-type]
    ],
)
def test_a_day_an_aid_line_cannot_have_names_its_line(aid: AidDate, zh: str, en: str) -> None:
    from xueji_desktop.core.problems import Problem

    bad = SchoolCalendar(aid_dates=(AidDate("春季", 4, 30), aid, AidDate("冬季", 1, 5)))
    found = [Problem(f, c, params=p) for f, c, p in _problems(bad)]
    assert len(found) == 1 and found[0].field == "aid_dates"  # the page's red line for the table
    assert problem_text(found[0], "zh").startswith(zh)
    assert en in problem_text(found[0], "en")


def test_a_wrong_range_for_the_events_names_its_fields_in_words(archive: Created) -> None:
    with pytest.raises(RecordInvalid) as caught:
        cs.calendar_events(archive.session, start="2026-01-01", end="2026-12-31")  # type: ignore[arg-type]
    texts = [problem_text(p, "zh") for p in caught.value.problems]
    assert [p.field for p in caught.value.problems] == ["start", "end"]
    assert texts[0].startswith("开始日期") and texts[1].startswith("结束日期"), texts
    english = " ".join(problem_text(p, "en") for p in caught.value.problems)
    assert "start date" in english and "end date" in english
    assert not any(re.search(r"[A-Za-z]", t) for t in texts), texts


@pytest.mark.parametrize(
    "text",
    [
        "garbage",
        "",
        "[]",
        "null",
        '"text"',
        '{"loan_days": "thirty"}',
        '{"loan_days": 0}',
        '{"autumn_deadline": [2, 30]}',
        '{"autumn_deadline": 5}',
        '{"aid_dates": [["名单", 4]]}',
        '{"aid_dates": {"a": 1}}',
        '{"holidays": ["2026-13-01"]}',
        '{"holidays": ["2026-1-1"]}',
        '{"holidays": [20260101]}',
        '{"holidays": "2026-01-01"}',
        '{"workdays": ["2026-10-08"]}',
        '{"leave_day": [6, 30, 1]}',
        '{"holidays": ["0000-01-01"]}',
        "[" * 5000,
    ],
)
def test_a_damaged_setting_reads_as_the_defaults(
    archive: Created, text: str, caplog: pytest.LogCaptureFixture
) -> None:
    _stored(archive, text)
    with caplog.at_level(logging.WARNING, logger="xueji_desktop.services.calendar_settings"):
        assert cs.get_calendar(archive.session) == SchoolCalendar()
    # a warning that names the exception type only, never the stored text
    messages = [r.getMessage() for r in caplog.records]
    if text:
        assert len(messages) == 1 and "unusable" in messages[0]
        assert text[:8] not in messages[0]
    else:
        assert messages == []  # empty is "never saved", not damage


def test_keys_an_older_version_did_not_write_take_their_defaults(archive: Created) -> None:
    _stored(archive, '{"loan_days": 21, "version": 1}')
    assert cs.get_calendar(archive.session) == SchoolCalendar(loan_days=21)


def test_the_graduation_window_counts_working_days_with_the_rest_days() -> None:
    cal = SchoolCalendar()
    assert cs.graduation_window(cal, 2028) == (D(2028, 6, 2), D(2028, 6, 30))
    # the Dragon Boat holiday (a Friday) pushes the first day one working day earlier
    with_holiday = SchoolCalendar(holidays=frozenset({D(2028, 6, 16)}))
    assert cs.graduation_window(with_holiday, 2028) == (D(2028, 6, 1), D(2028, 6, 30))
    # a worked Saturday inside the window moves it one day later
    worked = SchoolCalendar(workdays=frozenset({D(2028, 6, 10)}))
    assert cs.graduation_window(worked, 2028)[0] == D(2028, 6, 5)
    assert cs.day_rules(with_holiday).holidays == frozenset({D(2028, 6, 16)})
    assert cs.registration_dates(SchoolCalendar(spring_deadline=(4, 25))) == ((4, 25), (11, 20))


@pytest.mark.parametrize(
    ("today", "names"),
    [
        (D(2026, 4, 15), []),  # 15 days before 30 April: not yet
        (D(2026, 4, 16), ["春季学期资助名单上报"]),
        (D(2026, 5, 7), ["春季学期资助名单上报"]),  # passed 7 days ago: still said
        (D(2026, 5, 8), []),
        (D(2027, 1, 2), []),
    ],
)
def test_aid_dates_near_today(today: D, names: list[str]) -> None:
    assert [a.name for a, _ in cs.aid_dates_near(SchoolCalendar(), today)] == names


def test_aid_dates_near_the_new_year_take_the_nearest_year() -> None:
    cal = SchoolCalendar(aid_dates=(AidDate("年初", 1, 5), AidDate("年末", 12, 28)))
    near = cs.aid_dates_near(cal, D(2026, 12, 30))
    assert [(a.name, d) for a, d in near] == [("年末", D(2026, 12, 28)), ("年初", D(2027, 1, 5))]


def test_calendar_events_list_terms_deadlines_windows_aid_and_rest_days(archive: Created) -> None:
    s = archive.session
    setup_structure(s)  # terms 2025-09-01..2026-01-20 and 2026-02-20..2026-07-10
    cs.set_calendar(
        s,
        SchoolCalendar(holidays=frozenset({D(2026, 5, 1)}), workdays=frozenset({D(2026, 4, 26)})),
    )
    events = cs.calendar_events(s, start=D(2026, 1, 1), end=D(2026, 7, 31))
    summary = [(e.date, e.kind) for e in events]
    assert summary == [
        ("2026-01-20", "term_end"),
        ("2026-02-20", "term_start"),
        ("2026-04-20", "registration_deadline"),
        ("2026-04-26", "workday"),
        ("2026-04-30", "aid_date"),
        ("2026-05-01", "holiday"),
        ("2026-06-02", "graduation_window"),
        ("2026-06-30", "leave_day"),
        ("2026-07-10", "term_end"),
    ]
    assert events[0].params == {"term": "2025-2026-1", "name": "2025—2026学年第一学期"}
    assert events[2].params == {"season": "spring"}
    assert events[6].params == {"leave_day": "2026-06-30"}
    assert cs.calendar_events(s, start=D(2026, 2, 1), end=D(2026, 1, 1)) == []
    with pytest.raises(RecordInvalid) as caught:
        cs.calendar_events(s, start=D(2020, 1, 1), end=D(2031, 1, 1))
    assert caught.value.problems[0].code == "calendar_span_too_long"
    with pytest.raises(RecordInvalid):
        cs.calendar_events(s, start="2026-01-01", end=D(2026, 2, 1))  # type: ignore[arg-type]


# -- the stored text round-trips every valid calendar -------------------------------------------

_month_days = st.dates(D(2001, 1, 1), D(2001, 12, 31)).map(lambda d: (d.month, d.day))
_days = st.frozensets(st.dates(D(2000, 1, 1), D(2099, 12, 31)), max_size=30)
_weekends = _days.map(lambda ds: frozenset(d for d in ds if d.weekday() >= 5))
_aids = st.lists(
    st.builds(
        lambda name, md: AidDate(name, *md),
        st.text(min_size=1, max_size=40).map(str.strip).filter(bool),
        _month_days,
    ),
    max_size=cs.MAX_AID_DATES,
    unique_by=lambda a: (a.name, a.month, a.day),
).map(tuple)


@st.composite
def calendars(draw: st.DrawFn) -> SchoolCalendar:
    holidays = draw(_days)
    return SchoolCalendar(
        autumn_deadline=draw(_month_days),
        spring_deadline=draw(_month_days),
        leave_day=draw(_month_days),
        aid_dates=draw(_aids),
        holidays=holidays,
        workdays=draw(_weekends) - holidays,
        loan_days=draw(st.integers(1, 365)),
        receipt_wait_days=draw(st.integers(1, 365)),
    )


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(calendars())
def test_every_valid_calendar_round_trips_through_the_stored_text(cal: SchoolCalendar) -> None:
    assert cs.check_calendar(cal) == cal
    assert cs.decode(cs.encode(cal)) == cal


@settings(max_examples=200)
@given(st.text(max_size=200) | st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
def test_any_text_decodes_to_a_calendar_or_a_refusal(text: str) -> None:
    try:
        cal = cs.decode(text)
    except (ValueError, TypeError, RecordInvalid):
        return
    assert cs.check_calendar(cal) == cal
