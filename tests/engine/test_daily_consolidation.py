"""LEAN's daily consolidation of intraday data (``CreateConsolidator`` with ``Resolution.Daily``):
a market-hours-aware bar spanning the trading day, regular hours only (LEAN's sample ES minutes)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from AlgorithmImports import *  # noqa: F403
from keel.algorithm.lean_compat import MarketHourAwareConsolidator
from keel.engine.backtest import run_backtest


class DailyBarsOfContinuousEs(QCAlgorithm):  # noqa: F405
    """Records the daily bars of the continuous ES contract and when its daily SMA updates."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 9)
        self.future = self.add_future(Futures.Indices.SP500EMini)  # noqa: F405
        self.bars: list[tuple[datetime, datetime, datetime]] = []
        self.consolidator = self.consolidate(self.future.symbol, Resolution.DAILY, self._on_bar)  # noqa: F405
        self.sma_updates: list[datetime] = []
        self.fast = self.sma(self.future.symbol, 2, Resolution.DAILY)  # noqa: F405
        self.fast.updated.append(lambda _sender, _point: self.sma_updates.append(self.time))

    def _on_bar(self, bar) -> None:
        self.bars.append((self.time, bar.time, bar.end_time))


def test_daily_indicators_and_consolidators_span_the_regular_session(lean_data: Path) -> None:
    """ES trades 09:30-17:00 New York in regular hours: the daily bar covers exactly that and is
    emitted with the 17:00 bar, not at midnight or with the next day's first bar."""
    algo = run_backtest(DailyBarsOfContinuousEs, lean_data).algorithm
    assert isinstance(algo.consolidator, MarketHourAwareConsolidator)
    assert algo.bars, "no daily bar consolidated"
    for emitted, start, end in algo.bars:
        assert (start.hour, start.minute) == (9, 30)
        assert (end.hour, end.minute) == (17, 0)
        assert emitted == end
    assert algo.sma_updates == [end for _, _, end in algo.bars]


class RollingBackMonthEs(QCAlgorithm):  # noqa: F405
    """Back-month continuous ES across a first-day-of-month roll (ESH14 -> ESM14 in December 2013;
    ESH14 is not expiring, so only the universe can drop it)."""

    def initialize(self) -> None:
        self.set_start_date(2013, 11, 27)
        self.set_end_date(2013, 12, 4)
        self.future = self.add_future(
            Futures.Indices.SP500EMini,  # noqa: F405
            data_mapping_mode=DataMappingMode.FIRST_DAY_MONTH,  # noqa: F405
            data_normalization_mode=DataNormalizationMode.RAW,  # noqa: F405
            contract_depth_offset=1,
        )
        self.changes: list[tuple[datetime, str, str]] = []

    def on_data(self, slice) -> None:
        for event in slice.symbol_changed_events.values():
            self.changes.append((self.time, str(event.old_symbol), str(event.new_symbol)))


def test_previously_mapped_contract_leaves_the_universe_after_the_mapping_date(lean_data: Path) -> None:
    """LEAN selects old and new contract on the mapping date, only the new one afterwards: the old
    contract's internal feeds stop and it is no longer tradable."""
    run = run_backtest(RollingBackMonthEs, lean_data)
    symbols = {str(s): s for s in run.engine.all_securities}
    old, new = symbols["ESH14"], symbols["ESM14"]
    assert old not in run.engine.configs
    assert not run.engine.all_securities[old].is_tradable
    assert new in run.engine.configs and run.engine.all_securities[new].is_tradable
    assert run.algorithm.future.mapped == new


def test_contract_depth_offset_follows_the_listing_cycle_without_data(lean_data: Path) -> None:
    """LEAN offsets the mapped contract by the expiry function (``AdjustSymbolByOffset``), not by the
    contracts that happen to have data: on 2013-11-27 (no ES file that day) the back month of the
    first-day-of-month front contract ESZ13 is ESH14, and from December the back month is ESM14."""
    run = run_backtest(RollingBackMonthEs, lean_data)
    state = run.engine.chains[run.algorithm.future.symbol]
    assert str(state.mapped_on(date(2013, 11, 27))) == "ESH14"
    assert str(state.mapped_on(date(2013, 12, 1))) == "ESM14"


def test_mapping_changes_on_the_first_trading_day_of_the_new_mapping(lean_data: Path) -> None:
    """The first-day-of-month mapping for December 2013 is due on Sunday 12-01, but LEAN's
    continuous universe selects on trading days only: the event is stamped Monday 12-02 00:00."""
    algo = run_backtest(RollingBackMonthEs, lean_data).algorithm
    assert algo.changes == [(datetime(2013, 12, 2), "ESH14", "ESM14")]
