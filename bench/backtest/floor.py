#!/usr/bin/env python3
"""How fast the benchmark strategies could run in CPython with no engine at all.

Usage::

    floor.py [--bars N] [--reps N] [--bt-cross BARS_PER_S] [--bt-heavy BARS_PER_S]

Issue 2 asks for 20x backtrader's bars per second. This script measures what is left of that
budget for an engine. It runs the two strategies as bare loops over the benchmark series
(``generate_benchmark_bars``, the peers' series):

* ``cross``: per bar, one Keel ``TradeBar`` (datetime times, as every Keel and LEAN bar has),
  two Keel ``SimpleMovingAverage`` updates, and an ``on_data`` call that applies the
  crossover rule. Orders are only counted, never placed.
* ``heavy``: per bar, one ``TradeBar`` and the least an order can be: an order object, a ticket,
  a submitted and a filled event, a fixed fee, and holdings, average price, realised P&L and
  cash. There is no validation, no buying-power check, no fill or fee model, no time zone, no
  order log, no statistics.

What no loop here does, and a backtest must: time zones and the exchange clock, security caches,
slices, scheduled events, settlement, margin calls, delisting, sampling, capacity, and the order
rules (validation, buying power, fill and fee models, events, the order log and its hash).

Printed: the best of ``--reps`` runs in bars/s and us/bar, beside the 20x budget in us/bar. The
backtrader figures default to the live run in ``bench/results/backtest-2026-11-22-s5.md``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from keel.algorithm.indicators import SimpleMovingAverage
from keel.data.synthetic import generate_benchmark_bars
from keel.engine.universe import contract_symbol
from keel.model.bars import TradeBar
from keel.model.symbol import Symbol

EPS = 1e-9
FEE_PER_CONTRACT = 2.15
MULTIPLIER = 50.0
ONE_MINUTE = timedelta(minutes=1)


def bar_inputs(n: int) -> tuple[list[float], list[datetime]]:
    """Closes and bar end times (naive UTC datetimes) of the first ``n`` benchmark bars."""
    bars = generate_benchmark_bars(n)
    ends: list[datetime] = bars["ts"].astype("datetime64[ns]").astype("datetime64[us]").tolist()
    return np.asarray(bars["close"], dtype=float).tolist(), ends


class CrossRule:
    """The benchmark's crossover rule over two Keel SMAs; counts the orders it would send."""

    def __init__(self) -> None:
        self.fast = SimpleMovingAverage(10)
        self.slow = SimpleMovingAverage(30)
        self.last = 0
        self.orders = 0

    def on_data(self, data: dict[Symbol, TradeBar]) -> None:
        """One bar's decision: an order whenever the non-zero sign of fast - slow flips."""
        if not self.slow.is_ready:
            return
        diff = self.fast.current.value - self.slow.current.value
        sign = 1 if diff > EPS else (-1 if diff < -EPS else 0)
        if sign and sign != self.last:
            if self.last:
                self.orders += 1
            self.last = sign


def cross_loop(closes: list[float], ends: list[datetime], symbol: Symbol) -> int:
    """Run the crossover over the bars; return the number of orders it would send."""
    rule = CrossRule()
    fast, slow, on_data = rule.fast, rule.slow, rule.on_data
    for close, end in zip(closes, ends, strict=True):
        bar = TradeBar(symbol, end - ONE_MINUTE, end, close, close, close, close, 1.0)
        fast.update(bar)
        slow.update(bar)
        on_data({symbol: bar})
    return rule.orders


class MinimalOrder:
    """An order with only the fields a fill needs."""

    __slots__ = ("id", "price", "quantity", "status", "symbol", "time")

    def __init__(self, order_id: int, symbol: Symbol, quantity: float, when: datetime) -> None:
        self.id = order_id
        self.symbol = symbol
        self.quantity = quantity
        self.time = when
        self.status = "submitted"
        self.price = 0.0


