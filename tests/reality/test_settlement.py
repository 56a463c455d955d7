from datetime import datetime, timedelta

import pytest

from keel.model.enums import OrderDirection, OrderStatus
from keel.model.orders import CashAmount, OrderEvent, OrderFee
from keel.reality.buying_power import SecurityMarginModel
from keel.reality.fees import ConstantFeeModel
from keel.reality.settlement import DelayedSettlementModel, FutureSettlementModel, ImmediateSettlementModel
from keel.securities.testing import feed, make_equity, make_future, make_portfolio, trade_bar


def _fill(security, qty, price, when, fee=0.0):
    d = OrderDirection.BUY if qty > 0 else OrderDirection.SELL
    return OrderEvent(
        1, security.symbol, when, OrderStatus.FILLED, d, price, qty, OrderFee(CashAmount(fee, "USD"))
    )


def _bar(es, when, price):
    feed(es, trade_bar(es, when, price, price, price, price))


def test_future_daily_settlement_moves_cash_once_per_exchange_date():
    p = make_portfolio(100_000)
    es = make_future(p)
    es.fee_model = ConstantFeeModel(0)
    assert isinstance(es.settlement_model, FutureSettlementModel)
    day1 = datetime(2013, 10, 7, 10, 0)
    _bar(es, day1, 1660)
    p.scan_for_cash_settlement(day1 + timedelta(hours=4))
    p.process_fills([_fill(es, 2, 1660, day1 + timedelta(hours=4))])
    _bar(es, day1 + timedelta(hours=5), 1670)
    p.ScanForCashSettlement(day1 + timedelta(hours=9))
    assert p.cash == 100_000  # same date: nothing settles
    day2 = day1 + timedelta(days=1)
    _bar(es, day2, 1650)
    p.scan_for_cash_settlement(day2 + timedelta(hours=4))
    assert p.cash == pytest.approx(100_000 - 10 * 100)
    assert es.holdings.settled_profit == pytest.approx(-1000)
    assert es.holdings.unsettled_profit == pytest.approx(0)
    p.scan_for_cash_settlement(day2 + timedelta(hours=5))
    assert p.cash == pytest.approx(99_000)  # no second settlement the same day
    _bar(es, day2 + timedelta(hours=1), 1655)
    p.process_fills(
        [_fill(es, -1, 1655, day2 + timedelta(hours=5))]
    )  # close half: -250 realized, -500 settled
    assert p.cash == pytest.approx(99_000 + 250)
    assert es.holdings.settled_profit == pytest.approx(-500)
    p.process_fills([_fill(es, -1, 1640, day2 + timedelta(hours=6))])
    assert p.cash == pytest.approx(100_000 - 250 - 1000)  # cash change == total realized profit
    assert es.holdings.settled_profit == pytest.approx(0) and p.total_portfolio_value == pytest.approx(p.cash)


def test_delayed_settlement_holds_sale_proceeds_until_due():
    p = make_portfolio(10_000)
    spy = make_equity(p)
    spy.settlement_model = DelayedSettlementModel(1, timedelta(hours=8))
    spy.buying_power_model = SecurityMarginModel(1.0)
    friday = datetime(2013, 10, 11, 10, 0)
    feed(spy, trade_bar(spy, friday, 100, 100, 100, 100))
    p.process_fills([_fill(spy, 10, 100, friday + timedelta(hours=4))])
    assert p.cash == 9_000
    p.process_fills([_fill(spy, -10, 110, friday + timedelta(hours=5))])
    assert p.cash == 9_000 and p.unsettled_cash == 1_100
    assert p.total_portfolio_value == 10_100
    assert p.margin_remaining == pytest.approx(9_000)  # unsettled cash cannot be spent
    p.scan_for_cash_settlement(datetime(2013, 10, 14, 11, 59))  # Monday 07:59 New York
    assert p.unsettled_cash == 1_100
    p.scan_for_cash_settlement(datetime(2013, 10, 14, 12, 0))  # Monday 08:00 New York (T+1 trading day)
    assert p.cash == 10_100 and p.unsettled_cash == 0


def test_immediate_settlement_and_custom_pascal_case_model():
    p = make_portfolio(1_000)
    spy = make_equity(p)
    assert isinstance(spy.settlement_model, ImmediateSettlementModel)

    calls = []

    class Recording(ImmediateSettlementModel):
        def ApplyFunds(self, parameters):
            calls.append(parameters.CashAmount.Amount)
            super().ApplyFunds(parameters)

    spy.set_settlement_model(Recording())
    p.process_fills([_fill(spy, 1, 10, datetime(2013, 10, 8, 14))])
    assert calls == [-10] and p.cash == 990
