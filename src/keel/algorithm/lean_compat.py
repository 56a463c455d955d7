"""LEAN names that algorithms import from ``AlgorithmImports`` and Keel did not have yet.

* :class:`TimeZones` (IANA names, ``TimeZones.NEW_YORK`` and ``TimeZones.NewYork``), :class:`DayOfWeek`
  (.NET numbering: Sunday = 0) and :class:`Extensions` (``convert_from_utc`` / ``convert_to_utc``).
* :class:`LeanData` (``get_daily_calendar``, ``get_intraday_calendar``) returning :class:`CalendarInfo`.
* :class:`MarketHourAwareConsolidator`: bars of regular (or extended) hours only, intraday bars
  anchored on the session open and cut at the close, daily bars spanning the trading day.
* :class:`SecurityExchangeHours`: Keel's exchange hours with LEAN's constructor
  ``(time_zone, holidays, market_hours_by_day_of_week, early_closes, late_opens)`` and a
  ``market_hours`` property keyed by :class:`DayOfWeek`; :class:`LeanMarketHoursDatabase` wraps the
  run's database so ``get_entry`` returns such hours and ``set_entry`` accepts them.
* :class:`FutureUniverse`: a chain universe row (``history(FutureUniverse, ...)``, chain filters).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from enum import IntEnum
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from keel.algorithm.aliases import add_pascal_aliases
from keel.algorithm.consolidators import DataConsolidator, QuoteBarConsolidator, TradeBarConsolidator, round_down
from keel.data.futures.universe import FutureUniverse
from keel.data.market_hours import LocalMarketHours, MarketHoursDatabase, MarketHoursEntry, daily_calendar
from keel.data.market_hours import SecurityExchangeHours as KeelSecurityExchangeHours
from keel.model.bars import QuoteBar, Tick, TradeBar
from keel.model.enums import Resolution, SecurityType, TickType
from keel.model.symbol import Symbol

ONE_DAY = timedelta(days=1)
ONE_HOUR = timedelta(hours=1)
_STANDARD_PERIODS = {
    timedelta(seconds=1): Resolution.SECOND,
    timedelta(minutes=1): Resolution.MINUTE,
    ONE_HOUR: Resolution.HOUR,
    ONE_DAY: Resolution.DAILY,
}
_RESOLUTION_PERIODS = {v: k for k, v in _STANDARD_PERIODS.items()}


# ==================================================================================== time zones
class TimeZones:
    """IANA names of LEAN's ``TimeZones`` constants (both ``NEW_YORK`` and ``NewYork`` spellings)."""

    UTC = "UTC"
    AMSTERDAM = "Europe/Amsterdam"
    ANCHORAGE = "America/Anchorage"
    ATHENS = "Europe/Athens"
    AUCKLAND = "Pacific/Auckland"
    BERLIN = "Europe/Berlin"
    BRISBANE = "Australia/Brisbane"
    BUCHAREST = "Europe/Bucharest"
    BUENOS_AIRES = "America/Argentina/Buenos_Aires"
    CAIRO = "Africa/Cairo"
    CHICAGO = "America/Chicago"
    DENVER = "America/Denver"
    DUBLIN = "Europe/Dublin"
    EASTERN_STANDARD = "Etc/GMT+5"
    HELSINKI = "Europe/Helsinki"
    HONG_KONG = "Asia/Hong_Kong"
    HONOLULU = "Pacific/Honolulu"
    ISTANBUL = "Europe/Istanbul"
    JERUSALEM = "Asia/Jerusalem"
    JOHANNESBURG = "Africa/Johannesburg"
    KOLKATA = "Asia/Kolkata"
    LONDON = "Europe/London"
    LOS_ANGELES = "America/Los_Angeles"
    MADRID = "Europe/Madrid"
    MELBOURNE = "Australia/Melbourne"
    MEXICO_CITY = "America/Mexico_City"
    MINSK = "Europe/Minsk"
    MOSCOW = "Europe/Moscow"
    NEW_YORK = "America/New_York"
    PARIS = "Europe/Paris"
    PHOENIX = "America/Phoenix"
    ROME = "Europe/Rome"
    SAO_PAULO = "America/Sao_Paulo"
    SEOUL = "Asia/Seoul"
    SHANGHAI = "Asia/Shanghai"
    SINGAPORE = "Asia/Singapore"
    STOCKHOLM = "Europe/Stockholm"
    SYDNEY = "Australia/Sydney"
    TAIPEI = "Asia/Taipei"
    TOKYO = "Asia/Tokyo"
    TORONTO = "America/Toronto"
    VANCOUVER = "America/Vancouver"
    VIENNA = "Europe/Vienna"
    WARSAW = "Europe/Warsaw"
    ZURICH = "Europe/Zurich"


