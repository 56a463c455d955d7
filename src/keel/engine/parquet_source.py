"""Historical data access from Keel's Parquet layout (see :mod:`keel.data.parquet`).

Drop-in for :class:`~keel.engine.data_source.LeanDataSource`: the feed calls :meth:`read` once
per subscription and window, and chains without universe files call :meth:`contract_keys_on`.
Each contract file is read once into numpy arrays and cached (LRU); a window is two
``searchsorted`` calls and array views, so no row ever becomes a Python object here.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np

from keel.data.lean.paths import is_hour_or_daily
from keel.data.lean.reader import ColumnarData, bar_columns
from keel.data.parquet import (
    parquet_contract_keys,
    parquet_contract_path,
    read_parquet_file,
    read_time_column,
)
from keel.engine.clock import converter
from keel.engine.data_source import contract_key, slice_window
from keel.model.enums import Resolution, TickType
from keel.model.symbol import Symbol


class ParquetDataSource:
    """Reads ``<folder>/<type>/<market>/<resolution>/<root>/<key>_<ticktype>.parquet`` for the feed.

    ``max_cached_files`` bounds the number of whole files kept in memory (least recently used
    first out). Missing files are not errors: they read as zero rows, like LEAN's sparse data.
    """

    def __init__(self, folder: str | Path, max_cached_files: int = 64) -> None:
        if max_cached_files < 1:
            raise ValueError("max_cached_files must be at least 1")
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise FileNotFoundError(f"Parquet data folder {self.folder} does not exist")
        self._cache: OrderedDict[Path, ColumnarData | None] = OrderedDict()
        self._times: OrderedDict[Path, np.ndarray | None] = OrderedDict()
        self._max = max_cached_files
        self.files_read = 0

    # ------------------------------------------------------------------------------------
    def _path(self, symbol: Symbol, resolution: Resolution, tick_type: TickType, key: str) -> Path:
        sid = symbol.id
        return parquet_contract_path(
            self.folder, sid.market, resolution, sid.symbol, key, tick_type, sid.security_type
        )

    def load(self, path: Path, tick_type: TickType, resolution: Resolution) -> ColumnarData | None:
        """The whole file as arrays (cached), or None when it does not exist."""
        if path in self._cache:
            self._cache.move_to_end(path)
            return self._cache[path]
        data = read_parquet_file(path, tick_type, resolution) if path.is_file() else None
        if data is not None:
            self.files_read += 1
        self._cache[path] = data
        if len(self._cache) > self._max:
            self._cache.popitem(last=False)
        return data

    def _start_times(self, path: Path, resolution: Resolution) -> np.ndarray | None:
        cached = self._cache.get(path)
        if cached is not None:
            return cached.start_utc_ns
        if path in self._times:
            self._times.move_to_end(path)
            return self._times[path]
        strict = resolution != Resolution.TICK
        times = read_time_column(path, strict) if path.is_file() else None
        self._times[path] = times
        if len(self._times) > 4 * self._max:
            self._times.popitem(last=False)
        return times

    # ------------------------------------------------------------------------------------
    def read(
        self,
        symbol: Symbol,
        resolution: Resolution,
        tick_type: TickType,
        data_tz: str,
        start_ns: int,
        end_ns: int,
    ) -> ColumnarData:
        """Rows of ``symbol`` whose end time is in ``(start_ns, end_ns]`` (views into the cached file).

        ``data_tz`` is unused: Parquet files store UTC instants.
        """
        del data_tz
        tick_type, resolution = TickType(tick_type), Resolution(resolution)
        data = self.load(
            self._path(symbol, resolution, tick_type, contract_key(symbol)), tick_type, resolution
        )
        if data is None:
            return ColumnarData.empty(bar_columns(tick_type, resolution))
        return slice_window(data, start_ns, end_ns)

    def contract_keys_on(
        self, symbol: Symbol, resolution: Resolution, tick_type: TickType, day: date, data_tz: str
    ) -> list[str]:
        """Contract months with rows starting on ``day`` (a date in ``data_tz``), like a LEAN day file.

        For hour/daily data every contract with a file is listed (one LEAN zip holds them all).
        """
        tick_type, resolution = TickType(tick_type), Resolution(resolution)
        sid = symbol.id
        keys = parquet_contract_keys(
            self.folder, sid.market, resolution, sid.symbol, tick_type, sid.security_type
        )
        if is_hour_or_daily(resolution):
            return keys
        conv = converter(data_tz)
        midnight = datetime(day.year, day.month, day.day)
        lo = conv.local_to_utc_ns(midnight)
        hi = conv.local_to_utc_ns(midnight + timedelta(days=1))
        found: list[str] = []
        for key in keys:
            starts = self._start_times(self._path(symbol, resolution, tick_type, key), resolution)
            if starts is None or not len(starts):
                continue
            i = int(np.searchsorted(starts, lo, side="left"))
            if i < len(starts) and int(starts[i]) < hi:
                found.append(key)
        return found


__all__ = ["ParquetDataSource"]
