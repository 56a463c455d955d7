"""Brokerage models: per-brokerage defaults and order validation (LEAN's ``IBrokerageModel``).

A model decides, for each security as it is added, the fee, fill, slippage, settlement and buying
power models and the leverage; it validates orders before submission, update and execution,
returning ``(ok, BrokerageMessageEvent | None)``; the message is what the user sees in the
``INVALID`` order event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from keel.model.enums import AccountType, BrokerageName, OrderType, SecurityType
from keel.model.market import Market
from keel.model.orders import Order, UpdateOrderRequest
from keel.reality.buying_power import (
    BuyingPowerModel,
    CashBuyingPowerModel,
    FutureMarginModel,
    SecurityMarginModel,
)
from keel.reality.dualcase import DualCase
from keel.reality.fees import (
    CoinbaseFeeModel,
    ConstantFeeModel,
    FeeModel,
    FxcmFeeModel,
    InteractiveBrokersFeeModel,
    NullFeeModel,
)
from keel.reality.fills import EquityFillModel, FillModel, FutureFillModel, ImmediateFillModel
from keel.reality.settlement import (
    DelayedSettlementModel,
    FutureSettlementModel,
    ImmediateSettlementModel,
    SettlementModel,
)
from keel.reality.slippage import NullSlippageModel, SlippageModel

if TYPE_CHECKING:
    from keel.securities.security import Security

EQUITY_SETTLEMENT_DAYS = 1
OPTION_SETTLEMENT_DAYS = 1
SETTLEMENT_TIME = timedelta(hours=8)


class BrokerageMessageType(IntEnum):
    """Severity of a brokerage message."""

    INFORMATION = 0
    WARNING = 1
    ERROR = 2
    RECONNECT = 3
    DISCONNECT = 4
    Information = 0
    Warning = 1
    Error = 2


@dataclass(frozen=True, slots=True)
class BrokerageMessageEvent:
    """A message from the brokerage model or brokerage (e.g. why an order was refused)."""

    type: BrokerageMessageType
    code: str
    message: str

    @property
    def Type(self) -> BrokerageMessageType:
        return self.type

    @property
    def Code(self) -> str:
        return self.code

    @property
    def Message(self) -> str:
        return self.message

    def __str__(self) -> str:
        return self.message


DEFAULT_MARKETS: dict[SecurityType, str] = {
    SecurityType.BASE: Market.USA,
    SecurityType.EQUITY: Market.USA,
    SecurityType.OPTION: Market.USA,
    SecurityType.FUTURE: Market.CME,
    SecurityType.FUTURE_OPTION: Market.CME,
    SecurityType.FOREX: Market.OANDA,
    SecurityType.CFD: Market.OANDA,
    SecurityType.CRYPTO: Market.COINBASE,
    SecurityType.CRYPTO_FUTURE: Market.BINANCE,
    SecurityType.INDEX: Market.USA,
    SecurityType.INDEX_OPTION: Market.USA,
}

ValidationResult = tuple[bool, BrokerageMessageEvent | None]


def _not_supported(message: str) -> ValidationResult:
    return False, BrokerageMessageEvent(BrokerageMessageType.WARNING, "NotSupported", message)


def _type_names(types: frozenset[Any]) -> str:
    return ",".join(t.name for t in sorted(types))


class DefaultBrokerageModel(DualCase):
    """LEAN's default model: every asset class and order type, IB fees for equities/options/futures."""

    _dual_names = (
        ("can_submit_order", "CanSubmitOrder"),
        ("can_update_order", "CanUpdateOrder"),
        ("can_execute_order", "CanExecuteOrder"),
        ("get_fee_model", "GetFeeModel"),
        ("get_fill_model", "GetFillModel"),
        ("get_slippage_model", "GetSlippageModel"),
        ("get_settlement_model", "GetSettlementModel"),
        ("get_buying_power_model", "GetBuyingPowerModel"),
        ("get_leverage", "GetLeverage"),
    )

    name = "DefaultBrokerageModel"
    supported_security_types: frozenset[SecurityType] | None = None
    supported_order_types: frozenset[OrderType] | None = None
    supported_time_in_force: frozenset[str] | None = None
    supports_order_updates = True
    supports_extended_hours = True
    default_account_type = AccountType.MARGIN

    def __init__(self, account_type: AccountType | None = None) -> None:
        self.account_type = AccountType(self.default_account_type if account_type is None else account_type)
        self.required_free_buying_power_percent = 0.0
        self.shortable_provider: Any = None

    @property
    def default_markets(self) -> dict[SecurityType, str]:
        """Market used when ``add_*`` gets none."""
        return dict(DEFAULT_MARKETS)

    # --- validation -----------------------------------------------------------------------------
    def can_submit_order(self, security: Security, order: Order) -> ValidationResult:
        """Check asset class, order type and time in force against the model's tables."""
        types = self.supported_security_types
        if types is not None and security.symbol.security_type not in types:
            return _not_supported(
                f"The {self.name} does not support {security.symbol.security_type.name} security type."
            )
        orders = self.supported_order_types
        if orders is not None and order.type not in orders:
            return _not_supported(
                f"The {self.name} does not support {order.type.name} order type. "
                f"Only supports [{_type_names(orders)}]"
            )
        tifs = self.supported_time_in_force
        if tifs is not None and order.time_in_force.kind not in tifs:
            return _not_supported(
                f"The {self.name} does not support {order.time_in_force.kind} time in force."
            )
        return True, None

    def can_update_order(
        self, security: Security, order: Order, request: UpdateOrderRequest
    ) -> ValidationResult:
        """Updates are allowed unless the brokerage does not support them."""
        if not self.supports_order_updates:
            return _not_supported(f"The {self.name} does not support order updates.")
        return True, None

    def can_execute_order(self, security: Security, order: Order) -> bool:
        """Whether a simulated fill may happen now (always, by default)."""
        return True

    # --- models ---------------------------------------------------------------------------------
    def get_leverage(self, security: Security) -> float:
        """1 in cash accounts; equities 2, forex/CFD 50, crypto futures 25, others 1."""
        if self.account_type == AccountType.CASH:
            return 1.0
        kind = security.symbol.security_type
        if kind == SecurityType.EQUITY:
            return 2.0
        if kind in (SecurityType.FOREX, SecurityType.CFD):
            return 50.0
        if kind == SecurityType.CRYPTO_FUTURE:
            return 25.0
        return 1.0

    def get_fee_model(self, security: Security) -> FeeModel:
        """IB fees for equities, options and futures; none for the rest."""
        kind = security.symbol.security_type
        if kind in (
            SecurityType.EQUITY,
            SecurityType.OPTION,
            SecurityType.FUTURE,
            SecurityType.FUTURE_OPTION,
        ):
            return InteractiveBrokersFeeModel()
        return ConstantFeeModel(0.0)

    def get_fill_model(self, security: Security) -> FillModel:
        """Equity fill model for equities, futures fill model for futures, immediate otherwise."""
        kind = security.symbol.security_type
        if kind == SecurityType.EQUITY:
            return EquityFillModel()
        if kind == SecurityType.FUTURE:
            return FutureFillModel()
        return ImmediateFillModel()

    def get_slippage_model(self, security: Security) -> SlippageModel:
        """No slippage."""
        return NullSlippageModel.INSTANCE  # type: ignore[attr-defined,no-any-return]

    def get_settlement_model(self, security: Security) -> SettlementModel:
        """Cash accounts: T+1 for equities and options; futures mark to market; otherwise immediate."""
        kind = security.symbol.security_type
        if self.account_type == AccountType.CASH:
            if kind == SecurityType.EQUITY:
                return DelayedSettlementModel(EQUITY_SETTLEMENT_DAYS, SETTLEMENT_TIME)
            if kind == SecurityType.OPTION:
                return DelayedSettlementModel(OPTION_SETTLEMENT_DAYS, SETTLEMENT_TIME)
        if kind == SecurityType.FUTURE:
            return FutureSettlementModel()
        return ImmediateSettlementModel()

    def get_buying_power_model(self, security: Security) -> BuyingPowerModel:
        """Futures margin tables for futures; cash model for forex/crypto in cash accounts; else margin."""
        kind = security.symbol.security_type
        if kind == SecurityType.FUTURE:
            return FutureMarginModel(self.required_free_buying_power_percent, security)
        if kind in (SecurityType.CRYPTO, SecurityType.FOREX) and self.account_type == AccountType.CASH:
            return CashBuyingPowerModel()
        return SecurityMarginModel(self.get_leverage(security), self.required_free_buying_power_percent)

    def get_margin_call_model(self, portfolio: Any) -> Any:
        """LEAN's default margin call model."""
        from keel.reality.margin_call import DefaultMarginCallModel

        return DefaultMarginCallModel(portfolio)

    def apply(self, security: Security) -> None:
        """Attach this model's fee, fill, slippage, settlement and buying power models to ``security``."""
        security.fill_model = self.get_fill_model(security)
        security.fee_model = self.get_fee_model(security)
        security.slippage_model = self.get_slippage_model(security)
        security.settlement_model = self.get_settlement_model(security)
        security.buying_power_model = self.get_buying_power_model(security)
        if self.shortable_provider is not None:
            security.shortable_provider = self.shortable_provider

    # PascalCase aliases
    CanSubmitOrder = can_submit_order
    CanUpdateOrder = can_update_order
    CanExecuteOrder = can_execute_order
    GetFeeModel = get_fee_model
    GetFillModel = get_fill_model
    GetSlippageModel = get_slippage_model
    GetSettlementModel = get_settlement_model
    GetBuyingPowerModel = get_buying_power_model
    GetLeverage = get_leverage

    @property
    def AccountType(self) -> AccountType:
        return self.account_type

    @property
    def DefaultMarkets(self) -> dict[SecurityType, str]:
        return self.default_markets

    @property
    def RequiredFreeBuyingPowerPercent(self) -> float:
        return self.required_free_buying_power_percent


