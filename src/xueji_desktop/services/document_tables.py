"""The tables and per-kind fields of printed documents: a transcript's courses and totals, the
verification sheet's items, a hand-over list's documents, a 学籍异动's values.

Each builder runs a fixed, small number of queries per student (the grades with their courses and
terms in one join), so a batch of 1,000 documents costs a few thousand queries, not one per
course. Values are formatted for paper (document_fields.py).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from xueji_desktop.core.codes import POLITICAL_STATUS_SHORT
from xueji_desktop.core.fields import STUDENT_FIELDS_BY_NAME
from xueji_desktop.core.grading import course_result
from xueji_desktop.core.labels import KIND_LABELS, STATUS_LABELS
from xueji_desktop.printing.model import Table
from xueji_desktop.services.document_fields import (
    FAMILY_COLUMNS,
    StudentFacts,
    cn_date,
    code_label,
    number,
    student_value,
)
from xueji_desktop.services.settings_store import read_setting
from xueji_desktop.storage.connection import Connection

# -- transcript -------------------------------------------------------------------------------

# The key services/document_settings.py (set_transcript_summary) writes.
TRANSCRIPT_SUMMARY_KEY = "documents.transcript_summary"
SUMMARY_ITEMS = ("total_credits", "earned_credits", "average_score", "weighted_average")
DEFAULT_SUMMARY = "total_credits,earned_credits,average_score"
COURSE_COLUMNS = ("term", "course", "course_type", "credits", "score", "makeup", "retake", "result")
COURSE_TYPE_LABELS: Mapping[str, str] = {
    "public_basic": "公共基础课",
    "professional": "专业课",
    "internship": "实习",
}
_RESULT_LABELS = {"original": "合格", "makeup": "补考合格", "retake": "重修合格"}

_GRADES_SQL = """
SELECT t.id, t.name, t.school_year, t.semester, c.name, c.course_type, c.credits,
       g.score, g.grade_label, g.makeup_score, g.retake_score
FROM grades g JOIN courses c ON c.id = g.course_id JOIN terms t ON t.id = g.term_id
WHERE g.student_id = ?
ORDER BY t.start_date, t.id, c.course_type = 'internship', c.code
"""


def term_heading(name: str, school_year: int, semester: int) -> str:
    """The term's own name, else "2024—2025学年第一学期" from its year and semester."""
    if name.strip():
        return name.strip()
    half = "第一学期" if semester == 1 else "第二学期"
    return f"{school_year}—{school_year + 1}学年{half}"


def summary_items(conn: Connection) -> tuple[str, ...]:
    """The totals the school prints on transcripts (setting ``transcript_summary``)."""
    text = read_setting(conn, TRANSCRIPT_SUMMARY_KEY, DEFAULT_SUMMARY)
    return tuple(i for i in (p.strip() for p in text.split(",")) if i in SUMMARY_ITEMS)


def transcript(conn: Connection, student_id: int) -> tuple[Table, dict[str, str]]:
    """The ``courses`` table (grouped per term) and the summary fields the school chose.

    Totals: 总学分 sums every course's credits; 已获学分 those passed (after 补考/重修, the one
    rule of core/grading.py); 平均成绩 and 加权平均 use the numeric original scores (courses
    graded 优秀/合格… are left out of both).
    """
    rows: list[tuple[str, ...]] = []
    groups: list[tuple[str, int]] = []
    last_term: int | None = None
    total = earned = weighted = weights = score_sum = 0.0
    scored = 0
    for r in conn.execute(_GRADES_SQL, (student_id,)):
        term_id, term_name, year, semester = int(r[0]), str(r[1]), int(r[2]), int(r[3])
        credits = float(r[6])
        score, label, makeup, retake = r[7], str(r[8] or ""), r[9], r[10]
        heading = term_heading(term_name, year, semester)
        if term_id != last_term:
            groups.append((heading, len(rows)))
            last_term = term_id
        result = course_result(score, label, makeup, retake)
        total += credits
        if result.passed:
            earned += credits
            outcome = _RESULT_LABELS.get(result.via, "合格")
        else:
            outcome = "" if result.passed is None else "不合格"
        if score is not None:
            score_sum += float(score)
            scored += 1
            weighted += float(score) * credits
            weights += credits
        rows.append(
            (heading, str(r[4]), COURSE_TYPE_LABELS.get(str(r[5]), str(r[5])), number(credits),
             number(score) if score is not None else label, number(makeup), number(retake),
             outcome)
        )  # fmt: skip
    values = {
        "total_credits": number(total) if rows else "",
        "earned_credits": number(earned) if rows else "",
        "average_score": f"{score_sum / scored:.1f}" if scored else "",
        "weighted_average": f"{weighted / weights:.1f}" if weights else "",
    }
    chosen = summary_items(conn)
    summary = {k: (v if k in chosen else "") for k, v in values.items()}
    return Table(COURSE_COLUMNS, tuple(rows), tuple(groups)), summary


