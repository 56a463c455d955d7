"""Keel's Parquet futures layout: writer, reader, validation errors, the data source and the converter."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from keel.data.errors import DataFormatError
from keel.data.lean.reader import QUOTE_COLUMNS, ColumnarData
from keel.data.parquet import (
    parquet_contract_keys,
    parquet_contract_path,
    read_parquet_contract,
    read_parquet_file,
    write_parquet_contract,
)
from keel.engine.clock import utc_datetime_to_ns
from keel.engine.data_source import LeanDataSource
from keel.engine.parquet_source import ParquetDataSource
from keel.engine.universe import contract_symbol
from keel.model.enums import Resolution, SecurityType, TickType
from keel.model.symbol import Symbol

MINUTE = 60_000_000_000
T0 = utc_datetime_to_ns(datetime(2021, 3, 1, 0, 0))


def _trade_columns(n: int, start: int = T0, step: int = MINUTE) -> dict[str, np.ndarray]:
    close = 4000.0 + np.arange(n) * 0.25
    return {
        "time": start + np.arange(n, dtype=np.int64) * step,
        "open": close - 0.25,
        "high": close + 0.5,
        "low": close - 0.5,
        "close": close,
        "volume": np.arange(n, dtype=np.int64) + 1,
    }


def _write_raw(path: Path, columns: dict[str, pa.Array]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(columns), path)
    return path


def test_layout_path(tmp_path: Path) -> None:
    path = parquet_contract_path(tmp_path, "CME", Resolution.MINUTE, "ES", date(2021, 12, 1), TickType.TRADE)
    assert path == tmp_path / "future" / "cme" / "minute" / "es" / "202112_trade.parquet"
    oi = parquet_contract_path(tmp_path, "cme", Resolution.DAILY, "ES", "202103", TickType.OPEN_INTEREST)
    assert oi.name == "202103_openinterest.parquet" and oi.parent.parent.name == "daily"


def test_trade_round_trip(tmp_path: Path) -> None:
    cols = _trade_columns(50)
    path = write_parquet_contract(tmp_path, "cme", Resolution.MINUTE, "ES", "202103", TickType.TRADE, cols)
    assert path.is_file()
    data = read_parquet_contract(tmp_path, "cme", Resolution.MINUTE, "ES", "202103", TickType.TRADE)
    assert isinstance(data, ColumnarData) and len(data) == 50
    np.testing.assert_array_equal(data.start_utc_ns, cols["time"])
    np.testing.assert_array_equal(data.end_utc_ns, cols["time"] + MINUTE)
    assert tuple(data.columns) == ("open", "high", "low", "close", "volume")
    for name in data.columns:
        assert data.columns[name].dtype == np.float64
        np.testing.assert_array_equal(data.columns[name], cols[name].astype(float))
    assert pq.read_schema(path).field("time").type == pa.timestamp("ns", tz="UTC")


def test_quote_nulls_become_nan_and_open_interest_is_point_in_time(tmp_path: Path) -> None:
    n = 4
    times = T0 + np.arange(n, dtype=np.int64) * MINUTE
    quote = {"time": pa.array(times, type=pa.int64())}
    for name in QUOTE_COLUMNS:
        quote[name] = pa.array([1.0, None, 3.0, 4.0], type=pa.float64())
    path = parquet_contract_path(tmp_path, "cme", Resolution.MINUTE, "ES", "202103", TickType.QUOTE)
    _write_raw(path, quote)
    data = read_parquet_file(path, TickType.QUOTE, Resolution.MINUTE)
    assert np.isnan(data.columns["bid_close"][1]) and data.columns["ask_size"][3] == 4.0

    oi = {"time": times, "open_interest": np.array([10, 20, 30, 40])}
    write_parquet_contract(tmp_path, "cme", Resolution.MINUTE, "ES", "202103", TickType.OPEN_INTEREST, oi)
    data = read_parquet_contract(tmp_path, "cme", Resolution.MINUTE, "ES", "202103", TickType.OPEN_INTEREST)
    np.testing.assert_array_equal(data.end_utc_ns, data.start_utc_ns)


def test_timestamp_in_microseconds_is_converted(tmp_path: Path) -> None:
    times = (T0 + np.arange(3, dtype=np.int64) * MINUTE) // 1000
    cols = {"time": pa.array(times, type=pa.timestamp("us", tz="UTC"))}
    for name, values in _trade_columns(3).items():
        if name != "time":
            cols[name] = pa.array(values)
    path = _write_raw(tmp_path / "x.parquet", cols)
    data = read_parquet_file(path, TickType.TRADE, Resolution.MINUTE)
    np.testing.assert_array_equal(data.start_utc_ns, times * 1000)


def test_missing_column_names_file_and_column(tmp_path: Path) -> None:
    cols = {k: pa.array(v) for k, v in _trade_columns(3).items() if k != "volume"}
    path = _write_raw(tmp_path / "bad.parquet", cols)
    with pytest.raises(DataFormatError, match=r"bad\.parquet.*missing column\(s\) \['volume'\]"):
        read_parquet_file(path, TickType.TRADE, Resolution.MINUTE)


def test_missing_time_column(tmp_path: Path) -> None:
    cols = {k: pa.array(v) for k, v in _trade_columns(3).items() if k != "time"}
    path = _write_raw(tmp_path / "notime.parquet", cols)
    with pytest.raises(DataFormatError, match="missing column 'time'"):
        read_parquet_file(path, TickType.TRADE, Resolution.MINUTE)


def test_wrong_types_are_rejected(tmp_path: Path) -> None:
    cols = {k: pa.array(v) for k, v in _trade_columns(3).items()}
    cols["close"] = pa.array(["a", "b", "c"])
    path = _write_raw(tmp_path / "str.parquet", cols)
    with pytest.raises(DataFormatError, match=r"column 'close' has type string; expected a number"):
        read_parquet_file(path, TickType.TRADE, Resolution.MINUTE)

    cols = {k: pa.array(v) for k, v in _trade_columns(3).items()}
    cols["time"] = pa.array(np.arange(3, dtype=np.int64) * MINUTE, type=pa.timestamp("ns"))
    path = _write_raw(tmp_path / "naive.parquet", cols)
    with pytest.raises(DataFormatError, match="time-zone-naive"):
        read_parquet_file(path, TickType.TRADE, Resolution.MINUTE)

    cols["time"] = pa.array([1.0, 2.0, 3.0])
    path = _write_raw(tmp_path / "float.parquet", cols)
    with pytest.raises(DataFormatError, match="column 'time' has type double"):
        read_parquet_file(path, TickType.TRADE, Resolution.MINUTE)


def test_nulls_in_trade_columns_and_unsorted_times_are_rejected(tmp_path: Path) -> None:
    cols = {k: pa.array(v) for k, v in _trade_columns(3).items()}
    cols["close"] = pa.array([1.0, None, 2.0])
    path = _write_raw(tmp_path / "null.parquet", cols)
    with pytest.raises(DataFormatError, match="column 'close' has 1 null"):
        read_parquet_file(path, TickType.TRADE, Resolution.MINUTE)

    cols = {k: pa.array(v) for k, v in _trade_columns(3).items()}
    cols["time"] = pa.array(np.array([T0, T0 + 2 * MINUTE, T0 + MINUTE]))
    path = _write_raw(tmp_path / "unsorted.parquet", cols)
    with pytest.raises(DataFormatError, match="strictly increasing; row 2"):
        read_parquet_file(path, TickType.TRADE, Resolution.MINUTE)

    bad = _trade_columns(3)
    bad["time"] = bad["time"][::-1].copy()
    with pytest.raises(DataFormatError, match="strictly increasing"):
        write_parquet_contract(tmp_path, "cme", Resolution.MINUTE, "ES", "202103", TickType.TRADE, bad)


def test_writer_rejects_missing_columns_and_not_a_parquet_file(tmp_path: Path) -> None:
    cols = _trade_columns(3)
    del cols["low"]
    with pytest.raises(ValueError, match=r"missing column\(s\) \['low'\]"):
        write_parquet_contract(tmp_path, "cme", Resolution.MINUTE, "ES", "202103", TickType.TRADE, cols)
    junk = tmp_path / "junk.parquet"
    junk.write_text("not parquet")
    with pytest.raises(DataFormatError, match="not a readable Parquet file"):
        read_parquet_file(junk, TickType.TRADE, Resolution.MINUTE)
    with pytest.raises(FileNotFoundError):
        read_parquet_file(tmp_path / "absent.parquet", TickType.TRADE, Resolution.MINUTE)


# ---------------------------------------------------------------------------------------------
# data source


def _es(month: str) -> Symbol:
    return contract_symbol("ES", "cme", date(int(month[:4]), int(month[4:]), 1))


def test_source_reads_windows_by_end_time_without_copying(tmp_path: Path) -> None:
    cols = _trade_columns(100)
    write_parquet_contract(tmp_path, "cme", Resolution.MINUTE, "ES", "202103", TickType.TRADE, cols)
    source = ParquetDataSource(tmp_path)
    sym = _es("202103")
    ends = cols["time"] + MINUTE
    window = source.read(sym, Resolution.MINUTE, TickType.TRADE, "UTC", int(ends[9]), int(ends[19]))
    np.testing.assert_array_equal(window.end_utc_ns, ends[10:20])  # (start, end]
    np.testing.assert_array_equal(window.columns["close"], cols["close"][10:20])
    cached = source.load(
        parquet_contract_path(tmp_path, "cme", Resolution.MINUTE, "ES", "202103", TickType.TRADE),
        TickType.TRADE,
        Resolution.MINUTE,
    )
    assert cached is not None and np.shares_memory(window.columns["close"], cached.columns["close"])
    source.read(sym, Resolution.MINUTE, TickType.TRADE, "UTC", int(ends[30]), int(ends[40]))
    assert source.files_read == 1
    empty = source.read(sym, Resolution.MINUTE, TickType.QUOTE, "UTC", int(ends[0]), int(ends[-1]))
    assert len(empty) == 0 and "bid_close" in empty.columns
    other = source.read(_es("202106"), Resolution.MINUTE, TickType.TRADE, "UTC", 0, int(ends[-1]))
    assert len(other) == 0


def test_source_contract_keys_on_day(tmp_path: Path) -> None:
    day1 = utc_datetime_to_ns(datetime(2021, 3, 1))
    day2 = utc_datetime_to_ns(datetime(2021, 3, 2))
    write_parquet_contract(
        tmp_path, "cme", Resolution.MINUTE, "ES", "202103", TickType.TRADE, _trade_columns(10, day1)
    )
    write_parquet_contract(
        tmp_path, "cme", Resolution.MINUTE, "ES", "202106", TickType.TRADE, _trade_columns(10, day2 + MINUTE)
    )
    canonical = Symbol.create("ES", SecurityType.FUTURE, "cme")
    source = ParquetDataSource(tmp_path)
    assert parquet_contract_keys(tmp_path, "cme", Resolution.MINUTE, "ES", TickType.TRADE) == [
        "202103",
        "202106",
    ]
    keys = source.contract_keys_on
    assert keys(canonical, Resolution.MINUTE, TickType.TRADE, date(2021, 3, 1), "UTC") == ["202103"]
    assert keys(canonical, Resolution.MINUTE, TickType.TRADE, date(2021, 3, 2), "UTC") == ["202106"]
    assert keys(canonical, Resolution.MINUTE, TickType.TRADE, date(2021, 3, 3), "UTC") == []
    # in New York, 2021-03-01 00:00 UTC is still 2021-02-28
    assert keys(canonical, Resolution.MINUTE, TickType.TRADE, date(2021, 2, 28), "America/New_York") == [
        "202103"
    ]
    assert keys(canonical, Resolution.MINUTE, TickType.QUOTE, date(2021, 3, 1), "UTC") == []


def test_source_rejects_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist"):
        ParquetDataSource(tmp_path / "nope")


@pytest.mark.lean
def test_converted_lean_data_reads_like_lean(lean_data_folder: Path, tmp_path: Path) -> None:
    from keel.data.parquet_convert import lean_to_parquet

    report = lean_to_parquet(
        lean_data_folder,
        tmp_path,
        "ES",
        "cme",
        resolutions=(Resolution.MINUTE, Resolution.DAILY),
        tick_types=(TickType.TRADE, TickType.QUOTE),
    )
    assert report.rows > 0 and report.source_files > 0
    from keel.data.market_hours.database import MarketHoursDatabase

    data_tz = MarketHoursDatabase.from_data_folder(lean_data_folder).get_entry(
        "cme", "ES", SecurityType.FUTURE
    )
    tz = data_tz.data_time_zone
    lean = LeanDataSource(lean_data_folder)
    parquet = ParquetDataSource(tmp_path)
    start = utc_datetime_to_ns(datetime(2013, 10, 7, 0, 0))
    end = utc_datetime_to_ns(datetime(2013, 10, 8, 0, 0))
    compared = 0
    for key in ("201312", "201403"):
        for tick_type in (TickType.TRADE, TickType.QUOTE):
            expected = lean.read(_es(key), Resolution.MINUTE, tick_type, tz, start, end)
            got = parquet.read(_es(key), Resolution.MINUTE, tick_type, tz, start, end)
            np.testing.assert_array_equal(got.start_utc_ns, expected.start_utc_ns)
            np.testing.assert_array_equal(got.end_utc_ns, expected.end_utc_ns)
            for name in expected.columns:
                np.testing.assert_array_equal(got.columns[name], expected.columns[name])
            compared += len(expected)
    assert compared > 0
