"""Fill models: whether and at what price an open order fills on the current data (LEAN's ``IFillModel``).

The engine calls :func:`run_fill_model` for every open order of a security that has new data; it
calls ``security.fill_model.fill(parameters)`` and then stamps fees on the fill events from the
security's fee model (:func:`apply_order_fees`), so fill models never compute fees themselves.
Events carry ``status`` ``FILLED`` or ``PARTIALLY_FILLED`` with a signed ``fill_quantity``; an event
with zero quantity and the order's own status means "no fill this time".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from keel.data.market_hours.hours import ONE_DAY, MarketHoursState, SecurityExchangeHours
from keel.model.aliases import add_pascal_aliases
from keel.model.bars import QuoteBar, Tick, TradeBar
from keel.model.enums import RESOLUTION_PERIOD, OrderDirection, OrderStatus, OrderType, TickType
from keel.model.orders import ZERO_FEE, Order, OrderEvent
from keel.reality.dualcase import DualCase
from keel.reality.fees import OrderFeeParameters
from keel.securities.exchange import local_to_utc as _exact_local_to_utc
from keel.securities.exchange import utc_to_local
from keel.securities.security import Security as _Security

if TYPE_CHECKING:
    from keel.securities.security import Security

# enum members read on every order, as module globals: in CPython 3.11 a class attribute read of an
# Enum member (``OrderStatus.NEW``) costs ~1,000 instructions (``EnumType.__getattr__`` keeps it off the
# fast path), a global ~10
_E_FILLED, _E_CANCELED = OrderStatus.FILLED, OrderStatus.CANCELED
_E_BUY, _E_SELL, _E_HOLD = OrderDirection.BUY, OrderDirection.SELL, OrderDirection.HOLD
_SECURITY_IS_MARKET_OPEN = _Security.is_market_open
_SECURITY_LOCAL_TO_UTC = _Security.local_to_utc
_HOUR_END = timedelta(minutes=59, seconds=59, microseconds=999999)
_ONE_MICROSECOND = timedelta(microseconds=1)
# (time zone, local day ordinal, local hour) -> UTC offset valid for the whole hour (None: a
# transition is inside it)
_HOUR_OFFSETS: dict[tuple[Any, int, int], timedelta | None] = {}


def _fast_local_to_utc(local: datetime, tz: Any) -> datetime:
    """``keel.securities.exchange.local_to_utc`` with the UTC offset cached per local hour.

    An hour whose first and last microsecond have the same offset (``fold=0``, as the plain
    conversion) contains no transition, so every time in it converts with that offset.
    """
    if local.tzinfo is not None or local.fold or local == datetime.min or local == datetime.max:
        return _exact_local_to_utc(local, tz)
    key = (tz, local.toordinal(), local.hour)
    offset = _HOUR_OFFSETS.get(key, False)
    if offset is False:
        hour = local.replace(minute=0, second=0, microsecond=0)
        first = hour.replace(tzinfo=tz).utcoffset()
        last = (hour + _HOUR_END).replace(tzinfo=tz).utcoffset()
        offset = first if first == last else None
        if len(_HOUR_OFFSETS) > 100_000:
            _HOUR_OFFSETS.clear()
        _HOUR_OFFSETS[key] = offset
    if not isinstance(offset, timedelta):
        return _exact_local_to_utc(local, tz)
    return local - offset


def _open_span(hours: Any, local: datetime, extended: bool) -> tuple[datetime, datetime]:
    """Local ``[start, end)`` around ``local`` (open then) in which ``hours.is_open_at(t, extended)``
    is True for every ``t``: the day's open segment holding ``local``; only ``local`` itself for
    hours of another class or overlapping segments."""
    if type(hours) is not SecurityExchangeHours:
        return local, local + _ONE_MICROSECOND
    segments = hours.get_market_hours(local.date()).segments
    for before, after in pairwise(segments):
        if before.end > after.start:
            return local, local + _ONE_MICROSECOND
    midnight = datetime(local.year, local.month, local.day)
    tod = local - midnight
    for segment in segments:
        if segment.start <= tod < segment.end:
            if not extended and segment.state != MarketHoursState.MARKET:
                break
            return midnight + segment.start, midnight + min(segment.end, ONE_DAY)
    return local, local + _ONE_MICROSECOND


STALE_PRICE_TIMESPAN = timedelta(hours=1)
_COARSE = timedelta(hours=1)
"""Bars this long or longer (hour, daily) are LEAN's coarse bars: no staleness or intraday-open checks."""


class Prices:
    """The price range of the latest bar on the side an order trades against."""

    __slots__ = ("close", "current", "end_time", "high", "low", "open", "start_time")

    def __init__(
        self,
        end_time: datetime,
        current: float,
        open: float,
        high: float,
        low: float,
        close: float,
        start_time: datetime | None = None,
    ) -> None:
        self.end_time = end_time
        self.start_time = start_time if start_time is not None else end_time
        self.current = current
        self.open = open
        self.high = high
        self.low = low
        self.close = close

    @property
    def period(self) -> timedelta:
        """Length of the bar."""
        return self.end_time - self.start_time


