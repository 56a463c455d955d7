"""Shared fixtures: LEAN's sample data (skipped when absent) and a small synthetic dataset."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]
LEAN_DATA = REPO.parent / "shared" / "data" / "lean"

# No per-example deadline (Hypothesis' default is 200 ms): on a machine shared by several test runs
# a descheduled example can overrun it and fail as "Unreliable test timings" / DeadlineExceeded
# although nothing is wrong. Property tests here check results, not speed.
settings.register_profile("keel", deadline=None)
settings.load_profile("keel")


@pytest.fixture(scope="session")
def lean_data() -> Path:
    """``../shared/data/lean``, or skip the test when it is not there."""
    if not (LEAN_DATA / "future" / "cme").is_dir():
        pytest.skip(f"LEAN sample data not found at {LEAN_DATA}")
    return LEAN_DATA


@pytest.fixture(scope="session")
def synthetic_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 5-day synthetic ES/NQ dataset in LEAN's format (generated once per test session)."""
    from keel.data.synthetic import generate_lean_futures_dataset

    folder = tmp_path_factory.mktemp("synthetic-lean")
    generate_lean_futures_dataset(folder, roots=("ES", "NQ"), start=date(2024, 1, 2), days=5)
    return folder
