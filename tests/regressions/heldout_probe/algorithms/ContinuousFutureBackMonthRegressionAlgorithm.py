"""Probe: continuous ES (BackwardsPanamaCanal, OpenInterest mapping, depth 1) with a monthly toggle."""
# ruff: noqa: F405

from AlgorithmImports import *  # noqa: F403


class ContinuousFutureBackMonthRegressionAlgorithm(QCAlgorithm):
    """Depth 5 is rejected; depth 1 maps to the back month; 2 mapping changes; buy/liquidate monthly."""

    def initialize(self):
        self.set_start_date(2013, 7, 1)
        self.set_end_date(2014, 1, 1)
        try:
            self.add_future(
                Futures.Indices.SP500EMini,
                data_normalization_mode=DataNormalizationMode.BACKWARDS_PANAMA_CANAL,
                data_mapping_mode=DataMappingMode.OPEN_INTEREST,
                contract_depth_offset=5,
            )
        except (ValueError, IndexError):
            pass  # LEAN raises ArgumentOutOfRangeException: at most two back months
        else:
            raise AssertionError("A contract depth offset of 5 should be rejected")
        self._continuous = self.add_future(
            Futures.Indices.SP500EMini,
            data_normalization_mode=DataNormalizationMode.BACKWARDS_PANAMA_CANAL,
            data_mapping_mode=DataMappingMode.OPEN_INTEREST,
            contract_depth_offset=1,
        )
        self._mappings = []
        self._last_log_month = None

    def on_data(self, slice):
        if len(slice.keys()) != 1:
            raise AssertionError(f"Data for more than one symbol: {list(slice.keys())}")
        for changed in slice.symbol_changed_events.values():
            if changed.symbol != self._continuous.symbol:
                continue
            self._mappings.append(changed)
            back_expiry = changed.symbol.underlying.id.date
            front_expiry = FuturesExpiryFunctions.futures_expiry_function(self._continuous.symbol)(
                _add_months(self.time, 1)
            )
            if back_expiry.date() <= front_expiry.date():
                raise AssertionError(f"Mapped expiry {back_expiry} should be after the front month {front_expiry}")
            if self._continuous.mapped != changed.symbol.underlying:
                raise AssertionError(f"Mapped {self._continuous.mapped} != {changed.symbol.underlying}")

        if self._last_log_month != self.time.month and self._continuous.has_data:
            self._last_log_month = self.time.month
            if self._continuous.exchange.exchange_open:
                if self.portfolio.invested:
                    self.liquidate()
                else:
                    self.buy(self._continuous.mapped, 1)

    def on_end_of_algorithm(self):
        if len(self._mappings) != 2:
            raise AssertionError(f"Unexpected symbol changed events: {len(self._mappings)}, expected 2")


def _add_months(moment, months):
    """``moment`` shifted by whole months, the day clamped to the month's length (.NET AddMonths)."""
    index = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    days = [
        31,
        29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
    return moment.replace(year=year, month=month, day=min(moment.day, days))
