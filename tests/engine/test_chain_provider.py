"""``futures_chain`` as LEAN's ``QCAlgorithm.FuturesChain``: the latest chain file known, its contracts
in LEAN's ``DataDictionary`` key order (``Symbol.Value`` ordinal, ignoring case; the value carries the
expiry day: ``ES19U14`` < ``ES20Z13``)."""

from __future__ import annotations

from pathlib import Path

from AlgorithmImports import *  # noqa: F403
from keel.engine.backtest import run_backtest

from .fakes import es_chain_state


def _chain_algorithm(year: int, month: int, day: int) -> type:
    class ChainInInitialize(QCAlgorithm):  # noqa: F405
        def initialize(self) -> None:
            self.set_start_date(year, month, day)
            self.set_end_date(year, month, day)
            self.contracts = [str(c.symbol) for c in self.futures_chain("ES")]

    return ChainInInitialize


def test_the_chain_is_the_previous_trading_days_file_in_key_order(lean_data: Path) -> None:
    # 2013-12-18: the file of 12-17 (known since the midnight after it), file order ESU14, ESH14,
    # ESZ13, ESZ14, ESM14; LEAN's values ES19U14, ES21H14, ES20Z13, ES19Z14, ES20M14 sort as below
    run = run_backtest(_chain_algorithm(2013, 12, 18), lean_data)
    assert run.algorithm.contracts == ["ESU14", "ESZ14", "ESM14", "ESZ13", "ESH14"]
    assert run.engine.history_data_points == 1


def test_the_first_contract_is_the_smallest_lean_value_not_the_front_month(lean_data: Path) -> None:
    # LEAN's AddFutureContractWithContinuous / LimitOrdersAreFilledAfterHoursForFutures take
    # ``FuturesChain(es).First()`` on 2013-10-06: ESU14 (their Lowest Capacity Asset ES VU1EHIDJYLMP),
    # although the file of 10-04 lists ESZ13 first
    run = run_backtest(_chain_algorithm(2013, 10, 6), lean_data)
    assert run.algorithm.contracts == ["ESU14", "ESZ14", "ESM14", "ESZ13", "ESH14"]


def test_a_missing_file_falls_back_to_an_older_one(lean_data: Path) -> None:
    # 2013-10-15: no file for the previous trading day (10-14); LEAN asks for two daily bars and
    # takes the first, the file of 10-11 (the 2020 contracts of that file are listed as well)
    run = run_backtest(_chain_algorithm(2013, 10, 15), lean_data)
    assert run.algorithm.contracts == [
        "ESU20",
        "ESZ20",
        "ESH21",
        "ESM20",
        "ESU14",
        "ESZ14",
        "ESH20",
        "ESM14",
        "ESZ13",
        "ESH14",
    ]
    assert run.engine.history_data_points == 1


def test_expired_contracts_are_left_out(lean_data: Path) -> None:
    from datetime import date

    state = es_chain_state(lean_data)
    # the file of 12-17 lists the Dec-2013 contract, which expires on 12-20
    assert "ESZ13" in {str(c.symbol) for c in state.chain_from_file(date(2013, 12, 17), date(2013, 12, 20))}
    assert "ESZ13" not in {str(c.symbol) for c in state.chain_from_file(date(2013, 12, 17), date(2013, 12, 21))}


def test_a_slice_chain_iterates_its_contracts_in_lean_key_order() -> None:
    from datetime import date

    from keel.engine.universe import FutureChain
    from keel.model.symbol import Symbol

    canonical = Symbol.create_future("GC", "comex", None)
    oct13, dec13, feb14 = (
        Symbol.create_future("GC", "comex", d) for d in (date(2013, 10, 29), date(2013, 12, 27), date(2014, 2, 26))
    )
    chain = FutureChain(canonical, {oct13: "oct", dec13: "dec", feb14: "feb"})
    # LEAN values GC29V13, GC27Z13, GC26G14: the expiry day decides before the month code
    assert list(chain) == ["feb", "dec", "oct"]
    assert list(chain.contracts) == [feb14, dec13, oct13]
    assert len(chain) == 3 and oct13 in chain


def test_futures_chains_are_keyed_in_lean_key_order(lean_data: Path) -> None:
    class TwoChains(QCAlgorithm):  # noqa: F405
        def initialize(self) -> None:
            self.set_start_date(2013, 10, 8)
            self.set_end_date(2013, 10, 8)
            gold = self.add_future(Futures.Metals.GOLD)  # noqa: F405
            es = self.add_future(Futures.Indices.SP500EMini)  # noqa: F405
            self.keys = [str(s) for s in self.futures_chains([gold.symbol, es.symbol])]

    # LEAN's FuturesChains is a DataDictionary: "/ES" before "/GC" whatever the order asked
    run = run_backtest(TwoChains, lean_data)
    assert run.algorithm.keys == ["/ES", "/GC"]


def test_futures_chains_data_frame_flattened_over_all_chains(lean_data: Path) -> None:
    class FrameOfChains(QCAlgorithm):  # noqa: F405
        def initialize(self) -> None:
            self.set_start_date(2013, 10, 7)
            self.set_end_date(2013, 10, 7)
            es = self.add_future(Futures.Indices.SP500EMini).symbol  # noqa: F405
            gold = self.add_future(Futures.Metals.GOLD).symbol  # noqa: F405
            frame = self.futures_chains([es, gold], flatten=True).data_frame
            self.names = list(frame.index.names)
            self.canonicals = sorted({str(c) for c in frame.index.get_level_values("canonical")})
            self.columns = list(frame.columns)

    algo = run_backtest(FrameOfChains, lean_data).algorithm
    assert algo.names == ["canonical", "symbol"]
    assert algo.canonicals == ["/ES", "/GC"]
    assert {"expiry", "lastprice", "openinterest"} <= set(algo.columns)
