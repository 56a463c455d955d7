"""A35: framework futures universe: ES before 2013-10-09, GC afterwards; constant alpha for all symbols."""

from AlgorithmImports import *


class FuturesFrameworkRegressionAlgorithm(QCAlgorithm):
    """Checks that the continuous (BackwardsRatio) price never equals the raw mapped-contract price."""

    def initialize(self):
        self.universe_settings.resolution = Resolution.MINUTE
        self.universe_settings.extended_market_hours = False
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.set_universe_selection(FutureUniverseSelectionModel(timedelta(1), self.select_future_chain_symbols))
        self.set_alpha(ConstantAlphaModel(InsightType.PRICE, InsightDirection.UP, timedelta(1)))
        self.set_portfolio_construction(EqualWeightingPortfolioConstructionModel())
        self.set_execution(ImmediateExecutionModel())
        self._compared = 0

    def select_future_chain_symbols(self, utc_time):
        new_york_time = Extensions.convert_from_utc(utc_time, TimeZones.NEW_YORK)
        if new_york_time.date() < date(2013, 10, 9):
            return [Symbol.create(Futures.Indices.SP500EMini, SecurityType.FUTURE, Market.CME)]
        return [Symbol.create(Futures.Metals.GOLD, SecurityType.FUTURE, Market.COMEX)]

    def on_data(self, slice):
        for security in list(self.securities.values()):
            if security.symbol.security_type != SecurityType.FUTURE or not security.symbol.is_canonical():
                continue
            mapped = getattr(security, "mapped", None)
            if mapped is None or mapped not in self.securities or not slice.bars.contains_key(security.symbol):
                continue
            if not slice.bars.contains_key(mapped):
                continue
            self._compared += 1
            if slice.bars[security.symbol].close == slice.bars[mapped].close:
                raise AssertionError(f"Continuous price equals the raw mapped price for {security.symbol} at {self.time}")

    def on_end_of_algorithm(self):
        if self._compared == 0:
            raise AssertionError("Never compared continuous and mapped prices")
