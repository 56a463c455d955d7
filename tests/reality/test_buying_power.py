from datetime import date, datetime, timedelta

import pytest

from keel.model.enums import OrderType
from keel.model.orders import Order
from keel.reality.buying_power import (
    BuyingPowerModel,
    CashBuyingPowerModel,
    FutureMarginModel,
    PatternDayTradingMarginModel,
    SecurityMarginModel,
    insufficient_buying_power_message,
)
from keel.reality.buying_power_parameters import (
    GetMaximumOrderQuantityForTargetBuyingPowerParameters,
    HasSufficientBuyingPowerForOrderParameters,
)
from keel.reality.future_margins import MarginRequirementsEntry, MarginRowCursor, parse_margin_csv
from keel.securities.testing import feed, make_equity, make_future, make_portfolio, trade_bar

LOCAL = datetime(2013, 10, 8, 9, 31)
UTC = LOCAL + timedelta(hours=4)
ES_ROWS = [
    MarginRequirementsEntry(date(2013, 10, 3), 4180, 3800, 1672, 1520),
    MarginRequirementsEntry(date(2013, 10, 15), 4510, 4100, 1804, 1640),
]


def _es(cash=1_000_000.0):
    p = make_portfolio(cash)
    es = make_future(p)
    es.buying_power_model = FutureMarginModel(0.0, es, ES_ROWS)
    feed(es, trade_bar(es, LOCAL, 1660, 1661, 1659, 1660))
    return p, es


def _target(p, security, target):
    return security.buying_power_model.get_maximum_order_quantity_for_target_buying_power(
        GetMaximumOrderQuantityForTargetBuyingPowerParameters(p, security, target)
    )


def test_set_holdings_worked_example_238_contracts():
    p, es = _es()
    assert _target(p, es, 0.9975).quantity == 238
    assert (
        es.buying_power_model.GetMaximumOrderQuantityForTargetBuyingPower(
            GetMaximumOrderQuantityForTargetBuyingPowerParameters(p, es, -0.9975)
        ).Quantity
        == -238
    )
    es.holdings.set_holdings(1660, 100)
    assert _target(p, es, 0.9975).quantity == 138
    assert _target(p, es, 0).quantity == -100


def test_futures_leveraged_target_raises():
    p, es = _es()
    with pytest.raises(ValueError, match=r"leveraged target"):
        _target(p, es, 1.1)
    with pytest.raises(ValueError):
        es.set_leverage(2)
    es.SetLeverage(1)
    assert es.leverage == 1


def test_margin_rows_advance_with_data_date_only_forward():
    _, es = _es()
    model = es.buying_power_model
    assert model.initial_overnight_margin_requirement == 4180
    feed(es, trade_bar(es, datetime(2013, 10, 15, 10, 0), 1, 1, 1, 1))
    assert model.InitialOvernightMarginRequirement == 4510
    cursor = MarginRowCursor(ES_ROWS)
    assert cursor.at(date(2013, 1, 1)).initial_overnight == 4180  # before the first row: first row
    assert cursor.at(date(2014, 1, 1)).initial_overnight == 4510
    assert cursor.at(date(2013, 10, 4)).initial_overnight == 4510  # never moves back


def test_no_data_means_zero_margin_and_intraday_switch():
    p = make_portfolio()
    es = make_future(p)
    es.buying_power_model = FutureMarginModel(0.0, es, ES_ROWS)
    assert es.buying_power_model.get_initial_margin_requirement(es, 1) == 0
    feed(es, trade_bar(es, LOCAL + timedelta(hours=2), 1, 1, 1, 1))  # 11:31, regular session
    es.buying_power_model.enable_intraday_margins = True
    assert es.buying_power_model.get_initial_margin_requirement(es, 2) == 2 * 1672
    assert es.buying_power_model.get_maintenance_margin(es, -2) == 2 * 1520


def test_margin_csv_parsing_defaults_intraday_and_reports_bad_rows():
    rows = parse_margin_csv(
        "# comment\ndate,initial,maintenance\n20131015,4510,4100\n20131003,4180,3800,2000\n"
    )
    assert [r.date for r in rows] == [date(2013, 10, 3), date(2013, 10, 15)]
    assert rows[0].initial_intraday == 2000 and rows[0].maintenance_intraday == pytest.approx(3800 * 0.4)
    with pytest.raises(ValueError, match=r"ES\.csv:3"):
        parse_margin_csv("date,a,b\n20131003,1,2\n2013-10-03,x,y\n", "ES.csv")


