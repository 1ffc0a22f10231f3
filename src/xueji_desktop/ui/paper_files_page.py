"""纸质档案: the archive room's registers of paper files, one tab each.

查找档案 (where is a file), 接收登记 (deliveries received), 借阅 (loans), 转递 (dispatches and
their receipts), 待转递 (files still to send) and 上架 (places, labels, shelf lists). Viewers see
查找档案 only; the register steps are clerks' (the services refuse them to anyone else anyway).
The start page opens a tab with ``ctx.go("paper_files", view="loans" | "receipts" |
"dispatch_due")``; ``ctx.go("paper_files", student_id=12)`` shows where that student's file is.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from xueji_desktop.core.roles import Permission
from xueji_desktop.ui.pages import Page, PageContext
from xueji_desktop.ui.paper_files_locate import LocateView
from xueji_desktop.ui.paper_files_print import RoomPrinter
from xueji_desktop.ui.paper_files_sending import DispatchView, DueView
from xueji_desktop.ui.paper_files_shelf import ShelfView
from xueji_desktop.ui.paper_files_views import IntakeView, LoanView, RegisterView
from xueji_desktop.ui.widgets import ErrorLine

# activate(view=...) names -> the tab's key ("receipts" is the dispatch tab, waiting receipts).
VIEW_KEYS = {
    "locate": "locate",
    "intakes": "intakes",
    "loans": "loans",
    "dispatches": "dispatches",
    "receipts": "dispatches",
    "dispatch_due": "dispatch_due",
    "shelf": "shelf",
}


class PaperFilesPage(Page):
    page_id = "paper_files"
    permission = Permission.READ_RECORDS

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.printer = RoomPrinter(ctx, self)
        self.print_error = ErrorLine(self)
        self.printer.failed.connect(self.print_error.show_message)
        self.printer.previewOpened.connect(lambda _p: self.print_error.clear_message())
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("paperFileTabs")
        self.views: dict[str, RegisterView] = {}
        self._loaded: set[str] = set()
        self.locate = LocateView(ctx, self.printer, self)
        self._add("locate", self.locate, self.tr("Find a file"))
        clerk = ctx.can(Permission.WRITE_RECORDS)
        if clerk:
            self.intakes = IntakeView(ctx, self.printer, self)
            self.loans = LoanView(ctx, self.printer, self)
            self.dispatches = DispatchView(ctx, self.printer, self)
            self.due = DueView(ctx, self.printer, self)
            self.shelf = ShelfView(ctx, self.printer, self)
            self._add("intakes", self.intakes, self.tr("Receiving"))
            self._add("loans", self.loans, self.tr("Loans"))
            self._add("dispatches", self.dispatches, self.tr("Sending on"))
            self._add("dispatch_due", self.due, self.tr("To be sent"))
            self._add("shelf", self.shelf, self.tr("Shelving"))
        self.tabs.currentChanged.connect(lambda _i: self._load_current())
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.print_error)

    def _add(self, key: str, view: RegisterView, title: str) -> None:
        view.setObjectName(f"paperFiles_{key}")
        self.views[key] = view
        self.tabs.addTab(view, title)

    def title(self) -> str:
        return self.tr("Paper files")

    def help_text(self) -> str:
        text = self.tr(
            "<p><b>Find a file</b>: type a name, student no., registry no. or ID number. Every "
            "student the archive ever held is found, graduates of long ago too; the last column "
            "says where the paper file is now: in the archive room (and where), lent out, sent "
            "on (and whether the receipt came back), kept by the school, or not registered. The "
            "right side shows the papers in the folder (which are also scanned, which required "
            "ones are missing) and the file's history; clerks correct the papers with Record "
            "papers.</p>"
        )
        if self.ctx.can(Permission.WRITE_RECORDS):
            text += self.tr(
                "<p><b>Receiving</b>: enter the files that arrive together (a new intake, a "
                "transfer) as one batch, with what each file holds and what is missing, then "
                "print the receipt. <b>Loans</b>: lend a file and record its return; overdue "
                "loans are red. <b>Sending on</b>: send the files of students who have left "
                "(by confidential mail with its number, or in person), print the transfer slips, "
                "record the receipts that come back, void a dispatch sent back. <b>To be "
                "sent</b>: the students who have left whose file is still here. "
                "<b>Shelving</b>: set where files are kept and print box labels and shelf "
                "lists.</p>"
            )
        return text

    def current_key(self) -> str:
        view = self.tabs.currentWidget()
        return next((k for k, v in self.views.items() if v is view), "locate")

    def activate(self, **args: object) -> None:
        wanted = VIEW_KEYS.get(str(args.get("view", "")), "")
        if wanted in self.views:
            if args.get("view") == "receipts":
                self.dispatches.show_awaiting()
                self._loaded.add("dispatches")  # show_awaiting reloads it
            self.tabs.setCurrentWidget(self.views[wanted])
        student = args.get("student_id")
        if isinstance(student, int) and not isinstance(student, bool):
            self.tabs.setCurrentWidget(self.locate)
            self._loaded.add("locate")
            self.locate.show_student(student)
            return
        key = self.current_key()
        if key == "locate" and key in self._loaded:
            return  # a search is audited: it runs again only when the clerk asks (Find the file)
        if key in self._loaded:
            self.views[key].load()  # shown again: the registers may have changed meanwhile
        else:
            self._load_current()

    def _load_current(self) -> None:
        key = self.current_key()
        if key not in self._loaded:
            self._loaded.add(key)
            self.views[key].load()
