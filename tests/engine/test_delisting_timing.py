"""When LEAN delists a held futures contract, and how long a continuous future keeps feeding a
previously mapped contract it still holds (LEAN's ``DelistingEventProvider`` and
``PendingRemovalsManager``; checked against the OrderListHash of the regressions A12, A18, A36, A38)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest
from keel.model.enums import TickType as KeelTickType
from keel.model.slice import Delisting


class _BuyFrontContract(QCAlgorithm):  # noqa: F405
    """ES with a 0-182 day chain: buys the earliest contract of the first chain and holds it to its
    delisting; records the LEAN copies of the contract's trade feed each day."""

    START = (2013, 12, 16)
    MAPPING: Any = None

    def initialize(self) -> None:
        self.set_start_date(*self.START)
        self.set_end_date(2013, 12, 23)
        if self.MAPPING is None:
            future = self.add_future(Futures.Indices.SP500EMini)  # noqa: F405
        else:
            future = self.add_future(Futures.Indices.SP500EMini, data_mapping_mode=self.MAPPING)  # noqa: F405
        future.set_filter(0, 182)
        self.contract: Any = None
        self.copies: dict[date, list[int]] = {}

    def on_data(self, slice: Any) -> None:
        if self.contract is None:
            for chain in slice.futures_chains.values():
                self.contract = sorted(chain, key=lambda c: c.expiry)[0].symbol
                self.market_order(self.contract, 1)
        if self.contract is not None:
            configs = self._engine.configs.get(self.contract, [])
            self.copies[self.time.date()] = [c.lean_copies for c in configs if c.tick_type == KeelTickType.TRADE]


class _ChainAndMappingSameStep(_BuyFrontContract):
    """Starts on 12-18: the chain (file 20131217) and the continuous contract (last trading day:
    still ESZ13) select ESZ13 in the same first step."""

    START = (2013, 12, 18)
    MAPPING = DataMappingMode.LAST_TRADING_DAY  # noqa: F405


def _liquidation(run: Any) -> Any:
    orders = list(run.engine.transactions.orders.values())
    assert [o.quantity for o in orders] == [1.0, -1.0]
    assert orders[1].tag == "Liquidate from delisting"
    return orders[1]


def test_a_contract_the_chain_created_delists_one_day_after_its_expiry_time(lean_data: Path) -> None:
    # ESZ13 expires 2013-12-20 13:30 (exchange time); the chain's Symbol carries that time, so
    # LEAN's Delisted comes at 12-21 13:30 New York (18:30 UTC), after the 12-21 midnight sample
    run = run_backtest(_ChainAndMappingSameStep, lean_data)
    assert _liquidation(run).time == datetime(2013, 12, 21, 18, 30)


def test_a_contract_first_fed_as_the_mapped_contract_delists_at_midnight(lean_data: Path) -> None:
    # ESZ13 is the continuous contract's mapped contract from 12-16 (map file identifier: a date
    # without time of day); the chain only selects it on 12-18: Delisted at 12-21 00:00 New York
    run = run_backtest(_BuyFrontContract, lean_data)
    assert _liquidation(run).time == datetime(2013, 12, 21, 5, 0)


def test_a_held_previously_mapped_chain_member_keeps_the_continuous_copy(lean_data: Path) -> None:
    # the open-interest mapping moves to ESH14 on 12-18; the continuous universe keeps the held
    # ESZ13 as a pending removal, so its internal trade feed (LEAN's copy) runs until the delisting
    run = run_backtest(_BuyFrontContract, lean_data)
    copies = run.engine.algorithm.copies
    assert [copies[date(2013, 12, d)] for d in (18, 19, 20)] == [[2], [2], [2]]


class _WatchExpiringContract(QCAlgorithm):  # noqa: F405
    """ES minute chain (0-90 days) over ESZ13's expiry (2013-12-20); the chain file of 12-19 no
    longer lists ESZ13, so the selection at 12-20 00:00 drops it; ``HOLD`` buys it first (kept)."""

    HOLD = False
    EXTENDED = False

    def initialize(self) -> None:
        self.set_start_date(2013, 12, 18)
        self.set_end_date(2013, 12, 20)
        future = self.add_future(
            Futures.Indices.SP500EMini, Resolution.MINUTE, extended_market_hours=self.EXTENDED  # noqa: F405
        )
        future.set_filter(timedelta(0), timedelta(90))  # noqa: F405
        self.warnings: list[Any] = []

    def on_data(self, slice: Any) -> None:
        if self.HOLD and not self.portfolio.invested:
            for chain in slice.futures_chains.values():
                for contract in chain:
                    if contract.symbol.value == "ESZ13":
                        self.market_order(contract.symbol, 1)
        self.warnings += [(str(s), self.time) for s, d in slice.delistings.items() if d.type == Delisting.WARNING]


class _HoldExpiringContract(_WatchExpiringContract):
    HOLD = True


class _WatchExpiringContractExtended(_WatchExpiringContract):
    """Extended hours: ESZ13 also has a bar ending 12-20 00:00, so a time step exists at the warning."""

    EXTENDED = True


def _esz13_auxiliary_points(algorithm: type, lean_data: Path) -> tuple[int, list[Any]]:
    from keel.engine import engine as engine_module

    counted: list[int] = []
    original = engine_module.Engine._warn_delisting

    def warn(self: Any, security: Any) -> None:
        before = self.auxiliary_data_points
        original(self, security)
        if str(security.symbol) == "ESZ13":
            counted.append(self.auxiliary_data_points - before)

    engine_module.Engine._warn_delisting = warn  # type: ignore[method-assign]
    try:
        run = run_backtest(algorithm, lean_data)
    finally:
        engine_module.Engine._warn_delisting = original  # type: ignore[method-assign]
    return sum(counted), run.engine.algorithm.warnings


def test_a_warning_due_as_the_chain_drops_the_contract_is_neither_counted_nor_delivered(lean_data: Path) -> None:
    # LEAN stamps the warning 12-20 00:00 (DelistingDate.Date), the instant of the chain selection
    # that drops ESZ13: the selection marks the subscription removed, and TimeSliceFactory skips its
    # packet before counting (FuturesExpiredContractRegression's and the daily templates' DataPoints)
    points, warnings = _esz13_auxiliary_points(_WatchExpiringContract, lean_data)
    assert points == 0
    assert warnings == []


def test_a_held_contract_kept_by_the_chain_counts_and_delivers_its_warning(lean_data: Path) -> None:
    points, warnings = _esz13_auxiliary_points(_HoldExpiringContract, lean_data)
    assert points == 1
    assert [symbol for symbol, _ in warnings] == ["ESZ13"]


def test_a_warning_due_with_a_bar_at_the_selection_instant_waits_for_the_selection(lean_data: Path) -> None:
    # with extended hours the warning's instant has a time step of its own (bars ending at
    # midnight), which LEAN's selection at that instant shares: still dropped (held-out
    # BasicTemplateFuturesWithExtendedMarketHourly's ESZ13 and GCX13 warnings)
    points, warnings = _esz13_auxiliary_points(_WatchExpiringContractExtended, lean_data)
    assert points == 0
    assert warnings == []