def test_sufficiency_message_reductions_and_reversals():
    p, es = _es(100_000)
    params = HasSufficientBuyingPowerForOrderParameters
    big = Order(7, es.symbol, 30, OrderType.MARKET, UTC)
    result = es.buying_power_model.has_sufficient_buying_power_for_order(params(p, es, big))
    assert not result.is_sufficient
    assert result.reason == "Id: 7, Initial Margin: 125464.5, Free Margin: 100000"
    assert (
        "Insufficient buying power to complete orders (Value:[2490000])"
        in insufficient_buying_power_message(big, es, result.reason)
    )
    assert es.buying_power_model.HasSufficientBuyingPowerForOrder(
        params(p, es, big, quantity_filled=10)
    ).IsSufficient
    es.holdings.set_holdings(1660, 20)
    assert p.has_sufficient_buying_power_for_order(
        Order(8, es.symbol, -20, OrderType.MARKET, UTC)
    ).is_sufficient
    # reversal to -20 frees the long's margin first: needs 20 x (4180 + 2.15)
    assert p.has_sufficient_buying_power_for_order(
        Order(9, es.symbol, -40, OrderType.MARKET, UTC)
    ).is_sufficient
    assert not p.has_sufficient_buying_power_for_order(
        Order(10, es.symbol, -60, OrderType.MARKET, UTC)
    ).is_sufficient


def test_equity_margin_leverage_and_free_buying_power_percent():
    p = make_portfolio(10_000)
    spy = make_equity(p)
    feed(spy, trade_bar(spy, datetime(2013, 10, 8, 10, 0), 100, 100, 100, 100))
    spy.buying_power_model = SecurityMarginModel(2.0, required_free_buying_power_percent=0.1)
    assert spy.leverage == 2
    assert spy.buying_power_model.get_initial_margin_requirement(spy, 10) == 500
    ok = Order(1, spy.symbol, 170, OrderType.MARKET, UTC)
    too_big = Order(2, spy.symbol, 190, OrderType.MARKET, UTC)
    assert p.has_sufficient_buying_power_for_order(ok).is_sufficient
    assert not p.has_sufficient_buying_power_for_order(too_big).is_sufficient
    spy.set_leverage(4)
    assert spy.Leverage == 4
    with pytest.raises(ValueError):
        BuyingPowerModel(0.5)
    assert _target(p, spy, 1.0).quantity == 359  # 0.9 x 10000 x 4 / 100 = 360, minus the fee


def test_pattern_day_trading_leverage_follows_market_hours():
    p = make_portfolio(10_000)
    spy = make_equity(p)
    spy.buying_power_model = PatternDayTradingMarginModel()
    feed(spy, trade_bar(spy, datetime(2013, 10, 8, 11, 0), 100, 100, 100, 100))
    assert spy.leverage == 4 and spy.buying_power_model.get_initial_margin_requirement(spy, 4) == 100
    spy.set_local_time(datetime(2013, 10, 8, 15, 55))  # closing soon
    assert spy.leverage == 2
    spy.set_local_time(datetime(2013, 10, 8, 20, 0))
    assert spy.buying_power_model.get_maintenance_margin(spy, 4) == 200


def test_cash_buying_power_model():
    p = make_portfolio(1_000)
    spy = make_equity(p)
    spy.buying_power_model = CashBuyingPowerModel()
    feed(spy, trade_bar(spy, datetime(2013, 10, 8, 10, 0), 100, 100, 100, 100))
    assert p.has_sufficient_buying_power_for_order(
        Order(1, spy.symbol, 9, OrderType.MARKET, UTC)
    ).is_sufficient
    refused = p.has_sufficient_buying_power_for_order(Order(2, spy.symbol, 10, OrderType.MARKET, UTC))
    assert not refused.is_sufficient and "only a total value of 1000 USD" in refused.reason
    short = p.has_sufficient_buying_power_for_order(Order(3, spy.symbol, -1, OrderType.MARKET, UTC))
    assert not short.is_sufficient and "does not permit short holdings" in short.reason
    with pytest.raises(ValueError):
        spy.set_leverage(2)
    assert _target(p, spy, 1.0).quantity == 9
    assert p.total_margin_used == 0
