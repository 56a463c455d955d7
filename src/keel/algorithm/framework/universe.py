"""Universe selection models: which securities the algorithm trades (LEAN's ``UniverseSelectionModel``,
``FutureUniverseSelectionModel``, ``ManualUniverseSelectionModel``).

Keel has no universe objects; a model's ``create_universes(algorithm)`` returns *universe
definitions* (:class:`FutureChainUniverse`, :class:`ManualUniverse`) that the algorithm's
:class:`~keel.algorithm.framework.mixin.FrameworkMixin` turns into ``add_future`` /
``add_security`` calls, and removes when a later refresh no longer returns them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, ClassVar

from keel.algorithm.framework._base import FrameworkModel, dual_names
from keel.model.enums import SecurityType
from keel.model.symbol import Symbol

NEVER = datetime.max


@dataclass(eq=False)
class FutureChainUniverse:
    """A futures chain to add: canonical ``symbol`` with the contract ``filter`` and universe settings."""

    symbol: Symbol
    filter: Callable[[Any], Any]
    universe_settings: Any = None

    @property
    def key(self) -> Any:
        """Identity of the universe across refreshes (the canonical symbol)."""
        return self.symbol


@dataclass(eq=False)
class ManualUniverse:
    """A fixed list of symbols to add."""

    symbols: list[Symbol] = field(default_factory=list)
    universe_settings: Any = None

    @property
    def key(self) -> Any:
        """Identity of the universe across refreshes (its symbols)."""
        return ("manual", tuple(sorted(str(s.id) for s in self.symbols)))


class UniverseSelectionModel(FrameworkModel):
    """Base model: no universes, never refreshed after the first creation."""

    _dual_names: ClassVar[tuple[tuple[str, str], ...]] = dual_names("create_universes", "get_next_refresh_time_utc")

    def get_next_refresh_time_utc(self) -> datetime:
        """UTC time at which ``create_universes`` should run again (``datetime.max``: never)."""
        return NEVER

    def create_universes(self, algorithm: Any) -> list[Any]:
        """The universe definitions selected now."""
        return []

    GetNextRefreshTimeUtc = get_next_refresh_time_utc
    CreateUniverses = create_universes


class NullUniverseSelectionModel(UniverseSelectionModel):
    """Selects nothing (the default)."""


class FutureUniverseSelectionModel(UniverseSelectionModel):
    """One futures chain per symbol returned by ``selector(utc_time)``, refreshed every ``refresh_interval``.

    Override ``filter(universe)`` (a :class:`keel.securities.future.FutureFilterUniverse`) to pick
    the contracts of each chain, e.g. ``return universe.front_month()``.
    """

    _dual_names: ClassVar[tuple[tuple[str, str], ...]] = dual_names(
        "create_universes", "get_next_refresh_time_utc", "filter"
    )

    def __init__(
        self,
        refresh_interval: timedelta,
        future_chain_symbol_selector: Callable[[datetime], Iterable[Symbol]],
        universe_settings: Any = None,
    ) -> None:
        self.refresh_interval = refresh_interval
        self.future_chain_symbol_selector = future_chain_symbol_selector
        self.universe_settings = universe_settings
        self.next_refresh_time_utc: datetime = datetime.min

    def get_next_refresh_time_utc(self) -> datetime:
        """The last creation time plus the refresh interval."""
        return self.next_refresh_time_utc

    def create_universes(self, algorithm: Any) -> list[Any]:
        """A :class:`FutureChainUniverse` per distinct future symbol the selector returns now."""
        utc_time = algorithm.utc_time
        self.next_refresh_time_utc = utc_time + self.refresh_interval
        universes: list[Any] = []
        seen: set[Symbol] = set()
        for symbol in self.future_chain_symbol_selector(utc_time) or []:
            if not isinstance(symbol, Symbol) or symbol.security_type != SecurityType.FUTURE:
                raise ValueError(
                    f"FutureUniverseSelectionModel: the selector must return future symbols, got {symbol!r}"
                )
            canonical = symbol.canonical
            if canonical in seen:
                continue
            seen.add(canonical)
            universes.append(FutureChainUniverse(canonical, self.filter, self.universe_settings))
        return universes

    def filter(self, filter: Any) -> Any:
        """Contract filter applied to each chain (keeps every standard contract by default)."""
        return filter

    Filter = filter


class ManualUniverseSelectionModel(UniverseSelectionModel):
    """A fixed set of symbols, created once (LEAN's ``ManualUniverseSelectionModel``)."""

    def __init__(self, *symbols: Symbol | Iterable[Symbol], universe_settings: Any = None) -> None:
        flat: list[Symbol] = []
        for item in symbols:
            if isinstance(item, Symbol):
                flat.append(item)
            elif item is not None:
                flat.extend(item)
        self.symbols = list(dict.fromkeys(flat))
        self.universe_settings = universe_settings

    def create_universes(self, algorithm: Any) -> list[Any]:
        """One manual universe holding every symbol."""
        return [ManualUniverse(list(self.symbols), self.universe_settings)] if self.symbols else []


class CompositeUniverseSelectionModel(UniverseSelectionModel):
    """Several models; all of them create their universes whenever the earliest is due (as in LEAN)."""

    def __init__(self, *models: UniverseSelectionModel) -> None:
        self.models: list[Any] = list(models)

    def add_universe_selection(self, model: UniverseSelectionModel) -> None:
        """Add one more model."""
        self.models.append(model)

    def get_next_refresh_time_utc(self) -> datetime:
        """The earliest refresh time of the models."""
        return min((m.get_next_refresh_time_utc() for m in self.models), default=NEVER)

    def create_universes(self, algorithm: Any) -> list[Any]:
        """The universes of every model."""
        universes: list[Any] = []
        for model in self.models:
            universes.extend(model.create_universes(algorithm) or [])
        return universes

    AddUniverseSelection = add_universe_selection


__all__ = [
    "CompositeUniverseSelectionModel",
    "FutureChainUniverse",
    "FutureUniverseSelectionModel",
    "ManualUniverse",
    "ManualUniverseSelectionModel",
    "NullUniverseSelectionModel",
    "UniverseSelectionModel",
]
