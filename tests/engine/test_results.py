"""Tests for keel.engine.results: result folder writing, JSON schema, atomicity, partial results."""

from __future__ import annotations

import json
import math
import os
import stat
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from enum import IntEnum
from pathlib import Path

import pytest

from keel.engine import results as results_mod
from keel.engine.results import (
    BacktestResult,
    atomic_write_text,
    charts_to_json,
    drawdown_series,
    to_jsonable,
    write_results,
)

UTC = UTC
T0 = datetime(2013, 10, 7, 4, tzinfo=UTC)


class Side(IntEnum):
    BUY = 0
    SELL = 1


def sample_result() -> BacktestResult:
    equity = [(T0 + timedelta(days=i), v) for i, v in enumerate([100000.0, 101000.0, 99990.0, 102500.0])]
    return BacktestResult(
        statistics={"Total Orders": "2", "Net Profit": "2.500%"},
        runtime_statistics={"Equity": "$102,500.00"},
        orders=[
            {
                "id": 1,
                "symbol": {"value": "ESZ13"},
                "type": "Market",
                "status": "Filled",
                "quantity": 1,
                "price": Decimal("1688.75"),
                "time": T0,
                "direction": Side.BUY,
                "tag": "",
            },
            {
                "id": 2,
                "symbol": {"value": "ESZ13"},
                "type": "Market",
                "status": "Filled",
                "quantity": -1,
                "price": 1690.5,
                "time": T0 + timedelta(days=2),
                "direction": Side.SELL,
                "tag": "exit",
            },
        ],
        order_events=[{"orderId": 1, "status": "Filled", "fillPrice": 1688.75, "time": T0}],
        charts={
            "Strategy Equity": {"Equity": equity, "Return": [(t, 0.0) for t, _ in equity]},
            "Drawdown": {"Equity Drawdown": drawdown_series(equity)},
            "Benchmark": {"Benchmark": [(t, 1700.0 + i) for i, (t, _) in enumerate(equity)]},
        },
        algorithm_configuration={"name": "TestAlgo", "startDate": T0, "cash": Decimal("100000")},
        logs=["line one", "line two"],
        data_points=1234,
        history_data_points=56,
    )


class TestDrawdownSeries:
    def test_hand_computed(self) -> None:
        eq = [(0, 100.0), (1, 110.0), (2, 99.0), (3, 121.0), (4, 108.9)]
        assert [v for _, v in drawdown_series(eq)] == [0.0, 0.0, -10.0, 0.0, -10.0]
        assert [t for t, _ in drawdown_series(eq)] == [0, 1, 2, 3, 4]

    def test_empty_and_non_positive(self) -> None:
        assert drawdown_series([]) == []
        assert drawdown_series([(0, 0.0), (1, -5.0)]) == [(0, 0.0), (1, 0.0)]


class TestJson:
    def test_to_jsonable(self) -> None:
        doc = to_jsonable(
            {
                "t": T0,
                "d": Decimal("1.5"),
                "nan": float("nan"),
                "e": Side.SELL,
                "s": (1, 2),
                "naive": datetime(2020, 1, 1),
            }
        )
        assert doc == {
            "t": "2013-10-07T04:00:00Z",
            "d": 1.5,
            "nan": None,
            "e": 1,
            "s": [1, 2],
            "naive": "2020-01-01T00:00:00Z",
        }
        json.dumps(doc, allow_nan=False)

    def test_charts_use_unix_seconds(self) -> None:
        out = charts_to_json({"Strategy Equity": {"Equity": [(T0, 1.0), (1381118400, math.inf)]}})
        values = out["Strategy Equity"]["series"]["Equity"]["values"]
        assert values == [[int(T0.timestamp()), 1.0], [1381118400, None]]
        assert out["Strategy Equity"]["name"] == "Strategy Equity"


class TestWriteResults:
    def test_full_result(self, tmp_path: Path) -> None:
        write_results(tmp_path / "out", sample_result())
        folder = tmp_path / "out"
        assert sorted(p.name for p in folder.iterdir()) == [
            "log.txt",
            "order-events.json",
            "report.html",
            "result.json",
        ]
        doc = json.loads((folder / "result.json").read_text(encoding="utf-8"))
        assert list(doc) == [
            "statistics",
            "runtimeStatistics",
            "orders",
            "orderEvents",
            "charts",
            "algorithmConfiguration",
            "dataPoints",
            "historyDataPoints",
        ]
        assert doc["statistics"]["Net Profit"] == "2.500%"
        assert doc["orders"]["2"]["tag"] == "exit"
        assert doc["orders"]["1"]["price"] == 1688.75
        assert doc["orders"]["1"]["time"] == "2013-10-07T04:00:00Z"
        assert doc["dataPoints"] == 1234 and doc["historyDataPoints"] == 56
        eq = doc["charts"]["Strategy Equity"]["series"]["Equity"]["values"]
        assert eq[-1] == [int((T0 + timedelta(days=3)).timestamp()), 102500.0]
        assert doc["charts"]["Drawdown"]["series"]["Equity Drawdown"]["values"][2][1] == pytest.approx(-1.0)
        events = json.loads((folder / "order-events.json").read_text(encoding="utf-8"))
        assert events == [
            {"orderId": 1, "status": "Filled", "fillPrice": 1688.75, "time": "2013-10-07T04:00:00Z"}
        ]
        assert (folder / "log.txt").read_text(encoding="utf-8") == "line one\nline two\n"
        assert "TestAlgo" in (folder / "report.html").read_text(encoding="utf-8")

    def test_partial_result(self, tmp_path: Path) -> None:
        write_results(tmp_path, BacktestResult(logs=["Runtime Error: boom"]))
        doc = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
        assert doc["statistics"] == {} and doc["orders"] == {} and doc["charts"] == {}
        assert (tmp_path / "log.txt").read_text(encoding="utf-8") == "Runtime Error: boom\n"
        assert "<html" in (tmp_path / "report.html").read_text(encoding="utf-8")

    def test_overwrite_leaves_no_temp_files(self, tmp_path: Path) -> None:
        write_results(tmp_path, sample_result())
        write_results(tmp_path, BacktestResult())
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
        assert json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))["dataPoints"] == 0

    def test_report_failure_does_not_lose_results(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import keel.report.html as report_html

        def boom(result: BacktestResult) -> str:
            raise RuntimeError("render <failed>")

        monkeypatch.setattr(report_html, "render_report", boom)
        write_results(tmp_path, sample_result())
        assert json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))["dataPoints"] == 1234
        page = (tmp_path / "report.html").read_text(encoding="utf-8")
        assert "render &lt;failed&gt;" in page

    def test_atomic_write_gives_plain_file_permissions(self, tmp_path: Path) -> None:
        target = tmp_path / "result.json"
        old = os.umask(0o022)
        try:
            atomic_write_text(target, "{}")
        finally:
            os.umask(old)
        assert stat.S_IMODE(target.stat().st_mode) == 0o644

    def test_atomic_write_keeps_old_file_on_error(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        target = tmp_path / "result.json"
        atomic_write_text(target, "old")

        def failing_replace(src: str, dst: object) -> None:
            raise OSError("disk full")

        monkeypatch.setattr(results_mod.os, "replace", failing_replace)
        with pytest.raises(OSError):
            atomic_write_text(target, "new")
        monkeypatch.undo()
        assert target.read_text(encoding="utf-8") == "old"
        assert os.listdir(tmp_path) == ["result.json"]
