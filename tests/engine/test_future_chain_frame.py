"""``FutureChain.data_frame``: LEAN's flattened ``FuturesChain.DataFrame`` (one row per contract)."""

from __future__ import annotations

from datetime import date, datetime

from keel.data.futures.universe import ChainRow
from keel.engine.universe import ChainFileContract, FutureChain
from keel.model.enums import SecurityType
from keel.model.symbol import Symbol

CANONICAL = Symbol.create("ES", SecurityType.FUTURE, "cme")
DEC = Symbol.create_future("ES", "cme", date(2013, 12, 20))
MAR = Symbol.create_future("ES", "cme", date(2014, 3, 21))


def _row(close: float, open_interest: float) -> ChainRow:
    return ChainRow("201312", close, close, close, close, 10.0, open_interest)


def test_the_frame_has_a_row_per_contract_indexed_by_symbol() -> None:
    contracts = {MAR: ChainFileContract(MAR, _row(1650.0, 5.0)), DEC: ChainFileContract(DEC, _row(1660.0, 7.0))}
    chain = FutureChain(CANONICAL, contracts)
    frame = chain.data_frame
    assert frame.index.name == "symbol"
    assert list(frame.index) == [DEC, MAR]  # the chain's order (LEAN's key order: ES20Z13 < ES21H14)
    columns = ["expiry", "openinterest", "lastprice", "volume", "bidprice", "bidsize", "askprice", "asksize"]
    assert list(frame.columns) == columns
    assert frame.loc[DEC, "lastprice"] == 1660.0 and frame.loc[MAR, "openinterest"] == 5.0
    # the LEAN idiom: filter by expiry, sort, take the first symbol of the index
    soon = frame.loc[frame.expiry <= datetime(2014, 1, 1)]
    picked = soon.sort_values(["expiry", "lastprice"], ascending=[False, True])
    assert picked.index[0] is DEC
    assert chain.DataFrame.equals(frame)


def test_an_empty_chain_still_has_the_columns() -> None:
    frame = FutureChain(CANONICAL, {}).data_frame
    assert frame.empty and "expiry" in frame.columns


def test_contracts_have_leans_base_contract_members() -> None:
    contract = ChainFileContract(DEC, _row(1660.0, 7.0))
    assert contract.underlying_symbol is None and contract.UnderlyingSymbol is None  # a future has none
    assert contract.bid_size == 0.0 == contract.AskSize
