from datetime import datetime

import pytest

from keel.model.enums import OrderType
from keel.model.orders import Order
from keel.reality.slippage import (
    ConstantSlippageModel,
    NullSlippageModel,
    SlippageModel,
    VolumeShareSlippageModel,
)
from keel.securities.testing import feed, make_equity, make_future, make_portfolio, quote_bar, trade_bar

T = datetime(2013, 10, 8, 10, 0)


def _setup(volume=1000.0):
    spy = make_equity(make_portfolio())
    feed(spy, trade_bar(spy, T, 100, 101, 99, 100, volume))
    return spy


def test_null_and_constant():
    spy = _setup()
    order = Order(1, spy.symbol, 10, OrderType.MARKET, T)
    assert NullSlippageModel().get_slippage_approximation(spy, order) == 0
    assert ConstantSlippageModel(0.001).GetSlippageApproximation(spy, order) == pytest.approx(0.1)


def test_volume_share_grows_with_square_and_caps():
    spy = _setup(1000)
    model = VolumeShareSlippageModel(0.025, 0.1)
    small = model.get_slippage_approximation(spy, Order(1, spy.symbol, 10, OrderType.MARKET, T))
    assert small == pytest.approx((10 / 1000) ** 2 * 0.1 * 100)
    big = model.get_slippage_approximation(spy, Order(1, spy.symbol, -500, OrderType.MARKET, T))
    assert big == pytest.approx(0.025**2 * 0.1 * 100)
    zero_volume = _setup(0)
    assert model.get_slippage_approximation(
        zero_volume, Order(1, spy.symbol, 1, OrderType.MARKET, T)
    ) == pytest.approx(big)


def test_volume_share_on_quote_bars_uses_sizes():
    # a future's price comes from its quotes (an equity's only from trades)
    es = make_future(make_portfolio())
    feed(es, quote_bar(es, T, 99.9, 100.1))
    model = VolumeShareSlippageModel(0.5, 1.0)
    assert model.get_slippage_approximation(
        es, Order(1, es.symbol, 1, OrderType.MARKET, T)
    ) == pytest.approx(0.1**2 * 100)


def test_custom_pascal_case_slippage():
    class Fixed(SlippageModel):
        def GetSlippageApproximation(self, asset, order):
            return 0.25

    spy = _setup()
    assert Fixed().get_slippage_approximation(spy, Order(1, spy.symbol, 1, OrderType.MARKET, T)) == 0.25
