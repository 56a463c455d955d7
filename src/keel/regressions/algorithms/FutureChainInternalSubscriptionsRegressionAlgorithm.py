"""A32: ES + GC chains (0-45 days): buy the earliest contract of each chain present while flat."""

from AlgorithmImports import *


class FutureChainInternalSubscriptionsRegressionAlgorithm(QCAlgorithm):
    """Chain contracts must be subscribed securities with non-zero open interest."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 10)
        for ticker in (Futures.Indices.SP500EMini, Futures.Metals.GOLD):
            self.add_future(ticker).set_filter(0, 45)
        self._checked = False

    def on_data(self, slice):
        if self.portfolio.invested:
            return
        for chain in slice.futures_chains.values():
            contract = sorted(chain, key=lambda c: c.expiry)[0]
            if contract.symbol not in self.securities:
                raise AssertionError(f"Chain contract {contract.symbol} has no subscription")
            if contract.open_interest == 0:
                raise AssertionError(f"Chain contract {contract.symbol} has no open interest at {self.time}")
            self._checked = True
            self.market_order(contract.symbol, 1)

    def on_end_of_algorithm(self):
        if not self._checked:
            raise AssertionError("No chain data received")
