"""Document kinds as a clerk names them, and the serial prefix of each.

Light on purpose (no ReportLab, no archive): the CLI parses a kind before it opens anything.
"""

from __future__ import annotations

from xueji_desktop.printing import model as m

# The Chinese names of the kinds that are issued (printed in file names as {kind}, accepted on
# the command line): printing/model.KIND_NAMES without the recovery sheet.
KIND_NAMES: dict[str, str] = {
    k: v for k, v in m.KIND_NAMES.items() if k in (*m.STUDENT_KINDS, *m.CLASS_KINDS)
}
# Other names the same papers go by.
ALIASES: dict[str, str] = {
    "学生基本信息表": m.REGISTRATION_CARD,
    "学籍证明": m.ENROLMENT_CERTIFICATE,
    "肄业证明": m.INCOMPLETION_ATTESTATION,
    "档案转递单": m.HANDOVER_LIST,
    "花名册": m.ROSTER,
    "学籍异动通知": m.STATUS_CHANGE_NOTICE,
}

# Serial prefixes: pinyin initials of the Chinese name, unique, 3 letters (QR alphanumeric).
SERIAL_PREFIXES: dict[str, str] = {
    m.TRANSCRIPT: "CJD",
    m.REGISTRATION_CARD: "XJK",
    m.VERIFICATION_SHEET: "HDB",
    m.GRADUATION_ATTESTATION: "BYZ",
    m.INCOMPLETION_ATTESTATION: "YYZ",
    m.ENROLMENT_CERTIFICATE: "ZDZ",
    m.GRADUATE_FORM: "BDB",
    m.LEAVE_FORM: "XXB",
    m.RETURN_FORM: "FXB",
    m.WITHDRAWAL_FORM: "TXB",
    m.TRANSFER_APPLICATION: "ZXS",
    m.TRANSFER_ACCEPTANCE: "JSH",
    m.STATUS_CHANGE_NOTICE: "YDT",
    m.HANDOVER_LIST: "DAY",
    m.ROSTER: "HMC",
    m.GRADUATE_REGISTER: "BYM",
}
ISSUED_KINDS: tuple[str, ...] = (*m.STUDENT_KINDS, *m.CLASS_KINDS)
# What ``PrintRequest.params`` / ``xueji print --param`` may carry (document_content reads them).
DOCUMENT_PARAMS: tuple[str, ...] = (
    "event_id", "purpose", "receiver", "receiver_address", "via", "dispatch_no", "documents",
    "graduation_year", "self_assessment", "teacher_comment", "school_opinion",
)  # fmt: skip


def parse_kind(text: str) -> str | None:
    """The code name of a kind given as its code name (``transcript``) or Chinese name."""
    t = text.strip()
    if t.lower() in KIND_NAMES:
        return t.lower()
    for kind, name in KIND_NAMES.items():
        if t == name:
            return kind
    return ALIASES.get(t)
