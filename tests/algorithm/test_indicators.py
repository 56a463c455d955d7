"""Indicators read a bar's close at its end time, a selector's value when one is set, and a point's value."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from keel.algorithm.indicators import ExponentialMovingAverage, IndicatorDataPoint, SimpleMovingAverage
from keel.model.bars import Bar, QuoteBar, TradeBar
from keel.model.enums import SecurityType
from keel.model.symbol import Symbol

ES = Symbol.create("ES", SecurityType.FUTURE, "cme")
T0 = datetime(2021, 3, 1, 14, 30)


def _bar(i: int, close: float) -> TradeBar:
    start = T0 + timedelta(minutes=i)
    return TradeBar(ES, start, start + timedelta(minutes=1), close - 1, close + 1, close - 2, close, 10.0)


def test_trade_bars_feed_their_close_at_their_end_time() -> None:
    sma = SimpleMovingAverage(2)
    seen: list[tuple[Any, float]] = []
    sma.updated.append(lambda indicator, point: seen.append((point.time, point.value)))
    assert sma.update(_bar(0, 10.0)) is False
    previous = sma.current
    assert sma.update(_bar(1, 20.0)) is True
    assert sma.current.value == 15.0 and sma.current.time == T0 + timedelta(minutes=2)
    assert sma.previous is previous and previous.value == 10.0  # a new point per update
    assert seen == [(T0 + timedelta(minutes=1), 10.0), (T0 + timedelta(minutes=2), 15.0)]
    assert sma.is_ready and sma.samples == 2


def test_a_selector_overrides_the_close() -> None:
    sma = SimpleMovingAverage(1)
    sma.selector = lambda bar: bar.high
    sma.update(_bar(0, 10.0))
    assert sma.current.value == 11.0


def test_quote_bars_points_and_time_value_pairs() -> None:
    sma = SimpleMovingAverage(1)
    quote = QuoteBar(ES, T0, T0 + timedelta(minutes=1), Bar(1, 2, 0, 9.0), 1.0, Bar(1, 2, 0, 11.0), 1.0)
    sma.update(quote)
    assert sma.current.value == 10.0 and sma.current.time == T0 + timedelta(minutes=1)
    sma.update(IndicatorDataPoint(T0, 4.0))
    assert sma.current.value == 4.0
    sma.update(T0, 7.5)
    assert sma.current.value == 7.5 and sma.current.time == T0


def test_sma_is_the_running_mean_of_the_last_period_closes() -> None:
    sma = SimpleMovingAverage(3)
    closes = [10.0, 20.0, 30.0, 40.0, 5.0, 60.0, 7.0]
    for i, close in enumerate(closes):
        last = closes[max(0, i - 2) : i + 1]
        assert sma.update(_bar(i, close)) is (i >= 2)
        assert sma.current.value == sum(last) / len(last)
        assert sma.current.time == T0 + timedelta(minutes=i + 1) and sma.samples == i + 1
    assert sma.update(T0, 1.0) is True and sma.current.value == (60.0 + 7.0 + 1.0) / 3


def test_sma_subclass_overrides_are_honoured() -> None:
    class Doubled(SimpleMovingAverage):
        def compute_next(self, value: float) -> float:
            return 2 * super().compute_next(value)

    sma = Doubled(2)
    sma.update(_bar(0, 10.0))
    sma.update(_bar(1, 20.0))
    assert sma.current.value == 30.0


def test_ema_is_zero_until_ready_then_seeded_with_the_sma_of_the_first_period_values() -> None:
    """LEAN's ExponentialMovingAverage.cs (``_initialValueSMA`` version): 0 before ready, the SMA of
    the first ``period`` inputs when ready, then ``x * k + previous * (1 - k)``."""
    ema = ExponentialMovingAverage(3)
    t0 = datetime(2024, 1, 2)
    values = []
    for i, x in enumerate([1.0, 2.0, 6.0, 11.0]):
        ema.update(t0 + timedelta(minutes=i), x)
        values.append(ema.current.value)
    assert values[:2] == [0.0, 0.0]  # not ready: no running average
    assert values[2] == 3.0 and ema.is_ready  # mean of 1, 2, 6
    assert values[3] == 11.0 * 0.5 + 3.0 * 0.5  # k = 2 / (3 + 1)
    ema.reset()
    ema.update(t0, 5.0)
    assert ema.current.value == 0.0 and not ema.is_ready
    one = ExponentialMovingAverage(1)
    one.update(t0, 7.0)
    assert one.current.value == 7.0 and one.is_ready
