"""Orders, order requests, order events and order tickets (LEAN's order model).

Mutable state of an order lives in :class:`Order`, owned by the transaction handler; events
and requests are immutable messages. Every PascalCase member LEAN exposes has an alias.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any, Protocol

from keel.model.aliases import add_pascal_aliases
from keel.model.enums import CLOSED_ORDER_STATUSES, OrderDirection, OrderStatus, OrderType, SecurityType
from keel.model.symbol import Symbol

# enum members read on every order, as module globals: in CPython 3.11 a class attribute read of an
# Enum member (``OrderStatus.NEW``) costs ~1,000 instructions (``EnumType.__getattr__`` keeps it off the
# fast path), a global ~10
_E_NEW = OrderStatus.NEW
_E_UPDATE_SUBMITTED = OrderStatus.UPDATE_SUBMITTED
_E_BUY, _E_SELL, _E_HOLD = OrderDirection.BUY, OrderDirection.SELL, OrderDirection.HOLD

# --------------------------------------------------------------------------------------------
# time in force and order properties


class TimeInForce:
    """How long an order stays open: ``DAY``, ``GOOD_TIL_CANCELED`` or ``good_til_date(dt)``."""

    __slots__ = ("expiry", "kind")

    DAY: TimeInForce
    GOOD_TIL_CANCELED: TimeInForce
    Day: TimeInForce
    GoodTilCanceled: TimeInForce

    def __init__(self, kind: str, expiry: datetime | None = None) -> None:
        if kind not in ("Day", "GoodTilCanceled", "GoodTilDate"):
            raise ValueError(f"unknown time in force {kind!r}; use DAY, GOOD_TIL_CANCELED or GOOD_TIL_DATE(dt)")
        if kind == "GoodTilDate" and expiry is None:
            raise ValueError("GOOD_TIL_DATE needs an expiry datetime")
        self.kind = kind
        self.expiry = expiry

    @staticmethod
    def good_til_date(expiry: datetime) -> TimeInForce:
        """An order that expires at the end of ``expiry``'s date (exchange time)."""
        return TimeInForce("GoodTilDate", expiry)

    GOOD_TIL_DATE = good_til_date
    GoodTilDate = good_til_date

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TimeInForce) and (self.kind, self.expiry) == (other.kind, other.expiry)

    def __hash__(self) -> int:
        return hash((self.kind, self.expiry))

    def __repr__(self) -> str:
        return f"TimeInForce.{self.kind}" + (f"({self.expiry:%Y-%m-%d})" if self.expiry else "")


TimeInForce.DAY = TimeInForce.Day = TimeInForce("Day")
TimeInForce.GOOD_TIL_CANCELED = TimeInForce.GoodTilCanceled = TimeInForce("GoodTilCanceled")


class OrderProperties:
    """Per-order settings; brokerages may subclass with their own fields."""

    def __init__(self, time_in_force: TimeInForce | None = None, **extra: Any) -> None:
        self.time_in_force = time_in_force or TimeInForce.GOOD_TIL_CANCELED
        for key, value in extra.items():
            setattr(self, key, value)

    def clone(self) -> OrderProperties:
        """A shallow copy (each order keeps its own properties object)."""
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        return copy

    @property
    def TimeInForce(self) -> TimeInForce:
        return self.time_in_force

    @TimeInForce.setter
    def TimeInForce(self, value: TimeInForce) -> None:
        self.time_in_force = value


# --------------------------------------------------------------------------------------------
# fees


@dataclass(frozen=True, slots=True)
class CashAmount:
    """An amount of money in a currency."""

    amount: float
    currency: str = "USD"

    @property
    def Amount(self) -> float:
        return self.amount

    @property
    def Currency(self) -> str:
        return self.currency


@dataclass(frozen=True, slots=True)
class OrderFee:
    """The fee charged for an order fill, as a cash amount (LEAN's ``OrderFee``)."""

    value: CashAmount

    @property
    def Value(self) -> CashAmount:
        return self.value

    def __str__(self) -> str:
        return f"{self.value.amount:g} {self.value.currency}"


ZERO_FEE = OrderFee(CashAmount(0.0, "USD"))
OrderFee.ZERO = ZERO_FEE  # type: ignore[attr-defined]
OrderFee.Zero = ZERO_FEE  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------
# orders


