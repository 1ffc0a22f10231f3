"""Clerk sentences (zh, en) for the 居民身份证 reader (core/id_card*.py, issue 8 §5)."""

from __future__ import annotations

# Error code (or "code:reason") -> (zh, en); merged into messages._MESSAGES.
ID_CARD_ERRORS: dict[str, tuple[str, str]] = {
    "id_card_reader": (
        "身份证读卡器用不了。请把信息照证件手工填写。",
        "The ID card reader cannot be used. Please type the details from the card.",
    ),
    "id_card_reader:no_reader": (
        "没有找到身份证读卡器。请检查读卡器的线是否插好、指示灯是否亮着，再试一次。",
        "No ID card reader was found. Check that the reader is plugged in and its light is on, "
        "then try again.",
    ),
    "id_card_reader:no_card": (
        "读卡器上没有身份证。请把身份证平放在读卡器上，再点“读身份证”。",
        "There is no ID card on the reader. Lay the card flat on the reader and click "
        "“Read ID card” again.",
    ),
    "id_card_reader:read_failed": (
        "身份证没有读成功。请把证件拿起来重新平放在读卡器上，不要移动，再读一次。",
        "The ID card could not be read. Lift the card, lay it flat on the reader again, keep "
        "it still and read it once more.",
    ),
    "id_card_reader:driver": (
        "读卡器的驱动程序没有装好，无法使用。请联系负责装机的老师，这次先照证件手工填写。",
        "The card reader's driver is not installed properly. Please ask whoever set up this "
        "computer; for now, type the details from the card.",
    ),
}
