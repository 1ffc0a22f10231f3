"""The words of the 纸质档案 page: where a file is, in one sentence, and the register's codes.

"Where is my file?" is answered in words a clerk reads aloud on the telephone:
在档案室 A柜3层12盒 / 已借出给 王老师，应于 2026-12-01 归还（已逾期）/
已于 2026-07-05 机要转递至 …，回执 未收到 / 学校归档保存 / 未登记.
The codes (receiver kinds, ways of sending, intake kinds, history events) are the services';
only their labels live here.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QCoreApplication

from xueji_desktop.services.file_dispatch import Dispatch
from xueji_desktop.services.file_loans import Loan
from xueji_desktop.services.paper_files import FileEvent, Location, Whereabouts
from xueji_desktop.ui import i18n
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP

_CTX = "PaperFileText"

RECEIVER_KINDS: dict[str, str] = {
    "school": QT_TRANSLATE_NOOP("PaperFileText", "Next school"),
    "employer": QT_TRANSLATE_NOOP("PaperFileText", "Employer"),
    "talent_centre": QT_TRANSLATE_NOOP("PaperFileText", "Talent centre"),
    "hukou_place": QT_TRANSLATE_NOOP("PaperFileText", "Household registration office"),
    "military": QT_TRANSLATE_NOOP("PaperFileText", "Military unit"),
    "other": QT_TRANSLATE_NOOP("PaperFileText", "Other receiver"),
}
VIAS: dict[str, str] = {
    "confidential_mail": QT_TRANSLATE_NOOP("PaperFileText", "confidential mail"),
    "in_person": QT_TRANSLATE_NOOP("PaperFileText", "in person"),
    "other": QT_TRANSLATE_NOOP("PaperFileText", "other means"),
}
INTAKE_KINDS: dict[str, str] = {
    "new_intake": QT_TRANSLATE_NOOP("PaperFileText", "New intake"),
    "transfer_in": QT_TRANSLATE_NOOP("PaperFileText", "Transfer in"),
    "other": QT_TRANSLATE_NOOP("PaperFileText", "Other delivery"),
}
STATES: dict[str, str] = {
    "in_room": QT_TRANSLATE_NOOP("PaperFileText", "In the archive room"),
    "on_loan": QT_TRANSLATE_NOOP("PaperFileText", "Lent out"),
    "dispatched": QT_TRANSLATE_NOOP("PaperFileText", "Sent on"),
    "kept": QT_TRANSLATE_NOOP("PaperFileText", "Kept by the school"),
    "unregistered": QT_TRANSLATE_NOOP("PaperFileText", "Not registered"),
}
EVENTS: dict[str, str] = {
    "received": QT_TRANSLATE_NOOP("PaperFileText", "Received"),
    "lent": QT_TRANSLATE_NOOP("PaperFileText", "Lent"),
    "returned": QT_TRANSLATE_NOOP("PaperFileText", "Returned"),
    "dispatched": QT_TRANSLATE_NOOP("PaperFileText", "Sent on"),
    "receipt": QT_TRANSLATE_NOOP("PaperFileText", "Receipt back"),
    "dispatch_voided": QT_TRANSLATE_NOOP("PaperFileText", "Dispatch voided"),
    "located": QT_TRANSLATE_NOOP("PaperFileText", "Shelved"),
    "kept": QT_TRANSLATE_NOOP("PaperFileText", "Kept by the school"),
}


def label(table: dict[str, str], code: str) -> str:
    return QCoreApplication.translate(_CTX, table[code]) if code in table else code


def location_text(place: Location) -> str:
    """ "A柜3层12盒" in Chinese, "cabinet A, shelf 3, box 12" in English; "" when unknown."""
    zh = i18n.language() == "zh"
    parts = []
    for value, word, english in (
        (place.cabinet, "柜", "cabinet"),
        (place.shelf, "层", "shelf"),
        (place.box, "盒", "box"),
    ):
        value = value.strip()
        if not value:
            continue
        if zh:
            parts.append(value if value.endswith(word) else value + word)
        else:
            parts.append(f"{english} {value}")
    return ("" if zh else ", ").join(parts)


def loan_text(loan: Loan, today: datetime.date) -> str:
    text = (
        QCoreApplication.translate("PaperFileText", "Lent to %1, due back on %2")
        .replace("%1", loan.borrower + (f"（{loan.borrower_unit}）" if loan.borrower_unit else ""))
        .replace("%2", loan.due_on)
    )
    if is_overdue(loan, today):
        text += QCoreApplication.translate("PaperFileText", " (overdue)")
    return text


def is_overdue(loan: Loan, today: datetime.date) -> bool:
    return loan.returned_on is None and loan.due_on < today.isoformat()


def receipt_text(d: Dispatch) -> str:
    if d.voided_at:
        return QCoreApplication.translate("PaperFileText", "voided: %1").replace(
            "%1", d.void_reason
        )
    if d.receipt_on:
        return QCoreApplication.translate("PaperFileText", "received on %1").replace(
            "%1", d.receipt_on
        )
    return QCoreApplication.translate("PaperFileText", "not received")


def dispatch_text(d: Dispatch) -> str:
    if d.via == "in_person":  # 专人送达: "已于 … 专人送达至 …" (not "专人送达转递至")
        return (
            QCoreApplication.translate("PaperFileText", "Taken in person on %1 to %2; receipt: %3")
            .replace("%1", d.dispatched_on)
            .replace("%2", d.receiver)
            .replace("%3", receipt_text(d))
        )
    return (
        QCoreApplication.translate("PaperFileText", "Sent on %1 by %2 to %3; receipt: %4")
        .replace("%1", d.dispatched_on)
        .replace("%2", label(VIAS, d.via))
        .replace("%3", d.receiver)
        .replace("%4", receipt_text(d))
    )


def state_text(w: Whereabouts, today: datetime.date) -> str:
    """The one-line answer to "where is the file?"."""
    if w.state == "on_loan" and w.loan is not None:
        return loan_text(w.loan, today)
    if w.state == "dispatched" and w.dispatch is not None:
        return dispatch_text(w.dispatch)
    if w.state == "in_room":
        place = location_text(w.location)
        if not place:
            return QCoreApplication.translate(
                "PaperFileText", "In the archive room (place not recorded)"
            )
        return QCoreApplication.translate("PaperFileText", "In the archive room, %1").replace(
            "%1", place
        )
    if w.state == "kept":
        place = location_text(w.location)
        if place:  # kept in the room: the clerk's question is where
            return QCoreApplication.translate("PaperFileText", "Kept by the school, %1").replace(
                "%1", place
            )
    return label(STATES, w.state)


def _param(event: FileEvent, key: str) -> str:
    value = event.params.get(key)
    return "" if value is None else str(value)


def event_text(event: FileEvent) -> str:
    """One line of a file's history: what happened, with the facts the register holds."""
    p = event.params

    def get(key: str) -> str:
        return _param(event, key)

    if event.kind == "received":
        return (
            QCoreApplication.translate("PaperFileText", "Received (%1) from %2")
            .replace("%1", label(INTAKE_KINDS, get("intake_kind")))
            .replace("%2", get("source"))
        )
    if event.kind == "located":
        place = location_text(Location(get("cabinet"), get("shelf"), get("box")))
        return (
            QCoreApplication.translate("PaperFileText", "Shelved at %1").replace("%1", place)
            if place
            else QCoreApplication.translate("PaperFileText", "Place cleared")
        )
    if event.kind == "kept":
        text = (
            QCoreApplication.translate("PaperFileText", "Kept by the school")
            if p.get("kept")
            else QCoreApplication.translate("PaperFileText", "No longer kept by the school")
        )
        return text + (
            QCoreApplication.translate("PaperFileText", ": %1").replace("%1", get("reason"))
            if get("reason")
            else ""
        )
    if event.kind == "lent":
        who = get("borrower") + (f"（{get('borrower_unit')}）" if get("borrower_unit") else "")
        return (
            QCoreApplication.translate("PaperFileText", "Lent to %1 for %2, due back on %3")
            .replace("%1", who)
            .replace("%2", get("purpose"))
            .replace("%3", get("due_on"))
        )
    if event.kind == "returned":
        return QCoreApplication.translate("PaperFileText", "Returned")
    if event.kind == "dispatched":
        kind = label(RECEIVER_KINDS, get("receiver_kind"))
        if get("via") == "in_person":
            text = (
                QCoreApplication.translate("PaperFileText", "Taken in person to %1 (%2)")
                .replace("%1", get("receiver"))
                .replace("%2", kind)
            )
        else:
            text = (
                QCoreApplication.translate("PaperFileText", "Sent by %1 to %2 (%3)")
                .replace("%1", label(VIAS, get("via")))
                .replace("%2", get("receiver"))
                .replace("%3", kind)
            )
        if get("dispatch_no"):
            text += QCoreApplication.translate(
                "PaperFileText", ", confidential mail no. %1"
            ).replace("%1", get("dispatch_no"))
        if get("carrier"):
            text += QCoreApplication.translate("PaperFileText", ", collected by %1").replace(
                "%1", get("carrier")
            )
        return text
    if event.kind == "receipt":
        text = QCoreApplication.translate("PaperFileText", "Receipt back")
        return text + (
            QCoreApplication.translate("PaperFileText", ", signed by %1").replace(
                "%1", get("signer")
            )
            if get("signer")
            else ""
        )
    if event.kind == "dispatch_voided":
        return QCoreApplication.translate("PaperFileText", "Dispatch voided: %1").replace(
            "%1", get("reason")
        )
    return label(EVENTS, event.kind)
