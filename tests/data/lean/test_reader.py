"""Tests for keel.data.lean.reader against LEAN's sample data and synthetic bad input."""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest

from keel.data.errors import DataFormatError
from keel.data.lean.paths import hour_daily_zip_path, intraday_zip_path
from keel.data.lean.reader import entry_key, local_naive_ns_to_utc, read_hour_daily_zip, read_intraday_zip
from keel.model.enums import Resolution, SecurityType, TickType


def _ns(*args: int) -> int:
    return int(datetime(*args, tzinfo=UTC).timestamp()) * 1_000_000_000


def _es_minute(folder: Path, day: date, tick_type: TickType) -> Path:
    return intraday_zip_path(folder, SecurityType.FUTURE, "cme", Resolution.MINUTE, "ES", day, tick_type)


def test_es_minute_trade_first_bar(lean_data_folder: Path) -> None:
    data = read_intraday_zip(
        _es_minute(lean_data_folder, date(2013, 10, 7), TickType.TRADE),
        TickType.TRADE,
        Resolution.MINUTE,
        date(2013, 10, 7),
        "UTC",
    )
    assert set(data) == {"201312", "201403", "201406"}
    dec = data["201312"]
    assert dec.start_utc_ns[0] == _ns(2013, 10, 7)
    assert dec.end_utc_ns[0] == _ns(2013, 10, 7, 0, 1)
    assert [dec.columns[c][0] for c in ("open", "high", "low", "close", "volume")] == [1676.5] * 4 + [9.0]
    assert dec.columns["close"][1] == 1676.75
    assert all(v.dtype == np.float64 for v in dec.columns.values())
    assert np.all(np.diff(dec.start_utc_ns) > 0)


def test_es_minute_quote_empty_side_is_nan(lean_data_folder: Path) -> None:
    data = read_intraday_zip(
        _es_minute(lean_data_folder, date(2013, 10, 7), TickType.QUOTE),
        TickType.QUOTE,
        Resolution.MINUTE,
        date(2013, 10, 7),
        "UTC",
    )
    dec = data["201312"]
    assert len(dec) == 1410
    assert dec.columns["bid_close"][0] == 1676.5 and dec.columns["ask_close"][0] == 1676.75
    assert dec.columns["bid_size"][0] == 86 and dec.columns["ask_size"][0] == 97
    empty_bid = np.isnan(dec.columns["bid_open"])
    assert empty_bid.any()
    row = int(np.argmax(empty_bid))
    assert np.isnan(dec.columns["bid_close"][row]) and not np.isnan(dec.columns["ask_close"][row])


def test_open_interest_is_point_in_time(lean_data_folder: Path) -> None:
    data = read_intraday_zip(
        _es_minute(lean_data_folder, date(2013, 10, 7), TickType.OPEN_INTEREST),
        TickType.OPEN_INTEREST,
        Resolution.MINUTE,
        date(2013, 10, 7),
        "UTC",
    )
    dec = data["201312"]
    assert dec.start_utc_ns[0] == _ns(2013, 10, 7, 6, 6)
    assert np.array_equal(dec.start_utc_ns, dec.end_utc_ns)
    assert dec.columns["open_interest"][0] == 2691941


def test_es_hour_and_daily(lean_data_folder: Path) -> None:
    hour = read_hour_daily_zip(
        hour_daily_zip_path(
            lean_data_folder, SecurityType.FUTURE, "cme", Resolution.HOUR, "ES", TickType.TRADE
        ),
        TickType.TRADE,
        Resolution.HOUR,
        "UTC",
    )["201312"]
    assert hour.start_utc_ns[0] == _ns(2013, 10, 6, 22)
    assert hour.end_utc_ns[0] == _ns(2013, 10, 6, 23)
    assert hour.columns["close"][0] == 1676.25 and hour.columns["volume"][0] == 8725
    daily = read_hour_daily_zip(
        hour_daily_zip_path(
            lean_data_folder, SecurityType.FUTURE, "cme", Resolution.DAILY, "ES", TickType.TRADE
        ),
        TickType.TRADE,
        Resolution.DAILY,
        "UTC",
    )["201312"]
    assert daily.start_utc_ns[0] == _ns(2013, 10, 6)
    assert daily.end_utc_ns[0] == _ns(2013, 10, 7)
    assert daily.columns["volume"][0] == 21573 and daily.columns["close"][0] == 1676.5


def test_gc_tick_trades_have_text_columns(lean_data_folder: Path) -> None:
    path = intraday_zip_path(
        lean_data_folder,
        SecurityType.FUTURE,
        "comex",
        Resolution.TICK,
        "GC",
        date(2013, 10, 7),
        TickType.TRADE,
    )
    dec = read_intraday_zip(path, TickType.TRADE, Resolution.TICK, date(2013, 10, 7), "UTC")["201312"]
    assert len(dec) > 30000
    assert dec.columns["exchange"][0] == "usa" and dec.columns["suspicious"].dtype == bool
    assert np.array_equal(dec.start_utc_ns, dec.end_utc_ns)


