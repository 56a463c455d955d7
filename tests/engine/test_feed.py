"""The historical feed: hours filtering, fill-forward and the merge across subscriptions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from keel.data.market_hours.database import MarketHoursDatabase
from keel.engine.clock import converter
from keel.engine.data_source import LeanDataSource
from keel.engine.feed import HistoricalFeed
from keel.engine.market_grid import MarketGrid
from keel.model.bars import QuoteBar, TradeBar
from keel.model.enums import Resolution, SecurityType, TickType

from .fakes import ES_DEC13, es_config, ny_day


def test_regular_hours_minute_grid_has_one_bar_per_open_minute(lean_data: Path) -> None:
    mhdb = MarketHoursDatabase.from_data_folder(lean_data)
    hours = mhdb.get_entry("cme", "ES", SecurityType.FUTURE).exchange_hours
    grid = MarketGrid(hours, converter("America/New_York"), 60_000_000_000, extended=False)
    start, end = ny_day(date(2013, 10, 8))
    ends = grid.ends_between(start, end)
    # 09:30-17:00 New York = 450 minutes on a regular Tuesday
    assert len(ends) == 450
    first = converter("America/New_York").to_local(int(ends[0]))
    assert first == datetime(2013, 10, 8, 9, 31)


def test_fill_forward_and_hours_filtering(lean_data: Path) -> None:
    feed = HistoricalFeed(LeanDataSource(lean_data))
    feed.add(es_config(lean_data, TickType.TRADE, extended=False))
    start, end = ny_day(date(2013, 10, 8))
    groups = list(feed.window(start, end))
    bars = [points[0] for _, points in groups]
    assert all(isinstance(b, TradeBar) for b in bars)
    assert len(bars) == 450, "every regular-hours minute gets a bar (real or filled forward)"
    assert all(datetime(2013, 10, 8, 9, 30) <= b.time < datetime(2013, 10, 8, 17, 0) for b in bars)
    filled = [b for b in bars if b.volume == 0]
    assert filled, "the Dec-2013 contract has quiet minutes that must be filled forward"
    for bar in filled:
        assert bar.open == bar.high == bar.low == bar.close


def test_extended_hours_include_the_evening_session(lean_data: Path) -> None:
    feed = HistoricalFeed(LeanDataSource(lean_data))
    feed.add(es_config(lean_data, TickType.TRADE, extended=True, fill_forward=False))
    start, end = ny_day(date(2013, 10, 8))
    times = [points[0].time for _, points in feed.window(start, end)]
    assert any(t.hour >= 18 for t in times)
    assert any(t.hour < 9 for t in times)


def test_merge_orders_by_end_time_and_groups_equal_times(lean_data: Path) -> None:
    feed = HistoricalFeed(LeanDataSource(lean_data))
    feed.add(es_config(lean_data, TickType.TRADE, extended=False))
    feed.add(es_config(lean_data, TickType.QUOTE, extended=False))
    start, end = ny_day(date(2013, 10, 8))
    groups = list(feed.window(start, end))
    ends = np.array([t for t, _ in groups])
    assert (np.diff(ends) > 0).all()
    kinds = {type(p) for _, points in groups for p in points}
    assert kinds == {TradeBar, QuoteBar}
    assert max(len(points) for _, points in groups) == 2


def test_no_bars_before_the_first_data(lean_data: Path) -> None:
    feed = HistoricalFeed(LeanDataSource(lean_data))
    feed.add(es_config(lean_data, TickType.TRADE, extended=False))
    start, end = ny_day(date(2013, 9, 3))  # before the sample data begins: nothing to fill forward
    assert list(feed.window(start, end)) == []


@pytest.mark.parametrize("day", [date(2013, 10, 7), date(2013, 10, 9)])
def test_first_real_bar_values_match_the_file(lean_data: Path, day: date) -> None:
    source = LeanDataSource(lean_data)
    conv = converter("UTC")
    start = conv.local_to_utc_ns(datetime(day.year, day.month, day.day))
    data = source.read(ES_DEC13, Resolution.MINUTE, TickType.TRADE, "UTC", start - 1, start + 86_400_000_000_000)
    assert len(data) > 0
    assert data.end_utc_ns[0] - data.start_utc_ns[0] == 60_000_000_000


def test_streams_added_or_removed_while_a_window_is_consumed(lean_data: Path) -> None:
    """As LEAN: a removed subscription stops at once; one added during a step joins from that time on,
    a bar ending exactly then making a second group at the same time."""
    feed = HistoricalFeed(LeanDataSource(lean_data))
    trade = es_config(lean_data, TickType.TRADE, extended=False)
    feed.add(trade)
    start, end = ny_day(date(2013, 10, 8))
    conv = converter("America/New_York")
    ten = conv.local_to_utc_ns(datetime(2013, 10, 8, 10, 0))
    eleven = conv.local_to_utc_ns(datetime(2013, 10, 8, 11, 0))
    groups = []
    for time_ns, points in feed.window(start, end):
        groups.append((time_ns, [type(p) for p in points]))
        if time_ns == ten and len(feed.streams) == 1:
            feed.add(es_config(lean_data, TickType.QUOTE, extended=False))
        if time_ns == eleven:
            feed.remove(trade)
    times = [t for t, _ in groups]
    assert times.count(ten) == 2 and groups[times.index(ten) + 1][1] == [QuoteBar]
    assert all(kinds == [TradeBar] for t, kinds in groups if t < ten)
    assert all(kinds == [QuoteBar] for t, kinds in groups if t > eleven)
    assert sorted(times) == times


def test_warm_up_at_a_coarser_resolution_streams_that_resolution_until_the_start(lean_data: Path) -> None:
    # LEAN's SetWarmUp(1, Resolution.Daily) sets Settings.WarmupResolution: until the start the
    # minute subscription delivers ES's daily bar, from the start its own minute bars
    feed = HistoricalFeed(LeanDataSource(lean_data))
    start_ns = ny_day(date(2013, 10, 8))[0]
    feed.start_warm_up(Resolution.DAILY, start_ns)
    feed.add(es_config(lean_data, TickType.TRADE))
    warm = [p for _, points in feed.window(*ny_day(date(2013, 10, 7))) for p in points]
    assert len(warm) == 1
    assert warm[0].end_time - warm[0].time >= timedelta(hours=7)  # a daily (session) bar
    feed.end_warm_up()
    after = [p for _, points in feed.window(*ny_day(date(2013, 10, 8))) for p in points]
    assert len(after) > 400
    assert all(p.end_time - p.time == timedelta(minutes=1) for p in after)
