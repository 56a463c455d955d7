from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from keel.model.enums import OrderDirection, OrderStatus
from keel.model.orders import CashAmount, OrderEvent, OrderFee
from keel.reality.future_margins import MarginRequirementsEntry
from keel.reality.settlement import ImmediateSettlementModel
from keel.securities.testing import feed, make_equity, make_future, make_portfolio, quote_bar, trade_bar

T0 = datetime(2013, 10, 8, 9, 31)
UTC0 = datetime(2013, 10, 8, 13, 31)


def fill_event(security, quantity, price, fee=0.0, when=UTC0):
    direction = OrderDirection.BUY if quantity > 0 else OrderDirection.SELL
    return OrderEvent(
        1,
        security.symbol,
        when,
        OrderStatus.FILLED,
        direction,
        price,
        quantity,
        OrderFee(CashAmount(fee, "USD")),
    )


def test_equity_open_add_reduce_reverse_close():
    p = make_portfolio(10_000)
    spy = make_equity(p)
    p.process_fills([fill_event(spy, 10, 100, 1)])
    assert p.cash == pytest.approx(10_000 - 1000 - 1)
    p.process_fills([fill_event(spy, 10, 110, 1)])
    h = p[spy.symbol]
    assert h.quantity == 20 and h.average_price == pytest.approx(105)
    p.process_fills([fill_event(spy, -5, 120, 1)])
    assert h.quantity == 15 and h.average_price == pytest.approx(105)
    assert h.last_trade_profit == pytest.approx(75) and h.profit == pytest.approx(75)
    p.process_fills([fill_event(spy, -25, 100, 1)])  # reverse through zero
    assert h.quantity == -10 and h.average_price == 100
    assert h.profit == pytest.approx(75 - 75)
    p.process_fills([fill_event(spy, 10, 90, 1)])  # close short
    assert h.quantity == 0 and h.average_price == 0
    assert h.profit == pytest.approx(100)
    assert p.total_fees == pytest.approx(5) and p.TotalFees == pytest.approx(5)
    assert p.cash == pytest.approx(10_000 + 100 - 5)
    assert p.total_sale_volume == pytest.approx(1000 + 1100 + 600 + 2500 + 900)
    # trade records: one per closing fill, closing fee doubled
    assert [round(r[1], 6) for r in p.trade_records] == [73, -77, 98]
    assert p.trade_records[1][0] == UTC0 + timedelta(milliseconds=1)


def test_futures_fill_moves_no_notional_and_tpv_adds_unsettled_profit():
    p = make_portfolio(100_000)
    es = make_future(p)
    feed(es, trade_bar(es, T0, 1660, 1661, 1659, 1660), quote_bar(es, T0, 1659.75, 1660.25))
    p.process_fills([fill_event(es, 2, 1660.25, 4.30)])
    assert p.cash == pytest.approx(100_000 - 4.30)
    h = p[es.symbol]
    assert h.unsettled_profit == pytest.approx((1659.75 - 1660.25) * 100 - 4.30)
    assert p.total_portfolio_value == pytest.approx(p.cash + h.unsettled_profit)
    assert p.TotalPortfolioValue == p.total_portfolio_value
    assert p.total_holdings_value == pytest.approx(1660 * 100)
    p.process_fills([fill_event(es, -2, 1670, 4.30)])
    assert p.cash == pytest.approx(100_000 - 8.60 + (1670 - 1660.25) * 100)
    assert not p.invested and p.total_portfolio_value == pytest.approx(p.cash)


def test_margin_used_and_remaining_for_futures():
    p = make_portfolio(100_000)
    es = make_future(p)
    es.buying_power_model.set_margins([MarginRequirementsEntry(date(2013, 10, 3), 4180, 3800, 1672, 1520)])
    feed(es, trade_bar(es, T0, 1660, 1661, 1659, 1660))
    es.holdings.set_holdings(1660, 3)
    assert p.total_margin_used == pytest.approx(3 * 3800)
    assert p.margin_remaining == pytest.approx(p.total_portfolio_value - 3 * 3800)
    # a sell reverses: free margin adds back maintenance + initial of the position
    assert p.get_buying_power(es.symbol, OrderDirection.SELL) == pytest.approx(
        p.margin_remaining + 3 * 3800 + 3 * 4180
    )
    assert p.get_buying_power(es.symbol, OrderDirection.BUY) == pytest.approx(p.margin_remaining)


