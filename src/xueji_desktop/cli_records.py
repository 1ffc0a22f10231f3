"""``xueji student|status-change|grades|health``: the record services on the command line.

JSON in and out is keyed by the national template's Chinese column names (学号, 姓名, 身份证件号 …)
with labels as values (codes are accepted on input). A record is named by its 学号, 学籍号, an
old (corrected) number, or ``#<record id>`` (drafts have no 学号 yet). Refusals exit 1; with
``--json`` the problems are printed as ``{"field", "code", "message"}``. Clerks and admins see
full ID numbers; viewers see them masked. The contract is in docs/design/cli.md.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xueji_desktop.core.errors import NotFound, RecordInvalid, XuejiError
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.template import (
    KIND_LABELS,
    REPORT_STATUS_LABELS,
    STATUS_LABELS,
    field_label,
    to_template,
)
from xueji_desktop.messages import message_for
from xueji_desktop.problem_text import finding_text, problem_text
from xueji_desktop.services import registration, students
from xueji_desktop.services.context import Session

MAX_JSON_BYTES = 1_000_000

Handler = Callable[[argparse.Namespace, Any], int]


class InputFileError(XuejiError):
    """A --from-json file that cannot be used; ``reason`` says why."""

    code = "input_file"


def add_parsers(sub: Any, cmd: Callable[[Any, str, str], argparse.ArgumentParser]) -> None:
    st = cmd(sub, "student", "student records")
    ssub = st.add_subparsers(dest="student_command", required=True)
    sp = cmd(ssub, "add", "add a record (a draft) from a JSON file keyed by template columns")
    sp.add_argument("--from-json", required=True, metavar="FILE")
    sp.add_argument("--confirm", action="store_true", help="confirm it at once (assigns 学号)")
    sp = cmd(ssub, "list", "list students")
    sp.add_argument("--class", dest="class_group", metavar="CLASS")
    sp.add_argument("--status", metavar="STATUS", help="e.g. 在籍, 休学, 毕业 (or enrolled …)")
    sp.add_argument("--limit", type=int, default=200)
    sp = cmd(ssub, "show", "show one record")
    sp.add_argument("student", metavar="STUDENT", help="学号, 学籍号 or #id")
    sp.add_argument("--history", action="store_true", help="also the field-level history")
    sp = cmd(ssub, "edit", "change fields (a confirmed record needs --reason)")
    sp.add_argument("student", metavar="STUDENT")
    sp.add_argument("--from-json", required=True, metavar="FILE")
    sp.add_argument("--reason", default="")
    sp = cmd(ssub, "search", "search by 学号, 学籍号, name, 拼音, 首字母 or part of an ID number")
    sp.add_argument("text")
    sp.add_argument("--class", dest="class_group", metavar="CLASS")
    sp.add_argument("--status", metavar="STATUS")
    sp.add_argument("--intake-year", type=int)
    sp.add_argument("--include-voided", action="store_true")
    sp.add_argument("--limit", type=int, default=50)
    sp = cmd(ssub, "void", "void (作废) a record entered by mistake")
    sp.add_argument("student", metavar="STUDENT")
    sp.add_argument("--reason", required=True)
    sp = cmd(ssub, "confirm", "信息核对确认: check completeness and assign the 学号")
    sp.add_argument("student", metavar="STUDENT")
    sp = cmd(ssub, "report", "set 上报状态: reported, approved or returned (with --reason)")
    sp.add_argument("student", metavar="STUDENT")
    sp.add_argument("status", choices=["reported", "approved", "returned"])
    sp.add_argument("--reason", default="")
    sp = cmd(ssub, "correct-number", "admin: correct 学号 or 学籍号 (the old one stays findable)")
    sp.add_argument("student", metavar="STUDENT")
    sp.add_argument("kind", choices=["student_no", "registry_no"])
    sp.add_argument("new_value")
    sp.add_argument("--reason", required=True)

    sc = cmd(sub, "status-change", "学籍异动: record, preview, revoke, list")
    csub = sc.add_subparsers(dest="change_command", required=True)
    for verb, text in (("add", "record a 学籍异动"), ("preview", "show what it would change")):
        sp = cmd(csub, verb, text)
        sp.add_argument("student", metavar="STUDENT")
        sp.add_argument(
            "--kind", required=True, help="e.g. 休学, 复学, 转专业 (or leave_of_absence)"
        )
        sp.add_argument("--details-json", metavar="FILE", help="e.g. expected_return_date")
        if verb == "add":
            sp.add_argument("--date", required=True, help="effective date YYYY-MM-DD")
            sp.add_argument("--reason-code", default="", help="JY/T 1001 学籍异动原因 code")
            sp.add_argument("--document-no", default="", help="approval document number")
            sp.add_argument("--approver", default="")
    sp = cmd(csub, "revoke", "撤销异动: restore the state before it (with --reason)")
    sp.add_argument("change_id", type=int)
    sp.add_argument("--reason", required=True)
    sp = cmd(csub, "list", "the 学籍异动 of a student")
    sp.add_argument("student", metavar="STUDENT")
    sp = cmd(csub, "report", "set the 上报状态 of an event")
    sp.add_argument("change_id", type=int)
    sp.add_argument("status", choices=["confirmed", "reported", "approved", "returned"])
    sp.add_argument("--reason", default="")

    gr = cmd(sub, "grades", "grades (成绩): show a transcript, record a result")
    gsub = gr.add_subparsers(dest="grades_command", required=True)
    sp = cmd(gsub, "show", "every grade of a student, with 补考/重修 and whether passed")
    sp.add_argument("student", metavar="STUDENT")
    sp = cmd(gsub, "set", "record a score (or a grade label) for a course and term")
    sp.add_argument("student", metavar="STUDENT")
    sp.add_argument("--course", required=True, metavar="CODE")
    sp.add_argument("--term", required=True, metavar="CODE", help="e.g. 2025-2026-1")
    what = sp.add_mutually_exclusive_group(required=True)
    what.add_argument("--score", type=float)
    what.add_argument("--label", help="优秀, 良好, 中等, 及格, 合格, 不及格, 不合格")
    what.add_argument("--makeup", type=float, help="补考 score (with --exam-date)")
    what.add_argument("--retake", type=float, help="重修 score (with --retake-term)")
    sp.add_argument("--exam-date", default="")
    sp.add_argument("--retake-term", default="", metavar="CODE")
    sp.add_argument("--remark", default="")

    cmd(sub, "health", "the data-health report over the whole archive (数据体检)")


# -- helpers --------------------------------------------------------------------------------


def read_json_file(path_text: str) -> Any:
    path = Path(path_text).expanduser()
    try:
        size = path.stat().st_size
        if size > MAX_JSON_BYTES:
            raise InputFileError(reason="too_big", path=str(path))
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(reason="missing", path=str(path)) from None
    except IsADirectoryError:
        raise InputFileError(reason="missing", path=str(path)) from None
    except OSError:
        raise InputFileError(reason="unreadable", path=str(path)) from None
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputFileError(reason="not_utf8", path=str(path)) from None
    except (json.JSONDecodeError, RecursionError):
        raise InputFileError(reason="not_json", path=str(path)) from None


def read_record(path_text: str) -> dict[str, Any]:
    data = read_json_file(path_text)
    if not isinstance(data, dict):
        raise InputFileError(reason="not_object", path=path_text)
    return data


def resolve_student(session: Session, text: str) -> int:
    """学号, 学籍号, an old (alias) number, or #<id> -> the record id (non-voided first)."""
    conn = session.archive.db.conn
    text = text.strip()
    if text.startswith("#") and text[1:].isdigit():
        return int(text[1:])
    for sql in (
        "SELECT id FROM students WHERE student_no = ? ORDER BY voided, id",
        "SELECT id FROM students WHERE registry_no = ? ORDER BY voided, id",
        "SELECT student_id FROM number_aliases WHERE old_value = ? ORDER BY id DESC",
    ):
        row = conn.execute(sql, (text,)).fetchone()
        if row is not None:
            return int(row[0])
    raise NotFound(kind="student", id=text)


