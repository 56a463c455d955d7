"""The engine: runtime services for the algorithm and the time loop that drives it.

One loop serves every mode; what differs is injected: the clock, the data feed and the
brokerage (``docs/architecture.md``). The backtest set-up lives in
:func:`keel.engine.backtest.run_backtest`.

Per time slice, in order (as LEAN's ``AlgorithmManager``):
1. scheduled events and daily samples due before the slice fire, clock set to their time;
2. securities' caches, consolidators and indicators take the new data;
3. the brokerage fills open orders on the new data; Day orders past their close expire;
4. futures daily settlement (top of each hour) and margin calls (every 5 minutes);
5. delistings, security changes, symbol changes and finally ``on_data(slice)``.
"""

from __future__ import annotations

import heapq
import itertools
import sys
import traceback
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from keel.algorithm.algorithm import QCAlgorithm, SecurityChanges
from keel.algorithm.aliases import user_override
from keel.brokerages.simulated import SimulatedBrokerage
from keel.data.lean.factor_files import FACTOR_ADJUSTED_MODES, PRICE_FACTOR_MODES, CorporateFactorFile
from keel.data.market_hours.database import MarketHoursDatabase
from keel.data.symbol_properties import SymbolPropertiesDatabase
from keel.engine.capacity import CapacityEstimate
from keel.engine.clock import (
    NS_PER_HOUR,
    NS_PER_MINUTE,
    Clock,
    SimulatedClock,
    ZoneClock,
    converter,
    ns_to_utc_datetime,
    zone_name,
)
from keel.engine.continuous_cache import adopt_mapped_prices
from keel.engine.data_source import LeanDataSource
from keel.engine.feed import HistoricalFeed, select_points
from keel.engine.sampling import ResultSampler
from keel.engine.selection_points import ChainSelectionPoints, previous_trading_day, user_universe_key
from keel.engine.subscriptions import SubscriptionDataConfig
from keel.engine.transactions import TransactionHandler
from keel.engine.universe import ChainState, FutureChain, FuturesContract
from keel.model.bars import OpenInterest, QuoteBar, Tick, TradeBar
from keel.model.enums import (
    DataMappingMode,
    DataNormalizationMode,
    OrderStatus,
    OrderType,
    Resolution,
    SecurityType,
    TickType,
)
from keel.model.orders import Order, OrderEvent, UpdateOrderRequest
from keel.model.slice import Delisting, Slice, SymbolChangedEvent
from keel.model.symbol import Symbol
from keel.reality.fills import FillModelParameters

NO_OI_MARKETS = {"hkfe", "eurex", "ice"}
REMOVED_SECURITY_TAG = "Removed"
"""Tag of the liquidation orders ``remove_security`` places when the caller gives none (LEAN)."""
_UNRESOLVED = object()
from keel.algorithm.framework.mixin import _STATE as _FRAMEWORK_STATE  # noqa: E402


class AlgorithmRuntimeError(RuntimeError):
    """The user's algorithm raised; carries the algorithm time and the traceback text."""

    def __init__(self, message: str, algorithm_time: datetime | None, detail: str) -> None:
        super().__init__(message)
        self.algorithm_time = algorithm_time
        self.detail = detail


