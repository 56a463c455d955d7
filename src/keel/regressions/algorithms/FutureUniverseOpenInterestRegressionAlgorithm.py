"""B21: ES minute chain filtered on open interest != 0 (open interest carried by the FutureUniverse chain data)."""

from AlgorithmImports import *


class FutureUniverseOpenInterestRegressionAlgorithm(QCAlgorithm):
    """Every contract in the chain must carry a non-zero open interest."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self._future = self.add_future(Futures.Indices.SP500EMini, Resolution.MINUTE)
        self._future.set_filter(lambda universe: universe.contracts(lambda contracts: [x for x in contracts if x.open_interest != 0]))
        self._checked = False

    def on_data(self, slice):
        for chain in slice.futures_chains.values():
            for contract in chain:
                self._checked = True
                if contract.open_interest == 0:
                    raise AssertionError(f"{contract.symbol} has no open interest at {self.time}")

    def on_end_of_algorithm(self):
        if not self._checked:
            raise AssertionError("No chain contract received")
