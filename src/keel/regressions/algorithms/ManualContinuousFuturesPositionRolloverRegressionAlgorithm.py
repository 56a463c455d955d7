"""A19: buy the mapped ES contract when flat; roll the position manually on each SymbolChangedEvent."""

from AlgorithmImports import *


class ManualContinuousFuturesPositionRolloverRegressionAlgorithm(QCAlgorithm):
    """Continuous ES (BackwardsRatio, LastTradingDay, depth 0); asserts at least 3 orders."""

    def initialize(self):
        self.set_start_date(2013, 7, 1)
        self.set_end_date(2014, 1, 1)
        self._continuous_contract = self.add_future(
            Futures.Indices.SP500EMini,
            data_normalization_mode=DataNormalizationMode.BACKWARDS_RATIO,
            data_mapping_mode=DataMappingMode.LAST_TRADING_DAY,
            contract_depth_offset=0,
        )

    def on_data(self, slice):
        if not self.portfolio.invested:
            self.order(self._continuous_contract.mapped, 1)
        else:
            for changed_event in slice.symbol_changed_events.values():
                old_symbol = changed_event.old_symbol
                new_symbol = changed_event.new_symbol
                if self.portfolio[old_symbol].invested:
                    quantity = self.portfolio[old_symbol].quantity
                    self.liquidate(old_symbol)
                    self.order(new_symbol, quantity)

    def on_end_of_algorithm(self):
        orders = self.transactions.get_orders()
        if len(list(orders)) < 3:
            raise AssertionError("Expected at least 3 orders (entry and one manual rollover)")
