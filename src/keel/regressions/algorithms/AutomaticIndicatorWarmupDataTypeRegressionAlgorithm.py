"""A42: automatic indicator warm-up with quote- and trade-bar indicators on a front ES contract and SPY."""

from AlgorithmImports import *


class AutomaticIndicatorWarmupDataTypeRegressionAlgorithm(QCAlgorithm):
    """Indicators created with Settings.AutomaticIndicatorWarmUp are ready at once; set_holdings(0.5) once."""

    def initialize(self):
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 10)
        self.settings.automatic_indicator_warm_up = True
        self.universe_settings.data_normalization_mode = DataNormalizationMode.RAW
        self._spy = self.add_equity("SPY", Resolution.MINUTE).symbol
        es = Symbol.create(Futures.Indices.SP500EMini, SecurityType.FUTURE, Market.CME)
        front = sorted(self.futures_chain(es), key=lambda c: c.expiry)[0]
        self._contract = self.add_future_contract(front.symbol, Resolution.MINUTE).symbol
        # trade-bar and quote-bar based indicators, warmed up automatically
        self._indicators = [
            self.sma(self._contract, 10, Resolution.MINUTE),
            self.sma(self._contract, 10, Resolution.MINUTE, Field.ASK_CLOSE),
            self.ema(self._spy, 10, Resolution.MINUTE),
            self.sma(self._spy, 10, Resolution.MINUTE, Field.BID_CLOSE),
        ]
        for indicator in self._indicators:
            if not indicator.is_ready:
                raise AssertionError(f"{indicator.name} should be ready after automatic warm-up")
        # an explicit warm-up of a new indicator on a subscribed symbol works as well
        manual = SimpleMovingAverage(10)
        self.warm_up_indicator(self._contract, manual, Resolution.MINUTE)
        if not manual.is_ready:
            raise AssertionError("warm_up_indicator should make the indicator ready")

    def on_data(self, slice):
        if not self.portfolio.invested:
            self.set_holdings(self._contract, 0.5)
