"""Buying power and margin models (LEAN's ``BuyingPowerModel`` family).

Money values are in the account currency. ``has_sufficient_buying_power_for_order`` returns LEAN's
reason texts; the transaction handler wraps them with
:func:`insufficient_buying_power_message` into the ``INVALID`` order event message.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from keel.model.enums import OrderDirection, OrderType, SecurityType
from keel.model.orders import Order
from keel.reality.buying_power_parameters import (
    BuyingPower,
    BuyingPowerParameters,
    GetMaximumOrderQuantityForDeltaBuyingPowerParameters,
    GetMaximumOrderQuantityForTargetBuyingPowerParameters,
    GetMaximumOrderQuantityResult,
    HasSufficientBuyingPowerForOrderParameters,
    HasSufficientBuyingPowerForOrderResult,
)
from keel.reality.dualcase import DualCase
from keel.reality.fees import OrderFeeParameters
from keel.reality.future_margins import MarginRequirementsEntry, MarginRowCursor, as_entries
from keel.reality.order_value import order_value

if TYPE_CHECKING:
    from keel.securities.security import Security

# enum members read on every order, as module globals: in CPython 3.11 a class attribute read of an
# Enum member (``OrderStatus.NEW``) costs ~1,000 instructions (``EnumType.__getattr__`` keeps it off the
# fast path), a global ~10
_E_BUY, _E_SELL, _E_HOLD = OrderDirection.BUY, OrderDirection.SELL, OrderDirection.HOLD


def normalize_number(value: float) -> str:
    """A number printed like .NET ``decimal.Normalize()``: no exponent, no trailing zeros."""
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def smart_rounding(value: float) -> str:
    """LEAN's ``SmartRounding`` for messages: 2 decimals above 1, 6 significant digits below."""
    if abs(value) >= 1 or value == 0:
        return normalize_number(round(value, 2))
    return normalize_number(float(f"{value:.6g}"))


def zero_price_message(symbol: Any) -> str:
    """LEAN's message for a security without a price."""
    return (
        f"The price of the '{symbol}' security is zero because it does not have any market data yet. "
        "When requesting historical data or placing orders, make sure the security has received data, "
        "or seed it with set_market_price()."
    )


def insufficient_buying_power_message(order: Order, security: Security, reason: str) -> str:
    """The text of the ``INVALID`` event for an order refused for buying power (LEAN wording)."""
    value = smart_rounding(order_value(order, security))
    return f"Insufficient buying power to complete orders (Value:[{value}]), Reason: {reason}."


def _market_order(security: Security, quantity: float) -> Order:
    return Order(0, security.symbol, quantity, OrderType.MARKET, security.utc_time)


def order_fee_in_account_currency(security: Security, order: Order, portfolio: Any = None) -> float:
    """The fee model's fee for ``order`` in the account currency."""
    fee = security.fee_model.get_order_fee(OrderFeeParameters(security, order)).value
    if fee.amount == 0:
        return 0.0
    book = portfolio.cash_book if portfolio is not None else security.cash_book
    if book is None:
        return fee.amount
    return book.convert_to_account_currency(fee.amount, fee.currency)


