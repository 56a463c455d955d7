"""LEAN's everyday technical indicators: RSI, ATR, Bollinger Bands, MACD, momentum, rate of
change, maximum and minimum, with every ``MovingAverageType`` they are built from (simple,
exponential, Wilder's, LWMA, DEMA, TEMA, TRIMA, T3, KAMA, Hull, ALMA).

Each class follows the C# file of the same name in QuantConnect/Lean ``Indicators/`` (the
versions stored for reference; where LEAN changed a rule over time the docstring says which one
is followed). Values are floats where LEAN uses decimals.
"""

from __future__ import annotations

import math
from collections import deque
from enum import IntEnum
from typing import Any

from keel.algorithm.aliases import add_pascal_aliases
from keel.algorithm.indicators import (
    ExponentialMovingAverage,
    Indicator,
    IndicatorBase,
    IndicatorDataPoint,
    SimpleMovingAverage,
    StandardDeviation,
    name_and_period,
)
from keel.algorithm.rolling_window import ArgumentException, RollingWindow
from keel.model.aliases import snake_keyword
from keel.model.bars import TradeBar


class MovingAverageType(IntEnum):
    """LEAN's ``MovingAverageType`` (same order and values)."""

    SIMPLE = 0
    EXPONENTIAL = 1
    WILDERS = 2
    LINEAR_WEIGHTED_MOVING_AVERAGE = 3
    DOUBLE_EXPONENTIAL = 4
    TRIPLE_EXPONENTIAL = 5
    TRIANGULAR = 6
    T3 = 7
    KAMA = 8
    HULL = 9
    ALMA = 10

    # LEAN's C# member names (``MovingAverageType.Wilders``)
    Simple = 0
    Exponential = 1
    Wilders = 2
    LinearWeightedMovingAverage = 3
    DoubleExponential = 4
    TripleExponential = 5
    Triangular = 6
    Kama = 8
    Hull = 9
    Alma = 10

    def __str__(self) -> str:
        return _MA_TYPE_NAMES[int(self)]

    def as_indicator(self, name: str, period: int) -> Indicator:
        """LEAN's ``MovingAverageTypeExtensions.AsIndicator(name, period)``."""
        return moving_average(self, name, period)


_MA_TYPE_NAMES = (
    "Simple",
    "Exponential",
    "Wilders",
    "LinearWeightedMovingAverage",
    "DoubleExponential",
    "TripleExponential",
    "Triangular",
    "T3",
    "Kama",
    "Hull",
    "Alma",
)


def moving_average(kind: Any, name: str, period: int) -> Indicator:
    """A moving average of type ``kind`` named ``name`` (LEAN's
    ``MovingAverageTypeExtensions.AsIndicator(name, period)``), each type with its LEAN defaults
    (T3's volume factor 0.7, KAMA's fast/slow periods 2 and 30, ALMA's sigma 6 and offset 0.85)."""
    kind = MovingAverageType(int(kind))
    cls = _MA_CLASSES.get(kind)
    if cls is None:
        raise NotImplementedError(f"MovingAverageType.{_MA_TYPE_NAMES[int(kind)]} is not available in Keel yet")
    return cls(name, period)  # type: ignore[no-any-return]


class _PascalAttributes:
    """LEAN spellings of instance attributes (``bb.UpperBand``, ``macd.Signal``,
    ``rsi.AverageGain``): looked up only when the attribute is missing, so no cost otherwise."""

    def __getattr__(self, name: str) -> Any:
        if name[:1].isupper():
            snake = snake_keyword(name)
            if snake != name:
                try:
                    return object.__getattribute__(self, snake)
                except AttributeError:
                    pass
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")


class _TimedIndicator(_PascalAttributes, Indicator):
    """An indicator whose sub-indicators' points carry its input's time (``Indicator._time``) and
    whose attributes read in LEAN's spelling too."""


class _Derived(_PascalAttributes, Indicator):
    """A sub-indicator whose values its parent computes (LEAN's ``Identity`` / composite
    indicators): ``is_ready`` is given by the parent's rule."""

    def __init__(self, name: str, ready: Any = None) -> None:
        super().__init__(name)
        self._ready = ready

    def push(self, time: Any, value: float) -> None:
        """Record a new value (a successful update)."""
        Indicator.update(self, time, value)

    def count_failed(self) -> None:
        """An update that produced no value (LEAN's ``IndicatorStatus.MathError``): the sample
        counts, ``current`` is kept."""
        self.samples += 1

    def compute_next(self, value: float) -> float:
        return value

    @property
    def is_ready(self) -> bool:
        """The parent's readiness rule (default: at least one sample, as ``Identity``)."""
        return self._ready() if self._ready is not None else self.samples > 0


