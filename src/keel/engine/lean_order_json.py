"""LEAN's ``OrderListHash`` statistic: the MD5 of every order serialised as LEAN serialises it.

LEAN (``Extensions.GetHash(this IDictionary<int, Order>)``) sorts the orders by id, passes each
price (``Price``; ``LimitPrice`` / ``StopPrice`` / ``TriggerPrice`` / ``TrailingAmount`` by order
type) through ``SmartRounding()``, serialises each order with ``JsonConvert.SerializeObject``
and hashes the ``","``-joined texts with ``ToMD5()`` (UTF-8, lower-case hex).

The JSON is Newtonsoft's for LEAN's order classes: camelCase members in reflection order (the
members a subclass declares come first, then ``Order``'s), enums as integers, ``decimal`` values
with their scale kept and a ``.0`` appended when they have no decimal point, UTC times as
``yyyy-MM-ddTHH:mm:ss[.fffffff]Z``, the null ``lastFillTime`` / ``lastUpdateTime`` /
``canceledTime`` left out. Decimal values are rebuilt from Keel's floats: order prices and
quantities are normalised by LEAN anyway; the submission prices (``orderSubmissionData``) keep
the scale LEAN's data reader and price adjustment give them, which the caller passes as
``submission_scale`` (see :func:`order_list_hash`); a last price that was a quote bar's mid
(``Order.submission_last_is_mid``) is LEAN's decimal ``(bid + ask) / 2m``, which keeps the scale
of the sum (1662.75 + 1663.25 gives 1663.00).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from enum import Enum
from functools import lru_cache
from typing import Any

from keel.engine.clock import EPOCH
from keel.engine.number_format import to_decimal
from keel.model.enums import OrderStatus, OrderType
from keel.model.orders import Order, OrderEvent
from keel.model.symbol import Symbol, lean_symbol_value

# enum members read on every order, as module globals: in CPython 3.11 a class attribute read of an
# Enum member (``OrderStatus.NEW``) costs ~1,000 instructions (``EnumType.__getattr__`` keeps it off the
# fast path), a global ~10
_E_LIMIT, _E_TRAILING_STOP = OrderType.LIMIT, OrderType.TRAILING_STOP
_MARKETABLE_TYPES = (OrderType.MARKET, OrderType.COMBO_MARKET)

EMPTY_ORDER_LIST_HASH = "d41d8cd98f00b204e9800998ecf8427e"
"""LEAN's ``OrderListHash`` of a run without orders (the MD5 of the empty text)."""

_ONE = Decimal(1)
_ZERO = Decimal(0)
_SCALES = [Decimal(1).scaleb(-n) for n in range(29)]

# members a LEAN order subclass declares before Order's own (reflection order), see
# LimitOrder.cs, StopMarketOrder.cs, StopLimitOrder.cs, LimitIfTouchedOrder.cs, TrailingStopOrder.cs
_HEAD: dict[OrderType, tuple[str, ...]] = {
    OrderType.LIMIT: ("limitPrice", "type"),
    OrderType.STOP_MARKET: ("stopPrice", "type"),
    OrderType.STOP_LIMIT: ("stopPrice", "stopTriggered", "limitPrice", "type"),
    OrderType.LIMIT_IF_TOUCHED: ("type", "triggerPrice", "limitPrice", "triggerTouched"),
    # TrailingStopOrder derives from StopMarketOrder: its own members, then StopMarketOrder's
    OrderType.TRAILING_STOP: ("trailingAmount", "trailingAsPercentage", "type", "stopPrice"),
}
_TIF_TYPES = {
    "Day": "QuantConnect.Orders.TimeInForces.DayTimeInForce",
    "GoodTilDate": "QuantConnect.Orders.TimeInForces.GoodTilDateTimeInForce",
}


