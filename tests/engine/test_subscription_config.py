"""LEAN's Python member names on :class:`SubscriptionDataConfig`."""

from __future__ import annotations

from datetime import datetime

from keel.engine.subscriptions import SubscriptionDataConfig
from keel.model.bars import QuoteBar
from keel.model.enums import Resolution, TickType
from keel.model.symbol import Symbol


def test_lean_member_names_are_available() -> None:
    es = Symbol.create_future("ES", "cme", datetime(2013, 12, 20))
    config = SubscriptionDataConfig(
        es, TickType.QUOTE, Resolution.MINUTE, None, "America/New_York", "UTC", fill_forward=False, is_internal=True
    )
    assert config.fill_data_forward is False and config.FillDataForward is False
    assert config.is_internal_feed is True
    assert config.type is QuoteBar
