"""Trade records reach the statistics as a lazy view; out-of-order records are still sorted."""

from __future__ import annotations

from datetime import datetime, timedelta

from keel.engine.statistics import TradeRecord, TradeRecordsView, trade_statistics
from keel.securities.portfolio import TradeRecords

T0 = datetime(2021, 3, 1, 14, 30)


def test_view_reads_pairs_as_trade_records() -> None:
    records = TradeRecords()
    records.add(T0, 10.0)
    records.add(T0 + timedelta(minutes=1), -4.0)
    view = TradeRecordsView(records)
    assert len(view) == 2
    assert view[1] == TradeRecord(T0 + timedelta(minutes=1), -4.0)
    assert list(view) == [TradeRecord(T0, 10.0), TradeRecord(T0 + timedelta(minutes=1), -4.0)]
    assert view[0:1] == [TradeRecord(T0, 10.0)]


def test_statistics_equal_for_view_list_and_shuffled_input() -> None:
    pairs = [(T0 + timedelta(minutes=i), pnl) for i, pnl in enumerate((100.0, -50.0, 25.0, -10.0))]
    in_order = trade_statistics(TradeRecordsView(pairs), 100_000)
    as_list = trade_statistics([TradeRecord(t, p) for t, p in pairs], 100_000)
    shuffled = trade_statistics([TradeRecord(t, p) for t, p in reversed(pairs)], 100_000)
    assert in_order == as_list == shuffled
    assert in_order.win_rate == as_list.win_rate and in_order.average_loss < 0
