"""B19: GC daily chain: on_end_of_day(symbol) must be called for 5 symbols on each of 2 days
(LEAN's OnEndOfDayInternalSecurityRegressionAlgorithm: removing an internal security must not drop
the end-of-day events of the others)."""

from AlgorithmImports import *


class OnEndOfDayInternalSecurityRegressionAlgorithm(QCAlgorithm):
    """Collects the end-of-day calls per algorithm time (the 15th is ignored)."""

    def initialize(self):
        self.set_start_date(2013, 10, 15)
        self.set_end_date(2013, 10, 20)
        self._future_gold = self.add_future(Futures.Metals.GOLD, Resolution.DAILY)
        self._future_gold.set_filter(0, 182)
        self._on_end_of_day_symbols = {}

    def on_data(self, slice):
        for changed_event in slice.symbol_changed_events.values():
            self.debug(f"{self.time} {changed_event}")

    def on_end_of_day(self, symbol):
        if self.time.day == 15:
            return
        self.debug(f"{self.time} {symbol}")
        self._on_end_of_day_symbols.setdefault(self.time, set()).add(symbol)

    def on_end_of_algorithm(self):
        if len(self._on_end_of_day_symbols) != 2:
            raise AssertionError(
                f"Unexpected {len(self._on_end_of_day_symbols)} on end of day symbols call: {self._on_end_of_day_symbols}"
            )
        if any(len(symbols) != 5 for symbols in self._on_end_of_day_symbols.values()):
            counts = ", ".join(f"{k:%Y%m%d}: {len(v)}" for k, v in self._on_end_of_day_symbols.items())
            raise AssertionError(f"Expected 5 symbols on end of day, but found {counts}")
