"""档案转递: send the paper files of chosen students, or of a whole class, to one receiver.

The clerk names the receiver (its kind, name and address) and how the files go: 机要 with its
number, in person (专人送达) with the name of the person who collects it (领取人), or another
way. The service checks everything (only students who have left, not on loan, not sent already,
not kept; a number for 机要, a name for in person) in one transaction: nothing is registered
unless every file can go. ``saved`` carries the new dispatch ids; with "print the slips" ticked
the page then issues the 档案转递单.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.roles import Permission
from xueji_desktop.services.file_dispatch import RECEIVER_KINDS, VIAS, DispatchOrder
from xueji_desktop.services.search import SearchHit
from xueji_desktop.services.structure import ClassGroup
from xueji_desktop.ui import paper_files_ops
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.paper_files_picker import StudentPicker, date_edit, hit_label, iso
from xueji_desktop.ui.paper_files_text import RECEIVER_KINDS as KIND_LABELS
from xueji_desktop.ui.paper_files_text import VIAS as VIA_LABELS
from xueji_desktop.ui.paper_files_text import label
from xueji_desktop.ui.work_dialog import WorkDialog

Student = tuple[int, str]


class DispatchDialog(WorkDialog):
    def __init__(
        self,
        ctx: PageContext,
        students: Sequence[Student] = (),
        *,
        class_group_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, self.tr("Send paper files"), parent)
        self.setObjectName("dispatchDialog")
        self.students: dict[int, str] = dict(students)
        self._wanted_class = class_group_id
        layout = QVBoxLayout(self)

        self.students_radio = QRadioButton(self.tr("The students listed below"), self)
        self.class_radio = QRadioButton(self.tr("Every student of a class who has left:"), self)
        self.mode = QButtonGroup(self)
        self.mode.addButton(self.students_radio)
        self.mode.addButton(self.class_radio)
        self.class_combo = QComboBox(self)
        self.class_combo.setObjectName("dispatchClass")
        self.class_combo.setMinimumContentsLength(12)
        class_row = QHBoxLayout()
        class_row.addWidget(self.class_radio)
        class_row.addWidget(self.class_combo, 1)
        self.picker = StudentPicker(ctx, self)
        self.picker.class_combo.hide()
        self.picker.class_button.hide()
        self.picker.picked.connect(self.add)
        self.chosen = QListWidget(self)
        self.chosen.setObjectName("dispatchStudents")
        layout.addWidget(self.students_radio)
        layout.addWidget(self.picker)
        layout.addWidget(self.chosen, 1)
        layout.addLayout(class_row)

        self.kind_combo = QComboBox(self)
        self.kind_combo.setObjectName("receiverKind")
        for code in RECEIVER_KINDS:
            self.kind_combo.addItem(label(KIND_LABELS, code), code)
        self.receiver_edit = QLineEdit(self)
        self.receiver_edit.setObjectName("receiver")
        self.address_edit = QLineEdit(self)
        self.via_combo = QComboBox(self)
        self.via_combo.setObjectName("via")
        for code in VIAS:
            self.via_combo.addItem(label(VIA_LABELS, code), code)
        self.number_label = QLabel(self.tr("Confidential mail no.:"), self)
        self.number_edit = QLineEdit(self)
        self.number_edit.setObjectName("dispatchNo")
        self.carrier_label = QLabel(self.tr("Collected by:"), self)
        self.carrier_edit = QLineEdit(self)
        self.carrier_edit.setObjectName("carrier")
        self.date_edit = date_edit(self)
        self.remark_edit = QLineEdit(self)
        self.print_check = QCheckBox(self.tr("Print the file transfer slips after saving"), self)
        self.print_check.setObjectName("printSlips")
        self.print_check.setChecked(True)
        self.print_check.setVisible(ctx.can(Permission.PRINT))
        self.print_check.setChecked(ctx.can(Permission.PRINT))
        form = QFormLayout()
        form.addRow(self.tr("Receiver kind:"), self.kind_combo)
        form.addRow(self.tr("Receiver:"), self.receiver_edit)
        form.addRow(self.tr("Address:"), self.address_edit)
        form.addRow(self.tr("Sent by:"), self.via_combo)
        form.addRow(self.number_label, self.number_edit)
        form.addRow(self.carrier_label, self.carrier_edit)
        form.addRow(self.tr("Sent on:"), self.date_edit)
        form.addRow(self.tr("Note:"), self.remark_edit)
        layout.addLayout(form)
        layout.addWidget(self.print_check)
        self.finish_layout(layout)

        self.via_combo.currentIndexChanged.connect(lambda _i: self._show_via())
        self.mode.buttonToggled.connect(lambda *_: self._show_mode())
        (self.class_radio if class_group_id is not None else self.students_radio).setChecked(True)
        self._refresh()
        self._show_via()
        self._show_mode()
        session = ctx.session
        ctx.worker.run(
            lambda: paper_files_ops.classes(session),
            on_done=self._on_classes,
            on_error=self._on_error,
            context=self,
        )
        self.resize(640, 640)

    def _on_classes(self, groups: list[ClassGroup]) -> None:
        for g in groups:
            self.class_combo.addItem(g.name, g.id)
        if self._wanted_class is not None:
            self.class_combo.setCurrentIndex(max(0, self.class_combo.findData(self._wanted_class)))

    def add(self, hits: list[SearchHit]) -> None:
        for hit in hits:
            self.students.setdefault(hit.student_id, hit_label(hit))
        self.students_radio.setChecked(True)
        self._refresh()

    def _refresh(self) -> None:
        self.chosen.clear()
        self.chosen.addItems(list(self.students.values()))

    def _show_via(self) -> None:
        via = self.via_combo.currentData()
        self.number_label.setVisible(via == "confidential_mail")
        self.number_edit.setVisible(via == "confidential_mail")
        self.carrier_label.setVisible(via == "in_person")
        self.carrier_edit.setVisible(via == "in_person")

    def _show_mode(self) -> None:
        by_class = self.class_radio.isChecked()
        self.class_combo.setEnabled(by_class)
        self.picker.setEnabled(not by_class)
        self.chosen.setEnabled(not by_class)

    def template(self, student_id: int = 0) -> DispatchOrder:
        via = str(self.via_combo.currentData())
        return DispatchOrder(
            student_id=student_id,
            receiver_kind=str(self.kind_combo.currentData()),
            receiver=self.receiver_edit.text().strip(),
            via=via,
            receiver_address=self.address_edit.text().strip(),
            dispatch_no=self.number_edit.text().strip() if via == "confidential_mail" else "",
            carrier=self.carrier_edit.text().strip() if via == "in_person" else "",
            remark=self.remark_edit.text().strip(),
        )

    def request(self) -> Callable[[], Any] | None:
        session, on = self.ctx.session, iso(self.date_edit)
        if self.class_radio.isChecked():
            class_id = self.class_combo.currentData()
            if not isinstance(class_id, int):
                self.error_line.show_message(self.tr("Choose the class."))
                return None
            template = self.template()
            return lambda: paper_files_ops.dispatch_class(session, class_id, template, on)
        if not self.students:
            self.error_line.show_message(self.tr("Add the students whose files are sent."))
            return None
        orders = [self.template(sid) for sid in self.students]
        return lambda: paper_files_ops.dispatch(session, orders, on)

    def _on_done(self, result: object) -> None:
        if isinstance(result, list) and not result:
            # A class with no file left to send: nothing was registered; say so and stay open.
            self.ok_button.setEnabled(True)
            self.error_line.show_message(
                self.tr(
                    "No file of this class can be sent: every student has either not left, "
                    "or the file is already sent, kept by the school or lent out."
                )
            )
            return
        super()._on_done(result)
