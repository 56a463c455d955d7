"""Volatility models: a security's volatility estimate, updated on every data point."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from keel.model.bars import BaseData
from keel.model.enums import RESOLUTION_PERIOD, Resolution
from keel.reality.dualcase import DualCase

if TYPE_CHECKING:
    from keel.securities.security import Security

@dataclass(frozen=True, slots=True)
class HistoryRequirement:
    """History the engine should fetch to warm a volatility model up."""

    symbol: Any
    resolution: Resolution
    bar_count: int


class VolatilityModel(DualCase):
    """Base volatility model."""

    _dual_names = (("update", "Update"), ("get_history_requirements", "GetHistoryRequirements"))
    is_null = False

    @property
    def volatility(self) -> float:
        """Current estimate."""
        return 0.0

    def update(self, security: Security, data: BaseData) -> None:
        """Feed one data point."""

    def get_history_requirements(self, security: Security, utc_time: datetime) -> list[HistoryRequirement]:
        """History needed to warm up (engine fetches it and calls :meth:`warm_up`)."""
        return []

    def warm_up(self, security: Security, history: Iterable[BaseData]) -> None:
        """Feed history points in time order."""
        for point in history:
            self.update(security, point)

    @property
    def Volatility(self) -> float:
        return self.volatility

    Update = update
    GetHistoryRequirements = get_history_requirements
    WarmUp = warm_up


class NullVolatilityModel(VolatilityModel):
    """Always 0 (the default; ``Security`` skips calling it)."""

    is_null = True


NullVolatilityModel.INSTANCE = NullVolatilityModel()  # type: ignore[attr-defined]
VolatilityModel.NULL = NullVolatilityModel.INSTANCE  # type: ignore[attr-defined]
VolatilityModel.Null = NullVolatilityModel.INSTANCE  # type: ignore[attr-defined]


class _WindowModel(VolatilityModel):
    def __init__(
        self, periods: int, resolution: Resolution | None, update_frequency: timedelta | None
    ) -> None:
        if periods < 2:
            raise ValueError(f"periods must be at least 2, got {periods}")
        self.periods = int(periods)
        self.resolution = resolution
        self.update_frequency = update_frequency or (
            RESOLUTION_PERIOD[resolution] if resolution is not None else timedelta(days=1)
        )
        self._window: deque[float] = deque(maxlen=self.periods)
        self._last_update = datetime.min

    @property
    def is_ready(self) -> bool:
        """True once the window is full."""
        return len(self._window) == self.periods

    def get_history_requirements(self, security: Security, utc_time: datetime) -> list[HistoryRequirement]:
        """``periods + 1`` bars at the model's resolution (daily by default)."""
        resolution = self.resolution if self.resolution is not None else Resolution.DAILY  # TICK is 0
        return [HistoryRequirement(security.symbol, resolution, self.periods + 1)]

    @staticmethod
    def _std(values: deque[float]) -> float:
        n = len(values)
        mean = sum(values) / n
        return math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))


class RelativeStandardDeviationVolatilityModel(_WindowModel):
    """Standard deviation of the last ``periods`` prices divided by their mean."""

    def __init__(self, period_span: timedelta | Resolution, periods: int) -> None:
        resolution = period_span if isinstance(period_span, Resolution) else None
        span = period_span if isinstance(period_span, timedelta) else None
        super().__init__(periods, resolution, span)

    @property
    def volatility(self) -> float:
        """``std / |mean|`` of the window (0 until two prices)."""
        if len(self._window) < 2:
            return 0.0
        mean = abs(sum(self._window) / len(self._window))
        return 0.0 if mean == 0 else self._std(self._window) / mean

    def update(self, security: Security, data: BaseData) -> None:
        """Add the price once per ``update_frequency``."""
        if data.end_time - self._last_update >= self.update_frequency and data.value > 0:
            self._window.append(data.value)
            self._last_update = data.end_time


class StandardDeviationOfReturnsVolatilityModel(_WindowModel):
    """Annualised standard deviation of the last ``periods`` simple returns (sqrt(252) scaling)."""

    def __init__(
        self, periods: int, resolution: Resolution | None = None, update_frequency: timedelta | None = None
    ) -> None:
        super().__init__(periods, resolution, update_frequency)
        self._last_price = 0.0

    @property
    def volatility(self) -> float:
        """``std(returns) x sqrt(252)`` (0 until two returns)."""
        if len(self._window) < 2:
            return 0.0
        return self._std(self._window) * math.sqrt(252.0)

    def update(self, security: Security, data: BaseData) -> None:
        """Add a return once per ``update_frequency``."""
        if data.end_time - self._last_update >= self.update_frequency and data.value > 0:
            if self._last_price > 0:
                self._window.append(data.value / self._last_price - 1.0)
            self._last_price = data.value
            self._last_update = data.end_time


__all__ = [
    "HistoryRequirement",
    "NullVolatilityModel",
    "RelativeStandardDeviationVolatilityModel",
    "StandardDeviationOfReturnsVolatilityModel",
    "VolatilityModel",
]
