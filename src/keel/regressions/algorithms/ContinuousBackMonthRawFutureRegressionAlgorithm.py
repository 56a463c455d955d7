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

    def has_data_to_trade(self, mapped):
        # LEAN's A13 checks the continuous contract's data, not the mapped contract's
        return self._continuous_contract.has_data

    def check_mapping(self, changed_event, previous_mapped):
        # LEAN: the new contract is the ES (quarterly) expiry of the month five months ahead
        # ("+4 months cause we are actually using the back month"), and it is the mapped contract
        mapped = self._continuous_contract.mapped
        if mapped != changed_event.new_symbol:
            raise AssertionError(f"Unexpected mapped continuous contract {mapped} expected {changed_event.new_symbol}")
        months = self.time.year * 12 + self.time.month - 1 + 5
        year, month = divmod(months, 12)
        month += 1
        while month % 3:
            month += 1
        if month > 12:
            year, month = year + 1, month - 12
        expiry = mapped.id.date
        if (expiry.year, expiry.month) != (year, month):
            raise AssertionError(f"Unexpected current mapped contract expiration {expiry} @ {self.time}")
