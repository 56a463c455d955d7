"""Futures: the canonical chain holder and individual contracts, with LEAN's contract filter."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from keel.data.futures.universe import FutureUniverse
from keel.model.symbol import Symbol
from keel.securities.cache import FutureCache, SecurityCache
from keel.securities.holding import FutureHolding, SecurityHolding
from keel.securities.security import Security


def _days(value: int | float | timedelta) -> timedelta:
    return value if isinstance(value, timedelta) else timedelta(days=value)


class FutureFilterUniverse:
    """The contracts of a chain at a point in time; each method narrows them and returns ``self``.

    ``is_standard`` tells a standard (monthly/quarterly) contract from a weekly one; weeklys are
    dropped unless :meth:`include_weeklys` is called, as in LEAN.
    """

    def __init__(
        self,
        symbols: Iterable[Symbol],
        local_time: datetime,
        is_standard: Callable[[Symbol], bool] | None = None,
        data: Mapping[Symbol, Any] | None = None,
    ) -> None:
        self.local_time = local_time
        self._symbols = sorted(symbols, key=lambda s: (s.id.expiry_date or date.max, s.value))
        self._is_standard = is_standard
        self._data = data or {}
        self.include_weeklys_flag = False
        self.is_dynamic = False

    def _keep(self, predicate: Callable[[Symbol], bool]) -> FutureFilterUniverse:
        self._symbols = [s for s in self._symbols if predicate(s)]
        return self

    @property
    def symbols(self) -> list[Symbol]:
        """The contracts left after filtering (weeklys removed unless included)."""
        if self.include_weeklys_flag or self._is_standard is None:
            return list(self._symbols)
        return [s for s in self._symbols if self._is_standard(s)]

    def __iter__(self) -> Any:
        return iter(self.symbols)

    def __len__(self) -> int:
        return len(self.symbols)

    def expiration(
        self, min_expiry: int | float | timedelta, max_expiry: int | float | timedelta
    ) -> FutureFilterUniverse:
        """Keep contracts expiring between ``today + min`` and ``today + max`` (days or timedelta)."""
        today = datetime(self.local_time.year, self.local_time.month, self.local_time.day)
        lo, hi = today + _days(min_expiry), today + _days(max_expiry)

        def inside(s: Symbol) -> bool:
            expiry = s.id.expiry_date
            if expiry is None:
                return False
            moment = datetime(expiry.year, expiry.month, expiry.day)
            return lo <= moment <= hi

        return self._keep(inside)

    def front_month(self) -> FutureFilterUniverse:
        """Keep the contracts of the nearest expiry."""
        if not self._symbols:
            return self
        first = self._symbols[0].id.expiry_date
        return self._keep(lambda s: s.id.expiry_date == first)

    def back_months(self) -> FutureFilterUniverse:
        """Drop the nearest expiry, keep all later ones."""
        if not self._symbols:
            return self
        first = self._symbols[0].id.expiry_date
        return self._keep(lambda s: s.id.expiry_date != first)

    def back_month(self) -> FutureFilterUniverse:
        """Keep the contracts of the second-nearest expiry."""
        dates = sorted({s.id.expiry_date for s in self._symbols if s.id.expiry_date is not None})
        if len(dates) < 2:
            self._symbols = []
            return self
        second = dates[1]
        return self._keep(lambda s: s.id.expiry_date == second)

    def contracts(self, selector: Iterable[Any] | Callable[[list[Any]], Iterable[Any]]) -> FutureFilterUniverse:
        """Keep an explicit list of contracts, or the result of ``selector(contracts)``.

        As in LEAN, ``selector`` receives the contracts as ``FutureUniverse`` rows of the chain file
        (``symbol``, ``open_interest``, ``close``, ``volume``...) and may return rows or symbols.
        """
        chosen = list(selector(self.data())) if callable(selector) else list(selector)
        wanted = {getattr(item, "symbol", item) for item in chosen}
        return self._keep(lambda s: s in wanted)

    def data(self) -> list[Any]:
        """The remaining contracts as ``FutureUniverse`` rows (empty figures when the chain file has none)."""
        when = datetime(self.local_time.year, self.local_time.month, self.local_time.day)
        return [self._data.get(s) or FutureUniverse(s, when) for s in self._symbols]

    def include_weeklys(self) -> FutureFilterUniverse:
        """Also keep non-standard (weekly) contracts."""
        self.include_weeklys_flag = True
        return self

    def standards_only(self) -> FutureFilterUniverse:
        """Keep standard contracts only (the default)."""
        self.include_weeklys_flag = False
        return self

    def only_apply_filter_at_market_open(self) -> FutureFilterUniverse:
        """Run the filter once a day at market open instead of on every chain update."""
        self.is_dynamic = True
        return self

    # PascalCase aliases
    Expiration = expiration
    FrontMonth = front_month
    BackMonths = back_months
    BackMonth = back_month
    Contracts = contracts
    Data = data
    IncludeWeeklys = include_weeklys
    StandardsOnly = standards_only
    OnlyApplyFilterAtMarketOpen = only_apply_filter_at_market_open


FilterFunction = Callable[[FutureFilterUniverse], FutureFilterUniverse]


def _default_filter(universe: FutureFilterUniverse) -> FutureFilterUniverse:
    """LEAN's ``EmptyContractFilter``: without ``set_filter`` a chain selects no contracts (the
    continuous contract's mapped contract is an internal feed, not a chain member)."""
    return universe._keep(lambda _: False)


