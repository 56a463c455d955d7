"""Expected bar end times from exchange hours, for fill-forward and hours filtering.

A bar of period ``p`` ending at ``e`` belongs to the grid when ``e`` is a multiple of ``p``
after local midnight and ``(e - p, e)`` overlaps an open segment (regular segments only unless
extended hours are subscribed). Daily bars end at the close of the regular session.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import numpy as np

from keel.data.market_hours.hours import MarketHoursState
from keel.engine.clock import NS_PER_DAY, TimeZoneConverter

_MARKET = MarketHoursState.MARKET


class MarketGrid:
    """Caches per local day the UTC bar ends of one (exchange hours, period, extended) set-up."""

    def __init__(self, exchange_hours: Any, conv: TimeZoneConverter, period_ns: int, extended: bool) -> None:
        self.hours = exchange_hours
        self.conv = conv
        self.period_ns = period_ns
        self.extended = extended
        self._days: dict[object, np.ndarray] = {}

    def _day_ends(self, day: Any) -> np.ndarray:
        cached = self._days.get(day)
        if cached is not None:
            return cached
        midnight = datetime(day.year, day.month, day.day)
        market_hours = self.hours.get_market_hours(day)
        period = self.period_ns
        chunks: list[np.ndarray] = []
        if period >= NS_PER_DAY:
            regular = [s for s in market_hours.segments if s.state == _MARKET]
            if regular:
                close = midnight + regular[-1].end
                chunks.append(np.array([self.conv.local_to_utc_ns(close)], dtype=np.int64))
        else:
            period_td = timedelta(microseconds=period // 1000)
            for segment in market_hours.segments:
                if not self.extended and segment.state != _MARKET:
                    continue
                start_ns = segment.start // timedelta(microseconds=1) * 1000
                end_ns = segment.end // timedelta(microseconds=1) * 1000
                first = (start_ns // period + 1) * period
                last = -(-end_ns // period) * period
                if last < first:
                    continue
                offsets = np.arange(first, last + 1, period, dtype=np.int64)
                base_local = midnight
                base_utc = self.conv.local_to_utc_ns(base_local)
                # DST changes happen outside futures sessions' middle; convert the segment ends
                # exactly and shift the run uniformly between them.
                seg_start_utc = self.conv.local_to_utc_ns(
                    base_local + timedelta(microseconds=first // 1000) - period_td
                )
                shift = seg_start_utc - (base_utc + first - period)
                chunks.append(base_utc + offsets + shift)
        ends = np.unique(np.concatenate(chunks)) if chunks else np.empty(0, dtype=np.int64)
        self._days[day] = ends
        return ends

    def ends_between(self, start_ns: int, end_ns: int) -> np.ndarray:
        """Sorted bar end times in ``(start_ns, end_ns]``."""
        first_day = self.conv.to_local(start_ns).date() - timedelta(days=1)
        last_day = self.conv.to_local(end_ns).date() + timedelta(days=1)
        parts = []
        day = first_day
        while day <= last_day:
            parts.append(self._day_ends(day))
            day += timedelta(days=1)
        ends = np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
        lo = int(np.searchsorted(ends, start_ns, side="right"))
        hi = int(np.searchsorted(ends, end_ns, side="right"))
        return ends[lo:hi]
