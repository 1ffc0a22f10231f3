"""Logging in: every refusal is its own typed error and leaves the archive's files untouched.

Wrong password, unknown user, a missing keyring entry, a damaged first page and a damaged key file
are told apart (except wrong password vs unknown user, deliberately one error). Key slots that were
edited or swapped between archives never open. Issue #2, sections 3 and 7.
"""

from __future__ import annotations

import base64
import hashlib
import inspect
import json
import os
from collections.abc import Callable
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from tests.conftest import ADMIN, ADMIN_PASSWORD, CLERK, CLERK_PASSWORD, MemoryKeyring, add_clerk
from xueji_desktop.core.errors import (
    AccountDisabled,
    ArchiveDamaged,
    BindingLost,
    KeyFileDamaged,
    StaleKeySlot,
    ValidationError,
    WrongCredentials,
    WrongRecoveryCode,
    XuejiError,
)
from xueji_desktop.messages import message_for
from xueji_desktop.services import archive as archive_service
from xueji_desktop.services import recovery as recovery_service
from xueji_desktop.services import users as user_service
from xueji_desktop.services.archive import Created, login
from xueji_desktop.services.auth import DEVICE_ITEM
from xueji_desktop.storage import keyslots, keystore
from xueji_desktop.storage.kdf import FAST_FOR_TESTS, OWASP_MINIMUM, PRODUCTION
from xueji_desktop.storage.layout import ArchiveLayout, read_meta


def _sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def key_files(root: Path) -> dict[str, str | None]:
    return {name: _sha(root / name) for name in ("xueji.db", "keyslots.json")}


def archives_under(base: Path) -> set[Path]:
    return {p.parent for p in base.rglob("archive.json")}


def device_entry(archive_id: str) -> tuple[str, str]:
    return (keystore.SERVICE, f"{archive_id}:{DEVICE_ITEM}")


@pytest.fixture
def closed(archive: Created) -> Path:
    """A bound archive whose creating session is closed (the WAL is checkpointed away)."""
    root = archive.session.archive.layout.root
    archive.session.close()
    return root


# -- wrong password vs unknown user -------------------------------------------------------------


def test_wrong_password_and_unknown_user_are_one_error(closed: Path) -> None:
    with pytest.raises(WrongCredentials) as wrong:
        login(closed, ADMIN, ADMIN_PASSWORD + "x")
    with pytest.raises(WrongCredentials) as unknown:
        login(closed, "nobody", ADMIN_PASSWORD)
    assert type(wrong.value) is type(unknown.value)
    assert wrong.value.fields == unknown.value.fields
    for lang in ("zh", "en"):
        assert message_for(wrong.value, lang) == message_for(unknown.value, lang)
    assert "nobody" not in message_for(unknown.value, "en")


def test_unknown_user_costs_one_kdf_run_with_the_slot_parameters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_archive: Callable[..., Created]
) -> None:
    """An unknown name must not answer faster: it runs the KDF once, with production parameters,
    exactly like a wrong password against a production slot."""
    calls: list[object] = []

    def fake_derive(secret: bytes, salt: bytes, params: object) -> bytes:
        calls.append(params)
        return hashlib.sha256(secret + salt + repr(params).encode()).digest()

    monkeypatch.setattr(keyslots, "derive", fake_derive)
    created = make_archive(kdf=PRODUCTION)  # cheap: derive is faked
    root = created.session.archive.layout.root
    created.session.close()
    calls.clear()
    with pytest.raises(WrongCredentials):
        login(root, ADMIN, "not-the-password-1")
    wrong = list(calls)
    calls.clear()
    with pytest.raises(WrongCredentials):
        login(root, "nobody", "not-the-password-1")
    assert wrong == calls == [PRODUCTION]


# -- four refusals, four errors, files byte-identical -------------------------------------------


def _wrong_password(root: Path, kr: MemoryKeyring) -> None:
    pass


def _keyring_entry_gone(root: Path, kr: MemoryKeyring) -> None:
    meta = read_meta(ArchiveLayout(root))
    del kr.store[device_entry(meta.archive_id)]


def _damaged_first_page(root: Path, kr: MemoryKeyring) -> None:
    db = root / "xueji.db"
    assert not (root / "xueji.db-wal").exists(), "the WAL would hide page 1 damage"
    data = bytearray(db.read_bytes())
    data[100] ^= 0x01  # XOR, not overwrite: one flipped bit inside page 1
    db.write_bytes(bytes(data))


def _keyslots_random(root: Path, kr: MemoryKeyring) -> None:
    (root / "keyslots.json").write_bytes(os.urandom(2048))


def _keyslots_missing(root: Path, kr: MemoryKeyring) -> None:
    (root / "keyslots.json").unlink()