class MinimalEvent:
    """An order event: status, fill quantity, price and fee."""

    __slots__ = ("fee", "order_id", "price", "quantity", "status", "time")

    def __init__(self, order_id: int, when: datetime, status: str, quantity: float, price: float, fee: float) -> None:
        self.order_id = order_id
        self.time = when
        self.status = status
        self.quantity = quantity
        self.price = price
        self.fee = fee


class MinimalAccount:
    """Fills market orders at the bar's close and keeps holdings, average price, P&L and cash."""

    def __init__(self) -> None:
        self.orders: dict[int, MinimalOrder] = {}
        self.tickets: dict[int, list[MinimalEvent]] = {}
        self.quantity = 0.0
        self.average_price = 0.0
        self.realized = 0.0
        self.cash = 10_000_000.0

    def market_order(self, symbol: Symbol, quantity: float, bar: TradeBar) -> MinimalOrder:
        """Submit and fill one market order at ``bar``'s close."""
        when = bar.end_time
        order = MinimalOrder(len(self.orders) + 1, symbol, quantity, when)
        self.orders[order.id] = order
        events = self.tickets[order.id] = [MinimalEvent(order.id, when, "submitted", 0.0, 0.0, 0.0)]
        price = bar.close
        held = self.quantity
        if held and (held > 0) != (quantity > 0):
            closed = min(abs(quantity), abs(held))
            self.realized += closed * (price - self.average_price) * (1.0 if held > 0 else -1.0) * MULTIPLIER
        new = held + quantity
        if new == 0:
            self.average_price = 0.0
        elif (held >= 0) == (quantity > 0):
            self.average_price = (self.average_price * held + price * quantity) / new
        else:
            self.average_price = price
        self.quantity = new
        fee = FEE_PER_CONTRACT * abs(quantity)
        self.cash -= fee
        order.status = "filled"
        order.price = price
        events.append(MinimalEvent(order.id, when, "filled", quantity, price, fee))
        return order


def heavy_loop(closes: list[float], ends: list[datetime], symbol: Symbol) -> MinimalAccount:
    """An order of +1, -1, +1, ... on every bar; return the account."""
    account = MinimalAccount()
    side = 1.0
    for close, end in zip(closes, ends, strict=True):
        bar = TradeBar(symbol, end - ONE_MINUTE, end, close, close, close, close, 1.0)
        account.market_order(symbol, side, bar)
        side = -side
    return account


def best_rate(loop: Callable[..., Any], closes: list[float], ends: list[datetime], symbol: Symbol, reps: int) -> float:
    """The best bars/s of ``reps`` runs of ``loop``."""
    best = 0.0
    for _ in range(reps):
        started = time.perf_counter()
        loop(closes, ends, symbol)
        best = max(best, len(closes) / (time.perf_counter() - started))
    return best


def main() -> None:
    """Measure both loops and print them beside the 20x budget."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bars", type=int, default=1_000_000)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--bt-cross", type=float, default=16_800.0, help="backtrader's cross bars/s")
    parser.add_argument("--bt-heavy", type=float, default=3_800.0, help="backtrader's heavy bars/s")
    args = parser.parse_args()
    closes, ends = bar_inputs(args.bars)
    symbol = contract_symbol("ES", "cme", date(2021, 12, 1))
    print(f"{args.bars:,} bars, best of {args.reps}")
    print("| loop (no engine) | bars/s | us/bar | 20x backtrader budget, us/bar | share of the budget |")
    print("|---|---|---|---|---|")
    for name, loop, backtrader in (("cross", cross_loop, args.bt_cross), ("heavy", heavy_loop, args.bt_heavy)):
        rate = best_rate(loop, closes, ends, symbol, args.reps)
        budget_us = 1e6 / (20.0 * backtrader)
        print(f"| {name} | {rate:,.0f} | {1e6 / rate:.2f} | {budget_us:.2f} | {1e6 / rate / budget_us:.0%} |")


if __name__ == "__main__":
    main()
