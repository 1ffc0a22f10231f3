"""Worker-side calls of the 毕业去向 dialog and of the import wizard's destinations kind: one
small function per thing the clerk does. Runs on the session worker; touches no widget."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from pathlib import Path

from xueji_desktop.services import destinations_bulk, import_destinations, sheets, xlsx_out
from xueji_desktop.services.context import Session
from xueji_desktop.services.destinations_bulk import ClassLeaver, DestinationRow
from xueji_desktop.services.import_model import ImportPlan, ImportResult

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def load(session: Session, class_group_id: int) -> list[ClassLeaver]:
    """The class's students who have left, each with the destination recorded so far."""
    return destinations_bulk.class_destinations(session, class_group_id)


def save(session: Session, rows: Sequence[DestinationRow]) -> int:
    """All the rows at once (one transaction); how many students' destinations changed."""
    return destinations_bulk.set_destinations(session, rows)


def write_template(session: Session, class_group_id: int, title: str, target: Path) -> Path:
    """The class's sheet to fill in, written once to ``target`` (the file dialog has asked
    about replacing it)."""
    data = import_destinations.destination_template(session, class_group_id, title=title)
    xlsx_out.write_xlsx(target, data, overwrite=True)
    return target


# -- the import wizard's "destinations" kind ----------------------------------------------------


def plan_sheet(
    session: Session,
    sheet: sheets.Sheet,
    source: str,
    today: datetime.date,
    progress: Progress,
    cancelled: Cancelled,
) -> ImportPlan:
    """The dry run of a destinations sheet; an empty 登记日期 takes ``today``."""
    return import_destinations.plan_destinations(
        session, sheet, source=source, today=today, progress=progress, cancelled=cancelled
    )


def commit_sheet(
    session: Session,
    sheet: sheets.Sheet,
    planned: ImportPlan,
    *,
    valid_only: bool,
    progress: Progress,
    cancelled: Cancelled,
) -> ImportResult:
    return import_destinations.commit_destinations(
        session, sheet, planned, valid_only=valid_only, progress=progress, cancelled=cancelled
    )
