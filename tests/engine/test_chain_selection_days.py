"""Futures chain selection happens only on days with a chain universe file (LEAN's
``FuturesChainUniverse`` selects when its subscription emits data)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest

from .fakes import es_chain_state


class ChainOverMissingUniverseFile(QCAlgorithm):  # noqa: F405
    """ES chain 0-182 days over 2013-10-14, a trading day without a chain file whose minute data
    holds the Dec-2013 contract only."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 10)
        self.set_end_date(2013, 10, 15)
        es = self.add_future(Futures.Indices.SP500EMini)  # noqa: F405
        es.set_filter(timedelta(0), timedelta(182))
        self.removed: list[str] = []
        self.march_days: set[str] = set()

    def on_securities_changed(self, changes) -> None:
        self.removed.extend(str(s.symbol) for s in changes.removed_securities)

    def on_data(self, slice) -> None:
        for symbol in slice.bars.Keys:  # iterating the table itself gives LEAN's KeyValuePair entries
            if str(symbol) == "ESH14":
                self.march_days.add(self.time.date().isoformat())


def test_a_day_without_a_chain_file_keeps_the_selected_contracts(lean_data: Path) -> None:
    run = run_backtest(ChainOverMissingUniverseFile, lean_data)
    algo = run.algorithm
    assert "ESH14" not in algo.removed
    # the Mar-2014 contract stays subscribed and is filled forward over the day without its data
    assert "2013-10-14" in algo.march_days


class ChainStartingWithoutUniverseFile(QCAlgorithm):  # noqa: F405
    """ES chain starting on 2013-10-14, which has no chain file: the first selection still happens."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 14)
        self.set_end_date(2013, 10, 14)
        es = self.add_future(Futures.Indices.SP500EMini)  # noqa: F405
        es.set_filter(timedelta(0), timedelta(182))
        self.contracts: set[str] = set()

    def on_data(self, slice) -> None:
        for chain in slice.futures_chains.values():
            self.contracts.update(str(c.symbol) for c in chain)


def test_the_first_selection_happens_on_a_day_without_a_chain_file(lean_data: Path) -> None:
    run = run_backtest(ChainStartingWithoutUniverseFile, lean_data)
    assert "ESZ13" in run.algorithm.contracts


class ChainAcrossTheMarchRoll(QCAlgorithm):  # noqa: F405
    """ES chain 0-182 days over 2013-12-18 .. 12-20. The Jun-2014 contract expires on 2014-06-20, 182
    days after 2013-12-20: the chain file dated 12-19 reaches the universe at the midnight starting
    12-20, whose date is the filter's reference date, so the contract joins on 12-20."""

    def initialize(self) -> None:
        self.set_start_date(2013, 12, 18)
        self.set_end_date(2013, 12, 20)
        es = self.add_future(Futures.Indices.SP500EMini)  # noqa: F405
        es.set_filter(timedelta(0), timedelta(182))
        self.added: dict[str, str] = {}

    def on_securities_changed(self, changes) -> None:
        for security in changes.added_securities:
            self.added.setdefault(str(security.symbol), self.time.isoformat())


def test_a_chain_file_selects_at_the_midnight_after_its_date(lean_data: Path) -> None:
    run = run_backtest(ChainAcrossTheMarchRoll, lean_data)
    # file 20131219 (selected with on 12-19 before, reference date 12-19: 183 days) selects on 12-20
    assert run.algorithm.added.get("ESM14", "").startswith("2013-12-20")


def test_chain_state_reads_the_files_in_the_exchange_time_zone(lean_data: Path) -> None:
    from datetime import date, datetime

    from keel.engine.clock import converter

    state = es_chain_state(lean_data)
    # LEAN's BaseChainUniverseData.EndTime, the midnight after the file date, in the exchange zone
    midnight = converter("America/New_York").local_to_utc_ns(datetime(2013, 10, 5))
    assert state.universe_end_utc_ns(date(2013, 10, 4)) == midnight
    # the universe subscription reads the files from its first day; the file of D selects on D + 1
    assert state.selection_file(date(2013, 12, 20), date(2013, 10, 7)) == date(2013, 12, 19)
    assert state.selection_file(date(2013, 12, 19), date(2013, 10, 7)) == date(2013, 12, 17)
    assert state.selection_file(date(2013, 10, 7), date(2013, 10, 7)) is None
    first = state.selection_input(date(2013, 12, 20), date(2013, 10, 7))
    assert first is not None and "ESM14" in {s.value for s in first[0]}
    # the same file does not select twice
    assert state.selection_input(date(2013, 12, 21), date(2013, 10, 7)) is None


class ChainDuringWarmUp(QCAlgorithm):  # noqa: F405
    """ES chain with a one-day warm-up from 2013-10-08: the warm-up day 10-07 has chain contracts."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        es = self.add_future(Futures.Indices.SP500EMini)  # noqa: F405
        es.set_filter(0, 182)
        self.set_warm_up(1, Resolution.DAILY)  # noqa: F405
        self.warm_up_days: set[str] = set()

    def on_data(self, slice) -> None:
        if self.is_warming_up and any(len(chain) for chain in slice.futures_chains.values()):
            self.warm_up_days.add(self.time.date().isoformat())


def test_the_chain_selects_from_the_start_of_a_warm_up(lean_data: Path) -> None:
    # the universe reads its files from the trading day before the warm-up (10-04), whose file
    # reaches it at the first midnight of the warm-up
    run = run_backtest(ChainDuringWarmUp, lean_data)
    assert "2013-10-07" in run.algorithm.warm_up_days
