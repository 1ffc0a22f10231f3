"""The people of the demo: students and their families with names (and 姓名拼音), ID numbers,
places, addresses and phones, drawn from one ``random.Random``; word lists in
core/demo_names.py. ID numbers use current 湖南 county codes already in use in the birth year.
"""

from __future__ import annotations

import datetime
import random

from pypinyin import Style, lazy_pinyin

from xueji_desktop.core import demo_names as dn
from xueji_desktop.core.demo_types import DemoFamilyMember, DemoStudent
from xueji_desktop.core.id_number import check_char
from xueji_desktop.core.majors import Major
from xueji_desktop.core.regions import current_regions, region_periods, region_valid_in

__all__ = ["SCHOOL_PREFECTURE", "People", "to_name_pinyin"]

Date = datetime.date
SCHOOL_PREFECTURE = "430500"  # 湖南省邵阳市
_DAY = datetime.timedelta(days=1)
# Share of male students by major (others: half).
_MALE_SHARE = {"660301": 0.9, "700206": 0.92, "720201": 0.1, "770101": 0.05}
_STAGED = ("710201", "720201")  # majors with a 中高职3+2 track


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


class People:
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
