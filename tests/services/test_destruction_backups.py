"""Destruction and backups: the register names the backups still holding a scan, and backups,
drills and checks stay green with destroyed blobs (and with older backups that hold them)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from tests.conftest import ADMIN_PASSWORD
from tests.records_fixtures import insert_student, setup_structure
from tests.services.backup_fixture import back_up
from xueji_desktop.core.retention import Backup
from xueji_desktop.services import attachments as att
from xueji_desktop.services import destruction
from xueji_desktop.services.archive import Created
from xueji_desktop.services.backup import make_backup
from xueji_desktop.services.backup_verify import verify_backup
from xueji_desktop.services.check import check_archive
from xueji_desktop.services.restore_drill import drill
from xueji_desktop.services.retention_backups import backups_holding, expiries
from xueji_desktop.services.retention_rules import set_rule
from xueji_desktop.storage.backup_format import DriveLayout, read_manifest

SCAN = b"%PDF-1.7\nbacked-up scan RETENTION-B\n%%EOF\n"
KEEP = b"%PDF-1.7\na scan that stays\n%%EOF\n"
NOON = datetime.time(12, 30)


def test_expiries_follow_the_policy() -> None:
    day = datetime.date(2026, 11, 26)  # a Thursday
    made = Backup("b1", datetime.datetime(2026, 11, 26, 12, 30))
    # Daily backups from the 27th: after the 3 December one, seven newer days exist and the
    # week's and the month's newest are later ones.
    assert expiries([made], ["b1"], start=day, daily_at=NOON) == {"b1": datetime.date(2026, 12, 3)}
    # Already made today's: the simulation starts tomorrow either way.
    assert expiries([made], ["b1"], start=day + datetime.timedelta(days=1), daily_at=NOON) == {
        "b1": datetime.date(2026, 12, 3)
    }
    # The last backup of a school year (31 August) is kept for good.
    end = Backup("y", datetime.datetime(2026, 8, 31, 12, 30))
    last_month = Backup("m", datetime.datetime(2026, 7, 31, 12, 30))
    got = expiries([end, last_month], ["y", "m"], start=datetime.date(2026, 9, 1), daily_at=NOON)
    assert got["y"] is None
    assert got["m"] == datetime.date(2027, 7, 1)  # twelve newer months have a backup
    assert expiries([made], ["nope"], start=day, daily_at=NOON) == {}


@pytest.fixture
def setup(make_archive: object, tmp_path: Path) -> tuple[Created, Path, int, int]:
    created = make_archive("live")  # type: ignore[operator]
    s = created.session
    ids = setup_structure(s)
    sid = insert_student(s, ids["c1"], status="graduated", graduation_date="2019-06-30")
    set_rule(s, "other", years=5, counted_from="left")
    gone = att.attach(s, sid, "other", SCAN, "application/pdf", title="旧证明")
    kept = att.attach(s, sid, "enrolment_form", KEEP, "application/pdf")
    return created, tmp_path / "drive", gone, kept


def test_backup_drill_and_check_with_destroyed_blobs(
    setup: tuple[Created, Path, int, int],
) -> None:
    created, drive, gone, kept = setup
    s = created.session
    older = back_up(created, drive)  # holds the scan
    blob = att.get_attachment(s, gone).blob_name
    assert DriveLayout(drive).blob_path(blob).exists()
    today = datetime.date.fromisoformat(older.info.time[:10])
    serials = destruction.propose(s, [gone], reason="保管期满", today=today)
    holding = backups_holding(s, serials, today=today)
    [held] = holding.for_blob(blob)
    assert holding.for_serial(serials[0]) == (held,)
    assert (held.where, held.backup_id, held.drive_label) == (
        "drive",
        older.info.backup_id,
        "backup",
    )
    assert held.expires_on is not None and held.expires_on > today.isoformat()
    destruction.decide(
        s, serials, approve=True, admin_password=ADMIN_PASSWORD, remark="", today=today
    )
    [entry] = destruction.register(s)
    assert [b.backup_id for b in entry.backups] == [older.info.backup_id]
    assert entry.backups[0].expires_on == held.expires_on
    assert not s.archive.blobs().path_for(blob).exists()
    assert DriveLayout(drive).blob_path(blob).exists()  # the older backup still holds it
    assert check_archive(s).ok
    # The drill of the older backup (it still lists the blob) passes …
    result = drill(s, drive)
    assert result.ok and result.backup_id == older.info.backup_id, result.problem
    # … a new backup leaves the destroyed blob out, and its drill passes too.
    made = make_backup(s, drive)
    newer = made.info
    manifest, _ = read_manifest(DriveLayout(drive).backup_dir(newer.backup_id))
    assert blob not in {b.path for b in manifest.blobs}
    assert att.get_attachment(s, kept).blob_name in {b.path for b in manifest.blobs}
    result = drill(s, drive)
    assert result.ok and result.backup_id == newer.backup_id, result.problem
    verify_backup(DriveLayout(drive), newer.backup_id, s.archive.keys, s.archive.archive_id,
                  deep=True)  # fmt: skip
    # Two backups on one day: the policy keeps the newer; with the older one pruned, the
    # destroyed scan's last copy leaves the drive.
    assert made.pruned == [older.info.backup_id]
    assert not DriveLayout(drive).blob_path(blob).exists()
    assert att.read_attachment(s, kept) == KEEP


def test_a_drive_not_plugged_in_is_read_from_the_history(
    setup: tuple[Created, Path, int, int],
) -> None:
    created, drive, gone, _kept = setup
    s = created.session
    older = back_up(created, drive)
    away = drive.rename(drive.with_name("unplugged"))
    today = datetime.date.fromisoformat(older.info.time[:10])
    serials = destruction.propose(s, [gone], reason="保管期满", today=today)
    holding = backups_holding(s, serials, today=today)
    blob = att.get_attachment(s, gone).blob_name
    [held] = holding.for_blob(blob)
    assert (held.where, held.backup_id) == ("history", older.info.backup_id)
    assert holding.drives_missing == ("backup",) and holding.drives_read == ()
    assert away.exists()


def test_a_missing_live_blob_fails_the_check(setup: tuple[Created, Path, int, int]) -> None:
    created, _drive, _gone, kept = setup
    s = created.session
    s.archive.blobs().path_for(att.get_attachment(s, kept).blob_name).unlink()
    report = check_archive(s)
    assert not report.ok
    assert any(p.startswith("blob_missing: blobs/") for p in report.problems)
