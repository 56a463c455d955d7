"""Time in the engine: UTC nanoseconds inside, naive local datetimes at the API.

The engine merges data on ``int`` nanoseconds since the epoch (UTC). Algorithms, securities
and bars see naive datetimes in their own time zone, as in LEAN. Conversions go through a
per-hour offset cache so the per-bar loop does no time-zone arithmetic.
"""

from __future__ import annotations

import time as _time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

EPOCH = datetime(1970, 1, 1)
NS_PER_SECOND = 1_000_000_000
NS_PER_MINUTE = 60 * NS_PER_SECOND
NS_PER_HOUR = 60 * NS_PER_MINUTE
NS_PER_DAY = 24 * NS_PER_HOUR


def zone_name(tz: object) -> str:
    """The IANA name of a time zone given as a name or a ``ZoneInfo``."""
    return tz if isinstance(tz, str) else getattr(tz, "key", str(tz))


def utc_datetime_to_ns(dt: datetime) -> int:
    """Nanoseconds since the epoch of a naive-UTC (or aware) datetime."""
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    delta = dt - EPOCH
    return (delta.days * 86_400 + delta.seconds) * NS_PER_SECOND + delta.microseconds * 1000


# the latest (ns, EPOCH + ns) answer of ``naive_from_ns`` (one tuple: replaced atomically) and the
# timedeltas of the steps between answers (bar sizes, time-zone offsets: few distinct values)
_last_naive: tuple[int, datetime] = (0, EPOCH)
_steps: dict[int, timedelta] = {}


def naive_from_ns(ns: int) -> datetime:
    """``EPOCH + timedelta(microseconds=ns // 1000)``: the datetime ``ns`` nanoseconds after the
    epoch, truncated to the microsecond.

    Built from the latest answer when ``ns`` is a whole number of microseconds away from it (times
    on a bar grid, a zone offset): ``timedelta(microseconds=...)`` costs ~6,000 instructions in
    CPython 3.11, adding a remembered step ~700. Equal datetimes either way (``ns // 1000`` moves by
    exactly ``step // 1000`` when ``step`` is a multiple of 1000).
    """
    global _last_naive
    last_ns, last = _last_naive
    if ns == last_ns:
        return last
    step = ns - last_ns
    if step % 1000:
        result = EPOCH + timedelta(microseconds=ns // 1000)
    else:
        delta = _steps.get(step)
        if delta is None:
            if len(_steps) >= 256:
                _steps.clear()
            delta = _steps[step] = timedelta(microseconds=step // 1000)
        result = last + delta
    _last_naive = (ns, result)
    return result


ns_to_utc_datetime = naive_from_ns
"""Naive UTC datetime of nanoseconds since the epoch (microsecond precision): :func:`naive_from_ns`
under the name its UTC callers use (no wrapper call)."""


class TimeZoneConverter:
    """Fast UTC <-> local conversion for one IANA time zone, cached per UTC hour."""

    __slots__ = ("_offsets", "name", "tz")

    def __init__(self, name: str) -> None:
        self.name = name
        self.tz = ZoneInfo(name)
        self._offsets: dict[int, int] = {}

    def offset_ns(self, utc_ns: int) -> int:
        """UTC offset (ns) of the zone at ``utc_ns``."""
        bucket = utc_ns // NS_PER_HOUR
        offset = self._offsets.get(bucket)
        if offset is None:
            moment = datetime.fromtimestamp(bucket * 3600, tz=UTC).astimezone(self.tz)
            utcoffset = moment.utcoffset() or timedelta(0)
            offset = int(utcoffset.total_seconds()) * NS_PER_SECOND
            self._offsets[bucket] = offset
        return offset

    def to_local(self, utc_ns: int) -> datetime:
        """Naive local datetime of a UTC instant."""
        return naive_from_ns(utc_ns + self.offset_ns(utc_ns))

    def local_to_utc_ns(self, local: datetime) -> int:
        """UTC nanoseconds of a naive local datetime (first occurrence when ambiguous)."""
        aware = local.replace(tzinfo=self.tz, fold=0)
        return utc_datetime_to_ns(aware.astimezone(UTC))

    def local_to_utc(self, local: datetime) -> datetime:
        """Naive UTC datetime of a naive local datetime."""
        return local.replace(tzinfo=self.tz, fold=0).astimezone(UTC).replace(tzinfo=None)

    def utc_to_local(self, utc: datetime) -> datetime:
        """Naive local datetime of a naive UTC datetime."""
        return utc.replace(tzinfo=UTC).astimezone(self.tz).replace(tzinfo=None)


_CONVERTERS: dict[str, TimeZoneConverter] = {}


def converter(name: str) -> TimeZoneConverter:
    """A shared converter per time zone name."""
    conv = _CONVERTERS.get(name)
    if conv is None:
        conv = _CONVERTERS[name] = TimeZoneConverter(name)
    return conv


class Clock:
    """Where the engine gets 'now' from; injected so backtest, paper and live share the loop."""

    def utc_now_ns(self) -> int:
        """The current time, UTC nanoseconds."""
        raise NotImplementedError

    def utc_now(self) -> datetime:
        """The current time, naive UTC."""
        return ns_to_utc_datetime(self.utc_now_ns())


class SimulatedClock(Clock):
    """A clock driven by data time (backtests)."""

    def __init__(self, start_ns: int = 0) -> None:
        self.now_ns = start_ns

    def set(self, utc_ns: int) -> None:
        """Advance (or set) the simulated time."""
        self.now_ns = utc_ns

    def utc_now_ns(self) -> int:
        return self.now_ns


class WallClock(Clock):
    """The real time (paper and live trading)."""

    def utc_now_ns(self) -> int:
        return _time.time_ns()


class ZoneClock:
    """The current time in one time zone, computed lazily from the engine's UTC ns.

    Securities share one per exchange time zone (``SecurityExchange.bind_clock``), so moving
    the engine's clock costs one assignment per zone, not one conversion per security.
    """

    __slots__ = ("_local", "_local_ns", "_utc", "_utc_ns", "conv", "ns")

    def __init__(self, conv: TimeZoneConverter) -> None:
        self.conv = conv
        self.ns = 0
        self._local_ns = -1
        self._utc_ns = -1
        self._local = EPOCH
        self._utc = EPOCH

    @property
    def local_time(self) -> datetime:
        """Naive local time now."""
        if self._local_ns != self.ns:
            self._local = self.conv.to_local(self.ns)
            self._local_ns = self.ns
        return self._local

    @property
    def utc_time(self) -> datetime:
        """Naive UTC time now."""
        if self._utc_ns != self.ns:
            self._utc = ns_to_utc_datetime(self.ns)
            self._utc_ns = self.ns
        return self._utc
