"""Statistics tables and the 今日工作记录 to PDF files (issue 9 §1).

``print_tables`` prints any StatTables (printing/stat_tables.py: A4, landscape or split when
wide, the header repeated on every page, school, print date, page x of y) with the same words
as the Excel export (statistics_export: the labels and the way values are shown). EXPORT,
like the export: the figures leave the archive either way. Audited ``statistics_printed``
with the titles and counts only.

``print_work_log`` prints one user's day, the WorkLog of ``work_stats.work_log``
(printing/work_log.py).
Everyone may print their own log (READ_RECORDS); another user's needs MANAGE_SETTINGS (the
annual review is the admin's). It names students, so it is audited ``work_log_printed`` with
their ids (as [first, last] runs).

Both check the file's place before any work (the folder exists and is writable, no file of
that name unless ``overwrite``), write the PDF owner-only to a temporary file in that folder
and rename it into place inside the audit's transaction: a file that could not be written is
not audited as printed, and a failure leaves no file. The print date is the caller's
``printed_on``, else the day of the archive's clock (the clock that stamps the audit entry).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from xueji_desktop.core.errors import OutputFileError, ValidationError
from xueji_desktop.core.roles import Permission
from xueji_desktop.printing.stat_tables import stat_tables_pdf
from xueji_desktop.printing.work_log import date_text, work_log_pdf
from xueji_desktop.services import audit
from xueji_desktop.services import documents_files as files
from xueji_desktop.services.context import Session
from xueji_desktop.services.document_settings import load_letterhead
from xueji_desktop.services.statistics import StatTable
from xueji_desktop.services.statistics_export import _audit_details, _checked_request
from xueji_desktop.services.work_stats import WorkLog

__all__ = ["MAX_LOG_ENTRIES", "print_tables", "print_work_log"]

Labels = Mapping[str, tuple[str, str]]
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

TABLES_ACTION = "statistics_printed"
LOG_ACTION = "work_log_printed"
MAX_LOG_ENTRIES = 20_000  # a very busy day is a few hundred lines


def _target(out: object, overwrite: bool) -> Path:
    """Before any work: the file's folder exists and is writable, its name is free."""
    if not isinstance(out, Path):
        raise OutputFileError(path=str(out)[:80], reason="no_folder")
    if out.is_dir():
        raise OutputFileError(path=str(out), reason="exists")
    files.check_destination(out.parent, [out.name], overwrite=bool(overwrite))
    return out


def _print_day(session: Session, printed_on: object) -> datetime.date:
    if printed_on is None:
        return datetime.datetime.fromtimestamp(session.archive.clock()).date()
    if not isinstance(printed_on, datetime.date) or isinstance(printed_on, datetime.datetime):
        raise ValidationError(field="printed_on", reason="invalid")
    return printed_on


def _publish(
    session: Session, path: Path, pdf: bytes, action: str, details: dict[str, Any],
    overwrite: bool,
) -> Path:  # fmt: skip
    """The file and its audit entry together, or neither."""
    h = session.archive
    with files.Batch(overwrite=overwrite) as batch:  # a failure removes its files
        batch.add(path, pdf)
        with h.db.atomic():
            audit.record(h, session.username, action, details=details)
            batch.publish()
    return path


def print_tables(
    session: Session,
    tables: Sequence[StatTable],
    out: Path,
    *,
    lang: str = "zh",
    heading: str = "",
    note: str = "",
    labels: Labels | None = None,
    overwrite: bool = False,
    printed_on: datetime.date | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """The tables as one A4 PDF at ``out`` (module note); returns ``out``. Refused before any
    work like ``statistics_export.export_tables`` (NothingToExport, ValidationError,
    OutputFileError); a cancel raises OperationCancelled and leaves nothing."""
    session.require(Permission.EXPORT)
    checked, lang, heading, note, words = _checked_request(tables, lang, heading, note, labels)
    day = _print_day(session, printed_on)
    path = _target(out, overwrite)
    school = load_letterhead(session.archive.db.conn).school_name
    pdf = stat_tables_pdf(
        checked,
        school=school,
        heading=heading,
        note=note,
        lang=lang,
        labels=words,
        printed_on=date_text(day, lang),
        progress=progress,
        cancelled=cancelled,
    )
    return _publish(session, path, pdf, TABLES_ACTION, _audit_details(checked, lang), overwrite)


# -- the work log ---------------------------------------------------------------------------------


def _runs(ids: Iterable[int]) -> list[int | list[int]]:
    """Sorted ids with consecutive ones as [first, last] (the audit's compact form)."""
    out: list[int | list[int]] = []
    ordered = sorted(set(ids))
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        out.append(ordered[i] if j == i else [ordered[i], ordered[j]])
        i = j + 1
    return out


def _text_ok(value: object) -> bool:
    return isinstance(value, str)


def _check_log(log: object) -> tuple[WorkLog, set[int]]:
    """A WorkLog whose fields have their types (a dataclass does not check them), and the
    students it names."""
    if not isinstance(log, WorkLog) or not (
        _text_ok(log.user)
        and _text_ok(log.school)
        and isinstance(log.day, datetime.date)
        and not isinstance(log.day, datetime.datetime)
        and isinstance(log.entries, tuple | list)
    ):
        raise ValidationError(field="log", reason="invalid")
    entries = log.entries
    if len(entries) > MAX_LOG_ENTRIES:
        raise ValidationError(field="log", reason="too_long")
    students: set[int] = set()
    for e in entries:
        texts = ("time", "action_zh", "action_en", "subject_zh", "subject_en")
        count = getattr(e, "count", None)
        ids = getattr(e, "student_ids", None)
        if (
            not all(_text_ok(getattr(e, t, None)) for t in texts)
            or not isinstance(count, int)
            or isinstance(count, bool)
            or not isinstance(ids, tuple | list)
            or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids)
        ):
            raise ValidationError(field="log", reason="invalid")
        students.update(ids)
    return log, students


def _user_label(session: Session, username: str) -> str:
    row = session.archive.db.conn.execute(
        "SELECT display_name FROM users WHERE username = ?", (username,)
    ).fetchone()
    name = str(row[0]).strip() if row and row[0] else ""
    return f"{name}（{username}）" if name and name != username else username


def print_work_log(
    session: Session,
    log: WorkLog,
    out: Path,
    *,
    lang: str = "zh",
    overwrite: bool = False,
    printed_on: datetime.date | None = None,
) -> Path:
    """The work log (今日工作记录) of ``log.user`` on ``log.day`` as a PDF at ``out``; returns
    ``out``. Own log: READ_RECORDS; another user's: MANAGE_SETTINGS as well."""
    session.require(Permission.READ_RECORDS)
    checked, students = _check_log(log)
    if checked.user != session.username:
        session.require(Permission.MANAGE_SETTINGS)
    if lang not in ("zh", "en"):
        raise ValidationError(field="lang", reason="invalid")
    day = _print_day(session, printed_on)
    path = _target(out, overwrite)
    pdf = work_log_pdf(
        checked,
        lang=lang,
        user_label=_user_label(session, checked.user),
        printed_on=day,
        student_count=len(students),
    )
    details: dict[str, Any] = {
        "user": checked.user,
        "day": checked.day.isoformat(),
        "entries": len(checked.entries),
        "student_ids": _runs(students),
    }
    return _publish(session, path, pdf, LOG_ACTION, details, overwrite)
