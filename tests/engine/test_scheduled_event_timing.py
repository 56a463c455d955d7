"""When a scheduled event due at a time slice's own time fires (LEAN's ``BacktestingRealTimeHandler``)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest
from keel.model.enums import Resolution

ES_DEC13 = Symbol.create_future("ES", Market.CME, datetime(2013, 12, 20))  # noqa: F405


class EventAtSliceTimeAlgorithm(QCAlgorithm):  # noqa: F405
    """Logs the on_data calls around 09:31 and a scheduled event at 09:31 (an ES minute slice's time)."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.set_benchmark(lambda _: 1.0)
        self.contract = self.add_future_contract(ES_DEC13, Resolution.MINUTE)
        self.log_: list[tuple[str, datetime, float]] = []
        self.schedule.on(self.date_rules.on(2013, 10, 7), self.time_rules.at(9, 31), self.event)

    def event(self) -> None:
        self.log_.append(("event", self.time, float(self.contract.price)))

    def on_data(self, slice) -> None:
        if self.time <= datetime(2013, 10, 7, 9, 32):
            self.log_.append(("data", self.time, float(self.contract.price)))


def test_an_event_due_at_the_slice_time_fires_in_that_slice_before_on_data(lean_data: Path) -> None:
    """LEAN's ``SetTime(slice time)`` fires events with ``NextEventUtcTime <= time`` after the
    slice's prices are set and before ``OnData``; only events strictly before a slice fire late."""
    algo = run_backtest(EventAtSliceTimeAlgorithm, lean_data).algorithm
    kinds = [(kind, t) for kind, t, _ in algo.log_]
    assert kinds[:3] == [
        ("event", datetime(2013, 10, 7, 9, 31)),
        ("data", datetime(2013, 10, 7, 9, 31)),
        ("data", datetime(2013, 10, 7, 9, 32)),
    ]
    assert algo.log_[0][2] == algo.log_[1][2]  # the event sees the 09:31 slice's price
