"""``MarketHoursDatabase.get_exchange_hours`` with LEAN's ``SubscriptionDataConfig`` overload."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from keel.algorithm.lean_compat import LeanMarketHoursDatabase
from keel.data.market_hours.database import MarketHoursDatabase
from keel.model.enums import SecurityType
from keel.model.symbol import Symbol


def test_exchange_hours_from_a_subscription_config() -> None:
    database = LeanMarketHoursDatabase(MarketHoursDatabase.builtin())
    contract = Symbol.create_future("ES", "cme", date(2013, 12, 20))
    by_config = database.get_exchange_hours(SimpleNamespace(symbol=contract))
    by_key = database.GetExchangeHours("cme", "ES", SecurityType.FUTURE)
    assert type(by_config) is type(by_key)
    assert by_config.time_zone == by_key.time_zone
    with pytest.raises(TypeError):
        database.get_exchange_hours("cme")
