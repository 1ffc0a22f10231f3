"""Worker-side calls of the 四性检测 page: one small function per user action, no widgets.

The services check the role (CHECK_ARCHIVE), write the audit entries and the files; the page
only passes the day (the clock is read on the GUI side), the chosen file and the language.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

from xueji_desktop.services import integrity_output, integrity_report
from xueji_desktop.services.context import Session
from xueji_desktop.services.integrity_report import IntegrityReport


def run_check(
    session: Session,
    today: datetime.date,
    report: Callable[[int, int], None],
    cancelled: Callable[[], bool],
) -> IntegrityReport:
    return integrity_report.four_properties(
        session, today=today, progress=report, cancelled=cancelled
    )


def print_pdf(session: Session, result: IntegrityReport, out: Path, lang: str) -> Path:
    # The file dialog has asked whether to replace an existing file.
    return integrity_output.print_four_properties(session, result, out, lang=lang, overwrite=True)


def export_xlsx(session: Session, result: IntegrityReport, out: Path, lang: str) -> Path:
    return integrity_output.export_four_properties(session, result, out, lang=lang, overwrite=True)
