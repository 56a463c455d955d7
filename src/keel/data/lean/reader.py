"""Columnar readers for LEAN's zipped CSV data (trade, quote and open-interest files).

Every reader returns one :class:`ColumnarData` per zip entry, keyed by the contract month
(``"YYYYMM"``) for futures entries and by the lower-case ticker for other entries (e.g. SPY's
``20131007_spy_minute_trade.csv`` -> ``"spy"``). Times are int64 nanoseconds since the Unix
epoch in UTC; ``start_utc_ns`` is the bar start, ``end_utc_ns`` the bar end (equal to the start
for ticks and open interest, which LEAN treats as points in time).
"""

from __future__ import annotations

import re
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

import numpy as np

from keel.data.errors import DataFormatError
from keel.data.lean.paths import is_hour_or_daily
from keel.data.market_hours.hours import zone_info
from keel.model.enums import Resolution, SecurityType, TickType

NS_PER_MS = 1_000_000
NS_PER_DAY = 86_400_000_000_000
NS_PER_HOUR = 3_600_000_000_000
_UTC_NAMES = frozenset({"UTC", "ETC/UTC", "GMT", "ETC/GMT"})
_EPOCH_NAIVE = datetime(1970, 1, 1)

TRADE_COLUMNS = ("open", "high", "low", "close", "volume")
QUOTE_COLUMNS = (
    "bid_open",
    "bid_high",
    "bid_low",
    "bid_close",
    "bid_size",
    "ask_open",
    "ask_high",
    "ask_low",
    "ask_close",
    "ask_size",
)
OPEN_INTEREST_COLUMNS = ("open_interest",)
TICK_TRADE_COLUMNS = ("price", "quantity", "exchange", "sale_condition", "suspicious")
TICK_QUOTE_COLUMNS = ("bid_price", "bid_size", "ask_price", "ask_size", "exchange", "suspicious")

PERIOD_NS: dict[Resolution, int] = {
    Resolution.TICK: 0,
    Resolution.SECOND: 1_000_000_000,
    Resolution.MINUTE: 60_000_000_000,
    Resolution.HOUR: 3_600_000_000_000,
    Resolution.DAILY: NS_PER_DAY,
}

# LEAN stores equity and equity/index option prices as integers in units of 1/10000.
_SCALED_SECURITY_TYPES = (SecurityType.EQUITY, SecurityType.OPTION, SecurityType.INDEX_OPTION)
_PRICE_COLUMNS = frozenset(
    {"open", "high", "low", "close", "price", "bid_price", "ask_price"}
    | {c for c in QUOTE_COLUMNS if not c.endswith("_size")}
)

_FUTURE_ENTRY_MONTH = re.compile(r"_(\d{6})$")


@dataclass(slots=True)
class ColumnarData:
    """Rows of one contract (or ticker) as parallel numpy arrays.

    ``columns`` holds float64 arrays for prices, sizes, volumes and open interest (NaN where a
    quote side is empty); tick files add ``exchange``/``sale_condition`` (object arrays of str)
    and ``suspicious`` (bool).
    """

    start_utc_ns: np.ndarray
    end_utc_ns: np.ndarray
    columns: dict[str, np.ndarray]

    def __len__(self) -> int:
        return int(self.start_utc_ns.shape[0])

    @classmethod
    def empty(cls, column_names: tuple[str, ...]) -> ColumnarData:
        """A zero-row instance with the given float64 columns."""
        return cls(
            np.empty(0, dtype=np.int64),
            np.empty(0, dtype=np.int64),
            {name: np.empty(0, dtype=np.float64) for name in column_names},
        )

    @classmethod
    def concat(cls, parts: list[ColumnarData], column_names: tuple[str, ...]) -> ColumnarData:
        """The rows of ``parts`` (already in time order) as one block; empty parts are skipped."""
        parts = [p for p in parts if len(p)]
        if not parts:
            return cls.empty(column_names)
        if len(parts) == 1:
            return parts[0]
        return cls(
            np.concatenate([p.start_utc_ns for p in parts]),
            np.concatenate([p.end_utc_ns for p in parts]),
            {k: np.concatenate([p.columns[k] for p in parts]) for k in parts[0].columns},
        )


