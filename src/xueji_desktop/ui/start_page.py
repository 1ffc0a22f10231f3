"""The start page (待办): what needs doing, each item a count, a sentence and a button to the list.

The fast items (deadline, 休学 due back, graduation) load first; then the data-health check runs
on the worker with a progress bar and a stop button (seconds on a large archive). It stops by
itself when the clerk leaves the page, so the next page's list is not kept waiting.
"""

from __future__ import annotations

import datetime
import threading
from dataclasses import dataclass

from PySide6.QtCore import QDate, QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop import messages
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.todo import TodoItem
from xueji_desktop.ui import shell_ops
from xueji_desktop.ui.appearance import scaled_font
from xueji_desktop.ui.i18n import language
from xueji_desktop.ui.logs import error_sentence
from xueji_desktop.ui.pages import Page, PageContext
from xueji_desktop.ui.start_cards import (
    CARD_STYLE,
    TodoCard,
    button_text,
    room_caption,
    room_words,
)
from xueji_desktop.ui.widgets import ErrorLine

_POLL_MS = 150

__all__ = ["StartPage", "TodoCard"]  # the card moved to start_cards.py


@dataclass
class _HealthRun:
    """Shared with the worker thread: plain values only, read by a GUI-thread timer."""

    cancel: threading.Event
    done: int = 0
    total: int = 0


