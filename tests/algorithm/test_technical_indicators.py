"""RSI, ATR, Bollinger Bands, MACD, momentum, rate of change, maximum and minimum against
short independent computations (textbook formulas written out here), plus LEAN's readiness,
reset and sub-indicator rules read in QuantConnect/Lean ``Indicators/*.cs``."""

from __future__ import annotations

import itertools
import statistics
from datetime import timedelta

import pytest

from keel.algorithm.rolling_window import ArgumentException
from keel.algorithm.technical_indicators import (
    AverageTrueRange,
    BollingerBands,
    Maximum,
    Minimum,
    Momentum,
    MovingAverageConvergenceDivergence,
    MovingAverageType,
    RateOfChange,
    RelativeStrengthIndex,
    WilderMovingAverage,
)
from keel.model.bars import TradeBar
from keel.model.enums import SecurityType
from keel.model.symbol import Symbol

from .indicator_reference import CLOSES as ALL_CLOSES
from .indicator_reference import T0, feed
from .indicator_reference import ema as _ema

ES = Symbol.create("ES", SecurityType.FUTURE, "cme")
CLOSES = ALL_CLOSES[:30]


def _feed(indicator: object, values: list[float]) -> list[float]:
    return feed(indicator, values)[0]


def _wilder(values: list[float], period: int) -> list[float]:
    """Wilder's smoothing: the mean of the first ``period`` values, then ``(prev * (n-1) + x) / n``."""
    out = [statistics.fmean(values[:period])]
    for value in values[period:]:
        out.append((out[-1] * (period - 1) + value) / period)
    return out


# ---------------------------------------------------------------- RSI
def test_rsi_wilders_default_matches_the_textbook_rsi() -> None:
    period = 14
    rsi = RelativeStrengthIndex(period)
    assert rsi.moving_average_type is MovingAverageType.WILDERS and rsi.name == "RSI(14)"
    values = _feed(rsi, CLOSES)
    changes = [b - a for a, b in itertools.pairwise(CLOSES)]
    gains = _wilder([max(c, 0.0) for c in changes], period)
    losses = _wilder([max(-c, 0.0) for c in changes], period)
    expected = [100 - 100 / (1 + g / lo) for g, lo in zip(gains, losses)]
    assert values[period:] == pytest.approx(expected, abs=1e-9)
    assert values[period] == pytest.approx(70.464, abs=1e-3)  # Wilder's worked example
    assert rsi.warm_up_period == period + 1


def test_rsi_is_ready_after_period_plus_one_values_and_100_without_losses() -> None:
    rsi = RelativeStrengthIndex(3)
    _feed(rsi, [1.0, 2.0, 3.0])
    assert not rsi.is_ready and rsi.current.value == 100.0  # no loss yet: 100
    _feed(rsi, [4.0])
    assert rsi.is_ready and rsi.samples == 4 and rsi.average_gain.is_ready and rsi.AverageLoss.is_ready


def test_rsi_simple_averages_the_last_period_changes() -> None:
    rsi = RelativeStrengthIndex("rsi", 5, MovingAverageType.SIMPLE)
    values = _feed(rsi, CLOSES)
    changes = [b - a for a, b in itertools.pairwise(CLOSES)]
    for i in range(5, len(CLOSES)):
        window = changes[i - 5 : i]
        gain = sum(max(c, 0.0) for c in window) / 5
        loss = sum(max(-c, 0.0) for c in window) / 5
        expected = 100.0 if loss == 0 else 100 - 100 / (1 + gain / loss)  # no loss: 100
        assert values[i] == pytest.approx(expected, abs=1e-9)


def test_rsi_exponential_uses_emas_of_gains_and_losses() -> None:
    rsi = RelativeStrengthIndex(5, MovingAverageType.EXPONENTIAL)
    values = _feed(rsi, CLOSES)
    changes = [b - a for a, b in itertools.pairwise(CLOSES)]
    gains = _ema([max(c, 0.0) for c in changes], 5)
    losses = _ema([max(-c, 0.0) for c in changes], 5)
    assert values[5:] == pytest.approx([100 - 100 / (1 + g / lo) for g, lo in zip(gains, losses)], abs=1e-9)


def test_rsi_reset_forgets_everything() -> None:
    rsi = RelativeStrengthIndex(3)
    first = _feed(rsi, CLOSES[:8])
    rsi.reset()
    assert rsi.samples == 0 and not rsi.is_ready and rsi.average_gain.samples == 0 and rsi.current.value == 0.0
    assert _feed(rsi, CLOSES[:8]) == first


