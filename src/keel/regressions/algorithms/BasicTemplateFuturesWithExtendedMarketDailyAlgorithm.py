"""A5: the daily futures template with extended market hours (same statistics, more data points)."""

from AlgorithmImports import *
from keel.regressions.algorithms.BasicTemplateFuturesDailyAlgorithm import BasicTemplateFuturesDailyAlgorithm


class BasicTemplateFuturesWithExtendedMarketDailyAlgorithm(BasicTemplateFuturesDailyAlgorithm):
    """Daily ES + GC chains with ``extended_market_hours=True``."""

    def get_extended_market_hours(self):
        return True
