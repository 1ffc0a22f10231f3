"""Lists for the national system and the bureau: 学籍异动, 毕业, 资助, the health report.

Every export checks EXPORT first, refuses an existing file unless ``overwrite`` before any work,
builds its rows from the archive (labels, not codes; ID, phone and number columns as text),
lays the list out for printing (landscape, fitted to the page width, the header row on every
page: xlsx_out's ``landscape``), writes the workbook in memory with services/xlsx_out.py and the
file once, atomically, with its audit entry in the same transaction (ids and counts only: who
exported which students). A cancelled or failed export leaves no file and no entry; an empty
one raises NothingToExport.
The photo export (many files, not a workbook) is services/export_photos.py.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xueji_desktop.core import codes, lifecycle
from xueji_desktop.core.errors import (
    NotFound,
    NothingToExport,
    OperationCancelled,
    ValidationError,
)
from xueji_desktop.core.labels import KIND_LABELS, REPORT_STATUS_LABELS, STATUS_LABELS
from xueji_desktop.core.roles import Permission
from xueji_desktop.services import audit
from xueji_desktop.services.context import Session
from xueji_desktop.services.health import Finding, health_report
from xueji_desktop.services.xlsx_out import (
    Column,
    SheetOut,
    check_target,
    workbook_bytes,
    write_xlsx,
)

__all__ = [
    "AID_KIND_LABELS",
    "export_aid",
    "export_graduates",
    "export_health",
    "export_status_changes",
]

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
Describe = Callable[[Finding], tuple[str, str]]

AID_KIND_LABELS: Mapping[str, str] = {
    "state_grant": "国家助学金",
    "tuition_waiver": "免学费",
    "other": "其他资助",
}

# The student's identity as every list starts it: 学号 … 身份证件号, then 班级 and 专业 now.
_WHO_SQL = (
    "s.id, COALESCE(s.student_no, ''), COALESCE(s.registry_no, ''), s.name, s.gender, "
    "s.id_type, s.id_number, COALESCE(c.name, ''), COALESCE(m.name, '')"
)
_WHO_JOIN = (
    "LEFT JOIN class_groups c ON c.id = s.class_group_id "
    "LEFT JOIN majors m ON m.code = s.major_code"
)


def _cols(spec: str) -> list[Column]:
    """Columns from "header:width …"; a width ending in # is a number column, all others text."""
    out = []
    for item in spec.split():
        header, _, width = item.partition(":")
        out.append(Column(header, float(width.rstrip("#")), text=not width.endswith("#")))
    return out


# Number columns leave room for a few more digits than they hold (学号 14, 学籍号 19, 身份证件号
# 18): LibreOffice draws Calibri's digits in a wider font, and a cut-off 学号 runs into the
# 学籍号 beside it so the two read as one number.
_WHO_COLUMNS = _cols(
    "学号:18 学籍号:24 姓名:10 性别:6 身份证件类型:14 身份证件号:24 班级:24 专业:18"
)
_WHO_WIDTH = 9  # columns of _WHO_SQL (the id first, not shown)


def _who(row: Sequence[Any]) -> list[object]:
    """The shown identity cells of a row starting with _WHO_SQL (codes turned into labels)."""
    gender = codes.label_of("gender", str(row[4])) if row[4] else ""
    id_type = codes.label_of("id_type", str(row[5])) if row[5] else ""
    return [row[1], row[2], row[3], gender or row[4], id_type or row[5], row[6], row[7], row[8]]


@dataclass(frozen=True, slots=True)
class _Target:
    """Where an export goes and how the caller follows it (one value, passed along)."""

    path: Path
    overwrite: bool = False
    progress: Progress | None = None
    cancelled: Cancelled | None = None

    def check(self) -> None:
        check_target(self.path, overwrite=self.overwrite)


def _finish(
    session: Session,
    to: _Target,
    sheets: Sequence[SheetOut],
    action: str,
    details: dict[str, Any],
    target: tuple[str, str | int] = ("", ""),
) -> Path:
    """Workbook bytes in memory, then the file and its audit entry in one transaction: a failed
    write rolls the entry back; a cancel before it writes nothing."""
    data = workbook_bytes(sheets, progress=to.progress, cancelled=to.cancelled)
    if to.cancelled is not None and to.cancelled():
        raise OperationCancelled()
    h = session.archive
    with h.db.atomic():
        audit.record(h, session.username, action, target_type=target[0], target_id=target[1],
                     details=details)  # fmt: skip
        write_xlsx(to.path, data, overwrite=to.overwrite)
    return to.path


def _day(field: str, value: object) -> str | None:
    if value is None or value == "":
        return None
    return lifecycle.parse_date(field, value).isoformat()


def _ids(rows: Sequence[Sequence[Any]]) -> list[int]:
    return sorted({int(r[0]) for r in rows})


