"""Probe: the framework futures template (ES then GC front month) with extended market hours."""

from AlgorithmImports import *  # noqa: F403
from keel.regressions.algorithms.BasicTemplateFuturesFrameworkAlgorithm import BasicTemplateFuturesFrameworkAlgorithm


class BasicTemplateFuturesFrameworkWithExtendedMarketAlgorithm(BasicTemplateFuturesFrameworkAlgorithm):
    """Universe settings request extended market hours; everything else is inherited."""

    def get_extended_market_hours(self):
        return True
