"""The 奖惩 dialogs of the record view: 新增奖励, 新增处分, 解除处分, 撤销处分, 作废.

Each checks its fields as they are filled with the limits of services/discipline.py (which
checks them again), runs one call of ui/discipline_ops.py on the worker and closes only when
the service agreed. Lifting and annulling exclude each other and an expulsion is never lifted:
the record view offers them only for a punishment in force, and the service refuses the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from xueji_desktop.services.discipline import PUNISHMENT_LEVELS, RewardPunishment
from xueji_desktop.ui import discipline_ops
from xueji_desktop.ui.discipline_ops import AwardEntry, PunishmentEntry
from xueji_desktop.ui.entry_dialog import (
    EntryDialog,
    date_edit,
    date_problem,
    iso,
    text_problem,
)
from xueji_desktop.ui.pages import PageContext

# Common award levels, offered in the level box; any other level (≤ 50 characters) may be typed.
AWARD_LEVELS = ("国家级", "省级", "市级", "县级", "校级")
MAX_REASON = 500  # services/records_common.MAX_REASON


def _summary(row: RewardPunishment) -> str:
    parts = [row.decided_on, row.level, row.title, row.document_no]
    return " · ".join(p for p in parts if p)


class AwardDialog(EntryDialog):
    """新增奖励: level, title, date of the decision, 文号, who decided, what for."""

    def __init__(self, ctx: PageContext, student_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Add an award"), parent)
        self.setObjectName("awardDialog")
        self.student_id = student_id
        self.level_box = QComboBox(self)
        self.level_box.setEditable(True)
        self.level_box.addItems(AWARD_LEVELS)
        self.level_box.setCurrentText("校级")
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText(self.tr("e.g. Merit Student"))
        self.date_edit = date_edit(self)
        self.doc_edit = QLineEdit(self)
        self.issued_edit = QLineEdit(self)
        self.reason_edit = QLineEdit(self)
        self.add_field("level", self.tr("Level:"), self.level_box)
        self.add_field("title", self.tr("Award:"), self.title_edit)
        self.add_field("decided_on", self.tr("Decided on:"), self.date_edit)
        self.add_field("document_no", self.tr("Document no.:"), self.doc_edit)
        self.add_field("issued_by", self.tr("Decided by:"), self.issued_edit)
        self.add_field("reason", self.tr("For:"), self.reason_edit)
        self.setMinimumWidth(560)

    def problems(self) -> dict[str, str]:
        found = {
            "level": text_problem(self.level_box.currentText(), required=True, limit=50),
            "title": text_problem(self.title_edit.text(), required=True, limit=100),
            "decided_on": date_problem(iso(self.date_edit)),
            "document_no": text_problem(self.doc_edit.text(), limit=100),
            "issued_by": text_problem(self.issued_edit.text(), limit=100),
            "reason": text_problem(self.reason_edit.text(), limit=500),
        }
        return {k: v for k, v in found.items() if v}

    def request(self) -> Callable[[], Any]:
        entry = AwardEntry(
            level=self.level_box.currentText().strip(),
            title=self.title_edit.text().strip(),
            decided_on=iso(self.date_edit),
            document_no=self.doc_edit.text().strip(),
            issued_by=self.issued_edit.text().strip(),
            reason=self.reason_edit.text().strip(),
        )
        session, sid = self.ctx.session, self.student_id
        return lambda: discipline_ops.add_award(session, sid, entry)


class PunishmentDialog(EntryDialog):
    """新增处分: one of the five kinds, the decision's date and 文号 (required), what for."""

    def __init__(self, ctx: PageContext, student_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Add a punishment"), parent)
        self.setObjectName("punishmentDialog")
        self.student_id = student_id
        self.level_box = QComboBox(self)
        self.level_box.addItem(self.tr("(choose)"), "")
        for level in PUNISHMENT_LEVELS:
            self.level_box.addItem(level, level)
        self.date_edit = date_edit(self)
        self.doc_edit = QLineEdit(self)
        self.doc_edit.setPlaceholderText(self.tr("the number of the decision document"))
        self.reason_edit = QLineEdit(self)
        self.issued_edit = QLineEdit(self)
        self.add_field("level", self.tr("Punishment:"), self.level_box)
        self.add_field("decided_on", self.tr("Decided on:"), self.date_edit)
        self.add_field("document_no", self.tr("Document no.:"), self.doc_edit)
        self.add_field("reason", self.tr("For:"), self.reason_edit)
        self.add_field("issued_by", self.tr("Decided by:"), self.issued_edit)
        self.setMinimumWidth(560)

    def problems(self) -> dict[str, str]:
        found = {
            "level": "" if self.level_box.currentData() else self.tr("Choose the punishment."),
            "decided_on": date_problem(iso(self.date_edit)),
            "document_no": text_problem(self.doc_edit.text(), required=True, limit=100),
            "reason": text_problem(self.reason_edit.text(), limit=500),
            "issued_by": text_problem(self.issued_edit.text(), limit=100),
        }
        return {k: v for k, v in found.items() if v}

    def request(self) -> Callable[[], Any]:
        entry = PunishmentEntry(
            level=str(self.level_box.currentData()),
            decided_on=iso(self.date_edit),
            document_no=self.doc_edit.text().strip(),
            reason=self.reason_edit.text().strip(),
            issued_by=self.issued_edit.text().strip(),
        )
        session, sid = self.ctx.session, self.student_id
        return lambda: discipline_ops.add_punishment(session, sid, entry)


class LiftDialog(EntryDialog):
    """处分解除: the punishment ran its period; the date and the lifting document's 文号."""

    def __init__(
        self, ctx: PageContext, row: RewardPunishment, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("Lift a punishment"), parent)
        self.setObjectName("liftDialog")
        self.row = row
        self.add_info(self.tr("Punishment:"), _summary(row))
        self.date_edit = date_edit(self)
        self.doc_edit = QLineEdit(self)
        self.add_field("lifted_on", self.tr("Lifted on:"), self.date_edit)
        self.add_field("lifted_document_no", self.tr("Document no.:"), self.doc_edit,
                       self.tr("The number of the document that lifts it."))  # fmt: skip
        self.setMinimumWidth(560)

    def problems(self) -> dict[str, str]:
        found = {
            "lifted_on": date_problem(
                iso(self.date_edit),
                not_before=self.row.decided_on,
                before_what=self.tr("the decision"),
            ),
            "lifted_document_no": text_problem(self.doc_edit.text(), required=True, limit=100),
        }
        return {k: v for k, v in found.items() if v}

    def request(self) -> Callable[[], Any]:
        session, pid = self.ctx.session, self.row.id
        day, doc = iso(self.date_edit), self.doc_edit.text().strip()
        return lambda: discipline_ops.lift(session, pid, day, doc)


class AnnulDialog(EntryDialog):
    """处分撤销: the punishment was wrongly imposed; the date and why."""

    def __init__(
        self, ctx: PageContext, row: RewardPunishment, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("Annul a punishment"), parent)
        self.setObjectName("annulDialog")
        self.row = row
        self.add_info(self.tr("Punishment:"), _summary(row))
        self.date_edit = date_edit(self)
        self.reason_edit = QLineEdit(self)
        self.add_field("annulled_on", self.tr("Annulled on:"), self.date_edit)
        note = self.tr("Why it was wrongly imposed, e.g. the review decision.")
        self.add_field("reason", self.tr("Reason:"), self.reason_edit, note)
        self.setMinimumWidth(560)

    def problems(self) -> dict[str, str]:
        found = {
            "annulled_on": date_problem(
                iso(self.date_edit),
                not_before=self.row.decided_on,
                before_what=self.tr("the decision"),
            ),
            "reason": text_problem(self.reason_edit.text(), required=True, limit=MAX_REASON),
        }
        return {k: v for k, v in found.items() if v}

    def request(self) -> Callable[[], Any]:
        session, pid = self.ctx.session, self.row.id
        day, reason = iso(self.date_edit), self.reason_edit.text().strip()
        return lambda: discipline_ops.annul(session, pid, day, reason)


class VoidDialog(EntryDialog):
    """作废: the entry itself was a data-entry mistake (it stays readable, marked voided)."""

    def __init__(
        self, ctx: PageContext, row: RewardPunishment, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("Void an entry"), parent)
        self.setObjectName("voidEntryDialog")
        self.row = row
        self.add_info(self.tr("Entry:"), _summary(row))
        self.reason_edit = QLineEdit(self)
        self.add_field("reason", self.tr("Reason:"), self.reason_edit,
                       self.tr("Only for an entry made by mistake (e.g. entered twice). A "
                               "punishment wrongly imposed is annulled instead."))  # fmt: skip
        self.setMinimumWidth(560)

    def problems(self) -> dict[str, str]:
        text = text_problem(self.reason_edit.text(), required=True, limit=MAX_REASON)
        return {"reason": text} if text else {}

    def request(self) -> Callable[[], Any]:
        session, rid, reason = self.ctx.session, self.row.id, self.reason_edit.text().strip()
        return lambda: discipline_ops.void(session, rid, reason)
