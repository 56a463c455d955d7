"""A9: continuous ES (BackwardsRatio, LastTradingDay): SMA(4)/SMA(10) daily crossover on the mapped contract, with rolls."""

from AlgorithmImports import *


class BasicTemplateContinuousFutureAlgorithm(QCAlgorithm):
    """Buys the mapped contract when SMA4 - SMA10 > 0.001, liquidates on the reverse, rolls on mapping changes."""

    def initialize(self):
        self.set_start_date(2013, 7, 1)
        self.set_end_date(2014, 1, 1)
        self._continuous_contract = self.add_future(
            Futures.Indices.SP500EMini,
            data_normalization_mode=DataNormalizationMode.BACKWARDS_RATIO,
            data_mapping_mode=DataMappingMode.LAST_TRADING_DAY,
            contract_depth_offset=0,
        )
        self._fast = self.sma(self._continuous_contract.symbol, 4, Resolution.DAILY)
        self._slow = self.sma(self._continuous_contract.symbol, 10, Resolution.DAILY)
        self._current_contract = None

    def on_data(self, slice):
        for changed_event in slice.symbol_changed_events.values():
            if changed_event.symbol == self._continuous_contract.symbol:
                self.log(f"SymbolChanged event: {changed_event}")

        if not self.portfolio.invested:
            if self._fast.current.value - self._slow.current.value > 0.001:
                self._current_contract = self.securities[self._continuous_contract.mapped]
                self.buy(self._current_contract.symbol, 1)
        elif self._slow.current.value - self._fast.current.value > 0.001:
            self.liquidate()

        # the contract mapping can call on_data outside of regular hours: only roll while the exchange is open
        if (
            self._current_contract is not None
            and self._current_contract.symbol != self._continuous_contract.mapped
            and self._continuous_contract.exchange.exchange_open
        ):
            self.log(f"{self.time} - rolling position from {self._current_contract.symbol} to {self._continuous_contract.mapped}")
            current_position_size = self._current_contract.holdings.quantity
            self.liquidate(self._current_contract.symbol)
            self.buy(self._continuous_contract.mapped, current_position_size)
            self._current_contract = self.securities[self._continuous_contract.mapped]
