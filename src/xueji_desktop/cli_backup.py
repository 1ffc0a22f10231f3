"""``xueji drive``, ``xueji backup`` and ``xueji restore``: the dedicated backup drive from the
command line and the OS task scheduler (issue 7; docs/design/backups.md, cli.md).

::

    xueji drive enroll PATH [--label L]                admin: PATH becomes a backup drive
    xueji backup [--drive PATH]                        no password: a pending backup (scheduler)
    xueji --user NAME backup [--drive PATH]            logged in: a verified backup
    xueji backup list [--drive PATH]                   newest first
    xueji backup verify [--drive PATH] [BACKUP]        every backup, or one (an id or a folder)
    xueji backup drill [--drive PATH]                  restore the newest into a temporary place
    xueji restore BACKUP --to DIR --recovery-code-stdin [--admin NAME]
                                                       stdin: the code, then the new password

``backup`` is a command and a group at once: without a sub-command it makes a backup. Without
``--user`` it asks for no password (the task scheduler runs it): it copies the archive's
already-encrypted files and seals the copy as "pending" with this workstation's secret; the
next login completes the checks. Exit status: 0 done, 1 refused or a check found a problem,
2 malformed arguments, 3 authentication refused or not permitted.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xueji_desktop.cli_input import out, refusal
from xueji_desktop.cli_records import UsageError
from xueji_desktop.core.errors import (
    AccountDisabled,
    AccountLocked,
    BindingLost,
    LoginThrottled,
    MalformedRecoveryCode,
    NoBackup,
    PermissionDenied,
    StaleKeySlot,
    WrongCredentials,
    WrongRecoveryCode,
    XuejiError,
)
from xueji_desktop.messages import language
from xueji_desktop.messages_cli_backup import CLI_BACKUP_TEXTS

# Refusals that cli.main turns into exit 3 (and prints itself): they must pass through here.
_AUTH = (
    AccountDisabled,
    AccountLocked,
    BindingLost,
    LoginThrottled,
    MalformedRecoveryCode,
    PermissionDenied,
    StaleKeySlot,
    WrongCredentials,
    WrongRecoveryCode,
)

Login = Callable[[argparse.Namespace, Any], tuple[Any, str]]
ArchiveDir = Callable[[argparse.Namespace], Path]
Handler = Callable[[argparse.Namespace, Any], int]


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""


def text(key: str, lang: str | None = None, **params: object) -> str:
    """A sentence of the backup commands (zh by default, en with XUEJI_LANG=en)."""
    idx = 1 if (lang or language()) == "en" else 0
    return CLI_BACKUP_TEXTS[key][idx].format_map(_Blank({k: str(v) for k, v in params.items()}))


# -- parser -----------------------------------------------------------------------------------


def add_parsers(sub: Any, cmd: Callable[[Any, str, str], argparse.ArgumentParser]) -> None:
    drive = cmd(sub, "drive", "the dedicated backup drives")
    dsub = drive.add_subparsers(dest="drive_command", required=True, parser_class=type(drive))
    sp = cmd(dsub, "enroll", "admin: make a removable drive (or a folder) a backup drive")
    sp.add_argument("path", metavar="PATH", help="the drive or folder")
    sp.add_argument("--label", default="", metavar="L", help="a name to tell drives apart")

    bk = cmd(
        sub,
        "backup",
        "back up to the enrolled drive (without --user: no password, for the task scheduler); "
        "or list, verify, drill",
    )
    _drive_option(bk, suppress=False)
    bsub = bk.add_subparsers(
        dest="backup_command",
        required=False,  # `xueji backup` alone makes a backup
        parser_class=type(bk),
        metavar="{list,verify,drill}",
    )
    _drive_option(cmd(bsub, "list", "the backups on the drive, newest first"), suppress=True)
    sp = cmd(bsub, "verify", "re-read and check every backup on the drive, or one")
    _drive_option(sp, suppress=True)
    sp.add_argument(
        "backup", nargs="?", metavar="BACKUP", help="a backup name or the path of its folder"
    )
    sp = cmd(bsub, "drill", "restore the newest backup into a temporary place and compare")
    _drive_option(sp, suppress=True)

    sp = cmd(sub, "restore", "make a new archive folder from a backup with the recovery code")
    sp.add_argument(
        "backup", metavar="BACKUP", help="a backup folder, or the drive (its newest backup)"
    )
    sp.add_argument("--to", required=True, metavar="DIR", help="a new or empty folder")
    sp.add_argument(
        "--recovery-code-stdin",
        action="store_true",
        required=True,
        help="stdin: the recovery code, then the new admin password",
    )
    sp.add_argument("--admin", default="admin", metavar="NAME", help="(default: admin)")


def _drive_option(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    # Given before or after the sub-command: the sub-parsers' copy must not reset the value.
    default: Any = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--drive",
        metavar="PATH",
        default=default,
        help="the backup drive (default: the first enrolled drive plugged in)",
    )


def handlers(login: Login, archive_dir: ArchiveDir) -> dict[str, Handler]:
    """The commands for cli.py's table; ``login`` and ``archive_dir`` are cli.py's own."""

    def logged_in(run: Callable[[argparse.Namespace, Any], int]) -> Handler:
        def go(args: argparse.Namespace, secrets: Any) -> int:
            session, _ = login(args, secrets)
            try:
                return _refusing(run)(args, session)
            finally:
                session.close()

        return go

    def backup(args: argparse.Namespace, secrets: Any) -> int:
        verb = args.backup_command
        if verb is None and not getattr(args, "user", None):
            # Only an explicit --user logs in: a scheduled task never waits for a password
            # (XUEJI_USER in the environment does not turn the scheduled run into a login).
            return _refusing(_scheduled)(args, archive_dir(args))
        if verb == "verify" and args.backup is not None:
            _backup_target(args.backup, None)  # a malformed BACKUP: exit 2 before the password
        run = {None: _make, "list": _list, "verify": _verify, "drill": _drill}[verb]
        return logged_in(run)(args, secrets)

    return {
        "drive": logged_in(_enroll),
        "backup": backup,
        "restore": _refusing(_restore),
    }


def _refusing(run: Callable[[argparse.Namespace, Any], int]) -> Handler:
    """A refusal by the archive or the drive: exit 1, one sentence (or one JSON object with
    --json). Authentication refusals pass on to cli.main (exit 3)."""

    def go(args: argparse.Namespace, arg: Any) -> int:
        try:
            return run(args, arg)
        except _AUTH:
            raise
        except XuejiError as exc:
            return refusal(args, exc)
        except KeyboardInterrupt:
            # Ctrl+C: the unfinished copy is never listed; one sentence, no traceback.
            sys.stderr.write(text("interrupted") + "\n")
            return 1

    return go


# -- commands ---------------------------------------------------------------------------------


def _drive(args: argparse.Namespace) -> Path | None:
    value = getattr(args, "drive", None)
    return Path(value).expanduser() if value else None


def _enroll(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.services.backup_drives import enroll_drive

    path = Path(args.path).expanduser()
    identity = enroll_drive(session, path, label=args.label)
    doc = {
        "ok": True,
        "drive_id": identity.drive_id,
        "label": identity.label,
        "path": str(path),
        "enrolled_at": identity.enrolled_at,
    }
    out(args, doc, text("enrolled", label=identity.label or path.name, path=path))
    return 0


def _scheduled(args: argparse.Namespace, root: Path) -> int:
    from xueji_desktop.services.backup import scheduled_backup

    return _made(args, scheduled_backup(root, _drive(args)))


def _make(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.services.backup import make_backup

    return _made(args, make_backup(session, _drive(args)))


def _made(args: argparse.Namespace, result: Any) -> int:
    info, space = result.info, result.space
    doc = _info_json(info) | {"ok": True, "pruned": list(result.pruned), "free": space.free,
                              "space_warning": bool(space.warn_soon)}  # fmt: skip
    lines = [text("made_verified" if info.verified else "made_pending", **_words(info))]
    if result.pruned:
        lines.append(text("pruned", count=len(result.pruned)))
    if space.warn_soon:
        lines.append(text("space_soon", free_mb=_mb(space.free)))
    out(args, doc, "\n".join(lines))
    return 0


def _list(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.services.backup import list_backups

    infos = list_backups(session, _drive(args))
    if getattr(args, "json", False):
        # The contract: a list, one object per backup (extra keys may be added).
        print(json.dumps([_info_json(i) for i in infos], ensure_ascii=False, sort_keys=True))
        return 0
    lines = [text("list_row", **_words(info)) for info in infos]
    print("\n".join(lines) if lines else text("list_none"))
    return 0


def _verify(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.services.backup import verify_backups

    drive, backup_id = _drive(args), None
    if args.backup is not None:
        drive, backup_id = _backup_target(args.backup, drive)
    checked = verify_backups(session, drive, backup_id)
    if not checked:
        raise NoBackup(reason="none")
    docs, lines = [], []
    for info, problem in checked:
        what = _why(problem) if problem else ""
        docs.append(_info_json(info) | {"ok": not problem, "problem": problem, "message": what})
        key = "verify_failed" if problem else "verify_ok"
        lines.append(text(key, id=info.backup_id, what=what))
    bad = sum(1 for _, problem in checked if problem)
    if bad:
        lines.append(text("verify_summary_bad", count=bad))
    out(args, {"ok": not bad, "backups": docs}, "\n".join(lines))
    return 1 if bad else 0


def _drill(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.services.restore import drill

    done = drill(session, _drive(args))
    what = _why(done.problem) if not done.ok else ""
    doc = {"ok": bool(done.ok), "backup_id": done.backup_id, "created_at": done.created_at,
           "content_hash": done.content_hash, "students": done.students,
           "problem": done.problem or "", "message": what}  # fmt: skip
    words = {"id": done.backup_id, "time": _local(done.created_at), "what": what,
             "students": _students(done.students)}  # fmt: skip
    line = text("drill_ok" if done.ok else "drill_failed", **words)
    out(args, doc, line)
    return 0 if done.ok else 1


def _restore(args: argparse.Namespace, secrets: Any) -> int:
    from xueji_desktop.core import recovery_code
    from xueji_desktop.services.restore import restore_to_folder

    code = _read(secrets, "recovery code: ", "stdin_recovery_code")
    recovery_code.normalize(code)  # a mistyped code is refused before the backup is read
    new_password = _read(secrets, "new admin password: ", "stdin_new_password")
    to = Path(args.to).expanduser()
    try:
        session = restore_to_folder(
            Path(args.backup).expanduser(), to, code, admin=args.admin, new_password=new_password
        )
    except PermissionDenied:
        # The account named by --admin exists but is no administrator: say which (exit 3).
        line = text("not_admin", name=args.admin)
        if getattr(args, "json", False):
            doc = {"ok": False, "error": PermissionDenied.code, "message": line}
            print(json.dumps(doc, ensure_ascii=False, sort_keys=True))
        else:
            sys.stderr.write(line + "\n")
        return 3
    try:
        source = _restored_from(session)
        binding = session.archive.meta.binding
    finally:
        session.close()
    if binding == "none" and not getattr(args, "json", False):
        sys.stderr.write(text("restored_unbound") + "\n")
    doc = {
        "ok": True,
        "archive": str(to),
        "admin": args.admin,
        "binding": binding,
        "backup_id": source.get("backup_id"),
        "created_at": source.get("created_at"),
        "content_hash": source.get("content_hash"),
    }
    first = text(
        "restored",
        id=source.get("backup_id") or args.backup,
        path=to,
        admin=args.admin,
        time=_local(str(source.get("created_at") or "")),
    )
    out(args, doc, first + "\n" + text("restored_others"))
    return 0


# -- helpers ----------------------------------------------------------------------------------


def _read(secrets: Any, prompt: str, missing: str) -> str:
    """One line of the restore's secrets; a missing or non-text line as our own sentence."""
    try:
        return str(secrets.read(prompt))
    except UsageError as exc:
        key = "stdin_not_text" if "UTF-8" in str(exc) else missing
        raise UsageError(text(key)) from None


