"""Alpha models: turn data into insights (LEAN's ``AlphaModel``, ``ConstantAlphaModel``, ``NullAlphaModel``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any, ClassVar

from keel.algorithm.framework._base import FrameworkModel, dual_names, removed_securities, update_collection
from keel.algorithm.framework.insights import Insight, InsightDirection, InsightType
from keel.model.symbol import Symbol


class AlphaModel(FrameworkModel):
    """Base alpha model: ``update(algorithm, data)`` returns the new insights (none by default)."""

    _dual_names: ClassVar[tuple[tuple[str, str], ...]] = dual_names("update", "on_securities_changed")

    def update(self, algorithm: Any, data: Any) -> list[Insight]:
        """Insights generated from the latest slice."""
        return []

    @property
    def name(self) -> str:
        """Model name, used as the insights' ``source_model`` (settable)."""
        return getattr(self, "_name", None) or type(self).__name__

    @name.setter
    def name(self, value: str) -> None:
        self._name = value

    Update = update
    Name = name


class NullAlphaModel(AlphaModel):
    """Emits nothing (the default alpha)."""


class CompositeAlphaModel(AlphaModel):
    """Runs several alpha models and concatenates their insights (LEAN's ``CompositeAlphaModel``)."""

    def __init__(self, *models: AlphaModel) -> None:
        self.models: list[Any] = list(models)

    def add_alpha(self, model: AlphaModel) -> None:
        """Add one more model."""
        self.models.append(model)

    def update(self, algorithm: Any, data: Any) -> list[Insight]:
        """Insights of every model, each stamped with its model's name."""
        insights: list[Insight] = []
        for model in self.models:
            for insight in model.update(algorithm, data) or []:
                if not insight.source_model:
                    insight.source_model = getattr(model, "name", type(model).__name__)
                insights.append(insight)
        return insights

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        """Forward to every model."""
        for model in self.models:
            model.on_securities_changed(algorithm, changes)

    AddAlpha = add_alpha


class ConstantAlphaModel(AlphaModel):
    """The same insight for every non-canonical security with a price, re-emitted once per ``period``.

    ``should_emit_insight(utc_time, symbol)`` decides (and records) each emission; override it
    to restrict the symbols, calling ``super()`` to keep the period bookkeeping.
    """

    _dual_names: ClassVar[tuple[tuple[str, str], ...]] = dual_names(
        "update", "on_securities_changed", "should_emit_insight"
    )

    def __init__(
        self,
        type: InsightType,
        direction: InsightDirection,
        period: timedelta,
        magnitude: float | None = None,
        confidence: float | None = None,
        weight: float | None = None,
    ) -> None:
        self.type = InsightType(type)
        self.direction = InsightDirection(direction)
        self.period = period if isinstance(period, timedelta) else timedelta(days=float(period))
        self.magnitude = magnitude
        self.confidence = confidence
        self.weight = weight
        self.securities: dict[Symbol, Any] = {}
        self.insights_time_by_symbol: dict[Symbol, datetime] = {}
        extras = "".join(f",{v}" for v in (magnitude, confidence, weight) if v is not None)
        self.name = f"ConstantAlphaModel({self.type.name},{self.direction.name},{self.period}{extras})"

    def update(self, algorithm: Any, data: Any) -> list[Insight]:
        """One insight per tracked security with a non-zero price whose last insight's period elapsed."""
        insights = []
        utc_time = algorithm.utc_time
        for symbol, security in list(self.securities.items()):
            if security.price != 0 and self.should_emit_insight(utc_time, symbol):
                insights.append(
                    Insight(
                        symbol,
                        self.period,
                        self.type,
                        self.direction,
                        self.magnitude,
                        self.confidence,
                        weight=self.weight,
                    )
                )
        return insights

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        """Track added securities; forget removed ones (so a re-added one gets an insight at once)."""
        update_collection(self.securities, changes)
        for security in removed_securities(changes):
            self.insights_time_by_symbol.pop(security.symbol, None)

    def should_emit_insight(self, utc_time: datetime, symbol: Symbol) -> bool:
        """False for canonical symbols and while the previous insight's period runs; records the emission."""
        if _is_canonical(symbol):
            return False
        previous = self.insights_time_by_symbol.get(symbol)
        if previous is not None and utc_time - previous < self.period:
            return False
        self.insights_time_by_symbol[symbol] = utc_time
        return True

    ShouldEmitInsight = should_emit_insight


def _is_canonical(symbol: Symbol) -> bool:
    value = getattr(symbol, "is_canonical", False)
    return bool(value() if callable(value) else value)


def as_alpha_list(insights: Any) -> list[Insight]:
    """Normalise what an alpha returned (None, one insight, any iterable) to a list."""
    if insights is None:
        return []
    if isinstance(insights, Insight):
        return [insights]
    if isinstance(insights, Iterable):
        return list(insights)
    raise TypeError(f"an alpha model must return insights, got {type(insights).__name__}")


__all__ = ["AlphaModel", "CompositeAlphaModel", "ConstantAlphaModel", "NullAlphaModel", "as_alpha_list"]
