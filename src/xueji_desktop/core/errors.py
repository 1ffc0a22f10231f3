"""Domain error types for Xueji Desktop.

Every error carries a snake-case machine ``code`` (class attribute) and a ``fields`` dict with
the keyword arguments it was raised with. Messages and fields must never contain raw personal
identifiers such as ID numbers: pass masked values only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from xueji_desktop.core.problems import Problem


class XuejiError(Exception):
    """Base class of all domain errors."""

    code: ClassVar[str] = "xueji_error"

    def __init__(self, **fields: object) -> None:
        self.fields: dict[str, object] = fields
        super().__init__(f"{self.code}: {fields}")


class ValidationError(XuejiError):
    """A value failed a domain validation rule."""

    code: ClassVar[str] = "validation"


class InvalidIdNumber(XuejiError):
    """A resident ID number (GB 11643-1999) is invalid.

    ``reason`` is one of "length", "chars", "check", "birth_date", "region" (no region code of
    any period) or "region_abolished" (the region code was abolished before the birth year).
    Only the reason and a *masked* form of the value are stored; the raw value is never kept.
    """

    code: ClassVar[str] = "invalid_id_number"

    def __init__(self, *, reason: str, value: str | None = None) -> None:
        # Imported here to avoid a module-level import cycle (id_number imports this module).
        from xueji_desktop.core.id_number import mask_id_number

        self.reason: str = reason
        if value is None:
            super().__init__(reason=reason)
        else:
            super().__init__(reason=reason, masked_value=mask_id_number(value))


# --- archive folder and database -----------------------------------------------------------


class ArchiveNotFound(XuejiError):
    code: ClassVar[str] = "archive_not_found"


class ArchiveExists(XuejiError):
    code: ClassVar[str] = "archive_exists"


class FolderNotEmpty(XuejiError):
    """``init`` into a folder that already holds other files."""

    code: ClassVar[str] = "folder_not_empty"


class DeliveryFailed(XuejiError):
    """A new recovery code could not be shown or printed; nothing was changed."""

    code: ClassVar[str] = "delivery_failed"


class ArchiveDamaged(XuejiError):
    """The key is known to be right (the key slot authenticated) but the database does not open."""

    code: ClassVar[str] = "archive_damaged"


class KeyFileDamaged(XuejiError):
    code: ClassVar[str] = "key_file_damaged"


class ArchiveTooNew(XuejiError):
    """The archive was written by a newer version of the program (docs/design/upgrades.md);
    nothing was changed. Without ``reason``: its database schema ``archive_schema`` is newer
    than this program's ``app_schema``. ``reason`` "archive_file": archive.json's
    ``found_version`` against this program's ``supported_version``."""

    code: ClassVar[str] = "archive_too_new"


class ArchiveBusy(XuejiError):
    code: ClassVar[str] = "archive_busy"


class ArchiveLocked(XuejiError):
    """The session was locked (idle or on demand); every data path is refused until unlock."""

    code: ClassVar[str] = "session_locked"


# --- keys, binding, authentication ---------------------------------------------------------


class WrongCredentials(XuejiError):
    """Unknown user or wrong password: deliberately one error, so a message reveals neither."""

    code: ClassVar[str] = "wrong_credentials"


class LoginThrottled(XuejiError):
    code: ClassVar[str] = "login_throttled"


class AccountLocked(XuejiError):
    code: ClassVar[str] = "account_locked"


class AccountDisabled(XuejiError):
    code: ClassVar[str] = "account_disabled"


class BindingLost(XuejiError):
    """A workstation-bound archive whose keyring entry is gone (or sealed on another machine)."""

    code: ClassVar[str] = "binding_lost"


class WrongRecoveryCode(XuejiError):
    code: ClassVar[str] = "wrong_recovery_code"


class MalformedRecoveryCode(XuejiError):
    code: ClassVar[str] = "malformed_recovery_code"


class StaleKeySlot(XuejiError):
    """A key slot opened but the archive says it was replaced (password changed, code rotated)."""

    code: ClassVar[str] = "stale_key_slot"


class PasswordRejected(XuejiError):
    code: ClassVar[str] = "password_rejected"


class PermissionDenied(XuejiError):
    code: ClassVar[str] = "permission_denied"


class UserExists(XuejiError):
    code: ClassVar[str] = "user_exists"


class UserNotFound(XuejiError):
    code: ClassVar[str] = "user_not_found"


class LastAdmin(XuejiError):
    code: ClassVar[str] = "last_admin"


