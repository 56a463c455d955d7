"""End-of-run checks shared by LEAN's FuturesDailySettlement regressions (long and short)."""

from __future__ import annotations

from typing import Any


def assert_settled_flat(algorithm: Any, holdings: Any, initial_portfolio_value: float) -> None:
    """LEAN's end-of-run equalities once the position is closed: the initial value plus the
    position's net profit is both the portfolio value and the USD cash, and no settled or
    unrealised profit is left."""
    expected = round(initial_portfolio_value + holdings.net_profit, 5)
    tpv = algorithm.portfolio.total_portfolio_value
    usd = algorithm.portfolio.cash_book["USD"].amount
    if expected != round(tpv, 5) or expected != round(usd, 5):
        raise AssertionError(f"Unexpected future profit {holdings.net_profit}: value {tpv}, USD {usd}, expected {expected}")
    if holdings.settled_profit != 0:
        raise AssertionError(f"Unexpected SettledProfit value {holdings.settled_profit}")
    if holdings.unrealized_profit != 0:
        raise AssertionError(f"Unexpected UnrealizedProfit value {holdings.unrealized_profit}")
