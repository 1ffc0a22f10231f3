"""居民身份证 reading: decoding the vendor's bytes, checking a card's items, the simulated reader,
and the Windows adapter driven by a stand-in for termb.dll (its ctypes calls, not a device)."""

from __future__ import annotations

import ctypes
import dataclasses
import datetime
import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

from xueji_desktop.core.errors import IdCardReaderError
from xueji_desktop.core.id_card import (
    BASE_MESSAGE_SIZE,
    RawCardFields,
    available_readers,
    decode_ansi,
    decode_wide,
    encode_base_message,
    parse_base_message,
    parse_card,
    photo_type,
    split_address,
)
from xueji_desktop.core.id_card_sim import (
    NO_CARD,
    RARE_GIVEN,
    READ_FAILED,
    SimulatedReader,
    card_photo,
    demo_cards,
    make_card,
    practice_reader,
)
from xueji_desktop.core.id_number import check_char

TODAY = datetime.date(2026, 11, 26)
BIRTH = datetime.date(2010, 3, 15)


def number(birth: datetime.date = BIRTH, seq: str = "123", county: str = "430502") -> str:
    first17 = f"{county}{birth:%Y%m%d}{seq}"
    return first17 + check_char(first17)


def raw(**changes: Any) -> RawCardFields:
    values: dict[str, Any] = {
        "name": "欧阳" + RARE_GIVEN,
        "sex": "男",  # seq 123: odd, male
        "nation": "汉",
        "birth": "20100315",
        "address": "湖南省邵阳市双清区中山路68号",
        "id_number": number(),
        "authority": "邵阳市公安局双清分局",
        "valid_from": "2024.05.01",
        "valid_until": "2029.05.01",
        "photo": card_photo(1),
    }
    values.update(changes)
    return RawCardFields(**values)


def failure(exc: pytest.ExceptionInfo[IdCardReaderError]) -> tuple[object, object]:
    return exc.value.fields.get("reason"), exc.value.fields.get("part")


# --- checking a card ---------------------------------------------------------------------------


def test_a_card_is_normalised_to_codes_and_dates() -> None:
    card = parse_card(raw(), today=TODAY)
    assert card.name == "欧阳䶮"  # the rare character exactly as on the card
    assert not card.name_unsure and not card.address_unsure
    assert (card.gender, card.ethnicity, card.ethnicity_on_card) == ("1", "01", "汉")
    assert card.birth_date == BIRTH
    assert card.id_number == number()
    assert card.valid_from == datetime.date(2024, 5, 1)
    assert card.valid_until == datetime.date(2029, 5, 1)
    assert card.issuing_authority == "邵阳市公安局双清分局"
    assert card.photo_type == "bmp"


@pytest.mark.parametrize(
    ("nation", "code"), [("汉", "01"), ("苗族", "06"), ("06", "06"), ("1", "01"), ("穿青人", "")]
)
def test_the_ethnic_group_by_name_or_code(nation: str, code: str) -> None:
    card = parse_card(raw(nation=nation), today=TODAY)
    assert card.ethnicity == code  # a name without a GB/T 3304 code is left for the clerk
    assert card.ethnicity_on_card == nation


def test_long_term_validity_and_date_spellings() -> None:
    card = parse_card(
        raw(birth="2010年03月15日", valid_from="2024-05-01", valid_until="长期"), today=TODAY
    )
    assert card.birth_date == BIRTH and card.valid_until is None


def test_personal_values_stay_out_of_repr() -> None:
    card = parse_card(raw(), today=TODAY)
    text = repr(card) + repr(raw())
    for value in ("欧阳", number(), "中山路", "邵阳市公安局"):
        assert value not in text


@pytest.mark.parametrize(
    ("changes", "part"),
    [
        ({"name": ""}, "name"),
        ({"name": "欧阳\ufffd"}, "name"),
        ({"sex": "x"}, "sex"),
        ({"sex": "女"}, "id_number"),  # the number says male: a misread
        ({"nation": ""}, "nation"),
        ({"nation": "77"}, "nation"),
        ({"birth": "20100230"}, "birth"),
        ({"birth": "20100316"}, "id_number"),  # not the number's birth date
        ({"id_number": number()[:-1] + ("0" if number()[-1] != "0" else "1")}, "id_number"),
        ({"id_number": "43050220100315"}, "id_number"),
        ({"address": ""}, "address"),
        ({"valid_from": "2024"}, "valid_from"),
        ({"valid_until": "2020.01.01"}, "valid_until"),  # before it was issued
    ],
)
def test_bad_items_are_refused_by_name(changes: dict[str, str], part: str) -> None:
    with pytest.raises(IdCardReaderError) as exc:
        parse_card(raw(**changes), today=TODAY)
    assert failure(exc) == ("read_failed", part)
    assert number() not in str(exc.value)  # never the value


