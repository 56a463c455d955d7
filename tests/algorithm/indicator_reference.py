"""Shared pieces of the indicator tests: one input series, a feeder, a reference EMA written out
independently of Keel, and the one-day ES set-up the warm-up tests run on LEAN's sample data."""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta
from typing import Any

T0 = datetime(2021, 3, 1, 14, 30)
CLOSES = [44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.10, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28,
          46.00, 46.03, 46.41, 46.22, 45.64, 46.21, 46.25, 45.71, 46.45, 45.78, 45.35, 44.03, 44.18, 44.22, 44.57,
          44.90, 45.30, 45.10, 45.95, 46.40, 46.10, 46.70, 47.20, 46.90, 47.50]


def feed(indicator: Any, values: list[float]) -> tuple[list[float], list[bool]]:
    """Update ``indicator`` with ``values`` one minute apart: its value and readiness after each."""
    out, ready = [], []
    for i, value in enumerate(values):
        ready.append(indicator.update(T0 + timedelta(minutes=i), value))
        out.append(indicator.current.value)
    return out, ready


def ema(values: list[float], period: int) -> list[float]:
    """EMA seeded with the mean of the first ``period`` values, smoothing ``2 / (period + 1)`` (one
    value per input from the ``period``-th on)."""
    k = 2 / (period + 1)
    out = [statistics.fmean(values[:period])]
    for value in values[period:]:
        out.append(value * k + out[-1] * (1 - k))
    return out


def front_es_contract_on_2013_10_08(algorithm: Any) -> Any:
    """Set ``algorithm`` to run on 2013-10-08 with raw prices and return the front ES contract of
    that day (not added yet)."""
    from keel.model.enums import DataNormalizationMode, SecurityType
    from keel.model.symbol import Symbol

    algorithm.set_start_date(2013, 10, 8)
    algorithm.set_end_date(2013, 10, 8)
    algorithm.universe_settings.data_normalization_mode = DataNormalizationMode.RAW
    es = Symbol.create("ES", SecurityType.FUTURE, "cme")
    return algorithm.future_chain_provider.get_future_contract_list(es, algorithm.start_date)[0]
