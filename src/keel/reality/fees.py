"""Fee models: what a fill costs (LEAN's ``IFeeModel``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from keel.model.enums import SecurityType
from keel.model.orders import CashAmount, Order, OrderFee
from keel.reality.dualcase import DualCase
from keel.reality.order_value import order_value

if TYPE_CHECKING:
    from keel.securities.security import Security


class OrderFeeParameters:
    """The security and the order (or the filled part of it) a fee is asked for."""

    __slots__ = ("order", "security")

    def __init__(self, security: Security, order: Order) -> None:
        self.security = security
        self.order = order

    @property
    def Security(self) -> Security:
        return self.security

    @property
    def Order(self) -> Order:
        return self.order


class FeeModel(DualCase):
    """Base fee model: no fee. Override ``get_order_fee`` (or ``GetOrderFee``)."""

    _dual_names = (("get_order_fee", "GetOrderFee"),)

    def get_order_fee(self, parameters: OrderFeeParameters) -> OrderFee:
        """The fee of ``parameters.order`` on ``parameters.security``."""
        return OrderFee(CashAmount(0.0, "USD"))

    GetOrderFee = get_order_fee


class ConstantFeeModel(FeeModel):
    """The same fee for every order, in ``currency``."""

    def __init__(self, fee: float, currency: str = "USD") -> None:
        self.fee = abs(float(fee))
        self.currency = currency.upper()
        self._order_fee = OrderFee(CashAmount(self.fee, self.currency))

    def get_order_fee(self, parameters: OrderFeeParameters) -> OrderFee:
        """``fee`` regardless of the order."""
        return self._order_fee


class NullFeeModel(ConstantFeeModel):
    """Zero fees (Trading Technologies model: TT bills outside the fills)."""

    def __init__(self) -> None:
        super().__init__(0.0, "USD")


# Interactive Brokers futures: commission, exchange and regulatory fee per contract (USD).
_IB_MICRO_ROOTS = frozenset(
    {"MES", "MNQ", "MYM", "M2K", "MGC", "SIL", "MCL", "M6E", "M6A", "M6B", "MBT", "MET"}
)
_IB_EQUITY_INDEX_ROOTS = frozenset({"ES", "NQ", "YM", "RTY", "EMD"})
_IB_FUTURE_COMMISSION = 0.85
_IB_MICRO_COMMISSION = 0.25
_IB_INDEX_EXCHANGE_FEE = 1.28
_IB_MICRO_EXCHANGE_FEE = 0.30
_IB_DEFAULT_EXCHANGE_FEE = 1.60
_IB_REGULATORY_FEE = 0.02
_FUTURE_KINDS = (SecurityType.FUTURE, SecurityType.FUTURE_OPTION)


def ib_future_fee_per_contract(root: str) -> float:
    """Interactive Brokers' all-in USD fee per futures contract (ES: 2.15, GC: 2.47)."""
    root = root.upper()
    if root in _IB_MICRO_ROOTS:
        return _IB_MICRO_COMMISSION + _IB_MICRO_EXCHANGE_FEE + _IB_REGULATORY_FEE
    exchange = _IB_INDEX_EXCHANGE_FEE if root in _IB_EQUITY_INDEX_ROOTS else _IB_DEFAULT_EXCHANGE_FEE
    return _IB_FUTURE_COMMISSION + exchange + _IB_REGULATORY_FEE


