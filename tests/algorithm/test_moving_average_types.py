"""LEAN's remaining ``MovingAverageType`` averages (LWMA, DEMA, TEMA, TRIMA, T3, KAMA, HMA, ALMA)
against short direct formulas written out here, with LEAN's readiness and ``WarmUpPeriod`` read
in QuantConnect/Lean ``Indicators/*.cs``, and their use through ``moving_average`` (RSI, BB) and
the algorithm helpers."""

from __future__ import annotations

import itertools
import math
import statistics
from pathlib import Path

import pytest

from AlgorithmImports import *  # noqa: F403
from keel.algorithm.rolling_window import ArgumentException
from keel.algorithm.technical_indicators import (
    ArnaudLegouxMovingAverage,
    BollingerBands,
    DoubleExponentialMovingAverage,
    HullMovingAverage,
    KaufmanAdaptiveMovingAverage,
    LinearWeightedMovingAverage,
    MovingAverageType,
    RelativeStrengthIndex,
    T3MovingAverage,
    TriangularMovingAverage,
    TripleExponentialMovingAverage,
    moving_average,
)
from keel.engine.backtest import run_backtest

from .indicator_reference import CLOSES, front_es_contract_on_2013_10_08
from .indicator_reference import ema as _ema
from .indicator_reference import feed as _feed


def _lwma(values: list[float], period: int) -> float:
    """Weighted mean of the last ``period`` values, weights ``period`` (newest) down to 1."""
    window = values[-period:][::-1]
    return sum((period - j) * x for j, x in enumerate(window)) / (period * (period + 1) / 2)


def _gd(values: list[float], period: int, factor: float) -> list[float]:
    """Generalised DEMA once ready: ``(1 + v) * ema1 - v * ema(ema1)``."""
    ema1 = _ema(values, period)
    ema2 = _ema(ema1, period)
    return [(1 + factor) * a - factor * b for a, b in zip(ema1[period - 1 :], ema2)]


def _ready_at(ready: list[bool]) -> int:
    """The number of inputs after which the indicator first reported ready (and stayed so)."""
    first = ready.index(True)
    assert all(ready[first:])
    return first + 1


@pytest.mark.parametrize("period", [1, 4, 5])
def test_lwma_weights_newest_most_and_uses_the_full_denominator_while_warming_up(period: int) -> None:
    values, ready = _feed(LinearWeightedMovingAverage(period), CLOSES)
    denominator = period * (period + 1) / 2
    for i, value in enumerate(values):
        seen = CLOSES[: i + 1][::-1][:period]
        expected = sum((period - j) * x for j, x in enumerate(seen)) / denominator
        assert value == pytest.approx(expected)
    assert _ready_at(ready) == period == LinearWeightedMovingAverage(period).WarmUpPeriod
    assert LinearWeightedMovingAverage(period).name == f"LWMA({period})"


def test_dema_is_two_emas_and_ready_after_2_period_minus_1() -> None:
    period = 4
    dema = DoubleExponentialMovingAverage(period)
    values, ready = _feed(dema, CLOSES)
    ema1 = _ema(CLOSES, period)
    ema2 = _ema(ema1, period)
    start = 2 * (period - 1)
    for i in range(start, len(CLOSES)):
        assert values[i] == pytest.approx(2 * ema1[i - (period - 1)] - ema2[i - start])
    assert values[: period - 1] == [0.0] * (period - 1)  # ema1's value (0 before ready) until ema2 starts
    assert _ready_at(ready) == dema.warm_up_period == 1 + 2 * (period - 1) == dema.WarmUpPeriod
    assert dema.name == "DEMA(4)"


def test_tema_is_three_emas_and_ready_after_3_period_minus_2() -> None:
    period = 4
    tema = TripleExponentialMovingAverage("tema", period)
    values, ready = _feed(tema, CLOSES)
    ema1 = _ema(CLOSES, period)
    ema2 = _ema(ema1, period)
    ema3 = _ema(ema2, period)
    start = 3 * (period - 1)
    for i in range(start, len(CLOSES)):
        j = i - (period - 1)
        assert values[i] == pytest.approx(3 * ema1[j] - 3 * ema2[j - (period - 1)] + ema3[i - start])
    assert _ready_at(ready) == tema.warm_up_period == 1 + 3 * (period - 1)
    assert tema.name == "tema"


