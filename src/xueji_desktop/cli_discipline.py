"""``xueji discipline …``: awards and punishments (奖惩) on the command line.

::

    xueji discipline list STUDENT
    xueji discipline add-award STUDENT --level L --title T --date D
                               [--document-no N] [--issued-by X] [--reason R]
    xueji discipline add-punishment STUDENT --level 警告|严重警告|记过|留校察看|开除学籍
                                    --date D --document-no N [--reason R] [--issued-by X]
                                    [--title T]
    xueji discipline lift ENTRY_ID --document-no N [--date D]     处分解除 (date: today)
    xueji discipline annul ENTRY_ID --reason R [--date D]         处分撤销 (date: today)
    xueji discipline void ENTRY_ID --reason R                     作废 an entry made by mistake

STUDENT is a 学号, 学籍号 or #记录号; ENTRY_ID the number ``list`` shows (``#12``). Punishment
levels take the Chinese label or the English name (warning, serious_warning, demerit, probation,
expulsion). Malformed arguments (a date not YYYY-MM-DD, an unknown level, an empty 文号 or
reason) are usage errors (exit 2) found before the archive is opened; refusals by the archive
(a date in the future or before the decision, a punishment already lifted or annulled, an
expulsion lifted, text too long) exit 1 and change nothing; a role that may not write records
exits 3. Every command takes ``--json``.
"""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Callable
from typing import Any

from xueji_desktop.messages import language
from xueji_desktop.messages_discipline import DISCIPLINE_TEXTS

Handler = Callable[[argparse.Namespace, Any], int]
LEVELS = {
    "warning": "警告",
    "serious_warning": "严重警告",
    "demerit": "记过",
    "probation": "留校察看",
    "expulsion": "开除学籍",
}


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""


def text(key: str, **params: object) -> str:
    idx = 1 if language() == "en" else 0
    return DISCIPLINE_TEXTS[key][idx].format_map(_Blank({k: str(v) for k, v in params.items()}))


def _level(value: str) -> str:
    found = value.strip()
    if found in LEVELS.values():
        return found
    if found.lower() in LEVELS:
        return LEVELS[found.lower()]
    raise argparse.ArgumentTypeError(text("bad_level", value=value[:40]))


def add_parsers(sub: Any, cmd: Callable[[Any, str, str], argparse.ArgumentParser]) -> None:
    from xueji_desktop.cli_files import _date, _record_id

    dp = cmd(sub, "discipline", "awards and punishments (奖惩): add, lift, annul, void, list")
    dsub = dp.add_subparsers(dest="discipline_command", required=True, parser_class=type(dp))
    sp = cmd(dsub, "list", "every award and punishment of a student, voided ones included")
    sp.add_argument("student", metavar="STUDENT", help="学号, 学籍号 or #记录号")

    sp = cmd(dsub, "add-award", "record an award (奖励)")
    sp.add_argument("student", metavar="STUDENT")
    sp.add_argument("--level", required=True, help="e.g. 国家级, 省级, 市级, 县级, 校级")
    sp.add_argument("--title", required=True, help="e.g. 三好学生")
    sp.add_argument("--date", required=True, type=_date, help="the decision's date YYYY-MM-DD")
    sp.add_argument("--document-no", default="", help="文号 of the decision")
    sp.add_argument("--issued-by", default="", help="who decided")
    sp.add_argument("--reason", default="", help="what for")

    sp = cmd(dsub, "add-punishment", "record a punishment (处分) with its 文号")
    sp.add_argument("student", metavar="STUDENT")
    sp.add_argument("--level", required=True, type=_level,
                    help="警告, 严重警告, 记过, 留校察看 or 开除学籍")  # fmt: skip
    sp.add_argument("--date", required=True, type=_date, help="the decision's date YYYY-MM-DD")
    sp.add_argument("--document-no", required=True, help="文号 of the decision")
    sp.add_argument("--reason", default="", help="what for")
    sp.add_argument("--issued-by", default="", help="who decided")
    sp.add_argument("--title", default="")

    sp = cmd(dsub, "lift", "处分解除: the punishment ran its period (not an expulsion)")
    sp.add_argument("entry_id", type=_record_id, metavar="ENTRY_ID")
    sp.add_argument("--document-no", required=True, help="文号 of the lifting document")
    sp.add_argument("--date", type=_date, help="the day lifted (default: today)")

    sp = cmd(dsub, "annul", "处分撤销: the punishment was wrongly imposed")
    sp.add_argument("entry_id", type=_record_id, metavar="ENTRY_ID")
    sp.add_argument("--reason", required=True)
    sp.add_argument("--date", type=_date, help="the day annulled (default: today)")

    sp = cmd(dsub, "void", "作废: an entry made by mistake (it stays readable)")
    sp.add_argument("entry_id", type=_record_id, metavar="ENTRY_ID")
    sp.add_argument("--reason", required=True)


