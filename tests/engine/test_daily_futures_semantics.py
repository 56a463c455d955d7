"""LEAN semantics seen with daily futures data: symbol changes at midnight, Liquidate and pending
market orders, coarse data that makes market orders wait (LEAN's sample GC/ES daily data)."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest


class DailySymbolChanges(QCAlgorithm):  # noqa: F405
    """Records when the continuous GC contract's symbol changes reach ``on_data``."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 14)
        self.set_end_date(2013, 10, 18)
        self.add_future(Futures.Metals.GOLD, Resolution.DAILY)  # noqa: F405
        self.changes: list[tuple[object, str, str]] = []

    def on_data(self, slice) -> None:
        for event in slice.symbol_changed_events.values():
            self.changes.append((self.time, str(event.old_symbol), str(event.new_symbol)))


def test_symbol_changed_events_get_a_midnight_time_step(lean_data: Path) -> None:
    """LEAN emits a continuous contract's mapping change as data stamped at midnight."""
    algo = run_backtest(DailySymbolChanges, lean_data).algorithm
    assert algo.changes, "the sample GC map file changes the mapping in this window"
    assert all(when.time() == time(0) for when, _, _ in algo.changes)


class LiquidateWithPendingOrders(QCAlgorithm):  # noqa: F405
    """Buys GC Feb-2014 on daily data; once its data has stopped (the sample ends on 2013-10-11),
    a closing market order waits, and Liquidate must not add another one."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 16)
        gold = self.add_future(Futures.Metals.GOLD, Resolution.DAILY)  # noqa: F405
        gold.set_filter(timedelta(0), timedelta(182))
        self.contract = None
        self.limit_ticket = None
        self.liquidated = False

    def on_data(self, slice) -> None:
        if self.contract is None:
            for chain in slice.futures_chains.values():
                for contract in chain:
                    if contract.symbol.value == "GCG14":
                        self.contract = contract.symbol
                        self.market_order(self.contract, 1)
            return
        if not self.liquidated and self.time.date().day >= 15:
            self.liquidated = True
            self.limit_ticket = self.limit_order(self.contract, -1, 100000)
            self.liquidate(tag="first")  # cancels the limit order, sends a closing market order
            self.liquidate(tag="second")  # the pending market order already closes the position


def test_liquidate_keeps_a_pending_closing_market_order(lean_data: Path) -> None:
    algo = run_backtest(LiquidateWithPendingOrders, lean_data).algorithm
    orders = algo.transactions.get_orders()
    assert [(o.type, o.quantity) for o in orders] == [
        (OrderType.MARKET, 1),  # noqa: F405
        (OrderType.LIMIT, -1),  # noqa: F405
        (OrderType.MARKET, -1),  # noqa: F405
    ]
    assert algo.limit_ticket.status == OrderStatus.CANCELED  # noqa: F405
    closing = orders[2]
    # no fresh GC data after 2013-10-11: the daily market order waits instead of filling stale
    assert closing.status == OrderStatus.SUBMITTED and closing.tag == "first"  # noqa: F405