add_pascal_aliases(Prices)


class FillModelParameters:
    """Everything a fill model needs: the security, the order and the engine settings."""

    __slots__ = (
        "config_provider",
        "on_order_updated",
        "order",
        "quantity_filled",
        "securities_for_orders",
        "security",
        "stale_price_timespan",
    )

    def __init__(
        self,
        security: Security,
        order: Order,
        config_provider: Any = None,
        stale_price_timespan: timedelta = STALE_PRICE_TIMESPAN,
        securities_for_orders: dict[Order, Security] | None = None,
        on_order_updated: Callable[[Order], None] | None = None,
        quantity_filled: float = 0.0,
    ) -> None:
        self.security = security
        self.order = order
        self.config_provider = config_provider
        self.stale_price_timespan = stale_price_timespan
        self.securities_for_orders = securities_for_orders or {}
        self.on_order_updated = on_order_updated
        self.quantity_filled = quantity_filled

    @property
    def remaining_quantity(self) -> float:
        """Signed quantity still to fill."""
        return self.order.quantity - self.quantity_filled

    @property
    def StalePriceTimeSpan(self) -> timedelta:  # LEAN's spelling ("TimeSpan")
        return self.stale_price_timespan


add_pascal_aliases(FillModelParameters)


class Fill:
    """The events one fill attempt produced (usually one)."""

    __slots__ = ("order_events",)

    def __init__(self, order_events: list[OrderEvent] | OrderEvent) -> None:
        if type(order_events) is OrderEvent or isinstance(order_events, OrderEvent):
            self.order_events = [order_events]
        else:
            self.order_events = list(order_events)

    @property
    def order_event(self) -> OrderEvent | None:
        """The first event."""
        return self.order_events[0] if self.order_events else None

    def __iter__(self) -> Iterator[OrderEvent]:
        return iter(self.order_events)

    def __len__(self) -> int:
        return len(self.order_events)


add_pascal_aliases(Fill)


def new_fill_event(asset: Security, order: Order) -> OrderEvent:
    """An empty event for ``order`` at the security's current time (status = the order's)."""
    quantity = order.quantity
    event = OrderEvent(
        order.id,
        order.symbol,
        asset.utc_time,
        order.status,
        (_E_BUY if quantity > 0 else _E_SELL) if quantity else _E_HOLD,
        0.0,
        0.0,
        ZERO_FEE,
        "",
        asset.quote_currency.symbol,
    )
    event.quantity = order.quantity
    event.limit_price = order.limit_price
    event.stop_price = order.stop_price
    event.trigger_price = order.trigger_price
    event.trailing_amount = order.trailing_amount
    return event


def _stale_message(asset: Security, end_time: datetime) -> str:
    return f"Warning: fill at stale price ({end_time:%m/%d/%Y %H:%M:%S} {asset.exchange.tz})"


def _fill_whole(fill: OrderEvent, order: Order, price: float, slip: float) -> OrderEvent:
    """Mark ``fill`` as filling all of ``order`` at ``price`` moved against the order by ``slip``."""
    fill.fill_price = price + slip if order.quantity > 0 else price - slip
    fill.status = _E_FILLED
    fill.fill_quantity = order.quantity
    return fill


# order type -> the fill model method that fills it (looked up on the instance, so overrides win)
_FILL_METHODS = {
    OrderType.MARKET: "market_fill",
    OrderType.LIMIT: "limit_fill",
    OrderType.STOP_MARKET: "stop_market_fill",
    OrderType.STOP_LIMIT: "stop_limit_fill",
    OrderType.MARKET_ON_OPEN: "market_on_open_fill",
    OrderType.MARKET_ON_CLOSE: "market_on_close_fill",
    OrderType.LIMIT_IF_TOUCHED: "limit_if_touched_fill",
    OrderType.TRAILING_STOP: "trailing_stop_fill",
}


