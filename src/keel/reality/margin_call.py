"""Margin call models (LEAN's ``DefaultMarginCallModel``).

The engine, at most every 5 minutes of algorithm time, calls ``get_margin_call_orders()``; if it
returns orders and every security's exchange is open it calls the algorithm's
``on_margin_call(requests)`` (which may change them) and then ``execute_margin_call(requests)``;
if nothing was executed but the warning flag is set it calls ``on_margin_call_warning()``.
Orders are submitted through ``portfolio.order_submitter(request)``, a function the engine sets
that submits a ``SubmitOrderRequest``, processes it to completion and returns the ticket.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from keel.model.enums import OrderType
from keel.model.orders import OrderProperties, SubmitOrderRequest
from keel.reality.buying_power_parameters import GetMaximumOrderQuantityForDeltaBuyingPowerParameters
from keel.reality.dualcase import DualCase

MARGIN_CALL_TAG = "Margin Call"
WARNING_FRACTION = 0.05


class MarginCallModel(DualCase):
    """Base (null) model: never issues margin calls. ``MarginCallModel.NULL`` is an instance."""

    _dual_names = (
        ("get_margin_call_orders", "GetMarginCallOrders"),
        ("execute_margin_call", "ExecuteMarginCall"),
    )

    def get_margin_call_orders(self) -> tuple[list[SubmitOrderRequest], bool]:
        """``(orders, issue_warning)``."""
        return [], False

    def execute_margin_call(self, requests: list[SubmitOrderRequest]) -> list[Any]:
        """Submit the orders; return the tickets."""
        return []

    GetMarginCallOrders = get_margin_call_orders
    ExecuteMarginCall = execute_margin_call


class NullMarginCallModel(MarginCallModel):
    """Disables margin calls."""


MarginCallModel.NULL = NullMarginCallModel()  # type: ignore[attr-defined]
MarginCallModel.Null = MarginCallModel.NULL  # type: ignore[attr-defined]


class DefaultMarginCallModel(MarginCallModel):
    """Warns at 5% margin remaining; liquidates when margin remaining <= 0 and the margin used
    exceeds the portfolio value by more than ``margin_buffer`` (10%)."""

    def __init__(
        self,
        portfolio: Any,
        default_order_properties: OrderProperties | None = None,
        margin_buffer: float = 0.10,
        submit: Callable[[SubmitOrderRequest], Any] | None = None,
    ) -> None:
        self.portfolio = portfolio
        self.default_order_properties = default_order_properties
        self.margin_buffer = margin_buffer
        self.submit = submit

    def get_margin_call_orders(self) -> tuple[list[SubmitOrderRequest], bool]:
        """Market orders that bring each position's margin back in line, and the warning flag."""
        portfolio = self.portfolio
        used = portfolio.total_margin_used
        if used <= 0:
            return [], False
        tpv = portfolio.total_portfolio_value
        remaining = portfolio.get_margin_remaining(tpv)
        warning = remaining <= tpv * WARNING_FRACTION
        orders: list[SubmitOrderRequest] = []
        if remaining <= 0:
            if used > tpv * (1.0 + self.margin_buffer):
                for security in portfolio.securities.values():
                    request = self._order_for(security, tpv, used)
                    if request is not None:
                        orders.append(request)
            warning = bool(orders)
        return orders, warning

    def _order_for(self, security: Any, tpv: float, total_used: float) -> SubmitOrderRequest | None:
        holding = security.holdings
        if holding.quantity == 0 or security.quote_currency.conversion_rate == 0:
            return None
        if not security.symbol_properties.lot_size:
            raise ValueError(f"lot size of {security.symbol} is 0; cannot size a margin call order")
        model = security.buying_power_model
        position_used = model.get_reserved_buying_power_for_position(security)
        excess = total_used - tpv
        keep = max(0.0, position_used - excess)
        sign = 1.0 if holding.quantity > 0 else -1.0
        delta = -(position_used - keep) * sign
        result = model.get_maximum_order_quantity_for_delta_buying_power(
            GetMaximumOrderQuantityForDeltaBuyingPowerParameters(self.portfolio, security, delta, 0.0, True)
        )
        quantity = result.quantity
        if quantity == 0:
            return None
        if abs(quantity) > abs(holding.quantity) and (quantity > 0) != (holding.quantity > 0):
            quantity = -holding.quantity
        properties = self.default_order_properties.clone() if self.default_order_properties else None
        return SubmitOrderRequest(
            OrderType.MARKET,
            security.symbol,
            quantity,
            security.utc_time,
            tag=MARGIN_CALL_TAG,
            properties=properties,
        )

    def execute_margin_call(self, requests: list[SubmitOrderRequest]) -> list[Any]:
        """Submit the orders biggest loser first, stopping once margin remaining is >= 0."""
        portfolio = self.portfolio
        if portfolio.margin_remaining >= 0:
            return []
        submit = self.submit or portfolio.order_submitter
        if submit is None:
            raise RuntimeError("no order submitter: the engine must call portfolio.set_order_submitter(fn)")
        securities = portfolio.securities
        ordered = sorted(requests, key=lambda r: securities[r.symbol].holdings.unrealized_profit)
        tickets: list[Any] = []
        for request in ordered:
            tickets.append(submit(request))
            if portfolio.margin_remaining >= 0:
                break
        return tickets


__all__ = ["MARGIN_CALL_TAG", "DefaultMarginCallModel", "MarginCallModel", "NullMarginCallModel"]
