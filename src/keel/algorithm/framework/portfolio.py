"""Portfolio construction: insights to targets (LEAN's ``PortfolioTarget``, ``PortfolioConstructionModel``,
``EqualWeightingPortfolioConstructionModel``).

The base model implements LEAN's rebalancing rules: it rebalances when the rebalancing time is
reached, when securities changed, when new insights arrived or when an insight expired;
targets are sized with :meth:`PortfolioTarget.percent` from ``determine_target_percent``, and
symbols whose last insight expired (or that were removed) get a flatten target.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any, ClassVar

from keel.algorithm.aliases import add_pascal_aliases
from keel.algorithm.framework._base import FrameworkModel, dual_names, removed_securities
from keel.algorithm.framework.insights import Insight, InsightDirection
from keel.model.enums import RESOLUTION_PERIOD, Resolution
from keel.model.symbol import Symbol

RebalanceFunc = Callable[[datetime], datetime | None]


class PortfolioBias(IntEnum):
    """Which insight directions a portfolio construction model acts on."""

    SHORT = -1
    LONG_SHORT = 0
    LONG = 1

    Short = -1
    LongShort = 0
    Long = 1


class PortfolioTarget:
    """A target holding: ``quantity`` units of ``symbol`` (LEAN's ``PortfolioTarget``)."""

    minimum_order_margin_percentage_warning_sent: bool | None = None

    def __init__(self, symbol: Symbol, quantity: float, tag: str = "") -> None:
        self.symbol = symbol
        self.quantity = float(quantity)
        self.tag = tag

    @staticmethod
    def percent(
        algorithm: Any, symbol: Symbol, percent: float, return_delta_quantity: bool = False, tag: str = ""
    ) -> PortfolioTarget | None:
        """Target of ``percent`` of the portfolio value in ``symbol``; None (and an error) when impossible.

        LEAN's sizing: the percentage keeps the free portfolio buffer, is divided by the security's
        leverage (working in margin) and goes through the buying power model's
        ``get_maximum_order_quantity_for_target_buying_power``; the existing holdings are added
        back unless ``return_delta_quantity``.
        """
        from keel.reality.buying_power_parameters import GetMaximumOrderQuantityForTargetBuyingPowerParameters

        settings = algorithm.settings
        absolute = abs(percent)
        maximum = getattr(settings, "max_absolute_portfolio_target_percentage", 1e12)
        minimum = getattr(settings, "min_absolute_portfolio_target_percentage", 1e-10)
        if absolute > maximum or (absolute != 0 and absolute < minimum):
            algorithm.error(
                f"The portfolio target percent: {percent}, does not comply with the current "
                f"'Algorithm.Settings' 'MaxAbsolutePortfolioTargetPercentage': {maximum} or "
                f"'MinAbsolutePortfolioTargetPercentage': {minimum}. Skipping"
            )
            return None
        security = algorithm.securities.get(symbol)
        if security is None:
            algorithm.error(f"{symbol} not found in portfolio. Request this data when initializing the algorithm.")
            return None
        if security.price == 0:
            algorithm.error(f"The order quantity for {symbol} cannot be calculated: the price of the security is zero.")
            return None
        portfolio = algorithm.portfolio
        tpv = portfolio.total_portfolio_value
        free_buffer = getattr(settings, "free_buffer", None)
        free = free_buffer(tpv) if free_buffer else tpv * getattr(settings, "free_portfolio_value_percentage", 0.0)
        adjusted = percent * (tpv - free) / tpv if tpv else 0.0
        model = security.buying_power_model
        leverage = model.get_leverage(security) if hasattr(model, "get_leverage") else 1.0
        result = model.get_maximum_order_quantity_for_target_buying_power(
            GetMaximumOrderQuantityForTargetBuyingPowerParameters(
                portfolio,
                security,
                adjusted / (leverage or 1.0),
                getattr(settings, "minimum_order_margin_portfolio_percentage", 0.0),
                True,
            )
        )
        if result.is_error:
            algorithm.error(
                f"Unable to compute order quantity of {symbol}. Reason: {result.reason} Returning null."
            )
            return None
        quantity = float(result.quantity) + (0.0 if return_delta_quantity else security.holdings.quantity)
        return PortfolioTarget(symbol, quantity, tag)

    def __repr__(self) -> str:
        return f"PortfolioTarget({self.symbol}, {self.quantity:g}{', ' + repr(self.tag) if self.tag else ''})"


add_pascal_aliases(PortfolioTarget)
PortfolioTarget.Percent = staticmethod(PortfolioTarget.percent)  # type: ignore[attr-defined]
for _name in ("symbol", "quantity", "tag"):
    setattr(
        PortfolioTarget,
        _name.capitalize(),
        property(lambda self, n=_name: getattr(self, n), lambda self, v, n=_name: setattr(self, n, v)),
    )


def unordered_quantity(algorithm: Any, target: PortfolioTarget, security: Any | None = None) -> float:
    """``target - holdings - open order quantity``, rounded toward zero to the lot size (LEAN ``OrderSizing``)."""
    security = security if security is not None else algorithm.securities[target.symbol]
    open_quantity = algorithm.transactions.get_open_orders_remaining_quantity(target.symbol)
    quantity = target.quantity - security.holdings.quantity - open_quantity
    return adjust_by_lot_size(security, quantity)


def adjust_by_lot_size(security: Any, quantity: float) -> float:
    """Round ``quantity`` toward zero to a multiple of the security's lot size."""
    lot = getattr(security.symbol_properties, "lot_size", 1.0) or 1.0
    lots = int(abs(quantity) / lot + 1e-9)
    return (1 if quantity >= 0 else -1) * lots * lot


class PortfolioTargetCollection:
    """Targets keyed by symbol; adding a target for a symbol replaces the previous one."""

    def __init__(self) -> None:
        self._targets: dict[Symbol, PortfolioTarget] = {}

    def add(self, target: PortfolioTarget) -> None:
        """Add or replace the target of its symbol."""
        self._targets[target.symbol] = target

    def add_range(self, targets: Iterable[PortfolioTarget]) -> None:
        """Add several targets."""
        for target in targets:
            self.add(target)

    def __iter__(self) -> Iterator[PortfolioTarget]:
        return iter(list(self._targets.values()))

    def __len__(self) -> int:
        return len(self._targets)

    def __contains__(self, symbol: object) -> bool:
        return symbol in self._targets

    def __getitem__(self, symbol: Symbol) -> PortfolioTarget:
        return self._targets[symbol]

    @property
    def is_empty(self) -> bool:
        """True when no target is held."""
        return not self._targets

    def remove(self, symbol: Symbol) -> bool:
        """Drop the target of ``symbol``."""
        return self._targets.pop(symbol, None) is not None

    def clear(self) -> None:
        """Drop every target."""
        self._targets.clear()

    def clear_fulfilled(self, algorithm: Any) -> None:
        """Drop the targets already reached by holdings plus open orders."""
        for symbol, target in list(self._targets.items()):
            security = algorithm.securities.get(symbol)
            if security is None:
                continue
            if unordered_quantity(algorithm, target, security) == 0:
                del self._targets[symbol]

    def order_by_margin_impact(self, algorithm: Any) -> list[PortfolioTarget]:
        """LEAN's ``OrderByMarginImpact``: tradable targets with data and an unordered quantity of at least
        one lot, position-reducing targets first, then by decreasing order value."""
        rows = []
        for target in self._targets.values():
            security = algorithm.securities.get(target.symbol)
            if security is None:
                continue
            target_quantity = adjust_by_lot_size(security, target.quantity)
            existing = security.holdings.quantity + algorithm.transactions.get_open_orders_remaining_quantity(
                target.symbol
            )
            lot = getattr(security.symbol_properties, "lot_size", 1.0) or 1.0
            has_data = getattr(security, "has_data", security.price != 0)
            if not has_data or not getattr(security, "is_tradable", True) or abs(target_quantity - existing) < lot:
                continue
            order_value = abs((target_quantity - existing) * security.price)
            reducing = existing != 0 and abs(target_quantity) < abs(existing)
            rows.append((not reducing, -order_value, len(rows), target))
        return [row[3] for row in sorted(rows, key=lambda r: r[:3])]


add_pascal_aliases(PortfolioTargetCollection)


def rebalancing_func(rebalance: Any) -> RebalanceFunc | None:
    """LEAN's PCM ``rebalance`` argument as ``func(utc) -> next utc``: Resolution, timedelta, callable or None."""
    if rebalance is None:
        return None
    if isinstance(rebalance, Resolution):
        span = RESOLUTION_PERIOD[rebalance]
        return lambda utc: utc + span
    if isinstance(rebalance, timedelta):
        return lambda utc: utc + rebalance
    if callable(rebalance):
        return rebalance  # type: ignore[no-any-return]
    raise TypeError(f"rebalance must be a Resolution, a timedelta or a function, got {type(rebalance).__name__}")


class PortfolioConstructionModel(FrameworkModel):
    """Base portfolio construction model (LEAN semantics; subclasses give ``determine_target_percent``)."""

    _dual_names: ClassVar[tuple[tuple[str, str], ...]] = dual_names(
        "create_targets",
        "on_securities_changed",
        "determine_target_percent",
        "should_create_target_for_insight",
        "get_target_insights",
        "is_rebalance_due",
    )

    def __init__(self, rebalance: Any = None) -> None:
        self._rebalancing_func = rebalancing_func(rebalance)
        self._rebalancing_time: datetime | None = None
        self._security_changes = False
        self.rebalance_on_security_changes = True
        self.rebalance_on_insight_changes = True
        self.algorithm: Any = None

    def _ensure_init(self) -> None:
        # user subclasses may not call super().__init__()
        if not hasattr(self, "_rebalancing_func"):
            PortfolioConstructionModel.__init__(self)

    def set_rebalancing_func(self, rebalance: Any) -> None:
        """Change when the model rebalances (Resolution, timedelta, function or None = every step)."""
        self._ensure_init()
        self._rebalancing_func = rebalancing_func(rebalance)
        self._rebalancing_time = None

    # ------------------------------------------------------------------------------ rebalancing
    def refresh_rebalance(self, algorithm_utc: datetime) -> None:
        """Compute the next rebalancing time and reset the security-change flag."""
        self._ensure_init()
        if self._rebalancing_func is not None:
            self._rebalancing_time = self._rebalancing_func(algorithm_utc)
        self._security_changes = False

    def is_rebalance_due(self, insights: list[Insight], algorithm_utc: datetime) -> bool:
        """LEAN's ``IsRebalanceDue``: time reached, securities changed, new insights or an insight expired."""
        self._ensure_init()
        if self._rebalancing_func is None:
            self.refresh_rebalance(algorithm_utc)
            return True
        collection = self.algorithm.insights if self.algorithm is not None else None
        next_expiry = collection.get_next_expiry_time() if collection is not None else None
        if self._rebalancing_time is None:
            self._rebalancing_time = self._rebalancing_func(algorithm_utc)
            if self._rebalancing_time is not None and self._rebalancing_time <= algorithm_utc:
                self._rebalancing_time = None
                self._security_changes = False
                return True
        if (
            (self._rebalancing_time is not None and self._rebalancing_time <= algorithm_utc)
            or (self.rebalance_on_security_changes and self._security_changes)
            or (
                self.rebalance_on_insight_changes
                and (len(insights) != 0 or (next_expiry is not None and next_expiry < algorithm_utc))
            )
        ):
            self.refresh_rebalance(algorithm_utc)
            return True
        return False

    # ------------------------------------------------------------------------------ targets
    def create_targets(self, algorithm: Any, insights: list[Insight]) -> list[PortfolioTarget]:
        """Targets for the last active insight of each symbol, plus flatten targets for expired ones."""
        self._ensure_init()
        self.algorithm = algorithm
        utc = algorithm.utc_time
        if not self.is_rebalance_due(list(insights), utc):
            return []
        targets: list[PortfolioTarget] = []
        error_symbols: set[Symbol] = set()
        active = self.get_target_insights()
        percents = self.determine_target_percent(active)
        for insight in active:
            if insight not in percents:
                continue
            target = PortfolioTarget.percent(algorithm, insight.symbol, percents[insight])
            if target is not None:
                targets.append(target)
            else:
                error_symbols.add(insight.symbol)
        expired = algorithm.insights.remove_expired_insights(utc)
        flattened: set[Symbol] = set()
        for insight in expired:
            symbol = insight.symbol
            if symbol in flattened or symbol in error_symbols:
                continue
            if not algorithm.insights.has_active_insights(symbol, utc):
                flattened.add(symbol)
                targets.append(PortfolioTarget(symbol, 0))
        return targets

    def get_target_insights(self) -> list[Insight]:
        """The last generated active insight of each symbol (those passing ``should_create_target_for_insight``)."""
        algorithm = self.algorithm
        last: dict[Symbol, Insight] = {}
        for insight in algorithm.insights.get_active_insights(algorithm.utc_time):
            if not self.should_create_target_for_insight(insight):
                continue
            current = last.get(insight.symbol)
            if current is None or (insight.generated_time_utc or datetime.min) >= (
                current.generated_time_utc or datetime.min
            ):
                last[insight.symbol] = insight
        return list(last.values())

    def should_create_target_for_insight(self, insight: Insight) -> bool:
        """Whether ``insight`` may produce a target (always, by default)."""
        return True

    def determine_target_percent(self, active_insights: list[Insight]) -> dict[Insight, float]:
        """Target portfolio fraction per insight: subclasses implement it."""
        raise NotImplementedError(
            f"{type(self).__name__} must override determine_target_percent (or create_targets)"
        )

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        """Flag a rebalance and expire the insights of removed securities (they get flatten targets)."""
        self._ensure_init()
        self.algorithm = self.algorithm or algorithm
        self._security_changes = True
        removed = [security.symbol for security in removed_securities(changes)]
        insights = getattr(algorithm, "insights", None)
        if removed and insights is not None:
            insights.expire(removed, algorithm.utc_time)

    CreateTargets = create_targets
    DetermineTargetPercent = determine_target_percent
    ShouldCreateTargetForInsight = should_create_target_for_insight
    GetTargetInsights = get_target_insights
    IsRebalanceDue = is_rebalance_due
    RefreshRebalance = refresh_rebalance
    SetRebalancingFunc = set_rebalancing_func


class NullPortfolioConstructionModel(PortfolioConstructionModel):
    """Creates no targets (the default)."""

    def create_targets(self, algorithm: Any, insights: list[Insight]) -> list[PortfolioTarget]:
        """No targets."""
        return []


class EqualWeightingPortfolioConstructionModel(PortfolioConstructionModel):
    """Equal share of the portfolio for every active insight that is not flat (signed by its direction)."""

    def __init__(self, rebalance: Any = Resolution.DAILY, portfolio_bias: PortfolioBias = PortfolioBias.LONG_SHORT):
        super().__init__(rebalance)
        self.portfolio_bias = PortfolioBias(portfolio_bias)

    def respect_portfolio_bias(self, insight: Insight) -> bool:
        """True when the insight's direction is allowed by the portfolio bias."""
        bias = getattr(self, "portfolio_bias", PortfolioBias.LONG_SHORT)
        return bias == PortfolioBias.LONG_SHORT or int(insight.direction) == int(bias)

    def determine_target_percent(self, active_insights: list[Insight]) -> dict[Insight, float]:
        """``direction / n`` where ``n`` counts the non-flat insights respecting the bias."""
        count = sum(
            1 for i in active_insights if i.direction != InsightDirection.FLAT and self.respect_portfolio_bias(i)
        )
        percent = 0.0 if count == 0 else 1.0 / count
        return {
            insight: (int(insight.direction) if self.respect_portfolio_bias(insight) else 0) * percent
            for insight in active_insights
        }

    RespectPortfolioBias = respect_portfolio_bias


__all__ = [
    "EqualWeightingPortfolioConstructionModel",
    "NullPortfolioConstructionModel",
    "PortfolioBias",
    "PortfolioConstructionModel",
    "PortfolioTarget",
    "PortfolioTargetCollection",
    "adjust_by_lot_size",
    "rebalancing_func",
    "unordered_quantity",
]
