"""A11: daily continuous ES (BackwardsRatio, OpenInterest) with EMA(20) signals and manual rollover on SymbolChangedEvent."""

from AlgorithmImports import *


class BasicTemplateFutureRolloverAlgorithm(QCAlgorithm):
    """Trades the mapped contract on EMA(20) vs price; rolls the position when the mapping changes."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 12, 10)
        self.set_cash(1000000)
        self._symbol_data_by_symbol = {}
        for future in [Futures.Indices.SP500EMini]:
            continuous_contract = self.add_future(
                future,
                resolution=Resolution.DAILY,
                extended_market_hours=True,
                data_normalization_mode=DataNormalizationMode.BACKWARDS_RATIO,
                data_mapping_mode=DataMappingMode.OPEN_INTEREST,
                contract_depth_offset=0,
            )
            self._symbol_data_by_symbol[continuous_contract.symbol] = SymbolData(self, continuous_contract)

    def on_data(self, slice):
        for symbol, symbol_data in self._symbol_data_by_symbol.items():
            symbol_data.update(slice)
            if not symbol_data.is_ready or not slice.bars.contains_key(symbol):
                return
            ema_current_value = symbol_data.EMA.current.value
            if ema_current_value < symbol_data.price and not symbol_data.is_long:
                self.market_order(symbol_data.mapped, 1)
            elif ema_current_value > symbol_data.price and not symbol_data.is_short:
                self.market_order(symbol_data.mapped, -1)


class SymbolData:
    """EMA and position state of one continuous future."""

    def __init__(self, algorithm, future):
        self._algorithm = algorithm
        self._future = future
        self.EMA = algorithm.ema(future.symbol, 20, Resolution.DAILY)
        self.price = 0
        self.is_long = False
        self.is_short = False
        self.reset()

    @property
    def symbol(self):
        return self._future.symbol

    @property
    def mapped(self):
        return self._future.mapped

    @property
    def is_ready(self):
        return self.mapped is not None and self.EMA.is_ready

    def update(self, slice):
        if slice.symbol_changed_events.contains_key(self.symbol):
            changed_event = slice.symbol_changed_events[self.symbol]
            old_symbol = changed_event.old_symbol
            new_symbol = changed_event.new_symbol
            tag = f"Rollover - Symbol changed at {self._algorithm.time}: {old_symbol} -> {new_symbol}"
            quantity = self._algorithm.portfolio[old_symbol].quantity
            # rolling over: liquidate the old mapped contract and switch to the newly mapped one
            self._algorithm.liquidate(old_symbol, tag=tag)
            self._algorithm.market_order(new_symbol, quantity, tag=tag)
            self.reset()
        self.price = slice.bars[self.symbol].price if slice.bars.contains_key(self.symbol) else self.price
        self.is_long = self._algorithm.portfolio[self.mapped].is_long
        self.is_short = self._algorithm.portfolio[self.mapped].is_short

    def reset(self):
        self.EMA.reset()
        self._algorithm.warm_up_indicator(self.symbol, self.EMA, Resolution.DAILY)
