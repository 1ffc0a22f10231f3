"""The student entry form (学生信息采集表): new records and edits, validated as the clerk goes.

Fields and tab order follow the national template (core/fields.py), in sections. When the clerk
leaves a field the whole record is checked by the one rule set (``core.validation.check_student``);
it is pure Python and takes about 1 ms for a record, far below a frame (16 ms), so it runs on the
GUI thread. Saving runs on the worker through ``form_ops.save_student``; the services decide.
The save flow and leaving with unsaved changes are in ``form_saving`` (a mixin of this class).

After every successful save, and whenever a record view reports that an action changed the record
(``record_view.record_events``), the form re-reads the record, so it never works from a stale
state (a draft that was confirmed meanwhile needs a reason, and its class is then read-only).
"""

from __future__ import annotations

import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from xueji_desktop.core import lifecycle
from xueji_desktop.core.errors import XuejiError
from xueji_desktop.core.id_number import is_valid_id_number, validate_id_number
from xueji_desktop.core.problems import Problem, errors_only
from xueji_desktop.core.roles import Permission
from xueji_desktop.core.validation import Checked, check_student
from xueji_desktop.problem_text import field_text, problem_text
from xueji_desktop.ui import form_ops, i18n, id_card_button
from xueji_desktop.ui.form_family import FamilySection, set_problem
from xueji_desktop.ui.form_fields import PROBLEM_STYLE, SearchCombo, make_choices
from xueji_desktop.ui.form_saving import FormSaving
from xueji_desktop.ui.form_sections import build_sections
from xueji_desktop.ui.pages import PageContext
from xueji_desktop.ui.photo import PhotoBox
from xueji_desktop.ui.record_view import record_events
from xueji_desktop.ui.widgets import ErrorLine

EDITABLE_REPORT = ("draft", "returned")
ID_CARD = "1"  # 居民身份证: the only ID type that encodes birth date and gender


def _text(value: object) -> str:
    return "" if value is None else str(value)