class FillModel(DualCase):
    """LEAN's base fill model (``ImmediateFillModel``): market orders fill at the latest price on
    the traded side (tick, then quote bar, then trade bar); limit and stop orders test the latest
    bar's range; nothing fills on data that ended at or before the order time.
    """

    _dual_names = (
        ("fill", "Fill"),
        ("market_fill", "MarketFill"),
        ("limit_fill", "LimitFill"),
        ("stop_market_fill", "StopMarketFill"),
        ("stop_limit_fill", "StopLimitFill"),
        ("market_on_open_fill", "MarketOnOpenFill"),
        ("market_on_close_fill", "MarketOnCloseFill"),
        ("limit_if_touched_fill", "LimitIfTouchedFill"),
        ("trailing_stop_fill", "TrailingStopFill"),
        ("get_prices", "GetPrices"),
    )

    def __init__(self) -> None:
        self.parameters: FillModelParameters | None = None

    # one-entry caches (per model instance): the market-open answer and the last local -> UTC
    # conversion; every order of a time step asks the same questions
    _open_key: tuple[Any, bool, datetime, datetime] | None = None
    _utc_key: tuple[Any, datetime, datetime] | None = None

    # --- entry point ----------------------------------------------------------------------------
    def fill(self, parameters: FillModelParameters) -> Fill:
        """Dispatch on the order type; returns the events (fees are added by :func:`run_fill_model`)."""
        self.parameters = parameters
        asset, order = parameters.security, parameters.order
        kind = order.type
        method = _FILL_METHODS.get(kind)
        if method is None:
            raise ValueError(f"order type {kind.name} cannot be filled by {type(self).__name__}")
        return Fill(getattr(self, method)(asset, order))

    # --- helpers --------------------------------------------------------------------------------
    @property
    def stale_price_timespan(self) -> timedelta:
        """The engine's stale-price setting (1 hour by default)."""
        return self.parameters.stale_price_timespan if self.parameters else STALE_PRICE_TIMESPAN

    def is_exchange_open(self, asset: Security, extended_market_hours: bool | None = None) -> bool:
        """Open now (or during the latest bar); ``None`` uses the subscription's extended-hours flag."""
        extended = asset.is_extended_market_hours if extended_market_hours is None else extended_market_hours
        if type(asset).is_market_open is not _SECURITY_IS_MARKET_OPEN:
            return asset.is_market_open(extended)
        exchange = asset.exchange
        local = exchange.local_time
        hours = exchange.hours
        key = self._open_key
        naive = local.tzinfo is None
        if key is not None and key[0] is hours and key[1] is extended and naive and key[2] <= local < key[3]:
            return True
        if hours.is_open_at(local, extended):
            # "open now" depends on the hours and the time only (not so "open during the latest
            # bar"): remembered for the whole open segment holding ``local``
            if naive:
                start, end = _open_span(hours, local, extended)
                self._open_key = (hours, extended, start, end)
            return True
        return _open_during_latest_bar(asset, local, extended)

    def _local_to_utc(self, asset: Security, local: datetime) -> datetime:
        """``asset.local_to_utc(local)``, remembering the last answer."""
        key = self._utc_key
        if key is not None and key[0] is asset and key[1] == local:
            return key[2]
        if type(asset).local_to_utc is _SECURITY_LOCAL_TO_UTC:
            utc = _fast_local_to_utc(local, asset.exchange.tz)
        else:
            utc = asset.local_to_utc(local)
        self._utc_key = (asset, local, utc)
        return utc

    def get_prices(self, asset: Security, direction: OrderDirection) -> Prices:
        """Latest tick (bid for sells, ask for buys), else quote bar side, else trade bar."""
        cache = asset.cache
        types = asset.subscribed_types()
        if direction != _E_HOLD:
            if Tick in types:
                tick = cache.get_data(Tick)
                if tick is not None:
                    price = tick.bid_price if direction == _E_SELL else tick.ask_price
                    if not price:
                        price = tick.value
                    if price:
                        return Prices(tick.end_time, price, 0.0, 0.0, 0.0, 0.0)
            if QuoteBar in types:
                quote = cache.get_data(QuoteBar)
                if quote is not None:
                    bar = quote.bid if direction == _E_SELL else quote.ask
                    if bar is not None:
                        return Prices(
                            quote.end_time, bar.close, bar.open, bar.high, bar.low, bar.close, quote.time
                        )
            if TradeBar in types:
                trade = cache.get_data(TradeBar)
                if trade is not None:
                    return Prices(
                        trade.end_time,
                        trade.close,
                        trade.open,
                        trade.high,
                        trade.low,
                        trade.close,
                        trade.time,
                    )
        last = cache.get_data()
        end = last.end_time if last is not None else datetime.min
        start = last.time if last is not None else datetime.min
        return Prices(end, cache.price, cache.open, cache.high, cache.low, cache.close, start)

    def _ended_after_order(self, asset: Security, prices: Prices, order: Order) -> bool:
        return prices.end_time != datetime.min and self._local_to_utc(asset, prices.end_time) > order.time

    def _is_stale(self, asset: Security, prices: Prices, order: Order) -> bool:
        if prices.end_time == datetime.min:
            return True
        return self._local_to_utc(asset, prices.end_time) + self.stale_price_timespan < order.time

    # --- order types ----------------------------------------------------------------------------
    def market_fill(self, asset: Security, order: Order) -> OrderEvent:
        """Fill the whole order at the current price on the traded side (+/- slippage)."""
        fill = new_fill_event(asset, order)
        if order.status == _E_CANCELED or not self.is_exchange_open(asset, False):
            return fill
        prices = self.get_prices(asset, order.direction)
        if self._is_stale(asset, prices, order):
            fill.message = _stale_message(asset, prices.end_time)
        slip = asset.slippage_model.get_slippage_approximation(asset, order)
        return _fill_whole(fill, order, prices.current, slip)

    def limit_fill(self, asset: Security, order: Order) -> OrderEvent:
        """Buy if the bar's low went below the limit (fill at min(high, limit)); sells mirror it."""
        fill = new_fill_event(asset, order)
        if order.status == _E_CANCELED or not self.is_exchange_open(asset):
            return fill
        prices = self.get_prices(asset, order.direction)
        if not self._ended_after_order(asset, prices, order):
            return fill
        limit = order.limit_price or 0.0
        if order.quantity > 0:
            if prices.low < limit:
                fill.status = _E_FILLED
                fill.fill_price = min(prices.high, limit)
                fill.fill_quantity = order.quantity
        elif prices.high > limit:
            fill.status = _E_FILLED
            fill.fill_price = max(prices.low, limit)
            fill.fill_quantity = order.quantity
        return fill

    def _stop_market(self, asset: Security, order: Order, extended: bool) -> OrderEvent:
        fill = new_fill_event(asset, order)
        if order.status == _E_CANCELED or not self.is_exchange_open(asset, extended):
            return fill
        prices = self.get_prices(asset, order.direction)
        if not self._ended_after_order(asset, prices, order):
            return fill
        slip = asset.slippage_model.get_slippage_approximation(asset, order)
        stop = order.stop_price or 0.0
        if order.quantity < 0:
            if prices.low < stop:
                fill.status = _E_FILLED
                fill.fill_price = min(stop, prices.current - slip)
                fill.fill_quantity = order.quantity
        elif prices.high > stop:
            fill.status = _E_FILLED
            fill.fill_price = max(stop, prices.current + slip)
            fill.fill_quantity = order.quantity
        return fill

    def stop_market_fill(self, asset: Security, order: Order) -> OrderEvent:
        """Sell stop triggers when the low crosses below the stop, fills at min(stop, current - slip)."""
        return self._stop_market(asset, order, False)

    def stop_limit_fill(self, asset: Security, order: Order) -> OrderEvent:
        """Once the stop triggers (it stays triggered), fill as a limit at the bar's close side."""
        fill = new_fill_event(asset, order)
        if order.status == _E_CANCELED or not self.is_exchange_open(asset):
            return fill
        prices = self.get_prices(asset, order.direction)
        if not self._ended_after_order(asset, prices, order):
            return fill
        stop, limit = order.stop_price or 0.0, order.limit_price or 0.0
        if order.quantity > 0:
            if prices.high > stop or order.stop_triggered:
                order.stop_triggered = True
                if prices.current < limit:
                    fill.status = _E_FILLED
                    fill.fill_price = min(prices.high, limit)
                    fill.fill_quantity = order.quantity
        elif prices.low < stop or order.stop_triggered:
            order.stop_triggered = True
            if prices.current > limit:
                fill.status = _E_FILLED
                fill.fill_price = max(prices.low, limit)
                fill.fill_quantity = order.quantity
        return fill

    def _trade_range(self, asset: Security, direction: OrderDirection) -> tuple[float, float, datetime]:
        types = asset.subscribed_types()
        if Tick in types:
            prices = self.get_prices(asset, direction)
            return prices.current, prices.current, prices.end_time
        trade = asset.cache.get_data(TradeBar)
        if trade is not None:
            return trade.high, trade.low, trade.end_time
        return 0.0, 0.0, datetime.min

    def _side_price(self, asset: Security, sell_side: bool) -> float:
        cache = asset.cache
        types = asset.subscribed_types()
        if Tick in types:
            quote = cache.last_quote_tick
            if quote is not None:
                price = quote.bid_price if sell_side else quote.ask_price
                if price:
                    return float(price)
        if QuoteBar in types:
            bar = cache.get_data(QuoteBar)
            if bar is not None:
                side = bar.bid if sell_side else bar.ask
                return side.close if side is not None else bar.close
        trade = cache.last_trade_tick if Tick in types else None
        if trade is not None and trade.value:
            return float(trade.value)
        tb = cache.get_data(TradeBar)
        if tb is not None:
            return float(tb.close)
        return float(cache.price)

    def limit_if_touched_fill(self, asset: Security, order: Order) -> OrderEvent:
        """After the trigger is touched (trade range), fill at the limit when the quote allows it."""
        fill = new_fill_event(asset, order)
        if order.status == _E_CANCELED or not self.is_exchange_open(asset):
            return fill
        high, low, end_time = self._trade_range(asset, order.direction)
        if end_time == datetime.min or asset.local_to_utc(end_time) <= order.time:
            return fill
        trigger, limit = order.trigger_price or 0.0, order.limit_price or 0.0
        if order.quantity < 0:
            if high >= trigger or order.trigger_touched:
                order.trigger_touched = True
                if self._side_price(asset, sell_side=False) >= limit:
                    fill.status = _E_FILLED
                    fill.fill_price = limit
                    fill.fill_quantity = order.quantity
        elif low <= trigger or order.trigger_touched:
            order.trigger_touched = True
            if self._side_price(asset, sell_side=True) <= limit:
                fill.status = _E_FILLED
                fill.fill_price = limit
                fill.fill_quantity = order.quantity
        return fill

    def market_on_open_fill(self, asset: Security, order: Order) -> OrderEvent:
        """Fill at the first bar's open after the order, once the exchange opens on a later date."""
        hours = asset.exchange.hours
        if getattr(hours, "is_market_always_open", False):
            raise ValueError(f"Market never closes for {asset.symbol}: MarketOnOpen orders are not supported")
        fill = new_fill_event(asset, order)
        if order.status == _E_CANCELED:
            return fill
        bar = asset.get_last_data()
        local_order_time = _to_local(asset, order.time)
        if bar is None or local_order_time >= bar.end_time:
            return fill
        if (
            asset.exchange.date_time_is_open(local_order_time)
            and local_order_time.date() == asset.local_time.date()
        ):
            return fill
        if not self.is_exchange_open(asset, False):
            return fill
        slip = asset.slippage_model.get_slippage_approximation(asset, order)
        return _fill_whole(fill, order, self.get_prices(asset, order.direction).open, slip)

    def market_on_close_fill(self, asset: Security, order: Order) -> OrderEvent:
        """Fill at the close of the session following the order."""
        hours = asset.exchange.hours
        if getattr(hours, "is_market_always_open", False):
            raise ValueError(
                f"Market never closes for {asset.symbol}: MarketOnClose orders are not supported"
            )
        fill = new_fill_event(asset, order)
        if order.status == _E_CANCELED:
            return fill
        next_close = hours.get_next_market_close(_to_local(asset, order.time), False)
        if asset.local_time < next_close or not self.is_exchange_open(asset, False):
            return fill
        slip = asset.slippage_model.get_slippage_approximation(asset, order)
        return _fill_whole(fill, order, self.get_prices(asset, order.direction).close, slip)

    def trailing_stop_fill(self, asset: Security, order: Order) -> OrderEvent:
        """A stop market order whose stop follows the best price by ``trailing_amount`` (or percent)."""
        fill = new_fill_event(asset, order)
        if order.status == _E_CANCELED or not self.is_exchange_open(asset, False):
            return fill
        prices = self.get_prices(asset, order.direction)
        if order.stop_price is None:
            order.stop_price = trailing_stop_price(prices.current, order)
        if not self._ended_after_order(asset, prices, order):
            return fill
        slip = asset.slippage_model.get_slippage_approximation(asset, order)
        stop = order.stop_price
        if order.quantity < 0:
            if prices.low <= stop:
                fill.status = _E_FILLED
                fill.fill_price = min(stop, prices.current - slip)
                fill.fill_quantity = order.quantity
        elif prices.high >= stop:
            fill.status = _E_FILLED
            fill.fill_price = max(stop, prices.current + slip)
            fill.fill_quantity = order.quantity
        if fill.status != OrderStatus.FILLED:
            reference = prices.high if order.quantity < 0 else prices.low
            if trailing_stop_should_update(reference, stop, order):
                candidate = trailing_stop_price(reference, order)
                order.stop_price = candidate
                fill.stop_price = candidate
                callback = self.parameters.on_order_updated if self.parameters else None
                if callback is not None:
                    callback(order)
        return fill

    # PascalCase spellings (the dual-case mixin keeps overrides in sync)
    Fill = fill
    MarketFill = market_fill
    LimitFill = limit_fill
    StopMarketFill = stop_market_fill
    StopLimitFill = stop_limit_fill
    MarketOnOpenFill = market_on_open_fill
    MarketOnCloseFill = market_on_close_fill
    LimitIfTouchedFill = limit_if_touched_fill
    TrailingStopFill = trailing_stop_fill
    GetPrices = get_prices
    IsExchangeOpen = is_exchange_open


