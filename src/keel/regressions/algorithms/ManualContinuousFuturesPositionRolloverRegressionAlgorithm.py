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
                # both securities must be in the collection (LEAN's algorithm indexes them)
                old_security = self.securities[old_symbol]
                new_security = self.securities[new_symbol]
                if not old_security.invested:
                    continue
                quantity = old_security.holdings.quantity
                # the C# reference's interpolation: DateTime as "M/d/yyyy h:mm:ss tt", Symbol as its id
                when = f"{self.time.month}/{self.time.day}/{self.time.year} {self.time:%I:%M:%S %p}".replace(" 0", " ", 1)
                tag = f"Rollover - Symbol changed at {when}: {old_symbol.id} -> {new_symbol.id}"
                self.liquidate(symbol=old_security.symbol, tag=tag)
                self.order(new_security.symbol, quantity, tag=tag)

    def on_end_of_algorithm(self):
        orders = self.transactions.get_orders()
        if len(list(orders)) < 3:
            raise AssertionError("Expected at least 3 orders (entry and one manual rollover)")
