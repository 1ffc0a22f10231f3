"""Every public service function checks the role, and a locked session refuses everything.

The matrix below names, for each public function of services/{students,users,recovery,check}.py,
how to call it and which roles may (with real arguments, so an allowed call must go through).
The modules are enumerated with ``inspect``: a new public function that is not in the matrix
fails ``test_matrix_covers_every_public_function``, so no future function can skip the role check
unnoticed. Issue #2, sections 3 and 7. Every other service module of the records issue is
covered, without a hand-written list, by test_roles_generic.py.
"""

from __future__ import annotations

import datetime
import hashlib
import inspect
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.records_fixtures import password_only_archive
from tests.services.roles_issue9 import EXEMPT9, MATRIX9, MODULES9
from xueji_desktop.core.errors import ArchiveLocked, NotFound, NothingToExport, PermissionDenied
from xueji_desktop.core.id_number import check_char
from xueji_desktop.core.roles import Role
from xueji_desktop.resources import resources_root
from xueji_desktop.services import (
    audit_access,
    audit_view,
    backup,
    backup_drives,
    backup_recheck,
    calendar_settings,
    destinations_bulk,
    dispatch_slips,
    document_settings,
    documents,
    export_grades,
    export_lists,
    export_photos,
    exports,
    file_dispatch,
    file_dispatch_read,
    file_loans,
    file_locate,
    import_destinations,
    import_grades,
    import_layouts,
    import_photos,
    import_students,
    paper_file_intake,
    paper_files,
    reconcile,
    restore,
    restore_drill,
    restore_place,
    room_papers,
    statistics,
    statistics_rates,
    student_reads,
    todo,
)
from xueji_desktop.services import check as check_service
from xueji_desktop.services import recovery as recovery_service
from xueji_desktop.services import students as student_service
from xueji_desktop.services import users as user_service
from xueji_desktop.services.archive import login
from xueji_desktop.services.context import Session
from xueji_desktop.services.documents import PrintRequest
from xueji_desktop.storage.backup_format import DriveLayout
from xueji_desktop.storage.kdf import FAST_FOR_TESTS

MODULES: tuple[ModuleType, ...] = (
    student_service,
    student_reads,
    user_service,
    recovery_service,
    check_service,
    documents,
    document_settings,
    import_grades,
    import_students,
    import_layouts,
    exports,
    export_lists,
    export_photos,
    export_grades,
    reconcile,
    import_photos,
    backup,
    backup_recheck,
    backup_drives,
    restore,
    restore_place,
    restore_drill,
    file_loans,
    file_dispatch_read,
    file_dispatch,
    calendar_settings,
    todo,
    room_papers,
    dispatch_slips,
    paper_files,
    paper_file_intake,
    file_locate,
    destinations_bulk,
    import_destinations,
    statistics,
    statistics_rates,
    audit_view,
    audit_access,
    *MODULES9,
)

# role name -> (account roles, password); "owner" is the admin+clerk made at creation
ACCOUNTS: dict[str, tuple[frozenset[Role], str]] = {
    "owner": (frozenset({Role.ADMIN, Role.CLERK}), ADMIN_PASSWORD),
    "admin": (frozenset({Role.ADMIN}), "admin-only-passphrase"),
    "clerk": (frozenset({Role.CLERK}), "clerk-passphrase-1"),
    "viewer": (frozenset({Role.VIEWER}), "viewer-passphrase-1"),
}
ROLES = tuple(ACCOUNTS)
USERNAMES = {"owner": ADMIN, "admin": "head-admin", "clerk": "clerk", "viewer": "viewer"}


def _id_number(first17: str) -> str:
    return first17 + check_char(first17)


STUDENT = {
    "student_no": "2026010001",
    "name": "李明",
    "gender": "1",
    "birth_date": "2008-03-15",
    "id_number": _id_number("11010520080315123"),
}


@dataclass
class Ctx:
    root: Path
    recovery_code: str
    student_id: int
    user: str  # the session's account name
    password: str

    def other(self) -> str:
        """An account other than the session's, for actions on another user."""
        return "viewer" if self.user != "viewer" else "clerk"


Invoke = Callable[[Session, Ctx], Any]


def _new_student(s: Session, c: Ctx) -> Any:
    fields = {
        **STUDENT,
        "student_no": "2026010002",
        "name": "王芳",
        "gender": "2",
        "birth_date": "2009-07-01",
        "id_number": _id_number("11010520090701124"),
    }
    return student_service.add_student(s, fields)


def _grade_sheet(s: Session, *, commit: bool) -> Any:
    """plan_grades / commit_grades of a one-row sheet for the matrix student. The term and the
    course are inserted directly (idempotent: a test may call twice); the plan a commit needs
    is made by a clerk's view of the same session (nothing is written by making it)."""
    import dataclasses

    from xueji_desktop.services.sheets import Sheet

    with s.archive.db.atomic() as conn:
        conn.execute(
            "INSERT OR IGNORE INTO terms (code, name, school_year, semester, start_date, end_date)"
            " VALUES ('2025-2026-1', '2025—2026学年第一学期', 2025, 1, '2025-09-01', '2026-01-20')"
        )
        conn.execute(
            "INSERT OR IGNORE INTO courses (code, name, course_type, credits)"
            " VALUES ('GB001', '数学', 'public_basic', 4)"
        )
        term = conn.execute("SELECT id FROM terms WHERE code = '2025-2026-1'").fetchone()[0]
        course = conn.execute("SELECT id FROM courses WHERE code = 'GB001'").fetchone()[0]
    sheet = Sheet("成绩", (("学号", "成绩"), (STUDENT["student_no"], 85)), ("成绩",))
    if not commit:
        return import_grades.plan_grades(s, sheet, term_id=term, course_id=course)
    clerk = dataclasses.replace(s, roles=frozenset({Role.CLERK}), locked=False)
    plan = import_grades.plan_grades(clerk, sheet, term_id=term, course_id=course)
    return import_grades.commit_grades(s, sheet, plan)


