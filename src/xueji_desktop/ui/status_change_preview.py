"""The pure parts of the 学籍异动 dialog (status_change_dialog.py, which re-exports them): the
kinds a student's state allows, and the service's preview as plain lines.

The preview's texts keep their translation context ``StatusChangeDialog``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from xueji_desktop import messages
from xueji_desktop.core import lifecycle
from xueji_desktop.services.status_changes import Preview


def legal_kinds(status: str, report_status: str, voided: bool) -> list[str]:
    """The kinds core/lifecycle allows from the student's state (a draft or void takes none)."""
    if voided or report_status == "draft":
        return []
    return [k for k, spec in lifecycle.SPECS.items() if status in spec.from_states]


def preview_text(preview: Preview, lang: str) -> str:
    """The preview in plain lines: status before → after, each field that moves, the cohort."""
    before = (
        QCoreApplication.translate("StatusChangeDialog", "(new record)")
        if preview.status_before == lifecycle.NEW_RECORD
        else messages.status_label(preview.status_before, lang)
    )
    lines = [
        QCoreApplication.translate("StatusChangeDialog", "Status: %1 → %2")
        .replace("%1", before)
        .replace("%2", messages.status_label(preview.status_after, lang))
    ]
    names = {
        "class_group_id": QCoreApplication.translate("StatusChangeDialog", "Class"),
        "major_code": QCoreApplication.translate("StatusChangeDialog", "Major"),
        "graduation_outcome": QCoreApplication.translate("StatusChangeDialog", "Outcome"),
    }
    for change in preview.changes:
        if change.field == "status":
            continue
        name = names.get(change.field) or messages.field_name(change.field, lang)
        old = change.old_label or QCoreApplication.translate("StatusChangeDialog", "(none)")
        if change.field == "graduation_outcome":
            old = (
                messages.kind_label(str(change.old), lang)
                if change.old
                else QCoreApplication.translate("StatusChangeDialog", "(none)")
            )
            change = type(change)(change.field, change.old, change.new, old,
                                  messages.kind_label(str(change.new), lang))  # fmt: skip
        lines.append(
            f"{name}：{old} → {change.new_label}"
            if lang == "zh"
            else f"{name}: {old} → {change.new_label}"
        )
    if preview.intake_year_before != preview.intake_year_after:
        lines.append(
            QCoreApplication.translate("StatusChangeDialog", "Cohort (intake year): %1 → %2")
            .replace("%1", str(preview.intake_year_before or "—"))
            .replace("%2", str(preview.intake_year_after or "—"))
        )
    if (
        not any(c.field != "status" for c in preview.changes)
        and preview.intake_year_before == preview.intake_year_after
    ):
        lines.append(
            QCoreApplication.translate(
                "StatusChangeDialog", "Class, major and cohort stay as they are."
            )
        )
    return "\n".join(lines)
