"""``xueji import destinations FILE``: 毕业去向 from a sheet (issue 8 §4).

::

    xueji import destinations FILE [--sheet S] [--date YYYY-MM-DD] [--dry-run]
                 [--errors OUT.xlsx] [--overwrite] [--valid-only] [--json]
    xueji import destinations OUT.xlsx --template [--class K] [--overwrite]

The same contract as the other sheet imports (cli_import: the plan's counts and problems,
``--errors`` the clerk's own file marked, exit 0 done / 1 refused / 2 usage / 3 not permitted).
An empty 登记日期 takes ``--date`` (default: today). ``--template`` writes the sheet to fill in
to FILE (with ``--class``: the class's leavers, 学号 and 姓名 and what is recorded filled in)
instead of importing.
"""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path
from typing import Any

__all__ = ["add_options", "destinations"]


def add_options(sp: argparse.ArgumentParser) -> None:
    """The options besides cli_import's sheet options."""
    sp.add_argument(
        "--date",
        type=_date,
        metavar="YYYY-MM-DD",
        help="登记日期 for rows that leave it empty (default: today)",
    )
    sp.add_argument(
        "--template", action="store_true", help="write the sheet to fill in to FILE, import nothing"
    )
    sp.add_argument("--class", dest="class_group", metavar="K", help="with --template: the class")


def _date(text: str) -> datetime.date:
    from xueji_desktop.messages import cli_text

    try:
        if len(text) != 10:
            raise ValueError(text)
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(cli_text("bad_date", value=text[:40])) from None


def destinations(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_import import _finish, read_file
    from xueji_desktop.services import import_destinations

    if args.template:
        return _template(args, session)
    today = args.date or datetime.date.today()  # the command line is the caller: its clock
    path, sheet = read_file(args)
    plan = import_destinations.plan_destinations(session, sheet, source=str(path), today=today)

    def commit(valid_only: bool) -> Any:
        return import_destinations.commit_destinations(session, sheet, plan, valid_only=valid_only)

    return _finish(args, path, plan, commit)


def _template(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_input import class_id, out
    from xueji_desktop.services import import_destinations, xlsx_out

    target = Path(args.file).expanduser()
    xlsx_out.check_target(target, overwrite=args.overwrite)
    group = class_id(session, args.class_group) if args.class_group else None
    title = args.class_group or ""
    data = import_destinations.destination_template(session, group, title=title)
    xlsx_out.write_xlsx(target, data, overwrite=args.overwrite)
    out(args, {"ok": True, "template": str(target)}, str(target))
    return 0
