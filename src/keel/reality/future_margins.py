"""Futures margin requirement rows (LEAN's ``MarginRequirementsEntry``) and their CSV format.

File: ``<data>/future/<market>/margins/<ROOT>.csv``; ``#`` comments and blank lines skipped, one
header line, then ``yyyyMMdd,initialOvernight,maintenanceOvernight[,initialIntraday[,maintenanceIntraday]]``.
Missing intraday values are 0.4 x the overnight ones. Values are quote currency per contract.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from keel.data.futures.margins import INTRADAY_DEFAULT_RATIO as INTRADAY_FACTOR
from keel.data.futures.margins import MarginRow as MarginRequirementsEntry


def parse_margin_csv(text: str, source: str = "<margins>") -> list[MarginRequirementsEntry]:
    """Parse a margins CSV; raise ``ValueError`` naming ``source`` and the line on bad rows."""
    rows: list[MarginRequirementsEntry] = []
    header_seen = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            if not line[:1].isdigit():
                continue
        parts = [p.strip() for p in line.split(",")]
        try:
            day = datetime.strptime(parts[0], "%Y%m%d").date()
            io, mo = float(parts[1]), float(parts[2])
            ii = float(parts[3]) if len(parts) > 3 and parts[3] else io * INTRADAY_FACTOR
            mi = float(parts[4]) if len(parts) > 4 and parts[4] else mo * INTRADAY_FACTOR
        except (ValueError, IndexError) as err:
            raise ValueError(
                f"{source}:{number}: bad margin row {line!r} ({err}); expected "
                "yyyyMMdd,initialOvernight,maintenanceOvernight[,initialIntraday,maintenanceIntraday]"
            ) from None
        rows.append(MarginRequirementsEntry(day, io, mo, ii, mi))
    rows.sort(key=lambda r: r.date)
    return rows


def load_margin_file(path: str | Path) -> list[MarginRequirementsEntry]:
    """Rows of a margins CSV file; an empty list if the file does not exist."""
    file = Path(path)
    if not file.exists():
        return []
    return parse_margin_csv(file.read_text(encoding="utf-8"), str(file))


def margin_file_path(data_folder: str | Path, market: str, root: str) -> Path:
    """``<data>/future/<market>/margins/<ROOT>.csv``."""
    return Path(data_folder) / "future" / market.lower() / "margins" / f"{root.upper()}.csv"


def as_entries(table: Any) -> list[MarginRequirementsEntry]:
    """Adapt a sequence of entries, or an object with ``entries``/``rows``, to a list of entries."""
    if table is None:
        return []
    items: Iterable[Any] = getattr(table, "entries", None) or getattr(table, "rows", None) or table
    result: list[MarginRequirementsEntry] = []
    for item in items:
        if isinstance(item, MarginRequirementsEntry):
            result.append(item)
            continue
        day = item.date.date() if isinstance(item.date, datetime) else item.date
        result.append(
            MarginRequirementsEntry(
                day,
                float(item.initial_overnight),
                float(item.maintenance_overnight),
                float(getattr(item, "initial_intraday", item.initial_overnight * INTRADAY_FACTOR)),
                float(getattr(item, "maintenance_intraday", item.maintenance_overnight * INTRADAY_FACTOR)),
            )
        )
    result.sort(key=lambda r: r.date)
    return result


class MarginRowCursor:
    """LEAN's forward-only row index: advances while the next row's date <= the query date."""

    __slots__ = ("_index", "rows")

    def __init__(self, rows: Sequence[MarginRequirementsEntry]) -> None:
        self.rows = list(rows) or [MarginRequirementsEntry(date.min, 0.0, 0.0, 0.0, 0.0)]
        self._index = 0

    def at(self, day: date) -> MarginRequirementsEntry:
        """The row in effect on ``day`` (never moves backwards)."""
        rows, i = self.rows, self._index
        while i + 1 < len(rows) and rows[i + 1].date <= day:
            i += 1
        self._index = i
        return rows[i]
