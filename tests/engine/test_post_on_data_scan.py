"""LEAN's second ``ProcessSynchronousEvents`` of a time step, after ``OnData``.

``AlgorithmManager`` calls ``transactions.ProcessSynchronousEvents()`` before and after ``OnData``;
in a backtest the second call runs the queued requests (``Run()``: the updates made in ``OnData``)
and ``BacktestingBrokerage.Scan()``, so an order updated in ``OnData`` is checked against the bar
of that very time step (only orders created at this time are skipped).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest
from keel.model.enums import OrderStatus


class UpdateIntoTheMarketAlgorithm(QCAlgorithm):  # noqa: F405
    """Buy limit far below SPY at 12:00; at 12:01 it is moved above the market."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.set_cash(100000)
        self.spy = self.add_equity("SPY").symbol
        self.ticket = None
        self.bars: dict[datetime, tuple[float, float]] = {}

    def on_data(self, slice) -> None:
        bar = slice.bars.get(self.spy)
        if bar is not None:
            self.bars[self.time] = (float(bar.open), float(bar.low))
        close = float(self.securities[self.spy].close)
        if self.time == datetime(2013, 10, 7, 12, 0):
            self.ticket = self.limit_order(self.spy, 10, close - 1.0)
        elif self.time == datetime(2013, 10, 7, 12, 1):
            fields = UpdateOrderFields()  # noqa: F405
            fields.limit_price = close + 1.0
            self.ticket.update(fields)


def test_an_order_updated_in_on_data_fills_on_the_same_bar(lean_data: Path) -> None:
    algo = run_backtest(UpdateIntoTheMarketAlgorithm, lean_data).algorithm
    order = algo.transactions.get_order_by_id(algo.ticket.order_id)
    assert order.status == OrderStatus.FILLED
    at_1201 = datetime(2013, 10, 7, 16, 1, tzinfo=UTC)
    # the update is applied after on_data at 12:01 and the rescan fills it on the 12:01 bar
    # (a favourable gap: the bar opened below the new limit, so the fill is at its open)
    assert order.last_update_time.replace(tzinfo=UTC) == at_1201
    assert order.last_fill_time.replace(tzinfo=UTC) == at_1201
    assert abs(algo.ticket.average_fill_price - algo.bars[datetime(2013, 10, 7, 12, 1)][0]) < 1e-9
