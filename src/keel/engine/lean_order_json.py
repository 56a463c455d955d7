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
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from functools import lru_cache

from keel.engine.number_format import to_decimal
from keel.model.enums import OrderStatus, OrderType, SecurityType
from keel.model.orders import Order
from keel.model.symbol import Symbol

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
        return f'"{value.replace(tzinfo=None).isoformat()}Z"'
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


def lean_symbol_value(symbol: Symbol) -> str:
    """LEAN's ``Symbol.Value``: a futures contract is root + expiry day + month code + year.

    LEAN's ``SymbolRepresentation.GenerateFutureTicker`` includes the expiration day (``GC29V13``);
    Keel's tickers leave it out (``GCV13``).
    """
    value = symbol.value
    sid = symbol.id
    if sid.security_type != SecurityType.FUTURE or sid.expiry_date is None or value.startswith("/"):
        return value
    root = sid.symbol
    if not value.upper().startswith(root.upper()):
        return value
    return f"{value[: len(root)]}{sid.expiry_date.day:02d}{value[len(root) :]}"


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
def _quantity(value: float) -> Decimal:
    """An order quantity as LEAN's normalised decimal, remembered (quantities repeat)."""
    return _norm(to_decimal(value))


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
    fields: dict[str, str] = {"type": str(int(order_type))}
    limit = stop = trigger = None
    if order.limit_price is not None:
        limit = _rounded_float(order.limit_price)
        fields["limitPrice"] = json_decimal(limit)
    if order.stop_price is not None:
        stop = _rounded_float(order.stop_price)
        fields["stopPrice"] = json_decimal(stop)
    elif order_type in (OrderType.STOP_MARKET, OrderType.TRAILING_STOP):
        fields["stopPrice"] = "0.0"
    if order.trigger_price is not None:
        trigger = _rounded_float(order.trigger_price)
        fields["triggerPrice"] = json_decimal(trigger)
    if order_type == OrderType.TRAILING_STOP:
        amount = order.trailing_amount or 0.0
        fields["trailingAmount"] = json_decimal(_rounded_float(amount))
        fields["trailingAsPercentage"] = "true" if order.trailing_as_percentage else "false"
    if order_type == OrderType.STOP_LIMIT:
        fields["stopTriggered"] = "true" if order.stop_triggered else "false"
    if order_type == OrderType.LIMIT_IF_TOUCHED:
        fields["triggerTouched"] = "true" if order.trigger_touched else "false"
    parts = [f'"{name}":{fields[name]}' for name in _HEAD.get(order_type, ("type",)) if name in fields]

    quantity = _quantity(order.quantity)
    price = _rounded_float(order.price or 0.0)
    order_id = order.id
    # an order LEAN creates itself (a delisting liquidation: AddOpenOrder) skips the submit
    # handling that sets its currency, its submission prices and, through the brokerage, its id
    submitted = bool(order.price_currency)
    placed = placed and submitted
    parts.append(f'"id":{order_id},"contingentId":0,"brokerId":{f"""["{order_id}"]""" if placed else "[]"}')
    parts.append(f'"symbol":{_symbol_json(order.symbol)}')
    parts.append(f'"price":{json_decimal(price)},"priceCurrency":{json_string(order.price_currency or "")}')
    created = json_time(order.time)
    parts.append(f'"time":{created},"createdTime":{created}')
    if order.last_fill_time is not None:
        parts.append(f'"lastFillTime":{json_time(order.last_fill_time)}')
    if order.last_update_time is not None:
        parts.append(f'"lastUpdateTime":{json_time(order.last_update_time)}')
    if order.canceled_time is not None:
        parts.append(f'"canceledTime":{json_time(order.canceled_time)}')
    parts.append(f'"quantity":{json_decimal(quantity)},"status":{int(order.status)}')
    parts.append(f'"tag":{json_string(order.tag or default_tag(order))}')
    parts.append(f'"properties":{{"timeInForce":{_time_in_force_json(order)}}}')
    direction = 0 if quantity > 0 else 1 if quantity < 0 else 2
    parts.append(f'"securityType":{int(order.symbol.id.security_type)},"direction":{direction}')
    parts.append(f'"value":{json_decimal(quantity * price)}')
    bid = submission_decimal(order.submission_bid, submission_scale)
    ask = submission_decimal(order.submission_ask, submission_scale)
    if order.submission_last_is_mid and bid and ask:
        # LEAN's QuoteBar.Close: (Bid.Close + Ask.Close) / 2m keeps the sum's scale (1663.00)
        last = (bid + ask) / 2
    else:
        last = submission_decimal(order.submission_last, submission_scale)
    if submitted:
        parts.append(
            f'"orderSubmissionData":{{"bidPrice":{json_decimal(bid)},"askPrice":{json_decimal(ask)},'
            f'"lastPrice":{json_decimal(last)}}}'
        )
    else:
        parts.append('"orderSubmissionData":null')
    if order_type == OrderType.LIMIT:
        marketable = (
            submitted and limit is not None and ((direction == 0 and limit >= ask) or (direction == 1 and limit <= bid))
        )
    else:
        marketable = order_type in (OrderType.MARKET, OrderType.COMBO_MARKET)
    parts.append(f'"isMarketable":{"true" if marketable else "false"}')
    parts.append(f'"priceAdjustmentMode":{int(price_adjustment_mode)}')
    return "{" + ",".join(parts) + "}"


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
    for order in _by_id(orders):
        text = order_json(
            order,
            modes.get(order.symbol, 0),
            submission_scale(order) if submission_scale is not None else 0,
            placed(order) if placed is not None else order.status != OrderStatus.INVALID,
        )
        digest.update(text.encode() if first else b"," + text.encode())
        first = False
    return digest.hexdigest()


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
    "lean_symbol_value",
    "order_json",
    "order_list_hash",
    "smart_rounding",
    "submission_decimal",
]
