"""A42: WarmUpIndicator on a front ES contract and SPY, before and after subscribing; set_holdings(0.5) once."""

from AlgorithmImports import *


class AutomaticIndicatorWarmupDataTypeRegressionAlgorithm(QCAlgorithm):
    """LEAN's GH-4205 regression: warming an indicator up must not depend on whether the symbol is
    subscribed, with a custom ``IndicatorBase<QuoteBar>`` and SMAs on trade data."""

    def initialize(self):
        self.universe_settings.data_normalization_mode = DataNormalizationMode.RAW
        self.enable_automatic_indicator_warm_up = True
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 10)

        sp500 = Symbol.create(Futures.Indices.SP500EMini, SecurityType.FUTURE, Market.CME)
        self._symbol = self.future_chain_provider.get_future_contract_list(sp500, self.start_date)[0]

        # custom IndicatorBase<QuoteBar> indicator using the unsubscribed future
        indicator1 = CustomIndicator()
        self._assert_state(indicator1, False)
        self.warm_up_indicator(self._symbol, indicator1)
        self._assert_state(indicator1, True)

        # SimpleMovingAverage using the unsubscribed future (uses trade bars)
        sma1 = SimpleMovingAverage(10)
        self._assert_state(sma1, False)
        self.warm_up_indicator(self._symbol, sma1)
        self._assert_state(sma1, True)

        # SimpleMovingAverage using the unsubscribed equity
        spy = Symbol.create("SPY", SecurityType.EQUITY, Market.USA)
        sma = SimpleMovingAverage(10)
        self._assert_state(sma, False)
        self.warm_up_indicator(spy, sma)
        self._assert_state(sma, True)

        # we add the symbols
        self.add_future_contract(self._symbol)
        self.add_equity("SPY")

        # custom IndicatorBase<QuoteBar> indicator using the subscribed future
        indicator = CustomIndicator()
        consolidator = self.create_consolidator(timedelta(minutes=2), QuoteBar)
        self.register_indicator(self._symbol, indicator, consolidator)
        self._assert_state(indicator, False)
        self.warm_up_indicator(self._symbol, indicator)
        self._assert_state(indicator, True)

        # SimpleMovingAverage using the subscribed future
        sma11 = SimpleMovingAverage(10)
        self._assert_state(sma11, False)
        self.warm_up_indicator(self._symbol, sma11)
        self._assert_state(sma11, True)
        if sma11.current.value != sma1.current.value:
            raise AssertionError("warm_up_indicator must give the same value whether or not the future is subscribed")

        # SimpleMovingAverage using the subscribed equity
        sma_spy = SimpleMovingAverage(10)
        self._assert_state(sma_spy, False)
        self.warm_up_indicator(spy, sma_spy)
        self._assert_state(sma_spy, True)
        if sma_spy.current.value != sma.current.value:
            raise AssertionError("warm_up_indicator must give the same value whether or not SPY is subscribed")

    def _assert_state(self, indicator, is_ready):
        if indicator.is_ready != is_ready:
            raise AssertionError(f"Expected indicator state, expected {is_ready} but was {indicator.is_ready}")

    def on_data(self, slice):
        if not self.portfolio.invested:
            self.set_holdings(self._symbol, 0.5)


class CustomIndicator(IndicatorBase[QuoteBar]):
    """LEAN's ``IndicatorBase<QuoteBar>`` test indicator: ready after one quote bar, its ask high."""

    warm_up_period = 1

    def __init__(self):
        super().__init__("Pepe")
        self._is_ready = False

    @property
    def is_ready(self):
        return self._is_ready

    def compute_next_value(self, input):
        self._is_ready = True
        return input.ask.high
