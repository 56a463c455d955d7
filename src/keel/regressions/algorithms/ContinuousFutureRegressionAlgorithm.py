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
        # LEAN's check: the mapped contract expires in the quarter after the previous one
        expiry_function = FuturesExpiryFunctions.futures_expiry_function(self._continuous_contract.symbol)
        previous = previous_mapped.id.date
        month = previous.month + 3
        expected = expiry_function(datetime(previous.year + (month - 1) // 12, (month - 1) % 12 + 1, 1))
        mapped_expiry = self._continuous_contract.mapped.id.date
        if mapped_expiry.date() != expected.date():
            raise AssertionError(f"Mapped contract expiry {mapped_expiry} is not the front month {expected}")
