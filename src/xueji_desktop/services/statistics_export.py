"""Any statistics table to Excel (issue 9 §1: "every table exports to Excel").

One sheet per table, through ``xlsx_out`` (in memory, formula-safe, written once, atomically):
three heading rows (the school; the heading, or the table's title; the note: as-of date and
filters), the table's header, one row per table row, then 合计. Keys become words through
``labels`` (key -> (中文, English)) over the statistics modules' COLUMN_LABELS and title labels
and ``printing.stat_tables.DEFAULT_LABELS``, so a module with its own tables passes its own
mapping.

Values: counts are number cells (they add up in Excel); a rate is written as text, exactly as
the PDF and the screen show it ("66.7%", rounded half up on the exact fraction, "—" for a rate
over zero students): xlsx_out has no percent number format, and a rate re-rounded by Excel
could differ from the printed one in the last digit. Any other fraction (a mean score) is a
number with one decimal. The row labels are text cells (a class named "01" stays "01").

EXPORT (clerks and admins), audited ``statistics_exported`` with the table titles and counts:
statistics name no student, so the entry names none either. The file is written inside the
audit's transaction: a file that could not be written leaves no entry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from xueji_desktop.core.errors import NothingToExport, OutputFileError, ValidationError
from xueji_desktop.core.roles import Permission
from xueji_desktop.printing.stat_tables import (
    DEFAULT_LABELS,
    MAX_LABEL_CHARS,
    is_rate,
    label_text,
    row_heading,
    value_text,
)
from xueji_desktop.services import audit, statistics
from xueji_desktop.services.context import Session
from xueji_desktop.services.document_settings import load_letterhead
from xueji_desktop.services.xlsx_out import (
    Column,
    SheetOut,
    check_target,
    workbook_bytes,
    write_xlsx,
)

__all__ = ["LANGS", "MAX_HEADING", "MAX_NOTE", "MAX_TABLES", "export_tables"]

Labels = Mapping[str, tuple[str, str]]
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

ACTION = "statistics_exported"
LANGS = ("zh", "en")
MAX_HEADING = 200  # characters: a title line, not a letter
MAX_NOTE = 1000
MAX_TABLES = 200  # a dashboard has about a dozen; Excel slows down with hundreds of sheets
MAX_LABELS = 10_000


# -- checks shared with statistics_print -------------------------------------------------------


def _check_text(value: object, field: str, limit: int) -> str:
    if not isinstance(value, str):
        raise ValidationError(field=field, reason="invalid")
    if len(value) > limit:
        raise ValidationError(field=field, reason="too_long")
    return value


def _check_lang(lang: object) -> str:
    if lang not in LANGS:
        raise ValidationError(field="lang", reason="invalid")
    return str(lang)


def _check_labels(labels: object) -> dict[str, tuple[str, str]]:
    if labels is None:
        return {}
    if not isinstance(labels, Mapping) or len(labels) > MAX_LABELS:
        raise ValidationError(field="labels", reason="invalid")
    out: dict[str, tuple[str, str]] = {}
    for key, pair in labels.items():
        ok = (
            isinstance(key, str)
            and isinstance(pair, tuple | list)
            and len(pair) == 2
            and all(isinstance(p, str) and len(p) <= MAX_LABEL_CHARS for p in pair)
        )
        if not ok:
            raise ValidationError(field="labels", reason="invalid")
        out[key] = (pair[0], pair[1])
    return out


def _value_ok(value: object) -> bool:
    return value is None or (isinstance(value, int | Fraction) and not isinstance(value, bool))


def _check_tables(tables: object) -> list[statistics.StatTable]:
    """A sequence of StatTables, each row and the totals with one value per column."""
    if not isinstance(tables, Sequence) or isinstance(tables, str | bytes):
        raise ValidationError(field="tables", reason="invalid")
    if not tables:
        raise NothingToExport(what="statistics")
    if len(tables) > MAX_TABLES:
        raise ValidationError(field="tables", reason="too_long")
    for t in tables:
        if not isinstance(t, statistics.StatTable) or not isinstance(t.title, str):
            raise ValidationError(field="tables", reason="invalid")
        width = len(t.columns)
        if not all(isinstance(c, str) for c in t.columns):
            raise ValidationError(field="tables", reason="invalid")
        if t.totals and len(t.totals) != width:
            raise ValidationError(field="tables", reason="invalid")
        for row in t.rows:
            ok = (
                isinstance(row, statistics.StatRow)
                and len(row.values) == width
                and isinstance(row.label_zh, str)
                and isinstance(row.label_en, str)
            )
            if not ok or not all(_value_ok(v) for v in row.values):
                raise ValidationError(field="tables", reason="invalid")
        if not all(_value_ok(v) for v in t.totals):
            raise ValidationError(field="tables", reason="invalid")
    return list(tables)


def _check_out(out: object) -> Path:
    if not isinstance(out, Path):
        raise OutputFileError(path=str(out)[:80], reason="no_folder")
    return out


def _merged_labels(labels: Labels | None) -> dict[str, tuple[str, str]]:
    """The words of every key: the printer's defaults, the statistics modules' labels, then
    the caller's (which win)."""
    titles: Labels = getattr(statistics, "TITLE_LABELS", {})
    return {**DEFAULT_LABELS, **statistics.COLUMN_LABELS, **titles, **_check_labels(labels)}


