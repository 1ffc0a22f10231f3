"""The data-health report (数据体检): what is missing or inconsistent across the whole archive.

Read-only: it writes nothing, not even an audit entry. Voided records are skipped. Each check is
one or two set-wise queries (no per-student round trips), so the report stays within seconds on
100,000 students with 4,000,000 grades. Finding kinds (``KINDS``) and their ``params``:

- ``missing_required``: {fields}: required fields still empty (core.validation.check_student with
  draft=False decides, for the records whose required columns or family rows look incomplete);
- ``id_mismatch``: {field: birth_date|gender}: 出生日期 or 性别 disagree with the 居民身份证 number;
- ``likely_duplicate``: {reason, others}: see services/duplicates.py;
- ``missing_documents``: {documents}: checklist codes without a non-voided attachment (a photo
  on the record counts for ``photo``); ``always`` for everyone, ``graduated`` for graduates,
  ``left`` for everyone who has left (any status but 在籍 and 休学);
- ``no_grades``: {term}: 在籍 now, enrolled by the term's end, no grade in a finished term, and
  not on leave during it;
- ``leave_overdue``: {expected_return_date}: 休学 whose latest leave's return date has passed;
- ``aid_not_enrolled``: {term, kind}: aid for a term in which the student was never 在籍 (status
  on each day from the non-revoked 学籍异动 history; a record without history counts as 在籍
  before its graduation date, else as its current status);
- ``not_approved``: {report_status}: not yet 已核准 by the national system;
- ``graduate_without_destination``: {}: 毕业 and no 毕业去向 recorded.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from xueji_desktop.core.errors import ValidationError
from xueji_desktop.core.fields import STUDENT_FIELDS
from xueji_desktop.core.roles import Permission
from xueji_desktop.services.context import Session
from xueji_desktop.services.duplicates import find_duplicate_groups
from xueji_desktop.storage.connection import Connection

__all__ = ["KINDS", "Finding", "HealthReport", "health_report"]

KINDS = (
    "missing_required",
    "id_mismatch",
    "likely_duplicate",
    "missing_documents",
    "no_grades",
    "leave_overdue",
    "aid_not_enrolled",
    "not_approved",
    "graduate_without_destination",
)
_STAYING = ("enrolled", "on_leave")
_CHUNK = 5000


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    student_id: int
    student_no: str
    name: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class HealthReport:
    findings: list[Finding]
    counts: dict[str, int]  # every kind, 0 included
    complete: bool = True  # False when cancelled: the findings so far


class _Cancelled(Exception):
    pass


class _Run:
    def __init__(
        self, conn: Connection, today: datetime.date, cancelled: Callable[[], bool] | None
    ) -> None:
        self.conn = conn
        self.today = today.isoformat()
        self.cancelled = cancelled
        self.findings: list[Finding] = []
        rows = conn.execute(
            "SELECT id, COALESCE(student_no, ''), name FROM students WHERE voided = 0"
        )
        self.who: dict[int, tuple[str, str]] = {int(r[0]): (r[1], r[2]) for r in rows}

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise _Cancelled

    def rows(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        for n, row in enumerate(self.conn.execute(sql, params), start=1):
            if n % _CHUNK == 0:
                self.check()
            yield row

    def add(self, kind: str, student_id: int, /, **params: str) -> None:
        who = self.who.get(student_id)
        if who is not None:  # voided (or unknown) students are skipped
            self.findings.append(Finding(kind, student_id, who[0], who[1], params))


def health_report(
    session: Session,
    *,
    today: datetime.date | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> HealthReport:
    """Run every check. ``progress(done, total)`` after each; ``cancelled()`` stops early."""
    session.require(Permission.READ_RECORDS)
    if today is not None and (
        not isinstance(today, datetime.date) or isinstance(today, datetime.datetime)
    ):
        raise ValidationError(field="today", reason="invalid")
    run = _Run(session.archive.db.conn, today or datetime.date.today(), cancelled)
    checks = (
        _missing_required,
        _id_mismatch,
        _likely_duplicates,
        _missing_documents,
        _no_grades,
        _leave_overdue,
        _aid_not_enrolled,
        _not_approved,
        _graduate_without_destination,
    )
    complete = True
    try:
        for done, check in enumerate(checks, start=1):
            run.check()
            check(run)
            if progress is not None:
                progress(done, len(checks))
    except _Cancelled:
        complete = False
    counts = Counter(f.kind for f in run.findings)
    return HealthReport(run.findings, {k: counts.get(k, 0) for k in KINDS}, complete)


# -- the checks -------------------------------------------------------------------------------

_REQUIRED = tuple(f.name for f in STUDENT_FIELDS if f.required and f.name not in ("class_group",))


def _missing_required(run: _Run) -> None:
    # Values were validated when saved; only records with an empty required column, no class or
    # an incomplete family go through the full rule set again (keeps 100,000 records fast).
    empty = " OR ".join(f"COALESCE(s.{c}, '') = ''" for c in _REQUIRED)
    sql = (
        "SELECT s.id FROM students s WHERE s.voided = 0 AND "  # noqa: S608 - fixed column names
        f"({empty} OR s.class_group_id IS NULL "
        "OR NOT EXISTS (SELECT 1 FROM family_members f WHERE f.student_id = s.id) "
        "OR EXISTS (SELECT 1 FROM family_members f WHERE f.student_id = s.id "
        "AND (f.name = '' OR f.relation = '')))"
    )
    suspects = [int(r[0]) for r in run.rows(sql)]
    if not suspects:
        return
    check_student = _validator()
    majors = {
        str(r[0]): str(r[1]) for r in run.conn.execute("SELECT code, catalogue_version FROM majors")
    }
    today = datetime.date.fromisoformat(run.today)
    for n, sid in enumerate(suspects, start=1):
        if n % 500 == 0:
            run.check()
        values = _record_values(run.conn, sid)
        if check_student is not None:
            missing = list(check_student(values, today=today, majors=majors, draft=False).missing)
        else:
            missing = _empty_required(values)
        if missing:
            run.add("missing_required", sid, fields=",".join(sorted(set(missing))))


def _validator() -> Callable[..., Any] | None:
    try:
        from xueji_desktop.core import validation  # written alongside; may not exist yet
    except ImportError:
        return None
    return getattr(validation, "check_student", None)


def _record_values(conn: Connection, student_id: int) -> dict[str, Any]:
    cur = conn.execute(
        "SELECT s.*, COALESCE(c.name, '') AS class_group FROM students s "
        "LEFT JOIN class_groups c ON c.id = s.class_group_id WHERE s.id = ?",
        (student_id,),
    )
    row = dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))
    values = {f.name: row.get(f.name) for f in STUDENT_FIELDS}
    fcur = conn.execute(
        "SELECT * FROM family_members WHERE student_id = ? ORDER BY seq", (student_id,)
    )
    names = [d[0] for d in fcur.description]
    values["family_members"] = [
        {k: v for k, v in zip(names, r, strict=True) if k not in ("id", "student_id", "seq")}
        for r in fcur.fetchall()
    ]
    return values


def _empty_required(values: dict[str, Any]) -> list[str]:
    out = [f.name for f in STUDENT_FIELDS if f.required and values.get(f.name) in (None, "")]
    members = values["family_members"]
    if not members:
        out.append("family_members")
    for i, m in enumerate(members):
        out += [f"family_members.{i}.{k}" for k in ("name", "relation") if not m.get(k)]
    return out


def _id_mismatch(run: _Run) -> None:
    sql = (
        "SELECT id, id_number, birth_date, gender FROM students "
        "WHERE voided = 0 AND id_type = '1' AND length(id_number) IN (15, 18)"
    )
    for sid, idn, birth, gender in run.rows(sql):
        if len(idn) == 18:
            born, seq = idn[6:14], idn[16:17]
        else:
            born, seq = "19" + idn[6:12], idn[14:15]
        if birth and born.isdigit() and birth.replace("-", "") != born:
            run.add("id_mismatch", int(sid), field="birth_date")
        if gender in ("1", "2") and seq.isdigit() and gender != ("1" if int(seq) % 2 else "2"):
            run.add("id_mismatch", int(sid), field="gender")


def _likely_duplicates(run: _Run) -> None:
    for group in find_duplicate_groups(run.conn):
        for sid in group.student_ids:
            others = [run.who.get(o, ("", ""))[0] or str(o) for o in group.student_ids if o != sid]
            run.add("likely_duplicate", sid, reason=group.reason, others=",".join(others))


def _missing_documents(run: _Run) -> None:
    types = run.conn.execute(
        "SELECT code, required_when FROM document_types WHERE required_when <> 'never' "
        "ORDER BY sort_order, code"
    ).fetchall()
    if not types:
        return
    have: dict[int, set[str]] = defaultdict(set)
    for sid, doc in run.rows(
        "SELECT DISTINCT student_id, doc_type FROM attachments WHERE voided = 0"
    ):
        have[int(sid)].add(doc)
    sql = "SELECT id, status, photo_blob IS NOT NULL FROM students WHERE voided = 0"
    for sid, status, photo in run.rows(sql):
        present = have.get(int(sid), set())
        missing = [
            code
            for code, when in types
            if (
                when == "always"
                or (when == "graduated" and status == "graduated")
                or (when == "left" and status not in _STAYING)
            )
            and code not in present
            and not (code == "photo" and photo)
        ]
        if missing:
            run.add("missing_documents", int(sid), documents=",".join(missing))


def _leaves(run: _Run) -> dict[int, list[tuple[str, str]]]:
    """Per student, the (from, to) dates of non-revoked leaves; to = the return date or ''."""
    out: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for sid, kind, date in run.rows(
        "SELECT student_id, kind, effective_date FROM status_changes WHERE revoked = 0 "
        "AND kind IN ('leave_of_absence', 'return_from_leave') "
        "ORDER BY student_id, effective_date, id"
    ):
        spans = out[int(sid)]
        if kind == "leave_of_absence":
            spans.append((date, ""))
        elif spans and not spans[-1][1]:
            spans[-1] = (spans[-1][0], date)
    return out


def _no_grades(run: _Run) -> None:
    terms = run.conn.execute(
        "SELECT id, code, start_date, end_date FROM terms WHERE end_date < ? ORDER BY start_date",
        (run.today,),
    ).fetchall()
    if not terms:
        return
    leaves = _leaves(run)
    students = run.conn.execute(
        "SELECT s.id, s.enrolment_month, c.intake_year FROM students s "
        "LEFT JOIN class_groups c ON c.id = s.class_group_id "
        "WHERE s.voided = 0 AND s.status = 'enrolled'"
    ).fetchall()
    for term_id, code, start, end in terms:
        run.check()
        # One index range per term (grades_term_student, m0003): who has any grade in it.
        graded = {
            int(r[0])
            for r in run.rows(
                "SELECT DISTINCT student_id FROM grades WHERE term_id = ?", (term_id,)
            )
        }
        end_month = end[:4] + end[5:7]
        for sid, month, intake in students:
            if sid in graded:
                continue
            since = month or (f"{intake}09" if intake else "")
            if not since or since > end_month:
                continue  # not yet at the school during that term
            if any(a <= end and (not b or b >= start) for a, b in leaves.get(int(sid), ())):
                continue  # on leave during the term
            run.add("no_grades", int(sid), term=code)


def _leave_overdue(run: _Run) -> None:
    sql = (
        "SELECT s.id, (SELECT sc.details FROM status_changes sc WHERE sc.student_id = s.id "
        "AND sc.kind = 'leave_of_absence' AND sc.revoked = 0 "
        "ORDER BY sc.effective_date DESC, sc.id DESC LIMIT 1) "
        "FROM students s WHERE s.voided = 0 AND s.status = 'on_leave'"
    )
    for sid, details in run.rows(sql):
        try:
            due = json.loads(details or "{}").get("expected_return_date")
        except (ValueError, AttributeError):
            due = None
        if isinstance(due, str) and due and due < run.today:
            run.add("leave_overdue", int(sid), expected_return_date=due)


def _aid_not_enrolled(run: _Run) -> None:
    aid = run.conn.execute(
        "SELECT a.student_id, a.kind, t.code, t.start_date, t.end_date, s.status, "
        "s.graduation_date FROM financial_aid a JOIN terms t ON t.id = a.term_id "
        "JOIN students s ON s.id = a.student_id WHERE a.voided = 0 AND s.voided = 0"
    ).fetchall()
    if not aid:
        return
    history: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for sid, date, before, after in run.rows(
        "SELECT student_id, effective_date, status_before, status_after FROM status_changes "
        "WHERE revoked = 0 ORDER BY student_id, effective_date, id"
    ):
        history[int(sid)].append((date, before, after))
    for n, (sid, kind, code, start, end, status, grad_date) in enumerate(aid, start=1):
        if n % _CHUNK == 0:
            run.check()
        changes = history.get(int(sid), [])
        if changes:
            prior = [after for date, _, after in changes if date <= start]
            at_start = prior[-1] if prior else changes[0][1]
            during = any(after == "enrolled" for date, _, after in changes if start < date <= end)
            enrolled = at_start == "enrolled" or during
        else:
            enrolled = status == "enrolled" or bool(grad_date and start < grad_date)
        if not enrolled:
            run.add("aid_not_enrolled", int(sid), term=code, kind=kind)


def _not_approved(run: _Run) -> None:
    for sid, report_status in run.rows(
        "SELECT id, report_status FROM students WHERE voided = 0 AND report_status <> 'approved'"
    ):
        run.add("not_approved", int(sid), report_status=report_status)


def _graduate_without_destination(run: _Run) -> None:
    for (sid,) in run.rows(
        "SELECT s.id FROM students s WHERE s.voided = 0 AND s.status = 'graduated' "
        "AND NOT EXISTS (SELECT 1 FROM destinations d WHERE d.student_id = s.id)"
    ):
        run.add("graduate_without_destination", int(sid))
