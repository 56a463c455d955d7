"""LEAN's OrderListHash: orders serialised as LEAN's Newtonsoft JSON, checked on real LEAN vectors.

The expected hashes are LEAN's ``OrderListHash`` of public regressions (``lean-regressions-public
.json``); the orders are the ones those runs place (values as LEAN's data and fill models give).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import keel.regressions
from keel.engine.backtest import run_backtest
from keel.engine.lean_order_json import (
    EMPTY_ORDER_LIST_HASH,
    default_tag,
    json_decimal,
    json_string,
    lean_symbol_value,
    order_json,
    order_list_hash,
    smart_rounding,
    submission_decimal,
)
from keel.model.enums import OrderStatus, OrderType, SecurityType
from keel.model.orders import Order, OrderProperties, TimeInForce
from keel.model.symbol import Symbol

SPY = Symbol.create("SPY", SecurityType.EQUITY, "usa", date(1998, 1, 2))
GC_OCT13 = Symbol.create_future("GC", "comex", date(2013, 10, 29))
ES_DEC13 = Symbol.create_future("ES", "cme", date(2013, 12, 20), date(2013, 12, 1))


def _filled(
    order_id: int, symbol: Symbol, quantity: float, time: datetime, price: float, sub: tuple[float, float, float]
) -> Order:
    order = Order(order_id, symbol, quantity, OrderType.MARKET, time)
    order.status, order.price, order.last_fill_time = OrderStatus.FILLED, price, time
    order.submission_bid, order.submission_ask, order.submission_last = sub
    return order


def test_no_orders_hash_to_the_md5_of_nothing() -> None:
    assert order_list_hash([]) == EMPTY_ORDER_LIST_HASH == hashlib.md5(b"").hexdigest()


def test_basic_template_algorithm_vector() -> None:
    """SPY (adjusted, factor 0.8646266): submission prices keep 4 + 7 decimals, Price is rounded."""
    t = datetime(2013, 10, 7, 13, 31)
    order = _filled(1, SPY, 688.0, t, 144.78172417, (144.773077904, 144.78172417, 144.773077904))
    text = order_json(order, price_adjustment_mode=1, submission_scale=11)
    assert text == (
        '{"type":0,"id":1,"contingentId":0,"brokerId":["1"],'
        '"symbol":{"value":"SPY","id":"SPY R735QTJ8XC9X","permtick":"SPY"},'
        '"price":144.7817,"priceCurrency":"USD","time":"2013-10-07T13:31:00Z",'
        '"createdTime":"2013-10-07T13:31:00Z","lastFillTime":"2013-10-07T13:31:00Z",'
        '"quantity":688.0,"status":3,"tag":"","properties":{"timeInForce":{}},"securityType":1,'
        '"direction":0,"value":99609.8096,"orderSubmissionData":{"bidPrice":144.77307790400,'
        '"askPrice":144.78172417000,"lastPrice":144.77307790400},"isMarketable":true,"priceAdjustmentMode":1}'
    )
    assert order_list_hash([order], {SPY: 1}, lambda o: 11) == "3da9fa60bf95b9ed148b95e02e0cfc9e"


def test_future_chain_vector_uses_leans_contract_ticker() -> None:
    """FutureChainInternalSubscriptionsRegressionAlgorithm: GC contract, ticker with expiry day."""
    t = datetime(2013, 10, 8, 13, 31)
    order = _filled(1, GC_OCT13, 1.0, t, 1323.5, (1323.1, 1323.5, 1323.3))
    assert lean_symbol_value(GC_OCT13) == "GC29V13"
    assert order_list_hash([order]) == "6d4d3664d887d00b8222eb731f298cd8"


def test_delisting_liquidation_has_no_submission_data_nor_broker_id() -> None:
    """DelistedFutureLiquidateRegressionAlgorithm (with LEAN's liquidation time)."""
    buy = _filled(1, ES_DEC13, 1.0, datetime(2013, 10, 8, 13, 31), 1670.0, (1669.75, 1670.0, 1669.875))
    sell = _filled(2, ES_DEC13, -1.0, datetime(2013, 12, 21, 18, 30), 1810.375, (0.0, 0.0, 0.0))
    sell.tag, sell.price_currency = "Liquidate from delisting", ""
    assert '"brokerId":[]' in order_json(sell) and '"orderSubmissionData":null' in order_json(sell)
    assert order_list_hash([sell, buy]) == "640ce720644ff0b580687e80105d0a92"


def test_smart_rounding_and_decimal_text_follow_lean() -> None:
    assert smart_rounding(Decimal("144.78172417")) == Decimal("144.7817")
    assert json_decimal(smart_rounding(Decimal("1234.56785"))) == "1234.5678"  # 4 decimals, to even
    assert json_decimal(smart_rounding(Decimal("1656.00"))) == "1656.0"
    assert json_decimal(smart_rounding(Decimal("0.000123456789"))) == "0.0001234568"
    assert json_decimal(smart_rounding(Decimal("1000"))) == "1000.0"
    assert json_decimal(Decimal(4) * Decimal("1662.75")) == "6651.00"  # decimal products keep scale
    assert json_decimal(submission_decimal(1307.9 / 2 + 1308.2 / 2)) == "1308.05"  # float noise dropped
    assert json_decimal(submission_decimal(0.0, 11)) == "0.0"
    assert json_string('a"b\\c\n\x01') == '"a\\"b\\\\c\\n\\u0001"'


def test_trailing_stop_default_tag_and_member_order() -> None:
    order = Order(3, SPY, -100.0, OrderType.TRAILING_STOP, datetime(2013, 10, 7, 14, 0), stop_price=143.5)
    order.trailing_amount, order.trailing_as_percentage = 0.5, False
    assert default_tag(order) == "Trailing Amount: $0.5"
    text = order_json(order)
    assert text.startswith('{"trailingAmount":0.5,"trailingAsPercentage":false,"type":11,"stopPrice":143.5,"id":3,')
    order.trailing_as_percentage, order.trailing_amount = True, 0.01
    assert default_tag(order) == "Trailing Amount: 1.00%"


def test_an_unfilled_sell_has_an_unsigned_zero_value() -> None:
    """``Value`` (quantity x price) of a canceled sell is ``0.0``: LEAN writes no negative zero."""
    order = Order(4, SPY, -10.0, OrderType.LIMIT, datetime(2013, 10, 7, 16, 0), limit_price=145.5929)
    order.status = OrderStatus.CANCELED
    text = order_json(order)
    assert '"price":0.0,' in text and '"value":0.0,' in text and "-0.0" not in text


def test_an_order_changed_after_its_json_was_written_is_written_as_it_is_now() -> None:
    """The serialiser remembers the latest symbol, time in force, time and value texts (by identity
    or equal text): an order changed in place since (an update, an edited time in force) must not
    get the remembered texts."""
    tif = TimeInForce.good_til_date(datetime(2013, 10, 8))
    order = Order(1, SPY, 10.0, OrderType.LIMIT, datetime(2013, 10, 7, 16, 0), limit_price=145.5)
    order.properties = OrderProperties(tif)
    order.price = 145.5
    first = order_json(order)
    assert '"Expiry":"2013-10-08T00:00:00"' in first and '"value":1455.0,' in first
    tif.expiry = datetime(2013, 10, 9)  # same TimeInForce object, changed in place
    order.quantity = -20.0
    order.time = datetime(2013, 10, 7, 16, 1)
    second = order_json(order)
    assert '"Expiry":"2013-10-09T00:00:00"' in second
    assert '"quantity":-20.0,' in second and '"value":-2910.0,' in second and '"direction":1,' in second
    assert '"time":"2013-10-07T16:01:00Z","createdTime":"2013-10-07T16:01:00Z"' in second
    tif.kind, tif.expiry = "Day", None
    third = order_json(order)
    assert '"timeInForce":{"$type":"QuantConnect.Orders.TimeInForces.DayTimeInForce"}' in third


def test_order_ticket_demo_vector(lean_data: Path) -> None:
    """OrderTicketDemoAlgorithm (limit, stop, stop-limit, trailing, MOO, MOC orders with updates and
    cancels): LEAN's OrderListHash needs the fills of updated orders on the update's bar, the tag of
    a refused cancel, and the unsigned zero value of the canceled sell limit."""
    run = _regression("OrderTicketDemoAlgorithm", lean_data)
    assert run.statistics["End Equity"] == "100709.93"
    assert run.statistics["OrderListHash"] == "236df5da8408fdd11445a88425ea9ab7"


def _regression(name: str, lean_data: Path) -> Any:
    folder = Path(keel.regressions.__file__).parent / "algorithms"
    return run_backtest(folder / f"{name}.py", lean_data, class_name=name)


def test_submission_data_and_adjustment_mode_are_recorded_when_an_order_is_submitted(lean_data: Path) -> None:
    """BasicTemplateAlgorithm end to end: LEAN's hash, from the engine's submission-time records."""
    run = _regression("BasicTemplateAlgorithm", lean_data)
    order = run.engine.transactions.orders[1]  # closed, so rebuilt from the compact order log
    assert (order.submission_bid, order.submission_ask) == pytest.approx((144.773077904, 144.78172417))
    assert order.price_currency == "USD"
    assert run.engine.price_adjustment_modes[order.symbol] == 1
    assert run.engine.submission_price_scale(order) == 11
    assert run.statistics["OrderListHash"] == "3da9fa60bf95b9ed148b95e02e0cfc9e"


def test_a_continuous_futures_mapped_contract_reports_the_continuous_mode(lean_data: Path) -> None:
    """ContinuousFutureHistoryRegressionAlgorithm: the mapped contract's mode is BackwardsRatio (6)."""
    run = _regression("ContinuousFutureHistoryRegressionAlgorithm", lean_data)
    order = run.engine.transactions.orders[1]
    assert run.engine.price_adjustment_modes[order.symbol] == 6
    assert run.statistics["OrderListHash"] == "b9f8e1a0704c086944e5df07e0ab04d6"


def test_hash_streams_a_lazy_order_source_and_refuses_one_out_of_id_order() -> None:
    """A generator (the transaction handler's view) is hashed as it comes, never collected; it must
    come in id order. Lists are sorted by id."""
    t0 = datetime(2013, 10, 7, 13, 31)
    orders = [Order(i, ES_DEC13, 1.0, OrderType.MARKET, t0) for i in (1, 2, 3)]
    assert order_list_hash(o for o in orders) == order_list_hash(list(reversed(orders)))
    with pytest.raises(ValueError, match="id order"):
        order_list_hash(o for o in reversed(orders))


def test_quote_mid_last_price_keeps_the_scale_of_the_bid_ask_sum() -> None:
    """LEAN's ``QuoteBar.Close`` is ``(Bid.Close + Ask.Close) / 2m``: 1662.75 + 1663.25 gives 1663.00
    (SetHoldingsFutureRegressionAlgorithm's third order), not the shortest text 1663.0."""
    t = datetime(2013, 10, 8, 13, 33)
    order = _filled(3, ES_DEC13, 235.0, t, 1663.25, (1662.75, 1663.25, 1663.0))
    assert '"lastPrice":1663.0}' in order_json(order)
    order.submission_last_is_mid = True
    assert '"lastPrice":1663.00}' in order_json(order)
    order.submission_bid, order.submission_ask, order.submission_last = 1663.0, 1663.25, 1663.125
    assert '"lastPrice":1663.125}' in order_json(order)


def test_close_is_a_quote_mid_only_after_a_two_sided_quote_bar() -> None:
    """The engine flags the submission last price as a mid when the close came from a quote bar."""
    from keel.engine.engine import _close_is_quote_mid
    from keel.securities.testing import feed, make_future, make_portfolio, quote_bar, trade_bar

    es = make_future(make_portfolio())
    local = datetime(2013, 10, 8, 9, 31)
    feed(es, trade_bar(es, local, 1660, 1662, 1659, 1661))
    assert not _close_is_quote_mid(es)
    feed(es, quote_bar(es, local + timedelta(minutes=1), 1662.75, 1663.25))
    assert _close_is_quote_mid(es) and es.close == 1663.0
