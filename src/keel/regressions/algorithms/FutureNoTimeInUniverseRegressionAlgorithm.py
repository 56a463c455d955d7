"""B12: MinimumTimeInUniverse = 0 with a filter returning one new contract each time: one contract per chain."""

from AlgorithmImports import *


class FutureNoTimeInUniverseRegressionAlgorithm(QCAlgorithm):
    """Asserts every chain slice holds at most one contract."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 10)
        self.universe_settings.minimum_time_in_universe = timedelta(0)
        self._es = self.add_future(Futures.Indices.SP500EMini)
        self._es.set_filter(self.future_filter)
        self._selections = 0
        self._chains_seen = 0

    def future_filter(self, universe):
        contracts = sorted(universe, key=lambda s: s.id.date)
        if not contracts:
            return universe.contracts([])
        chosen = contracts[self._selections % len(contracts)]
        self._selections += 1
        return universe.contracts([chosen])

    def on_data(self, slice):
        for chain in slice.futures_chains.values():
            contracts = len(list(chain))
            if contracts > 1:
                raise AssertionError(f"Expected at most one contract in the chain at {self.time}, got {contracts}")
            self._chains_seen += contracts

    def on_end_of_algorithm(self):
        if self._chains_seen == 0:
            raise AssertionError("No futures chain with a contract was received")
