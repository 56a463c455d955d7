"""The exchange a security trades on: its hours, its time zone and its current local time.

``SecurityExchange`` wraps any object that behaves like ``keel.data.market_hours.SecurityExchangeHours``
(see :class:`ExchangeHoursLike`). ``AlwaysOpenExchangeHours`` and ``WeeklyExchangeHours`` are small
stand-alone implementations for tests and for securities without a market-hours entry.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any, Protocol, runtime_checkable
from zoneinfo import ZoneInfo

_CLOSING_SOON = timedelta(minutes=10)


@runtime_checkable
class ExchangeHoursLike(Protocol):
    """What the securities and reality models need from an exchange-hours object."""

    def is_open(self, local_start: datetime, local_end: datetime, extended: bool) -> bool:
        """True if the market is open at any moment in ``[local_start, local_end)``."""
        ...

    def is_open_at(self, local_dt: datetime, extended: bool) -> bool:
        """True if the market is open at ``local_dt``."""
        ...

    def get_next_market_close(self, local_dt: datetime, extended: bool) -> datetime:
        """The next close strictly after ``local_dt``."""
        ...


def to_tzinfo(zone: Any) -> tzinfo:
    """A ``tzinfo`` from a zone name, a ``tzinfo`` or an object with ``tz``/``time_zone``."""
    if isinstance(zone, tzinfo):
        return zone
    if isinstance(zone, str):
        return ZoneInfo(zone)
    tz = getattr(zone, "tz", None)
    if isinstance(tz, tzinfo):
        return tz
    return to_tzinfo(getattr(zone, "time_zone", "UTC"))


class AlwaysOpenExchangeHours:
    """Exchange hours of a market that never closes (crypto, synthetic tests)."""

    def __init__(self, time_zone: str = "UTC") -> None:
        self.time_zone = time_zone
        self.tz = ZoneInfo(time_zone)
        self.is_market_always_open = True

    def is_open(self, local_start: datetime, local_end: datetime, extended: bool) -> bool:
        """Always True."""
        return True

    def is_open_at(self, local_dt: datetime, extended: bool) -> bool:
        """Always True."""
        return True

    def is_date_open(self, day: date, extended: bool = False) -> bool:
        """Always True."""
        return True

    def get_next_market_close(self, local_dt: datetime, extended: bool) -> datetime:
        """Never closes: ``datetime.max``."""
        return datetime.max

    def get_next_market_open(self, local_dt: datetime, extended: bool) -> datetime:
        """Already open: ``local_dt``."""
        return local_dt


class WeeklyExchangeHours:
    """Same sessions every weekday, given as ``(start, end)`` times of day (end may be 24:00).

    ``regular`` and ``extended`` map a weekday (0 = Monday) to a list of sessions; weekdays
    missing from ``regular`` are closed. ``holidays`` are closed all day.
    """

    def __init__(
        self,
        time_zone: str,
        regular: dict[int, list[tuple[time, time | None]]],
        extended: dict[int, list[tuple[time, time | None]]] | None = None,
        holidays: set[date] | None = None,
    ) -> None:
        self.time_zone = time_zone
        self.tz = ZoneInfo(time_zone)
        self.is_market_always_open = False
        self._regular = {d: [self._span(s) for s in v] for d, v in regular.items()}
        self._extended = {d: [self._span(s) for s in v] for d, v in (extended or {}).items()}
        self.holidays = holidays or set()

    @staticmethod
    def _span(session: tuple[time, time | None]) -> tuple[timedelta, timedelta]:
        start, end = session
        s = timedelta(hours=start.hour, minutes=start.minute, seconds=start.second)
        e = timedelta(days=1) if end is None else timedelta(hours=end.hour, minutes=end.minute)
        return s, e

    def _sessions(self, day: date, extended: bool) -> list[tuple[datetime, datetime]]:
        if day in self.holidays:
            return []
        spans = list(self._regular.get(day.weekday(), []))
        if extended:
            spans += self._extended.get(day.weekday(), [])
        midnight = datetime(day.year, day.month, day.day)
        return sorted((midnight + s, midnight + e) for s, e in spans)

    def is_date_open(self, day: date, extended: bool = False) -> bool:
        """True if the market has a session on ``day``."""
        return bool(self._sessions(day, extended))

    def is_open_at(self, local_dt: datetime, extended: bool) -> bool:
        """True if ``local_dt`` falls inside a session."""
        return any(s <= local_dt < e for s, e in self._sessions(local_dt.date(), extended))

    def is_open(self, local_start: datetime, local_end: datetime, extended: bool) -> bool:
        """True if any session overlaps ``[local_start, local_end)``."""
        day = local_start.date()
        while day <= local_end.date():
            for s, e in self._sessions(day, extended):
                if s < local_end and e > local_start:
                    return True
            day += timedelta(days=1)
        return local_start == local_end and self.is_open_at(local_start, extended)

    def get_next_market_close(self, local_dt: datetime, extended: bool) -> datetime:
        """The next session end strictly after ``local_dt`` (searching two weeks ahead)."""
        day = local_dt.date()
        for _ in range(15):
            for s, e in self._sessions(day, extended):
                if e > local_dt and s <= max(local_dt, s):
                    return e
            day += timedelta(days=1)
        raise ValueError(f"no market close within two weeks of {local_dt}")

    def get_next_market_open(self, local_dt: datetime, extended: bool) -> datetime:
        """The next session start at or after ``local_dt``."""
        day = local_dt.date()
        for _ in range(15):
            for s, _e in self._sessions(day, extended):
                if s >= local_dt:
                    return s
            day += timedelta(days=1)
        raise ValueError(f"no market open within two weeks of {local_dt}")


class SecurityExchange:
    """The exchange of a security: hours, time zone and the current local time (set by the engine)."""

    __slots__ = ("_clock", "_local_time", "_utc_time", "hours", "tz")

    def __init__(self, hours: Any) -> None:
        self.hours = hours
        self.tz = to_tzinfo(hours)
        self._local_time = datetime.min
        self._utc_time: datetime | None = datetime.min
        self._clock: Any = None

    def bind_clock(self, clock: Any) -> None:
        """Read time from a shared zone clock (``local_time``/``utc_time`` attributes) from now on.

        The engine advances one clock per time zone instead of every security on every step.
        """
        self._clock = clock

    @property
    def time_zone(self) -> tzinfo:
        """The exchange time zone."""
        return self.tz

    @property
    def local_time(self) -> datetime:
        """The current exchange-local time (naive)."""
        clock = self._clock
        return clock.local_time if clock is not None else self._local_time

    @property
    def utc_time(self) -> datetime:
        """The current time as naive UTC."""
        clock = self._clock
        if clock is not None:
            return clock.utc_time
        if self._utc_time is None:
            self._utc_time = local_to_utc(self._local_time, self.tz)
        return self._utc_time

    def set_local_time(self, local_time: datetime, utc_time: datetime | None = None) -> None:
        """Advance the exchange clock; the engine calls this every time step (pass UTC if known)."""
        self._clock = None
        self._local_time = local_time
        self._utc_time = utc_time

    def set_utc_time(self, utc_time: datetime) -> None:
        """Advance the exchange clock from a naive UTC time."""
        self._clock = None
        self._local_time = utc_to_local(utc_time, self.tz)
        self._utc_time = utc_time

    @property
    def exchange_open(self) -> bool:
        """True if the regular session is open at the current local time."""
        return bool(self.hours.is_open_at(self.local_time, False))

    @property
    def closing_soon(self) -> bool:
        """True within 10 minutes of the regular-session close (LEAN's ``ClosingSoon``)."""
        return self.is_closing_soon()

    def is_closing_soon(self, within: timedelta = _CLOSING_SOON) -> bool:
        """True if the regular session closes within ``within`` of the local time."""
        if not self.exchange_open:
            return False
        now = self.local_time
        close = self.hours.get_next_market_close(now, False)
        return bool(close - now <= within)

    def date_time_is_open(self, local_dt: datetime) -> bool:
        """True if the regular session is open at ``local_dt``."""
        return bool(self.hours.is_open_at(local_dt, False))

    def is_open_during_bar(self, bar_start: datetime, bar_end: datetime, extended: bool) -> bool:
        """True if the market is open at some point of the bar."""
        return bool(self.hours.is_open(bar_start, bar_end, extended))

    # PascalCase aliases
    @property
    def Hours(self) -> Any:
        return self.hours

    @property
    def TimeZone(self) -> tzinfo:
        return self.tz

    @property
    def LocalTime(self) -> datetime:
        return self.local_time

    @property
    def ExchangeOpen(self) -> bool:
        return self.exchange_open

    @property
    def ClosingSoon(self) -> bool:
        return self.closing_soon

    SetLocalTime = set_local_time
    DateTimeIsOpen = date_time_is_open
    IsOpenDuringBar = is_open_during_bar


def utc_to_local(utc_time: datetime, tz: tzinfo) -> datetime:
    """Naive UTC -> naive local time in ``tz``."""
    if utc_time in (datetime.min, datetime.max):
        return utc_time
    return utc_time.replace(tzinfo=UTC).astimezone(tz).replace(tzinfo=None)


def local_to_utc(local_time: datetime, tz: tzinfo) -> datetime:
    """Naive local time in ``tz`` -> naive UTC."""
    if local_time in (datetime.min, datetime.max):
        return local_time
    return local_time.replace(tzinfo=tz).astimezone(UTC).replace(tzinfo=None)
