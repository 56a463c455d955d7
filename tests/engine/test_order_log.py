"""Closed orders move to the columnar order log and come back equal (orders, tickets, events)."""

from __future__ import annotations

import gc
from datetime import datetime, timedelta

from keel.engine.order_log import OrderLog
from keel.engine.transactions import TransactionHandler
from keel.model.enums import OrderDirection, OrderStatus, OrderType
from keel.model.orders import (
    CashAmount,
    OrderEvent,
    OrderFee,
    OrderProperties,
    OrderResponseErrorCode,
    SubmitOrderRequest,
    UpdateOrderFields,
)
from keel.securities.portfolio import TradeRecords

from .fakes import ES, T0, make_handler


def _submit(handler: TransactionHandler, clock: list[datetime], quantity: float, **kwargs: object) -> object:
    request = SubmitOrderRequest(
        kwargs.pop("order_type", OrderType.MARKET),  # type: ignore[arg-type]
        ES,
        quantity,
        clock[0],
        properties=OrderProperties(),
        **kwargs,  # type: ignore[arg-type]
    )
    return handler.submit(request)


def _run(compact: bool) -> tuple[TransactionHandler, list[OrderEvent]]:
    handler, seen, clock = make_handler(compact)
    for i in range(50):
        clock[0] = T0 + timedelta(minutes=i)
        _submit(handler, clock, 1 if i % 2 == 0 else -2, tag="" if i % 3 else f"t{i}")
    clock[0] = T0 + timedelta(hours=2)
    _submit(handler, clock, 3, order_type=OrderType.LIMIT, limit_price=99.25)
    return handler, seen


def test_closed_orders_are_logged_and_rebuilt_equal() -> None:
    compacted, seen = _run(True)
    plain, _ = _run(False)
    assert compacted.order_log.order_count == 50
    assert len(compacted.orders) == len(plain.orders) == 51
    assert list(compacted.orders) == list(plain.orders) == list(range(1, 52))
    assert [o.to_dict() for o in compacted.orders.values()] == [o.to_dict() for o in plain.orders.values()]
    assert [e.to_dict() for e in compacted.order_events] == [e.to_dict() for e in plain.order_events]
    assert [e.to_dict() for e in compacted.order_events] == [e.to_dict() for e in seen]
    assert list(compacted.order_event_dicts()) == list(plain.order_event_dicts())
    assert compacted.order_dicts()[7] == plain.order_dicts()[7]
    assert compacted.orders_count == plain.orders_count == 51
    # the open limit order is still a live object
    assert compacted.get_order(51) is compacted.orders[51]
    assert [o.id for o in compacted.get_open_orders()] == [51]


def test_rebuilt_tickets_match_live_ones() -> None:
    compacted, _ = _run(True)
    plain, _ = _run(False)
    gc.collect()
    for order_id in (1, 2, 17, 50):
        rebuilt, live = compacted.tickets[order_id], plain.tickets[order_id]
        assert rebuilt is not live
        assert (rebuilt.status, rebuilt.quantity_filled, rebuilt.average_fill_price) == (
            live.status,
            live.quantity_filled,
            live.average_fill_price,
        )
        assert [e.to_dict() for e in rebuilt.order_events] == [e.to_dict() for e in live.order_events]
        assert all(e.ticket is rebuilt for e in rebuilt.order_events)
        request, expected = rebuilt.submit_request, live.submit_request
        assert request.properties.time_in_force == expected.properties.time_in_force  # type: ignore[union-attr]
        request.properties = expected.properties
        assert request == expected
        assert rebuilt.submit_response.is_success
        assert rebuilt.order is not None and rebuilt.order.to_dict() == live.order.to_dict()  # type: ignore[union-attr]


def test_a_held_ticket_stays_the_same_object() -> None:
    handler, _, clock = make_handler()
    ticket = _submit(handler, clock, 1)
    assert handler.order_log.has_order(1)
    assert handler.tickets.get(1) is ticket
    assert [e.status for e in ticket.order_events] == [OrderStatus.SUBMITTED, OrderStatus.FILLED]  # type: ignore[attr-defined]
    assert [e.id for e in ticket.order_events] == [1, 2]  # type: ignore[attr-defined]


def test_update_of_a_logged_order_is_refused_with_the_next_event_id() -> None:
    handler, seen, clock = make_handler()
    ticket = _submit(handler, clock, 1)
    response = ticket.update(UpdateOrderFields(quantity=5))  # type: ignore[attr-defined]
    assert response.error_code == OrderResponseErrorCode.INVALID_ORDER_STATUS
    assert seen[-1].status == OrderStatus.INVALID and seen[-1].id == 3
    assert handler.orders[1].quantity == 1 and handler.orders[1].status == OrderStatus.FILLED
    assert handler.tickets[1].update_requests  # the ticket with its request is kept
    assert handler.order_events[-1].message == seen[-1].message


def test_log_costs_about_two_hundred_bytes_per_order() -> None:
    handler, _, clock = make_handler()
    for i in range(1000):
        clock[0] = T0 + timedelta(minutes=i)
        _submit(handler, clock, 1 if i % 2 == 0 else -1)
    log = handler.order_log
    assert log.order_count == 1000 and log.event_count == 2000
    # (24 of them are the order's submission bid/ask/last, LEAN's OrderSubmissionData)
    assert log.nbytes() / 1000 < 245


def test_event_extras_and_currencies_round_trip() -> None:
    log = OrderLog()
    event = OrderEvent(
        7, ES, T0, OrderStatus.PARTIALLY_FILLED, OrderDirection.SELL, 10.5, -2.0,
        OrderFee(CashAmount(1.5, "EUR")), "stale", "JPY",
    )  # fmt: skip
    event.id, event.quantity, event.limit_price, event.is_assignment = 4, -3.0, 10.25, True
    log.add_event(event, ES)
    back = log.event(0, ES)
    assert back.to_dict() == event.to_dict()
    assert back.order_fee == event.order_fee and back.limit_price == 10.25
    assert log.last_event_id(7) == 4 and log.event_rows(7) == [0]


def test_trade_records_are_compact_and_unique_in_time() -> None:
    records = TradeRecords()
    records.add(T0, 10.0)
    records.add(T0, -5.0)
    records.add(T0 + timedelta(seconds=1), 2.5)
    assert list(records) == [
        (T0, 10.0),
        (T0 + timedelta(milliseconds=1), -5.0),
        (T0 + timedelta(seconds=1), 2.5),
    ]
    assert records[1][0] == T0 + timedelta(milliseconds=1)
    assert records == list(records) and len(records) == 3


def test_submission_mid_flag_round_trips() -> None:
    """Whether the submission last price was a quote mid survives the log (it sets its decimal scale)."""
    from keel.model.orders import Order

    log = OrderLog()
    request = SubmitOrderRequest(OrderType.MARKET, ES, 1, T0, properties=OrderProperties())
    for order_id, is_mid in ((1, True), (2, False)):
        order = Order(order_id, ES, 1, OrderType.MARKET, T0)
        order.status = OrderStatus.FILLED
        order.submission_bid, order.submission_ask, order.submission_last = 1662.75, 1663.25, 1663.0
        order.submission_last_is_mid = is_mid
        log.add_order(order, request)
        assert log.order(order_id).submission_last_is_mid is is_mid