def _norm(value: Decimal) -> Decimal:
    """LEAN's ``decimal.Normalize()``: no trailing zeros (and, unlike Python, no exponent)."""
    value = value.normalize()
    return value.quantize(_ONE) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]


@lru_cache(maxsize=65536)
def _rounded_float(value: float) -> Decimal:
    """``smart_rounding(to_decimal(value))``, remembered: prices repeat on the tick grid."""
    return smart_rounding(to_decimal(value))


def smart_rounding(value: Decimal) -> Decimal:
    """LEAN's ``Extensions.SmartRounding``: 4 decimals above 1000, else 7 significant digits.

    Decimal in, decimal out (the scale matters in the order JSON); the chart points' float form is
    :func:`keel.engine.sampling.smart_round`.
    """
    value = _norm(value)
    if value > 1000:
        if -value.as_tuple().exponent > 4:  # type: ignore[operator]
            value = value.quantize(_SCALES[4], ROUND_HALF_EVEN)
        return value
    if not value:
        return _ZERO
    # RoundToSignificantDigits(7): scale * Math.Round(d / scale, 7), then Normalize()
    scale = Decimal(10) ** (math.floor(math.log10(abs(float(value)))) + 1)
    quotient = value / scale
    if -quotient.as_tuple().exponent > 7:  # type: ignore[operator]
        quotient = quotient.quantize(_SCALES[7], ROUND_HALF_EVEN)
    return _norm(scale * quotient)


def json_decimal(value: Decimal) -> str:
    """Newtonsoft's text of a ``decimal``: its digits as held, ``.0`` added to whole values."""
    text = format(value, "f")
    return text if "." in text else text + ".0"


@lru_cache(maxsize=65536)
def submission_decimal(value: float, scale: int = 0) -> Decimal:
    """A submission price as LEAN's decimal: ``scale`` is the least number of decimals it carries.

    Futures prices come from the data files as written (shortest text: ``scale`` 0); equity
    prices are ``int * 0.0001m`` (4 decimals) times the factor-file factor when adjusted, so
    they carry at least 4 + the factor's decimals, trailing zeros included.
    """
    if not value:
        return _ZERO
    result = _norm(to_decimal(value))
    if scale > 0:
        decimals = -result.as_tuple().exponent  # type: ignore[operator]
        if decimals > scale + 1:  # float noise beyond the digits a decimal product has
            result = _norm(result.quantize(_SCALES[min(scale + 1, 28)], ROUND_HALF_EVEN))
            decimals = -result.as_tuple().exponent  # type: ignore[operator]
        if decimals < scale:
            result = result.quantize(_SCALES[min(scale, 28)])
    return result


def json_time(value: datetime) -> str:
    """Newtonsoft's ISO text of a UTC ``DateTime`` (fraction digits only when non-zero)."""
    if not value.microsecond:
        return f'"{(value if value.tzinfo is None else value.replace(tzinfo=None)).isoformat()}Z"'
    whole = value.replace(microsecond=0, tzinfo=None).isoformat()
    return f'"{whole}{f".{value.microsecond:06d}".rstrip("0")}Z"'


def json_string(value: str) -> str:
    """Newtonsoft's default string escaping (quotes, backslash, control characters)."""
    if value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'  # nothing to escape (the common case: tickers, ids, plain tags)
    out = ['"']
    for char in value:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif code < 0x20 or char in "\u0085\u2028\u2029":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}.get(char) or f"\\u{code:04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


@lru_cache(maxsize=4096)
def _symbol_json(symbol: Symbol) -> str:
    """Newtonsoft's JSON of a LEAN ``Symbol`` (value, id, permtick, then the underlying's)."""
    value = json_string(lean_symbol_value(symbol))
    text = f'{{"value":{value},"id":{json_string(str(symbol.id))},"permtick":{value}'
    if symbol.underlying is not None:
        text += f',"underlying":{_symbol_json(symbol.underlying)}'
    return text + "}"


