"""Tests for keel.data.symbol_properties."""

from __future__ import annotations

from pathlib import Path

import pytest

from keel.data.symbol_properties import SymbolPropertiesDatabase, SymbolPropertiesNotFoundError
from keel.model.enums import SecurityType


def test_lean_database(lean_data_folder: Path) -> None:
    db = SymbolPropertiesDatabase.from_data_folder(lean_data_folder)
    es = db.get("cme", "ES", SecurityType.FUTURE)
    assert (es.contract_multiplier, es.minimum_price_variation, es.lot_size, es.quote_currency) == (
        50,
        0.25,
        1,
        "USD",
    )
    assert es.description == "E-mini S&P 500 Futures"
    gc = db.get("comex", "GC", SecurityType.FUTURE)
    assert (gc.contract_multiplier, gc.minimum_price_variation) == (100, 0.1)
    spy = db.get("usa", "SPY", SecurityType.EQUITY)  # via usa,[*],equity
    assert spy.minimum_price_variation == 0.01
    with pytest.raises(SymbolPropertiesNotFoundError, match="cme,NOPE,future"):
        db.get("cme", "NOPE", SecurityType.FUTURE)
    assert db.get_or_default("cme", "NOPE", SecurityType.FUTURE).contract_multiplier == 1


def test_builtin_matches_lean_for_shared_roots(lean_data_folder: Path) -> None:
    lean = SymbolPropertiesDatabase.from_data_folder(lean_data_folder)
    builtin = SymbolPropertiesDatabase.builtin()
    for (market, symbol, security_type), props in builtin.rows().items():
        if security_type != SecurityType.FUTURE:
            continue
        other = lean.try_get(market, symbol, security_type)
        if other is None:  # e.g. SR3 is not in LEAN's sample database
            continue
        assert props.contract_multiplier == other.contract_multiplier, symbol
        assert props.minimum_price_variation == pytest.approx(other.minimum_price_variation), symbol


def test_csv_round_trip(tmp_path: Path) -> None:
    builtin = SymbolPropertiesDatabase.builtin()
    path = tmp_path / "spdb.csv"
    path.write_text("\n".join(builtin.to_csv_lines()) + "\n")
    again = SymbolPropertiesDatabase.from_csv(path)
    assert again.rows() == builtin.rows()
