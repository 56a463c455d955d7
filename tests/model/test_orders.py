"""keel.model.orders: LEAN's PascalCase spelling of the order requests."""

from __future__ import annotations

from datetime import datetime

from keel.model.enums import OrderType, SecurityType
from keel.model.orders import (
    CancelOrderRequest,
    OrderResponse,
    OrderResponseErrorCode,
    SubmitOrderRequest,
    UpdateOrderFields,
    UpdateOrderRequest,
)
from keel.model.symbol import Symbol

NOW = datetime(2024, 1, 2, 15)


def test_requests_read_and_write_in_lean_spelling() -> None:
    cancel = CancelOrderRequest(7, NOW, "why")
    cancel.Response = OrderResponse(7, OrderResponseErrorCode.UNABLE_TO_FIND_ORDER)
    assert (cancel.OrderId, cancel.Tag) == (7, "why")
    assert cancel.Response.ErrorCode == OrderResponseErrorCode.UNABLE_TO_FIND_ORDER
    update = UpdateOrderRequest(8, UpdateOrderFields(quantity=2), NOW)
    assert update.OrderId == 8 and update.Fields.Quantity == 2 and update.Response is None
    es = Symbol.Create("ES", SecurityType.FUTURE, "cme")
    submit = SubmitOrderRequest(OrderType.LIMIT, es, 1, NOW, limit_price=4700.0, tag="t")
    assert (submit.OrderType, submit.Symbol, submit.LimitPrice, submit.Tag) == (OrderType.LIMIT, es, 4700.0, "t")


def test_symbol_constructors_in_lean_spelling() -> None:
    assert Symbol.Create("ES", SecurityType.FUTURE, "cme") == Symbol.create("ES", SecurityType.FUTURE, "cme")
    assert Symbol.CreateFuture("ES", "cme", None) == Symbol.create_future("ES", "cme", None)
