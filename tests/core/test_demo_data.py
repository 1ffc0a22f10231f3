"""Tests for core.demo_data and core.demo_records: deterministic, complete, valid, consistent."""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from dataclasses import replace

import pytest

from xueji_desktop.core import codes, lifecycle
from xueji_desktop.core.demo_data import (
    DemoData,
    DemoStudent,
    demo_today,
    generate_demo,
    student_values,
    to_name_pinyin,
)
from xueji_desktop.core.demo_names import ETHNIC_MIX
from xueji_desktop.core.grading import course_result
from xueji_desktop.core.id_number import validate_id_number
from xueji_desktop.core.majors import MAJORS
from xueji_desktop.core.regions import REGIONS, is_current_region, region_ended_before
from xueji_desktop.core.validation import check_student

FULL = (2023, 2024, 2025, 2026)  # the intakes of `xueji demo`: the oldest has graduated


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return generate_demo()


@pytest.fixture(scope="module")
def full() -> DemoData:
    return generate_demo(1, intakes=FULL, students_per_intake=300)


def by_no(data: DemoData) -> dict[str, DemoStudent]:
    return {s.student_no: s for s in data.students}


def test_deterministic(demo: DemoData) -> None:
    assert generate_demo(1) == demo
    other = generate_demo(2)
    assert other != demo
    assert [s.id_number for s in other.students] != [s.id_number for s in demo.students]
    assert other.grades != demo.grades and other.status_changes != demo.status_changes


def test_counts(demo: DemoData) -> None:
    assert len(demo.students) == 1200
    assert demo.majors == MAJORS
    assert {c.intake_year for c in demo.class_groups} == {2024, 2025, 2026}
    per_intake = Counter(s.student_no[:4] for s in demo.students)
    assert per_intake == {"2024": 400, "2025": 400, "2026": 400}
    per_major_intake = Counter((c.intake_year, c.major_code) for c in demo.class_groups)
    assert len(per_major_intake) == 3 * 8
    assert set(per_major_intake.values()) <= {1, 2}


def test_small_and_custom_intakes() -> None:
    data = generate_demo(3, intakes=(2030,), students_per_intake=10)
    assert len(data.students) == 10
    assert {c.intake_year for c in data.class_groups} == {2030}
    assert data.today == datetime.date(2030, 11, 16)
    assert [t.code for t in data.terms] == ["2030-2031-1", "2030-2031-2"]
    empty = generate_demo(3, intakes=(), students_per_intake=10)
    assert empty.students == () and empty.grades == () and empty.terms == ()
    for bad in (-1, 2001, 10**9):
        with pytest.raises(ValueError):
            generate_demo(students_per_intake=bad)
    with pytest.raises(TypeError):
        generate_demo(students_per_intake="10")  # type: ignore[arg-type]


def test_today_comes_from_the_newest_intake_not_the_clock() -> None:
    assert demo_today((2024, 2025, 2026)) == datetime.date(2026, 11, 16)
    assert demo_today((2031, 2029)) == datetime.date(2031, 11, 16)


def test_school(demo: DemoData) -> None:
    assert "职业" in demo.school.name
    assert re.fullmatch(r"\d{10}", demo.school.code)
    assert demo.school.region_code in REGIONS


def test_class_groups(demo: DemoData) -> None:
    keys = [c.key for c in demo.class_groups]
    assert len(keys) == len(set(keys))
    major_names = {m.code: m.name for m in MAJORS}
    for c in demo.class_groups:
        year, major_code, k = c.key.split("-")
        assert int(year) == c.intake_year and major_code == c.major_code
        assert c.name == f"{c.intake_year}级{major_names[c.major_code]}{k}班"
        assert c.graduation_year == c.intake_year + 3
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}", c.head_teacher)
    used = Counter(s.class_key for s in demo.students)
    assert set(used) == set(keys)  # every student's class exists, every class has students


