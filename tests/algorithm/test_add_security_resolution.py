"""``add_*`` take the universe settings' resolution only when none is given (LEAN's
``resolution ?? UniverseSettings.Resolution`` in ``QCAlgorithm.AddSecurity``): ``Resolution.TICK``
is 0, so an explicit tick resolution must not fall back to the default (minute)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from AlgorithmImports import *  # noqa: F403
from keel.engine.engine import Engine
from keel.model.enums import Resolution
from keel.model.symbol import Symbol


class AddAtTickAlgorithm(QCAlgorithm):  # noqa: F405
    """A GC contract and the ES future, both added at tick resolution; universe default: minute."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.contract = Symbol.create_future("GC", "comex", date(2013, 12, 27), date(2013, 12, 1))
        self.add_future_contract(self.contract, Resolution.TICK)
        self.es = self.add_future(Futures.Indices.SP_500_E_MINI, Resolution.TICK).symbol  # noqa: F405
        self.default = Symbol.create_future("GC", "comex", date(2014, 2, 26), date(2014, 2, 1))
        self.add_future_contract(self.default)


def test_an_explicit_tick_resolution_is_kept(lean_data: Path) -> None:
    algo = AddAtTickAlgorithm()
    engine = Engine(algo, lean_data)
    algo.initialize()
    assert algo.universe_settings.resolution == Resolution.MINUTE
    assert {c.resolution for c in engine.configs[algo.contract]} == {Resolution.TICK}
    assert {c.resolution for c in engine.configs[algo.es]} == {Resolution.TICK}
    assert {c.resolution for c in engine.configs[algo.default]} == {Resolution.MINUTE}
