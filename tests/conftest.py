"""Shared fixtures: LEAN's sample data (skipped when absent) and a small synthetic dataset."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LEAN_DATA = REPO.parent / "shared" / "data" / "lean"


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