def bar_columns(tick_type: TickType, resolution: Resolution) -> tuple[str, ...]:
    """Column names (after the time column) of a LEAN file of this tick type and resolution."""
    tick_type = TickType(tick_type)
    if tick_type == TickType.OPEN_INTEREST:
        return OPEN_INTEREST_COLUMNS
    if Resolution(resolution) == Resolution.TICK:
        return TICK_TRADE_COLUMNS if tick_type == TickType.TRADE else TICK_QUOTE_COLUMNS
    return TRADE_COLUMNS if tick_type == TickType.TRADE else QUOTE_COLUMNS


def entry_key(entry_name: str) -> str:
    """Key of a zip entry: the contract month ``YYYYMM`` of a futures entry, else the ticker.

    ``20131007_es_minute_trade_201312.csv`` -> ``201312``; ``es_trade_201312.csv`` -> ``201312``;
    ``20131007_spy_minute_trade.csv`` -> ``spy``; ``spy.csv`` -> ``spy``.
    """
    stem = entry_name.rsplit("/", 1)[-1]
    if stem.lower().endswith(".csv"):
        stem = stem[:-4]
    month = _FUTURE_ENTRY_MONTH.search(stem)
    if month:
        return month.group(1)
    parts = stem.split("_")
    if len(parts) >= 4 and parts[0].isdigit():
        return "_".join(parts[1:-2]).lower()
    if len(parts) >= 2 and parts[-1] in ("trade", "quote", "openinterest"):
        return "_".join(parts[:-1]).lower()
    return stem.lower()


# --------------------------------------------------------------------------------------------
# time zone conversion


def local_naive_ns_to_utc(local_ns: np.ndarray, time_zone: str) -> np.ndarray:
    """Convert naive wall-clock ns in ``time_zone`` to UTC ns.

    Like NodaTime's lenient resolver used by LEAN: an ambiguous time takes the earlier
    (daylight) offset; a time inside a DST gap is shifted forward by the gap length. Offsets are
    looked up once per local day, and per hour only on days with a transition.
    """
    local_ns = np.asarray(local_ns, dtype=np.int64)
    if time_zone.upper() in _UTC_NAMES or local_ns.size == 0:
        return local_ns
    tz = zone_info(time_zone)
    days = local_ns // NS_PER_DAY
    unique_days, inverse = np.unique(days, return_inverse=True)
    offsets = np.empty(unique_days.size, dtype=np.int64)
    mixed: list[int] = []
    for i, day in enumerate(unique_days.tolist()):
        first = _offset_ns(day * NS_PER_DAY, tz)
        if first != _offset_ns((day + 1) * NS_PER_DAY - NS_PER_HOUR, tz):
            mixed.append(i)
        offsets[i] = first
    result = local_ns - offsets[inverse]
    for i in mixed:
        rows = np.nonzero(inverse == i)[0]
        hours = local_ns[rows] // NS_PER_HOUR
        for hour in np.unique(hours).tolist():
            sel = rows[hours == hour]
            result[sel] = local_ns[sel] - _offset_ns(hour * NS_PER_HOUR, tz)
    return result


