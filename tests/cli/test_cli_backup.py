"""``xueji drive``, ``xueji backup`` and ``xueji restore`` (issue 7 §4) end to end: real archives in
tmp_path, a folder as the enrolled drive, real backups written, flipped and restored.

In-process runs call ``cli.main(argv, stdin=...)`` (in-memory keyring, fast KDF archives); one
scheduled backup runs as a real process with no keyring at all, as the task scheduler would.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
from tests.records_fixtures import insert_student, setup_structure
from xueji_desktop import cli
from xueji_desktop.core import recovery_code
from xueji_desktop.core.errors import DriveNotEnrolled, DriveUnavailable
from xueji_desktop.messages import message_for
from xueji_desktop.messages_cli_backup import CLI_BACKUP_TEXTS
from xueji_desktop.services.archive import Created, login
from xueji_desktop.storage.content_hash import content_hash
from xueji_desktop.storage.layout import ArchiveLayout, read_meta

Run = Callable[..., tuple[int, str, str]]
LIST_KEYS = {"path", "time", "verified", "content_hash"}
NEW_PASSWORD = "Restored-Admin-Pass-7"
README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(autouse=True)
def cli_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for var in ("XUEJI_USER", "XUEJI_ARCHIVE", "XUEJI_BACKUP_SEARCH"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XUEJI_LANG", "en")
    mask = os.umask(0o022)  # cli.main sets the umask of the whole process: put it back
    os.umask(mask)
    yield
    os.umask(mask)


@pytest.fixture
def run(capfd: pytest.CaptureFixture[str]) -> Run:
    """``run(*argv, stdin="")`` -> (exit status, stdout, stderr), captured at the fd level."""

    def _run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        capfd.readouterr()
        rc = cli.main(list(argv), stdin=io.StringIO(stdin))
        out, err = capfd.readouterr()
        return rc, out, err

    return _run


@dataclass
class Desk:
    """An archive with two students, a clerk, and one enrolled drive (a folder)."""

    root: Path
    drive: Path
    run: Run

    def as_user(
        self, *argv: str, user: str = ADMIN, password: str = ADMIN_PASSWORD, more: str = ""
    ) -> tuple[int, str, str]:
        args = ["--archive", str(self.root), "--user", user, "--password-stdin", *argv]
        return self.run(*args, stdin=f"{password}\n{more}")

    def plain(self, *argv: str, stdin: str = "") -> tuple[int, str, str]:
        return self.run("--archive", str(self.root), *argv, stdin=stdin)

    def listing(self) -> list[dict[str, Any]]:
        rc, out, err = self.as_user("backup", "list", "--drive", str(self.drive), "--json")
        assert (rc, err) == (0, ""), err
        doc = json.loads(out)
        assert isinstance(doc, list)
        return doc

    def signed_in_backup(self) -> dict[str, Any]:
        rc, out, err = self.as_user("backup", "--drive", str(self.drive), "--json")
        assert (rc, err) == (0, ""), (out, err)
        return json.loads(out)

    def live_hash(self) -> str:
        session = login(self.root, ADMIN, ADMIN_PASSWORD)
        try:
            return content_hash(session.archive.db.conn)
        finally:
            session.close()


def with_students(created: Created) -> Path:
    session = created.session
    ids = setup_structure(session)
    insert_student(session, ids["c1"], student_no="20257102019001", name="王小明")
    insert_student(session, ids["c1"], student_no="20257102019002", name="李娜")
    add_clerk(created)
    root = session.archive.layout.root
    session.close()
    return root


@pytest.fixture
def desk(archive: Created, run: Run, tmp_path: Path) -> Desk:
    drive = tmp_path / "usb"
    drive.mkdir()
    d = Desk(with_students(archive), drive, run)
    rc, out, err = d.as_user("drive", "enroll", str(drive), "--label", "备份盘1")
    assert rc == 0, err
    assert "备份盘1" in out
    return d


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def flip_byte(path: Path, at: float = 0.5) -> None:
    os.chmod(path, 0o600)
    data = bytearray(path.read_bytes())
    i = int(len(data) * at)
    data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def drive_files(drive: Path) -> set[str]:
    return {p.relative_to(drive).as_posix() for p in drive.rglob("*")}


# -- the sentences ------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(CLI_BACKUP_TEXTS))
def test_every_sentence_has_both_languages(key: str) -> None:
    zh, en = CLI_BACKUP_TEXTS[key]
    assert zh.strip() and en.strip()
    assert re.search(r"[\u4e00-\u9fff]", zh) or zh == en, key  # Chinese, or a layout only
    assert set(re.findall(r"{(\w+)}", zh)) == set(re.findall(r"{(\w+)}", en)), key
    for word in ("HMAC", "manifest", "keyring", "WAL", "key slot"):
        assert word not in en, (key, word)


# -- the command line ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "verb", "drive"),
    [
        (["backup"], None, None),
        (["backup", "--drive", "D"], None, "D"),
        (["backup", "list"], "list", None),
        (["backup", "--drive", "D", "list"], "list", "D"),
        (["backup", "list", "--drive", "D"], "list", "D"),
        (["backup", "verify", "--json", "--drive", "D"], "verify", "D"),
        (["--user", "u", "backup", "drill"], "drill", None),
        (["backup", "drill", "--user", "u", "--drive", "D"], "drill", "D"),
    ],
)
def test_backup_is_a_command_and_a_group(argv: list[str], verb: str | None, drive: str) -> None:
    args = cli.build_parser().parse_args(argv)
    assert (args.command, args.backup_command, args.drive) == ("backup", verb, drive)


def test_global_options_stand_before_or_after() -> None:
    parser = cli.build_parser()
    a = parser.parse_args(["backup", "verify", "--user", "u", "--json", "20260101T000000Z-abcdef"])
    b = parser.parse_args(["--user", "u", "--json", "backup", "verify", "20260101T000000Z-abcdef"])
    assert vars(a) == vars(b)
    assert a.backup == "20260101T000000Z-abcdef"
    r = parser.parse_args(["restore", "B", "--to", "D", "--recovery-code-stdin", "--json"])
    assert (r.backup, r.to, r.admin, r.json) == ("B", "D", "admin", True)


@pytest.mark.parametrize(
    "argv",
    [
        ["backup", "nope"],
        ["backup", "list", "extra"],
        ["backup", "verify", "a", "b"],
        ["drive"],
        ["drive", "enroll"],
        ["restore", "B", "--recovery-code-stdin"],  # no --to
        ["restore", "B", "--to", "D"],  # the code must come from stdin
        ["restore", "--to", "D", "--recovery-code-stdin"],  # no BACKUP
    ],
)
def test_malformed_command_lines_exit_2(run: Run, tmp_path: Path, argv: list[str]) -> None:
    rc, out, err = run("--archive", str(tmp_path / "a"), *argv)
    assert (rc, out) == (2, "")
    assert err.startswith("xueji")
    assert not (tmp_path / "a").exists() and not (tmp_path / "D").exists()


def test_usage_errors_found_after_parsing_exit_2_before_the_password(desk: Desk) -> None:
    before = drive_files(desk.drive)
    for bad in ("not-a-backup", "20260101T000000Z", str(desk.drive / "somewhere")):
        rc, out, err = desk.as_user("backup", "verify", bad, password="never-read")
        assert (rc, out) == (2, ""), err
        assert "neither a backup name" in one_line(err)
    for argv in (("backup", "list"), ("backup", "drill"), ("drive", "enroll", str(desk.drive))):
        rc, _, err = desk.plain(*argv, stdin=ADMIN_PASSWORD + "\n")
        assert rc == 2 and "--user" in err  # these need a login
    assert drive_files(desk.drive) == before


# -- enrolment ----------------------------------------------------------------------------------


def test_enroll_json_and_who_may_enrol(desk: Desk, tmp_path: Path) -> None:
    second = tmp_path / "usb2"
    second.mkdir()
    rc, _, err = desk.as_user("drive", "enroll", str(second), user=CLERK, password=CLERK_PASSWORD)
    assert rc == 3, err  # enrolling is the admin's
    rc, _, err = desk.as_user("drive", "enroll", str(second), password="not-the-password")
    assert rc == 3
    assert one_line(err) == "The user name or password is not correct."
    assert list(second.iterdir()) == []
    rc, out, err = desk.as_user("drive", "enroll", str(second), "--json", "--label", "Friday")
    assert (rc, err) == (0, "")
    doc = json.loads(out)
    assert set(doc) == {"ok", "drive_id", "label", "path", "enrolled_at"}
    assert (doc["ok"], doc["label"], doc["path"]) == (True, "Friday", str(second))
    rc, out, err = desk.as_user("backup", "--drive", str(second))
    assert rc == 0, err


# -- making backups -----------------------------------------------------------------------------


def test_a_scheduled_backup_asks_for_no_password(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XUEJI_USER", ADMIN)  # only an explicit --user makes it log in
    rc, out, err = desk.plain("backup", "--drive", str(desk.drive))  # stdin is empty
    assert rc == 0, err
    assert "checked completely at the next sign-in" in out
    [entry] = desk.listing()
    assert set(entry) >= LIST_KEYS
    assert (entry["verified"], entry["content_hash"], entry["state"]) == (False, None, "pending")
    assert Path(entry["path"]).parents[2] == desk.drive
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", entry["time"]), entry["time"]
    # The next signed-in check completes it: every byte re-read and opened with the keys.
    rc, out, err = desk.as_user("backup", "verify", "--drive", str(desk.drive))
    assert rc == 0, (out, err)
    [entry] = desk.listing()
    assert entry["verified"] and entry["content_hash"] == desk.live_hash()


def test_a_signed_in_backup_is_checked_and_listed(desk: Desk) -> None:
    made = desk.signed_in_backup()
    assert {"ok", "id", "state", "students", "size", "pruned", "free", "space_warning"} <= set(made)
    assert set(made) >= LIST_KEYS
    assert (made["ok"], made["verified"], made["state"], made["students"]) == (
        True,
        True,
        "verified",
        2,
    )
    assert made["content_hash"] == desk.live_hash()
    listed = desk.listing()
    assert [e["path"] for e in listed] == [made["path"]]
    assert listed[0]["content_hash"] == made["content_hash"]

    rc, out, err = desk.as_user("backup", "list", "--drive", str(desk.drive))
    assert (rc, err) == (0, "")
    assert "checked" in out and "2 students" in out and made["path"] in out
    rc, out, err = desk.as_user(
        "backup", "--drive", str(desk.drive), user=CLERK, password=CLERK_PASSWORD
    )
    assert rc == 0, err  # a clerk may back up
    assert "Backup made and checked" in out


def test_without_drive_the_enrolled_drive_plugged_in_is_used(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XUEJI_BACKUP_SEARCH", str(tmp_path / "nowhere"))
    rc, out, err = desk.as_user("backup", "--json")
    assert rc == 0, err
    assert Path(json.loads(out)["path"]).is_relative_to(desk.drive)


def test_wrong_password_exits_3_and_writes_nothing(desk: Desk) -> None:
    before = drive_files(desk.drive)
    for argv in (("backup",), ("backup", "list"), ("backup", "verify"), ("backup", "drill")):
        rc, out, err = desk.as_user(*argv, "--drive", str(desk.drive), password="wrong-one-1")
        assert (rc, out) == (3, ""), argv
        assert one_line(err) == "The user name or password is not correct."
    assert drive_files(desk.drive) == before


def test_a_drive_not_enrolled_is_refused(desk: Desk, tmp_path: Path) -> None:
    other = tmp_path / "other-usb"
    other.mkdir()
    told = message_for(DriveNotEnrolled(reason="not_enrolled", path=str(other)), "en")
    assert "not an enrolled backup drive" in told
    rc, out, err = desk.plain("backup", "--drive", str(other))
    assert (rc, out) == (1, "")
    assert one_line(err) == told
    rc, out, err = desk.as_user("backup", "--drive", str(other))
    assert (rc, out, one_line(err)) == (1, "", told)
    rc, out, err = desk.as_user("backup", "list", "--drive", str(other), "--json")
    assert (rc, err) == (1, "")
    doc = json.loads(out)
    assert (doc["ok"], doc["error"], doc["message"]) == (False, "drive_not_enrolled", told)
    assert list(other.iterdir()) == []  # nothing written to it

    missing = tmp_path / "unplugged"
    rc, _, err = desk.plain("backup", "--drive", str(missing))
    assert rc == 1
    assert one_line(err) == message_for(DriveUnavailable(reason="missing", path=str(missing)), "en")
    assert not missing.exists()


def test_refusals_are_chinese_by_default(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XUEJI_LANG", "zh")
    other = tmp_path / "other"
    other.mkdir()
    rc, _, err = desk.plain("backup", "--drive", str(other))
    assert rc == 1
    assert one_line(err) == message_for(DriveNotEnrolled(reason="not_enrolled", path=str(other)))
    rc, out, _ = desk.plain("backup", "--drive", str(desk.drive))
    assert rc == 0 and "下次有人登录时" in out


# -- checking -----------------------------------------------------------------------------------


def test_verify_passes_then_catches_a_flipped_byte(desk: Desk) -> None:
    made = desk.signed_in_backup()
    folder = Path(made["path"])
    for target in ([], [made["id"]], [str(folder)], [str(folder) + "/"]):
        rc, out, err = desk.as_user("backup", "verify", "--drive", str(desk.drive), *target)
        assert (rc, err) == (0, ""), (target, out, err)
        assert out == f"{made['id']}: passed the check.\n"

    flip_byte(folder / "xueji.db")
    rc, out, err = desk.as_user("backup", "verify", "--drive", str(desk.drive))
    assert rc == 1, (out, err)
    assert f"{made['id']}: failed the check (" in out
    assert "Backups that failed the check: 1." in out
    rc, out, err = desk.as_user("backup", "verify", str(folder), "--json")  # names its drive
    assert (rc, err) == (1, "")
    doc = json.loads(out)
    assert doc["ok"] is False
    [entry] = doc["backups"]
    assert entry["ok"] is False and entry["problem"].startswith("backup_corrupt")
    assert entry["message"] and entry["path"] == str(folder)
    rc, out, err = desk.as_user("backup", "drill", "--drive", str(desk.drive))
    assert rc == 1, (out, err)


def test_a_flipped_manifest_or_a_cut_database_fails(desk: Desk) -> None:
    made = desk.signed_in_backup()
    folder = Path(made["path"])
    manifest = folder / "manifest.json"
    flip_byte(manifest, at=0.3)
    rc, out, _ = desk.as_user("backup", "verify", made["id"], "--drive", str(desk.drive))
    assert rc == 1 and "failed the check" in out

    made = desk.signed_in_backup()  # a newer good backup; the damaged one is not pruned for it
    db = Path(made["path"]) / "xueji.db"
    os.chmod(db, 0o600)
    with db.open("r+b") as f:
        f.truncate(db.stat().st_size - 4096)
    rc, out, _ = desk.as_user("backup", "verify", made["id"], "--drive", str(desk.drive))
    assert rc == 1 and "failed the check" in out


def test_drill_restores_the_newest_backup_and_compares(desk: Desk) -> None:
    made = desk.signed_in_backup()
    rc, out, err = desk.as_user("backup", "drill", "--drive", str(desk.drive), "--json")
    assert (rc, err) == (0, ""), out
    doc = json.loads(out)
    assert doc["ok"] is True and doc["problem"] == ""
    assert (doc["backup_id"], doc["content_hash"], doc["students"]) == (
        made["id"],
        made["content_hash"],
        2,
    )
    rc, out, err = desk.as_user("backup", "drill", "--drive", str(desk.drive))
    assert rc == 0 and out.startswith("Restore drill passed: backup " + made["id"]), err
    assert not [p for p in desk.root.parent.rglob(".drill-*")]  # the trial copy is gone


# -- restore ------------------------------------------------------------------------------------


def _init(run: Run, root: Path) -> str:
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
    return out.strip().removeprefix("recovery code: ")


def test_restore_on_a_fresh_machine_with_the_recovery_code(
    run: Run, tmp_path: Path, mem_keyring: MemoryKeyring
) -> None:
    root, drive = tmp_path / "archive", tmp_path / "usb"
    drive.mkdir()
    code = _init(run, root)
    login_as = ["--archive", str(root), "--user", ADMIN, "--password-stdin"]
    rc, _, err = run(*login_as, "user", "add", CLERK, stdin=f"{ADMIN_PASSWORD}\n{CLERK_PASSWORD}\n")
    assert rc == 0, err
    assert run(*login_as, "drive", "enroll", str(drive), stdin=ADMIN_PASSWORD + "\n")[0] == 0
    rc, out, err = run(
        *login_as, "backup", "--drive", str(drive), "--json", stdin=ADMIN_PASSWORD + "\n"
    )
    assert rc == 0, err
    made = json.loads(out)

    mem_keyring.store.clear()  # a new computer: nothing in its keyring, the old one is gone
    fresh = tmp_path / "new-machine" / "archive"
    rc, out, err = run(
        "restore",
        made["path"],
        "--to",
        str(fresh),
        "--recovery-code-stdin",
        stdin=f"{code.lower().replace('-', ' ')}\n{NEW_PASSWORD}\n",
    )
    assert rc == 0, (out, err)
    assert out.startswith(f"Restored the archive at {fresh} from backup {made['id']} (")
    assert "reset their passwords" in out
    assert code not in out + err and NEW_PASSWORD not in out + err

    assert read_meta(ArchiveLayout(fresh)).binding == "keyring"  # bound to this machine
    new_login = ["--archive", str(fresh), "--password-stdin"]
    rc, out, err = run(*new_login, "--user", ADMIN, "check", "--json", stdin=NEW_PASSWORD + "\n")
    assert rc == 0, (out, err)
    assert json.loads(out)["ok"] is True
    # The clerk's account came back without a password that works on this machine …
    rc, _, _ = run(*new_login, "--user", CLERK, "check", stdin=CLERK_PASSWORD + "\n")
    assert rc == 3
    # … until the admin resets it.
    rc, _, err = run(
        *new_login,
        "--user",
        ADMIN,
        "user",
        "passwd",
        CLERK,
        stdin=f"{NEW_PASSWORD}\nClerk-Fresh-Pass-12\n",
    )
    assert rc == 0, err
    rc, out, err = run(*new_login, "--user", CLERK, "check", stdin="Clerk-Fresh-Pass-12\n")
    assert (rc, out) == (0, "ok\n"), err

    # From the drive itself (its newest checked backup), as JSON, with another admin name. The
    # keyring now holds the first restore's secret: this second copy opens with a password alone.
    other = tmp_path / "second"
    rc, out, err = run(
        "--json",
        "restore",
        str(drive),
        "--to",
        str(other),
        "--recovery-code-stdin",
        "--admin",
        "principal",
        stdin=f"{code}\n{NEW_PASSWORD}\n",
    )
    assert (rc, err) == (0, ""), out
    doc = json.loads(out)
    assert doc == {
        "ok": True,
        "archive": str(other),
        "admin": "principal",
        "binding": "none",
        "backup_id": made["id"],
        "created_at": made["time"],
        "content_hash": made["content_hash"],
    }
    assert run("--archive", str(other), "--user", "principal", "check", stdin=NEW_PASSWORD + "\n")[
        :2
    ] == (0, "ok\n")


@pytest.mark.parametrize(
    ("stdin", "rc", "says"),
    [
        ("\n" + NEW_PASSWORD + "\n", 3, "mistyped"),  # an empty code
        ("ABCDE-FGHIJ\n" + NEW_PASSWORD + "\n", 3, "mistyped"),  # too short
        ("{typo}\n" + NEW_PASSWORD + "\n", 3, "mistyped"),  # checksum
        ("{other}\n" + NEW_PASSWORD + "\n", 3, "recovery code is not correct"),
        ("", 2, "No recovery code on standard input"),  # nothing on stdin
        ("{code}\n", 2, "No new administrator password"),  # the password line missing
        ("\udcff\udcfe\n", 2, "UTF-8"),  # binary junk
    ],
)
def test_restore_refuses_garbage_on_stdin(
    archive: Created, run: Run, tmp_path: Path, stdin: str, rc: int, says: str
) -> None:
    code = archive.recovery_code
    drive = tmp_path / "usb"
    drive.mkdir()
    root = with_students(archive)
    login_as = ["--archive", str(root), "--user", ADMIN, "--password-stdin"]
    assert run(*login_as, "drive", "enroll", str(drive), stdin=ADMIN_PASSWORD + "\n")[0] == 0
    assert run(*login_as, "backup", "--drive", str(drive), stdin=ADMIN_PASSWORD + "\n")[0] == 0
    typo = code[:-1] + ("A" if code[-1] != "A" else "B")
    text = stdin.format(code=code, typo=typo, other=recovery_code.generate())
    target = tmp_path / "restored"
    got, out, err = run(
        "restore", str(drive), "--to", str(target), "--recovery-code-stdin", stdin=text
    )
    assert (got, out) == (rc, ""), err
    assert says in one_line(err)
    assert not target.exists() or list(target.iterdir()) == []


def test_restore_into_a_folder_with_files_is_refused(
    archive: Created, desk: Desk, tmp_path: Path
) -> None:
    made = desk.signed_in_backup()
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", "utf-8")
    rc, out, err = desk.run(
        "restore",
        made["path"],
        "--to",
        str(target),
        "--recovery-code-stdin",
        stdin=f"{archive.recovery_code}\n{NEW_PASSWORD}\n",
    )
    assert (rc, out) == (1, ""), err
    assert "already holds other files" in one_line(err)
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


# -- a real process, as the task scheduler runs it --------------------------------------------


def test_the_scheduled_backup_runs_as_a_process_without_keyring_or_password(
    make_archive: Callable[..., Created], run: Run, tmp_path: Path
) -> None:
    created = make_archive("plain", binding="none")
    root = with_students(created)
    drive = tmp_path / "usb"
    drive.mkdir()
    login_as = ["--archive", str(root), "--user", ADMIN, "--password-stdin"]
    assert run(*login_as, "drive", "enroll", str(drive), stdin=ADMIN_PASSWORD + "\n")[0] == 0
    env = dict(
        os.environ,
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        XUEJI_LANG="en",
        XUEJI_USER=ADMIN,
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "xueji_desktop.cli",
            "--archive",
            str(root),
            "backup",
            "--drive",
            str(drive),
            "--json",
        ],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, ""), done.stdout
    doc = json.loads(done.stdout)
    assert (doc["state"], doc["verified"]) == ("pending", False)
    rc, out, err = run(
        *login_as, "backup", "list", "--drive", str(drive), "--json", stdin=ADMIN_PASSWORD + "\n"
    )
    assert rc == 0, err
    assert [e["path"] for e in json.loads(out)] == [doc["path"]]


# -- the README runs as written -----------------------------------------------------------------


def readme_backup_commands() -> list[str]:
    text = README.read_text("utf-8")
    block = text.split("## Backups", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    joined = block.replace("\\\n", " ")
    return [line.split("  #", 1)[0].strip() for line in joined.splitlines() if line.strip()]


def test_the_readme_backup_commands_work(tmp_path: Path) -> None:
    from xueji_desktop.services.demo import DEMO_PASSWORD, create_demo
    from xueji_desktop.storage.kdf import FAST_FOR_TESTS

    commands = readme_backup_commands()
    assert sum(".venv/bin/xueji" in c for c in commands) >= 7
    created = create_demo(
        tmp_path / "demo", password=DEMO_PASSWORD, kdf=FAST_FOR_TESTS, students_per_intake=20
    )
    code = created.recovery_code
    created.session.close()
    # Each line runs in its own shell: the block's `export XUEJI_ARCHIVE` is given here too.
    env = dict(
        os.environ,
        P=DEMO_PASSWORD,
        CODE=code,
        XUEJI_LANG="en",
        XUEJI_ARCHIVE=str(tmp_path / "demo"),
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    xueji = f"{sys.executable} -m xueji_desktop.cli"
    for command in commands:
        command = command.replace("/tmp/", f"{tmp_path}/")
        command = command.replace(".venv/bin/xueji", xueji).replace("$P", '"$P"')
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            stdin=subprocess.DEVNULL,
        )
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        assert "internal error" not in done.stderr
    assert (tmp_path / "restored" / "archive.json").exists()


def test_no_enrolled_drive_plugged_in_fails_the_scheduled_task(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XUEJI_BACKUP_SEARCH", str(tmp_path / "nowhere"))
    desk.drive.rename(tmp_path / "unplugged")  # the USB disk is not in the computer
    rc, out, err = desk.plain("backup")
    assert (rc, out) == (1, "")
    assert one_line(err) == message_for(DriveUnavailable(reason="none_plugged"), "en")
    rc, out, err = desk.plain("--json", "backup")
    assert (rc, err) == (1, "")
    assert json.loads(out)["error"] == "drive_unavailable"


def test_restore_stdin_sentences_are_chinese_by_default(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XUEJI_LANG")
    got, out, err = run("restore", str(tmp_path), "--to", str(tmp_path / "t"),
                        "--recovery-code-stdin", stdin="")  # fmt: skip
    assert (got, out) == (2, "")
    assert "没有从标准输入读到恢复码" in one_line(err) and "expected" not in err


def test_restore_names_an_account_that_is_not_an_admin(
    archive: Created, run: Run, tmp_path: Path
) -> None:
    drive = tmp_path / "usb"
    drive.mkdir()
    root = with_students(archive)
    login_as = ["--archive", str(root), "--user", ADMIN, "--password-stdin"]  # clerk1 exists
    assert run(*login_as, "drive", "enroll", str(drive), stdin=ADMIN_PASSWORD + "\n")[0] == 0
    assert run(*login_as, "backup", "--drive", str(drive), stdin=ADMIN_PASSWORD + "\n")[0] == 0
    target = tmp_path / "restored"
    got, out, err = run("restore", str(drive), "--to", str(target), "--admin", CLERK,
                        "--recovery-code-stdin",
                        stdin=f"{archive.recovery_code}\n{NEW_PASSWORD}\n")  # fmt: skip
    assert (got, out) == (3, "")
    assert (
        one_line(err) == f"{CLERK} is not an administrator account; give an administrator's "
        "account name with --admin."
    )


def test_ctrl_c_during_a_backup_is_one_sentence(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xueji_desktop.services import backup as backup_service

    def interrupted(*_a: Any, **_k: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(backup_service, "write_backup", interrupted)
    for call in (lambda: desk.plain("backup", "--drive", str(desk.drive)),
                 lambda: desk.as_user("backup", "--drive", str(desk.drive))):  # fmt: skip
        rc, out, err = call()
        assert (rc, out) == (1, "")
        assert one_line(err) == "Interrupted. Earlier backups are untouched."
