"""The data handed to ``on_data``: everything that arrived at one moment, keyed by symbol."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from operator import itemgetter
from typing import Any, Generic, TypeVar

from keel.model.bars import OpenInterest, QuoteBar, Tick, TradeBar
from keel.model.symbol import Symbol, lean_key_order
from keel.model.symbol import Symbol as _Symbol

T = TypeVar("T")


def _item_order(item: tuple[Symbol, Any]) -> str:
    return lean_key_order(item[0])


_dict_iter = dict.__iter__
_dict_keys = dict.keys
_dict_values = dict.values
_dict_items = dict.items
_dict_len = dict.__len__


class KeyValuePair(tuple):  # type: ignore[type-arg]
    """One entry of a :class:`DataDictionary` or :class:`Slice` as LEAN's Python iteration gives it.

    LEAN's ``DataDictionary<T>`` and ``Slice`` are ``IEnumerable<KeyValuePair<Symbol, T>>``, so in a
    LEAN Python algorithm ``for kvp in slice.future_chains`` yields pairs read as ``kvp.key`` and
    ``kvp.value`` (``Key``/``Value``), not the symbols a Python ``dict`` would yield. The pair is
    also a ``(symbol, data)`` tuple, so ``for symbol, data in slice.bars`` unpacks it.
    """

    __slots__ = ()

    def __new__(cls, key: Any, value: Any) -> KeyValuePair:
        return tuple.__new__(cls, (key, value))

    key = property(itemgetter(0), doc="The symbol (LEAN's ``Key``).")
    value = property(itemgetter(1), doc="The data (LEAN's ``Value``).")
    Key = key
    Value = value

    def __repr__(self) -> str:
        # C#'s KeyValuePair.ToString: "[key, value]"
        return f"[{self[0]}, {self[1]}]"


class DataDictionary(dict, Generic[T]):  # type: ignore[type-arg]
    """A dict keyed by :class:`Symbol` that also accepts the ticker string as key.

    ``for entry in table`` yields :class:`KeyValuePair` entries (``entry.key``, ``entry.value``), as
    LEAN's Python iteration of a ``DataDictionary`` does; ``keys()``, ``values()``, ``items()`` and
    ``in`` work as a ``dict``'s. The order of all of them follows LEAN's ``DataDictionary``, ordered
    by key since LEAN PR #9105 ("Make DataDictionary ordered by key (symbol)", 2025-11):
    ``Symbol.CompareTo`` order, LEAN's ``Value`` compared ordinally ignoring case (``ES19U14``
    before ``ES20Z13``). A table of one entry (the usual one-bar step) is returned as is; a larger
    one is sorted on each iteration (tables are small and filled once per time step).
    """

    def _ordered(self) -> dict[Symbol, T]:
        return dict(sorted(_dict_items(self), key=_item_order))

    def __iter__(self) -> Iterator[KeyValuePair]:  # type: ignore[override]
        items = _dict_items(self) if _dict_len(self) < 2 else sorted(_dict_items(self), key=_item_order)
        return (KeyValuePair(key, value) for key, value in items)

    def keys(self) -> Any:
        """The symbols, in LEAN's key order."""
        if _dict_len(self) < 2:
            return _dict_keys(self)
        return self._ordered().keys()

    def values(self) -> Any:
        """The data, in LEAN's key order of their symbols."""
        if _dict_len(self) < 2:
            return _dict_values(self)
        return self._ordered().values()

    def items(self) -> Any:
        """(symbol, data) pairs, in LEAN's key order."""
        if _dict_len(self) < 2:
            return _dict_items(self)
        return self._ordered().items()

    def _resolve(self, key: Any) -> Any:
        """A ticker string becomes the symbol it names: its value (``ESZ13``, ``SPY``), its LEAN
        identifier (``ES VMKLFZIH2MTD``), or a futures root (``ES``) for the canonical symbol."""
        if isinstance(key, str):
            upper = key.upper()
            for symbol in _dict_iter(self):
                if symbol.value.upper() == upper or str(symbol.id) == key:
                    return symbol
            for symbol in _dict_iter(self):
                if symbol.is_canonical and symbol.id.symbol == upper:
                    return symbol
        return key

    # only ticker strings need resolving: Symbol keys go straight to the dict (the hot path)
    def __getitem__(self, key: Any) -> T:
        return dict.__getitem__(self, self._resolve(key) if isinstance(key, str) else key)

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, self._resolve(key) if isinstance(key, str) else key)

    def get(self, key: Any, default: Any = None) -> Any:
        return dict.get(self, self._resolve(key) if isinstance(key, str) else key, default)

    def contains_key(self, key: Any) -> bool:
        """True when data for ``key`` is present."""
        return key in self

    ContainsKey = contains_key

    def try_get_value(self, key: Any) -> tuple[bool, T | None]:
        """LEAN's ``TryGetValue``: ``(found, value)``."""
        value = self.get(key)
        return value is not None, value

    TryGetValue = try_get_value

    @property
    def Count(self) -> int:
        return len(self)

    @property
    def Keys(self) -> list[Symbol]:
        return list(self.keys())

    @property
    def Values(self) -> list[T]:
        return list(self.values())