class WilderMovingAverage(_PascalAttributes, Indicator):
    """Wilder's moving average (``WilderMovingAverage.cs``): the simple average until ready,
    then ``input / period + current * (1 - 1 / period)``. As in LEAN, ``samples`` counts the
    input before the value is computed, so the ``period``-th input already uses the recursion
    (seeded with the average of the first ``period - 1`` inputs)."""

    def __init__(self, name_or_period: str | int, period: int | None = None) -> None:
        name, period = name_and_period(name_or_period, period, "WWMA{}", "WilderMovingAverage")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self.k = 1.0 / period
        self._sma = SimpleMovingAverage(name + "_SMA", period)

    def compute_next(self, value: float) -> float:
        if not self.is_ready:
            self._sma.update(None, value)
            return self._sma.value
        return value * self.k + self.current.value * (1 - self.k)

    def reset(self) -> None:
        """Forget all samples."""
        self._sma.reset()
        super().reset()


def _decimal_text(value: Any) -> str:
    """A number as C# prints a decimal made from it (``0.85``, ``1`` not ``1.0``)."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


class LinearWeightedMovingAverage(_PascalAttributes, Indicator):
    """Linearly weighted average of the last ``period`` inputs (``LinearWeightedMovingAverage.cs``):
    ``sum((period - i) * x[i]) / (period * (period + 1) / 2)`` with ``x[0]`` the newest. As in
    LEAN, before it is ready the numerator covers only the inputs seen so far while the
    denominator is already the full one. Ready after ``period`` inputs."""

    def __init__(self, name_or_period: str | int, period: int | None = None) -> None:
        name, period = name_and_period(name_or_period, period, "LWMA({})", "LinearWeightedMovingAverage")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        self._denominator = period * (period + 1) // 2
        self._window: deque[float] = deque(maxlen=period)

    def compute_next(self, value: float) -> float:
        window = self._window
        window.appendleft(value)
        weight = self.period
        numerator = 0.0
        for x in window:
            numerator += weight * x
            weight -= 1
        return numerator / self._denominator

    def reset(self) -> None:
        """Forget all samples."""
        self._window.clear()
        super().reset()


class DoubleExponentialMovingAverage(_TimedIndicator):
    """DEMA (``DoubleExponentialMovingAverage.cs``, the version with ``WarmUpPeriod`` and a
    volume factor ``v``, 1 for the standard DEMA): ``(v + 1) * ema1 - v * ema2`` where ``ema2``
    is the EMA of ``ema1``, fed only once ``ema1`` is ready; ``ema1``'s value until then.
    Ready after ``1 + 2 * (period - 1)`` inputs."""

    def __init__(self, name_or_period: str | int, period: Any = None, volume_factor: float = 1.0) -> None:
        if isinstance(name_or_period, int) and period is not None:  # DEMA(period, volume_factor)
            volume_factor, period = period, None
        name, period = name_and_period(name_or_period, period, "DEMA({})", "DoubleExponentialMovingAverage")
        super().__init__(name)
        self.period = period
        self.volume_factor = float(volume_factor)
        self.warm_up_period = 1 + 2 * (period - 1)
        self._ema1 = ExponentialMovingAverage(name + "_1", period)
        self._ema2 = ExponentialMovingAverage(name + "_2", period)

    def compute_next(self, value: float) -> float:
        ema1 = self._ema1
        ema1.update(self._time, value)
        if not ema1.is_ready:
            return ema1.current.value
        self._ema2.update(self._time, ema1.current.value)
        factor = self.volume_factor
        return (factor + 1) * ema1.current.value - factor * self._ema2.current.value

    def reset(self) -> None:
        """Forget all samples (and the inner averages')."""
        self._ema1.reset()
        self._ema2.reset()
        super().reset()


class TripleExponentialMovingAverage(_TimedIndicator):
    """TEMA (``TripleExponentialMovingAverage.cs``): ``3 * ema1 - 3 * ema2 + ema3``, each EMA fed
    with the previous one once that is ready. Ready after ``1 + 3 * (period - 1)`` inputs (the
    stored C#'s ``Samples > 3 * (period - 1)``). Before it is ready the stored C# returns 0; this
    returns the innermost unready stage's value as the newer DEMA/T3 C# do (the newer TEMA is
    not stored: inferred from its siblings, readiness and ready values are the same)."""

    def __init__(self, name_or_period: str | int, period: int | None = None) -> None:
        name, period = name_and_period(name_or_period, period, "TEMA({})", "TripleExponentialMovingAverage")
        super().__init__(name)
        self.period = period
        self.warm_up_period = 1 + 3 * (period - 1)
        self._ema1 = ExponentialMovingAverage(name + "_1", period)
        self._ema2 = ExponentialMovingAverage(name + "_2", period)
        self._ema3 = ExponentialMovingAverage(name + "_3", period)

    def compute_next(self, value: float) -> float:
        time = self._time
        ema1, ema2 = self._ema1, self._ema2
        ema1.update(time, value)
        if not ema1.is_ready:
            return ema1.current.value
        ema2.update(time, ema1.current.value)
        if not ema2.is_ready:
            return ema2.current.value
        self._ema3.update(time, ema2.current.value)
        return 3 * ema1.current.value - 3 * ema2.current.value + self._ema3.current.value

    def reset(self) -> None:
        """Forget all samples (and the inner averages')."""
        for ema in (self._ema1, self._ema2, self._ema3):
            ema.reset()
        super().reset()


class TriangularMovingAverage(_TimedIndicator):
    """TRIMA (``TriangularMovingAverage.cs``): a simple average of a simple average, periods
    ``(period / 2, period / 2 + 1)`` when ``period`` is even, ``((period + 1) / 2)`` twice when
    odd; the outer one is fed from the first input (running means until full). Ready after
    ``period`` inputs."""

    def __init__(self, name_or_period: str | int, period: int | None = None) -> None:
        name, period = name_and_period(name_or_period, period, "TRIMA({})", "TriangularMovingAverage")
        super().__init__(name)
        self.period = period
        self.warm_up_period = period
        first = period // 2 if period % 2 == 0 else (period + 1) // 2
        second = period // 2 + 1 if period % 2 == 0 else (period + 1) // 2
        self._sma1 = SimpleMovingAverage(name + "_1", first)
        self._sma2 = SimpleMovingAverage(name + "_2", second)

    def compute_next(self, value: float) -> float:
        self._sma1.update(self._time, value)
        self._sma2.update(self._time, self._sma1.current.value)
        return self._sma2.current.value

    def reset(self) -> None:
        """Forget all samples (and the inner averages')."""
        self._sma1.reset()
        self._sma2.reset()
        super().reset()


class T3MovingAverage(_TimedIndicator):
    """T3 (``T3MovingAverage.cs``, the version with ``WarmUpPeriod``): three generalised DEMAs
    (volume factor ``v``, default 0.7) in a chain, each fed once the previous is ready (its value
    until then). Ready after ``1 + 6 * (period - 1)`` inputs."""

    def __init__(self, name_or_period: str | int, period: Any = None, volume_factor: float = 0.7) -> None:
        if isinstance(name_or_period, int):  # T3(period[, volume_factor])
            if period is not None:
                volume_factor = period
            period = name_or_period
            name_or_period = f"T3({period},{_decimal_text(volume_factor)})"
        name, period = name_and_period(name_or_period, period, "T3({})", "T3MovingAverage")
        super().__init__(name)
        self.period = period
        self.volume_factor = float(volume_factor)
        self.warm_up_period = 1 + 6 * (period - 1)
        self._gd1 = DoubleExponentialMovingAverage(name + "_1", period, self.volume_factor)
        self._gd2 = DoubleExponentialMovingAverage(name + "_2", period, self.volume_factor)
        self._gd3 = DoubleExponentialMovingAverage(name + "_3", period, self.volume_factor)

    def compute_next(self, value: float) -> float:
        time = self._time
        gd1, gd2 = self._gd1, self._gd2
        gd1.update(time, value)
        if not gd1.is_ready:
            return gd1.current.value
        gd2.update(time, gd1.current.value)
        if not gd2.is_ready:
            return gd2.current.value
        self._gd3.update(time, gd2.current.value)
        return self._gd3.current.value

    def reset(self) -> None:
        """Forget all samples (and the inner averages')."""
        for gd in (self._gd1, self._gd2, self._gd3):
            gd.reset()
        super().reset()


class KaufmanAdaptiveMovingAverage(_PascalAttributes, Indicator):
    """KAMA (``KaufmanAdaptiveMovingAverage.cs``, the version with fast/slow EMA periods 2 and 30
    by default): the input until ready; on input ``period + 1`` it starts from the previous input
    and moves ``sc * (input - kama)``, ``sc = (er * (2/(fast+1) - 2/(slow+1)) + 2/(slow+1))^2``,
    ``er = |change over period| / sum of |1-input changes|`` (1 when that sum is 0 or not above
    the signed change, as LEAN/TA-Lib). Ready after ``period + 1`` inputs."""

    def __init__(
        self, name_or_period: str | int, period: Any = None, fast_ema_period: Any = None, slow_ema_period: Any = None
    ) -> None:
        if isinstance(name_or_period, int):  # KAMA(period[, fast[, slow]])
            if period is not None:
                fast_ema_period, slow_ema_period = period, fast_ema_period
            period = name_or_period
        fast_ema_period = 2 if fast_ema_period is None else fast_ema_period
        slow_ema_period = 30 if slow_ema_period is None else slow_ema_period
        if isinstance(name_or_period, int):
            name_or_period = f"KAMA({period},{fast_ema_period},{slow_ema_period})"
        name, period = name_and_period(name_or_period, period, "KAMA({})", "KaufmanAdaptiveMovingAverage")
        super().__init__(name)
        self.period = period
        self.fast_ema_period = int(fast_ema_period)
        self.slow_ema_period = int(slow_ema_period)
        self.warm_up_period = period + 1
        self._slow_factor = 2.0 / (self.slow_ema_period + 1)
        self._diff_factor = 2.0 / (self.fast_ema_period + 1) - self._slow_factor
        self._window: deque[float] = deque(maxlen=period + 1)
        self._sum_roc1 = 0.0
        self._previous_kama = 0.0
        self._trailing_value = 0.0

    def compute_next(self, value: float) -> float:
        window = self._window
        window.appendleft(value)
        samples = self.samples
        size = self.period + 1  # LEAN's WindowIndicator.Period: the window size
        if samples < size:
            if samples > 1:
                self._sum_roc1 += abs(value - window[1])
            return value
        if samples == size:
            self._sum_roc1 += abs(value - window[1])
            self._previous_kama = window[1]
        trailing = window[size - 1]
        period_roc = value - trailing
        if samples > size:
            self._sum_roc1 -= abs(self._trailing_value - trailing)
            self._sum_roc1 += abs(value - window[1])
        self._trailing_value = trailing
        sum_roc1 = self._sum_roc1
        efficiency = 1.0 if sum_roc1 <= period_roc or sum_roc1 == 0 else abs(period_roc / sum_roc1)
        smoothing = efficiency * self._diff_factor + self._slow_factor
        smoothing *= smoothing
        self._previous_kama = (value - self._previous_kama) * smoothing + self._previous_kama
        return self._previous_kama

    def reset(self) -> None:
        """Forget all samples."""
        self._window.clear()
        self._sum_roc1 = self._previous_kama = self._trailing_value = 0.0
        super().reset()


class HullMovingAverage(_TimedIndicator):
    """HMA (``HullMovingAverage.cs``): an LWMA of period ``k = round(sqrt(period))`` over
    ``2 * LWMA(round(period / 2)) - LWMA(period)``, fed once both are ready (``round`` is
    banker's rounding, as C#'s ``Math.Round``); its value is the outer LWMA's. Ready with the
    outer LWMA, after ``period + k - 1`` inputs; the period must be at least 2."""

    def __init__(self, name_or_period: str | int, period: int | None = None) -> None:
        name, period = name_and_period(name_or_period, period, "HMA({})", "HullMovingAverage", ArgumentException)
        if period < 2:
            raise ArgumentException("The Hull Moving Average period should be greater or equal to 2")
        super().__init__(name)
        self.period = period
        self._slow = LinearWeightedMovingAverage(period)
        self._fast = LinearWeightedMovingAverage(round(period / 2))
        k = round(math.sqrt(period))
        self._hull = LinearWeightedMovingAverage(k)
        self.warm_up_period = period + k - 1

    @property
    def is_ready(self) -> bool:
        """True once the outer LWMA is ready."""
        return self._hull.is_ready

    def compute_next(self, value: float) -> float:
        time = self._time
        fast, slow = self._fast, self._slow
        fast.update(time, value)
        slow.update(time, value)
        if fast.is_ready and slow.is_ready:
            self._hull.update(time, 2 * fast.current.value - slow.current.value)
        return self._hull.current.value

    def reset(self) -> None:
        """Forget all samples (and the inner averages')."""
        for lwma in (self._slow, self._fast, self._hull):
            lwma.reset()
        super().reset()


class ArnaudLegouxMovingAverage(_PascalAttributes, Indicator):
    """ALMA (``ArnaudLegouxMovingAverage.cs``): the last ``period`` inputs weighted by a normal
    curve centred at ``floor(offset * (period - 1))`` (from the oldest) with width
    ``period / sigma`` (sigma 6, offset 0.85 by default); the input itself until ready (after
    ``period`` inputs)."""

    def __init__(
        self, name_or_period: str | int, period: Any = None, sigma: Any = None, offset: Any = None
    ) -> None:
        if isinstance(name_or_period, int):  # ALMA(period[, sigma[, offset]])
            if period is not None:
                sigma, offset = period, sigma
            period = name_or_period
        sigma = 6 if sigma is None else sigma
        offset = 0.85 if offset is None else float(offset)
        if isinstance(name_or_period, int):
            name_or_period = f"ALMA({period},{sigma},{_decimal_text(offset)})"
        name, period = name_and_period(name_or_period, period, "ALMA({})", "ArnaudLegouxMovingAverage")
        if offset < 0 or offset > 1:
            raise ArgumentException(f"Offset parameter range is [0,1]. Value: {offset}")
        super().__init__(name)
        self.period = period
        self.sigma = int(sigma)
        self.offset = float(offset)
        self.warm_up_period = period
        m = math.floor(self.offset * (period - 1))
        s = period / self.sigma
        curve = [math.exp(-(i - m) * (i - m) / (2 * s * s)) for i in range(period)]
        total = sum(curve)
        # newest first: window[0] gets the weight of the curve's last point
        self._weights = [c / total for c in reversed(curve)]
        self._window: deque[float] = deque(maxlen=period)

    def compute_next(self, value: float) -> float:
        window = self._window
        window.appendleft(value)
        if len(window) < self.period:
            return value
        return sum(x * w for x, w in zip(window, self._weights, strict=True))

    def reset(self) -> None:
        """Forget all samples."""
        self._window.clear()
        super().reset()


class RelativeStrengthIndex(_TimedIndicator):
    """RSI (``RelativeStrengthIndex.cs``): averages of gains and losses (Wilder's by default);
    ``100 - 100 / (1 + gain / loss)``, 100 while the average loss rounds to 0 (10 places).
    Ready when both averages are (``period + 1`` inputs)."""

    def __init__(
        self, name_or_period: str | int, period: Any = None, moving_average_type: Any = MovingAverageType.WILDERS
    ) -> None:
        if isinstance(name_or_period, int):
            if period is not None:  # RelativeStrengthIndex(14, MovingAverageType.SIMPLE)
                moving_average_type = period
            period, name = name_or_period, f"RSI({name_or_period})"
        else:
            name = name_or_period
        self.moving_average_type = MovingAverageType(int(moving_average_type))
        super().__init__(name)
        self.period = int(period)
        self.average_gain = moving_average(self.moving_average_type, name + "Up", self.period)
        self.average_loss = moving_average(self.moving_average_type, name + "Down", self.period)
        self.warm_up_period = self.period + 1
        self._previous_input: float | None = None

    @property
    def is_ready(self) -> bool:
        """True once both the average gain and the average loss are ready."""
        return self.average_gain.is_ready and self.average_loss.is_ready

    def compute_next(self, value: float) -> float:
        previous = self._previous_input
        time = self._time
        if previous is not None:
            if value >= previous:
                self.average_gain.update(time, value - previous)
                self.average_loss.update(time, 0.0)
            else:
                self.average_gain.update(time, 0.0)
                self.average_loss.update(time, previous - value)
        self._previous_input = value
        # averages can go negative with some moving-average types (DEMA) in LEAN: clamp at 0
        average_loss = max(self.average_loss.current.value, 0.0)
        average_gain = max(self.average_gain.current.value, 0.0)
        if round(average_loss, 10) == 0:
            return 100.0
        return 100.0 - 100.0 / (1 + average_gain / average_loss)

    def reset(self) -> None:
        """Forget all samples (and the averages')."""
        self._previous_input = None
        self.average_gain.reset()
        self.average_loss.reset()
        super().reset()


class TrueRange(_PascalAttributes, IndicatorBase):
    """True range of bars (``TrueRange.cs``): ``high - low`` on the first bar, then the largest of
    that and the distances from the previous close to this high and low. Ready after 2 bars
    (``IsReady => Samples > 1``, ``WarmUpPeriod => 2``: the stored C# at dbacef55; another stored,
    older-style version, 591666de, says ``Samples >= 1`` / ``1`` with the same values)."""

    input_type = TradeBar
    warm_up_period = 2

    def __init__(self, name: str = "TR") -> None:
        super().__init__(name)
        self._previous_bar: Any = None

    @property
    def is_ready(self) -> bool:
        """True after two bars."""
        return self.samples > 1

    def compute_next_value(self, input: Any) -> float:
        greatest = float(input.high) - float(input.low)
        previous = self._previous_bar
        self._previous_bar = input
        if previous is None or self.samples <= 1:
            return greatest
        close = float(previous.close)
        return max(greatest, abs(close - float(input.high)), abs(close - float(input.low)))

    def reset(self) -> None:
        """Forget all bars."""
        self._previous_bar = None
        super().reset()


class AverageTrueRange(_PascalAttributes, IndicatorBase):
    """ATR (``AverageTrueRange.cs``): a moving average (Wilder's by default) of the
    :class:`TrueRange`, fed from the first bar; takes bars (``update(trade_bar)``)."""

    input_type = TradeBar

    def __init__(
        self, name_or_period: str | int, period: Any = None, moving_average_type: Any = MovingAverageType.WILDERS
    ) -> None:
        if isinstance(name_or_period, int):
            if period is not None:  # AverageTrueRange(14, MovingAverageType.SIMPLE)
                moving_average_type = period
            period, name = name_or_period, f"ATR({name_or_period})"
        else:
            name = name_or_period
        super().__init__(name)
        self.period = int(period)
        self.moving_average_type = MovingAverageType(int(moving_average_type))
        self.warm_up_period = self.period
        self.true_range = TrueRange(name)
        self._smoother = moving_average(self.moving_average_type, f"{name}_{self.moving_average_type}", self.period)

    @property
    def is_ready(self) -> bool:
        """True once the smoothing average is ready (``period`` bars)."""
        return self._smoother.is_ready

    def compute_next_value(self, input: Any) -> float:
        if self.selector is not None:
            input = self.selector(input)
        true_range = self.true_range
        true_range.update(input)
        self._smoother.update(true_range.current.time, true_range.current.value)
        return self._smoother.current.value

    def reset(self) -> None:
        """Forget all bars."""
        self._smoother.reset()
        self.true_range.reset()
        super().reset()


class BollingerBands(_TimedIndicator):
    """Bollinger Bands (``BollingerBands.cs``): a moving average (simple by default) of ``period``
    values with bands ``k`` population standard deviations above and below. The indicator's own
    value is its input; ``band_width = (upper - lower) / middle * 100`` and
    ``percent_b = (price - lower) / (upper - lower)`` keep their last value when the divisor is
    0 (LEAN's ``Over`` reports a math error and the composite is not updated)."""

    def __init__(
        self,
        name_or_period: str | int,
        period: Any = None,
        k: Any = None,
        moving_average_type: Any = MovingAverageType.SIMPLE,
    ) -> None:
        if isinstance(name_or_period, int):
            if k is not None:  # BollingerBands(20, 2, MovingAverageType.EXPONENTIAL)
                moving_average_type = k
            period, k, name = name_or_period, period, f"BB({name_or_period},{period})"
        else:
            name = name_or_period
        super().__init__(name)
        self.period = int(period)
        self.k = float(k)
        self.moving_average_type = MovingAverageType(int(moving_average_type))
        self.warm_up_period = self.period
        self.standard_deviation = StandardDeviation(name + "_StandardDeviation", self.period)
        self.middle_band = moving_average(self.moving_average_type, name + "_MiddleBand", self.period)

        def bands_ready() -> bool:
            return self.middle_band.is_ready and self.standard_deviation.is_ready

        self.upper_band = _Derived(name + "_UpperBand", bands_ready)
        self.lower_band = _Derived(name + "_LowerBand", bands_ready)
        self.band_width = _Derived(name + "_BandWidth", bands_ready)
        self.price = _Derived(name + "_Close")
        self.percent_b = _Derived(name + "_%B", bands_ready)

    @property
    def is_ready(self) -> bool:
        """True once the middle band and the standard deviation are ready (``period`` values)."""
        return self.middle_band.is_ready and self.standard_deviation.is_ready

    def compute_next(self, value: float) -> float:
        time = self._time
        self.standard_deviation.update(time, value)
        self.middle_band.update(time, value)
        middle = self.middle_band.current.value
        spread = self.k * self.standard_deviation.current.value
        upper, lower = middle + spread, middle - spread
        self.upper_band.push(time, upper)
        self.lower_band.push(time, lower)
        width = upper - lower
        if middle != 0:
            self.band_width.push(time, width / middle * 100.0)
        else:
            self.band_width.count_failed()
        self.price.push(time, value)
        if width != 0:
            self.percent_b.push(time, (value - lower) / width)
        else:
            self.percent_b.count_failed()
        return value

    def reset(self) -> None:
        """Forget all samples (and every band's)."""
        for part in (
            self.standard_deviation,
            self.middle_band,
            self.upper_band,
            self.lower_band,
            self.band_width,
            self.percent_b,
            self.price,
        ):
            part.reset()
        super().reset()


class MovingAverageConvergenceDivergence(_TimedIndicator):
    """MACD (``MovingAverageConvergenceDivergence.cs``): ``fast - slow`` averages (exponential by
    default); the ``signal`` average of it starts once both are ready, the ``histogram`` is
    ``macd - signal`` once the signal is ready. Ready with the signal
    (``slow + signal - 1`` inputs)."""

    def __init__(
        self,
        name_or_fast: str | int,
        fast_period: Any = None,
        slow_period: Any = None,
        signal_period: Any = None,
        moving_average_type: Any = MovingAverageType.EXPONENTIAL,
    ) -> None:
        if isinstance(name_or_fast, int):  # (fast, slow, signal[, type])
            if signal_period is not None:
                moving_average_type = signal_period
            fast_period, slow_period, signal_period = name_or_fast, fast_period, slow_period
            name = f"MACD({fast_period},{slow_period},{signal_period})"
        else:
            name = name_or_fast
        if int(fast_period) >= int(slow_period):
            raise ArgumentException("MovingAverageConvergenceDivergence: fastPeriod must be less than slowPeriod")
        super().__init__(name)
        kind = MovingAverageType(int(moving_average_type))
        self.moving_average_type = kind
        self.fast = moving_average(kind, name + "_Fast", int(fast_period))
        self.slow = moving_average(kind, name + "_Slow", int(slow_period))
        self.signal = moving_average(kind, name + "_Signal", int(signal_period))
        self.histogram = _Derived(name + "_Histogram")
        self.warm_up_period = int(slow_period) + int(signal_period) - 1

    @property
    def is_ready(self) -> bool:
        """True once the signal average is ready."""
        return self.signal.is_ready

    def compute_next(self, value: float) -> float:
        time = self._time
        fast_ready = self.fast.update(time, value)
        slow_ready = self.slow.update(time, value)
        macd = self.fast.current.value - self.slow.current.value
        if fast_ready and slow_ready and self.signal.update(time, macd):
            self.histogram.push(time, macd - self.signal.current.value)
        return macd

    def reset(self) -> None:
        """Forget all samples (and the averages')."""
        for part in (self.fast, self.slow, self.signal, self.histogram):
            part.reset()
        super().reset()


class _WindowIndicator(_TimedIndicator):
    """LEAN's ``WindowIndicator<IndicatorDataPoint>``: keeps the last ``period`` inputs in a
    :class:`RollingWindow` (``window_inputs``), added before the value is computed."""

    name_format = "{}"

    def __init__(self, name_or_period: str | int, period: int | None = None) -> None:
        name, period = name_and_period(name_or_period, period, self.name_format, type(self).__name__, ArgumentException)
        super().__init__(name)
        self.period = int(period)
        self.warm_up_period = self.period
        self._inputs: RollingWindow[float] = RollingWindow(self.period)

    @property
    def is_ready(self) -> bool:
        """True once the input window is full."""
        return self._inputs.is_ready

    def compute_next(self, value: float) -> float:
        self._inputs.add(value)
        return self.compute_window(self._inputs, value)

    def compute_window(self, window: RollingWindow[float], value: float) -> float:
        """The next value given the input window (the input already added) and the input."""
        raise NotImplementedError

    def reset(self) -> None:
        """Forget all samples and the input window."""
        super().reset()
        self._inputs.reset()


class Momentum(_WindowIndicator):
    """Momentum (``Momentum.cs``): the input minus the one that fell off a ``period`` window (the
    oldest input while nothing has). Ready, and warm, after ``period`` inputs, as the stored
    LEAN version (``WarmUpPeriod => Period``)."""

    name_format = "MOM({})"

    def compute_window(self, window: RollingWindow[float], value: float) -> float:
        if window.samples <= window.size:
            return value - window[window.count - 1]
        return value - window.most_recently_removed


class RateOfChange(_WindowIndicator):
    """Rate of change (``RateOfChange.cs``): ``(input - past) / past``, ``past`` being the input
    that fell off a ``period`` window (the oldest while nothing has); 0 when ``past`` is 0.
    Ready after ``period + 1`` inputs (LEAN's ``IsReady => Samples > Period``)."""

    name_format = "ROC({})"

    def __init__(self, name_or_period: str | int, period: int | None = None) -> None:
        super().__init__(name_or_period, period)
        self.warm_up_period = self.period + 1

    @property
    def is_ready(self) -> bool:
        """True after ``period + 1`` inputs."""
        return self.samples > self.period

    def compute_window(self, window: RollingWindow[float], value: float) -> float:
        past = window[window.count - 1] if window.samples <= window.size else window.most_recently_removed
        if past == 0:
            return 0.0
        return (value - past) / past


class Maximum(_WindowIndicator):
    """Highest of the last ``period`` inputs (``Maximum.cs``) and ``periods_since_maximum``.
    The ``algorithm.max`` helper feeds a trade bar's high."""

    name_format = "MAX({})"

    def __init__(self, name_or_period: str | int, period: int | None = None) -> None:
        super().__init__(name_or_period, period)
        self.periods_since_maximum = 0

    @property
    def is_ready(self) -> bool:
        """True after ``period`` inputs."""
        return self.samples >= self.period

    def compute_window(self, window: RollingWindow[float], value: float) -> float:
        if self.samples == 1 or value >= self.current.value:
            self.periods_since_maximum = 0
            return value
        if self.periods_since_maximum >= self.period - 1:
            # the window enumerates newest first; the first (newest) of equal highs wins
            values = list(window)
            index = max(range(len(values)), key=values.__getitem__)
            self.periods_since_maximum = index
            return float(values[index])
        self.periods_since_maximum += 1
        return self.current.value

    def reset(self) -> None:
        """Forget all samples."""
        self.periods_since_maximum = 0
        super().reset()


class Minimum(_WindowIndicator):
    """Lowest of the last ``period`` inputs (``Minimum.cs``) and ``periods_since_minimum``.
    The ``algorithm.min`` helper feeds a trade bar's low."""

    name_format = "MIN({})"

    def __init__(self, name_or_period: str | int, period: int | None = None) -> None:
        super().__init__(name_or_period, period)
        self.periods_since_minimum = 0

    @property
    def is_ready(self) -> bool:
        """True after ``period`` inputs."""
        return self.samples >= self.period

    def compute_window(self, window: RollingWindow[float], value: float) -> float:
        if self.samples == 1 or value <= self.current.value:
            self.periods_since_minimum = 0
            return value
        if self.periods_since_minimum >= self.period - 1:
            values = list(window)
            index = min(range(len(values)), key=values.__getitem__)
            self.periods_since_minimum = index
            return float(values[index])
        self.periods_since_minimum += 1
        return self.current.value

    def reset(self) -> None:
        """Forget all samples."""
        self.periods_since_minimum = 0
        super().reset()


_MA_CLASSES: dict[MovingAverageType, Any] = {
    MovingAverageType.SIMPLE: SimpleMovingAverage,
    MovingAverageType.EXPONENTIAL: ExponentialMovingAverage,
    MovingAverageType.WILDERS: WilderMovingAverage,
    MovingAverageType.LINEAR_WEIGHTED_MOVING_AVERAGE: LinearWeightedMovingAverage,
    MovingAverageType.DOUBLE_EXPONENTIAL: DoubleExponentialMovingAverage,
    MovingAverageType.TRIPLE_EXPONENTIAL: TripleExponentialMovingAverage,
    MovingAverageType.TRIANGULAR: TriangularMovingAverage,
    MovingAverageType.T3: T3MovingAverage,
    MovingAverageType.KAMA: KaufmanAdaptiveMovingAverage,
    MovingAverageType.HULL: HullMovingAverage,
    MovingAverageType.ALMA: ArnaudLegouxMovingAverage,
}

RSI = RelativeStrengthIndex
LWMA = LinearWeightedMovingAverage
DEMA = DoubleExponentialMovingAverage
TEMA = TripleExponentialMovingAverage
TRIMA = TriangularMovingAverage
T3 = T3MovingAverage
KAMA = KaufmanAdaptiveMovingAverage
HMA = HullMovingAverage
ALMA = ArnaudLegouxMovingAverage
ATR = AverageTrueRange
BB = BollingerBands
MACD = MovingAverageConvergenceDivergence
MOM = Momentum
ROC = RateOfChange
MAX = Maximum
MIN = Minimum

for _cls in (
    WilderMovingAverage,
    LinearWeightedMovingAverage,
    DoubleExponentialMovingAverage,
    TripleExponentialMovingAverage,
    TriangularMovingAverage,
    T3MovingAverage,
    KaufmanAdaptiveMovingAverage,
    HullMovingAverage,
    ArnaudLegouxMovingAverage,
    RelativeStrengthIndex,
    TrueRange,
    AverageTrueRange,
    BollingerBands,
    MovingAverageConvergenceDivergence,
    Momentum,
    RateOfChange,
    Maximum,
    Minimum,
):
    add_pascal_aliases(_cls)

__all__ = [
    "ALMA",
    "ATR",
    "BB",
    "DEMA",
    "HMA",
    "KAMA",
    "LWMA",
    "MACD",
    "MAX",
    "MIN",
    "MOM",
    "ROC",
    "RSI",
    "T3",
    "TEMA",
    "TRIMA",
    "ArnaudLegouxMovingAverage",
    "AverageTrueRange",
    "BollingerBands",
    "DoubleExponentialMovingAverage",
    "HullMovingAverage",
    "IndicatorDataPoint",
    "KaufmanAdaptiveMovingAverage",
    "LinearWeightedMovingAverage",
    "Maximum",
    "Minimum",
    "Momentum",
    "MovingAverageConvergenceDivergence",
    "MovingAverageType",
    "RateOfChange",
    "RelativeStrengthIndex",
    "T3MovingAverage",
    "TriangularMovingAverage",
    "TripleExponentialMovingAverage",
    "TrueRange",
    "WilderMovingAverage",
    "moving_average",
]
