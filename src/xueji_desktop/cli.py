"""``xueji``: the archive's services on the command line, for scripts and the task scheduler.

The contract (docs/design/cli.md) is relied on by outside scripts: extend it, never change it.
Exit status: 0 success, 1 failed or a check found a problem, 2 usage error, 3 authentication
refused. Errors go to stderr as one plain sentence; ``--json`` prints machine-readable JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import getpass
import json
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from xueji_desktop import (
    __version__,
    cli_about,
    cli_backup,
    cli_discipline,
    cli_documents,
    cli_export,
    cli_files,
    cli_import,
    cli_records,
    cli_report,
    cli_retention,
    cli_stats,
    cli_transfer,
)
from xueji_desktop.cli_records import UsageError
from xueji_desktop.core.errors import (
    AccountDisabled,
    AccountLocked,
    BindingLost,
    DeliveryFailed,
    LoginThrottled,
    MalformedRecoveryCode,
    PermissionDenied,
    StaleKeySlot,
    WrongCredentials,
    WrongRecoveryCode,
    XuejiError,
)
from xueji_desktop.core.roles import format_roles, parse_roles
from xueji_desktop.messages import language, message_for
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services import check as check_service
from xueji_desktop.services import recovery as recovery_service
from xueji_desktop.services import users as user_service
from xueji_desktop.services.context import Session
from xueji_desktop.storage.layout import ArchiveMeta, default_archive_dir

AUTH_ERRORS = (
    WrongCredentials,
    LoginThrottled,
    AccountLocked,
    AccountDisabled,
    BindingLost,
    WrongRecoveryCode,
    StaleKeySlot,
    PermissionDenied,
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"xueji: {message}\n")
        raise SystemExit(2)


def _globals(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    d: dict[str, Any] = {"default": argparse.SUPPRESS} if suppress else {}
    parser.add_argument("--archive", metavar="DIR", **d, help="archive folder")
    parser.add_argument("--user", metavar="NAME", **d, help="log in as NAME")
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        **d,
        help="read the password(s) from standard input, one a line",
    )
    parser.add_argument("--json", action="store_true", **d, help="print JSON on stdout")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="xueji", description="Xueji Desktop archive tool (学籍档案室)")
    p.add_argument("--version", action="version", version=f"xueji {__version__}")
    _globals(p, suppress=False)
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def cmd(parent: Any, name: str, help_text: str) -> argparse.ArgumentParser:
        sp: argparse.ArgumentParser = parent.add_parser(name, help=help_text)
        _globals(sp, suppress=True)
        return sp

    sp = cmd(sub, "init", "create a new archive and its first admin (password on stdin)")
    sp.add_argument("--school", required=True)
    sp.add_argument("--admin", required=True)
    sp.add_argument("--school-code", default="")
    sp.add_argument("--binding", choices=["auto", "keyring", "none"], default="auto")
    sp.add_argument("--recovery-sheet", metavar="FILE.pdf", help="also write the recovery sheet")
    sp = cmd(sub, "demo", "create a practice archive with synthetic students")
    sp.add_argument("dir", metavar="DIR")
    sp.add_argument("--seed", type=int, default=1)
    cmd(sub, "check", "verify the database, its encryption and the audit chain")

    user = cmd(sub, "user", "manage accounts")
    usub = user.add_subparsers(dest="user_command", required=True, parser_class=_Parser)
    sp = cmd(usub, "add", "add an account (stdin: your password, then the new one)")
    sp.add_argument("name")
    sp.add_argument("--roles", default="clerk", help="admin, clerk, viewer, or e.g. admin,clerk")
    sp.add_argument("--display-name", default="")
    cmd(usub, "list", "list accounts")
    sp = cmd(usub, "passwd", "change your password, or (admin) reset another's")
    sp.add_argument("name", nargs="?")
    for verb in ("unlock", "disable", "enable"):
        cmd(usub, verb, f"{verb} an account").add_argument("name")

    rec = cmd(sub, "recovery", "the recovery code")
    rsub = rec.add_subparsers(dest="recovery_command", required=True, parser_class=_Parser)
    cmd(rsub, "verify", "check a typed recovery code (stdin: your password, then the code)")
    sp = cmd(rsub, "rotate", "admin: make a new recovery code; the old one stops working")
    sp.add_argument("--recovery-sheet", metavar="FILE.pdf", help="also write the recovery sheet")

    aud = cmd(sub, "audit", "the audit chain")
    asub = aud.add_subparsers(dest="audit_command", required=True, parser_class=_Parser)
    cmd(asub, "reanchor", "admin: after looking into a missing anchor, anchor the current head")

    sp = cmd(sub, "recover", "open with the recovery code and set an admin's password")
    sp.add_argument("--recovery-code-stdin", action="store_true", required=True)
    sp.add_argument("--admin", default="admin")
    cli_records.add_parsers(sub, cmd)
    cli_documents.add_parsers(sub, cmd)
    cli_import.add_parsers(sub, cmd)
    cli_export.add_parsers(sub, cmd)
    cli_backup.add_parsers(sub, cmd)
    cli_files.add_parsers(sub, cmd)
    cli_transfer.add_parsers(sub, cmd)
    cli_discipline.add_parsers(sub, cmd)
    cli_stats.add_parsers(sub, cmd)
    cli_report.add_parsers(sub, cmd)
    cli_retention.add_parsers(sub, cmd)
    cli_about.add_parser(sub, cmd)
    return p


class Secrets:
    """Passwords from stdin (one a line) or, at a terminal, from a prompt."""

    def __init__(self, from_stdin: bool, stdin: TextIO) -> None:
        self.from_stdin = from_stdin or not stdin.isatty()
        self.stdin = stdin

    def read(self, prompt: str) -> str:
        if not self.from_stdin:
            return getpass.getpass(prompt)
        from xueji_desktop.messages import cli_text

        try:
            line = self.stdin.readline()
            line.encode("utf-8")  # binary junk decodes to lone surrogates under surrogateescape
        except UnicodeError:
            raise UsageError(cli_text("stdin_not_text", what=_secret_name(prompt))) from None
        if not line:
            raise UsageError(cli_text("stdin_missing", what=_secret_name(prompt)))
        return line.rstrip("\r\n")


# What each English prompt asks for, named in the user's language when its line is missing
# (cli_text keys). Prompts already in the user's language (cli_retention's) are used as they are.
_SECRET_NAMES = {
    "password: ": "secret_password",
    "new password: ": "secret_new_password",
    "new admin password: ": "secret_new_admin_password",
    "new user's password: ": "secret_new_user_password",
    "demo password: ": "secret_demo_password",
    "recovery code: ": "secret_recovery_code",
    "package password: ": "secret_package_password",
}


def _secret_name(prompt: str) -> str:
    from xueji_desktop.messages import cli_text

    key = _SECRET_NAMES.get(prompt)
    return cli_text(key) if key else prompt.strip().rstrip(":：").strip()


def _archive_dir(args: argparse.Namespace) -> Path:
    return (
        Path(args.archive).expanduser() if getattr(args, "archive", None) else default_archive_dir()
    )


def _login(args: argparse.Namespace, secrets: Secrets) -> tuple[Session, str]:
    user = getattr(args, "user", None) or os.environ.get("XUEJI_USER")
    if not user:
        raise UsageError("this command needs --user NAME")
    password = secrets.read("password: ")
    return archive_service.login(_archive_dir(args), user, password), password


def _out(args: argparse.Namespace, payload: dict[str, Any], text: str | None) -> None:
    if getattr(args, "json", False):
        print(json.dumps(payload, ensure_ascii=False, sort_keys=True))
    elif text:
        print(text)


def run(args: argparse.Namespace, stdin: TextIO) -> int:
    secrets = Secrets(bool(getattr(args, "password_stdin", False)), stdin)
    handler = _HANDLERS[args.command]
    return handler(args, secrets)


def _print_now(text: str, context: str) -> None:
    """Print and flush, turning a failed write (closed pipe, full disk) into DeliveryFailed, so
    a recovery code that could not be shown is never committed."""
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    except (OSError, ValueError):
        with contextlib.suppress(OSError, ValueError):  # drop what could not be written
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until exit
        raise DeliveryFailed(reason=context) from None


def _write_sheet(path: Path, school: str, archive_id: str, code: str, day: str, ctx: str) -> None:
    """The recovery sheet the admin asked for; a sheet that cannot be written fails the delivery
    like an unwritable terminal, so no code nobody holds is committed."""
    try:
        cli_documents.write_recovery_sheet(path, school, archive_id, code, day)
    except OSError:
        raise DeliveryFailed(reason=ctx) from None


def _cmd_init(args: argparse.Namespace, secrets: Secrets) -> int:
    password = secrets.read("new admin password: ")
    root = _archive_dir(args)
    sheet = cli_documents.check_sheet_path(args.recovery_sheet)

    def deliver(code: str, meta: ArchiveMeta) -> None:
        if getattr(args, "json", False):
            doc = {"ok": True, "archive": str(root), "archive_id": meta.archive_id,
                   "binding": meta.binding, "recovery_code": code}  # fmt: skip
            _print_now(json.dumps(doc, ensure_ascii=False, sort_keys=True), "init")
        else:
            _print_now(f"recovery code: {code}", "init")
        if sheet is not None:
            _write_sheet(sheet, args.school, meta.archive_id, code, meta.created_at[:10], "init")

    created = archive_service.create_archive(
        root,
        school_name=args.school,
        admin=args.admin,
        password=password,
        school_code=args.school_code,
        binding=args.binding,
        deliver=deliver,
    )
    meta = created.session.archive.meta
    created.session.close()
    if not meta.bound:
        sys.stderr.write(_notice_unbound())
    return 0


def _notice_unbound() -> str:
    if language() == "en":
        return (
            "note: this computer offers no secure credential store, so the archive opens "
            "with a password alone (it is not tied to this computer).\n"
        )
    return "提示：本机没有可用的安全凭据存储，档案库仅凭密码即可打开（未与本机绑定）。\n"


def _cmd_demo(args: argparse.Namespace, secrets: Secrets) -> int:
    # Imported here: the demo generator pulls in pypinyin's dictionaries (~0.4 s), which no other
    # command needs and which would slow every scheduled `xueji` run.
    from xueji_desktop.services import demo as demo_service

    custom = bool(getattr(args, "password_stdin", False))
    password = secrets.read("demo password: ") if custom else demo_service.DEMO_PASSWORD
    created = demo_service.create_demo(Path(args.dir), seed=args.seed, password=password)
    n = int(created.session.archive.db.conn.execute("SELECT count(*) FROM students").fetchone()[0])
    created.session.close()
    shown = "(from stdin)" if custom else password
    _out(
        args,
        {
            "ok": True,
            "archive": args.dir,
            "admin": demo_service.DEMO_ADMIN,
            "password": None if custom else password,
            "students": n,
            "recovery_code": created.recovery_code,
        },
        f"demo archive: {args.dir}\nadmin: {demo_service.DEMO_ADMIN}\npassword: {shown}\n"
        f"students: {n}\nrecovery code: {created.recovery_code}",
    )
    return 0


def _cmd_check(args: argparse.Namespace, secrets: Secrets) -> int:
    user = getattr(args, "user", None) or os.environ.get("XUEJI_USER")
    if not user:
        raise UsageError("this command needs --user NAME")
    password = secrets.read("password: ")
    report = check_service.check_at(_archive_dir(args), user, password)
    text = "ok" if report.ok else "\n".join(f"problem: {p}" for p in report.problems)
    _out(args, report.to_json(), text)
    return 0 if report.ok else 1


def _cmd_user(args: argparse.Namespace, secrets: Secrets) -> int:
    session, password = _login(args, secrets)
    try:
        verb = args.user_command
        if verb == "list":
            users = user_service.list_users(session)
            rows = [
                {
                    "name": u.username,
                    "display_name": u.display_name,
                    "roles": format_roles(u.roles),
                    "disabled": u.disabled,
                    "locked": u.locked,
                }
                for u in users
            ]
            text = "\n".join(
                f"{r['name']}\t{r['roles']}"
                + ("\tdisabled" if r["disabled"] else "")
                + ("\tlocked" if r["locked"] else "")
                for r in rows
            )
            _out(args, {"ok": True, "users": rows}, text)
            return 0
        if verb == "add":
            try:
                roles = parse_roles(args.roles)
            except ValueError:
                raise UsageError(f"unknown role in {args.roles!r}") from None
            new = secrets.read("new user's password: ")
            user_service.add_user(
                session,
                admin_password=password,
                username=args.name,
                password=new,
                roles=roles,
                display_name=args.display_name,
            )
        elif verb == "passwd":
            new = secrets.read("new password: ")
            if args.name in (None, session.username):
                user_service.change_own_password(
                    session, current_password=password, new_password=new
                )
            else:
                user_service.reset_password(
                    session, admin_password=password, username=args.name, new_password=new
                )
        elif verb == "unlock":
            user_service.unlock(session, admin_password=password, username=args.name)
        else:
            user_service.set_disabled(
                session, admin_password=password, username=args.name, disabled=verb == "disable"
            )
        _out(args, {"ok": True}, "ok")
        return 0
    finally:
        session.close()


def _cmd_recovery(args: argparse.Namespace, secrets: Secrets) -> int:
    session, password = _login(args, secrets)
    try:
        if args.recovery_command == "verify":
            ok = recovery_service.verify_recovery_code(session, secrets.read("recovery code: "))
            _out(args, {"ok": ok}, "recovery code: correct" if ok else "recovery code: NOT correct")
            return 0 if ok else 1

        sheet = cli_documents.check_sheet_path(args.recovery_sheet)

        def deliver(code: str) -> None:
            if getattr(args, "json", False):
                _print_now(json.dumps({"ok": True, "recovery_code": code}), "rotate")
            else:
                _print_now(f"recovery code: {code}", "rotate")
            if sheet is not None:
                meta = session.archive.meta
                from xueji_desktop.services.document_settings import load_letterhead

                school = load_letterhead(session.archive.db.conn).school_name
                day = datetime.date.today().isoformat()
                _write_sheet(sheet, school, meta.archive_id, code, day, "rotate")

        recovery_service.rotate_recovery_code(session, admin_password=password, deliver=deliver)
        return 0
    finally:
        session.close()


def _cmd_audit(args: argparse.Namespace, secrets: Secrets) -> int:
    session, password = _login(args, secrets)
    try:
        seq = recovery_service.reanchor_audit(session, admin_password=password)
    finally:
        session.close()
    _out(args, {"ok": True, "anchored_seq": seq}, f"audit chain anchored at entry {seq}")
    return 0


def _cmd_recover(args: argparse.Namespace, secrets: Secrets) -> int:
    code = secrets.read("recovery code: ")
    new = secrets.read("new password: ")
    session = recovery_service.recover(_archive_dir(args), code, admin=args.admin, new_password=new)
    binding = session.archive.meta.binding
    session.close()
    if binding == "none":
        sys.stderr.write(_notice_unbound())
    _out(
        args,
        {"ok": True, "admin": args.admin, "binding": binding},
        f"password set for {args.admin}",
    )
    return 0


def _records(
    handler: Callable[[argparse.Namespace, Session], int],
) -> Callable[[argparse.Namespace, Secrets], int]:
    def run_logged_in(args: argparse.Namespace, secrets: Secrets) -> int:
        session, _ = _login(args, secrets)
        try:
            return handler(args, session)
        finally:
            session.close()

    return run_logged_in


_HANDLERS: dict[str, Callable[[argparse.Namespace, Secrets], int]] = {
    "init": _cmd_init,
    "demo": _cmd_demo,
    "check": _cmd_check,
    "user": _cmd_user,
    "recovery": _cmd_recovery,
    "audit": _cmd_audit,
    "recover": _cmd_recover,
    "student": _records(cli_records.cmd_student),
    "status-change": _records(cli_records.cmd_status_change),
    "grades": _records(cli_records.cmd_grades),
    "health": _records(cli_records.cmd_health),
    "print": cli_documents.checked(_records(cli_documents.cmd_print)),
    "verify-document": _records(cli_documents.cmd_verify),
    "documents": _records(cli_documents.cmd_documents),
    "import": cli_import.checked(_records(cli_import.cmd_import)),
    "export": cli_export.checked(_records(cli_export.cmd_export)),
    "file": cli_files.checked(_records(cli_files.cmd_file)),
    "stats": cli_stats.checked(_records(cli_stats.cmd_stats)),
    "report": cli_report.checked(_records(cli_report.cmd_report)),
    "about": cli_about.cmd_about,  # issue 10: no archive needed
}
_HANDLERS.update(cli_backup.handlers(_login, _archive_dir))  # drive, backup, restore (issue 7)
_HANDLERS.update(cli_transfer.handlers(_login))  # transfer export|import|list (issue 9 §3)
_HANDLERS.update(cli_discipline.handlers(_login))  # 奖惩: add, lift, annul, void, list
_HANDLERS.update(cli_retention.handlers(_login, _archive_dir))  # retention (issue 9 §4)


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None) -> int:
    # Large print batches render on worker processes (printing/parallel.py); in a frozen build a
    # worker starts this same program, which must hand over to multiprocessing at once.
    multiprocessing.freeze_support()
    if os.name == "posix":
        os.umask(0o077)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return run(args, stdin or sys.stdin)
    except UsageError as exc:
        sys.stderr.write(f"xueji: {exc}\n")
        return 2
    except MalformedRecoveryCode as exc:
        sys.stderr.write(message_for(exc) + "\n")
        return 3
    except AUTH_ERRORS as exc:
        sys.stderr.write(message_for(exc) + "\n")
        # `init --binding keyring` on a machine without a keyring refused nobody: it failed.
        return 1 if exc.fields.get("reason") == "no_keyring" else 3
    except XuejiError as exc:
        sys.stderr.write(message_for(exc) + "\n")
        return 1
    except KeyboardInterrupt:
        return 1
    except BrokenPipeError:  # the reader went away (`xueji … | head`): stop quietly
        with contextlib.suppress(OSError, ValueError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives until exit
        return 1
    except Exception as exc:  # a bug: one line, no traceback, no data
        sys.stderr.write(
            f"xueji: internal error ({type(exc).__name__}); nothing was changed "
            f"beyond the last completed step\n"
        )
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
