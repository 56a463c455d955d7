"""Fast tests of the regression comparison logic, the table rendering and algorithm discovery."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from keel.regressions.runner import (
    ALGORITHMS_DIR,
    RegressionOutcome,
    compare,
    compare_value,
    discover_algorithms,
    load_expected,
    run_regressions,
    select,
)
from keel.regressions.table import ALL_STATISTICS, CORE, STATISTIC_GROUPS, render_table, totals

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
EXPECTED_JSON = SHARED / "lean-regressions-public.json"


def _outcome(name: str = "Algo", **overrides: str) -> RegressionOutcome:
    expected = {key: "1" for key in ALL_STATISTICS}
    expected.update({"DataPoints": "10", "History": "0"})
    actual = dict(expected)
    actual.update(overrides)
    return RegressionOutcome(name, expected, actual, status="Completed", elapsed=1.0)


def test_compare_is_exact_string_with_minus_zero_normalised() -> None:
    assert compare_value("0", "-0")
    assert compare_value("-0", "0")
    assert not compare_value("0.0", "0")
    assert not compare_value("-0.000", "0")
    assert not compare_value(None, "0")
    assert compare({"a": "1", "b": "2"}, {"a": "1", "b": "3"}) == {"a": True, "b": False}


def test_groups_cover_the_28_statistics_once() -> None:
    assert len(ALL_STATISTICS) == 28 == len(set(ALL_STATISTICS))
    assert STATISTIC_GROUPS["core"] == CORE == ("Total Orders", "Total Fees", "End Equity", "Net Profit")
    assert STATISTIC_GROUPS["data points"] == ("DataPoints", "History")


def test_totals_and_table_cells() -> None:
    perfect = _outcome("Perfect")
    fees = _outcome("FeesOff", **{"Total Fees": "$2.00", "OrderListHash": "x"})
    counts = _outcome("CountsOff", DataPoints="11")
    failed = RegressionOutcome("Broken", perfect.expected, {}, status="RuntimeError", error="boom | bad")
    outcomes = [perfect, fees, counts, failed]
    t = totals(outcomes)
    assert (t.algorithms, t.completed) == (4, 3)
    assert t.core4_exact == 2
    assert t.all28_exact == 2
    assert t.all26_exact == 2
    assert t.order_list_hash == 2
    assert t.capacity == 3
    assert t.data_points == 2 and t.history == 3 and t.data_points_both == 2
    assert t.statistics_matched == 28 * 3 - 2
    table = render_table(outcomes)
    rows = {line.split(" | ")[0].lstrip("| "): line for line in table.splitlines() if line.startswith("| ")}
    assert rows["Perfect"].count("✓") == len(STATISTIC_GROUPS)
    assert "fees: $2.00 \\| 1" in rows["FeesOff"]
    assert "hash: x \\| 1" in rows["FeesOff"]
    assert "DP: 11 \\| 10" in rows["CountsOff"]
    assert "**RuntimeError** boom / bad" in rows["Broken"]
    assert "core-4 exact (orders, fees, end equity, net profit): **2/4**" in table
    assert "data points: DataPoints 2/4, History 3/4, both 2/4" in table


def test_outcome_round_trips_through_json() -> None:
    outcome = _outcome(**{"Total Orders": "3"})
    again = RegressionOutcome.from_dict(json.loads(json.dumps(outcome.to_dict())))
    assert again == outcome
    assert again.mismatches == {"Total Orders": ("3", "1")}


def test_select_by_exact_name_or_substring() -> None:
    names = [
        "BasicTemplateFuturesAlgorithm",
        "BasicTemplateFuturesDailyAlgorithm",
        "OrderTicketDemoAlgorithm",
    ]
    assert select(names, None) == names
    assert select(names, "daily") == ["BasicTemplateFuturesDailyAlgorithm"]
    assert select(names, "OrderTicketDemoAlgorithm, daily") == names[1:]


def test_every_expected_algorithm_has_exactly_one_file() -> None:
    if not EXPECTED_JSON.is_file():
        pytest.skip("../shared/data/lean-regressions-public.json not found")
    expected = load_expected(EXPECTED_JSON)
    files = discover_algorithms()
    assert sorted(files) == sorted(expected)
    assert all(29 <= len(values) <= 30 for values in expected.values())
    # every other module is a shared helper, named with a leading underscore
    others = {p.name for p in ALGORITHMS_DIR.glob("*.py")} - {f"{n}.py" for n in files}
    assert all(name.startswith("_") for name in others), sorted(others)


def test_runner_reports_missing_files_and_load_errors(tmp_path: Path) -> None:
    expected = {
        "futures": {
            name: {
                "data_points": 1,
                "history_data_points": 0,
                "expected_statistics": {"Total Orders": "0"},
            }
            for name in ("Missing", "Broken")
        }
    }
    expected_json = tmp_path / "expected.json"
    expected_json.write_text(json.dumps(expected))
    algorithms = tmp_path / "algorithms"
    algorithms.mkdir()
    (algorithms / "Broken.py").write_text("raise RuntimeError('cannot import')\n")
    outcomes = run_regressions(tmp_path, expected_json, algorithms_dir=algorithms, jobs=1, timeout=60)
    by_name = {o.name: o for o in outcomes}
    assert by_name["Missing"].status == "Missing"
    assert by_name["Broken"].status == "RuntimeError"
    assert "cannot import" in by_name["Broken"].error