def _time_in_force_json(order: Order) -> str:
    """The order's ``TimeInForce`` with its ``$type`` (GoodTilCanceled has no members: ``{}``)."""
    tif = order.time_in_force
    name = _TIF_TYPES.get(tif.kind)
    if name is None:
        return "{}"
    text = f'{{"$type":"{name}"'
    if tif.expiry is not None:
        text += f',"Expiry":"{tif.expiry:%Y-%m-%dT%H:%M:%S}"'
    return text + "}"


@lru_cache(maxsize=1024)
def _quantity_texts(quantity: float) -> tuple[Decimal, str, int]:
    """An order quantity as LEAN's normalised decimal, its JSON and the order direction (0 buy,
    1 sell, 2 hold), remembered (quantities repeat)."""
    decimal_quantity = _norm(to_decimal(quantity))
    direction = 0 if decimal_quantity > 0 else 1 if decimal_quantity < 0 else 2
    return decimal_quantity, json_decimal(decimal_quantity), direction


@lru_cache(maxsize=65536)
def _price_texts(price: float) -> tuple[Decimal, str]:
    """``SmartRounding`` of an order price and its JSON, remembered: prices repeat on the tick grid."""
    rounded = _rounded_float(price)
    return rounded, json_decimal(rounded)


@lru_cache(maxsize=65536)
def _submission_texts(value: float, scale: int) -> tuple[Decimal, str]:
    """:func:`submission_decimal` and its JSON, remembered."""
    result = submission_decimal(value, scale)
    return result, json_decimal(result)


_last_value: list[object] = [None, None, ""]


def _value_text(quantity_text: str, price_text: str, quantity: Decimal, price: Decimal) -> str:
    """JSON of ``quantity x price`` (LEAN's ``Order.Value``), remembering the last answer by the
    operands' texts (equal texts are equal decimals with equal scales)."""
    last = _last_value
    if quantity_text == last[0] and price_text == last[1]:
        return last[2]  # type: ignore[return-value]
    value = quantity * price
    # a zero value has no sign in LEAN's JSON: an unfilled sell (-10 x 0) is "0.0", never Python's
    # "-0.0" (fitted to evidence: OrderTicketDemoAlgorithm's OrderListHash matches only so)
    text = json_decimal(value if value else value.copy_abs())
    last[0], last[1], last[2] = quantity_text, price_text, text
    return text


_last_time: list[object] = [None, ""]
# the latest order's symbol and its JSON, and its time in force, its JSON, kind and expiry (by
# identity: a time in force changed since is written again)
_last_symbol_tif: list[Any] = [None, "", None, "", None, None]


def _json_time_once(value: datetime) -> str:
    """:func:`json_time`, remembering the last answer (an order's times are mostly equal)."""
    last = _last_time
    if value is last[0] or (type(value) is datetime and value.tzinfo is None and value == last[0]):
        return last[1]  # type: ignore[return-value]
    text = json_time(value)
    last[0], last[1] = value, text
    return text


def _submission_json(
    bid_price: float, ask_price: float, last_price: float, last_is_mid: bool, scale: int, submitted: bool
) -> tuple[str, Decimal, Decimal]:
    """The ``orderSubmissionData`` member and the bid and ask decimals."""
    bid, bid_text = _submission_texts(bid_price, scale)
    ask, ask_text = _submission_texts(ask_price, scale)
    if not submitted:
        return '"orderSubmissionData":null', bid, ask
    if last_is_mid and bid and ask:
        # LEAN's QuoteBar.Close: (Bid.Close + Ask.Close) / 2m keeps the sum's scale (1663.00)
        last_text = json_decimal((bid + ask) / 2)
    else:
        last_text = _submission_texts(last_price, scale)[1]
    text = f'"orderSubmissionData":{{"bidPrice":{bid_text},"askPrice":{ask_text},"lastPrice":{last_text}}}'
    return text, bid, ask


