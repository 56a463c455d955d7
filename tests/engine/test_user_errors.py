"""An exception in the algorithm ends the run with a message naming the callback and the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from keel.engine.backtest import BacktestFailed, run_backtest

ALGORITHM = '''
from AlgorithmImports import *


class Raising(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 1, 2)
        self.set_end_date(2024, 1, 3)
        self.future = self.add_future(Futures.Indices.SP500EMini)

    def on_data(self, data):
        if self.future.mapped is not None and not self.portfolio.invested:
            self.market_order(self.future.mapped, 1)

    def on_order_event(self, order_event):
        raise KeyError("boom")  # line 16
'''


def test_error_in_a_nested_callback_names_that_callback_and_its_line(tmp_path: Path, synthetic_data: Path) -> None:
    path = tmp_path / "raising.py"
    path.write_text(ALGORITHM)
    with pytest.raises(BacktestFailed) as failed:
        run_backtest(path, synthetic_data)
    message = str(failed.value)
    # on_order_event runs inside market_order, inside on_data: reported once, as itself
    assert "raised KeyError in on_order_event: 'boom' (raising.py, line 16)" in message
    assert "AlgorithmRuntimeError" not in message and "in on_data" not in message
