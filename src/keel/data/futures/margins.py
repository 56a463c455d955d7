"""Futures margin tables (``future/<market>/margins/<ROOT>.csv``), LEAN's ``FutureMarginModel`` source.

Rows ``date,initial_overnight,maintenance_overnight[,initial_intraday[,maintenance_intraday]]``
(USD per contract), ``#`` comments and a header line. Missing intraday values default to 0.4 x
the overnight ones. The row in force follows LEAN's forward-only cursor: start at row 0 and
advance while the next row's date <= the query date; never move back. A missing or empty file
gives one all-zero row and sets :attr:`MarginTable.warning`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from keel.data.errors import DataFormatError

INTRADAY_DEFAULT_RATIO = 0.4


@dataclass(frozen=True, slots=True)
class MarginRow:
    """Margin requirements in force from ``date`` (USD per contract)."""

    date: date
    initial_overnight: float
    maintenance_overnight: float
    initial_intraday: float
    maintenance_intraday: float


class MarginTable:
    """The rows of one margins CSV, sorted by date."""

    def __init__(self, rows: list[MarginRow], source: str = "", warning: str | None = None) -> None:
        self.rows = sorted(rows, key=lambda r: r.date) or [MarginRow(date.min, 0.0, 0.0, 0.0, 0.0)]
        self._dates = [r.date for r in self.rows]
        self.source = source
        self.warning = warning

    @classmethod
    def from_csv(cls, path: str | Path) -> MarginTable:
        """Parse a margins CSV; a missing/empty file gives an all-zero table with a warning."""
        path = Path(path)
        if not path.is_file():
            return cls([], str(path), f"margin file {path} not found: margin requirements are 0")
        rows: list[MarginRow] = []
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#") or not line[0].isdigit():
                continue
            fields = [f.strip() for f in line.split(",")]
            if not 3 <= len(fields) <= 5:
                raise DataFormatError(
                    path,
                    f"expected 3 to 5 fields 'date,initial,maintenance[,...]', found {line!r}",
                    line=number,
                )
            try:
                day = date(int(fields[0][:4]), int(fields[0][4:6]), int(fields[0][6:8]))
                initial, maintenance = float(fields[1]), float(fields[2])
                initial_intraday = (
                    float(fields[3]) if len(fields) > 3 and fields[3] else initial * INTRADAY_DEFAULT_RATIO
                )
                maintenance_intraday = (
                    float(fields[4])
                    if len(fields) > 4 and fields[4]
                    else maintenance * INTRADAY_DEFAULT_RATIO
                )
            except ValueError:
                raise DataFormatError(
                    path, f"expected a YYYYMMDD date and numeric margins, found {line!r}", line=number
                ) from None
            rows.append(MarginRow(day, initial, maintenance, initial_intraday, maintenance_intraday))
        warning = None if rows else f"margin file {path} has no rows: margin requirements are 0"
        return cls(rows, str(path), warning)

    @classmethod
    def from_data_folder(cls, folder: str | Path, market: str, root: str) -> MarginTable:
        """``<folder>/future/<market>/margins/<ROOT>.csv``."""
        return cls.from_csv(Path(folder) / "future" / market.lower() / "margins" / f"{root.upper()}.csv")

    def row_for(self, day: date) -> MarginRow:
        """The last row dated on or before ``day`` (the first row for earlier dates)."""
        index = bisect.bisect_right(self._dates, day) - 1
        return self.rows[max(index, 0)]

    def cursor(self) -> MarginCursor:
        """A forward-only cursor with LEAN's per-model-instance semantics."""
        return MarginCursor(self)


class MarginCursor:
    """LEAN's forward-only row index: advances while the next row's date <= the query date."""

    def __init__(self, table: MarginTable) -> None:
        self._table = table
        self._index = 0

    def row_for(self, day: date) -> MarginRow:
        """Advance (never back) and return the current row."""
        rows = self._table.rows
        while self._index + 1 < len(rows) and rows[self._index + 1].date <= day:
            self._index += 1
        return rows[self._index]
