"""Keel's Parquet data layout: one file per (root, tick type, resolution, contract month).

Layout (below a data folder, next to or instead of LEAN's zips)::

    <folder>/future/<market>/<resolution>/<root>/<YYYYMM>_<ticktype>.parquet
    e.g. data/future/cme/minute/es/202112_trade.parquet

Non-futures use the lower-case ticker as the key: ``equity/usa/minute/spy/spy_trade.parquet``.

Columns: ``time`` = bar START in UTC, either int64 nanoseconds since the epoch or a
time-zone-aware Arrow timestamp (any unit; converted to ns), strictly increasing; then the same
names as :class:`~keel.data.lean.reader.ColumnarData` (``open high low close volume`` for trade
bars, ``bid_open ... ask_size`` for quote bars, ``open_interest``, or the tick columns).
Numeric columns may be any integer/float type and are read as float64; nulls are allowed in
quote columns only (read as NaN = empty side). Other columns are ignored. Bar END times are
derived from the resolution (start + period; open interest and ticks are points in time), as
LEAN's reader does.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from keel.data.errors import DataFormatError
from keel.data.lean.paths import resolution_name, security_type_folder, tick_type_name
from keel.data.lean.reader import PERIOD_NS, QUOTE_COLUMNS, ColumnarData, bar_columns
from keel.model.enums import Resolution, SecurityType, TickType

TIME_COLUMN = "time"
PARQUET_SUFFIX = ".parquet"
FORMAT_VERSION = "1"
_STRING_COLUMNS = frozenset({"exchange", "sale_condition"})
_BOOL_COLUMNS = frozenset({"suspicious"})
_NULLABLE_COLUMNS = frozenset(QUOTE_COLUMNS) | {"bid_price", "bid_size", "ask_price", "ask_size"}


def contract_key_text(contract: str | date) -> str:
    """``"YYYYMM"`` of a contract month given as text (``"202112"``) or a date; other text is lower-cased."""
    if isinstance(contract, date):
        return f"{contract.year:04d}{contract.month:02d}"
    text = str(contract).strip()
    if not text:
        raise ValueError("empty contract key; expected 'YYYYMM' (futures) or a ticker")
    return text.lower()


def parquet_folder(
    folder: str | Path,
    market: str,
    resolution: Resolution,
    root: str,
    security_type: SecurityType = SecurityType.FUTURE,
) -> Path:
    """Folder holding every contract file of ``root`` at ``resolution``."""
    return (
        Path(folder)
        / security_type_folder(security_type)
        / market.lower()
        / resolution_name(Resolution(resolution))
        / root.lower()
    )


def parquet_contract_path(
    folder: str | Path,
    market: str,
    resolution: Resolution,
    root: str,
    contract: str | date,
    tick_type: TickType,
    security_type: SecurityType = SecurityType.FUTURE,
) -> Path:
    """Path of one contract's file, e.g. ``future/cme/minute/es/202112_trade.parquet``."""
    name = f"{contract_key_text(contract)}_{tick_type_name(TickType(tick_type))}{PARQUET_SUFFIX}"
    return parquet_folder(folder, market, resolution, root, security_type) / name


def parquet_contract_keys(
    folder: str | Path,
    market: str,
    resolution: Resolution,
    root: str,
    tick_type: TickType,
    security_type: SecurityType = SecurityType.FUTURE,
) -> list[str]:
    """Sorted contract keys that have a file for ``tick_type`` (empty when the folder is missing)."""
    base = parquet_folder(folder, market, resolution, root, security_type)
    if not base.is_dir():
        return []
    suffix = f"_{tick_type_name(TickType(tick_type))}{PARQUET_SUFFIX}"
    return sorted(p.name[: -len(suffix)] for p in base.iterdir() if p.name.endswith(suffix) and p.is_file())


def point_in_time(tick_type: TickType, resolution: Resolution) -> bool:
    """True when rows are instants (end = start): open interest and ticks."""
    return TickType(tick_type) == TickType.OPEN_INTEREST or Resolution(resolution) == Resolution.TICK


