"""B19: GC daily chain: on_end_of_day(symbol) is called for 5 symbols on 2 days."""

from AlgorithmImports import *


class OnEndOfDayInternalSecurityRegressionAlgorithm(QCAlgorithm):
    """Counts end-of-day calls per symbol and day."""

    def initialize(self):
        self.set_start_date(2013, 10, 15)
        self.set_end_date(2013, 10, 20)
        self._gc = self.add_future(Futures.Metals.GOLD, Resolution.DAILY)
        self._gc.set_filter(0, 182)
        self._calls = {}

    def on_end_of_day(self, symbol):
        self._calls.setdefault(self.time.date(), set()).add(symbol)

    def on_end_of_algorithm(self):
        symbols = set().union(*self._calls.values()) if self._calls else set()
        if len(symbols) != 5 or len(self._calls) != 2:
            raise AssertionError(f"on_end_of_day called for {len(symbols)} symbols on {len(self._calls)} days, expected 5 on 2")
