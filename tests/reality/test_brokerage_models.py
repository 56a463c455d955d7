from datetime import datetime, timedelta

import pytest

from keel.model.enums import AccountType, BrokerageName, OrderType, SecurityType
from keel.model.market import Market
from keel.model.orders import Order, OrderProperties, TimeInForce, UpdateOrderFields, UpdateOrderRequest
from keel.model.symbol import Symbol
from keel.reality.brokerage_models import (
    BrokerageMessageType,
    CoinbaseBrokerageModel,
    DefaultBrokerageModel,
    FxcmBrokerageModel,
    InteractiveBrokersBrokerageModel,
    OandaBrokerageModel,
    TradingTechnologiesBrokerageModel,
    brokerage_model_from_name,
)
from keel.reality.buying_power import CashBuyingPowerModel, FutureMarginModel, SecurityMarginModel
from keel.reality.fees import CoinbaseFeeModel, ConstantFeeModel, FxcmFeeModel, InteractiveBrokersFeeModel
from keel.reality.fills import EquityFillModel, FutureFillModel, ImmediateFillModel
from keel.reality.settlement import DelayedSettlementModel, FutureSettlementModel, ImmediateSettlementModel
from keel.reality.slippage import NullSlippageModel
from keel.securities.security import Security
from keel.securities.testing import feed, make_equity, make_future, make_portfolio, quote_bar, trade_bar

NOW = datetime(2013, 10, 8, 14, 0)
ALL_TYPES = [
    OrderType.MARKET,
    OrderType.LIMIT,
    OrderType.STOP_MARKET,
    OrderType.STOP_LIMIT,
    OrderType.MARKET_ON_OPEN,
    OrderType.MARKET_ON_CLOSE,
    OrderType.LIMIT_IF_TOUCHED,
    OrderType.TRAILING_STOP,
]


def _security(kind):
    p = make_portfolio()
    if kind == SecurityType.FUTURE:
        return make_future(p)
    if kind == SecurityType.EQUITY:
        return make_equity(p)
    market = {
        SecurityType.FOREX: Market.OANDA,
        SecurityType.CFD: Market.OANDA,
        SecurityType.CRYPTO: Market.COINBASE,
    }
    base = make_future(p)
    return Security(
        Symbol.create(
            "XAUUSD" if kind == SecurityType.CFD else "EURUSD" if kind == SecurityType.FOREX else "BTCUSD",
            kind,
            market.get(kind, Market.USA),
        ),
        base.exchange.hours,
        p.cash_book["USD"],
    )


def _order(security, order_type, qty=1.0, tif=None):
    price = security.price or 100.0
    kw = {}
    if order_type in (OrderType.LIMIT, OrderType.STOP_LIMIT, OrderType.LIMIT_IF_TOUCHED):
        kw["limit_price"] = price + 20 if qty > 0 else price - 20
    if order_type in (OrderType.STOP_MARKET, OrderType.STOP_LIMIT, OrderType.TRAILING_STOP):
        kw["stop_price"] = price + 10 if qty > 0 else price - 10
    if order_type == OrderType.LIMIT_IF_TOUCHED:
        kw["trigger_price"] = price
    props = OrderProperties(tif) if tif else None
    return Order(1, security.symbol, qty, order_type, NOW, properties=props, **kw)


SEED_TABLE = {
    DefaultBrokerageModel: (None, set(ALL_TYPES)),
    InteractiveBrokersBrokerageModel: (
        SecurityType.EQUITY,
        {
            OrderType.MARKET,
            OrderType.LIMIT,
            OrderType.STOP_MARKET,
            OrderType.STOP_LIMIT,
            OrderType.MARKET_ON_OPEN,
            OrderType.MARKET_ON_CLOSE,
        },
    ),
    FxcmBrokerageModel: (SecurityType.FOREX, {OrderType.MARKET, OrderType.LIMIT, OrderType.STOP_MARKET}),
    OandaBrokerageModel: (SecurityType.FOREX, {OrderType.MARKET, OrderType.LIMIT, OrderType.STOP_MARKET}),
    CoinbaseBrokerageModel: (SecurityType.CRYPTO, {OrderType.MARKET, OrderType.LIMIT, OrderType.STOP_MARKET}),
    TradingTechnologiesBrokerageModel: (
        SecurityType.FUTURE,
        {OrderType.MARKET, OrderType.LIMIT, OrderType.STOP_MARKET, OrderType.STOP_LIMIT},
    ),
}


@pytest.mark.parametrize("model_cls", list(SEED_TABLE))
@pytest.mark.parametrize("order_type", ALL_TYPES)
@pytest.mark.parametrize("spelling", ["snake", "Pascal"])
def test_order_type_table(model_cls, order_type, spelling):
    kind, allowed = SEED_TABLE[model_cls]
    model = model_cls(AccountType.CASH) if model_cls is CoinbaseBrokerageModel else model_cls()
    security = _security(kind or SecurityType.EQUITY)
    feed(security, trade_bar(security, datetime(2013, 10, 8, 10, 0), 100, 100, 100, 100))
    check = model.can_submit_order if spelling == "snake" else model.CanSubmitOrder
    ok, message = check(security, _order(security, order_type))
    assert ok == (order_type in allowed)
    if not ok:
        assert message.type == BrokerageMessageType.WARNING and message.code == "NotSupported"
        assert f"does not support {order_type.name} order type" in message.message


