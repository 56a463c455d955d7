"""Probe: continuous ES (back-adjusted, last-trading-day mapping) with extended hours, at most 3 orders."""
# ruff: noqa: F405

from _continuous_es import add_continuous_future

from AlgorithmImports import *  # noqa: F403


class BasicTemplateContinuousFutureWithExtendedMarketAlgorithm(QCAlgorithm):
    """Daily SMA(4)/SMA(10) cross on the mapped contract until 2013-11-12; rolls the open position on remaps."""

    THRESHOLD = 0.001

    def initialize(self):
        self.set_start_date(2013, 7, 1)
        self.set_end_date(2014, 1, 1)
        self._future = add_continuous_future(self)
        self._fast = self.sma(self._future.symbol, 4, Resolution.DAILY)
        self._slow = self.sma(self._future.symbol, 10, Resolution.DAILY)
        self._held = None

    def on_data(self, slice):
        for event in slice.symbol_changed_events.values():
            if self.time.hour != 0 or self.time.minute != 0:
                raise AssertionError(f"{self.time} symbol changed event off midnight: {event}")

        if not self.is_market_open(self._future.symbol):
            return

        # keep the order count tiny so a roll happens while a position is open
        if self.time < datetime(2013, 11, 12) and self.transactions.orders_count < 3:
            gap = self._fast.current.value - self._slow.current.value
            if not self.portfolio.invested:
                if gap > self.THRESHOLD:
                    self._held = self.securities[self._future.mapped]
                    self.buy(self._held.symbol, 1)
            elif -gap > self.THRESHOLD:
                self.liquidate()

        if self._held is not None and self._held.symbol != self._future.mapped:
            quantity = self._held.holdings.quantity
            self.liquidate(self._held.symbol)
            self.buy(self._future.mapped, quantity)
            self._held = self.securities[self._future.mapped]
