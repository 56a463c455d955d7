"""The simulated brokerage's scan: which fill-model answers become order events."""

from datetime import datetime, timedelta

from keel.brokerages.simulated import SimulatedBrokerage
from keel.engine.subscriptions import SubscriptionDataConfig
from keel.model.enums import OrderStatus, OrderType, Resolution, TickType
from keel.model.orders import Order, OrderEvent
from keel.reality.fills import FillModelParameters
from keel.securities.testing import feed, make_future, make_portfolio, quote_bar

LOCAL = datetime(2013, 10, 8, 9, 31)  # New York, EDT
UTC = LOCAL + timedelta(hours=4)


def _brokerage() -> tuple[SimulatedBrokerage, object, list[OrderEvent]]:
    portfolio = make_portfolio()
    es = make_future(portfolio)
    es.add_subscription(
        SubscriptionDataConfig(
            es.symbol, TickType.QUOTE, Resolution.MINUTE, es.exchange.hours, "America/New_York", "America/New_York"
        )
    )
    portfolio.securities[es.symbol] = es
    brokerage = SimulatedBrokerage(
        {es.symbol: es},
        portfolio,
        lambda: UTC,
        lambda security, order, filled: FillModelParameters(security, order, quantity_filled=filled),
    )
    events: list[OrderEvent] = []
    brokerage.on_order_events = events.extend
    return brokerage, es, events


def test_a_resting_order_that_does_not_fill_reports_nothing() -> None:
    """LEAN's ``BacktestingBrokerage.Scan`` emits only a change of status or a new fill."""
    brokerage, es, events = _brokerage()
    feed(es, quote_bar(es, LOCAL, 1660.0, 1660.25))
    order = Order(1, es.symbol, -1, OrderType.LIMIT, UTC, limit_price=1700.0)
    order.status = OrderStatus.SUBMITTED
    brokerage.place_order(order)
    brokerage.scan()
    brokerage.scan()
    assert events == []
    assert brokerage.open_orders == [order]


def test_a_fill_is_reported() -> None:
    brokerage, es, events = _brokerage()
    feed(es, quote_bar(es, LOCAL, 1660.0, 1660.25))
    order = Order(1, es.symbol, 1, OrderType.MARKET, UTC)
    order.status = OrderStatus.SUBMITTED
    brokerage.place_order(order)
    brokerage.scan()
    assert [(e.status, e.fill_quantity, e.fill_price) for e in events] == [(OrderStatus.FILLED, 1, 1660.25)]
    assert brokerage.open_orders == []
