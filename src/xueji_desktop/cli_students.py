"""``xueji student …``: add, list, show, edit, search, void, confirm, report, correct-number."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from xueji_desktop.cli_input import (
    Handler,
    class_id,
    column,
    guarded,
    out,
    problem_json,
    read_record,
    resolve_student,
)
from xueji_desktop.core.errors import RecordInvalid
from xueji_desktop.core.fields import FAMILY_KEY
from xueji_desktop.core.template import (
    EXTRA_LABELS,
    REPORT_STATUS_LABELS,
    STATUS_LABELS,
    to_template,
)
from xueji_desktop.messages import cli_text, language
from xueji_desktop.problem_text import finding_text, problem_text
from xueji_desktop.services import registration, students
from xueji_desktop.services.context import Session


def _add(args: argparse.Namespace, session: Session) -> int:
    record = read_record(args.from_json)
    number = None
    # One transaction: with --confirm, a record that cannot be confirmed is not saved either.
    with session.archive.db.atomic():
        saved = students.add_student(session, record)
        if args.confirm:
            try:
                number = registration.confirm_student(session, saved.student_id)
            except RecordInvalid as exc:  # rolled back with the add: nothing is saved
                raise RecordInvalid(exc.problems) from None
    dupes = [
        finding_text("likely_duplicate", {"reason": ",".join(d.reasons),
                                          "others": f"#{d.student_id}"})
        for d in saved.likely_duplicates
    ]  # fmt: skip
    payload = {
        "ok": True,
        "记录号": saved.student_id,
        "学号": number,
        "上报状态": REPORT_STATUS_LABELS["confirmed" if number else "draft"],
        "missing": [column(m) for m in saved.missing],
        "warnings": [problem_json(p) for p in saved.warnings],
        "likely_duplicates": [
            {"记录号": d.student_id, "message": text}
            for d, text in zip(saved.likely_duplicates, dupes, strict=True)
        ],
    }
    if number:
        lines = [cli_text("saved_confirmed", id=saved.student_id, student_no=number)]
    else:
        lines = [cli_text("saved_draft", id=saved.student_id)]
    if saved.missing:
        sep = "、" if language() == "zh" else ", "
        lines.append(cli_text("still_empty", fields=sep.join(column(m) for m in saved.missing)))
    lines += [cli_text("note", text=problem_text(p)) for p in saved.warnings]
    lines += [cli_text("note", text=t) for t in dupes]
    out(args, payload, "\n".join(lines))
    return 0


def _row_json(r: students.StudentRow) -> dict[str, Any]:
    from xueji_desktop.core import codes

    return {
        "记录号": r.id,
        "学号": r.student_no,
        "姓名": r.name,
        "性别": codes.label_of("gender", r.gender) or r.gender,
        "出生日期": r.birth_date,
        "身份证件号": r.id_number,
        "专业": r.major,
        "班级名称": r.class_group,
        "学籍状态": STATUS_LABELS.get(r.status, r.status),
        "上报状态": REPORT_STATUS_LABELS.get(r.report_status, r.report_status),
    }


def _row_text(d: Mapping[str, Any]) -> str:
    number = d["学号"] or f"#{d['记录号']}"
    return "\t".join(
        str(x) for x in (number, d["姓名"], d["班级名称"], d["学籍状态"], d["上报状态"])
    )


def _list(args: argparse.Namespace, session: Session) -> int:
    class_id(session, args.class_group)  # an unknown class is an error, not an empty list
    rows = students.list_students(
        session, class_group=args.class_group, status=args.status, limit=args.limit
    )
    docs = [_row_json(r) for r in rows]
    text = "\n".join(_row_text(d) for d in docs) or cli_text("no_students")
    out(args, {"ok": True, "students": docs}, text)
    return 0


def _show(args: argparse.Namespace, session: Session) -> int:
    sid = resolve_student(session, args.student)
    doc = to_template(students.get_student(session, sid))
    payload: dict[str, Any] = {"ok": True, "student": doc}
    lines = [f"{k}：{v}" for k, v in doc.items() if v not in ("", [], None) and k != FAMILY_KEY]
    for n, member in enumerate(doc.get(FAMILY_KEY, []), start=1):
        shown = "，".join(f"{k} {v}" for k, v in member.items() if v not in ("", None))
        lines.append(f"{FAMILY_KEY}{n}：{shown}")
    if args.history:
        history = [
            {"时间": e.ts, "操作人": e.actor, "项目": column(e.field), "原值": e.old_value,
             "新值": e.new_value, "原因": e.reason, "类型": e.change_kind}
            for e in students.field_history(session, sid)
        ]  # fmt: skip
        payload["history"] = history
        lines += [
            f"{h['时间']}\t{h['操作人']}\t{h['项目']}：{h['原值'] or ''} → {h['新值'] or ''}"
            + (f"（{h['原因']}）" if h["原因"] else "")
            for h in history
        ]
    out(args, payload, "\n".join(lines))
    return 0


def _edit(args: argparse.Namespace, session: Session) -> int:
    sid = resolve_student(session, args.student)
    changes = read_record(args.from_json)
    # Read-only columns of ``show --json`` (记录号, 学籍状态 …) may come back unchanged.
    shown = to_template(students.get_student(session, sid))
    for label in EXTRA_LABELS.values():
        if label in changes and changes[label] == shown.get(label):
            del changes[label]
    saved = students.edit_student(session, sid, changes, reason=args.reason)
    payload = {
        "ok": True,
        "记录号": sid,
        "missing": [column(m) for m in saved.missing],
        "warnings": [problem_json(p) for p in saved.warnings],
    }
    lines = [cli_text("saved")] + [cli_text("note", text=problem_text(p)) for p in saved.warnings]
    out(args, payload, "\n".join(lines))
    return 0


def _search(args: argparse.Namespace, session: Session) -> int:
    from xueji_desktop.services import search

    hits = search.search_students(
        session,
        args.text,
        class_group_id=class_id(session, args.class_group),
        status=args.status,
        intake_year=args.intake_year,
        include_voided=args.include_voided,
        limit=args.limit,
    )
    ids = students.identifiers(session, [h.student_id for h in hits])
    docs = [
        {
            "记录号": h.student_id,
            "学号": h.student_no,
            "学籍号": ids.get(h.student_id, ("", h.registry_no))[1],
            "姓名": h.name,
            "曾用名": h.former_name,
            "班级名称": h.class_name,
            "学籍状态": STATUS_LABELS.get(h.status, h.status),
            "上报状态": REPORT_STATUS_LABELS.get(h.report_status, h.report_status),
            "身份证件号": ids.get(h.student_id, (h.id_number_masked, ""))[0],
            "已作废": h.voided,
        }
        for h in hits
    ]
    text = "\n".join(_row_text(d) for d in docs) or cli_text("no_students")
    out(args, {"ok": True, "students": docs}, text)
    return 0


def _void(args: argparse.Namespace, session: Session) -> int:
    students.void_student(session, resolve_student(session, args.student), args.reason)
    out(args, {"ok": True}, cli_text("voided"))
    return 0


def _confirm(args: argparse.Namespace, session: Session) -> int:
    number = registration.confirm_student(session, resolve_student(session, args.student))
    out(args, {"ok": True, "学号": number}, cli_text("confirmed", student_no=number))
    return 0


def _report(args: argparse.Namespace, session: Session) -> int:
    sid = resolve_student(session, args.student)
    registration.set_report_status(session, sid, args.status, reason=args.reason)
    label = REPORT_STATUS_LABELS[args.status]
    out(args, {"ok": True, "上报状态": label}, cli_text("report_set", status=label))
    return 0


def _correct(args: argparse.Namespace, session: Session) -> int:
    sid = resolve_student(session, args.student)
    registration.correct_number(session, sid, args.number, args.new_value, reason=args.reason)
    out(args, {"ok": True}, cli_text("number_corrected"))
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


@guarded
def cmd_student(args: argparse.Namespace, session: Session) -> int:
    return _STUDENT[args.student_command](args, session)
