"""The two benchmark strategies as ordinary Keel algorithms (same rules as the peers' ``common.py``).

* ``CrossAlgorithm``: SMA(10) and SMA(30) of the close (Keel's ``self.sma``), evaluated once the
  slow average is ready. ``s = sign(fast - slow)`` with ``|diff| < 1e-9`` counted as 0; the first
  non-zero sign only arms the detector; a change of the non-zero sign sends ONE market order to
  the new target (+1 or -1 contract), i.e. a reversal is one order of 2 lots.
* ``HeavyAlgorithm``: a market order on every bar, +1, -1, +1, ... starting with +1.

Market orders fill at the close of the bar they are sent on (Keel's futures fill model with
trade bars only). Both record orders, fills and the fill-based P&L in index points in
``self.bench`` so the runner can compare them with the peers and a numpy reference.

Parameters (``run_backtest(parameters=...)``): ``root`` (ES), ``market`` (cme), ``contract``
(``YYYYMM``), ``start``/``end`` (``YYYY-MM-DD``, UTC dates).
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from keel.algorithm.algorithm import QCAlgorithm
from keel.engine.universe import contract_symbol
from keel.model.enums import OrderStatus, Resolution

EPS = 1e-9
FAST, SLOW = 10, 30
CASH = 10_000_000.0


class BenchStats:
    """Orders, fills and point P&L accounted from fill events (engine-independent bookkeeping)."""

    __slots__ = ("cash_pts", "fills", "last_close", "orders", "pos", "t_end", "t_first_bar", "t_initialized")

    def __init__(self) -> None:
        self.orders = 0
        self.fills = 0
        self.pos = 0.0
        self.cash_pts = 0.0
        self.last_close = float("nan")
        self.t_initialized = 0.0
        self.t_first_bar = 0.0
        self.t_end = 0.0

    def fill(self, quantity: float, price: float) -> None:
        """Book one fill of ``quantity`` (signed) at ``price``."""
        self.fills += 1
        self.pos += quantity
        self.cash_pts -= quantity * price

    @property
    def pnl_pts(self) -> float:
        """Cash from fills plus the open position marked at the last close, in index points."""
        return round(float(self.cash_pts + self.pos * self.last_close), 6)

    def summary(self) -> dict[str, Any]:
        """The fields the peers report (orders, fills, final_pos, pnl_pts) plus loop timing."""
        return {
            "orders": self.orders,
            "fills": self.fills,
            "final_pos": self.pos,
            "pnl_pts": self.pnl_pts,
            "t_loop": round(self.t_end - self.t_first_bar, 3) if self.t_first_bar else None,
        }


def _parse_date(text: str) -> date:
    return date.fromisoformat(text)


class BenchAlgorithm(QCAlgorithm):
    """Common set-up: UTC clock, 10M cash, one futures contract at minute resolution."""

    def initialize(self) -> None:
        self.bench = BenchStats()
        self.set_time_zone("UTC")
        self.set_start_date(_parse_date(self.get_parameter("start", "2020-01-06")))
        self.set_end_date(_parse_date(self.get_parameter("end", "2020-01-06")))
        self.set_cash(CASH)
        root = self.get_parameter("root", "ES")
        market = self.get_parameter("market", "cme")
        month = self.get_parameter("contract", "202112")
        symbol = contract_symbol(root, market, date(int(month[:4]), int(month[4:6]), 1))
        self.contract = self.add_future_contract(symbol, Resolution.MINUTE, fill_forward=False)
        self.sym = self.contract.symbol
        self.setup()
        self.bench.t_initialized = time.perf_counter()

    def setup(self) -> None:
        """Strategy-specific set-up (indicators)."""

    def on_order_event(self, order_event: Any) -> None:
        status = order_event.status
        if status == OrderStatus.FILLED or status == OrderStatus.PARTIALLY_FILLED:
            self.bench.fill(order_event.fill_quantity, order_event.fill_price)

    def on_end_of_algorithm(self) -> None:
        self.bench.t_end = time.perf_counter()
        self.bench.last_close = float(self.securities[self.sym].close)


class CrossAlgorithm(BenchAlgorithm):
    """SMA(10)/SMA(30) crossover, always in the market after the first cross."""

    def setup(self) -> None:
        self.fast = self.sma(self.sym, FAST)
        self.slow = self.sma(self.sym, SLOW)
        self.last = 0
        self.target = 0

    def on_data(self, slice: Any) -> None:
        if not self.bench.t_first_bar:
            self.bench.t_first_bar = time.perf_counter()
        slow = self.slow
        if not slow.is_ready:
            return
        diff = self.fast.current.value - slow.current.value
        s = 1 if diff > EPS else (-1 if diff < -EPS else 0)
        if s == 0:
            return
        if s != self.last and self.last != 0:
            self.market_order(self.sym, s - self.target)
            self.bench.orders += 1
            self.target = s
        self.last = s


class HeavyAlgorithm(BenchAlgorithm):
    """One market order per bar, alternating +1 / -1."""

    def setup(self) -> None:
        self.k = 0

    def on_data(self, slice: Any) -> None:
        if not self.bench.t_first_bar:
            self.bench.t_first_bar = time.perf_counter()
        self.market_order(self.sym, -1 if self.k & 1 else 1)
        self.k += 1
        self.bench.orders += 1


class EmptyAlgorithm(BenchAlgorithm):
    """No strategy at all: measures the engine's own cost per bar (feed, slice, bookkeeping)."""

    def on_data(self, slice: Any) -> None:
        if not self.bench.t_first_bar:
            self.bench.t_first_bar = time.perf_counter()


STRATEGIES: dict[str, type[BenchAlgorithm]] = {
    "cross": CrossAlgorithm,
    "heavy": HeavyAlgorithm,
    "empty": EmptyAlgorithm,
}
