"""The simulated brokerage: fills open orders through each security's reality models.

Used in backtests (data-driven clock) and paper trading (wall clock, live prices). Mirrors
LEAN's ``BacktestingBrokerage``: on every scan each open order is checked for buying power,
handed to the security's fill model, and each fill is charged by the security's fee model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from keel.brokerages.base import Brokerage
from keel.model.enums import CLOSED_ORDER_STATUSES, OrderDirection, OrderStatus
from keel.model.orders import Order, OrderEvent
from keel.model.symbol import Symbol


class SimulatedBrokerage(Brokerage):
    """Fills orders against the current market data of the algorithm's securities."""

    name = "simulated"

    def __init__(
        self,
        securities: Any,
        portfolio: Any,
        utc_now: Callable[[], Any],
        fill_parameters: Callable[[Any, Order, float], Any],
        brokerage_model: Callable[[], Any] = lambda: None,
        quantity_filled: Callable[[Order], float] = lambda order: 0.0,
    ) -> None:
        super().__init__()
        self.securities = securities
        self.portfolio = portfolio
        self.utc_now = utc_now
        self._fill_parameters = fill_parameters
        self.brokerage_model = brokerage_model
        self.quantity_filled = quantity_filled
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
        """Try to fill every open order with the latest data (LEAN's ``BacktestingBrokerage.Scan``)."""
        open_orders = self._open
        if not open_orders:
            return
        run_fill_model = _run_fill_model()
        securities = self.securities
        lookup = dict.get if isinstance(securities, dict) else None
        model = self.brokerage_model()
        has_buying_power = self.portfolio.has_sufficient_buying_power_for_order
        for order in list(open_orders.values()):
            if order.status in CLOSED_ORDER_STATUSES:  # ``OrderStatus.is_closed`` without the call
                open_orders.pop(order.id, None)
                continue
            symbol = order.symbol
            security = (
                lookup(securities, symbol) if lookup is not None and type(symbol) is Symbol else securities.get(symbol)
            )
            if security is None:
                continue
            if model is not None and not model.can_execute_order(security, order):
                continue
            filled = self.quantity_filled(order)
            result = has_buying_power(order, filled)
            if not result.is_sufficient:
                self._refuse_for_buying_power(security, order, result.reason)
                continue
            fill = run_fill_model(self._fill_parameters(security, order, filled))
            # LEAN reports only a change of status or a new fill ("no fill this time" is silent)
            status = order.status
            events = fill.order_events
            if len(events) == 1:  # the usual single event: no list comprehension (a call in 3.11)
                event = events[0]
                if event.status == status and not event.fill_quantity:
                    continue
                events = [event]
            else:
                events = [e for e in events if e.status != status or e.fill_quantity]
                if not events:
                    continue
            for event in events:
                if event.status in CLOSED_ORDER_STATUSES:
                    open_orders.pop(order.id, None)
            self.on_order_events(events)

    def _refuse_for_buying_power(self, security: Any, order: Order, reason: str) -> None:
        """Close ``order`` with LEAN's INVALID event for insufficient buying power."""
        from keel.reality.buying_power import insufficient_buying_power_message

        self._open.pop(order.id, None)
        event = OrderEvent(
            order.id,
            order.symbol,
            self.utc_now(),
            OrderStatus.INVALID,
            order.direction if order.quantity else OrderDirection.HOLD,
            message=insufficient_buying_power_message(order, security, reason),
        )
        self.on_order_events([event])


_RUN_FILL_MODEL: Callable[[Any], Any] | None = None


def _run_fill_model() -> Callable[[Any], Any]:
    """``keel.reality.fills.run_fill_model``, imported on first use (reality sits above brokerages)."""
    global _RUN_FILL_MODEL
    if _RUN_FILL_MODEL is None:
        from keel.reality.fills import run_fill_model

        _RUN_FILL_MODEL = run_fill_model
    return _RUN_FILL_MODEL
