"""The 学籍异动 of the demo students (休学/复学, 退学, 转出, 转专业, 调班, 毕业/结业), their
上报状态, and what follows for their school life (``StudentLife``: the terms graded and with aid,
by the same rules as the data-health report). Deterministic for a seed; dates never pass the
demo's "today".
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import replace
from typing import Any

from xueji_desktop.core import demo_names as dn
from xueji_desktop.core.demo_types import (
    DemoClassGroup,
    DemoStatusChange,
    DemoStudent,
    DemoTerm,
    StudentLife,
)

__all__ = ["plan_lives"]

Date = datetime.date
_DAY = datetime.timedelta(days=1)
_CATEGORY = {
    "leave_of_absence": "11", "return_from_leave": "12", "withdrawal": "31",
    "transfer_out": "21", "change_major": "23", "change_class": "29", "graduation": "",
    "completion": "62",
}  # fmt: skip
_STATUS_AFTER = {
    "leave_of_absence": "on_leave", "return_from_leave": "enrolled", "withdrawal": "withdrawn",
    "transfer_out": "transferred_out", "graduation": "graduated",
    "completion": "completed_without_diploma",
}  # fmt: skip
_NEWEST_REPORT = ("approved", "reported", "confirmed", "draft")
_NEWEST_WEIGHTS = (60, 22, 10, 8)
_ILLNESS = ("19", "10", "26")  # 学籍异动原因: 其他疾病, 疾病, 家长病重


class _Story:
    """One student's 学籍异动 while they are drawn, and what follows from them."""

    def __init__(self, student: DemoStudent, rng: random.Random, today: Date) -> None:
        self.s, self.rng, self.today = student, rng, today
        self.status, self.class_key, self.major = "enrolled", student.class_key, student.major_code
        self.leaves: list[tuple[Date, Date | None]] = []  # (from, back or None)
        self.majors: list[tuple[Date, str]] = []
        self.left_on: Date | None = None
        self.events: list[DemoStatusChange] = []

    def add(self, kind: str, day: Date, reason: str = "", *, returned: str = "",
            **extra: Any) -> None:  # fmt: skip
        after = _STATUS_AFTER.get(kind, self.status)
        recent = day > self.today - 45 * _DAY  # not yet through the national system
        report = "returned" if returned else (
            self.rng.choice(("reported", "confirmed")) if recent else "approved")  # fmt: skip
        self.events.append(DemoStatusChange(
            self.s.student_no, kind, _CATEGORY[kind], reason, day, self.status, after, report,
            returned, **extra))  # fmt: skip
        self.status = after

    def day_in(self, start: Date, end: Date) -> Date | None:
        last = min(end, self.today - 3 * _DAY)
        return None if last < start else start + self.rng.randrange((last - start).days + 1) * _DAY

    def leave(
        self, day: Date, due: Date, back: Date | None, reason: str, returned: str = ""
    ) -> None:
        self.add("leave_of_absence", day, reason, returned=returned, expected_return_date=due)
        self.leaves.append((day, back))
        if back is not None:
            self.add("return_from_leave", back)

    def leave_school(self, kind: str, terms: list[DemoTerm]) -> None:
        term = self.rng.choice(terms)
        day = self.day_in(term.start_date + 10 * _DAY, term.end_date - 5 * _DAY)
        if day is None:
            return
        if kind == "withdrawal":
            self.add(kind, day, self.rng.choices(("21", "27", "22", "39"), (50, 15, 10, 25))[0])
        else:
            self.add(kind, day, "99", to_school=self.rng.choice(dn.OTHER_SCHOOLS))
        self.left_on = day

    def move(self, kind: str, day: Date, class_key: str, major: str) -> None:
        moved = {"major_before": self.major, "major_after": major} if major != self.major else {}
        self.add(kind, day, class_before=self.class_key, class_after=class_key, **moved)
        if moved:
            self.majors.append((day, major))
        self.class_key, self.major = class_key, major

    def life(self, student: DemoStudent, cohort: list[DemoTerm]) -> StudentLife:
        """Terms graded (finished, attended the whole term) and terms with aid (在籍 at the
        start), by the same rules as the data-health report."""

        def status_at(day: Date) -> str:
            if self.left_on is not None and self.left_on <= day:
                return "left"
            away = any(a <= day and (b is None or day < b) for a, b in self.leaves)
            return "on_leave" if away else "enrolled"

        def major_at(day: Date) -> str:
            return ([m for d, m in self.majors if d <= day] or [self.s.major_code])[-1]

        graded = [
            (t, major_at(t.start_date))
            for t in cohort
            if t.end_date < self.today
            and (self.left_on is None or self.left_on > t.end_date)
            and not any(a <= t.end_date and (b is None or b > t.start_date) for a, b in self.leaves)
        ]
        aid = [t for t in cohort
               if t.start_date <= self.today and status_at(t.start_date) == "enrolled"]  # fmt: skip
        return StudentLife(student, cohort, graded, aid, self.left_on)