# -- family, verification sheet -------------------------------------------------------------------


def family_table(members: Sequence[Mapping[str, str]], *, min_rows: int = 0) -> Table:
    """The ``family`` table; blank rows up to ``min_rows`` leave room to write by hand."""
    rows = [tuple(m[c] for c in FAMILY_COLUMNS) for m in members]
    rows += [("",) * len(FAMILY_COLUMNS)] * max(0, min_rows - len(rows))
    return Table(FAMILY_COLUMNS, tuple(rows))


# The verification sheet lists every field of the record in these groups, in this order.
VERIFICATION_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("基本信息", ("name", "former_name", "name_pinyin", "english_name", "gender", "birth_date",
                 "id_type", "id_number", "ethnicity", "nationality", "overseas_status",
                 "political_status", "health_status", "marital_status")),
    ("籍贯与户口", ("birthplace", "native_place", "source_place", "hukou_place", "hukou_address",
                   "police_station", "hukou_type", "residence_type", "migrant_child",
                   "poverty_registered", "train_route")),
    ("学籍信息", ("student_no", "registry_no", "class_group", "major_code", "major_catalogue",
                 "major_direction", "program_length", "enrolment_month", "student_category",
                 "study_mode", "admission_mode", "boarding_mode", "student_source",
                 "enrolment_target", "recruitment_mode", "joint_type", "joint_form",
                 "joint_school_code", "offsite_site", "staged_training", "exam_ticket_no",
                 "candidate_no", "exam_score")),
    ("联系方式", ("phone", "home_phone", "email", "home_address", "postal_code")),
)  # fmt: skip
# Shorter labels than the national template's column headers where those name a code column.
_PAPER_LABELS = {
    "birthplace": "出生地", "native_place": "籍贯", "source_place": "生源地",
    "hukou_place": "户口所在地", "hukou_address": "户口详细地址", "class_group": "班级",
    "email": "电子信箱", "poverty_registered": "建档立卡贫困户", "migrant_child": "随迁子女",
}  # fmt: skip
VERIFICATION_COLUMNS = ("label", "value", "correction", "label_2", "value_2", "correction_2")


def verification_items(facts: StudentFacts) -> Table:
    """Every field of the record (empty ones too, for the student to fill), two per row as on
    a paper form, each with an empty ``correction`` cell where the student writes what is wrong."""
    rows: list[tuple[str, ...]] = []
    groups: list[tuple[str, int]] = []
    for heading, names in VERIFICATION_GROUPS:
        groups.append((heading, len(rows)))
        cells: list[tuple[str, str, str]] = []
        for name in names:
            label = _PAPER_LABELS.get(name) or STUDENT_FIELDS_BY_NAME[name].label
            value = facts.row.get(name) if name != "class_group" else None
            cells.append((label, student_value(name, value, facts.row), ""))
        if len(cells) % 2:
            cells.append(("", "", ""))
        rows += [cells[i] + cells[i + 1] for i in range(0, len(cells), 2)]
    return Table(VERIFICATION_COLUMNS, tuple(rows), tuple(groups))


# -- hand-over list -------------------------------------------------------------------------------

DOCUMENT_COLUMNS = ("seq", "name", "copies", "remark")


def held_documents(conn: Connection, facts: StudentFacts) -> list[tuple[str, int]]:
    """(document name, number of pieces) of the paper file, from the student's attachments in
    the checklist order; the record photo counts as the photo document."""
    out: list[tuple[str, int]] = []
    for code, name, count in conn.execute(
        "SELECT d.code, d.name, count(a.id) FROM document_types d LEFT JOIN attachments a "
        "ON a.doc_type = d.code AND a.student_id = ? AND a.voided = 0 "
        "GROUP BY d.code ORDER BY d.sort_order, d.code",
        (facts.id,),
    ):
        pieces = int(count) or (1 if code == "photo" and facts.row["photo_blob"] else 0)
        if pieces:
            out.append((str(name), pieces))
    return out


