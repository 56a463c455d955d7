"""Tests for keel.data.futures.expiry."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keel.data.futures.expiry import (
    UnknownFutureRootError,
    contract_month_from_expiry,
    expiry_from_contract_month,
    known_roots,
    standard_contract_months,
)
from keel.model.symbol import SecurityIdentifier, Symbol


def test_sample_data_expiries() -> None:
    assert expiry_from_contract_month("ES", "cme", date(2013, 12, 1)) == datetime(2013, 12, 20, 13, 30)
    assert expiry_from_contract_month("ES", "cme", date(2014, 3, 1)) == datetime(2014, 3, 21, 13, 30)
    assert expiry_from_contract_month("GC", "comex", date(2013, 10, 1)) == datetime(2013, 10, 29)
    assert expiry_from_contract_month("GC", "comex", date(2013, 12, 1)) == datetime(2013, 12, 27)
    assert expiry_from_contract_month("GC", "comex", date(2014, 2, 1)) == datetime(2014, 2, 26)
    assert expiry_from_contract_month("CL", "nymex", date(2014, 1, 1)) == datetime(2013, 12, 19)
    assert contract_month_from_expiry("CL", date(2013, 12, 19)) == date(2014, 1, 1)


def test_sid_strings() -> None:
    dec = expiry_from_contract_month("ES", "cme", date(2013, 12, 1))
    assert str(Symbol.create_future("ES", "cme", dec).id) == "ES VMKLFZIH2MTD"
    assert (
        str(Symbol.create_future("ES", "cme", expiry_from_contract_month("ES", "cme", date(2014, 3, 1))).id)
        == "ES VP274HSU1AF5"
    )
    assert (
        str(
            Symbol.create_future(
                "GC", "comex", expiry_from_contract_month("GC", "comex", date(2013, 10, 1))
            ).id
        )
        == "GC VL5E74HP3EE5"
    )


@pytest.mark.parametrize(("root", "market"), [("es", "cme"), ("gc", "comex"), ("fesx", "eurex")])
def test_every_map_file_contract_matches_rule(lean_data_folder: Path, root: str, market: str) -> None:
    text = (lean_data_folder / "future" / market / "map_files" / f"{root}.csv").read_text()
    sids = {line.split(",")[1] for line in text.splitlines() if " " in line.split(",")[1]}
    assert sids
    for sid_text in sids:
        sid = SecurityIdentifier.parse(sid_text.upper())
        assert sid.expiry_date is not None
        month = contract_month_from_expiry(root, sid.expiry_date)
        assert expiry_from_contract_month(root, market, month).date() == sid.expiry_date


def test_unknown_root() -> None:
    with pytest.raises(UnknownFutureRootError, match="known roots"):
        expiry_from_contract_month("XX", "cme", date(2020, 3, 1))
    with pytest.raises(KeyError):
        standard_contract_months("XX")


def test_standard_months() -> None:
    assert standard_contract_months("ES") == (3, 6, 9, 12)
    assert len(standard_contract_months("GC")) == 12


@given(st.sampled_from(known_roots()), st.integers(min_value=2000, max_value=2040), st.integers(1, 12))
def test_round_trip_contract_month(root: str, year: int, month: int) -> None:
    contract_month = date(year, month, 1)
    expiry = expiry_from_contract_month(root, None, contract_month)
    assert expiry.weekday() < 5
    assert contract_month_from_expiry(root, expiry) == contract_month
    sid = Symbol.create_future(root, expiry_market(root), expiry).id
    assert SecurityIdentifier.parse(str(sid)) == sid


def expiry_market(root: str) -> str:
    from keel.data.futures.expiry import expiry_rule

    return expiry_rule(root).market
