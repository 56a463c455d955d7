"""LEAN member names of ``Security`` that Python algorithms read."""

from __future__ import annotations

from types import SimpleNamespace

from keel.securities.testing import make_future


def test_subscription_data_config_is_the_first_subscription() -> None:
    es = make_future()
    assert es.subscription_data_config is None  # LEAN: SubscriptionsBag.FirstOrDefault()
    trade, quote = SimpleNamespace(symbol=es.symbol, kind="trade"), SimpleNamespace(symbol=es.symbol, kind="quote")
    es.add_subscription(trade)
    es.add_subscription(quote)
    assert es.subscription_data_config is trade
    assert es.SubscriptionDataConfig is trade