class NotFound(XuejiError):
    """``kind`` names what was looked for ("student", "class_group", "term", "course", "grade",
    "status_change", "attachment", "major"); ``id`` is the id or the text that found nothing."""

    code: ClassVar[str] = "not_found"


class InputFileError(XuejiError):
    """A file given to a command (``--from-json FILE``) that cannot be used; nothing was read
    into the archive.

    ``reason`` is one of "missing" (no such file), "unreadable" (a folder, no permission, a
    device), "too_big" (over ``limit`` bytes), "not_utf8", "not_json" (not valid JSON, e.g. cut
    off half-way) or "not_object" (valid JSON, but not one record ``{...}``); ``path`` is the
    file as given.
    """

    code: ClassVar[str] = "input_file"

    def __init__(self, *, reason: str, path: str, **fields: object) -> None:
        self.reason: str = reason
        super().__init__(reason=reason, path=path, **fields)


# --- records ---------------------------------------------------------------------------------


class RecordInvalid(XuejiError):
    """A record (or one of its parts) was refused; ``problems`` lists every error and warning.

    Nothing was written. ``fields`` carries only the count, so the problems' own messages (see
    ``xueji_desktop.problem_text``) are what a clerk reads.
    """

    code: ClassVar[str] = "record_invalid"

    def __init__(self, problems: Sequence[Problem], *, reason: str = "") -> None:
        self.problems: list[Problem] = list(problems)
        if reason:  # "confirm": the draft stays saved, it only cannot be confirmed yet
            super().__init__(count=len(problems), reason=reason)
        else:
            super().__init__(count=len(problems))


class IllegalTransition(XuejiError):
    """A 学籍异动 that the student's current state does not allow.

    ``kind`` is the event kind (or "confirmation", "report_status", "report_<status>",
    "number_correction"), ``status`` the current 学籍状态 or 上报状态, ``reason`` why: a rule
    code from core/lifecycle.py ("unknown_kind", "unknown_status", "no_record", "not_enrolled",
    "not_on_leave", "already_left", "already_enrolled", "cannot_reactivate", "not_completed"),
    core/lifecycle_checks.py ("needs_one_year", "failed_courses" with ``count``,
    "outside_window" with ``window_start``/``window_end``, "unknown_report_status",
    "report_status_order" with ``target``) or the services ("draft_record", "voided_record",
    "already_revoked", "not_latest", "not_editable", "revoked", "already_confirmed",
    "not_assigned"). Every reason has a sentence in messages.py.
    """

    code: ClassVar[str] = "illegal_transition"


class NumberFixed(XuejiError):
    """学号 or 学籍号 (``field``: "student_no" / "registry_no") cannot be edited in place; an
    admin corrects it with a reason."""

    code: ClassVar[str] = "number_fixed"


class RecordVoided(XuejiError):
    """The record was voided (作废); it can be read but not changed. Raised with ``kind`` and
    ``id`` (a student, an attachment, an affairs row) or with ``student_id``."""

    code: ClassVar[str] = "record_voided"


class RecordLocked(XuejiError):
    """A graduate's record (or one past the state that allows the change); ``reason`` says which
    ("left": the student has left, only an admin may correct it, with a reason)."""

    code: ClassVar[str] = "record_locked"


class ReasonRequired(XuejiError):
    """A correction, void, revocation or number correction without a reason; ``action`` (when
    given) is "correction", "void", "return", "number_correction", "revoke_change" or
    "return_change"."""

    code: ClassVar[str] = "reason_required"


class DuplicateRecord(XuejiError):
    """The same ID number, 学号, 学籍号 or diploma number is already on a (non-voided) record
    (``field``: "id_number", "student_no", "registry_no", "diploma_no", or "" when the database
    did not say), or the same structure entry exists (``kind``: "major", "term", "course",
    "class_group", "financial_aid", with ``code`` or ``name``)."""

    code: ClassVar[str] = "duplicate_record"


class NotEligible(XuejiError):
    """Graduation refused: ``missing`` lists what the student lacks (Problems)."""

    code: ClassVar[str] = "not_eligible"


# --- printed documents (issue 5) ----------------------------------------------------------------


class UnprintableText(XuejiError):
    """Characters the bundled fonts cannot draw (a rare character in a name, e.g. U+20000).

    ``chars`` holds the characters (no more than a handful), ``subject`` says where: a student's
    学号 or the document kind, never an ID number. Raised before anything is drawn or registered.
    """

    code: ClassVar[str] = "unprintable_text"


