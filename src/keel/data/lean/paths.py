"""Paths of LEAN data files relative to a data root (LEAN's ``Data/`` folder)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from keel.model.enums import Resolution, SecurityType, TickType

_SECURITY_FOLDERS: dict[SecurityType, str] = {
    SecurityType.BASE: "base",
    SecurityType.EQUITY: "equity",
    SecurityType.OPTION: "option",
    SecurityType.COMMODITY: "commodity",
    SecurityType.FOREX: "forex",
    SecurityType.FUTURE: "future",
    SecurityType.CFD: "cfd",
    SecurityType.CRYPTO: "crypto",
    SecurityType.FUTURE_OPTION: "futureoption",
    SecurityType.INDEX: "index",
    SecurityType.INDEX_OPTION: "indexoption",
    SecurityType.CRYPTO_FUTURE: "cryptofuture",
}

_TICK_TYPE_NAMES: dict[TickType, str] = {
    TickType.TRADE: "trade",
    TickType.QUOTE: "quote",
    TickType.OPEN_INTEREST: "openinterest",
}

_RESOLUTION_NAMES: dict[Resolution, str] = {
    Resolution.TICK: "tick",
    Resolution.SECOND: "second",
    Resolution.MINUTE: "minute",
    Resolution.HOUR: "hour",
    Resolution.DAILY: "daily",
}


def security_type_folder(security_type: SecurityType) -> str:
    """LEAN's folder name of a security type (``future``, ``equity``...)."""
    return _SECURITY_FOLDERS[SecurityType(security_type)]


def tick_type_name(tick_type: TickType) -> str:
    """LEAN's file-name spelling of a tick type (``trade``, ``quote``, ``openinterest``)."""
    return _TICK_TYPE_NAMES[TickType(tick_type)]


def resolution_name(resolution: Resolution) -> str:
    """LEAN's folder name of a resolution (``minute``, ``daily``...)."""
    return _RESOLUTION_NAMES[Resolution(resolution)]


def is_hour_or_daily(resolution: Resolution) -> bool:
    """True when LEAN stores the resolution as one zip holding the whole history."""
    return Resolution(resolution) in (Resolution.HOUR, Resolution.DAILY)


def _resolution_folder(
    root_folder: str | Path, security_type: SecurityType, market: str, resolution: Resolution
) -> Path:
    return (
        Path(root_folder) / security_type_folder(security_type) / market.lower() / resolution_name(resolution)
    )


def intraday_zip_path(
    root_folder: str | Path,
    security_type: SecurityType,
    market: str,
    resolution: Resolution,
    ticker: str,
    date: date,
    tick_type: TickType,
) -> Path:
    """Path of the tick/second/minute zip of one day, e.g. ``future/cme/minute/es/20131007_trade.zip``.

    ``ticker`` is the futures root (``ES``) or the equity ticker (``SPY``); ``date`` is the date
    in the data time zone.
    """
    if is_hour_or_daily(resolution):
        raise ValueError(
            f"intraday_zip_path needs tick/second/minute resolution, got {Resolution(resolution).name}"
        )
    folder = _resolution_folder(root_folder, security_type, market, resolution) / ticker.lower()
    return folder / f"{date:%Y%m%d}_{tick_type_name(tick_type)}.zip"


def hour_daily_zip_path(
    root_folder: str | Path,
    security_type: SecurityType,
    market: str,
    resolution: Resolution,
    ticker: str,
    tick_type: TickType,
) -> Path:
    """Path of the hour/daily zip holding the whole history.

    Futures: ``future/cme/daily/es_trade.zip``; equities and other non-futures store trades in
    ``<ticker>.zip`` and other tick types in ``<ticker>_<ticktype>.zip``.
    """
    if not is_hour_or_daily(resolution):
        raise ValueError(
            f"hour_daily_zip_path needs hour/daily resolution, got {Resolution(resolution).name}"
        )
    folder = _resolution_folder(root_folder, security_type, market, resolution)
    name = ticker.lower()
    if SecurityType(security_type) == SecurityType.FUTURE or TickType(tick_type) != TickType.TRADE:
        name = f"{name}_{tick_type_name(tick_type)}"
    return folder / f"{name}.zip"


_DATED_ZIP = re.compile(r"^(\d{8})_([a-z]+)\.zip$")


def available_dates(
    root_folder: str | Path,
    security_type: SecurityType,
    market: str,
    resolution: Resolution,
    ticker: str,
    tick_type: TickType,
) -> list[date]:
    """Sorted dates (data time zone) that have a tick/second/minute zip for ``ticker`` and ``tick_type``.

    LEAN's sample data are sparse; callers iterate these dates and skip the rest silently.
    A missing folder yields an empty list.
    """
    if is_hour_or_daily(resolution):
        raise ValueError("available_dates lists intraday (tick/second/minute) files only")
    folder = _resolution_folder(root_folder, security_type, market, resolution) / ticker.lower()
    if not folder.is_dir():
        return []
    wanted = tick_type_name(tick_type)
    found: list[date] = []
    for child in folder.iterdir():
        match = _DATED_ZIP.match(child.name)
        if match and match.group(2) == wanted:
            text = match.group(1)
            try:
                found.append(date(int(text[:4]), int(text[4:6]), int(text[6:])))
            except ValueError:
                continue
    found.sort()
    return found
