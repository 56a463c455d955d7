"""B21: ES minute chain filtered on open interest != 0; the chain universe data's open interest must
reach the contracts' security cache (LEAN's FutureUniverseOpenInterestRegressionAlgorithm)."""

from AlgorithmImports import *


class FutureUniverseOpenInterestRegressionAlgorithm(QCAlgorithm):
    """Every selected contract carries the chain file's open interest (or a newer open interest tick)."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.set_cash(100000)
        future = self.add_future(Futures.Indices.SP_500_E_MINI, Resolution.MINUTE)
        future.set_filter(lambda universe: universe.contracts(lambda contracts: [x for x in contracts if x.open_interest != 0]))
        self._assertions = 0

    def on_securities_changed(self, changes):
        for security in changes.added_securities:
            self._assert_open_interest(security)

    def on_data(self, slice):
        for security in self.securities.values():
            self._assert_open_interest(security)

    def _assert_open_interest(self, security):
        symbol = security.symbol
        if symbol.is_canonical() or symbol.security_type != SecurityType.FUTURE:
            return
        if security.open_interest == 0:
            raise AssertionError(f"{symbol} has no open interest at {self.time}")
        self._assertions += 1

    def on_end_of_algorithm(self):
        if self._assertions == 0:
            raise AssertionError("The security cache open interest was never set from the chain universe data")
