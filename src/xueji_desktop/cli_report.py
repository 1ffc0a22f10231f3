"""``xueji report integrity``: the 四性检测 report on the command line (issue 9 §2).

::

    xueji report integrity [--pdf FILE.pdf] [--xlsx FILE.xlsx] [--overwrite] [--json]

Runs every check (services/integrity_report.four_properties), prints each item with its result
(or, with ``--json``, the whole report), and writes the PDF and/or the Excel file when asked.
Exit status: 0 no item failed (items needing attention included), 1 an item failed or a file
could not be written, 2 malformed arguments, 3 not permitted (viewers may not run it).
"""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xueji_desktop.messages import language

_TEXTS: dict[str, tuple[str, str]] = {
    "not_pdf": ("--pdf 需要一个 .pdf 文件名：{path}", "--pdf needs a .pdf file name: {path}"),
    "not_xlsx": ("--xlsx 需要一个 .xlsx 文件名：{path}", "--xlsx needs a .xlsx file name: {path}"),
    "same_file": (
        "--pdf 和 --xlsx 不能是同一个文件。",
        "--pdf and --xlsx must be different files.",
    ),
    "written": ("已写入：{path}", "written: {path}"),
    "conclusion": ("检测结论：{text}", "Conclusion: {text}"),
}


def text(key: str, **params: object) -> str:
    zh, en = _TEXTS[key]
    return (en if language() == "en" else zh).format(**params)


def add_parsers(sub: Any, cmd: Callable[[Any, str, str], argparse.ArgumentParser]) -> None:
    rep = cmd(sub, "report", "reports on the archive itself")
    rsub = rep.add_subparsers(dest="report_command", required=True, parser_class=type(rep))
    sp = cmd(
        rsub,
        "integrity",
        "四性检测: authenticity, integrity, usability and security of the archive, checked now",
    )
    sp.add_argument("--pdf", metavar="FILE.pdf", help="also print the report to a PDF file")
    sp.add_argument("--xlsx", metavar="FILE.xlsx", help="also write the report to an Excel file")
    sp.add_argument("--overwrite", action="store_true", help="replace files of those names")


def usage_problem(args: argparse.Namespace) -> str:
    """The sentence of malformed arguments, or "" (found before the archive is opened)."""
    pdf, xlsx = args.pdf, args.xlsx
    if pdf is not None and not pdf.lower().endswith(".pdf"):
        return text("not_pdf", path=pdf[:200])
    if xlsx is not None and not xlsx.lower().endswith(".xlsx"):
        return text("not_xlsx", path=xlsx[:200])
    return ""


def checked(
    run: Callable[[argparse.Namespace, Any], int],
) -> Callable[[argparse.Namespace, Any], int]:
    from xueji_desktop.cli_input import usage_checked

    return usage_checked(usage_problem, run)


def cmd_report(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.cli_input import guarded

    return guarded(_integrity)(args, session)


def _integrity(args: argparse.Namespace, session: Any) -> int:
    from xueji_desktop.services import integrity_output, integrity_report

    lang = language()
    # The clock is read here, never in a service.
    report = integrity_report.four_properties(session, today=datetime.date.today())
    written: list[str] = []
    if args.pdf:
        path = integrity_output.print_four_properties(
            session, report, Path(args.pdf).expanduser(), lang=lang, overwrite=args.overwrite
        )
        written.append(str(path))
    if args.xlsx:
        path = integrity_output.export_four_properties(
            session, report, Path(args.xlsx).expanduser(), lang=lang, overwrite=args.overwrite
        )
        written.append(str(path))
    if getattr(args, "json", False):
        from xueji_desktop.cli_input import out

        out(args, {"ok": report.result != "fail", "report": report.to_json(),
                   "files": written}, "")  # fmt: skip
    else:
        print(_plain(report, lang))
        for path_text in written:
            print(text("written", path=path_text))
    return 1 if report.result == "fail" else 0


def _plain(report: Any, lang: str) -> str:
    from xueji_desktop.services.integrity_report import result_text

    lines: list[str] = []
    for section in report.sections:
        lines.append(f"{section.title(lang)}: {result_text(section.result, lang)}")
        for item in section.items:
            mark = result_text(item.result, lang)
            lines.append(f"  [{mark}] {item.label(lang)}: {item.detail(lang)}")
    lines.append(text("conclusion", text=report.conclusion(lang)))
    return "\n".join(lines)
