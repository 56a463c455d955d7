"""``QCAlgorithm``: the class user algorithms derive from (LEAN's Python API, snake_case first).

The algorithm holds the user-visible state (securities, portfolio, transactions, schedule,
settings) and forwards everything that needs the runtime (subscriptions, history, order
routing) to the engine it is attached to. PascalCase aliases of every public member are
generated at the end of the module.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from typing import Any

from keel.algorithm.aliases import add_pascal_aliases
from keel.algorithm.charting import Chart, Series, SeriesType
from keel.algorithm.consolidators import (
    DataConsolidator,
    QuoteBarConsolidator,
    TradeBarConsolidator,
)
from keel.algorithm.framework.mixin import FrameworkMixin
from keel.algorithm.futures_tickers import Futures
from keel.algorithm.indicators import ExponentialMovingAverage, Indicator, SimpleMovingAverage
from keel.algorithm.scheduling import DateRules, ScheduleManager, TimeRules
from keel.algorithm.settings import AlgorithmSettings, UniverseSettings
from keel.algorithm.technical_indicators import (
    ArnaudLegouxMovingAverage,
    AverageTrueRange,
    BollingerBands,
    DoubleExponentialMovingAverage,
    HullMovingAverage,
    KaufmanAdaptiveMovingAverage,
    LinearWeightedMovingAverage,
    Maximum,
    Minimum,
    Momentum,
    MovingAverageConvergenceDivergence,
    MovingAverageType,
    RateOfChange,
    RelativeStrengthIndex,
    T3MovingAverage,
    TriangularMovingAverage,
    TripleExponentialMovingAverage,
)
from keel.engine.clock import converter, ns_to_utc_datetime
from keel.engine.sampling import smart_round
from keel.model.bars import QuoteBar, TradeBar
from keel.model.enums import (
    DataMappingMode,
    DataNormalizationMode,
    OrderStatus,
    OrderType,
    Resolution,
    SecurityType,
    TickType,
)
from keel.model.orders import (
    CancelOrderRequest,
    MarketOnCloseOrder,
    OrderProperties,
    OrderResponse,
    OrderResponseErrorCode,
    OrderTicket,
    SubmitOrderRequest,
)
from keel.model.slice import DataDictionary, KeyValuePair
from keel.model.symbol import Symbol, lean_key_order, lean_symbol_value

# enum members read on every order, as module globals: in CPython 3.11 a class attribute read of an
# Enum member (``OrderStatus.NEW``) costs ~1,000 instructions (``EnumType.__getattr__`` keeps it off the
# fast path), a global ~10
_E_MARKET, _E_MARKET_ON_OPEN, _E_MARKET_ON_CLOSE = OrderType.MARKET, OrderType.MARKET_ON_OPEN, OrderType.MARKET_ON_CLOSE

RESOLUTION_PERIODS = {
    Resolution.SECOND: timedelta(seconds=1),
    Resolution.MINUTE: timedelta(minutes=1),
    Resolution.HOUR: timedelta(hours=1),
    Resolution.DAILY: timedelta(days=1),
}

# the resolution part of LEAN's CreateIndicatorName (QCAlgorithm.Indicators.cs)
_RESOLUTION_NAME_PARTS = {
    Resolution.TICK: "tick",
    Resolution.SECOND: "sec",
    Resolution.MINUTE: "min",
    Resolution.HOUR: "hr",
    Resolution.DAILY: "day",
}


class AlgorithmError(RuntimeError):
    """A misuse of the algorithm API that LEAN also raises (e.g. ``set_holdings(future, 1.1)``)."""


class SecurityManager(DataDictionary[Any]):
    """``algorithm.securities``: Symbol -> Security, also indexable by ticker string.

    LEAN's ``SecurityManager`` is not a ``DataDictionary``: it enumerates in insertion order, at
    the plain dict's speed (read every time step), not in the slice tables' Symbol order. Like
    LEAN's (an ``IDictionary<Symbol, Security>``), ``for kvp in securities`` yields
    :class:`KeyValuePair` entries (``kvp.key``, ``kvp.value``); ``keys()`` gives the symbols.
    """

    def __iter__(self) -> Iterator[KeyValuePair]:
        return (KeyValuePair(symbol, security) for symbol, security in dict.items(self))

    keys = dict.keys
    values = dict.values
    items = dict.items

    def __getitem__(self, key: Any) -> Any:
        try:
            return dict.__getitem__(self, self._resolve(key))
        except KeyError:
            raise KeyError(
                f"{key} is not in the algorithm's securities; add it with add_future/add_equity first"
            ) from None


class SecurityChanges:
    """Securities added to and removed from the algorithm in one step."""

    def __init__(self, added: list[Any], removed: list[Any]) -> None:
        self.added_securities = added
        self.removed_securities = removed

    @property
    def AddedSecurities(self) -> list[Any]:
        return self.added_securities

    @property
    def RemovedSecurities(self) -> list[Any]:
        return self.removed_securities

    def __repr__(self) -> str:
        added = ", ".join(str(s.symbol) for s in self.added_securities)
        removed = ", ".join(str(s.symbol) for s in self.removed_securities)
        return f"SecurityChanges(added=[{added}], removed=[{removed}])"


class TransactionManager:
    """``algorithm.transactions``: orders and tickets of the run (LEAN's ``SecurityTransactionManager``)."""

    def __init__(self, algorithm: QCAlgorithm) -> None:
        self._algorithm = algorithm

    @property
    def _handler(self) -> Any:
        return self._algorithm._engine.transactions

    def get_order_by_id(self, order_id: int) -> Any:
        """The order with this id, or None."""
        return self._handler.get_order(order_id)

    def get_order_ticket(self, order_id: int) -> OrderTicket | None:
        """The ticket of an order."""
        return self._handler.tickets.get(order_id)

    def get_orders(self, predicate: Callable[[Any], bool] | None = None) -> list[Any]:
        """All orders (optionally filtered)."""
        orders = list(self._handler.orders.values())
        return [o for o in orders if predicate(o)] if predicate else orders

    def get_order_tickets(self, predicate: Callable[[OrderTicket], bool] | None = None) -> list[OrderTicket]:
        """All tickets (optionally filtered)."""
        tickets = list(self._handler.tickets.values())
        return [t for t in tickets if predicate(t)] if predicate else tickets

    def get_open_orders(self, symbol: Any = None) -> list[Any]:
        """Open orders (of ``symbol``, or matching a predicate)."""
        if callable(symbol) and not isinstance(symbol, Symbol):
            return [o for o in self._handler.get_open_orders(None) if symbol(o)]
        return self._handler.get_open_orders(self._algorithm._symbol_or_none(symbol))

    def get_open_order_tickets(self, symbol: Any = None) -> list[OrderTicket]:
        """Tickets of open orders (of ``symbol``, or matching a predicate)."""
        if callable(symbol) and not isinstance(symbol, Symbol):
            return [t for t in self._handler.get_open_order_tickets(None) if symbol(t)]
        return self._handler.get_open_order_tickets(self._algorithm._symbol_or_none(symbol))

    def cancel_open_orders(self, symbol: Any = None, tag: str | None = None) -> list[OrderTicket]:
        """Cancel every open order (of ``symbol``)."""
        return self._handler.cancel_open_orders(self._algorithm._symbol_or_none(symbol), tag)

    def cancel_order(self, order_id: int, tag: str | None = None) -> OrderTicket:
        """Cancel one order by id and return its ticket, as LEAN's ``CancelOrder`` does (the
        response is ``ticket.cancel_request.response`` when the cancel was accepted). An unknown
        id gives an INVALID ticket whose cancel request failed with ``UNABLE_TO_FIND_ORDER``
        (LEAN's ``OrderTicket.InvalidCancelOrderId``)."""
        ticket = self.get_order_ticket(order_id)
        if ticket is not None:
            ticket.cancel(tag)
            return ticket
        now = self.utc_time
        empty = Symbol.create("", SecurityType.BASE, "empty")  # LEAN's Symbol.Empty
        submit = SubmitOrderRequest(OrderType.MARKET, empty, 0, now, tag=tag or "", order_id=order_id)
        invalid = OrderTicket(None, submit)
        invalid.status = OrderStatus.INVALID
        request = CancelOrderRequest(order_id, now, tag)
        request.response = OrderResponse(
            order_id, OrderResponseErrorCode.UNABLE_TO_FIND_ORDER, f"Unable to locate order with id {order_id}."
        )
        invalid.cancel_request = request
        return invalid

    def get_open_orders_remaining_quantity(self, symbol: Any = None) -> float:
        """Unfilled quantity of open orders (of ``symbol``)."""
        total = 0.0
        for ticket in self.get_open_order_tickets(symbol):  # symbol may be a predicate
            total += ticket.quantity - ticket.quantity_filled
        return total

    @property
    def orders_count(self) -> int:
        """Orders accepted by the transaction handler (LEAN's ``OrdersCount``)."""
        return self._handler.orders_count

    @property
    def utc_time(self) -> datetime:
        """The current UTC time."""
        return self._algorithm.utc_time


add_pascal_aliases(TransactionManager)


class QCAlgorithm(FrameworkMixin):
    """Base class of every Keel algorithm (LEAN's ``QCAlgorithm``)."""

    def __init__(self) -> None:
        from keel.securities.cash import CashBook

        self.settings = AlgorithmSettings()
        self.universe_settings = UniverseSettings()
        self.securities = SecurityManager()
        self.cash_book = CashBook("USD")
        self.portfolio = self._create_portfolio()
        self.transactions = TransactionManager(self)
        self.schedule = ScheduleManager(self)
        self.date_rules = DateRules(self)
        self.time_rules = TimeRules(self)
        self.default_order_properties = OrderProperties()
        self.brokerage_model: Any = None
        self.security_initializer: Callable[[Any], None] | None = None
        self.parameters: dict[str, str] = {}
        self.runtime_statistics: dict[str, str] = {}
        #: LEAN's ``EnableAutomaticIndicatorWarmUp``: the indicator helpers warm their indicator up
        self.enable_automatic_indicator_warm_up = False
        # the algorithm's charts by name, plotted or added (add_chart/add_series), with their series
        self._chart_objects: dict[str, Chart] = {}
        self.logs: list[str] = []
        self.benchmark_symbol: Symbol | None = None
        self.benchmark_function: Callable[[datetime], float] | None = None
        self.start_date = datetime(1998, 1, 1)
        self.end_date: datetime | None = None
        self.time_zone = "America/New_York"
        self.is_warming_up = False
        self.warm_up_period: timedelta | int | None = None
        self.warm_up_resolution: Resolution | None = None
        self.quit_requested = False
        self.quit_message = ""
        self.live_mode = False
        self._engine: Any = None
        self._utc_ns = 0
        self._time_ns = -1
        self._utc_time_ns = -1
        self._time = datetime(1998, 1, 1)
        self._utc_time = datetime(1998, 1, 1)
        self._initial_cash_set = False
        self.cash_book.add("USD", 100_000.0, 1.0)

    def _create_portfolio(self) -> Any:
        from keel.securities.portfolio import SecurityPortfolioManager

        return SecurityPortfolioManager(self.securities, self.cash_book)

    # ====================================================================================
    # event handlers (override in the algorithm; PascalCase spellings work too)
    def initialize(self) -> None:
        """Set up the algorithm: dates, cash, securities, schedules."""

    def on_data(self, slice: Any) -> None:
        """Called with every time slice."""

    def on_order_event(self, order_event: Any) -> None:
        """Called with every order event."""

    def on_securities_changed(self, changes: SecurityChanges) -> None:
        """Called when securities are added or removed."""

    def on_symbol_changed_events(self, symbol_changed_events: Any) -> None:
        """Called when a continuous contract maps to a new contract."""

    def on_delistings(self, delistings: Any) -> None:
        """Called with delisting warnings and delistings."""

    def on_end_of_day(self, symbol: Any = None) -> None:
        """Called at the end of each trading day (per symbol in LEAN's newer API)."""

    def on_end_of_algorithm(self) -> None:
        """Called once after the last slice."""

    def on_warmup_finished(self) -> None:
        """Called when warm-up ends."""

    def on_margin_call(self, requests: list[Any]) -> list[Any]:
        """Inspect or change margin call orders before they are executed."""
        return requests

    def on_margin_call_warning(self) -> None:
        """Remaining margin is low."""

    def on_brokerage_message(self, message: Any) -> None:
        """A message from the brokerage."""

    # ====================================================================================
    # time
    def _set_utc_ns(self, utc_ns: int) -> None:
        self._utc_ns = utc_ns

    @property
    def time(self) -> datetime:
        """Current time in the algorithm's time zone (naive)."""
        if self._time_ns != self._utc_ns:
            self._time = converter(self.time_zone).to_local(self._utc_ns)
            self._time_ns = self._utc_ns
        return self._time

    @property
    def utc_time(self) -> datetime:
        """Current time, naive UTC."""
        if self._utc_time_ns != self._utc_ns:
            self._utc_time = ns_to_utc_datetime(self._utc_ns)
            self._utc_time_ns = self._utc_ns
        return self._utc_time

    # ====================================================================================
    # set-up
    def set_start_date(self, year: int | date | datetime, month: int | None = None, day: int | None = None) -> None:
        """First date of the backtest (the algorithm clock moves there, as in LEAN)."""
        self.start_date = _to_datetime(year, month, day)
        self._set_utc_ns(converter(self.time_zone).local_to_utc_ns(self.start_date))

    def set_end_date(self, year: int | date | datetime, month: int | None = None, day: int | None = None) -> None:
        """Last date of the backtest (inclusive)."""
        self.end_date = _to_datetime(year, month, day)

    def set_cash(
        self, currency_or_amount: str | float, amount: float | None = None, conversion_rate: float = 1.0
    ) -> None:
        """Starting cash: ``set_cash(100000)`` or ``set_cash("EUR", 1000, 1.1)``."""
        if isinstance(currency_or_amount, str):
            if amount is None:
                raise ValueError("set_cash(currency, amount) needs an amount")
            self.portfolio.set_cash(currency_or_amount, float(amount), conversion_rate)
        else:
            self.portfolio.set_cash(float(currency_or_amount))
        self._initial_cash_set = True

    def set_account_currency(self, currency: str, starting_cash: float | None = None) -> None:
        """Change the account currency (before adding securities); cash restarts at the default 100,000."""
        if len(self.securities):
            raise AlgorithmError("set_account_currency must be called before any security is added")
        previous = self.portfolio.cash if self._initial_cash_set else 100_000.0
        self.portfolio.set_account_currency(currency.upper())
        self.cash_book = self.portfolio.cash_book
        self.cash_book.add(currency.upper(), float(starting_cash if starting_cash is not None else previous), 1.0)

    def set_time_zone(self, time_zone: str | Any) -> None:
        """Algorithm time zone (IANA name, e.g. ``"America/New_York"``)."""
        name = time_zone if isinstance(time_zone, str) else getattr(time_zone, "key", str(time_zone))
        converter(name)
        self.time_zone = name
        self._time_ns = -1
        self._set_utc_ns(converter(name).local_to_utc_ns(self.start_date))

    def set_benchmark(self, benchmark: Any) -> None:
        """Benchmark: a ticker/symbol, or a function of time returning a value."""
        if callable(benchmark) and not isinstance(benchmark, (str, Symbol)):
            self.benchmark_function = benchmark
            self.benchmark_symbol = None
        else:
            self.benchmark_function = None
            self.benchmark_symbol = (
                benchmark if isinstance(benchmark, Symbol) else self._engine.benchmark_symbol_for(benchmark)
            )

    def set_warm_up(self, period: int | timedelta, resolution: Resolution | None = None) -> None:
        """Warm up with ``period`` bars (int) or a time span before the start date."""
        self.warm_up_period = period
        self.warm_up_resolution = resolution

    def set_brokerage_model(self, model: Any, account_type: Any = None) -> None:
        """Brokerage model by name (+ account type) or instance; applies to securities added later and now."""
        from keel.reality.brokerage_models import brokerage_model_from_name

        if not hasattr(model, "get_fee_model"):
            model = brokerage_model_from_name(model, account_type)
        self.brokerage_model = model
        if self._engine is not None:
            self._engine.on_brokerage_model_changed()

    def set_security_initializer(self, initializer: Any) -> None:
        """A function (or initializer object) run on every security as it is added."""
        self.security_initializer = getattr(initializer, "initialize", initializer)

    def get_parameter(self, name: str, default: Any = None) -> Any:
        """A parameter passed with ``--parameter name value`` (typed like ``default``)."""
        value = self.parameters.get(name)
        if value is None:
            return default
        if isinstance(default, bool):
            return value.lower() in ("1", "true", "yes")
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
        return value

    def set_parameters(self, parameters: dict[str, str]) -> None:
        """Set all parameters (the CLI does this before ``initialize``)."""
        self.parameters = dict(parameters)

    # ====================================================================================
    # securities
    def add_future(
        self,
        ticker: str,
        resolution: Resolution | None = None,
        market: str | None = None,
        fill_forward: bool = True,
        leverage: float | None = None,
        extended_market_hours: bool = False,
        data_mapping_mode: DataMappingMode | None = None,
        data_normalization_mode: DataNormalizationMode | None = None,
        contract_depth_offset: int = 0,
        **kwargs: Any,
    ) -> Any:
        """Add a futures chain and its continuous contract (``future.mapped``).

        Like LEAN's ``AddFuture``, a contract depth offset beyond
        ``Futures.MAXIMUM_CONTRACT_DEPTH_OFFSET`` (negative offsets count by their absolute value)
        raises ``ValueError`` (LEAN: ``ArgumentOutOfRangeException``).
        """
        depth = _lean_kwarg(kwargs, "contractDepthOffset", contract_depth_offset)
        if abs(int(depth)) > Futures.MAXIMUM_CONTRACT_DEPTH_OFFSET:
            raise ValueError(
                f"'contract_depth_offset' current maximum value is {Futures.MAXIMUM_CONTRACT_DEPTH_OFFSET}:"
                f" front month (0) and only {Futures.MAXIMUM_CONTRACT_DEPTH_OFFSET} back month contracts are"
                f" supported, got {depth}"
            )
        return self._engine.add_future(
            ticker,
            self._resolution_or_default(resolution),
            market,
            _lean_kwarg(kwargs, "fillForward", fill_forward),
            _lean_kwarg(kwargs, "extendedMarketHours", extended_market_hours),
            _lean_kwarg(kwargs, "dataMappingMode", data_mapping_mode),
            _lean_kwarg(kwargs, "dataNormalizationMode", data_normalization_mode),
            abs(int(depth)),
            _lean_kwarg(kwargs, "leverage", leverage),
        )

    def _resolution_or_default(self, resolution: Resolution | None) -> Resolution:
        """LEAN's ``resolution ?? UniverseSettings.Resolution`` (QCAlgorithm.AddSecurity): only a
        missing resolution takes the universe setting; ``Resolution.TICK`` is 0, so ``or`` is wrong."""
        return resolution if resolution is not None else self.universe_settings.resolution

    def add_future_contract(
        self,
        symbol: Symbol,
        resolution: Resolution | None = None,
        fill_forward: bool = True,
        leverage: float | None = None,
        extended_market_hours: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Add one futures contract."""
        return self._engine.add_contract(
            symbol,
            self._resolution_or_default(resolution),
            _lean_kwarg(kwargs, "fillForward", fill_forward),
            _lean_kwarg(kwargs, "extendedMarketHours", extended_market_hours),
            leverage,
        )

    def add_equity(
        self,
        ticker: str,
        resolution: Resolution | None = None,
        market: str | None = None,
        fill_forward: bool = True,
        leverage: float | None = None,
        extended_market_hours: bool = False,
        data_normalization_mode: DataNormalizationMode | None = None,
        **kwargs: Any,
    ) -> Any:
        """Add a US equity (e.g. SPY); prices follow ``data_normalization_mode`` (default: the
        universe setting, Adjusted)."""
        mode = _lean_kwarg(kwargs, "dataNormalizationMode", data_normalization_mode)
        return self._engine.add_equity(
            ticker,
            self._resolution_or_default(resolution),
            market or "usa",
            _lean_kwarg(kwargs, "fillForward", fill_forward),
            _lean_kwarg(kwargs, "extendedMarketHours", extended_market_hours),
            _lean_kwarg(kwargs, "leverage", leverage),
            normalization=mode if mode is not None else self.universe_settings.data_normalization_mode,
        )

    def add_index(
        self,
        ticker: str,
        resolution: Resolution | None = None,
        market: str | None = None,
        fill_forward: bool = True,
        **kwargs: Any,
    ) -> Any:
        """Add a cash index (e.g. ``HSI``): trade bars only, not tradable."""
        return self._engine.add_index(ticker, self._resolution_or_default(resolution), market, fill_forward)

    def add_security(
        self, symbol_or_type: Any, ticker: str | None = None, resolution: Resolution | None = None, **kwargs: Any
    ) -> Any:
        """Add a security by symbol, or by (security type, ticker)."""
        if isinstance(symbol_or_type, Symbol):
            if symbol_or_type.security_type == SecurityType.FUTURE:
                if symbol_or_type.is_canonical:
                    return self.add_future(symbol_or_type.id.symbol, resolution, symbol_or_type.id.market, **kwargs)
                return self.add_future_contract(symbol_or_type, resolution, **kwargs)
            return self.add_equity(symbol_or_type.value, resolution, symbol_or_type.id.market, **kwargs)
        security_type = SecurityType(symbol_or_type)
        if ticker is None:
            raise ValueError("add_security(security_type, ticker, ...) needs a ticker")
        if security_type == SecurityType.FUTURE:
            return self.add_future(ticker, resolution, **kwargs)
        if security_type == SecurityType.EQUITY:
            return self.add_equity(ticker, resolution, **kwargs)
        raise ValueError(f"Keel supports futures and equities; {security_type.name} is not supported yet")

    def remove_security(self, symbol: Any, tag: str | None = None) -> bool:
        """Remove a security (liquidating it first, as LEAN does)."""
        return bool(self._engine.remove_security(self.symbol(symbol), tag))

    def symbol(self, ticker_or_symbol: Any) -> Symbol:
        """The Symbol of a ticker already added (or the symbol itself)."""
        if isinstance(ticker_or_symbol, Symbol):
            return ticker_or_symbol
        if hasattr(ticker_or_symbol, "symbol") and isinstance(ticker_or_symbol.symbol, Symbol):
            return ticker_or_symbol.symbol
        resolved = self.securities._resolve(str(ticker_or_symbol))
        if isinstance(resolved, Symbol):
            return resolved
        raise KeyError(f"unknown ticker {ticker_or_symbol!r}: add it with add_future/add_equity first")

    def _symbol_or_none(self, value: Any) -> Symbol | None:
        return None if value is None else self.symbol(value)

    def futures_chain(self, symbol: Any, flatten: bool = False) -> Any:
        """The contracts of a futures chain now (LEAN's ``FuturesChain``): the latest chain file known,
        read as LEAN does through a universe history request (one history data point per collection
        returned); see :func:`keel.engine.chain_provider.futures_chain`.
        """
        return self._engine.futures_chain(symbol)

    @property
    def active_securities(self) -> SecurityManager:
        """LEAN's ``ActiveSecurities``: the securities in the algorithm's universes now (added and not
        removed since), unlike ``securities`` which keeps every security ever added."""
        active = SecurityManager()
        configs = self._engine.configs
        for symbol, security in self.securities.items():
            if any(not c.is_internal for c in configs.get(symbol, ())):
                active[symbol] = security
        return active

    @property
    def future_chain_provider(self) -> Any:
        """LEAN's ``FutureChainProvider``: ``get_future_contract_list(symbol, date)``."""
        return _FutureChainProvider(self)

    def futures_chains(self, symbols: Iterable[Any], flatten: bool = False) -> dict[Symbol, Any]:
        """``futures_chain`` for several canonical symbols, keyed in LEAN's ``DataDictionary`` key order:
        a :class:`~keel.algorithm.lean_compat.FuturesChains` (a dict with LEAN's ``data_frame``; see
        :class:`keel.engine.universe.FutureChain`)."""
        from keel.algorithm.lean_compat import FuturesChains

        chains = {self._engine.canonical(s): self._engine.futures_chain(s) for s in symbols}
        return FuturesChains(dict(sorted(chains.items(), key=lambda item: lean_key_order(item[0]))), flatten)

    def is_market_open(self, symbol: Any) -> bool:
        """True when the symbol's exchange is in its REGULAR session now (LEAN's ``IsMarketOpen``).

        As LEAN (``Extensions.IsMarketOpen(security, false)``: ``Exchange.Hours.IsOpen(LocalTime,
        false)``), extended hours never count, whatever the subscription, and there is no
        "open during the latest bar" allowance (that one belongs to the fill models). A symbol with
        no security uses the market-hours database entry.
        """
        resolved = self.symbol(symbol)
        security = self.securities.get(resolved)
        if security is not None:
            hours = security.exchange.hours
        else:
            sid = resolved.id
            hours = self._engine.mhdb.get_entry(sid.market, sid.symbol, sid.security_type).exchange_hours
        local = converter(_tz_name(hours)).to_local(self._utc_ns)
        return bool(hours.is_open_at(local, False))

    # ====================================================================================
    # data tools
    def history(self, *args: Any, **kwargs: Any) -> Any:
        """Historical data as a pandas DataFrame (LEAN's ``History``)."""
        return self._engine.history(*args, **kwargs)

    def consolidate(
        self, symbol: Any, period: Any, handler: Callable[[Any], None] | None = None, tick_type: Any = None
    ) -> DataConsolidator:
        """Consolidate a subscription into bars of ``period`` (timedelta, Resolution or calendar function)."""
        if handler is None and callable(tick_type):
            handler, tick_type = tick_type, None
        symbol = self.symbol(symbol)
        security = self.securities[symbol]
        use_quotes = tick_type is not None and int(tick_type) == TickType.QUOTE
        if not use_quotes and not any(c.data_type is TradeBar for c in security.subscriptions):
            use_quotes = any(c.data_type is QuoteBar for c in security.subscriptions)
        consolidator = _daily_consolidator(self.settings, security, period, use_quotes)
        if consolidator is None:
            consolidator = self.create_consolidator(period, QuoteBar if use_quotes else TradeBar)
        if handler is not None:
            consolidator.data_consolidated.append(lambda _sender, bar: handler(bar))
        self.subscription_manager_add_consolidator(symbol, consolidator, use_quotes)
        return consolidator

    def subscription_manager_add_consolidator(self, symbol: Any, consolidator: Any, quotes: bool | None = None) -> None:
        """Attach a consolidator to the symbol's trade (or quote) subscription."""
        self._engine.add_consolidator(self.symbol(symbol), consolidator, quotes)

    @property
    def subscription_manager(self) -> Any:
        """LEAN's ``SubscriptionManager`` (consolidator registration)."""
        return _SubscriptionManager(self)

    def register_indicator(
        self, symbol: Any, indicator: Indicator, resolution: Any = None, selector: Callable[[Any], float] | None = None
    ) -> None:
        """Update ``indicator`` from the symbol's data (consolidated to ``resolution``)."""
        symbol = self.symbol(symbol)
        if selector is not None:
            indicator.selector = selector
        quotes = getattr(indicator, "input_type", None) is QuoteBar
        if isinstance(resolution, DataConsolidator):
            consolidator = resolution
            # LEAN's SubscriptionManager.AddConsolidator: the subscription of the consolidator's input type
            by_quotes = isinstance(consolidator, QuoteBarConsolidator)
            self.subscription_manager_add_consolidator(symbol, consolidator, by_quotes)
        elif quotes or (resolution is not None and self._needs_consolidation(symbol, resolution)):
            # an IndicatorBase[QuoteBar] reads the quote subscription (LEAN's ResolveConsolidator with typeof(T))
            period = resolution if resolution is not None else self._native_resolution(symbol)
            consolidator = self.consolidate(symbol, period, None, TickType.QUOTE if quotes else None)
        else:
            self._engine.add_indicator(symbol, indicator)
            return
        def update_indicator(_sender: Any, bar: Any) -> None:
            indicator.update(bar)

        consolidator.data_consolidated.append(update_indicator)

    def _needs_consolidation(self, symbol: Symbol, resolution: Any) -> bool:
        if isinstance(resolution, timedelta):
            return True
        return Resolution(resolution) != self._native_resolution(symbol)

    def _native_resolution(self, symbol: Symbol) -> Resolution:
        security = self.securities[symbol]
        return min((c.resolution for c in security.subscriptions), default=Resolution.MINUTE)

    @staticmethod
    def create_consolidator(period: Any, data_type: type | None = None, tick_type: Any = None) -> DataConsolidator:
        """A consolidator of ``period`` (timedelta, Resolution or calendar function) for ``data_type``
        input, not yet registered (LEAN's ``CreateConsolidator(period, consolidatorInputType)``):
        quote bars (or a quote tick type) give a quote-bar consolidator, anything else a trade-bar one."""
        if isinstance(period, Resolution):
            period = RESOLUTION_PERIODS[period]
        quotes = data_type is QuoteBar or (tick_type is not None and int(tick_type) == TickType.QUOTE)
        cls = QuoteBarConsolidator if quotes else TradeBarConsolidator
        if callable(period) and not isinstance(period, timedelta):
            return cls(calendar=_calendar_adapter(period))
        return cls(period)

    def create_indicator_name(self, symbol: Any, type: str, resolution: Any = None) -> str:
        """LEAN's ``CreateIndicatorName``: the name the indicator helpers give, ``type`` with the
        symbol and the resolution added to its arguments: ``SMA(10)`` on SPY minute data is
        ``SMA(10,SPY_min)``, a type without arguments gets them (``AD`` -> ``AD(SPY_min)``).

        As LEAN (``Invariant($"{type}({string.Join("_", parts)})").Replace(")(", ",")``): the
        parts are the symbol's text (its ticker, ``Symbol.ToString()``) unless the symbol is
        empty, and ``tick``/``sec``/``min``/``hr``/``day``; without a resolution, the one of the
        symbol's first subscription by tick type (``GetSubscription``). A resolution given as a
        period or a consolidator (Keel accepts those) also names the subscription's resolution.
        """
        resolved = None if symbol is None or (isinstance(symbol, str) and not symbol) else self.symbol(symbol)
        res = None
        if resolution is not None and not isinstance(resolution, timedelta | DataConsolidator):
            with contextlib.suppress(TypeError, ValueError):
                res = _RESOLUTION_NAME_PARTS[Resolution(int(resolution))]
        if res is None:
            res = self._subscription_resolution_part(resolved) if resolved is not None else ""
        parts = [lean_symbol_value(resolved), res] if resolved is not None else [res]
        return f"{type}({'_'.join(parts)})".replace(")(", ",")

    def _subscription_resolution_part(self, symbol: Symbol) -> str:
        """The resolution part of a helper's name when none is given: LEAN's ``GetSubscription``
        (the symbol's non-internal subscriptions ordered by tick type, the first one)."""
        security = self.securities.get(symbol)
        configs = list(getattr(security, "subscriptions", None) or [])
        public = [c for c in configs if not getattr(c, "is_internal", False)] or configs
        public.sort(key=lambda c: int(getattr(c, "tick_type", 0)))
        for config in public:
            resolution = getattr(config, "resolution", None)
            if resolution is not None:
                return _RESOLUTION_NAME_PARTS[Resolution(int(resolution))]
        return ""  # no subscription (LEAN throws "Please register to receive data for symbol")

    def sma(
        self, symbol: Any, period: int, resolution: Any = None, selector: Callable[[Any], float] | None = None
    ) -> SimpleMovingAverage:
        """A simple moving average updated from ``symbol``'s data."""
        name = self.create_indicator_name(symbol, f"SMA({period})", resolution)
        return self._init_indicator(symbol, SimpleMovingAverage(name, period), resolution, selector)

    def ema(
        self, symbol: Any, period: int, resolution: Any = None, selector: Callable[[Any], float] | None = None
    ) -> ExponentialMovingAverage:
        """An exponential moving average updated from ``symbol``'s data."""
        name = self.create_indicator_name(symbol, f"EMA({period})", resolution)
        return self._init_indicator(symbol, ExponentialMovingAverage(name, period), resolution, selector)

    def _init_indicator(self, symbol: Any, indicator: Any, resolution: Any, selector: Any) -> Any:
        """Register ``indicator`` for automatic updates and, when ``enable_automatic_indicator_warm_up``
        is set, warm it up (LEAN's ``InitializeIndicator`` behind the indicator helpers)."""
        self.register_indicator(symbol, indicator, resolution, selector)
        if self.enable_automatic_indicator_warm_up:
            self.warm_up_indicator(symbol, indicator, resolution, selector)
        return indicator

    def rsi(
        self,
        symbol: Any,
        period: int,
        moving_average_type: Any = MovingAverageType.WILDERS,
        resolution: Any = None,
        selector: Callable[[Any], float] | None = None,
    ) -> RelativeStrengthIndex:
        """A relative strength index of ``symbol``'s closes (LEAN's ``RSI``; Wilder's averages by default)."""
        kind = MovingAverageType(int(moving_average_type))
        name = self.create_indicator_name(symbol, f"RSI({period},{kind})", resolution)
        indicator = RelativeStrengthIndex(name, period, kind)
        return self._init_indicator(symbol, indicator, resolution, selector)

    def atr(
        self,
        symbol: Any,
        period: int,
        moving_average_type: Any = MovingAverageType.SIMPLE,
        resolution: Any = None,
        selector: Callable[[Any], Any] | None = None,
    ) -> AverageTrueRange:
        """An average true range of ``symbol``'s bars (LEAN's ``ATR``: the helper's default smoothing
        is simple, the class's Wilder's, as in LEAN)."""
        name = self.create_indicator_name(symbol, f"ATR({period})", resolution)
        indicator = AverageTrueRange(name, period, moving_average_type)
        return self._init_indicator(symbol, indicator, resolution, selector)

    def bb(
        self,
        symbol: Any,
        period: int,
        k: float,
        moving_average_type: Any = MovingAverageType.SIMPLE,
        resolution: Any = None,
        selector: Callable[[Any], float] | None = None,
    ) -> BollingerBands:
        """Bollinger Bands of ``symbol``'s closes, ``k`` standard deviations wide (LEAN's ``BB``)."""
        name = self.create_indicator_name(symbol, f"BB({period},{_decimal_text(k)})", resolution)
        indicator = BollingerBands(name, period, k, moving_average_type)
        return self._init_indicator(symbol, indicator, resolution, selector)

    def macd(
        self,
        symbol: Any,
        fast_period: int,
        slow_period: int,
        signal_period: int,
        type: Any = MovingAverageType.EXPONENTIAL,
        resolution: Any = None,
        selector: Callable[[Any], float] | None = None,
    ) -> MovingAverageConvergenceDivergence:
        """A MACD of ``symbol``'s closes (LEAN's ``MACD``; exponential averages by default)."""
        name = self.create_indicator_name(symbol, f"MACD({fast_period},{slow_period},{signal_period})", resolution)
        indicator = MovingAverageConvergenceDivergence(name, fast_period, slow_period, signal_period, type)
        return self._init_indicator(symbol, indicator, resolution, selector)

    def mom(
        self, symbol: Any, period: int, resolution: Any = None, selector: Callable[[Any], float] | None = None
    ) -> Momentum:
        """The ``period`` momentum of ``symbol``'s closes (LEAN's ``MOM``)."""
        name = self.create_indicator_name(symbol, f"MOM({period})", resolution)
        return self._init_indicator(symbol, Momentum(name, period), resolution, selector)

    def roc(
        self, symbol: Any, period: int, resolution: Any = None, selector: Callable[[Any], float] | None = None
    ) -> RateOfChange:
        """The ``period`` rate of change of ``symbol``'s closes (LEAN's ``ROC``)."""
        name = self.create_indicator_name(symbol, f"ROC({period})", resolution)
        return self._init_indicator(symbol, RateOfChange(name, period), resolution, selector)

    def lwma(
        self, symbol: Any, period: int, resolution: Any = None, selector: Callable[[Any], float] | None = None
    ) -> LinearWeightedMovingAverage:
        """A linearly weighted moving average of ``symbol``'s closes (LEAN's ``LWMA``)."""
        name = self.create_indicator_name(symbol, f"LWMA({period})", resolution)
        indicator = LinearWeightedMovingAverage(name, period)
        return self._init_indicator(symbol, indicator, resolution, selector)

    def dema(
        self, symbol: Any, period: int, resolution: Any = None, selector: Callable[[Any], float] | None = None
    ) -> DoubleExponentialMovingAverage:
        """A double exponential moving average of ``symbol``'s closes (LEAN's ``DEMA``)."""
        name = self.create_indicator_name(symbol, f"DEMA({period})", resolution)
        indicator = DoubleExponentialMovingAverage(name, period)
        return self._init_indicator(symbol, indicator, resolution, selector)

    def tema(
        self, symbol: Any, period: int, resolution: Any = None, selector: Callable[[Any], float] | None = None
    ) -> TripleExponentialMovingAverage:
        """A triple exponential moving average of ``symbol``'s closes (LEAN's ``TEMA``)."""
        name = self.create_indicator_name(symbol, f"TEMA({period})", resolution)
        indicator = TripleExponentialMovingAverage(name, period)
        return self._init_indicator(symbol, indicator, resolution, selector)

    def trima(
        self, symbol: Any, period: int, resolution: Any = None, selector: Callable[[Any], float] | None = None
    ) -> TriangularMovingAverage:
        """A triangular moving average of ``symbol``'s closes (LEAN's ``TRIMA``)."""
        name = self.create_indicator_name(symbol, f"TRIMA({period})", resolution)
        indicator = TriangularMovingAverage(name, period)
        return self._init_indicator(symbol, indicator, resolution, selector)

    def t3(
        self,
        symbol: Any,
        period: int,
        volume_factor: float = 0.7,
        resolution: Any = None,
        selector: Callable[[Any], float] | None = None,
    ) -> T3MovingAverage:
        """A T3 moving average of ``symbol``'s closes (LEAN's ``T3``; volume factor 0.7 by default)."""
        name = self.create_indicator_name(symbol, f"T3({period},{_decimal_text(volume_factor)})", resolution)
        return self._init_indicator(symbol, T3MovingAverage(name, period, volume_factor), resolution, selector)

    def kama(
        self,
        symbol: Any,
        period: int,
        fast_ema_period: Any = 2,
        slow_ema_period: Any = 30,
        resolution: Any = None,
        selector: Callable[[Any], float] | None = None,
    ) -> KaufmanAdaptiveMovingAverage:
        """A Kaufman adaptive moving average of ``symbol``'s closes (LEAN's ``KAMA``: the
        ``KAMA(symbol, period, resolution, selector)`` overload is ``KAMA(symbol, period, 2, 30, ...)``)."""
        if isinstance(fast_ema_period, Resolution) or fast_ema_period is None:  # KAMA(symbol, period, resolution)
            resolution, selector = fast_ema_period, slow_ema_period if callable(slow_ema_period) else selector
            fast_ema_period, slow_ema_period = 2, 30
        name = self.create_indicator_name(symbol, f"KAMA({period},{fast_ema_period},{slow_ema_period})", resolution)
        indicator = KaufmanAdaptiveMovingAverage(name, period, fast_ema_period, slow_ema_period)
        return self._init_indicator(symbol, indicator, resolution, selector)

    def hma(
        self, symbol: Any, period: int, resolution: Any = None, selector: Callable[[Any], float] | None = None
    ) -> HullMovingAverage:
        """A Hull moving average of ``symbol``'s closes (LEAN's ``HMA``)."""
        name = self.create_indicator_name(symbol, f"HMA({period})", resolution)
        return self._init_indicator(symbol, HullMovingAverage(name, period), resolution, selector)

    def alma(
        self,
        symbol: Any,
        period: int,
        sigma: int = 6,
        offset: float = 0.85,
        resolution: Any = None,
        selector: Callable[[Any], float] | None = None,
    ) -> ArnaudLegouxMovingAverage:
        """An Arnaud Legoux moving average of ``symbol``'s closes (LEAN's ``ALMA``)."""
        name = self.create_indicator_name(symbol, f"ALMA({period},{sigma},{_decimal_text(offset)})", resolution)
        indicator = ArnaudLegouxMovingAverage(name, period, sigma, offset)
        return self._init_indicator(symbol, indicator, resolution, selector)

    def max(
        self, symbol: Any, period: int, resolution: Any = None, selector: Callable[[Any], float] | None = None
    ) -> Maximum:
        """The highest of ``symbol``'s last ``period`` bar highs (LEAN's ``MAX``: the high when the
        symbol has trade bars, else the selector or the value)."""
        if selector is None and self._has_trade_bars(symbol):
            selector = _bar_high
        name = self.create_indicator_name(symbol, f"MAX({period})", resolution)
        return self._init_indicator(symbol, Maximum(name, period), resolution, selector)

    def min(
        self, symbol: Any, period: int, resolution: Any = None, selector: Callable[[Any], float] | None = None
    ) -> Minimum:
        """The lowest of ``symbol``'s last ``period`` bar lows (LEAN's ``MIN``: the low when the
        symbol has trade bars, else the selector or the value)."""
        if selector is None and self._has_trade_bars(symbol):
            selector = _bar_low
        name = self.create_indicator_name(symbol, f"MIN({period})", resolution)
        return self._init_indicator(symbol, Minimum(name, period), resolution, selector)

    def _has_trade_bars(self, symbol: Any) -> bool:
        # LEAN's MAX/MIN check GetSubscription(symbol).Type is TradeBar; Keel feeds indicators the
        # trade subscription, so a trade subscription is what decides it here
        security = self.securities.get(self.symbol(symbol))
        if security is None:
            return False
        return any(config.tick_type == TickType.TRADE for config in security.subscriptions)

    def warm_up_indicator(
        self, symbol: Any, indicator: Indicator, resolution: Any = None, selector: Any = None
    ) -> None:
        """Feed ``indicator`` with history so that it is ready now.

        As LEAN's ``WarmUpIndicator`` (via ``IndicatorHistory``): the indicator is reset, then
        fed a ``warm_up_period``-bar history request over all the symbol's data types. An
        indicator over data objects (:class:`IndicatorBase` ``[QuoteBar]``) takes every point of
        its input type (LEAN's ``history.Get<T>()``); a numeric one takes one value per time."""
        symbol = self.symbol(symbol)
        periods = max(1, int(getattr(indicator, "warm_up_period", 1)))
        reset = getattr(indicator, "reset", None)
        if reset is not None:
            reset()
        input_type = getattr(indicator, "input_type", None)
        if input_type is not None:
            from keel.engine.history import HistoryProvider

            for point in HistoryProvider(self._engine).data_points(symbol, periods, resolution):
                if isinstance(point, input_type):
                    indicator.update(selector(point) if selector is not None else point)
            return
        frame = self.history(symbol, periods, resolution)
        if frame is None or len(frame) == 0:
            return
        for key, row in frame.iterrows():
            time = key[-1]  # (symbol, time), or (expiry, symbol, time) for futures
            if selector is not None:
                value = selector(row)
            elif "close" in row and row["close"] == row["close"]:
                value = float(row["close"])
            else:
                value = (float(row.get("bidclose", 0.0)) + float(row.get("askclose", 0.0))) / 2
            indicator.update(time, value)

    # ====================================================================================
    # orders
    def _order(
        self,
        order_type: OrderType,
        symbol: Any,
        quantity: float,
        tag: str = "",
        order_properties: OrderProperties | None = None,
        asynchronous: bool = False,
        **prices: Any,
    ) -> OrderTicket:
        handler = self._engine.transactions
        request = SubmitOrderRequest(
            order_type,
            symbol if isinstance(symbol, Symbol) else self._symbol_or_invalid(symbol),
            float(quantity),
            self.utc_time,
            tag=tag or "",
            properties=order_properties or self.default_order_properties,
            **prices,
        )
        refusal = self._pre_order_checks(request)
        if refusal is not None:
            code, message = refusal
            ticket = handler.invalid_ticket(request, code, message)
            self.error(f"Order Error: id: {request.order_id}, Error executing order: {message}")
            return ticket
        return handler.submit(request)

    def _symbol_or_invalid(self, value: Any) -> Symbol:
        try:
            return self.symbol(value)
        except KeyError:
            return Symbol.create(str(value), SecurityType.BASE, "usa")

    def _pre_order_checks(self, request: SubmitOrderRequest) -> tuple[OrderResponseErrorCode, str] | None:
        symbol = request.symbol
        securities = self.securities
        # a Symbol key needs no ticker resolution: the plain dict lookup (SecurityManager is a dict)
        security = dict.get(securities, symbol) if type(symbol) is Symbol else securities.get(symbol)
        if security is None:
            return (
                OrderResponseErrorCode.MISSING_SECURITY,
                f"{symbol} not found in the algorithm's securities; add it first",
            )
        if request.quantity == 0 or not math.isfinite(request.quantity):
            return OrderResponseErrorCode.ORDER_QUANTITY_ZERO, "Unable to submit order with zero quantity"
        if self.is_warming_up:
            return (
                OrderResponseErrorCode.ALGORITHM_WARMING_UP,
                "This operation is not allowed in Initialize or during warm up",
            )
        if symbol.is_canonical:
            return (
                OrderResponseErrorCode.NON_TRADABLE_SECURITY,
                f"{symbol} is a canonical futures symbol and cannot be traded; trade future.mapped or a contract",
            )
        if not getattr(security, "is_tradable", True):
            return (
                OrderResponseErrorCode.NON_TRADABLE_SECURITY,
                f"The security with symbol '{symbol}' is marked as non-tradable.",
            )
        if not security.price:
            return (
                OrderResponseErrorCode.SECURITY_PRICE_ZERO,
                f"The security does not have an accurate price as it has not yet received a bar of data. "
                f"Before placing a trade (or using SetHoldings) warm up your algorithm with SetWarmup, or use "
                f"slice.Contains(symbol) to confirm the Slice object has price before using the data. Data does not "
                f"necessarily all arrive at the same time so your algorithm should confirm the data is ready before "
                f"using it. In live trading this can mean you do not have an active subscription to the asset class "
                f"you're trying to trade. If using custom data make sure you've set the 'Value' property. ({symbol})",
            )
        order_type = request.order_type
        if order_type == _E_MARKET_ON_OPEN and symbol.security_type in (
            SecurityType.FUTURE,
            SecurityType.FUTURE_OPTION,
        ):
            return (
                OrderResponseErrorCode.UNSUPPORTED_REQUEST_TYPE,
                "MarketOnOpen orders are not supported for futures and future options",
            )
        lot = getattr(security.symbol_properties, "lot_size", 1.0) or 1.0
        if abs(request.quantity) < lot:
            return (
                OrderResponseErrorCode.ORDER_QUANTITY_LESS_THAN_LOT_SIZE,
                f"Unable to place an order with quantity {request.quantity} less than the lot size {lot}",
            )
        if order_type == _E_MARKET_ON_OPEN:
            hours = security.exchange.hours
            if getattr(hours, "is_market_always_open", False):
                return (
                    OrderResponseErrorCode.UNSUPPORTED_REQUEST_TYPE,
                    f"Market never closes for this symbol {security.symbol}, can not submit a MarketOnOpen order.",
                )
            if hours.is_open_at(security.local_time, False):
                return (
                    OrderResponseErrorCode.MARKET_ON_OPEN_NOT_ALLOWED_DURING_REGULAR_HOURS,
                    "Cannot submit a MarketOnOpen order while the market is open.",
                )
        if order_type == _E_MARKET_ON_CLOSE:
            return self._market_on_close_too_late(security)
        return None

    def _market_on_close_too_late(self, security: Any) -> tuple[OrderResponseErrorCode, str] | None:
        """LEAN: a MOC order must be submitted ``MarketOnCloseOrder.submission_time_buffer`` before
        the next regular-hours close (15.5 minutes by default)."""
        hours = security.exchange.hours
        if getattr(hours, "is_market_always_open", False):
            return (
                OrderResponseErrorCode.UNSUPPORTED_REQUEST_TYPE,
                f"Market never closes for this symbol {security.symbol}, can not submit a MarketOnClose order.",
            )
        next_close = hours.get_next_market_close(security.local_time, False)
        buffer = MarketOnCloseOrder.submission_time_buffer
        if self.utc_time > security.local_to_utc(next_close) - buffer:
            return (
                OrderResponseErrorCode.MARKET_ON_CLOSE_ORDER_TOO_LATE,
                f"MarketOnClose orders must be placed within {_format_timespan(buffer)} before market close. "
                "Override this TimeSpan buffer by setting Orders.MarketOnCloseOrder.SubmissionTimeBuffer in "
                "QCAlgorithm.Initialize().",
            )
        return None

    def market_order(
        self,
        symbol: Any,
        quantity: float,
        asynchronous: bool = False,
        tag: str = "",
        order_properties: OrderProperties | None = None,
    ) -> OrderTicket:
        """Buy (positive) or sell (negative) at the market."""
        return self._order(_E_MARKET, symbol, quantity, tag, order_properties, asynchronous)

    def order(
        self,
        symbol: Any,
        quantity: float,
        asynchronous: bool = False,
        tag: str = "",
        order_properties: OrderProperties | None = None,
    ) -> OrderTicket:
        """Same as ``market_order``."""
        return self.market_order(symbol, quantity, asynchronous, tag, order_properties)

    def buy(self, symbol: Any, quantity: float) -> OrderTicket:
        """Market buy of ``abs(quantity)``."""
        return self.market_order(symbol, abs(quantity))

    def sell(self, symbol: Any, quantity: float) -> OrderTicket:
        """Market sell of ``abs(quantity)``."""
        return self.market_order(symbol, -abs(quantity))

    def limit_order(
        self,
        symbol: Any,
        quantity: float,
        limit_price: float,
        tag: str = "",
        order_properties: OrderProperties | None = None,
        asynchronous: bool = False,
    ) -> OrderTicket:
        """A limit order."""
        return self._order(OrderType.LIMIT, symbol, quantity, tag, order_properties, limit_price=float(limit_price))

    def stop_market_order(
        self,
        symbol: Any,
        quantity: float,
        stop_price: float,
        tag: str = "",
        order_properties: OrderProperties | None = None,
        asynchronous: bool = False,
    ) -> OrderTicket:
        """A stop-market order."""
        return self._order(OrderType.STOP_MARKET, symbol, quantity, tag, order_properties, stop_price=float(stop_price))

    def stop_limit_order(
        self,
        symbol: Any,
        quantity: float,
        stop_price: float,
        limit_price: float,
        tag: str = "",
        order_properties: OrderProperties | None = None,
        asynchronous: bool = False,
    ) -> OrderTicket:
        """A stop-limit order."""
        return self._order(
            OrderType.STOP_LIMIT,
            symbol,
            quantity,
            tag,
            order_properties,
            stop_price=float(stop_price),
            limit_price=float(limit_price),
        )

    def limit_if_touched_order(
        self,
        symbol: Any,
        quantity: float,
        trigger_price: float,
        limit_price: float,
        tag: str = "",
        order_properties: OrderProperties | None = None,
        asynchronous: bool = False,
    ) -> OrderTicket:
        """A limit-if-touched order."""
        return self._order(
            OrderType.LIMIT_IF_TOUCHED,
            symbol,
            quantity,
            tag,
            order_properties,
            trigger_price=float(trigger_price),
            limit_price=float(limit_price),
        )

    def trailing_stop_order(
        self,
        symbol: Any,
        quantity: float,
        trailing_amount: float,
        trailing_as_percentage: bool = False,
        tag: str = "",
        order_properties: OrderProperties | None = None,
        asynchronous: bool = False,
        stop_price: float | None = None,
    ) -> OrderTicket:
        """A trailing-stop order (stop follows the market by ``trailing_amount``)."""
        if stop_price is None:
            security = self.securities.get(self._symbol_or_invalid(symbol))
            price = security.price if security is not None else 0.0
            if trailing_as_percentage:
                stop_price = price * (1 - trailing_amount) if quantity < 0 else price * (1 + trailing_amount)
            else:
                stop_price = price - trailing_amount if quantity < 0 else price + trailing_amount
        return self._order(
            OrderType.TRAILING_STOP,
            symbol,
            quantity,
            tag,
            order_properties,
            stop_price=float(stop_price),
            trailing_amount=float(trailing_amount),
            trailing_as_percentage=trailing_as_percentage,
        )

    def market_on_open_order(
        self,
        symbol: Any,
        quantity: float,
        tag: str = "",
        order_properties: OrderProperties | None = None,
        asynchronous: bool = False,
    ) -> OrderTicket:
        """A market-on-open order (refused for futures, as in LEAN)."""
        return self._order(OrderType.MARKET_ON_OPEN, symbol, quantity, tag, order_properties)

    def market_on_close_order(
        self,
        symbol: Any,
        quantity: float,
        tag: str = "",
        order_properties: OrderProperties | None = None,
        asynchronous: bool = False,
    ) -> OrderTicket:
        """A market-on-close order."""
        return self._order(OrderType.MARKET_ON_CLOSE, symbol, quantity, tag, order_properties)

    def liquidate(
        self,
        symbol: Any = None,
        asynchronous: bool = False,
        tag: str = "Liquidated",
        order_properties: OrderProperties | None = None,
    ) -> list[OrderTicket]:
        """Close positions (of ``symbol``, or all, in ticker order) as LEAN does: open orders other
        than market orders are cancelled; pending market orders stay and the closing order only
        covers what they leave; nothing is sent when one pending market order already closes it.
        """
        if symbol is not None:
            sym = self.symbol(symbol)
            symbols = [sym] if sym in self.securities else []
        else:
            symbols = sorted(self.securities.keys(), key=lambda s: s.value)
        tickets: list[OrderTicket] = []
        transactions = self.transactions
        for sym in symbols:
            orders = transactions.get_open_orders(sym)
            holding = self.portfolio[sym]
            quantity = holding.quantity if holding.invested else 0.0
            if (
                len(orders) == 1
                and quantity
                and orders[0].quantity == -quantity
                and orders[0].type == OrderType.MARKET
            ):
                continue
            pending_market = 0.0
            for order in orders:
                if order.type == OrderType.MARKET:
                    ticket = transactions.get_order_ticket(order.id)
                    if ticket is not None:
                        pending_market += ticket.quantity - ticket.quantity_filled
                else:
                    transactions.cancel_order(order.id, tag)
            if quantity:
                tickets.append(
                    self.market_order(sym, -quantity - pending_market, asynchronous, tag, order_properties)
                )
        return tickets

    def set_holdings(
        self,
        symbol: Any,
        percentage: float | None = None,
        liquidate_existing_holdings: bool = False,
        tag: str = "",
        order_properties: OrderProperties | None = None,
    ) -> list[OrderTicket]:
        """Target a fraction of portfolio value in ``symbol`` (or a list of ``PortfolioTarget``)."""
        if isinstance(symbol, list):
            targets = [(t.symbol, t.quantity) for t in symbol]
        else:
            if percentage is None:
                raise ValueError("set_holdings(symbol, percentage) needs a percentage")
            targets = [(self.symbol(symbol), percentage)]
        tickets: list[OrderTicket] = []
        if liquidate_existing_holdings:
            wanted = {s for s, _ in targets}
            for sym, holding in list(self.portfolio.items()):
                if sym not in wanted and holding.invested:
                    tickets.extend(self.liquidate(sym, tag=tag))
        for sym, target in targets:
            quantity = self.calculate_order_quantity(sym, float(target))
            if quantity:
                tickets.append(self.market_order(sym, quantity, False, tag, order_properties))
        return tickets

    def calculate_order_quantity(self, symbol: Any, target: float) -> float:
        """Order quantity that moves ``symbol`` to ``target`` fraction of portfolio value."""
        from keel.reality.buying_power_parameters import GetMaximumOrderQuantityForTargetBuyingPowerParameters

        symbol = self.symbol(symbol)
        security = self.securities[symbol]
        tpv = self.portfolio.total_portfolio_value
        # LEAN's PortfolioTarget.Percent: keep a free buffer of the portfolio value
        adjusted = target * (tpv - self.settings.free_buffer(tpv)) / tpv if tpv else 0.0
        # LEAN normalises the target by the leverage so that the model works in units of margin
        model = security.buying_power_model
        leverage = model.get_leverage(security) if hasattr(model, "get_leverage") else 1.0
        adjusted /= leverage or 1.0
        try:
            result = security.buying_power_model.get_maximum_order_quantity_for_target_buying_power(
                GetMaximumOrderQuantityForTargetBuyingPowerParameters(
                    self.portfolio, security, adjusted, self.settings.minimum_order_margin_portfolio_percentage
                )
            )
        except ValueError as exc:
            raise AlgorithmError(str(exc)) from exc
        if result.is_error:
            self.error(result.reason)
        return float(result.quantity)

    # ====================================================================================
    # logging and control
    def log(self, message: Any) -> None:
        """Write to the run's log."""
        self._engine.log(str(message)) if self._engine else self.logs.append(str(message))

    def debug(self, message: Any) -> None:
        """Write a debug message to the log."""
        self.log(message)

    def error(self, message: Any) -> None:
        """Write an error message to the log."""
        self.log(f"ERROR: {message}")

    def quit(self, message: str = "") -> None:
        """Stop the algorithm after the current step."""
        self.quit_requested = True
        self.quit_message = message
        if message:
            self.log(message)

    def set_runtime_statistic(self, name: str, value: Any) -> None:
        """Add a custom runtime statistic to the results."""
        self.runtime_statistics[name] = str(value)

    def plot(self, chart: str, *values: Any) -> None:
        """LEAN's ``Plot``: ``plot(series, value)`` (chart "Strategy Equity"), ``plot(chart, series,
        value)``, ``plot(chart, series, indicator)`` or ``plot(chart, *indicators)`` (one series per
        indicator, named after it, at its current value). Points carry the algorithm's UTC time; a
        second point at the same time replaces the first (LEAN's ``Series.AddPoint``).

        As ``QCAlgorithm.Plotting.cs``: the reserved series of "Strategy Equity" (Equity, Daily
        Performance) raise; a new series past the 10th in all is refused with an error message
        and its point dropped. Keel keeps every point (no per-series data-point cap)."""
        if len(values) == 1 and not isinstance(values[0], Indicator):
            chart, values = "Strategy Equity", (chart, values[0])
        if len(values) == 2 and isinstance(values[0], str):
            points = [(values[0], values[1])]
        else:
            points = [(indicator.name, indicator) for indicator in values]
        for series, value in points:
            if isinstance(value, Indicator):
                value = value.current.value
            self._plot_point(str(chart), str(series), float(value))

    def _plot_point(self, chart: str, series: str, value: float) -> None:
        if chart == "Strategy Equity" and series in ("Equity", "Daily Performance"):
            raise AlgorithmError(f"Algorithm.Plot(): '{series}' is a reserved series name for chart '{chart}'.")
        charts = self._chart_objects
        chart_object = charts.get(chart)
        if chart_object is None:
            chart_object = charts[chart] = Chart(chart)
        defined = chart_object.series.get(series)
        if defined is None:
            if sum(len(c.series) for c in charts.values()) > 10:
                self.error("Exceeded maximum series count: Each backtest can have up to 10 series in total.")
                return
            defined = chart_object.series[series] = Series(series)  # LEAN's default: a line in $ at 0
        defined.add_point(self.utc_time, smart_round(value))  # every ChartPoint is SmartRounded

    def record(self, series: str, value: Any) -> None:
        """LEAN's ``Record``: ``plot(series, value)``."""
        self.plot(series, value)

    def add_chart(self, chart: Chart) -> None:
        """LEAN's ``AddChart``: register a :class:`Chart` and its typed series; later
        ``plot(chart.name, series, value)`` calls add points to them. As LEAN's
        ``_charts.TryAdd``, a chart whose name is already used (added or plotted) is ignored."""
        if chart.name not in self._chart_objects:
            self._chart_objects[chart.name] = chart

    def add_series(self, chart: str, series: str, series_type: SeriesType | int, unit: str = "$") -> None:
        """LEAN's ``AddSeries``: give ``chart`` (created if absent) a new series ``series`` of
        ``series_type`` and ``unit``, replacing a series of that name and its points."""
        chart_object = self._chart_objects.get(chart)
        if chart_object is None:
            chart_object = self._chart_objects[chart] = Chart(chart)
        chart_object.series[series] = Series(series, series_type, unit)

    @property
    def charts(self) -> dict[str, dict[str, list[tuple[datetime, float]]]]:
        """The points of the algorithm's series, by chart and series: ``(UTC time, value)``."""
        return {
            name: {series_name: series.values for series_name, series in chart.series.items()}
            for name, chart in self._chart_objects.items()
        }

    def chart_series_properties(self) -> dict[str, dict[str, dict[str, Any]]]:
        """Type, unit, index, colour and marker of every plotted or added series, by chart and
        series (a series created by ``plot`` is LEAN's default: a line in ``$`` at index 0)."""
        return {
            name: {series_name: series.properties() for series_name, series in chart.series.items()}
            for name, chart in self._chart_objects.items()
        }

    @property
    def benchmark(self) -> Any:
        """The benchmark symbol (or function)."""
        return self.benchmark_function or self.benchmark_symbol

    @property
    def is_live(self) -> bool:
        """True when running live (not a backtest)."""
        return self.live_mode


def _bar_high(bar: Any) -> float:
    return float(bar.high)


def _bar_low(bar: Any) -> float:
    return float(bar.low)


def _decimal_text(value: Any) -> str:
    """A number as C# prints a decimal made from it: ``2`` not ``2.0`` for whole numbers."""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(number)


def _format_timespan(span: timedelta) -> str:
    """A .NET ``TimeSpan`` string (``00:15:30``)."""
    total = int(span.total_seconds())
    hours, rest = divmod(total, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def _lean_kwarg(kwargs: dict[str, Any], lean_name: str, value: Any) -> Any:
    """A keyword argument given in LEAN's camelCase spelling (``fillForward=``), else ``value``.

    ``fillDataForward`` is LEAN's older name of ``fillForward``.
    """
    if lean_name == "fillForward" and "fillDataForward" in kwargs:
        return kwargs["fillDataForward"]
    return kwargs.get(lean_name, value)


class _FutureChainProvider:
    """``algorithm.future_chain_provider``."""

    def __init__(self, algorithm: QCAlgorithm) -> None:
        self._algorithm = algorithm

    def get_future_contract_list(self, symbol: Any, when: datetime | None = None) -> list[Symbol]:
        """Contracts listed on ``when`` for the chain of ``symbol``."""
        return list(self._algorithm._engine.future_contract_list(symbol, when))

    GetFutureContractList = get_future_contract_list


class _SubscriptionManager:
    """``algorithm.subscription_manager.add_consolidator(symbol, consolidator)``."""

    def __init__(self, algorithm: QCAlgorithm) -> None:
        self._algorithm = algorithm

    def add_consolidator(self, symbol: Any, consolidator: Any, tick_type: Any = None) -> None:
        """Attach a consolidator to the symbol's data."""
        quotes = isinstance(consolidator, QuoteBarConsolidator) or (tick_type is not None and int(tick_type) == 1)
        self._algorithm.subscription_manager_add_consolidator(symbol, consolidator, quotes)

    def remove_consolidator(self, symbol: Any, consolidator: Any) -> None:
        """Detach a consolidator."""
        self._algorithm._engine.remove_consolidator(self._algorithm.symbol(symbol), consolidator)

    AddConsolidator = add_consolidator
    RemoveConsolidator = remove_consolidator


def _daily_consolidator(settings: AlgorithmSettings, security: Any, period: Any, use_quotes: bool) -> Any:
    """LEAN's ``CreateConsolidator`` for ``Resolution.Daily`` over intraday data: a
    ``MarketHourAwareConsolidator`` whose daily bar spans the trading day (market open to close,
    ``Settings.DailyPreciseEndTime``) and takes regular-hours data only unless
    ``Settings.DailyConsolidationUseExtendedMarketHours`` and the subscription has extended hours.
    None for any other period, or when the data is already daily (LEAN's identity consolidator)."""
    if not isinstance(period, Resolution) or period != Resolution.DAILY:
        return None
    intraday = [c for c in security.subscriptions if c.resolution not in (Resolution.DAILY,)]
    if not intraday:
        return None
    from keel.algorithm.lean_compat import MarketHourAwareConsolidator

    extended = settings.daily_consolidation_use_extended_market_hours and any(
        getattr(c, "extended_market_hours", False) for c in intraday
    )
    data_type = QuoteBar if use_quotes else TradeBar
    return MarketHourAwareConsolidator(
        settings.daily_precise_end_time,
        Resolution.DAILY,
        data_type,
        None,
        extended,
        exchange_hours=security.exchange.hours,
    )


def _calendar_adapter(calendar: Callable[[datetime], Any]) -> Callable[[datetime], tuple[datetime, timedelta]]:
    def adapt(t: datetime) -> tuple[datetime, timedelta]:
        info = calendar(t)
        if isinstance(info, tuple):
            return info
        return info.start, info.period

    return adapt


def _tz_name(hours: Any) -> str:
    tz = getattr(hours, "time_zone", "UTC")
    return tz if isinstance(tz, str) else getattr(tz, "key", str(tz))


def _to_datetime(year: int | date | datetime, month: int | None, day: int | None) -> datetime:
    if isinstance(year, datetime):
        return datetime(year.year, year.month, year.day)
    if isinstance(year, date):
        return datetime(year.year, year.month, year.day)
    if month is None or day is None:
        raise ValueError("dates are set as (year, month, day) or with a date/datetime")
    return datetime(year, month, day)


def _alias_property(name: str) -> property:
    """A read/write property forwarding to the snake_case attribute ``name``."""

    def getter(self: QCAlgorithm) -> Any:
        return getattr(self, name)

    def setter(self: QCAlgorithm, value: Any) -> None:
        setattr(self, name, value)

    return property(getter, setter)


for _attribute in (
    "securities",
    "portfolio",
    "transactions",
    "schedule",
    "date_rules",
    "time_rules",
    "settings",
    "universe_settings",
    "default_order_properties",
    "brokerage_model",
    "start_date",
    "end_date",
    "is_warming_up",
    "live_mode",
    "time_zone",
    "cash_book",
):
    setattr(QCAlgorithm, "".join(part.capitalize() for part in _attribute.split("_")), _alias_property(_attribute))

add_pascal_aliases(
    QCAlgorithm,
    extra={
        "SetHoldings": "set_holdings",
        "MarketOrder": "market_order",
        "AddFuture": "add_future",
        "SMA": "sma",
        "EMA": "ema",
        "RSI": "rsi",
        "ATR": "atr",
        "BB": "bb",
        "MACD": "macd",
        "MOM": "mom",
        "ROC": "roc",
        "MAX": "max",
        "MIN": "min",
        "LWMA": "lwma",
        "DEMA": "dema",
        "TEMA": "tema",
        "TRIMA": "trima",
        "T3": "t3",
        "KAMA": "kama",
        "HMA": "hma",
        "ALMA": "alma",
    },
)
