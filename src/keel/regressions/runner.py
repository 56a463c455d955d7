"""Run Keel's ports of LEAN's futures regressions and compare them with LEAN's numbers.

Each algorithm file in :data:`ALGORITHMS_DIR` is named after its LEAN class and holds exactly
one runnable ``QCAlgorithm`` subclass of that name. Every algorithm runs in its own forked
worker process (``jobs`` at a time, each with a time limit) so that a crash, a hang or
module-level state in one algorithm cannot affect another.

The comparison follows LEAN's harness (``Tests/AlgorithmRunner.cs``): every expected
statistic is compared as an exact string, with only ``"-0"`` normalised to ``"0"``, and the
``DataPoints`` / ``AlgorithmHistoryDataPoints`` counts are compared exactly.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ALGORITHMS_DIR = Path(__file__).resolve().parent / "algorithms"
"""Where Keel's ports of the LEAN regression algorithms live (shipped with the package)."""

DATA_POINTS = "DataPoints"
HISTORY = "History"
COUNT_KEYS = (DATA_POINTS, HISTORY)
"""Pseudo-statistics holding the data-point counts in :attr:`RegressionOutcome.actual`."""

DEFAULT_TIMEOUT = 240.0


@dataclass
class RegressionOutcome:
    """One algorithm's run compared with LEAN's expected values.

    ``expected`` and ``actual`` map statistic names (plus ``DataPoints`` and ``History``) to
    strings. ``status`` is ``Completed`` (LEAN's expected final status for every public
    regression), ``RuntimeError``, ``Timeout``, ``Crashed`` or ``Missing`` (no algorithm file).
    """

    name: str
    expected: dict[str, str]
    actual: dict[str, str] = field(default_factory=dict)
    status: str = "Missing"
    error: str = ""
    elapsed: float = 0.0

    @property
    def completed(self) -> bool:
        """True when the backtest ran to completion (LEAN's expected status)."""
        return self.status == "Completed"

    def matches(self, key: str) -> bool:
        """True when the statistic (or count) ``key`` equals LEAN's string."""
        return compare_value(self.actual.get(key), self.expected.get(key))

    @property
    def mismatches(self) -> dict[str, tuple[str | None, str]]:
        """``{key: (keel, lean)}`` for every expected value Keel did not reproduce."""
        return {
            key: (self.actual.get(key), lean) for key, lean in self.expected.items() if not self.matches(key)
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (used between worker processes and by ``--output`` JSON)."""
        return {
            "name": self.name,
            "expected": self.expected,
            "actual": self.actual,
            "status": self.status,
            "error": self.error,
            "elapsed": self.elapsed,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RegressionOutcome:
        """Inverse of :meth:`to_dict`."""
        return cls(
            name=data["name"],
            expected=dict(data["expected"]),
            actual=dict(data.get("actual") or {}),
            status=data.get("status", "Missing"),
            error=data.get("error", ""),
            elapsed=float(data.get("elapsed", 0.0)),
        )


def normalise(value: str) -> str:
    """LEAN's harness normalisation: ``"-0"`` compares equal to ``"0"``."""
    return "0" if value == "-0" else value


def compare_value(keel: str | None, lean: str | None) -> bool:
    """Exact string comparison of one statistic after LEAN's ``-0`` normalisation."""
    if keel is None or lean is None:
        return False
    return normalise(str(keel)) == normalise(str(lean))


def compare(actual: dict[str, str], expected: dict[str, str]) -> dict[str, bool]:
    """``{key: matched}`` for every key of ``expected``."""
    return {key: compare_value(actual.get(key), value) for key, value in expected.items()}


def load_expected(expected_json: str | Path) -> dict[str, dict[str, str]]:
    """LEAN's expected values per algorithm: 28 statistics plus ``DataPoints`` and ``History``.

    Reads ``lean-regressions-public.json`` (sections ``futures`` and ``equity_appendix``).
    """
    data = json.loads(Path(expected_json).read_text())
    expected: dict[str, dict[str, str]] = {}
    for section in ("futures", "equity_appendix"):
        for name, entry in (data.get(section) or {}).items():
            values = {key: str(value) for key, value in entry["expected_statistics"].items()}
            values[DATA_POINTS] = str(entry["data_points"])
            values[HISTORY] = str(entry["history_data_points"])
            expected[name] = values
    return expected


def discover_algorithms(algorithms_dir: str | Path = ALGORITHMS_DIR) -> dict[str, Path]:
    """``{class name: file}`` for every algorithm file (``<LeanName>.py``; ``_*.py`` are helpers)."""
    folder = Path(algorithms_dir)
    return {
        path.stem: path
        for path in sorted(folder.glob("*.py"))
        if not path.name.startswith("_") and path.stem[:1].isupper()
    }


def select(names: Iterable[str], filter: str | None) -> list[str]:
    """Names matching ``filter``: comma-separated exact names or case-insensitive substrings."""
    names = list(names)
    if not filter:
        return names
    parts = [p.strip() for p in filter.split(",") if p.strip()]
    chosen = []
    for name in names:
        for part in parts:
            if name == part or part.lower() in name.lower():
                chosen.append(name)
                break
    return chosen


def run_one(path: str | Path, name: str, data_folder: str | Path) -> dict[str, Any]:
    """Run one algorithm in this process; returns ``{status, actual, error, elapsed}``.

    The algorithm runs with the settings that reproduce LEAN's known defects turned on before its
    ``initialize`` (:func:`lean_reproduction_settings`): reproducing LEAN is what this runner is for.
    """
    from keel.engine.backtest import BacktestFailed, load_algorithm_class, run_backtest

    started = time.perf_counter()
    actual: dict[str, str] = {}
    status, error = "Completed", ""
    try:
        algorithm = load_algorithm_class(path, name)()
        lean_reproduction_settings(algorithm)
        run = run_backtest(algorithm, data_folder)
        actual.update(run.statistics)
        actual[DATA_POINTS] = str(run.engine.data_points)
        actual[HISTORY] = str(run.engine.history_data_points)
    except BacktestFailed as exc:
        if isinstance(exc.cause, KeyboardInterrupt):
            raise exc.cause from None  # Ctrl-C stops the whole run, not just this algorithm
        status = "RuntimeError"
        error = _error_text(exc, exc.result.logs)
        actual.update(exc.result.statistics)
        actual[DATA_POINTS] = str(exc.result.data_points)
        actual[HISTORY] = str(exc.result.history_data_points)
    except Exception as exc:  # the algorithm could not be loaded or set up
        status = "RuntimeError"
        error = f"{type(exc).__name__}: {exc}"
    return {"status": status, "actual": actual, "error": error, "elapsed": time.perf_counter() - started}


def lean_reproduction_settings(algorithm: Any) -> None:
    """Turn on the settings that keep LEAN's behaviour where it is a defect Keel does not share by
    default (``AlgorithmSettings.lean_mapped_contract_shadowing``), before ``initialize``."""
    algorithm.settings.lean_mapped_contract_shadowing = True


def _error_text(exc: BaseException, logs: list[str]) -> str:
    cause = getattr(exc, "cause", None)
    head = f"{type(cause).__name__}: {exc}" if cause is not None else str(exc)
    return head.strip().replace("\n", " ")[:400]


def _failure(status: str, error: str, elapsed: float) -> dict[str, Any]:
    return {"status": status, "actual": {}, "error": error, "elapsed": elapsed}


def _worker(conn: Connection, path: str, name: str, data_folder: str, quiet: bool) -> None:
    if quiet:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
    try:
        payload = run_one(path, name, data_folder)
    except BaseException as exc:  # pragma: no cover - last resort, reported as a crash
        payload = _failure("Crashed", "".join(traceback.format_exception_only(exc)).strip(), 0.0)
    conn.send(payload)
    conn.close()


@dataclass
class _Job:
    name: str
    process: Any
    conn: Connection
    started: float


def run_regressions(
    data_folder: str | Path,
    expected_json: str | Path,
    filter: str | None = None,
    algorithms_dir: str | Path = ALGORITHMS_DIR,
    jobs: int = 2,
    timeout: float = DEFAULT_TIMEOUT,
    quiet: bool = True,
    progress: Callable[[RegressionOutcome], None] | None = None,
) -> list[RegressionOutcome]:
    """Run every regression algorithm (or those matching ``filter``) and compare with LEAN.

    ``jobs`` worker processes run at once (``jobs=0`` runs in this process, for debugging);
    a worker taking longer than ``timeout`` seconds is killed and reported as ``Timeout``.
    Algorithms LEAN expects but with no file here are reported as ``Missing``. The outcomes
    are returned in the order of the expected-statistics file.
    """
    expected = load_expected(expected_json)
    files = discover_algorithms(algorithms_dir)
    names = select(expected, filter)
    outcomes = {name: RegressionOutcome(name, expected[name]) for name in names}
    runnable = [name for name in names if name in files]
    # longest first (LEAN's data-point count is a good proxy) so the pool finishes together
    runnable.sort(key=lambda n: -int(expected[n].get(DATA_POINTS, "0") or 0))

    def finish(name: str, payload: dict[str, Any]) -> None:
        outcome = outcomes[name]
        outcome.status = payload["status"]
        outcome.actual = dict(payload["actual"])
        outcome.error = payload["error"]
        outcome.elapsed = float(payload["elapsed"])
        if progress is not None:
            progress(outcome)

    if jobs <= 0:
        for name in runnable:
            finish(name, run_one(files[name], name, data_folder))
        return [outcomes[n] for n in names]

    context = multiprocessing.get_context("fork")
    pending = list(runnable)
    running: list[_Job] = []
    while pending or running:
        while pending and len(running) < jobs:
            name = pending.pop(0)
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(
                target=_worker, args=(sender, str(files[name]), name, str(data_folder), quiet), daemon=True
            )
            process.start()
            sender.close()
            running.append(_Job(name, process, receiver, time.perf_counter()))
        for job in list(running):
            elapsed = time.perf_counter() - job.started
            payload: dict[str, Any] | None = None
            # Liveness is read BEFORE polling: a worker sends its result and then exits, so one
            # that was dead before the poll has its result (or EOF) in the pipe already. Read after
            # the poll, a worker finishing between the two calls was reported "Crashed" (exit code 0)
            # with its result unread (a rare, load-dependent failure of the parity test).
            alive = job.process.is_alive()
            if job.conn.poll(0.05):
                try:
                    payload = job.conn.recv()
                except EOFError:
                    payload = _failure("Crashed", f"worker exited with code {job.process.exitcode}", elapsed)
            elif not alive:
                payload = _failure("Crashed", f"worker exited with code {job.process.exitcode}", elapsed)
            elif elapsed > timeout:
                job.process.kill()
                payload = _failure("Timeout", f"no result after {timeout:.0f} s", elapsed)
            if payload is not None:
                job.process.join(5)
                job.conn.close()
                running.remove(job)
                finish(job.name, payload)
    return [outcomes[n] for n in names]


def default_data_folder() -> Path:
    """``$KEEL_LEAN_DATA`` or ``../shared/data/lean`` relative to the current directory."""
    env = os.environ.get("KEEL_LEAN_DATA")
    return Path(env) if env else Path.cwd().parent / "shared" / "data" / "lean"


def default_expected_json(data_folder: str | Path) -> Path:
    """``lean-regressions-public.json`` next to the LEAN data folder."""
    return Path(data_folder).resolve().parent / "lean-regressions-public.json"
