"""审计日志: the admin's page over the activity record (issue 9 §2).

On every opening the chain is verified on the worker and a plain sentence says whether the record
is intact (green) or where it was changed (red). Tab 审计日志 lists the entries with filters and
their before/after (audit_log_view.py); tab 访问报告 counts, for a period, who viewed, printed,
exported or changed which students' data, and saves it (access_report_view.py).
``ctx.go("audit", student_id=12)`` opens the log filtered to one student.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from xueji_desktop.core.roles import Permission
from xueji_desktop.services.audit_view import ChainStatus
from xueji_desktop.ui import audit_ops, audit_text
from xueji_desktop.ui.access_report_view import AccessReportView
from xueji_desktop.ui.audit_log_view import AuditLogView
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import Page, PageContext

CHAIN_STYLES = {
    "checking": "QLabel#chainStatus { color: #444; padding: 6px 10px; }",
    "intact": (
        "QLabel#chainStatus { background: #e7f5e9; color: #1d5e2b; border: 1px solid #a6d8b0;"
        " border-radius: 4px; padding: 6px 10px; font-weight: bold; }"
    ),
    "broken": (
        "QLabel#chainStatus { background: #fdecea; color: #8a1c12; border: 1px solid #f0b4ad;"
        " border-radius: 4px; padding: 6px 10px; font-weight: bold; }"
    ),
}


class AuditPage(Page):
    page_id = "audit"
    permission = Permission.MANAGE_SETTINGS

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.chain: ChainStatus | None = None
        self._opened = False
        self.chain_label = QLabel(self)
        self.chain_label.setObjectName("chainStatus")
        self.chain_label.setWordWrap(True)
        self.log = AuditLogView(ctx, self)
        self.report = AccessReportView(ctx, self)
        self.report.studentChosen.connect(self.show_student)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("auditTabs")
        self.tabs.addTab(self.log, self.tr("Audit log"))
        self.tabs.addTab(self.report, self.tr("Access report"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.chain_label)
        layout.addWidget(self.tabs, 1)
        self._set_chain_text(self.tr("Checking the activity record…"), "checking")

    def title(self) -> str:
        return self.tr("Audit log")

    def help_text(self) -> str:
        return self.tr(
            "<p>Everything done in the archive is written to the activity record, each entry "
            "sealed to the one before, so a changed or removed entry shows. The line at the top "
            "says whether the record is intact; if it is red, keep the archive as it is and "
            "compare with a backup.</p><p><b>Audit log</b>: choose a user, an action, a student "
            "(type a name or student no. and press Find) or a period, then Show. The newest "
            "entries come first; Older entries… reads further back. The right side shows the "
            "chosen entry and, for a change of a record, each field before and after.</p>"
            "<p><b>Access report</b>: for a period, which users viewed, printed, exported or "
            "changed which students' data, for a data incident or the annual review. Save it "
            "as Excel or PDF; saving is itself recorded.</p>"
        )

    def activate(self, **args: object) -> None:
        # The list first, then the check of the whole chain (the slower read on a large log):
        # the worker runs them in this order.
        student = args.get("student_id")
        if isinstance(student, int) and not isinstance(student, bool):
            label = str(args.get("label", "")) or f"#{student}"
            self.show_student(student, label)
        elif not self._opened:
            self.log.load()
        if not self._opened:
            self._opened = True
            self._load_users()
        self.check_chain()

    def show_student(self, student_id: int, label: str) -> None:
        self.tabs.setCurrentWidget(self.log)
        self.log.show_student(student_id, label)
        self.log.load()

    def _load_users(self) -> None:
        session = self.ctx.session
        # A failure only leaves the list empty: a user name can still be typed.
        self.ctx.worker.run(
            lambda: audit_ops.user_names(session),
            on_done=self.log.set_users,
            on_error=lambda _e: None,
            context=self,
        )

    # -- the chain ------------------------------------------------------------------------------

    def check_chain(self) -> None:
        self._set_chain_text(self.tr("Checking the activity record…"), "checking")
        session = self.ctx.session
        self.ctx.worker.run(
            lambda: audit_ops.chain(session),
            on_done=self._chain_checked,
            on_error=self._chain_failed,
            context=self,
        )

    def _chain_checked(self, status: ChainStatus) -> None:
        self.chain = status
        self._set_chain_text(audit_text.chain_sentence(status),
                             "intact" if status.intact else "broken")  # fmt: skip

    def _chain_failed(self, error: BaseException) -> None:
        self.chain = None
        self._set_chain_text(error_sentence(error), "broken")

    def _set_chain_text(self, text: str, style: str) -> None:
        self.chain_label.setText(text)
        self.chain_label.setProperty("state", style)
        self.chain_label.setStyleSheet(CHAIN_STYLES[style])