def status_name(text: str | None) -> str | None:
    if text is None:
        return None
    for name, label in STATUS_LABELS.items():
        if text in (name, label):
            return name
    return text


def problem_json(problem: Problem) -> dict[str, str]:
    return {
        "field": field_label(problem.field),
        "code": problem.code,
        "severity": problem.severity,
        "message": problem_text(problem),
    }


def refusal(args: argparse.Namespace, exc: XuejiError) -> int:
    """Print a refusal: problems for RecordInvalid, else the one sentence. Exit status 1."""
    import sys

    problems = [p for p in getattr(exc, "problems", []) if isinstance(p, Problem)]
    if getattr(args, "json", False):
        doc: dict[str, Any] = {"ok": False, "error": exc.code, "message": message_for(exc)}
        if problems:
            doc["problems"] = [problem_json(p) for p in problems]
        print(json.dumps(doc, ensure_ascii=False, sort_keys=True))
    else:
        sys.stderr.write(message_for(exc) + "\n")
        for p in problems:
            sys.stderr.write(f"  {field_label(p.field)}: {problem_text(p)}\n")
    return 1


def out(args: argparse.Namespace, payload: dict[str, Any], text: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str))
    elif text:
        print(text)


def _row_json(r: students.StudentRow) -> dict[str, Any]:
    return {
        "记录号": r.id,
        "学号": r.student_no,
        "姓名": r.name,
        "性别": {"1": "男", "2": "女"}.get(r.gender, r.gender),
        "出生日期": r.birth_date,
        "身份证件号": r.id_number_masked,
        "专业": r.major,
        "班级名称": r.class_group,
        "学籍状态": STATUS_LABELS.get(r.status, r.status),
        "上报状态": REPORT_STATUS_LABELS.get(r.report_status, r.report_status),
    }


