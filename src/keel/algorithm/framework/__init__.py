"""LEAN's Algorithm Framework: universe selection, alpha, portfolio construction, risk and execution models."""

from keel.algorithm.framework.alpha import AlphaModel, CompositeAlphaModel, ConstantAlphaModel, NullAlphaModel
from keel.algorithm.framework.execution import ExecutionModel, ImmediateExecutionModel, NullExecutionModel
from keel.algorithm.framework.insights import Insight, InsightCollection, InsightDirection, InsightType
from keel.algorithm.framework.mixin import FrameworkMixin
from keel.algorithm.framework.portfolio import (
    EqualWeightingPortfolioConstructionModel,
    NullPortfolioConstructionModel,
    PortfolioBias,
    PortfolioConstructionModel,
    PortfolioTarget,
    PortfolioTargetCollection,
)
from keel.algorithm.framework.risk import CompositeRiskManagementModel, NullRiskManagementModel, RiskManagementModel
from keel.algorithm.framework.universe import (
    CompositeUniverseSelectionModel,
    FutureUniverseSelectionModel,
    ManualUniverseSelectionModel,
    NullUniverseSelectionModel,
    OpenInterestFutureUniverseSelectionModel,
    UniverseSelectionModel,
)

InsightManager = InsightCollection

__all__ = [
    "AlphaModel",
    "CompositeAlphaModel",
    "CompositeRiskManagementModel",
    "CompositeUniverseSelectionModel",
    "ConstantAlphaModel",
    "EqualWeightingPortfolioConstructionModel",
    "ExecutionModel",
    "FrameworkMixin",
    "FutureUniverseSelectionModel",
    "ImmediateExecutionModel",
    "Insight",
    "InsightCollection",
    "InsightDirection",
    "InsightManager",
    "InsightType",
    "ManualUniverseSelectionModel",
    "NullAlphaModel",
    "NullExecutionModel",
    "NullPortfolioConstructionModel",
    "NullRiskManagementModel",
    "NullUniverseSelectionModel",
    "OpenInterestFutureUniverseSelectionModel",
    "PortfolioBias",
    "PortfolioConstructionModel",
    "PortfolioTarget",
    "PortfolioTargetCollection",
    "RiskManagementModel",
    "UniverseSelectionModel",
]