def test_unique_identifiers(demo: DemoData) -> None:
    assert len({s.student_no for s in demo.students}) == len(demo.students)
    assert len({s.id_number for s in demo.students}) == len(demo.students)
    majors = {m.code for m in MAJORS}
    for s in demo.students:
        # The default 学号 pattern: intake year + major code (at intake) + 4-digit sequence.
        m = re.fullmatch(r"(20\d\d)(\d{6})(\d{4})", s.student_no)
        assert m and m[1] == s.enrolment_month[:4] and m[2] in majors
        assert s.registry_no == "G" + s.id_number


def test_id_numbers_agree_with_student(demo: DemoData) -> None:
    for s in demo.students:
        info = validate_id_number(s.id_number, today=demo.today)
        assert info.number == s.id_number
        assert info.birth_date == s.birth_date
        assert info.gender == s.gender
        # A current 湖南 county code that was already in use in the birth year.
        assert info.region_code.startswith("43") and is_current_region(info.region_code)
        assert not region_ended_before(info.region_code, s.birth_date.year)
        assert s.birthplace == info.region_code


def test_ages_at_intake(demo: DemoData) -> None:
    for s in demo.students:
        intake = int(s.enrolment_month[:4])
        age = intake - s.birth_date.year - ((s.birth_date.month, s.birth_date.day) > (9, 1))
        assert 15 <= age <= 16, s.birth_date
        assert s.enrolment_month == f"{s.class_key[:4]}09"


def test_codes_and_places(demo: DemoData) -> None:
    for s in demo.students:
        assert s.gender in {"1", "2"}
        assert s.ethnicity in codes.ETHNICITY
        assert s.political_status in {"03", "13"}  # 共青团员 / 群众
        for place in (s.native_place, s.hukou_place, s.birthplace):
            assert place.startswith("43") and is_current_region(place)
        assert s.hukou_type in {"农业户口", "非农业户口"}
        assert s.residence_type in {"农村", "县城", "乡镇非农", "城市"}
        assert re.fullmatch(r"1[3-9]\d{9}", s.phone)
        assert s.home_address.startswith("湖南省") and re.fullmatch(r"4\d{5}", s.postal_code)
        if s.migrant_child:  # 随迁子女 live in the city, their 户口 stays at home
            assert s.hukou_place[:4] != "4305" and s.residence_type == "城市"
    ethnic = Counter(s.ethnicity for s in demo.students)
    assert ethnic["01"] > 0.8 * len(demo.students)
    assert {"06", "15", "12", "13"} <= set(ethnic)  # 苗族, 土家族, 侗族, 瑶族
    # Minorities appear where they live.
    for s in demo.students:
        if s.ethnicity != "01":
            mix = ETHNIC_MIX.get(s.birthplace) or ETHNIC_MIX.get(s.birthplace[:4]) or ETHNIC_MIX[""]
            assert s.ethnicity in {code for code, _ in mix}, (s.birthplace, s.ethnicity)


def test_names(demo: DemoData) -> None:
    for s in demo.students:
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}", s.name)
        assert re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z']+", s.name_pinyin), s.name_pinyin
        assert s.former_name == "" or (s.former_name != s.name and s.former_name[0] == s.name[0])
    genders = Counter(s.gender for s in demo.students)
    assert genders["1"] > 300 and genders["2"] > 300


def test_family_members(demo: DemoData) -> None:
    relations = {code for code, _ in codes.choices("family_relation")}
    for s in demo.students:
        assert 1 <= len(s.family_members) <= 2
        assert any(m.is_guardian for m in s.family_members)
        for m in s.family_members:
            assert m.relation in relations
            assert re.fullmatch(r"1[3-9]\d{9}", m.phone) and m.phone != s.phone
            info = validate_id_number(m.id_number, today=demo.today)
            assert info.birth_date.strftime("%Y%m") == m.birth_month
            assert info.gender == ("1" if m.relation in {"父亲", "祖父"} else "2")
            assert m.political_status in {"01", "13"} and m.ethnicity in codes.ETHNICITY
            if m.relation in {"父亲", "祖父"}:
                surname = m.name[:2] if s.name.startswith("欧阳") else m.name[0]
                assert s.name.startswith(surname)


