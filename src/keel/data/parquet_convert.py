"""Convert a futures root from LEAN's zipped CSVs to Keel's Parquet layout (:mod:`keel.data.parquet`).

Every minute/second/tick day zip of the root is parsed with Keel's LEAN reader (times become
UTC) and the rows are regrouped per contract month; hour/daily zips are split the same way.
Only the price files are converted: map/factor files, margins, universes, market hours and
symbol properties stay where they are (point the engine's data folder at the LEAN folder).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from keel.data.lean.paths import available_dates, hour_daily_zip_path, intraday_zip_path, is_hour_or_daily
from keel.data.lean.reader import ColumnarData, read_hour_daily_zip, read_intraday_zip
from keel.data.market_hours.database import MarketHoursDatabase
from keel.data.parquet import write_parquet_contract
from keel.model.enums import Resolution, SecurityType, TickType

_ALL_RESOLUTIONS = (Resolution.TICK, Resolution.SECOND, Resolution.MINUTE, Resolution.HOUR, Resolution.DAILY)
_ALL_TICK_TYPES = (TickType.TRADE, TickType.QUOTE, TickType.OPEN_INTEREST)


@dataclass(slots=True)
class ConversionReport:
    """What :func:`lean_to_parquet` wrote: one entry per file, with its row count."""

    files: dict[Path, int] = field(default_factory=dict)
    source_files: int = 0

    @property
    def rows(self) -> int:
        """Total rows written."""
        return sum(self.files.values())


def _intraday(
    lean_folder: Path, root: str, market: str, resolution: Resolution, tick_type: TickType, data_tz: str
) -> tuple[dict[str, list[ColumnarData]], int]:
    parts: dict[str, list[ColumnarData]] = {}
    days = available_dates(lean_folder, SecurityType.FUTURE, market, resolution, root, tick_type)
    for day in days:
        path = intraday_zip_path(lean_folder, SecurityType.FUTURE, market, resolution, root, day, tick_type)
        for key, data in read_intraday_zip(path, tick_type, resolution, day, data_tz).items():
            if len(data):
                parts.setdefault(key, []).append(data)
    return parts, len(days)


def lean_to_parquet(
    lean_folder: str | Path,
    out_folder: str | Path,
    root: str,
    market: str,
    resolutions: tuple[Resolution, ...] = _ALL_RESOLUTIONS,
    tick_types: tuple[TickType, ...] = _ALL_TICK_TYPES,
) -> ConversionReport:
    """Convert ``root``'s LEAN futures price files under ``lean_folder`` into ``out_folder``.

    The data time zone comes from ``lean_folder``'s market hours database (Keel's built-in one
    when the folder has none). Missing resolutions/tick types are skipped; a folder without any
    file of the root raises ``FileNotFoundError``.
    """
    lean_folder, out_folder = Path(lean_folder), Path(out_folder)
    market = market.lower()
    data_tz = (
        MarketHoursDatabase.from_data_folder(lean_folder)
        .get_entry(market, root, SecurityType.FUTURE)
        .data_time_zone
    )
    report = ConversionReport()
    for resolution in resolutions:
        resolution = Resolution(resolution)
        for tick_type in tick_types:
            tick_type = TickType(tick_type)
            if resolution == Resolution.TICK and tick_type == TickType.OPEN_INTEREST:
                continue
            if is_hour_or_daily(resolution):
                path = hour_daily_zip_path(
                    lean_folder, SecurityType.FUTURE, market, resolution, root, tick_type
                )
                table = read_hour_daily_zip(path, tick_type, resolution, data_tz)
                grouped = {key: [data] for key, data in table.items() if len(data)}
                report.source_files += 1 if table else 0
            else:
                grouped, count = _intraday(lean_folder, root, market, resolution, tick_type, data_tz)
                report.source_files += count
            for key, blocks in sorted(grouped.items()):
                merged = ColumnarData.concat(blocks, tuple(blocks[0].columns))
                written = write_parquet_contract(out_folder, market, resolution, root, key, tick_type, merged)
                report.files[written] = len(merged)
    if not report.source_files:
        raise FileNotFoundError(
            f"no LEAN futures files for {root.upper()} ({market}) under {lean_folder / 'future' / market}"
        )
    return report


__all__ = ["ConversionReport", "lean_to_parquet"]