def test_getitem_unknown_symbol_names_the_fix():
    p = make_portfolio()
    with pytest.raises(KeyError, match="add the security"):
        p["NOPE"]


def test_set_cash_other_currency():
    p = make_portfolio(1000)
    p.set_cash(100, "EUR", 1.1)
    assert p.cash == pytest.approx(1110)
    p.SetCash(500)
    assert p.cash_book["USD"].amount == 500


# ---------------------------------------------------------------------------------------------
# property-based: any fill sequence keeps the books consistent to the cent

prices = st.integers(min_value=100, max_value=20_000).map(lambda c: c / 100)  # whole cents
quantities = st.integers(min_value=-50, max_value=50).filter(lambda q: q != 0)
fees = st.integers(min_value=0, max_value=500).map(lambda c: c / 100)
fills_strategy = st.lists(st.tuples(quantities, prices, fees), min_size=1, max_size=40)


@settings(max_examples=150, deadline=None)
@given(fills_strategy)
def test_equity_books_balance(fills):
    start = 1_000_000.0
    p = make_portfolio(start)
    spy = make_equity(p)
    spy.settlement_model = ImmediateSettlementModel()
    paid = 0.0
    for i, (q, price, fee) in enumerate(fills):
        p.process_fills([fill_event(spy, q, price, fee, UTC0 + timedelta(seconds=i))])
        paid += fee
        h = spy.holdings
        # cash + cost basis + fees paid == start + realized profit
        assert p.cash + h.holdings_cost + paid == pytest.approx(start + h.profit, abs=0.005)
        # marking at the last fill price: cash + holdings value == start + realized + unrealized - fees
        h.update_market_price(price)
        unrealized = (price - h.average_price) * h.quantity
        assert p.cash + h.holdings_value == pytest.approx(start + h.profit + unrealized - paid, abs=0.005)
    assert p.total_fees == pytest.approx(paid, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(fills_strategy)
def test_round_trip_realized_profit_equals_cash_change(fills):
    start = 1_000_000.0
    p = make_portfolio(start)
    es = make_future(p)
    for i, (q, price, fee) in enumerate(fills):
        p.process_fills([fill_event(es, q, price, fee, UTC0 + timedelta(seconds=i))])
    last_price = fills[-1][1]
    held = es.holdings.quantity
    if held:
        p.process_fills([fill_event(es, -held, last_price, 0.0, UTC0 + timedelta(days=1))])
    assert es.holdings.quantity == 0
    total_fees = sum(f for *_, f in fills)
    # realized P&L summed over the trade records (+ doubled closing fees added back) equals the cash change
    assert p.cash - start == pytest.approx(es.holdings.profit - total_fees, abs=0.005)
    assert p.total_net_profit == pytest.approx(p.cash - start, abs=0.005)
    assert sum(r[1] for r in p.trade_records) <= es.holdings.profit + 1e-6


@settings(max_examples=100, deadline=None)
@given(fills_strategy, st.lists(prices, min_size=1, max_size=5))
def test_futures_settlement_keeps_equity_mark_to_market(fills, marks):
    start = 1_000_000.0
    p = make_portfolio(start)
    es = make_future(p)
    es.fee_model = __import__("keel.reality.fees", fromlist=["ConstantFeeModel"]).ConstantFeeModel(0)
    day = datetime(2013, 10, 7, 10, 0)
    paid = 0.0
    for i, (q, price, fee) in enumerate(fills):
        mark = marks[i % len(marks)]
        day += timedelta(days=1)
        feed(es, trade_bar(es, day, mark, mark, mark, mark))
        p.scan_for_cash_settlement(day + timedelta(hours=4))
        p.process_fills([fill_event(es, q, price, fee, day + timedelta(hours=4, minutes=1))])
        paid += fee
        h = es.holdings
        # cash + unsettled profit == start + realized + mark-to-market unrealized - fees
        unrealized = (mark - h.average_price) * h.quantity * 50 if h.quantity else 0.0
        assert p.total_portfolio_value == pytest.approx(start + h.profit + unrealized - paid, abs=0.01)
