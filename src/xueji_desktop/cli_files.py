"""``xueji file …``: the archive room's paper files on the command line (issue 8 §6).

::

    xueji file locate TEXT [--limit N]                    where is the file ("where is my file")
    xueji file receive (STUDENT ... | --class NAME) --kind K --from SOURCE [--date D]
                       [--delivered-by X] [--contents TYPE=N,...] [--missing TYPE,...]
                       [--remark R] [--cabinet C] [--shelf S] [--box B]
    xueji file intakes [--limit N]                        the receiving register, newest first
    xueji file lend STUDENT --to BORROWER --purpose P [--unit U] [--date D] [--due D] [--remark R]
    xueji file return STUDENT [--date D] [--remark R]
    xueji file loans [--open] [--overdue [--today D]] [--student S] [--limit N]
    xueji file dispatch (STUDENT ... | --class NAME) --receiver-kind K --receiver R --via V
                        [--address A] [--dispatch-no N] [--carrier C] [--remark R] [--date D]
                        [--dry-run]
    xueji file receipt (STUDENT | --dispatch ID) [--date D] [--signer S] [--remark R]
    xueji file void-dispatch (STUDENT | --dispatch ID) --reason R
    xueji file dispatches [--awaiting-receipt] [--overdue [--today D]] [--student S]
                          [--batch B] [--include-voided] [--limit N]
    xueji file shelve (STUDENT ... | --class NAME) --cabinet C [--shelf S] [--box B]
    xueji file keep STUDENT --reason R [--undo]
    xueji file print receipt INTAKE_ID --out F.pdf
    xueji file print labels|shelf-list [--cabinet C] [--shelf S] [--box B] [--class NAME]
                     [--per-page 4|6|8 (labels)] --out F.pdf
    xueji file print slips (DISPATCH_ID ... | --batch B) --out F.pdf
                     (every print also takes --overwrite and --mark-missing)

Kinds take the English name or the Chinese label. Dates default to today (the clock is read
here, never in a service). Malformed arguments are usage errors (exit 2) found before the
archive is opened; refusals by the archive exit 1 and change nothing. docs/design/cli.md has the
contract. The handlers live in cli_files_run (register steps), cli_files_lists (reads) and
cli_files_print (room papers).
"""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Callable
from typing import Any

from xueji_desktop.messages import cli_text, language
from xueji_desktop.messages_cli_files import CLI_FILES_TEXTS

MAX_ID = 2**62
MAX_LOCATE = 500  # services/file_locate.py: one answer of "where is my file" at most
INTAKE_KINDS = ("new_intake", "transfer_in", "other")
RECEIVER_KINDS = ("school", "employer", "talent_centre", "hukou_place", "military", "other")
VIAS = ("confidential_mail", "in_person", "other")
NOTHING = ("", "无", "none", "-")  # --missing: nothing is missing


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""


def text(key: str, lang: str | None = None, **params: object) -> str:
    """A sentence or label of the file commands (zh by default, en with XUEJI_LANG=en)."""
    idx = 1 if (lang or language()) == "en" else 0
    return CLI_FILES_TEXTS[key][idx].format_map(_Blank({k: str(v) for k, v in params.items()}))


def label(prefix: str, name: str) -> str:
    """A stored name as the clerk reads it (``label("via", "in_person")`` -> 专人送达)."""
    key = f"{prefix}_{name}"
    return text(key) if key in CLI_FILES_TEXTS else name


# -- argument types (argparse turns ArgumentTypeError into "xueji: argument …", exit 2) ---------


def _date(value: str) -> str:
    try:
        if len(value) != 10:
            raise ValueError(value)
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(cli_text("bad_date", value=value[:40])) from None


def _limit(value: str) -> int:
    number = int(value) if value.isascii() and value.isdigit() and len(value) < 7 else 0
    if not 1 <= number <= 5000:
        raise argparse.ArgumentTypeError(cli_text("bad_limit", value=value[:40]))
    return number


def _locate_limit(value: str) -> int:
    number = int(value) if value.isascii() and value.isdigit() and len(value) < 7 else 0
    if not 1 <= number <= MAX_LOCATE:
        raise argparse.ArgumentTypeError(text("bad_locate_limit", value=value[:40]))
    return number


