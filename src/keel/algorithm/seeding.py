"""Security seeding: give a newly added security a price from history (LEAN's ``ISecuritySeeder``,
``FuncSecuritySeeder`` and ``QCAlgorithm.GetLastKnownPrices``).

``get_last_known_prices(algorithm, security)`` asks history for the last bar of each data type
of the security (trade, quote and, for futures, open interest) before the current time: 5 bars
at the subscription's resolution (at least minute, no fill-forward), then, if a type had none,
3 trading days' worth (3 daily / 24 hourly / 1440 minute bars). It works before the
security's subscriptions exist (security initializers run first), using the universe settings'
resolution and the market-hours database, as LEAN does for unsubscribed symbols.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

from keel.algorithm.aliases import add_pascal_aliases
from keel.engine.clock import zone_name
from keel.model.bars import BaseData
from keel.model.enums import Resolution, SecurityType, TickType
from keel.model.symbol import Symbol

_RETRY_PERIODS = {Resolution.DAILY: 3, Resolution.HOUR: 24}
_FIRST_PERIODS = 5


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
    """The last data point of each data type of the security before now, oldest first (LEAN semantics)."""
    engine = getattr(algorithm, "_engine", None)
    if engine is None:
        return []
    symbol = _symbol_of(algorithm, security_or_symbol)
    from keel.engine.history import HistoryProvider

    provider = HistoryProvider(engine)
    configs = _seed_configs(algorithm, engine, symbol)
    result: dict[TickType, BaseData] = {}
    for periods in (_FIRST_PERIODS, None):
        pending = [c for c in configs if c.tick_type not in result]
        if not pending:
            break
        for config in pending:
            count = periods if periods is not None else _RETRY_PERIODS.get(config.resolution, 1440)
            try:
                points = provider._points(config, count, None, None)
            except Exception:
                points = []
            engine.history_data_points += len(points)
            if points:
                result[config.tick_type] = points[-1]
    return sorted(result.values(), key=lambda d: d.time)


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
    """Private copies of the symbol's subscriptions (or default ones), at least minute, without fill-forward."""
    existing = list(engine.configs.get(symbol, []))
    if not existing:
        existing = _default_configs(algorithm, engine, symbol)
    configs = []
    for config in existing:
        clone = copy.copy(config)
        clone.consolidators = []
        clone.fill_forward = False
        clone.resolution = Resolution(max(int(Resolution.MINUTE), int(config.resolution)))
        configs.append(clone)
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
