"""The brokerage interface the transaction handler talks to, in every mode."""

from __future__ import annotations

from collections.abc import Callable

from keel.model.orders import Order, OrderEvent

OrderEventHandler = Callable[[list[OrderEvent]], None]


class Brokerage:
    """Where orders go: a simulator in backtests, a venue (TT) live.

    Implementations report every status change and fill through ``on_order_events``, which
    the transaction handler installs. ``place_order``/``update_order``/``cancel_order`` return
    False when the brokerage refuses the request outright (the handler then marks it invalid).
    """

    name = "brokerage"

    def __init__(self) -> None:
        self.on_order_events: OrderEventHandler = lambda events: None

    def place_order(self, order: Order) -> bool:
        """Accept a new order for execution."""
        raise NotImplementedError

    def update_order(self, order: Order) -> bool:
        """Apply the (already updated) order's new fields."""
        raise NotImplementedError

    def cancel_order(self, order: Order) -> bool:
        """Cancel an open order."""
        raise NotImplementedError

    def scan(self) -> None:
        """Give the brokerage a chance to act on new data (simulated fills); no-op live."""

    @property
    def is_connected(self) -> bool:
        """True while orders can be sent."""
        return True
