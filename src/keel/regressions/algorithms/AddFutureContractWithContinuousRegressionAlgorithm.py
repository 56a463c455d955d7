"""A21: buy an explicit ES contract and the continuous mapped contract, then remove both (LEAN liquidates)."""

from AlgorithmImports import *


class AddFutureContractWithContinuousRegressionAlgorithm(QCAlgorithm):
    """Removing securities with holdings liquidates them: 4 orders in total."""

    def initialize(self):
        self.set_start_date(2013, 10, 6)
        self.set_end_date(2013, 10, 10)
        self._continuous_contract = self.add_future(
            Futures.Indices.SP500EMini,
            data_normalization_mode=DataNormalizationMode.BACKWARDS_RATIO,
            data_mapping_mode=DataMappingMode.LAST_TRADING_DAY,
            contract_depth_offset=0,
        )
        first = next(iter(self.futures_chain(self._continuous_contract.symbol)))
        self._future_contract = self.add_future_contract(first.symbol)
        self._ended = False

    def on_data(self, slice):
        if self._ended:
            raise AssertionError(f"Algorithm should have ended! {self.time}")
        if not self.portfolio.invested:
            self.buy(self._future_contract.symbol, 1)
            self.buy(self._continuous_contract.mapped, 1)
            self.remove_security(self._future_contract.symbol)
            self.remove_security(self._continuous_contract.symbol)
            self._ended = True

    def on_end_of_algorithm(self):
        if self.portfolio.invested:
            raise AssertionError("Removed securities should have been liquidated")
        if len(list(self.transactions.get_orders())) != 4:
            raise AssertionError("Expected 4 orders: 2 buys and 2 liquidations on removal")
