"""A compact, columnar log of closed orders and of every order event.

A backtest that trades on every bar creates millions of orders; keeping each as Python objects
(``Order``, ``OrderTicket``, ``SubmitOrderRequest``, two ``OrderEvent`` s with their fees) costs
kilobytes per order. The transaction handler therefore keeps objects only for open orders (and
for the few closed orders whose history does not fit the columns, e.g. updated ones). Everything
else lives here as ``array`` columns, about 200 bytes per order, and is rebuilt into equal
objects on demand (``get_order_by_id``, ``get_orders``, results).

Times are stored as nanoseconds since the epoch (naive UTC datetimes, microsecond precision);
optional prices and rare fields live in small side tables keyed by row.
"""

from __future__ import annotations

import struct
from array import array
from datetime import datetime, timedelta
from typing import Any

from keel.engine.clock import naive_from_ns
from keel.engine.record_store import RecordStore
from keel.model.enums import OrderDirection, OrderStatus, OrderType
from keel.model.orders import (
    ZERO_FEE,
    CashAmount,
    Order,
    OrderEvent,
    OrderFee,
    OrderProperties,
    SubmitOrderRequest,
)
from keel.model.symbol import Symbol

_EPOCH = datetime(1970, 1, 1)
_US = timedelta(microseconds=1)
NO_TIME = -(2**63)
"""Column value of a missing (``None``) time."""

_STATUS = {int(s): s for s in OrderStatus}
_DIRECTION = {int(d): d for d in OrderDirection}
_TYPE = {int(t): t for t in OrderType}

# order flag bits
_TRAILING_PCT = 1
_STOP_TRIGGERED = 2
_TRIGGER_TOUCHED = 4
_LAST_IS_MID = 8
# event flag bits
_ASSIGNMENT = 1
# an event record: order id, event id, UTC ns, status, direction, flags, fill price, fill quantity,
# fee amount, fee currency, fill price currency (string palette indices), order quantity, and the
# row of the order's previous event (-1 for none)
_EVENT = struct.Struct("=qiqbbbdddhhdq")
_EVENT_SIZE = _EVENT.size
_EVENT_ORDER = struct.Struct("=q")
_EVENT_ID = struct.Struct("=i")
_EVENT_PREV = struct.Struct("=q")
_EVENT_PREV_OFFSET = _EVENT_SIZE - 8
# an order record: id, symbol (palette index), type, status, flags, quantity, price, time (ns),
# last fill time (ns), tag (string palette index), properties index, request properties index,
# and the bid, ask and last price when the order was submitted (LEAN's OrderSubmissionData)
_ORDER = struct.Struct("=qibbbddqqiiiddd")
_ORDER_ID = struct.Struct("=q")


def _to_ns(dt: datetime) -> int:
    if dt.tzinfo is not None:
        dt = dt.replace(tzinfo=None) - (dt.utcoffset() or timedelta(0))
    return (dt - _EPOCH) // _US * 1000


def _from_ns(ns: int) -> datetime | None:
    return None if ns == NO_TIME else naive_from_ns(ns)


class _Palette:
    """Distinct values (symbols, strings) stored once and referenced by index."""

    __slots__ = ("index", "values")

    def __init__(self, *initial: Any) -> None:
        self.values: list[Any] = list(initial)
        self.index: dict[Any, int] = {v: i for i, v in enumerate(initial)}

    def add(self, value: Any) -> int:
        i = self.index.get(value)
        if i is None:
            i = self.index[value] = len(self.values)
            self.values.append(value)
        return i


