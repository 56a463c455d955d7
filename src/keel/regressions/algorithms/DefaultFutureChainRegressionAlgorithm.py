"""B5: add_future(GC) with the default filter; asserts the contracts it adds."""

from AlgorithmImports import *


class DefaultFutureChainRegressionAlgorithm(QCAlgorithm):
    """No orders; every added contract must be a GC contract, and some must be added."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 12, 10)
        self._future = self.add_future(Futures.Metals.GOLD)
        self._added = set()

    def on_securities_changed(self, changes):
        for security in changes.added_securities:
            symbol = security.symbol
            if symbol.security_type == SecurityType.FUTURE and not symbol.is_canonical():
                if symbol.id.symbol != "GC":
                    raise AssertionError(f"Unexpected contract {symbol}")
                self._added.add(symbol)

    def on_end_of_algorithm(self):
        if not self._added:
            raise AssertionError("The default GC filter added no contract")