def end_times(start_ns: np.ndarray, tick_type: TickType, resolution: Resolution) -> np.ndarray:
    """Bar end times (UTC ns) of bar start times, as LEAN's reader derives them."""
    if point_in_time(tick_type, resolution):
        return start_ns
    return start_ns + PERIOD_NS[Resolution(resolution)]


# --------------------------------------------------------------------------------------------
# writing


def _times_to_ns(values: Any, what: str) -> np.ndarray:
    array = np.asarray(values)
    if np.issubdtype(array.dtype, np.datetime64):
        return array.astype("datetime64[ns]").view(np.int64).copy()
    if not np.issubdtype(array.dtype, np.integer):
        raise TypeError(
            f"{what}: times must be int64 nanoseconds (UTC) or datetime64, got dtype {array.dtype}"
        )
    return array.astype(np.int64, copy=False)


def _check_sorted(times: np.ndarray, where: str, strict: bool = True) -> None:
    """Bars need strictly increasing times; ticks (``strict=False``) may share a time stamp."""
    if times.size > 1:
        steps = np.diff(times)
        bad = np.flatnonzero(steps <= 0 if strict else steps < 0)
        if bad.size:
            i = int(bad[0]) + 1
            order = "strictly increasing" if strict else "non-decreasing"
            fix = "Sort the rows by time and drop duplicates." if strict else "Sort the rows by time."
            raise DataFormatError(
                where,
                f"column 'time' must be {order}; row {i} ({int(times[i])}) is not after "
                f"row {i - 1} ({int(times[i - 1])}). {fix}",
            )


def write_parquet_contract(
    folder: str | Path,
    market: str,
    resolution: Resolution,
    root: str,
    contract: str | date,
    tick_type: TickType,
    data: ColumnarData | Mapping[str, Any],
    security_type: SecurityType = SecurityType.FUTURE,
    compression: str = "zstd",
) -> Path:
    """Write one contract's rows in Keel's Parquet layout and return the file path.

    ``data`` is a :class:`ColumnarData` (its ``start_utc_ns`` becomes ``time``) or a mapping with
    a ``time`` entry (bar start, UTC: int64 ns or datetime64) plus every column of
    :func:`~keel.data.lean.reader.bar_columns` for ``tick_type``/``resolution``. Rows must be in
    strictly increasing time order. Missing columns raise ``ValueError``.
    """
    tick_type, resolution = TickType(tick_type), Resolution(resolution)
    path = parquet_contract_path(folder, market, resolution, root, contract, tick_type, security_type)
    names = bar_columns(tick_type, resolution)
    if isinstance(data, ColumnarData):
        times = np.asarray(data.start_utc_ns, dtype=np.int64)
        columns: Mapping[str, Any] = data.columns
    else:
        if TIME_COLUMN not in data:
            raise ValueError(f"{path}: data needs a {TIME_COLUMN!r} column (bar start, UTC ns)")
        times = _times_to_ns(data[TIME_COLUMN], str(path))
        columns = data
    missing = [n for n in names if n not in columns]
    if missing:
        raise ValueError(
            f"{path}: missing column(s) {missing} for {tick_type.name.lower()} "
            f"{resolution.name.lower()} data; expected {list(names)}"
        )
    _check_sorted(times, str(path), resolution != Resolution.TICK)
    arrays: dict[str, pa.Array] = {TIME_COLUMN: pa.array(times, type=pa.timestamp("ns", tz="UTC"))}
    for name in names:
        values = np.asarray(columns[name])
        if len(values) != len(times):
            raise ValueError(f"{path}: column {name!r} has {len(values)} rows, 'time' has {len(times)}")
        if name in _STRING_COLUMNS:
            arrays[name] = pa.array(values.astype(str), type=pa.string())
        elif name in _BOOL_COLUMNS:
            arrays[name] = pa.array(values.astype(bool), type=pa.bool_())
        else:
            arrays[name] = pa.array(values.astype(np.float64, copy=False), type=pa.float64())
    metadata = {
        "keel.format_version": FORMAT_VERSION,
        "keel.root": root.upper(),
        "keel.market": market.lower(),
        "keel.resolution": resolution_name(resolution),
        "keel.tick_type": tick_type_name(tick_type),
        "keel.contract": contract_key_text(contract),
    }
    table = pa.table(arrays).replace_schema_metadata(metadata)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp, compression=compression)
    tmp.replace(path)
    return path


