"""``xueji student|status-change|grades|health``: the record services on the command line.

JSON in and out is keyed by the national template's Chinese column names (学号, 姓名, 身份证件号 …)
with labels as values (codes are accepted on input). A student is named by 学号, 学籍号, an old
(corrected) number, or ``#<记录号>`` (drafts have no 学号 yet). Arguments that are malformed
(a bad date, an unknown kind) are usage errors (exit 2); refusals by the archive exit 1 and, with
``--json``, print ``{"ok": false, "error", "message", "problems": [{"field", "code", "message"}]}``.
Clerks and admins see full ID numbers in ``student show``; viewers see them masked. The contract
is docs/design/cli.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import stat
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from xueji_desktop.core.errors import (
    InputFileError,
    NotFound,
    PermissionDenied,
    ValidationError,
    XuejiError,
)
from xueji_desktop.core.fields import FAMILY_KEY
from xueji_desktop.core.grading import GRADE_LABELS
from xueji_desktop.core.lifecycle import SPECS
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.template import (
    EXTRA_LABELS,
    KIND_LABELS,
    REPORT_STATUS_LABELS,
    STATUS_LABELS,
    field_label,
    to_template,
)
from xueji_desktop.messages import cli_text, field_name, finding_title, language, message_for
from xueji_desktop.problem_text import finding_text, problem_text
from xueji_desktop.services import registration, students
from xueji_desktop.services.context import Session

MAX_JSON_BYTES = 1_000_000  # one record is a few kB; anything near this is the wrong file
MAX_LIMIT = 5000
MAX_ID = 2**62  # SQLite integers; a longer number can name no record

Handler = Callable[[argparse.Namespace, Session], int]


class UsageError(Exception):
    """A malformed command line found after parsing (exit status 2)."""


# -- argument types (argparse turns ArgumentTypeError into "xueji: argument …", exit 2) ---------


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(cli_text("bad_limit", value=text[:40]))
    return value


def _date(text: str) -> str:
    try:
        if len(text) != 10:
            raise ValueError(text)
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(cli_text("bad_date", value=text[:40])) from None


def _named(labels: Mapping[str, str], key: str) -> Callable[[str], str]:
    """A value given as its stored name or its Chinese label -> the stored name."""

    def parse(text: str) -> str:
        for name, label in labels.items():
            if text.strip() in (name, label):
                return name
        choices = "、".join(labels.values()) if language() == "zh" else ", ".join(labels)
        raise argparse.ArgumentTypeError(cli_text(key, value=text[:40], choices=choices))

    return parse


def _score(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(cli_text("bad_score", value=text[:40]))
    return value


def _year(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(cli_text("bad_year", value=text[:40]))
    return int(text)


def _record_id(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) < MAX_ID:
        raise argparse.ArgumentTypeError(cli_text("bad_number", value=text[:40]))
    return int(text)


_KIND = _named(KIND_LABELS, "bad_kind")
_STATUS = _named(STATUS_LABELS, "bad_status")
_REPORT = {k: v for k, v in REPORT_STATUS_LABELS.items() if k != "draft"}
_NUMBERS = {"student_no": "学号", "registry_no": "学籍号"}
# 学籍异动 details given as options: detail key -> (option, dest).
_DETAIL_OPTIONS = {
    "expected_return_date": "--expected-return-date",
    "class_group_id": "--class",
    "major_code": "--major",
    "to_school": "--to-school",
    "from_school": "--from-school",
    "diploma_no": "--diploma-no",
    "remark": "--remark",
}


def add_parsers(sub: Any, cmd: Callable[[Any, str, str], argparse.ArgumentParser]) -> None:
    st = cmd(sub, "student", "student records")
    ssub = st.add_subparsers(dest="student_command", required=True, parser_class=type(st))
    sp = cmd(ssub, "add", "add a record (a draft) from a JSON file keyed by template columns")
    sp.add_argument("--from-json", required=True, metavar="FILE")
    sp.add_argument("--confirm", action="store_true", help="confirm it at once (assigns 学号)")
    sp = cmd(ssub, "list", "list students")
    sp.add_argument("--class", dest="class_group", metavar="CLASS", help="class name")
    sp.add_argument("--status", type=_STATUS, help="e.g. 在籍, 休学, 毕业 (or enrolled …)")
    sp.add_argument("--limit", type=_limit, default=200, help="1 to 5000 (default 200)")
    sp = cmd(ssub, "show", "show one record")
    sp.add_argument("student", metavar="STUDENT", help="学号, 学籍号 or #记录号")
    sp.add_argument("--history", action="store_true", help="also the field-level history")
    sp = cmd(ssub, "edit", "change fields (a confirmed record needs --reason)")
    sp.add_argument("student", metavar="STUDENT")
    sp.add_argument("--from-json", required=True, metavar="FILE")
    sp.add_argument("--reason", default="")
    sp = cmd(ssub, "search", "search by 学号, 学籍号, name, 拼音, 首字母 or part of an ID number")
    sp.add_argument("text")
    sp.add_argument("--class", dest="class_group", metavar="CLASS")
    sp.add_argument("--status", type=_STATUS)
    sp.add_argument("--intake-year", type=_year, help="e.g. 2025")
    sp.add_argument("--include-voided", action="store_true")
    sp.add_argument("--limit", type=_limit, default=50)
    sp = cmd(ssub, "void", "void (作废) a record entered by mistake")
    sp.add_argument("student", metavar="STUDENT")
    sp.add_argument("--reason", required=True)
    sp = cmd(ssub, "confirm", "信息核对确认: check completeness and assign the 学号")
    sp.add_argument("student", metavar="STUDENT")
    sp = cmd(ssub, "report", "set 上报状态: 已上报, 已核准 or 退回 (with --reason)")
    sp.add_argument("student", metavar="STUDENT")
    sp.add_argument("status", type=_named(_REPORT, "bad_choice"))
    sp.add_argument("--reason", default="")
    sp = cmd(ssub, "correct-number", "admin: correct 学号 or 学籍号 (the old one stays findable)")
    sp.add_argument("student", metavar="STUDENT")
    sp.add_argument("number", type=_named(_NUMBERS, "bad_choice"), help="学号 or 学籍号")
    sp.add_argument("new_value")
    sp.add_argument("--reason", required=True)

    sc = cmd(sub, "status-change", "学籍异动: record, preview, revoke, list")
    csub = sc.add_subparsers(dest="change_command", required=True, parser_class=type(sc))
    for verb, text in (("add", "record a 学籍异动"), ("preview", "show what it would change")):
        sp = cmd(csub, verb, text)
        sp.add_argument("student", metavar="STUDENT")
        sp.add_argument("--kind", required=True, type=_KIND, help="e.g. 休学, 复学, 转专业, 调班")
        sp.add_argument("--expected-return-date", type=_date, help="休学: YYYY-MM-DD")
        sp.add_argument("--class", dest="class_group", metavar="CLASS", help="the new class")
        sp.add_argument("--major", metavar="CODE", help="转专业: the new major's code")
        sp.add_argument("--to-school", help="转出: the school")
        sp.add_argument("--from-school", help="转入: the previous school")
        sp.add_argument("--diploma-no", help="毕业: a diploma number (else from the pattern)")
        sp.add_argument("--remark")
        if verb == "add":
            sp.add_argument("--date", required=True, type=_date, help="effective date YYYY-MM-DD")
            sp.add_argument("--reason-code", default="", help="JY/T 1001 学籍异动原因 (code)")
            sp.add_argument("--document-no", default="", help="approval document number")
            sp.add_argument("--approver", default="")
    sp = cmd(csub, "revoke", "撤销异动: restore the state before it (with --reason)")
    sp.add_argument("change_id", type=_record_id, metavar="CHANGE_ID")
    sp.add_argument("--reason", required=True)
    sp = cmd(csub, "list", "the 学籍异动 of a student")
    sp.add_argument("student", metavar="STUDENT")
    sp = cmd(csub, "report", "set the 上报状态 of an event")
    sp.add_argument("change_id", type=_record_id, metavar="CHANGE_ID")
    sp.add_argument("status", type=_named(REPORT_STATUS_LABELS, "bad_choice"))
    sp.add_argument("--reason", default="")

    gr = cmd(sub, "grades", "grades (成绩): show a transcript, record a result")
    gsub = gr.add_subparsers(dest="grades_command", required=True, parser_class=type(gr))
    sp = cmd(gsub, "show", "every grade of a student, with 补考/重修 and whether passed")
    sp.add_argument("student", metavar="STUDENT")
    sp = cmd(gsub, "set", "record a score (or a grade label) for a course and term")
    sp.add_argument("student", metavar="STUDENT")
    sp.add_argument("--course", required=True, metavar="CODE")
    sp.add_argument("--term", required=True, metavar="CODE", help="e.g. 2025-2026-1")
    what = sp.add_mutually_exclusive_group(required=True)
    what.add_argument("--score", type=_score)
    what.add_argument("--label", choices=GRADE_LABELS, help="、".join(GRADE_LABELS))
    what.add_argument("--makeup", type=_score, help="补考 score (with --exam-date)")
    what.add_argument("--retake", type=_score, help="重修 score (with --retake-term)")
    sp.add_argument("--exam-date", type=_date)
    sp.add_argument("--retake-term", metavar="CODE")
    sp.add_argument("--remark", default="")

    cmd(sub, "health", "the data-health report over the whole archive (数据体检)")


# -- input files ------------------------------------------------------------------------------


def read_json_file(path_text: str) -> Any:
    """The parsed file; InputFileError when it is missing, not a file, too big, not UTF-8 text
    or not complete JSON. Nothing else is touched."""
    path = Path(path_text).expanduser()
    try:
        with path.open("rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):  # a FIFO or a device could block or never end
                raise InputFileError(reason="unreadable", path=path_text)
            if info.st_size > MAX_JSON_BYTES:
                raise InputFileError(reason="too_big", path=path_text, limit_mb=_mb())
            data = f.read(MAX_JSON_BYTES + 1)
    except FileNotFoundError:
        raise InputFileError(reason="missing", path=path_text) from None
    except OSError:  # a folder, no permission, a name the system refuses
        raise InputFileError(reason="unreadable", path=path_text) from None
    if len(data) > MAX_JSON_BYTES:  # grew while we read it
        raise InputFileError(reason="too_big", path=path_text, limit_mb=_mb())
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(reason="not_utf8", path=path_text) from None
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # ValueError: bad JSON, or a 5,000-digit number
        raise InputFileError(reason="not_json", path=path_text) from None
    if not _valid_text(value):
        # "\ud800" escapes decode to lone surrogates, which no UTF-8 database column can hold
        raise InputFileError(reason="not_utf8", path=path_text)
    return value


def _mb() -> int:
    return MAX_JSON_BYTES // 1_000_000


def _valid_text(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return False
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def read_record(path_text: str) -> dict[str, Any]:
    data = read_json_file(path_text)
    # The output of ``student show --json`` is accepted as it is.
    if (
        isinstance(data, dict)
        and isinstance(data.get("student"), dict)
        and set(data) <= {"ok", "student", "history"}
    ):
        data = data["student"]
    if not isinstance(data, dict):
        raise InputFileError(reason="not_object", path=path_text)
    return data


# -- naming things ------------------------------------------------------------------------------


def resolve_student(session: Session, text: str) -> int:
    """学号, 学籍号, an old (corrected) number, or #<记录号> -> the record id."""
    text = text.strip()
    number = text[1:]
    if text.startswith("#") and number.isascii() and number.isdigit() and len(number) < 19:
        return int(number)
    return students.find_by_number(session, text)