@pytest.mark.parametrize("which", ["demo", "full"])
def test_every_student_passes_the_national_template_rules(
    which: str, request: pytest.FixtureRequest
) -> None:
    data: DemoData = request.getfixturevalue(which)
    names = {c.key: c.name for c in data.class_groups}
    majors = {m.code: m.catalogue_version for m in data.majors}
    for s in data.students:
        checked = check_student(
            student_values(s, names[s.class_key]), today=data.today, majors=majors, draft=False
        )
        errors = [p for p in checked.problems if p.severity == "error"]
        assert errors == [] and checked.missing == [], (s.student_no, errors)


def test_the_deliberate_defects_are_real_errors(full: DemoData) -> None:
    """The few records the loader spoils on purpose (for `xueji health`) fail the rules."""
    assert Counter(d.kind for d in full.defects) == {"missing_required": 1, "id_mismatch": 2}
    students = by_no(full)
    names = {c.key: c.name for c in full.class_groups}
    for d in full.defects:
        s = students[d.student_no]
        assert s.report_status == "draft" and s.enrolment_month == "202609"
        values = {**student_values(s, names[s.class_key]), **d.changes}
        checked = check_student(values, today=full.today, draft=False)
        codes_found = {p.code for p in checked.problems}
        assert codes_found & {"required", "birth_date_mismatch", "gender_mismatch"}, d


def test_one_student_was_entered_twice(full: DemoData) -> None:
    seen: dict[tuple[str, datetime.date], list[DemoStudent]] = defaultdict(list)
    for s in full.students:
        seen[(s.name, s.birth_date)].append(s)
    twins = [group for group in seen.values() if len(group) > 1]
    assert len(twins) == 1
    a, b = twins[0]
    assert a.id_number != b.id_number and b.report_status == "draft"
    assert {m.phone for m in a.family_members} == {m.phone for m in b.family_members}


def test_terms_have_real_dates(full: DemoData) -> None:
    assert [t.code for t in full.terms] == [
        f"{y}-{y + 1}-{n}" for y in range(2023, 2027) for n in (1, 2)
    ]
    for t, nxt in zip(full.terms, full.terms[1:], strict=False):
        assert t.end_date < nxt.start_date
    for t in full.terms:
        assert t.name == f"{t.school_year}—{t.school_year + 1}学年第{'一二'[t.semester - 1]}学期"
        if t.semester == 1:
            assert t.start_date == datetime.date(t.school_year, 9, 1)
            assert t.end_date.month == 1 and t.end_date.weekday() == 4
        else:
            assert t.start_date.month in (2, 3) and t.start_date.weekday() == 0
            assert t.end_date.month == 7 and t.end_date.weekday() == 4


def test_courses(full: DemoData) -> None:
    kinds = Counter(c.course_type for c in full.courses)
    assert kinds["public_basic"] >= 10 and kinds["internship"] == 1
    assert kinds["professional"] == 7 * len(MAJORS)
    assert len({c.code for c in full.courses}) == len(full.courses)
    for c in full.courses:
        assert c.credits > 0 and c.hours > 0 and set(c.terms) <= set(range(1, 7))
        assert (c.major_code is None) == (c.course_type != "professional")


