"""The transaction handler: order requests in, validated orders to the brokerage, events out.

It owns every order and ticket (LEAN's ``SecurityTransactionManager`` and
``BrokerageTransactionHandler`` in one). Invalid requests never raise into the algorithm:
they come back as an ``INVALID`` order event with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from keel.brokerages.base import Brokerage
from keel.model.enums import OrderDirection, OrderStatus, OrderType
from keel.model.orders import (
    CancelOrderRequest,
    Order,
    OrderEvent,
    OrderResponse,
    OrderResponseErrorCode,
    OrderTicket,
    SubmitOrderRequest,
    UpdateOrderRequest,
)

Validator = Callable[[Order], tuple[bool, str]]


class TransactionHandler:
    """Keeps orders, tickets and events; routes requests to the brokerage; applies fills."""

    def __init__(
        self,
        brokerage: Brokerage,
        utc_now: Callable[[], datetime],
        on_events: Callable[[list[OrderEvent]], None],
        validate_submit: Validator,
        validate_update: Callable[[Order, UpdateOrderRequest], tuple[bool, str]],
        synchronous: bool = True,
    ) -> None:
        self.brokerage = brokerage
        self.utc_now = utc_now
        self._on_events = on_events
        self._validate_submit = validate_submit
        self._validate_update = validate_update
        self.synchronous = synchronous
        self.orders: dict[int, Order] = {}
        self._open_orders: dict[int, Order] = {}
        self.tickets: dict[int, OrderTicket] = {}
        self.order_events: list[OrderEvent] = []
        self._next_id = 1
        self._event_id: dict[int, int] = {}
        self.orders_count = 0
        brokerage.on_order_events = self.handle_order_events

    # ------------------------------------------------------------------------------------
    # OrderProcessor protocol (used by tickets)
    def current_utc_time(self) -> datetime:
        """The engine's current UTC time."""
        return self.utc_now()

    def get_order(self, order_id: int) -> Order | None:
        """The order with ``order_id``, or None."""
        return self.orders.get(order_id)

    # ------------------------------------------------------------------------------------
    def new_ticket(self, request: SubmitOrderRequest) -> OrderTicket:
        """Assign an id to ``request`` and create its ticket (not yet submitted)."""
        request.order_id = self._next_id
        self._next_id += 1
        ticket = OrderTicket(self, request)
        self.tickets[request.order_id] = ticket
        return ticket

    def invalid_ticket(self, request: SubmitOrderRequest, code: OrderResponseErrorCode, message: str) -> OrderTicket:
        """A ticket for a request refused before it became an order (not counted in Total Orders)."""
        ticket = OrderTicket(None, request)
        ticket.status = OrderStatus.INVALID
        ticket.submit_response = OrderResponse(request.order_id, code, message)
        return ticket

    def submit(self, request: SubmitOrderRequest) -> OrderTicket:
        """Turn a submit request into an order: validate, hand to the brokerage, simulate."""
        ticket = self.new_ticket(request)
        order = Order(
            request.order_id,
            request.symbol,
            request.quantity,
            request.order_type,
            request.utc_time,
            request.tag,
            request.properties.clone() if request.properties is not None else None,
            request.limit_price,
            request.stop_price,
            request.trigger_price,
            request.trailing_amount,
            request.trailing_as_percentage,
        )
        self.orders[order.id] = order
        self._open_orders[order.id] = order
        self.orders_count += 1
        ok, message = self._validate_submit(order)
        if not ok:
            ticket.submit_response = OrderResponse(
                order.id, OrderResponseErrorCode.BROKERAGE_MODEL_REFUSED_TO_SUBMIT_ORDER, message
            )
            self._emit([self._event(order, OrderStatus.INVALID, message)])
            return ticket
        self._emit([self._event(order, OrderStatus.SUBMITTED)])
        if not self.brokerage.place_order(order):
            self._emit([self._event(order, OrderStatus.INVALID, "the brokerage refused the order")])
            return ticket
        if self.synchronous:
            self.brokerage.scan()
        return ticket

    def process_update(self, request: UpdateOrderRequest) -> OrderResponse:
        """Apply an update request to an open order."""
        order = self.orders.get(request.order_id)
        if order is None:
            return OrderResponse(request.order_id, OrderResponseErrorCode.UNABLE_TO_FIND_ORDER, "order not found")
        if order.status.is_closed:
            message = f"Unable to update order with id {order.id} and status {order.status.name}"
            self._emit([self._event(order, OrderStatus.INVALID, message, keep_status=True)])
            return OrderResponse(order.id, OrderResponseErrorCode.INVALID_ORDER_STATUS, message)
        ok, message = self._validate_update(order, request)
        if not ok:
            self._emit([self._event(order, OrderStatus.INVALID, message, keep_status=True)])
            return OrderResponse(order.id, OrderResponseErrorCode.BROKERAGE_MODEL_REFUSED_TO_SUBMIT_ORDER, message)
        fields = request.fields
        if fields.quantity is not None:
            if fields.quantity == 0:
                message = "Order quantity must not be zero"
                self._emit([self._event(order, OrderStatus.INVALID, message, keep_status=True)])
                return OrderResponse(order.id, OrderResponseErrorCode.ORDER_QUANTITY_ZERO, message)
            order.quantity = fields.quantity
        if fields.limit_price is not None:
            order.limit_price = fields.limit_price
        if fields.stop_price is not None:
            order.stop_price = fields.stop_price
        if fields.trigger_price is not None:
            order.trigger_price = fields.trigger_price
        if fields.trailing_amount is not None:
            order.trailing_amount = fields.trailing_amount
        if fields.tag is not None:
            order.tag = fields.tag
        order.last_update_time = request.utc_time
        if not self.brokerage.update_order(order):
            message = "the brokerage refused the update"
            return OrderResponse(order.id, OrderResponseErrorCode.BROKERAGE_FAILED_TO_UPDATE_ORDER, message)
        self._emit([self._event(order, OrderStatus.UPDATE_SUBMITTED)])
        if self.synchronous:
            self.brokerage.scan()
        return OrderResponse(order.id)

    def process_cancel(self, request: CancelOrderRequest) -> OrderResponse:
        """Cancel an open order."""
        order = self.orders.get(request.order_id)
        if order is None:
            return OrderResponse(request.order_id, OrderResponseErrorCode.UNABLE_TO_FIND_ORDER, "order not found")
        if order.status.is_closed:
            message = f"Order {order.id} is already {order.status.name} and cannot be canceled"
            return OrderResponse(order.id, OrderResponseErrorCode.INVALID_ORDER_STATUS, message)
        if request.tag is not None:
            order.tag = request.tag
        if not self.brokerage.cancel_order(order):
            return OrderResponse(order.id, OrderResponseErrorCode.BROKERAGE_FAILED_TO_CANCEL_ORDER, "cancel refused")
        order.canceled_time = request.utc_time
        self._emit([self._event(order, OrderStatus.CANCELED, request.tag or "")])
        return OrderResponse(order.id)

    def cancel_expired(self, order: Order, message: str) -> None:
        """Cancel an order whose time in force ran out."""
        if order.status.is_closed:
            return
        self.brokerage.cancel_order(order)
        order.canceled_time = self.utc_now()
        self._emit([self._event(order, OrderStatus.CANCELED, message)])

    # ------------------------------------------------------------------------------------
    def handle_order_events(self, events: list[OrderEvent]) -> None:
        """Events from the brokerage (fills, rejects, expiries): stamp, apply and forward."""
        for event in events:
            order = self.orders.get(event.order_id)
            if order is None:
                raise RuntimeError(f"order event for unknown order {event.order_id}: {event}")
            self._stamp(order, event)
        self._emit(events)

    def _event(self, order: Order, status: OrderStatus, message: str = "", keep_status: bool = False) -> OrderEvent:
        event = OrderEvent(
            order.id,
            order.symbol,
            self.utc_now(),
            status,
            order.direction if order.quantity else OrderDirection.HOLD,
            message=message,
        )
        self._stamp(order, event, keep_status)
        return event

    def _stamp(self, order: Order, event: OrderEvent, keep_status: bool = False) -> None:
        event_id = self._event_id.get(order.id, 0) + 1
        self._event_id[order.id] = event_id
        event.id = event_id
        event.quantity = order.quantity
        event.limit_price = order.limit_price
        event.stop_price = order.stop_price
        event.trigger_price = order.trigger_price
        event.trailing_amount = order.trailing_amount
        if keep_status:
            return
        if event.status == OrderStatus.UPDATE_SUBMITTED:
            return
        if event.fill_quantity:
            order.last_fill_time = event.utc_time
            if order.type != OrderType.MARKET or not order.price:
                order.price = event.fill_price
        order.status = event.status
        if event.status.is_closed:
            self._open_orders.pop(order.id, None)

    def _emit(self, events: list[OrderEvent]) -> None:
        for event in events:
            self.order_events.append(event)
            ticket = self.tickets.get(event.order_id)
            if ticket is not None:
                ticket.add_event(event)
        self._on_events(events)

    # ------------------------------------------------------------------------------------
    def get_open_orders(self, symbol: Any = None) -> list[Order]:
        """Open orders, optionally for one symbol."""
        return [o for o in self._open_orders.values() if symbol is None or o.symbol == symbol]

    def get_open_order_tickets(self, symbol: Any = None) -> list[OrderTicket]:
        """Tickets of open orders."""
        return [self.tickets[o.id] for o in self.get_open_orders(symbol) if o.id in self.tickets]

    def cancel_open_orders(self, symbol: Any = None, tag: str | None = None) -> list[OrderTicket]:
        """Cancel every open order (of ``symbol``)."""
        tickets = self.get_open_order_tickets(symbol)
        for ticket in tickets:
            ticket.cancel(tag)
        return tickets
