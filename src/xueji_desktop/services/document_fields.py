"""Values of a student as they are printed: one query per student, every value formatted for paper.

Dates are written "2008年3月5日", months "2023年9月", codes as their Chinese labels, 学制 as
"3年", regions as full names. The code tables and the region table are loaded once per process
(core/codes.py at import, core/regions.py on first use), never per document: a batch prints
1,000 documents. No permission check here: the public document service checks it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from xueji_desktop.core import codes
from xueji_desktop.core.errors import NotFound
from xueji_desktop.core.fields import FAMILY_FIELDS_BY_NAME, STUDENT_FIELDS_BY_NAME
from xueji_desktop.core.labels import KIND_LABELS, STATUS_LABELS
from xueji_desktop.core.regions import region_name
from xueji_desktop.services.context import ArchiveHandle
from xueji_desktop.services.records_common import require_id
from xueji_desktop.storage.connection import Connection

# States in which the student has left the school (the 离校年月 is then known).
LEFT_STATES = frozenset(STATUS_LABELS) - {"enrolled", "on_leave"}

_STUDENT_SQL = """
SELECT s.*, COALESCE(c.name, '') AS class_name, c.intake_year AS class_intake_year,
       c.graduation_year AS class_graduation_year, COALESCE(c.head_teacher, '') AS head_teacher,
       COALESCE(m.name, '') AS major_name, m.program_length AS major_years
FROM students s
LEFT JOIN class_groups c ON c.id = s.class_group_id
LEFT JOIN majors m ON m.code = s.major_code
WHERE s.id = ?
"""

_CN_DIGITS = {"一": "1", "二": "2", "两": "2", "三": "3", "四": "4", "五": "5", "六": "6",
              "七": "7", "八": "8", "九": "9"}  # fmt: skip


# -- formatting -----------------------------------------------------------------------------------


def cn_date(value: object) -> str:
    """ISO "2008-03-05" (or a date) -> "2008年3月5日"; anything unreadable is printed as is."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.date):
        day = value
    else:
        try:
            day = datetime.date.fromisoformat(str(value)[:10])
        except ValueError:
            return str(value)
    return f"{day.year}年{day.month}月{day.day}日"


def cn_month(value: object) -> str:
    """ "202309" or "2023-09-01" -> "2023年9月"."""
    text = "" if value is None else str(value).strip()
    if len(text) == 6 and text.isdigit():
        return f"{text[:4]}年{int(text[4:])}月"
    if len(text) >= 7 and text[:4].isdigit() and text[4] == "-" and text[5:7].isdigit():
        return f"{text[:4]}年{int(text[5:7])}月"
    return text


def number(value: float | None) -> str:
    """Scores and credits: "85", "85.5", "4"; "" for no value."""
    if value is None:
        return ""
    rounded = round(float(value), 1)
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:.1f}"


def years_text(code: str, major_years: object) -> str:
    """学制 for paper: "三年制" -> "3年", "两年半制" -> "2.5年"; else the major's years."""
    text = code.strip()
    if text:
        head = text.removesuffix("制")
        half = head.endswith("年半")
        digits = _CN_DIGITS.get(head[:1], "")
        if digits and head.removesuffix("半").endswith("年"):
            return f"{digits}.5年" if half else f"{digits}年"
        return text
    if isinstance(major_years, int) and major_years > 0:
        return f"{major_years}年"
    return ""


def code_label(table: str, value: object) -> str:
    text = "" if value is None else str(value)
    return codes.label_of(table, text) if text else ""


def region_label(value: object) -> str:
    text = "" if value is None else str(value)
    return (region_name(text) or text) if text else ""


def yes_no(value: object) -> str:
    if value is None or value == "":
        return ""
    return "是" if value in (1, True, "1") else "否"


def student_value(name: str, value: object, row: Mapping[str, Any]) -> str:
    """One stored value of the students table as printed, by the field's kind (core/fields.py)."""
    spec = STUDENT_FIELDS_BY_NAME.get(name)
    if name == "major_code":
        return str(row.get("major_name") or value or "")
    if name == "class_group":
        return str(row.get("class_name") or "")
    if name == "program_length":
        return years_text(str(value or ""), row.get("major_years"))
    if spec is None:
        return "" if value is None else str(value)
    if spec.kind == "code":
        return code_label(spec.table, value)
    if spec.kind == "region":
        return region_label(value)
    if spec.kind == "date":
        return cn_date(value)
    if spec.kind == "month":
        return cn_month(value)
    if spec.kind == "bool":
        return yes_no(value)
    return "" if value is None else str(value)


# -- the student ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StudentFacts:
    """The students row with its class and major (``row``), and what the documents derive."""

    id: int
    row: Mapping[str, Any]

    @property
    def status(self) -> str:
        return str(self.row["status"])

    @property
    def voided(self) -> bool:
        return bool(self.row["voided"])

    @property
    def subject(self) -> str:
        return f"{self.row['student_no'] or ''} {self.row['name']}".strip()


def load_facts(conn: Connection, student_id: object) -> StudentFacts:
    """The student (voided ones too: the caller refuses them), or NotFound."""
    sid = require_id("student", student_id)
    cur = conn.execute(_STUDENT_SQL, (sid,))
    row = cur.fetchone()
    if row is None:
        raise NotFound(kind="student", id=sid)
    return StudentFacts(sid, dict(zip([d[0] for d in cur.description], row, strict=True)))


