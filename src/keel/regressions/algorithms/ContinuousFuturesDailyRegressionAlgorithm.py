"""B4: daily continuous ES (ForwardPanamaCanal, LastTradingDay): continuous - mapped price changes at the rollover."""

from AlgorithmImports import *


class ContinuousFuturesDailyRegressionAlgorithm(QCAlgorithm):
    """Quits once the price factor (continuous minus mapped close) was checked after a symbol change
    (LEAN's ContinuousFuturesDailyRegressionAlgorithm, GH #6840)."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 12, 25)
        self._continuous_contract = self.add_future(
            Futures.Indices.SP500EMini,
            data_normalization_mode=DataNormalizationMode.FORWARD_PANAMA_CANAL,
            data_mapping_mode=DataMappingMode.LAST_TRADING_DAY,
            contract_depth_offset=0,
            resolution=Resolution.DAILY,
        )
        self._symbol_changed_event = None
        self._previous_factor = 0

    def on_data(self, slice):
        for changed_event in slice.symbol_changed_events.values():
            if changed_event.symbol == self._continuous_contract.symbol:
                self._symbol_changed_event = changed_event
        if not slice.bars.contains_key(self._continuous_contract.symbol):
            return
        continuous_bar = slice.bars[self._continuous_contract.symbol]
        # the mapped contract is an internal feed: its bar is in its security's cache, not in the slice
        mapped_bar = self.securities[self._continuous_contract.mapped].cache.get_data(TradeBar)
        if mapped_bar is None or continuous_bar.end_time != mapped_bar.end_time:
            return
        price_factor = continuous_bar.close - mapped_bar.close
        if self._symbol_changed_event is not None:
            if self._previous_factor == price_factor:
                raise AssertionError(f"Price factor did not change after symbol changed! {self.time} {price_factor}")
            self.quit("We asserted what we wanted")
        self._previous_factor = price_factor

    def on_end_of_algorithm(self):
        if self._symbol_changed_event is None:
            raise AssertionError("Unexpected a symbol changed event but got none!")
