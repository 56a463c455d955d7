"""The market hours database: exchange hours and data time zone per (security type, market, ticker)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from keel.data.market_hours.hours import (
    LocalMarketHours,
    MarketHoursSegment,
    MarketHoursState,
    SecurityExchangeHours,
)
from keel.model.enums import SecurityType

WILDCARD = "[*]"
MHDB_RELATIVE_PATH = Path("market-hours") / "market-hours-database.json"

_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# LEAN's spelling of security types in database keys ("Future-cme-ES").
SECURITY_TYPE_KEY_NAMES: dict[SecurityType, str] = {
    SecurityType.BASE: "Base",
    SecurityType.EQUITY: "Equity",
    SecurityType.OPTION: "Option",
    SecurityType.COMMODITY: "Commodity",
    SecurityType.FOREX: "Forex",
    SecurityType.FUTURE: "Future",
    SecurityType.CFD: "Cfd",
    SecurityType.CRYPTO: "Crypto",
    SecurityType.FUTURE_OPTION: "FutureOption",
    SecurityType.INDEX: "Index",
    SecurityType.INDEX_OPTION: "IndexOption",
    SecurityType.CRYPTO_FUTURE: "CryptoFuture",
}

_TIMESPAN = re.compile(r"^(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$")


class MarketHoursNotFoundError(KeyError):
    """No market hours entry matches the requested security (neither exact nor wildcard)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "market hours entry not found"


@dataclass(frozen=True, slots=True)
class MarketHoursEntry:
    """One database entry: the raw data's time zone and the exchange hours."""

    data_time_zone: str
    exchange_hours: SecurityExchangeHours


def database_key(security_type: SecurityType, market: str, ticker: str) -> str:
    """LEAN's database key, e.g. ``Future-cme-ES``."""
    return f"{SECURITY_TYPE_KEY_NAMES[SecurityType(security_type)]}-{market.lower()}-{ticker}"


def parse_timespan(text: str) -> timedelta:
    """Parse a .NET ``TimeSpan`` string as used in the JSON (``09:30:00``, ``1.00:00:00``)."""
    match = _TIMESPAN.match(text.strip())
    if not match:
        raise ValueError(f"expected a time span like '09:30:00' or '1.00:00:00', found {text!r}")
    days, hours, minutes, seconds, fraction = match.groups()
    micro = int((fraction or "0").ljust(7, "0")[:6])
    return timedelta(
        days=int(days or 0),
        hours=int(hours),
        minutes=int(minutes),
        seconds=int(seconds or 0),
        microseconds=micro,
    )


def parse_mdy(text: str) -> date:
    """Parse LEAN's ``M/d/yyyy`` date."""
    month, day, year = text.strip().split("/")
    return date(int(year), int(month), int(day))


def _segments(raw: Iterable[Mapping[str, str]]) -> list[MarketHoursSegment]:
    return [
        MarketHoursSegment(
            MarketHoursState(s["state"].lower()), parse_timespan(s["start"]), parse_timespan(s["end"])
        )
        for s in raw
    ]


def _entry_from_json(raw: Mapping[str, Any], market_entry: MarketHoursEntry | None) -> MarketHoursEntry:
    weekly = {
        i: LocalMarketHours.create(i, _segments(raw.get(name) or [])) for i, name in enumerate(_DAY_NAMES)
    }
    holidays = {parse_mdy(d) for d in raw.get("holidays") or []}
    bank_holidays = {parse_mdy(d) for d in raw.get("bankHolidays") or []}
    early = {parse_mdy(d): parse_timespan(t) for d, t in (raw.get("earlyCloses") or {}).items()}
    late = {parse_mdy(d): parse_timespan(t) for d, t in (raw.get("lateOpens") or {}).items()}
    if market_entry is not None:
        # LEAN merges the market-wide [*] entry into specific ones; the specific entry wins.
        common = market_entry.exchange_hours
        holidays |= common.holidays
        bank_holidays |= common.bank_holidays
        early = {**common.early_closes, **early}
        late = {**common.late_opens, **late}
    hours = SecurityExchangeHours(raw["exchangeTimeZone"], weekly, holidays, early, late, bank_holidays)
    return MarketHoursEntry(raw["dataTimeZone"], hours)


def _split_key(key: str) -> tuple[str, str, str]:
    security_type, rest = key.split("-", 1)
    market, ticker = rest.split("-", 1)
    return security_type, market, ticker


