from datetime import datetime

import pytest

from keel.model.enums import OrderType, SecurityType
from keel.model.market import Market
from keel.model.orders import CashAmount, Order, OrderFee
from keel.model.symbol import Symbol
from keel.reality.fees import (
    CoinbaseFeeModel,
    ConstantFeeModel,
    FeeModel,
    FxcmFeeModel,
    InteractiveBrokersFeeModel,
    NullFeeModel,
    OrderFeeParameters,
    ib_future_fee_per_contract,
)
from keel.securities.testing import feed, make_equity, make_future, make_portfolio, trade_bar

NOW = datetime(2013, 10, 8, 14, 0)


def _order(security, qty, kind=OrderType.MARKET, **kw):
    return Order(1, security.symbol, qty, kind, NOW, **kw)


@pytest.mark.parametrize(
    ("root", "fee"), [("ES", 2.15), ("NQ", 2.15), ("GC", 2.47), ("CL", 2.47), ("MES", 0.57)]
)
def test_ib_future_fee_table(root, fee):
    assert ib_future_fee_per_contract(root) == pytest.approx(fee)


def test_ib_futures_per_contract_and_both_spellings():
    es = make_future(make_portfolio())
    model = InteractiveBrokersFeeModel()
    fee = model.get_order_fee(OrderFeeParameters(es, _order(es, -238)))
    assert fee.value.amount == pytest.approx(511.70) and fee.value.currency == "USD"
    assert model.GetOrderFee(OrderFeeParameters(es, _order(es, 1))).Value.Amount == pytest.approx(2.15)


@pytest.mark.parametrize(
    ("qty", "price", "expected"), [(100, 100.0, 1.0), (1000, 100.0, 5.0), (1000, 0.2, 2.0), (10, 0.05, 1.0)]
)
def test_ib_equity_fee_min_and_max(qty, price, expected):
    p = make_portfolio()
    spy = make_equity(p)
    feed(spy, trade_bar(spy, datetime(2013, 10, 8, 10, 0), price, price, price, price))
    assert InteractiveBrokersFeeModel().get_order_fee(
        OrderFeeParameters(spy, _order(spy, qty))
    ).value.amount == pytest.approx(expected)


def test_constant_and_null_fee_models():
    es = make_future()
    assert ConstantFeeModel(-3, "eur").get_order_fee(
        OrderFeeParameters(es, _order(es, 5))
    ).value == CashAmount(3, "EUR")
    assert NullFeeModel().get_order_fee(OrderFeeParameters(es, _order(es, 5))).value.amount == 0
    assert FeeModel().get_order_fee(OrderFeeParameters(es, _order(es, 5))).value.amount == 0


def test_fxcm_fee_model():
    book_security = make_future()
    fx = type(book_security).__mro__[1](  # plain Security
        Symbol.create("EURUSD", SecurityType.FOREX, Market.FXCM),
        book_security.exchange.hours,
        book_security.quote_currency,
    )
    assert FxcmFeeModel().get_order_fee(
        OrderFeeParameters(fx, _order(fx, 10_000))
    ).value.amount == pytest.approx(0.4)
    gbp = type(book_security).__mro__[1](
        Symbol.create("EURGBP", SecurityType.FOREX, Market.FXCM),
        book_security.exchange.hours,
        book_security.quote_currency,
    )
    assert FxcmFeeModel().get_order_fee(
        OrderFeeParameters(gbp, _order(gbp, -10_000))
    ).value.amount == pytest.approx(0.6)


def test_coinbase_maker_taker():
    es = make_future()
    btc_symbol = Symbol.create("BTCUSD", SecurityType.CRYPTO, Market.COINBASE)
    btc = type(es).__mro__[1](btc_symbol, es.exchange.hours, es.quote_currency)
    from keel.securities.testing import quote_bar

    feed(btc, quote_bar(btc, datetime(2020, 1, 1), 100, 101))
    taker = CoinbaseFeeModel().get_order_fee(OrderFeeParameters(btc, _order(btc, 2)))
    assert taker.value.amount == pytest.approx(2 * 100.5 * 0.006)
    resting = _order(btc, 2, OrderType.LIMIT, limit_price=90.0)
    assert CoinbaseFeeModel().get_order_fee(OrderFeeParameters(btc, resting)).value.amount == pytest.approx(
        2 * 100.5 * 0.004
    )


def test_user_fee_model_in_pascal_case_is_used_by_the_engine_spelling():
    class MyFees(FeeModel):
        def GetOrderFee(self, parameters):
            return OrderFee(CashAmount(0.5 * parameters.Order.AbsoluteQuantity, "USD"))

    es = make_future()
    assert MyFees().get_order_fee(OrderFeeParameters(es, _order(es, -4))).value.amount == 2.0

    class MySnake(FeeModel):
        def get_order_fee(self, parameters):
            return OrderFee(CashAmount(7, "USD"))

    assert MySnake().GetOrderFee(OrderFeeParameters(es, _order(es, 1))).value.amount == 7


def test_ib_futures_fees_by_market_and_currency():
    from keel.reality.fees import ib_future_fee

    assert ib_future_fee("HSI", "hkfe", "HKD") == CashAmount(40.0, "HKD")
    assert ib_future_fee("MHI", "hkfe", "HKD") == CashAmount(30.0, "HKD")
    assert ib_future_fee("XYZ", "hkfe", "USD") == CashAmount(pytest.approx(3.6), "USD")
    assert ib_future_fee("FESX", "eurex", "EUR") == CashAmount(pytest.approx(1.02), "EUR")
    assert ib_future_fee("ES", "cme", "USD") == CashAmount(pytest.approx(2.15), "USD")
    assert ib_future_fee("BTC", "cme", "USD").amount == pytest.approx(11.02)
    assert ib_future_fee("ES", "cme", "USD", option=True).amount == pytest.approx(0.85 + 0.55 + 0.02)


def test_ib_fee_model_bills_hsi_in_hkd():
    from keel.securities.testing import make_future

    hsi = make_future(make_portfolio(), root="HSI", market=Market.HKFE)
    fee = InteractiveBrokersFeeModel().get_order_fee(OrderFeeParameters(hsi, _order(hsi, -2)))
    assert fee.value == CashAmount(80.0, "HKD")
