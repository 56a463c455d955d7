"""A7: framework futures template: ES chain before 2013-10-09, GC after; one contract per insight."""

from AlgorithmImports import *


class BasicTemplateFuturesFrameworkAlgorithm(QCAlgorithm):
    """FutureUniverseSelectionModel (front month, filter at market open) + constant alpha + 1-lot PCM."""

    def initialize(self):
        self.universe_settings.resolution = Resolution.MINUTE
        self.universe_settings.extended_market_hours = self.get_extended_market_hours()
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.set_cash(100000)
        self.set_universe_selection(FrontMonthFutureUniverseSelectionModel(self.select_future_chain_symbols))
        self.set_alpha(ConstantFutureContractAlphaModel(InsightType.PRICE, InsightDirection.UP, timedelta(1)))
        self.set_portfolio_construction(SingleSharePortfolioConstructionModel())
        self.set_execution(ImmediateExecutionModel())
        self.set_risk_management(NullRiskManagementModel())

    def select_future_chain_symbols(self, utc_time):
        new_york_time = Extensions.convert_from_utc(utc_time, TimeZones.NEW_YORK)
        if new_york_time.date() < date(2013, 10, 9):
            return [Symbol.create(Futures.Indices.SP500EMini, SecurityType.FUTURE, Market.CME)]
        return [Symbol.create(Futures.Metals.GOLD, SecurityType.FUTURE, Market.COMEX)]

    def get_extended_market_hours(self):
        return False


class FrontMonthFutureUniverseSelectionModel(FutureUniverseSelectionModel):
    """Creates futures chain universes that select the front month contract and run the filter at market open."""

    def __init__(self, select_future_chain_symbols):
        super().__init__(timedelta(1), select_future_chain_symbols)

    def filter(self, filter):
        return filter.front_month().only_apply_filter_at_market_open()


class ConstantFutureContractAlphaModel(ConstantAlphaModel):
    """Emits insights only for futures contracts (not the canonical chain symbols)."""

    def should_emit_insight(self, utc_time, symbol):
        if symbol.security_type != SecurityType.FUTURE or symbol.is_canonical():
            return False
        return super().should_emit_insight(utc_time, symbol)


class SingleSharePortfolioConstructionModel(PortfolioConstructionModel):
    """Targets one contract per insight, signed by the insight direction."""

    def create_targets(self, algorithm, insights):
        return [PortfolioTarget(insight.symbol, insight.direction) for insight in insights]
