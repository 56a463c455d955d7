"""Removing and re-adding securities, and the scheduled events of the last day (LEAN semantics)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest
from keel.model.enums import Resolution

ES_DEC13 = Symbol.create_future("ES", Market.CME, datetime(2013, 12, 20))  # noqa: F405


class ReAddAlgorithm(QCAlgorithm):  # noqa: F405
    """Removes the ES contract at midnight and adds it back when told of the removal."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 9)
        self.initialized: list[datetime] = []
        self.changes: list[tuple[datetime, list[str], list[str]]] = []
        self.active_after_removal: bool | None = None
        self.set_security_initializer(lambda security: self.initialized.append(self.time))
        self.contract = self.add_future_contract(ES_DEC13, Resolution.DAILY)
        self.schedule.on(self.date_rules.on(2013, 10, 8), self.time_rules.midnight, self.remove)

    def remove(self) -> None:
        self.remove_security(ES_DEC13)
        self.active_after_removal = self.active_securities.contains_key(ES_DEC13)

    def on_securities_changed(self, changes) -> None:
        added = [str(s.symbol) for s in changes.added_securities]
        self.changes.append((self.time, added, [str(s.symbol) for s in changes.removed_securities]))
        if changes.removed_securities:
            assert self.add_future_contract(ES_DEC13, Resolution.DAILY) is self.contract


def test_a_re_added_security_is_the_same_object_initialized_again_and_reported(lean_data: Path) -> None:
    run = run_backtest(ReAddAlgorithm, lean_data)
    algo = run.algorithm
    assert len(algo.initialized) == 2  # initial addition and re-addition, never the internal benchmark
    assert algo.active_after_removal is False
    removed_at = next(i for i, (_, _, removed) in enumerate(algo.changes) if removed)
    assert algo.changes[removed_at][1] == []
    assert algo.changes[removed_at + 1][1] == ["ESZ13"]
    assert algo.contract.is_tradable and algo.active_securities.contains_key(ES_DEC13)


class LastDayEventsAlgorithm(QCAlgorithm):  # noqa: F405
    """ES minute data (not filled forward) stops on 10-14; the run goes on to 10-17."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 14)
        self.set_end_date(2013, 10, 17)
        self.set_benchmark(lambda _: 1.0)
        self.add_future_contract(ES_DEC13, Resolution.MINUTE, fill_forward=False)
        self.fired: list[datetime] = []
        self.schedule.on(self.date_rules.every_day(), self.time_rules.at(12, 0), lambda: self.fired.append(self.time))


def test_no_scheduled_event_fires_after_the_last_time_slice(lean_data: Path) -> None:
    """LEAN fires scheduled events as time slices pass them; after the last slice none fire."""
    run = run_backtest(LastDayEventsAlgorithm, lean_data)
    fired = run.algorithm.fired
    assert fired == [datetime(2013, 10, 14, 12, 0)]


class RemoveContinuousAlgorithm(QCAlgorithm):  # noqa: F405
    """Buys the continuous contract's mapped contract, then removes the continuous future."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 8)
        self.future = self.add_future("ES", data_mapping_mode=DataMappingMode.LAST_TRADING_DAY)  # noqa: F405
        self.removed: list[str] = []
        self.done = False

    def on_data(self, slice) -> None:
        if not self.done and self.future.mapped is not None:
            self.market_order(self.future.mapped, 1)
            self.remove_security(self.future.symbol)
            self.done = True

    def on_securities_changed(self, changes) -> None:
        self.removed.extend(str(s.symbol) for s in changes.removed_securities)


def test_removing_a_continuous_future_liquidates_its_mapped_contract(lean_data: Path) -> None:
    """LEAN's RemoveSecurity of a canonical removes its universes' members (the continuous
    universe's mapped contract) with it, liquidating their holdings; the internal member is not
    reported as a security change."""
    run = run_backtest(RemoveContinuousAlgorithm, lean_data)
    algo = run.algorithm
    orders = list(algo.transactions.get_orders())
    assert [o.quantity for o in orders] == [1, -1]
    assert orders[0].symbol == orders[1].symbol == ES_DEC13
    assert not algo.portfolio.invested
    assert "ESZ13" not in algo.removed