BrokerageModel = DefaultBrokerageModel

_STANDARD = frozenset({OrderType.MARKET, OrderType.LIMIT, OrderType.STOP_MARKET})


class InteractiveBrokersBrokerageModel(DefaultBrokerageModel):
    """Interactive Brokers: equities, forex, futures and options; market, limit, stop market,
    stop limit, market on open and market on close orders."""

    name = "InteractiveBrokersBrokerageModel"
    supported_security_types = frozenset(
        {
            SecurityType.EQUITY,
            SecurityType.FOREX,
            SecurityType.FUTURE,
            SecurityType.FUTURE_OPTION,
            SecurityType.OPTION,
            SecurityType.INDEX_OPTION,
        }
    )
    supported_order_types = _STANDARD | {
        OrderType.STOP_LIMIT,
        OrderType.MARKET_ON_OPEN,
        OrderType.MARKET_ON_CLOSE,
    }

    def get_fee_model(self, security: Security) -> FeeModel:
        """IB fees for every asset class."""
        return InteractiveBrokersFeeModel()


class FxcmBrokerageModel(DefaultBrokerageModel):
    """FXCM: forex and CFDs; market, limit and stop market orders; FXCM commissions."""

    name = "FxcmBrokerageModel"
    supported_security_types = frozenset({SecurityType.FOREX, SecurityType.CFD})
    supported_order_types = _STANDARD

    @property
    def default_markets(self) -> dict[SecurityType, str]:
        """Forex and CFDs on the ``fxcm`` market."""
        markets = dict(DEFAULT_MARKETS)
        markets[SecurityType.FOREX] = Market.FXCM
        markets[SecurityType.CFD] = Market.FXCM
        return markets

    def get_fee_model(self, security: Security) -> FeeModel:
        """FXCM per-1k commission."""
        return FxcmFeeModel()