class StartPage(Page):
    page_id = "start"
    permission = Permission.READ_RECORDS

    loaded = Signal()  # the fast items are shown
    healthFinished = Signal(bool)  # the data-health check ended (True: complete)

    def __init__(self, ctx: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setStyleSheet(CARD_STYLE)
        self.cards: dict[str, TodoCard] = {}
        self._health: _HealthRun | None = None
        self._health_complete = False
        self._loading = False
        self._today = datetime.date.today()

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 12)
        outer.setSpacing(10)
        head = QHBoxLayout()
        self.heading = QLabel(self.tr("To do"), self)
        self.heading.setObjectName("pageHeading")
        self.date_label = QLabel(self)
        self.date_label.setStyleSheet("color: #555;")
        self.refresh_button = QPushButton(self.tr("Check again"), self)
        self.refresh_button.setObjectName("refreshButton")
        self.refresh_button.clicked.connect(lambda: self._load(with_health=True))
        head.addWidget(self.heading)
        head.addSpacing(16)
        head.addWidget(self.date_label, 0, Qt.AlignmentFlag.AlignBottom)
        head.addStretch(1)
        head.addWidget(self.refresh_button)
        outer.addLayout(head)
        self.error_line = ErrorLine(self)
        outer.addWidget(self.error_line)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(scroll)
        self._body = body
        self._items_layout = QVBoxLayout(body)
        self._items_layout.setContentsMargins(0, 4, 8, 4)
        self._items_layout.setSpacing(10)
        self.quiet_label = QLabel(self.tr("Nothing needs doing right now."), body)
        self.quiet_label.setObjectName("quietLabel")
        self.quiet_label.setStyleSheet("color: #2e6b30; padding: 8px;")
        self.quiet_label.hide()
        self._items_layout.addWidget(self.quiet_label)

        self.health_box = QFrame(body)
        self.health_box.setObjectName("healthBox")
        health = QHBoxLayout(self.health_box)
        health.setContentsMargins(4, 6, 4, 6)
        self.health_label = QLabel(self.health_box)
        self.health_label.setObjectName("healthLabel")
        self.health_label.setWordWrap(True)
        self.health_bar = QProgressBar(self.health_box)
        self.health_bar.setMaximumWidth(220)
        self.health_bar.setTextVisible(False)
        self.health_stop = QPushButton(self.tr("Stop the check"), self.health_box)
        self.health_stop.setObjectName("healthStop")
        self.health_stop.clicked.connect(self.stop_health_check)
        self.health_again = QPushButton(self.tr("Check again"), self.health_box)
        self.health_again.setObjectName("healthAgain")
        self.health_again.clicked.connect(self.start_health_check)
        health.addWidget(self.health_label, 1)
        health.addWidget(self.health_bar)
        health.addWidget(self.health_stop)
        health.addWidget(self.health_again)
        self.health_box.hide()
        self._items_layout.addWidget(self.health_box)
        self._items_layout.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self._poll = QTimer(self)
        self._poll.setInterval(_POLL_MS)
        self._poll.timeout.connect(self._show_progress)
        self._refresh_fonts()

    # -- Page ---------------------------------------------------------------------------------

    def title(self) -> str:
        return self.tr("To do")

    def help_text(self) -> str:
        return self.tr(
            "<p>This page lists what needs doing now: how many days are left until the next "
            "registration deadline (20 April and 20 November unless the school calendar says "
            "otherwise) and how many records are not yet checked or reported, students on "
            "leave who are due back, classes that graduate this year, paper files lent out "
            "and not back, dispatched files without a receipt, files still to be sent on, "
            "recent graduates without a destination, aid lists due, and what the data check "
            "found.</p>"
            "<p>Each line has a button that opens exactly what it counts.</p>"
            "<p>The data check reads the whole archive and may take a few seconds; you can stop "
            "it and start it again with <b>Check again</b>.</p>"
        )

    def activate(self, **args: object) -> None:
        today = args.get("today")
        self._today = today if isinstance(today, datetime.date) else datetime.date.today()
        self._load(with_health=not self._health_complete)

    # -- loading ------------------------------------------------------------------------------

    def _load(self, *, with_health: bool) -> None:
        if self._loading:
            return
        self._loading = True
        self.refresh_button.setEnabled(False)
        self.error_line.clear_message()
        self.date_label.setText(
            self.tr("Today is %1").replace("%1", self._date_text(self._today.isoformat()))
        )
        session, today = self.ctx.session, self._today
        self.ctx.worker.run(
            lambda: shell_ops.quick_todo(session, today),
            on_done=lambda items: self._on_quick(items, with_health),
            on_error=self._on_error,
            context=self,
        )

    def _on_quick(self, items: list[TodoItem], with_health: bool) -> None:
        self._loading = False
        self.refresh_button.setEnabled(True)
        for key in [k for k in self.cards if not k.startswith("health:")]:
            self.cards.pop(key).deleteLater()
        for item in items:
            self._add_card(item.kind, item)
        self._update_quiet()
        self.loaded.emit()
        if with_health and self.isVisible():  # left already: the check waits for the next visit
            self.start_health_check()

    def _on_error(self, error: BaseException) -> None:
        self._loading = False
        self.refresh_button.setEnabled(True)
        self.error_line.show_message(error_sentence(error))

    def start_health_check(self) -> None:
        if self._health is not None:
            return  # one check at a time
        for key in [k for k in self.cards if k.startswith("health:")]:
            self.cards.pop(key).deleteLater()
        run = _HealthRun(threading.Event())
        self._health = run
        self._health_complete = False
        self.health_label.setText(self.tr("Checking the data of every student…"))
        self.health_bar.setRange(0, 0)
        self.health_bar.show()
        self.health_stop.show()
        self.health_again.hide()
        self.health_box.show()
        self._poll.start()

        def progress(done: int, total: int) -> None:  # worker thread: plain values only
            run.done, run.total = done, total

        session, today = self.ctx.session, self._today
        self.ctx.worker.run(
            lambda: shell_ops.health_todo(session, today, progress, run.cancel.is_set),
            on_done=lambda result: self._on_health(run, *result),
            on_error=lambda error: self._on_health_error(run, error),
            context=self,
        )

    def stop_health_check(self) -> None:
        if self._health is not None:
            self._health.cancel.set()
            self.health_label.setText(self.tr("Stopping the check…"))
            self.health_stop.setEnabled(False)

    def _show_progress(self) -> None:
        run = self._health
        if run is not None and run.total:
            self.health_bar.setRange(0, run.total)
            self.health_bar.setValue(run.done)

    def _end_health(self, run: _HealthRun) -> bool:
        if self._health is not run:
            return False
        self._health = None
        self._poll.stop()
        self.health_bar.hide()
        self.health_stop.hide()
        self.health_stop.setEnabled(True)
        return True

    def _on_health(self, run: _HealthRun, items: list[TodoItem], complete: bool) -> None:
        if not self._end_health(run):
            return
        self._health_complete = complete
        for item in items:
            self._add_card(f"health:{item.params.get('finding', '')}", item)
        self.health_again.setVisible(not complete)  # the page's own button checks again too
        if not complete:
            self.health_label.setText(
                self.tr("The data check was stopped; what it found so far is shown.")
            )
        elif items:
            self.health_label.setText(self.tr("The data check is finished."))
        else:
            self.health_label.setText(self.tr("The data check found nothing to correct."))
        self._update_quiet()
        self.healthFinished.emit(complete)

    def _on_health_error(self, run: _HealthRun, error: BaseException) -> None:
        if self._end_health(run):
            self.health_again.show()
            self.health_label.setText(error_sentence(error))
            self.healthFinished.emit(False)

    def hideEvent(self, event: QHideEvent) -> None:
        # Leaving the page: the check would keep the next page's list waiting on the worker.
        self.stop_health_check()
        super().hideEvent(event)

    # -- items ----------------------------------------------------------------------------------

    def _add_card(self, key: str, item: TodoItem) -> None:
        count, text = self._words(item)
        card = TodoCard(count, text, button_text(item), urgent=item.urgent, parent=self._body)
        card.opened.connect(lambda item=item: self.open_item(item))
        # Layout: the quiet line, the fast items, the health line, its findings, the stretch.
        if key.startswith("health:"):
            index = self._items_layout.count() - 1
        else:
            index = self._items_layout.indexOf(self.health_box)
        self._items_layout.insertWidget(index, card)
        self.cards[key] = card

    def _update_quiet(self) -> None:
        # The deadline line is always there; "nothing to do" when it is the only one.
        work = [k for k in self.cards if k != "registration_deadline"]
        running = self._health is not None
        self.quiet_label.setVisible(not work and not running and self._health_complete)

    def open_item(self, item: TodoItem) -> None:
        if item.target is None:
            return
        args = dict(item.target.args)
        if "caption" in args:
            args["caption"] = self.caption(item)
        self.ctx.go(item.target.page, **args)

    def caption(self, item: TodoItem) -> str:
        """Why the student list shows these students (the list's heading)."""
        kind = item.kind
        if kind == "health":
            return self.tr("Data check: %1").replace(
                "%1", messages.finding_title(str(item.params.get("finding", "")), language())
            )
        room = room_caption(kind)
        if room is not None:
            return room
        captions = {
            "leave_overdue": self.tr("On leave, past the expected return date"),
            "leave_due_soon": self.tr("On leave, due back within %1 days"),
            "graduation_due": self.tr("Enrolled students graduating this year"),
            "graduation_overdue": self.tr("Still enrolled after their graduation year"),
        }
        return captions.get(kind, self.title()).replace("%1", str(item.params.get("days", "")))

    def _date_text(self, iso: str) -> str:
        date = QDate.fromString(iso, "yyyy-MM-dd")
        return QLocale().toString(date, self.tr("MMMM d, yyyy"))

    def _month_day(self, iso: str) -> str:
        return QLocale().toString(QDate.fromString(iso, "yyyy-MM-dd"), self.tr("MMMM d"))

    def _words(self, item: TodoItem) -> tuple[str, str]:
        """(the big number, the sentence beside it)."""
        p = item.params
        n = str(item.count)
        room = room_words(item, self._date_text, self._join)
        if room is not None:
            return room
        if item.kind == "registration_deadline":
            date = self._month_day(str(p["date"]))
            if item.count == 0:
                n = self.tr("Today")
                text = self.tr("is the registration deadline (%1).").replace("%1", date)
            else:
                text = self.tr("days until the next registration deadline (%1).")
                text = text.replace("%1", date)
            if "passed" in p:
                passed = self.tr("The last deadline (%1) passed %2 days ago.")
                passed = passed.replace("%1", self._month_day(str(p["passed"])))
                text = self._join(text, passed.replace("%2", str(p["passed_days"])))
            return n, text
        sentences = {
            "not_confirmed": self.tr(
                "records are still drafts: check them with the student and confirm them."
            ),
            "returned": self.tr(
                "records were returned by the education authority: correct "
                "them and confirm them again."
            ),
            "not_reported": self.tr("records are confirmed but not yet reported."),
            "leave_overdue": self.tr(
                "students on leave are past their expected return "
                "date: record their return or another status change."
            ),
            "leave_due_soon": self.tr("students on leave are due back within %1 days."),
            "graduation_due": self.tr(
                "enrolled students in %2 classes graduate this year (%1): check who is "
                "eligible and record the graduation in the 20 working days before they leave "
                "on %4 (from %3)."
            ),
            "graduation_overdue": self.tr(
                "students are still enrolled although their class's "
                "graduation year has passed: record their graduation "
                "or another status change."
            ),
        }
        if item.kind == "health":
            title = messages.finding_title(str(p.get("finding", "")), language())
            text = self.tr("students: %1 (data check).").replace("%1", title)
        else:
            text = sentences.get(item.kind, "")
            text = text.replace("%1", str(p.get("days", p.get("year", ""))))
            text = text.replace("%2", str(p.get("classes", "")))
            if item.kind == "graduation_due":
                text = text.replace("%3", self._month_day(str(p.get("from", ""))))
                text = text.replace("%4", self._month_day(str(p.get("until", ""))))
        if item.kind in ("not_confirmed", "returned", "not_reported"):
            deadline = self.tr("Deadline: %1.").replace("%1", self._month_day(str(p["date"])))
            text = self._join(text, deadline)
        return n, text

    def _join(self, first: str, second: str) -> str:
        """Two sentences: a space between them in English, none in Chinese."""
        return self.tr("%1 %2").replace("%1", first).replace("%2", second)

    # -- text size --------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._refresh_fonts()
        super().changeEvent(event)

    def _refresh_fonts(self) -> None:
        self.heading.setFont(scaled_font(self, 1.6, bold=True))
        for card in self.cards.values():
            card.refresh_fonts()
