"""``xueji status-change …``, ``xueji grades …`` and ``xueji health``."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Mapping
from typing import Any

from xueji_desktop.cli_input import (
    class_id,
    column,
    guarded,
    out,
    resolve_student,
)
from xueji_desktop.cli_records import UsageError
from xueji_desktop.core.errors import NotFound
from xueji_desktop.core.lifecycle import SPECS
from xueji_desktop.core.template import KIND_LABELS, REPORT_STATUS_LABELS, STATUS_LABELS
from xueji_desktop.messages import cli_text, finding_title, language
from xueji_desktop.problem_text import finding_text
from xueji_desktop.services.context import Session

# 学籍异动 details given as options: detail key -> option.
_DETAIL_OPTIONS = {
    "expected_return_date": "--expected-return-date",
    "class_group_id": "--class",
    "major_code": "--major",
    "to_school": "--to-school",
    "from_school": "--from-school",
    "diploma_no": "--diploma-no",
    "remark": "--remark",
}
_CHANGE_LABELS = {"class_group_id": "班级名称", "major_code": "专业", "status": "学籍状态"}
_DETAIL_LABELS = {
    "expected_return_date": "预计复学日期",
    "class_group_id": "班级",
    "major_code": "专业",
    "to_school": "转往学校",
    "from_school": "原就读学校",
    "diploma_no": "毕业证书编号",
    "remark": "备注",
}


def _details(args: argparse.Namespace, session: Session) -> dict[str, Any]:
    """The event's details from the options; an option the kind does not take is a usage error."""
    spec = SPECS[args.kind]
    given = {
        "expected_return_date": args.expected_return_date,
        "class_group_id": args.class_group,
        "major_code": args.major,
        "to_school": args.to_school,
        "from_school": args.from_school,
        "diploma_no": args.diploma_no,
        "remark": args.remark,
    }
    kind = KIND_LABELS[args.kind] if language() == "zh" else args.kind
    details: dict[str, Any] = {}
    for key, value in given.items():
        if value is None:
            continue
        if key not in (*spec.required_details, *spec.optional_details):
            raise UsageError(
                cli_text("detail_not_for_kind", kind=kind, option=_DETAIL_OPTIONS[key])
            )
        details[key] = value
    for key in spec.required_details:
        if key not in details:
            raise UsageError(cli_text("detail_required", kind=kind, option=_DETAIL_OPTIONS[key]))
    if "class_group_id" in details:
        details["class_group_id"] = class_id(session, details["class_group_id"])
    return details


def change_json(c: Any, class_names: Mapping[int, str]) -> dict[str, Any]:
    details = {
        _DETAIL_LABELS.get(k, k): class_names.get(v, v) if k == "class_group_id" else v
        for k, v in c.details.items()
    }
    return {
        "异动号": c.id,
        "异动类别": KIND_LABELS.get(c.kind, c.kind),
        "类别代码": c.category_code,
        "原因代码": c.reason_code,
        "生效日期": c.effective_date,
        "批准文号": c.document_no,
        "审批人": c.approver,
        "异动前状态": STATUS_LABELS.get(c.status_before, "（新建）"),
        "异动后状态": STATUS_LABELS.get(c.status_after, c.status_after),
        "上报状态": REPORT_STATUS_LABELS.get(c.report_status, c.report_status),
        "退回原因": c.returned_reason,
        "已撤销": c.revoked,
        "撤销原因": c.revoke_reason,
        "内容": details,
    }


def _change_add(args: argparse.Namespace, session: Session) -> int:
    from xueji_desktop.services import status_changes as sc

    sid = resolve_student(session, args.student)
    details = _details(args, session)
    if args.change_command == "preview":
        p = sc.preview_change(session, sid, args.kind, details)
        changes = [
            {"项目": _CHANGE_LABELS.get(c.field) or column(c.field), "原值": c.old_label,
             "新值": c.new_label}
            for c in p.changes
        ]  # fmt: skip
        before = STATUS_LABELS.get(p.status_before, "（新建）")
        after = STATUS_LABELS.get(p.status_after, p.status_after)
        payload = {"ok": True, "异动类别": KIND_LABELS[args.kind], "异动前状态": before,
                   "异动后状态": after, "changes": changes}  # fmt: skip
        lines = [cli_text("preview_status", before=before, after=after)]
        lines += [
            f"{c['项目']}：{c['原值']} → {c['新值']}" for c in changes if c["项目"] != "学籍状态"
        ]
        out(args, payload, "\n".join(lines))
        return 0
    change_id = sc.record_change(
        session,
        sid,
        args.kind,
        effective_date=args.date,
        details=details,
        reason_code=args.reason_code,
        document_no=args.document_no,
        approver=args.approver,
    )
    out(args, {"ok": True, "异动号": change_id}, cli_text("change_recorded", id=change_id))
    return 0


