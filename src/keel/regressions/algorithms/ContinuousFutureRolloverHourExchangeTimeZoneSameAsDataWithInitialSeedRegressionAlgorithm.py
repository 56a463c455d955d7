"""C: continuous ES rollover at hour resolution, exchange time zone UTC, the same as the data (UTC), initial prices seeded."""

from AlgorithmImports import *
from keel.regressions.algorithms._rollover_base import ContinuousFutureRolloverBase


class ContinuousFutureRolloverHourExchangeTimeZoneSameAsDataWithInitialSeedRegressionAlgorithm(ContinuousFutureRolloverBase):
    """See ``_rollover_base``: exactly one rollover on 2013-12-18."""

    resolution = Resolution.HOUR
    exchange_time_zone = "UTC"
    with_initial_seed = True
