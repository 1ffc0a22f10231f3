"""Every public service function checks the role first, and a locked session refuses it.

Unlike the hand-written matrix in test_roles.py, nothing here names the functions it checks: every
module of the ``xueji_desktop.services`` package is imported (``pkgutil``) and every public
function defined there whose first parameter is ``session`` is checked three ways:

1. statically: its first statement is ``session.require(Permission.X)`` (the permission may be a
   conditional expression whose branches are Permission members); a few documented exceptions
   are listed below with the reason;
2. locked: called with ``None`` for every required argument on a locked session it raises
   ArchiveLocked and changes nothing (the garbage arguments are never reached);
3. roles: for owner (admin+clerk), admin, clerk and viewer, a role without X gets PermissionDenied
   and nothing changes; a role with X does not get PermissionDenied (the ``None`` arguments may
   fail in any other way), unless the function makes a second, finer role decision (listed).

A new service module or function is covered the day it is written.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import inspect
import pkgutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import xueji_desktop.services as services_package
from tests.conftest import ADMIN, ADMIN_PASSWORD
from tests.records_fixtures import password_only_archive
from xueji_desktop.core.errors import ArchiveLocked, PermissionDenied
from xueji_desktop.core.roles import Permission, Role, allowed
from xueji_desktop.services.archive import login
from xueji_desktop.services.context import Session

# Modules that are the machinery under the use cases (opening, keys, the audit chain, row
# helpers taking a connection, demo data): they take a handle, a layout or a connection, not a
# session, and are reached only through the checked functions.
INFRASTRUCTURE = frozenset({"archive", "auth", "audit", "context", "slots", "record_rows", "demo"})

# The only session-taking public functions of those modules, with why they need no role check.
# A new one fails test_infrastructure_takes_no_session_unnoticed.
INFRASTRUCTURE_SESSION_FUNCTIONS: dict[str, str] = {
    "archive.reauthenticate": "it is the password check itself, called by admin actions after "
    "their session.require; its authority is the password",
}

# Public session-taking service functions that need no role check, with the reason. They may not
# touch ``session.archive`` (checked), so they cannot read or write data.
EXEMPT: dict[str, str] = {
    "search.sees_full_id_numbers": "a predicate on session.roles (may this user see full ID "
    "numbers?) that other services call after their own check; it reads no data",
}

# Functions whose first statement is another form of the check: name -> (the statement exactly
# as ast.unparse prints it, the permission it stands for, why).
OTHER_FIRST_STATEMENTS: dict[str, tuple[str, Permission, str]] = {
    "users.change_own_password": (
        "if session.locked:\n    session.require(Permission.READ_RECORDS)",
        Permission.READ_RECORDS,
        "every role may change its own password (the authority is the current password, "
        "checked next); a locked session is still refused",
    ),
    "session_lock.unlock_session": (
        "if not session.locked:\n    session.require(Permission.READ_RECORDS)\n    return",
        Permission.READ_RECORDS,
        "an unlocked session has nothing to unlock; a locked one is opened by the same user's "
        "password alone (archive.reauthenticate, throttled), never by a role",
    ),
}

# Functions that take a locked session as their input rather than refusing it, with why.
# tests/services/test_session_lock.py checks what they do on a locked session.
UNLOCKERS: dict[str, str] = {
    "session_lock.unlock_session": "it ends the lock: its authority is the password",
}

# Helpers that may stand as the first statement instead of session.require, called with
# ``session`` first: helper name -> (the permissions it requires, why). None today.
REQUIRE_HELPERS: dict[str, tuple[frozenset[Permission], str]] = {}

# Functions that, after session.require, make a second, finer role decision and so may raise
# PermissionDenied for a role that holds the first permission.
FINER_ROLE_DECISION: dict[str, str] = {
    "students.edit_student": "an admin (CORRECT_RECORDS) may edit only locked records (students "
    "who have left); other records need a clerk (WRITE_RECORDS)",
    "users.reset_password": "an admin may not reset their own password this way",
}

# Functions that must be found, so an enumeration bug cannot make every test here vacuous. Bare
# names: a function moved to another service module (the records modules are being split) is
# still found.
KNOWN = frozenset(
    {
        "list_students",
        "get_student",
        "add_student",
        "edit_student",
        "void_student",
        "field_history",
        "confirm_student",
        "correct_number",
        "record_change",
        "revoke_change",
        "graduate",
        "record_grade",
        "add_class_group",
        "add_award",
        "attach",
        "add_user",
        "rotate_recovery_code",
        "check_archive",
    }
)

# role name -> (account roles, user name, password); "owner" is the admin+clerk made at creation
ACCOUNTS: dict[str, tuple[frozenset[Role], str, str]] = {
    "owner": (frozenset({Role.ADMIN, Role.CLERK}), ADMIN, ADMIN_PASSWORD),
    "admin": (frozenset({Role.ADMIN}), "head-admin", "admin-only-passphrase"),
    "clerk": (frozenset({Role.CLERK}), "clerk", "clerk-passphrase-1"),
    "viewer": (frozenset({Role.VIEWER}), "viewer", "viewer-passphrase-1"),
}
ROLES = tuple(ACCOUNTS)


# -- enumeration --------------------------------------------------------------------------------


def _public_functions(module_name: str) -> Iterator[tuple[str, Callable[..., Any]]]:
    module = importlib.import_module(f"{services_package.__name__}.{module_name}")
    for name, fn in inspect.getmembers(module, inspect.isfunction):
        if fn.__module__ == module.__name__ and not name.startswith("_"):
            yield f"{module_name}.{name}", fn


def _takes_session_first(fn: Callable[..., Any]) -> bool:
    params = list(inspect.signature(fn).parameters)
    return bool(params) and params[0] == "session"


def service_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(services_package.__path__))


def session_functions() -> dict[str, Callable[..., Any]]:
    """'module.function' -> function, for every checked module (modules without one add none)."""
    found: dict[str, Callable[..., Any]] = {}
    for module_name in service_modules():
        if module_name in INFRASTRUCTURE:
            continue
        for name, fn in _public_functions(module_name):
            if _takes_session_first(fn):
                found[name] = fn
    return found


FUNCTIONS = session_functions()
CHECKED = sorted(set(FUNCTIONS) - set(EXEMPT))


def test_enumeration_finds_the_known_functions() -> None:
    names = {qualified.rsplit(".", 1)[1] for qualified in FUNCTIONS}
    missing = KNOWN - names
    assert not missing, f"not enumerated (renamed?): {sorted(missing)}"
    assert len(CHECKED) >= len(KNOWN)


def test_allow_lists_are_not_stale() -> None:
    for table in (EXEMPT, OTHER_FIRST_STATEMENTS, FINER_ROLE_DECISION, UNLOCKERS):
        stale = set(table) - set(FUNCTIONS)
        assert not stale, f"no longer public session functions: {sorted(stale)}"
    assert not set(EXEMPT) & (set(OTHER_FIRST_STATEMENTS) | set(FINER_ROLE_DECISION))
    assert set(service_modules()) >= INFRASTRUCTURE, "an excluded module no longer exists"


def test_infrastructure_takes_no_session_unnoticed() -> None:
    found = {
        name
        for module_name in sorted(INFRASTRUCTURE)
        for name, fn in _public_functions(module_name)
        if _takes_session_first(fn)
    }
    assert found == set(INFRASTRUCTURE_SESSION_FUNCTIONS)


@pytest.mark.parametrize("name", sorted(EXEMPT))
def test_exempt_functions_touch_no_data(name: str) -> None:
    assert "session.archive" not in inspect.getsource(FUNCTIONS[name])


# -- 1. the first statement ---------------------------------------------------------------------


def _body(fn: Callable[..., Any]) -> list[ast.stmt]:
    """The function's statements without its docstring and leading function-local imports
    (those break import cycles, e.g. graduation <-> status_changes; they read no argument and
    change nothing)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    node = tree.body[0]
    assert isinstance(node, ast.FunctionDef), "decorated or not a plain function"
    body = list(node.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    while body and isinstance(body[0], ast.Import | ast.ImportFrom):
        body = body[1:]
    return body


def _permissions(node: ast.expr) -> frozenset[Permission] | None:
    """``Permission.X`` -> {X}; ``Permission.X if cond else Permission.Y`` -> {X, Y}."""
    if isinstance(node, ast.IfExp):
        body, orelse = _permissions(node.body), _permissions(node.orelse)
        return None if body is None or orelse is None else body | orelse
    if (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Permission"
        and node.attr in Permission.__members__
    ):
        return frozenset({Permission[node.attr]})
    return None


def required_permissions(name: str) -> frozenset[Permission]:
    """The permissions the function's first statement requires; fails naming the statement."""
    body = _body(FUNCTIONS[name])
    assert body, f"{name} has no statements"
    first = body[0]
    shown = ast.unparse(first)
    if name in OTHER_FIRST_STATEMENTS:
        expected, permission, _why = OTHER_FIRST_STATEMENTS[name]
        assert shown == expected, f"{name}: the allowed first statement changed to {shown!r}"
        return frozenset({permission})
    call = first.value if isinstance(first, ast.Expr) else None
    if isinstance(call, ast.Call) and call.args and not call.keywords:
        arg = call.args[0]
        func = call.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "require"
            and isinstance(func.value, ast.Name)
            and func.value.id == "session"
            and len(call.args) == 1
        ):
            found = _permissions(arg)
            if found is not None:
                return found
        if (
            isinstance(func, ast.Name)
            and func.id in REQUIRE_HELPERS
            and isinstance(arg, ast.Name)
            and arg.id == "session"
        ):
            return REQUIRE_HELPERS[func.id][0]
    pytest.fail(
        f"{name} must start with session.require(Permission.X); its first statement is:\n"
        + textwrap.indent(shown, "    ")
    )


