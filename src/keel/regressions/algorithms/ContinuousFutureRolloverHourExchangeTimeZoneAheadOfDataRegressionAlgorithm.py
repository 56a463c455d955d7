"""C: continuous ES rollover at hour resolution, exchange time zone UTC+2, ahead of the data (UTC)."""

from AlgorithmImports import *
from keel.regressions.algorithms._rollover_base import ContinuousFutureRolloverBase


class ContinuousFutureRolloverHourExchangeTimeZoneAheadOfDataRegressionAlgorithm(ContinuousFutureRolloverBase):
    """See ``_rollover_base``: exactly one rollover on 2013-12-18."""

    resolution = Resolution.HOUR
    exchange_time_zone = "Etc/GMT-2"
    with_initial_seed = False
