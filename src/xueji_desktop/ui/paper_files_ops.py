"""Worker-side calls of the 纸质档案 page: one small function per user action.

Everything here runs on the session worker (ui/worker.py), never on the GUI thread, and touches
no widget. The services validate, enforce roles and audit; these wrappers only gather what one
screen shows in one call.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from xueji_desktop.services import (
    calendar_settings,
    documents,
    file_dispatch,
    file_dispatch_read,
    file_loans,
    paper_files,
    search,
    structure,
)
from xueji_desktop.services.context import Session
from xueji_desktop.services.file_dispatch import Dispatch, DispatchOrder
from xueji_desktop.services.file_dispatch_read import DueRow
from xueji_desktop.services.file_loans import Loan
from xueji_desktop.services.paper_files import (
    Intake,
    IntakeItem,
    Location,
    PaperFile,
    ShelfEntry,
    Whereabouts,
)
from xueji_desktop.services.search import SearchHit
from xueji_desktop.services.structure import ClassGroup
from xueji_desktop.storage.files import atomic_write

# -- 查找档案 -------------------------------------------------------------------------------------


def locate(session: Session, text: str) -> list[Whereabouts]:
    return paper_files.locate(session, text)


def whereabouts(session: Session, student_id: int) -> Whereabouts:
    return paper_files.whereabouts(session, student_id)


# -- students to add to a batch ------------------------------------------------------------------


def find_students(session: Session, text: str) -> list[SearchHit]:
    return search.search_students(session, text, limit=50)


def class_students(session: Session, class_group_id: int) -> list[SearchHit]:
    return search.search_students(session, "", class_group_id=class_group_id, limit=500)


def classes(session: Session) -> list[ClassGroup]:
    return structure.list_class_groups(session)


def paper_file(session: Session, student_id: int) -> PaperFile:
    """The file with the whole checklist (pieces 0 for what is not in the folder)."""
    return paper_files.get_paper_file(session, student_id)


def paper_files_of(session: Session, student_ids: Sequence[int]) -> dict[int, PaperFile]:
    return {sid: paper_files.get_paper_file(session, sid) for sid in student_ids}


# -- 接收登记 ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IntakeRequest:
    kind: str
    source: str
    received_on: str
    delivered_by: str
    remark: str
    items: tuple[IntakeItem, ...]
    location: Location | None


def receive(session: Session, request: IntakeRequest) -> int:
    return paper_files.receive_files(
        session,
        kind=request.kind,
        source=request.source,
        received_on=request.received_on,
        items=request.items,
        delivered_by=request.delivered_by,
        remark=request.remark,
        location=request.location,
    )


def intakes(session: Session) -> list[Intake]:
    return paper_files.list_intakes(session)


def intake(session: Session, intake_id: int) -> Intake:
    return paper_files.get_intake(session, intake_id)


def set_contents(session: Session, student_id: int, contents: Mapping[str, int]) -> None:
    paper_files.set_contents(session, student_id, contents)


def set_kept(session: Session, student_id: int, kept: bool, reason: str) -> None:
    paper_files.set_kept(session, student_id, kept, reason=reason)


# -- 借阅 --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoanRequest:
    student_id: int
    borrower: str
    borrower_unit: str
    purpose: str
    lent_on: str
    due_on: str | None
    remark: str


def lend(session: Session, request: LoanRequest) -> int:
    return file_loans.lend_file(
        session,
        request.student_id,
        borrower=request.borrower,
        purpose=request.purpose,
        lent_on=request.lent_on,
        due_on=request.due_on,
        borrower_unit=request.borrower_unit,
        remark=request.remark,
    )


def give_back(session: Session, student_id: int, returned_on: str, remark: str) -> int:
    return file_loans.return_file(session, student_id, returned_on=returned_on, remark=remark)


def loan_days(session: Session) -> int:
    """The school calendar's loan period (the due date a 借出 proposes)."""
    return calendar_settings.get_calendar(session).loan_days


def loans(session: Session, open_only: bool) -> list[Loan]:
    return file_loans.list_loans(session, open_only=open_only)


# -- 转递 --------------------------------------------------------------------------------------


def dispatch(session: Session, orders: Sequence[DispatchOrder], dispatched_on: str) -> list[int]:
    return file_dispatch.dispatch_files(session, orders, dispatched_on=dispatched_on)


