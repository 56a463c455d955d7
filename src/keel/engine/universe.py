"""Futures chains and continuous contracts: which contracts are listed, selected and mapped.

For each day the chain's listed contracts come from LEAN's chain universe file
(``universes/<root>/YYYYMMDD.csv``) or, when there is none, from the contracts present in the
data files. The continuous contract maps to a contract through the map file (or, without one,
a rule per mapping mode) and is priced with the factor file's adjustment.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from keel.data.futures.expiry import (
    UnknownFutureRootError,
    contract_month_from_expiry,
    contract_month_from_yyyymm,
    expiry_from_contract_month,
    standard_contract_months,
)
from keel.data.futures.factor_files import FactorFile
from keel.data.futures.map_files import MapFile
from keel.data.futures.universe import ChainRow, FutureUniverse, available_chain_dates, read_chain
from keel.engine.clock import converter
from keel.model.enums import DataMappingMode, DataNormalizationMode, Resolution, TickType
from keel.model.symbol import Symbol, lean_key_order


class FutureChain:
    """The selected contracts of a chain at one moment (``slice.futures_chains[canonical]``).

    LEAN's chain keeps its contracts in a ``DataDictionary``, which enumerates its keys in Symbol
    order since LEAN PR #9105 ("Make DataDictionary ordered by key (symbol)", 2025-11; ``Symbol``
    compares ``Value`` ordinally ignoring case): iterating a chain, or its ``contracts``, goes from
    the smallest ``Value`` up, so ``ES19U14`` comes before ``ES20Z13``. The order is built on first
    use only (a chain is made every time step).
    """

    def __init__(self, canonical: Symbol, contracts: dict[Symbol, Any]) -> None:
        self.symbol = canonical
        self._contracts = contracts
        self._ordered: dict[Symbol, Any] | None = None

    @property
    def contracts(self) -> dict[Symbol, Any]:
        """The contracts keyed by symbol, in LEAN's key order."""
        if self._ordered is None:
            self._ordered = dict(sorted(self._contracts.items(), key=lambda item: lean_key_order(item[0])))
        return self._ordered

    def __iter__(self) -> Any:
        return iter(self.contracts.values())

    def __len__(self) -> int:
        return len(self._contracts)

    def __contains__(self, symbol: object) -> bool:
        return symbol in self._contracts

    @property
    def data_frame(self) -> Any:
        """The contracts as a pandas DataFrame, one row per contract indexed by ``symbol`` (LEAN's
        flattened ``FuturesChain.DataFrame``: ``BaseContract``'s non-ignored members, lower-cased:
        expiry, openinterest, lastprice, volume, bidprice, bidsize, askprice, asksize)."""
        import pandas as pd  # on use only: importing pandas costs a backtest that never asks ~0.3 s

        rows = [
            {
                "expiry": contract.expiry,
                "openinterest": float(contract.open_interest),
                "lastprice": float(contract.last_price),
                "volume": float(contract.volume),
                "bidprice": float(contract.bid_price),
                "bidsize": float(contract.bid_size),
                "askprice": float(contract.ask_price),
                "asksize": float(contract.ask_size),
            }
            for contract in self.contracts.values()
        ]
        index = pd.Index(list(self.contracts), name="symbol", dtype=object)
        columns = ["expiry", "openinterest", "lastprice", "volume", "bidprice", "bidsize", "askprice", "asksize"]
        return pd.DataFrame(rows, index=index, columns=columns)

    @property
    def Contracts(self) -> dict[Symbol, Any]:
        return self.contracts

    @property
    def DataFrame(self) -> Any:
        """LEAN spelling of ``data_frame``."""
        return self.data_frame

    @property
    def Symbol(self) -> Symbol:
        return self.symbol

    def __repr__(self) -> str:
        return f"FutureChain({self.symbol}, {len(self.contracts)} contracts)"


class ContractView:
    """What a chain shows of one contract (LEAN's ``FuturesContract``): symbol, expiry, prices.

    Subclasses say where the numbers come from: the live security or the chain file.
    """

    bid_price = 0.0
    ask_price = 0.0
    bid_size = 0.0
    ask_size = 0.0
    last_price = 0.0
    volume = 0.0
    open_interest = 0.0

    def __init__(self, symbol: Symbol) -> None:
        self.symbol = symbol

    @property
    def underlying_symbol(self) -> Symbol | None:
        """LEAN's ``BaseContract.UnderlyingSymbol`` (``Symbol.Underlying``): None for a future."""
        return getattr(self.symbol, "underlying", None)

    @property
    def expiry(self) -> datetime:
        """Expiry date of the contract."""
        d = self.symbol.id.expiry_date
        return datetime(d.year, d.month, d.day) if d else datetime.max

    def __repr__(self) -> str:
        return f"FuturesContract({self.symbol}, expiry {self.expiry:%Y-%m-%d})"