def _record_id(value: str) -> int:
    if not (value.isascii() and value.isdigit() and len(value) < 19) or not 0 < int(value) < MAX_ID:
        raise argparse.ArgumentTypeError(cli_text("bad_number", value=value[:40]))
    return int(value)


def _named(prefix: str, names: tuple[str, ...]) -> Callable[[str], str]:
    """A kind given as its stored name or its Chinese label -> the stored name."""
    labels = {name: CLI_FILES_TEXTS[f"{prefix}_{name}"][0] for name in names}

    def parse(value: str) -> str:
        for name, zh in labels.items():
            if value.strip() in (name, zh):
                return name
        choices = "、".join(labels.values()) if language() == "zh" else ", ".join(labels)
        raise argparse.ArgumentTypeError(cli_text("bad_choice", value=value[:40], choices=choices))

    return parse


def _split(value: str) -> list[str]:
    return [p.strip() for p in value.replace("，", ",").replace("、", ",").split(",")]


def _contents(value: str) -> dict[str, int]:
    """``入学登记表=1,照片=2`` -> {type: pieces}; the types are checked by the service."""
    found: dict[str, int] = {}
    for part in _split(value):
        name, sep, count = part.partition("=")
        name, count = name.strip(), count.strip()
        ok = sep and name and len(name) <= 40 and count.isascii() and count.isdigit()
        if not ok or len(count) > 3 or name in found:
            raise argparse.ArgumentTypeError(text("bad_contents", value=value[:40]))
        found[name] = int(count)
    return found


def _types(value: str) -> list[str]:
    if value.strip() in NOTHING:
        return []
    names = _split(value)
    if not all(names) or any(len(n) > 40 for n in names):
        raise argparse.ArgumentTypeError(text("bad_types", value=value[:40]))
    return list(dict.fromkeys(names))


# -- parsers ------------------------------------------------------------------------------------


