"""An order's value in the account currency (LEAN's ``Order.GetValue``)."""

from __future__ import annotations

from typing import Any

from keel.model.enums import OrderType
from keel.model.orders import Order


def order_price(order: Order, security: Any) -> float:
    """The price LEAN values an order at: market price, or the worse of limit/stop and market."""
    price = float(security.price)
    kind = order.type
    if kind in (OrderType.LIMIT, OrderType.LIMIT_IF_TOUCHED, OrderType.COMBO_LEG_LIMIT) and order.limit_price:
        limit = order.limit_price
        return min(limit, price) if order.quantity > 0 else max(limit, price)
    if kind == OrderType.STOP_MARKET and order.stop_price:
        stop = order.stop_price
        return max(stop, price) if order.quantity > 0 else min(stop, price)
    if kind == OrderType.STOP_LIMIT and order.limit_price:
        limit = order.limit_price
        return min(limit, price) if order.quantity > 0 else max(limit, price)
    return price


def order_value(order: Order, security: Any) -> float:
    """Signed value: quantity x price x contract multiplier x quote conversion rate."""
    return (
        order.quantity
        * order_price(order, security)
        * security.symbol_properties.contract_multiplier
        * security.quote_currency.conversion_rate
    )
