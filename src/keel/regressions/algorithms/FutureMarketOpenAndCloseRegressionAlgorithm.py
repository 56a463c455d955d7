"""B8: AfterMarketOpen / BeforeMarketClose(ES) scheduled events fire at 09:30 and 17:00."""

from AlgorithmImports import *


class FutureMarketOpenAndCloseRegressionAlgorithm(QCAlgorithm):
    """Scheduled events on the ES exchange hours, 2020-02-04 .. 2020-02-11."""

    def initialize(self):
        self.set_start_date(2020, 2, 4)
        self.set_end_date(2020, 2, 11)
        self._es = self.add_future(Futures.Indices.SP500EMini).symbol
        self._opens = 0
        self._closes = 0
        self.schedule.on(self.date_rules.every_day(self._es), self.time_rules.after_market_open(self._es), self.market_open)
        self.schedule.on(self.date_rules.every_day(self._es), self.time_rules.before_market_close(self._es), self.market_close)

    def market_open(self):
        self._opens += 1
        if self.time.time() != time(9, 30):
            raise AssertionError(f"AfterMarketOpen fired at {self.time}, expected 09:30")

    def market_close(self):
        self._closes += 1
        if self.time.time() != time(17, 0):
            raise AssertionError(f"BeforeMarketClose fired at {self.time}, expected 17:00")

    def on_end_of_algorithm(self):
        if self._opens == 0 or self._closes == 0:
            raise AssertionError("Market open/close events did not fire")
