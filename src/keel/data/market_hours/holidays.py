"""A compact rule set for US exchange holidays, CME early closes and US bank holidays.

Rules (observance: Saturday -> Friday, Sunday -> Monday, unless stated):
* New Year's Day (Jan 1; Saturday is not observed, Sunday -> Monday), Good Friday, Christmas:
  exchanges closed.
* Martin Luther King Jr. Day (3rd Monday of January), Presidents Day (3rd Monday of February),
  Memorial Day (last Monday of May), Juneteenth (June 19, from 2022), Independence Day (July 4),
  Labor Day (1st Monday of September), Thanksgiving (4th Thursday of November): NYSE closed;
  CME Globex halts early (12:00 CT) and reopens for the next trading day in the evening.
* CME/NYSE early closes: the day after Thanksgiving, Christmas Eve and July 3 (when they fall on
  a weekday and are not themselves holidays).
* US bank (Federal Reserve) holidays: the above except Good Friday, plus Columbus Day (2nd Monday
  of October) and Veterans Day (Nov 11); Juneteenth from 2021; Saturday holidays not observed.
* One-off NYSE closures: 2001-09-11..14, 2004-06-11, 2007-01-02, 2012-10-29/30, 2018-12-05,
  2025-01-09.
"""

from __future__ import annotations

from datetime import date, timedelta

NYSE_SPECIAL_CLOSURES: tuple[date, ...] = (
    date(2001, 9, 11),
    date(2001, 9, 12),
    date(2001, 9, 13),
    date(2001, 9, 14),
    date(2004, 6, 11),
    date(2007, 1, 2),
    date(2012, 10, 29),
    date(2012, 10, 30),
    date(2018, 12, 5),
    date(2025, 1, 9),
)


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The ``n``-th ``weekday`` (0 = Monday) of a month; ``n = -1`` for the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def observed(day: date, saturday_to_friday: bool = True) -> date | None:
    """The weekday on which a fixed-date holiday is observed (None when not observed)."""
    if day.weekday() == 5:
        return day - timedelta(days=1) if saturday_to_friday else None
    if day.weekday() == 6:
        return day + timedelta(days=1)
    return day


def _drop_none(days: list[date | None]) -> list[date]:
    return [d for d in days if d is not None]


def full_closures(year: int) -> list[date]:
    """Days all US futures and equity exchanges are closed: New Year, Good Friday, Christmas."""
    return _drop_none(
        [
            observed(date(year, 1, 1), saturday_to_friday=False),
            easter_sunday(year) - timedelta(days=2),
            observed(date(year, 12, 25)),
        ]
    )


def monday_style_holidays(year: int) -> list[date]:
    """NYSE holidays on which CME Globex trades with an early halt (MLK ... Thanksgiving)."""
    days: list[date | None] = [
        nth_weekday(year, 1, 0, 3),
        nth_weekday(year, 2, 0, 3),
        nth_weekday(year, 5, 0, -1),
        observed(date(year, 7, 4)),
        nth_weekday(year, 9, 0, 1),
        nth_weekday(year, 11, 3, 4),
    ]
    if year >= 2022:
        days.append(observed(date(year, 6, 19)))
    return sorted(_drop_none(days))


def early_close_days(year: int) -> list[date]:
    """Half days: the day after Thanksgiving, Christmas Eve and July 3 (weekdays, not holidays)."""
    closed = set(full_closures(year)) | set(monday_style_holidays(year))
    candidates = [
        nth_weekday(year, 11, 3, 4) + timedelta(days=1),
        date(year, 12, 24),
        date(year, 7, 3),
    ]
    return [d for d in candidates if d.weekday() < 5 and d not in closed]


def nyse_holidays(year: int) -> list[date]:
    """NYSE full-day closures of a year (rules plus one-off closures)."""
    days = set(full_closures(year)) | set(monday_style_holidays(year))
    days |= {d for d in NYSE_SPECIAL_CLOSURES if d.year == year}
    return sorted(days)


def bank_holidays(year: int) -> list[date]:
    """US Federal Reserve holidays of a year (Saturday holidays are not observed)."""
    fixed = [date(year, 1, 1), date(year, 7, 4), date(year, 11, 11), date(year, 12, 25)]
    if year >= 2021:
        fixed.append(date(year, 6, 19))
    days: list[date | None] = [observed(d, saturday_to_friday=False) for d in fixed]
    days += [
        nth_weekday(year, 1, 0, 3),
        nth_weekday(year, 2, 0, 3),
        nth_weekday(year, 5, 0, -1),
        nth_weekday(year, 9, 0, 1),
        nth_weekday(year, 10, 0, 2),
        nth_weekday(year, 11, 3, 4),
    ]
    return sorted(_drop_none(days))