class OrderLog:
    """Columns of closed orders (by row, with an id -> row index) and of all order events."""

    def __init__(self) -> None:
        self._symbols = _Palette()
        self._strings = _Palette("", "USD")
        self._props: list[OrderProperties] = []
        self._request_props: list[OrderProperties | None] = []
        self._request_props_index: dict[int, int] = {}
        # id -> row of the closed order (-1 while open or unknown); id -> last event row (-1: none)
        self._row_of_id = array("q", [-1])
        self._last_event = array("q", [-1])
        # order records: one packed struct per closed order (see _ORDER), compressed by chunks
        self._orders = RecordStore(_ORDER)
        self._order_rows = 0
        self._o_extra: dict[int, tuple[Any, ...]] = {}
        self._removed = 0
        # event records: one packed struct per event (see _EVENT), compressed by chunks
        self._events = RecordStore(_EVENT)
        self._event_count = 0
        self._e_extra: dict[int, tuple[Any, ...]] = {}
        self._last_dt: datetime | None = None
        self._last_ns = 0
        # the symbol of the latest logged order and its palette index
        self._last_symbol: tuple[Symbol | None, int] = (None, 0)

    # --- ids -------------------------------------------------------------------------------
    def reserve(self, order_id: int) -> None:
        """Make room for ``order_id`` in the id-indexed columns (and for the next ids: the columns
        grow by at least a quarter, so appending orders one at a time costs little)."""
        size = len(self._row_of_id)
        if size <= order_id:
            grow = array("q", [-1]) * max(order_id + 1 - size, size // 4, 64)
            self._row_of_id.extend(grow)
            self._last_event.extend(grow)

    def has_order(self, order_id: int) -> bool:
        """True when the closed order ``order_id`` is in the log."""
        return 0 < order_id < len(self._row_of_id) and self._row_of_id[order_id] >= 0

    @property
    def order_count(self) -> int:
        """Closed orders in the log."""
        return self._order_rows - self._removed

    def remove_order(self, order_id: int) -> None:
        """Forget the row of ``order_id`` (the order is live again); its events stay."""
        if self.has_order(order_id):
            self._orders.pack_into(self._row_of_id[order_id], _ORDER_ID, 0, -1)
            self._row_of_id[order_id] = -1
            self._removed += 1

    def last_event_id(self, order_id: int) -> int:
        """Id of the latest event of ``order_id`` (0 before its first event)."""
        if order_id >= len(self._last_event):
            return 0
        row = self._last_event[order_id]
        if row < 0:
            return 0
        return self._events.unpack_field(row, _EVENT_ID, 8)[0]  # type: ignore[no-any-return]

    def _ns(self, dt: datetime | None) -> int:
        if dt is None:
            return NO_TIME
        if dt is self._last_dt or dt == self._last_dt:
            return self._last_ns
        ns = _to_ns(dt)
        self._last_dt, self._last_ns = dt, ns
        return ns

    # --- events ------------------------------------------------------------------------------
    def add_event(self, event: OrderEvent, symbol: Symbol | None = None) -> None:
        """Append one (stamped) event; ``symbol`` is its order's symbol (stored only if it differs)."""
        order_id = event.order_id
        last_event = self._last_event
        if order_id >= len(last_event):
            self.reserve(order_id)
        row = self._event_count
        self._event_count = row + 1
        fee = event.order_fee.value
        fee_currency = fee.currency
        currency = event.fill_price_currency
        utc = event.utc_time
        last_dt = self._last_dt
        self._events.append(
            _EVENT.pack(
                order_id,
                event.id,
                self._last_ns if utc is last_dt or (last_dt is not None and utc == last_dt) else self._ns(utc),
                event.status,
                event.direction,
                _ASSIGNMENT if event.is_assignment else 0,
                event.fill_price,
                event.fill_quantity,
                fee.amount,
                1 if fee_currency == "USD" else self._strings.add(fee_currency),
                1 if currency == "USD" else self._strings.add(currency),
                event.quantity,
                last_event[order_id],
            )
        )
        last_event[order_id] = row
        if (
            event.message
            or event.limit_price is not None
            or event.stop_price is not None
            or event.trigger_price is not None
            or event.trailing_amount is not None
            or (event.symbol is not symbol and event.symbol != symbol)
        ):
            self._e_extra[row] = (
                event.message,
                event.limit_price,
                event.stop_price,
                event.trigger_price,
                event.trailing_amount,
                event.symbol,
            )

    @property
    def event_count(self) -> int:
        """Events in the log."""
        return self._event_count

    def event(self, row: int, symbol: Symbol) -> OrderEvent:
        """Rebuild the event at ``row`` (``symbol`` is its order's symbol)."""
        (
            order_id,
            event_id,
            utc_ns,
            status,
            direction,
            flags,
            fill_price,
            fill_quantity,
            fee_amount,
            fee_currency_index,
            fill_currency_index,
            quantity,
            _prev,
        ) = self._events.unpack(row)
        extra = self._e_extra.get(row)
        strings = self._strings.values
        fee_currency = strings[fee_currency_index]
        if fee_amount == 0.0 and fee_currency == "USD":
            fee = ZERO_FEE
        else:
            fee = OrderFee(CashAmount(fee_amount, fee_currency))
        event = OrderEvent(
            order_id,
            extra[5] if extra is not None else symbol,
            naive_from_ns(utc_ns),
            _STATUS[status],
            _DIRECTION[direction],
            fill_price,
            fill_quantity,
            fee,
            extra[0] if extra is not None else "",
            strings[fill_currency_index],
        )
        event.id = event_id
        event.quantity = quantity
        event.is_assignment = bool(flags & _ASSIGNMENT)
        if extra is not None:
            event.limit_price, event.stop_price, event.trigger_price, event.trailing_amount = extra[1:5]
        return event

    def event_order_id(self, row: int) -> int:
        """Order id of the event at ``row``."""
        return self._events.unpack_field(row, _EVENT_ORDER, 0)[0]  # type: ignore[no-any-return]

    def event_rows(self, order_id: int) -> list[int]:
        """Rows of the events of ``order_id``, oldest first."""
        rows: list[int] = []
        if order_id >= len(self._last_event):
            return rows
        row = self._last_event[order_id]
        events = self._events
        while row >= 0:
            rows.append(row)
            row = events.unpack_field(row, _EVENT_PREV, _EVENT_PREV_OFFSET)[0]
        rows.reverse()
        return rows

    # --- orders ------------------------------------------------------------------------------
    def add_order(self, order: Order, request: SubmitOrderRequest) -> None:
        """Append a closed order (its events are already in the log) and the request it came from."""
        row = self._order_rows
        self._order_rows = row + 1
        order_id = order.id
        if order_id >= len(self._row_of_id):
            self.reserve(order_id)
        self._row_of_id[order_id] = row
        tag = order.tag
        props = order.properties
        palette = self._props
        last = palette[-1] if palette else None
        if last is None or not (props is last or (type(props) is type(last) and props.__dict__ == last.__dict__)):
            palette.append(props)
        source = request.properties
        request_index = self._request_props_index.get(id(source))
        if request_index is None:
            request_index = self._request_props_index[id(source)] = len(self._request_props)
            self._request_props.append(source)  # keeps the object (and so its id) alive
        symbol = order.symbol
        last_symbol = self._last_symbol
        if symbol is last_symbol[0]:
            symbol_index = last_symbol[1]
        else:
            found = self._symbols.index.get(symbol)
            symbol_index = self._symbols.add(symbol) if found is None else found
            self._last_symbol = (symbol, symbol_index)
        time = order.time
        last_fill = order.last_fill_time
        last_dt = self._last_dt
        self._orders.append(
            _ORDER.pack(
                order_id,
                symbol_index,
                order.type,
                order.status,
                (_TRAILING_PCT if order.trailing_as_percentage else 0)
                | (_STOP_TRIGGERED if order.stop_triggered else 0)
                | (_TRIGGER_TOUCHED if order.trigger_touched else 0)
                | (_LAST_IS_MID if order.submission_last_is_mid else 0),
                order.quantity,
                order.price,
                self._last_ns if time is last_dt or (last_dt is not None and time == last_dt) else self._ns(time),
                self._last_ns if last_fill is self._last_dt else self._ns(last_fill),
                0 if not tag else self._strings.add(tag),
                len(palette) - 1,
                request_index,
                order.submission_bid,
                order.submission_ask,
                order.submission_last,
            )
        )
        if (
            order.limit_price is not None
            or order.stop_price is not None
            or order.trigger_price is not None
            or order.trailing_amount is not None
            or order.last_update_time is not None
            or order.canceled_time is not None
            or order.price_currency != "USD"
        ):
            self._o_extra[row] = (
                order.limit_price,
                order.stop_price,
                order.trigger_price,
                order.trailing_amount,
                order.last_update_time,
                order.canceled_time,
                order.price_currency,
            )

    def _order_record(self, order_id: int) -> tuple[Any, ...]:
        return self._orders.unpack(self._row_of_id[order_id])

    def order_symbol(self, order_id: int) -> Symbol:
        """The symbol of the logged order ``order_id``."""
        return self._symbols.values[self._order_record(order_id)[1]]  # type: ignore[no-any-return]

    def order(self, order_id: int) -> Order:
        """Rebuild the closed order ``order_id``."""
        row = self._row_of_id[order_id]
        (
            _id,
            symbol_index,
            order_type,
            status,
            flags,
            quantity,
            price,
            time_ns,
            last_fill_ns,
            tag_index,
            props_index,
            _request_props,
            submission_bid,
            submission_ask,
            submission_last,
        ) = self._orders.unpack(row)
        extra = self._o_extra.get(row)
        order = Order(
            order_id,
            self._symbols.values[symbol_index],
            quantity,
            _TYPE[order_type],
            _from_ns(time_ns),  # type: ignore[arg-type]
            self._strings.values[tag_index],
            self._props[props_index].clone(),
            trailing_as_percentage=bool(flags & _TRAILING_PCT),
        )
        order.status = _STATUS[status]
        order.price = price
        order.last_fill_time = order.time if last_fill_ns == time_ns else _from_ns(last_fill_ns)
        order.stop_triggered = bool(flags & _STOP_TRIGGERED)
        order.trigger_touched = bool(flags & _TRIGGER_TOUCHED)
        order.submission_bid = submission_bid
        order.submission_ask = submission_ask
        order.submission_last = submission_last
        order.submission_last_is_mid = bool(flags & _LAST_IS_MID)
        if extra is not None:
            (
                order.limit_price,
                order.stop_price,
                order.trigger_price,
                order.trailing_amount,
                order.last_update_time,
                order.canceled_time,
                order.price_currency,
            ) = extra
        return order

    def request(self, order: Order) -> SubmitOrderRequest:
        """Rebuild the submit request of the logged ``order`` (rebuilt by :meth:`order`)."""
        row = self._row_of_id[order.id]
        return SubmitOrderRequest(
            order.type,
            order.symbol,
            order.quantity,
            order.time,
            order.limit_price,
            order.stop_price,
            order.trigger_price,
            order.trailing_amount,
            order.trailing_as_percentage,
            order.tag,
            self._request_props[self._orders.unpack(row)[11]],
            order.id,
        )

    def nbytes(self) -> int:
        """Approximate size of the columns in bytes (for tests and diagnostics)."""
        total = 0
        for value in vars(self).values():
            if isinstance(value, array):
                total += value.itemsize * len(value)
            elif isinstance(value, RecordStore):
                total += value.nbytes()
        return total


def order_is_compactable(order: Order, ticket: Any, request: SubmitOrderRequest) -> bool:
    """True when the closed order and its ticket are fully described by the log's columns."""
    response = ticket._submit_response
    return (
        (response is None or (response.error_code == 0 and not response.error_message))
        and not ticket._update_requests
        and ticket.cancel_request is None
        and ticket.status is order.status
        and ticket.quantity == order.quantity == request.quantity
        and ticket.tag == order.tag == request.tag
        and request.order_type is order.type
        and request.utc_time == order.time == ticket.time
        and order.created_time is order.time
        and request.limit_price == order.limit_price
        and request.stop_price == order.stop_price
        and request.trigger_price == order.trigger_price
        and request.trailing_amount == order.trailing_amount
        and request.trailing_as_percentage == order.trailing_as_percentage
        and not order.broker_id
        and not order.group_id
        and type(order) is Order
        and type(request) is SubmitOrderRequest
    )


__all__ = ["NO_TIME", "OrderLog", "order_is_compactable"]
