"""Probe: market orders on ES contracts are accepted and filled outside regular hours."""
# ruff: noqa: F405

from _continuous_es import add_continuous_future

from AlgorithmImports import *  # noqa: F403


class MarketOrdersAreSupportedOnExtendedHoursForFuturesRegressionAlgorithm(QCAlgorithm):
    """After 19:00 (extended session) buy 1 chain contract and 1 of the continuous contract's mapped one."""

    def initialize(self):
        self.set_start_date(2013, 10, 6)
        self.set_end_date(2013, 10, 10)
        self._continuous = add_continuous_future(self)
        first = next(iter(self.futures_chain(self._continuous.symbol)))
        self._contract = self.add_future_contract(first.symbol, extended_market_hours=True)

    def on_data(self, slice):
        if self.time.hour > 18 and not self.portfolio.invested:
            tickets = [
                self.market_order(self._contract.symbol, 1),
                self.market_order(self._continuous.mapped, 1),
            ]
            if any(t.status == OrderStatus.INVALID for t in tickets):
                raise AssertionError("Market orders should be accepted for futures outside regular hours")

    def on_order_event(self, order_event):
        if order_event.status != OrderStatus.FILLED:
            return
        # LEAN's check hands the UTC fill time to DateTimeIsOpen; 13:30-21:00 UTC = 09:30-17:00 New York
        utc = order_event.utc_time
        in_regular_window = time(13, 30) <= utc.time() < time(21, 0)
        if in_regular_window and not self.securities[order_event.symbol].exchange.date_time_is_open(utc):
            raise AssertionError("Order should have been filled during extended market hours")

    def on_end_of_algorithm(self):
        if any(o.status != OrderStatus.FILLED for o in self.transactions.get_orders()):
            raise AssertionError("Not all orders were filled")
