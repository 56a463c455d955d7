"""Fixtures for the data-layer tests."""

from __future__ import annotations

from pathlib import Path

import pytest

LEAN_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "lean"


@pytest.fixture(scope="session")
def lean_data_folder() -> Path:
    """LEAN's sample data folder (``../shared/data/lean`` next to the repo); skip when absent."""
    if not (LEAN_DATA / "future").is_dir():
        pytest.skip("LEAN sample data not found at ../shared/data/lean")
    return LEAN_DATA.resolve()
