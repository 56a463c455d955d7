"""Daily calendars and LEAN's strict daily end times (``GetDailyCalendar`` / ``SetStrictEndTimes``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo

import numpy as np

from keel.data.market_hours.hours import SecurityExchangeHours

_EPOCH_UTC = datetime(1970, 1, 1, tzinfo=UTC)


def daily_calendar(
    exchange_hours: SecurityExchangeHours, local_dt: datetime, extended: bool = False
) -> tuple[datetime, datetime]:
    """Start and end of the trading day ``local_dt`` belongs to (LEAN ``GetDailyCalendar``).

    Start = the first open of the latest day with an open at or before ``local_dt``; end = the
    last close of that day. With ``extended=False`` this is the regular session (ES/GC in LEAN's
    database: 09:30-17:00 New York).
    """
    start = exchange_hours.get_first_daily_market_open(local_dt, extended)
    end = exchange_hours.get_last_daily_market_close(start, extended)
    return start, end


def strict_daily_bar_times(
    exchange_hours: SecurityExchangeHours, bar_start: datetime, bar_end: datetime
) -> tuple[datetime, datetime] | None:
    """Re-stamp a daily bar to its regular session, or None if LEAN drops it.

    Both arguments and results are naive exchange-local times. The session is the daily
    calendar of the bar's end; a bar whose session ends before the bar starts (e.g. the
    Sunday-evening-only UTC bar of ES) is dropped.
    """
    start, end = daily_calendar(exchange_hours, bar_end, extended=False)
    if end < bar_start:
        return None
    return start, end


def strict_daily_times_utc(
    exchange_hours: SecurityExchangeHours, start_utc_ns: np.ndarray, end_utc_ns: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vector form of :func:`strict_daily_bar_times` over UTC ns arrays.

    Returns ``(new_start_utc_ns, new_end_utc_ns, keep_mask)``; rows with ``keep_mask`` False are
    dropped bars (their times are left unchanged).
    """
    tz = exchange_hours.tz
    new_start = np.array(start_utc_ns, dtype=np.int64, copy=True)
    new_end = np.array(end_utc_ns, dtype=np.int64, copy=True)
    keep = np.ones(new_start.shape[0], dtype=bool)
    for i in range(new_start.shape[0]):
        local_start = _to_local(int(start_utc_ns[i]), tz)
        local_end = _to_local(int(end_utc_ns[i]), tz)
        stamped = strict_daily_bar_times(exchange_hours, local_start, local_end)
        if stamped is None:
            keep[i] = False
            continue
        new_start[i] = _to_utc_ns(stamped[0], tz)
        new_end[i] = _to_utc_ns(stamped[1], tz)
    return new_start, new_end, keep


def _to_local(utc_ns: int, tz: tzinfo) -> datetime:
    return (_EPOCH_UTC + timedelta(microseconds=utc_ns // 1000)).astimezone(tz).replace(tzinfo=None)


def _to_utc_ns(local: datetime, tz: tzinfo) -> int:
    return ((local.replace(tzinfo=tz) - _EPOCH_UTC) // timedelta(microseconds=1)) * 1000
