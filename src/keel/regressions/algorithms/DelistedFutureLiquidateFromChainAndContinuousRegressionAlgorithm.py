"""A38: buy the mapped ES contract from the chain; it is liquidated at delisting (continuous + chain)."""

from AlgorithmImports import *


class DelistedFutureLiquidateFromChainAndContinuousRegressionAlgorithm(QCAlgorithm):
    """Asserts the continuous contract stops mapping to it no later than the chain removes it."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 12, 30)
        self._future = self.add_future(Futures.Indices.SP500EMini)
        self._future.set_filter(0, 182)
        self._contract_symbol = None
        self._unmapped_at = None
        self._chain_removed_at = None

    def on_data(self, slice):
        if self._contract_symbol is None:
            for chain in slice.futures_chains.values():
                mapped = self._future.mapped
                if mapped is not None and any(c.symbol == mapped for c in chain):
                    self._contract_symbol = mapped
                    ticket = self.market_order(mapped, 1)
                    if ticket.status != OrderStatus.FILLED:
                        raise AssertionError("The market order should have filled synchronously")
        for changed_event in slice.symbol_changed_events.values():
            if self._contract_symbol is not None and changed_event.old_symbol == self._contract_symbol:
                self._unmapped_at = self.time

    def on_securities_changed(self, changes):
        for security in changes.removed_securities:
            if security.symbol == self._contract_symbol:
                self._chain_removed_at = self.time

    def on_end_of_algorithm(self):
        if self._contract_symbol is None:
            raise AssertionError("No contract was traded")
        if self._unmapped_at is None or self._chain_removed_at is None:
            raise AssertionError(f"Continuous removal {self._unmapped_at} / chain removal {self._chain_removed_at} missing")
        if self._unmapped_at > self._chain_removed_at:
            raise AssertionError("The continuous contract should stop mapping the contract no later than the chain removal")
        if self.portfolio[self._contract_symbol].invested:
            raise AssertionError("Position should have been liquidated at delisting")
