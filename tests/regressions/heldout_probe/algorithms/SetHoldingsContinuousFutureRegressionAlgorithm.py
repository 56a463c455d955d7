"""Probe: set_holdings / liquidate on the continuous (canonical) ES symbol route to the mapped contract."""
# ruff: noqa: F405

from _continuous_es import add_continuous_future

from AlgorithmImports import *  # noqa: F403


class SetHoldingsContinuousFutureRegressionAlgorithm(QCAlgorithm):
    """Half the portfolio in the mapped contract via the canonical symbol, liquidated 30 days later."""

    def initialize(self):
        self.set_start_date(2013, 7, 1)
        self.set_end_date(2014, 1, 1)
        self._continuous = add_continuous_future(self)
        self._continuous.set_filter(0, 90)
        self._filled = None
        self._liquidate_after = None
        self._liquidated = False

    def on_data(self, slice):
        if self._liquidated or not self._continuous.is_tradable:
            return
        if not self._continuous.holdings.invested:
            self.set_holdings(self._continuous.symbol, 0.5)
            self._liquidate_after = self.time + timedelta(days=30)
        elif self.time >= self._liquidate_after:
            self._liquidated = True
            self.liquidate(self._continuous.symbol)

    def on_order_event(self, order_event):
        if order_event.status != OrderStatus.FILLED:
            return
        if order_event.symbol.is_canonical():
            raise AssertionError(f"Order filled on the canonical symbol {order_event.symbol}")
        canonical = self.portfolio[self._continuous.symbol]
        if not self._liquidated:
            self._filled = order_event.symbol
            if not canonical.invested:
                raise AssertionError("The canonical holdings should show the mapped position after the fill")
            if canonical.quantity != self.portfolio[order_event.symbol].quantity:
                raise AssertionError(
                    f"Canonical quantity {canonical.quantity} != mapped {self.portfolio[order_event.symbol].quantity}"
                )
        elif canonical.invested or self.portfolio[order_event.symbol].invested:
            raise AssertionError("Still invested after liquidating through the canonical symbol")

    def on_end_of_algorithm(self):
        if self._filled is None:
            raise AssertionError("No order filled")
        if not self._liquidated or self.portfolio[self._continuous.symbol].invested:
            raise AssertionError("The canonical position should have been liquidated")
