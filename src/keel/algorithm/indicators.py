"""Indicators: LEAN's ``IndicatorBase`` shape (``update``, ``is_ready``, ``current.value``).

Each indicator keeps O(1) state per update; the benchmark's SMA crossover calls them once
per bar.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from datetime import datetime
from typing import Any

from keel.algorithm.aliases import add_pascal_aliases
from keel.algorithm.rolling_window import RollingWindow
from keel.model.bars import TradeBar


class IndicatorDataPoint:
    """A value at a time (LEAN's ``IndicatorDataPoint``)."""

    __slots__ = ("end_time", "symbol", "time", "value")

    def __init__(self, time: datetime | None, value: float, symbol: Any = None) -> None:
        self.time = time
        self.end_time = time
        self.value = value
        self.symbol = symbol

    @property
    def price(self) -> float:
        """Same as ``value``."""
        return self.value

    @property
    def Value(self) -> float:
        return self.value

    @property
    def Time(self) -> datetime | None:
        return self.time

    @property
    def EndTime(self) -> datetime | None:
        return self.end_time

    def __float__(self) -> float:
        return float(self.value)

    def __repr__(self) -> str:
        return f"{self.value}"


class Indicator:
    """Base indicator: subclasses implement ``compute_next(value) -> float`` and ``warm_up_period``."""

    warm_up_period = 1

    _time: Any = None

    def __init__(self, name: str) -> None:
        self.name = name
        self.samples = 0
        self.current = IndicatorDataPoint(None, 0.0)
        self.previous = IndicatorDataPoint(None, 0.0)
        self.updated: list[Callable[[Indicator, IndicatorDataPoint], None]] = []
        self.selector: Callable[[Any], float] | None = None

    def update(self, time: Any, value: float | None = None) -> bool:
        """Feed a value (``update(time, value)``), a data point or a bar (its close/value)."""
        if value is None:
            point = time
            if type(point) is TradeBar and self.selector is None:  # the common case: a bar's close
                time, value = point.end_time, point.close
            else:
                time, value = self._point_time_value(point)
        self._time = time  # the input's time, for composite indicators' sub-indicator points
        self.samples += 1
        result = self.compute_next(float(value))  # type: ignore[arg-type]
        self.previous = self.current
        self.current = IndicatorDataPoint(time, result)
        if self.updated:
            for handler in self.updated:
                handler(self, self.current)
        return self.is_ready

    def _point_time_value(self, point: Any) -> tuple[Any, float]:
        """End time and input value of a data point or bar (the selector's value when one is set)."""
        time = getattr(point, "end_time", None)
        if self.selector is not None:
            return time, self.selector(point)
        return time, _point_value(point)

    def compute_next(self, value: float) -> float:
        """The indicator's next value given the next input."""
        raise NotImplementedError

    @property
    def is_ready(self) -> bool:
        """True once enough samples arrived."""
        return self.samples >= self.warm_up_period

    def reset(self) -> None:
        """Forget all samples."""
        self.samples = 0
        self.current = IndicatorDataPoint(None, 0.0)
        self.previous = IndicatorDataPoint(None, 0.0)

    @property
    def value(self) -> float:
        """Current value (shortcut for ``current.value``)."""
        return self.current.value

    @property
    def window(self) -> RollingWindow[IndicatorDataPoint]:
        """LEAN's ``IndicatorBase.Window``: a :class:`RollingWindow` of the indicator's values,
        newest first, of LEAN's default size 2 (``current``, then ``previous``). As in LEAN it
        starts with the initial zero point, so its ``samples`` is the indicator's plus one.
        Built on access from ``current``/``previous`` (the update path keeps no window); its
        ``most_recently_removed`` is not known (None)."""
        window: RollingWindow[IndicatorDataPoint] = RollingWindow(2)
        if self.samples:
            window.add(self.previous)
        window.add(self.current)
        window._samples = self.samples + 1
        return window

    def __getitem__(self, index: int) -> IndicatorDataPoint:
        """``indicator[0]`` is ``current``, ``indicator[1]`` ``previous`` (LEAN's indexer over
        ``Window``; an index past it raises ``ArgumentOutOfRangeException``)."""
        return self.window[index]

    def __float__(self) -> float:
        return float(self.current.value)

    def __repr__(self) -> str:
        return f"{self.name}: {self.current.value}"

    @property
    def Current(self) -> IndicatorDataPoint:
        return self.current

    @property
    def Previous(self) -> IndicatorDataPoint:
        return self.previous

    @property
    def Samples(self) -> int:
        return self.samples

    @property
    def Name(self) -> str:
        return self.name

    @property
    def WarmUpPeriod(self) -> int:
        return self.warm_up_period

    # LEAN event spelling: indicator.Updated += handler
    @property
    def Updated(self) -> _EventHook:
        return _EventHook(self.updated)

    @Updated.setter
    def Updated(self, value: Any) -> None:
        pass


class IndicatorBase(Indicator):
    """LEAN's generic ``IndicatorBase<T>``: an indicator whose input is a data object (a quote bar,
    a trade bar, ...) rather than a number. Subclass ``IndicatorBase[QuoteBar]`` (the input type)
    and implement ``compute_next_value(input) -> float``; set ``warm_up_period`` (LEAN's
    ``IIndicatorWarmUpPeriodProvider``) so that ``warm_up_indicator`` can warm it up, which then
    feeds it the history's points of that type (LEAN's ``history.Get<T>()``), and
    ``register_indicator`` feeds it from the symbol's subscription of that type."""

    #: the data type the indicator consumes (None: any point, as given)
    input_type: type | None = None
    _typed_subclasses: dict[tuple[type, type], type] = {}

    def __class_getitem__(cls, input_type: type) -> type:
        """``IndicatorBase[QuoteBar]``: the base class of an indicator over ``input_type``."""
        key = (cls, input_type)
        typed = IndicatorBase._typed_subclasses.get(key)
        if typed is None:
            name = f"{cls.__name__}[{getattr(input_type, '__name__', input_type)}]"
            typed = type(name, (cls,), {"input_type": input_type, "__doc__": cls.__doc__})
            IndicatorBase._typed_subclasses[key] = typed
        return typed

    def update(self, time: Any, value: float | None = None) -> bool:
        """Feed one input object (or ``update(time, value)``: an :class:`IndicatorDataPoint`)."""
        point = IndicatorDataPoint(time, float(value)) if value is not None else time
        self.samples += 1
        result = self.compute_next_value(point)
        self.previous = self.current
        self.current = IndicatorDataPoint(getattr(point, "end_time", None), float(result))
        if self.updated:
            for handler in self.updated:
                handler(self, self.current)
        return self.is_ready

    def compute_next_value(self, input: Any) -> float:
        """The indicator's next value given the next input object (default: its value or close)."""
        return self.compute_next(_point_value(input))


class _EventHook:
    def __init__(self, handlers: list[Any]) -> None:
        self._handlers = handlers

    def __iadd__(self, handler: Any) -> _EventHook:
        self._handlers.append(handler)
        return self

    def __isub__(self, handler: Any) -> _EventHook:
        if handler in self._handlers:
            self._handlers.remove(handler)
        return self


def _point_value(point: Any) -> float:
    close = getattr(point, "close", None)
    if close is not None:
        return float(close)
    return float(getattr(point, "value", point))


def name_and_period(
    name_or_period: str | int, period: int | None, name_format: str, kind: str, error: type[ValueError] = ValueError
) -> tuple[str, int]:
    """LEAN's two constructor forms, ``Indicator(period)`` and ``Indicator(name, period)``: the
    indicator's name (``name_format`` with the period when no name is given) and its period, which
    must be at least 1 (else ``error`` naming ``kind``)."""
    if isinstance(name_or_period, int):
        period, name = name_or_period, name_format.format(name_or_period)
    else:
        name = name_or_period
    if not period or period < 1:
        raise error(f"{kind} needs a period of at least 1")
    return name, period


class SimpleMovingAverage(Indicator):
    """Mean of the last ``period`` values."""

    def __init__(self, name_or_period: str | int, period: int | None = None) -> None:
        name, period = name_and_period(name_or_period, period, "SMA({})", "SimpleMovingAverage")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._window: deque[float] = deque(maxlen=period)
        self._sum = 0.0

    def compute_next(self, value: float) -> float:
        window = self._window
        if len(window) == self.period:
            self._sum -= window[0]
        window.append(value)
        self._sum += value
        return self._sum / len(window)

    def reset(self) -> None:
        super().reset()
        self._window.clear()
        self._sum = 0.0


class ExponentialMovingAverage(Indicator):
    """EMA with smoothing ``2 / (period + 1)``, seeded with the SMA of the first ``period`` values (LEAN).

    Follows the newer LEAN ``ExponentialMovingAverage.cs`` (the ``_initialValueSMA`` version):
    0 until ready, then the mean of the first ``period`` inputs, then
    ``input * k + current * (1 - k)``. (The older stored LEAN version returned the first input
    and smoothed from there; neither returns a running average before it is ready.)
    """

    def __init__(
        self, name_or_period: str | int, period: int | None = None, smoothing_factor: float | None = None
    ) -> None:
        name, period = name_and_period(name_or_period, period, "EMA({})", "ExponentialMovingAverage")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self.k = smoothing_factor if smoothing_factor is not None else 2.0 / (period + 1)
        self._sma = SimpleMovingAverage(period)

    def compute_next(self, value: float) -> float:
        samples = self.samples
        if samples <= self.period:  # LEAN: the initial value is the SMA of the first period inputs
            self._sma.update(None, value)
            return self._sma.value if samples == self.period else 0.0  # not ready: 0, as LEAN
        return value * self.k + self.current.value * (1 - self.k)

    def reset(self) -> None:
        super().reset()
        self._sma.reset()


class StandardDeviation(Indicator):
    """Population standard deviation of the last ``period`` values (LEAN's ``StandardDeviation``)."""

    def __init__(self, name_or_period: str | int, period: int | None = None) -> None:
        name, period = name_and_period(name_or_period, period, "STD({})", "StandardDeviation")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._window: deque[float] = deque(maxlen=period)

    def compute_next(self, value: float) -> float:
        self._window.append(value)
        n = len(self._window)
        mean = sum(self._window) / n
        return math.sqrt(sum((x - mean) ** 2 for x in self._window) / n)

    def reset(self) -> None:
        super().reset()
        self._window.clear()


SMA = SimpleMovingAverage
EMA = ExponentialMovingAverage

_EXPORTED = (
    Indicator,
    IndicatorBase,
    IndicatorDataPoint,
    SimpleMovingAverage,
    ExponentialMovingAverage,
    StandardDeviation,
)
for _cls in _EXPORTED:
    add_pascal_aliases(_cls)
