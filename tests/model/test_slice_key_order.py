"""LEAN PR #9105: every ``DataDictionary`` (TradeBars, QuoteBars, Ticks, FuturesChains,
SymbolChangedEvents, Delistings, and the slice's own data) enumerates in ``Symbol.CompareTo`` order:
LEAN's ``Value`` (a futures contract's carries the expiry day), ordinal, ignoring case."""

from __future__ import annotations

from datetime import date, datetime

from keel.model.bars import TradeBar
from keel.model.enums import SecurityType
from keel.model.slice import DataDictionary, Delisting, Slice
from keel.model.symbol import Symbol

# LEAN values: ES20Z13 and ES19U14; insertion order below is the reverse of LEAN's order
ES_DEC13 = Symbol.create_future("ES", "cme", date(2013, 12, 20), date(2013, 12, 1))
ES_SEP14 = Symbol.create_future("ES", "cme", date(2014, 9, 19), date(2014, 9, 1))
SPY = Symbol.create("SPY", SecurityType.EQUITY, "usa", date(1998, 1, 2))
AAPL = Symbol.create("aapl", SecurityType.EQUITY, "usa", date(1998, 1, 2))
T0 = datetime(2013, 10, 7, 9, 31)


def _bar(symbol: Symbol) -> TradeBar:
    return TradeBar(T0, symbol, 1.0, 1.0, 1.0, 1.0, 1.0)


def test_a_data_dictionary_iterates_in_lean_symbol_order() -> None:
    table: DataDictionary[int] = DataDictionary()
    table[SPY] = 1
    table[ES_DEC13] = 2
    table[ES_SEP14] = 3
    table[AAPL] = 4
    expected = [AAPL, ES_SEP14, ES_DEC13, SPY]  # aapl, ES19U14, ES20Z13, SPY (case ignored)
    assert [entry.key for entry in table] == expected  # LEAN's iteration: KeyValuePair entries
    assert list(table.keys()) == expected
    assert list(table.values()) == [4, 3, 2, 1]
    assert [k for k, _ in table.items()] == expected
    assert table.Keys == expected


def test_a_single_entry_table_is_the_plain_dict_view() -> None:
    table: DataDictionary[int] = DataDictionary()
    table[SPY] = 1
    assert type(table.keys()) is type({}.keys())
    assert list(table.items()) == [(SPY, 1)]


def test_slice_keys_values_and_tables_follow_lean_order() -> None:
    slice_ = Slice(T0, T0)
    slice_.bars[ES_DEC13] = _bar(ES_DEC13)
    slice_.bars[SPY] = _bar(SPY)
    slice_.delistings[ES_SEP14] = Delisting(ES_SEP14, T0, Delisting.WARNING)
    assert [entry.key for entry in slice_.bars] == [ES_DEC13, SPY]
    assert slice_.keys() == [ES_SEP14, ES_DEC13, SPY]
    assert [k for k, _ in slice_.items()] == [ES_SEP14, ES_DEC13, SPY]
    assert isinstance(slice_.values()[0], Delisting)
    assert [entry.key for entry in slice_] == [ES_SEP14, ES_DEC13, SPY]


def test_the_security_manager_keeps_insertion_order() -> None:
    # LEAN's SecurityManager is not a DataDictionary: PR #9105 does not order it
    from keel.algorithm.algorithm import SecurityManager

    securities = SecurityManager()
    securities[SPY] = 1
    securities[ES_DEC13] = 2
    assert [entry.key for entry in securities] == [SPY, ES_DEC13]  # LEAN's KeyValuePair entries
    assert list(securities.keys()) == [SPY, ES_DEC13]
    assert list(securities.values()) == [1, 2]