def test_spy_equity_minute_is_descaled_and_converted_from_new_york(lean_data_folder: Path) -> None:
    path = intraday_zip_path(
        lean_data_folder,
        SecurityType.EQUITY,
        "usa",
        Resolution.MINUTE,
        "SPY",
        date(2013, 10, 7),
        TickType.TRADE,
    )
    spy = read_intraday_zip(
        path, TickType.TRADE, Resolution.MINUTE, date(2013, 10, 7), "America/New_York", SecurityType.EQUITY
    )["spy"]
    assert spy.start_utc_ns[0] == _ns(2013, 10, 7, 8)  # 04:00 EDT
    assert spy.columns["open"][0] == pytest.approx(167.41)
    daily = read_hour_daily_zip(
        hour_daily_zip_path(
            lean_data_folder, SecurityType.EQUITY, "usa", Resolution.DAILY, "SPY", TickType.TRADE
        ),
        TickType.TRADE,
        Resolution.DAILY,
        "America/New_York",
        SecurityType.EQUITY,
    )["spy"]
    assert daily.start_utc_ns[0] == _ns(1998, 1, 2, 5)  # midnight EST
    assert daily.columns["close"][0] == pytest.approx(97.36)


def test_missing_file_is_empty(tmp_path: Path) -> None:
    assert (
        read_intraday_zip(tmp_path / "none.zip", TickType.TRADE, Resolution.MINUTE, date(2020, 1, 1), "UTC")
        == {}
    )
    assert read_hour_daily_zip(tmp_path / "none.zip", TickType.TRADE, Resolution.DAILY, "UTC") == {}


def _zip(path: Path, name: str, text: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(name, text)
    return path


def test_wrong_field_count_names_file_entry_and_line(tmp_path: Path) -> None:
    path = _zip(
        tmp_path / "20200102_trade.zip", "20200102_es_minute_trade_202003.csv", "0,1,1,1,1,5\n60000,1,1,1,1\n"
    )
    with pytest.raises(DataFormatError) as info:
        read_intraday_zip(path, TickType.TRADE, Resolution.MINUTE, date(2020, 1, 2), "UTC")
    message = str(info.value)
    assert "20200102_trade.zip#20200102_es_minute_trade_202003.csv" in message
    assert "line 2" in message and "expected 6" in message
    assert isinstance(info.value, ValueError)


def test_unparsable_number(tmp_path: Path) -> None:
    path = _zip(
        tmp_path / "es_trade.zip",
        "es_trade_202003.csv",
        "20200102 00:00,1,2,0.5,1,10\n20200103 00:00,1,2,abc,1,10\n",
    )
    with pytest.raises(DataFormatError, match=r"line 2.*'abc'"):
        read_hour_daily_zip(path, TickType.TRADE, Resolution.DAILY, "UTC")


def test_empty_trade_field_is_an_error(tmp_path: Path) -> None:
    path = _zip(tmp_path / "d_trade.zip", "20200102_es_minute_trade_202003.csv", "0,1,,1,1,5\n")
    with pytest.raises(DataFormatError, match="line 1"):
        read_intraday_zip(path, TickType.TRADE, Resolution.MINUTE, date(2020, 1, 2), "UTC")


def test_corrupt_zip(tmp_path: Path) -> None:
    path = tmp_path / "20200102_trade.zip"
    path.write_bytes(b"PK\x03\x04 definitely not a zip")
    with pytest.raises(DataFormatError, match="zip"):
        read_intraday_zip(path, TickType.TRADE, Resolution.MINUTE, date(2020, 1, 2), "UTC")


def test_entry_keys() -> None:
    assert entry_key("20131007_es_minute_trade_201312.csv") == "201312"
    assert entry_key("es_openinterest_201312.csv") == "201312"
    assert entry_key("20131007_spy_minute_trade.csv") == "spy"
    assert entry_key("spy.csv") == "spy"


def test_local_to_utc_is_lenient_like_nodatime() -> None:
    local = np.array(
        [
            _ns(2013, 11, 3, 0, 30),  # EDT
            _ns(2013, 11, 3, 1, 30),  # ambiguous -> earlier (EDT)
            _ns(2013, 11, 3, 3, 0),  # EST
            _ns(2013, 3, 10, 2, 30),  # skipped -> shifted forward by the gap
            _ns(2013, 7, 1, 12, 0),
        ],
        dtype=np.int64,
    )
    utc = local_naive_ns_to_utc(local, "America/New_York")
    hour = 3_600_000_000_000
    assert (utc - local).tolist() == [4 * hour, 4 * hour, 5 * hour, 5 * hour, 4 * hour]
    assert np.array_equal(local_naive_ns_to_utc(local, "UTC"), local)


def test_zip_without_entries_is_empty_with_a_warning_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "20200102_trade.zip"
    zipfile.ZipFile(path, "w").close()  # a valid archive that holds nothing
    warnings: list[str] = []
    day = date(2020, 1, 2)
    assert read_intraday_zip(path, TickType.TRADE, Resolution.MINUTE, day, "UTC", on_warning=warnings.append) == {}
    assert read_hour_daily_zip(path, TickType.TRADE, Resolution.DAILY, "UTC", on_warning=warnings.append) == {}
    assert len(warnings) == 2 and all(str(path) in w and "without entries" in w for w in warnings)
    missing: list[str] = []  # an absent file stays silent (LEAN skips missing dates)
    absent = tmp_path / "none.zip"
    assert read_intraday_zip(absent, TickType.TRADE, Resolution.MINUTE, day, "UTC", on_warning=missing.append) == {}
    assert missing == []


def test_zero_byte_zip_is_a_data_error_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "20200102_trade.zip"
    path.write_bytes(b"")
    with pytest.raises(DataFormatError, match=r"20200102_trade\.zip: expected a readable zip archive"):
        read_intraday_zip(path, TickType.TRADE, Resolution.MINUTE, date(2020, 1, 2), "UTC")