def default_tag(order: Order) -> str:
    """LEAN's ``Order.GetDefaultTag()`` (set when an order is submitted without a tag)."""
    if order.type == OrderType.TRAILING_STOP and order.trailing_amount is not None:
        amount = to_decimal(order.trailing_amount)
        if order.trailing_as_percentage:
            return f"Trailing Amount: {format(amount * 100, 'f')}%"
        return f"Trailing Amount: ${format(_norm(amount), 'f')}"
    return ""


def order_json(
    order: Order,
    price_adjustment_mode: int = 0,
    submission_scale: int = 0,
    placed: bool = True,
) -> str:
    """One order as LEAN's ``JsonConvert.SerializeObject(order)`` after ``GetHash``'s rounding.

    ``price_adjustment_mode`` is the ``DataNormalizationMode`` written as ``priceAdjustmentMode``;
    ``submission_scale`` is the least number of decimals of the submission prices (see
    :func:`submission_decimal`); ``placed`` is False for an order the transaction handler refused
    before handing it to the brokerage (its ``brokerId`` list stays empty).
    """
    order_type = order.type
    limit = None
    if order_type in _HEAD:
        head, limit = _head_json(order, order_type)
    else:
        head = f'"type":{int(order_type)}'  # the members before Order's own: only its type

    quantity, quantity_text, direction = _quantity_texts(order.quantity)
    price, price_text = _price_texts(order.price or 0.0)
    order_id = order.id
    # an order LEAN creates itself (a delisting liquidation: AddOpenOrder) skips the submit
    # handling that sets its currency, its submission prices and, through the brokerage, its id
    price_currency = order.price_currency
    submitted = bool(price_currency)
    broker_id = f'["{order_id}"]' if placed and submitted else "[]"
    currency_text = '"USD"' if price_currency == "USD" else json_string(price_currency or "")
    created = _json_time_once(order.time)
    times = ""
    if order.last_fill_time is not None:
        times = f',"lastFillTime":{_json_time_once(order.last_fill_time)}'
    if order.last_update_time is not None:
        times += f',"lastUpdateTime":{json_time(order.last_update_time)}'
    if order.canceled_time is not None:
        times += f',"canceledTime":{json_time(order.canceled_time)}'
    tag = order.tag
    if tag:
        tag_text = json_string(tag)
    else:  # LEAN's default tag: empty but for a trailing stop
        tag_text = json_string(default_tag(order)) if order_type == _E_TRAILING_STOP else '""'
    symbol = order.symbol
    last = _last_symbol_tif
    if symbol is not last[0]:
        last[0], last[1] = symbol, _symbol_json(symbol)
    tif = order.time_in_force
    if tif is not last[2] or tif.kind is not last[4] or tif.expiry is not last[5]:
        last[2], last[3], last[4], last[5] = tif, _time_in_force_json(order), tif.kind, tif.expiry
    submission, bid, ask = _submission_json(
        order.submission_bid, order.submission_ask, order.submission_last, order.submission_last_is_mid,
        submission_scale, submitted,
    )  # fmt: skip
    if order_type == _E_LIMIT:
        marketable = (
            submitted and limit is not None and ((direction == 0 and limit >= ask) or (direction == 1 and limit <= bid))
        )
    else:
        marketable = order_type in _MARKETABLE_TYPES
    return (
        f'{{{head},"id":{order_id},"contingentId":0,"brokerId":{broker_id},"symbol":{last[1]},'
        f'"price":{price_text},"priceCurrency":{currency_text},"time":{created},"createdTime":{created}{times},'
        f'"quantity":{quantity_text},"status":{int(order.status)},"tag":{tag_text},'
        f'"properties":{{"timeInForce":{last[3]}}},'
        f'"securityType":{int(symbol.id.security_type)},"direction":{direction},'
        f'"value":{_value_text(quantity_text, price_text, quantity, price)},{submission},'
        f'"isMarketable":{"true" if marketable else "false"},"priceAdjustmentMode":{int(price_adjustment_mode)}}}'
    )


