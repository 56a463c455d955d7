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