class TemplateInvalid(XuejiError):
    """A document template (data, resources/templates or imported) cannot be used.

    ``name`` is the template's name or file, ``detail`` a short English note for the log and
    the developer ("unknown block type 'foo'", "not JSON", …).
    """

    code: ClassVar[str] = "template_invalid"


class DocumentNotApplicable(XuejiError):
    """This document kind cannot be made for this subject: ``kind`` (document kind), ``reason``
    one of "not_graduated" (毕业证明书 for a student who did not graduate), "not_incomplete"
    (肄业证明 for a student who is not 肄业), "not_enrolled" (在读证明 for a student who has
    left), "no_students" (an empty class or selection), "wrong_event" (a form for another kind of
    学籍异动), "no_event" (the student has no such 学籍异动), "voided" (a voided record)."""

    code: ClassVar[str] = "document_not_applicable"


class OutputFileError(XuejiError):
    """A PDF could not be written to ``path``: ``reason`` one of "no_folder", "not_writable",
    "disk_full", "exists" (a file of that name exists and overwriting was not asked for),
    "bad_pattern" (a file-name pattern that makes an empty, duplicate or unsafe name)."""

    code: ClassVar[str] = "output_file_error"


class OperationCancelled(XuejiError):
    """Long work stopped because the user asked; nothing of it was kept."""

    code: ClassVar[str] = "operation_cancelled"


# --- spreadsheets (issue 6) ---------------------------------------------------------------------


class SheetUnreadable(XuejiError):
    """A file given as a spreadsheet that cannot be read; nothing was read into the archive.

    ``reason``: "missing", "unreadable" (a folder, no permission), "too_big" (over ``limit_mb``),
    "not_spreadsheet" (a CSV or text file renamed, a picture, a Word file …), "password_protected",
    "damaged" (cut off or corrupt), "no_sheet" (the named sheet is not in the workbook), "empty"
    (no row with a value), "too_many_rows" (over ``limit`` rows). ``path`` is the file as given.
    """

    code: ClassVar[str] = "sheet_unreadable"


class ImportHasErrors(XuejiError):
    """An import was asked to write every row, but ``count`` rows are wrong (or duplicates):
    nothing was written. The clerk fixes the file (see the error copy) or imports only the
    valid rows."""

    code: ClassVar[str] = "import_has_errors"


class ImportOutdated(XuejiError):
    """The archive changed between the preview (dry run) and the import, so what the clerk saw
    is no longer what would be written; nothing was written. Check the file again."""

    code: ClassVar[str] = "import_outdated"


class ImportColumnsMissing(XuejiError):
    """The sheet lacks the columns an import cannot do without (``columns``: their names,
    joined by 、), e.g. neither 身份证件号 nor 学号 to find the student by."""

    code: ClassVar[str] = "import_columns_missing"


class NothingToImport(XuejiError):
    """The sheet has no row that could be imported (``reason``: "no_rows", "no_valid_rows")."""

    code: ClassVar[str] = "nothing_to_import"


class PhotoSourceUnreadable(XuejiError):
    """A folder or zip of photos cannot be read (``reason``: "missing", "unreadable",
    "not_zip", "too_big", "no_images"); ``path`` as given. Nothing was imported."""

    code: ClassVar[str] = "photo_source_unreadable"


class NothingToExport(XuejiError):
    """An export found no rows to write (``what``: the export's name); no file was written."""

    code: ClassVar[str] = "nothing_to_export"


# --- backups (issue 7) ----------------------------------------------------------------------------


class DriveNotEnrolled(XuejiError):
    """A drive that is not an enrolled backup drive of this archive; nothing was written to it.

    ``reason``: "not_enrolled" (no identity file), "other_archive" (enrolled for another
    archive), "unknown" (an identity for this archive that this archive never enrolled, or
    whose seal does not hold), "damaged" (the identity file cannot be read). ``path`` as given.
    """

    code: ClassVar[str] = "drive_not_enrolled"


class DriveUnavailable(XuejiError):
    """The backup drive cannot be used: ``reason`` "missing" (not plugged in / no such folder),
    "not_folder", "not_writable", "none_plugged" (no enrolled drive is plugged in),
    "none_enrolled" (no drive is enrolled at all), "inside_archive" (``path`` is the archive
    folder, inside it, or holds the archive inside its XuejiBackup folder: a copy in the same
    place is no backup), "io" (the drive stopped answering, e.g. pulled out; ``detail``: the
    system's words). Earlier backups on it are untouched."""

    code: ClassVar[str] = "drive_unavailable"


