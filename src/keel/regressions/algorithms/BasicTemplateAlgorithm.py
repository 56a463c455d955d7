"""E1: SPY minute 2013-10-07..11: set_holdings(SPY, 1) once."""

from AlgorithmImports import *


class BasicTemplateAlgorithm(QCAlgorithm):
    """LEAN's basic template."""

    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.set_cash(100000)
        self.add_equity("SPY", Resolution.MINUTE)

    def on_data(self, slice):
        if not self.portfolio.invested:
            self.set_holdings("SPY", 1)
