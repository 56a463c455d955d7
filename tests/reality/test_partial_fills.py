import random
from datetime import datetime, timedelta

import pytest

from keel.model.enums import OrderStatus, OrderType
from keel.model.orders import Order
from keel.reality.fills import FillModelParameters, ImmediateFillModel, run_fill_model
from keel.securities.testing import feed, make_future, make_portfolio, quote_bar

LOCAL = datetime(2013, 10, 8, 9, 31)


class RandomPartialFillModel(ImmediateFillModel):
    """Fills a random part of each market order (seeded), the rest on later steps."""

    def __init__(self, seed):
        super().__init__()
        self.rng = random.Random(seed)

    def MarketFill(self, asset, order):
        fill = super().MarketFill(asset, order)
        remaining = self.parameters.remaining_quantity
        part = self.rng.randint(1, int(abs(remaining)))
        fill.fill_quantity = part if remaining > 0 else -part
        fill.status = OrderStatus.FILLED if part == abs(remaining) else OrderStatus.PARTIALLY_FILLED
        return fill


@pytest.mark.parametrize("seed", [1, 2, 3, 42])
@pytest.mark.parametrize("quantity", [37, -50])
def test_random_partial_fills_sum_to_order_quantity(seed, quantity):
    p = make_portfolio(10_000_000)
    es = make_future(p)
    es.set_fill_model(RandomPartialFillModel(seed))
    order = Order(1, es.symbol, quantity, OrderType.MARKET, LOCAL + timedelta(hours=4))
    filled, events, step = 0.0, [], 0
    while filled != quantity:
        feed(es, quote_bar(es, LOCAL + timedelta(minutes=step), 1660, 1660.25))
        step += 1
        fill = run_fill_model(FillModelParameters(es, order, quantity_filled=filled))
        events.extend(fill.order_events)
        filled += fill.order_event.fill_quantity
        p.process_fills(fill.order_events)
        assert step < 200
    statuses = [e.status for e in events]
    assert statuses[-1] == OrderStatus.FILLED
    assert all(s == OrderStatus.PARTIALLY_FILLED for s in statuses[:-1])
    assert sum(e.fill_quantity for e in events) == quantity
    assert es.holdings.quantity == quantity
    # each partial fill pays the fee of its own quantity: 2.15 per contract in total
    assert sum(e.order_fee.value.amount for e in events) == pytest.approx(abs(quantity) * 2.15)