class Order:
    """An order and its mutable state. Type-specific prices are ``None`` when not applicable."""

    __slots__ = (
        "broker_id",
        "canceled_time",
        "created_time",
        "group_id",
        "id",
        "last_fill_time",
        "last_update_time",
        "limit_price",
        "price",
        "price_currency",
        "properties",
        "quantity",
        "status",
        "stop_price",
        "stop_triggered",
        "submission_ask",
        "submission_bid",
        "submission_last",
        "submission_last_is_mid",
        "symbol",
        "tag",
        "time",
        "trailing_amount",
        "trailing_as_percentage",
        "trigger_price",
        "trigger_touched",
        "type",
    )

    def __init__(
        self,
        order_id: int,
        symbol: Symbol,
        quantity: float,
        order_type: OrderType,
        time: datetime,
        tag: str = "",
        properties: OrderProperties | None = None,
        limit_price: float | None = None,
        stop_price: float | None = None,
        trigger_price: float | None = None,
        trailing_amount: float | None = None,
        trailing_as_percentage: bool = False,
    ) -> None:
        self.id = order_id
        self.symbol = symbol
        self.quantity = quantity
        self.type = order_type
        self.time = time
        self.created_time = time
        self.last_fill_time: datetime | None = None
        self.last_update_time: datetime | None = None
        self.canceled_time: datetime | None = None
        self.tag = tag
        self.properties = properties or OrderProperties()
        self.status = _E_NEW
        self.price = 0.0
        self.price_currency = "USD"
        self.limit_price = limit_price
        self.stop_price = stop_price
        self.trigger_price = trigger_price
        self.trailing_amount = trailing_amount
        self.trailing_as_percentage = trailing_as_percentage
        self.stop_triggered = False
        self.trigger_touched = False
        self.broker_id: list[str] = []
        self.submission_bid = 0.0
        self.submission_ask = 0.0
        self.submission_last = 0.0
        # the last price was a two-sided quote bar's mid ((bid + ask) / 2, LEAN's QuoteBar.Close)
        self.submission_last_is_mid = False
        self.group_id = 0

    @property
    def direction(self) -> OrderDirection:
        """Buy for a positive quantity, sell for a negative one."""
        quantity = self.quantity
        if quantity > 0:
            return _E_BUY
        if quantity < 0:
            return _E_SELL
        return _E_HOLD

    @property
    def absolute_quantity(self) -> float:
        """Unsigned quantity."""
        return abs(self.quantity)

    @property
    def time_in_force(self) -> TimeInForce:
        """The order's time in force, from its properties."""
        return self.properties.time_in_force

    @property
    def security_type(self) -> SecurityType:
        """Asset class of the order's symbol."""
        return self.symbol.security_type

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready, LEAN-like description of the order (used by results)."""
        data: dict[str, Any] = {
            "id": self.id,
            "symbol": self.symbol.value,
            "symbolId": str(self.symbol.id),
            "type": self.type.name,
            "status": self.status.name,
            "direction": self.direction.name,
            "quantity": self.quantity,
            "price": self.price,
            "time": self.time.isoformat() + "Z",
            "createdTime": self.created_time.isoformat() + "Z",
            "lastFillTime": self.last_fill_time.isoformat() + "Z" if self.last_fill_time else None,
            "lastUpdateTime": self.last_update_time.isoformat() + "Z" if self.last_update_time else None,
            "canceledTime": self.canceled_time.isoformat() + "Z" if self.canceled_time else None,
            "timeInForce": repr(self.time_in_force).replace("TimeInForce.", ""),
            "tag": self.tag,
        }
        for key, value in (
            ("limitPrice", self.limit_price),
            ("stopPrice", self.stop_price),
            ("triggerPrice", self.trigger_price),
            ("trailingAmount", self.trailing_amount),
        ):
            if value is not None:
                data[key] = value
        return data

    def __repr__(self) -> str:
        return f"Order(id={self.id}, {self.symbol}, {self.type.name}, qty={self.quantity}, status={self.status.name})"

    # PascalCase aliases
    @property
    def Id(self) -> int:
        return self.id

    @property
    def Symbol(self) -> Symbol:
        return self.symbol

    @property
    def Quantity(self) -> float:
        return self.quantity

    @property
    def Type(self) -> OrderType:
        return self.type

    @property
    def Status(self) -> OrderStatus:
        return self.status

    @property
    def Time(self) -> datetime:
        return self.time

    @property
    def Tag(self) -> str:
        return self.tag

    @property
    def Price(self) -> float:
        return self.price

    @property
    def Direction(self) -> OrderDirection:
        return self.direction

    @property
    def LimitPrice(self) -> float | None:
        return self.limit_price

    @property
    def StopPrice(self) -> float | None:
        return self.stop_price

    @property
    def TriggerPrice(self) -> float | None:
        return self.trigger_price

    @property
    def Properties(self) -> OrderProperties:
        return self.properties

    @property
    def AbsoluteQuantity(self) -> float:
        return self.absolute_quantity

    @property
    def LastFillTime(self) -> datetime | None:
        return self.last_fill_time

    @property
    def StopTriggered(self) -> bool:
        return self.stop_triggered


# --------------------------------------------------------------------------------------------
# events


class OrderEvent:
    """Something that happened to an order: submitted, (partially) filled, updated, cancelled..."""

    __slots__ = (
        "direction",
        "fill_price",
        "fill_price_currency",
        "fill_quantity",
        "id",
        "is_assignment",
        "limit_price",
        "message",
        "order_fee",
        "order_id",
        "quantity",
        "status",
        "stop_price",
        "symbol",
        "ticket",
        "trailing_amount",
        "trigger_price",
        "utc_time",
    )

    def __init__(
        self,
        order_id: int,
        symbol: Symbol,
        utc_time: datetime,
        status: OrderStatus,
        direction: OrderDirection,
        fill_price: float = 0.0,
        fill_quantity: float = 0.0,
        order_fee: OrderFee = ZERO_FEE,
        message: str = "",
        fill_price_currency: str = "USD",
    ) -> None:
        self.order_id = order_id
        self.id = 0
        self.symbol = symbol
        self.utc_time = utc_time
        self.status = status
        self.direction = direction
        self.fill_price = fill_price
        self.fill_quantity = fill_quantity
        self.order_fee = order_fee
        self.message = message
        self.fill_price_currency = fill_price_currency
        self.is_assignment = False
        self.quantity = 0.0
        self.limit_price: float | None = None
        self.stop_price: float | None = None
        self.trigger_price: float | None = None
        self.trailing_amount: float | None = None
        self.ticket: OrderTicket | None = None

    @property
    def absolute_fill_quantity(self) -> float:
        """Unsigned fill quantity."""
        return abs(self.fill_quantity)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description (LEAN's order-event JSON keys)."""
        data: dict[str, Any] = {
            "id": self.id,
            "orderId": self.order_id,
            "symbol": self.symbol.value,
            "symbolId": str(self.symbol.id),
            "time": self.utc_time.timestamp(),
            "utcTime": self.utc_time.isoformat() + "Z",
            "status": self.status.name,
            "direction": self.direction.name,
            "quantity": self.quantity,
            "fillPrice": self.fill_price,
            "fillPriceCurrency": self.fill_price_currency,
            "fillQuantity": self.fill_quantity,
            "orderFeeAmount": self.order_fee.value.amount,
            "orderFeeCurrency": self.order_fee.value.currency,
            "isAssignment": self.is_assignment,
        }
        if self.message:
            data["message"] = self.message
        for key, value in (
            ("limitPrice", self.limit_price),
            ("stopPrice", self.stop_price),
            ("triggerPrice", self.trigger_price),
            ("trailingAmount", self.trailing_amount),
        ):
            if value is not None:
                data[key] = value
        return data

    def __repr__(self) -> str:
        text = (
            f"OrderEvent(order={self.order_id}, {self.symbol}, {self.status.name}, "
            f"fill={self.fill_quantity}@{self.fill_price}, fee={self.order_fee})"
        )
        return text[:-1] + f", msg={self.message!r})" if self.message else text

    __str__ = __repr__

    # PascalCase aliases
    @property
    def OrderId(self) -> int:
        return self.order_id

    @property
    def Symbol(self) -> Symbol:
        return self.symbol

    @property
    def UtcTime(self) -> datetime:
        return self.utc_time

    @property
    def Status(self) -> OrderStatus:
        return self.status

    @property
    def Direction(self) -> OrderDirection:
        return self.direction

    @property
    def FillPrice(self) -> float:
        return self.fill_price

    @property
    def FillQuantity(self) -> float:
        return self.fill_quantity

    @property
    def AbsoluteFillQuantity(self) -> float:
        return self.absolute_fill_quantity

    @property
    def OrderFee(self) -> OrderFee:
        return self.order_fee

    @property
    def Message(self) -> str:
        return self.message

    @property
    def Ticket(self) -> OrderTicket | None:
        return self.ticket

    @property
    def Quantity(self) -> float:
        return self.quantity