@pytest.mark.parametrize("name", CHECKED)
def test_first_statement_is_the_role_check(name: str) -> None:
    assert required_permissions(name)


# -- the archive the calls run on ---------------------------------------------------------------


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Session]]:
    """One archive (password-only: no keyring) and one logged-in session per role, shared by
    every call here: each call is compared only with the state just before it."""
    root = tmp_path_factory.mktemp("roles-generic") / "archive"
    others = [(user, pw, roles) for role, (roles, user, pw) in ACCOUNTS.items() if role != "owner"]
    password_only_archive(root, others).session.close()
    opened = {role: login(root, user, pw) for role, (_r, user, pw) in ACCOUNTS.items()}
    for role, session in opened.items():
        assert session.roles == ACCOUNTS[role][0]
    yield opened
    for session in opened.values():
        session.close()


def _call_with_nones(name: str, session: Session) -> Any:
    """``None`` for every required argument after ``session``; defaults left alone."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    params = list(inspect.signature(FUNCTIONS[name]).parameters.values())[1:]
    for p in params:
        if p.default is not inspect.Parameter.empty:
            continue
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            args.append(None)
        elif p.kind is p.KEYWORD_ONLY:
            kwargs[p.name] = None
    return FUNCTIONS[name](session, *args, **kwargs)


def _fingerprint(session: Session) -> tuple[int, str]:
    """Audit entries and a hash of every archive file (path and content)."""
    conn = session.archive.db.conn
    entries = int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])
    root: Path = session.archive.layout.root
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.name.endswith("-shm"):  # readers mark the WAL index; it holds no data
            continue
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return entries, digest.hexdigest()


# -- 2. a locked session ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(set(CHECKED) - set(UNLOCKERS)))
def test_locked_session_refuses(sessions: dict[str, Session], name: str, role: str) -> None:
    session = sessions[role]
    before = _fingerprint(session)
    session.locked = True
    try:
        with pytest.raises(ArchiveLocked):
            _call_with_nones(name, session)
    finally:
        session.locked = False
    assert _fingerprint(session) == before


# -- 3. the roles -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", CHECKED)
def test_roles(sessions: dict[str, Session], name: str, role: str) -> None:
    session = sessions[role]
    permissions = required_permissions(name)
    # a conditional check is passed by a role that holds any of its branches' permissions
    may = any(allowed(session.roles, p) for p in permissions)
    if not may:
        before = _fingerprint(session)
        with pytest.raises(PermissionDenied):
            _call_with_nones(name, session)
        assert _fingerprint(session) == before
        return
    try:
        _call_with_nones(name, session)
    except PermissionDenied:
        if name not in FINER_ROLE_DECISION:
            pytest.fail(f"{name} refused {role}, who holds {sorted(permissions)}")
    except ArchiveLocked:
        pytest.fail(f"{name} says locked on an unlocked session")
    except Exception:  # the None arguments may fail in any other way
        pass


def test_a_denied_role_really_fails_here(sessions: dict[str, Session]) -> None:
    """The harness can fail: a viewer adding a student is refused, a clerk is not."""
    assert not allowed(sessions["viewer"].roles, Permission.WRITE_RECORDS)
    with pytest.raises(PermissionDenied):
        _call_with_nones("students.add_student", sessions["viewer"])
    assert required_permissions("students.add_student") == {Permission.WRITE_RECORDS}
    assert required_permissions("students.edit_student") == {
        Permission.WRITE_RECORDS,
        Permission.CORRECT_RECORDS,
    }