class InteractiveBrokersFeeModel(FeeModel):
    """Interactive Brokers' fixed pricing, as LEAN models it.

    Futures and future options: commission + exchange + regulatory fee per contract.
    Equities: $0.005 per share, at least $1, at most 1% of the traded value (the minimum wins).
    Forex: 0.002% of the value, at least $2. Options: $0.65 per contract, at least $1.
    """

    def __init__(self, equity_fee_per_share: float = 0.005, equity_minimum: float = 1.0) -> None:
        self.equity_fee_per_share = equity_fee_per_share
        self.equity_minimum = equity_minimum
        # (root, quantity) -> fee: futures fees depend on nothing else (OrderFee is immutable)
        self._future_fees: dict[tuple[str, float], OrderFee] = {}

    def get_order_fee(self, parameters: OrderFeeParameters) -> OrderFee:
        """Fee in USD (futures, equities, options) or the account currency (forex)."""
        security, order = parameters.security, parameters.order
        quantity = abs(order.quantity)
        symbol = security.symbol
        kind = symbol.security_type
        if kind in _FUTURE_KINDS:
            key = (symbol.id.symbol, quantity)
            cache = self.__dict__.get("_future_fees")
            if cache is None:
                cache = self._future_fees = {}
            fee = cache.get(key)
            if fee is None:
                fee = OrderFee(CashAmount(quantity * ib_future_fee_per_contract(key[0]), "USD"))
                if len(cache) < 4096:
                    cache[key] = fee
            return fee
        if kind == SecurityType.EQUITY:
            value = abs(order_value(order, security))
            fee = self.equity_fee_per_share * quantity
            if fee < self.equity_minimum:
                fee = self.equity_minimum
            elif fee > 0.01 * value:
                fee = 0.01 * value
            return OrderFee(CashAmount(fee, "USD"))
        if kind == SecurityType.FOREX:
            value = abs(order_value(order, security))
            return OrderFee(CashAmount(max(2.0, 0.00002 * value), "USD"))
        if kind in (SecurityType.OPTION, SecurityType.INDEX_OPTION):
            return OrderFee(CashAmount(max(1.0, 0.65 * quantity), "USD"))
        return OrderFee(CashAmount(0.0, "USD"))


_FXCM_GROUP_1 = frozenset({"EURUSD", "GBPUSD", "USDJPY", "USDCHF", "AUDUSD", "EURJPY", "GBPJPY"})


class FxcmFeeModel(FeeModel):
    """FXCM: $0.04 per 1,000 units on the major pairs, $0.06 on others; CFDs free."""

    def __init__(self, currency: str = "USD") -> None:
        self.currency = currency

    def get_order_fee(self, parameters: OrderFeeParameters) -> OrderFee:
        """Per-1k-units commission in ``currency``."""
        security, order = parameters.security, parameters.order
        if security.symbol.security_type != SecurityType.FOREX:
            return OrderFee(CashAmount(0.0, self.currency))
        rate = 0.04 if security.symbol.value.upper() in _FXCM_GROUP_1 else 0.06
        return OrderFee(CashAmount(abs(order.quantity) / 1000.0 * rate, self.currency))


class CoinbaseFeeModel(FeeModel):
    """Coinbase: a percentage of the traded value; ``maker`` for resting limit orders, else ``taker``."""

    def __init__(self, maker: float = 0.004, taker: float = 0.006) -> None:
        self.maker = maker
        self.taker = taker

    def get_order_fee(self, parameters: OrderFeeParameters) -> OrderFee:
        """Fee in the quote currency."""
        security, order = parameters.security, parameters.order
        from keel.model.enums import OrderType

        rate = self.taker
        if order.type == OrderType.LIMIT and order.limit_price is not None:
            marketable = (order.quantity > 0 and order.limit_price >= security.ask_price > 0) or (
                order.quantity < 0 and 0 < security.bid_price <= order.limit_price
            )
            rate = self.taker if marketable else self.maker
        price = _fill_or_market_price(order, security)
        value = abs(order.quantity) * price * security.symbol_properties.contract_multiplier
        return OrderFee(CashAmount(value * rate, security.quote_currency.symbol))


GDAXFeeModel = CoinbaseFeeModel


def _fill_or_market_price(order: Order, security: Any) -> float:
    price = order.price or 0.0
    return price if price else float(security.price)


__all__ = [
    "CoinbaseFeeModel",
    "ConstantFeeModel",
    "FeeModel",
    "FxcmFeeModel",
    "GDAXFeeModel",
    "InteractiveBrokersFeeModel",
    "NullFeeModel",
    "OrderFeeParameters",
    "ib_future_fee_per_contract",
]