# --------------------------------------------------------------------------------------------
# requests and responses


class OrderResponseErrorCode(IntEnum):
    """Why an order request failed (LEAN's codes and numbers; Keel-only codes below -34)."""

    NONE = 0
    PROCESSING_ERROR = -1
    ORDER_ALREADY_EXISTS = -2
    INSUFFICIENT_BUYING_POWER = -3
    BROKERAGE_MODEL_REFUSED_TO_SUBMIT_ORDER = -4
    BROKERAGE_FAILED_TO_SUBMIT_ORDER = -5
    BROKERAGE_FAILED_TO_UPDATE_ORDER = -6
    BROKERAGE_HANDLER_REFUSED_TO_UPDATE_ORDER = -7
    BROKERAGE_FAILED_TO_CANCEL_ORDER = -8
    INVALID_ORDER_STATUS = -9
    UNABLE_TO_FIND_ORDER = -10
    ORDER_QUANTITY_ZERO = -11
    UNSUPPORTED_REQUEST_TYPE = -12
    PRE_ORDER_CHECKS_ERROR = -13
    MISSING_SECURITY = -14
    EXCHANGE_NOT_OPEN = -15
    SECURITY_PRICE_ZERO = -16
    FOREX_BASE_AND_QUOTE_CURRENCIES_REQUIRED = -17
    FOREX_CONVERSION_RATE_ZERO = -18
    SECURITY_HAS_NO_DATA = -19
    EXCEEDED_MAXIMUM_ORDERS = -20
    MARKET_ON_CLOSE_ORDER_TOO_LATE = -21
    INVALID_REQUEST = -22
    REQUEST_CANCELED = -23
    ALGORITHM_WARMING_UP = -24
    WARMING_UP = -24
    BROKERAGE_MODEL_REFUSED_TO_UPDATE_ORDER = -25
    QUOTE_CURRENCY_REQUIRED = -26
    CONVERSION_RATE_ZERO = -27
    NON_TRADABLE_SECURITY = -28
    NON_EXERCISABLE_SECURITY = -29
    ORDER_QUANTITY_LESS_THAN_LOT_SIZE = -30
    QUANTITY_LESS_THAN_LOT_SIZE = -30
    EXCEEDS_SHORTABLE_QUANTITY = -31
    INVALID_NEW_ORDER_STATUS = -32
    EUROPEAN_OPTION_NOT_EXPIRED_ON_EXERCISE = -33
    OPTION_ORDER_ON_STOCK_SPLIT = -34
    MARKET_ON_OPEN_NOT_ALLOWED_DURING_REGULAR_HOURS = -35
    FORWARD_MARKET_NOT_SUPPORTED = -36
    INVALID_PRICE = -37