# name -> (how to call it, roles allowed)
CLERKS = frozenset({"owner", "clerk"})
EXPORTERS = frozenset({"owner", "admin", "clerk"})


def _sheet(*rows: tuple[object, ...]) -> Any:
    from xueji_desktop.services.sheets import Sheet

    return Sheet("Sheet1", tuple(rows), ("Sheet1",))


def _students_sheet() -> Any:
    return _sheet(("姓名", "身份证件号"), ("王芳", _id_number("11010520090301123")))


def _national_list() -> Any:
    return _sheet(
        ("姓名", "身份证件号", "学籍状态"), (STUDENT["name"], STUDENT["id_number"], "在籍")
    )


def _photo_folder(c: Ctx) -> Path:
    import io

    from PIL import Image

    folder = c.root.parent / f"photos-{c.user}"
    folder.mkdir(exist_ok=True)
    buf = io.BytesIO()
    Image.new("RGB", (130, 160), "white").save(buf, "JPEG")
    (folder / f"{STUDENT['id_number']}.jpg").write_bytes(buf.getvalue())
    return folder


def _past_the_check(call: Callable[[], Any]) -> Any:
    """Past the role check, the one-student archive may have nothing to list (or no such term or
    class): that refusal comes after the check, which is what the matrix tests."""
    try:
        return call()
    except (NothingToExport, NotFound):
        return None


def _backup_drive(s: Session, c: Ctx, name: str = "usb") -> Path:
    """An enrolled backup drive of the matrix archive, made without the service (so without an
    audit entry: the matrix compares the audit log before and after a refused call)."""
    from xueji_desktop.services.backup_state import EnrolledDrive, update_state
    from xueji_desktop.storage.backup_format import DriveIdentity, DriveLayout, write_identity

    usb = c.root.parent / name
    if not (usb / "XuejiBackup" / "drive.json").exists():
        usb.mkdir(exist_ok=True)
        h = s.archive
        identity = DriveIdentity(
            "d" * 32, h.archive_id, "matrix", "2026-01-01T00:00:00.000000Z", ""
        ).sealed(h.keys.audit_key)
        write_identity(DriveLayout(usb), identity)
        entry = EnrolledDrive(identity.drive_id, "matrix", identity.enrolled_at, str(usb))
        update_state(c.root, lambda state: state.drives.append(entry))
    return usb


def _drive(c: Ctx) -> Path:
    """The drive the template archive was backed up to (enrolled, one verified backup)."""
    return c.root.parent / "drive"


def _empty_folder(c: Ctx, name: str) -> Path:
    folder = c.root.parent / name
    folder.mkdir(exist_ok=True)
    return folder


def _no_backup_yet(call: Callable[[], Any]) -> Any:
    """Past the role check, a drive without a verified backup answers NoBackup."""
    from xueji_desktop.core.errors import NoBackup

    try:
        return call()
    except NoBackup:
        return None


# --- issue 8: loans and dispatches ---
TODAY = datetime.date(2026, 11, 6)


def _left_student(s: Session, c: Ctx) -> int:
    """A graduated student for the dispatch register, inserted directly (no audit entry, so a
    refused call leaves the fingerprint alone; idempotent: a test may call twice)."""
    from tests.records_fixtures import insert_student

    row = s.archive.db.conn.execute(
        "SELECT id FROM students WHERE student_no = '2023010009'"
    ).fetchone()
    if row is not None:
        return int(row[0])
    return insert_student(
        s, None, student_no="2023010009", status="graduated", birth="20070101", major_code=None
    )


def _destination_sheet(s: Session, c: Ctx, *, commit: bool) -> Any:
    """plan_destinations / commit_destinations of a one-row sheet for _left_student; the plan
    a commit needs is made by a clerk's view of the same session (it keeps nothing)."""
    import dataclasses

    from xueji_desktop.services.sheets import Sheet

    _left_student(s, c)
    sheet = Sheet("去向", (("学号", "毕业去向"), ("2023010009", "参军")), ("去向",))
    today = datetime.date(2026, 7, 1)
    if not commit:
        return import_destinations.plan_destinations(s, sheet, today=today)
    clerk = dataclasses.replace(s, roles=frozenset({Role.CLERK}), locked=False)
    plan = import_destinations.plan_destinations(clerk, sheet, today=today)
    return import_destinations.commit_destinations(s, sheet, plan)


def _on_loan(s: Session, c: Ctx) -> int:
    """The matrix student's file lent out (a loan row inserted directly, idempotent)."""
    with s.archive.db.atomic() as conn:
        conn.execute(
            "INSERT INTO file_loans (student_id, borrower, purpose, lent_on, due_on, lent_by)"
            " SELECT ?, '刘干事', '征兵政审', '2026-01-05', '2026-02-04', 'matrix'"
            " WHERE NOT EXISTS (SELECT 1 FROM file_loans WHERE student_id = ?"
            " AND returned_on IS NULL)",
            (c.student_id, c.student_id),
        )
    return c.student_id


