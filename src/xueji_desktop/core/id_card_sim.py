"""A simulated 居民身份证 reader for tests and the practice archive.

It holds a queue of cards. Each card is kept as a real chip's 256-byte UCS-2 text block (and a
photo), so a read goes through the same decoding and checks as a real reader's
(``id_card.parse_base_message`` then ``id_card.parse_card``). A queue entry may instead simulate
trouble: ``NO_CARD`` (nobody puts a card on the reader: the read waits its full time) or
``READ_FAILED`` (the card was moved too early). With an empty queue a read waits for a card to
be put (``put``) until its time is up, checking ``cancelled`` as it goes.

The practice reader (``practice_reader``) makes new people with the demo generator's word lists
and places (core/demo_people), never the practice archive's own students, and one in five with
a rare character in the name (扩展A 䶮, which GBK cannot hold).
"""

from __future__ import annotations

import datetime
import struct
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from xueji_desktop.core.demo_people import People
from xueji_desktop.core.errors import IdCardReaderError
from xueji_desktop.core.id_card import (
    IdCardData,
    ReaderOption,
    encode_base_message,
    parse_base_message,
    parse_card,
)
from xueji_desktop.core.regions import region_periods

__all__ = [
    "NO_CARD",
    "READ_FAILED",
    "SimCard",
    "SimulatedReader",
    "card_photo",
    "demo_cards",
    "make_card",
    "practice_option",
    "practice_reader",
]

NO_CARD = "no_card"
READ_FAILED = "read_failed"
RARE_GIVEN = "䶮"  # U+4DAE, CJK Extension A: on cards, not in GBK
PHOTO_SIZE = (102, 126)  # the card photo's pixels (GA 467)
_STEP = 0.05  # seconds between looks at the queue, as a real reader polls


@dataclass(frozen=True, slots=True)
class SimCard:
    """A card's chip: the text block and the photo."""

    block: bytes = field(repr=False)
    photo: bytes | None = field(default=None, repr=False)


def card_photo(seed: int = 0) -> bytes:
    """A 102 × 126 BMP (24 bit) as a card holds after decoding: a head-and-shoulders figure on
    a pale background, its shade varied by ``seed``."""
    width, height = PHOTO_SIZE
    shade = 60 + (seed * 37) % 80
    row_size = (width * 3 + 3) & ~3
    rows = []
    for y in range(height - 1, -1, -1):  # BMP rows run bottom-up
        row = bytearray()
        for x in range(width):
            head = ((x - 51) / 24) ** 2 + ((y - 48) / 30) ** 2 <= 1
            shoulders = y > 88 and abs(x - 51) < 20 + (y - 88) * 1.2
            if head or shoulders:
                row += bytes((shade, shade + 10, shade + 30))
            else:
                row += b"\xf0\xf0\xf0"
        rows.append(bytes(row) + b"\x00" * (row_size - len(row)))
    pixels = b"".join(rows)
    header = struct.pack("<2sIHHI", b"BM", 54 + len(pixels), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(pixels), 3780, 3780, 0, 0)
    return header + info + pixels


def make_card(
    *,
    name: str,
    gender: str,
    nation: str,
    birth: datetime.date,
    address: str,
    id_number: str,
    authority: str,
    valid_from: datetime.date,
    valid_until: datetime.date | None,
    photo: bytes | None = None,
) -> SimCard:
    """A card with these items (``nation`` the GB/T 3304 code, as the chip holds it)."""
    block = encode_base_message(
        {
            "name": name,
            "sex": gender,
            "nation": nation,
            "birth": f"{birth:%Y%m%d}",
            "address": address,
            "id_number": id_number,
            "authority": authority,
            "valid_from": f"{valid_from:%Y%m%d}",
            "valid_until": "长期" if valid_until is None else f"{valid_until:%Y%m%d}",
        }
    )
    return SimCard(block, photo)