def test_wilder_moving_average() -> None:
    wwma = WilderMovingAverage(4)
    values = _feed(wwma, CLOSES[:10])
    assert values[:3] == pytest.approx([statistics.fmean(CLOSES[: i + 1]) for i in range(3)])
    assert values[3:] == pytest.approx(_wilder(CLOSES[:10], 4))
    assert not WilderMovingAverage(4).is_ready and wwma.is_ready


# ---------------------------------------------------------------- ATR
def _bars(rows: list[tuple[float, float, float]]) -> list[TradeBar]:
    bars = []
    for i, (high, low, close) in enumerate(rows):
        start = T0 + timedelta(minutes=i)
        bars.append(TradeBar(ES, start, start + timedelta(minutes=1), close, high, low, close, 1.0))
    return bars


HLC = [(48.70, 47.79, 48.16), (48.72, 48.14, 48.61), (48.90, 48.39, 48.75), (48.87, 48.37, 48.63),
       (48.82, 48.24, 48.74), (49.05, 48.64, 49.03), (49.20, 48.94, 49.07), (49.35, 48.86, 49.32),
       (49.92, 49.50, 49.91), (50.19, 49.87, 50.13), (50.12, 49.20, 49.53), (49.66, 48.90, 49.50)]


def _true_ranges(rows: list[tuple[float, float, float]]) -> list[float]:
    out = [rows[0][0] - rows[0][1]]
    for (_, _, prev_close), (high, low, _) in itertools.pairwise(rows):
        out.append(max(high - low, abs(high - prev_close), abs(low - prev_close)))
    return out


def test_atr_wilders_of_the_true_range_from_bars() -> None:
    atr = AverageTrueRange(5)
    assert atr.moving_average_type is MovingAverageType.WILDERS and atr.name == "ATR(5)"
    values = []
    for bar in _bars(HLC):
        atr.update(bar)
        values.append(atr.current.value)
    assert values[4:] == pytest.approx(_wilder(_true_ranges(HLC), 5), abs=1e-12)
    assert atr.current.time == T0 + timedelta(minutes=len(HLC))  # the bar's end time
    assert atr.true_range.current.value == pytest.approx(_true_ranges(HLC)[-1])


def test_atr_ready_after_period_bars_simple_type_and_reset() -> None:
    atr = AverageTrueRange("atr", 3, MovingAverageType.SIMPLE)
    bars = _bars(HLC)
    for bar in bars[:2]:
        atr.update(bar)
    assert not atr.is_ready and atr.warm_up_period == 3
    atr.update(bars[2])
    assert atr.is_ready and atr.current.value == pytest.approx(statistics.fmean(_true_ranges(HLC)[:3]))
    atr.reset()
    assert not atr.is_ready and atr.samples == 0 and atr.true_range.samples == 0
    atr.update(bars[5])  # after a reset the first bar has no previous close again
    assert atr.true_range.current.value == pytest.approx(HLC[5][0] - HLC[5][1])


# ---------------------------------------------------------------- Bollinger Bands
def test_bollinger_bands_match_mean_and_population_deviation() -> None:
    bb = BollingerBands(5, 2)
    assert bb.name == "BB(5,2)" and bb.moving_average_type is MovingAverageType.SIMPLE
    for i, value in enumerate(CLOSES):
        bb.update(T0 + timedelta(minutes=i), value)
        assert bb.current.value == value  # the indicator's own value is its input
        if i < 4:
            assert not bb.is_ready
            continue
        window = CLOSES[i - 4 : i + 1]
        mean, deviation = statistics.fmean(window), statistics.pstdev(window)
        upper, lower = mean + 2 * deviation, mean - 2 * deviation
        assert bb.is_ready
        assert bb.middle_band.current.value == pytest.approx(mean)
        assert bb.standard_deviation.current.value == pytest.approx(deviation)
        assert bb.upper_band.current.value == pytest.approx(upper)
        assert bb.LowerBand.current.value == pytest.approx(lower)
        assert bb.band_width.current.value == pytest.approx((upper - lower) / mean * 100)
        assert bb.percent_b.current.value == pytest.approx((value - lower) / (upper - lower))
        assert bb.price.current.value == value


def test_bollinger_percent_b_keeps_its_value_when_the_bands_touch() -> None:
    bb = BollingerBands(3, 2)
    _feed(bb, [10.0, 11.0, 12.0, 12.0])
    before = bb.percent_b.current.value
    _feed(bb, [12.0, 12.0])  # flat: upper == lower, LEAN's Over reports a math error
    assert bb.upper_band.current.value == bb.lower_band.current.value == 12.0
    assert bb.percent_b.current.value == before and bb.percent_b.samples == 6
    bb.reset()
    assert bb.samples == 0 and bb.upper_band.samples == 0 and not bb.is_ready and bb.percent_b.current.value == 0.0


