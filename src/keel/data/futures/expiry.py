"""Futures expiry (last trade) rules per root, and the contract-month <-> expiry mapping.

Each rule follows the exchange's published "termination of trading" rule, as LEAN's
``FuturesExpiryFunctions`` do. Business days skip weekends and the root's exchange holidays
(Keel's rule set in :mod:`keel.data.market_hours.holidays`; HKFE/EUREX use weekends only). LEAN
keeps a time of day in some expiries (ES family: 13:30, i.e. 09:30 New York); the others are at
00:00. A contract's ``YYYYMM`` tag is the contract (delivery) month; for roots whose trading
ends in an earlier month (CL, NG, RB, HO: one month; BZ: two) the expiry falls before it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from keel.data.market_hours import holidays as rules

ALL_MONTHS = tuple(range(1, 13))
QUARTERLY = (3, 6, 9, 12)


class UnknownFutureRootError(KeyError):
    """No expiry rule is known for the root."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown futures root"


@lru_cache(maxsize=64)
def _us_closures(year: int) -> frozenset[date]:
    return frozenset(rules.full_closures(year)) | frozenset(rules.monday_style_holidays(year))


def _no_holidays(year: int) -> frozenset[date]:
    return frozenset()


Holidays = Callable[[int], frozenset[date]]


def is_business_day(day: date, holidays: Holidays = _us_closures) -> bool:
    """A weekday that is not an exchange holiday."""
    return day.weekday() < 5 and day not in holidays(day.year)


def add_business_days(day: date, count: int, holidays: Holidays = _us_closures) -> date:
    """Move ``count`` business days from ``day`` (negative = backwards); ``day`` itself is not counted."""
    step = timedelta(days=1 if count > 0 else -1)
    remaining = abs(count)
    while remaining:
        day += step
        if is_business_day(day, holidays):
            remaining -= 1
    return day


def nth_last_business_day(year: int, month: int, n: int, holidays: Holidays = _us_closures) -> date:
    """The ``n``-th last business day of a month (1 = last)."""
    day = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    found = 0
    while True:
        if is_business_day(day, holidays):
            found += 1
            if found == n:
                return day
        day -= timedelta(days=1)


def nth_business_day(year: int, month: int, n: int, holidays: Holidays = _us_closures) -> date:
    """The ``n``-th business day of a month (1 = first)."""
    return add_business_days(date(year, month, 1) - timedelta(days=1), n, holidays)


def previous_business_day_if_holiday(day: date, holidays: Holidays = _us_closures) -> date:
    """``day`` itself if a business day, else the business day before it."""
    while not is_business_day(day, holidays):
        day -= timedelta(days=1)
    return day


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


@dataclass(frozen=True, slots=True)
class ExpiryRule:
    """How a root's contracts expire.

    ``last_trade(year, month)`` gets the contract month; ``months_prior`` is how many months
    before the contract month the expiry falls (LEAN's ``ExpiriesPriorMonth``; negative when the
    expiry falls after it).
    """

    market: str
    months: tuple[int, ...]
    last_trade: Callable[[int, int], date]
    time_of_day: time = time(0, 0)
    months_prior: int = 0
    description: str = ""


def _third_friday_adjusted(holidays: Holidays) -> Callable[[int, int], date]:
    return lambda y, m: previous_business_day_if_holiday(rules.nth_weekday(y, m, 4, 3), holidays)


def _cl(y: int, m: int) -> date:
    py, pm = _shift_month(y, m, -1)
    twenty_fifth = date(py, pm, 25)
    back = 3 if is_business_day(twenty_fifth) else 4
    return add_business_days(twenty_fifth, -back)


def _prior_month_nth_last(n: int, months_back: int = 1) -> Callable[[int, int], date]:
    def rule(y: int, m: int) -> date:
        py, pm = _shift_month(y, m, -months_back)
        return nth_last_business_day(py, pm, n)

    return rule


def _seventh_before_last(y: int, m: int) -> date:
    return add_business_days(nth_last_business_day(y, m, 1), -7)


def _grains(y: int, m: int) -> date:
    return add_business_days(date(y, m, 15), -1)


def _fx(days_before: int) -> Callable[[int, int], date]:
    return lambda y, m: add_business_days(rules.nth_weekday(y, m, 2, 3), -days_before)


def _sofr(y: int, m: int) -> date:
    ey, em = _shift_month(y, m, 3)
    return add_business_days(rules.nth_weekday(ey, em, 2, 3), -1)


_ES_TIME = time(13, 30)
_third_friday_us = _third_friday_adjusted(_us_closures)

