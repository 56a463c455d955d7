"""Insights: an alpha model's prediction about one symbol (LEAN's ``Insight``, ``InsightCollection``).

An insight is *active* from its generation until its close time (inclusive) and *expired*
afterwards, as in LEAN (``IsExpired(utc) = CloseTimeUtc < utc``). The close time is
``generated + period`` unless exchange hours are known, in which case it follows LEAN's
``Insight.ComputeCloseTime``: the period counted in trading bars of the exchange.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from typing import Any
from zoneinfo import ZoneInfo

from keel.algorithm.aliases import add_pascal_aliases
from keel.algorithm.consolidators import round_down
from keel.model.symbol import Symbol

_ONE_DAY = timedelta(days=1)
_ONE_HOUR = timedelta(hours=1)
_ONE_MINUTE = timedelta(minutes=1)
_ONE_SECOND = timedelta(seconds=1)
_MAX_BARS = 100_000
_ids = itertools.count(1)


class InsightType(IntEnum):
    """What the insight predicts: the price or the volatility."""

    PRICE = 0
    VOLATILITY = 1

    Price = 0
    Volatility = 1


class InsightDirection(IntEnum):
    """Predicted direction; its value is the sign used by portfolio construction models."""

    DOWN = -1
    FLAT = 0
    UP = 1

    Down = -1
    Flat = 0
    Up = 1


def _bar_size(period: timedelta) -> tuple[timedelta, int]:
    """LEAN's ``ToHigherResolutionEquivalent(false)``: the largest resolution dividing into ``period``."""
    for size in (_ONE_DAY, _ONE_HOUR, _ONE_MINUTE, _ONE_SECOND):
        if period >= size:
            return size, max(1, int(period // size))
    return _ONE_SECOND, 1


def compute_close_time(exchange_hours: Any, generated_time_utc: datetime, period: timedelta) -> datetime:
    """Close time of an insight of ``period`` generated at ``generated_time_utc`` (naive UTC).

    LEAN counts ``period`` in trading bars: the local start is rounded down to the bar size and
    only bars overlapping regular market hours count. Without exchange hours (or when the
    market is always open) the close time is simply ``generated + period``.
    """
    if exchange_hours is None or getattr(exchange_hours, "is_market_always_open", False):
        return generated_time_utc + period
    tz_name = exchange_hours.time_zone if isinstance(exchange_hours.time_zone, str) else str(exchange_hours.time_zone)
    tz = ZoneInfo(tz_name)
    local = generated_time_utc.replace(tzinfo=UTC).astimezone(tz).replace(tzinfo=None)
    bar, count = _bar_size(period)
    current = round_down(local, bar)
    counted = 0
    for _ in range(_MAX_BARS):
        if counted >= count:
            break
        current += bar
        if exchange_hours.is_open(current - bar, current, False):
            counted += 1
    else:
        return generated_time_utc + period
    return current.replace(tzinfo=tz).astimezone(UTC).replace(tzinfo=None)


class Insight:
    """A prediction for ``symbol`` over ``period``: direction, optional magnitude/confidence/weight."""

    def __init__(
        self,
        symbol: Symbol,
        period: timedelta,
        type: InsightType = InsightType.PRICE,
        direction: InsightDirection = InsightDirection.FLAT,
        magnitude: float | None = None,
        confidence: float | None = None,
        source_model: str | None = None,
        weight: float | None = None,
        tag: str = "",
    ) -> None:
        self.symbol = symbol
        self.period = period if isinstance(period, timedelta) else timedelta(seconds=float(period))
        self.type = InsightType(type)
        self.direction = InsightDirection(direction)
        self.magnitude = magnitude
        self.confidence = confidence
        self.weight = weight
        self.source_model = source_model or ""
        self.tag = tag
        self.id = next(_ids)
        self.group_id: int | None = None
        self.generated_time_utc: datetime | None = None
        self.close_time_utc: datetime | None = None
        self.reference_value = 0.0

    # ------------------------------------------------------------------------------ factories
    @classmethod
    def price(
        cls,
        symbol: Symbol,
        period: timedelta,
        direction: InsightDirection,
        magnitude: float | None = None,
        confidence: float | None = None,
        source_model: str | None = None,
        weight: float | None = None,
        tag: str = "",
    ) -> Insight:
        """A price insight (LEAN's ``Insight.Price``)."""
        return cls(symbol, period, InsightType.PRICE, direction, magnitude, confidence, source_model, weight, tag)

    @classmethod
    def group(cls, *insights: Insight | Iterable[Insight]) -> list[Insight]:
        """Give the insights a common group id (LEAN's ``Insight.Group``)."""
        flat: list[Insight] = []
        for item in insights:
            flat.extend([item] if isinstance(item, Insight) else list(item))
        group_id = next(_ids)
        for insight in flat:
            insight.group_id = group_id
        return flat

    # ------------------------------------------------------------------------------ timing
    def set_generated_time(self, utc_time: datetime, exchange_hours: Any = None) -> None:
        """Stamp the generation time and compute the close time (done by the framework on emission)."""
        self.generated_time_utc = utc_time
        self.close_time_utc = compute_close_time(exchange_hours, utc_time, self.period)

    def is_expired(self, utc_time: datetime) -> bool:
        """True once ``utc_time`` is past the close time."""
        return self.close_time_utc is not None and self.close_time_utc < utc_time

    def is_active(self, utc_time: datetime) -> bool:
        """True until the close time (inclusive)."""
        return not self.is_expired(utc_time)

    def expire(self, utc_time: datetime) -> None:
        """Close the insight now (LEAN: close time one second before ``utc_time``)."""
        self.close_time_utc = utc_time - _ONE_SECOND
        if self.generated_time_utc is not None and self.close_time_utc < self.generated_time_utc:
            self.close_time_utc = self.generated_time_utc
        self.period = self.close_time_utc - (self.generated_time_utc or self.close_time_utc)

    def cancel(self, utc_time: datetime) -> None:
        """Same as :meth:`expire` (LEAN's ``Cancel``)."""
        self.expire(utc_time)

    def clone(self) -> Insight:
        """A copy with a new id."""
        copy = Insight(
            self.symbol,
            self.period,
            self.type,
            self.direction,
            self.magnitude,
            self.confidence,
            self.source_model,
            self.weight,
            self.tag,
        )
        copy.generated_time_utc = self.generated_time_utc
        copy.close_time_utc = self.close_time_utc
        copy.group_id = self.group_id
        return copy

    def __repr__(self) -> str:
        return (
            f"Insight({self.symbol}, {self.type.name}, {self.direction.name}, {self.period}, "
            f"generated={self.generated_time_utc}, close={self.close_time_utc})"
        )


add_pascal_aliases(Insight)
for _name in (
    "symbol",
    "period",
    "type",
    "direction",
    "magnitude",
    "confidence",
    "weight",
    "source_model",
    "tag",
    "id",
    "group_id",
    "generated_time_utc",
    "close_time_utc",
    "reference_value",
):
    setattr(
        Insight,
        "".join(part.capitalize() for part in _name.split("_")),
        property(lambda self, n=_name: getattr(self, n), lambda self, v, n=_name: setattr(self, n, v)),
    )
Insight.Price = Insight.price  # type: ignore[attr-defined]
Insight.Group = Insight.group  # type: ignore[attr-defined]


class InsightCollection:
    """Insights by symbol in generation order (LEAN's ``InsightCollection`` / ``InsightManager``)."""

    def __init__(self) -> None:
        self._by_symbol: dict[Symbol, list[Insight]] = {}
        self._next_expiry: datetime | None = None

    # ------------------------------------------------------------------------------ content
    def add(self, insight: Insight) -> None:
        """Add one insight."""
        self._by_symbol.setdefault(insight.symbol, []).append(insight)
        close = insight.close_time_utc
        if close is not None and (self._next_expiry is None or close < self._next_expiry):
            self._next_expiry = close

    def add_range(self, insights: Iterable[Insight]) -> None:
        """Add several insights."""
        for insight in insights:
            self.add(insight)

    def __iter__(self) -> Iterator[Insight]:
        for insights in list(self._by_symbol.values()):
            yield from list(insights)

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_symbol.values())

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Insight):
            return item in self._by_symbol.get(item.symbol, [])
        return bool(self._by_symbol.get(item))  # type: ignore[call-overload]

    def __getitem__(self, symbol: Symbol) -> list[Insight]:
        return list(self._by_symbol.get(symbol, []))

    @property
    def count(self) -> int:
        """Number of insights held."""
        return len(self)

    @property
    def total_count(self) -> int:
        """Same as :attr:`count`."""
        return len(self)

    def contains_key(self, symbol: Symbol) -> bool:
        """True when insights exist for ``symbol``."""
        return bool(self._by_symbol.get(symbol))

    def try_get_value(self, symbol: Symbol) -> tuple[bool, list[Insight]]:
        """``(found, insights)`` for ``symbol``."""
        found = self._by_symbol.get(symbol)
        return bool(found), list(found or [])

    def get_insights(self, predicate: Callable[[Insight], bool] | None = None) -> list[Insight]:
        """All insights (matching ``predicate``)."""
        return [i for i in self if predicate is None or predicate(i)]

    # ------------------------------------------------------------------------------ time
    def get_active_insights(self, utc_time: datetime) -> list[Insight]:
        """Insights still active at ``utc_time``."""
        return [i for i in self if i.is_active(utc_time)]

    def has_active_insights(self, symbol: Symbol, utc_time: datetime) -> bool:
        """True when ``symbol`` has an insight active at ``utc_time``."""
        return any(i.is_active(utc_time) for i in self._by_symbol.get(symbol, []))

    def get_next_expiry_time(self) -> datetime | None:
        """The earliest close time among held insights (None when empty)."""
        closes = [i.close_time_utc for i in self if i.close_time_utc is not None]
        self._next_expiry = min(closes) if closes else None
        return self._next_expiry

    def remove_expired_insights(self, utc_time: datetime) -> list[Insight]:
        """Remove and return the insights expired at ``utc_time``."""
        removed: list[Insight] = []
        for symbol in list(self._by_symbol):
            keep = []
            for insight in self._by_symbol[symbol]:
                (removed if insight.is_expired(utc_time) else keep).append(insight)
            if keep:
                self._by_symbol[symbol] = keep
            else:
                del self._by_symbol[symbol]
        if removed:
            self.get_next_expiry_time()
        return removed

    def remove(self, insight: Insight) -> bool:
        """Remove one insight; True when it was held."""
        held = self._by_symbol.get(insight.symbol, [])
        if insight not in held:
            return False
        held.remove(insight)
        if not held:
            del self._by_symbol[insight.symbol]
        return True

    def clear(self, symbols: Iterable[Symbol] | None = None) -> None:
        """Remove every insight (of ``symbols``)."""
        if symbols is None:
            self._by_symbol.clear()
        else:
            for symbol in symbols:
                self._by_symbol.pop(symbol, None)
        self.get_next_expiry_time()

    def expire(self, symbols: Iterable[Symbol] | Symbol, utc_time: datetime) -> None:
        """Expire the active insights of ``symbols`` at ``utc_time``."""
        targets = [symbols] if isinstance(symbols, Symbol) else list(symbols)
        for symbol in targets:
            for insight in self._by_symbol.get(symbol, []):
                if insight.is_active(utc_time):
                    insight.expire(utc_time)
        self.get_next_expiry_time()

    def cancel(self, symbols: Iterable[Symbol] | Symbol, utc_time: datetime) -> None:
        """Same as :meth:`expire`."""
        self.expire(symbols, utc_time)


add_pascal_aliases(InsightCollection)

__all__ = ["Insight", "InsightCollection", "InsightDirection", "InsightType", "compute_close_time"]
