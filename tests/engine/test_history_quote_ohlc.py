"""History frames: a quote bar fills open/high/low/close too, a trade bar at the same time wins
(LEAN's ``PandasData.Add(tradeBar, quoteBar)``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest


class QuoteOnlyHistoryAlgorithm(QCAlgorithm):  # noqa: F405
    def initialize(self) -> None:
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.set_benchmark(lambda _: 1.0)
        self.add_future(Futures.Indices.SP_500_E_MINI, Resolution.MINUTE, extended_market_hours=True)  # noqa: F405
        self.quote_only = Symbol.create_future("ES", Market.CME, date(2014, 3, 21))  # noqa: F405
        self.traded = Symbol.create_future("ES", Market.CME, date(2013, 12, 20))  # noqa: F405
        self.frames: dict[str, object] = {}

    def on_data(self, slice) -> None:
        if self.frames:
            return
        self.add_future_contract(self.quote_only)
        self.add_future_contract(self.traded)
        self.frames["quote_only"] = self.history(self.quote_only, 10, Resolution.MINUTE)  # noqa: F405
        self.frames["both"] = self.history(self.traded, 10, Resolution.MINUTE)  # noqa: F405
        self.frames["trades"] = self.history(TradeBar, self.traded, 10, Resolution.MINUTE)  # noqa: F405


def test_quote_rows_have_ohlc_and_trades_win(lean_data: Path) -> None:
    frames = run_backtest(QuoteOnlyHistoryAlgorithm, lean_data).algorithm.frames
    quotes = frames["quote_only"]
    assert len(quotes) and "volume" not in quotes.columns  # no trade in the window: quote bars only
    mid = (quotes.bidclose + quotes.askclose) / 2
    assert (quotes.close == mid).all()
    both, trades = frames["both"], frames["trades"]
    common = both.index.intersection(trades.index)
    assert len(common) and (both.loc[common, "close"] == trades.loc[common, "close"]).all()
