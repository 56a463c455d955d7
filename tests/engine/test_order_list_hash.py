"""OrderListHash: the per-order text written directly equals ``json.dumps(order.to_dict(), sort_keys=True)``."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from keel.engine.backtest import order_hash_text, order_list_hash
from keel.model.enums import OrderStatus, OrderType
from keel.model.orders import Order, OrderProperties, TimeInForce

from .fakes import ES

_prices = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
)
_times = st.one_of(st.none(), st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 1, 1)))


@given(
    quantity=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e9, max_value=1e9),
    price=st.floats(allow_nan=False, allow_infinity=False),
    order_type=st.sampled_from(list(OrderType)),
    status=st.sampled_from(list(OrderStatus)),
    tag=st.text(max_size=12),
    limit_price=_prices,
    stop_price=_prices,
    trigger_price=_prices,
    trailing_amount=_prices,
    last_fill=_times,
    last_update=_times,
    canceled=_times,
    good_til=st.one_of(st.none(), st.dates(min_value=datetime(2000, 1, 1).date())),
)
def test_order_text_is_the_sorted_json_of_to_dict(
    quantity: float,
    price: float,
    order_type: OrderType,
    status: OrderStatus,
    tag: str,
    limit_price: float | None,
    stop_price: float | None,
    trigger_price: float | None,
    trailing_amount: float | None,
    last_fill: datetime | None,
    last_update: datetime | None,
    canceled: datetime | None,
    good_til: object,
) -> None:
    properties = OrderProperties()
    if good_til is not None:
        properties.time_in_force = TimeInForce.good_til_date(good_til)
    order = Order(
        7, ES, quantity, order_type, datetime(2013, 10, 7, 9, 31), tag, properties,
        limit_price, stop_price, trigger_price, trailing_amount,
    )
    order.status, order.price = status, price
    order.last_fill_time, order.last_update_time, order.canceled_time = last_fill, last_update, canceled
    assert order_hash_text(order) == json.dumps(order.to_dict(), sort_keys=True)


def test_hash_of_no_orders_is_leans_and_orders_change_it() -> None:
    assert order_list_hash([]) == "d41d8cd98f00b204e9800998ecf8427e" == hashlib.md5(b"").hexdigest()
    t0 = datetime(2013, 10, 7, 9, 31)
    one = Order(1, ES, 1.0, OrderType.MARKET, t0)
    two = Order(1, ES, 1.0, OrderType.MARKET, t0 + timedelta(minutes=1))
    assert order_list_hash([one]) != order_list_hash([two]) != order_list_hash([])
