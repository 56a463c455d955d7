"""LeanDataSource: a present but empty data zip is named in the run's log, an absent one is not."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from pathlib import Path

from keel.engine.backtest import run_backtest
from keel.engine.data_source import LeanDataSource
from keel.model.enums import Resolution, SecurityType, TickType
from keel.model.symbol import Symbol

ALGORITHM = """
from AlgorithmImports import *


class Quiet(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 10)
        self.add_future(Futures.Indices.SP500EMini).set_filter(0, 182)
"""


def _mirror(source: Path, target: Path, copied: Path) -> None:
    """``target`` links to everything in ``source`` except the folder ``copied``, which is copied."""
    target.mkdir(parents=True, exist_ok=True)
    for child in source.iterdir():
        if child == copied:
            shutil.copytree(child, target / child.name)
        elif copied.is_relative_to(child):
            _mirror(child, target / child.name, copied)
        else:
            (target / child.name).symlink_to(child)


def test_zip_without_entries_is_warned_once_in_the_log(tmp_path: Path, lean_data: Path) -> None:
    es_minute = lean_data / "future" / "cme" / "minute" / "es"
    folder = tmp_path / "data"
    _mirror(lean_data, folder, es_minute)
    empty = folder / "future" / "cme" / "minute" / "es" / "20131009_trade.zip"
    empty.chmod(0o644)
    empty.unlink()
    zipfile.ZipFile(empty, "w").close()
    algorithm = tmp_path / "quiet.py"
    algorithm.write_text(ALGORITHM)
    run = run_backtest(algorithm, folder)
    lines = [line for line in run.result.logs if "without entries" in line]
    assert len(lines) == 1 and str(empty) in lines[0] and "Warning" in lines[0]


def test_data_source_warns_once_per_file_and_not_for_absent_files(tmp_path: Path) -> None:
    source = LeanDataSource(tmp_path, max_cached_files=1)
    warnings: list[str] = []
    source.on_warning = warnings.append
    symbol = Symbol.create("SPY", SecurityType.EQUITY, "usa")  # minute/spy/<date>_trade.zip
    day, other = date(2020, 1, 2), date(2020, 1, 3)
    folder = tmp_path / "equity" / "usa" / "minute" / "spy"
    folder.mkdir(parents=True)
    zipfile.ZipFile(folder / "20200102_trade.zip", "w").close()
    assert source.day_file(symbol, Resolution.MINUTE, TickType.TRADE, day, "UTC") == {}
    source.day_file(symbol, Resolution.MINUTE, TickType.TRADE, other, "UTC")  # absent: silent, evicts
    source.day_file(symbol, Resolution.MINUTE, TickType.TRADE, day, "UTC")  # re-read after eviction
    assert len(warnings) == 1 and "20200102_trade.zip" in warnings[0]