class Future(Security):
    """A futures chain (canonical symbol, holds ``mapped``) or a single contract (``expiry`` set)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mapped: Symbol | None = None
        self.contract_filter: FilterFunction = _default_filter
        self.data_mapping_mode: Any = None
        self.contract_depth_offset = 0

    def _create_cache(self) -> SecurityCache:
        return FutureCache()

    def _create_holding(self) -> SecurityHolding:
        return FutureHolding(self)

    @property
    def is_canonical(self) -> bool:
        """True for the chain symbol."""
        return bool(self.symbol.is_canonical)

    @property
    def expiry(self) -> datetime | None:
        """Contract expiry (``None`` for the canonical chain)."""
        d = self.symbol.id.expiry_date
        return None if d is None else datetime(d.year, d.month, d.day)

    @property
    def settlement_price(self) -> float:
        """Latest settlement price (the last price seen)."""
        return self.cache.settlement_price  # type: ignore[attr-defined]

    def set_filter(
        self,
        min_expiry: int | float | timedelta | FilterFunction | None = None,
        max_expiry: int | float | timedelta | None = None,
    ) -> None:
        """``set_filter(min_days, max_days)`` or ``set_filter(lambda universe: ...)``."""
        if callable(min_expiry):
            self.contract_filter = min_expiry
            return
        if min_expiry is None or max_expiry is None:
            raise ValueError("set_filter needs (min_expiry, max_expiry) or a filter function")
        lo, hi = min_expiry, max_expiry
        self.contract_filter = lambda u: u.expiration(lo, hi)

    def filter_contracts(
        self,
        contracts: Iterable[Symbol],
        local_time: datetime,
        is_standard: Callable[[Symbol], bool] | None = None,
        data: Mapping[Symbol, Any] | None = None,
    ) -> list[Symbol]:
        """Apply the chain filter to ``contracts`` at ``local_time`` (``data``: their chain-file rows)."""
        universe = FutureFilterUniverse(contracts, local_time, is_standard, data)
        result = self.contract_filter(universe)
        if isinstance(result, FutureFilterUniverse):
            return result.symbols
        return list(result)

    # PascalCase aliases
    @property
    def Mapped(self) -> Symbol | None:
        return self.mapped

    @Mapped.setter
    def Mapped(self, value: Symbol | None) -> None:
        self.mapped = value

    @property
    def Expiry(self) -> datetime | None:
        return self.expiry

    @property
    def IsCanonical(self) -> bool:
        return self.is_canonical

    SetFilter = set_filter
