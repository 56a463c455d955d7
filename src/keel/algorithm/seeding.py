"""Security seeding: give a newly added security a price from history (LEAN's ``ISecuritySeeder``,
``FuncSecuritySeeder`` and ``QCAlgorithm.GetLastKnownPrices``).

``get_last_known_prices(algorithm, security)`` asks history for the last bar of each data type
of the security (trade, quote and, for futures, open interest) before the current time: 5 bars
of each subscription (no fill-forward; open interest daily, at least minute), then, if a type
had none, 10 daily / 24 hourly / 1440 minute bars, then 50 daily bars. It works before the
security's subscriptions exist (security initializers run first), using the universe settings'
resolution and the market-hours database, as LEAN does for unsubscribed symbols.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

from keel.algorithm.aliases import add_pascal_aliases
from keel.engine.clock import converter, utc_datetime_to_ns, zone_name
from keel.model.bars import BaseData, OpenInterest, QuoteBar
from keel.model.enums import Resolution, SecurityType, TickType
from keel.model.symbol import Symbol

SEED_PERIODS = 5
"""Bars a seed request asks for first (LEAN's ``seed-lookback-period``)."""
_RETRY_PERIODS = {Resolution.DAILY: 10, Resolution.HOUR: 24}
_RETRY_MINUTE_PERIODS = 1440
LAST_RESORT_DAILY_PERIODS = 50
"""Daily bars of the last seed attempt: ``min(60, 5 * seed-retry-daily-lookback-period)``."""
# LEAN's ``SubscriptionManager.AvailableDataTypes`` order of tick types per security type (a type
# not listed ranks -1); requests go in descending order, seed data is applied in ascending order
_QUOTE_TRADE_OI = (TickType.QUOTE, TickType.TRADE, TickType.OPEN_INTEREST)
_TICK_TYPE_ORDERS: dict[SecurityType, tuple[TickType, ...]] = {
    SecurityType.FUTURE: _QUOTE_TRADE_OI,
    SecurityType.OPTION: _QUOTE_TRADE_OI,
    SecurityType.EQUITY: (TickType.TRADE,),
}


def _tick_type_order(security_type: SecurityType, tick_type: TickType) -> int:
    """The rank of ``tick_type`` in LEAN's ``AvailableDataTypes`` of the security type (-1: not listed)."""
    order = _TICK_TYPE_ORDERS.get(security_type, (TickType.TRADE, TickType.QUOTE))
    return order.index(tick_type) if tick_type in order else -1


class SecuritySeeder:
    """Base seeder: ``seed_security(security)`` sets the security's initial price; returns True."""

    def seed_security(self, security: Any) -> bool:
        """Seed ``security`` (no-op)."""
        return True

    def __call__(self, security: Any) -> bool:
        return self.seed_security(security)


class NullSecuritySeeder(SecuritySeeder):
    """Does not seed (LEAN's ``SecuritySeeder.Null``)."""


class FuncSecuritySeeder(SecuritySeeder):
    """Seeds with the data returned by ``func(security)``: one data point, several, or None.

    Canonical futures are not seeded; errors of ``func`` are logged and swallowed, as in LEAN.
    """

    def __init__(self, func: Callable[[Any], BaseData | Iterable[BaseData] | None]) -> None:
        self.func = func

    def seed_security(self, security: Any) -> bool:
        """Set the market price of ``security`` from each data point ``func`` returns."""
        symbol = security.symbol
        if _is_canonical(symbol):
            return True
        try:
            for data in _as_data_list(self.func(security)):
                security.set_market_price(data)
        except Exception as exc:
            log = getattr(getattr(security, "_keel_algorithm", None), "log", None)
            if log is not None:
                log(f"Could not seed price for security {symbol}: {exc}")
        return True


for _cls in (SecuritySeeder, NullSecuritySeeder, FuncSecuritySeeder):
    add_pascal_aliases(_cls)


def _is_canonical(symbol: Symbol) -> bool:
    value = getattr(symbol, "is_canonical", False)
    return bool(value() if callable(value) else value)


def _as_data_list(value: Any) -> list[BaseData]:
    if value is None:
        return []
    if isinstance(value, BaseData):
        return [value]
    if isinstance(value, Iterable):
        return [v for v in value if v is not None]
    return [value]


def get_last_known_prices(algorithm: Any, security_or_symbol: Any) -> list[BaseData]:
    """The last data point of each data type of the security before now, oldest first (LEAN's
    ``QCAlgorithm.GetLastKnownPrices``).

    Every subscription of the symbol is asked (the algorithm's and internal ones, open interest
    included) for its last :data:`SEED_PERIODS` bars without fill-forward: open interest finer than
    daily at daily resolution, tick and second data at minute. The types still without data are
    asked again over a longer span at the resolution of the first of them (10 daily, 24 hourly or
    1440 minute bars), and, failing that, every subscription at daily resolution for
    :data:`LAST_RESORT_DAILY_PERIODS` bars. Each bar-count request covers the window of LEAN's
    ``GetStartTimeAlgoTz``; every point it returns counts as a history data point. A futures
    canonical added with ``add_future`` also asks its daily chain-universe subscription (each chain
    file in the window counts; see :func:`_universe_config`).
    """
    engine = getattr(algorithm, "_engine", None)
    if engine is None:
        return []
    symbol = _symbol_of(algorithm, security_or_symbol)
    if _is_canonical(symbol) and symbol.security_type != SecurityType.FUTURE:
        return []
    from keel.engine.history import HistoryProvider

    provider = HistoryProvider(engine)
    configs = _seed_configs(algorithm, engine, symbol)
    result: dict[TickType, BaseData] = {}
    answered: set[TickType] = set()

    def run(requests: list[tuple[Any, int]]) -> list[Any]:
        """Ask history for each (config, bar count), keep each type's last point; the configs still unanswered."""
        for config, periods in requests:
            try:
                points = provider._points(config, periods, None, None)
            except Exception:
                points, provider.unread = [], 0
            provider._count(points, max(1, int(getattr(config, "lean_copies", 1))))
            if points:
                result[config.tick_type] = points[-1]
            elif provider.unread:
                answered.add(config.tick_type)  # LEAN got open interest Keel keeps no object for
        return [c for c, _ in requests if c.tick_type not in result and c.tick_type not in answered]

    universe = _universe_config(engine, symbol)
    universe_found = universe is None or _count_universe(engine, universe, SEED_PERIODS)
    failed = run([(_first_attempt(config), SEED_PERIODS) for config in configs])
    if failed:
        resolution = failed[0].resolution
        periods = _RETRY_PERIODS.get(resolution, _RETRY_MINUTE_PERIODS)
        types = {config.tick_type for config in failed}
        if not universe_found:
            _count_universe(engine, universe, _RETRY_PERIODS[Resolution.DAILY])
        failed = run([(_at(config, resolution), periods) for config in configs if config.tick_type in types])
    if failed:
        if universe is not None:
            _count_universe(engine, universe, LAST_RESORT_DAILY_PERIODS)
        run([(_at(config, Resolution.DAILY), LAST_RESORT_DAILY_PERIODS) for config in configs])
    return sorted(result.values(), key=lambda d: (d.time, _tick_type_order(symbol.security_type, _tick_type_of(d))))


def _universe_config(engine: Any, symbol: Symbol) -> Any:
    """The daily chain-universe subscription of a futures canonical the algorithm added (None otherwise).

    LEAN's ``GetLastKnownPrices`` asks history for every subscription of the symbol; a canonical
    future added with ``AddFuture`` also has its ``FutureUniverse`` subscription (daily, read in the
    exchange time zone), whose chain files count as history data points though they carry no price.
    """
    if symbol.security_type != SecurityType.FUTURE or not _is_canonical(symbol):
        return None
    chains = getattr(engine, "chains", None) or {}
    if symbol not in chains:
        return None
    existing = list(engine.configs.get(symbol, []))
    if not existing:
        return None
    config = copy.copy(existing[0])
    config.consolidators = []
    config.resolution = Resolution.DAILY
    config.data_time_zone = config.exchange_time_zone
    config.extended_market_hours = False
    return config


def _count_universe(engine: Any, config: Any, periods: int) -> bool:
    """Count the chain files of a ``periods`` daily bar-count request ending now (each file is one
    history data point, known at the midnight after its date); True when there was one."""
    from keel.engine.history import bar_count_start_ns
    from keel.engine.universe_history import universe_collections

    algorithm = engine.algorithm
    start_ns = bar_count_start_ns(config, periods, utc_datetime_to_ns(algorithm.utc_time))
    start = converter(algorithm.time_zone).to_local(start_ns)
    try:
        found = len(universe_collections(engine, config.symbol, None, start, None))
    except Exception:
        found = 0
    engine.history_data_points += found
    return found > 0


def _first_attempt(config: Any) -> Any:
    """The first seed request of a subscription: open interest finer than daily at daily resolution,
    tick and second data at minute, anything else at its own resolution."""
    if config.tick_type == TickType.OPEN_INTEREST and config.resolution < Resolution.DAILY:
        return _at(config, Resolution.DAILY)
    if config.resolution < Resolution.MINUTE:
        return _at(config, Resolution.MINUTE)
    return config


def _at(config: Any, resolution: Resolution) -> Any:
    """A copy of ``config`` at ``resolution``."""
    clone = copy.copy(config)
    clone.resolution = Resolution(resolution)
    return clone


def _tick_type_of(data: BaseData) -> TickType:
    """The tick type a seed data point came from."""
    if isinstance(data, OpenInterest):
        return TickType.OPEN_INTEREST
    if isinstance(data, QuoteBar):
        return TickType.QUOTE
    return TickType.TRADE


def get_last_known_price(algorithm: Any, security_or_symbol: Any) -> BaseData | None:
    """The most recent of :func:`get_last_known_prices` (LEAN's deprecated ``GetLastKnownPrice``)."""
    prices = get_last_known_prices(algorithm, security_or_symbol)
    return prices[-1] if prices else None


def _symbol_of(algorithm: Any, value: Any) -> Symbol:
    if isinstance(value, Symbol):
        return value
    symbol = getattr(value, "symbol", None)
    if isinstance(symbol, Symbol):
        return symbol
    return algorithm.symbol(value)  # type: ignore[no-any-return]


def _seed_configs(algorithm: Any, engine: Any, symbol: Symbol) -> list[Any]:
    """Private copies of all the symbol's subscriptions (or default ones) without fill-forward, in
    LEAN's request order: coarsest resolution first, then descending tick-type order (futures: open
    interest, trade, quote)."""
    existing = list(engine.configs.get(symbol, []))
    if not existing:
        existing = _default_configs(algorithm, engine, symbol)
    configs = []
    for config in existing:
        clone = copy.copy(config)
        clone.consolidators = []
        clone.fill_forward = False
        configs.append(clone)
    configs.sort(key=lambda c: (-int(c.resolution), -_tick_type_order(symbol.security_type, c.tick_type)))
    return configs


def _default_configs(algorithm: Any, engine: Any, symbol: Symbol) -> list[Any]:
    from keel.engine.subscriptions import SubscriptionDataConfig

    sid = symbol.id
    entry = engine.mhdb.get_entry(sid.market, sid.symbol, sid.security_type)
    tz_name = zone_name(entry.exchange_hours.time_zone)
    resolution = Resolution(algorithm.universe_settings.resolution)
    tick_types = engine._tick_types(symbol, resolution)
    if symbol.security_type != SecurityType.FUTURE:
        tick_types = [t for t in tick_types if t != TickType.OPEN_INTEREST]
    return [
        SubscriptionDataConfig(
            symbol,
            tick_type,
            resolution,
            entry.exchange_hours,
            tz_name,
            entry.data_time_zone,
            bool(algorithm.universe_settings.extended_market_hours),
            False,
        )
        for tick_type in tick_types
    ]


__all__ = [
    "FuncSecuritySeeder",
    "NullSecuritySeeder",
    "SecuritySeeder",
    "get_last_known_price",
    "get_last_known_prices",
]
