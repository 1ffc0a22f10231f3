"""What the record commands share: reading ``--from-json`` files, naming a student or a class,
and printing results and refusals (cli_records has the contract)."""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xueji_desktop.core.errors import (
    InputFileError,
    NotFound,
    PermissionDenied,
    ValidationError,
    XuejiError,
)
from xueji_desktop.core.problems import Problem
from xueji_desktop.core.template import field_label
from xueji_desktop.messages import field_name, message_for
from xueji_desktop.problem_text import problem_text
from xueji_desktop.services import students
from xueji_desktop.services.context import Session

MAX_JSON_BYTES = 1_000_000  # one record is a few kB; anything near this is the wrong file

Handler = Callable[[argparse.Namespace, Session], int]


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


def class_id(session: Session, name: str | None) -> int | None:
    from xueji_desktop.services import structure

    if name is None:
        return None
    for group in structure.list_class_groups(session):
        if group.name == name.strip():
            return group.id
    raise NotFound(kind="class_group", id=name[:40])


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


def usage_checked(
    usage_problem: Callable[[argparse.Namespace], str],
    run: Callable[[argparse.Namespace, Any], int],
) -> Callable[[argparse.Namespace, Any], int]:
    """``run`` after ``usage_problem(args)`` found nothing: checks that need several arguments,
    made before the archive is opened (a wrong one exits 2 with the sentence)."""
    from xueji_desktop.cli_records import UsageError

    def precheck(args: argparse.Namespace, secrets: Any) -> int:
        problem = usage_problem(args)
        if problem:
            raise UsageError(problem)
        return run(args, secrets)

    return precheck
