"""Update requests wait in a queue (LEAN's backtesting request queue) until the end of the time step or
the next submission; cancels apply at once."""

from __future__ import annotations

from keel.model.enums import OrderStatus, OrderType
from keel.model.orders import (
    OrderResponseErrorCode,
    SubmitOrderRequest,
    UpdateOrderFields,
)

from .fakes import ES, T0, make_handler


def _limit(handler, price=90.0):  # type: ignore[no-untyped-def]
    return handler.submit(SubmitOrderRequest(OrderType.LIMIT, ES, 1, T0, limit_price=price))


def test_update_is_accepted_now_and_applied_at_the_next_step() -> None:
    handler, seen, _ = make_handler()
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
    handler, _, _ = make_handler()
    ticket = _limit(handler)
    assert ticket.cancel("bye").is_success
    assert ticket.status == OrderStatus.CANCELED and handler.orders[ticket.order_id].tag == "bye"
    assert ticket.cancel().is_error


def test_a_refused_cancel_of_a_filled_order_still_sets_its_tag() -> None:
    """LEAN's ``BrokerageTransactionHandler.CancelOrder`` sets ``order.Tag`` before checking the
    status (OrderTicketDemoAlgorithm: the async market order that filled keeps the cancel's tag)."""
    handler, _, _ = make_handler()
    market = handler.submit(SubmitOrderRequest(OrderType.MARKET, ES, 1, T0))
    assert market.status == OrderStatus.FILLED
    response = market.cancel("Attempt to cancel async order")
    assert response.is_error and response.error_code == OrderResponseErrorCode.INVALID_ORDER_STATUS
    order = handler.orders[market.order_id]
    assert order.status == OrderStatus.FILLED and order.tag == "Attempt to cancel async order"
    assert [o.tag for o in handler.orders.values()] == ["Attempt to cancel async order"]


def test_a_ticket_takes_one_cancel_request_later_ones_do_not_retag() -> None:
    """LEAN's ``OrderTicket.TrySetCancelRequest`` keeps the first cancel request (accepted or
    not); ``CancelOrder`` answers any later one "Cancellation is already in progress." before it
    sets the tag."""
    handler, _, _ = make_handler()
    limit = _limit(handler)
    first = limit.cancel("bye")
    again = limit.cancel("again")
    assert first.is_success and again.error_code == OrderResponseErrorCode.INVALID_REQUEST
    assert handler.orders[limit.order_id].tag == "bye" and limit.cancel_request.response is first
    market = handler.submit(SubmitOrderRequest(OrderType.MARKET, ES, 1, T0))
    refused = market.cancel("too late")  # filled: refused, but it is the ticket's cancel request
    assert refused.error_code == OrderResponseErrorCode.INVALID_ORDER_STATUS
    assert market.cancel("later").error_code == OrderResponseErrorCode.INVALID_REQUEST
    assert handler.orders[market.order_id].tag == "too late" and market.cancel_request.tag == "too late"


def test_queued_updates_are_applied_before_the_next_submission() -> None:
    handler, seen, _ = make_handler()
    ticket = _limit(handler)
    ticket.update(UpdateOrderFields(limit_price=92.0))
    market = handler.submit(SubmitOrderRequest(OrderType.MARKET, ES, 1, T0))
    statuses = [(e.order_id, e.status) for e in seen]
    assert statuses.index((ticket.order_id, OrderStatus.UPDATE_SUBMITTED)) < statuses.index(
        (market.order_id, OrderStatus.SUBMITTED)
    )
    assert handler.orders[ticket.order_id].limit_price == 92.0 and market.status == OrderStatus.FILLED


def test_update_of_an_order_that_filled_meanwhile_is_refused_when_applied() -> None:
    handler, seen, _ = make_handler()
    ticket = _limit(handler)
    request_response = ticket.update(UpdateOrderFields(limit_price=95.0))
    assert request_response.is_success
    order = handler.orders[ticket.order_id]
    order.status = OrderStatus.FILLED  # as if the brokerage filled it before the queue ran
    handler.process_pending_requests()
    assert order.limit_price == 90.0
    assert ticket.update_requests[-1].response.error_code == OrderResponseErrorCode.INVALID_ORDER_STATUS
    assert seen[-1].status == OrderStatus.INVALID
