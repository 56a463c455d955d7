"""A15: continuous ES (BackwardsRatio, OpenInterest, depth 1) with a 1-day warm-up; buy the mapped contract once."""

from AlgorithmImports import *


class ContinuousFutureHistoryRegressionAlgorithm(QCAlgorithm):
    """After warm-up buys 1 of the mapped (back-month, Mar-2014) contract and holds it."""

    def initialize(self):
        self.set_start_date(2013, 10, 10)
        self.set_end_date(2013, 10, 11)
        self._continuous_contract = self.add_future(
            Futures.Indices.SP500EMini,
            data_normalization_mode=DataNormalizationMode.BACKWARDS_RATIO,
            data_mapping_mode=DataMappingMode.OPEN_INTEREST,
            contract_depth_offset=1,
        )
        self.set_warm_up(1, Resolution.DAILY)
        self._warmed_up_data = False

    def on_data(self, slice):
        if self.is_warming_up:
            if slice.contains_key(self._continuous_contract.symbol):
                self._warmed_up_data = True
            return
        if not self.portfolio.invested:
            mapped = self._continuous_contract.mapped
            if mapped.id.date.year != 2014 or mapped.id.date.month != 3:
                raise AssertionError(f"Depth 1 should map to the Mar-2014 contract, got {mapped} at {self.time}")
            self.buy(mapped, 1)

    def on_end_of_algorithm(self):
        if not self._warmed_up_data:
            raise AssertionError("No continuous-contract data during warm-up")
        if not self.portfolio.invested:
            raise AssertionError("The mapped contract was never bought")
