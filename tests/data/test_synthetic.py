"""Tests for keel.data.synthetic: LEAN-format datasets read back; benchmark bars match the peers'."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import numpy as np

from keel.data.futures.map_files import MapFile
from keel.data.futures.margins import MarginTable
from keel.data.futures.universe import read_chain
from keel.data.lean.paths import available_dates, hour_daily_zip_path, intraday_zip_path
from keel.data.lean.reader import read_hour_daily_zip, read_intraday_zip
from keel.data.market_hours import MarketHoursDatabase
from keel.data.symbol_properties import SymbolPropertiesDatabase
from keel.data.synthetic import benchmark_bars_csv, generate_benchmark_bars, generate_lean_futures_dataset
from keel.model.enums import DataMappingMode, Resolution, SecurityType, TickType


def test_dataset_round_trips_through_readers(tmp_path: Path) -> None:
    out = generate_lean_futures_dataset(tmp_path / "a", roots=("ES", "NQ"), start=date(2024, 1, 2), days=3)
    days = available_dates(out, SecurityType.FUTURE, "cme", Resolution.MINUTE, "ES", TickType.TRADE)
    assert days == [date(2024, 1, 2), date(2024, 1, 3), date(2024, 1, 4)]
    trade = read_intraday_zip(
        intraday_zip_path(out, SecurityType.FUTURE, "cme", Resolution.MINUTE, "ES", days[0], TickType.TRADE),
        TickType.TRADE,
        Resolution.MINUTE,
        days[0],
        "UTC",
    )
    assert set(trade) == {"202403", "202406"}
    front = trade["202403"]
    assert len(front) > 1000 and np.all(front.columns["high"] >= front.columns["low"])
    quote = read_intraday_zip(
        intraday_zip_path(out, SecurityType.FUTURE, "cme", Resolution.MINUTE, "ES", days[0], TickType.QUOTE),
        TickType.QUOTE,
        Resolution.MINUTE,
        days[0],
        "UTC",
    )["202403"]
    assert np.all(quote.columns["ask_close"] > quote.columns["bid_close"])
    daily = read_hour_daily_zip(
        hour_daily_zip_path(out, SecurityType.FUTURE, "cme", Resolution.DAILY, "ES", TickType.TRADE),
        TickType.TRADE,
        Resolution.DAILY,
        "UTC",
    )
    assert len(daily["202403"]) == 3
    assert (
        MarketHoursDatabase.from_data_folder(out).get_entry("cme", "NQ", SecurityType.FUTURE).data_time_zone
        == "UTC"
    )
    assert (
        SymbolPropertiesDatabase.from_data_folder(out)
        .get("cme", "ES", SecurityType.FUTURE)
        .contract_multiplier
        == 50
    )
    assert str(
        MapFile.from_data_folder(out, "cme", "es").mapped_sid(days[0], DataMappingMode.OPEN_INTEREST)
    ).startswith("ES ")
    assert MarginTable.from_data_folder(out, "cme", "ES").row_for(days[0]).initial_overnight > 0
    assert read_chain(out, "cme", "es", days[1])[0].contract_month == "202403"


def test_dataset_is_deterministic(tmp_path: Path) -> None:
    a = generate_lean_futures_dataset(tmp_path / "a", roots=("ES",), days=2, seed=7)
    b = generate_lean_futures_dataset(tmp_path / "b", roots=("ES",), days=2, seed=7)
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files_a == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for rel in files_a:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


def test_benchmark_bars_match_peer_checksum() -> None:
    bars = generate_benchmark_bars(100_000)
    assert hashlib.sha256(benchmark_bars_csv(bars).encode()).hexdigest()[:16] == "5f666f524ae3ef43"
    assert bars["close"].dtype == np.float64 and bars["volume"].dtype == np.int64
    assert np.all(bars["high"] >= np.maximum(bars["open"], bars["close"]))