def usage_problem(args: argparse.Namespace) -> str:
    """The sentence of a malformed command, found before the archive is opened, or ""."""
    from xueji_desktop.cli_files import _all_text

    if not _all_text(vars(args).values()):
        return text("not_text")
    verb = args.discipline_command
    if verb in ("add-punishment", "lift") and not args.document_no.strip():
        return text("needs_document_no")
    if verb in ("annul", "void") and not args.reason.strip():
        return text("needs_reason")
    if verb == "add-award":
        for option in ("level", "title"):
            if not getattr(args, option).strip():
                return text("needs_text", option=f"--{option}")
    return ""


def checked(run: Handler) -> Handler:
    """``run`` after the usage checks (exit 2 with the sentence when one fails)."""
    from xueji_desktop.cli_input import usage_checked

    return usage_checked(usage_problem, run)


def handlers(login: Callable[[argparse.Namespace, Any], tuple[Any, str]]) -> dict[str, Handler]:
    """The ``discipline`` entry of cli.py's table (``login`` is cli.py's own)."""
    from xueji_desktop.cli_input import guarded

    def discipline(args: argparse.Namespace, secrets: Any) -> int:
        session, _ = login(args, secrets)
        try:
            return guarded(cmd_discipline)(args, session)
        finally:
            session.close()

    return {"discipline": checked(discipline)}


def cmd_discipline(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_input import out, resolve_student
    from xueji_desktop.services import discipline

    verb = args.discipline_command
    today = datetime.date.today().isoformat()
    if verb == "list":
        return _list(args, session, resolve_student(session, args.student))
    if verb == "add-award":
        rid = discipline.add_award(session, resolve_student(session, args.student),
                                   level=args.level, title=args.title, decided_on=args.date,
                                   document_no=args.document_no, issued_by=args.issued_by,
                                   reason=args.reason)  # fmt: skip
        out(args, {"ok": True, "记录号": rid}, text("added", id=rid))
        return 0
    if verb == "add-punishment":
        rid = discipline.add_punishment(session, resolve_student(session, args.student),
                                        level=args.level, decided_on=args.date,
                                        document_no=args.document_no, reason=args.reason,
                                        issued_by=args.issued_by, title=args.title)  # fmt: skip
        out(args, {"ok": True, "记录号": rid}, text("added", id=rid))
        return 0
    if verb == "lift":
        discipline.lift_punishment(session, args.entry_id, args.date or today, args.document_no)
        out(args, {"ok": True, "记录号": args.entry_id}, text("lifted"))
        return 0
    if verb == "annul":
        discipline.annul_punishment(session, args.entry_id, args.date or today, args.reason)
        out(args, {"ok": True, "记录号": args.entry_id}, text("annulled"))
        return 0
    discipline.void_reward_punishment(session, args.entry_id, args.reason)
    out(args, {"ok": True, "记录号": args.entry_id}, text("voided"))
    return 0


def _list(args: argparse.Namespace, session: Any, student_id: int) -> int:
    from xueji_desktop.cli_input import out
    from xueji_desktop.services import discipline

    rows = discipline.list_rewards_punishments(session, student_id)
    docs = [{"记录号": r.id, "类别": DISCIPLINE_TEXTS[f"kind_{r.kind}"][0], "级别": r.level,
             "名称": r.title, "事由": r.reason, "文号": r.document_no, "决定日期": r.decided_on,
             "决定单位": r.issued_by, "解除日期": r.lifted_on, "解除文号": r.lifted_document_no,
             "撤销日期": r.annulled_on, "撤销原因": r.annulled_reason,
             "状态": DISCIPLINE_TEXTS[f"state_{r.state}"][0], "已作废": r.voided,
             "作废原因": r.void_reason}
            for r in rows]  # fmt: skip
    lines = []
    for r in rows:
        line = text("line", id=r.id, date=r.decided_on, kind=text(f"kind_{r.kind}"),
                    level=r.level, title=r.title, document_no=r.document_no,
                    state=text(f"state_{r.state}"))  # fmt: skip
        if r.lifted_on:
            line += text("line_lifted", date=r.lifted_on, document_no=r.lifted_document_no)
        if r.annulled_on:
            line += text("line_annulled", date=r.annulled_on, reason=r.annulled_reason)
        if r.voided:
            line += text("line_voided", reason=r.void_reason)
        lines.append(line)
    out(args, {"ok": True, "entries": docs}, "\n".join(lines) or text("empty"))
    return 0
