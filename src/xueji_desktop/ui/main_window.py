"""The main window: a navigation list on the left, the pages on the right, a plain status bar.

Pages (ui/pages.Page) come from ui/page_registry.PAGES, filtered by the user's roles; each is
built the first time it is shown and told ``activate(**args)`` on every visit, by the clerk's
click or by another page's ``ctx.go(page_id, **args)``. The window remembers its size and the
navigation splitter (ui/appearance); closing asks first when a page has unsaved changes. F1 shows
the current page's help. Integrity findings from the login stay visible above every page.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core.roles import Role, allowed
from xueji_desktop.storage.kdf import PRODUCTION, KdfParams
from xueji_desktop.ui import appearance
from xueji_desktop.ui.backup_scheduler import BackupScheduler
from xueji_desktop.ui.help import HelpDialog
from xueji_desktop.ui.i18n import warning_text
from xueji_desktop.ui.lock import LockController
from xueji_desktop.ui.operations import LoggedIn
from xueji_desktop.ui.pages import Page, PageContext
from xueji_desktop.ui.password_dialog import ChangePasswordDialog
from xueji_desktop.ui.widgets import ERROR_STYLE, ErrorLine, PracticeBanner, window_title
from xueji_desktop.ui.worker import SessionWorker

log = logging.getLogger(__name__)

GEOMETRY_KEY = "main_window"
_NAV_STYLE = (
    "QListWidget#navigation { border: none; background: #eef1f5; padding: 8px 4px; outline: 0; }"
    "QListWidget#navigation::item { padding: 10px 14px; margin: 2px 4px; border-radius: 6px;"
    " color: #1f2a37; }"
    "QListWidget#navigation::item:selected { background: #1d4f91; color: white; }"
    "QListWidget#navigation::item:hover:!selected { background: #dde4ee; }"
)
_PRACTICE_STATUS = (
    "QLabel#practiceStatus { background: #fde7a9; color: #5c3d00; padding: 1px 8px;"
    " border-radius: 3px; font-weight: bold; }"
)


def allowed_pages(roles: frozenset[Role], pages: Sequence[type[Page]]) -> list[type[Page]]:
    """The pages these roles may open, in navigation order."""
    return [page for page in pages if allowed(roles, page.permission)]


class MainWindow(QMainWindow):
    pageShown = Signal(str)  # page id, after activate()

    def __init__(
        self,
        logged_in: LoggedIn,
        worker: SessionWorker,
        *,
        practice: bool = False,
        pages: Sequence[type[Page]] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if pages is None:
            from xueji_desktop.ui.page_registry import PAGES  # the pages of every partner

            pages = PAGES
        self.session = logged_in.session
        self.worker = worker
        self.practice = practice
        self.setObjectName("mainWindow")
        school = logged_in.school_name
        title = self.tr("%1 — Xueji Desktop").replace("%1", school) if school else ""
        self.setWindowTitle(window_title(title or self.tr("Xueji Desktop"), practice=practice))
        self.ctx = PageContext(
            session=self.session,
            worker=worker,
            practice=practice,
            school_name=school,
            navigate=self.navigate,
        )
        self.page_classes = {p.page_id: p for p in allowed_pages(self.session.roles, pages)}
        self.pages: dict[str, Page] = {}  # built lazily, on the first visit
        self._help: HelpDialog | None = None
        self.password_dialog: ChangePasswordDialog | None = None
        self.password_kdf: KdfParams = PRODUCTION  # protects a changed password (tests: fast)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.practice_banner: PracticeBanner | None = PracticeBanner(central) if practice else None
        if self.practice_banner is not None:
            layout.addWidget(self.practice_banner)
        # Integrity findings from login (e.g. a broken audit chain) stay visible all session.
        self.integrity_line = ErrorLine(central)
        self.integrity_line.setObjectName("integrityLine")
        self.integrity_line.setStyleSheet(ERROR_STYLE.replace("#errorLine", "#integrityLine"))
        self.integrity_line.show_message(
            "\n".join(dict.fromkeys(warning_text(w) for w in self.session.warnings))
        )
        layout.addWidget(self.integrity_line)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, central)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.navigation = QListWidget(self.splitter)
        self.navigation.setObjectName("navigation")
        self.navigation.setStyleSheet(_NAV_STYLE)
        self.navigation.setIconSize(QSize(24, 24))
        self.navigation.setMinimumWidth(150)
        self.stack = QStackedWidget(self.splitter)
        self.stack.setObjectName("pageStack")
        self.splitter.addWidget(self.navigation)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([190, 990])
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        for page_id, page_class in self.page_classes.items():
            item = QListWidgetItem(self._page_title(page_class), self.navigation)
            item.setData(Qt.ItemDataRole.UserRole, page_id)
        self._refresh_nav_font()
        self.navigation.currentItemChanged.connect(self._nav_clicked)

        self._build_status_bar(school)
        self.lock = LockController(self, self.ctx)
        # The backup note in the status bar, the daily backup, the backup on closing (issue 7).
        self.backup = BackupScheduler(self, self.ctx)
        self._build_menus()

        self.resize(1180, 760)
        appearance.restore_geometry(GEOMETRY_KEY, self)
        appearance.restore_state(f"{GEOMETRY_KEY}/window", self)
        appearance.restore_state(f"{GEOMETRY_KEY}/splitter", self.splitter)
        if self.page_classes:
            self.navigate(next(iter(self.page_classes)), {})

    # -- building -------------------------------------------------------------------------------

    def _page_title(self, page_class: type[Page]) -> str:
        # title() is an instance method; the class's translation context is what it uses.
        try:
            return page_class.title(_TitleProbe(page_class))  # type: ignore[arg-type]
        except AttributeError:  # its title needs the page itself: build it now, show it later
            return self._build_page(page_class.page_id).title()

    def _build_status_bar(self, school: str) -> None:
        status = self.statusBar()
        status.setSizeGripEnabled(True)
        self.user_label = QLabel(
            self.tr("Signed in: %1 (%2)")
            .replace("%1", self.session.username)
            .replace("%2", self.role_names(self.session.roles)),
            status,
        )
        self.user_label.setObjectName("userStatus")
        self.school_label = QLabel(self.tr("Archive: %1").replace("%1", school or "—"), status)
        self.school_label.setObjectName("schoolStatus")
        status.addWidget(self.user_label)
        status.addWidget(self.school_label)
        self.practice_label: QLabel | None = None
        if self.practice:
            self.practice_label = QLabel(self.tr("Practice archive"), status)
            self.practice_label.setObjectName("practiceStatus")
            self.practice_label.setStyleSheet(_PRACTICE_STATUS)
            status.addPermanentWidget(self.practice_label)
        for label in (self.user_label, self.school_label):
            label.setContentsMargins(8, 0, 8, 0)

    def add_status_widget(self, widget: QWidget) -> None:
        """The hook for a later part's permanent note in the status bar: the backup issue adds
        "上次备份：3天前" here (amber after a day, red after a week). Nothing until then."""
        self.statusBar().addPermanentWidget(widget)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&Archive"))
        # The lock controller owns 锁定 and its Ctrl+L (it must work while this window is covered).
        self.lock_action = self.lock.action
        self.quit_action = QAction(self.tr("E&xit"), self)
        self.quit_action.setObjectName("quitAction")
        self.quit_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.lock_action)
        self.password_action = QAction(self.tr("Change &password…"), self)
        self.password_action.setObjectName("changePasswordAction")
        self.password_action.triggered.connect(self.change_password)
        file_menu.addAction(self.password_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        help_menu = bar.addMenu(self.tr("&Help"))
        self.help_action = QAction(self.tr("Help for this page"), self)
        self.help_action.setObjectName("helpAction")
        self.help_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.help_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.help_action.triggered.connect(self.show_help)
        help_menu.addAction(self.help_action)
        self.addAction(self.help_action)

    def change_password(self) -> None:
        """修改密码…: every user changes their own password (ui/password_dialog.py)."""
        if self.password_dialog is not None:
            self.password_dialog.raise_()
            self.password_dialog.activateWindow()
            return
        dialog = ChangePasswordDialog(self.ctx, self, kdf=self.password_kdf)
        self.password_dialog = dialog
        dialog.finished.connect(lambda _code: self._password_dialog_closed(dialog))
        dialog.open()

    def _password_dialog_closed(self, dialog: ChangePasswordDialog) -> None:
        if self.password_dialog is dialog:
            self.password_dialog = None
        dialog.deleteLater()

    def role_names(self, roles: frozenset[Role]) -> str:
        names = {
            Role.ADMIN: self.tr("administrator"),
            Role.CLERK: self.tr("archive clerk"),
            Role.VIEWER: self.tr("read only"),
        }
        return self.tr(", ").join(names[r] for r in (Role.ADMIN, Role.CLERK, Role.VIEWER)
                                  if r in roles)  # fmt: skip

    # -- navigation -----------------------------------------------------------------------------

    def navigate(self, page_id: str, args: dict[str, object]) -> None:
        """Show ``page_id`` (built on first use) and hand it ``args``; unknown ids are ignored."""
        if page_id not in self.page_classes:
            log.warning("navigation to a page that is not shown: %s", page_id)
            return
        page = self.pages.get(page_id) or self._build_page(page_id)
        for row in range(self.navigation.count()):
            item = self.navigation.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == page_id:
                self.navigation.blockSignals(True)
                self.navigation.setCurrentItem(item)
                self.navigation.blockSignals(False)
        self.stack.setCurrentWidget(page)
        page.activate(**args)
        self.pageShown.emit(page_id)

    def _build_page(self, page_id: str) -> Page:
        page = self.page_classes[page_id](self.ctx, self.stack)
        self.pages[page_id] = page
        self.stack.addWidget(page)
        self._connect_page(page)
        return page

    def _connect_page(self, page: Page) -> None:
        auto_lock = getattr(page, "autoLockChanged", None)
        if auto_lock is not None:  # the settings page: a new idle period takes effect now
            auto_lock.connect(self.lock.set_idle_minutes)

    def _nav_clicked(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.navigate(str(current.data(Qt.ItemDataRole.UserRole)), {})

    def current_page(self) -> Page | None:
        page = self.stack.currentWidget()
        return page if isinstance(page, Page) else None

    def show_help(self) -> None:
        page = self.current_page()
        if page is None:
            return
        if self._help is None:
            self._help = HelpDialog(self, practice=self.practice)
        self._help.show_help(page.title(), page.help_text())

    @property
    def help_dialog(self) -> HelpDialog | None:
        return self._help

    # -- closing ----------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        unsaved = [page for page in self.pages.values() if page.has_unsaved_changes()]
        if unsaved and not self.confirm_discard(unsaved):
            event.ignore()
            return
        for page in unsaved:
            page.discard_changes()
        if not self.backup.may_close():  # a backup of the changes first; it closes us again
            event.ignore()
            return
        appearance.save_geometry(GEOMETRY_KEY, self)
        appearance.save_state(f"{GEOMETRY_KEY}/window", self)
        appearance.save_state(f"{GEOMETRY_KEY}/splitter", self.splitter)
        if self._help is not None:
            self._help.close()
        super().closeEvent(event)

    def confirm_discard(self, pages: list[Page]) -> bool:
        titles = self.tr(", ").join(page.title() for page in pages)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            window_title(self.tr("Unsaved changes"), practice=self.practice),
            self.tr("Some changes are not saved yet (%1).").replace("%1", titles),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("discardBox")
        box.setInformativeText(self.tr("Go back to save them, or close and lose these changes."))
        discard = box.addButton(
            self.tr("Discard and close"), QMessageBox.ButtonRole.DestructiveRole
        )
        cancel = box.addButton(self.tr("Go back"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        return box.clickedButton() is discard

    # -- text size --------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._refresh_nav_font()
        super().changeEvent(event)

    def _refresh_nav_font(self) -> None:
        self.navigation.setFont(appearance.scaled_font(self.navigation, 1.15))
        # Wide enough for the longest page title at this text size (no horizontal scroll bar).
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widest = self.navigation.sizeHintForColumn(0) + 2 * self.navigation.frameWidth() + 24
        self.navigation.setMinimumWidth(max(150, widest))


class _TitleProbe:
    """Lets a page class's ``title()`` run before the page exists (it only calls ``self.tr``)."""

    def __init__(self, page_class: type[Page]) -> None:
        self._context = page_class.__name__

    def tr(self, text: str) -> str:
        return QCoreApplication.translate(self._context, text)