def _sent(s: Session, c: Ctx) -> int:
    """A live dispatch of the graduated student (inserted directly, idempotent): its id."""
    sid = _left_student(s, c)
    with s.archive.db.atomic() as conn:
        row = conn.execute(
            "SELECT id FROM file_dispatches WHERE student_id = ? AND voided_at IS NULL", (sid,)
        ).fetchone()
        if row is not None:
            return int(row[0])
        cur = conn.execute(
            "INSERT INTO file_dispatches (student_id, receiver_kind, receiver, via, dispatch_no,"
            " dispatched_on, dispatched_by, batch_id) VALUES (?, 'talent_centre', '人才中心',"
            " 'confidential_mail', 'JY1', '2026-07-01', 'matrix', 'matrix')",
            (sid,),
        )
        return int(cur.lastrowid)


def _slip(s: Session, c: Ctx) -> str:
    """A 档案转递单 of the graduated student in the documents register (inserted directly)."""
    sid = _left_student(s, c)
    with s.archive.db.atomic() as conn:
        conn.execute(
            "INSERT OR IGNORE INTO document_register (serial, kind, year, seq, student_id,"
            " template, issued_by, issued_at, content_digest, signature, batch_id) VALUES"
            " ('ZD2026000001', 'handover_list', 2026, 1, ?, 't', 'matrix',"
            " '2026-07-01T00:00:00.000000Z', 'd', 's', 'b')",
            (sid,),
        )
    return "ZD2026000001"


def _order(s: Session, c: Ctx) -> Any:
    from xueji_desktop.services.file_dispatch import DispatchOrder

    return DispatchOrder(_left_student(s, c), "talent_centre", "人才中心", "confidential_mail",
                         dispatch_no="JY2")  # fmt: skip