# --------------------------------------------------------------------------------------------
# reading


def _read_columns(path: Path, names: list[str]) -> pa.Table:
    # ParquetFile, not pq.read_table: the latter imports pyarrow.dataset (and pandas), ~0.4 s
    with pq.ParquetFile(path) as handle:
        return handle.read(columns=names)


def _schema(path: Path) -> pa.Schema:
    try:
        return pq.read_schema(path)
    except (OSError, pa.ArrowInvalid) as exc:
        raise DataFormatError(
            path, f"not a readable Parquet file ({exc}); rewrite it with write_parquet_contract"
        ) from exc


def _check_schema(
    path: Path, schema: pa.Schema, names: tuple[str, ...], tick_type: TickType, resolution: Resolution
) -> None:
    if TIME_COLUMN not in schema.names:
        raise DataFormatError(
            path,
            f"missing column 'time' (bar start, UTC as int64 ns or timestamp[ns, tz=UTC]); "
            f"found columns {schema.names}",
        )
    time_type = schema.field(TIME_COLUMN).type
    if pa.types.is_timestamp(time_type):
        if time_type.tz is None:
            raise DataFormatError(
                path,
                f"column 'time' is a time-zone-naive {time_type}; store it as timestamp[ns, tz=UTC] "
                "(or int64 ns since the epoch, UTC) so the instant is unambiguous",
            )
    elif not pa.types.is_integer(time_type):
        raise DataFormatError(
            path, f"column 'time' has type {time_type}; expected int64 ns (UTC) or timestamp[ns, tz=UTC]"
        )
    missing = [n for n in names if n not in schema.names]
    if missing:
        raise DataFormatError(
            path,
            f"missing column(s) {missing} for {TickType(tick_type).name.lower()} "
            f"{Resolution(resolution).name.lower()} data; expected 'time' + {list(names)}, "
            f"found {schema.names}",
        )
    for name in names:
        kind = schema.field(name).type
        if name in _STRING_COLUMNS:
            ok = pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_dictionary(kind)
            expected = "string"
        elif name in _BOOL_COLUMNS:
            ok = pa.types.is_boolean(kind)
            expected = "bool"
        else:
            ok = pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind)
            expected = "a number (float64 preferred)"
        if not ok:
            raise DataFormatError(path, f"column {name!r} has type {kind}; expected {expected}")


def _fixed_width_numpy(column: pa.ChunkedArray, dtype: type[np.generic]) -> np.ndarray:
    """A numpy copy of a null-free fixed-width column, read from the Arrow data buffer.

    pyarrow's own ``to_numpy`` imports pandas (~45 MB and 0.3 s), which the engine never needs.
    """
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    item = np.dtype(dtype).itemsize
    if len(array) == 0:
        return np.empty(0, dtype=dtype)
    data = array.buffers()[1]
    return np.frombuffer(data, dtype=dtype, count=len(array), offset=array.offset * item).copy()


def _column_numpy(path: Path, table: pa.Table, name: str) -> np.ndarray:
    column = table.column(name)
    if name in _STRING_COLUMNS:
        return np.asarray(column.cast(pa.string()).to_pylist(), dtype=object)
    if name in _BOOL_COLUMNS:
        if column.null_count:
            raise DataFormatError(
                path, f"column {name!r} has {column.null_count} null(s); fill them with false"
            )
        return np.asarray(column.to_pylist(), dtype=bool)
    if column.null_count and name not in _NULLABLE_COLUMNS:
        raise DataFormatError(
            path, f"column {name!r} has {column.null_count} null value(s); only quote columns may be empty"
        )
    if column.type != pa.float64():  # casts load pyarrow.compute; the usual float64 needs none
        column = column.cast(pa.float64())
    if column.null_count:
        import pyarrow.compute as pc  # only quote files with empty sides need it (a heavy import)

        column = pc.fill_null(column, float("nan"))
    return _fixed_width_numpy(column, np.float64)