def _head_json(order: Order, order_type: OrderType) -> tuple[str, Decimal | None]:
    """The members a LEAN order subclass declares before ``Order``'s (see ``_HEAD``), and the
    rounded limit price."""
    fields: dict[str, str] = {"type": str(int(order_type))}
    limit = None
    if order.limit_price is not None:
        limit = _rounded_float(order.limit_price)
        fields["limitPrice"] = json_decimal(limit)
    if order.stop_price is not None:
        fields["stopPrice"] = json_decimal(_rounded_float(order.stop_price))
    elif order_type in (OrderType.STOP_MARKET, OrderType.TRAILING_STOP):
        fields["stopPrice"] = "0.0"
    if order.trigger_price is not None:
        fields["triggerPrice"] = json_decimal(_rounded_float(order.trigger_price))
    if order_type == OrderType.TRAILING_STOP:
        amount = order.trailing_amount or 0.0
        fields["trailingAmount"] = json_decimal(_rounded_float(amount))
        fields["trailingAsPercentage"] = "true" if order.trailing_as_percentage else "false"
    if order_type == OrderType.STOP_LIMIT:
        fields["stopTriggered"] = "true" if order.stop_triggered else "false"
    if order_type == OrderType.LIMIT_IF_TOUCHED:
        fields["triggerTouched"] = "true" if order.trigger_touched else "false"
    return ",".join(f'"{name}":{fields[name]}' for name in _HEAD[order_type] if name in fields), limit


def order_list_hash(
    orders: Iterable[Order],
    price_adjustment_modes: Mapping[Symbol, int] | None = None,
    submission_scale: Callable[[Order], int] | None = None,
    placed: Callable[[Order], bool] | None = None,
) -> str:
    """LEAN's ``OrderListHash``: MD5 of the ``","``-joined LEAN JSON of the orders, by id.

    ``price_adjustment_modes`` maps a symbol to the ``DataNormalizationMode`` of its first
    subscription when its first order was submitted (LEAN's ``SetPriceAdjustmentMode``; Raw when
    missing); ``submission_scale`` gives the least decimals of an order's submission prices
    (:func:`submission_decimal`); ``placed`` tells whether an order reached the brokerage.
    """
    modes = price_adjustment_modes or {}
    digest = hashlib.md5(usedforsecurity=False)
    first = True
    last_symbol: Symbol | None = None
    mode = 0
    for order in _by_id(orders):
        if order.symbol is not last_symbol:
            last_symbol = order.symbol
            mode = modes.get(last_symbol, 0)
        text = order_json(
            order,
            mode,
            submission_scale(order) if submission_scale is not None else 0,
            placed(order) if placed is not None else order.status != OrderStatus.INVALID,
        )
        digest.update(text.encode() if first else b"," + text.encode())
        first = False
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------
# result files: orders and order events in LEAN's shape (written once, at the end of a run)


def order_dict(
    order: Order, price_adjustment_mode: int = 0, submission_scale: int = 0, placed: bool = True
) -> dict[str, Any]:
    """One order as LEAN writes it in ``result.json``'s ``orders``: the JSON of :func:`order_json`
    (LEAN's ``Order`` through Newtonsoft: integer enums, the symbol as an object, ``orderSubmissionData``,
    ``properties``, ...) as a dict. Its decimals become floats: a reader sees the same numbers."""
    return json.loads(order_json(order, price_adjustment_mode, submission_scale, placed))  # type: ignore[no-any-return]


def lean_enum_text(member: Enum) -> str:
    """An enum member as Newtonsoft's ``StringEnumConverter`` with camel case writes it
    (``PARTIALLY_FILLED`` -> ``partiallyFilled``, ``BUY`` -> ``buy``)."""
    head, *rest = member.name.lower().split("_")
    return head + "".join(part.capitalize() for part in rest)


