"""Reader of LEAN minute futures quote/trade zip files, as replay events for the simulator.

Layout: ``<folder>/future/<market>/minute/<root>/<YYYYMMDD>_<quote|trade>.zip``, one CSV per
contract named ``<YYYYMMDD>_<root>_minute_<type>_<YYYYMM>.csv``; the first column is
milliseconds since midnight UTC of the file date; prices are real (unscaled) prices.
Quote rows: ms, bid o/h/l/c, last bid size, ask o/h/l/c, last ask size (a side may be empty).
Trade rows: ms, o, h, l, c, volume.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path


class ReplayDataError(ValueError):
    """A LEAN data file is missing or malformed; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class ReplayQuote:
    """Top of book at the end of a minute bar (real prices)."""

    time: datetime
    contract_month: str
    bid: Decimal | None
    bid_size: int
    ask: Decimal | None
    ask_size: int


@dataclass(frozen=True, slots=True)
class ReplayTrade:
    """Trades of a minute bar, replayed as one print at the close with the bar's volume."""

    time: datetime
    contract_month: str
    price: Decimal
    volume: int


ReplayEvent = ReplayQuote | ReplayTrade


def _zip_path(folder: Path, market: str, root: str, day: date, kind: str) -> Path:
    return folder / "future" / market.lower() / "minute" / root.lower() / f"{day:%Y%m%d}_{kind}.zip"


def _decimal(text: str, where: str) -> Decimal | None:
    if text == "":
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ReplayDataError(f"{where}: {text!r} is not a number") from None


def _int(text: str, where: str) -> int:
    if text == "":
        return 0
    try:
        return int(Decimal(text))
    except InvalidOperation:
        raise ReplayDataError(f"{where}: {text!r} is not a number") from None


def read_day(folder: str | Path, market: str, root: str, day: date) -> list[ReplayEvent]:
    """All quote and trade events of ``day``, sorted by time (a bar's trade before its quote).

    Event times are bar *end* times (bar start + 1 minute), in UTC.
    """
    folder = Path(folder)
    events: list[tuple[datetime, int, ReplayEvent]] = []
    found = False
    for kind in ("trade", "quote"):
        path = _zip_path(folder, market, root, day, kind)
        if not path.exists():
            continue
        found = True
        midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
        try:
            archive = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise ReplayDataError(f"{path}: not a zip file") from None
        with archive:
            for entry in archive.namelist():
                month = entry.rsplit("_", 1)[-1].removesuffix(".csv")
                if len(month) != 6 or not month.isdigit():
                    raise ReplayDataError(f"{path}#{entry}: entry name does not end in _YYYYMM.csv")
                text = archive.read(entry).decode("utf-8")
                for line_no, row in enumerate(csv.reader(io.StringIO(text)), start=1):
                    if not row:
                        continue
                    where = f"{path}#{entry} line {line_no}"
                    event = _parse_row(kind, row, midnight, month, where)
                    events.append((event.time, 0 if kind == "trade" else 1, event))
    if not found:
        raise ReplayDataError(
            f"no LEAN minute quote or trade file for {root.upper()} on {day:%Y-%m-%d} under "
            f"{_zip_path(folder, market, root, day, '*').parent}; pick a date that has data"
        )
    events.sort(key=lambda item: (item[0], item[1]))
    return [event for _, _, event in events]


def _parse_row(kind: str, row: list[str], midnight: datetime, month: str, where: str) -> ReplayEvent:
    expected = 6 if kind == "trade" else 11
    if len(row) < expected:
        raise ReplayDataError(f"{where}: expected {expected} columns for a {kind} bar, got {len(row)}")
    millis = _int(row[0], where)
    time = midnight + timedelta(milliseconds=millis) + timedelta(minutes=1)
    if kind == "trade":
        price = _decimal(row[4], where)
        if price is None:
            raise ReplayDataError(f"{where}: trade bar without a close price")
        return ReplayTrade(time, month, price, _int(row[5], where))
    return ReplayQuote(
        time, month, _decimal(row[4], where), _int(row[5], where), _decimal(row[9], where), _int(row[10], where)
    )