def leaving_date(conn: Connection, facts: StudentFacts) -> str:
    """ISO date the student left (毕业/结业/肄业 date, else the event that made the current
    state), "" while in school."""
    if facts.status not in LEFT_STATES:
        return ""
    if facts.row["graduation_date"]:
        return str(facts.row["graduation_date"])
    row = conn.execute(
        "SELECT effective_date FROM status_changes WHERE student_id = ? AND revoked = 0 "
        "AND status_after = ? ORDER BY id DESC LIMIT 1",
        (facts.id, facts.status),
    ).fetchone()
    return str(row[0]) if row else ""


def common_fields(conn: Connection, facts: StudentFacts, today: datetime.date) -> dict[str, str]:
    """The fields every student document offers (docs/design/documents.md, "Common fields")."""
    r = facts.row
    intake = r["class_intake_year"]
    grad_year = r["class_graduation_year"]
    left = leaving_date(conn, facts)
    outcome = str(r["graduation_outcome"] or "")
    return {
        "name": str(r["name"]),
        "former_name": str(r["former_name"] or ""),
        "name_pinyin": str(r["name_pinyin"] or ""),
        "gender": student_value("gender", r["gender"], r),
        "birth_date": cn_date(r["birth_date"]),
        "id_type": student_value("id_type", r["id_type"], r),
        "id_number": str(r["id_number"] or ""),
        "ethnicity": student_value("ethnicity", r["ethnicity"], r),
        # The short form (共青团员, 群众) as forms print it; the verification sheet: the full one.
        "political_status": codes.POLITICAL_STATUS_SHORT.get(
            str(r["political_status"] or ""), str(r["political_status"] or "")
        ),
        "health_status": student_value("health_status", r["health_status"], r),
        "birthplace": region_label(r["birthplace"]),
        "native_place": region_label(r["native_place"]),
        "hukou_place": region_label(r["hukou_place"]),
        "hukou_address": str(r["hukou_address"] or ""),
        "hukou_type": student_value("hukou_type", r["hukou_type"], r),
        "student_no": str(r["student_no"] or ""),
        "registry_no": str(r["registry_no"] or ""),
        "major": str(r["major_name"] or r["major_code"] or ""),
        "major_code": str(r["major_code"] or ""),
        "major_direction": str(r["major_direction"] or ""),
        "program_length": years_text(str(r["program_length"] or ""), r["major_years"]),
        "study_mode": student_value("study_mode", r["study_mode"], r),
        "class_name": str(r["class_name"]),
        "head_teacher": str(r["head_teacher"]),
        "intake_year": f"{intake}级" if intake else "",
        "graduation_year": f"{grad_year}届" if grad_year else "",
        "enrolment_month": cn_month(r["enrolment_month"]),
        "leaving_month": cn_month(left),
        "leaving_date": cn_date(left),
        "status": STATUS_LABELS.get(facts.status, facts.status),
        "graduation_outcome": KIND_LABELS.get(outcome, outcome) if outcome else "",
        "graduation_date": cn_date(r["graduation_date"]),
        "graduation_assessment": str(r["graduation_assessment"] or ""),
        "diploma_no": str(r["diploma_no"] or ""),
        "address": str(r["home_address"] or ""),
        "postal_code": str(r["postal_code"] or ""),
        "phone": str(r["phone"] or ""),
        "home_phone": str(r["home_phone"] or ""),
        "issue_date": cn_date(today),
    }


def photo_of(handle: ArchiveHandle, facts: StudentFacts) -> bytes | None:
    """The record photo, read from the encrypted blob store (authenticated there)."""
    name = facts.row["photo_blob"]
    return handle.blobs().get(str(name)) if name else None


def family_rows(conn: Connection, student_id: int) -> list[dict[str, str]]:
    """The family members as printed (see ``FAMILY_COLUMNS``), in their recorded order."""
    rows = conn.execute(
        "SELECT relation, name, employer, position, phone, is_guardian, birth_month, id_type, "
        "id_number, ethnicity, political_status, health_status FROM family_members "
        "WHERE student_id = ? ORDER BY seq",
        (student_id,),
    ).fetchall()

    def label(field: str, value: object) -> str:
        return code_label(FAMILY_FIELDS_BY_NAME[field].table, value)

    return [
        {
            "relation": label("relation", r[0]),
            "name": str(r[1]),
            "work_unit": str(r[2]),
            "position": str(r[3]),
            "phone": str(r[4]),
            "guardian": "是" if r[5] else "否",
            "birth_month": cn_month(r[6]),
            "id_type": label("id_type", r[7]),
            "id_number": str(r[8]),
            "ethnicity": label("ethnicity", r[9]),
            "political_status": label("political_status", r[10]),
            "health_status": label("health_status", r[11]),
        }
        for r in rows
    ]


FAMILY_COLUMNS: tuple[str, ...] = (
    "relation", "name", "work_unit", "position", "phone", "guardian", "birth_month", "id_type",
    "id_number", "ethnicity", "political_status", "health_status",
)  # fmt: skip
