"""LEAN's strategy capacity estimate (``Estimated Strategy Capacity``, ``Lowest Capacity Asset``).

LEAN's ``CapacityEstimate`` / ``SymbolCapacity`` in words:

* every fill of a symbol adds ``|quantity| x fill price x multiplier x conversion rate`` to the
  symbol's sale volume, counts one trade and sets a fast-trading discount
  ``2 x minutes since the symbol's previous fill / 390`` clamped to ``[0.2, 1]`` (the first fill
  counts as one day after a fictitious previous one, i.e. 1);
* after a fill, each time step adds the market dollar volume of the symbol's bar in the current
  slice (``close x volume x discount x multiplier x conversion``; quote bars use
  ``(last bid size + last ask size) / 2`` as volume) while the fill is "recent": minute data for
  ``k = 6,000,000 / average dollar volume`` minutes clamped to ``[1, 120]``, second/tick data for
  ``100,000 / average dollar volume`` minutes clamped to ``[5, 120]``, hour data only the bar
  that closes the fill's hour, daily data the fill's own time step or the next daily bar;
* every snapshot period (``max(1, min(7, run days - 1))`` days after the start, then after each
  snapshot; checked at every time slice, a universe-selection slice at midnight included, so the
  snapshot can precede the day's fills) and at the end, the tracked symbol with the smallest scaled
  market dollar volume (resolution factor daily 0.02, hour 0.05, minute 0.2, second/tick 0.5; a
  symbol whose capture window saw no volume counts 0) is the lowest capacity asset, and
  ``capacity = (its dollar volume / its trades) / max(its share of sale volume,
  its reserved buying power x leverage / portfolio value)``, smoothed as
  ``0.33 x new + 0.66 x previous`` once a previous value exists.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from keel.engine.clock import utc_datetime_to_ns
from keel.model.bars import QuoteBar, TradeBar
from keel.model.enums import OrderStatus, Resolution

__all__ = ["CapacityEstimate", "SymbolCapacity"]

_dict_get = dict.get

CAPACITY_EFFECT_PERIOD = timedelta(days=30)
"""How long after its last fill a symbol stays in the estimate."""

_FAST_TRADING_SCALE = 2.0
_DOLLAR_VOLUME_SCALE = 6_000_000.0
_ALWAYS_NS = -(1 << 63)
_NEVER_NS = 1 << 63
_RESOLUTION_FACTOR = {
    Resolution.DAILY: 0.02,
    Resolution.HOUR: 0.05,
    Resolution.MINUTE: 0.20,
    Resolution.SECOND: 0.50,
    Resolution.TICK: 0.50,
}


def _resolution_of_period(period: timedelta) -> Resolution:
    """LEAN's ``TimeSpan.ToHigherResolutionEquivalent(false)``: the resolution a bar period falls in."""
    if period >= timedelta(days=1):
        return Resolution.DAILY
    if period >= timedelta(hours=1):
        return Resolution.HOUR
    if period >= timedelta(minutes=1):
        return Resolution.MINUTE
    if period >= timedelta(seconds=1):
        return Resolution.SECOND
    return Resolution.TICK


_RESOLUTION_BY_PERIOD: dict[timedelta, Resolution] = {}
_FILL_STATUSES = frozenset((OrderStatus.FILLED, OrderStatus.PARTIALLY_FILLED))
# read every bar, as globals: an Enum class attribute read costs ~1,000 instructions in CPython 3.11
_E_HOUR, _E_DAILY, _E_MINUTE = Resolution.HOUR, Resolution.DAILY, Resolution.MINUTE


def _market_capacity_key(capacity: SymbolCapacity) -> float:
    """Sort key of the lowest capacity asset: the scaled market dollar volume."""
    return capacity.market_capacity_dollar_volume


def _round_up(t: datetime, step: timedelta) -> datetime:
    """LEAN's ``DateTime.RoundUp``: the next multiple of ``step`` since 0001-01-01 (unchanged if on one)."""
    elapsed = t - datetime.min
    remainder = elapsed % step
    return t if not remainder else t + (step - remainder)


