"""Keel's built-in market hours, used when no LEAN ``market-hours-database.json`` is available.

Sessions are CME Globex's published hours in exchange time (America/Chicago): the electronic
session opens the previous evening (Sunday for Monday) and halts daily before reopening; the
regular ("market") segment is the traditional day session. Data time zone is UTC, as in LEAN's
futures data. Holidays come from :mod:`keel.data.market_hours.holidays`. The document has the
same shape as LEAN's JSON so one parser serves both (and the synthetic data generator can write
it to disk).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from keel.data.market_hours import holidays as rules

FIRST_YEAR = 1998
LAST_YEAR = 2035


@dataclass(frozen=True, slots=True)
class SessionGroup:
    """Trading hours shared by a group of futures roots (times ``HH:MM`` in ``time_zone``)."""

    name: str
    time_zone: str
    evening_open: str
    regular_open: str
    regular_close: str
    daily_close: str
    holiday_halt: str
    half_day_close: str
    markets: dict[str, tuple[str, ...]]


FUTURE_GROUPS: tuple[SessionGroup, ...] = (
    SessionGroup(
        "equity index",
        "America/Chicago",
        "17:00",
        "08:30",
        "15:15",
        "16:00",
        "12:00",
        "12:15",
        {"cme": ("ES", "NQ", "RTY", "EMD", "MES", "MNQ"), "cbot": ("YM",)},
    ),
    SessionGroup(
        "energy",
        "America/Chicago",
        "17:00",
        "08:00",
        "13:30",
        "16:00",
        "12:00",
        "12:45",
        {"nymex": ("CL", "NG", "RB", "HO", "BZ")},
    ),
    SessionGroup(
        "metals",
        "America/Chicago",
        "17:00",
        "07:20",
        "12:30",
        "16:00",
        "12:00",
        "12:45",
        {"comex": ("GC", "SI", "HG", "MGC"), "nymex": ("PL", "PA")},
    ),
    SessionGroup(
        "rates",
        "America/Chicago",
        "17:00",
        "07:20",
        "14:00",
        "16:00",
        "12:00",
        "12:15",
        {"cbot": ("ZB", "ZN", "ZF", "ZT", "UB"), "cme": ("SR3",)},
    ),
    SessionGroup(
        "fx",
        "America/Chicago",
        "17:00",
        "07:20",
        "14:00",
        "16:00",
        "12:00",
        "12:15",
        {"cme": ("6E", "6J", "6B", "6A", "6C", "6S")},
    ),
    SessionGroup(
        "grains",
        "America/Chicago",
        "19:00",
        "08:30",
        "13:20",
        "13:20",
        "00:00",
        "12:05",
        {"cbot": ("ZC", "ZS", "ZW", "ZL", "ZM")},
    ),
)

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")


def _seg(start: str, end: str, state: str) -> dict[str, str]:
    return {
        "start": f"{start}:00" if start.count(":") == 1 else start,
        "end": f"{end}:00" if end.count(":") == 1 else end,
        "state": state,
    }


def _mdy(day: date) -> str:
    return f"{day.month}/{day.day}/{day.year}"


def _future_entry(group: SessionGroup) -> dict[str, Any]:
    midnight, end_of_day = "00:00", "1.00:00:00"
    weekday_segments = [
        _seg(midnight, group.regular_open, "premarket"),
        _seg(group.regular_open, group.regular_close, "market"),
    ]
    if group.daily_close != group.regular_close:
        weekday_segments.append(_seg(group.regular_close, group.daily_close, "postmarket"))
    evening = _seg(group.evening_open, end_of_day, "postmarket")
    entry: dict[str, Any] = {
        "dataTimeZone": "UTC",
        "exchangeTimeZone": group.time_zone,
        "sunday": [_seg(group.evening_open, end_of_day, "premarket")],
        "saturday": [],
    }
    for name in _WEEKDAYS:
        entry[name] = [*weekday_segments, evening] if name != "friday" else list(weekday_segments)
    if group.name == "grains":
        # grains pause between the overnight and the day session
        for name in ("sunday", *_WEEKDAYS):
            entry[name] = [s for s in entry[name] if s["state"] != "premarket" or s["start"] != "00:00:00"]
            if name != "sunday":
                entry[name].insert(0, _seg("00:00", "07:45", "premarket"))
    closed: list[str] = []
    early: dict[str, str] = {}
    late: dict[str, str] = {}
    bank: list[str] = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        closed += [_mdy(d) for d in rules.full_closures(year)]
        for day in rules.monday_style_holidays(year):
            early[_mdy(day)] = f"{group.holiday_halt}:00"
            late[_mdy(day)] = f"{group.evening_open}:00"
        for day in rules.early_close_days(year):
            early[_mdy(day)] = f"{group.half_day_close}:00"
        bank += [_mdy(d) for d in rules.bank_holidays(year)]
    entry.update(holidays=closed, earlyCloses=early, lateOpens=late, bankHolidays=bank)
    return entry


def _us_equity_entry() -> dict[str, Any]:
    weekday = [
        _seg("04:00", "09:30", "premarket"),
        _seg("09:30", "16:00", "market"),
        _seg("16:00", "20:00", "postmarket"),
    ]
    entry: dict[str, Any] = {
        "dataTimeZone": "America/New_York",
        "exchangeTimeZone": "America/New_York",
        "sunday": [],
        "saturday": [],
    }
    for name in _WEEKDAYS:
        entry[name] = list(weekday)
    closed: list[str] = []
    early: dict[str, str] = {}
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        closed += [_mdy(d) for d in rules.nyse_holidays(year)]
        early.update({_mdy(d): "13:00:00" for d in rules.early_close_days(year)})
    entry.update(holidays=closed, earlyCloses=early, lateOpens={})
    return entry


def builtin_roots() -> dict[str, str]:
    """Root -> market of every future in the built-in tables."""
    return {root: market for g in FUTURE_GROUPS for market, roots in g.markets.items() for root in roots}


@lru_cache(maxsize=1)
def _document() -> dict[str, Any]:
    entries: dict[str, Any] = {"Equity-usa-[*]": _us_equity_entry(), "Index-usa-[*]": _us_equity_entry()}
    for group in FUTURE_GROUPS:
        entry = _future_entry(group)
        for market, roots in group.markets.items():
            for root in roots:
                entries[f"Future-{market}-{root}"] = entry
    return {"entries": entries}


def builtin_document() -> dict[str, Any]:
    """The built-in database as a LEAN-shaped JSON document (``{"entries": {...}}``)."""
    return _document()