def _keyslots_truncated(root: Path, kr: MemoryKeyring) -> None:
    path = root / "keyslots.json"
    path.write_bytes(path.read_bytes()[:-40])


REFUSALS: dict[str, tuple[Callable[[Path, MemoryKeyring], None], str, type[XuejiError]]] = {
    "wrong_password": (_wrong_password, ADMIN_PASSWORD + "!", WrongCredentials),
    "keyring_entry_gone": (_keyring_entry_gone, ADMIN_PASSWORD, BindingLost),
    "damaged_first_page": (_damaged_first_page, ADMIN_PASSWORD, ArchiveDamaged),
    "keyslots_random": (_keyslots_random, ADMIN_PASSWORD, KeyFileDamaged),
    "keyslots_missing": (_keyslots_missing, ADMIN_PASSWORD, KeyFileDamaged),
    "keyslots_truncated": (_keyslots_truncated, ADMIN_PASSWORD, KeyFileDamaged),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_refusal_is_typed_and_leaves_files_byte_identical(
    case: str, closed: Path, tmp_path: Path, mem_keyring: MemoryKeyring
) -> None:
    damage, password, expected = REFUSALS[case]
    damage(closed, mem_keyring)
    before = key_files(closed)
    archives_before = archives_under(tmp_path)
    keyring_before = dict(mem_keyring.store)
    names_before = sorted(p.name for p in closed.iterdir())
    throttle_before = _sha(closed / "login-throttle.json")

    with pytest.raises(XuejiError) as info:
        login(closed, ADMIN, password)

    assert type(info.value) is expected
    assert key_files(closed) == before
    assert archives_under(tmp_path) == archives_before, "a new archive was created"
    assert mem_keyring.store == keyring_before, "the keyring was changed (a new device secret?)"
    assert sorted(p.name for p in closed.iterdir()) == names_before
    if expected is not WrongCredentials:  # only a wrong password is a failure to count
        assert _sha(closed / "login-throttle.json") == throttle_before


def test_the_refusals_read_differently() -> None:
    errors = [WrongCredentials(), BindingLost(reason="missing"), ArchiveDamaged(), KeyFileDamaged()]
    for lang in ("zh", "en"):
        texts = [message_for(e, lang) for e in errors]
        assert len(set(texts)) == len(texts), texts


def test_binding_lost_message_points_to_the_recovery_code() -> None:
    assert "recovery code" in message_for(BindingLost(reason="missing"), "en")
    assert "恢复码" in message_for(BindingLost(reason="missing"), "zh")


def test_refused_login_never_downgrades_the_binding(
    closed: Path, mem_keyring: MemoryKeyring
) -> None:
    meta_before = (closed / "archive.json").read_bytes()
    mem_keyring.store.clear()
    for _ in range(3):
        with pytest.raises(BindingLost):
            login(closed, ADMIN, ADMIN_PASSWORD)
    assert (closed / "archive.json").read_bytes() == meta_before
    assert read_meta(ArchiveLayout(closed)).binding == "keyring"
    assert mem_keyring.store == {}


def test_archive_json_edited_to_password_only_is_no_downgrade(closed: Path) -> None:
    meta_path = closed / "archive.json"
    doc = json.loads(meta_path.read_bytes())
    doc["binding"], doc["keyring_backend"] = "none", None
    meta_path.write_text(json.dumps(doc))
    before = key_files(closed)
    with pytest.raises(BindingLost):
        login(closed, ADMIN, ADMIN_PASSWORD)
    assert key_files(closed) == before


# -- slot tampering -----------------------------------------------------------------------------


def _edit_admin_slot(root: Path, field: str, value: object) -> None:
    path = root / "keyslots.json"
    doc = json.loads(path.read_bytes())
    slot = next(s for s in doc["slots"] if s["kind"] == "user" and s["user"] == ADMIN)
    slot[field] = value
    path.write_text(json.dumps(doc))


@pytest.mark.parametrize(
    ("field", "value", "login_as"),
    [
        ("user", "mallory", "mallory"),
        ("user", "mallory", ADMIN),
        ("id", "u-0000000000000000", ADMIN),
        ("device_bound", False, ADMIN),
        ("device_id", "0123456789abcdef", ADMIN),
    ],
)
def test_an_edited_slot_never_opens(closed: Path, field: str, value: object, login_as: str) -> None:
    _edit_admin_slot(closed, field, value)
    with pytest.raises((WrongCredentials, BindingLost)):
        login(closed, login_as, ADMIN_PASSWORD)


def test_a_recovery_slot_relabelled_as_a_user_slot_never_opens(
    closed: Path, archive: Created
) -> None:
    path = closed / "keyslots.json"
    doc = json.loads(path.read_bytes())
    rec = next(s for s in doc["slots"] if s["kind"] == "recovery")
    rec.update(kind="user", user="mallory")
    path.write_text(json.dumps(doc))
    with pytest.raises(WrongCredentials):
        login(closed, "mallory", archive.recovery_code)


def _slots(root: Path) -> dict[str, object]:
    return json.loads((root / "keyslots.json").read_bytes())


@pytest.mark.parametrize("bound", [True, False], ids=["bound", "password_only"])
def test_slots_swapped_between_archives_never_open(
    bound: bool, make_archive: Callable[..., Created]
) -> None:
    """Same admin name, same password, same keyring: only the archive id in the AAD tells the
    slots apart, and that must be enough."""
    a = make_archive("a", binding="auto" if bound else "none")
    b = make_archive("b", binding="auto" if bound else "none")
    root_a, root_b = (c.session.archive.layout.root for c in (a, b))
    a.session.close()
    b.session.close()
    doc_a, doc_b = _slots(root_a), _slots(root_b)
    slot_b = next(s for s in doc_b["slots"] if s["kind"] == "user")  # type: ignore[index]
    if bound:  # claim A's device too, so the slot is tried rather than skipped
        slot_a = next(s for s in doc_a["slots"] if s["kind"] == "user")  # type: ignore[index]
        slot_b = {**slot_b, "device_id": slot_a["device_id"]}

    swapped = {**doc_a, "slots": [slot_b]}
    (root_a / "keyslots.json").write_text(json.dumps(swapped))
    with pytest.raises(WrongCredentials):
        login(root_a, ADMIN, ADMIN_PASSWORD)

    # the whole file of B copied over A's
    (root_a / "keyslots.json").write_text(json.dumps(doc_b))
    with pytest.raises((WrongCredentials, BindingLost)):
        login(root_a, ADMIN, ADMIN_PASSWORD)
    with pytest.raises(WrongRecoveryCode):
        archive_service.open_with_recovery(root_a, b.recovery_code)


# -- binding ------------------------------------------------------------------------------------


@pytest.mark.usefixtures("no_keyring")
def test_no_keyring_creates_a_password_only_archive_that_opens(
    make_archive: Callable[..., Created],
) -> None:
    created = make_archive()
    meta = created.session.archive.meta
    assert meta.binding == "none"
    assert meta.keyring_backend is None
    assert created.session.archive.device_secret is None
    root = created.session.archive.layout.root
    created.session.close()
    on_disk = json.loads((root / "archive.json").read_bytes())
    assert on_disk["binding"] == "none"
    slot_doc = _slots(root)
    assert all(not s["device_bound"] for s in slot_doc["slots"])  # type: ignore[union-attr]
    session = login(root, ADMIN, ADMIN_PASSWORD)
    session.close()


@pytest.mark.usefixtures("no_keyring")
def test_binding_demanded_without_a_keyring_is_refused_and_creates_nothing(
    tmp_path: Path, make_archive: Callable[..., Created]
) -> None:
    with pytest.raises(BindingLost):
        make_archive("strict", binding="keyring")
    assert not ArchiveLayout(tmp_path / "strict").exists()


def test_bound_archive_records_its_backend(archive: Created, mem_keyring: MemoryKeyring) -> None:
    meta = archive.session.archive.meta
    assert meta.binding == "keyring"
    assert meta.keyring_backend == "tests.conftest.MemoryKeyring"
    assert device_entry(meta.archive_id) in mem_keyring.store


def test_slot_sealed_on_another_device_is_binding_lost(
    closed: Path, mem_keyring: MemoryKeyring
) -> None:
    meta = read_meta(ArchiveLayout(closed))
    other = base64.b64encode(os.urandom(32)).decode()
    mem_keyring.store[device_entry(meta.archive_id)] = other
    before = key_files(closed)
    with pytest.raises(BindingLost) as info:
        login(closed, ADMIN, ADMIN_PASSWORD)
    assert info.value.fields["reason"] == "other_device"
    assert key_files(closed) == before
    assert mem_keyring.store[device_entry(meta.archive_id)] == other
    # the answer is the same every time: no "too many attempts" from counters it cannot read
    with pytest.raises(BindingLost):
        login(closed, ADMIN, ADMIN_PASSWORD)


def test_unreadable_keyring_entry_is_binding_lost(closed: Path, mem_keyring: MemoryKeyring) -> None:
    meta = read_meta(ArchiveLayout(closed))
    mem_keyring.store[device_entry(meta.archive_id)] = "not base64 !!"
    with pytest.raises(BindingLost):
        login(closed, ADMIN, ADMIN_PASSWORD)


def test_keyring_that_stops_working_is_binding_lost(closed: Path) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())  # mem_keyring restores the old one
    with pytest.raises(BindingLost):
        login(closed, ADMIN, ADMIN_PASSWORD)