class StudentForm(FormSaving, QWidget):
    saved = Signal(int)
    closeRequested = Signal()

    def __init__(self, ctx: PageContext, student_id: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.student_id = student_id
        self.record: dict[str, Any] | None = None
        self.rows: dict[str, tuple[QWidget, QLabel]] = {}
        self.loaded = False
        self.busy = False
        self.last_checked: Checked | None = None
        self._baseline: dict[str, Any] = {}
        self._auto: dict[str, str] = {}  # fields filled from the ID number, with that value
        self._majors: dict[str, str] = {}
        self._class_majors: dict[str, str] = {}
        self._acknowledged: frozenset[str] = frozenset()
        self._close_after_save = False
        self._reload_pending = False  # a reload asked for while a save was running
        self._elsewhere = False  # the pending reload follows a change made outside this form
        self._sent: dict[str, Any] = {}  # the values of the save in progress
        self._state_note = ""  # what the record's state means for editing (confirmed, voided)
        self._event_note = ""  # what just happened (saved, nothing changed, changed elsewhere)
        self.setStyleSheet(PROBLEM_STYLE)
        self._build()
        QShortcut(
            QKeySequence.StandardKey.Save,
            self,
            self.save,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        self.setEnabled(False)
        sid = student_id
        ctx.worker.run(
            lambda: form_ops.load_form(ctx.session, sid),
            on_done=self._loaded,
            on_error=self._failed,
            context=self,
        )
        record_events().changed.connect(self._changed_elsewhere)

    # --- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        header = QHBoxLayout()
        self.title = QLabel(self.tr("New student"), self)
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.counter = QLabel(self)
        self.counter.setObjectName("missingCounter")
        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"), self)
        self.save_button.clicked.connect(self.save)
        header.addWidget(self.title)
        header.addStretch(1)
        self.id_card = id_card_button.attach(self, header)  # 读身份证 (new records)
        header.addWidget(self.counter)
        header.addWidget(self.save_button)
        outer.addLayout(header)
        self.error_line = ErrorLine(self)
        outer.addWidget(self.error_line)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.hide()
        outer.addWidget(self.note)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        body = QWidget(scroll)
        column = QVBoxLayout(body)
        self.photo = PhotoBox(self.ctx, body)
        self.rows = build_sections(body, column, self.photo)
        for name, (editor, _) in self.rows.items():
            editor.committed.connect(lambda name=name: self._committed(name))
        family_box = QGroupBox(self.tr("Family members"), body)
        family_layout = QVBoxLayout(family_box)
        self.family = FamilySection(family_box)
        self.family.committed.connect(self.validate)
        family_layout.addWidget(self.family)
        column.addWidget(family_box)
        column.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.scroll = scroll

    def editor(self, name: str) -> Any:
        return self.rows[name][0]

    def message(self, name: str) -> QLabel:
        return self.rows[name][1]

    # --- loading ----------------------------------------------------------------------------

    def _set_choices(self, data: form_ops.FormData) -> None:
        self._majors = {code: version for code, _, version in data.majors}
        self._class_majors = dict(data.classes)
        majors = self.editor("major_code")
        assert isinstance(majors, SearchCombo)
        majors.set_choices(make_choices([(c, f"{c} {n}") for c, n, _ in data.majors]))
        classes = self.editor("class_group")
        assert isinstance(classes, SearchCombo)
        classes.set_choices(make_choices([(n, n) for n, _ in data.classes]))

    def _show_record(self, record: dict[str, Any]) -> None:
        self.record = record
        for name, (editor, _) in self.rows.items():
            editor.set_value(_text(record.get(name)))
        self.family.set_members(record.get("family_members") or [])
        self.title.setText(_text(record.get("name")) or self.tr("Student record"))

    def _loaded(self, data: form_ops.FormData) -> None:
        self._set_choices(data)
        if data.record is not None:
            self._show_record(data.record)
        else:
            self.family.add_member()
            self.family.add_member()
        self._baseline = self.values()
        self.loaded = True
        self._apply_permissions()
        self.validate()
        if self.student_id is not None:
            self.photo.load(self.student_id)

    def reload(self) -> None:
        """Read the record again after it was changed elsewhere (信息核对确认, a 学籍异动 …).
        Unsaved edits the clerk made are kept where the field may still be changed, and the
        note says so; everything else shows the record as it is now."""
        if self.student_id is None or not self.loaded:
            return
        self._elsewhere = True
        self._note("")  # "Saved." no longer describes what is shown
        self._read_again()

    def _read_again(self) -> None:
        if self.busy:
            self._reload_pending = True  # after the save: its result decides what is current
            return
        session, sid = self.ctx.session, self.student_id
        self.ctx.worker.run(
            lambda: form_ops.load_form(session, sid),
            on_done=self._reloaded,
            on_error=self._reload_failed,
            context=self,
        )

    def _changed_elsewhere(self, student_id: int) -> None:
        if student_id == self.student_id:
            self.reload()

    def _reloaded(self, data: form_ops.FormData) -> None:
        if data.record is None:
            return
        if self.busy:  # a save started meanwhile: read again once it is done
            self._reload_pending = True
            return
        elsewhere, self._elsewhere = self._elsewhere, False
        now = self.values()
        kept = {k: now[k] for k in self.changed_fields()}
        self._set_choices(data)
        self._show_record(data.record)
        self._baseline = self.values()
        self._apply_permissions()
        dropped = []
        for name, value in kept.items():
            if name == "family_members" and self.editable:
                self.family.set_members(value)
            elif name in self.rows and self.editor(name).isEnabled():
                self.editor(name).set_value(value)
            else:
                dropped.append(name)
        self.family.set_editable(self.editable)
        if kept and elsewhere:
            lang = i18n.language()
            text = self.tr(
                "This record was changed elsewhere and is shown as it is now; "
                "your unsaved changes are kept."
            )
            if dropped:
                names = ("、" if lang == "zh" else ", ").join(field_text(n, lang) for n in dropped)
                undone = self.tr("These can no longer be changed here and were undone: %1")
                text += ("" if lang == "zh" else " ") + undone.replace("%1", names)
            self._event_note = text
        self._show_notes()
        self.validate()

    def _reload_failed(self, exc: BaseException) -> None:
        text = i18n.error_text(exc) if isinstance(exc, XuejiError) else self._unexpected()
        self.error_line.show_message(text)

    def _failed(self, exc: BaseException) -> None:
        self.setEnabled(True)
        self.save_button.setEnabled(False)
        text = i18n.error_text(exc) if isinstance(exc, XuejiError) else self._unexpected()
        self.error_line.show_message(text)

    def _unexpected(self) -> str:
        return self.tr("Something went wrong. Nothing was changed; please try again.")

    def _apply_permissions(self) -> None:
        record = self.record or {}
        writer = self.ctx.can(Permission.WRITE_RECORDS)
        locked = lifecycle.is_locked(_text(record.get("status")))
        if locked:
            writer = self.ctx.can(Permission.CORRECT_RECORDS)
        self.editable = writer and not record.get("voided")
        self.setEnabled(True)
        confirmed = record.get("report_status", "draft") not in EDITABLE_REPORT
        for name, (editor, _) in self.rows.items():
            fixed = name in ("student_no", "registry_no") and bool(record.get(name))
            moved = name in ("class_group", "major_code") and confirmed  # 学籍异动 only
            editor.setEnabled(self.editable and not fixed and not moved)
        self.family.set_editable(self.editable)
        self.save_button.setVisible(self.editable)
        self._state_note = ""
        if record.get("voided"):
            self._state_note = self.tr("This record was voided; it can be read but not changed.")
        elif confirmed and self.editable:
            self._state_note = self.tr(
                "This record has been confirmed: every change needs a reason and "
                "is kept in the history. Class and major change only through a "
                "status change."
            )
        self._show_notes()

    def _note(self, text: str) -> None:
        """Say what just happened, above what the record's state means (which stays)."""
        self._event_note = text
        self._show_notes()

    def _show_notes(self) -> None:
        text = "\n".join(t for t in (self._event_note, self._state_note) if t)
        self.note.setText(text)
        self.note.setVisible(bool(text))

    # --- values and validation ---------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: editor.value() for name, (editor, _) in self.rows.items()}
        out["family_members"] = self.family.values()
        return out

    @property
    def _draft(self) -> bool:
        return (self.record or {}).get("report_status", "draft") in EDITABLE_REPORT

    def validate(self) -> Checked:
        checked = check_student(
            self.values(), today=datetime.date.today(), majors=self._majors, draft=self._draft
        )
        self.last_checked = checked
        self.show_problems(checked.problems)
        lang = i18n.language()
        missing = len(checked.missing)
        if missing:
            self.counter.setText(
                self.tr("%1 required item(s) still missing").replace("%1", str(missing))
            )
            self.counter.setToolTip("、".join(field_text(m, lang) for m in checked.missing))
            self.counter.setStyleSheet("color: #8a5a00; font-weight: bold;")
        else:
            self.counter.setText(self.tr("All required items are filled in"))
            self.counter.setToolTip("")
            self.counter.setStyleSheet("color: #2e7d32; font-weight: bold;")
        return checked

    def show_problems(self, problems: list[Problem]) -> None:
        lang = i18n.language()
        by_field: dict[str, list[Problem]] = {}
        for p in problems:
            by_field.setdefault(p.field, []).append(p)
        for name, (editor, message) in self.rows.items():
            mine = by_field.get(name, [])
            severity = "error" if errors_only(mine) else ("warning" if mine else "")
            set_problem(editor, severity)
            message.setText("\n".join(problem_text(p, lang) for p in mine))
            colour = "#c62828" if severity == "error" else "#8a5a00"
            message.setStyleSheet(f"color: {colour};")
        self.family.show_problems([p for p in problems if p.field.startswith("family_members.")])
        stray = [
            p
            for p in errors_only(problems)
            if p.field not in self.rows and not p.field.startswith("family_members.")
        ]
        if stray:
            self.error_line.show_message("\n".join(problem_text(p, lang) for p in stray))

    def _committed(self, name: str) -> None:
        """The clerk left a field: derive what follows from it, then check the record."""
        value = self.editor(name).value()
        if name in self._auto and value != self._auto[name]:
            del self._auto[name]  # typed over: no longer ours to refill
        if name in ("id_number", "id_type"):
            self._fill_from_id()
        if name == "class_group" and not self.editor("major_code").value():
            major = self._class_majors.get(value)
            if major:
                self.editor("major_code").set_value(major)
        self.validate()

    def _fill_from_id(self) -> None:
        number = self.editor("id_number").value()
        if self.editor("id_type").value() != ID_CARD or not is_valid_id_number(number):
            return
        info = validate_id_number(number)
        derived = {"birth_date": info.birth_date.isoformat(), "gender": info.gender}
        for name, value in derived.items():
            editor = self.editor(name)
            if not editor.value() or name in self._auto:
                editor.set_value(value)
                self._auto[name] = editor.value()

    # --- saving (form_saving) and leaving ------------------------------------------------------

    def _needs_reason(self) -> bool:
        record = self.record or {}
        return not self._draft or lifecycle.is_locked(_text(record.get("status")))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc reaches the form when the focused field does not use it (an open popup does).
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            if self.maybe_close():
                self.closeRequested.emit()
            return
        super().keyPressEvent(event)
