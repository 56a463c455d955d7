from datetime import datetime, timedelta

import pytest

from keel.engine.subscriptions import SubscriptionDataConfig
from keel.model.bars import Bar, QuoteBar
from keel.model.enums import OrderStatus, OrderType, Resolution, TickType
from keel.model.orders import Order
from keel.reality.fills import FillModelParameters, FutureFillModel, run_fill_model
from keel.reality.slippage import ConstantSlippageModel
from keel.securities.testing import feed, make_future, make_portfolio, quote_bar, trade_bar

LOCAL = datetime(2013, 10, 8, 9, 31)  # New York, EDT
UTC = LOCAL + timedelta(hours=4)


def _future(resolution=Resolution.MINUTE, extended=True):
    es = make_future(make_portfolio())
    for tick_type in (TickType.TRADE, TickType.QUOTE):
        es.add_subscription(
            SubscriptionDataConfig(
                es.symbol,
                tick_type,
                resolution,
                es.exchange.hours,
                "America/New_York",
                "America/New_York",
                extended_market_hours=extended,
            )
        )
    return es


def _fill(es, order):
    return run_fill_model(FillModelParameters(es, order)).order_event


def test_market_buy_fills_at_ask_close_sell_at_bid_close_with_ib_fee():
    es = _future()
    feed(es, trade_bar(es, LOCAL, 1660, 1662, 1659, 1661), quote_bar(es, LOCAL, 1660.5, 1661.0))
    buy = _fill(es, Order(1, es.symbol, 3, OrderType.MARKET, UTC))
    assert buy.status == OrderStatus.FILLED and buy.fill_price == 1661.0 and buy.fill_quantity == 3
    assert buy.order_fee.value.amount == pytest.approx(3 * 2.15)
    sell = _fill(es, Order(2, es.symbol, -1, OrderType.MARKET, UTC))
    assert sell.fill_price == 1660.5 and sell.fill_quantity == -1


def test_market_fill_in_extended_hours_but_not_when_closed():
    es = _future()
    night = datetime(2013, 10, 8, 3, 0)
    feed(es, quote_bar(es, night, 1650, 1650.25))
    assert (
        _fill(es, Order(1, es.symbol, 1, OrderType.MARKET, night + timedelta(hours=4))).status
        == OrderStatus.FILLED
    )
    saturday = datetime(2013, 10, 12, 12, 0)  # closed; the latest bar is from another day
    es.set_local_time(saturday)
    waiting = _fill(es, Order(2, es.symbol, 1, OrderType.MARKET, saturday + timedelta(hours=4)))
    assert waiting.status != OrderStatus.FILLED and waiting.fill_quantity == 0


def test_slippage_added_for_buys_subtracted_for_sells():
    es = _future()
    es.slippage_model = ConstantSlippageModel(0.001)
    feed(es, quote_bar(es, LOCAL, 1000, 1000))
    assert _fill(es, Order(1, es.symbol, 1, OrderType.MARKET, UTC)).fill_price == pytest.approx(1001)
    assert _fill(es, Order(1, es.symbol, -1, OrderType.MARKET, UTC)).fill_price == pytest.approx(999)


def test_stale_minute_price_waits_for_fresh_data():
    """LEAN (FutureFillModelTests): minute data more than a bar behind a stale order is not used."""
    es = _future()
    feed(es, quote_bar(es, LOCAL, 1660, 1660.25))
    late = UTC + timedelta(hours=2)
    es.set_local_time(LOCAL + timedelta(hours=2))
    order = Order(1, es.symbol, 1, OrderType.MARKET, late)
    assert _fill(es, order).fill_quantity == 0
    feed(es, quote_bar(es, LOCAL + timedelta(hours=2), 1661, 1661.25))
    fill = _fill(es, order)
    assert fill.status == OrderStatus.FILLED and fill.fill_price == 1661.25 and not fill.message


def test_stale_side_with_fresh_data_fills_with_warning():
    """The wait depends on the security's latest data of any kind (LEAN's ``ShouldWaitForFreshData``):
    a fresh quote bar without a bid side sends a sell to a stale trade bar, which still fills."""
    es = _future()
    feed(es, trade_bar(es, LOCAL, 1660, 1661, 1659, 1660.5))
    later = LOCAL + timedelta(hours=2)
    feed(es, QuoteBar(es.symbol, later, later + timedelta(minutes=1), None, 0.0, Bar(1662, 1662, 1662, 1662), 3.0))
    order = Order(1, es.symbol, -1, OrderType.MARKET, UTC + timedelta(hours=2, minutes=1))
    fill = _fill(es, order)
    assert fill.status == OrderStatus.FILLED and fill.fill_price == 1660.5 and "stale price" in fill.message


def test_short_data_gap_fills_at_stale_price():
    """Minutes without new data do not hold a market order whose price is stale (LEAN)."""
    es = _future()
    feed(es, trade_bar(es, LOCAL, 1660, 1661, 1659, 1660.5))
    later = LOCAL + timedelta(hours=2)
    feed(es, QuoteBar(es.symbol, later, later + timedelta(minutes=1), None, 0.0, Bar(1662, 1662, 1662, 1662), 3.0))
    es.set_local_time(later + timedelta(minutes=4))
    order = Order(1, es.symbol, -1, OrderType.MARKET, UTC + timedelta(hours=2, minutes=4))
    assert _fill(es, order).fill_price == 1660.5


