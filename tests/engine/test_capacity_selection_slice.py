"""The engine hands LEAN's universe-selection time slices to the capacity estimate."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from AlgorithmImports import *  # noqa: F403
from keel.engine import capacity as capacity_module
from keel.engine.backtest import run_backtest
from keel.model.enums import Resolution


class ChainAlgorithm(QCAlgorithm):  # noqa: F405
    """An ES futures chain (daily selection at midnight exchange time) and one trade."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 9)
        self.set_benchmark(lambda _: 1.0)
        self.future = self.add_future("ES", Resolution.MINUTE)
        self.future.set_filter(0, 182)

    def on_data(self, slice) -> None:
        if not self.portfolio.invested and self.future.mapped is not None:
            self.market_order(self.future.mapped, 1)


def test_selection_slices_reach_the_capacity_estimate(lean_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[datetime] = []
    original = capacity_module.CapacityEstimate.on_selection_slice

    def record(self: Any) -> None:
        seen.append(self._utc_now())
        original(self)

    monkeypatch.setattr(capacity_module.CapacityEstimate, "on_selection_slice", record)
    run_backtest(ChainAlgorithm, lean_data)
    assert datetime(2013, 10, 8, 4, 0) in seen  # midnight New York time, before the day's first bar
