"""The statistics' starting value is the cash after ``initialize`` (LEAN's ``Portfolio.Cash``)."""

from __future__ import annotations

from pathlib import Path

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest


class InjectedHoldings(QCAlgorithm):  # noqa: F405
    """Holds one ES contract bought "before" the backtest (set in initialize, no price yet)."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.set_cash(100_000)
        es = Symbol.create(Futures.Indices.SP500EMini, SecurityType.FUTURE, Market.CME)  # noqa: F405
        front = sorted(self.future_chain_provider.get_future_contract_list(es, self.time), key=lambda s: s.id.date)[0]
        self.add_future_contract(front).holdings.set_holdings(1600, 1)


def test_injected_holdings_are_not_valued_in_the_start_equity(lean_data: Path) -> None:
    run = run_backtest(InjectedHoldings, lean_data)
    # the holding has no price after initialize: its value would be -80,000 (0 - 1600) x 50
    assert run.statistics["Start Equity"] == "100000"
