"""Worker-side calls of the student record package dialogs (转出 / 档案移交 / 转入).

Everything here runs on the session worker, never on the GUI thread, and touches no widget. The
services (services/transfer_export.py, transfer_import.py, transfer_keys.py) check the role,
verify the package and audit; these wrappers only gather what one screen shows in one call.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from xueji_desktop.services import structure, transfer_export, transfer_import, transfer_keys
from xueji_desktop.services.context import Session
from xueji_desktop.services.structure import ClassGroup

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class ExportStart:
    """What the export dialog shows when it opens."""

    passphrase: str  # a suggestion; the clerk gives it to the receiver separately
    fingerprint: str  # this archive's signing key, for the clerk to tell the receiver


def export_start(session: Session) -> ExportStart:
    return ExportStart(
        transfer_keys.suggest_passphrase(), transfer_keys.signer_fingerprint(session)
    )


def suggest_passphrase() -> str:
    return transfer_keys.suggest_passphrase()


def classes(session: Session) -> list[ClassGroup]:
    return structure.list_class_groups(session)


def export_package(
    session: Session,
    student_ids: Sequence[int],
    *,
    reason: str,
    receiver: str,
    passphrase: str,
    out: Path,
    today: datetime.date,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> transfer_export.ExportedPackage:
    return transfer_export.export_package(
        session,
        list(student_ids),
        reason=reason,
        receiver=receiver,
        passphrase=passphrase,
        out=out,
        today=today,
        overwrite=True,  # the file dialog has asked whether to replace an existing file
        progress=progress,
        cancelled=cancelled,
    )


@dataclass(frozen=True)
class ImportStart:
    preview: transfer_import.PackagePreview
    classes: list[ClassGroup]  # where a 转出 student may be placed


def read_package(
    session: Session,
    path: Path,
    passphrase: str,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportStart:
    preview = transfer_import.read_package(
        session, path, passphrase, progress=progress, cancelled=cancelled
    )
    return ImportStart(preview, structure.list_class_groups(session))


def import_package(
    session: Session,
    path: Path,
    passphrase: str,
    *,
    class_group_id: int | None,
    today: datetime.date,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> transfer_import.ImportResult:
    return transfer_import.import_package(
        session,
        path,
        passphrase,
        class_group_id=class_group_id,
        today=today,
        progress=progress,
        cancelled=cancelled,
    )


def transferred_records(session: Session, student_id: int) -> list[object]:
    return list(transfer_import.transferred_records(session, student_id))
