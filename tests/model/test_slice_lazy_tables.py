"""A slice makes its rarely used tables on first read; unmade tables read as empty."""

from __future__ import annotations

import pytest

from keel.model.enums import SecurityType
from keel.model.slice import DataDictionary, Delisting, Slice
from keel.model.symbol import Symbol

ES = Symbol.create("ES", SecurityType.FUTURE, "cme")


def test_unmade_tables_read_as_empty_and_are_kept_once_made() -> None:
    s = Slice.at(0, "UTC")
    assert not s.has_data and len(s) == 0 and ES not in s
    for name in ("ticks", "open_interest", "futures_chains", "symbol_changed_events", "delistings"):
        table = getattr(s, name)
        assert isinstance(table, DataDictionary) and not table
        assert getattr(s, name) is table  # made once, then kept


def test_has_data_sees_a_lazy_table_filled() -> None:
    s = Slice.at(0, "UTC")
    s.delistings[ES] = Delisting(ES, None, Delisting.WARNING)  # type: ignore[arg-type]
    assert s.has_data and s.HasData


def test_unknown_attributes_still_raise() -> None:
    with pytest.raises(AttributeError):
        _ = Slice.at(0, "UTC").no_such_table  # type: ignore[attr-defined]
