"""Exchange hours: weekly session segments plus holidays, early closes and late opens.

Semantics follow LEAN's ``MarketHoursSegment``, ``LocalMarketHours`` and
``SecurityExchangeHours``: a segment is open on ``[start, end)``; regular hours are the
``market`` segments, extended hours add ``premarket`` and ``postmarket``; a holiday closes the
whole day; an early close truncates (and drops) segments after the close time; a late open
drops segments before the open time. All times are wall-clock times in the exchange zone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

ONE_DAY = timedelta(days=1)
_SEARCH_DAYS = 15


_FIXED_OFFSET = re.compile(r"^UTC([+-])(\d{1,2})$")


def zone_info(name: str) -> ZoneInfo:
    """The ``ZoneInfo`` of an IANA name; LEAN's fixed offsets ``UTC-05`` map to ``Etc/GMT+5``."""
    match = _FIXED_OFFSET.match(name)
    if match:
        sign = "+" if match.group(1) == "-" else "-"
        hours = int(match.group(2))
        return ZoneInfo(f"Etc/GMT{sign}{hours}" if hours else "UTC")
    return ZoneInfo(name)


class MarketHoursState(StrEnum):
    """State of a market-hours segment (LEAN's ``MarketHoursState``)."""

    CLOSED = "closed"
    PREMARKET = "premarket"
    MARKET = "market"
    POSTMARKET = "postmarket"


@dataclass(frozen=True, slots=True)
class MarketHoursSegment:
    """One open interval of a day, ``[start, end)`` as offsets from local midnight."""

    state: MarketHoursState
    start: timedelta
    end: timedelta

    def contains(self, time_of_day: timedelta) -> bool:
        """True if ``time_of_day`` lies in ``[start, end)``."""
        return self.start <= time_of_day < self.end

    def overlaps(self, start: timedelta, end: timedelta) -> bool:
        """True if ``[start, end)`` intersects this segment."""
        return start < self.end and end > self.start


@dataclass(frozen=True, slots=True)
class LocalMarketHours:
    """The segments of one day (closed segments removed), LEAN's ``LocalMarketHours``."""

    weekday: int
    segments: tuple[MarketHoursSegment, ...]

    @classmethod
    def create(cls, weekday: int, segments: Iterable[MarketHoursSegment]) -> LocalMarketHours:
        """Build from segments, dropping closed ones and sorting by start."""
        kept = sorted((s for s in segments if s.state != MarketHoursState.CLOSED), key=lambda s: s.start)
        return cls(weekday, tuple(kept))

    @classmethod
    def closed_all_day(cls, weekday: int) -> LocalMarketHours:
        """A day without any open segment."""
        return cls(weekday, ())

    @property
    def is_closed_all_day(self) -> bool:
        """True if no segment is open."""
        return not self.segments

    @property
    def is_open_all_day(self) -> bool:
        """True for one regular segment covering 00:00-24:00."""
        return (
            len(self.segments) == 1
            and self.segments[0].start == timedelta(0)
            and self.segments[0].end == ONE_DAY
            and self.segments[0].state == MarketHoursState.MARKET
        )

    @property
    def market_duration(self) -> timedelta:
        """Total length of the regular (``market``) segments."""
        total = timedelta(0)
        for segment in self.segments:
            if segment.state == MarketHoursState.MARKET:
                total += segment.end - segment.start
        return total

    def is_open(self, time_of_day: timedelta, extended: bool) -> bool:
        """True if open at ``time_of_day`` (regular hours only unless ``extended``)."""
        for segment in self.segments:
            if segment.contains(time_of_day):
                return extended or segment.state == MarketHoursState.MARKET
        return False

    def is_open_between(self, start: timedelta, end: timedelta, extended: bool) -> bool:
        """True if open at any moment of ``[start, end)`` within this day."""
        if start == end:
            return self.is_open(start, extended)
        for segment in self.segments:
            if (extended or segment.state == MarketHoursState.MARKET) and segment.overlaps(start, end):
                return True
        return False


def _apply_early_close(
    segments: tuple[MarketHoursSegment, ...], close: timedelta
) -> list[MarketHoursSegment]:
    # Mirrors LEAN: keep segments before the close, cut the one containing it; when the close
    # falls in a gap LEAN also drops the segment just before the gap (index = i - 1).
    index = len(segments)
    cut: MarketHoursSegment | None = None
    for i, segment in enumerate(segments):
        if segment.start <= close <= segment.end:
            cut = MarketHoursSegment(segment.state, segment.start, close)
            index = i
            break
        if close < segment.start:
            index = max(i - 1, 0)
            break
    kept = list(segments[:index])
    if cut is not None:
        kept.append(cut)
    return kept


