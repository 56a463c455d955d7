"""Data points at the edges of a subscription: its start and its removal by a universe selection.

LEAN's ``SubscriptionDataReader`` skips only data ending *before* a subscription's start (a point
ending exactly then is emitted, when it lies in a file LEAN reads), and ``TimeSliceFactory`` skips
the data of a subscription removed by the universe selection of the same time slice.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from keel.engine.clock import converter
from keel.engine.data_source import LeanDataSource
from keel.engine.feed import HistoricalFeed
from keel.engine.subscriptions import SubscriptionDataConfig
from keel.model.enums import Resolution, TickType

from .fakes import es_config

UTC = converter("UTC")
OCT8 = UTC.local_to_utc_ns(datetime(2013, 10, 8))
OCT9 = UTC.local_to_utc_ns(datetime(2013, 10, 9))


def _utc_exchange(config: SubscriptionDataConfig) -> SubscriptionDataConfig:
    """The ES subscription with its exchange in UTC, the time zone of the data (as LEAN's
    ContinuousFutureRollover*SameAsData regressions set it up)."""
    return replace(config, exchange_time_zone="UTC")


def _window(feed: HistoricalFeed, start: int, end: int) -> list[tuple[int, int]]:
    return [(time_ns, len(points)) for time_ns, points in feed.window(start, end)]


def test_daily_open_interest_stamped_at_the_start_is_read(lean_data: Path) -> None:
    # ES Dec-2013 daily open interest has a row for 2013-10-08 00:00 (UTC): a subscription starting
    # then reads it (counted, off the bar grid) and fills it forward to the 17:00 daily close
    feed = HistoricalFeed(LeanDataSource(lean_data))
    feed.add(_utc_exchange(es_config(lean_data, TickType.OPEN_INTEREST, Resolution.DAILY, extended=True)))
    groups = _window(feed, OCT8, OCT9)
    assert groups == [(OCT8 + 17 * 3600 * 10**9, 1)]
    assert feed.take_uncounted() == 2  # the rows of 10-08 00:00 and of 10-09 00:00 (the window's end)


def test_an_hour_bar_closing_at_the_start_is_emitted_once(lean_data: Path) -> None:
    # the 2013-10-07 23:00 hour bar ends exactly at the start; the next window does not repeat it
    feed = HistoricalFeed(LeanDataSource(lean_data))
    feed.add(_utc_exchange(es_config(lean_data, TickType.TRADE, Resolution.HOUR, extended=True)))
    first = _window(feed, OCT8, OCT9)
    assert first[0] == (OCT8, 1)
    second = _window(feed, OCT9, OCT9 + (OCT9 - OCT8))
    assert second and second[0][0] > OCT9


def test_a_minute_bar_from_the_previous_dates_file_is_not_read(lean_data: Path) -> None:
    # minute data is one file per date (data time zone): the bar ending at midnight UTC lies in the
    # previous date's file, which LEAN does not open for a subscription starting at that midnight
    feed = HistoricalFeed(LeanDataSource(lean_data))
    feed.add(_utc_exchange(es_config(lean_data, TickType.TRADE, Resolution.MINUTE, extended=True)))
    first = _window(feed, OCT8, OCT9)
    assert first[0][0] > OCT8


def test_a_minute_bar_closing_at_a_start_inside_its_file_is_read(lean_data: Path) -> None:
    # exchange two hours ahead of the data: the start (local midnight) is 22:00 UTC, inside the
    # file of 2013-10-07, so the quote bar ending then is read
    start = OCT8 - 2 * 3600 * 10**9
    config = replace(
        es_config(lean_data, TickType.QUOTE, Resolution.MINUTE, extended=True), exchange_time_zone="Etc/GMT-2"
    )
    feed = HistoricalFeed(LeanDataSource(lean_data))
    feed.add(config)
    assert _window(feed, start, start + (OCT9 - OCT8))[0] == (start, 1)


def _read_day_ending_with_a_bar_at(lean_data: Path) -> tuple[HistoricalFeed, SubscriptionDataConfig, int]:
    feed = HistoricalFeed(LeanDataSource(lean_data))
    config = _utc_exchange(es_config(lean_data, TickType.TRADE, Resolution.HOUR, extended=True))
    feed.add(config)
    groups = _window(feed, OCT8, OCT9)
    assert groups[-1] == (OCT9, 1)  # the 23:00 bar ends at the next midnight
    feed.take_uncounted()
    return feed, config, sum(n for _, n in groups)


def test_a_subscription_removed_by_a_selection_loses_its_points_of_that_time(lean_data: Path) -> None:
    feed, config, _ = _read_day_ending_with_a_bar_at(lean_data)
    feed.selection_ns = OCT9
    feed.remove(config)
    feed.selection_ns = None
    assert feed.take_uncounted() == -1


def test_a_subscription_removed_outside_a_selection_keeps_its_points(lean_data: Path) -> None:
    feed, config, _ = _read_day_ending_with_a_bar_at(lean_data)
    feed.remove(config)
    assert feed.take_uncounted() == 0
    feed2, config2, _ = _read_day_ending_with_a_bar_at(lean_data)
    feed2.selection_ns = OCT9 + 1  # a selection at another time
    feed2.remove(config2)
    assert feed2.take_uncounted() == 0
