"""Student exports: the national template, a class roster, the sheets head teachers check.

Every export reads the records in one pass (one query for the students, one for their family
members), builds the workbook in memory with services/xlsx_out (text columns, formula-safe, no
temporary files) and writes each file once, atomically, inside the transaction of its audit
entry: a failed write rolls the entry back and removes the files this call already wrote. The
audit names counts and record ids only, never names or ID numbers.

The national template (domain.md §2.2): its student columns in core/fields order with their
exact headers (51: 专业目录版本 and 专业方向 have their own), labels instead of codes
(core/template.to_template; region columns stay 行政区划码), then family members 1 and 2 as the
template's 成员1…/成员2… 12-column groups, then the archive's own 学籍号, 曾用名 and 毕业鉴定,
then, read-only, 学籍状态 and for a student who left 毕业结论, 毕业日期, 毕业证书编号 (an import
shows them as information; 历史补录 takes them: services/import_student_extra).
Every column is text ("@"), so ID numbers, phones, 学籍号, postal codes and codes such as 01
survive Excel. The national system takes at most 2000 rows per sheet and 3 sheets per file:
bigger exports become more sheets and more files (学生.xlsx, 学生_2.xlsx …), every part
uploadable as it is. The student import reads this layout back unchanged (a tested round trip).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from xueji_desktop.core.errors import NotFound, NothingToExport, OperationCancelled
from xueji_desktop.core.fields import (
    FAMILY_FIELDS,
    FAMILY_FIELDS_BY_NAME,
    FAMILY_KEY,
    STUDENT_FIELDS,
    STUDENT_FIELDS_BY_NAME,
    FieldSpec,
)
from xueji_desktop.core.labels import STATUS_LABELS
from xueji_desktop.core.roles import Permission
from xueji_desktop.core.template import to_template
from xueji_desktop.services import audit, xlsx_out
from xueji_desktop.services.context import Session
from xueji_desktop.services.documents_files import safe_name
from xueji_desktop.services.import_student_extra import STATUS_COLUMNS, status_cells
from xueji_desktop.services.xlsx_out import (
    Column,
    SheetOut,
    check_target,
    chunks,
    numbered_paths,
    workbook_bytes,
    write_xlsx,
)
from xueji_desktop.storage.connection import Connection

__all__ = [
    "ARCHIVE_FIELDS",
    "FAMILY_HEADERS",
    "FAMILY_IN_TEMPLATE",
    "HEAD_TEACHER_FIELDS",
    "ROSTER_HEADERS",
    "SPLITS",
    "TEMPLATE_FIELDS",
    "export_for_head_teacher",
    "export_roster",
    "export_students",
    "head_teacher_columns",
    "student_columns",
]

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

SPLITS = ("sheets", "files")  # more sheets per file (≤ 3), or one sheet per file
# Fields the archive keeps that are not columns of the national template: after the template's.
ARCHIVE_FIELDS = ("registry_no", "former_name", "graduation_assessment")
TEMPLATE_FIELDS = tuple(f.name for f in STUDENT_FIELDS if f.name not in ARCHIVE_FIELDS)
FAMILY_IN_TEMPLATE = 2
FAMILY_HEADERS = tuple(
    f"成员{n}{spec.label}" for n in range(1, FAMILY_IN_TEMPLATE + 1) for spec in FAMILY_FIELDS
)
# What a 班主任 can check and correct on paper: identity, contact and family details. Class and
# major are left out (moving a student is a 学籍异动, never a correction), as are the codes of
# admission the head teacher cannot know. Corrections come back through the student import's
# "corrections" mode (matched by 学号, reason 班主任核对).
HEAD_TEACHER_FIELDS = (
    "student_no", "name", "gender", "birth_date", "id_type", "id_number", "name_pinyin",
    "ethnicity", "political_status", "health_status", "phone", "hukou_type", "hukou_place",
    "hukou_address", "home_address", "postal_code", "home_phone", "boarding_mode",
)  # fmt: skip
HEAD_TEACHER_FAMILY = ("name", "relation", "is_guardian", "phone")
ROSTER_HEADERS = ("序号", "学号", "姓名", "性别", "出生日期", "身份证件号", "民族",
                  "联系电话", "家庭现地址", "学籍状态")  # fmt: skip

# Widths in characters of the default font (a Chinese character takes two): long numbers whole.
_WIDE = {"hukou_address": 40, "home_address": 40, "id_number": 21, "registry_no": 21,
         "email": 24, "police_station": 18, "class_group": 22, "student_no": 16,
         "exam_ticket_no": 16, "candidate_no": 16, "phone": 13, "home_phone": 13,
         "birth_date": 11}  # fmt: skip


def _width(label: str, name: str = "") -> float:
    if name in _WIDE:
        return float(_WIDE[name])
    return float(min(24, max(10, 2 * len(label) + 2)))


def student_columns() -> list[Column]:
    """The national template's columns, then the family groups, then the archive's own."""
    cols = [Column(STUDENT_FIELDS_BY_NAME[n].label, _width(STUDENT_FIELDS_BY_NAME[n].label, n))
            for n in TEMPLATE_FIELDS]  # fmt: skip
    cols += [Column(h, 21.0 if h.endswith("身份证件号") else _width(h)) for h in FAMILY_HEADERS]
    cols += [Column(STUDENT_FIELDS_BY_NAME[n].label, _width("", n)) for n in ARCHIVE_FIELDS]
    return cols + [Column(h, 16.0 if h == "毕业证书编号" else _width(h)) for h in STATUS_COLUMNS]


# -- reading ---------------------------------------------------------------------------------


class _Chosen:
    """Which students: non-voided, optionally by ids, classes and 学籍状态."""

    def __init__(
        self,
        *,
        student_ids: Sequence[int] | None = None,
        class_ids: Sequence[int] | None = None,
        statuses: Sequence[str] | None = None,
    ) -> None:
        self.where = ["s.voided = 0"]
        self.params: list[Any] = []
        if statuses is not None:
            self.where.append(f"s.status IN ({', '.join('?' * len(statuses))})")
            self.params += [str(x) for x in statuses]
        if class_ids is not None:
            self.where.append(f"s.class_group_id IN ({', '.join('?' * len(class_ids))})")
            self.params += [int(c) for c in class_ids]
        self.ids = None if student_ids is None else {int(i) for i in student_ids}


def _plain(value: Any) -> object:
    return "" if value is None else value


def _converter(spec: FieldSpec, *, family: bool = False) -> Callable[[Any], object]:
    """The template's shown value of one field (core/template.to_template, the one place that
    decides labels), asked once per distinct code: 10,000 records through to_template whole
    took longer than writing the workbook."""
    if spec.kind != "bool" and not (spec.kind == "code" and spec.table):
        return _plain  # to_template shows these as they are stored
    memo: dict[Any, object] = {}

    def shown(value: Any) -> object:
        found = memo.get(value, memo)
        if found is memo:
            if family:
                found = to_template({"family_members": [{spec.name: value}]})[FAMILY_KEY][0]
                found = found[spec.label]
            else:
                found = to_template({spec.name: value})[spec.label]
            memo[value] = found
        return found

    return shown


def _fetch(
    conn: Connection,
    chosen: _Chosen,
    fields: Sequence[str],
    *,
    family: Sequence[str] = (),
    after: Sequence[str] = (),
) -> tuple[list[tuple[int, int, str, str]], list[list[object]]]:
    """(id, class id, class name, status) and the shown row of each chosen student, by class
    and 学号: ``fields``, then FAMILY_IN_TEMPLATE members' ``family`` fields, then ``after``."""
    names = [*fields, *after]
    cols = ", ".join("COALESCE(c.name, '')" if n == "class_group" else f"s.{n}" for n in names)
    sql = (
        "SELECT s.id, COALESCE(s.class_group_id, 0), COALESCE(c.name, ''), s.status, "  # noqa: S608
        + cols
        + " FROM students s LEFT JOIN class_groups c ON c.id = s.class_group_id WHERE "
        + " AND ".join(chosen.where)
        + " ORDER BY c.intake_year, c.name, s.student_no, s.id"
    )  # fixed fragments and field names only; every value is bound
    convert = [_converter(STUDENT_FIELDS_BY_NAME[n]) for n in names]
    meta: list[tuple[int, int, str, str]] = []
    rows: list[list[object]] = []
    split = len(fields)
    for r in conn.execute(sql, chosen.params):
        if chosen.ids is not None and int(r[0]) not in chosen.ids:
            continue
        meta.append((int(r[0]), int(r[1]), str(r[2]), str(r[3])))
        rows.append([f(v) for f, v in zip(convert, r[4:], strict=True)])
    if family:
        members = _families(conn, {m[0] for m in meta}, family)
        blank = [""] * (len(family) * FAMILY_IN_TEMPLATE)
        rows = [row[:split] + members.get(m[0], blank) + row[split:]
                for m, row in zip(meta, rows, strict=True)]  # fmt: skip
    return meta, rows


