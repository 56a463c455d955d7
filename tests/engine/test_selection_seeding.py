"""A seeding security initializer of a universe-selected security sees none of its subscriptions."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest


class SelectionSeedAlgorithm(QCAlgorithm):  # noqa: F405
    """ES with extended hours (chain and continuous universes) and an explicitly added extended
    contract; the initializer records the last end time of each security's seed data."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.seed_ends: dict[str, Any] = {}
        self.set_security_initializer(self._record)
        future = self.add_future(Futures.Indices.SP500EMini, extended_market_hours=True)  # noqa: F405
        future.set_filter(0, 182)
        self.explicit = self.add_future_contract(
            Symbol.create_future("GC", Market.COMEX, datetime(2013, 12, 27)),  # noqa: F405
            extended_market_hours=True,
        ).symbol

    def _record(self, security: Any) -> None:
        if security.symbol.security_type != SecurityType.FUTURE or security.symbol.is_canonical():  # noqa: F405
            return
        data = self.get_last_known_prices(security)
        self.seed_ends[security.symbol.value] = max((d.end_time for d in data), default=None)


def test_selected_contract_seeds_from_universe_defaults_over_regular_hours(lean_data: Path) -> None:
    """LEAN's UniverseSelection creates (and initializes) a selected contract before adding its
    subscriptions, so its seed asks the universe-settings defaults (no extended hours) over a
    regular-hours window: the chain's ESH14 and the mapped-then-selected ESZ13 seed from the 17:00
    close. ``add_future_contract`` registers its (extended) configs first: GCZ13 seeds up to midnight."""
    seeds = run_backtest(SelectionSeedAlgorithm, lean_data).algorithm.seed_ends
    close, midnight = datetime(2013, 10, 7, 17, 0), datetime(2013, 10, 8, 0, 0)
    assert seeds["ESZ13"] == close
    assert seeds["ESH14"] == close
    assert seeds["GCZ13"] == midnight