class BuyingPowerModel(DualCase):
    """Margin as a fraction of the position value: initial = maintenance = 1 / leverage.

    ``required_free_buying_power_percent`` of the portfolio value is kept out of reach.
    """

    _dual_names = (
        ("get_leverage", "GetLeverage"),
        ("set_leverage", "SetLeverage"),
        ("has_sufficient_buying_power_for_order", "HasSufficientBuyingPowerForOrder"),
        ("get_maximum_order_quantity_for_target_buying_power", "GetMaximumOrderQuantityForTargetBuyingPower"),
        ("get_maximum_order_quantity_for_delta_buying_power", "GetMaximumOrderQuantityForDeltaBuyingPower"),
        ("get_buying_power", "GetBuyingPower"),
        ("get_reserved_buying_power_for_position", "GetReservedBuyingPowerForPosition"),
        ("get_initial_margin_requirement", "GetInitialMarginRequirement"),
        ("get_maintenance_margin", "GetMaintenanceMargin"),
        ("get_initial_margin_required_for_order", "GetInitialMarginRequiredForOrder"),
        ("get_margin_remaining", "GetMarginRemaining"),
    )

    def __init__(self, leverage: float = 1.0, required_free_buying_power_percent: float = 0.0) -> None:
        if leverage < 1:
            raise ValueError(f"leverage must be 1 or more, got {leverage}")
        self.initial_margin_requirement = 1.0 / leverage
        self.maintenance_margin_requirement = 1.0 / leverage
        self.required_free_buying_power_percent = required_free_buying_power_percent

    # --- leverage -------------------------------------------------------------------------------
    def get_leverage(self, security: Security) -> float:
        """``1 / maintenance margin requirement``."""
        return 1.0 / self.maintenance_margin_requirement

    def set_leverage(self, security: Security, leverage: float) -> None:
        """Set initial and maintenance requirements to ``1 / leverage``."""
        if leverage < 1:
            raise ValueError(f"Leverage must be greater than or equal to 1, got {leverage}")
        self.initial_margin_requirement = 1.0 / leverage
        self.maintenance_margin_requirement = 1.0 / leverage

    # --- margins --------------------------------------------------------------------------------
    def _unit_value(self, security: Security) -> float:
        return (
            security.price
            * security.symbol_properties.contract_multiplier
            * security.quote_currency.conversion_rate
        )

    def get_initial_margin_requirement(self, security: Security, quantity: float) -> float:
        """Signed initial margin of ``quantity`` units."""
        return self._unit_value(security) * quantity * self.initial_margin_requirement

    def get_maintenance_margin(self, security: Security, quantity: float | None = None) -> float:
        """Maintenance margin of ``quantity`` (default: the position), unsigned."""
        q = security.holdings.quantity if quantity is None else quantity
        return abs(self._unit_value(security) * q) * self.maintenance_margin_requirement

    def get_initial_margin_required_for_order(
        self, security: Security, order: Order, portfolio: Any = None
    ) -> float:
        """Initial margin of the order quantity plus ``sign x`` its fee estimate."""
        margin = self.get_initial_margin_requirement(security, order.quantity)
        fee = order_fee_in_account_currency(security, order, portfolio)
        return margin + math.copysign(fee, margin) if margin else margin

    def get_reserved_buying_power_for_position(self, security: Security) -> float:
        """Buying power the position holds: its maintenance margin."""
        return self.get_maintenance_margin(security)

    # --- free margin ----------------------------------------------------------------------------
    def get_margin_remaining(self, portfolio: Any, security: Security, direction: OrderDirection) -> float:
        """Free margin for an order in ``direction`` (a reversal frees the current position first)."""
        tpv = portfolio.total_portfolio_value
        result = portfolio.get_margin_remaining(tpv)
        if direction != _E_HOLD:
            holding = security.holdings
            reversing = (holding.quantity > 0 and direction == _E_SELL) or (
                holding.quantity < 0 and direction == _E_BUY
            )
            if reversing:
                result += self.get_maintenance_margin(security) + self.get_initial_margin_requirement(
                    security, holding.absolute_quantity
                )
        result -= tpv * self.required_free_buying_power_percent
        return result if result > 0 else 0.0

    def get_buying_power(self, parameters: BuyingPowerParameters) -> BuyingPower:
        """Buying power available for an order in ``parameters.direction``."""
        return BuyingPower(
            self.get_margin_remaining(parameters.portfolio, parameters.security, parameters.direction)
        )

    # --- order checks ---------------------------------------------------------------------------
    def has_sufficient_buying_power_for_order(
        self, parameters: HasSufficientBuyingPowerForOrderParameters
    ) -> HasSufficientBuyingPowerForOrderResult:
        """LEAN's check: reductions always pass; otherwise initial margin (with fees) <= free margin."""
        order, security = parameters.order, parameters.security
        if order.quantity == 0:
            return parameters.sufficient()
        holding = security.holdings.quantity
        if holding and (holding > 0) != (order.quantity > 0) and abs(order.quantity) <= abs(holding):
            return parameters.sufficient()
        free = self.get_margin_remaining(parameters.portfolio, security, order.direction)
        required = self.get_initial_margin_required_for_order(security, order, parameters.portfolio)
        unfilled = (abs(order.quantity) - abs(parameters.quantity_filled)) / abs(order.quantity)
        required *= unfilled
        if abs(required) > free:
            return parameters.insufficient(
                f"Id: {order.id}, Initial Margin: {normalize_number(required)}, "
                f"Free Margin: {normalize_number(free)}"
            )
        return parameters.sufficient()

    # --- sizing ---------------------------------------------------------------------------------
    def get_maximum_order_quantity_for_target_buying_power(
        self, parameters: GetMaximumOrderQuantityForTargetBuyingPowerParameters
    ) -> GetMaximumOrderQuantityResult:
        """The order that moves the position's initial margin to ``target x TPV`` (fees included)."""
        portfolio, security, target = (
            parameters.portfolio,
            parameters.security,
            parameters.target_buying_power,
        )
        tpv = portfolio.total_portfolio_value
        free_part = tpv * self.required_free_buying_power_percent
        signed_target_margin = target * (tpv - free_part)
        holding_qty = security.holdings.quantity
        if signed_target_margin == 0:
            return GetMaximumOrderQuantityResult(-holding_qty, "", False)
        current_margin = self.get_initial_margin_requirement(security, holding_qty)
        unit_margin = abs(self.get_initial_margin_requirement(security, 1.0))
        if unit_margin == 0:
            return GetMaximumOrderQuantityResult(0.0, zero_price_message(security.symbol), True)
        difference = abs(signed_target_margin - current_margin)
        minimum = parameters.minimum_order_margin_portfolio_percentage
        if minimum and difference < tpv * minimum:
            reason = (
                ""
                if parameters.silence_non_error_reasons
                else f"The target order margin {normalize_number(difference)} is less than the minimum "
                f"{normalize_number(tpv * minimum)}."
            )
            return GetMaximumOrderQuantityResult(0.0, reason, False)
        last_quantity = 0.0
        while True:
            order_quantity, target_holdings_margin = self._amount_to_order(
                security, signed_target_margin, unit_margin
            )
            if order_quantity == 0:
                reason = (
                    ""
                    if parameters.silence_non_error_reasons
                    else "The order quantity is less than the lot size of "
                    f"{security.symbol_properties.lot_size:g} "
                    f"and has been rounded to zero. Target order margin "
                    f"{normalize_number(signed_target_margin - current_margin)}. "
                )
                return GetMaximumOrderQuantityResult(0.0, reason, False)
            fees = order_fee_in_account_currency(security, _market_order(security, order_quantity), portfolio)
            signed_target_margin = (tpv - fees - free_part) * target
            if last_quantity == order_quantity:
                raise ValueError(
                    f"GetMaximumOrderQuantityForTargetBuyingPower failed to converge on the target margin "
                    f"{normalize_number(signed_target_margin)} for {security.symbol} "
                    f"(fees {normalize_number(fees)})"
                )
            last_quantity = order_quantity
            if abs(target_holdings_margin) <= abs(signed_target_margin):
                return GetMaximumOrderQuantityResult(order_quantity)

    def _amount_to_order(
        self, security: Security, target_margin: float, unit_margin: float
    ) -> tuple[float, float]:
        """Order quantity (lot-rounded toward a smaller position) and the resulting initial margin."""
        lot = security.symbol_properties.lot_size or 1.0
        target_qty = target_margin / unit_margin
        lots = math.floor(abs(target_qty) / lot + 1e-9)
        target_qty = math.copysign(lots * lot, target_margin)
        margin = self.get_initial_margin_requirement(security, target_qty)
        while abs(margin) > abs(target_margin) and lots > 0:
            lots -= 1
            target_qty = math.copysign(lots * lot, target_margin)
            margin = self.get_initial_margin_requirement(security, target_qty)
        return target_qty - security.holdings.quantity, margin

    def get_maximum_order_quantity_for_delta_buying_power(
        self, parameters: GetMaximumOrderQuantityForDeltaBuyingPowerParameters
    ) -> GetMaximumOrderQuantityResult:
        """The order that changes the position's reserved buying power by ``delta`` (margin calls)."""
        security, portfolio = parameters.security, parameters.portfolio
        used = self.get_reserved_buying_power_for_position(security)
        signed_used = used if security.holdings.quantity >= 0 else -used
        tpv = portfolio.total_portfolio_value
        target = 0.0 if tpv == 0 else (signed_used + parameters.delta_buying_power) / tpv
        return self.get_maximum_order_quantity_for_target_buying_power(
            GetMaximumOrderQuantityForTargetBuyingPowerParameters(
                portfolio,
                security,
                target,
                parameters.minimum_order_margin_portfolio_percentage,
                parameters.silence_non_error_reasons,
            )
        )

    GetLeverage = get_leverage
    SetLeverage = set_leverage
    HasSufficientBuyingPowerForOrder = has_sufficient_buying_power_for_order
    GetMaximumOrderQuantityForTargetBuyingPower = get_maximum_order_quantity_for_target_buying_power
    GetMaximumOrderQuantityForDeltaBuyingPower = get_maximum_order_quantity_for_delta_buying_power
    GetBuyingPower = get_buying_power
    GetReservedBuyingPowerForPosition = get_reserved_buying_power_for_position
    GetInitialMarginRequirement = get_initial_margin_requirement
    GetMaintenanceMargin = get_maintenance_margin
    GetInitialMarginRequiredForOrder = get_initial_margin_required_for_order
    GetMarginRemaining = get_margin_remaining


