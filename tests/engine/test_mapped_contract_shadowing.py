"""``Settings.LeanMappedContractShadowing`` (``Engine._drop_shadowed``): LEAN's observed defect, kept
behind a setting. With it on, a mapped-only futures contract's (internal subscriptions) TradeBar /
QuoteBar does not update its security when an explicitly subscribed contract of the same root has a
bar of the same type in the time slice; with it off (the default) every contract takes its own data.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from keel.algorithm.algorithm import QCAlgorithm
from keel.engine.engine import Engine
from keel.engine.feed import PointGroup
from keel.model.bars import Bar, QuoteBar, TradeBar
from keel.model.enums import Resolution
from keel.model.market import Market
from keel.model.symbol import Symbol

ESZ13 = Symbol.create_future("ES", Market.CME, date(2013, 12, 20))  # the continuous future's mapped contract
ESU14 = Symbol.create_future("ES", Market.CME, date(2014, 9, 19))  # added by the algorithm
START = datetime(2013, 10, 8, 13, 30)
END = datetime(2013, 10, 8, 13, 31)


def _engine(lean_data: Path, shadowing: bool, explicit: Symbol | None = ESU14) -> Engine:
    algorithm = QCAlgorithm()
    algorithm.settings.LeanMappedContractShadowing = shadowing
    engine = Engine(algorithm, lean_data)
    engine.add_contract(ESZ13, Resolution.MINUTE, True, False, None, internal=True)
    if explicit is not None:
        engine.add_contract(explicit, Resolution.MINUTE, True, False, None)
    return engine


def _trade(symbol: Symbol, close: float) -> TradeBar:
    return TradeBar(symbol, START, END, close, close, close, close, 1.0)


def _quote(symbol: Symbol, mid: float) -> QuoteBar:
    bid, ask = Bar(mid - 1, mid - 1, mid - 1, mid - 1), Bar(mid + 1, mid + 1, mid + 1, mid + 1)
    return QuoteBar(symbol, START, END, bid, 1.0, ask, 1.0)


def _group(points: list[object], internal: list[bool]) -> PointGroup:
    group = PointGroup(points)
    group.internal = internal
    return group


def _step(engine: Engine, group: PointGroup) -> None:
    time_ns = 1_381_239_060 * 10**9  # 2013-10-08 13:31 UTC
    engine._subscriptions_changed()  # as at the start of ``run_loop``
    engine._step(time_ns, group, None)


@pytest.mark.parametrize("shadowing", [False, True])
def test_a_mapped_only_contracts_bars_are_dropped_only_with_the_setting(lean_data: Path, shadowing: bool) -> None:
    engine = _engine(lean_data, shadowing)
    group = _group(
        [_trade(ESZ13, 1700.0), _quote(ESZ13, 1701.0), _trade(ESU14, 1650.0), _quote(ESU14, 1651.0)],
        [True, True, False, False],
    )
    before = engine.data_points
    _step(engine, group)
    mapped = engine.all_securities[ESZ13].cache
    if shadowing:
        assert mapped.get_data(TradeBar) is None and mapped.get_data(QuoteBar) is None
    else:
        assert mapped.get_data(TradeBar).close == 1700.0
        assert mapped.get_data(QuoteBar).bid.close == 1700.0
    # the explicit contract takes its own data either way, and every point is counted
    assert engine.all_securities[ESU14].cache.get_data(TradeBar).close == 1650.0
    assert engine.data_points - before == 4


def test_only_the_data_type_the_explicit_contract_has_is_dropped(lean_data: Path) -> None:
    # ESU14 has a quote but no trade in the slice: ESZ13's trade still updates it
    engine = _engine(lean_data, True)
    _step(engine, _group([_trade(ESZ13, 1700.0), _quote(ESZ13, 1701.0), _quote(ESU14, 1651.0)], [True, True, False]))
    mapped = engine.all_securities[ESZ13].cache
    assert mapped.get_data(TradeBar).close == 1700.0
    assert mapped.get_data(QuoteBar) is None


def test_nothing_is_dropped_without_an_explicit_contract_of_the_root(lean_data: Path) -> None:
    engine = _engine(lean_data, True, explicit=None)
    _step(engine, _group([_trade(ESZ13, 1700.0)], [True]))
    assert engine.all_securities[ESZ13].cache.get_data(TradeBar).close == 1700.0
    assert engine._shadowing is False  # no root concerned: the per-step check stays off


def test_the_setting_has_a_pascal_case_alias_and_is_off_by_default() -> None:
    algorithm = QCAlgorithm()
    assert algorithm.settings.lean_mapped_contract_shadowing is False
    algorithm.settings.LeanMappedContractShadowing = True
    assert algorithm.settings.lean_mapped_contract_shadowing is True


def test_the_regression_runner_turns_the_setting_on() -> None:
    from keel.regressions.runner import lean_reproduction_settings

    algorithm = QCAlgorithm()
    lean_reproduction_settings(algorithm)
    assert algorithm.settings.lean_mapped_contract_shadowing is True


def test_a_contract_subscribed_later_turns_the_check_back_on(lean_data: Path) -> None:
    # no explicit contract at first: the check switches itself off; subscribing one (``_subscribe``
    # -> ``_subscriptions_changed``) must recompute the roots for the next time slice
    engine = _engine(lean_data, True, explicit=None)
    _step(engine, _group([_trade(ESZ13, 1700.0)], [True]))
    assert engine._shadowing is False
    engine.add_contract(ESU14, Resolution.MINUTE, True, False, None)
    next_ns = 1_381_239_120 * 10**9  # a minute later (no ``_subscriptions_changed`` call of the test's own)
    engine._step(next_ns, _group([_trade(ESZ13, 1710.0), _trade(ESU14, 1650.0)], [True, False]), None)
    assert engine.all_securities[ESZ13].cache.get_data(TradeBar).close == 1700.0
    assert engine.all_securities[ESU14].cache.get_data(TradeBar).close == 1650.0
