"""``warm_up_indicator`` and ``register_indicator`` with indicators over data objects
(LEAN's ``IndicatorBase<QuoteBar>``): warm-up resets the indicator, requests ``warm_up_period`` bars
of every data type (all counted as history points) and feeds the points of the input type;
registration reads the symbol's quote subscription."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from AlgorithmImports import *  # noqa: F403
from keel.algorithm.consolidators import QuoteBarConsolidator, TradeBarConsolidator
from keel.algorithm.indicators import IndicatorBase
from keel.engine.backtest import run_backtest
from keel.model.bars import QuoteBar, TradeBar

from .indicator_reference import front_es_contract_on_2013_10_08


class AskHigh(IndicatorBase[QuoteBar]):
    """Ready after ``warm_up_period`` quote bars; its value is the last ask high."""

    def __init__(self, period: int = 1) -> None:
        super().__init__("ask-high")
        self.warm_up_period = period
        self.inputs: list[Any] = []

    def compute_next_value(self, input: Any) -> float:
        self.inputs.append(input)
        return input.ask.high


class WarmUpAlgorithm(QCAlgorithm):  # noqa: F405
    def initialize(self) -> None:
        self.contract = front_es_contract_on_2013_10_08(self)
        self.before = self.history_points()
        self.unsubscribed = AskHigh(3)
        self.warm_up_indicator(self.contract, self.unsubscribed)
        self.after_one = self.history_points()
        self.trade_frame = self.history(TradeBar, self.contract, 3)
        self.quote_frame = self.history(QuoteBar, self.contract, 3)
        self.add_future_contract(self.contract)
        self.registered = AskHigh(1)
        two_minutes = self.create_consolidator(timedelta(minutes=2), QuoteBar)
        self.register_indicator(self.contract, self.registered, two_minutes)
        self.registered.update(self.unsubscribed.inputs[0])  # warm-up resets this sample
        self.warm_up_indicator(self.contract, self.registered)
        self.samples_after_warm_up = self.registered.samples

    def history_points(self) -> int:
        return self._engine.history_data_points


def test_quote_indicator_warm_up_feeds_quote_bars_and_counts_every_type(lean_data: Path) -> None:
    run = run_backtest(WarmUpAlgorithm, lean_data)
    algo = run.algorithm
    warmed = algo.unsubscribed
    assert warmed.is_ready and warmed.samples == 3
    assert all(type(point) is QuoteBar for point in warmed.inputs)
    assert [p.end_time for p in warmed.inputs] == list(algo.quote_frame.index.get_level_values("time"))
    assert warmed.current.value == warmed.inputs[-1].ask.high
    # LEAN's History(symbols, periods) reads trade and quote bars: both are history points
    assert algo.after_one - algo.before == len(algo.trade_frame) + len(algo.quote_frame) == 6
    assert algo.samples_after_warm_up == 1  # reset, then one quote bar
    # registered with a 2-minute quote consolidator: fed 2-minute quote bars during the run
    later = algo.registered.inputs[2:]  # after the manual sample and the warm-up bar
    assert later and all(type(p) is QuoteBar and p.end_time - p.time == timedelta(minutes=2) for p in later)


def test_create_consolidator_picks_the_input_type() -> None:
    assert type(QCAlgorithm.create_consolidator(timedelta(minutes=2), QuoteBar)) is QuoteBarConsolidator  # noqa: F405
    assert type(QCAlgorithm.create_consolidator(timedelta(minutes=2), TradeBar)) is TradeBarConsolidator  # noqa: F405
    assert type(QCAlgorithm.create_consolidator(Resolution.HOUR)) is TradeBarConsolidator  # noqa: F405
    assert IndicatorBase[QuoteBar] is IndicatorBase[QuoteBar] and IndicatorBase[QuoteBar].input_type is QuoteBar
