"""Equity corporate-action factor files (LEAN's ``CorporateFactorProvider.GetPriceFactor``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from keel.data.errors import DataFormatError
from keel.data.lean.factor_files import CorporateFactorFile
from keel.model.enums import DataNormalizationMode as Mode


def _file(tmp_path: Path) -> CorporateFactorFile:
    path = tmp_path / "abc.csv"
    path.write_text("19980102,0.8,0.5,0\n20130919,0.86,0.5,172.81\n20131219,0.9,1,181.5\n20501231,1,1,0\n")
    return CorporateFactorFile.read(path)


def test_factor_of_the_first_row_on_or_after_the_date(tmp_path: Path) -> None:
    factors = _file(tmp_path)
    assert factors.price_factor(date(2013, 10, 7), Mode.ADJUSTED) == pytest.approx(0.9)
    assert factors.price_factor(date(2013, 9, 19), Mode.ADJUSTED) == pytest.approx(0.86 * 0.5)
    assert factors.price_factor(date(1990, 1, 1), Mode.ADJUSTED) == pytest.approx(0.4)
    assert factors.price_factor(date(2060, 1, 1), Mode.ADJUSTED) == 1.0


def test_modes(tmp_path: Path) -> None:
    factors = _file(tmp_path)
    day = date(2013, 6, 3)
    assert factors.price_factor(day, Mode.RAW) == 1.0
    assert factors.price_factor(day, Mode.SCALED_RAW) == pytest.approx(0.43)
    assert factors.price_factor(day, Mode.SPLIT_ADJUSTED) == pytest.approx(0.5)
    assert factors.price_factor(day, Mode.TOTAL_RETURN) == pytest.approx(0.5)


def test_missing_file_is_neutral_and_bad_line_names_the_line(tmp_path: Path) -> None:
    assert CorporateFactorFile.read(tmp_path / "none.csv").price_factor(date(2013, 1, 1), Mode.ADJUSTED) == 1.0
    bad = tmp_path / "bad.csv"
    bad.write_text("19980102,0.8,1\nnot-a-date,1,1\n")
    with pytest.raises(DataFormatError, match="line 2"):
        CorporateFactorFile.read(bad)


def test_spy_sample_factor(lean_data: Path) -> None:
    spy = CorporateFactorFile.from_data_folder(lean_data, "usa", "SPY")
    assert spy.price_factor(date(2013, 10, 7), Mode.ADJUSTED) == pytest.approx(0.8646266)
