"""Exchange time zone different from the data time zone (LEAN's ContinuousFutureRollover* family),
the symbol changed event's time, the continuous prices at a rollover and seeded initial prices."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from AlgorithmImports import *  # noqa: F403
from keel.algorithm.lean_compat import SecurityExchangeHours as LeanExchangeHours
from keel.data.market_hours.database import MarketHoursDatabase
from keel.engine.backtest import run_backtest
from keel.engine.clock import converter
from keel.engine.continuous_cache import adopt_mapped_prices
from keel.engine.data_source import LeanDataSource
from keel.engine.feed import HistoricalFeed
from keel.engine.subscriptions import SubscriptionDataConfig
from keel.model.bars import QuoteBar, TradeBar
from keel.model.enums import Resolution, SecurityType, TickType
from keel.model.slice import SymbolChangedEvent
from keel.model.symbol import Symbol
from keel.securities.security import Security

ES_DEC13 = Symbol.create_future("ES", "cme", date(2013, 12, 20), date(2013, 12, 1))
AHEAD = "Etc/GMT-2"  # UTC+2


def _daily_config(folder: Path, exchange_tz: str, fill_forward: bool = True) -> SubscriptionDataConfig:
    entry = MarketHoursDatabase.from_data_folder(folder).get_entry("cme", "ES", SecurityType.FUTURE)
    hours = LeanExchangeHours.from_hours(entry.exchange_hours)
    shifted = LeanExchangeHours(exchange_tz, hours.holidays, hours.market_hours, hours.early_closes, hours.late_opens)
    return SubscriptionDataConfig(
        ES_DEC13, TickType.TRADE, Resolution.DAILY, shifted, exchange_tz, "UTC", True, fill_forward
    )


def test_daily_bars_survive_an_exchange_time_zone_ahead_of_the_data(lean_data: Path) -> None:
    """A UTC daily bar re-stamped to the UTC+2 session falls in the previous exchange day's window."""
    conv = converter(AHEAD)
    feed = HistoricalFeed(LeanDataSource(lean_data))
    feed.add(_daily_config(lean_data, AHEAD))
    bars = []
    day = date(2013, 10, 8)
    while day <= date(2013, 10, 11):
        start = conv.local_to_utc_ns(datetime(day.year, day.month, day.day))
        end = conv.local_to_utc_ns(datetime(day.year, day.month, day.day + 1))
        bars += [p for _, points in feed.window(start, end) for p in points if isinstance(p, TradeBar)]
        day = date(day.year, day.month, day.day + 1)
    real = [b for b in bars if not b.is_fill_forward]
    assert [b.end_time for b in real] == [datetime(2013, 10, d, 17) for d in (8, 9, 10, 11)]
    assert all(b.time == datetime(b.end_time.year, b.end_time.month, b.end_time.day, 9, 30) for b in real)


def test_daily_bars_without_fill_forward_start_at_the_session_open(lean_data: Path) -> None:
    conv = converter("UTC")
    stream = HistoricalFeed(LeanDataSource(lean_data)).add(_daily_config(lean_data, "UTC", fill_forward=False))
    _, points = stream.points(conv.local_to_utc_ns(datetime(2013, 10, 8)), conv.local_to_utc_ns(datetime(2013, 10, 9)))
    assert [(p.time, p.end_time) for p in points] == [(datetime(2013, 10, 8, 9, 30), datetime(2013, 10, 8, 17))]


def test_symbol_changed_event_ends_at_its_time() -> None:
    canonical = Symbol.create("ES", SecurityType.FUTURE, "cme")
    event = SymbolChangedEvent(canonical, datetime(2013, 12, 18), ES_DEC13, ES_DEC13)
    assert event.end_time == event.EndTime == datetime(2013, 12, 18)


def _security(symbol: Symbol, lean_data: Path) -> Security:
    mhdb = MarketHoursDatabase.from_data_folder(lean_data)
    entry = mhdb.get_entry("cme", "ES", SecurityType.FUTURE)
    from keel.data.symbol_properties import SymbolPropertiesDatabase
    from keel.securities.cash import CashBook

    props = SymbolPropertiesDatabase.from_data_folder(lean_data).get("cme", "ES", SecurityType.FUTURE)
    book = CashBook()
    return Security(symbol, entry.exchange_hours, book.get_or_add("USD"), props, "UTC", book)


def test_continuous_takes_the_new_contracts_data_at_a_rollover(lean_data: Path) -> None:
    canonical = Symbol.create("ES", SecurityType.FUTURE, "cme")
    continuous, new = _security(canonical, lean_data), _security(ES_DEC13, lean_data)
    t0, t1 = datetime(2013, 12, 17, 9, 30), datetime(2013, 12, 17, 17)
    continuous.set_market_price(TradeBar(canonical, t0, t1, 10, 10, 10, 10, 1))
    assert not adopt_mapped_prices(continuous, new)  # the new contract has no data yet: keep the old prices
    assert continuous.price == 10
    new.set_market_price(QuoteBar(ES_DEC13, t0, t1, None, 0, None, 0))
    new.set_market_price(TradeBar(ES_DEC13, t0, t1, 20, 20, 20, 20, 1))
    assert not adopt_mapped_prices(continuous, new, price_scale=0.9)  # adjusted prices are not the contract's
    assert adopt_mapped_prices(continuous, new)
    assert continuous.price == 20
    assert continuous.get_last_data().symbol == canonical


class SeededContinuousFuture(QCAlgorithm):  # noqa: F405
    """Continuous ES with Settings.SeedInitialPrices: priced before its first slice."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 9)
        self.set_end_date(2013, 10, 9)
        self.settings.seed_initial_prices = True
        self.es = self.add_future(Futures.Indices.SP500EMini, Resolution.DAILY)  # noqa: F405
        self.price_at_start = self.es.price

    def on_data(self, slice) -> None:
        pass


def test_seed_initial_prices_prices_new_securities_from_history(lean_data: Path) -> None:
    run = run_backtest(SeededContinuousFuture, lean_data)
    algorithm = run.algorithm
    assert algorithm.price_at_start > 0
    assert run.engine.history_data_points > 0
