"""Where the daily (midnight) sample falls when a time slice lands exactly on midnight."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest
from keel.engine.clock import converter, ns_to_utc_datetime
from keel.model.enums import Resolution

ES_DEC13 = Symbol.create_future("ES", Market.CME, datetime(2013, 12, 20))  # noqa: F405


class BuyAtMidnightAlgorithm(QCAlgorithm):  # noqa: F405
    """Extended-hours ES minute data (a slice at 00:00 New York); buys one contract at the 10-08 00:00 slice."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 8)
        self.set_cash(100000)
        self.set_benchmark(lambda _: 1.0)
        self.contract = self.add_future_contract(ES_DEC13, Resolution.MINUTE, extended_market_hours=True)
        self.value_before_order: float | None = None

    def on_data(self, slice) -> None:
        if self.time == datetime(2013, 10, 8) and not self.portfolio.invested:
            self.value_before_order = self.portfolio.total_portfolio_value
            self.market_order(self.contract.symbol, 1)


def test_daily_sample_at_a_midnight_slice_excludes_the_orders_on_data_places(lean_data: Path) -> None:
    """LEAN's midnight sampling event fires within the slice due at midnight (before ``OnData``):
    the 10-08 sample is the value before the 00:00 market order filled, not after it."""
    run = run_backtest(BuyAtMidnightAlgorithm, lean_data)
    algo = run.algorithm
    assert algo.portfolio.invested
    midnight = ns_to_utc_datetime(converter("America/New_York").local_to_utc_ns(datetime(2013, 10, 8)))
    sampled = dict(run.engine.sampler.equity)
    assert algo.value_before_order is not None
    assert sampled[midnight] == round(algo.value_before_order, 4)
    # the fill (fee and spread) lowered the value after the slice
    assert algo.portfolio.total_portfolio_value < algo.value_before_order
