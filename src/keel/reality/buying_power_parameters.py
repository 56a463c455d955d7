"""Parameter and result objects of the buying power models (LEAN's names and properties)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from keel.model.aliases import add_pascal_aliases
from keel.model.enums import OrderDirection
from keel.model.orders import Order

if TYPE_CHECKING:
    from keel.securities.security import Security


class HasSufficientBuyingPowerForOrderParameters:
    """Portfolio, security and order (plus how much of it has already filled)."""

    __slots__ = ("order", "portfolio", "quantity_filled", "security")

    def __init__(
        self, portfolio: Any, security: Security, order: Order, quantity_filled: float = 0.0
    ) -> None:
        self.portfolio = portfolio
        self.security = security
        self.order = order
        self.quantity_filled = quantity_filled

    def sufficient(self) -> HasSufficientBuyingPowerForOrderResult:
        """A passing result."""
        return HasSufficientBuyingPowerForOrderResult(True)

    def insufficient(self, reason: str) -> HasSufficientBuyingPowerForOrderResult:
        """A failing result with LEAN's reason text."""
        return HasSufficientBuyingPowerForOrderResult(False, reason)


class HasSufficientBuyingPowerForOrderResult:
    """Whether an order fits in the buying power, and why not."""

    __slots__ = ("is_sufficient", "reason")

    def __init__(self, is_sufficient: bool, reason: str = "") -> None:
        self.is_sufficient = is_sufficient
        self.reason = reason

    def __bool__(self) -> bool:
        return self.is_sufficient

    def __repr__(self) -> str:
        return f"HasSufficientBuyingPowerForOrderResult({self.is_sufficient}, {self.reason!r})"


class GetMaximumOrderQuantityForTargetBuyingPowerParameters:
    """Size an order so the position uses ``target_buying_power`` (a signed fraction of TPV)."""

    __slots__ = (
        "minimum_order_margin_portfolio_percentage",
        "portfolio",
        "security",
        "silence_non_error_reasons",
        "target_buying_power",
    )

    def __init__(
        self,
        portfolio: Any,
        security: Security,
        target_buying_power: float,
        minimum_order_margin_portfolio_percentage: float = 0.0,
        silence_non_error_reasons: bool = False,
    ) -> None:
        self.portfolio = portfolio
        self.security = security
        self.target_buying_power = float(target_buying_power)
        self.minimum_order_margin_portfolio_percentage = minimum_order_margin_portfolio_percentage
        self.silence_non_error_reasons = silence_non_error_reasons


class GetMaximumOrderQuantityForDeltaBuyingPowerParameters:
    """Size an order that changes the position's used buying power by ``delta_buying_power``."""

    __slots__ = (
        "delta_buying_power",
        "minimum_order_margin_portfolio_percentage",
        "portfolio",
        "security",
        "silence_non_error_reasons",
    )

    def __init__(
        self,
        portfolio: Any,
        security: Security,
        delta_buying_power: float,
        minimum_order_margin_portfolio_percentage: float = 0.0,
        silence_non_error_reasons: bool = False,
    ) -> None:
        self.portfolio = portfolio
        self.security = security
        self.delta_buying_power = float(delta_buying_power)
        self.minimum_order_margin_portfolio_percentage = minimum_order_margin_portfolio_percentage
        self.silence_non_error_reasons = silence_non_error_reasons


class GetMaximumOrderQuantityResult:
    """An order quantity, or zero with the reason (``is_error`` for real failures)."""

    __slots__ = ("is_error", "quantity", "reason")

    def __init__(self, quantity: float, reason: str = "", is_error: bool | None = None) -> None:
        self.quantity = quantity
        self.reason = reason or ""
        self.is_error = bool(reason) if is_error is None else is_error

    def __repr__(self) -> str:
        return f"GetMaximumOrderQuantityResult({self.quantity:g}, {self.reason!r}, error={self.is_error})"


class BuyingPowerParameters:
    """Portfolio, security and the direction of a prospective order."""

    __slots__ = ("direction", "portfolio", "security")

    def __init__(self, portfolio: Any, security: Security, direction: OrderDirection) -> None:
        self.portfolio = portfolio
        self.security = security
        self.direction = direction


class BuyingPower:
    """Buying power available for an order, in the account currency."""

    __slots__ = ("value",)

    def __init__(self, value: float) -> None:
        self.value = value


for _cls in (
    HasSufficientBuyingPowerForOrderParameters,
    HasSufficientBuyingPowerForOrderResult,
    GetMaximumOrderQuantityForTargetBuyingPowerParameters,
    GetMaximumOrderQuantityForDeltaBuyingPowerParameters,
    GetMaximumOrderQuantityResult,
    BuyingPowerParameters,
    BuyingPower,
):
    add_pascal_aliases(_cls)
