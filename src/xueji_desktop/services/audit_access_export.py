"""The access report leaves the archive (issue 9 §2): as a workbook and as a printed PDF.

``audit_access.access_report`` counts, per user and per student, the entries that viewed,
printed, exported or changed students' data. These functions name the students (name, 学号,
class; never an ID number), word the report in Chinese or English and write the file. Both are
admins' (``MANAGE_SETTINGS``, like the report itself) and audited, because the file lists
students by name: ``access_report_exported`` (kind exported) and ``access_report_printed``
(kind printed), each with the students as ``student_ids`` runs, written in the same transaction
as the file's rename (a file that could not be written is not audited; a failed audit leaves no
file). The file is built in memory: nothing with student data touches a temporary file outside
the target folder's private temporary name.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xueji_desktop.core.roles import Permission
from xueji_desktop.messages_statistics import ACTION_TEXTS
from xueji_desktop.printing import access_report as paper
from xueji_desktop.services import audit
from xueji_desktop.services.audit_access import ACCESS_KINDS, AccessReport
from xueji_desktop.services.context import Session
from xueji_desktop.services.document_settings import load_letterhead
from xueji_desktop.services.xlsx_out import Column, SheetOut, check_target, workbook_bytes
from xueji_desktop.services.xlsx_out import write_xlsx as write_file
from xueji_desktop.storage.connection import Connection

__all__ = ["StudentLabel", "export_access_report", "print_access_report", "student_labels"]

_EXCEL_ROWS = 1_000_000  # a sheet holds 1,048,576 rows: longer line lists go on to a next sheet
_JOIN = {"zh": "、", "en": ", "}

# (zh, en) of every text the two files print; {since} {until} {date} are filled in.
_T: dict[str, tuple[str, str]] = {
    "title": ("学生信息访问报告", "Student data access report"),
    "period": ("统计期间", "Period"),
    "period_value": ("{since} 至 {until}", "{since} to {until}"),
    "made": ("制表日期", "Made on"),
    "totals": ("合计", "Totals"),
    "totals_value": ("{users} 个用户，{students} 名学生", "{users} users, {students} students"),
    "per_user": ("按用户", "Per user"),
    "per_student": ("按学生", "Per student"),
    "lines": ("明细", "Details"),
    "unattributed": ("无法归属到学生", "Not attributable"),
    "user": ("用户", "User"),
    "student_no": ("学号", "Student no."),
    "name": ("姓名", "Name"),
    "class": ("班级", "Class"),
    "viewed": ("查看", "Viewed"),
    "printed": ("打印", "Printed"),
    "exported": ("导出", "Exported"),
    "changed": ("修改", "Changed"),
    "viewed_n": ("查看的学生数", "Students viewed"),
    "printed_n": ("打印的学生数", "Students printed"),
    "exported_n": ("导出的学生数", "Students exported"),
    "changed_n": ("修改的学生数", "Students changed"),
    "viewed_x": ("查看次数", "Times viewed"),
    "printed_x": ("打印次数", "Times printed"),
    "exported_x": ("导出次数", "Times exported"),
    "changed_x": ("修改次数", "Times changed"),
    "seqs": ("操作记录编号", "Entry numbers"),
    "action": ("操作", "Action"),
    "action_code": ("操作代码", "Action code"),
    "count": ("条数", "Entries"),
    "none": ("（无）", "(none)"),
    "note": (
        "说明：本报告根据系统的操作记录统计。“无法归属到学生”是涉及学生信息、但操作记录里没有写明"
        "是哪些学生的操作（例如整班成绩录入），只列出条数；需要时请到审计日志里按时间查看。",
        'Note: counted from the archive\'s activity record. "Not attributable" lists actions on '
        "students' data whose entry does not name the students (a whole class's grades entered "
        "at once, for example): only their number is given; look them up by time in the audit "
        "log when needed.",
    ),
    "page": ("第 {k} 页 共 {n} 页", "Page {k} of {n}"),
}


@dataclass(frozen=True)
class StudentLabel:
    """How a report names a student: never by ID number."""

    student_id: int
    name: str
    student_no: str
    class_name: str


def _lang(lang: object) -> int:
    return 1 if lang == "en" else 0


def _t(key: str, idx: int, **values: object) -> str:
    text = _T[key][idx]
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def _action_name(action: str, idx: int) -> str:
    """The action's wording (messages_statistics, shared with the statistics page); its code
    when the table lacks it (an action written by a newer version)."""
    pair = ACTION_TEXTS.get(action)
    return pair[idx] if pair else action


def _labels(conn: Connection, ids: Iterable[int]) -> dict[int, StudentLabel]:
    wanted = sorted(set(ids))
    out: dict[int, StudentLabel] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            "SELECT s.id, s.name, COALESCE(s.student_no, ''), COALESCE(c.name, '') "  # noqa: S608
            "FROM students s LEFT JOIN class_groups c ON c.id = s.class_group_id "
            f"WHERE s.id IN ({marks})",
            chunk,
        )
        for sid, name, no, class_name in rows:
            out[int(sid)] = StudentLabel(int(sid), str(name), str(no), str(class_name))
    return out


def student_labels(session: Session, student_ids: Sequence[int]) -> dict[int, StudentLabel]:
    """Name, 学号 and class of the students a report or audit entry names (the page shows them
    beside the ids). Ids with no student (a record removed in a restore) are left out."""
    session.require(Permission.MANAGE_SETTINGS)
    ids = [i for i in student_ids if isinstance(i, int) and not isinstance(i, bool) and i > 0]
    return _labels(session.archive.db.conn, ids)


def _runs(ids: Iterable[int]) -> list[list[int]]:
    """[[first, last], …] of consecutive ids, as the imports write them (audit_access reads it)."""
    out: list[list[int]] = []
    for sid in sorted(set(ids)):
        if out and out[-1][1] + 1 == sid:
            out[-1][1] = sid
        else:
            out.append([sid, sid])
    return out


# -- the report, worded ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Worded:
    title: str
    facts: list[tuple[str, str]]
    per_user: list[list[object]]
    per_student: list[list[str]]
    lines: list[list[object]]
    unattributed: list[list[object]]


def _student_cells(label: StudentLabel | None, sid: int) -> list[str]:
    if label is None:  # the record is gone (restored from an older backup): its id at least
        return ["", f"#{sid}", ""]
    return [label.student_no, label.name, label.class_name]


def _word(conn: Connection, report: AccessReport, idx: int, today: datetime.date | None) -> _Worded:
    labels = _labels(conn, report.per_student)
    join = _JOIN["en" if idx else "zh"]
    facts = [
        (
            _t("period", idx),
            _t("period_value", idx, since=report.since.isoformat(),
               until=report.until.isoformat()),
        ),
        (
            _t("totals", idx),
            _t("totals_value", idx, users=len(report.per_user),
               students=len(report.per_student)),
        ),
    ]  # fmt: skip
    if today is not None:
        facts.append((_t("made", idx), today.isoformat()))
    per_user: list[list[object]] = [
        [actor, *(int(kinds.get(k, 0)) for k in ACCESS_KINDS)]
        for actor, kinds in sorted(report.per_user.items())
    ]

    def student_key(sid: int) -> tuple[str, int]:
        found = labels.get(sid)
        return (found.student_no if found else "~", sid)

    per_student = [
        [
            *_student_cells(labels.get(sid), sid),
            *(join.join(report.per_student[sid].get(k, ())) for k in ACCESS_KINDS),
        ]
        for sid in sorted(report.per_student, key=student_key)
    ]
    lines: list[list[object]] = [
        [
            line.actor,
            *_student_cells(labels.get(line.student_id), line.student_id)[:2],
            line.viewed,
            line.printed,
            line.exported,
            line.changed,
            join.join(str(s) for s in line.seqs),
        ]
        for line in report.lines
    ]
    unattributed: list[list[object]] = [
        [_action_name(action, idx), action, count]
        for action, count in sorted(report.unattributed.items())
    ]
    return _Worded(_t("title", idx), facts, per_user, per_student, lines, unattributed)


def _check(report: object, out: object, overwrite: object) -> tuple[AccessReport, Path]:
    if not isinstance(report, AccessReport):
        raise TypeError("report must be an audit_access.AccessReport")
    if not isinstance(out, Path):
        raise TypeError("out must be a Path")
    check_target(out, overwrite=bool(overwrite))
    return report, out


def _audit_and_write(
    session: Session, report: AccessReport, out: Path, data: bytes, *, printed: bool,
    overwrite: bool,
) -> Path:  # fmt: skip
    h = session.archive
    details: dict[str, Any] = {
        "since": report.since.isoformat(),
        "until": report.until.isoformat(),
        "users": len(report.per_user),
        "count": len(report.per_student),
        "student_ids": _runs(report.per_student),
    }
    with h.db.atomic():
        # literal names: the access report's completeness test reads them from the source
        if printed:
            audit.record(h, session.username, "access_report_printed", details=details)
        else:
            audit.record(h, session.username, "access_report_exported", details=details)
        write_file(out, data, overwrite=overwrite)
    return out


# -- the workbook ------------------------------------------------------------------------------


def _cols(idx: int, spec: str) -> list[Column]:
    """Columns from "key:width …"; a width ending in # is a number column."""
    out = []
    for item in spec.split():
        key, _, width = item.partition(":")
        out.append(Column(_t(key, idx), float(width.rstrip("#")), text=not width.endswith("#")))
    return out