def _row_text(d: dict[str, Any]) -> str:
    return "\t".join(str(d[k]) for k in ("学号", "姓名", "班级名称", "学籍状态", "上报状态"))


# -- student ------------------------------------------------------------------------------


def cmd_student(args: argparse.Namespace, session: Session) -> int:
    verb = args.student_command
    try:
        return _STUDENT[verb](args, session)
    except RecordInvalid as exc:
        return refusal(args, exc)


def _add(args: argparse.Namespace, session: Session) -> int:
    saved = students.add_student(session, read_record(args.from_json))
    number = None
    if args.confirm:
        number = registration.confirm_student(session, saved.student_id)
    payload = {
        "ok": True,
        "记录号": saved.student_id,
        "学号": number,
        "missing": [field_label(m) for m in saved.missing],
        "warnings": [problem_json(p) for p in saved.warnings],
    }
    lines = [f"#{saved.student_id}" + (f" 学号 {number}" if number else " (草稿)")]
    lines += [f"  缺少: {field_label(m)}" for m in saved.missing]
    lines += [f"  提示: {problem_text(p)}" for p in saved.warnings]
    out(args, payload, "\n".join(lines))
    return 0


def _list(args: argparse.Namespace, session: Session) -> int:
    rows = students.list_students(
        session,
        class_group=args.class_group,
        status=status_name(args.status),
        limit=max(0, args.limit),
    )
    docs = [_row_json(r) for r in rows]
    out(args, {"ok": True, "students": docs}, "\n".join(_row_text(d) for d in docs))
    return 0


def _show(args: argparse.Namespace, session: Session) -> int:
    sid = resolve_student(session, args.student)
    record = students.get_student(session, sid)
    doc = to_template(record)
    payload: dict[str, Any] = {"ok": True, "student": doc}
    if args.history:
        payload["history"] = [
            {
                "时间": e.ts,
                "操作人": e.actor,
                "项目": field_label(e.field),
                "原值": e.old_value,
                "新值": e.new_value,
                "原因": e.reason,
                "类型": e.change_kind,
            }
            for e in students.field_history(session, sid)
        ]
    text = "\n".join(f"{k}: {v}" for k, v in doc.items() if v not in ("", [], None))
    out(args, payload, text)
    return 0


def _edit(args: argparse.Namespace, session: Session) -> int:
    sid = resolve_student(session, args.student)
    saved = students.edit_student(session, sid, read_record(args.from_json), reason=args.reason)
    out(
        args,
        {"ok": True, "记录号": sid, "warnings": [problem_json(p) for p in saved.warnings]},
        "ok",
    )
    return 0


