"""The simulated brokerage: fills open orders through each security's reality models.

Used in backtests (data-driven clock) and paper trading (wall clock, live prices). Mirrors
LEAN's ``BacktestingBrokerage``: on every scan each open order is checked for buying power,
handed to the security's fill model, and each fill is charged by the security's fee model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from keel.brokerages.base import Brokerage
from keel.model.enums import OrderDirection, OrderStatus
from keel.model.orders import Order, OrderEvent


class SimulatedBrokerage(Brokerage):
    """Fills orders against the current market data of the algorithm's securities."""

    name = "simulated"

    def __init__(
        self,
        securities: Any,
        portfolio: Any,
        utc_now: Callable[[], Any],
        fill_parameters: Callable[[Any, Order], Any],
    ) -> None:
        super().__init__()
        self.securities = securities
        self.portfolio = portfolio
        self.utc_now = utc_now
        self._fill_parameters = fill_parameters
        self._open: dict[int, Order] = {}

    def place_order(self, order: Order) -> bool:
        self._open[order.id] = order
        return True

    def update_order(self, order: Order) -> bool:
        return order.id in self._open

    def cancel_order(self, order: Order) -> bool:
        return self._open.pop(order.id, None) is not None

    @property
    def open_orders(self) -> list[Order]:
        """Orders waiting to fill, in submission order."""
        return list(self._open.values())

    def scan(self) -> None:
        """Try to fill every open order with the latest data."""
        if not self._open:
            return
        for order in list(self._open.values()):
            if order.status.is_closed:
                self._open.pop(order.id, None)
                continue
            security = self.securities.get(order.symbol)
            if security is None:
                continue
            if not self._has_buying_power(security, order):
                continue
            fill = security.fill_model.fill(self._fill_parameters(security, order))
            events = list(getattr(fill, "order_events", fill) or [])
            if not events:
                continue
            for event in events:
                if event.fill_quantity != 0 and not event.order_fee.value.amount:
                    event.order_fee = security.fee_model.get_order_fee(_fee_parameters(security, order))
                if event.status in (OrderStatus.FILLED, OrderStatus.CANCELED, OrderStatus.INVALID):
                    self._open.pop(order.id, None)
            self.on_order_events(events)

    def _has_buying_power(self, security: Any, order: Order) -> bool:
        result = self.portfolio.has_sufficient_buying_power_for_order(order)
        if getattr(result, "is_sufficient", True):
            return True
        self._open.pop(order.id, None)
        event = OrderEvent(
            order.id,
            order.symbol,
            self.utc_now(),
            OrderStatus.INVALID,
            order.direction if order.quantity else OrderDirection.HOLD,
            message=getattr(result, "reason", "insufficient buying power"),
        )
        self.on_order_events([event])
        return False


def _fee_parameters(security: Any, order: Order) -> Any:
    from keel.reality.fees import OrderFeeParameters

    return OrderFeeParameters(security, order)
