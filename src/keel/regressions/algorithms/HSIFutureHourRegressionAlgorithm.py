"""D1: HSI index + HSI futures chain at hour resolution, HKD account, Hong Kong time; alternate buy / liquidate."""

from AlgorithmImports import *


class HSIFutureHourRegressionAlgorithm(QCAlgorithm):
    """Asserts one symbol-changed event and one-hour bar spans."""

    def initialize(self):
        self.set_start_date(2013, 10, 20)
        self.set_end_date(2013, 10, 30)
        self.set_time_zone(TimeZones.HONG_KONG)
        self.set_account_currency("HKD")
        self.settings.seed_initial_prices = True
        self._index = self.add_index("HSI", Resolution.HOUR, Market.HKFE).symbol
        self._future = self.add_future(Futures.Indices.HANG_SENG, Resolution.HOUR, Market.HKFE)
        self._future.set_filter(0, 182)
        self._symbol_changed_events = 0

    def on_data(self, slice):
        self._symbol_changed_events += len(slice.symbol_changed_events)
        for symbol, bar in slice.bars.items():
            if bar.end_time - bar.time != timedelta(hours=1):
                raise AssertionError(f"Unexpected bar span {bar.end_time - bar.time} for {symbol} at {self.time}")
        if not self.portfolio.invested:
            for chain in slice.futures_chains.values():
                contracts = sorted(chain, key=lambda c: c.expiry)
                if contracts:
                    self.market_order(contracts[0].symbol, 1)
        else:
            self.liquidate()

    def on_end_of_algorithm(self):
        if self._symbol_changed_events != 1:
            raise AssertionError(f"Expected 1 symbol changed event, got {self._symbol_changed_events}")
