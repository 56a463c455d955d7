"""Historical data access for the feed: one contract's rows in a UTC window, from LEAN files.

A thin cache over :mod:`keel.data.lean.reader`: a day file is parsed once and all its
contracts are kept while the feed walks through that day; hour/daily zips are parsed once
per run. Missing files are not errors (LEAN's sample data are sparse).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from keel.data.lean import paths
from keel.data.lean.reader import ColumnarData, bar_columns, read_hour_daily_zip, read_intraday_zip
from keel.engine.clock import NS_PER_DAY, converter
from keel.model.enums import Resolution, SecurityType, TickType
from keel.model.symbol import Symbol

FileTable = dict[str, ColumnarData]


def contract_key(symbol: Symbol) -> str:
    """The zip-entry key of a symbol: contract month ``YYYYMM`` for futures, lower ticker otherwise."""
    if symbol.security_type == SecurityType.FUTURE and symbol.id.expiry_date is not None:
        month = symbol.contract_month or symbol.id.expiry_date
        return f"{month.year:04d}{month.month:02d}"
    return symbol.id.symbol.lower()


def slice_window(data: ColumnarData, start_ns: int, end_ns: int) -> ColumnarData:
    """Rows whose end time is in ``(start_ns, end_ns]``."""
    ends = data.end_utc_ns
    lo = int(np.searchsorted(ends, start_ns, side="right"))
    hi = int(np.searchsorted(ends, end_ns, side="right"))
    if lo == 0 and hi == len(ends):
        return data
    return ColumnarData(data.start_utc_ns[lo:hi], ends[lo:hi], {k: v[lo:hi] for k, v in data.columns.items()})


class LeanDataSource:
    """Reads LEAN-format files below ``folder`` for the feed and history requests."""

    def __init__(self, folder: str | Path, max_cached_files: int = 64) -> None:
        self.folder = Path(folder)
        self._cache: OrderedDict[tuple[object, ...], FileTable] = OrderedDict()
        self._max = max_cached_files
        self.files_read = 0
        #: receives a warning line for a present but unusable file (a zip without entries),
        #: once per file; the engine points it at its log
        self.on_warning: Callable[[str], None] | None = None
        self._warned: set[str] = set()

    def _warn(self, message: str) -> None:
        """Pass ``message`` to :attr:`on_warning` once (file tables can be evicted and re-read)."""
        if self.on_warning is not None and message not in self._warned:
            self._warned.add(message)
            self.on_warning(message)

    def _cached(self, key: tuple[object, ...], load: object) -> FileTable:
        table = self._cache.get(key)
        if table is None:
            table = load()  # type: ignore[operator]
            self.files_read += 1 if table else 0
            self._cache[key] = table
            if len(self._cache) > self._max:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return table

    def day_file(
        self, symbol: Symbol, resolution: Resolution, tick_type: TickType, day: date, data_tz: str
    ) -> FileTable:
        """All contracts of one intraday zip (``{}`` when the file does not exist)."""
        sid = symbol.id
        path = paths.intraday_zip_path(
            self.folder, sid.security_type, sid.market, resolution, sid.symbol, day, tick_type
        )
        key = (path, tick_type, resolution, day)
        return self._cached(
            key,
            lambda: read_intraday_zip(path, tick_type, resolution, day, data_tz, sid.security_type, self._warn),
        )

    def history_file(self, symbol: Symbol, resolution: Resolution, tick_type: TickType, data_tz: str) -> FileTable:
        """All contracts of an hour/daily zip (``{}`` when the file does not exist)."""
        sid = symbol.id
        path = paths.hour_daily_zip_path(self.folder, sid.security_type, sid.market, resolution, sid.symbol, tick_type)
        key = (path, tick_type, resolution)
        return self._cached(
            key, lambda: read_hour_daily_zip(path, tick_type, resolution, data_tz, sid.security_type, self._warn)
        )

    def read(
        self,
        symbol: Symbol,
        resolution: Resolution,
        tick_type: TickType,
        data_tz: str,
        start_ns: int,
        end_ns: int,
    ) -> ColumnarData:
        """Rows of ``symbol`` (a contract or a non-future) whose end is in ``(start_ns, end_ns]``."""
        key = contract_key(symbol)
        names = bar_columns(tick_type, resolution)
        if paths.is_hour_or_daily(resolution):
            table = self.history_file(symbol, resolution, tick_type, data_tz)
            data = table.get(key)
            return slice_window(data, start_ns, end_ns) if data is not None else ColumnarData.empty(names)
        conv = converter(data_tz)
        first = conv.to_local(start_ns - NS_PER_DAY).date()
        last = conv.to_local(end_ns).date()
        parts: list[ColumnarData] = []
        day = first
        while day <= last:
            table = self.day_file(symbol, resolution, tick_type, day, data_tz)
            data = table.get(key)
            if data is None and len(table) == 1 and symbol.security_type != SecurityType.FUTURE:
                data = next(iter(table.values()))
            if data is not None and len(data):
                parts.append(slice_window(data, start_ns, end_ns))
            day += timedelta(days=1)
        return ColumnarData.concat(parts, names)

    def contract_keys_on(
        self, symbol: Symbol, resolution: Resolution, tick_type: TickType, day: date, data_tz: str
    ) -> list[str]:
        """Contract months present in the intraday file of ``day`` (for chains without universe files)."""
        if paths.is_hour_or_daily(resolution):
            return sorted(self.history_file(symbol, resolution, tick_type, data_tz))
        return sorted(self.day_file(symbol, resolution, tick_type, day, data_tz))