MATRIX: dict[str, tuple[Invoke, frozenset[str]]] = {
    # audit viewer and access report (issue 9 §2): admin only
    "audit_entries": (
        lambda s, c: audit_view.audit_entries(s, student_id=c.student_id),
        frozenset({"owner", "admin"}),
    ),
    "chain_status": (lambda s, c: audit_view.chain_status(s), frozenset({"owner", "admin"})),
    "who_touched": (
        lambda s, c: audit_view.who_touched(s, c.student_id),
        frozenset({"owner", "admin"}),
    ),
    "access_report": (
        lambda s, c: audit_access.access_report(
            s, since=datetime.date(2000, 1, 1), until=datetime.date(2099, 12, 31)
        ),
        frozenset({"owner", "admin"}),
    ),
    # issue 9 groundwork: statistics
    "counts": (lambda s, c: statistics.counts(s, by="status", as_of=TODAY), frozenset(ROLES)),
    "status_changes_per_term": (
        lambda s, c: statistics.status_changes_per_term(s),
        frozenset(ROLES),
    ),
    "retention_per_intake": (
        lambda s, c: statistics_rates.retention_per_intake(s, as_of=TODAY),
        frozenset(ROLES),
    ),
    "graduate_outcomes": (
        lambda s, c: statistics_rates.graduate_outcomes(s, graduation_year=2026),
        frozenset(ROLES),
    ),
    # graduates' destinations (issue 8 §4)
    "set_destinations": (
        lambda s, c: destinations_bulk.set_destinations(
            s, [destinations_bulk.DestinationRow(_left_student(s, c), "military", "2026-07-01")]
        ),
        CLERKS,
    ),
    "class_destinations": (
        lambda s, c: _past_the_check(lambda: destinations_bulk.class_destinations(s, 1)),
        frozenset(ROLES),
    ),
    "plan_destinations": (lambda s, c: _destination_sheet(s, c, commit=False), CLERKS),
    "commit_destinations": (lambda s, c: _destination_sheet(s, c, commit=True), CLERKS),
    "destination_template": (
        lambda s, c: import_destinations.destination_template(s),
        frozenset(ROLES),
    ),
    # issue 8: the school calendar and the start page's items
    "get_calendar": (lambda s, c: calendar_settings.get_calendar(s), frozenset(ROLES)),
    "set_calendar": (
        lambda s, c: calendar_settings.set_calendar(
            s, calendar_settings.SchoolCalendar(loan_days=21)
        ),
        CLERKS,
    ),
    "calendar_events": (
        lambda s, c: calendar_settings.calendar_events(
            s, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31)
        ),
        frozenset(ROLES),
    ),
    "registration_items": (lambda s, c: todo.registration_items(s, today=TODAY), frozenset(ROLES)),
    "leave_items": (lambda s, c: todo.leave_items(s, today=TODAY), frozenset(ROLES)),
    "graduation_items": (lambda s, c: todo.graduation_items(s, today=TODAY), frozenset(ROLES)),
    "loan_items": (lambda s, c: todo.loan_items(s, today=TODAY), frozenset(ROLES)),
    "dispatch_items": (lambda s, c: todo.dispatch_items(s, today=TODAY), frozenset(ROLES)),
    "destination_items": (lambda s, c: todo.destination_items(s, today=TODAY), frozenset(ROLES)),
    "aid_items": (lambda s, c: todo.aid_items(s, today=TODAY), frozenset(ROLES)),
    "quick_items": (lambda s, c: todo.quick_items(s, today=TODAY), frozenset(ROLES)),
    "health_items": (lambda s, c: todo.health_items(s, today=TODAY), frozenset(ROLES)),
    # issue 8: room papers and dispatch slips
    "intake_receipt_pdf": (
        lambda s, c: _past_the_check(lambda: room_papers.intake_receipt_pdf(s, 1, today=TODAY)),
        CLERKS,
    ),
    "shelf_list_pdf": (
        lambda s, c: _past_the_check(lambda: room_papers.shelf_list_pdf(s, today=TODAY)),
        CLERKS,
    ),
    "box_labels_pdf": (lambda s, c: _past_the_check(lambda: room_papers.box_labels_pdf(s)), CLERKS),
    "issue_dispatch_slips": (
        lambda s, c: _past_the_check(lambda: dispatch_slips.issue_dispatch_slips(s, [1])),
        CLERKS,
    ),
    # issue 8: paper files
    "get_paper_file": (lambda s, c: paper_files.get_paper_file(s, c.student_id), frozenset(ROLES)),
    "set_location": (
        lambda s, c: paper_files.set_location(s, [c.student_id], cabinet="A柜", shelf="1", box="2"),
        CLERKS,
    ),
    "set_contents": (
        lambda s, c: paper_files.set_contents(s, c.student_id, {"enrolment_form": 1}),
        CLERKS,
    ),
    # the matrix student is in school: clearing 归档保存 that is not set changes nothing
    "set_kept": (lambda s, c: paper_files.set_kept(s, c.student_id, False, reason="核对"), CLERKS),
    "receive_files": (
        lambda s, c: paper_file_intake.receive_files(
            s,
            kind="new_intake",
            source="县一中",
            received_on="2025-09-01",
            items=[paper_file_intake.IntakeItem(c.student_id, {"enrolment_form": 1})],
        ),
        CLERKS,
    ),
    "get_intake": (
        lambda s, c: _past_the_check(lambda: paper_file_intake.get_intake(s, 1)),
        frozenset(ROLES),
    ),
    "list_intakes": (lambda s, c: paper_file_intake.list_intakes(s), frozenset(ROLES)),
    "whereabouts": (lambda s, c: file_locate.whereabouts(s, c.student_id), frozenset(ROLES)),
    "locate": (lambda s, c: file_locate.locate(s, STUDENT["student_no"]), frozenset(ROLES)),
    "shelf_list": (lambda s, c: file_locate.shelf_list(s), frozenset(ROLES)),
    # loans and dispatches of paper files (issue 8): services/file_loans.py, file_dispatch*.py
    "lend_file": (
        lambda s, c: file_loans.lend_file(
            s, c.student_id, borrower="刘干事", purpose="征兵政审", lent_on="2026-01-05"
        ),
        CLERKS,
    ),
    "return_file": (
        lambda s, c: file_loans.return_file(s, _on_loan(s, c), returned_on="2026-01-10"),
        CLERKS,
    ),
    "list_loans": (lambda s, c: file_loans.list_loans(s, open_only=True), frozenset(ROLES)),
    "overdue_loans": (
        lambda s, c: file_loans.overdue_loans(s, today=datetime.date(2026, 11, 16)),
        frozenset(ROLES),
    ),
    "dispatch_files": (
        lambda s, c: file_dispatch.dispatch_files(s, [_order(s, c)], dispatched_on="2026-07-01"),
        CLERKS,
    ),
    "dispatch_orders_for_class": (
        lambda s, c: _past_the_check(
            lambda: file_dispatch.dispatch_orders_for_class(
                s, 1, receiver_kind="talent_centre", receiver="人才中心", via="other"
            )
        ),
        frozenset(ROLES),
    ),
    "record_receipt": (
        lambda s, c: file_dispatch.record_receipt(s, _sent(s, c), receipt_on="2026-07-05"),
        CLERKS,
    ),
    "void_dispatch": (
        lambda s, c: file_dispatch.void_dispatch(s, _sent(s, c), reason="寄错单位"),
        CLERKS,
    ),
    "set_dispatch_serial": (
        lambda s, c: file_dispatch.set_dispatch_serial(s, _sent(s, c), _slip(s, c)),
        CLERKS,  # Permission.PRINT
    ),
    "get_dispatch": (lambda s, c: file_dispatch.get_dispatch(s, _sent(s, c)), frozenset(ROLES)),
    "list_dispatches": (
        lambda s, c: file_dispatch.list_dispatches(s, awaiting_receipt=True),
        frozenset(ROLES),
    ),
    "receipts_overdue": (
        lambda s, c: file_dispatch.receipts_overdue(s, today=datetime.date(2026, 11, 16)),
        frozenset(ROLES),
    ),
    "dispatch_due": (lambda s, c: file_dispatch.dispatch_due(s), frozenset(ROLES)),
    "dispatch_due_rows": (lambda s, c: file_dispatch_read.dispatch_due_rows(s), frozenset(ROLES)),
    # backups (issue 7): services/backup.py, services/backup_recheck.py, services/backup_drives.py
    "enroll_drive": (
        lambda s, c: backup_drives.enroll_drive(s, _empty_folder(c, f"usb-{c.user}"), label="盘"),
        frozenset({"owner", "admin"}),
    ),
    "forget_drive": (
        lambda s, c: backup_drives.forget_drive(s, "d" * 32 if _backup_drive(s, c) else ""),
        frozenset({"owner", "admin"}),
    ),
    "set_daily_time": (
        lambda s, c: backup_drives.set_daily_time(s, "18:05"),
        frozenset({"owner", "admin"}),
    ),
    "make_backup": (
        lambda s, c: backup.make_backup(s, _backup_drive(s, c)),
        EXPORTERS,  # Permission.BACKUP: admin and clerk
    ),
    "list_backups": (lambda s, c: backup.list_backups(s, _backup_drive(s, c)), EXPORTERS),
    "newest_verified": (
        lambda s, c: _no_backup_yet(lambda: backup.newest_verified(s, _backup_drive(s, c))),
        EXPORTERS,
    ),
    "changed_since_last_backup": (
        lambda s, c: backup.changed_since_last_backup(s),
        frozenset(ROLES),
    ),
    "complete_pending": (
        lambda s, c: backup.complete_pending(s) if _backup_drive(s, c) else None,
        EXPORTERS,
    ),
    "verify_backups": (
        lambda s, c: backup.verify_backups(s, _backup_drive(s, c), subset=0.2),
        EXPORTERS,
    ),
    "drill": (lambda s, c: restore_drill.drill(s, _drive(c)), EXPORTERS),
    "restore_in_place": (
        lambda s, c: restore_place.restore_in_place(
            s, _drive(c), DriveLayout(_drive(c)).backup_ids()[0], admin_password=c.password
        ),
        frozenset({"owner", "admin"}),
    ),
    "prepare_restore_in_place": (
        lambda s, c: restore_place.prepare_restore_in_place(
            s, _drive(c), DriveLayout(_drive(c)).backup_ids()[0], admin_password=c.password
        ),
        frozenset({"owner", "admin"}),
    ),
    # grade import (issue 6)
    "plan_grades": (lambda s, c: _grade_sheet(s, commit=False), frozenset({"owner", "clerk"})),
    "commit_grades": (lambda s, c: _grade_sheet(s, commit=True), frozenset({"owner", "clerk"})),
    # students
    "list_students": (
        lambda s, c: student_service.list_students(s),
        frozenset(ROLES),
    ),
    "count_students": (
        lambda s, c: student_service.count_students(s),
        frozenset(ROLES),
    ),
    "school_name": (
        lambda s, c: student_service.school_name(s),
        frozenset(ROLES),
    ),
    "get_student": (
        lambda s, c: student_service.get_student(s, c.student_id),
        frozenset(ROLES),
    ),
    "add_student": (_new_student, frozenset({"owner", "clerk"})),
    # the student is a draft: a clerk edits it; an admin (CORRECT_RECORDS) passes the first check
    # but may edit only the locked records of students who have left, so is refused here
    "edit_student": (
        lambda s, c: student_service.edit_student(s, c.student_id, {"name": "李明明"}),
        frozenset({"owner", "clerk"}),
    ),
    "void_student": (
        lambda s, c: student_service.void_student(s, c.student_id, "录入错误"),
        frozenset({"owner", "clerk"}),
    ),
    "field_history": (
        lambda s, c: student_service.field_history(s, c.student_id),
        frozenset(ROLES),
    ),
    "identifiers": (
        lambda s, c: student_service.identifiers(s, [c.student_id]),
        frozenset(ROLES),
    ),
    "find_by_number": (
        lambda s, c: student_service.find_by_number(s, STUDENT["student_no"]),
        frozenset(ROLES),
    ),
    # users
    "add_user": (
        lambda s, c: user_service.add_user(
            s,
            admin_password=c.password,
            username="newcomer",
            password="newcomer-passphrase",
            roles=frozenset({Role.CLERK}),
            kdf=FAST_FOR_TESTS,
        ),
        frozenset({"owner", "admin"}),
    ),
    "list_users": (
        lambda s, c: user_service.list_users(s),
        frozenset({"owner", "admin"}),
    ),
    "change_own_password": (
        lambda s, c: user_service.change_own_password(
            s,
            current_password=c.password,
            new_password="a-brand-new-passphrase",
            kdf=FAST_FOR_TESTS,
        ),
        frozenset(ROLES),
    ),
    "reset_password": (
        lambda s, c: user_service.reset_password(
            s,
            admin_password=c.password,
            username=c.other(),
            new_password="reset-by-an-admin-1",
            kdf=FAST_FOR_TESTS,
        ),
        frozenset({"owner", "admin"}),
    ),
    "unlock": (
        lambda s, c: user_service.unlock(s, admin_password=c.password, username=c.other()),
        frozenset({"owner", "admin"}),
    ),
    "set_disabled": (
        lambda s, c: user_service.set_disabled(
            s, admin_password=c.password, username=c.other(), disabled=True
        ),
        frozenset({"owner", "admin"}),
    ),
    "reanchor_audit": (
        lambda s, c: recovery_service.reanchor_audit(s, admin_password=c.password),
        frozenset({"owner", "admin"}),
    ),
    "verify_recovery_code": (
        lambda s, c: recovery_service.verify_recovery_code(s, c.recovery_code),
        frozenset({"owner", "admin", "clerk"}),  # a viewer must not spend the code's delays
    ),
    "rotate_recovery_code": (
        lambda s, c: recovery_service.rotate_recovery_code(
            s, admin_password=c.password, kdf=FAST_FOR_TESTS
        ),
        frozenset({"owner", "admin"}),
    ),
    # check
    "check_archive": (
        lambda s, c: check_service.check_archive(s),
        frozenset({"owner", "admin", "clerk"}),
    ),
    # printed documents (issue 5): services/documents.py and services/document_settings.py
    "issue": (
        lambda s, c: documents.issue(s, PrintRequest("registration_card", (c.student_id,))),
        frozenset({"owner", "clerk"}),
    ),
    "issue_to_files": (
        lambda s, c: documents.issue_to_files(
            s,
            PrintRequest("registration_card", (c.student_id,)),
            c.root.parent / f"{c.user}.pdf",
            split=False,
        ),
        frozenset({"owner", "clerk"}),
    ),
    "save_pdf": (
        lambda s, c: documents.save_pdf(
            s,
            (i := documents.issue(s, PrintRequest("registration_card", (c.student_id,)))).pdf,
            c.root.parent / f"{c.user}-saved.pdf",
            i.serials,
        ),
        frozenset({"owner", "clerk"}),
    ),
    "record_printed": (
        lambda s, c: documents.record_printed(
            s,
            documents.issue(s, PrintRequest("registration_card", (c.student_id,))).serials,
            "HP LaserJet",
            1,
        ),
        frozenset({"owner", "clerk"}),
    ),
    "void_documents": (
        lambda s, c: documents.void_documents(
            s,
            documents.issue(s, PrintRequest("registration_card", (c.student_id,))).serials,
            "预览后未打印",
        ),
        frozenset({"owner", "clerk"}),
    ),
    "register_entries": (lambda s, c: documents.register_entries(s), frozenset(ROLES)),
    "verify": (lambda s, c: documents.verify(s, "XJK2026-000001"), frozenset(ROLES)),
    "key_fingerprint": (lambda s, c: documents.key_fingerprint(s), frozenset(ROLES)),
    "applicable_kinds": (lambda s, c: documents.applicable_kinds(s, []), frozenset(ROLES)),
    "letterhead": (lambda s, c: document_settings.letterhead(s), frozenset(ROLES)),
    "set_logo": (
        lambda s, c: document_settings.set_logo(s, None),
        frozenset({"owner", "admin"}),
    ),
    "templates": (
        lambda s, c: document_settings.templates(s, "transcript"),
        frozenset(ROLES),
    ),
    "choose_template": (
        lambda s, c: document_settings.choose_template(s, "transcript", "standard"),
        frozenset({"owner", "admin"}),
    ),
    "import_template": (
        lambda s, c: document_settings.import_template(
            s,
            (resources_root() / "templates" / "graduation_attestation" / "overlay.json")
            .read_text("utf-8")
            .replace('"name": "overlay"', '"name": "school-overlay"'),
        ),
        frozenset({"owner", "admin"}),
    ),
    "print_offset": (
        lambda s, c: document_settings.print_offset(s, "HP LaserJet"),
        frozenset({"owner", "clerk"}),
    ),
    "set_print_offset": (
        lambda s, c: document_settings.set_print_offset(s, "HP LaserJet", 1.5, -2.0),
        frozenset({"owner", "clerk"}),
    ),
    "transcript_summary": (
        lambda s, c: document_settings.transcript_summary(s),
        frozenset(ROLES),
    ),
    "set_transcript_summary": (
        lambda s, c: document_settings.set_transcript_summary(s, ["total_credits"]),
        frozenset({"owner", "admin"}),
    ),
    # spreadsheet import and export (issue 6)
    "plan_students": (lambda s, c: import_students.plan_students(s, _students_sheet()), CLERKS),
    "commit_students": (
        lambda s, c: import_students.commit_students(
            s, _students_sheet(), import_students.plan_students(s, _students_sheet())
        ),
        CLERKS,
    ),
    "header_mapping": (lambda s, c: import_students.header_mapping(s, _students_sheet()), CLERKS),
    "remembered": (lambda s, c: import_layouts.remembered(s, ["姓名"]), CLERKS),
    "remember": (lambda s, c: import_layouts.remember(s, ["考生"], {0: "name"}), CLERKS),
    "export_students": (
        lambda s, c: exports.export_students(s, c.root.parent / f"students-{c.user}.xlsx"),
        EXPORTERS,
    ),
    "export_roster": (
        lambda s, c: _past_the_check(
            lambda: exports.export_roster(s, c.root.parent / f"roster-{c.user}.xlsx", class_id=1)
        ),
        EXPORTERS,
    ),
    "export_for_head_teacher": (
        lambda s, c: _past_the_check(lambda: exports.export_for_head_teacher(s, c.root.parent)),
        EXPORTERS,
    ),
    "export_status_changes": (
        lambda s, c: _past_the_check(
            lambda: export_lists.export_status_changes(s, c.root.parent / f"{c.user}-sc.xlsx")
        ),
        EXPORTERS,
    ),
    "export_graduates": (
        lambda s, c: _past_the_check(
            lambda: export_lists.export_graduates(
                s, c.root.parent / f"{c.user}-graduates.xlsx", year=2026
            )
        ),
        EXPORTERS,
    ),
    "export_aid": (
        lambda s, c: _past_the_check(
            lambda: export_lists.export_aid(
                s, c.root.parent / f"{c.user}-aid.xlsx", term="2025-2026-1"
            )
        ),
        EXPORTERS,
    ),
    "export_photos": (
        lambda s, c: _past_the_check(
            lambda: export_photos.export_photos(s, c.root.parent, student_ids=[c.student_id])
        ),
        EXPORTERS,
    ),
    "export_health": (
        lambda s, c: export_lists.export_health(s, c.root.parent / f"{c.user}-health.xlsx"),
        EXPORTERS,
    ),
    "export_grade_sheet": (
        lambda s, c: _past_the_check(
            lambda: export_grades.export_grade_sheet(
                s, c.root.parent / f"{c.user}-grades.xlsx", class_id=1, term_id=1
            )
        ),
        EXPORTERS,
    ),
    "grade_sheet_courses": (
        lambda s, c: _past_the_check(lambda: export_grades.grade_sheet_courses(s, 1)),
        frozenset(ROLES),
    ),
    "plan_national_list": (
        lambda s, c: reconcile.plan_national_list(s, _national_list()),
        CLERKS,
    ),
    "apply_reconciliation": (
        lambda s, c: reconcile.apply_reconciliation(
            s,
            _national_list(),
            reconcile.plan_national_list(s, _national_list()),
            fill_registry_numbers=True,
            mark_approved=True,
        ),
        CLERKS,
    ),
    "plan_photos": (lambda s, c: import_photos.plan_photos(s, _photo_folder(c)), CLERKS),
    "commit_photos": (
        lambda s, c: import_photos.commit_photos(
            s, _photo_folder(c), import_photos.plan_photos(s, _photo_folder(c))
        ),
        CLERKS,
    ),
}
MATRIX.update(MATRIX9)  # issue 9's services (tests/services/roles_issue9.py)

