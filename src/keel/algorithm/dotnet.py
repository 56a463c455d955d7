"""The few .NET names LEAN Python algorithms use, and the import names LEAN's Python path serves.

LEAN runs Python algorithms through pythonnet: ``from AlgorithmImports import *`` brings in
``from System import *`` (``DateTime``, ``TimeSpan``, ``Enum``...), and algorithms also import the
.NET namespaces directly (``from System import *``, ``from QuantConnect import Orders``,
``from clr import AddReference``) and LEAN's Python framework modules, which LEAN ships as
``Algorithm.Framework/<Kind>/<Name>.py`` (``from Alphas.ConstantAlphaModel import
ConstantAlphaModel``, ``from Selection.FutureUniverseSelectionModel import
FutureUniverseSelectionModel``).

:func:`install_lean_module_finder` serves those imports: every such module holds the names of
``AlgorithmImports``. The finder is the last one on ``sys.meta_path``, so a real module of the same
name always wins; a framework module is only served when ``AlgorithmImports`` has the class it is
named after (``Alphas.MacdAlphaModel`` without a ``MacdAlphaModel`` stays "No module named ...").
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import Enum as _PyEnum
from types import ModuleType
from typing import Any


class DateTime(datetime):
    """``System.DateTime``: ``DateTime(2013, 12, 20)`` is a ``datetime`` (with LEAN's PascalCase
    properties), accepted wherever Keel takes a date or time."""

    @property
    def Year(self) -> int:
        """The year (``DateTime.Year``)."""
        return self.year

    @property
    def Month(self) -> int:
        """The month, 1-12 (``DateTime.Month``)."""
        return self.month

    @property
    def Day(self) -> int:
        """The day of the month (``DateTime.Day``)."""
        return self.day

    @property
    def Hour(self) -> int:
        """The hour, 0-23 (``DateTime.Hour``)."""
        return self.hour

    @property
    def Minute(self) -> int:
        """The minute (``DateTime.Minute``)."""
        return self.minute

    @property
    def Second(self) -> int:
        """The second (``DateTime.Second``)."""
        return self.second

    @property
    def Date(self) -> datetime:
        """The date at midnight (``DateTime.Date``)."""
        return datetime(self.year, self.month, self.day)


class TimeSpan(timedelta):
    """``System.TimeSpan``: C#'s constructors ``TimeSpan(ticks)``, ``TimeSpan(hours, minutes,
    seconds)``, ``TimeSpan(days, hours, minutes, seconds[, milliseconds])`` and the ``From*``
    factories (``TimeSpan.FromMinutes(5)``); the value is a ``timedelta``."""

    def __new__(cls, *args: float) -> TimeSpan:
        if len(args) == 1:  # ticks of 100 ns
            return super().__new__(cls, microseconds=args[0] / 10)
        if len(args) == 3:
            return super().__new__(cls, hours=args[0], minutes=args[1], seconds=args[2])
        if len(args) in (4, 5):
            ms = args[4] if len(args) == 5 else 0
            return super().__new__(cls, days=args[0], hours=args[1], minutes=args[2], seconds=args[3], milliseconds=ms)
        raise TypeError(f"TimeSpan takes 1, 3, 4 or 5 arguments (ticks; h, m, s; d, h, m, s[, ms]), not {len(args)}")

    @staticmethod
    def from_days(value: float) -> timedelta:
        """``TimeSpan.FromDays``."""
        return timedelta(days=value)

    @staticmethod
    def from_hours(value: float) -> timedelta:
        """``TimeSpan.FromHours``."""
        return timedelta(hours=value)

    @staticmethod
    def from_minutes(value: float) -> timedelta:
        """``TimeSpan.FromMinutes``."""
        return timedelta(minutes=value)

    @staticmethod
    def from_seconds(value: float) -> timedelta:
        """``TimeSpan.FromSeconds``."""
        return timedelta(seconds=value)

    @staticmethod
    def from_milliseconds(value: float) -> timedelta:
        """``TimeSpan.FromMilliseconds``."""
        return timedelta(milliseconds=value)

    FromDays = from_days
    FromHours = from_hours
    FromMinutes = from_minutes
    FromSeconds = from_seconds
    FromMilliseconds = from_milliseconds


TimeSpan.ZERO = TimeSpan.Zero = timedelta(0)  # type: ignore[attr-defined]

_UNIX_EPOCH = datetime(1970, 1, 1)


class Time:
    """``QuantConnect.Time``: LEAN's static time helpers (read in LEAN's ``Common/Time.cs``).

    The constants (``Time.ONE_DAY``, ``Time.END_OF_TIME``...) with their PascalCase names, the unix
    timestamp conversions and ``each_day``. ``from AlgorithmImports import *`` brings the name in, as
    ``from QuantConnect import *`` does in LEAN.
    """

    END_OF_TIME = EndOfTime = datetime(2050, 12, 31)
    BEGINNING_OF_TIME = BeginningOfTime = datetime(1899, 12, 30)  # DateTime.FromOADate(0)
    MAX_TIME_SPAN = MaxTimeSpan = timedelta(days=1000 * 365)
    ONE_YEAR = OneYear = timedelta(days=365)
    ONE_DAY = OneDay = timedelta(days=1)
    ONE_HOUR = OneHour = timedelta(hours=1)
    ONE_MINUTE = OneMinute = timedelta(minutes=1)
    ONE_SECOND = OneSecond = timedelta(seconds=1)
    ONE_MILLISECOND = OneMillisecond = timedelta(milliseconds=1)

    @staticmethod
    def unix_time_stamp_to_date_time(unix_time_stamp: float) -> datetime:
        """The (naive) date time ``unix_time_stamp`` seconds after 1970-01-01."""
        return _UNIX_EPOCH + timedelta(seconds=unix_time_stamp)

    @staticmethod
    def unix_millisecond_time_stamp_to_date_time(unix_time_stamp: float) -> datetime:
        """The (naive) date time ``unix_time_stamp`` milliseconds after 1970-01-01."""
        return _UNIX_EPOCH + timedelta(milliseconds=unix_time_stamp)

    @staticmethod
    def date_time_to_unix_time_stamp(time: datetime) -> float:
        """Seconds from 1970-01-01 to ``time`` (a naive date time, read as UTC)."""
        return (time.replace(tzinfo=None) - _UNIX_EPOCH).total_seconds()

    @staticmethod
    def each_day(start: datetime, thru: datetime) -> list[datetime]:
        """Every date (at midnight) from ``start``'s date to ``thru``'s date, both included."""
        day = datetime(start.year, start.month, start.day)
        days = []
        while day.date() <= thru.date():
            days.append(day)
            day += timedelta(days=1)
        return days

    UnixTimeStampToDateTime = unix_time_stamp_to_date_time
    UnixMillisecondTimeStampToDateTime = unix_millisecond_time_stamp_to_date_time
    DateTimeToUnixTimeStamp = date_time_to_unix_time_stamp
    EachDay = each_day


class Enum:
    """``System.Enum``'s static helpers over Keel's enums (``Enum.get_values(DataMappingMode)``)."""

    @staticmethod
    def get_values(enum_type: type[_PyEnum]) -> list[Any]:
        """The values of ``enum_type``, one per member (aliases not repeated), in definition order."""
        return [member.value for member in enum_type]

    @staticmethod
    def get_names(enum_type: type[_PyEnum]) -> list[str]:
        """The member names of ``enum_type`` (aliases not repeated)."""
        return [member.name for member in enum_type]

    GetValues = get_values
    GetNames = get_names


def add_reference(*_assemblies: Any) -> None:
    """``clr.AddReference``: nothing to load in Keel."""


AddReference = add_reference

# .NET namespaces and LEAN's Python framework folders (Algorithm.Framework/<Kind>/<Name>.py)
_NAMESPACE_ROOTS = frozenset({"clr", "System", "QuantConnect"})
_FRAMEWORK_ROOTS = frozenset({"Alphas", "Selection", "Portfolio", "Execution", "Risk"})


def _algorithm_imports() -> dict[str, Any]:
    """The public names of ``AlgorithmImports`` (what ``from AlgorithmImports import *`` gives)."""
    import AlgorithmImports  # not at the top: AlgorithmImports imports keel.algorithm, which imports this

    return {name: value for name, value in vars(AlgorithmImports).items() if not name.startswith("_")}


class _LeanModuleFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves the LEAN import names listed in the module docstring (see there)."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        """A spec for a .NET namespace or a framework module Keel has the class of, else None."""
        parts = fullname.split(".")
        if parts[0] in _FRAMEWORK_ROOTS:
            if len(parts) > 2 or (len(parts) == 2 and parts[1] not in _algorithm_imports()):
                return None
        elif parts[0] not in _NAMESPACE_ROOTS:
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        """The default module object."""
        return None

    def exec_module(self, module: ModuleType) -> None:
        """Fill ``module`` with AlgorithmImports' names."""
        names = _algorithm_imports()  # AddReference (clr's) among them
        module.__dict__.update(names)
        module.__all__ = list(names)  # type: ignore[attr-defined]


_FINDER = _LeanModuleFinder()


def install_lean_module_finder() -> None:
    """Put the finder last on ``sys.meta_path`` (once)."""
    if _FINDER not in sys.meta_path:
        sys.meta_path.append(_FINDER)


__all__ = ["AddReference", "DateTime", "Enum", "Time", "TimeSpan", "install_lean_module_finder"]
