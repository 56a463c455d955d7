"""FuncSecuritySeeder, BrokerageModelSecurityInitializer with a seeder, and get_last_known_prices."""

from __future__ import annotations

from datetime import date, datetime

from keel.algorithm.algorithm import QCAlgorithm
from keel.algorithm.seeding import FuncSecuritySeeder, get_last_known_prices
from keel.engine.clock import utc_datetime_to_ns
from keel.engine.engine import Engine
from keel.model.bars import QuoteBar, TradeBar
from keel.model.enums import SecurityType
from keel.model.market import Market
from keel.model.symbol import Symbol
from keel.reality.brokerage_models import DefaultBrokerageModel
from keel.reality.security_initializer import BrokerageModelSecurityInitializer
from keel.securities.testing import make_future, trade_bar

START = datetime(2013, 10, 7, 16, 0)


def test_func_seeder_sets_the_price_from_one_or_many_points() -> None:
    future = make_future()
    seeder = FuncSecuritySeeder(lambda s: trade_bar(s, START, 1, 2, 0.5, 1670.25))
    assert seeder.seed_security(future) is True
    assert future.price == 1670.25
    other = make_future(expiry=date(2014, 3, 21))
    FuncSecuritySeeder(lambda s: [trade_bar(s, START, 1, 2, 0.5, 10.0), None]).SeedSecurity(other)
    assert other.price == 10.0


def test_func_seeder_skips_canonical_and_swallows_errors() -> None:
    canonical = make_future()
    canonical.symbol = Symbol.create("ES", SecurityType.FUTURE, Market.CME)
    calls: list[object] = []
    FuncSecuritySeeder(lambda s: calls.append(s)).seed_security(canonical)
    assert calls == []

    def boom(_security: object) -> None:
        raise RuntimeError("no data")

    future = make_future()
    assert FuncSecuritySeeder(boom).seed_security(future) is True
    assert future.price == 0


def test_brokerage_initializer_runs_the_seeder() -> None:
    future = make_future()
    initializer = BrokerageModelSecurityInitializer(
        DefaultBrokerageModel(), FuncSecuritySeeder(lambda s: trade_bar(s, START, 1, 2, 0.5, 42.0))
    )
    initializer.initialize(future)
    assert future.price == 42.0


def test_get_last_known_prices_reads_trade_and_quote_before_now(lean_data) -> None:
    algorithm = QCAlgorithm()
    Engine(algorithm, lean_data)
    now = datetime(2013, 10, 8, 14, 0)  # 10:00 New York
    algorithm._set_utc_ns(utc_datetime_to_ns(now))
    contract = Symbol.create_future("ES", Market.CME, date(2013, 12, 20))
    prices = get_last_known_prices(algorithm, contract)
    kinds = {type(p) for p in prices}
    assert {TradeBar, QuoteBar} <= kinds
    assert all(p.symbol == contract for p in prices)
    local_now = datetime(2013, 10, 8, 10, 0)
    assert all(p.end_time <= local_now for p in prices)
    trade = next(p for p in prices if type(p) is TradeBar)
    assert trade.end_time == local_now and trade.close > 1000


def test_seed_history_counts_every_point_of_lean_s_bar_count_windows(lean_data) -> None:
    """LEAN's GetLastKnownPrices: 5-bar windows of every data type, open interest read without
    market hours (all of it counts), then a 10-day retry of the types still missing (at the
    resolution of the first of them), then 50 daily bars of everything."""
    from keel.model.enums import Resolution

    algorithm = QCAlgorithm()
    engine = Engine(algorithm, lean_data)
    algorithm.universe_settings.resolution = Resolution.DAILY
    contract = Symbol.create_future("ES", Market.CME, date(2013, 12, 20))

    # Tuesday 10:00 New York: Monday's daily bars and three open interest points (10-06..10-08 00:00 UTC)
    algorithm._set_utc_ns(utc_datetime_to_ns(datetime(2013, 10, 8, 14, 0)))
    prices = get_last_known_prices(algorithm, contract)
    assert {type(p) for p in prices} == {TradeBar, QuoteBar}
    assert engine.history_data_points == 1 + 1 + 3

    # Monday 00:00 New York: no bars in any window, two open interest points in the 5-day and the
    # 50-day windows (the 10-day retry asks for the missing trade and quote bars only)
    engine.history_data_points = 0
    algorithm._set_utc_ns(utc_datetime_to_ns(datetime(2013, 10, 7, 4, 0)))
    assert get_last_known_prices(algorithm, contract) == []
    assert engine.history_data_points == 2 + 0 + 2


def test_seed_initial_prices_skips_securities_that_have_a_price(lean_data) -> None:
    """LEAN's AlgorithmUtils.SeedSecurities seeds only securities whose price is still 0."""
    algorithm = QCAlgorithm()
    engine = Engine(algorithm, lean_data)
    algorithm.settings.seed_initial_prices = True
    algorithm._set_utc_ns(utc_datetime_to_ns(datetime(2013, 10, 8, 14, 0)))
    future = make_future()
    future.set_market_price(trade_bar(future, START, 1, 2, 0.5, 1670.25))
    engine._seed_initial_prices(future)
    assert engine.history_data_points == 0
    unpriced = make_future()
    engine._seed_initial_prices(unpriced)
    assert engine.history_data_points > 0 and unpriced.price > 1000


def test_seeding_a_futures_canonical_counts_its_chain_files(lean_data) -> None:
    """A canonical future added with add_future also has LEAN's daily FutureUniverse subscription:
    GetLastKnownPrices asks it for 5 daily bars too, and each chain file known in that window (the
    midnight after its date, exchange time) is one history data point. Contracts have none."""
    from keel.algorithm.seeding import _count_universe, _universe_config
    from keel.model.enums import Resolution

    algorithm = QCAlgorithm()
    engine = Engine(algorithm, lean_data)
    algorithm._set_utc_ns(utc_datetime_to_ns(datetime(2013, 10, 8, 14, 0)))  # Tuesday 10:00 New York
    canonical = algorithm.add_future("ES", Resolution.DAILY).symbol
    universe = _universe_config(engine, canonical)
    assert universe is not None and universe.resolution == Resolution.DAILY
    assert _universe_config(engine, Symbol.create_future("ES", Market.CME, date(2013, 12, 20))) is None
    engine.history_data_points = 0
    # chain files 10-03, 10-04 and 10-07 are known; 10-08's only at Wednesday midnight
    assert _count_universe(engine, universe, 5)
    assert engine.history_data_points == 3
    engine.history_data_points = 0
    with_universe = get_last_known_prices(algorithm, canonical)
    counted = engine.history_data_points
    engine.chains.pop(canonical)  # the same request without the chain subscription
    engine.history_data_points = 0
    assert [p.end_time for p in get_last_known_prices(algorithm, canonical)] == [p.end_time for p in with_universe]
    assert counted == engine.history_data_points + 3