@pytest.mark.parametrize(("period", "first", "second"), [(6, 3, 4), (5, 3, 3)])
def test_trima_is_a_running_mean_of_running_means(period: int, first: int, second: int) -> None:
    values, ready = _feed(TriangularMovingAverage(period), CLOSES)
    inner = [statistics.fmean(CLOSES[max(0, i - first + 1) : i + 1]) for i in range(len(CLOSES))]
    for i, value in enumerate(values):
        assert value == pytest.approx(statistics.fmean(inner[max(0, i - second + 1) : i + 1]))
    assert _ready_at(ready) == period == TriangularMovingAverage(period).WarmUpPeriod


def test_t3_is_three_generalised_demas() -> None:
    period, factor = 3, 0.7
    t3 = T3MovingAverage(period)
    values, ready = _feed(t3, CLOSES)
    expected = _gd(_gd(_gd(CLOSES, period, factor), period, factor), period, factor)
    start = 6 * (period - 1)
    assert len(expected) == len(CLOSES) - start
    for i in range(start, len(CLOSES)):
        assert values[i] == pytest.approx(expected[i - start])
    assert _ready_at(ready) == t3.warm_up_period == 1 + 6 * (period - 1)
    assert t3.name == "T3(3,0.7)" and T3MovingAverage(3, 0.5).volume_factor == 0.5


def _kama(values: list[float], period: int, fast: int = 2, slow: int = 30) -> list[float]:
    """Kaufman's average: the input until ``period + 1`` inputs, then started from the previous
    input; ``er`` is 1 when the path sum is 0 or not above the signed change (LEAN/TA-Lib)."""
    slow_sc, fast_sc = 2 / (slow + 1), 2 / (fast + 1)
    out = list(values[:period])
    kama = values[period - 1]
    for i in range(period, len(values)):
        change = values[i] - values[i - period]
        path = sum(abs(values[j] - values[j - 1]) for j in range(i - period + 1, i + 1))
        er = 1.0 if path == 0 or path <= change else abs(change / path)
        sc = (er * (fast_sc - slow_sc) + slow_sc) ** 2
        kama += sc * (values[i] - kama)
        out.append(kama)
    return out


def test_kama_adapts_to_the_efficiency_ratio() -> None:
    period = 5
    kama = KaufmanAdaptiveMovingAverage(period)
    values, ready = _feed(kama, CLOSES)
    assert values == pytest.approx(_kama(CLOSES, period))
    assert _ready_at(ready) == kama.warm_up_period == period + 1
    assert kama.name == "KAMA(5,2,30)"
    other = KaufmanAdaptiveMovingAverage(period, 3, 20)
    assert _feed(other, CLOSES)[0] == pytest.approx(_kama(CLOSES, period, 3, 20))
    # a steady rise: the path sum equals the change, so er = 1 (the fast constant)
    steady = KaufmanAdaptiveMovingAverage(2)
    assert _feed(steady, [1.0, 2.0, 3.0])[0][-1] == pytest.approx(2.0 + (2 / 3) ** 2 * (3.0 - 2.0))


@pytest.mark.parametrize("period", [4, 5, 9])
def test_hma_is_an_lwma_of_twice_the_half_lwma_minus_the_full_lwma(period: int) -> None:
    hma = HullMovingAverage(period)
    values, ready = _feed(hma, CLOSES)
    half, k = round(period / 2), round(math.sqrt(period))  # banker's rounding, as C# Math.Round
    diff = [2 * _lwma(CLOSES[: i + 1], half) - _lwma(CLOSES[: i + 1], period) for i in range(period - 1, len(CLOSES))]
    start = period + k - 2
    for i in range(start, len(CLOSES)):
        assert values[i] == pytest.approx(_lwma(diff[: i - period + 2], k))
    assert _ready_at(ready) == hma.warm_up_period == period + k - 1
    with pytest.raises(ArgumentException):
        HullMovingAverage(1)


def test_alma_gaussian_weights_centred_near_the_newest_value() -> None:
    period, sigma, offset = 5, 6, 0.85
    alma = ArnaudLegouxMovingAverage(period)
    values, ready = _feed(alma, CLOSES)
    m, s = math.floor(offset * (period - 1)), period / sigma
    curve = [math.exp(-((j - m) ** 2) / (2 * s * s)) for j in range(period)]  # j = 0 is the oldest
    for i, value in enumerate(values):
        if i < period - 1:
            assert value == CLOSES[i]
        else:
            window = CLOSES[i - period + 1 : i + 1]
            assert value == pytest.approx(sum(c * x for c, x in zip(curve, window)) / sum(curve))
    assert _ready_at(ready) == alma.warm_up_period == period
    assert alma.name == "ALMA(5,6,0.85)" and ArnaudLegouxMovingAverage(5, 3, 0.5).name == "ALMA(5,3,0.5)"
    with pytest.raises(ArgumentException):
        ArnaudLegouxMovingAverage("alma", 5, 6, 1.5)


