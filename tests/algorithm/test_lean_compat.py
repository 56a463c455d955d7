"""LEAN names: TimeZones, Extensions, DayOfWeek, LeanData calendars, MarketHourAwareConsolidator,
LEAN-style SecurityExchangeHours and the market-hours database adapter."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from keel.algorithm.lean_compat import (
    CalendarInfo,
    DayOfWeek,
    Extensions,
    LeanData,
    LeanMarketHoursDatabase,
    MarketHourAwareConsolidator,
    SecurityExchangeHours,
    TimeZones,
)
from keel.data.market_hours import MarketHoursDatabase
from keel.model.bars import TradeBar
from keel.model.enums import SecurityType, TickType
from keel.securities.testing import es_symbol


@pytest.fixture()
def es_hours():
    return MarketHoursDatabase.builtin().get_entry("cme", "ES", SecurityType.FUTURE).exchange_hours


def test_time_zones_both_spellings_and_conversions() -> None:
    assert TimeZones.NEW_YORK == TimeZones.NewYork == "America/New_York"
    assert TimeZones.UTC == TimeZones.Utc == "UTC"
    assert TimeZones.HONG_KONG == "Asia/Hong_Kong"
    utc = datetime(2013, 10, 9, 3, 59)
    local = Extensions.convert_from_utc(utc, TimeZones.NEW_YORK)
    assert local == datetime(2013, 10, 8, 23, 59)
    assert Extensions.convert_to_utc(local, TimeZones.NEW_YORK) == utc


def test_day_of_week_uses_dotnet_numbering() -> None:
    assert int(DayOfWeek.SUNDAY) == 0 and DayOfWeek.Monday == DayOfWeek.MONDAY
    assert DayOfWeek.MONDAY.python_weekday == 0
    assert DayOfWeek.from_python_weekday(6) == DayOfWeek.SUNDAY


def test_daily_calendar_spans_the_regular_session(es_hours) -> None:
    open_ = es_hours.get_next_market_open(datetime(2013, 10, 8), False)
    close = es_hours.get_next_market_close(open_, False)
    info = LeanData.get_daily_calendar(open_ + timedelta(hours=2), es_hours, False)
    assert isinstance(info, CalendarInfo) and isinstance(info, tuple)
    assert (info.start, info.end) == (open_, close)


def _feed_minutes(consolidator, start: datetime, end: datetime) -> None:
    symbol = es_symbol()
    t = start
    while t < end:
        consolidator.update(TradeBar(symbol, t, t + timedelta(minutes=1), 1.0, 2.0, 0.5, 1.5, 1.0))
        t += timedelta(minutes=1)


def test_market_hour_aware_consolidator_anchors_on_the_open_and_stops_at_the_close(es_hours) -> None:
    open_ = es_hours.get_next_market_open(datetime(2013, 10, 8), False)
    close = es_hours.get_next_market_close(open_, False)
    consolidator = MarketHourAwareConsolidator(
        True, timedelta(minutes=7), TradeBar, TickType.TRADE, False, exchange_hours=es_hours
    )
    bars: list[TradeBar] = []
    consolidator.data_consolidated += lambda _sender, bar: bars.append(bar)  # LEAN's event syntax
    _feed_minutes(consolidator, open_ - timedelta(minutes=30), close + timedelta(minutes=30))
    assert bars, "no bar consolidated"
    assert bars[0].time == open_
    for bar in bars:
        assert (bar.time - open_) % timedelta(minutes=7) == timedelta(0)
        assert bar.end_time - bar.time <= timedelta(minutes=7)
        assert bar.end_time <= close
    assert bars[-1].end_time == close
    session_minutes = (close - open_) // timedelta(minutes=1)
    assert sum(bar.volume for bar in bars) == session_minutes  # data outside regular hours is ignored


def test_market_hour_aware_consolidator_daily_bars_use_the_daily_calendar(es_hours) -> None:
    open_ = es_hours.get_next_market_open(datetime(2013, 10, 8), False)
    close = es_hours.get_next_market_close(open_, False)
    consolidator = MarketHourAwareConsolidator(True, timedelta(days=1), TradeBar, TickType.TRADE, False, es_hours)
    bars: list[TradeBar] = []
    consolidator.data_consolidated.append(lambda _sender, bar: bars.append(bar))
    _feed_minutes(consolidator, open_, close)
    assert [(b.time, b.end_time) for b in bars] == [(open_, close)]


def test_lean_style_exchange_hours_round_trip_through_the_database() -> None:
    database = LeanMarketHoursDatabase(MarketHoursDatabase.builtin())
    entry = database.get_entry("cme", "ES", SecurityType.FUTURE)
    hours = entry.exchange_hours
    assert set(hours.market_hours) == set(DayOfWeek)
    rebuilt = SecurityExchangeHours(
        "Etc/GMT-2", hours.holidays, hours.market_hours, hours.early_closes, hours.late_opens
    )
    assert rebuilt.time_zone == "Etc/GMT-2"
    for weekday in range(7):
        assert rebuilt.weekly[weekday].segments == hours.weekly[weekday].segments
    database.set_entry("cme", "ES", SecurityType.FUTURE, rebuilt, TimeZones.UTC)
    stored = database.get_entry("cme", "ES", SecurityType.FUTURE)
    assert stored.data_time_zone == "UTC"
    assert stored.exchange_hours.time_zone == "Etc/GMT-2"
    assert stored.exchange_hours.holidays == hours.holidays


def test_lean_style_exchange_hours_accept_datetimes_for_holidays() -> None:
    base = MarketHoursDatabase.builtin().get_entry("cme", "ES", SecurityType.FUTURE).exchange_hours
    lean = SecurityExchangeHours.from_hours(base)
    custom = SecurityExchangeHours(base.time_zone, [datetime(2013, 10, 8)], lean.market_hours, {}, {})
    assert not custom.is_date_open(date(2013, 10, 8))
    assert custom.is_date_open(date(2013, 10, 9))


def test_futures_expiry_function_gives_the_contract_months_expiry() -> None:
    from datetime import datetime

    from keel.algorithm.lean_compat import FuturesExpiryFunctions
    from keel.model.symbol import Symbol

    es = Symbol.create("ES", SecurityType.FUTURE, "cme")
    expiry = FuturesExpiryFunctions.futures_expiry_function(es)
    assert expiry(datetime(2013, 12, 17)).date() == date(2013, 12, 20)  # third Friday
    assert FuturesExpiryFunctions.FuturesExpiryFunction("ES")(date(2014, 3, 1)).date() == date(2014, 3, 21)


def test_futures_chains_data_frame_is_indexed_by_canonical_and_contract() -> None:
    from types import SimpleNamespace

    from keel.algorithm.lean_compat import FuturesChains
    from keel.engine.universe import FutureChain

    def contract(expiry: datetime, last: float) -> SimpleNamespace:
        return SimpleNamespace(
            expiry=expiry, open_interest=7, last_price=last, volume=3, bid_price=1, bid_size=2, ask_price=4, ask_size=5
        )

    dec, mar = es_symbol(date(2013, 12, 20)), es_symbol(date(2014, 3, 21))
    canonical = dec.canonical
    contracts = {mar: contract(datetime(2014, 3, 21), 10.5), dec: contract(datetime(2013, 12, 20), 9)}
    chain = FutureChain(canonical, contracts)
    frame = FuturesChains({canonical: chain}, flatten=True).data_frame
    assert list(frame.index.names) == ["canonical", "symbol"]
    assert frame.index[0] == (canonical, dec)  # contracts in LEAN's key order within the chain
    assert list(frame.loc[canonical].lastprice) == [9.0, 10.5]
    # no chain: an empty frame, not pandas' "No objects to concatenate"
    assert FuturesChains({}).data_frame.empty
