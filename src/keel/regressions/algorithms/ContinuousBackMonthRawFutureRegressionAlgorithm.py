"""A13: continuous ES (Raw, FirstDayMonth, depth 1 = back month) with a monthly buy/liquidate toggle."""

from AlgorithmImports import *
from keel.regressions.algorithms._monthly_toggle import MonthlyToggleContinuousFutureBase


class ContinuousBackMonthRawFutureRegressionAlgorithm(MonthlyToggleContinuousFutureBase):
    """Asserts 2 mapping changes and that the mapped contract is never the front month."""

    def add_continuous_future(self):
        return self.add_future(
            Futures.Indices.SP500EMini,
            data_normalization_mode=DataNormalizationMode.RAW,
            data_mapping_mode=DataMappingMode.FIRST_DAY_MONTH,
            contract_depth_offset=1,
        )

    def check_mapping(self, changed_event, previous_mapped):
        chain = [c for c in self.futures_chain(self._continuous_contract.symbol) if c.expiry.date() >= self.time.date()]
        front_month = min(c.expiry for c in chain)
        if self._continuous_contract.mapped.id.date.date() <= front_month.date():
            raise AssertionError(f"Depth 1 mapped {self._continuous_contract.mapped} to the front month at {self.time}")
