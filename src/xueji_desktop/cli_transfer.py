"""``xueji transfer …``: student record packages on the command line (issue 9 §3).

::

    xueji transfer export STUDENT... --reason transfer_out|handover --receiver R --out F.xjpkg
                          [--passphrase-stdin] [--overwrite]
    xueji transfer import F.xjpkg [--passphrase-stdin] [--class NAME] [--dry-run]
    xueji transfer list

Secrets come one a line: the login password (``--password-stdin``), then the package password
(``--passphrase-stdin``; at a terminal it is asked for). ``export`` without a package password
suggests one and prints it with the fingerprint of this archive's key: the receiver is told both
separately from the file. ``import`` shows the preview (sending school, fingerprint, students
and their problems); ``--dry-run`` stops there. Every command takes ``--json``. Refusals exit 1
and change nothing; docs/design/cli.md has the contract.
"""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xueji_desktop.messages import language
from xueji_desktop.messages_transfer import CLI_TRANSFER_TEXTS

Handler = Callable[[argparse.Namespace, Any], int]
REASONS = ("transfer_out", "handover")


def text(key: str, **params: object) -> str:
    idx = 1 if language() == "en" else 0
    return CLI_TRANSFER_TEXTS[key][idx].format(**{k: str(v) for k, v in params.items()})


def _local(ts: str) -> str:
    """A stored UTC time stamp as the machine's local date and minute (as-is when unreadable)."""
    try:
        moment = datetime.datetime.fromisoformat(ts.replace("Z", "+00:00"))
    except ValueError:
        return ts
    if moment.tzinfo is None:
        return ts
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _status(code: str) -> str:
    from xueji_desktop.core.labels import STATUS_LABELS
    from xueji_desktop.messages_records import STATUS_EN

    table = STATUS_EN if language() == "en" else STATUS_LABELS
    return str(table.get(code, code))


def add_parsers(sub: Any, cmd: Callable[[Any, str, str], argparse.ArgumentParser]) -> None:
    tr = cmd(sub, "transfer", "student record packages: 转出 / 档案移交 and 转入")
    tsub = tr.add_subparsers(dest="transfer_command", required=True, parser_class=type(tr))
    sp = cmd(tsub, "export", "write an encrypted, signed record package of students")
    sp.add_argument("students", nargs="+", metavar="STUDENT", help="学号, 学籍号 or #记录号")
    sp.add_argument("--reason", required=True, choices=REASONS)
    sp.add_argument("--receiver", required=True, help="the receiving school or office")
    sp.add_argument("--out", required=True, metavar="FILE.xjpkg")
    sp.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help="read the package password from stdin (else one is suggested)",
    )
    sp.add_argument("--overwrite", action="store_true")
    sp = cmd(tsub, "import", "check a record package and add its students")
    sp.add_argument("file", metavar="FILE.xjpkg")
    sp.add_argument("--passphrase-stdin", action="store_true",
                    help="read the package password from stdin")  # fmt: skip
    sp.add_argument(
        "--class",
        dest="class_group",
        metavar="NAME",
        help="the class 转入 students join (required for transfer_out packages)",
    )
    sp.add_argument(
        "--fingerprint",
        metavar='"XXXX XXXX …"',
        help="the fingerprint the sending school told you: the import refuses another one",
    )
    sp.add_argument("--dry-run", action="store_true", help="show the preview, import nothing")
    cmd(tsub, "list", "the register of packages made and taken in")


def handlers(login: Callable[[argparse.Namespace, Any], tuple[Any, str]]) -> dict[str, Handler]:
    """The ``transfer`` entry of cli.py's table (``login`` is cli.py's own)."""
    from xueji_desktop.cli_input import guarded

    def transfer(args: argparse.Namespace, secrets: Any) -> int:
        session, _ = login(args, secrets)
        try:
            verb = args.transfer_command
            if verb == "list":
                return guarded(_list)(args, session)
            run = _export if verb == "export" else _import
            return guarded(lambda a, s: run(a, s, secrets))(args, session)
        finally:
            session.close()

    return {"transfer": transfer}


def _export(args: argparse.Namespace, session: Any, secrets: Any) -> int:
    from xueji_desktop.cli_input import out, problem_json, resolve_student
    from xueji_desktop.services import transfer_keys
    from xueji_desktop.services.transfer_export import export_package

    ids = [resolve_student(session, s) for s in args.students]
    suggested = ""
    if args.passphrase_stdin:
        passphrase = secrets.read("package password: ")
    else:
        passphrase = suggested = transfer_keys.suggest_passphrase()
    made = export_package(session, ids, reason=args.reason, receiver=args.receiver,
                          passphrase=passphrase, out=Path(args.out).expanduser(),
                          today=datetime.date.today(), overwrite=args.overwrite)  # fmt: skip
    doc = {"ok": True, "package_id": made.package_id, "path": str(made.path),
           "sha256": made.sha256, "fingerprint": made.fingerprint,
           "students": made.student_count, "counts": dict(made.counts)}  # fmt: skip
    lines = [text("exported", count=made.student_count, path=made.path)]
    if suggested:
        doc["passphrase"] = suggested
        lines.append(text("passphrase", passphrase=suggested))
    lines.append(text("fingerprint", fingerprint=made.fingerprint))
    warnings = [problem_json(w) for w in made.warnings]
    doc["warnings"] = warnings
    lines += [text("warning_line", text=w["message"]) for w in warnings]
    out(args, doc, "\n".join(lines))
    return 0