def add_parsers(sub: Any, cmd: Callable[[Any, str, str], argparse.ArgumentParser]) -> None:
    fl = cmd(sub, "file", "the archive room's paper files: locate, receive, lend, dispatch")
    fsub = fl.add_subparsers(dest="file_command", required=True, parser_class=type(fl))

    sp = cmd(fsub, "locate", "where is a student's paper file (every student ever, by any key)")
    sp.add_argument("text", help="name, former name, 学号, 学籍号 or (part of) an ID number")
    sp.add_argument("--limit", type=_locate_limit, default=50, help="1 to 500 (default 50)")

    sp = cmd(fsub, "receive", "新生档案接收登记: register the files of one delivery")
    _who(sp)
    sp.add_argument("--kind", required=True, type=_named("intake", INTAKE_KINDS),
                    help="new_intake (新生入学), transfer_in (转入) or other (其他)")  # fmt: skip
    sp.add_argument("--from", dest="source", required=True, metavar="SOURCE",
                    help="where the files came from (e.g. the junior school)")  # fmt: skip
    sp.add_argument("--date", type=_date, help="the day they arrived (default: today)")
    sp.add_argument("--delivered-by", default="", metavar="NAME")
    sp.add_argument("--contents", type=_contents, action="append", default=[],
                    metavar="TYPE=N,...", help="what arrived for each student (type: code or "
                    "Chinese name, N pieces)")  # fmt: skip
    sp.add_argument("--missing", type=_types, metavar="TYPE,...",
                    help="what is missing (default: required types that did not arrive; "
                    "'无' for nothing)")  # fmt: skip
    sp.add_argument("--remark", default="")
    _place(sp, required=False)

    sp = cmd(fsub, "intakes", "the receiving register (接收登记), newest first")
    sp.add_argument("--limit", type=_limit, default=200)

    sp = cmd(fsub, "lend", "借阅登记: lend a file")
    sp.add_argument("student", metavar="STUDENT", help="学号, 学籍号 or #记录号")
    sp.add_argument("--to", dest="borrower", required=True, metavar="BORROWER")
    sp.add_argument("--purpose", required=True, help="e.g. 征兵政审")
    sp.add_argument("--unit", default="", help="the borrower's unit")
    sp.add_argument("--date", type=_date, help="the day lent (default: today)")
    sp.add_argument("--due", type=_date, help="due back (default: the calendar's loan period)")
    sp.add_argument("--remark", default="")

    sp = cmd(fsub, "return", "record that a lent file came back")
    sp.add_argument("student", metavar="STUDENT")
    sp.add_argument("--date", type=_date, help="the day returned (default: today)")
    sp.add_argument("--remark", default="")

    sp = cmd(fsub, "loans", "the loan register, newest first")
    sp.add_argument("--open", action="store_true", help="only files not yet returned")
    sp.add_argument("--overdue", action="store_true", help="only overdue loans, oldest due first")
    sp.add_argument("--today", type=_date, help="with --overdue: count from this day")
    sp.add_argument("--student", metavar="STUDENT")
    sp.add_argument("--limit", type=_limit, default=500)

    sp = cmd(fsub, "dispatch", "档案转递: send the files of students who have left")
    _who(sp)
    sp.add_argument("--receiver-kind", required=True, type=_named("receiver", RECEIVER_KINDS),
                    help="school, employer, talent_centre, hukou_place, military, other "
                    "(or 升学学校, 工作单位, 人才服务中心 …)")  # fmt: skip
    sp.add_argument("--receiver", required=True, help="the receiving unit")
    sp.add_argument("--via", required=True, type=_named("via", VIAS),
                    help="confidential_mail (机要), in_person (专人送达), other")  # fmt: skip
    sp.add_argument("--address", default="", help="the receiver's address")
    sp.add_argument("--dispatch-no", default="", help="机要: the confidential mail number")
    sp.add_argument("--carrier", default="",
                    help="in person (专人送达): who collects it (领取人)")  # fmt: skip
    sp.add_argument("--remark", default="")
    sp.add_argument("--date", type=_date, help="the day sent (default: today)")
    sp.add_argument("--dry-run", action="store_true", help="list who would be sent; write nothing")

    sp = cmd(fsub, "receipt", "record a receipt (回执) that came back")
    _which_dispatch(sp)
    sp.add_argument("--date", type=_date, help="the receipt's date (default: today)")
    sp.add_argument("--signer", default="", help="who signed the receipt")
    sp.add_argument("--remark", default="")

    sp = cmd(fsub, "void-dispatch", "void a mistaken or returned dispatch (the file can go again)")
    _which_dispatch(sp)
    sp.add_argument("--reason", required=True)

    sp = cmd(fsub, "dispatches", "the dispatch register, newest first")
    sp.add_argument("--awaiting-receipt", action="store_true", help="only those without 回执")
    sp.add_argument("--overdue", action="store_true",
                    help="only receipts overdue (the calendar's wait)")  # fmt: skip
    sp.add_argument("--today", type=_date, help="with --overdue: count from this day")
    sp.add_argument("--student", metavar="STUDENT")
    sp.add_argument("--batch", metavar="BATCH")
    sp.add_argument("--include-voided", action="store_true")
    sp.add_argument("--limit", type=_limit, default=500)

    sp = cmd(fsub, "shelve", "上架: record where files are kept (cabinet / shelf / box)")
    _who(sp)
    _place(sp, required=True)

    sp = cmd(fsub, "keep", "归档保存: the school keeps the file of a student who has left")
    sp.add_argument("student", metavar="STUDENT")
    sp.add_argument("--reason", required=True)
    sp.add_argument("--undo", action="store_true", help="no longer kept (it can be sent on)")

    _print_parsers(cmd, fsub)


def _print_parsers(cmd: Callable[[Any, str, str], argparse.ArgumentParser], fsub: Any) -> None:
    pr = cmd(fsub, "print", "archive-room papers: intake receipt, box labels, shelf list, slips")
    psub = pr.add_subparsers(dest="print_command", required=True, parser_class=type(pr))
    sp = cmd(psub, "receipt", "the receiving receipt of an intake batch (接收登记回执)")
    sp.add_argument("intake_id", type=_record_id, metavar="INTAKE_ID")
    _out_option(sp)
    for verb, help_text in (
        ("labels", "box labels (档案盒标签), several to an A4 page"),
        ("shelf-list", "shelf lists (档案存放清单) by cabinet, shelf and box"),
    ):
        sp = cmd(psub, verb, help_text)
        _place(sp, required=False)
        sp.add_argument("--class", dest="class_group", metavar="NAME")
        if verb == "labels":
            sp.add_argument("--per-page", type=int, choices=(4, 6, 8), default=6)
        _out_option(sp)
    sp = cmd(psub, "slips", "档案转递单 with 回执 for dispatches (numbered and registered)")
    sp.add_argument("dispatch_ids", nargs="*", type=_record_id, metavar="DISPATCH_ID")
    sp.add_argument("--batch", metavar="BATCH", help="every dispatch of a batch")
    _out_option(sp)


