"""``xueji stats …``: the statistics on the command line (issue 9 §1).

::

    xueji stats show [--by DIM] [--as-of D] [--intake Y] [--major M] [--class NAME]
    xueji stats export OUT.xlsx [--pdf OUT.pdf] [--as-of D] [--intake Y] [--major M]
                       [--class NAME] [--overwrite]          the dashboard's tables
    xueji stats work --since D --until D [--xlsx F.xlsx] [--pdf F.pdf] [--overwrite]
                                                              admin: work per user (年度考评)
    xueji stats work-log [--day D] [--for NAME] [--pdf F.pdf] [--overwrite]
                                                              a day's work (今日工作记录)

DIM is one of statistics.DIMENSIONS (status, intake_year, major, class_group, gender,
ethnicity, hukou_type, origin_region) or its Chinese name (学籍状态, 入学年份, 专业 …). A major is
given by its code or name, a class by its name. ``--for`` names whose log (default: your own;
another user's needs an admin): ``--user`` is the login of every command. Dates default to
today (the clock is read here, never in a service). Without ``--json`` a table prints as
tab-separated lines (title, header, rows, 合计); ``--json`` prints {"ok", "table": {...}} or
{"ok", "files": [...]}. Malformed arguments exit 2 before the archive is opened; refusals by
the archive exit 1 and write nothing; not permitted exits 3 (docs/design/cli.md).
"""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Callable, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

from xueji_desktop.messages import cli_text, language
from xueji_desktop.messages_cli_stats import CLI_STATS_TEXTS

DIMENSION_NAMES = {
    "status": "学籍状态",
    "intake_year": "入学年份",
    "major": "专业",
    "class_group": "班级",
    "gender": "性别",
    "ethnicity": "民族",
    "hukou_type": "户口性质",
    "origin_region": "生源地",
}


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""


def text(key: str, lang: str | None = None, **params: object) -> str:
    """A sentence or label of the stats commands (zh by default, en with XUEJI_LANG=en)."""
    idx = 1 if (lang or language()) == "en" else 0
    return CLI_STATS_TEXTS[key][idx].format_map(_Blank({k: str(v) for k, v in params.items()}))


# -- argument types -------------------------------------------------------------------------------


def _day(value: str) -> datetime.date:
    try:
        if len(value) != 10:
            raise ValueError(value)
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(cli_text("bad_date", value=value[:40])) from None


def _year(value: str) -> int:
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise argparse.ArgumentTypeError(cli_text("bad_year", value=value[:40]))
    return int(value)


def _dimension(value: str) -> str:
    for key, zh in DIMENSION_NAMES.items():
        if value.strip() in (key, zh):
            return key
    zh_lang = language() == "zh"
    choices = "、".join(DIMENSION_NAMES.values()) if zh_lang else ", ".join(DIMENSION_NAMES)
    raise argparse.ArgumentTypeError(text("bad_dimension", value=value[:40], choices=choices))


def add_parsers(sub: Any, cmd: Callable[[Any, str, str], argparse.ArgumentParser]) -> None:
    st = cmd(sub, "stats", "statistics: counts, the dashboard's tables, work per user, work log")
    ssub = st.add_subparsers(dest="stats_command", required=True, parser_class=type(st))

    sp = cmd(ssub, "show", "students counted by one dimension")
    sp.add_argument("--by", type=_dimension, default="status", metavar="DIM",
                    help="status (default), intake_year, major, class_group, gender, ethnicity, "
                    "hukou_type, origin_region (or 学籍状态, 入学年份, 专业 …)")  # fmt: skip
    _filters(sp)

    sp = cmd(ssub, "export", "the dashboard's tables to Excel (one sheet each) and PDF")
    sp.add_argument("xlsx", metavar="OUT.xlsx")
    sp.add_argument("--pdf", metavar="OUT.pdf", help="also print them to this PDF")
    _filters(sp)
    sp.add_argument("--overwrite", action="store_true", help="replace files of the same name")

    sp = cmd(ssub, "work", "admin: the work of each user in a period (年度考评)")
    sp.add_argument("--since", type=_day, required=True, metavar="YYYY-MM-DD")
    sp.add_argument("--until", type=_day, required=True, metavar="YYYY-MM-DD")
    sp.add_argument("--xlsx", metavar="F.xlsx", help="also write the table to Excel")
    sp.add_argument("--pdf", metavar="F.pdf", help="also print the table to PDF")
    sp.add_argument("--overwrite", action="store_true", help="replace files of the same name")

    sp = cmd(ssub, "work-log", "one day's work of one user (今日工作记录)")
    sp.add_argument("--day", type=_day, metavar="YYYY-MM-DD", help="default: today")
    sp.add_argument("--for", dest="worker", metavar="NAME",
                    help="whose log (default: yours; another user's needs an admin)")  # fmt: skip
    sp.add_argument("--pdf", metavar="F.pdf", help="print it to this PDF, to sign and file")
    sp.add_argument("--overwrite", action="store_true", help="replace a file of that name")