# -- account state ------------------------------------------------------------------------------


def test_disabled_account_is_refused_after_the_right_password(archive: Created) -> None:
    add_clerk(archive)
    user_service.set_disabled(
        archive.session, admin_password=ADMIN_PASSWORD, username=CLERK, disabled=True
    )
    root = archive.session.archive.layout.root
    with pytest.raises(AccountDisabled):
        login(root, CLERK, CLERK_PASSWORD)
    # a wrong password does not reveal that the account is disabled
    with pytest.raises(WrongCredentials):
        login(root, CLERK, CLERK_PASSWORD + "x")


def test_restored_old_key_file_gives_stale_key_slot(archive: Created) -> None:
    root = archive.session.archive.layout.root
    old_file = (root / "keyslots.json").read_bytes()
    new_password = "Another-Strong-Pass-77"
    user_service.change_own_password(
        archive.session,
        current_password=ADMIN_PASSWORD,
        new_password=new_password,
        kdf=FAST_FOR_TESTS,
    )
    archive.session.close()
    (root / "keyslots.json").write_bytes(old_file)
    before = key_files(root)
    with pytest.raises(StaleKeySlot):
        login(root, ADMIN, ADMIN_PASSWORD)
    assert key_files(root) == before


def test_login_writes_a_login_entry(closed: Path) -> None:
    session = login(closed, ADMIN, ADMIN_PASSWORD)
    try:
        last = session.archive.db.conn.execute(
            "SELECT actor, action FROM audit_log ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        assert tuple(last) == (ADMIN, "login")
        assert session.warnings == []
    finally:
        session.close()


def test_user_name_is_trimmed_but_not_case_folded(closed: Path) -> None:
    login(closed, f"  {ADMIN} ", ADMIN_PASSWORD).close()
    with pytest.raises(WrongCredentials):
        login(closed, ADMIN.upper(), ADMIN_PASSWORD)


# -- KDF parameters -----------------------------------------------------------------------------


def test_production_kdf_is_at_or_above_the_owasp_minimum() -> None:
    assert PRODUCTION.memory_kib >= 19 * 1024
    assert PRODUCTION.iterations >= 2
    assert PRODUCTION.parallelism == 1
    assert PRODUCTION.memory_kib >= OWASP_MINIMUM.memory_kib
    assert PRODUCTION.iterations >= OWASP_MINIMUM.iterations
    # the product selects it by default everywhere a slot is made
    for fn in (
        archive_service.create_archive,
        user_service.add_user,
        user_service.change_own_password,
        user_service.reset_password,
        recovery_service.rotate_recovery_code,
        recovery_service.recover,
    ):
        assert inspect.signature(fn).parameters["kdf"].default is PRODUCTION, fn.__name__


def test_slot_made_with_production_params_records_them(tmp_path: Path) -> None:
    bundle = keyslots.KeyBundle.generate()
    slot = keyslots.seal(
        "archive-id",
        bundle,
        kind="user",
        user=ADMIN,
        secret=ADMIN_PASSWORD.encode(),
        params=PRODUCTION,
        device_secret=None,
    )
    path = tmp_path / "keyslots.json"
    keyslots.save(path, keyslots.SlotFile("archive-id", (slot,)))
    kdf = json.loads(path.read_bytes())["slots"][0]["kdf"]
    assert kdf["alg"] == "argon2id"
    assert (kdf["m"], kdf["t"], kdf["p"]) == (
        PRODUCTION.memory_kib,
        PRODUCTION.iterations,
        PRODUCTION.parallelism,
    )
    assert len(base64.b64decode(kdf["salt"])) >= 16
    loaded = keyslots.load(path).slots[0]
    assert loaded.kdf == PRODUCTION
    assert keyslots.open_slot("archive-id", loaded, ADMIN_PASSWORD.encode(), None) == bundle


@pytest.mark.parametrize(
    "code", ["abc!!", "313300012", "31330001234", "３１３３０００１２３", "3133 00012"]
)
def test_a_school_code_that_is_not_ten_digits_is_refused_and_creates_nothing(
    tmp_path: Path, code: str
) -> None:
    root = tmp_path / "school"
    with pytest.raises(ValidationError) as info:
        archive_service.create_archive(
            root,
            school_name="某某职业学校",
            school_code=code,
            admin=ADMIN,
            password=ADMIN_PASSWORD,
            kdf=FAST_FOR_TESTS,
        )
    assert info.value.fields == {"field": "school_code", "reason": "format"}
    assert message_for(info.value, "zh") == "学校代码格式不对，请检查。"
    assert not ArchiveLayout(root).exists()