def test_an_unusable_photo_is_dropped_not_the_card() -> None:
    assert parse_card(raw(photo=b"not a picture"), today=TODAY).photo is None
    assert photo_type(b"\xff\xd8\xff\xe0rest") == "jpeg"
    assert photo_type(b"\x89PNG\r\n\x1a\nrest") == "png"
    assert photo_type(card_photo()) == "bmp"


# --- decoding the vendor's bytes ---------------------------------------------------------------


def test_wide_text_keeps_rare_characters_and_stops_at_nul() -> None:
    data = "王𬳵".encode("utf-16-le") + b"\x00\x00" + "junk".encode("utf-16-le")
    assert decode_wide(data) == "王𬳵"  # a surrogate pair (Extension E) joined
    assert decode_wide("张三  ".encode("utf-16-le")) == "张三"  # the card's space padding


def test_gbk_text_that_lost_a_character_is_marked_lossy() -> None:
    # GBK has no place for 䶮 (Extension A): the vendor's conversion writes "?".
    with pytest.raises(UnicodeEncodeError):
        RARE_GIVEN.encode("gbk")
    text, lossy = decode_ansi("欧阳?".encode("gbk") + b"\x00garbage")
    assert (text, lossy) == ("欧阳?", True)
    card = parse_card(raw(name=text, name_lossy=lossy), today=TODAY)
    assert card.name_unsure
    # A GB 18030 library can hold it: nothing lost.
    assert decode_ansi(("欧阳" + RARE_GIVEN).encode("gb18030")) == ("欧阳䶮", False)
    assert decode_ansi(b"\x81") == ("\ufffd", True)  # a cut multi-byte character


def test_a_private_use_character_makes_the_name_unsure() -> None:
    assert parse_card(raw(name="李\ue000"), today=TODAY).name_unsure


def test_the_base_message_block_round_trips() -> None:
    values = {"name": "欧阳" + RARE_GIVEN, "sex": "1", "nation": "01", "birth": "20100315"}
    block = encode_base_message(values)
    assert len(block) == BASE_MESSAGE_SIZE == 256
    parsed = parse_base_message(block)
    assert (parsed.name, parsed.sex, parsed.nation, parsed.birth) == tuple(values.values())
    assert parsed.address == ""
    with pytest.raises(IdCardReaderError) as exc:
        parse_base_message(block[:200])
    assert failure(exc) == ("read_failed", "text_block")
    with pytest.raises(ValueError):
        encode_base_message({"name": "名" * 16})  # 15 characters fit


def test_the_address_is_split_at_the_county() -> None:
    assert split_address("湖南省邵阳市双清区中山路68号", number()) == ("430502", "中山路68号")
    # Another county than the number's (moved since birth).
    assert split_address("湖南省邵阳市新宁县花桥镇1号", number()) == ("430528", "花桥镇1号")
    assert split_address("中山路68号", number()) == (None, "中山路68号")
    assert split_address("湖南省邵阳市双清区", number()) == (None, "湖南省邵阳市双清区")


# --- readers on this system ----------------------------------------------------------------------


@pytest.mark.parametrize("platform", ["linux", "darwin", "cygwin"])
def test_no_reader_outside_windows(platform: str) -> None:
    assert available_readers(platform) == []


@pytest.mark.skipif(sys.platform == "win32", reason="the guard is for other systems")
def test_the_windows_adapter_refuses_to_load_elsewhere() -> None:
    sys.modules.pop("xueji_desktop.core.id_card_windows", None)
    with pytest.raises(ImportError):
        importlib.import_module("xueji_desktop.core.id_card_windows")
    with pytest.raises(ImportError):
        available_readers("win32")  # asked for Windows on another system: still refused


# --- the simulated reader --------------------------------------------------------------------


def no_sleep(_: float) -> None:
    pass


