"""Deterministic demo data: a fictional 湖南 vocational school with its students' whole records.

All randomness comes from ``random.Random`` instances seeded from ``seed``: the same seed always
yields equal data. Dates are relative to ``demo_today(intakes)`` (16 November of the newest
intake's year, days before the 20 November registration deadline), never to the clock.

Every generated student is a complete national-template record that passes
``core.validation.check_student(..., draft=False)``: a name with 姓名拼音, a valid ID number that
agrees with birth date and gender, on a current 湖南 county code that was in use in the birth
year, and every required field. ``defects`` lists the few deliberate mistakes (an empty required
field, a birth date or gender that disagrees with the ID number) that services/demo_load.py writes
over the generated values, so that the data-health report has something to find.

The parts live in their own modules: the record types (core/demo_types.py), the people
(core/demo_people.py), terms and courses (core/demo_school.py), the status history (学籍异动:
休学/复学, 退学, 转出, 转专业, 调班, 毕业/结业; core/demo_lives.py) and the grades, aid and other
records that follow it (core/demo_records.py). Their public names stay importable from here.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import replace

from xueji_desktop.core.demo_lives import plan_lives
from xueji_desktop.core.demo_people import SCHOOL_PREFECTURE, People, to_name_pinyin
from xueji_desktop.core.demo_records import build_records
from xueji_desktop.core.demo_school import make_courses, make_terms
from xueji_desktop.core.demo_types import (
    DemoClassGroup,
    DemoData,
    DemoDefect,
    DemoFamilyMember,
    DemoSchool,
    DemoStatusChange,
    DemoStudent,
)
from xueji_desktop.core.majors import MAJORS

__all__ = [
    "CLASS_SPLIT_ABOVE",
    "DEFAULT_REFERENCE_YEAR",
    "FIXED_VALUES",
    "SCHOOL_PREFECTURE",
    "SCHOOL_REGION",
    "DemoClassGroup",
    "DemoData",
    "DemoDefect",
    "DemoFamilyMember",
    "DemoSchool",
    "DemoStatusChange",
    "DemoStudent",
    "demo_today",
    "generate_demo",
    "plan_lives",
    "student_values",
    "to_name_pinyin",
]

Date = datetime.date
SCHOOL_REGION = "430502"  # 双清区
CLASS_SPLIT_ABOVE = 45  # a major's intake larger than this is split into two classes
DEFAULT_REFERENCE_YEAR = 2026
_DAY = datetime.timedelta(days=1)
# Relative intake size of each major (by index in MAJORS).
_MAJOR_WEIGHTS = (1.3, 1.0, 0.9, 1.1, 1.0, 1.2, 0.7, 0.8)


# Template fields every demo student shares (codes as stored; label-only sets store the label).
FIXED_VALUES: dict[str, object] = {
    "id_type": "1", "student_category": "33110", "study_mode": "全日制", "nationality": "156",
    "overseas_status": "00", "marital_status": "10", "recruitment_mode": "统一招生",
    "joint_type": "非联合办学", "major_catalogue": "2021", "program_length": "三年制",
}  # fmt: skip


def student_values(student: DemoStudent, class_name: str = "") -> dict[str, object]:
    """The record in internal field names and stored values, as check_student takes it (with
    ``family_members``); ``class_group`` is the class name."""
    s = student
    values: dict[str, object] = {
        **FIXED_VALUES,
        "name": s.name, "gender": s.gender, "birth_date": s.birth_date.isoformat(),
        "id_number": s.id_number, "name_pinyin": s.name_pinyin, "class_group": class_name,
        "student_no": s.student_no, "admission_mode": s.admission_mode,
        "boarding_mode": s.boarding_mode, "migrant_child": int(s.migrant_child),
        "source_place": s.hukou_place, "birthplace": s.birthplace, "native_place": s.native_place,
        "hukou_address": s.hukou_address, "police_station": s.police_station,
        "hukou_place": s.hukou_place, "hukou_type": s.hukou_type,
        "residence_type": s.residence_type, "enrolment_month": s.enrolment_month,
        "major_code": s.major_code, "ethnicity": s.ethnicity,
        "political_status": s.political_status, "health_status": s.health_status,
        "student_source": s.student_source, "enrolment_target": s.enrolment_target,
        "phone": s.phone, "poverty_registered": int(s.poverty_registered),
        "candidate_no": s.candidate_no, "exam_score": s.exam_score,
        "staged_training": s.staged_training, "email": s.email, "home_address": s.home_address,
        "postal_code": s.postal_code, "registry_no": s.registry_no, "former_name": s.former_name,
        "graduation_assessment": s.graduation_assessment,
    }  # fmt: skip
    values["family_members"] = [m.values() for m in s.family_members]
    return values


def demo_today(intakes: tuple[int, ...]) -> Date:
    """The fixed "today" of a demo: 16 November of the newest intake's year."""
    return Date(max(intakes, default=DEFAULT_REFERENCE_YEAR), 11, 16)