# Public functions that take no session, with the reason they need no role check.
EXEMPT: dict[str, str] = {
    "percent": "pure: renders an exact rate as a one-decimal percentage; reads nothing",
    "check_calendar": "pure: checks a SchoolCalendar, no archive",
    "encode": "pure: a SchoolCalendar as its JSON setting",
    "decode": "pure: the JSON setting as a SchoolCalendar",
    "day_rules": "pure: the calendar's rest days as DayRules",
    "graduation_window": "pure: the window before the leave day",
    "registration_dates": "pure: the calendar's deadlines around a date",
    "aid_dates_near": "pure: the aid dates near a date",
    "registration_deadline": "pure: the deadlines around a date",
    "natural_key": "pure: the natural sort key of a shelf label, no archive",
    "checked_id": "pure: checks an id argument (type and range) before a query",
    "slip_is_live": "a reader on a connection for set_dispatch_serial / issue_dispatch_slips",
    # issue 8, services/file_loans.py and file_dispatch_read.py: helpers on a connection or pure
    "file_state": "a reader on a connection for lend_file, dispatch_files and "
    "paper_files.set_kept, which have checked WRITE_RECORDS",
    "student_label": "a reader on a connection naming the student in a PaperFileUnavailable, "
    "for services that have checked their permission",
    "ensure_paper_file": "a writer on a connection inside lend_file / dispatch_files / the paper "
    "files services, which have checked WRITE_RECORDS",
    "existing_student": "a reader on a connection for list_loans / list_dispatches (READ_RECORDS)",
    "iso_day": "pure: checks a date argument into a Checks",
    "check_today": "pure: checks the caller's today argument",
    "dispatch_from_row": "pure: a Dispatch from a row",
    "require_dispatch": "a reader on a connection for the dispatch services, which have "
    "checked their permission",
    "check_order_fields": "pure: checks a DispatchOrder's fields into a Checks",
    "restore_to_folder": "its authority is the recovery code itself; there is no archive yet",
    "finish_restore_in_place": "takes the PreparedRestore that prepare_restore_in_place (RESTORE, "
    "password again) returned after closing the session: the swap runs with no session open",
    "scheduled_backup": "the task scheduler's `xueji backup`: no session and no key; it copies "
    "the already-encrypted files into a pending backup that a login completes (backups.md)",
    "backup_status": "reads backup-state.json (drive labels, times, outcomes: nothing personal) "
    "for the status bar, before and without a login",
    "open_drive": "a drive check below the session functions (and the scheduled run)",
    "find_drives": "a drive search below the session functions (and the scheduled run)",
    "filesystem_type": "names the file system of a path; reads no archive",
    "space_check": "free space of a drive; reads no archive",
    "drive_error": "maps an OSError to the drive's error; reads nothing",
    "recover": "its authority is the recovery code itself; there is no session yet",
    "check_handle": "the building block of check_archive, given an already-opened handle",
    "check_at": "takes a password, checks read-only, then logs in and requires check_archive",
    "load_letterhead": "a reader on a connection for issue(), which has checked PRINT",
    "chosen_template": "a reader on a connection for issue(), which has checked PRINT",
    "resolve_template": "a reader on a connection for issue(), which has checked PRINT",
    "saved_offset": "a reader on a connection for issue(), which has checked PRINT",
    "check_offset": "a pure check of two numbers; reads nothing",
    "student_columns": "the national template's column list; reads nothing",
    "head_teacher_columns": "the 班主任核对 sheet's column list; reads nothing",
    "title_cells": "pure: the grade-sheet title row's texts, no archive",
    "read_title": "pure: reads a grade-sheet title row, no archive",
    "layout_key": "pure: the settings key of a header row",
    "class_course_ids": "a reader on a connection for grade_sheet_courses (READ_RECORDS) and the "
    "grade import, which has checked WRITE_RECORDS",
    "remembered_in": "a reader on a connection for plan_students, which has checked WRITE_RECORDS",
}
EXEMPT.update(EXEMPT9)


