"""A small stand-in for QCAlgorithm: enough for the framework models, without an engine."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from keel.algorithm.framework import InsightCollection
from keel.algorithm.settings import AlgorithmSettings
from keel.securities.testing import make_equity, make_future, make_portfolio, trade_bar


class FakeTransactions:
    """Open orders by symbol (remaining quantity)."""

    def __init__(self) -> None:
        self.open: dict[Any, float] = {}

    def get_open_orders_remaining_quantity(self, symbol: Any = None) -> float:
        return self.open.get(symbol, 0.0)

    def get_open_orders(self, symbol: Any = None) -> list[Any]:
        return [symbol] if self.open.get(symbol) else []


class FakeAlgorithm:
    """utc_time, securities, portfolio, settings, transactions, insights; records market orders."""

    def __init__(self, cash: float = 100_000.0) -> None:
        self.utc_time = datetime(2013, 10, 7, 14, 0)
        self.portfolio = make_portfolio(cash)
        self.securities = self.portfolio.securities
        self.settings = AlgorithmSettings()
        self.transactions = FakeTransactions()
        self.insights = InsightCollection()
        self.orders: list[tuple[Any, float]] = []
        self.errors: list[str] = []
        self.is_warming_up = False

    def add_equity(self, ticker: str, price: float) -> Any:
        equity = make_equity(self.portfolio, ticker)
        equity.set_market_price(trade_bar(equity, datetime(2013, 10, 7, 9, 30), price, price, price, price))
        return equity

    def add_contract(self, price: float) -> Any:
        future = make_future(self.portfolio)
        future.set_market_price(trade_bar(future, datetime(2013, 10, 7, 9, 30), price, price, price, price))
        return future

    def market_order(self, symbol: Any, quantity: float, asynchronous: bool = False, tag: str = "") -> None:
        self.orders.append((symbol, quantity))

    def error(self, message: str) -> None:
        self.errors.append(message)

    def debug(self, message: str) -> None:
        self.errors.append(message)


class Changes:
    """SecurityChanges look-alike."""

    def __init__(self, added: list[Any] | None = None, removed: list[Any] | None = None) -> None:
        self.added_securities = added or []
        self.removed_securities = removed or []
