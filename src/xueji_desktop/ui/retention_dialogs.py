"""The 保管期限 page's small dialogs: a rule's period, a proposal's reason, the admin's decision.

Each runs one worker call when OK is pressed and closes only when the service agreed
(``WorkDialog``); the service checks the role, the rule (学籍档案 stay permanent) and, for a
decision, the admin's password again.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.errors import RecordInvalid, WrongCredentials
from xueji_desktop.core.problems import Problem
from xueji_desktop.problem_text import problem_text
from xueji_desktop.problem_texts_records import DOCUMENT_NAMES
from xueji_desktop.ui import retention_ops
from xueji_desktop.ui.i18n import language
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.work_dialog import WorkDialog


class _Dialog(WorkDialog):
    """A WorkDialog that says a refusal by its problems and grows to show all of it."""

    def _on_error(self, exc: BaseException) -> None:
        super()._on_error(exc)
        if isinstance(exc, RecordInvalid) and exc.problems:
            # Only the problems: the general "correct the marked fields and save again"
            # heading points at field marks these small dialogs do not have.
            lang = language()
            self.error_line.show_message("\n".join(problem_text(p, lang) for p in exc.problems))
        self.grow()

    def grow(self) -> None:
        """Make room for a longer error line (a fixed-size box would cut its last line)."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))


def fixed_text(rule: Any) -> str:
    """Why a 学籍档案 type has no period: the service's own refusal sentence."""
    problem = Problem("years", "retention_permanent_type", params={"doc_type": rule.name})
    return problem_text(problem, language())


class RuleDialog(_Dialog):
    """The retention period of one document type; ``saved(list[RetentionRule])``."""

    def __init__(self, ctx: PageContext, rule: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Retention period"), parent)
        self.setObjectName("ruleDialog")
        self.rule = rule
        layout = QVBoxLayout(self)
        shown = rule.name
        if language() == "en" and rule.doc_type in DOCUMENT_NAMES:
            shown = DOCUMENT_NAMES[rule.doc_type][1]
        name = QLabel(shown, self)
        font = name.font()
        font.setBold(True)
        name.setFont(font)
        layout.addWidget(name)
        self.permanent_radio = QRadioButton(self.tr("Keep permanently"), self)
        self.years_radio = QRadioButton(self.tr("Keep for"), self)
        group = QButtonGroup(self)
        group.addButton(self.permanent_radio)
        group.addButton(self.years_radio)
        self.years_spin = QSpinBox(self)
        self.years_spin.setObjectName("ruleYears")
        self.years_spin.setRange(1, 100)
        self.years_spin.setValue(rule.years or 10)
        self.years_spin.valueChanged.connect(self._suffix)
        self._suffix(self.years_spin.value())
        self.from_combo = QComboBox(self)
        self.from_combo.setObjectName("ruleFrom")
        self.from_combo.addItem(self.tr("from the day the student left"), "left")
        self.from_combo.addItem(self.tr("from the day the scan was added"), "added")
        self.from_combo.setCurrentIndex(max(0, self.from_combo.findData(rule.counted_from)))
        years_row = QHBoxLayout()
        years_row.addWidget(self.years_radio)
        years_row.addWidget(self.years_spin)
        years_row.addWidget(self.from_combo, 1)
        layout.addWidget(self.permanent_radio)
        layout.addLayout(years_row)
        (self.permanent_radio if rule.years is None else self.years_radio).setChecked(True)
        group.buttonToggled.connect(lambda *_: self._enable())
        self._enable()
        if rule.fixed:  # a 学籍档案 type: read-only, with the reason
            self.fixed_label = QLabel(fixed_text(rule), self)
            self.fixed_label.setObjectName("ruleFixed")
            self.fixed_label.setWordWrap(True)
            layout.addWidget(self.fixed_label)
            for widget in (self.permanent_radio, self.years_radio, self.ok_button):
                widget.setEnabled(False)
            self.years_spin.setEnabled(False)
            self.from_combo.setEnabled(False)
        self.finish_layout(layout)

    def _suffix(self, years: int) -> None:
        self.years_spin.setSuffix(self.tr(" year") if years == 1 else self.tr(" years"))

    def _enable(self) -> None:
        on = self.years_radio.isChecked()
        self.years_spin.setEnabled(on)
        self.from_combo.setEnabled(on)

    def request(self) -> Callable[[], Any] | None:
        session, code = self.ctx.session, self.rule.doc_type
        years = self.years_spin.value() if self.years_radio.isChecked() else None
        counted_from = str(self.from_combo.currentData())
        return lambda: retention_ops.set_rule(session, code, years, counted_from)


class ProposeDialog(_Dialog):
    """Propose the chosen scans for destruction; ``saved(list[str])`` carries the serials."""

    def __init__(
        self,
        ctx: PageContext,
        attachment_ids: Sequence[int],
        today: datetime.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, self.tr("Propose for destruction"), parent)
        self.setObjectName("proposeDialog")
        self.ids, self.today = list(attachment_ids), today
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "%1 scans are proposed for destruction. An administrator approves or "
                    "rejects the proposal; nothing is destroyed before."
                ).replace("%1", str(len(self.ids))),
                self,
            )
        )
        layout.itemAt(0).widget().setWordWrap(True)  # type: ignore[union-attr]
        self.reason_edit = QPlainTextEdit(self)
        self.reason_edit.setObjectName("proposeReason")
        self.reason_edit.setPlaceholderText(
            self.tr("Why, e.g. the school's retention period for these papers has ended")
        )
        self.reason_edit.setMaximumHeight(90)
        form = QFormLayout()
        form.addRow(self.tr("Reason:"), self.reason_edit)
        layout.addLayout(form)
        self.finish_layout(layout)

    def request(self) -> Callable[[], Any] | None:
        reason = self.reason_edit.toPlainText().strip()
        if not reason:
            self.error_line.show_message(self.tr("Say why they are proposed."))
            return None
        session, ids, today = self.ctx.session, self.ids, self.today
        return lambda: retention_ops.propose(session, ids, reason, today)


