"""The record store: rows come back exactly across sealed (compressed) chunks, and cost little."""

from __future__ import annotations

import struct

import pytest

from keel.engine.record_store import RecordStore

REC = struct.Struct("=qdi")
ID = struct.Struct("=q")


def _store(rows: int, chunk_rows: int = 8) -> RecordStore:
    store = RecordStore(REC, chunk_rows=chunk_rows, cached_chunks=2)
    for i in range(rows):
        assert store.append(REC.pack(i, i * 0.25, -i)) == i
    return store


def test_rows_round_trip_in_sealed_and_open_chunks() -> None:
    store = _store(37)
    assert len(store) == 37
    for row in (0, 7, 8, 31, 32, 36, 3, 35, 0):  # random order: evicts and re-reads chunks
        assert store.unpack(row) == (row, row * 0.25, -row)
    assert store.unpack_field(20, ID, 0) == (20,)
    assert [r[0] for r in store] == list(range(37))


def test_out_of_range_rows_raise() -> None:
    store = _store(3)
    with pytest.raises(IndexError):
        store.unpack(3)
    with pytest.raises(IndexError):
        store.unpack(-1)


def test_patching_a_sealed_row_survives_eviction() -> None:
    store = _store(40)
    store.pack_into(5, ID, 0, -1)
    store.pack_into(39, ID, 0, -2)  # the open chunk
    for row in (17, 25, 33):  # push chunk 0 out of the cache
        store.unpack(row)
    assert store.unpack(5) == (-1, 1.25, -5)
    assert store.unpack(39)[0] == -2


def test_regular_records_compress_well() -> None:
    store = _store(100_000, chunk_rows=4096)
    assert store.nbytes() < 100_000 * REC.size / 5


def test_order_log_events_round_trip_across_sealed_chunks() -> None:
    from datetime import datetime, timedelta

    from keel.engine.order_log import OrderLog
    from keel.model.enums import OrderDirection, OrderStatus, SecurityType
    from keel.model.orders import OrderEvent
    from keel.model.symbol import Symbol

    es = Symbol.create("ES", SecurityType.FUTURE, "cme")
    t0 = datetime(2021, 3, 1)
    log = OrderLog()
    for i in range(5000):  # more than one 4096-row chunk
        event = OrderEvent(i + 1, es, t0 + timedelta(minutes=i), OrderStatus.FILLED, OrderDirection.BUY, 100.0 + i, 1.0)
        event.id, event.quantity = 1, 1.0
        log.add_event(event, es)
    assert log.event_count == 5000
    for row in (0, 4095, 4096, 4999, 17):
        back = log.event(row, es)
        assert back.order_id == row + 1 and back.fill_price == 100.0 + row
        assert back.utc_time == t0 + timedelta(minutes=row)
    assert log.event_rows(18) == [17] and log.last_event_id(18) == 1
    assert log.nbytes() < 5000 * 67  # the sealed 4096 events are compressed
