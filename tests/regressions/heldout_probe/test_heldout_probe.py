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
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from keel.model.enums import RESOLUTION_PERIOD
from keel.reality.fills import FutureFillModel
from keel.regressions.runner import compare_value, run_one

HERE = Path(__file__).resolve().parent
ALGORITHMS = HERE / "algorithms"
LEAN_DATA = HERE.parents[2].parent / "shared" / "data" / "lean"
EXPECTED: dict[str, Any] = {
    name: entry for name, entry in json.loads((HERE / "expected.json").read_text()).items() if not name.startswith("_")
}
CORE = ("Total Orders", "Total Fees", "End Equity", "Net Profit")

_BACK_MONTH = (
    "era: the liquidation placed 2013-11-01 09:31 (ESH14 last quoted 2013-10-11) fills at once at the stale"
    " bid 1692.5 in 2024 LEAN (FutureFillModel filled stale minute prices with a warning) but waits for fresh"
    " data (2013-11-18, 1791.5) in current LEAN (ShouldWaitForFreshDataOnStale, LEAN PR #9563), which Keel"
    " follows; the public ContinuousBackMonthRawFuture shows the same 4950 shift between eras"
    " (2024: 101483.2, current: 106433.2)."
    " With the 2024 rule Keel matches every statistic (test_back_month_matches_2024_lean_with_2024_stale_fill_rule)"
)
_CHAIN_ORDER = (
    "era: these 2024 statistics trade FuturesChain(ES).First() = ESZ13 (Lowest Capacity Asset ES VMKLFZIH2MTD);"
    " Keel follows the current LEAN order (ESU14 first, see FINDINGS 'First contract of FuturesChain')"
)
KNOWN_MISMATCHES: dict[tuple[str, str], str] = {
    ("ContinuousFutureBackMonthRegressionAlgorithm", "End Equity"): _BACK_MONTH,
    ("ContinuousFutureBackMonthRegressionAlgorithm", "Net Profit"): _BACK_MONTH,
    ("MarketOrdersAreSupportedOnExtendedHoursForFuturesRegressionAlgorithm", "End Equity"): _CHAIN_ORDER,
    ("MarketOrdersAreSupportedOnExtendedHoursForFuturesRegressionAlgorithm", "Net Profit"): _CHAIN_ORDER,
}
# algorithms whose own assertions fail in Keel (so no statistic can be compared)
KNOWN_CRASHES: dict[str, str] = {
    "SetHoldingsContinuousFutureRegressionAlgorithm": (
        "missing feature (recent LEAN): orders on the canonical future routed to the mapped contract and"
        " the canonical's holdings mirroring it; Keel's continuous security is not tradable, so no order is placed."
        " Not implemented on purpose: newer than the public era (public templates still trade future.mapped;"
        " LEAN PR #9681, 2026-08, and user reports of 2026-09 still show canonical orders rejected and"
        " Portfolio[canonical] not aggregating); the holdings-mirroring C# was not found (PR #9467, which only"
        " describes GetSecurityForOrder routing, was closed); mirroring would also double-count every portfolio"
        " aggregate that iterates securities"
    ),
}

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


def _completion_cases() -> list[Any]:
    cases = []
    for name in sorted(EXPECTED):
        reason = KNOWN_CRASHES.get(name)
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        cases.append(pytest.param(name, marks=marks))
    return cases


@pytest.mark.parametrize("name", _completion_cases())
def test_probe_algorithm_completes(name: str) -> None:
    outcome = run(name)
    assert outcome["status"] == "Completed", outcome["error"]


def _core_cases() -> list[Any]:
    cases = []
    for name in sorted(EXPECTED):
        for key in CORE:
            if key not in EXPECTED[name]["expected_statistics"]:
                continue  # not published for this version (e.g. End Equity before 2024)
            reason = KNOWN_MISMATCHES.get((name, key), KNOWN_CRASHES.get(name))
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


def _stale_fills_like_2024_lean(self: Any, asset: Any) -> bool:
    """2024 LEAN's FutureFillModel: only hour/daily data waits; a stale minute price fills (with a warning)."""
    last = asset.get_last_data()
    if last is None:
        return True
    bar = RESOLUTION_PERIOD.get(asset.resolution) if asset.resolution is not None else None
    return (bar or last.end_time - last.time) >= timedelta(hours=1)


def test_back_month_matches_2024_lean_with_2024_stale_fill_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ContinuousFutureBackMonth xfail is an era difference, not a Keel bug: with the stale-fill rule of
    the LEAN that published its statistics (2024: minute market orders fill on a stale price), Keel
    reproduces them; Keel keeps current LEAN's rule (wait for fresh data), which the public
    ContinuousBackMonthRawFuture regression confirms.
    """
    name = "ContinuousFutureBackMonthRegressionAlgorithm"
    monkeypatch.setattr(FutureFillModel, "should_wait_for_fresh_data", _stale_fills_like_2024_lean)
    outcome = run_one(ALGORITHMS / f"{name}.py", name, LEAN_DATA)
    assert outcome["status"] == "Completed", outcome["error"]
    expected = EXPECTED[name]["expected_statistics"]
    for key in (*CORE, "Sharpe Ratio", "Drawdown", "Portfolio Turnover", "OrderListHash"):
        assert compare_value(outcome["actual"].get(key), expected[key]), (key, outcome["actual"].get(key))
