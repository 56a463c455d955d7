"""B13: History(FutureUniverse, ES, 3) (flattened) equals the future chain provider's contract lists."""

from AlgorithmImports import *


class FutureUniverseHistoryRegressionAlgorithm(QCAlgorithm):
    """Compares each day's universe history with the chain provider (LEAN's Python twin)."""

    def initialize(self):
        self.set_start_date(2013, 10, 11)
        self.set_end_date(2013, 10, 11)
        future = self.add_future(Futures.Indices.SP_500_E_MINI).symbol
        historical_futures_data_df = self.history(FutureUniverse, future, 3, flatten=True)
        # Level 0 of the multi-index is the date: 3 dates, 3 future chains
        if historical_futures_data_df.index.levshape[0] != 3:
            raise AssertionError(
                f"Expected 3 futures chains from history request, but got {historical_futures_data_df.index.levshape[0]}"
            )
        for day in historical_futures_data_df.index.levels[0]:
            expected_chain = list(self.future_chain_provider.get_future_contract_list(future, day))
            actual_chain = historical_futures_data_df.loc[day]
            if len(expected_chain) != len(actual_chain):
                raise AssertionError(f"Expected {len(expected_chain)} futures in chain on {day}, but got {len(actual_chain)}")
            for i, symbol in enumerate(actual_chain.index):
                if symbol != expected_chain[i]:
                    raise AssertionError(f"Expected symbol {expected_chain[i]} at index {i} on {day}, but got {symbol}")