def export_access_report(
    session: Session,
    report: AccessReport,
    out: Path,
    *,
    lang: str = "zh",
    today: datetime.date | None = None,
    overwrite: bool = False,
) -> Path:
    """The report as an .xlsx: sheets per user, per student, the details (user × student, with
    the entries' numbers to look up in the audit log) and what cannot be attributed."""
    session.require(Permission.MANAGE_SETTINGS)
    report, out = _check(report, out, overwrite)
    idx = _lang(lang)
    conn = session.archive.db.conn
    w = _word(conn, report, idx, today)
    school = load_letterhead(conn).school_name
    sep = ": " if idx else "："
    above = [[f"{school} {w.title}".strip()]]
    above += [[f"{label}{sep}{value}"] for label, value in w.facts]
    kinds_n = " ".join(f"{k}_n:14#" for k in ACCESS_KINDS)
    kinds = " ".join(f"{k}:22" for k in ACCESS_KINDS)
    kinds_x = " ".join(f"{k}_x:10#" for k in ACCESS_KINDS)
    sheets = [SheetOut(_t("per_user", idx), _cols(idx, f"user:16 {kinds_n}"), w.per_user, above)]
    sheets.append(
        SheetOut(
            _t("per_student", idx),
            _cols(idx, f"student_no:18 name:12 class:22 {kinds}"),
            w.per_student,
            above,
        )
    )
    detail_cols = _cols(idx, f"user:16 student_no:18 name:12 {kinds_x} seqs:30")
    parts = [w.lines[i : i + _EXCEL_ROWS] for i in range(0, len(w.lines), _EXCEL_ROWS)] or [[]]
    for n, part in enumerate(parts, start=1):
        title = _t("lines", idx) + (f" {n}" if len(parts) > 1 else "")
        sheets.append(SheetOut(title, detail_cols, part, above))
    sheets.append(
        SheetOut(
            _t("unattributed", idx),
            _cols(idx, "action:24 action_code:26 count:10#"),
            w.unattributed,
            [*above, [_T["note"][idx]]],
        )
    )
    data = workbook_bytes(sheets)
    return _audit_and_write(session, report, out, data, printed=False, overwrite=overwrite)


