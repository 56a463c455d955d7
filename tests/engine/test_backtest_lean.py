"""End-to-end backtests on LEAN's sample data through ``run_backtest``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import BacktestFailed, run_backtest


class AlternatingFutures(QCAlgorithm):  # noqa: F405
    """Buys the contract expiring after 90 days, then liquidates, every minute."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.set_cash(1_000_000)
        es = self.add_future(Futures.Indices.SP500EMini)  # noqa: F405
        es.set_filter(timedelta(0), timedelta(182))
        self.fills = 0

    def on_data(self, slice) -> None:
        if not self.portfolio.invested:
            for chain in slice.futures_chains.values():
                contracts = [c for c in chain if c.expiry > self.time + timedelta(90)]
                if contracts:
                    self.market_order(sorted(contracts, key=lambda c: c.expiry)[0].symbol, 1)
        else:
            self.liquidate()

    def on_order_event(self, order_event) -> None:
        if order_event.status == OrderStatus.FILLED:  # noqa: F405
            self.fills += 1


def test_alternating_orders_fill_at_quotes_and_pay_ib_fees(lean_data: Path) -> None:
    run = run_backtest(AlternatingFutures, lean_data)
    algo = run.algorithm
    orders = algo.transactions.get_orders()
    assert len(orders) > 100
    assert algo.fills == len(orders)
    assert all(o.status == OrderStatus.FILLED for o in orders)  # noqa: F405
    # IB futures fee: $2.15 per ES contract (LEAN's default for futures)
    assert run.statistics["Total Fees"] == f"${2.15 * len(orders):.2f}"
    assert run.statistics["Total Orders"] == str(len(orders))
    assert set(run.statistics) >= {"Net Profit", "Sharpe Ratio", "Portfolio Turnover", "Drawdown Recovery"}
    buys = [o for o in orders if o.quantity > 0]
    sells = [o for o in orders if o.quantity < 0]
    assert abs(len(buys) - len(sells)) <= 1


class RaisesInOnData(QCAlgorithm):  # noqa: F405
    def initialize(self) -> None:
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 9)
        self.future = self.add_future("ES")
        self.calls = 0

    def on_data(self, slice) -> None:
        self.calls += 1
        if self.calls == 3:
            raise ZeroDivisionError("boom")


def test_exception_in_on_data_keeps_partial_results(lean_data: Path) -> None:
    with pytest.raises(BacktestFailed) as info:
        run_backtest(RaisesInOnData, lean_data)
    message = str(info.value)
    assert "ZeroDivisionError" in message and "on_data" in message and "2013-10-0" in message
    assert any("boom" in line for line in info.value.result.logs)


class NoDataWindow(QCAlgorithm):  # noqa: F405
    def initialize(self) -> None:
        self.set_start_date(1995, 1, 3)  # before any sample file, the SPY benchmark included
        self.set_end_date(1995, 1, 4)
        self.add_future("ES")


def test_date_range_without_data_is_an_error(lean_data: Path) -> None:
    with pytest.raises(BacktestFailed, match="no data between 1995-01-03 and 1995-01-04"):
        run_backtest(NoDataWindow, lean_data)


class PascalCaseAlgorithm(QCAlgorithm):  # noqa: F405
    def Initialize(self) -> None:
        self.SetStartDate(2013, 10, 8)
        self.SetEndDate(2013, 10, 8)
        self.SetCash(100000)
        self.es = self.AddFuture(Futures.Indices.SP500EMini, Resolution.Minute)  # noqa: F405
        self.ticket = None

    def OnData(self, data) -> None:
        if self.ticket is None and self.es.Mapped is not None and self.Securities[self.es.Mapped].Price:
            self.ticket = self.MarketOrder(self.es.Mapped, 1)


def test_pascal_case_algorithm_runs(lean_data: Path) -> None:
    run = run_backtest(PascalCaseAlgorithm, lean_data)
    ticket = run.algorithm.ticket
    assert ticket is not None and ticket.Status == OrderStatus.Filled  # noqa: F405
    assert ticket.QuantityFilled == 1


class HoldSpyOverTheWeekend(QCAlgorithm):  # noqa: F405
    """Buys SPY once; the end date is a Saturday (no data that day)."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 12)
        self.set_cash(100_000)
        self.spy = self.add_equity("SPY", Resolution.MINUTE).symbol  # noqa: F405

    def on_data(self, slice) -> None:
        if not self.portfolio.invested:
            self.set_holdings(self.spy, 1)


def test_samples_stop_at_the_last_slice_and_capacity_is_estimated(lean_data: Path) -> None:
    from datetime import datetime

    run = run_backtest(HoldSpyOverTheWeekend, lean_data)
    sampler = run.engine.sampler
    assert sampler is not None
    # LEAN samples only as time slices arrive: no daily sample on the data-less Saturday, and the
    # final sample is stamped with the last slice (Friday's 16:00 bar, 20:00 UTC)
    assert sampler.equity[-1][0] == datetime(2013, 10, 11, 20, 0)
    assert all(t < datetime(2013, 10, 12) for t, _ in sampler.daily_performance)
    # the capacity estimate names the traded asset (its LEAN identifier) and rounds to 2 digits
    assert run.statistics["Lowest Capacity Asset"] == "SPY R735QTJ8XC9X"
    capacity = run.statistics["Estimated Strategy Capacity"]
    assert capacity.startswith("$") and capacity != "$0"
