"""LEAN's fill-forward inputs and the time slices its universes add: bars outside market hours seed
fill-forward, a subscription reads nothing before its start, a continuous contract keeps filling
forward across a mapping change, and the universes' last selection data makes the run's last slice."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from AlgorithmImports import *  # noqa: F403
from keel.data.lean.reader import ColumnarData
from keel.engine.backtest import run_backtest
from keel.engine.clock import converter
from keel.engine.feed import SubscriptionStream
from keel.engine.selection_points import ChainSelectionPoints
from keel.model.enums import Resolution, SecurityType, TickType
from keel.model.symbol import Symbol

from .fakes import ES_DEC13, ChainRows, WeekdayHours, es_config

NY = converter("America/New_York")
MINUTE = 60_000_000_000
ES_MAR14 = Symbol.create_future("ES", "cme", date(2014, 3, 21), date(2014, 3, 1))


def _ns(*args: int) -> int:
    return NY.local_to_utc_ns(datetime(*args))


class _Bars:
    """A data source holding trade bars per contract: ``{symbol: [(end_ns, close), ...]}``."""

    def __init__(self, bars: dict[Symbol, list[tuple[int, float]]]) -> None:
        self.bars = bars

    def read(self, symbol: Symbol, resolution: Any, tick_type: Any, tz: str, start: int, end: int) -> ColumnarData:
        rows = [(e, c) for e, c in self.bars.get(symbol, []) if start < e <= end]
        ends = np.array([e for e, _ in rows], dtype=np.int64)
        close = np.array([c for _, c in rows], dtype=np.float64)
        return ColumnarData(
            ends - MINUTE,
            ends,
            {"open": close, "high": close, "low": close, "close": close, "volume": np.ones(len(rows))},
        )


def test_a_bar_outside_market_hours_is_filled_forward_but_not_emitted(lean_data: Path) -> None:
    # a pre-market trade at 09:00 and the first regular-hours trade at 09:35: LEAN's fill-forward
    # enumerator sees the 09:00 bar (its market-hours filter comes after it), so 09:31-09:34 are
    # filled forward from it; the 09:00 bar itself is not emitted
    source = _Bars({ES_DEC13: [(_ns(2013, 10, 8, 9, 0), 1.0), (_ns(2013, 10, 8, 9, 35), 2.0)]})
    stream = SubscriptionStream(es_config(lean_data, TickType.TRADE, symbol=ES_DEC13), source)
    ends, points = stream.points(_ns(2013, 10, 8), _ns(2013, 10, 8, 9, 40))
    assert [NY.to_local(int(t)).minute for t in ends] == [31, 32, 33, 34, 35, 36, 37, 38, 39, 40]
    assert [p.close for p in points[:4]] == [1.0] * 4 and all(p.is_fill_forward for p in points[:4])
    assert points[4].close == 2.0 and not points[4].is_fill_forward


def test_a_subscription_reads_nothing_ending_before_its_start(lean_data: Path) -> None:
    # added at 09:33: the 09:00 bar ends before the subscription starts, so nothing is filled
    # forward until the 09:35 bar
    source = _Bars({ES_DEC13: [(_ns(2013, 10, 8, 9, 0), 1.0), (_ns(2013, 10, 8, 9, 35), 2.0)]})
    stream = SubscriptionStream(es_config(lean_data, TickType.TRADE, symbol=ES_DEC13), source)
    ends, points = stream.points(_ns(2013, 10, 8), _ns(2013, 10, 8, 9, 36), since_ns=_ns(2013, 10, 8, 9, 33))
    assert [NY.to_local(int(t)).minute for t in ends] == [35, 36]
    assert points[0].close == 2.0


def test_a_continuous_contract_fills_forward_across_a_mapping_change(lean_data: Path) -> None:
    # the old contract's last bar keeps being filled forward until the new contract trades
    canonical = Symbol.create("ES", SecurityType.FUTURE, "cme")
    config = es_config(lean_data, TickType.TRADE, symbol=canonical)
    config.mapped = ES_DEC13
    source = _Bars({ES_DEC13: [(_ns(2013, 10, 8, 16, 59), 5.0)], ES_MAR14: [(_ns(2013, 10, 9, 9, 33), 7.0)]})
    stream = SubscriptionStream(config, source)
    stream.points(_ns(2013, 10, 8), _ns(2013, 10, 9))
    config.mapped = ES_MAR14
    _, points = stream.points(_ns(2013, 10, 9), _ns(2013, 10, 9, 9, 33))
    assert [p.close for p in points] == [5.0, 5.0, 7.0]
    assert [p.is_fill_forward for p in points] == [True, True, False]


def test_the_continuous_universe_triggers_on_sundays_with_extended_hours() -> None:
    # added on Sunday 2013-10-06: both start on Friday 10-04; with extended market hours the Sunday
    # evening session makes Sunday a tradeable day of the continuous universe
    regular = ChainSelectionPoints(ChainRows({}), WeekdayHours(), added_on=date(2013, 10, 6))
    extended = ChainSelectionPoints(ChainRows({}), WeekdayHours(), added_on=date(2013, 10, 6), extended=True)
    assert regular.through(date(2013, 10, 7)) == 2  # Friday, Monday
    assert extended.through(date(2013, 10, 7)) == 3  # Friday, Sunday, Monday


def test_universes_start_on_the_regular_trading_day_before_the_start() -> None:
    # added on Monday 10-07: LEAN starts the universes at the previous *regular* trading day (Friday),
    # even for an extended-hours future (the Sunday evening session does not count)
    points = ChainSelectionPoints(
        ChainRows({date(2013, 10, 4): 5}), WeekdayHours(), added_on=date(2013, 10, 7), extended=True
    )
    assert points.first_day == date(2013, 10, 4)
    assert points.through(date(2013, 10, 7)) == 1 + 5 + 1 + 1  # Friday trigger and file, Sunday, Monday


def test_the_last_selection_data_is_the_end_dates_chain_file_at_the_next_midnight() -> None:
    hours = WeekdayHours()
    with_file = ChainSelectionPoints(ChainRows({date(2013, 10, 10): 5}), hours, added_on=date(2013, 10, 8))
    # the chain file of the end date is emitted at its EndTime, the midnight after it
    assert with_file.last_emission(date(2013, 10, 10)) == date(2013, 10, 11)
    without_file = ChainSelectionPoints(ChainRows({date(2013, 10, 9): 5}), hours, added_on=date(2013, 10, 8))
    # otherwise the end date's continuous-contract trigger (its midnight) is the last one
    assert without_file.last_emission(date(2013, 10, 10)) == date(2013, 10, 10)
    # a run ending on Saturday: Friday's file comes at Saturday midnight
    friday = ChainSelectionPoints(ChainRows({date(2013, 10, 11): 5}), hours, added_on=date(2013, 10, 8))
    assert friday.last_emission(date(2013, 10, 12)) == date(2013, 10, 12)


class _EsThreeDays(QCAlgorithm):  # noqa: F405
    """ES minute 2013-10-08 .. 10-10; a chain file exists for 10-10."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 10)
        self.add_future(Futures.Indices.SP500EMini)  # noqa: F405


