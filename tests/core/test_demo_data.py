"""Tests for core.demo_data."""

from __future__ import annotations

import datetime
import re
import time
from collections import Counter

import pytest

from xueji_desktop.core.codes import ETHNICITY, POLITICAL_STATUS
from xueji_desktop.core.demo_data import DemoData, generate_demo, to_name_pinyin
from xueji_desktop.core.id_number import validate_id_number
from xueji_desktop.core.majors import MAJORS
from xueji_desktop.core.regions import REGIONS


@pytest.fixture(scope="module")
def demo() -> DemoData:
    return generate_demo()


def test_deterministic(demo: DemoData) -> None:
    assert generate_demo(1) == demo
    other = generate_demo(2)
    assert other != demo
    assert [s.id_number for s in other.students] != [s.id_number for s in demo.students]


def test_fast() -> None:
    start = time.perf_counter()
    generate_demo(7)
    assert time.perf_counter() - start < 1.0


def test_counts(demo: DemoData) -> None:
    assert len(demo.students) == 1200
    assert demo.majors == MAJORS
    assert len(demo.majors) == 8
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
    assert generate_demo(3, intakes=(), students_per_intake=10).students == ()
    with pytest.raises(ValueError):
        generate_demo(students_per_intake=-1)


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
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}", c.head_teacher)
    used = Counter(s.class_key for s in demo.students)
    assert set(used) == set(keys)  # every student's class exists, every class has students


def test_unique_identifiers(demo: DemoData) -> None:
    assert len({s.student_no for s in demo.students}) == len(demo.students)
    assert len({s.id_number for s in demo.students}) == len(demo.students)
    for s in demo.students:
        assert re.fullmatch(r"20\d{7}", s.student_no)


def test_id_numbers_agree_with_student(demo: DemoData) -> None:
    today = datetime.date(2026, 12, 31)
    for s in demo.students:
        assert s.id_type == "1"
        info = validate_id_number(s.id_number, today=today)
        assert info.number == s.id_number
        assert info.birth_date == s.birth_date
        assert info.gender == s.gender
        assert info.region_code in REGIONS


def test_ages_at_intake(demo: DemoData) -> None:
    for s in demo.students:
        intake = int(s.enrolment_month[:4])
        sept1 = datetime.date(intake, 9, 1)
        age = intake - s.birth_date.year - ((s.birth_date.month, s.birth_date.day) > (9, 1))
        assert 15 <= age <= 16, (s.birth_date, sept1)
        assert s.enrolment_month == f"{s.class_key[:4]}09"
        assert s.student_no.startswith(s.class_key[:4])


def test_codes_and_places(demo: DemoData) -> None:
    for s in demo.students:
        assert s.gender in {"1", "2"}
        assert s.ethnicity in ETHNICITY
        assert s.political_status in POLITICAL_STATUS
        assert s.political_status in {"03", "13"}
        assert s.native_place in REGIONS
        assert s.hukou_place in REGIONS
        assert s.hukou_type in {"农业户口", "非农业户口"}
        assert s.address.startswith(REGIONS[s.hukou_place])
        assert re.fullmatch(r"1[3-9]\d{9}", s.phone)
    ethnic = Counter(s.ethnicity for s in demo.students)
    assert ethnic["01"] > 0.7 * len(demo.students)
    assert len(ethnic) >= 4  # some minorities
    assert sum(s.native_place == s.id_number[:6] for s in demo.students) > 0.8 * 1200
    school_province = demo.school.region_code[:2]
    assert sum(s.id_number[:2] == school_province for s in demo.students) > 0.6 * 1200
    # minorities appear where they live
    zhuang = [s for s in demo.students if s.ethnicity == "08"]
    assert zhuang and all(s.id_number.startswith("45") for s in zhuang)
    tujia = [s for s in demo.students if s.ethnicity == "15"]
    assert tujia and all(s.id_number.startswith("43") for s in tujia)


def test_names(demo: DemoData) -> None:
    for s in demo.students:
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,4}", s.name)
        assert re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z']+", s.name_pinyin), s.name_pinyin
    genders = Counter(s.gender for s in demo.students)
    assert genders["1"] > 300 and genders["2"] > 300


def test_family_members(demo: DemoData) -> None:
    for s in demo.students:
        assert 1 <= len(s.family_members) <= 2
        assert any(m.is_guardian for m in s.family_members)
        for m in s.family_members:
            assert m.relation in {"父亲", "母亲", "祖父", "祖母", "外祖父", "外祖母"}
            assert re.fullmatch(r"1[3-9]\d{9}", m.phone)
            if m.relation in {"父亲", "祖父"}:
                surname = m.name[:2] if s.name.startswith("欧阳") else m.name[0]
                assert s.name.startswith(surname)


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
