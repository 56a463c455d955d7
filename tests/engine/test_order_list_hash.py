"""OrderListHash through ``backtest.order_list_hash`` (LEAN JSON: ``test_lean_order_json.py``)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from keel.engine.backtest import order_list_hash
from keel.model.enums import OrderType
from keel.model.orders import Order

from .fakes import ES


def test_hash_of_no_orders_is_leans_and_orders_change_it() -> None:
    assert order_list_hash([]) == "d41d8cd98f00b204e9800998ecf8427e" == hashlib.md5(b"").hexdigest()
    t0 = datetime(2013, 10, 7, 9, 31)
    one = Order(1, ES, 1.0, OrderType.MARKET, t0)
    two = Order(1, ES, 1.0, OrderType.MARKET, t0 + timedelta(minutes=1))
    assert order_list_hash([one]) != order_list_hash([two]) != order_list_hash([])