def test_simulated_cards_go_through_the_real_decoding() -> None:
    cards = demo_cards(3, 6, today=TODAY)
    reader = SimulatedReader(cards, today=TODAY)
    read = [reader.read(1.0) for _ in cards]
    assert read[0].name.endswith(RARE_GIVEN) and not read[0].name_unsure
    assert read[5].name.endswith(RARE_GIVEN)
    assert len({c.id_number for c in read}) == 6
    for card in read:
        age = (TODAY - card.birth_date).days / 365.25
        assert 15 <= age <= 16.1
        assert card.photo_type == "bmp" and card.ethnicity
        region, detail = split_address(card.address, card.id_number)
        assert region is not None and detail


def test_simulated_trouble() -> None:
    reader = SimulatedReader([NO_CARD, READ_FAILED], today=TODAY, sleep=no_sleep)
    with pytest.raises(IdCardReaderError) as exc:
        reader.read(5.0)
    assert failure(exc) == ("no_card", None)
    with pytest.raises(IdCardReaderError) as exc:
        reader.read(5.0)
    assert failure(exc) == ("read_failed", "chip")
    with pytest.raises(IdCardReaderError) as exc:
        reader.read(0.2)  # the queue is empty: waits its time, then no card
    assert failure(exc) == ("no_card", None)
    reader.close()
    with pytest.raises(IdCardReaderError) as exc:
        reader.read(1.0)
    assert failure(exc) == ("no_reader", None)


def test_a_waiting_read_can_be_cancelled() -> None:
    looks = iter(range(100))
    reader = SimulatedReader(today=TODAY, sleep=no_sleep)
    with pytest.raises(IdCardReaderError) as exc:
        reader.read(60.0, cancelled=lambda: next(looks) >= 3)
    assert exc.value.fields == {"reason": "no_card", "cancelled": True}


def test_a_card_put_while_waiting_is_read() -> None:
    reader = SimulatedReader(today=TODAY)
    card = demo_cards(4, 1, today=TODAY)[0]
    reader.sleep = lambda _s: reader.put(card)  # the card arrives during the wait
    assert reader.read(5.0).name.endswith(RARE_GIVEN)


def test_the_practice_reader_never_runs_dry() -> None:
    reader = practice_reader(TODAY)
    numbers = {reader.read(0.1).id_number for _ in range(12)}
    assert len(numbers) == 12


def test_a_made_card_holds_long_term_validity() -> None:
    card = make_card(
        name="张三",
        gender="2",
        nation="03",
        birth=datetime.date(1980, 1, 1),
        address="湖南省邵阳市大祥区人民路1号",
        id_number=number(datetime.date(1980, 1, 1), "124", "430503"),
        authority="邵阳市公安局大祥分局",
        valid_from=datetime.date(2020, 1, 1),
        valid_until=None,
    )
    read = SimulatedReader([card], today=TODAY).read(1.0)
    assert (read.gender, read.ethnicity, read.valid_until, read.photo) == ("2", "03", None, None)


# --- the Windows adapter, driven by a stand-in for termb.dll ------------------------------------


class Export:
    """A DLL export: callable, and ctypes may set its ``restype`` and ``argtypes``."""

    def __init__(self, fn: Callable[..., int]) -> None:
        self.fn = fn

    def __call__(self, *args: Any) -> int:
        return self.fn(*args)


class FakeTermb:
    """termb.dll's exports as Python callables (ctypes sets ``restype``/``argtypes`` on them)."""

    def __init__(self, items: dict[str, str], *, wide: bool, photo: bytes | None) -> None:
        self.items = items
        self.cards = 0  # CVR_Authenticate answers 1 once this many polls happened
        self.polls = 0
        self.closed = False
        self.content_calls: list[int] = []
        for item, fn in ITEMS.items():
            setattr(self, fn, self._ansi(item))
            if wide:
                setattr(self, fn + "U", self._wide(item))
        if photo is not None:
            self.GetBMPData = self._bytes(photo)
        for name in ("CVR_InitComm", "CVR_Authenticate", "CVR_Read_Content", "CVR_CloseComm"):
            setattr(self, name, Export(getattr(self, "_" + name)))

    def _CVR_InitComm(self, port: int) -> int:
        return 1 if port == 1001 else 0

    def _CVR_Authenticate(self) -> int:
        self.polls += 1
        return 1 if self.polls > self.cards else 2

    def _CVR_Read_Content(self, active: int) -> int:
        self.content_calls.append(active)
        return 1

    def _CVR_CloseComm(self) -> int:
        self.closed = True
        return 1

    def _bytes(self, data: bytes) -> Callable[..., int]:
        def fn(buffer: Any, size: Any) -> int:
            ctypes.memmove(buffer, data, len(data))
            size._obj.value = len(data)
            return 1

        return fn

    def _wide(self, item: str) -> Callable[..., int]:
        return self._bytes(self.items[item].encode("utf-16-le") + b"\x00\x00")

    def _ansi(self, item: str) -> Callable[..., int]:
        text = self.items[item].encode("gbk", errors="replace")  # "?" for what GBK lacks
        return self._bytes(text + b"\x00")


