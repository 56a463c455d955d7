"""``add_future`` rejects a contract depth offset beyond LEAN's ``Futures.MaximumContractDepthOffset``."""

from __future__ import annotations

from pathlib import Path

import pytest

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest


class DepthAlgorithm(QCAlgorithm):  # noqa: F405
    """Adds ES at the depth given by the class attribute and records what happened."""

    depth = 0

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 7)
        self.set_benchmark(lambda _: 1.0)
        try:
            future = self.add_future(Futures.Indices.SP500EMini, contract_depth_offset=self.depth)  # noqa: F405
            self.outcome = future.contract_depth_offset
        except ValueError as exc:
            self.outcome = str(exc)
            self.add_future(Futures.Indices.SP500EMini)  # noqa: F405  (something to run on)


@pytest.mark.parametrize(("depth", "expected"), [(2, 2), (-2, 2), (1, 1)])
def test_depths_up_to_two_back_months_are_accepted(lean_data: Path, depth: int, expected: int) -> None:
    algo = run_backtest(type("D", (DepthAlgorithm,), {"depth": depth}), lean_data).algorithm
    assert algo.outcome == expected  # a negative offset counts by its absolute value, like LEAN


@pytest.mark.parametrize("depth", [3, 5, -3])
def test_deeper_offsets_raise(lean_data: Path, depth: int) -> None:
    algo = run_backtest(type("D", (DepthAlgorithm,), {"depth": depth}), lean_data).algorithm
    assert isinstance(algo.outcome, str) and "maximum value is 2" in algo.outcome
    assert Futures.MAXIMUM_CONTRACT_DEPTH_OFFSET == Futures.MaximumContractDepthOffset == 2  # noqa: F405