def test_grades(full: DemoData) -> None:
    terms = {t.code: t for t in full.terms}
    courses = {c.code: c for c in full.courses}
    students = by_no(full)
    keys = [(g.student_no, g.course_code, g.term_code) for g in full.grades]
    assert len(keys) == len(set(keys))
    scored = [g for g in full.grades if g.score is not None]
    failed = [g for g in scored if g.score is not None and g.score < 60]
    assert 0 < len(failed) < 0.03 * len(scored)  # mostly passing
    assert any(g.makeup_score is not None for g in failed)  # 补考
    assert any(g.retake_score is not None for g in failed)  # 重修
    for g in full.grades:
        term = terms[g.term_code]
        assert term.end_date < full.today  # only finished terms are graded
        assert (g.score is None) == courses[g.course_code].by_label
        if g.makeup_date is not None:
            assert term.end_date < g.makeup_date <= full.today
        if g.retake_term_code is not None:
            assert g.retake_term_code > g.term_code and terms[g.retake_term_code].end_date < (
                full.today
            )
    results: dict[str, list[bool | None]] = defaultdict(list)
    for g in full.grades:
        results[g.student_no].append(
            course_result(g.score, g.grade_label, g.makeup_score, g.retake_score).passed
        )
    for no, s in students.items():
        if s.status == "graduated":
            assert all(results[no]), no  # every course passed in the end
        if s.status == "completed_without_diploma":
            assert False in results[no]  # 结业: one course never passed
    graded = {(g.student_no, g.term_code) for g in full.grades}
    assert graded <= {(c.student_no, c.term_code) for c in full.conduct}
    assert len(full.conduct) == len(full.attendance)


def replay(data: DemoData) -> dict[str, str]:
    status = {s.student_no: "enrolled" for s in data.students}
    for c in data.status_changes:
        assert c.status_before == status[c.student_no], c
        assert lifecycle.transition(c.kind, c.status_before) == c.status_after, c
        status[c.student_no] = c.status_after
    return status


def test_status_history_is_consistent(full: DemoData) -> None:
    students = by_no(full)
    assert replay(full) == {no: s.status for no, s in students.items()}
    dates = [c.effective_date for c in full.status_changes]
    assert dates == sorted(dates) and max(dates) <= full.today
    numbers = [c.document_no for c in full.status_changes]
    assert len(set(numbers)) == len(numbers)
    classes = {c.key: c for c in full.class_groups}
    for c in full.status_changes:
        s = students[c.student_no]
        assert c.effective_date >= datetime.date(int(s.enrolment_month[:4]), 9, 1)
        assert c.category_code == lifecycle.SPECS[c.kind].category_code
        assert c.reason_code == "" or c.reason_code in lifecycle.REASON_CODES
        if c.kind == "leave_of_absence":
            assert c.expected_return_date is not None and c.expected_return_date > c.effective_date
        if c.class_after is not None:
            assert c.class_before != c.class_after
            assert classes[c.class_after].intake_year == classes[str(c.class_before)].intake_year
    for s in full.students:
        assert classes[s.class_key].major_code == s.major_code  # class moves were applied
    kinds = Counter(c.kind for c in full.status_changes)
    for kind in ("leave_of_absence", "return_from_leave", "change_major", "change_class",
                 "withdrawal", "transfer_out", "graduation", "completion"):  # fmt: skip
        assert kinds[kind] >= 1, kind
    leaves = {c.student_no: c for c in full.status_changes if c.kind == "leave_of_absence"}
    on_leave = [s for s in full.students if s.status == "on_leave"]
    overdue = [s for s in on_leave if leaves[s.student_no].expected_return_date < full.today]  # type: ignore[operator]
    assert len(overdue) == 1
    assert sum(c.report_status == "returned" and c.returned_reason != ""
               for c in full.status_changes) == 1  # fmt: skip


def test_counts_per_status_are_plausible(full: DemoData) -> None:
    statuses = Counter(s.status for s in full.students)
    n = len(full.students)
    assert statuses["enrolled"] > 0.7 * n
    assert 0.2 * n < statuses["graduated"] < 0.26 * n  # the 2023 intake, a few left before
    for status in ("on_leave", "withdrawn", "transferred_out", "completed_without_diploma"):
        assert 1 <= statuses[status] < 0.03 * n, status
    outcomes = ("graduation", "completion")
    changed = {c.student_no for c in full.status_changes if c.kind not in outcomes}
    assert 0.01 * n < len(changed) < 0.06 * n  # a realistic few percent