def test_stale_price_within_one_bar_fills_with_warning():
    """With a stale-price span shorter than the bar, data less than a bar old still fills (warned)."""
    es = _future()
    feed(es, quote_bar(es, LOCAL, 1660, 1660.25))
    es.set_local_time(LOCAL + timedelta(minutes=1, seconds=30))
    order = Order(1, es.symbol, 1, OrderType.MARKET, UTC + timedelta(minutes=1, seconds=30))
    parameters = FillModelParameters(es, order, stale_price_timespan=timedelta(seconds=10))
    fill = run_fill_model(parameters).order_event
    assert fill.status == OrderStatus.FILLED and "stale price" in fill.message


def test_hourly_resting_order_fills_at_bar_open_and_stale_hour_waits():
    es = _future(Resolution.HOUR)
    start = datetime(2013, 10, 8, 10, 0)
    order = Order(1, es.symbol, 1, OrderType.MARKET, start + timedelta(hours=4) - timedelta(minutes=5))
    bar = quote_bar(
        es, start, 0, 0, timedelta(hours=1), (1650, 1655, 1649, 1652), (1650.25, 1655.25, 1649.25, 1652.25)
    )
    feed(es, bar)
    assert _fill(es, order).fill_price == 1650.25  # resting before the bar: ask open
    placed_inside = Order(2, es.symbol, 1, OrderType.MARKET, start + timedelta(hours=4, minutes=30))
    assert _fill(es, placed_inside).fill_price == 1652.25  # placed during the bar: close
    stale = Order(3, es.symbol, 1, OrderType.MARKET, start + timedelta(hours=7))
    es.set_local_time(start + timedelta(hours=3))
    assert _fill(es, stale).fill_quantity == 0  # coarse data: wait for the next bar


def test_stop_market_worst_case_and_not_on_order_bar():
    es = _future()
    order = Order(1, es.symbol, -2, OrderType.STOP_MARKET, UTC, stop_price=1655.0)
    feed(es, quote_bar(es, LOCAL - timedelta(minutes=1), 1660, 1660.25))
    assert _fill(es, order).fill_quantity == 0  # data ended before the order
    nxt = LOCAL + timedelta(minutes=1)
    feed(
        es,
        quote_bar(
            es, nxt, 0, 0, bid_range=(1656, 1657, 1650, 1652), ask_range=(1656.25, 1657.25, 1650.25, 1652.25)
        ),
    )
    fill = _fill(es, order)
    assert fill.status == OrderStatus.FILLED and fill.fill_price == 1652  # min(stop, bid close)
    buy = Order(2, es.symbol, 1, OrderType.STOP_MARKET, UTC, stop_price=1657.0)
    assert _fill(es, buy).fill_quantity == 1 and _fill(es, buy).fill_price == 1657.0  # max(stop, ask close)


def test_limit_and_stop_limit_orders():
    es = _future()
    nxt = LOCAL + timedelta(minutes=1)
    feed(
        es,
        quote_bar(
            es, nxt, 0, 0, bid_range=(1656, 1657, 1650, 1652), ask_range=(1656.25, 1657.25, 1650.25, 1652.25)
        ),
    )
    buy_limit = Order(1, es.symbol, 1, OrderType.LIMIT, UTC, limit_price=1651.0)
    assert _fill(es, buy_limit).fill_price == 1651.0
    sell_limit = Order(2, es.symbol, -1, OrderType.LIMIT, UTC, limit_price=1660.0)
    assert _fill(es, sell_limit).fill_quantity == 0
    stop_limit = Order(3, es.symbol, 1, OrderType.STOP_LIMIT, UTC, stop_price=1657.0, limit_price=1653.0)
    fill = _fill(es, stop_limit)
    assert stop_limit.stop_triggered and fill.fill_price == 1653.0  # min(high, limit) as LEAN


def test_model_methods_overridable_in_pascal_case():
    class Half(FutureFillModel):
        def MarketFill(self, asset, order):
            fill = super().MarketFill(asset, order)
            fill.fill_price = fill.fill_price / 2
            return fill

    es = _future()
    es.fill_model = Half()
    feed(es, quote_bar(es, LOCAL, 100, 100))
    assert _fill(es, Order(1, es.symbol, 1, OrderType.MARKET, UTC)).fill_price == 50


def test_closed_after_the_latest_hour_bar_ended_waits_for_the_market() -> None:
    """LEAN's ``FillModel.IsExchangeOpen``: with the exchange closed now, an hour (or shorter) bar only
    counts while now is not past its end; a bar that ended before a session break does not."""
    es = _future(Resolution.HOUR)
    start = datetime(2013, 10, 8, 16, 0)  # the bar ends at 17:00, when the break starts
    bar = quote_bar(es, start, 0, 0, timedelta(hours=1), (1650, 1651, 1649, 1650), (1650.25, 1651.25, 1649.25, 1650.25))
    feed(es, bar)
    break_time = datetime(2013, 10, 8, 17, 30)  # CME's daily maintenance break: closed even in extended hours
    es.set_local_time(break_time)
    assert not es.exchange.hours.is_open_at(break_time, True)
    waiting = _fill(es, Order(1, es.symbol, -1, OrderType.MARKET, break_time + timedelta(hours=4)))
    assert waiting.status != OrderStatus.FILLED and waiting.fill_quantity == 0
    at_bar_end = datetime(2013, 10, 8, 17, 0)
    es.set_local_time(at_bar_end)
    filled = _fill(es, Order(2, es.symbol, -1, OrderType.MARKET, at_bar_end + timedelta(hours=4)))
    assert filled.status == OrderStatus.FILLED and filled.fill_price == 1650