def public_functions() -> dict[str, Callable[..., Any]]:
    found: dict[str, Callable[..., Any]] = {}
    for module in MODULES:
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not name.startswith("_"):
                assert name not in found, f"two public functions named {name}"
                found[name] = fn
    return found


def test_matrix_covers_every_public_function() -> None:
    found = set(public_functions())
    missing = found - set(MATRIX) - set(EXEMPT)
    assert not missing, f"add these to the role matrix in {__file__}: {sorted(missing)}"
    stale = (set(MATRIX) | set(EXEMPT)) - found
    assert not stale, f"no longer public service functions: {sorted(stale)}"
    assert not set(MATRIX) & set(EXEMPT)


def test_exempt_functions_take_no_session() -> None:
    for name, fn in public_functions().items():
        if name not in EXEMPT:
            continue
        for param in inspect.signature(fn).parameters.values():
            assert param.name != "session", name
            assert "Session" not in str(param.annotation), name


def test_every_matrix_function_takes_a_session_first() -> None:
    for name, fn in public_functions().items():
        if name in MATRIX:
            first = next(iter(inspect.signature(fn).parameters.values()))
            assert first.name == "session", name


# -- the archive every case runs on -------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, int]:
    """Built once (password-only, so no keyring is involved); each test gets a fresh copy."""
    root = tmp_path_factory.mktemp("roles") / "archive"
    others = [(USERNAMES[n], pw, roles) for n, (roles, pw) in ACCOUNTS.items() if n != "owner"]
    created = password_only_archive(root, others)
    owner = created.session
    try:
        sid = student_service.add_student(owner, dict(STUDENT)).student_id
        drive = root.parent / "drive"
        drive.mkdir()
        backup_drives.enroll_drive(owner, drive)
        backup.make_backup(owner, drive)
    finally:
        owner.close()
    return root, created.recovery_code, sid