def documents_table(listed: str | None, held: Sequence[tuple[str, int]]) -> Table:
    """The ``documents`` table: the clerk's list (one per line, "名称" or "名称×2") when given,
    else what the archive holds."""
    items: list[tuple[str, int]] = []
    if listed is not None and listed.strip():
        for line in listed.splitlines():
            text = line.strip()
            if not text:
                continue
            name, _, count = text.rpartition("×") if "×" in text else (text, "", "1")
            pieces = int(count) if count.strip().isdigit() and int(count) > 0 else 1
            items.append(((name or text).strip(), pieces))
    else:
        items = list(held)
    rows = tuple((str(i), name, f"{n}份", "") for i, (name, n) in enumerate(items, start=1))
    return Table(DOCUMENT_COLUMNS, rows)


# -- 学籍异动 ------------------------------------------------------------------------------------

EVENT_SQL = """
SELECT id, student_id, kind, category_code, reason_code, effective_date, document_no, approver,
       details, status_before, status_after, before_values, revoked, created_at
FROM status_changes
"""


def _name_of(conn: Connection, table: str, key: str, value: object) -> str:
    if value is None or value == "":
        return ""
    row = conn.execute(
        f"SELECT name FROM {table} WHERE {key} = ?",  # noqa: S608 - fixed names
        (value,),
    ).fetchone()
    return str(row[0]) if row else str(value)


def event_fields(conn: Connection, event: Sequence[Any], facts: StudentFacts) -> dict[str, str]:
    """The values of one 学籍异动 for its forms (docs/design/documents.md, "Forms")."""
    details: dict[str, Any] = json.loads(event[8] or "{}")
    before: dict[str, Any] = json.loads(event[11] or "{}")
    kind = str(event[2])
    class_after = details.get("class_group_id")
    major_after = details.get("major_code")
    return {
        "event_kind": KIND_LABELS.get(kind, kind),
        "event_category": code_label("status_change_category", event[3]),
        "event_reason": code_label("status_change_reason", event[4]),
        "effective_date": cn_date(event[5]),
        "document_no": str(event[6] or ""),
        "approver": str(event[7] or ""),
        "status_before": STATUS_LABELS.get(str(event[9]), ""),
        "status_after": STATUS_LABELS.get(str(event[10]), ""),
        "expected_return_date": cn_date(details.get("expected_return_date", "")),
        "to_school": str(details.get("to_school", "")),
        "from_school": str(details.get("from_school", "")),
        "event_remark": str(details.get("remark", "")),
        "recorded_on": cn_date(str(event[13])[:10]),
        "class_before": _name_of(conn, "class_groups", "id", before.get("class_group_id")),
        "class_after": _name_of(conn, "class_groups", "id", class_after),
        "major_before": _name_of(conn, "majors", "code", before.get("major_code")),
        "major_after": _name_of(conn, "majors", "code", major_after),
    }


def leave_before(conn: Connection, student_id: int, event_id: int) -> dict[str, str]:
    """``leave_from`` / ``leave_until``: the 休学 a 复学 ends (the latest one before it)."""
    row = conn.execute(
        EVENT_SQL + " WHERE student_id = ? AND id < ? AND revoked = 0 "
        "AND kind = 'leave_of_absence' ORDER BY id DESC LIMIT 1",
        (student_id, event_id),
    ).fetchone()
    if row is None:
        return {"leave_from": "", "leave_until": ""}
    details = json.loads(row[8] or "{}")
    return {
        "leave_from": cn_date(row[5]),
        "leave_until": cn_date(details.get("expected_return_date", "")),
    }


# -- graduate form ----------------------------------------------------------------------------


