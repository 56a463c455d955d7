"""``Settings.FreePortfolioValue``: LEAN's ``TotalPortfolioValueLessFreeBuffer``."""

from __future__ import annotations

import pytest

from keel.algorithm.settings import AlgorithmSettings


def test_free_buffer_trails_the_portfolio_value_by_default() -> None:
    settings = AlgorithmSettings()
    assert settings.free_portfolio_value is None
    assert settings.free_buffer(100_000) == pytest.approx(250.0)
    assert settings.free_buffer(50_000) == pytest.approx(125.0)


def test_a_set_free_portfolio_value_is_used_as_is() -> None:
    settings = AlgorithmSettings()
    settings.FreePortfolioValue = 500  # LEAN's spelling
    assert settings.free_portfolio_value == 500
    assert settings.free_buffer(100_000) == 500.0
    assert settings.free_buffer(1_000) == 500.0