class SecurityMarginModel(BuyingPowerModel):
    """LEAN's standard margin model for equities, forex and CFDs in margin accounts."""


class PatternDayTradingMarginModel(SecurityMarginModel):
    """US pattern-day-trader margin: 4x while the market is open (and not closing soon), 2x otherwise."""

    def __init__(self, closed_market_leverage: float = 2.0, open_market_leverage: float = 4.0) -> None:
        super().__init__(open_market_leverage)
        self.closed_market_leverage = float(closed_market_leverage)
        self.open_market_leverage = float(open_market_leverage)

    def _factor(self, security: Security) -> float:
        exchange = security.exchange
        if exchange.exchange_open and not exchange.is_closing_soon():
            return 1.0
        return self.open_market_leverage / self.closed_market_leverage

    def set_leverage(self, security: Security, leverage: float) -> None:
        """Fixed leverages: ignored, as in LEAN."""

    def get_leverage(self, security: Security) -> float:
        """The leverage in force now."""
        return self.open_market_leverage / self._factor(security)

    def get_initial_margin_requirement(self, security: Security, quantity: float) -> float:
        """Signed initial margin at the leverage in force now."""
        return super().get_initial_margin_requirement(security, quantity) * self._factor(security)

    def get_maintenance_margin(self, security: Security, quantity: float | None = None) -> float:
        """Maintenance margin at the leverage in force now."""
        return super().get_maintenance_margin(security, quantity) * self._factor(security)


