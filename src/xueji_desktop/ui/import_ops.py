"""Worker-side calls of the import wizard: one small function per step the clerk takes.

Everything here runs on the session worker (ui/worker.py), never on the GUI thread, and touches
no widget: reading the workbook, matching its header row, the dry run, the commit, and writing
the error copy of the clerk's file. The ``Sheet`` read once is handed back to the wizard as plain
data and given to each later step, so the file is read once per choice of sheet.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from xueji_desktop.core.import_cells import HeaderMatch
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services import (
    import_grades,
    import_layouts,
    import_photos,
    import_students,
    reconcile,
    sheets,
    xlsx_out,
)
from xueji_desktop.services.context import Session
from xueji_desktop.services.import_model import ImportPlan, ImportResult
from xueji_desktop.services.sheets import Sheet
from xueji_desktop.ui import destinations_ops

if TYPE_CHECKING:
    from xueji_desktop.services import import_errors

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

# Sheets whose layout the service knows (no column mapping step): grades, 毕业去向.
FIXED_LAYOUTS = ("grades", "destinations")
# The reason the issue names for a head teacher's corrections; recorded with each change.
CORRECTIONS_REASON = "班主任核对"


@dataclass(frozen=True)
class Loaded:
    """A sheet read from the clerk's file and its header row matched to the fields."""

    path: Path
    sheet: Sheet
    mode: str
    header_index: int  # 0-based row of the header in ``sheet.rows``
    match: HeaderMatch

    @property
    def headers(self) -> tuple[str, ...]:
        raw = self.sheet.rows[self.header_index] if self.sheet.rows else ()
        return tuple("" if v is None else str(v) for v in raw)


def load(
    session: Session,
    path: Path,
    sheet_name: str | None,
    mode: str,
    cancelled: Cancelled,
    previous: Sheet | None = None,
) -> Loaded:
    """Read ``sheet_name`` (default: the first visible sheet) unless ``previous`` is that sheet
    already, then find and match its header row for ``mode``."""
    if previous is not None and previous.name == sheet_name:
        sheet = previous
    else:
        sheet = sheets.read_sheet(path, sheet=sheet_name, cancelled=cancelled)
    if mode in FIXED_LAYOUTS:  # a grade sheet's layout is fixed: the service finds its header
        return Loaded(path, sheet, mode, 0, HeaderMatch(columns={}))
    index, match = import_students.header_mapping(session, sheet, mode=mode)
    return Loaded(path, sheet, mode, index, match)


def reason_for(mode: str) -> str:
    return CORRECTIONS_REASON if mode == "corrections" else ""


def plan(
    session: Session,
    loaded: Loaded,
    mapping: Mapping[int, str],
    progress: Progress,
    cancelled: Cancelled,
    grade_ids: tuple[int | None, int | None, int | None] = (None, None, None),
) -> ImportPlan:
    """The dry run: every row classified; nothing is written. ``grade_ids``: (term, course,
    class) of a grade sheet, None for what its title row says."""
    if loaded.mode == "destinations":
        today = datetime.date.fromtimestamp(session.archive.clock())  # an empty 登记日期
        return destinations_ops.plan_sheet(session, loaded.sheet, loaded.path.name, today,
                                           progress, cancelled)  # fmt: skip
    if loaded.mode == "grades":
        term_id, course_id, class_id = grade_ids
        return import_grades.plan_grades(
            session, loaded.sheet, source=loaded.path.name, term_id=term_id,
            course_id=course_id, class_id=class_id, progress=progress, cancelled=cancelled,
        )  # fmt: skip
    return import_students.plan_students(
        session,
        loaded.sheet,
        source=loaded.path.name,
        mode=loaded.mode,
        mapping=dict(mapping),
        reason=reason_for(loaded.mode),
        progress=progress,
        cancelled=cancelled,
    )


