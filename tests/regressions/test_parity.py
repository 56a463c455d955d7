"""LEAN parity of the futures regressions: nothing that matched LEAN before may stop matching.

Runs every algorithm of :mod:`keel.regressions.algorithms` once per session against LEAN's
sample data (``<repo>/../shared/data/lean``) and LEAN's expected statistics
(``<repo>/../shared/data/lean-regressions-public.json``), prints the parity table and
compares the outcome with ``baseline.json``: for each algorithm, the statistics and
data-point counts that matched LEAN when the baseline was recorded must still match.

Record a new baseline after an engine improvement with::

    KEEL_UPDATE_BASELINE=1 .venv/bin/python -m pytest tests/regressions/test_parity.py -s
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from keel.regressions.runner import RegressionOutcome, run_regressions
from keel.regressions.table import render_table

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "data"
LEAN_DATA = SHARED / "lean"
EXPECTED_JSON = SHARED / "lean-regressions-public.json"
BASELINE = Path(__file__).resolve().parent / "baseline.json"


def baseline_of(outcomes: list[RegressionOutcome]) -> dict[str, list[str]]:
    """``{algorithm: sorted keys that match LEAN}`` (statistics plus DataPoints/History)."""
    return {o.name: sorted(k for k in o.expected if o.matches(k)) for o in outcomes}


def regressions_against(baseline: dict[str, list[str]], outcomes: list[RegressionOutcome]) -> list[str]:
    """One line per value that matched in ``baseline`` but no longer matches."""
    by_name = {o.name: o for o in outcomes}
    lines = []
    for name, keys in sorted(baseline.items()):
        outcome = by_name.get(name)
        if outcome is None:
            lines.append(f"{name}: no longer run")
            continue
        for key in keys:
            if not outcome.matches(key):
                lines.append(
                    f"{name}: {key} = {outcome.actual.get(key)!r}, LEAN {outcome.expected.get(key)!r} "
                    f"(matched in the baseline; status {outcome.status} {outcome.error})"
                )
    return lines


@pytest.fixture(scope="session")
def parity_outcomes() -> list[RegressionOutcome]:
    """Run every regression once (2 worker processes)."""
    if not (LEAN_DATA / "future").is_dir() or not EXPECTED_JSON.is_file():
        pytest.skip("LEAN sample data or expected statistics not found under ../shared/data")
    started = time.perf_counter()
    outcomes = run_regressions(LEAN_DATA.resolve(), EXPECTED_JSON.resolve(), jobs=2)
    print(f"\nLEAN parity run: {time.perf_counter() - started:.0f} s")
    return outcomes


def test_baseline_helpers() -> None:
    expected = {"Total Orders": "1", "DataPoints": "5"}
    now = [RegressionOutcome("A", expected, {"Total Orders": "1", "DataPoints": "6"}, status="Completed")]
    assert baseline_of(now) == {"A": ["Total Orders"]}
    assert regressions_against({"A": ["Total Orders"]}, now) == []
    lost = regressions_against({"A": ["DataPoints", "Total Orders"], "B": []}, now)
    assert len(lost) == 2
    assert lost[0].startswith("A: DataPoints = '6', LEAN '5'")
    assert lost[1] == "B: no longer run"


@pytest.mark.slow
@pytest.mark.lean
def test_no_parity_regression(parity_outcomes: list[RegressionOutcome]) -> None:
    print()
    print(render_table(parity_outcomes))
    current = baseline_of(parity_outcomes)
    if os.environ.get("KEEL_UPDATE_BASELINE") == "1":
        BASELINE.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n")
        print(f"baseline written to {BASELINE}")
    assert BASELINE.is_file(), f"{BASELINE} missing: record one with KEEL_UPDATE_BASELINE=1"
    baseline = json.loads(BASELINE.read_text())
    gained = sum(len(set(keys) - set(baseline.get(name, []))) for name, keys in current.items())
    if gained:
        print(f"{gained} values newly match LEAN (KEEL_UPDATE_BASELINE=1 records them)")
    lost = regressions_against(baseline, parity_outcomes)
    assert not lost, "values that matched LEAN no longer do:\n" + "\n".join(lost)