for _name, _value in list(vars(TimeZones).items()):
    if _name.isupper():
        setattr(TimeZones, "".join(p.capitalize() for p in _name.split("_")), _value)
TimeZones.Utc = TimeZones.UTC  # type: ignore[attr-defined]


def _zone(time_zone: Any) -> ZoneInfo:
    if isinstance(time_zone, ZoneInfo):
        return time_zone
    return ZoneInfo(time_zone if isinstance(time_zone, str) else str(time_zone))


class Extensions:
    """LEAN's ``Extensions`` helpers used by algorithms (naive datetimes in and out)."""

    @staticmethod
    def convert_from_utc(utc_time: datetime, time_zone: Any) -> datetime:
        """A naive UTC time as naive local time of ``time_zone``."""
        return utc_time.replace(tzinfo=UTC).astimezone(_zone(time_zone)).replace(tzinfo=None)

    @staticmethod
    def convert_to_utc(local_time: datetime, time_zone: Any) -> datetime:
        """A naive local time of ``time_zone`` as naive UTC."""
        return local_time.replace(tzinfo=_zone(time_zone)).astimezone(UTC).replace(tzinfo=None)

    @staticmethod
    def convert_to(time: datetime, from_time_zone: Any, to_time_zone: Any) -> datetime:
        """A naive time of ``from_time_zone`` as naive time of ``to_time_zone``."""
        return time.replace(tzinfo=_zone(from_time_zone)).astimezone(_zone(to_time_zone)).replace(tzinfo=None)

    ConvertFromUtc = convert_from_utc
    ConvertToUtc = convert_to_utc
    ConvertTo = convert_to


class DayOfWeek(IntEnum):
    """.NET ``DayOfWeek`` (Sunday = 0 ... Saturday = 6); ``python_weekday`` is Monday = 0."""

    SUNDAY = 0
    MONDAY = 1
    TUESDAY = 2
    WEDNESDAY = 3
    THURSDAY = 4
    FRIDAY = 5
    SATURDAY = 6

    Sunday = 0
    Monday = 1
    Tuesday = 2
    Wednesday = 3
    Thursday = 4
    Friday = 5
    Saturday = 6

    @property
    def python_weekday(self) -> int:
        """Python's ``date.weekday()`` of this day (Monday = 0)."""
        return (int(self) - 1) % 7

    @classmethod
    def from_python_weekday(cls, weekday: int) -> DayOfWeek:
        """The day whose Python weekday (Monday = 0) is ``weekday``."""
        return cls((weekday + 1) % 7)


# ==================================================================================== calendars
class CalendarInfo(NamedTuple):
    """A consolidation window: ``start`` and ``period`` (LEAN's ``CalendarInfo``); a tuple, so calendar
    functions may return it to ``consolidate``."""

    start: datetime
    period: timedelta

    @property
    def end(self) -> datetime:
        """``start + period``."""
        return self.start + self.period

    @property
    def Start(self) -> datetime:
        return self.start

    @property
    def Period(self) -> timedelta:
        return self.period

    @property
    def End(self) -> datetime:
        return self.end


def _round_down(value: datetime, period: timedelta) -> datetime:
    return value if period <= timedelta(0) else round_down(value, period)