def _filters(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--as-of", type=_day, metavar="YYYY-MM-DD",
                    help="count the archive as it stood that day")  # fmt: skip
    sp.add_argument("--intake", type=_year, metavar="YYYY", help="one intake (入学年份)")
    sp.add_argument("--major", metavar="M", help="one major (code or name)")
    sp.add_argument("--class", dest="class_group", metavar="NAME", help="one class")


# -- usage checks before the archive is opened ----------------------------------------------------


def checked(
    run: Callable[[argparse.Namespace, Any], int],
) -> Callable[[argparse.Namespace, Any], int]:
    from xueji_desktop.cli_input import usage_checked

    return usage_checked(usage_problem, run)


def _file_problem(value: str | None, suffix: str) -> str:
    if value is None:
        return ""
    if Path(value).expanduser().is_dir():
        return text("out_is_folder", path=value[:200])
    if not value.lower().endswith(suffix):
        return text("out_not_xlsx" if suffix == ".xlsx" else "out_not_pdf", path=value[:200])
    return ""


def usage_problem(args: argparse.Namespace) -> str:
    """The sentence of a malformed combination of arguments, or ""."""
    for value in vars(args).values():
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return text("not_text")
    verb = args.stats_command
    xlsx = getattr(args, "xlsx", None)
    pdf = getattr(args, "pdf", None)
    problem = _file_problem(xlsx, ".xlsx") or _file_problem(pdf, ".pdf")
    if problem:
        return problem
    days = [args.since, args.until] if verb == "work" else []
    if verb == "work-log" and args.day is not None:
        days.append(args.day)
    for day in days:
        problem = _day_range_problem(day)
        if problem:
            return problem
    if verb == "work" and args.until < args.since:
        return text("period_reversed")
    return ""


def _day_range_problem(day: datetime.date) -> str:
    """A day outside what the work statistics count (work_stats.FIRST_DAY … LAST_DAY): a
    mistyped year such as 0026, said before the archive is opened."""
    from xueji_desktop.services.work_stats import FIRST_DAY, LAST_DAY

    if FIRST_DAY <= day <= LAST_DAY:
        return ""
    return text("day_out_of_range", value=day.isoformat(), first=FIRST_DAY.isoformat(),
                last=LAST_DAY.isoformat())  # fmt: skip


# -- running --------------------------------------------------------------------------------------


def cmd_stats(args: argparse.Namespace, session: Any) -> int:
    """Run a ``stats`` sub-command; a refusal by the archive is exit 1 (cli_input.guarded)."""
    from xueji_desktop.cli_input import guarded

    handlers: dict[str, Callable[[argparse.Namespace, Any], int]] = {
        "show": _show,
        "export": _export,
        "work": _work,
        "work-log": _work_log,
    }
    return guarded(handlers[args.stats_command])(args, session)


