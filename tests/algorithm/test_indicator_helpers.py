"""The indicator helpers (``self.rsi``/``RSI``, ``bb``, ``macd``, ``atr``, ``mom``, ``roc``, ``max``,
``min``) register their indicator like ``sma``: a real ``keel backtest`` of a LEAN-style algorithm
using ``RollingWindow`` + ``self.rsi`` + ``self.bb`` checks them bar by bar against its own
computation from the bars it sees."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest

from .indicator_reference import front_es_contract_on_2013_10_08

ALGORITHM = """
from AlgorithmImports import *
import statistics


class IndicatorAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 1, 2)
        self.set_end_date(2024, 1, 5)
        self.set_cash(100000)
        self.future = self.add_future(Futures.Indices.SP500EMini)
        symbol = self.future.symbol
        self._rsi = self.rsi(symbol, 14)
        self._bb = self.BB(symbol, 20, 2)
        self._macd = self.MACD(symbol, 12, 26, 9, MovingAverageType.EXPONENTIAL)
        self._atr = self.atr(symbol, 14, MovingAverageType.WILDERS)
        self._max = self.MAX(symbol, 10)
        self._min = self.min(symbol, 10)
        self._mom = self.MOM(symbol, 5)
        self._roc = self.roc(symbol, 5)
        self._closes = RollingWindow[float](21)
        self._highs = RollingWindow(10)
        self._lows = RollingWindow(10)
        self._bars = RollingWindow[TradeBar](2)
        self._rsi_updates = 0
        self._rsi.Updated += self._on_rsi
        self._checked = 0
        self._entries = 0

    def _on_rsi(self, sender, point):
        self._rsi_updates += 1

    def on_data(self, slice):
        bar = slice.bars.get(self.future.symbol)
        if bar is None:
            return
        self._closes.add(bar.close)
        self._highs.add(bar.high)
        self._lows.Add(bar.low)
        self._bars.add(bar)
        closes = list(self._closes)  # newest first
        if self._rsi.is_ready != (self._closes.samples >= 15):
            raise AssertionError(f"rsi ready {self._rsi.is_ready} after {self._closes.samples} bars")
        if self._closes.count >= 20:
            window = closes[:20]
            mean, deviation = statistics.fmean(window), statistics.pstdev(window)
            if abs(self._bb.middle_band.current.value - mean) > 1e-6:
                raise AssertionError("bb middle band is not the mean of the last 20 closes")
            if abs(self._bb.UpperBand.current.value - (mean + 2 * deviation)) > 1e-6:
                raise AssertionError("bb upper band is not mean + 2 deviations")
            if max(self._highs) != self._max.current.value or min(self._lows) != self._min.current.value:
                raise AssertionError("max/min are not the last 10 highs/lows")
            if abs(self._mom.current.value - (closes[0] - closes[5])) > 1e-9:
                raise AssertionError("momentum is not close - close 5 bars ago")
            if abs(self._roc.current.value - (closes[0] - closes[5]) / closes[5]) > 1e-12:
                raise AssertionError("rate of change is not the 5-bar relative change")
            self._checked += 1
        if self._bars.is_ready and self._atr.true_range.current.value != max(
            bar.high - bar.low, abs(bar.high - self._bars[1].close), abs(bar.low - self._bars[1].close)
        ):
            raise AssertionError("true range")
        if not (self._rsi.is_ready and self._bb.is_ready) or self.future.mapped is None:
            return
        oversold = self._rsi.current.value < 30 and bar.close < self._bb.lower_band.current.value
        if not self.portfolio.invested and oversold:
            self.market_order(self.future.mapped, 1)
            self._entries += 1
        elif self.portfolio.invested and self._rsi.current.value > 50:
            self.liquidate()

    def on_end_of_algorithm(self):
        self.log(
            f"checked={self._checked} rsi_updates={self._rsi_updates} samples={self._rsi.samples} "
            f"entries={self._entries} macd_ready={self._macd.is_ready} atr_ready={self._atr.IsReady} "
            f"rsi={self._rsi.name} bb={self._bb.name} macd={self._macd.name}"
        )