class SymbolCapacity:
    """Market capacity of one traded symbol (LEAN's ``SymbolCapacity``)."""

    def __init__(self, security: Any, is_internal: bool) -> None:
        self.security = security
        self.symbol = security.symbol
        self.is_internal = is_internal
        self._resolution_factor = 0.0
        self.trades = 0
        self.sale_volume = 0.0
        self._market_dollar_volume = 0.0
        self._average_dollar_volume = 0.0
        self._previous_volume = 0.0
        self._previous_time: datetime | None = None
        self._discount = 0.0
        self._reset_pending = False
        self.previous_fill_time: datetime | None = None

    @property
    def market_capacity_dollar_volume(self) -> float:
        """The captured market dollar volume scaled by the resolution factor."""
        return self._market_dollar_volume * self._resolution_factor

    def on_fill(self, fill_time: datetime, fill_price: float, fill_quantity: float) -> None:
        """Account one fill: sale volume, fast-trading discount, trade count."""
        # the quote currency's conversion rate and the contract multiplier, read inline (no method
        # calls: this runs once per fill, the next once per bar of a capture window)
        security = self.security
        conversion = float(getattr(security.quote_currency, "conversion_rate", 1.0) or 1.0)
        multiplier = float(security.symbol_properties.contract_multiplier)
        self.sale_volume += conversion * fill_price * abs(fill_quantity) * multiplier
        previous = self.previous_fill_time if self.previous_fill_time is not None else fill_time - timedelta(days=1)
        discount = _FAST_TRADING_SCALE * ((fill_time - previous).total_seconds() / 60.0) / 390.0
        self._discount = 1.0 if discount > 1 else max(0.20, discount)
        if self._reset_pending:
            self._market_dollar_volume = 0.0
            self.trades = 0
            self._reset_pending = False
        self.trades += 1
        self.previous_fill_time = fill_time

    def _include_market_volume(self, resolution: Resolution, utc_now: datetime) -> bool:
        previous = self.previous_fill_time
        if previous is None:
            return False
        if resolution == _E_HOUR:
            return utc_now == _round_up(previous, timedelta(hours=1))
        if resolution == _E_DAILY:
            # the daily bar closing the fill's day ends at the next midnight (UTC dates, as LEAN)
            midnight = datetime(utc_now.year, utc_now.month, utc_now.day)
            return utc_now == previous or midnight == _round_up(previous, timedelta(days=1))
        if resolution == _E_MINUTE:
            k = _DOLLAR_VOLUME_SCALE / self._average_dollar_volume if self._average_dollar_volume else 10.0
            minutes = 120 if k > 120 else int(max(1.0, k))
        else:  # second / tick
            k = (_DOLLAR_VOLUME_SCALE / 60) / self._average_dollar_volume if self._average_dollar_volume else 10.0
            minutes = 120 if k > 120 else int(max(5.0, k))
        return utc_now <= previous + timedelta(minutes=minutes)

    def bar_at(self, bars: dict[Any, Any], quote_bars: dict[Any, Any], utc_now: datetime) -> Any:
        """The symbol's bar of this time step: the slice's trade bar, else its quote bar; a symbol fed
        only by internal subscriptions (the mapped contract of a continuous future) is not in the
        slice, so its cached trade bar counts when it ends now."""
        # the slices' tables are dicts keyed by Symbol: the plain lookup skips their ticker resolution
        bar = _dict_get(bars, self.symbol)
        if bar is None:
            bar = _dict_get(quote_bars, self.symbol)
        if bar is None and self.is_internal:
            cached = self.security.cache.get_data(TradeBar)
            if cached is not None and self.security.local_to_utc(cached.end_time) == utc_now:
                bar = cached
        return bar

    def update_market_capacity(self, bar: TradeBar | QuoteBar | None, utc_now: datetime) -> bool:
        """Add this time step's market volume; True once the fill's capture window has passed."""
        if bar is None:
            return False
        close = float(bar.close)
        if type(bar) is TradeBar:
            volume = float(bar.volume)
        elif isinstance(bar, QuoteBar):
            volume = (float(bar.last_bid_size or 0.0) + float(bar.last_ask_size or 0.0)) / 2
        else:
            volume = float(bar.volume)
        if volume == 0:
            return False
        security = self.security  # conversion rate and multiplier read inline, as in ``on_fill``
        conversion = float(getattr(security.quote_currency, "conversion_rate", 1.0) or 1.0)
        minutes_between = (utc_now - (self._previous_time or utc_now)).total_seconds() / 60.0
        if self._previous_time is None or minutes_between == 0:
            self._average_dollar_volume = conversion * close * volume
        else:
            self._average_dollar_volume = close * conversion * (volume + self._previous_volume) / minutes_between
        self._previous_time = utc_now
        self._previous_volume = volume
        period = bar.end_time - bar.time
        resolution = _RESOLUTION_BY_PERIOD.get(period)
        if resolution is None:
            resolution = _RESOLUTION_BY_PERIOD.setdefault(period, _resolution_of_period(period))
        include = self._include_market_volume(resolution, utc_now)
        if include:
            self._resolution_factor = _RESOLUTION_FACTOR.get(resolution, 1.0)
            multiplier = float(security.symbol_properties.contract_multiplier)
            self._market_dollar_volume += close * self._discount * volume * conversion * multiplier
        return not include

    def reset(self) -> None:
        """After a snapshot: the next fill restarts the dollar volume; the sale volume restarts now."""
        self._reset_pending = True
        self.sale_volume = 0.0

    def should_remove(self, utc_now: datetime) -> bool:
        """True when the position is closed and the last fill is older than the effect period."""
        if self.security.invested:
            return False
        return not (self.previous_fill_time is not None and utc_now < self.previous_fill_time + CAPACITY_EFFECT_PERIOD)


