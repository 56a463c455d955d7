"""The real ``keel`` command in a subprocess: results folder, exit codes and error messages."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ALGORITHM = """
from AlgorithmImports import *

class CliAlgorithm(QCAlgorithm):
    def initialize(self):
        self.set_start_date(2024, 1, 2)
        self.set_end_date(2024, 1, 5)
        self.set_cash(100000)
        self.future = self.add_future(Futures.Indices.SP500EMini)
        self.threshold = self.get_parameter("threshold", 0)

    def on_data(self, slice):
        if self.future.mapped is None:
            return
        if not self.portfolio.invested:
            self.market_order(self.future.mapped, 1)
            self.log("bought")
        elif self.time.minute == 0:
            self.liquidate()
"""

RAISING = ALGORITHM.replace('self.log("bought")', 'self.log("bought"); raise ValueError("broken strategy")')


def keel(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m keel.cli.main`` like a user runs ``keel``."""
    return subprocess.run(
        [sys.executable, "-m", "keel.cli.main", *args], capture_output=True, text=True, cwd=cwd, timeout=600
    )


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "main.py").write_text(ALGORITHM)
    return folder


def test_backtest_writes_the_results_folder(project: Path, synthetic_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = keel(
        "backtest",
        str(project / "main.py"),
        "--data-folder",
        str(synthetic_data),
        "--output",
        str(out),
        "--parameter",
        "threshold",
        "3",
        "--cash",
        "200000",
    )
    assert done.returncode == 0, done.stderr
    assert "Total Orders" in done.stdout
    result = json.loads((out / "result.json").read_text())
    assert {"statistics", "runtimeStatistics", "orders", "orderEvents", "charts", "algorithmConfiguration"} <= set(
        result
    )
    assert len(result["statistics"]) == 28 and len(result["statistics"]["OrderListHash"]) == 32
    assert result["statistics"]["Start Equity"] == "200000"
    assert result["algorithmConfiguration"]["parameters"] == {"threshold": "3"}
    assert int(result["statistics"]["Total Orders"]) == len(result["orders"]) > 0
    assert "Equity" in result["charts"]["Strategy Equity"]["series"]
    assert (out / "order-events.json").is_file()
    assert "bought" in (out / "log.txt").read_text()
    html = (out / "report.html").read_text()
    assert "<svg" in html and "Total Orders" in html and "<script" not in html


def test_default_output_goes_to_project_backtests(project: Path, synthetic_data: Path) -> None:
    done = keel("backtest", str(project / "main.py"), "--data-folder", str(synthetic_data), "--end", "2024-01-03")
    assert done.returncode == 0, done.stderr
    runs = list((project / "backtests").iterdir())
    assert len(runs) == 1 and (runs[0] / "result.json").is_file()


def test_exception_in_on_data_exits_non_zero_and_keeps_results(tmp_path: Path, synthetic_data: Path) -> None:
    (tmp_path / "main.py").write_text(RAISING)
    out = tmp_path / "out"
    done = keel("backtest", str(tmp_path / "main.py"), "--data-folder", str(synthetic_data), "--output", str(out))
    assert done.returncode == 1
    assert "ValueError" in done.stderr and "broken strategy" in done.stderr and "2024-01-0" in done.stderr
    assert (out / "result.json").is_file()
    assert "broken strategy" in (out / "log.txt").read_text()


def test_date_range_without_data(project: Path, synthetic_data: Path, tmp_path: Path) -> None:
    done = keel(
        "backtest",
        str(project / "main.py"),
        "--data-folder",
        str(synthetic_data),
        "--start",
        "2020-03-02",
        "--end",
        "2020-03-04",
        "--output",
        str(tmp_path / "out"),
    )
    assert done.returncode == 1
    assert "no data between 2020-03-02 and 2020-03-04" in done.stderr
    assert (tmp_path / "out" / "result.json").is_file()


def _copy(synthetic_data: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(synthetic_data, folder)
    return folder


def test_corrupt_zip_names_the_file(project: Path, synthetic_data: Path, tmp_path: Path) -> None:
    data = _copy(synthetic_data, tmp_path)
    broken = data / "future" / "cme" / "minute" / "es" / "20240103_trade.zip"
    broken.write_bytes(b"this is not a zip file")
    done = keel("backtest", str(project / "main.py"), "--data-folder", str(data), "--output", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "20240103_trade.zip" in done.stderr
    assert (tmp_path / "out" / "result.json").is_file()


def test_row_with_wrong_field_count_names_file_and_line(project: Path, synthetic_data: Path, tmp_path: Path) -> None:
    data = _copy(synthetic_data, tmp_path)
    path = data / "future" / "cme" / "minute" / "es" / "20240103_trade.zip"
    with zipfile.ZipFile(path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    name = sorted(entries)[0]
    lines = entries[name].decode().splitlines()
    lines[4] = lines[4] + ",12345"
    entries[name] = ("\n".join(lines) + "\n").encode()
    with zipfile.ZipFile(path, "w") as archive:
        for entry, payload in entries.items():
            archive.writestr(entry, payload)
    done = keel("backtest", str(project / "main.py"), "--data-folder", str(data), "--output", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "20240103_trade.zip" in done.stderr and "line 5" in done.stderr
    assert (tmp_path / "out" / "result.json").is_file()


def test_missing_algorithm_file_is_a_usage_error(tmp_path: Path, synthetic_data: Path) -> None:
    done = keel("backtest", str(tmp_path / "nope.py"), "--data-folder", str(synthetic_data))
    assert done.returncode == 2
    assert "does not exist" in done.stderr


def test_bad_date_argument(project: Path, synthetic_data: Path) -> None:
    done = keel("backtest", str(project / "main.py"), "--data-folder", str(synthetic_data), "--start", "2024-13-01")
    assert done.returncode == 2
    assert "YYYY-MM-DD" in done.stderr


def test_ctrl_c_keeps_the_results_so_far_and_exits_130(tmp_path: Path, synthetic_data: Path) -> None:
    # a KeyboardInterrupt raised in on_data is what Ctrl-C delivers there (no signal timing involved)
    interrupted = ALGORITHM.replace('self.log("bought")', 'self.log("bought"); raise KeyboardInterrupt')
    (tmp_path / "main.py").write_text(interrupted)
    out = tmp_path / "out"
    done = keel("backtest", str(tmp_path / "main.py"), "--data-folder", str(synthetic_data), "--output", str(out))
    assert done.returncode == 130, done.stderr
    assert "interrupted (Ctrl-C) at algorithm time 2024-01-0" in done.stderr and "Traceback" not in done.stderr
    assert json.loads((out / "result.json").read_text())["orders"]
    assert "bought" in (out / "log.txt").read_text()
