"""``OpenInterestFutureUniverseSelectionModel``: the contracts with the most open interest."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from AlgorithmImports import *  # noqa: F403
from keel.algorithm.framework.universe import OpenInterestFutureUniverseSelectionModel
from keel.engine.backtest import run_backtest
from keel.securities.testing import es_symbol


class _Errors:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, message: str) -> None:
        self.errors.append(message)


def _model(values: dict[Any, float | None], lookup: int | None, results: int | None) -> Any:
    algorithm = _Errors()
    model = OpenInterestFutureUniverseSelectionModel(algorithm, lambda _utc: [], lookup, results)
    model._open_interest = lambda symbol: values[symbol]  # type: ignore[method-assign]
    return model, algorithm


def test_ranks_by_open_interest_then_expiry_within_the_lookup_limit() -> None:
    dec, mar, jun, sep = (
        es_symbol(date(y, m, d)) for y, m, d in ((2013, 12, 20), (2014, 3, 21), (2014, 6, 20), (2014, 9, 19))
    )
    values = {dec: 50.0, mar: 90.0, jun: 90.0, sep: 1000.0}
    model, _ = _model(values, lookup=3, results=2)
    # sep is beyond the 3 earliest expiries; mar and jun tie, the earlier expiry first
    assert model.filter_by_open_interest([sep, jun, mar, dec]) == [mar, jun]
    model, _ = _model(values, lookup=None, results=None)
    assert model.FilterByOpenInterest([dec, mar, jun, sep]) == [sep, mar, jun, dec]


def test_no_open_interest_selects_nothing_and_logs_an_error() -> None:
    dec = es_symbol()
    model, algorithm = _model({dec: None}, lookup=6, results=1)
    assert model.filter_by_open_interest([dec]) == []
    assert algorithm.errors and "no symbol will be selected" in algorithm.errors[0]


def test_requires_an_algorithm() -> None:
    with pytest.raises(ValueError):
        OpenInterestFutureUniverseSelectionModel(None, lambda _utc: [])


def test_selects_gold_contracts_from_open_interest_ticks(lean_data: Path) -> None:
    class MostOpenInterest(QCAlgorithm):  # noqa: F405
        def initialize(self) -> None:
            self.set_start_date(2013, 10, 8)
            self.set_end_date(2013, 10, 8)
            gold = Symbol.create(Futures.Metals.GOLD, SecurityType.FUTURE, Market.COMEX)  # noqa: F405
            self.set_universe_selection(OpenInterestFutureUniverseSelectionModel(self, lambda _utc: [gold], None, 2))
            self.added: set[str] = set()

        def on_securities_changed(self, changes: Any) -> None:
            self.added |= {str(s.symbol) for s in changes.added_securities if not s.symbol.is_canonical()}

    algo = run_backtest(MostOpenInterest, lean_data).algorithm
    # the sample tick open interest of 2013-10-07: GCZ13 ~225k, GCG14 ~39k, every other month less
    assert algo.added == {"GCZ13", "GCG14"}