def commit(
    session: Session,
    loaded: Loaded,
    planned: ImportPlan,
    *,
    valid_only: bool,
    remember: bool,
    progress: Progress,
    cancelled: Cancelled,
) -> ImportResult:
    """Write the plan in one transaction; then, if asked, remember the column mapping for files
    of this layout (only after a successful import: a dry run leaves the archive unchanged)."""
    if planned.what == "destinations":
        return destinations_ops.commit_sheet(session, loaded.sheet, planned, valid_only=valid_only,
                                             progress=progress, cancelled=cancelled)  # fmt: skip
    if planned.what == "grades":
        return import_grades.commit_grades(
            session, loaded.sheet, planned, valid_only=valid_only, progress=progress,
            cancelled=cancelled,
        )  # fmt: skip
    result = import_students.commit_students(
        session,
        loaded.sheet,
        planned,
        valid_only=valid_only,
        reason=reason_for(loaded.mode),
        progress=progress,
        cancelled=cancelled,
    )
    if remember:
        import_layouts.remember(session, loaded.headers, planned.columns)
    return result


def error_marks(planned: ImportPlan, lang: str) -> list[import_errors.Mark]:
    """One mark per error of the plan: the cell (or the row) and the clerk's sentence."""
    from xueji_desktop.services import import_errors  # openpyxl: only when a copy is made

    return [
        import_errors.Mark(p.row, p.column_index, problem_text(p.problem, lang))
        for row in planned.rows
        for p in row.problems
        if p.is_error or row.kind in ("error", "duplicate")
    ]


def not_imported_rows(planned: ImportPlan) -> set[int]:
    """The rows a "valid rows only" import leaves out: they stay in the error file."""
    return {r.row for r in planned.rows if r.kind in ("error", "duplicate")}


def save_error_copy(
    loaded: Loaded,
    planned: ImportPlan,
    target: Path,
    lang: str,
    only_rows: Collection[int] | None,
) -> Path:
    """The clerk's own file with the bad cells marked, written once to ``target`` (the file
    dialog has asked about replacing it). Built in memory: no temporary copy on disk."""
    from xueji_desktop.services import import_errors  # openpyxl is slow to import: not at start

    data = import_errors.error_copy(
        loaded.path,
        loaded.sheet.name,
        planned.header_row,
        error_marks(planned, lang),
        only_rows=only_rows,
    )
    xlsx_out.write_xlsx(target, data, overwrite=True)
    return target


# -- the national list (reconciliation) and photos in bulk ---------------------------------------


@dataclass(frozen=True)
class NationalList:
    """The national system's list, read once, and how it compares with the archive."""

    path: Path
    sheet: Sheet
    rec: reconcile.Reconciliation


def compare_national_list(
    session: Session, path: Path, progress: Progress, cancelled: Cancelled
) -> NationalList:
    """Read the list (its first sheet) and compare it; writes nothing."""
    sheet = sheets.read_sheet(path, cancelled=cancelled)
    rec = reconcile.plan_national_list(
        session, sheet, source=path.name, progress=progress, cancelled=cancelled
    )
    return NationalList(path, sheet, rec)


def apply_national_list(
    session: Session,
    found: NationalList,
    *,
    fill: bool,
    approve: bool,
    progress: Progress,
    cancelled: Cancelled,
) -> ImportResult:
    return reconcile.apply_reconciliation(
        session, found.sheet, found.rec, fill_registry_numbers=fill, mark_approved=approve,
        progress=progress, cancelled=cancelled,
    )  # fmt: skip


def plan_photos(
    session: Session, source: Path, progress: Progress, cancelled: Cancelled
) -> import_photos.PhotoPlan:
    return import_photos.plan_photos(session, source, progress=progress, cancelled=cancelled)


def commit_photos(
    session: Session,
    source: Path,
    planned: import_photos.PhotoPlan,
    progress: Progress,
    cancelled: Cancelled,
) -> ImportResult:
    return import_photos.commit_photos(
        session, source, planned, progress=progress, cancelled=cancelled
    )
