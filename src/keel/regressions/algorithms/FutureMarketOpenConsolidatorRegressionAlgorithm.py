"""B10: consolidate ES with LeanData.get_daily_calendar: one bar per day spanning 09:30-17:00."""

from AlgorithmImports import *


class FutureMarketOpenConsolidatorRegressionAlgorithm(QCAlgorithm):
    """Daily bars anchored on the regular market open and ending at the close."""

    def initialize(self):
        self.set_start_date(2013, 10, 6)
        self.set_end_date(2013, 10, 14)
        self._es = self.add_future(Futures.Indices.SP500EMini)
        exchange_hours = self._es.exchange.hours
        self.consolidate(
            self._es.symbol,
            lambda dt: LeanData.get_daily_calendar(dt, exchange_hours, False),
            self.on_consolidated,
        )
        self._bars = 0

    def on_consolidated(self, bar):
        self._bars += 1
        if bar.time.time() != time(9, 30) or bar.end_time.time() != time(17, 0):
            raise AssertionError(f"Unexpected daily bar span {bar.time} - {bar.end_time}")

    def on_end_of_algorithm(self):
        if self._bars == 0:
            raise AssertionError("No consolidated bar")
