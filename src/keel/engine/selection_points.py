"""Data points LEAN's time slices carry besides the bars of the data subscriptions.

LEAN's ``DataPoints`` statistic is the sum of ``TimeSlice.DataPointCount``: every data point of
every subscription packet (internal ones included) plus the data of the universe-selection
subscriptions (``TimeSliceFactory.Create`` counts ``universeData[...].Data.Count``). Keel's feed
emits the bars; this module counts the selection data LEAN reads from the same sources:

* a user-defined universe (one per security type and market, created by ``AddEquity``,
  ``AddFutureContract``, ``AddIndex``...) emits one trigger point when its subscription starts;
* ``AddFuture`` creates a ``ContinuousContractUniverse`` that triggers once per trading day and a
  ``FuturesChainUniverse`` that reads the chain universe file of each date (one point per row);
  both subscriptions start on the trading day before the one the future is added on (LEAN's
  ``DataManager`` starts the continuous universe at the previous tradable date so selection
  happens right away).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Protocol

from keel.model.enums import SecurityType
from keel.model.symbol import Symbol


class _Hours(Protocol):
    def is_date_open(self, day: date, extended: bool = False) -> bool: ...


class _Chain(Protocol):
    def chain_rows(self, day: date) -> list[Any]: ...


def previous_trading_day(hours: _Hours, day: date, extended: bool) -> date:
    """The last date before ``day`` on which the exchange trades (extended sessions count when
    ``extended``): LEAN's ``Time.GetStartTimeForTradeBars(hours, day, OneDay, 1, extended)``."""
    previous = day - timedelta(days=1)
    for _ in range(366):
        if hours.is_date_open(previous, extended):
            return previous
        previous -= timedelta(days=1)
    return day - timedelta(days=1)


def user_universe_key(symbol: Symbol) -> tuple[SecurityType, str]:
    """The user-defined universe a manually added security belongs to (security type, market)."""
    return symbol.security_type, symbol.id.market.lower()


class ChainSelectionPoints:
    """The selection data points of one ``AddFuture`` (continuous-contract triggers and chain rows),
    counted day by day from the (regular-hours) trading day before the future was added.

    LEAN starts both universe subscriptions at ``Time.GetStartTimeForTradeBars(hours, start, OneDay,
    1, extendedMarketHours: false)``; the continuous universe triggers on each tradeable day of the
    future, counting days with an extended session only (a Sunday evening) when the future was added
    with extended market hours (its universe config carries the flag).
    """

    def __init__(self, chain: _Chain, hours: _Hours, added_on: date, extended: bool = False) -> None:
        self.chain = chain
        self.hours = hours
        self.extended = extended
        self.first_day = previous_trading_day(hours, added_on, False)
        self.next_day = self.first_day

    def through(self, day: date) -> int:
        """Points of the days not yet counted up to and including ``day``."""
        count = 0
        current = self.next_day
        while current <= day:
            if self.hours.is_date_open(current, self.extended):
                count += 1  # ContinuousContractUniverse: one trigger per tradeable day
            count += len(self.chain.chain_rows(current))  # FuturesChainUniverse: one per file row
            current += timedelta(days=1)
        if current > self.next_day:
            self.next_day = current
        return count

    def until_disposal(self, day: date) -> int:
        """Points still to count when the universes are disposed on ``day`` (net of those counted).

        LEAN disposes a universe in a time slice at or after that day's midnight selection data, so
        the continuous-contract triggers count through ``day``; a chain file is emitted at the
        midnight after its date, so the files count through the day before (the file of ``day``,
        which :meth:`through` counts with its date, is taken back when already counted)."""
        count = 0
        current = self.next_day
        while current <= day:
            if self.hours.is_date_open(current, self.extended):
                count += 1
            if current < day:
                count += len(self.chain.chain_rows(current))
            current += timedelta(days=1)
        if self.first_day <= day < self.next_day:
            count -= len(self.chain.chain_rows(day))
        self.next_day = max(self.next_day, day + timedelta(days=1))
        return count

    def last_emission(self, end_day: date) -> date | None:
        """The latest exchange date at whose midnight these universes emit selection data in a run
        ending on ``end_day`` (None if none): a continuous-contract trigger on a tradeable day, or a
        chain file, which LEAN emits at its ``EndTime``, the midnight after the file's date (the
        file of the end date included, since LEAN reads universe data whose start is not after the
        end). LEAN's data feed runs until that time slice, so it is the run's last time slice when no
        bar comes later."""
        latest: date | None = None
        day = end_day
        while day >= self.first_day and day > end_day - timedelta(days=14):
            if self.chain.chain_rows(day):
                candidate = day + timedelta(days=1)
                latest = candidate if latest is None or candidate > latest else latest
            if self.hours.is_date_open(day, self.extended) and (latest is None or day > latest):
                latest = day
            day -= timedelta(days=1)
        return latest


__all__ = ["ChainSelectionPoints", "previous_trading_day", "user_universe_key"]
