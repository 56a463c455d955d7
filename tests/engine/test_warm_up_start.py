"""The warm-up start of a bar-count warm-up: LEAN's ``TryGetWarmupHistoryStartTime``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import _warm_up_start, run_backtest
from keel.engine.engine import Engine


class DailyWarmUpOnFuture(QCAlgorithm):  # noqa: F405
    """Continuous ES with one daily warm-up bar from Tuesday 2013-10-08."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.add_future(Futures.Indices.SP500EMini)  # noqa: F405
        self.set_warm_up(1, Resolution.DAILY)  # noqa: F405
        self.first_warm_up_time: datetime | None = None

    def on_data(self, slice) -> None:
        if self.is_warming_up and self.first_warm_up_time is None:
            self.first_warm_up_time = self.time


def test_a_daily_bar_count_warm_up_rounds_down_in_the_data_time_zone(lean_data: Path) -> None:
    # ES data is stored in UTC: 10-08 00:00 New York (04:00 UTC) rounds down to 10-08 00:00 UTC,
    # 10-07 20:00 New York; one open day back is 10-06 20:00 (not 10-07 00:00, a calendar day)
    algo = DailyWarmUpOnFuture()
    engine = Engine(algo, lean_data)
    algo.initialize()
    assert _warm_up_start(algo, datetime(2013, 10, 8), engine) == datetime(2013, 10, 6, 20)


class MidDayWarmUp(DailyWarmUpOnFuture):
    """Starts on Thursday 2013-10-10: the warm-up starts on 10-08 at 20:00 New York."""

    def initialize(self) -> None:
        super().initialize()
        self.set_start_date(2013, 10, 10)
        self.set_end_date(2013, 10, 10)


def test_a_warm_up_starting_mid_day_skips_the_data_ending_before_it(lean_data: Path) -> None:
    # the daily bars of 10-08 end at 17:00, before the 20:00 start: the first is 10-09's
    run = run_backtest(MidDayWarmUp, lean_data)
    assert run.algorithm.first_warm_up_time is not None
    assert run.algorithm.first_warm_up_time.date() == datetime(2013, 10, 9).date()