def _search(args: argparse.Namespace, session: Session) -> int:
    from xueji_desktop.services import search

    hits = search.search_students(
        session,
        args.text,
        class_group_id=_class_id(session, args.class_group),
        status=status_name(args.status),
        intake_year=args.intake_year,
        include_voided=args.include_voided,
        limit=max(0, args.limit),
    )
    docs = [search_hit_json(h) for h in hits]
    out(args, {"ok": True, "students": docs}, "\n".join(_row_text(d) for d in docs))
    return 0


def search_hit_json(hit: Any) -> dict[str, Any]:
    return {
        "记录号": hit.student_id,
        "学号": hit.student_no or "",
        "姓名": hit.name,
        "班级名称": hit.class_name,
        "学籍状态": STATUS_LABELS.get(hit.status, hit.status),
        "上报状态": REPORT_STATUS_LABELS.get(hit.report_status, hit.report_status),
        "身份证件号": hit.id_number_masked,
    }


def _class_id(session: Session, name: str | None) -> int | None:
    if name is None:
        return None
    row = session.archive.db.conn.execute(
        "SELECT id FROM class_groups WHERE name = ?", (name,)
    ).fetchone()
    if row is None:
        raise NotFound(kind="class_group", id=name)
    return int(row[0])


def _void(args: argparse.Namespace, session: Session) -> int:
    students.void_student(session, resolve_student(session, args.student), args.reason)
    out(args, {"ok": True}, "ok")
    return 0


def _confirm(args: argparse.Namespace, session: Session) -> int:
    number = registration.confirm_student(session, resolve_student(session, args.student))
    out(args, {"ok": True, "学号": number}, f"学号 {number}")
    return 0


def _report(args: argparse.Namespace, session: Session) -> int:
    sid = resolve_student(session, args.student)
    registration.set_report_status(session, sid, args.status, reason=args.reason)
    out(args, {"ok": True}, "ok")
    return 0


def _correct(args: argparse.Namespace, session: Session) -> int:
    sid = resolve_student(session, args.student)
    registration.correct_number(session, sid, args.kind, args.new_value, reason=args.reason)
    out(args, {"ok": True}, "ok")
    return 0


_STUDENT: dict[str, Handler] = {
    "add": _add,
    "list": _list,
    "show": _show,
    "edit": _edit,
    "search": _search,
    "void": _void,
    "confirm": _confirm,
    "report": _report,
    "correct-number": _correct,
}


# -- status-change --------------------------------------------------------------------------


def kind_name(text: str) -> str:
    for name, label in KIND_LABELS.items():
        if text in (name, label):
            return name
    return text


def _details(args: argparse.Namespace) -> dict[str, Any] | None:
    if not getattr(args, "details_json", None):
        return None
    return read_record(args.details_json)


def cmd_status_change(args: argparse.Namespace, session: Session) -> int:
    from xueji_desktop.services import status_changes as sc

    verb = args.change_command
    try:
        if verb in ("add", "preview"):
            sid = resolve_student(session, args.student)
            kind = kind_name(args.kind)
            if verb == "preview":
                p = sc.preview_change(session, sid, kind, _details(args))
                changes = [
                    {"项目": field_label(c.field), "原值": c.old_label, "新值": c.new_label}
                    for c in p.changes
                ]
                payload = {
                    "ok": True,
                    "学籍状态": [STATUS_LABELS.get(p.status_before, p.status_before),
                             STATUS_LABELS.get(p.status_after, p.status_after)],
                    "changes": changes,
                }  # fmt: skip
                text = "\n".join(f"{c['项目']}: {c['原值']} → {c['新值']}" for c in changes)
                out(args, payload, text or "学籍状态不变以外无其他改动")
                return 0
            change_id = sc.record_change(
                session,
                sid,
                kind,
                effective_date=args.date,
                details=_details(args),
                reason_code=args.reason_code,
                document_no=args.document_no,
                approver=args.approver,
            )
            out(args, {"ok": True, "异动号": change_id}, f"异动号 {change_id}")
            return 0
        if verb == "revoke":
            sc.revoke_change(session, args.change_id, args.reason)
        elif verb == "report":
            sc.set_change_report_status(session, args.change_id, args.status, reason=args.reason)
        else:
            rows = [
                change_json(c)
                for c in sc.list_changes(session, resolve_student(session, args.student))
            ]
            text = "\n".join(
                f"{r['异动号']}\t{r['生效日期']}\t{r['异动类别']}\t{r['上报状态']}"
                + ("\t已撤销" if r["已撤销"] else "")
                for r in rows
            )
            out(args, {"ok": True, "changes": rows}, text)
            return 0
        out(args, {"ok": True}, "ok")
        return 0
    except RecordInvalid as exc:
        return refusal(args, exc)