class FuturesContract(ContractView):
    """A chain member in a slice, priced from its security's latest data."""

    def __init__(self, security: Any) -> None:
        super().__init__(security.symbol)
        self._security = security

    @property
    def last_price(self) -> float:  # type: ignore[override]
        """Latest price."""
        return float(self._security.price)

    @property
    def bid_price(self) -> float:  # type: ignore[override]
        """Latest bid."""
        return float(self._security.bid_price)

    @property
    def ask_price(self) -> float:  # type: ignore[override]
        """Latest ask."""
        return float(self._security.ask_price)

    @property
    def volume(self) -> float:  # type: ignore[override]
        """Latest bar volume."""
        return float(getattr(self._security.cache, "volume", 0.0) or 0.0)

    @property
    def open_interest(self) -> float:  # type: ignore[override]
        """Latest open interest."""
        return float(getattr(self._security.cache, "open_interest", 0.0) or 0.0)

    @property
    def bid_size(self) -> float:  # type: ignore[override]
        """Latest bid size."""
        return float(self._security.bid_size or 0.0)

    @property
    def ask_size(self) -> float:  # type: ignore[override]
        """Latest ask size."""
        return float(self._security.ask_size or 0.0)


class ChainFileContract(ContractView):
    """A listed contract as the chain universe file gives it (previous trading day's figures)."""

    def __init__(self, symbol: Symbol, row: ChainRow | None) -> None:
        super().__init__(symbol)
        if row is not None:
            self.open_interest = row.open_interest
            self.last_price = row.close
            self.volume = row.volume


def _alias(name: str) -> property:
    return property(lambda self: getattr(self, name))


for _name in (
    "symbol",
    "expiry",
    "last_price",
    "bid_price",
    "ask_price",
    "bid_size",
    "ask_size",
    "volume",
    "open_interest",
    "underlying_symbol",
):
    setattr(ContractView, "".join(part.capitalize() for part in _name.split("_")), _alias(_name))


def contract_symbol(root: str, market: str, contract_month: date) -> Symbol:
    """The Symbol of a contract from its contract month (expiry by the root's rule)."""
    expiry = expiry_from_contract_month(root, market, contract_month)
    return Symbol.create_future(root, market, expiry.date(), contract_month)