def class_orders(
    session: Session, class_group_id: int, template: DispatchOrder
) -> list[DispatchOrder]:
    """The class's students whose file can go, each with the receiver of ``template``."""
    return file_dispatch.dispatch_orders_for_class(
        session,
        class_group_id,
        receiver_kind=template.receiver_kind,
        receiver=template.receiver,
        via=template.via,
        receiver_address=template.receiver_address,
        dispatch_no=template.dispatch_no,
        carrier=template.carrier,
    )


def dispatch_class(
    session: Session, class_group_id: int, template: DispatchOrder, dispatched_on: str
) -> list[int]:
    """Batch dispatch of a class: the orders and the dispatch in one worker call."""
    orders = class_orders(session, class_group_id, template)
    if not orders:
        return []
    return dispatch(session, orders, dispatched_on)


def dispatches(session: Session, awaiting_receipt: bool, include_voided: bool) -> list[Dispatch]:
    return file_dispatch.list_dispatches(
        session, awaiting_receipt=awaiting_receipt, include_voided=include_voided
    )


def void_slip_serials(session: Session) -> frozenset[str]:
    """The 档案转递单 serials voided in the issuance register (a preview closed unprinted, a slip
    voided there). A dispatch keeps the serial of its voided slip, so the list must tell them
    apart: such a dispatch may get a new slip. One read of the register (not audited)."""
    entries = documents.register_entries(session, kind=file_dispatch.HANDOVER_KIND, limit=100_000)
    return frozenset(e.serial for e in entries if e.voided_at is not None)


@dataclass(frozen=True)
class DispatchList:
    rows: list[Dispatch]
    late: list[Dispatch]  # receipts later than the calendar allows
    void_serials: frozenset[str]


def dispatch_list(
    session: Session, awaiting_receipt: bool, include_voided: bool, today: datetime.date
) -> DispatchList:
    """What the 转递 view shows, in one worker call."""
    return DispatchList(
        dispatches(session, awaiting_receipt, include_voided),
        receipts_overdue(session, today),
        void_slip_serials(session),
    )


def receipt(session: Session, dispatch_id: int, receipt_on: str, signer: str, remark: str) -> None:
    file_dispatch.record_receipt(
        session, dispatch_id, receipt_on=receipt_on, signer=signer, remark=remark
    )


def void(session: Session, dispatch_id: int, reason: str) -> None:
    file_dispatch.void_dispatch(session, dispatch_id, reason=reason)


def receipts_overdue(session: Session, today: datetime.date) -> list[Dispatch]:
    return file_dispatch.receipts_overdue(session, today=today)


def due(session: Session) -> tuple[list[DueRow], frozenset[int]]:
    """Students who have left whose file is neither sent nor kept, in 学号 order: one query
    (``whereabouts`` per student would write an audit entry each, hundreds after a graduation),
    and which of them are lent out (they cannot be sent until the file comes back)."""
    rows = file_dispatch_read.dispatch_due_rows(session)
    lent = {
        x.student_id
        for x in file_loans.list_loans(session, open_only=True, limit=file_loans.MAX_LIST)
    }
    return rows, frozenset(r.student_id for r in rows if r.student_id in lent)


# -- 上架 --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShelfFilter:
    cabinet: str | None = None
    shelf: str | None = None
    box: str | None = None
    class_group_id: int | None = None


def shelf(session: Session, f: ShelfFilter) -> list[ShelfEntry]:
    return paper_files.shelf_list(
        session, cabinet=f.cabinet, shelf=f.shelf, box=f.box, class_group_id=f.class_group_id
    )


def locate_at(session: Session, student_ids: Sequence[int], place: Location) -> int:
    return paper_files.set_location(
        session, student_ids, cabinet=place.cabinet, shelf=place.shelf, box=place.box
    )


# -- saving a room paper -------------------------------------------------------------------------


def save_room_paper(pdf: bytes, path: Path) -> Path:
    """Write a room paper the clerk chose to keep (its printing was audited when it was made)."""
    atomic_write(path, pdf)
    return path


def intake_with_names(session: Session, intake_id: int) -> tuple[Intake, dict[str, str]]:
    """A batch with its lines, and the checklist's names of the paper types they mention."""
    found = paper_files.get_intake(session, intake_id)
    names: dict[str, str] = {}
    if found.lines:
        first = paper_files.get_paper_file(session, found.lines[0].student_id)
        names = {c.doc_type: c.name for c in first.contents}
    return found, names
