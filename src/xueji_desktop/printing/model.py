"""What a printed document holds, independent of how it is laid out.

The services build a ``Document`` from the archive (every value already formatted as it is to
appear on paper, in Chinese); a template (data, ``printing.templates``) says where each value
goes; ``printing.render`` draws it with ReportLab. Nothing here reads the archive or Qt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# Document kinds (code names from GLOSSARY.md). Per-student kinds first.
TRANSCRIPT = "transcript"  # 成绩单
REGISTRATION_CARD = "registration_card"  # 学籍卡 / 学生基本信息表
VERIFICATION_SHEET = "verification_sheet"  # 信息核对表
GRADUATION_ATTESTATION = "graduation_attestation"  # 毕业证明书
INCOMPLETION_ATTESTATION = "incompletion_attestation"  # 肄业证明
ENROLMENT_CERTIFICATE = "enrolment_certificate"  # 在读证明 / 学籍证明
GRADUATE_FORM = "graduate_form"  # 毕业生登记表
LEAVE_FORM = "leave_form"  # 休学审批表
RETURN_FORM = "return_form"  # 复学审批表
WITHDRAWAL_FORM = "withdrawal_form"  # 退学审批表
TRANSFER_APPLICATION = "transfer_application"  # 转学申请表
TRANSFER_ACCEPTANCE = "transfer_acceptance"  # 接收函
STATUS_CHANGE_NOTICE = "status_change_notice"  # 学籍异动通知书
HANDOVER_LIST = "handover_list"  # 档案移交清单 / 档案转递单, with a tear-off 回执
# Per-class kinds.
ROSTER = "roster"  # 班级花名册
GRADUATE_REGISTER = "graduate_register"  # 毕业生名册
# Printed from memory at archive creation; never registered, never written unless asked.
RECOVERY_SHEET = "recovery_sheet"  # 恢复单

STUDENT_KINDS: tuple[str, ...] = (
    TRANSCRIPT, REGISTRATION_CARD, VERIFICATION_SHEET, GRADUATION_ATTESTATION,
    INCOMPLETION_ATTESTATION, ENROLMENT_CERTIFICATE, GRADUATE_FORM, LEAVE_FORM, RETURN_FORM,
    WITHDRAWAL_FORM, TRANSFER_APPLICATION, TRANSFER_ACCEPTANCE, STATUS_CHANGE_NOTICE,
    HANDOVER_LIST,
)  # fmt: skip
CLASS_KINDS: tuple[str, ...] = (ROSTER, GRADUATE_REGISTER)
KINDS: tuple[str, ...] = (*STUDENT_KINDS, *CLASS_KINDS, RECOVERY_SHEET)
# The Chinese name of each kind: PDF subject, file names ({kind}), the command line, messages.
KIND_NAMES: dict[str, str] = {
    TRANSCRIPT: "成绩单",
    REGISTRATION_CARD: "学籍卡",
    VERIFICATION_SHEET: "信息核对表",
    GRADUATION_ATTESTATION: "毕业证明书",
    INCOMPLETION_ATTESTATION: "肄业证明书",
    ENROLMENT_CERTIFICATE: "在读证明",
    GRADUATE_FORM: "毕业生登记表",
    LEAVE_FORM: "休学审批表",
    RETURN_FORM: "复学审批表",
    WITHDRAWAL_FORM: "退学审批表",
    TRANSFER_APPLICATION: "转学申请表",
    TRANSFER_ACCEPTANCE: "接收函",
    STATUS_CHANGE_NOTICE: "学籍异动通知书",
    HANDOVER_LIST: "档案移交清单",
    ROSTER: "班级花名册",
    GRADUATE_REGISTER: "毕业生名册",
    RECOVERY_SHEET: "恢复单",
}
# Kinds that prove something to a third party: they carry a QR code with a signature.
SIGNED_KINDS: frozenset[str] = frozenset(
    {TRANSCRIPT, GRADUATION_ATTESTATION, INCOMPLETION_ATTESTATION, ENROLMENT_CERTIFICATE}
)


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of text under named columns; a template's table block picks columns by name.

    ``groups`` are headings inserted before a row: (heading, index of the first row of the
    group), e.g. ("2025—2026学年第一学期", 0) in a transcript.
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    groups: tuple[tuple[str, int], ...] = ()

    def __post_init__(self) -> None:
        width = len(self.columns)
        if any(len(r) != width for r in self.rows):
            raise ValueError("every row needs one text per column")


@dataclass(frozen=True, slots=True)
class Document:
    """One document for one subject (a student, a class, or the archive for a recovery sheet).

    ``fields`` maps names (see docs/design/documents.md for each kind's names) to the text printed.
    ``serial`` and ``qr_text`` are filled in by the issuance register; a preview of an unissued
    document has neither. ``subject`` is a short label for progress and error messages (学号 and
    name, or the class name), never an ID number.
    """

    kind: str
    fields: Mapping[str, str]
    tables: Mapping[str, Table] = field(default_factory=dict)
    photo: bytes | None = None  # JPEG or PNG
    serial: str = ""
    qr_text: str = ""
    key_fingerprint: str = ""
    subject: str = ""


@dataclass(frozen=True, slots=True)
class Letterhead:
    """The school's consistent layout: name and code on every document, an optional logo."""

    school_name: str
    school_code: str = ""
    logo: bytes | None = None  # PNG or JPEG
