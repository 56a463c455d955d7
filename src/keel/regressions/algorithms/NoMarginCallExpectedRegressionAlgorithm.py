"""E6: SPY with PatternDayTradingMarginModel (2x closed, 5x open): 5x after open, 2x before close; no margin call."""

from AlgorithmImports import *


class NoMarginCallExpectedRegressionAlgorithm(QCAlgorithm):
    """Raises if LEAN's margin-call machinery fires."""

    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.set_cash(100000)
        spy = self.add_equity("SPY", Resolution.MINUTE)
        spy.set_buying_power_model(PatternDayTradingMarginModel(2, 5))
        self._spy = spy.symbol
        self.schedule.on(self.date_rules.every_day(self._spy), self.time_rules.after_market_open(self._spy, 1), self.open_leverage)
        self.schedule.on(self.date_rules.every_day(self._spy), self.time_rules.before_market_close(self._spy, 15), self.close_leverage)

    def open_leverage(self):
        self.set_holdings(self._spy, 5)

    def close_leverage(self):
        self.set_holdings(self._spy, 2)

    def on_margin_call(self, requests):
        raise AssertionError(f"Unexpected margin call at {self.time}")
