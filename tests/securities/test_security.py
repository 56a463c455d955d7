from datetime import datetime, timedelta

from keel.model.bars import Bar, QuoteBar
from keel.securities.testing import feed, make_future, trade_bar

T0 = datetime(2013, 10, 8, 9, 31)


def test_bid_and_ask_fall_back_to_the_price_without_quotes():
    """LEAN's ``Security.BidPrice/AskPrice``: ``Cache.BidPrice == 0 ? Price : Cache.BidPrice``."""
    es = make_future()
    assert es.bid_price == 0 and es.ask_price == 0  # no data at all: the price is 0 too
    feed(es, trade_bar(es, T0, 10, 12, 9, 11, 500))
    assert es.cache.bid_price == 0 and es.cache.ask_price == 0  # the cache itself keeps no quote
    assert es.bid_price == 11 == es.ask_price and es.BidPrice == 11 == es.AskPrice


def test_one_sided_quote_falls_back_to_the_price_on_the_missing_side():
    es = make_future()
    feed(es, trade_bar(es, T0, 10, 12, 9, 11, 500))
    one_sided = QuoteBar(es.symbol, T0, T0 + timedelta(minutes=2), Bar(10.5, 10.5, 10.5, 10.5), 5.0, None, 0.0)
    feed(es, one_sided)
    assert es.bid_price == 10.5
    assert es.ask_price == es.price != 0
