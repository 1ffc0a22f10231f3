"""Document kinds as a clerk names them, and the serial prefix of each.

Light on purpose (no ReportLab, no archive): the CLI parses a kind before it opens anything.
"""

from __future__ import annotations

from xueji_desktop.printing import model as m

# The Chinese name printed in file names ({kind}) and accepted on the command line. The same
# names as printing.templates.KIND_NAMES (a test keeps them equal); kept here because that module
# loads ReportLab and the CLI parses a kind before it opens anything.
KIND_NAMES: dict[str, str] = {
    m.TRANSCRIPT: "成绩单",
    m.REGISTRATION_CARD: "学籍卡",
    m.VERIFICATION_SHEET: "信息核对表",
    m.GRADUATION_ATTESTATION: "毕业证明书",
    m.INCOMPLETION_ATTESTATION: "肄业证明书",
    m.ENROLMENT_CERTIFICATE: "在读证明",
    m.GRADUATE_FORM: "毕业生登记表",
    m.LEAVE_FORM: "休学审批表",
    m.RETURN_FORM: "复学审批表",
    m.WITHDRAWAL_FORM: "退学审批表",
    m.TRANSFER_APPLICATION: "转学申请表",
    m.TRANSFER_ACCEPTANCE: "接收函",
    m.STATUS_CHANGE_NOTICE: "学籍异动通知书",
    m.HANDOVER_LIST: "档案移交清单",
    m.ROSTER: "班级花名册",
    m.GRADUATE_REGISTER: "毕业生名册",
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


def parse_kind(text: str) -> str | None:
    """The code name of a kind given as its code name (``transcript``) or Chinese name."""
    t = text.strip()
    if t.lower() in KIND_NAMES:
        return t.lower()
    for kind, name in KIND_NAMES.items():
        if t == name:
            return kind
    return ALIASES.get(t)
