"""LEAN's Python iteration of a ``DataDictionary`` and of a ``Slice`` yields ``KeyValuePair`` entries
(``kvp.key`` / ``kvp.value``), as pythonnet enumerates C#'s ``IEnumerable<KeyValuePair<Symbol, T>>``."""

from __future__ import annotations

from datetime import date, datetime

from keel.model.bars import TradeBar
from keel.model.enums import SecurityType
from keel.model.slice import DataDictionary, KeyValuePair, Slice
from keel.model.symbol import Symbol

ES = Symbol.create_future("ES", "cme", date(2013, 12, 20))
SPY = Symbol.create("SPY", SecurityType.EQUITY, "usa", date(1998, 1, 2))
T0 = datetime(2013, 10, 7, 9, 31)


class _Chain:
    """Stands for a futures chain: iterating it gives its contracts."""

    def __init__(self, *contracts: str) -> None:
        self.contracts = list(contracts)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.contracts)


def test_iterating_a_table_gives_key_value_pairs() -> None:
    table: DataDictionary[_Chain] = DataDictionary()
    table[ES] = _Chain("ESZ13", "ESH14")
    seen = []
    for chain in table:  # a LEAN idiom: ``for chain in slice.future_chains: ... chain.value``
        assert isinstance(chain, KeyValuePair)
        assert chain.key is ES and chain.Key is ES
        seen.extend(chain.value)
        assert chain.Value is chain.value
    assert seen == ["ESZ13", "ESH14"]


def test_pairs_unpack_and_print_as_in_csharp() -> None:
    table: DataDictionary[int] = DataDictionary()
    table[SPY] = 1
    table[ES] = 2
    assert [(symbol, value) for symbol, value in table] == [(ES, 2), (SPY, 1)]
    assert repr(KeyValuePair(SPY, 1)) == "[SPY, 1]"
    # the dict API is unchanged: keys, membership, copies
    assert list(table.keys()) == [ES, SPY]
    assert SPY in table and "SPY" in table
    assert dict(table) == {ES: 2, SPY: 1}


def test_iterating_a_slice_gives_symbol_data_pairs() -> None:
    slice_ = Slice(T0, T0)
    bar = TradeBar(T0, SPY, 1.0, 2.0, 0.5, 1.5, 10.0)
    slice_.bars[SPY] = bar
    pairs = list(slice_)
    assert pairs == [(SPY, bar)]
    assert pairs[0].key is SPY and pairs[0].value is bar
    assert slice_.keys() == [SPY]


def test_slice_get_with_a_data_class_gives_its_table() -> None:
    slice_ = Slice(T0, T0)
    bar = TradeBar(T0, SPY, 1.0, 2.0, 0.5, 1.5, 10.0)
    slice_.bars[SPY] = bar
    assert slice_.get(TradeBar) is slice_.bars  # LEAN's ``slice.get(TradeBar)`` (``Slice.Get(Type)``)
    assert slice_.get(SPY) is bar and slice_.get(ES) is None
