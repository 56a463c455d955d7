"""Risk management models: adjust targets (LEAN's ``RiskManagementModel``, ``NullRiskManagementModel``)."""

from __future__ import annotations

from typing import Any, ClassVar

from keel.algorithm.framework._base import FrameworkModel, dual_names
from keel.algorithm.framework.portfolio import PortfolioTarget


class RiskManagementModel(FrameworkModel):
    """Base risk model: ``manage_risk(algorithm, targets)`` returns overriding targets (none by default)."""

    _dual_names: ClassVar[tuple[tuple[str, str], ...]] = dual_names("manage_risk", "on_securities_changed")

    def manage_risk(self, algorithm: Any, targets: list[PortfolioTarget]) -> list[PortfolioTarget]:
        """Targets that override the portfolio construction model's for their symbols."""
        return []

    ManageRisk = manage_risk


class NullRiskManagementModel(RiskManagementModel):
    """Never overrides a target (the default)."""


class CompositeRiskManagementModel(RiskManagementModel):
    """Runs several risk models; later models see the earlier ones' overrides."""

    def __init__(self, *models: RiskManagementModel) -> None:
        self.models: list[Any] = list(models)

    def add_risk_management(self, model: RiskManagementModel) -> None:
        """Add one more model."""
        self.models.append(model)

    def manage_risk(self, algorithm: Any, targets: list[PortfolioTarget]) -> list[PortfolioTarget]:
        """Overrides of every model (the last one for a symbol wins)."""
        overrides: dict[Any, PortfolioTarget] = {}
        for model in self.models:
            current = [overrides.get(t.symbol, t) for t in targets]
            for target in model.manage_risk(algorithm, current) or []:
                overrides[target.symbol] = target
        return list(overrides.values())

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        """Forward to every model."""
        for model in self.models:
            model.on_securities_changed(algorithm, changes)

    AddRiskManagement = add_risk_management


__all__ = ["CompositeRiskManagementModel", "NullRiskManagementModel", "RiskManagementModel"]