def trailing_stop_price(reference: float, order: Order) -> float:
    """The stop a trailing order would sit at for a best price of ``reference``."""
    amount = order.trailing_amount or 0.0
    if order.trailing_as_percentage:
        return reference * (1.0 - amount) if order.quantity < 0 else reference * (1.0 + amount)
    return reference - amount if order.quantity < 0 else reference + amount


def _open_during_latest_bar(asset: Security, local: datetime, extended: bool) -> bool:
    """LEAN's ``FillModel.IsExchangeOpen`` when the exchange is closed now: the latest bar counts if
    it is the current one (an hour or shorter bar: now is not past its end; a longer bar: it ended
    today) and the exchange was open during it. A cached bar from before a session gap (the hour
    bar that ended at 16:00, now 17:00) is not the current one: the order waits for the market."""
    bar = asset.cache.get_data()
    if bar is None:
        return False
    end = bar.end_time
    if end - bar.time > _COARSE:
        if local.date() != end.date():
            return False
    elif local > end:
        return False
    return bool(asset.exchange.hours.is_open(bar.time, end, extended))


def trailing_stop_should_update(market: float, stop: float, order: Order) -> bool:
    """LEAN's ``TrailingStopOrder.TryUpdateStopPrice`` test: the market moved away from the stop by
    more than the trailing reference.

    The reference of a percentage trail is ``stop * amount / (1 - amount)`` for either direction
    (exactly the trail of a sell stop; for a buy stop, whose trail is ``stop * amount / (1 +
    amount)``, LEAN asks for the larger distance), an absolute trail's is the amount.
    """
    amount = order.trailing_amount or 0.0
    distance = market - stop if order.quantity < 0 else stop - market
    reference = stop * amount / (1.0 - amount) if order.trailing_as_percentage else amount
    return distance > reference


