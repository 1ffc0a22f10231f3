"""``xueji import``: spreadsheets and photos into the archive from the command line (issue 6).

::

    xueji import students FILE [--sheet S] [--mode students|history|corrections] [--reason R]
                 [--dry-run] [--errors OUT.xlsx] [--overwrite] [--valid-only]
    xueji import grades FILE [--sheet S] [--term T] [--course C] [--class K]
                 [--dry-run] [--errors OUT.xlsx] [--overwrite] [--valid-only]
    xueji import national-list FILE [--sheet S] [--fill-registry-numbers] [--mark-approved]
    xueji import photos DIR|ZIP [--dry-run]

Every sheet import plans first (the dry run) and commits only what the plan showed; the
service re-checks the plan inside its one transaction. ``--json`` prints the plan's counts and
every problem ({"row", "column", "code", "message"}, rows as Excel numbers them, the column as
the file heads it). Exit status: 0 done (a dry run: the same command without ``--dry-run``
would import), 1 refused (a file that is no spreadsheet, rows with errors, an archive that
changed since the plan), 2 malformed arguments, 3 not permitted. docs/design/cli.md has the
contract.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from xueji_desktop import cli_import_destinations
from xueji_desktop.messages import language
from xueji_desktop.messages_cli_import import CLI_IMPORT_TEXTS

SHOWN_PROBLEMS = 20  # the human summary lists this many problems; --json and --errors have all
MODES = ("students", "history", "corrections")
CORRECTIONS_REASON = "班主任核对"  # the reason for a head teacher's returned sheet


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""


def text(key: str, lang: str | None = None, **params: object) -> str:
    """A sentence of ``xueji import``/``export`` (zh by default, en with XUEJI_LANG=en)."""
    idx = 1 if (lang or language()) == "en" else 0
    return CLI_IMPORT_TEXTS[key][idx].format_map(_Blank({k: str(v) for k, v in params.items()}))


# -- parser -----------------------------------------------------------------------------------


def add_parsers(sub: Any, cmd: Callable[[Any, str, str], argparse.ArgumentParser]) -> None:
    imp = cmd(sub, "import", "import students, grades, the national list or photos")
    isub = imp.add_subparsers(dest="import_command", required=True, parser_class=type(imp))

    def sheet_options(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("file", metavar="FILE", help=".xlsx or .xls")
        sp.add_argument("--sheet", metavar="S", help="the worksheet (default: the first shown)")
        sp.add_argument("--dry-run", action="store_true", help="check only; change nothing")
        sp.add_argument(
            "--errors",
            metavar="OUT.xlsx",
            help="save a copy of the file with the wrong cells marked and explained",
        )
        sp.add_argument(
            "--overwrite", action="store_true", help="replace an existing --errors file"
        )
        sp.add_argument(
            "--valid-only",
            action="store_true",
            help="import the correct rows and leave out the rest (they go to --errors)",
        )

    sp = cmd(isub, "students", "students from a sheet (new-student list, 历史补录, 班主任核对)")
    sheet_options(sp)
    sp.add_argument(
        "--mode",
        choices=MODES,
        default="students",
        help="students: new and updated records; history: 历史补录 of old graduates; "
        "corrections: a head teacher's checked sheet (updates only)",
    )
    sp.add_argument("--reason", default="", metavar="R", help="why records change (学籍信息变更)")

    sp = cmd(isub, "grades", "grades from a teacher's sheet")
    sheet_options(sp)
    sp.add_argument("--term", metavar="T", help="term code or name, when the sheet has none")
    sp.add_argument("--course", metavar="C", help="course code or name, when the sheet has none")
    sp.add_argument("--class", dest="class_group", metavar="K", help="class name")

    sp = cmd(isub, "destinations", "毕业去向 of students who have left, from a sheet")
    sheet_options(sp)
    cli_import_destinations.add_options(sp)

    sp = cmd(isub, "national-list", "compare the national system's student list with the archive")
    sp.add_argument("file", metavar="FILE", help=".xlsx or .xls exported by the national system")
    sp.add_argument("--sheet", metavar="S")
    sp.add_argument(
        "--fill-registry-numbers", action="store_true", help="fill in missing 学籍号 from the list"
    )
    sp.add_argument("--mark-approved", action="store_true", help="mark the matching records 已核准")

    sp = cmd(isub, "photos", "ID photos from a folder or a zip file")
    sp.add_argument("source", metavar="DIR|ZIP", help="images named by ID number or 学号")
    sp.add_argument("--dry-run", action="store_true", help="match only; change nothing")


def checked(
    run: Callable[[argparse.Namespace, Any], int],
) -> Callable[[argparse.Namespace, Any], int]:
    """Usage checks of ``--errors`` before the archive is opened (exit 2), so that no import
    commits and then cannot say where its errors went."""
    from xueji_desktop.cli_records import UsageError

    def precheck(args: argparse.Namespace, secrets: Any) -> int:
        errors = getattr(args, "errors", None)
        if errors is not None:
            target = Path(errors).expanduser()
            if target.suffix.lower() != ".xlsx":
                raise UsageError(text("errors_not_xlsx", path=errors[:200]))
            if _same_file(target, Path(args.file).expanduser()):
                raise UsageError(text("errors_is_source"))
        return run(args, secrets)

    return precheck


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def cmd_import(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop import cli_import_more
    from xueji_desktop.cli_input import guarded

    handlers = {
        "students": _students,
        "grades": _grades,
        "national-list": cli_import_more.national_list,
        "destinations": cli_import_destinations.destinations,
        "photos": cli_import_more.photos,
    }
    return guarded(handlers[args.import_command])(args, session)


# -- rendering a plan (shared by the sheet imports) -------------------------------------------


def problem_json(cp: Any) -> dict[str, Any]:
    """One CellProblem as the contract prints it."""
    from xueji_desktop.problem_text import problem_text

    return {
        "row": cp.row,
        "column": cp.column,
        "code": cp.problem.code,
        "severity": cp.problem.severity,
        "message": problem_text(cp.problem),
    }


def plan_json(plan: Any) -> dict[str, Any]:
    """The counts and every problem of an ImportPlan (the four contract counts always there)."""
    counts = plan.counts()
    return {
        "what": plan.what,
        "sheet": plan.sheet,
        "header_row": plan.header_row,
        "new": counts.get("new", 0),
        "update": counts.get("update", 0),
        "unchanged": counts.get("unchanged", 0),
        "duplicate": counts.get("duplicate", 0),
        "error": counts.get("error", 0),
        "problems": [problem_json(p) for p in plan.problems()],
        "notes": [problem_json(p) for p in plan.notes],
    }


def problem_line(cp: Any) -> str:
    from xueji_desktop.problem_text import problem_text

    message = problem_text(cp.problem)
    if cp.column:
        return text("problem_at", row=cp.row, column=cp.column, message=message)
    return text("problem_row", row=cp.row, message=message)


def plan_lines(plan: Any, *, limit: int = SHOWN_PROBLEMS, errors_file: bool = False) -> list[str]:
    """The human summary: counts, the plan's notes, then the first problems (errors first)."""
    counts = plan.counts()
    lines = [text("plan_counts", rows=len(plan.rows), **counts)]
    lines += [problem_line(n) for n in plan.notes]
    # Errors first: on a long sheet the warnings must not crowd out what stops the import.
    problems = sorted(plan.problems(), key=lambda p: (p.problem.severity != "error", p.row))
    lines += [problem_line(p) for p in problems[:limit]]
    if len(problems) > limit:
        key = "more_problems_file" if errors_file else "more_problems"
        lines.append(text(key, count=len(problems) - limit))
    return lines


