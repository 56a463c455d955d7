"""The benchmark series as a Keel dataset: one Parquet contract file plus an always-open market-hours entry.

The peers process every minute of the continuous UTC series (weekends included), so the
benchmark root gets a 24/7 exchange in UTC instead of CME's real hours; everything else in the
market-hours JSON is Keel's built-in table.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np

from keel.data.market_hours.builtin import builtin_document
from keel.data.market_hours.database import MHDB_RELATIVE_PATH, SECURITY_TYPE_KEY_NAMES
from keel.data.parquet import parquet_contract_path, write_parquet_contract
from keel.data.synthetic import generate_benchmark_bars
from keel.model.enums import Resolution, SecurityType, TickType

ROOT = "ES"
MARKET = "cme"
CONTRACT = "202112"  # ESZ21 expires 2021-12-17, after the last bar of the 1M series (2021-12-01)
MINUTE_NS = 60_000_000_000
_ALL_DAY = [{"start": "00:00:00", "end": "1.00:00:00", "state": "market"}]
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True, slots=True)
class BenchDataset:
    """A written benchmark dataset and the run parameters that cover all of its bars."""

    folder: Path
    bars: int
    first_end_ns: int
    last_end_ns: int
    last_close: float

    @property
    def start(self) -> date:
        """UTC date of the first bar's end."""
        return _utc_date(self.first_end_ns - 1)

    @property
    def end(self) -> date:
        """UTC date of the last bar's end (a bar ending at midnight belongs to the day before)."""
        return _utc_date(self.last_end_ns - 1)

    def parameters(self) -> dict[str, str]:
        """``run_backtest`` parameters for the strategies in ``strategies.py``."""
        return {
            "root": ROOT,
            "market": MARKET,
            "contract": CONTRACT,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


def _utc_date(ns: int) -> date:
    return datetime.fromtimestamp(ns / 1e9, tz=UTC).date()


def always_open_entry() -> dict[str, object]:
    """A LEAN market-hours JSON entry: open 24/7, exchange and data time zone UTC, no holidays."""
    entry: dict[str, object] = {"dataTimeZone": "UTC", "exchangeTimeZone": "UTC"}
    for day in _DAYS:
        entry[day] = list(_ALL_DAY)
    entry.update({"holidays": [], "earlyCloses": {}, "lateOpens": {}})
    return entry


def write_market_hours(folder: Path) -> Path:
    """Keel's built-in market hours with the benchmark root replaced by :func:`always_open_entry`."""
    document = builtin_document()
    key = f"{SECURITY_TYPE_KEY_NAMES[SecurityType.FUTURE]}-{MARKET}-{ROOT}"
    document = {**document, "entries": {**document["entries"], key: always_open_entry()}}
    path = folder / MHDB_RELATIVE_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


def write_bars(folder: Path, bars: dict[str, np.ndarray]) -> BenchDataset:
    """Write ``generate_benchmark_bars`` output (``ts`` = close time) as the benchmark contract."""
    folder.mkdir(parents=True, exist_ok=True)
    ts = bars["ts"]
    columns = {"time": ts - MINUTE_NS, **{k: bars[k] for k in ("open", "high", "low", "close", "volume")}}
    write_parquet_contract(folder, MARKET, Resolution.MINUTE, ROOT, CONTRACT, TickType.TRADE, columns)
    write_market_hours(folder)
    return BenchDataset(folder, len(ts), int(ts[0]), int(ts[-1]), float(bars["close"][-1]))


def benchmark_dataset(folder: Path, n: int) -> BenchDataset:
    """The ``n``-bar benchmark dataset in ``folder``; generated and written unless already there."""
    folder = Path(folder)
    stamp = folder / "dataset.json"
    if (
        stamp.is_file()
        and parquet_contract_path(folder, MARKET, Resolution.MINUTE, ROOT, CONTRACT, TickType.TRADE).is_file()
    ):
        info = json.loads(stamp.read_text(encoding="utf-8"))
        if info.get("bars") == n and (folder / MHDB_RELATIVE_PATH).is_file():
            return BenchDataset(folder, n, info["first_end_ns"], info["last_end_ns"], info["last_close"])
    dataset = write_bars(folder, generate_benchmark_bars(n))
    stamp.write_text(
        json.dumps(
            {
                "bars": n,
                "first_end_ns": dataset.first_end_ns,
                "last_end_ns": dataset.last_end_ns,
                "last_close": dataset.last_close,
            }
        ),
        encoding="utf-8",
    )
    return dataset
