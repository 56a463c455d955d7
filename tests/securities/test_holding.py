from datetime import datetime

import pytest

from keel.securities.testing import feed, make_equity, make_future, make_portfolio, quote_bar, trade_bar

T0 = datetime(2013, 10, 8, 9, 31)


def test_future_holding_values_use_multiplier_and_bid_ask_with_fee():
    p = make_portfolio()
    es = make_future(p)
    feed(es, trade_bar(es, T0, 1660, 1661, 1659, 1660), quote_bar(es, T0, 1659.75, 1660.25))
    h = es.holdings
    h.set_holdings(1650.0, 2)
    assert h.holdings_value == pytest.approx(1660 * 2 * 50)
    assert h.HoldingsValue == h.holdings_value
    assert h.holdings_cost == pytest.approx(1650 * 2 * 50)
    # long: exit at bid, minus IB fee 2 x 2.15
    assert h.unrealized_profit == pytest.approx((1659.75 - 1650) * 100 - 4.30)
    assert h.total_close_profit(include_fees=False, exit_price=1700) == pytest.approx(5000)
    h.set_holdings(1670.0, -1)
    assert h.UnrealizedProfit == pytest.approx((1670 - 1660.25) * 50 - 2.15)
    assert h.is_short and h.invested and h.absolute_quantity == 1


def test_flat_holding_is_zero_everywhere():
    es = make_future(make_portfolio())
    h = es.holdings
    assert (h.holdings_value, h.unrealized_profit, h.holdings_cost, h.unsettled_profit) == (0, 0, 0, 0)
    assert not h.Invested


def test_equity_exit_price_falls_back_to_last_price_without_quotes():
    p = make_portfolio()
    spy = make_equity(p)
    feed(spy, trade_bar(spy, datetime(2013, 10, 8, 10, 0), 100, 101, 99, 100.5))
    spy.holdings.set_holdings(100, 10)
    assert spy.holdings.unrealized_profit == pytest.approx(5 - 1.0)  # IB minimum fee $1