@pytest.fixture
def setup(template: tuple[Path, str, int], tmp_path: Path) -> tuple[Path, str, int]:
    root, code, sid = template
    copy = tmp_path / "archive"
    shutil.copytree(root, copy)
    shutil.copytree(root.parent / "drive", tmp_path / "drive")
    return copy, code, sid


def _session(setup: tuple[Path, str, int], role: str) -> tuple[Session, Ctx]:
    root, code, sid = setup
    user = USERNAMES[role]
    password = ACCOUNTS[role][1]
    session = login(root, user, password)
    assert session.roles == ACCOUNTS[role][0]
    return session, Ctx(root, code, sid, user, password)


def _fingerprint(session: Session) -> tuple[int, str, str]:
    h = session.archive
    seq = h.db.conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    slots = hashlib.sha256(h.layout.keyslots.read_bytes()).hexdigest()
    throttle = hashlib.sha256(h.layout.throttle.read_bytes()).hexdigest()
    return int(seq), slots, throttle


CASES = [(name, role) for name in sorted(MATRIX) for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES)
def test_role_matrix(setup: tuple[Path, str, int], name: str, role: str) -> None:
    invoke, allowed = MATRIX[name]
    session, ctx = _session(setup, role)
    try:
        if role in allowed:
            invoke(session, ctx)  # must not raise PermissionDenied (or anything else)
        else:
            before = _fingerprint(session)
            with pytest.raises(PermissionDenied):
                invoke(session, ctx)
            # refused before anything happened: no entry, no slot, no counted password attempt
            assert _fingerprint(session) == before
    finally:
        session.close()