def _to_local(asset: Security, utc_time: datetime) -> datetime:
    return utc_to_local(utc_time, asset.exchange.tz)


class ImmediateFillModel(FillModel):
    """LEAN's default fill model (the base behaviour)."""


class FutureFillModel(ImmediateFillModel):
    """LEAN's futures fill model: market orders fill in extended hours at the latest quote side
    (bid for sells, ask for buys); hour/daily orders resting before the bar fill at its open; an
    order whose price is stale waits for fresh data (see :meth:`should_wait_for_fresh_data`); stops
    fill at the worse of stop and price.
    """

    def market_fill(self, asset: Security, order: Order) -> OrderEvent:
        """Fill the whole order on the latest quote side, extended hours included."""
        fill = new_fill_event(asset, order)
        if order.status == _E_CANCELED or not self.is_exchange_open(asset, True):
            return fill
        prices = self.get_prices(asset, order.direction)
        coarse = prices.period >= _COARSE
        if self._is_stale(asset, prices, order):
            if self.should_wait_for_fresh_data(asset):
                return fill
            fill.message = _stale_message(asset, prices.end_time)
        price = prices.current
        if coarse and prices.open and order.time <= asset.local_to_utc(prices.start_time):
            price = prices.open
        slip = asset.slippage_model.get_slippage_approximation(asset, order)
        return _fill_whole(fill, order, price, slip)

    def should_wait_for_fresh_data(self, asset: Security) -> bool:
        """LEAN: a market order on a stale price waits for the next data instead of filling when
        the security's data is hour/daily (coarse), or when its latest data point of any kind is
        itself stale: older than the stale-price span and more than one bar of its resolution
        (e.g. minute data from the previous session, or no data yet). A short gap in the data
        (the traded side missing from the latest quote bar, a few minutes without quotes) still
        fills, at the stale price with a warning.
        """
        last = asset.get_last_data()
        if last is None:
            return True
        resolution = asset.resolution
        bar = RESOLUTION_PERIOD.get(resolution) if resolution is not None else None
        if bar is None:
            bar = last.end_time - last.time
        if bar >= _COARSE:
            return True
        return asset.local_time - last.end_time > max(bar, self.stale_price_timespan)

    def stop_market_fill(self, asset: Security, order: Order) -> OrderEvent:
        """Worst-case stop fill; extended hours follow the subscription."""
        return self._stop_market(asset, order, asset.is_extended_market_hours)


