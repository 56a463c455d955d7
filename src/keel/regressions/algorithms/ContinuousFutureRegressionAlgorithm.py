"""A12: continuous ES (BackwardsRatio, LastTradingDay, depth 0) with a monthly buy/liquidate toggle."""

from AlgorithmImports import *
from keel.regressions.algorithms._monthly_toggle import MonthlyToggleContinuousFutureBase


class ContinuousFutureRegressionAlgorithm(MonthlyToggleContinuousFutureBase):
    """Asserts 2 mapping changes, each to the front-month contract."""

    def add_continuous_future(self):
        return self.add_future(
            Futures.Indices.SP500EMini,
            data_normalization_mode=DataNormalizationMode.BACKWARDS_RATIO,
            data_mapping_mode=DataMappingMode.LAST_TRADING_DAY,
            contract_depth_offset=0,
        )

    def check_mapping(self, changed_event, previous_mapped):
        # LastTradingDay mapping rolls to the front month: the contract expiring right after the old one
        if previous_mapped is None:
            return
        later = [c.expiry for c in self.futures_chain(self._continuous_contract.symbol) if c.expiry > previous_mapped.id.date]
        mapped_expiry = self._continuous_contract.mapped.id.date
        if later and mapped_expiry != min(later):
            raise AssertionError(f"Mapped contract expiry {mapped_expiry} is not the front month {min(later)}")
