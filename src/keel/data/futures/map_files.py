"""Continuous-futures map files (``future/<market>/map_files/<root>.csv``).

Lines: ``YYYYMMDD,<sid lower case>,<EXCHANGE>,<DataMappingMode int>``; the first line
(``18991230,es,CME``) names the root. As in LEAN's ``MapFile.GetMappedSymbol``, the contract
mapped on a date is the one of the first row (for that mapping mode) whose date is on or after
that date: a row's date is the LAST day its contract is mapped; the roll takes effect the next
day.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

from keel.data.errors import DataFormatError
from keel.model.enums import DataMappingMode
from keel.model.symbol import SecurityIdentifier


@dataclass(frozen=True, slots=True)
class MapFileRow:
    """One map-file row: until ``date`` (inclusive) the continuous contract maps to ``sid``."""

    date: date
    sid: SecurityIdentifier
    exchange: str
    mapping_mode: DataMappingMode


@dataclass(frozen=True, slots=True)
class MappingEvent:
    """A roll: from ``date`` on, the continuous contract maps to ``new_sid`` instead of ``old_sid``."""

    date: date
    old_sid: SecurityIdentifier | None
    new_sid: SecurityIdentifier


def _parse_date(text: str) -> date:
    return date(int(text[:4]), int(text[4:6]), int(text[6:8]))


class MapFile:
    """The mapping rows of one futures root, grouped by mapping mode."""

    def __init__(self, root: str, rows: list[MapFileRow], source: str = "") -> None:
        self.root = root
        self.rows = sorted(rows, key=lambda r: (r.date, int(r.mapping_mode)))
        self.source = source
        self._by_mode: dict[DataMappingMode, list[MapFileRow]] = {}
        for row in self.rows:
            self._by_mode.setdefault(row.mapping_mode, []).append(row)
        self._dates: dict[DataMappingMode, list[date]] = {
            mode: [r.date for r in rows] for mode, rows in self._by_mode.items()
        }

    @classmethod
    def read(cls, path: str | Path, market: str) -> MapFile:
        """Parse a map file; a missing file gives an empty map file (no contract is ever mapped)."""
        path = Path(path)
        root = path.stem.upper()
        if not path.is_file():
            return cls(root, [], str(path))
        rows: list[MapFileRow] = []
        for number, line in enumerate(path.read_text(encoding="ascii").splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            fields = line.split(",")
            if len(fields) < 2:
                raise DataFormatError(
                    path, f"expected 'YYYYMMDD,<sid>[,<exchange>,<mode>]', found {line!r}", line=number
                )
            try:
                day = _parse_date(fields[0])
            except ValueError:
                raise DataFormatError(
                    path, f"expected a YYYYMMDD date, found {fields[0]!r}", line=number
                ) from None
            if " " not in fields[1]:
                root = fields[1].strip().upper()
                continue
            if len(fields) < 4 or not fields[3].strip():
                raise DataFormatError(path, "expected a data mapping mode (0-3) in field 4", line=number)
            try:
                sid = SecurityIdentifier.parse(fields[1].upper())
                mode = DataMappingMode(int(fields[3]))
            except ValueError as exc:
                raise DataFormatError(
                    path, f"expected '<root> <base36 sid>' and a mapping mode 0-3 ({exc})", line=number
                ) from None
            rows.append(MapFileRow(day, sid, fields[2].strip(), mode))
        return cls(root, rows, str(path))

    @classmethod
    def from_data_folder(cls, folder: str | Path, market: str, root: str) -> MapFile:
        """``<folder>/future/<market>/map_files/<root>.csv``."""
        return cls.read(
            Path(folder) / "future" / market.lower() / "map_files" / f"{root.lower()}.csv", market
        )

    def __len__(self) -> int:
        return len(self.rows)

    def mapped_row(self, day: date, mapping_mode: DataMappingMode) -> MapFileRow | None:
        """The row in force on ``day`` for ``mapping_mode`` (None after the last row)."""
        dates = self._dates.get(DataMappingMode(mapping_mode))
        if not dates:
            return None
        index = bisect.bisect_left(dates, day)
        if index == len(dates):
            return None
        return self._by_mode[DataMappingMode(mapping_mode)][index]

    def mapped_sid(self, day: date, mapping_mode: DataMappingMode) -> SecurityIdentifier | None:
        """The contract the continuous future maps to on ``day`` (None when none)."""
        row = self.mapped_row(day, mapping_mode)
        return row.sid if row is not None else None

    def mapping_events(self, start: date, end: date, mapping_mode: DataMappingMode) -> list[MappingEvent]:
        """Rolls effective within ``[start, end]`` (the day after a row's date, when the contract changes)."""
        rows = self._by_mode.get(DataMappingMode(mapping_mode), [])
        events: list[MappingEvent] = []
        for previous, row in pairwise(rows):
            effective = previous.date + timedelta(days=1)
            if row.sid != previous.sid and start <= effective <= end:
                events.append(MappingEvent(effective, previous.sid, row.sid))
        return events
