"""What a spreadsheet import found, row by row: the one shape every import returns (issue 6).

Students (new-student lists, 历史补录, 班主任核对 corrections), grades and the national list all
answer a dry run with an ``ImportPlan``: each data row classified, with its problems located by
the row number Excel shows and the header text as the file writes it. The preview (GUI), the
``--json`` output (CLI) and the error copy of the clerk's file are all drawn from it. A plan is
plain data: it holds no connection and can cross from the worker thread to the GUI.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from xueji_desktop.core.problems import Problem

__all__ = [
    "KINDS",
    "CellProblem",
    "FieldChange",
    "ImportPlan",
    "ImportResult",
    "PlannedRow",
]

# "unchanged": an existing record the row matches exactly (nothing to write). Shown, never an
# error. "update" rows carry their field-by-field changes.
KINDS = ("new", "update", "unchanged", "duplicate", "error")


@dataclass(frozen=True, slots=True)
class CellProblem:
    """One problem, where the clerk finds it: ``row`` as Excel numbers it (1-based), ``column``
    the header text as written in the file ("" for the row as a whole), ``column_index`` 0-based
    (None for the row as a whole). ``problem.field`` is the internal field name (or "")."""

    row: int
    column: str
    column_index: int | None
    problem: Problem

    @property
    def code(self) -> str:
        return self.problem.code

    @property
    def is_error(self) -> bool:
        return self.problem.severity == "error"


@dataclass(frozen=True, slots=True)
class FieldChange:
    """An update's change of one field: values as the archive stores them (codes, ISO dates)."""

    field: str
    old: object
    new: object


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """One data row of the sheet and what the import would do with it.

    ``kind`` is one of KINDS. ``values`` are the internal values a commit writes (new and update
    rows). ``first_row`` names the earlier row a duplicate repeats. ``label`` is what the
    preview shows to identify the row (a name, a 学号)."""

    row: int
    kind: str
    label: str = ""
    student_id: int | None = None
    values: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    changes: tuple[FieldChange, ...] = ()
    problems: tuple[CellProblem, ...] = ()
    first_row: int | None = None

    @property
    def importable(self) -> bool:
        return self.kind in ("new", "update")


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """A dry run's answer. ``what``: "students", "history", "corrections", "grades" or
    "national_list". ``columns`` is the mapping used (0-based column index -> field name),
    ``headers`` the header row as written; ``header_row`` its Excel row number. ``fingerprint``
    identifies the archive state the plan was made against (a commit re-checks it)."""

    what: str
    source: str
    sheet: str
    header_row: int
    headers: tuple[str, ...]
    columns: Mapping[int, str]
    rows: tuple[PlannedRow, ...]
    fingerprint: str = ""
    # Plan-level notes for the clerk (unknown columns, repeated columns …), as problems with
    # row = header_row.
    notes: tuple[CellProblem, ...] = ()

    def counts(self) -> dict[str, int]:
        """How many rows of each kind; the CLI's JSON reports new/update/duplicate/error."""
        out = dict.fromkeys(KINDS, 0)
        for r in self.rows:
            out[r.kind] += 1
        return out

    def problems(self) -> list[CellProblem]:
        """Every row problem in sheet order (errors and warnings), then nothing else."""
        return [p for r in self.rows for p in r.problems]

    @property
    def has_errors(self) -> bool:
        return any(r.kind in ("error", "duplicate") for r in self.rows)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What a commit wrote: rows added and updated, rows left out (errors, duplicates,
    unchanged), and the ids of the records written."""

    added: int = 0
    updated: int = 0
    skipped: int = 0
    ids: tuple[int, ...] = ()