def _major_counts(rng: random.Random, total: int) -> list[int]:
    weights = [w * rng.uniform(0.85, 1.15) for w in _MAJOR_WEIGHTS]
    exact = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: counts[i] - exact[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _defects(
    people: People, students: list[DemoStudent], newest: int, busy: set[str]
) -> list[DemoDefect]:
    """Deliberate findings in the newest intake: an incomplete draft, a birth date and a gender
    that disagree with the ID number, and one student entered twice (same name, birth date and
    guardian phone; the ID number mistyped)."""
    pool = [i for i, s in enumerate(students) if s.enrolment_month == f"{newest}09"
            and s.student_no not in busy]  # fmt: skip
    pairs = [i for i in pool[:-1] if students[i + 1].class_key == students[i].class_key
             and i + 1 in pool]  # fmt: skip
    if len(pool) < 10 or not pairs:
        return []
    first = pairs[len(pairs) // 2]
    original = students[first]
    mistyped = people.id_number(original.birthplace, original.birth_date, original.gender == "1")
    students[first + 1] = replace(
        original, student_no=students[first + 1].student_no, report_status="draft",
        returned_reason="", id_number=mistyped,
    )  # fmt: skip
    a, b, c = [i for i in pool if i not in (first, first + 1)][:3]
    out = []
    for i, kind, changes in (
        (a, "missing_required", {"health_status": "", "home_address": "", "postal_code": ""}),
        (b, "id_mismatch", {"birth_date": _typo_date(students[b].birth_date).isoformat()}),
        (c, "id_mismatch", {"gender": "2" if students[c].gender == "1" else "1"}),
    ):
        students[i] = replace(students[i], report_status="draft", returned_reason="")
        out.append(DemoDefect(students[i].student_no, kind, changes))
    return out


def _typo_date(day: Date) -> Date:
    """The birth date as a clerk might mistype it: day and month swapped, or the day off by 10."""
    try:
        swapped = Date(day.year, day.day, day.month)
    except ValueError:
        swapped = day
    return swapped if swapped != day else day + (10 if day.day <= 18 else -10) * _DAY


def generate_demo(
    seed: int = 1,
    *,
    intakes: tuple[int, ...] = (2024, 2025, 2026),
    students_per_intake: int = 400,
) -> DemoData:
    """Generate the demo school, its 8 majors, 1-2 classes per major and intake, the students
    and their records as of ``demo_today(intakes)``. An intake three or more years before the
    newest one has graduated (毕业 on 30 June of its third year).

    Student numbers follow the default 学号 pattern ``{intake_year}{major_code}{seq:4}``.
    """
    if not 0 <= students_per_intake <= 2000:
        raise ValueError("students_per_intake must be between 0 and 2000")
    people = People(seed)
    school = DemoSchool(
        name="示范市第一职业中等专业学校", code="3143050001", region_code=SCHOOL_REGION
    )
    today = demo_today(intakes)
    class_groups: list[DemoClassGroup] = []
    students: list[DemoStudent] = []
    for intake in intakes:
        counts = _major_counts(people.rng, students_per_intake)
        for major, count in zip(MAJORS, counts, strict=True):
            n_classes = 2 if count > CLASS_SPLIT_ABOVE else 1
            keys = []
            for k in range(1, n_classes + 1):
                key = f"{intake}-{major.code}-{k}"
                keys.append(key)
                teacher = "".join(people.full_name(people.rng.random() < 0.5))
                name = f"{intake}级{major.name}{k}班"
                class_groups.append(DemoClassGroup(key, name, intake, major.code, teacher,
                                                   intake + major.program_length))  # fmt: skip
            for seq in range(1, count + 1):
                class_key = keys[(seq - 1) * n_classes // max(count, 1)]
                student_no = f"{intake}{major.code}{seq:04d}"
                students.append(people.student(intake, major, student_no, class_key))
    terms = make_terms(min(intakes), max(intakes)) if intakes else ()
    courses = make_courses(tuple(m.code for m in MAJORS))
    students, lives, changes = plan_lives(seed, students, class_groups, terms, today)
    busy = {c.student_no for c in changes}
    defects = _defects(people, students, max(intakes), busy) if intakes else []
    by_no = {s.student_no: s for s in students}
    for life in lives:
        life.student = by_no[life.student.student_no]
    records = build_records(seed, lives, courses, today, school.name)
    return DemoData(
        school=school, majors=MAJORS, class_groups=tuple(class_groups),
        students=tuple(students), today=today, terms=terms, courses=courses,
        status_changes=tuple(changes), grades=tuple(records.grades),
        conduct=tuple(records.conduct), attendance=tuple(records.attendance),
        rewards_punishments=tuple(records.rewards_punishments),
        internships=tuple(records.internships), certificates=tuple(records.certificates),
        aid=tuple(records.aid), destinations=tuple(records.destinations),
        documents=tuple(records.documents), defects=tuple(defects),
    )  # fmt: skip