def graduate_record(conn: Connection, student_id: int) -> dict[str, str]:
    """奖惩, 技能证书, 岗位实习, 思想品德评价 and 毕业去向 as lines of text for the form."""
    awards, punishments = [], []
    for kind, level, title, decided, lifted, annulled in conn.execute(
        "SELECT kind, level, title, decided_on, lifted_on, annulled_on FROM rewards_punishments "
        "WHERE student_id = ? AND voided = 0 ORDER BY decided_on, id",
        (student_id,),
    ):
        if annulled:  # annulled as wrongly imposed: it is as if it never was
            continue
        text = f"{cn_date(decided)} {title or level}".strip()
        if kind == "award":
            awards.append(text)
        else:
            punishments.append(text + (f"（{cn_date(lifted)}解除）" if lifted else ""))
    certificates = [
        f"{name}{f'（{level}）' if level else ''}"
        for name, level in conn.execute(
            "SELECT name, level FROM skill_certificates WHERE student_id = ? AND voided = 0 "
            "ORDER BY issued_on, id",
            (student_id,),
        )
    ]
    internships = [
        f"{employer}{f' {position}' if position else ''}"
        for employer, position in conn.execute(
            "SELECT employer, position FROM internships WHERE student_id = ? AND voided = 0 "
            "ORDER BY start_date, id",
            (student_id,),
        )
    ]
    conduct = [
        f"{t}：{g}"
        for t, g in conn.execute(
            "SELECT t.name, e.grade FROM conduct_evaluations e JOIN terms t ON t.id = e.term_id "
            "WHERE e.student_id = ? ORDER BY t.start_date",
            (student_id,),
        )
    ]
    dest = conn.execute(
        "SELECT kind, employer FROM destinations WHERE student_id = ?", (student_id,)
    ).fetchone()
    dest_labels = {"employment": "就业", "further_study": "升学", "military": "参军",
                   "stage_transfer": "转段", "other": "其他"}  # fmt: skip
    destination = ""
    if dest:
        destination = dest_labels.get(str(dest[0]), str(dest[0])) + (
            f"（{dest[1]}）" if dest[1] else ""
        )
    return {
        "awards": "；".join(awards) or "无",
        "punishments": "；".join(punishments) or "无",
        "certificates": "；".join(certificates),
        "internship": "；".join(internships),
        "conduct": "；".join(conduct),
        "destination": destination,
    }


# -- class documents ------------------------------------------------------------------------------

ROSTER_COLUMNS = ("seq", "student_no", "name", "gender", "birth_date", "id_number", "ethnicity",
                  "political_status", "registry_no", "phone", "status", "remark")  # fmt: skip
GRADUATE_COLUMNS = ("seq", "student_no", "name", "gender", "birth_date", "id_number", "major",
                    "graduation_date", "diploma_no", "signature", "collected_on")  # fmt: skip


def roster_table(members: Sequence[Sequence[Any]]) -> Table:
    """班级花名册: every non-voided student of the class (in 学号 order), with the state."""
    rows = tuple(
        (str(i), str(m[1]), str(m[2]), code_label("gender", m[3]), cn_date(m[4]), str(m[5]),
         code_label("ethnicity", m[6]), _political(m[7]), str(m[9]), str(m[10]),
         STATUS_LABELS.get(str(m[8]), str(m[8])), "")
        for i, m in enumerate(members, start=1)
    )  # fmt: skip
    return Table(ROSTER_COLUMNS, rows)


def _political(code: object) -> str:
    # The short form (团员, 群众) fits a roster column; the full label is on the record.
    text = "" if code is None else str(code)
    return POLITICAL_STATUS_SHORT.get(text, text)


def roster_counts(members: Sequence[Sequence[Any]]) -> dict[str, str]:
    in_school = [m for m in members if m[8] in ("enrolled", "on_leave")]
    return {
        "student_count": str(len(members)),
        "enrolled_count": str(len(in_school)),
        "male_count": str(sum(1 for m in members if m[3] == "1")),
        "female_count": str(sum(1 for m in members if m[3] == "2")),
    }


def graduates_table(members: Sequence[Sequence[Any]], year: str) -> Table:
    """毕业生名册: the graduates of the class (of ``year`` when given, by the graduation date),
    with their 毕业证书编号 and empty columns for the signature and date of collection."""
    graduates = [
        m for m in members
        if m[8] == "graduated" and (not year or str(m[11] or "").startswith(year))
    ]  # fmt: skip
    rows = tuple(
        (str(i), str(m[1]), str(m[2]), code_label("gender", m[3]), cn_date(m[4]), str(m[5]),
         str(m[13]), cn_date(m[11]), str(m[12]), "", "")
        for i, m in enumerate(graduates, start=1)
    )  # fmt: skip
    return Table(GRADUATE_COLUMNS, rows)
