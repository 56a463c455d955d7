"""``date_rules.every_day(symbol)``: which days count, and the market open/close time rules on them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from keel.algorithm.scheduling import DateRules, TimeRules
from keel.data.market_hours import MarketHoursDatabase
from keel.engine.clock import converter
from keel.model.enums import SecurityType

MHDB = Path(__file__).resolve().parents[3] / "shared" / "data" / "lean" / "market-hours" / "market-hours-database.json"

pytestmark = pytest.mark.skipif(not MHDB.is_file(), reason=f"LEAN market hours database not at {MHDB}")

# 2020-02-07 is a Friday: ES trades Friday until 17:00, Sunday 18:00-24:00 only (extended), Monday on
FRIDAY, SATURDAY, SUNDAY, MONDAY = (date(2020, 2, 7) + timedelta(days=i) for i in range(4))


def _algorithm(extended_subscription: bool) -> Any:
    hours = MarketHoursDatabase.from_file(MHDB).get_entry("cme", "ES", SecurityType.FUTURE).exchange_hours
    security = SimpleNamespace(exchange=SimpleNamespace(hours=hours), is_extended_market_hours=extended_subscription)
    return SimpleNamespace(securities={"ES": security}, symbol=lambda s: s, time_zone="America/New_York")


def _local(rule: Any, day: date) -> list[datetime]:
    conv = converter("America/New_York")
    return [conv.to_local(t) for t in rule.utc_times(day)]


@pytest.mark.parametrize(
    ("extended_subscription", "extended_arg", "expected"),
    [
        (False, False, [FRIDAY, MONDAY]),  # regular trading days only
        (False, True, [FRIDAY, SUNDAY, MONDAY]),  # LEAN's EveryDay(symbol, extendedMarketHours: true)
        (True, False, [FRIDAY, SUNDAY, MONDAY]),  # a security subscribed with extended hours
    ],
)
def test_every_day_counts_extended_only_days_for_extended_hours(
    extended_subscription: bool, extended_arg: bool, expected: list[date]
) -> None:
    rules = DateRules(_algorithm(extended_subscription))
    assert list(rules.every_day("ES", extended_arg).get_dates(FRIDAY, MONDAY)) == expected


def test_extended_open_and_close_on_the_sunday_session() -> None:
    """The Sunday evening session opens at 18:00 and ends at midnight; the regular rules find nothing."""
    algorithm = _algorithm(True)
    rules = TimeRules(algorithm)
    assert _local(rules.after_market_open("ES", 0, True), SUNDAY) == [datetime(2020, 2, 9, 18)]
    assert _local(rules.before_market_close("ES", 0, True), SUNDAY) == [datetime(2020, 2, 10)]
    assert _local(rules.after_market_open("ES"), SUNDAY) == []
    assert _local(rules.before_market_close("ES"), SUNDAY) == []
    assert _local(rules.before_market_close("ES", 0, True), FRIDAY) == [datetime(2020, 2, 7, 17)]
