"""Futures chain selection happens only on days with a chain universe file (LEAN's
``FuturesChainUniverse`` selects when its subscription emits data)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest


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
        for symbol in slice.bars:
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
