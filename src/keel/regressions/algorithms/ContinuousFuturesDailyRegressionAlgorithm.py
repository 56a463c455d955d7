"""B4: daily continuous ES (ForwardPanamaCanal, LastTradingDay): continuous - mapped price changes at the rollover."""

from AlgorithmImports import *


class ContinuousFuturesDailyRegressionAlgorithm(QCAlgorithm):
    """Quits once the adjustment (continuous minus mapped price) changed at a mapping change."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 12, 25)
        self._continuous_contract = self.add_future(
            Futures.Indices.SP500EMini,
            Resolution.DAILY,
            data_normalization_mode=DataNormalizationMode.FORWARD_PANAMA_CANAL,
            data_mapping_mode=DataMappingMode.LAST_TRADING_DAY,
            contract_depth_offset=0,
        )
        self._previous_difference = None
        self._rolled = False
        self._checked = False

    def on_data(self, slice):
        for changed_event in slice.symbol_changed_events.values():
            if changed_event.symbol == self._continuous_contract.symbol:
                self._rolled = True
        mapped = self._continuous_contract.mapped
        if mapped is None or not slice.bars.contains_key(self._continuous_contract.symbol) or not slice.bars.contains_key(mapped):
            return
        difference = slice.bars[self._continuous_contract.symbol].close - slice.bars[mapped].close
        if self._rolled and self._previous_difference is not None:
            if difference == self._previous_difference:
                raise AssertionError(f"Continuous - mapped difference did not change at the rollover ({self.time})")
            self._checked = True
            self.quit("Rollover adjustment checked")
            return
        self._previous_difference = difference

    def on_end_of_algorithm(self):
        if not self._checked:
            raise AssertionError("The rollover adjustment was never checked")
