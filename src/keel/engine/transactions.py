"""The transaction handler: order requests in, validated orders to the brokerage, events out.

It owns every order and ticket (LEAN's ``SecurityTransactionManager`` and
``BrokerageTransactionHandler`` in one). Invalid requests never raise into the algorithm:
they come back as an ``INVALID`` order event with a message.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, overload

from keel.brokerages.base import Brokerage
from keel.engine.order_log import OrderLog, order_is_compactable
from keel.model.enums import CLOSED_ORDER_STATUSES as _CLOSED
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
# enum members read on every order, as module globals: in CPython 3.11 a class attribute read of an
# Enum member (``OrderStatus.NEW``) costs ~1,000 instructions (``EnumType.__getattr__`` keeps it off the
# fast path), a global ~10
_E_SUBMITTED = OrderStatus.SUBMITTED
_E_UPDATE_SUBMITTED = OrderStatus.UPDATE_SUBMITTED
_E_MARKET = OrderType.MARKET
_E_BUY, _E_SELL, _E_HOLD = OrderDirection.BUY, OrderDirection.SELL, OrderDirection.HOLD


class OrdersView(Mapping[int, Order]):
    """``handler.orders``: every order by id; closed orders are rebuilt from the order log."""

    __slots__ = ("_handler",)

    def __init__(self, handler: TransactionHandler) -> None:
        self._handler = handler

    def get(self, order_id: int, default: Any = None) -> Any:  # type: ignore[override]
        """The order ``order_id`` (its live object while open), else ``default``."""
        order = self._handler._live_orders.get(order_id)
        if order is not None:
            return order
        log = self._handler._log
        if type(order_id) is int and log.has_order(order_id):
            return log.order(order_id)
        return default

    def __getitem__(self, order_id: int) -> Order:
        order = self.get(order_id)
        if order is None:
            raise KeyError(order_id)
        return order  # type: ignore[no-any-return]

    def __contains__(self, order_id: object) -> bool:
        return order_id in self._handler._live_orders or (
            type(order_id) is int and self._handler._log.has_order(order_id)
        )

    def __iter__(self) -> Iterator[int]:
        handler = self._handler
        live, has = handler._live_orders, handler._log.has_order
        for order_id in range(1, handler._next_id):
            if order_id in live or has(order_id):
                yield order_id

    def __len__(self) -> int:
        return len(self._handler._live_orders) + self._handler._log.order_count

    def values(self) -> Iterator[Order]:  # type: ignore[override]
        """Orders in id order (closed ones rebuilt one at a time)."""
        handler = self._handler
        live, log = handler._live_orders, handler._log
        has, rebuild = log.has_order, log.order
        for order_id in range(1, handler._next_id):
            order = live.get(order_id)
            if order is not None:
                yield order
            elif has(order_id):
                yield rebuild(order_id)

    def items(self) -> Iterator[tuple[int, Order]]:  # type: ignore[override]
        """``(id, order)`` pairs in id order."""
        get = self.get
        return ((order_id, get(order_id)) for order_id in self)


class TicketsView(Mapping[int, OrderTicket]):
    """``handler.tickets``: every ticket by id; a closed order's ticket is the one the algorithm
    still holds, else a ticket rebuilt (with its events) from the order log.
    """

    __slots__ = ("_handler",)

    def __init__(self, handler: TransactionHandler) -> None:
        self._handler = handler

    def get(self, order_id: int, default: Any = None) -> Any:  # type: ignore[override]
        """The ticket of ``order_id``, else ``default``."""
        handler = self._handler
        ticket = handler._live_tickets.get(order_id)
        if ticket is not None:
            return ticket
        ticket = handler._held_ticket(order_id)
        if ticket is not None:
            return ticket
        if type(order_id) is int and handler._log.has_order(order_id):
            return handler._rebuild_ticket(order_id)
        return default

    def __getitem__(self, order_id: int) -> OrderTicket:
        ticket = self.get(order_id)
        if ticket is None:
            raise KeyError(order_id)
        return ticket  # type: ignore[no-any-return]

    def __contains__(self, order_id: object) -> bool:
        return order_id in self._handler._live_tickets or (
            type(order_id) is int and self._handler._log.has_order(order_id)
        )

    def __iter__(self) -> Iterator[int]:
        handler = self._handler
        live, has = handler._live_tickets, handler._log.has_order
        for order_id in range(1, handler._next_id):
            if order_id in live or has(order_id):
                yield order_id

    def __len__(self) -> int:
        return len(self._handler._live_tickets) + self._handler._log.order_count

    def values(self) -> Iterator[OrderTicket]:  # type: ignore[override]
        """Tickets in id order."""
        get = self.get
        return (get(order_id) for order_id in self)


class OrderEventsView(Sequence[OrderEvent]):
    """``handler.order_events``: every event in emission order, rebuilt from the order log."""

    __slots__ = ("_handler",)

    def __init__(self, handler: TransactionHandler) -> None:
        self._handler = handler

    def __len__(self) -> int:
        return self._handler._log.event_count

    def _symbol(self, order_id: int) -> Any:
        handler = self._handler
        order = handler._live_orders.get(order_id)
        if order is not None:
            return order.symbol
        if handler._log.has_order(order_id):
            return handler._log.order_symbol(order_id)
        ticket = handler._live_tickets.get(order_id)
        return ticket.symbol if ticket is not None else None

    @overload
    def __getitem__(self, index: int) -> OrderEvent: ...

    @overload
    def __getitem__(self, index: slice) -> list[OrderEvent]: ...

    def __getitem__(self, index: int | slice) -> OrderEvent | list[OrderEvent]:
        log = self._handler._log
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("order event index out of range")
        return log.event(index, self._symbol(log.event_order_id(index)))

    def __iter__(self) -> Iterator[OrderEvent]:
        log = self._handler._log
        symbol = self._symbol
        last_id, last_symbol = -1, None
        for row in range(log.event_count):
            order_id = log.event_order_id(row)
            if order_id != last_id:
                last_id, last_symbol = order_id, symbol(order_id)
            assert last_symbol is not None  # every logged event belongs to a logged order
            yield log.event(row, last_symbol)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"OrderEventsView({len(self)} events)"


class ResultDicts(Sequence[dict[str, Any]]):
    """JSON-ready dicts of orders or order events, built one at a time when read (results)."""

    __slots__ = ("_convert", "_ids", "_source")

    def __init__(
        self, source: OrdersView | OrderEventsView, convert: Callable[[Any], dict[str, Any]] | None = None
    ) -> None:
        self._source = source
        self._ids: list[int] | None = None
        # item -> dict (the results' LEAN shape); the item's own ``to_dict`` when not given
        self._convert: Callable[[Any], dict[str, Any]] = convert or (lambda item: item.to_dict())

    def __len__(self) -> int:
        return len(self._source)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        source = self._source
        items = source.values() if isinstance(source, OrdersView) else iter(source)
        return map(self._convert, items)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        source = self._source
        if isinstance(source, OrderEventsView):
            return self._convert(source[index])
        if self._ids is None or len(self._ids) != len(source):
            self._ids = list(source)
        return self._convert(source[self._ids[index]])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"ResultDicts({len(self)} items)"


class TransactionHandler:
    """Keeps orders, tickets and events; routes requests to the brokerage; applies fills.

    Open orders (and the few closed ones the order log cannot describe) are kept as objects;
    a closed order is moved to the columnar :class:`~keel.engine.order_log.OrderLog` once its
    events have reached the algorithm. ``orders``, ``tickets`` and ``order_events`` are
    read-only views over both.
    """

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
        self._log = OrderLog()
        self._live_orders: dict[int, Order] = {}
        self._live_tickets: dict[int, OrderTicket] = {}
        # tickets of logged orders the algorithm may still hold (weak: a dropped ticket is rebuilt)
        self._held_tickets: dict[int, weakref.ref[OrderTicket]] = {}
        self._held_purge_at = 4096
        self._open_orders: dict[int, Order] = {}
        # update requests accepted but not yet applied (synchronous runs, as LEAN's request queue)
        self._pending_requests: list[UpdateOrderRequest] = []
        self.orders = OrdersView(self)
        self.tickets = TicketsView(self)
        self.order_events = OrderEventsView(self)
        self._next_id = 1
        self._event_id: dict[int, int] = {}
        self.orders_count = 0
        self.compact_closed_orders = True
        brokerage.on_order_events = self.handle_order_events

    # ------------------------------------------------------------------------------------
    # OrderProcessor protocol (used by tickets)
    def current_utc_time(self) -> datetime:
        """The engine's current UTC time."""
        return self.utc_now()

    def get_order(self, order_id: int) -> Order | None:
        """The order with ``order_id``, or None."""
        order = self._live_orders.get(order_id)
        if order is not None:
            return order
        return self.orders.get(order_id)  # type: ignore[no-any-return]

    def order_dicts(self, convert: Callable[[Order], dict[str, Any]] | None = None) -> ResultDicts:
        """Every order as a JSON-ready dict (``convert``, else ``Order.to_dict``), built lazily
        (for ``BacktestResult.orders``)."""
        return ResultDicts(self.orders, convert)

    def order_event_dicts(self, convert: Callable[[OrderEvent], dict[str, Any]] | None = None) -> ResultDicts:
        """Every order event as a JSON-ready dict (``convert``, else ``OrderEvent.to_dict``), built
        lazily (for ``BacktestResult.order_events``)."""
        return ResultDicts(self.order_events, convert)

    @property
    def order_log(self) -> OrderLog:
        """The columnar log of closed orders and of all events."""
        return self._log

    # ------------------------------------------------------------------------------------
    def new_ticket(self, request: SubmitOrderRequest) -> OrderTicket:
        """Assign an id to ``request`` and create its ticket (not yet submitted)."""
        order_id = request.order_id = self._next_id
        self._next_id = order_id + 1
        ticket = OrderTicket(self, request)
        self._live_tickets[order_id] = ticket
        return ticket

    def invalid_ticket(self, request: SubmitOrderRequest, code: OrderResponseErrorCode, message: str) -> OrderTicket:
        """A ticket for a request refused before it became an order (not counted in Total Orders)."""
        ticket = OrderTicket(None, request)
        ticket.status = OrderStatus.INVALID
        ticket.submit_response = OrderResponse(request.order_id, code, message)
        return ticket

    def submit(self, request: SubmitOrderRequest) -> OrderTicket:
        """Turn a submit request into an order: validate, hand to the brokerage, simulate."""
        if self._pending_requests:
            self.process_pending_requests()
        order_id = request.order_id = self._next_id
        self._next_id = order_id + 1
        ticket = self._live_tickets[order_id] = OrderTicket(self, request)
        properties = request.properties
        order = Order(
            order_id,
            request.symbol,
            request.quantity,
            request.order_type,
            request.utc_time,
            request.tag,
            properties.clone() if properties is not None else None,
            request.limit_price,
            request.stop_price,
            request.trigger_price,
            request.trailing_amount,
            request.trailing_as_percentage,
        )
        self._live_orders[order_id] = order
        self._open_orders[order_id] = order
        self._event_id[order_id] = 0  # a new id has no events in the log (``_stamp`` need not look)
        self.orders_count += 1
        ok, message = self._validate_submit(order)
        if not ok:
            ticket.submit_response = OrderResponse(
                order_id, OrderResponseErrorCode.BROKERAGE_MODEL_REFUSED_TO_SUBMIT_ORDER, message
            )
            self._emit([self._event(order, OrderStatus.INVALID, message)])
            return ticket
        self._emit([self._event(order, _E_SUBMITTED)])
        if not self.brokerage.place_order(order):
            self._emit([self._event(order, OrderStatus.INVALID, "the brokerage refused the order")])
            return ticket
        if self.synchronous:
            self.brokerage.scan()
        return ticket

    def process_update(self, request: UpdateOrderRequest) -> OrderResponse:
        """Check an update request and queue it (backtests) or apply it now.

        As LEAN's ``BrokerageTransactionHandler.UpdateOrder``: a request for an unknown or closed
        order, or for a zero quantity, is refused at once; otherwise it is accepted and, in a
        synchronous run, applied by :meth:`process_pending_requests` before the next order
        submission or at the end of the time step (LEAN's ``ProcessSynchronousEvents`` after
        ``OnData``, which rescans the orders on the same bar), so no fill check sees it earlier.
        """
        order = self._order_to_update(request.order_id)
        if order is None:
            return OrderResponse(request.order_id, OrderResponseErrorCode.UNABLE_TO_FIND_ORDER, "order not found")
        refusal = self._update_refusal(order, request)
        if refusal is not None:
            return refusal
        if self.synchronous:
            self._pending_requests.append(request)
            return OrderResponse(order.id)
        return self._apply_update(order, request)

    def _order_to_update(self, order_id: int) -> Order | None:
        """The live order ``order_id`` to change (an update, or a cancel's tag), a logged one revived
        (its ticket and update requests stay objects), or None when unknown."""
        order = self._live_orders.get(order_id)
        if order is None and self._log.has_order(order_id):
            order = self._revive(order_id)
        return order

    def _update_refusal(self, order: Order, request: UpdateOrderRequest) -> OrderResponse | None:
        """The error answer to an update of a closed order or to a zero quantity (None if fine)."""
        if order.status.is_closed:
            message = f"Unable to update order with id {order.id} and status {order.status.name}"
            self._emit([self._event(order, OrderStatus.INVALID, message, keep_status=True)], refusal=True)
            return OrderResponse(order.id, OrderResponseErrorCode.INVALID_ORDER_STATUS, message)
        if request.fields.quantity is not None and request.fields.quantity == 0:
            message = "Order quantity must not be zero"
            self._emit([self._event(order, OrderStatus.INVALID, message, keep_status=True)], refusal=True)
            return OrderResponse(order.id, OrderResponseErrorCode.ORDER_QUANTITY_ZERO, message)
        return None

    def _apply_update(self, order: Order, request: UpdateOrderRequest) -> OrderResponse:
        """Validate an update against the brokerage model and change the order."""
        refusal = self._update_refusal(order, request)
        if refusal is not None:
            return refusal
        ok, message = self._validate_update(order, request)
        if not ok:
            self._emit([self._event(order, OrderStatus.INVALID, message, keep_status=True)], refusal=True)
            return OrderResponse(order.id, OrderResponseErrorCode.BROKERAGE_MODEL_REFUSED_TO_SUBMIT_ORDER, message)
        fields = request.fields
        if fields.quantity is not None:
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
        ticket = self._ticket(order.id)
        if ticket is not None:
            if fields.quantity is not None:
                ticket.quantity = fields.quantity
            if fields.tag is not None:
                ticket.tag = fields.tag
        self._emit([self._event(order, OrderStatus.UPDATE_SUBMITTED)])
        return OrderResponse(order.id)

    def process_cancel(self, request: CancelOrderRequest) -> OrderResponse:
        """Cancel an open order now.

        LEAN queues cancels like updates but marks the order ``CancelPending`` at once, so no fill
        or sizing logic sees it as working; cancelling immediately is the closest equivalent here.
        """
        if request.tag is None:
            order = self.orders.get(request.order_id)
        else:
            # LEAN's ``CancelOrder`` tags the order before it checks the status: a refused cancel
            # of a filled order still leaves its tag (a logged order is revived to keep it)
            order = self._order_to_update(request.order_id)
            if order is not None:
                order.tag = request.tag
        if order is None:
            return OrderResponse(request.order_id, OrderResponseErrorCode.UNABLE_TO_FIND_ORDER, "order not found")
        if order.status.is_closed:
            message = f"Order {order.id} is already {order.status.name} and cannot be canceled"
            return OrderResponse(order.id, OrderResponseErrorCode.INVALID_ORDER_STATUS, message)
        if not self.brokerage.cancel_order(order):
            return OrderResponse(order.id, OrderResponseErrorCode.BROKERAGE_FAILED_TO_CANCEL_ORDER, "cancel refused")
        order.canceled_time = request.utc_time
        self._emit([self._event(order, OrderStatus.CANCELED, request.tag or "")])
        return OrderResponse(order.id)

    @property
    def has_pending_requests(self) -> bool:
        """Whether update requests wait in the queue (see :meth:`process_pending_requests`)."""
        return bool(self._pending_requests)

    def process_pending_requests(self) -> None:
        """Apply the queued update requests, oldest first.

        LEAN's backtesting transaction handler processes its request queue before each new order
        submission and in ``ProcessSynchronousEvents``, which runs before and after ``OnData``
        (the engine calls this at both points of a time step).
        """
        while self._pending_requests:
            pending, self._pending_requests = self._pending_requests, []
            for request in pending:
                order = self._order_to_update(request.order_id)
                if order is None:
                    continue
                response = self._apply_update(order, request)
                if response.is_error:
                    request.response = response

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
        live = self._live_orders
        stamp = self._stamp
        for event in events:
            order = live.get(event.order_id)
            if order is None:
                order = self._revive(event.order_id)
            stamp(order, event)
        self._emit(events)

    def _revive(self, order_id: int) -> Order:
        """Bring a logged (closed) order back to a live object, for an event that changes it."""
        if not self._log.has_order(order_id):
            raise RuntimeError(f"order event for unknown order {order_id}")
        ticket = self.tickets.get(order_id)
        order = self._log.order(order_id)
        self._log.remove_order(order_id)
        self._live_orders[order_id] = order
        self._live_tickets[order_id] = ticket
        self._held_tickets.pop(order_id, None)
        return order

    def _event(self, order: Order, status: OrderStatus, message: str = "", keep_status: bool = False) -> OrderEvent:
        quantity = order.quantity
        event = OrderEvent(
            order.id,
            order.symbol,
            self.utc_now(),
            status,
            (_E_BUY if quantity > 0 else _E_SELL) if quantity else _E_HOLD,
            message=message,
        )
        self._stamp(order, event, keep_status)
        return event

    def _stamp(self, order: Order, event: OrderEvent, keep_status: bool = False) -> None:
        order_id = order.id
        event_ids = self._event_id
        event_id = event_ids.get(order_id)
        event_id = (self._log.last_event_id(order_id) if event_id is None else event_id) + 1
        event_ids[order_id] = event_id
        event.id = event_id
        event.quantity = order.quantity
        event.limit_price = order.limit_price
        event.stop_price = order.stop_price
        event.trigger_price = order.trigger_price
        event.trailing_amount = order.trailing_amount
        if keep_status:
            return
        status = event.status
        if status == _E_UPDATE_SUBMITTED:
            return
        if event.fill_quantity:
            order.last_fill_time = event.utc_time
            if order.type != _E_MARKET or not order.price:
                order.price = event.fill_price
        order.status = status
        if status in _CLOSED:
            self._open_orders.pop(order_id, None)

    def set_submitted_quantity(self, order: Order, quantity: float) -> None:
        """Change the quantity of an order being submitted, before the brokerage sees it (LEAN's
        ``RoundOffOrder``): the order and its ticket follow."""
        order.quantity = quantity
        ticket = self._live_tickets.get(order.id)
        if ticket is not None:
            ticket.quantity = quantity

    def _ticket(self, order_id: int) -> OrderTicket | None:
        ticket = self._live_tickets.get(order_id)
        if ticket is None and self._held_tickets:
            ticket = self._held_ticket(order_id)
        return ticket

    def _held_ticket(self, order_id: int) -> OrderTicket | None:
        ref = self._held_tickets.get(order_id)
        return ref() if ref is not None else None

    def _hold(self, order_id: int, ticket: OrderTicket) -> None:
        held = self._held_tickets
        held[order_id] = weakref.ref(ticket)
        if len(held) >= self._held_purge_at:
            for key in [key for key, ref in held.items() if ref() is None]:
                del held[key]
            self._held_purge_at = max(4096, 2 * len(held))

    def _emit(self, events: list[OrderEvent], refusal: bool = False) -> None:
        """Record events, update tickets and tell the algorithm.

        A ``refusal`` is the INVALID answer to an update request: it is reported, but the order and
        its ticket keep their status (a filled order stays filled, an open one stays open).
        """
        log_event = self._log.add_event
        live_orders = self._live_orders
        live_tickets = self._live_tickets
        closed = False
        for event in events:
            order_id = event.order_id
            order = live_orders.get(order_id)
            log_event(event, order.symbol if order is not None else event.symbol)
            ticket = live_tickets.get(order_id)
            if ticket is None and self._held_tickets:
                ticket = self._held_ticket(order_id)
            if ticket is not None:
                ticket.add_event(event, keep_status=refusal)
            if event.status in _CLOSED and not refusal:
                closed = True
        self._on_events(events)
        if closed and self.compact_closed_orders:
            for event in events:
                if event.status in _CLOSED:
                    self._compact(event.order_id)

    def _compact(self, order_id: int) -> None:
        """Move a closed order whose events reached the algorithm into the order log."""
        order = self._live_orders.get(order_id)
        if order is None or order.status not in _CLOSED or order_id in self._open_orders:
            return
        ticket = self._live_tickets.get(order_id)
        if ticket is None or ticket._processor is not self:
            return
        request = ticket.submit_request
        if not order_is_compactable(order, ticket, request):
            return
        self._log.add_order(order, request)
        del self._live_orders[order_id]
        del self._live_tickets[order_id]
        self._event_id.pop(order_id, None)
        self._hold(order_id, ticket)

    def _rebuild_ticket(self, order_id: int) -> OrderTicket:
        log = self._log
        order = log.order(order_id)
        ticket = OrderTicket(self, log.request(order))
        symbol = order.symbol
        for row in log.event_rows(order_id):
            ticket.add_event(log.event(row, symbol))
        self._hold(order_id, ticket)
        return ticket

    # ------------------------------------------------------------------------------------
    def get_open_orders(self, symbol: Any = None) -> list[Order]:
        """Open orders, optionally for one symbol."""
        return [o for o in self._open_orders.values() if symbol is None or o.symbol == symbol]

    def get_open_order_tickets(self, symbol: Any = None) -> list[OrderTicket]:
        """Tickets of open orders."""
        tickets = self._live_tickets
        return [tickets[o.id] for o in self.get_open_orders(symbol) if o.id in tickets]

    def cancel_open_orders(self, symbol: Any = None, tag: str | None = None) -> list[OrderTicket]:
        """Cancel every open order (of ``symbol``)."""
        tickets = self.get_open_order_tickets(symbol)
        for ticket in tickets:
            ticket.cancel(tag)
        return tickets
