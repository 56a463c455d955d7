"""Tests for the US holiday rule set."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from keel.data.market_hours.holidays import (
    bank_holidays,
    early_close_days,
    easter_sunday,
    full_closures,
    monday_style_holidays,
    nyse_holidays,
)


def test_known_dates() -> None:
    assert easter_sunday(2013) == date(2013, 3, 31)
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert full_closures(2022) == [date(2022, 4, 15), date(2022, 12, 26)]  # Jan 1 2022 was a Saturday
    assert monday_style_holidays(2013) == [
        date(2013, 1, 21),
        date(2013, 2, 18),
        date(2013, 5, 27),
        date(2013, 7, 4),
        date(2013, 9, 2),
        date(2013, 11, 28),
    ]
    assert date(2022, 6, 20) in monday_style_holidays(2022)  # Juneteenth observed
    assert date(2021, 6, 18) not in nyse_holidays(2021)
    assert early_close_days(2013) == [date(2013, 11, 29), date(2013, 12, 24), date(2013, 7, 3)]
    assert date(2013, 10, 14) in bank_holidays(2013)  # Columbus Day
    assert date(2012, 10, 29) in nyse_holidays(2012)  # Hurricane Sandy


@given(st.integers(min_value=1990, max_value=2060))
def test_holidays_fall_on_weekdays(year: int) -> None:
    for day in full_closures(year) + monday_style_holidays(year) + early_close_days(year):
        assert day.weekday() < 5
    assert easter_sunday(year).weekday() == 6
