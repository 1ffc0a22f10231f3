"""Deterministic demo data: a fictional 湖南 vocational school with its students' whole records.

All randomness comes from ``random.Random`` instances seeded from ``seed``: the same seed always
yields equal data. Dates are relative to ``demo_today(intakes)`` (16 November of the newest
intake's year, days before the 20 November registration deadline), never to the clock.

Every generated student is a complete national-template record that passes
``core.validation.check_student(..., draft=False)``: a name with 姓名拼音, a valid ID number that
agrees with birth date and gender, on a current 湖南 county code that was in use in the birth
year, and every required field. ``defects`` lists the few deliberate mistakes (an empty required
field, a birth date or gender that disagrees with the ID number) that services/demo.py writes
over the generated values, so that the data-health report has something to find.

The status history (学籍异动: 休学/复学, 退学, 转出, 转专业, 调班, 毕业/结业) is generated here;
grades, aid and the other records follow it (core/demo_records.py).
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from pypinyin import Style, lazy_pinyin

from xueji_desktop.core import demo_names as dn
from xueji_desktop.core import demo_records as dr
from xueji_desktop.core.id_number import check_char
from xueji_desktop.core.majors import MAJORS, Major
from xueji_desktop.core.regions import current_regions, region_periods, region_valid_in

__all__ = [
    "DemoClassGroup",
    "DemoData",
    "DemoDefect",
    "DemoFamilyMember",
    "DemoSchool",
    "DemoStatusChange",
    "DemoStudent",
    "demo_today",
    "generate_demo",
    "student_values",
    "to_name_pinyin",
]

Date = datetime.date
SCHOOL_PREFECTURE = "430500"  # 湖南省邵阳市
SCHOOL_REGION = "430502"  # 双清区
CLASS_SPLIT_ABOVE = 45  # a major's intake larger than this is split into two classes
DEFAULT_REFERENCE_YEAR = 2026
_DAY = datetime.timedelta(days=1)
# Relative intake size of each major (by index in MAJORS) and share of male students.
_MAJOR_WEIGHTS = (1.3, 1.0, 0.9, 1.1, 1.0, 1.2, 0.7, 0.8)
_MALE_SHARE = {"660301": 0.9, "700206": 0.92, "720201": 0.1, "770101": 0.05}
_STAGED = ("710201", "720201")  # majors with a 中高职3+2 track


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
    graduation_year: int


@dataclass(frozen=True, slots=True)
class DemoFamilyMember:
    relation: str  # 父亲 / 母亲 / 祖父 / 祖母 ...
    name: str
    phone: str
    is_guardian: bool
    birth_month: str = ""  # YYYYMM
    id_number: str = ""
    ethnicity: str = ""
    political_status: str = ""
    employer: str = ""
    position: str = ""

    def values(self) -> dict[str, object]:
        """Internal field names (core/fields.FAMILY_FIELDS) -> stored values."""
        return {
            "name": self.name, "relation": self.relation, "is_guardian": int(self.is_guardian),
            "phone": self.phone, "birth_month": self.birth_month, "id_type": "1",
            "id_number": self.id_number, "ethnicity": self.ethnicity,
            "political_status": self.political_status, "health_status": "1",
            "employer": self.employer, "position": self.position,
        }  # fmt: skip


# Template fields every demo student shares (codes as stored; label-only sets store the label).
FIXED_VALUES: dict[str, object] = {
    "id_type": "1", "student_category": "33110", "study_mode": "全日制", "nationality": "156",
    "overseas_status": "00", "marital_status": "10", "recruitment_mode": "统一招生",
    "joint_type": "非联合办学", "major_catalogue": "2021", "program_length": "三年制",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DemoStudent:
    student_no: str
    class_key: str
    name: str
    name_pinyin: str
    gender: str  # GB/T 2261.1
    birth_date: Date
    id_number: str
    ethnicity: str  # GB/T 3304
    political_status: str  # GB/T 4762
    health_status: str
    birthplace: str  # region codes
    native_place: str
    hukou_place: str
    hukou_address: str
    police_station: str
    hukou_type: str  # label: 农业户口 / 非农业户口
    residence_type: str
    major_code: str
    enrolment_month: str  # YYYYMM
    phone: str
    home_address: str
    postal_code: str
    migrant_child: bool
    poverty_registered: bool
    boarding_mode: str
    admission_mode: str
    student_source: str
    enrolment_target: str
    staged_training: str
    candidate_no: str
    exam_score: str
    email: str
    former_name: str
    has_photo: bool
    family_members: tuple[DemoFamilyMember, ...]
    status: str = "enrolled"
    report_status: str = "approved"
    returned_reason: str = ""
    graduation_outcome: str = ""
    graduation_date: Date | None = None
    graduation_assessment: str = ""

    @property
    def registry_no(self) -> str:
        return "G" + self.id_number  # carried over from 义务教育


@dataclass(frozen=True, slots=True)
class DemoDefect:
    """A deliberate mistake written over a generated record (for the data-health report)."""

    student_no: str
    kind: str  # the health finding it causes: missing_required / id_mismatch
    changes: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class DemoData:
    school: DemoSchool
    majors: tuple[Major, ...]
    class_groups: tuple[DemoClassGroup, ...]
    students: tuple[DemoStudent, ...]
    today: Date
    terms: tuple[dr.DemoTerm, ...] = ()
    courses: tuple[dr.DemoCourse, ...] = ()
    status_changes: tuple[DemoStatusChange, ...] = ()
    grades: tuple[dr.DemoGrade, ...] = ()
    conduct: tuple[dr.DemoConduct, ...] = ()
    attendance: tuple[dr.DemoAttendance, ...] = ()
    rewards_punishments: tuple[dr.DemoRewardPunishment, ...] = ()
    internships: tuple[dr.DemoInternship, ...] = ()
    certificates: tuple[dr.DemoCertificate, ...] = ()
    aid: tuple[dr.DemoAid, ...] = ()
    destinations: tuple[dr.DemoDestination, ...] = ()
    documents: tuple[dr.DemoDocument, ...] = ()
    defects: tuple[DemoDefect, ...] = ()


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


def _county_name(code: str) -> str:
    periods = region_periods(code)
    return periods[-1].name if periods else ""


class _People:
    """Names, places, ID numbers and families."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.used_ids: set[str] = set()
        self.used_name_birth: set[tuple[str, Date]] = set()
        hunan = [code for code, _ in current_regions(SCHOOL_PREFECTURE[:2])]
        self.names = {code: name for code, name in current_regions(SCHOOL_PREFECTURE[:2])}
        self.home = [c for c in hunan if c[:4] == SCHOOL_PREFECTURE[:4]]
        self.province = [c for c in hunan if c[:4] != SCHOOL_PREFECTURE[:4]]
        self.city = [c for c in self.home if int(c[4:]) < 21]
        self._valid: dict[int, tuple[list[str], list[str]]] = {}

    def counties(self, year: int) -> tuple[list[str], list[str]]:
        """(home prefecture, rest of the province): current codes already in use in ``year``
        (from 1997 on: older IDs were reissued with the codes of the 1990s)."""
        year = max(year, 1997)
        if year not in self._valid:
            self._valid[year] = (
                [c for c in self.home if region_valid_in(c, year)],
                [c for c in self.province if region_valid_in(c, year)],
            )
        return self._valid[year]

    def county(self, year: int, home_share: float = 0.62) -> str:
        home, rest = self.counties(year)
        return self.rng.choice(home if self.rng.random() < home_share else rest)

    def surname(self) -> str:
        return self.rng.choices(dn.SURNAMES, weights=dn.SURNAME_WEIGHTS)[0]

    def full_name(self, male: bool, surname: str | None = None) -> tuple[str, str]:
        chars = dn.MALE_GIVEN_CHARS if male else dn.FEMALE_GIVEN_CHARS
        while True:
            family = surname or self.surname()
            size = 1 if self.rng.random() < 0.3 else 2
            given = "".join(self.rng.choice(chars) for _ in range(size))
            if family + given not in dn.FAMOUS_NAMES:
                return family, given

    def phone(self) -> str:
        return self.rng.choice(dn.MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def id_number(self, county: str, birth: Date, male: bool) -> str:
        while True:
            seq = self.rng.randrange(1, 500) * 2 + (1 if male else 0)
            first17 = f"{county}{birth:%Y%m%d}{seq:03d}"
            number = first17 + check_char(first17)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def ethnicity(self, county: str) -> str:
        mix = dn.ETHNIC_MIX.get(county) or dn.ETHNIC_MIX.get(county[:4]) or dn.ETHNIC_MIX[""]
        r = self.rng.random()
        for code, share in mix:
            if r < share:
                return code
            r -= share
        return "01"

    def place(self, county: str) -> tuple[str, str, str, str]:
        """(home address, 户口 address below the county, police station, residence type)."""
        rng, name = self.rng, self.names[county]
        short = _county_name(county)
        if int(county[4:]) < 21:  # a city district
            road, n = rng.choice(dn.ROADS), rng.randint(1, 300)
            community = rng.choice(dn.COMMUNITY_PARTS)
            flat = f"{rng.randint(1, 20)}栋{rng.randint(1, 30)}0{rng.randint(1, 6)}室"
            detail = f"{road}{n}号{community}小区{flat}"
            station = f"{short}{road[:2]}派出所"
            return name + detail, detail, station, "城市"
        town = rng.choice(dn.TOWN_PARTS)
        if town == "城关":
            detail = f"城关镇{rng.choice(dn.ROADS)}{rng.randint(1, 200)}号"
            return name + detail, detail, f"{short}城关派出所", "县城"
        detail = (
            f"{town}镇{rng.choice(dn.VILLAGE_PARTS)}村{rng.randint(1, 12)}组{rng.randint(1, 80)}号"
        )
        kind = "乡镇非农" if rng.random() < 0.12 else "农村"
        return name + detail, detail, f"{short}{town}派出所", kind

    def family(
        self, surname: str, county: str, student_birth: Date
    ) -> tuple[DemoFamilyMember, ...]:
        rng = self.rng

        def member(
            relation: str, male: bool, guardian: bool, same_surname: bool, age: int
        ) -> DemoFamilyMember:
            family, given = self.full_name(male, surname if same_surname else None)
            birth = Date(student_birth.year - age, rng.randint(1, 12), rng.randint(1, 28))
            place = county if same_surname else self.county(birth.year, 0.7)
            work = rng.choice(dn.FAMILY_WORK) if age < 50 else ("务农", "")
            return DemoFamilyMember(
                relation, family + given, self.phone(), guardian, f"{birth:%Y%m}",
                self.id_number(place, birth, male), self.ethnicity(place),
                "01" if rng.random() < 0.08 else "13", *work,
            )  # fmt: skip

        r = rng.random()
        father_age, mother_age = rng.randint(24, 38), rng.randint(22, 35)
        if r < 0.7:
            return (
                member("父亲", True, True, True, father_age),
                member("母亲", False, rng.random() < 0.5, False, mother_age),
            )
        if r < 0.85:
            return (member("母亲", False, True, False, mother_age),)
        if r < 0.95:  # left-behind children: a grandparent is the guardian
            male = rng.random() < 0.5
            grand = member("祖父" if male else "祖母", male, True, male, rng.randint(48, 62))
            return (grand, member("父亲", True, False, True, father_age))
        return (member("父亲", True, True, True, father_age),)

    def student(self, intake: int, major: Major, student_no: str, class_key: str) -> DemoStudent:
        rng = self.rng
        male = rng.random() < _MALE_SHARE.get(major.code, 0.5)
        birth = Date(intake - 17, 9, 2) + rng.randrange(730) * _DAY  # 15 or 16 on 1 September
        while True:
            surname, given = self.full_name(male)
            if (surname + given, birth) not in self.used_name_birth:
                self.used_name_birth.add((surname + given, birth))
                break
        county = self.county(birth.year)
        hukou = county if rng.random() < 0.85 else self.county(birth.year)
        migrant = hukou not in self.home and rng.random() < 0.12  # 进城务工人员随迁子女
        home_county = rng.choice(self.city) if migrant else hukou
        address, _, _, residence = self.place(home_county)
        _, hukou_detail, station, hukou_residence = self.place(hukou)
        if migrant:
            hukou_residence = "农村"
        farm = {"城市": 0.25, "县城": 0.5, "乡镇非农": 0.4, "农村": 0.95}[hukou_residence]
        rural = residence == "农村"
        fresh = rng.random() < 0.95
        former = ""
        if rng.random() < 0.015:
            former = surname + self.full_name(male, surname)[1]
            former = "" if former == surname + given else former
        return DemoStudent(
            student_no=student_no, class_key=class_key, name=surname + given,
            name_pinyin=to_name_pinyin(surname, given), gender="1" if male else "2",
            birth_date=birth, id_number=self.id_number(county, birth, male),
            ethnicity=self.ethnicity(county),
            political_status="03" if rng.random() < 0.22 else "13",
            health_status="1" if rng.random() < 0.98 else "2", birthplace=county,
            native_place=county if rng.random() < 0.9 else self.county(birth.year),
            hukou_place=hukou, hukou_address=hukou_detail, police_station=station,
            hukou_type="农业户口" if rng.random() < farm else "非农业户口",
            residence_type=residence, major_code=major.code, enrolment_month=f"{intake}09",
            phone=self.phone(), home_address=address,
            postal_code=dn.POSTAL_CODES.get(home_county[:4], "422000"), migrant_child=migrant,
            poverty_registered=rng.random() < (0.08 if rural else 0.01),
            boarding_mode="2" if rng.random() < (0.85 if rural else 0.4) else "1",
            admission_mode="01" if rng.random() < 0.97 else "08",
            student_source="应届" if fresh else "非应届",
            enrolment_target="应届初中毕业生" if fresh else "往届初中毕业生",
            staged_training="中高职3+2" if major.code in _STAGED and rng.random() < 0.3
            else "非分段培养",
            candidate_no=f"{intake % 100:02d}{county}{rng.randrange(10**5):05d}",
            exam_score=str(rng.randint(280, 560)),
            email=f"{rng.randrange(10**8, 10**10)}@qq.com" if rng.random() < 0.4 else "",
            former_name=former, has_photo=rng.random() < 0.99,
            family_members=self.family(surname, county, birth),
        )  # fmt: skip


# -- the status history ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoStatusChange:
    """A 学籍异动 event; classes by key (services/demo.py turns them into ids and JSON)."""

    student_no: str
    kind: str
    category_code: str
    reason_code: str
    effective_date: Date
    status_before: str
    status_after: str
    report_status: str = "approved"
    returned_reason: str = ""
    document_no: str = ""
    class_before: str | None = None
    class_after: str | None = None
    major_before: str | None = None
    major_after: str | None = None
    expected_return_date: Date | None = None
    to_school: str = ""
    approver: str = "校长办公会"


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

    def leave_school(self, kind: str, terms: list[dr.DemoTerm]) -> None:
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

    def life(self, student: DemoStudent, cohort: list[dr.DemoTerm]) -> dr.StudentLife:
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
        return dr.StudentLife(student, cohort, graded, aid, self.left_on)


def _story(st: _Story, started: list[dr.DemoTerm], cohort: list[dr.DemoTerm], forced: str,
           middle: bool, classes: dict[tuple[int, str], list[str]],
           terms: tuple[dr.DemoTerm, ...]) -> None:  # fmt: skip
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
    terms: tuple[dr.DemoTerm, ...],
    today: Date,
) -> tuple[list[DemoStudent], list[dr.StudentLife], list[DemoStatusChange]]:
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
    lives: list[dr.StudentLife] = []
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


def _major_counts(rng: random.Random, total: int) -> list[int]:
    weights = [w * rng.uniform(0.85, 1.15) for w in _MAJOR_WEIGHTS]
    exact = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: counts[i] - exact[i])
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _defects(
    people: _People, students: list[DemoStudent], newest: int, busy: set[str]
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
    people = _People(seed)
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
    terms = dr.make_terms(min(intakes), max(intakes)) if intakes else ()
    courses = dr.make_courses(tuple(m.code for m in MAJORS))
    students, lives, changes = plan_lives(seed, students, class_groups, terms, today)
    busy = {c.student_no for c in changes}
    defects = _defects(people, students, max(intakes), busy) if intakes else []
    by_no = {s.student_no: s for s in students}
    for life in lives:
        life.student = by_no[life.student.student_no]
    records = dr.build_records(seed, lives, courses, today, school.name)
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
