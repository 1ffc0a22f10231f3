"""Every typed error any module raises reads as a sentence a clerk understands, in zh and en.

The raise sites are found by reading the source (ast), so a new error, reason, action, kind or
field without its own sentence in messages.py fails here. A keyword value is resolved when it is
a string literal, a module constant, both branches of ``a if c else b``, the returns of a helper
(``reason=_refusal(...)``), a PatternError reason (``reason=exc.reason``), a parameter of the
enclosing function (the literals its callers pass, and its default), or an f-string with a known
prefix (``details.{key}``, ``rules.{key}``, ``report_{status}``). Anything else gets a sample.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from xueji_desktop import messages
from xueji_desktop.core import errors, lifecycle
from xueji_desktop.core.errors import XuejiError
from xueji_desktop.messages import cli_text, message_for, message_key, unfilled_placeholders

SRC = Path(__file__).resolve().parents[1] / "src" / "xueji_desktop"
CJK = re.compile(r"[\u4e00-\u9fff]")
# Internal names a clerk must never read: snake_case words, dotted paths, programmer words.
INTERNAL = re.compile(r"\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z_]+\b|\bJSON\b|\bkind\b|\bNone\b")
SAMPLE = "A-1"
INT_FIELDS = {"count", "id", "retry_after", "seq", "student_id", "course_id", "term_id"}

ERROR_CLASSES: dict[str, type[XuejiError]] = {
    name: cls
    for name, cls in vars(errors).items()
    if isinstance(cls, type) and issubclass(cls, XuejiError)
}
# Codes whose sentence must depend on the value of this field whenever a raiser gives a literal.
DISCRIMINATED = {
    "drive_not_enrolled": ("reason",),
    "drive_unavailable": ("reason",),
    "drive_full": ("reason",),
    "no_backup": ("reason",),
    "illegal_transition": ("reason",),
    "input_file": ("reason",),
    "sheet_unreadable": ("reason",),
    "invalid_id_number": ("reason",),
    "password_rejected": ("reason",),
    "record_locked": ("reason",),
    "reason_required": ("action",),
    "not_found": ("kind",),
    "record_voided": ("kind",),
    "duplicate_record": ("field", "kind"),
    "number_fixed": ("field",),
}
# f-string prefixes the source builds field or kind names with, and what they expand to.
PREFIXES: dict[str, list[str]] = {
    "details.": sorted(
        {k for s in lifecycle.SPECS.values() for k in (*s.required_details, *s.optional_details)}
        | {"zzz"}  # a key a user made up
    ),
    "rules.": [*sorted(lifecycle.BUILTIN_GRADUATION_RULES), "zzz"],
    "report_": list(lifecycle.REPORT_STATUSES),
    "blobs/": ["0123456789ab"],  # which blob of a backup failed (never shown in a sentence)
}


@dataclass(frozen=True)
class Site:
    where: str
    cls: str
    fields: dict[str, object]
    literal: frozenset[str]  # the fields whose value came from the source, not a sample
    complete: bool  # False when the call passes **kwargs (placeholders cannot be checked)


# -- reading the source ------------------------------------------------------------------------


def _modules() -> list[tuple[str, ast.Module]]:
    return [
        (str(p.relative_to(SRC)), ast.parse(p.read_text("utf-8")))
        for p in sorted(SRC.rglob("*.py"))
    ]


MODULES = _modules()


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _constants() -> dict[str, str]:
    out: dict[str, str] = {}
    for _, tree in MODULES:
        for node in tree.body:
            if not isinstance(node, ast.Assign):
                continue
            pairs: list[tuple[ast.expr, ast.expr]] = [(t, node.value) for t in node.targets]
            if isinstance(node.value, ast.Tuple):  # _TABLE, _KIND = "…", "…"
                for target in node.targets:
                    if isinstance(target, ast.Tuple):
                        pairs += list(zip(target.elts, node.value.elts, strict=False))
            for target, value in pairs:
                if (
                    isinstance(target, ast.Name)
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                ):
                    out[target.id] = value.value
    return out


CONSTANTS = _constants()
FUNCTIONS: dict[str, list[ast.FunctionDef]] = {}
for _, _tree in MODULES:
    for _node in ast.walk(_tree):
        if isinstance(_node, ast.FunctionDef):
            FUNCTIONS.setdefault(_node.name, []).append(_node)
PATTERN_REASONS = sorted(
    {
        n.args[0].value
        for _, tree in MODULES
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and _call_name(n) == "PatternError"
        and n.args
        and isinstance(n.args[0], ast.Constant)
    }
)


def _parents(tree: ast.Module) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


PARENTS = {id(tree): _parents(tree) for _, tree in MODULES}
CALLS: dict[str, list[tuple[ast.Call, dict[ast.AST, ast.AST]]]] = {}
for _, _tree in MODULES:
    for _call in ast.walk(_tree):
        if isinstance(_call, ast.Call) and _call_name(_call):
            CALLS.setdefault(str(_call_name(_call)), []).append((_call, PARENTS[id(_tree)]))


def _enclosing_function(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> ast.FunctionDef | None:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.FunctionDef):
            return node
    return None


def _caller_values(func: ast.FunctionDef, param: str, depth: int) -> list[str] | None:
    """The values callers pass for ``param`` of ``func`` (by position or keyword)."""
    names = [a.arg for a in (*func.args.posonlyargs, *func.args.args)]
    if param not in names and param not in [a.arg for a in func.args.kwonlyargs]:
        return None
    index = names.index(param) if param in names else None
    values: list[str] = []
    default = _default(func, param)
    if default is not None:
        values += _resolve(default, None, {}, depth + 1) or []
    for call, parents in CALLS.get(func.name, []):
        given: ast.expr | None = None
        if index is not None and index < len(call.args):
            given = call.args[index]
        for kw in call.keywords:
            if kw.arg == param:
                given = kw.value
        if given is not None:
            caller = _enclosing_function(call, parents)
            values += _resolve(given, caller, parents, depth + 1) or [SAMPLE]
    return values or None


def _default(func: ast.FunctionDef, param: str) -> ast.expr | None:
    positional = [*func.args.posonlyargs, *func.args.args]
    defaults = dict(zip([a.arg for a in positional[-len(func.args.defaults) :]],
                        func.args.defaults, strict=True)) if func.args.defaults else {}  # fmt: skip
    for arg, value in zip(func.args.kwonlyargs, func.args.kw_defaults, strict=True):
        if value is not None:
            defaults[arg.arg] = value
    return defaults.get(param)


def _resolve(
    node: ast.expr, func: ast.FunctionDef | None, parents: dict[ast.AST, ast.AST], depth: int = 0
) -> list[str] | None:
    """The string values ``node`` can take, or None when the source does not say."""
    if depth > 4:
        return None
    if isinstance(node, ast.Constant):
        return [node.value] if isinstance(node.value, str) else None
    if isinstance(node, ast.IfExp):
        a = _resolve(node.body, func, parents, depth)
        b = _resolve(node.orelse, func, parents, depth)
        return None if a is None or b is None else a + b
    if isinstance(node, ast.Attribute) and node.attr == "reason":
        return PATTERN_REASONS  # ``reason=exc.reason``: a core.numbering.PatternError
    if isinstance(node, ast.JoinedStr):
        head = node.values[0]
        prefix = head.value if isinstance(head, ast.Constant) else ""
        assert prefix in PREFIXES, f"teach this test the f-string prefix {prefix!r}"
        return [prefix + v for v in PREFIXES[prefix]]
    if isinstance(node, ast.Call) and _call_name(node) in FUNCTIONS:
        returns = [
            r.value.value
            for f in FUNCTIONS[str(_call_name(node))]
            for r in ast.walk(f)
            if isinstance(r, ast.Return)
            and isinstance(r.value, ast.Constant)
            and isinstance(r.value.value, str)
        ]
        return returns or None
    if isinstance(node, ast.Name):
        if func is not None:
            found = _caller_values(func, node.id, depth)
            if found is not None:
                return found
        if node.id in CONSTANTS:
            return [CONSTANTS[node.id]]
    return None


def _sites() -> Iterator[Site]:
    for rel, tree in MODULES:
        parents = PARENTS[id(tree)]
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _call_name(node) in ERROR_CLASSES):
                continue
            cls = str(_call_name(node))
            func = _enclosing_function(node, parents)
            options: dict[str, list[object]] = {}
            literal: set[str] = set()
            complete = True
            for kw in node.keywords:
                if kw.arg is None:
                    complete = False
                    continue
                # ``detail`` is a developer's note for the log, never part of a sentence.
                values = None if kw.arg == "detail" else _resolve(kw.value, func, parents)
                if values is None:
                    options[kw.arg] = [2 if kw.arg in INT_FIELDS else SAMPLE]
                else:
                    options[kw.arg] = list(dict.fromkeys(values))
                    literal.add(kw.arg)
            names = list(options)
            for combo in itertools.product(*options.values()):
                yield Site(f"{rel}:{node.lineno}", cls, dict(zip(names, combo, strict=True)),
                           frozenset(literal), complete)  # fmt: skip


SITES = list(_sites())


def _error(site: Site) -> XuejiError:
    cls = ERROR_CLASSES[site.cls]
    if site.cls in ("RecordInvalid",):
        return cls(problems=[])  # type: ignore[call-arg]
    if site.cls == "InvalidIdNumber":
        return cls(reason=str(site.fields.get("reason", "")), value="11010519491231002X")  # type: ignore[call-arg]
    if site.cls == "InputFileError":
        return cls(**{"path": SAMPLE, "reason": "", **site.fields})  # type: ignore[arg-type]
    return cls(**site.fields)


# -- the tests -----------------------------------------------------------------------------------


def test_the_scan_finds_the_records_refusals() -> None:
    seen = {(s.cls, str(s.fields.get("reason", ""))) for s in SITES}
    assert {
        ("IllegalTransition", "not_latest"),
        ("IllegalTransition", "already_left"),  # through lifecycle._refusal
        ("IllegalTransition", "needs_one_year"),
        ("ValidationError", "before_previous_event"),
        ("ValidationError", "seq_width"),  # through PatternError
        ("ValidationError", "range"),  # through lifecycle_checks._bad
        ("InputFileError", "not_object"),
    } <= seen
    fields = {str(s.fields.get("field")) for s in SITES if s.cls == "ValidationError"}
    assert {"effective_date", "document_no", "details.expected_return_date",
            "rules.min_credits", "student_no_pattern"} <= fields  # fmt: skip
    assert len(SITES) > 150


@pytest.mark.parametrize("name", sorted(ERROR_CLASSES))
def test_every_error_class_has_its_own_sentence(name: str) -> None:
    cls = ERROR_CLASSES[name]
    if cls is XuejiError:
        return
    bare = cls.__new__(cls)
    XuejiError.__init__(bare)
    assert message_key(bare) == cls.code, f"{name} ({cls.code}) has no sentence in messages.py"


def _site_id(site: Site) -> str:
    return f"{site.where}:{site.cls}:{sorted(site.fields.items())}"


@pytest.mark.parametrize("site", SITES, ids=_site_id)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_raise_reads_as_a_sentence(site: Site, lang: str) -> None:
    error = _error(site)
    key = message_key(error)
    assert key, f"{site.where}: {site.cls}{site.fields} falls back to the generic sentence"
    if error.code == "validation" and "reason" in site.literal:
        assert key != "validation", f"{site.where}: reason {site.fields['reason']!r} has no text"
    for name in DISCRIMINATED.get(error.code, ()):
        value = site.fields.get(name)
        if name in site.literal and value and value != SAMPLE:
            assert key == f"{error.code}:{value}", f"{site.where}: {name}={value!r} has no text"
    if site.complete:
        assert unfilled_placeholders(error, lang) == [], site.where
    text = message_for(error, lang)
    assert "{" not in text and "}" not in text, text
    assert not INTERNAL.search(text), f"{site.where}: internal name in {text!r}"
    if lang == "zh":
        assert CJK.search(text), text
    else:
        # Chinese in quotes is the file's own text (a sheet's header names), shown as written.
        assert not CJK.search(re.sub("“[^”]*”", "", text)), text
        assert len(re.findall(r"[A-Za-z]+", text)) >= 3, text


def test_every_literal_field_has_a_name_a_clerk_knows() -> None:
    for site in SITES:
        if "field" not in site.literal or site.fields.get("field") in ("", SAMPLE):
            continue
        field = str(site.fields["field"])
        for lang in ("zh", "en"):
            name = messages.field_name(field, lang)
            assert name not in ("填写的内容", "A value"), f"{site.where}: {field!r} has no name"
            assert not INTERNAL.search(name), f"{site.where}: {field!r} -> {name!r}"


@pytest.mark.parametrize("key", sorted(messages.CLI_TEXTS))
def test_every_command_line_sentence_is_complete(key: str) -> None:
    params = {"value": SAMPLE, "choices": SAMPLE, "id": 3, "student_no": "2025001",
              "fields": SAMPLE, "text": SAMPLE, "who": SAMPLE, "status": SAMPLE, "before": SAMPLE,
              "after": SAMPLE, "count": 2, "kind": SAMPLE, "option": "--class"}  # fmt: skip
    for lang in ("zh", "en"):
        text = cli_text(key, lang, **params)
        assert "{" not in text and "}" not in text, text
        assert bool(CJK.search(text)) == (lang == "zh"), text


def test_the_sentences_name_the_student_state_and_event() -> None:
    error = errors.IllegalTransition(kind="leave_of_absence", status="graduated",
                                     reason="already_left")  # fmt: skip
    assert "毕业" in message_for(error, "zh") and "休学" in message_for(error, "zh")
    assert "graduated" in message_for(error, "en")
    assert "leave of absence" in message_for(error, "en")
    missing = errors.NotFound(kind="student", id="2025999")
    assert "2025999" in message_for(missing, "zh")
    late = errors.ValidationError(field="effective_date", reason="future")
    assert message_for(late, "zh") == "生效日期不能晚于今天。"
    assert message_for(late, "en") == "The effective date cannot be in the future."


def test_a_message_missing_a_field_is_caught() -> None:
    # The check can fail: a raiser that forgets ``count`` leaves {count} unfilled.
    error = errors.IllegalTransition(kind="studied_without_completing", status="enrolled",
                                     reason="failed_courses")  # fmt: skip
    assert unfilled_placeholders(error, "zh") == ["count"]
