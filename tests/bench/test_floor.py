"""The no-engine floor loops (``bench/backtest/floor.py``) run the benchmark's own strategies.

A floor that traded differently would measure another strategy, so both loops are checked
against the numpy reference on a slice of the benchmark series. No timing assertions.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

BENCH_DIR = Path(__file__).resolve().parents[2] / "bench" / "backtest"
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

import floor  # noqa: E402
import reference  # noqa: E402

from keel.engine.universe import contract_symbol  # noqa: E402

N_BARS = 2_000


@pytest.fixture(scope="module")
def inputs() -> tuple[list[float], list, object]:
    closes, ends = floor.bar_inputs(N_BARS)
    return closes, ends, contract_symbol("ES", "cme", date(2021, 12, 1))


def test_cross_floor_sends_the_reference_orders(inputs: tuple) -> None:
    closes, ends, symbol = inputs
    expected = reference.reference("cross", closes)
    assert expected["orders"] > 10
    assert floor.cross_loop(closes, ends, symbol) == expected["orders"]


def test_heavy_floor_books_the_reference_pnl(inputs: tuple) -> None:
    closes, ends, symbol = inputs
    account = floor.heavy_loop(closes, ends, symbol)
    expected = reference.reference("heavy", closes)
    assert len(account.orders) == expected["orders"] == N_BARS
    assert account.quantity == expected["final_pos"] == 0.0
    assert account.realized / floor.MULTIPLIER == pytest.approx(expected["pnl_pts"], abs=1e-6)
    assert account.cash == pytest.approx(10_000_000.0 - floor.FEE_PER_CONTRACT * N_BARS)
