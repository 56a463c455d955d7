"""LEAN's portfolio is an ``IDictionary<Symbol, SecurityHolding>``: iterating it yields KeyValuePair entries."""

from __future__ import annotations

from datetime import date

from keel.securities.testing import make_future, make_portfolio


def test_iterating_the_portfolio_gives_symbol_holding_pairs() -> None:
    portfolio = make_portfolio()
    dec = make_future(portfolio)
    mar = make_future(portfolio, expiry=date(2014, 3, 21))
    entries = list(portfolio)
    assert [kvp.key for kvp in entries] == [dec.symbol, mar.symbol]  # insertion order
    assert entries[0].value is dec.holdings and entries[1].Value is mar.holdings
    assert portfolio.keys() == [dec.symbol, mar.symbol]
    assert [h for h in portfolio.values()] == [dec.holdings, mar.holdings]


def test_total_unrealised_profit_has_leans_snake_case_name() -> None:
    portfolio = make_portfolio()
    make_future(portfolio)
    assert portfolio.total_unrealised_profit == portfolio.total_unrealized_profit == 0