class ChainState:
    """Everything Keel tracks for one ``add_future``: chain members and the continuous mapping."""

    def __init__(
        self,
        canonical: Symbol,
        future: Any,
        folder: Path,
        source: Any,
        resolution: Resolution,
        extended: bool,
        fill_forward: bool,
        mapping_mode: DataMappingMode,
        normalization_mode: DataNormalizationMode,
        depth: int,
        data_tz: str,
        exchange_tz: str | None = None,
    ) -> None:
        self.canonical = canonical
        self.future = future
        self.folder = folder
        self.source = source
        self.resolution = resolution
        self.extended = extended
        self.fill_forward = fill_forward
        self.mapping_mode = mapping_mode
        self.normalization_mode = normalization_mode
        self.depth = depth
        self.data_tz = data_tz
        # LEAN reads chain universe files in the exchange time zone (its MHDB ``GetEntry`` gives every
        # ``BaseChainUniverseData`` type the exchange zone as data zone)
        self.exchange_tz = exchange_tz or data_tz
        self.last_selection_file: date | None = None  # the chain file the universe selected with last
        root, market = canonical.id.symbol, canonical.id.market
        self.map_file = MapFile.from_data_folder(folder, market, root)
        self.factor_file = FactorFile.from_data_folder(folder, market, root)
        self.members: dict[Symbol, Any] = {}
        self.mapped: Symbol | None = None
        self.continuous_configs: list[Any] = []
        # previously mapped contracts still fed internally, with the date their mapping ended
        self.retired: dict[Symbol, date] = {}
        self.filter_applied = False
        # the continuous-contract universe was disposed (a framework universe removed while members
        # are still held): no more continuous data or re-mapping
        self.continuous_released = False
        self._listed_cache: dict[date, list[Symbol]] = {}
        self._chain_rows: dict[date, list[ChainRow]] = {}
        self._universe_dates: list[date] | None = None

    # ------------------------------------------------------------------------------------
    def chain_rows(self, day: date) -> list[ChainRow]:
        """Rows of the chain file of ``day`` (empty when there is none)."""
        rows = self._chain_rows.get(day)
        if rows is None:
            rows = read_chain(self.folder, self.canonical.id.market, self.canonical.id.symbol, day)
            self._chain_rows[day] = rows
        return rows

    def universe_dates(self) -> list[date]:
        """Dates having a chain universe file, sorted."""
        if self._universe_dates is None:
            root, market = self.canonical.id.symbol, self.canonical.id.market
            self._universe_dates = available_chain_dates(self.folder, market, root)
        return self._universe_dates

    def universe_end_utc_ns(self, day: date) -> int:
        """When the chain file of ``day`` becomes known: the midnight after its date in the exchange time
        zone (LEAN's ``BaseChainUniverseData.EndTime``; chain universe data is read in the exchange zone)."""
        return converter(self.exchange_tz).local_to_utc_ns(datetime(day.year, day.month, day.day) + timedelta(days=1))

    def selection_file(self, day: date, first_day: date) -> date | None:
        """The latest chain file LEAN's ``FuturesChainUniverse`` has received by the midnight starting
        ``day`` (exchange date): the universe subscription reads the files from ``first_day`` on and
        emits the file of date D at its end time, the midnight after D, so the selection of ``day``
        sees the files dated ``first_day`` to the day before (None when there is none)."""
        found = None
        for file_day in self.universe_dates():
            if file_day < first_day:
                continue
            if file_day >= day:
                break
            found = file_day
        return found

    def unexpired_rows(self, file_day: date, reference: date, time: datetime | None = None) -> list[FutureUniverse]:
        """The rows of the chain file of ``file_day`` (file order, stamped ``time``, by default the
        file's date) whose contract has not expired on ``reference``."""
        stamp = time if time is not None else datetime(file_day.year, file_day.month, file_day.day)
        return [row for row in self.universe_rows(file_day, stamp) if _unexpired(row.symbol, reference)]

    def universe_file_in_force(self, utc_ns: int, earliest: date) -> date | None:
        """The latest chain file known at ``utc_ns`` (dated ``earliest`` or later), as LEAN's
        ``FutureChainProvider`` reads it; None when there is none."""
        found = None
        for day in self.universe_dates():
            if day < earliest:
                continue
            if self.universe_end_utc_ns(day) > utc_ns:
                break
            found = day
        return found

    def selection_input(self, day: date, first_day: date) -> tuple[list[Symbol], dict[Symbol, FutureUniverse]] | None:
        """The contracts and chain rows the chain universe selects from at the start of ``day``, or None
        when it does not select that day.

        LEAN's ``FuturesChainUniverse`` selects when its subscription emits a chain file: the file of
        date D at the midnight after D (exchange time), with that day as the filter's reference date,
        so a day whose previous date has no file brings no selection (the contracts selected before
        stay). The subscription reads the files from ``first_day`` (the trading day before the future
        was added), so the first selection uses the latest of those known at the start. A chain
        without any universe file is selected from the contracts with data on each day.
        """
        if not self.universe_dates():
            return self.listed(day), {}
        file_day = self.selection_file(day, first_day)
        if file_day is None or file_day == self.last_selection_file:
            return None
        self.last_selection_file = file_day
        file_rows = self.universe_rows(file_day, datetime(file_day.year, file_day.month, file_day.day))
        contracts = [row.symbol for row in file_rows if _unexpired(row.symbol, day)]
        contracts.sort(key=lambda s: s.id.expiry_date)  # type: ignore[arg-type, return-value]
        return contracts, {row.symbol: row for row in file_rows}

    def universe_rows(self, day: date, time: datetime) -> list[FutureUniverse]:
        """The chain file of ``day`` as LEAN's ``FutureUniverse`` rows (file order), stamped ``time``."""
        root, market = self.canonical.id.symbol, self.canonical.id.market
        rows: list[FutureUniverse] = []
        for row in self.chain_rows(day):
            try:
                symbol = contract_symbol(root, market, contract_month_from_yyyymm(row.contract_month))
            except (UnknownFutureRootError, ValueError):
                continue
            rows.append(FutureUniverse(symbol, time, row))
        return rows

    def listed(self, day: date) -> list[Symbol]:
        """Contracts listed on ``day`` (not yet expired), sorted by expiry."""
        cached = self._listed_cache.get(day)
        if cached is not None:
            return cached
        root, market = self.canonical.id.symbol, self.canonical.id.market
        months: set[str] = {row.contract_month for row in self.chain_rows(day)}
        if not months:
            res = self.resolution if self.resolution != Resolution.TICK else Resolution.MINUTE
            months = set(self.source.contract_keys_on(self.canonical, res, TickType.TRADE, day, self.data_tz))
            months |= set(self.source.contract_keys_on(self.canonical, res, TickType.QUOTE, day, self.data_tz))
        symbols: list[Symbol] = []
        for month in months:
            try:
                symbol = contract_symbol(root, market, contract_month_from_yyyymm(month))
            except (UnknownFutureRootError, ValueError):
                continue
            if _unexpired(symbol, day):
                symbols.append(symbol)
        symbols.sort(key=lambda s: s.id.expiry_date)  # type: ignore[arg-type, return-value]
        self._listed_cache[day] = symbols
        return symbols

    def chain_from_file(self, file_day: date, reference: date) -> FutureChain:
        """LEAN's ``FuturesChain`` built from the chain file of ``file_day``: its rows in file order,
        without the contracts expired before ``reference`` (the exchange date of the request)."""
        rows = {row.contract_month: row for row in self.chain_rows(file_day)}
        contracts: dict[Symbol, Any] = {}
        for universe_row in self.unexpired_rows(file_day, reference):
            symbol = universe_row.symbol
            contracts[symbol] = ChainFileContract(symbol, rows.get(_yyyymm(symbol)))
        return FutureChain(self.canonical, contracts)

    def chain(self, day: date) -> FutureChain:
        """The listed contracts of ``day`` with their chain-file data."""
        rows = {row.contract_month: row for row in self.chain_rows(day)}
        contracts = {s: ChainFileContract(s, rows.get(_yyyymm(s))) for s in self.listed(day)}
        return FutureChain(self.canonical, contracts)

    def mapped_on(self, day: date) -> Symbol | None:
        """The contract the continuous contract maps to on ``day`` (depth offset applied)."""
        listed = self.listed(day)
        front: Symbol | None = None
        sid = self.map_file.mapped_sid(day, self.mapping_mode) if self.map_file is not None else None
        if sid is not None:
            month = contract_month_from_expiry(sid.symbol, sid.expiry_date) if sid.expiry_date else None
            front = Symbol.create_future(sid.symbol, sid.market, sid.expiry_date, month)
            if front.id.expiry_date is not None:
                match = [s for s in listed if s.id == front.id]
                front = match[0] if match else front
        elif listed:
            front = self._fallback_front(day, listed)
        if front is None:
            return None
        if not self.depth:
            return front
        return self._offset_contract(front, listed)

    def _offset_contract(self, front: Symbol, listed: list[Symbol]) -> Symbol | None:
        """LEAN's ``Symbol.AdjustSymbolByOffset``: the ``depth``-th contract expiring after ``front``
        by the root's expiry rule and listing cycle, whether or not there is data for it (listed
        contracts of the day only for a root without an expiry rule)."""
        root, market = self.canonical.id.symbol, self.canonical.id.market
        expiry = front.id.expiry_date
        try:
            months = standard_contract_months(root)
            month = contract_month_from_expiry(root, expiry) if expiry is not None else None
        except UnknownFutureRootError:
            month = None
        if month is None:
            later = [s for s in listed if s.id.expiry_date and expiry and s.id.expiry_date > expiry]
            return later[self.depth - 1] if len(later) >= self.depth else None
        year, number = month.year, month.month
        for _ in range(self.depth):
            number += 1
            while number > 12 or number not in months:
                if number > 12:
                    year, number = year + 1, 1
                else:
                    number += 1
        symbol = contract_symbol(root, market, date(year, number, 1))
        return next((s for s in listed if s.id == symbol.id), symbol)

    def _fallback_front(self, day: date, listed: list[Symbol]) -> Symbol:
        if self.mapping_mode == DataMappingMode.OPEN_INTEREST:
            rows = {r.contract_month: r.open_interest for r in self.chain_rows(day)}
            if rows:
                best = max(listed, key=lambda s: rows.get(_yyyymm(s), -1.0))
                return best
        if self.mapping_mode == DataMappingMode.FIRST_DAY_MONTH:
            for symbol in listed:
                d = symbol.id.expiry_date
                if d is not None and (d.year, d.month) > (day.year, day.month):
                    return symbol
        return listed[0]

    def price_adjustment(self, when: date | datetime) -> tuple[float, float]:
        """``(scale, offset)`` for the continuous prices on ``when``."""
        if self.factor_file is None or self.normalization_mode == DataNormalizationMode.RAW:
            return 1.0, 0.0
        return self.factor_file.price_factor(when, self.normalization_mode, self.mapping_mode, self.depth)


def _unexpired(symbol: Symbol, day: date) -> bool:
    """Whether the contract ``symbol`` has an expiry on or after ``day``."""
    return symbol.id.expiry_date is not None and symbol.id.expiry_date >= day


def _yyyymm(symbol: Symbol) -> str:
    month = symbol.contract_month or symbol.id.expiry_date
    return f"{month.year:04d}{month.month:02d}" if month else ""
