"""B1: add_universe_selection(FutureUniverseSelectionModel(1 day, ES)); only ES contracts are added."""

from AlgorithmImports import *


class AddFutureUniverseSelectionModelRegressionAlgorithm(QCAlgorithm):
    """No trades; asserts every added future contract is an ES contract."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 10)
        self.universe_settings.resolution = Resolution.MINUTE
        self.add_universe_selection(
            FutureUniverseSelectionModel(
                timedelta(1), lambda utc_time: [Symbol.create(Futures.Indices.SP500EMini, SecurityType.FUTURE, Market.CME)]
            )
        )
        self._added = 0

    def on_securities_changed(self, changes):
        for security in changes.added_securities:
            if security.symbol.security_type != SecurityType.FUTURE or security.symbol.id.symbol != "ES":
                raise AssertionError(f"Unexpected security added: {security.symbol}")
            if not security.symbol.is_canonical():
                self._added += 1

    def on_end_of_algorithm(self):
        if self._added == 0:
            raise AssertionError("No ES future contract was added")
