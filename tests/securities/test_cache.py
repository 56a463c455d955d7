from datetime import datetime

from keel.model.bars import OpenInterest, Tick
from keel.model.enums import TickType
from keel.securities.cache import FutureCache, SecurityCache
from keel.securities.testing import es_symbol, make_future, quote_bar, trade_bar

T0 = datetime(2013, 10, 8, 9, 31)


def test_quote_bar_wins_over_trade_bar_at_same_time_either_order():
    """LEAN prefers the quote bar's mid when a trade and a quote bar share an end time."""
    es = make_future()
    for order in ("tq", "qt"):
        cache = SecurityCache()
        tb = trade_bar(es, T0, 10, 12, 9, 11, 500)
        qb = quote_bar(es, T0, 10.5, 12.5)  # mid 11.5, so the winner shows in the price
        for item in order:
            cache.add_data(tb if item == "t" else qb)
        assert cache.price == 11.5 == qb.close and cache.close == qb.close
        assert cache.bid_price == 10.5 and cache.ask_price == 12.5
        assert cache.volume == 500
        assert cache.get_data(type(tb)) is tb and cache.get_data(type(qb)) is qb
        assert cache.get_data() is qb


def test_trade_bar_alone_and_fill_forward_data_is_not_cached():
    es = make_future()
    cache = SecurityCache()
    real = trade_bar(es, T0, 10, 12, 9, 11, 500)
    cache.add_data(real)
    assert cache.price == 11
    stale = trade_bar(es, T0, 13, 13, 13, 13, 0)
    stale.is_fill_forward = True
    cache.add_data(stale)
    assert cache.price == 11 and cache.get_data(type(real)) is real


def test_quote_bar_alone_sets_mid_price():
    es = make_future()
    cache = SecurityCache()
    cache.add_data(quote_bar(es, T0, 99, 101))
    assert cache.price == 100 and cache.BidPrice == 99 and cache.AskPrice == 101 and cache.has_data


def test_ticks_and_open_interest():
    sym = es_symbol()
    cache = SecurityCache()
    cache.add_data(Tick(sym, T0, TickType.QUOTE, bid_price=1.0, ask_price=1.5, bid_size=3, ask_size=4))
    cache.add_data(Tick(sym, T0, TickType.TRADE, value=1.25, quantity=7))
    assert cache.price == 1.25 and cache.bid_price == 1.0 and cache.ask_size == 4 and cache.volume == 7
    assert len(cache.get_all(Tick)) == 2
    cache.add_data(Tick(sym, datetime(2013, 10, 8, 9, 32), TickType.TRADE, value=1.5))
    assert len(cache.get_all(Tick)) == 1  # a new time step starts a new tick list
    cache.add_data(OpenInterest(sym, T0, 1234))
    assert cache.open_interest == 1234 and cache.price == 1.5


def test_future_cache_tracks_settlement_price():
    es = make_future()
    cache = FutureCache()
    cache.add_data(trade_bar(es, T0, 1, 2, 0.5, 1.75))
    assert cache.settlement_price == 1.75 and cache.SettlementPrice == 1.75


def test_equity_quotes_never_set_the_price():
    """LEAN's IsDefaultDataType: an equity's quote bars are not its default data type."""
    from keel.securities.cache import EquityCache
    from keel.securities.testing import make_equity

    spy = make_equity()
    assert isinstance(spy.cache, EquityCache)
    for order in ("tq", "qt"):
        cache = EquityCache()
        tb = trade_bar(spy, T0, 10, 12, 9, 11, 500)
        qb = quote_bar(spy, T0, 10.5, 11.5)
        for item in order:
            cache.add_data(tb if item == "t" else qb)
        assert cache.price == 11 == cache.close and cache.open == 10
        assert cache.bid_price == 10.5 and cache.ask_price == 11.5
        assert cache.get_data() is tb and cache.get_data(type(qb)) is qb
    alone = EquityCache()
    alone.add_data(quote_bar(spy, T0, 10.5, 11.5))
    assert alone.price == 0 and alone.ask_price == 11.5 and alone.get_data() is None