@pytest.mark.parametrize(
    ("model_cls", "ok_types", "bad_type"),
    [
        (
            InteractiveBrokersBrokerageModel,
            [SecurityType.EQUITY, SecurityType.FOREX, SecurityType.FUTURE],
            SecurityType.CRYPTO,
        ),
        (FxcmBrokerageModel, [SecurityType.FOREX, SecurityType.CFD], SecurityType.EQUITY),
        (OandaBrokerageModel, [SecurityType.FOREX, SecurityType.CFD], SecurityType.FUTURE),
        (TradingTechnologiesBrokerageModel, [SecurityType.FUTURE], SecurityType.EQUITY),
    ],
)
def test_supported_security_types(model_cls, ok_types, bad_type):
    model = model_cls()
    for kind in ok_types:
        s = _security(kind)
        assert model.can_submit_order(s, _order(s, OrderType.MARKET))[0]
    bad = _security(bad_type)
    ok, message = model.CanSubmitOrder(bad, _order(bad, OrderType.MARKET))
    assert not ok and f"does not support {bad_type.name} security type" in message.message


def test_coinbase_no_updates_cash_only_and_gdax_alias():
    model = brokerage_model_from_name(BrokerageName.GDAX, AccountType.CASH)
    assert isinstance(model, CoinbaseBrokerageModel)
    s = _security(SecurityType.CRYPTO)
    request = UpdateOrderRequest(1, UpdateOrderFields(quantity=2), NOW)
    ok, message = model.can_update_order(s, _order(s, OrderType.LIMIT), request)
    assert not ok and "does not support order updates" in message.message
    with pytest.raises(ValueError, match="Margin"):
        CoinbaseBrokerageModel(AccountType.MARGIN)
    assert isinstance(model.get_fee_model(s), CoinbaseFeeModel)
    assert isinstance(model.get_buying_power_model(s), CashBuyingPowerModel)


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        (BrokerageName.DEFAULT, DefaultBrokerageModel),
        (BrokerageName.INTERACTIVE_BROKERS_BROKERAGE, InteractiveBrokersBrokerageModel),
        (BrokerageName.FXCM_BROKERAGE, FxcmBrokerageModel),
        (BrokerageName.OANDA_BROKERAGE, OandaBrokerageModel),
        (BrokerageName.COINBASE, CoinbaseBrokerageModel),
        (BrokerageName.TRADING_TECHNOLOGIES, TradingTechnologiesBrokerageModel),
        (BrokerageName.TradingTechnologies, TradingTechnologiesBrokerageModel),
    ],
)
def test_brokerage_model_from_name(name, cls):
    account = AccountType.CASH if cls is CoinbaseBrokerageModel else AccountType.MARGIN
    model = brokerage_model_from_name(name, account)
    assert type(model) is cls and model.account_type == account
    with pytest.raises(ValueError, match="supported"):
        brokerage_model_from_name(BrokerageName.BINANCE)


def test_default_model_choices_per_asset_class():
    m = DefaultBrokerageModel()
    es, spy, fx = (
        _security(SecurityType.FUTURE),
        _security(SecurityType.EQUITY),
        _security(SecurityType.FOREX),
    )
    assert isinstance(m.get_fill_model(es), FutureFillModel) and isinstance(
        m.get_fill_model(spy), EquityFillModel
    )
    assert type(m.get_fill_model(fx)) is ImmediateFillModel
    assert isinstance(m.get_fee_model(es), InteractiveBrokersFeeModel) and isinstance(
        m.get_fee_model(fx), ConstantFeeModel
    )
    assert isinstance(m.get_buying_power_model(es), FutureMarginModel)
    assert isinstance(m.get_settlement_model(es), FutureSettlementModel)
    assert isinstance(m.get_slippage_model(es), NullSlippageModel)
    assert (m.get_leverage(spy), m.get_leverage(fx), m.get_leverage(es)) == (2, 50, 1)
    bp = m.get_buying_power_model(spy)
    assert isinstance(bp, SecurityMarginModel) and bp.get_leverage(spy) == 2
    cash = DefaultBrokerageModel(AccountType.CASH)
    assert isinstance(cash.get_settlement_model(spy), DelayedSettlementModel)
    assert isinstance(cash.get_settlement_model(fx), ImmediateSettlementModel)
    assert cash.get_leverage(spy) == 1
    assert m.default_markets[SecurityType.FUTURE] == "cme" and m.DefaultMarkets[SecurityType.EQUITY] == "usa"
    assert FxcmBrokerageModel().default_markets[SecurityType.FOREX] == "fxcm"
    assert isinstance(FxcmBrokerageModel().get_fee_model(fx), FxcmFeeModel)


