from datetime import datetime, timedelta

import pytest

from keel.engine.subscriptions import SubscriptionDataConfig
from keel.model.enums import OrderStatus, OrderType, Resolution, TickType
from keel.model.orders import Order
from keel.reality.fills import (
    EquityFillModel,
    FillModelParameters,
    ImmediateFillModel,
    LatestPriceFillModel,
    run_fill_model,
)
from keel.securities.testing import feed, make_equity, make_portfolio, quote_bar, trade_bar

LOCAL = datetime(2013, 10, 8, 10, 0)
UTC = LOCAL + timedelta(hours=4)


def _spy(quotes=False):
    spy = make_equity(make_portfolio())
    types = [TickType.TRADE, TickType.QUOTE] if quotes else [TickType.TRADE]
    for t in types:
        spy.add_subscription(
            SubscriptionDataConfig(
                spy.symbol, t, Resolution.MINUTE, spy.exchange.hours, "America/New_York", "America/New_York"
            )
        )
    return spy


def _fill(spy, order, model=None, **kw):
    if model is not None:
        spy.fill_model = model
    return run_fill_model(FillModelParameters(spy, order, **kw)).order_event


def test_equity_market_fill_uses_trade_close_without_quotes_and_ib_fee():
    spy = _spy()
    feed(spy, trade_bar(spy, LOCAL, 100, 101, 99, 100.5))
    fill = _fill(spy, Order(1, spy.symbol, 10, OrderType.MARKET, UTC))
    assert fill.fill_price == 100.5 and fill.status == OrderStatus.FILLED
    assert "TradeBar" in fill.message
    assert fill.order_fee.value.amount == 1.0


def test_equity_market_fill_prefers_fresh_quote():
    spy = _spy(quotes=True)
    feed(spy, trade_bar(spy, LOCAL, 100, 101, 99, 100.5), quote_bar(spy, LOCAL, 100.4, 100.6))
    assert _fill(spy, Order(1, spy.symbol, 10, OrderType.MARKET, UTC)).fill_price == 100.6
    assert _fill(spy, Order(1, spy.symbol, -10, OrderType.MARKET, UTC)).fill_price == 100.4


def test_equity_market_order_waits_outside_regular_hours():
    spy = _spy()
    pre = datetime(2013, 10, 8, 8, 0)
    feed(spy, trade_bar(spy, pre, 100, 101, 99, 100.5))
    assert _fill(spy, Order(1, spy.symbol, 10, OrderType.MARKET, pre + timedelta(hours=4))).fill_quantity == 0


def test_equity_limit_uses_trade_range_and_skips_order_bar():
    spy = _spy()
    order = Order(1, spy.symbol, 10, OrderType.LIMIT, UTC + timedelta(minutes=1), limit_price=99.5)
    feed(spy, trade_bar(spy, LOCAL, 100, 101, 99, 100.5))
    assert _fill(spy, order).fill_quantity == 0
    feed(spy, trade_bar(spy, LOCAL + timedelta(minutes=1), 100, 101, 99, 100.5))
    assert _fill(spy, order).fill_price == 99.5


def test_stop_market_both_directions_fill_at_the_stop():
    spy = _spy()
    feed(spy, trade_bar(spy, LOCAL + timedelta(minutes=1), 100, 101, 98, 98.5))
    sell_stop = Order(1, spy.symbol, -10, OrderType.STOP_MARKET, UTC, stop_price=99.0)
    assert _fill(spy, sell_stop).fill_price == 99.0  # LEAN: the stop, not the (lower) close
    buy_stop = Order(2, spy.symbol, 10, OrderType.STOP_MARKET, UTC, stop_price=100.5)
    assert _fill(spy, buy_stop).fill_price == 100.5


def test_stop_market_unfavourable_gap_fills_at_the_open():
    spy = _spy(quotes=True)
    # quotes far from the trade bar: the equity stop must trigger and price on trades only
    feed(
        spy,
        trade_bar(spy, LOCAL + timedelta(minutes=1), 102, 103, 101.5, 102.5),
        quote_bar(spy, LOCAL + timedelta(minutes=1), 90, 91),
    )
    buy_stop = Order(1, spy.symbol, 10, OrderType.STOP_MARKET, UTC, stop_price=101.0)
    fill = _fill(spy, buy_stop)
    assert fill.fill_price == 102 and "gap" in fill.message
    sell_stop = Order(2, spy.symbol, -10, OrderType.STOP_MARKET, UTC, stop_price=101.0)
    assert _fill(spy, sell_stop).fill_quantity == 0  # quote lows never trigger an equity stop


def test_stop_market_needs_a_trade_bar_after_the_order():
    spy = _spy()
    feed(spy, trade_bar(spy, LOCAL, 100, 101, 98, 98.5))
    order = Order(1, spy.symbol, -10, OrderType.STOP_MARKET, UTC + timedelta(minutes=1), stop_price=99.0)
    assert _fill(spy, order).fill_quantity == 0


