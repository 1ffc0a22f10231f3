"""Deterministic demo data: a fictional school with about 1,200 students.

All randomness comes from one ``random.Random(seed)``; the same seed always yields equal data.
ID numbers are valid GB 11643-1999 numbers built on regions from ``core.regions`` (a seed
subset), and agree with the generated birth date and gender. Names are random combinations.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin

from xueji_desktop.core import demo_names as dn
from xueji_desktop.core.id_number import check_char
from xueji_desktop.core.majors import MAJORS, Major
from xueji_desktop.core.regions import REGIONS, counties_in_prefecture, counties_in_province

__all__ = [
    "DemoClassGroup",
    "DemoData",
    "DemoFamilyMember",
    "DemoSchool",
    "DemoStudent",
    "generate_demo",
    "to_name_pinyin",
]

SCHOOL_PREFECTURE = "430500"  # 湖南省邵阳市
SCHOOL_REGION = "430502"  # 双清区
CLASS_SPLIT_ABOVE = 45  # a major's intake larger than this is split into two classes


@dataclass(frozen=True, slots=True)
class DemoSchool:
    name: str
    code: str  # 10-digit school code (demo value)
    region_code: str


@dataclass(frozen=True, slots=True)
class DemoClassGroup:
    key: str  # e.g. "2024-710201-1"
    name: str  # e.g. "2024级计算机应用1班"
    intake_year: int
    major_code: str
    head_teacher: str


@dataclass(frozen=True, slots=True)
class DemoFamilyMember:
    relation: str  # 父亲 / 母亲 / 祖父 / 祖母 ...
    name: str
    phone: str
    is_guardian: bool


@dataclass(frozen=True, slots=True)
class DemoStudent:
    student_no: str
    name: str
    name_pinyin: str
    gender: str  # GB/T 2261.1
    birth_date: datetime.date
    id_type: str  # JY/T 1001 SFZJLX, "1" 居民身份证
    id_number: str
    ethnicity: str  # GB/T 3304
    political_status: str  # GB/T 4762
    native_place: str  # region code
    hukou_place: str  # region code
    hukou_type: str  # label: 农业户口 / 非农业户口
    enrolment_month: str  # YYYYMM
    class_key: str
    phone: str
    address: str
    family_members: tuple[DemoFamilyMember, ...]


@dataclass(frozen=True, slots=True)
class DemoData:
    school: DemoSchool
    majors: tuple[Major, ...]
    class_groups: tuple[DemoClassGroup, ...]
    students: tuple[DemoStudent, ...]


# Relative intake size of each major (by index in MAJORS) and share of male students.
_MAJOR_WEIGHTS = (1.3, 1.0, 0.9, 1.1, 1.0, 1.2, 0.7, 0.8)
_MALE_SHARE = {"660301": 0.9, "700206": 0.92, "720201": 0.1, "770101": 0.05}

# Minority ethnicities by county (or province) code: ((code, probability), ...).
_ETHNIC_MIX: dict[str, tuple[tuple[str, float], ...]] = {
    "430529": (("06", 0.5), ("12", 0.05)),  # 城步苗族自治县: 苗族, 侗族
    "430527": (("06", 0.3), ("12", 0.1)),  # 绥宁县
    "433101": (("15", 0.45), ("06", 0.25)),  # 湘西州: 土家族, 苗族
    "433127": (("15", 0.6), ("06", 0.1)),
    "430802": (("15", 0.55),),  # 张家界市: 土家族
    "430822": (("15", 0.6), ("14", 0.05)),  # 桑植县: 土家族, 白族
    "431202": (("12", 0.15), ("06", 0.05)),  # 怀化市: 侗族
    "451229": (("13", 0.3), ("08", 0.4)),  # 大化瑶族自治县: 瑶族, 壮族
    "45": (("08", 0.4), ("13", 0.03)),  # 广西: 壮族, 瑶族
    "513401": (("07", 0.4),),  # 凉山州: 彝族
    "513432": (("07", 0.8),),
    "522601": (("06", 0.5), ("12", 0.1)),  # 黔东南州: 苗族, 侗族
    "": (("03", 0.01),),  # elsewhere: a few 回族
}


def to_name_pinyin(surname: str, given_name: str) -> str:
    """Pinyin of a name in passport style: "Zhang Sanfeng", "Ouyang Xin'an", "Lyu Jie".

    Surname readings come from demo_names.SURNAME_PINYIN when polyphonic; ü is written "yu";
    an apostrophe separates a given-name syllable that starts with a, o or e.
    """

    def syllables(text: str) -> list[str]:
        return [s.replace("v", "yu") for s in lazy_pinyin(text, style=Style.NORMAL)]

    family = dn.SURNAME_PINYIN.get(surname) or "".join(syllables(surname))
    parts = syllables(given_name)
    given = parts[0] if parts else ""
    for s in parts[1:]:
        given += ("'" if s[:1] in ("a", "o", "e") else "") + s
    return f"{family.capitalize()} {given.capitalize()}".strip()


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used_ids: set[str] = set()
        self.home_counties = counties_in_prefecture(SCHOOL_PREFECTURE)
        self.province_counties = tuple(
            c for c in counties_in_province(SCHOOL_PREFECTURE[:2]) if c not in self.home_counties
        )
        self.other_counties = tuple(c for c in REGIONS if c[:2] != SCHOOL_PREFECTURE[:2])

    # -- people ---------------------------------------------------------------------------
    def surname(self) -> str:
        return self.rng.choices(dn.SURNAMES, weights=dn.SURNAME_WEIGHTS)[0]

    def given_name(self, male: bool) -> str:
        chars = dn.MALE_GIVEN_CHARS if male else dn.FEMALE_GIVEN_CHARS
        size = 1 if self.rng.random() < 0.3 else 2
        return "".join(self.rng.choice(chars) for _ in range(size))

    def full_name(self, male: bool, surname: str | None = None) -> tuple[str, str]:
        while True:
            family = surname or self.surname()
            given = self.given_name(male)
            if family + given not in dn.FAMOUS_NAMES:
                return family, given

    def phone(self) -> str:
        return self.rng.choice(dn.MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    # -- places ---------------------------------------------------------------------------
    def origin_county(self) -> str:
        r = self.rng.random()
        if r < 0.6:
            return self.rng.choice(self.home_counties)
        if r < 0.8:
            return self.rng.choice(self.province_counties)
        return self.rng.choice(self.other_counties)

    def ethnicity(self, county: str) -> str:
        mix = _ETHNIC_MIX.get(county) or _ETHNIC_MIX.get(county[:2]) or _ETHNIC_MIX[""]
        r = self.rng.random()
        for code, share in mix:
            if r < share:
                return code
            r -= share
        return "01"

    def address(self, county: str) -> str:
        rng = self.rng
        if int(county[4:]) < 21:  # city district
            road = rng.choice(dn.ROADS)
            if rng.random() < 0.5:
                community = rng.choice(dn.COMMUNITY_PARTS)
                return (
                    f"{REGIONS[county]}{road}{rng.randint(1, 300)}号{community}小区"
                    f"{rng.randint(1, 20)}栋{rng.randint(1, 30)}0{rng.randint(1, 6)}室"
                )
            return f"{REGIONS[county]}{road}{rng.randint(1, 500)}号"
        town = rng.choice(dn.TOWN_PARTS)
        village = rng.choice(dn.VILLAGE_PARTS)
        return f"{REGIONS[county]}{town}镇{village}村{rng.randint(1, 12)}组{rng.randint(1, 80)}号"

    # -- identity -------------------------------------------------------------------------
    def id_number(self, county: str, birth: datetime.date, male: bool) -> str:
        while True:
            seq = self.rng.randrange(1, 500) * 2 + (1 if male else 0)
            first17 = f"{county}{birth:%Y%m%d}{seq:03d}"
            number = first17 + check_char(first17)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def birth_date(self, intake_year: int) -> datetime.date:
        # Aged 15 or 16 on 1 September of the intake year.
        first = datetime.date(intake_year - 17, 9, 2)
        last = datetime.date(intake_year - 15, 9, 1)
        return first + datetime.timedelta(days=self.rng.randrange((last - first).days + 1))

    def family(self, surname: str) -> tuple[DemoFamilyMember, ...]:
        rng = self.rng

        def member(
            relation: str, male: bool, guardian: bool, same_surname: bool
        ) -> DemoFamilyMember:
            family, given = self.full_name(male, surname if same_surname else None)
            return DemoFamilyMember(relation, family + given, self.phone(), guardian)

        r = rng.random()
        if r < 0.7:
            return (
                member("父亲", True, True, True),
                member("母亲", False, rng.random() < 0.5, False),
            )
        if r < 0.85:
            return (member("母亲", False, True, False),)
        if r < 0.95:
            grand = rng.choice((("祖父", True), ("祖母", False)))
            return (
                member(grand[0], grand[1], True, grand[1]),
                member("父亲", True, True, True),
            )
        return (member("父亲", True, True, True),)

    # -- intake ---------------------------------------------------------------------------
    def major_counts(self, total: int) -> list[int]:
        weights = [w * self.rng.uniform(0.85, 1.15) for w in _MAJOR_WEIGHTS]
        exact = [total * w / sum(weights) for w in weights]
        counts = [int(x) for x in exact]
        by_remainder = sorted(range(len(exact)), key=lambda i: counts[i] - exact[i])
        for i in by_remainder[: total - sum(counts)]:
            counts[i] += 1
        return counts

    def student(
        self, intake_year: int, major: Major, student_no: str, class_key: str
    ) -> DemoStudent:
        rng = self.rng
        male = rng.random() < _MALE_SHARE.get(major.code, 0.5)
        surname, given = self.full_name(male)
        birth = self.birth_date(intake_year)
        county = self.origin_county()
        same_province = [c for c in REGIONS if c[:2] == county[:2] and c != county]
        native = county if rng.random() < 0.9 or not same_province else rng.choice(same_province)
        hukou = county if rng.random() < 0.85 else rng.choice(self.home_counties)
        urban = int(hukou[4:]) < 21
        agricultural = rng.random() < (0.35 if urban else 0.75)
        return DemoStudent(
            student_no=student_no,
            name=surname + given,
            name_pinyin=to_name_pinyin(surname, given),
            gender="1" if male else "2",
            birth_date=birth,
            id_type="1",
            id_number=self.id_number(county, birth, male),
            ethnicity=self.ethnicity(county),
            political_status="03" if rng.random() < 0.25 else "13",
            native_place=native,
            hukou_place=hukou,
            hukou_type="农业户口" if agricultural else "非农业户口",
            enrolment_month=f"{intake_year}09",
            class_key=class_key,
            phone=self.phone(),
            address=self.address(hukou),
            family_members=self.family(surname),
        )


def generate_demo(
    seed: int = 1,
    *,
    intakes: tuple[int, ...] = (2024, 2025, 2026),
    students_per_intake: int = 400,
) -> DemoData:
    """Generate the demo school, its 8 majors, 1-2 classes per major and intake, and students.

    Student numbers are ``{intake}{major index:02d}{sequence:03d}`` (e.g. "202401001").
    """
    if not 0 <= students_per_intake <= 2000:
        raise ValueError("students_per_intake must be between 0 and 2000")
    gen = _Generator(seed)
    school = DemoSchool(
        name="示范市第一职业中等专业学校", code="3143050001", region_code=SCHOOL_REGION
    )
    class_groups: list[DemoClassGroup] = []
    students: list[DemoStudent] = []
    for intake in intakes:
        for index, (major, count) in enumerate(
            zip(MAJORS, gen.major_counts(students_per_intake), strict=True), start=1
        ):
            n_classes = 2 if count > CLASS_SPLIT_ABOVE else 1
            keys = []
            for k in range(1, n_classes + 1):
                key = f"{intake}-{major.code}-{k}"
                keys.append(key)
                teacher_male = gen.rng.random() < 0.5
                teacher = "".join(gen.full_name(teacher_male))
                name = f"{intake}级{major.name}{k}班"
                class_groups.append(DemoClassGroup(key, name, intake, major.code, teacher))
            for seq in range(1, count + 1):
                class_key = keys[(seq - 1) * n_classes // max(count, 1)]
                student_no = f"{intake}{index:02d}{seq:03d}"
                students.append(gen.student(intake, major, student_no, class_key))
    return DemoData(
        school=school,
        majors=MAJORS,
        class_groups=tuple(class_groups),
        students=tuple(students),
    )
