"""``xueji student|status-change|grades|health``: the record services on the command line.

JSON in and out is keyed by the national template's Chinese column names (学号, 姓名, 身份证件号 …)
with labels as values (codes are accepted on input). A student is named by 学号, 学籍号, an old
(corrected) number, or ``#<记录号>`` (drafts have no 学号 yet). Arguments that are malformed
(a bad date, an unknown kind) are usage errors (exit 2); refusals by the archive exit 1 and, with
``--json``, print ``{"ok": false, "error", "message", "problems": [{"field", "code", "message"}]}``.
Clerks and admins see full ID numbers in ``student show``; viewers see them masked. The contract
is docs/design/cli.md.

This module is the registry: the parsers and the command handlers cli.py calls. The handlers live
in cli_students (``student``) and cli_events (``status-change``, ``grades``, ``health``); reading
files, naming students and printing are in cli_input.
"""

from __future__ import annotations

import argparse
import datetime
import math
from collections.abc import Callable, Mapping
from typing import Any

from xueji_desktop.core.grading import GRADE_LABELS
from xueji_desktop.core.labels import KIND_LABELS, REPORT_STATUS_LABELS, STATUS_LABELS
from xueji_desktop.messages import cli_text, language

__all__ = [
    "UsageError",
    "add_parsers",
    "cmd_grades",
    "cmd_health",
    "cmd_status_change",
    "cmd_student",
]


class UsageError(Exception):
    """A malformed command line found after parsing (exit status 2)."""


# The handlers import the record services (validation, code tables, search) only when a record
# command runs: `xueji check` or `user list` from the task scheduler must not pay for them.