class DriveFull(XuejiError):
    """Not enough room on the backup drive: ``reason`` "no_space" (``needed_mb``, ``free_mb``)
    or "file_too_large" (a file of ``size_mb`` MB is over FAT32's 4 GB limit, ``fs``
    "FAT32": seen before writing, or as the system's "file too large" on a FAT drive) or
    "file_limit" (the system's "file too large" elsewhere: a quota or process limit,
    ``size_mb``). Nothing was kept of the attempt; earlier backups are untouched."""

    code: ClassVar[str] = "drive_full"


class BackupBusy(XuejiError):
    """Another backup, check or restore is using this drive right now."""

    code: ClassVar[str] = "backup_busy"


class BackupCorrupt(XuejiError):
    """A backup failed verification (``reason``: "manifest_missing", "manifest_unreadable",
    "manifest_seal", "wrong_archive", "file_missing", "size", "hash", "not_verified",
    "integrity", "content_hash", "audit_chain"; ``file``: which file, when one). It is never
    restored from; the drive may be going bad."""

    code: ClassVar[str] = "backup_corrupt"


class BackupTooNew(XuejiError):
    """A backup or backup drive written by a newer version of the program; it is not damaged and
    was not changed. ``reason`` "manifest" (a backup's manifest: ``found_version`` against
    ``supported_version``, ``made_with`` the program version that made it), "format" (the same,
    the maker's version unknown) or "drive" (the drive's identity file)."""

    code: ClassVar[str] = "backup_too_new"


class NoBackup(XuejiError):
    """No usable backup: ``reason`` "none" (the drive holds no verified backup of this archive)
    or "not_found" (the backup named does not exist on the drive, ``name``)."""

    code: ClassVar[str] = "no_backup"


# --- paper files (issue 8) ----------------------------------------------------------------------


class PaperFileUnavailable(XuejiError):
    """The paper file is not where the register step needs it: ``reason`` one of "on_loan" (lent
    out: it cannot be lent again or dispatched), "not_on_loan" (nothing to return),
    "dispatched" (already sent on), "not_dispatched" (no dispatch to record a receipt for),
    "receipt_recorded" (the receipt is already in), "in_school" (the student has not left, so
    the file is not dispatched), "kept" (the school keeps this file), "voided" (the dispatch was
    voided); ``student`` names the student (name and 学号, never the ID number)."""

    code: ClassVar[str] = "paper_file_unavailable"


class IdCardReaderError(XuejiError):
    """The ID-card reader could not be used: ``reason`` one of "no_reader" (no adapter on this
    system or no device found), "no_card" (no card on the reader), "read_failed" (the card could
    not be read: move it and try again), "driver" (the vendor's library failed to load, ``detail``
    its plain message)."""

    code: ClassVar[str] = "id_card_reader"


# --- oversight and sharing (issue 9) ------------------------------------------------------------


class PackageUnreadable(XuejiError):
    """A student record package (转出/档案移交) cannot be used: ``reason`` one of "not_a_package"
    (not a Xueji package file at all), "unsupported_version" (made by a newer version:
    ``found_version`` against ``supported_version``),
    "truncated" (cut short: half copied or half written), "too_large" (over the size this
    version reads), "tampered" (a byte of the package was changed after it was made: the
    encryption, a file's hash or the signature does not match), "same_archive" (the package
    was made by this very archive), "io" (the file could not be read, ``detail`` the system's
    words). Nothing was added to the archive."""

    code: ClassVar[str] = "package_unreadable"


class WrongPassphrase(XuejiError):
    """The passphrase given for a student record package does not open it (the sending school
    gave it to the receiver separately). Nothing was added to the archive."""

    code: ClassVar[str] = "wrong_passphrase"


class PackageAlreadyImported(XuejiError):
    """This student record package (``package_id``) was already taken in on ``recorded_at``;
    importing it twice would make the students twice."""

    code: ClassVar[str] = "package_already_imported"


class DestructionRefused(XuejiError):
    """A scan cannot be destroyed under the retention rules: ``reason`` one of "permanent" (its
    type is kept permanently), "not_due" (its period ends on ``due_on``), "not_proposed" (it
    was not proposed for destruction), "decided" (the proposal was already destroyed or
    rejected), "in_school" (the student has not left and the period counts from leaving),
    "voided_student" (the record was voided: its scans stay as evidence); ``serial`` or
    ``attachment_id`` names the entry."""

    code: ClassVar[str] = "destruction_refused"


class AttachmentDestroyed(XuejiError):
    """The scan was destroyed under the retention rules (销毁清册 entry ``serial``, on
    ``destroyed_at``): its content is gone from the archive; the register says what it was."""

    code: ClassVar[str] = "attachment_destroyed"