class UnlistedRootAlgorithm(QCAlgorithm):  # noqa: F405
    """Adds gold futures for NYMEX, a market the symbol-properties database does not list GC for."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 8)
        self.set_end_date(2013, 10, 8)
        self.set_benchmark(lambda _: 1.0)
        self.add_future(Futures.Metals.GOLD, Resolution.DAILY, market=Market.COMEX)  # noqa: F405  (has data)
        self.gold = self.add_future(Futures.Metals.GOLD, Resolution.DAILY, market=Market.NYMEX)  # noqa: F405


def test_a_root_missing_from_the_symbol_properties_database_gets_default_properties(lean_data: Path) -> None:
    # LEAN's SecurityService falls back to SymbolProperties.GetDefault(account currency)
    run = run_backtest(UnlistedRootAlgorithm, lean_data)
    props = run.algorithm.gold.symbol_properties
    assert (props.contract_multiplier, props.minimum_price_variation, props.lot_size) == (1.0, 0.01, 1.0)
    assert props.quote_currency == "USD"


def test_the_security_initializer_runs_when_a_mapped_contract_becomes_the_users(lean_data: Path) -> None:
    """A continuous future's mapped contract is internal; when a chain (or the algorithm) then adds
    it, that is an addition of the algorithm's: the security initializer runs once. A chain's
    addition is a universe selection, whose initializer sees none of the contract's subscriptions
    (LEAN creates and initializes a selected security before adding its subscriptions)."""
    from datetime import date

    from keel.algorithm.algorithm import QCAlgorithm as KeelAlgorithm
    from keel.engine.engine import Engine
    from keel.model.market import Market as KeelMarket
    from keel.model.symbol import Symbol as KeelSymbol

    algorithm = KeelAlgorithm()
    engine = Engine(algorithm, lean_data)
    contract = KeelSymbol.create_future("ES", KeelMarket.CME, date(2013, 12, 20))
    engine.add_contract(contract, Resolution.MINUTE, True, False, None, internal=True)
    seen: list[tuple[object, list[int]]] = []
    algorithm.set_security_initializer(
        lambda security: seen.append((security.symbol, [c.lean_copies for c in engine.configs[contract]]))
    )
    engine.add_contract(contract, Resolution.MINUTE, True, False, None, chain_member=True)
    engine.add_contract(contract, Resolution.MINUTE, True, False, None, chain_member=True)
    assert seen == [(contract, [])]
    assert len(engine.configs[contract]) == 3  # restored once the initializer has run


ES_MAR14 = Symbol.create_future("ES", Market.CME, datetime(2014, 3, 21))  # noqa: F405


class RemoveInvestedAlgorithm(QCAlgorithm):  # noqa: F405
    """Buys the ES contract and a continuous contract's mapped contract, then removes both."""

    def initialize(self) -> None:
        self.set_start_date(2013, 10, 7)
        self.set_end_date(2013, 10, 8)
        self.continuous = self.add_future("ES", Resolution.MINUTE)
        self.contract = self.add_future_contract(ES_MAR14, Resolution.MINUTE)

    def on_data(self, slice) -> None:
        if self.portfolio.invested or self.transactions.orders_count or self.continuous.mapped is None:
            return
        self.market_order(ES_MAR14, 1)
        self.remove_security(ES_MAR14)
        self.market_order(self.continuous.mapped, 1)
        self.remove_security(self.continuous.symbol, tag="bye")


def test_removing_an_invested_security_liquidates_it_with_the_removal_tag(lean_data: Path) -> None:
    # LEAN PR #8928: RemoveSecurity passes its tag ("Removed" unless given) to Liquidate
    run = run_backtest(RemoveInvestedAlgorithm, lean_data)
    orders = sorted(run.engine.transactions.orders.values(), key=lambda o: o.id)
    assert [(o.quantity, o.tag) for o in orders] == [(1.0, ""), (-1.0, "Removed"), (1.0, ""), (-1.0, "bye")]
