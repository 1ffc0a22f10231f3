"""核验文书: is a paper in front of the clerk one this archive issued, unchanged?

The clerk types the serial printed on the paper, or scans / pastes the text of its QR code (a
scanner types it and presses Enter). The check runs on the worker; the answer is one plain
sentence with what the register knows (kind, student, date, issuer).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core import normalize
from xueji_desktop.services.documents import Verification
from xueji_desktop.ui import print_ops
from xueji_desktop.ui.i18n import language
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.print_kinds import kind_label
from xueji_desktop.ui.widgets import ErrorLine, on_enter, window_title

_COLOURS = {"genuine": "#1d5e20", "superseded": "#7a4a00", "not_issued": "#8a1c12"}
_STYLE = "QLabel#verifyOutcome {{ color: {}; font-weight: bold; padding: 6px 0; }}"


def local_time(stamp: str) -> str:
    """The register's UTC time stamp as the clerk's local date and time (the register page and
    this dialog): "2026年11月26日 14:22" in Chinese."""
    moment = normalize.local_moment(stamp)
    if moment is None:
        return stamp
    if language() == "zh":
        return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"
    return moment.strftime("%Y-%m-%d %H:%M")


class VerifyDialog(QDialog):
    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.verification: Verification | None = None
        self.setObjectName("verifyDialog")
        self.setWindowTitle(window_title(self.tr("Check a document"), practice=ctx.practice))
        self.setMinimumWidth(540)
        intro = QLabel(
            self.tr(
                "Type the serial number printed on the document (e.g. CJD2026-000123), or scan "
                "its QR code with a scanner into the box below."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.text_edit = QLineEdit(self)
        self.text_edit.setObjectName("verifyText")
        self.text_edit.setMaxLength(400)
        self.text_edit.setClearButtonEnabled(True)
        self.check_button = QPushButton(self.tr("Check"), self)
        self.check_button.setObjectName("checkButton")
        self.check_button.setAutoDefault(False)
        self.check_button.clicked.connect(self.check)
        on_enter(self.text_edit, self.check)
        row = QHBoxLayout()
        row.addWidget(self.text_edit, 1)
        row.addWidget(self.check_button)

        self.outcome_label = QLabel(self)
        self.outcome_label.setObjectName("verifyOutcome")
        self.outcome_label.setWordWrap(True)
        self.outcome_label.setTextFormat(Qt.TextFormat.PlainText)
        self.details = QFormLayout()
        self.details.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._detail_labels: dict[str, QLabel] = {}
        for key, caption in (
            ("serial", self.tr("Serial number:")),
            ("kind", self.tr("Document:")),
            ("subject", self.tr("For:")),
            ("issued_at", self.tr("Issued on:")),
            ("issued_by", self.tr("Issued by:")),
        ):
            label = QLabel(self)
            label.setObjectName(f"verify_{key}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._detail_labels[key] = label
            self.details.addRow(caption, label)
        self.error_line = ErrorLine(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.outcome_label)
        layout.addLayout(self.details)
        layout.addWidget(self.error_line)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self._show_details(None)

    def check(self) -> None:
        text = self.text_edit.text().strip()
        if not text:
            self.error_line.show_message(
                self.tr("Type the serial number printed on the document, or scan its QR code.")
            )
            self.text_edit.setFocus()
            return
        self.check_button.setEnabled(False)
        self.error_line.clear_message()
        session = self.ctx.session
        self.ctx.worker.run(
            lambda: print_ops.verify(session, text),
            on_done=self.show_result,
            on_error=self._on_error,
            context=self,
        )

    def show_result(self, result: Verification) -> None:
        self.check_button.setEnabled(True)
        self.verification = result
        self.outcome_label.setText(self.outcome_text(result))
        self.outcome_label.setStyleSheet(_STYLE.format(_COLOURS.get(result.outcome, "#111")))
        self._show_details(result if result.kind else None)
        # Grow to the answer (a two-line outcome must not squeeze the details); never shrink.
        needed = self.sizeHint().expandedTo(self.minimumSizeHint())
        self.resize(self.size().expandedTo(needed))

    def outcome_text(self, result: Verification) -> str:
        if result.outcome == "genuine":
            return self.tr(
                "Genuine: this archive issued this document, and it has not been changed."
            )
        if result.outcome == "superseded":
            if result.voided_at:
                return self.tr(
                    "Issued by this archive, but later declared void (reason: %1). It is no "
                    "longer valid."
                ).replace("%1", result.void_reason or "—")
            return self.tr(
                "Issued by this archive, but replaced later by the document %1. Only the newer "
                "one is valid."
            ).replace("%1", result.superseded_by or "—")
        if result.reason == "unreadable":
            return self.tr(
                "No serial number or QR code could be read from this text. Check what was "
                "typed and try again."
            )
        return self.tr(
            "Not issued by this archive, or its content was changed afterwards. Do not rely on "
            "this document."
        )

    def _show_details(self, result: Verification | None) -> None:
        values = {
            "serial": result.serial if result else "",
            "kind": kind_label(result.kind) if result else "",
            "subject": result.subject if result else "",
            "issued_at": local_time(result.issued_at) if result else "",
            "issued_by": result.issued_by if result else "",
        }
        for key, label in self._detail_labels.items():
            label.setText(values[key])
            self.details.setRowVisible(label, bool(values[key]))

    def _on_error(self, exc: BaseException) -> None:
        self.check_button.setEnabled(True)
        self.error_line.show_message(error_sentence(exc))
