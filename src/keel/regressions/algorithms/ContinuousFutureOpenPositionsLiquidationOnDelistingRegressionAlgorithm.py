"""A18: a position in the mapped ES contract is liquidated when that contract is delisted after the rollover."""

from AlgorithmImports import *


class ContinuousFutureOpenPositionsLiquidationOnDelistingRegressionAlgorithm(QCAlgorithm):
    """Buys 1 of the mapped contract on the first data; asserts LEAN's delisting liquidation afterwards."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 12, 30)
        self._continuous_contract = self.add_future(
            Futures.Indices.SP500EMini,
            data_normalization_mode=DataNormalizationMode.BACKWARDS_RATIO,
            data_mapping_mode=DataMappingMode.OPEN_INTEREST,
            contract_depth_offset=0,
        )
        self._contract_symbol = None
        self._rolled = False

    def on_data(self, slice):
        if self._contract_symbol is None:
            self._contract_symbol = self._continuous_contract.mapped
            self.market_order(self._contract_symbol, 1)
        for changed_event in slice.symbol_changed_events.values():
            if changed_event.symbol == self._continuous_contract.symbol:
                self._rolled = True

    def on_end_of_algorithm(self):
        if not self._rolled:
            raise AssertionError("The continuous contract never rolled over")
        security = self.securities[self._contract_symbol]
        if security.holdings.quantity != 0:
            raise AssertionError(f"Position in {self._contract_symbol} was not liquidated on delisting")
        if not security.is_delisted:
            raise AssertionError(f"{self._contract_symbol} should be delisted")
        if security.is_tradable:
            raise AssertionError(f"{self._contract_symbol} should not be tradable")
        ticket = self.market_order(self._contract_symbol, 1)
        if ticket.status != OrderStatus.INVALID:
            raise AssertionError(f"Order on delisted {self._contract_symbol} should be invalid, got {ticket.status}")
