"""B5: add_future(GC) with the default filter, which selects no chain contracts (LEAN GH #6829)."""

from AlgorithmImports import *


class DefaultFutureChainRegressionAlgorithm(QCAlgorithm):
    """No orders; with no chain filter no contract may be added (the continuous contract's mapped
    contract is an internal feed, so it is not reported as added either)."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 12, 10)
        self.add_future(Futures.Metals.GOLD)

    def on_securities_changed(self, changes):
        for security in changes.added_securities:
            if not security.symbol.is_canonical():
                raise AssertionError(f"We expect no non canonical security to be added: {security.symbol}")