def _story(st: _Story, started: list[DemoTerm], cohort: list[DemoTerm], forced: str,
           middle: bool, classes: dict[tuple[int, str], list[str]],
           terms: tuple[DemoTerm, ...]) -> None:  # fmt: skip
    """Draw the events of one student (at most one story; most students have none). ``forced``
    names a story every demo has, so each kind of event and finding is there to practise on."""
    rng, s, today = st.rng, st.s, st.today
    intake = int(s.enrolment_month[:4])
    own = classes[(intake, s.major_code)]
    r = rng.random()
    if forced == "overdue" and len(started) >= 3:  # 休学 past its return date, not yet back
        day = started[1].start_date + rng.randint(15, 40) * _DAY
        st.leave(day, started[2].start_date, None, "19")
    elif forced == "enlisted" and len(started) >= 5:  # 依法服兵役 is handled as 休学
        st.leave(started[4].start_date + 9 * _DAY, Date(today.year + 2, 9, 1), None, "34",
                 returned="缺少入伍通知书复印件，请补充后重新上报")  # fmt: skip
    elif forced == "withdrawal" and started:  # left in the first term (aid paid after: see
        st.leave_school("withdrawal", started[:1])  # demo_records.build_records)
    elif intake == today.year:
        if r < 0.01:
            st.leave_school("withdrawal", started)
    elif forced == "change_major" or (middle and 0.032 <= r < 0.038):
        # 转专业 at the start of the second term, into the first class of the new major.
        new = rng.choice(sorted(m for (y, m) in classes if y == intake and m != s.major_code))
        st.move("change_major", cohort[1].start_date, classes[(intake, new)][0], new)
    elif forced == "change_class" or (middle and 0.038 <= r < 0.044 and len(own) >= 2):
        key = next(k for k in own if k != s.class_key)
        st.move("change_class", rng.choice(started[1:]).start_date, key, st.major)
    elif middle and r < 0.008 and len(started) >= 3:  # 休学 for a term, then 复学
        k = rng.randrange(len(started) - 1)
        back = started[k + 1].start_date
        st.leave(started[k].start_date + rng.randint(14, 60) * _DAY, back, back,
                 rng.choice(_ILLNESS))  # fmt: skip
    elif middle and r < 0.014:  # on leave now
        later = [t for t in terms if t.start_date > today]
        since = st.day_in(started[-1].start_date + 14 * _DAY, started[-1].end_date)
        if since is not None and later:
            st.leave(since, later[0].start_date, None, rng.choice(_ILLNESS))
    elif r < 0.026:
        st.leave_school("withdrawal", started[:5])
    elif r < 0.032:
        st.leave_school("transfer_out", started[:5])