def test_the_end_dates_chain_file_makes_the_last_time_slice(lean_data: Path) -> None:
    # LEAN's run (and its final equity sample) ends at 10-11 00:00, when the 10-10 chain file is
    # emitted, not at the last bar (10-10 17:00)
    run = run_backtest(_EsThreeDays, lean_data)
    assert NY.to_local(run.engine.last_step_ns) == datetime(2013, 10, 11)


class _EsDailyLastTradingDay(QCAlgorithm):  # noqa: F405
    """Daily continuous ES mapped on the last trading day: ESZ13 -> ESH14 on 2013-12-20, the day ESZ13 expires."""

    def initialize(self) -> None:
        self.set_start_date(2013, 12, 16)
        self.set_end_date(2013, 12, 24)
        self.add_future(
            Futures.Indices.SP500EMini,  # noqa: F405
            Resolution.DAILY,
            data_mapping_mode=DataMappingMode.LAST_TRADING_DAY,  # noqa: F405
        )


def test_symbol_changes_and_delistings_count_once_per_trade_subscription(lean_data: Path) -> None:
    # the rollover (through the continuous contract's trade subscription) and ESZ13's delisting
    # warning (12-20) and delisting (12-21, through its internal trade subscription, still alive on
    # the mapping date): three auxiliary data points, none for the quote and open-interest feeds
    run = run_backtest(_EsDailyLastTradingDay, lean_data)
    assert run.engine.auxiliary_data_points == 3


class _EsUniverseRetired(_EsThreeDays):
    """As ``_EsThreeDays``, but the chain universe is disposed right away (a framework universe the
    algorithm stopped selecting while it still holds contracts)."""

    def initialize(self) -> None:
        super().initialize()
        self._engine.retire_universe(Symbol.create("ES", SecurityType.FUTURE, "cme"))


def test_a_disposed_universe_emits_no_more_selection_data(lean_data: Path) -> None:
    run = run_backtest(_EsUniverseRetired, lean_data)
    # no selection time slice at 10-11 00:00, and the continuous-contract universe is disposed with
    # it: no ES data at all, the last slice is the benchmark's last hour bar
    assert NY.to_local(run.engine.last_step_ns) == datetime(2013, 10, 10, 16, 0)
    assert run.engine.selection_data_points == 0
    assert Symbol.create("ES", SecurityType.FUTURE, "cme") not in run.engine.configs
