from keel.model.enums import AccountType, BrokerageName
from keel.reality.brokerage_models import brokerage_model_from_name
from keel.reality.buying_power import SecurityMarginModel
from keel.reality.fees import ConstantFeeModel, InteractiveBrokersFeeModel, NullFeeModel
from keel.reality.security_initializer import (
    BrokerageModelSecurityInitializer,
    CompositeSecurityInitializer,
    FuncSecurityInitializer,
    apply_brokerage_model_to_existing,
    as_security_initializer,
)
from keel.reality.slippage import ConstantSlippageModel
from keel.securities.testing import make_equity, make_future, make_portfolio


def test_brokerage_initializer_overrides_models_set_before():
    es = make_future(make_portfolio())
    es.fee_model = ConstantFeeModel(99)
    es.slippage_model = ConstantSlippageModel(0.1)
    seeded = []
    BrokerageModelSecurityInitializer(
        brokerage_model_from_name(BrokerageName.TRADING_TECHNOLOGIES), seeded.append
    ).initialize(es)
    assert (
        isinstance(es.fee_model, NullFeeModel) and es.slippage_model.get_slippage_approximation(es, None) == 0
    )
    assert seeded == [es]


def test_func_and_composite_initializers_run_after_brokerage():
    spy = make_equity(make_portfolio())
    brokerage = BrokerageModelSecurityInitializer(brokerage_model_from_name(BrokerageName.DEFAULT))
    user = FuncSecurityInitializer(lambda s: s.SetFeeModel(ConstantFeeModel(1)))
    CompositeSecurityInitializer(brokerage, user, lambda s: s.set_leverage(3)).Initialize(spy)
    assert spy.fee_model.fee == 1 and spy.leverage == 3
    assert isinstance(as_security_initializer(lambda s: None), FuncSecurityInitializer)


def test_set_brokerage_model_after_securities_keeps_their_leverage():
    p = make_portfolio()
    spy = make_equity(p)
    spy.set_leverage(1.5)
    es = make_future(p)
    apply_brokerage_model_to_existing(
        p.securities,
        brokerage_model_from_name(BrokerageName.INTERACTIVE_BROKERS_BROKERAGE, AccountType.MARGIN),
    )
    assert spy.leverage == 1.5 and isinstance(spy.buying_power_model, SecurityMarginModel)
    assert isinstance(es.fee_model, InteractiveBrokersFeeModel)