class _MarketOnCloseOrderMeta(type):
    """Class-level PascalCase access: ``MarketOnCloseOrder.SubmissionTimeBuffer = timedelta(...)``."""

    @property
    def SubmissionTimeBuffer(cls) -> timedelta:
        return cls.submission_time_buffer  # type: ignore[attr-defined,no-any-return]

    @SubmissionTimeBuffer.setter
    def SubmissionTimeBuffer(cls, value: timedelta) -> None:
        cls.submission_time_buffer = value

    @property
    def DefaultSubmissionTimeBuffer(cls) -> timedelta:
        return cls.DEFAULT_SUBMISSION_TIME_BUFFER  # type: ignore[attr-defined,no-any-return]


class MarketOnCloseOrder(metaclass=_MarketOnCloseOrderMeta):
    """LEAN's market-on-close settings: orders must be submitted at least ``submission_time_buffer``
    (15.5 minutes by default) before the next regular-hours close, else they are invalid."""

    DEFAULT_SUBMISSION_TIME_BUFFER = timedelta(minutes=15.5)
    default_submission_time_buffer = DEFAULT_SUBMISSION_TIME_BUFFER
    submission_time_buffer = DEFAULT_SUBMISSION_TIME_BUFFER


@dataclass(frozen=True, slots=True)
class OrderResponse:
    """The outcome of a submit, update or cancel request."""

    order_id: int
    error_code: OrderResponseErrorCode = OrderResponseErrorCode.NONE
    error_message: str = ""

    @property
    def is_success(self) -> bool:
        """True when the request was accepted."""
        return self.error_code == OrderResponseErrorCode.NONE

    @property
    def is_error(self) -> bool:
        """True when the request was refused."""
        return not self.is_success

    @property
    def IsSuccess(self) -> bool:
        return self.is_success

    @property
    def IsError(self) -> bool:
        return self.is_error

    @property
    def ErrorMessage(self) -> str:
        return self.error_message

    @property
    def ErrorCode(self) -> OrderResponseErrorCode:
        return self.error_code


