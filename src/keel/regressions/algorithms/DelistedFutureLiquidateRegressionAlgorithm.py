"""A36: buy the earliest ES chain contract (Dec-2013) once; LEAN liquidates it at delisting and removes it."""

from AlgorithmImports import *


class DelistedFutureLiquidateRegressionAlgorithm(QCAlgorithm):
    """Asserts the contract was removed after expiry and the position liquidated."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 12, 30)
        self._contract_symbol = None
        self._removed_at = None
        future = self.add_future(Futures.Indices.SP500EMini)
        future.set_filter(0, 182)

    def on_data(self, slice):
        if self._contract_symbol is None:
            for chain in slice.futures_chains.values():
                contract = sorted(chain, key=lambda c: c.expiry)[0]
                self._contract_symbol = contract.symbol
                self.market_order(contract.symbol, 1)

    def on_securities_changed(self, changes):
        for security in changes.removed_securities:
            if security.symbol == self._contract_symbol:
                self._removed_at = self.time

    def on_end_of_algorithm(self):
        if self._contract_symbol is None:
            raise AssertionError("No contract was traded")
        if self._removed_at is None:
            raise AssertionError(f"{self._contract_symbol} was never removed")
        if self._removed_at.date() < self._contract_symbol.id.date.date():
            raise AssertionError(f"{self._contract_symbol} removed at {self._removed_at}, before its expiry")
        if self.portfolio[self._contract_symbol].invested:
            raise AssertionError(f"Position in {self._contract_symbol} should have been liquidated at delisting")