@lru_cache(maxsize=65536)
def _exact_float(value: float) -> float:
    """A Keel float as the decimal LEAN holds (.NET's 15 significant digits, float noise dropped)."""
    return float(_norm(to_decimal(value))) + 0.0 if value else 0.0


def order_event_dict(event: OrderEvent, algorithm_id: str) -> dict[str, Any]:
    """One order event as LEAN writes it (``order-events.json``: LEAN's ``SerializedOrderEvent``
    through ``OrderEventJsonConverter``), as a dict in LEAN's member order.

    ``id`` is ``"{algorithmId}-{orderId}-{orderEventId}"``; ``symbol`` the ``SecurityIdentifier``
    text, ``symbolValue`` the ticker, ``symbolPermtick`` the identifier's symbol; ``time`` Unix
    seconds (a double); ``status`` and ``direction`` camel-case strings (``StringEnumConverter``
    with camel case). The fee is left out when LEAN's fee is ``OrderFee.Zero`` (its currency is
    the null currency "QCC"): the events other than fills, which LEAN creates with
    ``OrderFee.Zero``, unless Keel charged them something. ``message``, ``stopPrice`` and
    ``limitPrice`` are left out when empty (``DefaultValueHandling.Ignore``); ``isInTheMoney``
    (options) and ``executionId`` (live brokerages) are never set in a Keel backtest.
    """
    symbol = event.symbol
    utc_time = event.utc_time
    if utc_time.tzinfo is not None:
        utc_time = utc_time.astimezone(UTC).replace(tzinfo=None)
    data: dict[str, Any] = {
        "id": f"{algorithm_id}-{event.order_id}-{event.id}",
        "algorithmId": algorithm_id,
        "orderId": event.order_id,
        "orderEventId": event.id,
        "symbol": str(symbol.id),
        "symbolValue": lean_symbol_value(symbol),
        "symbolPermtick": symbol.id.symbol,
        "time": (utc_time - EPOCH).total_seconds(),
        "status": lean_enum_text(event.status),
    }
    fee = event.order_fee.value
    if fee.amount or event.status in (OrderStatus.FILLED, OrderStatus.PARTIALLY_FILLED):
        data["orderFeeAmount"] = _exact_float(fee.amount)
        data["orderFeeCurrency"] = fee.currency
    data["fillPrice"] = _exact_float(event.fill_price)
    data["fillPriceCurrency"] = event.fill_price_currency
    data["fillQuantity"] = _exact_float(event.fill_quantity)
    data["direction"] = lean_enum_text(event.direction)
    if event.message:
        data["message"] = event.message
    data["isAssignment"] = bool(event.is_assignment)
    data["quantity"] = _exact_float(event.quantity)
    if event.stop_price is not None:
        data["stopPrice"] = _exact_float(event.stop_price)
    if event.limit_price is not None:
        data["limitPrice"] = _exact_float(event.limit_price)
    return data


def _by_id(orders: Iterable[Order]) -> Iterator[Order]:
    """``orders`` by id. A list or tuple is sorted; any other iterable (the transaction handler's
    view, which rebuilds closed orders one at a time) must already come in id order and is not
    materialised: a million rebuilt orders would take most of a gigabyte."""
    if isinstance(orders, (list, tuple)):
        yield from sorted(orders, key=lambda o: o.id)
        return
    last = 0
    for order in orders:
        if order.id < last:
            raise ValueError(f"orders must come in id order: order {order.id} after order {last}")
        last = order.id
        yield order


__all__ = [
    "EMPTY_ORDER_LIST_HASH",
    "default_tag",
    "json_decimal",
    "json_string",
    "json_time",
    "lean_enum_text",
    "lean_symbol_value",
    "order_dict",
    "order_event_dict",
    "order_json",
    "order_list_hash",
    "smart_rounding",
    "submission_decimal",
]