class OandaBrokerageModel(DefaultBrokerageModel):
    """OANDA: forex and CFDs; market, limit and stop market orders; no commissions (spread only)."""

    name = "OandaBrokerageModel"
    supported_security_types = frozenset({SecurityType.FOREX, SecurityType.CFD})
    supported_order_types = _STANDARD

    def get_fee_model(self, security: Security) -> FeeModel:
        """No commissions."""
        return ConstantFeeModel(0.0)


class CoinbaseBrokerageModel(DefaultBrokerageModel):
    """Coinbase (formerly GDAX): crypto in cash accounts; market, limit and stop market orders;
    orders cannot be updated; maker/taker percentage fees."""

    name = "CoinbaseBrokerageModel"
    supported_security_types = frozenset({SecurityType.CRYPTO})
    supported_order_types = _STANDARD
    supports_order_updates = False
    default_account_type = AccountType.CASH

    def __init__(self, account_type: AccountType | None = None) -> None:
        super().__init__(account_type)
        if self.account_type == AccountType.MARGIN:
            raise ValueError(
                f"The {self.name} does not currently support Margin trading; use AccountType.CASH."
            )

    def get_fee_model(self, security: Security) -> FeeModel:
        """Coinbase maker/taker fees."""
        return CoinbaseFeeModel()

    def get_leverage(self, security: Security) -> float:
        """Always 1 (cash only)."""
        return 1.0