"""


def test_backtest_with_rolling_window_rsi_and_bollinger_bands(synthetic_data: Path, tmp_path: Path) -> None:
    main = tmp_path / "main.py"
    main.write_text(ALGORITHM)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "keel.cli.main", "backtest", str(main), "--data-folder", str(synthetic_data),
         "--output", str(out)],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    log = (out / "log.txt").read_text()
    line = next(text for text in log.splitlines() if "checked=" in text)
    fields = dict(item.split("=", 1) for item in line.split() if "=" in item)
    assert int(fields["checked"]) > 100
    assert int(fields["rsi_updates"]) == int(fields["samples"]) > 100  # the Updated event fires per bar
    assert fields["macd_ready"] == "True" and fields["atr_ready"] == "True"
    # LEAN's CreateIndicatorName: the helper's type with the symbol and the resolution appended
    assert fields["rsi"] == "RSI(14,Wilders,/ES_min)" and fields["bb"] == "BB(20,2,/ES_min)"
    assert fields["macd"] == "MACD(12,26,9,/ES_min)"
    result = json.loads((out / "result.json").read_text())
    assert int(result["statistics"]["Total Orders"]) == len(result["orders"])



class _WarmUpAlgorithm(QCAlgorithm):  # noqa: F405
    """Warms indicators up from history on a front ES contract (LEAN's sample data)."""

    def initialize(self) -> None:
        contract = front_es_contract_on_2013_10_08(self)
        self.add_future_contract(contract)
        atr = AverageTrueRange(5)  # noqa: F405
        self.warm_up_indicator(contract, atr)
        self.atr_state = (atr.is_ready, atr.samples, atr.current.value)
        self.bars5 = self.history(TradeBar, contract, 5)  # noqa: F405
        rsi = RelativeStrengthIndex(4)  # noqa: F405
        self.warm_up_indicator(contract, rsi)
        self.rsi_state = (rsi.is_ready, rsi.samples, rsi.current.value)
        self.enable_automatic_indicator_warm_up = True
        auto_max = self.MAX(contract, 3)
        self.max_state = (auto_max.is_ready, auto_max.samples, auto_max.current.value)
        auto_sma, auto_ema = self.sma(contract, 3), self.EMA(contract, 3)  # LEAN's SMA/EMA helpers too
        self.sma_state = (auto_sma.is_ready, auto_sma.samples, auto_sma.current.value)
        self.ema_state = (auto_ema.is_ready, auto_ema.samples)


def test_warm_up_feeds_bars_to_atr_closes_to_rsi_and_automatic_warm_up(lean_data: Path) -> None:
    algo = run_backtest(_WarmUpAlgorithm, lean_data).algorithm
    bars = algo.bars5
    highs, lows, closes = list(bars["high"]), list(bars["low"]), list(bars["close"])
    ranges = [highs[0] - lows[0]] + [
        max(h - lo, abs(h - c), abs(lo - c)) for h, lo, c in zip(highs[1:], lows[1:], closes[:-1])
    ]
    # ATR(5) takes the 5 history bars; Wilder's value after exactly 5 is their mean true range
    assert algo.atr_state[:2] == (True, 5) and algo.atr_state[2] == pytest.approx(sum(ranges) / 5)
    # RSI(4) takes 5 closes (warm_up_period = period + 1)
    changes = [b - a for a, b in itertools.pairwise(closes)]
    gain, loss = sum(max(c, 0.0) for c in changes) / 4, sum(max(-c, 0.0) for c in changes) / 4
    expected = 100.0 if loss == 0 else 100 - 100 / (1 + gain / loss)
    assert algo.rsi_state[:2] == (True, 5) and algo.rsi_state[2] == pytest.approx(expected)
    # enable_automatic_indicator_warm_up: the helper warms MAX up with its selector (the high)
    assert algo.max_state[:2] == (True, 3) and algo.max_state[2] == max(highs[-3:])
    assert algo.sma_state[:2] == (True, 3) and algo.sma_state[2] == pytest.approx(sum(closes[-3:]) / 3)
    assert algo.ema_state == (True, 3)

