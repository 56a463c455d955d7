"""LEAN's ``DataPoints`` counting rules: selection data, benchmark, open interest, shared feeds."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest
from keel.engine.data_source import LeanDataSource
from keel.engine.feed import HistoricalFeed
from keel.engine.selection_points import ChainSelectionPoints, previous_trading_day, user_universe_key
from keel.model.enums import Resolution, SecurityType, TickType
from keel.model.symbol import Symbol
from keel.securities.future import Future

from .fakes import ES_DEC13, ChainRows, WeekdayHours, es_config, ny_day


def test_previous_trading_day_skips_closed_days() -> None:
    hours = WeekdayHours()
    assert previous_trading_day(hours, date(2013, 10, 8), False) == date(2013, 10, 7)
    assert previous_trading_day(hours, date(2013, 10, 7), False) == date(2013, 10, 4)
    # the Sunday evening session counts when extended hours do
    assert previous_trading_day(hours, date(2013, 10, 7), True) == date(2013, 10, 6)


def test_chain_selection_counts_a_trigger_per_trading_day_and_every_file_row_once() -> None:
    rows = {date(2013, 10, 7): 5, date(2013, 10, 8): 5, date(2013, 10, 9): 4}
    points = ChainSelectionPoints(ChainRows(rows), WeekdayHours(), added_on=date(2013, 10, 8))
    # starts on the previous trading day: 10-07 and 10-08, one trigger and five rows each
    assert points.through(date(2013, 10, 8)) == 12
    assert points.through(date(2013, 10, 8)) == 0, "a day is counted once"
    assert points.through(date(2013, 10, 9)) == 5
    # a weekend: no trigger, no file
    assert points.through(date(2013, 10, 13)) == 2


def test_a_disposed_chain_counts_the_days_trigger_but_not_the_days_file() -> None:
    rows = {date(2013, 10, 7): 5, date(2013, 10, 8): 5, date(2013, 10, 9): 4}
    points = ChainSelectionPoints(ChainRows(rows), WeekdayHours(), added_on=date(2013, 10, 8))
    assert points.through(date(2013, 10, 8)) == 12
    # disposed at the start of 10-09: LEAN's midnight trigger of 10-09 came first; the file of
    # 10-09 would only be emitted at the midnight after it
    assert points.until_disposal(date(2013, 10, 9)) == 1
    assert points.through(date(2013, 10, 10)) == 1, "nothing of 10-09 is counted again"


def test_a_chain_disposed_during_a_day_takes_back_that_days_file() -> None:
    rows = {date(2013, 10, 7): 5, date(2013, 10, 8): 5}
    points = ChainSelectionPoints(ChainRows(rows), WeekdayHours(), added_on=date(2013, 10, 8))
    assert points.through(date(2013, 10, 8)) == 12
    assert points.until_disposal(date(2013, 10, 8)) == -5


def test_user_universes_are_per_security_type_and_market() -> None:
    spy = Symbol.create("SPY", SecurityType.EQUITY, "usa")
    assert user_universe_key(spy) == (SecurityType.EQUITY, "usa")
    assert user_universe_key(ES_DEC13) == (SecurityType.FUTURE, "cme")


def test_default_future_filter_selects_no_contracts() -> None:
    symbols = [ES_DEC13]
    future = Future.__new__(Future)
    from keel.securities.future import _default_filter

    future.contract_filter = _default_filter
    assert future.filter_contracts(symbols, datetime(2013, 10, 8)) == []


def test_open_interest_outside_the_bar_grid_is_counted(lean_data: Path) -> None:
    # ES Dec-2013 minute open interest on 2013-10-08 at 02:06, 07:51 and 09:47 New York: LEAN reads
    # open interest with always-open hours, so the two points before the open count too
    feed = HistoricalFeed(LeanDataSource(lean_data))
    feed.add(es_config(lean_data, TickType.OPEN_INTEREST))
    emitted = sum(len(points) for _, points in feed.window(*ny_day(date(2013, 10, 8))))
    assert emitted > 0
    assert feed.take_uncounted() == 2
    assert feed.take_uncounted() == 0


def test_a_feed_standing_for_two_lean_subscriptions_counts_twice(lean_data: Path) -> None:
    feed = HistoricalFeed(LeanDataSource(lean_data))
    config = es_config(lean_data, TickType.OPEN_INTEREST, Resolution.HOUR)
    config.tick_type = TickType.TRADE
    config.lean_copies = 2
    feed.add(config)
    emitted = sum(len(points) for _, points in feed.window(*ny_day(date(2013, 10, 8))))
    assert emitted == 8  # hour bars ending 10:00 .. 17:00
    assert feed.take_uncounted() == emitted


class _NoFutureData(QCAlgorithm):  # noqa: F405
    """ES in February 2020 (chain files, no minute bars) and the default SPY benchmark."""

    def initialize(self) -> None:
        self.set_start_date(2020, 2, 4)
        self.set_end_date(2020, 2, 11)
        self.add_future(Futures.Indices.SP500EMini)  # noqa: F405


def test_selection_and_benchmark_points_match_lean(lean_data: Path) -> None:
    # LEAN's FutureMarketOpenAndCloseRegressionAlgorithm counts 91 points on the same data:
    # SPY benchmark hours 6 x 7 + the previous trading day's 7, and from 02-03 to 02-11 seven
    # continuous-contract triggers and seven chain files of five rows
    run = run_backtest(_NoFutureData, lean_data)
    assert run.engine.data_points == 91


class _SpyOneDay(QCAlgorithm):  # noqa: F405
    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.add_equity("SPY", Resolution.MINUTE)


def test_spy_minute_day_counts_trades_quotes_benchmark_and_its_universe(lean_data: Path) -> None:
    # 390 trade + 390 quote bars, the internal hourly benchmark (7 bars, plus the 7 of Friday
    # 10-04 it starts from) and one point for the user-defined equity universe
    run = run_backtest(_SpyOneDay, lean_data)
    assert run.engine.data_points == 390 * 2 + 7 + 7 + 1


class _ChainInInitialize(QCAlgorithm):  # noqa: F405
    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        es = self.add_future(Futures.Indices.SP500EMini)  # noqa: F405
        self.contracts = list(self.futures_chain(es.symbol))
        self.futures_chains([es.symbol])


def test_futures_chain_counts_one_history_point_per_canonical(lean_data: Path) -> None:
    # LEAN reads a chain through a FutureUniverse history request: one collection per symbol
    run = run_backtest(_ChainInInitialize, lean_data)
    assert run.algorithm.contracts
    assert run.engine.history_data_points == 2


def _regression_data_points(name: str, lean_data: Path) -> int:
    from keel.regressions.runner import ALGORITHMS_DIR

    return run_backtest(ALGORITHMS_DIR / f"{name}.py", lean_data, class_name=name).engine.data_points


def test_a_contract_the_chain_deselects_keeps_only_its_continuous_feed(lean_data: Path) -> None:
    # ES Dec-2013 is the continuous contract's mapped contract, selected by the chain on 10-08
    # only: from 10-09 LEAN feeds it through the continuous universe's internal subscriptions
    # alone (FutureNoTimeInUniverseRegressionAlgorithm, LEAN's DataPoints)
    assert _regression_data_points("FutureNoTimeInUniverseRegressionAlgorithm", lean_data) == 11768


def test_removed_framework_universes_follow_lean_disposal(lean_data: Path) -> None:
    # ES's universes are dropped on 10-09 for GC: the continuous ES stops at once, the held ES
    # contracts stay until universe selection runs after they are flat (LEAN's DataPoints)
    assert _regression_data_points("BasicTemplateFuturesFrameworkAlgorithm", lean_data) == 24883
    assert _regression_data_points("FuturesFrameworkRegressionAlgorithm", lean_data) == 101119


def _copy_test_feed(lean_data: Path, **since: int) -> tuple[HistoricalFeed, Any]:
    """ES Dec-2013 hour trades (bars on 10-07 .. 10-11, then none until 11-18), read through 10-11."""
    feed = HistoricalFeed(LeanDataSource(lean_data))
    config = es_config(lean_data, TickType.TRADE, Resolution.HOUR)
    feed.add(config)
    for _ in feed.window(*ny_day(date(2013, 10, 11))):
        pass
    feed.take_uncounted()
    for name, value in since.items():
        setattr(config, name, value)
    return feed, config


def _from_first_real(points: list[Any]) -> int:
    first = next(i for i, p in enumerate(points) if not getattr(p, "is_fill_forward", False))
    return len(points) - first


def test_a_lean_copy_started_after_the_data_counts_nothing_until_a_bar_is_read(lean_data: Path) -> None:
    # LEAN's continuous universe subscribes a mapped contract with enumerators of its own: one started
    # on 10-14 reads no bar (the last ends on 10-11) and its fill-forward has nothing to repeat
    feed, config = _copy_test_feed(lean_data, copy_since_ns=ny_day(date(2013, 10, 14))[0])
    config.lean_copies = 2
    emitted = [p for _, group in feed.window(*ny_day(date(2013, 10, 14))) for p in group]
    assert len(emitted) == 8 and all(p.is_fill_forward for p in emitted)
    assert feed.take_uncounted() == 0
    # its first bar (11-18) starts it: from then on it counts what the stream emits
    for day in range(15, 32):
        if date(2013, 10, day).weekday() < 5:
            for _ in feed.window(*ny_day(date(2013, 10, day))):
                pass
    assert feed.take_uncounted() == 0
    nov18 = [p for _, group in feed.window(*ny_day(date(2013, 11, 18))) for p in group]
    assert feed.take_uncounted() == _from_first_real(nov18) > 0
    assert config.copy_since_ns is None
    assert len([p for _, g in feed.window(*ny_day(date(2013, 11, 19))) for p in g]) == feed.take_uncounted() == 8


def test_a_stream_taken_over_by_a_lean_copy_without_a_bar_emits_nothing_until_one(lean_data: Path) -> None:
    # the chain dropped the contract while the continuous universe's own enumerator had read no bar yet
    feed, config = _copy_test_feed(lean_data, pending_since_ns=ny_day(date(2013, 10, 14))[0], is_internal=True)
    assert [p for _, group in feed.window(*ny_day(date(2013, 10, 14))) for p in group] == []
    nov18 = [p for _, group in feed.window(*ny_day(date(2013, 11, 18))) for p in group]
    assert nov18 and not nov18[0].is_fill_forward
    assert config.pending_since_ns is None


def test_lean_copy_start_and_hand_over() -> None:
    from keel.engine.engine import _start_lean_copy

    config = _bare_config()
    _start_lean_copy(config, 2, 100)
    assert (config.lean_copies, config.copy_since_ns, config.pending_since_ns) == (2, 100, None)
    # the chain drops the contract: the stream now stands for the copy alone, which has had no bar
    config.is_internal = True
    _start_lean_copy(config, 1, 200)
    assert (config.lean_copies, config.copy_since_ns, config.pending_since_ns) == (1, None, 100)
    # a copy dropped from a user's stream leaves nothing pending
    user = _bare_config()
    _start_lean_copy(user, 2, 100)
    _start_lean_copy(user, 1, 200)
    assert (user.lean_copies, user.copy_since_ns, user.pending_since_ns) == (1, None, None)


def _bare_config() -> Any:
    from keel.engine.subscriptions import SubscriptionDataConfig

    return SubscriptionDataConfig(ES_DEC13, TickType.TRADE, Resolution.HOUR, None, "America/New_York", "UTC")


class _RemoveCanonicalOnFirstData(QCAlgorithm):  # noqa: F405
    """ES minute from Monday 2013-10-07; the canonical future is removed on the first slice (09:31)."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self._es = self.add_future(Futures.Indices.SP500EMini, Resolution.MINUTE)  # noqa: F405

    def on_data(self, slice: Any) -> None:
        if self._es.symbol in self.securities and self._es.is_tradable:
            self.remove_security(self._es.symbol)


