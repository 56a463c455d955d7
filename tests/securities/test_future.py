from datetime import date, datetime

from keel.model.market import Market
from keel.model.symbol import Symbol
from keel.securities.future import FutureFilterUniverse
from keel.securities.testing import make_future, make_portfolio

NOW = datetime(2013, 10, 8, 12, 0)


def _chain():
    expiries = [
        date(2013, 10, 18),
        date(2013, 12, 20),
        date(2013, 12, 20),
        date(2014, 3, 21),
        date(2014, 6, 20),
    ]
    symbols = [Symbol.create_future("ES", Market.CME, e) for e in expiries[:2]] + [
        Symbol.create_future("ES", Market.CME, e) for e in expiries[3:]
    ]
    weekly = Symbol.create_future("ES", Market.CME, date(2013, 10, 11))
    return symbols, weekly


def test_filter_universe_methods_both_spellings():
    symbols, weekly = _chain()
    standard = lambda s: s != weekly  # noqa: E731
    u = FutureFilterUniverse([*symbols, weekly], NOW, standard)
    assert weekly not in u.symbols  # weeklys excluded by default
    assert [s.id.expiry_date for s in FutureFilterUniverse(symbols, NOW).front_month()] == [date(2013, 10, 18)]
    assert [s.id.expiry_date for s in FutureFilterUniverse(symbols, NOW).BackMonth()] == [date(2013, 12, 20)]
    assert len(FutureFilterUniverse(symbols, NOW).back_months()) == 3
    assert len(FutureFilterUniverse(symbols, NOW).Expiration(0, 90)) == 2
    u2 = FutureFilterUniverse([*symbols, weekly], NOW, standard).include_weeklys().expiration(0, 5)
    assert u2.symbols == [weekly]
    picked = FutureFilterUniverse(symbols, NOW).contracts(lambda cs: cs[-1:])
    assert picked.symbols == [symbols[-1]]
    assert FutureFilterUniverse(symbols, NOW).only_apply_filter_at_market_open().is_dynamic


def test_future_set_filter_and_properties():
    es = make_future(make_portfolio())
    symbols, _ = _chain()
    es.set_filter(0, 90)
    assert len(es.filter_contracts(symbols, NOW)) == 2
    es.SetFilter(lambda u: u.front_month())
    assert es.filter_contracts(symbols, NOW) == [symbols[0]]
    assert es.expiry == datetime(2013, 12, 20) and not es.is_canonical
    es.mapped = symbols[1]
    assert es.Mapped == symbols[1]


def test_contracts_selector_receives_chain_rows_and_may_return_rows_or_symbols() -> None:
    """LEAN's ``universe.contracts(lambda contracts: ...)`` hands ``FutureUniverse`` rows (open
    interest, prices of the chain file); the selection may be rows or symbols."""
    from keel.data.futures.universe import ChainRow, FutureUniverse

    dec = Symbol.create_future("ES", "cme", date(2013, 12, 20), date(2013, 12, 1))
    mar = Symbol.create_future("ES", "cme", date(2014, 3, 21), date(2014, 3, 1))
    when = datetime(2013, 10, 8)
    data = {dec: FutureUniverse(dec, when, ChainRow("201312", 1, 2, 0.5, 1.5, 10, 2703379.0))}
    seen = []
    universe = FutureFilterUniverse([dec, mar], when, data=data)
    universe.contracts(lambda rows: seen.extend(rows) or [r for r in rows if r.open_interest != 0])
    assert universe.symbols == [dec]
    assert [r.symbol for r in seen] == [dec, mar] and seen[1].open_interest == 0.0
    assert FutureFilterUniverse([dec, mar], when).contracts(lambda rows: [mar]).symbols == [mar]
