"""School life of the demo students: grades, conduct, attendance, rewards and punishments,
internships, certificates, financial aid, destinations and scanned documents (the terms and
courses they refer to come from core/demo_school.py; the record types from core/demo_types.py).

Pure and deterministic (one ``random.Random`` per part, seeded by the caller). Records refer to
students by 学号, to courses and terms by code; services/demo_load.py maps them to row ids. What a
student did when (which terms were attended, with which major, when aid was due) comes from
``StudentLife``, worked out by core/demo_data.py from the 学籍异动 it generated, so that the
grades, aid and documents agree with the status history (the data-health report checks that).
Deliberate findings for that report: one student's grades of a finished term never entered, one
国家助学金 paid after the student left, a graduate without a recorded destination, and a few
students missing a scanned document.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from dataclasses import replace

from xueji_desktop.core import demo_names as dn
from xueji_desktop.core.demo_school import make_courses, make_terms
from xueji_desktop.core.demo_types import (
    DemoAid,
    DemoAttendance,
    DemoCertificate,
    DemoConduct,
    DemoCourse,
    DemoDestination,
    DemoDocument,
    DemoGrade,
    DemoInternship,
    DemoRewardPunishment,
    DemoTerm,
    Records,
    StudentLife,
)
from xueji_desktop.core.lifecycle_checks import add_months

__all__ = [
    "DOCUMENTS_ALWAYS",
    "GRANT_FEN",
    "GRANT_FEN_BEFORE",
    "GRANT_RAISED",
    "TUITION_FEN",
    "DemoAid",
    "DemoAttendance",
    "DemoCertificate",
    "DemoConduct",
    "DemoCourse",
    "DemoDestination",
    "DemoDocument",
    "DemoGrade",
    "DemoInternship",
    "DemoRewardPunishment",
    "DemoTerm",
    "Records",
    "StudentLife",
    "build_records",
    "make_courses",
    "make_terms",
]

Date = datetime.date
_DAY = datetime.timedelta(days=1)
TUITION_FEN = 100_000  # 免学费: 1,000 yuan per term
# 国家助学金 per term: 2,000 yuan a year, 2,300 from the autumn term of 2024.
GRANT_FEN_BEFORE, GRANT_FEN, GRANT_RAISED = 100_000, 115_000, Date(2024, 9, 1)
_LIFT_MONTHS = {"警告": 6, "严重警告": 9, "记过": 12, "留校察看": 12}
DOCUMENTS_ALWAYS = (
    "enrolment_form", "id_copy", "hukou_copy", "admission_notice", "junior_diploma",
    "conduct_record", "transcript",
)  # fmt: skip


def _label(value: float) -> str:
    return "优秀" if value >= 86 else "良好" if value >= 74 else "合格"


class _Builder:
    def __init__(
        self, rng: random.Random, courses: tuple[DemoCourse, ...], today: Date, school: str
    ) -> None:
        self.rng = rng
        self.courses = courses
        self.today = today
        self.school = school
        self.out = Records()
        # The courses of a term (index 1-6) for a major.
        self.taught: dict[tuple[str, int], list[DemoCourse]] = defaultdict(list)
        for major in {c.major_code for c in courses if c.major_code}:
            for k in range(1, 7):
                self.taught[(major, k)] = [
                    c for c in courses if k in c.terms and c.major_code in (None, major)
                ]

    def day_in(self, start: Date, end: Date) -> Date:
        last = min(end, self.today)
        return start + self.rng.randrange(max(1, (last - start).days + 1)) * _DAY

    # grades, conduct, attendance ------------------------------------------------------------
    def term_records(
        self, life: StudentLife, ability: float, internship_label: str, unrecorded: str = ""
    ) -> None:
        """Grades, conduct and attendance of every graded term; no grades for ``unrecorded``."""
        rng, s = self.rng, life.student
        index = {t.code: i for i, t in enumerate(life.cohort_terms, start=1)}
        graded_codes = [t.code for t, _ in life.graded]
        failures: list[int] = []
        first = len(self.out.grades)
        for term, major in life.graded:
            for course in () if term.code == unrecorded else self.taught[(major, index[term.code])]:
                label, score = "", None
                if course.course_type == "internship":
                    label = internship_label
                elif course.by_label:
                    label = _label(ability + rng.gauss(0, 6))
                else:
                    hard = 3 if course.name in ("数学", "英语") else 0
                    score = float(max(25, min(100, round(ability + rng.gauss(0, 6) - hard))))
                if score is not None and score < 60:
                    failures.append(len(self.out.grades))
                self.out.grades.append(
                    DemoGrade(s.student_no, course.code, term.code, score, label,
                              None, None, None, None, term.end_date)
                )  # fmt: skip
            conduct = rng.choices(("优秀", "良好", "合格"), (25, 52, 23))[0]
            comment = rng.choice(dn.CONDUCT_COMMENTS[conduct])
            self.out.conduct.append(DemoConduct(s.student_no, term.code, conduct, comment))
            self.out.attendance.append(
                DemoAttendance(
                    s.student_no, term.code,
                    0 if rng.random() < 0.6 else rng.randint(2, 24),
                    0 if rng.random() < 0.7 else rng.randint(2, 16),
                    0 if rng.random() < 0.94 else rng.randint(1, 10),
                    0 if rng.random() < 0.5 else rng.randint(1, 8),
                )
            )  # fmt: skip
        scored = [
            i for i in range(first, len(self.out.grades)) if self.out.grades[i].score is not None
        ]
        if life.outcome == "completion" and not failures and scored:
            # 结业: one required course never passed.
            self.out.grades[scored[-1]] = replace(self.out.grades[scored[-1]], score=48.0)
            failures.append(scored[-1])
        keep_failed = failures[-1] if life.outcome == "completion" and failures else None
        for i in failures:
            self.resolve_failure(i, graded_codes, life, force_fail=i == keep_failed)

    def resolve_failure(
        self, i: int, graded: list[str], life: StudentLife, *, force_fail: bool
    ) -> None:
        """补考 at the start of the next term; if that fails too, 重修 in a later term."""
        rng, g = self.rng, self.out.grades[i]
        later = [t for t in life.cohort_terms if t.code > g.term_code]
        exam = later[0].start_date + 7 * _DAY if later else None
        if exam is None or exam > self.today:
            return  # not yet: the makeup exam is still to come
        graduating = life.outcome == "graduation"
        passed = not force_fail and (graduating or rng.random() < 0.75)
        makeup = float(rng.randint(60, 74) if passed else rng.randint(35, 59))
        retake_term, retake = None, None
        retakes = [t for t in later if t.code in graded and t.code > g.term_code]
        if not passed and not force_fail and retakes:
            term = retakes[min(1, len(retakes) - 1)]
            retake_term, retake = term, float(rng.randint(60, 80))
        elif not passed and graduating:
            makeup = float(rng.randint(60, 70))  # a graduate passed everything in the end
        updated = retake_term.end_date if retake_term else exam
        self.out.grades[i] = replace(
            g, makeup_score=makeup, makeup_date=exam, retake_score=retake,
            retake_term_code=retake_term.code if retake_term else None, updated_on=updated,
        )  # fmt: skip

    # rewards and punishments ------------------------------------------------------------------
    def awards(self, life: StudentLife) -> None:
        rng, s = self.rng, life.student
        for term, _ in life.graded:
            if term.semester != 2 or rng.random() >= 0.07:
                continue
            level, title, by = rng.choice(dn.AWARDS)
            if title == "优秀共青团员" and s.political_status != "03":
                continue
            day = term.end_date - rng.randint(5, 25) * _DAY
            issuer = self.school if by == "school" else "示范市教育局"
            self.out.rewards_punishments.append(
                DemoRewardPunishment(s.student_no, "award", level, title, "", "", day, issuer)
            )

    def punishment(self, life: StudentLife) -> None:
        rng, s = self.rng, life.student
        terms = [t for t, _ in life.graded]
        if life.outcome:
            terms = terms[:3]  # long enough ago to be lifted before graduation
        if not terms:
            return
        term = rng.choice(terms)
        level = rng.choices(tuple(_LIFT_MONTHS), (50, 30, 15, 5))[0]
        day = self.day_in(term.start_date + 20 * _DAY, term.end_date - 10 * _DAY)
        lift = add_months(day, _LIFT_MONTHS[level])
        lifted = lift <= self.today and (life.outcome != "" or rng.random() < 0.85)
        self.out.rewards_punishments.append(
            DemoRewardPunishment(
                s.student_no, "punishment", level, "", rng.choice(dn.PUNISHMENT_REASONS), "",
                day, self.school, lift if lifted else None,
            )
        )  # fmt: skip

    def annul_one(self) -> None:
        """One punishment found wrongly imposed: 撤销 (not 解除), a month after the decision."""
        items = self.out.rewards_punishments
        found = [i for i, p in enumerate(items) if p.kind == "punishment"]
        open_ = [i for i in found if items[i].lifted_on is None]
        if found:
            i = (open_ or found)[0]
            items[i] = replace(
                items[i], lifted_on=None, annulled_on=items[i].decided_on + 30 * _DAY,
                annulled_reason="经复查，原处分认定事实不清，予以撤销",
            )  # fmt: skip

    # internships, certificates, aid, destinations, documents ---------------------------------
    def internship(self, life: StudentLife, label: str) -> None:
        s = life.student
        if len(life.cohort_terms) < 6 or life.cohort_terms[5] not in life.aid_terms:
            return
        term = life.cohort_terms[5]
        employer, position = self.rng.choice(dn.INTERNSHIP_PLACES[s.major_code])
        done = term.end_date < self.today
        supervisor = self.rng.choice(dn.SURNAMES[:30]) + self.rng.choice(("工", "经理", "老师"))
        self.out.internships.append(
            DemoInternship(s.student_no, employer, position, supervisor, term.start_date,
                           term.end_date if done else None, label if done else "")
        )  # fmt: skip

    def certificates(self, life: StudentLife) -> None:
        rng, s = self.rng, life.student
        terms = [t for t, _ in life.graded]
        options = []
        if len(terms) >= 4 and rng.random() < 0.5:
            options.append((rng.choice(dn.CERTIFICATES[s.major_code]), terms[3:]))
        if len(terms) >= 2 and rng.random() < 0.2:
            options.append((rng.choice(dn.GENERAL_CERTIFICATES), terms[1:]))
        for (name, level, issuer, is_1x), after in options:
            day = rng.choice(after).end_date + rng.randint(10, 40) * _DAY
            if day <= self.today:
                number = "".join(str(rng.randrange(10)) for _ in range(16))
                self.out.certificates.append(
                    DemoCertificate(s.student_no, name, level, issuer, number, day, is_1x)
                )

    def aid(self, life: StudentLife, waiver: bool, grant: bool) -> None:
        s = life.student
        for k, term in enumerate(life.cohort_terms, start=1):
            if term not in life.aid_terms:
                continue
            paid = Date(term.start_date.year, 11, 10) if term.semester == 1 else (
                Date(term.end_date.year, 5, 10))  # fmt: skip
            if paid > self.today:
                continue
            if waiver:
                self.out.aid.append(DemoAid(s.student_no, term.code, "tuition_waiver",
                                            TUITION_FEN, paid))  # fmt: skip
            if grant and k <= 4:  # 国家助学金: first and second year
                amount = GRANT_FEN if term.start_date >= GRANT_RAISED else GRANT_FEN_BEFORE
                self.out.aid.append(DemoAid(s.student_no, term.code, "state_grant", amount, paid))

    def destination(self, life: StudentLife, graduated_on: Date) -> bool:
        rng, s = self.rng, life.student
        day = graduated_on + rng.randint(10, 70) * _DAY
        if day > self.today or rng.random() < 0.05:
            return False
        r = rng.random()
        if s.staged_training != "非分段培养":
            kind, employer, matches = "stage_transfer", dn.FURTHER_STUDY[0], True
        elif r < 0.55:
            city = rng.choice(("邵阳市", "邵阳市", "长沙市", "广东省深圳市"))
            employer = (
                f"{city}{rng.choice(dn.EMPLOYER_WORDS)}{rng.choice(dn.EMPLOYER_KINDS)}有限公司"
            )
            kind, matches = "employment", rng.random() < 0.75
        elif r < 0.93:
            kind, employer, matches = "further_study", rng.choice(dn.FURTHER_STUDY), True
        elif r < 0.97:
            kind, employer, matches = "military", "", None
        else:
            kind, employer, matches = "other", "", None
        self.out.destinations.append(DemoDestination(s.student_no, kind, employer, matches, day))
        return True

    def documents(self, life: StudentLife, missing: tuple[str, ...]) -> None:
        s = life.student
        intake = int(s.enrolment_month[:4])
        day = Date(intake, 9, 1) + self.rng.randrange(20) * _DAY
        for doc in DOCUMENTS_ALWAYS:
            if doc not in missing:
                self.out.documents.append(DemoDocument(s.student_no, doc, day))
        if life.outcome and s.graduation_date is not None:
            for doc in ("internship_assessment", "graduate_form"):
                self.out.documents.append(
                    DemoDocument(s.student_no, doc, s.graduation_date - 10 * _DAY)
                )


def build_records(
    seed: int, lives: list[StudentLife], courses: tuple[DemoCourse, ...], today: Date, school: str
) -> Records:
    """Every record of school life for the students of ``lives`` (in their order)."""
    rng = random.Random(f"{seed}-records")
    b = _Builder(rng, courses, today, school)
    misplaced_aid = False
    without_destination = False
    # Deliberate data-health finding: one 在籍 student's grades of a finished term never entered.
    second_years = [
        life.student.student_no
        for life in lives
        if life.student.status == "enrolled" and len(life.graded) == 2 and len(life.aid_terms) > 2
    ]
    forgotten = second_years[len(second_years) // 2] if second_years else ""
    this_year = f"{today.year}09"
    newest = [life.student.student_no for life in lives
              if life.student.enrolment_month == this_year]  # fmt: skip
    unfiled = newest[len(newest) // 2] if newest else ""  # a scan not handed in yet
    for life in lives:
        s = life.student
        ability = rng.gauss(81, 6)
        label = _label(ability + rng.gauss(0, 5))
        unrecorded = life.graded[-1][0].code if s.student_no == forgotten else ""
        b.term_records(life, ability, label, unrecorded)
        b.awards(life)
        if rng.random() < 0.012:
            b.punishment(life)
        b.internship(life, label)
        b.certificates(life)
        waiver = rng.random() < 0.96
        grant = bool(s.poverty_registered) or rng.random() < 0.15
        b.aid(life, waiver, grant)
        if life.left_on is not None and not misplaced_aid:
            # Deliberate data-health finding: a 国家助学金 paid for the term after the student left.
            after = [t for t in life.cohort_terms if t.start_date > life.left_on]
            if after and after[0].start_date <= today and after[0].end_date >= today - 400 * _DAY:
                paid = min(today, after[0].start_date + 60 * _DAY)
                b.out.aid.append(DemoAid(s.student_no, after[0].code, "state_grant", GRANT_FEN,
                                         paid))  # fmt: skip
                misplaced_aid = True
        if (
            life.outcome
            and s.graduation_date is not None
            and not b.destination(life, s.graduation_date)
        ):
            without_destination = True
        r = rng.random()
        new = s.enrolment_month == this_year
        missing: tuple[str, ...] = ("junior_diploma",) if s.student_no == unfiled else ()
        if r < (0.05 if new else 0.01):
            missing = (rng.choice(("junior_diploma", "hukou_copy", "admission_notice")),)
        b.documents(life, missing)
    if not without_destination:
        # Deliberate: at least one graduate whose destination is not recorded yet.
        for i, d in enumerate(b.out.destinations):
            if d.kind == "employment":
                del b.out.destinations[i]
                break
    b.annul_one()
    _number_decisions(b.out.rewards_punishments, school)
    return b.out


def _number_decisions(items: list[DemoRewardPunishment], school: str) -> None:
    """文号 in date order through each year: the school's (decisions and lifts) and the city's."""
    dated: list[tuple[Date, str, int, str]] = []
    for i, p in enumerate(items):
        dated.append(
            (p.decided_on, "示职专学" if p.issued_by == school else "示教", i, "document_no")
        )
        if p.lifted_on is not None:
            dated.append((p.lifted_on, "示职专学", i, "lifted_document_no"))
    seq: dict[tuple[str, int], int] = defaultdict(int)
    for day, office, i, name in sorted(dated):
        seq[(office, day.year)] += 1
        number = f"{office}〔{day.year}〕{seq[(office, day.year)]}号"
        if name == "document_no":
            items[i] = replace(items[i], document_no=number)
        else:
            items[i] = replace(items[i], lifted_document_no=number)
