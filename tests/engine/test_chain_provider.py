"""``futures_chain`` as LEAN's ``QCAlgorithm.FuturesChain``: the latest chain file known, in file order."""

from __future__ import annotations

from pathlib import Path

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest

from .fakes import es_chain_state


def _chain_algorithm(year: int, month: int, day: int) -> type:
    class ChainInInitialize(QCAlgorithm):  # noqa: F405
        def initialize(self) -> None:
            self.set_start_date(year, month, day)
            self.set_end_date(year, month, day)
            self.contracts = [str(c.symbol) for c in self.futures_chain("ES")]

    return ChainInInitialize


def test_the_chain_is_the_previous_trading_days_file_in_file_order(lean_data: Path) -> None:
    # 2013-12-18: the file of 12-17 (known since the midnight after it) lists Sep-2014 first
    run = run_backtest(_chain_algorithm(2013, 12, 18), lean_data)
    assert run.algorithm.contracts == ["ESU14", "ESH14", "ESZ13", "ESZ14", "ESM14"]
    assert run.engine.history_data_points == 1


def test_a_missing_file_falls_back_to_an_older_one(lean_data: Path) -> None:
    # 2013-10-15: no file for the previous trading day (10-14); LEAN asks for two daily bars and
    # takes the first, the file of 10-11 (the 2020 contracts of that file are listed as well)
    run = run_backtest(_chain_algorithm(2013, 10, 15), lean_data)
    assert run.algorithm.contracts[:5] == ["ESZ13", "ESH14", "ESM14", "ESU14", "ESZ14"]
    assert len(run.algorithm.contracts) == 10
    assert run.engine.history_data_points == 1


def test_expired_contracts_are_left_out(lean_data: Path) -> None:
    from datetime import date

    state = es_chain_state(lean_data)
    # the file of 12-17 lists the Dec-2013 contract, which expires on 12-20
    assert "ESZ13" in {str(c.symbol) for c in state.chain_from_file(date(2013, 12, 17), date(2013, 12, 20))}
    assert "ESZ13" not in {str(c.symbol) for c in state.chain_from_file(date(2013, 12, 17), date(2013, 12, 21))}