def _backup_target(given: str, drive: Path | None) -> tuple[Path | None, str]:
    """BACKUP as (drive, backup id): a backup name on ``drive``, or the path of a backup folder
    (<drive>/XuejiBackup/backups/<id>, which names its drive). Else a usage error (exit 2)."""
    from xueji_desktop.storage.backup_format import DRIVE_FOLDER, is_backup_id

    if is_backup_id(given):
        return drive, given
    path = Path(given).expanduser().absolute()
    if (
        is_backup_id(path.name)
        and path.parent.name == "backups"
        and path.parent.parent.name == DRIVE_FOLDER
    ):
        return path.parent.parent.parent, path.name
    raise UsageError(text("bad_backup_name", name=given[:200]))


def _restored_from(session: Any) -> dict[str, Any]:
    """What the restore's own audit entry says it restored (backup id, time, content hash)."""
    from xueji_desktop.services.audit import iter_entries

    found: dict[str, Any] = {}
    for entry in iter_entries(session.archive.db.conn):
        if entry.action == "archive_restored":
            try:
                details = json.loads(entry.details or "{}")
            except ValueError:
                continue
            found = details if isinstance(details, dict) else {}
    return found


def _info_json(info: Any) -> dict[str, Any]:
    return {
        "path": str(info.path),
        "time": info.time,
        "verified": bool(info.verified),
        "content_hash": info.content_hash,
        "id": info.backup_id,
        "state": info.state,
        "students": info.students,
        "size": info.size,
        "made_by": info.made_by,
    }


def _why(problem: str) -> str:
    """A failed check's "code:reason" in a few plain words."""
    code, _, rest = problem.partition(":")
    reason = rest.split(":", 1)[0]
    if code == "backup_corrupt" and f"why_{reason}" in CLI_BACKUP_TEXTS:
        return text(f"why_{reason}")
    return text("why_other")


def _words(info: Any) -> dict[str, str]:
    """A backup's placeholders for the sentences: id, time (local), state, students, size."""
    return {"id": info.backup_id, "time": _local(info.time), "path": str(info.path),
            "state": text(f"state_{info.state}"), "students": _students(info.students),
            "size_mb": _mb(info.size)}  # fmt: skip


def _students(value: int | None) -> str:
    return text("students_unknown") if value is None else text("students_n", n=value)


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f}"


def _local(moment: str) -> str:
    """A UTC ISO time as this computer's local time (YYYY-MM-DD HH:MM), for people."""
    try:
        when = datetime.datetime.fromisoformat(moment.replace("Z", "+00:00"))
    except ValueError:
        return moment
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return when.astimezone().strftime("%Y-%m-%d %H:%M")
