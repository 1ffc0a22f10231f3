"""``xueji print | verify-document | documents``: printed documents on the command line (issue 5).

::

    xueji print KIND (--student NO ... | --class NAME) --out PATH [--split] [--pattern P]
                [--template NAME] [--param key=value ...] [--purpose TEXT] [--mark-missing]
                [--offset DX,DY] [--overwrite]
    xueji verify-document TEXT_OR_SERIAL
    xueji documents list [--student NO] [--kind K] [--limit N]
    xueji documents void SERIAL ... --reason TEXT

KIND is the code name (``transcript``) or the Chinese name (成绩单). Malformed arguments (an
unknown kind, a bad ``--param`` or ``--offset``, an ``--out`` folder without ``--split``) are
usage errors (exit 2) found before the archive is opened; refusals by the archive (an unknown
student, a rare character, a file that cannot be written) exit 1 with one sentence, and leave no
file and no register row. docs/design/cli.md has the contract.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xueji_desktop.core.normalize import local_moment
from xueji_desktop.messages import cli_text, language
from xueji_desktop.services.documents_kinds import DOCUMENT_PARAMS, KIND_NAMES, parse_kind

_PARAMS = DOCUMENT_PARAMS


class _Usage(Exception):
    pass


def _kind(text: str) -> str:
    kind = parse_kind(text)
    if kind is None:
        sep = "、" if language() == "zh" else ", "
        choices = sep.join(KIND_NAMES.values()) if language() == "zh" else sep.join(KIND_NAMES)
        raise argparse.ArgumentTypeError(
            cli_text("bad_document_kind", value=text[:40], choices=choices)
        )
    return kind


def _param(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or key.strip() not in _PARAMS:
        raise argparse.ArgumentTypeError(
            cli_text("bad_param", value=text[:40], choices=", ".join(_PARAMS))
        )
    return key.strip(), value.replace("\\n", "\n")


def _offset(text: str) -> tuple[float, float]:
    parts = text.replace("，", ",").split(",")
    try:
        if len(parts) != 2:
            raise ValueError(text)
        dx, dy = float(parts[0]), float(parts[1])
    except ValueError:
        dx = dy = math.inf
    if not all(math.isfinite(v) and abs(v) <= 30 for v in (dx, dy)):
        raise argparse.ArgumentTypeError(cli_text("bad_offset", value=text[:40]))
    return dx, dy


def _limit(text: str) -> int:
    value = int(text) if text.isascii() and text.isdigit() and len(text) < 7 else 0
    if not 1 <= value <= 5000:
        raise argparse.ArgumentTypeError(cli_text("bad_limit", value=text[:40]))
    return value


def add_parsers(sub: Any, cmd: Callable[[Any, str, str], argparse.ArgumentParser]) -> None:
    sp = cmd(sub, "print", "print documents (成绩单, 毕业证明书 …) into PDF files")
    sp.add_argument("kind", type=_kind, metavar="KIND", help="e.g. transcript or 成绩单")
    who = sp.add_mutually_exclusive_group(required=True)
    who.add_argument(
        "--student",
        dest="students",
        nargs="+",
        action="extend",
        metavar="NO",
        help="学号, 学籍号 or #记录号 (several may follow)",
    )
    who.add_argument("--class", dest="class_group", metavar="NAME", help="every student of a class")
    who.add_argument(
        "--graduates",
        type=int,
        metavar="YEAR",
        help="every graduate of that 届 (graduation date in YEAR), class by class",
    )
    sp.add_argument(
        "--out", required=True, metavar="PATH", help="the PDF file (a folder with --split)"
    )
    sp.add_argument(
        "--split", action="store_true", help="one PDF per student into the folder --out"
    )
    sp.add_argument(
        "--pattern",
        default="{student_no}_{name}_{kind}",
        help="file names with --split: {student_no} {name} {kind} {serial} {class_name}",
    )
    sp.add_argument("--template", default="", metavar="NAME")
    sp.add_argument("--param", type=_param, action="append", default=[], metavar="KEY=VALUE")
    sp.add_argument("--purpose", default="", help="recorded in the register (e.g. 升学)")
    sp.add_argument(
        "--mark-missing",
        action="store_true",
        help="print characters the font lacks as □ (write them in by hand)",
    )
    sp.add_argument("--offset", type=_offset, metavar="DX,DY", help="套打 shift in mm")
    sp.add_argument("--overwrite", action="store_true", help="replace files of the same name")

    sp = cmd(sub, "verify-document", "check a document's serial number or QR code text")
    sp.add_argument("text", metavar="TEXT_OR_SERIAL")

    docs = cmd(sub, "documents", "the register of issued documents")
    dsub = docs.add_subparsers(dest="documents_command", required=True, parser_class=type(docs))
    sp = cmd(dsub, "list", "issued documents, newest first")
    sp.add_argument("--student", metavar="NO")
    sp.add_argument("--kind", type=_kind)
    sp.add_argument("--limit", type=_limit, default=200)
    sp = cmd(dsub, "void", "void (作废) issued documents")
    sp.add_argument("serials", nargs="+", metavar="SERIAL")
    sp.add_argument("--reason", required=True)


def checked(
    run: Callable[[argparse.Namespace, Any], int],
) -> Callable[[argparse.Namespace, Any], int]:
    """Usage checks of ``print`` that need several arguments, before the archive is opened."""
    from xueji_desktop.cli_records import UsageError
    from xueji_desktop.printing.model import CLASS_KINDS

    def precheck(args: argparse.Namespace, secrets: Any) -> int:
        out = Path(args.out).expanduser()
        if out.is_dir() and not args.split:
            raise UsageError(cli_text("out_is_folder", path=str(out)))
        if args.kind in CLASS_KINDS and args.class_group is None:
            raise UsageError(cli_text("class_kind_needs_class", kind=KIND_NAMES[args.kind]))
        return run(args, secrets)

    return precheck


def cmd_print(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_input import guarded

    return guarded(_print)(args, session)


def cmd_verify(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_input import guarded

    return guarded(_verify)(args, session)


def cmd_documents(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_input import guarded

    run = _list if args.documents_command == "list" else _void
    return guarded(run)(args, session)


def _print(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_input import class_id, out, resolve_student
    from xueji_desktop.services import documents

    ids = tuple(resolve_student(session, s) for s in args.students or ())
    request = documents.PrintRequest(
        kind=args.kind,
        student_ids=ids,
        class_group_id=class_id(session, args.class_group),
        template=args.template,
        params=dict(args.param),
        mark_missing=args.mark_missing,
        offset_mm=args.offset,
        purpose=args.purpose,
        graduation_year=args.graduates,
    )
    paths = documents.issue_to_files(
        session,
        request,
        Path(args.out).expanduser(),
        split=args.split,
        pattern=args.pattern,
        overwrite=args.overwrite,
    )
    entries = documents.register_entries(session, kind=args.kind, limit=5000)
    batch = entries[0].batch_id if entries else ""
    serials = sorted(e.serial for e in entries if e.batch_id == batch)
    name = KIND_NAMES[args.kind]
    if len(serials) == 1:
        line = cli_text("issued_one", kind=name, first=serials[0])
    else:
        line = cli_text("issued", count=len(serials), kind=name, first=serials[0], last=serials[-1])
    lines = [line] + [cli_text("file_saved", path=str(p)) for p in paths]
    out(args, {"ok": True, "files": [str(p) for p in paths], "serials": serials}, "\n".join(lines))
    return 0


def _local(stamp: str) -> str:
    """An ISO UTC time of the register as the clerk's local time, to the minute (JSON keeps ISO)."""
    moment = local_moment(stamp)
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else stamp


