"""The fill models remember "the exchange is open" for a whole open segment: every answer must
equal the exchange hours' own ``is_open_at`` (holidays, early closes and segment edges included)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from keel.data.market_hours.database import MarketHoursDatabase
from keel.data.market_hours.hours import SecurityExchangeHours
from keel.model.enums import SecurityType
from keel.reality.fills import FillModel
from keel.securities.testing import make_equity, make_future, make_portfolio


# a week around Thanksgiving 2013 (holiday and early close), then the two DST changes of 2013
@pytest.mark.parametrize("start", [datetime(2013, 11, 25), datetime(2013, 3, 7), datetime(2013, 10, 31)])
@pytest.mark.parametrize(
    ("make", "market", "ticker", "security_type"),
    [(make_future, "cme", "ES", SecurityType.FUTURE), (make_equity, "usa", "SPY", SecurityType.EQUITY)],
)
@pytest.mark.parametrize("extended", [True, False])
def test_remembered_open_answer_equals_the_exchange_hours(
    make: Callable[[Any], Any],
    market: str,
    ticker: str,
    security_type: SecurityType,
    extended: bool,
    start: datetime,
    lean_data: Path,
) -> None:
    security = make(make_portfolio())
    # LEAN's hours (holidays, early closes): the segment cache serves ``SecurityExchangeHours`` only
    hours = MarketHoursDatabase.from_data_folder(lean_data).get_exchange_hours(market, ticker, security_type)
    assert type(hours) is SecurityExchangeHours
    security.exchange.hours = hours
    model = FillModel()
    # a week, minute by minute plus odd seconds
    t = start
    while t < start + timedelta(days=7):
        for local in (t, t + timedelta(seconds=59, microseconds=999999)):
            security.set_local_time(local)
            expected = hours.is_open_at(local, extended)
            if expected:  # closed: the model also asks whether the latest bar was open (no bar here)
                assert model.is_exchange_open(security, extended), local
            else:
                assert model.is_exchange_open(security, extended) is False, local
        t += timedelta(minutes=1)