def _import(args: argparse.Namespace, session: Any, secrets: Any) -> int:
    from xueji_desktop.cli_input import out, problem_json
    from xueji_desktop.problem_text import problem_text
    from xueji_desktop.services import transfer_import

    passphrase = secrets.read("package password: ")
    path = Path(args.file).expanduser()
    # The preview checks with the chosen class, exactly as the import will: what it shows as a
    # problem is what refuses.
    target = _class(session, args.class_group)
    preview = transfer_import.read_package(session, path, passphrase, class_group_id=target,
                                           fingerprint=args.fingerprint)  # fmt: skip
    students = [{"index": s.index, "name": s.name, "student_no": s.student_no,
                 "id_masked": s.id_masked, "status": s.status, "exists": s.exists,
                 "problems": [problem_json(p) for p in s.problems],
                 "class_problems": [problem_json(p) for p in s.class_problems]}
                for s in preview.students]  # fmt: skip
    doc: dict[str, Any] = {
        "ok": True, "package_id": preview.package_id, "reason": preview.reason,
        "made_at": preview.made_at, "source_school": preview.source_school,
        "source_archive_id": preview.source_archive_id, "fingerprint": preview.fingerprint,
        "receiver": preview.receiver, "students": students, "counts": dict(preview.counts),
        "key_state": preview.key_state, "practice": preview.practice,
        "class_name": preview.class_name, "class_major": preview.class_major,
    }  # fmt: skip
    lines = [
        text(
            "preview_head",
            school=preview.source_school,
            made_at=_local(preview.made_at),
            reason=text(f"reason_{preview.reason}"),
            fingerprint=preview.fingerprint,
        ),
        text(f"key_{preview.key_state}"),
    ]
    if preview.practice:
        lines.append(text("practice_package"))
    if preview.reason == "transfer_out":
        lines.append(
            text("placement", class_name=preview.class_name, major=preview.class_major)
            if preview.class_name
            else text("placement_needed")
        )
    for s in preview.students:
        lines.append(
            text(
                "preview_student",
                index=s.index,
                name=s.name,
                student_no=s.student_no,
                id_masked=s.id_masked,
                status=_status(s.status),
            )
        )
        lines += [f"     {p['message']}" for p in (problem_json(x) for x in s.problems)]
        if s.class_problems:  # resolved by --class: said as what to do, not as a refusal
            first = problem_text(s.class_problems[0])
            lines.append("     " + text("class_resolves", problem=first))
    if args.dry_run:
        doc["dry_run"] = True
        doc["ok"] = not any(s["problems"] or s["class_problems"] for s in students)
        out(args, doc, "\n".join([*lines, text("dry_run")]))
        return 0 if doc["ok"] else 1
    done = transfer_import.import_package(session, path, passphrase, class_group_id=target,
                                          today=datetime.date.today(),
                                          fingerprint=args.fingerprint)  # fmt: skip
    doc.update(package_row=done.package_row, student_ids=list(done.student_ids))
    out(args, doc, "\n".join([*lines, text("imported", count=len(done.student_ids))]))
    return 0


def _class(session: Any, name: str | None) -> int | None:
    from xueji_desktop.cli_input import class_id
    from xueji_desktop.core.errors import NotFound

    if name is None:
        return None
    try:
        return class_id(session, name)
    except NotFound:
        if name.isascii() and name.isdigit() and len(name) < 19:
            return int(name)  # a class id: import_package says when there is none
        raise


def _list(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_input import out
    from xueji_desktop.services import transfer_import

    rows = transfer_import.list_packages(session)
    doc = {"ok": True, "packages": [
        {"id": r.id, "direction": r.direction, "package_id": r.package_id, "reason": r.reason,
         "made_at": r.made_at, "recorded_at": r.recorded_at, "recorded_by": r.recorded_by,
         "source_school": r.source_school, "receiver": r.receiver,
         "fingerprint": r.signer_fingerprint, "file_sha256": r.file_sha256,
         "file_name": r.file_name, "student_ids": list(r.student_ids), "counts": dict(r.counts),
         "students": [{"name": n, "student_no": no} for n, no in r.students]}
        for r in rows]}  # fmt: skip
    lines = []
    for r in rows:
        lines.append(
            text(
                "list_line",
                recorded_at=_local(r.recorded_at),
                direction=text(f"direction_{r.direction}"),
                reason=text(f"reason_{r.reason}"),
                school=r.source_school if r.direction == "in" else r.receiver,
                count=len(r.student_ids),
                fingerprint=r.signer_fingerprint,
            )
        )
        comma = ", " if language() == "en" else "、"
        who = comma.join(f"{n}（{no}）" if no else n for n, no in r.students)
        lines.append(text("list_students", students=who))
        lines.append(text(f"list_by_{r.direction}", user=r.recorded_by))
    out(args, doc, "\n".join(lines) or text("empty"))
    return 0