def _families(conn: Connection, ids: set[int], fields: Sequence[str]) -> dict[int, list[object]]:
    """The first FAMILY_IN_TEMPLATE members of each student, their ``fields`` shown, flat."""
    convert = [_converter(FAMILY_FIELDS_BY_NAME[n], family=True) for n in fields]
    sql = (
        f"SELECT student_id, {', '.join(fields)} FROM family_members "  # noqa: S608
        "ORDER BY student_id, seq"
    )  # field names from FAMILY_FIELDS only
    out: dict[int, list[object]] = {}
    width = len(fields) * FAMILY_IN_TEMPLATE
    for r in conn.execute(sql):
        sid = int(r[0])
        if sid not in ids:
            continue
        row = out.setdefault(sid, [])
        if len(row) < width:
            row += [f(v) for f, v in zip(convert, r[1:], strict=True)]
    for row in out.values():
        row += [""] * (width - len(row))
    return out


def _step(progress: Progress | None, offset: int, total: int) -> Progress | None:
    if progress is None:
        return None
    return lambda done, _t: progress(offset + done, total)


def _write_all(
    session: Session,
    files: Sequence[tuple[Path, bytes]],
    action: str,
    details: dict[str, Any],
    *,
    overwrite: bool,
    target: tuple[str, str | int] = ("", ""),
) -> list[Path]:
    """The files and their audit entry together: if any write fails the entry is rolled back
    and the files written so far by this call are removed again."""
    written: list[Path] = []
    h = session.archive
    try:
        with h.db.atomic():
            audit.record(h, session.username, action, target_type=target[0],
                         target_id=target[1], details=details)  # fmt: skip
            for path, data in files:
                write_xlsx(path, data, overwrite=overwrite)
                written.append(path)
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    return written


