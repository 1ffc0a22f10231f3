"""导入导出: the page that opens the import wizard and the export dialog, and lists what was
imported since the clerk signed in.

Import needs the right to change records (clerks); export is for admins and clerks. Each group
of buttons is shown only to the roles that may use it; the services check again.
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.roles import Permission
from xueji_desktop.services.import_model import ImportResult
from xueji_desktop.ui.export_dialog import KINDS, ExportDialog, kind_name
from xueji_desktop.ui.import_wizard import ImportWizard
from xueji_desktop.ui.pages import Page, PageContext
from xueji_desktop.ui.photo_import_dialog import PhotoImportDialog
from xueji_desktop.ui.reconcile_dialog import ReconcileDialog
from xueji_desktop.ui.transfer_export_dialog import TransferExportDialog
from xueji_desktop.ui.transfer_import_dialog import TransferImportDialog


class ExchangePage(Page):
    page_id = "exchange"
    permission = Permission.EXPORT  # admins and clerks; import buttons need WRITE_RECORDS too

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.wizard: ImportWizard | None = None
        self.export_dialog: ExportDialog | None = None

        self.import_box = QGroupBox(self.tr("Import from Excel"), self)
        self.import_box.setObjectName("importBox")
        import_layout = QVBoxLayout(self.import_box)
        self.import_buttons: dict[str, QPushButton] = {}
        for mode, text, hint in (
            ("students", self.tr("New students…"),
             self.tr("A list of new students, e.g. from the admissions office")),
            ("history", self.tr("Earlier graduates…"),
             self.tr("Old records typed in from paper registers")),
            ("corrections", self.tr("Corrections from head teachers…"),
             self.tr("The check sheets the head teachers returned")),
        ):  # fmt: skip
            button = QPushButton(text, self.import_box)
            button.setObjectName(f"import_{mode}")
            button.setToolTip(hint)
            button.clicked.connect(lambda _c=False, m=mode: self.open_import(m))
            self.import_buttons[mode] = button
            note = QLabel(hint, self.import_box)
            note.setStyleSheet("color: #555;")
            note.setWordWrap(True)
            import_layout.addWidget(button)
            import_layout.addWidget(note)
        self.reconcile_button = QPushButton(self.tr("Compare with the national system…"), self)
        self.reconcile_button.setObjectName("reconcileButton")
        self.reconcile_button.clicked.connect(lambda: self.open_reconcile())
        self.photos_button = QPushButton(self.tr("Photos in bulk…"), self)
        self.photos_button.setObjectName("photosButton")
        self.photos_button.clicked.connect(lambda: self.open_photos())
        for button, hint in (
            (self.reconcile_button,
             self.tr("Find where the archive and the national list disagree")),
            (self.photos_button, self.tr("A folder or zip of photos named by ID number")),
        ):  # fmt: skip
            note = QLabel(hint, self.import_box)
            note.setStyleSheet("color: #555;")
            note.setWordWrap(True)
            import_layout.addWidget(button)
            import_layout.addWidget(note)
        self.import_box.setVisible(ctx.can(Permission.WRITE_RECORDS))

        self.export_box = QGroupBox(self.tr("Export to Excel"), self)
        self.export_box.setObjectName("exportBox")
        grid = QGridLayout(self.export_box)
        self.export_buttons: dict[str, QPushButton] = {}
        for index, kind in enumerate(KINDS):
            button = QPushButton(kind_name(kind) + "…", self.export_box)
            button.setObjectName(f"export_{kind.key}")
            button.clicked.connect(lambda _c=False, k=kind.key: self.open_export(k))
            self.export_buttons[kind.key] = button
            grid.addWidget(button, index // 2, index % 2)
        self.export_box.setVisible(ctx.can(Permission.EXPORT))

        # 学籍档案包: a 转出/档案移交 package for another archive, and taking one in (转入).
        self.transfer_box = QGroupBox(self.tr("Student record packages"), self)
        self.transfer_box.setObjectName("transferBox")
        transfer_layout = QVBoxLayout(self.transfer_box)
        self.transfer_export_button = QPushButton(self.tr("Make a package…"), self.transfer_box)
        self.transfer_export_button.setObjectName("transferExportButton")
        self.transfer_export_button.clicked.connect(lambda: self.open_transfer_export())
        self.transfer_import_button = QPushButton(self.tr("Take in a package…"), self.transfer_box)
        self.transfer_import_button.setObjectName("transferImportButton")
        self.transfer_import_button.clicked.connect(lambda: self.open_transfer_import())
        self.transfer_import_button.setVisible(ctx.can(Permission.WRITE_RECORDS))
        for button, hint in (
            (self.transfer_export_button,
             self.tr("The whole record of students who transfer out, or of an archive handed "
                     "over, in one encrypted file")),
            (self.transfer_import_button,
             self.tr("A package from another school's archive: checked, shown, then added")),
        ):  # fmt: skip
            note = QLabel(hint, self.transfer_box)
            note.setStyleSheet("color: #555;")
            note.setWordWrap(True)
            note.setVisible(button.isVisibleTo(self.transfer_box))
            transfer_layout.addWidget(button)
            transfer_layout.addWidget(note)
        self.transfer_box.setVisible(ctx.can(Permission.EXPORT))

        self.history_label = QLabel(self.tr("Imported since you signed in:"), self)
        self.history = QListWidget(self)
        self.history.setObjectName("importHistory")
        self.empty_label = QLabel(self.tr("Nothing imported yet."), self)
        self.empty_label.setStyleSheet("color: #555;")
        boxes = QGridLayout()
        boxes.addWidget(self.import_box, 0, 0, Qt.AlignmentFlag.AlignTop)
        boxes.addWidget(self.export_box, 0, 1, Qt.AlignmentFlag.AlignTop)
        boxes.addWidget(self.transfer_box, 1, 1, Qt.AlignmentFlag.AlignTop)
        boxes.setColumnStretch(0, 1)
        boxes.setColumnStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(boxes)
        layout.addWidget(self.history_label)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.history, 1)
        for widget in (self.history_label, self.empty_label, self.history):
            widget.setVisible(ctx.can(Permission.WRITE_RECORDS))
        if not ctx.can(Permission.WRITE_RECORDS):
            layout.addStretch(1)  # an admin sees only the export buttons, at the top

    def title(self) -> str:
        return self.tr("Import and export")

    def help_text(self) -> str:
        return self.tr(
            "<p><b>Import</b> reads an Excel file (.xlsx or .xls) in four steps: choose the "
            "file, check which column is which field, look at the preview, then import. "
            "Nothing is written before you confirm; rows with errors can be left out and are "
            "written, marked in red with the reason, into an error file you correct and "
            "import again.</p>"
            "<p><b>Compare with the national system</b> reads the list exported from the "
            "national student-registry system and shows where it and the archive disagree; "
            "<b>Photos in bulk</b> imports a folder of photos named by ID number.</p>"
            "<p><b>Export</b> writes the lists the national system and the education bureau "
            "ask for as Excel files. Every export is recorded with who made it.</p>"
            "<p><b>Student record packages</b> carry the whole record of students who transfer "
            "out (or of an archive handed over) to another Xueji archive, encrypted with a "
            "package password you give the receiver separately.</p>"
        )

    def activate(self, **args: object) -> None:
        mode = args.get("import_mode")
        if isinstance(mode, str) and mode in self.import_buttons:
            self.open_import(mode)
        kind = args.get("export")
        if isinstance(kind, str) and kind in self.export_buttons:
            self.open_export(kind)
        # [(student id, label, status), …] from the students page
        students = args.get("transfer_students")
        if isinstance(students, list):
            self.open_transfer_export(students)

    # -- actions ------------------------------------------------------------------------------

    def open_import(self, mode: str) -> ImportWizard | None:
        if not self.ctx.can(Permission.WRITE_RECORDS):
            return None
        if self.wizard is not None:
            self.wizard.raise_()
            self.wizard.activateWindow()
            return self.wizard
        wizard = ImportWizard(self.ctx, mode=mode, parent=self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.imported.connect(lambda result, w=wizard: self._add_history(w, result))
        wizard.destroyed.connect(self._wizard_gone)
        self.wizard = wizard
        wizard.show()
        return wizard

    def open_reconcile(self) -> ReconcileDialog | None:
        if not self.ctx.can(Permission.WRITE_RECORDS):
            return None
        dialog = ReconcileDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def open_photos(self) -> PhotoImportDialog | None:
        if not self.ctx.can(Permission.WRITE_RECORDS):
            return None
        dialog = PhotoImportDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _wizard_gone(self) -> None:
        self.wizard = None

    def open_export(self, kind: str) -> ExportDialog | None:
        if not self.ctx.can(Permission.EXPORT):
            return None
        dialog = ExportDialog(self.ctx, kind=kind, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.export_dialog = dialog
        dialog.destroyed.connect(lambda: setattr(self, "export_dialog", None))
        dialog.show()
        return dialog

    def open_transfer_export(
        self, students: list[tuple[int, str] | tuple[int, str, str]] | None = None
    ) -> TransferExportDialog | None:
        if not self.ctx.can(Permission.EXPORT):
            return None
        dialog = TransferExportDialog(self.ctx, students or [], parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def open_transfer_import(self) -> TransferImportDialog | None:
        if not self.ctx.can(Permission.WRITE_RECORDS):
            return None
        dialog = TransferImportDialog(self.ctx, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def _add_history(self, wizard: ImportWizard, result: ImportResult) -> None:
        source = wizard.loaded.path.name if wizard.loaded is not None else ""
        when = datetime.datetime.now().strftime("%H:%M")
        text = (
            self.tr("%1  %2: %3 added, %4 updated, %5 rows not imported")
            .replace("%1", when)
            .replace("%2", source)
            .replace("%3", str(result.added))
            .replace("%4", str(result.updated))
            .replace("%5", str(result.skipped))
        )
        self.history.insertItem(0, text)
        self.empty_label.hide()
        self.changed.emit()