def test_limit_favourable_gap_fills_at_the_open():
    spy = _spy()
    feed(spy, trade_bar(spy, LOCAL + timedelta(minutes=1), 99, 100, 98.5, 99.8))
    buy = Order(1, spy.symbol, 10, OrderType.LIMIT, UTC, limit_price=99.5)
    assert _fill(spy, buy).fill_price == 99
    sell = Order(2, spy.symbol, -10, OrderType.LIMIT, UTC, limit_price=98.8)
    assert _fill(spy, sell).fill_price == 99


def test_market_on_open_and_close():
    spy = _spy()
    evening = datetime(2013, 10, 7, 18, 0)
    moo = Order(1, spy.symbol, 10, OrderType.MARKET_ON_OPEN, evening + timedelta(hours=4))
    feed(spy, trade_bar(spy, datetime(2013, 10, 8, 9, 30), 101, 102, 100, 101.5))
    fill = _fill(spy, moo)
    assert fill.status == OrderStatus.FILLED and fill.fill_price == 101
    moc = Order(2, spy.symbol, -10, OrderType.MARKET_ON_CLOSE, UTC)
    feed(spy, trade_bar(spy, datetime(2013, 10, 8, 15, 58), 101, 102, 100, 101.7))
    assert _fill(spy, moc).fill_quantity == 0
    feed(spy, trade_bar(spy, datetime(2013, 10, 8, 15, 59), 101, 102, 100, 101.9))
    assert _fill(spy, moc).fill_price == 101.9


def test_trailing_stop_follows_high_and_fires():
    spy = _spy()
    updates = []
    order = Order(1, spy.symbol, -10, OrderType.TRAILING_STOP, UTC, stop_price=98.0, trailing_amount=2.0)
    feed(spy, trade_bar(spy, LOCAL + timedelta(minutes=1), 100, 103, 100, 102.5))
    fill = _fill(spy, order, on_order_updated=updates.append)
    assert fill.fill_quantity == 0 and order.stop_price == 101.0 and updates == [order]
    feed(spy, trade_bar(spy, LOCAL + timedelta(minutes=2), 102, 102, 100.5, 100.8))
    assert _fill(spy, order).fill_price == 100.8
    pct = Order(
        2,
        spy.symbol,
        10,
        OrderType.TRAILING_STOP,
        UTC,
        stop_price=110.0,
        trailing_amount=0.05,
        trailing_as_percentage=True,
    )
    _fill(spy, pct)
    assert pct.stop_price == pytest.approx(100.5 * 1.05)


def test_limit_if_touched():
    spy = _spy(quotes=True)
    order = Order(1, spy.symbol, 10, OrderType.LIMIT_IF_TOUCHED, UTC, trigger_price=99.0, limit_price=99.5)
    feed(
        spy,
        trade_bar(spy, LOCAL + timedelta(minutes=1), 100, 101, 98.9, 99.2),
        quote_bar(spy, LOCAL + timedelta(minutes=1), 99.1, 99.3),
    )
    fill = _fill(spy, order)
    assert order.trigger_touched and fill.fill_price == 99.3


def test_immediate_and_latest_price_models():
    spy = _spy(quotes=True)
    feed(spy, quote_bar(spy, LOCAL, 100.4, 100.6))
    feed(spy, trade_bar(spy, LOCAL + timedelta(minutes=1), 100, 101, 99, 100.9))
    assert (
        _fill(spy, Order(1, spy.symbol, 1, OrderType.MARKET, UTC), ImmediateFillModel()).fill_price == 100.6
    )
    assert (
        _fill(spy, Order(1, spy.symbol, 1, OrderType.MARKET, UTC), LatestPriceFillModel()).fill_price == 100.9
    )
    assert isinstance(EquityFillModel(), ImmediateFillModel.__mro__[1])


def test_trailing_stop_percentage_buy_moves_only_past_leans_reference_distance() -> None:
    """LEAN's ``TryUpdateStopPrice``: the stop moves when the market is farther from it than
    ``stop * amount / (1 - amount)``, for a buy too (whose trail is only ``stop * amount / (1 + amount)``)."""
    spy = _spy()
    order = Order(
        1, spy.symbol, 10, OrderType.TRAILING_STOP, UTC, stop_price=110.0, trailing_amount=0.05,
        trailing_as_percentage=True,
    )
    # low 104.5: 104.5 * 1.05 = 109.725 < 110 (a tighter trail), but 110 - 104.5 = 5.5 <= 110 * 0.05 / 0.95
    feed(spy, trade_bar(spy, LOCAL + timedelta(minutes=1), 105, 106, 104.5, 105))
    assert _fill(spy, order).fill_quantity == 0 and order.stop_price == 110.0
    # low 104.0: 110 - 104 = 6.0 > 5.789...: the stop follows to 104 * 1.05
    feed(spy, trade_bar(spy, LOCAL + timedelta(minutes=2), 105, 106, 104.0, 105))
    _fill(spy, order)
    assert order.stop_price == pytest.approx(104.0 * 1.05)