def _checked_request(
    tables: object, lang: object, heading: object, note: object, labels: object
) -> tuple[list[statistics.StatTable], str, str, str, dict[str, tuple[str, str]]]:
    """Every argument of an export or print checked, before any work."""
    lang = _check_lang(lang)
    heading = _check_text(heading, "heading", MAX_HEADING)
    note = _check_text(note, "note", MAX_NOTE)
    words = _merged_labels(labels)  # type: ignore[arg-type]  # checked inside
    return _check_tables(tables), lang, heading, note, words


def _audit_details(tables: Sequence[statistics.StatTable], lang: str) -> dict[str, Any]:
    """What the audit keeps of an export or print: which tables, how big; no labels (a class
    or major name is harmless, but the rule is simple: nothing from the rows)."""
    return {
        "titles": [t.title[:80] for t in tables],
        "tables": len(tables),
        "rows": sum(len(t.rows) for t in tables),
        "lang": lang,
    }


# -- the workbook -------------------------------------------------------------------------------


def _cell(column: str, value: int | Fraction | None) -> object:
    if value is None or is_rate(column) or isinstance(value, bool):
        return value_text(column, value)
    if isinstance(value, int):
        return value
    return float(value_text(column, value))


def _sheet(
    table: statistics.StatTable, school: str, heading: str, note: str, lang: str, words: Labels
) -> SheetOut:
    title = label_text(words, table.title, lang)
    columns = [Column(row_heading(words, table.title, lang), 28.0)]
    for key in table.columns:
        header = label_text(words, key, lang)
        columns.append(Column(header, float(min(24, max(10, 2 * len(header) + 2))), text=False))
    above: list[list[object]] = [[school], [heading or title]]
    if heading:
        above.append([title])
    if note:
        above.append([" ".join(note.split())])
    rows: list[list[object]] = []
    for r in table.rows:
        label = r.label_en if lang == "en" else r.label_zh
        rows.append([label, *(_cell(c, v) for c, v in zip(table.columns, r.values, strict=True))])
    if rows and table.totals:
        total = "Total" if lang == "en" else "合计"
        rows.append([total, *(_cell(c, v) for c, v in zip(table.columns, table.totals,
                                                          strict=True))])  # fmt: skip
    if not rows:
        rows.append(["(no data)" if lang == "en" else "（无数据）"])
    return SheetOut(title, columns, rows, above=above, landscape=True)


def export_tables(
    session: Session,
    tables: Sequence[statistics.StatTable],
    out: Path,
    *,
    lang: str = "zh",
    heading: str = "",
    note: str = "",
    labels: Labels | None = None,
    overwrite: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """The tables as one .xlsx, a sheet each (module note); returns ``out``. Refused before
    any work: NothingToExport (no table), ValidationError (fields tables, lang, heading, note,
    labels), OutputFileError (no folder, not writable, exists without ``overwrite``).
    A cancel raises OperationCancelled and writes nothing."""
    session.require(Permission.EXPORT)
    checked, lang, heading, note, words = _checked_request(tables, lang, heading, note, labels)
    path = _check_out(out)
    check_target(path, overwrite=overwrite)
    h = session.archive
    school = load_letterhead(h.db.conn).school_name
    sheets = [_sheet(t, school, heading, note, lang, words) for t in checked]
    data = workbook_bytes(sheets, progress=progress, cancelled=cancelled)
    with h.db.atomic():
        audit.record(h, session.username, ACTION, details=_audit_details(checked, lang))
        write_xlsx(path, data, overwrite=overwrite)
    return path
