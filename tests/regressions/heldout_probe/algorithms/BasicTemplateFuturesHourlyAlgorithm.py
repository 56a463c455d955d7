"""Probe: LEAN's daily ES + GC futures template run on hour bars instead of daily bars."""
# ruff: noqa: F405

from AlgorithmImports import *  # noqa: F403
from keel.regressions.algorithms.BasicTemplateFuturesDailyAlgorithm import BasicTemplateFuturesDailyAlgorithm


class BasicTemplateFuturesHourlyAlgorithm(BasicTemplateFuturesDailyAlgorithm):
    """Same trading rules as the daily template; only the subscription resolution changes."""

    def get_resolution(self):
        return Resolution.HOUR