# -- the PDF -----------------------------------------------------------------------------------


def _section(idx: int, key: str, spec: str, rows: Sequence[Sequence[object]]) -> paper.Section:
    columns = []
    for item in spec.split():
        name, _, rest = item.partition(":")
        width, _, align = rest.partition(",")
        columns.append(paper.Column(_t(name, idx), float(width), align or "left"))
    return paper.Section(
        _t(key, idx),
        tuple(columns),
        tuple(tuple("" if v is None else str(v) for v in row) for row in rows),
        _t("none", idx),
    )


def print_access_report(
    session: Session,
    report: AccessReport,
    out: Path,
    *,
    lang: str = "zh",
    today: datetime.date | None = None,
    overwrite: bool = False,
) -> Path:
    """The report as an A4 PDF: per user, per student (who viewed, printed, exported, changed),
    what cannot be attributed, and how to read it. The details by entry number are in the
    workbook (they would run to hundreds of pages)."""
    session.require(Permission.MANAGE_SETTINGS)
    report, out = _check(report, out, overwrite)
    idx = _lang(lang)
    conn = session.archive.db.conn
    w = _word(conn, report, idx, today)
    kinds_n = " ".join(f"{k}_n:2,center" for k in ACCESS_KINDS)
    kinds = " ".join(f"{k}:2" for k in ACCESS_KINDS)
    sections = (
        _section(idx, "per_user", f"user:2.4 {kinds_n}", w.per_user),
        _section(
            idx,
            "per_student",
            f"student_no:2.3,center name:1.3,center class:3.3 {kinds}",
            w.per_student,
        ),
        _section(idx, "unattributed", "action:4 action_code:4 count:1.4,center", w.unattributed),
    )
    period = w.facts[0][1]
    footer = f"{w.title}　{period}" if not idx else f"{w.title}  {period}"
    doc = paper.AccessReportPaper(
        title=w.title,
        facts=tuple(w.facts),
        sections=sections,
        note=_T["note"][idx],
        footer=footer,
        page_label=_T["page"][idx],
    )
    data = paper.access_report_pdf(doc, load_letterhead(conn))
    return _audit_and_write(session, report, out, data, printed=True, overwrite=overwrite)
