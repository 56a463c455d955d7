"""Last-trade-date rules of the simulated futures products (weekends skipped, holidays ignored).

The rules follow the exchanges' published contract specifications closely enough for a
simulator: the date each rule returns is the instrument's ``expirationDate`` in the REST API
and the ``541 MaturityDate`` on the FIX wire.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

ExpiryRule = Callable[[int, int], date]
"""Maps a contract month (year, month) to the contract's last trade date."""


def _is_business_day(day: date) -> bool:
    return day.weekday() < 5


def _add_business_days(day: date, count: int) -> date:
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += timedelta(days=step)
        if _is_business_day(day):
            remaining -= 1
    return day


def _last_business_day(year: int, month: int) -> date:
    day = date(year, month, calendar.monthrange(year, month)[1])
    while not _is_business_day(day):
        day -= timedelta(days=1)
    return day


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + timedelta(days=offset + 7 * (n - 1))


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def third_friday(year: int, month: int) -> date:
    """Equity index futures (ES, NQ): third Friday of the contract month."""
    return _nth_weekday(year, month, calendar.FRIDAY, 3)


def crude_oil(year: int, month: int) -> date:
    """NYMEX CL: three business days before the 25th of the month before the contract month."""
    prev_year, prev_month = _shift_month(year, month, -1)
    anchor = date(prev_year, prev_month, 25)
    while not _is_business_day(anchor):
        anchor -= timedelta(days=1)
    return _add_business_days(anchor, -3)


def third_last_business_day(year: int, month: int) -> date:
    """COMEX GC: third-last business day of the contract month."""
    return _add_business_days(_last_business_day(year, month), -2)


def treasury_note(year: int, month: int) -> date:
    """CBOT ZN: seventh business day before the last business day of the contract month."""
    return _add_business_days(_last_business_day(year, month), -7)


def fx_future(year: int, month: int) -> date:
    """CME FX (6E, 6J, 6B): two business days before the third Wednesday of the contract month."""
    return _add_business_days(_nth_weekday(year, month, calendar.WEDNESDAY, 3), -2)


def vix_future(year: int, month: int) -> date:
    """CFE VX: the Wednesday 30 days before the third Friday of the following month."""
    next_year, next_month = _shift_month(year, month, 1)
    return third_friday(next_year, next_month) - timedelta(days=30)


def brent(year: int, month: int) -> date:
    """ICE Brent: last business day of the second month before the contract month."""
    prior_year, prior_month = _shift_month(year, month, -2)
    return _last_business_day(prior_year, prior_month)


RULES: dict[str, ExpiryRule] = {
    "third_friday": third_friday,
    "crude_oil": crude_oil,
    "third_last_business_day": third_last_business_day,
    "treasury_note": treasury_note,
    "fx_future": fx_future,
    "vix_future": vix_future,
    "brent": brent,
}
"""Expiry rules by name, as referenced from the product table."""
