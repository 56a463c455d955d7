"""LEAN's everyday technical indicators: RSI, ATR, Bollinger Bands, MACD, momentum, rate of
change, maximum and minimum, with the moving-average types they are built from.

Each class follows the C# file of the same name in QuantConnect/Lean ``Indicators/`` (the
versions stored for reference; where LEAN changed a rule over time the docstring says which one
is followed). Values are floats where LEAN uses decimals.
"""

from __future__ import annotations

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
    """A moving average of type ``kind`` (LEAN's ``AsIndicator``): simple, exponential and Wilder's
    are supported; the other types raise ``NotImplementedError``."""
    kind = MovingAverageType(int(kind))
    if kind is MovingAverageType.SIMPLE:
        return SimpleMovingAverage(name, period)
    if kind is MovingAverageType.EXPONENTIAL:
        return ExponentialMovingAverage(name, period)
    if kind is MovingAverageType.WILDERS:
        return WilderMovingAverage(name, period)
    raise NotImplementedError(f"MovingAverageType.{_MA_TYPE_NAMES[int(kind)]} is not available in Keel yet")


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
    """An indicator that remembers its input's time (``_time``) for its sub-indicators' points."""

    _time: Any = None

    def update(self, time: Any, value: float | None = None) -> bool:
        """Feed a value (``update(time, value)``), a data point or a bar (its close/value)."""
        if value is None:
            point = time
            if type(point) is TradeBar and self.selector is None:
                time, value = point.end_time, point.close
            else:
                time, value = self._point_time_value(point)
        self._time = time
        return Indicator.update(self, time, value)


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
    that and the distances from the previous close to this high and low. Ready after 2 bars."""

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


RSI = RelativeStrengthIndex
ATR = AverageTrueRange
BB = BollingerBands
MACD = MovingAverageConvergenceDivergence
MOM = Momentum
ROC = RateOfChange
MAX = Maximum
MIN = Minimum

for _cls in (
    WilderMovingAverage,
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
    "ATR",
    "BB",
    "MACD",
    "MAX",
    "MIN",
    "MOM",
    "ROC",
    "RSI",
    "AverageTrueRange",
    "BollingerBands",
    "IndicatorDataPoint",
    "Maximum",
    "Minimum",
    "Momentum",
    "MovingAverageConvergenceDivergence",
    "MovingAverageType",
    "RateOfChange",
    "RelativeStrengthIndex",
    "TrueRange",
    "WilderMovingAverage",
    "moving_average",
]