def cmd_student(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_students import cmd_student as run

    return run(args, session)


def cmd_status_change(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_events import cmd_status_change as run

    return run(args, session)


def cmd_grades(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_events import cmd_grades as run

    return run(args, session)


def cmd_health(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_events import cmd_health as run

    return run(args, session)


MAX_LIMIT = 5000
MAX_ID = 2**62  # SQLite integers; a longer number can name no record


# -- argument types (argparse turns ArgumentTypeError into "xueji: argument …", exit 2) ---------


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(cli_text("bad_limit", value=text[:40]))
    return value


def _date(text: str) -> str:
    try:
        if len(text) != 10:
            raise ValueError(text)
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(cli_text("bad_date", value=text[:40])) from None


def _named(labels: Mapping[str, str], key: str) -> Callable[[str], str]:
    """A value given as its stored name or its Chinese label -> the stored name."""

    def parse(text: str) -> str:
        for name, label in labels.items():
            if text.strip() in (name, label):
                return name
        choices = "、".join(labels.values()) if language() == "zh" else ", ".join(labels)
        raise argparse.ArgumentTypeError(cli_text(key, value=text[:40], choices=choices))

    return parse


def _score(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(cli_text("bad_score", value=text[:40]))
    return value


def _year(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(cli_text("bad_year", value=text[:40]))
    return int(text)


def _record_id(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) < 19) or not 0 < int(text) < MAX_ID:
        raise argparse.ArgumentTypeError(cli_text("bad_number", value=text[:40]))
    return int(text)


_KIND = _named(KIND_LABELS, "bad_kind")
_STATUS = _named(STATUS_LABELS, "bad_status")
_REPORT = {k: v for k, v in REPORT_STATUS_LABELS.items() if k != "draft"}
_NUMBERS = {"student_no": "学号", "registry_no": "学籍号"}


def add_parsers(sub: Any, cmd: Callable[[Any, str, str], argparse.ArgumentParser]) -> None:
    st = cmd(sub, "student", "student records")
    ssub = st.add_subparsers(dest="student_command", required=True, parser_class=type(st))
    sp = cmd(ssub, "add", "add a record (a draft) from a JSON file keyed by template columns")
    sp.add_argument("--from-json", required=True, metavar="FILE")
    sp.add_argument("--confirm", action="store_true", help="confirm it at once (assigns 学号)")
    sp = cmd(ssub, "list", "list students")
    sp.add_argument("--class", dest="class_group", metavar="CLASS", help="class name")
    sp.add_argument("--status", type=_STATUS, help="e.g. 在籍, 休学, 毕业 (or enrolled …)")
    sp.add_argument("--limit", type=_limit, default=200, help="1 to 5000 (default 200)")
    sp = cmd(ssub, "show", "show one record")
    sp.add_argument("student", metavar="STUDENT", help="学号, 学籍号 or #记录号")
    sp.add_argument("--history", action="store_true", help="also the field-level history")
    sp = cmd(ssub, "edit", "change fields (a confirmed record needs --reason)")
    sp.add_argument("student", metavar="STUDENT")
    sp.add_argument("--from-json", required=True, metavar="FILE")
    sp.add_argument("--reason", default="")
    sp = cmd(ssub, "search", "search by 学号, 学籍号, name, 拼音, 首字母 or part of an ID number")
    sp.add_argument("text")
    sp.add_argument("--class", dest="class_group", metavar="CLASS")
    sp.add_argument("--status", type=_STATUS)
    sp.add_argument("--intake-year", type=_year, help="e.g. 2025")
    sp.add_argument("--include-voided", action="store_true")
    sp.add_argument("--limit", type=_limit, default=50)
    sp = cmd(ssub, "void", "void (作废) a record entered by mistake")
    sp.add_argument("student", metavar="STUDENT")
    sp.add_argument("--reason", required=True)
    sp = cmd(ssub, "confirm", "信息核对确认: check completeness and assign the 学号")
    sp.add_argument("student", metavar="STUDENT")
    sp = cmd(ssub, "report", "set 上报状态: 已上报, 已核准 or 退回 (with --reason)")
    sp.add_argument("student", metavar="STUDENT")
    sp.add_argument("status", type=_named(_REPORT, "bad_choice"))
    sp.add_argument("--reason", default="")
    sp = cmd(ssub, "correct-number", "admin: correct 学号 or 学籍号 (the old one stays findable)")
    sp.add_argument("student", metavar="STUDENT")
    sp.add_argument("number", type=_named(_NUMBERS, "bad_choice"), help="学号 or 学籍号")
    sp.add_argument("new_value")
    sp.add_argument("--reason", required=True)

    sc = cmd(sub, "status-change", "学籍异动: record, preview, revoke, list")
    csub = sc.add_subparsers(dest="change_command", required=True, parser_class=type(sc))
    for verb, text in (("add", "record a 学籍异动"), ("preview", "show what it would change")):
        sp = cmd(csub, verb, text)
        sp.add_argument("student", metavar="STUDENT")
        sp.add_argument("--kind", required=True, type=_KIND, help="e.g. 休学, 复学, 转专业, 调班")
        sp.add_argument("--expected-return-date", type=_date, help="休学: YYYY-MM-DD")
        sp.add_argument("--class", dest="class_group", metavar="CLASS", help="the new class")
        sp.add_argument("--major", metavar="CODE", help="转专业: the new major's code")
        sp.add_argument("--to-school", help="转出: the school")
        sp.add_argument("--from-school", help="转入: the previous school")
        sp.add_argument("--diploma-no", help="毕业: a diploma number (else from the pattern)")
        sp.add_argument("--remark")
        if verb == "add":
            sp.add_argument("--date", required=True, type=_date, help="effective date YYYY-MM-DD")
            sp.add_argument("--reason-code", default="", help="JY/T 1001 学籍异动原因 (code)")
            sp.add_argument("--document-no", default="", help="approval document number")
            sp.add_argument("--approver", default="")
    sp = cmd(csub, "revoke", "撤销异动: restore the state before it (with --reason)")
    sp.add_argument("change_id", type=_record_id, metavar="CHANGE_ID")
    sp.add_argument("--reason", required=True)
    sp = cmd(csub, "list", "the 学籍异动 of a student")
    sp.add_argument("student", metavar="STUDENT")
    sp = cmd(csub, "report", "set the 上报状态 of an event")
    sp.add_argument("change_id", type=_record_id, metavar="CHANGE_ID")
    sp.add_argument("status", type=_named(REPORT_STATUS_LABELS, "bad_choice"))
    sp.add_argument("--reason", default="")

    gr = cmd(sub, "grades", "grades (成绩): show a transcript, record a result")
    gsub = gr.add_subparsers(dest="grades_command", required=True, parser_class=type(gr))
    sp = cmd(gsub, "show", "every grade of a student, with 补考/重修 and whether passed")
    sp.add_argument("student", metavar="STUDENT")
    sp = cmd(gsub, "set", "record a score (or a grade label) for a course and term")
    sp.add_argument("student", metavar="STUDENT")
    sp.add_argument("--course", required=True, metavar="CODE")
    sp.add_argument("--term", required=True, metavar="CODE", help="e.g. 2025-2026-1")
    what = sp.add_mutually_exclusive_group(required=True)
    what.add_argument("--score", type=_score)
    what.add_argument("--label", choices=GRADE_LABELS, help="、".join(GRADE_LABELS))
    what.add_argument("--makeup", type=_score, help="补考 score (with --exam-date)")
    what.add_argument("--retake", type=_score, help="重修 score (with --retake-term)")
    sp.add_argument("--exam-date", type=_date)
    sp.add_argument("--retake-term", metavar="CODE")
    sp.add_argument("--remark", default="")

    cmd(sub, "health", "the data-health report over the whole archive (数据体检)")