def test_removing_a_canonical_future_disposes_its_chain_selection(lean_data: Path) -> None:
    # LEAN's RemoveSecurity(canonical) disposes the chain and continuous universes; the synchronizer
    # finishes their subscriptions at the next time slice. Counted: the triggers of 10-04 and 10-07
    # and the file of 10-04 (five rows, emitted at the start); the file of 10-07, which LEAN would
    # emit at the midnight after it, is not
    run = run_backtest(_RemoveCanonicalOnFirstData, lean_data)
    assert run.engine.selection_data_points == 2 + 5


def test_a_delisting_after_the_run_is_dropped_only_for_data_in_exchange_time() -> None:
    from types import SimpleNamespace

    from keel.engine.engine import Engine

    hk = SimpleNamespace(data_time_zone="Asia/Hong_Kong", exchange_time_zone="Asia/Hong_Kong")
    cme = SimpleNamespace(data_time_zone="UTC", exchange_time_zone="America/New_York")
    hsi = SimpleNamespace(symbol="HSIV13", subscriptions=[])
    es = SimpleNamespace(symbol="ESZ13", subscriptions=[])
    engine = SimpleNamespace(_run_end_ns=1000, configs={"HSIV13": [hk], "ESZ13": [cme]})
    after_run = Engine._delisted_after_run
    assert after_run(engine, (1000, 1, 0, hsi)), "Delisted at the run's end: no date after the end date"
    assert not after_run(engine, (999, 1, 0, hsi)), "within the run"
    assert not after_run(engine, (1000, 0, 0, hsi)), "warnings are not concerned"
    assert not after_run(engine, (1000, 1, 0, es)), "UTC data can reach the next exchange date"
    engine._run_end_ns = None
    assert not after_run(engine, (1000, 1, 0, hsi)), "outside a run"