def _apply_late_open(segments: list[MarketHoursSegment], open_time: timedelta) -> list[MarketHoursSegment]:
    index = len(segments)
    result: list[MarketHoursSegment] = []
    for i, segment in enumerate(segments):
        if segment.start <= open_time <= segment.end:
            result.append(MarketHoursSegment(segment.state, open_time, segment.end))
            index = i + 1
            break
        if open_time < segment.start:
            index = i
            break
    result.extend(segments[index:])
    return result


class SecurityExchangeHours:
    """The schedule of one exchange: weekly segments, holidays, early closes, late opens.

    ``weekly`` is keyed by Python weekday (0 = Monday). Queries take naive local datetimes in
    the exchange time zone. Adjusted per-date hours are cached, so repeated queries on the same
    date are cheap.
    """

    def __init__(
        self,
        time_zone: str,
        weekly: Mapping[int, LocalMarketHours],
        holidays: Iterable[date] = (),
        early_closes: Mapping[date, timedelta] | None = None,
        late_opens: Mapping[date, timedelta] | None = None,
        bank_holidays: Iterable[date] = (),
    ) -> None:
        self.time_zone = time_zone
        self.tz = zone_info(time_zone)
        self.weekly: dict[int, LocalMarketHours] = {
            day: weekly.get(day, LocalMarketHours.closed_all_day(day)) for day in range(7)
        }
        self.holidays: frozenset[date] = frozenset(holidays)
        self.early_closes: dict[date, timedelta] = dict(early_closes or {})
        self.late_opens: dict[date, timedelta] = dict(late_opens or {})
        self.bank_holidays: frozenset[date] = frozenset(bank_holidays)
        self._cache: dict[date, LocalMarketHours] = {}
        self.is_market_always_open = all(self.weekly[d].is_open_all_day for d in range(7))

    @classmethod
    def always_open(cls, time_zone: str) -> SecurityExchangeHours:
        """An exchange open 24/7 (LEAN's ``SecurityExchangeHours.AlwaysOpen``)."""
        segment = MarketHoursSegment(MarketHoursState.MARKET, timedelta(0), ONE_DAY)
        return cls(time_zone, {d: LocalMarketHours(d, (segment,)) for d in range(7)})

    def __repr__(self) -> str:
        return f"SecurityExchangeHours({self.time_zone!r}, holidays={len(self.holidays)})"

    # ---------------------------------------------------------------------------- per day
    def get_market_hours(self, day: date | datetime) -> LocalMarketHours:
        """Hours of ``day`` with holidays, early closes and late opens applied (cached)."""
        if isinstance(day, datetime):
            day = day.date()
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        hours = self._compute_market_hours(day)
        self._cache[day] = hours
        return hours

    def _compute_market_hours(self, day: date) -> LocalMarketHours:
        weekday = day.weekday()
        if day in self.holidays:
            return LocalMarketHours.closed_all_day(weekday)
        regular = self.weekly[weekday]
        early = self.early_closes.get(day)
        late = self.late_opens.get(day)
        if early is None and late is None:
            return regular
        segments: list[MarketHoursSegment] = list(regular.segments)
        before_close: list[MarketHoursSegment] | None = None
        if early is not None:
            before_close = _apply_early_close(regular.segments, early)
            if late is None or early >= late:
                segments = before_close
        if late is not None:
            after_open = _apply_late_open(segments, late)
            if before_close is not None and early is not None and early <= late:
                segments = before_close + after_open
            else:
                segments = after_open
        return LocalMarketHours(weekday, tuple(segments))

    def is_date_open(self, day: date, extended: bool = False) -> bool:
        """True if the exchange trades on ``day`` (a day with only extended hours needs ``extended``)."""
        hours = self.get_market_hours(day)
        if hours.is_closed_all_day:
            return False
        if hours.market_duration == timedelta(0):
            return extended
        return True

    def get_previous_trading_day(self, day: date) -> date:
        """The last open date strictly before ``day``."""
        day -= ONE_DAY
        for _ in range(366):
            if self.is_date_open(day):
                return day
            day -= ONE_DAY
        raise ValueError(f"no trading day within a year before {day}")

    def get_next_trading_day(self, day: date) -> date:
        """The first open date strictly after ``day``."""
        day += ONE_DAY
        for _ in range(366):
            if self.is_date_open(day):
                return day
            day += ONE_DAY
        raise ValueError(f"no trading day within a year after {day}")

    # ---------------------------------------------------------------------------- instants
    def is_open_at(self, local_dt: datetime, extended: bool) -> bool:
        """True if the exchange is open at ``local_dt`` (LEAN ``IsOpen(time, extended)``)."""
        hours = self.get_market_hours(local_dt.date())
        tod = timedelta(
            hours=local_dt.hour,
            minutes=local_dt.minute,
            seconds=local_dt.second,
            microseconds=local_dt.microsecond,
        )
        return hours.is_open(tod, extended)

    def is_open(self, local_start: datetime, local_end: datetime | bool, extended: bool | None = None) -> bool:
        """True if open at any moment of ``[local_start, local_end)`` (LEAN ``IsOpen(start, end, ext)``).

        LEAN's two-argument overload ``is_open(local_time, extended)`` asks about one instant.
        """
        if isinstance(local_end, bool) and extended is None:
            return self.is_open_at(local_start, local_end)
        if extended is None or isinstance(local_end, bool):
            raise TypeError("is_open(local_start, local_end, extended) or is_open(local_time, extended)")
        if local_start == local_end:
            return self.is_open_at(local_start, extended)
        start = local_start
        day_start = datetime.combine(start.date(), time())
        end = min(local_end, day_start + ONE_DAY - timedelta(microseconds=1))
        while True:
            hours = self.get_market_hours(start.date())
            if not hours.is_closed_all_day:
                base = datetime.combine(start.date(), time())
                if hours.is_open_between(start - base, end - base, extended):
                    return True
            start = datetime.combine(start.date(), time()) + ONE_DAY
            end = min(local_end, end + ONE_DAY)
            if not end > start:
                return False

    # ---------------------------------------------------------------------------- intervals
    def _day_intervals(self, day: date, extended: bool) -> list[tuple[datetime, datetime]]:
        base = datetime.combine(day, time())
        return [
            (base + s.start, base + s.end)
            for s in self.get_market_hours(day).segments
            if extended or s.state == MarketHoursState.MARKET
        ]

    def _merged_intervals(self, first: date, days: int, extended: bool) -> list[tuple[datetime, datetime]]:
        merged: list[tuple[datetime, datetime]] = []
        for offset in range(days):
            for start, end in self._day_intervals(first + timedelta(days=offset), extended):
                if merged and merged[-1][1] == start:
                    merged[-1] = (merged[-1][0], end)
                else:
                    merged.append((start, end))
        return merged

    def get_next_market_open(self, local_dt: datetime, extended: bool) -> datetime:
        """The next time strictly after ``local_dt`` at which a (merged, continuous) session opens."""
        for start, _ in self._merged_intervals(local_dt.date() - ONE_DAY, _SEARCH_DAYS + 1, extended):
            if start > local_dt:
                return start
        raise ValueError(f"unable to locate the next market open within two weeks of {local_dt}")

    def get_next_market_close(self, local_dt: datetime, extended: bool) -> datetime:
        """The next time strictly after ``local_dt`` at which a (merged, continuous) session closes."""
        for _, end in self._merged_intervals(local_dt.date() - ONE_DAY, _SEARCH_DAYS + 1, extended):
            if end > local_dt:
                return end
        raise ValueError(f"unable to locate the next market close within two weeks of {local_dt}")

    def get_previous_market_open(self, local_dt: datetime, extended: bool) -> datetime:
        """LEAN ``GetPreviousMarketOpen``: the latest session start at/before ``local_dt`` that really
        opens the market (not a segment continuing an open session, e.g. the regular session after
        pre-market, or midnight after an overnight session), searching back a week: the latest start
        of a merged session on those days (the day before them is read only to merge with)."""
        first = local_dt.date() - timedelta(days=7)
        starts = [s for s, _ in self._merged_intervals(first, 8, extended) if first < s.date() and s <= local_dt]
        if starts:
            return starts[-1]
        raise ValueError(f"unable to locate the previous market open within a week before {local_dt}")

    def get_first_daily_market_open(self, local_dt: datetime, extended: bool) -> datetime:
        """Earliest open at/before ``local_dt`` on the latest day having one (``GetFirstDailyMarketOpen``)."""
        day = local_dt.date()
        for _ in range(7):
            base = datetime.combine(day, time())
            candidates = [
                base + s.start
                for s in self.get_market_hours(day).segments
                if base + s.start <= local_dt and (extended or s.state == MarketHoursState.MARKET)
            ]
            if candidates:
                return min(candidates)
            day -= ONE_DAY
        raise ValueError(f"unable to locate the last market open within a week before {local_dt}")

    def get_last_daily_market_close(self, local_dt: datetime, extended: bool) -> datetime:
        """LEAN ``GetLastDailyMarketClose``: last close of the first day at/after ``local_dt`` still open."""
        day = local_dt.date()
        for _ in range(_SEARCH_DAYS):
            intervals = [iv for iv in self._day_intervals(day, extended) if iv[1] > local_dt]
            if intervals:
                last_end = intervals[-1][1]
                for start, end in self._merged_intervals(day, 3, extended):
                    if start <= intervals[-1][0] < end:
                        return end
                return last_end
            day += ONE_DAY
        raise ValueError(f"unable to locate the last daily market close within two weeks of {local_dt}")
