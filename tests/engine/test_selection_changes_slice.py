"""A chain selection's security changes reach ``on_securities_changed`` in the time slice of the
selection data (LEAN's ``SubscriptionSynchronizer.Sync`` creates a time slice with the changes of
universe data at its frontier), here midnight, not with the day's first bar (09:31)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest


class ChainChanges(QCAlgorithm):  # noqa: F405
    def initialize(self) -> None:
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.set_benchmark(lambda _: 1.0)
        future = self.add_future(Futures.Indices.SP500EMini, Resolution.MINUTE)  # noqa: F405
        future.set_filter(timedelta(0), timedelta(182))
        self.changes: list[tuple[datetime, list[str]]] = []
        self.history_rows: dict[str, int] = {}
        self.first_data: datetime | None = None

    def on_securities_changed(self, changes: Any) -> None:
        added = sorted(str(s.symbol) for s in changes.added_securities)
        self.changes.append((self.time, added))
        for security in changes.added_securities:
            self.history_rows[str(security.symbol)] = len(self.history(security.symbol, 10, Resolution.MINUTE))  # noqa: F405

    def on_data(self, slice: Any) -> None:
        if self.first_data is None:
            self.first_data = self.time


def test_chain_selection_changes_fire_at_the_selection_slice(lean_data: Path) -> None:
    algo = run_backtest(ChainChanges, lean_data).algorithm
    first_time, added = algo.changes[0]
    assert first_time == datetime(2013, 10, 8)  # the selection's midnight slice
    assert algo.first_data is not None and algo.first_data > first_time  # on_data waits for data
    assert any(symbol.startswith("ES") for symbol in added)
    # the history asked there ends at midnight: the previous session's last 10 minutes
    assert algo.history_rows and all(rows > 0 for rows in algo.history_rows.values())