def _offset_ns(local_ns: int, tz: tzinfo) -> int:
    wall = _EPOCH_NAIVE + timedelta(microseconds=local_ns // 1000)
    offset = wall.replace(tzinfo=tz).utcoffset() or timedelta(0)
    return (offset // timedelta(microseconds=1)) * 1000


def _midnight_ns(file_date: date) -> int:
    return (file_date.toordinal() - date(1970, 1, 1).toordinal()) * NS_PER_DAY


# --------------------------------------------------------------------------------------------
# CSV parsing


def _diagnose(
    text: str, ncols: int, path: Path, entry: str, first_is_datetime: bool, empty_ok: Callable[[int], bool]
) -> DataFormatError:
    """Slow path: find the first bad line of ``text`` and describe it."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line:
            continue
        fields = line.split(",")
        if len(fields) != ncols:
            return DataFormatError(
                path,
                f"expected {ncols} comma-separated fields, found {len(fields)}: {line[:80]!r}",
                entry,
                number,
            )
        for i, field in enumerate(fields):
            if i == 0 and first_is_datetime:
                if not re.fullmatch(r"\d{8} \d{2}:\d{2}", field.strip()):
                    return DataFormatError(
                        path, f"expected a 'yyyyMMdd HH:mm' time, found {field!r}", entry, number
                    )
                continue
            if field == "" and empty_ok(i):
                continue
            try:
                float(field)
            except ValueError:
                what = "an integer millisecond time" if i == 0 else f"a number in field {i + 1}"
                return DataFormatError(path, f"expected {what}, found {field!r}", entry, number)
    return DataFormatError(path, "could not parse the CSV content", entry)


def _parse_block(
    text: str, ncols: int, path: Path, entry: str, first_is_datetime: bool, empty_ok: Callable[[int], bool]
) -> np.ndarray:
    """Parse a numeric CSV block into a (rows, ncols) float64 array, validating the shape.

    With ``first_is_datetime`` the first field is ``yyyyMMdd HH:mm`` and the returned array has
    two extra leading columns: yyyymmdd and HH*60+MM (minutes).
    """
    nrows = text.count("\n") + (0 if text.endswith("\n") else 1)
    body = text
    if ",," in body:
        body = body.replace(",,", ",nan,").replace(",,", ",nan,")
    if ",\n" in body:
        body = body.replace(",\n", ",nan\n")
    if body.endswith(","):
        body += "nan"
    parsed_cols = ncols + (2 if first_is_datetime else 0)
    if first_is_datetime:
        body = body.replace(" ", ",").replace(":", ",")
    flat: np.ndarray | None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            flat = np.fromstring(body.replace("\n", ","), dtype=np.float64, sep=",")
    except (ValueError, DeprecationWarning):
        flat = None
    if flat is None or flat.size != nrows * parsed_cols:
        raise _diagnose(text, ncols, path, entry, first_is_datetime, empty_ok)
    table = flat.reshape(nrows, parsed_cols)
    shift = 2 if first_is_datetime else 0
    required = [0, 1, 2] if first_is_datetime else [0]
    required += [i + shift for i in range(1, ncols) if not empty_ok(i)]
    if np.isnan(table[:, required]).any():
        raise _diagnose(text, ncols, path, entry, first_is_datetime, empty_ok)
    if first_is_datetime:
        date_part = table[:, 0]
        minutes = table[:, 1] * 60 + table[:, 2]
        return np.column_stack((date_part, minutes, table[:, 3:]))
    return table


def _quote_empty_ok(field_index: int) -> bool:
    # Bid OHLC (fields 1-4) and ask OHLC (6-9) may be empty when a side has no quote.
    return field_index in (1, 2, 3, 4, 6, 7, 8, 9)


def _never_empty(field_index: int) -> bool:
    return False


def _decode(raw: bytes, path: Path, entry: str) -> str:
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError as exc:
        raise DataFormatError(
            path, f"expected ASCII CSV text, found byte {raw[exc.start]:#x}", entry
        ) from None
    if "\r" in text:
        text = text.replace("\r", "")
    return text.strip("\n")


def _read_entries(path: Path, on_warning: Callable[[str], None] | None = None) -> list[tuple[str, bytes]] | None:
    """The (name, bytes) of each file entry of the zip at ``path``; None when there is no file.

    A zip that is not readable (corrupt, truncated, zero bytes) raises :class:`DataFormatError`.
    A readable zip with no file entries gives ``[]`` and a warning through ``on_warning`` naming
    the file: it is present but holds no data (LEAN returns no stream for it and goes on), which
    is not the silent "absent file" case.
    """
    if not path.is_file():
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            entries = [(info.filename, archive.read(info)) for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile) as exc:
        raise DataFormatError(path, f"expected a readable zip archive ({exc})") from None
    except Exception as exc:  # zlib.error and friends from a damaged member
        raise DataFormatError(
            path, f"expected a readable zip archive ({type(exc).__name__}: {exc})"
        ) from None
    if not entries and on_warning is not None:
        on_warning(f"Warning: data file {path} is a zip archive without entries: it holds no data and was skipped")
    return entries


def _scale(columns: dict[str, np.ndarray], security_type: SecurityType) -> None:
    if SecurityType(security_type) not in _SCALED_SECURITY_TYPES:
        return
    for name, values in columns.items():
        if name in _PRICE_COLUMNS:
            columns[name] = values / 10000.0


def _numeric_columns(table: np.ndarray, names: tuple[str, ...], offset: int) -> dict[str, np.ndarray]:
    return {name: np.ascontiguousarray(table[:, offset + i]) for i, name in enumerate(names)}


# --------------------------------------------------------------------------------------------
# tick files (mixed text columns): parsed in Python, they are rare and small in the samples


def _parse_ticks(
    text: str, tick_type: TickType, path: Path, entry: str
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    is_trade = TickType(tick_type) == TickType.TRADE
    min_fields, max_fields = (3, 6) if is_trade else (5, 7)
    numeric = 3 if is_trade else 5
    times: list[float] = []
    values: list[list[float]] = [[] for _ in range(numeric - 1)]
    exchange: list[str] = []
    condition: list[str] = []
    suspicious: list[bool] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line:
            continue
        fields = line.split(",")
        if not min_fields <= len(fields) <= max_fields:
            raise DataFormatError(
                path,
                f"expected {min_fields} to {max_fields} comma-separated fields, "
                f"found {len(fields)}: {line[:80]!r}",
                entry,
                number,
            )
        try:
            times.append(float(fields[0]))
            for i in range(1, numeric):
                field = fields[i]
                values[i - 1].append(float(field) if field else np.nan)
        except ValueError:
            raise DataFormatError(
                path, f"expected numbers in the first {numeric} fields: {line[:80]!r}", entry, number
            ) from None
        extra = fields[numeric:]
        exchange.append(extra[0] if extra else "")
        if is_trade:
            condition.append(extra[1] if len(extra) > 1 else "")
            flag = extra[2] if len(extra) > 2 else "0"
        else:
            flag = extra[1] if len(extra) > 1 else "0"
        suspicious.append(flag.strip() in ("1", "True", "true"))
    names = TICK_TRADE_COLUMNS if is_trade else TICK_QUOTE_COLUMNS
    columns: dict[str, np.ndarray] = {
        name: np.asarray(vals, dtype=np.float64)
        for name, vals in zip(names[: numeric - 1], values, strict=True)
    }
    columns["exchange"] = np.asarray(exchange, dtype=object)
    if is_trade:
        columns["sale_condition"] = np.asarray(condition, dtype=object)
    columns["suspicious"] = np.asarray(suspicious, dtype=bool)
    return np.asarray(times, dtype=np.float64), columns


# --------------------------------------------------------------------------------------------
# public readers


def read_intraday_zip(
    path: str | Path,
    tick_type: TickType,
    resolution: Resolution,
    file_date: date,
    data_tz: str,
    security_type: SecurityType = SecurityType.FUTURE,
    on_warning: Callable[[str], None] | None = None,
) -> dict[str, ColumnarData]:
    """Read a tick/second/minute zip of one day (``<YYYYMMDD>_<ticktype>.zip``).

    The time column is milliseconds since midnight of ``file_date`` in ``data_tz``; it is
    converted to UTC. Equity (and option) prices are divided by 10000. A missing file returns
    ``{}``; bad content raises :class:`~keel.data.errors.DataFormatError`; a zip without entries
    returns ``{}`` and is reported through ``on_warning``.
    """
    path = Path(path)
    resolution = Resolution(resolution)
    if is_hour_or_daily(resolution):
        raise ValueError(f"read_intraday_zip needs tick/second/minute resolution, got {resolution.name}")
    entries = _read_entries(path, on_warning)
    if entries is None:
        return {}
    names = bar_columns(tick_type, resolution)
    period = PERIOD_NS[resolution]
    point_in_time = TickType(tick_type) == TickType.OPEN_INTEREST or resolution == Resolution.TICK
    midnight = _midnight_ns(file_date)
    result: dict[str, ColumnarData] = {}
    for entry, raw in entries:
        text = _decode(raw, path, entry)
        if not text:
            result[entry_key(entry)] = ColumnarData.empty(names)
            continue
        if resolution == Resolution.TICK and TickType(tick_type) != TickType.OPEN_INTEREST:
            ms, columns = _parse_ticks(text, tick_type, path, entry)
        else:
            empty_ok = _quote_empty_ok if TickType(tick_type) == TickType.QUOTE else _never_empty
            table = _parse_block(text, len(names) + 1, path, entry, False, empty_ok)
            ms = table[:, 0]
            columns = _numeric_columns(table, names, 1)
        local = midnight + ms.astype(np.int64) * NS_PER_MS
        start = local_naive_ns_to_utc(local, data_tz)
        end = start if point_in_time else local_naive_ns_to_utc(local + period, data_tz)
        _scale(columns, security_type)
        result[entry_key(entry)] = ColumnarData(start, end, columns)
    return result


def _yyyymmdd_to_days(values: np.ndarray) -> np.ndarray:
    ints = values.astype(np.int64)
    years = ints // 10000
    months = (ints // 100) % 100
    days = ints % 100
    month_start = (years - 1970) * 12 + (months - 1)
    day0 = month_start.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    return day0 + days - 1


def read_hour_daily_zip(
    path: str | Path,
    tick_type: TickType,
    resolution: Resolution,
    data_tz: str,
    security_type: SecurityType = SecurityType.FUTURE,
    on_warning: Callable[[str], None] | None = None,
) -> dict[str, ColumnarData]:
    """Read an hour/daily zip (``<root>_<ticktype>.zip``; entries ``<root>_<ticktype>_<YYYYMM>.csv``).

    The first field is ``yyyyMMdd HH:mm`` in ``data_tz``. Daily bars end one calendar day after
    their start (LEAN's raw daily period; see ``keel.data.market_hours.strict_daily_bar_times``
    for the strict re-stamping). A missing file returns ``{}``; a zip without entries returns
    ``{}`` and is reported through ``on_warning``.
    """
    path = Path(path)
    resolution = Resolution(resolution)
    if not is_hour_or_daily(resolution):
        raise ValueError(f"read_hour_daily_zip needs hour/daily resolution, got {resolution.name}")
    entries = _read_entries(path, on_warning)
    if entries is None:
        return {}
    names = bar_columns(tick_type, resolution)
    period = PERIOD_NS[resolution]
    point_in_time = TickType(tick_type) == TickType.OPEN_INTEREST
    empty_ok = _quote_empty_ok if TickType(tick_type) == TickType.QUOTE else _never_empty
    result: dict[str, ColumnarData] = {}
    for entry, raw in entries:
        text = _decode(raw, path, entry)
        if not text:
            result[entry_key(entry)] = ColumnarData.empty(names)
            continue
        table = _parse_block(text, len(names) + 1, path, entry, True, empty_ok)
        days = _yyyymmdd_to_days(table[:, 0])
        minutes = table[:, 1].astype(np.int64)
        if ((minutes < 0) | (minutes >= 1440)).any():
            bad = int(np.argmax((minutes < 0) | (minutes >= 1440))) + 1
            raise DataFormatError(path, "expected a time of day between 00:00 and 23:59", entry, bad)
        local = days * NS_PER_DAY + minutes * 60_000_000_000
        start = local_naive_ns_to_utc(local, data_tz)
        end = start if point_in_time else local_naive_ns_to_utc(local + period, data_tz)
        columns = _numeric_columns(table, names, 2)
        _scale(columns, security_type)
        result[entry_key(entry)] = ColumnarData(start, end, columns)
    return result