@pytest.mark.parametrize(("name", "role"), CASES)
def test_locked_session_refuses_everything(
    setup: tuple[Path, str, int], name: str, role: str
) -> None:
    invoke, _ = MATRIX[name]
    session, ctx = _session(setup, role)
    try:
        session.locked = True
        before = _fingerprint(session)
        with pytest.raises(ArchiveLocked):
            invoke(session, ctx)
        assert _fingerprint(session) == before
        session.locked = False
        if role in MATRIX[name][1]:
            invoke(session, ctx)  # unlocked again, the same call goes through
    finally:
        session.close()


def test_viewer_cannot_add_a_student_but_a_clerk_can(setup: tuple[Path, str, int]) -> None:
    viewer, vctx = _session(setup, "viewer")
    try:
        with pytest.raises(PermissionDenied):
            _new_student(viewer, vctx)
        assert student_service.count_students(viewer) == 1
    finally:
        viewer.close()
    clerk, cctx = _session(setup, "clerk")
    try:
        _new_student(clerk, cctx)
        assert student_service.count_students(clerk) == 2
    finally:
        clerk.close()


def test_check_at_requires_the_check_permission_after_a_clean_check(
    setup: tuple[Path, str, int],
) -> None:
    """A clean check is recorded only for roles that may check; a viewer is refused."""
    root = setup[0]
    for role in ("owner", "clerk"):
        report = check_service.check_at(root, USERNAMES[role], ACCOUNTS[role][1])
        assert report.ok
    with pytest.raises(PermissionDenied):
        check_service.check_at(root, USERNAMES["viewer"], ACCOUNTS["viewer"][1])
    s = login(root, USERNAMES["owner"], ACCOUNTS["owner"][1])
    try:
        rows = s.archive.db.conn.execute(
            "SELECT actor FROM audit_log WHERE action = 'archive_checked' ORDER BY seq"
        ).fetchall()
    finally:
        s.close()
    assert [r[0] for r in rows] == [USERNAMES["owner"], USERNAMES["clerk"]]
