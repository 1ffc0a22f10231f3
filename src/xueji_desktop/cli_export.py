"""``xueji export``: the archive's lists as .xlsx files (and photos) from the command line.

::

    xueji export students --out FILE.xlsx [--class K] [--status S] [--split sheets|files]
    xueji export roster --class K --out FILE.xlsx
    xueji export head-teacher --out DIR [--class K ...]     one file per class, for 班主任核对
    xueji export grades --class K --term T [--course C] --out FILE.xlsx
    xueji export template --class K --term T [--course C] --out FILE.xlsx   (blank grade sheet)
    xueji export status-changes [--since D] [--until D] [--include-revoked] --out FILE.xlsx
    xueji export graduates --year Y --out FILE.xlsx
    xueji export aid --term T --out FILE.xlsx
    xueji export photos --out DIR [--class K]
    xueji export health --out FILE.xlsx
    (each also takes --overwrite)

Exports need a clerk or an admin and are audited by the services; every file is written from
memory in one step (nothing half-written, no temporary copy). ``--json`` prints
{"ok": true, "files": [path, …]}. Exit status: 0 written, 1 refused (nothing to export, a file
that exists without --overwrite, an unknown class/term/course), 2 malformed arguments, 3 not
permitted.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xueji_desktop.cli_import import text

# What each export writes: a file ("file") or a folder of files ("folder").
KINDS: dict[str, str] = {
    "students": "file",
    "roster": "file",
    "head-teacher": "folder",
    "grades": "file",
    "template": "file",
    "status-changes": "file",
    "graduates": "file",
    "aid": "file",
    "photos": "folder",
    "health": "file",
}


def add_parsers(sub: Any, cmd: Callable[[Any, str, str], argparse.ArgumentParser]) -> None:
    from xueji_desktop.cli_records import _STATUS, _date, _year

    exp = cmd(sub, "export", "write students, lists, grade sheets or photos to files")
    esub = exp.add_subparsers(dest="export_command", required=True, parser_class=type(exp))

    def export(name: str, help_text: str) -> argparse.ArgumentParser:
        sp = cmd(esub, name, help_text)
        where = "FOLDER" if KINDS[name] == "folder" else "FILE.xlsx"
        sp.add_argument("--out", required=True, metavar=where, help=f"the {where.lower()}")
        sp.add_argument("--overwrite", action="store_true", help="replace files of the same name")
        return sp

    sp = export("students", "students in the national template layout")
    sp.add_argument("--class", dest="class_group", metavar="K", help="one class (by name)")
    sp.add_argument("--status", type=_STATUS, metavar="S", help="e.g. 在籍 or enrolled")
    sp.add_argument(
        "--split",
        choices=("sheets", "files"),
        default="sheets",
        help="over 2000 rows: more sheets per file (up to 3), or one sheet per file",
    )
    sp = export("roster", "a class roster (花名册)")
    sp.add_argument("--class", dest="class_group", metavar="K", required=True)
    sp = export("head-teacher", "one sheet per class for its head teacher to check (学生核对)")
    sp.add_argument(
        "--class", dest="class_groups", metavar="K", action="append", help="(default: every class)"
    )
    for name, blank in (("grades", "a grade sheet"), ("template", "a blank grade sheet")):
        sp = export(name, f"{blank} for one class and term (one course, or all courses)")
        sp.add_argument("--class", dest="class_group", metavar="K", required=True)
        sp.add_argument("--term", metavar="T", required=True, help="term code or name")
        sp.add_argument("--course", metavar="C", help="course code or name (default: all)")
    sp = export("status-changes", "学籍异动 for the national system")
    sp.add_argument("--since", type=_date, metavar="YYYY-MM-DD")
    sp.add_argument("--until", type=_date, metavar="YYYY-MM-DD")
    sp.add_argument("--include-revoked", action="store_true", help="also 撤销 (revoked) ones")
    sp = export("graduates", "graduates of a year with their diploma numbers")
    sp.add_argument("--year", type=_year, metavar="YYYY", required=True)
    sp = export("aid", "the financial-aid (资助) list of a term")
    sp.add_argument("--term", metavar="T", required=True, help="term code or name")
    sp = export("photos", "ID photos named by ID number, for upload")
    sp.add_argument("--class", dest="class_group", metavar="K", help="one class (by name)")
    export("health", "the data-health report")


def checked(
    run: Callable[[argparse.Namespace, Any], int],
) -> Callable[[argparse.Namespace, Any], int]:
    """``--out`` of the right kind, before the archive is opened (exit 2)."""
    from xueji_desktop.cli_records import UsageError

    def precheck(args: argparse.Namespace, secrets: Any) -> int:
        out = Path(args.out).expanduser()
        if KINDS[args.export_command] == "folder":
            if out.exists() and not out.is_dir():
                raise UsageError(text("out_not_folder", path=args.out[:200]))
        elif out.is_dir():
            raise UsageError(text("out_is_folder", path=args.out[:200]))
        elif out.suffix.lower() != ".xlsx":
            raise UsageError(text("out_not_xlsx", path=args.out[:200]))
        return run(args, secrets)

    return precheck


def cmd_export(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_input import guarded

    return guarded(_export)(args, session)


def _export(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_input import out

    target = Path(args.out).expanduser()
    made = _make_folder(target) if KINDS[args.export_command] == "folder" else False
    try:
        written = _RUN[args.export_command](args, session, target)
    except BaseException:
        if made:  # a refused export leaves nothing behind, not even its empty folder
            with contextlib.suppress(OSError):
                target.rmdir()
        raise
    paths = [str(p) for p in (written if isinstance(written, list | tuple) else [written])]
    out(args, {"ok": True, "files": paths}, "\n".join(text("exported", path=p) for p in paths))
    return 0


def _make_folder(target: Path) -> bool:
    """As ``print --split``: the folder is made when its parent exists (else the service
    refuses with "no folder"). True when this call made it."""
    if target.exists() or not target.parent.is_dir():
        return False
    try:
        target.mkdir()
    except OSError:
        return False  # the service says why it cannot write there
    return True


def _class(session: Any, args: argparse.Namespace) -> int | None:
    from xueji_desktop.cli_input import class_id

    return class_id(session, args.class_group)


def _students(args: argparse.Namespace, session: Any, path: Path) -> Any:
    from xueji_desktop.services import exports

    return exports.export_students(
        session,
        path,
        class_id=_class(session, args),
        status=args.status,
        split=args.split,
        overwrite=args.overwrite,
    )


def _roster(args: argparse.Namespace, session: Any, path: Path) -> Any:
    from xueji_desktop.services import exports

    group = _class(session, args)
    assert group is not None  # --class is required
    return exports.export_roster(session, path, class_id=group, overwrite=args.overwrite)


def _head_teacher(args: argparse.Namespace, session: Any, path: Path) -> Any:
    from xueji_desktop.cli_input import class_id
    from xueji_desktop.services import exports

    ids = [class_id(session, k) or 0 for k in args.class_groups] if args.class_groups else None
    return exports.export_for_head_teacher(session, path, class_ids=ids, overwrite=args.overwrite)


def _grade_sheet(args: argparse.Namespace, session: Any, path: Path) -> Any:
    from xueji_desktop.cli_import import course_id, term_id
    from xueji_desktop.services import export_grades

    group = _class(session, args)
    assert group is not None  # --class is required
    return export_grades.export_grade_sheet(
        session,
        path,
        class_id=group,
        term_id=term_id(session, args.term),
        course_id=course_id(session, args.course) if args.course else None,
        blank=args.export_command == "template",
        overwrite=args.overwrite,
    )


def _status_changes(args: argparse.Namespace, session: Any, path: Path) -> Any:
    import datetime

    from xueji_desktop.services import export_lists

    since = datetime.date.fromisoformat(args.since) if args.since else None
    until = datetime.date.fromisoformat(args.until) if args.until else None
    return export_lists.export_status_changes(
        session,
        path,
        since=since,
        until=until,
        include_revoked=args.include_revoked,
        overwrite=args.overwrite,
    )


def _graduates(args: argparse.Namespace, session: Any, path: Path) -> Any:
    from xueji_desktop.services import export_lists

    return export_lists.export_graduates(session, path, year=args.year, overwrite=args.overwrite)


def _aid(args: argparse.Namespace, session: Any, path: Path) -> Any:
    from xueji_desktop.cli_import import term_id
    from xueji_desktop.services import export_lists

    term = term_id(session, args.term)
    return export_lists.export_aid(session, path, term=term, overwrite=args.overwrite)


def _photos(args: argparse.Namespace, session: Any, path: Path) -> Any:
    from xueji_desktop.services.export_photos import export_photos

    return export_photos(session, path, class_id=_class(session, args), overwrite=args.overwrite)


def _health(args: argparse.Namespace, session: Any, path: Path) -> Any:
    from xueji_desktop.messages import finding_title
    from xueji_desktop.problem_text import finding_text
    from xueji_desktop.services import export_lists

    def describe(f: Any) -> tuple[str, str]:
        return finding_title(f.kind), finding_text(f.kind, f.params)

    return export_lists.export_health(session, path, describe=describe, overwrite=args.overwrite)


_RUN: dict[str, Callable[[argparse.Namespace, Any, Path], Any]] = {
    "students": _students,
    "roster": _roster,
    "head-teacher": _head_teacher,
    "grades": _grade_sheet,
    "template": _grade_sheet,
    "status-changes": _status_changes,
    "graduates": _graduates,
    "aid": _aid,
    "photos": _photos,
    "health": _health,
}