@dataclass(slots=True)
class UpdateOrderFields:
    """Fields to change on an open order; ``None`` leaves a field as it is."""

    quantity: float | None = None
    limit_price: float | None = None
    stop_price: float | None = None
    trigger_price: float | None = None
    trailing_amount: float | None = None
    tag: str | None = None

    # LEAN's PascalCase attribute spelling, settable as in ``fields.LimitPrice = 10``
    @property
    def Quantity(self) -> float | None:
        return self.quantity

    @Quantity.setter
    def Quantity(self, value: float | None) -> None:
        self.quantity = value

    @property
    def LimitPrice(self) -> float | None:
        return self.limit_price

    @LimitPrice.setter
    def LimitPrice(self, value: float | None) -> None:
        self.limit_price = value

    @property
    def StopPrice(self) -> float | None:
        return self.stop_price

    @StopPrice.setter
    def StopPrice(self, value: float | None) -> None:
        self.stop_price = value

    @property
    def TriggerPrice(self) -> float | None:
        return self.trigger_price

    @TriggerPrice.setter
    def TriggerPrice(self, value: float | None) -> None:
        self.trigger_price = value

    @property
    def Tag(self) -> str | None:
        return self.tag

    @Tag.setter
    def Tag(self, value: str | None) -> None:
        self.tag = value


@dataclass(slots=True)
class SubmitOrderRequest:
    """A request to place a new order."""

    order_type: OrderType
    symbol: Symbol
    quantity: float
    utc_time: datetime
    limit_price: float | None = None
    stop_price: float | None = None
    trigger_price: float | None = None
    trailing_amount: float | None = None
    trailing_as_percentage: bool = False
    tag: str = ""
    properties: OrderProperties | None = None
    order_id: int = 0


@dataclass(slots=True)
class UpdateOrderRequest:
    """A request to change an open order."""

    order_id: int
    fields: UpdateOrderFields
    utc_time: datetime
    response: OrderResponse | None = None


@dataclass(slots=True)
class CancelOrderRequest:
    """A request to cancel an open order."""

    order_id: int
    utc_time: datetime
    tag: str | None = None
    response: OrderResponse | None = None


class OrderField(IntEnum):
    """Fields readable through ``OrderTicket.get``."""

    LIMIT_PRICE = 0
    STOP_PRICE = 1
    TRIGGER_PRICE = 2
    TRAILING_AMOUNT = 3
    TRAILING_AS_PERCENTAGE = 4
    LimitPrice = 0
    StopPrice = 1
    TriggerPrice = 2
    TrailingAmount = 3
    TrailingAsPercentage = 4


class OrderProcessor(Protocol):
    """What a ticket needs from the transaction handler to update or cancel its order."""

    def process_update(self, request: UpdateOrderRequest) -> OrderResponse:
        """Apply an update request; return the response."""
        ...

    def process_cancel(self, request: CancelOrderRequest) -> OrderResponse:
        """Apply a cancel request; return the response."""
        ...

    def get_order(self, order_id: int) -> Order | None:
        """The current state of an order."""
        ...

    def current_utc_time(self) -> datetime:
        """The engine's current UTC time."""
        ...


