"""A25: hour ES; a synchronous market order placed at :30 fills at the latest hour bar's close, not its open."""

from AlgorithmImports import *


class HourMarketOrderFillsAtBarCloseRegressionAlgorithm(QCAlgorithm):
    """Scheduled every 30 min; one market order on the first :30 with the exchange open and |open-close| >= 1."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 10)
        self.set_cash(1000000)
        future = self.add_future(Futures.Indices.SP500EMini, Resolution.HOUR)
        future.set_filter(0, 182)
        self._contract = None
        self._ordered = False
        self.schedule.on(self.date_rules.every_day(), self.time_rules.every(timedelta(minutes=30)), self.place_order)

    def on_data(self, slice):
        for chain in slice.futures_chains.values():
            contracts = [c for c in chain if c.expiry > self.time + timedelta(90)]
            if contracts:
                self._contract = sorted(contracts, key=lambda x: x.expiry)[0].symbol

    def place_order(self):
        if self._ordered or self._contract is None or self.time.minute != 30:
            return
        security = self.securities[self._contract]
        if not security.exchange.exchange_open:
            return
        bar = security.cache.get_data(QuoteBar) or security.cache.get_data(TradeBar)
        if bar is None or abs(bar.open - bar.close) < 1:
            return
        self._ordered = True
        ticket = self.market_order(self._contract, 1)
        if ticket.status != OrderStatus.FILLED:
            raise AssertionError("The market order should fill synchronously")
        expected = bar.ask.close if isinstance(bar, QuoteBar) else bar.close
        if ticket.average_fill_price != expected:
            raise AssertionError(
                f"Fill price {ticket.average_fill_price} should be the hour bar close {expected} (open {bar.open})"
            )

    def on_end_of_algorithm(self):
        if not self._ordered:
            raise AssertionError("No order was placed")
