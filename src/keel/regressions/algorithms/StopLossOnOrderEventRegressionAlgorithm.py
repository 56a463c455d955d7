"""E5: SPY market sell 100 ('Entry'); on its fill, a stop-market order +100 at fill price - 2 from on_order_event."""

from AlgorithmImports import *


class StopLossOnOrderEventRegressionAlgorithm(QCAlgorithm):
    """Orders placed from inside on_order_event."""

    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.set_cash(100000)
        self._spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        self._entry = None
        self._stop_loss = None

    def on_data(self, slice):
        if self._entry is None:
            self._entry = self.market_order(self._spy, -100, tag="Entry")

    def on_order_event(self, order_event):
        # the synchronous fill event can arrive before market_order returns: match on the order's tag
        order = self.transactions.get_order_by_id(order_event.order_id)
        if self._stop_loss is None and order.tag == "Entry" and order_event.status == OrderStatus.FILLED:
            self._stop_loss = self.stop_market_order(self._spy, 100, order_event.fill_price - 2, tag="StopLoss")

    def on_end_of_algorithm(self):
        if self._stop_loss is None:
            raise AssertionError("The stop loss was not placed from on_order_event")