def test_hsi_contract_expiring_on_the_end_date_is_warned_but_not_delisted(lean_data: Path) -> None:
    # HSI Oct-2013 expires on the end date 10-30 (HSIFutureHourRegressionAlgorithm, LEAN's
    # DataPoints): the warning of 10-30 counts, the Delisted of 10-31 00:00 Hong Kong is never read
    assert _regression_data_points("HSIFutureHourRegressionAlgorithm", lean_data) == 654


def test_instantaneous_points_at_the_run_end_are_not_emitted() -> None:
    # LEAN's SubscriptionFilterEnumerator stops at a point whose Time is past the end date's last
    # tick: the bar ending at the next midnight starts before it, open interest stamped there does not
    from keel.engine.engine import Engine
    from keel.engine.feed import PointGroup
    from keel.model.bars import OpenInterest, TradeBar

    midnight = datetime(2013, 10, 11)
    es = Symbol.create("ES", SecurityType.FUTURE, "cme")
    bar = TradeBar(es, datetime(2013, 10, 10, 23, 59), midnight, 1.0, 1.0, 1.0, 1.0, 1.0)
    oi = OpenInterest(es, midnight, 5.0)
    group = PointGroup([bar, oi])
    group.internal = [False, True]
    only_oi = PointGroup([oi])
    only_oi.internal = [True]
    end_ns = 2_000
    steps = [(1_000, PointGroup([oi])), (end_ns, group), (end_ns, only_oi)]
    out = list(Engine._starting_before_run_end(iter(steps), end_ns))
    assert [t for t, _ in out] == [1_000, end_ns], "a step left with nothing is skipped"
    assert list(out[0][1]) == [oi], "earlier steps are untouched"
    assert list(out[1][1]) == [bar] and out[1][1].internal is None


def test_open_interest_at_the_midnight_after_a_thursday_end_is_not_counted(lean_data: Path) -> None:
    # extended hours, the run ends on a Thursday: ES trades through the midnight after it; LEAN's
    # DataPoints leave out the 3 open-interest points stamped there (/ES, ESZ13, ESU14)
    assert _regression_data_points("LimitOrdersAreFilledAfterHoursForFuturesRegressionAlgorithm", lean_data) == 50978