# -- 学籍异动 ------------------------------------------------------------------------------------


def export_status_changes(
    session: Session,
    path: Path,
    *,
    since: datetime.date | str | None = None,
    until: datetime.date | str | None = None,
    include_revoked: bool = False,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """学籍异动 of non-voided students with an effective date in [since, until], oldest first.

    Revoked events are left out unless ``include_revoked`` (then a 已撤销 column says which)."""
    session.require(Permission.EXPORT)
    start, end = _day("date_from", since), _day("date_to", until)
    if start and end and start > end:
        raise ValidationError(field="date_to", reason="invalid")
    to = _Target(path, overwrite, progress, cancelled)
    to.check()
    where, params = ["s.voided = 0"], []
    if start:
        where.append("e.effective_date >= ?")
        params.append(start)
    if end:
        where.append("e.effective_date <= ?")
        params.append(end)
    if not include_revoked:
        where.append("e.revoked = 0")
    sql = (
        f"SELECT {_WHO_SQL}, e.kind, e.category_code, e.reason_code, e.effective_date, "  # noqa: S608 - fixed texts, values bound
        "e.document_no, e.approver, e.status_before, e.status_after, e.details, "
        "e.report_status, e.revoked, e.id FROM status_changes e "
        f"JOIN students s ON s.id = e.student_id {_WHO_JOIN} WHERE "
        + " AND ".join(where)  # fixed texts; values bound
        + " ORDER BY e.effective_date, e.id"
    )
    found = session.archive.db.conn.execute(sql, params).fetchall()
    if not found:
        raise NothingToExport(what="status_changes")
    columns = [*_WHO_COLUMNS, *_cols(_CHANGE_COLUMNS)]
    if include_revoked:
        columns.append(Column("已撤销", 8))
    rows = [_change_row(r, include_revoked) for r in found]
    details = {"rows": len(rows), "student_ids": _ids(found), "since": start or "",
               "until": end or "", "include_revoked": include_revoked}  # fmt: skip
    sheet = SheetOut("学籍异动", columns, rows, landscape=True)
    return _finish(session, to, [sheet], "status_changes_exported", details)


_CHANGE_COLUMNS = (
    "异动类型:12 异动类别:14 异动原因:16 异动日期:12 批准文号:22 批准单位:14 异动前学籍状态:10 "
    "异动后学籍状态:10 转出或转入学校:24 预计复学日期:12 备注:24 上报状态:10"
)


def _change_row(r: Sequence[Any], with_revoked: bool) -> list[object]:
    w = _WHO_WIDTH
    kind, category, reason, day, doc_no, approver, before, after, raw, report, revoked = r[w:-1]
    if not category and kind in lifecycle.SPECS:
        category = lifecycle.SPECS[kind].category_code
    try:
        extra = json.loads(raw) if raw else {}
    except ValueError:
        extra = {}
    school = str(extra.get("to_school") or extra.get("from_school") or "")
    row = [*_who(r), KIND_LABELS.get(kind, kind), lifecycle.CATEGORY_CODES.get(category, category),
           lifecycle.REASON_CODES.get(reason, reason), day, doc_no, approver,
           STATUS_LABELS.get(before, before), STATUS_LABELS.get(after, after), school,
           str(extra.get("expected_return_date") or ""), str(extra.get("remark") or ""),
           REPORT_STATUS_LABELS.get(report, report)]  # fmt: skip
    if with_revoked:
        row.append("是" if revoked else "否")
    return row


# -- 毕业 ---------------------------------------------------------------------------------------


def export_graduates(
    session: Session,
    path: Path,
    *,
    year: int,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """Everyone whose 毕业结论 (毕业, 提前毕业, 结业, 肄业) is dated in ``year``, by 班级 and 学号,
    with 毕业日期 and 毕业证书编号."""
    session.require(Permission.EXPORT)
    if not lifecycle.is_int(year) or not 1900 <= year <= 2200:
        raise ValidationError(field="graduation_year", reason="invalid")
    to = _Target(path, overwrite, progress, cancelled)
    to.check()
    found = session.archive.db.conn.execute(
        f"SELECT {_WHO_SQL}, s.birth_date, s.enrolment_month, s.graduation_outcome, "  # noqa: S608 - fixed texts, values bound
        f"s.graduation_date, COALESCE(s.diploma_no, '') FROM students s {_WHO_JOIN} "
        "WHERE s.voided = 0 AND s.graduation_outcome <> '' AND s.graduation_date LIKE ? "
        "ORDER BY c.name, s.student_no, s.id",
        (f"{year:04d}-%",),
    ).fetchall()
    if not found:
        raise NothingToExport(what="graduates")
    columns = [
        *_WHO_COLUMNS,
        *_cols("出生日期:12 入学年月:10 毕业结论:10 毕业日期:12 毕业证书编号:22"),
    ]
    rows = [[*_who(r), r[9], r[10], KIND_LABELS.get(r[11], r[11]), r[12], r[13]] for r in found]
    details = {"year": year, "rows": len(rows), "student_ids": _ids(found)}
    sheet = SheetOut(f"{year}年毕业生", columns, rows, landscape=True)
    return _finish(session, to, [sheet], "graduates_exported", details)


# -- 资助 ---------------------------------------------------------------------------------------


def _term_id(session: Session, term: int | str) -> tuple[int, str, str]:
    """(id, code, name) of a term given by id, code or name."""
    conn = session.archive.db.conn
    if lifecycle.is_int(term):
        row = conn.execute("SELECT id, code, name FROM terms WHERE id = ?", (term,)).fetchone()
    elif isinstance(term, str) and term.strip():
        text = term.strip()
        row = conn.execute(
            "SELECT id, code, name FROM terms WHERE code = ? OR name = ? ORDER BY id LIMIT 1",
            (text, text),
        ).fetchone()
    else:
        raise ValidationError(field="term_id", reason="type")
    if row is None:
        raise NotFound(kind="term", id=str(term)[:40])
    return int(row[0]), str(row[1]), str(row[2])


def export_aid(
    session: Session,
    path: Path,
    *,
    term: int | str,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """资助 of one term (given by id, code "2025-2026-1" or name): one row per student × kind,
    the amount in yuan; voided entries and voided records left out."""
    session.require(Permission.EXPORT)
    tid, code, name = _term_id(session, term)
    to = _Target(path, overwrite, progress, cancelled)
    to.check()
    found = session.archive.db.conn.execute(
        f"SELECT {_WHO_SQL}, a.kind, a.amount_fen, a.paid_on, a.remark, a.id "  # noqa: S608 - fixed texts, values bound
        f"FROM financial_aid a JOIN students s ON s.id = a.student_id {_WHO_JOIN} "
        "WHERE a.term_id = ? AND a.voided = 0 AND s.voided = 0 "
        "ORDER BY a.kind, c.name, s.student_no, s.id",
        (tid,),
    ).fetchall()
    if not found:
        raise NothingToExport(what="aid")
    columns = [*_WHO_COLUMNS, *_cols("学期:22 资助项目:12 金额（元）:12# 发放日期:12 备注:24")]
    rows = [
        [*_who(r), name, AID_KIND_LABELS.get(r[9], r[9]), _yuan(int(r[10])), r[11], r[12]]
        for r in found
    ]
    details = {"term": code, "rows": len(rows), "student_ids": _ids(found)}
    sheet = SheetOut(f"{name}资助", columns, rows, landscape=True)
    return _finish(session, to, [sheet], "aid_exported", details)


def _yuan(fen: int) -> int | float:
    return fen // 100 if fen % 100 == 0 else fen / 100


# -- 数据体检 -----------------------------------------------------------------------------------


def export_health(
    session: Session,
    path: Path,
    *,
    describe: Describe | None = None,
    today: datetime.date | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """The data-health report (services/health.health_report) as a sheet of findings and a sheet
    of counts per kind.

    Services build no clerk sentences (layering), so the caller passes ``describe(finding) ->
    (title, sentence)`` — the GUI and CLI use messages.finding_title and
    problem_text.finding_text. Without it the columns hold the finding's kind and its params as
    ``key=value`` text (still complete, for scripts)."""
    session.require(Permission.EXPORT)
    to = _Target(path, overwrite, progress, cancelled)
    to.check()
    report = health_report(session, today=today, cancelled=cancelled)
    if not report.complete:
        raise OperationCancelled()
    if not report.findings:
        raise NothingToExport(what="health")
    tell = describe or _plain
    rows: list[list[object]] = []
    titles: dict[str, str] = {}
    for f in report.findings:
        title, text = tell(f)
        titles.setdefault(f.kind, title)
        rows.append([f.student_no, f.name, title, text])
    columns = [Column("学号", 18), Column("姓名", 10), Column("问题类别", 18), Column("说明", 60)]
    counts = [
        [titles.get(k) or tell(Finding(k, 0, "", ""))[0], n] for k, n in report.counts.items()
    ]
    summary = SheetOut("汇总", [Column("问题类别", 24), Column("数量", 10, text=False)], counts)
    details = {"findings": len(rows), "counts": {k: n for k, n in report.counts.items() if n}}
    sheets = [SheetOut("数据体检", columns, rows, landscape=True), summary]
    return _finish(session, to, sheets, "health_exported", details)


def _plain(f: Finding) -> tuple[str, str]:
    return f.kind, "; ".join(f"{k}={v}" for k, v in sorted(f.params.items()))
