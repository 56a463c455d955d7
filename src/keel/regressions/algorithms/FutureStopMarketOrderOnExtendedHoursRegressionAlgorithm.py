"""A22: daily 19:00 market buy + stop-market sell 10% above; stop fills only while the exchange is open (extended)."""

from AlgorithmImports import *


class FutureStopMarketOrderOnExtendedHoursRegressionAlgorithm(QCAlgorithm):
    """ES minute with extended hours; asserts every stop fill happens during (extended) market hours."""

    def initialize(self):
        self.set_start_date(2013, 10, 6)
        self.set_end_date(2013, 10, 12)
        self._es = self.add_future(Futures.Indices.SP500EMini, Resolution.MINUTE, extended_market_hours=True)
        self.schedule.on(self.date_rules.every_day(), self.time_rules.at(19, 0), self.make_market_and_stop_market_order)
        self._stop_fills = 0

    def make_market_and_stop_market_order(self):
        # no orders on the day before the end date: the stop would not have time to fill
        if self.time.date() == (self.end_date - timedelta(1)).date() or not self._es.mapped:
            return
        self.market_order(self._es.mapped, 1)
        # far above the market (10% over the continuous contract's price, as LEAN's algorithm): a sell
        # stop above the price triggers on the next bar
        self._ticket = self.stop_market_order(self._es.mapped, -1, self._es.price * 1.1)

    def on_order_event(self, order_event):
        order = self.transactions.get_order_by_id(order_event.order_id)
        if order.type == OrderType.STOP_MARKET and order_event.status == OrderStatus.FILLED:
            self._stop_fills += 1
            security = self.securities[order_event.symbol]
            if not security.exchange.hours.is_open(security.local_time, True):
                raise AssertionError(f"StopMarketOrder filled while the exchange was closed at {self.time}")

    def on_end_of_algorithm(self):
        if self._stop_fills == 0:
            raise AssertionError("No stop market order was filled")
