"""B15: MarketHourAwareConsolidator 7-minute ES bars are anchored on the market open and never cross the close."""

from AlgorithmImports import *


class MarketHourAwareIntradayConsolidationRegressionAlgorithm(QCAlgorithm):
    """ES minute with extended hours."""

    def initialize(self):
        self.set_start_date(2013, 10, 6)
        self.set_end_date(2013, 10, 11)
        self._es = self.add_future(Futures.Indices.SP500EMini, Resolution.MINUTE, extended_market_hours=True)
        consolidator = MarketHourAwareConsolidator(True, timedelta(minutes=7), TradeBar, TickType.TRADE, True)
        consolidator.data_consolidated += self.on_consolidated
        self.subscription_manager.add_consolidator(self._es.symbol, consolidator)
        self._bars = 0

    def on_consolidated(self, sender, bar):
        self._bars += 1
        hours = self._es.exchange.hours
        if bar.end_time - bar.time > timedelta(minutes=7):
            raise AssertionError(f"Bar longer than 7 minutes: {bar.time} - {bar.end_time}")
        close = hours.get_next_market_close(bar.time, True)
        if bar.end_time > close:
            raise AssertionError(f"Bar {bar.time} - {bar.end_time} crosses the market close {close}")

    def on_end_of_algorithm(self):
        if self._bars == 0:
            raise AssertionError("No consolidated bar")
