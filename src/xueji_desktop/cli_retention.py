"""``xueji retention …``: retention rules, the yearly review and destruction (issue 9 §4).

::

    xueji retention rules [--set TYPE=YEARS[:added|left]] [--set TYPE=permanent]
    xueji retention review [--as-of D]                 what is due (default: today)
    xueji retention propose ATTACHMENT_ID… --reason R  propose due scans for destruction
    xueji retention decide SERIAL… --approve|--reject [--remark R] [--admin-password-stdin]
    xueji retention register [--year Y] [--pdf F] [--xlsx F] [--overwrite] [--lang zh|en]
    xueji retention finish                             remove files a crash left after a decision

Every command also takes --json. ``decide`` asks for the admin's password again: at the terminal,
or the line after the login password on standard input (--admin-password-stdin or
--password-stdin). Malformed arguments are
usage errors (exit 2) before the archive is opened; refusals exit 1; a wrong admin password or a
user who may not decide exits 3 (docs/design/cli.md).
"""

from __future__ import annotations

import argparse
import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xueji_desktop.messages import cli_text, language
from xueji_desktop.messages_retention import KEPT_TEXTS, RETENTION_TEXTS, kept_warning
from xueji_desktop.problem_texts_records import DOCUMENT_NAMES

Handler = Callable[[argparse.Namespace, Any], int]
Login = Callable[[argparse.Namespace, Any], tuple[Any, str]]
ArchiveDir = Callable[[argparse.Namespace], Path]
_SET = re.compile(r"^([a-z_]{1,50})=(?:(permanent)|([0-9]{1,3})(?::(added|left))?)$")


def text(key: str, **params: object) -> str:
    idx = 1 if language() == "en" else 0
    return RETENTION_TEXTS[key][idx].format(**params)


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value) if len(value) == 10 else _bad(value)
    except ValueError:  # the sentence every date argument gives (cli_stats, cli_records)
        raise argparse.ArgumentTypeError(cli_text("bad_date", value=value[:40])) from None


def _bad(value: str) -> datetime.date:
    raise ValueError(value)


def type_name(code: str, name: str) -> str:
    """A document type as the clerk reads it: the archive's (Chinese) name, or the English
    name of a checklist type with XUEJI_LANG=en."""
    if language() == "en" and code in DOCUMENT_NAMES:
        return DOCUMENT_NAMES[code][1]
    return name


def _rule(value: str) -> tuple[str, int | None, str]:
    m = _SET.match(value)
    if m is None:
        raise argparse.ArgumentTypeError(text("bad_set", value=value[:60]))
    return m.group(1), (None if m.group(2) else int(m.group(3))), m.group(4) or "left"


def _id(value: str) -> int:
    if not value.isdigit() or len(value) > 18:
        raise argparse.ArgumentTypeError(f"not an attachment id: {value[:40]}")
    return int(value)


def add_parsers(sub: Any, cmd: Callable[[Any, str, str], argparse.ArgumentParser]) -> None:
    rt = cmd(sub, "retention", "retention rules, the yearly review and destruction (销毁清册)")
    rsub = rt.add_subparsers(dest="retention_command", required=True, parser_class=type(rt))
    sp = cmd(rsub, "rules", "the retention period of each document type")
    sp.add_argument("--set", dest="rules", type=_rule, action="append", default=[],
                    metavar="TYPE=YEARS[:added|left]", help="set a period (admin); "
                    "TYPE=permanent clears it")  # fmt: skip
    sp = cmd(rsub, "review", "the scans whose retention period has ended")
    sp.add_argument("--as-of", type=_date, help="the day to review for (default: today)")
    sp = cmd(rsub, "propose", "propose due scans for destruction")
    sp.add_argument("ids", nargs="+", type=_id, metavar="ATTACHMENT_ID")
    sp.add_argument("--reason", required=True)
    sp = cmd(rsub, "decide", "approve or reject proposals (admin, password again)")
    sp.add_argument("serials", nargs="+", metavar="SERIAL")
    way = sp.add_mutually_exclusive_group(required=True)
    way.add_argument("--approve", action="store_true")
    way.add_argument("--reject", action="store_true")
    sp.add_argument("--remark", default="")
    sp.add_argument(
        "--admin-password-stdin",
        action="store_true",
        help="read the admin's password from the line after the login password",
    )
    sp = cmd(rsub, "register", "the destruction register (销毁清册)")
    sp.add_argument("--year", type=int)
    sp.add_argument("--pdf", type=Path, metavar="FILE")
    sp.add_argument("--xlsx", type=Path, metavar="FILE")
    sp.add_argument("--overwrite", action="store_true")
    sp.add_argument("--lang", choices=("zh", "en"), default="zh")
    cmd(rsub, "finish", "remove the files of destroyed scans that a crash left behind")