class EquityFillModel(FillModel):
    """LEAN's equity fill model: market orders at the best-effort bid/ask (latest of quote and trade
    data); stop-market, limit and limit-if-touched orders triggered by the trade range of the
    latest trade bar ending after the order (fills at the stop/limit, or at the open on a gap);
    MOO/MOC at the trade bar's open/close.
    """

    def _best_effort(self, asset: Security, order: Order, sell_side: bool) -> tuple[float, str]:
        cache = asset.cache
        types = asset.subscribed_types()
        cut_off = _to_local(asset, order.time) - self.stale_price_timespan
        best: float | None = None
        best_end: datetime | None = None
        message = ""
        if Tick in types:
            quote = next(
                (
                    t
                    for t in reversed(cache.get_all(Tick))
                    if t.tick_type == TickType.QUOTE and (t.bid_price if sell_side else t.ask_price) > 0
                ),
                None,
            )
            if quote is not None:
                price = quote.bid_price if sell_side else quote.ask_price
                if quote.end_time >= cut_off:
                    return price, ""
                best, best_end = price, quote.end_time
                message = _stale_message(asset, quote.end_time)
        if QuoteBar in types:
            bar = cache.get_data(QuoteBar)
            if bar is not None and (best_end is None or bar.end_time > best_end):
                side = bar.bid if sell_side else bar.ask
                price = side.close if side is not None else bar.close
                if bar.end_time >= cut_off:
                    return price, ""
                best, best_end = price, bar.end_time
                message = _stale_message(asset, bar.end_time)
        if Tick in types:
            trade = cache.last_trade_tick
            if trade is not None and trade.value > 0 and (best_end is None or trade.end_time > best_end):
                message = _trade_data_message(asset, trade.end_time, "trade tick")
                if trade.end_time >= cut_off:
                    return trade.value, message
                best, best_end = trade.value, trade.end_time
        if TradeBar in types:
            tb = cache.get_data(TradeBar)
            if tb is not None and (best_end is None or tb.end_time > best_end):
                message = _trade_data_message(asset, tb.end_time, "TradeBar")
                if tb.end_time >= cut_off:
                    return tb.close, message
                best, best_end = tb.close, tb.end_time
        if best is None:
            raise ValueError(
                f"Cannot get {'bid' if sell_side else 'ask'} price to perform fill for {asset.symbol} "
                "because no "
                f"market data was found. Subscribed types: {sorted(t.__name__ for t in types)}"
            )
        return best, message

    def market_fill(self, asset: Security, order: Order) -> OrderEvent:
        """Fill the whole order at the best-effort ask (buys) or bid (sells), regular hours only."""
        fill = new_fill_event(asset, order)
        if order.status == _E_CANCELED or not self.is_exchange_open(asset, False):
            return fill
        slip = asset.slippage_model.get_slippage_approximation(asset, order)
        price, fill.message = self._best_effort(asset, order, sell_side=order.quantity <= 0)
        return _fill_whole(fill, order, price, slip)

    def _best_effort_trade_bar(self, asset: Security, order: Order) -> TradeBar | None:
        """The latest trade data ending after the order (LEAN's ``GetBestEffortTradeBar``).

        With a tick subscription the trade ticks of the latest step are rolled into one bar;
        otherwise the cached trade bar is used. ``None`` when there is none or it is not newer
        than the order.
        """
        bar: TradeBar | None = None
        if Tick in asset.subscribed_types():
            trades = [t for t in asset.cache.get_all(Tick) if t.tick_type == TickType.TRADE]
            if trades:
                prices = [float(t.value) for t in trades]
                bar = TradeBar(
                    asset.symbol,
                    trades[0].time,
                    trades[-1].end_time,
                    prices[0],
                    max(prices),
                    min(prices),
                    prices[-1],
                    float(sum(t.quantity for t in trades)),
                )
        else:
            bar = asset.cache.get_data(TradeBar)
        if bar is None or asset.local_to_utc(bar.end_time) <= order.time:
            return None
        return bar

    def stop_market_fill(self, asset: Security, order: Order) -> OrderEvent:
        """Trigger on the trade range; fill at the stop, or at the open after an unfavourable gap."""
        fill = new_fill_event(asset, order)
        if order.status == _E_CANCELED or not self.is_exchange_open(asset, False):
            return fill
        bar = self._best_effort_trade_bar(asset, order)
        if bar is None:
            return fill
        stop = order.stop_price or 0.0
        sell = order.quantity < 0
        if not (bar.low <= stop if sell else bar.high >= stop):
            return fill
        slip = asset.slippage_model.get_slippage_approximation(asset, order)
        if bar.open <= stop if sell else bar.open >= stop:
            fill.message = _gap_message(asset, bar, "unfavorable")
            return _fill_whole(fill, order, bar.open, slip)
        return _fill_whole(fill, order, stop, slip)

    def limit_fill(self, asset: Security, order: Order) -> OrderEvent:
        """Fill at the limit once trades go through it, or at the open after a favourable gap."""
        fill = new_fill_event(asset, order)
        if order.status == _E_CANCELED or not self.is_exchange_open(asset):
            return fill
        bar = self._best_effort_trade_bar(asset, order)
        if bar is None:
            return fill
        limit = order.limit_price or 0.0
        if order.quantity > 0:
            if bar.low < limit:
                fill.status = _E_FILLED
                fill.fill_quantity = order.quantity
                fill.fill_price = limit
                if bar.open < limit:
                    fill.fill_price = bar.open
                    fill.message = _gap_message(asset, bar, "favorable")
        elif bar.high > limit:
            fill.status = _E_FILLED
            fill.fill_quantity = order.quantity
            fill.fill_price = limit
            if bar.open > limit:
                fill.fill_price = bar.open
                fill.message = _gap_message(asset, bar, "favorable")
        return fill

    def limit_if_touched_fill(self, asset: Security, order: Order) -> OrderEvent:
        """Trigger on the trade range, then fill at the better of the best-effort quote and the limit."""
        fill = new_fill_event(asset, order)
        if order.status == _E_CANCELED or not self.is_exchange_open(asset):
            return fill
        bar = self._best_effort_trade_bar(asset, order)
        if bar is None:
            return fill
        trigger, limit = order.trigger_price or 0.0, order.limit_price or 0.0
        if order.quantity > 0:
            if bar.low <= trigger or order.trigger_touched:
                order.trigger_touched = True
                ask, message = self._best_effort(asset, order, sell_side=False)
                if ask <= limit:
                    fill.status = _E_FILLED
                    fill.fill_price = min(ask, limit)
                    fill.fill_quantity = order.quantity
                    fill.message = message
        elif bar.high >= trigger or order.trigger_touched:
            order.trigger_touched = True
            bid, message = self._best_effort(asset, order, sell_side=True)
            if bid >= limit:
                fill.status = _E_FILLED
                fill.fill_price = max(bid, limit)
                fill.fill_quantity = order.quantity
                fill.message = message
        return fill

    def market_on_open_fill(self, asset: Security, order: Order) -> OrderEvent:
        """Fill at the open of the first regular-hours trade bar that starts after the order."""
        fill = new_fill_event(asset, order)
        if order.status == _E_CANCELED:
            return fill
        local_order_time = _to_local(asset, order.time)
        end_time = datetime.min
        types = asset.subscribed_types()
        if Tick in types:
            trade = asset.cache.last_trade_tick
            if trade is not None:
                end_time = trade.end_time
                fill.fill_price = trade.value
        elif TradeBar in types:
            bar = asset.cache.get_data(TradeBar)
            if bar is not None:
                if bar.time < local_order_time:
                    return fill
                if bar.period < _COARSE and not asset.exchange.date_time_is_open(bar.time):
                    return fill
                end_time = bar.end_time
                fill.fill_price = bar.open
        if local_order_time >= end_time:
            return fill
        if asset.exchange.date_time_is_open(local_order_time) and local_order_time.date() == end_time.date():
            return fill
        if not self.is_exchange_open(asset, False):
            return fill
        return self._finish_auction_fill(asset, order, fill)

    def market_on_close_fill(self, asset: Security, order: Order) -> OrderEvent:
        """Fill at the close of the regular session following the order."""
        fill = new_fill_event(asset, order)
        if order.status == _E_CANCELED:
            return fill
        next_close = asset.exchange.hours.get_next_market_close(_to_local(asset, order.time), False)
        if asset.local_time < next_close:
            return fill
        types = asset.subscribed_types()
        if Tick in types:
            trade = asset.cache.last_trade_tick
            if trade is not None:
                fill.fill_price = trade.value
        elif not self.is_exchange_open(asset, False):
            return fill
        elif TradeBar in types:
            bar = asset.cache.get_data(TradeBar)
            fill.fill_price = bar.close if bar is not None else 0.0
        return self._finish_auction_fill(asset, order, fill)

    def _finish_auction_fill(self, asset: Security, order: Order, fill: OrderEvent) -> OrderEvent:
        slip = asset.slippage_model.get_slippage_approximation(asset, order)
        if not fill.fill_price:
            fill.fill_price, message = self._best_effort(asset, order, sell_side=order.quantity < 0)
            fill.message += message
        return _fill_whole(fill, order, fill.fill_price, slip)