class SymbolChangedEvent:
    """A continuous contract's mapped contract changed (LEAN's ``SymbolChangedEvent``)."""

    __slots__ = ("new_symbol", "old_symbol", "symbol", "time")

    def __init__(self, symbol: Symbol, time: datetime, old_symbol: Symbol, new_symbol: Symbol) -> None:
        self.symbol = symbol
        self.time = time
        self.old_symbol = old_symbol
        self.new_symbol = new_symbol

    @property
    def Symbol(self) -> _Symbol:
        return self.symbol

    @property
    def OldSymbol(self) -> _Symbol:
        return self.old_symbol

    @property
    def NewSymbol(self) -> _Symbol:
        return self.new_symbol

    @property
    def Time(self) -> datetime:
        return self.time

    @property
    def end_time(self) -> datetime:
        """LEAN's ``EndTime``: an event has no period, so it ends at its time."""
        return self.time

    @property
    def EndTime(self) -> datetime:
        return self.time

    def __repr__(self) -> str:
        return f"SymbolChangedEvent({self.symbol}: {self.old_symbol} -> {self.new_symbol} at {self.time})"


class Delisting:
    """A contract is about to expire (warning) or has been delisted."""

    __slots__ = ("symbol", "time", "type")

    WARNING = 0
    DELISTED = 1

    def __init__(self, symbol: Symbol, time: datetime, kind: int) -> None:
        self.symbol = symbol
        self.time = time
        self.type = kind

    @property
    def Symbol(self) -> Symbol:
        return self.symbol

    @property
    def Type(self) -> int:
        return self.type

    def __repr__(self) -> str:
        kind = "Warning" if self.type == Delisting.WARNING else "Delisted"
        return f"Delisting({self.symbol}, {kind}, {self.time})"


_LAZY_TABLES = frozenset({"ticks", "open_interest", "futures_chains", "symbol_changed_events", "delistings"})


