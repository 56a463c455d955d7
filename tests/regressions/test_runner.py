"""keel.regressions.runner: the worker pool's bookkeeping, with fake processes (no timing)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from keel.regressions import runner

RESULT = {"status": "Completed", "actual": {"Total Orders": "0"}, "error": "", "elapsed": 0.01}


class _Worker:
    """A forked worker as the pool sees it: alive until it has sent its result and exited."""

    def __init__(self) -> None:
        self.alive = True
        self.exitcode: int | None = None

    def start(self) -> None:
        pass

    def is_alive(self) -> bool:
        return self.alive

    def join(self, timeout: float | None = None) -> None:
        pass

    def kill(self) -> None:
        self.alive = False


class _Receiver:
    """The pool's end of the pipe. The first poll times out and, right after it, the worker sends
    its result and exits: the interleaving a busy machine produces between poll() and is_alive()."""

    def __init__(self, worker: _Worker) -> None:
        self.worker = worker
        self.sent: list[dict[str, Any]] = []
        self.polls = 0

    def poll(self, timeout: float = 0.0) -> bool:
        self.polls += 1
        if self.polls == 1:
            self.sent.append(RESULT)
            self.worker.alive, self.worker.exitcode = False, 0
            return False
        return True

    def recv(self) -> dict[str, Any]:
        if not self.sent:
            raise EOFError
        return self.sent.pop(0)

    def close(self) -> None:
        pass


class _Sender:
    def close(self) -> None:
        pass


class _ForkContext:
    def __init__(self) -> None:
        self.worker = _Worker()

    def Pipe(self, duplex: bool = True) -> tuple[_Receiver, _Sender]:
        return _Receiver(self.worker), _Sender()

    def Process(self, **_: Any) -> _Worker:
        return self.worker


def _run_one_algorithm(tmp_path: Path, name: str) -> runner.RegressionOutcome:
    """Run the pool over one stub algorithm ``name`` expecting ``Total Orders`` 0; its outcome."""
    expected = {"futures": {name: {"data_points": 1, "history_data_points": 0,
                                   "expected_statistics": {"Total Orders": "0"}}}}
    expected_json = tmp_path / "expected.json"
    expected_json.write_text(json.dumps(expected))
    algorithms = tmp_path / "algorithms"
    algorithms.mkdir()
    (algorithms / f"{name}.py").write_text(f"class {name}:\n    pass\n")
    (outcome,) = runner.run_regressions(tmp_path, expected_json, algorithms_dir=algorithms, jobs=1, timeout=60)
    return outcome


def test_a_worker_exiting_right_after_a_timed_out_poll_keeps_its_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner.multiprocessing, "get_context", lambda _method: _ForkContext())
    outcome = _run_one_algorithm(tmp_path, "Quick")
    assert (outcome.status, outcome.error) == ("Completed", "")  # was "Crashed", "worker exited with code 0"
    assert outcome.matches("Total Orders")


def test_a_worker_that_dies_without_a_result_is_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class _Silent(_Receiver):
        def poll(self, timeout: float = 0.0) -> bool:
            self.polls += 1
            self.worker.alive, self.worker.exitcode = False, -9  # killed during the first poll
            return self.polls > 1  # then EOF is readable

    class _Context(_ForkContext):
        def Pipe(self, duplex: bool = True) -> tuple[_Receiver, _Sender]:
            return _Silent(self.worker), _Sender()

    monkeypatch.setattr(runner.multiprocessing, "get_context", lambda _method: _Context())
    outcome = _run_one_algorithm(tmp_path, "Dies")
    assert outcome.status == "Crashed" and "exited with code -9" in outcome.error


def test_ctrl_c_in_an_algorithm_stops_the_run(tmp_path: Path) -> None:
    """``run_backtest`` turns Ctrl-C into a failed run with partial results (for ``keel backtest``);
    the regression runner must still stop on it instead of going on to the next algorithm."""
    path = tmp_path / "Interrupted.py"
    path.write_text(
        "from AlgorithmImports import *\n\n"
        "class Interrupted(QCAlgorithm):\n"
        "    def initialize(self):\n"
        "        raise KeyboardInterrupt\n"
    )
    with pytest.raises(KeyboardInterrupt):
        runner.run_one(path, "Interrupted", tmp_path)
