"""设置: this user's text size and language on this computer; for administrators, the auto-lock
and the users (ui/users_panel.py).

Text size applies at once (the whole application follows the QApplication font). The language
is saved and used at the next start: translations are installed before any window exists. The
auto-lock period is a school setting in the archive (services/session_lock), saved through the
worker; the main window's lock controller hears of it through ``autoLockChanged``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.roles import Permission
from xueji_desktop.services.session_lock import MAX_MINUTES, MIN_MINUTES
from xueji_desktop.ui import appearance, shell_ops
from xueji_desktop.ui.i18n import language
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import Page, PageContext
from xueji_desktop.ui.print_settings import PrintSettingsSection
from xueji_desktop.ui.users_panel import UsersPanel
from xueji_desktop.ui.widgets import ErrorLine


class SettingsPage(Page):
    page_id = "settings"
    permission = Permission.READ_RECORDS  # everyone has a text size; the rest is per role

    autoLockChanged = Signal(int)  # minutes now in force, after a successful save
    textSizeChanged = Signal(str)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 12)
        outer.setSpacing(14)
        self.heading = QLabel(self.title(), self)
        self.heading.setObjectName("pageHeading")
        outer.addWidget(self.heading)

        # -- text size
        size_box = QGroupBox(self.tr("Text size"), self)
        size_layout = QHBoxLayout(size_box)
        self.size_group = QButtonGroup(self)
        self.size_buttons: dict[str, QRadioButton] = {}
        labels = {
            "normal": self.tr("Normal"),
            "large": self.tr("Large"),
            "larger": self.tr("Larger"),
        }
        for size in appearance.TEXT_SIZES:
            button = QRadioButton(labels[size], size_box)
            button.setObjectName(f"textSize_{size}")
            self.size_group.addButton(button)
            self.size_buttons[size] = button
            size_layout.addWidget(button)
        size_layout.addStretch(1)
        self.size_buttons[appearance.current_text_size()].setChecked(True)
        for size, button in self.size_buttons.items():
            button.toggled.connect(lambda on, size=size: on and self.set_text_size(size))
        outer.addWidget(size_box)

        # -- language
        lang_box = QGroupBox(self.tr("Language"), self)
        lang_layout = QVBoxLayout(lang_box)
        row = QHBoxLayout()
        self.lang_group = QButtonGroup(self)
        self.lang_buttons: dict[str, QRadioButton] = {}
        for code, label in (("zh", "简体中文"), ("en", "English")):  # each in its own language
            button = QRadioButton(label, lang_box)
            button.setObjectName(f"language_{code}")
            self.lang_group.addButton(button)
            self.lang_buttons[code] = button
            row.addWidget(button)
        row.addStretch(1)
        lang_layout.addLayout(row)
        self.lang_note = QLabel(self.tr("A new language is used from the next start."), lang_box)
        self.lang_note.setObjectName("languageNote")
        self.lang_note.setStyleSheet("color: #555;")
        lang_layout.addWidget(self.lang_note)
        self.lang_buttons[appearance.saved_language() or language()].setChecked(True)
        for code, button in self.lang_buttons.items():
            button.toggled.connect(lambda on, code=code: on and self.set_language(code))
        outer.addWidget(lang_box)

        # -- school (read only) and, for administrators, the auto-lock
        school_box = QGroupBox(self.tr("School"), self)
        form = QFormLayout(school_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.school_label = QLabel(ctx.school_name or "—", school_box)
        self.school_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.tr("School name:"), self.school_label)
        self.lock_row: QWidget | None = None
        self.lock_spin = QSpinBox(school_box)
        self.lock_spin.setObjectName("autoLockMinutes")
        self.lock_spin.setRange(MIN_MINUTES, MAX_MINUTES)
        self.lock_spin.setSuffix(self.tr(" minutes"))
        self.lock_save = QPushButton(self.tr("Save"), school_box)
        self.lock_save.setObjectName("autoLockSave")
        self.lock_save.clicked.connect(self.save_auto_lock)
        self.lock_saved = QLabel(school_box)
        self.lock_saved.setObjectName("autoLockSaved")
        self.lock_saved.setStyleSheet("color: #2e6b30;")
        if ctx.can(Permission.MANAGE_SETTINGS):
            self.lock_row = QWidget(school_box)
            lock_layout = QHBoxLayout(self.lock_row)
            lock_layout.setContentsMargins(0, 0, 0, 0)
            lock_layout.addWidget(self.lock_spin)
            lock_layout.addWidget(self.lock_save)
            lock_layout.addWidget(self.lock_saved, 1)
            form.addRow(self.tr("Lock the screen after this long without use:"), self.lock_row)
        else:
            for widget in (self.lock_spin, self.lock_save, self.lock_saved):
                widget.hide()
        outer.addWidget(school_box)
        # The users (administrators) and the print settings are long: they scroll, so a small
        # screen still shows everything.
        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(14)
        self.users_panel: UsersPanel | None = None
        if ctx.can(Permission.MANAGE_USERS):
            self.users_panel = UsersPanel(ctx, body)
            body_layout.addWidget(self.users_panel)
        self.print_section = PrintSettingsSection(ctx, body)
        body_layout.addWidget(self.print_section)
        self.print_scroll = QScrollArea(self)
        self.print_scroll.setWidgetResizable(True)
        self.print_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.print_scroll.setWidget(body)
        scrolls = self.print_section.any_visible() or self.users_panel is not None
        self.print_section.setVisible(self.print_section.any_visible())
        self.print_scroll.setVisible(scrolls)
        outer.addWidget(self.print_scroll, 1)
        self.error_line = ErrorLine(self)
        outer.addWidget(self.error_line)
        # The scrolling sections take the free height when shown, else the stretch does.
        outer.addStretch(0 if scrolls else 1)
        self._refresh_fonts()

    # -- Page -------------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("Settings")

    def help_text(self) -> str:
        text = self.tr(
            "<p><b>Text size</b> makes every window's text larger at once, for tired eyes. It "
            "is remembered on this computer for you.</p>"
            "<p><b>Language</b>: Chinese or English. The program uses the new language the "
            "next time it starts.</p>"
        )
        if self.ctx.can(Permission.MANAGE_SETTINGS):
            text += self.tr(
                "<p><b>Lock the screen</b>: after this many minutes without use the program "
                "hides every record until the password is typed again. This applies to every "
                "computer that uses this archive.</p>"
            )
        if self.users_panel is not None:
            text += self.tr(
                "<p><b>Users</b>: add an account for each person, reset a forgotten password, "
                "lift a lockout after too many wrong passwords, disable the account of someone "
                "who leaves. Each change asks for your own password again. Your own password is "
                "changed with <b>Change password…</b> in the <b>Archive</b> menu.</p>"
            )
        return text

    def activate(self, **args: object) -> None:
        if self.users_panel is not None:
            self.users_panel.load()
        if self.print_section.any_visible():
            self.print_section.load()
        if self.lock_row is None:
            return
        session = self.ctx.session
        self.lock_save.setEnabled(False)
        self.ctx.worker.run(
            lambda: shell_ops.auto_lock_minutes(session),
            on_done=self._show_minutes,
            on_error=self._on_error,
            context=self,
        )

    # -- actions ----------------------------------------------------------------------------------

    def set_text_size(self, size: str) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        appearance.save_text_size(size)
        appearance.apply_text_size(app, size)
        self.textSizeChanged.emit(size)

    def set_language(self, code: str) -> None:
        appearance.save_language(code)
        if code != language():
            self.lang_note.setText(self.tr("Saved. Close and start the program again to use it."))
        else:
            self.lang_note.setText(self.tr("A new language is used from the next start."))

    def save_auto_lock(self) -> None:
        minutes = self.lock_spin.value()
        session = self.ctx.session
        self.lock_save.setEnabled(False)
        self.lock_saved.clear()
        self.error_line.clear_message()
        self.ctx.worker.run(
            lambda: shell_ops.set_auto_lock_minutes(session, minutes),
            on_done=self._on_saved,
            on_error=self._on_error,
            context=self,
        )

    def _show_minutes(self, minutes: int) -> None:
        self.lock_spin.setValue(minutes)
        self.lock_save.setEnabled(True)

    def _on_saved(self, minutes: int) -> None:
        self._show_minutes(minutes)
        self.lock_saved.setText(self.tr("Saved."))
        self.autoLockChanged.emit(minutes)

    def _on_error(self, error: BaseException) -> None:
        self.lock_save.setEnabled(True)
        self.error_line.show_message(error_sentence(error))

    # -- text size --------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._refresh_fonts()
        super().changeEvent(event)

    def _refresh_fonts(self) -> None:
        self.heading.setFont(appearance.scaled_font(self, 1.6, bold=True))
