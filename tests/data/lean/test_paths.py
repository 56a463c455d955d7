"""Tests for keel.data.lean.paths."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from keel.data.lean.paths import available_dates, hour_daily_zip_path, intraday_zip_path
from keel.model.enums import Resolution, SecurityType, TickType


def test_paths_follow_lean_layout() -> None:
    root = Path("/d")
    assert intraday_zip_path(
        root, SecurityType.FUTURE, "CME", Resolution.MINUTE, "ES", date(2013, 10, 7), TickType.OPEN_INTEREST
    ) == Path("/d/future/cme/minute/es/20131007_openinterest.zip")
    assert hour_daily_zip_path(
        root, SecurityType.FUTURE, "cme", Resolution.DAILY, "ES", TickType.QUOTE
    ) == Path("/d/future/cme/daily/es_quote.zip")
    assert hour_daily_zip_path(
        root, SecurityType.EQUITY, "usa", Resolution.HOUR, "SPY", TickType.TRADE
    ) == Path("/d/equity/usa/hour/spy.zip")


def test_available_dates_lists_sparse_sample(lean_data_folder: Path) -> None:
    trade = available_dates(
        lean_data_folder, SecurityType.FUTURE, "cme", Resolution.MINUTE, "ES", TickType.TRADE
    )
    assert len(trade) == 16 and trade[0] == date(2013, 10, 6) and trade[-1] == date(2020, 1, 6)
    oi = available_dates(
        lean_data_folder, SecurityType.FUTURE, "cme", Resolution.MINUTE, "ES", TickType.OPEN_INTEREST
    )
    assert len(oi) == 12
    assert (
        available_dates(lean_data_folder, SecurityType.FUTURE, "cme", Resolution.MINUTE, "ZZ", TickType.TRADE)
        == []
    )