class DecideDialog(_Dialog):
    """Approve (destroy) or reject proposals, with the admin's password; ``saved(serials)``."""

    def __init__(
        self,
        ctx: PageContext,
        serials: Sequence[str],
        *,
        approve: bool,
        today: datetime.date,
        still_used: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("Approve the destruction") if approve else self.tr("Reject the proposal")
        super().__init__(ctx, title, parent)
        self.setObjectName("decideDialog")
        self.serials, self.approve, self.today = list(serials), approve, today
        layout = QVBoxLayout(self)
        if not approve:
            text = self.tr("The proposal of %1 scans (%2) is rejected; the scans are kept.")
        elif len(still_used) >= len(self.serials):  # every file stays: nothing is deleted
            text = self.tr(
                "Approving closes %1 scans (%2): they can no longer be opened. The destruction "
                "register keeps what they were and who approved it."
            )
        elif still_used:
            text = self.tr(
                "Approving closes %1 scans (%2). The content of those whose file nothing else "
                "uses is removed from the archive for good; the others are named below. The "
                "destruction register keeps what they were, who approved it and which backups "
                "still hold them until they expire."
            )
        else:
            text = self.tr(
                "The content of %1 scans (%2) will be removed from the archive for good. "
                "The destruction register keeps what they were, who approved it and which "
                "backups still hold them until they expire."
            )
        shown = "、".join(self.serials[:5]) + ("…" if len(self.serials) > 5 else "")
        what = QLabel(text.replace("%1", str(len(self.serials))).replace("%2", shown), self)
        what.setObjectName("decideText")
        what.setWordWrap(True)
        self.what_label = what
        if approve:
            what.setStyleSheet("color: #8a1c12;")
        layout.addWidget(what)
        # Scans whose content another live scan or a photo uses: approving closes them, but
        # the file stays (retention_register.still_used_after; the sentences are the CLI's).
        self.still_used_label = QLabel("\n".join(still_used), self)
        self.still_used_label.setObjectName("stillUsed")
        self.still_used_label.setWordWrap(True)
        self.still_used_label.setVisible(bool(still_used))
        layout.addWidget(self.still_used_label)
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("adminPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.remark_edit = QLineEdit(self)
        self.remark_edit.setObjectName("decisionRemark")
        form = QFormLayout()
        form.addRow(self.tr("Your password:"), self.password_edit)
        form.addRow(self.tr("Remark:"), self.remark_edit)
        layout.addLayout(form)
        self.ok_button.setText(self.tr("Destroy") if approve else self.tr("Reject"))
        self.finish_layout(layout)
        self.resize(520, self.sizeHint().height())

    def _on_error(self, exc: BaseException) -> None:
        if isinstance(exc, WrongCredentials):  # the admin is signed in: no user name to check
            self.ok_button.setEnabled(True)
            self.error_line.show_message(
                self.tr("The password is wrong; nothing was destroyed. Type your own password.")
                if self.approve
                else self.tr("The password is wrong; nothing was rejected. Type your own password.")
            )
            self.password_edit.setFocus()
            self.grow()
            return
        super()._on_error(exc)

    def request(self) -> Callable[[], Any] | None:
        password = self.password_edit.text()
        if not password:
            self.error_line.show_message(self.tr("Type your password to confirm."))
            return None
        session, serials, approve = self.ctx.session, self.serials, self.approve
        remark, today = self.remark_edit.text().strip(), self.today
        self.password_edit.clear()  # not kept in the form once it is on its way
        return lambda: retention_ops.decide(
            session,
            serials,
            approve=approve,
            admin_password=password,
            remark=remark,
            today=today,
        )
