"""Update requests wait for the next time step (LEAN's backtesting request queue); cancels apply at once."""

from __future__ import annotations

from datetime import datetime

from keel.brokerages.base import Brokerage
from keel.engine.transactions import TransactionHandler
from keel.model.enums import OrderStatus, OrderType, SecurityType
from keel.model.orders import (
    CashAmount,
    Order,
    OrderEvent,
    OrderFee,
    OrderResponseErrorCode,
    SubmitOrderRequest,
    UpdateOrderFields,
)
from keel.model.symbol import Symbol

T0 = datetime(2021, 3, 1, 14, 30)
ES = Symbol.create("ES", SecurityType.FUTURE, "cme")


class _Brokerage(Brokerage):
    """Fills market orders at 100 on every scan; other orders rest."""

    name = "test"

    def __init__(self) -> None:
        super().__init__()
        self.open: dict[int, Order] = {}

    def place_order(self, order: Order) -> bool:
        self.open[order.id] = order
        return True

    def update_order(self, order: Order) -> bool:
        return order.id in self.open

    def cancel_order(self, order: Order) -> bool:
        return self.open.pop(order.id, None) is not None

    def scan(self) -> None:
        for order in [o for o in self.open.values() if o.type == OrderType.MARKET]:
            del self.open[order.id]
            fee = OrderFee(CashAmount(1.0, "USD"))
            event = OrderEvent(order.id, ES, T0, OrderStatus.FILLED, order.direction, 100.0, order.quantity, fee)
            self.on_order_events([event])


def _handler() -> tuple[TransactionHandler, list[OrderEvent], None]:
    seen: list[OrderEvent] = []
    handler = TransactionHandler(_Brokerage(), lambda: T0, seen.extend, lambda o: (True, ""), lambda o, r: (True, ""))
    return handler, seen, None


def _limit(handler, price=90.0):  # type: ignore[no-untyped-def]
    return handler.submit(SubmitOrderRequest(OrderType.LIMIT, ES, 1, T0, limit_price=price))


def test_update_is_accepted_now_and_applied_at_the_next_step() -> None:
    handler, seen, _ = _handler()
    ticket = _limit(handler)
    response = ticket.update(UpdateOrderFields(limit_price=91.0, quantity=2, tag="moved"))
    assert response.is_success
    order = handler.orders[ticket.order_id]
    assert order.limit_price == 90.0 and ticket.quantity == 1  # still queued
    assert seen[-1].status == OrderStatus.SUBMITTED
    handler.process_pending_requests()
    assert order.limit_price == 91.0 and order.quantity == 2 and order.tag == "moved"
    assert ticket.quantity == 2 and seen[-1].status == OrderStatus.UPDATE_SUBMITTED


def test_cancel_applies_at_once_and_a_second_cancel_is_refused() -> None:
    handler, _, _ = _handler()
    ticket = _limit(handler)
    assert ticket.cancel("bye").is_success
    assert ticket.status == OrderStatus.CANCELED and handler.orders[ticket.order_id].tag == "bye"
    assert ticket.cancel().is_error


def test_queued_updates_are_applied_before_the_next_submission() -> None:
    handler, seen, _ = _handler()
    ticket = _limit(handler)
    ticket.update(UpdateOrderFields(limit_price=92.0))
    market = handler.submit(SubmitOrderRequest(OrderType.MARKET, ES, 1, T0))
    statuses = [(e.order_id, e.status) for e in seen]
    assert statuses.index((ticket.order_id, OrderStatus.UPDATE_SUBMITTED)) < statuses.index(
        (market.order_id, OrderStatus.SUBMITTED)
    )
    assert handler.orders[ticket.order_id].limit_price == 92.0 and market.status == OrderStatus.FILLED


def test_update_of_an_order_that_filled_meanwhile_is_refused_when_applied() -> None:
    handler, seen, _ = _handler()
    ticket = _limit(handler)
    request_response = ticket.update(UpdateOrderFields(limit_price=95.0))
    assert request_response.is_success
    order = handler.orders[ticket.order_id]
    order.status = OrderStatus.FILLED  # as if the brokerage filled it before the queue ran
    handler.process_pending_requests()
    assert order.limit_price == 90.0
    assert ticket.update_requests[-1].response.error_code == OrderResponseErrorCode.INVALID_ORDER_STATUS
    assert seen[-1].status == OrderStatus.INVALID
