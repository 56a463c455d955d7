"""E4: SPY trailing-stop buy 100 (trail $2), then trailing-stop sell 100 (trail $0.5)."""

from AlgorithmImports import *


class TrailingStopOrderRegressionAlgorithm(QCAlgorithm):
    """Asserts the stop price trails the market by at most the trailing amount, and fill sides."""

    buy_trailing_amount = 2
    sell_trailing_amount = 0.5

    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.set_cash(100000)
        self._symbol = self.add_equity("SPY").symbol
        self._buy_order_ticket = None
        self._sell_order_ticket = None
        self._previous_slice = None

    def on_data(self, slice):
        if not slice.contains_key(self._symbol):
            return
        if self._buy_order_ticket is None:
            self._buy_order_ticket = self.trailing_stop_order(
                self._symbol, 100, trailing_amount=self.buy_trailing_amount, trailing_as_percentage=False
            )
        elif self._buy_order_ticket.status != OrderStatus.FILLED:
            stop_price = self._buy_order_ticket.get(OrderField.STOP_PRICE)
            # the stop is updated from the previous bar (the update with the current slice happens after on_data)
            low = (
                self._previous_slice.quote_bars[self._symbol].ask.low
                if self._previous_slice.quote_bars.contains_key(self._symbol)
                else self._previous_slice.bars[self._symbol].low
            )
            if stop_price - low > self.buy_trailing_amount:
                raise AssertionError(f"StopPrice {stop_price} should be within {self.buy_trailing_amount} of the previous low {low}")

        if self._sell_order_ticket is None:
            if self.portfolio.invested:
                self._sell_order_ticket = self.trailing_stop_order(
                    self._symbol, -100, trailing_amount=self.sell_trailing_amount, trailing_as_percentage=False
                )
        elif self._sell_order_ticket.status != OrderStatus.FILLED:
            stop_price = self._sell_order_ticket.get(OrderField.STOP_PRICE)
            high = (
                self._previous_slice.quote_bars[self._symbol].bid.high
                if self._previous_slice.quote_bars.contains_key(self._symbol)
                else self._previous_slice.bars[self._symbol].high
            )
            if high - stop_price > self.sell_trailing_amount:
                raise AssertionError(f"StopPrice {stop_price} should be within {self.sell_trailing_amount} of the previous high {high}")
        self._previous_slice = slice

    def on_order_event(self, order_event):
        if order_event.status == OrderStatus.FILLED:
            order = self.transactions.get_order_by_id(order_event.order_id)
            if order.direction == OrderDirection.BUY and order_event.fill_price < order.stop_price:
                raise AssertionError(f"Buy trailing stop filled at {order_event.fill_price} below its stop {order.stop_price}")
            if order.direction == OrderDirection.SELL and order_event.fill_price > order.stop_price:
                raise AssertionError(f"Sell trailing stop filled at {order_event.fill_price} above its stop {order.stop_price}")

    def on_end_of_algorithm(self):
        for ticket in (self._buy_order_ticket, self._sell_order_ticket):
            if ticket is None or ticket.status != OrderStatus.FILLED:
                raise AssertionError("Both trailing stop orders should have filled")