MarginProvider = Callable[[Any], Any]


class FutureMarginModel(BuyingPowerModel):
    """Futures margin from the exchange's per-contract tables; leverage fixed at 1.

    ``margins`` is a sequence of :class:`MarginRequirementsEntry` (or an object with
    ``entries``/``rows``); when omitted, the class-level ``margins_provider(symbol)`` hook is asked
    (the engine points it at the data folder). ``enable_intraday_margins`` uses the intraday
    columns while the exchange is open and not within 10 minutes of the close.
    """

    margins_provider: MarginProvider | None = None

    def __init__(
        self,
        required_free_buying_power_percent: float = 0.0,
        security: Security | None = None,
        margins: Sequence[MarginRequirementsEntry] | Any | None = None,
    ) -> None:
        super().__init__(1.0, required_free_buying_power_percent)
        self.security = security
        self.enable_intraday_margins = False
        self._cursor: MarginRowCursor | None = None
        if margins is not None:
            self._cursor = MarginRowCursor(as_entries(margins))

    def set_margins(self, margins: Sequence[MarginRequirementsEntry] | Any) -> None:
        """Replace the margin table."""
        self._cursor = MarginRowCursor(as_entries(margins))

    _entry_key: tuple[Any, MarginRowCursor, int, MarginRequirementsEntry] | None = None

    def _entry(self, security: Security) -> MarginRequirementsEntry | None:
        last = security.cache.get_data()
        if last is None:
            return None
        cursor = self._cursor
        if cursor is None:
            provider = type(self).margins_provider
            cursor = self._cursor = MarginRowCursor(as_entries(provider(security.symbol)) if provider else [])
        key = self._entry_key
        # the forward-only cursor answers the same for the same data point while it has not moved
        if key is not None and key[0] is last and key[1] is cursor and key[2] == cursor._index:
            return key[3]
        entry = cursor.at(last.time.date())
        self._entry_key = (last, cursor, cursor._index, entry)
        return entry

    def _use_intraday(self, security: Security) -> bool:
        if not self.enable_intraday_margins:
            return False
        exchange = security.exchange
        return exchange.exchange_open and not exchange.is_closing_soon()

    def _initial_per_contract(self, security: Security) -> float:
        entry = self._entry(security)
        if entry is None:
            return 0.0
        return entry.initial_intraday if self._use_intraday(security) else entry.initial_overnight

    def _maintenance_per_contract(self, security: Security) -> float:
        entry = self._entry(security)
        if entry is None:
            return 0.0
        return entry.maintenance_intraday if self._use_intraday(security) else entry.maintenance_overnight

    def _current(self, field: str) -> float:
        if self.security is None:
            return 0.0
        entry = self._entry(self.security)
        return 0.0 if entry is None else float(getattr(entry, field))

    @property
    def initial_overnight_margin_requirement(self) -> float:
        """Current row's initial overnight margin per contract."""
        return self._current("initial_overnight")

    @property
    def maintenance_overnight_margin_requirement(self) -> float:
        """Current row's maintenance overnight margin per contract."""
        return self._current("maintenance_overnight")

    @property
    def initial_intraday_margin_requirement(self) -> float:
        """Current row's initial intraday margin per contract."""
        return self._current("initial_intraday")

    @property
    def maintenance_intraday_margin_requirement(self) -> float:
        """Current row's maintenance intraday margin per contract."""
        return self._current("maintenance_intraday")

    def get_leverage(self, security: Security) -> float:
        """Always 1."""
        return 1.0

    def set_leverage(self, security: Security, leverage: float) -> None:
        """Futures margin is set by the exchange: any leverage but 1 is refused."""
        if leverage != 1:
            raise ValueError(
                "Futures leverage is set by the exchange margin tables and cannot be changed "
                f"(asked {leverage}); "
                "use FutureMarginModel(margins=...) to change the margins."
            )

    def get_initial_margin_requirement(self, security: Security, quantity: float) -> float:
        """Signed ``initial per contract x quantity x conversion rate``."""
        return self._initial_per_contract(security) * quantity * security.quote_currency.conversion_rate

    def get_maintenance_margin(self, security: Security, quantity: float | None = None) -> float:
        """``maintenance per contract x |quantity| x conversion rate``."""
        q = security.holdings.quantity if quantity is None else quantity
        if q == 0:
            return 0.0
        return self._maintenance_per_contract(security) * abs(q) * security.quote_currency.conversion_rate

    def get_maximum_order_quantity_for_target_buying_power(
        self, parameters: GetMaximumOrderQuantityForTargetBuyingPowerParameters
    ) -> GetMaximumOrderQuantityResult:
        """As the base model, but refuses leveraged targets (|target| > 1)."""
        if abs(parameters.target_buying_power) > 1:
            raise ValueError(
                "Futures do not allow specifying a leveraged target, "
                "since they are traded using margin which "
                f"already is leveraged. Possible target buying power goes from -1 to 1, target provided is: "
                f"{normalize_number(parameters.target_buying_power)}"
            )
        return super().get_maximum_order_quantity_for_target_buying_power(parameters)

    InitialOvernightMarginRequirement = initial_overnight_margin_requirement
    MaintenanceOvernightMarginRequirement = maintenance_overnight_margin_requirement
    InitialIntradayMarginRequirement = initial_intraday_margin_requirement
    MaintenanceIntradayMarginRequirement = maintenance_intraday_margin_requirement

    @property
    def EnableIntradayMargins(self) -> bool:
        return self.enable_intraday_margins

    @EnableIntradayMargins.setter
    def EnableIntradayMargins(self, value: bool) -> None:
        self.enable_intraday_margins = value


