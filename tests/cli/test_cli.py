"""The ``xueji`` command: its contract (issue #2, §5) in-process and in a few real processes.

In-process runs call ``cli.main(argv, stdin=...)`` against archives made with fast KDF parameters
(``init``, ``user add``/``passwd`` and ``recovery rotate`` use the production ones, as shipped).
Real processes run with the ``fail`` keyring backend, like a headless Linux box.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import (
    ADMIN,
    ADMIN_PASSWORD,
    CLERK,
    CLERK_PASSWORD,
    SCHOOL,
    MemoryKeyring,
    add_clerk,
)
from xueji_desktop import cli
from xueji_desktop.core import recovery_code
from xueji_desktop.core.errors import AccountLocked, LoginThrottled, WrongCredentials
from xueji_desktop.services.archive import Created, login
from xueji_desktop.storage.layout import ArchiveLayout, read_meta

CODE_LINE = re.compile(r"^recovery code: [A-Z2-7]{5}(-[A-Z2-7]{5}){5}$")
CHECK_KEYS = {"ok", "problems", "tables", "content_hash", "audit_head"}
WRONG_EN = "The user name or password is not correct."
WRONG_ZH = "用户名或密码不正确。"

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(autouse=True)
def cli_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for var in ("XUEJI_USER", "XUEJI_ARCHIVE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XUEJI_LANG", "en")
    mask = os.umask(0o022)  # cli.main sets the umask of the whole process: put it back
    os.umask(mask)
    yield
    os.umask(mask)


@pytest.fixture
def run(capfd: pytest.CaptureFixture[str]) -> Run:
    """``run(*argv, stdin="")`` -> (exit status, stdout, stderr); fd-level, so C libraries'
    writes to stderr would show up too."""

    def _run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        capfd.readouterr()
        rc = cli.main(list(argv), stdin=io.StringIO(stdin))
        out, err = capfd.readouterr()
        return rc, out, err

    return _run


@pytest.fixture
def arch(archive: Created) -> Path:
    """A bound archive (fast KDF) with the admin only, closed."""
    root = archive.session.archive.layout.root
    archive.session.close()
    return root


def snapshot(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def key_files(root: Path) -> dict[str, str]:
    snap = snapshot(root)
    return {k: v for k, v in snap.items() if k in ("xueji.db", "keyslots.json")}


def one_line_error(err: str) -> str:
    assert "Traceback" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].strip(), err
    return lines[0]


def login_args(root: Path, user: str = ADMIN) -> list[str]:
    return ["--archive", str(root), "--user", user, "--password-stdin"]


# -- init ---------------------------------------------------------------------------------------


def test_init_prints_one_line_the_recovery_code(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "new"
    rc, out, err = run(
        "--archive",
        str(root),
        "--password-stdin",
        "init",
        "--school",
        SCHOOL,
        "--admin",
        ADMIN,
        stdin=ADMIN_PASSWORD + "\n",
    )
    assert rc == 0, err
    lines = out.splitlines()
    assert len(lines) == 1 and CODE_LINE.match(lines[0]), out
    assert err == ""  # bound to the (in-memory) keyring: nothing to warn about
    assert ADMIN_PASSWORD not in out + err
    assert read_meta(ArchiveLayout(root)).binding == "keyring"
    code = lines[0].removeprefix("recovery code: ")
    rc, out, err = run(*login_args(root), "recovery", "verify", stdin=f"{ADMIN_PASSWORD}\n{code}\n")
    assert (rc, out) == (0, "recovery code: correct\n"), err


def test_init_refuses_a_weak_password_and_leaves_no_archive(run: Run, tmp_path: Path) -> None:
    root = tmp_path / "new"
    rc, out, err = run(
        "--archive", str(root), "init", "--school", SCHOOL, "--admin", ADMIN, stdin="password123\n"
    )
    assert rc == 1
    assert out == ""
    assert "password" in one_line_error(err).lower()
    assert not ArchiveLayout(root).exists()


def test_init_never_overwrites_an_archive(run: Run, arch: Path) -> None:
    before = snapshot(arch)
    rc, out, err = run(
        "--archive", str(arch), "init", "--school", "X", "--admin", ADMIN, stdin=ADMIN_PASSWORD
    )
    assert rc == 1 and out == ""
    assert "will not be overwritten" in one_line_error(err)
    assert snapshot(arch) == before


# -- global options, check ----------------------------------------------------------------------


def test_global_options_before_and_after_the_command(
    run: Run, arch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pw = ADMIN_PASSWORD + "\n"
    rc, out, err = run(
        "--archive", str(arch), "--user", ADMIN, "--password-stdin", "check", stdin=pw
    )
    assert (rc, out, err) == (0, "ok\n", "")

    rc, out, err = run(
        "check", "--archive", str(arch), "--user", ADMIN, "--password-stdin", "--json", stdin=pw
    )
    assert rc == 0, err
    assert set(json.loads(out)) == CHECK_KEYS

    rc, out, _ = run("--archive", str(arch), "check", "--user", ADMIN, "--json", stdin=pw)
    assert rc == 0 and json.loads(out)["ok"] is True

    rc, out, _ = run("--json", "user", "list", "--archive", str(arch), "--user", ADMIN, stdin=pw)
    assert rc == 0 and [u["name"] for u in json.loads(out)["users"]] == [ADMIN]

    monkeypatch.setenv("XUEJI_ARCHIVE", str(arch))  # the default archive
    rc, out, _ = run("--user", ADMIN, "check", stdin=pw)
    assert (rc, out) == (0, "ok\n")
    monkeypatch.setenv("XUEJI_USER", ADMIN)
    rc, out, _ = run("check", stdin=pw)
    assert (rc, out) == (0, "ok\n")


def test_check_json_shape(run: Run, arch: Path) -> None:
    rc, out, err = run(*login_args(arch), "--json", "check", stdin=ADMIN_PASSWORD + "\n")
    assert rc == 0, err
    doc = json.loads(out)
    assert set(doc) == CHECK_KEYS
    assert doc["ok"] is True and doc["problems"] == []
    assert doc["tables"]["users"] == 1 and doc["tables"]["students"] == 0
    assert re.fullmatch(r"[0-9a-f]{64}", doc["content_hash"])
    # checked before anything is written: the head is still the archive_created entry
    assert set(doc["audit_head"]) == {"seq", "mac"} and doc["audit_head"]["seq"] >= 1


def test_check_reports_a_damaged_first_page_and_writes_nothing(run: Run, arch: Path) -> None:
    db = arch / "xueji.db"
    data = bytearray(db.read_bytes())
    data[100] ^= 0x01
    db.write_bytes(bytes(data))
    before = key_files(arch)
    rc, out, err = run(*login_args(arch), "check", stdin=ADMIN_PASSWORD + "\n")
    assert rc == 1 and err == ""  # no SQLCipher log lines on stderr either
    assert out.startswith("problem: open:")
    assert key_files(arch) == before


def test_check_json_on_a_damaged_first_page(run: Run, arch: Path) -> None:
    """The password is right but the database does not open: a finding, reported as JSON."""
    db = arch / "xueji.db"
    data = bytearray(db.read_bytes())
    data[100] ^= 0x01
    db.write_bytes(bytes(data))
    rc, out, err = run(*login_args(arch), "--json", "check", stdin=ADMIN_PASSWORD + "\n")
    assert rc == 1 and err == ""
    doc = json.loads(out)
    assert set(doc) == CHECK_KEYS
    assert doc["ok"] is False and doc["problems"] and doc["problems"][0].startswith("open:")


def test_check_lists_a_bounded_number_of_lines_per_finding(run: Run, archive: Created) -> None:
    handle = archive.session.archive
    with handle.db.atomic() as conn:  # pages that login never reads
        conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?)",
            [(f"filler-{i:04d}", "x" * 300) for i in range(600)],
        )
    root = handle.layout.root
    archive.session.close()
    db = root / "xueji.db"
    data = bytearray(db.read_bytes())
    data[len(data) - 4096 * 3 + 50] ^= 0x04
    db.write_bytes(bytes(data))
    rc, out, _ = run(*login_args(root), "--json", "check", stdin=ADMIN_PASSWORD + "\n")
    assert rc == 1
    problems = json.loads(out)["problems"]
    assert any(p.startswith("cipher_integrity_check:") for p in problems), problems
    assert all("\n" not in p for p in problems)
    for name in ("quick_check", "integrity_check"):
        assert sum(p.startswith(name + ":") for p in problems) <= 6


# -- exit codes and one-line errors -------------------------------------------------------------


def test_usage_errors_exit_2(run: Run, arch: Path) -> None:
    cases = [
        (["frobnicate"], ""),
        (["--archive", str(arch), "check"], ADMIN_PASSWORD + "\n"),  # no --user
        ([*login_args(arch), "check"], ""),  # no password on stdin
        (["user", "add"], ""),  # no name
        (["recover"], ""),  # --recovery-code-stdin is required
    ]
    before = snapshot(arch)
    for argv, stdin in cases:
        rc, out, err = run(*argv, stdin=stdin)
        assert rc == 2, (argv, rc, err)
        assert out == ""
        one_line_error(err)
    assert snapshot(arch) == before  # refused before anything was opened
    # found after the login: still a usage error, and nobody was added
    argv = [*login_args(arch), "user", "add", "x", "--roles", "boss"]
    rc, out, err = run(*argv, stdin=ADMIN_PASSWORD + "\nsome-password-1\n")
    assert (rc, out) == (2, "")
    assert "boss" in one_line_error(err)
    assert key_files(arch)["keyslots.json"] == before["keyslots.json"]


def test_authentication_refused_exits_3(run: Run, arch: Path, archive: Created) -> None:
    before = key_files(arch)
    rc, out, err = run(*login_args(arch), "check", stdin="not-the-password\n")
    assert (rc, out) == (3, "")
    assert one_line_error(err) == WRONG_EN
    rc, out, err = run(*login_args(arch, "nobody"), "check", stdin=ADMIN_PASSWORD + "\n")
    assert (rc, out) == (3, "")
    assert one_line_error(err) == WRONG_EN  # never says whether the user exists

    wrong_code = recovery_code.generate()
    rc, out, err = run(
        "--archive",
        str(arch),
        "recover",
        "--recovery-code-stdin",
        stdin=f"{wrong_code}\nRecovered-Admin-Pass-3\n",
    )
    assert (rc, out) == (3, "")
    assert one_line_error(err) == "The recovery code is not correct."
    typo = archive.recovery_code[:-1] + ("A" if archive.recovery_code[-1] != "A" else "B")
    rc, _, err = run(
        "--archive", str(arch), "recover", "--recovery-code-stdin", stdin=f"{typo}\nWhatever-1234\n"
    )
    assert rc == 3
    assert "mistyped" in one_line_error(err)
    assert key_files(arch) == before


def test_a_clerk_asking_for_an_admin_command_exits_3(run: Run, archive: Created) -> None:
    add_clerk(archive)
    root = archive.session.archive.layout.root
    archive.session.close()
    rc, out, err = run(*login_args(root, CLERK), "user", "list", stdin=CLERK_PASSWORD + "\n")
    assert (rc, out) == (3, "")
    assert one_line_error(err) == "Your account is not allowed to do this."


def test_messages_follow_xueji_lang(run: Run, arch: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XUEJI_LANG", "en")
    _, _, err = run(*login_args(arch), "check", stdin="nope\n")
    assert one_line_error(err) == WRONG_EN
    monkeypatch.setenv("XUEJI_LANG", "zh")
    _, _, err = run(*login_args(arch), "check", stdin="nope\n")
    assert one_line_error(err) == WRONG_ZH
    monkeypatch.delenv("XUEJI_LANG")  # Chinese is the default
    _, _, err = run(*login_args(arch), "check", stdin="nope\n")
    assert one_line_error(err) == WRONG_ZH


# -- user, recovery, recover --------------------------------------------------------------------


def _lock_in_real_time(root: Path, user: str) -> None:
    """Ten failures on a clock that starts now, so the lock is still on for the real clock."""
    t = [time.time()]
    for _ in range(60):
        try:
            login(root, user, "wrong-wrong-wrong", clock=lambda: t[0])
        except LoginThrottled as exc:
            t[0] += float(exc.fields["retry_after"])  # type: ignore[arg-type]
        except AccountLocked:
            return
        except WrongCredentials:
            pass
    raise AssertionError("never locked")


def test_user_commands(run: Run, arch: Path) -> None:
    admin = login_args(arch)
    pw = ADMIN_PASSWORD + "\n"

    rc, out, err = run(*admin, "user", "add", CLERK, "--roles", "clerk", stdin=pw + CLERK_PASSWORD)
    assert (rc, out) == (0, "ok\n"), err
    rc, out, _ = run(*admin, "user", "list", stdin=pw)
    assert (rc, out) == (0, f"{ADMIN}\tadmin,clerk\n{CLERK}\tclerk\n")
    rc, out, _ = run(*admin, "--json", "user", "list", stdin=pw)
    users = {u["name"]: u for u in json.loads(out)["users"]}
    assert users[CLERK] == {
        "name": CLERK,
        "display_name": CLERK,
        "roles": "clerk",
        "disabled": False,
        "locked": False,
    }

    # an admin resets the clerk's password
    new_clerk = "clerk-new-passphrase"
    rc, out, err = run(*admin, "user", "passwd", CLERK, stdin=pw + new_clerk + "\n")
    assert (rc, out) == (0, "ok\n"), err
    assert run(*login_args(arch, CLERK), "check", stdin=new_clerk)[0] == 0
    assert run(*login_args(arch, CLERK), "check", stdin=CLERK_PASSWORD)[0] == 3

    # lock and unlock
    _lock_in_real_time(arch, CLERK)
    rc, out, _ = run(*admin, "user", "list", stdin=pw)
    assert f"{CLERK}\tclerk\tlocked" in out.splitlines()
    rc, _, err = run(*login_args(arch, CLERK), "check", stdin=new_clerk)
    assert rc == 3 and "locked" in one_line_error(err)
    assert run(*admin, "user", "unlock", CLERK, stdin=pw)[:2] == (0, "ok\n")
    assert run(*login_args(arch, CLERK), "check", stdin=new_clerk)[0] == 0

    # disable and enable
    assert run(*admin, "user", "disable", CLERK, stdin=pw)[:2] == (0, "ok\n")
    rc, _, err = run(*login_args(arch, CLERK), "check", stdin=new_clerk)
    assert rc == 3 and one_line_error(err) == (
        "This account has been disabled. Contact the administrator."
    )
    assert run(*admin, "user", "enable", CLERK, stdin=pw)[:2] == (0, "ok\n")
    assert run(*login_args(arch, CLERK), "check", stdin=new_clerk)[0] == 0

    # the admin changes their own password
    new_admin = "Another-Strong-Pass-77"
    rc, out, err = run(*admin, "user", "passwd", stdin=pw + new_admin + "\n")
    assert (rc, out) == (0, "ok\n"), err
    assert run(*admin, "check", stdin=new_admin)[0] == 0
    assert run(*admin, "check", stdin=pw)[0] == 3


def test_recovery_verify_and_rotate(run: Run, archive: Created) -> None:
    root = archive.session.archive.layout.root
    archive.session.close()
    old = archive.recovery_code
    admin = login_args(root)
    rc, out, _ = run(*admin, "recovery", "verify", stdin=f"{ADMIN_PASSWORD}\n{old.lower()}\n")
    assert (rc, out) == (0, "recovery code: correct\n")
    wrong = recovery_code.generate()
    rc, out, _ = run(*admin, "recovery", "verify", stdin=f"{ADMIN_PASSWORD}\n{wrong}\n")
    assert (rc, out) == (1, "recovery code: NOT correct\n")

    rc, out, err = run(*admin, "recovery", "rotate", stdin=ADMIN_PASSWORD + "\n")
    assert rc == 0, err
    lines = out.splitlines()
    assert len(lines) == 1 and CODE_LINE.match(lines[0])
    new = lines[0].removeprefix("recovery code: ")
    assert new != old
    rc, out, _ = run(*admin, "recovery", "verify", stdin=f"{ADMIN_PASSWORD}\n{old}\n")
    assert (rc, out) == (1, "recovery code: NOT correct\n")
    rc, out, _ = run(*admin, "--json", "recovery", "verify", stdin=f"{ADMIN_PASSWORD}\n{new}\n")
    assert (rc, json.loads(out)) == (0, {"ok": True})


def test_recover_with_the_keyring_emptied(
    run: Run, archive: Created, mem_keyring: MemoryKeyring
) -> None:
    root = archive.session.archive.layout.root
    archive.session.close()
    mem_keyring.store.clear()
    rc, _, err = run(*login_args(root), "check", stdin=ADMIN_PASSWORD + "\n")
    assert rc == 3
    assert "recovery code" in one_line_error(err)

    typed = archive.recovery_code.lower().replace("-", " ")
    new = "Recovered-Admin-Pass-3"
    rc, out, err = run(
        "--archive", str(root), "recover", "--recovery-code-stdin", stdin=f"{typed}\n{new}\n"
    )
    assert (rc, out) == (0, f"password set for {ADMIN}\n"), err
    assert run(*login_args(root), "check", stdin=new + "\n")[:2] == (0, "ok\n")

    rc, out, err = run(
        "--archive",
        str(root),
        "--json",
        "recover",
        "--recovery-code-stdin",
        "--admin",
        "principal",
        stdin=f"{archive.recovery_code}\n{new}\n",
    )
    assert rc == 0, err
    assert json.loads(out) == {"ok": True, "admin": "principal", "binding": "keyring"}
    assert run(*login_args(root, "principal"), "check", stdin=new + "\n")[0] == 0


# -- garbage ------------------------------------------------------------------------------------


def _not_an_archive(tmp_path: Path, arch: Path) -> Path:
    d = tmp_path / "photos"
    d.mkdir()
    (d / "holiday.jpg").write_bytes(os.urandom(300))
    return d


def _missing_dir(tmp_path: Path, arch: Path) -> Path:
    return tmp_path / "does-not-exist"


def _empty_meta(tmp_path: Path, arch: Path) -> Path:
    (arch / "archive.json").write_bytes(b"")
    return arch


def _nested_meta(tmp_path: Path, arch: Path) -> Path:
    (arch / "archive.json").write_bytes(b"[" * 100_000)
    return arch


def _random_keyslots(tmp_path: Path, arch: Path) -> Path:
    (arch / "keyslots.json").write_bytes(os.urandom(4096))
    return arch


def _huge_random_keyslots(tmp_path: Path, arch: Path) -> Path:
    (arch / "keyslots.json").write_bytes(os.urandom(10 * 1024 * 1024))
    return arch


def _huge_nested_keyslots(tmp_path: Path, arch: Path) -> Path:
    (arch / "keyslots.json").write_bytes(b"[" * (10 * 1024 * 1024))
    return arch


def _keyslots_wrong_shape(tmp_path: Path, arch: Path) -> Path:
    (arch / "keyslots.json").write_text(json.dumps({"format": "xueji-keyslots", "version": 1}))
    return arch


GARBAGE = {
    "not_an_archive": (_not_an_archive, "No archive was found"),
    "missing_dir": (_missing_dir, "No archive was found"),
    "empty_archive_json": (_empty_meta, "damaged or missing"),
    "nested_archive_json": (_nested_meta, "damaged or missing"),
    "random_keyslots": (_random_keyslots, "damaged or missing"),
    "huge_random_keyslots": (_huge_random_keyslots, "damaged or missing"),
    "huge_nested_keyslots": (_huge_nested_keyslots, "damaged or missing"),
    "keyslots_wrong_shape": (_keyslots_wrong_shape, "damaged or missing"),
}


@pytest.mark.parametrize("case", sorted(GARBAGE))
def test_garbage_gives_one_clear_line_and_changes_nothing(
    run: Run, arch: Path, tmp_path: Path, case: str
) -> None:
    make, expected = GARBAGE[case]
    root = make(tmp_path, arch)
    before = snapshot(root)
    for argv in (["check"], ["user", "list"], ["recovery", "verify"]):
        started = time.monotonic()
        rc, out, err = run(*login_args(root), *argv, stdin=f"{ADMIN_PASSWORD}\nAAAA\n")
        assert time.monotonic() - started < 5
        assert rc == 1, (argv, rc, err)
        assert out == ""
        line = one_line_error(err)
        assert expected in line, line
        assert "internal error" not in line
        assert snapshot(root) == before
    if case == "missing_dir":
        assert not root.exists()


# -- real processes -----------------------------------------------------------------------------


def _xueji_command() -> list[str]:
    script = Path(sys.executable).with_name("xueji")
    return [str(script)] if script.exists() else [sys.executable, "-m", "xueji_desktop.cli"]


def xueji(
    *argv: str, stdin: bytes | str = b"", module: bool = False
) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("XUEJI_USER", "XUEJI_ARCHIVE")}
    env.update(PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", XUEJI_LANG="en")
    cmd = [sys.executable, "-m", "xueji_desktop.cli"] if module else _xueji_command()
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run(
        [*cmd, *argv], input=data, capture_output=True, env=env, timeout=120, check=False
    )


def test_real_process_init_then_check(tmp_path: Path) -> None:
    root = tmp_path / "school"
    p = xueji(
        "--archive",
        str(root),
        "--password-stdin",
        "init",
        "--school",
        SCHOOL,
        "--admin",
        ADMIN,
        stdin=ADMIN_PASSWORD + "\n",
    )
    out, err = p.stdout.decode(), p.stderr.decode()
    assert p.returncode == 0, err
    lines = out.splitlines()
    assert len(lines) == 1 and CODE_LINE.match(lines[0]), out
    # no keyring here: the archive is password-only, and says so (on stderr, one line)
    assert "not tied to this computer" in one_line_error(err)
    assert read_meta(ArchiveLayout(root)).binding == "none"

    p = xueji(*login_args(root), "check", stdin=ADMIN_PASSWORD + "\n", module=True)
    assert (p.returncode, p.stdout, p.stderr) == (0, b"ok\n", b"")
    p = xueji("check", *login_args(root), "--json", stdin=ADMIN_PASSWORD + "\n")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert set(doc) == CHECK_KEYS and doc["ok"] is True


@pytest.mark.usefixtures("no_keyring")
def test_real_process_refusals(make_archive: Callable[..., Created], tmp_path: Path) -> None:
    created = make_archive()
    root = created.session.archive.layout.root
    created.session.close()
    before = snapshot(root)

    p = xueji(*login_args(root), "check", stdin="not-the-password\n")
    assert p.returncode == 3 and p.stdout == b""
    assert one_line_error(p.stderr.decode()) == WRONG_EN

    p = xueji("frobnicate")
    assert p.returncode == 2 and p.stdout == b""
    one_line_error(p.stderr.decode())

    junk = bytes(range(0x80, 0x100)) + bytes(range(0x80)) + b"\n"  # not UTF-8 from byte 1
    before = snapshot(root)
    p = xueji(*login_args(root), "check", stdin=junk)
    assert p.returncode == 2 and p.stdout == b""
    assert "standard input" in one_line_error(p.stderr.decode())
    assert snapshot(root) == before


def test_a_missing_line_on_stdin_is_named_in_words(
    arch: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # It was "expected package password on standard input", in English whatever the language.
    package = tmp_path / "t.xjpkg"
    package.write_bytes(b"not read: the package password is asked for first")
    import_args = ["transfer", "import", str(package), "--passphrase-stdin"]
    monkeypatch.setenv("XUEJI_LANG", "zh")
    rc, out, err = run(*login_args(arch), "check", stdin="")
    assert (rc, out) == (2, "")
    assert one_line_error(err) == "xueji: 没有从标准输入读到登录密码。请每行写一项，按顺序给出。"
    rc, out, err = run(*login_args(arch), *import_args, stdin=ADMIN_PASSWORD + "\n")
    assert (rc, out) == (2, "")
    assert one_line_error(err) == "xueji: 没有从标准输入读到包密码。请每行写一项，按顺序给出。"
    rc, _, err = run(*login_args(arch), "check", stdin="\udcff\udcfe\n")
    assert rc == 2 and "标准输入的内容不是文字（UTF-8），读不出登录密码" in one_line_error(err)
    monkeypatch.setenv("XUEJI_LANG", "en")
    rc, _, err = run(*login_args(arch), *import_args, stdin=ADMIN_PASSWORD + "\n")
    assert rc == 2
    assert one_line_error(err) == (
        "xueji: No package password on standard input. Give one per line, in order."
    )


def test_every_english_prompt_has_a_name_for_a_missing_line() -> None:
    src = Path(cli.__file__).parent
    prompts = {
        m.group(1)
        for f in src.glob("cli*.py")
        for m in re.finditer(r'\.read\("([^"]+)"\)', f.read_text(encoding="utf-8"))
    }
    assert "package password: " in prompts
    assert prompts <= set(cli._SECRET_NAMES), prompts - set(cli._SECRET_NAMES)


def test_real_process_demo(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    password = "Demo-Password-For-Tests-1"
    p = xueji("demo", str(root), "--seed", "3", "--password-stdin", stdin=password + "\n")
    assert p.returncode == 0, p.stderr
    out = p.stdout.decode()
    assert password not in out
    assert "students: 1200" in out.splitlines()
    assert sum(bool(CODE_LINE.match(line)) for line in out.splitlines()) == 1
    meta = read_meta(ArchiveLayout(root))
    assert meta.practice and meta.binding == "none"

    p = xueji("--json", *login_args(root), "check", stdin=password + "\n")
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    assert doc["ok"] is True and doc["tables"]["students"] == 1200


def test_init_binding_keyring_without_a_keyring_fails_plainly(
    run: Run, tmp_path: Path, no_keyring: None
) -> None:
    root = tmp_path / "a"
    rc, out, err = run(
        "--archive", str(root), "init", "--school", "某校", "--admin", "boss",
        "--binding", "keyring", stdin="a-long-admin-passphrase\n",
    )  # fmt: skip
    assert rc == 1 and out == ""
    line = one_line_error(err)
    assert "--binding none" in line and "恢复码" not in line
    assert not (root / "archive.json").exists()


def test_check_sees_a_removed_anchor_and_records_clean_checks(
    run: Run, arch: Path, mem_keyring: MemoryKeyring
) -> None:
    rc, _, _ = run(*login_args(arch), "check", stdin=ADMIN_PASSWORD + "\n")
    assert rc == 0
    anchor = next(k for k in mem_keyring.store if k[1].endswith(":audit-anchor"))
    del mem_keyring.store[anchor]
    rc, out, _ = run(*login_args(arch), "check", stdin=ADMIN_PASSWORD + "\n")
    assert rc == 1 and "anchor_absent" in out
    rc, out, _ = run(*login_args(arch), "audit", "reanchor", stdin=ADMIN_PASSWORD + "\n")
    assert rc == 0 and "anchored" in out
    rc, out, _ = run(*login_args(arch), "--json", "check", stdin=ADMIN_PASSWORD + "\n")
    assert rc == 0, out


def test_a_closed_output_pipe_ends_quietly(monkeypatch, capsys):
    """`xueji … | head`: the reader left; no 'internal error' line, exit 1."""
    from xueji_desktop import cli

    def broken(args, stdin):
        raise BrokenPipeError

    monkeypatch.setattr(cli, "run", broken)
    assert cli.main(["check", "--user", "admin"]) == 1
    assert capsys.readouterr().err == ""


# -- the recovery sheet -------------------------------------------------------------------------


def _pdf_text(path: Path) -> str:
    import pypdf

    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(path).pages)
    return "".join(text.split())  # the code's groups are spaced on paper


def test_init_writes_the_recovery_sheet_only_where_asked(run: Run, tmp_path: Path) -> None:
    root, sheet = tmp_path / "new", tmp_path / "sheet.pdf"
    rc, out, err = run("--archive", str(root), "--password-stdin", "init", "--school", SCHOOL,
                       "--admin", ADMIN, "--recovery-sheet", str(sheet),
                       stdin=ADMIN_PASSWORD + "\n")  # fmt: skip
    assert rc == 0, err
    code = out.splitlines()[0].removeprefix("recovery code: ")
    text = _pdf_text(sheet)
    assert code.replace("-", "") in text and SCHOOL in text
    assert read_meta(ArchiveLayout(root)).archive_id in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new", "sheet.pdf"]  # no temp file
    if os.name == "posix":
        assert sheet.stat().st_mode & 0o077 == 0
    # A new sheet after rotating the code; the old file is never overwritten.
    rc, out, err = run(*login_args(root), "recovery", "rotate", "--recovery-sheet", str(sheet),
                       stdin=ADMIN_PASSWORD + "\n")  # fmt: skip
    assert rc != 0 and "recovery code" not in out
    second = tmp_path / "sheet-2.pdf"
    rc, out, err = run(*login_args(root), "recovery", "rotate", "--recovery-sheet", str(second),
                       stdin=ADMIN_PASSWORD + "\n")  # fmt: skip
    assert rc == 0, err
    new_code = out.splitlines()[0].removeprefix("recovery code: ")
    assert new_code != code and new_code.replace("-", "") in _pdf_text(second)


@pytest.mark.parametrize("name", ["sheet.txt", "no-such-folder/sheet.pdf", "existing.pdf"])
def test_init_refuses_a_sheet_it_cannot_write_before_making_anything(
    run: Run, tmp_path: Path, name: str
) -> None:
    (tmp_path / "existing.pdf").write_bytes(b"keep me")
    root = tmp_path / "new"
    rc, out, err = run("--archive", str(root), "--password-stdin", "init", "--school", SCHOOL,
                       "--admin", ADMIN, "--recovery-sheet", str(tmp_path / name),
                       stdin=ADMIN_PASSWORD + "\n")  # fmt: skip
    assert rc != 0 and err
    assert "recovery code" not in out and not root.exists()
    assert (tmp_path / "existing.pdf").read_bytes() == b"keep me"