def left_out_rows(plan: Any) -> list[int]:
    """Rows a --valid-only import leaves out that the clerk must correct (errors, duplicates)."""
    return [r.row for r in plan.rows if r.kind in ("error", "duplicate")]


def marks(plan: Any, lang: str | None = None) -> list[Any]:
    """The error copy's marks: each error of a wrong or repeated row, in the clerk's language.
    Warnings are not marked (the row imports as it is); a wrong row without a located problem
    still gets a mark on the row."""
    from xueji_desktop.problem_text import problem_text
    from xueji_desktop.services.import_errors import Mark

    out: list[Any] = []
    for r in plan.rows:
        if r.kind not in ("error", "duplicate"):
            continue
        errors = [p for p in r.problems if p.problem.severity == "error"]
        for p in errors:
            out.append(Mark(p.row, p.column_index, problem_text(p.problem, lang)))
        if not errors:
            message = (
                text("row_repeats", lang, row=r.first_row)
                if r.kind == "duplicate" and r.first_row
                else text("row_has_errors", lang)
            )
            out.append(Mark(r.row, None, message))
    return out


def dry_run_ok(plan: Any, valid_only: bool) -> bool:
    """Would the same command without --dry-run import? A row to add or update, and no wrong
    or repeated row (or --valid-only, which leaves those out)."""
    importable = any(r.importable for r in plan.rows)
    return importable and (valid_only or not plan.has_errors)


def _nothing(plan: Any) -> Any:
    """The refusal a commit of ``plan`` would raise for want of rows (its sentence is the
    dry run's verdict too)."""
    from xueji_desktop.core.errors import NothingToImport

    return NothingToImport(reason="no_valid_rows" if plan.has_errors else "no_rows")


# -- sheet imports ----------------------------------------------------------------------------


def read_file(args: argparse.Namespace) -> tuple[Path, Any]:
    from xueji_desktop.services.sheets import read_sheet

    path = Path(args.file).expanduser()
    return path, read_sheet(path, sheet=args.sheet)