def _gap_message(asset: Security, bar: TradeBar, kind: str) -> str:
    return (
        f"Due to a {kind} gap at {bar.end_time:%m/%d/%Y %H:%M:%S} {asset.exchange.tz}, "
        f"order filled using the open price ({bar.open})"
    )


def _trade_data_message(asset: Security, end_time: datetime, kind: str) -> str:
    return (
        f"Warning: No quote information available at {end_time:%m/%d/%Y %H:%M:%S} {asset.exchange.tz}, "
        f"order filled using {kind} data"
    )


class LatestPriceFillModel(ImmediateFillModel):
    """Uses whichever of the latest quote bar (traded side) or trade bar is newer."""

    def get_prices(self, asset: Security, direction: OrderDirection) -> Prices:
        """Newest of quote-bar side and trade bar; falls back to the base selection."""
        cache = asset.cache
        quote, trade = cache.get_data(QuoteBar), cache.get_data(TradeBar)
        if direction != OrderDirection.HOLD and quote is not None:
            side = quote.bid if direction == OrderDirection.SELL else quote.ask
            if side is not None and (trade is None or quote.end_time >= trade.end_time):
                return Prices(
                    quote.end_time, side.close, side.open, side.high, side.low, side.close, quote.time
                )
        if trade is not None:
            return Prices(
                trade.end_time, trade.close, trade.open, trade.high, trade.low, trade.close, trade.time
            )
        return super().get_prices(asset, direction)


