"""The role matrix entries of issue 9's services (statistics outputs, audit exports, 四性检测,
transfer packages, retention), kept apart so ``test_roles.py`` stays readable; that module merges
``MODULES9``, ``MATRIX9`` and ``EXEMPT9`` into its own tables."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from types import ModuleType
from typing import Any

from xueji_desktop.core.errors import PackageUnreadable, RecordInvalid
from xueji_desktop.services import (
    audit_access,
    audit_access_export,
    destruction,
    integrity_output,
    integrity_report,
    retention_backups,
    retention_blobs,
    retention_register,
    retention_rules,
    statistics,
    statistics_dashboard,
    statistics_export,
    statistics_grades,
    statistics_print,
    statistics_returns,
    transfer_checks,
    transfer_export,
    transfer_import,
    transfer_keys,
    transfer_register,
    transfer_sections,
    work_stats,
)
from xueji_desktop.services.context import Session
from xueji_desktop.storage.kdf import FAST_FOR_TESTS

Invoke = Callable[[Session, Any], Any]

ALL = frozenset({"owner", "admin", "clerk", "viewer"})
ADMINS = frozenset({"owner", "admin"})
CLERKS = frozenset({"owner", "clerk"})
EXPORTERS = frozenset({"owner", "admin", "clerk"})
TODAY = datetime.date(2026, 11, 6)
DAY = datetime.date(2040, 1, 1)  # far enough ahead for a one-year rule to be due

MODULES9: tuple[ModuleType, ...] = (
    statistics_dashboard,
    statistics_grades,
    statistics_returns,
    statistics_export,
    statistics_print,
    work_stats,
    audit_access_export,
    integrity_report,
    integrity_output,
    destruction,
    retention_rules,
    retention_register,
    retention_backups,
    retention_blobs,
    transfer_export,
    transfer_import,
    transfer_keys,
    transfer_checks,
    transfer_sections,
    transfer_register,
)

_EMPTY_REPORT = audit_access.AccessReport(
    datetime.date(2000, 1, 1), datetime.date(2000, 1, 1), (), {}, {}, {}
)

_EMPTY_4P = integrity_report.IntegrityReport("2026-11-26T00:00:00.000000Z", "school", "archive", ())


def _due_scan(s: Session, c: Any) -> int:
    """A scan of type 'other' added in 2020 under a one-year rule: due long before DAY."""
    with s.archive.db.atomic() as conn:
        conn.execute("INSERT OR REPLACE INTO retention_rules VALUES ('other', 1, 'added', '', '')")
        conn.execute(
            "INSERT OR IGNORE INTO blobs VALUES (?, ?, 9, 'application/pdf', '')",
            ("ab" * 32, "cd" * 32),
        )
        cur = conn.execute(
            "INSERT INTO attachments (student_id, doc_type, blob_name, sha256, media_type, size,"
            " added_at, added_by) VALUES (?, 'other', ?, ?, 'application/pdf', 9,"
            " '2020-01-01T00:00:00.000000Z', 'x')",
            (c.student_id, "ab" * 32, "cd" * 32),
        )
        return int(cur.lastrowid)


def _entry(s: Session, c: Any, status: str) -> str:
    """A destruction register entry written straight into the table (proposed or decided)."""
    aid = _due_scan(s, c)
    serial = f"XH-2039-{aid:04d}"
    decided = None if status == "proposed" else "2039-01-02T00:00:00.000000Z"
    with s.archive.db.atomic() as conn:
        conn.execute(
            "INSERT INTO destruction_register (serial, attachment_id, student_id, doc_type,"
            " media_type, size, sha256, added_at, rule_years, rule_counted_from, due_on,"
            " proposed_at, proposed_by, status, decided_at, decided_by) VALUES (?, ?, ?, 'other',"
            " 'application/pdf', 9, ?, '2020-01-01', 1, 'added', '2021-01-02', '2039-01-01', 'x',"
            " ?, ?, ?)",
            (serial, aid, c.student_id, "cd" * 32, status, decided, "x" if decided else None),
        )
    return serial


def _past_the_transfer_check(call: Callable[[], Any]) -> Any:
    """The role check comes first; there is no package in the one-student archive, and its
    one student is still at school (a handover package is refused for such a student)."""
    try:
        return call()
    except (PackageUnreadable, RecordInvalid):
        return None


def _status_table(s: Session) -> Any:
    return [statistics.counts(s, by="status")]


MATRIX9: dict[str, tuple[Invoke, frozenset[str]]] = {
    # statistics (S1): numbers about students are READ_RECORDS; work per user is the admin's
    "dashboard": (lambda s, c: statistics_dashboard.dashboard(s, as_of=TODAY), ALL),
    "health_counts": (lambda s, c: statistics_dashboard.health_counts(s, today=TODAY), ALL),
    "grade_distribution": (
        lambda s, c: statistics_grades.grade_distribution(s, by="course", term_id=None),
        ALL,
    ),
    "education_returns": (
        lambda s, c: statistics_returns.education_returns(s, school_year=2026, as_of=TODAY),
        ALL,
    ),
    "work_statistics": (
        lambda s, c: work_stats.work_statistics(s, since=datetime.date(2026, 1, 1), until=TODAY),
        ADMINS,
    ),
    "work_log": (lambda s, c: work_stats.work_log(s, day=TODAY), ALL),
    # statistics outputs (S2)
    "export_tables": (
        lambda s, c: statistics_export.export_tables(
            s, _status_table(s), c.root.parent / f"stats-{c.user}.xlsx"
        ),
        EXPORTERS,
    ),
    "print_tables": (
        lambda s, c: statistics_print.print_tables(
            s, _status_table(s), c.root.parent / f"stats-{c.user}.pdf"
        ),
        EXPORTERS,
    ),
    "print_work_log": (
        lambda s, c: statistics_print.print_work_log(
            s, work_stats.WorkLog(s.username, TODAY, "", ()), c.root.parent / f"log-{c.user}.pdf"
        ),
        ALL,
    ),
    # audit viewer exports (A)
    "export_access_report": (
        lambda s, c: audit_access_export.export_access_report(
            s, _EMPTY_REPORT, c.root.parent / f"access-{c.user}.xlsx", overwrite=True
        ),
        ADMINS,
    ),
    "print_access_report": (
        lambda s, c: audit_access_export.print_access_report(
            s, _EMPTY_REPORT, c.root.parent / f"access-{c.user}.pdf", overwrite=True
        ),
        ADMINS,
    ),
    "student_labels": (
        lambda s, c: audit_access_export.student_labels(s, [c.student_id]),
        ADMINS,
    ),
    # 四性检测 (F): admins and clerks (CHECK_ARCHIVE)
    "four_properties": (
        lambda s, c: integrity_report.four_properties(s, today=TODAY),
        EXPORTERS,
    ),
    "print_four_properties": (
        lambda s, c: integrity_output.print_four_properties(
            s, _EMPTY_4P, c.root.parent / f"{c.user}-4p.pdf"
        ),
        EXPORTERS,
    ),
    "export_four_properties": (
        lambda s, c: integrity_output.export_four_properties(
            s, _EMPTY_4P, c.root.parent / f"{c.user}-4p.xlsx"
        ),
        EXPORTERS,
    ),
    # transfer packages (T1)
    "export_package": (
        lambda s, c: _past_the_transfer_check(
            lambda: transfer_export.export_package(
                s,
                [c.student_id],
                reason="handover",
                receiver="区档案馆",
                passphrase="matrix-passphrase-1",
                out=c.root.parent / f"pkg-{c.user}.xjpkg",
                today=TODAY,
                overwrite=True,
                kdf=FAST_FOR_TESTS,
            )
        ),
        EXPORTERS,
    ),
    "signer_fingerprint": (lambda s, c: transfer_keys.signer_fingerprint(s), ALL),
    "read_package": (
        lambda s, c: _past_the_transfer_check(
            lambda: transfer_import.read_package(s, c.root.parent / "none.xjpkg", "x" * 12)
        ),
        CLERKS,
    ),
    "import_package": (
        lambda s, c: _past_the_transfer_check(
            lambda: transfer_import.import_package(
                s, c.root.parent / "none.xjpkg", "x" * 12, class_group_id=None, today=TODAY
            )
        ),
        CLERKS,
    ),
    "list_packages": (lambda s, c: transfer_import.list_packages(s), ALL),
    "transferred_records": (
        lambda s, c: transfer_import.transferred_records(s, c.student_id),
        ALL,
    ),
    # retention (R)
    "get_rules": (lambda s, c: retention_rules.get_rules(s), ALL),
    "set_rule": (
        lambda s, c: retention_rules.set_rule(s, "id_copy", years=3, counted_from="added"),
        ADMINS,
    ),
    "review_list": (lambda s, c: destruction.review_list(s, as_of=DAY), ALL),
    "propose": (
        lambda s, c: destruction.propose(s, [_due_scan(s, c)], reason="保管期满", today=DAY),
        CLERKS,
    ),
    "decide": (
        lambda s, c: destruction.decide(
            s, [_entry(s, c, "proposed")], approve=False, admin_password=c.password, today=DAY
        ),
        ADMINS,
    ),
    "finish_removals": (lambda s, c: destruction.finish_removals(s), ADMINS),
    "backups_holding": (
        lambda s, c: retention_backups.backups_holding(s, ["XH-2039-0001"], today=DAY),
        ADMINS,
    ),
    "register": (lambda s, c: retention_register.register(s, year=2039), ALL),
    "print_register": (
        lambda s, c: (
            _entry(s, c, "destroyed")
            and retention_register.print_register(
                s, c.root.parent / f"r-{c.user}.pdf", year=2039, today=DAY
            )
        ),
        EXPORTERS,
    ),
    "export_register": (
        lambda s, c: (
            _entry(s, c, "destroyed")
            and retention_register.export_register(s, c.root.parent / f"r-{c.user}.xlsx", year=2039)
        ),
        EXPORTERS,
    ),
}

EXEMPT9: dict[str, str] = {
    "absent_blobs": "pure over a connection: blobs destroyed on purpose",
    "blob_file_names": "pure: the file names of a blob store folder",
    "has_destruction": "pure over a connection: whether the schema has the destruction tables",
    "leftover_files": "pure: blob files left by an interrupted destruction",
    "remove_files": "called after a commit by decide/finish_removals, which check the role",
    "period_end": "pure: the end of a retention period",
    "due_on": "pure: the day a scan becomes due",
    "rules_by_type": "pure: rules keyed by document type",
    "expiries": "pure: the backup retention policy simulated forward",
    "held_from_json": "pure: the register's backups column parsed",
    "name_and_number": "pure: a student's label",
    "still_used_after": "pure: which proposals' content something live still uses",
    "make_item": "pure: builds a 四性检测 item from texts and evidence",
    "result_text": "pure: the word for a result",
    "worst": "pure: the worst of some results",
    "local_time": "pure: formats a time stamp",
    "printed_report": "pure: a report's texts for the PDF",
    "workbook": "pure: a report's .xlsx bytes",
    "signing_key": "pure: the archive's signing key from its key bundle",
    "public_key_bytes": "pure: a key's public half",
    "fingerprint": "pure: a public key's fingerprint",
    "suggest_passphrase": "pure: a random package passphrase",
    "check_passphrase": "pure: checks a passphrase's length",
    "open_package": "called by read_package/import_package after their role check",
    "loaded_member": "called by import_package after its role check",
    "student_values": "called by read_package/import_package after their role check",
    "student_problems": "called by read_package/import_package after their role check",
    "key_state": "a read over a connection for read_package/import_package after their check",
    "same_fingerprint": "pure: compares two fingerprints",
    "store_sections": "a write over a connection inside import_package's transaction",
    "earlier_packages": "a read over a connection for export_package after its role check",
    "local_minute": "pure: formats a time stamp",
    "record_sections": "a read over a connection for export_package, after its role check",
    "student_row": "a read over a connection for export_package, after its role check",
}
