"""Probe: the ES + GC futures history template with extended market hours (49 scheduled history calls)."""

from AlgorithmImports import *  # noqa: F403
from keel.regressions.algorithms.BasicTemplateFuturesHistoryAlgorithm import BasicTemplateFuturesHistoryAlgorithm


class BasicTemplateFuturesHistoryWithExtendedMarketHoursAlgorithm(BasicTemplateFuturesHistoryAlgorithm):
    """Same as the public template, subscribing to the pre/post-market sessions."""

    def get_extended_market_hours(self):
        return True

    def get_expected_history_call_count(self):
        return 49