def handlers(login: Login, archive_dir: ArchiveDir) -> dict[str, Handler]:
    """The ``retention`` command for cli.py's table (``login`` is cli.py's own)."""

    def run(args: argparse.Namespace, secrets: Any) -> int:
        from xueji_desktop.cli_input import refusal
        from xueji_desktop.core.errors import PermissionDenied, WrongCredentials, XuejiError

        session, _password = login(args, secrets)
        try:
            return _run(args, session, secrets)
        except (PermissionDenied, WrongCredentials):
            raise  # exit 3 in cli.main
        except XuejiError as exc:
            return refusal(args, exc)
        finally:
            session.close()

    return {"retention": run}


def _today() -> datetime.date:
    return datetime.date.today()  # the command line reads the clock; services never do


def _run(args: argparse.Namespace, session: Any, secrets: Any) -> int:
    from xueji_desktop.cli_input import out
    from xueji_desktop.services import destruction, retention_register, retention_rules

    verb = args.retention_command
    if verb == "rules":
        for doc_type, years, counted in args.rules:
            retention_rules.set_rule(session, doc_type, years=years, counted_from=counted)
        rules = retention_rules.get_rules(session)
        lines = [f"{r.doc_type:<24}{type_name(r.doc_type, r.name)}\t{_rule_text(r)}" for r in rules]
        out(args, {"ok": True, "rules": [_rule_json(r) for r in rules]}, "\n".join(lines))
    elif verb == "review":
        as_of = args.as_of or _today()
        items = destruction.review_list(session, as_of=as_of)
        names = {r.doc_type: r.name for r in retention_rules.get_rules(session)}
        lines = [text("review_header")] if items else []
        lines += [
            f"{i.attachment_id}\t{i.due_on}\t{i.student_label}\t"
            f"{type_name(i.doc_type, names.get(i.doc_type, i.doc_type))}\t{i.title}"
            + (f"\t{i.serial}" if i.proposed else "")
            for i in items
        ]
        key = "due_count" if items else "nothing_due"
        summary = text(key, as_of=as_of.isoformat(), n=len(items))
        payload = {"ok": True, "as_of": as_of.isoformat(), "items": [_item(i) for i in items]}
        out(args, payload, "\n".join([*lines, summary]))
    elif verb == "propose":
        serials = destruction.propose(session, args.ids, reason=args.reason, today=_today())
        out(args, {"ok": True, "serials": serials}, text("proposed", serials=" ".join(serials)))
    elif verb == "decide":
        if args.approve:  # said before the password is asked: the admin may still stop
            _warn_still_used(session, args.serials, retention_register)
        if args.admin_password_stdin:
            secrets.from_stdin = True  # the line after the login password
        admin = secrets.read(text("admin_password"))
        done = destruction.decide(
            session,
            args.serials,
            approve=args.approve,
            admin_password=admin,
            remark=args.remark,
            today=_today(),
        )
        key = "approved" if args.approve else "rejected"
        said = text(key, serials=" ".join(done))
        kept = []
        if args.approve:
            chosen = set(done)
            kept = [e.serial for e in retention_register.register(session, status="destroyed")
                    if e.serial in chosen and e.content_kept]  # fmt: skip
            if kept:
                said += "\n" + KEPT_TEXTS["kept_count"][_lang_idx()].format(n=len(kept))
        out(args, {"ok": True, "serials": done, "approved": args.approve, "files_kept": kept},
            said)  # fmt: skip
    elif verb == "register":
        return _register(args, session, retention_register)
    else:  # finish
        removed = destruction.finish_removals(session)
        said = text("finished", n=removed) if removed else text("finished_none")
        out(args, {"ok": True, "removed": removed}, said)
    return 0


