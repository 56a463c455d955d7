"""A34: framework with FutureUniverseSelectionModel (ES + GC front month), constant alpha and equal weighting."""

from AlgorithmImports import *


class EqualWeightingPortfolioConstructionModelFutureRegressionAlgorithm(QCAlgorithm):
    """Asserts a leverage of at least 10 (holdings value / TPV) after the second fill."""

    def initialize(self):
        self.universe_settings.resolution = Resolution.MINUTE
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 11)
        self.set_universe_selection(FrontMonthFutureUniverseSelectionModel(self.select_future_chain_symbols))
        self.set_alpha(ConstantFutureContractAlphaModel(InsightType.PRICE, InsightDirection.UP, timedelta(1)))
        self.set_portfolio_construction(EqualWeightingPortfolioConstructionModel())
        self.set_execution(ImmediateExecutionModel())
        self._fills = 0

    def select_future_chain_symbols(self, utc_time):
        return [
            Symbol.create(Futures.Indices.SP500EMini, SecurityType.FUTURE, Market.CME),
            Symbol.create(Futures.Metals.GOLD, SecurityType.FUTURE, Market.COMEX),
        ]

    def on_order_event(self, order_event):
        if order_event.status != OrderStatus.FILLED:
            return
        self._fills += 1
        if self._fills == 2:
            holdings_value = sum(abs(h.holdings_value) for h in self.portfolio.values())
            leverage = holdings_value / self.portfolio.total_portfolio_value
            if leverage < 10:
                raise AssertionError(f"Expected leverage >= 10 after the 2nd fill, got {leverage}")


class FrontMonthFutureUniverseSelectionModel(FutureUniverseSelectionModel):
    """Front month contract, filter applied at market open only."""

    def __init__(self, select_future_chain_symbols):
        super().__init__(timedelta(1), select_future_chain_symbols)

    def filter(self, filter):
        return filter.front_month().only_apply_filter_at_market_open()


class ConstantFutureContractAlphaModel(ConstantAlphaModel):
    """Insights only for futures contracts."""

    def should_emit_insight(self, utc_time, symbol):
        if symbol.security_type != SecurityType.FUTURE:
            return False
        return super().should_emit_insight(utc_time, symbol)