def demo_cards(seed: int, count: int, *, today: datetime.date) -> list[SimCard]:
    """``count`` cards of new people aged 15 or 16, with the demo generator's names and places;
    every fifth name (the first included) ends with a rare character."""
    people = People(seed)
    rng = people.rng
    cards = []
    for i in range(count):
        male = rng.random() < 0.5
        birth = today.replace(year=today.year - 16) + datetime.timedelta(days=rng.randrange(365))
        family, given = people.full_name(male)
        if i % 5 == 0:
            given = given[:1] + RARE_GIVEN
        county = people.county(birth.year)
        _, detail, _, _ = people.place(county)
        issued = today - datetime.timedelta(days=rng.randrange(30, 900))
        issued = max(issued, birth + datetime.timedelta(days=30))
        years = 5 if (issued - birth).days < 16 * 365 else 10  # under 16: a five-year card
        cards.append(
            make_card(
                name=family + given,
                gender="1" if male else "2",
                nation=people.ethnicity(county),
                birth=birth,
                address=(people.names[county] + detail)[:35],  # the chip holds 35
                id_number=people.id_number(county, birth, male),
                authority=_authority(county),
                valid_from=issued,
                valid_until=issued.replace(year=issued.year + years),
                photo=card_photo(seed * 1000 + i),
            )
        )
    return cards


def _authority(county: str) -> str:
    """The issuing police office as printed: 某某县公安局, 某某市公安局某某分局 for a district."""
    own = region_periods(county)[-1].name
    city = region_periods(county[:4] + "00")
    if own.endswith("区") and city:
        return f"{city[-1].name}公安局{own[:-1]}分局"[-15:]  # the chip holds 15 characters
    return f"{own}公安局"[-15:]


class SimulatedReader:
    """The ``IdCardReader`` of tests and the practice archive (see the module docstring).

    ``refill``: called with no arguments when the queue is empty, to put more cards (the
    practice reader never runs dry). ``gate``: when given, a read waits until it is set (tests
    hold a read "in progress" without timing)."""

    tested = True

    def __init__(
        self,
        cards: Iterable[SimCard | str] = (),
        *,
        today: datetime.date,
        refill: Callable[[], Iterable[SimCard | str]] | None = None,
        gate: threading.Event | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._queue: deque[SimCard | str] = deque(cards)
        self._lock = threading.Lock()
        self.today = today
        self.refill = refill
        self.gate = gate
        self.sleep = sleep
        self.closed = False
        self.reads = 0

    def put(self, card: SimCard | str) -> None:
        with self._lock:
            self._queue.append(card)

    def _take(self) -> SimCard | str | None:
        with self._lock:
            if not self._queue and self.refill is not None:
                self._queue.extend(self.refill())
            return self._queue.popleft() if self._queue else None

    def read(self, timeout_s: float, cancelled: Callable[[], bool] | None = None) -> IdCardData:
        if self.closed:
            raise IdCardReaderError(reason="no_reader")
        self.reads += 1
        stop = cancelled or (lambda: False)
        waited = 0.0
        while self.gate is not None and not self.gate.is_set():
            if stop():
                raise IdCardReaderError(reason="no_card", cancelled=True)
            self.gate.wait(_STEP)
        while True:
            if stop():
                raise IdCardReaderError(reason="no_card", cancelled=True)
            card = self._take()
            if card == NO_CARD:
                raise IdCardReaderError(reason="no_card")
            if card == READ_FAILED:
                raise IdCardReaderError(reason="read_failed", part="chip")
            if isinstance(card, SimCard):
                raw = parse_base_message(card.block, card.photo)
                return parse_card(raw, today=self.today)
            if waited >= timeout_s:
                raise IdCardReaderError(reason="no_card")
            self.sleep(_STEP)
            waited += _STEP

    def close(self) -> None:
        self.closed = True

    def reopen(self) -> SimulatedReader:
        """Connect again (``ReaderOption.open``): the queue carries on where it was."""
        self.closed = False
        return self

    def option(self) -> ReaderOption:
        """This reader as a reader option (each open is a ``reopen``)."""
        return ReaderOption("simulated", True, self.reopen)


def practice_reader(today: datetime.date, seed: int = 8) -> SimulatedReader:
    """The practice archive's reader: a new person each read, without end."""
    batch = [seed]

    def more() -> list[SimCard | str]:
        batch[0] += 1
        return list(demo_cards(batch[0], 5, today=today))

    return SimulatedReader(today=today, refill=more)


def practice_option(today: datetime.date) -> ReaderOption:
    """The practice archive's reader option: one reader, a new person at every read."""
    return practice_reader(today).option()
