"""Equity rows scaled by their day's split/dividend factor (LEAN's ``BaseData.Normalize``)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from AlgorithmImports import *  # noqa: F403
from keel.data.lean.factor_files import CorporateFactorFile, CorporateFactorRow
from keel.engine.backtest import run_backtest
from keel.engine.equity_normalization import normalize_rows
from keel.model.enums import DataNormalizationMode as Mode
from keel.model.enums import Resolution as Res
from keel.model.enums import TickType as TT

FACTORS = CorporateFactorFile(
    "ABC", [CorporateFactorRow(date(2013, 10, 8), 0.5, 1.0), CorporateFactorRow(date(2050, 1, 1), 1.0, 1.0)]
)


def test_prices_times_factor_volume_divided_per_start_date() -> None:
    rows = [(10.0, 11.0, 9.0, 10.5, 101.0), (10.0, 11.0, 9.0, 10.5, 100.0)]
    starts = [datetime(2013, 10, 8, 15, 59), datetime(2013, 10, 9, 9, 30)]
    out = normalize_rows(rows, starts, TT.TRADE, Res.MINUTE, FACTORS, Mode.ADJUSTED)
    assert out[0] == (5.0, 5.5, 4.5, 5.25, 202.0)
    assert out[1] == rows[1]  # the next day has factor 1
    assert normalize_rows(rows, starts, TT.TRADE, Res.MINUTE, FACTORS, Mode.RAW) == rows


def test_quote_rows_keep_empty_sides() -> None:
    nan = float("nan")
    row = (10.0, 10.0, 10.0, 10.0, 3.0, nan, nan, nan, nan, nan)
    (out,) = normalize_rows([row], [datetime(2013, 10, 7)], TT.QUOTE, Res.MINUTE, FACTORS, Mode.ADJUSTED)
    assert out[:5] == (5.0, 5.0, 5.0, 5.0, 6.0)
    assert all(v != v for v in out[5:])


class _Spy(QCAlgorithm):  # noqa: F405
    mode: Any = None

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        kwargs = {} if self.mode is None else {"data_normalization_mode": self.mode}
        self.spy = self.add_equity("SPY", Resolution.MINUTE, **kwargs).symbol  # noqa: F405
        self.first: Any = None

    def on_data(self, slice: Any) -> None:
        if self.first is None:
            self.first = slice.bars[self.spy]


def test_spy_is_adjusted_by_default_and_raw_on_request(lean_data: Path) -> None:
    adjusted = run_backtest(_Spy, lean_data).algorithm.first
    raw_class = type("RawSpy", (_Spy,), {"mode": DataNormalizationMode.RAW})  # noqa: F405
    raw = run_backtest(raw_class, lean_data).algorithm.first
    assert raw.close == pytest.approx(167.44)
    assert adjusted.close == pytest.approx(167.44 * 0.8646266)
    assert adjusted.volume == round(raw.volume / 0.8646266)
