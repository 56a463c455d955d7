"""The benchmark strategies (``bench/backtest/strategies.py``) through the real engine vs. a numpy reference.

A 2,000-bar slice of the benchmark series is written as a Parquet dataset with an always-open
exchange; both algorithms must reproduce the orders, fills and point P&L computed here with
plain numpy (exact rolling sums, fills at the signal bar's close). No timing assertions.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from keel.data.synthetic import generate_benchmark_bars

BENCH_DIR = Path(__file__).resolve().parents[2] / "bench" / "backtest"
N_BARS = 2_000


def _bench_module(name: str) -> ModuleType:
    if str(BENCH_DIR) not in sys.path:
        sys.path.insert(0, str(BENCH_DIR))
    return importlib.import_module(name)


def _expected(variant: str, close: np.ndarray) -> dict[str, Any]:
    """Reference written independently of ``bench/backtest/reference.py`` (a plain loop)."""
    fast, slow = 10, 30
    cash, pos, orders = 0.0, 0, 0
    if variant == "heavy":
        for i, price in enumerate(close.tolist()):
            qty = 1 if i % 2 == 0 else -1
            cash -= qty * price
            pos += qty
            orders += 1
    else:
        last, target = 0, 0
        for i in range(slow - 1, len(close)):
            d = close[i - fast + 1 : i + 1].sum() / fast - close[i - slow + 1 : i + 1].sum() / slow
            s = 1 if d > 1e-9 else (-1 if d < -1e-9 else 0)
            if s == 0:
                continue
            if s != last and last != 0:
                qty = s - target
                cash -= qty * close[i]
                pos += qty
                orders += 1
                target = s
            last = s
    pnl = round(cash + pos * close[-1], 6)
    return {"orders": orders, "fills": orders, "final_pos": float(pos), "pnl_pts": pnl}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The first ``N_BARS`` bars of the benchmark series as a Keel Parquet dataset."""
    module = _bench_module("dataset")
    return module.write_bars(tmp_path_factory.mktemp("bench-data"), generate_benchmark_bars(N_BARS))


@pytest.fixture(scope="module")
def run_backtest() -> Any:
    """The engine entry point (an import error fails the test rather than skipping it)."""
    from keel.engine.backtest import run_backtest as entry

    return entry


@pytest.mark.parametrize("variant", ["cross", "heavy"])
def test_strategy_matches_numpy_reference(variant: str, dataset: Any, run_backtest: Any) -> None:
    from keel.engine.parquet_source import ParquetDataSource

    strategies = _bench_module("strategies")
    run = run_backtest(
        strategies.STRATEGIES[variant],
        dataset.folder,
        parameters=dataset.parameters(),
        data_source=ParquetDataSource(dataset.folder),
    )
    close = generate_benchmark_bars(N_BARS)["close"]
    expected = _expected(variant, close)
    summary = run.algorithm.bench.summary()
    # every bar of the 24/7 series reached the algorithm (LEAN also counts universe-selection points)
    assert run.engine.data_points - run.engine.selection_data_points == N_BARS
    assert {k: summary[k] for k in expected} == expected
    assert run.algorithm.bench.last_close == close[-1]
    # the engine's own order records tell the same story as the strategy's fill events
    orders = run.result.orders
    assert len(orders) == expected["orders"]
    assert {o["status"] for o in orders} == {3}  # LEAN's OrderStatus.Filled
    position = sum(o["quantity"] for o in orders)
    pnl = -sum(o["quantity"] * o["price"] for o in orders) + position * close[-1]
    assert (float(position), round(pnl, 6)) == (expected["final_pos"], expected["pnl_pts"])


def test_expected_counts_are_not_trivial() -> None:
    """Guard the fixture: the slice must contain crossings and reversals for the test to mean anything."""
    close = generate_benchmark_bars(N_BARS)["close"]
    cross = _expected("cross", close)
    assert cross["orders"] > 20
    assert cross["pnl_pts"] != 0.0


def test_bench_reference_agrees_with_loop_reference() -> None:
    reference = _bench_module("reference")
    close = generate_benchmark_bars(N_BARS)["close"]
    for variant in ("cross", "heavy"):
        assert reference.reference(variant, close) == _expected(variant, close)


def test_empty_strategy_sees_every_bar_and_trades_nothing(dataset: Any, run_backtest: Any) -> None:
    """``empty`` (the engine-floor variant of ``bench/backtest/instructions.py``) runs every bar, no orders."""
    from keel.engine.parquet_source import ParquetDataSource

    strategies = _bench_module("strategies")
    run = run_backtest(
        strategies.STRATEGIES["empty"],
        dataset.folder,
        parameters=dataset.parameters(),
        data_source=ParquetDataSource(dataset.folder),
    )
    assert run.engine.data_points - run.engine.selection_data_points == N_BARS
    assert run.algorithm.bench.t_first_bar > 0
    assert len(run.result.orders) == 0


def test_instruction_counter_refuses_a_smaller_large_run() -> None:
    instructions = _bench_module("instructions")
    with pytest.raises(SystemExit):
        instructions.main(["--variant", "empty", "--small", "100", "--large", "100"])