def _register(args: argparse.Namespace, session: Any, reg: Any) -> int:
    from xueji_desktop.cli_input import out

    written = []
    if args.pdf is not None:
        done = reg.print_register(
            session, args.pdf, year=args.year, lang=args.lang, overwrite=args.overwrite,
            today=_today(),
        )  # fmt: skip
        written.append(str(done))
    if args.xlsx is not None:
        done = reg.export_register(
            session, args.xlsx, year=args.year, lang=args.lang, overwrite=args.overwrite
        )
        written.append(str(done))
    entries = reg.register(session, year=args.year)
    lang = "en" if language() == "en" else "zh"
    lines = [
        f"{e.serial}\t{text('status_' + e.status)}\t{e.student_label}\t{e.type_name(lang)}\t"
        f"{e.title}\t{e.sha256}" + (f"\t{e.outcome(lang)}" if e.status == "destroyed" else "")
        for e in entries
    ] or [text("register_empty")]
    lines += [text("written", path=p) for p in written]
    payload = {"ok": True, "entries": [_entry(e) for e in entries], "written": written}
    out(args, payload, "\n".join(lines))
    return 0


def _lang_idx() -> int:
    return 1 if language() == "en" else 0


def _warn_still_used(session: Any, serials: list[str], reg: Any) -> None:
    """Name, on stderr, the proposals whose content another live scan or a photo still uses:
    approving closes them, but their files stay."""
    import sys

    lang = "en" if language() == "en" else "zh"
    pending = reg.register(session, status="proposed")
    for entry in reg.still_used_after(pending, list(serials)):
        sys.stderr.write(kept_warning(entry, lang) + "\n")
    sys.stderr.flush()


def _rule_text(r: Any) -> str:
    if r.fixed:
        return text("fixed")
    if r.years is None:
        return text("permanent")
    key = "added" if r.counted_from == "added" else "left"
    return text(f"year_{key}") if r.years == 1 else text(f"years_{key}", years=r.years)


def _rule_json(r: Any) -> dict[str, Any]:
    return {"doc_type": r.doc_type, "name": r.name, "years": r.years,
            "counted_from": r.counted_from, "permanent": r.permanent, "fixed": r.fixed}  # fmt: skip


def _item(i: Any) -> dict[str, Any]:
    return {"attachment_id": i.attachment_id, "student_id": i.student_id,
            "student": i.student_label, "doc_type": i.doc_type, "title": i.title,
            "added_at": i.added_at, "left_on": i.left_on, "due_on": i.due_on,
            "proposed": i.proposed, "serial": i.serial, "voided": i.voided}  # fmt: skip


def _entry(e: Any) -> dict[str, Any]:
    return {"serial": e.serial, "status": e.status, "attachment_id": e.attachment_id,
            "student_id": e.student_id, "student": e.student_label, "doc_type": e.doc_type,
            "title": e.title, "media_type": e.media_type, "size": e.size, "sha256": e.sha256,
            "due_on": e.due_on, "proposed_at": e.proposed_at, "proposed_by": e.proposed_by,
            "decided_at": e.decided_at, "decided_by": e.decided_by, "reason": e.reason,
            "remark": e.decision_remark, "content_kept": e.content_kept,
            "shared_with": list(e.shared_with), "shared_photo": e.shared_photo,
            "backups": [b.to_json() for b in e.backups]}  # fmt: skip


__all__ = ["add_parsers", "handlers"]
