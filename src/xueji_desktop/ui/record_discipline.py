"""The record view's 奖惩 tab: the list and, for clerks, the buttons that enter and end entries.

新增奖励… and 新增处分… are always offered (record not voided, WRITE_RECORDS); 解除处分… only for
a punishment in force that is not an expulsion, 撤销处分… for a punishment in force, 作废… for
an entry not yet voided. The dialogs (ui/discipline_dialogs.py) run on the worker; ``changed``
follows success and the record view reloads.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from xueji_desktop.services.discipline import RewardPunishment
from xueji_desktop.ui.discipline_dialogs import (
    AnnulDialog,
    AwardDialog,
    LiftDialog,
    PunishmentDialog,
    VoidDialog,
)
from xueji_desktop.ui.entry_dialog import EntryDialog
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.record_tabs import RowsModel
from xueji_desktop.ui.row_actions import RowActionsTab


class DisciplineTab(RowActionsTab):
    rows: list[RewardPunishment]

    def __init__(
        self, ctx: PageContext, student_id: int, model: RowsModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, model, "disciplineTable", parent)
        self.student_id = student_id
        buttons = self.bar_layout
        self.award_button = self._button(buttons, "addAward", self.tr("Add award…"), self._award)
        self.punish_button = self._button(
            buttons, "addPunishment", self.tr("Add punishment…"), self._punish
        )
        self.lift_button = self._button(
            buttons, "liftPunishment", self.tr("Lift punishment…"), self._lift
        )
        self.annul_button = self._button(
            buttons, "annulPunishment", self.tr("Annul punishment…"), self._annul
        )
        self.void_button = self._button(buttons, "voidEntry", self.tr("Void…"), self._void)
        buttons.addStretch(1)
        self.set_writable(False)

    def _button(
        self, box: QHBoxLayout, name: str, text: str, slot: Callable[[], None]
    ) -> QPushButton:
        button = QPushButton(text, self.bar)
        button.setObjectName(name)
        button.clicked.connect(slot)
        box.addWidget(button)
        return button

    def _enable(self) -> None:
        row = self.selected()
        in_force = row is not None and row.kind == "punishment" and row.state == "active"
        self.lift_button.setEnabled(in_force and row is not None and row.level != "开除学籍")
        self.annul_button.setEnabled(in_force)
        self.void_button.setEnabled(row is not None and not row.voided)

    # -- actions ------------------------------------------------------------------------------

    def _open(self, dialog: EntryDialog) -> None:
        self.dialog = dialog
        dialog.saved.connect(lambda _r: self.changed.emit())
        dialog.open()

    def _award(self) -> None:
        self._open(AwardDialog(self.ctx, self.student_id, self))

    def _punish(self) -> None:
        self._open(PunishmentDialog(self.ctx, self.student_id, self))

    def _lift(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(LiftDialog(self.ctx, row, self))

    def _annul(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(AnnulDialog(self.ctx, row, self))

    def _void(self) -> None:
        row = self.selected()
        if row is not None:
            self._open(VoidDialog(self.ctx, row, self))