class OrderTicket:
    """The algorithm's handle on an order: its events, fills, and update/cancel methods."""

    __slots__ = (
        "__weakref__",
        "_fill_value",
        "_processor",
        "_submit_response",
        "_update_requests",
        "average_fill_price",
        "cancel_request",
        "order_events",
        "order_id",
        "order_type",
        "quantity",
        "quantity_filled",
        "status",
        "submit_request",
        "symbol",
        "tag",
        "time",
    )

    def __init__(self, processor: OrderProcessor | None, request: SubmitOrderRequest) -> None:
        self._processor = processor
        self.submit_request = request
        self.order_id = request.order_id
        self.symbol = request.symbol
        self.quantity = request.quantity
        self.order_type = request.order_type
        self.time = request.utc_time
        self.tag = request.tag
        self.status = _E_NEW
        self.quantity_filled = 0.0
        self.average_fill_price = 0.0
        self.order_events: list[OrderEvent] = []
        self._update_requests: list[UpdateOrderRequest] | None = None
        self.cancel_request: CancelOrderRequest | None = None
        self._submit_response: OrderResponse | None = None  # None: success, built when read
        self._fill_value = 0.0

    @property
    def submit_response(self) -> OrderResponse:
        """The response to the submit request."""
        response = self._submit_response
        if response is None:
            response = self._submit_response = OrderResponse(self.order_id)
        return response

    @submit_response.setter
    def submit_response(self, value: OrderResponse) -> None:
        self._submit_response = value

    @property
    def update_requests(self) -> list[UpdateOrderRequest]:
        """Update requests made through this ticket, oldest first."""
        requests = self._update_requests
        if requests is None:
            requests = self._update_requests = []
        return requests

    @update_requests.setter
    def update_requests(self, value: list[UpdateOrderRequest]) -> None:
        self._update_requests = value

    # --- state updates (called by the transaction handler) ------------------------------
    def add_event(self, event: OrderEvent, keep_status: bool = False) -> None:
        """Record an event and update status, filled quantity and average fill price.

        ``keep_status`` records a refused request (an INVALID answer to an update) without
        changing the ticket's status.
        """
        self.order_events.append(event)
        event.ticket = self
        quantity = event.fill_quantity
        if quantity:
            self._fill_value += event.fill_price * quantity
            self.quantity_filled += quantity
            self.average_fill_price = self._fill_value / self.quantity_filled if self.quantity_filled else 0.0
        status = event.status
        if keep_status:
            return
        if status != _E_UPDATE_SUBMITTED or self.status not in CLOSED_ORDER_STATUSES:
            self.status = status

    # --- algorithm-facing API ------------------------------------------------------------
    def update(self, fields: UpdateOrderFields) -> OrderResponse:
        """Change quantity, prices or tag of the open order."""
        if self._processor is None:
            return OrderResponse(self.order_id, OrderResponseErrorCode.UNABLE_TO_FIND_ORDER, "detached ticket")
        request = UpdateOrderRequest(self.order_id, fields, self._processor.current_utc_time())
        self.update_requests.append(request)
        response = self._processor.process_update(request)
        request.response = response
        return response

    def update_quantity(self, quantity: float, tag: str | None = None) -> OrderResponse:
        """Change the order's total quantity."""
        return self.update(UpdateOrderFields(quantity=quantity, tag=tag))

    def update_limit_price(self, limit_price: float, tag: str | None = None) -> OrderResponse:
        """Change the limit price."""
        return self.update(UpdateOrderFields(limit_price=limit_price, tag=tag))

    def update_stop_price(self, stop_price: float, tag: str | None = None) -> OrderResponse:
        """Change the stop price."""
        return self.update(UpdateOrderFields(stop_price=stop_price, tag=tag))

    def update_trigger_price(self, trigger_price: float, tag: str | None = None) -> OrderResponse:
        """Change the trigger price of a limit-if-touched order."""
        return self.update(UpdateOrderFields(trigger_price=trigger_price, tag=tag))

    def update_tag(self, tag: str) -> OrderResponse:
        """Change the order's tag."""
        return self.update(UpdateOrderFields(tag=tag))

    def cancel(self, tag: str | None = None) -> OrderResponse:
        """Cancel the order if it is still open.

        A ticket takes one cancel request, as LEAN's ``OrderTicket.TrySetCancelRequest``: the
        first is kept even when refused (order already filled), and any later one is answered
        ``INVALID_REQUEST`` before the order is touched, so it does not retag the order
        (``BrokerageTransactionHandler.CancelOrder``)."""
        if self._processor is None:
            return OrderResponse(self.order_id, OrderResponseErrorCode.UNABLE_TO_FIND_ORDER, "detached ticket")
        if self.cancel_request is not None:
            return OrderResponse(
                self.order_id, OrderResponseErrorCode.INVALID_REQUEST, "Cancellation is already in progress."
            )
        request = CancelOrderRequest(self.order_id, self._processor.current_utc_time(), tag)
        self.cancel_request = request
        response = self._processor.process_cancel(request)
        request.response = response
        return response

    def get(self, order_field: OrderField) -> float | bool | None:
        """Read a price field of the order as it is now."""
        order = self._processor.get_order(self.order_id) if self._processor else None
        if order is None:
            return None
        return {
            OrderField.LIMIT_PRICE: order.limit_price,
            OrderField.STOP_PRICE: order.stop_price,
            OrderField.TRIGGER_PRICE: order.trigger_price,
            OrderField.TRAILING_AMOUNT: order.trailing_amount,
            OrderField.TRAILING_AS_PERCENTAGE: order.trailing_as_percentage,
        }[OrderField(order_field)]

    def get_most_recent_order_response(self) -> OrderResponse:
        """The response to the latest request made through this ticket."""
        if self.cancel_request and self.cancel_request.response:
            return self.cancel_request.response
        if self.update_requests and self.update_requests[-1].response:
            return self.update_requests[-1].response  # type: ignore[return-value]
        return self.submit_response

    @property
    def order(self) -> Order | None:
        """The order's current state."""
        return self._processor.get_order(self.order_id) if self._processor else None

    @property
    def is_open(self) -> bool:
        """True while the order can still fill."""
        return self.status.is_open

    def __repr__(self) -> str:
        return (
            f"OrderTicket(id={self.order_id}, {self.symbol}, {self.order_type.name}, qty={self.quantity}, "
            f"status={self.status.name}, filled={self.quantity_filled}@{self.average_fill_price})"
        )

    # PascalCase aliases
    Update = update
    UpdateQuantity = update_quantity
    UpdateLimitPrice = update_limit_price
    UpdateStopPrice = update_stop_price
    UpdateTriggerPrice = update_trigger_price
    UpdateTag = update_tag
    Cancel = cancel
    Get = get
    GetMostRecentOrderResponse = get_most_recent_order_response

    @property
    def OrderId(self) -> int:
        return self.order_id

    @property
    def Symbol(self) -> Symbol:
        return self.symbol

    @property
    def Quantity(self) -> float:
        return self.quantity

    @property
    def QuantityFilled(self) -> float:
        return self.quantity_filled

    @property
    def AverageFillPrice(self) -> float:
        return self.average_fill_price

    @property
    def Status(self) -> OrderStatus:
        return self.status

    @property
    def OrderType(self) -> OrderType:
        return self.order_type

    @property
    def Tag(self) -> str:
        return self.tag

    @property
    def OrderEvents(self) -> list[OrderEvent]:
        return self.order_events

    @property
    def Time(self) -> datetime:
        return self.time

    @property
    def SubmitRequest(self) -> SubmitOrderRequest:
        return self.submit_request

    @property
    def UpdateRequests(self) -> list[UpdateOrderRequest]:
        return self.update_requests

    @property
    def CancelRequest(self) -> CancelOrderRequest | None:
        return self.cancel_request


# LEAN's spelling of the requests' fields: ticket.CancelRequest.Response.ErrorCode, request.OrderId, ...
for _request in (SubmitOrderRequest, UpdateOrderRequest, CancelOrderRequest):
    add_pascal_aliases(_request)

__all__ = [
    "CancelOrderRequest",
    "CashAmount",
    "MarketOnCloseOrder",
    "Order",
    "OrderEvent",
    "OrderFee",
    "OrderField",
    "OrderProcessor",
    "OrderProperties",
    "OrderResponse",
    "OrderResponseErrorCode",
    "OrderTicket",
    "SubmitOrderRequest",
    "TimeInForce",
    "UpdateOrderFields",
    "UpdateOrderRequest",
]
