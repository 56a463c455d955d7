"""``FrameworkMixin``: the algorithm side of LEAN's Algorithm Framework, mixed into ``QCAlgorithm``.

The engine drives it with three calls:

* ``_framework_universe_refresh(local_time)`` at the start of each day (and it is also tried on
  every step): when the universe selection model is due, its universes are (re)created; futures
  chains become ``add_future`` + ``set_filter(model.filter)``; chains no longer selected are
  removed (a chain whose contracts are still held or have open orders keeps them, with an empty
  filter, and is removed once they are flat, as LEAN's pending removals).
* ``_framework_step(slice)`` after ``on_data``: alpha ``update`` -> insights (stamped, stored in
  ``self.insights``) -> portfolio construction ``create_targets`` -> risk ``manage_risk`` ->
  execution ``execute``.
* ``_framework_securities_changed(changes)`` after ``on_securities_changed``: forwards the changes
  to the alpha, portfolio construction, execution and risk models (LEAN's order).

Algorithms that never touch the framework pay one dictionary lookup per step.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from keel.algorithm.aliases import add_pascal_aliases
from keel.algorithm.framework.alpha import AlphaModel, CompositeAlphaModel, NullAlphaModel, as_alpha_list
from keel.algorithm.framework.execution import ExecutionModel, ImmediateExecutionModel
from keel.algorithm.framework.insights import Insight, InsightCollection
from keel.algorithm.framework.portfolio import NullPortfolioConstructionModel, PortfolioConstructionModel
from keel.algorithm.framework.risk import CompositeRiskManagementModel, NullRiskManagementModel
from keel.algorithm.framework.universe import (
    CompositeUniverseSelectionModel,
    FutureChainUniverse,
    ManualUniverse,
    NullUniverseSelectionModel,
    UniverseSelectionModel,
)
from keel.model.enums import DataMappingMode
from keel.model.symbol import Symbol

_STATE = "_keel_framework"


class _FrameworkState:
    """Models, insights and universe bookkeeping of one algorithm."""

    def __init__(self) -> None:
        self.universe_selection: Any = NullUniverseSelectionModel()
        self.alpha: Any = NullAlphaModel()
        self.portfolio_construction: Any = NullPortfolioConstructionModel()
        self.execution: Any = ImmediateExecutionModel()
        self.risk_management: Any = NullRiskManagementModel()
        self.insights = InsightCollection()
        self.universes_created = False
        self.universes: dict[Any, Any] = {}  # key -> universe definition added by the framework
        self.owned: set[Any] = set()  # keys whose securities the framework added (so it may remove them)
        self.retiring: dict[Any, Any] = {}  # deselected chains waiting for their holdings to be closed


class FrameworkMixin:
    """LEAN's framework API: ``set_alpha``, ``set_portfolio_construction``, ``set_execution``, ..."""

    # ------------------------------------------------------------------------------ state
    def _framework(self) -> _FrameworkState:
        state = self.__dict__.get(_STATE)
        if state is None:
            state = _FrameworkState()
            self.__dict__[_STATE] = state
        return state

    def _add_model(self, slot: str, model: Any, null_type: type, composite_type: type) -> None:
        """Put ``model`` in ``slot``: alone after a null model, else next to the current one(s)."""
        state = self._framework()
        current = getattr(state, slot)
        if isinstance(current, null_type):
            setattr(state, slot, model)
        elif isinstance(current, composite_type):
            current.models.append(model)
        else:
            setattr(state, slot, composite_type(current, model))

    # ------------------------------------------------------------------------------ set-up API
    def set_universe_selection(self, model: UniverseSelectionModel) -> None:
        """Replace the universe selection model."""
        self._framework().universe_selection = model

    def add_universe_selection(self, model: UniverseSelectionModel) -> None:
        """Add a universe selection model next to the current one(s)."""
        self._add_model("universe_selection", model, NullUniverseSelectionModel, CompositeUniverseSelectionModel)

    def set_alpha(self, model: AlphaModel) -> None:
        """Replace the alpha model."""
        self._framework().alpha = model

    def add_alpha(self, model: AlphaModel) -> None:
        """Add an alpha model next to the current one(s)."""
        self._add_model("alpha", model, NullAlphaModel, CompositeAlphaModel)

    def set_portfolio_construction(self, model: PortfolioConstructionModel) -> None:
        """Replace the portfolio construction model."""
        self._framework().portfolio_construction = model

    def set_execution(self, model: ExecutionModel) -> None:
        """Replace the execution model."""
        self._framework().execution = model

    def set_risk_management(self, model: Any) -> None:
        """Replace the risk management model."""
        self._framework().risk_management = model

    def add_risk_management(self, model: Any) -> None:
        """Add a risk management model next to the current one(s)."""
        self._add_model("risk_management", model, NullRiskManagementModel, CompositeRiskManagementModel)

    @property
    def universe_selection(self) -> Any:
        """The universe selection model."""
        return self._framework().universe_selection

    @property
    def alpha(self) -> Any:
        """The alpha model."""
        return self._framework().alpha

    @property
    def portfolio_construction(self) -> Any:
        """The portfolio construction model."""
        return self._framework().portfolio_construction

    @property
    def execution(self) -> Any:
        """The execution model."""
        return self._framework().execution

    @property
    def risk_management(self) -> Any:
        """The risk management model."""
        return self._framework().risk_management

    @property
    def insights(self) -> InsightCollection:
        """Every insight emitted and not yet removed (LEAN's ``Insights`` manager)."""
        return self._framework().insights

    # ------------------------------------------------------------------------------ insights
    def emit_insights(self, *insights: Insight | list[Insight]) -> None:
        """Emit insights by hand: stamped, stored and run through portfolio construction at once."""
        if getattr(self, "is_warming_up", False):
            return
        flat: list[Insight] = []
        for item in insights:
            flat.extend(item if isinstance(item, (list, tuple)) else [item])
        self._framework_process_insights(self._framework_initialize_insights(flat, "EmitInsights"))

    def _framework_initialize_insights(self, insights: list[Insight], source: str) -> list[Insight]:
        """Stamp generation/close times, reference values and the source model; store them."""
        utc = self.utc_time  # type: ignore[attr-defined]
        securities = self.securities  # type: ignore[attr-defined]
        for insight in insights:
            security = securities.get(insight.symbol)
            hours = getattr(getattr(security, "exchange", None), "hours", None)
            insight.set_generated_time(utc, hours)
            if security is not None:
                insight.reference_value = float(security.price)
            if not insight.source_model:
                insight.source_model = source
        self._framework().insights.add_range(insights)
        return insights

    def _framework_process_insights(self, insights: list[Insight]) -> None:
        """Portfolio construction -> risk management -> execution."""
        state = self._framework()
        targets = list(state.portfolio_construction.create_targets(self, insights) or [])
        overrides = list(state.risk_management.manage_risk(self, targets) or [])
        merged: dict[Symbol, Any] = {}
        for target in overrides + targets:
            merged.setdefault(target.symbol, target)
        state.execution.execute(self, list(merged.values()))

    # ------------------------------------------------------------------------------ engine hooks
    def _framework_step(self, slice: Any) -> None:
        """Run the framework after ``on_data`` (nothing when the framework is unused)."""
        state = self.__dict__.get(_STATE)
        if state is None:
            return
        self._framework_universe_refresh()
        if not getattr(slice, "has_data", True):
            return
        alpha = state.alpha
        insights = as_alpha_list(alpha.update(self, slice))
        if getattr(self, "is_warming_up", False):
            return
        if insights:
            self._framework_initialize_insights(insights, getattr(alpha, "name", type(alpha).__name__))
        self._framework_process_insights(insights)

    def _framework_securities_changed(self, changes: Any) -> None:
        """Forward security changes to the alpha, portfolio construction, execution and risk models."""
        state = self.__dict__.get(_STATE)
        if state is None:
            return
        for model in (state.alpha, state.portfolio_construction, state.execution, state.risk_management):
            model.on_securities_changed(self, changes)

    def _framework_universe_refresh(self, local_time: datetime | None = None) -> None:
        """Create the selection model's universes the first time, then whenever it is due."""
        state = self.__dict__.get(_STATE)
        if state is None:
            return
        model = state.universe_selection
        if state.universes_created and self.utc_time < model.get_next_refresh_time_utc():  # type: ignore[attr-defined]
            return
        state.universes_created = True
        selected = {u.key: u for u in (model.create_universes(self) or [])}
        for key in list(state.universes):
            if key not in selected:
                self._framework_remove_universe(state.universes.pop(key))
        for key, universe in selected.items():
            if key in state.universes:
                continue
            state.universes[key] = universe
            self._framework_add_universe(universe)

    # ------------------------------------------------------------------------------ universes
    def _framework_add_universe(self, universe: Any) -> None:
        state = self._framework()
        settings = universe.universe_settings or self.universe_settings  # type: ignore[attr-defined]
        if isinstance(universe, FutureChainUniverse):
            symbol = universe.symbol
            state.retiring.pop(universe.key, None)
            if symbol not in self.securities:  # type: ignore[attr-defined]
                state.owned.add(universe.key)
            self._framework_add_chain(symbol, universe.filter, settings)
        elif isinstance(universe, ManualUniverse):
            owned = False
            for symbol in universe.symbols:
                if symbol not in self.securities:  # type: ignore[attr-defined]
                    owned = True
                self.add_security(symbol, resolution=settings.resolution)  # type: ignore[attr-defined]
            if owned:
                state.owned.add(universe.key)

    def _framework_add_chain(self, symbol: Symbol, contract_filter: Any, settings: Any) -> Any:
        """``add_future`` with the universe settings, the chain filter installed before contracts are picked."""
        engine = getattr(self, "_engine", None)
        day = getattr(engine, "current_day", None)
        mapping = settings.data_mapping_mode
        if engine is not None:
            engine.current_day = None  # add the chain without selecting contracts with the default filter
        try:
            future = self.add_future(  # type: ignore[attr-defined]
                symbol.id.symbol,
                settings.resolution,
                symbol.id.market,
                fill_forward=settings.fill_forward,
                leverage=settings.leverage,
                extended_market_hours=settings.extended_market_hours,
                data_mapping_mode=None if mapping == DataMappingMode.OPEN_INTEREST else mapping,
                contract_depth_offset=settings.contract_depth_offset,
            )
            future.set_filter(contract_filter)
        finally:
            if engine is not None:
                engine.current_day = day
        self._framework_update_chain(symbol)
        return future

    def _framework_update_chain(self, canonical: Symbol) -> None:
        """Re-run the engine's daily chain selection for ``canonical`` now (no-op outside a run)."""
        engine = getattr(self, "_engine", None)
        state = getattr(engine, "chains", {}).get(canonical) if engine is not None else None
        if state is None or engine.current_day is None:
            return
        engine._update_chain(state, engine.current_day, engine.clock.utc_now_ns())

    def _framework_remove_universe(self, universe: Any) -> None:
        state = self._framework()
        if universe.key not in state.owned:
            return
        if isinstance(universe, ManualUniverse):
            for symbol in universe.symbols:
                self._framework_remove_if_flat(symbol)
            return
        symbol = universe.symbol
        future = self.securities.get(symbol)  # type: ignore[attr-defined]
        if future is None:
            return
        busy = self._framework_busy_members(symbol)
        engine = getattr(self, "_engine", None)
        if not busy:
            if engine is not None:
                engine.retire_universe(symbol)
            self.remove_security(symbol)  # type: ignore[attr-defined]
            return
        # LEAN keeps held contracts of a removed universe until they are flat, but reports them removed
        future.set_filter(lambda u: u.contracts([]))
        state.retiring[universe.key] = universe
        self._framework_update_chain(symbol)
        if engine is not None:
            engine.retire_universe(symbol)
        pending = getattr(engine, "_pending_removed", None)
        if pending is not None:
            for member in busy:
                security = self.securities.get(member)  # type: ignore[attr-defined]
                if security is not None and security not in pending:
                    pending.append(security)

    def _framework_retire_pending(self) -> None:
        """Remove the chains of dropped universes whose contracts are all flat now.

        LEAN keeps the held members of a disposed universe as pending removals and removes them
        when universe selection next runs (the engine calls this when a universe receives selection
        data), not as soon as they are flat: their data keeps counting until then."""
        state = self.__dict__.get(_STATE)
        if state is None:
            return
        for key, universe in list(state.retiring.items()):
            if not self._framework_busy_members(universe.symbol):
                del state.retiring[key]
                if universe.symbol in self.securities:  # type: ignore[attr-defined]
                    self.remove_security(universe.symbol)  # type: ignore[attr-defined]

    def _framework_busy_members(self, canonical: Symbol) -> list[Symbol]:
        """Contracts of the chain that are held or have open orders."""
        engine = getattr(self, "_engine", None)
        chain = getattr(engine, "chains", {}).get(canonical) if engine is not None else None
        members = list(getattr(chain, "members", {}) or [])
        return [m for m in members if self._framework_is_busy(m)]

    def _framework_is_busy(self, symbol: Symbol) -> bool:
        try:
            holding = self.portfolio[symbol]  # type: ignore[attr-defined]
        except KeyError:
            holding = None
        if holding is not None and getattr(holding, "invested", False):
            return True
        return bool(self.transactions.get_open_orders(symbol))  # type: ignore[attr-defined]

    def _framework_remove_if_flat(self, symbol: Symbol) -> None:
        if symbol in self.securities and not self._framework_is_busy(symbol):  # type: ignore[attr-defined]
            self.remove_security(symbol)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------------------ seeding / LEAN names
    def get_last_known_prices(self, security_or_symbol: Any) -> list[Any]:
        """The last data point of each data type before now (LEAN's ``GetLastKnownPrices``)."""
        from keel.algorithm.seeding import get_last_known_prices

        return get_last_known_prices(self, security_or_symbol)

    def get_last_known_price(self, security_or_symbol: Any) -> Any:
        """The most recent of :meth:`get_last_known_prices` (or None)."""
        from keel.algorithm.seeding import get_last_known_price

        return get_last_known_price(self, security_or_symbol)

    @property
    def market_hours_database(self) -> Any:
        """The run's market-hours database with LEAN's API (``get_entry`` / ``set_entry``)."""
        from keel.algorithm.lean_compat import LeanMarketHoursDatabase

        engine = getattr(self, "_engine", None)
        if engine is None:
            raise RuntimeError("market_hours_database is available once the algorithm is attached to an engine")
        return LeanMarketHoursDatabase(engine.mhdb)


add_pascal_aliases(FrameworkMixin)

__all__ = ["FrameworkMixin"]