GDAXBrokerageModel = CoinbaseBrokerageModel


class TradingTechnologiesBrokerageModel(DefaultBrokerageModel):
    """Trading Technologies: futures only; market, limit, stop market and stop limit orders with
    DAY or GTC; stops must be on the right side of the market; $0 fees; LEAN's futures models."""

    name = "TradingTechnologiesBrokerageModel"
    # TT refuses prices off the instrument's tick grid instead of rounding them
    rejects_off_tick_prices = True
    supported_security_types = frozenset({SecurityType.FUTURE})
    supported_order_types = _STANDARD | {OrderType.STOP_LIMIT}
    supported_time_in_force = frozenset({"Day", "GoodTilCanceled"})

    def can_submit_order(self, security: Security, order: Order) -> ValidationResult:
        """Table checks plus TT's stop-side and stop-limit price rules."""
        ok, message = super().can_submit_order(security, order)
        if not ok:
            return ok, message
        if order.type in (OrderType.STOP_MARKET, OrderType.STOP_LIMIT):
            return self._check_stop(security, order)
        return True, None

    def _check_stop(self, security: Security, order: Order) -> ValidationResult:
        price = security.price
        stop = order.stop_price if order.stop_price is not None else 0.0
        kind = "StopMarket" if order.type == OrderType.STOP_MARKET else "StopLimit"
        if (order.quantity > 0 and stop <= price) or (order.quantity < 0 and stop >= price):
            return _not_supported(
                f"{kind} Sell orders must be below market, {kind} Buy orders must be above market."
            )
        if order.type == OrderType.STOP_LIMIT:
            limit = order.limit_price if order.limit_price is not None else 0.0
            if (order.quantity > 0 and limit < stop) or (order.quantity < 0 and limit > stop):
                return _not_supported(
                    "StopLimit Buy limit price must be greater than or equal to stop price, "
                    "StopLimit Sell limit "
                    "price must be smaller than or equal to stop price."
                )
        return True, None

    def can_update_order(
        self, security: Security, order: Order, request: UpdateOrderRequest
    ) -> ValidationResult:
        """Always allowed."""
        return True, None

    def can_execute_order(self, security: Security, order: Order) -> bool:
        """Futures only."""
        return security.symbol.security_type == SecurityType.FUTURE

    def get_fee_model(self, security: Security) -> FeeModel:
        """$0 (TT bills outside the fills)."""
        return NullFeeModel()

    def get_leverage(self, security: Security) -> float:
        """1x on futures (margin comes from the exchange tables)."""
        return 1.0


def brokerage_model_from_name(
    name: BrokerageName | int, account_type: AccountType | None = None
) -> DefaultBrokerageModel:
    """The model for ``set_brokerage_model(BrokerageName.X, AccountType.Y)``."""
    name = BrokerageName(name)
    table: dict[BrokerageName, type[DefaultBrokerageModel]] = {
        BrokerageName.DEFAULT: DefaultBrokerageModel,
        BrokerageName.INTERACTIVE_BROKERS_BROKERAGE: InteractiveBrokersBrokerageModel,
        BrokerageName.FXCM_BROKERAGE: FxcmBrokerageModel,
        BrokerageName.OANDA_BROKERAGE: OandaBrokerageModel,
        BrokerageName.GDAX: CoinbaseBrokerageModel,
        BrokerageName.COINBASE: CoinbaseBrokerageModel,
        BrokerageName.TRADING_TECHNOLOGIES: TradingTechnologiesBrokerageModel,
    }
    cls = table.get(name)
    if cls is None:
        known = ", ".join(sorted(n.name for n in table))
        raise ValueError(f"brokerage {name.name} has no model in Keel; supported: {known}")
    return cls(account_type)


__all__ = [
    "DEFAULT_MARKETS",
    "BrokerageMessageEvent",
    "BrokerageMessageType",
    "BrokerageModel",
    "CoinbaseBrokerageModel",
    "DefaultBrokerageModel",
    "FxcmBrokerageModel",
    "GDAXBrokerageModel",
    "InteractiveBrokersBrokerageModel",
    "OandaBrokerageModel",
    "TradingTechnologiesBrokerageModel",
    "brokerage_model_from_name",
]
