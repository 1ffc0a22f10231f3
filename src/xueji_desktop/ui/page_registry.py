"""Every page of the main window's navigation, in the order the clerk sees them.

A page appears only when its module exists here (no placeholders) and the user's roles allow its
``permission``. A later issue adds a page by importing its class and appending it to ``PAGES``.
"""

from __future__ import annotations

from xueji_desktop.ui.audit_page import AuditPage
from xueji_desktop.ui.backup_page import BackupPage
from xueji_desktop.ui.calendar_page import CalendarPage
from xueji_desktop.ui.classes_page import ClassesPage
from xueji_desktop.ui.documents_page import DocumentsPage
from xueji_desktop.ui.exchange_page import ExchangePage
from xueji_desktop.ui.grades_page import GradesPage
from xueji_desktop.ui.integrity_page import IntegrityPage
from xueji_desktop.ui.pages import Page
from xueji_desktop.ui.paper_files_page import PaperFilesPage
from xueji_desktop.ui.retention_page import RetentionPage
from xueji_desktop.ui.settings_page import SettingsPage
from xueji_desktop.ui.start_page import StartPage
from xueji_desktop.ui.statistics_page import StatisticsPage
from xueji_desktop.ui.status_changes_page import StatusChangesPage
from xueji_desktop.ui.students_page import StudentsPage

PAGES: tuple[type[Page], ...] = (
    StartPage,
    StudentsPage,
    ClassesPage,
    GradesPage,
    StatusChangesPage,
    DocumentsPage,
    PaperFilesPage,
    RetentionPage,
    ExchangePage,
    CalendarPage,
    StatisticsPage,
    BackupPage,
    IntegrityPage,
    AuditPage,
    SettingsPage,
)
