"""Data consolidators: build bars of a longer period from a subscription's data.

Period consolidators align windows to multiples of the period since midnight (exchange
time), as LEAN's period-based consolidators do; a ``calendar`` function gives custom windows
(LEAN's ``Func<DateTime, CalendarInfo>``), e.g. the regular trading session of each day.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from keel.algorithm.aliases import add_pascal_aliases
from keel.model.bars import Bar, QuoteBar, TradeBar

Calendar = Callable[[datetime], tuple[datetime, timedelta]]
_ONE_DAY = timedelta(days=1)


def round_down(t: datetime, period: timedelta) -> datetime:
    """``t`` rounded down to a multiple of ``period`` since midnight (midnight for a day or more)."""
    midnight = datetime(t.year, t.month, t.day)
    if period >= _ONE_DAY:
        return midnight
    return midnight + ((t - midnight) // period) * period


def period_calendar(period: timedelta) -> Calendar:
    """Windows of ``period`` aligned on midnight."""

    def calendar(t: datetime) -> tuple[datetime, timedelta]:
        return round_down(t, period), period

    return calendar


class DataConsolidator:
    """Base consolidator: ``update(data)``, ``scan(time)``, ``data_consolidated`` handlers."""

    def __init__(self, period: timedelta | int | None = None, calendar: Calendar | None = None) -> None:
        self.count: int | None = period if isinstance(period, int) else None
        if calendar is None and isinstance(period, timedelta):
            calendar = period_calendar(period)
        self.calendar = calendar
        self.consolidated: Any = None
        self.working: Any = None
        self._window_end: datetime | None = None
        self._seen = 0
        self.data_consolidated: list[Callable[[Any, Any], None]] = []

    # --- event hook -----------------------------------------------------------------------
    @property
    def DataConsolidated(self) -> _Hook:
        return _Hook(self.data_consolidated)

    @DataConsolidated.setter
    def DataConsolidated(self, value: Any) -> None:
        pass

    def _emit(self) -> None:
        bar = self.working
        self.working = None
        self._window_end = None
        self._seen = 0
        if bar is None:
            return
        self.consolidated = bar
        for handler in list(self.data_consolidated):
            handler(self, bar)

    def update(self, data: Any) -> None:
        """Add a data point; emit the working bar when its window is complete."""
        if self.calendar is not None:
            if self._window_end is not None and data.time >= self._window_end:
                self._emit()
            if self.working is None:
                start, length = self.calendar(data.time)
                self._window_end = start + length
                self.working = self._new_bar(data, start, self._window_end)
            else:
                self._aggregate(data)
            if data.end_time >= self._window_end:  # type: ignore[operator]
                self._emit()
            return
        if self.working is None:
            self.working = self._new_bar(data, data.time, data.end_time)
        else:
            self._aggregate(data)
        self._seen += 1
        if self.count is not None and self._seen >= self.count:
            self._emit()

    def scan(self, current_local_time: datetime) -> None:
        """Emit the working bar when time passed its window end without new data."""
        if self._window_end is not None and current_local_time >= self._window_end:
            self._emit()

    def _new_bar(self, data: Any, start: datetime, end: datetime) -> Any:
        raise NotImplementedError

    def _aggregate(self, data: Any) -> None:
        raise NotImplementedError

    @property
    def WorkingData(self) -> Any:
        return self.working

    @property
    def Consolidated(self) -> Any:
        return self.consolidated


class _Hook:
    def __init__(self, handlers: list[Any]) -> None:
        self._handlers = handlers

    def __iadd__(self, handler: Any) -> _Hook:
        self._handlers.append(handler)
        return self

    def __isub__(self, handler: Any) -> _Hook:
        if handler in self._handlers:
            self._handlers.remove(handler)
        return self


class TradeBarConsolidator(DataConsolidator):
    """Consolidates trade bars (or ticks/values) into trade bars."""

    def _new_bar(self, data: Any, start: datetime, end: datetime) -> TradeBar:
        o, h, low, c = _ohlc(data)
        return TradeBar(data.symbol, start, end, o, h, low, c, getattr(data, "volume", 0.0) or 0.0)

    def _aggregate(self, data: Any) -> None:
        bar: TradeBar = self.working
        _o, h, low, c = _ohlc(data)
        if h > bar.high:
            bar.high = h
        if low < bar.low:
            bar.low = low
        bar.close = c
        bar.value = c
        bar.volume += getattr(data, "volume", 0.0) or 0.0
        if self.calendar is None:
            bar.end_time = data.end_time


class QuoteBarConsolidator(DataConsolidator):
    """Consolidates quote bars into quote bars (bid and ask sides separately)."""

    def _new_bar(self, data: Any, start: datetime, end: datetime) -> QuoteBar:
        bid = Bar(data.bid.open, data.bid.high, data.bid.low, data.bid.close) if data.bid else None
        ask = Bar(data.ask.open, data.ask.high, data.ask.low, data.ask.close) if data.ask else None
        return QuoteBar(data.symbol, start, end, bid, data.last_bid_size, ask, data.last_ask_size)

    def _aggregate(self, data: Any) -> None:
        bar: QuoteBar = self.working
        for side in ("bid", "ask"):
            new = getattr(data, side)
            if new is None:
                continue
            old = getattr(bar, side)
            if old is None:
                setattr(bar, side, Bar(new.open, new.high, new.low, new.close))
                continue
            old.high = max(old.high, new.high)
            old.low = min(old.low, new.low)
            old.close = new.close
        bar.last_bid_size = data.last_bid_size
        bar.last_ask_size = data.last_ask_size
        bar.value = bar._mid("close")
        if self.calendar is None:
            bar.end_time = data.end_time


def _ohlc(data: Any) -> tuple[float, float, float, float]:
    if isinstance(data, TradeBar):
        return data.open, data.high, data.low, data.close
    if isinstance(data, QuoteBar):
        return data.open, data.high, data.low, data.close
    value = float(data.value)
    return value, value, value, value


for _cls in (DataConsolidator, TradeBarConsolidator, QuoteBarConsolidator):
    add_pascal_aliases(_cls)