def _labels(*extra: Mapping[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    from xueji_desktop.printing.stat_tables import DEFAULT_LABELS
    from xueji_desktop.services import statistics

    titles: Mapping[str, tuple[str, str]] = getattr(statistics, "TITLE_LABELS", {})
    merged = {**DEFAULT_LABELS, **statistics.COLUMN_LABELS, **titles}
    for more in extra:
        merged.update(more)
    return merged


def _major(session: Any, given: str | None) -> str | None:
    from xueji_desktop.core.errors import NotFound
    from xueji_desktop.services import structure

    if given is None:
        return None
    for major in structure.list_majors(session):
        if given.strip() in (major.code, major.name):
            return str(major.code)
    raise NotFound(kind="major", id=given[:40])


def _filter(args: argparse.Namespace, session: Any) -> tuple[Any, list[str]]:
    """The StatFilter of --intake/--major/--class and the words saying it."""
    from xueji_desktop.cli_input import class_id
    from xueji_desktop.services.statistics import StatFilter

    major = _major(session, args.major)
    group = class_id(session, args.class_group)
    words = []
    if args.intake is not None:
        words.append(text("filter_intake", year=args.intake))
    if args.major is not None:
        words.append(text("filter_major", name=args.major.strip()))
    if args.class_group is not None:
        words.append(text("filter_class", name=args.class_group.strip()))
    return StatFilter(intake_year=args.intake, major_code=major, class_group_id=group), words


def _join(parts: list[str]) -> str:
    return ("; " if language() == "en" else "；").join(p for p in parts if p)


def _show(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_input import out
    from xueji_desktop.services import statistics

    filters, _ = _filter(args, session)
    table = statistics.counts(session, by=args.by, filters=filters, as_of=args.as_of)
    lang = language()
    labels = _labels()
    out(args, {"ok": True, "table": table_json(table, labels, lang)},
        table_lines(table, labels, lang))  # fmt: skip
    return 0


def _targets(args: argparse.Namespace, *names: str | None) -> list[Path | None]:
    """The output files, each checked before any work (folder, writable, free): a refusal of
    the second writes nothing, not even the first."""
    from xueji_desktop.services.xlsx_out import check_target

    paths = [None if n is None else Path(n).expanduser() for n in names]
    for path in paths:
        if path is not None:
            check_target(path, overwrite=args.overwrite)
    return paths


def _export(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_input import out
    from xueji_desktop.printing.work_log import date_text
    from xueji_desktop.services import statistics_dashboard, statistics_export, statistics_print

    xlsx, pdf = _targets(args, args.xlsx, args.pdf)
    filters, words = _filter(args, session)
    dash = statistics_dashboard.dashboard(session, filters=filters, as_of=args.as_of)
    lang = language()
    today = datetime.date.today()
    notes = [
        text("as_of", date=date_text(args.as_of, lang)) if args.as_of is not None
        else text("as_of_now", date=date_text(today, lang)),
        text("filters", filters="、".join(words) if lang == "zh" else ", ".join(words))
        if words else "",
        text("filters_now") if args.major is not None or args.class_group is not None else "",
        text("outcomes_year", year=dash.graduation_year) if dash.graduation_year else "",
        text("total_students", count=dash.student_total),
    ]  # fmt: skip
    tables = [dash.by_status, dash.by_intake, dash.by_major, dash.by_gender, dash.by_ethnicity,
              dash.by_hukou, dash.by_origin, dash.changes_per_term, dash.retention,
              dash.outcomes]  # fmt: skip
    request = {"lang": lang, "heading": text("heading"), "note": _join(notes),
               "overwrite": args.overwrite}  # fmt: skip
    target = xlsx if xlsx is not None else Path(args.xlsx)  # positional: always given
    files = [statistics_export.export_tables(session, tables, target, **request)]
    if pdf is not None:
        files.append(statistics_print.print_tables(session, tables, pdf, printed_on=today,
                                                   **request))  # fmt: skip
    out(args, {"ok": True, "files": [str(f) for f in files]},
        "\n".join(text("written", path=str(f)) for f in files))  # fmt: skip
    return 0


def _work(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_input import out
    from xueji_desktop.printing.work_log import date_text
    from xueji_desktop.services import statistics_export, statistics_print, work_stats

    xlsx, pdf = _targets(args, args.xlsx, args.pdf)
    table = work_stats.work_statistics(session, since=args.since, until=args.until)
    lang = language()
    labels = _labels(work_stats.WORK_COLUMN_LABELS)
    note = text("period", since=date_text(args.since, lang), until=date_text(args.until, lang))
    request = {"lang": lang, "heading": text("work_heading"), "note": note,
               "labels": work_stats.WORK_COLUMN_LABELS, "overwrite": args.overwrite}  # fmt: skip
    files = []
    if xlsx is not None:
        files.append(statistics_export.export_tables(session, [table], xlsx, **request))
    if pdf is not None:
        files.append(statistics_print.print_tables(session, [table], pdf, **request,
                                                   printed_on=datetime.date.today()))  # fmt: skip
    shown = [table_lines(table, labels, lang), *(text("written", path=str(f)) for f in files)]
    payload = {"ok": True, "table": table_json(table, labels, lang),
               "files": [str(f) for f in files]}  # fmt: skip
    out(args, payload, "\n".join(shown))
    return 0


def _work_log(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_input import out
    from xueji_desktop.printing.work_log import date_text
    from xueji_desktop.services import statistics_print, work_stats

    (pdf,) = _targets(args, args.pdf)
    today = datetime.date.today()
    log = work_stats.work_log(session, day=args.day or today, user=args.worker)
    lang = language()
    en = lang == "en"
    files = []
    if pdf is not None:
        files.append(statistics_print.print_work_log(session, log, pdf, lang=lang,
                                                     overwrite=args.overwrite,
                                                     printed_on=today))  # fmt: skip
    entries = [
        {"time": e.time, "action": e.action, "action_name": e.action_en if en else e.action_zh,
         "subject": e.subject_en if en else e.subject_zh, "count": e.count,
         "student_ids": list(e.student_ids)}
        for e in log.entries
    ]  # fmt: skip
    lines = [text("log_head", user=log.user, day=date_text(log.day, lang), count=len(entries))]
    lines += [text("log_line", time=e["time"], action=e["action_name"], subject=e["subject"],
                   count=e["count"]) for e in entries]  # fmt: skip
    if not entries:
        lines.append(text("log_empty"))
    lines += [text("written", path=str(f)) for f in files]
    payload = {"ok": True, "user": log.user, "day": log.day.isoformat(), "entries": entries,
               "files": [str(f) for f in files]}  # fmt: skip
    out(args, payload, "\n".join(lines))
    return 0


def table_json(table: Any, labels: Mapping[str, tuple[str, str]], lang: str) -> dict[str, Any]:
    """A StatTable for scripts: keys and words, values as numbers (a rate as a fraction of 1,
    null over zero) and as shown ("66.7%")."""
    from xueji_desktop.printing.stat_tables import label_text, row_heading, value_text

    def number(v: int | Fraction | None) -> int | float | None:
        return v if v is None or isinstance(v, int) else float(v)

    columns = list(table.columns)
    return {
        "title": table.title,
        "title_name": label_text(labels, table.title, lang),
        "row_heading": row_heading(labels, table.title, lang),
        "columns": [{"key": c, "name": label_text(labels, c, lang)} for c in columns],
        "rows": [
            {
                "key": r.key,
                "label": r.label_en if lang == "en" else r.label_zh,
                "values": [number(v) for v in r.values],
                "shown": [value_text(c, v) for c, v in zip(columns, r.values, strict=True)],
            }
            for r in table.rows
        ],
        "totals": [number(v) for v in table.totals],
        "totals_shown": [value_text(c, v) for c, v in zip(columns, table.totals, strict=True)],
    }


def table_lines(table: Any, labels: Mapping[str, tuple[str, str]], lang: str) -> str:
    """The table as tab-separated lines: title, header, rows, 合计."""
    doc = table_json(table, labels, lang)
    lines = [doc["title_name"], "\t".join([doc["row_heading"], *(c["name"] for c in
                                                                  doc["columns"])])]  # fmt: skip
    lines += ["\t".join([r["label"], *r["shown"]]) for r in doc["rows"]]
    if table.rows and table.totals:
        lines.append("\t".join(["Total" if lang == "en" else "合计", *doc["totals_shown"]]))
    return "\n".join(lines)
