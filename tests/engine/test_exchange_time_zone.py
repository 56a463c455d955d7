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


ES_MAR14 = Symbol.create_future("ES", "cme", date(2014, 3, 21), date(2014, 3, 1))


def _hour_continuous_config(folder: Path) -> SubscriptionDataConfig:
    """Continuous ES at hour resolution, extended hours, exchange UTC+2, reading Dec-2013."""
    config = _daily_config(folder, AHEAD)
    config.symbol = Symbol.create("ES", SecurityType.FUTURE, "cme")
    config.resolution = Resolution.HOUR
    config.mapped = ES_DEC13
    return config


def _last_hour_points(folder: Path, cutoff: bool) -> list[TradeBar]:
    conv = converter(AHEAD)
    start, end = conv.local_to_utc_ns(datetime(2013, 12, 17)), conv.local_to_utc_ns(datetime(2013, 12, 18))
    config = _hour_continuous_config(folder)
    if cutoff:
        config.roll_cutoff_ns = end
    stream = HistoricalFeed(LeanDataSource(folder)).add(config)
    _, points = stream.points(start, end)
    return [p for p in points if p.end_time >= datetime(2013, 12, 17, 23)]


def test_a_continuous_contract_skips_the_old_contracts_bar_ending_at_the_roll(lean_data: Path) -> None:
    """LEAN's reader skips the previous contract's point that triggers the mapping's exchange date
    change: the bar ending at the roll instant is filled forward from the bar before it."""
    plain = _last_hour_points(lean_data, cutoff=False)
    assert [(p.end_time, p.close, p.is_fill_forward) for p in plain] == [
        (datetime(2013, 12, 17, 23), 1780.5, False),
        (datetime(2013, 12, 18), 1778.25, False),
    ]
    rolled = _last_hour_points(lean_data, cutoff=True)
    assert [(p.end_time, p.close, p.is_fill_forward) for p in rolled] == [
        (datetime(2013, 12, 17, 23), 1780.5, False),
        (datetime(2013, 12, 18), 1780.5, True),
    ]


class HourRolloverAheadOfData(QCAlgorithm):  # noqa: F405
    """Continuous ES (hour, exchange UTC+2, data UTC) around its 2013-12-18 roll: records each slice."""

    def initialize(self) -> None:
        self.set_start_date(2013, 12, 17)
        self.set_end_date(2013, 12, 18)
        entry = self.market_hours_database.get_entry(Market.CME, "ES", SecurityType.FUTURE)  # noqa: F405
        hours = SecurityExchangeHours(  # noqa: F405
            AHEAD,
            entry.exchange_hours.holidays,
            entry.exchange_hours.market_hours,
            entry.exchange_hours.early_closes,
            entry.exchange_hours.late_opens,
        )
        self.market_hours_database.set_entry(Market.CME, "ES", SecurityType.FUTURE, hours, TimeZones.UTC)  # noqa: F405
        self.set_time_zone(AHEAD)
        self.set_benchmark(lambda x: 0)
        self.es = self.add_future(
            Futures.Indices.SP500EMini,  # noqa: F405
            Resolution.HOUR,
            extended_market_hours=True,
            data_normalization_mode=DataNormalizationMode.RAW,  # noqa: F405
            data_mapping_mode=DataMappingMode.OPEN_INTEREST,  # noqa: F405
            contract_depth_offset=0,
        )
        self.seen: list[tuple[datetime, bool, Symbol, bool, datetime]] = []

    def on_data(self, slice) -> None:
        bar = slice.bars.get(self.es.symbol)
        self.seen.append(
            (
                self.time,
                len(slice.symbol_changed_events) > 0,
                self.es.mapped,
                bar is not None and bar.is_fill_forward,
                self.es.get_last_data().end_time,
            )
        )


def test_the_roll_shares_one_time_step_with_the_data_ending_at_it(lean_data: Path) -> None:
    """LEAN's time slice at the roll instant holds the data ending there, the new ``Mapped`` and the
    ``SymbolChangedEvent`` together; the continuous contract's last data is still the old contract's
    bar ending before the roll (the bar ending at it was skipped, a fill-forward bar stands in)."""
    seen = run_backtest(HourRolloverAheadOfData, lean_data).algorithm.seen
    at_roll = [s for s in seen if s[0] == datetime(2013, 12, 18)]
    assert at_roll == [(datetime(2013, 12, 18), True, ES_MAR14, True, datetime(2013, 12, 17, 23))]
    assert sum(s[1] for s in seen) == 1
