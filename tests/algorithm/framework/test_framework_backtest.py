"""End to end: LEAN's BasicTemplateFuturesFrameworkAlgorithm (A7) on the LEAN sample data."""

from __future__ import annotations

from datetime import datetime

import pytest

from keel.regressions.runner import ALGORITHMS_DIR as ALGORITHMS


@pytest.mark.lean
def test_basic_template_futures_framework_places_one_order_per_front_month(lean_data) -> None:
    from keel.engine.backtest import run_backtest

    run = run_backtest(ALGORITHMS / "BasicTemplateFuturesFrameworkAlgorithm.py", lean_data)
    orders = sorted(run.engine.transactions.orders.values(), key=lambda o: o.id)
    assert [(o.symbol.id.symbol, o.quantity) for o in orders] == [("ES", 1.0), ("GC", 1.0)]
    assert [o.symbol.value for o in orders] == ["ESZ13", "GCV13"]
    assert orders[0].time == datetime(2013, 10, 7, 13, 31)  # first minute bar of 10-07, New York 09:31
    assert orders[1].time == datetime(2013, 10, 9, 13, 31)  # GC selected from 10-09
    assert run.statistics["Total Orders"] == "2"
    assert run.statistics["Total Fees"] == "$4.62"