def _students(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.services import import_students

    reason = args.reason or (CORRECTIONS_REASON if args.mode == "corrections" else "")
    path, sheet = read_file(args)
    plan = import_students.plan_students(
        session, sheet, source=str(path), mode=args.mode, reason=reason
    )

    def commit(valid_only: bool) -> Any:
        return import_students.commit_students(
            session, sheet, plan, valid_only=valid_only, reason=reason
        )

    return _finish(args, path, plan, commit)


def _grades(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_input import class_id
    from xueji_desktop.services import import_grades

    term = term_id(session, args.term) if args.term else None
    course = course_id(session, args.course) if args.course else None
    group = class_id(session, args.class_group)
    path, sheet = read_file(args)
    plan = import_grades.plan_grades(
        session, sheet, source=str(path), term_id=term, course_id=course, class_id=group
    )

    def commit(valid_only: bool) -> Any:
        return import_grades.commit_grades(session, sheet, plan, valid_only=valid_only)

    return _finish(args, path, plan, commit)


def _finish(args: argparse.Namespace, path: Path, plan: Any, commit: Callable[[bool], Any]) -> int:
    """Commit unless --dry-run, write the error copy when asked, print, and pick the exit
    status. A refused commit (rows with errors, nothing to import, an archive changed since the
    plan) still prints the plan, so the clerk sees why."""
    from xueji_desktop.cli_import_more import changes_json
    from xueji_desktop.core.errors import ImportOutdated, PermissionDenied, XuejiError
    from xueji_desktop.messages import message_for
    from xueji_desktop.services import xlsx_out

    # The error copy is checked and built before anything commits: an import never succeeds
    # and then fails to say where its left-out rows went (only the final write can still fail).
    target = Path(args.errors).expanduser() if args.errors else None
    copy: bytes | None = None
    if target is not None:
        xlsx_out.check_target(target, overwrite=args.overwrite)
        copy = _error_copy(path, plan, left_out_rows(plan) if args.valid_only else None)
    result: Any = None
    refused: XuejiError | None = None
    if not args.dry_run:
        try:
            result = commit(args.valid_only)
        except PermissionDenied:
            raise
        except XuejiError as exc:
            refused = exc
    payload = plan_json(plan)
    payload["changes"] = changes_json(plan)
    errors_file: Path | None = None
    if target is not None and copy is not None and not isinstance(refused, ImportOutdated):
        xlsx_out.write_xlsx(target, copy, overwrite=args.overwrite)
        errors_file = target
    payload["dry_run"] = bool(args.dry_run)
    payload["errors_file"] = str(errors_file) if errors_file else None
    if result is not None:
        payload.update(added=result.added, updated=result.updated, skipped=result.skipped)
    ok = refused is None and (result is not None or dry_run_ok(plan, args.valid_only))
    payload["ok"] = ok
    if refused is not None:
        payload.update(error=refused.code, message=message_for(refused))
    print_result(args, payload, _summary(args, plan, result, errors_file, ok))
    if refused is not None and not getattr(args, "json", False):
        sys.stderr.write(message_for(refused) + "\n")
    return 0 if ok else 1


def _summary(
    args: argparse.Namespace, plan: Any, result: Any, errors_file: Path | None, ok: bool
) -> str:
    from xueji_desktop.cli_import_more import change_lines

    lines = plan_lines(plan, errors_file=errors_file is not None) + change_lines(plan)
    if result is not None:
        lines.append(
            text("committed", added=result.added, updated=result.updated, skipped=result.skipped)
        )
    elif args.dry_run:
        from xueji_desktop.messages import message_for

        lines.append(text("dry_run_done"))
        if not any(r.importable for r in plan.rows):
            lines.append(message_for(_nothing(plan)))
        elif not ok:
            lines.append(text("dry_run_would_fail"))
    if errors_file is not None:
        lines.append(text("errors_written", path=errors_file))
    elif args.errors:
        lines.append(text("errors_none"))
    return "\n".join(lines)


def _error_copy(source: Path, plan: Any, only_rows: Sequence[int] | None) -> bytes | None:
    """Helper B's marked copy of the clerk's own file (messages in the clerk's language); None
    when no row needs correcting."""
    from xueji_desktop.services import import_errors

    found = marks(plan)
    if not found:
        return None
    return import_errors.error_copy(
        source,
        plan.sheet,
        plan.header_row,
        found,
        only_rows=only_rows,
        error_header=text("error_header"),
    )


def print_result(args: argparse.Namespace, payload: dict[str, Any], human: str) -> None:
    from xueji_desktop.cli_input import out

    out(args, payload, human)


# -- naming terms and courses (code or name, as ``grades set`` takes them) --------------------


def term_id(session: Any, code: str) -> int:
    from xueji_desktop.services import structure

    return _by_code(structure.list_terms(session), code, "term")


def course_id(session: Any, code: str) -> int:
    from xueji_desktop.services import courses

    return _by_code(courses.list_courses(session), code, "course")


def _by_code(items: Any, code: str, kind: str) -> int:
    from xueji_desktop.core.errors import NotFound

    for item in items:
        if code.strip() in (item.code, item.name):
            return int(item.id)
    raise NotFound(kind=kind, id=code[:40])