def _change_other(args: argparse.Namespace, session: Session) -> int:
    from xueji_desktop.services import status_changes as sc
    from xueji_desktop.services import structure

    verb = args.change_command
    if verb == "revoke":
        sc.revoke_change(session, args.change_id, args.reason)
        out(args, {"ok": True}, cli_text("change_revoked"))
    elif verb == "report":
        sc.set_change_report_status(session, args.change_id, args.status, reason=args.reason)
        label = REPORT_STATUS_LABELS[args.status]
        out(args, {"ok": True, "上报状态": label}, cli_text("report_set", status=label))
    else:
        names = {g.id: g.name for g in structure.list_class_groups(session)}
        sid = resolve_student(session, args.student)
        rows = [change_json(c, names) for c in sc.list_changes(session, sid)]
        text = "\n".join(
            f"{r['异动号']}\t{r['生效日期']}\t{r['异动类别']}\t{r['上报状态']}"
            + ("\t已撤销" if r["已撤销"] else "")
            for r in rows
        )
        out(args, {"ok": True, "changes": rows}, text or cli_text("no_changes"))
    return 0


@guarded
def cmd_status_change(args: argparse.Namespace, session: Session) -> int:
    if args.change_command in ("add", "preview"):
        return _change_add(args, session)
    return _change_other(args, session)


# -- grades ---------------------------------------------------------------------------------


@guarded
def cmd_grades(args: argparse.Namespace, session: Session) -> int:
    from xueji_desktop.services import academics

    sid = resolve_student(session, args.student)
    if args.grades_command == "show":
        rows = [
            {"学期": g.term_code, "课程代码": g.course_code, "课程": g.course_name,
             "学分": g.credits, "成绩": g.score, "等级": g.grade_label, "补考": g.makeup_score,
             "补考日期": g.makeup_date, "重修": g.retake_score, "通过": g.passed}
            for g in academics.grades_for_student(session, sid)
        ]  # fmt: skip
        text = "\n".join(
            f"{r['学期']}\t{r['课程']}\t{_num(r['成绩']) if r['成绩'] is not None else r['等级']}"
            + (f"\t补考 {_num(r['补考'])}" if r["补考"] is not None else "")
            + (f"\t重修 {_num(r['重修'])}" if r["重修"] is not None else "")
            for r in rows
        )
        out(args, {"ok": True, "grades": rows}, text or cli_text("no_grades"))
        return 0
    if args.makeup is not None and not args.exam_date:
        raise UsageError(cli_text("needs_exam_date"))
    if args.retake is not None and not args.retake_term:
        raise UsageError(cli_text("needs_retake_term"))
    course, term = _course_id(session, args.course), _term_id(session, args.term)
    if args.makeup is not None:
        academics.record_makeup(session, sid, course, term, score=args.makeup,
                                exam_date=args.exam_date)  # fmt: skip
    elif args.retake is not None:
        academics.record_retake(session, sid, course, term, score=args.retake,
                                retake_term_id=_term_id(session, args.retake_term))  # fmt: skip
    else:
        academics.record_grade(session, sid, course, term, score=args.score,
                               grade_label=args.label or "", remark=args.remark)  # fmt: skip
    out(args, {"ok": True}, cli_text("saved"))
    return 0


def _num(value: float) -> str:
    return f"{value:g}"


# -- health ---------------------------------------------------------------------------------


@guarded
def cmd_health(args: argparse.Namespace, session: Session) -> int:
    """Exit 0 when the report ran: the findings are the output, not a failure."""
    from xueji_desktop.services import health

    report = health.health_report(session)
    findings = [
        {
            "code": f.kind,
            "类别": finding_title(f.kind, "zh"),
            "记录号": f.student_id,
            "学号": f.student_no,
            "姓名": f.name,
            "message": finding_text(f.kind, f.params),
            "params": f.params,
        }
        for f in report.findings
    ]
    payload = {"ok": True, "complete": report.complete, "counts": report.counts,
               "findings": findings}  # fmt: skip
    if not findings:
        out(args, payload, cli_text("no_findings"))
        return 0
    lines = [] if report.complete else [cli_text("report_cancelled")]
    lines.append(cli_text("findings_total", count=len(findings)))
    for kind, count in report.counts.items():
        if count:
            lines.append(f"{finding_title(kind)}：{count}")
    lines += [
        f"{d['学号'] or '#' + str(d['记录号'])}\t{d['姓名']}\t{d['message']}" for d in findings
    ]
    out(args, payload, "\n".join(lines))
    return 0


def _term_id(session: Session, code: str) -> int:
    from xueji_desktop.services import structure

    return _by_code(structure.list_terms(session), code, "term")


def _course_id(session: Session, code: str) -> int:
    from xueji_desktop.services import courses

    return _by_code(courses.list_courses(session), code, "course")


def _by_code(items: Iterable[Any], code: str, kind: str) -> int:
    """The id of the term or course whose code or name is ``code``."""
    for item in items:
        if code.strip() in (item.code, item.name):
            return int(item.id)
    raise NotFound(kind=kind, id=code[:40])
