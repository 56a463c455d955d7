"""Tests for map files, factor files, chain universes and margin tables."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest

from keel.data.errors import DataFormatError
from keel.data.futures.factor_files import FactorFile
from keel.data.futures.map_files import MapFile
from keel.data.futures.margins import MarginTable
from keel.data.futures.universe import available_chain_dates, read_chain
from keel.model.enums import DataMappingMode, DataNormalizationMode


def test_map_file_mapping(lean_data_folder: Path) -> None:
    es = MapFile.from_data_folder(lean_data_folder, "cme", "es")
    assert es.root == "ES" and len(es) > 200
    oi = DataMappingMode.OPEN_INTEREST
    assert str(es.mapped_sid(date(2013, 10, 7), oi)) == "ES VMKLFZIH2MTD"
    assert str(es.mapped_sid(date(2013, 12, 17), oi)) == "ES VMKLFZIH2MTD"
    assert str(es.mapped_sid(date(2013, 12, 18), oi)) == "ES VP274HSU1AF5"
    events = es.mapping_events(date(2013, 10, 1), date(2014, 1, 1), oi)
    assert [(e.date, str(e.old_sid), str(e.new_sid)) for e in events] == [
        (date(2013, 12, 18), "ES VMKLFZIH2MTD", "ES VP274HSU1AF5")
    ]
    assert es.mapped_sid(date(2060, 1, 1), oi) is None
    hsi = MapFile.from_data_folder(lean_data_folder, "hkfe", "hsi")  # empty exchange column
    assert len(hsi) > 0


def test_map_file_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "es.csv"
    path.write_text("18991230,es,CME\n2013121x,es vmklfzih2mtd,CME,0\n")
    with pytest.raises(DataFormatError, match="line 2"):
        MapFile.read(path, "cme")
    assert len(MapFile.read(tmp_path / "missing.csv", "cme")) == 0


def test_factor_file_semantics(lean_data_folder: Path) -> None:
    es = FactorFile.from_data_folder(lean_data_folder, "cme", "es")
    oi = DataMappingMode.OPEN_INTEREST
    row = es.row_for(date(2013, 10, 7), oi)
    assert row is not None and row.date.date() >= date(2013, 10, 7)
    scale, offset = es.price_factor(date(2013, 10, 7), DataNormalizationMode.BACKWARDS_RATIO, oi)
    assert offset == 0 and scale == row.backwards_ratio[0]
    assert es.price_factor(date(2013, 10, 7), DataNormalizationMode.BACKWARDS_PANAMA_CANAL, oi, 1) == (
        1.0,
        row.backwards_panama[1],
    )
    assert es.price_factor(date(2013, 10, 7), DataNormalizationMode.RAW, oi) == (1.0, 0.0)
    assert es.price_factor(date(2061, 1, 1), DataNormalizationMode.BACKWARDS_RATIO, oi) == (1.0, 0.0)
    assert es.price_factor(date(2061, 1, 1), DataNormalizationMode.FORWARD_PANAMA_CANAL, oi) == (1.0, 0.0)
    with pytest.raises(ValueError, match="not defined for futures"):
        es.price_factor(date(2013, 10, 7), DataNormalizationMode.ADJUSTED, oi)


def test_factor_file_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "es.csv"
    path.write_text('{"Date":"2013-01-01T00:00:00"}\n')
    with pytest.raises(DataFormatError, match="line 1"):
        FactorFile.read(path)


def test_chain_files(lean_data_folder: Path) -> None:
    rows = read_chain(lean_data_folder, "cme", "es", date(2013, 10, 7))
    assert rows[0].contract_month == "201312"
    assert (rows[0].close, rows[0].volume, rows[0].open_interest) == (1646.5, 2109007, 2723644)
    days = available_chain_dates(lean_data_folder, "cme", "es")
    assert len(days) == 37 and days[0] == date(2013, 7, 10)
    assert read_chain(lean_data_folder, "cme", "es", date(1999, 1, 1)) == []


def test_chain_row_without_open_interest_column(lean_data_folder: Path) -> None:
    """A row lacking the open interest column (HKFE's 2013-10-04 file) reads with no open interest,
    as LEAN's lazily parsed FutureUniverse row does."""
    rows = read_chain(lean_data_folder, "hkfe", "hsi", date(2013, 10, 4))
    assert rows[-1].contract_month == "201403" and rows[-1].volume == 27
    assert math.isnan(rows[-1].open_interest)


def test_margins_forward_only_cursor(lean_data_folder: Path) -> None:
    table = MarginTable.from_data_folder(lean_data_folder, "cme", "ES")
    assert table.warning is None
    cursor = table.cursor()
    first = cursor.row_for(date(2013, 10, 7))
    assert (first.initial_overnight, first.maintenance_overnight) == (4180, 3800)
    assert first.initial_intraday == pytest.approx(4180 * 0.4)
    assert cursor.row_for(date(2013, 10, 15)).initial_overnight == 4510
    assert cursor.row_for(date(2013, 10, 7)).initial_overnight == 4510  # never moves back
    assert table.row_for(date(2013, 10, 7)).initial_overnight == 4180
    assert table.row_for(date(1990, 1, 1)) == table.rows[0]


def test_margins_comments_intraday_and_missing(tmp_path: Path) -> None:
    path = tmp_path / "XX.csv"
    path.write_text("# comment\ndate,initial,maintenance\n20200101,100,80,60,50\n20200201,110,90\n")
    table = MarginTable.from_csv(path)
    assert table.row_for(date(2020, 1, 15)).initial_intraday == 60
    assert table.row_for(date(2020, 2, 15)).maintenance_intraday == pytest.approx(36)
    missing = MarginTable.from_csv(tmp_path / "none.csv")
    assert missing.warning and missing.row_for(date(2020, 1, 1)).initial_overnight == 0
