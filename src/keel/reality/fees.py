"""Fee models: what a fill costs (LEAN's ``IFeeModel``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from keel.model.aliases import add_pascal_aliases
from keel.model.enums import OrderType, SecurityType
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


add_pascal_aliases(OrderFeeParameters)


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


# Interactive Brokers futures (LEAN's ``InteractiveBrokersFeeModel`` / ``InteractiveBrokersFeeHelper``):
# US markets: IB commission (default 0.85) + exchange fee (default 1.60) + 0.02 regulatory, in USD.
_MICRO_US = ("MYM", "M2K", "MES", "MNQ", "2YY", "5YY", "10Y", "30Y", "MCL", "MGC", "SIL")
_MICRO_FX = ("M6E", "M6A", "M6B", "MCD", "MJY", "MSF", "M6J", "MIR", "M6C", "M6S", "MNH")
_IB_US_FUTURE_COMMISSION: dict[str, float] = {
    **dict.fromkeys(_MICRO_US, 0.25),
    "BTC": 5.0,
    "MBT": 2.25,
    "ETH": 3.0,
    "MET": 0.20,
    "E7": 0.50,
    "J7": 0.50,
    **dict.fromkeys(_MICRO_FX, 0.15),
}
_IB_US_FUTURE_EXCHANGE_FEE: dict[str, float] = {
    **dict.fromkeys(("ES", "NQ", "YM", "RTY", "EMD"), 1.28),
    **dict.fromkeys(_MICRO_US, 0.30),
    "BTC": 6.0,
    "MBT": 2.5,
    "ETH": 4.0,
    "MET": 0.20,
    "E7": 0.85,
    "J7": 0.85,
    **dict.fromkeys(_MICRO_FX, 0.24),
}
_IB_US_FOP_COMMISSION: dict[str, float] = {
    **dict.fromkeys(_MICRO_US, 0.25),
    "BTC": 5.0,
    "MBT": 1.25,
    "ETH": 3.0,
    "MET": 0.10,
}
_IB_US_FOP_EXCHANGE_FEE: dict[str, float] = {
    **dict.fromkeys(("ES", "NQ", "YM", "RTY", "EMD"), 0.55),
    **dict.fromkeys(_MICRO_US, 0.20),
    "BTC": 5.0,
    "MBT": 2.5,
    "ETH": 4.0,
    "MET": 0.20,
}
_IB_US_DEFAULT_COMMISSION = 0.85
_IB_US_DEFAULT_EXCHANGE_FEE = 1.60
_IB_REGULATORY_FEE = 0.02
# markets LEAN bills with the US schedule
_US_FUTURE_MARKETS = frozenset({"usa", "cme", "cbot", "nymex", "comex", "ice", "cfe", "nyseliffe", "globex"})
# Hong Kong: HSI 30 + 10 HKD; others by quote currency, IB fee x 1.5 for exchange fees
_HK_IB_FEE_BY_CURRENCY = {"CNH": 13.0, "HKD": 20.0, "USD": 2.40}
_EUREX_DEFAULT_FEE = 1.00 + 0.00 + _IB_REGULATORY_FEE  # FESX included (1.00 + 0.00)
_FUTURE_KINDS = (SecurityType.FUTURE, SecurityType.FUTURE_OPTION)
_E_FUTURE_OPTION = SecurityType.FUTURE_OPTION  # a global: an Enum class attribute read is slow in 3.11


def ib_future_fee_per_contract(root: str, option: bool = False) -> float:
    """Interactive Brokers' all-in USD fee per US futures (or future option) contract (ES: 2.15)."""
    root = root.upper()
    commissions = _IB_US_FOP_COMMISSION if option else _IB_US_FUTURE_COMMISSION
    exchange = _IB_US_FOP_EXCHANGE_FEE if option else _IB_US_FUTURE_EXCHANGE_FEE
    return (
        commissions.get(root, _IB_US_DEFAULT_COMMISSION)
        + exchange.get(root, _IB_US_DEFAULT_EXCHANGE_FEE)
        + _IB_REGULATORY_FEE
    )


def ib_future_fee(root: str, market: str, quote_currency: str, option: bool = False) -> CashAmount:
    """LEAN's per-contract IB fee of a futures (or future option) contract, in its billing currency.

    US markets: :func:`ib_future_fee_per_contract` in USD; HKFE: HSI 40 HKD, other contracts
    1.5 x the IB fee of their quote currency (CNH 13, HKD 20, USD 2.40); EUREX: 1.02 EUR. Other
    markets (LEAN raises for them) fall back to the US schedule.
    """
    market = market.lower()
    root = root.upper()
    if market == "hkfe":
        if root == "HSI":
            return CashAmount(40.0, "HKD")
        currency = quote_currency.upper()
        ib_fee = _HK_IB_FEE_BY_CURRENCY.get(currency)
        if ib_fee is not None:
            return CashAmount(ib_fee * 1.5, currency)
    if market == "eurex" and not option:
        return CashAmount(_EUREX_DEFAULT_FEE, "EUR")
    return CashAmount(ib_future_fee_per_contract(root, option), "USD")


class InteractiveBrokersFeeModel(FeeModel):
    """Interactive Brokers' fixed pricing, as LEAN models it.

    Futures and future options: per contract, by market (:func:`ib_future_fee`: US markets in USD,
    HKFE in HKD, EUREX in EUR).
    Equities: $0.005 per share, at least $1, at most 1% of the traded value (the minimum wins).
    Forex: 0.002% of the value, at least $2. Options: $0.65 per contract, at least $1.
    """

    def __init__(self, equity_fee_per_share: float = 0.005, equity_minimum: float = 1.0) -> None:
        self.equity_fee_per_share = equity_fee_per_share
        self.equity_minimum = equity_minimum
        # (root, market, quote currency, option, quantity) -> fee (OrderFee is immutable)
        self._future_fees: dict[tuple[str, str, str, bool, float], OrderFee] = {}

    def get_order_fee(self, parameters: OrderFeeParameters) -> OrderFee:
        """Fee in USD (futures, equities, options) or the account currency (forex)."""
        security, order = parameters.security, parameters.order
        quantity = abs(order.quantity)
        symbol = security.symbol
        kind = symbol.security_type
        if kind in _FUTURE_KINDS:
            option = kind == _E_FUTURE_OPTION
            root = symbol.underlying.id.symbol if option and symbol.underlying is not None else symbol.id.symbol
            key = (root, symbol.id.market, security.quote_currency.symbol, option, quantity)
            cache = self.__dict__.get("_future_fees")
            if cache is None:
                cache = self._future_fees = {}
            fee = cache.get(key)
            if fee is None:
                per_contract = ib_future_fee(root, symbol.id.market, security.quote_currency.symbol, option)
                fee = OrderFee(CashAmount(quantity * per_contract.amount, per_contract.currency))
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
    "ib_future_fee",
    "ib_future_fee_per_contract",
]