def _class_id(session: Session, name: str | None) -> int | None:
    from xueji_desktop.services import structure

    if name is None:
        return None
    for group in structure.list_class_groups(session):
        if group.name == name.strip():
            return group.id
    raise NotFound(kind="class_group", id=name[:40])


def _term_id(session: Session, code: str) -> int:
    from xueji_desktop.services import structure

    for term in structure.list_terms(session):
        if code.strip() in (term.code, term.name):
            return term.id
    raise NotFound(kind="term", id=code[:40])


def _course_id(session: Session, code: str) -> int:
    from xueji_desktop.services import courses

    for course in courses.list_courses(session):
        if code.strip() in (course.code, course.name):
            return course.id
    raise NotFound(kind="course", id=code[:40])


def column(field: str) -> str:
    """The Chinese column name of a field in JSON output (template label, else its name)."""
    label = field_label(field)
    if label != field or not field.isascii():  # a column the user wrote stays as written
        return label
    return field_name(field, "zh")


# -- output -----------------------------------------------------------------------------------


def problem_json(problem: Problem) -> dict[str, str]:
    return {
        "field": column(problem.field),
        "code": problem.code,
        "severity": problem.severity,
        "message": problem_text(problem),
    }


def refusal(args: argparse.Namespace, exc: XuejiError) -> int:
    """A refusal: with --json one JSON object on stdout, else the sentence (and one line per
    problem) on stderr. Exit status 1."""
    missing = exc.fields.get("missing")  # NotEligible: what the student lacks
    problems = getattr(exc, "problems", None) or (missing if isinstance(missing, list) else [])
    docs = [problem_json(p) for p in problems if isinstance(p, Problem)]
    if isinstance(exc, ValidationError):
        field = str(exc.fields.get("field", ""))
        code = str(exc.fields.get("reason", ""))
        docs = [{"field": column(field), "code": code, "severity": "error",
                 "message": message_for(exc)}]  # fmt: skip
    if getattr(args, "json", False):
        doc = {"ok": False, "error": exc.code, "message": message_for(exc), "problems": docs}
        print(json.dumps(doc, ensure_ascii=False, sort_keys=True))
    else:
        lines = [message_for(exc)]
        if not isinstance(exc, ValidationError):
            lines += [f"  {d['field']}：{d['message']}" for d in docs]
        sys.stderr.write("\n".join(lines) + "\n")
    return 1


def out(args: argparse.Namespace, payload: dict[str, Any], text: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str))
    elif text:
        print(text)


def guarded(handler: Handler) -> Handler:
    """Run a record command; a refusal by the archive becomes exit 1 (``refusal``). Not being
    allowed stays an authentication refusal (exit 3, in cli.main)."""

    def run(args: argparse.Namespace, session: Session) -> int:
        try:
            return handler(args, session)
        except PermissionDenied:
            raise
        except XuejiError as exc:
            return refusal(args, exc)

    return run


# -- student ------------------------------------------------------------------------------


def _add(args: argparse.Namespace, session: Session) -> int:
    record = read_record(args.from_json)
    number = None
    # One transaction: with --confirm, a record that cannot be confirmed is not saved either.
    with session.archive.db.atomic():
        saved = students.add_student(session, record)
        if args.confirm:
            number = registration.confirm_student(session, saved.student_id)
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
    _class_id(session, args.class_group)  # an unknown class is an error, not an empty list
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
        class_group_id=_class_id(session, args.class_group),
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


# -- status-change --------------------------------------------------------------------------

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
        details["class_group_id"] = _class_id(session, details["class_group_id"])
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