# --- fees on fills ------------------------------------------------------------------------------


def order_for_fill(order: Order, fill_quantity: float) -> Order:
    """A copy of ``order`` sized to one (partial) fill, for the fee model."""
    if fill_quantity == order.quantity:
        return order
    copy = Order(
        order.id,
        order.symbol,
        fill_quantity,
        order.type,
        order.time,
        order.tag,
        order.properties,
        order.limit_price,
        order.stop_price,
        order.trigger_price,
        order.trailing_amount,
        order.trailing_as_percentage,
    )
    copy.status = order.status
    copy.price = order.price
    return copy


def apply_order_fees(security: Security, order: Order, fill: Fill) -> Fill:
    """Set ``order_fee`` on every event with a fill from ``security.fee_model`` (LEAN computes
    fees in the brokerage after the fill model). A partial fill pays the fee of its own quantity.
    Events whose fee a custom fill model already set (non-zero) are left as they are.
    """
    model = security.fee_model
    for event in fill.order_events:
        quantity = event.fill_quantity
        if quantity == 0 or event.order_fee.value.amount != 0:
            continue
        event.order_fee = model.get_order_fee(
            OrderFeeParameters(security, order if quantity == order.quantity else order_for_fill(order, quantity))
        )
    return fill


def run_fill_model(parameters: FillModelParameters) -> Fill:
    """What the engine calls: ``security.fill_model.fill(parameters)`` then fees from the fee model."""
    security = parameters.security
    fill = security.fill_model.fill(parameters)
    if type(fill) is not Fill and not isinstance(fill, Fill):
        fill = Fill(fill)  # a user model returning an event or a list of events
    return apply_order_fees(security, parameters.order, fill)


__all__ = [
    "STALE_PRICE_TIMESPAN",
    "ZERO_FEE",
    "EquityFillModel",
    "Fill",
    "FillModel",
    "FillModelParameters",
    "FutureFillModel",
    "ImmediateFillModel",
    "LatestPriceFillModel",
    "Prices",
    "apply_order_fees",
    "new_fill_event",
    "order_for_fill",
    "run_fill_model",
    "trailing_stop_price",
]