# ---------------------------------------------------------------- MACD
def test_macd_signal_and_histogram() -> None:
    macd = MovingAverageConvergenceDivergence(3, 6, 4)
    assert macd.name == "MACD(3,6,4)" and macd.warm_up_period == 9
    values = _feed(macd, CLOSES)
    fast, slow = _ema(CLOSES, 3), _ema(CLOSES, 6)
    line = [f - s for f, s in zip(fast[3:], slow)]  # from the slow EMA's first value on
    signal = _ema(line, 4)
    assert values[5:] == pytest.approx(line)
    assert macd.signal.current.value == pytest.approx(signal[-1])
    assert macd.histogram.current.value == pytest.approx(line[-1] - signal[-1])
    assert macd.Fast.current.value == pytest.approx(fast[-1]) and macd.slow.current.value == pytest.approx(slow[-1])


def test_macd_ready_with_its_signal_and_rejects_fast_not_below_slow() -> None:
    macd = MovingAverageConvergenceDivergence("m", 2, 4, 3, MovingAverageType.SIMPLE)
    _feed(macd, CLOSES[:5])
    assert not macd.is_ready and macd.histogram.samples == 0
    _feed(macd, CLOSES[5:6])
    assert macd.is_ready and macd.samples == 6 == macd.warm_up_period
    assert macd.histogram.samples == 1
    with pytest.raises(ArgumentException):
        MovingAverageConvergenceDivergence(5, 5, 3)


# ---------------------------------------------------------------- momentum, rate of change
def test_momentum_against_the_oldest_then_the_dropped_value() -> None:
    mom = Momentum(3)
    values = _feed(mom, CLOSES[:8])
    assert values[:3] == pytest.approx([CLOSES[i] - CLOSES[0] for i in range(3)])
    assert values[3:] == pytest.approx([CLOSES[i] - CLOSES[i - 3] for i in range(3, 8)])
    ready = Momentum(3)
    _feed(ready, CLOSES[:2])
    assert not ready.is_ready
    _feed(ready, CLOSES[2:3])
    assert ready.is_ready and ready.warm_up_period == 3 and ready.name == "MOM(3)"


def test_rate_of_change() -> None:
    roc = RateOfChange(3)
    values = _feed(roc, CLOSES[:8])
    assert values[:3] == pytest.approx([(CLOSES[i] - CLOSES[0]) / CLOSES[0] for i in range(3)])
    assert values[3:] == pytest.approx([(CLOSES[i] - CLOSES[i - 3]) / CLOSES[i - 3] for i in range(3, 8)])
    fresh = RateOfChange(3)
    _feed(fresh, CLOSES[:3])
    assert not fresh.is_ready and fresh.warm_up_period == 4  # LEAN: Samples > Period
    _feed(fresh, CLOSES[3:4])
    assert fresh.is_ready
    zero = RateOfChange(1)
    assert _feed(zero, [0.0, 5.0]) == [0.0, 0.0]
    fresh.reset()
    assert fresh.samples == 0 and _feed(fresh, [2.0, 3.0]) == pytest.approx([0.0, 0.5])


# ---------------------------------------------------------------- maximum, minimum
def test_maximum_and_minimum_over_the_last_period_values() -> None:
    values = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0, 8.0, 9.0, 7.0, 9.0, 3.0, 2.0, 3.0]
    period = 4
    highest, lowest = Maximum(period), Minimum(period)
    for i, value in enumerate(values):
        highest.update(T0 + timedelta(minutes=i), value)
        lowest.update(T0 + timedelta(minutes=i), value)
        window = values[max(0, i - period + 1) : i + 1]
        assert highest.current.value == max(window) and lowest.current.value == min(window)
        newest_first = window[::-1]
        assert highest.periods_since_maximum == newest_first.index(max(window))
        assert lowest.PeriodsSinceMinimum == newest_first.index(min(window))
        assert highest.is_ready == (i + 1 >= period)
    highest.reset()
    assert highest.samples == 0 and highest.periods_since_maximum == 0 and not highest.is_ready
    assert highest.name == "MAX(4)" and lowest.name == "MIN(4)"


def test_macd_before_the_slow_average_is_ready_follows_the_emas_zero_before_ready() -> None:
    """LEAN's newer EMA is 0 until ready, so the MACD line is 0, then ``fast`` alone until the slow
    EMA is ready (no running averages)."""
    macd = MovingAverageConvergenceDivergence(3, 6, 4)
    values = _feed(macd, CLOSES[:6])
    assert values[:2] == [0.0, 0.0]
    fast = _ema(CLOSES, 3)
    assert values[2:5] == pytest.approx(fast[:3])  # slow EMA still 0
    assert values[5] == pytest.approx(fast[3] - statistics.fmean(CLOSES[:6]))