class Slice:
    """Everything that arrived at one moment: bars, quotes, ticks, chains and events."""

    __slots__ = (
        "_time",
        "_time_zone",
        "_utc_ns",
        "_utc_time",
        "bars",
        "delistings",
        "futures_chains",
        "open_interest",
        "quote_bars",
        "symbol_changed_events",
        "ticks",
    )

    def __init__(self, time: datetime | None, utc_time: datetime | None, utc_ns: int = 0, time_zone: str = "") -> None:
        self._time = time
        self._utc_time = utc_time
        self._utc_ns = utc_ns
        self._time_zone = time_zone
        self.bars: DataDictionary[TradeBar] = DataDictionary()
        self.quote_bars: DataDictionary[QuoteBar] = DataDictionary()
        # the other tables (``_LAZY_TABLES``) are made when first read (``__getattr__``): most
        # slices of a backtest carry bars only, and a slice is built for every time step

    # made on first access (see ``__getattr__``)
    ticks: DataDictionary[list[Tick]]
    open_interest: DataDictionary[OpenInterest]
    futures_chains: DataDictionary[Any]
    symbol_changed_events: DataDictionary[SymbolChangedEvent]
    delistings: DataDictionary[Delisting]

    def __getattr__(self, name: str) -> Any:
        # only called for a slot not set yet: an empty table, kept from then on
        if name in _LAZY_TABLES:
            table: DataDictionary[Any] = DataDictionary()
            object.__setattr__(self, name, table)
            return table
        raise AttributeError(f"'Slice' object has no attribute '{name}'")

    @classmethod
    def at(cls, utc_ns: int, time_zone: str) -> Slice:
        """A slice whose times are computed from ``utc_ns`` only when read."""
        return cls(None, None, utc_ns, time_zone)

    @property
    def time(self) -> datetime:
        """The slice's time in the algorithm's time zone."""
        if self._time is None:
            from keel.engine.clock import converter

            self._time = converter(self._time_zone).to_local(self._utc_ns)
        return self._time

    @property
    def utc_time(self) -> datetime:
        """The slice's time, naive UTC."""
        if self._utc_time is None:
            from keel.engine.clock import ns_to_utc_datetime

            self._utc_time = ns_to_utc_datetime(self._utc_ns)
        return self._utc_time

    # --- dict-like access ------------------------------------------------------------------
    def _made(self, slots: tuple[Any, ...]) -> Iterator[DataDictionary[Any]]:
        """The tables of ``slots`` (slot descriptors) made so far, read without making the others
        (a table not made yet is empty: see ``__getattr__``)."""
        for slot in slots:
            try:
                yield slot.__get__(self, Slice)
            except AttributeError:
                continue

    def __getitem__(self, key: Any) -> Any:
        # a key of auxiliary data only (see ``keys``) gives its event
        for table in self._made(_KEY_SLOTS):
            value = table.get(key)
            if value is not None:
                return value
        raise KeyError(f"no data for {key} in this slice (time {self.time})")

    def get(self, key: Any, default: Any = None) -> Any:
        """Data for ``key`` (trade bar, else quote bar, else ticks), or ``default``; a data class as
        ``key`` gives its table, as LEAN's ``slice.get(TradeBar)`` (``Slice.Get(Type)``) does."""
        if isinstance(key, type):
            return self.get_type(key)
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        # LEAN's ContainsKey: any data, auxiliary included (see ``keys``)
        return any(key in table for table in self._made(_KEY_SLOTS))

    def contains_key(self, key: Any) -> bool:
        """True when the slice has any data for ``key``."""
        return key in self

    def keys(self) -> list[Symbol]:
        """Symbols with data in this slice.

        LEAN's ``Slice.Keys`` come from all the data handed to the algorithm (TimeSliceFactory's
        ``allDataForAlgorithm``), auxiliary data included: a symbol whose only data is a
        ``SymbolChangedEvent`` or a ``Delisting`` is a key too (see ``_KEY_SLOTS``).
        """
        seen: dict[Symbol, None] = {}
        for table in self._made(_KEY_SLOTS):
            seen.update(dict.fromkeys(_dict_iter(table)))
        if len(seen) < 2:
            return list(seen)
        # LEAN's slice keys are a ``DataDictionary`` too: ``Symbol`` order (see ``DataDictionary``)
        return sorted(seen, key=lean_key_order)

    def values(self) -> list[Any]:
        """One data point per symbol (trade bar preferred)."""
        return [self[s] for s in self.keys()]

    def items(self) -> list[tuple[Symbol, Any]]:
        """(symbol, data) pairs."""
        return [(s, self[s]) for s in self.keys()]

    def __iter__(self) -> Iterator[KeyValuePair]:
        """LEAN's ``Slice`` enumerates ``KeyValuePair<Symbol, BaseData>``: ``(symbol, data)`` pairs
        with ``.key``/``.value`` (see :class:`KeyValuePair`); ``keys()`` gives the symbols."""
        return (KeyValuePair(symbol, self[symbol]) for symbol in self.keys())

    def __len__(self) -> int:
        return len(self.keys())

    @property
    def has_data(self) -> bool:
        """True when the slice carries any data point or event."""
        return any(self._made(_TABLE_SLOTS))

    def get_type(self, data_type: type) -> DataDictionary[Any]:
        """LEAN's ``slice.Get(TradeBar)``: the table of one data type."""
        tables: dict[type, DataDictionary[Any]] = {
            TradeBar: self.bars,
            QuoteBar: self.quote_bars,
            Tick: self.ticks,
            OpenInterest: self.open_interest,
        }
        if data_type not in tables:
            raise KeyError(f"slices hold TradeBar, QuoteBar, Tick and OpenInterest, not {data_type.__name__}")
        return tables[data_type]

    # PascalCase aliases
    ContainsKey = contains_key
    Get = get_type

    @property
    def Time(self) -> datetime:
        return self.time

    @property
    def UtcTime(self) -> datetime:
        return self.utc_time

    @property
    def Bars(self) -> DataDictionary[TradeBar]:
        return self.bars

    @property
    def QuoteBars(self) -> DataDictionary[QuoteBar]:
        return self.quote_bars

    @property
    def Ticks(self) -> DataDictionary[list[Tick]]:
        return self.ticks

    @property
    def FuturesChains(self) -> DataDictionary[Any]:
        return self.futures_chains

    @property
    def FutureChains(self) -> DataDictionary[Any]:
        return self.futures_chains

    @property
    def future_chains(self) -> DataDictionary[Any]:
        """Same as ``futures_chains`` (both spellings exist in LEAN)."""
        return self.futures_chains

    @property
    def SymbolChangedEvents(self) -> DataDictionary[SymbolChangedEvent]:
        return self.symbol_changed_events

    @property
    def Delistings(self) -> DataDictionary[Delisting]:
        return self.delistings

    @property
    def HasData(self) -> bool:
        return self.has_data

    @property
    def Keys(self) -> list[Symbol]:
        return self.keys()

    @property
    def Values(self) -> list[Any]:
        return self.values()

    def __repr__(self) -> str:
        return f"Slice({self.time}, {len(self)} symbols)"


# the slot descriptors of all the tables (``Slice.has_data``) and of those whose symbols are the
# slice's keys, in lookup order (``Slice.keys``, ``__getitem__``): the data tables, then the
# auxiliary events. Internal feeds' delistings never reach the delistings table (LEAN keeps them out
# of ``allDataForAlgorithm``: see ``Engine._feeds_algorithm``)
_TABLE_SLOTS = tuple(Slice.__dict__[name] for name in ("bars", "quote_bars", *sorted(_LAZY_TABLES)))
_KEY_SLOTS = tuple(
    Slice.__dict__[name]
    for name in ("bars", "quote_bars", "ticks", "open_interest", "symbol_changed_events", "delistings")
)
