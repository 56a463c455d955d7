"""Insights, constant alpha, equal weighting, immediate execution and future universe selection."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from keel.algorithm.framework import (
    ConstantAlphaModel,
    EqualWeightingPortfolioConstructionModel,
    FutureUniverseSelectionModel,
    ImmediateExecutionModel,
    Insight,
    InsightCollection,
    InsightDirection,
    InsightType,
    PortfolioConstructionModel,
    PortfolioTarget,
)
from keel.algorithm.framework.universe import FutureChainUniverse
from keel.algorithm.lean_compat import Extensions
from keel.data.market_hours import MarketHoursDatabase
from keel.model.enums import SecurityType
from keel.model.market import Market
from keel.model.symbol import Symbol
from keel.securities.future import FutureFilterUniverse
from keel.securities.testing import es_symbol

from .fakes import Changes, FakeAlgorithm

UTC0 = datetime(2013, 10, 7, 13, 31)
ES = Symbol.create("ES", SecurityType.FUTURE, Market.CME)
GC = Symbol.create("GC", SecurityType.FUTURE, Market.COMEX)


def _insight(symbol: Symbol, generated: datetime, period: timedelta, direction=InsightDirection.UP) -> Insight:
    insight = Insight(symbol, period, InsightType.PRICE, direction)
    insight.set_generated_time(generated)
    return insight


# ------------------------------------------------------------------------------------ insights
def test_insight_is_active_until_its_close_time_inclusive() -> None:
    insight = _insight(ES, UTC0, timedelta(minutes=5))
    assert insight.close_time_utc == UTC0 + timedelta(minutes=5)
    assert insight.is_active(UTC0 + timedelta(minutes=5))
    assert insight.is_expired(UTC0 + timedelta(minutes=5, seconds=1))


def test_daily_insight_close_time_counts_trading_days_of_the_exchange() -> None:
    hours = MarketHoursDatabase.builtin().get_entry("cme", "ES", SecurityType.FUTURE).exchange_hours
    insight = Insight(ES, timedelta(days=1), InsightType.PRICE, InsightDirection.UP)
    # Friday 2013-10-11 09:31 New York: one daily bar closes at the next local midnight
    insight.set_generated_time(datetime(2013, 10, 11, 13, 31), hours)
    assert Extensions.convert_from_utc(insight.close_time_utc, hours.time_zone) == datetime(2013, 10, 12)
    # generated on a Saturday: the weekend has no regular session, the bar of Monday counts
    insight.set_generated_time(Extensions.convert_to_utc(datetime(2013, 10, 12, 12), hours.time_zone), hours)
    assert Extensions.convert_from_utc(insight.close_time_utc, hours.time_zone) == datetime(2013, 10, 15)


def test_collection_removes_expired_insights_and_tracks_active_ones() -> None:
    collection = InsightCollection()
    early = _insight(ES, UTC0, timedelta(minutes=1))
    late = _insight(GC, UTC0, timedelta(hours=1))
    collection.add_range([early, late])
    now = UTC0 + timedelta(minutes=2)
    assert collection.get_next_expiry_time() == early.close_time_utc
    assert collection.get_active_insights(now) == [late]
    assert collection.remove_expired_insights(now) == [early]
    assert not collection.has_active_insights(ES, now)
    assert collection.has_active_insights(GC, now)
    collection.expire([GC], now)
    assert collection.remove_expired_insights(now) == [late]
    assert len(collection) == 0


# ------------------------------------------------------------------------------------ alpha
def test_constant_alpha_emits_once_per_period_and_skips_canonical_and_unpriced() -> None:
    algo = FakeAlgorithm()
    contract = algo.add_contract(1670.0)
    canonical = algo.add_contract(1670.0)
    canonical.symbol = ES  # a canonical chain symbol with a price
    unpriced = algo.add_equity("SPY", 0.0)
    model = ConstantAlphaModel(InsightType.PRICE, InsightDirection.UP, timedelta(days=1))
    model.on_securities_changed(algo, Changes([contract, canonical, unpriced]))
    algo.utc_time = UTC0
    first = model.update(algo, None)
    assert [i.symbol for i in first] == [contract.symbol]
    assert first[0].direction == InsightDirection.UP and first[0].period == timedelta(days=1)
    algo.utc_time = UTC0 + timedelta(hours=23, minutes=59)
    assert model.update(algo, None) == []
    algo.utc_time = UTC0 + timedelta(days=1)
    assert len(model.update(algo, None)) == 1
    # removal forgets the symbol, so a re-added security gets an insight at once
    model.on_securities_changed(algo, Changes(removed=[contract]))
    model.on_securities_changed(algo, Changes([contract]))
    assert len(model.update(algo, None)) == 1


def test_should_emit_insight_override_in_either_spelling() -> None:
    class OnlyEquities(ConstantAlphaModel):
        def ShouldEmitInsight(self, utc_time, symbol):
            if symbol.security_type != SecurityType.EQUITY:
                return False
            return super().ShouldEmitInsight(utc_time, symbol)

    algo = FakeAlgorithm()
    spy = algo.add_equity("SPY", 170.0)
    contract = algo.add_contract(1670.0)
    model = OnlyEquities(InsightType.PRICE, InsightDirection.DOWN, timedelta(hours=1))
    model.on_securities_changed(algo, Changes([spy, contract]))
    insights = model.update(algo, None)
    assert [(i.symbol, i.direction) for i in insights] == [(spy.symbol, InsightDirection.DOWN)]
    assert model.update(algo, None) == []


# ------------------------------------------------------------------------------------ portfolio
def test_equal_weighting_splits_the_portfolio_and_flattens_expired_insights() -> None:
    algo = FakeAlgorithm()
    spy = algo.add_equity("SPY", 100.0)
    ibm = algo.add_equity("IBM", 50.0)
    algo.utc_time = UTC0
    up = _insight(spy.symbol, UTC0, timedelta(minutes=10))
    down = _insight(ibm.symbol, UTC0, timedelta(minutes=1), InsightDirection.DOWN)
    algo.insights.add_range([up, down])
    model = EqualWeightingPortfolioConstructionModel()
    targets = {t.symbol: t.quantity for t in model.create_targets(algo, [up, down])}
    # 50 % each, less the 0.25 % free-portfolio buffer, whole shares
    assert targets == {spy.symbol: 498.0, ibm.symbol: -997.0}
    # IBM's insight expires: IBM gets a flatten target and SPY the whole (buffered) portfolio
    algo.utc_time = UTC0 + timedelta(minutes=2)
    targets = {t.symbol: t.quantity for t in model.create_targets(algo, [])}
    assert targets == {spy.symbol: 997.0, ibm.symbol: 0.0}
    # nothing new, no expiry, rebalancing time not reached: no targets
    algo.utc_time = UTC0 + timedelta(minutes=3)
    assert model.create_targets(algo, []) == []


def test_removed_security_gets_a_flatten_target() -> None:
    algo = FakeAlgorithm()
    spy = algo.add_equity("SPY", 100.0)
    algo.utc_time = UTC0
    insight = _insight(spy.symbol, UTC0, timedelta(days=1))
    algo.insights.add(insight)
    model = EqualWeightingPortfolioConstructionModel()
    assert model.create_targets(algo, [insight])[0].quantity > 0
    algo.utc_time = UTC0 + timedelta(minutes=1)
    model.on_securities_changed(algo, Changes(removed=[spy]))
    assert [(t.symbol, t.quantity) for t in model.create_targets(algo, [])] == [(spy.symbol, 0.0)]


def test_custom_pcm_may_override_create_targets_only() -> None:
    class OneLot(PortfolioConstructionModel):
        def create_targets(self, algorithm, insights):
            return [PortfolioTarget(i.symbol, i.direction) for i in insights]

    algo = FakeAlgorithm()
    insight = _insight(es_symbol(), UTC0, timedelta(days=1), InsightDirection.DOWN)
    assert [(t.symbol, t.quantity) for t in OneLot().CreateTargets(algo, [insight])] == [(es_symbol(), -1.0)]


def test_portfolio_target_percent_refuses_zero_price() -> None:
    algo = FakeAlgorithm()
    spy = algo.add_equity("SPY", 0.0)
    assert PortfolioTarget.percent(algo, spy.symbol, 0.5) is None
    assert algo.errors


# ------------------------------------------------------------------------------------ execution
def test_immediate_execution_orders_the_difference_reducing_positions_first() -> None:
    algo = FakeAlgorithm()
    spy = algo.add_equity("SPY", 100.0)
    ibm = algo.add_equity("IBM", 50.0)
    spy.holdings.set_holdings(100.0, 30.0)
    algo.transactions.open[spy.symbol] = 5.0
    model = ImmediateExecutionModel()
    model.execute(algo, [PortfolioTarget(ibm.symbol, 400), PortfolioTarget(spy.symbol, 10)])
    # SPY: 10 - 30 held - 5 open = -25 (reducing, first); IBM: +400
    assert algo.orders == [(spy.symbol, -25.0), (ibm.symbol, 400.0)]


def test_immediate_execution_keeps_unfulfilled_targets_and_skips_fulfilled_ones() -> None:
    algo = FakeAlgorithm()
    spy = algo.add_equity("SPY", 100.0)
    model = ImmediateExecutionModel()
    model.execute(algo, [PortfolioTarget(spy.symbol, 10)])
    assert algo.orders == [(spy.symbol, 10.0)]
    # the order did not fill: the target is retried on the next call
    model.execute(algo, [])
    assert algo.orders == [(spy.symbol, 10.0), (spy.symbol, 10.0)]
    spy.holdings.set_holdings(100.0, 10.0)
    model.execute(algo, [])
    assert len(algo.orders) == 2
    assert len(model.targets_collection) == 0


# ------------------------------------------------------------------------------------ universe
def test_future_universe_selection_refresh_and_filter() -> None:
    calls: list[datetime] = []

    def selector(utc_time: datetime) -> list[Symbol]:
        calls.append(utc_time)
        return [ES, ES, GC] if utc_time.date() < date(2013, 10, 9) else [GC]

    class FrontMonth(FutureUniverseSelectionModel):
        def filter(self, filter):
            return filter.front_month()

    model = FrontMonth(timedelta(days=1), selector)
    algo = FakeAlgorithm()
    algo.utc_time = datetime(2013, 10, 7, 4, 0)
    universes = model.create_universes(algo)
    assert [u.symbol for u in universes] == [ES, GC]
    assert all(isinstance(u, FutureChainUniverse) for u in universes)
    assert model.get_next_refresh_time_utc() == datetime(2013, 10, 8, 4, 0)
    contracts = [es_symbol(date(2014, 3, 21)), es_symbol(date(2013, 12, 20))]
    picked = universes[0].filter(FutureFilterUniverse(contracts, datetime(2013, 10, 7)))
    assert picked.symbols == [es_symbol(date(2013, 12, 20))]
    algo.utc_time = datetime(2013, 10, 9, 4, 0)
    assert [u.symbol for u in model.create_universes(algo)] == [GC]
    assert calls == [datetime(2013, 10, 7, 4, 0), datetime(2013, 10, 9, 4, 0)]


def test_future_universe_selection_rejects_non_future_symbols() -> None:
    spy = Symbol.create("SPY", SecurityType.EQUITY, Market.USA)
    model = FutureUniverseSelectionModel(timedelta(days=1), lambda utc: [spy])
    with pytest.raises(ValueError, match="future symbols"):
        model.create_universes(FakeAlgorithm())


def test_add_alpha_and_risk_models_build_composites() -> None:
    from keel.algorithm.algorithm import QCAlgorithm
    from keel.algorithm.framework.alpha import CompositeAlphaModel
    from keel.algorithm.framework.risk import CompositeRiskManagementModel, RiskManagementModel

    algorithm = QCAlgorithm()
    first, second, third = (
        ConstantAlphaModel(InsightType.PRICE, InsightDirection.UP, timedelta(days=1)) for _ in range(3)
    )
    algorithm.add_alpha(first)
    assert algorithm.alpha is first  # replaces the null model
    algorithm.add_alpha(second)
    assert isinstance(algorithm.alpha, CompositeAlphaModel) and algorithm.alpha.models == [first, second]
    algorithm.add_alpha(third)
    assert algorithm.alpha.models == [first, second, third]
    risks = [RiskManagementModel(), RiskManagementModel()]
    for risk in risks:
        algorithm.add_risk_management(risk)
    assert isinstance(algorithm.risk_management, CompositeRiskManagementModel)
    assert algorithm.risk_management.models == risks
