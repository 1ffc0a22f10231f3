"""Worker-side calls of the printed-documents screens: one small function per user action.

Everything here runs on the session worker (ui/worker.py), never on the GUI thread, and touches
no widget. ``progress`` callbacks passed in are called on the worker thread; the dialogs turn
them into queued signals.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from xueji_desktop.printing.model import Letterhead
from xueji_desktop.services import document_settings, documents
from xueji_desktop.services.context import Session

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def issue(
    session: Session, request: documents.PrintRequest, progress: Progress, cancelled: Cancelled
) -> documents.Issued:
    return documents.issue(session, request, progress=progress, cancelled=cancelled)


def issue_to_folder(
    session: Session,
    request: documents.PrintRequest,
    folder: Path,
    pattern: str,
    progress: Progress,
    cancelled: Cancelled,
    overwrite: bool = False,
) -> list[Path]:
    return documents.issue_to_files(
        session,
        request,
        folder,
        split=True,
        pattern=pattern,
        overwrite=overwrite,
        progress=progress,
        cancelled=cancelled,
    )


def save_pdf(session: Session, pdf: bytes, path: Path, serials: Sequence[str]) -> Path:
    # The file dialog has already asked whether to replace an existing file.
    return documents.save_pdf(session, pdf, path, serials, overwrite=True)


def record_printed(session: Session, serials: Sequence[str], printer: str, copies: int) -> None:
    documents.record_printed(session, serials, printer, copies)


def void_documents(session: Session, serials: Sequence[str], reason: str) -> None:
    documents.void_documents(session, serials, reason)


def register_entries(
    session: Session, student_id: int | None, kind: str | None
) -> list[documents.RegisterEntry]:
    return documents.register_entries(session, student_id=student_id, kind=kind)


def verify(session: Session, text: str) -> documents.Verification:
    return documents.verify(session, text)


def applicable_kinds(session: Session, student_ids: Sequence[int]) -> list[str]:
    return documents.applicable_kinds(session, student_ids)


def templates(session: Session, kind: str) -> list[document_settings.TemplateInfo]:
    return document_settings.templates(session, kind)


def offset_for(session: Session, printer: str) -> tuple[float, float]:
    return document_settings.print_offset(session, printer)


def set_offset(session: Session, printer: str, dx_mm: float, dy_mm: float) -> None:
    document_settings.set_print_offset(session, printer, dx_mm, dy_mm)


@dataclass(frozen=True)
class PrintSettings:
    """What the print-settings section shows when it opens."""

    letterhead: Letterhead
    summary: tuple[str, ...]
    templates: Mapping[str, list[document_settings.TemplateInfo]]


def print_settings(session: Session, kinds: Sequence[str]) -> PrintSettings:
    return PrintSettings(
        letterhead=document_settings.letterhead(session),
        summary=tuple(document_settings.transcript_summary(session)),
        templates={kind: document_settings.templates(session, kind) for kind in kinds},
    )


def set_logo_from_file(session: Session, path: Path) -> bytes:
    """Read the chosen image here (not on the GUI thread) and store it; returns the bytes shown."""
    with path.open("rb") as fh:
        data = fh.read(document_settings.MAX_LOGO_BYTES + 1)  # the service refuses more
    document_settings.set_logo(session, data)
    return data


def clear_logo(session: Session) -> None:
    document_settings.set_logo(session, None)


def choose_template(session: Session, kind: str, name: str) -> None:
    document_settings.choose_template(session, kind, name)


def import_template(session: Session, path: Path) -> document_settings.TemplateInfo:
    text = path.read_text(encoding="utf-8")
    return document_settings.import_template(session, text)


def set_summary(session: Session, items: Sequence[str]) -> None:
    document_settings.set_transcript_summary(session, tuple(items))