def _check_cancel(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise OperationCancelled()


# -- the national template -------------------------------------------------------------------


def export_students(
    session: Session,
    path: Path,
    *,
    student_ids: Sequence[int] | None = None,
    class_id: int | None = None,
    status: str | None = None,
    split: str = "sheets",
    overwrite: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[Path]:
    """Students in the national template layout (see the module note); returns the files, in
    order. ``split``: "sheets" fills up to 3 sheets of 2000 rows per file, "files" writes one
    sheet per file. NothingToExport when no (non-voided) student is chosen."""
    session.require(Permission.EXPORT)
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}")
    conn = session.archive.db.conn
    chosen = _Chosen(student_ids=student_ids,
                     class_ids=None if class_id is None else [class_id],
                     statuses=None if status is None else [status])  # fmt: skip
    family = [f.name for f in FAMILY_FIELDS]
    meta, rows = _fetch(conn, chosen, TEMPLATE_FIELDS, family=family, after=ARCHIVE_FIELDS)
    if not rows:
        raise NothingToExport(what="students")
    ids = [m[0] for m in meta]
    left = status_cells(conn, ids)
    rows = [row + left[sid] for sid, row in zip(ids, rows, strict=True)]
    # the limits read at call time (a test lowers them instead of making 6,000 students)
    per_sheet, per_file = xlsx_out.MAX_ROWS_PER_SHEET, xlsx_out.MAX_SHEETS_PER_FILE
    parts = chunks(rows, per_sheet, 1 if split == "files" else per_file)
    paths = numbered_paths(path, len(parts))
    for p in paths:
        check_target(p, overwrite=overwrite)
    columns = student_columns()
    files: list[tuple[Path, bytes]] = []
    done, sheet_no, many = 0, 0, len(rows) > per_sheet
    for p, part in zip(paths, parts, strict=True):
        sheets = []
        for block in part:
            sheet_no += 1
            sheets.append(SheetOut(f"学生信息{sheet_no}" if many else "学生信息", columns, block))
        data = workbook_bytes(sheets, progress=_step(progress, done, len(rows)),
                              cancelled=cancelled)  # fmt: skip
        done += sum(len(b) for b in part)
        files.append((p, data))
    _check_cancel(cancelled)
    details = {"count": len(ids), "files": len(paths), "split": split, "student_ids": ids}
    if class_id is not None:
        details["class_id"] = int(class_id)
    if status is not None:
        details["status"] = status
    return _write_all(session, files, "students_exported", details, overwrite=overwrite)


# -- a class roster --------------------------------------------------------------------------


def _class(conn: Connection, class_id: int) -> tuple[str, int]:
    row = conn.execute("SELECT name, intake_year FROM class_groups WHERE id = ?",
                       (int(class_id),)).fetchone()  # fmt: skip
    if row is None:
        raise NotFound(kind="class_group", id=class_id)
    return str(row[0]), int(row[1])


def _school(conn: Connection) -> str:
    row = conn.execute("SELECT name FROM school WHERE id = 1").fetchone()
    return str(row[0]) if row else ""


def export_roster(
    session: Session,
    path: Path,
    *,
    class_id: int,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """班级花名册: one sheet, the class's (non-voided) students by 学号 with their 学籍状态."""
    session.require(Permission.EXPORT)
    conn = session.archive.db.conn
    class_name, _ = _class(conn, class_id)
    check_target(path, overwrite=overwrite)
    names = ("student_no", "name", "gender", "birth_date", "id_number", "ethnicity", "phone",
             "home_address")  # fmt: skip
    meta, shown = _fetch(conn, _Chosen(class_ids=[class_id]), names)
    if not shown:
        raise NothingToExport(what="roster")
    ids = [m[0] for m in meta]
    rows = [[i, *row, STATUS_LABELS.get(m[3], m[3])]
            for i, (m, row) in enumerate(zip(meta, shown, strict=True), start=1)]  # fmt: skip
    columns = [Column("序号", 6, text=False)] + [
        Column(h, _width(h, n)) for h, n in zip(ROSTER_HEADERS[1:], (*names, ""), strict=True)
    ]
    above = [[f"{_school(conn)}  {class_name}  班级花名册"]]
    data = workbook_bytes([SheetOut("班级花名册", columns, rows, above=above, landscape=True)],
                          progress=progress, cancelled=cancelled)  # fmt: skip
    _check_cancel(cancelled)
    details = {"class_id": int(class_id), "count": len(ids), "student_ids": ids}
    _write_all(session, [(path, data)], "roster_exported", details, overwrite=overwrite,
               target=("class_group", int(class_id)))  # fmt: skip
    return path


# -- 班主任核对 --------------------------------------------------------------------------------

AT_SCHOOL = ("enrolled", "on_leave")


def head_teacher_columns() -> list[Column]:
    cols = [Column(STUDENT_FIELDS_BY_NAME[n].label, _width(STUDENT_FIELDS_BY_NAME[n].label, n))
            for n in HEAD_TEACHER_FIELDS]  # fmt: skip
    labels = {f.name: f.label for f in FAMILY_FIELDS}
    cols += [Column(f"成员{i}{labels[n]}", _width(f"成员{i}{labels[n]}"))
             for i in range(1, FAMILY_IN_TEMPLATE + 1) for n in HEAD_TEACHER_FAMILY]  # fmt: skip
    return cols


def export_for_head_teacher(
    session: Session,
    folder: Path,
    *,
    class_ids: Sequence[int] | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[Path]:
    """One file per class, "<班级>_班主任核对.xlsx", for the head teacher to check and correct:
    学号, 姓名 and the fields in HEAD_TEACHER_FIELDS as template labels, students at school
    (在籍, 休学) only. ``class_ids`` None: every class with a student at school."""
    session.require(Permission.EXPORT)
    conn = session.archive.db.conn
    if class_ids is not None:
        for cid in class_ids:
            _class(conn, cid)
    chosen = _Chosen(class_ids=class_ids, statuses=AT_SCHOOL)
    meta, shown = _fetch(conn, chosen, HEAD_TEACHER_FIELDS, family=HEAD_TEACHER_FAMILY)
    if not shown:
        raise NothingToExport(what="head_teacher")
    by_class: dict[int, list[list[object]]] = {}
    names: dict[int, str] = {}
    for m, row in zip(meta, shown, strict=True):
        by_class.setdefault(m[1], []).append(row)
        names[m[1]] = m[2] or "未分班"
    paths = {cid: folder / f"{safe_name(names[cid])}_班主任核对.xlsx" for cid in by_class}
    if not folder.is_dir():
        check_target(folder / "x.xlsx", overwrite=overwrite)  # the folder's own error
    for p in paths.values():
        check_target(p, overwrite=overwrite)
    columns = head_teacher_columns()
    files: list[tuple[Path, bytes]] = []
    done = 0
    for cid, rows in by_class.items():
        above = [[f"班级：{names[cid]}", "请核对每一格，只改错的地方，改好后交回档案室。"]]
        # not fitted to one printed page: 26 columns would shrink to an unreadable size
        data = workbook_bytes([SheetOut(names[cid], columns, rows, above=above)],
                              progress=_step(progress, done, len(shown)),
                              cancelled=cancelled)  # fmt: skip
        done += len(rows)
        files.append((paths[cid], data))
    _check_cancel(cancelled)
    details = {"classes": sorted(by_class), "count": len(meta),
               "student_ids": [m[0] for m in meta]}  # fmt: skip
    return _write_all(session, files, "head_teacher_sheets_exported", details,
                      overwrite=overwrite)  # fmt: skip
