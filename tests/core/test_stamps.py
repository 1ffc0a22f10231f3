"""Archive time stamps are stored in UTC and shown in the computer's local time everywhere."""

from __future__ import annotations

import pytest


def test_archive_stamps_are_shown_in_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from xueji_desktop.core.normalize import local_moment

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        moment = local_moment("2026-11-26T06:22:13.432365Z")
        assert moment is not None and (moment.day, moment.hour, moment.minute) == (26, 14, 22)
        assert local_moment("2026-11-26T18:00:00Z").day == 27  # type: ignore[union-attr]
        for junk in ("", "昨天", "2026-13-01T00:00:00Z", None):
            assert local_moment(junk) is None  # type: ignore[arg-type]
    finally:
        monkeypatch.undo()
        time.tzset()