class Engine:
    """Runtime of one algorithm: securities and subscriptions, orders, and the time loop."""

    def __init__(
        self,
        algorithm: QCAlgorithm,
        data_folder: str | Path,
        clock: Clock | None = None,
        log_sink: Callable[[str], None] | None = None,
        progress: Callable[[float], None] | None = None,
    ) -> None:
        self.algorithm = algorithm
        algorithm._engine = self
        self.data_folder = Path(data_folder)
        self.clock = clock or SimulatedClock()
        self._utc_now_ns = -1
        self._utc_now = datetime(1970, 1, 1)
        self.source = LeanDataSource(self.data_folder)
        self.mhdb = MarketHoursDatabase.from_data_folder(self.data_folder)
        self.spdb = SymbolPropertiesDatabase.from_data_folder(self.data_folder)
        self.feed = HistoricalFeed(self.source)
        self.log_lines: list[str] = []
        self._log_sink = log_sink
        self.source.on_warning = self.log  # a data zip without entries is named in log.txt
        self._progress = progress
        self.configs: dict[Symbol, list[SubscriptionDataConfig]] = {}
        self.chains: dict[Symbol, ChainState] = {}
        self.indicators: dict[Symbol, list[Any]] = {}
        self.data_points = 0
        self.history_data_points = 0
        # LEAN's universe-selection data points (``selection_points.py``)
        self._chain_selection: dict[Symbol, ChainSelectionPoints] = {}
        self.selection_data_points = 0  # the part of ``data_points`` that is universe-selection data
        self._selected_today = False  # a universe received selection data at the start of the current day
        self.auxiliary_data_points = 0  # the part that is delisting and symbol-changed events
        self._user_universes: set[tuple[SecurityType, str]] = set()
        self._pending_added: list[Any] = []
        self._pending_removed: list[Any] = []
        self._pending_symbol_changes: dict[Symbol, SymbolChangedEvent] = {}
        self._pending_delistings: dict[Symbol, Delisting] = {}
        self._next_settlement_ns = 0
        self._next_margin_call_ns = 0
        self._day_order_expiry: dict[int, int] = {}
        self.benchmark_security: Any = None
        self.current_day: date | None = None
        self.brokerage = SimulatedBrokerage(
            algorithm.securities,
            algorithm.portfolio,
            self.utc_now,
            self._fill_parameters,
            lambda: self.algorithm.brokerage_model,
            self._quantity_filled,
        )
        self.transactions = TransactionHandler(
            self.brokerage, self.utc_now, self._on_order_events, self._validate_submit, self._validate_update
        )
        algorithm.portfolio.set_order_submitter(self._submit_margin_call)
        self._round_off_warned = False  # LEAN warns once per run about lot-size rounding
        self._margin_tables: dict[tuple[str, str], Any] = {}
        self._factor_files: dict[Symbol, CorporateFactorFile] = {}
        # symbol -> DataNormalizationMode of its first subscription when first ordered (LEAN's
        # BrokerageTransactionHandler._priceAdjustmentModes, serialised in OrderListHash)
        self.price_adjustment_modes: dict[Symbol, int] = {}
        self._explicit_contract_modes: dict[Symbol, int] = {}
        self._delistings: list[tuple[int, int, int, Any]] = []
        # delisting warnings due at the next day's start (``_next_day_ns``, UTC ns, None on the run's
        # last day), checked after that day's selections (``_warn_after_selection``)
        self._midnight_warnings: list[Any] = []
        self._next_day_ns: int | None = None
        self._run_end_ns: int | None = None  # the run's end (UTC ns, exclusive; see ``_delisted_after_run``)
        # contracts created as a continuous future's mapped contract (UTC ns of the creation step)
        self._map_file_dated: dict[Symbol, int] = {}
        self._delisting: Symbol | None = None
        self._end_of_day_scheduled = False
        self._consolidators: dict[tuple[Symbol, type], list[Any]] = {}
        self.sampler: ResultSampler | None = None
        self.capacity: CapacityEstimate | None = None
        from keel.algorithm.lean_compat import set_default_market_hours_database

        set_default_market_hours_database(self.mhdb)
        self._order_event_handler: Any = _UNRESOLVED
        self._zone_clocks: dict[str, ZoneClock] = {}
        self._zone_clocks_list: list[ZoneClock] = []
        self.all_securities: dict[Symbol, Any] = {}
        self._last_step_ns = -1  # time of the latest time slice (scheduled events stop there at the end)
        self.algorithm_data_points = 0
        # ``Settings.LeanMappedContractShadowing`` (``_drop_shadowed``): on while the setting is and
        # some root may have both a mapped-only and an explicitly subscribed contract; the contracts
        # of such roots -> their canonical symbol (None: to recompute after a subscription change)
        self._shadowing = False
        self._shadow_roots: dict[Symbol, Symbol] | None = None

    # ====================================================================================
    # time and logging
    def set_time(self, utc_ns: int) -> None:
        """Advance the clock, the algorithm time and every exchange's zone clock."""
        self.clock.set(utc_ns)  # type: ignore[attr-defined]
        self.algorithm._set_utc_ns(utc_ns)
        for zone in self._zone_clocks_list:
            zone.ns = utc_ns

    def _zone_clock(self, tz_name: str) -> ZoneClock:
        zone = self._zone_clocks.get(tz_name)
        if zone is None:
            zone = self._zone_clocks[tz_name] = ZoneClock(converter(tz_name))
            zone.ns = self.clock.utc_now_ns()
            self._zone_clocks_list.append(zone)
        return zone

    def utc_now(self) -> datetime:
        """Current engine time (naive UTC), built once per time step."""
        ns = self.clock.utc_now_ns()
        if ns != self._utc_now_ns:
            # one conversion per time step, shared with the algorithm's ``utc_time``
            algo = self.algorithm
            if algo._utc_time_ns == ns:
                now = algo._utc_time
            else:
                now = ns_to_utc_datetime(ns)
                if algo._utc_ns == ns:
                    algo._utc_time, algo._utc_time_ns = now, ns
            self._utc_now_ns, self._utc_now = ns, now
        return self._utc_now

    def log(self, message: str) -> None:
        """Record a line of the algorithm's log, prefixed with the algorithm time."""
        line = f"{self.algorithm.time:%Y-%m-%d %H:%M:%S} {message}"
        self.log_lines.append(line)
        if self._log_sink is not None:
            self._log_sink(line)

    # ====================================================================================
    # securities and subscriptions
    def _market_for(self, ticker: str, security_type: SecurityType, market: str | None) -> str:
        """LEAN's market resolution: explicit, then (futures) the symbol database, then the brokerage default."""
        if market:
            return market.lower()
        if security_type == SecurityType.FUTURE:
            found = self.spdb.find_market(ticker, SecurityType.FUTURE)
            if found is not None:
                return found
        defaults = getattr(self.algorithm.brokerage_model, "default_markets", None) or {}
        if security_type in defaults:
            return str(defaults[security_type]).lower()
        if security_type == SecurityType.FUTURE:
            raise ValueError(
                f"no market is known for futures root {ticker!r}; pass market=Market.CME (or the right one)"
            )
        return "usa"

    def _create_security(self, symbol: Symbol, leverage: float | None = None) -> Any:
        from keel.securities.equity import Equity
        from keel.securities.future import Future
        from keel.securities.security import Security

        existing = self.all_securities.get(symbol)
        if existing is not None:
            if symbol not in self.algorithm.securities and not _is_internal(existing):
                self.algorithm.securities[symbol] = existing
            return existing
        sid = symbol.id
        entry = self.mhdb.get_entry(sid.market, sid.symbol, sid.security_type)
        # LEAN's SecurityService: a root missing from the database gets default properties quoted
        # in the account currency (e.g. a futures ticker added for a market that does not list it)
        props = self.spdb.get_or_default(
            sid.market, sid.symbol, sid.security_type, self.algorithm.cash_book.account_currency
        )
        cash = self.algorithm.cash_book.get_or_add(props.quote_currency)
        cls: type = (
            Future
            if sid.security_type == SecurityType.FUTURE
            else (Equity if sid.security_type == SecurityType.EQUITY else Security)
        )
        security = cls(symbol, entry.exchange_hours, cash, props, entry.data_time_zone, self.algorithm.cash_book)
        # the algorithm's security initializer runs once the subscriptions exist (see _user_initialize)
        self._initialize_security(security, user=False)
        if leverage is not None and hasattr(security, "set_leverage"):
            security.set_leverage(leverage)
        self.algorithm.securities[symbol] = security
        self.all_securities[symbol] = security
        security.exchange.bind_clock(self._zone_clock(_tz_name(entry.exchange_hours)))
        self._pending_added.append(security)
        self._schedule_delisting(security)
        self._schedule_end_of_day(security)
        return security

    def _initialize_security(self, security: Any, user: bool = True) -> None:
        from keel.reality.brokerage_models import DefaultBrokerageModel
        from keel.reality.security_initializer import BrokerageModelSecurityInitializer

        model = self.algorithm.brokerage_model or DefaultBrokerageModel()
        if self.algorithm.brokerage_model is None:
            self.algorithm.brokerage_model = model
        BrokerageModelSecurityInitializer(model).initialize(security)
        self._attach_margins(security)
        if user:
            self._user_initialize(security)

    def _user_initialize(self, security: Any, unsubscribed: bool = False) -> None:
        """Run the algorithm's security initializer (``set_security_initializer``) on ``security``.

        As LEAN: on every addition of a security of the algorithm's (a re-added one included), once
        its subscriptions exist so a seeding initializer reads their history; never on internal
        securities (the benchmark, a continuous future's mapped contract).

        ``unsubscribed``: a universe selection added it. LEAN's ``UniverseSelection.
        ApplyUniverseSelection`` creates the selected security (``GetOrCreateSecurity`` ->
        ``SecurityService.CreateSecurity`` with no configs, which runs the initializer) before it
        adds the universe's subscription requests, so the initializer sees none of the symbol's
        subscriptions: a seeding one asks history with the algorithm's universe-settings defaults
        (``GetMatchingSubscriptions``) over a regular-hours window (``GetStartTimeAlgoTz``: no
        config is extended). An ``add_*`` call registers its configs before creating the security.
        """
        if self.algorithm.security_initializer is None:
            return
        symbol = security.symbol
        configs = self.configs.get(symbol) if unsubscribed else None
        if configs is None:
            self.algorithm.security_initializer(security)
            return
        self.configs[symbol] = []  # hidden in place (the key keeps its position in the table)
        try:
            self.algorithm.security_initializer(security)
        finally:
            self.configs[symbol] = configs

    def _attach_margins(self, security: Any) -> None:
        """Give a futures margin model the margins table of the security's root from the data folder."""
        from keel.data.futures.margins import MarginTable

        model = security.buying_power_model
        symbol = security.symbol
        if symbol.security_type != SecurityType.FUTURE or not hasattr(model, "set_margins"):
            return
        key = (symbol.id.market, symbol.id.symbol)
        table = self._margin_tables.get(key)
        if table is None:
            table = self._margin_tables[key] = MarginTable.from_data_folder(self.data_folder, *key)
            if getattr(table, "warning", None):
                self.log(str(table.warning))
        model.set_margins(table)

    def on_brokerage_model_changed(self) -> None:
        """Re-apply the brokerage model's models to every security (LEAN semantics)."""
        for security in self.algorithm.securities.values():
            self._initialize_security(security)

    def _subscribe(
        self,
        security: Any,
        tick_types: list[TickType],
        resolution: Resolution,
        extended: bool,
        fill_forward: bool,
        internal: bool = False,
        mapped: Symbol | None = None,
        normalization: DataNormalizationMode = DataNormalizationMode.RAW,
        mapping: DataMappingMode = DataMappingMode.OPEN_INTEREST,
        depth: int = 0,
    ) -> list[SubscriptionDataConfig]:
        symbol = security.symbol
        sid = symbol.id
        entry = self.mhdb.get_entry(sid.market, sid.symbol, sid.security_type)
        tz_name = _tz_name(entry.exchange_hours)
        configs = []
        for tick_type in tick_types:
            config = SubscriptionDataConfig(
                symbol,
                tick_type,
                resolution,
                entry.exchange_hours,
                tz_name,
                entry.data_time_zone,
                extended,
                fill_forward,
                # LEAN (DataManager.Add): open interest subscribed by default is an internal feed
                internal or tick_type == TickType.OPEN_INTEREST,
                normalization,
                mapping,
                depth,
                mapped,
            )
            if sid.security_type == SecurityType.EQUITY:
                config.data_normalization_mode = security.data_normalization_mode
                config.corporate_factors = self._corporate_factors(symbol)
            self.feed.add(config)
            configs.append(config)
            security.add_subscription(config)
        self.configs.setdefault(symbol, []).extend(configs)
        self._subscriptions_changed()
        return configs

    def _corporate_factors(self, symbol: Symbol) -> CorporateFactorFile:
        """The split/dividend factor file of an equity (read once per symbol)."""
        found = self._factor_files.get(symbol)
        if found is None:
            found = CorporateFactorFile.from_data_folder(self.data_folder, symbol.id.market, symbol.value)
            self._factor_files[symbol] = found
        return found

    def _unsubscribe(self, symbol: Symbol) -> None:
        for config in self.configs.pop(symbol, []):
            self.feed.remove(config)
        self._subscriptions_changed()

    def _subscriptions_changed(self) -> None:
        """A subscription was added, removed or made (not) internal: the roots ``_drop_shadowed``
        looks at are recomputed at the next time slice with internal data, if the setting is on."""
        self._shadow_roots = None
        self._shadowing = bool(self.algorithm.settings.lean_mapped_contract_shadowing)

    def _shadow_candidates(self) -> dict[Symbol, Symbol]:
        """The futures contracts (-> their canonical symbol) of the roots that have both a contract
        fed only through a continuous future's mapping (internal trade/quote subscriptions) and a
        contract the algorithm subscribed itself (see ``_drop_shadowed``)."""
        contracts: dict[Symbol, Symbol] = {}
        mapped_roots: set[Symbol] = set()
        explicit_roots: set[Symbol] = set()
        for symbol, configs in self.configs.items():
            if symbol.security_type != SecurityType.FUTURE or symbol.is_canonical:
                continue
            for config in configs:
                if config.tick_type == TickType.OPEN_INTEREST:
                    continue
                canonical = contracts.setdefault(symbol, symbol.canonical)
                (mapped_roots if config.is_internal else explicit_roots).add(canonical)
        roots = mapped_roots & explicit_roots
        return {symbol: canonical for symbol, canonical in contracts.items() if canonical in roots}

    def _drop_shadowed(self, points: Any, internal: list[bool]) -> tuple[Any, list[bool] | None]:
        """``Settings.LeanMappedContractShadowing``: the time slice's points without the TradeBars
        (QuoteBars) of mapped-only futures contracts (internal subscriptions) for which another
        contract of the same root, not the canonical, has a TradeBar (QuoteBar) of a non-internal
        subscription in the slice; they would only have updated their security's prices.

        LEAN's observed behaviour, fitted to evidence (AddFutureContractWithContinuousRegression,
        LimitOrdersAreFilledAfterHoursForFutures), not read in its C#: see ``AlgorithmSettings``.
        The dropped points are still counted as data points (LEAN reads them)."""
        roots = self._shadow_roots
        if roots is None:
            roots = self._shadow_roots = self._shadow_candidates()
            if not roots:
                self._shadowing = False  # nothing to shadow until the subscriptions change
                return points, internal
        explicit: dict[tuple[Symbol, type], set[Symbol]] = {}
        for k, point in enumerate(points):
            if internal[k]:
                continue
            root = roots.get(point.symbol)
            cls = type(point)
            if root is not None and (cls is TradeBar or cls is QuoteBar):
                explicit.setdefault((root, cls), set()).add(point.symbol)
        if not explicit:
            return points, internal
        keep = []
        for k, point in enumerate(points):
            if internal[k]:
                root = roots.get(point.symbol)
                others = explicit.get((root, type(point))) if root is not None else None
                if others and (len(others) > 1 or point.symbol not in others):
                    continue
            keep.append(k)
        if len(keep) == len(points):
            return points, internal
        kept = select_points(points, keep)
        self.data_points += len(points) - len(kept)
        return kept, kept.internal

    def _tick_types(self, symbol: Symbol, resolution: Resolution) -> list[TickType]:
        if symbol.security_type == SecurityType.INDEX:
            return [TickType.TRADE]
        if symbol.security_type == SecurityType.FUTURE:
            types = [TickType.TRADE, TickType.QUOTE]
            if symbol.id.market not in NO_OI_MARKETS:
                types.append(TickType.OPEN_INTEREST)
            return types
        if resolution in (Resolution.HOUR, Resolution.DAILY):
            return [TickType.TRADE]
        return [TickType.TRADE, TickType.QUOTE]

    def add_future(
        self,
        ticker: str,
        resolution: Resolution,
        market: str | None,
        fill_forward: bool,
        extended: bool,
        mapping: DataMappingMode | None,
        normalization: DataNormalizationMode | None,
        depth: int,
        leverage: float | None,
    ) -> Any:
        """``add_future``: the canonical security, its chain and its continuous contract."""
        ticker = ticker.upper()
        market = self._market_for(ticker, SecurityType.FUTURE, market)
        canonical = Symbol.create(ticker, SecurityType.FUTURE, market)
        if canonical in self.chains:
            return self.chains[canonical].future
        re_added = canonical in self.all_securities
        future = self._create_security(canonical, leverage)
        resolution = Resolution(resolution)
        if mapping is None:
            mapping = DataMappingMode.LAST_TRADING_DAY if market in NO_OI_MARKETS else DataMappingMode.OPEN_INTEREST
        if normalization is None:
            mode = self.algorithm.universe_settings.data_normalization_mode
            normalization = DataNormalizationMode.BACKWARDS_RATIO if mode == DataNormalizationMode.ADJUSTED else mode
        entry = self.mhdb.get_entry(market, ticker, SecurityType.FUTURE)
        state = ChainState(
            canonical,
            future,
            self.data_folder,
            self.source,
            resolution,
            extended,
            fill_forward,
            DataMappingMode(mapping),
            DataNormalizationMode(normalization),
            int(depth),
            entry.data_time_zone,
            _tz_name(entry.exchange_hours),
        )
        future.data_mapping_mode = state.mapping_mode
        future.contract_depth_offset = state.depth
        future.data_normalization_mode = state.normalization_mode
        state.continuous_configs = self._subscribe(
            future,
            self._tick_types(canonical, resolution),
            resolution,
            extended,
            fill_forward,
            normalization=state.normalization_mode,
            mapping=state.mapping_mode,
            depth=state.depth,
        )
        self._added_by_algorithm(future, re_added)
        self.chains[canonical] = state
        added_on = converter(_tz_name(entry.exchange_hours)).to_local(self.algorithm._utc_ns).date()
        self._chain_selection[canonical] = ChainSelectionPoints(state, entry.exchange_hours, added_on, extended)
        if self.current_day is not None:
            self._count_selection(self._chain_selection[canonical].through(self.current_day))
            self._update_chain(state, self.current_day, self.clock.utc_now_ns())
        self._seed_initial_prices(future)
        return future

    def add_contract(
        self,
        symbol: Symbol,
        resolution: Resolution,
        fill_forward: bool,
        extended: bool,
        leverage: float | None,
        internal: bool = False,
        chain_member: bool = False,
    ) -> Any:
        """One tradable security with its subscriptions: ``add_future_contract`` (trade, quote and
        open interest) and ``add_equity`` (trade, and quote intraday). ``chain_member`` marks a
        contract a futures chain selected (not one the algorithm added itself)."""
        if not internal and not chain_member:
            self._note_user_universe(symbol)
        existing = self.algorithm.securities.get(symbol)
        if existing is not None and symbol in self.configs:
            if chain_member and self._map_file_dated.get(symbol) == self.clock.utc_now_ns():
                self._delist_from_map_file_date(existing, map_file_date=False)
            if not internal and _is_internal(existing):
                # a contract first added internally (a continuous future's mapped contract) is now the
                # user's: an addition of the algorithm's, so its security initializer runs (a seeding one
                # reads the history of the subscriptions the contract has so far: the internal ones; a
                # chain selection's sees none, see _user_initialize)
                self._user_initialize(existing, unsubscribed=chain_member)
                for config in self.configs[symbol]:
                    config.is_internal = config.tick_type == TickType.OPEN_INTEREST
                self._subscriptions_changed()
                self._sync_lean_copies(symbol)
                existing.is_tradable = True
                if existing not in self._pending_added:
                    self._pending_added.append(existing)
            return existing
        re_added = symbol in self.all_securities
        if not internal and not chain_member and symbol.security_type == SecurityType.FUTURE:
            # LEAN's AddFutureContract subscribes with SubscriptionManager's default normalization
            # mode, Adjusted, whatever the universe settings say (only reported as the orders' price
            # adjustment mode: contract prices stay raw)
            self._explicit_contract_modes.setdefault(symbol, int(DataNormalizationMode.ADJUSTED))
        security = self._create_security(symbol, leverage)
        if internal:
            self._delist_from_map_file_date(security)
        self._subscribe(
            security,
            self._tick_types(symbol, Resolution(resolution)),
            Resolution(resolution),
            extended,
            fill_forward,
            internal,
        )
        self._sync_lean_copies(symbol)
        security.is_tradable = True
        security.is_delisted = False
        if not internal:
            self._added_by_algorithm(security, re_added, selected=chain_member)
        self._seed_initial_prices(security)
        return security

    def _added_by_algorithm(self, security: Any, re_added: bool, selected: bool = False) -> None:
        """A security of the algorithm's was (re-)added: initialize it (LEAN re-initializes a removed
        security it adds again, brokerage models included) and report it in the next security changes.
        ``selected``: a universe selection added it (its initializer sees no subscriptions)."""
        if re_added:
            self._initialize_security(security, user=False)
            if security not in self._pending_added:
                self._pending_added.append(security)
        self._user_initialize(security, unsubscribed=selected)

    def _seed_initial_prices(self, security: Any) -> None:
        """``Settings.SeedInitialPrices``: give a newly added security without a price its last known
        prices from history (LEAN's ``AlgorithmUtils.SeedSecurities`` seeds only ``Price == 0``)."""
        if not self.algorithm.settings.seed_initial_prices or security.price != 0:
            return
        from keel.algorithm.seeding import get_last_known_prices

        for data in get_last_known_prices(self.algorithm, security):
            security.set_market_price(data)

    def _sync_lean_copies(self, symbol: Symbol) -> None:
        """LEAN feeds a continuous future's mapped contract through internal trade and quote
        subscriptions of its own, next to the algorithm's subscriptions of the same contract (open
        interest is internal in both, so shared): while both exist the contract's bars count twice.
        The continuous universe keeps a previously mapped contract as a member on the mapping date
        and, while it has holdings or open orders, after it (``ChainState.retired``)."""
        configs = self.configs.get(symbol)
        if not configs:
            return
        mapped = any(
            state.mapped == symbol or (symbol in state.retired and not state.continuous_released)
            for state in self.chains.values()
        )
        internal_types = {c.tick_type for c in configs if c.is_internal}
        for config in configs:
            shared = mapped and not config.is_internal and config.tick_type not in internal_types
            copies = 2 if shared and config.tick_type != TickType.OPEN_INTEREST else 1
            if copies != config.lean_copies:
                _start_lean_copy(config, copies, self.clock.utc_now_ns())

    def _note_user_universe(self, symbol: Symbol) -> None:
        """A manually added security joins LEAN's user-defined universe of its security type and
        market; a new universe's subscription emits one selection data point."""
        key = user_universe_key(symbol)
        if key not in self._user_universes:
            self._user_universes.add(key)
            self._count_selection(1)

    def retire_universe(self, canonical: Symbol) -> None:
        """The algorithm dropped the chain universe of ``canonical`` but keeps its held contracts for
        now: LEAN disposes the universe at once, so its selection data stops (no more points, no last
        selection time slice).

        LEAN disposes the future's continuous-contract universe with it: the canonical security is
        in no universe any more, so its continuous subscriptions stop at once, and the mapping is
        frozen. The mapped contract's internal feeds are a member of that universe too: they stay
        only while the contract has holdings or open orders (LEAN's pending removal), like the chain
        members (``_framework_retire_pending`` removes them at a later universe selection)."""
        selection = self._chain_selection.pop(canonical, None)
        if selection is not None and self.current_day is not None:
            self._count_selection(selection.until_disposal(self.current_day))
        state = self.chains.get(canonical)
        if state is None or state.continuous_released:
            return
        state.continuous_released = True
        self._unsubscribe(canonical)
        mapped = state.mapped
        if mapped is None or self._is_busy(mapped):
            return
        state.mapped = None
        if mapped in state.members:
            self._sync_lean_copies(mapped)  # the chain member keeps its own feed, without LEAN's copy
        elif all(c.is_internal for c in self.configs.get(mapped, ())) and not any(
            mapped in other.members or other.mapped == mapped for other in self.chains.values()
        ):
            self._release_internal_member(mapped)

    def _is_busy(self, symbol: Symbol) -> bool:
        """The security has holdings or open orders (LEAN keeps such a universe member until flat)."""
        return bool(self.algorithm.portfolio[symbol].invested or self.transactions.get_open_orders(symbol))

    def _count_auxiliary(self, symbol: Symbol) -> None:
        """A delisting or symbol-changed event is a data point of the subscription emitting it; LEAN
        emits a security's auxiliary data through its trade subscriptions only (internal ones
        included), not through its quote and open-interest ones."""
        count = sum(c.lean_copies for c in self.configs.get(symbol, ()) if c.tick_type == TickType.TRADE)
        self.data_points += count
        self.auxiliary_data_points += count

    def _count_selection(self, count: int) -> None:
        """Universe-selection data points count in LEAN's ``DataPoints`` like subscription data."""
        self.data_points += count
        self.selection_data_points += count

    def add_equity(
        self,
        ticker: str,
        resolution: Resolution,
        market: str,
        fill_forward: bool,
        extended: bool,
        leverage: float | None,
        internal: bool = False,
        normalization: DataNormalizationMode | None = None,
    ) -> Any:
        """``add_equity``: trade (and quote, intraday) data of a US equity.

        ``normalization`` (Adjusted when None) sets how split/dividend factors scale its prices.
        """
        symbol = self._equity_symbol(ticker, market)
        security = self.add_contract(symbol, resolution, fill_forward, extended, leverage, internal)
        if normalization is not None:
            security.set_data_normalization_mode(normalization)
        return security

    def add_index(self, ticker: str, resolution: Resolution, market: str | None, fill_forward: bool) -> Any:
        """``add_index``: a cash index with trade bars; indexes are not tradable."""
        market = (market or self.spdb.find_market(ticker, SecurityType.INDEX) or "usa").lower()
        symbol = Symbol.create(ticker, SecurityType.INDEX, market)
        security = self.add_contract(symbol, resolution, fill_forward, False, None)
        security.is_tradable = False
        return security

    def _equity_symbol(self, ticker: str, market: str) -> Symbol:
        map_file = self.data_folder / "equity" / market / "map_files" / f"{ticker.lower()}.csv"
        first_date: date | None = None
        if map_file.is_file():
            for line in map_file.read_text().splitlines():
                text = line.split(",")[0].strip()
                if len(text) == 8 and text.isdigit():
                    first_date = date(int(text[:4]), int(text[4:6]), int(text[6:]))
                    break
        return Symbol.create(ticker, SecurityType.EQUITY, market, first_date)

    def benchmark_symbol_for(self, ticker: str) -> Symbol:
        """Symbol for ``set_benchmark("SPY")``; the run set-up adds its internal hourly feed."""
        return self._equity_symbol(ticker, "usa")

    def remove_security(self, symbol: Symbol, tag: str | None = None) -> bool:
        """Liquidate and stop the data of ``symbol``.

        The liquidation orders carry ``tag``, by default ``"Removed"``: LEAN PR #8928 (merged
        2025-08) gave ``RemoveSecurity`` a tag passed to ``Liquidate``; the default string is fitted
        to AddFutureContractWithContinuous's OrderListHash (matched only with "Removed" on both
        liquidations), the PR's code was not readable here.
        """
        if tag is None:
            tag = REMOVED_SECURITY_TAG
        security = self.algorithm.securities.get(symbol)
        if security is None:
            return False
        if symbol in self.chains:
            state = self.chains.pop(symbol)
            # LEAN's RemoveSecurity of a canonical disposes its universes (UniverseManager.Remove): the
            # SubscriptionSynchronizer finishes their subscriptions at the next time slice, so the chain
            # file of today (emitted at the next midnight) is never counted (as ``retire_universe``)
            selection = self._chain_selection.pop(symbol, None)
            if selection is not None and self.current_day is not None:
                self._count_selection(selection.until_disposal(self.current_day))
            for member in list(state.members):
                self.remove_security(member, tag)
            mapped = state.mapped
            if (
                mapped is not None
                and all(c.is_internal for c in self.configs.get(mapped, ()))
                and not any(mapped in other.members for other in self.chains.values())
            ):
                # LEAN removes the continuous universe's member with its canonical when no other
                # universe holds it: the mapped contract is liquidated and its internal feed stops
                self._release_internal_member(mapped, tag)
            self._unsubscribe(symbol)
            self._pending_removed.append(security)
            return True
        if self.algorithm.portfolio[symbol].invested:
            self.algorithm.liquidate(symbol, tag=tag)
        self.transactions.cancel_open_orders(symbol)
        self._unsubscribe(symbol)
        security.is_tradable = False
        for state in self.chains.values():
            state.members.pop(symbol, None)
        self._pending_removed.append(security)
        return True

    def _release_internal_member(self, symbol: Symbol, tag: str = "Liquidated") -> None:
        """Remove a security only an internal feed holds (a continuous contract's mapped contract):
        LEAN's ``RemoveSecurity`` of a universe child, liquidating it (with the removal's ``tag``),
        without a security change."""
        self.transactions.cancel_open_orders(symbol)
        if symbol in self.algorithm.securities and self.algorithm.portfolio[symbol].invested:
            self.algorithm.liquidate(symbol, tag=tag)
        self._unsubscribe(symbol)

    def canonical(self, value: Any) -> Symbol:
        """Canonical symbol from a ticker, symbol or future."""
        symbol = self.algorithm.symbol(value) if not isinstance(value, Symbol) else value
        return symbol.canonical

    def _adopt_mapped_prices(self, canonical: Symbol, mapped: Symbol) -> None:
        """At a rollover the continuous security takes the new contract's data when it has any."""
        continuous, contract = self.all_securities.get(canonical), self.all_securities.get(mapped)
        state = self.chains.get(canonical)
        if continuous is None or contract is None or state is None or not state.continuous_configs:
            return
        config = state.continuous_configs[0]
        adopt_mapped_prices(continuous, contract, config.price_scale, config.price_offset)

    def _chain_state(self, value: Any) -> ChainState:
        if isinstance(value, str) and value.upper() not in {s.id.symbol for s in self.chains}:
            market = self._market_for(value, SecurityType.FUTURE, None)
            canonical = Symbol.create(value.upper(), SecurityType.FUTURE, market)
        else:
            canonical = self.canonical(value)
        state = self.chains.get(canonical)
        if state is None:
            entry = self.mhdb.get_entry(canonical.id.market, canonical.id.symbol, SecurityType.FUTURE)
            state = ChainState(
                canonical,
                None,
                self.data_folder,
                self.source,
                self.algorithm.universe_settings.resolution,
                False,
                True,
                DataMappingMode.OPEN_INTEREST,
                DataNormalizationMode.RAW,
                0,
                entry.data_time_zone,
                _tz_name(entry.exchange_hours),
            )
        return state

    def futures_chain(self, value: Any) -> FutureChain:
        """The chain of a futures root now: the contracts of the latest chain file known, with their
        expiry, open interest and last price (see :func:`keel.engine.chain_provider.futures_chain`)."""
        from keel.engine.chain_provider import futures_chain

        return futures_chain(self, value)

    def future_contract_list(self, value: Any, when: datetime | date | None = None) -> list[Symbol]:
        """Contract symbols listed at ``when`` (LEAN's ``FutureChainProvider.GetFutureContractList``).

        As LEAN: the contracts of the latest chain universe file known at ``when`` (exchange time),
        looking back two trading days, that have not expired before ``when``'s date; without such a
        file, the contracts found in the data files of that day.
        """
        from keel.engine.chain_provider import future_contract_list

        return future_contract_list(self, value, when)

    def history(self, *args: Any, **kwargs: Any) -> Any:
        """``algorithm.history(...)``: see :mod:`keel.engine.history`."""
        from keel.engine.history import HistoryProvider

        return HistoryProvider(self).request(*args, **kwargs)

    # ====================================================================================
    # consolidators and indicators
    def add_consolidator(self, symbol: Symbol, consolidator: Any, quotes: bool | None) -> None:
        """Feed ``consolidator`` from the symbol's trade (or quote) subscription."""
        configs = self.configs.get(symbol, [])
        wanted = TickType.QUOTE if quotes else TickType.TRADE
        for config in sorted(configs, key=lambda c: c.tick_type != wanted):
            if config.tick_type != TickType.OPEN_INTEREST:
                config.consolidators.append(consolidator)
                self._consolidators.setdefault((symbol, config.data_type), []).append(consolidator)
                return
        raise KeyError(f"{symbol} has no subscription to consolidate; add the security first")

    def remove_consolidator(self, symbol: Symbol, consolidator: Any) -> None:
        """Stop feeding ``consolidator``."""
        for config in self.configs.get(symbol, []):
            if consolidator in config.consolidators:
                config.consolidators.remove(consolidator)
        for key, consolidators in self._consolidators.items():
            if key[0] == symbol and consolidator in consolidators:
                consolidators.remove(consolidator)

    def add_indicator(self, symbol: Symbol, indicator: Any) -> None:
        """Update ``indicator`` with every trade bar (else quote bar) of ``symbol``."""
        self.indicators.setdefault(symbol, []).append(indicator)

    # ====================================================================================
    # orders
    def _fill_parameters(self, security: Any, order: Order, quantity_filled: float) -> Any:
        return FillModelParameters(
            security,
            order,
            security.subscriptions,
            self.algorithm.settings.stale_price_time_span,
            quantity_filled=quantity_filled,
        )

    def _quantity_filled(self, order: Order) -> float:
        transactions = self.transactions
        ticket = transactions._live_tickets.get(order.id)
        if ticket is None:
            ticket = transactions.tickets.get(order.id)
        return ticket.quantity_filled if ticket is not None else 0.0

    def _validate_submit(self, order: Order) -> tuple[bool, str]:
        symbol = order.symbol
        securities = self.algorithm.securities
        # a Symbol key needs no ticker resolution: the plain dict lookup (SecurityManager is a dict)
        security = _dict_get(securities, symbol) if type(symbol) is Symbol else securities.get(symbol)
        if security is None:
            return False, f"{order.symbol} is not in the algorithm's securities"
        # LEAN's HandleSubmitOrderRequest: quote currency, OrderSubmissionData and the (per symbol
        # cached) price adjustment mode are set before any check can refuse the order; a delisting
        # liquidation skips it (HandleDelistingNotification -> AddOpenOrder: no currency, no data)
        delisting = self._delisting  # None, except while a delisting liquidation is submitted
        if delisting is not None and delisting == symbol:
            order.price_currency = ""
        else:
            order.price_currency = security.quote_currency.symbol
            order.submission_bid = security.bid_price
            order.submission_ask = security.ask_price
            order.submission_last = security.close
            order.submission_last_is_mid = _close_is_quote_mid(security)
        if symbol not in self.price_adjustment_modes:
            self.price_adjustment_modes[symbol] = self._price_adjustment_mode(symbol, security)
        lot = security.symbol_properties.lot_size
        if lot and order.quantity % lot:  # rare: a quantity off the lot grid
            problem = self._round_off_order(order, lot)
            if problem:
                return False, problem
        if getattr(security, "is_delisted", False) and self._delisting != order.symbol:
            return False, f"The security with symbol '{order.symbol}' is delisted and cannot be traded"
        model = self.algorithm.brokerage_model
        if model is not None:  # ``can_submit_order``'s usual answer (True, None) needs no unpacking
            result = model.can_submit_order(security, order)
            if type(result) is not tuple or len(result) != 2 or result[0] is not True or result[1] is not None:
                ok, message = _unpack_check(result)
                if not ok:
                    return False, message
        # only limit, stop and trigger prices can be off the tick grid (a market order has none)
        has_price = order.limit_price is not None or order.stop_price is not None or order.trigger_price is not None
        off_tick = _off_tick_prices(order, security) if has_price else None
        if off_tick:
            tick = security.symbol_properties.minimum_price_variation
            if self.algorithm.settings.reject_off_tick_prices or getattr(model, "rejects_off_tick_prices", False):
                return False, f"Order prices must be multiples of the minimum price variation {tick} of {order.symbol}"
            # LEAN rounds to the tick grid and submits, with a warning
            for field, price, rounded in off_tick:
                setattr(order, field, rounded)
                self.log(
                    f"Warning: To meet brokerage precision requirements, order {field} was rounded to {rounded} "
                    f"from {price}"
                )
        result = self.algorithm.portfolio.has_sufficient_buying_power_for_order(order)
        if not getattr(result, "is_sufficient", True):
            return False, getattr(result, "reason", "Insufficient buying power to complete order")
        if order.properties.time_in_force.kind != "GoodTilCanceled":  # a GTC order never expires
            self._register_day_expiry(order, security)
        return True, ""

    def _round_off_order(self, order: Order, lot: float) -> str:
        """LEAN's ``BrokerageTransactionHandler.RoundOffOrder``: the quantity is rounded toward zero
        to a multiple of the lot size (the ticket follows), with a warning the first time; an order
        rounded to nothing is refused "Unable to submit order with id N that has zero quantity."
        (``HandleSubmitOrderRequest``). Returns that refusal, or "" when the order goes on."""
        quantity = Decimal(repr(float(order.quantity)))
        remainder = quantity % Decimal(repr(float(lot)))  # decimal, as LEAN; keeps the quantity's sign
        if not remainder:  # on the grid after all (a binary-float remainder)
            return ""
        self.transactions.set_submitted_quantity(order, float(quantity - remainder))
        if not self._round_off_warned:
            self._round_off_warned = True
            self.log(
                f"Warning: Due to brokerage limitations, orders will be rounded to the nearest lot size of {lot:g}"
            )
        if order.quantity == 0:
            return f"Unable to submit order with id {order.id} that has zero quantity."
        return ""

    def _price_adjustment_mode(self, symbol: Symbol, security: Any) -> int:
        """LEAN's ``SetPriceAdjustmentMode``: the normalization mode of the symbol's first config.

        A contract only fed because a continuous future maps to it has, in LEAN, the internal
        subscriptions the continuous universe added with its settings, so it carries the
        continuous contract's mode (e.g. BackwardsRatio); one the algorithm subscribed itself
        (a chain or an explicit contract) carries its own.
        """
        explicit = self._explicit_contract_modes.get(symbol)
        if explicit is not None:
            return explicit
        configs = self.configs.get(symbol) or []
        for config in configs:
            if not config.is_internal:
                return int(config.data_normalization_mode)
        for canonical_configs in self.configs.values():
            for config in canonical_configs:
                if config.mapped == symbol and not config.is_internal:
                    return int(config.data_normalization_mode)
        if configs:
            return int(configs[0].data_normalization_mode)
        return int(getattr(security, "data_normalization_mode", 0))

    def submission_price_scale(self, order: Order) -> int:
        """Least decimals LEAN's submission prices of ``order`` carry (see ``lean_order_json``).

        Equity prices are read as ``int * 0.0001m`` (4 decimals) and, when adjusted, multiplied
        by the factor file's price scale factor, whose decimals add up; other data is read as
        written (shortest text).
        """
        if order.symbol.id.security_type != _E_EQUITY:
            return 0
        scale = 4
        mode = self.price_adjustment_modes.get(order.symbol, 0)
        factors = self._factor_files.get(order.symbol)
        if factors is None or not len(factors) or mode not in FACTOR_ADJUSTED_MODES:
            return scale
        row = factors.row_for(order.time)
        if row is None:
            return scale
        split = _decimals(row.split_factor)
        return scale + split + (_decimals(row.price_factor) if mode in PRICE_FACTOR_MODES else 0)

    def _validate_update(self, order: Order, request: UpdateOrderRequest) -> tuple[bool, str]:
        security = self.algorithm.securities.get(order.symbol)
        model = self.algorithm.brokerage_model
        if model is None or security is None:
            return True, ""
        ok, message = _unpack_check(model.can_update_order(security, order, request))
        if not ok:
            return ok, message
        fields = request.fields
        probe = Order(order.id, order.symbol, order.quantity, order.type, order.time)
        probe.limit_price, probe.stop_price, probe.trigger_price = (
            fields.limit_price,
            fields.stop_price,
            fields.trigger_price,
        )
        for field, price, rounded in _off_tick_prices(probe, security):
            if self.algorithm.settings.reject_off_tick_prices or getattr(model, "rejects_off_tick_prices", False):
                tick = security.symbol_properties.minimum_price_variation
                return False, f"Order prices must be multiples of the minimum price variation {tick} of {order.symbol}"
            setattr(fields, field, rounded)
            self.log(
                f"Warning: To meet brokerage precision requirements, order {field} was rounded "
                f"to {rounded} from {price}"
            )
        return True, ""

    def _register_day_expiry(self, order: Order, security: Any) -> None:
        """Record when a Day or GoodTilDate order expires (the caller skips GoodTilCanceled ones)."""
        hours = security.exchange.hours
        conv = converter(_tz_name(hours))
        now_ns = self.clock.utc_now_ns()
        local = conv.to_local(now_ns)
        if order.time_in_force.kind == "GoodTilDate":
            expiry = order.time_in_force.expiry
            assert expiry is not None  # TimeInForce refuses GoodTilDate without an expiry
            end = datetime(expiry.year, expiry.month, expiry.day) + timedelta(days=1)
            self._day_order_expiry[order.id] = conv.local_to_utc_ns(end)
            return
        extended = any(c.extended_market_hours for c in security.subscriptions)
        try:
            close = hours.get_next_market_close(local, extended)
        except Exception:
            return
        self._day_order_expiry[order.id] = conv.local_to_utc_ns(close)

    def _expire_day_orders(self, now_ns: int) -> None:
        if not self._day_order_expiry:
            return
        for order_id, expiry_ns in list(self._day_order_expiry.items()):
            order = self.transactions.orders.get(order_id)
            if order is None or order.status.is_closed:
                self._day_order_expiry.pop(order_id, None)
                continue
            if now_ns >= expiry_ns:
                self._day_order_expiry.pop(order_id, None)
                self.transactions.cancel_expired(order, "Order expired: time in force ended at the market close")

    def _on_order_events(self, events: list[OrderEvent]) -> None:
        portfolio = self.algorithm.portfolio
        # one event is the usual batch: no list comprehension (a function call in 3.11) for it
        if len(events) == 1:
            fills = events if events[0].fill_quantity else None
        else:
            fills = [e for e in events if e.fill_quantity]
        if fills:
            portfolio.process_fills(fills)
            if self.capacity is not None:
                self.capacity.on_order_events(fills)
        handler = self._order_event_handler
        if handler is _UNRESOLVED:
            handler = self._order_event_handler = user_override(self.algorithm, QCAlgorithm, "on_order_event")
        if handler is None:
            return
        # as ``_call_user`` per event, without a call per event
        try:
            for event in events:
                handler(event)
        except Exception as exc:
            raise self._user_error(handler, exc) from exc

    # ====================================================================================
    # user calls
    def _call_user(self, func: Callable[..., Any], *args: Any) -> Any:
        try:
            return func(*args)
        except Exception as exc:
            raise self._user_error(func, exc) from exc

    def _user_error(self, func: Callable[..., Any], exc: Exception) -> AlgorithmRuntimeError:
        """The run-ending error for ``exc`` raised by the algorithm's ``func`` (call inside ``except``),
        naming the line of the algorithm's file that raised. An error already reported by a nested
        callback (``on_order_event`` of an order placed in ``on_data``) is passed on unchanged."""
        if isinstance(exc, AlgorithmRuntimeError):
            return exc
        where = ""
        source = getattr(sys.modules.get(type(self.algorithm).__module__), "__file__", None)
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if source and f.filename == source]
        if frames:
            where = f" ({Path(frames[-1].filename).name}, line {frames[-1].lineno})"
        return AlgorithmRuntimeError(
            f"the algorithm raised {type(exc).__name__} in {getattr(func, '__name__', 'a callback')}: {exc}{where}",
            self.algorithm.time,
            traceback.format_exc(),
        )

    def _handler(self, snake: str) -> Callable[..., Any] | None:
        return user_override(self.algorithm, QCAlgorithm, snake)

    # ====================================================================================
    # universe maintenance (at the start of each day and on demand)
    def _begin_day(self, day: date, now_ns: int) -> None:
        # LEAN applies these selections in the time slice of ``now_ns``: a subscription they remove
        # loses its data of that same time from the count (see ``HistoricalFeed.remove``)
        self.feed.selection_ns = now_ns
        try:
            self._select_universes(day, now_ns)
        finally:
            self.feed.selection_ns = None
        if self._selected_today and self.capacity is not None:
            self.capacity.on_selection_slice()

    def _select_universes(self, day: date, now_ns: int) -> None:
        self.current_day = day
        self._call_user(self.algorithm._framework_universe_refresh, None)
        self._selected_today = False
        for state in list(self.chains.values()):
            selection = self._chain_selection.get(state.canonical)
            if selection is not None:
                points = selection.through(day)
                self._count_selection(points)
                self._selected_today = self._selected_today or points > 0
            self._update_chain(state, day, now_ns)
        if self._selected_today:
            # LEAN removes deselected members kept for their holdings at a universe selection
            self._call_user(self.algorithm._framework_retire_pending)

    @staticmethod
    def _is_selection_day(state: ChainState, day: date) -> bool:
        """LEAN's continuous-contract universe selects on each tradeable day of the future (regular
        hours), at midnight."""
        hours = state.future.exchange.hours if state.future is not None else None
        return hours is None or bool(hours.is_date_open(day))

    def _drop_retired_mapped(self, state: ChainState, day: date) -> None:
        """LEAN's continuous-contract universe selects the old and the new contract on the mapping
        date and only the new one from the next trading day: a previously mapped contract the
        algorithm did not add itself then loses its internal feeds and stops being tradable, once it
        has neither holdings nor open orders (LEAN's ``PendingRemovalsManager`` defers removing a
        universe member until then, per universe: a contract the chain or the algorithm also
        subscribes to keeps the continuous universe's own feeds, LEAN's copy, just as long)."""
        if not self._is_selection_day(state, day):
            return
        for symbol, mapped_day in list(state.retired.items()):
            if symbol == state.mapped:
                del state.retired[symbol]
                continue
            if day <= mapped_day:
                continue
            if self._is_busy(symbol):
                continue
            del state.retired[symbol]
            configs = self.configs.get(symbol, [])
            if any(not c.is_internal for c in configs):
                # the algorithm subscribed to it too: only the universe's own feeds (LEAN's copy) go
                self._sync_lean_copies(symbol)
                continue
            self._unsubscribe(symbol)
            security = self.all_securities.get(symbol)
            if security is not None:
                security.is_tradable = False

    def _update_chain(self, state: ChainState, day: date, now_ns: int) -> None:
        if state.continuous_released or (state.mapped is not None and not self._is_selection_day(state, day)):
            # frozen once released; LEAN re-maps at its continuous universe's selection: trading days only
            mapped = state.mapped
        else:
            mapped = state.mapped_on(day)
        if mapped is not None and mapped != state.mapped:
            old = state.mapped
            state.mapped = mapped
            state.future.mapped = mapped
            if mapped not in self.algorithm.securities or mapped not in self.configs:
                self.add_contract(mapped, state.resolution, state.fill_forward, state.extended, None, internal=True)
            if old is not None:
                state.retired[old] = day
            self._sync_lean_copies(mapped)
            if old is not None:
                self._sync_lean_copies(old)
                # LEAN stamps the event with the mapping date (midnight), not the slice time
                self._count_auxiliary(state.canonical)
                # LEAN: the event's symbol is the continuous symbol with the newly mapped contract
                # as its ``Underlying`` (equal to the canonical symbol: same identifier)
                self._pending_symbol_changes[state.canonical] = SymbolChangedEvent(
                    Symbol(state.canonical.id, state.canonical.value, underlying=mapped),
                    datetime(day.year, day.month, day.day),
                    old,
                    mapped,
                )
        if state.retired:
            self._drop_retired_mapped(state, day)
        scale, offset = state.price_adjustment(day)
        for config in state.continuous_configs:
            config.mapped = state.mapped
            config.price_scale = scale
            config.price_offset = offset
        if state.future is None:
            return
        # the chain universe reads its files from the trading day before it started: before the day
        # the future was added, or before the current day during a warm-up that starts earlier
        first_day = previous_trading_day(state.future.exchange.hours, day, False)
        points = self._chain_selection.get(state.canonical)
        selection = state.selection_input(day, min(first_day, points.first_day) if points is not None else first_day)
        if selection is None:
            return
        listed, rows = selection
        # LEAN (FuturesChainUniverse.SelectSymbols): the filter universe's LocalTime is the selection
        # time in the exchange's time zone, not the algorithm's
        local = converter(_tz_name(state.future.exchange.hours)).to_local(now_ns)
        selected = set(state.future.filter_contracts(listed, local, data=rows)) if listed else set(state.members)
        if not state.members and not selected:
            return
        for symbol in selected - set(state.members):
            security = self.add_contract(
                symbol, state.resolution, state.fill_forward, state.extended, None, chain_member=True
            )
            state.members[symbol] = security
        for symbol in selected:
            # LEAN stores the chain universe row in the selected contract's cache: its open interest
            row = rows.get(symbol)
            if row is not None and row.open_interest:
                state.members[symbol].cache.open_interest = row.open_interest
        for symbol in list(state.members):
            if symbol in selected:
                continue
            if self._is_busy(symbol):
                continue
            security = state.members.pop(symbol)
            if symbol == state.mapped and state.continuous_released:
                state.mapped = None  # its disposed continuous universe's internal feed goes with it
            if symbol != state.mapped:
                self._unsubscribe(symbol)
            else:
                # the continuous universe keeps feeding its mapped contract through internal
                # subscriptions of its own: only the chain's subscriptions (and LEAN's copy) go
                for config in self.configs.get(symbol, ()):
                    config.is_internal = True
                self._subscriptions_changed()
                self._sync_lean_copies(symbol)
            self._pending_removed.append(security)

    def _schedule_end_of_day(self, security: Any) -> None:
        """LEAN calls ``on_end_of_day(symbol)`` 10 minutes before each security's regular close."""
        handler = self._handler("on_end_of_day")
        if handler is None:
            return
        import inspect

        try:
            per_symbol = len(inspect.signature(handler).parameters) >= 1
        except (TypeError, ValueError):
            per_symbol = True
        if not per_symbol and self._end_of_day_scheduled:
            return
        self._end_of_day_scheduled = True
        algo = self.algorithm
        symbol = security.symbol
        if symbol not in algo.securities:
            return

        def fire() -> None:
            # internal securities (the benchmark) are not the algorithm's: no end-of-day call for them
            if symbol in algo.securities and not getattr(security, "is_delisted", False):
                handler(symbol) if per_symbol else handler()

        algo.schedule.on(
            algo.date_rules.every_day(symbol),
            algo.time_rules.before_market_close(symbol, 10),
            fire,
            name=f"OnEndOfDay({symbol})",
        )

    @staticmethod
    def _contract_expiry(symbol: Symbol) -> datetime:
        """A futures contract's expiry with its time of day (LEAN's ``FuturesExpiryFunctions``)."""
        from keel.data.futures.expiry import UnknownFutureRootError, expiry_from_contract_month

        month = symbol.contract_month
        try:
            expiry = expiry_from_contract_month(symbol.id.symbol, symbol.id.market, month) if month else None
        except UnknownFutureRootError:
            expiry = None
        if expiry is None:
            d = symbol.id.expiry_date or date.min
            expiry = datetime(d.year, d.month, d.day)
        return expiry

    def _schedule_delisting(self, security: Any) -> None:
        """Remember when a futures contract expires (its delisting warning and delisting times)."""
        symbol = security.symbol
        if symbol.security_type != SecurityType.FUTURE or symbol.is_canonical or symbol.id.expiry_date is None:
            return
        expiry = self._contract_expiry(symbol)
        conv = converter(_tz_name(security.exchange.hours))
        warning_ns = conv.local_to_utc_ns(datetime(expiry.year, expiry.month, expiry.day))
        # LEAN warns on the expiry date and delists one day after the contract's delisting date
        # (``DelistingEventProvider``: ``DelistingDate.AddDays(1)``, exchange time), where the
        # position is closed at the last known price without a fee (see docs/architecture.md). The
        # delisting date is the Symbol's ``ID.Date``: the expiry with its time of day for a contract
        # LEAN created from its expiry (a chain selection, an added contract); a continuous future's
        # mapped contract comes from the map file's identifier, whose date has no time of day
        # (:meth:`_delist_from_map_file_date`).
        delisted_ns = conv.local_to_utc_ns(expiry + timedelta(days=1))
        heapq.heappush(self._delistings, (warning_ns, 0, id(security), security))
        heapq.heappush(self._delistings, (delisted_ns, 1, id(security), security))

    def _delist_from_map_file_date(self, security: Any, map_file_date: bool = True) -> None:
        """A contract first added as a continuous future's mapped contract: LEAN builds its Symbol from
        the map file's identifier, whose date is the expiry date without a time of day, so its
        ``Delisted`` comes at the midnight after the expiry date (exchange time). ``map_file_date``
        False restores the expiry time of day (the chain selected the contract in the same step: LEAN
        applies the chain's selection, and creates the security from its Symbol, first)."""
        if map_file_date:
            self._map_file_dated[security.symbol] = self.clock.utc_now_ns()
        else:
            self._map_file_dated.pop(security.symbol, None)
        queue = self._delistings
        for k, (at, kind, key, entry) in enumerate(queue):
            if key == id(security) and kind == 1:
                conv = converter(_tz_name(security.exchange.hours))
                local = conv.to_local(at)
                if map_file_date:
                    local = datetime(local.year, local.month, local.day)
                else:
                    expiry = self._contract_expiry(security.symbol)
                    local = datetime(local.year, local.month, local.day, expiry.hour, expiry.minute, expiry.second)
                queue[k] = (conv.local_to_utc_ns(local), kind, key, entry)
                heapq.heapify(queue)
                return

    def _check_delistings(self, now_ns: int) -> None:
        queue = self._delistings
        while queue and queue[0][0] <= now_ns:
            entry = heapq.heappop(queue)
            _, kind, _, security = entry
            symbol = security.symbol
            if security.is_delisted or symbol not in self.all_securities or self._delisted_after_run(entry):
                continue
            if kind == 0:
                self._warn_delisting_or_defer(entry)
            else:
                self._count_auxiliary(symbol)
                self._delist(symbol, security, security.exchange.local_time)

    def _delisted_after_run(self, entry: tuple[int, int, int, Any]) -> bool:
        """True for a ``Delisted`` event (queue ``entry``) LEAN never emits because the run ends first.

        LEAN's ``DelistingEventProvider`` emits ``Delisted`` on the first tradable date after the
        delisting date that the subscription's reader reaches; the reader's dates are the tradable
        days of the run in the data time zone (``TradableDaysInDataTimeZone``). When the data time
        zone is the exchange's (HKFE), a delisting at or after the midnight ending the last day
        needs a date past the end date, which never comes. Data in another time zone (CME's UTC)
        can reach the next exchange date within the run; those keep their event (not verified)."""
        end = self._run_end_ns
        if end is None or entry[1] != 1 or entry[0] < end:
            return False
        security = entry[3]
        configs = self.configs.get(security.symbol) or security.subscriptions
        return bool(configs) and all(c.data_time_zone == c.exchange_time_zone for c in configs)

    def _warn_delisting_or_defer(self, entry: tuple[int, int, int, Any]) -> None:
        """Warn of a delisting (queue ``entry``), or keep a warning due at the next day's start for
        :meth:`_warn_after_selection`."""
        if entry[0] == self._next_day_ns:
            self._midnight_warnings.append(entry[3])
        else:
            self._warn_delisting(entry[3])

    def _warn_after_selection(self) -> None:
        """Deliver the delisting warnings due at this day's start after the day's universe selections.

        LEAN's ``DelistingEventProvider`` stamps a futures contract's warning with the delisting
        date at midnight (``DelistingDate.Value.Date``), the instant the daily chain selection runs
        too: ``SubscriptionSynchronizer.Sync`` collects the warning's packet, then applies the
        selection, whose removal of the contract (``UniverseSelection.RemoveSecurityFromUniverse`` ->
        ``Subscription.RemoveSubscriptionRequest`` -> ``MarkAsRemovedFromUniverse``) makes
        ``TimeSliceFactory.Create`` skip the packet (``IsSubscriptionRemoved``) before counting it: a
        contract the chain drops on its expiry date never counts or delivers its warning."""
        warnings, self._midnight_warnings = self._midnight_warnings, []
        for security in warnings:
            self._warn_delisting(security)

    def _warn_delisting(self, security: Any) -> None:
        """The delisting warning of an expiring contract, delivered with the next time slice (LEAN
        emits it through the contract's subscriptions: none once they are gone)."""
        symbol = security.symbol
        if security.is_delisted or symbol not in self.all_securities or symbol not in self.configs:
            return
        self._count_auxiliary(symbol)
        if self._feeds_algorithm(security):
            self._pending_delistings[symbol] = Delisting(symbol, security.exchange.local_time, Delisting.WARNING)

    def _feeds_algorithm(self, security: Any) -> bool:
        """True unless ``security`` is fed only internally (its subscriptions, or the last ones it had
        when they are gone, are all internal). LEAN (``TimeSliceFactory.Create``) puts a packet's
        ``Delisting`` into ``slice.Delistings`` (and ``allDataForAlgorithm``: the slice's keys,
        ``HasData``) only when the packet's configuration is not ``IsInternalFeed``: the delisting of a
        contract fed only internally (a continuous future's previously mapped contract the algorithm
        never subscribed to) is counted but never reaches the algorithm."""
        configs = self.configs.get(security.symbol)
        if configs:
            return any(not c.is_internal for c in configs)
        return not _is_internal(security)

    def _delist(self, symbol: Symbol, security: Any, local: datetime) -> None:
        """Delist an expired contract: cancel its orders and close the position at its last price."""
        if self._feeds_algorithm(security):  # an internal feed's delisting stays out of the slice
            self._pending_delistings[symbol] = Delisting(symbol, local, Delisting.DELISTED)
        self.transactions.cancel_open_orders(symbol)
        holding = self.algorithm.portfolio[symbol]
        if holding.quantity:
            self._liquidate_delisted(security, holding.quantity)
        security.is_delisted = True
        security.is_tradable = False
        for state in self.chains.values():
            if state.members.pop(symbol, None) is not None:
                self._pending_removed.append(security)
        self._unsubscribe(symbol)

    def _liquidate_delisted(self, security: Any, quantity: float) -> None:
        """LEAN's delisting liquidation: a market order filled at the last price, with no fee."""
        from keel.model.orders import SubmitOrderRequest

        request = SubmitOrderRequest(
            OrderType.MARKET, security.symbol, -quantity, self.utc_now(), tag="Liquidate from delisting"
        )
        self._delisting = security.symbol
        try:
            ticket = self.transactions.submit(request)
        finally:
            self._delisting = None
        order = self.transactions.orders.get(ticket.order_id)
        if order is None or order.status.is_closed:
            return
        self.brokerage.cancel_order(order)
        fill = OrderEvent(
            order.id,
            order.symbol,
            self.utc_now(),
            OrderStatus.FILLED,
            order.direction,
            fill_price=float(security.price),
            fill_quantity=order.quantity,
            message="Liquidated at the last price on delisting",
        )
        self.transactions.handle_order_events([fill])

    # ====================================================================================
    # the loop
    def run_loop(self, start_local: datetime, end_local: datetime, warm_up_start: datetime | None = None) -> None:
        """Drive the algorithm from ``start_local`` to the end of ``end_local``'s day."""
        algo = self.algorithm
        conv = converter(algo.time_zone)
        first = warm_up_start or start_local
        start_ns = conv.local_to_utc_ns(start_local)
        end_ns = conv.local_to_utc_ns(end_local + timedelta(days=1))
        self._run_end_ns = end_ns
        total = max(1, end_ns - conv.local_to_utc_ns(first))
        day = first.date()
        algo.is_warming_up = warm_up_start is not None
        if algo.is_warming_up and algo.warm_up_resolution is not None:
            self.feed.start_warm_up(algo.warm_up_resolution, start_ns)  # LEAN's Settings.WarmupResolution
        self._next_settlement_ns = 0
        self._next_margin_call_ns = 0
        self._subscriptions_changed()  # the shadowing setting as ``initialize`` left it
        on_data = self._handler("on_data")
        first_ns = conv.local_to_utc_ns(first)
        held: list[Any] | None = None  # the points at the end of a window before a roll (``_roll_cutoffs``)
        while True:
            # the first window begins at the start (a warm-up may start mid-day): LEAN's readers skip
            # the data ending before it
            window_start = max(conv.local_to_utc_ns(datetime(day.year, day.month, day.day)), first_ns)
            if window_start >= end_ns:
                break
            window_end = min(conv.local_to_utc_ns(datetime(day.year, day.month, day.day) + timedelta(days=1)), end_ns)
            self.set_time(max(window_start, self.clock.utc_now_ns()))
            self._begin_day(day, window_start)
            if self._midnight_warnings:
                self._warn_after_selection()
            steps: Iterator[tuple[int, list[Any]]] = iter(self.feed.window(window_start, window_end))
            if held is not None:
                steps = itertools.chain([(window_start, held)], steps)
                held = None
            cut = self._roll_cutoffs(day + timedelta(days=1), window_end) if window_end < end_ns else []
            self._next_day_ns = window_end if window_end < end_ns else None
            if window_end == end_ns:
                steps = self._starting_before_run_end(steps, end_ns)
            # LEAN's SubscriptionSynchronizer makes a time slice of the universes' selection data and the
            # security changes it causes: ``on_securities_changed`` runs then, not at the day's first bar
            changed = self._selected_today and bool(self._pending_added or self._pending_removed)
            if self._pending_symbol_changes or changed:
                steps = self._symbol_change_step(window_start, steps, on_data)
            if self.capacity is not None and self.capacity.snapshot_due_ns < window_end:
                steps = self._silent_slice_snapshot(steps, window_end)
            for time_ns, points in steps:
                if cut and time_ns == window_end and held is None:
                    held = points  # one time step with the roll at the next day's start
                    continue
                # the head check of ``_delisting_steps_before`` first (it runs once per bar)
                if self._delistings and self._delistings[0][0] < time_ns:
                    self._delisting_steps_before(time_ns, on_data)
                if algo.is_warming_up and time_ns > start_ns:
                    self._finish_warm_up(start_ns)
                self._step(time_ns, points, on_data)
                if algo.quit_requested:
                    return
            for config in cut:
                config.roll_cutoff_ns = None
            self.data_points += self.feed.take_uncounted()
            self._delisting_steps_before(window_end + (1 if held is None else 0), on_data)
            if self._progress is not None:
                self._progress(min(1.0, (window_end - conv.local_to_utc_ns(first)) / total))
            day += timedelta(days=1)
        if algo.is_warming_up:
            self._finish_warm_up(start_ns)
        selection_ns = self._last_selection_ns(end_local.date())
        if selection_ns is not None and selection_ns > self._last_step_ns:
            # the universes' last selection data (the end date's chain file) comes after the last bar:
            # LEAN's feed emits a time slice for it, the run's last
            self._delisting_steps_before(selection_ns, on_data)
            self._step(selection_ns, [], on_data)
        # LEAN fires scheduled events (the daily sampling among them) only as time slices pass them:
        # none after the last slice, so a run ending on a day without data has no sample that day
        self._fire_due(min(end_ns - 1, self._last_step_ns), events_until_ns=self._last_step_ns)

    def _last_selection_ns(self, end_day: date) -> int | None:
        """UTC ns of the last universe-selection data of the run (see
        :meth:`ChainSelectionPoints.last_emission`): midnight in the future's exchange time zone."""
        # the run ends at the end of the end date (algorithm time): that instant's exchange date
        end_ns = converter(self.algorithm.time_zone).local_to_utc_ns(
            datetime(end_day.year, end_day.month, end_day.day) + timedelta(days=1)
        )
        latest: int | None = None
        for canonical, selection in self._chain_selection.items():
            state = self.chains.get(canonical)
            if state is None or state.future is None:
                continue
            tz = _tz_name(state.future.exchange.hours)
            emitted = selection.last_emission(converter(tz).to_local(end_ns - 1).date())
            if emitted is None:
                continue
            at = converter(tz).local_to_utc_ns(datetime(emitted.year, emitted.month, emitted.day))
            latest = at if latest is None or at > latest else latest
        return latest

    @property
    def last_step_ns(self) -> int:
        """UTC ns of the latest time slice (-1 before the first); LEAN's final sample is taken there."""
        return self._last_step_ns

    def _roll_cutoffs(self, next_day: date, at_ns: int) -> list[SubscriptionDataConfig]:
        """Prepare a continuous contract's roll at the start of ``next_day`` (``at_ns``): the intraday
        continuous subscriptions of each future whose mapping changes then stop emitting the previous
        contract's data at ``at_ns`` (``SubscriptionDataConfig.roll_cutoff_ns``); returns them.

        LEAN's ``SubscriptionDataReader`` (the ``DateChangeTimeKeeper`` version that added the
        ContinuousFutureRollover regressions) advances its exchange clock to each point's end time:
        the old contract's point ending at the new exchange date triggers the date change and the
        mapping, and is skipped (non-daily resolutions); the continuous contract fills forward the
        bar before it. The time slice at that instant then holds the data ending there, the
        continuous universe's selection (the new ``Mapped``) and the ``SymbolChangedEvent`` together,
        so ``run_loop`` hands the window's points at ``at_ns`` to the next day's first time step.
        Fitted to the AheadOfData hour regression (its check needs both) as well as read in C#."""
        configs: list[SubscriptionDataConfig] = []
        for state in self.chains.values():
            if state.continuous_released or state.mapped is None or not state.continuous_configs:
                continue
            if not self._is_selection_day(state, next_day):
                continue
            mapped = state.mapped_on(next_day)
            if mapped is None or mapped == state.mapped:
                continue
            for config in state.continuous_configs:
                if config.resolution != Resolution.DAILY:
                    config.roll_cutoff_ns = at_ns
                    configs.append(config)
        return configs

    @staticmethod
    def _starting_before_run_end(
        steps: Iterator[tuple[int, list[Any]]], end_ns: int
    ) -> Iterator[tuple[int, list[Any]]]:
        """The last day's time steps without the points that start at the run's end (``end_ns``, the
        midnight after the end date); a step left without points is skipped.

        LEAN's ``SubscriptionFilterEnumerator`` ends a subscription at its first point whose
        ``Time`` is past the subscription's end (the end date's last tick): a bar ending at that
        midnight starts before it and is emitted, but an instantaneous point stamped at it (open
        interest, a ``Tick``: ``EndTime`` is ``Time``) is not. Only the last window is wrapped."""
        for time_ns, points in steps:
            if time_ns == end_ns:
                keep = [k for k, p in enumerate(points) if getattr(p, "time", None) != getattr(p, "end_time", None)]
                if not keep:
                    continue
                if len(keep) < len(points):
                    points = select_points(points, keep)
            yield time_ns, points

    def _symbol_change_step(
        self, day_start_ns: int, steps: Iterator[tuple[int, list[Any]]], on_data: Callable[[Any], None] | None
    ) -> Iterator[tuple[int, list[Any]]]:
        """LEAN emits a continuous contract's ``SymbolChangedEvent`` as data stamped at midnight, and a
        chain selection's security changes in the time slice of its selection data: they get a time
        step at the start of the day unless the day's first data is at midnight."""
        first = next(steps, None)
        at = max(day_start_ns, self.clock.utc_now_ns())
        if first is None or first[0] > at:
            self._delisting_steps_before(at, on_data)
            self._step(at, [], on_data)
        return steps if first is None else itertools.chain([first], steps)

    def _silent_slice_snapshot(
        self, steps: Iterator[tuple[int, list[Any]]], window_end: int
    ) -> Iterator[tuple[int, list[Any]]]:
        """Take a due capacity snapshot in a time slice Keel does not step through: LEAN emits the
        open interest read outside the bar grid (``HistoricalFeed.silent_ends``, internal data) in
        time slices of its own, and every time slice runs ``BacktestingResultHandler.
        ProcessSynchronousEvents`` -> ``CapacityEstimate.UpdateMarketCapacity``; so a snapshot due
        before the window's first step (a non-extended future's 02:06 / 07:51 New York open interest
        before the open) is taken there, ahead of that step's fills. Only the snapshot is modelled
        for these slices (their scheduled events and samples come with the next step, unchanged)."""
        first = next(steps, None)
        capacity = self.capacity
        if capacity is not None:
            until = first[0] if first is not None else window_end
            due, now = capacity.snapshot_due_ns, self.clock.utc_now_ns()
            silent = min((t for t in self.feed.silent_ends if t >= due and now < t < until), default=None)
            if silent is not None:
                self.set_time(silent)
                capacity.on_selection_slice()
        return steps if first is None else itertools.chain([first], steps)

    def _delisting_steps_before(self, time_ns: int, on_data: Callable[[Any], None] | None) -> None:
        """Time steps of their own for delistings due before ``time_ns`` (LEAN emits them without data)."""
        queue = self._delistings
        while queue and queue[0][0] < time_ns and queue[0][0] > self.clock.utc_now_ns():
            if queue[0][1] == 0:
                # warnings ride along with the next data step
                self._warn_delisting_or_defer(heapq.heappop(queue))
                continue
            if self._delisted_after_run(queue[0]):
                heapq.heappop(queue)
                continue
            self._step(queue[0][0], [], on_data)

    def _finish_warm_up(self, start_ns: int) -> None:
        algo = self.algorithm
        algo.is_warming_up = False
        self.feed.end_warm_up()
        if self.sampler is not None:
            self.sampler.reset_start(algo.portfolio.total_portfolio_value)
        handler = self._handler("on_warmup_finished")
        if handler is not None:
            self._call_user(handler)

    def _fire_due(self, until_ns: int, events_until_ns: int | None = None) -> None:
        """Fire daily samples and scheduled events due at or before ``until_ns`` (scheduled events only
        up to ``events_until_ns`` when given), in time order."""
        algo = self.algorithm
        sampler = self.sampler
        schedule = algo.schedule
        while True:
            next_sample = sampler.next_daily() if sampler is not None and not algo.is_warming_up else None
            next_event = schedule.next_time
            if next_event is not None and events_until_ns is not None and next_event > events_until_ns:
                next_event = None
            candidates = [t for t in (next_sample, next_event) if t is not None and t <= until_ns]
            if not candidates:
                return
            t = min(candidates)
            # LEAN fires a past event when the next slice arrives, with the clock set back to its time
            self.set_time(t)
            if next_sample is not None and next_sample == t and sampler is not None:
                sampler.sample_daily(t)
                continue
            due = schedule.next_due(t)
            if due is not None:
                self._call_user(due[1].callback)

    def _step(self, time_ns: int, points: list[Any], on_data: Callable[[Any], None] | None) -> None:
        # runs once per time step (per bar): locals instead of repeated attribute lookups, no
        # object built that nobody reads (the slice's rarely used tables are made on first read)
        algo = self.algorithm
        sampler = self.sampler
        next_event = algo.schedule.next_time
        # LEAN (BacktestingRealTimeHandler): events before this slice fire first (ScanPastEvents, the
        # clock set back), events due at the slice time fire in SetTime after its prices and fills
        event_now = next_event is not None and next_event <= time_ns
        if (sampler is not None and time_ns > sampler.next_daily_ns) or (
            next_event is not None and time_ns > next_event
        ):
            self._fire_due(time_ns - 1)
        # ``set_time``, inlined
        self.clock.set(time_ns)  # type: ignore[attr-defined]
        algo._utc_ns = time_ns
        for zone in self._zone_clocks_list:
            zone.ns = time_ns
        self._last_step_ns = time_ns
        if time_ns >= self._next_settlement_ns:
            # daily futures settlement marks positions at the prices known before this slice
            algo.portfolio.scan_for_cash_settlement(algo.utc_time)
            self._next_settlement_ns = (time_ns // NS_PER_HOUR + 1) * NS_PER_HOUR
        slice_ = Slice(None, None, time_ns, algo.time_zone)
        bars = slice_.bars
        in_slice = False  # some point went into the slice (so it has data)
        if points:
            securities = self.all_securities
            visible = algo.securities
            consolidators_by_key = self._consolidators
            indicators_by_symbol = self.indicators
            # LEAN: internal subscriptions' data updates the security, never the slice or consolidators
            internal = getattr(points, "internal", None)
            if internal is not None and self._shadowing:  # off: this one check per step
                points, internal = self._drop_shadowed(points, internal)
            for k, point in enumerate(points):
                symbol = point.symbol
                security = securities.get(symbol)
                if security is None:
                    continue
                security.set_market_price(point)
                # points carry Symbols: the plain dict lookup skips the ticker-string resolution
                if (internal is not None and internal[k]) or not _dict_contains(visible, symbol):
                    continue
                in_slice = True
                self.algorithm_data_points += 1
                cls = type(point)
                if cls is TradeBar:
                    bars[symbol] = point
                elif cls is QuoteBar:
                    slice_.quote_bars[symbol] = point
                elif cls is OpenInterest:
                    slice_.open_interest[symbol] = point
                elif cls is Tick:
                    slice_.ticks.setdefault(symbol, []).append(point)
                if consolidators_by_key:
                    for consolidator in consolidators_by_key.get((symbol, cls), ()):
                        consolidator.update(point)
                if cls is TradeBar:
                    indicators = indicators_by_symbol.get(symbol)
                    if indicators:
                        for indicator in indicators:
                            indicator.update(point)
            self.data_points += len(points)
        # queued order updates/cancels, then fills, expiries, settlement, margin
        self.transactions.process_pending_requests()
        self.brokerage.scan()
        if event_now and algo.schedule.next_time == time_ns:
            self._fire_due(time_ns)
        if self._day_order_expiry:
            self._expire_day_orders(time_ns)
        if time_ns >= self._next_margin_call_ns:
            self._margin_call()
            self._next_margin_call_ns = time_ns + 5 * NS_PER_MINUTE
        if self._delistings and self._delistings[0][0] <= time_ns:
            self._check_delistings(time_ns)
        if sampler is not None and time_ns == sampler.next_daily_ns and not algo.is_warming_up:
            # LEAN's midnight sampling event due at this very slice fires within the slice (``SetTime``),
            # not after it: it sees the slice's prices, the fills of resting orders and delisting
            # liquidations, but not the orders ``on_data`` places (a run ending on a midnight slice
            # keeps this value: the final sample at the same time adds no chart point)
            sampler.sample_daily(time_ns)
        # chains, events and the user's on_data
        if self.chains:
            for canonical, state in self.chains.items():
                if not state.members:
                    continue
                contracts = {s: FuturesContract(sec) for s, sec in state.members.items() if s in slice_}
                if contracts:
                    slice_.futures_chains[canonical] = FutureChain(canonical, contracts)
                    in_slice = True  # the chain makes the slice carry data (``has_data``)
        symbol_changed = delisted = False
        if self._pending_symbol_changes:
            for canonical, event in self._pending_symbol_changes.items():
                slice_.symbol_changed_events[canonical] = event
                self._adopt_mapped_prices(canonical, event.new_symbol)
            self._pending_symbol_changes = {}
            symbol_changed = True
        if self._pending_delistings:
            for symbol, delisting in self._pending_delistings.items():
                slice_.delistings[symbol] = delisting
            self._pending_delistings = {}
            delisted = True
        if self._pending_added or self._pending_removed:
            changes = SecurityChanges(
                [s for s in self._pending_added if not _is_internal(s)], list(self._pending_removed)
            )
            self._pending_added, self._pending_removed = [], []
            handler = self._handler("on_securities_changed")
            if changes.added_securities or changes.removed_securities:
                if handler is not None:
                    self._call_user(handler, changes)
                self._call_user(algo._framework_securities_changed, changes)
        if symbol_changed:
            handler = self._handler("on_symbol_changed_events")
            if handler is not None:
                self._call_user(handler, slice_.symbol_changed_events)
        if delisted:
            handler = self._handler("on_delistings")
            if handler is not None:
                self._call_user(handler, slice_.delistings)
        if in_slice or symbol_changed or delisted:  # the slice has data (``Slice.has_data``)
            if on_data is not None:
                try:
                    on_data(slice_)
                except Exception as exc:
                    raise self._user_error(on_data, exc) from exc
            if _FRAMEWORK_STATE in algo.__dict__:
                self._call_user(algo._framework_step, slice_)
        if self.transactions.has_pending_requests:
            # LEAN's second ``ProcessSynchronousEvents`` after OnData: the updates queued in this
            # step are applied now and the brokerage rescans, so an updated order can fill on this bar
            self.transactions.process_pending_requests()
            self.brokerage.scan()
        if sampler is not None and time_ns >= sampler.next_intraday_ns and not algo.is_warming_up:
            sampler.sample_intraday(time_ns)
        capacity = self.capacity
        if capacity is not None:
            # no capture window open and no snapshot due: the update would change nothing
            if time_ns < capacity.idle_until_ns:
                capacity.last_bars = (bars, slice_.quote_bars)
            else:
                capacity.update(bars, slice_.quote_bars)

    def _margin_call(self) -> None:
        portfolio = self.algorithm.portfolio
        model = getattr(portfolio, "margin_call_model", None)
        if model is None or not hasattr(model, "get_margin_call_orders"):
            return
        requests, warning = model.get_margin_call_orders()
        if requests:
            exchanges_open = all(
                self.algorithm.securities[r.symbol].exchange.exchange_open
                for r in requests
                if r.symbol in self.algorithm.securities
            )
            if not exchanges_open:
                return
            handler = self._handler("on_margin_call")
            if handler is not None:
                changed = self._call_user(handler, requests)
                if changed is not None:
                    requests = changed
            for ticket in model.execute_margin_call(requests):
                self.log(f"Executed MarginCallOrder: {ticket}")
            return
        if warning:
            handler = self._handler("on_margin_call_warning")
            if handler is not None:
                self._call_user(handler)

    def _submit_margin_call(self, request: Any) -> Any:
        request.utc_time = self.utc_now()
        return self.transactions.submit(request)


_dict_contains = dict.__contains__
_dict_get = dict.get
_E_EQUITY = SecurityType.EQUITY  # read per order: an Enum class attribute read is slow in CPython 3.11


def _unpack_check(result: Any) -> tuple[bool, str]:
    if isinstance(result, tuple):
        ok, message = result[0], result[1] if len(result) > 1 else None
    else:
        ok, message = bool(result), None
    text = getattr(message, "message", message) or ""
    return bool(ok), str(text)


def _off_tick_prices(order: Order, security: Any) -> list[tuple[str, float, float]]:
    """(field, price, rounded) of each order price that is not a multiple of the tick size."""
    found = []
    for field in ("limit_price", "stop_price", "trigger_price"):
        price = getattr(order, field)
        if price is None:
            continue
        # the tick the price must be a multiple of (LEAN's ``PriceVariationModel``; 0 = any)
        tick = security.get_minimum_price_variation(price)
        if not tick:
            continue
        steps = price / tick
        if abs(steps - round(steps)) > 1e-6:
            decimals = max(0, -Decimal(str(tick)).as_tuple().exponent)  # type: ignore[operator]
            found.append((field, price, round(round(steps) * tick, decimals)))
    return found


def _close_is_quote_mid(security: Any) -> bool:
    """Whether the security's close is the mid of a two-sided quote bar (LEAN's ``QuoteBar.Close``:
    ``(Bid.Close + Ask.Close) / 2``, a decimal quotient whose scale :mod:`lean_order_json` rebuilds)."""
    last = security.cache.get_data()
    if type(last) is not QuoteBar:
        return False
    bid, ask = last.bid, last.ask
    return bid is not None and ask is not None and bool(bid.close) and bool(ask.close)


def _is_internal(security: Any) -> bool:
    subs = getattr(security, "subscriptions", [])
    return bool(subs) and all(getattr(c, "is_internal", False) for c in subs)


def _tz_name(hours: Any) -> str:
    return zone_name(getattr(hours, "time_zone", "UTC"))


def _start_lean_copy(config: SubscriptionDataConfig, copies: int, now_ns: int) -> None:
    """``config`` now stands for ``copies`` LEAN subscriptions (see ``SubscriptionDataConfig.lean_copies``).

    LEAN's continuous universe subscribes the mapped contract with enumerators of its own, started
    at the mapping (``copy_since_ns``): they emit nothing, not even fill-forward, before a bar read
    from then on. When the chain drops the contract but the continuous universe keeps it, the
    stream stands for those enumerators alone: one that has not had a bar yet holds the stream's
    points back the same way (``pending_since_ns``)."""
    if copies == 2:
        config.copy_since_ns = now_ns
    else:
        if config.is_internal and config.copy_since_ns is not None:
            config.pending_since_ns = config.copy_since_ns
        config.copy_since_ns = None
    config.lean_copies = copies


def _decimals(value: float) -> int:
    """Decimal places of a factor as the factor file writes it (its shortest text)."""
    text = repr(float(value))
    if "e" in text or "E" in text:
        return max(0, -Decimal(text).normalize().as_tuple().exponent)  # type: ignore[operator]
    return len(text.partition(".")[2].rstrip("0"))


__all__ = ["AlgorithmRuntimeError", "Engine"]
