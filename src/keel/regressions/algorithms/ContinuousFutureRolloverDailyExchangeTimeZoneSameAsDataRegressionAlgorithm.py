"""C: continuous ES rollover at daily resolution, exchange time zone UTC, the same as the data (UTC)."""

from AlgorithmImports import *
from keel.regressions.algorithms._rollover_base import ContinuousFutureRolloverBase


class ContinuousFutureRolloverDailyExchangeTimeZoneSameAsDataRegressionAlgorithm(ContinuousFutureRolloverBase):
    """See ``_rollover_base``: exactly one rollover on 2013-12-18."""

    resolution = Resolution.DAILY
    exchange_time_zone = "UTC"
    with_initial_seed = False
