"""B13: History(FutureUniverse, ES, 3, Daily) equals the future chain provider's contract lists."""

from AlgorithmImports import *


class FutureUniverseHistoryRegressionAlgorithm(QCAlgorithm):
    """Compares each day's universe history with the chain provider."""

    def initialize(self):
        self.set_start_date(2013, 10, 11)
        self.set_end_date(2013, 10, 11)
        self._future = self.add_future(Futures.Indices.SP500EMini)
        history = list(self.history(FutureUniverse, self._future.symbol, 3, Resolution.DAILY))
        if len(history) != 3:
            raise AssertionError(f"Expected 3 days of universe history, got {len(history)}")
        for universe in history:
            day = universe.end_time if hasattr(universe, "end_time") else universe.time
            provider = set(self.future_chain_provider.get_future_contract_list(self._future.symbol, day))
            history_symbols = {contract.symbol for contract in universe.data}
            if history_symbols != provider:
                raise AssertionError(f"Universe history on {day} differs from the chain provider")
