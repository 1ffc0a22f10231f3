"""The service calls behind the students page and the record view.

They run on the session's worker thread (ui/worker.py), never on the GUI thread, and touch no
widget: one small function per user action.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xueji_desktop.services import (
    attachments,
    conduct,
    discipline,
    file_locate,
    paper_files,
    structure,
    student_list,
    student_reads,
    transcripts,
)
from xueji_desktop.services.context import Session
from xueji_desktop.services.file_locate import Whereabouts
from xueji_desktop.services.paper_files import PaperFile
from xueji_desktop.services.student_list import ListPage, ListQuery


@dataclass(frozen=True)
class FilterChoices:
    classes: list[tuple[int, str]]  # (id, name), newest intake first
    majors: list[tuple[str, str]]  # (code, name)
    intake_years: list[int]  # newest first


@dataclass(frozen=True)
class AttachmentsTab:
    checklist: list[attachments.ChecklistItem]
    files: list[attachments.Attachment]
    paper: PaperFile | None = None  # the paper file's place and papers (纸质档案)
    where: Whereabouts | None = None  # where the paper file is now


@dataclass(frozen=True)
class ConductTab:
    evaluations: list[conduct.ConductEvaluation]
    attendance: list[conduct.Attendance]


def load_page(session: Session, query: ListQuery) -> ListPage:
    return student_list.list_page(session, query)


def filter_choices(session: Session) -> FilterChoices:
    classes = structure.list_class_groups(session)
    majors = structure.list_majors(session)
    years = sorted({c.intake_year for c in classes}, reverse=True)
    return FilterChoices(
        [(c.id, c.name) for c in classes], [(m.code, m.name or m.code) for m in majors], years
    )


def open_record(session: Session, student_id: int) -> dict[str, Any]:
    """The whole record (header and 基本信息 in one read; audited once per record and login)."""
    return student_reads.get_student(session, student_id)


def load_grades(session: Session, student_id: int) -> list[transcripts.GradeRow]:
    return transcripts.grades_for_student(session, student_id)


def load_discipline(session: Session, student_id: int) -> list[discipline.RewardPunishment]:
    return discipline.list_rewards_punishments(session, student_id)


def load_conduct(session: Session, student_id: int) -> ConductTab:
    return ConductTab(
        conduct.conduct_for_student(session, student_id),
        conduct.attendance_for_student(session, student_id),
    )


def load_attachments(session: Session, student_id: int) -> AttachmentsTab:
    """The scans and the paper file: 附件 shows both, so the clerk sees which papers are only
    in the folder, only scanned, or both. ``whereabouts`` is audited (file_located) like 查找档案:
    the tab says where the file is."""
    return AttachmentsTab(
        attachments.document_checklist(session, student_id),
        attachments.list_attachments(session, student_id),
        paper_files.get_paper_file(session, student_id),
        file_locate.whereabouts(session, student_id),
    )


def load_history(session: Session, student_id: int) -> list[student_reads.HistoryEntry]:
    return student_reads.field_history(session, student_id)


def read_scan(session: Session, attachment_id: int) -> tuple[str, bytes]:
    """(media type, bytes) of one scan; the read is audited by the service."""
    att = attachments.get_attachment(session, attachment_id)
    return att.media_type, attachments.read_attachment(session, attachment_id)


def add_scan(session: Session, student_id: int, doc_type: str, path: Path) -> int:
    """Read a scan from a file (here, on the worker) and store it with the record."""
    # The service reads the file (size limit, unreadable or empty files refused in plain words);
    # an unknown kind is refused there too.
    media = attachments.sniff_file(path) or "application/octet-stream"
    return attachments.attach(session, student_id, doc_type, path, media, path.name[:200])