def _verify(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_input import out
    from xueji_desktop.services import documents

    v = documents.verify(session, args.text)
    values = {
        "kind": KIND_NAMES.get(v.kind, v.kind),
        "serial": v.serial,
        "subject": v.subject,
        "issued_at": _local(v.issued_at),
        "issued_by": v.issued_by,
        "superseded_by": v.superseded_by,
        "void_reason": v.void_reason,
    }
    if v.outcome == "genuine":
        text = cli_text("verify_genuine", **values)
    elif v.outcome == "superseded":
        text = cli_text("verify_voided" if v.voided_at else "verify_superseded", **values)
    else:
        text = cli_text("verify_not_issued")
    payload: dict[str, Any] = {"ok": v.outcome == "genuine", "outcome": v.outcome}
    if v.outcome != "not_issued":
        payload.update(
            serial=v.serial,
            kind=v.kind,
            subject=v.subject,
            issued_at=v.issued_at,
            issued_by=v.issued_by,
            superseded_by=v.superseded_by or None,
            voided_at=v.voided_at or None,
            void_reason=v.void_reason,
        )
    out(args, payload, text)
    return 0 if v.outcome == "genuine" else 1


def _state(e: Any) -> str:
    if e.voided_at:
        return "voided"
    return "superseded" if e.superseded_by else "current"


def _list(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_input import out, resolve_student
    from xueji_desktop.services import documents

    sid = resolve_student(session, args.student) if args.student else None
    entries = documents.register_entries(session, student_id=sid, kind=args.kind, limit=args.limit)
    rows = [
        {
            "serial": e.serial,
            "kind": e.kind,
            "kind_name": KIND_NAMES.get(e.kind, e.kind),
            "subject": e.subject,
            "issued_at": e.issued_at,
            "issued_by": e.issued_by,
            "purpose": e.purpose,
            "template": e.template,
            "state": _state(e),
            "superseded_by": e.superseded_by,
            "voided_at": e.voided_at,
            "void_reason": e.void_reason,
        }
        for e in entries
    ]
    text = "\n".join(
        "\t".join(
            (
                r["serial"],
                r["kind_name"],
                r["subject"],
                _local(r["issued_at"]),
                r["issued_by"],
                cli_text(f"state_{r['state']}"),
            )
        )
        for r in rows
    ) or cli_text("no_documents")
    out(args, {"ok": True, "documents": rows}, text)
    return 0


def _void(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_input import out
    from xueji_desktop.services import documents

    documents.void_documents(session, args.serials, args.reason)
    out(args, {"ok": True}, cli_text("documents_voided", count=len(set(args.serials))))
    return 0


# -- the recovery sheet (``init`` / ``recovery rotate`` with --recovery-sheet) ------------------


def check_sheet_path(text: str | None) -> Path | None:
    """The file the admin asked the recovery sheet to go to, checked before the code exists: a
    new ``.pdf`` file in an existing folder. Never a default: the code lands in a file only
    when the admin names one."""
    from xueji_desktop.core.errors import OutputFileError

    if text is None:
        return None
    path = Path(text).expanduser()
    if path.suffix.lower() != ".pdf":
        raise OutputFileError(path=str(path)[:200], reason="bad_pattern")
    if not path.parent.is_dir():
        raise OutputFileError(path=str(path)[:200], reason="no_folder")
    if path.exists():
        raise OutputFileError(path=str(path)[:200], reason="exists")
    return path


def write_recovery_sheet(path: Path, school: str, archive_id: str, code: str, day: str) -> None:
    """Render the sheet in memory and write it once (owner-only, temp file + rename)."""
    from xueji_desktop.printing.recovery import recovery_sheet_pdf
    from xueji_desktop.storage.files import atomic_write

    atomic_write(path, recovery_sheet_pdf(school, archive_id, code, day))