class LeanData:
    """LEAN's ``LeanData`` calendar helpers."""

    @staticmethod
    def get_daily_calendar(
        exchange_time_of_day: datetime, exchange_hours: Any, extended_market_hours: bool = False
    ) -> CalendarInfo:
        """The trading day containing ``exchange_time_of_day``: first open to last close (extended or not)."""
        start, end = daily_calendar(exchange_hours, exchange_time_of_day, bool(extended_market_hours))
        return CalendarInfo(start, end - start)

    @staticmethod
    def get_intraday_calendar(
        exchange_time_of_day: datetime, period: timedelta, exchange_hours: Any, extended_market_hours: bool = False
    ) -> CalendarInfo:
        """A ``period`` window anchored on the open of the session containing the time, cut at its close.

        Outside market hours (or for an always-open market) the window is aligned on midnight.
        """
        if getattr(exchange_hours, "is_market_always_open", False):
            return CalendarInfo(_round_down(exchange_time_of_day, period), period)
        day = exchange_time_of_day.date()
        for open_, close in exchange_hours._merged_intervals(day - ONE_DAY, 3, bool(extended_market_hours)):
            if open_ <= exchange_time_of_day < close:
                start = open_ + ((exchange_time_of_day - open_) // period) * period
                return CalendarInfo(start, min(period, close - start))
        return CalendarInfo(_round_down(exchange_time_of_day, period), period)

    @staticmethod
    def use_strict_end_time(
        daily_strict_end_time_enabled: bool, symbol: Symbol, increment: timedelta, exchange_hours: Any
    ) -> bool:
        """LEAN's ``UseStrictEndTime``: daily-or-longer bars of markets with a close, when enabled."""
        if getattr(exchange_hours, "is_market_always_open", False) or increment <= ONE_HOUR:
            return False
        if symbol.security_type in (SecurityType.FOREX, SecurityType.BASE):
            return False
        return bool(daily_strict_end_time_enabled)

    GetDailyCalendar = get_daily_calendar
    GetIntradayCalendar = get_intraday_calendar
    UseStrictEndTime = use_strict_end_time


# ==================================================================================== consolidator
_default_database: MarketHoursDatabase | None = None


def set_default_market_hours_database(database: MarketHoursDatabase | None) -> None:
    """The database :class:`MarketHourAwareConsolidator` reads exchange hours from (the engine sets it)."""
    global _default_database
    _default_database = database


def _database() -> MarketHoursDatabase:
    global _default_database
    if _default_database is None:
        _default_database = MarketHoursDatabase.builtin()
    return _default_database


class HandlerList(list):  # type: ignore[type-arg]
    """Event handlers that also accept LEAN's ``consolidator.data_consolidated += handler``."""

    def __iadd__(self, handler: Any) -> HandlerList:  # type: ignore[override]
        if callable(handler):
            self.append(handler)
        else:
            self.extend(handler)
        return self

    def __isub__(self, handler: Any) -> HandlerList:
        if handler in self:
            self.remove(handler)
        return self


class MarketHourAwareConsolidator(DataConsolidator):
    """Consolidates only data inside market hours (regular unless ``extended_market_hours``).

    ``period`` is a :class:`Resolution` or a ``timedelta``. Standard periods (second, minute, hour)
    align on midnight like a plain consolidator; other intraday periods are anchored on the
    session open and never cross the close; a daily period spans the trading day
    (``LeanData.get_daily_calendar``) when ``daily_strict_end_time_enabled``.
    """

    def __init__(
        self,
        daily_strict_end_time_enabled: bool,
        period: Resolution | timedelta,
        data_type: type = TradeBar,
        tick_type: TickType | None = None,
        extended_market_hours: bool = False,
        exchange_hours: Any = None,
    ) -> None:
        if isinstance(period, timedelta):
            self.period = period
        else:
            self.period = _RESOLUTION_PERIODS[Resolution(period)]
        if data_type not in (TradeBar, QuoteBar, Tick):
            raise ValueError(f"MarketHourAwareConsolidator: {getattr(data_type, '__name__', data_type)} not supported")
        self.daily_strict_end_time_enabled = bool(daily_strict_end_time_enabled)
        self.extended_market_hours = bool(extended_market_hours)
        self.data_type = data_type
        self.tick_type = tick_type if tick_type is not None else TickType.TRADE
        self.exchange_hours = exchange_hours
        self._use_strict_end_time = False
        self._initialized = False
        self._builder: type[DataConsolidator] = (
            QuoteBarConsolidator
            if data_type is QuoteBar or (data_type is Tick and self.tick_type == TickType.QUOTE)
            else TradeBarConsolidator
        )
        super().__init__(calendar=self._calendar)
        self.data_consolidated: list[Any] = HandlerList()

    @property
    def input_type(self) -> type:
        """The type of data consumed."""
        return self.data_type

    @property
    def output_type(self) -> type:
        """The type of bar produced."""
        return QuoteBar if self._builder is QuoteBarConsolidator else TradeBar

    def _initialize(self, data: Any) -> None:
        if self._initialized:
            return
        self._initialized = True
        symbol = data.symbol
        if self.exchange_hours is None:
            sid = symbol.id
            self.exchange_hours = _database().get_entry(sid.market, sid.symbol, sid.security_type).exchange_hours
        self._use_strict_end_time = LeanData.use_strict_end_time(
            self.daily_strict_end_time_enabled, symbol, self.period, self.exchange_hours
        )

    def update(self, data: Any) -> None:
        """Add ``data`` when the market is open at its start (always with extended hours)."""
        self._initialize(data)
        hours = self.exchange_hours
        if (
            self.extended_market_hours
            or hours.is_open_at(data.time, False)
            or (
                self.period == ONE_DAY
                and data.end_time - data.time >= ONE_HOUR
                and hours.is_open(data.time, data.end_time, False)
            )
        ):
            super().update(data)

    def _calendar(self, time: datetime) -> tuple[datetime, timedelta]:
        period = self.period
        if period in _STANDARD_PERIODS and period < ONE_DAY:
            return _round_down(time, period), period
        if period < ONE_DAY:
            return LeanData.get_intraday_calendar(time, period, self.exchange_hours, self.extended_market_hours)
        if not self._use_strict_end_time or period > ONE_DAY:
            return (time if period > ONE_DAY else _round_down(time, period)), period
        return LeanData.get_daily_calendar(time, self.exchange_hours, self.extended_market_hours)

    def _new_bar(self, data: Any, start: datetime, end: datetime) -> Any:
        return self._builder._new_bar(self, data, start, end)  # type: ignore[arg-type]

    def _aggregate(self, data: Any) -> None:
        self._builder._aggregate(self, data)  # type: ignore[arg-type]


add_pascal_aliases(MarketHourAwareConsolidator)


# ==================================================================================== exchange hours
def _python_weekday(key: Any, value: Any) -> int:
    if isinstance(key, DayOfWeek):
        return key.python_weekday
    if isinstance(key, str):
        return DayOfWeek[key.upper()].python_weekday
    weekday = getattr(value, "weekday", None)
    return int(weekday) if isinstance(weekday, int) else DayOfWeek(int(key)).python_weekday


class SecurityExchangeHours(KeelSecurityExchangeHours):
    """Keel's exchange hours, constructible LEAN's way.

    ``SecurityExchangeHours(time_zone, holiday_dates, market_hours_for_each_day_of_week, early_closes,
    late_opens)``, where the day mapping is keyed by :class:`DayOfWeek` (or day names), holidays
    are dates/datetimes and early closes / late opens map dates to times of day. Keel's own order
    ``(time_zone, weekly, holidays, ...)`` is accepted too (a mapping as second argument).
    """

    def __init__(
        self,
        time_zone: Any,
        holiday_dates: Any = (),
        market_hours_for_each_day_of_week: Mapping[Any, LocalMarketHours] | None = None,
        early_closes: Mapping[Any, timedelta] | None = None,
        late_opens: Mapping[Any, timedelta] | None = None,
        bank_holidays: Iterable[Any] = (),
    ) -> None:
        tz = time_zone if isinstance(time_zone, str) else getattr(time_zone, "key", str(time_zone))
        if isinstance(holiday_dates, Mapping):  # Keel's argument order
            weekly = dict(holiday_dates)
            holidays: Any = market_hours_for_each_day_of_week or ()
        else:
            weekly = {}
            for key, hours in (market_hours_for_each_day_of_week or {}).items():
                weekday = _python_weekday(key, hours)
                weekly[weekday] = hours if hours.weekday == weekday else LocalMarketHours(weekday, hours.segments)
            holidays = holiday_dates
        super().__init__(
            tz,
            weekly,
            {_as_date(d) for d in holidays or ()},
            {_as_date(d): t for d, t in (early_closes or {}).items()},
            {_as_date(d): t for d, t in (late_opens or {}).items()},
            {_as_date(d) for d in bank_holidays or ()},
        )

    @classmethod
    def from_hours(cls, hours: KeelSecurityExchangeHours) -> SecurityExchangeHours:
        """A LEAN-style copy of Keel exchange hours."""
        if isinstance(hours, cls):
            return hours
        return cls(
            hours.time_zone, hours.weekly, hours.holidays, hours.early_closes, hours.late_opens, hours.bank_holidays
        )

    @property
    def market_hours(self) -> dict[DayOfWeek, LocalMarketHours]:
        """The regular weekly hours keyed by :class:`DayOfWeek` (LEAN's ``MarketHours``)."""
        return {DayOfWeek.from_python_weekday(wd): hours for wd, hours in sorted(self.weekly.items())}

    @property
    def MarketHours(self) -> dict[DayOfWeek, LocalMarketHours]:
        return self.market_hours

    @property
    def Holidays(self) -> frozenset[date]:
        return self.holidays

    @property
    def EarlyCloses(self) -> dict[date, timedelta]:
        return self.early_closes

    @property
    def LateOpens(self) -> dict[date, timedelta]:
        return self.late_opens

    @property
    def TimeZone(self) -> str:
        return self.time_zone


def _as_date(value: Any) -> date:
    return value.date() if isinstance(value, datetime) else value


class LeanMarketHoursDatabase:
    """LEAN's ``MarketHoursDatabase`` API over Keel's: entries carry LEAN-style :class:`SecurityExchangeHours`.

    Every other attribute is the wrapped database's.
    """

    def __init__(self, database: MarketHoursDatabase) -> None:
        self.database = database

    def __getattr__(self, name: str) -> Any:
        return getattr(self.database, name)

    @staticmethod
    def _ticker(symbol_or_ticker: Any) -> str:
        if isinstance(symbol_or_ticker, Symbol):
            return symbol_or_ticker.id.symbol
        return str(symbol_or_ticker)

    def try_get_entry(self, market: str, symbol_or_ticker: Any, security_type: SecurityType) -> MarketHoursEntry | None:
        """The entry (LEAN-style hours) or None."""
        entry = self.database.try_get_entry(market, self._ticker(symbol_or_ticker), security_type)
        if entry is None:
            return None
        return MarketHoursEntry(entry.data_time_zone, SecurityExchangeHours.from_hours(entry.exchange_hours))

    def get_entry(self, market: str, symbol_or_ticker: Any, security_type: SecurityType) -> MarketHoursEntry:
        """The entry (LEAN-style hours); raises when missing."""
        entry = self.database.get_entry(market, self._ticker(symbol_or_ticker), security_type)
        return MarketHoursEntry(entry.data_time_zone, SecurityExchangeHours.from_hours(entry.exchange_hours))

    def get_exchange_hours(
        self, market: Any, symbol_or_ticker: Any = None, security_type: SecurityType | None = None
    ) -> Any:
        """The exchange hours of the entry; LEAN's ``GetExchangeHours(SubscriptionDataConfig)``
        overload takes a subscription config alone (its symbol's market, ticker and type)."""
        if symbol_or_ticker is None and security_type is None and hasattr(market, "symbol"):
            sid = market.symbol.id
            market, symbol_or_ticker, security_type = sid.market, sid.symbol, sid.security_type
        if symbol_or_ticker is None or security_type is None:
            raise TypeError("get_exchange_hours takes (market, symbol, security_type) or a subscription config")
        return self.get_entry(market, symbol_or_ticker, security_type).exchange_hours

    def get_data_time_zone(self, market: str, symbol_or_ticker: Any, security_type: SecurityType) -> str:
        """The raw data's time zone of the entry."""
        return self.database.get_entry(market, self._ticker(symbol_or_ticker), security_type).data_time_zone

    def set_entry(
        self,
        market: str,
        symbol_or_ticker: Any,
        security_type: SecurityType,
        exchange_hours: Any,
        data_time_zone: Any = None,
    ) -> MarketHoursEntry:
        """Add or replace an entry (securities added afterwards use it)."""
        tz = data_time_zone if data_time_zone is None or isinstance(data_time_zone, str) else str(data_time_zone)
        return self.database.set_entry(market, self._ticker(symbol_or_ticker), security_type, exchange_hours, tz)

    def set_entry_always_open(
        self, market: str, symbol_or_ticker: Any, security_type: SecurityType, time_zone: Any
    ) -> MarketHoursEntry:
        """Add an always-open entry."""
        tz = time_zone if isinstance(time_zone, str) else str(time_zone)
        return self.database.set_entry_always_open(market, self._ticker(symbol_or_ticker), security_type, tz)

    GetEntry = get_entry
    TryGetEntry = try_get_entry
    GetExchangeHours = get_exchange_hours
    GetDataTimeZone = get_data_time_zone
    SetEntry = set_entry
    SetEntryAlwaysOpen = set_entry_always_open


class FuturesExpiryFunctions:
    """LEAN's ``FuturesExpiryFunctions``: the expiry rule of a futures root as a function."""

    @staticmethod
    def futures_expiry_function(symbol: Symbol | str) -> Any:
        """A function from a contract month (any datetime/date in it) to the contract's expiry.

        ``symbol`` is a canonical future or a root ticker; an unknown root raises a KeyError
        that lists the known roots.
        """
        from keel.data.futures.expiry import expiry_from_contract_month

        root = symbol if isinstance(symbol, str) else symbol.id.symbol
        market = None if isinstance(symbol, str) else symbol.id.market

        def expiry(contract_month: date | datetime) -> datetime:
            month = contract_month.date() if isinstance(contract_month, datetime) else contract_month
            return expiry_from_contract_month(root, market, month.replace(day=1))

        return expiry

    FuturesExpiryFunction = futures_expiry_function


class FuturesChains(dict):  # type: ignore[type-arg]
    """LEAN's ``FuturesChains`` (``BaseChains``): the chains of ``futures_chains([...])`` keyed by
    canonical symbol, with ``data_frame``, every chain's frame concatenated in key order, indexed
    by ``(canonical, symbol)`` when flattened (read in LEAN's ``BaseChains.InitializeDataFrame``:
    ``ConcatDataFrames(frames, keys: canonicals, names: ["canonical", "symbol"], sort: false)``).
    """

    def __init__(self, chains: Mapping[Symbol, Any] | None = None, flatten: bool = True) -> None:
        super().__init__(chains or {})
        self.flatten = flatten

    @property
    def data_frame(self) -> Any:
        """All chains' contracts as one pandas DataFrame (empty when there is no chain)."""
        import pandas as pd

        frames = [chain.data_frame for chain in self.values()]
        if not frames:
            return pd.DataFrame()
        if self.flatten:
            return pd.concat(frames, keys=list(self.keys()), names=["canonical", "symbol"], sort=False)
        return pd.concat(frames, sort=False)

    DataFrame = data_frame


__all__ = [
    "CalendarInfo",
    "DayOfWeek",
    "Extensions",
    "FutureUniverse",
    "FuturesChains",
    "FuturesExpiryFunctions",
    "LeanData",
    "LeanMarketHoursDatabase",
    "MarketHourAwareConsolidator",
    "SecurityExchangeHours",
    "TimeZones",
    "set_default_market_hours_database",
]