def test_reset_forgets_the_inner_state() -> None:
    for kind in MovingAverageType:
        indicator = moving_average(kind, "x", 4)
        first, _ = _feed(indicator, CLOSES)
        indicator.reset()
        assert indicator.samples == 0 and not indicator.is_ready
        assert _feed(indicator, CLOSES)[0] == pytest.approx(first)


def test_moving_average_builds_every_type_like_leans_as_indicator() -> None:
    classes = {
        MovingAverageType.LINEAR_WEIGHTED_MOVING_AVERAGE: LinearWeightedMovingAverage,
        MovingAverageType.DOUBLE_EXPONENTIAL: DoubleExponentialMovingAverage,
        MovingAverageType.TRIPLE_EXPONENTIAL: TripleExponentialMovingAverage,
        MovingAverageType.TRIANGULAR: TriangularMovingAverage,
        MovingAverageType.T3: T3MovingAverage,
        MovingAverageType.KAMA: KaufmanAdaptiveMovingAverage,
        MovingAverageType.HULL: HullMovingAverage,
        MovingAverageType.ALMA: ArnaudLegouxMovingAverage,
    }
    for kind, cls in classes.items():
        indicator = kind.as_indicator("avg", 5)
        assert type(indicator) is cls and indicator.name == "avg" and indicator.period == 5
    t3 = moving_average(MovingAverageType.T3, "t3", 5)
    assert t3.volume_factor == 0.7  # type: ignore[attr-defined]


def test_rsi_and_bollinger_bands_take_the_new_types() -> None:
    period = 5
    rsi = RelativeStrengthIndex(period, MovingAverageType.LINEAR_WEIGHTED_MOVING_AVERAGE)
    values, _ = _feed(rsi, CLOSES)
    changes = [b - a for a, b in itertools.pairwise(CLOSES)]
    gains, losses = [max(c, 0.0) for c in changes], [max(-c, 0.0) for c in changes]
    for i in range(period, len(CLOSES)):
        gain, loss = _lwma(gains[:i], period), _lwma(losses[:i], period)
        assert values[i] == pytest.approx(100.0 if loss == 0 else 100 - 100 / (1 + gain / loss))
    assert rsi.warm_up_period == period + 1 and rsi.is_ready
    bb = BollingerBands(9, 2, MovingAverageType.HULL)
    hma = HullMovingAverage(9)
    _feed(bb, CLOSES)
    _feed(hma, CLOSES)
    assert bb.middle_band.current.value == pytest.approx(hma.current.value)
    assert bb.is_ready == hma.is_ready


class _HelperAlgorithm(QCAlgorithm):  # noqa: F405
    """The new helpers, warmed up automatically from LEAN's sample ES data."""

    def initialize(self) -> None:
        contract = front_es_contract_on_2013_10_08(self)
        self.add_future_contract(contract)
        self.enable_automatic_indicator_warm_up = True
        self.made = [
            self.LWMA(contract, 4),
            self.dema(contract, 4),
            self.TEMA(contract, 4),
            self.trima(contract, 4),
            self.T3(contract, 3),
            self.kama(contract, 4),
            self.KAMA(contract, 4, Resolution.MINUTE),  # noqa: F405  (LEAN's KAMA(symbol, period, resolution))
            self.HMA(contract, 4),
            self.alma(contract, 4),
        ]
        self.states = [(i.name, i.is_ready, i.samples, i.warm_up_period) for i in self.made]


def test_helpers_register_and_warm_up_the_new_averages(lean_data: Path) -> None:
    algo = run_backtest(_HelperAlgorithm, lean_data).algorithm
    names = [state[0] for state in algo.states]
    types = ["LWMA(4)", "DEMA(4)", "TEMA(4)", "TRIMA(4)", "T3(3,0.7)", "KAMA(4,2,30)", "KAMA(4,2,30)", "HMA(4)",
             "ALMA(4,6,0.85)"]
    # LEAN's CreateIndicatorName: the contract's ticker and the minute resolution join the arguments
    assert names == [f"{name[:-1]},ES20Z13_min)" for name in types]
    for name, is_ready, samples, warm_up in algo.states:
        assert is_ready and samples == warm_up, name
    assert all(indicator.samples > 100 for indicator in algo.made)  # then updated by the data
