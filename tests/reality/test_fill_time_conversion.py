"""The fill models' cached local -> UTC conversion equals the exact one, DST transitions included."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from keel.reality.fills import _fast_local_to_utc
from keel.securities.exchange import local_to_utc


@pytest.mark.parametrize("zone", ["America/Chicago", "Europe/London", "Australia/Lord_Howe", "UTC"])
def test_cached_conversion_matches_zoneinfo_across_a_year(zone: str) -> None:
    tz = ZoneInfo(zone)
    t = datetime(2020, 1, 1)
    while t < datetime(2021, 1, 1):
        for minutes in (0, 29, 30, 59):
            local = t + timedelta(minutes=minutes, seconds=7, microseconds=123)
            assert _fast_local_to_utc(local, tz) == local_to_utc(local, tz), local
        t += timedelta(hours=1)
    assert _fast_local_to_utc(datetime.min, tz) == datetime.min
