"""Shared logic of the continuous-future "monthly toggle" regressions (A12, A13): not an algorithm file."""

from AlgorithmImports import *


class MonthlyToggleContinuousFutureBase(QCAlgorithm):
    """On the first data of each new month: liquidate if invested, else buy 1 of the mapped contract.

    Subclasses set the continuous contract's normalization, mapping mode and depth; the base
    records every mapping change of the continuous symbol and asserts how many happened.
    """

    expected_mapping_count = 2

    def add_continuous_future(self):
        raise NotImplementedError

    def initialize(self):
        self.set_start_date(2013, 7, 1)
        self.set_end_date(2014, 1, 1)
        self._mappings = []
        self._last_month = -1
        self._previous_mapped = None
        self._continuous_contract = self.add_continuous_future()

    def on_data(self, slice):
        for changed_event in slice.symbol_changed_events.values():
            if changed_event.symbol == self._continuous_contract.symbol:
                self._mappings.append(changed_event)
                self.log(f"{self.time} - SymbolChanged event: {changed_event}")
                self.check_mapping(changed_event, self._previous_mapped)

        mapped = self._continuous_contract.mapped
        self._previous_mapped = mapped
        if mapped is None or not self.has_data_to_trade(mapped):
            return
        if self.time.month != self._last_month:
            self._last_month = self.time.month
            if self.portfolio.invested:
                self.liquidate()
            else:
                self.buy(mapped, 1)

    def check_mapping(self, changed_event, previous_mapped):
        """Hook for per-variant assertions on each mapping change."""

    def has_data_to_trade(self, mapped):
        """The monthly toggle's data condition (A12: the mapped contract has data)."""
        return self.securities[mapped].has_data

    def on_securities_changed(self, changes):
        for removed in changes.removed_securities:
            if removed.symbol.security_type == SecurityType.FUTURE and not removed.symbol.is_canonical():
                # an expired contract must be marked delisted and no longer tradable
                if removed.symbol.id.date.date() <= self.time.date() and not removed.is_delisted:
                    raise AssertionError(f"Expired contract {removed.symbol} was not marked delisted at {self.time}")

    def on_end_of_algorithm(self):
        if len(self._mappings) != self.expected_mapping_count:
            raise AssertionError(
                f"Unexpected mapping count: {len(self._mappings)} (expected {self.expected_mapping_count})"
            )