def plan_lives(
    seed: int,
    students: list[DemoStudent],
    class_groups: list[DemoClassGroup],
    terms: tuple[DemoTerm, ...],
    today: Date,
) -> tuple[list[DemoStudent], list[StudentLife], list[DemoStatusChange]]:
    """上报状态, 学籍异动 and graduation of every student: the students as they stand at
    ``today``, their lives, and the events in date order.

    A few percent take leave (most come back; one is overdue, one enlisted), withdraw, transfer
    out, change major or class; an intake whose third year has ended has graduated (about 1%
    结业). The newest intake is partly not yet 已核准 (two records returned); events only
    happen to records the national system approved.
    """
    rng = random.Random(f"{seed}-lives")
    classes: dict[tuple[int, str], list[str]] = defaultdict(list)
    for c in class_groups:
        classes[(c.intake_year, c.major_code)].append(c.key)
    intake_of = [int(s.enrolment_month[:4]) for s in students]
    second = [i for i, y in enumerate(intake_of) if y == today.year - 1]
    adults = [i for i, y in enumerate(intake_of) if y == today.year - 2 and students[i].gender
              == "1" and students[i].birth_date <= Date(today.year - 18, 9, 1)]  # fmt: skip
    two_classes = [i for i in second
                   if len(classes[(today.year - 1, students[i].major_code)]) >= 2]  # fmt: skip
    forced: dict[int, str] = {}
    if two_classes:
        forced[two_classes[len(two_classes) // 2]] = "change_class"
    if second:
        forced[second[len(second) // 6]] = "change_major"
        forced[second[len(second) // 3]] = "overdue"
        forced[second[-1]] = "withdrawal"
    if adults:
        forced[adults[len(adults) // 2]] = "enlisted"
    out: list[DemoStudent] = []
    lives: list[StudentLife] = []
    changes: list[DemoStatusChange] = []
    for i, s in enumerate(students):
        intake = intake_of[i]
        cohort = [t for t in terms if intake <= t.school_year < intake + 3]
        started = [t for t in cohort if t.start_date <= today]
        grad_day = Date(intake + 3, 6, 30)
        graduating = len(cohort) == 6 and grad_day <= today
        report = "approved"
        if intake == today.year:
            report = rng.choices(_NEWEST_REPORT, _NEWEST_WEIGHTS)[0]
        st = _Story(s, rng, today)
        if report == "approved" and started:
            middle = not graduating and intake != today.year and len(started) >= 2
            _story(st, started, cohort, forced.get(i, ""), middle, classes, terms)
        outcome, assessment = "", ""
        if graduating and st.status == "enrolled":
            outcome = "completion" if rng.random() < 0.012 else "graduation"
            weights = (0, 0, 1) if outcome == "completion" else (25, 50, 25)
            assessment = rng.choices(("优秀", "良好", "合格"), weights)[0]
            st.add(outcome, grad_day)
        final = replace(
            s, class_key=st.class_key, major_code=st.major, status=st.status,
            report_status=report, graduation_outcome=outcome,
            graduation_date=grad_day if outcome else None, graduation_assessment=assessment,
        )  # fmt: skip
        out.append(final)
        lives.append(st.life(final, cohort))
        lives[-1].outcome = outcome
        changes.extend(st.events)
    # 文号 run in date order through each year.
    changes.sort(key=lambda e: (e.effective_date, e.student_no))
    numbers: dict[int, int] = defaultdict(int)
    for n, event in enumerate(changes):
        year = event.effective_date.year
        numbers[year] += 1
        changes[n] = replace(event, document_no=f"示职专籍〔{year}〕{numbers[year]}号")
    reported = [i for i, s in enumerate(out) if s.report_status == "reported"]
    for i, reason in zip(sorted(rng.sample(reported, min(2, len(reported)))),
                         dn.RETURNED_REASONS, strict=False):  # fmt: skip
        out[i] = lives[i].student = replace(out[i], report_status="returned",
                                            returned_reason=reason)  # fmt: skip
    return out, lives, changes
