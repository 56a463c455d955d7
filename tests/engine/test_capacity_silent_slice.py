"""LEAN's time slices of open interest read outside the bar grid reach the capacity estimate."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from keel.engine.backtest import run_backtest
from keel.engine.clock import utc_datetime_to_ns
from keel.engine.data_source import LeanDataSource
from keel.engine.feed import HistoricalFeed
from keel.model.enums import TickType

from .fakes import es_config, ny_day


def test_open_interest_outside_the_bar_grid_is_kept_as_silent_slice_times(lean_data: Path) -> None:
    # ES Dec-2013 minute open interest on 2013-10-08: 02:06 and 07:51 New York lie before the
    # regular session's bars; the 09:47 point is on the grid (filled forward, emitted)
    feed = HistoricalFeed(LeanDataSource(lean_data))
    feed.add(es_config(lean_data, TickType.OPEN_INTEREST))
    window = feed.window(*ny_day(date(2013, 10, 8)))
    next(window)
    assert feed.silent_ends == [
        utc_datetime_to_ns(datetime(2013, 10, 8, 6, 6)),
        utc_datetime_to_ns(datetime(2013, 10, 8, 11, 51)),
    ]
    # a new window starts empty
    next(feed.window(*ny_day(date(2013, 10, 9))))
    assert all(t >= ny_day(date(2013, 10, 9))[0] for t in feed.silent_ends)


def test_a_due_snapshot_is_taken_in_the_open_interest_slice_before_the_days_fill(lean_data: Path) -> None:
    # FuturesDailySettlementLongRegressionAlgorithm (LEAN: $100M): the snapshot due from 10-10 00:00
    # UTC is taken in LEAN's 02:06 New York open-interest time slice, before the 09:31 fill
    # (at the 09:31 step, after the fill, Keel estimated $90M)
    from keel.regressions.runner import ALGORITHMS_DIR

    name = "FuturesDailySettlementLongRegressionAlgorithm"
    run = run_backtest(ALGORITHMS_DIR / f"{name}.py", lean_data, class_name=name)
    assert run.statistics["Estimated Strategy Capacity"] == "$100000000.00"


def test_warm_up_pre_roll_records_no_open_interest_slices(lean_data: Path) -> None:
    # during a daily warm-up ending 10-09, the minute stream reads 10-08 only to fill forward from
    # (LEAN's normal enumerator starts a day early): neither its points nor its off-grid open
    # interest times are the run's, so no silent slice comes from them
    from keel.model.enums import Resolution

    feed = HistoricalFeed(LeanDataSource(lean_data))
    feed.start_warm_up(Resolution.DAILY, ny_day(date(2013, 10, 9))[0])
    feed.add(es_config(lean_data, TickType.OPEN_INTEREST))
    for _ in feed.window(*ny_day(date(2013, 10, 8))):
        pass
    assert feed.silent_ends == []
