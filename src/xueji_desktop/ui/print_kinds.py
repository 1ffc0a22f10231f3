"""The document kinds as the GUI names them, which of them fit a selection, and whom a print is
for (shared by the print dialog, the register page, the verify dialog and print settings)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from xueji_desktop.printing import model as m
from xueji_desktop.services.document_content import kind_states
from xueji_desktop.ui.table_model import QT_TRANSLATE_NOOP

KIND_LABELS: dict[str, str] = {
    m.TRANSCRIPT: QT_TRANSLATE_NOOP("DocumentKinds", "Transcript"),
    m.REGISTRATION_CARD: QT_TRANSLATE_NOOP("DocumentKinds", "Registration card"),
    m.VERIFICATION_SHEET: QT_TRANSLATE_NOOP("DocumentKinds", "Information check sheet"),
    m.GRADUATION_ATTESTATION: QT_TRANSLATE_NOOP("DocumentKinds", "Graduation attestation"),
    m.INCOMPLETION_ATTESTATION: QT_TRANSLATE_NOOP(
        "DocumentKinds", "Certificate of incomplete study"
    ),
    m.ENROLMENT_CERTIFICATE: QT_TRANSLATE_NOOP("DocumentKinds", "Enrolment certificate"),
    m.GRADUATE_FORM: QT_TRANSLATE_NOOP("DocumentKinds", "Graduate registration form"),
    m.LEAVE_FORM: QT_TRANSLATE_NOOP("DocumentKinds", "Leave approval form"),
    m.RETURN_FORM: QT_TRANSLATE_NOOP("DocumentKinds", "Return approval form"),
    m.WITHDRAWAL_FORM: QT_TRANSLATE_NOOP("DocumentKinds", "Withdrawal approval form"),
    m.TRANSFER_APPLICATION: QT_TRANSLATE_NOOP("DocumentKinds", "Transfer application"),
    m.TRANSFER_ACCEPTANCE: QT_TRANSLATE_NOOP("DocumentKinds", "Transfer acceptance letter"),
    m.STATUS_CHANGE_NOTICE: QT_TRANSLATE_NOOP("DocumentKinds", "Status change notice"),
    m.HANDOVER_LIST: QT_TRANSLATE_NOOP("DocumentKinds", "File handover list"),
    m.ROSTER: QT_TRANSLATE_NOOP("DocumentKinds", "Class roster"),
    m.GRADUATE_REGISTER: QT_TRANSLATE_NOOP("DocumentKinds", "Graduates' register"),
}


def kind_label(kind: str) -> str:
    return QCoreApplication.translate("DocumentKinds", KIND_LABELS.get(kind, kind))


def offered_kinds(statuses: Sequence[str], *, for_class: bool) -> list[str]:
    """Per-student kinds that fit the known states (all when unknown); class kinds for a class."""
    known = set(s for s in statuses if s)

    def fits(kind: str) -> bool:
        states = kind_states(kind)  # the service's own rule, so the two never disagree
        return for_class or not known or states is None or known <= states

    kinds = [k for k in m.STUDENT_KINDS if fits(k)]
    return [*m.CLASS_KINDS, *kinds] if for_class else kinds


@dataclass(frozen=True)
class PrintTarget:
    """Whom the documents are for: students, a class (``class_group_id``), or every graduate of
    one 届 (``graduation_year``)."""

    label: str
    student_ids: tuple[int, ...] = ()
    class_group_id: int | None = None
    statuses: tuple[str, ...] = ()
    graduation_year: int | None = None

    @property
    def several(self) -> bool:
        return (
            self.class_group_id is not None
            or self.graduation_year is not None
            or len(self.student_ids) > 1
        )