def test_report_statuses(full: DemoData) -> None:
    older = [s for s in full.students if s.enrolment_month != "202609"]
    assert {s.report_status for s in older} == {"approved"}
    newest = Counter(s.report_status for s in full.students if s.enrolment_month == "202609")
    assert newest["approved"] > 0.5 * sum(newest.values())
    assert newest["draft"] and newest["confirmed"] and newest["reported"]
    assert newest["returned"] == 2
    for s in full.students:
        assert (s.returned_reason != "") == (s.report_status == "returned")
        if s.student_no in {c.student_no for c in full.status_changes}:
            assert s.report_status == "approved"  # events only on approved records


def test_graduates(full: DemoData) -> None:
    left = [s for s in full.students if s.graduation_outcome]
    assert left and all(s.enrolment_month == "202309" for s in left)
    for s in left:
        assert s.graduation_date == datetime.date(2026, 6, 30)
        assert (
            s.status
            == {"graduation": "graduated", "completion": "completed_without_diploma"}[
                s.graduation_outcome
            ]
        )
        assert s.graduation_assessment in {"优秀", "良好", "合格"}
    internships = {i.student_no: i for i in full.internships}
    for s in left:
        i = internships[s.student_no]
        assert i.end_date is not None and i.assessment in {"优秀", "良好", "合格"}
    destinations = {d.student_no for d in full.destinations}
    assert destinations <= {s.student_no for s in left}
    assert 0 < len(left) - len(destinations) < 0.1 * len(left)  # some without destination
    kinds = Counter(d.kind for d in full.destinations)
    assert kinds["employment"] and kinds["further_study"]


def test_rewards_and_punishments(full: DemoData) -> None:
    items = full.rewards_punishments
    assert any(p.kind == "award" for p in items)
    punishments = [p for p in items if p.kind == "punishment"]
    assert sum(p.lifted_on is not None for p in punishments) >= 1
    assert sum(p.annulled_on is not None for p in punishments) == 1
    for p in items:
        assert not (p.lifted_on and p.annulled_on)
        assert p.lifted_on is None or p.decided_on < p.lifted_on <= full.today
        assert p.kind == "punishment" or p.lifted_on is None
    numbers = [p.document_no for p in items] + [p.lifted_document_no for p in items if p.lifted_on]
    assert len(set(numbers)) == len(numbers) and "" not in numbers


def test_certificates_and_aid(full: DemoData) -> None:
    assert any(c.is_1x for c in full.certificates) and any(not c.is_1x for c in full.certificates)
    assert all(c.issued_on <= full.today for c in full.certificates)
    terms = {t.code: t for t in full.terms}
    kinds = Counter(a.kind for a in full.aid)
    assert kinds["tuition_waiver"] > kinds["state_grant"] > 0
    once = [(a.student_no, a.term_code, a.kind) for a in full.aid]
    assert len(once) == len(set(once))
    for a in full.aid:
        assert a.paid_on <= full.today and terms[a.term_code].start_date <= a.paid_on
        assert a.amount_fen in (100_000, 115_000)


def test_documents(full: DemoData) -> None:
    per_student = Counter(d.student_no for d in full.documents)
    complete = sum(n >= 7 for n in per_student.values())
    assert complete > 0.95 * len(full.students)
    graduates = {s.student_no for s in full.students if s.status == "graduated"}
    forms = {d.student_no for d in full.documents if d.doc_type == "graduate_form"}
    assert graduates <= forms


@pytest.mark.parametrize(
    ("surname", "given", "expected"),
    [
        ("张", "三", "Zhang San"),
        ("王", "子涵", "Wang Zihan"),
        ("吕", "欣", "Lyu Xin"),
        ("曾", "佳", "Zeng Jia"),
        ("覃", "瑶", "Qin Yao"),
        ("欧阳", "欣安", "Ouyang Xin'an"),
    ],
)
def test_to_name_pinyin(surname: str, given: str, expected: str) -> None:
    assert to_name_pinyin(surname, given) == expected


def test_generated_students_are_immutable(demo: DemoData) -> None:
    s = demo.students[0]
    with pytest.raises(AttributeError):
        s.name = "改名"  # type: ignore[misc]
    assert replace(s, name="改名") != s