def _who(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("students", nargs="*", metavar="STUDENT", help="学号, 学籍号 or #记录号")
    sp.add_argument("--class", dest="class_group", metavar="NAME", help="a whole class")


def _which_dispatch(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("student", nargs="?", metavar="STUDENT", help="the student's live dispatch")
    sp.add_argument("--dispatch", type=_record_id, metavar="ID", help="the dispatch number")


def _place(sp: argparse.ArgumentParser, *, required: bool) -> None:
    sp.add_argument("--cabinet", required=required, metavar="C", help="档案柜")
    sp.add_argument("--shelf", metavar="S", help="层")
    sp.add_argument("--box", metavar="B", help="档案盒")


def _out_option(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--out", required=True, metavar="FILE.pdf")
    sp.add_argument("--overwrite", action="store_true", help="replace a file of that name")
    sp.add_argument(
        "--mark-missing",
        action="store_true",
        help="print characters the font lacks as □ (write them in by hand)",
    )


# -- usage checks that need several arguments, before the archive is opened --------------------


def checked(
    run: Callable[[argparse.Namespace, Any], int],
) -> Callable[[argparse.Namespace, Any], int]:
    from xueji_desktop.cli_input import usage_checked

    return usage_checked(usage_problem, run)


def usage_problem(args: argparse.Namespace) -> str:
    """The sentence of a malformed combination of arguments, or ""."""
    if not _all_text(vars(args).values()):
        return text("not_text")
    verb = args.file_command
    if verb in ("receive", "dispatch", "shelve"):
        if not args.students and args.class_group is None:
            return text("need_students")
        if args.students and args.class_group is not None:
            return text("students_or_class")
    if verb == "dispatch":
        if args.via == "confidential_mail" and not args.dispatch_no.strip():
            return text("needs_dispatch_no")
        if args.via == "in_person" and not args.carrier.strip():
            return text("needs_carrier")
    if verb in ("receipt", "void-dispatch") and (args.student is None) == (args.dispatch is None):
        return text("need_dispatch")
    if verb in ("loans", "dispatches") and args.today is not None and not args.overdue:
        return text("today_without_overdue")
    if verb == "print":
        if not args.out.lower().endswith(".pdf"):
            return text("not_pdf", path=args.out[:200])
        if args.print_command == "slips" and not args.dispatch_ids and args.batch is None:
            return text("need_slips")
    return ""


def _all_text(values: Any) -> bool:
    """Every argument is text: bytes that are not UTF-8 reach Python as lone surrogates, which
    no search key or database column can hold."""
    stack = list(values)
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return False
        elif isinstance(item, dict):
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, list | tuple):
            stack += list(item)
    return True


def cmd_file(args: argparse.Namespace, session: Any) -> int:
    """Run a ``file`` sub-command (the modules are imported only when one runs)."""
    from xueji_desktop.cli_input import guarded

    verb = args.file_command
    handler: Callable[[argparse.Namespace, Any], int]
    if verb == "print":
        from xueji_desktop.cli_files_print import cmd_print as handler
    elif verb in ("locate", "intakes", "loans", "dispatches"):
        from xueji_desktop.cli_files_lists import cmd_list as handler
    else:
        from xueji_desktop.cli_files_run import cmd_register as handler
    return guarded(handler)(args, session)


def place_of(location: Any) -> dict[str, str]:
    return {"cabinet": location.cabinet, "shelf": location.shelf, "box": location.box}


# A place the room already writes with its word ("2号柜", "第3层") is shown as written.
_UNIT_WORDS = {"cabinet": ("柜",), "shelf": ("层", "架"), "box": ("盒", "袋")}


def place_text(location: Any) -> str:
    """The place as "柜 A3，层 2，盒 5" (or "2号柜，第3层，1号盒" as the room writes it),
    leaving out the parts not recorded."""
    zh = language() == "zh"
    parts = []
    for part, value in place_of(location).items():
        if not value:
            continue
        as_written = zh and any(word in value for word in _UNIT_WORDS[part])
        parts.append(value if as_written else text(f"place_{part}", value=value))
    return ("，" if zh else ", ").join(parts) or text("place_unknown")


def today(given: str | None) -> str:
    return given or datetime.date.today().isoformat()