def change_json(c: Any) -> dict[str, Any]:
    return {
        "异动号": c.id,
        "异动类别": KIND_LABELS.get(c.kind, c.kind),
        "类别代码": c.category_code,
        "原因代码": c.reason_code,
        "生效日期": c.effective_date,
        "批准文号": c.document_no,
        "审批人": c.approver,
        "异动前状态": STATUS_LABELS.get(c.status_before, c.status_before),
        "异动后状态": STATUS_LABELS.get(c.status_after, c.status_after),
        "上报状态": REPORT_STATUS_LABELS.get(c.report_status, c.report_status),
        "已撤销": c.revoked,
        "撤销原因": c.revoke_reason,
        "details": c.details,
    }


# -- grades ---------------------------------------------------------------------------------


def _code_id(session: Session, table: str, code: str) -> int:
    row = session.archive.db.conn.execute(
        f"SELECT id FROM {table} WHERE code = ?",  # noqa: S608 - table is one of two literals
        (code,),
    ).fetchone()
    if row is None:
        raise NotFound(kind=table, id=code)
    return int(row[0])


def cmd_grades(args: argparse.Namespace, session: Session) -> int:
    from xueji_desktop.services import academics

    sid = resolve_student(session, args.student)
    try:
        if args.grades_command == "show":
            rows = [
                {
                    "学期": g.term_code,
                    "课程代码": g.course_code,
                    "课程": g.course_name,
                    "学分": g.credits,
                    "成绩": g.score if g.score is not None else g.grade_label,
                    "补考": g.makeup_score,
                    "重修": g.retake_score,
                    "通过": g.passed,
                }
                for g in academics.grades_for_student(session, sid)
            ]
            text = "\n".join(
                f"{r['学期']}\t{r['课程']}\t{r['成绩']}"
                + (f"\t补考 {r['补考']}" if r["补考"] is not None else "")
                + (f"\t重修 {r['重修']}" if r["重修"] is not None else "")
                for r in rows
            )
            out(args, {"ok": True, "grades": rows}, text)
            return 0
        course = _code_id(session, "courses", args.course)
        term = _code_id(session, "terms", args.term)
        if args.makeup is not None:
            academics.record_makeup(session, sid, course, term, score=args.makeup,
                                    exam_date=args.exam_date)  # fmt: skip
        elif args.retake is not None:
            retake_term = _code_id(session, "terms", args.retake_term) if args.retake_term else 0
            academics.record_retake(session, sid, course, term, score=args.retake,
                                    retake_term_id=retake_term)  # fmt: skip
        else:
            academics.record_grade(session, sid, course, term, score=args.score,
                                   grade_label=args.label or "", remark=args.remark)  # fmt: skip
        out(args, {"ok": True}, "ok")
        return 0
    except RecordInvalid as exc:
        return refusal(args, exc)


# -- health ---------------------------------------------------------------------------------


def cmd_health(args: argparse.Namespace, session: Session) -> int:
    """Exit 0 when the report ran: the findings are the output, not a failure."""
    from xueji_desktop.services import health

    report = health.health_report(session)
    findings = [
        {
            "kind": f.kind,
            "记录号": f.student_id,
            "学号": f.student_no,
            "姓名": f.name,
            "message": finding_text(f.kind, f.params),
            "params": f.params,
        }
        for f in report.findings
    ]
    lines = [f"{k}\t{n}" for k, n in sorted(report.counts.items()) if n]
    lines += [
        f"{d['学号'] or '#' + str(d['记录号'])}\t{d['姓名']}\t{d['message']}" for d in findings
    ]
    out(
        args,
        {"ok": True, "counts": report.counts, "findings": findings},
        "\n".join(lines) if findings else "没有发现问题。",
    )
    return 0
