"""``bench/backtest/instructions.py``: ``--gc-off`` disables the cyclic GC in the counted runs, which
run with a fixed hash seed and one OpenMP thread."""

from __future__ import annotations

import gc
import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCH_DIR = Path(__file__).resolve().parents[2] / "bench" / "backtest"


def _instructions() -> ModuleType:
    if str(BENCH_DIR) not in sys.path:
        sys.path.insert(0, str(BENCH_DIR))
    return importlib.import_module("instructions")


@pytest.mark.parametrize("gc_off", [False, True])
def test_the_flag_reaches_the_valgrind_worker(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, gc_off: bool
) -> None:
    module = _instructions()
    commands: list[list[str]] = []
    envs: list[dict[str, str]] = []

    def fake_run(cmd: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        commands.append(cmd)
        envs.append(kwargs["env"])
        return subprocess.CompletedProcess(cmd, 0, "", "==1== I   refs:      1,234")

    monkeypatch.setattr(module, "_dataset_folder", lambda data_dir, bars: tmp_path)
    monkeypatch.setattr(module.subprocess, "run", fake_run)
    assert module.count_instructions("empty", 10, tmp_path, gc_off) == 1234
    assert (commands[0][-1] == "--gc-off") is gc_off
    # deterministic counts: fixed hash seed, one OpenMP thread (Arrow's and OpenBLAS's pools)
    assert envs[0]["PYTHONHASHSEED"] == "0" and envs[0]["OMP_NUM_THREADS"] == "1"


def test_the_worker_disables_the_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    module = _instructions()
    ran: list[bool] = []
    monkeypatch.setattr(module, "_worker", lambda variant, bars, folder, gc_off=False: ran.append(gc_off))
    assert module.main(["--worker", "empty", "10", "/nowhere", "--gc-off"]) == 0
    assert module.main(["--worker", "empty", "10", "/nowhere"]) == 0
    assert ran == [True, False]
    assert gc.isenabled()