class CapacityEstimate:
    """The strategy capacity over all traded symbols (LEAN's ``CapacityEstimate``).

    ``securities`` maps symbols to securities, ``is_internal`` tells whether a symbol is fed only by
    internal subscriptions (so it is missing from the slices), ``utc_now`` the algorithm time
    and ``portfolio_value`` the total portfolio value. ``start`` and ``end`` are the algorithm's
    start date and end date (end of its last day) in algorithm time, as LEAN keeps them.

    A time step changes nothing while no fill's capture window is open and no snapshot is due:
    :attr:`idle_until_ns` is the first UTC instant (ns) at which :meth:`update` has work again, so
    the engine may skip the call before it (keeping :attr:`last_bars` for :meth:`finish`).
    """

    def __init__(
        self,
        securities: Mapping[Any, Any],
        is_internal: Callable[[Any], bool],
        utc_now: Callable[[], datetime],
        portfolio_value: Callable[[], float],
        start: datetime,
        end: datetime,
    ) -> None:
        self._securities = securities
        self._is_internal = is_internal
        self._utc_now = utc_now
        self._portfolio_value = portfolio_value
        self._by_symbol: dict[Any, SymbolCapacity] = {}
        self._monitored: list[SymbolCapacity] = []
        days = (end - start).total_seconds() / 86400.0
        self._period = timedelta(days=max(min(days - 1, 7), 1))
        self._next_snapshot = start + self._period
        self._snapshot_from = _round_up(self._next_snapshot, timedelta(days=1))
        self._capacity = 0.0
        self.lowest_capacity_asset: Any = None
        self.last_bars: tuple[dict[Any, Any], dict[Any, Any]] = ({}, {})
        """The last time step's trade and quote bars (what :meth:`finish` updates on)."""
        self.idle_until_ns = _NEVER_NS
        """Time steps before this UTC instant (ns) need no :meth:`update` (see the class docstring)."""

    @property
    def capacity(self) -> float:
        """The smoothed capacity estimate before LEAN's rounding (0 when nothing was estimated)."""
        return self._capacity

    def on_order_events(self, events: list[Any]) -> None:
        """Account the fills among ``events`` (filled and partially filled events)."""
        for event in events:
            if event.status not in _FILL_STATUSES:
                continue
            symbol = event.symbol
            capacity = self._by_symbol.get(symbol)
            if capacity is None:
                security = self._securities.get(symbol)
                if security is None:
                    continue
                capacity = SymbolCapacity(security, self._is_internal(symbol))
                self._by_symbol[symbol] = capacity
            capacity.on_fill(event.utc_time, float(event.fill_price), float(event.fill_quantity))
            if capacity not in self._monitored:
                self._monitored.append(capacity)
        self._refresh_idle()

    def update(self, bars: dict[Any, Any], quote_bars: dict[Any, Any], force: bool = False) -> None:
        """One time step (LEAN's ``UpdateMarketCapacity``): capture volume, snapshot when due."""
        self.last_bars = (bars, quote_bars)
        utc_now = self._utc_now()
        for i in range(len(self._monitored) - 1, -1, -1):
            capacity = self._monitored[i]
            # ``bar_at``'s first lookup inline: the slice's trade bar is the usual answer
            bar = _dict_get(bars, capacity.symbol)
            if bar is None:
                bar = capacity.bar_at(bars, quote_bars, utc_now)
            if capacity.update_market_capacity(bar, utc_now):
                del self._monitored[i]
        # utc date >= next snapshot <=> utc_now >= the first midnight at or after the next snapshot
        if force or (utc_now >= self._snapshot_from and self._by_symbol):
            self._snapshot(utc_now)
            self._next_snapshot = datetime(utc_now.year, utc_now.month, utc_now.day) + self._period
            self._snapshot_from = _round_up(self._next_snapshot, timedelta(days=1))
        if self._monitored:  # ``_refresh_idle``'s first case inline (a capture window is open)
            self.idle_until_ns = _ALWAYS_NS
        else:
            self._refresh_idle()

    @property
    def snapshot_due_ns(self) -> int:
        """UTC ns from which the next snapshot is due (never while no symbol is tracked)."""
        return utc_datetime_to_ns(self._snapshot_from) if self._by_symbol else _NEVER_NS

    def on_selection_slice(self) -> None:
        """A time slice without bars (LEAN emits one at a universe selection, before the day's data,
        and one for open interest read outside the bar grid): the snapshot is taken there when due,
        ahead of the day's fills."""
        if self._by_symbol and self._utc_now() >= self._snapshot_from:
            last_bars = self.last_bars
            self.update({}, {})
            self.last_bars = last_bars

    def _refresh_idle(self) -> None:
        """Recompute :attr:`idle_until_ns`: never idle with a capture window open; else idle until the
        snapshot is due (``utc date >= next snapshot`` holds from the first midnight at or after the
        next snapshot on), or for good while no symbol is tracked."""
        if self._monitored:
            self.idle_until_ns = _ALWAYS_NS
        elif not self._by_symbol:
            self.idle_until_ns = _NEVER_NS
        else:
            self.idle_until_ns = utc_datetime_to_ns(self._snapshot_from)

    def finish(self) -> None:
        """The end of the run: LEAN forces the update twice (after ``OnEndOfAlgorithm`` and on exit),
        both on the last time step's data, so the smoothing is applied twice more."""
        self.update(*self.last_bars, force=True)
        self.update(*self.last_bars, force=True)

    def _snapshot(self, utc_now: datetime) -> None:
        total_value = float(self._portfolio_value())
        if total_value == 0 or not self._by_symbol:
            return
        total_sale_volume = math.fsum(c.sale_volume for c in self._by_symbol.values())
        # LEAN orders every tracked symbol (``OrderBy(...).First()``, stable): a traded symbol whose
        # capture window saw no volume (market dollar volume 0) is the lowest and pulls the estimate down
        smallest = min(self._by_symbol.values(), key=_market_capacity_key)
        if smallest.trades > 0:
            self.lowest_capacity_asset = smallest.symbol
            share_of_volume = smallest.sale_volume / total_sale_volume if total_sale_volume else 0.0
            security = smallest.security
            used = float(security.buying_power_model.get_reserved_buying_power_for_position(security))
            share_of_holdings = abs(used) * float(security.leverage) / total_value
            scaling = max(share_of_volume, share_of_holdings)
            daily = smallest.market_capacity_dollar_volume / smallest.trades
            new = self._capacity if scaling == 0 else daily / scaling
            if self._capacity != 0:
                new = 0.33 * new + self._capacity * 0.66
            self._capacity = new
        for symbol, capacity in list(self._by_symbol.items()):
            if not capacity.should_remove(utc_now):
                capacity.reset()
                continue
            del self._by_symbol[symbol]
            if capacity in self._monitored:
                self._monitored.remove(capacity)