ITEMS = {
    "name": "GetPeopleName",
    "sex": "GetPeopleSex",
    "nation": "GetPeopleNation",
    "birth": "GetPeopleBirthday",
    "address": "GetPeopleAddress",
    "id_number": "GetPeopleIDCode",
    "authority": "GetDepartment",
    "valid_from": "GetStartDate",
    "valid_until": "GetEndDate",
}


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[ModuleType]:
    """The adapter module, imported as on Windows (its ctypes calls go to FakeTermb)."""
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TEMP", str(tmp_path / "temp"))
    sys.modules.pop("xueji_desktop.core.id_card_windows", None)
    module = importlib.import_module("xueji_desktop.core.id_card_windows")
    yield module
    sys.modules.pop("xueji_desktop.core.id_card_windows", None)


def fake_items() -> dict[str, str]:
    fields = dataclasses.asdict(raw())
    return {k: str(v) for k, v in fields.items() if k in ITEMS}


def adapter(module: ModuleType, fake: FakeTermb, folder: Path) -> Any:
    return module.TermbReader(fake, folder, None, today=lambda: TODAY)


def fake_time(monkeypatch: pytest.MonkeyPatch, module: ModuleType) -> list[float]:
    """The adapter's clock: each look for a card takes a second, sleeps are recorded."""
    slept: list[float] = []
    clock = iter(range(10**6))
    monkeypatch.setattr(
        module, "time", SimpleNamespace(sleep=slept.append, monotonic=lambda: float(next(clock)))
    )
    return slept


def test_the_adapter_prefers_the_wide_entry_points(
    windows: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeTermb(fake_items(), wide=True, photo=card_photo(2))
    fake.cards = 3  # the card is put down on the fourth look
    slept = fake_time(monkeypatch, windows)
    reader = adapter(windows, fake, tmp_path)
    card = reader.read(10.0)
    assert card.name == "欧阳䶮" and not card.name_unsure
    assert card.photo == card_photo(2)
    assert fake.content_calls == [1] and len(slept) == 3
    reader.close()
    assert fake.closed


def test_the_adapter_says_when_gbk_lost_a_character(windows: ModuleType, tmp_path: Path) -> None:
    fake = FakeTermb(fake_items(), wide=False, photo=None)
    vendor = tmp_path / "temp" / "chinaidcard"
    vendor.mkdir(parents=True)
    (tmp_path / "zp.bmp").write_bytes(card_photo(3))  # this version writes the photo to a file
    (vendor / "wz.txt").write_bytes(b"the card's text")
    card = adapter(windows, fake, tmp_path).read(1.0)
    assert card.name == "欧阳?" and card.name_unsure
    assert card.photo == card_photo(3)
    # The vendor's files are gone after the read.
    assert not (tmp_path / "zp.bmp").exists() and not (vendor / "wz.txt").exists()


def test_the_adapter_times_out_without_a_card(
    windows: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeTermb(fake_items(), wide=True, photo=None)
    fake.cards = 10**9
    slept = fake_time(monkeypatch, windows)
    with pytest.raises(IdCardReaderError) as exc:
        adapter(windows, fake, tmp_path).read(5.0)
    assert failure(exc) == ("no_card", None)
    assert len(slept) == 4  # looked every poll until five seconds had gone by


def test_the_adapter_stops_when_cancelled(
    windows: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeTermb(fake_items(), wide=True, photo=None)
    fake.cards = 10**9
    fake_time(monkeypatch, windows)
    with pytest.raises(IdCardReaderError) as exc:
        adapter(windows, fake, tmp_path).read(60.0, cancelled=lambda: fake.polls >= 2)
    assert exc.value.fields == {"reason": "no_card", "cancelled": True}


def test_the_adapter_finds_no_library(windows: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(windows, "library_folders", lambda: [Path("/nonexistent")])
    windows.find_readers.cache_clear()
    assert windows.find_readers() == []