RULES: dict[str, ExpiryRule] = {
    # equity index: third Friday of the contract month, 09:30 New York (13:30 in LEAN's expiry)
    **{
        root: ExpiryRule(market, QUARTERLY, _third_friday_us, _ES_TIME, 0, "3rd Friday of the contract month")
        for root, market in (
            ("ES", "cme"),
            ("NQ", "cme"),
            ("RTY", "cme"),
            ("EMD", "cme"),
            ("MES", "cme"),
            ("MNQ", "cme"),
            ("YM", "cbot"),
        )
    },
    # metals: third last business day of the contract month
    **{
        root: ExpiryRule(
            market,
            months,
            lambda y, m: nth_last_business_day(y, m, 3),
            time(0, 0),
            0,
            "3rd last business day of the contract month",
        )
        for root, market, months in (
            ("GC", "comex", ALL_MONTHS),
            ("SI", "comex", ALL_MONTHS),
            ("HG", "comex", ALL_MONTHS),
            ("MGC", "comex", ALL_MONTHS),
            ("PL", "nymex", (1, 4, 7, 10)),
            ("PA", "nymex", QUARTERLY),
        )
    },
    "CL": ExpiryRule(
        "nymex",
        ALL_MONTHS,
        _cl,
        time(0, 0),
        1,
        "3 business days before the 25th of the prior month (4 if the 25th is not a business day)",
    ),
    "NG": ExpiryRule(
        "nymex",
        ALL_MONTHS,
        _prior_month_nth_last(3),
        time(0, 0),
        1,
        "3rd last business day of the prior month",
    ),
    "RB": ExpiryRule(
        "nymex", ALL_MONTHS, _prior_month_nth_last(1), time(0, 0), 1, "last business day of the prior month"
    ),
    "HO": ExpiryRule(
        "nymex", ALL_MONTHS, _prior_month_nth_last(1), time(0, 0), 1, "last business day of the prior month"
    ),
    "BZ": ExpiryRule(
        "nymex",
        ALL_MONTHS,
        _prior_month_nth_last(1, 2),
        time(0, 0),
        2,
        "last business day of the second month preceding the contract month",
    ),
    **{
        root: ExpiryRule(
            "cbot",
            QUARTERLY,
            _seventh_before_last,
            time(0, 0),
            0,
            "7th business day preceding the last business day of the contract month",
        )
        for root in ("ZB", "ZN", "UB")
    },
    **{
        root: ExpiryRule(
            "cbot",
            QUARTERLY,
            lambda y, m: nth_last_business_day(y, m, 1),
            time(0, 0),
            0,
            "last business day of the contract month",
        )
        for root in ("ZF", "ZT")
    },
    "SR3": ExpiryRule(
        "cme",
        QUARTERLY,
        _sofr,
        time(0, 0),
        -3,
        "business day before the 3rd Wednesday of the 3rd month after the contract month",
    ),
    **{
        root: ExpiryRule(
            "cme",
            QUARTERLY,
            _fx(2),
            time(0, 0),
            0,
            "2nd business day before the 3rd Wednesday of the contract month",
        )
        for root in ("6E", "6J", "6B", "6A", "6S")
    },
    "6C": ExpiryRule(
        "cme", QUARTERLY, _fx(1), time(0, 0), 0, "business day before the 3rd Wednesday of the contract month"
    ),
    "ZC": ExpiryRule("cbot", (3, 5, 7, 9, 12), _grains, time(0, 0), 0, "business day before the 15th"),
    "ZW": ExpiryRule("cbot", (3, 5, 7, 9, 12), _grains, time(0, 0), 0, "business day before the 15th"),
    "ZS": ExpiryRule("cbot", (1, 3, 5, 7, 8, 9, 11), _grains, time(0, 0), 0, "business day before the 15th"),
    "ZL": ExpiryRule(
        "cbot", (1, 3, 5, 7, 8, 9, 10, 12), _grains, time(0, 0), 0, "business day before the 15th"
    ),
    "ZM": ExpiryRule(
        "cbot", (1, 3, 5, 7, 8, 9, 10, 12), _grains, time(0, 0), 0, "business day before the 15th"
    ),
    "HSI": ExpiryRule(
        "hkfe",
        ALL_MONTHS,
        lambda y, m: nth_last_business_day(y, m, 2, _no_holidays),
        time(0, 0),
        0,
        "business day before the last business day of the contract month",
    ),
    "FESX": ExpiryRule(
        "eurex",
        QUARTERLY,
        _third_friday_adjusted(_no_holidays),
        time(0, 0),
        0,
        "3rd Friday of the contract month",
    ),
}


def expiry_rule(root: str) -> ExpiryRule:
    """The rule of ``root``; raise :class:`UnknownFutureRootError` listing the known roots."""
    try:
        return RULES[root.upper()]
    except KeyError:
        known = ", ".join(sorted(RULES))
        raise UnknownFutureRootError(
            f"no expiry rule for futures root {root!r}; known roots: {known}"
        ) from None


def expiry_from_contract_month(root: str, market: str | None, contract_month: date) -> datetime:
    """Expiry (last trade date and LEAN's time of day) of the contract of ``contract_month``.

    ``market`` is informational (roots are unique across Keel's markets) and may be None.
    """
    rule = expiry_rule(root)
    last = rule.last_trade(contract_month.year, contract_month.month)
    return datetime.combine(last, rule.time_of_day)


def contract_month_from_expiry(root: str, expiry: date | datetime) -> date:
    """The contract month (first of month) of a contract expiring on ``expiry``."""
    rule = expiry_rule(root)
    y, m = _shift_month(expiry.year, expiry.month, rule.months_prior)
    return date(y, m, 1)


def contract_month_from_yyyymm(text: str) -> date:
    """Parse a ``YYYYMM`` tag (zip entry names, chain files) into the first day of that month."""
    if len(text) != 6 or not text.isdigit():
        raise ValueError(f"expected a contract month 'YYYYMM', found {text!r}")
    return date(int(text[:4]), int(text[4:]), 1)


def standard_contract_months(root: str) -> tuple[int, ...]:
    """Calendar months (1-12) in which ``root`` lists contracts."""
    return expiry_rule(root).months


def known_roots() -> list[str]:
    """Roots with an expiry rule."""
    return sorted(RULES)