_BASE_CURRENCY_TYPES = (SecurityType.FOREX, SecurityType.CRYPTO)


class CashBuyingPowerModel(BuyingPowerModel):
    """Cash account: no leverage, no shorting, only settled cash can be spent.

    Buys need the order value plus fees in settled quote-currency cash; sells need the units
    (base currency for forex/crypto, holdings otherwise). Positions reserve no margin.
    """

    def __init__(self) -> None:
        super().__init__(1.0, 0.0)

    def set_leverage(self, security: Security, leverage: float) -> None:
        """Cash accounts have no leverage: anything but 1 is refused."""
        if leverage != 1:
            raise ValueError(
                "CashBuyingPowerModel does not allow setting leverage. Cash accounts have no leverage."
            )

    def get_maintenance_margin(self, security: Security, quantity: float | None = None) -> float:
        """Zero: positions are paid in full."""
        return 0.0

    def _units_held(self, portfolio: Any, security: Security) -> tuple[float, str]:
        base = getattr(security, "base_currency", None)
        if security.symbol.security_type in _BASE_CURRENCY_TYPES and base is not None:
            return base.amount, base.symbol
        return security.holdings.quantity, str(security.symbol)

    def has_sufficient_buying_power_for_order(
        self, parameters: HasSufficientBuyingPowerForOrderParameters
    ) -> HasSufficientBuyingPowerForOrderResult:
        """Buys: settled quote cash covers value + fees; sells: the units are held."""
        order, security, portfolio = parameters.order, parameters.security, parameters.portfolio
        if order.quantity == 0:
            return parameters.sufficient()
        remaining = abs(order.quantity) - abs(parameters.quantity_filled)
        if order.quantity < 0:
            held, unit = self._units_held(portfolio, security)
            if held >= remaining:
                return parameters.sufficient()
            return parameters.insufficient(
                f"Your portfolio holds {normalize_number(held)} {unit}, but your Sell order is for "
                f"{normalize_number(remaining)} {unit}. "
                "Cash Modeling trading does not permit short holdings so "
                "ensure you only sell what you have, including any additional open orders."
            )
        quote = security.quote_currency
        available = portfolio.cash_book[quote.symbol].amount if quote.symbol in portfolio.cash_book else 0.0
        rate = quote.conversion_rate or 1.0
        fraction = remaining / abs(order.quantity)
        value = abs(order_value(order, security)) / rate * fraction
        fee = order_fee_in_account_currency(security, order, portfolio) / rate * fraction
        if value + fee <= available:
            return parameters.sufficient()
        return parameters.insufficient(
            f"Your portfolio holds {normalize_number(available)} {quote.symbol}, but your Buy order is for "
            f"{normalize_number(remaining)} {security.symbol}. Your order requires a total value of "
            f"{normalize_number(value + fee)} {quote.symbol}, but only a total value of "
            f"{normalize_number(available)} {quote.symbol} is available."
        )

    def get_margin_remaining(self, portfolio: Any, security: Security, direction: OrderDirection) -> float:
        """Settled quote cash for buys, the held units' value for sells (account currency)."""
        if direction == OrderDirection.SELL:
            held, _ = self._units_held(portfolio, security)
            return max(0.0, held * self._unit_value(security))
        quote = security.quote_currency
        cash = portfolio.cash_book[quote.symbol].amount if quote.symbol in portfolio.cash_book else 0.0
        return max(0.0, cash * quote.conversion_rate)

    def get_maximum_order_quantity_for_target_buying_power(
        self, parameters: GetMaximumOrderQuantityForTargetBuyingPowerParameters
    ) -> GetMaximumOrderQuantityResult:
        """Whole lots of the target value, paid from settled cash, fees included."""
        security, portfolio = parameters.security, parameters.portfolio
        unit = self._unit_value(security)
        if unit == 0:
            return GetMaximumOrderQuantityResult(0.0, zero_price_message(security.symbol), True)
        lot = security.symbol_properties.lot_size or 1.0
        target_value = max(0.0, parameters.target_buying_power) * portfolio.total_portfolio_value
        held, _ = self._units_held(portfolio, security)
        delta_value = target_value - held * unit
        if delta_value < 0:
            quantity = -math.floor(-delta_value / unit / lot + 1e-9) * lot
            return GetMaximumOrderQuantityResult(max(quantity, -held))
        cash = self.get_margin_remaining(portfolio, security, OrderDirection.BUY)
        budget = min(delta_value, cash)
        quantity = math.floor(budget / unit / lot + 1e-9) * lot
        while quantity > 0:
            fee = order_fee_in_account_currency(security, _market_order(security, quantity), portfolio)
            if quantity * unit + fee <= budget:
                break
            quantity -= lot
        if quantity <= 0:
            return GetMaximumOrderQuantityResult(0.0, "The order quantity is less than the lot size.", False)
        return GetMaximumOrderQuantityResult(quantity)


__all__ = [
    "BuyingPowerModel",
    "CashBuyingPowerModel",
    "FutureMarginModel",
    "PatternDayTradingMarginModel",
    "SecurityMarginModel",
    "insufficient_buying_power_message",
    "normalize_number",
    "order_fee_in_account_currency",
    "zero_price_message",
]