def test_user_subclass_of_default_brokerage_model_pascal_case():
    class MyBrokerage(DefaultBrokerageModel):
        def CanSubmitOrder(self, security, order):
            if order.Quantity > 10:
                return False, None
            return True, None

        def GetFeeModel(self, security):
            return ConstantFeeModel(1)

    model = MyBrokerage()
    es = _security(SecurityType.FUTURE)
    assert not model.can_submit_order(es, _order(es, OrderType.MARKET, 11))[0]
    assert model.get_fee_model(es).fee == 1


# ---------------------------------------------------------------------------------------------
# Trading Technologies rules at their boundaries


def _tt_future(price=4470.0):
    es = make_future(make_portfolio())
    feed(es, quote_bar(es, datetime(2013, 10, 8, 10, 0), price - 0.125, price + 0.125))
    assert es.price == price
    return es


@pytest.mark.parametrize(
    ("qty", "stop", "ok"),
    [
        (1, 4470.25, True),
        (1, 4470.0, False),
        (1, 4469.75, False),
        (-1, 4469.75, True),
        (-1, 4470.0, False),
        (-1, 4470.25, False),
    ],
)
@pytest.mark.parametrize("spelling", ["snake", "Pascal"])
def test_tt_stop_market_side(qty, stop, ok, spelling):
    es = _tt_future()
    model = TradingTechnologiesBrokerageModel()
    order = Order(1, es.symbol, qty, OrderType.STOP_MARKET, NOW, stop_price=stop)
    result, message = (model.can_submit_order if spelling == "snake" else model.CanSubmitOrder)(es, order)
    assert result is ok
    if not ok:
        assert (
            message.message
            == "StopMarket Sell orders must be below market, StopMarket Buy orders must be above market."
        )


@pytest.mark.parametrize(
    ("qty", "stop", "limit", "ok", "text"),
    [
        (1, 4471.0, 4471.0, True, None),
        (1, 4471.0, 4470.75, False, "limit price must be greater than or equal to stop price"),
        (1, 4470.0, 4475.0, False, "StopLimit Buy orders must be above market"),
        (-1, 4469.0, 4469.0, True, None),
        (
            -1,
            4469.0,
            4469.25,
            False,
            "StopLimit Sell limit price must be smaller than or equal to stop price",
        ),
        (-1, 4470.0, 4465.0, False, "StopLimit Sell orders must be below market"),
    ],
)
def test_tt_stop_limit_rules(qty, stop, limit, ok, text):
    es = _tt_future()
    order = Order(1, es.symbol, qty, OrderType.STOP_LIMIT, NOW, stop_price=stop, limit_price=limit)
    result, message = TradingTechnologiesBrokerageModel().can_submit_order(es, order)
    assert result is ok
    if text:
        assert text in message.message


@pytest.mark.parametrize(
    ("tif", "ok"),
    [
        (TimeInForce.DAY, True),
        (TimeInForce.GOOD_TIL_CANCELED, True),
        (TimeInForce.good_til_date(datetime(2013, 10, 9)), False),
    ],
)
def test_tt_time_in_force(tif, ok):
    es = _tt_future()
    result, message = TradingTechnologiesBrokerageModel().can_submit_order(
        es, _order(es, OrderType.LIMIT, 1, tif)
    )
    assert result is ok
    if not ok:
        assert "GoodTilDate time in force" in message.message


def test_tt_models_fees_leverage_market_updates_execution():
    model = brokerage_model_from_name(BrokerageName.TRADING_TECHNOLOGIES, AccountType.CASH)
    assert model.account_type == AccountType.CASH
    assert brokerage_model_from_name(BrokerageName.TRADING_TECHNOLOGIES).account_type == AccountType.MARGIN
    es = _tt_future()
    fee = model.get_fee_model(es).get_order_fee(
        __import__("keel.reality.fees", fromlist=["x"]).OrderFeeParameters(
            es, _order(es, OrderType.MARKET, 10)
        )
    )
    assert fee.value.amount == 0
    assert isinstance(model.get_fill_model(es), FutureFillModel)
    assert isinstance(model.get_slippage_model(es), NullSlippageModel)
    assert isinstance(model.get_buying_power_model(es), FutureMarginModel) and model.get_leverage(es) == 1
    assert model.default_markets[SecurityType.FUTURE] == Market.CME
    request = UpdateOrderRequest(1, UpdateOrderFields(limit_price=1.0), NOW + timedelta(minutes=1))
    assert model.can_update_order(es, _order(es, OrderType.LIMIT), request) == (True, None)
    assert model.can_execute_order(es, _order(es, OrderType.MARKET))
    spy = _security(SecurityType.EQUITY)
    assert not model.CanExecuteOrder(spy, _order(spy, OrderType.MARKET))
