"""Execution models: targets to orders (LEAN's ``ExecutionModel``, ``ImmediateExecutionModel``)."""

from __future__ import annotations

from typing import Any, ClassVar

from keel.algorithm.framework._base import FrameworkModel, dual_names
from keel.algorithm.framework.portfolio import PortfolioTarget, PortfolioTargetCollection, unordered_quantity


class ExecutionModel(FrameworkModel):
    """Base execution model: ``execute(algorithm, targets)`` places orders (none by default)."""

    _dual_names: ClassVar[tuple[tuple[str, str], ...]] = dual_names("execute", "on_securities_changed")

    def __init__(self, asynchronous: bool = True) -> None:
        self.asynchronous = asynchronous

    def execute(self, algorithm: Any, targets: list[PortfolioTarget]) -> None:
        """Submit orders towards ``targets``."""

    Execute = execute


class NullExecutionModel(ExecutionModel):
    """Places no orders."""


class ImmediateExecutionModel(ExecutionModel):
    """Market orders for the whole difference between each target and holdings plus open orders.

    Targets are remembered until fulfilled and executed in LEAN's margin-impact order
    (position-reducing first, then larger order values); an order whose margin is below
    ``settings.minimum_order_margin_portfolio_percentage`` of the portfolio is skipped.
    """

    def __init__(self, asynchronous: bool = True) -> None:
        super().__init__(asynchronous)
        self.targets_collection = PortfolioTargetCollection()

    def execute(self, algorithm: Any, targets: list[PortfolioTarget]) -> None:
        """Order the unordered quantity of every pending target, then forget the fulfilled ones."""
        if not hasattr(self, "targets_collection"):
            self.targets_collection = PortfolioTargetCollection()
        self.targets_collection.add_range(targets)
        if self.targets_collection.is_empty:
            return
        for target in self.targets_collection.order_by_margin_impact(algorithm):
            security = algorithm.securities[target.symbol]
            quantity = unordered_quantity(algorithm, target, security)
            if quantity == 0:
                continue
            if _above_minimum_order_margin(algorithm, security, quantity):
                algorithm.market_order(security.symbol, quantity, tag=target.tag)
            elif not PortfolioTarget.minimum_order_margin_percentage_warning_sent:
                PortfolioTarget.minimum_order_margin_percentage_warning_sent = True
                algorithm.debug(
                    f"The order quantity {quantity} of {security.symbol} is below the minimum order margin "
                    "('Settings.MinimumOrderMarginPortfolioPercentage'); the order is not placed."
                )
        self.targets_collection.clear_fulfilled(algorithm)


def _above_minimum_order_margin(algorithm: Any, security: Any, quantity: float) -> bool:
    """LEAN's ``AboveMinimumOrderMarginPortfolioPercentage``: order margin >= minimum % of the portfolio value."""
    minimum = getattr(algorithm.settings, "minimum_order_margin_portfolio_percentage", 0.0)
    if not minimum:
        return True
    model = security.buying_power_model
    if not hasattr(model, "get_initial_margin_requirement"):
        return True
    margin = abs(model.get_initial_margin_requirement(security, quantity))
    return margin >= algorithm.portfolio.total_portfolio_value * minimum


__all__ = ["ExecutionModel", "ImmediateExecutionModel", "NullExecutionModel"]
