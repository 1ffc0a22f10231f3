"""The shapes of the demo data (core/demo_data.py and the modules it draws on): the school,
classes, students with their families, the 学籍异动 history, terms and courses, the records of
school life and the deliberate defects. Plain frozen records; records refer to students by 学号
and to classes, courses and terms by key or code (services/demo_load.py makes them row ids).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

from xueji_desktop.core.majors import Major

__all__ = [
    "DemoAid",
    "DemoAttendance",
    "DemoCertificate",
    "DemoClassGroup",
    "DemoConduct",
    "DemoCourse",
    "DemoData",
    "DemoDefect",
    "DemoDestination",
    "DemoDocument",
    "DemoFamilyMember",
    "DemoGrade",
    "DemoInternship",
    "DemoRewardPunishment",
    "DemoSchool",
    "DemoStatusChange",
    "DemoStudent",
    "DemoTerm",
    "Records",
    "StudentLife",
]

Date = datetime.date


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
class DemoStatusChange:
    """A 学籍异动 event; classes by key (services/demo_load.py turns them into ids and JSON)."""

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


@dataclass(frozen=True, slots=True)
class DemoTerm:
    code: str  # "2025-2026-1"
    name: str
    school_year: int
    semester: int
    start_date: Date
    end_date: Date


@dataclass(frozen=True, slots=True)
class DemoCourse:
    code: str
    name: str
    course_type: str  # public_basic / professional / internship
    credits: float
    hours: int
    major_code: str | None
    terms: tuple[int, ...]  # term indices 1-6 of a cohort in which it is taught
    by_label: bool = False  # graded 优秀/良好/合格 instead of a score


@dataclass(frozen=True, slots=True)
class DemoGrade:
    student_no: str
    course_code: str
    term_code: str
    score: float | None
    grade_label: str
    makeup_score: float | None
    makeup_date: Date | None
    retake_score: float | None
    retake_term_code: str | None
    updated_on: Date


@dataclass(frozen=True, slots=True)
class DemoConduct:
    student_no: str
    term_code: str
    grade: str
    comment: str


@dataclass(frozen=True, slots=True)
class DemoAttendance:
    student_no: str
    term_code: str
    sick_leave_hours: int
    personal_leave_hours: int
    truancy_hours: int
    late_count: int


@dataclass(frozen=True, slots=True)
class DemoRewardPunishment:
    student_no: str
    kind: str  # award / punishment
    level: str
    title: str
    reason: str
    document_no: str
    decided_on: Date
    issued_by: str
    lifted_on: Date | None = None
    lifted_document_no: str = ""
    annulled_on: Date | None = None
    annulled_reason: str = ""


@dataclass(frozen=True, slots=True)
class DemoInternship:
    student_no: str
    employer: str
    position: str
    supervisor: str
    start_date: Date
    end_date: Date | None
    assessment: str


@dataclass(frozen=True, slots=True)
class DemoCertificate:
    student_no: str
    name: str
    level: str
    issuer: str
    certificate_no: str
    issued_on: Date
    is_1x: bool


@dataclass(frozen=True, slots=True)
class DemoAid:
    student_no: str
    term_code: str
    kind: str  # state_grant / tuition_waiver
    amount_fen: int
    paid_on: Date


@dataclass(frozen=True, slots=True)
class DemoDestination:
    student_no: str
    kind: str
    employer: str
    matches_major: bool | None
    recorded_on: Date


@dataclass(frozen=True, slots=True)
class DemoDocument:
    student_no: str
    doc_type: str
    added_on: Date


@dataclass
class StudentLife:
    """What one student did at school, derived from the status history."""

    student: DemoStudent
    cohort_terms: list[DemoTerm]  # terms 1-6 of the cohort that exist in the calendar
    graded: list[tuple[DemoTerm, str]] = field(default_factory=list)  # (term, major then)
    aid_terms: list[DemoTerm] = field(default_factory=list)  # 在籍 at the term's start
    left_on: Date | None = None  # 退学 / 转出
    outcome: str = ""  # graduation / completion


@dataclass
class Records:
    grades: list[DemoGrade] = field(default_factory=list)
    conduct: list[DemoConduct] = field(default_factory=list)
    attendance: list[DemoAttendance] = field(default_factory=list)
    rewards_punishments: list[DemoRewardPunishment] = field(default_factory=list)
    internships: list[DemoInternship] = field(default_factory=list)
    certificates: list[DemoCertificate] = field(default_factory=list)
    aid: list[DemoAid] = field(default_factory=list)
    destinations: list[DemoDestination] = field(default_factory=list)
    documents: list[DemoDocument] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DemoData:
    school: DemoSchool
    majors: tuple[Major, ...]
    class_groups: tuple[DemoClassGroup, ...]
    students: tuple[DemoStudent, ...]
    today: Date
    terms: tuple[DemoTerm, ...] = ()
    courses: tuple[DemoCourse, ...] = ()
    status_changes: tuple[DemoStatusChange, ...] = ()
    grades: tuple[DemoGrade, ...] = ()
    conduct: tuple[DemoConduct, ...] = ()
    attendance: tuple[DemoAttendance, ...] = ()
    rewards_punishments: tuple[DemoRewardPunishment, ...] = ()
    internships: tuple[DemoInternship, ...] = ()
    certificates: tuple[DemoCertificate, ...] = ()
    aid: tuple[DemoAid, ...] = ()
    destinations: tuple[DemoDestination, ...] = ()
    documents: tuple[DemoDocument, ...] = ()
    defects: tuple[DemoDefect, ...] = ()