def read_time_column(path: str | Path, strict: bool = True) -> np.ndarray:
    """Only the ``time`` column of a contract file as int64 UTC ns (validated, sorted)."""
    path = Path(path)
    schema = _schema(path)
    if TIME_COLUMN not in schema.names:
        raise DataFormatError(path, f"missing column 'time'; found columns {schema.names}")
    table = _read_columns(path, [TIME_COLUMN])
    return _times(path, table, strict)


def _times(path: Path, table: pa.Table, strict: bool) -> np.ndarray:
    column = table.column(TIME_COLUMN)
    if column.null_count:
        raise DataFormatError(path, f"column 'time' has {column.null_count} null value(s)")
    kind = column.type
    if pa.types.is_timestamp(kind):
        if kind.unit != "ns":
            column = column.cast(pa.timestamp("ns", tz=kind.tz))
        # timestamp[ns] is stored as int64 ns: read the buffer directly (no cast)
    elif kind != pa.int64():
        column = column.cast(pa.int64())
    times = _fixed_width_numpy(column, np.int64)
    _check_sorted(times, str(path), strict)
    return times


def read_parquet_file(path: str | Path, tick_type: TickType, resolution: Resolution) -> ColumnarData:
    """Read one contract file (any path) into :class:`ColumnarData`.

    Raises :class:`~keel.data.errors.DataFormatError` naming the file and column when a column
    is missing, has the wrong type, holds nulls where none are allowed, or ``time`` is not
    strictly increasing; ``FileNotFoundError`` when the file does not exist.
    """
    path = Path(path)
    tick_type, resolution = TickType(tick_type), Resolution(resolution)
    if not path.is_file():
        raise FileNotFoundError(f"no Parquet data file at {path}")
    names = bar_columns(tick_type, resolution)
    schema = _schema(path)
    _check_schema(path, schema, names, tick_type, resolution)
    # one column at a time, each copied out of Arrow and its buffers released before the next:
    # the peak stays near the size of the numpy columns (a whole-table read doubles it)
    pool = pa.default_memory_pool()
    try:
        with pq.ParquetFile(path) as handle:
            starts = _times(path, handle.read(columns=[TIME_COLUMN]), resolution != Resolution.TICK)
            columns: dict[str, np.ndarray] = {}
            for name in names:
                columns[name] = _column_numpy(path, handle.read(columns=[name]), name)
                pool.release_unused()
    except (OSError, pa.ArrowInvalid) as exc:
        raise DataFormatError(path, f"cannot read the Parquet data ({exc})") from exc
    finally:
        pool.release_unused()
    return ColumnarData(starts, end_times(starts, tick_type, resolution), columns)


def read_parquet_contract(
    folder: str | Path,
    market: str,
    resolution: Resolution,
    root: str,
    contract: str | date,
    tick_type: TickType,
    security_type: SecurityType = SecurityType.FUTURE,
) -> ColumnarData:
    """Read one contract from Keel's Parquet layout (see :func:`read_parquet_file` for errors)."""
    path = parquet_contract_path(folder, market, resolution, root, contract, tick_type, security_type)
    return read_parquet_file(path, tick_type, resolution)


__all__ = [
    "PARQUET_SUFFIX",
    "TIME_COLUMN",
    "contract_key_text",
    "end_times",
    "parquet_contract_keys",
    "parquet_contract_path",
    "parquet_folder",
    "read_parquet_contract",
    "read_parquet_file",
    "read_time_column",
    "write_parquet_contract",
]
