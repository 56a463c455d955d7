"""History requests through the algorithm API on LEAN's sample data."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest


class HistoryAlgorithm(QCAlgorithm):  # noqa: F405
    def initialize(self) -> None:
        self.set_start_date(2013, 10, 9)
        self.set_end_date(2013, 10, 9)
        self.future = self.add_future(Futures.Indices.SP500EMini)  # noqa: F405
        self.frames: dict[str, object] = {}
        self.ema = ExponentialMovingAverage(5)  # noqa: F405

    def on_data(self, slice) -> None:
        if self.frames:
            return
        self.frames["ten"] = self.history(self.future.symbol, 10, Resolution.MINUTE)  # noqa: F405
        self.frames["trade"] = self.history(TradeBar, self.future.symbol, 10, Resolution.MINUTE)  # noqa: F405
        self.frames["span"] = self.history(self.future.symbol, timedelta(hours=2))
        self.frames["range"] = self.history(
            self.future.symbol,
            datetime(2013, 10, 8, 10),
            datetime(2013, 10, 8, 11),
            Resolution.MINUTE,  # noqa: F405
        )
        self.warm_up_indicator(self.future.symbol, self.ema)


def test_history_frames(lean_data: Path) -> None:
    run = run_backtest(HistoryAlgorithm, lean_data)
    frames = run.algorithm.frames
    ten = frames["ten"]
    assert len(ten) == 10
    assert {"close", "askclose", "bidclose"} <= set(ten.columns)
    times = list(ten.index.get_level_values("time"))
    assert times == sorted(times) and times[-1] <= run.algorithm.time
    assert list(frames["trade"].columns) == ["open", "high", "low", "close", "volume"]
    span_times = frames["span"].index.get_level_values("time")
    assert (span_times.max() - span_times.min()) <= timedelta(hours=2)
    range_times = frames["range"].index.get_level_values("time")
    assert range_times.min() > datetime(2013, 10, 8, 10) and range_times.max() <= datetime(2013, 10, 8, 11)
    assert len(frames["range"]) == 60
    assert run.algorithm.ema.is_ready
    assert run.engine.history_data_points > 0
