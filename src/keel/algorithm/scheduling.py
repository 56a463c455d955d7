"""Scheduled events: LEAN's ``schedule.on(date_rules..., time_rules..., callback)``.

A date rule yields local dates; a time rule turns a date into UTC instants. The engine asks
the :class:`ScheduleManager` for events due up to each time slice and fires them in order,
with the algorithm clock set to each event's own time (as LEAN does in backtests).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from keel.algorithm.aliases import add_pascal_aliases
from keel.engine.clock import converter, utc_datetime_to_ns

DateSource = Callable[[date, date], Iterable[date]]


class DateRule:
    """A named rule producing the dates an event fires on."""

    def __init__(self, name: str, dates: DateSource) -> None:
        self.name = name
        self._dates = dates

    def get_dates(self, start: date, end: date) -> Iterable[date]:
        """Dates in ``[start, end]`` on which the rule fires."""
        return self._dates(start, end)

    def __repr__(self) -> str:
        return f"DateRule({self.name})"


class TimeRule:
    """A named rule producing the UTC instants (ns) an event fires at on a given date."""

    def __init__(self, name: str, times: Callable[[date], list[int]]) -> None:
        self.name = name
        self._times = times

    def utc_times(self, day: date) -> list[int]:
        """UTC ns instants on ``day``."""
        return self._times(day)

    def __repr__(self) -> str:
        return f"TimeRule({self.name})"


def _days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


class DateRules:
    """Factory of date rules (``algorithm.date_rules``)."""

    def __init__(self, algorithm: Any) -> None:
        self._algorithm = algorithm

    def _hours(self, symbol: Any) -> Any:
        return self._algorithm.securities[self._algorithm.symbol(symbol)].exchange.hours

    def every_day(self, symbol: Any = None, extended_market_hours: bool = False) -> DateRule:
        """Every calendar day, or every trading day of ``symbol``'s exchange.

        A day with extended hours only (Sunday evening of CME futures) counts when
        ``extended_market_hours`` is given (current LEAN: ``EveryDay(symbol, extendedMarketHours)``,
        ``SecurityExchangeHours.IsDateOpen(day, extendedMarketHours)``) or when ``symbol``'s security
        subscribes to extended hours. The second part is FITTED, not read in one C# version: the
        2023/2024 ``DateRules.EveryDay(symbol)`` is ``Time.EachTradeableDay(exchangeHours, start,
        end)`` with no extended flag, and the older ``IsDateOpen(day)`` (C#) only rejects days with
        no session at all, so a Sunday session counted; LEAN's 2024
        FutureMarketOpenAndCloseWithExtendedMarket expects ``AfterMarketOpen(ES, extended)`` on
        Sunday 18:00 and ``BeforeMarketClose(ES, extended)`` at that session's midnight end, while
        the regular-session rules fire nothing on Sunday. Limiting it to extended securities keeps
        current LEAN's default (regular trading days) for every other security, e.g. an ``at()``
        rule.
        """
        if symbol is None:
            return DateRule("EveryDay", _days)
        security = self._algorithm.securities[self._algorithm.symbol(symbol)]
        hours = security.exchange.hours

        def dates(start: date, end: date) -> Iterator[date]:
            extended = extended_market_hours or security.is_extended_market_hours
            return (d for d in _days(start, end) if hours.is_date_open(d, extended))

        return DateRule(f"EveryDay({symbol})", dates)

    def every(self, *weekdays: int) -> DateRule:
        """Every given weekday (0 = Monday ... 6 = Sunday, or ``DayOfWeek`` values)."""
        wanted = {int(w) for w in weekdays}
        return DateRule(f"Every({sorted(wanted)})", lambda s, e: (d for d in _days(s, e) if d.weekday() in wanted))

    def on(self, *args: Any) -> DateRule:
        """Specific dates: ``on(2013, 10, 8)`` or ``on(date1, date2, ...)``."""
        if len(args) == 3 and all(isinstance(a, int) for a in args):
            dates = {date(*args)}
        else:
            dates = {a.date() if isinstance(a, datetime) else a for a in args}
        return DateRule("On", lambda s, e: sorted(d for d in dates if s <= d <= e))

    def _trading(self, symbol: Any) -> Callable[[date], bool]:
        if symbol is None:
            return lambda d: d.weekday() < 5
        hours = self._hours(symbol)
        return lambda d: hours.is_date_open(d, False)

    def month_start(self, symbol: Any = None, days_offset: int = 0) -> DateRule:
        """The first (+ offset) trading day of each month."""
        return DateRule(
            "MonthStart", self._period_pick(symbol, days_offset, first=True, key=lambda d: (d.year, d.month))
        )

    def month_end(self, symbol: Any = None, days_offset: int = 0) -> DateRule:
        """The last (- offset) trading day of each month."""
        return DateRule(
            "MonthEnd", self._period_pick(symbol, days_offset, first=False, key=lambda d: (d.year, d.month))
        )

    def week_start(self, symbol: Any = None, days_offset: int = 0) -> DateRule:
        """The first (+ offset) trading day of each week."""
        return DateRule(
            "WeekStart", self._period_pick(symbol, days_offset, first=True, key=lambda d: d.isocalendar()[:2])
        )

    def week_end(self, symbol: Any = None, days_offset: int = 0) -> DateRule:
        """The last (- offset) trading day of each week."""
        return DateRule(
            "WeekEnd", self._period_pick(symbol, days_offset, first=False, key=lambda d: d.isocalendar()[:2])
        )

    def _period_pick(self, symbol: Any, offset: int, first: bool, key: Callable[[date], Any]) -> DateSource:
        trading = self._trading(symbol)

        def pick(start: date, end: date) -> list[date]:
            groups: dict[Any, list[date]] = {}
            # look a month either side so the first/last day of a partial period is right
            for d in _days(start - timedelta(days=40), end + timedelta(days=40)):
                if trading(d):
                    groups.setdefault(key(d), []).append(d)
            chosen = []
            for days in groups.values():
                if offset < len(days):
                    chosen.append(days[offset] if first else days[-1 - offset])
            return sorted(d for d in chosen if start <= d <= end)

        return pick

    @property
    def today(self) -> DateRule:
        """The algorithm's current date."""
        today = self._algorithm.time.date()
        return DateRule("Today", lambda s, e: [today] if s <= today <= e else [])

    @property
    def tomorrow(self) -> DateRule:
        """The day after the algorithm's current date."""
        tomorrow = self._algorithm.time.date() + timedelta(days=1)
        return DateRule("Tomorrow", lambda s, e: [tomorrow] if s <= tomorrow <= e else [])


class TimeRules:
    """Factory of time rules (``algorithm.time_rules``)."""

    def __init__(self, algorithm: Any) -> None:
        self._algorithm = algorithm

    def _tz(self, tz: Any = None) -> Any:
        name = tz if isinstance(tz, str) else getattr(tz, "key", None) or self._algorithm.time_zone
        return converter(name)

    def at(self, hour: int | time | timedelta, minute: int = 0, second: int = 0, time_zone: Any = None) -> TimeRule:
        """A fixed local time of day (algorithm time zone unless ``time_zone`` is given)."""
        if isinstance(hour, timedelta):
            offset = hour
        elif isinstance(hour, time):
            offset = timedelta(hours=hour.hour, minutes=hour.minute, seconds=hour.second)
        else:
            offset = timedelta(hours=hour, minutes=minute, seconds=second)
        conv = self._tz(time_zone)
        return TimeRule(
            f"At({offset})",
            lambda d: [conv.local_to_utc_ns(datetime(d.year, d.month, d.day) + offset)],
        )

    @property
    def midnight(self) -> TimeRule:
        """00:00 in the algorithm's time zone."""
        return self.at(0)

    @property
    def noon(self) -> TimeRule:
        """12:00 in the algorithm's time zone."""
        return self.at(12)

    def every(self, interval: timedelta) -> TimeRule:
        """Every ``interval`` through the day, starting at midnight."""
        if interval <= timedelta(0):
            raise ValueError("time_rules.every needs a positive interval")
        conv = self._tz()

        def times(d: date) -> list[int]:
            midnight = datetime(d.year, d.month, d.day)
            out, t = [], timedelta(0)
            while t < timedelta(days=1):
                out.append(conv.local_to_utc_ns(midnight + t))
                t += interval
            return out

        return TimeRule(f"Every({interval})", times)

    def _session_rule(
        self, name: str, symbol: Any, extended: bool, edge: Callable[[list[Any]], timedelta | None]
    ) -> TimeRule:
        """A rule at ``edge(segments)`` (offset from midnight) of each day's open segments of ``symbol``."""
        hours = self._algorithm.securities[self._algorithm.symbol(symbol)].exchange.hours
        conv = converter(_tz_name(hours))

        def times(d: date) -> list[int]:
            segments = [s for s in hours.get_market_hours(d).segments if extended or s.state.value == "market"]
            offset = edge(segments)
            return [] if offset is None else [conv.local_to_utc_ns(datetime(d.year, d.month, d.day) + offset)]

        return TimeRule(name, times)

    def after_market_open(
        self, symbol: Any, minutes_after_open: float = 0, extended_market_open: bool = False
    ) -> TimeRule:
        """``minutes_after_open`` after the exchange opens on each trading day.

        Without extended hours, a regular session carried over from the previous day (starting
        at midnight) is not an open.
        """
        delta = timedelta(minutes=minutes_after_open)

        def edge(segments: list[Any]) -> timedelta | None:
            starts = [s.start for s in segments if extended_market_open or s.start != timedelta(0)]
            return starts[0] + delta if starts else None

        return self._session_rule(
            f"AfterMarketOpen({symbol}, {minutes_after_open})", symbol, extended_market_open, edge
        )

    def before_market_close(
        self, symbol: Any, minutes_before_close: float = 0, extended_market_close: bool = False
    ) -> TimeRule:
        """``minutes_before_close`` before the exchange closes on each trading day.

        Without extended hours, a regular session running past midnight has no close that day.
        """
        delta = timedelta(minutes=minutes_before_close)

        def edge(segments: list[Any]) -> timedelta | None:
            if not segments or (segments[-1].end >= timedelta(days=1) and not extended_market_close):
                return None
            return segments[-1].end - delta  # type: ignore[no-any-return]

        return self._session_rule(
            f"BeforeMarketClose({symbol}, {minutes_before_close})", symbol, extended_market_close, edge
        )

    @property
    def now(self) -> TimeRule:
        """The algorithm's current time."""
        now_ns = utc_datetime_to_ns(self._algorithm.utc_time)
        today = self._algorithm.time.date()
        return TimeRule("Now", lambda d: [now_ns] if d == today else [])


def _tz_name(hours: Any) -> str:
    tz = getattr(hours, "time_zone", "UTC")
    return tz if isinstance(tz, str) else getattr(tz, "key", str(tz))


class ScheduledEvent:
    """One scheduled callback with its rules and its next due time."""

    def __init__(self, name: str, date_rule: DateRule, time_rule: TimeRule, callback: Callable[..., Any]) -> None:
        self.name = name
        self.date_rule = date_rule
        self.time_rule = time_rule
        self.callback = callback
        self.enabled = True

    def times(self, start: date, end: date) -> Iterator[int]:
        """Due instants (UTC ns) between the two local dates, in order."""
        for day in self.date_rule.get_dates(start, end):
            yield from sorted(self.time_rule.utc_times(day))

    def __repr__(self) -> str:
        return f"ScheduledEvent({self.name})"


class ScheduleManager:
    """``algorithm.schedule``: registers events and hands the engine those that are due."""

    def __init__(self, algorithm: Any) -> None:
        self._algorithm = algorithm
        self.events: list[ScheduledEvent] = []
        self._queue: list[tuple[int, int, int, Iterator[int]]] = []
        self._counter = 0
        self._window: tuple[date, date] | None = None
        self._by_id: dict[int, ScheduledEvent] = {}

    def on(
        self, date_rule: DateRule, time_rule: TimeRule, callback: Callable[..., Any], name: str | None = None
    ) -> ScheduledEvent:
        """Run ``callback`` at every (date, time) of the rules."""
        event = ScheduledEvent(name or f"{date_rule.name}: {time_rule.name}", date_rule, time_rule, callback)
        self.events.append(event)
        if self._window is not None:
            self._push(event, *self._window)
        return event

    def remove(self, event: ScheduledEvent) -> None:
        """Stop an event."""
        event.enabled = False

    def start(self, start: date, end: date, now_ns: int) -> None:
        """Prepare the event queue for a run between two dates; skip events before ``now_ns``."""
        self._window = (start, end)
        self._queue = []
        for event in self.events:
            self._push(event, start, end, now_ns)

    def _push(self, event: ScheduledEvent, start: date, end: date, not_before: int | None = None) -> None:
        if not_before is None:
            not_before = utc_datetime_to_ns(self._algorithm.utc_time)
        times = event.times(start, end)
        for t in times:
            if t >= not_before:
                self._counter += 1
                heapq.heappush(self._queue, (t, self._counter, id(event), times))
                self._by_id[id(event)] = event
                return

    def next_due(self, until_ns: int) -> tuple[int, ScheduledEvent] | None:
        """Pop the next event due at or before ``until_ns`` (None when nothing is due)."""
        while self._queue and self._queue[0][0] <= until_ns:
            t, _, event_id, times = heapq.heappop(self._queue)
            event = self._by_id[event_id]
            following = next(times, None)
            if following is not None:
                self._counter += 1
                heapq.heappush(self._queue, (following, self._counter, event_id, times))
            if event.enabled:
                return t, event
        return None

    @property
    def next_time(self) -> int | None:
        """UTC ns of the earliest pending event."""
        return self._queue[0][0] if self._queue else None

    # LEAN spelling
    On = on
    Remove = remove


for _cls in (DateRules, TimeRules):
    add_pascal_aliases(_cls)
