"""Probe: the hourly ES + GC futures template with extended market hours enabled."""
# ruff: noqa: F405

from AlgorithmImports import *  # noqa: F403
from keel.regressions.algorithms.BasicTemplateFuturesDailyAlgorithm import BasicTemplateFuturesDailyAlgorithm


class BasicTemplateFuturesWithExtendedMarketHourlyAlgorithm(BasicTemplateFuturesDailyAlgorithm):
    """Hour bars, pre/post-market sessions included."""

    def get_resolution(self):
        return Resolution.HOUR

    def get_extended_market_hours(self):
        return True
