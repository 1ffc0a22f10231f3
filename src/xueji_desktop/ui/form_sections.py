"""How the entry form is laid out (sections in the template's order) and the texts it shows
after a save (who a number clashes with, likely duplicates)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from xueji_desktop.core.fields import STUDENT_FIELDS
from xueji_desktop.problem_text import field_text
from xueji_desktop.problem_texts_records import DUPLICATE_REASONS
from xueji_desktop.ui import form_ops, i18n
from xueji_desktop.ui.form_family import required_label
from xueji_desktop.ui.form_fields import make_editor

CTX = "StudentForm"  # the form's strings share one translation context


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    """Mark a string for translation where it is defined; it is translated where it is shown."""
    return text


# Sections: runs of the template's order (so tab order stays the paper form's), with a title.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("name", QT_TRANSLATE_NOOP("StudentForm", "Basic information")),
    ("class_group", QT_TRANSLATE_NOOP("StudentForm", "Class and enrolment")),
    ("nationality", QT_TRANSLATE_NOOP("StudentForm", "Identity and household registration")),
    ("enrolment_month", QT_TRANSLATE_NOOP("StudentForm", "Major")),
    ("ethnicity", QT_TRANSLATE_NOOP("StudentForm", "Personal details")),
    ("recruitment_mode", QT_TRANSLATE_NOOP("StudentForm", "Admission")),
    ("english_name", QT_TRANSLATE_NOOP("StudentForm", "Contact")),
    ("registry_no", QT_TRANSLATE_NOOP("StudentForm", "School registration")),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate(CTX, text)


def build_sections(
    body: QWidget, column: QVBoxLayout, photo: QWidget
) -> dict[str, tuple[Any, QLabel]]:
    """One group box per section: label, editor and the message beside it; the photo at the
    right of the first section. Returns field name -> (editor, message label)."""
    starts = dict(SECTIONS)
    lang = i18n.language()
    rows: dict[str, tuple[Any, QLabel]] = {}
    grid: QGridLayout | None = None
    row = 0
    for spec in STUDENT_FIELDS:
        if spec.name in starts:
            box = QGroupBox(_tr(starts[spec.name]), body)
            grid = QGridLayout(box)
            grid.setColumnStretch(2, 1)
            grid.setColumnMinimumWidth(0, 170)  # the same label column in every section
            grid.setColumnMinimumWidth(1, 300)
            if spec.name == "name":
                photo.setParent(box)
                grid.addWidget(photo, 0, 3, 6, 1, Qt.AlignmentFlag.AlignTop)
            column.addWidget(box)
        assert grid is not None
        row = 0 if spec.name in starts else row + 1
        label = QLabel(required_label(field_text(spec.name, lang), spec.required), body)
        editor = make_editor(spec, body)
        editor.setObjectName(f"field_{spec.name}")
        label.setBuddy(editor)
        message = QLabel(body)
        message.setWordWrap(True)
        message.setTextFormat(Qt.TextFormat.PlainText)
        message.setMinimumWidth(220)
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        grid.addWidget(editor, row, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(message, row, 2, Qt.AlignmentFlag.AlignTop)
        rows[spec.name] = (editor, message)
    return rows


def clash_text(result: form_ops.SaveResult) -> str:
    """The refusal of a number already in use, naming the student who has it."""
    assert result.clash is not None
    text = i18n.error_text(result.clash)
    other = result.clash_with
    if other is not None:
        text += "\n" + QCoreApplication.translate(
            "StudentForm", "It is already used by %1 (student no. %2, %3)."
        ).replace("%1", other.name).replace("%2", other.student_no or "—").replace(
            "%3", other.class_name or "—"
        )
    return text


def duplicates_text(found: list[tuple[form_ops.Brief, tuple[str, ...]]]) -> str:
    idx = 1 if i18n.language() == "en" else 0
    lines = []
    for brief, reasons in found:
        why = ("、", ", ")[idx].join(DUPLICATE_REASONS.get(r, (r, r))[idx] for r in reasons)
        left, right = ("（", "）") if idx == 0 else (" (", ")")
        lines.append(
            f"• {brief.name or brief.student_id} {brief.student_no} {brief.class_name}"
            f"{left}{why}{right}"
        )
    intro = QCoreApplication.translate(
        "StudentForm",
        "The record was saved. These students look like the same person; please check that "
        "this student was not entered twice:",
    )
    return intro + "\n\n" + "\n".join(lines)
