"""B17: daily continuous ES history per DataMappingMode gives different mapping dates and prices."""

from AlgorithmImports import *


class HistoryWithDifferentDataMappingModeRegressionAlgorithm(QCAlgorithm):
    """History requests at the end of the algorithm, one per mapping mode."""

    def initialize(self):
        self.set_start_date(2013, 10, 6)
        self.set_end_date(2014, 1, 1)
        self._continuous_contract_symbol = self.add_future(Futures.Indices.SP500EMini, Resolution.DAILY).symbol

    def on_end_of_algorithm(self):
        data_mapping_modes = [
            DataMappingMode.LAST_TRADING_DAY,
            DataMappingMode.FIRST_DAY_MONTH,
            DataMappingMode.OPEN_INTEREST,
            DataMappingMode.OPEN_INTEREST_ANNUAL,
        ]
        history_results = [
            self.history(
                [self._continuous_contract_symbol],
                self.start_date,
                self.end_date,
                Resolution.DAILY,
                data_mapping_mode=data_mapping_mode,
            )["close"].to_numpy()
            for data_mapping_mode in data_mapping_modes
        ]
        if any(x.size == 0 or x.size != history_results[0].size for x in history_results):
            raise AssertionError("History results are empty or bar counts did not match")
        # the modes map to new contracts on different dates, so some closes must differ
        for i in range(1, len(history_results)):
            if (history_results[i] == history_results[0]).all() and data_mapping_modes[i] != DataMappingMode.OPEN_INTEREST_ANNUAL:
                raise AssertionError(f"History for {data_mapping_modes[i]} equals {data_mapping_modes[0]}")
