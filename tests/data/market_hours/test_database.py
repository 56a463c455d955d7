"""Tests for keel.data.market_hours: database lookup, exchange hours and strict daily times."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from keel.data.market_hours import (
    MarketHoursDatabase,
    MarketHoursNotFoundError,
    MarketHoursState,
    SecurityExchangeHours,
    daily_calendar,
    strict_daily_bar_times,
    strict_daily_times_utc,
)
from keel.model.enums import SecurityType


@pytest.fixture(scope="module")
def es_hours(lean_data_folder: Path) -> SecurityExchangeHours:
    db = MarketHoursDatabase.from_data_folder(lean_data_folder)
    return db.get_entry("cme", "ES", SecurityType.FUTURE).exchange_hours


def test_lookup_exact_then_wildcard_then_error(lean_data_folder: Path) -> None:
    db = MarketHoursDatabase.from_data_folder(lean_data_folder)
    es = db.get_entry("cme", "ES", SecurityType.FUTURE)
    assert es.data_time_zone == "UTC" and es.exchange_hours.time_zone == "America/New_York"
    generic = db.get_entry("cme", "NOTAROOT", SecurityType.FUTURE)
    assert generic.exchange_hours.time_zone == "America/Chicago"
    hsi = db.get_entry("hkfe", "HSI", SecurityType.FUTURE)
    assert hsi.data_time_zone == "Asia/Hong_Kong"
    with pytest.raises(MarketHoursNotFoundError, match="Future-nowhere-ES"):
        db.get_entry("nowhere", "ES", SecurityType.FUTURE)
    with pytest.raises(KeyError):
        db.get_entry("nowhere", "ES", SecurityType.FUTURE)


def test_specific_entry_inherits_market_holidays(es_hours: SecurityExchangeHours) -> None:
    assert date(2013, 12, 25) in es_hours.holidays  # from Future-cme-[*]
    assert es_hours.early_closes[date(2013, 11, 29)] == timedelta(hours=13, minutes=15)
    assert date(2013, 10, 14) in es_hours.bank_holidays


def test_set_entry_overrides(lean_data_folder: Path) -> None:
    db = MarketHoursDatabase.from_data_folder(lean_data_folder)
    hours = db.get_entry("cme", "ES", SecurityType.FUTURE).exchange_hours
    db.set_entry("cme", "ES", SecurityType.FUTURE, hours, "America/Chicago")
    assert db.get_entry("cme", "ES", SecurityType.FUTURE).data_time_zone == "America/Chicago"


def test_regular_and_extended_sessions(es_hours: SecurityExchangeHours) -> None:
    monday = date(2013, 10, 7)
    hours = es_hours.get_market_hours(monday)
    assert [s.state for s in hours.segments] == [
        MarketHoursState.PREMARKET,
        MarketHoursState.MARKET,
        MarketHoursState.POSTMARKET,
    ]
    assert es_hours.is_open_at(datetime(2013, 10, 7, 10), extended=False)
    assert not es_hours.is_open_at(datetime(2013, 10, 7, 8), extended=False)
    assert es_hours.is_open_at(datetime(2013, 10, 7, 8), extended=True)
    assert not es_hours.is_open_at(datetime(2013, 10, 7, 17, 30), extended=True)  # daily halt
    assert es_hours.is_open(datetime(2013, 10, 7, 9, 29), datetime(2013, 10, 7, 9, 31), False)
    assert not es_hours.is_open(datetime(2013, 10, 7, 9, 29), datetime(2013, 10, 7, 9, 30), False)
    assert es_hours.is_open(datetime(2013, 10, 5, 12), datetime(2013, 10, 7, 1), True)  # spans Sunday evening
    assert not es_hours.is_open(datetime(2013, 10, 5, 0), datetime(2013, 10, 6, 17), True)


def test_early_close_and_late_open(es_hours: SecurityExchangeHours) -> None:
    black_friday = es_hours.get_market_hours(date(2013, 11, 29))
    assert black_friday.segments[-1].end == timedelta(hours=13, minutes=15)
    assert not es_hours.is_open_at(datetime(2013, 11, 29, 14), extended=True)
    mlk = es_hours.get_market_hours(date(2014, 1, 20))  # early close 11:30, late open 18:00
    assert [(s.start, s.end) for s in mlk.segments][1:] == [
        (timedelta(hours=9, minutes=30), timedelta(hours=11, minutes=30)),
        (timedelta(hours=18), timedelta(days=1)),
    ]
    assert es_hours.get_market_hours(date(2013, 12, 25)).is_closed_all_day


def test_trading_days_and_next_open_close(es_hours: SecurityExchangeHours) -> None:
    assert not es_hours.is_date_open(date(2013, 10, 6))  # Sunday: extended hours only
    assert es_hours.is_date_open(date(2013, 10, 6), extended=True)
    assert es_hours.get_next_trading_day(date(2013, 10, 4)) == date(2013, 10, 7)
    assert es_hours.get_previous_trading_day(date(2013, 12, 26)) == date(2013, 12, 24)
    noon = datetime(2013, 10, 7, 12)
    assert es_hours.get_next_market_open(noon, False) == datetime(2013, 10, 8, 9, 30)
    assert es_hours.get_next_market_close(noon, False) == datetime(2013, 10, 7, 17)
    assert es_hours.get_next_market_open(datetime(2013, 10, 4, 18), True) == datetime(2013, 10, 6, 18)


def test_daily_calendar_and_strict_times(es_hours: SecurityExchangeHours) -> None:
    assert daily_calendar(es_hours, datetime(2013, 10, 7, 20)) == (
        datetime(2013, 10, 7, 9, 30),
        datetime(2013, 10, 7, 17),
    )
    # UTC daily bar of Monday 2013-10-07 = Sun 20:00 ET .. Mon 20:00 ET -> Mon 09:30-17:00
    assert strict_daily_bar_times(es_hours, datetime(2013, 10, 6, 20), datetime(2013, 10, 7, 20)) == (
        datetime(2013, 10, 7, 9, 30),
        datetime(2013, 10, 7, 17),
    )
    # the Sunday-only UTC bar is dropped
    assert strict_daily_bar_times(es_hours, datetime(2013, 10, 5, 20), datetime(2013, 10, 6, 20)) is None
    day = 86_400_000_000_000
    start = np.array([1381017600, 1381104000], dtype=np.int64) * 1_000_000_000  # 2013-10-06, 07 UTC
    new_start, new_end, keep = strict_daily_times_utc(es_hours, start, start + day)
    assert keep.tolist() == [False, True]
    assert new_start[1] == 1381152600 * 1_000_000_000  # 2013-10-07 13:30 UTC
    assert new_end[1] == 1381179600 * 1_000_000_000  # 2013-10-07 21:00 UTC


def test_per_date_cache_is_fast(es_hours: SecurityExchangeHours) -> None:
    import time

    start = time.perf_counter()
    t = datetime(2013, 10, 7, 10)
    for _ in range(20000):
        es_hours.is_open(t, t + timedelta(minutes=1), False)
    assert time.perf_counter() - start < 1.0


def test_builtin_tables() -> None:
    db = MarketHoursDatabase.builtin()
    for market, root in (
        ("cme", "ES"),
        ("nymex", "CL"),
        ("comex", "GC"),
        ("cbot", "ZN"),
        ("cme", "6E"),
        ("cbot", "ZC"),
        ("cme", "SR3"),
        ("cbot", "YM"),
    ):
        entry = db.get_entry(market, root, SecurityType.FUTURE)
        assert entry.data_time_zone == "UTC" and entry.exchange_hours.time_zone == "America/Chicago"
    es = db.get_exchange_hours("cme", "ES", SecurityType.FUTURE)
    assert date(2024, 3, 29) in es.holidays  # Good Friday
    assert date(2024, 12, 25) in es.holidays
    assert es.early_closes[date(2024, 1, 15)] == timedelta(hours=12)  # MLK halt
    assert es.late_opens[date(2024, 1, 15)] == timedelta(hours=17)
    assert es.early_closes[date(2024, 11, 29)] == timedelta(hours=12, minutes=15)
    assert es.is_open_at(datetime(2024, 1, 15, 18), extended=True)
    assert not es.is_open_at(datetime(2024, 1, 15, 13), extended=True)
    equity = db.get_exchange_hours("usa", "SPY", SecurityType.EQUITY)
    assert date(2024, 6, 19) in equity.holidays and date(2021, 6, 18) not in equity.holidays


def test_from_data_folder_without_json_uses_builtin(tmp_path: Path) -> None:
    db = MarketHoursDatabase.from_data_folder(tmp_path)
    assert "built-in" in db.source


def test_previous_market_open_skips_segments_continuing_a_session(es_hours: SecurityExchangeHours) -> None:
    """LEAN ``GetPreviousMarketOpen``: the latest segment start at/before the time that really opens
    the market; with extended hours the session running through midnight opened the evening before."""
    monday_noon = datetime(2013, 10, 7, 12)
    assert es_hours.get_previous_market_open(monday_noon, False) == datetime(2013, 10, 7, 9, 30)
    # extended: pre-market since Sunday 18:00 runs straight into the regular session
    assert es_hours.get_previous_market_open(monday_noon, True) == datetime(2013, 10, 6, 18)
    assert es_hours.get_previous_market_open(datetime(2013, 10, 8, 3), True) == datetime(2013, 10, 7, 18)
    # regular hours on a Saturday: Friday's open
    assert es_hours.get_previous_market_open(datetime(2013, 10, 12, 12), False) == datetime(2013, 10, 11, 9, 30)
