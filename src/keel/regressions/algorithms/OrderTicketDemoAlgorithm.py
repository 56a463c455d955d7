"""E2: SPY order-ticket demo: market (sync + async cancel), limit, stop-market, stop-limit, trailing-stop, MOO, MOC.

Pending orders are updated every minute (prices moved a cent toward the market, MOO/MOC
quantities increased) and the other side of each pair is cancelled when one fills.
"""

from AlgorithmImports import *


class OrderTicketDemoAlgorithm(QCAlgorithm):
    """LEAN's order-ticket reference: 12 tickets, 9 filled, nothing left open."""

    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.set_cash(100000)
        self.spy = self.add_equity("SPY").symbol
        self._open_market_on_open_orders = []
        self._open_market_on_close_orders = []
        self._open_limit_orders = []
        self._open_stop_market_orders = []
        self._open_stop_limit_orders = []
        self._open_trailing_stop_orders = []

    def on_data(self, slice):
        self.market_orders()
        self.limit_orders()
        self.stop_market_orders()
        self.stop_limit_orders()
        self.trailing_stop_orders()
        self.market_on_open_orders()
        self.market_on_close_orders()

    def market_orders(self):
        if self.time_is(7, 9, 31):
            self.log("Submitting MarketOrder")
            # synchronous: blocks until filled
            new_ticket = self.market_order(self.spy, 10, asynchronous=False)
            if new_ticket.status != OrderStatus.FILLED:
                self.log("Synchronous market order was not filled synchronously!")
                self.quit()
            # asynchronous, then try to cancel it (sometimes it fills first)
            new_ticket = self.market_order(self.spy, 10, asynchronous=True)
            response = new_ticket.cancel("Attempt to cancel async order")
            if response.is_success:
                self.log(f"Successfully canceled async market order: {new_ticket.order_id}")
            else:
                self.log(f"Unable to cancel async market order: {response.error_code}")

    def limit_orders(self):
        if self.time_is(7, 12, 0):
            self.log("Submitting LimitOrder")
            close = self.securities[self.spy.value].close
            self._open_limit_orders.append(self.limit_order(self.spy, 10, close * 0.999))
            self._open_limit_orders.append(self.limit_order(self.spy, -10, close * 1.001))

        if len(self._open_limit_orders) == 2:
            long_order, short_order = self._open_limit_orders
            if self.check_pair_orders_for_fills(long_order, short_order):
                self._open_limit_orders = []
                return
            # neither filled: bring the limits in by a penny
            new_long_limit = long_order.get(OrderField.LIMIT_PRICE) + 0.01
            new_short_limit = short_order.get(OrderField.LIMIT_PRICE) - 0.01
            self.log(f"Updating limits - Long: {new_long_limit:.2f} Short: {new_short_limit:.2f}")
            fields = UpdateOrderFields()
            fields.limit_price = new_long_limit
            fields.tag = f"Update #{len(long_order.update_requests) + 1}"
            long_order.update(fields)
            fields = UpdateOrderFields()
            fields.limit_price = new_short_limit
            fields.tag = f"Update #{len(short_order.update_requests) + 1}"
            short_order.update(fields)

    def stop_market_orders(self):
        if self.time_is(7, 12 + 4, 0):
            self.log("Submitting StopMarketOrder")
            close = self.securities[self.spy.value].close
            # long stop .25% above, short stop .25% below the close
            self._open_stop_market_orders.append(self.stop_market_order(self.spy, 10, close * 1.0025))
            self._open_stop_market_orders.append(self.stop_market_order(self.spy, -10, close * 0.9975))

        if len(self._open_stop_market_orders) == 2:
            long_order, short_order = self._open_stop_market_orders
            if self.check_pair_orders_for_fills(long_order, short_order):
                self._open_stop_market_orders = []
                return
            new_long_stop = long_order.get(OrderField.STOP_PRICE) - 0.01
            new_short_stop = short_order.get(OrderField.STOP_PRICE) + 0.01
            self.log(f"Updating stops - Long: {new_long_stop:.2f} Short: {new_short_stop:.2f}")
            fields = UpdateOrderFields()
            fields.stop_price = new_long_stop
            fields.tag = f"Update #{len(long_order.update_requests) + 1}"
            long_order.update(fields)
            fields = UpdateOrderFields()
            fields.stop_price = new_short_stop
            fields.tag = f"Update #{len(short_order.update_requests) + 1}"
            short_order.update(fields)

    def stop_limit_orders(self):
        if self.time_is(8, 12, 1):
            self.log("Submitting StopLimitOrder")
            close = self.securities[self.spy.value].close
            self._open_stop_limit_orders.append(self.stop_limit_order(self.spy, 10, close * 1.001, close - 0.03))
            self._open_stop_limit_orders.append(self.stop_limit_order(self.spy, -10, close * 0.999, close + 0.03))

        if len(self._open_stop_limit_orders) == 2:
            long_order, short_order = self._open_stop_limit_orders
            if self.check_pair_orders_for_fills(long_order, short_order):
                self._open_stop_limit_orders = []
                return
            new_long_stop = long_order.get(OrderField.STOP_PRICE) - 0.01
            new_long_limit = long_order.get(OrderField.LIMIT_PRICE) + 0.01
            new_short_stop = short_order.get(OrderField.STOP_PRICE) + 0.01
            new_short_limit = short_order.get(OrderField.LIMIT_PRICE) - 0.01
            self.log(f"Updating stops  - Long: {new_long_stop:.2f} Short: {new_short_stop:.2f}")
            self.log(f"Updating limits - Long: {new_long_limit:.2f}  Short: {new_short_limit:.2f}")
            fields = UpdateOrderFields()
            fields.stop_price = new_long_stop
            fields.limit_price = new_long_limit
            fields.tag = f"Update #{len(long_order.update_requests) + 1}"
            long_order.update(fields)
            fields = UpdateOrderFields()
            fields.stop_price = new_short_stop
            fields.limit_price = new_short_limit
            fields.tag = f"Update #{len(short_order.update_requests) + 1}"
            short_order.update(fields)

    def trailing_stop_orders(self):
        if self.time_is(7, 12, 0):
            self.log("Submitting TrailingStopOrder")
            close = self.securities[self.spy.value].close
            self._open_trailing_stop_orders.append(
                self.trailing_stop_order(self.spy, 10, stop_price=close * 1.0025, trailing_amount=0.0025, trailing_as_percentage=True)
            )
            self._open_trailing_stop_orders.append(
                self.trailing_stop_order(self.spy, -10, stop_price=close * 0.9975, trailing_amount=0.0025, trailing_as_percentage=True)
            )
        elif len(self._open_trailing_stop_orders) == 2:
            long_order, short_order = self._open_trailing_stop_orders
            if self.check_pair_orders_for_fills(long_order, short_order):
                self._open_trailing_stop_orders = []
                return
            # neither filled in the last 5 minutes: tighten the trailing percentage by 0.01%
            if ((self.utc_time - long_order.time).total_seconds() / 60) % 5 != 0:
                return
            new_long = max(long_order.get(OrderField.TRAILING_AMOUNT) - 0.0001, 0.0001)
            new_short = max(short_order.get(OrderField.TRAILING_AMOUNT) - 0.0001, 0.0001)
            self.log(f"Updating trailing percentages - Long: {new_long:.3f} Short: {new_short:.3f}")
            fields = UpdateOrderFields()
            fields.trailing_amount = new_long
            fields.tag = f"Update #{len(long_order.update_requests) + 1}"
            long_order.update(fields)
            fields = UpdateOrderFields()
            fields.trailing_amount = new_short
            fields.tag = f"Update #{len(short_order.update_requests) + 1}"
            short_order.update(fields)

    def market_on_close_orders(self):
        if self.time_is(9, 12, 0):
            self.log("Submitting MarketOnCloseOrder")
            # open a new position or triple the existing one
            qty = self.portfolio[self.spy.value].quantity
            qty = 100 if qty == 0 else 2 * qty
            self._open_market_on_close_orders.append(self.market_on_close_order(self.spy, qty))

        if len(self._open_market_on_close_orders) == 1 and self.time.minute == 59:
            ticket = self._open_market_on_close_orders[0]
            if ticket.status == OrderStatus.FILLED:
                self._open_market_on_close_orders = []
                return
            quantity = ticket.quantity + 1
            self.log(f"Updating quantity  - New Quantity: {quantity}")
            fields = UpdateOrderFields()
            fields.quantity = quantity
            fields.tag = f"Update #{len(ticket.update_requests) + 1}"
            ticket.update(fields)

        if self.time_is(self.end_date.day, 12 + 3, 45):
            self.log("Submitting MarketOnCloseOrder to liquidate end of algorithm")
            self.market_on_close_order(self.spy, -self.portfolio[self.spy.value].quantity, "Liquidate end of algorithm")

    def market_on_open_orders(self):
        if self.time_is(8, 14 + 2, 0):
            self.log("Submitting MarketOnOpenOrder")
            self._open_market_on_open_orders.append(self.market_on_open_order(self.spy, 50))

        if len(self._open_market_on_open_orders) == 1 and self.time.minute == 59:
            ticket = self._open_market_on_open_orders[0]
            if ticket.status == OrderStatus.FILLED:
                self._open_market_on_open_orders = []
                return
            quantity = ticket.quantity + 1
            self.log(f"Updating quantity  - New Quantity: {quantity}")
            fields = UpdateOrderFields()
            fields.quantity = quantity
            fields.tag = f"Update #{len(ticket.update_requests) + 1}"
            ticket.update(fields)

    def on_order_event(self, order_event):
        order = self.transactions.get_order_by_id(order_event.order_id)
        self.log(f"{self.time}: {order.type}: {order_event}")
        if order_event.quantity == 0:
            raise AssertionError("OrderEvent quantity is not expected to be 0, it should hold the current order quantity")
        if order_event.quantity != order.quantity:
            raise AssertionError("OrderEvent quantity should hold the current order quantity")
        if order.type in (OrderType.LIMIT, OrderType.STOP_LIMIT) and order_event.limit_price == 0:
            raise AssertionError("OrderEvent LimitPrice is not expected to be 0 for LimitOrder and StopLimitOrder")
        if order.type == OrderType.STOP_MARKET and order_event.stop_price == 0:
            raise AssertionError("OrderEvent StopPrice is not expected to be 0 for StopMarketOrder")
        if order_event.ticket is None:
            raise AssertionError("OrderEvent Ticket was not set")
        if order_event.order_id != order_event.ticket.order_id:
            raise AssertionError("OrderEvent.order_id and order_event.ticket.order_id do not match")

    def check_pair_orders_for_fills(self, long_order, short_order):
        if long_order.status == OrderStatus.FILLED:
            self.log(f"{short_order.order_type}: Cancelling short order, long order is filled.")
            short_order.cancel("Long filled.")
            return True
        if short_order.status == OrderStatus.FILLED:
            self.log(f"{long_order.order_type}: Cancelling long order, short order is filled.")
            long_order.cancel("Short filled")
            return True
        return False

    def time_is(self, day, hour, minute):
        return self.time.day == day and self.time.hour == hour and self.time.minute == minute

    def on_end_of_algorithm(self):
        basic_order_ticket_filter = lambda x: x.symbol == self.spy
        filled_orders = self.transactions.get_orders(lambda x: x.status == OrderStatus.FILLED)
        order_tickets = self.transactions.get_order_tickets(basic_order_ticket_filter)
        open_orders = self.transactions.get_open_orders(lambda x: x.symbol == self.spy)
        open_order_tickets = self.transactions.get_open_order_tickets(basic_order_ticket_filter)
        remaining_open_orders = self.transactions.get_open_orders_remaining_quantity(basic_order_ticket_filter)
        filled_orders_size = sum(1 for _ in filled_orders)
        order_tickets_size = sum(1 for _ in order_tickets)
        open_order_tickets_size = sum(1 for _ in open_order_tickets)
        if not (filled_orders_size == 9 and order_tickets_size == 12):
            raise AssertionError(f"Expected 9 filled orders and 12 order tickets, got {filled_orders_size} and {order_tickets_size}")
        if len(open_orders) or open_order_tickets_size:
            raise AssertionError("No open orders or tickets were expected")
        if remaining_open_orders:
            raise AssertionError("No remaining quantity to be filled from open orders was expected")
