"""The models a security starts with before any brokerage model or initializer runs (LEAN's
``Security`` constructors): futures get LEAN's futures stack, equities the equity fill model,
everything else the immediate fill model and a 1x margin model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from keel.model.enums import SecurityType

if TYPE_CHECKING:
    from keel.securities.security import Security


def apply_default_models(security: Security) -> None:
    """Attach the default fee, fill, slippage, margin, settlement and volatility models."""
    from keel.reality.buying_power import FutureMarginModel, SecurityMarginModel
    from keel.reality.fees import InteractiveBrokersFeeModel
    from keel.reality.fills import EquityFillModel, FutureFillModel, ImmediateFillModel
    from keel.reality.settlement import FutureSettlementModel, ImmediateSettlementModel
    from keel.reality.slippage import NullSlippageModel
    from keel.reality.volatility import NullVolatilityModel

    kind = security.symbol.security_type
    security.fee_model = InteractiveBrokersFeeModel()
    security.slippage_model = NullSlippageModel.INSTANCE  # type: ignore[attr-defined]
    security.volatility_model = NullVolatilityModel.INSTANCE  # type: ignore[attr-defined]
    if kind == SecurityType.FUTURE:
        security.fill_model = FutureFillModel()
        security.buying_power_model = FutureMarginModel(0.0, security)
        security.settlement_model = FutureSettlementModel()
        return
    security.settlement_model = ImmediateSettlementModel()
    if kind == SecurityType.EQUITY:
        security.fill_model = EquityFillModel()
        security.buying_power_model = SecurityMarginModel(2.0)
        return
    security.fill_model = ImmediateFillModel()
    security.buying_power_model = SecurityMarginModel(1.0)
