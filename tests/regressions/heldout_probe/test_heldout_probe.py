"""Generalisation probe: LEAN futures regressions that are NOT in the public parity list.

Each algorithm under ``algorithms/`` is a Keel port of a LEAN regression algorithm that runs on
LEAN's 2013 sample data; ``expected.json`` holds LEAN's published statistics for it (the stored
version closest to the public JSON's era; ``era`` says which). The algorithms run in-process
through :func:`keel.regressions.runner.run_one`, exactly as the parity runner does.

Every algorithm must complete (a crash or a missing API is a failure). The core-4 statistics
(Total Orders, Total Fees, End Equity, Net Profit) are compared as LEAN's strings; the known
mismatches are ``xfail`` with their diagnosed cause.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from keel.regressions.runner import compare_value, run_one

HERE = Path(__file__).resolve().parent
ALGORITHMS = HERE / "algorithms"
LEAN_DATA = HERE.parents[2].parent / "shared" / "data" / "lean"
EXPECTED: dict[str, Any] = {
    name: entry for name, entry in json.loads((HERE / "expected.json").read_text()).items() if not name.startswith("_")
}
CORE = ("Total Orders", "Total Fees", "End Equity", "Net Profit")

KNOWN_MISMATCHES: dict[tuple[str, str], str] = {}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.lean,
    # one worker runs every algorithm once (``make test`` distributes with --dist loadgroup)
    pytest.mark.xdist_group("heldout_probe"),
    pytest.mark.skipif(not (LEAN_DATA / "future" / "cme").is_dir(), reason=f"LEAN sample data not at {LEAN_DATA}"),
]

_RUNS: dict[str, dict[str, Any]] = {}


def run(name: str) -> dict[str, Any]:
    """Run ``algorithms/<name>.py`` once per session; ``{status, actual, error, elapsed}``."""
    if name not in _RUNS:
        _RUNS[name] = run_one(ALGORITHMS / f"{name}.py", name, LEAN_DATA)
    return _RUNS[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_probe_algorithm_completes(name: str) -> None:
    outcome = run(name)
    assert outcome["status"] == "Completed", outcome["error"]


def _core_cases() -> list[Any]:
    cases = []
    for name in sorted(EXPECTED):
        for key in CORE:
            if key not in EXPECTED[name]["expected_statistics"]:
                continue  # not published for this version (e.g. End Equity before 2024)
            reason = KNOWN_MISMATCHES.get((name, key))
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            cases.append(pytest.param(name, key, marks=marks, id=f"{name}-{key}"))
    return cases


@pytest.mark.parametrize(("name", "key"), _core_cases())
def test_probe_core_statistic_matches_lean(name: str, key: str) -> None:
    outcome = run(name)
    assert outcome["status"] == "Completed", outcome["error"]
    lean = EXPECTED[name]["expected_statistics"][key]
    keel = outcome["actual"].get(key)
    assert compare_value(keel, lean), f"{name} {key}: Keel {keel!r}, LEAN {lean!r}"
