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
from keel.model.enums import Resolution, SecurityType, TickType
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


class OpenInterestFutureUniverseSelectionModel(FutureUniverseSelectionModel):
    """The chains' contracts with the most open interest, refreshed daily (LEAN's
    ``OpenInterestFutureUniverseSelectionModel``, read in its C# source).

    Each selection looks at the ``chain_contracts_lookup_limit`` earliest-expiring contracts (all
    when None), reads each one's open interest ticks from history (from the start of the previous
    daily bar, extended hours, until now) and keeps ``results_limit`` contracts (all when None),
    most open interest first, earlier expiry on ties. A contract's value is its EARLIEST tick in
    that window (LEAN orders the ticks by time descending and takes the last), and LEAN passes the
    window start, an exchange-local time, as a UTC time: both kept. No open interest at all logs an
    error and selects nothing.
    """

    _dual_names: ClassVar[tuple[tuple[str, str], ...]] = (
        *FutureUniverseSelectionModel._dual_names,
        *dual_names("filter_by_open_interest"),
    )

    def __init__(
        self,
        algorithm: Any,
        future_chain_symbol_selector: Callable[[datetime], Iterable[Symbol]],
        chain_contracts_lookup_limit: int | None = 6,
        results_limit: int | None = 1,
    ) -> None:
        if algorithm is None:
            raise ValueError("OpenInterestFutureUniverseSelectionModel: algorithm must not be None")
        super().__init__(timedelta(days=1), future_chain_symbol_selector)
        self.algorithm = algorithm
        self.chain_contracts_lookup_limit = chain_contracts_lookup_limit
        self.results_limit = results_limit

    def filter(self, filter: Any) -> Any:
        """Keep the contracts :meth:`filter_by_open_interest` picks."""
        return filter.contracts(self.filter_by_open_interest(list(filter)))

    Filter = filter

    def filter_by_open_interest(self, contracts: Iterable[Symbol]) -> list[Symbol]:
        """The contracts with the most open interest (see the class docstring)."""
        symbols = list(contracts)
        if self.chain_contracts_lookup_limit is not None:
            symbols = sorted(symbols, key=lambda s: s.id.date or datetime.max)[: self.chain_contracts_lookup_limit]
        open_interest = {s: v for s in symbols if (v := self._open_interest(s)) is not None}
        if not open_interest:
            self.algorithm.error(
                "OpenInterestFutureUniverseSelectionModel.FilterByOpenInterest: Failed to get historical open "
                "interest, no symbol will be selected."
            )
            return []
        ranked = sorted(open_interest, key=lambda s: (-open_interest[s], s.id.date or datetime.max))
        return ranked if self.results_limit is None else ranked[: self.results_limit]

    def _open_interest(self, symbol: Symbol) -> float | None:
        """The earliest open interest tick of ``symbol`` from the previous daily bar until now."""
        import copy  # on use only: this model is rare, keep the framework's imports light

        from keel.engine.clock import converter, utc_datetime_to_ns, zone_name
        from keel.engine.history import HistoryProvider, bar_count_start_ns
        from keel.engine.subscriptions import SubscriptionDataConfig

        engine = self.algorithm._engine
        sid = symbol.id
        entry = engine.mhdb.get_entry(sid.market, sid.symbol, sid.security_type)
        tz_name = zone_name(entry.exchange_hours.time_zone)
        config = SubscriptionDataConfig(
            symbol,
            TickType.OPEN_INTEREST,
            Resolution.TICK,
            entry.exchange_hours,
            tz_name,
            entry.data_time_zone,
            extended_market_hours=True,
            fill_forward=False,
        )
        daily = copy.copy(config)
        daily.resolution = Resolution.DAILY
        now_ns = utc_datetime_to_ns(self.algorithm.utc_time)
        local_start = converter(tz_name).to_local(bar_count_start_ns(daily, 1, now_ns, True))
        start_ns = utc_datetime_to_ns(local_start.replace(tzinfo=None))  # LEAN: the local time taken as UTC
        points = HistoryProvider(engine).read(config, start_ns, now_ns)
        if not points:
            return None
        return float(min(points, key=lambda p: p.time).value)

    FilterByOpenInterest = filter_by_open_interest


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