class MarketHoursDatabase:
    """Exchange hours by ``(security type, market, ticker)`` with LEAN's lookup rules.

    Lookup order: the exact key (``Future-cme-ES``), then the market wildcard
    (``Future-cme-[*]``); otherwise :class:`MarketHoursNotFoundError`.
    """

    def __init__(self, entries: Mapping[str, MarketHoursEntry], source: str = "") -> None:
        self._entries: dict[str, MarketHoursEntry] = {self._norm(k): v for k, v in entries.items()}
        self._raw: dict[str, tuple[str, Mapping[str, Any]]] = {}
        self.source = source

    @staticmethod
    def _norm(key: str) -> str:
        security_type, market, ticker = _split_key(key)
        return f"{security_type.lower()}-{market.lower()}-{ticker.upper()}"

    @classmethod
    def from_json(cls, document: Mapping[str, Any], source: str = "") -> MarketHoursDatabase:
        """Build from the parsed JSON document (``{"entries": {...}}``); entries convert lazily on lookup."""
        database = cls({}, source)
        for key, raw in document.get("entries", {}).items():
            try:
                database._raw[cls._norm(key)] = (key, raw)
            except ValueError:
                raise ValueError(f"{source or 'market hours JSON'}: malformed entry key {key!r}") from None
        return database

    def _convert(self, norm_key: str) -> MarketHoursEntry | None:
        item = self._raw.pop(norm_key, None)
        if item is None:
            return None
        key, raw = item
        security_type, market, ticker = _split_key(norm_key)
        market_entry = None
        if ticker != WILDCARD:
            market_entry = self._lookup(f"{security_type}-{market}-{WILDCARD}")
        try:
            entry = _entry_from_json(raw, market_entry)
        except (KeyError, ValueError) as exc:
            raise ValueError(f"{self.source or 'market hours JSON'}: entry {key!r}: {exc!s}") from exc
        self._entries[norm_key] = entry
        return entry

    def _lookup(self, norm_key: str) -> MarketHoursEntry | None:
        entry = self._entries.get(norm_key)
        return entry if entry is not None else self._convert(norm_key)

    @classmethod
    def from_file(cls, path: str | Path) -> MarketHoursDatabase:
        """Read LEAN's ``market-hours-database.json``."""
        path = Path(path)
        with path.open(encoding="utf-8") as handle:
            return cls.from_json(json.load(handle), str(path))

    @classmethod
    def builtin(cls) -> MarketHoursDatabase:
        """Keel's own tables (CME-group futures and US equities); see ``keel.data.market_hours.builtin``."""
        from keel.data.market_hours.builtin import builtin_document

        return cls.from_json(builtin_document(), "keel built-in market hours")

    @classmethod
    def from_data_folder(cls, folder: str | Path) -> MarketHoursDatabase:
        """LEAN's JSON under ``<folder>/market-hours/`` when present, else :meth:`builtin`."""
        path = Path(folder) / MHDB_RELATIVE_PATH
        if path.is_file():
            return cls.from_file(path)
        return cls.builtin()

    def keys(self) -> list[str]:
        """All entry keys (normalised: ``future-cme-ES``)."""
        return sorted({*self._entries, *self._raw})

    def try_get_entry(self, market: str, ticker: str, security_type: SecurityType) -> MarketHoursEntry | None:
        """The matching entry or None (exact key, then wildcard; future options fall back to futures)."""
        exact = self._lookup(self._norm(database_key(security_type, market, ticker)))
        if exact is not None:
            return exact
        common = self._lookup(self._norm(database_key(security_type, market, WILDCARD)))
        if common is not None:
            return common
        if SecurityType(security_type) == SecurityType.FUTURE_OPTION:
            return self.try_get_entry(market, ticker, SecurityType.FUTURE)
        return None

    def get_entry(self, market: str, ticker: str, security_type: SecurityType) -> MarketHoursEntry:
        """The matching entry; raise :class:`MarketHoursNotFoundError` naming the keys tried."""
        entry = self.try_get_entry(market, ticker, security_type)
        if entry is None:
            exact = database_key(security_type, market, ticker)
            common = database_key(security_type, market, WILDCARD)
            raise MarketHoursNotFoundError(
                f"no market hours for {exact!r} (also tried {common!r}) in {self.source or 'the database'}; "
                "add an entry with set_entry() or check the market/ticker spelling"
            )
        return entry

    def get_exchange_hours(
        self, market: str, ticker: str, security_type: SecurityType
    ) -> SecurityExchangeHours:
        """Shortcut for ``get_entry(...).exchange_hours``."""
        return self.get_entry(market, ticker, security_type).exchange_hours

    def set_entry(
        self,
        market: str,
        ticker: str,
        security_type: SecurityType,
        exchange_hours: SecurityExchangeHours,
        data_time_zone: str | None = None,
    ) -> MarketHoursEntry:
        """Add or replace an entry (data time zone defaults to the exchange's)."""
        entry = MarketHoursEntry(data_time_zone or exchange_hours.time_zone, exchange_hours)
        norm_key = self._norm(database_key(security_type, market, ticker))
        self._raw.pop(norm_key, None)
        self._entries[norm_key] = entry
        return entry

    def set_entry_always_open(
        self, market: str, ticker: str, security_type: SecurityType, time_zone: str
    ) -> MarketHoursEntry:
        """Add an always-open entry whose data and exchange time zone is ``time_zone``."""
        return self.set_entry(market, ticker, security_type, SecurityExchangeHours.always_open(time_zone))
